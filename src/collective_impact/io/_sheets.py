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
import threading
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .._text import plural
from ..errors import (
    MAX_SUGGESTIONS,
    FormatError,
    Location,
    ProblemCode,
    Suggester,
    close_matches,
    did_you_mean,
    lookalike_number,
    plain_number,
    shown,
)

__all__ = [
    "MAX_SUGGESTIONS",
    "Header",
    "Report",
    "Suggester",
    "ambiguous_as_text",
    "ambiguous_beside_decimal_commas",
    "ambiguous_in_database",
    "ambiguous_in_decimal_comma_file",
    "ambiguous_in_frame",
    "ambiguous_in_workbook",
    "cell",
    "close_matches",
    "column_letter",
    "comma_group",
    "decimal_comma",
    "delimiter",
    "foreign_digit",
    "number_hint",
    "parse_number",
    "point_group",
    "records",
    "underflows",
]


# The digits of a number are 0 to 9 (re.ASCII): ``\d`` alone takes every Unicode digit, and
# '\u0665e-400' (an Arabic-Indic five) was read as 0 past the check of underflows.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_GROUPED_NUMBER = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+", re.ASCII)
#: A number as a decimal-comma locale writes it (:func:`decimal_comma`): a sign (``-``, ``+``
#: or a look-alike: U+2212 MINUS SIGN, dashes, full-width signs), digits (perhaps grouped by
#: points or spaces), a comma, digits, perhaps a percent sign (``−1.234,5 %``).
_LOCALE_DECIMAL_COMMA = re.compile(
    r"(?P<sign>[+\-\u2212\u2010-\u2014\ufe62\ufe63\uff0b\uff0d]?)"
    r"(?P<whole>\d+|[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+)"
    r",(?P<part>\d+)(?:[ \u00a0\u202f]*%)?",
    re.ASCII,
)
#: One comma before three digits and no point: thousands, or a decimal comma with 3 decimals.
_ONE_GROUP = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}", re.ASCII)
#: One point before three digits: 3 decimals, or thousands grouped with a point.
_ONE_POINT_GROUP = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}", re.ASCII)
#: A non-zero digit before the exponent: the number is not 0 as written.
_NON_ZERO = re.compile(r"[^eE]*[1-9]")


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


def records(
    text: str, *, source: str | None = None, long_fields: bool = False
) -> list[tuple[int, list[str]]]:
    r"""Return the non-blank records of CSV text with their spreadsheet row numbers.

    Cells are as written (spaces kept). A record is blank when all its cells are; blank records
    are left out but counted, so the numbers are those a spreadsheet shows.

    A quote that opens a cell and is never closed is refused (:mod:`csv` would read the rest of
    the text into that one cell, silently): the error names the line where the cell starts.
    So is text cut short: its last record has fewer cells than the header (the first record)
    names columns, up to its last column with a name, and the text does not end with a line
    break (the missing cells would read as empty, silently). A record short of the header
    elsewhere is read as it is (some writers leave out the empty cells at a row's end): the
    readers take the cells left out as empty.

    Parameters
    ----------
    text
        The CSV text (separator as :func:`delimiter` finds it).
    source
        The file name, for the error.
    long_fields
        Whether a field may be as long as the text: a CSV bundle holds text of any length (a
        description), which its writer writes. Otherwise a field longer than
        :func:`csv.field_size_limit` (131,072 characters by default) is refused, as in a
        survey, whose cells are ids and numbers.

    Returns
    -------
    list of (int, list of str)

    Raises
    ------
    FormatError
        When the text is not CSV that :mod:`csv` can read, a quoted cell is never closed, or
        the text is cut short (with the line).

    Examples
    --------
    >>> records("id,name\n\n a ,A\n")
    [(1, ['id', 'name']), (3, [' a ', 'A'])]
    >>> try:
    ...     records('id,note\na,"never closed\nb,B\n', source="t.csv")
    ... except FormatError as err:
    ...     print(err)  # doctest: +NORMALIZE_WHITESPACE
    t.csv, line 2: invalid CSV: the quote that opens the cell '"never closed' is never closed,
    so the 1 line after it would be read into that one cell; close it, or remove it (a quote
    inside a cell is written twice: "")
    >>> try:
    ...     records("a,b,c\nx,y,z\nx,y", source="t.csv")
    ... except FormatError as err:
    ...     print(err)  # doctest: +NORMALIZE_WHITESPACE
    t.csv, line 3: the last row (row 3) has 2 cells where the header row names 3 columns, and
    the file does not end with a line break: was the file cut short, in a download or a copy?
    Copy or export it again; if the row is complete as it is, end the file with a line break
    """
    try:
        return _records(text, source, long_fields=long_fields)
    except FormatError:
        if long_fields:
            raise
        # a cell longer than the limit is most often a quote never closed: say so when it is one
        _records(text, source, long_fields=True)
        raise


#: A line end, as :class:`io.StringIO` with ``newline=""`` splits lines.
_LINE_END = re.compile(r"\r\n?|\n")


def _records(text: str, source: str | None, *, long_fields: bool) -> list[tuple[int, list[str]]]:
    """Read the records of :func:`records`, refusing a quoted cell that runs to the end.

    :mod:`csv` (not strict) ends a quoted cell that is never closed at the end of the text;
    only such a cell makes the reader ask for a line past the last one before it returns a
    record, which the line iterator notes (``ended``). The reader itself stays :mod:`csv`'s.
    """
    ended: list[bool] = []

    def lines() -> Iterator[str]:
        yield from io.StringIO(text, newline="")
        ended.append(True)

    reader = csv.reader(lines(), delimiter=delimiter(text))
    out: list[tuple[int, list[str]]] = []
    last: list[str] = []
    try:
        with _field_limit(len(text) if long_fields else 0):
            for number, record in enumerate(reader, start=1):
                if ended:
                    raise _unclosed_quote(record[-1], reader.line_num, source)
                if any(cell.strip() for cell in record):
                    out.append((number, record))
                last = record
    except csv.Error as err:
        raise FormatError(f"invalid CSV: {err}", source=source, line=reader.line_num) from None
    if len(out) > 1 and last is out[-1][1] and not text.endswith(("\n", "\r")):
        named = _named_width(out[0][1])
        # cut right after a separator, the row has its cells, the last one empty by the cut
        after_separator = text.endswith(delimiter(text)) and len(last) <= named
        if len(last) < named or after_separator:
            raise _cut_short(out[-1][0], len(last), named, reader.line_num, source, after_separator)
    return out


def _named_width(header: Sequence[str]) -> int:
    """Return how many cells a row needs to reach the last named column of ``header``."""
    return next((j + 1 for j in range(len(header) - 1, -1, -1) if header[j].strip()), 0)


def _cut_short(
    row: int, cells: int, named: int, line: int, source: str | None, after_separator: bool = False
) -> FormatError:
    """Return the error for a last row short of the header's columns, without a line break.

    A row may leave out its empty cells at its end (some writers do), but the last row of a
    file that also lacks the line break that ends every row is a file cut short, in a download
    or a copy: its missing cells would read as blank, and take their defaults (a referral tie
    of strength 0.2, cut after its ends, read as a communication tie of strength 1). So is a
    last row whose text ends with a separator (``after_separator``), one named column or more
    to go: cut one character later, ``…,referral,`` has its four cells, the last one empty.
    """
    shape = (
        f"ends with a separator (its cell of column {cells} is empty)"
        if after_separator
        else f"has {plural(cells, 'cell')} where the header row names {plural(named, 'column')}"
    )
    return FormatError(
        f"the last row (row {row}) {shape}, and the file does not end with a line break: was "
        "the file cut short, in a download or a copy? Copy or export it again; if the row is "
        "complete as it is, end the file with a line break",
        source=source,
        line=line,
        code=ProblemCode.SYNTAX,
    )


def _unclosed_quote(field: str, last_line: int, source: str | None) -> FormatError:
    """Return the error for a quoted cell that runs to the end of the text (``last_line``).

    The cell holds every line end after its opening quote, so its first line is known.
    """
    breaks = len(_LINE_END.findall(field))
    first_line = last_line - breaks + (1 if field.endswith(("\r", "\n")) else 0)
    after = last_line - first_line
    swallowed = (
        f", so the {after:,} line{'' if after == 1 else 's'} after it would be read into that "
        "one cell"
        if after
        else " (the text ends inside the cell)"
    )
    start = _LINE_END.split(field, maxsplit=1)[0]
    return FormatError(
        f"invalid CSV: the quote that opens the cell {shown(chr(34) + start, 40)} is never "
        f'closed{swallowed}; close it, or remove it (a quote inside a cell is written twice: "")',
        source=source,
        line=first_line,
        code=ProblemCode.SYNTAX,
    )


#: Held while :func:`_field_limit` has raised :func:`csv.field_size_limit`.
_FIELD_LIMIT_LOCK = threading.Lock()


@contextmanager
def _field_limit(length: int) -> Iterator[None]:
    """Let :mod:`csv` read a field of up to ``length`` characters, then restore its limit.

    :mod:`csv` refuses a field longer than :func:`csv.field_size_limit` (131,072 characters by
    default) while the bundle writer writes text of any length; the text is in memory already,
    within the reader's byte budget, so no field can be longer than it. The limit is the
    module's, for the whole process: it is raised (never lowered) only while the text is read,
    and under a lock, so that two readers never restore it under each other.
    """
    with _FIELD_LIMIT_LOCK:
        before = csv.field_size_limit()
        if length <= before:
            yield
            return
        csv.field_size_limit(length)
        try:
            yield
        finally:
            csv.field_size_limit(before)


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
    :func:`number_hint`), ``0,750`` (a decimal comma, not a thousand), digits other than ``0``
    to ``9`` (``\u0665``, an Arabic-Indic five; full-width ``\uff15``), a number beyond the
    floating-point range (``1e400``), and one too close to 0 for it (``1e-400``, which would read
    as 0 although it is not 0 as written).

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
    >>> parse_number("1e-400") is None, parse_number("0e-400"), parse_number("\u0665e-400")
    (True, 0.0, None)
    """
    text = text.strip()
    if _PLAIN_NUMBER.fullmatch(text):
        value = float(text)
    elif _GROUPED_NUMBER.fullmatch(text):
        value = float(text.replace(",", ""))
    else:
        return None
    if not math.isfinite(value) or underflows(text, value):
        return None
    return value


def underflows(text: str, value: float) -> bool:
    """Return whether a number is 0 as a float but not as written (``1e-400``).

    The one rule for every reader of numbers: the CSV readers (:func:`parse_number`), workbooks
    (numbers typed as text) and the native formats (YAML, JSON and TOML,
    :mod:`collective_impact.io.native`) all refuse such a number, which would silently read
    as 0.

    Parameters
    ----------
    text
        The number as written: a digit ``1`` to ``9`` before its exponent (``e``/``E``) makes
        it nonzero; signs, points, ``_`` and ``,`` are ignored.
    value
        What it reads as, ``float(text)`` (or the float a parser made of it).

    Returns
    -------
    bool

    Notes
    -----
    Only a number that becomes 0 underflows. A subnormal number, below the least normal float
    (about 2.2e-308) but not below half the least subnormal one (about 4.9e-324), keeps a
    nonzero value, if with fewer significant digits: ``1e-310`` is read, as the nearest float,
    and so is any number below 1e-15 that no analysis could tell from 0 (the model's bounds,
    not the readers, say where such a value is allowed). ``0e-400`` and ``-0.0`` are 0 as
    written.

    Examples
    --------
    >>> underflows("1e-400", 0.0), underflows("-2.5E-330", -0.0), underflows("0e-400", 0.0)
    (True, True, False)
    >>> underflows("1e-310", 1e-310), underflows("1_0.0e-400", 0.0)
    (False, True)
    """
    return value == 0 and _NON_ZERO.match(text) is not None


def comma_group(text: str) -> tuple[str, str] | None:
    """Return a number's two readings when it is one comma before exactly three digits.

    ``1,500`` is 1.500 with a decimal comma, or 1500 with the comma grouping thousands: one to
    three digits (not starting with ``0``), a comma, three digits, and nothing else but a sign
    and surrounding spaces. ``1,234,567`` and ``1,234.5`` group thousands in any locale, and
    ``0,750`` groups none. The one rule of every reader that refuses such a number where a
    decimal comma may be meant (CSV files, workbooks, frames, databases, IATI XML).

    Returns
    -------
    tuple of str, or None
        ``(with a decimal point, as a whole number)``.

    Examples
    --------
    >>> comma_group(" 1,500 "), comma_group("-52,125"), comma_group("1,234,567")
    (('1.500', '1500'), ('-52.125', '-52125'), None)
    >>> comma_group("0,750"), comma_group("1,234.5"), comma_group("5.696")
    (None, None, None)
    """
    text = text.strip()
    if not _ONE_GROUP.fullmatch(text):
        return None
    return text.replace(",", "."), text.replace(",", "")


def point_group(text: str) -> str | None:
    """Return the whole number a point before exactly three digits would group, or ``None``.

    ``5.696`` is 5.696 with a decimal point, but 5696 with the point grouping thousands, as
    the locales that write a decimal comma group them: one to three digits (not starting with
    ``0``), a point, three digits, and nothing else but a sign and surrounding spaces.
    ``0.696`` and ``5.69`` can only be decimals (and a decimal with three decimals can be
    written with a fourth, ``5.6960``). The one rule of every reader that refuses such a
    number where a decimal comma is written (CSV files separated by ``;`` or tabs, IATI XML
    that writes decimal commas).

    Examples
    --------
    >>> point_group("5.696"), point_group(" -1.500 "), point_group("0.696"), point_group("5.69")
    ('5696', '-1500', None, None)
    >>> point_group("1.500.000"), point_group("1,500"), point_group("5.6960")
    (None, None, None)
    """
    text = text.strip()
    if not _ONE_POINT_GROUP.fullmatch(text):
        return None
    return text.replace(".", "")


def ambiguous_in_decimal_comma_file(text: str) -> str | None:
    """Return why a number cell of a file separated by ``;`` or tabs is ambiguous, or ``None``.

    Spreadsheets in locales that write a decimal comma separate their CSV cells with ``;``
    (or tabs), and group thousands with a point. So there ``52,125`` is more likely 52.125 than
    the 52125 that :func:`parse_number`'s grouped thousands read, and ``5.696`` may be 5696 as
    well as 5.696. One comma or one point before exactly three digits (the first group not
    starting with ``0``) is refused in such a file; two groups (``1,234,567``) and a decimal
    point after a comma (``1,234.5``) are thousands in any locale, other decimal commas
    (``0,8``, ``52,12``) are refused by :func:`parse_number` everywhere, and other decimal
    points (``0.696``, ``5.69``, ``52.1250``) are decimals: a decimal with three decimals is
    written with a fourth, ``0``.

    Examples
    --------
    >>> print(ambiguous_in_decimal_comma_file("52,125"))  # doctest: +NORMALIZE_WHITESPACE
    '52,125' is ambiguous in a file separated by semicolons or tabs: 52.125 with a decimal
    comma, or 52125 with grouped thousands; write 52125 for the thousands, or 52.1250 for the
    decimal (52.125 is ambiguous there too)
    >>> print(ambiguous_in_decimal_comma_file("5.696"))  # doctest: +NORMALIZE_WHITESPACE
    '5.696' is ambiguous in a file separated by semicolons or tabs: 5.696 with a decimal
    point, or 5696 with the point grouping thousands; write 5696 for the thousands, or 5.6960
    for the decimal
    >>> ambiguous_in_decimal_comma_file("1,234,567"), ambiguous_in_decimal_comma_file("0.696")
    (None, None)
    """
    text = text.strip()
    where = "in a file separated by semicolons or tabs"
    whole = point_group(text)
    if whole is not None:
        return (
            f"{text!r} is ambiguous {where}: {text} with a decimal point, or {whole} with the "
            f"point grouping thousands; write {whole} for the thousands, or {text}0 for the "
            "decimal"
        )
    readings = comma_group(text)
    if readings is not None:
        point, whole = readings
        return (
            f"{text!r} is ambiguous {where}: {point} with a decimal comma, or {whole} with "
            f"grouped thousands; write {whole} for the thousands, or {point}0 for the decimal "
            f"({point} is ambiguous there too)"
        )
    return None


def decimal_comma(text: str) -> bool:
    """Return whether a cell is a number written with a decimal comma, which is refused.

    That is digits, a comma and digits (``1,25``, ``0,750``) that :func:`parse_number` does not
    read as grouped thousands (``1,250`` is read so), as a decimal-comma locale writes them:
    with its thousands grouped by points (``1.234,5``) or spaces (``1 234,5``), a percent
    sign (``12,5%``, ``12,5 %``), a sign of its own (``−0,5``, U+2212 MINUS SIGN). Each says
    the source writes decimal commas, so that its ``5.000`` may be 5000 (found by a reviewer:
    ``1.234,5`` said nothing, and ``5.000`` beside it was read as 5 once it was fixed).

    Examples
    --------
    >>> decimal_comma("1,25"), decimal_comma(" 0,750 "), decimal_comma("1,250")
    (True, True, False)
    >>> [decimal_comma(t) for t in ("1.234,5", "12,5%", "\u22120,5", "1\u00a0234,5", "1,250%")]
    [True, True, True, True, False]
    >>> decimal_comma("1.234.567"), decimal_comma("1,234.5"), decimal_comma("01.234,5")
    (False, False, False)
    """
    found = _LOCALE_DECIMAL_COMMA.fullmatch(text.strip())
    if found is None:
        return False
    whole = found["whole"]
    # '1,250' (and '1,250%') is read as grouped thousands: no decimal comma
    return "." in whole or not whole.isdigit() or parse_number(f"{whole},{found['part']}") is None


def ambiguous_beside_decimal_commas(
    text: str, example: str | None = None, *, because: str | None = None
) -> str | None:
    """Return why a number cell of a comma-separated file with decimal commas is ambiguous.

    A spreadsheet of a decimal-comma locale saved as comma-separated CSV (LibreOffice's
    default) quotes its numbers: ``"1,25"`` is refused as a decimal comma
    (:func:`number_hint`), but ``"1,500"`` (1.5 shown with three decimals) reads as grouped
    thousands, 1500, and the file read once the refused cells were fixed held a number 1000
    times too large. So in a file where some number cell is refused as a decimal comma
    (``example``, one of them), or in a bundle where another file says its locale writes
    decimal commas (``because``: a cell of it holds one, or it is separated by semicolons),
    one comma or one point before exactly three digits (the first group not starting with
    ``0``) is refused as ambiguous, naming both readings, as in a file separated by ``;``
    (:func:`ambiguous_in_decimal_comma_file`): such a locale groups thousands with a point, so
    ``"1.500"`` is 1500 as much as 1.5. ``None`` otherwise.

    Examples
    --------
    >>> print(ambiguous_beside_decimal_commas("1,500", "1,25"))  # doctest: +NORMALIZE_WHITESPACE
    '1,500' is ambiguous in a file that writes decimal commas (its cell '1,25' is one): 1.500
    with a decimal comma, or 1500 with grouped thousands; write 1500 for the thousands, or
    1.5000 for the decimal (1.500 is ambiguous there too)
    >>> print(ambiguous_beside_decimal_commas("1.500", "1,25"))  # doctest: +NORMALIZE_WHITESPACE
    '1.500' is ambiguous in a file that writes decimal commas (its cell '1,25' is one): 1.500
    with a decimal point, or 1500 with the point grouping thousands; write 1500 for the
    thousands, or 1.5000 for the decimal
    >>> why = "indicators.csv, row 2, column baseline_value holds '0,5'"
    >>> print(ambiguous_beside_decimal_commas("1,500", because=why))
    ... # doctest: +NORMALIZE_WHITESPACE
    '1,500' is ambiguous in a bundle that writes decimal commas (indicators.csv, row 2, column
    baseline_value holds '0,5'): 1.500 with a decimal comma, or 1500 with grouped thousands;
    write 1500 for the thousands, or 1.5000 for the decimal (1.500 is ambiguous there too)
    >>> ambiguous_beside_decimal_commas("1,234,567", "1,25") is None
    True
    """
    text = text.strip()
    if because is None:
        cell = shown(str(example).strip(), 40)
        where = f"a file that writes decimal commas (its cell {cell} is one)"
    else:
        where = f"a bundle that writes decimal commas ({because})"
    whole = point_group(text)
    if whole is not None:
        return (
            f"{text!r} is ambiguous in {where}: {text} with a decimal point, or {whole} with "
            f"the point grouping thousands; write {whole} for the thousands, or {text}0 for "
            "the decimal"
        )
    readings = _two_readings(text)
    if readings is None:
        return None
    text, point, whole = readings
    return (
        f"{text!r} is ambiguous in {where}: {point} with a decimal comma, or {whole} with "
        f"grouped thousands; write {whole} for the thousands, or {point}0 for the decimal "
        f"({point} is ambiguous there too)"
    )


def _two_readings(text: str) -> tuple[str, str, str] | None:
    """Return ``(text, with a decimal point, as a whole number)`` of one comma group, or ``None``.

    One comma before exactly three digits (``1,500``): 1.500 with a decimal comma, 1500 with
    grouped thousands. The one rule of both kinds of ambiguity above and below.
    """
    readings = comma_group(text)
    if readings is None:
        return None
    return text.strip(), *readings


def ambiguous_as_text(
    text: str, *, where: str, advice: str, because: str | None = None, writing: str = ""
) -> str | None:
    """Return why a number given as text in a typed source is ambiguous, or ``None``.

    A workbook, a data frame and a database hold numbers as numbers; text in them has no
    locale to say what its comma is, so ``45,500`` is 45.5 with a decimal comma as much as
    45500 with grouped thousands. One comma before exactly three digits (the first group not
    starting with ``0``), with no point, is refused; ``1,234,567`` and ``1,234.5`` are
    thousands in any locale. Where some number cell of the source holds text with a decimal
    comma (``because`` names it), one point before exactly three digits (``5.000``) is refused
    too, as in a CSV bundle that writes decimal commas
    (:func:`ambiguous_beside_decimal_commas`): such a locale groups thousands with a point, and
    the number read once the refused cell was fixed was 1000 times too small. The one rule of
    :func:`ambiguous_in_workbook`, :func:`ambiguous_in_frame` and
    :func:`ambiguous_in_database`.

    Parameters
    ----------
    text
        The text of the cell.
    where
        The source, for the message: ``"a workbook"``.
    advice
        How to give the number instead, before both readings: ``"type it as the number"``.
    because
        Where the source writes a decimal comma (``"sheet indicators, cell J2 holds '0,5'"``),
        or ``None`` when it writes none.
    writing
        The source that writes decimal commas, for the message; by default ``where`` "that
        writes decimal commas".

    Examples
    --------
    >>> why = "sheet indicators, cell J2 holds '0,5'"
    >>> print(ambiguous_as_text("5.000", where="a workbook", advice="type", because=why))
    ... # doctest: +NORMALIZE_WHITESPACE
    '5.000' is ambiguous as text in a workbook that writes decimal commas (sheet indicators,
    cell J2 holds '0,5'): 5.000 with a decimal point, or 5000 with the point grouping
    thousands; type 5.000 or 5000
    >>> ambiguous_as_text("5.000", where="a workbook", advice="type") is None
    True
    """
    if because is not None:
        whole = point_group(text)
        if whole is not None:
            text = text.strip()
            source = writing or f"{where} that writes decimal commas"
            return (
                f"{text!r} is ambiguous as text in {source} ({because}): {text} with a decimal "
                f"point, or {whole} with the point grouping thousands; {advice} {text} or {whole}"
            )
    readings = _two_readings(text)
    if readings is None:
        return None
    text, point, whole = readings
    return (
        f"{text!r} is ambiguous as text in {where}: {point} with a decimal comma, or {whole} "
        f"with grouped thousands; {advice} {point} or {whole}"
    )


def ambiguous_in_workbook(text: str, *, because: str | None = None) -> str | None:
    """Return why a number typed as text in a workbook is ambiguous, or ``None``.

    A workbook holds numbers as numbers; text has no locale to say what its comma is, nor,
    where a cell of it holds a decimal comma (``because``), what its point is
    (:func:`ambiguous_as_text`).

    Examples
    --------
    >>> print(ambiguous_in_workbook("45,500"))  # doctest: +NORMALIZE_WHITESPACE
    '45,500' is ambiguous as text in a workbook: 45.500 with a decimal comma, or 45500 with
    grouped thousands; type it as the number 45.500 or 45500
    >>> ambiguous_in_workbook("1,234,567"), ambiguous_in_workbook("5.696")
    (None, None)
    """
    return ambiguous_as_text(
        text, where="a workbook", advice="type it as the number", because=because
    )


def ambiguous_in_frame(text: str, *, because: str | None = None) -> str | None:
    """Return why a number given as text in a data frame is ambiguous, or ``None``.

    A frame holds numbers as numbers; text in it has no locale to say what its comma is, nor,
    where a cell of the frames holds a decimal comma (``because``), what its point is
    (:func:`ambiguous_as_text`).

    Examples
    --------
    >>> print(ambiguous_in_frame("52,125"))  # doctest: +NORMALIZE_WHITESPACE
    '52,125' is ambiguous as text in a frame: 52.125 with a decimal comma, or 52125 with
    grouped thousands; give it as the number 52.125 or 52125
    """
    return ambiguous_as_text(
        text,
        where="a frame",
        advice="give it as the number",
        because=because,
        writing="frames that write decimal commas",
    )


def ambiguous_in_database(text: str, *, because: str | None = None) -> str | None:
    """Return why a number stored as text in a database is ambiguous, or ``None``.

    A database holds numbers as numbers (SQLite keeps text in a column of numbers as text);
    text in it has no locale to say what its comma is, nor, where a cell of the initiative
    holds a decimal comma (``because``), what its point is (:func:`ambiguous_as_text`).

    Examples
    --------
    >>> print(ambiguous_in_database("52,125"))  # doctest: +NORMALIZE_WHITESPACE
    '52,125' is ambiguous as text in a database: 52.125 with a decimal comma, or 52125 with
    grouped thousands; store it as the number 52.125 or 52125
    """
    return ambiguous_as_text(
        text, where="a database", advice="store it as the number", because=because
    )


def foreign_digit(text: str) -> str | None:
    """Name the first digit of ``text`` that is not one of ``0`` to ``9``, or ``None``.

    Python reads every Unicode decimal digit as a digit (``float("\u0665")`` is 5.0), but
    numbers in files are written with ``0`` to ``9``: another digit is refused, named by its
    code point, Unicode name and position (from 1), as other refused characters are.

    Examples
    --------
    >>> foreign_digit("\uff11,500"), foreign_digit("1,500")
    ('U+FF11 FULLWIDTH DIGIT ONE, character 1', None)
    """
    for k, char in enumerate(text, start=1):
        if char.isdecimal() and not char.isascii():
            name = unicodedata.name(char, "")
            point = f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"
            return f"{point}, character {k}"
    return None


def number_hint(text: str, refused: Callable[[str], str | None] | None = None) -> str:
    """Return advice for a cell that :func:`parse_number` refused, or ``""``.

    ``refused`` says why the reader would refuse a number it reads (ambiguous in the file,
    out of a scale), or ``None``: a number written with a look-alike sign or point is told
    that rather than "write" a number the reader refuses (:func:`lookalike_number`).

    Examples
    --------
    >>> number_hint("0,8")
    '; use a dot as the decimal separator (0.8)'
    >>> number_hint("many")
    ''
    >>> number_hint("\u0665e-400")  # doctest: +NORMALIZE_WHITESPACE
    '; it holds a digit other than 0 to 9 (U+0665 ARABIC-INDIC DIGIT FIVE, character 1): write
    the number with the digits 0 to 9'
    >>> number_hint("\u221245.5")  # doctest: +NORMALIZE_WHITESPACE
    "; it holds U+2212 MINUS SIGN (character 1), which looks like '-' but is not: write -45.5"
    >>> number_hint("\uff0b.5")  # doctest: +NORMALIZE_WHITESPACE
    "; it holds U+FF0B FULLWIDTH PLUS SIGN (character 1), which looks like '+' but is not:
    write 0.5"
    >>> number_hint("1e-400")  # doctest: +NORMALIZE_WHITESPACE
    '; it is too close to 0 for a floating-point number (the least is about 4.9e-324) and
    would be read as 0: write 0 if 0 is meant'
    """
    text = text.strip()
    foreign = foreign_digit(text)
    if foreign is not None:
        return (
            f"; it holds a digit other than 0 to 9 ({foreign}): write the number with the "
            "digits 0 to 9"
        )
    if _DECIMAL_COMMA.fullmatch(text):
        return f"; use a dot as the decimal separator ({text.replace(',', '.')})"
    # '−45.5' (U+2212 MINUS SIGN), '–45.5' (an en dash), '45·5' (a middle dot): named, with the
    # number to write (found by a reviewer: "expected a number, got '−45.5'" and no more)
    lookalike = lookalike_number(text, _reads_as_number, refused)
    if lookalike is not None:
        return f"; {lookalike}"
    if _PLAIN_NUMBER.fullmatch(text) and underflows(text, float(text)):
        return (
            "; it is too close to 0 for a floating-point number (the least is about 4.9e-324) "
            "and would be read as 0: write 0 if 0 is meant"
        )
    return ""


def _reads_as_number(text: str) -> str | None:
    """Return ``text`` as written plainly when :func:`parse_number` reads it, else ``None``."""
    return plain_number(text) if parse_number(text) is not None else None


class Header:
    """The columns of a table, read from its header row, with every problem of the header.

    Column names are read without the spaces around them and without regard to case. Problems
    are passed to ``report`` in column order: a column given twice, an unknown column (with a
    did-you-mean), then each missing required column. When an unknown column is the likely
    spelling of the one missing required column (``identifier`` for ``id``), the two are one
    problem, at the unknown column.

    A header row that names none of the table's columns is likely not the header row at all (a
    title line above it, as a spreadsheet exports a sheet with a title): then the rows whose
    cells lie outside its columns follow from it and are not reported one by one;
    :meth:`finish` reports them once, with their count.

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
        quiet: Collection[int] = (),
    ) -> None:
        self.file = file
        self.row = row
        self.width = len(cells)
        self.columns: dict[str, int] = {}
        self.unnamed: list[int] = []
        self._report = report
        self._outside: list[int] = []  # rows with cells outside the columns of a broken header
        # columns whose header cell the source reported (a merged or formula cell): their
        # cells are unnamed, and not reported again
        self._quiet = frozenset(quiet)
        # each unnamed column holding data: its first row, its value there, how many rows
        self._unnamed_seen: dict[int, list[Any]] = {}
        self._extra_seen: list[Any] = []  # rows with cells beyond the header: first, count
        #: Whether a column of the rows is not read: an unknown column, or cells with no name
        #: (the values read from the other columns may then conflict only in appearance)
        self.misread = False
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
        # an unknown column read as a misspelling of a column the header lacks ('groups' for
        # 'group'): the rows' values of that column are not read (a column of notes is not)
        meant = {c for _, name in unknown for c in close_matches(name, allowed)}
        #: The columns the rows mean but whose cells are not read: those the header lacks that
        #: an unknown column is a misspelling of ('baseline date' for 'baseline_date'). What
        #: follows from their absence ("give both baseline_date and baseline_value", "only
        #: performance measures have a quadrant" for 'levl') is not reported: the header is.
        #: A column named twice says nothing of which column was meant: none is taken unread
        #: (every column the header lacks was, which hid genuine problems; a reviewer).
        self.unread = frozenset(c for c in allowed if c not in self.columns and c in meant)
        self.misread = bool(self.unread)
        self.missing = tuple(c for c in required if c not in self.columns)
        # a header naming none of the columns is likely a title line: its unknown and missing
        # columns follow from that, and finish() reports them only if no row says so
        self._held: list[tuple[Location, str, ProblemCode]] = []
        # a header row of values none of which is near a column's name (the first row of
        # data, the header row left out; or names of another's choosing): one problem says
        # so, in place of an unknown column for each value and a missing column for each
        # required one (found by a reviewer: seven problems, the missing 'id' fifth)
        self._data_like = (
            [name for _, name in unknown]
            if not self.columns
            and len(unknown) >= 2
            and not any(close_matches(name, allowed) for _, name in unknown)
            else []
        )
        self._allowed = tuple(allowed)
        if not self.columns:
            report = self._hold
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
        unnamed = [j for j in self.unnamed if j < len(record) and record[j].strip()]
        extra = len(record) > self.width and any(c.strip() for c in record[self.width :])
        if unnamed or extra:
            self.misread = True
        if self.missing and not self.columns:  # not the header row? reported once, by finish()
            if unnamed or extra:
                self._outside.append(row)
        else:
            # one problem a column, at its first row, counting the others (by finish()): a
            # cleared header cell gave one for every row of the table
            for j in unnamed:
                if j in self._quiet:
                    continue
                seen = self._unnamed_seen.setdefault(j, [row, record[j], 0])
                seen[2] += 1
            if extra:
                if not self._extra_seen:
                    self._extra_seen = [row, len(record), 0]
                self._extra_seen[2] += 1
        return {c: record[j] if j < len(record) else "" for c, j in self.columns.items()}

    def _hold(self, where: Location, message: str, code: ProblemCode) -> None:
        """Keep a problem of a header naming no column until :meth:`finish`."""
        self._held.append((where, message, code))

    def finish(self) -> None:
        """Report, once, the rows with cells outside a header row that names no column.

        Such a header row is likely not the header row at all (a title line above it), so its
        rows are not reported one by one by :meth:`cells`: one problem, at the header row,
        counts them, and stands for the header's unknown and missing columns, which follow
        from it (a title line gave four or five problems). Without such rows, those are
        reported as they are. Call it once every row has been given to :meth:`cells`.
        """
        for j, (first, value, count) in sorted(self._unnamed_seen.items()):
            more = f", and so do {count - 1:,} more rows" if count > 1 else ""
            self._report(
                cell(self.file, first, column_letter(j)),
                f"this column has no name in the header row but holds {value!r}{more}; "
                "name the column or clear it",
                ProblemCode.UNKNOWN_KEY,
            )
        self._unnamed_seen.clear()
        if self._extra_seen:
            first, cells, count = self._extra_seen
            more = f" (and {count - 1:,} more rows)" if count > 1 else ""
            self._report(
                cell(self.file, first),
                f"the row has {cells} cells but the header row names only "
                f"{plural(self.width, 'column')}; the extra cells are not blank{more}",
                ProblemCode.UNKNOWN_KEY,
            )
            self._extra_seen = []
        held, self._held = self._held, []
        if not self._outside and held and self._data_like:
            values = ", ".join(shown(v, 40) for v in self._data_like[:3])
            more = ", ..." if len(self._data_like) > 3 else ""
            self._report(
                cell(self.file, self.row),
                f"the header row names none of the columns ({', '.join(self._allowed)}): it "
                f"holds {values}{more}; name the columns in the first row, or, if that row is "
                "data, insert the header row above it",
                ProblemCode.MISSING_KEY,
            )
            return
        if not self._outside:
            for where, message, code in held:
                self._report(where, message, code)
            return
        n, first = len(self._outside), self._outside[0]
        rows = f"{n:,} data row{'' if n == 1 else 's'} (the first at row {first})"
        self._report(
            cell(self.file, self.row),
            f"{rows} {'has' if n == 1 else 'have'} cells in columns this header row does not "
            "name; the header row must be the first row of the file (is a title line above it?)",
            ProblemCode.UNKNOWN_KEY,
        )
        self._outside.clear()
