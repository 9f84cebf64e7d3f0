"""Tests of :mod:`collective_impact.io.workbook`: Excel workbooks, read and written."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

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
    def test_a_misspelt_optional_column_is_the_only_problem(self, tmp_path: Path) -> None:
        """'baseline date' for baseline_date on the indicators sheet: one problem at its
        header cell, not also "give both baseline_date and baseline_value" at every row
        (found by a reviewer; the bundle's reader, which the workbook's shares, said both)."""
        import openpyxl

        path = tmp_path / "w.xlsx"
        ci.write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        sheet = book["indicators"]
        (at,) = [c for c in sheet[1] if c.value == "baseline_date"]
        at.value = "baseline date"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            f"sheet indicators, cell {at.coordinate}: unknown column 'baseline date' (did you "
            "mean 'baseline_date'?); the columns of sheet indicators are id, name, unit, "
            "direction, level, frequency, quadrant, informs, baseline_date, baseline_value, "
            "target_date, target_value"
        ]

    def test_a_number_of_17_digits_stays_a_number_cell(self, tmp_path: Path) -> None:
        """100/3 needs 17 significant digits to be read back exactly; it was written as a text
        cell, which Excel's SUM skips: 299.78 for the 333.11 of five values (found by a
        reviewer). A number cell now, with the exact digits, and read back equal."""
        import openpyxl

        init = ci.load_example("workforce")
        ind = init.indicators[0]
        values = [70.0, 100 / 3, 700 / 9]
        observations = [
            ci.Observation(date=dt.date(2009 + k, 12, 31), value=v, reported_by=init.partners[0].id)
            for k, v in enumerate(values)
        ]
        changed = init.evolve(
            indicators=[attrs.evolve(ind, observations=observations), *init.indicators[1:]]
        )
        path = tmp_path / "w.xlsx"
        ci.write_workbook(changed, path)
        sheet = openpyxl.load_workbook(path)["observations"]
        header = [c.value for c in sheet[1]]
        column = header.index("value")
        cells = [row[column] for row in sheet.iter_rows(min_row=2)]
        assert [c.data_type for c in cells] == ["n"] * len(cells)
        read = [c.value for c in cells]
        assert 100 / 3 in read
        assert 700 / 9 in read
        with zipfile.ZipFile(path) as z:
            parts = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert any(b"<v>33.333333333333336</v>" in part for part in parts)
        assert read_workbook(path) == changed

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
        ind.append(["id", "name", "unit", "target_date", "target_value", "direction"])
        ind.append(["k", "K", "percent", dt.date(2026, 1, 1), 0.6, "increase"])
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

    def test_a_percentage_is_refused_where_text_is_expected(self, tmp_path: Path) -> None:
        """``100%`` typed in an id or a group is the number 1 shown as a percentage: it was
        read as ``'1'`` (and ``200%`` as ``'2'``, while ``50%`` was refused as not text),
        text no one typed. Refused, as an Excel date is, wherever text is expected."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        partners = book["partners"]  # type: ignore[index]
        partners.append([2, "Two", "community"])
        partners["A4"].number_format = "0%"
        ind = book.create_sheet("indicators")  # type: ignore[attr-defined]
        ind.append(["id", "name"])
        ind.append(["k", "K"])
        obs = book.create_sheet("observations")  # type: ignore[attr-defined]
        obs.append(["indicator", "date", "value", "group"])
        obs.append(["k", dt.date(2024, 2, 1), 53, 1])
        obs["D2"].number_format = "0%"
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet partners, cell A4: the cell shows 200%, which the workbook holds as 2, not "
            "text: Excel turns what is typed like a percentage into a number; format the column "
            "as Text and type the value again",
            "sheet observations, cell D2: the cell shows 100%, which the workbook holds as 1, not "
            "text: Excel turns what is typed like a percentage into a number; format the column "
            "as Text and type the value again",
        ]
        partners["A4"].number_format = "General"
        obs["D2"].number_format = "@"
        obs["D2"] = "100%"
        book.save(path)  # type: ignore[attr-defined]
        init = read_workbook(path)
        assert init.partners[-1].id == "2"
        assert init.indicator("k").observations[0].group == "100%"

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
            "sheet ties, cell C2: the cell holds a formula (=0.5*2); type the value",
            "sheet ties, cell B3: the cells B3:B4 are merged; unmerge them and type the value "
            "in each cell",
        ]

    def test_an_array_formula_is_shown_by_its_text(self, tmp_path: Path) -> None:
        """An array formula was shown as ``<openpyxl.worksheet.formula.ArrayFormula object at
        0x...>``, and every formula's cell named twice ("sheet observations, cell C2: cell C2
        holds a formula (...)"; found by a reviewer): the formula's text is shown, as Excel
        shows an array formula (in braces), and the cell is named once."""
        from openpyxl.worksheet.formula import ArrayFormula

        path = tmp_path / "w.xlsx"
        write_workbook(_one_indicator(), path)
        book = openpyxl.load_workbook(path)
        book["observations"]["C2"] = ArrayFormula("C2", "=SUM(40,5)")
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell C2: the cell holds an array formula ({=SUM(40,5)}); type "
            "the value"
        ]

    def test_a_number_in_a_date_or_time_format_is_named(self, tmp_path: Path) -> None:
        """A tie's strength of 0.8 given the date format of another column (the format
        painter) was refused as "expected a date, a number or text, got the time 19:12:00"
        (found by a reviewer): openpyxl reads a number below 1 in a date format as a time of
        day. The number held is named (19:12 is 19.2 / 24 = 0.8 of a day), with its format,
        and to format the cell as a number; a duration format ([h]:mm) likewise (1.5 days)."""
        path = tmp_path / "w.xlsx"
        write_template(path)
        book = openpyxl.load_workbook(path)
        ties = book["ties"]
        assert [c.value for c in ties[1]][:4] == ["source", "target", "kind", "strength"]
        ties["D2"] = 0.8
        ties["D2"].number_format = "yyyy-mm-dd"
        ties["E2"] = 1.5
        ties["E2"].number_format = "[h]:mm"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet ties, cell D2: the cell holds the number 0.8 in a date/time format "
            "(yyyy-mm-dd), read as the time 19:12:00; format the cell as a number",
            "sheet ties, cell E2: the cell holds the number 1.5 in a date/time format ([h]:mm), "
            "read as the duration 1 day, 12:00:00; format the cell as a number",
        ]

    def test_a_time_in_a_text_column_is_told_to_type_it_as_text(self, tmp_path: Path) -> None:
        """A time (format h:mm) in a column of text, ids or choices (an id '9:30' typed, which
        Excel makes the time 9:30) was told "format the cell as a number", after which it
        read "expected text, got 0.5" (found by a reviewer): there the column is to be
        formatted as Text and the value typed again, as for a date Excel made of text."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        partners = book["partners"]
        assert [c.value for c in partners[1]] == ["id", "name", "sector", "roles"]
        for ref, value in (("A2", dt.time(9, 30)), ("B3", 0.5), ("C4", 0.5), ("D5", 0.5)):
            partners[ref] = value
            partners[ref].number_format = "h:mm"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        text = (
            "not text: Excel turns what is typed like a time (9:30) into one; format the "
            "column as Text and type the value again"
        )
        noon = (
            "the cell holds the number 0.5 in a date/time format (h:mm), read as the time 12:00:00"
        )
        assert [p for p in paths(info) if "date/time format" in p] == [
            "sheet partners, cell A2: the cell holds the number 0.3958333 in a date/time format "
            f"(h:mm), read as the time 09:30:00, {text}",
            f"sheet partners, cell B3: {noon}, {text}",
            f"sheet partners, cell C4: {noon}, {text}",
            f"sheet partners, cell D5: {noon}, {text}",
        ]

    def test_a_time_in_a_date_column_is_told_to_type_the_date(self, tmp_path: Path) -> None:
        """A time (12:00, format h:mm) in an observation's date was told "format the cell as
        a number", which gave "expected a date (YYYY-MM-DD), got 0.5" (found by a reviewer):
        in a column of dates the date is to be typed. A duration ([h]:mm) in an activity's
        start likewise."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        book["observations"]["B2"] = dt.time(12, 0)
        book["observations"]["B2"].number_format = "h:mm"
        activities = book["activities"]
        start = next(c.column_letter for c in activities[1] if c.value == "start")
        activities[f"{start}2"] = 1.5
        activities[f"{start}2"].number_format = "[h]:mm"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        said = [p for p in paths(info) if "date/time format" in p]
        assert said == [
            "sheet observations, cell B2: the cell holds the number 0.5 in a date/time format "
            "(h:mm), read as the time 12:00:00, not a date; type the date (YYYY-MM-DD)",
            f"sheet activities, cell {start}2: the cell holds the number 1.5 in a date/time "
            "format ([h]:mm), read as the duration 1 day, 12:00:00, not a date; type the date "
            "(YYYY-MM-DD)",
        ]

    def test_a_date_in_a_duration_format_is_named(self, tmp_path: Path) -> None:
        """A date in an observation's date cell given a duration format ([h]:mm:ss, by the
        format painter), 45352 (2024-03-01) or the date typed into it (Excel keeps the
        format), was told "read as the duration 45352 days, 0:00:00, not a date; type the
        date": typing it again kept the format, and the message (found by a reviewer). A
        duration of more than 2200 days is named as the date its number stands for, with the
        advice to format the cell as a date, which reads it; with a time of day (45352.5),
        the date and time, to be given alone once formatted. 1.5 days ([h]:mm) is still a
        duration, to be typed as the date (above)."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        obs = book["observations"]
        obs["B2"], obs["B3"], obs["B4"] = 45352, dt.datetime(2024, 3, 1), 45352.5
        for ref in ("B2", "B3", "B4"):
            obs[ref].number_format = "[h]:mm:ss"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        held = "in a date/time format ([h]:mm:ss), read as the duration 45352 days"
        date = (
            "not a date (an Excel date number: 2024-03-01 in this workbook's date system; "
            "format the cell as a date)"
        )
        assert [p for p in paths(info) if "date/time format" in p] == [
            f"sheet observations, cell B2: the cell holds the number 45352 {held}, 0:00:00, {date}",
            f"sheet observations, cell B3: the cell holds the number 45352 {held}, 0:00:00, {date}",
            f"sheet observations, cell B4: the cell holds the number 45352.5 {held}, 12:00:00, "
            "not a date (an Excel date and time: 2024-03-01 12:00:00 in this workbook's date "
            "system; format the cell as a date and give the date alone)",
        ]
        for ref in ("B2", "B3", "B4"):
            obs[ref].number_format = "yyyy-mm-dd"  # the advice followed
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert [p for p in paths(info) if "cell B" in p] == [
            "sheet observations, cell B4: expected a date, got the date and time 2024-03-01 "
            "12:00:00; give the date alone"
        ]

    def test_a_merged_range_is_one_problem_at_its_first_cell(self, tmp_path: Path) -> None:
        """Each cell of a merged range was a problem of its own (E2:F2 twice; reported by a
        reviewer): the range is one, at its first cell, naming it, and its other cells say
        nothing more (no 'required' for the id and name it covers), nor does a row it alone
        reaches."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        partners = book["partners"]  # type: ignore[index]
        partners.append(["c", "C", "faith"])
        partners.merge_cells("A3:B3")  # the id and the name of b
        partners.merge_cells("C4:C5")  # the sector of c, and a row it alone reaches
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        merged = "the cells {} are merged; unmerge them and type the value in each cell"
        assert paths(info) == [
            "sheet partners, cell A3: " + merged.format("A3:B3"),
            "sheet partners, cell C4: " + merged.format("C4:C5"),
        ]

    def test_an_observation_of_an_unknown_indicator_has_its_other_cells_checked(
        self, tmp_path: Path
    ) -> None:
        """The row of a misspelt indicator was dropped before its date and reporter were
        checked (found by a reviewer): every cell of it is checked, as in a CSV bundle."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        indicators = book.create_sheet("indicators")  # type: ignore[attr-defined]
        indicators.append(["id", "name", "unit"])
        indicators.append(["read", "Reading", "percent"])
        obs = book.create_sheet("observations")  # type: ignore[attr-defined]
        obs.append(["indicator", "date", "value", "reported_by"])
        obs.append(["reed", "01/03/2025", 45, "aa"])
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell A2: unknown indicator 'reed' (did you mean 'read'?)",
            "sheet observations, cell B2: expected a date (YYYY-MM-DD), got '01/03/2025' "
            "(2025-03-01 or 2025-01-03? write the date as YYYY-MM-DD)",
            "sheet observations, cell D2: unknown partner 'aa' (did you mean 'a'?)",
        ]

    def test_a_number_beyond_excels_dates_in_a_date_format_is_named(self, tmp_path: Path) -> None:
        """20240301 typed in the template's baseline_date (formatted yyyy-mm-dd) is beyond
        Excel's last date, 9999-12-31 (serial 2958465): openpyxl read the cell as the error
        #VALUE! with a UserWarning, which reached the command line, and the cell was said to
        hold "the error #VALUE!, not a value", which it does not (found by a reviewer). The
        number is named, with the date it reads as when it is a date typed without its dashes
        (2024-03-01); no warning escapes (the tests run with -W error)."""
        path = tmp_path / "w.xlsx"
        write_template(path)
        book = openpyxl.load_workbook(path)
        for ref, number in (("I2", 20240301), ("K2", 20241399), ("I3", -800000)):
            book["indicators"][ref] = number
            book["indicators"][ref].number_format = "yyyy-mm-dd"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        found = [p for p in paths(info) if "cell I2" in p or "cell K2" in p or "cell I3" in p]
        assert found == [
            "sheet indicators, cell I2: the cell holds the number 20240301 in a date format, "
            "beyond Excel's last date (9999-12-31): a date typed without its dashes? type "
            "2024-03-01",
            "sheet indicators, cell K2: the cell holds the number 20241399 in a date format, "
            "beyond Excel's last date (9999-12-31); type the date (YYYY-MM-DD), or format the "
            "cell as a number",
            "sheet indicators, cell I3: the cell holds the number -800000 in a date format, a "
            "negative number, which is no date; type the date (YYYY-MM-DD)",
        ]

    def test_reads_in_threads_leave_the_warnings_as_they_were(self, tmp_path: Path) -> None:
        """The warnings filters and their recorder are the process's: reads in threads restored
        each other's recorder out of order, so every warning of the process was swallowed
        after them (under -W error too), and most reads said "the error #VALUE!" again (found
        by a reviewer: 22 of 24 reads on 4 threads). Reads now take turns: each gives the
        message of a read alone, and the warnings are as they were."""
        path = tmp_path / "w.xlsx"
        write_template(path)
        book = openpyxl.load_workbook(path)
        book["indicators"]["I2"] = 20240301
        book["indicators"]["I2"].number_format = "yyyy-mm-dd"
        book.save(path)
        expected = (
            "sheet indicators, cell I2: the cell holds the number 20240301 in a date format, "
            "beyond Excel's last date (9999-12-31): a date typed without its dashes? type "
            "2024-03-01"
        )

        def read(_: int) -> list[str]:
            try:
                read_workbook(path)
            except ValidationError as err:
                return [str(p) for p in err.problems]
            return []

        filters, shown = list(warnings.filters), warnings.showwarning
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            results = list(pool.map(read, range(12)))
        assert all(any(expected in problem for problem in found) for found in results)
        assert warnings.filters == filters
        assert warnings.showwarning is shown

    def test_a_strict_open_xml_workbook_is_refused_as_such(self, tmp_path: Path) -> None:
        """Excel's "Strict Open XML Spreadsheet" uses the ISO 29500 Strict namespaces, in which
        openpyxl finds no sheet: the workbook was said to miss every required sheet (false),
        under a warning of openpyxl's (found by a reviewer). It is refused as what it is; and
        a workbook of which no sheet is read at all (its relationships in another namespace)
        is not said to miss its sheets either."""
        path = tmp_path / "w.xlsx"
        write_template(path)
        strict = tmp_path / "strict.xlsx"
        odd = tmp_path / "odd.xlsx"
        transitional = b"http://schemas.openxmlformats.org/"
        with (
            zipfile.ZipFile(path) as src,
            zipfile.ZipFile(strict, "w") as dst,
            zipfile.ZipFile(odd, "w") as other,
        ):
            for info in src.infolist():
                data = src.read(info)
                main = data.replace(
                    transitional + b"spreadsheetml/2006/main",
                    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                )
                dst.writestr(
                    info.filename,
                    main.replace(
                        transitional + b"officeDocument/2006/relationships",
                        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
                    ),
                )
                if info.filename == "xl/workbook.xml":
                    data = data.replace(
                        transitional + b"officeDocument/2006/relationships", b"urn:x"
                    )
                other.writestr(info.filename, data)
        with pytest.raises(FormatError) as info:
            read_workbook(strict)
        assert str(info.value) == (
            f"{strict}: a Strict Open XML workbook, which is not read; save it as 'Excel "
            "Workbook (*.xlsx)'"
        )
        with pytest.raises(FormatError) as info:
            read_workbook(odd)
        assert str(info.value) == (
            f"{odd}: no sheet of the workbook can be read (a workbook has one at least): save "
            "it again as 'Excel Workbook (*.xlsx)'"
        )

    def test_error_cells_are_refused(self, tmp_path: Path) -> None:
        """An #N/A or #REF! cell (left where a lookup column was pasted as values) was read as
        the text '#N/A': a partner's name and an observation's group (reported by a
        reviewer)."""
        import openpyxl

        path = tmp_path / "w.xlsx"
        ci.write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        for sheet, ref, error in [("partners", "B2", "#N/A"), ("observations", "E2", "#REF!")]:
            book[sheet][ref].value = error
            book[sheet][ref].data_type = "e"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet partners, cell B2: the cell holds the error #N/A, not a value; type the "
            "value, or leave the cell empty",
            "sheet observations, cell E2: the cell holds the error #REF!, not a value; type the "
            "value, or leave the cell empty",
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
            "sheet tie: unknown sheet (did you mean 'ties'?)",  # the sheets held said once
            "sheet goals, cell B1: unknown column 'statment' (did you mean 'statement'?); the "
            "required column 'statement' is missing (the columns of sheet goals are id, "
            "statement, indicators, weight)",
        ]

    @pytest.mark.parametrize(
        ("sheet", "renamed"),
        [
            ("activities", "activity list"),
            ("indicators", "indicator"),
            ("goals", "Goal"),
            ("populations", "population"),
        ],
    )
    def test_a_renamed_sheet_is_one_problem(self, tmp_path: Path, sheet: str, renamed: str) -> None:
        """'activities' renamed 'activity list' gave its unknown sheet and then 24 "unknown
        activity 'home-visits'" of the contributions (19 for 'indicators', 5 for 'goals'):
        the references to the ids of a missing sheet that a sheet's name is close to follow
        from its name, as 'partners' renamed did already."""
        path = tmp_path / "c2c.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        book[sheet].title = renamed
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        (problem,) = paths(info)
        assert problem.startswith(
            f"sheet {renamed}: unknown sheet (did you mean {sheet!r}?); the references to its "
            f"{sheet} are not checked until it is renamed; a workbook holds only the sheets "
        )

    def test_a_sheet_named_close_to_one_present_is_only_unknown(self, tmp_path: Path) -> None:
        """Beside the sheet it is close to, a name is a stray sheet: the references are
        checked against the sheet present (an unknown activity is still said), and the sheet
        present is not offered (renamed so, the workbook would hold it twice)."""
        path = tmp_path / "c2c.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        book.create_sheet("activity")
        book["contributions"]["A2"].value = "home-visit"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert [p.split(";")[0] for p in paths(info)] == [
            "sheet activity: unknown sheet",
            "sheet contributions, cell A2: unknown activity 'home-visit' (did you mean "
            "'home-visits'?)",
        ]

    def test_an_unknown_sheet_is_offered_only_a_missing_table(self, tmp_path: Path) -> None:
        """A sheet of notes was told "did you mean 'ties'?" beside the sheet ties, and the
        sheet ties renamed 'Ties (2024)' got no hint (found by a reviewer): the did-you-mean
        was found before every sheet was known. A table present is never offered; a name
        holding a missing table's name as a word is offered that table, which no other name
        is then offered (notes is close to ties)."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        book.create_sheet("Notes")["A1"] = "call Ana"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert [p.split(";")[0] for p in paths(info)] == ["sheet Notes: unknown sheet"]
        book["ties"].title = "Ties (2024)"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert [p.split(";")[0] for p in paths(info)] == [
            "sheet Notes: unknown sheet",
            "sheet Ties (2024): unknown sheet (did you mean 'ties'?)",
        ]

    def test_a_near_spelling_is_offered_a_table_another_name_holds(self, tmp_path: Path) -> None:
        """A kept copy 'ties (old)' beside the live sheet mistyped 'Tie': the copy, whose name
        holds 'ties', was offered it, and 'Tie' nothing (found by a reviewer), pointing at
        renaming the outdated copy. Either may be the sheet ties renamed: both are offered
        it. A sheet 'Notes', as far from 'ties' as a stray name is, is still not."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        book.copy_worksheet(book["ties"]).title = "ties (old)"
        book["ties"].title = "Tie"
        book.create_sheet("Notes")["A1"] = "call Ana"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert [p.split(";")[0] for p in paths(info)] == [
            "sheet Notes: unknown sheet",
            "sheet Tie: unknown sheet (did you mean 'ties'?)",
            "sheet ties (old): unknown sheet (did you mean 'ties'?)",
        ]

    def test_chart_sheets_are_skipped_even_empty(self, tmp_path: Path) -> None:
        """A chart on a sheet of its own holds no table and is skipped; one holding no chart
        (inserted empty, or its chart deleted) was refused with openpyxl's "'list' object has
        no attribute 'find'" (reported by a reviewer)."""
        from openpyxl.chart import BarChart, Reference

        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        chart = BarChart()
        chart.add_data(Reference(book["observations"], min_col=3, min_row=1, max_row=3))
        book.create_chartsheet("Chart1").add_chart(chart)
        book.create_chartsheet("Chart2")
        book.save(path)
        assert read_workbook(path) == ci.load_example("workforce")

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        (tmp_path / "w.xlsx").write_text("id,name\n")
        with pytest.raises(FormatError, match="not a readable Excel workbook"):
            read_workbook(tmp_path / "w.xlsx")
        with pytest.raises(FormatError, match="larger than 4 bytes"):
            read_workbook(tmp_path / "w.xlsx", max_bytes=4)
        with pytest.raises(ci.MissingFileError):
            read_workbook(tmp_path / "missing.xlsx")

    @staticmethod
    def _rewritten(tmp_path: Path, change: Any) -> Path:
        """The workforce workbook with its partners sheet's XML passed through ``change``."""
        src, out = tmp_path / "src.xlsx", tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), src)
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "xl/worksheets/sheet2.xml":  # the partners sheet
                    data = change(data)
                zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        return out

    def test_a_decompression_bomb_is_refused(self, tmp_path: Path) -> None:
        """A workbook of a few kilobytes whose partners sheet inflates to 8 MiB (of spaces):
        its XML was read whole, so a 1.5 MB file took 3 GB of memory. A part that
        decompresses more than 100 times its size (above a mebibyte) is refused, as in a CSV
        bundle's .zip; ``max_ratio=None`` reads it, the sheet streamed."""
        bomb = self._rewritten(
            tmp_path, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 2**23, 1)
        )
        assert bomb.stat().st_size < 100_000
        with pytest.raises(FormatError) as info:
            read_workbook(bomb)
        assert "the part 'xl/worksheets/sheet2.xml' of the workbook decompresses" in str(info.value)
        advice = "a decompression bomb? If it is not one, pass max_ratio= to read it anyway"
        assert advice in str(info.value)
        assert info.value.source == str(bomb)
        assert read_workbook(bomb, max_ratio=None) == ci.load_example("workforce")

    def test_a_cut_sheet_is_a_format_error(self, tmp_path: Path) -> None:
        """A sheet's XML cut in half (an interrupted copy) escaped as xml.etree's
        ParseError, naming no file."""
        cut = self._rewritten(tmp_path, lambda xml: xml[: len(xml) // 2])
        with pytest.raises(FormatError, match="not a readable Excel workbook") as info:
            read_workbook(cut)
        assert info.value.source == str(cut)

    def test_merged_cells_are_found_across_the_blocks_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The sheet's XML is searched block by block: a merge cut by a block's end is found
        once, in blocks of 64 bytes (with 40 looked at again) as in one block."""
        from collective_impact.io import workbook

        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        ties = book.create_sheet("ties")  # type: ignore[attr-defined]
        ties.append(["source", "target", "strength"])
        for _ in range(30):
            ties.append(["b", "a", 0.5])
        for row in range(3, 30, 4):
            ties.merge_cells(f"B{row}:B{row + 1}")
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as whole:
            read_workbook(path)
        monkeypatch.setattr(workbook, "_MERGE_BLOCK", 64)
        monkeypatch.setattr(workbook, "_MERGE_SPAN", 40)
        with pytest.raises(ValidationError) as blocks:
            read_workbook(path)
        assert paths(blocks) == paths(whole)
        assert len([p for p in paths(whole) if "are merged" in p]) == 7

    def test_needs_openpyxl(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        with pytest.raises(MissingDependencyError, match=r"collective-impact\[excel\]"):
            read_workbook(tmp_path / "w.xlsx")
        with pytest.raises(MissingDependencyError, match=r"collective-impact\[excel\]"):
            write_template(tmp_path / "w.xlsx")


def test_a_value_pasted_under_another_of_the_same_key_is_refused(tmp_path: Path) -> None:
    """A corrected value pasted under the old one (the same indicator, date, reporter and
    group) was averaged with it silently (reported by a reviewer): the later row is refused at
    its value, naming the first, whether the date is an Excel date or text; the same row
    twice is one report, and reads."""
    path = tmp_path / "w.xlsx"
    book = _tiny(path)
    indicators = book.create_sheet("indicators")  # type: ignore[attr-defined]
    indicators.append(["id", "name"])
    indicators.append(["k", "K"])
    observations = book.create_sheet("observations")  # type: ignore[attr-defined]
    observations.append(["indicator", "date", "value", "reported_by"])
    observations.append(["k", dt.datetime(2025, 1, 1), 45, "a"])
    observations.append(["k", dt.datetime(2025, 1, 1), 45, "a"])
    observations.append(["k", "2025-01-01", 54, "a"])
    book.save(path)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as info:
        read_workbook(path)
    assert paths(info) == [
        "sheet observations, cell C4: row 2 gives the value 45 for 2025-01-01 (reported by 'a', "
        "the whole population), this observation 54: keep one of them (the two would be "
        "averaged into a value no one reported)"
    ]
    observations.delete_rows(4)
    book.save(path)  # type: ignore[attr-defined]
    assert [o.value for o in read_workbook(path).indicator("k").observations] == [45, 45]


def _rewrite_part(path: Path, part: str, edit: Any) -> None:
    """Rewrite one part of a workbook's zip with ``edit`` (bytes to bytes)."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, edit(data) if info.filename == part else data)


class TestHiddenRowsAndSheets:
    """Rows hidden by hand or by an AutoFilter, and hidden sheets, were read as data without a
    word: a partner that left, a tie filtered out (reported by a reviewer). Each run of hidden
    rows holding data is one problem naming its rows, each hidden sheet one; what they hold is
    read all the same, so nothing follows from them (a visible tie to a hidden partner)."""

    def test_hidden_rows_each_run_once(self, tmp_path: Path) -> None:
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        partners = book["partners"]  # type: ignore[index]
        for row in (["c", "C", "faith"], ["d", "D", "faith"], [], ["e", "E", "other"]):
            partners.append(row)
        for row in (4, 5, 7, 10, 11, 12):  # 4-5 data, 7 data, 10-12 formatted but empty
            partners.row_dimensions[row].hidden = True
        ties = book.create_sheet("ties")  # type: ignore[attr-defined]
        ties.append(["source", "target", "strength"])
        ties.append(["a", "c", 0.5])  # a visible tie to the hidden partner c
        ties.append(["a", "b", 0.5])
        ties.auto_filter.ref = "A1:C3"  # a filter hides row 3, as Excel writes it
        ties.row_dimensions[3].hidden = True
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        rule = "(by hand, or by a filter), but hidden rows are data all the same: unhide and "
        assert paths(info) == [
            f"sheet partners, row 4: rows 4 to 5 are hidden {rule}delete them, or unhide them "
            "if they are data",
            f"sheet partners, row 7: row 7 is hidden {rule}delete it, or unhide it if it is data",
            f"sheet ties, row 3: row 3 is hidden {rule}delete it, or unhide it if it is data",
        ]

    def test_hidden_columns_holding_data_once(self, tmp_path: Path) -> None:
        """A hidden column (or a group of them folded) was read without a word, while hidden
        rows and sheets were refused (found by a reviewer). Column C (the sectors) hidden by
        hand and E to F folded in a group: C and E hold values, F only its header, so one
        problem names C and E (F holds nothing to read)."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        partners = book["partners"]  # type: ignore[index]
        partners["D1"], partners["E1"], partners["F1"] = "power_influence", "involvement", "notes"
        partners["E2"] = 2
        partners.column_dimensions["C"].hidden = True
        partners.column_dimensions.group("E", "F", hidden=True)
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert [p for p in paths(info) if "hidden" in p] == [
            "sheet partners: columns C, E are hidden, but hidden columns are data all the same: "
            "unhide and delete them, or unhide them if they are data"
        ]

    def test_rows_found_across_the_blocks_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The sheet's XML is searched block by block, for hidden rows as for merged cells."""
        from collective_impact.io import workbook

        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        partners = book["partners"]  # type: ignore[index]
        for k in range(40):
            partners.append([f"p{k}", f"P{k}", "faith"])
        for row in range(5, 44, 3):
            partners.row_dimensions[row].hidden = True
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as whole:
            read_workbook(path)
        monkeypatch.setattr(workbook, "_MERGE_BLOCK", 64)
        monkeypatch.setattr(workbook, "_MERGE_SPAN", 40)
        with pytest.raises(ValidationError) as blocks:
            read_workbook(path)
        assert paths(blocks) == paths(whole)
        assert len(paths(whole)) == 13

    def test_a_hidden_row_without_its_number(self, tmp_path: Path) -> None:
        """Office Open XML lets a writer leave a row's number out: the sheet is named."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        book["partners"].row_dimensions[3].hidden = True  # type: ignore[index]
        book.save(path)  # type: ignore[attr-defined]
        part = "xl/worksheets/sheet2.xml"
        _rewrite_part(
            path, part, lambda xml: xml.replace(b'<row r="3" hidden="1"', b'<row hidden="1"')
        )
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet partners: the sheet has hidden rows (hidden by hand, or by a filter), but "
            "hidden rows are data all the same: unhide and delete them, or unhide them if they "
            "are data"
        ]

    def test_hidden_sheets(self, tmp_path: Path) -> None:
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        ties = book.create_sheet("ties")  # type: ignore[attr-defined]
        ties.append(["source", "target"])
        ties.append(["a", "b"])
        ties.sheet_state = "hidden"
        goals = book.create_sheet("goals")  # type: ignore[attr-defined]
        goals.append(["id", "statement"])
        goals.sheet_state = "veryHidden"
        book.create_sheet("lists").sheet_state = "hidden"  # type: ignore[attr-defined]
        book.create_sheet(HELP_SHEET).sheet_state = "hidden"  # type: ignore[attr-defined]
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        rule = "but a hidden sheet is data all the same: unhide it {}, then delete it, or keep "
        rule += "it if its rows are data"
        assert paths(info) == [
            "sheet lists: unknown hidden sheet; a workbook holds only the sheets initiative, "
            "partners, goals, indicators, pathways, observations, populations, places, "
            "activities, contributions, ties, working_groups, backbone (and 'how to fill "
            "this in')",
            "sheet goals: the sheet is hidden, "
            + rule.format(
                "in the Visual Basic editor (it is 'very hidden': Excel's Unhide does not list it)"
            ),
            "sheet ties: the sheet is hidden, "
            + rule.format("(right-click a sheet's tab, Unhide)"),
        ]


class TestTemplate:
    def test_the_untouched_template_reads(self, tmp_path: Path) -> None:
        """Its example rows form a small valid initiative, as its help sheet says: they are
        judged only once the person's own rows are among them."""
        write_template(tmp_path / "t.xlsx")
        init = read_workbook(tmp_path / "t.xlsx")
        assert [p.id for p in init.partners] == ["example-backbone", "example-school"]

    @pytest.mark.parametrize(("key", "cell"), [("name", "B2"), ("problem", "B4")])
    def test_a_template_whose_initiative_alone_is_filled_in_is_refused(
        self, tmp_path: Path, key: str, cell: str
    ) -> None:
        """A person who filled in the initiative's name (or problem) and nothing else read
        their initiative with the example's partners, goal, indicators and invented
        observation as data, silently (found by a reviewer): the example's rows are named.
        The date of judgement and the urgency, which may well be the example's, do not make
        the sheet the person's own."""
        path = tmp_path / "t.xlsx"
        write_template(path)
        book = openpyxl.load_workbook(path)
        assert book["initiative"][cell.replace("B", "A")].value == key
        book["initiative"][cell] = "Our own words"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        found = [p.split(":")[0] for p in paths(info) if "template's example" in p]
        assert "sheet partners, row 2" in found
        assert "sheet observations, row 2" in found
        assert f"sheet initiative, {cell}" not in found
        # with the template's italics cleared (a round trip through pandas), still refused;
        # and so is a workbook write_workbook wrote of the example renamed: the example's ids
        # beside a name of one's own are the template's rows left in, as they are beside
        # one's own partners (the ids example-... are the template's)
        write_template(path)
        renamed = attrs.evolve(read_workbook(path), name="Our own words")
        write_workbook(renamed, tmp_path / "w.xlsx")
        with pytest.raises(ValidationError, match="a row of the template's example"):
            read_workbook(tmp_path / "w.xlsx")
        # the date and urgency alone, with their italics cleared, do not
        write_template(path)
        book = openpyxl.load_workbook(path)
        book["initiative"]["B5"] = "2026-01-31"
        book["initiative"]["B7"] = "high"
        book.save(path)
        assert read_workbook(path).as_of == dt.date(2026, 1, 31)

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
        # the example's rows would count as data (an invented school, goal, activity...):
        # each is named, with the two typos
        found = paths(info)
        example = "a row of the template's example"
        assert [p.split(":")[0] for p in found if example in p] == [
            "sheet initiative, cell B3",
            "sheet initiative, cell B4",
            "sheet initiative, cell B5",
            "sheet initiative, cell B6",
            "sheet initiative, cell B7",
            "sheet partners, row 2",
            "sheet partners, row 3",
            "sheet goals, row 2",
            "sheet indicators, row 2",
            "sheet indicators, row 3",
            "sheet pathways, row 2",
            "sheet observations, row 2",
            "sheet activities, row 2",
            "sheet contributions, row 2",
            "sheet ties, row 2",
            "sheet working_groups, row 2",
            "sheet backbone, row 2",
        ]
        assert "sheet partners, row 3: a row of the template's example (example-school) left" in (
            " ".join(found)
        )
        assert [p for p in found if example not in p] == [
            "sheet partners, cell C4: expected one of 'government', 'nonprofit', 'business', "
            "'philanthropy', 'community', 'academic', 'faith', 'other'; got 'helth'",
            "sheet ties, cell B3: unknown partner 'libary' (did you mean 'library'?)",
        ]
        partners["C4"] = "nonprofit"
        ties["B3"] = "library"
        for ws in book.worksheets[1:]:  # the person deletes the example's rows
            for row in range(ws.max_row, 1, -1):
                cells = [str(c.value) for c in ws[row] if c.value is not None]
                if any("example-" in c for c in cells) or (
                    ws.title == "initiative" and cells[0] != "name"
                ):
                    ws.delete_rows(row)
        book.save(path)
        init = read_workbook(path)
        assert init.name == "Northside Early Years"
        assert [p.id for p in init.partners] == ["clinic", "library"]
        result = ci.assess(init)
        assert 0.0 <= result.scores.overall <= 1.0

    def test_names_and_lists_are_free_text(self, tmp_path: Path) -> None:
        """Only the cells that say which thing a row is (an id, a tie's ends...) can make it
        the example's: a working group *named* ``example-school`` is the person's own. (The
        full property run found this: a generated name equal to an example id was refused.)"""
        init = ci.Initiative.from_dict(
            {
                "schema_version": 1,
                "name": "Own",
                "partners": [
                    {"id": "p", "name": "example-school", "sector": "other"},
                    {"id": "q", "name": "Q", "sector": "other"},
                ],
                "working_groups": [{"id": "w0", "name": "example-school"}],
            }
        )
        write_workbook(init, tmp_path / "w.xlsx")
        assert read_workbook(tmp_path / "w.xlsx") == init

    def test_own_rows_that_name_the_example_are_not_leftovers(self, tmp_path: Path) -> None:
        """A person's own activity run with the example's school is theirs: the example
        school's own row is the leftover, and only it (with the other example rows) is named."""
        path = tmp_path / "t.xlsx"
        write_template(path)
        book = openpyxl.load_workbook(path)
        book["partners"].append(["clinic", "Clinic", "nonprofit"])
        book["activities"].append(["visits", "Visits", "clinic|example-school"])
        book["ties"].append(["clinic", "example-school", "referral", 0.5])
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        found = [p.split(":")[0] for p in paths(info) if "template's example" in p]
        assert "sheet activities, row 3" not in found
        assert "sheet ties, row 3" not in found
        assert "sheet activities, row 2" in found
        assert "sheet partners, row 3" in found

    def test_the_examples_initiative_rows_left_are_named(self, tmp_path: Path) -> None:
        """A person who replaced every table's example rows and renamed the initiative kept
        the template's as_of, urgency, problem and description: read as data, they moved the
        date of judgement to 2025-06-30 and met a phase criterion, silently (reported by a
        reviewer). Each is named at its cell, and the champion it names (an example partner
        the person deleted) is not reported again as an unknown partner."""
        path = tmp_path / "t.xlsx"
        write_template(path)
        book = openpyxl.load_workbook(path)
        book["initiative"]["B2"] = "Our County Partnership"
        for name in book.sheetnames[2:]:
            book[name].delete_rows(2, book[name].max_row)
        book["partners"].append(["uw", "United Way", "nonprofit"])
        book["partners"].append(["sch", "Schools", "government"])
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        left = "a row of the template's example (the {}) left among your own rows: delete "
        left += "the row, or replace the value with your own (it would count as data)"
        assert paths(info) == [
            "sheet initiative, cell B3: "
            + left.format("description 'What the initiative does, in a sentence.'"),
            "sheet initiative, cell B4: "
            + left.format("problem 'The problem the partners agree on.'"),
            "sheet initiative, cell B5: "
            + left.format("as_of '2025-06-30'")
            + "; if '2025-06-30' is your own, clear the cell's format (the example's italics)",
            "sheet initiative, cell B6: " + left.format("champions 'example-backbone'"),
            "sheet initiative, cell B7: "
            + left.format("urgency 'medium'")
            + "; if 'medium' is your own, clear the cell's format (the example's italics)",
        ]
        book["initiative"].delete_rows(3, 2)  # description, problem
        book["initiative"].delete_rows(4)  # champions
        # a date and an urgency of the person's own that happen to be the example's
        book["initiative"]["B3"].font = openpyxl.styles.Font()
        book["initiative"]["B4"].font = openpyxl.styles.Font()
        book.save(path)
        init = read_workbook(path)
        assert (init.name, init.description) == ("Our County Partnership", None)
        assert (init.as_of, init.conditions.urgency) == (dt.date(2025, 6, 30), ci.Urgency.MEDIUM)

    def test_a_written_workbook_with_the_examples_date_and_urgency_reads(
        self, tmp_path: Path
    ) -> None:
        """The example's as_of and urgency may well be an initiative's own: a workbook
        write_workbook wrote (in no italics) reads back (the full property run found an
        urgency of medium refused as the template's)."""
        init = ci.Initiative.from_dict(
            {
                "schema_version": 1,
                "name": "Own",
                "as_of": "2025-06-30",
                "conditions": {"urgency": "medium"},
                "partners": [{"id": "p", "name": "P", "sector": "other"}],
            }
        )
        write_workbook(init, tmp_path / "w.xlsx")
        assert read_workbook(tmp_path / "w.xlsx") == init

    def test_the_help_sheet_counts_the_example_rows(self, tmp_path: Path) -> None:
        """It said 'Every sheet holds one example row' of a template whose initiative sheet
        holds six and partners and indicators two each (reported by a reviewer)."""
        write_template(tmp_path / "t.xlsx")
        book = openpyxl.load_workbook(tmp_path / "t.xlsx")
        counts = {ws.title: ws.max_row - 1 for ws in book.worksheets[1:]}
        assert (counts["initiative"], counts["partners"], counts["indicators"]) == (6, 2, 2)
        others = {n for sheet, n in counts.items() if sheet not in ("initiative", "partners")}
        assert others - {counts["indicators"]} == {1}
        help_text = " ".join(str(c.value) for c in book[HELP_SHEET]["A"] if c.value)
        assert "one example row" not in help_text
        counted = "example rows, in grey italics (initiative 6, partners 2, indicators 2, every "
        assert counted + "other sheet 1;" in help_text
        assert "six rows on ``initiative``" in " ".join((write_template.__doc__ or "").split())

    def test_the_keys_name_columns_of_the_sheets(self) -> None:
        from collective_impact.io.csvbundle import BUNDLE_FILES
        from collective_impact.io.workbook import _EXAMPLE_KEYS, _FILE_OF

        for sheet, keys in _EXAMPLE_KEYS.items():
            assert set(keys) <= set(BUNDLE_FILES[_FILE_OF[sheet]]), sheet


def _one_partner(**fields: object) -> ci.Initiative:
    partner = {"id": "p", "name": "P", "sector": "other"}
    tree = {"schema_version": 1, "name": "n", "partners": [partner], **fields}
    return ci.Initiative.from_dict(tree)


class TestLongCells:
    def test_a_cell_longer_than_excel_holds_is_refused_before_writing(self, tmp_path: Path) -> None:
        """An Excel cell holds at most 32,767 characters and openpyxl cuts longer text without
        a word: a description of 40,000 characters came back with 32,767, and the members of a
        working group of 5,000 partners p-0..p-4999 (3*10 + 4*90 + 5*900 + 6*4000 = 28,890
        characters of ids and 4,999 bars: 33,889) came back as the 4,795 ids the cut left, a
        different and valid initiative. The write is refused naming every such cell, and the
        file that was there is left as it was, with nothing beside it."""
        ids = [f"p-{i}" for i in range(5000)]
        init = _one_partner(
            partners=[{"id": i, "name": i, "sector": "other"} for i in ids],
            description="d" * 40_000,
            working_groups=[{"id": "all", "name": "All", "members": ids}],
        )
        path = tmp_path / "w.xlsx"
        path.write_bytes(b"old")
        with pytest.raises(ci.WriteError) as info:
            write_workbook(init, path)
        assert str(info.value) == (
            f"{path}: cannot write it: 2 cells are longer than the 32,767 characters an Excel "
            "cell holds (as Excel counts them: an emoji, or another character outside the Basic "
            "Multilingual Plane, counts 2), and would be cut short: sheet initiative, cell B3 "
            "(description, 40,000 characters); sheet working_groups, cell C2 (members, 33,889 "
            "characters); write a CSV bundle, YAML or JSON instead, which hold text of any length"
        )
        assert isinstance(info.value, OSError)
        assert path.read_bytes() == b"old"
        assert list(tmp_path.iterdir()) == [path]

    def test_the_longest_cell_excel_holds_round_trips(self, tmp_path: Path) -> None:
        """32,767 characters is the limit itself: written and read back whole. A carriage
        return is stored as the 7 characters ``_x000D_``, which count: 5,000 of them and
        27,767 letters are 62,767 characters in the cell."""
        init = _one_partner(description="d" * 32_767)
        write_workbook(init, tmp_path / "w.xlsx")
        assert read_workbook(tmp_path / "w.xlsx") == init
        with pytest.raises(ci.WriteError, match=r"cell B3 \(description, 62,767 characters"):
            write_workbook(
                _one_partner(description="\r" * 5000 + "d" * 27_767), tmp_path / "x.xlsx"
            )

    def test_characters_are_counted_as_excel_counts_them(self, tmp_path: Path) -> None:
        """Excel counts a cell's characters in UTF-16 code units: an emoji (outside the Basic
        Multilingual Plane) is 2. A description of 20,000 emoji, 20,000 code points, passed the
        check and Excel cut it; 16,384 emoji are 32,768 characters, refused, and 16,383 of them
        and a letter, 32,767, are written and read back whole."""
        emoji = "\N{GRINNING FACE}"
        for count in (16_384, 20_000):
            with pytest.raises(ci.WriteError) as info:
                write_workbook(_one_partner(description=emoji * count), tmp_path / "x.xlsx")
            assert f"cell B3 (description, {2 * count:,} characters)" in str(info.value)
            assert "an emoji, or another character outside the Basic" in str(info.value)
        assert not (tmp_path / "x.xlsx").exists()
        init = _one_partner(description=emoji * 16_383 + "d")
        write_workbook(init, tmp_path / "w.xlsx")
        assert read_workbook(tmp_path / "w.xlsx") == init


def _one_indicator() -> ci.Initiative:
    """An initiative of one partner and one indicator with one observation, on 2025-06-30."""
    return _one_partner(
        indicators=[
            {
                "id": "k",
                "name": "K",
                "observations": [{"date": "2025-06-30", "value": 4.0}],
            }
        ]
    )


class TestDatesInTextColumns:
    def test_a_date_where_text_is_expected_is_refused(self, tmp_path: Path) -> None:
        """Excel turns ``6-8`` typed in a cell of General format into the date 8 June: the
        population ``grades 6-8`` was read as the label ``'2025-06-08'``. A date in a column of
        text, ids or choices is refused (as a number with decimals is), saying Excel may have
        converted it; a date in a date column is read as before."""
        path = tmp_path / "w.xlsx"
        init = _one_partner(
            activities=[{"id": "a", "name": "A", "partners": ["p"], "populations": ["grades 6-8"]}]
        )
        write_workbook(init, path)
        book = openpyxl.load_workbook(path)
        activities = book["activities"]
        assert [c.value for c in activities[1]][4:7] == ["populations", "places", "start"]
        activities["E2"] = dt.datetime(2025, 6, 8)
        activities["E2"].number_format = "d-mmm"
        activities["B2"] = dt.date(2024, 1, 2)
        activities["G2"] = dt.date(2025, 6, 8)
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet activities, cell B2: the cell holds the date 2024-01-02, not text: Excel "
            "turns what is typed like a date (6-8, 1/2) into a date; format the column as Text "
            "and type the value again",
            "sheet activities, cell E2: the cell holds the date 2025-06-08, not text: Excel "
            "turns what is typed like a date (6-8, 1/2) into a date; format the column as Text "
            "and type the value again",
        ]
        activities["B2"] = "A"
        activities["E2"] = "grades 6-8"
        book.save(path)
        activity = read_workbook(path).activities[0]
        assert (activity.populations, activity.start) == (("grades 6-8",), dt.date(2025, 6, 8))

    def test_a_date_where_a_number_is_expected_is_shown_as_a_date(self, tmp_path: Path) -> None:
        """A date in a column of numbers was shown as an internal class, "got
        DateCell(2025, 1, 2, 0, 0) (a DateCell)" (reported by a reviewer): it is the date
        2025-01-02, and a date and time is shown with its time."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        observations = book["observations"]
        assert [c.value for c in observations[1]][:3] == ["indicator", "date", "value"]
        observations["C3"] = dt.datetime(2025, 1, 2)
        observations["C3"].number_format = "yyyy-mm-dd"
        observations["C4"] = dt.datetime(2025, 1, 2, 12, 30)
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell C3: expected a number, got the date 2025-01-02",
            "sheet observations, cell C4: expected a number, got the date and time "
            "2025-01-02 12:30:00",
        ]

    @pytest.mark.parametrize("form", [27, 31, 36, 50, 54, 57, 58])
    def test_an_east_asian_built_in_date_format_reads_as_a_date(
        self, tmp_path: Path, form: int
    ) -> None:
        """Excel in a Chinese, Japanese or Korean locale writes a date in a built-in format of
        its locale (ECMA-376 18.8.30: ids 27-36 and 50-58), which openpyxl does not know: the
        dates were refused as "expected a date (YYYY-MM-DD), got 45838" (found by a
        reviewer). The ids that show a date in every one of those locales are read as the
        date the person sees."""
        path = tmp_path / "w.xlsx"
        write_workbook(_one_indicator(), path)
        book = openpyxl.load_workbook(path)
        book["observations"]["B2"].number_format = "yyyy-mm-dd"  # the one custom format, 164
        book.save(path)
        _rewrite_part(
            path,
            "xl/styles.xml",
            lambda d: d.replace(b'<xf numFmtId="164"', f'<xf numFmtId="{form}"'.encode()),
        )
        init = read_workbook(path)
        assert init.indicators[0].observations[0].date == dt.date(2025, 6, 30)

    @pytest.mark.parametrize("form", [32, 35, 52, 56])
    def test_an_east_asian_format_of_a_time_in_some_locale_stays_a_number(
        self, tmp_path: Path, form: int
    ) -> None:
        """The built-in ids 32-35, 52, 53, 55 and 56 show a time in the Chinese locales and a
        date in others: what the person saw is unknown, so the number stays a number, and a
        date column names the date it stands for (45838 is 2025-06-30: 1899-12-30 + 45838
        days, in the 1900 date system)."""
        path = tmp_path / "w.xlsx"
        write_workbook(_one_indicator(), path)
        book = openpyxl.load_workbook(path)
        book["observations"]["B2"].number_format = "yyyy-mm-dd"
        book.save(path)
        _rewrite_part(
            path,
            "xl/styles.xml",
            lambda d: d.replace(b'<xf numFmtId="164"', f'<xf numFmtId="{form}"'.encode()),
        )
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell B2: expected a date (YYYY-MM-DD), got 45838 (an Excel "
            "date number: 2025-06-30 in this workbook's date system; format the cell as a date)"
        ]

    @pytest.mark.parametrize(("system", "date"), [("1900", "2025-06-30"), ("1904", "2029-07-01")])
    def test_a_date_number_in_a_date_column_names_its_date(
        self, tmp_path: Path, system: str, date: str
    ) -> None:
        """A date number typed (or pasted) in a date cell of General format was refused with no
        hint: "expected a date (YYYY-MM-DD), got 45838". The date it stands for is named, in
        the workbook's date system: 1899-12-30 + 45838 days = 2025-06-30 in the 1900 system,
        1904-01-01 + 45838 days = 2029-07-01 in the 1904 system (older Excel for Mac)."""
        path = tmp_path / "w.xlsx"
        write_workbook(_one_indicator(), path)
        book = openpyxl.load_workbook(path)
        book["observations"]["B2"] = 45838
        book["observations"]["B2"].number_format = "General"
        if system == "1904":
            book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            f"sheet observations, cell B2: expected a date (YYYY-MM-DD), got 45838 (an Excel "
            f"date number: {date} in this workbook's date system; format the cell as a date)"
        ]

    def test_a_year_typed_alone_in_a_date_column_is_asked_for_the_whole_date(
        self, tmp_path: Path
    ) -> None:
        """A year typed alone (2025) is an Excel date number of 1905: 1899-12-30 + 2025 days =
        1905-07-17. The hint said "format the cell as a date", which would show 1905-07-17;
        a whole number from 1900 to 2200 is asked for the whole date instead."""
        path = tmp_path / "w.xlsx"
        write_workbook(_one_indicator(), path)
        book = openpyxl.load_workbook(path)
        book["observations"]["B2"] = 2025
        book["observations"]["B2"].number_format = "General"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell B2: expected a date (YYYY-MM-DD), got 2025 (a year? give "
            "the whole date, YYYY-MM-DD; as an Excel date number it is 1905-07-17)"
        ]

    def test_text_columns_are_formatted_as_text(self, tmp_path: Path) -> None:
        """So that Excel keeps what is typed there as text (``6-8`` stays ``6-8``), the columns
        of text, ids and choices are formatted as Text (``@``), in the template and in a written
        workbook, both the column and its cells; dates and numbers keep the General format."""
        write_template(tmp_path / "t.xlsx")
        write_workbook(ci.load_example("workforce"), tmp_path / "w.xlsx")
        for name in ("t.xlsx", "w.xlsx"):
            book = openpyxl.load_workbook(tmp_path / name)
            activities, observations = book["activities"], book["observations"]
            assert [activities.column_dimensions[c].number_format for c in "ABEGH"] == [
                "@",
                "@",
                "@",
                "General",
                "General",
            ]
            assert activities["E2"].number_format == "@"
            assert observations.column_dimensions["C"].number_format == "General"
            assert observations["C2"].number_format == "General"
            assert book["initiative"].column_dimensions["B"].number_format == "@"


class TestLongNumbersInTextColumns:
    def test_a_number_of_16_digits_where_text_is_expected_is_refused(self, tmp_path: Path) -> None:
        """Excel keeps 15 significant digits of a number: the id 1234567890123456 typed in a
        cell of General format is held as 1234567890123450, and was read as the id
        ``'1234567890123450'``, silently not the one typed. A whole number of 16 digits or more
        where text is expected is refused, naming the number held, each cell where it is (one
        shown with leading zeros too); 15 digits are exact and read as their text, and a number
        of 16 digits in a column of numbers is the number it holds."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        partners = book["partners"]  # type: ignore[index]
        partners.append([1234567890123450, "Long", "community"])
        partners.append([123456789012345, "Fifteen", "community"])
        partners.append([1234567890123450, "Zeros", "community"])
        partners["A6"].number_format = "0" * 17  # shows 01234567890123450
        ind = book.create_sheet("indicators")  # type: ignore[attr-defined]
        ind.append(["id", "name"])
        ind.append(["k", "K"])
        obs = book.create_sheet("observations")  # type: ignore[attr-defined]
        obs.append(["indicator", "date", "value", "group"])
        obs.append(["k", dt.date(2024, 2, 1), 1e15, 9.87654321098765e18])
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        advice = (
            ", not text: Excel keeps 15 significant digits of a number, so digits typed after "
            "the 15th may have been lost; format the column as Text and type the value again"
        )
        assert paths(info) == [
            f"sheet partners, cell A4: the cell holds the number 1234567890123450{advice}",
            f"sheet partners, cell A6: the cell holds the number 1234567890123450{advice}",
            f"sheet observations, cell D2: the cell holds the number 9.87654321098765e+18{advice}",
        ]
        assert str(info.value.source) == str(path)
        partners["A4"].number_format = "@"
        partners["A4"] = "1234567890123456"
        partners["A6"].number_format = "@"
        partners["A6"] = "01234567890123456"
        obs["D2"] = "9876543210987654321"
        book.save(path)  # type: ignore[attr-defined]
        init = read_workbook(path)
        assert [p.id for p in init.partners] == [
            "a",
            "b",
            "1234567890123456",
            "123456789012345",
            "01234567890123456",
        ]
        observation = init.indicator("k").observations[0]
        assert (observation.value, observation.group) == (1e15, "9876543210987654321")

    def test_other_readers_keep_long_ids(self, tmp_path: Path) -> None:
        """The rule is Excel's: a CSV bundle's cells are text, and a frame's integers are
        exact, so an id of 16 digits or more there is read as it is."""
        init = _one_partner(
            partners=[{"id": "1234567890123456", "name": "P", "sector": "other"}],
        )
        ci.write_csv_bundle(init, tmp_path / "bundle")
        assert ci.read_csv_bundle(tmp_path / "bundle").partners[0].id == "1234567890123456"
        frames = init.to_frames()
        frames["partners"]["id"] = [1234567890123456]
        assert ci.Initiative.from_frames(frames).partners[0].id == "1234567890123456"


class TestNumbersTypedAsText:
    def test_one_comma_group_is_ambiguous(self, tmp_path: Path) -> None:
        """A number typed as text in a workbook has no locale to tell its comma: ``45,500`` is
        45.5 written with a decimal comma (with three decimals) as much as 45500 with grouped
        thousands, and was read as 45500, while ``0,5`` was refused. It is refused naming both
        readings; ``1,234,567`` and ``1,234.5`` are thousands in any locale and are read."""
        path = tmp_path / "w.xlsx"
        book = _tiny(path)
        ind = book.create_sheet("indicators")  # type: ignore[attr-defined]
        ind.append(["id", "name"])
        ind.append(["k", "K"])
        obs = book.create_sheet("observations")  # type: ignore[attr-defined]
        obs.append(["indicator", "date", "value"])
        for day, text in enumerate(["45,500", "1,234,567", "1,234.5", "0,5"], start=1):
            obs.append(["k", dt.date(2025, 1, day), text])
        book.save(path)  # type: ignore[attr-defined]
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell C2: '45,500' is ambiguous as text in a workbook: 45.500 "
            "with a decimal comma, or 45500 with grouped thousands; type it as the number "
            "45.500 or 45500",
            "sheet observations, cell C5: expected a number, got '0,5'; use a dot as the "
            "decimal separator (0.5)",
        ]
        obs["C2"] = 45.5
        obs["C5"] = 0.5
        book.save(path)  # type: ignore[attr-defined]
        observations = read_workbook(path).indicator("k").observations
        assert [o.value for o in observations] == [45.5, 1234567.0, 1234.5, 0.5]

    def test_a_point_group_beside_a_decimal_comma_is_ambiguous(self, tmp_path: Path) -> None:
        """Text ``5.000`` in a target was read as 5 while another cell of the workbook held the
        text ``0,5`` (found by a reviewer): only ``0,5`` was refused, and once it was fixed
        the target stood at 5 where a decimal-comma locale (which groups thousands with a
        point) meant 5000, 1000 times too small. As in a CSV bundle, text with one point
        before three digits is refused where any number cell of the workbook holds a decimal
        comma, naming that cell and both readings; in another sheet too (an observation's
        ``1.100`` beside the indicator's ``0,5``). A number cell holding 5 is no text, and
        ``1.100`` is read as 1.1 once no cell writes a decimal comma."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        ind = book["indicators"]
        col = {c.value: c.column_letter for c in ind[1]}
        assert ind["A2"].value == "placements"
        ind[f"{col['target_value']}2"] = "5.000"
        ind[f"{col['baseline_value']}2"] = "0,5"
        ind[f"{col['target_value']}3"] = 5  # a number: no text, nothing ambiguous
        book["observations"]["C2"] = "1.100"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        comma = f"sheet indicators, cell {col['baseline_value']}2 holds '0,5'"
        because = f"a workbook that writes decimal commas ({comma})"
        assert paths(info) == [
            f"sheet indicators, cell {col['baseline_value']}2: expected a number, got '0,5'; "
            "use a dot as the decimal separator (0.5)",
            f"sheet indicators, cell {col['target_value']}2: '5.000' is ambiguous as text in "
            f"{because}: 5.000 with a decimal point, or 5000 with the point grouping "
            "thousands; type it as the number 5.000 or 5000",
            f"sheet observations, cell C2: '1.100' is ambiguous as text in {because}: 1.100 "
            "with a decimal point, or 1100 with the point grouping thousands; type it as the "
            "number 1.100 or 1100",
        ]
        ind[f"{col['baseline_value']}2"] = 0.5
        book.save(path)
        read = read_workbook(path)
        assert read.indicator("placements").target.value == 5.0  # type: ignore[union-attr]
        assert read.indicator("placements").observations[0].value == 1.1

    @pytest.mark.parametrize("comma", ["1.234,5", "12,5%", "12,5\u00a0%", "\u22120,5", "1 234,5"])
    def test_a_decimal_comma_in_a_locale_s_own_form_counts(
        self, tmp_path: Path, comma: str
    ) -> None:
        """A decimal comma as its locale writes it, grouped with points (``1.234,5``), with a
        percent sign (``12,5%``, ``12,5 %``), a U+2212 MINUS SIGN (``−0,5``) or grouped with
        spaces, said nothing of the workbook's locale (found by a reviewer): only
        ``[+-]digits,digits`` counted, so ``5.000`` beside ``1.234,5`` was read as 5, and once
        ``1.234,5`` was fixed (as 1234.5) the target stood at 5 where 5000 was meant. Each is
        a decimal comma now, and ``5.000`` beside it is refused as ambiguous."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("workforce"), path)
        book = openpyxl.load_workbook(path)
        ind = book["indicators"]
        col = {c.value: c.column_letter for c in ind[1]}
        ind[f"{col['target_value']}2"] = "5.000"
        ind[f"{col['baseline_value']}3"] = comma
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        held = f"sheet indicators, cell {col['baseline_value']}3 holds {comma!r}"
        assert (
            f"sheet indicators, cell {col['target_value']}2: '5.000' is ambiguous as text in "
            f"a workbook that writes decimal commas ({held}): 5.000 with a decimal point, or "
            "5000 with the point grouping thousands; type it as the number 5.000 or 5000"
        ) in paths(info)


def test_a_workbook_is_not_written_under_a_macro_name(tmp_path: Path) -> None:
    """openpyxl writes a workbook without macros, declared as .xlsx; Excel refuses it named
    .xlsm. Refused before any work; read, a .xlsm is read all the same."""
    for write in (lambda p: write_workbook(ci.load_example("workforce"), p), write_template):
        with pytest.raises(ci.WriteError, match=r"name it \.xlsx"):
            write(tmp_path / "w.xlsm")
        assert list(tmp_path.iterdir()) == []
    write_workbook(ci.load_example("workforce"), tmp_path / "w.xlsx")
    (tmp_path / "w.xlsx").rename(tmp_path / "w.xlsm")
    assert read_workbook(tmp_path / "w.xlsm") == ci.load_example("workforce")


@pytest.mark.parametrize("name", ["initiative.yaml", "w.json", "w.xls", "w.ods", "w", "w.XLSX.txt"])
def test_a_workbook_is_written_only_as_xlsx(tmp_path: Path, name: str) -> None:
    """``write_workbook(init, "initiative.yaml")`` replaced the YAML file with a workbook
    (reported by a reviewer). Every suffix but .xlsx (in any case) is refused before anything
    is written, worded as the command line refuses ``template -o initiative.yaml``; the file
    there is left as it was."""
    path = tmp_path / name
    path.write_text("schema_version: 1\n")
    stem, suffix = Path(name).stem, Path(name).suffix.lower()
    for write in (lambda p: write_workbook(ci.load_example("workforce"), p), write_template):
        with pytest.raises(ci.WriteError) as err:
            write(path)
        assert err.value.reason == (
            f"an Excel workbook is written as .xlsx, not under the suffix "
            f"{suffix or '(none)'!r}; name it .xlsx (for example {stem}.xlsx); nothing was "
            "written"
        )
        assert path.read_text() == "schema_version: 1\n"
        assert [p.name for p in tmp_path.iterdir()] == [name]
    write_workbook(ci.load_example("workforce"), tmp_path / "W.XLSX")
    assert read_workbook(tmp_path / "W.XLSX") == ci.load_example("workforce")


class TestFarCells:
    """One value typed in XFD1048576, the last cell of a sheet, made a 20 KB workbook hang:
    openpyxl pads every row to the sheet's last column and row, a billion cells. Rows are read
    as stored now, and a sheet whose rows reach more cells than a table can hold is refused.
    Found by a report-only reviewer."""

    def test_the_last_cell_of_a_sheet(self, tmp_path: Path) -> None:
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        book["backbone"]["XFD1048576"] = "x"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet backbone, row 1048576: the row has 16384 cells but the header row names only "
            "10 columns; the extra cells are not blank",
            "sheet backbone, row 1048576: an initiative has one backbone; only one data row is "
            "allowed (row 2)",
        ]

    def test_a_merged_header_cell_is_one_problem_at_it(self, tmp_path: Path) -> None:
        """Merging D1:E1 gave 65 problems, the first taking the refusal for a column's name
        ("unknown column 'the cells D1:E1 are merged...'") (found by a reviewer)."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        book["observations"].merge_cells("D1:E1")
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet observations, cell D1: the cells D1:E1 are merged; unmerge them and type the "
            "value in each cell"
        ]

    def test_an_empty_merged_range_beside_the_header_hides_nothing(self, tmp_path: Path) -> None:
        """E1:F1 merged while empty (openpyxl writes no cell for it, so nothing reports it)
        and a value typed in E3: the columns were taken as reported, and the workbook was
        accepted with the value dropped (found by a reviewer). Refused, as before."""
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        book["partners"].merge_cells("E1:F1")
        book["partners"]["E3"] = "typed beside the table"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet partners, row 3: the row has 5 cells but the header row names only 4 "
            "columns; the extra cells are not blank"
        ]

    def test_merged_ranges_over_empty_cells_are_refused_in_bounded_memory(
        self, tmp_path: Path
    ) -> None:
        """Forty merged ranges of a million cells each over empty cells, in a workbook of
        21 KB: every merged cell was remembered, and reading took gigabytes (found by a
        reviewer). More than 100,000 merged cells on a sheet are refused, before any is."""
        import resource

        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        sheet = "xl/worksheets/sheet13.xml"  # the backbone sheet
        with zipfile.ZipFile(path) as archive:
            assert b"<sheetData" in archive.read(sheet)
        refs = "".join(
            f'<mergeCell ref="{c}100:{c}1000098"/>'
            for c in ("J", "K", "L", "M", "N", "O", "P", "Q", "R", "S") * 4
        )
        _rewrite_part(
            path,
            sheet,
            lambda data: data.replace(
                b"</sheetData>", f'</sheetData><mergeCells count="40">{refs}</mergeCells>'.encode()
            ),
        )
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KiB
        assert grown < 200_000
        assert paths(info) == [
            "sheet backbone: the sheet's merged ranges cover more than 100,000 cells (the range "
            "J100:J1000098 reaches that far): unmerge them, and type each value in its cell"
        ]

    def test_rows_reaching_far_are_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from collective_impact.io import workbook

        monkeypatch.setattr(workbook, "_MAX_SHEET_CELLS", 5_000)
        path = tmp_path / "w.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        for row in range(20, 30):
            book["partners"].cell(row=row, column=1_000, value="note")
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        assert paths(info) == [
            "sheet partners: the sheet spans more than 5,000 cells, counting each row to its "
            "last cell (row 24 ends in column ALL): cells typed far to the right of the table; "
            "delete the columns after it"
        ]


#: Writes a workbook (``template`` or ``workbook``) to a path, as a script would.
_WRITE = """
import sys
import collective_impact as ci
from collective_impact.io.workbook import write_template, write_workbook

what, path = sys.argv[1:]
try:
    if what == "template":
        write_template(path)
    else:
        write_workbook(ci.load_example("cradle-to-career"), path)
except ci.WriteError as err:
    print(err, file=sys.stderr)
    sys.exit(1)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="no file-size limit (ulimit -f)")
@pytest.mark.parametrize("limit", [2 * 1024, 8 * 1024, 16 * 1024])
@pytest.mark.parametrize("what", ["template", "workbook", "cli"])
def test_a_failed_write_prints_no_traceback(tmp_path: Path, what: str, limit: int) -> None:
    """Under a file-size limit (``ulimit -f 2``) the clean error was followed by a traceback
    of openpyxl's archive left unclosed ("Exception ignored in: <function ZipFile.__del__>
    ... OSError: [Errno 27] File too large"); with a larger limit, one of openpyxl's own
    temporary files failed, and the command said only "error: file too large", no file."""
    import os
    import resource
    import signal
    import subprocess

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # as under ``ulimit -f``
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    target = tmp_path / "t.xlsx"
    source = str(Path(ci.__file__).resolve().parents[1])
    environment = {**os.environ, "PYTHONPATH": source}
    command = (
        ["-m", "collective_impact", "template", "-o", str(target)]
        if what == "cli"
        else ["-c", _WRITE, what, str(target)]
    )
    done = subprocess.run(
        [sys.executable, *command],
        env=environment,
        capture_output=True,
        text=True,
        preexec_fn=limited,
        check=False,
    )
    message = (
        f"{target}: cannot write it: the file is too large for the system (File too large); "
        "nothing was written\n"
    )
    assert (done.returncode, done.stderr) == (1, ("error: " if what == "cli" else "") + message)
    assert list(tmp_path.iterdir()) == []
