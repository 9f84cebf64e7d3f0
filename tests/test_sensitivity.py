"""Tests of :func:`collective_impact.sensitivity` and ``Assessment.with_sensitivity``.

The scoring semantics change independently of this analysis, so no engine score is hard-coded:
the sampler, Kendall's tau and the bookkeeping are tested on their own terms, and the full study
only against invariants (determinism, spread 0 reproduces the baseline, JSON-safe output).
"""

from __future__ import annotations

import json
import math

import attrs
import pytest

import collective_impact as ci
from collective_impact import ScoringConfig, ValidationError
from collective_impact.cli import main
from collective_impact.sensitivity import (
    FIXED_FIELDS,
    _perturbable,
    _perturbed_configs,
    _top_k_tau,
)


@pytest.fixture(scope="module")
def workforce() -> ci.Initiative:
    return ci.load_example("workforce")


@pytest.fixture(scope="module")
def study(workforce: ci.Initiative) -> ci.Sensitivity:
    return ci.sensitivity(workforce, samples=8, seed=3)


def _config_values(config: ScoringConfig) -> dict[str, float]:
    return {f.name: getattr(config, f.name) for f in attrs.fields(ScoringConfig)}


class TestPerturbedConfigs:
    @pytest.mark.parametrize("spread", [0.0, 0.1, 0.2, 0.5])
    def test_every_value_within_spread_of_the_baseline(self, spread: float) -> None:
        base = ScoringConfig()
        names = {b.name for b in _perturbable(base)}
        before = _config_values(base)
        for config, _ in _perturbed_configs(base, spread=spread, samples=50, seed=7):
            for name, value in _config_values(config).items():
                if name in names:
                    assert abs(value - before[name]) <= spread * abs(before[name]) + 1e-12, name
                else:
                    assert value == before[name], name

    def test_values_stay_in_their_valid_range(self) -> None:
        """Draws above a hard upper bound are clipped to it (an exclusive bound just inside)."""
        base = ScoringConfig(pathway_weight=0.95, unspecified_overlap=1.0, weak_tie=0.9)
        seen_clipped: set[str] = set()
        for config, clipped in _perturbed_configs(base, spread=0.3, samples=100, seed=0):
            assert config.pathway_weight < 1.0
            assert config.unspecified_overlap <= 1.0
            assert config.weak_tie <= 1.0
            seen_clipped |= clipped
        assert {"pathway_weight", "unspecified_overlap", "weak_tie"} <= seen_clipped

    def test_statistical_levels_and_the_proposed_tie_are_left_alone(self) -> None:
        names = {b.name for b in _perturbable(ScoringConfig())}
        assert names.isdisjoint(FIXED_FIELDS)
        assert "prediction_level" not in names
        assert "recommended_tie_strength" not in names
        assert {"pathway_weight", "weak_tie", "duplication_threshold"} <= names

    def test_same_seed_same_draws(self) -> None:
        first = [c for c, _ in _perturbed_configs(ScoringConfig(), spread=0.2, samples=5, seed=1)]
        again = [c for c, _ in _perturbed_configs(ScoringConfig(), spread=0.2, samples=5, seed=1)]
        assert first == again

    def test_different_seed_different_draws(self) -> None:
        first = [c for c, _ in _perturbed_configs(ScoringConfig(), spread=0.2, samples=5, seed=1)]
        other = [c for c, _ in _perturbed_configs(ScoringConfig(), spread=0.2, samples=5, seed=2)]
        assert first != other

    def test_spread_zero_gives_the_baseline(self) -> None:
        base = ScoringConfig()
        assert all(c == base for c, _ in _perturbed_configs(base, spread=0.0, samples=4, seed=0))


class TestTopKTau:
    def test_hand_computed_without_ties(self) -> None:
        """baseline [A, B, C] and sample [B, A, D]; union A, B, C, D.

        Ranks (an item missing from a list gets that list's length, 3):
        x = (A 0, B 1, C 2, D 3), y = (A 1, B 0, C 3, D 2).
        Pairs: AB discordant, AC concordant, AD concordant, BC concordant, BD concordant,
        CD discordant: n_c = 4, n_d = 2, no ties, tau_b = (4 - 2) / sqrt(6 * 6) = 1/3.
        """
        assert _top_k_tau(["A", "B", "C"], ["B", "A", "D"]) == pytest.approx(1 / 3)

    def test_hand_computed_with_ties(self) -> None:
        """baseline [A, B] and sample [C, D]; union A, B, C, D; missing items rank 2.

        x = (A 0, B 1, C 2, D 2), y = (A 2, B 2, C 0, D 1).
        AB tied in y; CD tied in x; AC, AD, BC, BD discordant: n_c = 0, n_d = 4.
        n_0 = 6, n_1 = 1 (tied in x), n_2 = 1 (tied in y):
        tau_b = (0 - 4) / sqrt((6 - 1) * (6 - 1)) = -4/5.
        """
        assert _top_k_tau(["A", "B"], ["C", "D"]) == pytest.approx(-0.8)

    def test_same_order_is_one(self) -> None:
        assert _top_k_tau(["A", "B", "C"], ["A", "B", "C"]) == 1.0
        assert _top_k_tau(["A"], ["A"]) == 1.0

    def test_reverse_order_is_minus_one(self) -> None:
        assert _top_k_tau(["A", "B", "C"], ["C", "B", "A"]) == pytest.approx(-1.0)

    def test_undefined_when_a_list_is_empty(self) -> None:
        assert _top_k_tau([], []) is None
        assert _top_k_tau(["A", "B"], []) is None
        assert _top_k_tau([], ["A"]) is None

    def test_tuples_identify_items(self) -> None:
        """Gaps are identified by tuples when they have no key: (code, subjects)."""
        a, b = ("duplication", ("x", "y")), ("isolated-partner", ("p",))
        assert _top_k_tau([a, b], [b, a]) == pytest.approx(-1.0)


class TestSensitivity:
    def test_same_seed_same_result(self, workforce: ci.Initiative, study: ci.Sensitivity) -> None:
        again = ci.sensitivity(workforce, samples=8, seed=3)
        assert again.to_dict() == study.to_dict()
        assert again == study

    def test_records_its_parameters(self, study: ci.Sensitivity) -> None:
        assert (study.samples, study.spread, study.seed, study.top) == (8, 0.2, 3, 5)
        assert study.perturbed == tuple(b.name for b in _perturbable(ScoringConfig()))
        assert set(study.clipped) <= set(study.perturbed)
        assert set(study.fixed).isdisjoint(study.perturbed)
        assert "prediction_level" in study.fixed

    def test_ranges_are_ordered(self, study: ci.Sensitivity) -> None:
        for r in [*study.scores.values(), study.alignment_index]:
            if r.defined:
                assert r.min is not None
                assert r.low is not None
                assert r.high is not None
                assert r.max is not None
                assert r.min <= r.low <= r.high <= r.max
                assert r.defined <= study.samples

    def test_covers_every_score(self, study: ci.Sensitivity) -> None:
        keys = list(ci.assess(ci.load_example("workforce")).scores.to_dict())
        assert list(study.scores) == keys

    def test_baseline_is_the_assessment(self, workforce: ci.Initiative) -> None:
        base = ci.assess(workforce)
        result = ci.sensitivity(workforce, samples=2)
        for key, value in base.scores.to_dict().items():
            assert result.scores[key].baseline == value
        assert result.alignment_index.baseline == base.alignment.index
        assert result.as_of == base.as_of
        assert len(result.gaps.items) == min(5, len(base.gaps))
        assert len(result.recommendations.items) == min(5, len(base.recommendations))

    def test_stay_rates_are_shares(self, study: ci.Sensitivity) -> None:
        for rank in (study.gaps, study.recommendations):
            assert len(rank.stay) == len(rank.items) <= rank.k
            assert all(0.0 <= s <= 1.0 for s in rank.stay)
            if rank.tau_mean is not None:
                assert rank.tau_min is not None
                assert -1.0 <= rank.tau_min <= rank.tau_mean <= 1.0

    @pytest.mark.parametrize("name", ["workforce", "cradle-to-career"])
    def test_spread_zero_reproduces_the_baseline(self, name: str) -> None:
        result = ci.sensitivity(ci.load_example(name), samples=3, spread=0.0, top=4)
        assert result.clipped == ()
        for r in [*result.scores.values(), result.alignment_index]:
            assert r.defined == 3
            assert r.low == r.high == r.min == r.max == r.baseline
            assert r.width == 0.0
        for rank in (result.gaps, result.recommendations):
            assert rank.items
            assert rank.stay == (1.0,) * len(rank.items)
            assert rank.tau_mean == rank.tau_min == 1.0
            assert rank.defined == 3

    def test_undefined_index_and_no_recommendations(self) -> None:
        lone = ci.Initiative(
            name="Lone", partners=[ci.Partner(id="a", name="A", sector="nonprofit")]
        )
        result = ci.sensitivity(lone, samples=3)
        assert result.alignment_index == ci.ScoreRange(
            baseline=None, low=None, high=None, min=None, max=None, defined=0
        )
        assert result.recommendations.items == ()
        assert result.recommendations.tau_mean is None
        assert "top 5 recommended ties: none" in result.summary()
        json.dumps(result.to_dict(), allow_nan=False)

    def test_to_dict_is_json_safe(self, study: ci.Sensitivity) -> None:
        data = study.to_dict()
        text = json.dumps(data, allow_nan=False)
        assert json.loads(text) == data
        assert set(data) >= {"scores", "alignment_index", "gaps", "recommendations", "perturbed"}

        def plain(value: object) -> None:
            if isinstance(value, dict):
                for v in value.values():
                    plain(v)
            elif isinstance(value, list):
                for v in value:
                    plain(v)
            else:
                assert value is None or type(value) in (str, int, float, bool), type(value)
                if isinstance(value, float):
                    assert math.isfinite(value)

        plain(data)

    def test_summary_names_every_score(self, study: ci.Sensitivity) -> None:
        text = study.summary()
        assert "8 samples" in text
        assert "±20%" in text
        for key in study.scores:
            assert key.replace("_", " ") in text
        assert "alignment index" in text
        assert "Kendall tau" in text

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"spread": 1.0}, "spread"),
            ({"spread": -0.1}, "spread"),
            ({"samples": 0}, "samples"),
            ({"seed": -1}, "seed"),
            ({"top": 0}, "top"),
            ({"samples": 2.5}, "samples"),
        ],
    )
    def test_bad_arguments(
        self, workforce: ci.Initiative, kwargs: dict[str, float], field: str
    ) -> None:
        with pytest.raises(ValidationError) as info:
            ci.sensitivity(workforce, **kwargs)
        assert [p.path for p in info.value.problems] == [field]


class TestWithSensitivity:
    def test_attaches_a_study_to_a_new_assessment(self, workforce: ci.Initiative) -> None:
        base = ci.assess(workforce)
        result = base.with_sensitivity(samples=4, seed=2)
        assert base.sensitivity is None
        assert result.sensitivity == ci.sensitivity(
            workforce, config=base.config, as_of=base.as_of, samples=4, seed=2
        )
        assert result.scores == base.scores
        assert result.gaps == base.gaps

    def test_to_dict_and_summary_include_it_only_when_present(
        self, workforce: ci.Initiative
    ) -> None:
        base = ci.assess(workforce)
        assert "sensitivity" not in base.to_dict()
        assert "Sensitivity" not in base.summary()
        result = base.with_sensitivity(samples=3)
        assert result.sensitivity is not None
        data = result.to_dict()
        assert data["sensitivity"] == result.sensitivity.to_dict()
        json.dumps(data, allow_nan=False)
        assert result.summary().startswith(base.summary())
        assert result.summary().endswith(result.sensitivity.summary())

    def test_uses_the_assessment_config(self, workforce: ci.Initiative) -> None:
        config = ScoringConfig(weak_tie=0.5)
        result = ci.assess(workforce, config=config).with_sensitivity(samples=2, spread=0.0)
        assert result.sensitivity is not None
        assert result.sensitivity.alignment_index.baseline == result.alignment.index


class TestCli:
    def test_sensitivity_flag(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["assess", "--example", "workforce", "--sensitivity", "3", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["sensitivity"]["samples"] == 3

    def test_sensitivity_flag_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["assess", "--example", "workforce", "--sensitivity", "2"]) == 0
        assert "Sensitivity to weights and thresholds (2 samples" in capsys.readouterr().out

    def test_bad_sample_count(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A usage error of the option (exit 2), in its own words, not the library's."""
        with pytest.raises(SystemExit) as info:
            main(["assess", "--example", "workforce", "--sensitivity", "0"])
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert "argument --sensitivity: expected a whole number of samples from 1, not '0'" in err
