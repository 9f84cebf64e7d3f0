"""Progress bars (tqdm) for the operations that can take more than a few seconds.

In Jupyter a progress bar is a widget when ipywidgets is installed; without it ``tqdm.auto``
warns (``TqdmWarning: IProgress not found``) on every bar, so the text bar is used instead.
"""

from __future__ import annotations

import importlib.util
from typing import Any, Protocol

from tqdm.std import tqdm as _text_tqdm

__all__ = ["Bar", "progress_bar"]


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
    """Return a tqdm progress bar: a widget in Jupyter with ipywidgets, text elsewhere.

    Parameters
    ----------
    total
        Number of steps (``None`` when unknown: the bar counts without a total).
    desc, unit
        The bar's label and the name of a step.

    Returns
    -------
    Bar
        A started tqdm bar; call ``update`` per step and ``close`` at the end.
    """
    bar: Bar = _bar_class()(total=total, desc=desc, unit=unit)
    return bar
