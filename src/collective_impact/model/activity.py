"""Mutually reinforcing activities: what partners do, and what it contributes to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from ._fields import (
    IDENT,
    Date,
    Items,
    Map,
    ModelBase,
    Number,
    Optional,
    Problems,
    Text,
    meta,
    to_float_map,
    to_optional_date,
    to_strs,
)
from ._frozen import FrozenMap
from .labels import normalize_label

__all__ = ["Activity"]


@attrs.frozen(kw_only=True)
class Activity(ModelBase):
    """Something one or more partners do as part of the initiative.

    Parameters
    ----------
    id
        Unique among activities.
    name
        Its name for people.
    partners
        Ids of the partners that carry it out; the first is the *lead* partner. At least one.
    strategy
        The strategy of the common agenda it implements (a free label such as
        ``"family-support"``); activities with the same strategy can duplicate each other.
    contributes
        ``{indicator id: c}`` with ``c`` in [-1, 1], non-zero: how strongly (and in which
        direction) the activity moves each indicator. Negative values push against the
        indicator's desired direction.
    populations, places
        Whom and where it serves; empty means "unspecified". Labels are kept as written and
        compared trimmed and case-folded; when the initiative declares a vocabulary of
        populations (or places), each must be one of its labels.
    start, end
        When it runs, if known; ``start <= end``.

    Raises
    ------
    ValidationError
        Listing every invalid field, ``start`` after ``end``, and a population or place listed
        twice once trimmed and case-folded.

    Examples
    --------
    >>> a = Activity(id="home-visits", name="Nurse home visiting", partners=["health-dept"],
    ...              contributes={"k-ready": 0.8})
    >>> a.lead, a.contributes["k-ready"]
    ('health-dept', 0.8)
    """

    id: str = attrs.field(metadata=meta(IDENT, "Unique id of the activity."))
    name: str = attrs.field(metadata=meta(Text(), "Name of the activity."))
    partners: tuple[str, ...] = attrs.field(
        converter=to_strs,
        metadata=meta(
            Items(IDENT, min_items=1), "Ids of the partners carrying it out; the first leads."
        ),
    )
    strategy: str | None = attrs.field(
        default=None, metadata=meta(Optional(Text()), "Strategy of the agenda it implements.")
    )
    contributes: FrozenMap[str, float] = attrs.field(
        factory=FrozenMap,
        converter=to_float_map,
        metadata=meta(
            Map(IDENT, Number(minimum=-1.0, maximum=1.0, nonzero=True)),
            "Contribution to each indicator, in [-1, 1] and non-zero.",
        ),
    )
    populations: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_strs,
        metadata=meta(Items(Text()), "Populations served; empty means unspecified."),
    )
    places: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_strs,
        metadata=meta(Items(Text()), "Places served; empty means unspecified."),
    )
    start: dt.date | None = attrs.field(
        default=None,
        converter=to_optional_date,
        metadata=meta(Optional(Date()), "First day (YYYY-MM-DD)."),
    )
    end: dt.date | None = attrs.field(
        default=None,
        converter=to_optional_date,
        metadata=meta(Optional(Date()), "Last day (YYYY-MM-DD), not before start."),
    )

    @property
    def lead(self) -> str:
        """Id of the lead partner (the first listed)."""
        return self.partners[0]

    @staticmethod
    def _cross_problems(values: Mapping[str, Any]) -> Problems:
        problems: Problems = []
        start, end = values["start"], values["end"]
        if start is not None and end is not None and start > end:
            problems.append(("end", f"end {end.isoformat()} is before start {start.isoformat()}"))
        for field in ("populations", "places"):
            labels = values[field]
            first: dict[str, str] = {}
            for j, label in enumerate(labels if isinstance(labels, tuple | list) else ()):
                if not isinstance(label, str) or not label.strip():
                    continue  # reported by the field check
                key = normalize_label(label)
                if key not in first:
                    first[key] = label
                elif first[key] != label:  # an exact repeat is reported by the field check
                    problems.append(
                        (
                            f"{field}[{j}]",
                            f"{label!r} repeats {first[key]!r} (labels are compared trimmed "
                            "and case-folded)",
                        )
                    )
        return problems
