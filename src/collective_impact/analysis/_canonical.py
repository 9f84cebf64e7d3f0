"""The canonical form of an initiative: every list in one order that does not depend on input.

Floating-point sums depend on the order of their terms, and a sum that differs in its last digit
can flip a result at a threshold (a cosine of 0.8 against 0.7999999999999999 decides a
``duplication`` gap). So every analysis runs on the canonical form: lists of objects with an id
sorted by id, ties by (source, target, kind), observations by (date, group, reporter, value),
lists of ids and mappings by id. The one ordered list of the model is an activity's
``partners``, whose first entry is its lead: the lead stays first and the others are sorted.

Two initiatives that differ only in the order of their lists (nested ones included) have the same
canonical form, so every result computed from it is bit-identical.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Mapping, Sequence, Sized
from typing import Any

import attrs

from ..model import Activity, FrozenMap, Initiative, Observation, Tie
from ..model._fields import (
    SPEC,
    Choice,
    Date,
    Number,
    Optional,
    Spec,
    Text,
    evolve_many,
    evolve_trusted,
)

__all__ = ["canonical"]

#: Fields whose order carries meaning and is kept (beyond the first entry, see module doc).
_LEAD_FIRST = {(Activity, "partners")}

#: Specs whose values are single texts, numbers, choices or dates: never reordered.
_ATOMIC_SPECS = (Text, Number, Choice, Date)


def _observation_key(o: Observation) -> tuple[Any, ...]:
    return (o.date, o.group or "", o.reported_by or "", o.value)


def _tie_key(t: Tie) -> tuple[Any, ...]:
    return (t.source, t.target, str(t.kind), t.strength)


def _sort_key(item: Any) -> Any:
    if isinstance(item, Observation):
        return _observation_key(item)
    if isinstance(item, Tie):
        return _tie_key(item)
    if attrs.has(type(item)) and hasattr(item, "id"):
        return str(item.id)
    return str(item)


def _holds_lists(spec: Spec | None) -> bool:
    """Whether a field with this spec may hold a list, a mapping or an object (to reorder)."""
    while isinstance(spec, Optional):
        spec = spec.inner
    return not isinstance(spec, _ATOMIC_SPECS)


def _reordered_fields(cls: type) -> tuple[str, ...]:
    """Return the fields of ``cls`` that may need reordering (none for a class not of attrs)."""
    found = _REORDERED.get(cls)
    if found is None:
        fields = attrs.fields(cls) if attrs.has(cls) else ()
        found = tuple(f.name for f in fields if f.init and _holds_lists(f.metadata.get(SPEC)))
        _REORDERED[cls] = found
    return found


_REORDERED: dict[type, tuple[str, ...]] = {}


#: Values with nothing inside to reorder.
_ATOMS = frozenset({str, int, float, bool, type(None)})


def _ascending(keys: Sequence[Any]) -> bool:
    """Whether ``keys`` never decrease: then a stable sort leaves their order as it is."""
    return all(map(operator.le, keys, keys[1:]))


def _key_of(cls: type) -> Any:
    """Return the sort key of the objects (or values) of type ``cls``."""
    if cls is Observation:
        return _observation_key
    if cls is Tie:
        return _tie_key
    if cls is str:
        return None
    if attrs.has(cls) and "id" in attrs.fields_dict(cls):
        return _ID
    return str


_ID = operator.attrgetter("id")


def _sorted_tuple(items: Sequence[Any], lead_first: bool) -> tuple[Any, ...] | None:
    """Return ``items`` in canonical order, or ``None`` when they already are."""
    kinds = set(map(type, items))
    key = _key_of(kinds.pop()) if len(kinds) == 1 else _sort_key
    rest = items[1:] if lead_first else items
    keys = rest if key is None else list(map(key, rest))
    if _ascending(keys):
        return None
    ordered = sorted(rest, key=key)
    return (items[0], *ordered) if lead_first else tuple(ordered)


def _canonical_value(owner: type, name: str, value: Any) -> Any:
    """Return ``value`` in canonical order: ``value`` itself when it already is."""
    if isinstance(value, tuple):
        if not value:
            return value
        kinds = set(map(type, value))
        if kinds <= _ATOMS:
            items: Sequence[Any] = value
        elif len(kinds) == 1 and attrs.has(kinds.copy().pop()):
            items = _canonical_objects(value)
        else:
            items = [_canonical_object(v) for v in value]
        ordered = _sorted_tuple(items, (owner, name) in _LEAD_FIRST and bool(items))
        if ordered is None:
            if items is value or all(map(operator.is_, items, value)):
                return value
            return tuple(items)
        return ordered
    if isinstance(value, Mapping):
        keys = list(value)
        entries = [value[k] for k in keys]
        if not set(map(type, entries)) <= _ATOMS:
            entries = [_canonical_object(v) for v in entries]
        if _ascending(list(map(str, keys))) and all(map(operator.is_, entries, value.values())):
            return value
        pairs = sorted(zip(keys, entries, strict=True), key=lambda pair: str(pair[0]))
        return FrozenMap(dict(pairs)) if isinstance(value, FrozenMap) else dict(pairs)
    return _canonical_object(value)


def _canonical_objects(objects: Sequence[Any]) -> list[Any]:
    """Return the canonical form of each of many objects of one class.

    Each field is looked at for every object at once: a list of texts is in order when
    sorting it changes nothing, a map when sorting its keys changes nothing (texts sort as
    their ``str()`` does, as :func:`_canonical_value` sorts them), found in a few passes in C.
    The objects found out of order get their sorted lists and maps in one pass per field and
    are rebuilt once each, with all their changes, field by field
    (:func:`~collective_impact.model._fields.evolve_many`); every object goes through
    :func:`_canonical_object` instead when a field holds anything else.
    """
    cls = type(objects[0])
    changes: dict[str, dict[int, Any]] = {}
    for name in _reordered_fields(cls):
        column = list(map(operator.attrgetter(name), objects))
        kinds = set(map(type, column))
        if kinds <= _TUPLE and set(map(type, itertools.chain.from_iterable(column))) <= _STR:
            lead_first = (cls, name) in _LEAD_FIRST
            # only lists with two entries to order (beyond a lead) can be out of order
            at = _longer(column, 2 if lead_first else 1)
            rest = [column[j][1:] if lead_first else column[j] for j in at]
            texts = list(map(list, rest))
            ordered = list(map(sorted, texts))
            changes[name] = {
                at[k]: (column[at[k]][0], *ordered[k]) if lead_first else tuple(ordered[k])
                for k in itertools.compress(range(len(at)), map(operator.ne, ordered, texts))
            }
        elif kinds <= _FROZEN_MAP:
            dicts = list(map(_CONTENTS, column))
            entries = itertools.chain.from_iterable(map(dict.values, dicts))
            if (
                not set(map(type, itertools.chain.from_iterable(dicts))) <= _STR
                or not set(map(type, entries)) <= _ATOMS
            ):
                return [_canonical_object(obj) for obj in objects]
            at = _longer(dicts, 1)
            keys = [list(dicts[j]) for j in at]
            ordered = list(map(sorted, keys))
            changes[name] = {
                at[k]: FrozenMap({key: dicts[at[k]][key] for key in ordered[k]})
                for k in itertools.compress(range(len(at)), map(operator.ne, ordered, keys))
            }
        else:
            return [_canonical_object(obj) for obj in objects]
    return evolve_many(objects, changes)


def _longer(sized: Sequence[Sized], than: int) -> list[int]:
    """Return the positions of the items of ``sized`` longer than ``than``, ascending."""
    longer = map(operator.gt, map(len, sized), itertools.repeat(than))
    return list(itertools.compress(range(len(sized)), longer))


_STR = frozenset({str})
_TUPLE = frozenset({tuple})
_FROZEN_MAP = frozenset({FrozenMap})
_CONTENTS = operator.attrgetter("_data")  # the dict inside a FrozenMap, read without a copy


def _canonical_object(obj: Any) -> Any:
    """Return ``obj`` with its lists in canonical order: ``obj`` itself when they already are.

    Reordering the lists of a valid object leaves it valid, so the reordered object is built
    without checking it again (:func:`~collective_impact.model._fields.evolve_trusted`).
    """
    cls = type(obj)
    changes: dict[str, Any] = {}
    for name in _reordered_fields(cls):
        value = getattr(obj, name)
        new = _canonical_value(cls, name, value)
        if new is not value:
            changes[name] = new
    if not changes:
        return obj
    if cls is Initiative:
        values = {f.name: getattr(obj, f.name) for f in attrs.fields(cls) if f.init}
        return Initiative._trusted({**values, **changes})
    return evolve_trusted(obj, changes)


def canonical(initiative: Initiative) -> Initiative:
    """Return ``initiative`` with every list in canonical order (itself when already so).

    Parameters
    ----------
    initiative
        Any initiative.

    Returns
    -------
    Initiative
        An equal initiative up to the order of its lists: objects with ids sorted by id, ties
        by (source, target, kind), observations by (date, group, reporter, value), ids and
        mappings sorted, an activity's lead partner kept first.

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> shuffled = init.evolve(partners=init.partners[::-1], activities=init.activities[::-1])
    >>> canonical(shuffled) == canonical(init)
    True
    >>> [p.id for p in canonical(init).partners] == sorted(p.id for p in init.partners)
    True
    """
    result: Initiative = _canonical_object(initiative)
    return result
