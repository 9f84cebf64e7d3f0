"""Preconditions for collective impact: champions, funding, urgency."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from ._calendar import months_later
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
    """How urgent the community considers the problem.

    Examples
    --------
    An urgency of ``medium`` or ``high`` is one of the preconditions the phase report checks:

    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> init.conditions.urgency
    <Urgency.HIGH: 'high'>
    >>> ci.assess(init).phase.preconditions.urgency
    'high'
    """

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

    def funding_years(self, as_of: dt.date) -> float | None:
        r"""Return the calendar years of funding secured after ``as_of`` (``None`` if unknown).

        Years are counted on the calendar, as grants run: funding secured until the same day
        :math:`y` years later is exactly :math:`y` years, whether or not a 29 February lies
        between (a count of days over 365.25 made a two-year grant from 1 January 2025
        1.9986 years, short of 2, and one from 1 June 2023 2.0014). With :math:`A(k)` the date
        :math:`k` calendar years after ``as_of`` (29 February becoming 28 February in a common
        year) and :math:`y` the largest whole number with :math:`A(y) \le` ``until``,

        .. math::

            \text{years} = y + \frac{\text{until} - A(y)}{A(y + 1) - A(y)} ,

        the days past the last anniversary over the days of that year. Negative when the
        funding ended before ``as_of``.

        Parameters
        ----------
        as_of
            The date of judgement.

        Returns
        -------
        float or None
            The years, or ``None`` without a ``funding_secured_until``.

        Examples
        --------
        >>> import datetime as dt
        >>> c = Conditions(funding_secured_until=dt.date(2027, 1, 1))
        >>> c.funding_years(dt.date(2025, 1, 1))
        2.0
        >>> c.funding_years(dt.date(2025, 7, 2))  # to 2 July 2026, then 183 days of 365
        1.5013698630136987
        >>> c.funding_years(dt.date(2028, 1, 1))
        -1.0
        """
        until = self.funding_secured_until
        if until is None:
            return None
        years = until.year - as_of.year
        last = until.toordinal()
        if months_later(as_of, 12 * years) > last:
            years -= 1
        start, end = months_later(as_of, 12 * years), months_later(as_of, 12 * (years + 1))
        return years + (last - start) / (end - start)
