"""Structuring the native tree into the model, and back.

Structuring never stops at the first problem: every object is checked field by field (its specs),
nested objects are structured even when a sibling failed, and the problems of the whole tree are
raised together in one :class:`~collective_impact.ValidationError` whose paths point into the tree.

Both directions are written here rather than with a general converter such as cattrs: the model
classes validate themselves (their field specs and rules), so structuring only has to walk the tree,
collect every problem with its path and code, and call the constructors; and unstructuring only has
to leave out the fields at their defaults. cattrs, used for this before, structured nothing (its
structure hooks were never called) and its unstructuring needed a hook per enumeration.
"""

from __future__ import annotations

import enum
import functools
import re
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import Problem, ProblemCode, ValidationError, did_you_mean
from ._fields import (
    Problems,
    describe,
    field_problems,
    object_problems,
    suggest,
    to_optional_date,
)
from .activity import Activity
from .agenda import Goal
from .backbone import Backbone
from .conditions import Conditions
from .indicator import DatedValue, Indicator, Observation
from .initiative import ID_SECTIONS, Initiative, aggregate_problems
from .labels import Label
from .partner import Partner
from .ties import Tie, WorkingGroup

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
            message = f"keys must be strings, got {describe(key)}"
            problems.append(Problem("", message, ProblemCode.WRONG_TYPE))
        else:
            message = (
                f"unknown key {key!r}{did_you_mean(suggest(key, allowed))}; "
                f"allowed keys: {', '.join(allowed)}"
            )
            problems.append(Problem(key, message, ProblemCode.UNKNOWN_KEY, key=key))
    problems.extend(
        Problem("", f"missing required key {name!r}", ProblemCode.MISSING_KEY, key=name)
        for name in plan.required
        if name not in raw
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
        message = f"expected a mapping ({cls.__name__}), got {describe(raw)}"
        raise ValidationError([Problem("", message, ProblemCode.WRONG_TYPE)])
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
                problems.extend(p.nested(f.name) for p in err.problems)
                failed.add(f.name)
                continue
        if f.converter is not None:
            value = f.converter(value)  # type: ignore[operator]  # a plain function here
        values[f.name] = value
    if not problems:
        return cls(**values)  # validates every field and rule once, raising all problems
    # something is already wrong: report the other fields' problems too, without building
    problems.extend(object_problems(cls, values, failed=failed))
    raise ValidationError(problems)


def _structure_nested(value: Any, hint: Any, inner: type) -> Any:
    """Structure a field holding model objects: one, an optional one, or a tuple of them."""
    if typing.get_origin(hint) is tuple:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
            message = f"expected a list, got {describe(value)}"
            raise ValidationError([Problem("", message, ProblemCode.WRONG_TYPE)])
        items: list[Any] = []
        problems: Problems = []
        for i, item in enumerate(value):
            try:
                items.append(structure_object(item, inner))
            except ValidationError as err:
                problems.extend(p.nested(f"[{i}]") for p in err.problems)
        if problems:
            raise ValidationError(problems)
        return tuple(items)
    return structure_object(value, inner)


_TOP_KEYS = ("schema_version", *(f.name for f in attrs.fields(Initiative) if f.init))
_SECTION_ORDER = {name: i for i, name in enumerate(_TOP_KEYS)}


def _natural_key(problem: Problem) -> tuple[Any, ...]:
    """Sort problems in document order: by section, then by the numbers in the path."""
    path = problem.path
    head = re.match(r"[A-Za-z_]+", path)
    rank = _SECTION_ORDER.get(head.group(0), -1) if head else -1
    parts = tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path))
    return (rank, *[(0, p) if isinstance(p, int) else (1, p) for p in parts])


def structure_initiative(data: Any, *, source: str | None = None) -> Initiative:
    """Build an :class:`Initiative` from the native tree; see :meth:`Initiative.from_dict`."""
    if not isinstance(data, Mapping):
        message = f"expected a mapping at the top level, got {describe(data)}"
        raise ValidationError([Problem("", message, ProblemCode.WRONG_TYPE)], source=source)
    problems: Problems = []
    version = data.get("schema_version", attrs.NOTHING)
    if version is attrs.NOTHING:
        message = f"missing required key 'schema_version' (expected {SCHEMA_VERSION})"
        problems.append(Problem("", message, ProblemCode.MISSING_KEY, key="schema_version"))
    elif isinstance(version, bool) or version != SCHEMA_VERSION:
        message = (
            f"unsupported schema_version {describe(version)}; this version of "
            f"collective_impact reads schema_version {SCHEMA_VERSION}"
        )
        problems.append(Problem("schema_version", message, ProblemCode.UNSUPPORTED_VERSION))
    body = {k: v for k, v in data.items() if k != "schema_version"}
    problems.extend(_keys_problems(body, Initiative))

    values: dict[str, Any] = {}
    raw_sections: dict[str, list[tuple[int, Any]]] = {}
    failed: set[str] = set()
    for section, cls in SECTION_CLASSES.items():
        raw = body.get(section, [])
        if raw is None or isinstance(raw, str | bytes | Mapping) or not isinstance(raw, list):
            message = f"expected a list, got {describe(raw)}"
            problems.append(Problem(section, message, ProblemCode.WRONG_TYPE))
            failed.add(section)
            continue
        raw_sections[section] = list(enumerate(raw))
        items: list[Any] = []
        for i, item in enumerate(raw):
            try:
                items.append(structure_object(item, cls))
            except ValidationError as err:
                problems.extend(p.nested(f"{section}[{i}]") for p in err.problems)
                failed.add(section)
        values[section] = tuple(items)
    for name, cls in (("backbone", Backbone), ("conditions", Conditions)):
        if body.get(name) is not None:
            try:
                values[name] = structure_object(body[name], cls)
            except ValidationError as err:
                problems.extend(p.nested(name) for p in err.problems)
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


_SCALARS = frozenset({str, float, int, bool, type(None)})
_MODELS = frozenset(MODEL_CLASSES)


def _plain(value: Any) -> Any:
    """Return the native-tree form of a field value: dicts, lists, enum values, dates as such."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return [_plain(v) for v in value]
    if kind in _MODELS:
        return _unstructure_object(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value  # a date


#: Marks a field without a default in :func:`_layout`.
_REQUIRED = object()


@functools.cache
def _layout(cls: type) -> tuple[tuple[str, Any], ...]:
    """Return the fields to write with their default values (:data:`_REQUIRED` if none).

    Required fields come first, then the others in their order: the order the files have always
    had. The defaults of the model (tuples, ``FrozenMap()``, ``Conditions()``) are immutable, so
    each factory is called once, here.
    """
    fields = [f for f in attrs.fields(cls) if f.init]
    required = [(f.name, _REQUIRED) for f in fields if f.default is attrs.NOTHING]
    optional = []
    for f in fields:
        if f.default is not attrs.NOTHING:
            factory = getattr(f.default, "factory", None)  # an attrs.Factory
            optional.append((f.name, factory() if callable(factory) else f.default))
    return (*required, *optional)


def _unstructure_object(obj: Any) -> dict[str, Any]:
    """Return the tree of a model object, leaving out the fields at their default value."""
    cls: type = type(obj)
    out: dict[str, Any] = {}
    for name, default in _layout(cls):
        value = getattr(obj, name)
        if default is _REQUIRED or value != default:
            out[name] = _plain(value)
    return out


def unstructure_initiative(initiative: Initiative) -> dict[str, Any]:
    """Return the native tree of ``initiative``; see :meth:`Initiative.to_dict`."""
    return {"schema_version": SCHEMA_VERSION, **_unstructure_object(initiative)}


__all__ = [
    "ID_SECTIONS",
    "SCHEMA_VERSION",
    "structure_initiative",
    "structure_object",
    "unstructure_initiative",
]
