"""Structuring the native tree into the model, and back.

Structuring never stops at the first problem: every object is checked field by field (its specs),
nested objects are structured even when a sibling failed, and the problems of the whole tree are
raised together in one :class:`~collective_impact.ValidationError` whose paths point into the tree.

Both directions are written here rather than with a general converter such as cattrs: the model
classes validate themselves (their field specs and rules), so structuring only has to walk the tree,
collect every problem with its path and code, and call the constructors; and unstructuring only has
to leave out the fields at their defaults. cattrs, used for this before, structured nothing (its
structure hooks were never called) and its unstructuring needed a hook per enumeration.

Structuring runs in two passes. The first, :func:`structure_many`, takes the objects of a section
(every activity, every tie) together, field by field, with the cheap tests of the specs
(:meth:`~._fields.Spec.quick_all`), and builds the valid objects without checking them again: a
valid file is loaded in a few passes in C per field. The second, :func:`_structure_one`, takes
each object the first found a problem in, alone, through its specs and rules, and reports every
problem of it; so the problems, their paths and their words are those of the specs, whichever
pass met the object.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import gc
import itertools
import operator
import re
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from .._results import not_an_initiative, result_kind
from ..errors import Problem, ProblemCode, ValidationError, did_you_mean, shown
from . import _typed
from ._fields import (
    Compiled,
    Derived,
    Problems,
    build_many,
    compiled,
    describe,
    field_problems,
    fill_derived,
    misplaced_entries,
    object_problems,
    suggest,
    to_optional_date,
    types_of,
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

#: The only type of tree the first pass of structuring takes (anything else: the second).
_DICT = frozenset({dict})

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
    allowed_set: frozenset[str]


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
        allowed_set=frozenset(f.name for f in fields),
    )


def document_keys() -> tuple[str, ...]:
    """Return the keys a native document may hold at its top level, in the model's order."""
    return ("schema_version", *_plan(Initiative).allowed)


def _missing_required(raw: Mapping[Any, Any], cls: type) -> list[str]:
    """Return the required keys of ``cls`` absent from ``raw``, in the model's order."""
    return [name for name in _plan(cls).required if name not in raw]


def _keys_problems(raw: Mapping[Any, Any], cls: type) -> Problems:
    """Unknown keys (with a did-you-mean) and missing required keys of one object.

    A misspelt required key is one problem, not two: ``statment:`` is reported as an unknown
    key that stands for the missing ``statement``, which is not reported again as missing.
    """
    plan = _plan(cls)
    allowed = plan.allowed
    missing = _missing_required(raw, cls)
    explained: set[str] = set()
    problems: Problems = []
    for key in raw:
        if key in allowed:
            continue
        if not isinstance(key, str):
            message = f"keys must be strings, got {describe(key)}"
            problems.append(Problem("", message, ProblemCode.WRONG_TYPE))
            continue
        suggestions = suggest(key, allowed)
        meant = next((s for s in suggestions if s in missing and s not in explained), None)
        if meant is not None:
            explained.add(meant)
            message = (
                f"unknown key {shown(key)}{did_you_mean(suggestions)}; the required key "
                f"{meant!r} is missing"
            )
        else:
            message = (
                f"unknown key {shown(key)}{did_you_mean(suggestions)}; "
                f"allowed keys: {', '.join(allowed)}"
            )
        problems.append(Problem(key, message, ProblemCode.UNKNOWN_KEY, key=key))
    problems.extend(
        Problem("", f"missing required key {name!r}", ProblemCode.MISSING_KEY, key=name)
        for name in missing
        if name not in explained
    )
    return problems


def structure_object(raw: Any, cls: type) -> Any:
    """Structure one model object from its tree, reporting every problem of it at once.

    Raises
    ------
    ValidationError
        With paths relative to the object.
    """
    objects, bad = structure_many([raw], cls)
    return _structure_one(raw, cls) if bad else objects[0]


def structure_many(raws: Sequence[Any], cls: type) -> tuple[list[Any], list[int]]:
    """Structure many objects of one class at once, field by field: the fast path of loading.

    Each field is read, converted and given its cheap test (:meth:`~._fields.Spec.quick`) for
    every object in one pass; the spec runs only where the cheap test fails, and the class's
    rules only for objects whose fields are all valid. Valid objects are then built without
    checking them again (:func:`~._fields.build_many`). This path only tells valid objects from
    the others: the problems of an object are found and worded by :func:`_structure_one`, as for
    one object alone, so that they are the same whichever path found them.

    Parameters
    ----------
    raws
        The trees of the objects (mappings from the native tree), or their structs
        (:func:`~._typed.struct_of`, from a typed JSON document).
    cls
        Their model class.

    Returns
    -------
    objects : list
        The object built from each tree; ``None`` where the tree has a problem.
    bad : list of int
        The positions of the trees with a problem, in order.

    Raises
    ------
    Refused
        When ``raws`` are structs and one has a problem: the caller loads the document the
        standard way, which finds and words every problem (:mod:`._typed`).
    """
    plan = compiled(cls)
    layout = _plan(cls)
    typed = _typed.typed_rows(raws, cls)
    bad: list[int]
    if typed:  # structs: their keys and JSON types were checked as they were parsed
        rows, where, bad = list(raws), list(range(len(raws))), []
    else:
        rows, where, bad = _well_formed(raws, layout.allowed_set, plan.required)
    count = len(rows)
    valid = [True] * count
    columns: list[list[Any]] = []
    for k, name in enumerate(plan.names):
        fill = _fills(plan, layout, k)
        found, values, positions = _read(rows, name, plan, fill=fill, typed=typed)
        if not found and name not in plan.required:  # the default everywhere: valid, converted
            columns.append([plan.defaults[name]] * count)
            continue
        failed: list[int] = []
        if name in layout.nested:
            failed = _structure_column(values, *layout.nested[name])
        convert = plan.column_converters[k]
        if convert is not None:
            values = convert(values)
        spec = plan.specs[k]
        if spec is not None and not plan.quick_alls[k](values):
            quick = plan.quicks[k]
            failed.extend(
                m for m, value in enumerate(values) if not quick(value) and spec.check(value)
            )
        for m in failed:
            valid[m if positions is None else positions[m]] = False
        if positions is not None:
            column = [plan.defaults.get(name)] * count  # absent: the default, valid
            for j, value in zip(positions, values, strict=True):
                column[j] = value
            values = column
        columns.append(values)
    if plan.derived:  # the defaults computed from other fields (a tie's strength)
        fill_derived(plan, columns)
    if plan.rules and any(valid):
        _apply_rules(plan, columns, valid)
    if not all(valid):
        if typed:
            raise _typed.Refused(f"a {cls.__name__} has a problem")
        bad.extend(where[j] for j in range(count) if not valid[j])
        bad.sort()
        keep = [j for j in range(count) if valid[j]]
        columns = [[column[j] for j in keep] for column in columns]
        where = [where[j] for j in keep]
    objects: list[Any] = [None] * len(raws)
    for i, obj in zip(where, build_many(cls, columns), strict=True):
        objects[i] = obj
    return objects, bad


def _fills(plan: Compiled, layout: _Plan, k: int) -> bool:
    """Whether field ``k``, when mostly given, is read with its default where it is left out.

    The default is then converted with the values read (as attrs does), rather than put in
    afterwards; not for a field holding model objects.
    """
    return plan.fills[k] and plan.names[k] not in layout.nested


def _read(
    rows: list[Any], name: str, plan: Compiled, *, fill: bool, typed: bool
) -> tuple[int, list[Any], list[int] | None]:
    """Read field ``name`` of every row: how many give it, the values, and where they are.

    The rows are trees (dicts), or structs (``typed``, :mod:`._typed`) where a field left out
    is ``UNSET``. The positions are ``None`` when there is a value for every row (given, or
    the default where ``fill`` allows it and the field is mostly given); else the values are
    those of the rows at the positions. When no row gives the field, the count is 0.
    """
    count = len(rows)
    if typed:
        absent = _typed.UNSET
        values = list(map(operator.attrgetter(name), rows))
    else:
        absent = _ABSENT
        values = list(map(dict.get, rows, itertools.repeat(name), itertools.repeat(absent)))
    if name in plan.required:
        return count, values, None
    flags = list(map(operator.is_not, values, itertools.repeat(absent)))
    found = sum(flags)
    if found == count or not found:
        return found, values, None
    if fill and 2 * found > count:
        default = plan.defaults[name]
        for j in itertools.compress(range(count), map(operator.not_, flags)):
            values[j] = default
        return found, values, None
    positions = list(itertools.compress(range(count), flags))
    return found, list(itertools.compress(values, flags)), positions


#: Marks a key a tree leaves out, in :func:`_read`.
_ABSENT = object()


def _well_formed(
    raws: Sequence[Any], allowed: frozenset[str], required: frozenset[str]
) -> tuple[list[dict[str, Any]], list[int], list[int]]:
    """Split trees into dicts with allowed keys only and every required key, and the others.

    Returns the well-formed dicts, their positions, and the positions of the other trees.
    """
    rows: list[dict[str, Any]] = list(raws)
    if (
        types_of(rows) <= _DICT
        and all(map(allowed.issuperset, rows))
        and all(all(map(dict.__contains__, rows, itertools.repeat(k))) for k in required)
    ):
        return rows, list(range(len(rows))), []
    rows, where, bad = [], [], []
    for i, raw in enumerate(raws):
        if type(raw) is dict and raw.keys() <= allowed and raw.keys() >= required:
            rows.append(raw)
            where.append(i)
        else:
            bad.append(i)
    return rows, where, bad


def _apply_rules(plan: Compiled, columns: list[list[Any]], valid: list[bool]) -> None:
    """Run the class's rules on the objects whose fields are valid; mark those with a problem.

    Each rule first names its suspects from the columns of the valid objects
    (:attr:`~._fields.Rule.suspects`), and runs on those only.
    """
    keep = [j for j, ok in enumerate(valid) if ok]
    if len(keep) == len(valid):
        kept = dict(zip(plan.names, columns, strict=True))
    else:
        kept = {
            name: [column[j] for j in keep]
            for name, column in zip(plan.names, columns, strict=True)
        }
    named = list(zip(plan.names, columns, strict=True))
    rows: dict[int, dict[str, Any]] = {}  # the field values of each object a rule suspects
    for rule in plan.rules:
        suspects = range(len(keep)) if rule.suspects is None else rule.suspects(kept)
        for m in suspects:
            j = keep[m]
            if not valid[j]:
                continue
            full = rows.get(j)
            if full is None:
                full = rows[j] = {name: column[j] for name, column in named}
            if rule.check(full):
                valid[j] = False


def _structure_column(values: list[Any], hint: Any, inner: type) -> list[int]:
    """Structure, in place, the values of a field holding model objects (one or a tuple).

    Returns the positions of the values that are not valid trees of their objects; each is
    replaced by ``None``, so that the field's converter never sees it. ``None`` stays ``None``.
    """
    present = [j for j, v in enumerate(values) if v is not None]
    failed: list[int] = []
    if typing.get_origin(hint) is not tuple:
        objects, bad = structure_many([values[j] for j in present], inner)
        for j, obj in zip(present, objects, strict=True):
            values[j] = obj
        failed.extend(present[k] for k in bad)
    else:
        spans: list[tuple[int, int, int]] = []
        flat: list[Any] = []
        for j in present:
            value = values[j]
            if type(value) is list:
                spans.append((j, len(flat), len(flat) + len(value)))
                flat.extend(value)
            else:
                failed.append(j)
        objects, bad = structure_many(flat, inner)
        wrong = set(bad)
        for j, start, stop in spans:
            if wrong and not wrong.isdisjoint(range(start, stop)):
                failed.append(j)
            else:
                values[j] = tuple(objects[start:stop])
    for j in failed:
        values[j] = None
    return failed


def _structure_one(raw: Any, cls: type) -> Any:
    """Structure one object through the specs and rules, collecting every problem of it.

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
    misplaced = misplaced_entries(raw, cls)
    if misplaced:  # one problem each, not its entry's two and the object's missing key
        problems = [p for p in problems if p.key not in misplaced or p.path != ""]
        kind = cls.__name__.lower()
        problems.extend(
            Problem(
                f"{name}[{key!r}]",
                f"{key!r} is a key of the {kind}, not of {name!r}: move it out, to the {kind}",
                ProblemCode.UNKNOWN_KEY,
                key=key,
            )
            for key, name in misplaced.items()
        )
    values: dict[str, Any] = {}
    failed: set[str] = set()
    for f in plan.fields:
        if f.name not in raw:
            continue
        value = raw[f.name]
        if misplaced and f.name in misplaced.values():
            value = {k: v for k, v in value.items() if misplaced.get(k) != f.name}
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
                items.append(_structure_one(item, inner))
            except ValidationError as err:
                problems.extend(p.nested(f"[{i}]") for p in err.problems)
        if problems:
            raise ValidationError(problems)
        return tuple(items)
    return _structure_one(value, inner)


_TOP_KEYS = ("schema_version", *(f.name for f in attrs.fields(Initiative) if f.init))
_SECTION_ORDER = {name: i for i, name in enumerate(_TOP_KEYS)}


def _natural_key(problem: Problem) -> tuple[Any, ...]:
    """Sort problems in document order: by section, then by the numbers in the path."""
    path = problem.path
    head = re.match(r"[A-Za-z_]+", path)
    rank = _SECTION_ORDER.get(head.group(0), -1) if head else -1
    parts = tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path))
    return (rank, *[(0, p) if isinstance(p, int) else (1, p) for p in parts])


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of the block.

    Building the objects of a large file allocates hundreds of thousands of containers (tuples,
    maps, objects), none in a reference cycle; each allocation counts towards a collection, and
    each full collection walks the whole parsed tree again, which costs as much as the building
    itself. The collector is enabled again afterwards, unless it was disabled before.

    When it is enabled again, the objects made during the pause are handed to the oldest
    generation (:func:`gc.freeze` then :func:`gc.unfreeze`, which move every tracked object
    there without walking any). Otherwise the first allocation after the pause starts a
    collection of the youngest generation that walks all of them, and a later one walks them
    again on their way to the oldest: half a second of the stress case's job (load, assess,
    :meth:`~collective_impact.Assessment.to_dict`, write). Nothing is kept longer than it would
    be: objects still go when their last reference does, and reference cycles among them at
    the next full collection. Objects that another part of the program froze (for instance
    before forking workers) stay frozen: the move is skipped then, as on an interpreter that
    starts with frozen objects of its own (CPython 3.12.1 does), where the pause ends as it did
    before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:  # nobody else's frozen objects to thaw
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def structure_initiative(data: Any, *, source: str | None = None) -> Initiative:
    """Build an :class:`Initiative` from the native tree; see :meth:`Initiative.from_dict`."""
    with collector_paused():
        return _structure_initiative(data, source)


def _reads_as_version(text: str) -> bool:
    """Whether ``text`` is the supported schema version written as text (``'1'``, ``' 1.0'``)."""
    try:
        return float(text.strip()) == SCHEMA_VERSION
    except ValueError:
        return False


def _structure_initiative(data: Any, source: str | None) -> Initiative:
    kind = result_kind(data)
    if kind is not None and not (isinstance(data, Mapping) and "schema_version" in data):
        # one of the library's results given for the initiative (assess --json for last year's
        # file): what it is, not a problem per key (19 for an assessment)
        problem = Problem("", not_an_initiative(kind, data), ProblemCode.WRONG_TYPE)
        raise ValidationError([problem], source=source)
    if not isinstance(data, Mapping):
        message = f"expected a mapping at the top level, got {describe(data)}"
        raise ValidationError([Problem("", message, ProblemCode.WRONG_TYPE)], source=source)
    problems: Problems = []
    version = data.get("schema_version", attrs.NOTHING)
    if version is attrs.NOTHING:
        message = f"missing required key 'schema_version' (expected {SCHEMA_VERSION})"
        problems.append(Problem("", message, ProblemCode.MISSING_KEY, key="schema_version"))
    elif isinstance(version, str) and _reads_as_version(version):
        # '1' quoted: the version is right, its type is not
        message = (
            f"schema_version is the number {SCHEMA_VERSION}, written without quotes; got the "
            f"text {describe(version)}"
        )
        problems.append(Problem("schema_version", message, ProblemCode.WRONG_TYPE))
    elif isinstance(version, bool) or version != SCHEMA_VERSION:
        quoted = " (a number, written without quotes)" if isinstance(version, str) else ""
        message = (
            f"unsupported schema_version {describe(version)}; this version of "
            f"collective_impact reads schema_version {SCHEMA_VERSION}{quoted}"
        )
        problems.append(Problem("schema_version", message, ProblemCode.UNSUPPORTED_VERSION))
    body = {k: v for k, v in data.items() if k != "schema_version"}
    key_problems = _keys_problems(body, Initiative)
    problems.extend(key_problems)

    values: dict[str, Any] = {}
    raw_sections: dict[str, Sequence[Any]] = {}
    # a required section missing is reported once, as such: not also as an empty one
    failed: set[str] = set(_missing_required(body, Initiative))
    for section, cls in SECTION_CLASSES.items():
        raw = body.get(section, [])
        if raw is None or isinstance(raw, str | bytes | Mapping) or not isinstance(raw, list):
            message = f"expected a list, got {describe(raw)}"
            problems.append(Problem(section, message, ProblemCode.WRONG_TYPE))
            failed.add(section)
            continue
        items, bad = structure_many(raw, cls)
        for i in bad:
            try:
                items[i] = _structure_one(raw[i], cls)
            except ValidationError as err:
                problems.extend(p.nested(f"{section}[{i}]") for p in err.problems)
                failed.add(section)
        if not bad:
            values[section] = raw_sections[section] = tuple(items)
            continue
        values[section] = tuple(item for item in items if item is not None)
        # The cross-references are checked on the objects, and on the trees of the objects
        # that failed: a valid object and its tree name the same ids.
        raw_sections[section] = [
            item if item is not None else tree for item, tree in zip(items, raw, strict=True)
        ]
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
    # Every check of Initiative(**values) has passed above, on the same values.
    return Initiative._trusted(values)


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
    each factory is called once, here. A default computed from other fields (:class:`Derived`)
    is its marker, which :func:`_unstructure_object` asks whether the value may be left out.
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
            if type(default) is Derived and default.leaves_out(obj, value):
                continue
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
