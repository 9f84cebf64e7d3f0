"""A standalone HTML report of an assessment, for people who do not run Python.

:func:`render_report` returns one self-contained HTML page and :func:`write_report` writes it
to a file, atomically. The page is made for a steering committee, partner directors and
funders: it opens from a shared drive or an e-mail attachment, prints to PDF one section a
page, reads on a phone and makes no network request of any kind.

Sections
    At a glance, above them: the phase, the overall score, the gaps by severity and the first
    lines of the terminal's "First things first" (:func:`~collective_impact.report.first_things`,
    its order and its words); then
    (1) the five conditions, the overall score and the phase in plain language, with what each
    score means, what would raise it and the most pressing gap of each condition;
    (2) one small chart per indicator: the observed series from the baseline on as the trend
    and the forecast use it (one point a reporting period for an indicator with a
    ``frequency``, the reports it combines drawn behind it, the latest value circled when it
    is not itself a point), the baseline, the target and, when defined, the forecast with its
    prediction band;
    (3) the partner network; (4) the gaps, ranked by impact, filterable by condition and
    severity: every gap, or the :data:`MAX_GAPS` most pressing with the others counted by
    condition, severity and kind; (5) the recommended ties with their exact predicted gain and
    what the two partners' uncoordinated work costs the index today, both in index points;
    (6) data-quality notes; (7) what is needed to reproduce the numbers: the date of judgement
    and its source, the library version, every field of the configuration, how many ties
    were asked for (``recommendations``), the reader of the initiative's file (that of the
    file a batch read, :attr:`Assessment.source <collective_impact.Assessment.source>`, else
    the reader of each kind of file) and the call of :func:`~collective_impact.assess` that
    gives the same assessment, the key of every gap listed and a SHA-256 digest of the keys of
    all the gaps.

Large initiatives
    A page is read by people: 33,000 gaps (the stress case of DESIGN §7) made a 54 MB page
    that no one could read or open on a phone. So the page

    - lists the :data:`MAX_GAPS` most pressing gaps (``max_gaps``), counts the others by kind
      and says where the complete list is (``Assessment.gaps_frame()``,
      ``collective-impact assess --json``);
    - shows a key longer than 300 characters (a duplication cluster's key names all its
      activities) by its start, its length and its SHA-256 digest; the row keeps the whole
      key in its ``data-key`` attribute;
    - above 60 indicators, charts the 60 most pressing (on the agenda first, then off track, at
      risk, insufficient data, on track, met) and lists the others in a table with their
      status, progress and latest value;
    - above 150 partners, draws the backbone and the 150 partners with the most ties (then by
      id) with the ties among them, and its table lists their ties;
    - ends a list of more than 30 names with "and N more", and a data-quality list of more
      than 50 lines with how many more there are and where they all are;
    - in "Changes since", lists at most ``max_gaps`` gaps closed, opened or changed in
      severity, and 50 indicators, each list saying how many more there are.

Self-contained
    Inline CSS, inline SVG charts and a small inline script; no external file, web font, image
    or URL. A Content-Security-Policy ``<meta>`` allows only that stylesheet and that script
    (by their SHA-256 hashes) and ``data:`` images, so the page cannot load anything even if a
    browser extension or a crafted name tried. The page is also well-formed XML (void elements
    closed, attributes quoted), so it can be checked with an XML parser.

Escaping
    Every text that comes from the data (names, ids, messages) goes through Jinja2's
    autoescaping, in HTML text, attributes and SVG ``<text>`` alike; the template never marks
    such text safe.

Accessibility
    Dark text on a light background, every colour pair at least 4.5:1 (WCAG 2.1 AA; the
    palette is the set of ``--ink-*`` and ``--badge-*`` custom properties of the stylesheet),
    statuses and severities written out in words beside their colour, every chart an
    ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that says what it shows, and the
    network also as a table.

Ranking of the gaps
    In the assessment's own order, :attr:`Gap.sort_key <collective_impact.Gap.sort_key>`:
    severity, what the code puts at stake, then the size of its evidence
    (:attr:`Gap.impact <collective_impact.Gap.impact>`), so the report, the terminal and
    ``gaps_frame()`` agree.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from ._changes import (
    ROUNDED_APART,
    _adds_up,
    backwards_warning,
    equal_gains_text,
    names_warning,
    no_recommendation_text,
    recommendation_rows,
    shared_decimals,
    structure_changes,
    structure_separator,
    versions_warning,
)
from ._text import (
    INDEX_DECIMALS,
    RECOMMENDED_DECIMALS,
    SEVERITY_WORDS,
    STATUS_URGENCY,
    amount,
    amount_apart,
    amounts_apart,
    bar_units,
    entered,
    fixed,
    forecast_words,
    groups_apart_text,
    index_undefined,
    insufficient_reason,
    isolated,
    lacking,
    left_out_text,
    level_text,
    missing_reporters_text,
    missing_reporters_words,
    one_line,
    percent_apart,
    plural,
    score_text,
    signed,
    stale_disparity_text,
    stale_status_text,
    status_words,
    target_date_words,
    years_written,
)
from .analysis._tolerance import FLOAT_NOISE
from .analysis.measurement import (
    _PERIOD_NOUNS,
    _distinct_reports,
    _drawn_dates,
    _period_points,
    _PeriodPoint,
    _placed_dates,
    _Report,
    baseline_until,
    known_baseline,
)
from .errors import expect_count

if TYPE_CHECKING:
    from .analysis.gaps import Gap
    from .analysis.measurement import Forecast, IndicatorMeasurement
    from .model import DatedValue, Frequency, Indicator, Initiative
    from .report import Assessment, AssessmentDiff

__all__ = ["MAX_GAPS", "render_report", "write_report"]

#: How many gaps a report lists by default (the most pressing); the others are counted.
MAX_GAPS = 200

#: Keys longer than this are shown by their start, their length and their SHA-256 digest.
_KEY_CHARS = 300

# --------------------------------------------------------------------------- fixed texts

#: Plain-language name of each phase (Hanleybrown, Kania & Kramer 2012).
_PHASES = {
    0: "Not yet in Phase I — the groundwork for initiating action is incomplete",
    1: "Phase I — Initiate action",
    2: "Phase II — Organize for impact",
    3: "Phase III — Sustain action and impact",
}

_COMPONENT_NAMES = {
    "governance": "Governance and infrastructure",
    "strategic_planning": "Strategic planning",
    "community_involvement": "Community involvement",
    "evaluation": "Evaluation and improvement",
}

#: condition key: (name, what the score means, what would raise it).
_CONDITIONS: dict[str, tuple[str, str, str]] = {
    "common_agenda": (
        "Common agenda",
        "How far the partners' work serves goals they share: the share of goal weight with "
        "an indicator the activities move forward on balance (their help on it outweighs "
        "their harm), the share of all the activities' effects, help and harm, that is help "
        "serving the agenda (directly or through the indicators that drive it), and the share "
        "of partners taking part in an activity whose net effect on the agenda is help (a "
        "backbone organisation counts only if it does). Only "
        "help counts: harm never covers a goal, focuses work or engages a partner.",
        "Give every goal at least one indicator that activities move forward more than others "
        "push it back, link each activity to the indicators it serves, change activities that "
        "harm the agenda, and refocus or retire work that serves no goal.",
    ),
    "shared_measurement": (
        "Shared measurement",
        "Whether the agenda can be tracked: the agenda's indicators with a baseline, a target "
        "and a value since the baseline, those whose data are not stale, and the partners "
        "whose activities help the agenda directly that report what they see.",
        "Agree a baseline and a target for every agenda indicator, report each on schedule, "
        "and have every partner that works on the agenda report at least one observation.",
    ),
    "mutually_reinforcing_activities": (
        "Mutually reinforcing activities",
        "How much of the work that partners do on the same indicators (helping, opposed or "
        "harming together) is coordinated rather than duplicated, in conflict, harmful or done "
        "apart (the alignment index times the share of that joint work not lost to conflict, "
        "joint harm or duplication).",
        "Tie together the partners whose activities depend on each other (see the "
        "recommendations), divide duplicated work, and change activities that push against "
        "the others or harm the indicators they share.",
    ),
    "continuous_communication": (
        "Continuous communication",
        "Whether partners talk: how much of the network is connected, how many partners the "
        "backbone reaches within two steps, how much of the work by which partners reinforce "
        "each other runs over a tie that is strong enough, and, where ties carry trust "
        "ratings, how far partners trust each other.",
        "Bring isolated partners into regular communication with another partner (a "
        "standing meeting, joint planning) and record the ties, and add ties between partners "
        "whose work depends on each other.",
    ),
    "backbone_support": (
        "Backbone support",
        "Whether a backbone organisation runs the effort: its project manager, data manager "
        "and facilitator, and the six backbone functions it carries out.",
        "Staff the missing backbone roles and have the backbone carry out each backbone "
        "function (vision, activities, measurement, public will, policy, funding), recording "
        "the level it reaches.",
    ),
}

_OVERALL_TEXT = (
    "The geometric mean of the five scores: a condition that is missing cannot be averaged "
    "away (a single 0 makes the overall score 0). Every score runs from 0 to 1."
)

_SEVERITY_WORDS = {severity: word.capitalize() for severity, word in SEVERITY_WORDS.items()}

_CONDITION_NAMES = {
    **{key: name for key, (name, _, _) in _CONDITIONS.items()},
    "preconditions": "Preconditions",
}


# --------------------------------------------------------------------------- ranking of gaps


# --------------------------------------------------------------------------- charts


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Return round tick values covering [low, high] (steps of 1, 2 or 5 times a power of 10)."""
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return [low]
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


#: The longest label of the value axis that fits left of a chart (``_PAD_L`` at the labels'
#: 12 px: six characters such as ``50,000``, about 42 px in Chromium's sans-serif; ``500,000``
#: took 50 px). Longer labels are written with a unit instead (:func:`_tick_labels`); small
#: values below zero, which no unit shortens, widen the margin (:func:`_left_margin`).
_TICK_CHARS = 6
#: The units of :func:`_tick_labels`, largest first.
_TICK_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def _tick_labels(ticks: Sequence[float]) -> list[str]:
    """Return the labels of the value axis, short enough to read beside the chart.

    As :func:`amount` writes values a person entered (``50,000``), or, when one of them would
    take more than :data:`_TICK_CHARS` characters, each in thousands, millions, billions or
    trillions (``500k``, ``5.5M``, ``-6M``). Small values and some below zero stay longer
    (``-0.0175``, ``-1.105M``); :func:`_left_margin` makes room for them.

    >>> _tick_labels([50000.0, 55000.0, 60000.0])
    ['50,000', '55,000', '60,000']
    >>> _tick_labels([0.0, 500000.0, 5500000.0, -6e6])
    ['0', '500k', '5.5M', '-6M']
    >>> _tick_labels([1100000.0, 1105000.0, 1110000.0])
    ['1.1M', '1.105M', '1.11M']
    """
    plain = [amount(t, 6) for t in ticks]
    if max(map(len, plain), default=0) <= _TICK_CHARS:
        return plain
    units = [next(((u, s) for u, s in _TICK_UNITS if abs(t) >= u), (1.0, "")) for t in ticks]
    labels = plain
    for digits in range(3, 16):  # figures enough to tell the ticks apart (1.1M, 1.105M)
        labels = [amount(t / u, digits) + s for t, (u, s) in zip(ticks, units, strict=True)]
        if len(set(labels)) == len(labels):
            break
    return labels


def _measured(indicator: Indicator, as_of: dt.date | None) -> list[_PeriodPoint]:
    """Return the whole-population points the trend and the forecast use, with their reports.

    After the baseline's date, or its reporting period
    (:func:`~collective_impact.analysis.measurement.baseline_until`), up to ``as_of``: one
    point a reporting period for an indicator with a ``frequency``, each partner's latest
    report of the period averaged, at its latest date (one a date without, the mean of each
    partner's report of it), found by the measurement's own rule
    (:func:`~collective_impact.analysis.measurement._period_points`).
    """
    until = baseline_until(indicator)  # also when not known yet on as_of: nothing measured
    return _period_points(
        (
            o
            for o in indicator.observations
            if o.group is None
            and (as_of is None or o.date <= as_of)
            and (until is None or o.date > until)
        ),
        indicator.frequency,
    )


def _listed(reports: Iterable[_Report]) -> str:
    return ", ".join(f"{amount(r.value, 6)} on {r.date.isoformat()}" for r in reports)


def _reports_words(point: _PeriodPoint, frequency: Frequency | None) -> str:
    """Return what a point of several reports is, naming the reports a later one supersedes.

    ``"the mean of each partner's latest report of the year (45 on 2024-09-01, 50 on
    2024-09-03)"``; ``"the latest report of the year (49 on 2025-09-01; superseded: 44 on
    2025-03-01)"`` when a partner revised its figure; ``"the mean of 2 reports of that date
    (...)"`` without a frequency, each partner's report counted once (``"; entered again: 1
    row"`` says a row was repeated).
    """
    # each partner's report of a date once: a row entered twice is one report
    distinct = _distinct_reports(point.reports)
    repeated = len(point.reports) - len(distinct)
    again = f"; entered again: {plural(repeated, 'row')}" if repeated else ""
    if frequency is None:
        if len(distinct) == 1:
            return f"one report ({_listed(distinct)}{again})"
        return f"the mean of {len(distinct)} reports of that date ({_listed(distinct)}{again})"
    noun = _PERIOD_NOUNS[frequency]
    counted = [r for r in distinct if r.counted]
    superseded = [r for r in distinct if not r.counted]
    head = (
        f"the latest report of the {noun}"
        if point.reporters == 1
        else f"the mean of each partner's latest report of the {noun}"
    )
    tail = f"; superseded: {_listed(superseded)}" if superseded else ""
    return f"{head} ({_listed(counted)}{tail}{again})"


def _report_words(report: _Report, point: _PeriodPoint) -> str:
    """Return the label of one report drawn behind its point."""
    head = f"report {amount(report.value, 6)} on {report.date.isoformat()}"
    day = point.date.isoformat()
    if not report.counted:
        later = (
            "superseded by a later report of the same partner"
            if report.reporter
            else "superseded by a later report without a reporter (reports without one are "
            "one reporter's)"
        )
        return f"{head}, {later}, not in the point of {day}"
    # the point averages one report a reporter (a row entered twice is one report)
    if point.reporters == 1:
        return f"{head}, the point of {day}"
    return f"{head}, one of the {point.reporters} averaged into the point of {day}"


def _latest_words(frequency: Frequency | None) -> str:
    """Return why the latest value is not a point of the chart (when it is circled).

    The latest value is the last period's point (the one rule of a period's value) but where
    the baseline sets it apart: a value of the baseline's date or period is the baseline
    again, and no point of the trend. (In the period that holds the target date, only the
    reports from that date on were judged against the target, and circled; that period's
    value is now its point, as every period's.)
    """
    noun = _PERIOD_NOUNS[frequency]
    return f"of the baseline's {noun}: the baseline again, not a point of the trend"


def _circled(
    record: IndicatorMeasurement, points: Sequence[tuple[dt.date, float]]
) -> tuple[dt.date, float] | None:
    """Return the latest value when it is not a point of the chart (the last is a mean of more)."""
    if record.latest_date is None or record.latest_value is None:
        return None
    latest = (record.latest_date, record.latest_value)
    return None if latest in points else latest


_CHART_W, _CHART_H = 330.0, 180.0
_PAD_L, _PAD_R, _PAD_T, _PAD_B = 50.0, 14.0, 12.0, 26.0
#: Space between the value axis (and the right end) and the first (last) date of a chart, so
#: that a symbol drawn there stays inside: the target's star reaches 7 px from its date, the
#: baseline's square 5.5 px; the square of a baseline at the first date covered the labels of
#: the value axis.
_PAD_X = 8.0

#: The widths of the characters of the value axis's labels, in em, in DejaVu Sans, among the
#: widest of the usual sans-serif fonts (and what ``system-ui`` is on this machine, where
#: Chromium drew ``500,000`` 50 px wide at 12 px); 0.9 em for any other character.
_LABEL_EM = {
    **dict.fromkeys("0123456789", 0.636),
    ",": 0.318,
    ".": 0.318,
    "-": 0.361,
    "k": 0.579,
    "M": 0.863,
    "B": 0.686,
    "T": 0.611,
    "e": 0.615,
    "+": 0.838,
}
#: The size of the value axis's labels (``svg .tick-label`` in report.css), and the space
#: between a label and the chart (the template writes it 4 px left of the chart) plus 2 px.
_LABEL_PX, _LABEL_GAP = 12.0, 6.0


def _left_margin(labels: Sequence[str]) -> float:
    """Return the space left of a chart: :data:`_PAD_L`, or more when a label needs it.

    Labels of six figures (``50,000``, 42 px) fit the usual margin. Longer ones — small values
    below zero (``-0.0175``, ``-0.00025``), millions below zero (``-1.104M``), a wide letter
    (``1.105M``, 45 px) — move the chart right by what the widest of them needs, at the widths
    of :data:`_LABEL_EM`.

    >>> _left_margin(["50,000", "55,000"]), _left_margin(["-0.0175", "-0.017"])
    (50.0, 53.0)
    """
    widest = max((sum(_LABEL_EM.get(c, 0.9) for c in t) for t in labels), default=0.0)
    return max(_PAD_L, math.ceil(widest * _LABEL_PX) + _LABEL_GAP)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The most month labels under a chart ("Sep 2024" is about 52 px of the 266 px of a chart).
_MONTH_TICKS = 4


def _date_ticks(d0: int, d1: int) -> list[tuple[dt.date, str]]:
    """Return the ticks of a chart's date axis from day ``d0`` to ``d1`` (ordinals).

    Each 1 January in the range, labelled with its year (at most six, every second or more
    year when there are more); when fewer than two fall in it (every date within one year, or
    across one new year), the first of the months instead, every 1, 2, 3 or 6 months from
    January (at most :data:`_MONTH_TICKS`), the first and each January with its year: a chart
    of one year had no date at all under it.

    >>> day = dt.date.toordinal
    >>> [label for _, label in _date_ticks(day(dt.date(2019, 3, 1)), day(dt.date(2024, 2, 1)))]
    ['2020', '2021', '2022', '2023', '2024']
    >>> [label for _, label in _date_ticks(day(dt.date(2024, 2, 10)), day(dt.date(2024, 9, 30)))]
    ['Mar 2024', 'May', 'Jul', 'Sep']
    >>> [label for _, label in _date_ticks(day(dt.date(2023, 10, 1)), day(dt.date(2024, 3, 1)))]
    ['Nov 2023', 'Jan 2024', 'Mar']
    >>> [label for _, label in _date_ticks(day(dt.date(2024, 5, 3)), day(dt.date(2024, 5, 20)))]
    ['3 May 2024']
    """
    first, last = dt.date.fromordinal(d0), dt.date.fromordinal(d1)
    years = list(range(first.year + 1, last.year + 1))
    step = max(1, math.ceil(len(years) / 6))
    ticks = [(dt.date(year, 1, 1), str(year)) for year in years[::step]]
    if len(ticks) >= 2:
        return ticks
    start = first.year * 12 + first.month - (first.day == 1)  # the first 1st in the range
    end = last.year * 12 + last.month - 1
    months = list(range(start, end + 1))
    # fewer than two new years in the range: at most 24 months, so every 6 gives at most 4
    every = next(k for k in (1, 2, 3, 6) if len(months) <= k * _MONTH_TICKS)
    chosen = [m for m in months if m % every == 0] if every > 1 else months
    if not chosen:  # within one month, no 1st in it: the first day, in full
        return [(first, f"{first.day} {_MONTHS[first.month - 1]} {first.year}")]
    out = []
    for k, m in enumerate(chosen):
        year, month = divmod(m, 12)
        label = _MONTHS[month] + (f" {year}" if k == 0 or month == 0 else "")
        out.append((dt.date(year, month + 1, 1), label))
    return out


def _star(cx: float, cy: float, outer: float = 7.0, inner: float = 3.0) -> str:
    pts = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        angle = -math.pi / 2 + k * math.pi / 5
        pts.append(f"{cx + r * math.cos(angle):.1f},{cy + r * math.sin(angle):.1f}")
    return " ".join(pts)


def _indicator_chart(
    indicator: Indicator,
    record: IndicatorMeasurement,
    as_of: dt.date | None,
    measured: Sequence[_PeriodPoint],
) -> dict[str, Any] | None:
    """Return the geometry of one indicator's chart, or ``None`` when there is nothing to draw.

    ``measured`` are the points of :func:`_measured`: the series drawn. The reports of a point
    that combines several are drawn behind it, and the latest value (each partner's latest
    report of the last period) is circled when it is not a point (:func:`_circled`).
    """
    baseline = known_baseline(indicator, as_of)
    target = indicator.target
    # each point where the trend counts it: with a frequency, at the indicator's usual place
    # in its period (its latest report in its label), so that the line runs through the
    # places it is fitted on; drawn at its latest report, a figure filed late sat months off
    # the line, after the forecast of its own period. But a place after the date of
    # judgement: the figure so far of a period still running, filed earlier than usual, is
    # drawn at its report (at its place, 2026's 70 of 1 March, judged on 1 April, stood at 1
    # September, five months right of the date of judgement)
    places = _placed_dates([p.date for p in measured], indicator.frequency)
    points = [(p.date, p.value) for p in measured]
    drawn_at = _drawn_dates([p.date for p in measured], places, as_of)
    drawn = [(at, p.value) for at, p in zip(drawn_at, measured, strict=True)]

    # the reports behind the points that stand for several (a row entered twice is one report)
    behind = [(p, _distinct_reports(p.reports)) for p in measured]
    reports = [(r, p) for p, rs in behind if len(rs) > 1 for r in rs]
    circled = _circled(record, points)
    forecast = record.forecast  # none once a value of the target date is in: a fact by then
    days: list[dt.date] = [d for d, _ in drawn] + [r.date for r, _ in reports]
    values: list[float] = [v for _, v in drawn] + [r.value for r, _ in reports]
    if circled is not None:
        days.append(circled[0])
        values.append(circled[1])
    if baseline is not None:
        days.append(baseline.date)
        values.append(baseline.value)
    if target is not None:
        days.append(target.date)
        values.append(target.value)
    trend = record.trend
    fitted: list[tuple[dt.date, float]] = []  # the fitted line, drawn with the forecast
    if forecast is not None and trend is not None and points:
        # the forecast is the trend's value at forecast.date (the target date, or where the
        # target period's figure sits): the line drawn to it is the fitted line from its first
        # point, not a segment from the last value (which the fit need not pass through); the
        # band widens from the fitted value at the last point, when the forecast is after it
        fitted = [(d, trend.value_at(d)) for d in (trend.origin, drawn[-1][0])]
        values += [v for _, v in fitted]
    if forecast is not None:
        days.append(forecast.date)
        values += [forecast.lower, forecast.upper, forecast.value]
    values = [v for v in values if math.isfinite(v)]
    if not days or not values:
        return None
    if as_of is not None:
        # the date of judgement in the range, so that its dotted line shows how old the data
        # are: judged years after the last value, the line fell outside the chart and went
        days.append(as_of)
    d0, d1 = min(days).toordinal(), max(days).toordinal()
    if d1 - d0 < 60:
        d0, d1 = d0 - 180, d1 + 180
    y0, y1 = min(values), max(values)
    if y1 - y0 <= 0:
        pad = abs(y0) * 0.1 or 1.0
        y0, y1 = y0 - pad, y1 + pad
    ticks = _nice_ticks(y0, y1)
    y0, y1 = min(y0, ticks[0]), max(y1, ticks[-1])
    pad = (y1 - y0) * 0.06
    y0, y1 = y0 - pad, y1 + pad
    labels = _tick_labels(ticks)
    left = _left_margin(labels)
    inner_w = _CHART_W - left - _PAD_R
    inner_h = _CHART_H - _PAD_T - _PAD_B

    def x(day: dt.date) -> float:
        share = (day.toordinal() - d0) / (d1 - d0)
        return round(left + _PAD_X + share * (inner_w - 2 * _PAD_X), 1)

    def y(value: float) -> float:
        return round(_PAD_T + (y1 - value) / (y1 - y0) * inner_h, 1)

    x_ticks = [{"x": x(day), "label": label} for day, label in _date_ticks(d0, d1)]
    chart: dict[str, Any] = {
        "width": _CHART_W,
        "height": _CHART_H,
        "left": left,
        "right": _CHART_W - _PAD_R,
        "top": _PAD_T,
        "bottom": _CHART_H - _PAD_B,
        "y_ticks": [
            {"y": y(t), "label": label}
            for t, label in zip(ticks, labels, strict=True)
            if y0 <= t <= y1
        ],
        "x_ticks": x_ticks,
        "series": [
            {
                "x": x(at),
                "y": y(p.value),
                "label": f"{p.date.isoformat()}: {amount(p.value, 6)}"
                + (f", {_reports_words(p, indicator.frequency)}" if len(p.reports) > 1 else "")
                + _place_words(p.date, at, place, indicator.frequency),
            }
            for at, place, p in zip(drawn_at, places, measured, strict=True)
        ],
        "series_path": " ".join(f"{x(d)},{y(v)}" for d, v in drawn),
        "reports": [
            {"x": x(r.date), "y": y(r.value), "label": _report_words(r, p)} for r, p in reports
        ],
        "latest": None
        if circled is None
        else {
            "x": x(circled[0]),
            "y": y(circled[1]),
            "label": f"latest value {amount(circled[1], 6)} on {circled[0].isoformat()}, "
            + _latest_words(indicator.frequency),
        },
        "baseline": None,
        "target": None,
        "forecast": None,
        "as_of": None,
    }
    if baseline is not None:
        chart["baseline"] = {
            "x": x(baseline.date),
            "y": y(baseline.value),
            "label": f"baseline {entered(baseline.value)} ({baseline.date.isoformat()})",
        }
    if target is not None:
        tx, ty = x(target.date), y(target.value)
        chart["target"] = {
            "x": tx,
            "y": ty,
            "star": _star(tx, ty),
            # "(passed, no value since)" once its date has gone by unobserved, as every view
            "label": (
                f"target {entered(target.value)} by "
                f"{target_date_words(record, indicator.frequency)}"
            ),
        }
    if forecast is not None:
        fx = x(forecast.date)
        (ox, oy), (lx, ly) = (
            [(x(d), y(v)) for d, v in fitted] if fitted else [(fx, y(forecast.value))] * 2
        )
        # a band only forward from the last point: the forecast of a past period's figure
        # while a later one runs (2024's, with 2025's figure so far in) drew it backwards, and
        # one at the last point's own date (a late report of the target's period) a band of
        # no width; the interval mark says the interval there
        ahead = bool(fitted) and forecast.date > fitted[-1][0]
        chart["forecast"] = {
            "x": fx,
            "y": y(forecast.value),
            "from_x": ox,
            "from_y": oy,
            "band": f"{lx},{ly} {fx},{y(forecast.upper)} {fx},{y(forecast.lower)}"
            if ahead
            else None,
            "upper": y(forecast.upper),
            "lower": y(forecast.lower),
            # beside the target, figures enough not to read as it (89.955 is not "90")
            "label": (
                # with a frequency, of the target period's figure, on the line where it sits
                f"forecast{_of_figure(record, indicator.frequency)} "
                f"{_beside(forecast.value, target)} on {forecast.date.isoformat()} "
                f"({level_text(forecast.level)} prediction interval "
                f"{_interval_beside(forecast, target)})"
            ),
        }
    if as_of is not None and d0 <= as_of.toordinal() <= d1:
        chart["as_of"] = {"x": x(as_of)}
    return chart


def _place_words(day: dt.date, at: dt.date, place: dt.date, frequency: Frequency | None) -> str:
    """``"; drawn at 2025-03-01, …"`` for a point drawn away from its latest report, else ``""``.

    ``place`` is where the trend counts the point (:func:`_placed_dates`): the indicator's
    usual place in the period of ``day``, its latest report; ``at`` where it is drawn
    (:func:`_drawn_dates`): its place, or ``day`` when the place is after the date of
    judgement, the point the figure so far of a period still running, off the line.
    """
    if place == day or frequency is None:
        return ""
    noun = _PERIOD_NOUNS[frequency]
    if at == day:  # a place after the date of judgement
        return (
            f"; the figure so far of {frequency.period_name(day)}, the {noun} still running, "
            f"reported on {day.isoformat()}, where it is drawn: the trend counts it at "
            f"{place.isoformat()}, where it counts every {noun}'s figure, after the date of "
            "judgement, so it may sit off the line"
        )
    return f"; drawn at {at.isoformat()}, where the trend counts every {noun}'s figure"


def _of_figure(record: IndicatorMeasurement, frequency: str | None) -> str:
    """`` of 2025's figure`` for a forecast with a reporting frequency, else ``""``."""
    return "" if frequency is None else " " + forecast_words(record, frequency, at=False)


def _beside(value: float, target: DatedValue | None) -> str:
    """Write a forecast ``value`` beside its ``target``: never as the target when it is not."""
    return (
        amount(value)
        if target is None
        else amount_apart(value, target.value, tolerance=FLOAT_NOISE)
    )


def _interval_beside(forecast: Forecast, target: DatedValue | None) -> str:
    """Write ``lower to upper`` of a forecast's interval, both ends with the same figures."""
    ends = [forecast.lower, forecast.upper]
    lower, upper = (
        map(amount, ends)
        if target is None
        else amounts_apart(ends, target.value, tolerance=FLOAT_NOISE)
    )
    return f"{lower} to {upper}"


def _indicator_desc(
    indicator: Indicator,
    record: IndicatorMeasurement,
    measured: Sequence[_PeriodPoint],
    as_of: dt.date | None,
) -> str:
    """Return the text alternative of an indicator's chart (``measured``: its points)."""
    parts = []
    unit = f" {indicator.unit}" if indicator.unit else ""
    combined = [p for p in measured if len(p.reports) > 1]
    # "from the baseline on" only where there is one (without it the series is every value);
    # a baseline dated after the date of judgement is not known yet, and nothing is measured
    future = indicator.baseline is not None and known_baseline(indicator, as_of) is None
    since = (
        "from the baseline on"
        if record.baseline is not None
        else f"from the baseline date on ({indicator.baseline.date.isoformat()}, after the "
        "date of judgement)"
        if future and indicator.baseline is not None
        else "(no baseline)"
    )
    if measured:
        if combined:  # what each point is, and which points are means of several reports
            reports = sum(len(_distinct_reports(p.reports)) for p in measured)
            head = (
                f"{plural(len(measured), 'point')} {since}, one a "
                f"{_PERIOD_NOUNS[indicator.frequency]}, from {plural(reports, 'report')}: "
                + "; ".join(
                    f"the point of {p.date.isoformat()}, {amount(p.value, 6)}{unit}, is "
                    f"{_reports_words(p, indicator.frequency)}"
                    for p in combined
                )
            )
        else:
            head = f"{plural(len(measured), 'observed value')} {since}"
        circled = _circled(record, [(p.date, p.value) for p in measured])
        parts.append(
            f"{head}; latest {amount(record.latest_value, 6)}{unit}"
            + (f" on {record.latest_date.isoformat()}" if record.latest_date else "")
            + (f", {_latest_words(indicator.frequency)} (circled)" if circled else "")
            + "."
        )
    else:
        parts.append(f"No whole-population observation {since}.".replace(" (no baseline)", ""))
    baseline = known_baseline(indicator, as_of)
    if baseline is not None:
        parts.append(f"Baseline {entered(baseline.value)}{unit} on {baseline.date.isoformat()}.")
    if indicator.target is not None:
        parts.append(
            f"Target {entered(indicator.target.value)}{unit} by "
            f"{target_date_words(record, indicator.frequency)}."
        )
    if record.forecast is not None:
        f = record.forecast
        slope = (
            ""
            if record.trend is None
            else f" on the fitted trend ({'+' if record.trend.slope > 0 else ''}"
            f"{amount(record.trend.slope)}{unit} a year)"
        )
        target = indicator.target
        parts.append(
            f"Forecast {forecast_words(record, indicator.frequency)} "
            f"{_beside(f.value, target)}{unit}{slope}, "
            f"{level_text(f.level)} prediction interval {_interval_beside(f, target)}."
        )
    if as_of is not None:
        parts.append(f"Judged as of {as_of.isoformat()}.")
    # the status is in the chart's title; the text alternative says how old its data are, as
    # the title does (an on-track forecast of values eight years old read as current)
    stale = stale_status_text(record, as_of)
    if stale is not None:
        parts.append(f"{stale[0].upper()}{stale[1:]}.")
    return " ".join(parts)


def _progress_words(record: IndicatorMeasurement) -> str:
    if record.progress is None:
        # why, not "insufficient data" again beside the status of that name; in the words of
        # the data-quality section's reason (lacking)
        return "progress not measured: " + (lacking(record) or "no value to measure from")
    # a progress has a baseline and a target, so a direction (stated or read from them)
    direction = "up" if record.direction == "increase" else "down"
    # a met indicator reached its target (up to rounding, as its status is judged): the whole
    # way, "100%", though its progress be 0.9999999999999956
    progress = max(record.progress, 1.0) if record.status.value == "met" else record.progress
    return (
        f"{percent_apart(progress, 0.0, 1.0)} of the way from the baseline "
        f"({entered(record.baseline)}) "
        f"to the target ({entered(record.target)}), aiming {direction}"
    )


#: Above this many indicators, only the most pressing are charted; the others are a table.
_CHARTED_INDICATORS = 60


def _charted(records: Sequence[IndicatorMeasurement]) -> list[bool]:
    """Return, for each record, whether it gets a chart.

    Every record up to :data:`_CHARTED_INDICATORS`; above, the most pressing ones: on the agenda
    first, then by status (off track, at risk, insufficient data, on track, met), then in the
    order of the records.
    """
    if len(records) <= _CHARTED_INDICATORS:
        return [True] * len(records)
    urgency = sorted(
        range(len(records)),
        key=lambda k: (
            not records[k].on_agenda,
            STATUS_URGENCY.get(records[k].status.value, len(STATUS_URGENCY)),
            k,
        ),
    )
    chosen = set(urgency[:_CHARTED_INDICATORS])
    return [k in chosen for k in range(len(records))]


def _pressing_first(assessment: Assessment) -> list[IndicatorMeasurement]:
    """Return the measurement records, the most pressing first, as every report lists them.

    Those off track or at risk first, in the order of their gaps
    (:attr:`Assessment.lagging <collective_impact.Assessment.lagging>`), then those with
    insufficient data in the order of :attr:`Assessment.unjudged
    <collective_impact.Assessment.unjudged>` (the agenda's first, in the order of their gaps),
    then on track and met, each by indicator id.
    """
    rank = {m.indicator: k for k, m in enumerate(assessment.lagging)}
    unjudged = {m.indicator: k for k, m in enumerate(assessment.unjudged)}
    records = list(assessment.measurement)
    return sorted(
        records,
        key=lambda m: (
            (0, rank[m.indicator], 0)
            if m.indicator in rank
            else (
                1,
                STATUS_URGENCY.get(m.status.value, len(STATUS_URGENCY)),
                unjudged.get(m.indicator, 0),
            )
        ),
    )  # stable: the others of one status stay in the records' order, by id


def _indicators(assessment: Assessment) -> list[dict[str, Any]]:
    """Return the indicators, the most pressing first, each with its chart when it gets one.

    In the order of :func:`_pressing_first`; which get a chart: :func:`_charted`.
    """
    init = assessment.initiative
    by_id = {ind.id: ind for ind in init.indicators}
    records = _pressing_first(assessment)
    out = []
    for record, charted in zip(records, _charted(records), strict=True):
        indicator = by_id.get(record.indicator)
        if indicator is None:  # pragma: no cover - the records come from these indicators
            continue
        measured = _measured(indicator, assessment.as_of) if charted else []
        chart = _indicator_chart(indicator, record, assessment.as_of, measured) if charted else None
        out.append(
            {
                "id": record.indicator,
                # in sentences (the chart's title, the table's cell beside the id): isolated
                "name": isolated(record.name),
                "unit": indicator.unit,
                "status": record.status.value,
                # "target missed" once its date is observed, as the indicator's gap says
                # a status judged from stale data says so (docs/measurement.md: an old
                # forecast is flagged by freshness, not by the status)
                "status_words": status_words(record, indicator.frequency, as_of=assessment.as_of),
                "progress": _progress_words(record),
                "on_agenda": record.on_agenda,
                "level": record.level.value,
                "latest": amount(record.latest_value, 6),
                "latest_date": record.latest_date.isoformat() if record.latest_date else None,
                # the latest value without a report from a reporter of the earlier periods
                "missing": missing_reporters_words(record, indicator.frequency),
                "chart": chart,
                "charted": charted,
                "desc": _indicator_desc(indicator, record, measured, assessment.as_of)
                if charted
                else "",
            }
        )
    return out


# --------------------------------------------------------------------------- network

_NODE_SPACING = 18.0  # px along the circle between two partners, enough for one line of text
#: Above this many partners the drawing shows the backbone and the partners with the most ties.
_DRAWN_PARTNERS = 150
#: Names listed in one cell or sentence before "and N more".
_NAMES_LISTED = 30
#: Lines of one data-quality list before "and N more".
_QUALITY_LINES = 50
#: Reasons listed under one heading of "Why the numbers moved" before "and N more" (with
#: ``max_gaps=None``, every one): half the ties of 300 partners removed listed 1,987 reasons.
_REASON_LINES = 20
_LABEL_CHARS = 26
_CHAR_PX = 6.4  # average width of a character at the label size


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _network(assessment: Assessment) -> dict[str, Any]:
    """Return the geometry of the partner network.

    Partners with at least one tie sit on a circle, ordered by sector, then id, clockwise from
    the top, with their labels along the radius (so neighbours' labels never overlap: the
    circle grows with the number of partners to keep them ``_NODE_SPACING`` apart). Partners
    with no tie sit in rows of their own under the circle. The layout depends on nothing but
    the partners' sectors and ids.
    """
    from .analysis.network import tie_graph

    init = assessment.initiative
    whole = tie_graph(init)
    backbone = init.backbone.organization if init.backbone is not None else None
    everyone = sorted(init.partners, key=lambda p: (p.sector.value, p.id))
    degree = dict(whole.degree())
    partners = everyone
    if len(everyone) > _DRAWN_PARTNERS:  # the backbone, then the most ties (then ids)
        chosen = sorted(everyone, key=lambda p: (p.id != backbone, -degree[p.id], p.id))
        drawn = {p.id for p in chosen[:_DRAWN_PARTNERS]}
        partners = [p for p in everyone if p.id in drawn]
    graph = whole.subgraph(p.id for p in partners) if partners is not everyone else whole
    tied = [p for p in partners if degree[p.id] > 0]
    alone = [p for p in partners if degree[p.id] == 0]
    all_alone = sum(1 for p in everyone if degree[p.id] == 0)
    label_px = _CHAR_PX * max((len(_short(p.id)) for p in partners), default=4) + 12
    radius = max(120.0, len(tied) * _NODE_SPACING / (2 * math.pi))
    centre = radius + label_px + 12
    width = 2 * centre
    pos: dict[str, tuple[float, float]] = {}
    nodes = []
    for k, p in enumerate(tied):
        angle = -math.pi / 2 + 2 * math.pi * k / max(len(tied), 1)
        cx = centre + radius * math.cos(angle)
        cy = centre + radius * math.sin(angle)
        pos[p.id] = (round(cx, 1), round(cy, 1))
        degrees = math.degrees(angle)
        left = math.cos(angle) < -1e-9
        lx = centre + (radius + 12) * math.cos(angle)
        ly = centre + (radius + 12) * math.sin(angle)
        nodes.append(
            {
                "id": p.id,
                "label": _short(p.id),
                "name": isolated(p.name),
                "sector": p.sector.value,
                "x": pos[p.id][0],
                "y": pos[p.id][1],
                "lx": round(lx, 1),
                "ly": round(ly, 1),
                "rotate": round(degrees + 180 if left else degrees, 1),
                "anchor": "end" if left else "start",
                "backbone": p.id == backbone,
                "ties": degree[p.id],
            }
        )
    height = 2 * centre if tied else 0.0
    rows = []
    if alone:
        slot = label_px + 24
        per_row = max(1, int((width - 24) // slot)) if tied else max(1, int(640 // slot))
        if not tied:
            width = max(width, per_row * slot + 24)
        heading_y = height + 22
        for k, p in enumerate(alone):
            row, col = divmod(k, per_row)
            cx = 20 + col * slot
            cy = heading_y + 24 + row * 26
            rows.append(
                {
                    "id": p.id,
                    "label": _short(p.id),
                    "name": isolated(p.name),
                    "sector": p.sector.value,
                    "x": round(cx, 1),
                    "y": round(cy, 1),
                    "lx": round(cx + 12, 1),
                    "ly": round(cy, 1),
                    "backbone": p.id == backbone,
                }
            )
        alone_heading = {"x": 8.0, "y": heading_y}
        height = heading_y + 24 + (math.ceil(len(alone) / per_row) - 1) * 26 + 20
    else:
        alone_heading = None
    gap_pairs = sorted(
        {
            tuple(sorted(g.subjects))
            for g in assessment.gaps
            if g.code == "uncoordinated-interdependence" and len(g.subjects) == 2
        }
    )
    edges = []
    for u, v, data in sorted(
        graph.edges(data=True), key=lambda e: tuple(sorted((str(e[0]), str(e[1]))))
    ):
        u, v = sorted((u, v))  # drawn from the smaller id, whatever order the ties came in
        (x1, y1), (x2, y2) = pos[u], pos[v]
        strength = float(data.get("strength", 0.0))
        edges.append(
            {
                "x1": x1,
                "y1": y1,
                "x2": x2,
                "y2": y2,
                "width": round(0.6 + 2.4 * strength, 2),
                "label": f"{min(u, v)} – {max(u, v)}: tie strength {strength:g}",
            }
        )
    gap_lines = []
    undrawn = []  # the gaps not drawn, and why: said in the text, never silently left out
    for first, second in gap_pairs:
        a, b = pos.get(first), pos.get(second)
        if a is None or b is None:
            # a partner without ties sits under the circle (a line to it would cross the
            # drawing), or is not drawn at all (above _DRAWN_PARTNERS)
            why = [
                f"{p} has no tie"
                if degree.get(p, 0) == 0
                else f"{p} is not among the partners drawn"
                for p in (first, second)
                if p not in pos
            ]
            undrawn.append(f"{first} – {second} not drawn: {' and '.join(why)}")
            continue
        gap_lines.append(
            {
                "x1": a[0],
                "y1": a[1],
                "x2": b[0],
                "y2": b[1],
                "label": f"{first} – {second}: interdependent work, no adequate tie",
            }
        )
    sectors = sorted({p.sector.value for p in partners})
    items = [("sector", s) for s in sectors] + [
        ("backbone", "backbone"),
        ("tie", "tie"),
        ("gap", "coordination gap"),
    ]
    legend = [
        {"kind": kind, "label": label, "x": 6 + 165 * (k % 2), "y": 12 + 22 * (k // 2)}
        for k, (kind, label) in enumerate(items)
    ]
    neighbours = {
        p.id: _names(sorted(str(n) for n in whole.neighbors(p.id)))
        for p in sorted(partners, key=_by_id)
    }
    cut = len(partners) < len(everyone)
    drawing = (
        f"; drawn: the {len(partners)} partners with the most ties"
        + (" (and the backbone)" if backbone else "")
        + f" and the {plural(graph.number_of_edges(), 'tied pair')} among them"
        if cut
        else ""
    )
    desc = (
        f"{plural(len(everyone), 'partner')} and "
        f"{plural(whole.number_of_edges(), 'tied pair')} of partners"
        + drawing
        + (f"; the backbone is {backbone}" if backbone else "; there is no backbone")
        + (
            f"; {plural(all_alone, 'partner')} with no tie"
            + (
                ": " + ", ".join(_names([p.id for p in sorted(alone, key=_by_id)]))
                if not cut
                else ""
            )
            if all_alone
            else "; every partner has at least one tie"
        )
        + _gaps_drawn(len(gap_pairs), len(gap_lines), undrawn)
        # no circle without a tie: "partners on the circle" read beside a lone partner
        + (
            ". Partners on the circle are ordered by sector, then id; the table below lists "
            if whole.number_of_edges()
            else ". The table below lists "
        )
        + ("the ties of every partner drawn." if cut else "every partner's ties.")
    )
    return {
        "title": f"Partner network: {plural(len(everyone), 'partner')}, "
        f"{plural(whole.number_of_edges(), 'tied pair')} of partners",
        "width": round(width, 1),
        "height": round(max(height, 40.0), 1),
        "nodes": nodes,
        "alone": rows,
        "alone_heading": alone_heading,
        "edges": edges,
        "gap_lines": gap_lines,
        "sectors": sectors,
        "legend": legend,
        "legend_height": 24 + 22 * ((len(items) - 1) // 2),
        "backbone": backbone,
        "desc": desc,
        "table": [
            {
                "id": p.id,
                "name": isolated(p.name),
                "sector": p.sector.value,
                "backbone": p.id == backbone,
                "tied_to": neighbours[p.id],
            }
            for p in sorted(partners, key=_by_id)
        ],
        "partners": len(everyone),
        "ties": whole.number_of_edges(),
        "drawn": len(partners),
    }


def _gaps_drawn(gaps: int, drawn: int, undrawn: Sequence[str]) -> str:
    """Say how many coordination gaps there are and how many are drawn, and why not the others.

    >>> _gaps_drawn(4, 3, ["c – s not drawn: c has no tie"])
    '; 4 coordination gaps, 3 drawn dashed (c – s not drawn: c has no tie)'
    >>> _gaps_drawn(2, 2, []), _gaps_drawn(0, 0, [])
    ('; 2 coordination gaps drawn dashed', '')
    """
    if not gaps:
        return ""
    if not undrawn:
        return f"; {plural(gaps, 'coordination gap')} drawn dashed"
    shown = "none drawn" if not drawn else f"{drawn} drawn dashed"
    return f"; {plural(gaps, 'coordination gap')}, {shown} ({'; '.join(_names(undrawn))})"


def _by_id(partner: Any) -> str:
    return str(partner.id)


def _names(names: Sequence[str], limit: int = _NAMES_LISTED) -> list[str]:
    """Return the first ``limit`` names, then "and N more" for the others."""
    if len(names) <= limit:
        return list(names)
    return [*names[:limit], f"and {len(names) - limit} more"]


# --------------------------------------------------------------------------- the page


def _partner_label(initiative: Initiative, pid: str) -> str:
    for p in initiative.partners:
        if p.id == pid:
            return p.name if p.name == pid else f"{isolated(p.name)} ({pid})"
    return pid


def _more_gaps(more: int, listed: int) -> str | None:
    """Say where a condition's ``more`` gaps besides its most pressing are.

    ``listed`` of them are in the list of gaps, the others only counted by kind after it (with
    ``max_gaps``).
    """
    if more == 0:
        return None
    if listed == more:
        return f"{more} more in the gaps list"
    if listed == 0:
        return f"{more} more, counted by kind after the gaps list"
    return f"{more} more: {listed} in the gaps list, {more - listed} counted by kind after it"


#: The length of a score's bar at 1 (``<rect class="track">`` in the template), in px.
_BAR_PX = 200


def _bar(value: float) -> float:
    """Return the length of a score's bar: in steps of 2 px, never empty above 0 nor full below 1.

    A backbone support of 0.00167 is 2 px, not 0.3 px that no one sees beside "0.002"; a
    shared measurement of 0.99889 is 198 px, not a full bar beside "0.999" (:func:`bar_units`).
    """
    return float(bar_units(value, _BAR_PX // 2) * 2)


#: The key of the alignment index among the quantities of :func:`_decimals`.
_INDEX = "alignment_index"


def _decimals(assessment: Assessment, changes: AssessmentDiff | None) -> dict[str, int]:
    """Return the decimals of each score and of the alignment index on the page, chosen once.

    One quantity reads one way across the page (``shared_decimals``): each score with as few
    decimals as ``SCORE_DECIMALS`` (2), the index (and the gains of the recommended ties, in
    its points) ``INDEX_DECIMALS`` (3), more where a value would read as 0 or 1, a gain as 0,
    or a change (before → after, and each recommended tie) would not add up as written, up to
    ``RECOMMENDED_DECIMALS``. What a pair's uncoordinated work costs is written with the
    same decimals, "< 0.001" when it would read as 0 (:func:`_points`). The index read 0.566,
    0.56603 and +0.06638 on one page, and the common agenda 0.8635 in the table of changes
    above a card that said 0.88.
    """
    scores = assessment.scores.to_dict()
    moved = {} if changes is None else changes.score_changes()
    out = {
        key: shared_decimals(
            [float(scores.get(key, 0.0))],
            [(*changes.scores[key], moved[key])] if changes is not None and key in moved else [],
        )
        for key in (*_CONDITIONS, "overall")
    }
    recommended = assessment.recommendations
    # the points a pair's uncoordinated work costs are written on their own ("< 0.00001"
    # when they would read as 0), and adding up is sought up to RECOMMENDED_DECIMALS: one
    # row of a large initiative that added up only at 9 decimals, or a cost of 0.0000069,
    # wrote the index "0.310164773" across the page (found by a reviewer)
    out[_INDEX] = shared_decimals(
        [assessment.alignment.index],
        [(r.index_before, r.index_after, r.gain) for r in recommended]
        + ([changes.alignment_index] if changes is not None else []),
        decimals=INDEX_DECIMALS,
        adding_up=RECOMMENDED_DECIMALS,
    )
    return out


def _points(value: float, places: int) -> str:
    """Write index points with ``places`` decimals; an amount above 0 that reads as 0 as a bound.

    >>> _points(0.0645, 3), _points(0.0000069, 3), _points(0.0, 3)
    ('0.065', '< 0.001', '0.000')
    """
    written = fixed(value, places)
    if value > 0 and float(written) == 0:
        return f"< {fixed(10.0**-places, places)}"
    return written


def _conditions(
    assessment: Assessment,
    ranked: Sequence[Gap],
    listed: Sequence[Gap],
    places: dict[str, int],
) -> list[dict[str, Any]]:
    scores = assessment.scores.to_dict()
    components = assessment.scores.components
    rows = []
    for key, (name, means, raise_it) in _CONDITIONS.items():
        value = float(scores.get(key, 0.0))
        top = next((g for g in ranked if g.condition.value == key), None)
        others_listed = sum(1 for g in listed if g.condition.value == key and g is not top)
        rows.append(
            {
                "key": key,
                "name": name,
                "score": fixed(value, places[key]),
                "bar": _bar(value),
                "means": means,
                "raise": raise_it,
                "parts": [
                    {
                        "name": part.replace("_", " "),
                        # the alignment index as everywhere else on the page
                        "value": fixed(v, places[_INDEX]) if part == _INDEX else score_text(v),
                    }
                    for part, v in components.get(key, {}).items()
                    if part != "score"
                ],
                "top_gap": top.message if top is not None else None,
                # a score of 0 with no gap: nothing for the condition to score yet, which
                # "none found" beside 0.00 read as an all-clear
                "nothing_scored": top is None and value == 0.0,
                "top_gap_severity": top.severity.value if top is not None else None,
                "more_gaps": _more_gaps(
                    sum(1 for g in ranked if g.condition.value == key) - (top is not None),
                    others_listed,
                ),
            }
        )
    return rows


def _phase(assessment: Assessment) -> dict[str, Any]:
    phase = assessment.phase
    current = int(phase.phase)
    nxt = current + 1
    pre = phase.preconditions
    until = assessment.initiative.conditions.funding_secured_until
    needed = assessment.config.min_funding_years
    years = pre.funding_years
    funding = (
        "not recorded"
        if until is None
        else f"secured until {until.isoformat()} (no date of judgement to count from)"
        if years is None or assessment.as_of is None
        # ended before the date of judgement, as the short-funding gap says it: "0 years
        # secured" was written for it, as for funding that ends on that date
        else f"ended on {until.isoformat()}, {years_written(amount(-years, 2))} before the date "
        f"of judgement ({assessment.as_of.isoformat()}); "
        + (
            f"{years_written(entered(needed))} needed"
            if needed > 0
            else "funding up to the date of judgement needed"
        )
        if years < 0
        else f"{years_written(amount_apart(years, needed, 2))} secured, {entered(needed)} needed"
    )
    return {
        "label": _PHASES.get(current, f"Phase {phase.label}"),
        "next": _PHASES.get(nxt) if nxt <= 3 else None,
        "unmet_next": [
            {"component": _COMPONENT_NAMES.get(c.component, c.component), "name": c.name}
            for c in (phase.unmet(nxt) if nxt <= 3 else ())
        ],
        # said beside the phase: "meets every criterion of the last phase" read as an
        # all-clear beside funding that had run out
        "lacking": list(pre.lacking),
        "preconditions": [
            ("Champions", str(pre.champions)),
            ("Funding", funding),
            ("Urgency", pre.urgency or "not recorded"),
            (
                "All preconditions met",
                "cannot be judged (no date of judgement)"
                if pre.met is None
                else "yes"
                if pre.met
                else "no",
            ),
        ],
    }


def _gap_rows(ranked: Sequence[Gap]) -> list[dict[str, Any]]:
    rows = []
    for rank, gap in enumerate(ranked, start=1):
        size = gap.impact_text
        rows.append(
            {
                "rank": rank,
                "key": gap.key,
                "code": gap.code,
                "condition": gap.condition.value,
                "condition_name": _CONDITION_NAMES.get(
                    gap.condition.value, gap.condition.value.replace("_", " ")
                ),
                "severity": gap.severity.value,
                "severity_words": _SEVERITY_WORDS.get(gap.severity.value, gap.severity.value),
                "message": gap.message,
                "size": size,
            }
        )
    return rows


def _recommendations(assessment: Assessment, places: int) -> list[dict[str, Any]]:
    """Return the recommended ties: the index before → after and the gain, adding up as written.

    With the ``places`` of the alignment index on the page (:func:`_decimals`: as many as
    every row needs to add up, up to ``RECOMMENDED_DECIMALS``, its gain not to read as 0),
    the same for every row: the index
    before every tie is one number, and read "0.5660" in some rows and "0.56603" in others.
    What the two partners' uncoordinated work costs the index today is in index points, as
    the gain: it read "6.6%", the share of the index it is not (0.0664 points of an index of
    0.566 are 11.7% of it).
    """
    init = assessment.initiative
    rows = []
    # the strengths and how the partners already work together as every view writes them
    for r, row in zip(assessment.recommendations, recommendation_rows(assessment), strict=True):
        before, after = fixed(r.index_before, places), fixed(r.index_after, places)
        gain = signed(r.gain, places)
        rows.append(
            {
                "source": _partner_label(init, r.source),
                "target": _partner_label(init, r.target),
                # a pair already tied more weakly: the tie is strengthened, not new (or, beside
                # a funding, referral or data-sharing tie, one of regular communication added)
                "strength": row.strength_cell,
                "before": before,
                "after": after,
                "gain": repr(float(r.gain)),
                "gain_text": gain,
                "lost": _points(r.gap_share, places),
                "adds_up": _adds_up(r.index_before, r.index_after, r.gain, places),
                "together": row.together.removeprefix("they already "),
                "assumed": row.assumed,
            }
        )
    return rows


def _completeness_words(m: IndicatorMeasurement) -> str:
    """Say how completely an indicator was reported, and what the share counts.

    The measurement counts the period of the baseline as measured: an indicator with nothing
    reported since its baseline read "reported in 20% of periods", a report it never had. The
    words say what has a value: the baseline's period too, or only it.
    """
    assert m.completeness is not None
    shown = percent_apart(m.completeness, 1.0)  # 199 of 200 is not "100%"
    if m.baseline is None:  # no baseline to count: every period with a value is a report
        return f"reported in {shown} of periods"
    if m.latest_value is None:  # no whole-population value from the baseline on
        # groups may have reported since: their reports feed the disparity, not this share
        which = "whole-population report" if m.groups else "report"
        return (
            f"no {which} since its baseline; only the baseline's period has a value, "
            f"{shown} of periods"
        )
    return f"a value in {shown} of periods, the baseline's period included"


def _record_label(m: IndicatorMeasurement) -> str:
    """Name an indicator in the data-quality lists: its name and id, or its id alone.

    The name is isolated (:func:`isolated`) when it holds a right-to-left letter or a
    bidirectional control: it would reorder the rest of the line.
    """
    return f"{isolated(m.name)} ({m.indicator})" if m.name != m.indicator else m.indicator


def _data_quality(assessment: Assessment, ranked: Sequence[Gap]) -> dict[str, Any]:
    frequency = {i.id: i.frequency for i in assessment.initiative.indicators}
    notes: dict[str, list[str]] = {
        "stale": [],
        "unmeasured": [],
        "non_reporting": [],
        "incomplete": [],
        "insufficient": [],
        "not_running": [r.text for r in assessment.not_running],
        "apart": [],
        "partial": [],
    }
    # the stalest first (never observed, then the oldest last measurement), the least complete
    # first: the lists are cut at _QUALITY_LINES, and what is cut must be the least pressing
    stale: list[tuple[float, str]] = []
    incomplete: list[tuple[float, str]] = []
    # not stale for their baseline alone (a measurement too): "every indicator was observed
    # recently enough" stood beside a gap saying one had no observation since its baseline
    baseline_only: list[str] = []
    for m in assessment.measurement:
        label = _record_label(m)
        if not m.stale and m.observations == 0 and m.freshness_days is not None:
            baseline_only.append(label)
        if m.stale:
            if m.freshness_days is None:  # neither an observation nor a baseline up to as_of
                stale.append((-math.inf, f"{label}: never observed"))
            else:
                by = " (its baseline)" if m.observations == 0 else ""  # as the gap says
                said = (
                    f"{label}: last measured{by} {plural(m.freshness_days, 'day')} before the "
                    "date of judgement"
                )
                stale.append((-m.freshness_days, said))
        elif m.series_stale and m.latest_date is not None and assessment.as_of is not None:
            days = assessment.as_of.toordinal() - m.latest_date.toordinal()
            said = (
                f"{label}: its whole population last measured {plural(days, 'day')} before the "
                "date of judgement (only groups since), and its status rests on those values"
            )
            stale.append((-days, said))
        # a widening gap between groups vanished from the next year's report with no word of
        # why: the groups were last compared too long ago to be judged (found by a reviewer of
        # the committee's report); the summary and the notebook view say it in the same words
        groups_stale = stale_disparity_text(m, assessment.as_of)
        if groups_stale is not None:
            assert m.disparity is not None
            assert assessment.as_of is not None
            days = assessment.as_of.toordinal() - m.disparity.date.toordinal()
            stale.append((-days, f"{label}: {groups_stale}"))
        if m.completeness is not None and m.completeness < 1:
            incomplete.append((m.completeness, f"{label}: {_completeness_words(m)}"))
    # in the order every report lists them: the agenda's first, in the order of their gaps
    for m in assessment.unjudged:
        label = _record_label(m)
        reason = insufficient_reason(m, frequency[m.indicator])
        notes["insufficient"].append(f"{label}: {reason}")
    # what the lack of a reporting frequency (or of a common period) hides: values that cannot
    # be put together, which no status or gap says (found by a reviewer of shared measurement)
    for m in assessment.measurement:
        label = _record_label(m)
        if m.dates_apart:
            latest = (
                f" ({entered(m.latest_value)}, of {m.latest_date.isoformat()})"
                if m.latest_value is not None and m.latest_date is not None
                else ""
            )
            # who reported the earlier dates and not the last: said here, not twice
            missing = missing_reporters_words(m, None)
            notes["apart"].append(
                f"{label}: reported by several partners on different dates, with no reporting "
                f"frequency: each date counts as a measurement of its own, so its latest "
                f"value{latest} is the last date's reporters' alone"
                + (f", with {missing}" if missing else "")
                + "; give the indicator its reporting frequency"
            )
        # what the latest value, and the gap between groups, leave out: the status of a
        # quarter one partner of two reported read "met" on that partner's figure alone, and a
        # group whose last report was late dropped out of the gap, with no word (a reviewer)
        partial = (
            None
            if m.dates_apart
            else missing_reporters_text(m, frequency[m.indicator], assessment.as_of)
        )
        for note in (partial, left_out_text(m, frequency[m.indicator])):
            if note is not None:
                notes["partial"].append(f"{label}: {note}")
        never_compared = groups_apart_text(m, frequency[m.indicator])
        if never_compared is not None:
            notes["apart"].append(f"{label}: {never_compared}")
        if m.baseline_restated is not None and m.baseline is not None:
            day = m.baseline_date
            cadence = frequency[m.indicator]
            period, after = (
                (
                    f"of {cadence.period_name(day)}, the baseline's period,",
                    f"after {cadence.period_name(day)}",
                )
                if cadence is not None and day is not None
                else ("of the baseline's date", "after that date")
            )
            unit = "date" if cadence is None else "period"
            notes["apart"].append(
                # the period's value, not a report: 40 and 44 of two partners read "42 was
                # reported", a figure no one gave (a fresh-eyes reviewer)
                f"{label}: the reports {period} come to {entered(m.baseline_restated)} (each "
                f"partner's latest, averaged), beside a baseline of {entered(m.baseline)}: a "
                f"value of the baseline's {unit} "
                f"is the baseline again, so it counts for nothing and progress is read from "
                f"values {after}; date the baseline in the period whose figure it is, or "
                "correct one of the two"
            )
    notes["stale"] = [said for _, said in sorted(stale, key=lambda item: item[0])]
    notes["incomplete"] = [said for _, said in sorted(incomplete, key=lambda item: item[0])]
    for gap in ranked:
        if gap.code == "unmeasured-indicator":
            notes["unmeasured"].append(gap.message)
        elif gap.code == "non-reporting-partner":
            notes["non_reporting"].append(gap.message)
    for name, lines in notes.items():  # the two lists of gaps, and the indicators' notes
        if len(lines) > _QUALITY_LINES:
            where = (
                "gaps_frame()"
                if name in ("unmeasured", "non_reporting")
                else "not_running"
                if name == "not_running"
                else "measurement_frame()"
            )
            notes[name] = [
                *lines[:_QUALITY_LINES],
                f"… and {len(lines) - _QUALITY_LINES} more: every one is in Assessment.{where}",
            ]
    # without an agenda indicator the two agenda checks have nothing to check: "None." read
    # as an all-clear (every IATI import has no goals); without an indicator, or without a
    # date of judgement (nothing observed, no as_of), how recent the data are is not judged
    return {
        **notes,
        "baseline_only": (
            f"{plural(len(baseline_only), 'indicator')} "
            f"{'has' if len(baseline_only) == 1 else 'have'} a baseline but no observation yet: "
            + ", ".join(_names(baseline_only))
            + "."
            if baseline_only
            else ""
        ),
        "activities": bool(assessment.initiative.activities),
        "agenda": any(m.on_agenda for m in assessment.measurement),
        "indicators": bool(assessment.measurement),
        "dated": assessment.as_of is not None,
    }


def _key_digest(keys: Iterable[str]) -> str:
    """Return the SHA-256 of the keys sorted, each on its own line ending in a newline (UTF-8)."""
    digest = hashlib.sha256()
    for key in sorted(keys):
        digest.update(key.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _shown_key(key: str) -> str:
    """Return the key itself, or its start, its length and its SHA-256 when very long."""
    if len(key) <= _KEY_CHARS:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return f"{key[: _KEY_CHARS - 60]}… ({len(key):,} characters, SHA-256 {digest})"


def _hidden_gaps(hidden: Sequence[Gap]) -> list[dict[str, Any]]:
    """Count the gaps not listed by condition, severity and code, in the order of rank.

    Each kind by its plain name (:data:`~collective_impact.analysis.gaps.CODE_LABELS`, as the
    terminal's "First things first" names it): "non-reporting-partner 253" said nothing to a
    committee.
    """
    from .analysis.gaps import CODE_LABELS

    counts: dict[tuple[str, str, str], int] = {}
    for gap in hidden:  # dicts keep the order of first appearance: the order of rank
        group = (gap.condition.value, gap.severity.value, gap.code)
        counts[group] = counts.get(group, 0) + 1
    return [
        {
            "condition_name": _CONDITION_NAMES.get(condition, condition.replace("_", " ")),
            "severity": severity,
            "severity_words": _SEVERITY_WORDS.get(severity, severity),
            "code": code,
            "kind": CODE_LABELS[code][0 if count == 1 else 1] if code in CODE_LABELS else code,
            "count": count,
        }
        for (condition, severity, code), count in counts.items()
    ]


#: The lines of "First things first" the page's "At a glance" shows.
_GLANCE_LINES = 5


def _glance(assessment: Assessment) -> dict[str, Any]:
    """Return "At a glance": data left out after ``as_of``, the first lines of "First things first".

    The lines of the terminal's summary (:func:`~collective_impact.report.first_things`): in
    the order of the gaps, one a gap or one a kind of three or more, each in plain words,
    naming partners, indicators and activities by name
    (:func:`~collective_impact.report.subject_names`).
    The phase and the overall score are those of section 1, written there.
    """
    from ._text import activity_dates_ignored_text, after_as_of_text, baseline_as_of_text
    from .report import config_text, first_things, subject_names

    # by name: a committee member does not know the ids ("grade3-reading")
    names = subject_names(assessment.initiative)
    lines, left = first_things(assessment.gaps, _GLANCE_LINES, names)
    when, source = assessment.as_of, assessment.as_of_source
    return {
        # the data dated after the date of judgement, left out: said before any number
        "after_as_of": after_as_of_text(assessment.after_as_of, when, source),
        # the date fell back on the latest baseline: said before any number, as the terminal's
        # heading says it (only the last section said it, beside a confident score)
        "baseline_as_of": baseline_as_of_text(when, source),
        # no date of judgement: every activity counts whatever its dates, said before any number
        "undated": activity_dates_ignored_text(assessment.activity_dates_ignored),
        # scored with other settings than the defaults: said first, as in the terminal
        "settings": config_text(assessment.config),
        "lines": [
            {"severity": severity, "severity_words": _SEVERITY_WORDS[severity], "text": text}
            for severity, text in lines
        ],
        "left": left,
    }


#: The readers of an initiative's file, by its kind, as the "How to reproduce" snippet lists
#: them when the file the assessment was of is not known (:func:`_reader`).
_READERS = (
    ("a native file (.yaml, .yml, .json, .toml)", "ci.load(PATH)"),
    ("an Excel workbook (.xlsx)", "ci.read_workbook(PATH)"),
    ("a CSV bundle (a folder or a .zip)", "ci.read_csv_bundle(PATH)"),
    ("IATI activity XML", "ci.from_iati(PATH)[0]"),
)

#: The suffixes of the native files (:func:`~collective_impact.load`).
_NATIVE_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".toml"})


def _reader(source: str | None) -> tuple[str, str] | None:
    """Return the kind of file ``source`` is and the call that reads it, or ``None``.

    ``source`` is :attr:`Assessment.source <collective_impact.Assessment.source>`, the file a
    batch read (``None`` for an initiative assessed as one). It is read as the batch reads it
    (:func:`~collective_impact.cli.read_input`): a workbook by its suffix, a folder or a
    ``.zip`` as a CSV bundle, a native file by its suffix; a path that is none of them now (a
    folder since removed) is ``None``, and the snippet lists every reader.
    """
    if source is None:
        return None
    suffix = os.path.splitext(source)[1].lower()
    if suffix in (".xlsx", ".xlsm"):
        return "the Excel workbook", "ci.read_workbook(PATH)"
    if suffix == ".zip" or os.path.isdir(source):
        return "the CSV bundle", "ci.read_csv_bundle(PATH)"
    if suffix in _NATIVE_SUFFIXES:
        return "the file", "ci.load(PATH)"
    return None


def _read_lines(assessment: Assessment) -> list[str]:
    """Return the lines of the snippet that read the initiative into ``initiative``.

    The initiative's name is in a comment, on one line (:func:`~collective_impact._text.one_line`:
    a name with a line break would end the comment, and its next line would run), isolated
    (:func:`~collective_impact._text.isolated`). When the assessment names the file it was of
    (:attr:`Assessment.source <collective_impact.Assessment.source>`, a batch's), the call is
    that of its reader and the comment says the path as given (a Python literal: one line);
    otherwise the comment lists the readers of each kind of file.
    """
    name = isolated(one_line(assessment.initiative.name))
    # the path as given, not as messages show it (Assessment.source: a tab written "\t", a
    # long path cut), which repr would quote as a backslash and a t; None in one pickled
    # before it was recorded
    source = getattr(assessment, "_source_path", None) or getattr(assessment, "source", None)
    known = _reader(source)
    if known is not None:
        kind, call = known
        return [f"initiative = {call}  # PATH: {kind} of “{name}” (read from {source!r})"]
    width = max(len(kind) for kind, _ in _READERS)
    return [
        f"# PATH: the file of “{name}”, read by the reader of its kind:",
        *(f"#   {kind + ':':<{width + 1}} {call}" for kind, call in _READERS),
        "initiative = ci.load(PATH)",
    ]


def _reproducibility(assessment: Assessment, listed: Sequence[Gap]) -> dict[str, Any]:
    """Return the "How to reproduce" section: the date, the version, the settings, the call.

    The call passes every argument of :func:`~collective_impact.assess` that changes the
    result: the configuration, the date of judgement (when there is one) and ``recommendations``
    (how many ties were asked for; as many as are listed, said so, for an assessment pickled
    before that was recorded), so that run on the same data it gives the same assessment.
    """
    config = assessment.config.to_dict()
    as_of = assessment.as_of.isoformat() if assessment.as_of is not None else None
    sources = {
        "argument": "given to assess()",
        "file": "stated in the initiative's file",
        "latest observation": "the latest observation in the data",
        "latest baseline": "the latest baseline in the data (measured after every observation)",
        "none": "the initiative has no observation nor baseline, and none was given",
    }
    # every argument of assess() that changes the result: the config, the date and how many
    # ties were asked for (5 by default; the report lists those of the assessment, 12 say)
    asked = assessment.recommendations_asked
    call = (
        "ci.assess(initiative, config=ci.ScoringConfig(**config)"
        + (f", as_of=datetime.date.fromisoformat({as_of!r})" if as_of else "")
        + f", recommendations={len(assessment.recommendations) if asked is None else asked})"
        + (
            "  # how many were asked for is not recorded: as many as are listed"
            if asked is None
            else ""
        )
    )
    return {
        "read": _read_lines(assessment),
        "as_of": as_of or "none",
        "as_of_source": assessment.as_of_source,
        "as_of_source_words": sources.get(assessment.as_of_source, assessment.as_of_source),
        "version": assessment.software_version,  # the code that computed the numbers
        "config": [(k, repr(v)) for k, v in config.items()],
        "gap_keys": [_shown_key(key) for key in sorted(g.key for g in listed)],
        "all_keys": len(assessment.gaps),
        "key_digest": _key_digest(g.key for g in assessment.gaps),
        "call": call,
    }


def _changes(
    diff: AssessmentDiff, places: dict[str, int], max_gaps: int | None = MAX_GAPS
) -> dict[str, Any]:
    """Return the "Changes since" section: scores before → after, reasons, gaps, indicators.

    Each score with the ``places`` of the page (:func:`_decimals`), which add up as written.
    Each list of gaps shows its first ``max_gaps`` (all when ``None``) and says how many more;
    the reasons under each heading, the first :data:`_REASON_LINES` (all when ``max_gaps`` is
    ``None``);
    the indicators that changed, the first :data:`_QUALITY_LINES`; each list of names, the first
    :data:`_NAMES_LISTED`.
    """
    from ._changes import (
        REASON_KEYS,
        REASON_TITLES,
        direction,
        settings_text,
        shown_order,
        tolerance_sentence,
    )

    changes = diff.score_changes()
    names = {**{k: name for k, (name, _, _) in _CONDITIONS.items()}, "overall": "Overall"}

    def row(
        name: str, before: float | None, after: float | None, change: float | None, decimals: int
    ) -> dict[str, str]:
        # a score that moved, and its change, with the page's decimals, which add up as written;
        # no change: one number, written once on both sides (as written_change does)
        same = change == 0.0 and before is not None and after is not None
        return {
            "name": name,
            "before": fixed(after if same else before, decimals),
            "after": fixed(after, decimals),
            "change": "no change"
            if same
            else "–"
            if change is None or before is None or after is None
            else signed(change, decimals),
            "direction": direction(change),
        }

    rows = [row(names[k], b, a, changes[k], places[k]) for k, (b, a) in diff.scores.items()]
    rows.append(row("Alignment index", *diff.alignment_index, places[_INDEX]))
    reasons = []
    for k in REASON_KEYS:
        if k in diff.reasons:
            every = list(diff.reasons[k])
            limit = None if max_gaps is None else _REASON_LINES
            shown = every if limit is None else every[:limit]
            reasons.append(
                {
                    "title": REASON_TITLES[k],
                    "items": shown,
                    "more": len(every) - len(shown),
                    "key": k,
                }
            )

    def gap(g: Gap) -> dict[str, str]:
        return {
            "severity": g.severity.value,
            "severity_words": _SEVERITY_WORDS.get(g.severity.value, g.severity.value),
            "message": g.message,
            "code": g.code,
            "key": g.key,
        }

    def first(items: list[Any], limit: int | None) -> tuple[list[Any], int]:
        """Return the first ``limit`` items, and how many are left out."""
        if limit is None or len(items) <= limit:
            return items, 0
        return items[:limit], len(items) - limit

    closed, closed_more = first([gap(g) for g in diff.closed], max_gaps)
    opened, opened_more = first([gap(g) for g in diff.opened], max_gaps)
    severity_changed, severity_more = first(
        [
            {
                **gap(new),
                "was": (
                    _SEVERITY_WORDS.get(old.severity.value, old.severity.value)
                    if old.severity != new.severity
                    else ""
                ),
                "was_message": old.message if old.message != new.message else "",
            }
            for old, new in diff.gaps_changed
        ],
        max_gaps,
    )
    indicators, indicators_more = first(
        [
            {"id": c.indicator, "name": isolated(c.name), "text": c.text().split(": ", 1)[1]}
            for c in shown_order(diff.indicators)  # a status that worsened first
        ],
        _QUALITY_LINES,
    )
    structure = [
        (label.capitalize(), items, structure_separator(label))
        for label, items in structure_changes(diff)
    ]
    since = diff.as_of[0].isoformat() if diff.as_of[0] is not None else "the earlier assessment"
    return {
        "since": since,
        "changed": diff.changed,
        "phase": diff.phase,
        "rows": rows,
        "reasons": reasons,
        "closed": closed,
        "closed_count": len(diff.closed),
        "closed_more": closed_more,
        "opened": opened,
        "opened_count": len(diff.opened),
        "opened_more": opened_more,
        "persisting": len(diff.persisting),
        "severity_changed": severity_changed,
        "severity_more": severity_more,
        "indicators": indicators,
        "indicators_more": indicators_more,
        "structure": [(name, _names(items), sep) for name, items, sep in structure if items],
        "tolerance": tolerance_sentence(diff.tolerance),
        "settings": settings_text(diff.settings),
        "unrelated": diff.unrelated,
        "names_differ": names_warning(diff),
        "backwards": backwards_warning(diff),
        "versions": versions_warning(diff),
    }


_TEMPLATE = "report.html.j2"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("collective_impact", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=4)
def _asset(name: str) -> str:
    """Return the text of a static file of the templates folder (stylesheet, script)."""
    loader = _environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(_environment(), name)
    return source


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def render_report(
    assessment: Assessment,
    *,
    title: str | None = None,
    changes: AssessmentDiff | None = None,
    max_gaps: int | None = MAX_GAPS,
) -> str:
    """Return the assessment as one self-contained HTML page.

    Parameters
    ----------
    assessment
        The assessment (:func:`~collective_impact.assess`).
    title
        The page's title; by default "Collective impact assessment: <initiative name>".
    changes
        The changes since an earlier assessment (``earlier.diff(assessment)``): the page then
        opens with a "Changes since <earlier as_of>" section (scores before → after, the
        reasons, gaps opened, closed and changed, indicators and structure).
    max_gaps
        List at most this many gaps, the most pressing (:data:`MAX_GAPS` by default); the
        others are counted by condition, severity and code. The lists of gaps closed, opened
        and changed of ``changes`` are cut at the same number. ``None`` lists every gap.

    Returns
    -------
    str
        A complete HTML document (also well-formed XML) with inline CSS, inline SVG charts and
        a small inline script that adds the filters of the gaps table; it makes no network
        request, and every text from the data is escaped.

    Notes
    -----
    The content and the ranking of the gaps are described in the module notes of
    :mod:`collective_impact.htmlreport`. The network measures are not computed (only the tie
    graph is drawn), so rendering stays fast on large initiatives.

    Raises
    ------
    ArgumentValueError
        When ``max_gaps`` is negative (or a truth value).
    ArgumentTypeError
        When ``max_gaps`` is neither ``None`` nor a whole number.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("workforce"))
    >>> page = render_report(result)
    >>> page.startswith("<!DOCTYPE html>") and "https://" not in page
    True

    Listing only the most pressing gap, the page counts the others:

    >>> f"The most pressing of the {len(result.gaps)} gaps is listed" in render_report(
    ...     result, max_gaps=1
    ... )
    True
    """
    expect_count(max_gaps, argument="max_gaps")
    ranked = list(assessment.gaps)
    listed = ranked if max_gaps is None else ranked[:max_gaps]
    init = assessment.initiative
    css = _asset("report.css")
    script = _asset("filter.js")
    # the filters offer what the rows listed hold: a condition found only among the gaps
    # counted after the list showed "Showing 0 of 200 gaps"
    conditions_present = [
        (key, _CONDITION_NAMES[key])
        for key in _CONDITION_NAMES
        if any(g.condition.value == key for g in listed)
    ]
    severities_present = [
        (s, _SEVERITY_WORDS[s])
        for s in _SEVERITY_WORDS
        if any(g.severity.value == s for g in listed)
    ]
    overall = float(assessment.scores.to_dict().get("overall", 0.0))
    index = assessment.alignment.index
    indicators = _indicators(assessment)
    places = _decimals(assessment, changes)
    context = {
        # the initiative's name, isolated when it holds right-to-left letters or controls, as
        # every name in a sentence of the page (:func:`isolated`)
        "title": title or f"Collective impact assessment: {isolated(init.name)}",
        "initiative": {"name": init.name, "description": init.description},
        "css": Markup(css),  # static files of the package, never data
        "script": Markup(script),
        "csp": (
            "default-src 'none'; img-src data:; "
            f"style-src '{_csp_hash(css)}'; script-src '{_csp_hash(script)}'; "
            "base-uri 'none'; form-action 'none'"
        ),
        "as_of": assessment.as_of.isoformat() if assessment.as_of else None,
        "overall": {
            "score": fixed(overall, places["overall"]),
            "bar": _bar(overall),
            "text": _OVERALL_TEXT,
        },
        "alignment": {
            "index": fixed(index, places[_INDEX]),
            "undefined": index_undefined(assessment) if index is None else None,
            "pairs": plural(assessment.alignment.interdependent_pairs, "interdependent pair"),
        },
        "phase": _phase(assessment),
        "glance": _glance(assessment),
        "conditions": _conditions(assessment, ranked, listed, places),
        "indicators": indicators,
        # the symbols of the legend that some chart uses
        "chart_legend": {
            "reports": any(i["chart"] and i["chart"]["reports"] for i in indicators),
            "latest": any(i["chart"] and i["chart"]["latest"] for i in indicators),
        },
        "network": _network(assessment),
        "gaps": _gap_rows(listed),
        "all_gaps": len(ranked),
        "hidden_gaps": _hidden_gaps(ranked[len(listed) :]),
        "gap_counts": {s: sum(1 for g in ranked if g.severity.value == s) for s in _SEVERITY_WORDS},
        "filter_conditions": conditions_present,
        "filter_severities": severities_present,
        "recommendations": _recommendations(assessment, places[_INDEX]),
        "rounded_apart": ROUNDED_APART,
        "no_recommendation": no_recommendation_text(
            assessment.recommendations_asked, assessment.alignment.index
        ),
        "equal_gains": equal_gains_text(assessment, label=partial(_partner_label, init)),
        "unspecified_overlap": amount(assessment.config.unspecified_overlap),
        "quality": _data_quality(assessment, ranked),
        "repro": _reproducibility(assessment, listed),
        "severity_words": _SEVERITY_WORDS,
        "changes": _changes(changes, places, max_gaps) if changes is not None else None,
    }
    return _environment().get_template(_TEMPLATE).render(context)


# --------------------------------------------------------------------------- writing


def write_report(
    assessment: Assessment,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    changes: AssessmentDiff | None = None,
    max_gaps: int | None = MAX_GAPS,
) -> None:
    """Write the HTML report of an assessment to ``path`` (see :func:`render_report`).

    Parameters
    ----------
    assessment
        The assessment.
    path
        The file to write (UTF-8); replaced atomically if it exists.
    title
        The page's title (see :func:`render_report`).
    changes
        The changes since an earlier assessment (see :func:`render_report`).
    max_gaps
        List at most this many gaps (see :func:`render_report`); ``None`` lists every gap.

    Raises
    ------
    WriteError
        When ``path`` is not named ``.html`` or ``.htm`` (``my-initiative.yaml``, which it would
        replace with a page), before any work, or the file cannot be written; nothing is
        changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Notes
    -----
    The page is written to a temporary file in the same folder, then renamed over ``path``, so
    a reader never sees half a report. A new file gets the usual permissions (``0o666`` less
    the umask: ``-rw-r--r--`` under the common umask ``022``), so colleagues on a shared drive
    can open it; a file replaced keeps its own, a link is written through to its file, and a
    read-only file is refused, as ``cp`` would.

    Examples
    --------
    The report of the cradle-to-career example a year on, with what changed since the first
    assessment:

    >>> import pathlib, re, tempfile
    >>> import collective_impact as ci
    >>> before = ci.assess(ci.load_example("cradle-to-career"))
    >>> after = ci.assess(ci.load_example("cradle-to-career-2027"))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "report.html")
    ...     write_report(after, path, title="Cradle to Career, June 2027",
    ...                  changes=before.diff(after))
    ...     page = path.read_text(encoding="utf-8")
    >>> page.startswith("<!DOCTYPE html>"), re.search("<title>(.*)</title>", page).group(1)
    (True, 'Cradle to Career, June 2027')
    >>> re.findall("<h2[^>]*>(.*?)</h2>", page)[:3]
    ['At a glance', 'Changes since 2026-09-30', '1. The five conditions and the phase']
    """
    from .io._files import expect_path, expect_suffix, write_bytes  # the one atomic writer

    # before any work: my-initiative.yaml is not replaced by a page
    expect_suffix(expect_path(path, "write_report"), "html")
    page = render_report(assessment, title=title, changes=changes, max_gaps=max_gaps)
    write_bytes(path, page.encode("utf-8"))
