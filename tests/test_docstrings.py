"""Every public name has the docstring sections the project asks of it.

The public API is what the ``__all__`` of each public module lists (a module whose dotted name has
no part starting with ``_``), the package root's included. Each function listed there needs a
numpydoc ``Parameters`` section when it takes parameters (other than ``self`` and ``cls``), a
``Returns`` (or ``Yields``) section when its return annotation is not ``None``, and a worked
example (a ``>>>`` line, which pytest runs as a doctest); each class listed there needs an
example in its own docstring. The test lists every name that lacks one, so a new public name
without them fails here, not in a later review.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import collective_impact

#: A numpydoc section header: the section's name on a line of its own, underlined with dashes.
_HEADER = r"^{name}\n-{{3,}}$"


def _has_section(doc: str, name: str) -> bool:
    return re.search(_HEADER.format(name=name), doc, flags=re.MULTILINE) is not None


def public_modules() -> Iterator[ModuleType]:
    """Yield the package and every module of it whose dotted name has no part starting with _."""
    yield collective_impact
    prefix = f"{collective_impact.__name__}."
    for info in pkgutil.walk_packages(collective_impact.__path__, prefix):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def _returns_value(signature: inspect.Signature) -> bool:
    annotation = signature.return_annotation
    return annotation is not inspect.Signature.empty and annotation not in (None, "None")


def lacking(obj: Any) -> list[str]:
    """Return the sections the docstring of a public function or class lacks."""
    doc = inspect.getdoc(obj) or ""
    missing = []
    if not inspect.isclass(obj):
        signature = inspect.signature(obj)
        parameters = [p for p in signature.parameters if p not in ("self", "cls")]
        if parameters and not _has_section(doc, "Parameters"):
            missing.append("Parameters")
        if (
            _returns_value(signature)
            and not _has_section(doc, "Returns")
            and not _has_section(doc, "Yields")
        ):
            missing.append("Returns")
    if ">>>" not in doc:
        missing.append("Examples")
    return missing


def audit() -> tuple[list[str], int]:
    """Return every public name lacking a section (``module.name: sections``), and how many."""
    problems = []
    checked = 0
    for module in public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or callable(obj)):
                continue  # a constant: documented by the module
            checked += 1
            missing = lacking(obj)
            if missing:
                problems.append(f"{module.__name__}.{name}: {', '.join(missing)}")
    return problems, checked


def test_the_audit_walks_every_public_module() -> None:
    names = {module.__name__ for module in public_modules()}
    assert {
        "collective_impact",
        "collective_impact.report",
        "collective_impact.analysis.measurement",
        "collective_impact.io.sql",
        "collective_impact.model.indicator",
        "collective_impact.strategies",
    } <= names
    assert not any(part.startswith("_") for name in names for part in name.split("."))


def test_the_audit_finds_missing_sections() -> None:
    def undocumented(value: int) -> int:
        return value

    def summary_only(value: int) -> int:
        """Return ``value``: it names Parameters and Returns in prose, not as sections."""
        return value

    class Bare:
        """A class without an example."""

    assert lacking(undocumented) == ["Parameters", "Returns", "Examples"]
    assert lacking(summary_only) == ["Parameters", "Returns", "Examples"]
    assert lacking(Bare) == ["Examples"]
    assert lacking(collective_impact.assess) == []


def test_every_public_name_has_its_docstring_sections() -> None:
    problems, checked = audit()
    assert checked > 300  # the walk reached the API, so an empty list means something
    assert not problems, f"{len(problems)} public names lack docstring sections:\n" + "\n".join(
        problems
    )
