r"""The native file format: one tree (DESIGN §3) in YAML, JSON or TOML.

Reading is safe by construction: nothing in a file is ever executed and nothing is fetched from
the network. Files larger than ``max_bytes`` are refused before they are read, so a huge file
fails in bounded time and memory. Every parser refuses, with the line, the column and the path
in the tree of each one:

* a repeated key in a mapping (a parser would silently keep only the last one);
* a number that is not finite (``NaN``, ``Infinity``, ``.inf``, ``nan``, or ``1e400``, which
  overflows to infinity) and an integer of more than :data:`MAX_DIGITS` digits;
* a number too close to 0 for a float, which would silently read as 0 although it is not 0 as
  written (``1e-400``, ``-2.5e-330``; the rule of the CSV readers,
  :func:`~._sheets.underflows`). ``0e-400`` is 0, and a subnormal number that keeps a value
  (``1e-310``) is read;
* text that cannot be written back to a file: a lone surrogate (JSON's ``"\ud800"``).

YAML (:func:`_build_yaml`) also refuses what would change a document's meaning silently: merge
keys (``<<``), a mapping key that is not text (``1:``, ``yes:``, ``? [a, b]``), a plain number
that YAML 1.1 reads otherwise than YAML 1.2, JSON and TOML (``050``, octal 40 to YAML 1.1;
``1:30``, base 60; ``0x10``, ``0b11``; ``1_000``, 1000; see :func:`_yaml11_number`) and every tag
but the standard ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``, ``!!timestamp``,
``!!map`` and ``!!seq`` (so no ``!!set``, ``!!omap``, ``!!pairs``, ``!!binary`` or
``!!python/...``). Anchors and aliases are read, and their expansion is bounded: the document may
stand for at most a budget of nodes (:data:`BYTES_PER_NODE`), counting each alias as all the
nodes it repeats, and, as in go-yaml, at most a share of the nodes may come from aliases
(:func:`_alias_share`), so a "billion laughs" fails at once.

Reading is about as fast as parsing: the garbage collector is paused while the tree and the model
are built; JSON is parsed by the standard library's C parser (a hook on each object refuses
duplicate keys), or by orjson when it gives exactly the same tree (:func:`_parse_fast`); a YAML
document is built straight from the parser's events, without the loader's node graph
(:func:`_build_yaml`); and the model is built a section at a time
(:func:`collective_impact.model._convert.structure_many`). With msgspec installed, :func:`load`
and :func:`loads` read a JSON document's flat sections (partners, activities, ties...) straight
into typed structs (:func:`_load_typed`, :mod:`collective_impact.model._typed`); a document
with any problem is read again the standard way, so every error is located and worded as above.

A problem that leaves the document readable does not stop reading (none of the above does, but
an alias bomb, a document standing for too many nodes or nested too deeply, and a second YAML
document): the :class:`~collective_impact.FormatError` lists every such problem of the
document, in document order (the first 1,000, and how many more), then the problem that stopped
reading, if any, such as a syntax error (:class:`_Found`). A document read to its end is then
checked by the model too (:func:`load`, :func:`loads`; not :func:`parse`): the error lists the
model's problems after the document's own, leaving out what follows from a value the reader set
aside (:func:`_model_problems`). This costs a valid document nothing:
the YAML builder notes a problem where it raised one before, and a JSON document is walked for
its problems only once the standard path has refused it (:class:`_JsonWalk`). TOML's parser
stops at its first syntax error (a repeated key is one): its refused floats are all listed, as
are its integers of too many digits, but never with a syntax error.
"""

from __future__ import annotations

import ast
import bisect
import contextlib
import datetime as dt
import io
import itertools
import json
import os
import re
import sys
import threading
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, NoReturn

import tomli_w
import yaml

from .._imports import optional
from .._progress import Bar, progress_bar
from .._terminal import escape
from ..errors import (
    ArgumentTypeError,
    FormatError,
    FormatProblem,
    Problem,
    ProblemCode,
    ValidationError,
    WriteError,
    shown,
)
from ..model import Initiative, _typed
from ..model._convert import SECTION_CLASSES, collector_paused, document_keys
from ..model.initiative import expect_initiative
from ._files import (
    DEFAULT_MAX_BYTES,
    check_limits,
    decode_text,
    expect_path,
    input_path,
    input_stat,
    is_plain_utf8,
    shown_path,
    write_text,
)
from ._files import read_bytes as read_bytes  # re-exported: io.iati reads files with it
from ._sheets import underflows

__all__ = [
    "BYTES_PER_NODE",
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "dump",
    "dumps",
    "format_for",
    "load",
    "loads",
    "read_tree",
]

Format = Literal["yaml", "json", "toml"]

#: The formats of the native tree, and the file suffixes that select them.
FORMATS: dict[str, tuple[str, ...]] = {
    "yaml": (".yaml", ".yml"),
    "json": (".json",),
    "toml": (".toml",),
}

#: A YAML document may stand for one node (a scalar, a list or a mapping) per this many bytes of
#: the size limit ``max_bytes`` (of the default limit, or of the text's own size if larger, when
#: there is none): 8,388,608 nodes for the default 32 MiB. Each alias counts as every node it
#: repeats. The 100,000-activity stress case (28 MB of YAML) has 3 million nodes.
BYTES_PER_NODE = 4

#: Integers of more digits than this are refused by every parser, before they are converted
#: (any integer of more than 309 digits is beyond the largest floating-point number anyway).
MAX_DIGITS = 400

#: A YAML document may nest lists and mappings this deep (the native tree is 6 deep).
MAX_DEPTH = 1000

#: What a native file is, for the messages about a file that is not text.
_EXPECTED = "YAML, JSON or TOML text"

#: The end of the message about a CSV bundle read as a native file, in the library's words
#: (the command line says its own).
BUNDLE_ADVICE = "; name it .zip, or read it with read_csv_bundle"

#: The largest finite float, for messages.
_LARGEST = "about 1.8e308 (309 digits)"


def format_for(path: str | os.PathLike[str]) -> Format:
    """Return the format (``"yaml"``, ``"json"`` or ``"toml"``) its suffix gives a file.

    Parameters
    ----------
    path
        The file's path; only its suffix is read, in any case (``.YML`` is ``.yml``).

    Returns
    -------
    str
        ``"yaml"`` for ``.yaml`` and ``.yml``, ``"json"`` for ``.json``, ``"toml"`` for
        ``.toml``.

    Raises
    ------
    FormatError
        When the suffix is none of ``.yaml``, ``.yml``, ``.json``, ``.toml``.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> format_for("initiative.yml")
    'yaml'
    """
    suffix = Path(expect_path(path, "format_for")).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name  # type: ignore[return-value]
    allowed = ", ".join(s for group in FORMATS.values() for s in group)
    raise FormatError(
        f"cannot tell the format from the suffix {suffix or '(none)'!r}; "
        f"use one of {allowed} or pass format=",
        source=str(path),
    )


def _reading_format(path: Path, format: str | None) -> Format:
    """Return the format to read ``path`` in: ``format``, or the one its suffix gives.

    What the path is comes before what its name suggests: a path without a known suffix that
    does not exist, or that is a folder, is reported as such (a folder of CSV tables is read
    by :func:`~collective_impact.io.csvbundle.read_csv_bundle`), not as an unknown format.
    """
    if format is not None:
        return _check_format(format, str(path))
    try:
        return format_for(path)
    except FormatError:
        if path.is_dir():
            raise FormatError(
                "is a directory, not a file (a folder of CSV tables is read by read_csv_bundle)",
                source=shown_path(path),
            ) from None
        input_stat(path)  # nothing there, or not a regular file: that is the problem
        raise


def _check_format(format: str, source: str | None) -> Format:
    if format not in FORMATS:
        raise FormatError(
            f"unknown format {format!r}; expected one of {', '.join(map(repr, FORMATS))}",
            source=source,
        )
    return format  # type: ignore[return-value]


def _node_budget(max_bytes: int | None, length: int) -> int:
    """Return how many nodes a YAML document read under ``max_bytes`` may stand for."""
    limit = max_bytes if max_bytes is not None else max(DEFAULT_MAX_BYTES, length)
    return max(limit, 0) // BYTES_PER_NODE


# --------------------------------------------------------------------------- paths and numbers

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

#: A lone surrogate (half of a UTF-16 pair): no UTF-8 file can hold one.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _step(key: str | int) -> str:
    """One step of a path: ``[3]`` for an index, ``.name`` or ``['k-ready']`` for a key."""
    if isinstance(key, int):
        return f"[{key}]"
    return f".{key}" if _IDENTIFIER.match(key) else f"[{shown(key, 40)}]"


def _joined(steps: Iterator[str | int]) -> str:
    """Write a path as the model does: ``activities[3].contributes['k-ready']``."""
    return "".join(_step(s) for s in steps).removeprefix(".")


def _digits(text: str) -> int:
    """Count the digits of an integer's text (sign, base prefix, ``_`` and ``:`` aside)."""
    body = text.lstrip("+-").replace("_", "").replace(":", "")
    if body[:2].lower() in ("0x", "0o", "0b"):
        body = body[2:]
    return len(body)


#: Numbers every format reads alike: decimal, without a leading zero or a ``_`` (see
#: :func:`_yaml11_number`).
_PLAIN_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)?(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")


_BASES = {"0x": 16, "0o": 8, "0b": 2}


def _yaml11_number(text: str) -> str | None:
    """Return why ``text``, a number to YAML 1.1, is refused: read differently elsewhere.

    PyYAML resolves plain scalars by YAML 1.1, where ``050`` is octal (40), ``1:30`` base 60
    (90), ``0x10`` and ``0b11`` are integers and ``_`` separates digits (``1_000`` is 1000,
    ``1_0.5`` 10.5); YAML 1.2, JSON and TOML read ``050`` as 50 or refuse it, and the others
    as text or not at all (a CSV file's ``1_000`` is refused, and the YAML writer quotes the
    text ``'1_000'``). The same value written in the formats must mean the same number, so
    these forms are refused with the way to write the number meant. ``None`` for every other
    number (``0``, ``-7``, ``50``, ``0.5``, ``1e3``).

    Examples
    --------
    >>> _yaml11_number("050")
    "'050' has a leading zero, which YAML 1.1 reads as octal (40); write 50 (or quote it as text)"
    >>> print(_yaml11_number("1_0.5"))  # doctest: +NORMALIZE_WHITESPACE
    '1_0.5' separates digits with _, which YAML 1.1 reads as the number 10.5 and YAML 1.2 as
    text; write 10.5 (or quote it as text)
    >>> _yaml11_number("1:30") is not None, _yaml11_number("0"), _yaml11_number("0.05")
    (True, None, None)
    """
    body = text.lstrip("+-").replace("_", "")
    sign = "-" if text.startswith("-") else ""
    if ":" in body:
        return (
            f"{shown(text, 40)} is a base-60 number to YAML 1.1; write it in decimal (or quote it "
            "as text)"
        )
    base = _BASES.get(body[:2].lower())
    if base is not None:
        return (
            f"{shown(text, 40)} is a number in base {base}; write it in decimal (or quote it as "
            "text)"
        )
    if len(body) > 1 and body[0] == "0" and body.isdigit():
        meant = body.lstrip("0") or "0"
        octal = int(body, 8) if set(body) <= set("01234567") else None
        read = f" ({sign}{octal})" if octal is not None else ""
        return (
            f"{shown(text, 40)} has a leading zero, which YAML 1.1 reads as octal{read}; write "
            f"{sign}{meant} (or quote it as text)"
        )
    if "_" in text:
        return (
            f"{shown(text, 40)} separates digits with _, which YAML 1.1 reads as the number "
            f"{text.replace('_', '')} and YAML 1.2 as text; write {text.replace('_', '')} (or "
            "quote it as text)"
        )
    return None


def _too_many_digits(text: str) -> str:
    return (
        f"not a finite number: an integer with {_digits(text):,} digits; numbers end at "
        f"{_LARGEST}, and integers of more than {MAX_DIGITS:,} digits are not read"
    )


def _not_finite(text: str) -> str:
    return f"not a finite number: {shown(text, 40)}"


#: How :func:`_too_close_to_zero` starts: what tells its problem from the others.
_TOO_CLOSE = "too close to 0 for a floating-point number"


def _too_close_to_zero(text: str) -> str:
    """Word the problem of a number that underflows to 0 (see :func:`~._sheets.underflows`)."""
    return f"{_TOO_CLOSE} (the least is about 4.9e-324), so it would read as 0: {shown(text, 40)}"


def _where(message: str, path: str, word: str = "at") -> str:
    return f"{message} ({word} {path})" if path else message


def _line_column(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character of ``text``."""
    line = text.count("\n", 0, index) + 1
    return line, index - text.rfind("\n", 0, index)


class _Lines:
    """:func:`_line_column` of characters of a text taken in document order, in linear time.

    Each call counts the lines from the character of the one before, so that placing a
    million problems of a one-line file reads it once, not a million times.
    """

    __slots__ = ("at", "line", "start", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0  # the index of the last character placed
        self.line = 1  # its line
        self.start = 0  # the index where that line starts

    def __call__(self, index: int) -> tuple[int, int]:
        text = self.text
        newlines = text.count("\n", self.at, index)
        if newlines:
            self.line += newlines
            self.start = text.rfind("\n", self.at, index) + 1
        self.at = index
        return self.line, index - self.start + 1


# --------------------------------------------------------------------------- problems

#: How many problems of one document are kept; the rest are counted
#: (:attr:`FormatError.omitted`), so that a file of a million ``NaN`` fails in bounded memory.
_MAX_KEPT = 1_000


class _Found:
    """The problems of one document, in document order, for one :class:`FormatError`.

    A reader notes here each problem that leaves the document readable (a repeated key, a
    number that is not finite...) and reads on; the first :data:`_MAX_KEPT` are kept, the others
    counted. The problem that stops reading (a syntax error) is noted ``last`` and always kept.
    """

    __slots__ = ("kept", "omitted", "stopped")

    def __init__(self) -> None:
        self.kept: list[FormatProblem] = []
        self.omitted = 0
        self.stopped = False  # whether a problem stopped reading: the tree is not whole

    def __bool__(self) -> bool:
        return bool(self.kept)

    @property
    def full(self) -> bool:
        """Whether the next problem noted, unless the last, is counted rather than kept."""
        return len(self.kept) >= _MAX_KEPT

    def add(
        self,
        message: str,
        line: int | None,
        column: int | None,
        code: ProblemCode,
        path: str = "",
        *,
        last: bool = False,
    ) -> None:
        """Note a problem, ``last`` when it stops reading."""
        self.stopped = self.stopped or last
        if last or len(self.kept) < _MAX_KEPT:
            problem = FormatProblem(message, line=line, column=column, code=code, path=path)
            self.kept.append(problem)
        else:
            self.omitted += 1

    def error(self, source: str | None) -> FormatError:
        """Return the error listing the problems noted (at least one)."""
        return FormatError.from_problems(self.kept, source=source, omitted=self.omitted)


class _Readable(FormatError):
    """The error of a document read to its end with problems that leave it readable; its tree.

    Raised by the parsers for such a document: :func:`parse` raises the plain
    :class:`FormatError` of its problems, :func:`load` and :func:`loads` add the problems of
    the model (:func:`_model_problems`). The tree holds a :class:`_Failed` (or a
    :class:`_BadFloat`) for each value refused, and a :class:`_Repeated` for the values of a
    key given twice.
    """

    def __init__(self, found: _Found, tree: Any, source: str | None) -> None:
        first = found.kept[0]
        super().__init__(
            first.message,
            source=source,
            line=first.line,
            column=first.column,
            code=first.code,
            problems=found.kept,
            omitted=found.omitted,
        )
        self.found = found
        self.tree = tree


# --------------------------------------------------------------------------- nesting

#: The message of a document nested deeper than :data:`MAX_DEPTH`, in every format.
_TOO_DEEP = f"the document is nested too deeply (more than {MAX_DEPTH:,} levels)"

#: How many levels :func:`_json_depth` peels off a JSON text at once, in C, before it counts
#: the levels one by one (the native tree is 6 deep).
_PEELED = 16

#: Every byte but JSON's brackets and quotation marks, and braces as brackets: what
#: :func:`_json_depth` keeps of a text (brackets and braces pair alike in valid JSON).
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b'"[]{}')
_BRACES_AS_BRACKETS = bytes.maketrans(b"{}", b"[]")

#: What each bracket adds to the depth: 1 for ``[``, -1 for ``]``.
_STEP = [1 if b == ord("[") else -1 if b == ord("]") else 0 for b in range(256)]

#: A JSON string or bracket, for :func:`_json_too_deep`.
_JSON_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _too_deep(source: str | None, text: str, index: int) -> NoReturn:
    """Raise the error of a document nested too deeply at ``text[index]``."""
    line, column = _line_column(text, index)
    raise FormatError(_TOO_DEEP, source=source, line=line, column=column, code=ProblemCode.INVALID)


def _json_depth(raw: bytes) -> int:
    r"""Return how deep JSON text ``raw`` (UTF-8) nests: exactly when deeper than ``_PEELED``.

    At most :data:`_PEELED` (16) when it is not deeper. The parsers recurse once per level, so
    the depth is counted before one runs (:data:`MAX_DEPTH`), in passes at C speed: the escaped
    backslashes and quotation marks (``\\``, ``\"``) are dropped, then every byte but the
    brackets and the quotation marks (braces as brackets); then every two quotation marks in
    a row (an empty string, or two strings with no bracket between them: what is between
    them stays in a string), and the strings left (those holding a bracket). Innermost pairs
    of brackets (``[]``) are then peeled off, a level a pass, up to 16 times; when brackets
    are still left, they are counted one by one. Linear in the text: about 60 ms for a 46 MB
    file of 100,000 activities. The depth of text that is no JSON (a bracket left open) is
    what its brackets give; the parser then says what is wrong.

    Examples
    --------
    >>> _json_depth(b'{"a": [[1], "]]", "[["]}'), _json_depth(b"[" * 40 + b"]" * 40)
    (16, 40)
    """
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = raw.translate(_BRACES_AS_BRACKETS, _NOT_BRACKETS).replace(b'""', b"")
    if b'"' in brackets:  # a string holding a bracket
        brackets = b"".join(brackets.split(b'"')[::2])
    left = brackets
    for _ in range(_PEELED):  # each pass peels one level: the containers holding none
        left = left.replace(b"[]", b"")
        if not left:
            return _PEELED
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)))


def _json_too_deep(text: str, source: str | None) -> None:
    """Raise the error of a JSON text nested too deeply, at its first bracket too deep.

    Runs only when :func:`_json_depth` found it too deep, over the text, string by string and
    bracket by bracket; returns when no bracket is (text that is no JSON: the parser words it).
    """
    depth = 0
    for token in _JSON_NESTING.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                _too_deep(source, text, token.start())
        elif char in "]}":
            depth -= 1


#: A table header of TOML (``[a.b]``, ``[[a]]``), from the start of its line.
_TOML_HEADER = re.compile(r"""[ \t]*\[\[?(?:[^\]\n"']|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')*\]\]?""")

#: Everything up to the next bracket or brace of a TOML text outside strings and comments
#: (skipped whole, possessively), and that bracket; or up to the end, so that a search never
#: fails (and is never tried again from each later character).
_TOML_NEXT_BRACKET = re.compile(
    r"""(?:[^\[\]{}"'\#]++
         | \"\"\"(?:[^\\]|\\.)*?\"\"\"
         | '\'\'.*?'\'\'
         | "(?:[^"\\\n]|\\.)*+"
         | '[^'\n]*+'
         | \#[^\n]*+
         | ["']
       )*+
       (?:(?P<bracket>[\[\]{}])|\Z)
    """,
    re.VERBOSE | re.DOTALL,
)

#: Every byte but TOML's brackets, braces, quotation marks and comment sign.
_NOT_TOML_MARKS = bytes(b for b in range(256) if b not in b"\"'#[]{}")


def _toml_depth(text: str, source: str | None) -> int:
    """Return how deep a TOML text nests; raise when deeper than :data:`MAX_DEPTH`.

    Counted are the root table and the inline arrays and tables within one another, which the
    parser reads recursively (tables named by headers, ``[a.b]``, and dotted keys are read
    without recursion, and are not counted). The error gives the line and column of the first
    bracket or brace too deep. At C speed (:func:`_toml_depth_at_once`) for a text whose only
    strings are basic ones (``"..."``) with no comment, such as those this library writes;
    otherwise bracket by bracket, strings and comments skipped whole.
    """
    depth = _toml_depth_at_once(text.encode("utf-8", "surrogatepass"))
    if depth is not None and depth <= MAX_DEPTH:
        return depth
    depth = deepest = 0
    skip = 0  # the end of the table header just read: its brackets nest nothing
    for token in _TOML_NEXT_BRACKET.finditer(text):
        if token.group("bracket") is None:  # the end
            break
        at = token.start("bracket")
        if at < skip:
            continue
        if token.group("bracket") in "[{":
            start = text.rfind("\n", 0, at) + 1
            if not depth and not text[start:at].strip():  # a header, [a] or [[a]]
                header = _TOML_HEADER.match(text, start)
                skip = header.end() if header is not None else text.find("\n", at) + 1 or len(text)
                continue
            depth += 1
            if depth + 1 > MAX_DEPTH:
                _too_deep(source, text, at)
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest + 1


def _toml_depth_at_once(raw: bytes) -> int | None:
    """Return :func:`_toml_depth` of TOML text ``raw`` (UTF-8) as :func:`_json_depth` does.

    ``None`` unless its only strings are basic ones (``"..."``, no multi-line string, no
    literal ``'...'``) and it has no comment: then its strings are JSON's, and the brackets and
    braces outside them are counted as JSON's are. Whether it has others is known from what
    is left outside those strings: a ``'`` or a ``#`` (within a basic string, either is text).
    At most :data:`_PEELED` when the text nests no deeper; a header counts as two brackets.
    """
    if b'"""' in raw:
        return None
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    marks = raw.translate(_BRACES_AS_BRACKETS, _NOT_TOML_MARKS).replace(b'""', b"")
    if b'"' in marks:  # a string holding a bracket, a ' or a #
        marks = b"".join(marks.split(b'"')[::2])
    if b"'" in marks or b"#" in marks:
        return None
    left = marks
    for _ in range(_PEELED - 1):  # each pass peels one level: the containers holding none
        left = left.replace(b"[]", b"")
        if not left:  # no deeper than 15 within the root
            return _PEELED
    return 1 + max(itertools.accumulate(map(_STEP.__getitem__, marks)))


#: The frames a parser takes per level of nesting (TOML's recurses through two or three
#: functions), and beyond them.
_FRAMES_PER_LEVEL = 3
_FRAMES_BEYOND = 100

#: Parsers running with more room to recurse (see :func:`_room_to_recurse`): how many, and the
#: recursion limit before the first of them.
_ROOM = threading.Lock()
_rooms: list[int] = [0, 0]


@contextlib.contextmanager
def _room_to_recurse(depth: int) -> Iterator[None]:
    """Let a parser recurse through ``depth`` levels, whatever the stack of its caller.

    The standard library's JSON and TOML parsers recurse for each level of nesting, against
    Python's recursion limit (1,000 by default, the caller's frames included): without more
    room, a document 990 deep (JSON) or 495 deep (TOML) was refused, or one 20 deep when the
    caller was itself deep in recursion, while a limit raised by the caller let one 300,000
    deep overflow the C stack. The depth is known before parsing and at most
    :data:`MAX_DEPTH`, so the limit is raised by what the parser needs while it runs, and put
    back when the last parser running (in any thread) is done.
    """
    with _ROOM:
        if not _rooms[0]:
            _rooms[1] = sys.getrecursionlimit()
        _rooms[0] += 1
        needed = _rooms[1] + _FRAMES_PER_LEVEL * depth + _FRAMES_BEYOND
        if needed > sys.getrecursionlimit():
            sys.setrecursionlimit(needed)
    try:
        yield
    finally:
        with _ROOM:
            _rooms[0] -= 1
            if not _rooms[0]:
                sys.setrecursionlimit(_rooms[1])


# --------------------------------------------------------------------------- YAML

#: PyYAML's loader on libyaml (``CSafeLoader``) when PyYAML was built with it, which parses
#: several times faster; its pure-Python ``SafeLoader`` otherwise. Only the parser (its events),
#: the resolver of plain scalars and the constructors of scalars are used.
_StrictLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The loader on the pure-Python parser (what is used without libyaml).
_PurePythonStrictLoader: type[yaml.SafeLoader] = yaml.SafeLoader


class _CountingReader(io.StringIO):
    """A text stream that reports how much of it the YAML parser has read (for progress)."""

    def __init__(self, text: str, bar: Bar) -> None:
        super().__init__(text)
        self._bar = bar

    def read(self, size: int | None = -1) -> str:
        chunk = super().read(size)
        self._bar.update(len(chunk))
        return chunk


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP, _SEQ, _MERGE, _VALUE = (_TAG + name for name in ("map", "seq", "merge", "value"))

#: The explicit tags a scalar may have, and what a plain scalar must resolve to under each
#: (``!!float`` also takes an integer's text). ``!!str`` takes any text.
_SCALAR_TAGS: dict[str, frozenset[str]] = {
    _STR: frozenset(),
    _INT: frozenset({_INT}),
    _FLOAT: frozenset({_FLOAT, _INT}),
    _BOOL: frozenset({_BOOL}),
    _NULL: frozenset({_NULL}),
    _TIMESTAMP: frozenset({_TIMESTAMP}),
}

#: What each tag is called in messages.
_TAG_WORDS = {
    _INT: "an integer",
    _FLOAT: "a number",
    _BOOL: "a boolean",
    _NULL: "null",
    _TIMESTAMP: "a date",
    _MAP: "a mapping",
    _SEQ: "a list",
}

#: Past this many nodes, the share of them that aliases may stand for falls (go-yaml's rule).
_ALIAS_LOW, _ALIAS_HIGH = 400_000, 4_000_000


def _alias_share(nodes: int) -> float:
    """Return the share of a document's ``nodes`` that may come from aliases, as in go-yaml.

    99% up to 400,000 nodes (a small document may repeat one object many times), falling
    linearly to 10% at 4,000,000 nodes; checked once aliases stand for more than 100 nodes of
    a document of more than 1,000.
    """
    if nodes <= _ALIAS_LOW:
        return 0.99
    if nodes >= _ALIAS_HIGH:
        return 0.10
    return 0.99 - 0.89 * (nodes - _ALIAS_LOW) / (_ALIAS_HIGH - _ALIAS_LOW)


def _tag_name(tag: str) -> str:
    """Write a tag as YAML does: ``!!set`` for ``tag:yaml.org,2002:set``, ``!local`` as is."""
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _anchor(name: str) -> str:
    """Write an anchor's name for a message, cut if long."""
    return name if len(name) <= 40 else f"{name[:40]}... ({len(name):,} characters)"


def _described(value: Any) -> str:
    """Describe a non-text mapping key for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"  # pragma: no cover - the builder makes no other type


class _YamlProblem(Exception):
    """A problem that stops building a YAML document; :func:`_parse_yaml` words it."""

    def __init__(
        self, message: str, mark: Any, code: ProblemCode, *, prefix: bool = True, path: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.code = code
        self.prefix = prefix
        self.path = path


class _Failed:
    """What a reader puts in place of a value it refused, once the problem is noted.

    The YAML builder puts one for a value or a key it refuses; the JSON reader, for a number it
    refuses (:func:`_json_set_aside`). Each is a distinct object, so that one standing for a
    mapping key repeats no other key and is not refused again as a key that is not text. One
    standing for a key holds the key as written (``text``), for the paths of the values under
    it. The model then reads the tree with each in place (:func:`_model_problems`): a value of
    no type it accepts, whose own problem is left out.
    """

    __slots__ = ("text",)

    def __init__(self, text: str = "?") -> None:
        self.text = text


class _Repeated(list[Any]):
    """What a reader puts in place of the values of a key given twice: each, in order.

    Which of them is meant is unknown, so the model checks none: what it says of this list, or
    of anything inside it, is left out (:func:`_model_problems`). An id given twice so stands
    for both texts: a reference to either is not reported unknown
    (:func:`~collective_impact.model.initiative.refused_forms`).
    """


#: The line breaks of YAML 1.1 that are not ones to a reader: NEL, LS and PS.
_YAML_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def _tab_at(text: str, mark: Any) -> bool:
    """Whether the character at a YAML error's ``mark`` (line and column) is a tab."""
    if mark is None:
        return False
    start = 0
    for _ in range(mark.line):  # the line's start, without splitting a large text
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    at = start + mark.column
    return at < len(text) and text[at] == "\t" and "\n" not in text[start:at]


_ODD_BREAK_NAMES = {
    "\x85": "next line, a C1 control",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}


def _text_place(before: str) -> tuple[int, int]:
    """Return the 1-based line and column of the character after the text ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _place(mark: Any) -> tuple[int | None, int | None]:
    """Return the 1-based line and column of a YAML mark (``None`` for no mark)."""
    return (mark.line + 1, mark.column + 1) if mark else (None, None)


def _yaml_path(stack: list[list[Any]]) -> str:
    """Return the path of the node being built, from the open containers (none for a key)."""
    steps: list[str | int] = []
    for container, is_map, pending, *_ in stack:
        if not is_map:
            steps.append(len(container))
        elif pending is not _NO_KEY:
            steps.append(pending.text if isinstance(pending, _Failed) else pending)
    return _joined(iter(steps))


#: The pending key of a mapping that expects a key.
_NO_KEY: Any = object()


class _Builder:
    """The state of one YAML document being built from the parser's events.

    A problem that leaves the document readable is noted in ``found`` (:meth:`fail`), and the
    value is replaced by a :class:`_Failed`; one that stops reading raises :class:`_YamlProblem`.
    """

    def __init__(self, loader: yaml.SafeLoader, max_nodes: int, found: _Found) -> None:
        self.loader = loader
        self.max_nodes = max_nodes
        self.found = found
        self.stack: list[list[Any]] = []
        #: anchor -> (value, nodes it stands for), or None while its node is being built.
        self.anchors: dict[str, tuple[Any, int] | None] = {}
        self.anchor_marks: dict[str, Any] = {}
        self.count = 0  # the nodes the document stands for so far (aliases expanded)
        self.repeated = 0  # of which, repeated through aliases
        #: The containers whose tag is refused, by id (each kept alive here until its end)
        self.tagged: dict[int, Any] = {}
        #: The mappings with a key given twice (by id, each kept alive here), and those keys:
        #: their values are set aside
        self.twice: dict[int, tuple[dict[Any, Any], set[str]]] = {}
        self.check_text = not isinstance(loader, getattr(yaml, "CParser", ()))

    def fail(
        self, message: str, mark: Any, code: ProblemCode, path: str = "", word: str = "at"
    ) -> _Failed:
        """Note a problem that leaves the document readable; return what stands for the value.

        Building goes on to the end of the document, or to a problem that stops it;
        :func:`_parse_yaml` then raises every problem noted.
        """
        found = self.found
        if found.full:
            found.omitted += 1
        else:
            found.add(f"invalid YAML: {_where(message, path, word)}", *_place(mark), code, path)
        return _Failed()

    def over_budget(self, mark: Any, alias: str | None = None, size: int = 0) -> NoReturn:
        limit = f"{self.max_nodes:,} nodes (one per {BYTES_PER_NODE} bytes of the size limit)"
        if alias is None:
            message = f"the document has more than {limit}; pass a larger max_bytes= to read it"
        else:
            message = (
                f"the alias *{_anchor(alias)} repeats {size:,} nodes, which makes the "
                f"document stand for more than {limit} (an alias bomb?)"
            )
        path = _yaml_path(self.stack)
        raise _YamlProblem(
            _where(message, path), mark, ProblemCode.TOO_LARGE, prefix=False, path=path
        )

    def anchor(self, name: str, mark: Any) -> None:
        """Open the anchor ``name`` on the node starting at ``mark``."""
        first = self.anchor_marks.get(name)
        if first is not None:
            self.fail(
                f"found duplicate anchor {shown(name, 40)}; first occurrence at line "
                f"{first.line + 1}, column {first.column + 1}",
                mark,
                ProblemCode.SYNTAX,
            )
        self.anchors[name] = None
        self.anchor_marks[name] = mark

    def alias(self, event: Any) -> Any:
        """Return the value an alias repeats, counting its nodes against the budgets."""
        name = event.anchor
        if name not in self.anchors:
            return self.fail(
                f"found undefined alias {shown(name, 40)}", event.start_mark, ProblemCode.SYNTAX
            )
        entry = self.anchors[name]
        if entry is None:
            return self.fail(
                f"the alias *{_anchor(name)} is inside the node it refers to (a recursive "
                "structure, which the native format cannot hold)",
                event.start_mark,
                ProblemCode.UNSAFE,
                _yaml_path(self.stack),
            )
        value, size = entry
        self.count += size
        self.repeated += size
        if self.count > self.max_nodes:
            self.over_budget(event.start_mark, name, size)
        if (
            self.repeated > 100
            and self.count > 1000
            and self.repeated > _alias_share(self.count) * self.count
        ):
            share = _alias_share(self.count)
            path = _yaml_path(self.stack)
            raise _YamlProblem(
                _where(
                    f"aliases repeat {self.repeated:,} of the {self.count:,} nodes the document "
                    f"stands for so far, more than the {share:.0%} allowed (an alias bomb?)",
                    path,
                ),
                event.start_mark,
                ProblemCode.UNSAFE,
                prefix=False,
                path=path,
            )
        return value

    def scalar(self, event: Any, tag: str | None, at_key: bool) -> Any:
        """Build a scalar the fast path of :func:`_build_yaml` leaves: tagged, or not text."""
        text: str = event.value
        loader = self.loader
        resolve: Callable[[type, str, Any], str] = loader.resolve
        if tag is None or tag == "!":
            tag = resolve(yaml.ScalarNode, text, event.implicit)
            explicit = False
        else:
            explicit = True
            if tag not in _SCALAR_TAGS:
                return self.unsupported_tag(tag, event.start_mark, "a scalar")
            if tag == _STR:
                return text
            plain = resolve(yaml.ScalarNode, text, (True, False))
            if plain not in _SCALAR_TAGS[tag]:
                return self.fail(
                    f"{shown(text, 40)} is not {_TAG_WORDS[tag]}, as its tag {_tag_name(tag)} says",
                    event.start_mark,
                    ProblemCode.WRONG_TYPE,
                    _yaml_path(self.stack),
                )
        if tag == _STR:
            return text
        if tag == _MERGE:
            if at_key:
                return self.fail(
                    "merge keys (<<) are not supported, as they silently override or add keys; "
                    "write the keys out in full",
                    event.start_mark,
                    ProblemCode.UNSAFE,
                    _yaml_path(self.stack),
                    "in",
                )
            return text  # `<<` as a value is text
        if tag == _VALUE:
            return text  # `=` is text
        if tag == _INT and len(text) > MAX_DIGITS and _digits(text) > MAX_DIGITS:
            return self.fail(
                _too_many_digits(text),
                event.start_mark,
                ProblemCode.NOT_FINITE,
                _yaml_path(self.stack),
            )
        # a plain number only: an explicit !!int or !!float asks for YAML's own reading
        why = _yaml11_number(text) if tag in (_INT, _FLOAT) and not explicit else None
        if why is not None:
            return self.fail(why, event.start_mark, ProblemCode.WRONG_TYPE, _yaml_path(self.stack))
        if tag not in _SCALAR_TAGS:  # an implicit resolver added to the loader class
            return self.unsupported_tag(tag, event.start_mark, "a scalar")
        try:
            value = loader.yaml_constructors[tag](loader, yaml.ScalarNode(tag, text))
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            if tag == _TIMESTAMP and not explicit:
                return text  # an impossible date (2027-02-30): kept, for the model to report
            return self.fail(
                f"{shown(text, 40)} is not {_TAG_WORDS.get(tag, _tag_name(tag))}",
                event.start_mark,
                ProblemCode.WRONG_TYPE,
                _yaml_path(self.stack),
            )
        if tag == _FLOAT and value - value != 0:
            return self.fail(
                _not_finite(text),
                event.start_mark,
                ProblemCode.NOT_FINITE,
                _yaml_path(self.stack),
            )
        if tag == _FLOAT and underflows(text, value):
            return self.fail(
                _too_close_to_zero(text),
                event.start_mark,
                ProblemCode.OUT_OF_RANGE,
                _yaml_path(self.stack),
            )
        return value

    def unsupported_tag(self, tag: str, mark: Any, what: str) -> _Failed:
        return self.fail(
            f"the tag {shown(_tag_name(tag), 60)} is not supported on {what}: only the standard "
            "tags !!str, !!int, !!float, !!bool, !!null, !!timestamp, !!map and !!seq are",
            mark,
            ProblemCode.UNSAFE,
            _yaml_path(self.stack),
        )

    def bad_key(self, key: Any, event: Any) -> _Failed:
        """Note a mapping key that is not text; return what stands for it.

        Noted once: not again for a key whose value was refused (its problem is noted), nor at
        the end of a mapping or list used as a key (noted where it starts). What stands for it
        holds the key as written: a scalar's text, an alias (``*name``), or ``?``.
        """
        if isinstance(event, yaml.ScalarEvent):
            written = event.value
        elif isinstance(event, yaml.AliasEvent):
            written = f"*{event.anchor}"
        else:
            written = "?"
        if isinstance(key, _Failed) or type(event) in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            return _Failed(written)
        what = _described(key)
        if isinstance(event, yaml.ScalarEvent):
            text = shown(written, 40)
            what = f"{text}, read as {what}; write it in quotes ({text}) to use it as text"
        self.fail(
            f"a mapping key must be text, got {what}",
            event.start_mark,
            ProblemCode.WRONG_TYPE,
            _yaml_path(self.stack),
            "in",
        )
        return _Failed(written)

    def checking(self, get: Callable[[], Any]) -> Callable[[], Any]:
        r"""Wrap ``get_event`` to refuse a scalar holding a lone surrogate.

        libyaml refuses the escape of one (``"\ud800"``); PyYAML's own parser lets it through.
        """

        def checked() -> Any:
            event = get()
            if type(event) is yaml.ScalarEvent:
                found = _SURROGATE.search(event.value)
                if found:
                    self.fail(
                        f"the text holds a lone surrogate (U+{ord(found.group()):04X}, half of a "
                        "UTF-16 pair), which no file can hold",
                        event.start_mark,
                        ProblemCode.ENCODING,
                        _yaml_path(self.stack),
                    )
            return event

        return checked


def _build_yaml(loader: yaml.SafeLoader, max_nodes: int, found: _Found) -> Any:
    """Build the tree of a YAML document straight from the parser's events.

    The loader would compose a node (with two marks) for every value before building the values
    from the nodes, which takes most of its time; here each scalar is resolved and constructed by
    the loader's own resolver and constructors (once per distinct text, as their results are
    immutable) and the containers are filled in document order. The result equals what PyYAML's
    safe loader returns for every document this function accepts. It refuses, with the event's
    mark (line and column) and the path in the tree: a repeated key, a key that is not text, a
    merge key, an unsupported tag, a number that is not finite, has too many digits or
    underflows to 0 (``1.0e-400``; see :func:`~._sheets.underflows`), a repeated anchor and an
    undefined or recursive alias: each is noted in ``found`` and building goes on, with a
    :class:`_Failed` for the value refused. It stops at more than one document, a document
    nested deeper than :data:`MAX_DEPTH`, and a document that stands for more than
    ``max_nodes`` nodes or too large a share of repeated ones (see :class:`_Builder`). Aliases
    repeat the very object their anchor built (as PyYAML's do).

    Returns
    -------
    Any
        The tree. When ``found`` holds a problem, each value refused is a :class:`_Failed`, and
        the values of a key given twice are a :class:`_Repeated`, for the model's check of
        the rest (:func:`_model_problems`).

    Raises
    ------
    _YamlProblem
        For the problems that stop it; the parser's own ``yaml.MarkedYAMLError`` for bad syntax.
    """
    state = _Builder(loader, max_nodes, found)
    get: Callable[[], Any] = loader.get_event
    if state.check_text:  # PyYAML's own parser lets a lone surrogate through: refuse it
        get = state.checking(get)
    resolve: Callable[[type, str, Any], str] = loader.resolve
    constructors: dict[str | None, Any] = loader.yaml_constructors
    scalar_node = yaml.ScalarNode
    ScalarEvent, MappingStartEvent, SequenceStartEvent = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    MappingEndEvent, SequenceEndEvent, AliasEvent = (
        yaml.MappingEndEvent,
        yaml.SequenceEndEvent,
        yaml.AliasEvent,
    )
    str_tag = _STR
    plain_tags = frozenset({_NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP})
    numbers = (_INT, _FLOAT)  # read here only when YAML 1.1 reads them as everything else does
    plain_number = _PLAIN_NUMBER.fullmatch
    no_key = _NO_KEY
    tags: dict[tuple[str, Any], str] = {}  # (text, implicit) -> tag
    built: dict[tuple[str, str], Any] = {}  # (tag, text) -> value
    get()  # the stream's start
    event = get()
    if type(event) is not yaml.DocumentStartEvent:
        return None  # an empty stream (comments only)
    # Each open container: [container, is a mapping, pending key, anchor, nodes before it].
    stack = state.stack
    twice, tagged = state.twice, state.tagged  # empty but in a document with problems
    limit = max_nodes
    count = 0
    item: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            count += 1
            if count > limit:
                state.count = count
                state.over_budget(event.start_mark)
            if event.tag is None and event.anchor is None:
                text: str = event.value
                implicit = event.implicit
                tag = tags.get((text, implicit))
                if tag is None:
                    tag = tags[text, implicit] = resolve(scalar_node, text, implicit)
                if tag == str_tag:
                    item = text
                else:
                    item = built.get((tag, text), no_key)
                    if item is no_key:
                        at_key = bool(stack) and stack[-1][1] and stack[-1][2] is no_key
                        if tag in plain_tags and (
                            tag not in numbers or (len(text) <= MAX_DIGITS and plain_number(text))
                        ):
                            try:
                                item = constructors[tag](state.loader, scalar_node(tag, text))
                            except ValueError:
                                item = state.scalar(event, None, at_key)  # words the problem
                            else:
                                if tag == _FLOAT and (item - item != 0 or underflows(text, item)):
                                    item = state.scalar(event, None, at_key)  # notes it, each time
                                else:
                                    built[tag, text] = item
                        else:
                            item = state.scalar(event, None, at_key)
            else:  # a tag or an anchor: the slow path
                at_key = bool(stack) and stack[-1][1] and stack[-1][2] is no_key
                item = state.scalar(event, event.tag, at_key)
                if event.anchor is not None:
                    state.anchor(event.anchor, event.start_mark)
                    state.anchors[event.anchor] = (item, 1)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            count += 1
            if count > limit:
                state.count = count
                state.over_budget(event.start_mark)
            mapping = kind is MappingStartEvent
            container: Any = {} if mapping else []
            if (
                event.tag is not None
                and event.tag != "!"
                and event.tag != (_MAP if mapping else _SEQ)
            ):
                tagged[id(container)] = container  # set aside at its end
                if event.tag in (_MAP, _SEQ) or event.tag in _SCALAR_TAGS:
                    state.fail(
                        f"a {'mapping' if mapping else 'list'} cannot have the tag "
                        f"{_tag_name(event.tag)}",
                        event.start_mark,
                        ProblemCode.WRONG_TYPE,
                        _yaml_path(stack),
                    )
                else:
                    state.unsupported_tag(
                        event.tag, event.start_mark, "a mapping" if mapping else "a list"
                    )
            if stack:
                top = stack[-1]
                if top[1] and top[2] is no_key:  # noted here; its end is not noted again
                    state.bad_key({} if mapping else [], event)
                if len(stack) >= MAX_DEPTH:
                    raise _YamlProblem(
                        _TOO_DEEP,
                        event.start_mark,
                        ProblemCode.INVALID,
                        prefix=False,
                    )
            anchor = event.anchor
            if anchor is not None:
                state.anchor(anchor, event.start_mark)
            stack.append([container, mapping, no_key, anchor, count - 1])
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            item, _, _, anchor, before = stack.pop()
            if tagged and tagged.pop(id(item), None) is not None:
                item = _Failed()  # its tag is refused: what it would mean is unknown
            if anchor is not None:
                state.anchors[anchor] = (item, count - before)
        elif kind is AliasEvent:
            state.count = count
            item = state.alias(event)
            count = state.count
        else:  # pragma: no cover - the parser gives no other event inside a document
            raise _YamlProblem(f"unexpected {kind.__name__}", event.start_mark, ProblemCode.SYNTAX)
        if not stack:
            break
        top = stack[-1]
        if not top[1]:
            top[0].append(item)
        elif top[2] is no_key:  # a key
            if type(item) is not str:
                item = state.bad_key(item, event)
            if item in top[0]:
                state.fail(
                    f"duplicate key {shown(item, 40)}",
                    event.start_mark,
                    ProblemCode.SYNTAX,
                    _yaml_path(stack),
                    "in",
                )
                twice.setdefault(id(top[0]), (top[0], set()))[1].add(item)
            top[2] = item
        else:
            if twice and top[2] in twice.get(id(top[0]), ({}, ()))[1]:
                # which of the values is meant is unknown: each is kept, none is read
                earlier = top[0][top[2]]
                if type(earlier) is _Repeated:
                    earlier.append(item)
                else:
                    top[0][top[2]] = _Repeated([earlier, item])
            else:
                top[0][top[2]] = item
            top[2] = no_key
    get()  # the document's end
    event = get()
    if type(event) is not yaml.StreamEndEvent:
        raise _YamlProblem(
            "expected a single document in the stream but found another document",
            event.start_mark,
            ProblemCode.SYNTAX,
        )
    return item


#: What libyaml says of a document nested too deeply: its own bound, met before the builder's.
#: In flow style (``[[...]]``) it is the builder's (more than 1,000 levels); in block style,
#: libyaml refuses 1,000 levels already, and the message says so.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
_LIBYAML_TOO_DEEP_BLOCK = (
    f"the document is nested too deeply ({MAX_DEPTH:,} levels or more: libyaml, the YAML "
    "parser, reads at most 999 in block style)"
)


def _parse_yaml(
    text: str | io.StringIO,
    source: str | None,
    loader_class: type[yaml.SafeLoader] = _StrictLoader,
    *,
    max_nodes: int | None = None,
) -> Any:
    """Parse a YAML document (see :func:`_build_yaml`) into a plain tree.

    Raises
    ------
    FormatError
        Listing every problem of the document in document order: those that leave it readable,
        then the one that stops reading, if any (a syntax error). A :class:`_Readable`, with
        the tree, when none stopped reading.
    """
    if max_nodes is None:
        length = len(text) if isinstance(text, str) else len(text.getvalue())
        max_nodes = _node_budget(None, length)
    found = _Found()
    whole = text if isinstance(text, str) else text.getvalue()
    try:
        loader = loader_class(text)
    except UnicodeEncodeError as err:  # libyaml takes UTF-8, which cannot hold a lone surrogate
        found.add(
            f"the text holds a lone surrogate (U+{ord(whole[err.start]):04X}, half of a UTF-16 "
            "pair), which no UTF-8 file can hold",
            *_text_place(whole[: err.start]),
            ProblemCode.INVALID,
            last=True,
        )
        raise found.error(source) from None
    try:
        tree = _build_yaml(loader, max_nodes, found)
    except _YamlProblem as problem:
        found.add(
            f"invalid YAML: {problem.message}" if problem.prefix else problem.message,
            *_place(problem.mark),
            problem.code,
            problem.path,
            last=True,
        )
        raise found.error(source) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(x) for x in (err.context, err.problem) if x) or str(err)
        deep = err.problem == _LIBYAML_TOO_DEEP  # libyaml's own bound, before the builder's
        if deep and "block" in str(err.context):
            message = _LIBYAML_TOO_DEEP_BLOCK
        elif deep:
            message = _TOO_DEEP
        elif _tab_at(whole, mark):
            # "found character that cannot start any token": an editor shows a tab as spaces
            message = (
                "invalid YAML: a tab character, where YAML allows only spaces (YAML indents "
                "with spaces: replace the tab)"
            )
        else:
            message = f"invalid YAML: {message}"
        code = ProblemCode.INVALID if deep else ProblemCode.SYNTAX
        odd = _YAML_ODD_BREAK.search(whole)
        if odd is not None and not deep:
            # YAML 1.1 breaks a line at NEL, LS and PS (in a quoted value they are kept), which
            # editors show as nothing or a space: PyYAML's message was about a ':' lines below,
            # counting them as lines. The likely cause first, where it is.
            found.add(
                f"the text holds U+{ord(odd.group()):04X} ({_ODD_BREAK_NAMES[odd.group()]}), "
                "which YAML reads as a line break where it is not quoted, though an editor may "
                "show none: remove it or quote its value (the line numbers of the next problem "
                "count it as a line break)",
                *_text_place(whole[: odd.start()]),
                ProblemCode.INVALID,
            )
        found.add(message, *_place(mark), code, last=True)
        raise found.error(source) from None
    except yaml.reader.ReaderError as err:
        # a character YAML does not allow (a control character, U+FFFE): libyaml gives its
        # place as a byte of the UTF-8 text, "in "<unicode string>", position 25"
        char = err.character if isinstance(err.character, int) else ord(err.character)
        before = whole.encode("utf-8", "surrogatepass")[: err.position].decode("utf-8", "replace")
        found.add(
            f"invalid YAML: the character U+{char:04X} is not allowed here ({err.reason})",
            *_text_place(before),
            ProblemCode.SYNTAX,
            last=True,
        )
        raise found.error(source) from None
    except yaml.YAMLError as err:
        found.add(f"invalid YAML: {err}", None, None, ProblemCode.SYNTAX, last=True)
        raise found.error(source) from None
    finally:
        loader.dispose()
    if found:
        raise _Readable(found, tree, source)
    return tree


# --------------------------------------------------------------------------- JSON


class _JsonProblem(Exception):
    """A hook of the JSON parser met a problem; :class:`_JsonWalk` finds where it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) < len(pairs):  # a key repeats: name the first repeat
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _JsonProblem(f"duplicate key {shown(key, 40)}")
            seen.add(key)
    return out


def _json_float(text: str) -> float:
    value = float(text)
    if value - value != 0:  # infinite: the literal overflows (1e400)
        raise _JsonProblem(_not_finite(text))
    if value == 0 and underflows(text, value):  # 0, but not as written (1e-400)
        raise _JsonProblem(_too_close_to_zero(text))
    return value


def _json_int(text: str) -> int:
    if len(text) > MAX_DIGITS and _digits(text) > MAX_DIGITS:
        raise _JsonProblem(_too_many_digits(text))
    return int(text)


def _json_constant(text: str) -> NoReturn:
    raise _JsonProblem(_not_finite(text))


#: A ``\uXXXX`` escape of a high surrogate not followed by one of a low surrogate, or of a low
#: surrogate not preceded by one of a high surrogate (it may be a false alarm: ``\\ud800`` is an
#: escaped backslash and text; :class:`_JsonWalk` tells).
_LONE_SURROGATE_ESCAPE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)

#: A JSON number, or one of the constants the standard parser reads (``NaN``, ``Infinity``).
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|NaN|-?Infinity")

#: The other words of JSON.
_JSON_WORD = re.compile("true|false|null")

#: JSON's white space.
_JSON_SPACE = re.compile(r"[ \t\n\r]*")

#: Items of an array that hold no problem, each followed by a comma: short numbers without an
#: exponent (see :data:`_SHORT_NUMBER`), ``true``, ``false``, ``null``, and strings without an
#: escape, a surrogate or a comma (so that the commas of a run count its items).
_PLAIN_ITEMS = re.compile(
    r"""(?:(?:-?(?:0|[1-9][0-9]{0,99})(?:\.[0-9]{1,99})?|true|false|null|"[^"\\,\ud800-\udfff]*")
         [ \t\n\r]*,[ \t\n\r]*)*""",
    re.VERBOSE,
)

#: The standard parser's reader of a string (from the character after its quotation mark).
_scan_string: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

#: How many levels deep :class:`_JsonWalk` reads values with the compiled parser before walking
#: into them; deeper ones are walked without. Each level reads the text once more at most: in
#: the native tree, the root, its sections and their entries are what is large.
_READ_LEVELS = 3

#: A number shorter than this and without an exponent is finite and does not underflow: no
#: float of fewer than 309 digits overflows, and no integer of fewer than :data:`MAX_DIGITS`.
_SHORT_NUMBER = 300


def _json_number_problem(token: str) -> tuple[str, ProblemCode] | None:
    """Return what the hooks of :func:`_parse_json` refuse in a number, and its code, if any."""
    if token in ("NaN", "Infinity", "-Infinity"):
        return _not_finite(token), ProblemCode.NOT_FINITE
    if len(token) < _SHORT_NUMBER and "e" not in token and "E" not in token:
        return None
    if "." in token or "e" in token or "E" in token:
        value = float(token)
        if value - value != 0:
            return _not_finite(token), ProblemCode.NOT_FINITE
        return (
            (_too_close_to_zero(token), ProblemCode.OUT_OF_RANGE)
            if underflows(token, value)
            else None
        )
    if len(token) > MAX_DIGITS and _digits(token) > MAX_DIGITS:
        return _too_many_digits(token), ProblemCode.NOT_FINITE
    return None


def _lone_surrogate(text: str) -> str | None:
    """Return the problem of text holding a lone surrogate, if it holds one."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (
        f"the text holds a lone surrogate (U+{ord(found.group()):04X}, half of a UTF-16 pair), "
        "which no file can hold"
    )


def _json_syntax(text: str, depth: int) -> json.JSONDecodeError | None:
    """Return the first syntax error of a JSON text, ``None`` when it has none.

    Read at C speed without the hooks of :func:`_parse_json` (an integer of any length is read
    as a float, which never fails), as their problems leave the text readable.
    """
    try:
        with _room_to_recurse(min(depth, MAX_DEPTH)):
            json.loads(text, parse_int=float)
    except json.JSONDecodeError as err:
        return err
    return None


def _json_count(text: str, depth: int) -> int:
    """Return how many values and repeated keys of a JSON text its hooks refuse, in all.

    Read at C speed but for the hooks, which count each problem rather than raise; the text has
    no syntax error (:func:`_json_syntax`).
    """
    count = 0

    def number(token: str) -> None:
        nonlocal count
        if _json_number_problem(token) is not None:
            count += 1

    def integer(token: str) -> None:
        nonlocal count
        if len(token) > MAX_DIGITS and _digits(token) > MAX_DIGITS:
            count += 1

    def members(pairs: list[tuple[str, Any]]) -> None:
        nonlocal count
        count += len(pairs) - len({key for key, _ in pairs})

    with _room_to_recurse(min(depth, MAX_DEPTH)):
        json.loads(
            text,
            object_pairs_hook=members,
            parse_float=number,
            parse_int=integer,
            parse_constant=number,
        )
    return count


class _Stop(Exception):
    """The walk of a JSON text ends: at its syntax error, or once enough problems are kept."""


class _JsonWalk:
    """Find the problems of a JSON text that the hooks of :func:`_parse_json` refuse, in order.

    Each value is read by the compiled parser (``scan_once``), and walked into, a member or an
    item at a time, only when it is refused: a problem in a large file is placed in about one
    reading of it more, at C speed. Values deeper than :data:`_READ_LEVELS` are walked without
    being read first, so that no character is read more than that many times. The problems are
    those of the hooks (a repeated key, a number that is not finite, has too many digits or
    underflows to 0) and a string holding a lone surrogate, looked for in the values that hold
    one or its escape (:data:`_LONE_SURROGATE_ESCAPE`).

    Parameters
    ----------
    text
        The JSON text.
    end
        Where the walk stops: the text's first syntax error, or its end.
    hooks
        Read values with the hooks, which refuse their problems; without, when the strict parser
        refused no value (it met a syntax error first, or a lone surrogate is suspected): what
        it read whole then holds no problem of theirs.

    Attributes
    ----------
    counted : int
        How many problems of the hooks were found.
    cut : bool
        Whether the walk stopped once :data:`_MAX_KEPT` problems were kept, with no syntax error
        ahead nor suspect string: the rest are problems of the hooks, to be counted
        (:func:`_json_count`).
    """

    def __init__(self, text: str, end: int, *, hooks: bool) -> None:
        self.text = text
        self.end = end
        self.found = _Found()
        self.counted = 0
        self.cut = False
        self.lines = _Lines(text)
        suspects = [m.start() for m in _SURROGATE.finditer(text, 0, end)]
        if "\\u" in text:
            suspects += (m.start() for m in _LONE_SURROGATE_ESCAPE.finditer(text, 0, end))
        self.suspects = sorted(suspects)
        decoder = (
            json.JSONDecoder(
                object_pairs_hook=_no_duplicates,
                parse_float=_json_float,
                parse_int=_json_int,
                parse_constant=_json_constant,
            )
            if hooks
            else json.JSONDecoder(parse_int=float)
        )
        self.read: Callable[[str, int], tuple[Any, int]] = decoder.scan_once  # type: ignore[attr-defined]

    def note(
        self, message: str, index: int, path: str, code: ProblemCode, *, counted: bool = True
    ) -> None:
        """Note the problem at ``text[index]``; ``counted`` when it is one of the hooks."""
        found = self.found
        self.counted += counted
        if not found.full:
            found.add(f"invalid JSON: {message}", *self.lines(index), code, path)
            return
        found.omitted += 1
        if self.end == len(self.text) and not self.suspect(index, self.end):
            self.cut = True
            raise _Stop

    def suspect(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` may hold a lone surrogate."""
        suspects = self.suspects
        at = bisect.bisect_left(suspects, start)
        return at < len(suspects) and suspects[at] < end

    def space(self, i: int) -> int:
        """Return the index of the first character from ``i`` that is not white space."""
        return _JSON_SPACE.match(self.text, i).end()  # type: ignore[union-attr]

    def value(self, i: int, path: list[str | int], *, read: bool = True) -> int:
        """Walk the value at ``text[i]``; return the index past it.

        ``read``: read it with the compiled parser first, and walk into it only if refused.
        """
        if i >= self.end:
            raise _Stop
        text = self.text
        if read and len(path) < _READ_LEVELS:
            try:
                _, end = self.read(text, i)
            except (_JsonProblem, json.JSONDecodeError, StopIteration):
                pass
            else:
                if not self.suspect(i, end):
                    return end
        char = text[i]
        if char == "{":
            return self.members(i, path)
        if char == "[":
            return self.items(i, path)
        if char == '"':
            string, end = self.string(i)
            lone = _lone_surrogate(string)
            if lone is not None:
                where = _joined(iter(path))
                self.note(_where(lone, where), i, where, ProblemCode.ENCODING, counted=False)
            return end
        number = _JSON_NUMBER.match(text, i, self.end)
        if number is None:
            word = _JSON_WORD.match(text, i, self.end)
            if word is None:  # the syntax error
                raise _Stop
            return word.end()
        problem = _json_number_problem(number.group())
        if problem is not None:
            where = _joined(iter(path))
            self.note(_where(problem[0], where), i, where, problem[1])
        return number.end()

    def string(self, i: int) -> tuple[str, int]:
        """Read the string at ``text[i]``; return it and the index past it."""
        try:
            string, end = _scan_string(self.text, i + 1, True)
        except json.JSONDecodeError:  # the syntax error
            raise _Stop from None
        if end > self.end:  # pragma: no cover - the syntax error is not in a string read whole
            raise _Stop
        return string, end

    def members(self, i: int, path: list[str | int]) -> int:
        """Walk the object at ``text[i]``; return the index past it."""
        text = self.text
        i = self.space(i + 1)
        if text.startswith("}", i):
            return i + 1
        seen: set[str] = set()
        while True:
            if i >= self.end or not text.startswith('"', i):
                raise _Stop
            key, j = self.string(i)
            inner: list[str | int] = [*path, key]
            lone = _lone_surrogate(key)
            if lone is not None:
                where = _joined(iter(inner))
                self.note(_where(lone, where), i, where, ProblemCode.ENCODING, counted=False)
            if key in seen:
                where = _joined(iter(path))
                message = _where(f"duplicate key {shown(key, 40)}", where, "in")
                self.note(message, i, where, ProblemCode.SYNTAX)
            seen.add(key)
            j = self.space(j)
            if not text.startswith(":", j):
                raise _Stop
            j = self.space(self.value(self.space(j + 1), inner))
            if text.startswith("}", j):
                return j + 1
            if not text.startswith(",", j):
                raise _Stop
            i = self.space(j + 1)

    def items(self, i: int, path: list[str | int]) -> int:
        """Walk the array at ``text[i]``; return the index past it."""
        text = self.text
        i = self.space(i + 1)
        if text.startswith("]", i):
            return i + 1
        index = 0
        plain = _PLAIN_ITEMS.match
        end = self.end
        while True:
            run = plain(text, i, end)
            if run is not None and run.end() > i:  # items that hold no problem, passed at once
                index += text.count(",", i, run.end())
                i = run.end()
            j = self.space(self.value(i, [*path, index]))
            if text.startswith("]", j):
                return j + 1
            if not text.startswith(",", j):
                raise _Stop
            i = self.space(j + 1)
            index += 1


def _json_problems(
    text: str,
    depth: int,
    *,
    syntax: json.JSONDecodeError | None = None,
    refused: str | None = None,
) -> _Found:
    """Return every problem of a JSON text that the standard path refused, in document order.

    Those of :class:`_JsonWalk`, then the first syntax error, which ends them.

    Parameters
    ----------
    text
        The JSON text.
    depth
        How deep it nests (:func:`_json_depth`).
    syntax
        The syntax error the strict parser met, when it met one before any value it refuses.
    refused
        What a hook refused, when one did: the text is then read on to its first syntax error
        (:func:`_json_syntax`), if it has one.
    """
    if refused is not None:
        syntax = _json_syntax(text, depth)
    walk = _JsonWalk(
        text, syntax.pos if syntax is not None else len(text), hooks=refused is not None
    )
    with _room_to_recurse(min(depth, MAX_DEPTH)), contextlib.suppress(_Stop):
        # the whole is read first unless known to be refused
        walk.value(walk.space(0), [], read=syntax is None and refused is None)
    found = walk.found
    if walk.cut and refused is not None:  # the rest are counted, not found
        found.omitted += max(_json_count(text, depth) - walk.counted, 0)
    if syntax is not None:
        message = f"invalid JSON: {syntax.msg}"
        found.add(message, syntax.lineno, syntax.colno, ProblemCode.SYNTAX, last=True)
    elif refused is not None and not found:  # pragma: no cover - the walk finds what was refused
        found.add(f"invalid JSON: {refused}", None, None, ProblemCode.INVALID, last=True)
    return found


#: ``orjson`` when installed (the extra ``fast``): the compiled parser behind :func:`_parse_fast`.
_orjson: Any = optional("orjson")

#: Bytes with every digit as ``0`` and ``E`` as ``e``: a run of :data:`_LONG_RUN` zeros in
#: ``raw.translate`` of it is a run of that many digits in ``raw``, and :data:`_SMALL_EXPONENT`
#: is a digit, ``e`` or ``E``, ``-`` and three digits.
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789E", b"000000000e")

#: The fewest digits of an integer that ``orjson`` reads as a float (beyond ``-2**63 ..
#: 2**64 - 1``, which have 19 digits or more), where :func:`json.loads` gives an ``int``.
_LONG_RUN = b"0" * 19

#: A negative exponent of three digits or more after a digit (``5e-400``, ``1E-0330``), in
#: ``raw.translate(_DIGITS_AS_ZERO)``: the only way, with no run of :data:`_LONG_RUN` digits,
#: that a JSON number can underflow to 0 (see :func:`_parse_fast`).
_SMALL_EXPONENT = b"0e-000"


#: What :func:`_parse_fast` returns when the standard path must parse the text.
_REFUSED = object()


def _parse_fast(text: str) -> Any:
    r"""Parse JSON with ``orjson`` when that gives exactly the tree of the standard path.

    Returns :data:`_REFUSED` (and the standard path decides, with its located problems) when
    ``orjson`` is not installed, when it refuses the text (a syntax error, a number that is not
    finite, a lone surrogate, nesting too deep to read or write back: each is then found and
    placed by the standard path), or when its tree could differ from that of :func:`json.loads`
    with the hooks:

    * **an integer of 19 digits or more**, which ``orjson`` may read as a float: any run of 19
      digits in the text (in a number or a string) sends the text to the standard path;
    * **a number that underflows to 0** (``1e-400``), which ``orjson`` reads as 0.0 and the
      standard path refuses: any negative exponent of three digits or more after a digit
      (``5e-400``, ``1E-0330``, in a number or a string) sends the text to the standard path,
      which reads the number if it does not underflow (``1e-310``, ``1e-100``). A JSON
      exponent always follows a digit, and with no run of 19 digits a nonzero number is at
      least 1e-18 before its exponent, so one of two digits (at least 1e-117 in all) never
      underflows;
    * **a repeated key**, which ``orjson`` reads silently (the last value wins). It is found
      exactly by counting colons. Outside strings, a JSON text has one colon per member of an
      object, so the text has :math:`M + c` colons, for :math:`M` members and :math:`c` colons
      inside its strings. The tree written back by ``orjson.dumps`` (which never escapes a
      colon) has :math:`M' + c'`. Unless a string spells a colon as the escape ``\u003a``
      (a text with ``\u003`` goes to the standard path), a tree read without a repeated key has
      :math:`M' = M` and :math:`c' = c`; each repeated key drops a member, its key and the
      value it replaced, so at least one colon. The counts are equal if and only if no key
      repeats.

    Floats are read to the nearest double by both parsers, and every other value is the same
    Python object; ``TestJsonFastPath`` in ``tests/test_io.py`` checks the two paths on generated
    trees and float literals.

    Each check is a pass over the bytes at C speed; together they take about as long as
    ``orjson.loads`` itself, and the whole is still about a third quicker than the standard
    path with its hooks (0.07 s against 0.10 s for a 4.7 MB file, 0.5–0.66 s against 0.76 s
    for a 46 MB one, the collector paused).
    """
    if _orjson is None:
        return _REFUSED
    raw = _compiled_parsable(text)
    if raw is None:
        return _REFUSED
    errors = (_orjson.JSONDecodeError, _orjson.JSONEncodeError)
    return _read_exactly(raw, _orjson.loads, _colons_written, errors)


def _colons_written(tree: Any) -> int:
    """Count the colons of ``tree`` written back by ``orjson``: see :func:`_read_exactly`."""
    written: bytes = _orjson.dumps(tree)
    return written.count(b":")


def _compiled_parsable(text: str) -> bytes | None:
    """Return ``text`` in UTF-8 when a compiled parser reads it as the standard path would.

    ``None`` (the standard path decides) for a lone surrogate in the text itself, and as
    :func:`_parsable_bytes` for the rest. See :func:`_parse_fast`.
    """
    try:
        raw = text.encode()
    except UnicodeEncodeError:  # a lone surrogate in the str itself
        return None
    return raw if _parsable_bytes(raw) else None


#: The bytes :func:`_parsable_bytes` looks at in one piece: a copy this small is not paged in.
_SCAN = 1 << 16


def _parsable_bytes(raw: bytes) -> bool:
    r"""Whether a compiled parser reads JSON text ``raw`` (UTF-8) as the standard path would.

    Not with a run of 19 digits (an integer a compiled parser may read as a float), with a
    negative exponent of three digits or more (:data:`_SMALL_EXPONENT`: a number that may
    underflow to 0, which a compiled parser reads as 0.0 and the standard path refuses) or with
    ``\u003`` (a colon spelled as an escape would hide a repeated key from
    :func:`_read_exactly`). The digits are looked for a slice at a time, overlapping by less
    than a run: a translated copy of the whole text would be as long as the text, and memory
    that large is paged in at first touch (a millisecond per megabyte or more on a virtual
    machine). Both patterns are looked for with ``rfind``, as CPython's backward search skips
    further than its forward one on them: for a 46 MB file, 8 and 18 ms instead of 13 and
    37 ms, beside the 32 ms of the translation.
    """
    if b"\\u003" in raw:
        return False
    overlap = len(_LONG_RUN) - 1
    for lo in range(0, len(raw), _SCAN):
        digits = raw[lo : lo + _SCAN + overlap].translate(_DIGITS_AS_ZERO)
        if digits.rfind(_LONG_RUN) >= 0 or digits.rfind(_SMALL_EXPONENT) >= 0:
            return False
    return True


def _read_exactly(
    raw: bytes,
    read: Callable[[bytes], Any],
    colons: Callable[[Any], int],
    errors: tuple[type[BaseException], ...],
) -> Any:
    """Read ``raw`` with a compiled parser; :data:`_REFUSED` unless it is read exactly.

    Refused when the parser (or writing its tree back) raises one of ``errors``, or when a key
    repeats: the text and the tree written back then have different numbers of colons (see
    :func:`_parse_fast`); ``colons`` counts those of a tree written back. The standard path
    then names and places the problem.
    """
    try:
        tree = read(raw)
        written = colons(tree)
    except errors:
        return _REFUSED
    return tree if raw.count(b":") == written else _REFUSED


def _load_typed(text: str, source: str | None) -> Initiative | None:
    """Load a JSON document through typed decoding (:mod:`~collective_impact.model._typed`).

    The flat sections (activities, ties, partners...) are parsed straight into structs that
    :func:`~collective_impact.model._convert.structure_many` reads field by field; the others as
    with :func:`_parse_fast`, with the same exact checks (a repeated key anywhere is found by
    counting colons: a struct written back leaves out the keys the text left out). Returns
    ``None`` when ``msgspec`` is not installed, or when the document is not read exactly as the
    standard path reads it (a run of 19 digits, a negative exponent of three digits or more,
    which may underflow to 0, a colon spelled as an escape: :func:`_parsable_bytes`) or has
    a problem in one of its objects (:class:`~collective_impact.model._typed.Refused`): the
    standard path then loads it and raises every problem, located and worded as always.

    A document whose every object reads well but which has a problem of the whole (an unknown
    reference, a repeated id, a wrong ``schema_version``) raises its
    :class:`~collective_impact.ValidationError` here: the objects are then the standard path's,
    and so are the problems, which were found twice (a file of 10,000 partners with 100 ties
    naming partners misspelt took 28 s, twice the search for what each tie meant).

    The caller pauses the garbage collector, as for parsing (see :func:`collector_paused`).

    Raises
    ------
    ValidationError
        When the objects read well and the document has a problem of the whole.
    """
    try:
        raw = text.encode()
    except UnicodeEncodeError:  # a lone surrogate in the str itself
        return None
    return _load_typed_bytes(raw, source)


def _load_typed_file(data: bytes, source: str) -> Initiative | None:
    """:func:`_load_typed` of the text of a file, from the bytes read from it.

    Taken when the bytes are the text's UTF-8 exactly (:func:`~._files.is_plain_utf8`), so that
    the result is the same; anything else is decoded and read as text, which words the problem.
    Reading the bytes spares the text and its encoding: two more copies of the file, each paged
    in at first touch.
    """
    return _load_typed_bytes(data, source) if is_plain_utf8(data) else None


def _load_typed_bytes(raw: bytes, source: str | None) -> Initiative | None:
    """:func:`_load_typed` of the text whose UTF-8 is ``raw``."""
    decoder = _typed.decoder(tuple(SECTION_CLASSES.items()), document_keys())
    if decoder is None or not _parsable_bytes(raw):
        return None
    depth = _json_depth(raw)
    if depth > MAX_DEPTH:  # the standard path says where
        return None
    with _room_to_recurse(depth):
        document = _read_exactly(raw, decoder.decode, _typed.colons_written, _typed.DECODE_ERRORS)
    if document is _REFUSED:
        return None
    try:
        return Initiative.from_dict(_typed.as_tree(document), source=source)
    except _typed.Refused:
        return None


def _parse_json(text: str, source: str | None) -> Any:
    """Parse a JSON document into a plain tree: exactly, then with hooks that refuse problems.

    Raises
    ------
    FormatError
        Listing every problem of the document in document order (:func:`_json_problems`):
        those that leave it readable, then its first syntax error, if any. A
        :class:`_Readable`, with the tree read again setting aside what was refused
        (:func:`_json_set_aside`), when there is no syntax error.
    """
    depth = _json_depth(text.encode("utf-8", "surrogatepass"))
    if depth > MAX_DEPTH:
        _json_too_deep(text, source)
    fast = _parse_fast(text)
    if fast is not _REFUSED:
        return fast
    try:
        with _room_to_recurse(min(depth, MAX_DEPTH)):
            tree = json.loads(
                text,
                object_pairs_hook=_no_duplicates,
                parse_float=_json_float,
                parse_int=_json_int,
                parse_constant=_json_constant,
            )
    except json.JSONDecodeError as err:
        found = _json_problems(text, depth, syntax=err)
    except _JsonProblem as err:
        found = _json_problems(text, depth, refused=err.message)
        if not found.stopped:  # read whole: with the values refused set aside
            with _room_to_recurse(min(depth, MAX_DEPTH)):
                raise _Readable(found, _json_set_aside(text), source) from None
    else:
        if "\\u" not in text or not _LONE_SURROGATE_ESCAPE.search(text):
            return tree
        found = _json_problems(text, depth)
        if not found:  # the escape was of a backslash: text
            return tree
        raise _Readable(found, tree, source)
    raise found.error(source)


def _set_aside_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object whose repeated keys hold a :class:`_Repeated` of their values."""
    out = dict(pairs)
    if len(out) < len(pairs):
        values: dict[str, list[Any]] = {}
        for key, value in pairs:
            values.setdefault(key, []).append(value)
        for key, given in values.items():
            if len(given) > 1:
                out[key] = _Repeated(given)
    return out


def _float_or_failed(text: str) -> Any:
    """Read a JSON float, or a :class:`_Failed` for one the hooks refuse."""
    return _Failed() if _json_number_problem(text) is not None else float(text)


def _int_or_failed(text: str) -> Any:
    """Read a JSON integer, or a :class:`_Failed` for one of too many digits."""
    return _Failed() if len(text) > MAX_DIGITS and _digits(text) > MAX_DIGITS else int(text)


def _json_set_aside(text: str) -> Any:
    """Read a JSON text without a syntax error, setting aside what its hooks refuse.

    The values of a repeated key are a :class:`_Repeated`, as which of them is meant is
    unknown; a number that is not finite, has too many digits or underflows to 0 is a
    :class:`_Failed`.
    """
    return json.loads(
        text,
        object_pairs_hook=_set_aside_repeats,
        parse_float=_float_or_failed,
        parse_int=_int_or_failed,
        parse_constant=lambda _: _Failed(),
    )


# --------------------------------------------------------------------------- TOML

_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")

#: What the TOML locator reads: comments and strings (skipped whole, so that nothing in them is
#: taken for a number), and numbers, the special floats and integers, not part of a bare key.
_TOML_TOKEN = re.compile(
    r"""\#[^\n]*
      | \"\"\"(?:[^\\]|\\.)*?\"\"\"
      | '''.*?'''
      | "(?:[^"\\\n]|\\.)*"
      | '[^'\n]*'
      | (?<![\w.-])
        (?P<number>[-+]?(?:inf|nan)|[-+]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9_]+)?)
        (?![\w.-]|[ \t]*[=.])
    """,
    re.VERBOSE | re.DOTALL,
)

#: A run of digits long enough to be an integer of too many digits (or part of a string).
_LONG_DIGITS = re.compile(f"[0-9][0-9_]{{{MAX_DIGITS},}}")


class _BadFloat:
    """What the TOML parser's ``parse_float`` hook returns for a float it refuses.

    One that is not finite (``inf``, ``1e400``) or that underflows to 0 (``1e-400``), with its
    problem and the problem's code.
    """

    __slots__ = ("code", "message", "text")

    def __init__(self, text: str, message: str, code: ProblemCode) -> None:
        self.text = text
        self.message = message
        self.code = code


def _toml_numbers(text: str, wanted: Callable[[str], bool]) -> Iterator[tuple[str, int, int]]:
    """Yield each number of a TOML text ``wanted``, with its line and column, in document order.

    Strings and comments are skipped whole, so that nothing in them is taken for a number.
    """
    lines = _Lines(text)
    for token in _TOML_TOKEN.finditer(text):
        number = token.group("number")
        if number is not None and wanted(number):
            yield (number, *lines(token.start("number")))


def _find_bad_floats(tree: Any) -> Iterator[tuple[_BadFloat, list[str | int]]]:
    """Yield each :class:`_BadFloat` of a TOML tree, and its path, in the tree's order."""
    stack: list[tuple[Any, list[str | int]]] = [(tree, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _BadFloat):
            yield node, path
        elif isinstance(node, dict):
            stack.extend((v, [*path, k]) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in reversed(list(enumerate(node))))


def _parse_toml(text: str, source: str | None) -> Any:
    if _LONG_DIGITS.search(text):  # an integer too long to convert, unless inside a string
        found = _Found()
        for token, line, column in _toml_numbers(
            text, lambda t: not any(c in t for c in ".eEin") and _digits(t) > MAX_DIGITS
        ):
            message = f"invalid TOML: {_too_many_digits(token)}"
            found.add(message, line, column, ProblemCode.NOT_FINITE)
        if found:
            raise found.error(source)
    seen: list[_BadFloat] = []  # in document order: the parser reads the floats in turn

    def parse_float(token: str) -> Any:
        value = float(token)
        if value - value != 0:  # infinite or NaN: inf, nan, or a literal that overflows
            seen.append(_BadFloat(token, _not_finite(token), ProblemCode.NOT_FINITE))
            return seen[-1]
        if value == 0 and underflows(token, value):  # 0, but not as written (1e-400)
            seen.append(_BadFloat(token, _too_close_to_zero(token), ProblemCode.OUT_OF_RANGE))
            return seen[-1]
        return value

    depth = _toml_depth(text, source)
    try:
        with _room_to_recurse(depth):
            tree = tomllib.loads(text, parse_float=parse_float)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where_match = _TOML_WHERE.search(message)
        message = _TOML_WHERE.sub("", message).strip()
        raise FormatError(
            f"invalid TOML: {message}",
            source=source,
            line=int(where_match.group(1)) if where_match else None,
            column=int(where_match.group(2)) if where_match else None,
            code=ProblemCode.SYNTAX,
        ) from None
    except ValueError as err:  # an integer Python will not convert (a lowered digit limit)
        raise FormatError(
            f"invalid TOML: {err}", source=source, code=ProblemCode.NOT_FINITE
        ) from None
    if seen:
        _toml_bad_floats(text, source, tree, seen)
    return tree


def _toml_bad_floats(text: str, source: str | None, tree: Any, bad: list[_BadFloat]) -> NoReturn:
    """Raise every float of a TOML tree that is refused, in document order, with its path and place.

    The error is a :class:`_Readable`, with the tree: the model checks the rest of it.

    A float that is not finite or that underflows to 0 (see :class:`_BadFloat`); ``bad`` are
    those the parser made, in the order it read them, the document's. The k-th of them with a
    given text is the k-th number of that text in the document, which gives its line and column;
    the tree gives its path.
    """
    paths = {id(b): _joined(iter(steps)) for b, steps in _find_bad_floats(tree)}
    places: dict[str, list[tuple[int, int]]] = {}
    for token, *place in _toml_numbers(text, {b.text for b in bad}.__contains__):
        places.setdefault(token, []).append((place[0], place[1]))
    taken: dict[str, int] = {}  # how many places of each text are taken
    found = _Found()
    for b in bad:
        k = taken[b.text] = taken.get(b.text, -1) + 1
        where = places.get(b.text, [])
        line, column = where[k] if k < len(where) else (None, None)
        path = paths.get(id(b), "")
        found.add(f"invalid TOML: {_where(b.message, path)}", line, column, b.code, path)
    raise _Readable(found, tree, source)


def parse(
    text: str, format: str, *, source: str | None = None, max_nodes: int | None = None
) -> Any:
    """Parse ``text`` in ``format`` into a plain tree; raise :class:`FormatError` on bad syntax.

    ``max_nodes`` bounds the nodes a YAML document may stand for (see :data:`BYTES_PER_NODE`);
    by default, the budget of the default size limit, or of the text's own size if larger.

    The garbage collector is paused while the tree is built (see :func:`collector_paused`):
    a parser allocates a container per mapping and list of the document, and the collections
    those allocations trigger would otherwise take longer than the parsing.
    """
    try:
        return _parse(text, format, source=source, max_nodes=max_nodes)
    except _Readable as readable:
        raise readable.found.error(source) from None


def _parse(text: str, format: str, *, source: str | None, max_nodes: int | None) -> Any:
    """Parse as :func:`parse`, raising :class:`_Readable` for a document read whole."""
    fmt = _check_format(format, source)
    if not text or text.isspace():
        raise FormatError("the document is empty", source=source, code=ProblemCode.EMPTY)
    try:
        with collector_paused():
            if fmt == "yaml":
                return _parse_yaml(text, source, max_nodes=max_nodes)
            if fmt == "json":
                return _parse_json(text, source)
            return _parse_toml(text, source)
    except RecursionError:
        raise FormatError("the document is nested too deeply", source=source) from None


def _read(
    text: str, format: str, *, source: str | None, max_nodes: int | None = None
) -> Initiative:
    """Read an initiative from a document: its tree (:func:`_parse`), then the model's check.

    A document read whole with problems that leave it readable (:class:`_Readable`) is checked
    by the model too, and raises its problems and the model's together
    (:func:`_model_problems`).
    """
    try:
        tree = _parse(text, format, source=source, max_nodes=max_nodes)
    except _Readable as readable:
        raise _model_problems(readable, source) from None
    return Initiative.from_dict(tree, source=source)


#: A step of a path as the model writes one: ``[3]``, ``['k-ready']`` (any quoted text) or
#: ``.name`` (a name first, without its dot).
_PATH_TOKEN = re.compile(
    r"""\[(?P<index>\d+)\]
      | \[(?P<quoted>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\]
      | \.?(?P<name>[A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE,
)

#: A path as a tuple of its steps: list positions and mapping keys.
_Steps = tuple[str | int, ...]


def _steps(path: str) -> _Steps | None:
    """Return the steps of a path the model wrote, ``None`` when it is not one of steps.

    ``backbone.staff['director']`` and the reader's ``backbone.staff.director`` are both
    ``('backbone', 'staff', 'director')``.
    """
    steps: list[str | int] = []
    at = 0
    while at < len(path):
        token = _PATH_TOKEN.match(path, at)
        if token is None:
            return None
        if token["index"] is not None:
            steps.append(int(token["index"]))
        elif token["quoted"] is not None:
            try:
                steps.append(ast.literal_eval(token["quoted"]))
            except (ValueError, SyntaxError):  # pragma: no cover - the model writes repr()
                return None
        else:
            steps.append(token["name"])
        at = token.end()
    return tuple(steps)


def _set_aside(tree: Any) -> tuple[set[_Steps], dict[_Steps, set[str] | None]]:
    """Find what a reader refused in a tree it read whole, and take the refused keys out.

    Returns the paths (as steps) of the values refused (a :class:`_Failed`, a
    :class:`_BadFloat`, the :class:`_Repeated` values of a key given twice, or text holding a
    lone surrogate, each left in place), and those of the mappings that lost a key refused (a
    key that is not text, a merge key, a key holding a lone surrogate), which is taken out,
    with the texts those keys were written as (``None`` when one may stand for any key). A
    mapping repeated by aliases is looked at once and named at each of its places. Walked
    without recursion, in time linear in the nodes the tree stands for.
    """
    refused: set[_Steps] = set()
    keyless: dict[_Steps, set[str] | None] = {}
    lost: dict[int, bool] = {}  # id of a mapping -> whether it lost a key
    names: dict[int, set[str] | None] = {}  # ... and the texts of those keys (None: any)
    stack: list[tuple[Any, _Steps]] = [(tree, ())]
    while stack:
        node, path = stack.pop()
        kind = type(node)
        if kind is dict:
            had = lost.get(id(node))
            if had is None:
                bad = [k for k in node if type(k) is not str or _SURROGATE.search(k)]
                for key in bad:
                    del node[key]
                # a key refused as written ('2024', read as a number) stands for that text
                # alone: only a missing key of that name follows from it ('2024: founded' hid a
                # missing 'sector': a fresh-eyes reviewer); a merge key, or a key holding a
                # lone surrogate, may stand for any
                texts: set[str] | None = set()
                for key in bad:
                    written = key.text if type(key) is _Failed else "?"
                    if written in ("?", "<<") or texts is None:
                        texts = None
                    else:
                        texts.add(written)
                names[id(node)] = texts
                had = lost[id(node)] = bool(bad)
            if had:
                keyless[path] = names[id(node)]
            stack.extend((v, (*path, k)) for k, v in node.items())
        elif kind is list:
            stack.extend((v, (*path, i)) for i, v in enumerate(node))
        elif (
            kind is _Failed
            or kind is _BadFloat
            or kind is _Repeated
            or (kind is str and _SURROGATE.search(node))
        ):
            refused.add(path)
    return refused, keyless


def _follows_from_refusal(
    problem: Problem, refused: set[_Steps], keyless: dict[_Steps, set[str] | None]
) -> bool:
    """Whether a problem of the model follows from what the reader refused (:func:`_set_aside`).

    It does when it is the model's word on a value refused (at it, but for a problem of its
    key: an unknown key keeps its problem) or on what is inside one, or when it is a missing
    key of a mapping that lost a key refused that may be the one (a merge key, or a key written
    as the missing key's name).
    """
    steps = _steps(problem.path)
    if steps is None:
        return False
    if problem.code is ProblemCode.MISSING_KEY and steps in keyless:
        texts = keyless[steps]
        if texts is None or problem.key is None or problem.key in texts:
            return True
    if steps in refused and problem.key is None:
        return True
    return any(steps[:n] in refused for n in range(len(steps)))


def _model_problems(readable: _Readable, source: str | None) -> FormatError:
    """Return the error of a document read whole with problems: they, then the model's.

    The model checks the tree with every value refused in place (:func:`_set_aside`): what
    only follows from a refusal is left out, the rest listed after the reader's problems, each
    as a :class:`~collective_impact.FormatProblem` with its path, message and code. A
    document with more problems than are kept lists only those.
    """
    found = readable.found
    if found.omitted:
        return found.error(source)
    refused, keyless = _set_aside(readable.tree)
    more: list[FormatProblem] = []
    try:
        with collector_paused():
            Initiative.from_dict(readable.tree, source=source)
    except ValidationError as err:
        more = [
            FormatProblem(str(p), code=p.code, path=p.path)
            for p in err.problems
            if not _follows_from_refusal(p, refused, keyless)
        ]
    return FormatError.from_problems([*found.kept, *more], source=source)


def loads(text: str, format: str = "yaml", *, source: str | None = None) -> Initiative:
    """Read an initiative from text in the native format.

    Parameters
    ----------
    text
        The document.
    format
        ``"yaml"`` (default), ``"json"`` or ``"toml"``.
    source
        A name for the document in error messages (a file name, say).

    Returns
    -------
    Initiative

    Raises
    ------
    FormatError
        When the text is not valid in ``format``, or holds what the readers refuse (a repeated
        key, a number that is not finite, a lone surrogate, a YAML merge key, tag or alias bomb:
        see :mod:`collective_impact.io.native`), with the line, the column and the path; its
        ``problems`` list every such problem, in document order, then the syntax error that
        stopped reading, if any; or, when none stopped reading, the problems the model finds
        in the rest of the document (as :func:`load` says).
    ValidationError
        When the tree breaks the model's rules; ``.problems`` lists every problem with its path.

    Examples
    --------
    >>> init = loads('''
    ... schema_version: 1
    ... name: Tiny
    ... partners: [{id: a, name: A, sector: community}]
    ... ''')
    >>> init.partner("a").sector.value
    'community'
    """
    given: object = text  # the annotation is a promise the caller may not keep
    if not isinstance(given, str):
        what = "bytes: decode them" if isinstance(given, bytes | bytearray) else type(given)
        raise ArgumentTypeError(
            f"loads reads text (a str), got {what}; load reads a file", argument="text"
        )
    with collector_paused():  # one pause for parsing and building (see parse)
        if _check_format(format, source) == "json":
            initiative = _load_typed(text, source)
            if initiative is not None:
                return initiative
        return _read(text, format, source=source)


def read_tree(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Any:
    r"""Read a file in YAML, JSON or TOML into a plain tree, checked for syntax only.

    The file is read as :func:`load` reads it (size limit, text checks, safe parsing), but the
    tree is not checked against the model: this reads any document in the native formats, such
    as a file of :class:`~collective_impact.ScoringConfig` fields.

    Parameters
    ----------
    path
        The file; its suffix (``.yaml``/``.yml``, ``.json``, ``.toml``) gives the format.
    format
        Override the format given by the suffix.
    max_bytes
        Refuse files larger than this (default 32 MiB) before reading them; ``None`` for no limit.
        A YAML document may stand for one node per :data:`BYTES_PER_NODE` bytes of it (with
        ``None``, of the default or of the file's size, whichever is larger).

    Returns
    -------
    Any
        The document as plain data (dicts, lists, strings, numbers, dates).

    Raises
    ------
    MissingFileError
        When the file does not exist.
    FormatError
        When the file is too large, empty, binary, not UTF-8, or not valid in its format, or
        holds what the readers refuse (see :func:`load`).
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes), or ``max_bytes`` is not a whole number nor ``None``.
    ArgumentValueError
        When ``max_bytes`` is below 1.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "config.toml")
    ...     _ = path.write_text('name = "Tiny"\nweights = [1, 2]\n')
    ...     read_tree(path)
    {'name': 'Tiny', 'weights': [1, 2]}
    """
    (max_bytes,) = check_limits(max_bytes=max_bytes)
    p = input_path(expect_path(path, "read_tree"))
    fmt = _reading_format(p, format)
    text = _read_text(p, max_bytes)
    return parse(text, fmt, source=str(p), max_nodes=_node_budget(max_bytes, len(text)))


def _read_text(path: Path, max_bytes: int | None) -> str:
    return _decode(read_bytes(path, max_bytes), path)


def _decode(data: bytes, path: Path) -> str:
    return decode_text(
        data,
        expected=_EXPECTED,
        source=str(path),
        empty="the file is empty",
        bundle_advice=BUNDLE_ADVICE,
    )


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: bool = False,
) -> Initiative:
    r"""Read an initiative from a file in the native format.

    Parameters
    ----------
    path
        The file; its suffix (``.yaml``/``.yml``, ``.json``, ``.toml``) gives the format.
    format
        Override the format given by the suffix.
    max_bytes
        Refuse files larger than this (default 32 MiB) before reading them; ``None`` for no limit.
        A YAML document may stand for at most one node (a scalar, list or mapping) per
        :data:`BYTES_PER_NODE` (4) bytes of this limit, each alias counting as all the nodes it
        repeats: 8,388,608 nodes by default (the 100,000-activity stress case has 3 million).
        With ``None``, the budget is that of the default limit or of the file's size, whichever
        is larger.
    progress
        Show tqdm progress bars: parsing (by characters read, for YAML) and building the model.
        Useful for very large files (a 100,000-activity YAML file takes tens of seconds).

    Returns
    -------
    Initiative

    Raises
    ------
    MissingFileError
        When the file does not exist (also a :class:`FileNotFoundError`).
    FormatError
        When the file is too large, empty, binary, not UTF-8, or not valid in its format; the
        message names the file, and the line and column where known. Also, with the line, the
        column and the path in the tree, for what every reader refuses: a repeated key, a
        number that is not finite (``NaN``, ``.inf``, ``1e400``) or has more than
        :data:`MAX_DIGITS` digits, a lone surrogate (``"\ud800"`` in JSON); and for what the
        YAML reader refuses: a merge key (``<<``), a mapping key that is not text (``1:``,
        ``yes:``), a tag other than ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``,
        ``!!timestamp``, ``!!map`` and ``!!seq``, more than one document, a document nested
        more than :data:`MAX_DEPTH` deep, and one standing for more nodes than the budget above
        or whose aliases repeat too large a share of its nodes (an alias bomb). Anchors and
        aliases within the budget are read, an alias standing for the same object as its anchor.
        Reading goes on past a problem that leaves the document readable: the error's
        ``problems`` list every problem in document order (each a
        :class:`~collective_impact.FormatProblem` with its line, column, code and path), the
        one that stopped reading (a syntax error) last. When none stopped reading, the model
        checks the document too, and its problems follow (with their path and code; no line):
        all but what only follows from a value refused, or from a key given twice, whose
        values are set aside (which of them is meant is unknown).
    ValidationError
        When the content breaks the model's rules; every problem is listed with its path, and
        the error's ``source`` is the file.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import collective_impact as ci
    >>> text = '''
    ... schema_version: 1
    ... name: Tiny
    ... partners:
    ...   - {id: library, name: Public Library, sector: government}
    ... '''
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d, "tiny.yaml")
    ...     _ = path.write_text(text, encoding="utf-8")
    ...     init = ci.load(path)
    >>> init.name, init.partner("library").sector
    ('Tiny', <Sector.GOVERNMENT: 'government'>)
    >>> ci.load("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    collective_impact.errors.MissingFileError: ...
    """
    (max_bytes,) = check_limits(max_bytes=max_bytes)
    p = input_path(expect_path(path, "load"))
    fmt = _reading_format(p, format)
    data = read_bytes(p, max_bytes)
    if fmt == "json" and not progress:
        with collector_paused():  # one pause for parsing and building (see parse)
            typed = _load_typed_file(data, str(p))
        if typed is not None:
            return typed
    text = _decode(data, p)
    del data
    budget = _node_budget(max_bytes, len(text))
    if not progress:
        with collector_paused():  # one pause for parsing and building (see parse)
            # the tree, built and freed within: while the collector is paused, so that the
            # first collection after the pause walks only the model, not the million
            # containers of a large tree as well
            return _read(text, fmt, source=str(p), max_nodes=budget)
    bar = progress_bar(len(text), desc=f"parsing {escape(p.name)}", unit="char")
    try:
        if fmt == "yaml" and text and not text.isspace():
            tree = _parse_stream(_CountingReader(text, bar), source=str(p), max_nodes=budget)
        else:
            tree = _parse(text, fmt, source=str(p), max_nodes=budget)
            bar.update(len(text))
    except _Readable as readable:
        raise _model_problems(readable, str(p)) from None
    finally:
        bar.close()
    building = progress_bar(1, desc="checking the model", unit="step")
    try:
        result = Initiative.from_dict(tree, source=str(p))
        building.update(1)
    finally:
        building.close()
    return result


def _parse_stream(stream: io.StringIO, *, source: str | None = None, max_nodes: int) -> Any:
    """Parse YAML from a text stream that the parser reads in chunks (see :func:`parse`)."""
    try:
        with collector_paused():
            return _parse_yaml(stream, source, max_nodes=max_nodes)
    except RecursionError:
        raise FormatError("the document is nested too deeply", source=source) from None


# --------------------------------------------------------------------------- writing


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")  # pragma: no cover


_YamlDumperBase: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _YamlDumper(_YamlDumperBase):  # type: ignore[valid-type,misc]
    """Safe YAML dumper that writes repeated objects out in full (no anchors or aliases).

    The reader accepts aliases, but a file without them is plainer to read and to edit, and
    other tools may refuse them; so the writer never produces them, even when the tree holds the
    same object twice (equal tuples of ids shared by two activities, say).
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


#: Plain scalars that PyYAML's resolver (YAML 1.1 as PyYAML reads it) takes for text but another
#: YAML reader does not, each with its tag and the characters it may start with. The dumper
#: writes text in quotes when its resolver takes it for anything but text; PyYAML's own
#: patterns already quote ``yes``/``no``/``on``/``off``, ``true``, ``null``, ``~``, the empty
#: string, ``.inf``, ``.nan``, ``+1``, ``0x1F``, ``0b11``, ``010``, ``1_000``, ``1.5``,
#: ``1.0e+3``, ``1:30``, ``<<``, ``=`` and dates (``2024-01-01``); these add the rest of YAML
#: 1.1 as its specification writes it (the booleans ``y``/``n``; floats with several points,
#: ``1.2.3``, ``.``) and the core schema of YAML 1.2, which most other tools read (an exponent
#: without a point or sign, ``1e3``, ``1.5e3``; ``+.5``; decimals with a leading zero, ``08``;
#: octal ``0o17``). Any of them left plain would be read back as a number or a boolean.
_NOT_TEXT_ELSEWHERE: tuple[tuple[str, str, str], ...] = (
    (_BOOL, r"[yYnN]", "yYnN"),  # YAML 1.1
    (_FLOAT, r"[-+]?(?:[0-9][0-9_]*)?\.[0-9.]*(?:[eE][-+][0-9]+)?", "-+.0123456789"),  # 1.1
    (_INT, r"[-+]?[0-9]+|0o[0-7]+", "-+0123456789"),  # YAML 1.2 core
    (_FLOAT, r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", "-+.0123456789"),
)


def _quote_what_others_read_otherwise(dumper: type[yaml.SafeDumper]) -> None:
    """Make ``dumper`` quote the text of :data:`_NOT_TEXT_ELSEWHERE` (its class, not PyYAML's)."""
    for tag, pattern, first in _NOT_TEXT_ELSEWHERE:
        dumper.add_implicit_resolver(tag, re.compile(rf"(?:{pattern})\Z"), list(first))


_quote_what_others_read_otherwise(_YamlDumper)


def dumps(initiative: Initiative, format: str = "yaml") -> str:
    """Write an initiative as text in the native format.

    ``loads(dumps(x, f), f) == x`` for every initiative ``x`` and format ``f``. In YAML, text
    that a YAML 1.1 or YAML 1.2 reader would take for a number, a boolean, null or a date is
    quoted (``'1e3'``, ``'0o17'``, ``'08'``, ``'y'``, ``'2024-01-01'``), so that other tools
    read it as text too.

    Parameters
    ----------
    initiative
        What to write.
    format
        ``"yaml"`` (default), ``"json"`` or ``"toml"``.

    Returns
    -------
    str

    Examples
    --------
    >>> from collective_impact import Initiative, Partner
    >>> init = Initiative(name="Tiny", partners=[Partner(id="a", name="A", sector="community")])
    >>> print(dumps(init, "json"))
    {
      "schema_version": 1,
      "name": "Tiny",
      "partners": [
        {
          "id": "a",
          "name": "A",
          "sector": "community"
        }
      ]
    }
    """
    expect_initiative(initiative)
    fmt = _check_format(format, None)
    tree = initiative.to_dict()
    if fmt == "json":
        try:  # strict JSON: the model holds no NaN or infinity, and none may be written
            text = json.dumps(
                tree, indent=2, ensure_ascii=False, allow_nan=False, default=_json_default
            )
        except ValueError as err:  # pragma: no cover - the model refuses non-finite numbers
            raise FormatError(f"cannot write the initiative as JSON: {err}") from None
        return text + "\n"
    if fmt == "toml":
        return tomli_w.dumps(tree)
    return yaml.dump(
        tree, Dumper=_YamlDumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )


def dump(
    initiative: Initiative, path: str | os.PathLike[str], *, format: str | None = None
) -> None:
    """Write an initiative to a file in the native format.

    The file is written to a temporary file beside it and moved into place, so an interrupted
    write never leaves a truncated file behind.

    Parameters
    ----------
    initiative
        What to write.
    path
        The file; its suffix gives the format unless ``format`` is passed.
    format
        ``"yaml"``, ``"json"`` or ``"toml"``.

    Raises
    ------
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes), or ``initiative`` is not an :class:`~collective_impact.Initiative`.
    FormatError
        When the format is unknown or cannot be told from the suffix.
    WriteError
        When ``path`` is a folder or the file cannot be written; it is then left as it was.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ci.dump(init, pathlib.Path(d, "workforce.json"))
    ...     tree = json.loads(pathlib.Path(d, "workforce.json").read_text(encoding="utf-8"))
    ...     again = ci.load(pathlib.Path(d, "workforce.json"))
    >>> tree["schema_version"], len(tree["partners"])
    (1, 11)
    >>> again == init
    True
    """
    p = Path(expect_path(path, "dump"))
    if format is None and p.is_dir():
        raise WriteError(shown_path(p), "is a directory, not a file")
    fmt = _check_format(format, str(p)) if format is not None else format_for(p)
    write_text(p, dumps(initiative, fmt))
