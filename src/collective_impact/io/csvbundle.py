r"""CSV bundles: an initiative as a folder (or a ``.zip``) of spreadsheet-friendly CSV files.

A bundle holds one CSV file per kind of thing. ``initiative.csv`` and ``partners.csv`` are
required; every other file is optional (a missing file means "none of these"). Any other file in
the bundle is an error, so that a misspelt file name (``partner.csv``) is never silently ignored;
hidden files (``.DS_Store``) and macOS ``__MACOSX/`` folders are skipped.

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
``indicators.csv``        **id**, **name**, unit, direction (default ``increase``), level
                          (default ``population``), frequency, quadrant, informs (``|``),
                          baseline_date, baseline_value, target_date, target_value
``pathways.csv``          **indicator**, **drives**, **weight** — one row per pathway edge
                          (``Indicator.drives``): *indicator* drives *drives* with *weight*
``observations.csv``      **indicator**, **date**, **value**, reported_by, group — an
                          indicator's observations, in file order
``populations.csv``       **id**, name, within — the declared populations
                          (``Initiative.populations``): *id* is the label activities use,
                          *within* the declared label that contains it
``places.csv``            **id**, name, within — the declared places, as ``populations.csv``
``activities.csv``        **id**, **name**, **partners** (``|``, the lead first), strategy,
                          populations (``|``), places (``|``), start, end
``contributions.csv``     **activity**, **indicator**, **value** — one row per entry of
                          ``Activity.contributes``
``ties.csv``              **source**, **target**, kind (default ``communication``), strength
                          (default 1), power_influence, involvement, resources, reliability,
                          mission_congruence, openness, intensity
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
    commas (``1,234.5``); a decimal comma (``0,8``) is an error. Dates are ISO 8601
    (``2025-09-01``).
Lists
    Cells marked ``|`` hold several values separated by ``|``. A value containing ``|`` or ``\``
    escapes it with a backslash (``a\|b`` is the single value ``a|b``; ``a\\b`` is ``a\b``); a
    backslash before any other character is kept as written.
Spreadsheet quirks
    A UTF-8 byte-order mark, CRLF line ends, blank rows (anywhere) and a ``;`` or tab separator
    (when the header row has no comma) are accepted. Rows are numbered as a spreadsheet shows
    them: the header is row 1 and blank rows count.

Reading collects every problem of every file and raises them together in one
:class:`~collective_impact.ValidationError` whose paths name the file, row and column
(``ties.csv, row 4, column target``). Writing always writes every file of the bundle
(:data:`BUNDLE_FILES`, with only a header row when there is nothing to hold), comma-separated
UTF-8 (no byte-order mark) with CRLF line ends (RFC 4180), numbers as the shortest text that
reads back to the same float; ``read_csv_bundle(write_csv_bundle(x, p)) == x`` for every
initiative ``x``.

Security: a bundle is read as plain text, nothing in it is evaluated, nothing is extracted to disk.
A ``.zip`` is refused when a member's name is absolute or contains ``..``, when it has too many
members, when the sizes its headers declare exceed ``max_bytes`` or a member's compression ratio
exceeds ``max_ratio`` (a decompression bomb), and the bytes actually decompressed are counted too,
so a header that lies about sizes gains nothing.

Note that a text starting with ``=``, ``+``, ``-`` or ``@`` is written as is (round trips need
it); spreadsheet programs may treat such a cell as a formula when the file is opened.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import enum
import io
import math
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import FormatError, MissingFileError, ValidationError, did_you_mean
from ..model import (
    BackboneFunction,
    Direction,
    Frequency,
    FunctionLevel,
    Initiative,
    Intensity,
    Level,
    Quadrant,
    Role,
    Sector,
    StaffRole,
    TieKind,
    Urgency,
)
from ..model.ties import RATINGS

__all__ = [
    "BUNDLE_FILES",
    "DEFAULT_MAX_RATIO",
    "DEFAULT_MAX_TOTAL_BYTES",
    "read_csv_bundle",
    "write_csv_bundle",
]

#: The files of a bundle and their columns, in the order the writer uses.
BUNDLE_FILES: Mapping[str, tuple[str, ...]] = {
    "initiative.csv": ("key", "value"),
    "partners.csv": ("id", "name", "sector", "roles"),
    "goals.csv": ("id", "statement", "indicators", "weight"),
    "indicators.csv": (
        "id",
        "name",
        "unit",
        "direction",
        "level",
        "frequency",
        "quadrant",
        "informs",
        "baseline_date",
        "baseline_value",
        "target_date",
        "target_value",
    ),
    "pathways.csv": ("indicator", "drives", "weight"),
    "observations.csv": ("indicator", "date", "value", "reported_by", "group"),
    "populations.csv": ("id", "name", "within"),
    "places.csv": ("id", "name", "within"),
    "activities.csv": (
        "id",
        "name",
        "partners",
        "strategy",
        "populations",
        "places",
        "start",
        "end",
    ),
    "contributions.csv": ("activity", "indicator", "value"),
    "ties.csv": ("source", "target", "kind", "strength", *RATINGS, "intensity"),
    "working_groups.csv": ("id", "name", "members", "goals"),
    "backbone.csv": (
        "organization",
        *(r.value for r in StaffRole),
        *(f.value for f in BackboneFunction),
    ),
}

_REQUIRED_FILES = ("initiative.csv", "partners.csv")

_REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "initiative.csv": ("key", "value"),
    "partners.csv": ("id", "name", "sector"),
    "goals.csv": ("id", "statement"),
    "indicators.csv": ("id", "name"),
    "pathways.csv": ("indicator", "drives", "weight"),
    "observations.csv": ("indicator", "date", "value"),
    "populations.csv": ("id",),
    "places.csv": ("id",),
    "activities.csv": ("id", "name", "partners"),
    "contributions.csv": ("activity", "indicator", "value"),
    "ties.csv": ("source", "target"),
    "working_groups.csv": ("id", "name"),
    "backbone.csv": ("organization",),
}

#: The keys of ``initiative.csv``.
_INITIATIVE_KEYS = (
    "name",
    "description",
    "problem",
    "as_of",
    "champions",
    "funding_secured_until",
    "urgency",
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

#: Did-you-mean suggestions are computed for at most this many cells.
_MAX_SUGGESTIONS = 25

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_SECTION_REF = re.compile(
    r"(?<![\w.])(partners|goals|indicators|populations|places|activities|ties|working_groups)"
    r"\[(\d+)\]"
)
_MISSING_KEY = re.compile(r"missing required key '(\w+)'")

_SECTION_FILES = {
    "partners": "partners.csv",
    "goals": "goals.csv",
    "indicators": "indicators.csv",
    "populations": "populations.csv",
    "places": "places.csv",
    "activities": "activities.csv",
    "ties": "ties.csv",
    "working_groups": "working_groups.csv",
}

_FILE_ORDER = {name: i for i, name in enumerate(BUNDLE_FILES)}


class _Absent:
    """Marker for a cell that gives no value (the field is left out of the tree)."""


_ABSENT = _Absent()


class _Loc(NamedTuple):
    """Where something is in a bundle: a file, maybe a row, maybe a column."""

    file: str
    row: int | None = None
    column: str | None = None

    def render(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def sort_key(self) -> tuple[int, str, int, int]:
        columns = BUNDLE_FILES.get(self.file, ())
        if self.column is None:
            col = -2
        else:
            col = columns.index(self.column) if self.column in columns else -1
        return (_FILE_ORDER.get(self.file, -1), self.file, self.row or 0, col)


class _Row(NamedTuple):
    number: int
    cells: dict[str, str]


class _Table(NamedTuple):
    file: str
    rows: list[_Row]


# --------------------------------------------------------------------------- shared CSV helpers
# These follow the conventions of :mod:`collective_impact.io.survey` (spreadsheet row numbers,
# ``;``/tab separators, column letters) and could be shared with it.


def _letter(index: int) -> str:
    """Return the spreadsheet name of a 0-based column: 0 → ``A``, 26 → ``AA``.

    Examples
    --------
    >>> _letter(0), _letter(25), _letter(26)
    ('A', 'Z', 'AA')
    """
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _delimiter(text: str) -> str:
    """Return ``,``, or ``;`` / tab when the first non-blank line has no comma but one of them."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def _records(text: str) -> Iterable[tuple[int, list[str]]]:
    """Yield the non-blank records of CSV text with their spreadsheet row numbers (cells as is).

    Raises
    ------
    csv.Error
        When the text is not CSV.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    for number, record in enumerate(reader, start=1):
        if any(cell.strip() for cell in record):
            yield number, record


def _parse_number(text: str) -> float | None:
    """Return the value of a decimal number as a spreadsheet writes it, or ``None``.

    Spaces around it are ignored and thousands may be grouped with commas; ``nan``, ``inf``,
    ``1_000`` and a decimal comma are not numbers.

    Examples
    --------
    >>> _parse_number(" 1,234.5 "), _parse_number("-0.25"), _parse_number("1e-05")
    (1234.5, -0.25, 1e-05)
    >>> _parse_number("0,8") is None, _parse_number("nan") is None
    (True, True)
    """
    text = text.strip()
    if _PLAIN_NUMBER.fullmatch(text):
        value = float(text)
    elif _GROUPED_NUMBER.fullmatch(text):
        value = float(text.replace(",", ""))
    else:
        return None
    return value if math.isfinite(value) else None


def _format_number(value: float) -> str:
    """Return the shortest text that :func:`_parse_number` reads back to exactly ``value``.

    Examples
    --------
    >>> _format_number(48.0), _format_number(0.1), _format_number(-0.0), _format_number(1e16)
    ('48', '0.1', '-0', '1e+16')
    """
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _join_values(values: Iterable[str]) -> str:
    r"""Join values into one ``|``-separated cell, escaping ``|`` and ``\`` with a backslash.

    Examples
    --------
    >>> print(_join_values(["a", "b|c", "d\\e"]))
    a|b\|c|d\\e
    """
    return "|".join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def _split_values(cell: str) -> list[str]:
    r"""Split a ``|``-separated cell into its values (the inverse of :func:`_join_values`).

    A blank cell has no values. A backslash escapes ``|`` and ``\``; before any other character
    it is kept as written.

    Examples
    --------
    >>> _split_values(r"a|b\|c|d\\e")
    ['a', 'b|c', 'd\\e']
    >>> _split_values("  ")
    []
    """
    if not cell.strip():
        return []
    values: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell) and cell[i + 1] in "|\\":
            current.append(cell[i + 1])
            i += 2
            continue
        if ch == "|":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    values.append("".join(current))
    return values


# --------------------------------------------------------------------------- reading the bundle


def _safe_member_name(name: str) -> bool:
    """Return whether a ``.zip`` member name stays inside the folder it would be extracted to."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"[A-Za-z]:", norm):
        return False
    return ".." not in norm.split("/")


def _skipped(name: str) -> bool:
    """Hidden files and macOS resource forks, which archivers add without asking."""
    parts = [p for p in name.replace("\\", "/").split("/") if p]
    return not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)


def _zip_too_big(total: int, max_bytes: int | None) -> str | None:
    if max_bytes is not None and total > max_bytes:
        return (
            f"the archive decompresses to more than {max_bytes:,} bytes (a decompression bomb?); "
            "pass max_bytes= to read it anyway"
        )
    return None


#: Compression methods zipfile can read; others are refused by name before any member is opened.
_READABLE_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)


def _read_zip(path: Path, max_bytes: int | None, max_ratio: float | None) -> dict[str, bytes]:
    source = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
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
                raise FormatError(message, source=source)
            for info in files:
                ratio = info.file_size / max(info.compress_size, 1)
                if max_ratio is not None and info.file_size > _RATIO_FLOOR and ratio > max_ratio:
                    raise FormatError(
                        f"the member {info.filename!r} decompresses {ratio:,.0f} times its "
                        f"size (more than {max_ratio:g}): a decompression bomb? Pass "
                        "max_ratio= to read it anyway",
                        source=source,
                    )
            names = [i.filename.replace("\\", "/") for i in files]
            tops = {n.split("/", 1)[0] for n in names}
            strip = len(tops) == 1 and all(n.count("/") == 1 for n in names)
            out: dict[str, bytes] = {}
            total = 0
            for info, name in zip(files, names, strict=True):
                name = name.split("/", 1)[1] if strip else name
                if name.lower() not in BUNDLE_FILES:
                    out[name] = b""  # reported as an unknown file; never decompressed
                    continue
                chunks: list[bytes] = []
                size = 0
                with archive.open(info) as handle:
                    while chunk := handle.read(1 << 16):
                        size += len(chunk)
                        total += len(chunk)
                        message = _zip_too_big(total, max_bytes)
                        if message or size > info.file_size:
                            raise FormatError(
                                message
                                or f"the member {info.filename!r} is larger than its header "
                                "says; refusing to read it",
                                source=source,
                            )
                        chunks.append(chunk)
                out[name] = b"".join(chunks)
            return out
    except FileNotFoundError:
        raise MissingFileError(source) from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        RuntimeError,
    ) as err:  # RuntimeError: encrypted
        raise FormatError(f"not a readable .zip archive: {err}", source=source) from None


def _read_folder(path: Path, max_bytes: int | None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    total = 0
    for entry in sorted(path.iterdir()):
        if _skipped(entry.name):
            continue
        if not entry.is_file():
            out[entry.name + "/"] = b""
            continue
        if entry.name.lower() not in BUNDLE_FILES:
            out[entry.name] = b""  # reported as an unknown file; never read
            continue
        size = entry.stat().st_size
        total += size
        if max_bytes is not None and total > max_bytes:
            raise FormatError(
                f"the bundle's files hold more than {max_bytes:,} bytes; pass max_bytes= to read "
                "them anyway",
                source=str(path),
            )
        with entry.open("rb") as handle:  # never more than announced: the file may grow
            data = handle.read(size + 1)
        if len(data) > size:
            raise FormatError(f"{entry.name} grew while it was read", source=str(path))
        out[entry.name] = data
    return out


def _decode(data: bytes) -> tuple[str | None, str]:
    """Return the text of a CSV file (without a byte-order mark), or a problem."""
    if data.startswith(b"PK\x03\x04"):
        return None, "this is a spreadsheet workbook (.xlsx), not CSV text; save it as 'CSV UTF-8'"
    nul = data.find(b"\0")
    if nul >= 0:
        return None, f"this is a binary file (a NUL byte at offset {nul}), not CSV text"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, (
            f"the file is not UTF-8 text (invalid byte at offset {err.start}, line {line}); "
            "save it as 'CSV UTF-8'"
        )


def _id_index(objects: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Return the position of the first object with each (string) id."""
    index: dict[str, int] = {}
    for k, obj in enumerate(objects):
        if isinstance(obj.get("id"), str):
            index.setdefault(obj["id"], k)
    return index


class _Reader:
    """Builds the native tree from the tables, remembering where each part of it came from."""

    def __init__(self) -> None:
        self.problems: list[tuple[_Loc, str]] = []
        self.locs: dict[str, _Loc] = {}
        self.map_locs: dict[str, tuple[_Loc, _Loc]] = {}
        self.rows_of: dict[str, list[int]] = {}
        self.missing: set[tuple[str, str]] = set()
        self.budget = _MAX_SUGGESTIONS

    def report(self, loc: _Loc, message: str) -> None:
        self.problems.append((loc, message))

    def suggest(self, word: str, known: Iterable[str]) -> str:
        if self.budget <= 0:
            return ""
        self.budget -= 1
        return did_you_mean(difflib.get_close_matches(word, list(known), n=1, cutoff=0.6))

    # ------------------------------------------------------------------ tables

    def table(self, file: str, data: bytes) -> _Table | None:
        text, problem = _decode(data)
        if text is None:
            self.report(_Loc(file), problem)
            return None
        try:
            records = list(_records(text))
        except csv.Error as err:
            self.report(_Loc(file), f"invalid CSV: {err}")
            return None
        allowed = BUNDLE_FILES[file]
        if not records:
            self.report(
                _Loc(file),
                f"the file is empty; its first row must name the columns ({', '.join(allowed)})",
            )
            return None
        header_row, header = records[0]
        columns: dict[str, int] = {}
        unnamed: list[int] = []
        listed = ", ".join(allowed)
        for j, raw in enumerate(header):
            col = raw.strip().lower()
            where = _Loc(file, header_row, _letter(j))
            if not col:
                unnamed.append(j)
            elif col in columns:
                self.report(
                    _Loc(file, header_row, col),
                    f"column {raw.strip()!r} appears twice (columns {_letter(columns[col])} and "
                    f"{_letter(j)}); keep one",
                )
            elif col in allowed:
                columns[col] = j
            else:
                close = difflib.get_close_matches(col, allowed, n=1, cutoff=0.6)
                self.report(
                    where,
                    f"unknown column {raw.strip()!r}{did_you_mean(close)}; the columns of "
                    f"{file} are {listed}",
                )
        for col in _REQUIRED_COLUMNS[file]:
            if col not in columns:
                self.missing.add((file, col))
                self.report(
                    _Loc(file, header_row, col),
                    f"missing required column {col!r}; the header row must name it (the "
                    f"columns of {file} are {listed})",
                )
        rows: list[_Row] = []
        for number, record in records[1:]:
            for j in unnamed:
                if j < len(record) and record[j].strip():
                    self.report(
                        _Loc(file, number, _letter(j)),
                        f"this column has no name in the header row but holds {record[j]!r}; "
                        "name the column or clear it",
                    )
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                self.report(
                    _Loc(file, number),
                    f"the row has {len(record)} cells but the header row names only "
                    f"{len(header)} columns; the extra cells are not blank",
                )
            cells = {c: record[j] if j < len(record) else "" for c, j in columns.items()}
            rows.append(_Row(number, cells))
        return _Table(file, rows)

    # ------------------------------------------------------------------ cells

    @staticmethod
    def text(loc: _Loc, cell: str) -> Any:
        return cell if cell.strip() else _ABSENT

    @staticmethod
    def date(loc: _Loc, cell: str) -> Any:
        return cell.strip() or _ABSENT

    @staticmethod
    def values(loc: _Loc, cell: str) -> Any:
        return _split_values(cell) if cell.strip() else _ABSENT

    def number(self, loc: _Loc, cell: str) -> Any:
        if not cell.strip():
            return _ABSENT
        value = _parse_number(cell)
        if value is None:
            hint = ""
            if _DECIMAL_COMMA.fullmatch(cell.strip()):
                hint = f"; use a dot as the decimal separator ({cell.strip().replace(',', '.')})"
            self.report(loc, f"expected a number, got {cell.strip()!r}{hint}")
            return _ABSENT
        return value

    @staticmethod
    def choice(enum_cls: type[enum.Enum]) -> Callable[[_Loc, str], Any]:
        values = {str(m.value) for m in enum_cls}

        def parse(loc: _Loc, cell: str) -> Any:
            text = cell.strip()
            if not text:
                return _ABSENT
            return text.lower() if text.lower() in values else text

        return parse

    @classmethod
    def choices(cls, enum_cls: type[enum.Enum]) -> Callable[[_Loc, str], Any]:
        one = cls.choice(enum_cls)

        def parse(loc: _Loc, cell: str) -> Any:
            if not cell.strip():
                return _ABSENT
            return [one(loc, v) if v.strip() else v for v in _split_values(cell)]

        return parse

    # ------------------------------------------------------------------ sections

    def section(
        self,
        table: _Table | None,
        section: str,
        spec: Sequence[tuple[str, str, Callable[[_Loc, str], Any]]],
    ) -> list[dict[str, Any]]:
        """Build one object per row; ``spec`` gives (column, field, parser)."""
        items: list[dict[str, Any]] = []
        file = _SECTION_FILES[section]
        self.locs[section] = _Loc(file)
        numbers: list[int] = []
        for i, row in enumerate(table.rows if table else ()):
            prefix = f"{section}[{i}]"
            self.locs[prefix] = _Loc(file, row.number)
            obj: dict[str, Any] = {}
            for column, field, parse in spec:
                loc = _Loc(file, row.number, column)
                self.locs[f"{prefix}.{field}"] = loc
                value = parse(loc, row.cells.get(column, ""))
                if value is not _ABSENT:
                    obj[field] = value
            items.append(obj)
            numbers.append(row.number)
        self.rows_of[section] = numbers
        return items

    def dated(self, obj: dict[str, Any], prefix: str, row: _Row, file: str, what: str) -> None:
        """Read ``<what>_date`` and ``<what>_value`` into ``obj[what]`` (both or neither)."""
        date_loc = _Loc(file, row.number, f"{what}_date")
        value_loc = _Loc(file, row.number, f"{what}_value")
        self.locs[f"{prefix}.{what}"] = value_loc  # a target contradicting the baseline
        self.locs[f"{prefix}.{what}.date"] = date_loc
        self.locs[f"{prefix}.{what}.value"] = value_loc
        date_cell = row.cells.get(f"{what}_date", "")
        value_cell = row.cells.get(f"{what}_value", "")
        date = self.date(date_loc, date_cell)
        value = self.number(value_loc, value_cell)  # reports a value that is not a number
        if bool(date_cell.strip()) != bool(value_cell.strip()):
            self.report(
                value_loc if date_cell.strip() else date_loc,
                f"give both {what}_date and {what}_value, or leave both blank",
            )
            return
        if date is _ABSENT or value is _ABSENT:
            return
        obj[what] = {"date": date, "value": value}

    def lookup(self, index: Mapping[str, int], loc: _Loc, cell: str, kind: str) -> int | None:
        if not cell.strip():
            self.report(loc, f"required; give {kind} id")
            return None
        if cell not in index:
            self.report(loc, f"unknown {kind} {cell!r}{self.suggest(cell, index)}")
            return None
        return index[cell]

    def entries(
        self,
        table: _Table | None,
        owners: list[dict[str, Any]],
        section: str,
        field: str,
        columns: tuple[str, str, str],
        kind: str,
    ) -> None:
        """Read a table of map entries (pathways, contributions) into ``owners[k][field]``."""
        if table is None:
            return
        index = _id_index(owners)
        owner_col, key_col, value_col = columns
        first: dict[tuple[int, str], int] = {}
        for row in table.rows:
            owner_loc = _Loc(table.file, row.number, owner_col)
            key_loc = _Loc(table.file, row.number, key_col)
            value_loc = _Loc(table.file, row.number, value_col)
            k = self.lookup(index, owner_loc, row.cells.get(owner_col, ""), kind)
            key = row.cells.get(key_col, "")
            if not key.strip():
                self.report(key_loc, "required; give an indicator id")
                key = ""
            value = self.number(value_loc, row.cells.get(value_col, ""))
            if value is _ABSENT and not row.cells.get(value_col, "").strip():
                self.report(value_loc, "required; give a number")
            if k is None or not key:
                continue
            if (k, key) in first:
                self.report(
                    key_loc,
                    f"{owners[k]['id']!r} and {key!r} are already paired at row "
                    f"{first[k, key]}; keep one row per pair",
                )
                continue
            first[k, key] = row.number
            if value is _ABSENT:
                continue
            owners[k].setdefault(field, {})[key] = value
            self.map_locs[f"{section}[{k}].{field}[{key!r}]"] = (key_loc, value_loc)

    # ------------------------------------------------------------------ the whole tree

    def tree(self, tables: Mapping[str, _Table | None]) -> dict[str, Any]:
        tree: dict[str, Any] = {"schema_version": 1}
        self.initiative(tables.get("initiative.csv"), tree)
        tree["partners"] = self.section(
            tables.get("partners.csv"),
            "partners",
            [
                ("id", "id", self.text),
                ("name", "name", self.text),
                ("sector", "sector", self.choice(Sector)),
                ("roles", "roles", self.choices(Role)),
            ],
        )
        tree["goals"] = self.section(
            tables.get("goals.csv"),
            "goals",
            [
                ("id", "id", self.text),
                ("statement", "statement", self.text),
                ("indicators", "indicators", self.values),
                ("weight", "weight", self.number),
            ],
        )
        table = tables.get("indicators.csv")
        indicators = self.section(
            table,
            "indicators",
            [
                ("id", "id", self.text),
                ("name", "name", self.text),
                ("unit", "unit", self.text),
                ("direction", "direction", self.choice(Direction)),
                ("level", "level", self.choice(Level)),
                ("frequency", "frequency", self.choice(Frequency)),
                ("quadrant", "quadrant", self.choice(Quadrant)),
                ("informs", "informs", self.values),
            ],
        )
        for i, (obj, row) in enumerate(zip(indicators, table.rows if table else (), strict=True)):
            for what in ("baseline", "target"):
                self.dated(obj, f"indicators[{i}]", row, "indicators.csv", what)
        tree["indicators"] = indicators
        self.observations(tables.get("observations.csv"), indicators)
        self.entries(
            tables.get("pathways.csv"),
            indicators,
            "indicators",
            "drives",
            ("indicator", "drives", "weight"),
            "indicator",
        )
        for section in ("populations", "places"):
            tree[section] = self.section(
                tables.get(_SECTION_FILES[section]),
                section,
                [
                    ("id", "id", self.text),
                    ("name", "name", self.text),
                    ("within", "within", self.text),
                ],
            )
        activities = self.section(
            tables.get("activities.csv"),
            "activities",
            [
                ("id", "id", self.text),
                ("name", "name", self.text),
                ("partners", "partners", self.values),
                ("strategy", "strategy", self.text),
                ("populations", "populations", self.values),
                ("places", "places", self.values),
                ("start", "start", self.date),
                ("end", "end", self.date),
            ],
        )
        self.entries(
            tables.get("contributions.csv"),
            activities,
            "activities",
            "contributes",
            ("activity", "indicator", "value"),
            "activity",
        )
        tree["activities"] = activities
        tree["ties"] = self.section(
            tables.get("ties.csv"),
            "ties",
            [
                ("source", "source", self.text),
                ("target", "target", self.text),
                ("kind", "kind", self.choice(TieKind)),
                ("strength", "strength", self.number),
                *((r, r, self.number) for r in RATINGS),
                ("intensity", "intensity", self.choice(Intensity)),
            ],
        )
        tree["working_groups"] = self.section(
            tables.get("working_groups.csv"),
            "working_groups",
            [
                ("id", "id", self.text),
                ("name", "name", self.text),
                ("members", "members", self.values),
                ("goals", "goals", self.values),
            ],
        )
        self.backbone(tables.get("backbone.csv"), tree)
        return tree

    def initiative(self, table: _Table | None, tree: dict[str, Any]) -> None:
        file = "initiative.csv"
        self.locs[""] = _Loc(file)
        self.locs["conditions"] = _Loc(file)
        conditions: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for row in table.rows if table else ():
            raw = row.cells.get("key", "")
            key = raw.strip().lower()
            loc = _Loc(file, row.number, "value")
            cell = row.cells.get("value", "")
            if not key:
                self.report(_Loc(file, row.number, "key"), "required; give a key")
                continue
            if key not in _INITIATIVE_KEYS:
                close = difflib.get_close_matches(key, _INITIATIVE_KEYS, n=1, cutoff=0.6)
                self.report(
                    _Loc(file, row.number, "key"),
                    f"unknown key {raw.strip()!r}{did_you_mean(close)}; the keys of {file} "
                    f"are {', '.join(_INITIATIVE_KEYS)}",
                )
                continue
            if key in seen:
                self.report(
                    _Loc(file, row.number, "key"),
                    f"the key {key!r} is already given at row {seen[key]}; keep one",
                )
                continue
            seen[key] = row.number
            if key in ("description", "problem"):  # the empty text is a value of its own
                tree[key] = cell
                self.locs[key] = loc
            elif key in ("name", "as_of"):
                self.locs[key] = loc
                value = (self.text if key == "name" else self.date)(loc, cell)
                if value is not _ABSENT:
                    tree[key] = value
            else:
                self.locs[f"conditions.{key}"] = loc
                parse = {
                    "champions": self.values,
                    "funding_secured_until": self.date,
                    "urgency": self.choice(Urgency),
                }[key]
                value = parse(loc, cell)
                if value is not _ABSENT:
                    conditions[key] = value
        if table is not None and "name" not in seen:
            self.report(_Loc(file), "missing the required key 'name' (a row: name,<the name>)")
        if conditions:
            tree["conditions"] = conditions

    def observations(self, table: _Table | None, indicators: list[dict[str, Any]]) -> None:
        if table is None:
            return
        index = _id_index(indicators)
        spec = [
            ("date", "date", self.date),
            ("value", "value", self.number),
            ("reported_by", "reported_by", self.text),
            ("group", "group", self.text),
        ]
        for row in table.rows:
            loc = _Loc(table.file, row.number, "indicator")
            k = self.lookup(index, loc, row.cells.get("indicator", ""), "indicator")
            obj: dict[str, Any] = {}
            values: dict[str, _Loc] = {}
            for column, field, parse in spec:
                values[field] = _Loc(table.file, row.number, column)
                value = parse(values[field], row.cells.get(column, ""))
                if value is not _ABSENT:
                    obj[field] = value
            if k is None:
                continue
            observations = indicators[k].setdefault("observations", [])
            prefix = f"indicators[{k}].observations[{len(observations)}]"
            observations.append(obj)
            self.locs[prefix] = _Loc(table.file, row.number)
            for field, field_loc in values.items():
                self.locs[f"{prefix}.{field}"] = field_loc

    def backbone(self, table: _Table | None, tree: dict[str, Any]) -> None:
        if table is None or not table.rows:
            return
        row, *extra = table.rows
        for other in extra:
            self.report(
                _Loc(table.file, other.number),
                f"an initiative has one backbone; only one data row is allowed (row {row.number})",
            )
        self.locs["backbone"] = _Loc(table.file, row.number)
        loc = _Loc(table.file, row.number, "organization")
        self.locs["backbone.organization"] = loc
        backbone: dict[str, Any] = {}
        organization = self.text(loc, row.cells.get("organization", ""))
        if organization is not _ABSENT:
            backbone["organization"] = organization
        staff: dict[str, Any] = {}
        for role in StaffRole:
            loc = _Loc(table.file, row.number, role.value)
            self.locs[f"backbone.staff[{role.value!r}]"] = loc
            value = self.number(loc, row.cells.get(role.value, ""))
            if value is not _ABSENT:
                staff[role.value] = value
        functions: dict[str, Any] = {}
        level = self.choice(FunctionLevel)
        for function in BackboneFunction:
            loc = _Loc(table.file, row.number, function.value)
            self.locs[f"backbone.functions[{function.value!r}]"] = loc
            value = level(loc, row.cells.get(function.value, ""))
            if value is not _ABSENT:
                functions[function.value] = value
        if staff:
            backbone["staff"] = staff
        if functions:
            backbone["functions"] = functions
        tree["backbone"] = backbone

    # ------------------------------------------------------------------ model problems

    def locate(self, path: str, message: str) -> tuple[_Loc | None, str] | None:
        """Map a problem of the native tree to the file, row and column it came from.

        Returns ``None`` for a problem already reported another way, and ``(None, message)`` for
        one that cannot be located.
        """
        missing = _MISSING_KEY.fullmatch(message)
        if missing:
            field_loc = self.locs.get(f"{path}.{missing.group(1)}" if path else missing.group(1))
            if field_loc is not None and field_loc.row is not None:
                if (field_loc.file, field_loc.column or "") in self.missing:
                    return None  # the whole column is missing: reported once, at the header
                return field_loc, "required, but the cell is empty"
        cut = len(path)
        while cut > 0 or not path:
            prefix = path[:cut]
            if prefix in self.map_locs:
                key_loc, value_loc = self.map_locs[prefix]
                keyish = message.startswith(("key:", "unknown")) or "cannot" in message
                return (key_loc if keyish else value_loc), self.rewrite(message, key_loc.file)
            if prefix in self.locs:
                loc = self.locs[prefix]
                if loc.row is None and prefix in _SECTION_FILES:
                    message = message.replace("1 item(s), got none", "one row, got none")
                return loc, self.rewrite(message, loc.file)
            if not path:
                break
            cut = max(path.rfind(".", 0, cut), path.rfind("[", 0, cut), 0)
        return None, message

    def rewrite(self, message: str, file: str) -> str:
        """Replace tree paths in a message (``first used at partners[0]``) with row numbers."""

        def row(match: re.Match[str]) -> str:
            section, i = match.group(1), int(match.group(2))
            numbers = self.rows_of.get(section, [])
            if i >= len(numbers):
                return match.group(0)
            where = f"row {numbers[i]}"
            other = _SECTION_FILES[section]
            return where if other == file else f"{other} {where}"

        return _SECTION_REF.sub(row, message)


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
        When ``path`` is neither a folder nor a ``.zip`` archive, or the archive is unsafe
        (a member escaping the folder, a decompression bomb) or damaged.
    ValidationError
        Listing every problem of every file at once, each located as
        ``ties.csv, row 4, column target`` (the header is row 1): a missing or unknown file,
        a missing or unknown column, a value that is not a number, a date or an allowed choice,
        a reference to an unknown id (with a did-you-mean), and every rule of the model.
        Its ``source`` is ``path``.

    Examples
    --------
    >>> import tempfile, collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv_bundle(init, f"{folder}/workforce.zip")
    ...     read_csv_bundle(f"{folder}/workforce.zip") == init
    True
    """
    p = Path(path)
    source = str(p)
    if p.is_dir():
        members = _read_folder(p, max_bytes)
    elif p.exists():
        if not zipfile.is_zipfile(p):
            raise FormatError("not a folder or a .zip archive of CSV files", source=source)
        members = _read_zip(p, max_bytes, max_ratio)
    else:
        raise MissingFileError(source)

    reader = _Reader()
    tables: dict[str, _Table | None] = {}
    for name, data in members.items():
        file = name.lower()
        if file not in BUNDLE_FILES:
            close = difflib.get_close_matches(file, list(BUNDLE_FILES), n=1, cutoff=0.6)
            reader.report(
                _Loc(name),
                f"unknown file{did_you_mean(close)}; a CSV bundle holds only "
                f"{', '.join(BUNDLE_FILES)}",
            )
        elif file in tables:
            reader.report(_Loc(name), f"{file} appears twice (the names differ only in case)")
        else:
            tables[file] = reader.table(file, data)
    for file in _REQUIRED_FILES:
        if file not in tables:
            reader.report(_Loc(file), "missing required file")
    tree = reader.tree(tables)

    own = {loc for loc, _ in reader.problems if loc.row is None or loc.column is not None}
    located: list[tuple[tuple[Any, ...], str, str]] = [
        (loc.sort_key(), loc.render(), message) for loc, message in reader.problems
    ]
    try:
        initiative = Initiative.from_dict(tree, source=source)
    except ValidationError as err:
        for problem in err.problems:
            found = reader.locate(problem.path, problem.message)
            if found is None:
                continue
            loc, message = found
            if loc is None:
                located.append(((len(_FILE_ORDER), "", 0, 0), problem.path, message))
            elif loc not in own:
                located.append((loc.sort_key(), loc.render(), message))
        if not located:  # pragma: no cover - every problem maps somewhere
            raise
    if located:
        located.sort(key=lambda item: item[0])
        raise ValidationError([(where, message) for _, where, message in located], source=source)
    return initiative


# --------------------------------------------------------------------------- writing


def _date(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _opt(value: str | enum.Enum | None) -> str:
    if value is None:
        return ""
    return str(value.value) if isinstance(value, enum.Enum) else value


def _num(value: float | None) -> str:
    return "" if value is None else _format_number(value)


def _tables(initiative: Initiative) -> dict[str, list[list[str]]]:
    """Return the rows (without header) of every file of the bundle of ``initiative``."""
    conditions = initiative.conditions
    head: list[list[str]] = [["name", initiative.name]]
    for key in ("description", "problem"):
        value = getattr(initiative, key)
        if value is not None:
            head.append([key, value])
    if initiative.as_of is not None:
        head.append(["as_of", _date(initiative.as_of)])
    if conditions.champions:
        head.append(["champions", _join_values(conditions.champions)])
    if conditions.funding_secured_until is not None:
        head.append(["funding_secured_until", _date(conditions.funding_secured_until)])
    if conditions.urgency is not None:
        head.append(["urgency", conditions.urgency.value])
    backbone: list[list[str]] = []
    if initiative.backbone is not None:
        b = initiative.backbone
        backbone.append(
            [
                b.organization,
                *(_num(b.staff.get(r)) for r in StaffRole),
                *(_opt(b.functions.get(f)) for f in BackboneFunction),
            ]
        )
    return {
        "initiative.csv": head,
        "partners.csv": [
            [p.id, p.name, p.sector.value, _join_values(r.value for r in p.roles)]
            for p in initiative.partners
        ],
        "goals.csv": [
            [g.id, g.statement, _join_values(g.indicators), _num(g.weight)]
            for g in initiative.goals
        ],
        "indicators.csv": [
            [
                i.id,
                i.name,
                _opt(i.unit),
                i.direction.value,
                i.level.value,
                _opt(i.frequency),
                _opt(i.quadrant),
                _join_values(i.informs),
                _date(i.baseline.date if i.baseline else None),
                _num(i.baseline.value if i.baseline else None),
                _date(i.target.date if i.target else None),
                _num(i.target.value if i.target else None),
            ]
            for i in initiative.indicators
        ],
        "pathways.csv": [
            [i.id, other, _num(weight)]
            for i in initiative.indicators
            for other, weight in i.drives.items()
        ],
        "observations.csv": [
            [i.id, _date(o.date), _num(o.value), _opt(o.reported_by), _opt(o.group)]
            for i in initiative.indicators
            for o in i.observations
        ],
        "populations.csv": [
            [label.id, _opt(label.name), _opt(label.within)] for label in initiative.populations
        ],
        "places.csv": [
            [label.id, _opt(label.name), _opt(label.within)] for label in initiative.places
        ],
        "activities.csv": [
            [
                a.id,
                a.name,
                _join_values(a.partners),
                _opt(a.strategy),
                _join_values(a.populations),
                _join_values(a.places),
                _date(a.start),
                _date(a.end),
            ]
            for a in initiative.activities
        ],
        "contributions.csv": [
            [a.id, ind, _num(value)]
            for a in initiative.activities
            for ind, value in a.contributes.items()
        ],
        "ties.csv": [
            [
                t.source,
                t.target,
                t.kind.value,
                _num(t.strength),
                *(_num(getattr(t, r)) for r in RATINGS),
                _opt(t.intensity),
            ]
            for t in initiative.ties
        ],
        "working_groups.csv": [
            [w.id, w.name, _join_values(w.members), _join_values(w.goals)]
            for w in initiative.working_groups
        ],
        "backbone.csv": backbone,
    }


def _csv_bytes(file: str, rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(BUNDLE_FILES[file])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _replace_atomically(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_csv_bundle(initiative: Initiative, path: str | os.PathLike[str]) -> None:
    """Write an initiative as a CSV bundle: a folder, or a ``.zip`` when ``path`` ends so.

    Every file of :data:`BUNDLE_FILES` is written (with only its header row when it has nothing
    to hold), so a folder written over an older bundle holds no stale file.
    ``read_csv_bundle(path) == initiative`` afterwards. Each file (or the archive) is written to
    a temporary file beside it and moved into place.

    Parameters
    ----------
    initiative
        What to write.
    path
        A folder (created when missing), or a file name ending in ``.zip``. The archive's member
        dates are fixed, so the same initiative always gives the same bytes.

    Raises
    ------
    FormatError
        When ``path`` names an existing file but does not end in ``.zip``.

    Examples
    --------
    >>> import tempfile, pathlib, collective_impact as ci
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_csv_bundle(ci.load_example("workforce"), folder)
    ...     print(pathlib.Path(folder, "partners.csv").read_text().splitlines()[0])
    id,name,sector,roles
    """
    p = Path(path)
    files = {name: _csv_bytes(name, rows) for name, rows in _tables(initiative).items()}
    if p.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
        _replace_atomically(p, buffer.getvalue())
        return
    if p.exists() and not p.is_dir():
        raise FormatError(
            "is a file; a CSV bundle is written to a folder, or to a path ending in .zip",
            source=str(p),
        )
    p.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        _replace_atomically(p / name, data)
