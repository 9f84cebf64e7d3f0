"""Spreadsheet conventions shared by the CSV readers (the bundle and the PARTNER survey).

Spreadsheets are what people edit, so both readers accept what spreadsheets write and name every
problem the way a spreadsheet shows it:

* the separator is ``,``, or ``;`` or a tab when the first non-blank line has no comma
  (:func:`delimiter`, as Excel writes in some locales);
* rows are numbered as a spreadsheet numbers them: the header is row 1, blank rows count but are
  skipped (:func:`records`); columns are named by their header, or by their letter
  (:func:`column_letter`) when they have none;
* a cell is named ``ties.csv, row 2, column target`` (:func:`cell`, a
  :class:`~collective_impact.Location`);
* the header row is checked once, the same way: unknown, duplicate, unnamed and missing columns
  (:class:`Header`);
* numbers follow one grammar (:func:`parse_number`);
* did-you-mean suggestions are bounded in time (:func:`close_matches`) and in number
  (:class:`Suggester`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Sequence

from ..errors import (
    MAX_SUGGESTIONS,
    FormatError,
    Location,
    ProblemCode,
    Suggester,
    close_matches,
    did_you_mean,
)

__all__ = [
    "MAX_SUGGESTIONS",
    "Header",
    "Report",
    "Suggester",
    "cell",
    "close_matches",
    "column_letter",
    "comma_in_decimal_comma_file",
    "delimiter",
    "number_hint",
    "parse_number",
    "records",
]


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
#: One comma before three digits and no point: thousands, or a decimal comma with 3 decimals.
_ONE_GROUP = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")


def cell(file: str | None, row: int | None = None, column: str | None = None) -> Location:
    """Return the :class:`~collective_impact.Location` of a cell: a file, maybe a row and column.

    Examples
    --------
    >>> cell("ties.csv", 2, "target").render()
    'ties.csv, row 2, column target'
    >>> cell(None, 4, "openness").render()
    'row 4, column openness'
    """
    return Location(file=file, row=row, column=column)


#: Called with the location, the message and the code of each problem of a sheet.
Report = Callable[[Location, str, ProblemCode], None]


def column_letter(index: int) -> str:
    """Return the spreadsheet name of a 0-based column: 0 → ``A``, 26 → ``AA``.

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def delimiter(text: str) -> str:
    r"""Return ``,``, or ``;`` / tab when the first non-blank line has no comma but one of them.

    Examples
    --------
    >>> delimiter("\n id;name\r\n"), delimiter("id,name;x\n")
    (';', ',')
    """
    first = next((line for line in io.StringIO(text, newline="") if line.strip()), "")
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def records(text: str, *, source: str | None = None) -> list[tuple[int, list[str]]]:
    r"""Return the non-blank records of CSV text with their spreadsheet row numbers.

    Cells are as written (spaces kept). A record is blank when all its cells are; blank records
    are left out but counted, so the numbers are those a spreadsheet shows.

    Parameters
    ----------
    text
        The CSV text (separator as :func:`delimiter` finds it).
    source
        The file name, for the error.

    Returns
    -------
    list of (int, list of str)

    Raises
    ------
    FormatError
        When the text is not CSV that :mod:`csv` can read (with the line).

    Examples
    --------
    >>> records("id,name\n\n a ,A\n")
    [(1, ['id', 'name']), (3, [' a ', 'A'])]
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    out: list[tuple[int, list[str]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if any(cell.strip() for cell in record):
                out.append((number, record))
    except csv.Error as err:
        raise FormatError(f"invalid CSV: {err}", source=source, line=reader.line_num) from None
    return out


def parse_number(text: str) -> float | None:
    """Return the value of a number as a spreadsheet writes it, or ``None`` when it is not one.

    The grammar, the same for every CSV file the library reads: spaces around the number are
    ignored; then an optional sign and either

    * a plain decimal: digits with an optional fractional part (``3``, ``0.25``, ``.5``,
      ``2.``), optionally followed by an exponent (``1e-05``, ``2.5E3``); or
    * a number whose thousands are grouped with commas: one to three digits (not starting with
      ``0``), then groups of a comma and three digits, then an optional fractional part
      (``1,234``, ``12,345,678.5``).

    Not numbers: ``nan``, ``inf``, ``1_000``, inner spaces, a decimal comma (``0,8``; see
    :func:`number_hint`), and ``0,750`` (a decimal comma, not a thousand).

    Parameters
    ----------
    text
        The cell.

    Returns
    -------
    float or None

    Examples
    --------
    >>> parse_number(" 1,234.5 "), parse_number("-0.25"), parse_number("1e-05")
    (1234.5, -0.25, 1e-05)
    >>> parse_number("0,8") is None, parse_number("0,750") is None, parse_number("nan") is None
    (True, True, True)
    """
    text = text.strip()
    if _PLAIN_NUMBER.fullmatch(text):
        value = float(text)
    elif _GROUPED_NUMBER.fullmatch(text):
        value = float(text.replace(",", ""))
    else:
        return None
    return value if math.isfinite(value) else None


def comma_in_decimal_comma_file(text: str) -> str | None:
    """Return why a number cell of a file separated by ``;`` or tabs is ambiguous, or ``None``.

    Spreadsheets in locales that write a decimal comma separate their CSV cells with ``;``
    (or tabs), so there ``52,125`` is more likely 52.125 than the 52125 that
    :func:`parse_number`'s grouped thousands read. One comma before exactly three digits, with
    no decimal point, is refused in such a file; two groups (``1,234,567``) and a decimal point
    (``1,234.5``) are thousands in any locale, and other decimal commas (``0,8``, ``52,12``)
    are refused by :func:`parse_number` everywhere.

    Examples
    --------
    >>> print(comma_in_decimal_comma_file("52,125"))  # doctest: +NORMALIZE_WHITESPACE
    '52,125' is ambiguous in a file separated by semicolons or tabs: 52.125 with a decimal
    comma, or 52125 with grouped thousands; write 52.125 or 52125
    >>> comma_in_decimal_comma_file("1,234,567"), comma_in_decimal_comma_file("1,234.5")
    (None, None)
    """
    text = text.strip()
    if not _ONE_GROUP.fullmatch(text):
        return None
    point, whole = text.replace(",", "."), text.replace(",", "")
    return (
        f"{text!r} is ambiguous in a file separated by semicolons or tabs: {point} with a decimal "
        f"comma, or {whole} with grouped thousands; write {point} or {whole}"
    )


def number_hint(text: str) -> str:
    """Return advice for a cell that :func:`parse_number` refused, or ``""``.

    Examples
    --------
    >>> number_hint("0,8")
    '; use a dot as the decimal separator (0.8)'
    >>> number_hint("many")
    ''
    """
    text = text.strip()
    if _DECIMAL_COMMA.fullmatch(text):
        return f"; use a dot as the decimal separator ({text.replace(',', '.')})"
    return ""


class Header:
    """The columns of a table, read from its header row, with every problem of the header.

    Column names are read without the spaces around them and without regard to case. Problems
    are passed to ``report`` in column order: a column given twice, an unknown column (with a
    did-you-mean), then each missing required column. When an unknown column is the likely
    spelling of the one missing required column (``identifier`` for ``id``), the two are one
    problem, at the unknown column.

    Parameters
    ----------
    cells
        The cells of the header row.
    row
        Its spreadsheet row number.
    file
        The file, for locations (``None`` when the error names it).
    table
        The table, for messages (``"partners.csv"``, ``"a survey"``).
    allowed
        The columns the table may have, in their usual order.
    required
        The columns it must have.
    report
        Called with the location, message and :class:`~collective_impact.ProblemCode` of each
        problem.

    Attributes
    ----------
    columns : dict of str to int
        The position of each known column.
    unnamed : list of int
        The positions of columns without a name.
    missing : tuple of str
        The required columns the header does not name.
    """

    def __init__(
        self,
        cells: Sequence[str],
        *,
        row: int,
        file: str | None,
        table: str,
        allowed: Sequence[str],
        required: Sequence[str],
        report: Report,
    ) -> None:
        self.file = file
        self.width = len(cells)
        self.columns: dict[str, int] = {}
        self.unnamed: list[int] = []
        self._report = report
        listed = f"the columns of {table} are {', '.join(allowed)}"
        unknown: list[tuple[int, str]] = []
        for j, raw in enumerate(cells):
            name = raw.strip()
            col = name.lower()
            if not col:
                self.unnamed.append(j)
            elif col in self.columns:
                report(
                    cell(file, row, col),
                    f"column {name!r} appears twice (columns {column_letter(self.columns[col])} "
                    f"and {column_letter(j)}); keep one",
                    ProblemCode.DUPLICATE_ENTRY,
                )
            elif col in allowed:
                self.columns[col] = j
            else:
                unknown.append((j, name))
        self.missing = tuple(c for c in required if c not in self.columns)
        merged: set[str] = set()
        for j, name in unknown:
            close = close_matches(name, allowed)
            if not close and len(unknown) == 1 and len(self.missing) == 1:
                close = list(self.missing)  # the one unknown column is the one missing
            if close and close[0] in self.missing:
                merged.add(close[0])
                report(
                    cell(file, row, column_letter(j)),
                    f"unknown column {name!r}{did_you_mean(close)}; the required column "
                    f"{close[0]!r} is missing ({listed})",
                    ProblemCode.MISSING_KEY,
                )
            else:
                report(
                    cell(file, row, column_letter(j)),
                    f"unknown column {name!r}{did_you_mean(close)}; {listed}",
                    ProblemCode.UNKNOWN_KEY,
                )
        for col in self.missing:
            if col not in merged:
                report(
                    cell(file, row, col),
                    f"missing required column {col!r}; the header row must name it ({listed})",
                    ProblemCode.MISSING_KEY,
                )

    def cells(self, row: int, record: Sequence[str]) -> dict[str, str]:
        """Return the cells of a data row by column, reporting cells outside named columns.

        Parameters
        ----------
        row
            The spreadsheet row number of the record.
        record
            Its cells.

        Returns
        -------
        dict of str to str
            The cell of each known column (``""`` where the row is short).
        """
        for j in self.unnamed:
            if j < len(record) and record[j].strip():
                self._report(
                    cell(self.file, row, column_letter(j)),
                    f"this column has no name in the header row but holds {record[j]!r}; "
                    "name the column or clear it",
                    ProblemCode.UNKNOWN_KEY,
                )
        if len(record) > self.width and any(c.strip() for c in record[self.width :]):
            self._report(
                cell(self.file, row),
                f"the row has {len(record)} cells but the header row names only "
                f"{self.width} columns; the extra cells are not blank",
                ProblemCode.UNKNOWN_KEY,
            )
        return {c: record[j] if j < len(record) else "" for c, j in self.columns.items()}
