r"""Shared measurement: progress, trends, forecasts, status, turn-the-curve, disparities.

What the data manager of a backbone needs for each indicator, in the manner of Results-Based
Accountability [1]_. Time is measured in years (days / 365.25; on the calendar, every month a
twelfth of a year, for an indicator with a reporting frequency: :func:`_calendar_years`) and every
result is relative to a date of judgement, ``as_of`` (DESIGN §7), never to today.

The date of judgement
    :func:`resolve_as_of` picks it: the ``as_of`` argument, else the ``as_of`` the file states,
    else the latest observation or baseline (:func:`latest_date`; never a planned date or a
    target date). Observations dated after ``as_of`` are left out of every measurement (a true
    snapshot), so two snapshots of one initiative compare. An explicit ``as_of`` before every
    observation and every baseline is refused (:class:`~collective_impact.AsOfError`).

Series
    The *whole-population series* of an indicator is its observations without a ``group``; each
    group's observations form a series of their own. Repeated dates are combined: the values of
    one series on one date become one point, the mean of each reporter's report of it (a row
    entered twice is one report; summed in sorted order with :func:`math.fsum`), so every
    count :math:`n` below counts dates, not rows, and every result is the same under any
    permutation of the observations. For an indicator with a
    reporting ``frequency``, a calendar period is one point, and one rule gives its value
    (:func:`_period_points`) to the trend, the latest value, the history and the groups alike:
    each partner's latest report of the period (a revision stands for the preliminary figure),
    averaged over the partners, at the period's latest date; :math:`n` counts periods. The
    value judged against the target is the period's value too (the reports of the target's
    period dated before the target date count as the others do). With a baseline,
    trend, forecast, progress, status, completeness and disparity use the series from the
    baseline on; earlier points are the history that turn-the-curve is judged against, and
    nothing else. A whole-population value of the baseline's own date, or of its reporting
    period (:func:`baseline_until`), is the baseline again: the trend, progress and status
    read the values after it. The latest value rests on the reports in: the reporters of an
    earlier period who reported none of the latest are named
    (:attr:`IndicatorMeasurement.latest_missing_reporters`).

Trend and forecast
    Ordinary least squares on the series, :math:`y = a + b t`:
    :math:`b = S_{ty}/S_{tt}` per year. With :math:`n \ge 3` dates the forecast at
    :math:`t_0` (the target date; with a reporting frequency, where the target period's figure
    sits, :func:`forecast_date`) comes with the textbook prediction interval

    .. math::

        \hat y_0 \pm t_{1-\alpha/2,\,n-2}\; s
        \sqrt{1 + \frac{1}{n} + \frac{(t_0 - \bar t)^2}{S_{tt}}},
        \qquad s^2 = \frac{\sum (y - a - b t)^2}{n - 2}

    with :math:`1 - \alpha` = ``prediction_level`` (0.8) [2]_.

Progress
    :math:`(y_{latest} - y_{baseline}) / (y_{target} - y_{baseline})`, undefined when the target
    equals the baseline up to rounding (:math:`10^{-9}` of the larger magnitude). It is
    direction-aware by construction: for a ``decrease`` indicator both differences are negative
    when things improve.

IndicatorStatus (with :math:`\sigma = +1` for ``increase``, :math:`-1` for ``decrease``)
    With :math:`\sigma` from :attr:`Indicator.better <collective_impact.Indicator.better>`
    (the stated direction, else the one the target implies against the baseline):
    ``insufficient-data`` without a target, when the target is not beyond the baseline in the
    indicator's direction past rounding (:math:`\sigma(y_{target} - y_{baseline}) \le
    10^{-9} \max(|y_{target}|, |y_{baseline}|)`), or without
    any observation in the series; ``met`` when :math:`\sigma(y_{latest} - y_{target}) \ge 0` (then
    progress is at least 1); ``off-track`` when the value of the target date is in and the
    latest value does not meet it: a value of the target date's period or of a later one is
    in, and ``as_of`` is on or after the last day of that value's period (without a
    frequency, or with ``as_of=None``, the latest value is dated on or after the target
    date);
    ``insufficient-data`` with fewer than 3 dates; else ``on-track`` when
    :math:`\sigma(\hat y_0 - y_{target}) \ge 0` (``at-risk`` when, besides, the latest value
    is a figure so far of the target's period that misses the target), ``at-risk`` when only
    the optimistic bound of the interval reaches the target, and ``off-track`` when it does
    not.

Turn the curve
    The trend of the points before the baseline's date (its period), and the baseline itself
    (one point per reporting period, as for the trend; each weighed by its distinct reporters,
    the baseline by their mean) is the *forecast had nothing
    changed*, :math:`\hat y^{base}`, with
    :math:`\Delta = \sigma(y_{latest} - \hat y^{base}(t_{latest}))`. With at least 3 points of
    history, the curve has turned when the latest value is better than the whole
    ``prediction_level`` prediction interval of that trend at its date (the interval of the
    forecast above, with :math:`1/w_0` for the 1 under the root: :math:`w_0` the latest
    value's reporters over the history's mean, at most 1); else (a value within the interval
    or behind it) it has not, and with fewer than 3 points the verdict is ``None``:
    insufficient data.

Disparity
    The groups compared are those that report on the latest date on which at least two groups
    report (the others are named, :attr:`Disparity.left_out`: a group whose latest report is
    late is not compared at all); on each date on which all of them report, the gap
    :math:`D = \max_g y_g - \min_g y_g = \sigma(y_{best} - y_{worst})` between the best and the
    worst group (the same number for either direction, and whatever the groups are called). The
    disparity is the latest gap and the least-squares slope :math:`b_D` of the gap series
    (weighted by the distinct reporters each gap stands for, when that differs); it
    is *widening* when, on :math:`n \ge 3` dates, the one-sided test of
    :math:`H_0: \beta_D \le \delta` rejects at level ``disparity_level`` (0.1):

    .. math::

        T = \frac{b_D - \delta}{s_D / \sqrt{S_{tt}}}, \qquad
        p = P(T_{n-2} \ge T) \le \alpha_D,

    with :math:`\delta` = ``widening_threshold`` (0) [2]_. When every value compared is
    :math:`\ge 0`, the gap must also grow on a variance-stabilising scale: for an indicator
    whose ``unit`` says its values are percentages or proportions (and every value lies within
    their bounds), :math:`\arcsin\sqrt{y / \text{bound}}` [3]_ [4]_; for any other,
    :math:`\sqrt{y / q + 3/8}` [4]_ (counts, rates), the values counted in the step
    :math:`q` they were reported to (:func:`reported_rounding_sd`; 1 for values kept to full
    precision); :math:`p` is the larger of the two p-values
    (an intersection-union test [5]_). A disparity whose latest gap is as old as a
    stale measurement of the indicator (``as_of`` after the :func:`fresh_until` of its date)
    is *stale* and never widening.

Completeness and freshness
    With a reporting ``frequency``, the share of calendar periods (years, quarters or months)
    from the baseline date (else the first whole-population observation) to ``as_of`` that have
    a whole-population observation or the baseline; the period of ``as_of`` is still running
    and counts only once reported. Freshness is the number of days from the
    last measurement — an observation of any group, or the baseline, up to ``as_of`` — to
    ``as_of``: a baseline measured last month is a month old, whatever was observed before it.
    The last measurement is *stale* after :func:`fresh_until`: ``stale_after_periods``
    reporting periods counted on the calendar (two annual periods from 30 June 2022 end on
    30 June 2024, leap day or not), else ``stale_after_days`` days.

References
----------
.. [1] Friedman, M. (2005). *Trying Hard Is Not Good Enough*. Trafford.
.. [2] Montgomery, D. C., Peck, E. A. and Vining, G. G. (2012). *Introduction to Linear Regression
   Analysis*, 5th ed., §2.3.1 (tests on the slope) and §2.5 (prediction of new observations).
   Wiley.
.. [3] Bartlett, M. S. (1947). The use of transformations. *Biometrics* 3(1), 39–52.
.. [4] Anscombe, F. J. (1948). The transformation of Poisson, binomial and negative-binomial
   data. *Biometrika* 35(3–4), 246–254.
.. [5] Berger, R. L. (1982). Multiparameter hypothesis testing and acceptance sampling.
   *Technometrics* 24(4), 295–300.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import enum
import fractions
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs
import numpy as np
from numpy.typing import NDArray
from scipy import special  # Student's t without loading scipy.stats (a second of imports)

from .._checks import expect_config, expect_indicator
from ..config import ScoringConfig
from ..errors import AsOfError, ValidationError, expect_type, shown
from ..model import DatedValue, Direction, Frequency, Indicator, Initiative, Level, Observation
from ..model._calendar import months_later
from ..model._fields import evolve_trusted, parse_date
from ..model.initiative import expect_initiative
from ..model.labels import normalize_label
from ._tolerance import FLOAT_NOISE, beats, exceeds, float_noise, positive, reaches

__all__ = [
    "Disparity",
    "Forecast",
    "GroupSeries",
    "IndicatorMeasurement",
    "IndicatorStatus",
    "Trend",
    "TurnTheCurve",
    "as_date",
    "baseline_until",
    "fit_trend",
    "forecast_date",
    "fresh_until",
    "group_names",
    "known_baseline",
    "latest_date",
    "measure_indicator",
    "measured_start",
    "measurement",
    "reported_rounding_sd",
    "resolve_as_of",
]

_DAYS_PER_YEAR = 365.25


class IndicatorStatus(enum.StrEnum):
    """Whether an indicator is on its way to its target.

    The rules are in the module notes of :mod:`collective_impact.analysis.measurement` and on the
    Shared measurement page of the documentation.

    Examples
    --------
    >>> import collections
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> result.indicator("grade3-reading").status
    <IndicatorStatus.OFF_TRACK: 'off-track'>
    >>> collections.Counter(m.status.value for m in result.measurement)
    Counter({'off-track': 6, 'insufficient-data': 2, 'at-risk': 1, 'on-track': 1})
    """

    MET = "met"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    INSUFFICIENT_DATA = "insufficient-data"


def _years(day: dt.date, origin: dt.date) -> float:
    return (day.toordinal() - origin.toordinal()) / _DAYS_PER_YEAR


#: :func:`_line`'s default ``month_last``: read the convention from the points' dates.
_READ = -1

#: An indicator's usual place in a period (the month of the period and the place in the month)
#: and the time axis's reading of a month's last day there (:func:`_usual_place`).
_Place = tuple[tuple[int, int], int | None]

#: The places of a month on the calendar axis (:func:`_calendar_years`): its days 1 to 31, a
#: month's end the 31st, so that every month is one twelfth of a year, whatever its length.
_MONTH_PLACES = 31


def _month_slot(day: dt.date, month_last: int | None) -> int:
    """Return the place of ``day`` in its month on the calendar axis: 1 to 31.

    A day is its own number; a month's last day (and, under a series read by "the 28th", "the
    29th" or "the 30th", the day that convention gives in a shorter month, :func:`_gives`) is
    the place of the series' convention ``month_last``: 31, the month's end, for ``None``.
    """
    if _gives(month_last, day):
        return _MONTH_PLACES if month_last is None else month_last
    if day.day == _month_length(day.year, day.month):
        return _MONTH_PLACES
    return day.day


def _calendar_years(day: dt.date, origin: dt.date, month_last: int | None) -> float:
    r"""Return the years from ``origin`` to ``day`` on the calendar: months and places in them.

    :math:`t = (12 \Delta_{\text{year}} + \Delta_{\text{month}} + \Delta_{\text{place}} / 31)
    / 12`, with a day's place in its month from :func:`_month_slot`: every calendar month is a
    twelfth of a year and every year 1, so the figures of one place of their periods (1 March,
    or each quarter's end) are exactly a year (a quarter) apart, across leap days too. The time
    axis of a series with a reporting frequency (:attr:`Trend.month_last`); counted in days /
    365.25, 63, 67 and 71 on 1 September 2022-2024 gave 74.996 for 2025's figure, not 75.

    >>> import datetime as dt
    >>> _calendar_years(dt.date(2024, 3, 1), dt.date(2023, 3, 1), None)
    1.0
    >>> _calendar_years(dt.date(2023, 9, 30), dt.date(2023, 3, 31), None)  # two quarter ends
    0.5
    >>> _calendar_years(dt.date(2024, 2, 29), dt.date(2023, 12, 30), 30)  # "the 30th"
    0.16666666666666666
    """
    months = 12 * (day.year - origin.year) + day.month - origin.month
    places = months * _MONTH_PLACES + _month_slot(day, month_last) - _month_slot(origin, month_last)
    return places / (12 * _MONTH_PLACES)


@attrs.frozen(kw_only=True)
class Trend:
    r"""A least-squares line through dated values.

    Attributes
    ----------
    slope
        Change per year.
    intercept
        Fitted value at ``origin``.
    origin
        The date that is :math:`t = 0`: the first point's (for a line of an indicator with a
        frequency, the indicator's usual place in the first period, :func:`_placed_line`).
    n
        Number of points: distinct dates (values sharing a date are combined into their mean).
    mean_t, s_tt, residual_sd
        :math:`\bar t`, :math:`S_{tt}` and :math:`s` (``nan`` when :math:`n < 3`).
    rounding_sd
        The standard deviation of the rounding of the values, the least :math:`s` a
        prediction interval takes (:attr:`spread`): values reported to a step :math:`q` (whole
        numbers, one decimal) are each off by up to :math:`q/2`, a standard deviation of
        :math:`q/\sqrt{12}`. Three whole numbers on an exact line have :math:`s = 0` by
        rounding, not certainty. 0 when unknown.
    calendar
        Whether time is counted on the calendar (the series of an indicator with a reporting
        ``frequency``): :math:`t` is months and places in them over 12
        (:func:`_calendar_years`), so that figures of one place of their periods (1 March each
        year, each quarter's end) are exactly a year or a quarter apart. Otherwise days /
        365.25.
    month_last
        On the calendar, how the series reads a month's last day: ``None``, the month's end
        (the 31st place of every month), or 28, 29 or 30, a fixed day (28 February in a series
        of the 30th is "the 30th" of February): the convention that gives the most of the
        points exactly (:func:`_month_last`); for a line of an indicator with a frequency,
        whose points each sit at the indicator's usual place in a period, the convention that
        reads that place alike in every period (:func:`_usual_place`).

    Examples
    --------
    Third-grade reading has risen by about one point a year over the five dates since its
    baseline:

    >>> import collective_impact as ci
    >>> trend = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading").trend
    >>> round(trend.slope, 2), trend.n, trend.origin
    (1.0, 5, datetime.date(2022, 6, 30))
    """

    slope: float
    intercept: float
    origin: dt.date
    n: int
    mean_t: float
    s_tt: float
    residual_sd: float
    rounding_sd: float = 0.0
    calendar: bool = False
    month_last: int | None = None

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled trend.

        One pickled before :attr:`rounding_sd`, :attr:`calendar` and :attr:`month_last` were
        recorded reads 0, ``False`` and ``None``: its line was fitted on days / 365.25, and
        :meth:`value_at` reads it so (it raised ``AttributeError`` in the HTML report and the
        plots).
        """
        earlier = {"rounding_sd": 0.0, "calendar": False, "month_last": None}
        for name, value in {**earlier, **state}.items():
            object.__setattr__(self, name, value)

    def years(self, day: dt.date) -> float:
        """Return :math:`t`, the time from :attr:`origin` to ``day`` in years on this trend's axis.

        Days / 365.25, or on the calendar (:attr:`calendar`): a month is a twelfth of a year.

        Parameters
        ----------
        day
            Any date.

        Returns
        -------
        float
            The years from :attr:`origin` to ``day`` (negative before it).

        Examples
        --------
        >>> import datetime as dt
        >>> days = [dt.date(2023, 3, 1), dt.date(2024, 3, 1)]
        >>> fit_trend(list(zip(days, [1.0, 2.0]))).years(dt.date(2025, 3, 1))
        2.001368925393566
        >>> fit_trend(list(zip(days, [1.0, 2.0])), calendar=True).years(dt.date(2025, 3, 1))
        2.0
        """
        if self.calendar:
            return _calendar_years(day, self.origin, self.month_last)
        return _years(day, self.origin)

    @property
    def spread(self) -> float:
        r"""The residual standard deviation the prediction intervals use: :math:`\max(s, s_q)`.

        :math:`s_q` is :attr:`rounding_sd`: a line through rounded values cannot be known more
        precisely than their rounding, however well it fits them (``nan`` when :math:`n < 3`).
        The test of a widening disparity takes the same floor, :math:`\max(s_D, s_q)` with
        :math:`s_q` that of the gaps (docs/measurement.md, "Never more certain than the
        rounding of the values").
        """
        return max(self.residual_sd, self.rounding_sd) if self.n >= 3 else math.nan

    def value_at(self, day: dt.date) -> float:
        r"""Return the fitted value at ``day``.

        Parameters
        ----------
        day
            Any date, before, within or after the fitted points.

        Returns
        -------
        float
            :math:`a + b\,t`, where :math:`t` is the time from :attr:`origin` to ``day`` in years
            (:meth:`years`: of 365.25 days, or on the calendar), :math:`a` the
            :attr:`intercept` and :math:`b` the :attr:`slope`.

        Examples
        --------
        Three values two years apart, rising by 4 and then by 2:

        >>> import datetime as dt
        >>> trend = fit_trend([(dt.date(2020, 1, 1), 10.0), (dt.date(2022, 1, 1), 14.0),
        ...                    (dt.date(2024, 1, 1), 16.0)])
        >>> round(trend.slope, 2), round(trend.value_at(dt.date(2020, 1, 1)), 2)
        (1.5, 10.33)
        >>> round(trend.value_at(dt.date(2026, 1, 1)), 2)
        19.34
        """
        return self.intercept + self.slope * self.years(day)

    def interval_at(self, day: dt.date, level: float) -> tuple[float, float]:
        r"""Return the ``level`` prediction interval of a new value at ``day`` (needs n >= 3).

        Parameters
        ----------
        day
            The date of the new value.
        level
            Coverage of the interval, in (0, 1), e.g. ``0.8`` for the 10th to 90th percentiles.

        Returns
        -------
        tuple of float
            ``(lower, upper)``: :meth:`value_at` ``(day)`` minus and plus
            :math:`t_{n-2}\, s \sqrt{1 + 1/n + (t_0 - \bar t)^2 / S_{tt}}`, with
            :math:`t_{n-2}` the ``0.5 + level / 2`` quantile of Student's t with :math:`n - 2`
            degrees of freedom and :math:`s` the :attr:`spread` (never less than the rounding
            of the values); both ``nan`` when :attr:`n` is below 3.

        Examples
        --------
        >>> import datetime as dt
        >>> trend = fit_trend([(dt.date(2020, 1, 1), 10.0), (dt.date(2022, 1, 1), 14.0),
        ...                    (dt.date(2024, 1, 1), 16.0)])
        >>> lower, upper = trend.interval_at(dt.date(2026, 1, 1), 0.8)
        >>> round(lower, 2), round(upper, 2)
        (14.76, 23.91)
        """
        return _interval_at(self, day, level, 1.0)


def _interval_at(trend: Trend, day: dt.date, level: float, weight: float) -> tuple[float, float]:
    r"""Return the ``level`` prediction interval at ``day`` of a new value of weight ``weight``.

    :meth:`Trend.interval_at` with the new value's variance :math:`\sigma^2 / w_0` (``weight``
    :math:`w_0`, in the units of the trend's weights, scaled to a mean of 1): the half width is
    :math:`t_{n-2}\, s \sqrt{1/w_0 + 1/n + (t_0 - \bar t)^2 / S_{tt}}` (Montgomery, Peck and
    Vining 2012, §5.5.2, with :math:`\sum_j w_j = n`). ``weight`` 1 is the interval of a new
    value like an average point of the trend (:meth:`Trend.interval_at`); a value of a quarter
    of the reports the points average has :math:`w_0 = 1/4`, four times their variance.

    >>> import datetime as dt
    >>> trend = fit_trend([(dt.date(2020, 1, 1), 10.0), (dt.date(2022, 1, 1), 14.0),
    ...                    (dt.date(2024, 1, 1), 16.0)])
    >>> _interval_at(trend, dt.date(2026, 1, 1), 0.8, 1.0) == trend.interval_at(
    ...     dt.date(2026, 1, 1), 0.8)
    True
    >>> lower, upper = _interval_at(trend, dt.date(2026, 1, 1), 0.8, 0.25)
    >>> round(lower, 2), round(upper, 2)
    (13.02, 25.65)
    """
    t0 = trend.years(day)
    quantile = float(special.stdtrit(trend.n - 2, 0.5 + level / 2))
    half = (
        quantile
        * trend.spread
        * math.sqrt(1 / weight + 1 / trend.n + (t0 - trend.mean_t) ** 2 / trend.s_tt)
    )
    centre = trend.value_at(day)
    return centre - half, centre + half


def _combine(points: Iterable[tuple[dt.date, float]]) -> list[tuple[dt.date, float]]:
    """One point per date, sorted by date: the mean of the values on it.

    The values of a date are summed in sorted order with :func:`math.fsum`, so the result does
    not depend on the order of ``points``.
    """
    by_date: dict[dt.date, list[float]] = {}
    for day, value in points:
        by_date.setdefault(day, []).append(float(value))
    return [(day, math.fsum(sorted(vs)) / len(vs)) for day, vs in sorted(by_date.items())]


#: What one point of a measured series stands for, by reporting frequency (``None``: a date):
#: the noun the charts and the HTML report use for the period of :func:`_period_points`.
_PERIOD_NOUNS: Mapping[str | None, str] = MappingProxyType(
    {None: "date", "annual": "year", "quarterly": "quarter", "monthly": "month"}
)


class _Report(NamedTuple):
    """One report behind a point of a series (:func:`_period_points`), as it was filed.

    ``reporter`` is its ``reported_by`` (``""`` without one: the reports without it are one
    reporter's). ``counted`` says whether the point's value takes it: a report superseded by a
    later report of its reporter in the period is not.
    """

    date: dt.date
    value: float
    reporter: str
    counted: bool


class _PeriodPoint(NamedTuple):
    """One point of a series as measured, and the reports behind it (:func:`_period_points`)."""

    date: dt.date
    value: float
    reports: tuple[_Report, ...]

    @property
    def reporters(self) -> int:
        """The number of distinct reporters the value stands for (of its counted reports)."""
        return len({r.reporter for r in self.reports if r.counted})


def _point_scale(points: Iterable[_PeriodPoint]) -> float:
    """Return the largest magnitude of the reports the ``points`` average (0 for none).

    A value computed from reports (a point's mean, a trend's forecast) carries their rounding,
    relative to them, not to itself: the scale :func:`reaches` compares it up to. 8, 6 and 4
    on an exact line forecast 8.9e-16 for a target of 0 two steps ahead, rounding of 8.

    >>> import datetime as dt
    >>> r = [_Report(dt.date(2025, 1, 1), v, "", True) for v in (0.1, 0.2, -0.3)]
    >>> _point_scale([_PeriodPoint(dt.date(2025, 1, 1), 0.0, tuple(r))]), _point_scale([])
    (0.3, 0.0)
    """
    return max((abs(r.value) for p in points for r in p.reports if r.counted), default=0.0)


def _distinct_reports(reports: Iterable[_Report]) -> list[_Report]:
    """Return each reporter's report of a date once, in order: a row entered twice is one report.

    One reporter's rows of one date (and group) hold one value (every format and the model
    refuse two), so a repeated row is the same report again; the views list and draw it once.
    """
    return list({(r.reporter, r.date): r for r in reports}.values())


def _period_points(
    observations: Iterable[Observation], frequency: Frequency | None
) -> list[_PeriodPoint]:
    """Return the values of a series: one a reporting period (a date without a frequency).

    The one rule of a period's value, which the latest value, the status and the date the
    target was met on, the trend and its forecast (:func:`_by_period`), the history
    of turn-the-curve, the groups and the disparity (:func:`_groups`) and the charts all read.
    With a reporting ``frequency``, a calendar period's reports are one measurement: each
    reporter's latest report of the period (the mean of its values of that date: a row
    entered twice is one report) stands for its earlier ones (a preliminary 44 revised to 49
    is 49), and the period's value is the mean of these, one a reporter, at the period's latest
    date. Reports without ``reported_by`` are one reporter's (they cannot be told from a
    revision). Averaging every report of a period weighed a partner by how often it reported:
    a preliminary figure and its revision, or the same figure republished every month, moved
    the trend and the forecast while the latest value stayed. Without a frequency, one point
    a date: the mean of each reporter's report of it (a row entered twice is one report, as
    with a frequency; the rows were averaged, so p's 10 entered twice beside q's 20 was 13.33).

    The period holding a target date is no exception: its value is judged against the target,
    each partner's latest report averaged, whichever side of the target date a partner filed
    on. Only the reports dated on or after the target date counted there: p's 80 and q's 72
    of one year, against a target of 75 for 30 June, were met (76) when both were dated 30
    June, missed (72) when p filed a day early and q a day late, and met (80) the other way
    round.

    Values are summed in sorted order with :func:`math.fsum` and ``reports`` (every report of
    the point, the superseded ones too) are sorted, so the result is the same under any
    permutation of the observations.

    Partner p files a preliminary 44 in March and revises it to 49 in September; q reports
    47: the year's value is (49 + 47) / 2 = 48 (the mean of the three reports, 46.67, weighed
    p twice), on q's date.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency, Observation
    >>> obs = [Observation(date=dt.date(2025, 9, 1), value=49.0, reported_by="p"),
    ...        Observation(date=dt.date(2025, 9, 15), value=47.0, reported_by="q"),
    ...        Observation(date=dt.date(2025, 3, 1), value=44.0, reported_by="p")]
    >>> (point,) = _period_points(obs, Frequency.ANNUAL)
    >>> point.date.isoformat(), point.value, point.reporters
    ('2025-09-15', 48.0, 2)
    >>> [(r.date.isoformat(), r.value, r.counted) for r in point.reports]
    [('2025-03-01', 44.0, False), ('2025-09-01', 49.0, True), ('2025-09-15', 47.0, True)]

    Without a frequency, each date is a point:

    >>> [p.value for p in _period_points(obs, None)]
    [44.0, 49.0, 47.0]

    40 reported twice on 1 September and 50 on 3 September without ``reported_by``: one
    reporter's, whose latest report, 50, is the year's value (the mean of the dates was 45):

    >>> [p.value for p in _period_points([Observation(date=dt.date(2021, 9, 1), value=40.0),
    ...     Observation(date=dt.date(2021, 9, 1), value=40.0),
    ...     Observation(date=dt.date(2021, 9, 3), value=50.0)], Frequency.ANNUAL)]
    [50.0]
    """
    by_key: dict[int, list[Observation]] = {}
    for o in observations:
        key = o.date.toordinal() if frequency is None else frequency.period(o.date)
        by_key.setdefault(key, []).append(o)
    out = []
    for _, rows in sorted(by_key.items()):
        # the date of each reporter's latest report: the reports of it count (without a
        # frequency, the rows are of one date: every reporter's report of it counts)
        last: dict[str, dt.date] = {}
        for o in rows:
            reporter = o.reported_by or ""
            last[reporter] = max(last.get(reporter, o.date), o.date)
        # each reporter's latest report: the mean of its values of that date, so that a row
        # entered twice is one report, with a frequency or without (without one, the rows
        # were averaged: p's 10 entered twice beside q's 20 was 13.33, with a frequency 15)
        latest: dict[str, list[tuple[dt.date, float]]] = {}
        for o in rows:
            reporter = o.reported_by or ""
            if o.date == last[reporter]:
                latest.setdefault(reporter, []).append((o.date, o.value))
        values = [_combine(rows_of)[0][1] for rows_of in latest.values()]
        out.append(
            _PeriodPoint(
                date=max(o.date for o in rows),
                value=math.fsum(sorted(values)) / len(values),
                reports=tuple(
                    sorted(
                        _Report(
                            date=o.date,
                            value=float(o.value),
                            reporter=o.reported_by or "",
                            counted=last[o.reported_by or ""] == o.date,
                        )
                        for o in rows
                    )
                ),
            )
        )
    return out


def _period_trend(
    found: Sequence[_PeriodPoint],
    frequency: Frequency | None,
    weights: Sequence[float] | None = None,
    *,
    place: _Place | None = None,
) -> Trend | None:
    """Return the least-squares trend of a series' period points (:func:`_period_points`).

    Its rounding floor is that of the reports the points count (:func:`reported_rounding_sd`):
    a superseded preliminary figure with one more decimal than its revision narrowed the
    interval of a trend it has no part in, and changed the status. With ``weights`` (one a
    point, of distinct dates) that differ, weighted least squares (:func:`_line`); equal
    weights give the ordinary line of :func:`fit_trend`, to the bit.

    With a ``frequency`` every period's point sits at ``place``, the indicator's usual place
    in a period (:func:`_indicator_place`), not at its latest report (:func:`_placed_line`).
    """
    counted = (r.value for p in found for r in p.reports if r.counted)
    rounding = reported_rounding_sd(counted)
    points = [(p.date, p.value) for p in found]
    return _placed_line(points, weights, frequency, place, rounding_sd=rounding)


def _placed_line(
    points: Sequence[tuple[dt.date, float]],
    weights: Sequence[float] | None,
    frequency: Frequency | None,
    place: _Place | None,
    *,
    rounding_sd: float = 0.0,
) -> Trend | None:
    """Fit the line of a series of one point a date, or a period (sorted): ``None`` under 2.

    With a ``frequency`` and a ``place`` (:func:`_indicator_place`), every point sits at that
    place in its period (:func:`_at_place`), whole periods apart on the calendar, the axis
    reading a month's last day as the place says: a period is one measurement, and its place
    on the time axis must not depend on how often, or how late, a partner reported. At its
    period's latest report, a group's figure of 2023 filed again (the same figure) on 20
    December moved the group's slope, the gap series' and its p-value. The trend's
    :attr:`~Trend.origin` is the first period's place. Without a frequency, each point at its
    date (:func:`fit_trend`). ``weights`` (one a point) that differ give weighted least
    squares (:func:`_line`); equal ones the ordinary line, to the bit.
    """
    if len(points) < 2:
        return None
    if weights is not None and len(set(weights)) <= 1:
        weights = None
    if frequency is None or place is None:
        calendar = frequency is not None
        if weights is None:
            return fit_trend(points, rounding_sd=rounding_sd, calendar=calendar)
        return _line(points, weights, rounding_sd=rounding_sd, calendar=calendar)
    spot, reading = place
    placed = [(_at_place(day, frequency, spot), value) for day, value in points]
    return _line(placed, weights, rounding_sd=rounding_sd, calendar=True, month_last=reading)


def _history_weights(found: Sequence[_PeriodPoint]) -> list[float]:
    """Return the weights of a history's points and its baseline: their reporters.

    One weight a point of ``found`` (the history before the baseline, :func:`_period_points`):
    its distinct reporters (:attr:`_PeriodPoint.reporters`), and, last, the baseline's: the
    mean of the others. The baseline has no reporters of its own; it is the history's figure
    of its period, as many reports as the history's periods average. One reporter throughout
    weighs every point 1, the ordinary least squares of before.

    >>> import datetime as dt
    >>> from collective_impact.model import Observation
    >>> rows = [Observation(date=dt.date(2018, 1, 1), value=40.0, reported_by=w) for w in "pq"]
    >>> rows += [Observation(date=dt.date(2019, 1, 1), value=41.0, reported_by="p")]
    >>> _history_weights(_period_points(rows, None))
    [2.0, 1.0, 1.5]
    """
    weights = [float(p.reporters) for p in found]
    return [*weights, math.fsum(weights) / len(weights)]


def _by_period(
    observations: Iterable[Observation], frequency: Frequency | None
) -> list[tuple[dt.date, float]]:
    """Return the values of a series, one a period (a date): those of :func:`_period_points`.

    An indicator reported ``annual``, ``quarterly`` or ``monthly`` is measured once a period:
    two partners reporting a year's figure on 1 and 3 September are one measurement, not two
    points that narrow the prediction interval, and a partner's revision stands for its
    preliminary figure. Without a frequency, one point per date. The trend's points, and the
    values the status is judged on (the last is the latest value), sorted by date.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency, Observation
    >>> obs = [Observation(date=dt.date(2024, 9, 1), value=49.0, reported_by="p"),
    ...        Observation(date=dt.date(2024, 9, 3), value=45.0, reported_by="q")]
    >>> _by_period(obs, Frequency.ANNUAL)
    [(datetime.date(2024, 9, 3), 47.0)]
    >>> _by_period(obs, None)
    [(datetime.date(2024, 9, 1), 49.0), (datetime.date(2024, 9, 3), 45.0)]
    """
    return [(p.date, p.value) for p in _period_points(observations, frequency)]


def fit_trend(
    points: Iterable[tuple[dt.date, float]], *, rounding_sd: float = 0.0, calendar: bool = False
) -> Trend | None:
    """Fit a least-squares line through ``(date, value)`` points.

    Parameters
    ----------
    points
        ``(date, value)`` pairs, in any order. Values that share a date are first combined into
        one point, their mean: a date reported twice is one measurement, not two, and must not
        narrow the prediction interval.
    rounding_sd
        The standard deviation of the rounding of the values (:attr:`Trend.rounding_sd`;
        :func:`reported_rounding_sd` of the values as reported), 0 when unknown.
    calendar
        Count time on the calendar (:attr:`Trend.calendar`), as for the figures of an indicator
        with a reporting frequency: every month a twelfth of a year, a month's last day read by
        the convention that gives the most of the dates (:attr:`Trend.month_last`). Otherwise
        days / 365.25.

    Returns
    -------
    Trend or None
        ``None`` with fewer than 2 distinct dates. ``Trend.n`` counts dates.

    References
    ----------
    - Montgomery, D. C., Peck, E. A. and Vining, G. G. (2012). *Introduction to Linear
      Regression Analysis*, 5th ed., §2.5. Wiley.

    Examples
    --------
    >>> import datetime as dt
    >>> trend = fit_trend([(dt.date(2020, 1, 1), 10.0), (dt.date(2022, 1, 1), 14.0)])
    >>> round(trend.slope, 3)
    1.999
    >>> fit_trend([(dt.date(2020, 1, 1), 10.0), (dt.date(2020, 1, 1), 12.0)]) is None
    True

    Annual figures of 1 September on an exact line, 4 a year, are 4 a year on the calendar
    (2024 is a leap year: its 366 days made the slope 3.9973 and 2025's figure 74.996):

    >>> septembers = [dt.date(2022, 9, 1), dt.date(2023, 9, 1), dt.date(2024, 9, 1)]
    >>> line = fit_trend(list(zip(septembers, [63.0, 67.0, 71.0])), calendar=True)
    >>> line.slope, line.value_at(dt.date(2025, 9, 1))
    (4.0, 75.0)
    """
    combined = _combine(points)
    n = len(combined)
    if n < 2:
        return None
    return _line(combined, None, rounding_sd=float(rounding_sd), calendar=calendar)


def _line(
    points: Sequence[tuple[dt.date, float]],
    weights: Sequence[float] | None,
    *,
    rounding_sd: float = 0.0,
    calendar: bool = False,
    month_last: int | None = _READ,
) -> Trend:
    """Fit a least-squares line through points of distinct dates, sorted (at least 2).

    That of :func:`fit_trend` with ``weights`` ``None``, else of :func:`_weighted_trend`.
    ``month_last``: the calendar axis's reading of a month's last day; by default the
    convention that gives the most of the points' dates (:func:`_month_last`).
    """
    origin = points[0][0]
    if not calendar:
        month_last = None
    elif month_last == _READ:
        month_last = _month_last(d for d, _ in points)
    if calendar:
        t = np.array([_calendar_years(d, origin, month_last) for d, _ in points])
    else:
        t = np.array([_years(d, origin) for d, _ in points])
    y = np.array([v for _, v in points], dtype=np.float64)
    n = len(points)
    if weights is None:
        mean_t, mean_y = float(t.mean()), float(y.mean())
        s_tt = float(((t - mean_t) ** 2).sum())
        slope = float(((t - mean_t) * (y - mean_y)).sum() / s_tt)
    else:
        w = np.asarray(weights, dtype=np.float64)
        w = w / w.mean()
        mean_t = float((w * t).sum() / w.sum())
        mean_y = float((w * y).sum() / w.sum())
        s_tt = float((w * (t - mean_t) ** 2).sum())
        slope = float((w * (t - mean_t) * (y - mean_y)).sum() / s_tt)
    intercept = mean_y - slope * mean_t
    if n >= 3:
        residuals = y - (intercept + slope * t)
        squares = residuals**2 if weights is None else w * residuals**2
        sd = math.sqrt(float(squares.sum()) / (n - 2))
    else:
        sd = math.nan
    return Trend(
        slope=slope,
        intercept=intercept,
        origin=origin,
        n=n,
        mean_t=mean_t,
        s_tt=s_tt,
        residual_sd=sd,
        rounding_sd=rounding_sd,
        calendar=calendar,
        month_last=month_last,
    )


def _weighted_trend(
    points: Sequence[tuple[dt.date, float]], weights: Sequence[float], *, calendar: bool = False
) -> Trend:
    r"""Fit a weighted least-squares line through points of distinct dates (at least 2).

    Weighted least squares (Montgomery, Peck and Vining 2012, §5.5.2): a point of weight
    :math:`w_j` has variance :math:`\sigma^2 / w_j`. The weights are scaled to a mean of 1, so
    that :attr:`Trend.s_tt` (:math:`\sum_j w_j (t_j - \bar t_w)^2`, with :math:`\bar t_w` the
    weighted mean date) and :attr:`Trend.residual_sd`
    (:math:`s^2 = \sum_j w_j r_j^2 / (n - 2)`) read as those of :func:`fit_trend`, which gives
    the same line when the weights are equal, and :math:`(b - \delta) / (s / \sqrt{S_{tt}})`
    is Student's t with :math:`n - 2` degrees of freedom under the model.

    The line of :func:`numpy.polyfit` with weights :math:`\sqrt{w_j}` (which it multiplies by
    the residuals before squaring them):

    >>> import datetime as dt
    >>> days = [dt.date(2020 + k, 1, 1) for k in range(3)]
    >>> trend = _weighted_trend(list(zip(days, [1.0, 2.0, 4.0])), [1.0, 1.0, 4.0])
    >>> round(trend.slope, 4), round(trend.residual_sd, 4)
    (1.5705, 0.3099)
    >>> t = [_years(d, days[0]) for d in days]
    >>> round(float(np.polyfit(t, [1.0, 2.0, 4.0], 1, w=np.sqrt([1.0, 1.0, 4.0]))[0]), 4)
    1.5705
    """
    return _line(points, weights, calendar=calendar)


def _gap_precision(values: NDArray[np.float64], counts: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Return the number of reports each gap of a gap series stands for: its precision.

    ``values`` and ``counts`` have one row per date and one column per group: the groups'
    values (:math:`\sigma y`) and the numbers of reports they stand for (their distinct
    reporters, :attr:`_PeriodPoint.reporters`). A gap between means of :math:`r` and :math:`r'`
    reports has the variance of a mean of :math:`1 / (1/r + 1/r')` reports, with :math:`r`
    the highest group's and :math:`r'` the lowest's. When groups tie for the highest (or the
    lowest) value, up to the rounding of measured values (:func:`._tolerance.reaches`: within
    :math:`2^{-42}` of the larger magnitude), :math:`r` is the largest of their counts: the
    names of the groups decide nothing
    (ranking ties by name made renaming three groups turn p = 0.1042, not widening, into
    p = 0.0905, widening). When every group ties (a gap of 0), :math:`r` and :math:`r'` are
    the two largest counts: the gap is still between two groups. Either way, tied groups of
    equal counts give the same precision whichever is taken.

    On the first date ``b`` (3 reports) is highest and ``c`` (1) lowest:
    :math:`1 / (1/3 + 1/1) = 0.75`; on the second ``a`` (1 report) and ``b`` (3) tie for the
    highest, and the largest count, 3, gives 0.75 again, whatever the groups are called; on the
    third all tie, and the two largest counts are 3 and 2: :math:`1 / (1/3 + 1/2) = 1.2`.

    >>> values = np.array([[50.0, 51.0, 40.0], [52.0, 52.0, 40.0], [45.0, 45.0, 45.0]])
    >>> counts = np.array([[1.0, 3.0, 1.0], [1.0, 3.0, 1.0], [1.0, 3.0, 2.0]])
    >>> np.round(_gap_precision(values, counts), 12).tolist()
    [0.75, 0.75, 1.2]
    >>> reordered = _gap_precision(values[:, ::-1], counts[:, ::-1])
    >>> bool((reordered == _gap_precision(values, counts)).all())
    True

    ``a``'s mean of 10.2 and 10.6 (2 reports), 10.399999999999999, ties with ``b``'s 10.4 (1
    report): :math:`r = 2`, and with ``c`` (1) lowest :math:`1 / (1/2 + 1/1) = 2/3` (``b``'s
    count alone, compared bit by bit, gave 1/2):

    >>> round(float(_gap_precision(np.array([[(10.2 + 10.6) / 2, 10.4, 5.5]]),
    ...                            np.array([[2.0, 1.0, 1.0]]))[0]), 4)
    0.6667
    """
    # tied up to the rounding of measured values (:func:`._tolerance.reaches`): a mean of
    # 10.2 and 10.6 is 10.399999999999999, tied on paper with another group's 10.4
    highest = values.max(axis=1, keepdims=True)
    lowest = values.min(axis=1, keepdims=True)
    size = np.abs(values)
    top = values >= highest - FLOAT_NOISE * np.maximum(size, np.abs(highest))
    bottom = values <= lowest + FLOAT_NOISE * np.maximum(size, np.abs(lowest))
    high = np.where(top, counts, -np.inf).max(axis=1)
    low = np.where(bottom, counts, -np.inf).max(axis=1)
    # every group tied: the two largest counts (two groups, not one group twice)
    largest = -np.sort(-counts, axis=1)
    tied = top.all(axis=1)
    high = np.where(tied, largest[:, 0], high)
    low = np.where(tied, largest[:, 1], low)
    return 1.0 / (1.0 / high + 1.0 / low)


@attrs.frozen(kw_only=True)
class Forecast:
    """The forecast of an indicator's value at its target, with a prediction interval.

    Attributes
    ----------
    date
        The date the trend is evaluated at (:func:`forecast_date`): the target date without a
        reporting frequency; with one, where the figure of the target date's period sits: at
        the series' usual place in a period (the month of the period and the day of the
        month, or the month's end), where the trend puts every period's point.
    value
        The fitted value of the trend at ``date``.
    lower, upper
        The prediction interval of coverage ``level`` around it.
    level
        Coverage of the interval (``ScoringConfig.prediction_level``).

    Examples
    --------
    At that pace third-grade reading reaches 46.5 by its target date, and 47.0 at most in the 80%
    prediction interval: far short of its target of 60.

    >>> import collective_impact as ci
    >>> m = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading")
    >>> f = m.forecast
    >>> f.date, round(f.value, 1), (round(f.lower, 1), round(f.upper, 1)), f.level
    (datetime.date(2030, 6, 30), 46.5, (46.1, 47.0), 0.8)
    >>> m.target
    60.0
    """

    date: dt.date
    value: float
    lower: float
    upper: float
    level: float


@attrs.frozen(kw_only=True)
class TurnTheCurve:
    r"""The baseline forecast (had nothing changed) against what happened after the baseline.

    Attributes
    ----------
    baseline_slope
        Slope per year of the trend up to the baseline (baseline included): each point weighed
        by its distinct reporters, the baseline by their mean (weighted least squares; the
        ordinary line when every point has as many).
    forecast_at_latest
        That trend's value at the date of the latest observation.
    latest_value
        The latest whole-population value.
    difference
        ``latest_value - forecast_at_latest``, signed so that positive is better.
    turned
        ``True`` when the latest value is better than the whole prediction interval of the
        history's trend at its date (``lower``, ``upper``): beyond ``upper`` for an
        ``increase`` indicator, below ``lower`` for a ``decrease`` one, beyond rounding (the
        relative tolerance of every measured comparison,
        :mod:`~collective_impact.analysis._tolerance`). ``False`` when it is within the
        interval or behind it: the data do not show it better than the history's forecast
        (a value within the interval is what the history's own scatter gives, had nothing
        changed; it may be better than the forecast, see ``difference``). ``None`` (insufficient
        data) when the history has fewer than 3 points: no interval can be drawn around a
        line through 2 points.
    lower, upper
        The prediction interval of coverage ``level`` of a new value of the history's trend at
        the latest date (:meth:`Trend.interval_at`, as for the forecast of the status), a value
        of as many reports as the latest value's distinct reporters: its variance
        :math:`\sigma^2 / w_0`, :math:`w_0` its reporters over the history's mean, at most 1
        (docs/measurement.md, "Turning the curve"); ``None`` with fewer than 3 points of
        history.
    level
        Coverage of the interval (``ScoringConfig.prediction_level``). Under the history's
        trend (nothing changed), ``turned`` is ``True`` with probability ``(1 - level) / 2``.

    Examples
    --------
    Kindergarten readiness fell by a point a year up to its baseline; two years later it is 8
    points above where that trend led, beyond its prediction interval: the curve has turned.

    >>> from collective_impact.model import Indicator
    >>> ind = Indicator(
    ...     id="k-ready", name="Kindergarten readiness", direction="increase",
    ...     baseline={"date": "2022-09-30", "value": 45.0},
    ...     target={"date": "2028-09-30", "value": 60.0},
    ...     observations=[{"date": f"{year}-09-30", "value": value}
    ...                   for year, value in [(2019, 48), (2020, 47), (2021, 46), (2022, 45),
    ...                                       (2023, 48), (2024, 51)]],
    ... )
    >>> ttc = measure_indicator(ind, as_of=None).turn_the_curve
    >>> round(ttc.baseline_slope, 2), round(ttc.forecast_at_latest, 2), ttc.latest_value
    (-1.0, 43.0, 51.0)
    >>> round(ttc.difference, 2), round(ttc.upper, 2), ttc.turned
    (8.0, 44.05, True)
    """

    baseline_slope: float
    forecast_at_latest: float
    latest_value: float
    difference: float
    turned: bool | None
    lower: float | None = None
    upper: float | None = None
    level: float | None = None


@attrs.frozen(kw_only=True)
class GroupSeries:
    """One group's series: its latest value and trend.

    Attributes
    ----------
    group
        The group label of the observations.
    n
        Number of points of the group's series (from the baseline on, up to ``as_of``): its
        dates, or its reporting periods for an indicator with a ``frequency``.
    latest_date, latest_value
        Its latest point: the mean of each partner's report of its latest date; with a reporting
        ``frequency``, each partner's latest report of the last period, averaged (the rule of
        the whole population's points).
    slope
        Its least-squares slope per year (``None`` with fewer than two dates).

    Examples
    --------
    >>> import collective_impact as ci
    >>> m = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading")
    >>> [(g.group, g.n, g.latest_value, round(g.slope, 2)) for g in m.groups]
    [('low-income', 4, 27.5, -0.5), ('not-low-income', 4, 59.0, 3.0)]
    """

    group: str
    n: int
    latest_date: dt.date
    latest_value: float
    slope: float | None


@attrs.frozen(kw_only=True)
class Disparity:
    r"""The gap between the best and the worst group, and whether it is widening.

    The *gap series* compares the same groups on every date: the groups that report on the
    latest date on which at least two groups report (``groups``). It has one point per date on
    which all of them report: the largest group value minus the smallest,
    :math:`D = \max_g y_g - \min_g y_g`, which is :math:`\sigma (y_{best} - y_{worst}) \ge 0`
    for either direction and does not depend on the names of the groups. A group that starts
    (or stops) reporting cannot widen (or narrow) the gap by itself. The price: a group with no
    value on ``date`` (one that stopped reporting, or whose latest report is late) is not
    compared at all (:attr:`left_out`), and a group first reported late shortens the series to
    the dates since (:attr:`joined`).

    Attributes
    ----------
    best, worst
        The groups with the best and the worst value on ``date`` (direction-aware); ``None``
        when which way is better is unknown (:attr:`Indicator.better`): the lowest group is the
        worst of a reading rate and the best of an obesity rate. When groups tie, the labels
        follow the group names; ``gap``, ``trend``, ``p_value`` and ``widening`` never depend
        on them.
    highest, lowest
        The groups with the highest and the lowest value on ``date``, whichever way is better:
        the two the gap is between (``best`` and ``worst`` in some order when the direction is
        known).
    groups
        The groups compared, sorted: those that report on ``date``.
    date
        The latest date on which at least two groups report.
    gap
        The gap on ``date``, never negative.
    trend
        Least-squares slope of the gap series per year (``None`` with fewer than 2 dates);
        positive when the gap grows. Weighted by the number of reports each gap stands for
        (the distinct reporters of the groups' values) when that differs between dates
        (docs/measurement.md, "Reports that thin out").
    n
        Number of dates of the gap series: dates on which every one of ``groups`` reports.
    p_value
        One-sided p-value of the test that the gap grows by more than ``widening_threshold``
        a year (``None`` with fewer than 3 dates); when every value compared is :math:`\ge 0`,
        the larger of it and :attr:`stabilised_p_value` (the p-value of an intersection-union
        test: the gap must grow on both scales).
    widening
        Whether ``p_value <= disparity_level`` and ``trend > widening_threshold``, both beyond
        rounding (a gap constant on paper whose computed values differ in their last digits
        does not widen), the gap rises on the variance-stabilising scale too when
        :attr:`stabilised_p_value` is defined, and the disparity is not :attr:`stale`.
    stale
        Whether ``as_of`` is after :func:`fresh_until` of ``date``: the groups
        were last compared too long ago for a widening to be judged (``widening`` is false
        then, whatever ``p_value``), as an indicator whose last measurement is that old is
        stale. Never without ``as_of``.
    stabilised_p_value
        The one-sided p-value of the test that the gap grows on the variance-stabilising scale
        of the values compared: for an indicator whose ``unit`` says its values are
        percentages (a ``%`` or the word ``percent``, ``per cent``, ``percentage``, ``pct``:
        from 0 to 100) or proportions (``proportion``, ``fraction``: from 0 to 1),
        and every value within those bounds, :math:`\arcsin\sqrt{y / \text{bound}}`
        (Bartlett 1947; Anscombe 1948), where a share's noise no longer grows with
        :math:`p (1 - p)`; for any other values all :math:`\ge 0` (counts, rates, any other
        unit or none), :math:`\sqrt{y / q + 3/8}` (Anscombe 1948), the values counted in the
        step :math:`q` they were reported to (1 for whole numbers, 0.1 for tenths; 1 for
        values kept to full precision), where a Poisson count's noise no longer grows with
        its mean, in any unit. ``gap`` and ``trend`` stay in the indicator's unit. ``None`` when a
        value compared is negative (no scale is known: the test in the unit alone), and with
        fewer than 3 dates (docs/measurement.md, "Percentages, counts and rates").
    left_out, left_out_dates
        The groups with a value from the baseline on (up to ``as_of``) that are not among
        ``groups``, sorted, and the date of the latest value of each (in the same order): they
        have no value of the period (the date, without a ``frequency``) of ``date``, so the gap
        series leaves them out altogether. The worst-off group whose latest report is late
        drops out of the comparison, and the gap, its trend and the widening test are those of
        the other groups: whether the gap between it and them widens is not tested. Empty when
        every group is compared.
    first_date
        The first date of the gap series (``date`` is its last): the latest date of the groups
        compared in its first period (date, without a ``frequency``).
    joined
        The groups compared that were first reported (from the baseline on) in the first period
        of the gap series, while another group compared has values before it, sorted: the gap
        series begins when they joined, and is shorter than the others' shared history. With
        fewer than 3 dates there is then no test (``p_value`` is ``None``) because of them.

    Examples
    --------
    The reading gap between the two income groups is 31.5 points and grows by 3.5 points a year:

    >>> import collective_impact as ci
    >>> m = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading")
    >>> d = m.disparity
    >>> d.best, d.worst, d.date, d.gap
    ('not-low-income', 'low-income', datetime.date(2025, 6, 30), 31.5)
    >>> round(d.trend, 2), d.p_value < 0.001, d.widening
    (3.5, True, True)
    """

    best: str | None
    worst: str | None
    highest: str
    lowest: str
    groups: tuple[str, ...]
    date: dt.date
    gap: float
    trend: float | None
    n: int
    p_value: float | None
    widening: bool
    stale: bool = False
    stabilised_p_value: float | None = None
    left_out: tuple[str, ...] = ()
    left_out_dates: tuple[dt.date, ...] = ()
    first_date: dt.date | None = None
    joined: tuple[str, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled disparity.

        One pickled before :attr:`left_out`, :attr:`left_out_dates`, :attr:`first_date` and
        :attr:`joined` were recorded reads ``()``, ``()``, ``None`` and ``()``: what it left out
        was not recorded.
        """
        earlier = {"left_out": (), "left_out_dates": (), "first_date": None, "joined": ()}
        for name, value in {**earlier, **state}.items():
            object.__setattr__(self, name, value)


@attrs.frozen(kw_only=True)
class IndicatorMeasurement:
    """Everything the measurement analysis found about one indicator.

    Undefined values are ``None`` (the module notes of
    :mod:`collective_impact.analysis.measurement` say when each is defined).

    Attributes
    ----------
    indicator, name, level
        The indicator's id, name and level.
    direction
        Which way is better: the indicator's ``direction``, or the one its target implies
        against its baseline (:attr:`Indicator.better`); ``None`` when neither tells, and when
        the baseline is dated after ``as_of`` and no direction is stated (its value, which would
        tell, is not known yet).
    on_agenda
        Whether a goal lists it.
    observations
        Number of observations (rows, groups included) dated on or before ``as_of``.
    latest_date, latest_value
        The latest value of the whole-population series from the baseline on, what the status
        is judged on: the mean of each partner's report of the last date; with a ``frequency``,
        each partner's latest report of the last period, averaged, at its latest date (the
        period holding the target date too: its reports dated before the target date count).
    baseline, target, target_date
        Values of the baseline and target, and the target date.
    progress
        ``(latest - baseline) / (target - baseline)``; ``None`` without a latest value dated
        after the baseline (:attr:`observed_after_baseline`).
    trend
        The least-squares :class:`Trend` of the whole-population series from the baseline on.
    forecast
        The :class:`Forecast` of the target (3 dates or more): the trend at the target date,
        or with a ``frequency`` of the figure of the target date's period, where it sits
        (:func:`forecast_date`), while the target date is not yet observed: ``None`` once
        the value of that date is in (:attr:`target_date_observed`: of its period or a later
        one, once that value's period has ended, with a ``frequency``), when the status is a
        fact.
    status
        The :class:`IndicatorStatus`.
    turn_the_curve
        The :class:`TurnTheCurve` comparison.
    groups, disparity
        Every :class:`GroupSeries`, and the :class:`Disparity` between the best and worst.
    completeness
        Share of reporting periods with data (needs a ``frequency``).
    freshness_days, stale
        Days from the last measurement (an observation of any group, or the baseline, up to
        ``as_of``) to ``as_of``, and whether that is too old (or nothing is measured):
        ``as_of`` after the last measurement's :func:`fresh_until`.
    series_stale
        Whether the whole-population series the status rests on is too old while the
        indicator is not :attr:`stale`: its last whole-population value (``latest_date``) is
        stale on ``as_of`` (after its :func:`fresh_until`), and only groups (or the baseline)
        were measured since. The indicator looks fresh, but its status is judged from values
        that old (the ``unmeasured-indicator`` gap asks for a recent whole-population value).
    target_date_observed
        Whether the value of the target date is in, so that the status says what happened (a
        target missed is a fact, rule 5) and there is no :attr:`forecast`. With a
        ``frequency``: a value of the target date's reporting period or of a later one is in
        whose period has ended (``as_of`` is on or after its last day): reports are dated in
        the period whose figure they are, and one judged inside the period may still get more
        (2025's 70 of March, against a target for 30 June 2025, is the figure so far until
        2025 ends; a report of September may revise it). The figure so far of a later period
        is no such value either: with no figure of 2024 ever reported, 2025's 72 of March
        settles a target for 30 June 2024 only once 2025 has ended (it read "target missed"
        on 1 April 2025). Without one, the latest value is dated on or after the
        target date. With ``as_of=None``, the latest value is dated on or after the target
        date, whatever the frequency. A target met early (:attr:`target_met_on` before its
        period, none of that period reported) is what happened once the target's period has
        ended (without a ``frequency``, from the target date on): no forecast of that period,
        and a later figure that misses it has fallen back. ``False`` without a target or a
        latest value.
    target_date_unreported
        Whether the target date has passed (it is before ``as_of``) without the value of it
        (not :attr:`target_date_observed`), while the status is not ``met`` (a fact, rule 4):
        ``on-track``, ``at-risk`` and ``off-track`` are then still the forecast of a date gone
        by, not what happened; ``insufficient-data`` has too few dates to forecast, and the
        texts say all the same that the date has passed (and the figure so far). Either no
        value of the target date's period or later is in ("forecast: at risk", "target … by
        2028-06-30 (passed, no value since)"), or, with a ``frequency``,
        the latest value is of the target's period, or of a later one with no figure of the
        target's in, and its period is still running: its figure so far, not final until the
        period ends ("by 2025-06-30 (passed; 2025's figure so far 70, final when the year
        ends)", "by 2024-06-30 (passed; no figure of 2024; 2025's figure so far 72, …)").
        ``False`` without a date of judgement.
    reporters
        Partners that reported observations up to ``as_of``, sorted.
    baseline_date
        The date of the baseline known on ``as_of`` (``None`` without one, or when it is dated
        after ``as_of``); see :attr:`observed_after_baseline`.
    baseline_until
        The last day the baseline stands for (:func:`baseline_until`): its date, or the last
        day of its reporting period for an indicator with a ``frequency``; the values after it
        measure progress and are the trend's points. ``None`` without a known baseline.
    quadrant, informs
        RBA quadrant and the population indicators informed (performance measures).
    target_met_on
        The date of the first whole-population value, from the target date's reporting period
        on (from the target date on, without a ``frequency``), that met the target: the
        period's value, dated at the period's latest date (which may precede the target date
        in its own period). Met early: when the target's period has no value (without a
        ``frequency``, no value is dated on the target date) and the last value before it met
        the target, that value's date (a later value meeting it too does not make it late:
        2024's 76 against 75 by 30 June 2025, 2025 never reported, 2026's 77). ``None`` when
        none did, or the status is ``insufficient-data`` (no target, which way is better
        unknown, a target within rounding of its baseline, nothing observed). With a later
        value below it, the status is ``off-track`` and the texts say the target was met, then
        lost ("target met early (2024's figure), then fell back" when met early), rather than
        missed.
    met_late
        Whether the target was first met after its date: :attr:`target_met_on` is of a
        reporting period after the target date's (with a ``frequency``), or after the target
        date (without one). The value of the target date missed it, or none was reported; the
        texts then say "target met late", with both dates, where they say "target met".
    dates_apart
        Whether the indicator has no reporting ``frequency`` and its whole-population values,
        from the baseline on, are reported by two or more reporters (a row without one is one
        reporter) not all on the same dates. Nothing then says which dates are one period's:
        each date is a measurement of its own, the latest value is the last date's reporters'
        alone (p's 49 of 1 September and q's 45 of 3 September: 45, or 49 filed the other way
        round), and the trend counts a point for each date. Give the indicator its frequency.
    groups_apart
        Whether two or more groups have values from the baseline on, yet no period (no date,
        without a ``frequency``) holds values of two of them: the groups are never compared,
        and :attr:`disparity` is ``None`` however far apart they are.
    baseline_restated
        The whole population's value of the baseline's own date, or of its reporting period
        (each partner's latest report of the period, averaged, as every period's value; a
        report of the period dated before the baseline's day is one of them, not its history),
        when it differs from the baseline beyond rounding (a relative
        :math:`10^{-9}`); ``None`` when it agrees, or there is none. Such a value is the
        baseline again and counts for nothing (an annual baseline of 40 for June and a report
        of 45 in December of that year: progress waits for the next year's value), so two
        figures stand for one period and only the baseline is read. Date the baseline in the
        period whose figure it is, or correct one of the two.
    latest_missing_reporters
        The reporters of the whole population's values after the baseline (its date, or its
        period: :attr:`baseline_until`; every value without a baseline), up to ``as_of``, who
        reported the previous period (the series' last period with a value before the latest
        one; the previous date, without a ``frequency``) but none of the latest, sorted (a row
        without ``reported_by`` names no one, and is not counted). A partner who stopped
        reporting before the previous period is not named beside every later value: its
        absence is older than the latest value, and says nothing of it. The latest
        value, and so the status and progress, rests on the others' reports alone: with p and
        q reporting every quarter near 61 and 42, p's 62 alone, before q's report of the
        quarter is in, is the quarter's value (each partner's latest report of the period,
        averaged, as the rule says; the running period is judged on the reports in), and a
        target of 58 reads ``met``. Empty when the latest value has a report from each of
        them. Without a ``frequency`` each date is its own measurement, and a reporter of the
        previous date is missing from the latest whenever the partners report on different
        dates (:attr:`dates_apart` is then true too).
    latest_missing_from
        The date of the last report of that previous period (the texts name its period: "no
        report from q, who reported 2023", which may be several periods before the latest);
        ``None`` when :attr:`latest_missing_reporters` is empty.
    latest_period_running
        Whether ``as_of`` falls inside the reporting period of the latest value, before its
        last day (with a ``frequency``; on that day every report of it is in, as
        :attr:`target_date_observed` reads it): the period may still get reports, and its
        value is the figure so far.
        A target met on it (rule 4, a fact as the rules go) is written "target met (2025's
        figure so far)" when that period holds or follows the target date: a later report of
        the period may revise it. ``False`` without a ``frequency``, a latest value or a date
        of judgement.

    Examples
    --------
    >>> import collective_impact as ci
    >>> m = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading")
    >>> m.name, m.status.value, m.on_agenda
    ('Third-grade reading proficiency', 'off-track', True)
    >>> m.baseline, m.latest_value, m.target, round(m.progress, 3)  # 5.4 of the 23 points
    (37.0, 42.4, 60.0, 0.235)

    The workforce example's placements (annual) reach their target date, 2010-12-31, with a
    value of that year; judged a year earlier, the latest value is of 2009:

    >>> import datetime as dt
    >>> placements = ci.load_example("workforce").indicator("placements")
    >>> ci.measure_indicator(placements, as_of=dt.date(2010, 12, 31)).target_date_observed
    True
    >>> ci.measure_indicator(placements, as_of=dt.date(2009, 12, 31)).target_date_observed
    False
    """

    indicator: str
    name: str
    direction: Direction | None
    level: Level
    on_agenda: bool
    observations: int
    latest_date: dt.date | None
    latest_value: float | None
    baseline: float | None
    target: float | None
    target_date: dt.date | None
    progress: float | None
    trend: Trend | None
    forecast: Forecast | None
    status: IndicatorStatus
    turn_the_curve: TurnTheCurve | None
    groups: tuple[GroupSeries, ...]
    disparity: Disparity | None
    completeness: float | None
    freshness_days: int | None
    stale: bool
    reporters: tuple[str, ...]
    quadrant: str | None
    informs: tuple[str, ...]
    target_met_on: dt.date | None = None
    met_late: bool = False
    series_stale: bool = False
    target_date_observed: bool = False
    target_date_unreported: bool = False
    baseline_date: dt.date | None = None
    baseline_until: dt.date | None = None
    dates_apart: bool = False
    groups_apart: bool = False
    baseline_restated: float | None = None
    latest_missing_reporters: tuple[str, ...] = ()
    latest_missing_from: dt.date | None = None
    latest_period_running: bool = False

    @property
    def observed_after_baseline(self) -> bool:
        """Whether a whole-population value dated after the baseline is in: progress observed.

        The latest value (:attr:`latest_date`) is of the series from the baseline on; a value
        of the baseline's own date is the baseline again (files often repeat it as an
        observation), not progress, and so is one of its reporting period, up to
        :attr:`baseline_until`. ``False`` without a baseline or a latest value. What
        readiness, the ``unmeasured-indicator`` gap and the phase's evaluation criteria ask.

        Examples
        --------
        >>> import datetime as dt
        >>> import collective_impact as ci
        >>> day = dt.date(2024, 1, 1)
        >>> i = ci.Indicator(id="i", name="I", baseline=ci.DatedValue(date=day, value=10.0),
        ...                  observations=[ci.Observation(date=day, value=10.0)])
        >>> m = ci.measure_indicator(i, as_of=day)
        >>> m.latest_date == day, m.observed_after_baseline
        (True, False)
        """
        until = self.baseline_date if self.baseline_until is None else self.baseline_until
        return until is not None and self.latest_date is not None and self.latest_date > until

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled record (no forecast once the target date is observed).

        One pickled before ``0.1.0.dev9`` held a forecast beside a target date observed,
        which is none now (:attr:`forecast`); one pickled before :attr:`dates_apart`,
        :attr:`groups_apart` and :attr:`baseline_restated` were recorded reads ``False``,
        ``False`` and ``None``; one pickled before :attr:`target_date_observed` was recorded
        reads it by the rule of its time (the latest value dated on or after the target
        date), and :attr:`met_late` ``False`` (its frequency is not in the record); one pickled
        before :attr:`latest_missing_reporters` was recorded reads ``()``, and one pickled
        before :attr:`latest_missing_from` and :attr:`latest_period_running` reads ``None``
        and ``False``.
        """
        earlier = {
            "dates_apart": False,
            "groups_apart": False,
            "baseline_restated": None,
            "met_late": False,
            "target_date_observed": (
                state.get("latest_date") is not None
                and state.get("target_date") is not None
                and state["latest_date"] >= state["target_date"]
            ),
        }
        state = {
            "latest_missing_reporters": (),
            "latest_missing_from": None,
            "latest_period_running": False,
            **state,
        }
        for name, value in {**earlier, **state}.items():
            object.__setattr__(self, name, value)
        if self.forecast is not None and self.target_date_observed:
            object.__setattr__(self, "forecast", None)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-safe plain data (dates as ISO strings, ``None`` kept).

        Returns
        -------
        dict of str to object
            Every attribute by name, with enums as their values, dates as ISO strings, tuples as
            lists, nested records as dicts and non-finite floats as ``None``; ``trend`` becomes
            ``{"slope_per_year": ..., "points": ...}``.

        Examples
        --------
        >>> import collective_impact as ci
        >>> placements = ci.load_example("workforce").indicator("placements")
        >>> data = measure_indicator(placements, as_of=None).to_dict()
        >>> data["indicator"], data["status"], data["latest_date"], data["latest_value"]
        ('placements', 'met', '2010-12-31', 5696.0)
        >>> data["trend"]["points"], data["forecast"], data["reporters"]  # met on its date
        (4, None, ['cha'])
        """

        def plain(value: Any) -> Any:
            if isinstance(value, enum.Enum):
                return value.value
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, float) and not math.isfinite(value):
                return None
            if isinstance(value, tuple | list):
                return [plain(v) for v in value]
            if attrs.has(type(value)):
                return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
            return value

        out: dict[str, Any] = plain(self)
        if self.trend is not None:
            out["trend"] = {"slope_per_year": self.trend.slope, "points": self.trend.n}
        return out


def _reported_apart(rows: Sequence[Observation]) -> bool:
    """Whether two or more reporters' rows fall on different dates (no reporter is one).

    Examples
    --------
    >>> import datetime as dt
    >>> from collective_impact.model import Observation
    >>> def row(day, who):
    ...     return Observation(date=dt.date(2024, 9, day), value=1.0, reported_by=who)
    >>> _reported_apart([row(1, "p"), row(3, "q")]), _reported_apart([row(1, "p"), row(1, "q")])
    (True, False)
    >>> _reported_apart([row(1, "p"), row(3, "p")]), _reported_apart([row(1, "p"), row(3, None)])
    (False, True)
    """
    by_date: dict[dt.date, set[str | None]] = {}
    for o in rows:
        by_date.setdefault(o.date, set()).add(o.reported_by)
    everyone = set().union(*by_date.values())
    return len(everyone) >= 2 and any(found != everyone for found in by_date.values())


def _missing_reporters(rows: Sequence[Observation], frequency: Frequency | None) -> tuple[str, ...]:
    """Return the reporters of the previous period of ``rows`` who report none of the latest.

    ``rows``: one series' observations (the whole population's after the baseline, up to
    ``as_of``); a period is a calendar period with a ``frequency``, a date without one. The
    previous period is the series' last period with a value before the latest one: a partner
    who stopped reporting before it is not named beside every later value. A row without
    ``reported_by`` names no reporter: it is not missed, nor does it stand for one. One pass
    over the rows. See :attr:`IndicatorMeasurement.latest_missing_reporters`.

    Examples
    --------
    p and q report every quarter; in the latest only p has:

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency, Observation
    >>> def row(month, day, who):
    ...     return Observation(date=dt.date(2025, month, day), value=1.0, reported_by=who)
    >>> rows = [row(1, 15, "p"), row(1, 20, "q"), row(4, 15, "p"), row(4, 20, "q"),
    ...         row(7, 15, "p")]
    >>> quarterly = Frequency.QUARTERLY
    >>> _missing_reporters(rows, quarterly), _missing_reporters(rows[:4], quarterly)
    (('q',), ())

    Without a frequency each date is a period: q's date is the latest, and p reported an
    earlier one. A row without ``reported_by`` names no one:

    >>> unnamed = [row(1, 15, None), row(4, 15, "p")]
    >>> _missing_reporters(rows[:4], None), _missing_reporters(unnamed, None)
    (('p',), ())

    q reported the first quarter, not the second: the third quarter's value is not said to
    leave q out (q left before the quarter the latest value follows):

    >>> _missing_reporters([rows[0], rows[1], rows[2], row(7, 15, "p")], quarterly)
    ()
    """
    by_key: dict[int, set[str]] = {}
    for o in rows:
        key = o.date.toordinal() if frequency is None else frequency.period(o.date)
        found = by_key.setdefault(key, set())
        if o.reported_by:  # a row without one names no one to miss (nor to ask)
            found.add(o.reported_by)
    if not by_key:
        return ()
    last = max(by_key)
    previous = max((key for key in by_key if key != last), default=None)
    if previous is None:
        return ()
    return tuple(sorted(by_key[previous] - by_key[last]))


def _previous_period_day(
    rows: Sequence[Observation], frequency: Frequency | None
) -> dt.date | None:
    """Return the last date of a report of the previous period :func:`_missing_reporters` reads.

    The period before the latest one with a value (a calendar period with a ``frequency``, a
    date without one): the one whose reporters :attr:`IndicatorMeasurement.latest_missing_reporters`
    names. ``None`` with fewer than two periods. One pass over the rows.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency, Observation
    >>> rows = [Observation(date=dt.date(y, 3, d), value=1.0) for y, d in
    ...         ((2022, 1), (2023, 1), (2023, 2), (2025, 1))]
    >>> _previous_period_day(rows, Frequency.ANNUAL), _previous_period_day(rows[:1], None)
    (datetime.date(2023, 3, 2), None)
    """
    last: dict[int, dt.date] = {}
    for o in rows:
        key = o.date.toordinal() if frequency is None else frequency.period(o.date)
        if key not in last or o.date > last[key]:
            last[key] = o.date
    if not last:
        return None
    latest = max(last)
    previous = max((key for key in last if key != latest), default=None)
    return None if previous is None else last[previous]


def fresh_until(indicator: Indicator, day: dt.date, config: ScoringConfig | None = None) -> dt.date:
    r"""Return the last date on which a measurement of ``indicator`` dated ``day`` is fresh.

    On any later date of judgement the measurement is stale
    (:attr:`IndicatorMeasurement.stale`, :attr:`IndicatorMeasurement.series_stale`,
    :attr:`Disparity.stale`). With a reporting ``frequency`` of :math:`m` months (12, 3 or 1),
    ``stale_after_periods`` :math:`N` is counted on the calendar, as reports are due:
    :math:`M = N m` months, :math:`k = \lfloor M \rfloor` whole calendar months and the
    fraction :math:`\varphi = M - k` of the month after them,

    .. math::

        \text{fresh until} = A(k) + \lfloor \varphi \, (A(k + 1) - A(k)) \rfloor \text{ days},

    with :math:`A(j)` the date :math:`j` calendar months after ``day``: the day of the month
    kept, a day a shorter month lacks becoming its last day (31 January and 1 month is 28 or 29
    February), and the last day of a month staying the last day of a month (30 June and 6
    months is 31 December). A value exactly :math:`N` periods old is fresh, whatever leap days
    and month lengths lie between; one day more is stale. :math:`N` is taken as written (its
    shortest decimal: 0.7 is 7/10), so the fraction of days is exact. Without a frequency,
    ``day`` plus ``stale_after_days`` days (stale when more than that many days old). Never
    after :attr:`datetime.date.max`.

    (A count of days, :math:`N m \times 365.25 / 12`, made a value two years old stale or
    fresh by the leap days between: 730.5 days judged 30 June 2022 stale on 30 June 2024 and
    30 June 2021 fresh on 30 June 2023.)

    Parameters
    ----------
    indicator
        The indicator (its ``frequency``).
    day
        The date of the measurement.
    config
        ``stale_after_periods`` and ``stale_after_days``; the defaults when ``None``.

    Returns
    -------
    datetime.date
        The last date of judgement on which the measurement is not stale.

    Raises
    ------
    ArgumentTypeError
        When ``indicator`` is not an :class:`~collective_impact.Indicator`, ``day`` not a
        date or ``config`` neither ``None`` nor a :class:`~collective_impact.ScoringConfig`.

    References
    ----------
    - Friedman, M. (2005). *Trying Hard Is Not Good Enough*. Trafford.

    Examples
    --------
    Two quarterly periods (the default ``stale_after_periods`` is 2) are 6 calendar months:
    a value of 30 September 2025 is fresh until 31 March 2026 (182 days), one of 31 March 2025
    until 30 September 2025 (183 days).

    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> quarterly = ci.Indicator(id="i", name="I", frequency="quarterly")
    >>> fresh_until(quarterly, dt.date(2025, 9, 30)), fresh_until(quarterly, dt.date(2025, 3, 31))
    (datetime.date(2026, 3, 31), datetime.date(2025, 9, 30))

    Two and a half monthly periods from 31 January 2025: 2 months to 31 March, then half of the
    30 days to 30 April, 15 days: fresh until 15 April.

    >>> monthly = ci.Indicator(id="m", name="M", frequency="monthly")
    >>> fresh_until(monthly, dt.date(2025, 1, 31), ci.ScoringConfig(stale_after_periods=2.5))
    datetime.date(2025, 4, 15)
    """
    expect_indicator(indicator)
    expect_type(day, dt.date, argument="day", expected="a date")
    expect_config(config)
    cfg = config if config is not None else ScoringConfig()
    return _fresh_until(dt.date(day.year, day.month, day.day), indicator.frequency, cfg)


def _fresh_until(day: dt.date, frequency: Frequency | None, config: ScoringConfig) -> dt.date:
    """:func:`fresh_until` from the ``frequency`` alone (the rule, without argument checks)."""
    last = dt.date.max.toordinal()
    if frequency is None:
        return dt.date.fromordinal(min(day.toordinal() + math.floor(config.stale_after_days), last))
    months = fractions.Fraction(repr(config.stale_after_periods)) * frequency.months
    whole = math.floor(months)
    # more months than lie between ``day`` and the calendar's last month: never stale
    if whole > dt.MAXYEAR * 12 + 11 - (day.year * 12 + day.month - 1):
        return dt.date.max
    start = months_later(day, whole, month_end=True)
    span = months_later(day, whole + 1, month_end=True) - start
    return dt.date.fromordinal(min(start + math.floor((months - whole) * span), last))


def _too_old(
    day: dt.date, as_of: dt.date | None, frequency: Frequency | None, config: ScoringConfig
) -> bool:
    """Whether a measurement dated ``day`` is stale on ``as_of``: after :func:`fresh_until`.

    Never stale without a date of judgement. The rule of :attr:`IndicatorMeasurement.stale`
    (from the last measurement), :attr:`IndicatorMeasurement.series_stale` (from the last
    whole-population value) and :attr:`Disparity.stale` (from the last date the groups were
    compared).

    >>> import datetime as dt
    >>> from collective_impact import Frequency, ScoringConfig
    >>> annual, cfg = Frequency.ANNUAL, ScoringConfig()
    >>> _too_old(dt.date(2022, 6, 30), dt.date(2024, 6, 30), annual, cfg)  # 731 days
    False
    >>> _too_old(dt.date(2022, 6, 30), dt.date(2024, 7, 1), annual, cfg)
    True
    >>> _too_old(dt.date(2017, 6, 30), None, annual, cfg)
    False
    """
    return as_of is not None and as_of > _fresh_until(day, frequency, config)


def latest_date(initiative: Initiative) -> dt.date | None:
    """Return the date of the latest measurement of an initiative: an observation or a baseline.

    This is the default date of judgement (``as_of``) of :func:`measurement` and
    :func:`~collective_impact.assess`, so results never depend on the day they are computed.
    Observations of any indicator and any group count, and baselines, which are values
    measured once (freshness and completeness count them too): a baseline measured after every
    observation was "not known yet" on the default date, and its indicator had "no baseline".
    Planned dates (activity starts and ends, targets, the funding horizon) are left out: a
    planned activity starting in 2031 must not move the judgement to 2031.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    datetime.date or None
        ``None`` when the initiative has no observation and no baseline.

    References
    ----------
    - Friedman, M. (2005). *Trying Hard Is Not Good Enough*. Trafford.

    Examples
    --------
    >>> import collective_impact as ci
    >>> latest_date(ci.load_example("workforce"))
    datetime.date(2010, 12, 31)
    """
    observed = (o.date for i in initiative.indicators for o in i.observations)
    baselines = (i.baseline.date for i in initiative.indicators if i.baseline is not None)
    return max(itertools.chain(observed, baselines), default=None)


def as_date(as_of: object) -> dt.date | None:
    """Return a date of judgement given as a date, a datetime or ``"YYYY-MM-DD"``, as a date.

    A datetime is its day; a text is read as the formats read dates. Anything else, or a text
    that is not such a date, is refused with its reason: comparing a text or a datetime with
    the dates of the observations raised a bare ``TypeError``.

    Parameters
    ----------
    as_of
        ``None``, a :class:`datetime.date`, a :class:`datetime.datetime` or a text.

    Returns
    -------
    datetime.date or None

    Raises
    ------
    ValidationError
        When ``as_of`` is of another type, or a text that is not a date written
        ``YYYY-MM-DD``.

    Examples
    --------
    >>> import datetime as dt
    >>> as_date("2025-09-01"), as_date(dt.datetime(2025, 9, 1, 23, 30)), as_date(None)
    (datetime.date(2025, 9, 1), datetime.date(2025, 9, 1), None)
    >>> as_date(20250901)
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 1 problem:
      as_of: expected a date (datetime.date or 'YYYY-MM-DD'), got int 20250901
    """
    if as_of is None or type(as_of) is dt.date:
        return as_of
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):  # a subclass of date
        return dt.date(as_of.year, as_of.month, as_of.day)
    if isinstance(as_of, str):
        try:
            return parse_date(as_of)
        except ValueError as exc:
            raise ValidationError([("as_of", str(exc))]) from None
    expected = "expected a date (datetime.date or 'YYYY-MM-DD')"
    raise ValidationError([("as_of", f"{expected}, got {type(as_of).__name__} {shown(as_of)}")])


def resolve_as_of(
    initiative: Initiative, as_of: dt.date | None = None
) -> tuple[dt.date | None, str]:
    """Return the date of judgement of an initiative and where it came from.

    Precedence: the ``as_of`` argument, else the ``as_of`` the file states (``Initiative.as_of``),
    else the latest observation or baseline (:func:`latest_date`: a baseline is a value
    measured once), else none.

    Parameters
    ----------
    initiative
        The initiative.
    as_of
        An explicit date of judgement, or ``None``.

    Returns
    -------
    tuple of (datetime.date or None, str)
        The date, and its source: ``"argument"``, ``"file"``, ``"latest observation"``,
        ``"latest baseline"`` (a baseline measured after every observation) or ``"none"`` (no
        date given, no observation and no baseline: every indicator has insufficient data).

    Raises
    ------
    AsOfError
        When an explicit date (argument or file) is before every observation and every baseline
        of the initiative: everything dated after it is left out, so nothing would be measured.

    References
    ----------
    - Friedman, M. (2005). *Trying Hard Is Not Good Enough*. Trafford.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> resolve_as_of(ci.load_example("workforce"))
    (datetime.date(2010, 12, 31), 'latest observation')
    >>> resolve_as_of(ci.load_example("workforce"), dt.date(2009, 6, 30))
    (datetime.date(2009, 6, 30), 'argument')
    """
    stated: dt.date | None = getattr(initiative, "as_of", None)
    as_of = as_date(as_of)
    if as_of is not None:
        when, source = as_of, "argument"
    elif stated is not None:
        when, source = stated, "file"
    else:
        latest = latest_date(initiative)
        if latest is None:
            return None, "none"
        observed = any(o.date == latest for i in initiative.indicators for o in i.observations)
        return latest, "latest observation" if observed else "latest baseline"
    # a baseline is a measurement: a date after one, before every observation, measures it
    earliest = min(
        itertools.chain(
            (o.date for i in initiative.indicators for o in i.observations),
            (i.baseline.date for i in initiative.indicators if i.baseline is not None),
        ),
        default=None,
    )
    if earliest is not None and when < earliest:
        raise AsOfError(when, earliest=earliest, source=source)
    return when, source


def baseline_until(indicator: Indicator) -> dt.date | None:
    """Return the last day the indicator's baseline stands for; ``None`` without a baseline.

    The baseline's date, or, for an indicator with a reporting ``frequency``, the last day of
    the period that holds it: the reports of a period are one measurement (two partners'
    figures of one year, filed on 1 and 3 September), and the baseline is that of its period.
    A value dated after this day measures progress; one dated on or before it does not: a
    value of the baseline's own date (files often repeat the baseline as an observation) or of
    its period is the baseline again. Another partner's figure of the baseline's year, dated
    two days after it, was progress enough to make the indicator ``met``, and repeating the
    baseline as an observation gave the trend one more point, and a forecast.

    Parameters
    ----------
    indicator
        The indicator.

    Returns
    -------
    datetime.date or None
        The baseline's date without a ``frequency``; with one, the last day of its period.

    Examples
    --------
    >>> import datetime as dt
    >>> from collective_impact.model import DatedValue, Indicator
    >>> base = DatedValue(date=dt.date(2024, 9, 1), value=40.0)
    >>> baseline_until(Indicator(id="i", name="I", baseline=base))
    datetime.date(2024, 9, 1)
    >>> baseline_until(Indicator(id="i", name="I", baseline=base, frequency="annual"))
    datetime.date(2024, 12, 31)
    >>> baseline_until(Indicator(id="i", name="I", baseline=base, frequency="quarterly"))
    datetime.date(2024, 9, 30)
    """
    baseline, frequency = indicator.baseline, indicator.frequency
    if baseline is None:
        return None
    if frequency is None:
        return baseline.date
    return frequency.last_day(baseline.date)


def in_measured_period(
    day: dt.date, baseline_date: dt.date | None, frequency: Frequency | None
) -> bool:
    """Return whether a report dated ``day`` is of its indicator's measured period.

    The measured period begins with the baseline: with a reporting ``frequency``, with the
    calendar period that holds the baseline's date (a value of that period is the baseline
    again, :func:`baseline_until`: which partner filed
    a day before the other decides nothing; the groups and the whole population's series read it
    so, and a report of the baseline's year dated before its day is a report of that year's
    figure); without one, on the baseline's date. A report of
    an earlier period (date) is history. Without a baseline every report is of it.

    Parameters
    ----------
    day
        The report's date.
    baseline_date
        The date of the baseline known on the date of judgement (``None``: none).
    frequency
        The indicator's reporting frequency (``None``: none).

    Returns
    -------
    bool
        ``True`` when the report is of the measured period.

    Examples
    --------
    An annual baseline of 2020 dated 31 December: a report of September 2020 is of its year,
    and counts, as it does beside the same baseline dated 30 June; without a frequency it
    is dated before the baseline, and is history.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> day, base = dt.date(2020, 9, 1), dt.date(2020, 12, 31)
    >>> in_measured_period(day, base, Frequency.ANNUAL), in_measured_period(day, base, None)
    (True, False)
    >>> in_measured_period(dt.date(2019, 12, 31), base, Frequency.ANNUAL)
    False
    """
    if baseline_date is None:
        return True
    if frequency is None:
        return day >= baseline_date
    return frequency.period(day) >= frequency.period(baseline_date)


def _before_baseline(day: dt.date, indicator: Indicator) -> bool:
    """Whether a value of ``day`` is history: before the baseline's date, or its period."""
    baseline, frequency = indicator.baseline, indicator.frequency
    if baseline is None:
        return False
    if frequency is None:
        return day < baseline.date
    return frequency.period(day) < frequency.period(baseline.date)


def _completeness(
    indicator: Indicator, points: Sequence[tuple[dt.date, float]], as_of: dt.date | None
) -> float | None:
    """Share of periods with data; ``points`` is the series from the baseline on."""
    frequency = indicator.frequency
    if frequency is None:
        return None
    # the baseline is a measurement too: its period counts as reported
    dates = [d for d, _ in points] + ([indicator.baseline.date] if indicator.baseline else [])
    if not dates:
        return 0.0
    start = min(dates)
    end = as_of if as_of is not None else max(dates)
    if end < start:
        return None
    covered = {frequency.period(d) for d in dates if start <= d <= end}
    # the period of the date of judgement is still running: owed once it has ended, counted
    # now only if it is already reported (it was owed from its first day: 1 of 5 periods
    # "missed" on 2 January for a report due in September)
    current = frequency.period(end)
    expected = current - frequency.period(start) + (1 if current in covered else 0)
    return len(covered) / expected


#: The statuses a forecast decides when no value of the target date is in (:func:`_status`).
_FORECAST_STATUSES = frozenset(
    {IndicatorStatus.ON_TRACK, IndicatorStatus.AT_RISK, IndicatorStatus.OFF_TRACK}
)


def _target_observed(
    dates: Sequence[dt.date],
    target: dt.date,
    frequency: Frequency | None,
    as_of: dt.date | None,
    *,
    early: dt.date | None = None,
) -> bool:
    """Whether the value of the ``target`` date is in: a final figure of its period or later.

    :attr:`IndicatorMeasurement.target_date_observed`: the status is then what happened (rule
    5), not a forecast. ``dates`` are those of the whole-population values judged
    (:func:`_by_period`, from the baseline on), sorted. With a reporting ``frequency``, a
    value of the target date's period or of a later one is in, and its period has ended:
    ``as_of`` is on or after its last day (the snapshot then holds every report dated in it).
    A period's value is each partner's latest report of it, whichever side of the target
    date a partner filed on, so 2025's figure filed on 1 September settles a target of 30
    June or 31 December 2025 once the year is over; while it runs, a later report of the year
    may still revise the value (the figure so far), and the forecast judges. The figure so far
    of a later period settles nothing either: with no value of the target's period ever
    reported, 2025's 72 of March against 75 by 30 June 2024 was "target missed" on 1 April
    2025, a fact the data did not show (the target's period had ended, the latest value's
    had not). Without a frequency each date is a measurement: the latest value is dated on or
    after the target date. With ``as_of=None`` nothing but the data says the target date has
    come: a value dated on or after it, the rule without a frequency.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> june, sept, dec = dt.date(2025, 6, 30), dt.date(2025, 9, 1), dt.date(2025, 12, 31)
    >>> _target_observed([sept], dec, Frequency.ANNUAL, dt.date(2026, 6, 30))
    True
    >>> _target_observed([sept], dec, Frequency.ANNUAL, dec)  # the year's last day: all in
    True
    >>> _target_observed([sept], dec, Frequency.ANNUAL, dt.date(2025, 10, 1))
    False
    >>> _target_observed([sept], june, Frequency.ANNUAL, dt.date(2025, 10, 1))  # 2025 runs
    False
    >>> _target_observed([sept], dt.date(2024, 6, 30), Frequency.ANNUAL, dt.date(2025, 10, 1))
    False
    >>> _target_observed([sept], dec, None, dt.date(2026, 6, 30))  # 1 September: not the date
    False
    >>> _target_observed([sept], dec, Frequency.ANNUAL, None)  # nothing says the date has come
    False

    ``early``: the date of a value that met the target early (:func:`_met_early_on`, the
    target's period with no value). Once the target's period has ended (without a frequency,
    from the target date on), that is what happened at the target date, as a value of the
    period meeting it on time: the status is a fact, not a forecast of a period gone by.
    2024's 76 met 75 by 30 June 2025, 2025's figure never reported: on 1 April 2026, 2026's
    70 so far read "forecast: at risk", a forecast of 2025's figure (71.57), while 2025's 76
    and the same 70 read "met, then fell back (2026's figure so far)".

    >>> _target_observed([dt.date(2024, 9, 1)], june, Frequency.ANNUAL, dt.date(2026, 4, 1),
    ...                  early=dt.date(2024, 9, 1))
    True
    >>> _target_observed([dt.date(2024, 9, 1)], june, Frequency.ANNUAL, dt.date(2025, 12, 30),
    ...                  early=dt.date(2024, 9, 1))  # 2025 runs: a report of it may come
    False
    """
    if not dates:
        return False
    if early is not None and as_of is not None:
        ended = target if frequency is None else frequency.last_day(target)
        if as_of >= ended:
            return True
    if frequency is None or as_of is None:
        return dates[-1] >= target
    due = frequency.period(target)
    return any(frequency.period(d) >= due and as_of >= frequency.last_day(d) for d in dates)


def _target_so_far(
    latest: dt.date | None,
    target: dt.date,
    frequency: Frequency | None,
    observed: bool,
) -> bool:
    """Whether the latest value is a figure so far of the target's period (the forecast judges).

    With a reporting ``frequency``, the latest value (dated ``latest``) is of the period
    holding the ``target`` date and is not yet its value (``observed`` false,
    :func:`_target_observed`: the period still runs, or, with ``as_of=None``, the value is
    dated before the target date). The status is then the forecast's (rules 6 to 9), but a
    figure so far that misses the target caps it at ``at-risk`` (:func:`_status`). Without a
    frequency each date is a measurement, and a value dated before the target date is not of
    its date: ``False``.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> june = dt.date(2025, 6, 30)
    >>> _target_so_far(june, june, Frequency.ANNUAL, False)
    True
    >>> _target_so_far(dt.date(2024, 6, 30), june, Frequency.ANNUAL, False)  # an earlier year
    False
    >>> _target_so_far(june, june, Frequency.ANNUAL, True), _target_so_far(june, june, None, False)
    (False, False)
    """
    if latest is None or frequency is None or observed:
        return False
    return frequency.period(latest) == frequency.period(target)


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_of(first: dt.date, months: int) -> tuple[int, int]:
    """Return the (year, month) ``months`` calendar months after the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return index // 12, index % 12 + 1


#: The fixed days of the month a reporting convention may use that a month's last day can be
#: (30 June is the end of June or "the 30th"; 28 February the end of February or "the 28th").
_LATE_DAYS = (28, 29, 30)


def _gives(convention: int | None, day: dt.date) -> bool:
    """Whether ``day`` is the day of its month a month's-last-day ``convention`` gives.

    ``None``: the month's end; 28, 29 or 30: that day, or the month's last day in a shorter
    month (28 February is "the 30th" of February).
    """
    length = _month_length(day.year, day.month)
    return day.day == (length if convention is None else min(convention, length))


def _month_last(dates: Iterable[dt.date]) -> int | None:
    """Return how a series reads a month's last day: ``None`` (its end) or 28, 29 or 30.

    Of the conventions "the month's end", "the 28th", "the 29th" and "the 30th", the one that
    gives the most of ``dates`` exactly (:func:`_gives`); the month's end on a tie. See
    :func:`_calendar_places`.

    >>> import datetime as dt
    >>> _month_last([dt.date(2024, 1, 30), dt.date(2024, 2, 29), dt.date(2024, 4, 30)])
    30
    >>> _month_last([dt.date(2024, 3, 31), dt.date(2024, 6, 30)]) is None
    True
    """
    days = list(dates)
    conventions: list[int | None] = [None, *_LATE_DAYS]
    explained = [sum(_gives(c, d) for d in days) for c in conventions]
    return conventions[explained.index(max(explained))]  # the first on a tie: the month's end


def _calendar_places(
    dates: Sequence[dt.date], frequency: Frequency, chosen: int | None
) -> list[tuple[int, int]]:
    """Return where each date sits in its period on the calendar: ``(months, place in month)``.

    ``months`` counts the months since the period's first month; the place in the month is
    :func:`_month_slot`'s, the one the trend's time axis reads (31 for a month's end). A
    month's last day is either its end or a fixed day (30 June is "the 30th" in a series of the
    30th): of the conventions "the month's end" and "the 28th", "the 29th", "the 30th" (each
    the month's last day in a shorter month), the one that gives the most of the dates exactly
    is the series' (the month's end on a tie), and every date it gives is read as it (28
    February in a series of the 30th is "the 30th"); the other dates are their own days.
    ``chosen`` is that convention (:func:`_month_last`), read from every point of the trend, as
    the trend's time axis reads it (:attr:`Trend.month_last`). Reading every last day as the
    month's end put monthly figures of the 30th on 31 July; counting late days as votes for a
    fixed day put quarter ends after a year of figures of the 28th on 30 December, and
    last-business-day figures (28 February, 29 March, 30 April) on 29 May (found by reviewers).
    """
    places: list[tuple[int, int]] = []
    for day in dates:
        first = frequency.first_day(day)
        months = (day.year - first.year) * 12 + day.month - first.month
        places.append((months, _month_slot(day, chosen)))
    return places


def _usual_place(
    dates: Sequence[dt.date], frequency: Frequency
) -> tuple[tuple[int, int], int | None]:
    """Return a series' usual place in its periods, and how the time axis reads it.

    The place is the lower median (the earlier of the middle two for an even count) of the
    places of ``dates`` in their periods (:func:`_calendar_places`: the month of the period
    and the place in the month, a month's last day read by the convention that gives the most
    of ``dates``, :func:`_month_last`), sorted, so it does not depend on their order. The
    reading is the convention that reads every date at that place as it (the month's end for
    a place of 31; "the 28th", "the 29th" or "the 30th" for those places, so that 28 February
    in a series of the 30th is that series' 30th; else the series' own), so that the places
    of every period, and of the target's, are the same on the axis.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> days = [dt.date(2022, 9, 1), dt.date(2023, 12, 15), dt.date(2024, 9, 1)]
    >>> _usual_place(days, Frequency.ANNUAL)  # the ninth month's 1st
    ((8, 1), None)
    >>> _usual_place([dt.date(2023, 3, 30), dt.date(2023, 6, 30)], Frequency.QUARTERLY)
    ((2, 30), 30)
    """
    chosen = _month_last(dates)
    places = sorted(_calendar_places(dates, frequency, chosen))
    place = places[(len(places) - 1) // 2]
    slot = place[1]
    reading = None if slot == _MONTH_PLACES else slot if slot in _LATE_DAYS else chosen
    return place, reading


def _at_place(day: dt.date, frequency: Frequency, place: tuple[int, int]) -> dt.date:
    """Return the date at ``place`` (:func:`_usual_place`) in the period holding ``day``.

    The same month of the period and the same day (a day beyond a shorter month, a month's
    end included, is its last day).

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> _at_place(dt.date(2024, 5, 2), Frequency.QUARTERLY, (2, 31))
    datetime.date(2024, 6, 30)
    """
    months, slot = place
    year, month = _month_of(frequency.first_day(day), months)
    return dt.date(year, month, min(slot, _month_length(year, month)))


def _indicator_place(dates: Iterable[dt.date], frequency: Frequency | None) -> _Place | None:
    """Return the usual place in a period (:func:`_usual_place`) of ``dates``: ``None`` without.

    ``None`` too without a ``frequency``: each date is then a point of its own. Measuring an
    indicator, ``dates`` are those of its whole-population trend's points (from the baseline
    on), whose usual place every line of the indicator puts its points at
    (:func:`_placed_line`): the trend's, each group's, the gap series' and turn-the-curve's
    history, so that a period is one measurement at one place on one axis.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> days = [dt.date(2022, 9, 1), dt.date(2023, 12, 15), dt.date(2024, 9, 1)]
    >>> _indicator_place(days, Frequency.ANNUAL)  # the ninth month's 1st
    ((8, 1), None)
    >>> _indicator_place(days, None) is None
    True
    """
    chosen = sorted(dates)
    if frequency is None or not chosen:
        return None
    return _usual_place(chosen, frequency)


def _placed_dates(
    dates: Sequence[dt.date], frequency: Frequency | None, place: _Place | None = None
) -> list[dt.date]:
    """Return where the trend puts each point of ``dates`` (its points' dates, sorted).

    With a ``frequency``, each at the indicator's usual place in its period
    (:func:`_indicator_place`, :func:`_at_place`), where the line counts it; without one, each
    at its date. ``place`` is that usual place: by default the one of ``dates`` (the whole
    population's trend's points); a group's points are placed at the indicator's
    (:func:`_chart_place`). The charts draw the points there, on the line they are fitted on
    (:func:`_drawn_dates`): drawn at their latest reports, a period's figure filed late sat
    months off its place on the line, and the forecast of its period was drawn before it.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> days = [dt.date(2022, 3, 1), dt.date(2023, 3, 1), dt.date(2024, 5, 2)]
    >>> [d.isoformat() for d in _placed_dates(days, Frequency.ANNUAL)]
    ['2022-03-01', '2023-03-01', '2024-03-01']
    """
    if place is None:
        place = _indicator_place(dates, frequency)
    if place is None or frequency is None:
        return list(dates)
    return [_at_place(day, frequency, place[0]) for day in dates]


def _chart_place(
    whole: Iterable[dt.date], groups: Iterable[dt.date], frequency: Frequency | None
) -> _Place | None:
    """Return the usual place every line of an indicator's chart puts its points at.

    The measurement's own (:func:`measure_indicator`, :func:`_groups`): that of the whole
    population's trend's points, ``whole`` (after the baseline's date or period), else, with
    none, that of every group's points, ``groups`` (from the baseline's period on). ``None``
    without a ``frequency``. A period's figure of a group and of the whole population are one
    date on one axis: drawn at its latest report, a group's figure of 2026 filed on 1 March
    stood six months left of the whole population's of the same year, at 1 September.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> whole = [dt.date(2022, 9, 1), dt.date(2023, 9, 1), dt.date(2024, 9, 1)]
    >>> _chart_place(whole, [dt.date(2024, 3, 1)], Frequency.ANNUAL)
    ((8, 1), None)
    >>> _chart_place([], [dt.date(2023, 3, 1), dt.date(2024, 3, 1)], Frequency.ANNUAL)
    ((2, 1), None)
    """
    place = _indicator_place(whole, frequency)
    return place if place is not None else _indicator_place(groups, frequency)


def _drawn_dates(
    dates: Sequence[dt.date], places: Sequence[dt.date], as_of: dt.date | None
) -> list[dt.date]:
    """Return where a chart draws each point: at its place, unless that is after ``as_of``.

    ``dates`` are the points' latest reports, ``places`` where the trend counts them
    (:func:`_placed_dates`). A point
    whose place lies after the date of judgement is the figure so far of a period still
    running, filed earlier in it than usual: it is drawn at its latest report (never after
    ``as_of``), off the line the trend counts it on at its place. Drawn at its place, 2026's
    70 of 1 March, judged on 1 April 2026 in a series of 1 September, stood five months right
    of the date of judgement.

    >>> import datetime as dt
    >>> days = [dt.date(2025, 9, 1), dt.date(2026, 3, 1)]
    >>> places = [dt.date(2025, 9, 1), dt.date(2026, 9, 1)]
    >>> [d.isoformat() for d in _drawn_dates(days, places, dt.date(2026, 4, 1))]
    ['2025-09-01', '2026-03-01']
    """
    return [
        day if as_of is not None and at > as_of else at
        for day, at in zip(dates, places, strict=True)
    ]


def forecast_date(
    target: dt.date, dates: Sequence[dt.date], frequency: Frequency | None
) -> dt.date:
    """Return the date the forecast of a target is made at (:attr:`Forecast.date`).

    Without a reporting ``frequency``, the target date. With one, a target is for the figure of
    the period holding its date (a graduation rate of 75 by 30 June 2025 is 2025's rate), and
    the forecast is of that figure, where it sits on the line: at the series' usual place in a
    period (:func:`_usual_place`), the place where the trend puts every period's point
    (:func:`_placed_line`), carried into the target's period. A point's place is the month
    of its period and the day of the month, or the month's end (1 March is the 1st of its
    year's third month, 31 December the end of its twelfth). A month's last day is the month's
    end or a fixed day, the 28th, 29th or 30th, whichever of those conventions gives the most
    of the trend's points exactly (the month's end on a tie): 30 September among quarter ends
    is a quarter's end, among figures of 30 March and 30 June "the 30th". The usual place is
    the lower median of the places of every point of the trend, those of the target's period
    too (the earlier of the middle two for an even count), carried into the target's period
    (a day beyond a shorter month is its last day). Counting days instead put the figures of 1
    March of a leap year on 29 February, those of 30 June on 29 June, those of each quarter's
    last day on 29 September, and those of the 16th of each month on the 14th of February.

    A point of the target's period is a place like any other: it never moves the forecast
    off the usual place. A figure so far of February better than the trend moved it back
    (from 74.996 on 1 September to 73.148 on 1 February: ``at-risk`` became ``off-track``),
    and a report later than usual forward: q's 74 filed on 15 November beside p's same 74 of
    1 March moved the forecast of a line through 1 March's figures from 1 March to 15
    November, and ``off-track`` became ``at-risk`` on the same figures.

    The line at the target date itself judged annual figures of 1 March against a target of 31
    December ten months past where the year's figure sits (``on-track`` where the trend gave
    the year's figure exactly 75 against 76), and figures of 1 September against 30 June two
    months short of it (``at-risk`` where the trend gave exactly the target).

    Parameters
    ----------
    target
        The target date.
    dates
        The dates of the trend's points (one a period, at the period's latest report date).
    frequency
        The indicator's reporting frequency, or ``None``.

    Returns
    -------
    datetime.date
        The date the trend is evaluated at; the same for any order of ``dates``.

    Examples
    --------
    Annual figures of 1 March sit on 1 March, in a leap year too; those of 1 September on 1
    September; those of each quarter's last day on the quarter's last day:

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> days = [dt.date(2022, 3, 1), dt.date(2023, 3, 1), dt.date(2024, 3, 1)]
    >>> forecast_date(dt.date(2028, 12, 31), days, Frequency.ANNUAL)
    datetime.date(2028, 3, 1)
    >>> forecast_date(dt.date(2025, 12, 31), days, None)
    datetime.date(2025, 12, 31)
    >>> septembers = [dt.date(2022, 9, 1), dt.date(2023, 9, 1), dt.date(2024, 9, 1)]
    >>> forecast_date(dt.date(2025, 6, 30), septembers, Frequency.ANNUAL)
    datetime.date(2025, 9, 1)
    >>> ends = [dt.date(2023, 3, 31), dt.date(2023, 6, 30), dt.date(2023, 9, 30)]
    >>> forecast_date(dt.date(2024, 9, 30), ends, Frequency.QUARTERLY)
    datetime.date(2024, 9, 30)

    A point of the target's own period, earlier or later, does not move it:

    >>> forecast_date(dt.date(2025, 12, 31), days + [dt.date(2025, 2, 1)], Frequency.ANNUAL)
    datetime.date(2025, 3, 1)
    >>> forecast_date(dt.date(2025, 12, 31), days + [dt.date(2025, 11, 15)], Frequency.ANNUAL)
    datetime.date(2025, 3, 1)
    """
    if frequency is None or not dates:
        return target
    # one reading of a month's last day for the places and the trend's time axis: that of all
    # the trend's points (read from the other periods' alone, figures of 28 February 2021-2023
    # and 2024's figure so far of 28 February put the forecast on 29 February, 3/372 of a year
    # past where the line's points sit: 75.032 for a line through 75, on-track against 75.02)
    place, _ = _usual_place(dates, frequency)
    return _at_place(target, frequency, place)


def _status(
    indicator: Indicator,
    better: Direction | None,
    latest: tuple[dt.date, float] | None,
    forecast: Forecast | None,
    until: dt.date | None,
    observed: bool,
    scales: tuple[float, float],
    so_far: bool = False,
) -> IndicatorStatus:
    """``better``: :attr:`Indicator.better`, read before a baseline dated after as_of is cut.

    ``observed``: whether the latest value is the value of the target date
    (:func:`_target_observed`). ``scales``: the magnitude of the reports the latest value
    averages and of those the trend's points average (:func:`_point_scale`), the rounding of
    the latest value and of the forecast (:func:`reaches`). ``so_far``: whether the latest
    value is a figure so far of the target's period (:func:`_target_so_far`): one that misses
    the target is never ``on-track``, whatever the forecast of the period's final figure.
    """
    target = indicator.target
    if target is None:
        return IndicatorStatus.INSUFFICIENT_DATA
    if better is None:
        # only for data built around the model's checks: it refuses a target without a
        # baseline unless direction is stated, and a target equal to its baseline
        return IndicatorStatus.INSUFFICIENT_DATA
    sign = 1.0 if better is Direction.INCREASE else -1.0
    baseline = indicator.baseline
    start = baseline.value if baseline is not None else None
    if start is not None and not _beyond(target.value, start, sign):
        # no progress can be made towards such a target: never ``met`` (nor anything else)
        return IndicatorStatus.INSUFFICIENT_DATA
    if latest is None:  # nothing observed from the baseline on, up to as_of
        return IndicatorStatus.INSUFFICIENT_DATA
    if baseline is not None and not _after_baseline(latest, until):
        # only values of the baseline's own date (or period): the baseline again, no progress
        # measured (progress is None), so no verdict either (one value of it "met" its target)
        return IndicatorStatus.INSUFFICIENT_DATA
    # rules 4, 7 and 8 compare computed values (a mean of repeated dates, a forecast) with the
    # target up to rounding: 10.399999999999999, the mean of 10.2 and 10.6, meets 10.4
    latest_scale, trend_scale = scales
    if reaches(sign * latest[1], sign * target.value, latest_scale):
        return IndicatorStatus.MET
    if observed:
        # the target date has come and its value (of its period, once that period has ended,
        # with a frequency) missed the target: a fact. Before that value comes in, the value
        # then is only forecast (below), as the day before the target date: its passing alone
        # says nothing, nor does the figure so far of a period still running.
        return IndicatorStatus.OFF_TRACK
    if forecast is None:
        return IndicatorStatus.INSUFFICIENT_DATA
    if reaches(sign * forecast.value, sign * target.value, trend_scale):
        # a figure of the target's period is in and misses the target (rule 4 failed): the
        # line may say the period's final figure reaches it, but the figure in hand does not
        # (63, 67, 73, 74 on 30 June 2022-2025 against 75 by 2025-06-30: the line's 75.1 at
        # 30 June 2025 read on-track beside 2025's 74 of that very date)
        return IndicatorStatus.AT_RISK if so_far else IndicatorStatus.ON_TRACK
    optimistic = forecast.upper if sign > 0 else forecast.lower
    if reaches(sign * optimistic, sign * target.value, trend_scale):
        return IndicatorStatus.AT_RISK
    return IndicatorStatus.OFF_TRACK


def _restated(
    whole: Sequence[Observation],
    baseline: DatedValue | None,
    until: dt.date | None,
    frequency: Frequency | None,
) -> float | None:
    """Return the value of the baseline's date or period when it differs from the baseline.

    ``whole``: the whole-population observations from the baseline's date on (from its
    period on, with a frequency: :func:`in_measured_period`), up to as_of; ``until``:
    :func:`baseline_until`. The period's value is :func:`_period_points`' (each partner's
    latest report, averaged), one point: every date of ``whole`` up to ``until`` is in the
    baseline's period. See :attr:`IndicatorMeasurement.baseline_restated`.
    """
    if baseline is None or until is None:
        return None
    own = _period_points([o for o in whole if o.date <= until], frequency)
    if not own:
        return None
    value = own[-1].value
    return (
        value
        if positive(abs(value - baseline.value), max(abs(value), abs(baseline.value)))
        else None
    )


def _after_baseline(latest: tuple[dt.date, float], until: dt.date | None) -> bool:
    """Whether the latest whole-population value is dated after the baseline: progress observed.

    ``until`` is :func:`baseline_until` (``None`` without a baseline: every value counts). A
    value of the baseline's own date, or of its reporting period, is the baseline again. The
    one rule of the status, the progress, turn-the-curve, the trend's points and
    :attr:`IndicatorMeasurement.observed_after_baseline`.
    """
    return until is None or latest[0] > until


def _target_met_on(
    target: DatedValue | None,
    better: Direction | None,
    measured: Sequence[_PeriodPoint],
    frequency: Frequency | None,
) -> dt.date | None:
    """Return the date of the first value of ``measured`` from the target's period that met it.

    ``measured`` has the values the series is judged on (:func:`_period_points`: one per
    period with a frequency, each dated at its period's latest date, else one per date),
    sorted; the values from the target date's period on count (from the target date on,
    without a frequency), the target's own period whole; a value meets the target up to the
    rounding of the reports it averages (:func:`_point_scale`), as :func:`_status` judges
    ``met``. ``None`` when none did.

    Met early (:func:`_met_early_on`): when the target's period has no value (without a
    ``frequency``, no value is dated on the target date) and the last value before it met
    the target, that value's date.

    >>> import datetime as dt
    >>> from collective_impact.model import DatedValue, Direction, Frequency
    >>> pts = [_PeriodPoint(dt.date(y, 9, 1), v, ()) for y, v in ((2023, 69.0), (2024, 76.0),
    ...        (2026, 74.0))]
    >>> due = DatedValue(date=dt.date(2025, 6, 30), value=75.0)
    >>> _target_met_on(due, Direction.INCREASE, pts, Frequency.ANNUAL)
    datetime.date(2024, 9, 1)
    >>> _target_met_on(due, Direction.INCREASE, pts, None)  # no value dated 2025-06-30
    datetime.date(2024, 9, 1)
    """
    if target is None or better is None:
        return None
    sign = 1.0 if better is Direction.INCREASE else -1.0
    early = _met_early_on(target, better, measured, frequency)
    if early is not None:
        return early
    return next(
        (
            point.date
            for point in measured
            if not _before_target_period(point.date, target.date, frequency)
            and reaches(sign * point.value, sign * target.value, _point_scale([point]))
        ),
        None,
    )


def _met_early_on(
    target: DatedValue | None,
    better: Direction | None,
    measured: Sequence[_PeriodPoint],
    frequency: Frequency | None,
) -> dt.date | None:
    """Return the date of the value that met the target early, else ``None``.

    Met early: the target's period has no value (without a ``frequency``, no value is dated
    on the target date, each date its own measurement) and the last value of ``measured``
    (sorted, :func:`_target_met_on`'s) before it met the target, up to the rounding of the
    reports it averages. The target was met before its period, and the period's figure was
    never reported: a later figure that meets it too does not make the target met late
    (annual 63, 69, 76 on 1 September 2022-2024, 2025's figure never reported, 77 of 2026
    against 75 by 30 June 2025 read "target met late (on 2026-09-01, due by 2025-06-30)"),
    nor one that misses it missed (74 of 2026 read "target missed"): met early, then fell
    back. The last value before the period decides, not any: one met and lost before the
    target's period is a target not yet met, and a later figure judges it. Without a
    frequency the same figures, each its own date, read "met late" and "target missed"
    until the rule was read alike (found by a reviewer).

    >>> import datetime as dt
    >>> from collective_impact.model import DatedValue, Direction, Frequency
    >>> pts = [_PeriodPoint(dt.date(y, 9, 1), v, ()) for y, v in ((2023, 76.0), (2024, 74.0))]
    >>> due = DatedValue(date=dt.date(2025, 6, 30), value=75.0)
    >>> _met_early_on(due, Direction.INCREASE, pts, Frequency.ANNUAL) is None  # 74 last
    True
    """
    if target is None or better is None:
        return None
    sign = 1.0 if better is Direction.INCREASE else -1.0
    before = [p for p in measured if _before_target_period(p.date, target.date, frequency)]
    own = any(
        p.date == target.date
        if frequency is None
        else frequency.period(p.date) == frequency.period(target.date)
        for p in measured
    )
    if (
        not own
        and before
        and reaches(sign * before[-1].value, sign * target.value, _point_scale(before[-1:]))
    ):
        return before[-1].date
    return None


def _before_target_period(day: dt.date, target: dt.date, frequency: Frequency | None) -> bool:
    """Whether a value of ``day`` is of a period before the target date's (before the date)."""
    if frequency is None:
        return day < target
    return frequency.period(day) < frequency.period(target)


def _met_late(met_on: dt.date | None, target: dt.date | None, frequency: Frequency | None) -> bool:
    """Whether the target was first met after its date's period (after the date, without one).

    :attr:`IndicatorMeasurement.met_late`; ``met_on`` is
    :attr:`~IndicatorMeasurement.target_met_on`.

    >>> import datetime as dt
    >>> from collective_impact.model import Frequency
    >>> due = dt.date(2024, 6, 30)
    >>> _met_late(dt.date(2025, 6, 30), due, Frequency.ANNUAL), _met_late(due, due, None)
    (True, False)
    >>> _met_late(dt.date(2024, 9, 1), due, Frequency.ANNUAL)  # 2024's value: on time
    False
    """
    if met_on is None or target is None:
        return False
    if frequency is None:
        return met_on > target
    return frequency.period(met_on) > frequency.period(target)


def _beyond(target: float, start: float, sign: float) -> bool:
    r"""Whether ``target`` is beyond ``start`` in the direction ``sign``, past rounding.

    :math:`\sigma (y_{target} - y_{start}) > 10^{-9} \max(|y_{target}|, |y_{start}|)`: the
    relative tolerance of every threshold (:mod:`._tolerance`). A target the model accepts
    because it differs from its baseline in the last digits (10 and 10 + 1e-12) is no target
    to make progress towards.
    """
    return bool(positive(sign * (target - start), max(abs(target), abs(start))))


def _turn_the_curve(
    indicator: Indicator,
    observed: Sequence[Observation],
    latest: tuple[dt.date, float] | None,
    level: float,
    until: dt.date | None,
    latest_reporters: int = 1,
    *,
    place: _Place | None = None,
) -> TurnTheCurve | None:
    """``observed``: whole-population observations up to as_of; ``latest``: from the baseline on.

    ``None`` too when which way is better is unknown (:attr:`Indicator.better`): a curve turned
    upwards is good news or bad. The history takes one point per reporting period, as the
    trend does (:func:`_by_period`: each partner's latest report of the period, averaged): two
    reports of one year's figure two days apart fitted a line rising 365 a year. The curve
    has turned when the latest value beats the ``level`` prediction interval of the history's
    trend at its date (:meth:`Trend.interval_at`, never narrower than the rounding of the
    history's values, as the forecast of the status): the point forecast alone was beaten half
    the time by a value that changed nothing.

    A point that averages more reports is less noisy (:func:`_history_weights`): the history's
    points weigh their reporters (weighted least squares, as the gap series of a disparity),
    and the interval is that of a new value of ``latest_reporters`` reports
    (:func:`_interval_at`), never narrower than that of a value like one history point: a
    value of fewer reports than the history's points is noisier, but one of more is not surely
    less noisy (the scatter of a history is partly the population's own movement, which every
    partner shares). The interval of a value like one history point let a latest value of 1
    partner, against a history averaging 4, turn the curve 0.171 of the time at the level 0.8
    (0.1 is its promise).

    With a reporting frequency, every point of the history, the baseline's too, sits at
    ``place``, the indicator's usual place in a period (:func:`_indicator_place`, of its
    trend's points), and the line is read at that place in the latest value's period
    (:func:`_placed_line`): a period is one measurement. At the periods' latest reports, a
    year's figure of the history filed again later in its year (the same figure) moved the
    history's line, and a latest value filed again later moved where it was read: the
    forecast, the interval and ``turned``.
    """
    baseline, better = indicator.baseline, indicator.better
    if baseline is None or better is None or latest is None:
        return None
    if not _after_baseline(latest, until):
        return None
    # the baseline is the value of its date (of its period): one baseline for the history,
    # the progress and the trend (an observation of its date with another value replaced it
    # here, and here only)
    history = [o for o in observed if _before_baseline(o.date, indicator)]
    found = _period_points(history, indicator.frequency)
    if not found:
        return None  # the baseline alone: no trend
    weights = _history_weights(found)
    found.append(
        _PeriodPoint(
            date=baseline.date,
            value=float(baseline.value),
            reports=(_Report(baseline.date, float(baseline.value), "", counted=True),),
        )
    )
    frequency = indicator.frequency
    if place is None:  # the indicator's usual place: that of the values from the baseline on
        place = _indicator_place([latest[0]], frequency)
    trend = _period_trend(found, frequency, weights, place=place)
    assert trend is not None  # two points at least, of distinct periods (dates)
    # where the latest value sits on the line: its period's usual place, as every point
    at = latest[0]
    if frequency is not None and place is not None:
        at = _at_place(at, frequency, place[0])
    # the new value's weight, in the units of the history's (a mean of 1), never more than a
    # history point's: the history's scatter is partly the population's own movement from year
    # to year, which every partner shares and no number of reporters averages away (four
    # partners agreeing on 43.3 turned a curve one partner's 43.3 did not, and a latest value of
    # 4 partners beside a history of 1 turned it 0.179 of the time where 0.1 is the promise)
    new_weight = min(1.0, latest_reporters * len(weights) / math.fsum(weights))
    sign = 1.0 if better is Direction.INCREASE else -1.0
    expected = trend.value_at(at)
    difference = sign * (latest[1] - expected)
    if trend.n < 3:  # no interval around a line through two points: insufficient data
        return TurnTheCurve(
            baseline_slope=trend.slope,
            forecast_at_latest=expected,
            latest_value=latest[1],
            difference=difference,
            turned=None,
        )
    lower, upper = _interval_at(trend, at, level, new_weight)
    better_bound = upper if sign > 0 else lower
    return TurnTheCurve(
        baseline_slope=trend.slope,
        forecast_at_latest=expected,
        latest_value=latest[1],
        difference=difference,
        turned=beats(sign * latest[1], sign * better_bound),  # beyond the interval, past rounding
        lower=lower,
        upper=upper,
        level=level,
    )


#: The significant digits of a value's form without float noise (a double's shortest text has
#: 16 or 17) at which it is not taken as rounded by whoever reported it (a computed 2/3, a
#: value kept to full precision): no rounding floor then. Counted in significant digits, not
#: decimals, so that the unit decides nothing (4.2e-9 is as rounded as 42).
_REPORTED_DIGITS = 15


def reported_rounding_sd(values: Iterable[float]) -> float:
    r"""Return the standard deviation of the rounding of reported values: :math:`q/\sqrt{12}`.

    Parameters
    ----------
    values
        The values as reported (not means of them).

    Returns
    -------
    float
        :math:`q / \sqrt{12}`, with :math:`q = 10^{e}` the step of the values and :math:`e`
        the lowest place any of them has a non-zero digit in (40, 42 and 44: :math:`q = 1`;
        40.5: :math:`q = 0.1`; 21,500, 22,000 and 22,500, counts reported to the hundred:
        :math:`q = 100`; a zero has no such place and sets nothing). A value rounded to
        :math:`q` is off by up to :math:`q/2`, uniformly: a standard deviation of
        :math:`q/\sqrt{12}` (Sheppard's correction). The digits are read from the value's
        15-significant-digit form, which drops a double's float noise (44.00000000000001, as a
        spreadsheet may write 44, is 44; 0.1 + 0.2 is 0.3): the one noisy value took the
        rounding of a whole series away, and an ``at-risk`` indicator became ``off-track``. 0
        with no value, or when a value still has 15 significant digits in that form (not
        rounded by whoever reported it: computed, or kept to full precision, as 1/3);
        :math:`1/\sqrt{12}` when every value is 0.

    References
    ----------
    - Sheppard, W. F. (1898). On the calculation of the most probable values of
      frequency-constants, for data arranged according to equidistant divisions of a scale.
      *Proceedings of the London Mathematical Society* s1-29(1), 353–380.

    Examples
    --------
    Whole numbers are each off by up to 0.5: :math:`1/\sqrt{12} \approx 0.2887`.

    >>> round(reported_rounding_sd([40.0, 42.0, 44.0]), 4), round(reported_rounding_sd([40.5]), 4)
    (0.2887, 0.0289)

    Counts reported to the hundred are each off by up to 50: :math:`100/\sqrt{12} \approx
    28.87` (taken for whole numbers, the fitted line through 21,500, 22,000 and 22,500 was
    certain to within 1.6 of 23,000 three years on).

    >>> round(reported_rounding_sd([21500.0, 22000.0, 22500.0, 0.0]), 2)
    28.87
    >>> reported_rounding_sd([1 / 3]), reported_rounding_sd([])
    (0.0, 0.0)
    >>> round(reported_rounding_sd([40.0, 42.0, 44.00000000000001]), 4)
    0.2887
    >>> reported_rounding_sd([0.1 + 0.2]) == 0.1 / math.sqrt(12)
    True

    In any unit: rates of 4.0e-9, 4.2e-9 and 4.4e-9 are rounded to 1e-10 as 40, 42 and 44
    are to 1 (they were taken for full precision, beyond 9 decimals, and their interval had
    no width).

    >>> reported_rounding_sd([4.0e-9, 4.2e-9, 4.4e-9]) == 1e-10 / math.sqrt(12)
    True
    """
    step = _reported_step(values)
    return 0.0 if step is None else step / math.sqrt(12.0)


def _reported_step(values: Iterable[float]) -> float | None:
    r"""Return the step :math:`q = 10^e` the values were reported to (:func:`reported_rounding_sd`).

    :math:`e` is the lowest place any of them has a non-zero digit in, read from its
    15-significant-digit form (40, 42, 44: 1; 40.5: 0.1; 21,500 and 22,000: 100; 4.2e-9:
    1e-10); 1 when every value is 0. ``None`` with no (finite) value, or when a value still
    has 15 significant digits in that form: not rounded by whoever reported it.

    >>> _reported_step([40.0, 42.0, 44.0]), _reported_step([21500.0, 22000.0, 0.0])
    (1.0, 100.0)
    >>> _reported_step([0.0052, 0.0061]), _reported_step([1 / 3]), _reported_step([])
    (0.0001, None, None)
    """
    lowest: int | None = None  # the lowest place of a non-zero digit: -2 for 40.25, 2 for 21500
    seen = False
    for value in values:
        if not math.isfinite(value):
            continue
        seen = True
        if value == 0:
            continue
        # 15 significant digits: a double's 16th and 17th are the noise of its binary form
        written = decimal.Decimal(f"{float(value):.15g}").normalize().as_tuple()
        if len(written.digits) >= _REPORTED_DIGITS:
            return None  # not rounded by whoever reported it
        place = written.exponent if isinstance(written.exponent, int) else 0
        lowest = place if lowest is None else min(lowest, place)
    if not seen:
        return None
    return 10.0 ** (lowest or 0)


def _slope_exceeds(trend: Trend, threshold: float, noise: float) -> bool:
    r"""Whether :math:`b > \delta` beyond the rounding ``noise`` of the fitted values.

    A slope moves the fitted line by :math:`(b - \delta)\sqrt{S_{tt}}` over the dates (its
    standard error is :math:`s / \sqrt{S_{tt}}`), so a slope above the threshold by less than
    ``noise`` / :math:`\sqrt{S_{tt}}` is rounding: the gap 10.3 typed on four dates as the
    difference of two groups fits a slope of 1.4e-15 a year, which is no growth.
    """
    return (trend.slope - threshold) * math.sqrt(trend.s_tt) > noise


def _slope_p_value(
    trend: Trend, threshold: float, noise: float, rounding: float = 0.0
) -> float | None:
    r"""One-sided p-value of :math:`H_0: \beta \le \delta` against :math:`\beta > \delta`.

    ``noise`` is the rounding of the fitted values (:func:`._tolerance.float_noise`): a
    residual standard deviation within it (and a ``rounding`` within it too: values not
    rounded by whoever reported them) is an exact line, whose slope is known without error
    (``p`` is 0 when it exceeds :math:`\delta` beyond rounding, 1 otherwise); no t statistic
    is formed from residuals that are rounding alone. ``rounding`` is the standard deviation
    of the values' rounding as reported, in the units of the residuals: the least :math:`s`
    the test takes, :math:`\max(s, s_q)`, as the prediction intervals do
    (:attr:`Trend.spread`). Gaps between whole numbers lie on a line more often than noise
    would put them there (10, 10, 10, 10, 11 fits its slope closely): without the floor,
    groups tied in truth and reported as whole numbers were called widening 11.98 % and
    11.46 % of the time at the level 0.1 over 5 and 6 yearly dates, and three whole-number
    gaps of 10, 11 and 12 were an exact line with :math:`p = 0` (:math:`p = 0.0895` with it;
    docs/measurement.md). A slope within rounding of :math:`\delta`
    (:math:`|b - \delta| \sqrt{S_{tt}} \le` ``noise``) is :math:`\delta`: :math:`T = 0`,
    :math:`p = 1/2`, whatever the last digits of a constant gap computed from decimals.
    """
    if trend.n < 3:
        return None
    spread = max(trend.residual_sd, rounding)
    if spread <= noise:  # an exact line, up to rounding
        return 0.0 if _slope_exceeds(trend, threshold, noise) else 1.0
    rise = (trend.slope - threshold) * math.sqrt(trend.s_tt)
    if abs(rise) <= noise:  # a slope of delta up to rounding: T = 0, not a digit's noise
        return 0.5
    t_stat = (trend.slope - threshold) / (spread / math.sqrt(trend.s_tt))
    return float(special.stdtr(trend.n - 2, -t_stat))


def group_names(observations: Iterable[Observation]) -> dict[str, str]:
    """Return the name of the group of each spelling of a group among ``observations``.

    Groups are compared as labels are (:func:`~collective_impact.model.labels.normalize_label`:
    trimmed and case-folded), so ``"low-income"`` reported by one partner and ``"Low-Income "``
    by another are one group, not two whose "gap" is a disparity. A group is named by its
    first spelling in sorting order, whatever the order of the observations.

    Parameters
    ----------
    observations
        Observations of one indicator; those without a group are left out.

    Returns
    -------
    dict of str to str
        Each spelling found, to the name of its group.

    Examples
    --------
    >>> import datetime as dt
    >>> day = dt.date(2024, 6, 30)
    >>> obs = [Observation(date=day, value=v, group=g)
    ...        for v, g in ((30, "low-income"), (31, "Low-Income "), (45, "other"))]
    >>> group_names(obs)
    {'Low-Income ': 'Low-Income ', 'low-income': 'Low-Income ', 'other': 'other'}
    """
    spellings = sorted({o.group for o in observations if o.group is not None})
    first: dict[str, str] = {}
    for spelling in spellings:
        first.setdefault(normalize_label(spelling), spelling)
    return {spelling: first[normalize_label(spelling)] for spelling in spellings}


#: What a unit of percentages says, in a unit compared as labels are
#: (:func:`~collective_impact.model.labels.normalize_label`) with every run of characters that
#: are neither letters, digits nor ``%`` read as a space (``percent_of_students``): a ``%``
#: anywhere, or the word percent, per cent, percentage or pct (``"% of students"``, ``"Percent
#: proficient"``), or its French, Spanish, Portuguese, Italian or German word.
_PERCENT_WORDS = (
    r"per[\s-]*cents?|percentages?|pct|pourcentages?|porcentajes?|porcentagem|percentuale|prozent"
)
_PERCENT_UNIT = re.compile(rf"%|\b(?:{_PERCENT_WORDS})\b")
#: What a unit of proportions says: the word proportion or fraction (or ``proportion``'s
#: French, Spanish and Italian words). Not ``share``: "share of births" is as often written in
#: percent, and a share under 1 % (0.3 to 0.95) read as a proportion took the arcsine scale
#: of 30 % to 95 % (false alarms 0.195 where 0.1 is promised; "per share", "share price",
#: "cost share" are no shares at all); its values take the square root of other values.
_PROPORTION_WORDS = r"proportions?|fractions?|proporci[oó]n|proporzione"
_PROPORTION_UNIT = re.compile(rf"\b(?:{_PROPORTION_WORDS})\b")
#: What makes a unit a difference, a rank or a growth of shares, not a share: a word of it
#: right after the share's word or ``%`` (``percent change``, ``percentage points``, ``%
#: increase``, ``percent growth``, ``% yoy``, ``percent per year``), ``%ile``, ``%pt(s)`` or
#: ``%pp`` written as one word, or ``pp`` as the whole unit. Elsewhere such a word describes
#: the population (``% of students whose scores increase``, ``% of schools meeting growth
#: targets``), and ``pt`` after a space may be patients or part-time (``% pt staff``).
#: (``percentile`` is not read as a percentage in the first place.)
_SHARE_DIFFERENCE = re.compile(
    r"%(?:iles?|pts?|pp)\b|^ppts?$|^pp$"
    rf"|(?:%\s*|\b(?:{_PERCENT_WORDS}|{_PROPORTION_WORDS})\s+)"
    r"(?:changes?|points?|pp|ppts?|growth|increases?|decreases?|differences?|yoy"
    r"|per\s+(?:year|annum|month|quarter))\b"
)
#: Runs of characters that are neither letters, digits nor ``%``, read as a space in a unit:
#: ``_`` is a letter of a word to ``\b``, so ``percent_of_students`` held no word percent.
_UNIT_SEPARATORS = re.compile(r"[^\w%]+|_+")
#: Anscombe's (1948) constant of the square-root scale: the variance of
#: :math:`\sqrt{y + 3/8}` is about 1/4 for Poisson counts of any mean not close to 0.
_ANSCOMBE = 0.375


def _share_bound(unit: str | None) -> float | None:
    """Return the bound of an indicator's values when its unit says they are shares, else None.

    100 for percentages: a unit (compared as labels are, in any case and with any surrounding
    spaces, underscores and punctuation read as spaces) that holds a ``%`` or the word
    ``percent``, ``per cent``, ``percentage`` or ``pct`` (``"% of students"``, ``"Percent
    proficient"``, ``"percent_of_students"``), or ``pourcentage``, ``porcentaje``,
    ``porcentagem``, ``percentuale`` or ``Prozent``; 1 for proportions: the word
    ``proportion`` or ``fraction`` (or ``proporción``, ``proporzione``; not ``share``, which
    is written in percent as often, and whose values take the square root of other values,
    :func:`_stabilised`). A unit that says
    right after its share's word or ``%`` that it is a difference, a rank or a growth
    (``change``, ``point(s)``, ``pp``, ``growth``, ``increase``, ``decrease``, ``difference``,
    ``yoy``, ``per year``), or that writes ``%ile``, ``%pt`` or ``%pp``, or is ``pp``, is not
    a share (``percent change``, ``percentage points``, ``% increase``): ``None``, as for any
    other unit (``people``, ``rate per 1,000``, ``percentile``) or none. Such a word elsewhere
    describes the population: ``% of students whose scores increase`` is a share.

    >>> _share_bound("Percent"), _share_bound(" % "), _share_bound("proportion")
    (100.0, 100.0, 1.0)
    >>> _share_bound("% of students"), _share_bound("percent proficient")
    (100.0, 100.0)
    >>> _share_bound("percent change"), _share_bound("people"), _share_bound(None)
    (None, None, None)
    >>> _share_bound("percentile"), _share_bound("percentage points")
    (None, None)
    >>> _share_bound("percent_of_students"), _share_bound("Pourcentage"), _share_bound("pct")
    (100.0, 100.0, 100.0)
    >>> [_share_bound(u) for u in ("% points", "%pt", "%ile", "percent growth", "% yoy")]
    [None, None, None, None, None]
    >>> [_share_bound(u) for u in ("% of students whose scores increase", "%ELL", "%age")]
    [100.0, 100.0, 100.0]
    >>> _share_bound("% of schools meeting growth targets"), _share_bound("% pt staff")
    (100.0, 100.0)
    >>> _share_bound("share of households"), _share_bound("Share (%)"), _share_bound("fraction")
    (None, 100.0, 1.0)
    """
    if unit is None:
        return None
    label = _UNIT_SEPARATORS.sub(" ", normalize_label(unit))
    if _SHARE_DIFFERENCE.search(label):
        return None
    if _PERCENT_UNIT.search(label):
        return 100.0
    if _PROPORTION_UNIT.search(label):
        return 1.0
    return None


def _stabilised(
    values: NDArray[np.float64], unit: str | None, step: float | None = None
) -> NDArray[np.float64] | None:
    r"""Return the group values on their variance-stabilising scale, or ``None`` if none.

    ``values`` as reported (one row per date, one column per group). Shares of a population
    (a ``unit`` of percentages or proportions, :func:`_share_bound`, and every value within
    :math:`[0, \text{bound}]`): :math:`\arcsin\sqrt{y / \text{bound}}` (Bartlett 1947), on
    which a share's variance no longer grows with :math:`p (1 - p)`. Any other values, all
    :math:`\ge 0` (counts, rates per 1,000, a "percent" of 105): Anscombe's (1948)
    :math:`\sqrt{y / q + 3/8}`, on which a Poisson count's variance no longer grows with its
    mean, with :math:`q` the ``step`` the values were reported to (:func:`_reported_step`):
    the values counted in steps, so that the scale does not depend on the unit (the same
    cases per 1,000 residents, 5.5, and per resident, 0.0055, are 55 steps either way;
    :math:`\sqrt{y + 3/8}` is nearly a straight line below 0.04, and gave p = 0.0712,
    widening, per resident where it gave 0.1553 per 1,000: now 0.1616 both). Without a step
    (values not rounded by whoever reported them), :math:`q = 1`: :math:`\sqrt{y + 3/8}`, the
    values read as counts. ``None`` when a value is negative: no such scale is known for it.

    >>> _stabilised(np.array([[25.0, 50.0]]), "percent").round(4).tolist()
    [[0.5236, 0.7854]]
    >>> _stabilised(np.array([[0.625, 15.625]]), "people").tolist()
    [[1.0, 4.0]]
    >>> _stabilised(np.array([[0.0625, 1.5625]]), "rate per 1,000", 0.1).round(12).tolist()
    [[1.0, 4.0]]
    >>> _stabilised(np.array([[-1.0, 3.0]]), None) is None
    True
    """
    bound = _share_bound(unit)
    if bound is not None and bool(((values >= 0.0) & (values <= bound)).all()):
        return np.arcsin(np.sqrt(values / bound))
    if bool((values >= 0.0).all()):
        return np.sqrt((values if step is None else values / step) + _ANSCOMBE)
    return None


def _gap_trend(
    points: Sequence[tuple[dt.date, float]],
    precision: Sequence[float],
    frequency: Frequency | None,
    place: _Place | None,
) -> Trend | None:
    """Fit the line of a gap series (one point per date, sorted): ``None`` with fewer than 2.

    Weighted by ``precision`` (:func:`_gap_precision`) when it differs between dates
    (:func:`_weighted_trend`), else ordinary least squares (:func:`fit_trend`). With a
    ``frequency``, each gap at the indicator's usual place in its period (:func:`_placed_line`),
    not at the latest report of the groups compared.
    """
    return _placed_line(points, precision, frequency, place)


def _groups(
    observations: Sequence[Observation],
    start: dt.date | None,
    better: Direction | None,
    config: ScoringConfig,
    frequency: Frequency | None = None,
    *,
    as_of: dt.date | None = None,
    unit: str | None = None,
    place: _Place | None = None,
) -> tuple[tuple[GroupSeries, ...], Disparity | None]:
    r"""Group series and their disparity; ``observations`` are already cut at ``as_of``.

    The disparity is stale, and never widening, when the groups were last compared longer
    before ``as_of`` than ``frequency`` and ``config`` allow (:func:`fresh_until`,
    :func:`_too_old`).
    With every value compared :math:`\ge 0` the gap must also grow on the variance-stabilising
    scale (:func:`_stabilised`, :attr:`Disparity.stabilised_p_value`): the arcsine of shares
    (a ``unit`` of percentages or proportions, :func:`_share_bound`), else the square root.

    With a reporting ``frequency``, each group's values of one period are one point
    (:func:`_by_period`), from the baseline's period on (:func:`in_measured_period`), and groups
    are compared period by period (a gap dated at the latest
    date of the groups compared): two groups reported on 1 and 15 September of each year are
    compared every year, not never. Without a known ``better`` direction the gap is the same
    number, but no group is named best or worst.

    On the time axis each group's point, and each gap, sits at ``place``, the indicator's
    usual place in a period (:func:`_indicator_place`: that of the whole population's trend),
    or without one (no whole-population value from the baseline on) at the usual place of
    every group's points: a period is one measurement (:func:`_placed_line`). The gaps' dates
    the record shows (:attr:`Disparity.date`, :attr:`Disparity.first_date`) stay the latest
    reports.
    """
    sign = -1.0 if better is Direction.DECREASE else 1.0
    names = group_names(observations)
    by_group: dict[str, list[Observation]] = {}
    for o in observations:
        # from the baseline's period on, with a frequency: a partner's report of the
        # baseline's year dated before the baseline's day is of that year's figure (p's June
        # report beside a baseline of 1 September was cut, and the year's value was q's alone)
        if o.group is not None and in_measured_period(o.date, start, frequency):
            by_group.setdefault(names[o.group], []).append(o)
    # each group's values as the whole population's: each partner's latest report of a period,
    # averaged
    periods = {group: _period_points(rows, frequency) for group, rows in sorted(by_group.items())}
    combined = {group: [(p.date, p.value) for p in found] for group, found in periods.items()}
    if place is None:
        place = _indicator_place((d for points in combined.values() for d, _ in points), frequency)
    series = []
    for group, points in combined.items():
        trend = _placed_line(points, None, frequency, place)
        series.append(
            GroupSeries(
                group=group,
                n=len(points),
                latest_date=points[-1][0],
                latest_value=points[-1][1],
                slope=trend.slope if trend is not None else None,
            )
        )
    # the groups' values by date, or by period with a frequency (each at its own date), with
    # the number of reports each stands for (its precision): the distinct reporters it
    # averages, each partner's latest report standing for its earlier ones (a row entered
    # twice is one report)
    by_key: dict[int, dict[str, tuple[dt.date, float, float]]] = {}
    reports: dict[tuple[int, str], tuple[_Report, ...]] = {}
    for group, found in periods.items():
        for point in found:
            day = point.date
            key = day.toordinal() if frequency is None else frequency.period(day)
            by_key.setdefault(key, {})[group] = (day, sign * point.value, float(point.reporters))
            reports[key, group] = point.reports
    shared = [(key, values) for key, values in sorted(by_key.items()) if len(values) >= 2]
    if not shared:
        return tuple(series), None
    # the same groups on every date of the series: those of the latest date two groups share.
    # A group joining (or leaving) the reports would otherwise move max - min by itself.
    compared = sorted(shared[-1][1])
    keys = [key for key, values in shared if all(g in values for g in compared)]
    rows = [by_key[key] for key in keys]
    # what that rule leaves out, said by the record (the rule stays): the groups with no value
    # of the latest period two groups share (the worst-off group's late report took it out of
    # the comparison, and a widening gap of 41 with p = 3e-9 read as a flat gap of 5 between
    # the two others, with no word), and the groups compared whose first value opens the gap
    # series while the others have earlier ones (one group reported once: 1 date, no test)
    compared_set = set(compared)
    left_out = tuple(group for group in periods if group not in compared_set)
    first_keys = {
        group: periods[group][0].date.toordinal()
        if frequency is None
        else frequency.period(periods[group][0].date)
        for group in compared
    }
    joined = (
        tuple(group for group in compared if first_keys[group] == keys[0])
        if min(first_keys.values()) < keys[0]
        else ()
    )
    # one row per date of the gap series, one column per group compared: sigma * value (so
    # max - min = sigma * (best - worst), the same number for either direction) and the number
    # of reports each value stands for
    ranked_values = np.array([[values[g][1] for g in compared] for values in rows])
    counts = np.array([[values[g][2] for g in compared] for values in rows])
    gap_values = ranked_values.max(axis=1) - ranked_values.min(axis=1)
    gap_series = [
        (max(values[g][0] for g in compared), float(gap))
        for values, gap in zip(rows, gap_values, strict=True)
    ]
    last_day = gap_series[-1][0]
    last_ranked = sorted((rows[-1][g][1], g) for g in compared)
    # a gap of means of r and r' reports has the variance of a mean of 1 / (1/r + 1/r'): when
    # partners stop reporting a group, its later gaps are noisier, and least squares weighing
    # every date alike would take their larger scatter for a widening (docs/measurement.md)
    precision = _gap_precision(ranked_values, counts).tolist()
    trend = _gap_trend(gap_series, precision, frequency, place)
    # the rounding of a difference is that of the values it is taken from: a gap of 10.3
    # between values near 1e14 is 10.3 only to within their last digits (0.0156 apart)
    noise = float_noise(np.abs(ranked_values).ravel().tolist())
    # and a gap is no better known than the rounding of the values reported: each group's
    # value rounded to a step q is off by q / sqrt(12) (Sheppard), a mean of r reports by
    # that over sqrt(r), so a gap of precision P = 1 / (1/r + 1/r') by q / sqrt(12) / sqrt(P)
    # = q / sqrt(12) / sqrt(mean P) / sqrt(w), w = P / mean P its weight: in the residuals'
    # units (those of a weight of 1), the first factors. The step is that of the counted
    # reports behind the gaps tested (not of dates the gap series leaves out).
    step = _reported_step(
        r.value for key in keys for g in compared for r in reports[key, g] if r.counted
    )
    rounding = (0.0 if step is None else step / math.sqrt(12.0)) / math.sqrt(
        sum(precision) / len(precision)
    )
    p_value = (
        _slope_p_value(trend, config.widening_threshold, noise, rounding)
        if trend is not None
        else None
    )
    # the noise of a share grows with p (1 - p), and that of a count with its mean: so does
    # the gap between groups tied in truth, which the test above took for a widening (a rate
    # rising from 2 % to 12 % was flagged 25 % of the time at the level 0.1, two counts rising
    # from 20 to 40 15 %). The gap must grow on the variance-stabilising scale too (arcsine for
    # shares, square root for other values >= 0): an intersection-union test, whose p-value is
    # the larger of the two (docs/measurement.md, "Percentages, counts and rates").
    stabilised = (
        _stabilised(sign * ranked_values, unit, step)  # the values as reported
        if p_value is not None
        else None
    )
    stabilised_p_value = None
    stabilised_rises = True
    if stabilised is not None:
        stabilised_gaps = (stabilised.max(axis=1) - stabilised.min(axis=1)).tolist()
        stabilised_trend = _gap_trend(
            [(day, gap) for (day, _), gap in zip(gap_series, stabilised_gaps, strict=True)],
            precision,
            frequency,
            place,
        )
        assert stabilised_trend is not None  # as many dates as the trend's, at least 3
        stabilised_noise = float_noise(stabilised.ravel().tolist())
        stabilised_p_value = _slope_p_value(stabilised_trend, 0.0, stabilised_noise)
        stabilised_rises = _slope_exceeds(stabilised_trend, 0.0, stabilised_noise)
        if stabilised_p_value is not None and p_value is not None:
            p_value = max(p_value, stabilised_p_value)
    # groups last compared years ago say nothing of the gap now: no widening is judged from
    # them (groups reported 2015-2017 and judged on 2025-06-30 were "widening")
    stale = _too_old(last_day, as_of, frequency, config)
    widening = (
        trend is not None
        and p_value is not None
        and not stale
        and _slope_exceeds(trend, config.widening_threshold, noise)
        and stabilised_rises
        and not exceeds(p_value, config.disparity_level)
    )
    unsigned = sorted((sign * value, group) for value, group in last_ranked)
    return tuple(series), Disparity(
        best=last_ranked[-1][1] if better is not None else None,
        worst=last_ranked[0][1] if better is not None else None,
        highest=unsigned[-1][1],
        lowest=unsigned[0][1],
        groups=tuple(compared),
        date=last_day,
        gap=gap_series[-1][1],
        trend=trend.slope if trend is not None else None,
        n=len(gap_series),
        p_value=p_value,
        widening=widening,
        stale=stale,
        stabilised_p_value=stabilised_p_value,
        left_out=left_out,
        left_out_dates=tuple(periods[group][-1].date for group in left_out),
        first_date=gap_series[0][0],
        joined=joined,
    )


def measured_start(indicator: Indicator) -> dt.date | None:
    """Return the first day of the indicator's measured period: its baseline's date, or ``None``.

    Known or not on the date of judgement: the observations before the baseline date are
    history (turn-the-curve's), not progress, and an indicator judged before its baseline
    date has nothing measured (insufficient data). The groups are compared from this day on,
    or, with a reporting ``frequency``, from the period that holds it on
    (:func:`in_measured_period`: a report of the baseline's year dated before the baseline's day
    is of that year's figure);
    the whole population's progress and trend are read after :func:`baseline_until`.

    Parameters
    ----------
    indicator
        The indicator.

    Returns
    -------
    datetime.date or None
        The date of its baseline; ``None`` when it has none.

    Examples
    --------
    >>> import datetime as dt
    >>> from collective_impact.model import DatedValue, Indicator
    >>> ind = Indicator(id="i", name="I", baseline=DatedValue(date=dt.date(2024, 1, 1), value=1.0))
    >>> measured_start(ind), measured_start(Indicator(id="j", name="J"))
    (datetime.date(2024, 1, 1), None)
    """
    return indicator.baseline.date if indicator.baseline is not None else None


def known_baseline(indicator: Indicator, as_of: dt.date | None) -> DatedValue | None:
    """Return the indicator's baseline as known on ``as_of``: ``None`` when it is dated after.

    A baseline dated after the date of judgement did not exist then: the measurement judges
    the indicator without it, and the charts do not draw it. The measured period still begins
    on its date (:func:`measured_start`): the points before it are history, not progress, and
    the indicator has insufficient data.

    Parameters
    ----------
    indicator
        The indicator.
    as_of
        The date of judgement; ``None`` for none, when every baseline is known.

    Returns
    -------
    DatedValue or None
        The indicator's baseline; ``None`` when it has none, or when it is dated after
        ``as_of``.

    Examples
    --------
    >>> import datetime as dt
    >>> from collective_impact.model import DatedValue, Indicator
    >>> ind = Indicator(id="i", name="I", baseline=DatedValue(date=dt.date(2024, 1, 1), value=1.0))
    >>> known_baseline(ind, dt.date(2023, 6, 1)) is None, known_baseline(ind, None) is not None
    (True, True)
    """
    baseline = indicator.baseline
    if baseline is not None and as_of is not None and baseline.date > as_of:
        return None
    return baseline


def measure_indicator(
    indicator: Indicator,
    *,
    as_of: dt.date | None,
    config: ScoringConfig | None = None,
    on_agenda: bool = False,
) -> IndicatorMeasurement:
    """Measure one indicator: progress, trend, forecast, status, groups and data quality.

    Parameters
    ----------
    indicator
        The indicator.
    as_of
        The date of judgement: observations dated after it are left out, and it decides the
        completeness window and the freshness; a target is missed, a fact, once the value of
        its date is in (:attr:`~IndicatorMeasurement.target_date_observed`: a value of its
        reporting period or a later one, with ``as_of`` on or after the last day of that
        value's period; before, a period's value is its figure so far, and the forecast
        judges). With ``None`` every
        observation is used, freshness is undefined, and only the data say that the target
        date has come: a target is missed when a value dated on or after it misses it (as
        before; a value of the target's period dated before the target date is then judged
        by the forecast, as on the day it was reported), and
        :attr:`~IndicatorMeasurement.target_date_unreported` is ``False``.
    config
        ``prediction_level``, ``stale_after_periods``, ``stale_after_days``,
        ``widening_threshold`` and ``disparity_level``.
    on_agenda
        Whether a goal lists the indicator (recorded in the result).

    Returns
    -------
    IndicatorMeasurement

    Raises
    ------
    ArgumentTypeError
        When ``indicator`` is not an :class:`~collective_impact.Indicator`, or ``config`` not
        a :class:`~collective_impact.ScoringConfig`.
    ValidationError
        When ``as_of`` is not a date (nor a text ``YYYY-MM-DD``).

    Notes
    -----
    Values of one series (the whole population, or one group) on one date are combined into
    the mean of each partner's report (a row entered twice is one report), and with a
    reporting ``frequency`` those of one period into each partner's
    latest report of it, averaged (:func:`_period_points`); with a baseline, trend, forecast,
    progress, status, completeness and disparity use the series from the baseline on (the
    trend, progress and status the values after the baseline's date, or its period:
    :func:`baseline_until`), and the earlier points serve only as the history of
    turn-the-curve. The result is the same under any permutation of the observations.

    References
    ----------
    - Friedman, M. (2005). *Trying Hard Is Not Good Enough*. Trafford.

    - Montgomery, D. C., Peck, E. A. and Vining, G. G. (2012). *Introduction to Linear
      Regression Analysis*, 5th ed., §2.5. Wiley.

    Examples
    --------
    >>> import collective_impact as ci
    >>> placements = ci.load_example("workforce").indicator("placements")
    >>> m = measure_indicator(placements, as_of=None)
    >>> round(m.progress, 4), m.status.value
    (1.1392, 'met')
    """
    expect_indicator(indicator)
    expect_config(config)
    cfg = config if config is not None else ScoringConfig()
    as_of = as_date(as_of)
    # which way is better: the stated direction, else the target against the baseline
    # a true snapshot: what was observed after the date of judgement does not exist yet, nor
    # does a baseline dated after it (the phases, readiness and gaps read it so too)
    # The measured period still begins on the baseline date: before it, every point is the
    # history turn-the-curve reads, and judging it against the target (set from the later
    # baseline) called a pre-baseline value below a 'decrease' target 'met'.
    start = indicator.baseline.date if indicator.baseline is not None else None
    # values after it measure progress (the trend's points); those of the baseline's own date
    # or period are the baseline again
    until = baseline_until(indicator)
    not_begun = indicator.baseline is not None and known_baseline(indicator, as_of) is None
    if not_begun:
        # only a stated direction: the baseline whose value would tell is not known on as_of
        # (a baseline of 45 or 65 measured after it, against a target of 55, made the same
        # history "increase" or "decrease"). The indicator without its baseline may hold a
        # target with no direction, which the model refuses of an indicator entered so: it is
        # this function's own record of what was known, built without that check.
        indicator = evolve_trusted(indicator, {"baseline": None})
    better = indicator.better
    observed = [o for o in indicator.observations if as_of is None or o.date <= as_of]
    baseline = indicator.baseline
    # the values judged: each partner's latest report of a period, averaged (of a date, without
    # a frequency), the period holding the target date too; the last is the latest value. The
    # trend's points are the same values (_period_points, the one rule). In the target's
    # period only the reports from the target date on counted: p's 80 and q's 72 against a
    # target of 75 for 30 June were met or missed by who filed a day later.
    # from the baseline's period on, with a frequency: a report of that period dated before the
    # baseline's day is a report of its figure (p's 45 of 30 June beside q's 50 of 1 October and
    # an annual baseline of 1 September: 2021's figure is 47.5, not q's 50 alone), as the groups
    # read it (in_measured_period)
    # (a baseline dated after as_of is not known: nothing is measured, and no report of its
    # period dated before it is a report of its figure yet)
    whole = [
        o
        for o in observed
        if o.group is None
        and (
            (start is None or o.date >= start)
            if not_begun
            else in_measured_period(o.date, start, indicator.frequency)
        )
    ]
    whole_points = _period_points(whole, indicator.frequency)
    measured = [(p.date, p.value) for p in whole_points]
    latest = measured[-1] if measured else None
    # the trend's points: the values after the baseline's date (period), one a period; the
    # baseline repeated as an observation gave the trend a point more, and a forecast
    since = [o for o in observed if o.group is None and (until is None or o.date > until)]
    found = _period_points(since, indicator.frequency)  # once: the trend's and completeness's
    points = [(p.date, p.value) for p in found]
    # with a frequency, every period's point at the series' usual place in a period: the
    # indicator's, where every line of it (groups, gaps, turn-the-curve's history) puts its
    # points too
    place = _indicator_place([p.date for p in found], indicator.frequency)
    trend = _period_trend(found, indicator.frequency, place=place)
    target = indicator.target
    forecast = None
    if target is not None and trend is not None and trend.n >= 3:
        # with a frequency, the target is for its period's figure: the line where that figure
        # sits, not at the target date (annual figures of 1 March against 31 December were
        # judged on the line ten months past them: "on track" while the trend gave 75 < 76)
        day = forecast_date(target.date, [p.date for p in found], indicator.frequency)
        lower, upper = trend.interval_at(day, cfg.prediction_level)
        forecast = Forecast(
            date=day,
            value=trend.value_at(day),
            lower=lower,
            upper=upper,
            level=cfg.prediction_level,
        )
    progress = None
    # a value of the baseline's own date is the baseline again: no progress is measured (it
    # gave "50% of the way" beside an unmeasured-indicator gap saying nothing came after it)
    if (
        latest is not None
        and baseline is not None
        and target is not None
        and _after_baseline(latest, until)
    ):
        span = target.value - baseline.value
        # a span within rounding of the values measures nothing: 10 to 10 + 1e-12 gave a
        # progress of -10 for a latest value of 9.99999999999
        if _beyond(target.value, baseline.value, 1.0 if span > 0 else -1.0):
            progress = (latest[1] - baseline.value) / span
    groups, disparity = _groups(
        observed,
        start,
        better,
        cfg,
        indicator.frequency,
        as_of=as_of,
        unit=indicator.unit,
        place=place,
    )
    # the value of the target date is in: of its period or later (with a frequency), the
    # period over. A value of the target's period filed before the target date, which no
    # later report revised, was read as no value of that date: "forecast: on track" a year
    # and more after 2025's figure had missed the target. The period's figure so far, judged
    # while it runs, was a miss the day after the target date, and "met" on time two months
    # later, when a report of September revised it
    # met early (the target's period unreported, the last value before it met the target):
    # once the target's period has ended, what happened, as a value of the period meeting it
    # (a target behind its baseline is met on no date, rule 2)
    early = (
        _met_early_on(
            target,
            better,
            [p for p in whole_points if until is None or p.date > until],
            indicator.frequency,
        )
        if target is not None
        and better is not None
        and (
            baseline is None
            or _beyond(target.value, baseline.value, 1.0 if better is Direction.INCREASE else -1.0)
        )
        else None
    )
    target_observed = target is not None and _target_observed(
        [m[0] for m in measured], target.date, indicator.frequency, as_of, early=early
    )
    status = _status(
        indicator,
        better,
        latest,
        forecast,
        until,
        target_observed,
        scales=(_point_scale(whole_points[-1:]), _point_scale(found)),
        # a figure so far of the target's period that misses it: never on-track
        so_far=target is not None
        and _target_so_far(
            latest[0] if latest else None, target.date, indicator.frequency, target_observed
        ),
    )
    if forecast is not None and target_observed:
        # the status is a fact (rules 4 and 5) and a line through the values before it is no
        # forecast (the views dropped it, while to_dict and measurement_frame kept "forecast
        # 52.4" beside a target of 50 missed)
        forecast = None
    # a date only beside a verdict: a target no progress can be made towards (behind its
    # baseline) is no target "met" on any date; from the values after the baseline's date
    # (period), as the status
    met_on = (
        None
        if status is IndicatorStatus.INSUFFICIENT_DATA
        else _target_met_on(
            target,
            better,
            [p for p in whole_points if until is None or p.date > until],
            indicator.frequency,
        )
    )
    # the baseline is a measurement too (completeness counts its period): an indicator whose
    # baseline was measured last month is not stale, nor counted from an older observation
    last_any = max(
        [o.date for o in observed] + ([baseline.date] if baseline is not None else []),
        default=None,
    )
    freshness = None
    if last_any is not None and as_of is not None:
        freshness = as_of.toordinal() - last_any.toordinal()
    stale = last_any is None or _too_old(last_any, as_of, indicator.frequency, cfg)
    # the whole-population series the status rests on, as old as the indicator's staleness
    # allows: a group reported lately kept the indicator fresh, and its status (on track,
    # from values years old) was not questioned
    series_stale = (
        not stale and latest is not None and _too_old(latest[0], as_of, indicator.frequency, cfg)
    )
    missing = _missing_reporters(since, indicator.frequency)
    return IndicatorMeasurement(
        indicator=indicator.id,
        name=indicator.name,
        direction=better,
        level=indicator.level,
        on_agenda=on_agenda,
        observations=len(observed),
        latest_date=latest[0] if latest else None,
        latest_value=latest[1] if latest else None,
        baseline=baseline.value if baseline else None,
        target=target.value if target else None,
        target_date=target.date if target else None,
        progress=progress,
        trend=trend,
        forecast=forecast,
        status=status,
        target_met_on=met_on,
        met_late=_met_late(
            met_on, target.date if target is not None else None, indicator.frequency
        ),
        turn_the_curve=_turn_the_curve(
            indicator,
            [o for o in observed if o.group is None],
            latest,
            cfg.prediction_level,
            until,
            whole_points[-1].reporters if whole_points else 1,
            place=place,
        ),
        groups=groups,
        disparity=disparity,
        # nothing is owed before the measured period begins
        completeness=None if not_begun else _completeness(indicator, points, as_of),
        # what the absence of a frequency hides (found by a reviewer of shared measurement)
        dates_apart=indicator.frequency is None and _reported_apart(whole),
        # _groups compares none: no period holds two of them
        groups_apart=len(groups) >= 2 and disparity is None,
        baseline_restated=_restated(whole, baseline, until, indicator.frequency),
        # the latest value (the status, progress) resting on fewer reporters than the series
        latest_missing_reporters=missing,
        latest_missing_from=_previous_period_day(since, indicator.frequency) if missing else None,
        latest_period_running=(
            latest is not None
            and as_of is not None
            and indicator.frequency is not None
            and indicator.frequency.period(as_of) == indicator.frequency.period(latest[0])
            # on its last day every report of it is in, as target_date_observed reads it
            and as_of < indicator.frequency.last_day(as_of)
        ),
        freshness_days=freshness,
        stale=stale,
        series_stale=series_stale,
        target_date_observed=target_observed,
        # the forecast of a date gone by: no value of the target date in (of its period, with
        # a frequency, once the period has ended: its figure so far while it runs), and the
        # date before as_of; too few dates to forecast, the date has passed all the same
        target_date_unreported=(
            status is not IndicatorStatus.MET
            and not target_observed
            and as_of is not None
            and target is not None
            and target.date < as_of
        ),
        reporters=tuple(sorted({o.reported_by for o in observed if o.reported_by})),
        quadrant=indicator.quadrant.value if indicator.quadrant else None,
        informs=indicator.informs,
        baseline_date=baseline.date if baseline is not None else None,
        baseline_until=until if baseline is not None else None,
    )


def measurement(
    initiative: Initiative,
    *,
    as_of: dt.date | None = None,
    config: ScoringConfig | None = None,
) -> tuple[IndicatorMeasurement, ...]:
    """Measure every indicator of an initiative, in initiative order.

    Parameters
    ----------
    initiative
        The initiative.
    as_of
        The date of judgement; by default the ``as_of`` of the file, else the latest
        observation (see :func:`resolve_as_of`).
    config
        The thresholds (:class:`~collective_impact.ScoringConfig` defaults).

    Returns
    -------
    tuple of IndicatorMeasurement
        One record per indicator, in initiative order.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`, or ``config``
        not a :class:`~collective_impact.ScoringConfig`.
    AsOfError
        When an explicit ``as_of`` is before every observation and every baseline of the
        initiative.

    References
    ----------
    - Friedman, M. (2005). *Trying Hard Is Not Good Enough*. Trafford.

    Examples
    --------
    The workforce example's placements: baseline 0, target 5,000, latest 5,696 on 2010-12-31,
    the latest observation (the default date of judgement): progress 5,696 / 5,000 = 1.1392.

    >>> import collective_impact as ci
    >>> records = measurement(ci.load_example("workforce"))
    >>> [(m.indicator, m.status.value) for m in records][:1]
    [('placements', 'met')]
    >>> round(records[0].progress, 4), records[0].latest_date.isoformat()
    (1.1392, '2010-12-31')
    """
    expect_initiative(initiative)
    expect_config(config)
    when, _ = resolve_as_of(initiative, as_of)
    agenda = {i for g in initiative.goals for i in g.indicators}
    return tuple(
        measure_indicator(ind, as_of=when, config=config, on_agenda=ind.id in agenda)
        for ind in initiative.indicators
    )
