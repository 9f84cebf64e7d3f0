"""Reading and writing files, the same way for every reader and writer of the package.

Reading is bounded and checked: :func:`read_bytes` refuses a file larger than its limit before
reading it, and :func:`decode_text` refuses what is not text (an Excel workbook, a binary file, a
file in another encoding) with a message that names the byte at fault. Writing is atomic:
:func:`write_atomic` writes a temporary file beside the target and moves it into place, so an
interrupted write never leaves a truncated file, and the file gets the permissions any new file
gets (``0o666`` less the umask), so colleagues can read what the library writes.
"""

from __future__ import annotations

import codecs
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from ..errors import FormatError, MissingFileError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "check_text",
    "decode_text",
    "read_bytes",
    "read_text",
    "write_atomic",
    "write_bytes",
    "write_text",
]

#: Files larger than this (32 MiB) are refused unless ``max_bytes`` says otherwise. A typical
#: initiative is a few hundred kilobytes; the stress case of DESIGN §7 (100,000 activities) is
#: about 20 MB of YAML.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024

#: The first bytes of a zip archive, which an ``.xlsx`` workbook is.
_ZIP_MAGIC = b"PK\x03\x04"

_CHUNK = 1 << 20


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
        When it is a folder, or larger than ``max_bytes`` (also if it grows while being read).
    """
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise MissingFileError(source) from None
    if path.is_dir():
        raise FormatError("is a directory, not a file", source=source)
    if max_bytes is not None and size > max_bytes:
        raise FormatError(
            f"the file is {size:,} bytes, more than the limit of {max_bytes:,}; "
            "pass max_bytes= to read it anyway",
            source=source,
        )
    chunks: list[bytes] = []
    total = 0
    with path.open("rb") as handle:  # in chunks: read(max_bytes) would allocate the whole limit
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if max_bytes is not None and total > max_bytes:  # the file grew while we read it
                raise FormatError(
                    f"the file is larger than the limit of {max_bytes:,} bytes", source=source
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _encoding_name(encoding: str) -> str:
    """Return how messages name an encoding: ``UTF-8`` for every spelling of it."""
    name = codecs.lookup(encoding).name
    return "UTF-8" if name in ("utf-8", "utf-8-sig") else encoding


def decode_text(
    data: bytes,
    *,
    expected: str,
    source: str | None = None,
    encoding: str = "utf-8",
    advice: str = "",
    empty: str | None = None,
) -> str:
    r"""Return the text of a file, without its byte-order mark, or refuse what is not text.

    The checks run in this order: an Excel workbook (a zip archive), a NUL byte (a binary file;
    skipped for UTF-16 and UTF-32, where NUL bytes are ordinary), bytes that are not valid in
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
        The encoding of the text (default UTF-8; a UTF-8 byte-order mark is skipped).
    advice
        Appended to the messages about a workbook or a wrong encoding (``"; save it as 'CSV
        UTF-8'"``).
    empty
        The message for a file with nothing but spaces, or ``None`` to accept it.

    Returns
    -------
    str

    Raises
    ------
    FormatError
        When the file is a workbook, binary, not text in ``encoding``, or empty (when ``empty``
        is given); the message names the offset (and line) of the byte at fault.

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
        raise FormatError(
            f"this is an Excel workbook (.xlsx), not {expected}{advice}", source=source
        )
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    nul = -1 if wide else data.find(b"\0")
    if nul >= 0:
        raise FormatError(
            f"this is a binary file (a NUL byte at offset {nul}), not {expected}", source=source
        )
    try:
        text = data.decode("utf-8-sig" if _encoding_name(encoding) == "UTF-8" else encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise FormatError(
            f"the file is not {_encoding_name(encoding)} text (invalid byte at offset "
            f"{err.start}, line {line}){advice}",
            source=source,
        ) from None
    return check_text(text, expected=expected, source=source, empty=empty)


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


def _new_temporary(target: Path) -> Path:
    """Create an empty file beside ``target`` with the permissions of a new file, and name it.

    ``os.open`` with mode ``0o666`` lets the umask decide the permissions, as for any file a
    program creates (``tempfile.mkstemp`` would make it readable by its owner only).
    """
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        os.close(fd)
        return tmp


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then move it into place.

    The temporary file is removed when ``write`` (or the move) fails, so an interrupted write
    leaves the target as it was. The new file has the permissions ``0o666`` less the umask.

    Parameters
    ----------
    path
        The file to write.
    write
        Writes the content to the path it is given (which exists, empty).
    """
    target = Path(path)
    tmp = _new_temporary(target)
    try:
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`write_atomic`).

    Parameters
    ----------
    path
        The file to write.
    data
        Its new content.
    """

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, write)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically, as UTF-8 with the line ends as given.

    Parameters
    ----------
    path
        The file to write.
    text
        Its new content.
    """
    write_bytes(path, text.encode("utf-8"))
