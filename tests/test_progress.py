"""Progress bars: a widget only where widgets can be shown, never a TqdmWarning."""

from __future__ import annotations

import importlib.util
import io
import sys
import warnings

import pytest
from tqdm.std import tqdm as text_tqdm

from collective_impact import _progress


class Terminal(io.StringIO):
    """Standard error on a terminal, where a bar is drawn."""

    def isatty(self) -> bool:
        return True


def test_text_bar_without_ipywidgets(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def no_widgets(name: str, *args: object) -> object:
        return None if name == "ipywidgets" else real(name)

    monkeypatch.setattr(importlib.util, "find_spec", no_widgets)
    assert _progress._bar_class() is text_tqdm
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)  # off a terminal a bar writes plain lines
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a TqdmWarning would fail here
        bar = _progress.progress_bar(2, desc="steps", unit="step")
        bar.update(2)
        bar.close()
    assert "\rsteps: 100%" in terminal.getvalue()


def test_widget_bar_with_ipywidgets(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def widgets(name: str, *args: object) -> object:
        return object() if name == "ipywidgets" else real(name)

    monkeypatch.setattr(importlib.util, "find_spec", widgets)
    from tqdm.auto import tqdm as auto_tqdm

    assert _progress._bar_class() is auto_tqdm
