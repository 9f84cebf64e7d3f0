"""Field specifications shared by the model's validation and its JSON Schema.

Each model field carries a :class:`Spec` in its attrs metadata. The spec checks a value (returning
every problem, never raising) and describes itself as a JSON Schema fragment, so that the rules the
model enforces and the schema the file format publishes cannot drift apart.

Converters (``to_*``) are lenient: they turn obviously intended input into the field's type
(``"nonprofit"`` into ``Sector.NONPROFIT``, a list into a tuple, an ISO string into a ``date``) and
return anything else unchanged, so that the spec reports it together with every other problem of
the object instead of failing on the first.
"""

from __future__ import annotations

import abc
import datetime as dt
import difflib
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from ..errors import ValidationError, did_you_mean, join_path
from ._frozen import FrozenMap

E = TypeVar("E", bound=enum.Enum)

Problems = list[tuple[str, str]]

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
        """Return every problem of ``value`` as ``(relative path, message)`` pairs."""

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
            return [("", f"expected {self.what}, got {describe(value)}")]
        if not self.empty_ok and not value.strip():
            return [("", f"expected {self.what}, got an empty string")]
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
            return [("", f"expected a number, got {describe(value)}")]
        if math.isnan(value) or math.isinf(value):
            return [("", f"expected a finite number, got {value!r}")]
        bad = (
            (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
            or (self.exclusive_minimum is not None and value <= self.exclusive_minimum)
            or (self.exclusive_maximum is not None and value >= self.exclusive_maximum)
        )
        if bad:
            return [("", f"expected a number in {self._range_text()}, got {value!r}")]
        if self.nonzero and value == 0:
            return [("", "expected a non-zero number, got 0 (leave the entry out instead)")]
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
        return [("", f"expected one of {listed}; got {describe(value)}{hint}")]

    def schema(self) -> dict[str, Any]:
        return {"enum": [m.value for m in self.enum]}


@attrs.frozen
class Date(Spec):
    """A calendar date (``datetime.date``; ISO 8601 ``YYYY-MM-DD`` in files)."""

    def check(self, value: Any) -> Problems:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return []
        return [("", f"expected a date (YYYY-MM-DD), got {describe(value)}")]

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


@attrs.frozen
class Optional(Spec):
    """``None`` or a value valid for ``inner``."""

    inner: Spec

    def check(self, value: Any) -> Problems:
        return [] if value is None else self.inner.check(value)

    def schema(self) -> dict[str, Any]:
        return self.inner.schema()


@attrs.frozen
class Items(Spec):
    """A sequence (tuple in the model, list in files) of values valid for ``item``."""

    item: Spec
    unique: bool = True
    min_items: int = 0
    what: str = "a list"

    def check(self, value: Any) -> Problems:
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            return [("", f"expected {self.what}, got {describe(value)}")]
        problems: Problems = []
        if len(value) < self.min_items:
            problems.append(("", f"expected at least {self.min_items} item(s), got none"))
        seen: set[Any] = set()
        for i, v in enumerate(value):
            problems.extend((join_path(f"[{i}]", p), m) for p, m in self.item.check(v))
            if self.unique:
                try:
                    if v in seen:
                        problems.append((f"[{i}]", f"duplicate entry {describe(v)}"))
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
            return [("", f"expected a mapping, got {describe(value)}")]
        problems: Problems = []
        for k, v in value.items():
            name = k.value if isinstance(k, enum.Enum) else k
            where = f"[{name!r}]" if isinstance(name, str) else f"[{describe(name)}]"
            problems.extend((where, f"key: {m}") for _, m in self.key.check(k))
            problems.extend((join_path(where, p), m) for p, m in self.value.check(v))
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
        return [("", f"expected {self.cls.__name__}, got {describe(value)}")]

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


def field_problems(cls: type, values: Mapping[str, Any], *, skip: Iterable[str] = ()) -> Problems:
    """Check ``values`` against the specs of ``cls``'s fields; return every problem."""
    skipped = set(skip)
    problems: Problems = []
    for f in attrs.fields(cls):
        if f.name in skipped or f.name not in values:
            continue
        spec: Spec | None = f.metadata.get(SPEC)
        if spec is not None:
            problems.extend((join_path(f.name, p), m) for p, m in spec.check(values[f.name]))
    return problems


def cross_problems(cls: type, values: Mapping[str, Any]) -> Problems:
    """Run the class's rules across fields (``start <= end``, no self-ties...).

    The rules are written for valid field values; a rule that trips over an invalid one (already
    reported by the field checks) is skipped.
    """
    rule = getattr(cls, "_cross_problems", None)
    if rule is None:
        return []
    try:
        return list(rule(values))
    except (TypeError, KeyError, AttributeError, ValueError):
        return []


def validate_instance(obj: Any) -> None:
    """Validate a model object after attrs built it: field specs plus the class's own rules.

    Raises
    ------
    ValidationError
        With every problem of the object, paths relative to it.
    """
    cls = type(obj)
    values = {f.name: getattr(obj, f.name) for f in attrs.fields(cls)}
    problems = field_problems(cls, values) + cross_problems(cls, values)
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
