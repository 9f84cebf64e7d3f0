"""A file that cannot be read as a document lists every problem at once, not the first only.

A repeated key, a number that is not finite, a YAML tag or key refused... leave a document
readable: reading goes on to its end (or to a syntax error, which stops it and comes last) and
one :class:`~collective_impact.FormatError` lists them all in document order, each as a
:class:`~collective_impact.FormatProblem` with its line, column, code and path. The expected
places below were read off the files by hand (an editor's line and column of the value or key).
"""

from __future__ import annotations

import itertools
import json
import pickle
import time
import tomllib
from pathlib import Path

import pytest
import yaml

import collective_impact as ci
from collective_impact import FormatError, FormatProblem, ProblemCode
from collective_impact.cli import main
from collective_impact.datasets import example_text
from collective_impact.io import dumps, native

NOT_FINITE, SYNTAX = ProblemCode.NOT_FINITE, ProblemCode.SYNTAX


def places(err: FormatError) -> list[tuple[int | None, int | None, str, ProblemCode | None]]:
    """Each problem's line, column, path and code, in order."""
    return [(p.line, p.column, p.path, p.code) for p in err.problems]


def refused(text: str, fmt: str) -> FormatError:
    """The error of parsing ``text``, which must be refused."""
    with pytest.raises(FormatError) as info:
        native.parse(text, fmt, source=f"t.{fmt}")
    return info.value


@pytest.fixture(scope="module")
def example() -> ci.Initiative:
    return ci.load_example("cradle-to-career")


@pytest.fixture
def nan_json(tmp_path: Path, example: ci.Initiative) -> Path:
    """The JSON example with a ``NaN`` and an ``Infinity`` (two observations in a row)."""
    text = dumps(example, "json")
    text = text.replace('"value": 34.0', '"value": NaN', 1)
    text = text.replace('"value": 30.0', '"value": Infinity', 1)
    path = tmp_path / "nan.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def nan_yaml(tmp_path: Path) -> Path:
    """The YAML example with two repeated keys and two numbers that are not finite."""
    text = example_text("cradle-to-career")
    text = text.replace("value: 34.0", "value: .nan", 1).replace("value: 30.0", "value: .inf", 1)
    text = text.replace(
        "{id: bank, name: First Example Bank,", "{id: bank, name: First Example Bank, name: X,", 1
    )
    text = text.replace(
        "{id: chamber, name: Example Chamber of Commerce,",
        "{id: chamber, name: A, name: Example Chamber of Commerce,",
        1,
    )
    path = tmp_path / "nan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class TestTheExampleFiles:
    """The two files of the report: 2 and 4 problems, where a reader stopped at the first."""

    def test_json_lists_both_numbers(self, nan_json: Path) -> None:
        """``NaN`` at line 209 and ``Infinity`` at line 215, both in column 20 (their first
        character, after ``"value": `` indented 10)."""
        with pytest.raises(FormatError) as info:
            ci.load(nan_json)
        err = info.value
        observation = "indicators[0].observations[{}].value"
        assert places(err) == [
            (209, 20, observation.format(1), NOT_FINITE),
            (215, 20, observation.format(2), NOT_FINITE),
        ]
        assert [p.message for p in err.problems] == [
            f"invalid JSON: not a finite number: 'NaN' (at {observation.format(1)})",
            f"invalid JSON: not a finite number: 'Infinity' (at {observation.format(2)})",
        ]
        # the first problem is the error's own, as before
        assert (err.message, err.line, err.column, err.code) == (
            err.problems[0].message,
            209,
            20,
            NOT_FINITE,
        )
        assert err.omitted == 0
        assert str(err).splitlines() == [
            f"2 problems in {nan_json}:",
            f"  line 209, column 20: {err.problems[0].message}",
            f"  line 215, column 20: {err.problems[1].message}",
        ]

    def test_yaml_lists_the_keys_and_the_numbers(self, nan_yaml: Path) -> None:
        """The repeated ``name`` keys of partners 10 and 11 (lines 43 and 44, at the second
        ``name``), then ``.nan`` and ``.inf`` (lines 70 and 71, column 35)."""
        with pytest.raises(FormatError) as info:
            ci.load(nan_yaml)
        err = info.value
        assert places(err) == [
            (43, 42, "partners[10]", SYNTAX),
            (44, 28, "partners[11]", SYNTAX),
            (70, 35, "indicators[0].observations[1].value", NOT_FINITE),
            (71, 35, "indicators[0].observations[2].value", NOT_FINITE),
        ]
        assert err.problems[0].message == "invalid YAML: duplicate key 'name' (in partners[10])"
        assert str(err).startswith(f"4 problems in {nan_yaml}:\n  line 43, column 42: ")

    @pytest.mark.parametrize("parser", ["libyaml", "python"])
    def test_either_yaml_parser(self, nan_yaml: Path, parser: str) -> None:
        loader = native._StrictLoader if parser == "libyaml" else native._PurePythonStrictLoader
        with pytest.raises(FormatError) as info:
            native._parse_yaml(nan_yaml.read_text(encoding="utf-8"), "nan.yaml", loader)
        assert [p.line for p in info.value.problems] == [43, 44, 70, 71]

    def test_the_cli_prints_them_all(
        self, nan_json: Path, nan_yaml: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status = main(["validate", str(nan_json), str(nan_yaml)])
        out, err = capsys.readouterr()
        assert status == 1
        assert out.splitlines() == [f"{nan_json}: INVALID", f"{nan_yaml}: INVALID"]
        assert f"2 problems in {nan_json}:" in err
        assert f"4 problems in {nan_yaml}:" in err
        for line in ("line 215, column 20", "line 44, column 28", "line 71, column 35"):
            assert line in err
        assert "Traceback" not in out + err

    def test_valid_files_take_the_fast_path_unchanged(
        self, tmp_path: Path, example: ci.Initiative, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A valid file never runs what collects problems, and reads as before."""

        def never(*args: object, **kwargs: object) -> None:
            raise AssertionError("the collecting path ran for a valid file")

        monkeypatch.setattr(native, "_json_problems", never)
        monkeypatch.setattr(native._Found, "error", never)
        plain = {"json": json.loads, "yaml": yaml.safe_load, "toml": tomllib.loads}
        for fmt, read in plain.items():
            text = dumps(example, fmt)
            path = tmp_path / f"ok.{fmt}"
            path.write_text(text, encoding="utf-8")
            assert ci.load(path) == example
            assert native.parse(text, fmt) == read(text)


class TestJson:
    def test_a_syntax_error_after_a_nan_comes_last(self) -> None:
        err = refused('{"a": NaN, "b": [1, 2,\n "c": 1e400}', "json")
        assert places(err) == [(1, 7, "a", NOT_FINITE), (2, 5, "", SYNTAX)]
        assert err.problems[-1].message == "invalid JSON: Expecting ',' delimiter"

    def test_nothing_after_the_syntax_error(self) -> None:
        """The NaN after the error is not read: what follows a syntax error is not JSON."""
        err = refused('{"a": Infinity, "b": ]\n, "c": NaN}', "json")
        assert places(err) == [(1, 7, "a", NOT_FINITE), (1, 22, "", SYNTAX)]

    def test_a_repeated_key_of_an_object_left_open(self) -> None:
        """The parser checks an object's keys once it is closed; the syntax error comes first."""
        err = refused('{"a": 1,\n "a": 2, "b": }', "json")
        assert places(err) == [(2, 2, "", SYNTAX), (2, 15, "", SYNTAX)]
        assert [p.message for p in err.problems] == [
            "invalid JSON: duplicate key 'a'",
            "invalid JSON: Expecting value",
        ]

    def test_every_kind_in_document_order(self) -> None:
        text = (
            '{"s": "\\ud800", "n": [1, -Infinity, 1e-400, 2],\n'
            ' "x y": {"k": 1, "k": ' + "9" * 401 + '}, "s": 1}'
        )
        err = refused(text, "json")
        assert places(err) == [
            (1, 7, "s", ProblemCode.ENCODING),
            (1, 26, "n[1]", NOT_FINITE),
            (1, 37, "n[2]", ProblemCode.OUT_OF_RANGE),
            (2, 18, "['x y']", SYNTAX),
            (2, 23, "['x y'].k", NOT_FINITE),
            (2, 427, "", SYNTAX),
        ]
        assert err.problems[3].message == "invalid JSON: duplicate key 'k' (in ['x y'])"

    def test_an_escaped_backslash_is_no_surrogate(self) -> None:
        err = refused('{"a": "\\\\ud800", "b": NaN}', "json")
        assert places(err) == [(1, 23, "b", NOT_FINITE)]

    def test_a_lone_surrogate_alone(self) -> None:
        """The strict parser reads it; the walk then finds it, and only it."""
        err = refused('[1, "ok", {"k": ["a\\udc00"]}]', "json")
        assert places(err) == [(1, 18, "[2].k[0]", ProblemCode.ENCODING)]

    def test_deep_nesting_in_bounded_time(self) -> None:
        """A NaN at the bottom of 900 levels, below 100,000 numbers: read in bounded passes."""
        text = "[" * 900 + ",".join(["1.5"] * 100_000 + ["NaN"]) + "]" * 900
        started = time.perf_counter()
        err = refused(text, "json")
        assert time.perf_counter() - started < 20.0  # about 0.3 s
        assert places(err) == [(1, 400_901, "[0]" * 899 + "[100000]", NOT_FINITE)]


class TestYaml:
    def test_a_syntax_error_after_a_nan_comes_last(self) -> None:
        err = refused("a: .nan\nb: [1, 2\nc: .inf\n", "yaml")
        assert places(err) == [(1, 4, "a", NOT_FINITE), (3, 2, "", SYNTAX)]
        assert err.problems[-1].message.startswith("invalid YAML: while parsing a flow sequence")

    def test_a_second_document_comes_last(self) -> None:
        err = refused("a: .inf\nb: {x: 1, x: 2}\n---\nc: 1\n", "yaml")
        assert places(err) == [(1, 4, "a", NOT_FINITE), (2, 11, "b", SYNTAX), (3, 1, "", SYNTAX)]

    def test_a_key_refused_once_and_the_values_under_it_placed(self) -> None:
        """A key that is not text is one problem (its value's path names it as written); a
        mapping used as a key is refused where it starts, not again where it ends."""
        err = refused("1: .inf\n? {a: 1}\n: x\ny: !!set {}\nz: *nope\n", "yaml")
        assert places(err) == [
            (1, 1, "", ProblemCode.WRONG_TYPE),
            (1, 4, "['1']", NOT_FINITE),
            (2, 3, "", ProblemCode.WRONG_TYPE),
            (4, 4, "y", ProblemCode.UNSAFE),
            (5, 4, "", SYNTAX),
        ]
        assert err.problems[4].message == "invalid YAML: found undefined alias 'nope'"

    def test_each_repeated_number_is_a_problem(self) -> None:
        """The same text twice is two problems (a refused value is not cached)."""
        err = refused("a: [.nan, .nan, 1.0e+400, 1.0e+400]\n", "yaml")
        assert [p.path for p in err.problems] == ["a[0]", "a[1]", "a[2]", "a[3]"]

    def test_an_alias_bomb_still_stops_reading(self) -> None:
        lol = ["a: &a [.nan, x, x, x, x, x, x, x, x, x]"]
        lol += [
            f"{k}: &{k} [{', '.join([f'*{p}'] * 10)}]" for p, k in itertools.pairwise("abcdefg")
        ]
        err = refused("\n".join(lol) + "\n", "yaml")
        assert places(err)[0] == (1, 8, "a[0]", NOT_FINITE)
        assert err.problems[-1].code == ProblemCode.UNSAFE
        assert "alias bomb" in err.problems[-1].message
        assert len(err.problems) == 2


class TestToml:
    def test_every_refused_float_in_document_order(self) -> None:
        """Tables out of order: each float is placed at its own line, with its path."""
        text = "a = inf\n[x]\nb = nan\n[y]\nb = nan\n[x.z]\nc = [1.0, -inf, 1e-400]\n"
        err = refused(text, "toml")
        assert places(err) == [
            (1, 5, "a", NOT_FINITE),
            (3, 5, "x.b", NOT_FINITE),
            (5, 5, "y.b", NOT_FINITE),
            (7, 11, "x.z.c[1]", NOT_FINITE),
            (7, 17, "x.z.c[2]", ProblemCode.OUT_OF_RANGE),
        ]

    def test_every_integer_too_long(self) -> None:
        err = refused(f"a = {'1' * 401}\nb = 'x'\nc = [{'2' * 500}]\n", "toml")
        assert places(err) == [(1, 5, "", NOT_FINITE), (3, 6, "", NOT_FINITE)]


#: A YAML file with two problems of the document (a repeated key, a number YAML 1.1 reads as
#: octal) and four of the model: a second run listed those only once the first two were fixed.
BOTH_YAML = """\
schema_version: 1
name: Both
partners:
  - {id: united-way, name: United Way, name: UW, sector: nonprofit}
  - {id: schools, name: Schools, sector: goverment}
  - {id: NO, name: Norway, sector: government}
indicators:
  - id: k-ready
    name: Readiness
    direction: up
    baseline: {date: 2024-9-1, value: 050}
activities:
  - {id: a, name: Reading club, partners: [schools, unted-way]}
"""


def loaded(text: str, fmt: str) -> FormatError:
    """The error of loading ``text``, which must be refused as a document."""
    with pytest.raises(FormatError) as info:
        ci.loads(text, fmt, source=f"t.{fmt}")
    return info.value


class TestTheModelToo:
    """A document read to its end is checked by the model too: every problem in one error.

    Its own problems first, then the model's (each a FormatProblem with its path and code, no
    line); the model's word on what the reader set aside (a refused value, the values of a
    key given twice) is left out, as is what only follows from it.
    """

    def test_yaml(self) -> None:
        err = loaded(BOTH_YAML, "yaml")
        assert [str(p) for p in err.problems] == [
            "line 4, column 40: invalid YAML: duplicate key 'name' (in partners[0])",
            "line 11, column 39: invalid YAML: '050' has a leading zero, which YAML 1.1 reads "
            "as octal (40); write 50 (or quote it as text) (at indicators[0].baseline.value)",
            "partners[1].sector: expected one of 'government', 'nonprofit', 'business', "
            "'philanthropy', 'community', 'academic', 'faith', 'other'; got 'goverment' (did "
            "you mean 'government'?)",
            "partners[2].id: expected an id (a non-empty string), got the boolean false",
            "indicators[0].baseline.date: expected a date (YYYY-MM-DD), got '2024-9-1' (write "
            "2024-09-01)",
            "indicators[0].direction: expected one of 'increase', 'decrease'; got 'up'",
            "activities[0].partners[1]: unknown partner 'unted-way' (did you mean 'united-way'?)",
        ]
        assert [(p.path, p.code) for p in err.problems[2:4]] == [
            ("partners[1].sector", ProblemCode.INVALID_CHOICE),
            ("partners[2].id", ProblemCode.WRONG_TYPE),
        ]
        assert all(p.line is None for p in err.problems[2:])
        assert (err.line, err.column, err.code) == (4, 40, SYNTAX)  # the first's, as before
        assert str(err).startswith("7 problems in t.yaml:\n  line 4, column 40: ")

    @pytest.mark.parametrize("parser", ["libyaml", "python"])
    def test_either_yaml_parser(self, parser: str) -> None:
        loader = native._StrictLoader if parser == "libyaml" else native._PurePythonStrictLoader
        with pytest.raises(FormatError) as info:
            native._parse_yaml(BOTH_YAML, "t.yaml", loader)
        assert isinstance(info.value, native._Readable)  # read whole, with its tree
        both = native._model_problems(info.value, "t.yaml")
        assert both.problems == loaded(BOTH_YAML, "yaml").problems

    def test_json(self) -> None:
        text = (
            '{"schema_version": 1, "name": "J", "partners": '
            '[{"id": "a", "name": "A", "name": "B", "sector": "goverment"}]}'
        )
        err = loaded(text, "json")
        assert [(p.line, p.path, p.code) for p in err.problems] == [
            (1, "partners[0]", SYNTAX),
            (None, "partners[0].sector", ProblemCode.INVALID_CHOICE),
        ]

    def test_toml(self) -> None:
        text = (
            'schema_version = 1\nname = "T"\n[[partners]]\nid = "a"\nname = "A"\n'
            'sector = "goverment"\n[[ties]]\nsource = "a"\ntarget = "zz"\nstrength = nan\n'
        )
        err = loaded(text, "toml")
        assert [(p.line, p.path, p.code) for p in err.problems] == [
            (10, "ties[0].strength", NOT_FINITE),
            (None, "partners[0].sector", ProblemCode.INVALID_CHOICE),
            (None, "ties[0].target", ProblemCode.UNKNOWN_REFERENCE),
        ]

    def test_the_file_readers_and_the_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "both.yaml"
        path.write_text(BOTH_YAML, encoding="utf-8")
        for progress in (False, True):
            with pytest.raises(FormatError) as info:
                ci.load(path, progress=progress)
            assert len(info.value.problems) == 7
        assert main(["validate", str(path)]) == 1
        assert f"7 problems in {path}:" in capsys.readouterr().err

    def test_what_is_set_aside_is_not_said_again(self) -> None:
        """A refused value is not also "expected a number"; a merged mapping does not also
        lack the keys the merge would give; a value whose tag is refused is not read."""
        text = (
            "schema_version: 1\nname: N\n"
            "partners:\n"
            "  - {id: a, name: A, sector: nonprofit, roles: !!set {funder: null}}\n"
            "  - {<<: {name: B, sector: business}, id: b}\n"
            "indicators:\n"
            "  - {id: k, name: K, baseline: {date: 2024-01-01, value: .nan}}\n"
            "ties:\n  - {source: a, target: b, strength: .inf}\n"
        )
        err = loaded(text, "yaml")
        assert [p.code for p in err.problems] == [
            ProblemCode.UNSAFE,
            ProblemCode.UNSAFE,
            NOT_FINITE,
            NOT_FINITE,
        ]

    def test_a_key_that_is_not_text_hides_only_a_key_of_its_name(self) -> None:
        """``2024: founded`` in a partner is refused as a key that is not text; the missing
        ``sector`` beside it was not said until the key was quoted (a fresh-eyes reviewer): a
        key refused as written stands for that name only."""
        text = (
            "schema_version: 1\nname: N\npartners:\n"
            "  - {id: a, name: A, 2024: founded}\n"
            "  - {id: b, name: B, sector: government}\n"
        )
        err = loaded(text, "yaml")
        assert [str(p) for p in err.problems][1:] == ["partners[0]: missing required key 'sector'"]
        assert err.problems[0].code is ProblemCode.WRONG_TYPE

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_an_id_given_twice_hides_only_the_references_to_its_values(self, fmt: str) -> None:
        """Which of the two ids is meant is unknown: neither is read, a reference to either
        follows from the repeated key, and a reference to neither is still said."""
        tree = (
            '{"schema_version": 1, "name": "N", "partners": ['
            '{"id": "a", "name": "A", "sector": "other"}, '
            '{"id": "b", "id": "bb", "name": "B", "sector": "other"}], '
            '"ties": [{"source": "a", "target": "b"}, {"source": "a", "target": "bb"}, '
            '{"source": "a", "target": "c"}]}'
        )
        err = loaded(tree, fmt)  # JSON is YAML
        assert [(p.path, p.code) for p in err.problems] == [
            ("partners[1]", SYNTAX),
            ("ties[2].target", ProblemCode.UNKNOWN_REFERENCE),
        ]

    def test_a_section_given_twice_is_not_read(self) -> None:
        text = (
            "schema_version: 1\nname: N\n"
            "partners: [{id: a, name: A, sector: other}]\n"
            "partners: [{id: b, name: B, sector: other}]\n"
            "ties: [{source: a, target: b, strength: 2}]\n"
        )
        err = loaded(text, "yaml")
        assert [(p.path, p.code) for p in err.problems] == [
            ("", SYNTAX),
            ("ties[0].strength", ProblemCode.OUT_OF_RANGE),
        ]

    def test_a_syntax_error_still_stops_there(self) -> None:
        """A document not read to its end has no tree to check: its own problems only."""
        err = loaded(BOTH_YAML + "ties: [{source: a\n", "yaml")
        assert [p.code for p in err.problems] == [SYNTAX, ProblemCode.WRONG_TYPE, SYNTAX]

    def test_parse_and_read_tree_check_the_document_only(self, tmp_path: Path) -> None:
        assert len(refused(BOTH_YAML, "yaml").problems) == 2
        path = tmp_path / "both.yaml"
        path.write_text(BOTH_YAML, encoding="utf-8")
        with pytest.raises(FormatError) as info:
            native.read_tree(path)
        assert len(info.value.problems) == 2

    def test_past_the_cap_the_document_s_problems_only(self) -> None:
        text = "schema_version: 1\nname: 5\npartners: [" + ", ".join([".nan"] * 1001) + "]\n"
        err = loaded(text, "yaml")
        assert (len(err.problems), err.omitted) == (1000, 1)
        assert {p.code for p in err.problems} == {NOT_FINITE}


class TestTheCap:
    """A document's first 1,000 problems are kept; the rest are counted."""

    def test_json(self) -> None:
        text = json.dumps({f"k{i}": 0.5 for i in range(5000)}).replace("0.5", "NaN")
        started = time.perf_counter()
        err = refused(text, "json")
        assert time.perf_counter() - started < 10.0  # about 0.03 s
        assert (len(err.problems), err.omitted) == (1000, 4000)
        assert err.problems[-1].path == "k999"
        lines = str(err).splitlines()
        assert lines[0] == "5,000 problems in t.json:"
        assert len(lines) == 1 + 200 + 1
        assert lines[-1] == "  ... and 4,800 more (the first 1,000 are in the .problems attribute)"

    def test_json_with_a_syntax_error_kept_last(self) -> None:
        text = "[" + ", ".join(["NaN"] * 3000) + ", ]"
        err = refused(text, "json")
        assert (len(err.problems), err.omitted) == (1001, 2000)
        assert err.problems[-1].code == SYNTAX

    def test_yaml(self) -> None:
        err = refused("- .inf\n" * 5000, "yaml")
        assert (len(err.problems), err.omitted) == (1000, 4000)
        assert err.problems[-1].line == 1000


class TestFormatError:
    def test_one_problem_as_before(self) -> None:
        err = FormatError("expected ':'", source="x.yaml", line=3, column=7, code=SYNTAX)
        assert str(err) == "x.yaml, line 3, column 7: expected ':'"
        assert err.problems == (FormatProblem("expected ':'", line=3, column=7, code=SYNTAX),)
        assert err.omitted == 0

    def test_past_200_the_first_199_and_the_last(self) -> None:
        problems = [FormatProblem(f"bad {k}", line=k) for k in range(1, 301)]
        lines = str(FormatError.from_problems(problems, source="s")).splitlines()
        assert lines[0] == "300 problems in s:"
        assert lines[199:] == [
            "  line 199: bad 199",
            "  ... and 100 more (summary(max_lines=None) lists every one, as the .problems "
            "attribute holds)",
            "  line 300: bad 300",
        ]

    def test_pickles_with_its_problems(self) -> None:
        problems = [FormatProblem("a", line=1, column=2, code=NOT_FINITE, path="x[0]")] * 2
        err = FormatError.from_problems(problems, source="f.json", omitted=5)
        again = pickle.loads(pickle.dumps(err))
        assert (again.problems, again.omitted, str(again)) == (err.problems, 5, str(err))
        assert (again.message, again.line, again.column, again.code) == ("a", 1, 2, NOT_FINITE)


def test_the_file_format_page_s_example(tmp_path: Path) -> None:
    """docs/file-format.md shows a YAML file with a repeated key, two non-finite numbers and a
    syntax error, and the error it gives: the page's text is what the library prints."""
    page = (Path(__file__).parents[1] / "docs" / "file-format.md").read_text(encoding="utf-8")
    head = page.index("A problem that leaves the document readable")
    start = page.index(":force:\n\n", head) + len(":force:\n\n")
    document = page[start : page.index("```", start)]
    shown = page.index("```text\n", start) + len("```text\n")
    expected = page[shown : page.index("```", shown)].rstrip("\n")
    path = tmp_path / "broken-syntax.yaml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(ci.FormatError) as info:
        ci.load(path)
    assert str(info.value).replace(str(path), path.name) == expected


def test_the_file_format_page_s_example_read_to_its_end(tmp_path: Path) -> None:
    """The page's second file: a repeated key and a refused number, which leave it readable,
    and four problems of the model, listed after them in one error."""
    page = (Path(__file__).parents[1] / "docs" / "file-format.md").read_text(encoding="utf-8")
    head = page.index("When nothing stops reading")
    start = page.index(":force:\n\n", head) + len(":force:\n\n")
    document = page[start : page.index("```", start)]
    shown = page.index("```text\n", start) + len("```text\n")
    expected = page[shown : page.index("```", shown)].rstrip("\n")
    path = tmp_path / "broken-both.yaml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(ci.FormatError) as info:
        ci.load(path)
    assert str(info.value).replace(str(path), path.name) == expected


def _page_block(page: str, heading: str, fence: str) -> str:
    """The text of the first ``fence`` block after ``heading`` in a docs page."""
    start = page.index(fence, page.index(heading)) + len(fence)
    return page[start : page.index("```", start)]


def test_the_file_format_page_s_complete_example_has_every_key() -> None:
    """The page says "Every key of the format appears below": every property of the JSON
    Schema (of the file and of each kind in it) is a key of the complete example, which
    loads. (The PARTNER ratings and ``intensity`` of a tie were missing from it.)"""
    page = (Path(__file__).parents[1] / "docs" / "file-format.md").read_text(encoding="utf-8")
    text = _page_block(page, "## A complete example", "```yaml\n")
    ci.loads(text, format="yaml")
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            keys.update(str(k) for k in node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(text))
    schema = ci.json_schema()
    missing = {f"(file).{k}" for k in schema["properties"] if k not in keys}
    for kind, definition in schema["$defs"].items():
        missing |= {f"{kind}.{k}" for k in definition.get("properties", {}) if k not in keys}
    assert not missing


def test_the_file_format_page_s_broken_example(tmp_path: Path) -> None:
    """The five mistakes of the page's ``broken.yaml``, as the library reports them."""
    page = (Path(__file__).parents[1] / "docs" / "file-format.md").read_text(encoding="utf-8")
    heading = "For instance, this file has five mistakes"
    path = tmp_path / "broken.yaml"
    path.write_text(_page_block(page, heading, "```yaml\n"), encoding="utf-8")
    expected = _page_block(page, heading, "```text\n").rstrip("\n")
    with pytest.raises(ci.ValidationError) as info:
        ci.load(path)
    assert str(info.value).replace(str(path), path.name) == expected


class TestYamlCharacters:
    """Found by a report-only reviewer fuzzing the readers."""

    def test_a_lone_surrogate_in_yaml_text_is_a_format_error(self) -> None:
        """``loads`` of YAML text holding a lone surrogate raised UnicodeEncodeError (libyaml
        takes UTF-8); JSON and TOML said where it is."""
        with pytest.raises(ci.FormatError) as info:
            ci.loads("schema_version: 1\nname: \udcff\npartners: []\n", format="yaml")
        assert (info.value.line, info.value.column) == (2, 7)
        assert "lone surrogate (U+DCFF" in str(info.value)

    @pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\ufffe"])
    def test_a_character_yaml_refuses_is_placed(self, char: str) -> None:
        """'unacceptable character #x0001 ... in "<unicode string>", position 13': no line or
        column, and the position a byte of the UTF-8 text (é before it is two)."""
        text = f"schema_version: 1\nn: é\nname: a{char}b\npartners: []\n"
        with pytest.raises(ci.FormatError) as info:
            ci.loads(text, format="yaml")
        assert (info.value.line, info.value.column) == (3, 8)
        assert f"the character U+{ord(char):04X} is not allowed here" in str(info.value)
        assert "<unicode string>" not in str(info.value)

    def test_an_unseen_line_break_is_named_where_it_is(self) -> None:
        """U+0085 (or U+2028, U+2029) unquoted is a line break to YAML 1.1: the only problem
        was "line 4, column 1: could not find expected ':'". Quoted, it is kept (the writer
        quotes it), so a file is not refused for holding one."""
        for char in ("\x85", "\u2028"):
            text = f"schema_version: 1\nname: a{char}b\npartners: []\n"
            with pytest.raises(ci.FormatError) as info:
                ci.loads(text, format="yaml")
            first = info.value.problems[0]
            assert (first.line, first.column) == (2, 8)
            assert f"U+{ord(char):04X}" in first.message
        init = ci.load_example("workforce").evolve(description="one\u2028two")
        assert ci.loads(ci.dumps(init)) == init


class TestHintsForANewUser:
    """Found by a reviewer following the docs as a new user."""

    def test_a_tab_in_the_indentation_is_named(self) -> None:
        """PyYAML says "found character that cannot start any token", which never mentions
        the tab an editor shows as spaces."""
        text = "schema_version: 1\nname: T\npartners:\n\t- {id: a, name: A, sector: other}\n"
        with pytest.raises(FormatError) as err:
            ci.loads(text, "yaml")
        (problem,) = err.value.problems
        assert (problem.line, problem.column) == (4, 1)
        assert problem.message == (
            "invalid YAML: a tab character, where YAML allows only spaces (YAML indents with "
            "spaces: replace the tab)"
        )
        other = "schema_version: 1\nname: T\npartners: [\n"  # another error keeps PyYAML's words
        with pytest.raises(FormatError, match="invalid YAML: while parsing"):
            ci.loads(other, "yaml")

    def test_a_percent_sign_in_a_number(self) -> None:
        text = (
            "schema_version: 1\nname: T\npartners:\n  - {id: a, name: A, sector: nonprofit}\n"
            "  - {id: b, name: B, sector: nonprofit}\nindicators:\n  - {id: k, name: K, "
            "direction: increase, baseline: {date: 2024-01-01, value: 13.1%}}\nties:\n"
            "  - {source: a, target: b, kind: funding, strength: 40%}\n"
        )
        with pytest.raises(ci.ValidationError) as err:
            ci.loads(text, "yaml")
        assert [p.message for p in err.value.problems] == [
            "expected a number, got '13.1%' (write 13.1 for 13.1 percent, without the percent "
            "sign; the unit is the indicator's)",
            "expected a number, got '40%' (a share in (0, 1]: write 0.4 for 40%)",
        ]

    @pytest.mark.parametrize(
        ("fmt", "strength"),
        [("yaml", "strength: '0.4'"), ("json", '"strength": "0.4"'), ("toml", 'strength = "0.4"')],
    )
    def test_a_number_in_quotes_is_named_as_such(self, fmt: str, strength: str) -> None:
        """ "expected a number, got '0.4'" shows a number where it asks for one."""
        texts = {
            "yaml": "schema_version: 1\nname: T\npartners:\n  - {id: a, name: A, sector: other}"
            "\n  - {id: b, name: B, sector: other}\nties:\n  - {source: a, target: b, kind: "
            f"funding, {strength}}}\n",
            "json": '{"schema_version": 1, "name": "T", "partners": [{"id": "a", "name": "A", '
            '"sector": "other"}, {"id": "b", "name": "B", "sector": "other"}], "ties": [{"source":'
            f' "a", "target": "b", "kind": "funding", {strength}}}]}}',
            "toml": 'schema_version = 1\nname = "T"\n[[partners]]\nid = "a"\nname = "A"\n'
            'sector = "other"\n[[partners]]\nid = "b"\nname = "B"\nsector = "other"\n'
            f'[[ties]]\nsource = "a"\ntarget = "b"\nkind = "funding"\n{strength}\n',
        }
        with pytest.raises(ci.ValidationError) as err:
            ci.loads(texts[fmt], fmt)
        assert [(p.path, p.message) for p in err.value.problems] == [
            (
                "ties[0].strength",
                "expected a number, got '0.4' (a number written as text: write it without quotes)",
            )
        ]
        for text in ("'lots'", "'1_000'", "'inf'"):  # not a number as a file writes one
            with pytest.raises(ci.ValidationError) as other:
                ci.loads(texts[fmt].replace("0.4", text.strip("'")), fmt)
            assert "quotes" not in str(other.value)
        # an Arabic-Indic four: Python's float() reads it, no file format does, so "write it
        # without quotes" sent the writer round in a loop (the same text, the same message)
        with pytest.raises(ci.ValidationError) as foreign:
            ci.loads(texts[fmt].replace("0.4", "0.\u0664"), fmt)
        assert [p.message for p in foreign.value.problems] == [
            "expected a number, got '0.\u0664' (it holds a digit other than 0 to 9: write the "
            "number with the digits 0 to 9)"
        ]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("01/09/2024", " (2024-09-01 or 2024-01-09? write the date as YYYY-MM-DD)"),
        ("13/09/2024", " (write 2024-09-13)"),
        ("2024-9-1", " (write 2024-09-01)"),
        ("2024-13-01", " (no such date: month must be in 1..12)"),
        ("2023-02-29", " (no such date: day is out of range for month)"),
        ("next year", ""),
    ],
)
def test_a_date_not_written_yyyy_mm_dd_says_what_it_may_mean(written: str, hint: str) -> None:
    """A new user's ``01/09/2024`` was "expected a date (YYYY-MM-DD)", and ``2024-13-01`` the
    same words although it is written right (found by a reviewer). A slashed date gives both
    readings, never one guessed; a date written right but not in the calendar says why."""
    text = (
        "schema_version: 1\nname: T\npartners:\n  - {id: a, name: A, sector: nonprofit}\n"
        f"indicators:\n  - {{id: k, name: K, baseline: {{date: '{written}', value: 1}}}}\n"
    )
    with pytest.raises(ci.ValidationError) as err:
        ci.loads(text, "yaml")
    (problem,) = err.value.problems
    assert problem.message == f"expected a date (YYYY-MM-DD), got '{written}'{hint}"
