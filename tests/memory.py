"""Peak memory of a block of code, for the tests that bound it (``tracemalloc``)."""

from __future__ import annotations

import contextlib
import tracemalloc
from collections.abc import Iterator


class Peak:
    """The peak of the memory traced within a :func:`traced_peak` block, in bytes."""

    bytes: int = 0


@contextlib.contextmanager
def traced_peak() -> Iterator[Peak]:
    """Trace the memory allocated within the block; its peak above what was traced before.

    Works whether or not tracing is on already (``PYTHONTRACEMALLOC=1``, or a caller tracing):
    the peak is reset at the start and measured above the memory traced then, and tracing is
    stopped at the end only when the block started it (a test that started and stopped it
    measured everything traced since the process started, and turned off the caller's
    tracing).
    """
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    peak = Peak()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        yield peak
        _, top = tracemalloc.get_traced_memory()
        peak.bytes = top - base
    finally:
        if started:
            tracemalloc.stop()
