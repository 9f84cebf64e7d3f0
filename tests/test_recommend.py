"""Recommended ties (:mod:`collective_impact.analysis.recommend`): the predicted gain is seen."""

from __future__ import annotations

import pytest
from hypothesis import given

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
