from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import pickle
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Partner, ScoringConfig, Tie
from collective_impact.analysis._index import build_index
from collective_impact.analysis.reinforcement import total_contributions
from collective_impact.cli import main
from collective_impact.strategies import initiatives
from test_gaps import healthy


class TestConditionScores:
    def test_healthy_by_hand(self) -> None:
        """healthy(): x (gov) and y (biz) both contribute 0.5 to i1 (goal g1, weight 1).

        common agenda: goal coverage 1, focus 1, engagement |{gov, biz}| / 5 = 0.4 → 0.8
        shared measurement: readiness 1 (baseline, target, observation); reporting: the
            aligned partners gov and biz both report → 1; freshness: observed on the as-of
            date → 1 → 1
        mutually reinforcing: d = 0.5 · 0.5 = 0.25, r = 0 (different strategies), R = 0.25,
            k = max(tie 0.8, working group 0.6) = 0.8 → Σ R k / Σ d = 0.8
        continuous communication: connectivity 1, backbone reach 1 (everyone within 2 ties of
            np on the ring), coverage 1 (the x–y pair runs over a 0.8 tie) → 1
        backbone: staffing 1, functions 1 → 1
        overall = (0.8 · 1 · 0.8 · 1 · 1) ** (1/5) = 0.64 ** 0.2
        """
        scores = ci.assess(healthy()).scores
        assert scores.to_dict() == pytest.approx(
            {
                "common_agenda": 0.8,
                "shared_measurement": 1.0,
                "mutually_reinforcing_activities": 0.8,
                "continuous_communication": 1.0,
                "backbone_support": 1.0,
                "overall": 0.64**0.2,
            },
            rel=1e-12,
        )
        assert scores.components["shared_measurement"] == {
            "readiness": 1.0,
            "reporting": 1.0,
            "freshness": 1.0,
        }

    def test_a_missing_condition_zeroes_overall(self) -> None:
        scores = ci.assess(healthy().with_backbone(None)).scores
        assert scores.backbone_support == 0.0
        assert scores.overall == 0.0

    @given(initiatives())
    def test_every_score_in_unit_interval(self, init: Initiative) -> None:
        result = ci.assess(init)
        for value in result.scores.to_dict().values():
            assert 0.0 <= value <= 1.0
        for parts in result.scores.components.values():
            assert all(0.0 <= v <= 1.0 + 1e-12 for v in parts.values())
        if result.alignment.index is not None:
            assert 0.0 <= result.alignment.index <= 1.0 + 1e-12


class TestPhase:
    def test_healthy_is_in_phase_three(self) -> None:
        phase = ci.assess(healthy()).phase
        assert (phase.phase, phase.label) == (3, "III")
        assert phase.unmet() == ()
        assert phase.preconditions.met

    def test_one_reporter_stops_at_phase_two(self) -> None:
        init = healthy()
        only_gov = attrs.evolve(
            init.indicators[0], observations=init.indicators[0].observations[:1]
        )
        phase = ci.assess(init.with_indicators(only_gov)).phase
        assert (phase.phase, phase.label) == (2, "II")
        assert [c.name for c in phase.unmet()] == ["progress reported by at least 2 partners"]

    def test_to_dict(self) -> None:
        data = ci.assess(healthy()).phase.to_dict()
        assert data["label"] == "III"
        assert data["components"]["evaluation"]["III"]["met"] == [
            "progress tracked (half observed after their baseline)",
            "progress reported by at least 2 partners",
        ]
        assert set(data["components"]) == {
            "governance",
            "strategic_planning",
            "community_involvement",
            "evaluation",
        }
        assert data["preconditions"]["champions"] == 1

    def test_nothing_in_place(self) -> None:
        bare = Initiative(name="Bare", partners=[Partner(id="a", name="A", sector="business")])
        phase = ci.assess(bare).phase
        assert phase.phase == 0
        assert phase.label == "none"
        assert not phase.preconditions.met


class TestAssessment:
    def test_to_dict_is_json_safe_with_stable_keys(self) -> None:
        data = ci.assess(ci.load_example("cradle-to-career")).to_dict()
        for key in ("scores", "alignment", "gaps", "phase", "recommendations", "config"):
            assert key in data
        assert list(data["scores"]) == [
            "common_agenda",
            "shared_measurement",
            "mutually_reinforcing_activities",
            "continuous_communication",
            "backbone_support",
            "overall",
        ]
        text = json.dumps(data, allow_nan=False)
        assert json.loads(text) == data
        assert type(data["alignment"]["index"]) is float
        assert type(data["alignment"]["interdependent_pairs"]) is int

    def test_undefined_index_is_null(self) -> None:
        init = Initiative(
            name="Alone",
            partners=[Partner(id="a", name="A", sector="business")],
            activities=[Activity(id="x", name="X", partners=["a"])],
        )
        result = ci.assess(init)
        assert result.alignment.index is None
        assert result.to_dict()["alignment"]["index"] is None
        assert "undefined" in result.summary()
        assert result.recommendations == ()

    def test_as_of_defaults_to_latest_observation(self) -> None:
        """healthy() is observed on 2024-06-01 only. An as_of before that is refused (it used
        to be accepted and judged on no data); after it, it is kept, with its source."""
        assert ci.assess(healthy()).as_of == dt.date(2024, 6, 1)
        later = ci.assess(healthy(), as_of=dt.date(2025, 1, 1))
        assert (later.as_of, later.as_of_source) == (dt.date(2025, 1, 1), "argument")
        with pytest.raises(ci.AsOfError):
            ci.assess(healthy(), as_of=dt.date(2020, 1, 1))

    def test_summary_sections(self) -> None:
        text = ci.assess(ci.load_example("cradle-to-career")).summary()
        for part in ("Conditions (0-1):", "Alignment index:", "Phase:", "Gaps:", "Recommended"):
            assert part in text

    def test_gaps_by(self) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        dups = result.gaps_by(code="duplication")
        assert dups
        assert all(g.code == "duplication" for g in dups)
        assert all(g.severity == "warning" for g in result.gaps_by(severity="warning"))

    def test_pickles(self) -> None:
        result = ci.assess(ci.load_example("workforce"))
        copy = pickle.loads(pickle.dumps(result))
        assert copy.to_dict() == result.to_dict()

    def test_config_changes_numbers(self) -> None:
        init = ci.load_example("cradle-to-career")
        no_paths = ci.assess(init, config=ScoringConfig(pathway_weight=0.0))
        assert no_paths.to_dict()["config"]["pathway_weight"] == 0.0
        assert no_paths.alignment.total_interdependence != pytest.approx(
            ci.assess(init).alignment.total_interdependence
        )


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


class TestPathways:
    def _cycle(self, weight: float) -> Initiative:
        return Initiative(
            name="Cycle",
            partners=[
                Partner(id="p", name="P", sector="other"),
                Partner(id="q", name="Q", sector="other"),
            ],
            indicators=[
                Indicator(id="a", name="A", drives={"b": weight, "c": weight}),
                Indicator(id="b", name="B", drives={"a": weight, "c": weight}),
                Indicator(id="c", name="C", drives={"a": weight, "b": weight}),
            ],
            goals=[Goal(id="g", statement="G", indicators=["c"])],
            activities=[
                Activity(id="x", name="X", partners=["p"], contributes={"a": 1.0}),
                Activity(id="y", name="Y", partners=["q"], contributes={"b": 0.5, "c": 0.3}),
            ],
        )

    def test_divergent_cycle_names_it(self) -> None:
        """Complete graph on 3 indicators with w = 1: ρ(W) = 2, ρ(0.5 W) = 1: diverges."""
        with pytest.raises(ci.PathwayError) as info:
            ci.assess(self._cycle(1.0))
        err = info.value
        assert isinstance(err, ValueError)
        assert set(err.cycle) <= {"a", "b", "c"}
        assert len(err.cycle) >= 2
        assert err.spectral_radius == pytest.approx(1.0)
        assert " -> ".join(err.cycle) in str(err)
        assert pickle.loads(pickle.dumps(err)).cycle == err.cycle

    def test_convergent_cycle_equals_the_dense_inverse(self) -> None:
        init = self._cycle(0.6)
        index = build_index(init)
        total = total_contributions(index, 0.5).toarray()
        w = index.pathways.toarray()
        expected = index.contributions.toarray() @ np.linalg.inv(np.eye(3) - 0.5 * w)
        np.testing.assert_allclose(total, expected, rtol=1e-12, atol=1e-14)
        assert ci.assess(init).alignment.index is not None

    def test_acyclic_series_is_exact(self) -> None:
        """a → b → c with w = 0.8, λ = 0.5: c̃(x) = (1, 0.4, 0.16)."""
        init = Initiative(
            name="Chain",
            partners=[Partner(id="p", name="P", sector="other")],
            indicators=[
                Indicator(id="a", name="A", drives={"b": 0.8}),
                Indicator(id="b", name="B", drives={"c": 0.8}),
                Indicator(id="c", name="C"),
            ],
            activities=[Activity(id="x", name="X", partners=["p"], contributes={"a": 1.0})],
        )
        total = total_contributions(build_index(init), 0.5).toarray()
        assert total.tolist() == [[1.0, 0.4, pytest.approx(0.16, rel=1e-15)]]


class TestScoringConfig:
    def test_ranges_checked_all_at_once(self) -> None:
        with pytest.raises(ci.ValidationError) as info:
            ScoringConfig(pathway_weight=1.0, weak_tie=0, min_funding_years=-1)
        assert [p.path for p in info.value.problems] == [
            "pathway_weight",
            "weak_tie",
            "min_funding_years",
        ]

    def test_from_dict(self) -> None:
        assert ScoringConfig.from_dict({"weak_tie": 0.5}).weak_tie == 0.5
        with pytest.raises(ci.ValidationError, match="did you mean 'weak_tie'"):
            ScoringConfig.from_dict({"weak_ties": 0.5}, source="c.yaml")

    def test_to_dict_and_schema(self) -> None:
        data = ScoringConfig().to_dict()
        assert data["pathway_weight"] == 0.5
        assert set(ScoringConfig.json_schema()["properties"]) == set(data)


class TestCli:
    def test_assess_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["assess", "--example", "cradle-to-career"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Assessment of Cradle to Career Example")
        assert "Recommended ties:" in out

    def test_assess_json_with_config(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        config = tmp_path / "config.toml"
        config.write_text("pathway_weight = 0.0\nweak_tie = 0.5\n")
        code = main(["assess", "--example", "workforce", "--json", "--config", str(config)])
        assert code == 0
        data = json.loads(capsys.readouterr().out)
        assert data["config"]["weak_tie"] == 0.5
        assert data["as_of"] == "2010-12-31"

    def test_bad_config(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        config = tmp_path / "config.yaml"
        config.write_text("weak_tie: 2\n")
        assert main(["assess", "--example", "workforce", "--config", str(config)]) == 1
        err = capsys.readouterr().err
        assert "config.yaml" in err
        assert "weak_tie: expected a number in (0, 1], got 2" in err

    def test_as_of(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["assess", "--example", "workforce", "--json", "--as-of", "2008-01-01"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["as_of"] == "2008-01-01"
        assert main(["assess", "--example", "workforce", "--as-of", "soon"]) == 1
        assert "--as-of: expected a date" in capsys.readouterr().err


@given(st.sampled_from(["cradle-to-career", "workforce"]))
def test_assessment_is_deterministic(name: str) -> None:
    init = ci.load_example(name)
    assert ci.assess(init).to_dict() == ci.assess(init).to_dict()
    assert math.isfinite(ci.assess(init).scores.overall)


class TestBlocks:
    """The engine scores activities block by block to bound memory; blocks change no number."""

    @given(initiatives(), st.sampled_from([1, 7, 50]))
    def test_any_block_size_gives_the_same_pairs(self, init: Initiative, budget: int) -> None:
        from collective_impact.analysis.reinforcement import _pair_scores, _row_blocks

        index = build_index(init)
        config = ScoringConfig()
        total = total_contributions(index, config.pathway_weight)
        one = _pair_scores(index, config, total, budget=10**12)
        many = _pair_scores(index, config, total, budget=budget)
        assert len(_row_blocks(total, 10**12)) <= 1
        for name in ("a", "b"):
            np.testing.assert_array_equal(getattr(one, name), getattr(many, name))
        for name in ("interdependence", "conflict", "redundancy", "reinforcement", "coordination"):
            np.testing.assert_allclose(getattr(one, name), getattr(many, name), rtol=1e-12)

    def test_blocks_cover_every_activity_once(self) -> None:
        from collective_impact.analysis.reinforcement import _row_blocks

        index = build_index(ci.load_example("cradle-to-career"))
        total = total_contributions(index, 0.5)
        blocks = _row_blocks(total, 20)
        assert blocks[0][0] == 0
        assert blocks[-1][1] == total.shape[0]
        assert all(lo < hi for lo, hi in blocks)
        assert all(prev[1] == nxt[0] for prev, nxt in itertools.pairwise(blocks))
        assert len(blocks) > 1


class TestProgress:
    def test_progress_bar_over_blocks(self, capsys: pytest.CaptureFixture[str]) -> None:
        from collective_impact.analysis.reinforcement import _pair_scores

        init = ci.load_example("cradle-to-career")
        index = build_index(init)
        total = total_contributions(index, 0.5)
        quiet = _pair_scores(index, ScoringConfig(), total, budget=20)
        assert capsys.readouterr().err == ""
        loud = _pair_scores(index, ScoringConfig(), total, budget=20, progress=True)
        assert "scoring pairs" in capsys.readouterr().err
        np.testing.assert_array_equal(quiet.reinforcement, loud.reinforcement)

    def test_assess_progress_changes_nothing(self, capsys: pytest.CaptureFixture[str]) -> None:
        init = ci.load_example("workforce")
        assert ci.assess(init, progress=True).to_dict() == ci.assess(init).to_dict()
        assert "scoring pairs" in capsys.readouterr().err
        assert main(["assess", "--example", "workforce", "--progress"]) == 0
