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

from collections.abc import Mapping
from typing import Any

import attrs

from ..model import Activity, FrozenMap, Initiative, Observation, Tie

__all__ = ["canonical"]

#: Fields whose order carries meaning and is kept (beyond the first entry, see module doc).
_LEAD_FIRST = {(Activity, "partners")}


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


def _canonical_value(owner: type, name: str, value: Any) -> Any:
    if isinstance(value, tuple):
        items = tuple(_canonical_object(v) for v in value)
        if (owner, name) in _LEAD_FIRST and items:
            return (items[0], *sorted(items[1:], key=_sort_key))
        return tuple(sorted(items, key=_sort_key))
    if isinstance(value, FrozenMap):
        return FrozenMap({k: _canonical_object(value[k]) for k in sorted(value, key=str)})
    if isinstance(value, Mapping):
        return {k: _canonical_object(value[k]) for k in sorted(value, key=str)}
    return _canonical_object(value)


def _canonical_object(obj: Any) -> Any:
    if not attrs.has(type(obj)):
        return obj
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        if not field.init:
            continue
        value = getattr(obj, field.name)
        new = _canonical_value(type(obj), field.name, value)
        if new is not value and not _same_order(new, value):
            changes[field.alias or field.name] = new
    return attrs.evolve(obj, **changes) if changes else obj


def _same_order(a: Any, b: Any) -> bool:
    """Whether two values are equal *in order* (mappings compare their key order too)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return list(a.items()) == list(b.items())
    if isinstance(a, tuple) and isinstance(b, tuple):
        pairs = zip(a, b, strict=True)
        return len(a) == len(b) and all(x is y or _same_order(x, y) for x, y in pairs)
    if attrs.has(type(a)) and type(a) is type(b):
        return all(
            _same_order(getattr(a, f.name), getattr(b, f.name))
            for f in attrs.fields(type(a))
            if f.init
        )
    return bool(a == b)


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
