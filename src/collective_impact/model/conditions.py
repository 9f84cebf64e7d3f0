"""Preconditions for collective impact: champions, funding, urgency."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._fields import (
    IDENT,
    Choice,
    Date,
    Items,
    ModelBase,
    Optional,
    coerce_enum,
    meta,
    to_optional_date,
    to_strs,
)

__all__ = ["Conditions", "Urgency"]


class Urgency(enum.StrEnum):
    """How urgent the community considers the problem."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def _to_urgency(value: Urgency | str | None) -> Urgency | None:
    return None if value is None else coerce_enum(Urgency, value)


@attrs.frozen(kw_only=True)
class Conditions(ModelBase):
    """The three preconditions of collective impact (Hanleybrown, Kania & Kramer 2012).

    Parameters
    ----------
    champions
        Ids of the partners acting as influential champions.
    funding_secured_until
        The date until which the effort's funding is secured, if known.
    urgency
        :class:`Urgency` for change, if known.

    Examples
    --------
    >>> Conditions(champions=["united-way"], urgency="high").urgency
    <Urgency.HIGH: 'high'>
    """

    champions: tuple[str, ...] = attrs.field(
        default=(), converter=to_strs, metadata=meta(Items(IDENT), "Ids of champion partners.")
    )
    funding_secured_until: dt.date | None = attrs.field(
        default=None,
        converter=to_optional_date,
        metadata=meta(Optional(Date()), "Date until which funding is secured (YYYY-MM-DD)."),
    )
    urgency: Urgency | None = attrs.field(
        default=None,
        converter=_to_urgency,
        metadata=meta(Optional(Choice(Urgency)), "Urgency for change."),
    )
