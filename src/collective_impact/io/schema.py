"""The JSON Schema of the native format, generated from the model's field specifications."""

from __future__ import annotations

import copy
from typing import Any

from ..model import (
    Initiative,
)
from ..model._convert import MODEL_CLASSES, SCHEMA_VERSION
from ..model._fields import schema_of

__all__ = ["json_schema"]

_DEFS = MODEL_CLASSES  # every nested class of the model, in one place

_SCHEMA: dict[str, Any] | None = None


def _build() -> dict[str, Any]:
    top = schema_of(Initiative)
    top["properties"] = {
        "schema_version": {
            "const": SCHEMA_VERSION,
            "description": "Version of the native format; this library reads and writes 1.",
        },
        **top["properties"],
    }
    top["required"] = ["schema_version", *top.get("required", [])]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://collective-impact.readthedocs.io/schema/v1.json",
        "title": "collective_impact initiative",
        "description": (
            "A collective impact initiative in the native format of the collective_impact "
            f"library (schema_version {SCHEMA_VERSION}). The same tree is written as YAML, JSON "
            "or TOML; dates are ISO 8601 strings (YYYY-MM-DD). References between parts (ids) "
            "are checked by the library, not by this schema."
        ),
        **top,
        "$defs": {cls.__name__: schema_of(cls) for cls in _DEFS},
    }


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the native format.

    The schema is generated from the same field specifications that validate the model, so it
    cannot drift from what :func:`~collective_impact.load` accepts. It checks structure, types,
    enumerations and ranges; it cannot check that references between parts resolve or that ids
    are unique, which :class:`~collective_impact.Initiative` does.

    Returns
    -------
    dict
        A fresh copy, safe to modify.

    Examples
    --------
    >>> schema = json_schema()
    >>> schema["properties"]["schema_version"]["const"]
    1
    >>> strength = schema["$defs"]["Tie"]["properties"]["strength"]
    >>> strength["exclusiveMinimum"], strength["maximum"]
    (0.0, 1.0)
    """
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = _build()
    return copy.deepcopy(_SCHEMA)
