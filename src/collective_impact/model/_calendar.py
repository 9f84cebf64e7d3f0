"""Calendar arithmetic: dates moved by whole calendar months, as grants and reports run.

One rule for every count of months or years on the calendar, so that the years of funding
(:meth:`~collective_impact.Conditions.funding_years`) and the reporting periods after which an
indicator is stale (:func:`~collective_impact.analysis.measurement.fresh_until`) cannot drift
apart: a count of days over 365.25 (or 30.4375) made the same span of the calendar longer or
shorter than its length by a leap day or a short month.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["months_later"]

#: Days in 400 Gregorian years: the calendar repeats itself, leap years included.
_DAYS_IN_400_YEARS = 146_097


def months_later(day: dt.date, months: int, *, month_end: bool = False) -> int:
    """Return the ordinal of ``day`` moved by ``months`` calendar months (back when negative).

    The day of the month is kept, and becomes the last day of a month too short to hold it:
    31 January and 1 month is 28 February (29 in a leap year), 29 February and 12 months is
    28 February of a common year. With ``month_end``, the last day of a month moves to the last
    day of the month reached (the end-of-month rule): 30 June and 6 months is 31 December, not
    30 December, and 28 February 2025 and 1 month is 31 March, so that a span of whole months
    from one month's end always ends on a month's end.

    An ordinal (:meth:`datetime.date.toordinal`), not a date: a day moved beyond the years a
    date holds (after 9999 or before year 1) is counted from the same day 400 years nearer,
    as the calendar repeats itself every 400 years.

    Parameters
    ----------
    day
        The date to move.
    months
        The calendar months to move it by.
    month_end
        Whether the last day of a month stays the last day of a month.

    Returns
    -------
    int
        The ordinal of the date reached.

    Examples
    --------
    >>> import datetime as dt
    >>> def later(day, months, **kw):
    ...     return dt.date.fromordinal(months_later(day, months, **kw)).isoformat()
    >>> later(dt.date(2025, 1, 31), 1), later(dt.date(2024, 1, 31), 1)
    ('2025-02-28', '2024-02-29')
    >>> later(dt.date(2025, 6, 30), 6), later(dt.date(2025, 6, 30), 6, month_end=True)
    ('2025-12-30', '2025-12-31')
    >>> later(dt.date(2024, 2, 29), 12), later(dt.date(2025, 2, 28), 36, month_end=True)
    ('2025-02-28', '2028-02-29')
    >>> months_later(dt.date(9999, 12, 31), 1) - dt.date.max.toordinal()
    31
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    shift = 0
    if year > dt.MAXYEAR:
        cycles = -(-(year - dt.MAXYEAR) // 400)
        year, shift = year - 400 * cycles, cycles * _DAYS_IN_400_YEARS
    elif year < dt.MINYEAR:
        cycles = -(-(dt.MINYEAR - year) // 400)
        year, shift = year + 400 * cycles, -cycles * _DAYS_IN_400_YEARS
    last = calendar.monthrange(year, month + 1)[1]
    at_end = month_end and day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if at_end else min(day.day, last)).toordinal() + shift
