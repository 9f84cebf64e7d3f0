from __future__ import annotations

import copy
import datetime as dt
import gc
import itertools
import json
import math
import pickle
import re
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
import scipy
from hypothesis import example, given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Partner, ScoringConfig
from collective_impact.analysis._arrays import build_arrays
from collective_impact.analysis.reinforcement import total_contributions
from collective_impact.cli import main
from collective_impact.strategies import initiatives
from test_gaps import healthy


def without_software(data: dict[str, Any]) -> dict[str, Any]:
    """Return ``to_dict()`` without ``software``: the numbers, not what computed them."""
    return {k: v for k, v in data.items() if k != "software"}


class TestAssessment:
    def test_assess_and_to_dict_restore_the_garbage_collector(self) -> None:
        """Both pause the collector while they build objects, and restore it as it was."""
        init = ci.load_example("cradle-to-career")
        assert gc.isenabled()
        data = ci.assess(init).to_dict()
        assert gc.isenabled()
        gc.disable()
        try:
            assert ci.assess(init).to_dict() == data
            assert not gc.isenabled()
        finally:
            gc.enable()

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

    def test_to_dict_names_the_initiative_and_the_software(self) -> None:
        """A result file said neither what it was of nor what computed it (a reviewer writing
        as a researcher): two results of other initiatives or other versions looked alike."""
        init = ci.load_example("workforce")
        data = ci.assess(init).to_dict()
        assert data["initiative"] == init.name
        assert data["software"] == {
            "name": "collective_impact",
            "version": ci.__version__,
            "libraries": {"numpy": np.__version__, "scipy": scipy.__version__},
        }

    def test_the_numerical_libraries_are_recorded_when_computed(self) -> None:
        """docs/studies.md says a result is reproduced with the same NumPy, yet no result
        said which NumPy or SciPy computed it (noticed by a reviewer taking a researcher's
        view). They are recorded when the assessment is computed, written in ``software``,
        kept through a pickle, and unknown (``null``) for one pickled before; they are what
        computed the numbers, not the numbers: not counted in ``==``."""
        result = ci.assess(ci.load_example("workforce"))
        assert result.libraries == (("numpy", np.__version__), ("scipy", scipy.__version__))
        other = attrs.evolve(result, libraries=(("numpy", "0.0"), ("scipy", "0.0")))
        assert other.to_dict()["software"]["libraries"] == {"numpy": "0.0", "scipy": "0.0"}
        assert without_software(other.to_dict()) == without_software(result.to_dict())
        back = pickle.loads(pickle.dumps(other))
        assert back.libraries == other.libraries
        state = result.__getstate__()
        del state["libraries"]
        earlier = object.__new__(ci.Assessment)
        earlier.__setstate__(state)
        assert earlier.to_dict()["software"]["libraries"] is None
        assert without_software(earlier.to_dict()) == without_software(result.to_dict())

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
        for part in (
            "First things first (",
            "Conditions (0 = absent, 1 = fully in place)",
            "Alignment index:",
            "Phase I — Initiate action",
            "To reach Phase II — Organize for impact",
            "The gaps in detail",
            "Recommended ties",
        ):
            assert part in text

    def test_a_kind_of_mixed_severities_says_how_many_of_each(self) -> None:
        """A kind of three gaps or more is one line, marked by its first gap: four coordination
        gaps, three critical and one a warning, were all marked "!!" (found by a reviewer).
        cradle-to-career has 7 off-track-indicator gaps, 6 warnings and 1 note; with the
        warnings made critical the line is "!!" and says "(6 critical, 1 note)"."""
        result = ci.assess(ci.load_example("cradle-to-career"))
        line = next(x for x in result.summary().splitlines() if "indicators off track" in x)
        assert line.strip().startswith("! 7 indicators off track or at risk (6 warnings, 1 note)")
        from collective_impact.report import _gap_lines

        gaps = [
            attrs.evolve(g, severity=ci.Severity.CRITICAL) if g.severity == "warning" else g
            for g in result.gaps
            if g.code == "off-track-indicator"
        ]
        ((mark, line),), left = _gap_lines(gaps, None)
        assert mark == "!!"
        assert line.startswith("7 indicators off track or at risk (6 critical, 1 note): ")
        assert left == 0
        ((mark, line),), _ = _gap_lines(gaps[:1] * 3, None)  # one severity: no count of each
        assert (mark, line.startswith("3 indicators off track or at risk: ")) == ("!!", True)

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
        index = build_arrays(init)
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
        total = total_contributions(build_arrays(init), 0.5).toarray()
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

    def test_critical_share_not_below_the_flagged_share(self) -> None:
        """A critical share below the flagged one made every flagged gap critical: refused.

        With ``gap_share_threshold`` 0.2 and ``critical_gap_share`` 0.1, a pair losing 0.15
        of the reinforcement was not flagged, while one losing 0.21 was flagged *critical*:
        which share is "critical" depended on which threshold a reader looked at. Equal
        shares are accepted (every flagged gap critical, as asked).
        """
        with pytest.raises(ci.ValidationError) as info:
            ScoringConfig(gap_share_threshold=0.2, critical_gap_share=0.1)
        assert [(p.path, p.code.value) for p in info.value.problems] == [
            ("critical_gap_share", "inconsistent")
        ]
        assert "0.1 is below gap_share_threshold 0.2" in str(info.value)
        assert (
            ScoringConfig(gap_share_threshold=0.1, critical_gap_share=0.1).critical_gap_share == 0.1
        )
        # a share out of range is the problem, not the order it then breaks
        with pytest.raises(ci.ValidationError) as info:
            ScoringConfig.from_dict(
                {"gap_share_threshold": 0.2, "critical_gap_share": 1.5}, source="c.toml"
            )
        assert [p.path for p in info.value.problems] == ["critical_gap_share"]
        assert "expected a number in [0, 1]" in str(info.value)

    def test_to_dict_and_schema(self) -> None:
        data = ScoringConfig().to_dict()
        assert data["pathway_weight"] == 0.5
        assert set(ScoringConfig.json_schema()["properties"]) == set(data)


class TestCli:
    def test_assess_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["assess", "--example", "cradle-to-career"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Cradle to Career Example: assessment as of 2026-09-30")
        assert "\nRecommended ties\n" in out

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

    def test_config_from_an_earlier_result(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--config assessment.json`` reads the settings the result records (its 13 keys
        were 13 "unknown key" problems): the same numbers again, bit for bit."""
        config = tmp_path / "weights.toml"
        config.write_text("weak_tie = 0.45\npathway_weight = 0.25\n")
        args = ["assess", "--example", "workforce", "--json"]
        assert main([*args, "--config", str(config)]) == 0
        first = capsys.readouterr().out
        result = tmp_path / "assessment.json"
        result.write_text(first, encoding="utf-8")
        assert main([*args, "--config", str(result)]) == 0
        assert capsys.readouterr().out == first
        broken = json.loads(first)
        broken["config"]["weak_tie"] = 2
        result.write_text(json.dumps(broken), encoding="utf-8")
        assert main([*args, "--config", str(result)]) == 1
        err = capsys.readouterr().err
        assert "assessment.json, key config" in err
        assert "weak_tie: expected a number in (0, 1], got 2" in err

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
        # a malformed date is wrong usage (status 2); other ISO 8601 forms date.fromisoformat
        # reads are not taken either: 2008-W01-2 is 1 January
        for other in ("soon", "20080101", "2008-W01-2"):
            with pytest.raises(SystemExit) as info:
                main(["assess", "--example", "workforce", "--as-of", other])
            assert info.value.code == 2
            assert "--as-of: expected a date (YYYY-MM-DD)" in capsys.readouterr().err


@given(st.sampled_from(ci.list_examples()))
def test_assessment_is_deterministic(name: str) -> None:
    init = ci.load_example(name)
    assert ci.assess(init).to_dict() == ci.assess(init).to_dict()
    assert math.isfinite(ci.assess(init).scores.overall)


class TestBlocks:
    """The engine scores activities block by block to bound memory; blocks change no number."""

    @given(initiatives(), st.sampled_from([1, 7, 50]))
    def test_any_block_size_gives_the_same_pairs(self, init: Initiative, budget: int) -> None:
        from collective_impact.analysis.reinforcement import _pair_scores, _row_blocks

        index = build_arrays(init)
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

        index = build_arrays(ci.load_example("cradle-to-career"))
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
        index = build_arrays(init)
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


#: The values of a JSON tree, and those it cannot hold: lone surrogates, integers beyond 64
#: bits, non-finite floats.
_JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text()
)


class TestToJson:
    """``Assessment.to_json`` writes what ``to_dict`` holds, as strict JSON, atomically."""

    def test_the_file_is_to_dict(self, tmp_path: Path) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        out = tmp_path / "result.json"
        result.to_json(out)
        text = out.read_text(encoding="utf-8")
        assert "\n" not in text  # one line by default
        assert json.loads(text) == json.loads(json.dumps(result.to_dict()))
        result.to_json(out, indent=2)
        assert json.loads(out.read_text(encoding="utf-8")) == json.loads(text)
        assert out.read_text(encoding="utf-8").startswith('{\n  "')

    def test_undefined_numbers_are_null(self) -> None:
        from collective_impact._terminal import strict_json

        assert strict_json({"a": [1.5, float("nan")], "b": (float("inf"),)}, indent=None) == (
            '{"a": [1.5, null], "b": [null]}'
        )
        assert strict_json({"a": (1, 2)}, indent=None) == '{"a": [1, 2]}'

    def test_orjson_and_the_standard_library_write_the_same_tree(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from collective_impact.io import native

        assert native._orjson is not None, "the test extra installs orjson"
        result = ci.assess(ci.load_example("cradle-to-career"))
        out = tmp_path / "result.json"
        written = {}
        for indent in (None, 2):
            result.to_json(out, indent=indent)
            fast = out.read_bytes()
            with monkeypatch.context() as m:
                m.setattr(native, "_orjson", None)
                result.to_json(out, indent=indent)
            plain = out.read_bytes()
            # the two spell floats below 1e-4 apart (a p-value 1.5148459798097778e-6 is
            # 1.5148459798097778e-06 in the standard library, 1.3604886877883833e-05 is
            # 0.000013604886877883833 in orjson), never their values
            assert b"1.5148459798097778e-6" in fast
            assert b"1.5148459798097778e-06" in plain
            assert b"0.000013604886877883833," in fast
            assert b"1.3604886877883833e-05," in plain
            # and nothing else: two p-values one character longer, one one shorter
            assert len(fast) - len(plain) == 2 * 1 - 1
            assert json.dumps(json.loads(fast)) == json.dumps(json.loads(plain))
            written[indent] = fast
        assert written[None].startswith(b'{"')  # compact: no space after ':' or ','
        # orjson takes the results themselves (a value it refused, a subclass of str say,
        # would send every result the slow way without failing)
        from collective_impact._terminal import _ORJSON_STRICT

        option = 0
        for name in _ORJSON_STRICT:
            option |= getattr(native._orjson, name)
        for tree in (
            result.to_dict(),
            result.with_sensitivity(samples=5).to_dict(),
            result.diff(result).to_dict(),
        ):
            native._orjson.dumps(tree, option=option)
        assert b'": ' not in written[None]
        assert json.loads(written[None]) == json.loads(written[2]) == result.to_dict()

    @given(
        st.recursive(
            _JSON_LEAVES,
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=5), inner, max_size=4)
            ),
            max_leaves=12,
        ),
        st.sampled_from([None, 2, 4]),
    )
    def test_both_writers_read_back_to_the_same_values(
        self, tree: object, indent: int | None
    ) -> None:
        """Every float reads back bit for bit; undefined numbers become null; text survives.

        Lone surrogates, integers beyond 64 bits and floats between 1e-9 and 1e-4 are where
        the two writers could part; they must still agree on the tree read back.
        """
        from collective_impact._terminal import finite_or_none, strict_json_bytes
        from collective_impact.io import native

        fast = strict_json_bytes(tree, indent=indent)
        saved = native._orjson
        native._orjson = None
        try:
            plain = strict_json_bytes(tree, indent=indent)
        finally:
            native._orjson = saved
        expected = finite_or_none(tree)
        for written in (fast, plain):
            back = json.loads(written.decode("utf-8"))
            assert back == expected
            assert json.dumps(back) == json.dumps(expected)  # -0.0 and every bit of a float

    @given(
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats().filter(lambda x: not 1e-9 <= abs(x) < 1e-4)
            | st.text(),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=5), inner, max_size=4)
            ),
            max_leaves=12,
        ),
        st.booleans(),
    )
    @example({"\x7f": None}, False)  # DEL: escaped by json.dumps, written as it is by orjson
    @example({"a": "x\x7fy"}, True)
    def test_printed_json_is_that_of_the_standard_library(
        self, tree: object, with_orjson: bool
    ) -> None:
        """What the command line prints: ``json.dumps(indent=2)``'s text, ASCII, to the byte.

        Non-ASCII text (astral characters as surrogate pairs), lone surrogates, integers
        beyond 64 bits; floats between 1e-9 and 1e-4, which orjson spells its own way, are
        left to the test below.
        """
        from collective_impact._terminal import finite_or_none, strict_json
        from collective_impact.io import native

        saved = native._orjson
        if not with_orjson:
            native._orjson = None
        try:
            printed = strict_json(tree)
        finally:
            native._orjson = saved
        assert printed == json.dumps(finite_or_none(tree), indent=2)
        assert printed.isascii()

    def test_printed_json_of_a_result(self) -> None:
        """A result's text: ``json.dumps(indent=2)``'s but for the spelling of tiny floats."""
        from collective_impact._terminal import strict_json

        tree = ci.assess(ci.load_example("cradle-to-career")).to_dict()
        printed, plain = strict_json(tree), json.dumps(tree, indent=2)
        # grade3-reading's disparity: the larger of p = 1.36e-5 (the gap in points, its s
        # floored at the values' rounding) and 1.51e-6 (on the arcsine scale of its
        # percentages; TestPercentagesAndProportions)
        assert '"p_value": 0.000013604886877883833,' in printed  # orjson's spelling
        # and its stabilised_p_value (the disparity's groups left out follow it)
        assert '"stabilised_p_value": 1.5148459798097778e-6,\n' in printed
        spelled = printed.replace("0.000013604886877883833,", "1.3604886877883833e-05,")
        assert spelled.replace("e-6,\n", "e-06,\n") == plain
        assert json.loads(printed) == tree

    def test_a_value_json_cannot_hold_is_refused_by_both(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import datetime as dt_

        from collective_impact._terminal import strict_json_bytes
        from collective_impact.io import native

        for bad in ({"when": dt_.date(2026, 1, 1)}, {"s": {1, 2}}, [b"bytes"]):
            with pytest.raises(TypeError):
                strict_json_bytes(bad)
            with monkeypatch.context() as m:
                m.setattr(native, "_orjson", None)
                with pytest.raises(TypeError):
                    strict_json_bytes(bad)
        # orjson refuses a key that is not a string; the standard library writes it as one
        assert strict_json_bytes({1: "one"}) == b'{"1":"one"}'

    @given(
        st.dictionaries(
            st.text(max_size=3),
            st.recursive(
                _JSON_LEAVES,
                lambda inner: (
                    st.lists(inner, max_size=7)
                    | st.dictionaries(st.text(max_size=3) | st.integers(0, 3), inner, max_size=3)
                ),
                max_leaves=20,
            ),
            max_size=4,
        ),
        st.integers(min_value=1, max_value=4),
        st.sampled_from([None, 2]),
    )
    @example({"a": [1, 2, 3], "b": [4, 2**70]}, 2, None)  # refused after pieces were written
    @example({"a": [1, 2, 3]}, 1, None)
    def test_the_file_is_written_in_pieces_to_the_same_bytes(
        self, tree: dict[str, object], piece_items: int, indent: int | None
    ) -> None:
        """The pieces of compact JSON join to :func:`strict_json_bytes`'s bytes, exactly.

        ``{"a": [1, 2, 3]}`` two items at a time is ``{`` ``"a":`` ``[`` ``1,2`` ``,`` ``3``
        ``]`` ``}``; a value ``orjson`` refuses (an integer beyond 64 bits) after pieces were
        written rewinds the file to where it started and writes the whole tree the standard
        library's way, so nothing written before the call is lost and nothing is left twice.
        """
        import io

        from collective_impact._terminal import strict_json_bytes, write_strict_json

        out = io.BytesIO()
        out.write(b"before ")
        write_strict_json(out, tree, indent=indent, piece_items=piece_items)
        assert out.getvalue() == b"before " + strict_json_bytes(tree, indent=indent)

    def test_the_file_holds_strict_json_bytes(self, tmp_path: Path) -> None:
        from collective_impact._terminal import strict_json_bytes

        result = ci.assess(ci.load_example("cradle-to-career"))
        out = tmp_path / "result.json"
        for indent in (None, 2):
            result.to_json(out, indent=indent)
            assert out.read_bytes() == strict_json_bytes(result.to_dict(), indent=indent)

    def test_a_failed_write_leaves_nothing(self, tmp_path: Path) -> None:
        result = ci.assess(ci.load_example("workforce"))
        taken = tmp_path / "result.json"
        taken.mkdir()  # a folder stands where the file should go
        with pytest.raises(ci.WriteError, match=r"result\.json"):
            result.to_json(taken)
        assert taken.is_dir()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"]


def test_recommended_ties_add_up_as_written() -> None:
    """0.60008 -> 0.65857 (+0.05849) read "0.600 -> 0.659 (+0.058)": 0.600 + 0.058 is 0.658.
    Each line now has the decimals it needs for before + gain = after as written. (Every
    activity counted, its dates removed: four of cradle-to-career's have ended by its date of
    judgement, and without them the first line, 0.566 -> 0.642 (+0.076), adds up anyway.)"""
    init = ci.load_example("cradle-to-career")
    undated = init.evolve(
        activities=[attrs.evolve(a, start=None, end=None) for a in init.activities]
    )
    text = ci.assess(undated).summary()
    assert (
        "faith-coalition and united-way (strength 1): alignment index 0.6001 -> 0.6586 (+0.0585)"
        in text
    )
    found = re.findall(r"alignment index (\S+) -> (\S+) \(\+(\S+)\)", " ".join(text.split()))
    assert len(found) == 5
    for before, after, gain in found:
        assert round(float(before) + float(gain), 6) == float(after), (before, after, gain)


def test_markdown_escapes_the_initiative_s_text() -> None:
    """A name with raw HTML, a table pipe and emphasis was written into the Markdown summary
    as it is: rendered, <b> was bold and <script> raw HTML. The initiative's text is now
    escaped, and the document's own markup is not."""
    hostile = "Cradle <script>x</script> | *star* _x_"
    init = ci.load_example("cradle-to-career").evolve(name=hostile)
    result = ci.assess(init)
    text = result.summary(markdown=True)
    first = text.splitlines()[0]
    assert first.startswith("# Cradle \\<script\\>x\\</script\\> \\| \\*star\\* \\_x\\_: ")
    assert "<script>" not in text
    assert "\n## First things first (" in text
    assert "- common agenda: **" in text
    old = ci.assess(init, as_of=result.as_of)
    assert "<script>" not in old.diff(result).summary(markdown=True)


def test_markdown_gap_lines_say_their_severity_in_words() -> None:
    """A note's line was "- - activity off the common agenda: ...", a list nested in a list
    once rendered, and "!" and "!!" were explained nowhere (found by a reviewer). In Markdown
    the severity is a word; the plain summary's header says what its marks mean."""
    result = ci.assess(ci.load_example("cradle-to-career-2027"))
    text = result.summary(markdown=True)
    assert "\n- - " not in text
    assert "\n- ! " not in text
    assert "\n- note: activity off the common agenda: tutor-recruitment" in text
    assert "\n- warning: 7 indicators off track or at risk (6 warnings, 1 note): " in text
    plain = result.summary()
    assert "First things first (28 gaps: 0 critical gaps, 23 warnings, 5 notes; marked !!, ! " in (
        plain
    )


def test_one_gap_is_one_gap() -> None:
    """The header counted "1 gaps" (found by a fixer); ``healthy()`` of the gap tests has one."""
    from test_gaps import healthy

    result = ci.assess(healthy())
    assert len(result.gaps) == 1
    assert "First things first (1 gap: " in result.summary()
    assert "## First things first (1 gap: " in result.summary(markdown=True)


def test_indicators_behind_are_listed_most_pressing_first() -> None:
    """The summary listed the indicators off track or at risk by id, so the one at risk
    (chronic-absence, a note) came before six off track (warnings). They are in the order of
    their gaps now: off track first, the largest shortfall weighted by goal weight first
    (grade3-reading: 77% of the way still to go on the reading goal, weight 1.5, 0.77 × 1.5 /
    8.5 = 0.136, before postsec-enroll's 94% on a goal of weight 1, 0.94 / 8.5 = 0.111), then at
    risk; the notebook view too."""
    result = ci.assess(ci.load_example("cradle-to-career"))
    ranked = [g.primary[0] for g in result.gaps if g.code == "off-track-indicator"]
    assert [m.indicator for m in result.lagging] == ranked
    assert ranked[:2] == ["grade3-reading", "postsec-enroll"]
    assert ranked[-1] == "chronic-absence"
    text = result.summary()
    section = text[text.index("Indicators off track or at risk (7)") :]
    places = [section.index(f"({i})") for i in ranked]
    assert places == sorted(places)
    html = result._repr_html_()
    places = [html.index(f">{i}<") for i in ranked]
    assert places == sorted(places)


def test_a_note_is_a_note_in_every_list() -> None:
    """The summary's header counted "4 notes" while its list of gaps, and ``compare``, labelled
    the same gaps "[info]"."""
    result = ci.assess(ci.load_example("cradle-to-career"))
    text = result.summary(max_gaps=None)
    assert "5 notes" in text
    assert "[info]" not in text
    assert text.count("[note] ") == 5
    later = ci.assess(ci.load_example("cradle-to-career-2027"))
    changes = result.diff(later).summary()
    assert "[info]" not in changes
    assert "[note] " in changes


def test_a_title_is_underlined_as_wide_as_it_shows() -> None:
    """A title's ``====`` counted characters: half the width of a Chinese name, and one too
    many for an accent typed as a combining mark."""
    from collective_impact import cli

    init = ci.load_example("workforce")
    for name, width in (("学校连接", 8), ("E\u0301coles", 6)):
        text = ci.assess(init.evolve(name=name)).summary()
        title, underline = text.splitlines()[:2]
        assert title.startswith(name)
        assert len(underline) == len(title) - len(name) + width
        assert set(underline) == {"="}
        assert cli.summary(init.evolve(name=name)).splitlines()[1] == "=" * width


def test_arguments_of_the_wrong_type_are_named() -> None:
    """``assess(None)`` and ``assess(init, config={...})`` raised AttributeError deep in the
    measurement; ``loads(b"...")`` too; a NaN ``max_ratio`` was taken (and compares false with
    every ratio). Found by a report-only reviewer fuzzing the readers."""
    import datetime as dt_

    init = ci.load_example("workforce")
    with pytest.raises(TypeError, match="expected an Initiative, got NoneType"):
        ci.assess(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="config must be a ScoringConfig"):
        ci.assess(init, config={"weak_tie": 0.3})  # type: ignore[arg-type]
    assert ci.assess(init, as_of=dt_.datetime(2010, 6, 1)).as_of == dt_.date(2010, 6, 1)
    with pytest.raises(TypeError, match="loads reads text"):
        ci.loads(b"schema_version: 1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_ratio must be a finite number above 0"):
        ci.read_csv_bundle("anything", max_ratio=float("nan"))
    with pytest.raises(ValueError, match="max_elements must be at least 1"):
        ci.from_iati("anything.xml", max_elements=-1)
    with pytest.raises(TypeError, match="max_bytes must be an integer"):
        ci.load("anything.yaml", max_bytes="10")  # type: ignore[arg-type]


def test_the_markdown_mark_of_a_critical_gap_is_bold() -> None:
    """The mark was escaped with the text: ``- \\*\\*critical:\\*\\* funding ...`` showed its
    asterisks. Found by a report-only reviewer."""
    text = ci.assess(ci.load_example("workforce")).summary(markdown=True)
    assert "- **critical:** funding not secured for long enough" in text
    assert "\\*\\*critical" not in text


def test_a_severity_changed_says_note_not_info() -> None:
    """``compare`` said "(was info)" beside headers counting notes."""
    before = ci.assess(ci.load_example("cradle-to-career"))
    after = ci.assess(ci.load_example("cradle-to-career-2027"))
    text = before.diff(after).summary()
    assert "(was info)" not in text
    assert "(was note)" in text


def test_a_backbone_function_is_named_in_words() -> None:
    """ "backbone function not carried out: advance_policy": a field name in the committee's
    summary, where the HTML report says "advance policy"."""
    text = ci.assess(ci.load_example("cradle-to-career-2027")).summary(max_gaps=None)
    assert "backbone function not carried out: advance policy" in text
    assert "advance_policy" not in text.split("The gaps in detail")[0]


def test_the_summary_says_which_indicators_cannot_be_judged_yet() -> None:
    """The text said nothing of an indicator neither behind nor met: a new user's two
    indicators with too few dates had no line at all, the reason being only in the HTML
    report (found by a reviewer following the docs). The summary lists them with what each
    lacks, in the HTML report's words (one function)."""
    from collective_impact._text import insufficient_reason

    result = ci.assess(ci.load_example("cradle-to-career"))
    text = result.summary()
    unjudged = [m for m in result.measurement if m.status.value == "insufficient-data"]
    assert unjudged
    assert f"Indicators not yet judged ({len(unjudged)})" in text
    frequency = {i.id: i.frequency for i in result.initiative.indicators}
    flat = " ".join(text.split())
    for m in unjudged:
        assert f"({m.indicator}): {insufficient_reason(m, frequency[m.indicator])}" in flat
    assert "tutoring-hours): no target" in flat


def test_a_prepared_initiative_is_assessed_as_the_initiative() -> None:
    """``assess`` takes a prepared initiative (``prepare`` returns it as it is), but recorded the
    Prepared object as the assessment's initiative: ``to_dict()`` raised AttributeError."""
    init = ci.load_example("cradle-to-career")
    prepared = ci.prepare(init, as_of=dt.date(2025, 6, 30))
    result = ci.assess(prepared)
    assert result.initiative is init
    assert result.to_dict() == ci.assess(init, as_of=dt.date(2025, 6, 30)).to_dict()
    assert result.gaps_frame().shape[0] == len(result.gaps)


class TestResultsCannotBeChangedByTheCaller:
    """A caller's write into a result's arrays or mappings changed every later frame, sum and
    report built from them (found by a reviewer writing as a tool builder)."""

    def test_pair_arrays_are_read_only(self) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        pairs = result.reinforcement.pairs
        before = result.pairs_frame()
        for array in (pairs.interdependence, pairs.a, pairs.redundancy, pairs.between):
            with pytest.raises(ValueError, match="read-only"):
                array[:] = 0
        table = result.reinforcement.partner_gap_table
        with pytest.raises(ValueError, match="read-only"):
            table.gap[:] = 99.0
        dup = result.duplication_pairs()
        with pytest.raises(ValueError, match="read-only"):
            dup.redundancy[:] = 0.0
        prepared = ci.prepare(ci.load_example("cradle-to-career"))
        with pytest.raises(ValueError, match="read-only"):
            prepared.arrays.goal_weight[:] = 0.0
        with pytest.raises(ValueError, match="read-only"):
            prepared.arrays.populations.sizes[:] = 0
        assert result.pairs_frame().equals(before)

    def test_read_only_once_unpickled_or_copied(self) -> None:
        """numpy unpickles an array writeable, and attrs restores an object's state without
        running its ``__attrs_post_init__``: a result from a process pool, or a deep copy,
        could be written into again (found by a reviewer)."""
        result = ci.assess(ci.load_example("cradle-to-career"))
        for copied in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
            pairs = copied.reinforcement.pairs
            with pytest.raises(ValueError, match="read-only"):
                pairs.interdependence[:] = 0.0
            with pytest.raises(ValueError, match="read-only"):
                copied.reinforcement.partner_gap_table.gap[:] = 0.0
            assert copied.to_dict() == result.to_dict()
        prepared = pickle.loads(pickle.dumps(ci.prepare(ci.load_example("workforce"))))
        with pytest.raises(ValueError, match="read-only"):
            prepared.arrays.lead[:] = 0

    def test_sparse_matrices_are_read_only(self) -> None:
        """The total contributions and the model's sparse matrices were writable: a write into
        ``total_contributions.data`` changed every later score computed from the prepared
        initiative (found by a reviewer)."""
        prepared = ci.prepare(ci.load_example("cradle-to-career"))
        result = ci.assess(prepared)
        before = result.to_dict()
        arrays = prepared.arrays
        matrices = [
            prepared.total_contributions,
            result.reinforcement.total_contributions,
            arrays.contributions,
            arrays.pathways,
            arrays.tie_strength,
            arrays.co_members,
            arrays.populations.members,
        ]
        copied = pickle.loads(pickle.dumps(result)).reinforcement.total_contributions
        for matrix in [*matrices, copied, copy.deepcopy(arrays).contributions]:
            for part in (matrix.data, matrix.indices, matrix.indptr):
                with pytest.raises(ValueError, match="read-only"):
                    part[:1] = 0
        total = prepared.total_contributions  # reads and arithmetic still work
        assert total[0, 0] == total.toarray()[0, 0]
        assert (total @ total.T).shape == (total.shape[0], total.shape[0])
        assert ci.assess(prepared).to_dict() == before

    def test_a_matrix_is_made_canonical_before_it_is_frozen(self) -> None:
        """scipy sums duplicates in place on some reads: done first, no later read writes."""
        import scipy.sparse as sp

        from collective_impact.analysis._arrays import read_only_sparse

        matrix = sp.csr_array((np.array([1.0, 2.0]), np.array([0, 0]), np.array([0, 2])))
        assert not matrix.has_canonical_format
        read_only_sparse(matrix)
        assert matrix[0, 0] == 3.0
        assert matrix.nnz == 1

    def test_mappings_are_read_only(self) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        before = result.to_dict()
        with pytest.raises(TypeError):
            result.scores.components["common_agenda"]["injected"] = 1.0  # type: ignore[index]
        with pytest.raises(TypeError):
            result.network.constraint["united-way"] = 1.0  # type: ignore[index]
        with pytest.raises(TypeError):
            result.network.undefined["x"] = "y"  # type: ignore[index]
        roles = next(iter(result.network.brokerage.values()))
        with pytest.raises(TypeError):
            roles.counts["total"] = 0  # type: ignore[index]
        assert result.to_dict() == before

    def test_equal_to_itself_and_hashable(self) -> None:
        """Two assessments were never equal (their pair arrays compare by identity) while
        ``==`` compared every field first; a network with an undefined (nan) measure was not
        equal to itself, and ``hash`` raised on its dicts. Both are equal only to themselves
        and hash by identity; ``to_dict()`` compares results."""
        init = ci.load_example("workforce")
        result = ci.assess(init)
        assert result == result
        assert result != ci.assess(init)
        assert {result: 1}[result] == 1
        network = result.network
        assert network == network
        assert isinstance(hash(network), int)
        assert ci.assess(init).to_dict() == result.to_dict()


@pytest.mark.parametrize("markdown", [False, True])
def test_the_summary_says_when_the_settings_are_not_the_defaults(markdown: bool) -> None:
    """cradle-to-career scored with weak_tie 0.9 and min_funding_years 0.5 has other scores
    and gaps (33 gaps became 37), yet its summary read like a default run once pasted (found
    by a reviewer of the terminal). It now names each setting changed, with its default."""
    init = ci.load_example("cradle-to-career")
    config = ci.ScoringConfig(weak_tie=0.9, min_funding_years=0.5)
    text = " ".join(ci.assess(init, config=config).summary(markdown=markdown).split())
    assert (
        "Scored with settings other than the defaults: weak_tie 0.9 (default 0.3), "
        "min_funding_years 0.5 (default 2)." in text
    )
    assert "settings other than" not in ci.assess(init).summary(markdown=markdown)


def test_the_notebook_view_and_a_diff_name_the_settings_apart() -> None:
    """The notebook view said nothing of non-default settings (the summary and the HTML report
    did); and a setting a hair from its default read "weak_tie 0.3 (default 0.3)" and, in a
    diff, "weak_tie 0.3 → 0.3" (found by a reviewer). Written apart now."""
    init = ci.load_example("workforce")
    near = ci.assess(init, config=ci.ScoringConfig(weak_tie=0.30000001))
    assert "weak_tie 0.30000001 (default 0.3)" in near._repr_html_()
    assert "settings other than" not in ci.assess(init)._repr_html_()
    assert "Settings differ: weak_tie 0.3 → 0.30000001." in ci.assess(init).diff(near).summary()


def test_the_text_repr_is_short() -> None:
    """``repr(result)`` printed every score, gap and measurement record: 2.2 MB at 10,000
    activities, which Jupyter stores beside the HTML view in the notebook (found by a
    report-only reviewer). It names the initiative, the date, the scores and the gaps."""
    result = ci.assess(ci.load_example("cradle-to-career"))
    critical, warning, info = (
        len(result.gaps_by(severity=s)) for s in ("critical", "warning", "info")
    )
    assert repr(result) == (
        "<Assessment 'Cradle to Career Example' as of 2026-09-30: overall "
        f"{result.scores.overall:.2f}, alignment index {result.alignment.index:.3f}, "
        f"{len(result.gaps)} gaps ({critical} critical, {warning} warning, {info} info)>"
    )
    big = attrs.evolve(result, gaps=result.gaps * 100)
    assert len(repr(big)) < 200
    assert f"{len(big.gaps):,} gaps" in repr(big)
    partners = [Partner(id="p", name="P", sector="nonprofit")]
    bare = ci.assess(Initiative(name="x\ny" * 100, partners=partners))
    text = repr(bare)
    assert "\n" not in text
    assert len(text) < 250
    assert "with no date of judgement" in text
    assert "alignment index undefined" in text


def test_a_line_break_in_a_name_starts_no_markdown_block() -> None:
    """The file format allows line breaks in text, and a name "Evil\\n## Injected" wrote a
    heading into the Markdown summary, an indicator's name a list item or a quote; the plain
    title ran over two lines under one underline (found by a report-only reviewer). Line
    breaks read as spaces in Markdown, and in the plain title."""
    from collective_impact._text import display_width

    init = ci.load_example("cradle-to-career")
    first = init.indicators[0]
    evil = init.evolve(
        name="Evil\n## Injected\r\n- item\u2028x\u2029y",
        indicators=[
            attrs.evolve(first, name="Ind\n\n> quoted\n# head"),
            *init.indicators[1:],
        ],
    )
    result = ci.assess(evil)
    text = result.summary(markdown=True, max_gaps=None)
    lines = text.splitlines()
    assert lines[0].startswith("# Evil ## Injected - item x y: assessment as of ")
    assert [line for line in lines if line.startswith("#")] == [
        line for line in lines if line.startswith(("# Evil", "## "))
    ]
    assert not any(line.startswith(("\\>", "> ", "- item", "#  head")) for line in lines)
    assert "Ind \\> quoted # head" in text
    plain = result.summary().splitlines()
    assert plain[0].startswith("Evil ## Injected - item x y: assessment as of ")
    assert plain[1] == "=" * display_width(plain[0])


def test_the_title_names_the_source_of_the_date_in_words() -> None:
    """The title said "(file)" and "(argument)", codes, and the line after it "(the file's
    as_of)" (found by a report-only reviewer). The command line still says "(--as-of)"."""
    init = ci.load_example("workforce")
    latest = ci.assess(init).summary().splitlines()
    assert latest[0].endswith("(the latest observation)")
    assert latest[1] == "=" * len(latest[0])
    given = ci.assess(init, as_of=dt.date(2010, 6, 30))
    assert given.summary().splitlines()[0].endswith("as of 2010-06-30 (the as_of given)")
    assert given.summary(markdown=True).splitlines()[0].endswith("(the as\\_of given)")
    words = given.summary(as_of_words={"argument": "--as-of"}).splitlines()[0]
    assert words.endswith("as of 2010-06-30 (--as-of)")
    filed = ci.assess(init.evolve(as_of=dt.date(2010, 6, 30)))
    assert (
        filed.summary(as_of_words={"argument": "--as-of"})
        .splitlines()[0]
        .endswith("(the file's as_of)")
    )


def test_the_indicators_not_yet_judged_come_in_the_order_of_their_gaps() -> None:
    """The indicators not yet judged were listed by id, the off-agenda ones among those of the
    agenda, and not in the order of their ``unmeasured-indicator`` gaps (found by a report-only
    reviewer). Agenda indicators come first, those with a gap in its order, then by id."""
    d = dt.date
    old = [{"date": d(2015, 1, 1), "value": 5.0}]
    init = Initiative(
        name="Unjudged",
        partners=[Partner(id="p", name="P", sector="nonprofit")],
        goals=[Goal(id="g", statement="G", indicators=["m-once", "y-old", "z-never"])],
        indicators=[
            Indicator(id="a-off", name="Off agenda"),
            Indicator(id="b-off", name="Off agenda too", observations=old),
            Indicator(
                id="m-once",
                name="Once",
                baseline={"date": d(2024, 1, 1), "value": 10.0},
                target={"date": d(2028, 1, 1), "value": 20.0},
                observations=[{"date": d(2025, 1, 1), "value": 12.0}],
            ),
            Indicator(id="y-old", name="Old", observations=old),
            Indicator(id="z-never", name="Never"),
        ],
        activities=[
            Activity(id="x", name="X", partners=["p"], contributes={"m-once": 0.5}),
        ],
    )
    result = ci.assess(init)
    unjudged = [m.indicator for m in result.measurement if m.status.value == "insufficient-data"]
    assert unjudged == ["a-off", "b-off", "m-once", "y-old", "z-never"]
    ranked = [g.primary[0] for g in result.gaps if g.code == "unmeasured-indicator"]
    assert ranked == ["y-old", "z-never"] or ranked == ["z-never", "y-old"]
    expected = [*ranked, "m-once", "a-off", "b-off"]
    text = result.summary(max_gaps=None)
    section = text[text.index("Indicators not yet judged (5)") :]
    places = [section.index(f"({i}):") for i in expected]
    assert places == sorted(places)
    short = result.summary(max_gaps=2)
    section = short[short.index("Indicators not yet judged (5)") :]
    assert f"({ranked[0]}):" in section
    assert f"({ranked[1]}):" in section
    assert "(a-off):" not in section
