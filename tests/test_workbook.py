"""Tests of :mod:`collective_impact.io.workbook`: Excel workbooks, read and written."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import collective_impact as ci
from collective_impact.errors import FormatError, MissingDependencyError, ValidationError
from collective_impact.io.workbook import (
    HELP_SHEET,
    read_workbook,
    write_template,
    write_workbook,
)
from collective_impact.strategies import initiatives
from test_csvbundle import rich_initiatives

openpyxl = pytest.importorskip("openpyxl")


def paths(info: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in info.value.problems]


def _tiny(path: Path) -> object:
    """A minimal workbook, as a person would type it; returns the openpyxl workbook."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "initiative"
    ws.append(["key", "value"])
    ws.append(["name", "Tiny"])
    partners = book.create_sheet("partners")
    partners.append(["id", "name", "sector"])
    partners.append(["a", "A", "Nonprofit"])
    partners.append(["b", "B", "business"])
    book.save(path)
    return book


@pytest.mark.slow  # a property round trip through a writer and a reader: run by .ci/run
class TestRoundTrip:
    @given(initiatives())
    def test_lossless(self, init: ci.Initiative) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            write_workbook(init, Path(tmp, "w.xlsx"))
            assert read_workbook(Path(tmp, "w.xlsx")) == init

    @given(rich_initiatives())
    def test_every_field(self, init: ci.Initiative) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            write_workbook(init, Path(tmp, "w.xlsx"))
            assert read_workbook(Path(tmp, "w.xlsx")) == init

    @pytest.mark.parametrize("name", ci.list_examples())
    def test_examples(self, name: str, tmp_path: Path) -> None:
        init = ci.load_example(name)
        write_workbook(init, tmp_path / "w.xlsx")
        assert read_workbook(tmp_path / "w.xlsx") == init

    def test_one_sheet_per_bundle_file_with_its_columns(self, tmp_path: Path) -> None:
        from collective_impact.io.csvbundle import BUNDLE_FILES

        write_workbook(ci.load_example("workforce"), tmp_path / "w.xlsx")
        book = openpyxl.load_workbook(tmp_path / "w.xlsx")
        assert book.sheetnames == [f.removesuffix(".csv") for f in BUNDLE_FILES]
        for file, header in BUNDLE_FILES.items():
            ws = book[file.removesuffix(".csv")]
            assert [c.value for c in ws[1]] == list(header)

    def test_text_like_a_formula_stays_text(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        odd = init.evolve(
            partners=[attrs.evolve(init.partners[0], name="=1+1"), *init.partners[1:]]
        )
        write_workbook(odd, tmp_path / "w.xlsx")
        assert read_workbook(tmp_path / "w.xlsx") == odd


class TestLineEnds:
    """XML reads a carriage return back as a line feed: text is stored escaped, as Excel stores
    it (``_x000D_``; ``_x005F_`` for the ``_`` of text that reads as an escape)."""

    TEXTS = ("Line one\r\nLine two", "a\rb", "a_x000D_b", "x_x005F_y", "_x0041_", "a_b")

    def test_text_with_any_line_ends_round_trips(self, tmp_path: Path) -> None:
        """Each text as a partner's name: read back as written (CRLF and a lone CR came back as
        LF, and a literal ``_x000D_`` would have read as a CR)."""
        init = ci.load_example("workforce")
        partners = [
            attrs.evolve(p, name=t) for p, t in zip(init.partners, self.TEXTS, strict=False)
        ]
        odd = init.evolve(partners=[*partners, *init.partners[len(partners) :]])
        write_workbook(odd, tmp_path / "w.xlsx")
        assert read_workbook(tmp_path / "w.xlsx") == odd
        ws = openpyxl.load_workbook(tmp_path / "w.xlsx")["partners"]
        stored = {c.value for row in ws.iter_rows(min_row=2) for c in row}
        assert {"Line one_x000D_\nLine two", "a_x000D_b", "a_x005F_x000D_b"} <= stored

    def test_text_excel_escaped_reads_as_excel_shows_it(self, tmp_path: Path) -> None:
        """A name Excel stored as ``A_x000D_\nB`` (a pasted Windows line end) is ``A\r\nB``."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        book["partners"]["B2"] = "A_x000D_\nB"  # type: ignore[index]
        book.save(path)  # type: ignore[attr-defined]
        assert read_workbook(path).partner("a").name == "A\r\nB"


class TestCells:
    def test_dates_numbers_and_numeric_ids(self, tmp_path: Path) -> None:
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        partners = book["partners"]  # type: ignore[index]
        partners.append([7, "Seven", "community"])
        partners.append([8, "Eight", "community"])
        partners["A5"].number_format = "000"  # shows 008
        ind = book.create_sheet("indicators")  # type: ignore[attr-defined]
        ind.append(["id", "name", "baseline_date", "baseline_value"])
        ind.append(["k", "K", dt.datetime(2024, 1, 31), 0.25])
        obs = book.create_sheet("observations")  # type: ignore[attr-defined]
        obs.append(["indicator", "date", "value", "reported_by"])
        obs.append(["k", dt.date(2024, 2, 1), 3, "007"])
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell D2: unknown partner '007' (did you mean '008'?)"
        ]
        obs["D2"] = "008"
        book.save(path)  # type: ignore[attr-defined]
        init = read_workbook(path)
        assert [p.id for p in init.partners] == ["a", "b", "7", "008"]
        indicator = init.indicators[0]
        assert indicator.baseline is not None
        assert indicator.baseline.date == dt.date(2024, 1, 31)
        assert indicator.baseline.value == 0.25
        assert indicator.observations[0].value == 3.0

    def test_a_percentage_is_refused_where_a_value_has_its_indicators_unit(
        self, tmp_path: Path
    ) -> None:
        """``53%`` typed in Excel is 0.53 shown as a percentage. In an observation's value (or a
        baseline's or target's) the indicator's unit decides, and 53 percent is 53 as often as
        0.53: refused, with both readings (it was read as 0.53 against values of 48 and 60,
        and the verdict flipped). In a tie's strength, a share anyway, 80% is 0.8. A format
        whose % is quoted text (``0"%"``) is no percentage."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        ind = book.create_sheet("indicators")  # type: ignore[attr-defined]
        ind.append(["id", "name", "unit", "target_date", "target_value"])
        ind.append(["k", "K", "percent", dt.date(2026, 1, 1), 0.6])
        ind["E2"].number_format = "0%"
        obs = book.create_sheet("observations")  # type: ignore[attr-defined]
        obs.append(["indicator", "date", "value"])
        obs.append(["k", dt.date(2024, 2, 1), 0.53])
        obs.append(["k", dt.date(2025, 2, 1), 48])
        obs["C2"].number_format = "0.0%"
        obs["C3"].number_format = '0"%"'
        ties = book.create_sheet("ties")  # type: ignore[attr-defined]
        ties.append(["source", "target", "strength"])
        ties.append(["a", "b", 0.8])
        ties["C2"].number_format = "0%"
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet indicators, cell E2: the cell shows 60%, which the workbook holds as 0.6; a "
            "measured value is in its indicator's unit: type 60 (for 60 percent) or 0.6 (a "
            "share), as a number without the percent format",
            "sheet observations, cell C2: the cell shows 53%, which the workbook holds as 0.53; "
            "a measured value is in its indicator's unit: type 53 (for 53 percent) or 0.53 (a "
            "share), as a number without the percent format",
        ]
        ind["E2"].number_format = "General"
        ind["E2"] = 60
        obs["C2"].number_format = "General"
        obs["C2"] = 53
        book.save(path)  # type: ignore[attr-defined]
        init = read_workbook(path)
        assert [o.value for o in init.indicator("k").observations] == [53.0, 48.0]
        assert init.ties[0].strength == 0.8

    def test_formulas_and_merged_cells_are_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        ties = book.create_sheet("ties")  # type: ignore[attr-defined]
        ties.append(["source", "target", "strength"])
        ties.append(["a", "b", "=0.5*2"])
        ties.append(["b", "a", 0.5])
        ties.append(["a", None, 0.5])
        ties.merge_cells("B3:B4")
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet ties, cell C2: cell C2 holds a formula (=0.5*2); type the value",
            "sheet ties, cell B3: cell B3 is one of the merged cells B3:B4; unmerge them and "
            "type the value in each cell",
            "sheet ties, cell B4: cell B4 is one of the merged cells B3:B4; unmerge them and "
            "type the value in each cell",
        ]

    def test_sheets(self, tmp_path: Path) -> None:
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        book.create_sheet("Sheet2")  # type: ignore[attr-defined]
        book.create_sheet("tie")  # type: ignore[attr-defined]
        book.create_sheet(HELP_SHEET)  # type: ignore[attr-defined]
        book.remove(book["initiative"])  # type: ignore[attr-defined,index]
        goals = book.create_sheet("goals")  # type: ignore[attr-defined]
        goals.append(["id", "statment"])
        goals.append(["g", "S"])
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert info.value.source == str(path)
        assert paths(info) == [
            "sheet initiative: missing required sheet",
            "sheet Sheet2: unknown sheet; a workbook holds only the sheets initiative, "
            "partners, goals, indicators, pathways, observations, populations, places, "
            "activities, contributions, ties, working_groups, backbone (and 'how to fill "
            "this in')",
            "sheet tie: unknown sheet (did you mean 'ties'?); a workbook holds only the "
            "sheets initiative, partners, goals, indicators, pathways, observations, "
            "populations, places, activities, contributions, ties, working_groups, backbone "
            "(and 'how to fill this in')",
            "sheet goals, cell B1: unknown column 'statment' (did you mean 'statement'?); the "
            "required column 'statement' is missing (the columns of sheet goals are id, "
            "statement, indicators, weight)",
        ]

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        (tmp_path / "w.xlsx").write_text("id,name\n")
        with pytest.raises(FormatError, match="not a readable Excel workbook"):
            read_workbook(tmp_path / "w.xlsx")
        with pytest.raises(FormatError, match="larger than 4 bytes"):
            read_workbook(tmp_path / "w.xlsx", max_bytes=4)
        with pytest.raises(ci.MissingFileError):
            read_workbook(tmp_path / "missing.xlsx")

    def test_needs_openpyxl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(MissingDependencyError, match=r"collective-impact\[excel\]"):
            read_workbook(tmp_path / "w.xlsx")
        with pytest.raises(MissingDependencyError, match=r"collective-impact\[excel\]"):
            write_template(tmp_path / "w.xlsx")


class TestTemplate:
    def test_fill_in_by_hand_then_assess(self, tmp_path: Path) -> None:
        path = tmp_path / "initiative.xlsx"
        write_template(path)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames[0] == HELP_SHEET
        sectors = [
            v for v in book["partners"].data_validations.dataValidation if "C2" in str(v.sqref)
        ]
        assert sectors
        assert "nonprofit" in sectors[0].formula1
        # a person keeps the example rows, and adds their own
        book["initiative"]["B2"] = "Northside Early Years"
        partners = book["partners"]
        partners.append(["clinic", "Northside clinic", "helth"])  # a typo in a sector
        partners.append(["library", "Public library", "Government"])
        ties = book["ties"]
        ties.append(["clinic", "libary", "referral", 0.5])  # a dangling target
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet partners, cell C4: expected one of 'government', 'nonprofit', 'business', "
            "'philanthropy', 'community', 'academic', 'faith', 'other'; got 'helth'",
            "sheet ties, cell B3: unknown partner 'libary' (did you mean 'library'?)",
        ]
        partners["C4"] = "nonprofit"
        ties["B3"] = "library"
        book.save(path)
        init = read_workbook(path)
        assert init.name == "Northside Early Years"
        assert [p.id for p in init.partners][-2:] == ["clinic", "library"]
        result = ci.assess(init)
        assert 0.0 <= result.scores.overall <= 1.0
