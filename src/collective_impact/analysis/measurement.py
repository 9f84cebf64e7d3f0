r"""Shared measurement: progress, trends, forecasts, status, turn-the-curve, disparities.

What the data manager of a backbone needs for each indicator, in the manner of Results-Based
Accountability [1]_. Time is measured in years (days / 365.25) and every result is relative to an
``as_of`` date (by default the latest dated fact of the initiative), never to today.

The *whole-population series* of an indicator is its observations without a ``group``; each
group's observations form a series of their own.

Trend and forecast
    Ordinary least squares on the series, :math:`y = a + b t`:
    :math:`b = S_{ty}/S_{tt}` per year. With :math:`n \ge 3` points the forecast at the target date
    :math:`t_0` comes with the textbook prediction interval

    .. math::

        \hat y_0 \pm t_{1-\alpha/2,\,n-2}\; s
        \sqrt{1 + \frac{1}{n} + \frac{(t_0 - \bar t)^2}{S_{tt}}},
        \qquad s^2 = \frac{\sum (y - a - b t)^2}{n - 2}

    with :math:`1 - \alpha` = ``prediction_level`` (0.8) [2]_.

Progress
    :math:`(y_{latest} - y_{baseline}) / (y_{target} - y_{baseline})`, undefined when the target
    equals the baseline. It is direction-aware by construction: for a ``decrease`` indicator both
    differences are negative when things improve. The latest value is the mean of the
    whole-population observations on the latest date.

IndicatorStatus (with :math:`\sigma = +1` for ``increase``, :math:`-1` for ``decrease``)
    ``insufficient-data`` without a target; ``met`` when :math:`\sigma(y_{latest} - y_{target})
    \ge 0`; ``off-track`` when the target date has passed unmet; ``insufficient-data`` with fewer
    than 3 points (or a single date); else ``on-track`` when :math:`\sigma(\hat y_0 - y_{target})
    \ge 0`, ``at-risk`` when only the optimistic bound of the interval reaches the target, and
    ``off-track`` when it does not.

Turn the curve
    The trend of the points up to the baseline date (the baseline itself included, unless an
    observation on the baseline date already records it) is the
    *forecast had nothing changed*; the curve has turned when the latest value is better than that
    forecast at its date: :math:`\sigma(y_{latest} - \hat y^{base}(t_{latest})) > 0`.

Disparity
    Among groups, the best and worst by latest value (direction-aware); the gap
    :math:`\sigma(y_{best} - y_{worst}) \ge 0`, and its trend :math:`\sigma(b_{best} - b_{worst})`
    per year from the groups' own slopes: the gap is *widening* when this exceeds
    ``widening_threshold`` (default 0) units a year.

Completeness and freshness
    With a reporting ``frequency``, the share of calendar periods (years, quarters or months)
    from the earlier of the baseline date and the first whole-population observation to
    ``as_of`` that have a whole-population observation or the baseline. ``as_of`` does not hide
    later observations: it sets the end of this window, the freshness and whether a target date
    has passed. Freshness is the number of days from the last observation to
    ``as_of``.

References
----------
.. [1] Friedman, M. (2005). *Trying Hard Is Not Good Enough*. Trafford.
.. [2] Montgomery, D. C., Peck, E. A. and Vining, G. G. (2012). *Introduction to Linear Regression
   Analysis*, 5th ed., §2.5. Wiley.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
from scipy import stats

from ..config import ScoringConfig
from ..model import Direction, Frequency, Indicator, Initiative, Level, Observation

__all__ = [
    "Disparity",
    "Forecast",
    "GroupSeries",
    "IndicatorMeasurement",
    "IndicatorStatus",
    "Trend",
    "TurnTheCurve",
    "fit_trend",
    "measure_indicator",
    "measurement",
    "stale_after_days",
]

_DAYS_PER_YEAR = 365.25


class IndicatorStatus(enum.StrEnum):
    """Whether an indicator is on its way to its target.

    The rules are in the module notes of :mod:`collective_impact.analysis.measurement` and on the
    Shared measurement page of the documentation.
    """

    MET = "met"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    INSUFFICIENT_DATA = "insufficient-data"


def _years(day: dt.date, origin: dt.date) -> float:
    return (day.toordinal() - origin.toordinal()) / _DAYS_PER_YEAR


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
        The date that is :math:`t = 0`.
    n
        Number of points.
    mean_t, s_tt, residual_sd
        :math:`\bar t`, :math:`S_{tt}` and :math:`s` (``nan`` when :math:`n < 3`).
    """

    slope: float
    intercept: float
    origin: dt.date
    n: int
    mean_t: float
    s_tt: float
    residual_sd: float

    def value_at(self, day: dt.date) -> float:
        """Return the fitted value at ``day``."""
        return self.intercept + self.slope * _years(day, self.origin)

    def interval_at(self, day: dt.date, level: float) -> tuple[float, float]:
        """Return the ``level`` prediction interval of a new value at ``day`` (needs n >= 3)."""
        t0 = _years(day, self.origin)
        quantile = float(stats.t.ppf(0.5 + level / 2, self.n - 2))
        half = (
            quantile
            * self.residual_sd
            * math.sqrt(1 + 1 / self.n + (t0 - self.mean_t) ** 2 / self.s_tt)
        )
        centre = self.value_at(day)
        return centre - half, centre + half


def fit_trend(points: Sequence[tuple[dt.date, float]]) -> Trend | None:
    """Fit a least-squares line through ``(date, value)`` points.

    Returns ``None`` with fewer than 2 points or when all points share one date.

    Examples
    --------
    >>> import datetime as dt
    >>> trend = fit_trend([(dt.date(2020, 1, 1), 10.0), (dt.date(2022, 1, 1), 14.0)])
    >>> round(trend.slope, 3)
    1.999
    """
    if len(points) < 2:
        return None
    origin = min(d for d, _ in points)
    t = np.array([_years(d, origin) for d, _ in points])
    y = np.array([v for _, v in points], dtype=np.float64)
    mean_t, mean_y = float(t.mean()), float(y.mean())
    s_tt = float(((t - mean_t) ** 2).sum())
    if s_tt == 0.0:
        return None
    slope = float(((t - mean_t) * (y - mean_y)).sum() / s_tt)
    intercept = mean_y - slope * mean_t
    n = len(points)
    if n >= 3:
        residuals = y - (intercept + slope * t)
        sd = math.sqrt(float((residuals**2).sum()) / (n - 2))
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
    )


@attrs.frozen(kw_only=True)
class Forecast:
    """The forecast of an indicator at its target date, with a prediction interval.

    Attributes
    ----------
    date
        The target date.
    value
        The fitted value of the trend at ``date``.
    lower, upper
        The prediction interval of coverage ``level`` around it.
    level
        Coverage of the interval (``ScoringConfig.prediction_level``).
    """

    date: dt.date
    value: float
    lower: float
    upper: float
    level: float


@attrs.frozen(kw_only=True)
class TurnTheCurve:
    """The baseline forecast (had nothing changed) against what happened after the baseline.

    Attributes
    ----------
    baseline_slope
        Slope per year of the trend up to the baseline (baseline included).
    forecast_at_latest
        That trend's value at the date of the latest observation.
    latest_value
        The latest whole-population value.
    difference
        ``latest_value - forecast_at_latest``, signed so that positive is better.
    turned
        Whether ``difference > 0``.
    """

    baseline_slope: float
    forecast_at_latest: float
    latest_value: float
    difference: float
    turned: bool


@attrs.frozen(kw_only=True)
class GroupSeries:
    """One group's series: its latest value and trend.

    Attributes
    ----------
    group
        The group label of the observations.
    n
        Number of observations of the group.
    latest_date, latest_value
        Its latest observation (the mean when several share the latest date).
    slope
        Its least-squares slope per year (``None`` with fewer than two dates).
    """

    group: str
    n: int
    latest_date: dt.date
    latest_value: float
    slope: float | None


@attrs.frozen(kw_only=True)
class Disparity:
    """The gap between the best and the worst group, and whether it is widening.

    Attributes
    ----------
    best, worst
        The groups with the best and the worst latest value (direction-aware).
    gap
        ``sign * (best value - worst value)``, never negative.
    trend
        ``sign * (best slope - worst slope)`` per year (``None`` when a slope is missing);
        positive means the gap is widening.
    widening
        Whether ``trend > 0``.
    """

    best: str
    worst: str
    gap: float
    trend: float | None
    widening: bool


@attrs.frozen(kw_only=True)
class IndicatorMeasurement:
    """Everything the measurement analysis found about one indicator.

    Undefined values are ``None`` (the module notes of
    :mod:`collective_impact.analysis.measurement` say when each is defined).

    Attributes
    ----------
    indicator, name, direction, level
        The indicator's id, name, direction and level.
    on_agenda
        Whether a goal lists it.
    observations
        Number of observations (groups included).
    latest_date, latest_value
        The latest whole-population observation (the mean of those on the latest date).
    baseline, target, target_date
        Values of the baseline and target, and the target date.
    progress
        ``(latest - baseline) / (target - baseline)``.
    trend
        The least-squares :class:`Trend` of the whole-population series.
    forecast
        The :class:`Forecast` at the target date (3 points or more).
    status
        The :class:`IndicatorStatus`.
    turn_the_curve
        The :class:`TurnTheCurve` comparison.
    groups, disparity
        Every :class:`GroupSeries`, and the :class:`Disparity` between the best and worst.
    completeness
        Share of reporting periods with data (needs a ``frequency``).
    freshness_days, stale
        Days from the last observation to ``as_of``, and whether that is too old.
    reporters
        Partners that reported observations, sorted.
    quadrant, informs
        RBA quadrant and the population indicators informed (performance measures).
    """

    indicator: str
    name: str
    direction: Direction
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

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-safe plain data (dates as ISO strings, ``None`` kept)."""

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


def stale_after_days(indicator: Indicator, config: ScoringConfig) -> float:
    """Days after which an indicator's last observation is stale.

    ``stale_after_periods`` reporting periods when the indicator has a frequency, else
    ``stale_after_days``.
    """
    if indicator.frequency is None:
        return config.stale_after_days
    return config.stale_after_periods * indicator.frequency.months * _DAYS_PER_YEAR / 12


def _series(observations: Sequence[Observation]) -> list[tuple[dt.date, float]]:
    return sorted((o.date, o.value) for o in observations)


def _latest(points: Sequence[tuple[dt.date, float]]) -> tuple[dt.date, float] | None:
    if not points:
        return None
    last = max(d for d, _ in points)
    values = [v for d, v in points if d == last]
    return last, math.fsum(values) / len(values)


def _period(day: dt.date, frequency: Frequency) -> int:
    months = day.year * 12 + day.month - 1
    return months // frequency.months


def _completeness(
    indicator: Indicator, points: Sequence[tuple[dt.date, float]], as_of: dt.date | None
) -> float | None:
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
    expected = _period(end, frequency) - _period(start, frequency) + 1
    covered = {_period(d, frequency) for d in dates if start <= d <= end}
    return len(covered) / expected


def _status(
    indicator: Indicator,
    latest: tuple[dt.date, float] | None,
    trend: Trend | None,
    forecast: Forecast | None,
    as_of: dt.date | None,
) -> IndicatorStatus:
    target = indicator.target
    if target is None:
        return IndicatorStatus.INSUFFICIENT_DATA
    sign = 1.0 if indicator.direction is Direction.INCREASE else -1.0
    if latest is not None and sign * (latest[1] - target.value) >= 0:
        return IndicatorStatus.MET
    if as_of is not None and target.date <= as_of:
        return IndicatorStatus.OFF_TRACK
    if forecast is None or trend is None:
        return IndicatorStatus.INSUFFICIENT_DATA
    if sign * (forecast.value - target.value) >= 0:
        return IndicatorStatus.ON_TRACK
    optimistic = forecast.upper if sign > 0 else forecast.lower
    if sign * (optimistic - target.value) >= 0:
        return IndicatorStatus.AT_RISK
    return IndicatorStatus.OFF_TRACK


def _turn_the_curve(
    indicator: Indicator,
    points: Sequence[tuple[dt.date, float]],
    latest: tuple[dt.date, float] | None,
) -> TurnTheCurve | None:
    baseline = indicator.baseline
    if baseline is None or latest is None or latest[0] <= baseline.date:
        return None
    history = [(d, v) for d, v in points if d <= baseline.date]
    if all(d != baseline.date for d, _ in history):  # not when also recorded as an observation
        history.append((baseline.date, baseline.value))
    trend = fit_trend(history)
    if trend is None:
        return None
    sign = 1.0 if indicator.direction is Direction.INCREASE else -1.0
    expected = trend.value_at(latest[0])
    difference = sign * (latest[1] - expected)
    return TurnTheCurve(
        baseline_slope=trend.slope,
        forecast_at_latest=expected,
        latest_value=latest[1],
        difference=difference,
        turned=difference > 0,
    )


def _groups(
    indicator: Indicator, threshold: float
) -> tuple[tuple[GroupSeries, ...], Disparity | None]:
    by_group: dict[str, list[Observation]] = {}
    for o in indicator.observations:
        if o.group is not None:
            by_group.setdefault(o.group, []).append(o)
    series = []
    for group in sorted(by_group):
        points = _series(by_group[group])
        latest = _latest(points)
        assert latest is not None  # every group has an observation
        trend = fit_trend(points)
        series.append(
            GroupSeries(
                group=group,
                n=len(points),
                latest_date=latest[0],
                latest_value=latest[1],
                slope=trend.slope if trend is not None else None,
            )
        )
    if len(series) < 2:
        return tuple(series), None
    sign = 1.0 if indicator.direction is Direction.INCREASE else -1.0
    ranked = sorted(series, key=lambda g: (sign * g.latest_value, g.group))
    worst, best = ranked[0], ranked[-1]
    gap = sign * (best.latest_value - worst.latest_value)
    change = (
        sign * (best.slope - worst.slope)
        if best.slope is not None and worst.slope is not None
        else None
    )
    return tuple(series), Disparity(
        best=best.group,
        worst=worst.group,
        gap=gap,
        trend=change,
        widening=change is not None and change > threshold,
    )


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
        The date results are relative to (target dates passed, completeness, freshness).
    config
        ``prediction_level``, ``stale_after_periods`` and ``stale_after_days``.
    on_agenda
        Whether a goal lists the indicator (recorded in the result).

    Returns
    -------
    IndicatorMeasurement

    Examples
    --------
    >>> import collective_impact as ci
    >>> placements = ci.load_example("workforce").indicator("placements")
    >>> m = measure_indicator(placements, as_of=None)
    >>> round(m.progress, 4), m.status.value
    (1.1392, 'met')
    """
    cfg = config if config is not None else ScoringConfig()
    whole = [o for o in indicator.observations if o.group is None]
    points = _series(whole)
    latest = _latest(points)
    trend = fit_trend(points)
    target = indicator.target
    forecast = None
    if target is not None and trend is not None and trend.n >= 3:
        lower, upper = trend.interval_at(target.date, cfg.prediction_level)
        forecast = Forecast(
            date=target.date,
            value=trend.value_at(target.date),
            lower=lower,
            upper=upper,
            level=cfg.prediction_level,
        )
    progress = None
    if latest is not None and indicator.baseline is not None and target is not None:
        span = target.value - indicator.baseline.value
        if span != 0:
            progress = (latest[1] - indicator.baseline.value) / span
    groups, disparity = _groups(indicator, cfg.widening_threshold)
    last_any = max((o.date for o in indicator.observations), default=None)
    freshness = None
    if last_any is not None and as_of is not None:
        freshness = max(0, as_of.toordinal() - last_any.toordinal())
    stale = last_any is None or (
        freshness is not None and freshness > stale_after_days(indicator, cfg)
    )
    return IndicatorMeasurement(
        indicator=indicator.id,
        name=indicator.name,
        direction=indicator.direction,
        level=indicator.level,
        on_agenda=on_agenda,
        observations=len(indicator.observations),
        latest_date=latest[0] if latest else None,
        latest_value=latest[1] if latest else None,
        baseline=indicator.baseline.value if indicator.baseline else None,
        target=target.value if target else None,
        target_date=target.date if target else None,
        progress=progress,
        trend=trend,
        forecast=forecast,
        status=_status(indicator, latest, trend, forecast, as_of),
        turn_the_curve=_turn_the_curve(indicator, points, latest),
        groups=groups,
        disparity=disparity,
        completeness=_completeness(indicator, points, as_of),
        freshness_days=freshness,
        stale=stale,
        reporters=tuple(sorted({o.reported_by for o in indicator.observations if o.reported_by})),
        quadrant=indicator.quadrant.value if indicator.quadrant else None,
        informs=indicator.informs,
    )


def measurement(
    initiative: Initiative,
    *,
    as_of: dt.date | None = None,
    config: ScoringConfig | None = None,
) -> tuple[IndicatorMeasurement, ...]:
    """Measure every indicator of an initiative, in initiative order.

    ``as_of`` defaults to the latest dated fact of the initiative
    (:func:`~collective_impact.report.latest_date`).
    """
    if as_of is None:
        from ..report import latest_date

        as_of = latest_date(initiative)
    agenda = {i for g in initiative.goals for i in g.indicators}
    return tuple(
        measure_indicator(ind, as_of=as_of, config=config, on_agenda=ind.id in agenda)
        for ind in initiative.indicators
    )
