"""Typed decoding of the native JSON format: the model's flat classes as ``msgspec`` structs.

Loading a large JSON file spends most of its time turning the parsed tree into the model: a dict
per activity is parsed, then read key by key, field by field. With ``msgspec`` (the extra
``fast``) the parser instead fills a struct per object of the flat classes (every class whose
fields are texts, numbers, lists of texts and maps of numbers: partners, goals, labels,
activities, ties, working groups), checking the JSON type of every value and refusing any key
the class does not have as it parses; :func:`~._convert.structure_many` then reads each field of
every struct in one pass, and the model is built from those values with the converters and
checks of the standard path.

The struct of a class accepts a **subset** of what the standard path accepts, and gives the same
values: a field's JSON type is that of the value the standard path reads (``int | float`` for a
number, so that ``1`` stays ``1`` for the converter; a text for a date or a choice; a list of
texts is read as a tuple, which the converter makes of the list anyway), and a field left out is
:data:`UNSET`, which structuring reads as left out. Anything else (a value of another
JSON type, a key the class does not have, a problem found in any object) makes the caller load
the document the standard way, which decides and words every problem as before
(:exc:`Refused`). A problem of the whole document met once every object reads well (an unknown
reference, a repeated id) is raised where it is found: the objects are those of the standard
path, and so are its problems, which the standard path looked for again before.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Sequence
from typing import Any

import attrs

from .._imports import optional
from ._frozen import FrozenMap

__all__ = [
    "DECODE_ERRORS",
    "UNSET",
    "Refused",
    "as_tree",
    "colons_written",
    "decoder",
    "encode",
    "struct_of",
    "typed_rows",
]


#: ``msgspec`` when installed (the extra ``fast``).
msgspec: Any = optional("msgspec")


class _Unset:
    """Stands for :data:`msgspec.UNSET` when ``msgspec`` is not installed (never met then)."""


#: A field left out of a struct.
UNSET: Any = msgspec.UNSET if msgspec is not None else _Unset()


class Refused(Exception):
    """A typed section holds an object with a problem: the standard path must load the document.

    Raised by :func:`~._convert.structure_many` on structs, so that every problem is found and
    worded by the standard path, with its words and paths, whichever path met it first.
    """


_NUMBER = int | float  # what the standard path reads for a JSON number (no bool)


def _json_type(hint: Any) -> Any:
    """Return the ``msgspec`` type of a JSON value the standard path reads as ``hint``.

    ``None`` when the hint is not one of a flat class's (the class then has no struct).
    """
    origin = typing.get_origin(hint)
    if hint is str or hint is dt.date:
        return str
    if hint is float:
        return _NUMBER
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return str if all(isinstance(m.value, str) for m in hint) else None
    if origin is types.UnionType or origin is typing.Union:
        args = typing.get_args(hint)
        if type(None) not in args or len(args) != 2:
            return None
        inner = _json_type(next(a for a in args if a is not type(None)))
        return None if inner is None else inner | None
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) != 2 or args[1] is not Ellipsis or _json_type(args[0]) is not str:
            return None
        return tuple[str, ...]
    if origin is FrozenMap and typing.get_args(hint) == (str, float):
        return dict[str, _NUMBER]
    return None


def struct_of(cls: type) -> Any:
    """Return the ``msgspec`` struct of model class ``cls``; ``None`` when it has none.

    A class has a struct when ``msgspec`` is installed and every field it is built from has a
    JSON type (:func:`_json_type`). Each field is keyword-only; an optional field defaults to
    :data:`UNSET`. Unknown keys are refused; the structs are not tracked by the garbage collector
    (they hold only texts, numbers, tuples and dicts of numbers: no cycle).
    """
    return None if msgspec is None else _struct_of(cls)


@functools.cache
def _struct_of(cls: type) -> Any:
    hints = typing.get_type_hints(cls)
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for f in attrs.fields(cls):
        if not f.init:
            continue
        kind = _json_type(hints[f.name])
        if kind is None or f.alias != f.name:
            return None
        if f.default is attrs.NOTHING:
            fields.append((f.name, kind))
        else:
            fields.append((f.name, kind | msgspec.UnsetType, UNSET))
    return msgspec.defstruct(
        f"_{cls.__name__}Struct",
        fields,
        kw_only=True,
        forbid_unknown_fields=True,
        omit_defaults=True,
        gc=False,
    )


def decoder(sections: tuple[tuple[str, type], ...], keys: tuple[str, ...]) -> Any:
    """Return a decoder of a whole document: the keys ``keys``, typed sections where possible.

    ``sections`` pairs each section (a list of objects) with its model class; a section whose
    class has a struct (:func:`struct_of`) is read as a list of them, every other key as any
    JSON value. Unknown keys are refused. ``None`` without ``msgspec``.
    """
    return None if msgspec is None else _decoder(sections, keys)


@functools.cache
def _decoder(sections: tuple[tuple[str, type], ...], keys: tuple[str, ...]) -> Any:
    typed = {name: struct_of(cls) for name, cls in sections}
    sequence: Any = list  # of a struct made at run time
    fields = [
        (name, Any if typed.get(name) is None else sequence[typed[name]] | msgspec.UnsetType, UNSET)
        for name in keys
    ]
    document = msgspec.defstruct(
        "_DocumentStruct", fields, kw_only=True, forbid_unknown_fields=True, omit_defaults=True
    )
    return msgspec.json.Decoder(document)


def typed_rows(rows: Sequence[Any], cls: type) -> bool:
    """Whether ``rows`` are structs of ``cls`` (:func:`struct_of`), not trees."""
    if not rows or type(rows[0]) is dict:
        return False
    struct = struct_of(cls)
    return struct is not None and set(map(type, rows)) == {struct}


def as_tree(document: Any) -> dict[str, Any]:
    """Return the keys given in a decoded document (:func:`decoder`) as a dict, in field order."""
    names: Sequence[str] = document.__struct_fields__
    values = [getattr(document, name) for name in names]
    return {name: v for name, v in zip(names, values, strict=True) if v is not UNSET}


def encode(document: Any) -> bytes:
    """Return a decoded document written back as JSON (keys left out stay out)."""
    return msgspec.json.encode(document)  # type: ignore[no-any-return]


#: The objects of a section :func:`colons_written` writes back at a time.
_WRITTEN_AT_ONCE = 1000


def colons_written(document: Any) -> int:
    """Return how many colons a decoded document has written back (:func:`encode`).

    As ``encode(document).count(b":")``, without writing the whole document at once (a copy as
    long as its text, paged in at first touch): the long sections (lists) are written a slice
    of objects at a time into one buffer, and the rest with those sections empty; the colons of
    a JSON array are those of its items.
    """
    encoder = msgspec.json.Encoder()
    buffer = bytearray()
    total = 0
    emptied: dict[str, list[Any]] = {}
    for name in document.__struct_fields__:
        items = getattr(document, name)
        if type(items) is list and len(items) > _WRITTEN_AT_ONCE:
            emptied[name] = []
            for lo in range(0, len(items), _WRITTEN_AT_ONCE):
                encoder.encode_into(items[lo : lo + _WRITTEN_AT_ONCE], buffer)
                total += buffer.count(b":")
    rest = msgspec.structs.replace(document, **emptied) if emptied else document
    return total + encoder.encode(rest).count(b":")  # type: ignore[no-any-return]


#: What decoding may raise on a document the standard path must decide.
DECODE_ERRORS: tuple[type[BaseException], ...] = (
    (msgspec.MsgspecError, RecursionError) if msgspec is not None else (RecursionError,)
)
