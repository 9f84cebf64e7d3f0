r"""CSV bundles: an initiative as a folder (or a ``.zip``) of spreadsheet-friendly CSV files.

A bundle holds one CSV file per kind of thing. ``initiative.csv`` and ``partners.csv`` are
required; every other file is optional (a missing file means "none of these"). Any other file in
the bundle is an error, so that a misspelt file name (``partner.csv``) is never silently ignored
(each such file is named, and the files a bundle holds are listed once); hidden files
(``.DS_Store``), macOS ``__MACOSX/`` folders and Excel lock files (``~$partners.csv``) are
skipped. An Excel workbook (``.xlsx``) is refused as such, and so is, as one problem, a folder
or ``.zip`` that holds no file of a bundle nor one named close to a required one (``/tmp``: it
is not a CSV bundle, and the files it holds are not named one by one).

``initiative.csv`` holds ``key,value`` rows:

===========================  ============================================================
``key``                      ``value``
===========================  ============================================================
``name``                     Name of the initiative (required).
``description``              What the initiative is. A row with an empty value is the
                             empty text; no row means none.
``problem``                  The problem of the common agenda (as ``description``).
``as_of``                    The date of judgement (``YYYY-MM-DD``), if any.
``champions``                Ids of champion partners, ``|``-separated.
``funding_secured_until``    Date until which funding is secured (``YYYY-MM-DD``).
``urgency``                  ``low``, ``medium`` or ``high``.
===========================  ============================================================

The other files have one header row naming their columns (in any order; required columns in
bold), then one row per object:

========================  ===================================================================
File                      Columns
========================  ===================================================================
``partners.csv``          **id**, **name**, **sector**, roles (``|``)
``goals.csv``             **id**, **statement**, indicators (``|``), weight (default 1)
``indicators.csv``        **id**, **name**, unit, direction (left out, the target against the
                          baseline says it; needed with a target and no baseline), level
                          (default ``population``), frequency, quadrant, informs (``|``),
                          baseline_date, baseline_value, target_date, target_value
``pathways.csv``          **indicator**, **drives**, **weight** — one row per pathway edge
                          (``Indicator.drives``): *indicator* drives *drives* with *weight*
``observations.csv``      **indicator**, **date**, **value**, reported_by, group — an
                          indicator's observations, in file order; a row giving another value
                          for the indicator, date, reporter and group of an earlier row is
                          refused, naming it (a corrected value pasted under the old one was
                          averaged with it); the same row twice is one report, and is read.
                          A row of an unknown indicator is reported, and its other cells
                          are checked all the same (its date, its ``reported_by`` against
                          the partners): every problem of the row at once
``populations.csv``       **id**, name, within — the declared populations
                          (``Initiative.populations``): *id* is the label activities use,
                          *within* the declared label that contains it
``places.csv``            **id**, name, within — the declared places, as ``populations.csv``
``activities.csv``        **id**, **name**, **partners** (``|``, the lead first), strategy,
                          populations (``|``), places (``|``), start, end
``contributions.csv``     **activity**, **indicator**, **value** — one row per entry of
                          ``Activity.contributes``
``ties.csv``              **source**, **target**, kind (default ``communication``), strength
                          (default: the intensity's, else 1), power_influence, involvement,
                          resources, reliability, mission_congruence, openness, intensity
``working_groups.csv``    **id**, **name**, members (``|``), goals (``|``)
``backbone.csv``          **organization**, project_manager, data_manager, facilitator (FTE),
                          guide_vision_and_strategy, support_aligned_activities,
                          establish_shared_measurement, build_public_will, advance_policy,
                          mobilize_funding (``none``, ``partial`` or ``strong``) — at most one
                          data row; no row means no backbone
========================  ===================================================================

Cells
    An empty cell means "absent": the field's default, or ``None``. Text and ids are read exactly
    as written (so that every text round-trips); numbers, dates and choices are read without the
    spaces around them, and choices (``sector``, ``kind``...) and column names without regard to
    case. Numbers are plain decimals (``0.8``, ``-3``, ``1e-05``) and may group thousands with
    commas (``1,234.5``; the first group does not start with ``0``); a decimal comma (``0,8``,
    ``0,750``) is an error, and so is a number too close to 0 for a floating-point number
    (``1e-400``, which would read as 0) and a digit other than ``0`` to ``9`` (an Arabic-Indic
    or full-width digit, named). The PARTNER survey reads numbers the same way. Dates
    are ISO 8601 (``2025-09-01``). A cell may be of any length.
Short rows
    A row may leave out its empty cells at its end (``a,b`` under a header of four columns), as
    some writers and hand-written files do: the cells left out are empty, so they take their
    defaults (a tie's ``kind`` and ``strength``) or, in a required column, are reported as the
    empty cell of that column. But a last row short of the header's columns in a file that
    does not end with a line break is refused (the file fails at its root, naming the line):
    such a file was most often cut short, in a download or a copy, and its last row would read
    silently with defaults (``a,b,referral,0.2`` cut after ``a,b`` is a communication tie of
    strength 1). End the file with a line break if the row is complete as it is.
Lists
    Cells marked ``|`` hold several values separated by ``|``. A value containing ``|`` or ``\``
    escapes it with a backslash (``a\|b`` is the single value ``a|b``; ``a\\b`` is ``a\b``); a
    backslash before any other character is kept as written.
Spreadsheet quirks
    A UTF-8 byte-order mark, CRLF line ends, blank rows (anywhere) and a ``;`` or tab separator
    (when the header row has no comma) are accepted. A file separated by ``;`` or tabs is how
    spreadsheets of decimal-comma locales write CSV, where a point groups thousands, so in its
    number columns ``52,125`` (one comma before three digits, no point) is refused as ambiguous
    (52.125 or 52125?) instead of read as thousands, and ``5.696`` (one point before three
    digits) as ambiguous too (5.696 or 5696?) instead of read as a decimal: write ``52125`` or
    ``52.1250``. A bundle that writes a decimal comma in some number cell of any of its files
    (``"1,25"``, refused: a decimal-comma locale's sheet saved with commas, which quotes its
    numbers), or that has a file separated by ``;`` or tabs, refuses ``"1,500"`` in the number
    columns of its comma-separated files as ambiguous as well (1.5 or 1500?), naming both
    readings and the cell or file that shows the locale, instead of reading it as thousands,
    so that every such number is fixed at once: write ``1500`` or ``1.500``.
    ``1,234,567`` and ``1,234.5`` are thousands anywhere. File names are matched
    without the spaces around them (``goals.csv `` is ``goals.csv``). Rows are numbered as a
    spreadsheet shows them: the header is row 1 and blank rows count.

A file that fails at its root — it cannot be read as UTF-8 CSV text (a quoted cell whose quote
is never closed, named by the line where it starts, is such a file: rather than the rest of the
file read into that cell; so is a file cut short, its last row short of the header's columns and
without a line break), it is empty, a required file is missing, two files have its name but
for case or spaces (``Partners.csv`` and ``partners.csv``: which is meant is unknown), it is
missing and a file of an unknown name is named close to it (``indicator.csv``, renamed: the
problem of that name says so), or it lacks its ``id`` column (``initiative.csv``: its ``key``
column) — is one problem, listed first: the problems that only follow from it (every reference
to one of its ids, every cell of a missing column) are not reported. A header row that lacks a
required column may be a title line above the header: the rows with cells outside its columns
are then one problem, with their count. Reading collects every other problem of every file
and raises them together in one :class:`~collective_impact.ValidationError` whose paths name
the file, row and column (``ties.csv, row 4, column target``).

Writing always writes every file of the bundle (:data:`BUNDLE_FILES`, with only a header row
when there is nothing to hold), comma-separated UTF-8 (no byte-order mark) with CRLF line ends
(RFC 4180), numbers as the shortest text that reads back to the same float, and removes an older
copy of one of them named but for case or spaces (``Partners.csv``); it refuses a folder that
holds any other file the reader would refuse, listing them, before writing anything. So
``read_csv_bundle(write_csv_bundle(x, p)) == x`` for every initiative ``x`` (two observations of
one indicator, date, reporter and group with different values, which the reader refuses as
above, the model refuses too).

Security: a bundle is read as plain text, nothing in it is evaluated, nothing is extracted to disk.
A ``.zip`` is refused when a member's name is absolute or contains ``..``, when it has too many
members, when the sizes its headers declare exceed ``max_bytes`` or a member's compression ratio
exceeds ``max_ratio`` (a decompression bomb), and the bytes actually decompressed are counted too,
so a header that lies about sizes gains nothing.

Note that a text starting with ``=``, ``+``, ``-`` or ``@`` is written as is (round trips need
it); spreadsheet programs may treat such a cell as a formula when the file is opened.
"""

from __future__ import annotations

import bz2
import copy
import csv
import difflib
import errno
import functools
import io
import lzma
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import IO, Any, Final, NamedTuple, Protocol

import attrs

from .._text import entered, plural
from ..errors import (
    CollectiveImpactError,
    FormatError,
    IdHint,
    Location,
    Problem,
    ProblemCode,
    ValidationError,
    WriteError,
    cell_hint,
    did_you_mean,
    entry_hint,
    several_values,
    shown,
)
from ..model import Initiative, Observation
from ..model._convert import structure_many, structure_object
from ..model._fields import IDENT, midnight_date, only_whitespace
from ..model.indicator import NO_BASELINE_NEEDS_DIRECTION, PERFORMANCE_ONLY
from ..model.initiative import expect_initiative
from ..model.labels import normalize_label
from ._files import (
    MAX_BYTES_ADVICE,
    MAX_RATIO_ADVICE,
    check_limits,
    decode_text,
    expect_path,
    input_path,
    input_stat,
    open_regular,
    shown_path,
    write_bytes,
    write_files,
)
from ._sheets import (
    Header,
    Suggester,
    ambiguous_beside_decimal_commas,
    ambiguous_in_decimal_comma_file,
    cell,
    close_matches,
    decimal_comma,
    delimiter,
    number_hint,
    parse_number,
    point_group,
    records,
)
from ._tables import (
    ABSENT,
    BACKBONE,
    CONTRIBUTIONS,
    INDICATORS,
    INITIATIVE,
    INITIATIVE_KEYS,
    NUMBER,
    OBSERVATIONS,
    PATHWAYS,
    TABLES,
    TEXT,
    CellError,
    Column,
    PercentCell,
    Table,
    blank,
    format_number,
)

__all__ = [
    "BUNDLE_FILES",
    "DEFAULT_MAX_RATIO",
    "DEFAULT_MAX_TOTAL_BYTES",
    "read_csv_bundle",
    "write_csv_bundle",
]

#: The files of a bundle and their columns, in the order the writer uses.
BUNDLE_FILES: Mapping[str, tuple[str, ...]] = {t.file: t.header for t in TABLES.values()}
_BUNDLE_FILE_OF = {file: file for file in BUNDLE_FILES}  # a bundle names its tables by file

_REQUIRED_FILES = (INITIATIVE.file, "partners.csv")

#: Suffixes of files, not of the folder a CSV bundle is: ``write_csv_bundle(init, "x.yaml")``
#: made a folder named ``x.yaml`` (the command line's ``export csv -o x.yaml`` refuses the same).
FILE_SUFFIXES: Final = frozenset(
    {".yaml", ".yml", ".json", ".toml", ".xlsx", ".xlsm", ".html", ".htm", ".xml", ".csv"}
    # what the library's exports write, and other files a folder is not
    | {".jsonld", ".gexf", ".graphml", ".txt", ".md", ".pdf", ".pkl", ".tsv", ".parquet"}
)

#: The table of each file of a bundle.
_TABLE_OF: Mapping[str, Table] = {t.file: t for t in TABLES.values()}

#: The keys of ``initiative.csv``, by name.
_INITIATIVE_KEYS: Mapping[str, Column] = {key.name: key for key in INITIATIVE_KEYS}

#: The sections of the native tree that hold one object per row of their file.
_SECTIONS = (
    "partners",
    "goals",
    "indicators",
    "populations",
    "places",
    "activities",
    "ties",
    "working_groups",
)

#: Refuse bundles whose files hold more than this many bytes in all (64 MiB) by default.
DEFAULT_MAX_TOTAL_BYTES = 64 * 1024 * 1024

#: Refuse a ``.zip`` member that decompresses to more than this many times its compressed size.
DEFAULT_MAX_RATIO = 100.0

#: Members smaller than this are never refused for their compression ratio: a tiny file of
#: repeated text compresses very well and is harmless.
_RATIO_FLOOR = 1024 * 1024

#: A bundle has a dozen files; a ``.zip`` with more members than this is refused unread.
_MAX_MEMBERS = 1000


_FILE_ORDER = {name: i for i, name in enumerate(BUNDLE_FILES)}

#: Advice on a file that is not UTF-8 CSV text.
_SAVE_AS = "; save it as 'CSV UTF-8'"


def _sort_key(loc: Location) -> tuple[int, str, int, int]:
    """Order locations of a bundle: by file in bundle order, then row, then column."""
    file = loc.file or ""
    columns = _TABLE_OF[file].header if file in _TABLE_OF else ()
    col = -2 if loc.column is None else -1
    if loc.column in columns:
        col = columns.index(loc.column)
    return (_FILE_ORDER.get(file, -1), file, loc.row or 0, col)


def _shown_cell(value: Any) -> str:
    """Return a cell as text for the header's messages (a typed cell by its ``str``)."""
    return value if isinstance(value, str) else "" if blank(value) else str(value)


class Covered:
    """A cell whose problem its source reports at another cell, once: no value, nothing said.

    A workbook's merged range is one problem, at its first cell, naming the range; each of
    its other cells is :data:`COVERED`: read as no value, without a problem of its own, and no
    problem of the model is reported at it (a required cell left empty), since the range's
    problem says what to do.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "COVERED"


#: The one :class:`Covered` cell.
COVERED: Final = Covered()


class _Row(NamedTuple):
    number: int
    cells: dict[str, Any]


class _Table(NamedTuple):
    file: str
    rows: list[_Row]


class TextCheck(Protocol):
    """Why a number written as text in a typed source is ambiguous there, or ``None``.

    ``because`` names where the source writes a decimal comma (``"sheet indicators, cell J2
    holds '0,5'"``), or is ``None`` when it writes none: :func:`~._sheets.ambiguous_as_text`.
    """

    def __call__(self, text: str, *, because: str | None = None) -> str | None: ...


class RawTable(NamedTuple):
    """A table as its source gives it, before any of it is read.

    Parameters
    ----------
    header_row
        The number of the header row, as the source numbers rows.
    header
        The names of its columns, in order.
    rows
        ``(number, cells)`` for each data row: the cells as text (a CSV file) or typed (a
        frame, a workbook: see :meth:`~._tables.Kind.read`), in the order of ``header``; a
        cell whose problem the source reports at another cell is :data:`COVERED`.
    delimiter
        The separator of a CSV file's cells: in a file separated by ``;`` or tabs, as
        spreadsheets of decimal-comma locales write them, the numbers ``52,125`` and ``5.696``
        are ambiguous and refused (:func:`~._sheets.ambiguous_in_decimal_comma_file`).
    ambiguous
        Why a number written as text in the source is ambiguous there, or ``None`` when it is
        not; given by a typed source, whose text has a convention of its own (a workbook, where
        ``45,500`` typed as text is refused, and ``5.000`` too where a number cell of the
        workbook holds a decimal comma: :func:`~._sheets.ambiguous_in_workbook`). By default,
        the check of the ``delimiter``.
    quiet
        The columns whose header cell the source reported itself (a merged or formula cell in
        a workbook): named ``""`` in ``header``, and their cells not reported again.
    """

    header_row: int
    header: list[str]
    rows: list[tuple[int, list[Any]]]
    delimiter: str = ","
    ambiguous: TextCheck | None = None
    quiet: frozenset[int] = frozenset()


def _header_short(raw: RawTable, allowed: Sequence[str], required: Sequence[str]) -> str | None:
    """Say why the header row names fewer columns than the rows have, when every row says so.

    When every data row (two or more) holds cells beyond the columns its header row names, a
    name is missing from the header row, not a note from every row: the cells after the gap
    stand under the wrong names, and reading them would report each row's shifted cells (the
    roles column holding 'nonprofit', row after row). One problem, at the header row, says
    so, and the table is not read. ``None`` otherwise: a row or two with stray cells are
    reported row by row; and a header naming none of the columns, likely a title line above
    the header row, which :class:`~._sheets.Header` reports.
    """
    width = len(raw.header)
    rows = [rec for _, rec in raw.rows]
    named = [_shown_cell(h).strip() for h in raw.header]
    lowered = {h.lower() for h in named}
    if len(rows) < 2 or not lowered & set(allowed):
        return None
    if not all(any(not blank(c) and c is not COVERED for c in rec[width:]) for rec in rows):
        return None
    missing = [c for c in required if c not in lowered]
    cells = min(len(rec) for rec in rows)
    why = (
        f" (the required column{'' if len(missing) == 1 else 's'} "
        f"{', '.join(map(repr, missing))} {'is' if len(missing) == 1 else 'are'} not named)"
        if missing
        else ""
    )
    return (
        f"the header row names {width} column{'' if width == 1 else 's'} "
        f"({', '.join(named)}), but every data row has {cells} cells or more: a column's name "
        f"is missing from the header row{why}, so the cells stand under the wrong names; add "
        "the missing name (the rows of this file are not read until it is)"
    )


class FailedTable(NamedTuple):
    """A table that could not be read at all (its root fails): why, and the problem's code."""

    message: str
    code: ProblemCode


class Naming:
    """How a source of tables names its tables and the places in them; a CSV bundle's here.

    Tables are known to the reader by the file they have in a bundle (``ties.csv``) and cells
    by their row number and column name; a source that keeps its tables elsewhere (frames, the
    sheets of a workbook) names them its own way by overriding :meth:`title` and :meth:`where`.

    Attributes
    ----------
    noun : str
        What the source calls a table (``"file"``), for messages.
    derived : bool
        Whether a table may have the derived columns of the views (``lead``, ``observations``),
        which are then ignored.
    """

    noun = "file"
    derived = False

    def title(self, file: str) -> str:
        """Return the name of the table kept as ``file`` in a bundle, for messages."""
        return file

    def where(self, loc: Location) -> Location:
        """Return the location people see for a location of the reader (a file, row, column)."""
        return loc

    def midnight_advice(self, column: str) -> str:
        """Return what to add to the problem of a date written as a date and time at midnight.

        ``column``: the column as the source names it (``date``, ``baseline_date``). A bundle
        adds nothing; a database says how pandas, which writes such a text for a column of
        datetimes, writes dates.
        """
        return ""

    def row(self, file: str, row: int, *, within: str | None = None) -> str:
        """Return how a message names row ``row`` of ``file``, said of a place in ``within``.

        The other entry of a conflict (``duplicate tie (first given at row 3)``): just the
        row within the same table, the table and the row otherwise.
        """
        return f"row {row}" if file == within else f"{self.title(file)} row {row}"


# --------------------------------------------------------------------------- reading the bundle


def _safe_member_name(name: str) -> bool:
    """Return whether a ``.zip`` member name stays inside the folder it would be extracted to."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"[A-Za-z]:", norm):
        return False
    return ".." not in norm.split("/")


def _skipped(name: str) -> bool:
    """Hidden files, macOS resource forks and Excel lock files, which tools add without asking.

    Excel keeps ``~$partners.csv`` beside a file it has open.
    """
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    return (
        not parts
        or parts[0] == "__MACOSX"
        or any(p.startswith(".") for p in parts)
        or parts[-1].startswith("~$")
    )


def _zip_too_big(total: int, max_bytes: int | None) -> str | None:
    if max_bytes is not None and total > max_bytes:
        return (
            f"the archive decompresses to more than {max_bytes:,} bytes (a decompression bomb?); "
            + MAX_BYTES_ADVICE
        )
    return None


#: Members that make a zip archive an Excel workbook (.xlsx) rather than a bundle.
_WORKBOOK_MEMBERS = frozenset({"[Content_Types].xml", "xl/workbook.xml"})


def _bundle_names(names: Sequence[str]) -> list[str]:
    """Return the names of a bundle's files, as read: one folder common to all is left out.

    ``names`` are the archive's files (not its folders, nor :func:`_skipped` names), with
    ``/`` for a separator: an archive of a folder (``wf/initiative.csv``, ``wf/partners.csv``)
    holds the bundle as well as one of the files themselves.
    """
    tops = {n.split("/", 1)[0] for n in names}
    strip = len(tops) == 1 and all(n.count("/") == 1 for n in names)
    return [n.split("/", 1)[1] for n in names] if strip else list(names)


def archive_kind(archive: zipfile.ZipFile) -> str | None:
    """Return what a zip archive is, by its member names: ``"workbook"``, ``"bundle"`` or None.

    An Excel workbook (``.xlsx``) has ``[Content_Types].xml`` or ``xl/workbook.xml``; a CSV
    bundle has a file of :data:`BUNDLE_FILES` (as :func:`read_csv_bundle` reads the archive: at
    its top, or in a folder that holds everything). Every name is looked at for a workbook's
    (a workbook of 1,001 sheets has 1,009 parts, and openpyxl writes ``[Content_Types].xml``
    last), the first :data:`_MAX_MEMBERS` for a bundle's; no member is opened.
    """
    every = archive.infolist()
    if any(i.filename in _WORKBOOK_MEMBERS for i in every):
        return "workbook"
    infos = every[:_MAX_MEMBERS]
    names = [
        i.filename.replace("\\", "/") for i in infos if not i.is_dir() and not _skipped(i.filename)
    ]
    if any(n.strip().lower() in BUNDLE_FILES for n in _bundle_names(names)):
        return "bundle"
    return None


#: Compression methods zipfile can read; others are refused by name before any member is opened.
_READABLE_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)


#: Compressed bytes are read, and decompressed bytes produced, this many at a time: however
#: well a member compresses, decompressing it never holds more than this beyond what it keeps.
_BLOCK = 1 << 16


class _Decoder(Protocol):
    """A bz2 or LZMA decompressor: bounded output per call, input kept while output is due."""

    @property
    def eof(self) -> bool: ...

    @property
    def needs_input(self) -> bool: ...

    def decompress(self, data: bytes, max_length: int = -1) -> bytes: ...


def _read_exactly(stream: IO[bytes], n: int) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise EOFError("the compressed data ends early")
    return data


def _lzma_decoder(stream: IO[bytes], budget: int | None) -> _Decoder:
    """Read the LZMA header of a zip member (APPNOTE 5.8.8) and return its raw decoder.

    The decoder allocates the dictionary the header asks for at once, up to 4 GiB: it is capped
    at what may be produced, since a match never reaches further back than the output so far.
    """
    header = _read_exactly(stream, 4)
    size = int.from_bytes(header[2:4], "little")
    props = _read_exactly(stream, size)
    if size != 5 or props[0] >= 9 * 5 * 5:
        raise lzma.LZMAError("invalid LZMA properties in the member's header")
    lc, rest = props[0] % 9, props[0] // 9
    dict_size = int.from_bytes(props[1:5], "little")
    if budget is not None:
        dict_size = min(dict_size, budget + 1)
    lzma_filter = {
        "id": lzma.FILTER_LZMA1,
        "lc": lc,
        "lp": rest % 5,
        "pb": rest // 5,
        "dict_size": max(dict_size, 1 << 12),
    }
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter])


def _inflate(stream: IO[bytes], method: int, budget: int | None) -> Iterator[bytes]:
    """Decompress the raw bytes of a member, at most ``_BLOCK`` bytes of output at a time.

    zipfile's own reader decompresses what it reads of a bzip2 or LZMA member whole, however
    large the output (a few kilobytes of bzip2 make gigabytes), and only then truncates it to
    the size the header declares; here every method produces its output in bounded steps, so
    the caller's count stops a bomb after at most one step. ``budget`` (the most the caller
    accepts, or ``None``) caps an LZMA dictionary.

    Raises
    ------
    EOFError
        When the member ends before its compressed stream does.
    """
    if method == zipfile.ZIP_STORED:
        while chunk := stream.read(_BLOCK):
            yield chunk
        return
    if method == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        while not inflater.eof:
            data = inflater.unconsumed_tail or stream.read(_BLOCK)
            out = inflater.decompress(data, _BLOCK)
            if out:
                yield out
            elif not data:
                raise EOFError("the compressed data ends early")
        return
    decoder: _Decoder = (
        bz2.BZ2Decompressor() if method == zipfile.ZIP_BZIP2 else _lzma_decoder(stream, budget)
    )
    while not decoder.eof:
        data = stream.read(_BLOCK) if decoder.needs_input else b""
        out = decoder.decompress(data, _BLOCK)
        if out:
            yield out
        elif not data and decoder.needs_input:
            raise EOFError("the compressed data ends early")


def _raw_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    """Open the compressed bytes of a member as they are in the archive."""
    raw = copy.copy(info)
    raw.compress_type = zipfile.ZIP_STORED
    raw.file_size = info.compress_size
    if hasattr(raw, "CRC"):
        del raw.CRC  # the CRC is of the decompressed bytes: the caller checks it
    return archive.open(raw)


def _member_bytes(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int | None, source: str
) -> bytes:
    """Decompress a member, refusing it as soon as it produces more than it may.

    It may produce no more than its header declares, nor than ``budget`` (what is left of
    ``max_bytes``); its size and CRC-32 are checked at the end.

    Raises
    ------
    _OverBudget
        When it produces more than ``budget`` bytes.
    """
    chunks: list[bytes] = []
    size = 0
    crc = 0
    with _raw_member(archive, info) as stream:
        for chunk in _inflate(stream, info.compress_type, budget):
            size += len(chunk)
            if budget is not None and size > budget:
                raise _OverBudget
            if size > info.file_size:
                raise FormatError(
                    f"the member {info.filename!r} is larger than its header says; refusing "
                    "to read it",
                    source=source,
                )
            crc = zlib.crc32(chunk, crc)
            chunks.append(chunk)
    if size != info.file_size:
        raise FormatError(
            f"the member {info.filename!r} is smaller than its header says ({size:,} bytes, "
            f"not {info.file_size:,}): the archive is damaged",
            source=source,
        )
    if crc != info.CRC:
        raise FormatError(
            f"the member {info.filename!r} is damaged (its CRC-32 does not match)",
            source=source,
        )
    return b"".join(chunks)


class _OverBudget(Exception):
    """A member produced more bytes than what was left of ``max_bytes``."""


#: What a damaged or unreadable archive raises while it is read, beside library errors.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    RuntimeError,  # an encrypted member
    NotImplementedError,  # a method zipfile cannot read
    OSError,  # bz2: invalid data stream; a seek past the end
    ValueError,  # a negative seek, a member name that is not UTF-8
    struct.error,
)


def zip_kind(data: bytes) -> str | None:
    """Return what the zip archive ``data`` is: :func:`archive_kind`, None when unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive_kind(archive)
    except _ZIP_ERRORS:
        return None


def _read_zip(path: Path, max_bytes: int | None, max_ratio: float | None) -> dict[str, bytes]:
    source = shown_path(path)
    try:
        with open_regular(path) as (handle, _):
            if not zipfile.is_zipfile(handle):
                handle.seek(0)
                if handle.read(4) == b"PK\x03\x04":  # a .zip's first member, but no end
                    raise FormatError(
                        "a damaged .zip archive: it starts as one, but its table of contents, "
                        "at its end, is missing (was the file cut short, in a download or a "
                        "copy?); make or copy the archive again",
                        source=source,
                    )
                raise FormatError("not a folder or a .zip archive of CSV files", source=source)
            with zipfile.ZipFile(handle) as archive:
                return _read_archive(archive, source, max_bytes, max_ratio)
    except CollectiveImpactError:
        raise
    except _ZIP_ERRORS as err:
        raise FormatError(f"not a readable .zip archive: {err}", source=source) from None


def _read_archive(
    archive: zipfile.ZipFile, source: str, max_bytes: int | None, max_ratio: float | None
) -> dict[str, bytes]:
    infos = archive.infolist()
    if archive_kind(archive) == "workbook":
        raise FormatError(
            "this is an Excel workbook, not a CSV bundle folder or .zip; save each sheet "
            f"as 'CSV UTF-8' ({', '.join(BUNDLE_FILES)}) in one folder",
            source=source,
        )
    if len(infos) > _MAX_MEMBERS:
        raise FormatError(
            f"the archive has {len(infos):,} members; a CSV bundle has at most "
            f"{len(BUNDLE_FILES)} files",
            source=source,
        )
    unsafe = [i.filename for i in infos if not _safe_member_name(i.filename)]
    if unsafe:
        raise FormatError(
            f"the archive has members whose names escape the folder they would be "
            f"extracted to: {', '.join(map(repr, unsafe[:5]))}; refusing to read it",
            source=source,
        )
    files = [i for i in infos if not i.is_dir() and not _skipped(i.filename)]
    names = [i.filename.replace("\\", "/") for i in files]
    seen: set[str] = set()
    twice: set[str] = set()
    for n in names:
        (twice if n in seen else seen).add(n)
    if twice:
        raise FormatError(
            "the archive has several members named "
            f"{', '.join(map(repr, sorted(twice)[:5]))}; which one a program reads is "
            "undefined, so the archive is refused",
            source=source,
        )
    unreadable = [i.filename for i in files if i.compress_type not in _READABLE_METHODS]
    if unreadable:
        raise FormatError(
            f"the archive compresses {', '.join(map(repr, unreadable[:5]))} with a "
            "method Python's zipfile cannot read; save it again with the usual "
            "(deflate) compression",
            source=source,
        )
    message = _zip_too_big(sum(i.file_size for i in files), max_bytes)
    if message:
        raise FormatError(message, source=source, code=ProblemCode.TOO_LARGE)
    for info in files:
        ratio = info.file_size / max(info.compress_size, 1)
        if max_ratio is not None and info.file_size > _RATIO_FLOOR and ratio > max_ratio:
            raise FormatError(
                f"the member {info.filename!r} decompresses {ratio:,.0f} times its "
                f"size (more than {entered(max_ratio)}): a decompression bomb? If it is not one, "
                + MAX_RATIO_ADVICE,
                source=source,
                code=ProblemCode.TOO_LARGE,
            )
    out: dict[str, bytes] = {}
    total = 0
    for info, name in zip(files, _bundle_names(names), strict=True):
        if name.strip().lower() not in BUNDLE_FILES:
            out[name] = b""  # reported as an unknown file; never decompressed
            continue
        budget = None if max_bytes is None else max_bytes - total
        try:
            data = _member_bytes(archive, info, budget, source)
        except _OverBudget:
            raise FormatError(_bomb(max_bytes), source=source, code=ProblemCode.TOO_LARGE) from None
        total += len(data)
        out[name] = data
    return out


def _bomb(max_bytes: int | None) -> str:
    """Return the message for an archive that produced more than ``max_bytes``."""
    return _zip_too_big((max_bytes or 0) + 1, max_bytes) or ""


def _read_folder(path: Path, max_bytes: int | None) -> dict[str, bytes]:
    """Read the bundle files of a folder; other entries are named, never opened.

    A bundle file that is not a regular file (a named pipe, a device, a loop of symbolic
    links) is refused before it is opened.
    """
    out: dict[str, bytes] = {}
    total = 0
    try:
        entries = sorted(path.iterdir())
    except OSError as err:
        raise FormatError(
            f"cannot list the folder: {err.strerror or err}", source=shown_path(path)
        ) from None
    for entry in entries:
        if _skipped(entry.name):
            continue
        if entry.name.strip().lower() not in BUNDLE_FILES:
            out[entry.name + ("/" if entry.is_dir() else "")] = b""  # unknown; never read
            continue
        if entry.is_dir():
            out[entry.name + "/"] = b""
            continue
        with open_regular(entry) as (handle, size):
            total += size
            if max_bytes is not None and total > max_bytes:
                raise FormatError(
                    f"the bundle's files hold more than {max_bytes:,} bytes; " + MAX_BYTES_ADVICE,
                    source=shown_path(path),
                    code=ProblemCode.TOO_LARGE,
                )
            data = handle.read(size + 1)  # never more than announced: the file may grow
        if len(data) > size:
            raise FormatError(f"{entry.name} grew while it was read", source=shown_path(path))
        out[entry.name] = data
    return out


def _id_index(objects: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Return the position of the first object with each (string) id.

    An id with spaces around it is found by its trimmed text too: the model refuses it, at
    its own cell, and the rows naming it as typed elsewhere were each reported unknown, with
    "did you mean 'k-ready '?", the refused spelling (found by a reviewer).
    """
    index: dict[str, int] = {}
    for k, obj in enumerate(objects):
        if isinstance(obj.get("id"), str):
            index.setdefault(obj["id"], k)
    for k, obj in enumerate(objects):
        if isinstance(obj.get("id"), str) and obj["id"].strip():
            index.setdefault(obj["id"].strip(), k)
    return index


def _unnamed(objects: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a row of a table has no usable id (blank, or not text): a reference may name it.

    Its own cell is reported; an id the other tables give that names nothing may be the one
    it lacks, so none is reported unknown (a blank indicator id made every one of its
    observations "unknown indicator").
    """
    return any(not (isinstance(obj.get("id"), str) and obj["id"].strip()) for obj in objects)


def _never_ambiguous(text: str) -> str | None:
    """Check number text in a source without decimal commas: no text is ambiguous there."""
    return None


class _Reader:
    """Builds the native tree from the tables, remembering where each part of it came from.

    A table *fails at its root* when it cannot be read at all (not UTF-8, a workbook, not CSV,
    empty), when a required one is missing, or when it lacks its ``id`` column: its ids are then
    unknown, and the problems that only follow from that (every reference to one of its ids, every
    cell of a missing column) are not reported. ``failed`` holds such files, ``header_rows`` the
    header row of each table, so that the problems of a failed table's header come first.
    """

    def __init__(self, naming: Naming | None = None) -> None:
        self.naming = Naming() if naming is None else naming
        self.problems: list[tuple[Location, str, ProblemCode]] = []
        #: One problem per id a table's cells name that the table of its owners lacks (the
        #: problem's position), and the other cells naming it: the root cause, not its echoes
        self.dangling: dict[tuple[str, str, str], int] = {}
        self.also: dict[int, list[Location]] = {}
        self.locs: dict[str, Location] = {}
        self.map_locs: dict[str, tuple[Location, Location]] = {}
        self.missing: set[tuple[str, str]] = set()
        self.failed: set[str] = set()
        # the tables a column of whose rows is not read (an unknown or unnamed column holding
        # data): the entries the model then finds repeated may differ only in that column
        self.misread: set[str] = set()
        #: The columns of each table its rows may mean but that are not read (Header.unread)
        self.unread: dict[str, frozenset[str]] = {}
        #: The rows whose baseline is half read, the other half's column misspelt: "a target
        #: without a baseline" there follows from the header (a row with neither half has it
        #: whatever the header: a fresh-eyes reviewer), by (file, row)
        self.half_read: set[tuple[str, int]] = set()
        self.header_rows: dict[str, int] = {}
        self.bad: set[Location] = set()
        #: The cells of whitespace alone, read as no value: "required, but the cell is empty"
        #: of a cell holding a space said what it does not show (:func:`only_whitespace`)
        self.whitespace: dict[Location, str] = {}
        self.ambiguous: dict[str, Callable[[str], str | None]] = {}  # number text, by file
        #: The check of each table of a typed source (a workbook, frames, a database), and where
        #: the source writes a decimal comma, once searched (:meth:`typed_ambiguity`)
        self.typed: dict[str, TextCheck] = {}
        self.typed_because: dict[str, str | None] = {}
        #: The comma-separated tables whose number text has no rule of its own, and their
        #: number columns, searched for a decimal comma when needed (:meth:`decimal_commas`)
        self.unsearched: dict[str, tuple[list[_Row], list[str]]] = {}
        #: The first decimal comma of each table searched: ``(row, column, text)``, or ``None``
        self.searched: dict[str, tuple[int, str, str] | None] = {}
        #: The tables separated by ``;`` or tabs, and their separator
        self.separated: dict[str, str] = {}
        self.suggest = Suggester()
        #: The hint for an unknown id of each table (:meth:`hint`)
        self.hints: dict[str, IdHint] = {}
        #: The observations no indicator holds (their indicator unknown, or not given), as
        #: ``(path, observation)``: a path under :data:`_UNHELD`, whose cells are in ``locs``
        self.unheld: list[tuple[str, dict[str, Any]]] = []

    def report(self, loc: Location, message: str, code: ProblemCode) -> None:
        self.problems.append((loc, message, code))

    def fail(self, loc: Location, message: str, code: ProblemCode) -> None:
        """Report a problem that leaves the file's ids unknown (see the class notes)."""
        self.failed.add(loc.file or "")
        self.report(loc, message, code)

    def is_root(self, loc: Location) -> bool:
        """Return whether a problem is the root of a failed table (the file, or its header)."""
        file = loc.file or ""
        return file in self.failed and loc.row in (None, self.header_rows.get(file))

    def absent(self, loc: Location) -> bool:
        """Return whether ``loc`` is a cell of a missing column, or one reported unreadable.

        Either was reported once already: nothing more is said about the cell.
        """
        return (loc.file or "", loc.column or "") in self.missing or loc in self.bad

    # ------------------------------------------------------------------ tables

    def table(self, file: str, raw: RawTable | FailedTable) -> _Table | None:
        """Read the header of a table and keep its rows by column; ``None`` when it failed."""
        if isinstance(raw, FailedTable):
            self.fail(cell(file), raw.message, raw.code)
            return None
        description = _TABLE_OF[file]
        self.header_rows[file] = raw.header_row
        allowed = description.names if self.naming.derived else description.header
        short = _header_short(raw, allowed, description.required)
        if short is not None:  # every row misaligned with the header: one problem, at it
            self.missing.update((file, col) for col in description.header)
            self.fail(cell(file, raw.header_row), short, ProblemCode.MISSING_KEY)
            return None
        if raw.ambiguous is not None:
            self.typed[file] = raw.ambiguous
        elif raw.delimiter != ",":
            self.ambiguous[file] = ambiguous_in_decimal_comma_file
            self.separated[file] = raw.delimiter
        header = Header(
            raw.header,
            row=raw.header_row,
            file=file,
            table=self.naming.title(file),
            allowed=allowed,
            required=description.required,
            report=self.report,
            quiet=raw.quiet,
        )
        self.missing.update((file, col) for col in header.missing)
        # without its ids (the keys of initiative.csv) nothing that names a row can be checked
        if ("key" if file == INITIATIVE.file else "id") in header.missing:
            self.failed.add(file)
        rows = []
        for number, rec in raw.rows:
            header.cells(number, [_shown_cell(c) for c in rec])  # reports cells out of columns
            cells = {c: rec[j] if j < len(rec) else "" for c, j in header.columns.items()}
            rows.append(_Row(number, cells))
        header.finish()
        if header.misread:
            self.misread.add(file)
        if header.unread:
            self.unread[file] = header.unread
        if file not in self.ambiguous:  # a typed source's too: its text may hold a decimal comma
            numbers = [c.name for c in description.columns if c.stored and c.kind is NUMBER]
            if numbers:
                self.unsearched[file] = (rows, numbers)
        return _Table(file, rows)

    def decimal_commas(self, file: str) -> Callable[[str], str | None]:
        """Return the check of a comma-separated table's number text, found once.

        A decimal comma (``1,25``, refused) in a number cell of any table of the source, or a
        table of it separated by ``;`` or tabs (as spreadsheets of decimal-comma locales write
        CSV), makes one comma or one point before three digits (``1,500``, ``1.500``: such a
        locale groups thousands with a point) ambiguous in every comma-separated table of the
        source
        (:func:`~._sheets.ambiguous_beside_decimal_commas`): a sheet saved with decimal commas
        writes them in every file, and the number read once the refused cells were fixed was
        1000 times too large. The table's own decimal comma is named first, else the first of
        the source in the bundle's order. Searched only when a number cell holds a comma or
        one point before three digits (:meth:`read`), so a source without one costs nothing.
        """
        own = self.first_decimal_comma(file)
        check: Callable[[str], str | None]
        if own is not None:
            check = functools.partial(ambiguous_beside_decimal_commas, example=own[2])
        else:
            check = self.beside_other_tables(file)
        self.ambiguous[file] = check
        return check

    def first_decimal_comma(self, file: str) -> tuple[int, str, str] | None:
        """Return the first decimal comma of a table's number cells: ``(row, column, text)``."""
        if file not in self.searched:
            rows, numbers = self.unsearched.get(file, ([], []))
            self.searched[file] = next(
                (
                    (row.number, name, text)
                    for row in rows
                    for name in numbers
                    if isinstance(text := row.cells.get(name), str)
                    and "," in text
                    and decimal_comma(text)
                ),
                None,
            )
        return self.searched[file]

    def beside_other_tables(self, file: str) -> Callable[[str], str | None]:
        """Return the check of ``file`` by the other tables of the source (it has no comma)."""
        others = sorted(
            {*self.unsearched, *self.separated} - {file}, key=lambda f: _FILE_ORDER.get(f, -1)
        )
        for other in others:
            if other in self.separated:
                separated = "semicolons" if self.separated[other] == ";" else "tabs"
                because = f"its file {self.naming.title(other)} is separated by {separated}"
                return functools.partial(ambiguous_beside_decimal_commas, because=because)
            found = self.first_decimal_comma(other)
            if found is not None:
                row, column, text = found
                where = self.naming.where(cell(other, row, column)).render()
                because = f"{where} holds {shown(text.strip(), 40)}"
                return functools.partial(ambiguous_beside_decimal_commas, because=because)
        return _never_ambiguous

    def typed_decimal_comma(self, file: str) -> str | None:
        """Return where a typed source writes a decimal comma as text, or ``None``: found once.

        A workbook's, frames' or database's number cell holding text with a decimal comma
        (``0,5``, refused) makes text with one point before three digits (``5.000``)
        ambiguous in every table of the source, as in a CSV bundle (:meth:`decimal_commas`):
        once the refused cell was fixed, ``5.000`` was read as 5 where 5000 was meant. The
        table's own decimal comma is named first, else the first of the source in the
        bundle's order; number cells that are numbers are no text, and count for nothing.
        """
        if file not in self.typed_because:
            others = sorted(set(self.unsearched) - {file}, key=lambda f: _FILE_ORDER.get(f, -1))
            because = None
            for table in (file, *others):
                found = self.first_decimal_comma(table)
                if found is not None:
                    row, column, text = found
                    where = self.naming.where(cell(table, row, column)).render()
                    because = f"{where} holds {shown(text.strip(), 40)}"
                    break
            self.typed_because[file] = because
        return self.typed_because[file]

    # ------------------------------------------------------------------ cells

    def read(self, column: Column, loc: Location, value: Any) -> Any:
        """Return the tree value of a cell (:data:`~._tables.ABSENT` for none), or report it.

        The cell is text (a CSV file) or typed (a frame, a workbook: :meth:`Kind.read`); a
        :data:`COVERED` cell is no value, and nothing is said of it.
        """
        if value is COVERED:
            self.bad.add(loc)
            return ABSENT
        try:
            if column.kind is NUMBER and isinstance(value, str):
                file = loc.file or ""
                why = self.ambiguity(file, value)
                if why is not None:
                    raise CellError(why, ProblemCode.WRONG_TYPE)
                # '50%': what to write instead depends on the field, as in the native formats
                hint = "" if column.number is None else column.number.percent_hint(value)
                if not hint and value.strip() and parse_number(value) is None:
                    # '−1,500' in a file separated by ';' was told "write -1,500", which the
                    # same file refuses as ambiguous (found by a reviewer): the number meant is
                    # checked as this cell's
                    hint = number_hint(value, functools.partial(self.ambiguity, file))
                if hint:
                    message = f"expected a number, got {value.strip()!r}{hint}"
                    raise CellError(message, ProblemCode.WRONG_TYPE)
            if isinstance(value, PercentCell) and column.measured:
                shown_as = format_number(float(value) * 100)
                held = format_number(float(value))
                raise CellError(
                    f"the cell shows {shown_as}%, which the workbook holds as {held}; a measured "
                    f"value is in its indicator's unit: type {shown_as} (for {shown_as} percent) "
                    f"or {held} (a share), as a number without the percent format",
                    ProblemCode.WRONG_TYPE,
                )
            read = column.kind.read(value)
            if read is ABSENT and isinstance(value, str) and value and not value.strip():
                self.whitespace[loc] = value
            return read
        except CellError as err:
            self.report(loc, err.message, err.code)
            self.bad.add(loc)
            return ABSENT

    def ambiguity(self, file: str, value: str) -> str | None:
        """Return why a number cell's text is ambiguous in ``file``, or ``None``."""
        typed = self.typed.get(file)
        if typed is not None:
            because = self.typed_decimal_comma(file) if point_group(value) is not None else None
            return typed(value, because=because)
        ambiguous = self.ambiguous.get(file)
        if ambiguous is None and ("," in value or point_group(value) is not None):
            ambiguous = self.decimal_commas(file)
        return None if ambiguous is None else ambiguous(value)

    def text(self, loc: Location, value: Any) -> str | None:
        """Return a cell that names something (an id, a key) as text; ``None`` when reported.

        A :data:`COVERED` cell is reported at another cell: ``None``.
        """
        if isinstance(value, str):
            return value
        if value is COVERED:
            self.bad.add(loc)
            return None
        if blank(value):
            return ""
        try:
            text = TEXT.read(value)
        except CellError as err:
            self.report(loc, err.message, err.code)
            self.bad.add(loc)
            return None
        return "" if text is ABSENT else str(text)

    # ------------------------------------------------------------------ sections

    def section(self, table: _Table | None, description: Table) -> list[dict[str, Any]]:
        """Build one object per row from the columns that fill a field of their own."""
        section, file = description.name, description.file
        columns = [c for c in description.columns if c.stored and c.field is not None]
        items: list[dict[str, Any]] = []
        self.locs[section] = cell(file)
        for i, row in enumerate(table.rows if table else ()):
            prefix = f"{section}[{i}]"
            self.locs[prefix] = cell(file, row.number)
            obj: dict[str, Any] = {}
            for column in columns:
                loc = cell(file, row.number, column.name)
                self.locs[f"{prefix}.{column.field}"] = loc
                value = self.read(column, loc, row.cells.get(column.name, ""))
                if value is not ABSENT:
                    obj[str(column.field)] = value
            items.append(obj)
        return items

    def dated(self, obj: dict[str, Any], prefix: str, row: _Row, what: str) -> None:
        """Read ``<what>_date`` and ``<what>_value`` into ``obj[what]`` (both or neither)."""
        parts = [INDICATORS.column(f"{what}_{part}") for part in ("date", "value")]
        date_loc, value_loc = (cell(INDICATORS.file, row.number, c.name) for c in parts)
        self.locs[f"{prefix}.{what}"] = value_loc  # a target contradicting the baseline
        self.locs[f"{prefix}.{what}.date"] = date_loc
        self.locs[f"{prefix}.{what}.value"] = value_loc
        date_cell, value_cell = (row.cells.get(c.name, "") for c in parts)
        date = self.read(parts[0], date_loc, date_cell)
        value = self.read(parts[1], value_loc, value_cell)  # reports a value not a number
        if self.unread.get(INDICATORS.file, frozenset()) & {c.name for c in parts}:
            # one of the two is not read: its header cell is reported, not "give both" at every
            # row; the other is checked as it is (a date 'zzz' was lost: a fresh-eyes reviewer),
            # and what the model says of the one not read is left out (_follows_from_unread)
            given = {"date": date, "value": value}
            if not (blank(date_cell) and blank(value_cell)):
                self.half_read.add((INDICATORS.file, row.number))
            if any(v is not ABSENT for v in given.values()):
                obj[what] = {k: v for k, v in given.items() if v is not ABSENT}
            return
        if blank(date_cell) != blank(value_cell):
            self.report(
                value_loc if not blank(date_cell) else date_loc,
                f"give both {what}_date and {what}_value, or leave both blank",
                ProblemCode.MISSING_KEY,
            )
        if date is ABSENT and value is ABSENT:
            return
        # one half blank or reported unreadable: the other is still checked (a month 13 beside
        # a value 'abc' went unsaid), and the model's "no value" is at the cell reported already
        obj[what] = {k: v for k, v in {"date": date, "value": value}.items() if v is not ABSENT}

    def lookup(
        self,
        index: Mapping[str, int],
        loc: Location,
        value: Any,
        kind: str,
        owners: str,
        objects: Sequence[Mapping[str, Any]],
        *,
        unnamed: bool = False,
    ) -> int | None:
        """Return the position of the object ``text`` names in the table ``owners``, or report.

        ``objects`` are the rows of ``owners`` read so far (``index`` their positions by id).
        Nothing is reported for a cell of a missing column, nor for an unknown id when the
        ``owners`` table failed at its root or has a row without an id (``unnamed``,
        :func:`_unnamed`) and the id is close to none of the known ones (nor a name of one):
        it may be the one that row lacks. An unknown id that is the name of an object of
        ``owners`` is told the id to give (:class:`~collective_impact.errors.IdHint`).
        """
        text = None if self.absent(loc) else self.text(loc, value)
        if text is None:
            return None
        if not text.strip():
            self.report(loc, f"required; give {kind} id", ProblemCode.MISSING_KEY)
            return None
        if text not in index:
            if owners in self.failed:
                return None
            first = self.dangling.get((owners, kind, text))
            if first is not None:  # its problem is reported: this is one more place
                self.also.setdefault(first, []).append(loc)
                return None
            hint = self.hint(owners, kind, objects)(text, index)
            # with a row without an id, an id that names nothing may be the one that row
            # lacks, but not one that reads as a typo of a known id ('k-redy')
            if unnamed and not hint:
                return None
            self.dangling[owners, kind, text] = len(self.problems)
            self.report(loc, f"unknown {kind} {shown(text)}{hint}", ProblemCode.UNKNOWN_REFERENCE)
            return None
        return index[text]

    def hint(self, owners: str, kind: str, objects: Sequence[Mapping[str, Any]]) -> IdHint:
        """Return the hint for an unknown id of the table ``owners`` (made at its first one)."""
        hint = self.hints.get(owners)
        if hint is None:
            hint = self.hints[owners] = IdHint(
                kind, lambda: ((obj.get("id"), obj.get("name")) for obj in objects), self.suggest
            )
        return hint

    def entries(
        self,
        table: _Table | None,
        owners: list[dict[str, Any]],
        description: Table,
        owner_table: Table,
        field: str,
        kind: str,
    ) -> None:
        """Read a table of map entries (pathways, contributions) into ``owners[k][field]``.

        The three columns of ``description`` are the owner's id, the entry's key and its value.
        """
        if table is None:
            return
        index, unnamed = _id_index(owners), _unnamed(owners)
        owner_col, key_col, value_col = description.columns
        first: dict[tuple[int, str], int] = {}
        for row in table.rows:
            owner_loc, key_loc, value_loc = (
                cell(table.file, row.number, c.name) for c in description.columns
            )
            k = self.lookup(
                index,
                owner_loc,
                row.cells.get(owner_col.name, ""),
                kind,
                owner_table.file,
                owners,
                unnamed=unnamed,
            )
            key = self.text(key_loc, row.cells.get(key_col.name, ""))
            if key is None:
                key = ""
            elif not key.strip():
                if not self.absent(key_loc):
                    self.report(key_loc, "required; give an indicator id", ProblemCode.MISSING_KEY)
                key = ""
            value_cell = row.cells.get(value_col.name, "")
            value = self.read(value_col, value_loc, value_cell)
            if value is ABSENT and blank(value_cell) and not self.absent(value_loc):
                self.report(value_loc, "required; give a number", ProblemCode.MISSING_KEY)
            if k is None or not key:
                continue
            if (k, key) in first:
                self.report(
                    key_loc,
                    f"{owners[k]['id']!r} and {key!r} are already paired at "
                    f"{self.naming.row(table.file, first[k, key], within=table.file)}; "
                    "keep one row per pair",
                    ProblemCode.DUPLICATE_ENTRY,
                )
                continue
            first[k, key] = row.number
            if value is ABSENT:
                continue
            owners[k].setdefault(field, {})[key] = value
            self.map_locs[f"{owner_table.name}[{k}].{field}[{key!r}]"] = (key_loc, value_loc)

    # ------------------------------------------------------------------ the whole tree

    def tree(self, tables: Mapping[str, _Table | None]) -> dict[str, Any]:
        tree: dict[str, Any] = {"schema_version": 1}
        self.initiative(tables.get(INITIATIVE.file), tree)
        for name in _SECTIONS:
            tree[name] = self.section(tables.get(TABLES[name].file), TABLES[name])
        indicators, activities = tree["indicators"], tree["activities"]
        table = tables.get(INDICATORS.file)
        for i, (obj, row) in enumerate(zip(indicators, table.rows if table else (), strict=True)):
            for what in ("baseline", "target"):
                self.dated(obj, f"indicators[{i}]", row, what)
        self.observations(tables.get(OBSERVATIONS.file), indicators)
        self.entries(
            tables.get(PATHWAYS.file), indicators, PATHWAYS, INDICATORS, "drives", "indicator"
        )
        self.entries(
            tables.get(CONTRIBUTIONS.file),
            activities,
            CONTRIBUTIONS,
            TABLES["activities"],
            "contributes",
            "activity",
        )
        self.backbone(tables.get(BACKBONE.file), tree)
        return tree

    def initiative(self, table: _Table | None, tree: dict[str, Any]) -> None:
        """Read the ``key,value`` rows of ``initiative.csv`` (:data:`~._tables.INITIATIVE_KEYS`).

        A key whose field is dotted (``conditions.urgency``) fills a sub-object of the tree.
        """
        file = INITIATIVE.file
        self.locs[""] = cell(file)
        self.locs["conditions"] = cell(file)
        nested: dict[str, dict[str, Any]] = {}
        seen: dict[str, int] = {}
        for row in table.rows if table else ():
            key_loc = cell(file, row.number, "key")
            raw = self.text(key_loc, row.cells.get("key", ""))
            if raw is None:
                continue
            key = raw.strip().lower()
            if not key:
                if not self.absent(key_loc):
                    self.report(key_loc, "required; give a key", ProblemCode.MISSING_KEY)
                continue
            if key not in _INITIATIVE_KEYS:
                close = close_matches(key, _INITIATIVE_KEYS)
                self.report(
                    key_loc,
                    f"unknown key {shown(raw.strip())}{did_you_mean(close)}; the keys of "
                    f"{self.naming.title(file)} "
                    f"are {', '.join(_INITIATIVE_KEYS)}",
                    ProblemCode.UNKNOWN_KEY,
                )
                continue
            if key in seen:
                self.report(
                    key_loc,
                    f"the key {key!r} is already given at "
                    f"{self.naming.row(file, seen[key], within=file)}; keep one",
                    ProblemCode.DUPLICATE_ENTRY,
                )
                continue
            seen[key] = row.number
            column = _INITIATIVE_KEYS[key]
            field = str(column.field)
            loc = cell(file, row.number, "value")
            self.locs[field] = loc
            value = self.read(column, loc, row.cells.get("value", ""))
            if value is ABSENT:
                continue
            section, _, name = field.rpartition(".")
            if section:
                nested.setdefault(section, {})[name] = value
            else:
                tree[name] = value
        if table is not None and (file, "key") not in self.missing:
            for required in INITIATIVE_KEYS:
                if required.required and required.name not in seen:
                    self.report(
                        cell(file),
                        f"missing the required key {required.name!r} (a row: {required.name},<the "
                        f"{required.name}>)",
                        ProblemCode.MISSING_KEY,
                    )
        tree.update(nested)

    def observations(self, table: _Table | None, indicators: list[dict[str, Any]]) -> None:
        """Read ``observations.csv`` into the indicators' ``observations``, in file order."""
        if table is None:
            return
        index, unnamed = _id_index(indicators), _unnamed(indicators)
        owner, *columns = OBSERVATIONS.columns
        for row in table.rows:
            loc = cell(table.file, row.number, owner.name)
            k = self.lookup(
                index,
                loc,
                row.cells.get(owner.name, ""),
                "indicator",
                INDICATORS.file,
                indicators,
                unnamed=unnamed,
            )
            obj: dict[str, Any] = {}
            values: dict[str, Location] = {}
            for column in columns:
                field = str(column.field)
                values[field] = cell(table.file, row.number, column.name)
                value = self.read(column, values[field], row.cells.get(column.name, ""))
                if value is not ABSENT:
                    obj[field] = value
            if k is None:
                # no indicator to hold it (an unknown id, reported): its other cells are
                # checked all the same (:meth:`unheld_problems`); only "unknown indicator
                # 'reed'" was said, and the ambiguous date and the unknown reporter of the
                # same row came once the id was fixed (found by a reviewer)
                prefix = f"{_UNHELD}[{len(self.unheld)}]"
                self.unheld.append((prefix, obj))
                self.locs[prefix] = cell(table.file, row.number)
                for field, field_loc in values.items():
                    self.locs[f"{prefix}.{field}"] = field_loc
                continue
            observations = indicators[k].setdefault("observations", [])
            prefix = f"indicators[{k}].observations[{len(observations)}]"
            observations.append(obj)
            self.locs[prefix] = cell(table.file, row.number)
            for field, field_loc in values.items():
                self.locs[f"{prefix}.{field}"] = field_loc

    def backbone(self, table: _Table | None, tree: dict[str, Any]) -> None:
        """Read the one row of ``backbone.csv``; a dotted field (``staff.x``) is a map entry."""
        if table is None or not table.rows:
            return
        row, *extra = table.rows
        for other in extra:
            self.report(
                cell(table.file, other.number),
                "an initiative has one backbone; only one data row is allowed "
                f"({self.naming.row(table.file, row.number, within=table.file)})",
                ProblemCode.DUPLICATE_ENTRY,
            )
        self.locs["backbone"] = cell(table.file, row.number)
        backbone: dict[str, Any] = {}
        for column in BACKBONE.columns:
            mapping, _, name = str(column.field).rpartition(".")
            loc = cell(table.file, row.number, column.name)
            self.locs[f"backbone.{mapping}[{name!r}]" if mapping else f"backbone.{name}"] = loc
            value = self.read(column, loc, row.cells.get(column.name, ""))
            if value is ABSENT:
                continue
            if mapping:
                backbone.setdefault(mapping, {})[name] = value
            else:
                backbone[name] = value
        tree["backbone"] = backbone

    def unheld_problems(self, tree: Mapping[str, Any], found: list[Problem]) -> list[Problem]:
        """Return the problems of the observations no indicator holds (:attr:`unheld`).

        Each such row is checked as the model checks an observation (its date by the
        :class:`~collective_impact.model._fields.Date` rule, an id for ``reported_by``...),
        under its path in :data:`_UNHELD`, and its ``reported_by`` against the partners' ids:
        a partner the model already found unknown (in ``found``, the model's problems, which
        are updated) gets these rows among its other places; another is one new problem, at
        its first row, with a did-you-mean. Linear in the rows and the model's problems.
        """
        if not self.unheld:
            return []
        objects = [obj for _, obj in self.unheld]
        _, bad = structure_many(objects, Observation)
        problems: list[Problem] = []
        for j in bad:
            prefix, obj = self.unheld[j]
            try:
                structure_object(obj, Observation)
            except ValidationError as err:
                problems.extend(p.nested(prefix) for p in err.problems)
        partners_file = TABLES["partners"].file
        if partners_file in self.failed:
            return problems  # the partners' ids are unknown: nothing follows
        partners = tree.get("partners", [])
        index, unnamed = _id_index(partners), _unnamed(partners)
        unknown: dict[str, list[str]] = {}  # partner id -> the paths naming it, in row order
        for prefix, obj in self.unheld:
            reporter = obj.get("reported_by")
            if isinstance(reporter, str) and not IDENT.check(reporter) and reporter not in index:
                unknown.setdefault(reporter, []).append(f"{prefix}.reported_by")
        if not unknown:
            return problems
        for k, problem in enumerate(found):
            if problem.code is not ProblemCode.UNKNOWN_REFERENCE:
                continue
            if not _REFERENCES[partners_file].fullmatch(problem.path):
                continue
            paths = unknown.pop(str(_tree_value(tree, problem.path)), None)
            if paths is not None:  # the same id, named by a row no indicator holds
                found[k] = problem.with_others([*problem.others, *paths])
        hint = self.hint(partners_file, "partner", partners)
        for reporter, paths in unknown.items():
            said = hint(reporter, index)
            if unnamed and not said:
                continue  # maybe the id the partner without one lacks (as :meth:`lookup`)
            message = f"unknown partner {shown(reporter)}{said}"
            first = Problem(paths[0], message, ProblemCode.UNKNOWN_REFERENCE)
            problems.append(first.with_others(paths[1:]) if paths[1:] else first)
        return problems

    # ------------------------------------------------------------------ model problems

    def locate(self, problem: Problem) -> tuple[Location | None, str] | None:
        """Map a problem of the native tree to the file, row and column it came from.

        The decisions rest on the problem's code and structured fields, never on the wording of
        its message: a missing key names its ``key``; a problem about a mapping key (its ``key``
        is set) points at the key's cell, one about the value at the value's cell.

        Returns ``None`` for a problem already reported another way, and ``(None, message)`` for
        one that cannot be located.
        """
        path, message = problem.path, problem.message
        if problem.code is ProblemCode.MISSING_KEY and problem.key is not None:
            field_loc = self.locs.get(f"{path}.{problem.key}" if path else problem.key)
            if field_loc is not None and field_loc.row is not None:
                if (field_loc.file, field_loc.column or "") in self.missing:
                    return None  # the whole column is missing: reported once, at the header
                spaces = self.whitespace.get(field_loc)
                if spaces is not None:
                    return field_loc, f"required, but the cell holds {only_whitespace(spaces)}"
                return field_loc, "required, but the cell is empty"
        found = self.enclosing(path)
        if found is None:
            return None, message
        prefix, entry = found
        if isinstance(entry, tuple):
            key_loc, value_loc = entry
            loc = key_loc if problem.key is not None else value_loc
            return loc, self.rewrite(problem, key_loc.file)
        if problem.code is ProblemCode.TOO_FEW_ITEMS and entry.row is None and prefix in _SECTIONS:
            return entry, "expected at least one row, got none"
        return entry, self.rewrite(problem, entry.file)

    def enclosing(self, path: str) -> tuple[str, Location | tuple[Location, Location]] | None:
        """Return the nearest part of the tree at or above ``path`` whose place is known.

        As ``(prefix, place)``: the place of the part at ``prefix``, or the cells of its key and
        of its value for a map entry (a pathway, a contribution); ``None`` when none is known.
        """
        cut = len(path)
        while cut > 0 or not path:
            prefix = path[:cut]
            if prefix in self.map_locs:
                return prefix, self.map_locs[prefix]
            if prefix in self.locs:
                return prefix, self.locs[prefix]
            if not path:
                break
            cut = max(path.rfind(".", 0, cut), path.rfind("[", 0, cut), 0)
        return None

    def places(self, problem: Problem) -> list[Location]:
        """Return where the other places of a problem (its ``others``) came from.

        Each is located as :meth:`locate` locates a problem; a map entry is named by the cell
        of its key, since a place of a problem's ``others`` is another reference to what is
        missing, and the value of an entry (a weight) names nothing. A place that cannot be
        located stays as it is.
        """
        places = []
        for other in problem.others:
            found = self.enclosing(other.path) if other.in_tree else None
            if found is None:
                places.append(other)
                continue
            prefix, entry = found
            if isinstance(entry, tuple):
                key_loc, value_loc = entry
                entry = key_loc if prefix == other.path else value_loc
            places.append(entry)
        return places

    def rewrite(self, problem: Problem, file: str | None) -> str:
        """Name the other entry a problem involves (``first used at partners[0]``) by its row.

        The entry is the problem's ``related`` location, which its message names by rendering.
        """
        related = problem.related
        loc = self.locs.get(related.path) if related is not None else None
        if related is None or loc is None or loc.row is None:
            return problem.message
        where = self.naming.row(loc.file or "", loc.row, within=file)
        return problem.message.replace(related.render(), where, 1)


#: The paths of the native tree that name an object of another file, by that file: when the file
#: fails at its root, the problems at these paths only follow from its ids being unknown.
_REFERENCES: Mapping[str, re.Pattern[str]] = {
    "partners.csv": re.compile(
        r"activities\[\d+\]\.partners\[\d+\]|ties\[\d+\]\.(?:source|target)"
        r"|working_groups\[\d+\]\.members\[\d+\]|backbone\.organization"
        r"|conditions\.champions\[\d+\]|indicators\[\d+\]\.observations\[\d+\]\.reported_by"
    ),
    "indicators.csv": re.compile(
        r"goals\[\d+\]\.indicators\[\d+\]|indicators\[\d+\]\.(?:informs\[\d+\]|drives\[.+\])"
        r"|activities\[\d+\]\.contributes\[.+\]"
    ),
    "goals.csv": re.compile(r"working_groups\[\d+\]\.goals\[\d+\]"),
    "populations.csv": re.compile(
        r"populations\[\d+\]\.within|activities\[\d+\]\.populations\[\d+\]"
    ),
    "places.csv": re.compile(r"places\[\d+\]\.within|activities\[\d+\]\.places\[\d+\]"),
}

#: The problem codes of an unknown reference: the model's own, and the code of a problem given
#: without one (while not every rule of the model gives its code).
_REFERENCE_CODES = frozenset({ProblemCode.UNKNOWN_REFERENCE, ProblemCode.INVALID})


#: The problems of the model that follow from a column of their row the header misspelt
#: (:attr:`Header.unread`), in any row: (file, column, the words of the rule's message). Only
#: these rules: a message that merely names a column (advice "as direction says") is no echo,
#: and another problem of the same cell ("how-badly" for a quadrant) is its own (a fresh-eyes
#: reviewer). A target without a baseline, in a row whose baseline is half read, is another
#: (:attr:`_Reader.half_read`).
_FOLLOWS_FROM: tuple[tuple[str, str, str], ...] = (
    # 'levl': every quadrant and informs of a performance measure
    (INDICATORS.file, "level", PERFORMANCE_ONLY),
)


#: The tree path under which the observations no indicator holds are checked
#: (:meth:`_Reader.unheld_problems`): a name of no section of the tree.
_UNHELD = "observations of no indicator"

#: A part of a tree path: a key (``ties``), or an index (``[3]``).
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _tree_value(tree: Any, path: str) -> Any:
    """Return the value at a tree path of names and indexes (``ties[3].source``), or ``None``.

    Examples
    --------
    >>> _tree_value({"ties": [{"source": "a"}]}, "ties[0].source")
    'a'
    >>> _tree_value({"ties": []}, "ties[2].source") is None
    True
    """
    value = tree
    for match in _PATH_PART.finditer(path):
        name, number = match.groups()
        if name is not None and isinstance(value, Mapping):
            value = value.get(name)
        elif number is not None and isinstance(value, list) and int(number) < len(value):
            value = value[int(number)]
        else:
            return None
    return value


#: The codes of the problems of an entry of a list that may hold several values typed in one
#: (:func:`~collective_impact.errors.several_values`).
_ENTRY_CODES = frozenset({ProblemCode.UNKNOWN_REFERENCE, ProblemCode.INVALID_CHOICE})

#: The choices of each column of several choices (``partners.csv``'s roles), by file and column.
_CHOICES: Mapping[tuple[str, str], tuple[str, ...]] = {
    (table.file, column.name): column.kind.values
    for table in TABLES.values()
    for column in table.columns
    if column.kind.name == "choices"
}


#: The columns of labels (populations, places), compared as :func:`normalize_label` writes them.
_LABEL_LISTS: Mapping[str, tuple[str, ...]] = {TABLES["activities"].file: ("populations", "places")}


def _as_cell(message: str, tree: Any, path: str, loc: Location) -> str:
    """Say of an entry holding several values (``a, b``) to separate them with ``|`` in its cell.

    The model names the values of such an entry, to give as entries of their own
    (:func:`~collective_impact.errors.entry_hint`); in a table they are one cell, separated
    with ``|`` (found by a reviewer: ``health-dept, head-start`` was told "did you mean
    'health-dept'?", dropping the other). The cell given is the whole cell (the list the entry
    at ``path`` is in): each entry holding several values replaced by them, the repeats (as the
    reader compares entries: choices without regard to case) left out, in order. Built from the
    one entry, ``cha|mowd, pnc`` was told to write ``mowd|pnc``, dropping ``cha``, and
    ``mowd, mowd`` to write ``mowd|mowd``, refused as a duplicate (found by a reviewer).
    """
    value = _tree_value(tree, path)
    if not isinstance(value, str) or loc.file is None or loc.column is None:
        return message
    choices = _CHOICES.get((loc.file, loc.column))

    def same(entry: str) -> str:  # as the reader compares entries (the kind of the column)
        text = entry.strip()
        if loc.column in _LABEL_LISTS.get(loc.file or "", ()):
            return normalize_label(entry)
        return text.lower() if choices and text.lower() in choices else entry

    def split(entry: str) -> list[str] | None:
        found = several_values(entry, choices, fold=True) if choices else several_values(entry)
        firsts: dict[str, str] = {}
        for part in found or ():
            firsts.setdefault(same(part), part)
        return list(firsts.values()) or None

    parts = split(value)
    if not parts:
        return message
    whole = _tree_value(tree, path.rpartition("[")[0]) if path.endswith("]") else None
    entries = whole if isinstance(whole, list) and value in whole else [value]
    cell: dict[str, str] = {}  # the entries to write, by how the reader compares them
    for entry in entries:
        pieces = (split(entry) if isinstance(entry, str) else None) or [str(entry)]
        for piece in pieces:
            cell.setdefault(same(piece), piece)
    hint = cell_hint(list(cell.values()), several=len(parts) > 1)
    # the words of the hint alone, which a grouped number's two readings hold too
    return message.replace(entry_hint(parts)[2:-1], hint[2:-1], 1)


def _follows_from_unread(message: str, loc: Location, reader: _Reader) -> bool:
    """Whether a problem of the model follows from a column its table's header misspelt.

    A problem at a cell of such a column (there is no such cell: "a target without a baseline
    needs a direction", at the direction a header calls 'directon') does, one of the rules of
    :data:`_FOLLOWS_FROM`, and a target without a baseline in a row whose baseline is half
    read; any other is reported.
    """
    file = loc.file or ""
    unread = reader.unread.get(file, frozenset())
    if not unread:
        return False
    if loc.column in unread:
        return True
    if NO_BASELINE_NEEDS_DIRECTION in message and (file, loc.row) in reader.half_read:
        return True
    return any(
        file == table and column in unread and words in message
        for table, column, words in _FOLLOWS_FROM
    )


def _follows_from_failure(problem: Problem, failed: Iterable[str]) -> bool:
    """Return whether a problem of the model only follows from a table that failed at its root.

    It does when its code is that of an unknown reference and its path is a reference to an
    object of a failed file (:data:`_REFERENCES`); the wording of its message plays no part.
    """
    if problem.code not in _REFERENCE_CODES:
        return False
    return any(file in _REFERENCES and _REFERENCES[file].fullmatch(problem.path) for file in failed)


def read_csv_bundle(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = DEFAULT_MAX_TOTAL_BYTES,
    max_ratio: float | None = DEFAULT_MAX_RATIO,
) -> Initiative:
    """Read an initiative from a CSV bundle: a folder, or a ``.zip`` of the same files.

    The files and their columns are described in the module documentation
    (:mod:`collective_impact.io.csvbundle`).

    Parameters
    ----------
    path
        The folder or the ``.zip`` file.
    max_bytes
        Refuse bundles whose files hold more than this many bytes in all (default 64 MiB), as the
        folder or the archive's headers say and as actually read; ``None`` for no limit.
    max_ratio
        Refuse a ``.zip`` member larger than 1 MiB that decompresses to more than this many times
        its compressed size (default 100); ``None`` for no limit.

    Returns
    -------
    Initiative

    Raises
    ------
    MissingFileError
        When ``path`` does not exist.
    FormatError
        When ``path`` is neither a folder nor a ``.zip`` archive, or is one but not a CSV
        bundle (it holds no file of a bundle), or the archive is unsafe (a member escaping the
        folder, a decompression bomb) or damaged.
    ValidationError
        Listing every problem of every file at once, each located as
        ``ties.csv, row 4, column target`` (the header is row 1): a missing or unknown file,
        a missing or unknown column, a value that is not a number, a date or an allowed choice,
        a reference to an unknown id (with a did-you-mean, or, for the name of a partner,
        indicator, activity or working group, the id to give), and every rule of the model.
        Its ``source`` is ``path``.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> import tempfile, collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv_bundle(init, f"{folder}/workforce.zip")
    ...     read_csv_bundle(f"{folder}/workforce.zip") == init
    True
    """
    max_bytes, max_ratio = check_limits(max_bytes=max_bytes, max_ratio=max_ratio)
    p = input_path(expect_path(path, "read_csv_bundle"))
    source = str(p)
    folder = stat.S_ISDIR(input_stat(p, folder=True).st_mode)
    members = _read_folder(p, max_bytes) if folder else _read_zip(p, max_bytes, max_ratio)
    if not _like_a_bundle(members):
        kind = "a folder" if folder else "a .zip archive"
        required = " or ".join(_REQUIRED_FILES)
        raise FormatError(f"is {kind} but not a CSV bundle (no {required})", source=source)

    found: dict[str, RawTable | FailedTable] = {}
    problems: list[tuple[Location, str, ProblemCode]] = []
    names: dict[str, list[str]] = {}
    unknown: dict[int, str] = {}  # the unknown names, offered the missing tables at the end
    holds = f"a CSV bundle holds only {', '.join(BUNDLE_FILES)}"
    for name, data in members.items():
        file = table_named(
            name,
            _BUNDLE_FILE_OF,
            found,
            cell(name),
            problems,
            what="file",
            holds=holds,
            unknown=unknown,
        )
        names.setdefault(name.strip().lower(), []).append(name)
        if file is not None:
            found[file] = _csv_table(file, data)
    for file, given in names.items():
        if len(given) > 1 and file in found:
            found[file] = FailedTable(
                f"{len(given)} files have this name: {', '.join(map(repr, sorted(given)))} "
                "(the names differ only in case or spaces); keep one",
                ProblemCode.DUPLICATE_ENTRY,
            )
    meant = suggest_missing(problems, unknown, _BUNDLE_FILE_OF, found)  # a renamed table?
    said_once(problems, holds)
    return read_tables(found, Naming(), source=source, problems=problems, meant=meant)


def _like_a_bundle(members: Iterable[str]) -> bool:
    """Whether a folder's or an archive's entries look like a CSV bundle's.

    They do when one is a file of a bundle (``ties.csv``, in any case), or is named close to a
    required one (``partner.csv``: a bundle whose names are misspelt, each then named with a
    did-you-mean). Otherwise (a folder of other things: ``collective-impact assess /tmp``) the
    folder is one problem, not one per file it holds.
    """
    stems = [file.removesuffix(".csv") for file in _REQUIRED_FILES]  # '.csv' is no likeness
    for member in members:
        name = member.strip().lower().rstrip("/")
        if name in BUNDLE_FILES or close_matches(name.removesuffix(".csv"), stems):
            return True
    return False


def said_once(problems: list[tuple[Location, str, ProblemCode]], holds: str) -> None:
    """Say ``holds`` (what a source may hold) once among the problems of unknown tables.

    :func:`table_named` ends the problem of each unknown table with it: a folder holding ten
    stray files listed the thirteen files of a bundle ten times. It is kept by the first of
    those problems as they are listed (by the table's name) and taken from the others, in place.
    """
    tail = f"; {holds}"
    unknown = sorted(
        (loc.file or "", k) for k, (loc, text, _) in enumerate(problems) if text.endswith(tail)
    )
    for _, k in unknown[1:]:
        loc, message, code = problems[k]
        problems[k] = (loc, message[: -len(tail)], code)


def _csv_table(file: str, data: bytes) -> RawTable | FailedTable:
    """Return the header and rows of a CSV file of the bundle, or why it cannot be read."""
    try:
        text = decode_text(data, expected="CSV text", advice=_SAVE_AS)
    except FormatError as err:
        return FailedTable(err.message, err.code or ProblemCode.ENCODING)
    try:
        found = records(text, long_fields=True)
    except FormatError as err:  # the line (a cell may span lines, so it is not a row)
        where = "" if err.line is None else f"line {err.line}: "
        return FailedTable(where + err.message, err.code or ProblemCode.SYNTAX)
    if not found:
        return FailedTable(
            "the file is empty; its first row must name the columns "
            f"({', '.join(_TABLE_OF[file].header)})",
            ProblemCode.EMPTY,
        )
    (header_row, header), *rows = found
    rows_read = [(number, list(rec)) for number, rec in rows]
    return RawTable(header_row, header, rows_read, delimiter(text))


def table_named(
    name: str,
    known: Mapping[str, str],
    found: MutableMapping[str, RawTable | FailedTable],
    where: Location,
    problems: list[tuple[Location, str, ProblemCode]],
    *,
    what: str,
    holds: str,
    unknown: dict[int, str] | None = None,
) -> str | None:
    """Return the bundle file of the table a source calls ``name``, or ``None`` and why not.

    Every source of tables (a bundle's files, a workbook's sheets, a mapping of frames) names
    its tables its own way; ``known`` maps those names, in lower case, to the files of the
    bundle. The name is matched in lower case without surrounding spaces. When it names no
    table, the problem is added to ``problems`` at ``where`` and ``None`` returned, so that it
    is reported with every other problem of the source by :func:`read_tables`. When it names
    a table already ``found`` (two names differing only in case or spaces), which of the two
    is meant is unknown: the table fails at its root (it is replaced in ``found`` by a
    :class:`FailedTable` saying so), so that the references to its ids are not reported, and
    ``None`` is returned.

    Its did-you-mean names a table the source lacks, so it waits until every name is known:
    the name is recorded in ``unknown``, by the position of its problem, for
    :func:`suggest_missing` ("notes: did you mean 'ties'?" was said beside a sheet ``ties``).
    Without ``unknown`` it is offered at once, among every table.

    Parameters
    ----------
    name
        The name the source gives.
    known
        The names a source may use, in lower case, and the bundle file of each.
    found
        The tables read so far, by bundle file; a table named twice is replaced by a
        :class:`FailedTable`.
    where
        Where the source names it (a file of the bundle, a sheet, a key of the mapping).
    problems
        The problems of the source, extended here.
    what
        What the source calls a table: ``"file"``, ``"sheet"``, ``"table"``.
    holds
        What the source may hold, said after an unknown name.
    unknown
        Where to record an unknown name (in lower case, stripped), by the position of its
        problem in ``problems``, for :func:`suggest_missing`.

    Returns
    -------
    str or None
        The bundle file, or ``None`` when a problem was recorded.

    Examples
    --------
    >>> problems = []
    >>> table_named(" Ties ", {"ties": "ties.csv"}, {}, cell("x"), problems, what="t", holds="")
    'ties.csv'
    >>> table_named("tie", {"ties": "ties.csv"}, {}, cell("x"), problems, what="sheet", holds="h")
    >>> problems[0][1]
    "unknown sheet (did you mean 'ties'?); h"
    """
    key = name.strip().lower()
    file = known.get(key)
    if file is None:
        if unknown is not None:
            unknown[len(problems)] = key
        close = [] if unknown is not None else close_matches(key, known)
        problems.append(
            (where, f"unknown {what}{did_you_mean(close)}; {holds}", ProblemCode.UNKNOWN_KEY)
        )
        return None
    if file in found:
        found[file] = FailedTable(
            f"the {what} {key!r} appears twice (the names differ only in case or spaces); keep one",
            ProblemCode.DUPLICATE_ENTRY,
        )
        return None
    return file


def suggest_missing(
    problems: list[tuple[Location, str, ProblemCode]],
    unknown: Mapping[int, str],
    known: Mapping[str, str],
    found: Mapping[str, RawTable | FailedTable],
) -> dict[int, str]:
    """Offer each unknown table name (:func:`table_named`) the tables the source lacks.

    Once every name of the source is known: a table present is never offered (a sheet
    ``Notes`` was told "did you mean 'ties'?" beside the sheet ``ties``). A name holding the
    name of one missing table as a word (``Ties (2024)``, ``ties 2024.csv``) is offered that
    table; otherwise the missing table closest to it (:func:`~._sheets.close_matches`),
    unless the table closest to it is present (``partner.csv`` beside ``partners.csv`` is a
    stray copy of it, not ``places.csv``). A table a name holds is offered to another name
    close to it only when that name is a near spelling of it (a ratio of :func:`_spelling`
    of at least :data:`_NEAR_SPELLING`): a sheet ``Notes`` (0.67 to ``ties``) beside
    ``Ties (2024)`` is not offered ``ties``, but ``Tie`` (0.86) beside a kept copy
    ``ties (old)`` is, as the copy is: either may be the table renamed (``Tie`` was offered
    nothing, and the copy was, found by a reviewer). The did-you-mean is put in the name's
    problem, in place.

    An unknown name offered a table may be that table renamed: its bundle file is returned,
    by the position of the problem in ``problems``, for :func:`read_tables` (``meant``).

    Examples
    --------
    >>> known = {"ties": "ties.csv", "goals": "goals.csv"}
    >>> problems, unknown = [], {}
    >>> for name in ("Notes", "Ties (2024)", "Goals"):
    ...     _ = table_named(name, known, {}, cell(name), problems, what="sheet", holds="h",
    ...                     unknown=unknown)
    >>> suggest_missing(problems, unknown, known, {"goals.csv": RawTable(1, [], [])})
    {1: 'ties.csv'}
    >>> [message for _, message, _ in problems]
    ['unknown sheet; h', "unknown sheet (did you mean 'ties'?); h"]
    """
    missing = {name: file for name, file in known.items() if file not in found}
    offered: dict[int, list[str]] = {}
    for k, key in unknown.items():
        words = f" {_words(key.removesuffix('.csv'))} "
        held = [name for name in missing if f" {_words(name.removesuffix('.csv'))} " in words]
        if len({missing[name] for name in held}) == 1:
            offered[k] = [max(held, key=len)]
    # a table a name holds is that name's: offered to another name only spelt near it
    claimed = {missing[close[0]] for close in offered.values()}
    meant: dict[int, str] = {}
    for k, key in unknown.items():
        if k in offered:
            close = offered[k]
        else:
            close = close_matches(key, known)
            # closest to a table present, the name is a stray copy of it: the next closest
            # would be a false hint ('partner.csv' beside partners.csv is no 'places.csv')
            close = [
                name
                for name in close
                if name in missing
                and (missing[name] not in claimed or _spelling(key, name) >= _NEAR_SPELLING)
            ]
        if not close:
            continue
        meant[k] = missing[close[0]]
        loc, message, code = problems[k]
        head, sep, tail = message.partition("; ")
        problems[k] = (loc, head + did_you_mean(close) + sep + tail, code)
    return meant


#: How close an unknown name must be to a table another name holds (:func:`suggest_missing`)
#: to be offered it too: a ratio of :func:`_spelling`, above the 0.6 of
#: :func:`~._sheets.close_matches` (``tie`` is 0.86 to ``ties``; ``notes`` 0.67).
_NEAR_SPELLING = 0.75


def _spelling(key: str, name: str) -> float:
    """Return the :mod:`difflib` ratio of two table names without ``.csv``.

    The suffix both names of a bundle share made ``notes.csv`` 0.82 to ``ties.csv``, where
    ``notes`` is 0.67 to ``ties``.

    >>> round(_spelling("notes.csv", "ties.csv"), 2), round(_spelling("tie.csv", "ties.csv"), 2)
    (0.67, 0.86)
    """
    return difflib.SequenceMatcher(
        None, key.removesuffix(".csv")[:200], name.removesuffix(".csv")
    ).ratio()


def _words(name: str) -> str:
    """Return a name's words, joined by single spaces: ``'Ties (2024)'`` → ``'ties 2024'``."""
    return " ".join(re.split(r"[\W_]+", name.lower())).strip()


def read_tables(
    found: Mapping[str, RawTable | FailedTable],
    naming: Naming,
    *,
    source: str | None,
    problems: Iterable[tuple[Location, str, ProblemCode]] = (),
    meant: Mapping[int, str] | None = None,
) -> Initiative:
    """Read an initiative from its tables, however its source keeps them: the one reading path.

    The CSV bundle, the frames (:func:`~collective_impact.frames.initiative_from_frames`) and
    the workbooks (:mod:`.workbook`) give their tables here, keyed by their file in a bundle
    (:data:`BUNDLE_FILES`), with the cells as text or typed; the tables, columns and cells are
    read by the one description of :mod:`._tables`, the model checks the tree, and every
    problem is located by ``naming``.

    Parameters
    ----------
    found
        The tables the source has, by bundle file; a missing one holds no rows (the required
        ``initiative.csv`` and ``partners.csv`` are reported).
    naming
        How the source names its tables and cells (:class:`Naming`).
    source
        The source, for the error.
    problems
        Problems the source found before (an unknown table), as ``(location, message, code)``
        with the reader's locations.
    meant
        For the problems of unknown table names close to a known one (by their position in
        ``problems``), the bundle file of that table (:func:`suggest_missing`). When it is
        missing, the name is taken for that table renamed: the table fails at its root,
        without a problem of its own (the references to its ids are not reported), and the
        name's problem says so. (An unknown name is listed before every problem of a known
        table, after the other roots.)

    Returns
    -------
    Initiative

    Raises
    ------
    ValidationError
        Listing every problem at once, each located as ``naming`` names it.
    """
    reader = _Reader(naming)
    reader.problems.extend(problems)
    _renamed(reader, found, meant or {})
    tables = {file: reader.table(file, raw) for file, raw in found.items()}
    for file in _REQUIRED_FILES:
        if file not in tables:
            reader.fail(cell(file), f"missing required {naming.noun}", ProblemCode.MISSING_KEY)
    tree = reader.tree(tables)

    # the places reported already: a model problem there follows from the cell's own problem
    own = {loc for loc, _, _ in reader.problems if loc.row is None or loc.column is not None}
    own |= reader.bad  # cells reported unreadable, and cells covered by another's problem
    located: list[tuple[tuple[Any, ...], Problem]] = [
        (
            _sort_key(loc),
            Problem(loc, message, code).with_others(reader.also.get(k, ()))
            if k in reader.also
            else Problem(loc, message, code),
        )
        for k, (loc, message, code) in enumerate(reader.problems)
    ]
    initiative: Initiative | None = None
    error: ValidationError | None = None
    try:
        initiative = Initiative.from_dict(tree, source=source)
    except ValidationError as err:
        error = err
    # the model's problems, and those of the observations no indicator holds
    model = [] if error is None else list(error.problems)
    model.extend(reader.unheld_problems(tree, model))
    if model:
        for problem in model:
            if _follows_from_failure(problem, reader.failed):
                continue
            where = reader.locate(problem)
            if where is None:
                continue
            loc, message = where
            if (
                problem.code is ProblemCode.DUPLICATE_ENTRY
                and loc is not None
                and loc.file in reader.misread
                and _ROW_REPEATED.search(problem.path) is not None
            ):
                # rows repeated once a column is not read ('groups' for 'group': 31 values of
                # groups "given twice"): the unread column is reported, at its header
                continue
            if loc is not None and problem.code in _ENTRY_CODES:
                message = _as_cell(message, tree, problem.path, loc)
            if problem.code is ProblemCode.INVALID_DATE and loc is not None:
                value = _tree_value(tree, problem.path)
                column = naming.where(loc).column
                if isinstance(value, str) and column and midnight_date(value) is not None:
                    message += naming.midnight_advice(column)
            if loc is not None and _follows_from_unread(problem.message, loc, reader):
                # "only performance measures (level: performance) have a quadrant" of every
                # row, once 'levl' left the level unread: the header is reported
                continue
            # A problem at several places (its others) is where the first of them is in the
            # bundle's order, as the problems are listed; a place reported already, or following
            # from a table failed at its root, is left out.
            places = sorted(
                (
                    place
                    for place in (loc, *reader.places(problem))
                    if place is None
                    or not (place in own or (place.row is None and place.file in reader.failed))
                ),
                key=_order,
            )
            if not places:
                continue  # reported already, or follows from a table failed at its root
            if places[0] is not loc:
                loc = places[0]
                message = reader.rewrite(problem, loc.file if loc is not None else None)
            order = _order(loc)
            at = problem.location if loc is None else loc
            # the message names the tree's places: name the rows instead
            as_read = Problem(at, message, problem.code, key=problem.key, others=problem.others)
            located.append((order, as_read.with_others(_distinct(at, places[1:]))))
        if not located and error is not None:  # pragma: no cover - every problem maps somewhere
            raise error
    if located:
        roots = {loc.render() for loc, _, _ in reader.problems if reader.is_root(loc)}
        located.sort(key=lambda item: (item[1].path not in roots, item[0]))
        raise ValidationError([_named(p, naming) for _, p in located], source=source)
    if initiative is None:  # pragma: no cover - a failed model has a problem located
        raise ValidationError(model, source=source)
    return initiative


def _renamed(
    reader: _Reader, found: Mapping[str, RawTable | FailedTable], meant: Mapping[int, str]
) -> None:
    """Fail the missing tables, holding ids named elsewhere, that unknown names are close to.

    ``meant`` holds the bundle file each unknown name's problem (by its position in
    ``reader.problems``) is close to (:func:`table_named`). An ``activity list`` sheet beside
    no ``activities`` is that table renamed: each of the 24 rows of contributions naming an
    activity was "unknown activity". Such a table (one whose ids other tables name:
    :data:`_REFERENCES`, and the activities the contributions name) fails at its root with no
    problem of its own (the name's is the root), and the name's problem says that the
    references to its ids are not checked until it is renamed. The unknown name's problem is
    listed before the problems of every known table already. A required table (``partners``)
    is not: it fails as missing, with its own problem, already.
    """
    for k, file in meant.items():
        if (
            file in found
            or file in _REQUIRED_FILES
            or not (file in _REFERENCES or file == TABLES["activities"].file)
        ):
            continue
        reader.failed.add(file)
        loc, message, code = reader.problems[k]
        head, sep, tail = message.partition("; ")
        kind = _TABLE_OF[file].name.replace("_", " ")
        said = f"; the references to its {kind} are not checked until it is renamed"
        reader.problems[k] = (loc, head + said + sep + tail, code)


#: The model's paths of rows repeated as whole rows (an observation's value given twice, a tie
#: entered twice): rows a column not read may tell apart. A repeat within one cell's list
#: (``roles[1]``) no column can explain, and is reported whatever the header says.
_ROW_REPEATED = re.compile(r"(?:^|\.)(?:observations|ties)\[\d+\](?:\.value)?$")


def _order(loc: Location | None) -> tuple[int, str, int, int]:
    """Order places of a bundle as :func:`_sort_key`; a place not located (in the tree) last."""
    return (len(_FILE_ORDER), "", 0, 0) if loc is None or loc.in_tree else _sort_key(loc)


def _distinct(location: Location, places: Iterable[Location | None]) -> list[Location]:
    """Return ``places`` without repeats, without ``location`` (and ``None``), in their order.

    Two references may lie in one cell (a list of ids), or in the cell of the problem itself.
    """
    return [p for p in dict.fromkeys(places) if p is not None and p != location]


def _named(problem: Problem, naming: Naming) -> Problem:
    """Return a problem located as ``naming`` names places, its other places too."""
    named = attrs.evolve(problem, location=naming.where(problem.location))
    if not problem.others:
        return named
    return named.with_others(_distinct(named.location, map(naming.where, problem.others)))


# --------------------------------------------------------------------------- writing


def _csv_bytes(table: Table, initiative: Initiative) -> bytes:
    """Return the file of ``table`` for ``initiative``: its header row, then a row per object."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.cells(obj) for obj in table.rows(initiative))
    return buffer.getvalue().encode("utf-8")


def write_csv_bundle(initiative: Initiative, path: str | os.PathLike[str]) -> None:
    """Write an initiative as a CSV bundle: a folder, or a ``.zip`` when ``path`` ends so.

    Every file of :data:`BUNDLE_FILES` is written (with only its header row when it has nothing
    to hold), so a folder written over an older bundle holds no stale file: an older copy of a
    file of the bundle whose name differs only in case or spaces (``Partners.csv``, which the
    reader would take for a second ``partners.csv``) is removed once the new files are in
    place. ``read_csv_bundle(path) == initiative`` afterwards.

    An existing folder that holds any other file (``README.txt``, a folder), which the reader
    would refuse as an unknown file, is refused before anything is written, every such file
    listed; hidden files (``.DS_Store``) and Excel lock files (``~$partners.csv``), which the
    reader skips, are left alone.

    The write is all or nothing: the archive is written to a temporary file beside it and moved
    into place; a new folder is written as a temporary folder beside it and renamed; in an
    existing folder every file is first written to a temporary file, and all are moved into
    place only once all are written. A failure (a full disk) leaves what was there as it was.

    Parameters
    ----------
    initiative
        What to write.
    path
        A folder (created when missing), or a file name ending in ``.zip``. The archive's member
        dates are fixed, so the same initiative always gives the same bytes.

    Raises
    ------
    WriteError
        When ``path`` names an existing file but does not end in ``.zip``; when ``path`` is
        not an existing folder and ends as a file of another format does
        (``.yaml``, ``.json``, ``.xlsx``, ``.csv`` and the like: :data:`FILE_SUFFIXES`), or
        when the bundle cannot be written (permission denied, a read-only file, a full disk,
        the folder of the ``.zip`` does not exist), or the folder holds files that are not the
        bundle's (listed); the message names the file or the folder, and nothing was changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> import tempfile, pathlib, collective_impact as ci
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv_bundle(ci.load_example("workforce"), folder)
    ...     print(pathlib.Path(folder, "partners.csv").read_text().splitlines()[0])
    id,name,sector,roles
    """
    expect_initiative(initiative)
    p = Path(expect_path(path, "write_csv_bundle"))
    files = {t.file: _csv_bytes(t, initiative) for t in TABLES.values()}
    if p.suffix.lower() == ".zip":
        data, bombs = _zip_bytes(files, stored=frozenset())
        if bombs:  # rare: compressed once more, with those members stored as they are
            data, _ = _zip_bytes(files, stored=bombs)
        write_bytes(p, data)
        return
    if p.is_file():  # a WriteError, as every other write refused (it was a FormatError)
        raise WriteError(
            shown_path(p),
            "it is a file; a CSV bundle is written to a folder, or to a path ending in .zip; "
            "nothing was written",
            errno=errno.ENOTDIR,
        )
    if p.suffix.lower() in FILE_SUFFIXES and not p.is_dir():
        raise WriteError(
            shown_path(p),
            f"a CSV bundle is written to a folder or a .zip file, not under the suffix "
            f"{p.suffix!r} (a file's); name a folder (for example {p.stem or 'initiative'}) or "
            "a .zip file; nothing was written",
        )
    write_files(p, files, remove=_older_copies(p))


def _zip_bytes(files: dict[str, bytes], stored: frozenset[str]) -> tuple[bytes, frozenset[str]]:
    """Return a bundle's ``.zip`` and the deflated members the reader would take for bombs.

    Each member is deflated, but those named in ``stored``, which are stored as they are. A
    member deflated beyond a quarter of what the reader takes (``DEFAULT_MAX_RATIO``, measured
    as the reader measures it; a very repetitive text can) is returned, so that the caller can
    store it instead: the library reads every bundle it writes. Each member is compressed once,
    and only such a rare archive twice.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
        bombs = frozenset(
            info.filename
            for info in archive.infolist()
            if info.compress_type == zipfile.ZIP_DEFLATED
            and info.file_size > _RATIO_FLOOR
            and info.file_size / max(info.compress_size, 1) > DEFAULT_MAX_RATIO / 4
        )
    return buffer.getvalue(), bombs


#: How many files the refusal of a folder that holds other files names.
_NAMED_FILES = 10


def _older_copies(folder: Path) -> list[str]:
    """Return the older copies of bundle files in ``folder``, refusing a folder with other files.

    An older copy is named as a file of the bundle but for case or spaces (``Partners.csv``):
    the reader takes it for the same file, so it is removed when the bundle is written. Any
    other entry, which the reader would refuse as an unknown file, makes the writer refuse the
    folder; hidden files and Excel lock files, which the reader skips, are left alone.

    Raises
    ------
    WriteError
        Naming the folder and the files that are not the bundle's.
    """
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []  # a new folder; or not a folder, which write_files refuses
    except (OSError, ValueError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise WriteError(
            shown_path(folder), f"cannot list the folder: {reason}; nothing was written"
        ) from None
    older: list[str] = []
    other: list[str] = []
    for name in names:
        if _skipped(name) or name in BUNDLE_FILES:
            continue
        is_dir = (folder / name).is_dir()
        if name.strip().lower() in BUNDLE_FILES and not is_dir:
            older.append(name)
        else:
            other.append(name + ("/" if is_dir else ""))
    if other:
        n = len(other)
        listed = ", ".join(map(repr, other[:_NAMED_FILES]))
        if n > _NAMED_FILES:
            listed += f" and {n - _NAMED_FILES:,} more"
        folders = sum(name.endswith("/") for name in other)
        counted = " and ".join(
            plural(count, word)
            for count, word in ((n - folders, "file"), (folders, "folder"))
            if count
        )
        raise WriteError(
            shown_path(folder),
            f"the folder holds {counted} {'that is' if n == 1 else 'that are'} not part "
            f"of a CSV bundle: {listed}; read_csv_bundle refuses a folder with other files, so "
            f"write the bundle to a new or empty folder, or move {'it' if n == 1 else 'them'} "
            "out; nothing was written",
        )
    return older
