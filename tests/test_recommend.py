"""Recommended ties (:mod:`collective_impact.analysis.recommend`): the predicted gain is seen."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import Initiative, Tie
from collective_impact.strategies import initiatives
from test_gaps import healthy


class TestRecommendations:
    def _check(self, init: Initiative) -> None:
        before = ci.assess(init).alignment.index
        for rec in ci.recommend_ties(init, k=3):
            assert rec.index_before == before
            assert rec.gain > 0
            tie = Tie(source=rec.source, target=rec.target, strength=rec.strength)
            after = ci.assess(init.with_ties(tie)).alignment.index
            assert after is not None
            assert after - before == pytest.approx(rec.gain, abs=1e-12)
            assert after == pytest.approx(rec.index_after, abs=1e-12)

    def test_predicted_gain_is_the_gain_seen_on_the_example(self) -> None:
        init = ci.load_example("cradle-to-career")
        recs = ci.recommend_ties(init, k=5)
        assert len(recs) == 5
        assert [r.gain for r in recs] == sorted((r.gain for r in recs), reverse=True)
        self._check(init)

    @given(initiatives(max_partners=6, max_activities=8))
    def test_predicted_gain_is_the_gain_seen(self, init: Initiative) -> None:
        self._check(init)

    def test_tie_to_the_backbone_counts_the_brokered_floor(self) -> None:
        """Healthy without the gov–biz tie and working group: x, y coordinated at 0.3 through
        np. Tying biz to gov directly at strength 1 lifts k to 1: gain (1 − 0.3) · R / R = 0.7."""
        init = healthy().evolve(
            working_groups=(), ties=tuple(t for t in healthy().ties if t.strength == 1.0)
        )
        (rec,) = ci.recommend_ties(init, k=1)
        assert (rec.source, rec.target) == ("biz", "gov")
        assert rec.gain == pytest.approx(0.7)
        assert rec.index_before == pytest.approx(0.3)
        assert rec.to_dict()["index_after"] == pytest.approx(1.0)

    def test_a_prepared_object_gives_the_assessment_s_recommendations(self) -> None:
        init = ci.load_example("workforce")
        assert ci.recommend_ties(ci.prepare(init), k=5) == ci.assess(init).recommendations


def _direct_gains(init: Initiative, strength: float) -> list[tuple[str, str, float]]:
    """Every candidate's gain by the definition, one mask over all the pairs per candidate.

    The change of coordination of every pair with an activity of either partner, summed with
    ``ndarray.sum`` in the order of the pairs: the arithmetic the ranking must reproduce to
    the bit, however it finds those pairs.
    """
    import numpy as np

    prepared = ci.prepare(init)
    arrays, result, config = prepared.arrays, prepared.reinforcement, prepared.config
    pairs, gaps = result.pairs, result.partner_gap_table
    table = arrays.partner_sets
    has = table.members[table.of].toarray() > 0  # activities × partners
    reach = (has & arrays.tied_to_backbone[None, :]).any(axis=1)
    reinforcement = pairs.reinforcement  # derived when read: once
    out = []
    for row in np.flatnonzero(gaps.tie_strength < strength)[:200].tolist():
        p, q = int(gaps.p[row]), int(gaps.q[row])
        has_p, has_q = has[:, p], has[:, q]
        touched = has_p[pairs.a] | has_q[pairs.a] | has_p[pairs.b] | has_q[pairs.b]
        a, b = pairs.a[touched], pairs.b[touched]
        k_old = pairs.coordination[touched]
        across = (has_p[a] & has_q[b]) | (has_q[a] & has_p[b])
        new_k = np.where(across, np.maximum(k_old, strength), k_old)
        if arrays.backbone in (p, q) and config.brokered_coordination > 0:
            after = reach | (has_q if arrays.backbone == p else has_p)
            new_k = np.maximum(new_k, config.brokered_coordination * (after[a] & after[b]))
        counted = reinforcement[touched] * pairs.between[touched]
        gain = float((counted * (new_k - k_old)).sum()) / result.total_reinforcement
        if gain > 0:
            out.append((arrays.partner_ids[p], arrays.partner_ids[q], gain))
    return out


class TestExactGains:
    """The ranking lists only the pairs that change, and places them among all those summed."""

    @pytest.mark.parametrize("seed", range(4))
    @pytest.mark.parametrize("strength", [0.5, 1.0])
    def test_gains_equal_the_definition(self, seed: int, strength: float) -> None:
        from collective_impact.synth import generate

        init = generate(partners=40, activities=400, indicators=20, ties=60, seed=seed)
        ranked = ci.recommend_ties(init, k=200, strength=strength)
        direct = {(s, t): g for s, t, g in _direct_gains(ci.prepare(init).analysed, strength)}
        assert len(direct) > 10
        assert {(r.source, r.target): r.gain for r in ranked} == direct

    @given(initiatives(max_partners=6, max_activities=10))
    def test_gains_equal_the_definition_on_generated_initiatives(self, init: Initiative) -> None:
        direct = {(s, t): g for s, t, g in _direct_gains(ci.prepare(init).analysed, 1.0)}
        ranked = ci.recommend_ties(init, k=200, strength=1.0)
        assert {(r.source, r.target): r.gain for r in ranked} == direct


@given(
    st.lists(st.integers(min_value=0, max_value=40), max_size=300)
    | st.lists(st.integers(min_value=0, max_value=3), max_size=300)
)
def test_positions_grouped_by_owner_are_a_stable_sort(owner: list[int]) -> None:
    """The counting sort through a CSR table is the stable sort by owner (positions ascending
    within an owner), owners repeated or not, some owners with no position."""
    import numpy as np

    from collective_impact.analysis._arrays import _grouped

    array = np.array(owner, dtype=np.int64)
    found = _grouped(array)
    assert found.dtype == np.int64
    assert found.tolist() == np.argsort(array, kind="stable").tolist()


class TestStrengthIsChecked:
    @pytest.mark.parametrize("strength", [1.5, 0.0, -1.0, float("nan")])
    def test_a_strength_outside_zero_one_is_refused(self, strength: float) -> None:
        """A tie of strength 1.5 does not exist, yet its predicted gain, beyond what any real
        tie could give, was returned; 0 or −1 silently returned nothing. Both are now
        refused, as the setting they override would be."""
        init = ci.load_example("cradle-to-career")
        with pytest.raises(ci.ValidationError, match="recommended_tie_strength"):
            ci.recommend_ties(init, strength=strength)
