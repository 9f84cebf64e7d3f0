"""Reading and writing files, the same way for every reader and writer of the package.

Reading is bounded and checked: :func:`read_bytes` looks at what the path names before opening
it, refusing anything but a regular file (a named pipe would block the reader forever, a device
never ends), and refuses a file larger than its limit before reading it; :func:`decode_text`
refuses what is not text (an Excel workbook or another zip archive, a binary file, a file in
another encoding) with a message that names the byte at fault. Every problem with the path
itself (none there, a NUL character in it, too long for the system, permission denied, a loop
of symbolic links) is a library error naming the path; a path of the wrong type (a number,
``None``, bytes) is refused by :func:`expect_path`, which every public reader and writer calls
first, naming the argument and the function.

Writing is atomic: :func:`write_atomic` writes a temporary file beside the target and moves it
into place, so an interrupted or failed write (a full disk, a file-size limit) never leaves a
truncated file, nor the temporary file; the failure is a
:class:`~collective_impact.errors.WriteError` naming the target. A new file gets the permissions
any new file gets (``0o666`` less the umask), so colleagues can read what the library writes; a
file replaced keeps its permission bits (and its owner, where the system lets a program give
it). As ``cp`` does, a target that is a symbolic link is written through: the file it leads to
is replaced (atomically, beside it) and the link is kept; and a file that is not writable (read
only) is refused, not replaced. :func:`write_files` writes the files of a folder (a CSV bundle)
all or nothing. Each writer first refuses a name of another format's suffix, or of none
(:func:`expect_suffix`, from the table :data:`OUTPUTS` the command line's ``-o`` reads too), and
an export or result whose suffix a native file shares (``.json``) refuses to replace a file that
reads as a native initiative (its first key is one of the native format's: ``schema_version``,
as :func:`~collective_impact.dump` writes it), so that an export never replaces the person's
initiative; a previous export is replaced as before.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import math
import numbers
import os
import re
import secrets
import shutil
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, cast

from .._terminal import shown_path
from ..errors import (
    ArgumentTypeError,
    ArgumentValueError,
    CollectiveImpactError,
    FormatError,
    MissingFileError,
    ProblemCode,
    WriteError,
    expect_count,
    shown,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_BYTES_ADVICE",
    "MAX_RATIO_ADVICE",
    "OUTPUTS",
    "check_text",
    "decode_text",
    "expect_path",
    "expect_paths",
    "expect_suffix",
    "input_path",
    "input_stat",
    "is_plain_utf8",
    "native_first_key",
    "open_regular",
    "read_bytes",
    "read_text",
    "shown_path",
    "suffix_advice",
    "text_codec",
    "write_atomic",
    "write_bytes",
    "write_files",
    "write_text",
]

#: Files larger than this (32 MiB) are refused unless ``max_bytes`` says otherwise. A typical
#: initiative is a few hundred kilobytes; the stress case of DESIGN §7 (100,000 activities) is
#: about 20 MB of YAML.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024

#: What every message refusing an input for its size ends with (:attr:`ProblemCode.TOO_LARGE`);
#: the command line says its own option instead.
MAX_BYTES_ADVICE = "pass max_bytes= to read it anyway"

#: What every message refusing a decompression bomb (a ``.zip`` member or a workbook's part
#: that decompresses too many times its size) ends with; the command line says its own option.
MAX_RATIO_ADVICE = "pass max_ratio= to read it anyway"

#: The first bytes of a zip archive, which an ``.xlsx`` workbook is.
_ZIP_MAGIC = b"PK\x03\x04"

_CHUNK = 1 << 20

#: What each kind of file that is not a regular one is called in messages.
_FILE_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

#: Why a path cannot be used, by the errno the system gives, in the words of messages.
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENAMETOOLONG: "the path is too long for the system",
    errno.ELOOP: "too many levels of symbolic links (a loop of links?)",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a directory, not a file",
    errno.EFBIG: "the file is too large for the system (File too large)",
    errno.ENOSPC: "no space left on the device",
    errno.EROFS: "the file system is read-only",
}


def _file_kind(mode: int) -> str | None:
    """Return what a file that is not a regular one is (``"a named pipe"``), or ``None``."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")


def _reason(err: OSError | ValueError) -> str:
    """Say in words why a path could not be used."""
    if isinstance(err, ValueError):  # the only ValueError of os.stat/os.open: a NUL character
        return "the path contains a NUL character"
    if err.errno in _REASONS:
        return _REASONS[err.errno]
    return err.strerror or str(err)


def _read_error(path: str | os.PathLike[str], err: OSError | ValueError) -> CollectiveImpactError:
    """Return the library error for a path that cannot be read: missing, or anything else."""
    if isinstance(err, FileNotFoundError):
        return MissingFileError(shown_path(path))
    return FormatError(f"cannot read it: {_reason(err)}", source=shown_path(path))


#: What a path of a reader or writer may be, in the words of messages.
_A_PATH = "a path (a str or an os.PathLike)"


def _not_a_path(value: object) -> str | None:
    """Say what ``value`` is when it is not a path a reader or writer takes; else ``None``.

    A ``str`` or an :class:`os.PathLike` whose :func:`os.fspath` is a ``str`` is a path. Bytes
    (and a path-like object giving bytes) are not: :class:`pathlib.Path` refuses them, so no
    reader or writer of the library ever took them.
    """
    if isinstance(value, str):
        return None
    kind = type(value).__name__
    if isinstance(value, bytes | bytearray):
        return f"{kind} (decode it first: os.fsdecode)"
    if not isinstance(value, os.PathLike):
        return kind
    try:
        text = os.fspath(value)
    except TypeError:  # __fspath__ gave something that is neither str nor bytes
        return f"{kind}, whose os.fspath() is not a str"
    if isinstance(text, str):
        return None
    return f"{kind}, whose os.fspath() is {type(text).__name__} (decode it first: os.fsdecode)"


def _refuse_not_a_path(value: object, function: str, *, argument: str, place: str) -> None:
    """Raise the error of :func:`expect_path` for ``value`` at ``place`` if it is not a path."""
    refused = _not_a_path(value)
    if refused is not None:
        raise ArgumentTypeError(
            f"{place}: {function} expected {_A_PATH}, got {refused}", argument=argument
        )


def expect_path(value: object, function: str, *, argument: str = "path") -> str | os.PathLike[str]:
    """Return ``value`` if it is the path of a file or folder; refuse anything else.

    Every public reader and writer calls this on its path before anything else: a number, a
    list, ``None`` or bytes raised a bare :class:`TypeError` from :mod:`pathlib` ("expected
    str, bytes or os.PathLike object, not int"), naming neither the argument nor the function.
    The value is returned as given (not as a :class:`~pathlib.Path`, which would drop a
    ``/`` at its end that :func:`input_path` refuses for a file).

    Parameters
    ----------
    value
        What the caller gave.
    function
        The public function called, named in the message (``"dump"``,
        ``"Assessment.to_json"``).
    argument
        The name of the argument, in the message and as the error's ``argument``.

    Returns
    -------
    str or os.PathLike
        ``value``.

    Raises
    ------
    ArgumentTypeError
        When ``value`` is neither a ``str`` nor an :class:`os.PathLike` whose
        :func:`os.fspath` is a ``str``; bytes are refused with the hint to decode them.

    Examples
    --------
    >>> expect_path("now.yaml", "load")
    'now.yaml'
    >>> try:
    ...     expect_path(123, "dump")
    ... except ArgumentTypeError as err:
    ...     print(err, "|", err.argument)
    path: dump expected a path (a str or an os.PathLike), got int | path
    """
    _refuse_not_a_path(value, function, argument=argument, place=argument)
    return cast("str | os.PathLike[str]", value)


def expect_paths(
    value: object, function: str, *, argument: str = "path"
) -> list[str | os.PathLike[str]]:
    """Return the paths ``value`` gives: one path (:func:`expect_path`), or a sequence of them.

    Parameters
    ----------
    value
        What the caller gave: a path, or an iterable of paths (a list, a tuple).
    function
        The public function called, named in the message.
    argument
        The name of the argument, in the message and as the error's ``argument``; an item
        of a sequence is named by its position (``path[2]``).

    Returns
    -------
    list of str or os.PathLike
        The paths, in the order given.

    Raises
    ------
    ArgumentTypeError
        When ``value`` is neither a path nor an iterable of them, or an item of it is not a
        path (the message names its position).

    Examples
    --------
    >>> expect_paths(("a.xml", "b.xml"), "from_iati")
    ['a.xml', 'b.xml']
    >>> try:
    ...     expect_paths(["a.xml", None], "from_iati")
    ... except ArgumentTypeError as err:
    ...     print(err, "|", err.argument)
    path[1]: from_iati expected a path (a str or an os.PathLike), got NoneType | path
    """
    if _not_a_path(value) is None:
        return [expect_path(value, function, argument=argument)]
    if not isinstance(value, Iterable) or isinstance(value, bytes | bytearray | os.PathLike):
        raise ArgumentTypeError(
            f"{argument}: {function} expected {_A_PATH} or a sequence of paths, got "
            f"{_not_a_path(value)}",
            argument=argument,
        )
    paths = []
    for position, item in enumerate(value):
        _refuse_not_a_path(item, function, argument=argument, place=f"{argument}[{position}]")
        paths.append(cast("str | os.PathLike[str]", item))
    return paths


#: The separators a path may end with: ``/``, and ``\`` on Windows.
_SEPARATORS = tuple(sep for sep in (os.sep, os.altsep) if sep)


def input_path(path: str | os.PathLike[str]) -> Path:
    r"""Return ``Path(path)`` for a reader, refusing a file named with a separator at its end.

    A path that ends with ``/`` names a folder, and the system refuses it for a file ("Not a
    directory", as ``cat now.yaml/`` says), but :class:`~pathlib.Path` drops that ``/``:
    ``now.yaml/`` was read as ``now.yaml``, and ``validate now.yaml/`` said valid. Every
    reader takes its path through here before anything else.

    Parameters
    ----------
    path
        The path given to a reader.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FormatError
        When ``path`` ends with a separator and names a file that is not a folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = pathlib.Path(folder, "now.yaml").write_text("")
    ...     try:
    ...         input_path(f"{folder}/now.yaml/")
    ...     except FormatError as err:
    ...         print(err.message)  # doctest: +NORMALIZE_WHITESPACE
    not a directory: the path ends with '/', as a folder's does, but this is a file; leave
    the '/' out
    """
    p = Path(path)
    text = path if isinstance(path, str) else os.fsdecode(path)
    if text.endswith(_SEPARATORS) and os.path.exists(p) and not os.path.isdir(p):
        sep = text[-1]
        raise FormatError(
            f"not a directory: the path ends with {sep!r}, as a folder's does, but this is a "
            f"file; leave the {sep!r} out",
            source=shown_path(text),
        )
    return p


def input_stat(path: str | os.PathLike[str], *, folder: bool = False) -> os.stat_result:
    """Return what ``path`` names, refusing anything a reader must not open.

    The check runs before the file is opened, so a named pipe or a device never blocks or
    floods the reader.

    Parameters
    ----------
    path
        The file given to a reader.
    folder
        Accept a directory too (a CSV bundle may be a folder).

    Returns
    -------
    os.stat_result
        The status of the file (symbolic links followed).

    Raises
    ------
    MissingFileError
        When nothing is there.
    FormatError
        When it is not a regular file (nor a folder, when ``folder``), or the path cannot be
        used: it holds a NUL character, it is too long, permission is denied, symbolic links
        loop, a part of it is not a folder. The message names the path.
    """
    try:
        status = os.stat(path)
    except (OSError, ValueError) as err:
        raise _read_error(path, err) from None
    kind = _file_kind(status.st_mode)
    if kind is None or (folder and stat.S_ISDIR(status.st_mode)):
        return status
    if kind == "a directory":
        raise FormatError("is a directory, not a file", source=shown_path(path))
    what = "a folder or a regular file" if folder else "a regular file"
    raise FormatError(f"not {what} ({kind})", source=shown_path(path))


@contextlib.contextmanager
def open_regular(path: str | os.PathLike[str]) -> Iterator[tuple[BinaryIO, int]]:
    """Open a regular file for reading, refusing anything else before it is opened.

    The file is opened without blocking (``O_NONBLOCK``: a named pipe put in its place between
    the check and the opening would not block either) and checked again once open. An error
    while reading it (an input/output error) is a :class:`FormatError` naming it too.

    Parameters
    ----------
    path
        The file.

    Yields
    ------
    tuple of (binary file, int)
        The open file and its size when opened.

    Raises
    ------
    MissingFileError, FormatError
        As :func:`input_stat`.
    """
    input_stat(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as err:
        raise _read_error(path, err) from None
    try:
        status = os.fstat(fd)
        kind = _file_kind(status.st_mode)
    except BaseException:
        os.close(fd)
        raise
    if kind is not None:  # replaced between the check and the opening
        os.close(fd)
        raise FormatError(f"not a regular file ({kind})", source=shown_path(path))
    with os.fdopen(fd, "rb") as handle:
        try:
            yield handle, status.st_size
        except OSError as err:
            if isinstance(err, CollectiveImpactError):
                raise
            raise _read_error(path, err) from None


def check_limits(**limits: object) -> tuple[Any, ...]:
    """Refuse a reader's limit that would read as no limit, or as nonsense, before any work.

    ``None`` is no limit. ``max_ratio`` (a compression ratio) must be a number above 0 and
    finite (a NaN compares false with everything, so it turned the check of a zip bomb off);
    every other limit (``max_bytes``, ``max_elements``) a whole number of at least 1. A number
    of NumPy (a count read from a frame: ``numpy.int64``) is a number as Python's are, and a
    truth value is not one.

    Returns
    -------
    tuple
        The limits, in the order given, as Python numbers (an ``int`` for a whole number, else
        a ``float``) or ``None``: a NumPy integer is read with ``int()``, so that no
        fixed-width integer overflows in what is computed from it.

    Raises
    ------
    ArgumentTypeError
        For a limit of another type (a truth value, a string); a :class:`TypeError` too.
    ArgumentValueError
        For a limit out of range; a :class:`ValueError` too.

    Examples
    --------
    >>> check_limits(max_bytes=None, max_ratio=100.0)
    (None, 100.0)
    >>> import numpy as np
    >>> check_limits(max_bytes=np.int64(1_000_000))
    (1000000,)
    >>> check_limits(max_ratio=float("nan"))
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentValueError: max_ratio must be a finite number ... got nan
    """
    checked: list[Any] = []
    for name, value in limits.items():
        if value is None:
            checked.append(None)
        elif name == "max_ratio":
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ArgumentTypeError(
                    f"{name} must be a number or None, got {value!r}", argument=name
                )
            ratio = int(value) if isinstance(value, numbers.Integral) else float(value)
            if not (ratio > 0 and (isinstance(ratio, int) or math.isfinite(ratio))):
                raise ArgumentValueError(
                    f"{name} must be a finite number above 0 or None, got {value!r}",
                    argument=name,
                )
            checked.append(ratio)
        else:
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise ArgumentTypeError(
                    f"{name} must be an integer (int) or None, got {value!r}", argument=name
                )
            if int(value) < 1:
                raise ArgumentValueError(
                    f"{name} must be at least 1 or None, got {value!r}", argument=name
                )
            checked.append(int(value))
    return tuple(checked)


def read_bytes(path: Path, max_bytes: int | None) -> bytes:
    """Read a whole file, refusing it (by size, before reading) when over ``max_bytes``.

    Parameters
    ----------
    path
        The file.
    max_bytes
        The largest size accepted, or ``None`` for no limit.

    Returns
    -------
    bytes
        The content of the file.

    Raises
    ------
    MissingFileError
        When the file does not exist.
    FormatError
        When it is not a regular file (a folder, a named pipe, a device: refused before it is
        opened), the path cannot be read (see :func:`input_stat`), or it is larger than
        ``max_bytes`` (also if it grows while being read). The message names the path.
    """
    with open_regular(path) as (handle, size):
        source = shown_path(path)
        if max_bytes is not None and size > max_bytes:
            raise FormatError(
                f"the file is {size:,} bytes, more than the limit of {max_bytes:,}; "
                + MAX_BYTES_ADVICE,
                source=source,
                code=ProblemCode.TOO_LARGE,
            )
        # the size it had when opened in one read, into one buffer; what it has grown since in
        # chunks (read(max_bytes) would allocate it all)
        chunks = [handle.read(size)] if size > 0 else []
        total = len(chunks[0]) if chunks else 0
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if max_bytes is not None and total > max_bytes:  # the file grew while we read it
                raise FormatError(
                    f"the file is larger than the limit of {max_bytes:,} bytes; "
                    + MAX_BYTES_ADVICE,
                    source=source,
                    code=ProblemCode.TOO_LARGE,
                )
            chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_FOR_FILES = "; name the encoding the file is saved in, such as 'utf-8' or 'cp1252'"

#: Codecs Python counts as text encodings that are not the encoding of any file: refused, why.
_REFUSED_ENCODINGS = {
    "utf-7": (
        "UTF-7 is refused: it spells any character (a NUL, a '<') in plain ASCII letters, so "
        "text that passed a check on its bytes may hide them, and no program saves CSV or XML "
        "in it; save the file as UTF-8"
    ),
    "unicode-escape": "it is Python's codec for the escapes of string literals" + _FOR_FILES,
    "raw-unicode-escape": "it is Python's codec for the escapes of string literals" + _FOR_FILES,
    "idna": "it is a codec for domain names" + _FOR_FILES,
    "punycode": "it is a codec for domain names" + _FOR_FILES,
    "undefined": "it is Python's codec that decodes nothing" + _FOR_FILES,
}


def text_codec(encoding: str, *, source: str | None = None) -> codecs.CodecInfo:
    """Return the codec of a text encoding a user named, refusing what cannot decode a file.

    Parameters
    ----------
    encoding
        The name, as the user gave it (``"utf-8"``, ``"cp1252"``, ``"latin-1"``...).
    source
        The file, for messages.

    Returns
    -------
    codecs.CodecInfo

    Raises
    ------
    FormatError
        When Python knows no such encoding, when the codec is not a text encoding (``rot13``,
        ``base64``, ``zlib``, ``hex``: transforms of bytes or of text), or when it is one that
        no file is saved in (UTF-7, ``unicode_escape``, ``idna``...). The message names the
        file and the encoding.

    Examples
    --------
    >>> text_codec("latin-1").name
    'iso8859-1'
    >>> try:
    ...     text_codec("base64", source="s.csv")
    ... except FormatError as err:
    ...     print(err)
    s.csv: 'base64' is not a text encoding (it is a transform of bytes or of text); name ...
    """
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL character in the name
        raise FormatError(
            f"unknown encoding {shown(encoding)}{_FOR_FILES}", source=source
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise FormatError(
            f"{shown(encoding)} is not a text encoding (it is a transform of bytes or of text)"
            f"{_FOR_FILES}",
            source=source,
        )
    if info.name in _REFUSED_ENCODINGS:
        raise FormatError(
            f"the encoding {shown(encoding)} is refused: {_REFUSED_ENCODINGS[info.name]}",
            source=source,
        )
    return info


def _encoding_name(info: codecs.CodecInfo, encoding: str) -> str:
    """Return how messages name an encoding: ``UTF-8`` for every spelling of it."""
    return "UTF-8" if info.name in ("utf-8", "utf-8-sig") else encoding


def decode_text(
    data: bytes,
    *,
    expected: str,
    source: str | None = None,
    encoding: str = "utf-8",
    advice: str = "",
    workbook_advice: str | None = None,
    bundle_advice: str = "",
    empty: str | None = None,
) -> str:
    r"""Return the text of a file, without its byte-order mark, or refuse what is not text.

    The checks run in this order: a zip archive (an Excel workbook, a CSV bundle or another
    archive, told apart by the names of its members; none is opened), UTF-16 text read as
    another encoding (by its byte-order mark), a NUL byte (a binary file; skipped for UTF-16
    and UTF-32, where NUL bytes are ordinary), bytes that are not valid in
    ``encoding``, then the checks of :func:`check_text`.

    Parameters
    ----------
    data
        The bytes of the file.
    expected
        What the file should be, for messages: ``"CSV text"``, ``"YAML, JSON or TOML text"``.
    source
        The file name, for messages.
    encoding
        The encoding of the text (default UTF-8; a UTF-8 byte-order mark is skipped). Unknown
        encodings, codecs that are not text encodings and UTF-7 are refused (see
        :func:`text_codec`).
    advice
        Appended to the messages about a workbook or a wrong encoding (``"; save it as 'CSV
        UTF-8'"``).
    workbook_advice
        Appended to the message about a workbook instead of ``advice`` (advice to pass another
        encoding cannot help there).
    bundle_advice
        Appended to the message about a CSV bundle (a ``.zip`` archive of the bundle's tables,
        see :func:`~collective_impact.io.csvbundle.read_csv_bundle`).
    empty
        The message for a file with nothing but spaces, or ``None`` to accept it.

    Returns
    -------
    str

    Raises
    ------
    FormatError
        When the file is a zip archive (a workbook, a CSV bundle or another), binary, not
        text in ``encoding``, or empty (when ``empty`` is given); the message names the offset
        (and line) of the byte at fault. When ``encoding`` is not one a file can be read in
        (see :func:`text_codec`).

    Examples
    --------
    >>> decode_text(b"\xef\xbb\xbfid,name\r\n", expected="CSV text")
    'id,name\r\n'
    >>> try:
    ...     decode_text(b"id\ncaf\xe9\n", expected="CSV text")
    ... except FormatError as err:
    ...     print(err.message)
    the file is not UTF-8 text (invalid byte at offset 6, line 2)
    """
    if data.startswith(_ZIP_MAGIC):
        kind = _zip_kind(data)
        if kind == "workbook":
            told = advice if workbook_advice is None else workbook_advice
            raise FormatError(
                f"this is an Excel workbook (.xlsx), not {expected}{told}", source=source
            )
        if kind == "bundle":
            raise FormatError(
                f"this is a CSV bundle (.zip), not {expected}{bundle_advice}", source=source
            )
        raise FormatError(f"this is a .zip archive, not {expected}", source=source)
    info = text_codec(encoding, source=source)
    name = _encoding_name(info, encoding)
    if data.startswith(codecs.BOM_UTF8) and info.name not in ("utf-8", "utf-8-sig"):
        # Excel's "CSV UTF-8" writes the mark; read as cp1252 it became a column 'ï»¿respondent'
        raise FormatError(
            f"the file is UTF-8 text (it starts with UTF-8's byte-order mark), not {name}; "
            "read it as UTF-8 (the default encoding)",
            source=source,
        )
    wide = info.name.startswith(("utf-16", "utf-32"))
    nul = -1 if wide else data.find(b"\0")
    if nul >= 0 and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" and some editors write UTF-16, full of NUL bytes: not binary
        raise FormatError(
            f"the file is UTF-16 text (it starts with UTF-16's byte-order mark), not {name}"
            f"{advice or '; save it as UTF-8'}",
            source=source,
        )
    if nul >= 0:
        raise FormatError(
            f"this is a binary file (a NUL byte at offset {nul}), not {expected}", source=source
        )
    try:
        text = data.decode("utf-8-sig" if name == "UTF-8" else info.name)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise FormatError(
            f"the file is not {name} text (invalid byte at offset {err.start}, line {line})"
            f"{advice}",
            source=source,
        ) from None
    except UnicodeError as err:  # a codec that fails without saying where
        raise FormatError(f"the file is not {name} text ({err}){advice}", source=source) from None
    return check_text(text, expected=expected, source=source, empty=empty)


def _zip_kind(data: bytes) -> str | None:
    """Return what the zip archive ``data`` is: ``"workbook"``, ``"bundle"`` or None.

    Only the archive's table of contents is read (:func:`~.csvbundle.archive_kind`); an
    archive that cannot be read is None, an archive.
    """
    from .csvbundle import zip_kind  # not at the top: csvbundle reads files with this module

    return zip_kind(data)


def is_plain_utf8(data: bytes) -> bool:
    r"""Whether ``data`` is the UTF-8 of the text :func:`decode_text` returns for it (UTF-8).

    True for valid UTF-8 without a byte-order mark, a NUL byte or a workbook's signature: UTF-8
    decodes and encodes back one to one, so a reader of UTF-8 bytes may then read ``data`` in
    place of the text. False for anything :func:`decode_text` refuses or changes. Checked
    without decoding ``data`` whole (a text as long as the file), a slice at a time when it is
    not ASCII.

    Examples
    --------
    >>> is_plain_utf8("café".encode()), is_plain_utf8(b"caf\xe9")
    (True, False)
    >>> is_plain_utf8(b"\xef\xbb\xbfid")  # a byte-order mark, which the text leaves out
    False
    """
    if data.startswith((codecs.BOM_UTF8, _ZIP_MAGIC)) or b"\0" in data:
        return False
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for lo in range(0, len(data), _SLICE):
            decoder.decode(view[lo : lo + _SLICE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


#: The bytes :func:`is_plain_utf8` decodes at a time.
_SLICE = 1 << 16


def check_text(
    text: str, *, expected: str, source: str | None = None, empty: str | None = None
) -> str:
    """Return ``text`` without a byte-order mark, refusing a NUL character or (maybe) no text.

    Parameters
    ----------
    text
        The text, as read from a text stream or decoded.
    expected
        What the text should be, for messages.
    source
        The file name, for messages.
    empty
        The message for a text with nothing but spaces, or ``None`` to accept it.

    Returns
    -------
    str

    Raises
    ------
    FormatError
        When the text holds a NUL character, or is blank and ``empty`` is given.
    """
    text = text.removeprefix("\ufeff")
    if empty is not None and not text.strip():
        raise FormatError(empty, source=source)
    nul = text.find("\0")
    if nul >= 0:
        raise FormatError(
            f"this is a binary file (a NUL character at offset {nul}), not {expected}",
            source=source,
        )
    return text


def read_text(
    path: Path,
    max_bytes: int | None,
    *,
    expected: str,
    encoding: str = "utf-8",
    advice: str = "",
    empty: str | None = None,
) -> str:
    """Read a text file: :func:`read_bytes`, then :func:`decode_text`.

    Parameters
    ----------
    path
        The file; it names the source of every error.
    max_bytes
        The largest size accepted, or ``None`` for no limit.
    expected, encoding, advice, empty
        As for :func:`decode_text`.

    Returns
    -------
    str

    Raises
    ------
    MissingFileError
        When the file does not exist.
    FormatError
        When it cannot be read or is not text (see :func:`read_bytes`, :func:`decode_text`).
    """
    return decode_text(
        read_bytes(path, max_bytes),
        expected=expected,
        source=str(path),
        encoding=encoding,
        advice=advice,
        empty=empty,
    )


def _temporary_name(target: Path, suffix: str = ".tmp") -> Path:
    """Return a fresh hidden name beside ``target``, short enough for any file system."""
    stem = target.name
    while len(os.fsencode(stem)) > 200:  # 255 bytes is the usual limit of one name
        stem = stem[: len(stem) // 2]
    return target.with_name(f".{stem}.{secrets.token_hex(6)}{suffix}")


def _new_temporary(target: Path) -> Path:
    """Create an empty file beside ``target`` with the permissions of a new file, and name it.

    ``os.open`` with mode ``0o666`` lets the umask decide the permissions, as for any file a
    program creates (``tempfile.mkstemp`` would make it readable by its owner only).
    """
    while True:
        tmp = _temporary_name(target)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        os.close(fd)
        return tmp


def _write_error(
    path: str | os.PathLike[str], err: OSError | ValueError, *, existed: bool
) -> WriteError:
    """Return the library error for a failed write; what was at ``path`` is as it was."""
    left = "the file is left as it was" if existed else "nothing was written"
    return WriteError(
        shown_path(path),
        f"{_reason(err)}; {left}",
        errno=err.errno if isinstance(err, OSError) else None,
    )


def _resolved(target: Path) -> Path:
    """Return the file ``target`` names: itself, or where its symbolic links lead.

    Replacing a link by a file would leave the file it leads to with the old content; the
    writers replace that file instead, as ``cp`` writes through a link. A link leading nowhere
    (or to a loop of links) resolves as far as it can: :func:`_check_target` then says why it
    cannot be written.
    """
    if not target.is_symlink():
        return target
    return Path(os.path.realpath(target))


def _check_target(target: Path, *, shown_as: Path | None = None) -> os.stat_result | None:
    """Check that ``target`` can be written (its folder exists; it is not a directory, a pipe).

    Returns the status of what is there already, or ``None``. An existing target that is not
    a regular file is refused: replacing a device or a pipe by a file is never what the caller
    meant; so is one the caller may not write (read only), which a rename could replace all
    the same. Messages name ``shown_as`` (the path the caller gave: a link to ``target``), or
    ``target``.
    """
    given = target if shown_as is None else shown_as
    name = shown_path(given)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        parent = target.parent
        try:
            parent_status = os.stat(parent)
        except (OSError, ValueError) as err:
            if isinstance(err, FileNotFoundError):
                raise WriteError(name, f"the folder {shown_path(parent)} does not exist") from None
            raise _write_error(given, err, existed=False) from None
        if not stat.S_ISDIR(parent_status.st_mode):
            raise WriteError(name, f"{shown_path(parent)} is not a folder") from None
        return None
    except (OSError, ValueError) as err:
        raise _write_error(given, err, existed=False) from None
    kind = _file_kind(status.st_mode)
    if kind == "a directory":
        raise WriteError(name, "is a directory, not a file")
    if kind is not None:
        raise WriteError(name, f"it is {kind}, not a regular file; only files are written")
    if not os.access(target, os.W_OK):
        raise WriteError(
            name,
            "permission denied: the file is read-only; it is left as it was (make it "
            "writable to replace it)",
            errno=errno.EACCES,
        )
    return status


def _keep_status(tmp: Path, status: os.stat_result | None) -> None:
    """Give the temporary file that replaces a file the permission bits (and owner) it had.

    The owner is kept only where the system allows it (a program running as root); the
    permission bits always.
    """
    if status is None:
        return
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) != (status.st_uid, status.st_gid):
        with contextlib.suppress(OSError):
            os.chown(tmp, status.st_uid, status.st_gid)
    os.chmod(tmp, stat.S_IMODE(status.st_mode))


def _remove(path: Path) -> None:
    """Remove a temporary file or folder, quietly: the error that matters is the first one."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    """Flush ``path``'s data to the disk (``fsync``), before it is moved into place.

    Without it, a crash or power loss soon after the move can leave the new name on an empty
    or partial file on many filesystems, the old content gone.
    """
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))  # written, so writable
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries (a rename into it) to the disk, where the system can.

    Not on Windows (a folder cannot be opened) nor on filesystems that refuse it: the data
    themselves are synced already, and the rename is then as durable as the system makes it.
    """
    flag = getattr(os, "O_DIRECTORY", None)
    if flag is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flag | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


#: What each writer of the package writes, and the suffixes its file may be named with, in
#: any case (the first is the one suggested). One table for the writers
#: (:func:`expect_suffix`) and the command line's ``-o`` (:func:`suffix_advice`):
#: ``to_kumu(init, "my-initiative.yaml")`` replaced the person's initiative with Kumu's JSON
#: while ``export kumu -o my-initiative.yaml`` was refused.
OUTPUTS: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "workbook": ("an Excel workbook", (".xlsx",)),  # not .xlsm: it has no macros
    "html": ("an HTML page", (".html", ".htm")),
    "native": ("a native file", (".yaml", ".yml", ".json", ".toml")),
    "assessment": ("an assessment's JSON", (".json",)),
    "kumu": ("Kumu's JSON", (".json",)),
    "graphml": ("GraphML", (".graphml", ".xml")),
    "gexf": ("GEXF", (".gexf",)),
    "cids": ("CIDS JSON-LD", (".jsonld", ".json")),
}


def suffix_advice(
    path: str | os.PathLike[str], kind: str, *, stem: str = "initiative"
) -> str | None:
    """Say what to name ``path`` when its suffix is not one of those of ``kind``, else ``None``.

    Parameters
    ----------
    path
        The file to write; only its name's last suffix is read, in any case (``W.XLSX`` is
        ``.xlsx``; ``w.xlsx.txt`` is ``.txt``). A name without a suffix is refused too: the
        person then has to guess what the file holds.
    kind
        A key of :data:`OUTPUTS`.
    stem
        The name suggested when ``path`` has none of its own.

    Returns
    -------
    str or None
        ``"name it .graphml or .xml (for example map.graphml)"``, or ``None`` when the suffix
        is one of ``kind``'s.

    Examples
    --------
    >>> suffix_advice("map.yaml", "graphml")
    'name it .graphml or .xml (for example map.graphml)'
    >>> suffix_advice("MAP.GEXF", "gexf") is None
    True
    """
    suffixes = OUTPUTS[kind][1]
    name = Path(os.fspath(path)).name
    if Path(name).suffix.lower() in suffixes:
        return None
    example = shown_path(f"{Path(name).stem or stem}{suffixes[0]}")
    return f"name it {' or '.join(suffixes)} (for example {example})"


def expect_suffix(path: str | os.PathLike[str], kind: str) -> None:
    """Refuse, before any work, to write what ``kind`` writes under another format's name.

    ``to_kumu(init, "my-initiative.yaml")`` replaced the person's initiative with Kumu's JSON:
    every writer refuses a suffix that is not its format's own (:data:`OUTPUTS`), as
    :func:`~collective_impact.write_workbook` and the command line's ``-o`` do. A writer of
    a suffix a native file shares (``.json``: Kumu, CIDS, an assessment's JSON) refuses too to
    replace a file that reads as a native initiative (:func:`native_first_key`), which
    ``to_kumu(init, "my-initiative.json")`` replaced; a previous export is replaced.

    Parameters
    ----------
    path
        The file to write.
    kind
        A key of :data:`OUTPUTS`.

    Raises
    ------
    WriteError
        Naming the file, what is written and what to name it; or, for a file there that
        holds an initiative, saying so. Nothing is written.

    Examples
    --------
    >>> expect_suffix("map.yaml", "kumu")
    Traceback (most recent call last):
    ...
    collective_impact.errors.WriteError: map.yaml: cannot write it: Kumu's JSON is written as \
.json, not under the suffix '.yaml'; name it .json (for example map.json); nothing was written
    """
    advice = suffix_advice(path, kind)
    what, suffixes = OUTPUTS[kind]
    suffix = Path(Path(os.fspath(path)).name).suffix
    if advice is None:
        if kind != "native" and suffix.lower() in OUTPUTS["native"][1]:
            _refuse_initiative(path, kind)
        return
    raise WriteError(
        shown_path(path),
        f"{what} is written as {' or '.join(suffixes)}, not under the suffix "
        f"{suffix.lower() or '(none)'!r}; {advice}; nothing was written",
    )


#: How much of an existing file :func:`native_first_key` reads: the first key of a JSON object
#: is at its start (after spaces).
_SNIFF_BYTES = 64 * 1024
#: The first key of a JSON object: ``{``, spaces, a JSON string, spaces and ``:``.
_FIRST_KEY = re.compile(r'\{[ \t\r\n]*("(?:[^"\\]|\\.)*")[ \t\r\n]*:')


def native_first_key(path: str | os.PathLike[str]) -> str | None:
    """Return the first key of the JSON object in ``path`` when it is a native file's key.

    Reads at most the first 64 KiB (never the whole of a large file): the first top-level
    key of a JSON object is at its start. A native initiative file is an object of the
    native format's top-level keys only (any other is refused by
    :func:`~collective_impact.load`), and :func:`~collective_impact.dump` writes
    ``schema_version`` first; a Kumu blueprint begins with ``elements``, CIDS JSON-LD with
    ``@context``, an assessment's JSON with ``scores``, none of them a native key.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    str or None
        The key (``"schema_version"``, ``"name"``, ...); ``None`` when nothing is there, it
        is not a regular file or cannot be read, it is not a JSON object (or its start is
        not: a UTF-8 byte-order mark and spaces are skipped), or its first key is not one
        of the native format's.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import collective_impact as ci
    >>> from collective_impact.io.exports import to_kumu
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     native, kumu = pathlib.Path(folder, "a.json"), pathlib.Path(folder, "b.json")
    ...     ci.dump(init, native)
    ...     to_kumu(init, kumu)
    ...     native_first_key(native), native_first_key(kumu)
    ('schema_version', None)
    """
    from ..model._convert import _TOP_KEYS  # the native format's keys (model imports no io)

    try:
        with open_regular(path) as (handle, _):
            head = handle.read(_SNIFF_BYTES)
    except CollectiveImpactError:  # nothing there, not a regular file: the writer says so
        return None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    found = _FIRST_KEY.match(text)
    if found is None:
        return None
    try:
        key = json.loads(found.group(1))
    except ValueError:
        return None
    return key if isinstance(key, str) and key in _TOP_KEYS else None


def _refuse_initiative(path: str | os.PathLike[str], kind: str) -> None:
    """Refuse to replace a file that reads as a native initiative with an export (``kind``).

    ``to_kumu(init, "my-initiative.json")`` and ``Assessment.to_json("my-initiative.json")``
    replaced the person's initiative, ``.json`` being the suffix of both; the command line
    refused it only when ``-o`` named its input. A previous export (its first key is not a
    native one) is replaced, as before. The file is sniffed by :func:`native_first_key`.

    Raises
    ------
    WriteError
        Naming the file, saying it reads as an initiative and what to do; nothing is written.
    """
    key = native_first_key(path)
    if key is None:
        return
    name = Path(os.fspath(path)).name
    stem, suffix = Path(name).stem or "initiative", Path(name).suffix.lower()
    raise WriteError(
        shown_path(path),
        f"it holds an initiative in the native format (a JSON object whose first key, {key!r}, "
        f"is one of the format's), which {OUTPUTS[kind][0]} would replace; name the output "
        f"another way (for example {stem}-{kind}{suffix}), or move the initiative first; "
        "nothing was written",
    )


def check_writable(path: str | os.PathLike[str]) -> None:
    """Check, before any work, that :func:`write_atomic` could write ``path``.

    Its folder exists and is a folder; what is there already, if anything, is a regular file
    the caller may write (through a symbolic link, the file it leads to).

    Raises
    ------
    WriteError
        Saying why not, naming ``path``.
    """
    given = Path(path)
    _check_target(_resolved(given), shown_as=given)


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then move it into place.

    The temporary file is removed when ``write`` (or the move) fails, so an interrupted or
    failed write leaves the target as it was. The data are flushed to the disk before the move
    and the folder after it (``fsync``), so a crash or power loss leaves the old file or the
    new one, not an empty one. A new file has the permissions ``0o666`` less
    the umask; a file replaced keeps its permission bits (and owner, where the system allows).
    When ``path`` is a symbolic link, the file it leads to is written (the temporary file is
    beside that file) and the link is kept.

    Parameters
    ----------
    path
        The file to write.
    write
        Writes the content to the path it is given (which exists, empty).

    Raises
    ------
    WriteError
        When the file cannot be written: its folder does not exist, it is a directory (or a
        pipe, a device), it is read-only, permission is denied, the disk is full, a file-size
        limit is reached. The message names the file; what was there is left as it was. An
        error of another kind raised by ``write`` propagates as it is (after the temporary
        file is removed).
    """
    given = Path(path)
    target = _resolved(given)
    status = _check_target(target, shown_as=given)
    existed = status is not None
    try:
        tmp = _new_temporary(target)
    except (OSError, ValueError) as err:
        raise _write_error(given, err, existed=existed) from None
    try:
        write(tmp)
        _sync(tmp)  # while the file is still ours to open (its kept mode may forbid it)
        _keep_status(tmp, status)
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except BaseException as err:
        _remove(tmp)
        if isinstance(err, OSError) and not isinstance(err, CollectiveImpactError):
            raise _write_error(given, err, existed=existed) from err
        raise


def write_files(
    folder: str | os.PathLike[str], files: Mapping[str, bytes], *, remove: Iterable[str] = ()
) -> None:
    """Write files into a folder all or nothing: on failure, no file is changed.

    When the folder does not exist, the files are written into a temporary folder beside it,
    which is then renamed to ``folder`` (its parent folders are created). When it does, each
    file is first written to a temporary file in it, and the temporary files are moved into
    place only when all are written; other files in the folder are left alone, but for those
    named in ``remove``, which are removed once every file is in place. Only a failure while
    moving or removing them (after every byte is written: renaming within a folder does not
    fail for want of space) could leave some files new and others old, and the error then says
    so. Each file is written as :func:`write_atomic` writes one: a read-only file is refused,
    a file replaced keeps its permission bits, a symbolic link is written through.

    Parameters
    ----------
    folder
        The folder to write into.
    files
        The content of each file, by name (names without a folder).
    remove
        Names of files of the folder to remove once the files are written (older copies of
        them under other names); a name that turns out to be one of the files written (a file
        system that ignores case) is kept.

    Raises
    ------
    WriteError
        When a file cannot be written (see :func:`write_atomic`), or ``folder`` cannot be
        created; it names the file or the folder. What was there is left as it was.
    """
    target = Path(folder)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        _write_new_folder(target, files)
        return
    except (OSError, ValueError) as err:
        raise _write_error(target, err, existed=False) from None
    if not stat.S_ISDIR(status.st_mode):
        raise WriteError(shown_path(target), f"it is {_file_kind(status.st_mode)}, not a folder")
    given = {name: target / name for name in files}
    targets = {name: _resolved(path) for name, path in given.items()}
    statuses = {name: _check_target(targets[name], shown_as=given[name]) for name in files}
    staged: dict[str, Path] = {}
    try:
        for name, data in files.items():
            try:
                staged[name] = _new_temporary(targets[name])
                staged[name].write_bytes(data)
                _sync(staged[name])
                _keep_status(staged[name], statuses[name])
            except (OSError, ValueError) as err:
                existed = statuses[name] is not None
                raise _write_error(given[name], err, existed=existed) from err
        # Ctrl-C between two renames, or before the older copies are removed, left a folder
        # of old and new files that read as neither: held until the folder is whole
        with _interrupt_deferred():
            for done, (name, tmp) in enumerate(staged.items()):
                try:
                    os.replace(tmp, targets[name])
                except OSError as err:
                    raise WriteError(
                        shown_path(given[name]),
                        f"{_reason(err)}; {done} of the {len(files)} files of "
                        f"{shown_path(target)} were already replaced",
                        errno=err.errno,
                    ) from err
            _sync_folder(target)
            _remove_older(target, remove, given.values())
    finally:
        for tmp in staged.values():
            if tmp.exists():
                _remove(tmp)


#: The signals :func:`_interrupt_deferred` holds back: Ctrl-C, and those that end a process
#: (the command line raises an exception for SIGTERM and SIGHUP, as Python does for SIGINT).
_HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT), SIGTERM and SIGHUP while the block runs, then raise them.

    The files of a folder are moved into place one by one, each move a rename; interrupted
    between two, a bundle was left half old and half new, and read as neither (found by a
    reviewer). The renames take microseconds, so the signal waits for them: once the
    block is done (or failed), each signal caught is raised again, in the order caught, for
    the handler that was there (Python's raises :class:`KeyboardInterrupt` for SIGINT, the
    command line's an exception for SIGTERM and SIGHUP; the default one ends the process;
    one that ignores it, ignores it). Outside the main thread, where no signal handler can be
    set, the block runs as it is; so it does for a signal whose handler was set outside
    Python, which could not be put back.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: h for s in _HELD_SIGNALS if (h := signal.getsignal(s)) is not None}
    caught: list[int] = []

    def hold(signum: int, _frame: Any) -> None:
        if signum not in caught:
            caught.append(signum)

    held: dict[int, Any] = {}
    try:
        for signum, handler in previous.items():
            signal.signal(signum, hold)
            held[signum] = handler
    except ValueError:  # not the main interpreter's thread after all
        for signum, handler in held.items():
            signal.signal(signum, handler)
        yield
        return
    try:
        yield
    finally:
        for signum, handler in held.items():
            signal.signal(signum, handler)
        for signum in caught:
            signal.raise_signal(signum)


def _remove_older(folder: Path, names: Iterable[str], written: Iterable[Path]) -> None:
    """Remove the files ``names`` of ``folder``, but any that is one of the files ``written``."""
    kept = set()
    for path in written:
        with contextlib.suppress(OSError):
            status = os.lstat(path)
            kept.add((status.st_dev, status.st_ino))
    for name in names:
        path = folder / name
        try:
            status = os.lstat(path)
            if (status.st_dev, status.st_ino) not in kept:  # not the same file, under any case
                os.unlink(path)
        except FileNotFoundError:
            continue
        except OSError as err:
            raise WriteError(
                shown_path(path),
                f"{_reason(err)}; the files of {shown_path(folder)} were written, but this older "
                "copy of one of them could not be removed: remove it",
                errno=err.errno,
            ) from err


def _write_new_folder(target: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` into a folder that does not exist yet, all or nothing."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as err:
        raise _write_error(target, err, existed=False) from None
    tmp = _temporary_name(target, ".tmpdir")
    try:
        tmp.mkdir(mode=0o777)  # the umask decides, as for any folder a program creates
    except (OSError, ValueError) as err:
        raise _write_error(target, err, existed=False) from None
    try:
        for name, data in files.items():
            path = tmp / name
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as err:
                raise WriteError(
                    shown_path(target / name),
                    f"{_reason(err)}; nothing was written",
                    errno=err.errno,
                ) from err
        _sync_folder(tmp)
        try:
            os.rename(tmp, target)
        except OSError as err:
            raise _write_error(target, err, existed=False) from err
        _sync_folder(target.parent)
    except BaseException:
        _remove(tmp)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`write_atomic`).

    Parameters
    ----------
    path
        The file to write.
    data
        Its new content.

    Raises
    ------
    WriteError
        When it cannot be written; the file is left as it was.
    """

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, write)


def write_json(path: str | os.PathLike[str], data: Any, *, indent: int | str | None = None) -> None:
    r"""Write ``data`` to ``path`` as strict JSON in UTF-8, atomically (see :func:`write_atomic`).

    The bytes of :func:`~collective_impact._terminal.strict_json_bytes`, written in pieces
    (:func:`~collective_impact._terminal.write_strict_json`): what
    :meth:`Assessment.to_json <collective_impact.Assessment.to_json>` writes.

    Parameters
    ----------
    path
        The file to write.
    data
        A tree of dicts with string keys, lists, strings, numbers, booleans and ``None``.
    indent
        ``None`` for one line; otherwise spaces per level of nesting, or the text (of JSON's
        whitespace, such as ``"\t"``) each level is indented by, as :func:`json.dumps` takes.

    Raises
    ------
    WriteError
        When it cannot be written; the file is left as it was.
    ArgumentTypeError
        When ``indent`` is neither ``None``, a whole number nor a text of whitespace.
    ArgumentValueError
        When ``indent`` is negative.
    TypeError
        When ``data`` holds a value JSON cannot write; the file is left as it was.
    """
    from .._terminal import write_strict_json

    # a text of JSON's whitespace indents as json.dumps does ("\t"); any other text would
    # make invalid JSON
    if not (isinstance(indent, str) and indent.strip(" \t\r\n") == ""):
        expect_count(indent, argument="indent")

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as handle:
            write_strict_json(handle, data, indent=indent)

    write_atomic(path, write)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically, as UTF-8 with the line ends as given.

    Parameters
    ----------
    path
        The file to write.
    text
        Its new content.

    Raises
    ------
    WriteError
        When it cannot be written; the file is left as it was.
    """
    write_bytes(path, text.encode("utf-8"))
