"""Structuring the native tree into the model, and back, with cattrs.

Structuring never stops at the first problem: every object is checked field by field (its specs),
nested objects are structured even when a sibling failed, and the problems of the whole tree are
raised together in one :class:`~collective_impact.ValidationError` whose paths point into the tree.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from ..errors import ValidationError, did_you_mean, join_path
from ._fields import (
    Problems,
    cross_problems,
    describe,
    field_problems,
    suggest,
    to_optional_date,
)
from ._frozen import FrozenMap
from .activity import Activity
from .agenda import Goal
from .backbone import Backbone, BackboneFunction, FunctionLevel, StaffRole
from .conditions import Conditions, Urgency
from .indicator import DatedValue, Direction, Frequency, Indicator, Level, Observation, Quadrant
from .initiative import ID_SECTIONS, Initiative, aggregate_problems
from .labels import Label
from .partner import Partner, Role, Sector
from .ties import Intensity, Tie, TieKind, WorkingGroup

#: The version of the native format this library reads and writes.
SCHEMA_VERSION = 1

#: Model classes that appear in the native tree, by the section that holds them.
SECTION_CLASSES: dict[str, type] = {
    "partners": Partner,
    "goals": Goal,
    "indicators": Indicator,
    "populations": Label,
    "places": Label,
    "activities": Activity,
    "ties": Tie,
    "working_groups": WorkingGroup,
}
MODEL_CLASSES: tuple[type, ...] = (
    Partner,
    Goal,
    DatedValue,
    Observation,
    Indicator,
    Label,
    Activity,
    Tie,
    WorkingGroup,
    Backbone,
    Conditions,
)

converter = cattrs.Converter()


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and t in MODEL_CLASSES


def _model_in(t: Any) -> type | None:
    """Return the model class a field type holds (``X``, ``X | None``, ``tuple[X, ...]``)."""
    if _is_model(t):
        return t  # type: ignore[no-any-return]
    for arg in typing.get_args(t):
        if _is_model(arg):
            return arg  # type: ignore[no-any-return]
    return None


@attrs.frozen
class _Plan:
    """What structuring a model class needs, computed once per class."""

    fields: tuple[attrs.Attribute[Any], ...]
    allowed: tuple[str, ...]
    required: tuple[str, ...]
    nested: dict[str, tuple[Any, type]]


@functools.cache
def _plan(cls: type) -> _Plan:
    fields = tuple(f for f in attrs.fields(cls) if f.init)
    hints = typing.get_type_hints(cls)
    nested = {}
    for f in fields:
        inner = _model_in(hints[f.name])
        if inner is not None:
            nested[f.name] = (hints[f.name], inner)
    return _Plan(
        fields=fields,
        allowed=tuple(f.name for f in fields),
        required=tuple(f.name for f in fields if f.default is attrs.NOTHING),
        nested=nested,
    )


def _keys_problems(raw: Mapping[Any, Any], cls: type) -> Problems:
    """Unknown keys (with a did-you-mean) and missing required keys of one object."""
    plan = _plan(cls)
    allowed = plan.allowed
    problems: Problems = []
    for key in raw:
        if key in allowed:
            continue
        if not isinstance(key, str):
            problems.append(("", f"keys must be strings, got {describe(key)}"))
        else:
            problems.append(
                (
                    key,
                    f"unknown key {key!r}{did_you_mean(suggest(key, allowed))}; "
                    f"allowed keys: {', '.join(allowed)}",
                )
            )
    problems.extend(
        ("", f"missing required key {name!r}") for name in plan.required if name not in raw
    )
    return problems


def structure_object(raw: Any, cls: type) -> Any:
    """Structure one model object from its tree, reporting every problem of it at once.

    Raises
    ------
    ValidationError
        With paths relative to the object.
    """
    if not isinstance(raw, Mapping):
        raise ValidationError([("", f"expected a mapping ({cls.__name__}), got {describe(raw)}")])
    plan = _plan(cls)
    problems = _keys_problems(raw, cls)
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for f in plan.fields:
        if f.name not in raw:
            continue
        value = raw[f.name]
        if f.name in plan.nested and value is not None:
            hint, inner = plan.nested[f.name]
            try:
                value = _structure_nested(value, hint, inner)
            except ValidationError as err:
                problems.extend((join_path(f.name, p), m) for p, m in err.problems)
                failed.add(f.name)
                continue
        if f.converter is not None:
            value = f.converter(value)  # type: ignore[operator]  # a plain function here
        values[f.name] = value
    if not problems:
        return cls(**values)  # validates every field and rule once, raising all problems
    # something is already wrong: report the other fields' problems too, without building
    problems.extend(field_problems(cls, values, skip=failed))
    problems.extend(cross_problems(cls, values))
    raise ValidationError(problems)


def _structure_nested(value: Any, hint: Any, inner: type) -> Any:
    """Structure a field holding model objects: one, an optional one, or a tuple of them."""
    if typing.get_origin(hint) is tuple:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
            raise ValidationError([("", f"expected a list, got {describe(value)}")])
        items: list[Any] = []
        problems: Problems = []
        for i, item in enumerate(value):
            try:
                items.append(structure_object(item, inner))
            except ValidationError as err:
                problems.extend((join_path(f"[{i}]", p), m) for p, m in err.problems)
        if problems:
            raise ValidationError(problems)
        return tuple(items)
    return structure_object(value, inner)


for _cls in MODEL_CLASSES:
    converter.register_structure_hook(_cls, structure_object)


_TOP_KEYS = ("schema_version", *(f.name for f in attrs.fields(Initiative) if f.init))
_SECTION_ORDER = {name: i for i, name in enumerate(_TOP_KEYS)}


def _natural_key(problem: tuple[str, str]) -> tuple[Any, ...]:
    """Sort problems in document order: by section, then by the numbers in the path."""
    path = problem[0]
    head = re.match(r"[A-Za-z_]+", path)
    rank = _SECTION_ORDER.get(head.group(0), -1) if head else -1
    parts = tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path))
    return (rank, *[(0, p) if isinstance(p, int) else (1, p) for p in parts])


def structure_initiative(data: Any, *, source: str | None = None) -> Initiative:
    """Build an :class:`Initiative` from the native tree; see :meth:`Initiative.from_dict`."""
    if not isinstance(data, Mapping):
        raise ValidationError(
            [("", f"expected a mapping at the top level, got {describe(data)}")], source=source
        )
    problems: Problems = []
    version = data.get("schema_version", attrs.NOTHING)
    if version is attrs.NOTHING:
        problems.append(("", f"missing required key 'schema_version' (expected {SCHEMA_VERSION})"))
    elif isinstance(version, bool) or version != SCHEMA_VERSION:
        problems.append(
            (
                "schema_version",
                f"unsupported schema_version {describe(version)}; this version of "
                f"collective_impact reads schema_version {SCHEMA_VERSION}",
            )
        )
    body = {k: v for k, v in data.items() if k != "schema_version"}
    problems.extend(_keys_problems(body, Initiative))

    values: dict[str, Any] = {}
    raw_sections: dict[str, list[tuple[int, Any]]] = {}
    failed: set[str] = set()
    for section, cls in SECTION_CLASSES.items():
        raw = body.get(section, [])
        if raw is None or isinstance(raw, str | bytes | Mapping) or not isinstance(raw, list):
            problems.append((section, f"expected a list, got {describe(raw)}"))
            failed.add(section)
            continue
        raw_sections[section] = list(enumerate(raw))
        items: list[Any] = []
        for i, item in enumerate(raw):
            try:
                items.append(structure_object(item, cls))
            except ValidationError as err:
                problems.extend((join_path(f"{section}[{i}]", p), m) for p, m in err.problems)
                failed.add(section)
        values[section] = tuple(items)
    for name, cls in (("backbone", Backbone), ("conditions", Conditions)):
        if body.get(name) is not None:
            try:
                values[name] = structure_object(body[name], cls)
            except ValidationError as err:
                problems.extend((join_path(name, p), m) for p, m in err.problems)
                failed.add(name)
    for name in ("name", "description", "problem"):
        if name in body:
            values[name] = body[name]
    if "as_of" in body:
        values["as_of"] = to_optional_date(body["as_of"])
    problems.extend(field_problems(Initiative, values, skip=failed))
    problems.extend(aggregate_problems(raw_sections, body.get("backbone"), body.get("conditions")))
    if problems:
        problems.sort(key=_natural_key)
        raise ValidationError(problems, source=source)
    try:
        return Initiative(**values)
    except ValidationError as err:  # pragma: no cover - every rule was checked above
        raise ValidationError(err.problems, source=source) from None


# --------------------------------------------------------------------------- unstructuring


def _unstructure_frozen_map(m: FrozenMap[Any, Any]) -> dict[Any, Any]:
    return {converter.unstructure(k): converter.unstructure(v) for k, v in m.items()}


def _unstructure_date(d: dt.date) -> dt.date:
    return d


def _unstructure_enum(e: enum.Enum) -> Any:
    return e.value


converter.register_unstructure_hook(FrozenMap, _unstructure_frozen_map)
for _enum in (
    Sector,
    Role,
    Direction,
    Level,
    TieKind,
    StaffRole,
    BackboneFunction,
    FunctionLevel,
    Urgency,
    Frequency,
    Quadrant,
    Intensity,
):  # registered one by one: cattrs passes ``str`` subclasses through before predicate hooks
    converter.register_unstructure_hook(_enum, _unstructure_enum)
converter.register_unstructure_hook(dt.date, _unstructure_date)
for _cls in (*MODEL_CLASSES, Initiative):
    converter.register_unstructure_hook(
        _cls, make_dict_unstructure_fn(_cls, converter, _cattrs_omit_if_default=True)
    )


def unstructure_initiative(initiative: Initiative) -> dict[str, Any]:
    """Return the native tree of ``initiative``; see :meth:`Initiative.to_dict`."""
    tree: dict[str, Any] = converter.unstructure(initiative)
    tree.pop("_index", None)
    if tree.get("conditions") == {}:
        del tree["conditions"]
    return {"schema_version": SCHEMA_VERSION, **tree}


__all__ = [
    "ID_SECTIONS",
    "SCHEMA_VERSION",
    "converter",
    "structure_initiative",
    "structure_object",
    "unstructure_initiative",
]
