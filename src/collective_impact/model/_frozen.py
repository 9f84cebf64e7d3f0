"""An immutable, hashable mapping that compares by value."""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar, overload

K = TypeVar("K")
V = TypeVar("V")

__all__ = ["FrozenMap"]


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that keeps insertion order, hashes, and equals any equal mapping.

    Model classes store their mappings (``Activity.contributes``, ``Indicator.drives``,
    ``Backbone.staff``...) as ``FrozenMap`` so that a frozen model object cannot be changed through
    a dict it holds, and so that model objects stay hashable.

    Examples
    --------
    >>> m = FrozenMap({"k-ready": 0.8})
    >>> m["k-ready"]
    0.8
    >>> m == {"k-ready": 0.8}
    True
    >>> hash(m) == hash(FrozenMap({"k-ready": 0.8}))
    True
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    @overload
    def __init__(self) -> None: ...
    @overload
    def __init__(self, data: Mapping[K, V]) -> None: ...
    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data = dict(data) if data is not None else {}
        self._hash = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))

    @classmethod
    def _of_dicts(cls, dicts: Sequence[Mapping[K, V]]) -> list[FrozenMap[K, V]]:
        """Return a map of each of ``dicts`` (copied), built at once: for loading many.

        Parameters
        ----------
        dicts
            The mappings to freeze.

        Returns
        -------
        list of FrozenMap
            ``[FrozenMap(d) for d in dicts]``, built without calling ``__init__`` for each.

        Examples
        --------
        >>> FrozenMap._of_dicts([{"k-ready": 0.8}, {}])
        [FrozenMap({'k-ready': 0.8}), FrozenMap({})]
        """
        new = object.__new__
        maps: list[FrozenMap[K, V]] = [new(cls) for _ in range(len(dicts))]
        collections.deque(map(_DATA.__set__, maps, map(dict, dicts)), maxlen=0)
        collections.deque(map(_HASH.__set__, maps, itertools.repeat(None)), maxlen=0)
        return maps

    def to_dict(self) -> dict[K, V]:
        """Return a new, mutable ``dict`` with the same items.

        Returns
        -------
        dict
            A shallow copy of the mapping's items, in insertion order; changing it leaves the
            ``FrozenMap`` as it was.

        Examples
        --------
        >>> d = FrozenMap({"k-ready": 0.8, "grad-rate": 0.2}).to_dict()
        >>> d["k-ready"] = 1.0
        >>> d
        {'k-ready': 1.0, 'grad-rate': 0.2}
        """
        return dict(self._data)


#: The slots of :class:`FrozenMap`, set directly by :meth:`FrozenMap._of_dicts`.
_DATA: Any = FrozenMap.__dict__["_data"]
_HASH: Any = FrozenMap.__dict__["_hash"]
