"""Arguments of the wrong type or value: one error of the library, naming the argument.

The library promises that every error it raises on purpose is a
:class:`~collective_impact.CollectiveImpactError`. A reviewer writing a tool (``except
ci.CollectiveImpactError``) found plain ``TypeError``/``ValueError`` raised on purpose, and bare
``AttributeError``s from deep inside for a first argument of the wrong type. Each case here is
one call and the error it must give: an :class:`~collective_impact.ArgumentTypeError` (a
``TypeError`` too) or :class:`~collective_impact.ArgumentValueError` (a ``ValueError`` too), or
a located error of the library, with a fragment of its message.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import math
import pickle
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import collective_impact as ci
import collective_impact.html
from collective_impact import frames
from collective_impact.cli import read_input
from collective_impact.htmlreport import write_report
from collective_impact.io import native

INIT = ci.load_example("cradle-to-career")
RESULT = ci.assess(INIT)
DAY = dt.date(2025, 1, 1)

#: On-purpose errors that were plain builtins: (call, class, builtin, message fragment).
PLAIN: dict[str, tuple[Callable[[Path], Any], type[Exception], str]] = {
    "assess(None)": (lambda p: ci.assess(None), ci.ArgumentTypeError, "expected an Initiative"),
    "dumps({})": (lambda p: ci.dumps({}), ci.ArgumentTypeError, "got dict"),
    "write_workbook({})": (
        lambda p: ci.write_workbook({}, p / "a.xlsx"),
        ci.ArgumentTypeError,
        "expected an Initiative",
    ),
    "to_graphml({})": (
        lambda p: ci.to_graphml({}, p / "a.graphml"),
        ci.ArgumentTypeError,
        "expected an Initiative",
    ),
    "alignment_graph({})": (
        lambda p: ci.alignment_graph({}),
        ci.ArgumentTypeError,
        "expected an Initiative",
    ),
    "sensitivity(None)": (
        lambda p: ci.sensitivity(None),
        ci.ArgumentTypeError,
        "expected an Initiative",
    ),
    "assess(config={})": (
        lambda p: ci.assess(INIT, config={}),
        ci.ArgumentTypeError,
        "config must be a ScoringConfig",
    ),
    "loads(bytes)": (lambda p: ci.loads(b"x: 1"), ci.ArgumentTypeError, "loads reads text"),
    "load(max_bytes=-1)": (
        lambda p: ci.load(p / "a.yaml", max_bytes=-1),
        ci.ArgumentValueError,
        "max_bytes must be at least 1",
    ),
    "read_csv_bundle(max_bytes=0)": (
        lambda p: ci.read_csv_bundle(p, max_bytes=0),
        ci.ArgumentValueError,
        "max_bytes must be at least 1",
    ),
    "read_csv_bundle(max_bytes='x')": (
        lambda p: ci.read_csv_bundle(p, max_bytes="x"),
        ci.ArgumentTypeError,
        "max_bytes must be an integer",
    ),
    "label_closure(kind)": (
        lambda p: ci.label_closure(INIT, "nope"),
        ci.ArgumentValueError,
        "kind must be 'populations' or 'places'",
    ),
    "pairs_frame(top=-1)": (
        lambda p: RESULT.pairs_frame(top=-1),
        ci.ArgumentValueError,
        "top must be None or an integer (int) from 0, not -1",
    ),
    "batch_frame([None])": (
        lambda p: ci.batch_frame([None]),
        ci.ArgumentTypeError,
        "results[0]: expected an Assessment",
    ),
    "write_batch([None])": (
        lambda p: ci.write_batch([None], p / "b.csv"),
        ci.ArgumentTypeError,
        "results[0]: expected an Assessment",
    ),
    "prepare(prepared, config=other)": (
        lambda p: ci.prepare(ci.prepare(INIT), config=ci.ScoringConfig(pathway_weight=0.25)),
        ci.ArgumentValueError,
        "config differs",
    ),
}

#: A first (or other) argument of the wrong type, which raised AttributeError deep inside.
WRONG_TYPE: dict[str, tuple[Callable[[Path], Any], str]] = {
    "reinforcement_scores([])": (
        lambda p: ci.reinforcement_scores([]),
        "initiative: expected an Initiative or a Prepared, got list",
    ),
    "reinforcement_scores(config={})": (
        lambda p: ci.reinforcement_scores(INIT, config={}),
        "config must be a ScoringConfig",
    ),
    "network_measures({})": (lambda p: ci.network_measures({}), "expected an Initiative"),
    "network_measures(prepared)": (
        lambda p: ci.network_measures(ci.prepare(INIT)),
        "got Prepared (its .initiative is one)",
    ),
    "measurement(None)": (lambda p: ci.measurement(None), "expected an Initiative"),
    "measurement(config={})": (
        lambda p: ci.measurement(INIT, config={}),
        "config must be a ScoringConfig",
    ),
    "measure_indicator(None)": (
        lambda p: ci.measure_indicator(None, as_of=None),
        "indicator: expected an Indicator, got NoneType",
    ),
    "with_tie({})": (lambda p: ci.with_tie({}, "a", "b"), "expected an Initiative"),
    "without_partner({})": (lambda p: ci.without_partner({}, "x"), "expected an Initiative"),
    "without_partner(leads=list)": (
        lambda p: ci.without_partner(INIT, "schools", leads=["x"]),
        "leads: expected a mapping",
    ),
    "rewire_ties(None)": (lambda p: ci.rewire_ties(None), "expected an Initiative"),
    "running_at(None)": (lambda p: ci.running_at(None, DAY), "expected an Initiative"),
    "label_closure(None)": (
        lambda p: ci.label_closure(None, "populations"),
        "expected an Initiative",
    ),
    "cids_jsonld(None)": (lambda p: ci.cids_jsonld(None), "expected an Initiative"),
    "cids_jsonld(assessment=initiative)": (
        lambda p: ci.cids_jsonld(INIT, assessment=INIT),
        "assessment: expected an Assessment or None, got Initiative: assess it first",
    ),
    "kumu_blueprint(assessment=initiative)": (
        lambda p: ci.kumu_blueprint(INIT, assessment=INIT),
        "assessment: expected an Assessment or None, got Initiative",
    ),
    "batch_row(None)": (
        lambda p: ci.batch_row(None),
        "assessment: expected an Assessment, got NoneType",
    ),
    "diff(None)": (lambda p: RESULT.diff(None), "other: expected an Assessment, got NoneType"),
    "diff('x')": (lambda p: RESULT.diff("x"), "other: expected an Assessment, got str"),
    "diff(initiative)": (
        lambda p: RESULT.diff(INIT),
        "other: expected an Assessment, got Initiative: assess it first",
    ),
    "read_partner_survey(source, {})": (
        lambda p: ci.read_partner_survey(p / "s.csv", {}),
        "expected an Initiative, got dict",
    ),
    "initiative_frames(None)": (
        lambda p: frames.initiative_frames(None),
        "expected an Initiative, got NoneType",
    ),
    "scores_frame(None)": (
        lambda p: frames.scores_frame(None),
        "assessment: expected an Assessment, got NoneType",
    ),
    "gaps_frame(initiative)": (
        lambda p: frames.gaps_frame(INIT),
        "assessment: expected an Assessment, got Initiative: assess it first",
    ),
    "measurement_frame(3)": (
        lambda p: frames.measurement_frame(3),
        "assessment: expected an Assessment, got int",
    ),
    "network_frame(None)": (
        lambda p: frames.network_frame(None),
        "assessment: expected an Assessment, got NoneType",
    ),
    "pairs_frame(None)": (
        lambda p: frames.pairs_frame(None),
        "assessment: expected an Assessment, got NoneType",
    ),
    "duplication_frame(assessment)": (
        lambda p: frames.duplication_frame(RESULT),
        "pairs: expected DuplicationPairs, got Assessment",
    ),
    "conflict_frame(None)": (
        lambda p: frames.conflict_frame(None),
        "pairs: expected ConflictPairs, got NoneType",
    ),
}


@pytest.mark.parametrize("case", list(PLAIN))
def test_on_purpose_errors_are_the_librarys(case: str, tmp_path: Path) -> None:
    """Each raised a plain TypeError or ValueError: now an error of the library, still the
    builtin (``except TypeError`` keeps working)."""
    call, kind, fragment = PLAIN[case]
    with pytest.raises(kind) as info:
        call(tmp_path)
    assert isinstance(info.value, ci.CollectiveImpactError)
    builtin = TypeError if kind is ci.ArgumentTypeError else ValueError
    assert isinstance(info.value, builtin)
    assert fragment in str(info.value)


@pytest.mark.parametrize("case", list(WRONG_TYPE))
def test_an_argument_of_the_wrong_type_is_named(case: str, tmp_path: Path) -> None:
    """Each raised a bare AttributeError (``'dict' object has no attribute 'partners'``) or
    ValueError from deep inside: now an ArgumentTypeError saying what was expected."""
    call, fragment = WRONG_TYPE[case]
    with pytest.raises(ci.ArgumentTypeError) as info:
        call(tmp_path)
    assert isinstance(info.value, TypeError)
    assert fragment in str(info.value)


def test_the_argument_is_an_attribute_and_survives_pickling() -> None:
    with pytest.raises(ci.ArgumentTypeError) as info:
        RESULT.diff(INIT)
    assert info.value.argument == "other"
    copy = pickle.loads(pickle.dumps(info.value))
    assert (type(copy), str(copy), copy.argument) == (
        ci.ArgumentTypeError,
        str(info.value),
        "other",
    )
    with pytest.raises(ci.ArgumentValueError) as value_info:
        ci.read_csv_bundle("anywhere", max_bytes=0)
    assert value_info.value.argument == "max_bytes"


@pytest.mark.parametrize(
    "add",
    [
        lambda: INIT.with_partners({"id": "x"}),
        lambda: INIT.with_activities({"id": "x"}),
        lambda: INIT.with_ties({"source": "schools"}),
    ],
    ids=["partners", "activities", "ties"],
)
def test_with_a_mapping_is_a_located_problem(add: Callable[[], Any]) -> None:
    """``with_partners({...})`` said "'dict' object has no attribute 'id'" where
    ``evolve(partners=[{...}])`` gave a located ValidationError: now the same kind of problem,
    at the place the mapping was added."""
    with pytest.raises(ci.ValidationError) as info:
        add()
    problem = info.value.problems[0]
    assert problem.code == ci.ProblemCode.WRONG_TYPE
    assert "got a mapping" in problem.message


@pytest.mark.parametrize("given", [["schools"], ("schools",), b"schools"])
def test_an_id_that_is_not_a_text_is_unknown_not_a_crash(given: object) -> None:
    """A list, tuple or bytes crashed the did-you-mean (``normalize() argument 2 must be str,
    not list``): now an UnknownIdError naming the type, with the id it may stand for."""
    for look_up in (INIT.partner, lambda x: ci.without_partner(INIT, x)):
        with pytest.raises(ci.UnknownIdError) as info:
            look_up(given)  # type: ignore[arg-type]
        assert str(info.value) == (
            f"unknown partner {given!r}: an id is a str, got {type(given).__name__} "
            "(did you mean 'schools'?)"
        )


@pytest.mark.parametrize("given", [None, 5, ["workforce"]])
def test_load_example_with_a_name_that_is_not_a_text(given: object) -> None:
    """``load_example(None)`` raised TypeError from difflib ('NoneType' object is not
    iterable)."""
    with pytest.raises(ci.UnknownIdError, match=f"an id is a str, got {type(given).__name__}"):
        ci.load_example(given)  # type: ignore[arg-type]


#: Every public function that takes the path of a file or folder: how to call it with a path,
#: and the argument the path is (``source`` for the survey, which takes a file object too).
PATH_TAKERS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "collective_impact.io.native:load": (lambda v: ci.load(v), "path"),
    "collective_impact.io.native:read_tree": (lambda v: native.read_tree(v), "path"),
    "collective_impact.io.native:format_for": (lambda v: native.format_for(v), "path"),
    "collective_impact.io.native:dump": (lambda v: ci.dump(INIT, v), "path"),
    "collective_impact.cli:read_input": (lambda v: read_input(v), "path"),
    "collective_impact.io.csvbundle:read_csv_bundle": (lambda v: ci.read_csv_bundle(v), "path"),
    "collective_impact.io.csvbundle:write_csv_bundle": (
        lambda v: ci.write_csv_bundle(INIT, v),
        "path",
    ),
    "collective_impact.io.workbook:read_workbook": (lambda v: ci.read_workbook(v), "path"),
    "collective_impact.io.workbook:write_workbook": (lambda v: ci.write_workbook(INIT, v), "path"),
    "collective_impact.io.workbook:write_template": (lambda v: ci.write_template(v), "path"),
    "collective_impact.io.iati:from_iati": (lambda v: ci.from_iati(v), "path"),
    "collective_impact.io.survey:read_partner_survey": (
        lambda v: ci.read_partner_survey(v, INIT),
        "source",
    ),
    "collective_impact.report:Assessment.to_json": (lambda v: RESULT.to_json(v), "path"),
    "collective_impact.report:Assessment.to_html": (lambda v: RESULT.to_html(v), "path"),
    "collective_impact.htmlreport:write_report": (lambda v: write_report(RESULT, v), "path"),
    "collective_impact.io.exports:to_graphml": (lambda v: ci.to_graphml(INIT, v), "path"),
    "collective_impact.io.exports:to_gexf": (lambda v: ci.to_gexf(INIT, v), "path"),
    "collective_impact.io.exports:to_kumu": (lambda v: ci.to_kumu(INIT, v), "path"),
    "collective_impact.io.exports:to_cids": (lambda v: ci.to_cids(INIT, v), "path"),
    "collective_impact.batch:write_batch": (lambda v: ci.write_batch([], v), "path"),
}

#: What a path is not. A list is a sequence of paths to from_iati, which refuses a list
#: holding something else, naming its place.
NOT_PATHS: dict[str, object] = {
    "int": 123,
    "None": None,
    "list": ["study.yaml"],
    "bytes": b"study.yaml",
    "bytes-fspath": type("BytesPath", (), {"__fspath__": lambda self: b"study.yaml"})(),
}


def _public_path_takers() -> set[str]:
    """Return every public function or method of the package with a parameter typed as a path."""
    found = set()
    for info in pkgutil.walk_packages(ci.__path__, "collective_impact."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            members = [obj]
            if inspect.isclass(obj):
                members = [f for m, f in vars(obj).items() if not m.startswith("_")]
            for f in filter(inspect.isfunction, members):
                parameters = inspect.signature(f).parameters.values()
                if any("PathLike" in str(p.annotation) for p in parameters):
                    found.add(f"{module.__name__}:{f.__qualname__}")
    return found


def test_every_public_function_taking_a_path_is_checked() -> None:
    """The table below is every public reader and writer: one added later is checked too."""
    assert _public_path_takers() <= set(PATH_TAKERS)


@pytest.mark.parametrize("given", list(NOT_PATHS))
@pytest.mark.parametrize("taker", list(PATH_TAKERS))
def test_a_path_of_the_wrong_type_is_named(taker: str, given: str) -> None:
    """``ci.dump(i, 123)``, ``a.to_json(None)``, ``ci.load(["a.yaml"])`` ... raised a bare
    TypeError from pathlib ("expected str, bytes or os.PathLike object, not int"), naming
    neither the argument nor the function; bytes raised another ("argument should be a str
    object or an os.PathLike object returning str"). Each reader and writer now refuses them
    with the library's error, naming the argument, the function and the type given."""
    call, argument = PATH_TAKERS[taker]
    function = taker.split(":")[1]
    value = NOT_PATHS[given]
    place = argument
    if function == "from_iati" and given == "list":
        value, place = ["study.xml", 123], "path[1]"
    with pytest.raises(ci.ArgumentTypeError) as info:
        call(value)
    assert isinstance(info.value, ci.CollectiveImpactError)
    assert info.value.argument == argument
    message = str(info.value)
    assert message.startswith(f"{place}: {function} expected a path (a str or an os.PathLike)")
    kind = type(value if place == argument else 123).__name__
    assert f", got {kind}" in message
    if given.startswith("bytes") and argument == "path":
        assert message.endswith("(decode it first: os.fsdecode)")


class TestGapsBy:
    def test_an_unknown_code_is_refused_with_a_suggestion(self) -> None:
        """``gaps_by(code="nope")`` returned ``()``: a typo read as "no such gaps"."""
        with pytest.raises(ci.ArgumentValueError) as info:
            RESULT.gaps_by(code="uncovered-indicatr")
        assert str(info.value) == (
            "code: unknown gap code 'uncovered-indicatr' (did you mean 'uncovered-indicator' or "
            "'unmeasured-indicator'?)"
        )
        with pytest.raises(ci.ArgumentTypeError, match="code: expected a gap code"):
            RESULT.gaps_by(code=5)  # type: ignore[arg-type]

    def test_an_unknown_severity_names_the_three(self) -> None:
        """``gaps_by(severity="nope")`` raised a bare ``ValueError`` from enum."""
        with pytest.raises(ci.ArgumentValueError) as info:
            RESULT.gaps_by(severity="nope")
        assert str(info.value) == ("severity must be 'critical', 'warning' or 'info', got 'nope'")

    def test_known_values_still_filter(self) -> None:
        code = RESULT.gaps[0].code
        assert RESULT.gaps_by(code=code) == tuple(g for g in RESULT.gaps if g.code == code)
        assert RESULT.gaps_by(severity="info") == tuple(
            g for g in RESULT.gaps if g.severity == "info"
        )
        assert RESULT.gaps_by(code="short-funding", severity="critical") == tuple(
            g for g in RESULT.gaps if g.code == "short-funding" and g.severity == "critical"
        )


class TestResultArguments:
    @pytest.mark.parametrize("tolerance", [-1.0, math.nan, math.inf])
    def test_diff_refuses_a_tolerance_that_is_not_a_finite_number_from_0(
        self, tolerance: float
    ) -> None:
        """A negative or NaN tolerance was taken: a result then "changed" against itself."""
        with pytest.raises(ci.ArgumentValueError, match="tolerance must be a finite number"):
            RESULT.diff(RESULT, tolerance=tolerance)
        with pytest.raises(ci.ArgumentTypeError, match="tolerance must be a number"):
            RESULT.diff(RESULT, tolerance="0.1")  # type: ignore[arg-type]
        assert not RESULT.diff(RESULT, tolerance=0).changed

    @pytest.mark.parametrize(
        ("indent", "kind"), [("xx", ci.ArgumentTypeError), (-1, ci.ArgumentValueError)]
    )
    def test_to_json_refuses_an_indent_that_is_not_a_count(
        self, indent: Any, kind: type[Exception], tmp_path: Path
    ) -> None:
        """``to_json(p, indent="xx")`` wrote a file that is not JSON."""
        out = tmp_path / "r.json"
        with pytest.raises(kind, match=r"indent must be None or an integer \(int\) from 0"):
            RESULT.to_json(out, indent=indent)
        assert not out.exists()

    @pytest.mark.parametrize(
        ("keyword", "value", "kind"),
        [
            ("max_gaps", -1, ci.ArgumentValueError),
            ("max_gaps", "x", ci.ArgumentTypeError),
            ("max_gaps", True, ci.ArgumentValueError),
            ("max_recommendations", -2, ci.ArgumentValueError),
            ("max_recommendations", "3", ci.ArgumentTypeError),
        ],
    )
    def test_summary_refuses_a_limit_that_is_not_a_count(
        self, keyword: str, value: Any, kind: type[Exception]
    ) -> None:
        """``summary(max_gaps=-1)`` was taken and ``max_gaps="x"`` raised a bare TypeError."""
        with pytest.raises(kind, match=f"{keyword} must be"):
            RESULT.summary(**{keyword: value})
        assert RESULT.summary(max_gaps=None) == RESULT.summary(max_gaps=len(RESULT.gaps) + 100)


class TestCountsOfViews:
    """``AssessmentDiff.summary(max_lines=-1)`` showed no line of a list and said "… and 2
    more", ``max_lines=2.0`` raised a bare TypeError, and so did ``diff_html`` and
    ``initiative_html`` with ``max_rows=2.0`` (or ``2.5``), and ``close_matches`` with
    ``n=2.0`` (``n=0`` returned the exact match and a ValueError of difflib otherwise): counts
    d56c822 did not check (found by a reviewer). Each refuses a non-integer or a value below
    its least with the library's error, asking for "an integer (int)"."""

    DIFF = RESULT.diff(ci.assess(ci.load_example("cradle-to-career-2027")))

    @pytest.mark.parametrize(
        ("call", "least"),
        [
            (
                lambda v: TestCountsOfViews.DIFF.summary(max_lines=v),
                "None or an integer (int) from 0",
            ),
            (
                lambda v: ci.html.diff_html(TestCountsOfViews.DIFF, max_rows=v),
                "an integer (int) from 0",
            ),
            (
                lambda v: ci.html.initiative_html(INIT, max_rows=v),
                "None or an integer (int) from 0",
            ),
            (
                lambda v: ci.errors.close_matches("abx", ["abc", "abd"], n=v),
                "an integer (int) from 1",
            ),
        ],
    )
    @pytest.mark.parametrize(
        ("value", "kind"),
        [
            (2.0, ci.ArgumentTypeError),
            (2.5, ci.ArgumentTypeError),
            (-1, ci.ArgumentValueError),
            (True, ci.ArgumentValueError),
        ],
    )
    def test_a_count_that_is_not_an_integer_from_its_least_is_refused(
        self, call: Callable[[Any], Any], least: str, value: Any, kind: type[Exception]
    ) -> None:
        with pytest.raises(kind, match=rf"must be {re.escape(least)}, not "):
            call(value)

    def test_none_is_no_row_count_of_the_diff_view(self) -> None:
        """``diff_html`` has no "every row" (``3 * None`` crashed); ``initiative_html`` shows
        every row with ``None``, as it did before its count was checked (a reviewer)."""
        with pytest.raises(ci.ArgumentTypeError, match=r"max_rows must be an integer \(int\)"):
            ci.html.diff_html(self.DIFF, max_rows=None)  # type: ignore[arg-type]
        every = ci.html.initiative_html(INIT, max_rows=None)
        assert every == ci.html.initiative_html(INIT, max_rows=10**6)
        assert "more</div>" not in every

    def test_integers_still_work(self) -> None:
        assert self.DIFF.summary(max_lines=np.int64(3)) == self.DIFF.summary(max_lines=3)
        assert self.DIFF.summary(max_lines=None).startswith("Changes in ")
        assert ci.html.diff_html(self.DIFF, max_rows=0).startswith("<div")
        assert ci.html.initiative_html(INIT, max_rows=np.int64(2)) == ci.html.initiative_html(
            INIT, max_rows=2
        )
        assert ci.errors.close_matches("abx", ["abc", "abd"], n=np.int64(2)) == ["abd", "abc"]


class TestWhatWasAcceptedStaysAccepted:
    """The checks above refused what had worked (found by a reviewer of the session's changes):
    numpy's integers and floats as limits and tolerances (a count read from a frame), a tab as
    the indent of the JSON (``json.dumps`` takes it), ``max_recommendations=None`` (every
    recommendation)."""

    def test_numpy_numbers(self) -> None:
        from collective_impact.frames import pairs_frame

        assert pairs_frame(RESULT, top=np.int64(3)).shape[0] == 3
        assert RESULT.summary(max_gaps=np.int64(2)) == RESULT.summary(max_gaps=2)
        assert not RESULT.diff(RESULT, tolerance=np.int64(0)).changed
        assert not RESULT.diff(RESULT, tolerance=np.float32(1e-9)).changed

    def test_a_tab_indents(self, tmp_path: Path) -> None:
        out = tmp_path / "r.json"
        RESULT.to_json(out, indent="\t")
        text = out.read_text(encoding="utf-8")
        assert "\n\t" in text
        assert json.loads(text) == json.loads(json.dumps(RESULT.to_dict()))

    def test_every_recommendation(self) -> None:
        every = RESULT.summary(max_recommendations=None)
        assert every == RESULT.summary(max_recommendations=len(RESULT.recommendations) + 5)
