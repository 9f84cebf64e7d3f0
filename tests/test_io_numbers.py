"""Numbers and text the readers and writers must not change silently.

* :mod:`collective_impact.io.native`: a number that underflows to 0 (``1e-400``) is refused by
  every reader (YAML, JSON with and without its compiled fast paths, TOML), as the CSV readers
  refuse it (:func:`collective_impact.io._sheets.underflows`).
* The YAML writer quotes every text that a YAML 1.1 or 1.2 reader would take for something else.
* :mod:`collective_impact.io.workbook`: dates before 1900, which Excel cannot hold, round-trip.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact.errors import ProblemCode
from collective_impact.io import native
from collective_impact.io._sheets import underflows
from conftest import examples

_FORMAT_NAMES = {"yaml": "YAML", "json": "JSON", "toml": "TOML"}


def _refusal(text: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> ci.FormatError:
    """Parse ``text``, which must be refused; for JSON, the same on the standard path."""
    with pytest.raises(ci.FormatError) as info:
        native.parse(text, fmt, source=f"t.{fmt}")
    if fmt == "json":
        with monkeypatch.context() as m:
            m.setattr(native, "_orjson", None)
            with pytest.raises(ci.FormatError) as standard:
                native.parse(text, fmt, source=f"t.{fmt}")
        assert str(standard.value) == str(info.value)
    return info.value


class TestUnderflowIsRefused:
    """A nonzero number that a float reads as 0 is refused, located as ``1e400`` is.

    The least positive float is about 4.9e-324 (``5e-324``); a literal below half of it rounds
    to 0.0, so ``1e-400`` and ``2.4703282292062327e-324`` were read as 0 by every native reader
    (and by orjson and msgspec). YAML 1.1 reads a float only with a point and a signed exponent
    (``1.0e-400``; ``1e-400`` is text, which the model refuses as not a number).
    """

    @pytest.mark.parametrize(
        ("fmt", "text", "place", "path", "literal"),
        [
            ("json", '{"a": 1e-400}', "line 1, column 7", "a", "1e-400"),
            ("json", '{"a": [1,\n  -2.5E-330]}', "line 2, column 3", "a[1]", "-2.5E-330"),
            # just below half the least subnormal float
            ("json", '{"a": {"b": 2.4703282292062327e-324}}', "line 1, column 13", "a.b", None),
            # a nonzero part of 1e-18 and an exponent of three digits
            ("json", "[0.000000000000000001e-307]", "line 1, column 2", "[0]", None),
            ("json", '{"a": 1E-0400}', "line 1, column 7", "a", "1E-0400"),
            ("yaml", "a: 1.0e-400\n", "line 1, column 4", "a", "1.0e-400"),
            ("yaml", "a:\n  - 1\n  - -2.5e-330\n", "line 3, column 5", "a[1]", "-2.5e-330"),
            ("yaml", "a: !!float 1.0e-400\n", "line 1, column 4", "a", "1.0e-400"),
            ("yaml", "a: {b: 10.0e-400}\n", "line 1, column 8", "a.b", "10.0e-400"),
            ("toml", "a = 1e-400\n", "line 1, column 5", "a", "1e-400"),
            ("toml", "[t]\nb = [1.0, -2.5e-330]\n", "line 2, column 11", "t.b[1]", "-2.5e-330"),
            ("toml", "a = 1_0.0e-400\n", "line 1, column 5", "a", "1_0.0e-400"),
        ],
    )
    def test_refused_with_its_place_and_path(
        self,
        fmt: str,
        text: str,
        place: str,
        path: str,
        literal: str | None,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        error = _refusal(text, fmt, monkeypatch)
        if literal is None:
            literal = re.search(r"[-0-9.]+e-\d+", text).group()  # type: ignore[union-attr]
        expected = (
            f"t.{fmt}, {place}: invalid {_FORMAT_NAMES[fmt]}: too close to 0 for a "
            "floating-point number (the least is about 4.9e-324), so it would read as 0: "
            f"'{literal}' (at {path})"
        )
        assert str(error) == expected
        assert error.code == ProblemCode.OUT_OF_RANGE

    @pytest.mark.parametrize(
        ("fmt", "small", "large"),
        [
            ("json", '{"x": [0, {"a": 1e-400}]}', '{"x": [0, {"a": 1e400}]}'),
            ("yaml", "x:\n- 0\n- a: 1.0e-400\n", "x:\n- 0\n- a: 1.0e+400\n"),
            ("toml", "[[x]]\na = 1e-400\n", "[[x]]\na = 1e400\n"),
        ],
    )
    def test_worded_and_placed_as_a_number_that_overflows(
        self, fmt: str, small: str, large: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same place, path and shape of message as ``1e400`` (``not a finite number``)."""
        under = str(_refusal(small, fmt, monkeypatch))
        over = str(_refusal(large, fmt, monkeypatch))
        prefix = over[: over.index("not a finite number")]
        assert under.startswith(prefix)
        assert under.removeprefix(prefix).startswith("too close to 0 for a floating-point")
        assert over.endswith(" (at x[1].a)" if fmt != "toml" else " (at x[0].a)")
        assert under.endswith(over[over.index(" (at ") :])

    def test_the_first_problem_in_the_document_is_reported(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As for every problem of the native readers: the first one, in document order."""
        error = _refusal('{"a": 1e-400, "b": 1e400}', "json", monkeypatch)
        assert "'1e-400' (at a)" in str(error)
        error = _refusal('{"a": 1e400, "b": 1e-400}', "json", monkeypatch)
        assert "'1e400' (at a)" in str(error)

    @pytest.mark.parametrize("fmt", ["json", "toml", "yaml"])
    @pytest.mark.parametrize(
        ("literal", "value"),
        [
            ("0e-400", 0.0),  # 0 as written
            ("-0.0e-999", -0.0),
            ("0.0", 0.0),
            ("1.0e-310", 1e-310),  # subnormal: a nonzero value, with fewer digits, is read
            ("4.9406564584124654e-324", 5e-324),  # the least subnormal float
            ("2.4703282292062328e-324", 5e-324),  # just above half of it: rounds up to it
            ("1.0e-100", 1e-100),  # an exponent of three digits that does not underflow
        ],
    )
    def test_zero_and_numbers_that_keep_a_value_are_read(
        self, fmt: str, literal: str, value: float
    ) -> None:
        if fmt == "yaml" and "e" in literal and "." not in literal:
            literal = literal.replace("e", ".0e")  # a float to YAML 1.1
        text = {"json": f'{{"a": {literal}}}', "toml": f"a = {literal}\n"}.get(fmt, f"a: {literal}")
        tree = native.parse(text, fmt, source=f"t.{fmt}")
        assert tree == {"a": value}
        assert math.copysign(1, tree["a"]) == math.copysign(1, value)

    def test_yaml_reads_an_exponent_without_a_point_as_text(self) -> None:
        """YAML 1.1 (PyYAML): ``1e-400`` is text, as ``1e400`` is; the model refuses both."""
        assert native.parse("a: 1e-400", "yaml") == {"a": "1e-400"}

    @settings(max_examples=examples(400), deadline=None)
    @given(
        digits=st.text("0123456789", min_size=1, max_size=20),
        point=st.integers(min_value=0, max_value=20),
        exponent=st.integers(min_value=-420, max_value=-280),
        negative=st.booleans(),
        fmt=st.sampled_from(["json", "toml", "yaml"]),
    )
    def test_refused_exactly_when_it_underflows(
        self, digits: str, point: int, exponent: int, negative: bool, fmt: str
    ) -> None:
        whole, frac = digits[:point] or "0", digits[point:] or "0"
        literal = f"{'-' if negative else ''}{int(whole)}.{frac}e{exponent}"
        text = {"json": f"[{literal}]", "toml": f"a = [{literal}]\n"}.get(fmt, f"a: [{literal}]")
        value = float(literal)
        with pytest.MonkeyPatch.context() as m:
            if underflows(literal, value):
                error = _refusal(text, fmt, m)
                assert error.code == ProblemCode.OUT_OF_RANGE
                assert f"'{literal}'" in str(error)
            else:
                tree = native.parse(text, fmt)
                read = tree if fmt == "json" else tree["a"]
                assert read == [value]
                assert math.copysign(1, read[0]) == math.copysign(1, value)


class TestDigitsAreZeroToNine:
    """``\\d`` took every Unicode digit: ``'\u0665e-400'`` (an Arabic-Indic five) read as 0
    although ``5e-400`` is refused as not 0 as written, since the check of underflows looks
    for ``1`` to ``9`` (reported by a reviewer). Numbers in cells are written with ``0`` to
    ``9``; another digit is refused, named as other refused characters are."""

    @pytest.mark.parametrize(
        "text", ["\u0665e-400", "\u0665", "\uff15\uff10", "1,\u066500", "\u0661.5", "5e-\u0664"]
    )
    def test_parse_number_refuses_other_digits(self, text: str) -> None:
        from collective_impact.io._sheets import number_hint, parse_number

        assert parse_number(text) is None
        assert number_hint(text).startswith("; it holds a digit other than 0 to 9 (U+")

    def test_a_bundle_names_the_digit(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        folder = tmp_path / "b"
        ci.write_csv_bundle(init, folder)
        path = folder / "observations.csv"
        lines = path.read_bytes().decode().split("\r\n")
        cells = lines[1].split(",")
        cells[2] = "\u0665e-400"
        lines[1] = ",".join(cells)
        path.write_bytes("\r\n".join(lines).encode())
        with pytest.raises(ci.ValidationError) as err:
            ci.read_csv_bundle(folder)
        assert [str(p) for p in err.value.problems] == [
            "observations.csv, row 2, column value: expected a number, got '\u0665e-400'; it "
            "holds a digit other than 0 to 9 (U+0665 ARABIC-INDIC DIGIT FIVE, character 1): "
            "write the number with the digits 0 to 9"
        ]


class TestLookAlikeSignsAndPoints:
    """A minus sign (U+2212, as a word processor or a typeset report writes it), an en dash
    before digits and a middle dot for the decimal point print as numbers but are text: they
    were refused as "expected a number, got '−45.5'" with nothing in sight to fix (found
    by a reviewer). The character is named, with the number to write, in every reader."""

    MINUS = "it holds U+2212 MINUS SIGN (character 1), which looks like '-' but is not"

    @pytest.mark.parametrize(
        ("text", "hint"),
        [
            ("\u221245.5", f"; {MINUS}: write -45.5"),
            ("\u201345.5", "; it holds U+2013 EN DASH (character 1), which looks like '-' but "
             "is not: write -45.5"),
            ("45\u00b75", "; it holds U+00B7 MIDDLE DOT (character 3), which looks like '.' but "
             "is not: write 45.5"),
            ("\u22121\u00b75e\u22123", "; it holds U+2212 MINUS SIGN (characters 1 and 6) and "
             "U+00B7 MIDDLE DOT (character 3), which look like '-' and '.' but are not: write "
             "-1.5e-3"),
            ("\uff0d2", "; it holds U+FF0D FULLWIDTH HYPHEN-MINUS (character 1), which looks "
             "like '-' but is not: write -2"),
            # written as every reader takes it (found by a reviewer: "write -050", "-.5")
            ("\u2212050", f"; {MINUS}: write -50"),
            ("\u2212.5", f"; {MINUS}: write -0.5"),
            ("\u22125.", f"; {MINUS}: write -5.0"),
            ("\uff0b5", "; it holds U+FF0B FULLWIDTH PLUS SIGN (character 1), which looks like "
             "'+' but is not: write 5"),
            ("\u22121,500", f"; {MINUS}: write -1500"),
            ("10\u201320", ""),  # a range, no number
            ("\u2212many", ""),
        ],
    )  # fmt: skip
    def test_number_hint(self, text: str, hint: str) -> None:
        from collective_impact.io._sheets import number_hint, parse_number

        assert parse_number(text) is None
        assert number_hint(text) == hint

    def test_every_reader(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        folder = tmp_path / "b"
        ci.write_csv_bundle(init, folder)
        path = folder / "observations.csv"
        lines = path.read_bytes().decode().split("\r\n")
        cells = lines[1].split(",")
        cells[2] = "\u221245.5"
        lines[1] = ",".join(cells)
        path.write_bytes("\r\n".join(lines).encode())
        with pytest.raises(ci.ValidationError) as err:
            ci.read_csv_bundle(folder)
        assert [str(p) for p in err.value.problems] == [
            "observations.csv, row 2, column value: expected a number, got '\u221245.5'; "
            f"{self.MINUS}: write -45.5"
        ]
        survey = "respondent,partner,openness,strength\ncha,mowd,\u22122,0\u00b75\n"
        with pytest.raises(ci.ValidationError) as err:
            ci.read_partner_survey(io.StringIO(survey), init)
        assert [p.message for p in err.value.problems] == [
            "expected a number from 1 to 4, or a blank cell for no answer; got '\u22122'; "
            f"{self.MINUS}, and -2 is not a number from 1 to 4",
            "expected a number more than 0 and at most 1, or a blank cell to take it from the "
            "intensity; got '0\u00b75'; it holds U+00B7 MIDDLE DOT (character 2), which looks "
            "like '.' but is not: write 0.5",
        ]
        # YAML and JSON: the number as they read it (YAML 1.1 reads 1e3 as text)
        for written, fixed in (("\u221245.5", "-45.5"), ("\u22121e3", "-1.0e+3")):
            data = init.to_dict()
            data["indicators"][0]["observations"][0]["value"] = written
            with pytest.raises(ci.ValidationError) as err:
                ci.Initiative.from_dict(data)
            assert [p.message for p in err.value.problems] == [
                f"expected a number, got {written!r} ({self.MINUS}: write {fixed})"
            ]


class TestLookAlikeAdviceIsAccepted:
    """The number a look-alike hint advised was one the same reader refused (found by a
    reviewer): '−1,500' and '−5.696' in a file separated by ';' were told to write -1,500
    and -5.696, refused as ambiguous; YAML/JSON '−050', '−.5', '−5.', '＋5' to write -050
    (YAML's octal), -.5, -5. and +5 (invalid JSON); a survey's openness '−2' to write -2,
    off its scale of 1 to 4. The number meant goes through the reader's own checks."""

    MINUS = "it holds U+2212 MINUS SIGN (character 1), which looks like '-' but is not"

    def test_a_file_separated_by_semicolons_says_both_readings(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        folder = tmp_path / "b"
        ci.write_csv_bundle(init, folder)
        path = folder / "observations.csv"
        lines = path.read_bytes().decode().split("\r\n")
        rows = [line.split(",") for line in lines]
        rows[1][2], rows[2][2] = "\u22121,500", "\u22125.696"
        path.write_bytes("\r\n".join(";".join(r) for r in rows).encode())
        with pytest.raises(ci.ValidationError) as err:
            ci.read_csv_bundle(folder)
        why = "is ambiguous in a file separated by semicolons or tabs"
        assert [p.message for p in err.value.problems] == [
            f"expected a number, got '\u22121,500'; {self.MINUS}, and '-1,500' {why}: -1.500 "
            "with a decimal comma, or -1500 with grouped thousands; write -1500 for the "
            "thousands, or -1.5000 for the decimal (-1.500 is ambiguous there too)",
            f"expected a number, got '\u22125.696'; {self.MINUS}, and '-5.696' {why}: -5.696 "
            "with a decimal point, or -5696 with the point grouping thousands; write -5696 for "
            "the thousands, or -5.6960 for the decimal",
        ]

    @pytest.mark.parametrize(
        ("written", "fixed"),
        [("\u2212050", "-50"), ("\u2212.5", "-0.5"), ("\u22125.", "-5.0"), ("\uff0b5", "5")],
    )
    def test_native_formats_are_told_a_number_they_read(self, written: str, fixed: str) -> None:
        data = ci.load_example("workforce").to_dict()
        data["indicators"][0]["observations"][0]["value"] = written
        with pytest.raises(ci.ValidationError) as err:
            ci.Initiative.from_dict(data)
        assert err.value.problems[0].message.endswith(f"but is not: write {fixed})")
        # the advice is a number in JSON, YAML 1.1 and TOML alike
        assert json.loads(fixed) == yaml.safe_load(fixed) == float(fixed)
        assert tomllib.loads(f"v = {fixed}")["v"] == float(fixed)

    def test_a_bounded_number_is_told_its_bounds(self) -> None:
        data = ci.load_example("workforce").to_dict()
        data["ties"][0]["openness"] = "\u22122"
        with pytest.raises(ci.ValidationError) as err:
            ci.Initiative.from_dict(data)
        assert err.value.problems[0].message == (
            f"expected a number, got '\u22122' ({self.MINUS}, and -2 would be refused: "
            "expected a number in [1, 4], got -2.0)"
        )


def _document(value: str) -> str:
    """A JSON initiative whose one observation and one contribution are ``value``'s text."""
    return (
        '{"schema_version": 1, "name": "T",'
        ' "partners": [{"id": "p", "name": "P", "sector": "nonprofit"}],'
        ' "indicators": [{"id": "i", "name": "I", "direction": "increase",'
        f' "observations": [{{"date": "2024-01-01", "value": {value}}}]}}],'
        f' "activities": [{{"id": "a", "name": "A", "partners": ["p"],'
        f' "contributes": {{"i": {value}}}}}]}}'
    )


class TestJsonFastPathsFallBack:
    """orjson and msgspec read ``1e-400`` as 0.0: a text that may hold one takes the standard path.

    The check is a scan of the bytes at C speed for a digit, ``e``/``E``, ``-`` and three
    digits; with no run of 19 digits (which takes the standard path already), no number with a
    shorter negative exponent underflows.
    """

    def test_the_compiled_parsers_read_it_as_zero(self) -> None:
        """Why the fall-back is needed (the reason for the test below)."""
        msgspec = pytest.importorskip("msgspec")
        orjson = pytest.importorskip("orjson")
        assert orjson.loads(b"[1e-400]") == msgspec.json.decode(b"[1e-400]") == [0.0]

    @pytest.mark.parametrize(
        "text",
        ['{"a": 1e-400}', '{"a": [-2.5E-330]}', '{"a": 1e-100}', '{"a": "x5e-123"}'],
    )
    def test_a_negative_exponent_of_three_digits_goes_the_standard_way(self, text: str) -> None:
        assert native._orjson is not None, "the test extra installs orjson"
        assert native._parse_fast(text) is native._REFUSED
        assert not native._parsable_bytes(text.encode())

    @pytest.mark.parametrize(
        "text",
        ['{"a": 1e-99}', '{"a": 1.5E-05}', '{"a": "middle-school e-100"}', '{"a": 1e+400}'],
    )
    def test_anything_else_stays_on_the_fast_path(self, text: str) -> None:
        assert native._parsable_bytes(text.encode())

    @pytest.mark.parametrize("value", ["1e-400", "-2.5E-330"])
    def test_typed_loading_gives_the_standard_error(
        self, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        pytest.importorskip("msgspec")
        text = _document(value)
        assert native._load_typed(text, "t.json") is None
        path = tmp_path / "t.json"
        path.write_text(text, encoding="utf-8")
        errors = []
        for read in (lambda: ci.loads(text, "json", source=str(path)), lambda: ci.load(path)):
            with pytest.raises(ci.FormatError) as info:
                read()
            errors.append(str(info.value))
        with monkeypatch.context() as m:
            m.setattr(native, "_orjson", None)
            m.setattr(native._typed, "msgspec", None)
            with pytest.raises(ci.FormatError) as standard:
                ci.load(path)
        assert errors == [str(standard.value)] * 2
        assert (
            f"so it would read as 0: '{value}' (at indicators[0].observations[0].value)"
            in (errors[0])
        )

    def test_the_document_reads_with_an_ordinary_value(self) -> None:
        """So that the refusals above are the number's."""
        init = ci.loads(_document("0.5"), "json")
        assert init.indicators[0].observations[0].value == 0.5
        assert json.loads(_document("0.5"))["activities"][0]["contributes"] == {"i": 0.5}

    def test_a_subnormal_value_is_read(self) -> None:
        """``1e-310`` keeps a value: read on the standard path (and refused by the model's
        floor of 1e-15 for a measured value, not as a number that underflows)."""
        with pytest.raises(ci.ValidationError) as info:
            ci.loads(_document("1e-310"), "json")
        assert "indicators[0].observations[0].value" in str(info.value)


# --------------------------------------------------------------------------- YAML writer

#: The implicit types of plain scalars in the YAML 1.2 core schema (YAML 1.2.2, §10.3.2), in
#: the order a reader tries them.
_YAML_12_CORE: list[tuple[str, str]] = [
    ("null", r"null|Null|NULL|~|"),
    ("bool", r"true|True|TRUE|false|False|FALSE"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
    ("float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"),
    ("float", r"[-+]?(\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN"),
]

#: The implicit types of YAML 1.1 (the type repository, https://yaml.org/type/): null, bool,
#: int, float, timestamp, merge and value, as the specification writes them.
_YAML_11: list[tuple[str, str]] = [
    ("null", r"~|null|Null|NULL|"),
    (
        "bool",
        r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    ),
    (
        "int",
        r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
        r"|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+",
    ),
    (
        "float",
        r"[-+]?([0-9][0-9_]*)?\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*"
        r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
    ),
    (
        "timestamp",
        r"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]"
        r":[0-9][0-9](\.[0-9]*)?(([ \t]*)Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?",
    ),
    ("merge", r"<<"),
    ("value", r"="),
]


def _kind(node: yaml.Node, schema: list[tuple[str, str]]) -> Any:
    """The tree of a composed YAML node, each scalar replaced by the type ``schema`` gives it."""
    if isinstance(node, yaml.MappingNode):
        return {_kind(k, schema): _kind(v, schema) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_kind(v, schema) for v in node.value]
    if node.style is not None:  # quoted, literal or folded: text
        return ("str", node.value)
    for kind, pattern in schema:
        if re.fullmatch(pattern, node.value):
            return (kind, node.value)
    return ("str", node.value)


def _kind_of_value(value: Any, date_kind: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "int" if isinstance(value, int) else "float"
    if isinstance(value, dt.date):
        return date_kind
    return "str"


def _expected_kinds(tree: Any, date_kind: str) -> Any:
    """The tree written, each scalar replaced by its type and its text as YAML writes it."""
    if isinstance(tree, dict):
        return {("str", k): _expected_kinds(v, date_kind) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_expected_kinds(v, date_kind) for v in tree]
    return _kind_of_value(tree, date_kind)


def _types_only(tree: Any) -> Any:
    """Drop the text of the scalars of :func:`_kind` but the keys' (to compare with the model)."""
    if isinstance(tree, dict):
        return {k: _types_only(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_types_only(v) for v in tree]
    kind, _ = tree
    return kind


#: Text that a YAML reader takes for something else when it is written plain: what PyYAML
#: already quoted, and what it wrote plain (``1e3``, ``0o17``, ``08``, ``y``, ``1.2.3``...).
TRICKY_TEXT = [
    # YAML 1.2 floats that YAML 1.1 (PyYAML) reads as text
    *("1e3", "1E3", "-1e3", "+1e3", "1e+3", "1.5e3", ".1e3", "1.e3", "0e0", "+.5", "-.5"),
    # YAML 1.2 integers that YAML 1.1 reads as text
    *("0o17", "08", "09", "019", "-08", "+09"),
    # YAML 1.1 booleans that PyYAML leaves out, and its floats with several points
    *("y", "Y", "n", "N", ".", "1.2.3", "1..2", "-.", "+."),
    # what PyYAML quoted already
    *("0x1F", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "+1", "-1", "1_000", "0b101", "010"),
    *("yes", "No", "on", "OFF", "~", "null", "NULL", "true", "False", "1:30", "1:30.5"),
    *("2024-01-01", "2024-1-1 1:02:03", "<<", "=", "0.", ".5", "1.0e+3", "0"),
    # text to both: stays plain
    *("0O17", "0X1F", "nan", "inf", "0x", "0o8", "yy", "1e", "e3", "0_8", "a1e3", "1e3a"),
]


def _tricky_groups() -> list[list[str]]:
    """The tricky texts in groups whose ids differ beyond case (``1E3`` and ``1e3`` are one id
    to the model, which refuses ids differing only in case): the first of each spelling, then
    the second..."""
    groups: list[list[str]] = []
    seen: dict[str, int] = {}
    for text in TRICKY_TEXT:
        n = seen.get(text.casefold(), 0)
        seen[text.casefold()] = n + 1
        if n == len(groups):
            groups.append([])
        groups[n].append(text)
    return groups


def _tricky_initiatives() -> list[ci.Initiative]:
    """Every tricky text as an id, a name, a mapping key and a list entry (in one of them)."""
    return [_tricky_initiative(texts) for texts in _tricky_groups()]


def _tricky_initiative(texts: list[str]) -> ci.Initiative:
    """Each of ``texts`` as an id, a name, a mapping key and a list entry."""
    partners = [ci.Partner(id=t, name=t or "x", sector="community") for t in texts]
    indicators = [ci.Indicator(id=t, name=t, direction="increase") for t in texts]
    activity = ci.Activity(
        id="a",
        name="A",
        partners=texts,
        contributes=dict.fromkeys(texts, 0.5),
        start=dt.date(2024, 1, 1),
    )
    return ci.Initiative(
        name="1e3", partners=partners, indicators=indicators, activities=[activity]
    )


class TestYamlWriterQuotesTextThatReadsAsAnythingElse:
    """The YAML writer quotes every text a YAML 1.1 or 1.2 reader takes for another type.

    PyYAML's dumper quotes what PyYAML (its YAML 1.1) reads as another type; it wrote plain
    ``1e3``, ``0o17`` and ``08`` (numbers in YAML 1.2, which most other tools read: ``1000.0``,
    ``15`` and ``8``), ``y`` and ``n`` (YAML 1.1 booleans) and ``1.2.3`` (a YAML 1.1 float as
    the specification writes it).
    """

    @pytest.mark.parametrize(
        ("schema", "date_kind"), [(_YAML_12_CORE, "str"), (_YAML_11, "timestamp")]
    )
    def test_every_text_reads_as_text(self, schema: list[tuple[str, str]], date_kind: str) -> None:
        for init in _tricky_initiatives():
            text = ci.dumps(init, "yaml")
            read = _kind(yaml.compose(text, Loader=yaml.BaseLoader), schema)
            assert _types_only(read) == _expected_kinds(init.to_dict(), date_kind)

    def test_our_reader_reads_it_back(self) -> None:
        inits = _tricky_initiatives()
        assert sum(len(i.partners) for i in inits) == len(TRICKY_TEXT)
        for init in inits:
            assert ci.loads(ci.dumps(init, "yaml"), "yaml") == init

    @pytest.mark.parametrize("text", TRICKY_TEXT)
    def test_each_text_alone(self, text: str) -> None:
        written = yaml.dump([text], Dumper=native._YamlDumper)
        node = yaml.compose(written, Loader=yaml.BaseLoader)
        for schema in (_YAML_12_CORE, _YAML_11):
            assert _kind(node, schema) == [("str", text)], written
        assert yaml.load(written, Loader=yaml.SafeLoader) == [text]

    def test_numbers_booleans_and_dates_stay_plain(self) -> None:
        tree = [1.5, 1e-05, 1e20, 8, -3, True, None, dt.date(2024, 1, 1)]
        written = yaml.dump(tree, Dumper=native._YamlDumper)
        assert written.split() == [
            *("-", "1.5", "-", "1.0e-05", "-", "1.0e+20", "-", "8", "-", "-3"),
            *("-", "true", "-", "null", "-", "2024-01-01"),
        ]


# --------------------------------------------------------------------------- workbooks


class TestWorkbookDatesAroundExcelsEpoch:
    """Excel's first date is 1900-01-01 (serial 1); openpyxl wrote 1899-12-30 and 1899-12-31
    both as serial 0 (Excel's "1900-01-00"), which it reads back as the time 00:00, so the
    reader refused the workbook the writer had just written. Dates before 1900 are written as
    text, which the reader reads as dates. 1900-02-28 and 1900-03-01 are serials 59 and 61
    (60 is Excel's 1900-02-29, a day that never was).
    """

    DATES: ClassVar[list[dt.date]] = [
        dt.date(1, 1, 1),
        dt.date(1800, 6, 15),
        dt.date(1899, 12, 29),
        dt.date(1899, 12, 30),
        dt.date(1899, 12, 31),
        dt.date(1900, 1, 1),
        dt.date(1900, 2, 28),
        dt.date(1900, 3, 1),
        dt.date(2024, 2, 29),
    ]

    def test_round_trip(self, tmp_path: Path) -> None:
        pytest.importorskip("openpyxl")
        from collective_impact.io.workbook import read_workbook, write_workbook

        observations = [ci.Observation(date=d, value=i) for i, d in enumerate(self.DATES)]
        init = ci.Initiative(
            name="T",
            partners=[ci.Partner(id="a", name="A", sector="community")],
            indicators=[
                ci.Indicator(
                    id="k",
                    name="K",
                    baseline=ci.DatedValue(date=dt.date(1899, 12, 30), value=1),
                    observations=observations,
                )
            ],
            activities=[
                ci.Activity(
                    id="x",
                    name="X",
                    partners=["a"],
                    start=dt.date(1899, 12, 31),
                    end=dt.date(1900, 1, 1),
                )
            ],
        )
        path = tmp_path / "w.xlsx"
        write_workbook(init, path)
        again = read_workbook(path)
        assert again == init
        assert [o.date for o in again.indicators[0].observations] == self.DATES

    def test_dates_excel_holds_are_excel_dates(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        from collective_impact.io.workbook import write_workbook

        observations = [ci.Observation(date=d, value=1) for d in self.DATES]
        init = ci.Initiative(
            name="T",
            partners=[ci.Partner(id="a", name="A", sector="community")],
            indicators=[ci.Indicator(id="k", name="K", observations=observations)],
        )
        path = tmp_path / "w.xlsx"
        write_workbook(init, path)
        sheet = openpyxl.load_workbook(path)["observations"]
        cells = [row[1].value for row in sheet.iter_rows(min_row=2)]
        assert cells == [
            d.isoformat() if d.year < 1900 else dt.datetime.combine(d, dt.time())
            for d in self.DATES
        ]
