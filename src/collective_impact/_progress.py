"""Progress bars (tqdm) for the operations that can take more than a few seconds.

In Jupyter a progress bar is a widget when ipywidgets is installed; without it ``tqdm.auto``
warns (``TqdmWarning: IProgress not found``) on every bar, so the text bar is used instead.

A bar redraws its line with carriage returns, which only a terminal (or a notebook) shows as
one line: standard error written to a file or a pipe (a CI log, ``2> log``) got every redraw.
There, each bar writes plain lines instead (:class:`_Lines`): how far it is at most every
:data:`_LINE_SECONDS` seconds, and where it ended.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from typing import Any, Protocol, TextIO

from tqdm.std import tqdm as _text_tqdm

__all__ = ["Bar", "progress_bar"]

#: The fewest seconds between two lines of a bar written to a file or a pipe.
_LINE_SECONDS = 10.0


class Bar(Protocol):
    """The part of a tqdm progress bar the library uses."""

    def update(self, n: float | None = 1) -> bool | None: ...

    def close(self) -> None: ...


def _bar_class() -> Any:
    """``tqdm.auto`` when widgets can be shown (ipywidgets importable), the text bar otherwise."""
    if importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.auto import tqdm as auto_tqdm

        return auto_tqdm
    return _text_tqdm


def progress_bar(total: int | None, *, desc: str, unit: str) -> Bar:
    """Return a progress bar on standard error: tqdm's, or plain lines off a terminal.

    A widget in Jupyter with ipywidgets, tqdm's text bar on a terminal or in Jupyter without
    them; written to a file or a pipe, plain lines (see the module's docstring).

    Parameters
    ----------
    total
        Number of steps (``None`` when unknown: the bar counts without a total).
    desc, unit
        The bar's label and the name of a step.

    Returns
    -------
    Bar
        A started bar; call ``update`` per step and ``close`` at the end.
    """
    stream = sys.stderr
    if not _redrawn(stream):
        return _Lines(total, desc=desc, unit=unit, stream=stream)
    bar: Bar = _bar_class()(total=total, desc=desc, unit=unit)
    return bar


def _redrawn(stream: TextIO | None) -> bool:
    """Return whether ``stream`` shows a bar redrawn in place: a terminal, or a notebook's."""
    if stream is None:  # pythonw: no standard error (tqdm writes nothing either)
        return True
    if type(stream).__module__.startswith("ipykernel"):  # a notebook's output
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


class _Lines:
    """A progress bar for a file or a pipe: plain lines, none redrawn.

    A line says how far the bar is (``parsing big.yaml: 1,200,000/45,722,379 chars (2%),
    10 s``) when at least :data:`_LINE_SECONDS` have passed since the last, and one when it is
    closed, so that a short step writes one line. A stream that cannot be written is left
    alone: progress never stops the work it shows.
    """

    def __init__(self, total: int | None, *, desc: str, unit: str, stream: TextIO) -> None:
        self.total, self.desc, self.unit, self.stream = total, desc, unit, stream
        self.done = 0.0
        self.start = self.said = time.monotonic()
        self.closed = False
        self.lock = threading.Lock()

    def update(self, n: float | None = 1) -> bool | None:
        """Count ``n`` more steps; write a line when the last is old enough."""
        with self.lock:
            self.done += 1 if n is None else n
            now = time.monotonic()
            if now - self.said >= _LINE_SECONDS and not self.closed:
                self.said = now
                self._say(now)
        return None

    def close(self) -> None:
        """Write the last line (once)."""
        with self.lock:
            if not self.closed:
                self.closed = True
                self._say(time.monotonic())

    def _say(self, now: float) -> None:
        done = int(self.done)
        if self.total is None:
            count = f"{done:,} {self._units(done)}"
        else:
            share = int(100 * done / self.total) if self.total else 100
            count = f"{done:,}/{self.total:,} {self._units(self.total)} ({share}%)"
        try:
            self.stream.write(f"{self.desc}: {count}, {now - self.start:.1f} s\n")
            self.stream.flush()
        except (OSError, ValueError):  # a closed pipe, a full disk, a closed stream
            pass

    def _units(self, count: int) -> str:
        return self.unit if count == 1 else f"{self.unit}s"
