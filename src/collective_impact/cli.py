"""The ``collective-impact`` command.

Exit status: 0 success (also when the reader of the output goes away, as ``| head`` does, once
the command has done its work); 1 an input is invalid or cannot be assessed as asked (every
problem of every input is printed; an input refused by a limit, too large or nested more than
1,000 levels deep, among them), or a file cannot be read or written (the output included: a full
disk, a file-size limit); 2 wrong usage (an output that would overwrite an input among it); 3 an
internal error (a bug: please report it); 4 out of resources (memory, or Python's recursion limit
met while processing); 130 interrupted (Ctrl-C, also while the command starts); 143 terminated
(SIGTERM) and 129 hung up (SIGHUP), once the command has started, after removing the files it
was writing. Bad input never prints a traceback. A closed output never hides a failure:
``validate`` checks every file after ``| head`` has gone and still exits 1 if one is invalid.

Every text printed goes through :func:`~collective_impact._terminal.escape`, so names, ids and
messages quoting raw input cannot drive the terminal (escape sequences, bidirectional controls);
every JSON printed is strict (:func:`~collective_impact._terminal.strict_json`: no ``NaN`` or
``Infinity``, undefined numbers as ``null``).

Each command imports what it needs when it runs: ``--version`` and ``--help`` load neither numpy
nor the analysis, and reading, assessing and exporting load only their own modules.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import functools
import os
import re
import signal
import sys
import threading
from collections import Counter
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TextIO

from ._terminal import escape, shown_path, strict_json
from ._version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from .config import ScoringConfig
    from .errors import CollectiveImpactError
    from .model import Initiative

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL, EXIT_RESOURCES = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130

#: The signals that end a command as Ctrl-C does, with the status 128 + their number, once
#: :func:`main` has started: a write in progress removes its temporary file first.
_ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class _Terminated(SystemExit):
    """Raised by the handler :func:`main` sets for SIGTERM and SIGHUP (:data:`_ENDING_SIGNALS`).

    Not an :class:`Exception`, so no handler of errors takes it for one: it unwinds the
    command as Ctrl-C's :class:`KeyboardInterrupt` does, and every write in progress removes
    its temporary file on the way (the default action of the signals killed the process at
    once and left them: ``.r.html.<hex>.tmp``). A :class:`SystemExit` of the conventional
    status, should it reach the interpreter unhandled.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum
        self.message = f"terminated by {signal.Signals(signum).name}"


@contextlib.contextmanager
def _signals_end_the_command() -> Iterator[None]:
    """Make SIGTERM and SIGHUP raise :class:`_Terminated` while the block runs.

    Only the command line does so (a library sets no signal handler of its own), only in the
    main thread, and only for a signal whose handler is the default one, as a shell leaves
    it (one the caller set, or ignores, as ``nohup`` does SIGHUP, is kept). The first signal
    puts the earlier handlers back before it raises, so a second one ends the process at
    once, as it would have; they are put back when the block ends too.
    """
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in _ENDING_SIGNALS:
            if signal.getsignal(signum) is signal.SIG_DFL:
                previous[signum] = signal.SIG_DFL

    def restore() -> None:
        for signum, handler in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, handler)

    def end(signum: int, _frame: Any) -> None:
        restore()
        raise _Terminated(signum)

    try:
        for signum in previous:
            signal.signal(signum, end)
        yield
    finally:
        restore()


class _OutputError(Exception):
    """Writing to a stream failed (a closed pipe, a full disk): raised with the cause.

    ``stream`` is ``None`` when standard output was closed before the command ran (``>&-``:
    Python sets ``sys.stdout`` to ``None``).
    """

    def __init__(self, cause: OSError, stream: TextIO | None) -> None:
        super().__init__(str(cause))
        self.cause, self.stream = cause, stream


def _say(text: str, stream: TextIO, *, end: str = "\n", titled: bool = False) -> None:
    """Write ``text`` to ``stream``, escaped for a terminal (see :func:`~._terminal.escape`).

    ``titled``: the first line of ``text`` is a title underlined with ``=`` on the second,
    whose length is measured again on the title as it is shown (escaped, see :func:`_titled`).

    Raises
    ------
    _OutputError
        When the stream cannot be written (``OSError``, a closed pipe among them), or takes
        only part of the text.
    """
    if stream is None:  # the descriptor was closed (`>&-`): Python sets sys.stdout to None
        raise _OutputError(OSError(errno.EBADF, "the output stream is closed"), stream)
    encoding = getattr(stream, "encoding", None)
    if titled:
        text = _titled(text, encoding)
    try:
        _write_all(stream, escape(text, encoding) + end)
    except OSError as exc:
        raise _OutputError(exc, stream) from exc


def _write_all(stream: TextIO, text: str) -> None:
    """Write ``text`` to ``stream`` whole, or raise ``OSError``.

    A text stream hands its bytes to the file in pieces and, unbuffered (``python -u``,
    ``PYTHONUNBUFFERED=1``), ignores a piece the file took only in part: at a file-size limit
    (``ulimit -f``) or on a full disk the end of the output was lost, and the command exited
    0. So the text is encoded as the stream encodes it and written to its binary layer, each
    count checked, until every byte is taken; a write that takes none is a failure. A stream
    without a binary layer (``io.StringIO``) is written as it is.
    """
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if buffer is None or not encoding:
        stream.write(text)
        return
    stream.flush()  # what was written through the text layer comes first
    if os.linesep != "\n":  # as the text layer translates line ends (Windows)
        text = text.replace("\n", os.linesep)
    data = memoryview(text.encode(encoding, getattr(stream, "errors", None) or "strict"))
    total = len(data)
    while data:
        taken = buffer.write(data)
        if not taken:  # None: a file that does not block would; 0: it took nothing
            raise OSError(
                f"the output took no more bytes ({total - len(data):,} of {total:,} written)"
            )
        data = data[taken:]


def _titled(text: str, encoding: str | None) -> str:
    r"""Return ``text`` with the underline of its title as long as the title is shown.

    The summaries underline their first line with ``=`` as long as the title is wide; printed,
    a name holding a control character (or a character the terminal's encoding lacks) is
    longer, escaped (``\x1b``), and the underline stopped short. ``text`` is returned as it
    is when its second line is not such an underline.
    """
    from ._text import display_width

    title, _, rest = text.partition("\n")
    underline, newline, body = rest.partition("\n")
    if not underline or underline.strip("=") or len(underline) != display_width(title):
        return text
    shown = display_width(escape(title, encoding))
    return f"{title}\n{'=' * shown}{newline}{body}"


def _flush(stream: TextIO) -> None:
    """Flush ``stream`` now, so that a failure to write is reported, not met at exit."""
    try:
        stream.flush()
    except OSError as exc:
        raise _OutputError(exc, stream) from exc


class _Lenient:
    """A stream written line by line until writing fails, then no more; the failure is kept.

    ``validate`` goes on checking every file after the reader of its output has gone (``|
    head -1``), and ``import`` writes its file when its warnings cannot be shown, so that the
    exit status still says whether the command failed; what could not be printed is dropped.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.failure: OSError | None = None

    def say(self, text: str) -> None:
        """Write ``text`` and a newline (escaped) and flush them, unless writing failed before."""
        if self.failure is not None:
            return
        try:
            _say(text, self.stream)
            _flush(self.stream)  # now: before the next line on another stream of one terminal
        except _OutputError as exc:
            self.failure = exc.cause
            _silence(self.stream)

    def check(self) -> None:
        """Raise the failure to write, unless there was none or the reader went away.

        Raises
        ------
        _OutputError
            When writing failed otherwise than by a closed pipe (a full disk).
        """
        if self.failure is not None and not isinstance(self.failure, BrokenPipeError):
            raise _OutputError(self.failure, self.stream)


def _silence(stream: TextIO | None) -> None:
    """Point the file descriptor of ``stream`` at the null device, after writing to it failed.

    What is left in its buffer is then written there when Python exits, instead of failing
    again with an "Exception ignored" message. A stream without a descriptor is left as it is.
    """
    if stream is None:  # closed before the command ran: nothing to silence
        return
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both
        return
    try:
        os.dup2(null, fd)
    except OSError:
        pass
    finally:
        os.close(null)


#: How to see every problem of a file whose problems were cut short, for a command that only
#: reads it, and for ``validate`` itself.
_VALIDATE_ALL_OPTION = "collective-impact validate --all lists every one"
_ALL_OPTION = "--all lists every one"

#: How many lines of problems an error shows (``errors._MAX_SHOWN``), for the help of --all.
_MAX_PROBLEM_LINES = 200


def _error_text(
    exc: BaseException, *, every: bool = False, more: str = _VALIDATE_ALL_OPTION
) -> str:
    """Return ``str(exc)``, or a word on it when even that fails (it never should).

    An input refused for its size is told the option of the command line (``--max-bytes``)
    rather than the keyword of the library (``max_bytes=``), and so is a decompression bomb
    (``--max-ratio``, not ``max_ratio=``); a file whose suffix names no
    format is not told to pass ``format=`` (an input is told of ``--from`` by
    :func:`_read_input`; a ``--config`` file and the output of ``import`` have no such option).
    A list of problems cut short is told ``more``, how to see every one at the command line,
    rather than the library's ``summary(max_lines=None)``; with ``every`` (``validate --all``)
    it is not cut short, and each problem has its own line.
    """
    listed = None
    if type(exc).__module__.startswith(__package__ or "collective_impact"):
        from .errors import EVERY_PROBLEM_ADVICE, FormatError, ValidationError  # loaded: exc is

        listed = exc if isinstance(exc, ValidationError | FormatError) else None
    try:
        text = str(exc) if listed is None or not every else listed.summary(max_lines=None)
    except Exception:  # a message that cannot be made: say what it was
        return f"{type(exc).__name__} (its message cannot be shown)"
    if listed is not None and not every:
        cut = re.compile(
            rf"^(  \.\.\. and [0-9,]+ more )\({re.escape(EVERY_PROBLEM_ADVICE)}\)$", re.M
        )
        text = cut.sub(lambda m: f"{m[1]}({more})", text)
    if isinstance(exc, OSError) and type(exc).__module__ == "builtins" and exc.strerror:
        # an error of the system the library did not word ("[Errno 36] File name too long:
        # '<300 characters>'"): the file as messages show it, then the reason
        reason = exc.strerror[:1].lower() + exc.strerror[1:]
        return f"{shown_path(exc.filename)}: {reason}" if exc.filename else reason
    if getattr(exc, "code", None) == "too-large":  # ProblemCode.TOO_LARGE, without importing
        from .io._files import MAX_BYTES_ADVICE
        from .io.iati import MAX_ELEMENTS_ADVICE

        text = text.replace(MAX_BYTES_ADVICE, _MAX_BYTES_OPTION)
        text = text.replace(MAX_ELEMENTS_ADVICE, _MAX_ELEMENTS_OPTION)
    if "max_ratio=" in text:  # a decompression bomb (ProblemCode.TOO_LARGE too)
        from .io._files import MAX_RATIO_ADVICE

        text = text.replace(MAX_RATIO_ADVICE, _MAX_RATIO_OPTION)
    if text.endswith(_FORMAT_KEYWORD):  # a --config file or the output of import: no --from
        text = text.removesuffix(_FORMAT_KEYWORD)
    if text.endswith(_BUNDLE_ADVICE):  # a --config file: a bundle is no settings file
        text = text.removesuffix(_BUNDLE_ADVICE)
    return text


#: The command line's advice for an input refused for its size.
_MAX_BYTES_OPTION = "pass --max-bytes SIZE (or --max-bytes none) to read it anyway"
_MAX_ELEMENTS_OPTION = "pass --max-elements N (or --max-elements none) to read it anyway"
_MAX_RATIO_OPTION = "pass --max-ratio R (or --max-ratio none) to read it anyway"

#: The end of the library's message about a file whose suffix names no format it reads
#: (``io.native.format_for``): advice in the words of the library.
_FORMAT_KEYWORD = " or pass format="
_SUFFIXES_SAID = "; use one of "

#: The end of the library's message about a CSV bundle read as a native file
#: (``io.native.BUNDLE_ADVICE``); an input is told of ``--from csv`` by :func:`_read_input`.
_BUNDLE_ADVICE = "; name it .zip, or read it with read_csv_bundle"

#: What an input of the command line may be named, for a file whose suffix names no reader.
_INPUT_SUFFIXES = (
    "use .yaml, .yml, .json or .toml for a native file, .xlsx (or .xlsm) for a workbook, a "
    "folder or a .zip for a CSV bundle"
)

#: ``--max-bytes`` not given: each reader's own limit.
_READER_LIMIT: Literal["default"] = "default"


#: The units ``--max-bytes`` takes after a number, in any case: decimal (``k``, ``kB``: 1,000)
#: and binary (``KiB``: 1,024), as the messages write sizes (``32 MiB``).
_BYTE_UNITS = MappingProxyType(
    {
        "b": 1,
        **{f"{p}{b}": 1000**n for n, p in enumerate("kmg", 1) for b in ("", "b")},
        **{f"{p}ib": 1024**n for n, p in enumerate("kmg", 1)},
    }
)

#: A number of ``--max-bytes`` before a unit: digits, with commas between thousands or none,
#: and a fraction.
_SIZE_NUMBER = re.compile(r"(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?")

#: What ``--max-bytes`` expects, in its messages.
_BYTES_EXPECTED = (
    "a number of bytes from 1 (or with a unit: 500k, 10MB, 32MiB), 'none' or 'default'"
)


def _byte_limit(text: str) -> int | Literal["default"] | None:
    """Read ``--max-bytes``: a number of bytes from 1, ``none`` (no limit) or ``default``.

    A number may be written with commas, as the messages write sizes (``45,722,379``), and be
    followed by a unit of :data:`_BYTE_UNITS` in any case: ``k``, ``M``, ``G`` (or ``kB``,
    ``MB``, ``GB``) count thousands, ``KiB``, ``MiB``, ``GiB`` 1,024s; with a unit it may have
    a fraction (``1.5M``), and the limit is the whole number of bytes below.

    Examples
    --------
    >>> [_byte_limit(t) for t in ("1,000", "10k", "10KiB", "1.5 MB", "32mib", "none")]
    [1000, 10000, 10240, 1500000, 33554432, None]
    """
    words = {"none": None, _READER_LIMIT: _READER_LIMIT}  # default: argparse passes it too
    word = text.strip().lower()
    number = word.rstrip("kmgib")
    unit = word[len(number) :]
    if unit and unit in _BYTE_UNITS:
        found_number = _SIZE_NUMBER.fullmatch(number.strip())
        value = 0
        if found_number is not None:  # in whole numbers: 0.1k is 100 bytes, not 100.00000001
            whole, fraction = found_number["whole"].replace(",", ""), found_number["fraction"]
            scale = _BYTE_UNITS[unit]
            value = int(whole) * scale + int(fraction or "0") * scale // 10 ** len(fraction or "")
        if value < 1:
            raise argparse.ArgumentTypeError(f"expected {_BYTES_EXPECTED}, not {text!r}")
        return value
    found: int | Literal["default"] | None = _count(text, 1, words, _BYTES_EXPECTED)
    return found


def _ratio_limit(text: str) -> float | Literal["default"] | None:
    """Read ``--max-ratio``: a compression ratio above 0, ``none`` (no limit) or ``default``.

    Examples
    --------
    >>> [_ratio_limit(t) for t in ("250", "1,000", "12.5", "none", "default")]
    [250.0, 1000.0, 12.5, None, 'default']
    """
    words: dict[str, float | Literal["default"] | None] = {
        "none": None,
        _READER_LIMIT: _READER_LIMIT,
    }
    word = text.strip().lower()
    if word in words:
        return words[word]
    found = _SIZE_NUMBER.fullmatch(word)
    value = 0.0 if found is None else float(word.replace(",", ""))
    if not value > 0:
        raise argparse.ArgumentTypeError(
            f"expected a compression ratio above 0 (250, 12.5), 'none' or 'default', not {text!r}"
        )
    return value


def _element_limit(text: str) -> int | Literal["default"] | None:
    """Read ``--max-elements``: as :func:`_byte_limit`, a number of XML elements."""
    words = {"none": None, _READER_LIMIT: _READER_LIMIT}
    found: int | Literal["default"] | None = _count(
        text, 1, words, "a number of elements from 1, 'none' or 'default'"
    )
    return found


def _count(text: str, minimum: int, words: dict[str, Any], expected: str) -> Any:
    """Read a whole number from ``minimum``, or one of ``words`` (its value).

    Commas may only separate thousands (``1,000,000``, as :data:`_SIZE_NUMBER`): ``1,5`` is
    not 15 (nor one and a half). Raises :class:`argparse.ArgumentTypeError` saying what was
    ``expected`` otherwise.

    Examples
    --------
    >>> _count("12,345", 1, {}, "a number")
    12345
    >>> _count("12,5", 1, {}, "a number")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: expected a number, not '12,5'
    """
    word = text.strip().lower()
    if word in words:
        return words[word]
    try:
        grouped = "," not in word or _SIZE_NUMBER.fullmatch(word) is not None
        value = int(word.replace(",", "")) if grouped else minimum - 1
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise argparse.ArgumentTypeError(f"expected {expected}, not {text!r}")
    return value


def _limit_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=_byte_limit,
        default=_READER_LIMIT,
        metavar="SIZE",
        help="refuse an input larger than SIZE bytes ('default': 33,554,432, 32 MiB, for a "
        "native or IATI file, 67,108,864 for a CSV bundle or workbook); 'none' reads any size. "
        "SIZE may end in k, M or G (thousands: 500k is 500,000 bytes; also kB, MB, GB) or KiB, "
        "MiB or GiB (1,024s: 32MiB is 33,554,432 bytes), in any case",
    )
    parser.add_argument(
        "--max-ratio",
        type=_ratio_limit,
        default=_READER_LIMIT,
        metavar="R",
        help="refuse a member of a CSV bundle's .zip, or a part of a workbook, that holds more "
        "than a mebibyte and decompresses to more than R times its compressed size, as a "
        "decompression bomb ('default': 100); 'none' reads any ratio. Other inputs are not "
        "compressed",
    )


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with status 2 and no traceback.

    ``commands`` holds the parser of each subcommand (the main parser's), so that a usage error
    found after parsing prints the usage of the command given, as argparse's own do.
    """

    commands: Mapping[str, _Parser] = MappingProxyType({})
    #: A subcommand's parser refuses the arguments it does not know itself, with its own usage
    #: (argparse leaves them to the main parser, which printed the usage of every command).
    command_of: str | None = None

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        found, extras = super().parse_known_args(args, namespace)
        if extras and self.command_of is not None:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return found, extras

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        text = escape(f"{self.prog}: error: {message}", getattr(sys.stderr, "encoding", None))
        self.exit(EXIT_USAGE, text + "\n")


#: What ``--from`` accepts: the native formats and a CSV bundle.
INPUT_FORMATS = ("yaml", "json", "toml", "csv", "xlsx")


def _example_names() -> list[str]:
    """Return the names of the bundled examples, as :func:`~collective_impact.list_examples` does.

    Read from the package's data folder without importing :mod:`collective_impact.datasets`
    (which imports the readers), so that building the parser stays cheap.
    """
    folder = resources.files(__package__).joinpath("datasets", "data")
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def _source_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "file",
        nargs="?",
        help="an initiative: a native file (.yaml, .yml, .json, .toml), an Excel workbook "
        "(.xlsx) or a CSV bundle (a folder or a .zip)",
    )
    group.add_argument(
        "--example", metavar="NAME", help=f"a bundled example: {', '.join(_example_names())}"
    )
    parser.add_argument(
        "--from",
        dest="input_format",
        choices=INPUT_FORMATS,
        metavar="FORMAT",
        help=f"read FILE as FORMAT ({', '.join(INPUT_FORMATS)}) instead of guessing from its name",
    )
    _limit_arg(parser)


def read_input(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    progress: bool = False,
    max_bytes: int | Literal["default"] | None = _READER_LIMIT,
    max_ratio: float | Literal["default"] | None = _READER_LIMIT,
) -> Initiative:
    """Read an initiative from any input the library reads, detected from the path.

    Parameters
    ----------
    path
        A native file (``.yaml``/``.yml``, ``.json``, ``.toml``), a CSV bundle (a folder or a
        ``.zip``), or an Excel workbook (``.xlsx``, the ``excel`` extra).
    format
        One of :data:`INPUT_FORMATS` to force the reader instead of guessing from the path.
    progress
        Show progress bars while loading a native file.
    max_bytes
        Refuse a larger input (for a CSV bundle, the bytes of its files in all); ``None`` for
        no limit; ``"default"`` for each reader's own limit (32 MiB for a native file, 64 MiB
        for a CSV bundle or a workbook).
    max_ratio
        Refuse a decompression bomb: a member of a CSV bundle's ``.zip``, or a part of a
        workbook, that decompresses to more than this many times its size; ``None`` for no
        limit; ``"default"`` for the readers' own (100). A native file or a bundle's folder
        is not compressed, and reads the same whatever it is.

    Returns
    -------
    Initiative

    Raises
    ------
    CollectiveImpactError
        When the input cannot be read or is not a valid initiative (every problem listed).
    FormatError
        When the path names no input the library reads (a file of another suffix): the
        message says what an input may be named, or to pass ``format=``.
    ArgumentValueError
        When ``max_bytes`` or ``max_ratio`` is a text other than ``"default"``.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).
    """
    from .io._files import expect_path

    return _read_input(
        expect_path(path, "read_input"),
        format=format,
        progress=progress,
        max_bytes=max_bytes,
        max_ratio=max_ratio,
        option="format=",
    )


def _read_detected(
    path: str | os.PathLike[str],
    *,
    format: str | None,
    progress: bool,
    max_bytes: int | Literal["default"] | None,
    max_ratio: float | Literal["default"] | None,
) -> Initiative:
    """Read an input with the reader its path (or ``format``) names: :func:`read_input`'s work."""
    from .errors import ArgumentValueError
    from .io import load, read_csv_bundle
    from .io._files import input_path

    for name, value in (("max_bytes", max_bytes), ("max_ratio", max_ratio)):
        if isinstance(value, str) and value != _READER_LIMIT:
            raise ArgumentValueError(
                f"{name}: expected a number, None or 'default', got {value!r}", argument=name
            )
    p = input_path(path)  # 'now.yaml/' is not now.yaml
    limit: dict[str, Any] = {} if isinstance(max_bytes, str) else {"max_bytes": max_bytes}
    archive = dict(limit, **({} if isinstance(max_ratio, str) else {"max_ratio": max_ratio}))
    if format == "xlsx" or (format is None and p.suffix.lower() in (".xlsx", ".xlsm")):
        from .io.workbook import read_workbook

        return read_workbook(p, **archive)
    if format == "csv" or (format is None and (p.is_dir() or p.suffix.lower() == ".zip")):
        return read_csv_bundle(p, **archive)
    return load(p, format=format, progress=progress, **limit)


def _date(text: str) -> dt.date:
    """``--as-of``: a date written ``YYYY-MM-DD`` (a malformed one is wrong usage)."""
    from .model._fields import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date (YYYY-MM-DD), not {text!r}") from None


def _read_input(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    progress: bool = False,
    max_bytes: int | Literal["default"] | None = _READER_LIMIT,
    max_ratio: float | Literal["default"] | None = _READER_LIMIT,
    option: str | None,
) -> Initiative:
    """Read any input the library reads; a file whose suffix names none is told what they are.

    :func:`read_input`, the command line and the batch (:func:`~collective_impact.iter_assess`)
    read their inputs here. The native reader's message lists the suffixes of native files
    only and ends with "or pass format=": an input read here may also be a workbook or a CSV
    bundle, and the way to force a format is ``option``, in the caller's words — ``"format="``
    for :func:`read_input`, ``"--from FORMAT"`` for a command that has the option — or none
    (``None``: a batch, which reads each file by its path and has no ``format=``).
    """
    from .errors import FormatError

    try:
        return _read_detected(
            path, format=format, progress=progress, max_bytes=max_bytes, max_ratio=max_ratio
        )
    except FormatError as exc:
        head, said, suffixes = exc.message.partition(_SUFFIXES_SAID)
        if exc.message.endswith(_BUNDLE_ADVICE):  # a CSV bundle's .zip under another name
            head = exc.message.removesuffix(_BUNDLE_ADVICE)
            csv = None if option is None else option.replace("FORMAT", "csv").replace("=", "='csv'")
            advice = "name it .zip" + (f", or pass {csv}" if csv is not None else "")
        elif said and suffixes.endswith(_FORMAT_KEYWORD):
            advice = _INPUT_SUFFIXES + (
                f", or pass {option} ({', '.join(INPUT_FORMATS)})" if option is not None else ""
            )
        else:
            raise
        raise FormatError(
            f"{head}; {advice}",
            source=exc.source,
            line=exc.line,
            column=exc.column,
            code=exc.code,
        ) from exc


def _assessment_args(parser: argparse.ArgumentParser, *, compared: bool = False) -> None:
    """``--config`` and ``--as-of``; ``compared``: the command also reads an earlier version."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="a YAML, JSON or TOML file of ScoringConfig fields (weights and thresholds), or "
        "the JSON result of an earlier assess, whose settings are used again",
    )
    earlier = (
        "; it applies to FILE (or --example) only: OLD is judged as of its own date, which "
        "must not be after this one"
        if compared
        else ""
    )
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        type=_date,
        help="the date of judgement (YYYY-MM-DD): observations and baselines after it are "
        f"left out; by default the file's own as_of, else its latest observation or "
        f"baseline{earlier}",
    )


def _gap_limit(text: str) -> int | None:
    """``--max-gaps``: a whole number from 0, or ``all`` (every gap)."""
    found: int | None = _count(text, 0, {"all": None}, "a whole number from 0 or 'all'")
    return found


#: The most samples ``--sensitivity`` takes: 27 ms each on the stress-free examples, so this
#: many take about 45 minutes; ten times more was a typo that filled the memory.
_MAX_SAMPLES = 100_000


def _samples(text: str) -> int:
    """``--sensitivity``: a whole number of samples from 1 to :data:`_MAX_SAMPLES`."""
    found: int = _count(text, 1, {}, f"a whole number of samples from 1 to {_MAX_SAMPLES:,}")
    if found > _MAX_SAMPLES:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of samples from 1 to {_MAX_SAMPLES:,}, got {found:,} (a "
            "study of that many would take days; 200 to 1,000 is usual)"
        )
    return found


def _seed(text: str) -> int:
    """``--seed``: a whole number from 0 (numpy's generators take no negative seed)."""
    found: int = _count(text, 0, {}, "a whole number from 0")
    return found


def _format_args(parser: argparse.ArgumentParser) -> None:
    """``--format`` and ``--json``; ``--json`` with another format is refused by :func:`main`."""
    parser.add_argument(
        "--format",
        dest="output_format",
        choices=("text", "json", "markdown"),
        help="text for the terminal (default), JSON for tools, or Markdown for a document",
    )
    parser.add_argument("--json", action="store_true", help="the same as --format json")


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="collective-impact",
        description="Model collective impact initiatives and check how their parts fit together.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="show the traceback of internal errors"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    assess = sub.add_parser(
        "assess", help="assess an initiative: scores, phase, gaps and recommended ties"
    )
    _source_args(assess)
    _format_args(assess)
    assess.add_argument(
        "--all", action="store_true", help="list every gap (by default the first ten lines)"
    )
    _assessment_args(assess)
    assess.add_argument(
        "--progress",
        action="store_true",
        help="show progress bars on standard error (for very large initiatives); when it is not "
        "a terminal (a log file, a pipe), a plain line per step instead, and one every 10 s of "
        "a long step",
    )
    assess.add_argument(
        "--sensitivity",
        type=_samples,
        metavar="N",
        help="also perturb every weight and threshold by up to 20%% in N samples and report "
        "how the scores and the top gaps and ties move (intervals and shares need N >= 21; "
        "samples whose indicator pathways diverge are counted and left out)",
    )
    assess.add_argument(
        "--seed",
        type=_seed,
        metavar="S",
        help="the seed of the --sensitivity samples (default 0; recorded with the study): "
        "another seed draws other samples",
    )

    importer = sub.add_parser(
        "import", help="convert IATI XML or a CSV bundle into a native initiative file"
    )
    importer.add_argument("kind", choices=("iati", "csv"), help="what SRC is")
    importer.add_argument(
        "sources",
        nargs="+",
        metavar="SRC",
        help="IATI activity XML files (read into one initiative), or one CSV bundle (a folder "
        "or a .zip)",
    )
    importer.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the file to write (.yaml/.json/.toml)"
    )
    importer.add_argument(
        "--force",
        action="store_true",
        help="replace OUT if it exists (by default an existing file is left alone: it may "
        "have been edited by hand since an earlier import)",
    )
    _limit_arg(importer)
    importer.add_argument(
        "--issues",
        metavar="FILE.json",
        help="also write the IATI import's report as JSON: its sources, counts and every "
        "warning (what was left out or assumed, where), which the terminal shows only once "
        "(replaced if it exists)",
    )
    importer.add_argument(
        "--max-elements",
        type=_element_limit,
        default=_READER_LIMIT,
        metavar="N",
        help="refuse an IATI file of more than N XML elements ('default': 1,000,000); 'none' "
        "reads any number",
    )

    exporter = sub.add_parser("export", help="export an initiative for other tools")
    exporter.add_argument(
        "kind",
        choices=("kumu", "graphml", "gexf", "cids", "csv"),
        help="Kumu JSON, GraphML, GEXF, Common Impact Data Standard JSON-LD, or a CSV bundle",
    )
    _source_args(exporter)
    exporter.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the file (or folder) to write"
    )

    reporter = sub.add_parser(
        "report",
        help="write the assessment as one HTML file a steering committee can open",
    )
    _source_args(reporter)
    reporter.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the HTML file to write"
    )
    reporter.add_argument("--title", help="the report's title (the initiative's name by default)")
    reporter.add_argument(
        "--max-gaps",
        type=_gap_limit,
        default=200,
        metavar="N",
        help="list the N most pressing gaps and count the others by kind (default: 200); "
        "'all' lists every gap",
    )
    earlier = reporter.add_mutually_exclusive_group()
    earlier.add_argument(
        "--compare",
        metavar="OLD",
        help="an earlier version of the initiative (any input FILE reads), judged as of its own "
        "date: the report opens with the changes since it",
    )
    earlier.add_argument(
        "--compare-example", metavar="NAME", help="the same, with a bundled example as OLD"
    )
    _assessment_args(reporter, compared=True)

    compare = sub.add_parser(
        "compare",
        help="what changed between two versions of an initiative: scores, gaps, indicators, "
        "and why",
        description="Compare two versions of an initiative (OLD, then NEW). Each is any input "
        "the other commands read, or a bundled example with --old-example / --new-example (then "
        "give only the other file). Both are assessed with the same configuration, each as of "
        "its own date: the as_of its file states, else its latest observation or baseline.",
    )
    compare.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="OLD then NEW (a native file, an Excel workbook or a CSV bundle); one FILE when "
        "the other side is an example",
    )
    _limit_arg(compare)
    compare.add_argument(
        "--all",
        action="store_true",
        help="list every reason, gap, indicator and name (by default the first 20 of each)",
    )
    compare.add_argument("--old-example", metavar="NAME", help="a bundled example as OLD")
    compare.add_argument("--new-example", metavar="NAME", help="a bundled example as NEW")
    compare.add_argument(
        "--from",
        dest="input_format",
        choices=INPUT_FORMATS,
        metavar="FORMAT",
        help=f"read each FILE as FORMAT ({', '.join(INPUT_FORMATS)}) instead of guessing",
    )
    _format_args(compare)
    compare.add_argument(
        "--config",
        metavar="FILE",
        help="a YAML, JSON or TOML file of ScoringConfig fields (or the JSON result of an "
        "earlier assess: its settings), used for both versions",
    )

    show = sub.add_parser("show", help="summarise an initiative")
    _source_args(show)
    show.add_argument(
        "--all",
        action="store_true",
        help=f"list every goal, indicator and name (by default the first {SHOW_LINES})",
    )

    validate = sub.add_parser("validate", help="check initiative files, listing every problem")
    validate.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="native files (.yaml, .yml, .json, .toml), Excel workbooks (.xlsx) or CSV bundles "
        "(folders or .zip files)",
    )
    validate.add_argument(
        "--from",
        dest="input_format",
        choices=INPUT_FORMATS,
        metavar="FORMAT",
        help=f"read each FILE as FORMAT ({', '.join(INPUT_FORMATS)}) instead of guessing from "
        "its name, as the commands that assess it do",
    )
    _limit_arg(validate)
    validate.add_argument(
        "--all",
        action="store_true",
        help=f"list every problem on a line of its own (by default a problem found at several "
        f"places is one line naming the first few, and a file's first {_MAX_PROBLEM_LINES} "
        "lines are listed)",
    )

    sub.add_parser("schema", help="print the JSON Schema of the native format")

    example = sub.add_parser("example", help="print a bundled example")
    example.add_argument("name", metavar="NAME", help=", ".join(_example_names()))
    example.add_argument(
        "--format",
        choices=("yaml", "json", "toml"),
        default="yaml",
        help="the native format to print it in (default: yaml, the file as bundled, with its "
        "comments)",
    )

    template = sub.add_parser(
        "template",
        help="write an empty Excel workbook to fill in by hand (headers, a how-to sheet, "
        "drop-down lists and an example row; the excel extra)",
    )
    template.add_argument(
        "-o", "--output", required=True, metavar="FILE.xlsx", help="the workbook to write"
    )
    template.add_argument(
        "--force",
        action="store_true",
        help="replace FILE.xlsx if it exists (by default an existing workbook is left alone: "
        "it may hold what was typed into an earlier template)",
    )
    for command in sub.choices.values():
        # also after the command, where the message of an internal error suggests it; set only
        # when given, so that it never resets one given before the command
        command.add_argument(
            "--traceback",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show the traceback of internal errors",
        )
    for name, command in sub.choices.items():
        command.command_of = name
    parser.commands = MappingProxyType(dict(sub.choices))
    return parser


class _Judging(Exception):
    """An error of the library raised while assessing one input, and the input's name.

    The dates and pathways of a file are judged when it is assessed, not when it is read, so
    an :class:`~collective_impact.AsOfError` or a :class:`~collective_impact.PathwayError`
    names no file; with two inputs (``compare``, ``report --compare``) the reader could not
    tell which one is wrong.
    """

    def __init__(self, name: str, cause: BaseException) -> None:
        super().__init__(name, cause)
        self.name, self.cause = name, cause

    def __str__(self) -> str:
        return f"{self.name}: {_error_text(self.cause)}"


def _assessed(name: str, initiative: Initiative, **options: Any) -> Any:
    """Return ``assess(initiative, **options)``; an error of the library names ``name``."""
    from .errors import AsOfError, CollectiveImpactError
    from .report import assess

    try:
        return assess(initiative, **options)
    except AsOfError as exc:
        # the command line's words for where the date came from: "(--as-of)", not "(argument)"
        source = _DATE_SOURCES.get(exc.source, exc.source) if exc.source == "argument" else None
        said = exc if source is None else AsOfError(exc.as_of, earliest=exc.earliest, source=source)
        raise _Judging(name, said) from exc
    except CollectiveImpactError as exc:
        raise _Judging(name, exc) from exc


class _Problems(Exception):
    """What the inputs of one command are refused for, each input's problems in turn."""

    def __init__(self, errors: Sequence[BaseException]) -> None:
        super().__init__(*errors)
        self.errors = tuple(errors)


def _each(*steps: Callable[[], Any]) -> list[Any]:
    """Run every step, each reading or assessing one input; return what each returned.

    A step that fails on its input does not stop the others, so that the user sees the problems
    of every input at once (``compare bad.yaml bad2.yaml`` lists the problems of both).

    Raises
    ------
    _Problems
        When any step fails on its input (:class:`~collective_impact.CollectiveImpactError`,
        ``OSError``, or an error while assessing it): every failure, in the order of the steps.
    """
    from .errors import CollectiveImpactError

    done: list[Any] = []
    failed: list[BaseException] = []
    for step in steps:
        try:
            done.append(step())
        except _Problems as exc:
            failed += exc.errors
        except (CollectiveImpactError, OSError, _Judging) as exc:
            failed.append(exc)
    if failed:
        raise _Problems(failed)
    return done


def _read_and_judge(
    reads: Sequence[Callable[[], Any]],
    read_config: Callable[[], Any],
    judges: Sequence[Callable[[Any, Any], Any]],
) -> tuple[list[Any], list[Any], Any]:
    """Read every input and the settings, then assess every input read; list every failure.

    ``judges[k](source, config)`` assesses what ``reads[k]()`` read (a ``None`` read, an input
    not given, is not assessed). An input read is assessed even when another could not be
    read, so that ``compare early.yaml bad.yaml`` says both that bad.yaml does not load and
    that early.yaml's date is before its data, not the second only once the first is mended
    (found by a reviewer of the command line); nothing is assessed when the settings are
    refused, since every assessment depends on them. The failures are listed input by input,
    each input's reading or assessing, then the settings'.

    Returns
    -------
    tuple
        What each read returned, what each judge returned (``None`` for an input not given),
        and the settings.
    """
    sources: list[Any] = [None] * len(reads)
    results: list[Any] = [None] * len(reads)
    failed: list[list[BaseException]] = [[] for _ in reads]
    for k, read in enumerate(reads):
        try:
            (sources[k],) = _each(read)
        except _Problems as exc:
            failed[k] += exc.errors
    config: Any = None
    refused: list[BaseException] = []
    try:
        (config,) = _each(read_config)
    except _Problems as exc:
        refused += exc.errors
    if not refused:
        for k, judge in enumerate(judges):
            if failed[k] or sources[k] is None:
                continue
            try:
                (results[k],) = _each(functools.partial(judge, sources[k], config))
            except _Problems as exc:
                failed[k] += exc.errors
    every = [error for errors in failed for error in errors] + refused
    if every:
        raise _Problems(every)
    return sources, results, config


#: How far ``assess --sensitivity`` moves every weight and threshold (the library's default).
_SPREAD = 0.2


def _source(
    args: argparse.Namespace, example: str | None, path: str | None
) -> tuple[str, Initiative]:
    """Read one input of a command, a bundled example or a file, with how messages name it."""
    from .datasets import load_example

    if example is not None:
        return f"example {example}", load_example(example)
    name = str(path)
    found = _read_input(
        name,
        format=args.input_format,
        progress=getattr(args, "progress", False),
        max_bytes=args.max_bytes,
        max_ratio=args.max_ratio,
        option="--from FORMAT",
    )
    return shown_path(name), found


def _load(args: argparse.Namespace) -> Initiative:
    return _source(args, args.example, args.file)[1]


def _compare_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of ``compare`` (OLD and NEW not given once each), or ``None``."""
    needed = (args.old_example is None) + (args.new_example is None)
    if len(args.files) == needed:
        return None
    return (
        f"compare needs OLD and NEW: expected {needed} FILE{'s' if needed != 1 else ''} "
        f"besides --old-example/--new-example, got {len(args.files)}"
    )


def _file_options_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of ``--from``, ``--max-bytes`` or ``--max-ratio`` with no FILE.

    A bundled example is read as it is, so the options would be silently ignored. ``--max-bytes
    default`` (each reader's own limit) asks for nothing and is not refused, nor is
    ``--max-ratio default``.
    """
    if not hasattr(args, "input_format") or args.command == "validate":  # files only
        return None
    files = (
        list(args.files)
        if args.command == "compare"
        else [f for f in (args.file, getattr(args, "compare", None)) if f is not None]
    )
    given = (
        (["--from"] if args.input_format is not None else [])
        + (["--max-bytes"] if args.max_bytes != _READER_LIMIT else [])
        + (["--max-ratio"] if args.max_ratio != _READER_LIMIT else [])
    )
    if files or not given:
        return None
    applies = "apply" if len(given) > 1 else "applies"
    named = given[0] if len(given) == 1 else f"{', '.join(given[:-1])} and {given[-1]}"
    return f"{named} {applies} to FILE only, not to a bundled example"


def _format_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of ``--json`` given with another ``--format``, or ``None``.

    ``--json`` is ``--format json``; with ``--format text`` or ``--format markdown`` one of the
    two would be silently ignored.
    """
    if not getattr(args, "json", False) or args.output_format in (None, "json"):
        return None
    return f"--json is --format json: it cannot be given with --format {args.output_format}"


#: The options (and the argument of ``example``) that name a bundled example.
_EXAMPLE_OPTIONS = {
    "example": "--example",
    "compare_example": "--compare-example",
    "old_example": "--old-example",
    "new_example": "--new-example",
}


def _example_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of a bundled example that does not exist, or ``None``.

    The message suggests the closest names and lists every example.
    """
    from .errors import close_matches, did_you_mean, shown

    names = _example_names()
    given = [(option, getattr(args, dest, None)) for dest, option in _EXAMPLE_OPTIONS.items()]
    if args.command == "example":
        given.append(("NAME", args.name))
    for option, name in given:
        if name is not None and name not in names:
            close = did_you_mean(close_matches(name, names, n=2))
            return (
                f"{option}: unknown example {shown(name)}{close}; the bundled examples are "
                f"{', '.join(names)}"
            )
    return None


def _read_paths(path: str) -> list[str]:
    """Return the files that reading ``path`` reads: itself, and those of a CSV bundle folder."""
    if not os.path.isdir(path):
        return [path]
    from .io.csvbundle import BUNDLE_FILES

    return [path, *(os.path.join(path, name) for name in BUNDLE_FILES)]


def _same_file(a: str, b: str) -> bool:
    """Return whether paths ``a`` and ``b`` name one file.

    By :func:`os.path.samefile` when both exist (links, ``./x`` and ``x``, a case-insensitive
    file system), else by their resolved paths.
    """
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one does not exist (or cannot be examined)
        pass
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links
        return os.path.abspath(a) == os.path.abspath(b)


def _overwrite_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of an output (``-o``) that is one of the inputs, or ``None``.

    ``report copy.yaml -o copy.yaml`` would replace the initiative with the HTML report, and
    ``export csv bundle -o bundle`` rewrite the bundle it reads; so would an output that is the
    ``--compare`` version, the ``--config`` file, a file of an input CSV bundle folder, or the
    same file by another name (``./copy.yaml``, a link). Refused before anything is read.
    """
    output = getattr(args, "output", None)
    if output is None or args.command == "template":
        return None
    if args.command == "import":
        inputs = [("the input SRC", source) for source in args.sources]
    else:
        inputs = [("the input FILE", getattr(args, "file", None))]
    inputs += [
        ("the version to compare with (--compare)", getattr(args, "compare", None)),
        ("the --config file", getattr(args, "config", None)),
    ]
    written = [output]
    if args.command == "export" and args.kind == "csv" and not output.lower().endswith(".zip"):
        from .io.csvbundle import BUNDLE_FILES

        written += [os.path.join(output, name) for name in BUNDLE_FILES]
    for role, path in inputs:
        if path is None:
            continue
        for read in _read_paths(path):
            if any(_same_file(read, target) for target in written):
                same = "" if read == path else f" (its file {shown_path(read)})"
                return (
                    f"-o {shown_path(output)} would overwrite {role}, {shown_path(path)}{same}; "
                    "write the output to another file"
                )
        if os.path.isdir(path) and _inside(output, path):
            # the bundle reader refuses files it does not know: report.html written into the
            # bundle made every later read of it fail
            return (
                f"-o {shown_path(output)} is inside {role}, the CSV bundle folder "
                f"{shown_path(path)}, which would then hold a file that is not the bundle's; "
                "write the output outside it"
            )
    return None


def _inside(path: str, folder: str) -> bool:
    """Return whether ``path`` would be written inside ``folder`` (at any depth)."""
    try:
        here, there = Path(path).resolve(), Path(folder).resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links
        here, there = Path(os.path.abspath(path)), Path(os.path.abspath(folder))
    return here != there and there in here.parents


def _existing_output_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of ``template`` or ``import`` writing over an existing file.

    Their outputs are files people edit by hand afterwards (a workbook filled in, a native
    file corrected): run again from the shell's history, the command replaced them, losing
    what was typed. Refused unless ``--force``; the other commands write results derived from
    their inputs, which they replace.
    """
    output = getattr(args, "output", None)
    if args.command not in ("template", "import") or output is None or args.force:
        return None
    # only a file there is what a person may have typed into: a folder, or a link that leads
    # nowhere, is no such file ("the file exists ... pass --force", and --force then failed:
    # "is a directory"); the write says what is wrong with them
    if not os.path.isfile(output):
        return None
    what = "workbook" if args.command == "template" else "file"
    return (
        f"-o {shown_path(output)}: the {what} exists, and may hold what was typed into it "
        "since; choose "
        "another name, or pass --force to replace it"
    )


def _issues_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of ``import --issues FILE``, or ``None``.

    Only an IATI import has a report to write (a CSV bundle is read whole or refused); the
    report is JSON; and it must not replace the output or an input.
    """
    issues: str | None = args.issues
    if issues is None:
        return None
    if args.kind != "iati":
        return "--issues applies to import iati only: a CSV bundle is read whole or refused"
    folder_name = _folder_name(issues, "--issues")
    if folder_name is not None:
        return folder_name
    if not issues.strip():
        return "--issues: empty file name (an unset variable?)"
    if issues.strip() == "-" or Path(issues).suffix.lower() != ".json":
        return (
            f"--issues {shown_path(issues)}: the import's report is written to a JSON file; "
            "name it .json "
            "(for example issues.json)"
        )
    named = [("-o", args.output), *(("the input SRC", source) for source in args.sources)]
    for role, path in named:
        if path and _same_file(issues, path):
            return (
                f"--issues {shown_path(issues)} would overwrite {role}, {shown_path(path)}; "
                "name another file"
            )
    return None


def _title_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of a ``report --title`` the model would refuse as a name.

    A control character (an ESC pasted with a coloured prompt) was written into the page's
    ``<title>`` as it was: a character HTML does not allow.
    """
    title = getattr(args, "title", None)
    if title is None:
        return None
    from .model._fields import Text

    problems = Text().check(title)
    return f"--title: {problems[0].message}" if problems else None


def _named_inputs(args: argparse.Namespace) -> list[tuple[str, Any]]:
    """Return the inputs a command was given, each with the option or argument naming it."""
    named: list[tuple[str, Any]] = [
        ("FILE", getattr(args, "file", None)),
        ("--compare", getattr(args, "compare", None)),
        ("--config", getattr(args, "config", None)),
    ]
    named += [("FILE", f) for f in getattr(args, "files", None) or ()]
    named += [("SRC", f) for f in getattr(args, "sources", None) or ()]
    return named


def _empty_path_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of an empty FILE, SRC or OUT (an unset shell variable).

    ``Path("")`` is the current folder: ``validate "$UNSET"`` read it as a CSV bundle and,
    inside one, said "valid".
    """
    for option, value in [*_named_inputs(args), ("-o", getattr(args, "output", None))]:
        if isinstance(value, str) and not value.strip():
            return f"{option}: empty file name (an unset variable?)"
    return None


def _stdin_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of ``-`` given as an input, when no file of that name exists.

    ``example cradle-to-career | assess -`` said "-: no such file" and ``validate -``
    "-: INVALID", as if a file had been lost (found by a reviewer of the command line): the
    inputs are files, read by their suffix, not the standard input. A file named ``-`` in
    the current folder is read as any other.
    """
    for option, value in _named_inputs(args):
        if isinstance(value, str) and value.strip() == "-" and not os.path.lexists(value):
            return (
                f"{option} -: the standard input is not read (an input is a file, read by its "
                "suffix); save it to a file and give its path"
            )
    return None


#: What a command writes: a kind of :data:`~collective_impact.io._files.OUTPUTS`, whose
#: suffixes its output may have (the first is suggested), as the library's writer has.
_OUTPUTS: dict[str, str] = {
    "template": "workbook",
    "report": "html",
    "import": "native",
    "export kumu": "kumu",
    "export graphml": "graphml",
    "export gexf": "gexf",
    "export cids": "cids",
}


def _folder_name(name: str, option: str) -> str | None:
    """Return the usage error of a file to write named with a separator at its end, or ``None``.

    ``-o r.html/`` names a folder, which the system refuses for a file, but the writers read
    it as a path, which drops the ``/``: the report was written to ``r.html``.
    """
    ends = tuple(sep for sep in (os.sep, os.altsep) if sep)
    if not name.endswith(ends) or not name.rstrip("".join(ends)):
        return None
    return (
        f"{option} {shown_path(name)}: the name ends with {name[-1]!r}, as a folder's does, but "
        f"a file is written there; leave the {name[-1]!r} out"
    )


def _suffix_usage(args: argparse.Namespace) -> str | None:
    """Return the usage error of an output named for another format than it holds, or ``None``.

    ``template -o initiative.yaml`` wrote a workbook under a YAML name (and over a YAML file
    of that name), ``export kumu -o map.yaml`` JSON, ``import iati a.xml -o b.xml`` read every
    file before refusing the suffix. Refused before anything is read.
    """
    from .io._files import OUTPUTS, suffix_advice

    output = getattr(args, "output", None)
    if output is None:
        return None
    suffix = Path(output).suffix.lower()
    key = f"export {args.kind}" if args.command == "export" else args.command
    if output.strip() == "-":  # read as a file named "-" (and "for example -.html")
        suffixes = OUTPUTS[_OUTPUTS[key]][1] if key in _OUTPUTS else (".zip",)
        stem = "report" if key == "report" else "initiative"
        return (
            f"-o -: {key} writes to a file, not to the standard output; name one (for example "
            f"{stem}{suffixes[0]})"
        )
    folder_name = _folder_name(output, "-o")
    if folder_name is not None and key != "export csv":  # a bundle's folder may end with '/'
        return folder_name
    if key == "export csv":
        from .io.csvbundle import FILE_SUFFIXES  # what export csv loads anyway

        if suffix in FILE_SUFFIXES:
            return (
                f"-o {shown_path(output)}: export csv writes a CSV bundle, a folder or a .zip; "
                "name a folder or a .zip file"
            )
        return None
    if key not in _OUTPUTS:
        return None
    advice = suffix_advice(output, _OUTPUTS[key], stem="output")  # the writers' own check
    if advice is None:
        return None
    return f"-o {shown_path(output)}: {key} writes {OUTPUTS[_OUTPUTS[key]][0]}; {advice}"


def _compare_sides(args: argparse.Namespace) -> list[tuple[str | None, str | None]]:
    """OLD and NEW of ``compare`` as ``(example, path)``: a named example, else the next FILE."""
    files = list(args.files)
    return [
        (example, None if example is not None else files.pop(0))
        for example in (args.old_example, args.new_example)
    ]


def _gaps_listed(gaps: int, listed: int | None) -> str:
    """Say how many gaps the report has, and how many of them it lists (``--max-gaps``).

    Examples
    --------
    >>> for listed in (200, 2, 1, 0):
    ...     print(_gaps_listed(37, listed))
    37 gaps
    37 gaps, the 2 most pressing listed
    37 gaps, the most pressing listed
    37 gaps, none listed
    """
    from ._text import plural

    said = plural(gaps, "gap")
    if listed is None or listed >= gaps:
        return said
    if listed == 0:
        return f"{said}, none listed"
    return f"{said}, the {'' if listed == 1 else f'{listed} '}most pressing listed"


#: Where a date of judgement came from (``Assessment.as_of_source``), as the command line says it.
_DATE_SOURCES = {
    "argument": "--as-of",
    "file": "its as_of",
    "latest observation": "its latest observation",
    "latest baseline": "its latest baseline",
}

#: How the summary of ``assess`` names where its date came from, in the command line's words.
_AS_OF_WORDS = {"argument": "--as-of"}


def _later_old(old: tuple[str, Any], new: tuple[str, Any], words: tuple[str, str]) -> str | None:
    """Say that the earlier version is judged after the later one, or return ``None``.

    ``old`` and ``new`` are ``(name, assessment)``, ``words`` how the command calls them. What
    a comparison says (gaps closed and opened, "left the initiative", "now tied", "started")
    tells what happened from the first date to the second, so the first must not be later; a
    version without a date of judgement is not compared by date.
    """
    (old_name, before), (new_name, after) = old, new
    if before.as_of is None or after.as_of is None or before.as_of <= after.as_of:
        return None

    def dated(name: str, result: Any) -> str:
        source = _DATE_SOURCES.get(result.as_of_source, result.as_of_source)
        return f"{name}, as of {result.as_of.isoformat()}, {source}"

    earlier, later = dated(old_name, before), dated(new_name, after)
    return f"{words[0]} ({earlier}) is later than {words[1]} ({later})"


#: Lines (or names on a line) ``show`` lists of each kind before it counts the others.
SHOW_LINES = 20


def summary(initiative: Initiative, *, limit: int | None = SHOW_LINES) -> str:
    """Return a readable, plain-text summary of an initiative (used by ``show``).

    At most ``limit`` goals, indicators, strategies, working groups and champions are named
    (``None``: every one), then how many others: the stress case's 1,000 indicators and 333
    strategies made 1,222 lines, two of them 11,000 characters long.
    """
    from ._text import display_width, entered, first_names, one_line, plural
    from .model import Sector
    from .model.labels import strategy_index

    def cut(rows: list[str], what: str) -> list[str]:
        if limit is None or len(rows) <= limit:
            return rows
        return [*rows[:limit], f"  … and {len(rows) - limit:,} more {what} (show --all)"]

    def names(items: list[str]) -> str:
        return first_names(items, limit, " (show --all)")

    # a name, a statement is one line: a name's line break broke the title and its underline
    # (found by a reviewer of the command line)
    title = one_line(initiative.name)
    lines = [title, "=" * display_width(title)]
    if initiative.description:
        lines += [initiative.description.strip(), ""]
    if initiative.problem:
        lines += [f"Problem: {initiative.problem.strip()}", ""]
    if initiative.as_of is not None:  # the file's date of judgement, and what it leaves out
        stated = f"Judged as of {initiative.as_of.isoformat()} (the file's as_of)."
        lines.append(_after_as_of_note(initiative) or stated)

    sectors = Counter(p.sector for p in initiative.partners)
    lines.append(f"Partners ({len(initiative.partners)}):")
    lines += [f"  {s.value:<13} {sectors[s]:>4}" for s in Sector if sectors[s]]
    missing = [s.value for s in Sector.core() if not sectors[s]]
    if missing:
        lines.append(f"  (no partner from: {', '.join(missing)})")

    lines.append(f"Goals ({len(initiative.goals)}):")
    goals = []
    for g in initiative.goals:
        measured = f" [{names(list(g.indicators))}]" if g.indicators else ""
        goals.append(f"  {g.id}: {one_line(g.statement)}{measured}")
    lines += cut(goals, "goals")

    lines.append(f"Indicators ({len(initiative.indicators)}):")
    indicators = []
    for ind in initiative.indicators:
        base = entered(ind.baseline.value) if ind.baseline else "?"
        target = (
            f"{entered(ind.target.value)} by {ind.target.date.isoformat()}" if ind.target else "?"
        )
        # "increase USD": which way is better, then the unit; never a direction assumed
        unit = one_line(ind.unit) if ind.unit else None
        better = f"{ind.better.value}{f' {unit}' if unit else ''}" if ind.better else None
        kind = better or (f"{unit}, direction not stated" if unit else "direction not stated")
        indicators.append(
            f"  {ind.id}: {one_line(ind.name)} ({kind}; baseline {base}, "
            f"target {target}; {plural(len(ind.observations), 'observation')})"
        )
    lines += cut(indicators, "indicators")

    # strategies as the analyses compare them (as labels), each shown as written
    ids, shown = strategy_index(a.strategy for a in initiative.activities)
    strategies = Counter(one_line(shown[k]) for k in ids if k >= 0)
    without = ids.count(-1)
    # by name; the largest first when they are cut
    ranked = sorted(strategies.items())
    alone = [f"without a strategy {without}"] if without else []
    if limit is not None and len(ranked) + len(alone) > limit:  # cut: those without first
        ranked.sort(key=lambda item: -item[1])
        counts = alone + [f"{s} {n}" for s, n in ranked]
    else:
        counts = [f"{s} {n}" for s, n in ranked] + alone
    lines.append(
        f"Activities ({len(initiative.activities)}, "
        f"{plural(len(strategies), 'strategy', 'strategies')}): " + (names(counts) or "none")
    )
    kinds = Counter(t.kind.value for t in initiative.ties)
    lines.append(
        f"Ties ({len(initiative.ties)}): "
        + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "none")
    )
    lines.append(
        f"Working groups ({len(initiative.working_groups)}): "
        + (names([one_line(w.name) for w in initiative.working_groups]) or "none")
    )
    if initiative.backbone is None:
        lines.append("Backbone: none")
    else:
        b = initiative.backbone
        staff = (
            ", ".join(f"{r.value.replace('_', ' ')} {fte:g}" for r, fte in b.staff.items())
            or "no staff"
        )
        lines.append(f"Backbone: {one_line(initiative.partner(b.organization).name)} ({staff})")
    c = initiative.conditions
    lines.append(
        "Conditions: "
        f"champions {names(list(c.champions)) or 'none'}; "
        f"funding secured until {c.funding_secured_until or 'unknown'}; "
        f"urgency {c.urgency.value if c.urgency else 'unknown'}"
    )
    return "\n".join(lines)


#: What to give instead of a result that does not hold the settings.
_GIVE_SETTINGS = (
    "give a file of ScoringConfig fields, or the JSON of assess --json (its key config is read)"
)

#: What ``--config`` says of each result of the library that is not a file of settings.
_NOT_SETTINGS = MappingProxyType(
    {
        "comparison": (
            "is the result of compare (AssessmentDiff.to_dict()), not a file of settings, and "
            "does not hold them: its key settings lists only the settings that differ between "
            "the two assessments compared ({differ}), each with before and after; give the "
            "--config file the comparison was run with, or the JSON of assess --json (its key "
            "config is read)"
        ),
        "null-test": (
            "is the result of a null test (NullTest.to_dict()), not a file of settings; its "
            "settings are under its key config: write that mapping alone to a file and give that"
        ),
        "import-report": (
            "is the report of an IATI import (import --issues, ImportReport.to_dict()), not a "
            "file of settings, and holds none: " + _GIVE_SETTINGS
        ),
        "batch-row": (
            "is {what} (batch_row(), batch_frame(), write_batch()), not a file of settings; {where}"
        ),
        "batch-table": (
            "is a table of a batch's results (write_batch()), not a file of settings; each "
            "row's settings are in its config column, as JSON text: write one alone to a .json "
            "file and give that"
        ),
    }
)


def _result_kind(tree: object) -> str | None:
    """Return which result of the library ``tree`` is, when it is one that is not settings.

    An assessment (``assess --json``) is not among them: ``--config`` reads its ``config``.
    The results are recognised as when an initiative is loaded
    (:func:`~collective_impact._results.result_kind`).
    """
    from ._results import result_kind

    kind = result_kind(tree)
    return None if kind == "assessment" else kind


def _not_settings(kind: str, tree: Any) -> str:
    """Say what result ``tree`` is (``kind``: see :func:`_result_kind`), where its settings are."""
    text = _NOT_SETTINGS[kind]
    if kind == "comparison":
        differ = [str(s.get("name")) for s in tree["settings"] if isinstance(s, dict)]
        shown = ", ".join(differ[:5]) + (", ..." if len(differ) > 5 else "")
        return text.format(differ=f"{len(differ)} here: {shown}" if differ else "none here")
    if kind == "batch-row":
        one = "write one alone to a .json file and give that"
        if isinstance(tree, list):
            what, where = (
                "a batch's results, row by row",
                f"each row's settings are under its key config, as JSON text: {one}",
            )
        elif isinstance(tree["config"], dict):
            what = "a batch's results, column by column"
            where = f"each row's settings are under the key config, by row, as JSON text: {one}"
        elif tree["config"] is None:
            what = "a row of a batch's results"
            where = "its key config is empty: its initiative was not assessed (its error says why)"
        else:
            what = "a row of a batch's results"
            where = (
                "its settings are under its key config, as JSON text: write them alone to a .json "
                "file and give that"
            )
        return text.format(what=what, where=where)
    return text


def _is_batch_table(path: Path) -> bool:
    """Whether the CSV file ``path`` begins with the header of :func:`~.batch.write_batch`.

    Only its first line is read; a file that cannot be read is left to :func:`read_tree`.
    """
    import csv

    try:
        with path.open(encoding="utf-8", newline="") as file:
            line = file.readline(4096)
    except (OSError, UnicodeDecodeError):
        return False
    from ._results import BATCH_KEYS

    header = next(csv.reader([line]), [])
    return set(header) >= BATCH_KEYS


def _read_config(path: str | None) -> ScoringConfig:
    from .config import ScoringConfig

    if path is None:
        return ScoringConfig()
    from .errors import ValidationError
    from .io.native import read_tree

    source = str(path)
    if Path(path).suffix.lower() == ".csv" and _is_batch_table(Path(path)):
        raise ValidationError([("", _NOT_SETTINGS["batch-table"])], source=source)
    tree = read_tree(path)
    kind = _result_kind(tree)
    if kind is not None:
        raise ValidationError([("", _not_settings(kind, tree))], source=source)
    if not isinstance(tree, dict):
        raise ValidationError([("", "expected a mapping of ScoringConfig fields")], source=source)
    if "schema_version" in tree or "partners" in tree:
        # the arguments swapped: one problem per key of the initiative, each listing every
        # setting, said less than this
        raise ValidationError(
            [
                (
                    "",
                    "is an initiative file (it has schema_version or partners), not a file of "
                    "settings: give the initiative as FILE and the settings with --config",
                )
            ],
            source=source,
        )
    if isinstance(tree.get("config"), dict) and "scores" in tree:
        # a result of assess --json: the settings it was computed with, to compute it again
        return ScoringConfig.from_dict(tree["config"], source=f"{source}, key config")
    return ScoringConfig.from_dict(tree, source=source)


def _import(
    kind: str,
    sources: Sequence[str],
    output: str,
    err: TextIO,
    max_bytes: int | Literal["default"] | None = _READER_LIMIT,
    max_elements: int | Literal["default"] | None = _READER_LIMIT,
    issues: str | None = None,
    max_ratio: float | Literal["default"] | None = _READER_LIMIT,
) -> Initiative:
    """Read ``sources`` (several IATI files into one initiative, or one CSV bundle).

    The warnings of an IATI import go to ``err`` while it can be written; the file is written
    all the same when it cannot. With ``issues``, the import's report
    (:meth:`~collective_impact.io.iati.ImportReport.to_dict`) is also written there as JSON:
    beside its place first, then the output, then the report moved into place, so that the two
    are of one import; both are checked to be writable before anything is read or written.

    Raises
    ------
    _Problems
        When several IATI files are given and some cannot be read: the problems of each.
    """
    from .errors import CollectiveImpactError, FormatError, ProblemCode
    from .io import dump, from_iati, read_csv_bundle

    limit = {} if isinstance(max_bytes, str) else {"max_bytes": max_bytes}
    if kind == "iati":
        if issues is not None:
            from .io._files import check_writable

            # both files are written after the import: one that cannot be must not be found
            # only once the other is written (and a rerun is refused for the one that exists)
            check_writable(output)
            check_writable(issues)
        paths = sources[0] if len(sources) == 1 else list(sources)
        from .io._files import DEFAULT_MAX_BYTES
        from .io.iati import DEFAULT_MAX_ELEMENTS

        limits: dict[str, Any] = {
            "max_bytes": DEFAULT_MAX_BYTES if isinstance(max_bytes, str) else max_bytes,
            "max_elements": DEFAULT_MAX_ELEMENTS if isinstance(max_elements, str) else max_elements,
        }

        def alone(source: str) -> None:
            """Read ``source`` by itself: a file without organisations is fine among several."""
            try:
                from_iati(source, **limits)
            except FormatError as exc:
                if exc.code != ProblemCode.TOO_FEW_ITEMS:
                    raise

        try:
            initiative, report = from_iati(paths, **limits)
        except (CollectiveImpactError, OSError):
            if len(sources) > 1:  # the library stops at the first file it cannot read
                _each(*(functools.partial(alone, source) for source in sources))
            raise  # one file, or the files together hold no organisation
        warnings = _Lenient(err)
        for warning in report.warnings:
            warnings.say(f"warning: {warning}")
        if issues is None:
            dump(initiative, output)
            return initiative
        from ._terminal import strict_json_bytes
        from .errors import WriteError
        from .io._files import write_bytes

        # the report is written beside its place first, then the file, then the report moved
        # into place: a report that could not be written was found only once the file was (a
        # rerun then refused for the file that exists), and a file that cannot be written
        # leaves the report of the last import that was (found by reviewers)
        place = Path(issues)
        pending = place.with_name(f".{place.name}.{os.getpid()}.pending")
        try:
            write_bytes(pending, strict_json_bytes(report.to_dict(), indent=2) + b"\n")
        except WriteError as exc:  # named by the file asked for, not its hidden first copy
            raise WriteError(shown_path(place), exc.reason, errno=exc.errno) from exc
        try:
            dump(initiative, output)
            os.replace(pending, place)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(pending)
            raise
        return initiative
    (bundle,) = sources  # main() refuses several bundles as a usage error
    ratio: dict[str, Any] = {} if isinstance(max_ratio, str) else {"max_ratio": max_ratio}
    initiative = read_csv_bundle(bundle, **limit, **ratio)
    dump(initiative, output)
    return initiative


def _export(kind: str, initiative: Initiative, output: str) -> None:
    if kind == "csv":
        from .io import write_csv_bundle

        _check_folder_of(output)
        write_csv_bundle(initiative, output)
        return
    from .io.exports import to_cids, to_gexf, to_graphml, to_kumu

    writer = {"kumu": to_kumu, "graphml": to_graphml, "gexf": to_gexf, "cids": to_cids}[kind]
    writer(initiative, output)


def _check_folder_of(output: str) -> None:
    """Refuse an output whose folder does not exist, as every command's output is refused.

    ``export csv -o a/b/bundle`` created ``a`` and ``a/b`` (the library creates a bundle
    folder's parents) where ``export kumu -o a/b/map.json`` and ``report`` refuse them: a typo
    in the path made folders of its own. The bundle folder itself is created.

    Raises
    ------
    WriteError
        When the folder of ``output`` does not exist, or is not a folder.
    """
    from .errors import WriteError

    parent = Path(output).parent
    if not parent.exists():  # through a link, as the other writers look
        raise WriteError(shown_path(output), f"the folder {shown_path(parent)} does not exist")
    if not parent.is_dir():
        raise WriteError(shown_path(output), f"{shown_path(parent)} is not a folder")


def _judgement_errors(initiative: Initiative) -> list[CollectiveImpactError]:
    """Return what ``assess`` would refuse in a file that reads well, every problem at once.

    A file's ``as_of`` before every observation (:class:`~collective_impact.AsOfError`) and
    pathways that do not converge under the default ``pathway_weight``
    (:class:`~collective_impact.PathwayError`) are judged when the file is assessed, not when it
    is read; ``validate`` reports them too, so that a file it calls valid can be assessed.
    """
    from .analysis.prepared import prepare
    from .errors import CollectiveImpactError

    prepared = prepare(initiative)
    problems: list[CollectiveImpactError] = []
    try:
        _ = prepared.as_of
    except CollectiveImpactError as exc:
        problems.append(exc)
        # the pathways do not depend on the date (which only picks the activities running): judge
        # them on the default date, which is never refused, not report the file's as_of twice
        prepared = prepare(initiative.evolve(as_of=None))
    try:
        _ = prepared.total_contributions
    except CollectiveImpactError as exc:
        problems.append(exc)
    return problems


def _after_as_of_note(initiative: Initiative) -> str | None:
    """Say what the file's own ``as_of`` leaves out (data dated after it), or ``None``.

    An ``as_of`` left over in a file copied from last year judges the initiative without this
    year's data, silently: ``validate`` says it, as the summary and the report do
    (:func:`~collective_impact._text.after_as_of_text`). Without a stated ``as_of`` the date is
    the latest observation or baseline, and nothing is after it.
    """
    from ._text import after_as_of_text
    from .analysis.snapshot import after_as_of

    if initiative.as_of is None:
        return None
    return after_as_of_text(after_as_of(initiative, initiative.as_of), initiative.as_of, "file")


def _validate(
    files: Sequence[str],
    out: TextIO,
    err: TextIO,
    max_bytes: int | Literal["default"] | None = _READER_LIMIT,
    format: str | None = None,
    max_ratio: float | Literal["default"] | None = _READER_LIMIT,
    *,
    every: bool = False,
) -> int:
    """Check every file of ``files``; return :data:`EXIT_INVALID` when one is invalid.

    ``format`` (``--from``) reads every file as that format, as ``assess --from`` reads it: a
    file that one command takes is checked by the other the same way. The problems of a file
    are listed as the library's error says them (a problem found at several places on one line,
    the first 200 lines), and how ``--all`` lists every one; with ``every`` (``--all``), every
    problem on a line of its own.

    Every file is checked even when ``out`` or ``err`` can no longer be written (the reader of
    ``| head -1`` has gone): the status, not the lines printed, is what guards a data repository
    in CI. A failure to write ``out`` other than a closed pipe (a full disk) is raised once every
    file has been checked.
    """
    from ._text import plural
    from .errors import CollectiveImpactError

    said, problems = _Lenient(out), _Lenient(err)
    status = EXIT_OK
    for name in files:
        shown = shown_path(name)  # a line break in a name would split its line in two
        try:
            init = _read_input(
                name,
                format=format,
                max_bytes=max_bytes,
                max_ratio=max_ratio,
                option="--from FORMAT",
            )
            judged = _judgement_errors(init)
        except (CollectiveImpactError, OSError) as exc:
            status = EXIT_INVALID
            said.say(f"{shown}: INVALID")  # flushed before the problems, to one terminal
            problems.say(_error_text(exc, every=every, more=_ALL_OPTION))
        else:
            if judged:
                status = EXIT_INVALID
                said.say(f"{shown}: INVALID")
                for problem in judged:
                    problems.say(str(_Judging(shown, problem)))
                continue
            said.say(
                f"{shown}: valid ({plural(len(init.partners), 'partner')}, "
                f"{plural(len(init.activities), 'activity', 'activities')})"
            )
            note = _after_as_of_note(init)
            if note is not None:  # a note, not a problem: the status stays 0
                said.say(f"{shown}: note: {note[0].lower()}{note[1:]}")
    said.check()
    return status


def main(argv: Sequence[str] | None = None) -> int:
    r"""Run the command line; return the exit status.

    A Ctrl-C at any moment, while the arguments are read as later, ends it with "interrupted"
    and :data:`EXIT_INTERRUPTED`; SIGTERM and SIGHUP, unless their handlers were set or
    ignored by the caller, end it the same way (the files being written are removed) with
    "terminated by SIGTERM" and status 143, or "terminated by SIGHUP" and 129, while it runs;
    the handlers are put back when it returns. An error of the program's own while the
    arguments are read is an internal error, as later (its traceback with ``--traceback``).

    Parameters
    ----------
    argv
        The arguments (without the program name); ``sys.argv[1:]`` when ``None``.

    Returns
    -------
    int
        The exit status: 0 on success, 1 when an input is invalid or a file cannot be read or
        written, 3 for an internal error (a bug), 4 when out of memory or of recursion, 130 when
        interrupted, 143 or 129 when ended by SIGTERM or SIGHUP (the table of the Command line
        page of the documentation).

    Raises
    ------
    SystemExit
        On wrong usage, with status 2 after printing the usage, and after ``--help`` or
        ``--version``, with status 0: as :mod:`argparse` does.

    Examples
    --------
    The status tells a script what happened; the verdict goes to standard output, the problems
    found to standard error:

    >>> import contextlib, io, pathlib, tempfile
    >>> from collective_impact.datasets import example_text
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "workforce.yaml")
    ...     _ = path.write_text(example_text("workforce"), encoding="utf-8")
    ...     with contextlib.redirect_stdout(io.StringIO()) as out:
    ...         status = main(["validate", str(path)])
    >>> status, out.getvalue().removeprefix(str(path))
    (0, ': valid (11 partners, 11 activities)\n')
    >>> main(["validate", "no-such-folder/initiative.yaml"])
    no-such-folder/initiative.yaml: INVALID
    1
    """
    try:
        with _signals_end_the_command():
            return _main(argv)
    except KeyboardInterrupt:
        return _report("interrupted", sys.stderr, EXIT_INTERRUPTED)
    except _Terminated as exc:
        return _report(exc.message, sys.stderr, 128 + exc.signum)
    except Exception as exc:  # raised before _main's own handlers (building the parser)
        if "--traceback" in (sys.argv[1:] if argv is None else argv):
            raise
        return _internal_error(exc, sys.stderr)


def _internal_error(exc: Exception, err: TextIO) -> int:
    """Say that ``exc`` is a bug, without its traceback; return :data:`EXIT_INTERNAL`."""
    return _report(
        f"internal error: {type(exc).__name__}: {_error_text(exc)} "
        "(this is a bug in collective_impact; rerun with --traceback and report it)",
        err,
        EXIT_INTERNAL,
    )


def _main(argv: Sequence[str] | None) -> int:
    """Run the command line (see :func:`main`)."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    parser = parser.commands.get(args.command, parser)  # its usage for the errors found below
    if args.command == "import" and args.kind == "csv" and len(args.sources) > 1:
        parser.error("import csv takes one CSV bundle (a folder or a .zip), got several SRC")
    if args.command == "import" and args.kind == "csv" and args.max_elements != _READER_LIMIT:
        parser.error("--max-elements applies to import iati only, not to a CSV bundle")
    if args.command == "import" and args.kind == "iati" and args.max_ratio != _READER_LIMIT:
        parser.error(
            "--max-ratio applies to import csv only (a .zip bundle), not to IATI XML, which is "
            "not compressed"
        )
    if args.command == "import" and (problem := _issues_usage(args)) is not None:
        parser.error(problem)
    if args.command == "compare" and (problem := _compare_usage(args)) is not None:
        parser.error(problem)
    if args.command == "assess" and args.seed is not None and args.sensitivity is None:
        parser.error("--seed applies to the samples of --sensitivity N, which is not given")
    usages = (
        _empty_path_usage,
        _stdin_usage,
        _file_options_usage,
        _format_usage,
        _example_usage,
        _title_usage,
        _overwrite_usage,
        _suffix_usage,  # before "exists, pass --force": --force would not help a wrong kind
        _existing_output_usage,
    )
    for usage in usages:
        if (problem := usage(args)) is not None:
            parser.error(problem)
    if hasattr(args, "json"):
        args.output_format = "json" if args.json else args.output_format or "text"
    out, err = sys.stdout, sys.stderr
    # after parsing: --version and --help need nothing
    from ._text import plural
    from .errors import CollectiveImpactError

    try:
        if args.command == "assess":
            # every input's problems at once: the file's, then the --config file's
            (name, initiative), config = _each(
                lambda: _source(args, args.example, args.file),
                lambda: _read_config(args.config),
            )
            result = _assessed(
                name, initiative, config=config, as_of=args.as_of, progress=args.progress
            )
            if args.sensitivity is not None:
                # a sample whose pathways diverge is counted in the study, not refused
                result = result.with_sensitivity(
                    samples=args.sensitivity, spread=_SPREAD, seed=args.seed or 0
                )
            if args.output_format == "json":
                _say(strict_json(result.to_dict()), out)
            else:
                limit = None if args.all else 10
                markdown = args.output_format == "markdown"
                text = result.summary(max_gaps=limit, markdown=markdown, as_of_words=_AS_OF_WORDS)
                _say(text, out, titled=not markdown)
        elif args.command == "import":
            result_init = _import(
                args.kind,
                args.sources,
                args.output,
                err,
                args.max_bytes,
                args.max_elements,
                issues=args.issues,
                max_ratio=args.max_ratio,
            )
            _say(
                f"{shown_path(args.output)}: wrote "
                f"{plural(len(result_init.partners), 'partner')}, "
                f"{plural(len(result_init.activities), 'activity', 'activities')}, "
                f"{plural(len(result_init.indicators), 'indicator')}, "
                f"{plural(len(result_init.ties), 'tie')}",
                out,
            )
            if args.issues is not None:
                _say(f"{shown_path(args.issues)}: wrote the import's report", out)
        elif args.command == "export":
            _export(args.kind, _load(args), args.output)
            _say(f"{shown_path(args.output)}: written ({args.kind})", out)
        elif args.command == "report":
            compared = args.compare is not None or args.compare_example is not None
            # the earlier version is judged as of its own date
            (new, old), (report, earlier), config = _read_and_judge(
                [
                    lambda: _source(args, args.example, args.file),
                    lambda: _source(args, args.compare_example, args.compare) if compared else None,
                ],
                lambda: _read_config(args.config),
                [
                    lambda source, config: _assessed(*source, config=config, as_of=args.as_of),
                    lambda source, config: _assessed(*source, config=config),
                ],
            )
            if earlier is not None:
                words = ("the version to compare with", "the report")
                backwards = _later_old((old[0], earlier), (new[0], report), words)
                if backwards is not None:
                    parser.error(
                        f"{backwards}: it would show changes since a date after its own. "
                        "--as-of sets the date of FILE (or --example) only: give one from "
                        f"{earlier.as_of.isoformat()} on, or compare with an earlier version"
                    )
            report.to_html(args.output, title=args.title, compare=earlier, max_gaps=args.max_gaps)
            since = ""
            if earlier is not None:
                since = ", changes since " + (
                    earlier.as_of.isoformat() if earlier.as_of else "an undated version"
                )
            _say(
                f"{shown_path(args.output)}: written (HTML report, as of "
                f"{report.as_of.isoformat() if report.as_of else 'no date'}, "
                f"{_gaps_listed(len(report.gaps), args.max_gaps)}{since})",
                out,
            )
        elif args.command == "compare":
            judge = [lambda source, config: _assessed(*source, config=config)] * 2
            ((old_name, _), (new_name, _)), (before, after), config = _read_and_judge(
                [functools.partial(_source, args, *side) for side in _compare_sides(args)],
                lambda: _read_config(args.config),
                judge,
            )
            backwards = _later_old((old_name, before), (new_name, after), ("OLD", "NEW"))
            if backwards is not None:
                parser.error(f"{backwards}: give the earlier version first")
            change = before.diff(after)
            if args.output_format == "json":
                _say(strict_json(change.to_dict()), out)
            else:
                markdown = args.output_format == "markdown"
                text = change.summary(markdown=markdown, max_lines=None if args.all else 20)
                _say(text, out, titled=not markdown)
        elif args.command == "show":
            _say(summary(_load(args), limit=None if args.all else SHOW_LINES), out, titled=True)
        elif args.command == "validate":
            return _validate(
                args.files,
                out,
                err,
                args.max_bytes,
                args.input_format,
                args.max_ratio,
                every=args.all,
            )
        elif args.command == "schema":
            from .io import json_schema

            _say(strict_json(json_schema()), out)
        elif args.command == "template":
            from .io.workbook import write_template

            write_template(args.output)
            _say(f"wrote {shown_path(args.output)}", out)
        elif args.command == "example":
            from .datasets import example_text, load_example
            from .io import dumps

            if args.format == "yaml":
                _say(example_text(args.name), out, end="")
            else:
                _say(dumps(load_example(args.name), args.format), out, end="")
        _flush(out)
        return EXIT_OK
    except _OutputError as exc:
        _silence(exc.stream)
        # the reader went away (`| head`) from the last lines, once the work is done: success
        if isinstance(exc.cause, BrokenPipeError):
            return EXIT_OK
        return _report(f"error: {_output_failure(exc)}", err, EXIT_INVALID)
    except _Problems as exc:
        errors = "\n".join(f"error: {_error_text(error)}" for error in exc.errors)
        return _report(errors, err, EXIT_INVALID)
    except (CollectiveImpactError, OSError, _Judging) as exc:
        return _report(f"error: {_error_text(exc)}", err, EXIT_INVALID)
    except MemoryError:
        message = "error: out of memory (the input is too large for the memory available)"
        return _report(message, err, EXIT_RESOURCES)
    except RecursionError:
        message = "error: the input is nested too deeply to process (Python's recursion limit)"
        return _report(message, err, EXIT_RESOURCES)
    except Exception as exc:  # a bug, not bad input: say so, without a traceback by default
        if args.traceback:
            raise
        return _internal_error(exc, err)


def _output_failure(exc: _OutputError) -> str:
    """Say why standard output could not be written, in the words of a file's failures.

    The output went to standard output (a file, a pipe or a terminal the shell chose): the
    message names it, gives the reason in words and says that what was printed before, if
    anything, is incomplete (it said "cannot write the output: [Errno 27] File too large",
    beside 20,480 bytes of a JSON document cut short; found by a reviewer). Standard output
    opened for reading only (``1</dev/null``) is said to be so, not "Bad file descriptor".

    Examples
    --------
    >>> import errno, io
    >>> failed = _OutputError(OSError(errno.ENOSPC, "No space"), io.StringIO())
    >>> print(_output_failure(failed))  # doctest: +NORMALIZE_WHITESPACE
    cannot write to standard output: no space left on the device; what was printed, if anything,
    is incomplete
    """
    from .io._files import _reason

    if exc.stream is None:  # closed before anything was written
        return "cannot write to standard output: it is closed; nothing was printed"
    readable = exc.cause.errno == errno.EBADF  # opened for reading only: 1</dev/null
    why = "it is not open for writing" if readable else _reason(exc.cause)
    return f"cannot write to standard output: {why}; what was printed, if anything, is incomplete"


def _report(message: str, err: TextIO, status: int) -> int:
    """Print ``message`` on ``err`` (escaped); return ``status``. A failing ``err`` is ignored."""
    try:
        _say(message, err)
        _flush(err)
    except _OutputError:
        _silence(err)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
