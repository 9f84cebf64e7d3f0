"""The public API: what ``__all__`` promises exists, is documented, and is typed."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import collective_impact as ci

ROOT = Path(__file__).resolve().parent.parent


def test_all_names_exist() -> None:
    for name in ci.__all__:
        assert hasattr(ci, name), name


def test_all_has_no_repeats() -> None:
    assert len(ci.__all__) == len(set(ci.__all__))


def test_every_public_name_is_in_the_api_reference() -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"collective_impact\.(\w+)", text))
    missing = [n for n in ci.__all__ if n != "__version__" and n not in documented]
    assert not missing, f"not in docs/api.md: {missing}"


def test_version_comes_from_metadata() -> None:
    assert ci.__version__ == importlib.metadata.version("collective-impact")


def test_py_typed_is_shipped() -> None:
    assert (Path(ci.__file__).parent / "py.typed").is_file()
