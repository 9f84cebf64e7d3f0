"""Mutually reinforcing activities: what partners do, and what it contributes to."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from ..errors import Problem, ProblemCode
from ._fields import (
    IDENT,
    Date,
    Items,
    Map,
    ModelBase,
    Number,
    Optional,
    Problems,
    Rule,
    Text,
    meta,
    to_float_map,
    to_optional_date,
    to_strs,
)
from ._frozen import FrozenMap
from .labels import normalize_label

__all__ = ["Activity"]


def _end_not_before_start(values: Mapping[str, Any]) -> Problems:
    start, end = values["start"], values["end"]
    if start is not None and end is not None and start > end:
        message = f"end {end.isoformat()} is before start {start.isoformat()}"
        return [Problem("end", message, ProblemCode.INCONSISTENT)]
    return []


def _ending_before_start(columns: Mapping[str, Sequence[Any]]) -> list[int]:
    """Return the activities whose end is before their start (the suspects of the rule)."""
    pairs = zip(columns["start"], columns["end"], strict=True)
    return [j for j, (s, e) in enumerate(pairs) if s is not None and e is not None and s > e]


def _labels_once(field: str) -> Rule:
    """Return the rule that no label of ``field`` repeats another once trimmed and case-folded."""

    def check(values: Mapping[str, Any]) -> Problems:
        problems: Problems = []
        first: dict[str, str] = {}
        for j, label in enumerate(values[field]):
            key = normalize_label(label)
            if key not in first:
                first[key] = label
            else:  # an exact repeat fails the field check, so this one differs
                message = (
                    f"{label!r} repeats {first[key]!r} (labels are compared trimmed and "
                    "case-folded)"
                )
                problems.append(Problem(f"{field}[{j}]", message, ProblemCode.DUPLICATE_ENTRY))
        return problems

    def suspects(columns: Mapping[str, Sequence[Any]]) -> Iterable[int]:
        # Valid labels of one activity never repeat exactly; so when every label is written as
        # it is compared (trimmed, case-folded), none repeats another once compared either.
        labels = columns[field]
        if all(normalize_label(text) == text for text in set(itertools.chain(*labels))):
            return ()
        return [j for j, row in enumerate(labels) if len(row) > 1]

    return Rule(check, reads=(field,), suspects=suspects)


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
        Kept as written and compared as populations and places are (trimmed, case-folded and
        in one Unicode form), so ``"Family-Support"`` and ``"family-support "`` are one
        strategy.
    contributes
        ``{indicator id: c}`` with ``c`` in [-1, 1], non-zero: how strongly (and in which
        direction) the activity moves each indicator. Negative values push against the
        indicator's desired direction.
    populations, places
        Whom and where it serves; empty means "unspecified". Labels are kept as written and
        compared trimmed and case-folded; when the initiative declares a vocabulary of
        populations (or places), each must be one of its labels.
    start, end
        When it runs, if known; ``start <= end``. An assessment scores the activity only on a
        date of judgement from ``start`` to ``end`` (see
        :mod:`~collective_impact.analysis.running`).

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

    _rules: ClassVar[tuple[Rule, ...]] = (
        Rule(_end_not_before_start, reads=("start", "end"), suspects=_ending_before_start),
        _labels_once("populations"),
        _labels_once("places"),
    )
