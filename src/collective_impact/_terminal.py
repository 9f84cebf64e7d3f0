"""Text and JSON as the command line prints them: escaped for a terminal, and strict JSON.

The model refuses control characters in what it loads, but text still reaches the terminal from
elsewhere: files written by older versions, messages that quote raw input (a bad value, a path),
names that keep bidirectional controls (right-to-left names need them). A name holding
``ESC [ 2 J`` would clear the screen, an OSC sequence could retitle the window or plant a link,
and a right-to-left override would show one id as another. So every text the command line prints
goes through :func:`escape`, and every JSON it prints through :func:`strict_json`.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any, BinaryIO

__all__ = [
    "ASCII_SYMBOLS",
    "escape",
    "finite_or_none",
    "printable",
    "shown_path",
    "strict_json",
    "strict_json_bytes",
    "write_strict_json",
]

#: What a terminal acts on or hides: C0 controls but tab and newline (ESC starts CSI and OSC
#: sequences; CR overwrites the line), DEL, C1 controls (U+009B is a one-character CSI),
#: bidirectional marks, embeddings, overrides and isolates, the line and paragraph separators,
#: lone surrogates (which cannot be encoded at all) and the noncharacters U+FFFE and U+FFFF.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)

#: An unsafe character, or a first strong isolate closed on its line with nothing unsafe inside
#: it (no tab or line break either): how the library's sentences quote a right-to-left name
#: (``_text.isolated``, which writes a name's line breaks as spaces), kept as it is. Balanced,
#: with no other control inside, an isolate cannot reorder the text around it (that is what it
#: is for), and escaped it wrote an Arabic name as ``\u2068مدرسة\u2069``. Within one line, a
#: stray U+2068 in one name and a stray U+2069 in a later one are kept as a pair too: they can
#: only lay out the text between them as one run.
_UNSAFE_OR_ISOLATE = re.compile(
    "\u2068[^\t\n\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
    "\u2066-\u2069\ud800-\udfff\ufffe\uffff]+\u2069|" + _UNSAFE.pattern
)


#: Paths longer than this are cut in messages (the system refuses paths over 4,096 bytes anyway).
_SHOWN_PATH = 1000


def shown_path(path: str | os.PathLike[str]) -> str:
    r"""Return a path as messages show it: control characters escaped, a very long one cut.

    A path may hold a NUL or an escape character, or bytes that are not UTF-8 (which Python
    keeps as lone surrogates), none of which a terminal or a log should receive as is; nor
    a line break or a tab, which :func:`escape` keeps in the text around it: a file named
    ``nl\nx.yaml`` split the one line a file has in ``validate``'s output in two. Every
    character that is not printable is written as its Python escape.

    Examples
    --------
    >>> print(shown_path("data/a\0b.yaml"))
    data/a\x00b.yaml
    >>> print(shown_path("nl\nx\r\t.yaml"))
    nl\nx\r\t.yaml
    """
    text = os.fsdecode(path)
    if len(text) > _SHOWN_PATH:
        text = f"{text[:_SHOWN_PATH]}... ({len(text):,} characters)"
    return printable(text)


def printable(text: str) -> str:
    r"""Return ``text`` with each character that is not printable written as its Python escape.

    What :func:`shown_path` does to a path, without cutting it: for a name that errors show
    as given (the ``source`` of an error), so that a line break or an escape character in it
    reaches no terminal or log as is. Printable text is returned as it is.

    Examples
    --------
    >>> print(printable("b\nx\x1b[2J"))
    b\nx\x1b[2J
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _escaped(found: re.Match[str]) -> str:
    if len(found.group()) > 1:  # a balanced isolate with nothing unsafe inside: kept
        return found.group()
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, encoding: str | None = None) -> str:
    r"""Return ``text`` safe to print on a terminal: unsafe characters as Python escapes.

    Tabs and newlines are kept (a Windows line end, CR LF, is kept as a newline); every other
    control character, DEL, C1 control, bidirectional control, line or paragraph separator, lone
    surrogate and the noncharacters U+FFFE and U+FFFF is shown as ``\xNN`` or ``\uNNNN``, so
    nothing in the text can move the cursor, change colours or the window title, reorder the
    line, or fail to encode. A first strong isolate (U+2068 … U+2069) closed on its line with
    nothing unsafe inside it is kept: it is how the library quotes a right-to-left name, and it
    keeps the name from reordering the line. With ``encoding``, characters that it cannot encode
    (any non-ASCII character on an ASCII terminal) are escaped as well, but for the punctuation
    and symbols the library's own sentences use (``→ — – … ≤ ≥ × ± “ ”``...:
    :data:`ASCII_SYMBOLS`), which are written in ASCII instead (``-> -- - ... <= >= x +/- "
    "``): ``Phase I — Initiate action`` reads ``Phase I -- Initiate action``, not ``Phase I
    \u2014 Initiate action``. The same characters in a name are written so too: the text arrives
    whole, the program's words and the data's together.

    Parameters
    ----------
    text
        The text to print.
    encoding
        The encoding of the stream it goes to, if known.

    Returns
    -------
    str
        ``text`` itself when it is already safe.

    Examples
    --------
    >>> escape("Schools\x1b[2J")
    'Schools\\x1b[2J'
    >>> escape("id\u202egnp.exe")
    'id\\u202egnp.exe'
    >>> escape("School \u2068مدرسة\u2069 3") == "School \u2068مدرسة\u2069 3"
    True
    >>> escape("\u2068id\u202egnp\u2069")
    '\\u2068id\\u202egnp\\u2069'
    >>> escape("A \u2068\u05d0\nscore\n\u05d1\u2069 B")  # not across lines
    'A \\u2068\u05d0\nscore\n\u05d1\\u2069 B'
    >>> escape("line one\r\nline two\tend")
    'line one\nline two\tend'
    >>> escape("Écoles", "ascii")
    '\\xc9coles'
    >>> escape("2026 → 2027 — Écoles ≥ 3", "ascii")
    '2026 -> 2027 -- \\xc9coles >= 3'
    >>> escape("2026 → 2027 — Écoles", "cp1252")  # it has — and É, not →
    '2026 -> 2027 — Écoles'
    """
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if _UNSAFE.search(text) is not None:
        text = _UNSAFE_OR_ISOLATE.sub(_escaped, text)
    if encoding is not None and not text.isascii():
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            text = text.translate(_symbols_in_ascii(encoding))
            text = text.encode(encoding, "backslashreplace").decode(encoding)
        except LookupError:  # an encoding Python does not know: keep ASCII only
            text = text.translate(_symbols_in_ascii("ascii"))
            text = text.encode("ascii", "backslashreplace").decode("ascii")
    return text


#: The punctuation and symbols of the library's own text (summaries, comparisons, messages),
#: and how :func:`escape` writes each for an encoding that lacks it.
ASCII_SYMBOLS = MappingProxyType(
    {
        "→": "->",
        "←": "<-",
        "—": "--",
        "–": "-",
        "−": "-",
        "…": "...",
        "·": "-",
        "×": "x",
        "±": "+/-",
        "≤": "<=",
        "≥": ">=",
        "≠": "!=",
        "≈": "~",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "•": "*",
    }
)


@functools.lru_cache(maxsize=8)
def _symbols_in_ascii(encoding: str) -> dict[int, str]:
    """Return the table of :meth:`str.translate` for the symbols ``encoding`` cannot encode."""
    table = {}
    for symbol, ascii in ASCII_SYMBOLS.items():
        try:
            symbol.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            table[ord(symbol)] = ascii
    return table


def finite_or_none(value: Any) -> Any:
    """Return ``value`` with every NaN or infinite float, at any depth, replaced by ``None``.

    Mappings, lists and tuples are copied (tuples become lists, as JSON has no tuples); any
    other value is returned as it is.

    Examples
    --------
    >>> finite_or_none({"slope": float("nan"), "values": (1.0, float("-inf"))})
    {'slope': None, 'values': [1.0, None]}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite_or_none(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_none(item) for item in value]
    return value


def strict_json(data: Any, *, indent: int | None = 2) -> str:
    r"""Return ``data`` as strict JSON: undefined numbers (NaN, infinities) as ``null``.

    Python's :func:`json.dumps` writes ``NaN``, ``Infinity`` and ``-Infinity`` by default,
    which are not JSON: most other readers refuse them. Here they become ``null`` first, and
    the text is written with ``allow_nan=False`` so that none can slip through; non-ASCII text
    is written as ``\uNNNN`` escapes, so the result is safe on any terminal.

    Indented by 2 (the default, what the command line prints), the text is that of
    :func:`strict_json_bytes` with DEL and every non-ASCII character as their JSON escapes:
    the text of ``json.dumps(data, indent=2)``, written by ``orjson`` when it is installed,
    which spells a float of magnitude between 1e-9 and 1e-4 its own way (``1.5e-7``, not
    ``1.5e-07``) — the same value. For the result of the stress case (49 MB) that takes
    0.13 s against 2.9 s.

    Examples
    --------
    >>> strict_json({"progress": float("inf"), "n": 3}, indent=None)
    '{"progress": null, "n": 3}'
    >>> print(strict_json({"name": "Écoles 🙂", "n": [1]}))
    {
      "name": "\u00c9coles \ud83d\ude42",
      "n": [
        1
      ]
    }
    """
    if indent == 2:
        return _ascii_json(strict_json_bytes(data, indent=2).decode("utf-8"))
    try:  # most data hold no undefined number: written as it is, without a copy
        return json.dumps(data, indent=indent, allow_nan=False)
    except ValueError:
        return json.dumps(finite_or_none(data), indent=indent, allow_nan=False)


#: What ``json.dumps`` escapes that ``orjson`` writes as it is: DEL and every character outside
#: ASCII (in JSON text, only ever inside a string).
_NON_ASCII = re.compile("[^\x00-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    """Return a character as :func:`json.dumps` escapes it (a surrogate pair beyond U+FFFF)."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}"


def _ascii_json(text: str) -> str:
    r"""Return JSON ``text`` with DEL and every non-ASCII character as its escape.

    As ``json.dumps`` writes them (``ensure_ascii``): a DEL would also be shown as ``\x7f`` by
    :func:`escape`, which is not JSON.
    """
    if text.isascii() and "\x7f" not in text:  # two passes in C: most results
        return text
    return _NON_ASCII.sub(_json_escape, text)


#: ``orjson``'s options for :func:`strict_json_bytes`: subclasses, dataclasses and dates are
#: passed through (to be refused, as :func:`json.dumps` refuses them), not written its own way.
_ORJSON_STRICT = (
    "OPT_PASSTHROUGH_SUBCLASS",
    "OPT_PASSTHROUGH_DATACLASS",
    "OPT_PASSTHROUGH_DATETIME",
)


def _orjson(indent: int | str | None) -> tuple[Any, int] | None:
    """Return ``orjson`` and its options for :func:`strict_json_bytes`, or ``None``.

    ``None`` when ``orjson`` is not installed or cannot write ``indent`` (it indents by 2 only).
    """
    from .io import native  # ``orjson`` is imported once, with the loader that uses it

    orjson = native._orjson
    if orjson is None or indent not in (None, 2):
        return None
    option = orjson.OPT_INDENT_2 if indent == 2 else 0
    for name in _ORJSON_STRICT:
        option |= getattr(orjson, name)
    return orjson, option


def strict_json_bytes(data: Any, *, indent: int | str | None = None) -> bytes:
    r"""Return ``data`` as strict JSON in UTF-8, for a file: compact, or indented by 2.

    The same tree as :func:`strict_json` (undefined numbers as ``null``), written the way
    ``orjson`` writes it — no spaces after ``,`` and ``:`` on one line, non-ASCII characters as
    they are — and written by ``orjson`` itself when it is installed (the extra ``fast``; about
    ten times as quick as :func:`json.dumps` for a large result) and ``indent`` is ``None`` or
    ``2``. Otherwise, or when ``orjson`` refuses the tree (a key that is not a string, an integer
    beyond 64 bits, a lone surrogate, a subclass of a JSON type), the standard library writes it
    with the same separators and escapes, so the two give the same bytes except in how a number
    of magnitude between 1e-9 and 1e-4 is spelled (``orjson``: ``0.00009`` and ``1.5e-7``; the
    standard library: ``9e-05`` and ``1.5e-07``). Both spell every float so that it reads back
    to exactly the same value, so the tree read from either file is the same, bit for bit; the
    bytes of a result file are not its fingerprint.

    Parameters
    ----------
    data
        A tree of dicts with string keys, lists, tuples, strings, integers, floats, booleans
        and ``None``.
    indent
        ``None`` for one line; otherwise spaces per level of nesting.

    Returns
    -------
    bytes
        The JSON text in UTF-8 (lone surrogates, which UTF-8 cannot hold, as ``\uNNNN``).

    Raises
    ------
    TypeError
        When ``data`` holds a value JSON cannot write.

    Examples
    --------
    >>> strict_json_bytes({"progress": float("nan"), "name": "Écoles", "n": (1, 2)})
    b'{"progress":null,"name":"\xc3\x89coles","n":[1,2]}'
    >>> print(strict_json_bytes({"n": [1]}, indent=2).decode())
    {
      "n": [
        1
      ]
    }
    """
    fast = _orjson(indent)
    if fast is not None:
        orjson, option = fast
        try:
            written: bytes = orjson.dumps(data, option=option)
        except orjson.JSONEncodeError:
            pass  # the standard library writes it, or says why it cannot
        else:
            return written
    separators = (",", ":") if indent is None else (",", ": ")
    try:
        text = json.dumps(
            data, indent=indent, separators=separators, ensure_ascii=False, allow_nan=False
        )
    except ValueError:  # an undefined number
        text = json.dumps(
            finite_or_none(data),
            indent=indent,
            separators=separators,
            ensure_ascii=False,
            allow_nan=False,
        )
    # UTF-8 cannot hold a lone surrogate, which can only stand in a string: "backslashreplace"
    # writes it as \uNNNN, its JSON escape
    return text.encode("utf-8", "backslashreplace")


#: Items of a long list at the top of the tree that :func:`write_strict_json` encodes at a time.
_PIECE_ITEMS = 512


class _Refused(Exception):
    """``orjson`` refused a piece: the whole tree is written the standard library's way."""


def write_strict_json(
    handle: BinaryIO,
    data: Any,
    *,
    indent: int | str | None = None,
    piece_items: int = _PIECE_ITEMS,
) -> None:
    r"""Write :func:`strict_json_bytes` of ``data`` to a binary file, the same bytes, in pieces.

    A large result (the stress case's is 23 MB, its ``gaps`` 32,000 entries) is encoded a
    value of the top mapping at a time, and a long list ``piece_items`` entries at a time, each
    piece written while it is fresh in the processor's cache, instead of into one buffer the
    size of the file, then copied to the file: about half the time, and a time that grows as
    the result does (see docs/performance.md). Compact JSON (``indent=None``) with ``orjson``
    installed only: the pieces of compact JSON join with ``,`` to the whole, so the bytes are
    exactly those of :func:`strict_json_bytes`. Otherwise, and when ``orjson`` refuses any
    piece (a key that is not a string, an integer beyond 64 bits...), the file is rewound and
    :func:`strict_json_bytes`'s bytes are written whole.

    Parameters
    ----------
    handle
        A file open for binary writing, at the place to write (it must be able to ``seek``
        back there and ``truncate``).
    data
        A tree as for :func:`strict_json_bytes`.
    indent
        As for :func:`strict_json_bytes`.
    piece_items
        Entries of a long list encoded at a time.

    Raises
    ------
    TypeError
        When ``data`` holds a value JSON cannot write.

    Examples
    --------
    >>> import io
    >>> tree = {"gaps": [{"code": "x"}, {"code": "y"}, {"code": "z"}], "index": float("nan")}
    >>> out = io.BytesIO()
    >>> write_strict_json(out, tree, piece_items=2)
    >>> out.getvalue()
    b'{"gaps":[{"code":"x"},{"code":"y"},{"code":"z"}],"index":null}'
    >>> out.getvalue() == strict_json_bytes(tree)
    True
    """
    start = handle.tell()
    fast = _orjson(indent) if indent is None else None
    if fast is not None and type(data) is dict and all(type(k) is str for k in data):
        orjson, option = fast
        try:
            for piece in _pieces(data, orjson, option, max(1, piece_items)):
                handle.write(piece)
        except _Refused:
            handle.seek(start)
            handle.truncate()
        else:
            return
    handle.write(strict_json_bytes(data, indent=indent))


def _pieces(
    data: dict[str, Any], orjson: Any, option: int, items: int
) -> Iterator[bytes | memoryview]:
    """Yield the compact JSON of ``data`` in pieces (see :func:`write_strict_json`)."""

    def dumps(value: Any) -> bytes:
        try:
            return orjson.dumps(value, option=option)  # type: ignore[no-any-return]
        except orjson.JSONEncodeError:
            raise _Refused from None

    yield b"{"
    for n, (key, value) in enumerate(data.items()):
        yield (b"," if n else b"") + dumps(key) + b":"
        if type(value) is not list or len(value) <= items:
            yield dumps(value)
            continue
        yield b"["
        for start in range(0, len(value), items):
            if start:
                yield b","
            yield memoryview(dumps(value[start : start + items]))[1:-1]  # without [ and ]
        yield b"]"
    yield b"}"
