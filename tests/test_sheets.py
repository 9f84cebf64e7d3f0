"""Tests of the spreadsheet conventions shared by the CSV readers (collective_impact.io._sheets)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact.errors import FormatError, Location, ProblemCode, ValidationError
from collective_impact.io._sheets import (
    Header,
    Suggester,
    cell,
    close_matches,
    column_letter,
    delimiter,
    number_hint,
    parse_number,
    records,
)
from collective_impact.io.csvbundle import read_csv_bundle, write_csv_bundle
from collective_impact.io.survey import read_partner_survey


class TestCell:
    def test_render(self) -> None:
        assert cell("ties.csv", 2, "target").render() == "ties.csv, row 2, column target"
        assert cell("ties.csv", 2).render() == "ties.csv, row 2"
        assert cell("ties.csv").render() == "ties.csv"
        assert cell(None, 2, "partner").render() == "row 2, column partner"

    def test_is_the_location_of_errors(self) -> None:
        assert cell("ties.csv", 2, "target") == Location(file="ties.csv", row=2, column="target")


class TestColumnLetter:
    @pytest.mark.parametrize(
        ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (702, "AAA")]
    )
    def test_letters(self, index: int, letter: str) -> None:
        assert letter == column_letter(index)


class TestDelimiter:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("id,name\n", ","),
            ("\n\n  \nid;name\n", ";"),
            ("id\tname\r\n", "\t"),
            ("id\n", ","),
            ("id;name,x\n", ","),
            ("id;name\ra,b\r", ";"),  # old Mac line ends
        ],
    )
    def test_first_non_blank_line_decides(self, text: str, expected: str) -> None:
        assert expected == delimiter(text)


class TestRecords:
    def test_row_numbers_count_blank_rows(self) -> None:
        text = "id,name\r\n\r\n,\r\n a ,A\r\n"
        assert records(text) == [(1, ["id", "name"]), (4, [" a ", "A"])]

    def test_quoted_newline_is_one_record(self) -> None:
        assert records('id,note\na,"x\ny"\n') == [(1, ["id", "note"]), (2, ["a", "x\ny"])]

    def test_invalid_csv(self) -> None:
        with pytest.raises(FormatError, match="invalid CSV: field larger") as info:
            records("id\n" + "x" * 200_000 + "\n", source="a.csv")
        assert (info.value.source, info.value.line) == ("a.csv", 2)

    @pytest.mark.parametrize("long_fields", [False, True])
    @pytest.mark.parametrize("end", ["\r\n", "\n", ""])
    def test_a_quote_never_closed_is_refused_at_its_line(self, long_fields: bool, end: str) -> None:
        """``"public housing`` typed without its closing quote: csv read the rest of the file
        into that one cell, silently (2 of 5 rows left); the error names the line it starts at."""
        lines = ["id,group", 'a,"x', 'y"', 'b,"public housing', "c,C", "d,D"]
        text = end.join(lines) + end if end else "\n".join(lines)
        with pytest.raises(FormatError) as info:
            records(text, source="s.csv", long_fields=long_fields)
        assert (info.value.source, info.value.line, info.value.code) == (
            "s.csv",
            4,  # the quoted cell before it, which spans lines 2 and 3, is closed
            ProblemCode.SYNTAX,
        )
        assert info.value.message == (
            "invalid CSV: the quote that opens the cell '\"public housing' is never closed, so "
            "the 2 lines after it would be read into that one cell; close it, or remove it (a "
            'quote inside a cell is written twice: "")'
        )

    def test_a_quote_on_the_last_line(self) -> None:
        with pytest.raises(FormatError, match="the text ends inside the cell") as info:
            records('id\r\na\r\n"b\r\n')
        assert info.value.line == 3

    def test_a_quote_never_closed_in_a_survey_is_named_before_the_limit(self) -> None:
        """A survey's cells are short (the field limit applies): the cell a stray quote opens
        grew past the limit and the error said only ``field larger than field limit``."""
        text = 'respondent,partner\ncha,"mowd\n' + "cha,mowd\n" * 20_000
        with pytest.raises(
            FormatError, match="'\"mowd' is never closed, so the 20,000 lines"
        ) as info:
            records(text, source="s.csv")
        assert info.value.line == 2

    def test_long_quoted_cells_still_read(self) -> None:
        """A megabyte of text in one cell, with quotes and line ends, is read (a bundle)."""
        big = ('a "quoted" word,\r\n' * 60_000)[:1_000_000]
        text = 'id,note\r\nx,"' + big.replace('"', '""') + '"\r\ny,short\r\n'
        assert records(text, long_fields=True) == [
            (1, ["id", "note"]),
            (2, ["x", big]),
            (3, ["y", "short"]),
        ]


class TestParseNumber:
    """One grammar for every CSV reader: plain decimals, or thousands grouped with commas."""

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("3", 3.0),
            (" -0.25 ", -0.25),
            (".5", 0.5),
            ("2.", 2.0),
            ("+7", 7.0),
            ("1e-05", 1e-05),
            ("2.5E3", 2500.0),
            ("1,234", 1234.0),
            ("1,234.5", 1234.5),
            ("-12,345,678.25", -12345678.25),
            ("999,999", 999999.0),
        ],
    )
    def test_numbers(self, text: str, value: float) -> None:
        assert value == parse_number(text)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "nan",
            "inf",
            "-inf",
            "1e999",
            "1_000",
            "1 000",
            "0,8",
            "0,750",
            "1,23",
            "1,2345",
            "1234,567",
            ",123",
            "1,234,56",
            "1,234e3",
            "=1+2",
            "0x10",
        ],
    )
    def test_not_numbers(self, text: str) -> None:
        assert parse_number(text) is None

    def test_hint_for_a_decimal_comma(self) -> None:
        assert number_hint(" 0,750 ") == "; use a dot as the decimal separator (0.750)"
        assert number_hint("many") == ""

    def test_the_bundle_and_the_survey_read_numbers_alike(self, tmp_path: Path) -> None:
        """``1,000`` is a thousand in both readers; ``0,750`` is a decimal comma in both."""
        init = ci.load_example("workforce")
        folder = tmp_path / "bundle"
        write_csv_bundle(init, folder)
        rows = (folder / "observations.csv").read_text(encoding="utf-8").splitlines()
        first = rows[1].split(",")
        first[2] = '"1,000"'
        (folder / "observations.csv").write_text(
            "\n".join([rows[0], ",".join(first), *rows[2:]]) + "\n", encoding="utf-8"
        )
        read = read_csv_bundle(folder)
        assert 1000.0 in [o.value for i in read.indicators for o in i.observations]

        survey = io.StringIO('respondent,partner,openness,strength\ncha,mowd,"1,000","0,750"\n')
        with pytest.raises(ValidationError) as info:
            read_partner_survey(survey, init)
        openness, strength = (p.message for p in info.value.problems)
        assert openness.endswith("got '1,000'")  # a thousand: out of range, no comma advice
        assert strength.endswith("got '0,750'; use a dot as the decimal separator (0.750)")


class TestStrayQuoteInTheReaders:
    """Both CSV readers refuse a quote never closed, naming the file and the line."""

    def test_bundle(self, tmp_path: Path) -> None:
        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("workforce"), folder)
        path = folder / "observations.csv"
        lines = path.read_bytes().decode().split("\r\n")
        lines[2] = lines[2].rstrip(",") + ',"public housing'
        path.write_bytes("\r\n".join(lines).encode())
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)  # was accepted with 2 of its 15 observations
        assert [str(p) for p in info.value.problems] == [
            "observations.csv: line 3: invalid CSV: the quote that opens the cell '\"public "
            "housing' is never closed, so the 13 lines after it would be read into that one "
            'cell; close it, or remove it (a quote inside a cell is written twice: "")'
        ]

    def test_survey(self, tmp_path: Path) -> None:
        path = tmp_path / "survey.csv"
        path.write_text(
            'respondent,partner,openness,intensity\ncha,mowd,4,"coordination\n'
            "pnc,cjc,1,\nmowd,cha,2,\n"
        )
        with pytest.raises(FormatError) as info:
            read_partner_survey(path, ci.load_example("workforce"))
        assert str(info.value).startswith(
            f"{path}, line 2: invalid CSV: the quote that opens the cell '\"coordination' is "
            "never closed, so the 2 lines after it would be read into that one cell"
        )


class TestCutShort:
    """A last row short of the header's columns, without a final line break, is a file cut
    short: its missing cells read as empty, silently (a referral tie of strength 0.2 cut after
    its ends became a communication tie of strength 1, and the alignment index moved)."""

    @pytest.mark.parametrize("long_fields", [False, True])
    def test_records(self, long_fields: bool) -> None:
        text = "id,name,note\r\n\r\na,A,x\r\nb,B"
        with pytest.raises(FormatError) as info:
            records(text, source="t.csv", long_fields=long_fields)
        assert (info.value.source, info.value.line, info.value.code) == (
            "t.csv",
            4,
            ProblemCode.SYNTAX,
        )
        assert info.value.message == (
            "the last row (row 4) has 2 cells where the header row names 3 columns, and the "
            "file does not end with a line break: was the file cut short, in a download or a "
            "copy? Copy or export it again; if the row is complete as it is, end the file with "
            "a line break"
        )

    @pytest.mark.parametrize("separator", [",", ";"])
    def test_cut_right_after_a_separator(self, separator: str) -> None:
        """Cut one character after ``…,referral`` the last row has its four cells, the last
        one empty by the cut: it read silently, a referral tie of strength 0.2 as 1 (a
        reviewer). A last row ending with a separator, without a line break, is cut short."""
        text = "source,target,kind,strength\np,q,communication,1\nq,r,referral,".replace(
            ",", separator
        )
        with pytest.raises(FormatError) as info:
            records(text, source="ties.csv")
        assert info.value.line == 3
        assert info.value.message.startswith(
            "the last row (row 3) ends with a separator (its cell of column 4 is empty), and "
            "the file does not end with a line break: was the file cut short"
        )
        assert len(records(text + "\n")) == 3  # complete as it is: a line break says so

    @pytest.mark.parametrize(
        "text",
        [
            "id,name,note\na,A,x\nb,B\n",  # a short last row, the file ends with a line break
            "id,name,note\na,A,x\nb,B\r",  # an old Mac line end
            "id,name,note\na,A\nb,B,y",  # a short row elsewhere: its empty cells left out
            "id,name,,\na,A",  # trailing header cells without a name are not columns
            "id,name,note\na,A,x\n,,",  # the last record blank
            "id,name,note,\na,A,x\nb,B,x,",  # the separator before a column with no name
            "id,name,note",  # the header alone
        ],
    )
    def test_what_is_not_cut_short(self, text: str) -> None:
        assert records(text)[0] == (1, text.split("\n")[0].split(","))

    def test_bundle(self, tmp_path: Path) -> None:
        """The repro: a bundle's ties.csv cut within a row was valid, its last tie changed."""
        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        path = folder / "ties.csv"
        text = path.read_bytes().decode()
        end = text.index("boys-girls-club,schools") + len("boys-girls-club,schools")
        path.write_bytes(text[:end].encode())
        line = text[:end].count("\r\n") + 1
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        assert [str(p) for p in info.value.problems] == [
            f"ties.csv: line {line}: the last row (row {line}) has 2 cells where the header "
            "row names 11 columns, and the file does not end with a line break: was the file "
            "cut short, in a download or a copy? Copy or export it again; if the row is "
            "complete as it is, end the file with a line break"
        ]
        assert info.value.problems[0].code == ProblemCode.SYNTAX

    def test_bundle_short_rows_are_read_empty(self, tmp_path: Path) -> None:
        """A row may leave out its empty cells (with a final line break): they are empty, so a
        tie's kind and strength take their defaults, and a required cell is reported empty."""
        folder = tmp_path / "b"
        init = ci.load_example("workforce")
        write_csv_bundle(init, folder)
        path = folder / "ties.csv"
        header, first, *rest = path.read_bytes().decode().split("\r\n")
        source, target = first.split(",")[:2]
        path.write_bytes("\r\n".join([header, f"{source},{target}", *rest]).encode())
        read = read_csv_bundle(folder)
        tie = next(t for t in read.ties if (t.source, t.target) == (source, target))
        assert (tie.kind, tie.strength) == (ci.TieKind.COMMUNICATION, 1.0)
        path.write_bytes("\r\n".join([header, source, *rest]).encode())
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        assert [str(p) for p in info.value.problems] == [
            "ties.csv, row 2, column target: required, but the cell is empty"
        ]

    def test_survey(self, tmp_path: Path) -> None:
        """With a default strength, a survey's last row cut after its partner was a tie of it."""
        path = tmp_path / "survey.csv"
        path.write_text("respondent,partner,openness,intensity\ncha,mowd,4,integration\npnc,cjc")
        with pytest.raises(FormatError) as info:
            read_partner_survey(path, ci.load_example("workforce"), default_strength=0.5)
        assert str(info.value).startswith(
            f"{path}, line 3: the last row (row 3) has 2 cells where the header row names 4 "
            "columns, and the file does not end with a line break: was the file cut short"
        )


class TestCloseMatches:
    def test_close(self) -> None:
        assert close_matches("opennes", ["openness", "resources"]) == ["openness"]
        assert close_matches("zzz", ["openness"]) == []

    def test_case_only(self) -> None:
        assert close_matches("CHA", ["mowd", "cha"]) == ["cha"]

    def test_a_megabyte_word_is_fast(self) -> None:
        """Bounded: compared on a prefix, a 1 MB unknown id costs no more than a short one."""
        word = "partner-" + "x" * 1_000_000
        candidates = [f"partner-{i}" for i in range(10_000)] + ["partner-" + "x" * 999_999 + "y"]
        start = time.perf_counter()
        found = close_matches(word, candidates)
        suggested = Suggester()(word, candidates)
        elapsed = time.perf_counter() - start
        assert elapsed < 0.5
        assert found == [candidates[-1]]
        assert suggested.startswith(" (did you mean 'partner-xxx")

    def test_suggester_budget(self) -> None:
        suggest = Suggester(budget=2)
        hints = [suggest("mwod", ["mowd"]) for _ in range(3)]
        assert hints == [" (did you mean 'mowd'?)", " (did you mean 'mowd'?)", ""]


class TestHeader:
    @staticmethod
    def header(
        cells: list[str], required: tuple[str, ...] = ("id", "name")
    ) -> tuple[Header, list[str]]:
        problems: list[str] = []
        header = Header(
            cells,
            row=1,
            file="t.csv",
            table="t.csv",
            allowed=("id", "name", "sector"),
            required=required,
            report=lambda where, message, code: problems.append(f"{where.render()}: {message}"),
        )
        return header, problems

    def test_codes(self) -> None:
        found: list[tuple[str, ProblemCode]] = []
        header = Header(
            ["id", "Id", "colour", ""],
            row=1,
            file="t.csv",
            table="t.csv",
            allowed=("id", "name", "sector"),
            required=("id", "sector"),
            report=lambda where, message, code: found.append((where.render(), code)),
        )
        header.cells(2, ["a", "b", "c", "d", "e"])
        header.finish()
        assert found == [
            ("t.csv, row 1, column id", ProblemCode.DUPLICATE_ENTRY),
            ("t.csv, row 1, column C", ProblemCode.MISSING_KEY),  # 'colour' for 'sector'
            ("t.csv, row 2, column D", ProblemCode.UNKNOWN_KEY),
            ("t.csv, row 2", ProblemCode.UNKNOWN_KEY),
        ]

    def test_columns_ignore_case_and_spaces(self) -> None:
        header, problems = self.header([" ID ", "Name", "", "sector"])
        assert (
            header.columns,
            header.unnamed,
            header.missing,
            problems,
        ) == ({"id": 0, "name": 1, "sector": 3}, [2], (), [])

    def test_every_problem(self) -> None:
        header, problems = self.header(["id", "Id", "secter", "colour"])
        assert header.missing == ("name",)
        assert problems == [
            "t.csv, row 1, column id: column 'Id' appears twice (columns A and B); keep one",
            "t.csv, row 1, column C: unknown column 'secter' (did you mean 'sector'?); the "
            "columns of t.csv are id, name, sector",
            "t.csv, row 1, column D: unknown column 'colour'; the columns of t.csv are id, name, "
            "sector",
            "t.csv, row 1, column name: missing required column 'name'; the header row must name "
            "it (the columns of t.csv are id, name, sector)",
        ]

    def test_a_renamed_required_column_is_one_problem(self) -> None:
        header, problems = self.header(["identifier", "name"])
        assert header.missing == ("id",)
        assert problems == [
            "t.csv, row 1, column A: unknown column 'identifier' (did you mean 'id'?); the "
            "required column 'id' is missing (the columns of t.csv are id, name, sector)"
        ]

    def test_a_title_line_is_one_problem(self) -> None:
        """A title line above the header row: every data row was reported for its cells beyond
        the one-cell 'header' (10,000 rows, 10,000 problems); now once, with the count."""
        for title in (["Ties export"], ["Ties export", "", ""]):  # as typed; as Excel saves it
            header, problems = self.header(title)
            for row in range(2, 10_002):
                header.cells(row, ["a", "A", "other"])
            header.cells(10_002, ["b"])  # within the header's cell: nothing outside it
            assert problems == []  # the header's own (unknown, missing id and name) held
            header.finish()
            assert problems == [
                "t.csv, row 1: 10,000 data rows (the first at row 2) have cells in columns this "
                "header row does not name; the header row must be the first row of the file (is "
                "a title line above it?)"
            ]

    def test_a_title_line_without_rows_outside_it_reports_the_header(self) -> None:
        """A header naming none of the columns, whose rows stay within it: no title line is
        told by the rows. When none of its values is near a column's name (the first row of
        data, the header row left out, or names of another's choosing), one problem at
        finish() says so: an unknown column for each value and a missing column for each
        required one were four problems here, seven for a partners.csv without its header
        row, the missing 'id' fifth (found by a reviewer)."""
        header, problems = self.header(["identifier", "label"])
        header.cells(2, ["a", "A"])
        assert problems == []
        header.finish()
        assert problems == [
            "t.csv, row 1: the header row names none of the columns (id, name, sector): it holds "
            "'identifier', 'label'; name the columns in the first row, or, if that row is data, "
            "insert the header row above it"
        ]

    def test_a_header_naming_no_column_but_near_one_reports_each(self) -> None:
        """'ID_', 'nmae': misspellings of the columns, each said with its did-you-mean."""
        header, problems = self.header(["ID_", "nmae"])
        header.cells(2, ["a", "A"])
        header.finish()
        assert [p.split(":")[0] for p in problems] == [
            "t.csv, row 1, column A",
            "t.csv, row 1, column B",
        ]
        assert "did you mean 'name'" in problems[1]

    def test_a_header_naming_some_columns_reports_each_row(self) -> None:
        header, problems = self.header(["id", "colour"])  # 'colour' for the missing 'name'
        header.cells(2, ["a", "red", "x"])
        header.finish()
        assert problems[1:] == [
            "t.csv, row 2: the row has 3 cells but the header row names only 2 columns; the "
            "extra cells are not blank"
        ]

    def test_a_header_of_one_column_is_one_column(self) -> None:
        """ "names only 1 columns" (found by a reviewer)."""
        header, problems = self.header(["id"])
        header.cells(2, ["a", "x"])
        header.finish()
        assert problems[-1] == (
            "t.csv, row 2: the row has 2 cells but the header row names only 1 column; the "
            "extra cells are not blank"
        )

    def test_cells(self) -> None:
        header, problems = self.header(["id", "", "name"])
        assert header.cells(2, ["a", "x"]) == {"id": "a", "name": ""}
        assert header.cells(3, ["b", "", "B", " "]) == {"id": "b", "name": "B"}
        header.cells(4, ["c", "", "C", "extra"])
        header.finish()
        assert problems == [
            "t.csv, row 2, column B: this column has no name in the header row but holds 'x'; "
            "name the column or clear it",
            "t.csv, row 4: the row has 4 cells but the header row names only 3 columns; the "
            "extra cells are not blank",
        ]
        assert header.misread

    def test_one_problem_a_column_not_one_a_row(self) -> None:
        """A cleared header cell over a column of 32 values gave 32 problems, and the rows it
        left to read alike gave 31 more "given twice" (found by a reviewer): one problem a
        column, at its first row, counting the others."""
        header, problems = self.header(["id", "", "name"])
        for row in range(2, 34):
            header.cells(row, ["a", f"v{row}", "A", "x" if row > 10 else ""])
        header.finish()
        assert problems == [
            "t.csv, row 2, column B: this column has no name in the header row but holds "
            "'v2', and so do 31 more rows; name the column or clear it",
            "t.csv, row 11: the row has 4 cells but the header row names only 3 columns; the "
            "extra cells are not blank (and 22 more rows)",
        ]
        assert header.misread
        quiet, problems = self.header(["id", "name"])
        assert not quiet.misread
