"""Field specifications shared by the model's validation and its JSON Schema.

Each model field carries a :class:`Spec` in its attrs metadata. The spec checks a value (returning
every problem, never raising) and describes itself as a JSON Schema fragment, so that the rules the
model enforces and the schema the file format publishes cannot drift apart.

Converters (``to_*``) are lenient: they turn obviously intended input into the field's type
(``"nonprofit"`` into ``Sector.NONPROFIT``, a list into a tuple, an ISO string into a ``date``) and
return anything else unchanged, so that the spec reports it together with every other problem of
the object instead of failing on the first.

Rules across fields (``start <= end``, no self-ties) are :class:`Rule` objects listed in a model
class's ``_rules``; each names the fields it reads and runs only when those fields are valid, so
that a rule is written for valid values and an exception it raises is a bug that surfaces.
"""

from __future__ import annotations

import abc
import datetime as dt
import difflib
import enum
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from ..errors import Problem, ProblemCode, ValidationError, did_you_mean
from ._frozen import FrozenMap

E = TypeVar("E", bound=enum.Enum)

Problems = list[Problem]

Code = ProblemCode

#: attrs metadata key under which a field's :class:`Spec` is stored.
SPEC = "collective_impact.spec"


def describe(value: object) -> str:
    """Return a short, safe description of a value for an error message."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"a {type(value).__name__}"


def suggest(word: str, candidates: Iterable[str], n: int = 1) -> list[str]:
    """Return up to ``n`` close matches of ``word`` among ``candidates``."""
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)


class Spec(abc.ABC):
    """Base class: validation rules and JSON Schema for one kind of value."""

    @abc.abstractmethod
    def check(self, value: Any) -> Problems:
        """Return every problem of ``value``, located relative to it."""

    @abc.abstractmethod
    def schema(self) -> dict[str, Any]:
        """Return the JSON Schema (2020-12) fragment describing valid values."""


@attrs.frozen
class Text(Spec):
    """A string; non-empty unless ``empty_ok``."""

    empty_ok: bool = False
    what: str = "a string"

    def check(self, value: Any) -> Problems:
        if not isinstance(value, str):
            return [Problem("", f"expected {self.what}, got {describe(value)}", Code.WRONG_TYPE)]
        if not self.empty_ok and not value.strip():
            return [Problem("", f"expected {self.what}, got an empty string", Code.EMPTY_TEXT)]
        return []

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if not self.empty_ok:
            out["minLength"] = 1
            out["pattern"] = r"\S"
        return out


IDENT = Text(what="an id (a non-empty string)")


@attrs.frozen
class Number(Spec):
    """A finite real number, with optional bounds."""

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    nonzero: bool = False

    def _range_text(self) -> str:
        lo = (
            f"[{self.minimum:g}"
            if self.minimum is not None
            else f"({self.exclusive_minimum:g}"
            if self.exclusive_minimum is not None
            else "(-inf"
        )
        hi = (
            f"{self.maximum:g}]"
            if self.maximum is not None
            else f"{self.exclusive_maximum:g})"
            if self.exclusive_maximum is not None
            else "inf)"
        )
        return f"{lo}, {hi}"

    def check(self, value: Any) -> Problems:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return [Problem("", f"expected a number, got {describe(value)}", Code.WRONG_TYPE)]
        if math.isnan(value) or math.isinf(value):
            return [Problem("", f"expected a finite number, got {value!r}", Code.NOT_FINITE)]
        bad = (
            (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
            or (self.exclusive_minimum is not None and value <= self.exclusive_minimum)
            or (self.exclusive_maximum is not None and value >= self.exclusive_maximum)
        )
        if bad:
            message = f"expected a number in {self._range_text()}, got {value!r}"
            return [Problem("", message, Code.OUT_OF_RANGE)]
        if self.nonzero and value == 0:
            message = "expected a non-zero number, got 0 (leave the entry out instead)"
            return [Problem("", message, Code.OUT_OF_RANGE)]
        return []

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "number"}
        bounds = {
            "minimum": self.minimum,
            "maximum": self.maximum,
            "exclusiveMinimum": self.exclusive_minimum,
            "exclusiveMaximum": self.exclusive_maximum,
        }
        out.update({key: val for key, val in bounds.items() if val is not None})
        if self.nonzero:
            out["not"] = {"const": 0}
        return out


@attrs.frozen
class Choice(Spec):
    """A member of an enumeration (given as the member or its value)."""

    enum: type[enum.Enum]

    def check(self, value: Any) -> Problems:
        if isinstance(value, self.enum):
            return []
        allowed = [str(m.value) for m in self.enum]
        listed = ", ".join(repr(a) for a in allowed)
        hint = did_you_mean(suggest(value, allowed)) if isinstance(value, str) else ""
        message = f"expected one of {listed}; got {describe(value)}{hint}"
        return [Problem("", message, Code.INVALID_CHOICE)]

    def schema(self) -> dict[str, Any]:
        return {"enum": [m.value for m in self.enum]}


@attrs.frozen
class Date(Spec):
    """A calendar date (``datetime.date``; ISO 8601 ``YYYY-MM-DD`` in files)."""

    def check(self, value: Any) -> Problems:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return []
        return [
            Problem("", f"expected a date (YYYY-MM-DD), got {describe(value)}", Code.INVALID_DATE)
        ]

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


@attrs.frozen
class Optional(Spec):
    """``None`` or a value valid for ``inner``."""

    inner: Spec

    def check(self, value: Any) -> Problems:
        return [] if value is None else self.inner.check(value)

    def schema(self) -> dict[str, Any]:
        """Return the inner schema, also accepting ``null`` (as the model accepts ``None``)."""
        inner = self.inner.schema()
        if isinstance(inner.get("type"), str):
            return {**inner, "type": [inner["type"], "null"]}
        if "enum" in inner:
            return {**inner, "enum": [*inner["enum"], None]}
        return {"anyOf": [inner, {"type": "null"}]}


@attrs.frozen
class Items(Spec):
    """A sequence (tuple in the model, list in files) of values valid for ``item``."""

    item: Spec
    unique: bool = True
    min_items: int = 0
    what: str = "a list"

    def check(self, value: Any) -> Problems:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            return [Problem("", f"expected {self.what}, got {describe(value)}", Code.WRONG_TYPE)]
        problems: Problems = []
        if len(value) < self.min_items:
            message = f"expected at least {self.min_items} item(s), got none"
            problems.append(Problem("", message, Code.TOO_FEW_ITEMS))
        seen: set[Any] = set()
        for i, v in enumerate(value):
            problems.extend(p.nested(f"[{i}]") for p in self.item.check(v))
            if self.unique:
                try:
                    if v in seen:
                        message = f"duplicate entry {describe(v)}"
                        problems.append(Problem(f"[{i}]", message, Code.DUPLICATE_ENTRY))
                    seen.add(v)
                except TypeError:  # unhashable: already reported by the item check
                    pass
        return problems

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.unique:
            out["uniqueItems"] = True
        if self.min_items:
            out["minItems"] = self.min_items
        return out


@attrs.frozen
class Map(Spec):
    """A mapping from keys valid for ``key`` to values valid for ``value``."""

    key: Spec
    value: Spec

    def check(self, value: Any) -> Problems:
        if not isinstance(value, Mapping):
            return [Problem("", f"expected a mapping, got {describe(value)}", Code.WRONG_TYPE)]
        problems: Problems = []
        for k, v in value.items():
            name = k.value if isinstance(k, enum.Enum) else k
            where = f"[{name!r}]" if isinstance(name, str) else f"[{describe(name)}]"
            problems.extend(
                Problem(where, f"key: {p.message}", p.code, key=str(name))
                for p in self.key.check(k)
            )
            problems.extend(p.nested(where) for p in self.value.check(v))
        return problems

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.schema()}
        key = self.key.schema()
        if "enum" in key:
            out["propertyNames"] = {"enum": key["enum"]}
        else:
            out["propertyNames"] = {"minLength": 1}
        return out


@attrs.frozen
class Nested(Spec):
    """An instance of a model class (checked by the class itself when it was built)."""

    cls: type

    def check(self, value: Any) -> Problems:
        if isinstance(value, self.cls):
            return []
        message = f"expected {self.cls.__name__}, got {describe(value)}"
        return [Problem("", message, Code.WRONG_TYPE)]

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.cls.__name__}"}


# --------------------------------------------------------------------------- converters
# Named functions (not closures) so that mypy's attrs plugin types the generated __init__.


def coerce_enum(enum_cls: type[E], value: object) -> E:
    """Return ``enum_cls(value)`` when valid, else ``value`` unchanged (reported later)."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        return value  # type: ignore[return-value]


def to_float(value: float) -> float:
    """Turn an ``int`` into a ``float``; anything else is returned unchanged."""
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def to_date(value: dt.date | str) -> dt.date:
    """Parse an ISO 8601 date string; anything else is returned unchanged."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # type: ignore[return-value]
    return value


def to_optional_date(value: dt.date | str | None) -> dt.date | None:
    """Like :func:`to_date`, passing ``None`` through."""
    return None if value is None else to_date(value)


def to_strs(value: Iterable[str]) -> tuple[str, ...]:
    """Turn a list (or other non-string iterable) into a tuple."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]
    return tuple(value)


def to_float_map(value: Mapping[str, float]) -> FrozenMap[str, float]:
    """Freeze a mapping, turning ``int`` values into ``float``."""
    if not isinstance(value, Mapping):
        return value  # type: ignore[unreachable]
    return FrozenMap({k: to_float(v) for k, v in value.items()})


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Turn a list of model objects into a tuple."""
    return to_strs(value)


# --------------------------------------------------------------------------- the model base


def meta(spec: Spec, doc: str) -> dict[str, Any]:
    """Return attrs field metadata carrying a :class:`Spec` and a one-line description."""
    return {SPEC: spec, "doc": doc}


@attrs.frozen
class Rule:
    """A rule across the fields of a model class (``start <= end``, no self-ties).

    Parameters
    ----------
    check
        Returns every problem of the object, located relative to it, given its field values
        (a field left out holds its default). It may assume that every field it reads is valid:
        it is not run otherwise, so an exception it raises is a bug, never hidden.
    reads
        The fields the rule reads; each must be valid.
    lookups
        Mapping fields in which the rule only looks keys up (``id in drives``): each must be a
        mapping, while its entries may be invalid, so that a self-drive is reported beside a
        bad weight.
    """

    check: Callable[[Mapping[str, Any]], Problems]
    reads: tuple[str, ...]
    lookups: tuple[str, ...] = ()


def field_problems(cls: type, values: Mapping[str, Any], *, skip: Iterable[str] = ()) -> Problems:
    """Check ``values`` against the specs of ``cls``'s fields; return every problem."""
    return [p for found in _checked(cls, values, skip).values() for p in found]


def _checked(cls: type, values: Mapping[str, Any], skip: Iterable[str]) -> dict[str, Problems]:
    """Return the problems of each field in ``values`` (but ``skip``), by field name."""
    skipped = set(skip)
    found: dict[str, Problems] = {}
    for f in attrs.fields(cls):
        if f.name in skipped or f.name not in values:
            continue
        spec: Spec | None = f.metadata.get(SPEC)
        problems = spec.check(values[f.name]) if spec is not None else []
        found[f.name] = [p.nested(f.name) for p in problems]
    return found


def _is_mapping(name: str, problems: Problems) -> bool:
    """Whether the mapping field ``name``, with these problems, is a mapping (entries aside)."""
    return all(p.location.path != name for p in problems)


def object_problems(
    cls: type, values: Mapping[str, Any], *, failed: Iterable[str] = ()
) -> Problems:
    """Return every problem of one object: its fields' specs, then its rules.

    Parameters
    ----------
    cls
        The model class.
    values
        Field values, converted; a field left out takes its default.
    failed
        Fields already known to be invalid (a nested object that failed to load): neither
        checked again nor read by a rule.

    Returns
    -------
    list of Problem
        Field problems first, then the problems found by every rule whose fields are valid.
    """
    skipped = set(failed)
    found = _checked(cls, values, skipped)
    full = dict(values)
    for f in attrs.fields(cls):
        if f.name in full or f.name in skipped or f.default is attrs.NOTHING:
            continue
        factory = getattr(f.default, "factory", None)  # an attrs.Factory
        full[f.name] = factory() if callable(factory) else f.default
        found[f.name] = []  # a default is valid
    problems = [p for field in found.values() for p in field]
    rules: Sequence[Rule] = getattr(cls, "_rules", ())
    for rule in rules:
        runs = all(found.get(name) == [] for name in rule.reads) and all(
            name in found and _is_mapping(name, found[name]) for name in rule.lookups
        )
        if runs:
            problems.extend(rule.check(full))
    return problems


def validate_instance(obj: Any) -> None:
    """Validate a model object after attrs built it: field specs plus the class's own rules.

    Raises
    ------
    ValidationError
        With every problem of the object, paths relative to it.
    """
    cls = type(obj)
    problems = object_problems(cls, {f.name: getattr(obj, f.name) for f in attrs.fields(cls)})
    if problems:
        raise ValidationError(problems)


class ModelBase:
    """Mixin for model classes: validate every field (and cross-field rules) after ``__init__``."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        validate_instance(self)


def schema_of(cls: type) -> dict[str, Any]:
    """Return the JSON Schema object for a model class, from its fields' specs."""
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in attrs.fields(cls):
        spec: Spec | None = f.metadata.get(SPEC)
        if spec is None or not f.init:
            continue
        fragment = dict(spec.schema())
        doc = f.metadata.get("doc")
        if doc:
            fragment["description"] = doc
        props[f.name] = fragment
        if f.default is attrs.NOTHING:
            required.append(f.name)
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out
