"""Optional dependencies, imported when installed (the extras of ``pyproject.toml``)."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["optional"]


def optional(name: str) -> Any:
    """Return the module ``name`` when it is installed, else ``None``.

    For the compiled helpers of the extra ``fast`` (``orjson``, ``msgspec``), which every caller
    can do without: each module that uses one keeps it in a module attribute, which tests set to
    ``None`` to run the path without it.

    Examples
    --------
    >>> optional("json").__name__, optional("no_such_module_here")
    ('json', None)
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
