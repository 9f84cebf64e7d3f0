"""Progress bars (tqdm) for the operations that can take more than a few seconds."""

from __future__ import annotations

from typing import Protocol

from tqdm.auto import tqdm

__all__ = ["Bar", "progress_bar"]


class Bar(Protocol):
    """The part of a tqdm progress bar the library uses."""

    def update(self, n: float | None = 1) -> bool | None: ...

    def close(self) -> None: ...


def progress_bar(total: int, *, desc: str, unit: str) -> Bar:
    """Return a tqdm progress bar (``tqdm.auto``: a widget in Jupyter, text elsewhere)."""
    bar: Bar = tqdm(total=total, desc=desc, unit=unit)
    return bar
