"""Continuous communication: ties between partners, and working groups."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._fields import (
    IDENT,
    Choice,
    Items,
    ModelBase,
    Number,
    Problems,
    Text,
    coerce_enum,
    meta,
    to_float,
    to_strs,
)

__all__ = ["Tie", "TieKind", "WorkingGroup"]


class TieKind(enum.StrEnum):
    """What flows along a tie between two partners."""

    COMMUNICATION = "communication"
    DATA_SHARING = "data-sharing"
    FUNDING = "funding"
    REFERRAL = "referral"
    JOINT_PLANNING = "joint-planning"


def _to_tie_kind(value: TieKind | str) -> TieKind:
    return coerce_enum(TieKind, value)


@attrs.frozen(kw_only=True)
class Tie(ModelBase):
    """A working relationship from one partner to another.

    Parameters
    ----------
    source, target
        Ids of the two partners; they must differ.
    kind
        :class:`TieKind` (default ``communication``).
    strength
        In (0, 1]; 1 for a strong, regular relationship.

    Notes
    -----
    Ties are directed (a funder funds a grantee; a survey respondent rates a partner), but the
    alignment scores treat them as undirected: coordination between two partners is the strongest
    tie between them in either direction.

    Examples
    --------
    >>> Tie(source="united-way", target="schools", strength=0.8).kind
    <TieKind.COMMUNICATION: 'communication'>
    """

    source: str = attrs.field(metadata=meta(IDENT, "Id of the partner the tie starts from."))
    target: str = attrs.field(metadata=meta(IDENT, "Id of the partner the tie goes to."))
    kind: TieKind = attrs.field(
        default=TieKind.COMMUNICATION,
        converter=_to_tie_kind,
        metadata=meta(Choice(TieKind), "What flows along the tie."),
    )
    strength: float = attrs.field(
        default=1.0,
        converter=to_float,
        metadata=meta(
            Number(exclusive_minimum=0.0, maximum=1.0), "Strength of the tie, in (0, 1]."
        ),
    )

    @staticmethod
    def _cross_problems(values: Mapping[str, Any]) -> Problems:
        if values["source"] == values["target"]:
            return [("target", f"a partner cannot be tied to itself ({values['source']!r})")]
        return []


@attrs.frozen(kw_only=True)
class WorkingGroup(ModelBase):
    """A working group of partners formed around one or more goals.

    Examples
    --------
    >>> WorkingGroup(id="early", name="Early learning", members=["schools"], goals=["ready"])
    WorkingGroup(id='early', name='Early learning', members=('schools',), goals=('ready',))
    """

    id: str = attrs.field(metadata=meta(IDENT, "Unique id of the working group."))
    name: str = attrs.field(metadata=meta(Text(), "Name of the working group."))
    members: tuple[str, ...] = attrs.field(
        default=(), converter=to_strs, metadata=meta(Items(IDENT), "Ids of member partners.")
    )
    goals: tuple[str, ...] = attrs.field(
        default=(), converter=to_strs, metadata=meta(Items(IDENT), "Ids of the goals it serves.")
    )
