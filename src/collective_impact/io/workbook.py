r"""Excel workbooks: an initiative as one ``.xlsx`` file, one sheet per file of a CSV bundle.

A workbook holds one sheet per table of a CSV bundle (:mod:`collective_impact.io.csvbundle`),
named as the file without ``.csv`` (``initiative``, ``partners``, ``ties``...), with the same
columns and the same rules: ``initiative`` and ``partners`` are required, every other sheet
optional; the first non-blank row of a sheet names its columns; blank rows are skipped. A sheet
called ``how to fill this in`` (the one :func:`write_template` writes) is skipped, and so is a
chart on a sheet of its own (a chart sheet, even one holding no chart); any other sheet is an
error, so that a misspelt sheet is never silently ignored.

Cells are read as Excel types them: numbers as numbers (never through their text), dates typed
as Excel dates as dates, text as written; lists (``|``) and choices as in a CSV bundle. A date
is a number in a date format: the formats openpyxl knows, and the built-in formats Excel
writes for dates in Chinese, Japanese and Korean locales (ids 27-31, 36, 50, 51, 54, 57 and
58, a date in each of those locales: read as the date the person sees); the ids 32-35, 52,
53, 55 and 56 show a time in some of those locales, and their numbers stay numbers. A whole
number in a date column is refused naming the date it stands for in the workbook's date system
(``got 45838 (an Excel date number: 2025-06-30 in this workbook's date system; format the cell
as a date)``; 1904 for older Excel for Mac). An id
typed as a number is its text (``7`` is ``'7'``), and a whole number shown with leading zeros
(the number format ``000``) keeps them (``007``); typed as text (``'007``) an id is kept as it
is. A whole number of 16 digits or more (1e15 or more) is refused where text is expected, naming
the number held: Excel keeps 15 significant digits of a number, so the id ``1234567890123456``
typed in a cell of General format is held as ``1234567890123450`` (format the column as Text and
type it again); in a column of numbers it is the number it holds. An Excel date where text, ids
or choices are expected is refused: Excel makes a date of what is typed like one (``grades 6-8``
stays text, but ``6-8`` alone becomes 8 June), so the writers format those columns as Text
(``@``), and a column formatted so keeps what is typed. A number typed as text is read in the
grammar of a CSV bundle, except that ``45,500`` (one comma before three digits, no point) is
refused as ambiguous: text in a workbook has no locale to say whether it is 45.5 or 45500 (type
the number); where a number cell of the workbook holds text with a decimal comma (``0,5``), so is
``5.000`` (one point before three digits: 5 or 5000?), as in a CSV bundle. A cell holding a
formula is refused (the value Excel last computed is not read: type the value), and so is a
merged range, once, at its first cell, naming the range (unmerge it and give each cell its
value; its other cells say nothing more). A number beyond Excel's
last date (9999-12-31) in a cell formatted as a date is refused naming the number, and the
date it reads as when it is one typed without its dashes (``20240301``: type 2024-03-01);
openpyxl reads it as the error ``#VALUE!``, and its warnings, of that or of anything else it
does not read, are never shown. A number openpyxl reads as a time (below 1 in a date format, or
in a duration format) is refused naming the number and its format (format the cell as a
number; in a column of dates, type the date, or format the cell as a date where a duration of
more than 2200 days is a date's number; in a column of text, ids or choices, format the column
as Text and type the value again). Hidden rows that hold data
(hidden by hand, by an AutoFilter or in a collapsed outline) are refused, one problem per run of
them, at its first row, naming the rows (``sheet partners, row 4: rows 4 to 6 are hidden``);
so are hidden columns holding a value (one problem a sheet, naming them) and a hidden sheet:
what is hidden is data all the same, so unhide and delete it, or unhide it
if it is data. They are read all the same, so nothing follows from them (a visible tie to a
partner in a hidden row is no unknown partner). A number
shown as a percentage (``53%``, which Excel holds as 0.53) is refused where a value is in its
indicator's own unit (observations, baselines and targets), naming both readings (53 or 0.53),
and where text, ids or choices are expected (``100%`` typed as a group holds 1, not its text);
elsewhere (a strength, a contribution) it is the number it holds. Text with carriage returns, or
text that reads as an escape (``_x000D_``), is stored escaped as Excel stores it and read back
as written.

Problems are located by sheet and cell: ``sheet ties, cell B4: unknown partner 'x'``, every
problem of every sheet at once, in one :class:`~collective_impact.ValidationError` whose
``source`` is the workbook. :func:`write_workbook` writes every sheet (with only its header row
when there is nothing to hold), and a date before 1900-01-01, which Excel cannot hold as a date,
as its text (``1899-12-31``); ``read_workbook(write_workbook(x, p)) == x`` for every initiative
``x`` without two observations of one indicator, date, reporter and group with different values
(refused, as in a CSV bundle: a corrected value pasted under the old one) whose cells fit in
Excel's: a cell holds at most 32,767 characters as Excel counts them
(UTF-16 code units: an emoji, or another character outside the Basic Multilingual Plane, counts
2), and an initiative with a longer text or ``|``-list (a long description, a working group of
thousands of members) is refused with a :class:`~collective_impact.WriteError` naming each such
cell, before anything is written (openpyxl, or else Excel, would cut it short without a word).

Reading needs the ``excel`` extra (``pip install 'collective-impact[excel]'``, openpyxl 3.1 or
later); without it the functions raise :class:`~collective_impact.MissingDependencyError`.
Workbooks are read in openpyxl's read-only mode; only ``.xlsx`` (and ``.xlsm``) files are read,
not the old ``.xls`` nor ``.ods``, nor a Strict Open XML workbook (Excel's "Strict Open XML
Spreadsheet", in which openpyxl finds no sheet: refused as such; save it as "Excel Workbook").
A workbook is refused when it is larger than ``max_bytes``
(64 MiB by default).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import importlib
import inspect
import io
import os
import re
import threading
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence, Set
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from .._text import entered
from ..errors import (
    CollectiveImpactError,
    FormatError,
    Location,
    MissingDependencyError,
    ProblemCode,
    WriteError,
    shown,
)
from ..model import Initiative
from ..model.initiative import expect_initiative
from ._files import (
    MAX_BYTES_ADVICE,
    MAX_RATIO_ADVICE,
    check_limits,
    expect_path,
    expect_suffix,
    input_path,
    open_regular,
    shown_path,
    write_atomic,
)
from ._sheets import ambiguous_in_workbook, column_letter
from ._tables import (
    INITIATIVE,
    INITIATIVE_KEYS,
    TABLES,
    DateCell,
    ExcelSerial,
    ExcelSerial1904,
    LongNumberCell,
    PercentCell,
    Refused,
    Table,
    format_number,
    join_values,
)
from .csvbundle import (
    _RATIO_FLOOR,
    COVERED,
    DEFAULT_MAX_RATIO,
    DEFAULT_MAX_TOTAL_BYTES,
    FailedTable,
    Naming,
    RawTable,
    read_tables,
    said_once,
    suggest_missing,
    table_named,
)

__all__ = ["HELP_SHEET", "read_workbook", "write_template", "write_workbook"]

#: The sheet of instructions :func:`write_template` writes; the reader skips it.
HELP_SHEET = "how to fill this in"

#: The sheet of each file of a bundle, and the reverse.
_SHEET_OF: Mapping[str, str] = {t.file: t.name for t in TABLES.values()}
_FILE_OF: Mapping[str, str] = {t.name: t.file for t in TABLES.values()}
_SHEETS_HELD = f"a workbook holds only the sheets {', '.join(_FILE_OF)} (and {HELP_SHEET!r})"

#: A merged range in a sheet's XML: its first column and row, and its last.
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?[\"']")
#: A hidden row in a sheet's XML (hidden by hand, by a filter or by a collapsed outline): the
#: attributes of its ``row`` element. Looked for only in a block that holds ``hidden=``.
_HIDDEN_ROW = re.compile(rb"<(?:\w+:)?row\b(?=[^>]*?\bhidden=[\"'](?:1|true)[\"'])([^>]*)")
#: The number of a row element (``r="12"``), which Office Open XML lets a writer leave out.
_ROW_NUMBER = re.compile(rb"\br=[\"'](\d+)[\"']")
#: A hidden column range in a sheet's XML (``<col min="2" max="3" hidden="1"/>``): the
#: attributes of its ``col`` element. Looked for only in a block that holds ``hidden=``.
_HIDDEN_COL = re.compile(rb"<(?:\w+:)?col\b(?=[^>]*?\bhidden=[\"'](?:1|true)[\"'])([^>]*)")
_COL_MIN = re.compile(rb"\bmin=[\"'](\d+)[\"']")
_COL_MAX = re.compile(rb"\bmax=[\"'](\d+)[\"']")
_ZEROS = re.compile(r"0+")


def _openpyxl() -> Any:
    """Import openpyxl, or raise :class:`MissingDependencyError` naming the extra."""
    try:
        return importlib.import_module("openpyxl")
    except ImportError as exc:
        raise MissingDependencyError("openpyxl", "excel", purpose="Excel workbooks") from exc


def _letter_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


class _SheetNaming(Naming):
    """Names the reader's places in a workbook: ``sheet ties, cell B4``."""

    noun = "sheet"

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.positions: dict[str, dict[str, int]] = {}

    def title(self, file: str) -> str:
        return f"sheet {self.titles.get(file, _SHEET_OF.get(file, file))}"

    def where(self, loc: Location) -> Location:
        if loc.file is None or loc.file not in _SHEET_OF:
            return loc
        sheet = self.title(loc.file)
        if loc.row is None:
            return Location(file=sheet)
        column = loc.column
        if column is not None and not column.isupper():  # a column's name, not its letter
            j = self.positions.get(loc.file, {}).get(column)
            column = None if j is None else column_letter(j)
        if column is None:
            return Location(file=sheet, row=loc.row)
        return Location(file=sheet, path=f"cell {column}{loc.row}")


#: A sheet's XML is searched for merged cells and hidden rows this many bytes at a time (a
#: sheet is never held whole: a workbook of a megabyte can hold gigabytes of XML).
_MERGE_BLOCK = 1 << 20
#: The longest element looked for (a real ``mergeCell`` or ``row`` start is a few dozen
#: bytes): one starting this close to the end of a block is looked for again with the next.
_MERGE_SPAN = 4096


def _mark_matches(archive: zipfile.ZipFile, name: str) -> Iterator[re.Match[bytes]]:
    """Yield every :data:`_MERGE` and :data:`_HIDDEN_ROW` match of the member ``name``.

    The member is read block by block; each block is searched with the last
    :data:`_MERGE_SPAN` bytes of the one before; a match is taken from the block in which it
    starts before those last bytes (from the last block, wherever it starts), so each is taken
    once and none is cut.
    """
    with archive.open(name) as member:
        text = b""
        while True:
            block = member.read(_MERGE_BLOCK)
            text += block
            cut = len(text) - _MERGE_SPAN if block else len(text)
            for match in _MERGE.finditer(text):
                if match.start() < cut:
                    yield match
            if b"hidden=" in text:  # a search in C: most sheets hide nothing
                for pattern in (_HIDDEN_ROW, _HIDDEN_COL):
                    for match in pattern.finditer(text):
                        if match.start() < cut:
                            yield match
            if not block:
                return
            text = text[max(cut, 0) :]


class _Marks(NamedTuple):
    """What a sheet's XML says beside its cells (:func:`_marks`)."""

    #: The merged cells, ``(row, column index)`` → the merged range, and whether the cell is
    #: the range's first (its top left cell), where the range is reported, once.
    merged: dict[tuple[int, int], tuple[str, bool]]
    #: The numbers of the hidden rows, in the order of the file.
    hidden: list[int]
    #: Whether a hidden row has no number (``r``): which row it is would take counting all.
    unnumbered: bool
    #: The hidden columns, as ``(first, last)`` 1-based column numbers of each ``col`` range.
    columns: tuple[tuple[int, int], ...] = ()


def _marks(data: bytes, part: str | None) -> _Marks:
    """Return the merged cells and the hidden rows of a sheet, read from its XML.

    openpyxl's read-only sheets give neither (no ``merged_cells``, no ``row_dimensions``):
    the sheet's XML is searched for them, once, block by block (:func:`_mark_matches`).
    """
    cells: dict[tuple[int, int], tuple[str, bool]] = {}
    hidden: list[int] = []
    unnumbered = False
    if part is None:
        return _Marks(cells, hidden, unnumbered)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        matches = list(_mark_matches(archive, part.lstrip("/")))
    columns: list[tuple[int, int]] = []
    expanded = 0  # the merged cells remembered so far
    for match in matches:
        if match.re is _HIDDEN_COL:
            low, high = _COL_MIN.search(match[1]), _COL_MAX.search(match[1])
            if low is not None and high is not None:
                columns.append((int(low[1]), int(high[1])))
            continue
        if match.re is _HIDDEN_ROW:
            number = _ROW_NUMBER.search(match[1])
            if number is None:
                unnumbered = True
            else:
                hidden.append(int(number[1]))
            continue
        c1, r1, c2, r2 = (g.decode() if g else None for g in match.groups())
        assert c1 is not None
        assert r1 is not None
        first_col, first_row = _letter_index(c1), int(r1)
        last_col = first_col if c2 is None else _letter_index(c2)
        last_row = first_row if r2 is None else int(r2)
        ref = f"{c1}{r1}" if c2 is None else f"{c1}{r1}:{c2}{r2}"
        if (last_row - first_row + 1) * (last_col - first_col + 1) > 1_000_000:
            last_row = first_row  # a whole-column merge: the first row is enough to report
        expanded += (last_row - first_row + 1) * (last_col - first_col + 1)
        if expanded > _MAX_MERGED_CELLS:
            # each merged cell is remembered: forty ranges of a million cells each over empty
            # cells, in a workbook of 21 KB, took gigabytes (found by a reviewer)
            raise _SheetTooLarge(
                f"the sheet's merged ranges cover more than {_MAX_MERGED_CELLS:,} cells (the "
                f"range {ref} reaches that far): unmerge them, and type each value in its cell"
            )
        for row in range(first_row, last_row + 1):
            for col in range(first_col, last_col + 1):
                cells[row, col] = (ref, row == first_row and col == first_col)
    return _Marks(cells, hidden, unnumbered, tuple(columns))


def _hidden_columns(columns: Sequence[tuple[int, int]], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Return the 1-based numbers of the hidden ``columns`` that hold a value in ``rows``.

    ``columns`` are ``(first, last)`` ranges; a range may reach Excel's last column (a sheet
    hiding everything right of its table), so only the columns the rows reach are looked at.

    Examples
    --------
    >>> _hidden_columns([(2, 3), (6, 16384)], [["id", "", "x"], ["p", None, ""]])
    [3]
    """
    widest = max((len(r) for r in rows), default=0)
    found = set()
    for first, last in columns:
        for number in range(first, min(last, widest) + 1):
            if any(number <= len(r) and r[number - 1] not in (None, "") for r in rows):
                found.add(number)
    return sorted(found)


def _hidden_runs(hidden: list[int], numbers: list[int]) -> list[tuple[int, int]]:
    """Return the runs of hidden rows that hold data, each as its first and last data row.

    ``hidden`` are the hidden rows, ``numbers`` the rows that hold data. A run is a stretch of
    consecutive hidden rows (as Excel shows them: one fold); one without data (rows formatted
    and hidden, but empty) is no problem. Linear in the hidden rows and the data rows.

    Examples
    --------
    >>> _hidden_runs([4, 5, 6, 9, 12, 13], [1, 2, 4, 6, 7, 9, 14])
    [(4, 6), (9, 9)]
    """
    if not hidden:
        return []
    starts: dict[int, int] = {}  # the first row of the run of each hidden row
    start = previous = 0  # rows are numbered from 1
    for row in sorted(set(hidden)):
        if row != previous + 1:
            start = row
        starts[row] = start
        previous = row
    runs: dict[int, tuple[int, int]] = {}
    for number in numbers:
        first = starts.get(number)
        if first is not None:
            low, _ = runs.get(first, (number, number))
            runs[first] = (low, number)
    return sorted(runs.values())


#: An escaped character of Office Open XML text (ECMA-376 Part 1, §22.4.2.4, ``ST_Xstring``).
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: What :func:`_xstring` escapes: a carriage return (XML reads it back as a line feed) and text
#: that would read as an escape.
_XSTRING_SPECIAL = re.compile(r"\r|_(?=x[0-9A-Fa-f]{4}_)")


def _xstring(text: str) -> str:
    r"""Return ``text`` as Office Open XML stores it: a carriage return as ``_x000D_``.

    XML reads a carriage return back as a line feed, so Excel escapes it, and escapes the
    ``_`` of text that would read as an escape (``_x000D_`` itself) as ``_x005F_``; openpyxl
    does neither. :func:`_unxstring` reverses it, so text with any line ends reads back as it was
    written, and text Excel wrote with carriage returns reads as Excel shows it.

    Examples
    --------
    >>> _xstring("a\r\nb"), _xstring("a_x000D_b"), _xstring("a_b")
    ('a_x000D_\nb', 'a_x005F_x000D_b', 'a_b')
    >>> _unxstring(_xstring("a\r\nb_x005F_")) == "a\r\nb_x005F_"
    True
    """
    return _XSTRING_SPECIAL.sub(lambda m: "_x000D_" if m[0] == "\r" else "_x005F_", text)


def _unxstring(text: str) -> str:
    """Return the text an Office Open XML string stands for (see :func:`_xstring`)."""
    if "_x" not in text:
        return text
    return _XSTRING_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


def _value(
    cell: Any,
    merged: Mapping[tuple[int, int], tuple[str, bool]],
    row: int,
    col: int,
    serial: type[ExcelSerial] = ExcelSerial,
) -> Any:
    """Return a cell as the reader takes it: text, a number, a date, or :class:`Refused`.

    A merged range is refused once, at its first cell, naming the range; its other cells are
    :data:`~.csvbundle.COVERED` (no value, nothing more said). A whole number within Excel's
    dates is a ``serial`` (:class:`ExcelSerial`, of the workbook's date system), whose date
    a date column names.
    """
    if (row, col) in merged:
        ref, first = merged[row, col]
        if not first:
            return COVERED
        return Refused(
            f"the cells {ref} are merged; unmerge them and type the value in each cell",
            ProblemCode.WRONG_TYPE,
        )
    value = cell.value
    if getattr(cell, "data_type", None) == "f" or (
        isinstance(value, str) and getattr(cell, "data_type", None) == "f"
    ):
        return Refused(f"the cell holds {_formula(value)}; type the value", ProblemCode.WRONG_TYPE)
    if getattr(cell, "data_type", None) == "e":
        # #N/A, #REF!...: what is left where a lookup column was pasted as values; read as
        # text it became a partner's name or an indicator's unit
        return Refused(
            f"the cell holds the error {value}, not a value; type the value, or leave the cell "
            "empty",
            ProblemCode.WRONG_TYPE,
        )
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool) and not _percent(cell):
        long = _long_number(value)
        if long is not None:
            return long  # 16 digits or more, some maybe lost: refused where text is expected
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= 0
        and _ZEROS.fullmatch(str(getattr(cell, "number_format", "")))
    ):
        return str(value).zfill(len(cell.number_format))  # 7 shown as 007
    if isinstance(value, dt.time | dt.timedelta):
        # a number below 1 (or any, in a duration format) in a date or time format, which
        # openpyxl reads as a time: a strength of 0.8 given a date format by the format
        # painter was "got the time 19:12:00" (found by a reviewer)
        # In a column of dates the advice differs: "format the cell as a number" led to
        # "expected a date, got 0.5" (found by a reviewer); a time is to be typed as the date,
        # but a duration of a day or more is a date in a duration format ([h]:mm:ss, by the
        # format painter), which "type the date" left as it was (Excel keeps the format;
        # found by a reviewer): the date it stands for is named
        form = str(getattr(cell, "number_format", ""))
        held = (
            f"the cell holds the number {_day_fraction(value)} in a date/time format ({form}), "
            f"read as the {'duration' if isinstance(value, dt.timedelta) else 'time'} {value}"
        )
        # In a column of text, ids or choices "format the cell as a number" led to "expected
        # text, got 0.5" (found by a reviewer): what was typed like a time (an id '9:30') is
        # to be typed again in a column formatted as Text
        named = _duration_date(value, serial) if isinstance(value, dt.timedelta) else ""
        return Refused(
            f"{held}; format the cell as a number",
            ProblemCode.WRONG_TYPE,
            in_dates=f"{held}, not a date{named or '; type the date (YYYY-MM-DD)'}",
            in_text=(
                f"{held}, not text: Excel turns what is typed like a time (9:30) into one; "
                "format the column as Text and type the value again"
            ),
        )
    if isinstance(value, str):
        return _unxstring(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and _percent(cell):
        return PercentCell(value)  # 53% holds 0.53: refused where values have a unit
    if isinstance(value, dt.date):
        return DateCell.of(value)  # maybe typed as text (6-8): refused where text is expected
    if type(value) is int and 0 <= value <= serial.LAST:
        return serial(value)  # a date in a format not known as one, or typed as a number
    return value


#: The most days a duration in a date column is taken for as a duration, not a date's number
#: (:func:`_duration_date`): the whole numbers read as years typed alone end there too
#: (``_tables._YEARS``), and the dates before are of 1900 to 1906.
_DURATION_DAYS = 2200


def _duration_date(value: dt.timedelta, serial: type[ExcelSerial]) -> str:
    """Say, in parentheses, the date a duration of a day or more stands for; ``""``: none.

    A date typed in a cell of a duration format (``[h]:mm:ss``) is read as a duration of as
    many days as its Excel date number: it is named as that number's date (in the
    workbook's date system, ``serial``), with the advice to format the cell as a date, and
    with its time of day if it has one (a date is then to be given alone). A duration of
    up to 2200 days (a day of 1900 to 1906; ``36:00`` typed is 1.5) is taken for the
    duration it shows, not a date: ``""``, as for a time (the date is to be typed).

    Examples
    --------
    >>> print(_duration_date(dt.timedelta(days=45352), ExcelSerial))
    ... # doctest: +NORMALIZE_WHITESPACE
     (an Excel date number: 2024-03-01 in this workbook's date system; format the cell as a
    date)
    >>> print(_duration_date(dt.timedelta(days=45352, hours=12), ExcelSerial))
    ... # doctest: +NORMALIZE_WHITESPACE
     (an Excel date and time: 2024-03-01 12:00:00 in this workbook's date system; format the
    cell as a date and give the date alone)
    >>> _duration_date(dt.timedelta(hours=36), ExcelSerial)
    ''
    """
    days = value.days  # whole days: a timedelta's seconds are never negative
    if days <= _DURATION_DAYS or days > serial.LAST:
        return ""
    number = serial(days)
    rest = value - dt.timedelta(days=days)
    if not rest:
        return number.hint()
    date = number.date()
    if date is None:
        return ""
    when = dt.datetime.combine(date, dt.time()) + rest
    return (
        f" (an Excel date and time: {when.isoformat(sep=' ')} in this workbook's date system; "
        "format the cell as a date and give the date alone)"
    )


def _day_fraction(value: dt.time | dt.timedelta) -> str:
    """Return the number Excel holds for a time (a fraction of a day) or a duration (days).

    openpyxl rounds the number to the millisecond (``from_excel``): up to 5.8e-9 of a day is
    noise, so it is given to seven decimals, which recovers any number typed with seven or
    fewer (0.123456 was shown as 0.1234559954; found by a reviewer).

    Examples
    --------
    >>> _day_fraction(dt.time(19, 12)), _day_fraction(dt.timedelta(days=1, hours=12))
    ('0.8', '1.5')
    >>> _day_fraction(dt.time(0, 0, 0, 1))
    '0'
    >>> _day_fraction(dt.time(2, 57, 46, 598000))  # 0.123456 of a day, to the millisecond
    '0.123456'
    """
    if isinstance(value, dt.timedelta):
        days = value / dt.timedelta(days=1)
    else:
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        days = (seconds + value.microsecond / 1e6) / 86400
    return format_number(round(days, 7) + 0.0)


def _formula(value: Any) -> str:
    """Say which formula a cell holds, by its text (``a formula (=A1*2)``).

    openpyxl gives an array formula and a data table as objects, which were shown as
    ``<openpyxl.worksheet.formula.ArrayFormula object at 0x...>`` (found by a reviewer).

    Examples
    --------
    >>> from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
    >>> _formula("=0.5*2"), _formula(ArrayFormula("C2:C4", "=SUM(40,5)"))
    ('a formula (=0.5*2)', 'an array formula over C2:C4 ({=SUM(40,5)})')
    >>> _formula(DataTableFormula("B2:C9")), _formula(ArrayFormula("C2", "=A1"))
    ('a data table (a what-if analysis) over B2:C9', 'an array formula ({=A1})')
    """
    if isinstance(value, str):
        return f"a formula ({value})"
    ref = getattr(value, "ref", None)
    over = f" over {ref}" if isinstance(ref, str) and ":" in ref else ""
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return f"an array formula{over} ({{{text}}})"
    if type(value).__name__ == "DataTableFormula":
        return f"a data table (a what-if analysis){over}"
    return "a formula"


def _long_number(value: int | float) -> LongNumberCell | None:
    """Return a whole number of 16 digits or more as a :class:`LongNumberCell`, else ``None``.

    Excel keeps 15 significant digits of a number typed into a cell (``1234567890123456`` is
    held as ``1234567890123450``), so such a number where text is expected (an id typed in a
    cell of General format) is refused rather than read as the text of digits not typed. A
    number beyond the range of a float (which Excel cannot hold) is left as it is.

    Examples
    --------
    >>> _long_number(1234567890123450), _long_number(1e15), _long_number(123456789012345)
    (1234567890123450.0, 1000000000000000.0, None)
    >>> _long_number(1234567890123456.5), _long_number(float("inf"))
    (None, None)
    """
    if isinstance(value, float) and not value.is_integer():
        return None  # not whole (a fraction, or not finite)
    if abs(value) < 10**15:
        return None
    try:
        return LongNumberCell.of(value)
    except OverflowError:  # an int no float holds: not a number Excel wrote
        return None


def _percent(cell: Any) -> bool:
    """Whether a number cell is shown as a percentage (a ``%`` outside quotes in its format)."""
    form = str(getattr(cell, "number_format", ""))
    return "%" in re.sub(r'"[^"]*"|\\.', "", form)


#: The most cells of a sheet read, counting each row up to its last cell (rows with no cell
#: count none): a table of the stress case's size holds a few million.
_MAX_SHEET_CELLS = 20_000_000

#: The most cells a sheet's merged ranges may cover (a whole-column range counted by its first
#: row): a table merges a title or two; more is refused, in bounded memory.
_MAX_MERGED_CELLS = 100_000


def _empty_cell() -> Any:
    """Return openpyxl's one empty cell, the padding of a read-only sheet's rows."""
    _openpyxl()  # installed, or MissingDependencyError
    return importlib.import_module("openpyxl.cell.read_only").EMPTY_CELL


#: openpyxl's warning of a number in a date format beyond the dates it can read (which it
#: reads as the error ``#VALUE!``): the cell, and the number as written in the file.
_NOT_A_DATE_WARNING = re.compile(
    r"Cell ([A-Z]+)(\d+) is marked as a date but the serial value (\S+) is outside the limits"
)
#: A whole number of eight digits read as a date typed without its dashes (``20240301``).
_YYYYMMDD = re.compile(r"([1-9]\d{3})(\d\d)(\d\d)")


def _beyond_dates(
    caught: Sequence[warnings.WarningMessage], number: int, values: list[Any]
) -> None:
    """Refuse the cells of row ``number`` that openpyxl warned hold no date in a date format.

    A number beyond Excel's last date (9999-12-31) in a cell formatted as a date (20240301,
    a date typed without its dashes, in a date column) is read by openpyxl as the error
    ``#VALUE!``, with a warning: the cell was refused as holding that error, which it does
    not, and the warning reached the command line. Each such cell of ``values`` (the row's
    values, by column index) is refused as holding the number, in a date format.

    Examples
    --------
    >>> import warnings
    >>> message = warnings.WarningMessage(
    ...     "Cell B4 is marked as a date but the serial value 20240301 is outside the limits "
    ...     "for dates.", UserWarning, "x.py", 1)
    >>> row = ["a", "#VALUE!"]
    >>> _beyond_dates([message], 4, row)
    >>> row[1].message.endswith("(9999-12-31): a date typed without its dashes? type 2024-03-01")
    True
    """
    for caught_warning in caught:
        match = _NOT_A_DATE_WARNING.match(str(caught_warning.message))
        if match is None or int(match[2]) != number:
            continue
        j = _letter_index(match[1])
        if j >= len(values):
            continue
        held = match[3]
        try:
            negative = float(held) < 0
        except ValueError:
            negative = False
        if negative:
            said = "a negative number, which is no date; type the date (YYYY-MM-DD)"
        else:
            said = "beyond Excel's last date (9999-12-31)"
            digits = _YYYYMMDD.fullmatch(held)
            meant = None
            if digits is not None:
                with contextlib.suppress(ValueError):
                    meant = dt.date(*map(int, digits.groups())).isoformat()
            said += (
                f": a date typed without its dashes? type {meant}"
                if meant is not None
                else "; type the date (YYYY-MM-DD), or format the cell as a number"
            )
        values[j] = Refused(
            f"the cell holds the number {held} in a date format, {said}", ProblemCode.WRONG_TYPE
        )


def _in_1904_system(ws: Any) -> bool:
    """Whether the workbook of a sheet counts its dates from 1904 (older Excel for Mac)."""
    epoch = getattr(getattr(ws, "parent", None), "epoch", None)
    return isinstance(epoch, dt.datetime) and epoch.year == 1904


#: The built-in number formats Excel writes for dates in Chinese, Japanese and Korean locales
#: (ECMA-376 Part 1, 18.8.30), which openpyxl does not know: each of these shows a date in
#: every one of those locales (zh-tw, zh-cn, ja-jp, ko-kr), so its numbers are read as dates.
#: The ids 32-35, 52, 53, 55 and 56 show a time in some of them and a date in others: their
#: numbers stay numbers (a date column names the date a whole one stands for).
_EAST_ASIAN_DATE_FORMATS = frozenset({27, 28, 29, 30, 31, 36, 50, 51, 54, 57, 58})


def _east_asian_dates(book: Any) -> None:
    """Make openpyxl read the cells in an East Asian built-in date format as dates.

    openpyxl knows the built-in formats 0-49 of an English Excel, and reads a number in any
    other format as a number: a date typed in Excel in a Chinese, Japanese or Korean locale
    (built-in format 57, ``yyyy"年"m"月"`` in zh-cn) was refused as "expected a date
    (YYYY-MM-DD), got 45838" (found by a reviewer). The styles in one of
    :data:`_EAST_ASIAN_DATE_FORMATS` are added to the workbook's date styles, which its
    read-only sheets read as they are iterated, so these cells are read as the date they show,
    as openpyxl reads the formats it knows.
    """
    styles = getattr(book, "_cell_styles", None)
    dates = getattr(book, "_date_formats", None)
    if styles is None or not isinstance(dates, set):
        return  # another openpyxl: its numbers stay numbers (a date column names their date)
    for index, style in enumerate(styles):
        if getattr(style, "numFmtId", None) in _EAST_ASIAN_DATE_FORMATS:
            dates.add(index)


class _SheetTooLarge(Exception):
    """A sheet spans more than :data:`_MAX_SHEET_CELLS` cells, or merges too many."""


def _sheet_rows(
    ws: Any,
    merged: Mapping[tuple[int, int], tuple[str, bool]],
    italic: set[tuple[int, int]] | None = None,
    caught: list[warnings.WarningMessage] | None = None,
) -> Iterator[tuple[int, list[Any]]]:
    """Yield the non-blank rows of a sheet with their Excel row numbers.

    When ``italic`` is given (for the ``initiative`` sheet, a few rows), the cells written in
    italics, as the template writes its example, are added to it as ``(row, column index)``.
    ``caught`` is the list recording openpyxl's warnings (:func:`read_workbook`): those it
    gave while reading a row are read, for the cells they name (:func:`_beyond_dates`), and
    the list emptied.

    Each row as stored, up to its own last cell. openpyxl pads every row to the sheet's
    dimension (its last column and row): one value typed in XFD1048576, the last cell of a
    sheet, made a 20 KB workbook a billion cells to read, for hours. The dimension is
    forgotten (``reset_dimensions``), so rows without a cell are empty and each row is as wide
    as its last cell; and a sheet whose rows hold more than :data:`_MAX_SHEET_CELLS` cells so
    counted is refused (:class:`_SheetTooLarge`), as rows with far cells could still be.
    """
    empty = _empty_cell()
    serial = ExcelSerial1904 if _in_1904_system(ws) else ExcelSerial
    ws.reset_dimensions()
    budget = _MAX_SHEET_CELLS
    for number, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        if not cells:
            continue
        budget -= len(cells)
        if budget < 0:
            raise _SheetTooLarge(
                f"the sheet spans more than {_MAX_SHEET_CELLS:,} cells, counting each row to its "
                f"last cell (row {number} ends in column {column_letter(len(cells) - 1)}): "
                "cells typed far to the right of the table; delete the columns after it"
            )
        # the padding openpyxl adds is one shared empty cell: blank, unless merged over
        values = [
            "" if c is empty and not merged else _value(c, merged, number, j, serial)
            for j, c in enumerate(cells)
        ]
        if caught:
            _beyond_dates(caught, number, values)
            caught.clear()
        while values and (values[-1] == "" or values[-1] is COVERED):
            values.pop()
        if italic is not None:
            italic.update((number, j) for j, c in enumerate(cells) if _in_italics(c))
        # a row of blank cells, or of cells of a range reported at its first, is blank
        if any(not (v is COVERED or (isinstance(v, str) and not v.strip())) for v in values):
            yield number, values


def _raw_sheet(
    ws: Any,
    data: bytes,
    file: str,
    problems: list[tuple[Location, str, ProblemCode]],
    italic: set[tuple[int, int]] | None = None,
    caught: list[warnings.WarningMessage] | None = None,
) -> RawTable | FailedTable:
    """Read a sheet's rows; its hidden rows that hold data are added to ``problems``.

    The cells in italics are added to ``italic``, when given, and the warnings openpyxl
    gives are read from ``caught`` (:func:`_sheet_rows`).

    Hidden rows are read as data all the same (a partner the other sheets name stays known),
    and each run of them is one problem, at its first row (:func:`_hidden_runs`).
    """
    try:
        marks = _marks(data, getattr(ws, "_worksheet_path", None))
        rows = list(_sheet_rows(ws, marks.merged, italic, caught))
    except _SheetTooLarge as err:
        return FailedTable(str(err), ProblemCode.TOO_LARGE)
    if marks.unnumbered:
        problems.append(
            (
                Location(file=file),
                "the sheet has hidden rows (hidden by hand, or by a filter), but hidden rows are "
                "data all the same: unhide and delete them, or unhide them if they are data",
                ProblemCode.INCONSISTENT,
            )
        )
    for first, last in _hidden_runs(marks.hidden, [number for number, _ in rows]):
        said = f"row {first} is" if first == last else f"rows {first} to {last} are"
        them, are = ("it", "it is") if first == last else ("them", "they are")
        problems.append(
            (
                Location(file=file, row=first),
                f"{said} hidden (by hand, or by a filter), but hidden rows are data all the "
                f"same: unhide and delete {them}, or unhide {them} if {are} data",
                ProblemCode.INCONSISTENT,
            )
        )
    # hidden columns holding a value: one problem, naming them (the rows' values are as read)
    shown = _hidden_columns(marks.columns, [values for _, values in rows[1:]])  # data rows
    if shown:
        letters = ", ".join(column_letter(n - 1) for n in shown)
        many = len(shown) > 1
        problems.append(
            (
                Location(file=file),
                f"{'columns' if many else 'column'} {letters} {'are' if many else 'is'} hidden, "
                f"but hidden columns are data all the same: unhide and delete "
                f"{'them' if many else 'it'}, or unhide {'them' if many else 'it'} if "
                f"{'they are' if many else 'it is'} data",
                ProblemCode.INCONSISTENT,
            )
        )
    if not rows:
        return FailedTable(
            "the sheet is empty; its first row must name the columns "
            f"({', '.join(TABLES[_SHEET_OF[file]].header)})",
            ProblemCode.EMPTY,
        )
    (header_row, header), *data_rows = rows
    # a header cell refused (merged, a formula) is reported once, at it, and its column is
    # unnamed: its message was taken for a column's name ("unknown column 'the cells D1:E1
    # are merged...'"), and every row of the column reported again (found by a reviewer)
    names: list[str] = []
    quiet: set[int] = set()
    reported: set[str] = set()  # the merged ranges reported at a header cell
    for j, value in enumerate(header):
        if isinstance(value, Refused):
            quiet.add(j)
            names.append("")
            where = Location(file=file, row=header_row, column=column_letter(j))
            problems.append((where, value.message, value.code))
            merged = marks.merged.get((header_row, j))
            if merged is not None:
                reported.add(merged[0])
        else:
            names.append("" if value is COVERED else str(value))
    # the cells of a range reported at its first cell, within the header and past its last
    # value (the row stops at its last value): unnamed, and not reported again; a range whose
    # first cell holds nothing (openpyxl reads no cell there) is reported by no one, so its
    # cells stay unnamed columns, reported once (found by a reviewer)
    covered = [
        c for (r, c), (ref, _) in marks.merged.items() if r == header_row and ref in reported
    ]
    for j in sorted(covered):
        if j >= len(names):
            names.extend([""] * (j + 1 - len(names)))
        if names[j] == "":
            quiet.add(j)
    return RawTable(
        header_row, names, data_rows, ambiguous=ambiguous_in_workbook, quiet=frozenset(quiet)
    )


def _load(openpyxl: Any, data: bytes) -> Any:
    """Open a workbook read-only with openpyxl, a chart sheet without a chart included.

    openpyxl 3.1 fails on a chart sheet that holds no chart (one inserted empty, or whose
    chart was deleted) with ``'list' object has no attribute 'find'``: it looks for the chart
    sheet's drawing in a list. Chart sheets are never read (they hold no table, and are
    skipped like any chart), so such a sheet is kept without a chart and the workbook read.
    """
    excel = importlib.import_module("openpyxl.reader.excel")
    reader_class = getattr(excel, "ExcelReader", None)
    if reader_class is None or not hasattr(reader_class, "read_chartsheet"):
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)

    class _Reader(reader_class):  # type: ignore[misc,valid-type]
        def read_chartsheet(self, sheet: Any, rel: Any) -> None:
            with contextlib.suppress(AttributeError):  # no drawing: added, without a chart
                super().read_chartsheet(sheet, rel)

    reader = _Reader(io.BytesIO(data), read_only=True, data_only=False)
    reader.read()
    return reader.wb


#: The namespaces of a Strict Open XML workbook (ISO/IEC 29500 Strict), which openpyxl reads as
#: a workbook without sheets: its main part's and its package relationships'.
_STRICT_NAMESPACES = (
    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships",
)
#: The bytes of a part searched for them: a namespace is declared at its start.
_STRICT_HEAD = 65536


def _check_strict(data: bytes, source: str) -> None:
    """Refuse a Strict Open XML workbook (Excel's "Strict Open XML Spreadsheet").

    openpyxl reads such a workbook without any sheet: it was reported as missing every
    required sheet, which is false, with a warning of openpyxl's printed above it (found by a
    reviewer). Its package relationships and its ``workbook.xml`` are searched, at their start,
    for the Strict namespaces.

    Raises
    ------
    FormatError
        Naming the file and how to save it so that it is read.
    """
    strict = False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                name = info.filename.lower()
                if name != "_rels/.rels" and not name.endswith("workbook.xml"):
                    continue
                with archive.open(info) as member:
                    head = member.read(_STRICT_HEAD)
                strict = strict or any(namespace in head for namespace in _STRICT_NAMESPACES)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return  # not a zip openpyxl reads either: its own error says so
    if strict:
        raise FormatError(_STRICT_ADVICE, source=source)


_STRICT_ADVICE = (
    "a Strict Open XML workbook, which is not read; save it as 'Excel Workbook (*.xlsx)'"
)


def _check_members(data: bytes, source: str, max_ratio: float | None) -> None:
    """Refuse a workbook whose parts decompress far beyond their size (a decompression bomb).

    As :func:`~collective_impact.io.read_csv_bundle` refuses such a member of a bundle: a part
    of more than a mebibyte that decompresses more than ``max_ratio`` times its compressed
    size. A workbook of a megabyte could otherwise hold gigabytes of XML, read into memory.
    """
    if max_ratio is None:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise FormatError(f"not a readable Excel workbook (.xlsx): {err}", source=source) from None
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > max_ratio:
            raise FormatError(
                f"the part {info.filename!r} of the workbook decompresses {ratio:,.0f} times "
                f"its size (more than {entered(max_ratio)}): a decompression bomb? If it is not "
                "one, " + MAX_RATIO_ADVICE,
                source=source,
                code=ProblemCode.TOO_LARGE,
            )


#: Held while a workbook is read: the warnings filters and their recorder are the process's,
#: and :func:`warnings.catch_warnings` is not safe across threads before Python 3.14. Reads in
#: threads (``assess_many`` on a thread pool) take turns (they hold the GIL for most of a read).
_WARNINGS_HELD = threading.Lock()


def read_workbook(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: float | None = DEFAULT_MAX_RATIO,
) -> Initiative:
    """Read an initiative from an Excel workbook (``.xlsx``): one sheet per bundle table.

    The sheets, columns and cells are described in the module documentation
    (:mod:`collective_impact.io.workbook`).

    Parameters
    ----------
    path
        The workbook.
    max_bytes
        Refuse a workbook file larger than this (default 64 MiB); ``None`` for no limit.
    max_ratio
        Refuse a part of the workbook (more than a mebibyte once decompressed) that
        decompresses more than this many times its compressed size (default 100, as for a
        CSV bundle's ``.zip``): a decompression bomb. ``None`` for no limit.

    Returns
    -------
    Initiative

    Raises
    ------
    MissingFileError
        When ``path`` does not exist.
    FormatError
        When the file is not an ``.xlsx`` workbook openpyxl can read, or is too large.
    ValidationError
        Listing every problem of every sheet at once, each located as
        ``sheet ties, cell B4`` (or ``sheet ties, row 4`` for a whole row, ``sheet ties`` for
        the sheet): an unknown or missing sheet or column, a hidden sheet or hidden rows, a
        formula or a merged range, an example row of the template left, a value
        that is not a number, a date or an allowed choice, an unknown id (with a
        did-you-mean, or, for the name of a partner, indicator, activity or working group, the
        id to give), and every rule of the model. Its ``source`` is ``path``.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).
    MissingDependencyError
        When openpyxl is not installed (the ``excel`` extra).

    Examples
    --------
    >>> import tempfile, collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_workbook(init, f"{folder}/workforce.xlsx")
    ...     read_workbook(f"{folder}/workforce.xlsx") == init
    True
    """
    max_bytes, max_ratio = check_limits(max_bytes=max_bytes, max_ratio=max_ratio)
    openpyxl = _openpyxl()
    p = input_path(expect_path(path, "read_workbook"))
    source = shown_path(p)
    with open_regular(p) as (handle, size):
        if max_bytes is not None and size > max_bytes:
            raise FormatError(
                f"the workbook is larger than {max_bytes:,} bytes; " + MAX_BYTES_ADVICE,
                source=source,
                code=ProblemCode.TOO_LARGE,
            )
        data = handle.read(size + 1)
    _check_members(data, source, max_ratio)
    _check_strict(data, source)
    naming = _SheetNaming()
    found: dict[str, RawTable | FailedTable] = {}
    problems: list[tuple[Location, str, ProblemCode]] = []
    unknown: dict[int, str] = {}  # the unknown sheets, offered the missing tables at the end
    italic: set[tuple[int, int]] = set()  # the initiative sheet's cells in italics
    # the warnings filters are the process's: two reads in threads restored each other's
    # recorder out of order, and every warning of the process went on being swallowed after
    # them, under -W error too (found by a reviewer): one read at a time records them
    with _WARNINGS_HELD, warnings.catch_warnings(record=True) as caught:
        # openpyxl warns of what it does not read (an extension, a number in a date format
        # beyond its dates...): each is recorded, never shown (a reviewer saw them printed
        # above the command line's problems); a cell's is reported at the cell
        warnings.simplefilter("always")
        try:
            book = _load(openpyxl, data)
        except CollectiveImpactError:
            raise
        except Exception as err:  # openpyxl raises many kinds on a file that is not a workbook
            raise FormatError(
                f"not a readable Excel workbook (.xlsx): {err}", source=source
            ) from None
        try:
            if not book.worksheets and not getattr(book, "chartsheets", ()):
                # a workbook Excel saves has a sheet: none was read (its parts in namespaces
                # of another kind of workbook); "missing every required sheet" was false
                raise FormatError(
                    "no sheet of the workbook can be read (a workbook has one at least): save "
                    "it again as 'Excel Workbook (*.xlsx)'",
                    source=source,
                )
            _east_asian_dates(book)
            _read_sheets(book, data, naming, found, problems, unknown, italic, caught)
        except CollectiveImpactError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError, SyntaxError) as err:
            # SyntaxError: xml.etree's ParseError, of a sheet whose XML is cut or corrupt
            raise FormatError(
                f"not a readable Excel workbook (.xlsx): {err}", source=source
            ) from None
        finally:
            book.close()
    meant = suggest_missing(problems, unknown, _FILE_OF, found)  # a renamed sheet?
    said_once(problems, _SHEETS_HELD)
    problems.extend(_template_leftovers(found, italic))
    return read_tables(found, naming, source=source, problems=problems, meant=meant)


def _read_sheets(
    book: Any,
    data: bytes,
    naming: _SheetNaming,
    found: dict[str, RawTable | FailedTable],
    problems: list[tuple[Location, str, ProblemCode]],
    unknown: dict[int, str],
    italic: set[tuple[int, int]],
    caught: list[warnings.WarningMessage],
) -> None:
    """Read the sheets of an open workbook into ``found``, for :func:`read_workbook`.

    The problems of the sheets themselves (an unknown or hidden sheet, hidden rows) are added
    to ``problems``; ``caught`` records openpyxl's warnings (:func:`_sheet_rows`).
    """
    for ws in book.worksheets:
        title = str(ws.title)
        name = title.strip().lower()
        if name == HELP_SHEET:
            continue
        state = str(getattr(ws, "sheet_state", "visible"))
        file = table_named(
            title,
            _FILE_OF,
            found,
            Location(file=f"sheet {title}"),
            problems,
            what="sheet" if state == "visible" else "hidden sheet",
            holds=_SHEETS_HELD,
            unknown=unknown,
        )
        if file is None:
            continue
        naming.titles[file] = title
        if state != "visible":
            problems.append((Location(file=file), _hidden_sheet(state), ProblemCode.INCONSISTENT))
        raw = _raw_sheet(
            ws, data, file, problems, italic if file == INITIATIVE.file else None, caught
        )
        if isinstance(raw, RawTable):
            positions: dict[str, int] = {}
            for j, header in enumerate(raw.header):
                positions.setdefault(header.strip().lower(), j)
            naming.positions[file] = positions
        found[file] = raw


def _hidden_sheet(state: str) -> str:
    """Say that a sheet is hidden (``state``: ``hidden`` or ``veryHidden``) and what to do."""
    how = (
        "in the Visual Basic editor (it is 'very hidden': Excel's Unhide does not list it)"
        if state == "veryHidden"
        else "(right-click a sheet's tab, Unhide)"
    )
    return (
        f"the sheet is hidden, but a hidden sheet is data all the same: unhide it {how}, then "
        "delete it, or keep it if its rows are data"
    )


#: The sheets of things with an id: a row there that names no example is the user's own.
_OWN_SHEETS = frozenset({"partners", "goals", "indicators", "activities", "working_groups"})


def _template_leftovers(
    found: Mapping[str, RawTable | FailedTable], italic: Set[tuple[int, int]] = frozenset()
) -> list[tuple[Location, str, ProblemCode]]:
    """Return a problem for each example row of the template left among the user's own rows.

    :func:`write_template` puts example rows on every sheet (a small valid initiative, ids
    ``example-...``), to be replaced or deleted. A workbook filled in around one of them read
    as data: an invented partner, goal or activity counted in every score, and the example's
    ``as_of`` moved the date of judgement, silently. A row is an example's when the cells that
    say which thing it is (:data:`_EXAMPLE_KEYS`: its ``id``; a tie's ``source`` and
    ``target``; an observation's ``indicator``...) all name example ids, or, on the
    ``initiative`` sheet, when its value is still the example's for its key (the name, the
    description, the problem, ``champions``: the text the template wrote,
    :func:`_example_initiative`), located at that value's cell; ``as_of`` (2025-06-30) and
    ``urgency`` (medium) may well be a person's own, and are the example's only while their
    cell is also still in the example's italics (``italic``: the cells so written, by row and
    column index), so that a workbook :func:`write_workbook` wrote (in no italics) reads back
    whatever its date and urgency. Names, statements and
    lists are free text and are not judged: a working group the user names ``example-school``
    is theirs, and their own activity run with the example's partner is theirs (the example
    partner's row is the leftover). The rows are reported only when some partner, goal,
    indicator, activity or working group is the user's own, or the ``initiative`` sheet's name,
    description or problem (:func:`_initiative_own`), so the untouched template still
    reads (a valid initiative, as its help sheet says), while a template whose initiative was
    renamed and nothing else read as the user's initiative with the example's partners and
    invented observations (found by a reviewer). Labels (``populations``, ``places``)
    are ordinary words and are not judged.
    """
    leftovers: list[tuple[Location, str]] = []
    own = False
    for file, raw in found.items():
        if not isinstance(raw, RawTable):
            continue
        sheet = _SHEET_OF.get(file)
        header = [h.strip().lower() if isinstance(h, str) else "" for h in raw.header]
        if sheet == INITIATIVE.name:
            leftovers.extend(_initiative_leftovers(file, raw, header, italic))
            # not only while in the template's italics: a person types their own name into the
            # example's italic cell, and a round trip through pandas clears every format (an
            # exception for files without italics, as write_workbook writes them, read such a
            # template as the person's initiative with the example's partners: a reviewer)
            own = own or _initiative_own(raw, header)
            continue
        keys = [header.index(k) for k in _EXAMPLE_KEYS.get(sheet or "", ()) if k in header]
        if not keys:
            continue
        for number, cells in raw.rows:
            named = [
                cells[k].strip()
                for k in keys
                if k < len(cells) and isinstance(cells[k], str) and cells[k].strip()
            ]
            if named and len(named) == len(keys) and set(named) <= _EXAMPLE_IDS:
                what = ", ".join(dict.fromkeys(named))
                leftovers.append(
                    (
                        Location(file=file, row=number),
                        f"a row of the template's example ({what}) left among your own rows: "
                        "delete the example's rows, or replace them with your own (they would "
                        "count as data)",
                    )
                )
            elif sheet in _OWN_SHEETS:
                own = True
    if not own:
        return []
    return [(where, message, ProblemCode.INCONSISTENT) for where, message in leftovers]


def _initiative_leftovers(
    file: str, raw: RawTable, header: list[str], italic: Set[tuple[int, int]]
) -> Iterator[tuple[Location, str]]:
    """Yield the rows of the ``initiative`` sheet whose value is still the template's example.

    Each at its value's cell: the key and the example's value are named, and what to do. A
    value a person may well have as their own (:data:`_LIKELY_OWN`) is the example's only
    while its cell is in ``italic``, the example's style: clearing the cell's format keeps it.
    """
    example = _example_initiative()
    for number, v, key, value in _initiative_cells(raw, header):
        if not isinstance(value, str) or key not in example or value.strip() != example[key]:
            continue
        likely_own = key in _LIKELY_OWN
        if likely_own and (number, v) not in italic:
            continue
        keep = (
            f"; if {example[key]!r} is your own, clear the cell's format (the example's italics)"
            if likely_own
            else ""
        )
        yield (
            Location(file=file, row=number, column="value"),
            f"a row of the template's example (the {key} {shown(example[key], 60)}) left among "
            "your own rows: delete the row, or replace the value with your own (it would count "
            f"as data){keep}",
        )


def _initiative_own(raw: RawTable, header: list[str]) -> bool:
    """Whether the ``initiative`` sheet holds a value of the user's own (not the example's).

    A name, description, problem or champions filled in other than the template's example;
    the date of judgement and the urgency (:data:`_LIKELY_OWN`) are not judged, nor keys the
    example has no value for.
    """
    example = _example_initiative()
    for _, _, key, value in _initiative_cells(raw, header):
        if key in _LIKELY_OWN:
            continue
        written = value.strip() if isinstance(value, str) else value
        if key in example and written not in ("", None) and written != example[key]:
            return True
    return False


def _initiative_cells(raw: RawTable, header: list[str]) -> Iterator[tuple[int, int, str, Any]]:
    """Yield the rows of the ``initiative`` sheet whose key is text.

    As ``(row, value column, key, value)``: the key stripped and in lower case, the value as
    read (``""`` when the row is short). Nothing when the sheet has no ``key`` or ``value``
    column.
    """
    if "key" not in header or "value" not in header:
        return
    k, v = header.index("key"), header.index("value")
    for number, cells in raw.rows:
        key = cells[k] if k < len(cells) else ""
        if isinstance(key, str):
            yield number, v, key.strip().lower(), cells[v] if v < len(cells) else ""


#: The keys of the ``initiative`` sheet whose example value may well be a person's own (a
#: date of judgement, an urgency of three): the example's only while still in its italics.
_LIKELY_OWN = frozenset({"as_of", "urgency"})


def _in_italics(cell: Any) -> bool:
    """Whether a cell of a read-only sheet is written in italics (as the template's examples).

    Examples
    --------
    >>> _in_italics(_empty_cell())
    False
    """
    try:
        font = getattr(cell, "font", None)
    except (IndexError, KeyError, TypeError):  # a style the workbook does not hold
        return False
    return bool(getattr(font, "i", False))


# --------------------------------------------------------------------------- writing


#: The first date Excel holds as a date (serial 1, in the 1900 date system openpyxl writes).
_FIRST_EXCEL_DATE = dt.date(1900, 1, 1)


def _typed(table: Table, obj: Any) -> list[Any]:
    """Return the cells of the sheet's row for ``obj``: numbers and dates typed, lists joined.

    A date before 1900 is written as its text (``1899-12-31``), which the reader reads as the
    date: Excel has no date before 1900-01-01. openpyxl would write 1899-12-30 and 1899-12-31
    both as serial 0, Excel's "1900-01-00", which it reads back as the time 00:00 (the reader
    refuses it), and earlier dates as negative serials, which Excel shows as ``#####``.
    """
    cells: list[Any] = []
    for column in table.columns:
        if not column.stored:
            continue
        value = column.value(obj)
        if isinstance(value, tuple):
            value = join_values(value) if value else None
        elif isinstance(value, dt.date) and value < _FIRST_EXCEL_DATE:
            value = value.isoformat()
        cells.append(value)
    return cells


def _rows(table: Table, initiative: Initiative) -> list[list[Any]]:
    if table is INITIATIVE:
        return [list(row) for row in (table.cells(obj) for obj in table.rows(initiative))]
    return [_typed(table, obj) for obj in table.rows(initiative)]


#: The most characters an Excel cell holds, counted as Excel counts them (UTF-16 code units,
#: :func:`_excel_length`); openpyxl cuts text of more code points short without a word.
_MAX_CELL = 32_767

#: How many cells too long a :class:`~collective_impact.WriteError` names before counting the rest.
_MAX_SHOWN = 200

#: The kinds of column whose cells are text: formatted as Text (``@``), so that Excel keeps what
#: is typed there as it is typed (``6-8`` is not made the date 8 June).
_TEXT_KINDS = frozenset({"text", "ids", "choice", "choices"})


def _excel_length(text: str) -> int:
    r"""Return the length of ``text`` as Excel counts it: in UTF-16 code units.

    A character outside the Basic Multilingual Plane (an emoji, a rare CJK ideograph) is two
    code units, a surrogate pair, and counts 2; every other character counts 1. Linear time.

    Examples
    --------
    >>> _excel_length("abc"), _excel_length("\N{GRINNING FACE}" * 3), _excel_length("\ud800")
    (3, 6, 1)
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _too_long(table: Table, rows: list[list[Any]]) -> list[str]:
    """Return the cells of a sheet longer than an Excel cell holds, for a message.

    ``rows`` are the cells as stored (:func:`_xstring`): a carriage return counts as the seven
    characters of ``_x000D_``, which openpyxl counts too. Lengths are counted as Excel counts
    them (:func:`_excel_length`: an emoji counts 2).
    """
    header = table.header
    found: list[str] = []
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row):
            # at most 2 code units a character: a text of half the limit fits, uncounted
            if not isinstance(value, str) or len(value) <= _MAX_CELL // 2:
                continue
            length = _excel_length(value)
            if length > _MAX_CELL:
                name = row[0] if table is INITIATIVE else header[j]  # a key of initiative
                found.append(
                    f"sheet {table.name}, cell {column_letter(j)}{i} ({name}, "
                    f"{length:,} characters)"
                )
    return found


def _refuse_long_cells(cells: list[str], path: str | os.PathLike[str]) -> None:
    """Raise :class:`~collective_impact.WriteError` naming every cell too long, if any."""
    if not cells:
        return
    n = len(cells)
    shown = cells[:_MAX_SHOWN] + ([f"and {n - _MAX_SHOWN:,} more"] if n > _MAX_SHOWN else [])
    raise WriteError(
        shown_path(path),
        f"{n:,} cell{' is' if n == 1 else 's are'} longer than the {_MAX_CELL:,} "
        "characters an Excel cell holds (as Excel counts them: an emoji, or another character "
        "outside the Basic Multilingual Plane, counts 2), and would be cut short: "
        f"{'; '.join(shown)}; write a CSV bundle, YAML or JSON instead, which hold text of any "
        "length",
    )


def _fill(book: Any, initiative: Initiative, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Write one sheet per table into ``book``; return the sheets by table name.

    Raises
    ------
    WriteError
        Naming every cell longer than an Excel cell holds, before any sheet is made.
    """
    rows = {
        table.name: [
            [_xstring(v) if isinstance(v, str) else v for v in row]
            for row in _rows(table, initiative)
        ]
        for table in TABLES.values()
    }
    _refuse_long_cells([c for t in TABLES.values() for c in _too_long(t, rows[t.name])], path)
    sheets: dict[str, Any] = {}
    for table in TABLES.values():
        ws = book.create_sheet(table.name)
        ws.append(list(table.header))
        stored = [c for c in table.columns if c.stored]
        text = [column.kind.name in _TEXT_KINDS for column in stored]
        for j, is_text in enumerate(text):
            if is_text:
                ws.column_dimensions[column_letter(j)].number_format = "@"
        for number, row in enumerate(rows[table.name], start=2):
            ws.append(row)
            for j, is_text in enumerate(text):
                # ws.cell, not ws[number]: that finds the sheet's width, which takes a time
                # proportional to the cells written so far, for each row
                cell = ws.cell(row=number, column=j + 1)
                value = cell.value
                if isinstance(value, str):
                    cell.data_type = "s"  # text starting with '=' is text, not a formula
                elif isinstance(value, float) and float("%.16g" % value) != value:  # noqa: UP031
                    # openpyxl writes 16 significant digits; the 17 that make this number
                    # are written as the cell's own text, and the cell kept a number: as a
                    # text cell (100/3) it was left out of SUM, AVERAGE and charts
                    cell.value = format_number(value)
                    cell.data_type = "n"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if is_text:
                    cell.number_format = "@"
        sheets[table.name] = ws
    return sheets


def _save(book: Any, path: str | os.PathLike[str]) -> None:
    """Write ``book`` to ``path`` atomically, its archive made in memory first.

    openpyxl's ``save`` opens a :class:`zipfile.ZipFile` on the file it is given and leaves it
    unclosed when a write fails (a full disk, a file-size limit): the clean error was followed,
    at exit, by a traceback of ``ZipFile.__del__`` trying to write the archive's end again
    ("Exception ignored in ... OSError: [Errno 27] File too large"). In memory the archive is
    always closed; only the plain write of its bytes can fail, as any file's. openpyxl writes
    each sheet to a temporary file of its own first: its failure is the workbook's, a
    :class:`~collective_impact.WriteError` naming ``path``, as the write's (the command line
    said only "error: file too large"), and the sheet's writer it leaves open is closed
    (:func:`_close_left_open`).
    """

    def write(tmp: Path) -> None:
        buffer = io.BytesIO()
        try:
            book.save(buffer)
        except BaseException as err:
            _close_left_open(err.__traceback__)
            raise
        tmp.write_bytes(buffer.getbuffer())

    write_atomic(path, write)


def _close_left_open(trace: TracebackType | None) -> None:
    """Close what openpyxl's failed ``save`` left open: its sheets' writers, its archive.

    A sheet is written, as XML, by a generator (a ``WorksheetWriter``'s ``xf``) into a
    temporary file; when a write to it fails (a file-size limit), the generator is left
    suspended, and was closed at some later collection, where its closing wrote again, failed
    again, and printed a traceback ("Exception ignored in: <generator object
    WorksheetWriter.get_stream ...>"); so was the archive (a :class:`zipfile.ZipFile`, here on
    memory), closed after its memory. Each of them in the frames of ``trace`` is closed here,
    its error ignored (the first one is raised), and each sheet's temporary file removed.
    """
    while trace is not None:
        for value in list(trace.tb_frame.f_locals.values()):
            if isinstance(value, zipfile.ZipFile):
                with contextlib.suppress(Exception):
                    value.close()
            if not type(value).__module__.startswith("openpyxl."):
                continue
            stream = getattr(value, "xf", None)
            if inspect.isgenerator(stream):
                with contextlib.suppress(Exception):
                    stream.close()
                cleanup = getattr(value, "cleanup", None)
                if callable(cleanup):
                    with contextlib.suppress(Exception):
                        cleanup()
        trace = trace.tb_next


def _refuse_suffix(path: str | os.PathLike[str]) -> None:
    """Refuse to write a workbook under any name but ``.xlsx`` (in any case), before any work.

    ``write_workbook(init, "initiative.yaml")`` replaced a YAML file with a workbook; so does
    any other suffix the reader would not read as a workbook. The writers make a workbook
    without macros, whose declared content type is that of an ``.xlsx`` file; Excel refuses to
    open such a file named ``.xlsm`` ("the file format or file extension is not valid"). A
    ``.xlsm`` workbook is read all the same. Worded as the command line refuses ``template -o
    initiative.yaml``.
    """
    if Path(os.fspath(path)).suffix.lower() == ".xlsm":
        raise WriteError(
            shown_path(path),
            "a workbook is written without macros, as .xlsx; Excel refuses it under the name "
            ".xlsm (a macro-enabled workbook): name it .xlsx",
        )
    expect_suffix(path, "workbook")  # the check of every writer, and of the command line


def write_workbook(initiative: Initiative, path: str | os.PathLike[str]) -> None:
    """Write an initiative as an Excel workbook (``.xlsx``): one sheet per bundle table.

    Every sheet is written, with only its header row when it has nothing to hold. Numbers are
    numbers, dates Excel dates (shown ``yyyy-mm-dd``; a date before 1900-01-01, which Excel
    cannot hold, as its text, ``1899-12-31``), text is text (even when it starts with
    ``=``), lists ``|``-separated; the columns of text, ids and choices are formatted as Text
    (``@``), so that Excel keeps what is typed there as text. openpyxl writes numbers with 16
    significant digits: a number that needs 17 to be read back exactly (``100/3``, a third of
    computed shares) is written with its shortest exact digits in a cell that stays a number
    (it was a text cell, which SUM, AVERAGE and charts skip without a word).
    ``read_workbook(path) == initiative`` afterwards. The file is written beside ``path`` and
    moved into place: a failure leaves what was there.

    Parameters
    ----------
    initiative
        What to write.
    path
        The workbook to write.

    Raises
    ------
    WriteError
        When the file cannot be written, is named otherwise than ``.xlsx`` (``.yaml``, which it
        would replace with a workbook; ``.xlsm``, under which Excel refuses a workbook without
        macros), or a cell would hold more than the 32,767 characters an Excel
        cell holds, counted as Excel counts them (an emoji counts 2; every such cell is named,
        by sheet and cell, with its length); nothing was changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).
    MissingDependencyError
        When openpyxl is not installed (the ``excel`` extra).

    Examples
    --------
    >>> import tempfile, collective_impact as ci
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_workbook(ci.load_example("workforce"), f"{folder}/w.xlsx")
    """
    expect_initiative(initiative)
    _refuse_suffix(expect_path(path, "write_workbook"))
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    _fill(book, initiative, path)
    _save(book, path)


# --------------------------------------------------------------------------- the template

_EXAMPLE: Mapping[str, Any] = {
    "schema_version": 1,
    "name": "Example initiative (replace the example rows)",
    "description": "What the initiative does, in a sentence.",
    "problem": "The problem the partners agree on.",
    "as_of": "2025-06-30",
    "conditions": {"champions": ["example-backbone"], "urgency": "medium"},
    "partners": [
        {
            "id": "example-backbone",
            "name": "Example backbone",
            "sector": "nonprofit",
            "roles": ["backbone"],
        },
        {"id": "example-school", "name": "Example school", "sector": "government"},
    ],
    "goals": [
        {
            "id": "example-goal",
            "statement": "Every child ready for school",
            "indicators": ["example-readiness"],
        }
    ],
    "indicators": [
        {
            "id": "example-readiness",
            "name": "Children ready for school",
            "unit": "%",
            "direction": "increase",
            "level": "population",
            "baseline": {"date": "2024-06-30", "value": 48},
            "target": {"date": "2028-06-30", "value": 60},
            "drives": {"example-attendance": 0.5},
            "observations": [{"date": "2025-06-30", "value": 51, "reported_by": "example-school"}],
        },
        {
            "id": "example-attendance",
            "name": "Attendance",
            "unit": "%",
            "direction": "increase",
            "level": "population",
        },
    ],
    "populations": [{"id": "children 0-5", "name": "Children under six"}],
    "places": [{"id": "north side", "name": "The north side"}],
    "activities": [
        {
            "id": "example-activity",
            "name": "Home visits",
            "partners": ["example-school", "example-backbone"],
            "populations": ["children 0-5"],
            "places": ["north side"],
            "start": "2025-01-01",
            "contributes": {"example-readiness": 0.3},
        }
    ],
    "ties": [
        {
            "source": "example-backbone",
            "target": "example-school",
            "kind": "data-sharing",
            "strength": 0.8,
        }
    ],
    "working_groups": [
        {
            "id": "example-group",
            "name": "Early years",
            "members": ["example-backbone", "example-school"],
            "goals": ["example-goal"],
        }
    ],
    "backbone": {
        "organization": "example-backbone",
        "staff": {"project_manager": 1},
        "functions": {"establish_shared_measurement": "partial"},
    },
}


@functools.cache
def _example() -> Initiative:
    """Return the initiative of the template's example rows (:data:`_EXAMPLE`)."""
    return Initiative.from_dict(_EXAMPLE)


@functools.cache
def _example_initiative() -> Mapping[str, str]:
    """Return the value the template writes for each key of its ``initiative`` sheet.

    As the text of its cell (``as_of``: ``'2025-06-30'``), by key.
    """
    return {row[0]: row[1] for row in _rows(INITIATIVE, _example())}


def _example_rows() -> dict[str, int]:
    """Return how many example rows the template writes on each sheet, by sheet."""
    return {table.name: len(_rows(table, _example())) for table in TABLES.values()}


def _example_rows_said() -> str:
    """Say how many example rows each sheet of the template holds, for its help sheet.

    Examples
    --------
    >>> _example_rows_said()
    'initiative 6, partners 2, indicators 2, every other sheet 1'
    """
    counts = _example_rows()
    usual = max(set(counts.values()), key=list(counts.values()).count)
    said = [f"{sheet} {n}" for sheet, n in counts.items() if n != usual]
    return ", ".join([*said, f"every other sheet {usual}"])


#: The ids of the things the template's example rows describe.
_EXAMPLE_IDS = frozenset(
    obj["id"]
    for section in ("partners", "goals", "indicators", "activities", "working_groups")
    for obj in _EXAMPLE[section]
)

#: The columns of each sheet that say which thing a row is (the others describe it): a row
#: whose cells here all name example ids is a row of the template's example.
_EXAMPLE_KEYS: Mapping[str, tuple[str, ...]] = {
    "partners": ("id",),
    "goals": ("id",),
    "indicators": ("id",),
    "pathways": ("indicator", "drives"),
    "observations": ("indicator",),
    "activities": ("id",),
    "contributions": ("activity", "indicator"),
    "ties": ("source", "target"),
    "working_groups": ("id",),
    "backbone": ("organization",),
}

_HELP = [
    "How to fill this in",
    "",
    "Each sheet is one table; its first row names the columns (keep it). One row per thing.",
    "The sheets initiative and partners are required; leave any other sheet with its header "
    "row only when you have none of those things.",
    "An empty cell means 'not given'. Ids are text: type them as they should read, and use "
    "the same id wherever a thing is named (a tie's source and target are partner ids).",
    "Cells marked | in the list below hold several values separated by |, such as funder|champion.",
    "Columns of text, ids and choices are formatted as Text, so that Excel keeps what you type "
    "(6-8 stays 6-8, not a date; an id of 16 digits keeps them all, where a number keeps 15): "
    "keep them so.",
    "Choices (sector, kind, direction...) offer their allowed values in a drop-down list.",
    "Numbers are plain numbers (0.8), dates are Excel dates or text like 2025-09-01.",
    "Do not use formulas or merged cells: type each value in its own cell.",
    "Do not hide rows, columns or sheets (nor filter rows out): what is hidden is data all "
    "the same; delete what is not.",
    "Do not rename the sheets. Check the workbook with: collective-impact validate <file>",
    "",
    "Sheet and columns (required columns marked *):",
]


#: The colour of the template's example rows (in italics): a mid grey.
_GREY = "FF7F7F7F"


def write_template(path: str | os.PathLike[str]) -> None:
    """Write an empty initiative workbook to fill in by hand: headers, help, drop-down lists.

    The workbook has a ``how to fill this in`` sheet, then one sheet per bundle table with
    its header row and example rows in grey italics (a small, valid initiative: six rows on
    ``initiative``, one per key, two on ``partners`` and on ``indicators``, one on every other
    sheet; replace or delete them: :func:`read_workbook` refuses one left among a person's own
    rows), and a
    drop-down list of the allowed values on each column of one choice
    (sector, kind, direction, level...) and on the keys of the ``initiative`` sheet. The
    columns of text, ids and choices are formatted as Text, so that what is typed there stays
    text (``6-8`` is not made a date).
    :func:`read_workbook` reads it back.

    Parameters
    ----------
    path
        The workbook to write (``.xlsx``).

    Raises
    ------
    WriteError
        When the file cannot be written, or is named otherwise than ``.xlsx`` (``.xlsm``:
        Excel refuses a workbook without macros under that name); nothing was changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).
    MissingDependencyError
        When openpyxl is not installed (the ``excel`` extra).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_template(f"{folder}/initiative.xlsx")
    ...     read_workbook(f"{folder}/initiative.xlsx").name
    'Example initiative (replace the example rows)'
    """
    _refuse_suffix(expect_path(path, "write_template"))
    openpyxl = _openpyxl()
    DataValidation = importlib.import_module("openpyxl.worksheet.datavalidation").DataValidation

    book = openpyxl.Workbook()
    help_sheet = book.active
    help_sheet.title = HELP_SHEET
    for line in _HELP[:4]:
        help_sheet.append([line])
    help_sheet.append(
        [
            f"The sheets hold example rows, in grey italics ({_example_rows_said()}; the keys "
            "of the initiative sheet are its rows): replace them with your own, or delete them "
            "(a workbook that keeps an example row among your own rows, or beside your own "
            "name, description or problem of the initiative, is refused: it would count as "
            "data)."
        ]
    )
    for line in _HELP[4:]:
        help_sheet.append([line])
    for table in TABLES.values():
        columns = ", ".join(
            c.name + ("*" if c.required else "") + (" (|)" if c.kind.item is not None else "")
            for c in table.columns
            if c.stored
        )
        help_sheet.append([f"{table.name}: {columns}"])
    help_sheet.append([f"initiative keys: {', '.join(k.name for k in INITIATIVE_KEYS)}"])
    help_sheet.column_dimensions["A"].width = 120
    sheets = _fill(book, _example(), path)
    example_font = importlib.import_module("openpyxl.styles").Font(italic=True, color=_GREY)
    for table in TABLES.values():
        ws = sheets[table.name]
        ws.freeze_panes = "A2"
        for row in ws.iter_rows(min_row=2):  # the example's rows, in grey italics
            for cell in row:
                cell.font = example_font
        stored = [c for c in table.columns if c.stored]
        for j, column in enumerate(stored):
            ws.column_dimensions[column_letter(j)].width = max(12, len(column.name) + 2)
            values = column.kind.values if column.kind.name == "choice" else ()
            if table is INITIATIVE and column.name == "key":
                values = tuple(k.name for k in INITIATIVE_KEYS)
            if not values:
                continue
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"Not a {column.name}",
                error=f"Choose one of: {', '.join(values)}",
            )
            letter = column_letter(j)
            rule.add(f"{letter}2:{letter}1048576")
            ws.add_data_validation(rule)
    _save(book, path)
