"""A slow, obviously correct restatement of docs/measurement.md, for testing the engine.

Every number the measurement analysis reports for one indicator is recomputed here from the
rules of docs/measurement.md (and the docstrings of the result classes), one loop at a time,
with plain floats and :func:`math.fsum`: clarity over speed. Nothing is taken from
``collective_impact.analysis.measurement``; the model (``Indicator.better``, the labels'
normal form) and ``scipy.stats.t`` (the distribution function and its quantile only) are used.
The sections of the page, in the order of this module:

- "Time, series and the date of judgement": the snapshot at ``as_of``, the time axis
  ``t(d) = days / 365.25`` (on the calendar with a frequency: :func:`calendar_years`), the
  whole-population and group series, repeated dates combined
  into their mean, a reporting period as one point (each partner's latest report, averaged),
  the target's period (its value is the period's value; the value of the target date is in
  once a value of that period or a later one is in and ``as_of`` is on or after the last day
  of the value's period), the baseline as the value of its date and period
  (:func:`period_of`, :func:`baseline_until`, :func:`points`);
- "Trend: least squares" (:func:`fit`);
- "Forecast and its prediction interval" (where it is made: :func:`forecast_day`, at the
  series' usual place in a period, :func:`usual_place`, where the trend puts every period's
  point), with
  "Never narrower than the rounding of the values" (:func:`rounding_sd`, :func:`interval`);
- "Progress" and "Status" (rules 1 to 9, with "Rounding never decides a status":
  :func:`reaches`);
- "Turning the curve" (the history weighted by its reporters, its points whole periods apart
  with a frequency, the latest value read in its period);
- "Groups and disparity": the gap series of the same groups, "The widening test", "Stale group
  data are not judged", "Reports that thin out" (weighted least squares), "Percentages, counts
  and rates" (the arcsine scale of shares, the square-root scale of other values >= 0 counted
  in the step they were reported to, and the intersection-union test);
- "Completeness and freshness", with ``series_stale`` (the calendar periods after which a
  measurement is stale: :func:`reference.stale_on`).

:func:`reference_measurement` returns a plain dictionary, one key per field of
``IndicatorMeasurement`` it restates (nested dictionaries for the trend, the forecast, the turn of
the curve, the groups and the disparity).

Where the page leaves a choice open, this module reads it so (each reading agrees with the
engine):

- the rounding step ``q`` of the forecast's floor is read from the reports behind the trend's
  points (each partner's latest report of a period; not a superseded one, not the baseline nor
  a value of its date or period); for turn-the-curve, from the reports behind the history's
  points and the baseline value;
- ``latest_value`` and ``latest_date`` are the last point of the series from the baseline's
  date on, a value of the baseline's date or period included (``observed_after_baseline`` is
  then false and progress and status ignore it);
- a group's series starts on the baseline's date without a frequency, and on the first day
  of the baseline's period with one (a report of the baseline's year dated before the
  baseline's day is of that year's figure, as for every other rule of a period);
- the baseline's point of the history is dated on the baseline's date; the reports of its
  period dated before it are left out of the history;
- ``TurnTheCurve.level`` is ``None`` with the interval, under 3 points of history;
- when groups tie for the highest or lowest value, any of them may be named (``best``,
  ``worst``, ``highest``, ``lowest``): "the labels follow the names" says no more.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable
from typing import Any

import scipy.stats

from collective_impact import Indicator, ScoringConfig
from collective_impact.model.labels import normalize_label
from reference import stale_on

__all__ = [
    "calendar_years",
    "month_last_convention",
    "reference_measurement",
    "reported_step",
    "rounding_sd",
]

#: The relative rounding of measured values: 2^-42 (docs "Rounding never decides a status").
NOISE = 2.0**-42
#: The tolerance of the thresholds (docs/scoring.md), used for ``p <= disparity_level``.
THRESHOLD = 1e-9
#: Words of a percentage unit (``per cent`` is two: ``per`` then ``cent``), of a proportion,
#: and of a difference of shares (docs "Percentages, counts and rates").
PERCENT_WORDS = frozenset(
    {"%", "percent", "percents", "percentage", "percentages", "pct"}
    | {"pourcentage", "pourcentages", "porcentaje", "porcentajes", "porcentagem"}
    | {"percentuale", "prozent"}
)
PROPORTION_WORDS = frozenset(
    {"proportion", "proportions", "fraction", "fractions", "proporción", "proporcion"}
    | {"proporzione"}
)
DIFFERENCE_WORDS = frozenset(
    {"change", "changes", "point", "points", "pp", "ppt", "ppts", "growth"}
    | {"increase", "increases", "decrease", "decreases", "difference", "differences", "yoy"}
)
#: The second word of ``per year``...: a rate of change after a share's word.
PER_WHAT = frozenset({"year", "annum", "month", "quarter"})
#: What may follow ``%`` in one word and make the unit a rank or a difference: ``%ile``...
JOINED_TO_PERCENT = frozenset({"ile", "iles", "pt", "pts", "pp"})


# --------------------------------------------------------------------- time, periods, series


def years(day: dt.date, origin: dt.date) -> float:
    """``t(d) = days(d - origin) / 365.25``."""
    return (day - origin).days / 365.25


def is_month_end(day: dt.date) -> bool:
    """Whether ``day`` is the last day of its month."""
    return (day + dt.timedelta(days=1)).month != day.month


def days_in_month(day: dt.date) -> int:
    """The days of ``day``'s month, counted one at a time."""
    walk = dt.date(day.year, day.month, 1)
    count = 0
    while walk.month == day.month:
        walk, count = walk + dt.timedelta(days=1), count + 1
    return count


def convention_gives(convention: int | None, day: dt.date) -> bool:
    """Whether ``day`` is the day a month's-last-day convention gives: the end (``None``), or
    the 28th, 29th or 30th (a shorter month's last day)."""
    if convention is None:
        return is_month_end(day)
    return day.day == min(convention, days_in_month(day))


def month_last_convention(days: list[dt.date]) -> int | None:
    """Of the month's end, the 28th, the 29th and the 30th, the convention that gives the most
    of ``days`` (the end first on a tie)."""
    best, best_count = None, -1
    for convention in (None, 28, 29, 30):
        count = len([d for d in days if convention_gives(convention, d)])
        if count > best_count:
            best, best_count = convention, count
    return best


def calendar_years(day: dt.date, origin: dt.date, convention: int | None) -> float:
    """``t(d) = (12 (year - year0) + (month - month0) + (place(d) - place(origin)) / 31) / 12``:
    a month is a twelfth of a year; a day's place is its day of the month, the convention's day
    (31 for the end) when the convention gives it, and 31 for any other month's last day."""

    def place(d: dt.date) -> int:
        if convention_gives(convention, d):
            return 31 if convention is None else convention
        return 31 if is_month_end(d) else d.day

    months = 12 * (day.year - origin.year) + (day.month - origin.month)
    return (months * 31 + place(day) - place(origin)) / (12 * 31)


def line_years(line: dict[str, Any], day: dt.date) -> float:
    """The time from a fitted line's origin to ``day``, on the line's axis: for a line of
    points each at its period's usual place (``per_period``), whole periods (of ``per_period``
    months) from the origin's, ``day`` being at that place too."""
    if line.get("per_period") is not None:
        months = line["per_period"]
        return (period_of(day, months) - period_of(line["origin"], months)) * months / 12
    if line["calendar"]:
        return calendar_years(day, line["origin"], line["month_last"])
    return years(day, line["origin"])


def period_of(day: dt.date, months: int) -> int:
    """``P(d) = floor((12 year + month - 1) / m)``: calendar years, quarters or months."""
    return (12 * day.year + day.month - 1) // months


def last_day(day: dt.date, months: int) -> dt.date:
    """The last day of the calendar period holding ``day``, one day at a time."""
    later = day
    while period_of(later + dt.timedelta(days=1), months) == period_of(day, months):
        later = later + dt.timedelta(days=1)
    return later


def first_day(day: dt.date, months: int) -> dt.date:
    """The first day of the calendar period holding ``day``, one day at a time."""
    earlier = day
    while period_of(earlier - dt.timedelta(days=1), months) == period_of(day, months):
        earlier = earlier - dt.timedelta(days=1)
    return earlier


def carried(day: dt.date, into: dt.date, months: int, best: int | None) -> dt.date:
    """The place of ``day`` in its period carried into the period holding ``into``: the
    period's n-th month (months walked from the period's first day) and the same day of it,
    or the month's end when ``day`` is read as its month's end (a month's last day is read by
    the convention ``best``: the month's end, or the 28th, 29th or 30th); a day beyond a
    shorter month is its last day."""

    def next_month(day: dt.date) -> dt.date:
        """The first day of the month after ``day``'s."""
        while True:
            day = day + dt.timedelta(days=1)
            if day.day == 1:
                return day

    count, walk = 0, first_day(day, months)
    while (walk.year, walk.month) != (day.year, day.month):
        walk, count = next_month(walk), count + 1
    walk = first_day(into, months)
    for _ in range(count):
        walk = next_month(walk)
    # walk is the first day of the period's n-th month: go to the day wanted
    own_day = None if is_month_end(day) else day.day  # None: the month's end
    wanted = best if convention_gives(best, day) else own_day
    while not is_month_end(walk) and (wanted is None or walk.day < wanted):
        walk = walk + dt.timedelta(days=1)
    return walk


def usual_place(into: dt.date, dates: list[dt.date], months: int) -> dt.date:
    """The series' usual place in the period holding ``into``: the place of every date of
    ``dates`` carried into that period (a month's last day read by the convention that gives
    the most of ``dates``, the end on a tie), sorted, the earlier middle one."""
    best = month_last_convention(dates)
    placed = sorted(carried(day, into, months, best) for day in dates)
    return placed[(len(placed) - 1) // 2]


def forecast_day(target: dt.date, dates: list[dt.date], months: int | None) -> dt.date:
    """Where the forecast is made (docs "Forecast and its prediction interval"): the target
    date without a frequency. With one, the series' usual place (:func:`usual_place`, of every
    point of the trend, those of the target's period too) in the target's period, where the
    trend puts every period's point: a point of the target's period, earlier or later than
    that, does not move it."""
    if months is None or not dates:
        return target
    return usual_place(target, dates, months)


def baseline_until(indicator: Indicator) -> dt.date | None:
    """The baseline's date, or the last day of its calendar period with a ``frequency``."""
    if indicator.baseline is None:
        return None
    day = indicator.baseline.date
    if indicator.frequency is None:
        return day
    return last_day(day, indicator.frequency.months)


def mean(values: list[float]) -> float:
    """The mean, summed in sorted order with ``math.fsum``."""
    return math.fsum(sorted(values)) / len(values)


def reaches(value: float, threshold: float, scale: float = 0.0) -> bool:
    """``value >= threshold - 2^-42 max(|value|, |threshold|, scale)``: ``scale`` the
    magnitude of the reports ``value`` was computed from (their rounding is its rounding)."""
    return value >= threshold - NOISE * max(abs(value), abs(threshold), abs(scale))


def beats(value: float, threshold: float) -> bool:
    """``value > threshold + 2^-42 max(|value|, |threshold|)``."""
    return value > threshold + NOISE * max(abs(value), abs(threshold))


Row = tuple[dt.date, float, str | None]  # date, value, reporter


def magnitude(found: list[tuple[Any, dt.date, float, int, list[float]]]) -> float:
    """The largest magnitude of the values behind the points: the rounding they carry."""
    return max((abs(v) for point in found for v in point[4]), default=0.0)


def one_point(rows: list[Row]) -> tuple[dt.date, float, int, list[float]]:
    """One point from the rows of one date or one period: each reporter's latest report (the
    mean of its values of that date; the same report twice is one report), averaged over the
    reporters, at the latest date; the number of distinct reporters, and the values behind
    the point (the reports it averages, not those they supersede)."""
    latest: dict[str | None, dt.date] = {}
    for day, _, who in rows:
        if who not in latest or day > latest[who]:
            latest[who] = day
    reports = []
    behind: list[float] = []
    for who, day in latest.items():
        values = []
        for d, v, w in rows:
            if w == who and d == day and v not in values:
                values.append(v)
        reports.append(mean(values))
        behind.extend(values)
    return max(latest.values()), mean(reports), len(latest), behind


def points(
    rows: list[Row], months: int | None
) -> list[tuple[Any, dt.date, float, int, list[float]]]:
    """The points of one series, sorted: ``(key, date, value, reporters, values behind)``; the
    key is the date, or the period with a ``frequency`` (then the date is the period's
    latest)."""
    keyed: dict[Any, list[Row]] = {}
    for row in rows:
        key = row[0] if months is None else period_of(row[0], months)
        keyed.setdefault(key, []).append(row)
    found = []
    for key in sorted(keyed):
        found.append((key, *one_point(keyed[key])))
    return found


# --------------------------------------------------------------------- least squares


def fit(
    pts: list[tuple[dt.date, float]],
    weights: list[float] | None = None,
    calendar: bool = False,
    per_period: int | None = None,
) -> dict[str, Any] | None:
    """The (weighted) least-squares line through dated values, origin at the earliest date:
    ``slope``, ``intercept``, ``origin``, ``n``, ``mean_t``, ``s_tt`` and ``residual_sd``
    (``nan`` under 3 points); ``None`` under 2 points. Weights are scaled to a mean of 1.
    With ``calendar`` (an indicator with a reporting frequency) time is
    :func:`calendar_years`, the convention read from the points' dates; else days / 365.25.
    With ``per_period`` (the months of a period: every line of an indicator with a frequency,
    the whole population's, each group's, the gap series' and turn-the-curve's history, each
    point at its period's usual place, one place for the indicator) time is whole periods from
    the origin's (:func:`line_years`), whichever that place is."""
    n = len(pts)
    if n < 2:
        return None
    origin = min(d for d, _ in pts)
    month_last = month_last_convention([d for d, _ in pts]) if calendar else None
    line = {
        "calendar": calendar,
        "month_last": month_last,
        "origin": origin,
        "per_period": per_period,
    }
    t = [line_years(line, d) for d, _ in pts]
    y = [v for _, v in pts]
    if weights is None:
        w = [1.0] * n
    else:
        total = math.fsum(weights)
        w = [x * n / total for x in weights]
    sw = math.fsum(w)
    tbar = math.fsum(w[k] * t[k] for k in range(n)) / sw
    ybar = math.fsum(w[k] * y[k] for k in range(n)) / sw
    s_tt = math.fsum(w[k] * (t[k] - tbar) ** 2 for k in range(n))
    s_ty = math.fsum(w[k] * (t[k] - tbar) * (y[k] - ybar) for k in range(n))
    b = s_ty / s_tt
    a = ybar - b * tbar
    if n >= 3:
        squares = math.fsum(w[k] * (y[k] - a - b * t[k]) ** 2 for k in range(n))
        s = math.sqrt(squares / (n - 2))
    else:
        s = math.nan
    return {
        **line,
        "slope": b,
        "intercept": a,
        "origin": origin,
        "n": n,
        "mean_t": tbar,
        "s_tt": s_tt,
        "residual_sd": s,
    }


def reported_step(values: list[float]) -> float | None:
    """``q = 10^e`` with ``e`` the lowest place in which a non-zero value has a non-zero digit,
    read from its 15-significant-digit form; ``None`` with no value or a value that keeps 15
    significant digits (not rounded); 1 when every value is 0."""
    if not values:
        return None
    lowest = None
    for v in values:
        if v == 0:
            continue
        mantissa, exponent = f"{abs(v):.14e}".split("e")
        digits = mantissa.replace(".", "").rstrip("0")
        if len(digits) >= 15:
            return None
        place = int(exponent) - (len(digits) - 1)
        lowest = place if lowest is None else min(lowest, place)
    if lowest is None:
        return 1.0
    return 10.0**lowest


def rounding_sd(values: list[float]) -> float:
    """``q / sqrt(12)`` (:func:`reported_step`), 0 when the values have no step."""
    q = reported_step(values)
    return 0.0 if q is None else q / math.sqrt(12)


def interval(
    line: dict[str, Any], day: dt.date, level: float, spread: float, weight: float = 1.0
) -> tuple[float, float, float]:
    """The value of ``line`` at ``day`` and the prediction interval of a new observation there
    of weight ``w0`` (in the units of the line's weights, scaled to a mean of 1: variance
    ``σ² / w0``): ``y0 ± t_{1-α/2, n-2} spread sqrt(1/w0 + 1/n + (t0 - tbar)^2 / S_tt)``."""
    t0 = line_years(line, day)
    value = line["intercept"] + line["slope"] * t0
    n = line["n"]
    quantile = float(scipy.stats.t.ppf(1 - (1 - level) / 2, n - 2))
    half = (
        quantile
        * spread
        * math.sqrt(1 / weight + 1 / n + (t0 - line["mean_t"]) ** 2 / line["s_tt"])
    )
    return value, value - half, value + half


# --------------------------------------------------------------------- disparity


def slope_test(
    pts: list[tuple[dt.date, float]],
    weights: list[float],
    delta: float,
    eps: float,
    floor: float = 0.0,
    calendar: bool = False,
    per_period: int | None = None,
) -> tuple[dict[str, Any], float]:
    """The weighted line of a gap series and the one-sided p-value of ``slope > delta``, with
    ``s_D = max(s, floor)`` (the floor of the reported rounding, 0 on the arcsine scale); an
    exact line (``s_D <= eps``) has ``p = 0`` when ``(b - delta) sqrt(S_tt) > eps``, else 1;
    a slope within rounding of ``delta`` (``|b - delta| sqrt(S_tt) <= eps``) has ``T = 0``."""
    line = fit(pts, weights, calendar, per_period)
    assert line is not None
    excess = (line["slope"] - delta) * math.sqrt(line["s_tt"])
    s_d = max(line["residual_sd"], floor)
    if s_d <= eps:
        return line, 0.0 if excess > eps else 1.0
    if abs(excess) <= eps:
        return line, 0.5
    statistic = (line["slope"] - delta) / (s_d / math.sqrt(line["s_tt"]))
    return line, float(scipy.stats.t.sf(statistic, line["n"] - 2))


def share_bound(unit: str | None) -> float | None:
    """100 for a percentage unit, 1 for a proportion, ``None`` otherwise: the unit's words
    (split at anything that is not a letter or a digit, ``%`` a word of its own), a word of a
    difference counting only right after the share's word (docs "Percentages, counts and
    rates")."""
    if unit is None:
        return None
    label = normalize_label(unit)
    words = re.findall(r"%|[^\W_]+", label)
    share_at = [
        k
        for k, w in enumerate(words)
        if w in PERCENT_WORDS
        or w in PROPORTION_WORDS
        or (w in ("cent", "cents") and k > 0 and words[k - 1] == "per")
    ]
    for k in share_at:
        after = words[k + 1 : k + 3]
        if after[:1] and after[0] in DIFFERENCE_WORDS:
            return None
        if len(after) == 2 and after[0] == "per" and after[1] in PER_WHAT:
            return None
    for joined in re.findall(r"%([^\W_]+)", label):
        if joined in JOINED_TO_PERCENT or joined in DIFFERENCE_WORDS:
            return None
    if words in (["pp"], ["ppt"], ["ppts"]):
        return None
    pairs = set(itertools.pairwise(words))
    if PERCENT_WORDS & set(words) or {("per", "cent"), ("per", "cents")} & pairs:
        return 100.0
    if PROPORTION_WORDS & set(words):
        return 1.0
    return None


def disparity(
    indicator: Indicator,
    by_group: dict[str, list[tuple[Any, dt.date, float, int, list[float]]]],
    sigma: int | None,
    as_of: dt.date | None,
    config: ScoringConfig,
    stale: Callable[[dt.date, dt.date], bool],
) -> dict[str, Any] | None:
    """docs "Groups and disparity": the gap series of the groups reporting on the latest key
    (date, or period) on which two groups report, its weighted trend and the widening test."""
    keys: dict[Any, dict[str, tuple[dt.date, float, int]]] = {}
    behind: dict[tuple[Any, str], list[float]] = {}
    for group, pts in by_group.items():
        for key, day, value, reporters, values_behind in pts:
            keys.setdefault(key, {})[group] = (day, value, reporters)
            behind[key, group] = values_behind
    shared = [k for k in sorted(keys) if len(keys[k]) >= 2]
    if not shared:
        return None
    last = shared[-1]
    groups = sorted(keys[last])
    gaps: list[tuple[dt.date, float]] = []
    weights: list[float] = []
    compared: list[list[float]] = []
    reported: list[float] = []  # the reports behind the values the gaps are taken from
    series_keys = []  # the keys of the gap series
    for key in sorted(keys):
        if not all(g in keys[key] for g in groups):
            continue
        series_keys.append(key)
        reported.extend(v for g in groups for v in behind[key, g])
        values = {g: keys[key][g][1] for g in groups}
        counts = {g: keys[key][g][2] for g in groups}
        high = max(values.values())
        low = min(values.values())
        # tied up to the rounding of measured values ("Rounding never decides a status"): a
        # value that reaches the highest (the lowest reaches it, signs turned) ties with it
        if all(reaches(values[g], high) for g in groups):
            top = sorted(counts.values(), reverse=True)
            r, r2 = top[0], top[1]
        else:
            r = max(counts[g] for g in groups if reaches(values[g], high))
            r2 = max(counts[g] for g in groups if reaches(-values[g], -low))
        gaps.append((max(keys[key][g][0] for g in groups), high - low))
        weights.append(1 / (1 / r + 1 / r2))
        compared.append([values[g] for g in groups])
    last_values = {g: keys[last][g][1] for g in groups}
    high = max(last_values.values())
    low = min(last_values.values())
    highest = [g for g in groups if last_values[g] == high]
    lowest = [g for g in groups if last_values[g] == low]
    day = gaps[-1][0]
    # "the groups left out": every group with a value from the baseline on that is not
    # compared, with the date of its latest value; "joined": the groups compared first
    # reported in the gap series' first key, when another group compared has an earlier value
    left_out = [g for g in sorted(by_group) if g not in groups]
    first_key = {g: by_group[g][0][0] for g in groups}
    earlier = [g for g in groups if first_key[g] < series_keys[0]]
    joined = [g for g in groups if first_key[g] == series_keys[0]] if earlier else []
    result: dict[str, Any] = {
        "groups": groups,
        "left_out": left_out,
        "left_out_dates": [by_group[g][-1][1] for g in left_out],
        "first_date": gaps[0][0],
        "joined": joined,
        "date": day,
        "gap": gaps[-1][1],
        "n": len(gaps),
        "highest": highest,  # every group of the highest value: ties follow names
        "lowest": lowest,
        "trend": None,
        "p_value": None,
        "stabilised_p_value": None,
        "widening": False,
        "stale": as_of is not None and stale(day, as_of),
    }
    if sigma is None:
        result["best"] = result["worst"] = None
    else:
        result["best"], result["worst"] = (highest, lowest) if sigma > 0 else (lowest, highest)
    # with a frequency, each gap at the indicator's usual place in its period: whole periods
    # apart (docs "Groups and disparity")
    months = indicator.frequency.months if indicator.frequency is not None else None
    calendar = months is not None
    if len(gaps) >= 2:
        line = fit(gaps, weights, calendar, months)
        assert line is not None
        result["trend"] = line["slope"]
    if len(gaps) < 3:
        return result
    delta = config.widening_threshold
    eps = NOISE * max(
        max(abs(high), abs(low)) for high, low in ((max(c), min(c)) for c in compared)
    )
    # s_D is at least the rounding of the values reported, s_q / sqrt(mean w), in the units of
    # the residuals (weights scaled to a mean of 1)
    floor = rounding_sd(reported) / math.sqrt(math.fsum(weights) / len(weights))
    line, p = slope_test(gaps, weights, delta, eps, floor, calendar, months)
    grows = (line["slope"] - delta) * math.sqrt(line["s_tt"]) > eps
    bound = share_bound(indicator.unit)
    values = [v for c in compared for v in c]
    z: list[list[float]] | None = None
    if bound is not None and all(0 <= v <= bound for v in values):
        z = [[math.asin(math.sqrt(v / bound)) for v in c] for c in compared]
    elif all(v >= 0 for v in values):  # counts, rates: Anscombe's square root
        # of the values counted in the step they were reported to (1 without one)
        q = reported_step(reported) or 1.0
        z = [[math.sqrt(v / q + 3 / 8) for v in c] for c in compared]
    if z is not None:
        z_gaps = [(gaps[k][0], max(z[k]) - min(z[k])) for k in range(len(gaps))]
        z_eps = NOISE * max(max(abs(max(c)), abs(min(c))) for c in z)
        z_line, p_z = slope_test(z_gaps, weights, 0.0, z_eps, 0.0, calendar, months)
        result["stabilised_p_value"] = p_z
        p = max(p, p_z)
        grows = grows and z_line["slope"] * math.sqrt(z_line["s_tt"]) > z_eps
    result["p_value"] = p
    level = config.disparity_level
    allowance = min(THRESHOLD * max(1.0, level), level / 2)
    result["widening"] = bool(grows and p <= level + allowance and not result["stale"])
    return result


# --------------------------------------------------------------------- the measurement


def reference_measurement(
    indicator: Indicator, as_of: dt.date | None, config: ScoringConfig | None = None
) -> dict[str, Any]:
    """Every documented field of the measurement of ``indicator`` on ``as_of``."""
    config = config or ScoringConfig()
    months = indicator.frequency.months if indicator.frequency is not None else None

    def known(day: dt.date) -> bool:
        return as_of is None or day <= as_of

    # "A true snapshot": observations and a baseline dated after as_of do not exist.
    rows = [o for o in indicator.observations if known(o.date)]
    base = indicator.baseline if indicator.baseline and known(indicator.baseline.date) else None
    # which way is better: stated, else the target against a baseline known on as_of
    better = indicator.better if base is not None else indicator.direction
    sigma = None if better is None else (1 if better.value == "increase" else -1)
    target = indicator.target
    until = baseline_until(indicator)  # the measured period begins on the baseline, known or not
    whole = [(o.date, o.value, o.reported_by) for o in rows if o.group is None]
    after = [r for r in whole if until is None or r[0] > until]
    series = points(after, months)

    out: dict[str, Any] = {
        "indicator": indicator.id,
        "name": indicator.name,
        "level": indicator.level,
        "direction": better,
        "observations": len(rows),
        "reporters": sorted({o.reported_by for o in rows if o.reported_by is not None}),
        "baseline": None if base is None else base.value,
        "baseline_date": None if base is None else base.date,
        "baseline_until": None if base is None else until,
        "target": None if target is None else target.value,
        "target_date": None if target is None else target.date,
    }

    # from the baseline's date on, or its period on with a frequency (a report of the baseline's
    # period dated before its day is a report of that period's figure); a baseline not yet
    # known on as_of measures nothing: from its date on, which nothing known reaches
    since = [
        r
        for r in whole
        if indicator.baseline is None
        or (
            r[0] >= indicator.baseline.date
            if months is None or base is None
            else period_of(r[0], months) >= period_of(indicator.baseline.date, months)
        )
    ]

    def of_target_period_or_later(day: dt.date) -> bool:
        """A value of the target date's period or a later one (of the date or later, without a
        frequency)."""
        assert target is not None
        if months is None:
            return day >= target.date
        return period_of(day, months) >= period_of(target.date, months)

    # "The latest value ... is the last point of the whole-population series from the baseline
    # on": a value of the baseline's date (or period) is one, the baseline again, not progress.
    # The period holding the target date is a period as any other: each partner's latest
    # report of it, averaged.
    series_on = points(since, months)
    latest_date = latest_value = None
    if series_on:
        _, latest_date, latest_value, _, _ = series_on[-1]
    out["latest_date"] = latest_date
    out["latest_value"] = latest_value

    # Progress.
    observed = latest_date is not None and (until is None or latest_date > until)
    progress = None
    if base is not None and target is not None and latest_value is not None and observed:
        span = target.value - base.value
        if abs(span) > THRESHOLD * max(abs(target.value), abs(base.value)):
            progress = (latest_value - base.value) / span
    out["progress"] = progress

    # Trend, and the forecast with its interval never narrower than the rounding.
    # with a frequency, every period's point at the series' usual place in a period, whole
    # periods apart (docs "Time, series and the date of judgement")
    trend_dates = [day for _, day, _, _, _ in series]
    line = fit(
        [
            (day if months is None else usual_place(day, trend_dates, months), value)
            for _, day, value, _, _ in series
        ],
        calendar=months is not None,
        per_period=months,
    )
    # the rounding of the values the trend's points are made of (see the ambiguities)
    q_sd = rounding_sd([v for point in series for v in point[4]])
    if line is not None:
        line["rounding_sd"] = q_sd
    out["trend"] = line
    forecast = None
    if target is not None and line is not None and line["n"] >= 3:
        spread = max(line["residual_sd"], q_sd)
        at = forecast_day(target.date, [day for _, day, _, _, _ in series], months)
        value, lower, upper = interval(line, at, config.prediction_level, spread)
        forecast = {
            "date": at,
            "value": value,
            "lower": lower,
            "upper": upper,
            "level": config.prediction_level,
        }

    # Met early (docs "What the status says once the target date is in"): the target's period
    # has no point (without a frequency, no point is dated on the target date) and the last
    # point before it meets the target; never for a target not beyond its baseline (rule 2).
    early = None
    if (
        target is not None
        and sigma is not None
        and (
            base is None
            or sigma * (target.value - base.value)
            > THRESHOLD * max(abs(target.value), abs(base.value))
        )
    ):
        before_target = [point for point in series if not of_target_period_or_later(point[1])]
        own_point = [
            point
            for point in series
            if (
                point[1] == target.date
                if months is None
                else period_of(point[1], months) == period_of(target.date, months)
            )
        ]
        if (
            not own_point
            and before_target
            and reaches(
                sigma * before_target[-1][2], sigma * target.value, magnitude(before_target[-1:])
            )
        ):
            early = before_target[-1][1]

    # The value of the target date is in: a value of its period or a later one whose period
    # has ended (as_of on or after its last day: a snapshot inside it may still get more; the
    # figure so far of a later period settles nothing); without a frequency, or with
    # as_of=None, the latest value is dated on or after the target date. Met early, once the
    # target's period has ended (without a frequency, from the target date on).
    observed_target = (
        latest_date is not None
        and target is not None
        and (
            (
                early is not None
                and as_of is not None
                and as_of >= (target.date if months is None else last_day(target.date, months))
            )
            or (
                latest_date >= target.date
                if as_of is None or months is None
                else any(
                    of_target_period_or_later(day) and as_of >= last_day(day, months)
                    for _, day, _, _, _ in series_on
                )
            )
        )
    )
    out["target_date_observed"] = observed_target

    # Status, rules 1 to 9.
    rule_1 = target is None or sigma is None  # no target (a target always has a direction)
    rule_2 = (
        not rule_1
        and base is not None
        and sigma * (target.value - base.value)
        <= THRESHOLD * max(abs(target.value), abs(base.value))
    )
    rule_3 = latest_value is None or not observed
    if rule_1 or rule_2 or rule_3:
        status = "insufficient-data"
    elif reaches(sigma * latest_value, sigma * target.value, magnitude(series_on[-1:])):
        status = "met"
    elif observed_target:
        status = "off-track"
    elif forecast is None:
        status = "insufficient-data"
    elif reaches(sigma * forecast["value"], sigma * target.value, magnitude(series)):
        # rule 7: on track, unless the latest value is a figure so far of the target's period
        # (not yet the value of the target date), which misses the target (rule 4 failed)
        so_far = (
            months is not None
            and latest_date is not None
            and period_of(latest_date, months) == period_of(target.date, months)
        )
        status = "at-risk" if so_far else "on-track"
    elif reaches(
        sigma * (forecast["upper"] if sigma > 0 else forecast["lower"]),
        sigma * target.value,
        magnitude(series),
    ):
        status = "at-risk"
    else:
        status = "off-track"
    out["status"] = status
    # no forecast once the value of the target date is in: the status is then a fact
    out["forecast"] = None if observed_target else forecast
    out["target_date_unreported"] = bool(
        as_of is not None
        and target is not None
        and target.date < as_of
        # not met (a fact): a forecast of a date gone by, or too few dates to make one
        and status != "met"
        and not observed_target
    )
    # as_of inside the latest value's reporting period: its figure so far
    out["latest_period_running"] = bool(
        months is not None
        and as_of is not None
        and latest_date is not None
        and period_of(as_of, months) == period_of(latest_date, months)
        and as_of < last_day(as_of, months)  # on its last day every report of it is in
    )

    # target_met_on: the first point (after the baseline) of the target's period or later whose
    # value meets it; late when of a later period than the target date's (a later date).
    # (docs "What the status says once the target date is in")
    # Met early (above): that point's date (a later one does not make it late).
    met_on = None
    if status != "insufficient-data" and early is not None:
        met_on = early
    if met_on is None and status != "insufficient-data" and target is not None:
        assert sigma is not None
        for point in series:
            _, day, value, _, _ = point
            if of_target_period_or_later(day) and reaches(
                sigma * value, sigma * target.value, magnitude([point])
            ):
                met_on = day
                break
    out["target_met_on"] = met_on
    out["met_late"] = bool(
        met_on is not None
        and target is not None
        and (
            met_on > target.date
            if months is None
            else period_of(met_on, months) > period_of(target.date, months)
        )
    )

    # Turning the curve.
    out["turn_the_curve"] = None
    if base is not None and sigma is not None and observed:
        before = [
            r
            for r in whole
            if (
                r[0] < base.date
                if months is None
                else period_of(r[0], months) < period_of(base.date, months)
            )
        ]
        if before:
            history_points = points(before, months)
            history = [(day, value) for _, day, value, _, _ in history_points]
            history.append((base.date, base.value))
            # "weighted by their reporters": each point its distinct reporters, the baseline
            # the mean of the others'; the latest value's weight its reporters over that mean,
            # at most 1
            reporters = [float(r) for _, _, _, r, _ in history_points]
            mean_reporters = math.fsum(reporters) / len(reporters)
            weights = [*reporters, mean_reporters]
            # with a frequency, every point (the baseline's too) at the indicator's usual place
            # in its period, whole periods apart, and the line read at that place in the latest
            # value's period (docs "Turning the curve")
            hist = fit(history, weights, calendar=months is not None, per_period=months)
            assert hist is not None
            # "never more than a history point's" (a shared movement is not averaged away)
            latest_weight = min(1.0, series_on[-1][3] / mean_reporters)
            forecast_at = hist["intercept"] + hist["slope"] * line_years(hist, latest_date)
            record: dict[str, Any] = {
                "baseline_slope": hist["slope"],
                "forecast_at_latest": forecast_at,
                "latest_value": latest_value,
                "difference": sigma * (latest_value - forecast_at),
                "turned": None,
                "lower": None,
                "upper": None,
                "level": None,  # "the interval (None with fewer than 3 points of history)"
            }
            if hist["n"] >= 3:
                spread = max(
                    hist["residual_sd"],
                    rounding_sd([v for point in history_points for v in point[4]] + [base.value]),
                )
                _, lower, upper = interval(
                    hist, latest_date, config.prediction_level, spread, latest_weight
                )
                record["lower"], record["upper"] = lower, upper
                record["level"] = config.prediction_level
                if sigma > 0:
                    record["turned"] = beats(latest_value, upper)
                else:
                    record["turned"] = beats(-latest_value, -lower)
            out["turn_the_curve"] = record

    # Completeness and freshness.
    def too_old(day: dt.date, when: dt.date) -> bool:
        return stale_on(day, when, months, config)

    completeness = None
    if months is not None:
        whole_dates = sorted(r[0] for r in whole)
        if indicator.baseline is not None:
            start = indicator.baseline.date
        elif whole_dates:
            start = whole_dates[0]
        else:
            start = None
        if start is None:
            completeness = 0.0
        else:
            if as_of is not None:
                end = as_of
            else:
                end = max([*whole_dates, *([base.date] if base else [])])
            if start <= end:
                reported = set()
                for day in [*whole_dates, *([base.date] if base else [])]:
                    if start <= day <= end:
                        reported.add(period_of(day, months))
                owed = period_of(end, months) - period_of(start, months)
                owed += 1 if period_of(end, months) in reported else 0
                completeness = len(reported) / owed
    out["completeness"] = completeness
    measured = [o.date for o in rows] + ([base.date] if base is not None else [])
    freshness = None
    if measured and as_of is not None:
        freshness = (as_of - max(measured)).days
    out["freshness_days"] = freshness
    stale = not measured or (as_of is not None and too_old(max(measured), as_of))
    out["stale"] = stale
    out["series_stale"] = bool(
        not stale and as_of is not None and latest_date is not None and too_old(latest_date, as_of)
    )

    # Groups and disparity: from the baseline's date on (its period's, with a frequency),
    # named by their first spelling.
    spellings: dict[str, list[str]] = {}
    for o in rows:
        if o.group is not None:
            spellings.setdefault(normalize_label(o.group), []).append(o.group)
    names = {label: sorted(found)[0] for label, found in spellings.items()}
    start_day = indicator.baseline.date if indicator.baseline is not None else None
    by_group: dict[str, list[tuple[Any, dt.date, float, int, list[float]]]] = {}
    for label, name in names.items():
        grows = [
            (o.date, o.value, o.reported_by)
            for o in rows
            if o.group is not None
            and normalize_label(o.group) == label
            and (
                start_day is None
                or (
                    o.date >= start_day
                    if months is None
                    else period_of(o.date, months) >= period_of(start_day, months)
                )
            )
        ]
        if grows:
            by_group[name] = points(grows, months)
    groups = {}
    for name, pts in by_group.items():
        # with a frequency, each point at the indicator's usual place in its period
        slope_line = fit(
            [(day, value) for _, day, value, _, _ in pts],
            calendar=months is not None,
            per_period=months,
        )
        groups[name] = {
            "n": len(pts),
            "latest_date": pts[-1][1],
            "latest_value": pts[-1][2],
            "slope": None if slope_line is None else slope_line["slope"],
        }
    out["groups"] = groups
    out["disparity"] = disparity(indicator, by_group, sigma, as_of, config, too_old)
    # "Reports that cannot be put together": without a frequency, two reporters of the whole
    # population (no reporter is one) one of whom reports on a date the other does not; groups
    # of which no two report on one key (date, or period)
    reports = [
        (o.date, o.reported_by)
        for o in rows
        if o.group is None and (start_day is None or o.date >= start_day)
    ]
    everyone = {who for _, who in reports}
    out["dates_apart"] = months is None and any(
        (day, a) in reports and (day, b) not in reports
        for day, _ in reports
        for a in everyone
        for b in everyone
        if a != b
    )
    # "Reports that cannot be put together" too: a second figure for the baseline's own date,
    # or its period, beyond a relative 1e-9 of the baseline (the baseline again: read for
    # nothing)
    restated = None
    if base is not None and until is not None:
        own = points([r for r in since if r[0] <= until], months)
        if own:
            value = own[-1][2]
            if abs(value - base.value) > 1e-9 * max(abs(value), abs(base.value)):
                restated = value
    out["baseline_restated"] = restated
    keys = [{key for key, *_ in pts} for pts in by_group.values()]
    out["groups_apart"] = len(keys) >= 2 and not any(
        keys[i] & keys[j] for i in range(len(keys)) for j in range(i + 1, len(keys))
    )
    # "The latest value ... rests on the others' reports": the partners named in a whole-
    # population report of the previous date (period) after the baseline, the series' last
    # before the latest, who name themselves in none of the latest (a row without
    # reported_by names no one)
    by_key: dict[Any, list[str | None]] = {}
    for day, _, who in after:
        by_key.setdefault(day if months is None else period_of(day, months), []).append(who)
    missing: list[str] = []
    periods = sorted(by_key)
    if len(periods) >= 2:
        previous, last_key = periods[-2], periods[-1]
        for who in by_key[previous]:
            if who is not None and who not in by_key[last_key] and who not in missing:
                missing.append(who)
    out["latest_missing_reporters"] = sorted(missing)
    # the last report of that previous period, whose period the texts name
    out["latest_missing_from"] = (
        max(
            day
            for day, _, _ in after
            if (day if months is None else period_of(day, months)) == periods[-2]
        )
        if missing
        else None
    )
    return out
