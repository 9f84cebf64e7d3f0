"""Words and numbers for the readable outputs (terminal, change report, HTML views).

One place for the small phrasing rules every view shares, so the terminal, the HTML report and
the change report say the same thing the same way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from .analysis._tolerance import FLOAT_NOISE, THRESHOLD_TOLERANCE
from .errors import listed, shown

if TYPE_CHECKING:
    import datetime as dt

    from .analysis.measurement import Disparity, IndicatorMeasurement
    from .analysis.running import ActivityDatesIgnored
    from .analysis.snapshot import AfterAsOf
    from .report import Assessment

__all__ = [
    "AS_OF_SOURCE_WORDS",
    "INDEX_DECIMALS",
    "INDEX_UNDEFINED",
    "MAX_DECIMALS",
    "SCORE_BOUNDS",
    "SCORE_DECIMALS",
    "SEVERITY_WORDS",
    "STATUS_URGENCY",
    "STATUS_WORDS",
    "FigureSoFar",
    "activity_dates_ignored_text",
    "after_as_of_text",
    "amount",
    "amount_apart",
    "as_of_source_words",
    "bar_units",
    "baseline_as_of_text",
    "decimals_apart",
    "display_width",
    "every_one",
    "falls_back_so_far",
    "figure_so_far",
    "first_names",
    "fixed",
    "forecast_words",
    "groups_apart_text",
    "groups_apart_words",
    "index_undefined",
    "indicator_figures",
    "insufficient_reason",
    "isolated",
    "lacking",
    "left_out_text",
    "left_out_words",
    "level_text",
    "met_before",
    "met_early",
    "met_late_dates",
    "met_so_far",
    "missing_reporters_text",
    "missing_reporters_words",
    "number",
    "one_line",
    "only_baseline_words",
    "p_value_text",
    "pair_decimals",
    "partial_notes",
    "percent_apart",
    "period_words",
    "plural",
    "score_text",
    "stale_disparity_text",
    "stale_status_text",
    "status_words",
    "target_date_words",
    "target_passed",
    "target_period_running",
    "years_written",
]

#: Each gap severity in words, as every report names it: ``info`` is a note.
SEVERITY_WORDS = {"critical": "critical", "warning": "warning", "info": "note"}

#: Each indicator status in words.
STATUS_WORDS = {
    "met": "target met",
    "on-track": "on track",
    "at-risk": "at risk",
    "off-track": "off track",
    "insufficient-data": "insufficient data",
}

#: The order in which statuses need attention, the most pressing first: every view lists the
#: indicators in it (the report's indicators; the indicators that changed in a diff, by their
#: new status). A status not in it (none: an indicator gone) comes after every one.
STATUS_URGENCY = {"off-track": 0, "at-risk": 1, "insufficient-data": 2, "on-track": 3, "met": 4}


def only_baseline_words(frequency: str | None) -> str:
    """Say what an indicator lacks whose only whole-population values are the baseline again.

    Those of its baseline's own date, or, with a reporting ``frequency``, of its period: the
    ``unmeasured-indicator`` gap and :func:`insufficient_reason` say it so.

    >>> only_baseline_words(None)
    'whole-population observation after the baseline date (only values of that date)'
    >>> only_baseline_words("annual")
    "whole-population observation after the baseline's year (only values of that year)"
    """
    from .analysis.measurement import _PERIOD_NOUNS  # loaded with the measurement already

    if frequency is None:
        return "whole-population observation after the baseline date (only values of that date)"
    noun = _PERIOD_NOUNS[frequency]
    return f"whole-population observation after the baseline's {noun} (only values of that {noun})"


#: Before the status words of an indicator whose target date passed with no value of it in.
FORECAST_PREFIX = "forecast: "
#: The status of an indicator off track once its target date is observed (:func:`status_words`).
TARGET_MISSED = "target missed"
#: The same when a value from the target date on met the target and a later one fell back.
MET_THEN_LOST = "met, then fell back"
#: The status of an indicator met after its target date (:func:`status_words`), before the dates.
MET_LATE = "target met late"
#: The same met on a figure of a period before its target date's (:func:`met_early`).
MET_EARLY = "target met early"


#: The bidirectional classes of a right-to-left letter or control: a name with one is isolated
#: (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE), or it reorders the sentence.
_RIGHT_TO_LEFT = frozenset(
    {"R", "AL", "RLE", "RLO", "RLI", "FSI", "LRE", "LRO", "LRI", "PDF", "PDI"}
)


def isolated(text: str) -> str:
    r"""Return ``text`` isolated from the sentence around it when it could reorder it.

    A text with a right-to-left letter or a bidirectional control is put between U+2068
    FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE (Unicode Standard Annex #9), its
    own U+2069 that close no isolate it opened left out (one would close the isolate around
    it, and the sentence after it would be reordered) and one added for each isolate it opens
    and does not close (cut short, say); any other text is as it is. Its line and paragraph
    breaks are written as a space (:func:`one_line`): a paragraph separator closes every
    isolate, so an override after one (``"x\u2029\u202eEvil"``) held for the rest of the line.

    Examples
    --------
    >>> isolated("Head Start")
    'Head Start'
    >>> isolated("School\u2069 مدرسة") == "\u2068School مدرسة\u2069"
    True
    >>> isolated("Partner \u2067مدرسة") == "\u2068Partner \u2067مدرسة\u2069\u2069"
    True
    >>> isolated("x\u2029\u202eEvil") == "\u2068x \u202eEvil\u2069"
    True
    """
    if not any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in text):
        return text
    text = one_line(text)
    kept, opened = [], 0
    for c in text:
        if c in "\u2066\u2067\u2068":  # LRI, RLI, FSI
            opened += 1
        elif c == "\u2069":
            if not opened:
                continue  # would close the isolate around the text
            opened -= 1
        kept.append(c)
    return "\u2068" + "".join(kept) + "\u2069" * (opened + 1)


def plural(count: float, one: str, many: str | None = None) -> str:
    """Return ``count`` (rounded) with the right form of the word.

    Examples
    --------
    >>> plural(1, "partner"), plural(3.0, "activity", "activities"), plural(0, "gap")
    ('1 partner', '3 activities', '0 gaps')
    """
    n = round(count)
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def years_written(written: str) -> str:
    """Return a number of years as it is written, with ``year`` when it reads 1.

    :func:`plural` rounds its count, which would write 1.5 years as "2 years": a number of years
    is written as a view writes it (the minimum of funding,
    :attr:`~collective_impact.ScoringConfig.min_funding_years`, as entered, :func:`entered`:
    ``f"{value:g}"`` wrote 1.0000001 as "1" beside 1 year secured; the years secured apart from
    it, :func:`amount_apart`), and the word follows what is read ("1 years" was read).

    Examples
    --------
    >>> years_written("1"), years_written("1.5"), years_written("0"), years_written("2")
    ('1 year', '1.5 years', '0 years', '2 years')
    """
    return f"{written} {'year' if written == '1' else 'years'}"


#: Where a date of judgement came from (``Assessment.as_of_source``), as a sentence names it.
AS_OF_SOURCE_WORDS = {
    "argument": "the as_of given",
    "file": "the file's as_of",
    "latest observation": "the latest observation",
    "latest baseline": "the latest baseline",
}


def as_of_source_words(source: str, words: Mapping[str, str] | None = None) -> str:
    """Name where a date of judgement came from, as a sentence says it.

    ``source`` is :attr:`Assessment.as_of_source <collective_impact.Assessment.as_of_source>`;
    ``words`` names some sources otherwise (the command line says ``{"argument": "--as-of"}``),
    :data:`AS_OF_SOURCE_WORDS` the others; a source in neither is named as it is.

    Examples
    --------
    >>> as_of_source_words("file"), as_of_source_words("argument", {"argument": "--as-of"})
    ("the file's as_of", '--as-of')
    """
    return (words or {}).get(source) or AS_OF_SOURCE_WORDS.get(source, source)


def baseline_as_of_text(as_of: dt.date | None, source: str) -> str | None:
    """Say that the date of judgement fell back on the latest baseline, or ``None``.

    When the file gives no ``as_of`` and no observation is as recent as its latest baseline,
    the date of judgement is that baseline's date (``source`` ``"latest baseline"``): the
    activities that start later are not counted and funding is counted from it. The committee's
    report said so only in its last section, beside a confident score (a reviewer).

    Examples
    --------
    >>> import datetime as dt
    >>> print(baseline_as_of_text(dt.date(2023, 6, 30), "latest baseline"))
    Judged as of 2023-06-30, the date of the latest baseline in the data: no observation is as \
recent and the file gives no as_of. Activities that start later are not counted, and funding is \
counted from that date; to judge on another date, give it (as_of in the file, or --as-of).
    >>> baseline_as_of_text(dt.date(2023, 6, 30), "latest observation") is None
    True
    """
    if as_of is None or source != "latest baseline":
        return None
    return (
        f"Judged as of {as_of.isoformat()}, the date of the latest baseline in the data: no "
        "observation is as recent and the file gives no as_of. Activities that start later are "
        "not counted, and funding is counted from that date; to judge on another date, give it "
        "(as_of in the file, or --as-of)."
    )


def activity_dates_ignored_text(ignored: ActivityDatesIgnored | None) -> str | None:
    """Say that activities' own dates are not read for want of a date of judgement, or ``None``.

    With no date of judgement (no ``as_of``, no observation, no baseline) every activity is
    counted whatever its dates, and an activity that ended in 2010 and one that starts in 2040
    were scored as mutually reinforcing with nothing to say so. The one sentence the summary,
    the notebook view and the HTML report write beside the date of judgement: how many
    activities record dates, two that never run at the same time when some do not, and how to
    judge on a date. ``ignored`` is :attr:`Assessment.activity_dates_ignored
    <collective_impact.Assessment.activity_dates_ignored>`; ``None`` when it is.

    Examples
    --------
    >>> import datetime as dt
    >>> from collective_impact.analysis.running import ActivityDatesIgnored
    >>> apart = ActivityDatesIgnored(activities=3, dated=2, ended="old",
    ...                              end=dt.date(2010, 12, 31), started="new",
    ...                              start=dt.date(2040, 1, 1))
    >>> print(activity_dates_ignored_text(apart))
    No date of judgement: every activity is counted whatever its dates, and 2 of the 3 \
activities record a start or an end. Not all of them run at the same time: 'old' runs until \
2010-12-31 and 'new' from 2040-01-01, yet both are counted as if they ran side by side. To \
count only the activities running on a date, give it (as_of in the file, or --as-of).
    >>> print(activity_dates_ignored_text(ActivityDatesIgnored(activities=1, dated=1)))
    No date of judgement: every activity is counted whatever its dates, and its one activity \
records a start or an end. To count only the activities running on a date, give it (as_of in \
the file, or --as-of).
    >>> activity_dates_ignored_text(None) is None
    True
    """
    if ignored is None:
        return None
    n, dated = ignored.activities, ignored.dated
    if dated == n:
        which = {1: "its one activity records", 2: "both activities record"}.get(
            n, f"all {n:,} activities record"
        )
    else:
        which = f"{dated:,} of the {n:,} activities record{'s' if dated == 1 else ''}"
    parts = [
        f"No date of judgement: every activity is counted whatever its dates, and {which} a "
        "start or an end."
    ]
    if ignored.apart and ignored.end is not None and ignored.start is not None:
        # in no tense: without a date of judgement nothing says what is past and what to come
        parts.append(
            f"Not all of them run at the same time: {shown(ignored.ended)} runs until "
            f"{ignored.end.isoformat()} and {shown(ignored.started)} from "
            f"{ignored.start.isoformat()}, yet both are counted as if they ran side by side."
        )
    parts.append(
        "To count only the activities running on a date, give it (as_of in the file, or --as-of)."
    )
    return " ".join(parts)


def after_as_of_text(
    after: AfterAsOf,
    as_of: dt.date | None,
    source: str,
    words: Mapping[str, str] | None = None,
) -> str | None:
    """Say that data dated after the date of judgement are left out, with counts, or ``None``.

    The one sentence every view of the date of judgement writes (the summary, the notebook
    view, the HTML report, ``validate``): a committee reading numbers of 2023 must see that
    the file holds data of 2025. ``source`` is :attr:`Assessment.as_of_source
    <collective_impact.Assessment.as_of_source>`, named by ``words`` (the command line says
    ``--as-of``), else by :data:`AS_OF_SOURCE_WORDS`. ``None`` when nothing is dated after
    ``as_of``, as always when it is the latest observation or baseline.

    Examples
    --------
    >>> import datetime as dt
    >>> from collective_impact.analysis.snapshot import AfterAsOf
    >>> after = AfterAsOf(observations=7, indicators=("a", "b", "c"), latest=dt.date(2025, 6, 30))
    >>> print(after_as_of_text(after, dt.date(2023, 12, 31), "file"))
    Judged as of 2023-12-31 (the file's as_of): 7 observations of 3 indicators are dated after \
it and are left out; the latest is of 2025-06-30. Ties, partners, working groups, the backbone \
and funding carry no dates: they count as the file states them.
    >>> one = AfterAsOf(baselines=1, indicators=("a",), latest=dt.date(2024, 1, 31))
    >>> print(after_as_of_text(one, dt.date(2023, 12, 31), "argument", {"argument": "--as-of"}))
    Judged as of 2023-12-31 (--as-of): 1 baseline of 1 indicator is dated after it and is left \
out; the latest is of 2024-01-31. Ties, partners, working groups, the backbone and funding carry \
no dates: they count as the file states them.

    The second sentence, because only measurements and activities are dated: a file of a later
    date judged at an earlier one counts the ties, staff and funding added since (the 2027
    example as of 2026-09-30 scores 0.707, its snapshot of that date 0.625).
    >>> after_as_of_text(AfterAsOf(), dt.date(2023, 12, 31), "file") is None
    True
    """
    if as_of is None or not after.count or after.latest is None:
        return None
    named = as_of_source_words(source, words)
    parts = [
        plural(n, word)
        for n, word in ((after.observations, "observation"), (after.baselines, "baseline"))
        if n
    ]
    verb = "is" if after.count == 1 else "are"
    return (
        f"Judged as of {as_of.isoformat()} ({named}): {' and '.join(parts)} of "
        f"{plural(len(after.indicators), 'indicator')} {verb} dated after it and {verb} left "
        f"out; the latest is of {after.latest.isoformat()}. {UNDATED}"
    )


#: What every view says beside data left out after the date of judgement (:func:`after_as_of_text`).
UNDATED = (
    "Ties, partners, working groups, the backbone and funding carry no dates: they count as the "
    "file states them."
)


def display_width(text: str) -> int:
    """Return how many columns ``text`` takes on a terminal: what a title's underline spans.

    East Asian wide and full-width characters take two columns, combining marks and other
    zero-width characters none (an ``é`` typed as ``e`` and a combining accent is one).

    Examples
    --------
    >>> display_width("Écoles"), display_width("e\u0301coles"), display_width("学校连接")
    (6, 6, 8)
    """
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def number(value: float | None, spec: str = ".3g") -> str:
    """Format a number; ``–`` when it is undefined (``None``, nan or infinite).

    Examples
    --------
    >>> number(0.12345), number(None), number(float("nan"), ".2f")
    ('0.123', '–', '–')
    """
    if value is None or not math.isfinite(value):
        return "–"
    return format(settled(value), spec)


#: Below this size (and above 0) or from :data:`_HUGE` on, :func:`amount` writes a power of ten.
_TINY = 1e-4
_HUGE = 1e15


def amount(value: float | None, digits: int = 3) -> str:
    """Write a quantity for a person: ``digits`` significant figures, without a power of ten.

    Python's ``g`` format writes ``1.12e+03`` for 1120.4 and ``6.57e+03`` for 6569, which a
    committee member should not have to decode. Here a value whose rounding to ``digits``
    significant figures would need a power of ten is written as a whole number instead (it then
    has at least ``digits`` figures), and thousands are separated by commas as the counts of
    every view are (``32,981 gaps``). Only sizes below 0.0001 or from 10¹⁵ keep Python's
    notation; ``–`` stands for an undefined value (``None``, nan or infinite), as in
    :func:`number`.

    Parameters
    ----------
    value
        The quantity.
    digits
        Significant figures below 10 ** ``digits`` (at least 1): 3 for measured and computed
        values (what ``.3g`` gave), 6 for values a person entered, such as targets (what
        ``g`` gave).

    Returns
    -------
    str
        The value in words a reader reads: ``format(value, f",.{digits}g")`` when that has no
        power of ten, else the value rounded to a whole number with separators.

    Examples
    --------
    Three significant figures, then whole numbers (1120.4 rounds to 1,120, not to 1.12e+03;
    999.7 to 1,000, not to 1e+03):

    >>> [amount(v) for v in (0.12345, 12.345, 974.07, 999.7, 1120.4, 6569.0, -3067.455)]
    ['0.123', '12.3', '974', '1,000', '1,120', '6,569', '-3,067']

    Values a person entered, with up to six figures:

    >>> [amount(v, 6) for v in (8.5, 1658.0, 52340.0, 1234.5678, 1234567.0)]
    ['8.5', '1,658', '52,340', '1,234.57', '1,234,567']
    >>> amount(0.0), amount(2e-5), amount(3e15), amount(None), amount(float("inf"))
    ('0', '2e-05', '3e+15', '–', '–')
    """
    if value is None or not math.isfinite(value):
        return "–"
    if digits < 1:
        raise ValueError(f"digits must be at least 1, got {digits}")
    value = settled(value, max(SETTLED_FIGURES, digits))
    size = abs(value)
    if size >= _HUGE or 0 < size < _TINY:
        return format(value, f".{digits}g")
    # from 10**digits - 0.5 on, rounding to `digits` figures carries into a power of ten
    if size >= 10**digits - 0.5:
        return format(value, ",.0f")
    return format(value, f",.{digits}g")


#: The most significant figures a value a person entered is written with (:func:`entered`).
ENTERED_FIGURES = 12


def entered(value: float | None) -> str:
    """Write a value a person entered (a target, a baseline) with the figures it was entered with.

    At least six significant figures, as ``amount(value, 6)``, and more while fewer do not
    write the value back, up to :data:`ENTERED_FIGURES` (beyond them, a float's noise, as in
    ``0.1 + 0.2``). A target of 1,234,591.4 was written "1,234,591", and the forecast of
    1,234,591.3 beside it, written apart from that, read above the target it was at risk of
    missing (found by a reviewer of the command line).

    Examples
    --------
    >>> [entered(v) for v in (8.5, 1234591.4, 245312.5, 0.1 + 0.2, 1234.5678, 52340.0)]
    ['8.5', '1,234,591.4', '245,312.5', '0.3', '1,234.5678', '52,340']
    >>> entered(None), entered(123456789.0)
    ('–', '123,456,789')
    """
    if value is None or not math.isfinite(value):
        return amount(value, 6)
    target = settled(value, ENTERED_FIGURES)
    for digits in range(6, ENTERED_FIGURES):
        if float(format(target, f".{digits}g")) == target:
            return amount(value, digits)
    return amount(value, ENTERED_FIGURES)


def _first_apart(
    value: float,
    thresholds: Iterable[float],
    write: Callable[[float, int], str],
    precisions: range,
    shown: Callable[[float, int], str] | None = None,
    tolerance: float = THRESHOLD_TOLERANCE,
) -> int:
    """Return the first precision that writes ``value`` apart from every threshold it differs from.

    The one rule of :func:`amount_apart`, :func:`percent_apart` and :func:`decimals_apart`: a
    number shown beside a threshold (a target, a minimum, 0 or 1) must not read as it when it
    differs. ``write(value, precision)`` writes the value; ``shown(threshold, precision)`` how
    the threshold reads (``write`` when ``None``).

    A value that differs from a threshold by rounding noise only, up to ``tolerance`` (relative,
    at least 1): by default the
    :data:`~collective_impact.analysis._tolerance.THRESHOLD_TOLERANCE` by which the analyses
    judge it (0.9999999999999956 for 1), *is* the threshold: it is no constraint, and the value
    reads as it, as its flags and severities take it. When no precision of ``precisions``
    tells a value from a threshold, the first precision is returned too: it is written as the
    threshold, not with every decimal spent on showing the same number.
    """
    as_shown = write if shown is None else shown
    others = [t for t in thresholds if abs(value - t) > tolerance * max(1.0, abs(t))]
    for precision in precisions:
        text = write(value, precision)
        if all(text != as_shown(t, precision) for t in others):
            return precision
    return precisions[0]


def stale_status_text(m: IndicatorMeasurement, as_of: dt.date | None) -> str | None:
    """Say that an indicator's status is judged from data too old to be current.

    The caveat every view writes beside the status of a stale indicator
    (:attr:`~collective_impact.IndicatorMeasurement.stale`), or of one whose whole-population
    series is stale (:attr:`~collective_impact.IndicatorMeasurement.series_stale`): the
    status of an old forecast is not revised, and staleness, not the status, says that it is
    old (docs/measurement.md), so "on track" alone read as current. ``None`` when the data
    are fresh, without a date of judgement, or when the status is ``insufficient-data`` (it
    judges nothing; the data-quality notes say what is stale).

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> ind = ci.Indicator(id="i", name="I", direction="increase",
    ...     baseline={"date": "2014-01-01", "value": 10},
    ...     target={"date": "2030-01-01", "value": 40},
    ...     observations=[{"date": f"{y}-01-01", "value": 10 + 2 * (y - 2014)}
    ...                   for y in (2015, 2016, 2017)])
    >>> day = dt.date(2025, 1, 1)
    >>> m = ci.measure_indicator(ind, as_of=day)
    >>> print(stale_status_text(m, day))
    stale: last measured 2017-01-01, 2,922 days before the date of judgement
    """
    if as_of is None or m.status.value == "insufficient-data":
        return None
    if m.stale:
        if m.freshness_days is None:  # nothing measured: not judged either, as a rule
            return "stale: never measured"
        last = as_of.fromordinal(as_of.toordinal() - m.freshness_days)
        by = " (its baseline)" if m.observations == 0 else ""  # as the data-quality note
        return (
            f"stale: last measured{by} {last.isoformat()}, "
            f"{plural(m.freshness_days, 'day')} before the date of judgement"
        )
    if m.series_stale and m.latest_date is not None:
        days = as_of.toordinal() - m.latest_date.toordinal()
        return (
            f"stale: its whole population last measured {m.latest_date.isoformat()}, "
            f"{plural(days, 'day')} before the date of judgement, only groups since"
        )
    return None


def status_words(
    m: IndicatorMeasurement, frequency: str | None = None, *, as_of: dt.date | None = None
) -> str:
    """Return an indicator's status in words, as every view writes it beside the indicator.

    :data:`STATUS_WORDS`, except for an indicator off track whose target date is observed (the
    value of that date is in: ``target_date_observed``): its target was missed, a
    fact, which "off track" (still reachable) did not say beside a gap that says "missed its
    target"; "met, then fell back" when a value from the target date on met it and a later
    one does not (``target_met_on``). The facts the ``off-track-indicator`` gap reads, so the
    badge and the gap say the same. A target met after its date (``met_late``: the value of
    the target date missed it, or none was reported, and a later one met it) is "target met
    late (on 2025-06-30, due by 2024-06-30)": "target met" alone read as met on time; met
    late and fallen back since, "target met late (on 2025-09-01, due by 2024-12-31), then fell
    back" ("met, then fell back" read as met on time, then lost). A target met on the value
    of a period still running that holds or follows the target date (:func:`met_so_far`;
    ``frequency``: the indicator's) is "target met (2025's figure so far)": a later report of
    the period may revise it. A target met on the figure of a period before the target's, none
    of the target's period in, is "target met early (2023's figure)" (:func:`met_early`;
    without a ``frequency``, a value before the target date, none dated on it: "target met
    early (on 2023-09-01)"), a later figure meeting it too or not; fallen back since on a
    later figure, "target met early (2024's figure), then fell back" (it read "target met
    late" and "target missed"), "(2026's figure so far)" after it while that figure's
    period runs. "Forecast: " comes before the words of a forecast of a date gone
    by (``target_date_unreported``), not before "insufficient data". With ``as_of``, the date
    of judgement, a status judged from stale data says so after it (:func:`stale_status_text`:
    "on track (stale: last measured 2017-01-01, 2,922 days before the date of judgement)").

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> placements = ci.load_example("workforce").indicator("placements")
    >>> status_words(ci.measure_indicator(placements, as_of=dt.date(2009, 12, 31)))
    'on track'
    >>> import attrs
    >>> missed = attrs.evolve(placements, target={"date": placements.target.date, "value": 9e3})
    >>> status_words(ci.measure_indicator(missed, as_of=dt.date(2010, 12, 31)))
    'target missed'
    >>> late = attrs.evolve(placements, target={"date": "2009-12-31", "value": 4500})
    >>> status_words(ci.measure_indicator(late, as_of=dt.date(2010, 12, 31)))
    'target met late (on 2010-12-31, due by 2009-12-31)'
    """
    words = _status_words(m, frequency)
    stale = stale_status_text(m, as_of)
    return words if stale is None else f"{words} ({stale})"


def _status_words(m: IndicatorMeasurement, frequency: str | None) -> str:
    """Return the words of :func:`status_words` without the caveat of stale data."""
    passed, lost = target_passed(m)
    late = met_late_dates(m)
    # met on a figure before the target's period, none of that period in (target_met_on)
    before = met_before(m, frequency)
    if passed:
        # fallen back on the figure so far of a period still running: a later report of it
        # may meet the target again ("met, then fell back" read as final)
        running = falls_back_so_far(m, frequency) if lost else None
        caveat = "" if running is None else f" ({running}'s figure so far)"
        if lost and late:
            # missed on its date, met a year later and lost since: "met, then fell back"
            # dropped both the miss and the date it was due
            return f"{MET_LATE} ({late}), then fell back{caveat}"
        if lost and before is not None:
            # met early, the target's period never reported, and a later figure below it:
            # it read "target missed"
            return f"{MET_EARLY} ({before}), then fell back{caveat}"
        return f"{MET_THEN_LOST}{caveat}" if lost else TARGET_MISSED
    early = met_early(m, frequency)
    if early is not None:
        # met (rule 4) on a figure of a period before the target's, none of the target's in:
        # "target met" alone read as the target period's figure meeting it, and a later
        # figure meeting it too as the target met late
        return f"{MET_EARLY} ({early})"
    # met on the figure so far of a period still running: a later report may take it back
    so_far = met_so_far(m, frequency)
    so_far_words = "" if so_far is None else f"{so_far}'s figure so far"
    if m.status.value == "met" and late:
        # a target missed on its date (or with no value of it) and met later: "target met"
        # alone read as met on time, while the record knew it was late
        return f"{MET_LATE} ({late}{'; ' + so_far_words if so_far_words else ''})"
    words = STATUS_WORDS.get(m.status.value, m.status.value)
    if so_far_words:
        return f"{words} ({so_far_words})"
    # the target date has gone by with no value of it in: the verdict is still a forecast
    # (of a date in the past), which "at risk" alone read as a judgement of the future
    forecast = m.target_date_unreported and m.status.value in {"on-track", "at-risk", "off-track"}
    return f"{FORECAST_PREFIX}{words}" if forecast else words


def met_so_far(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Name the period of a target met on its figure so far (``"2025"``), else ``None``.

    A target met (rule 4) on the value of a reporting period still running
    (:attr:`~collective_impact.IndicatorMeasurement.latest_period_running`) that holds or
    follows the target date (``frequency``: the indicator's): a later report of the period
    may revise the value below the target, and the status with it, so the texts say it is
    the figure so far. ``None`` otherwise, and without a ``frequency``.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> rows = [{"date": f"{y}-03-01", "value": v, "reported_by": "p"}
    ...         for y, v in ((2022, 55), (2023, 60), (2024, 65), (2025, 76))]
    >>> ind = ci.Indicator(id="x", name="X", frequency="annual", observations=rows,
    ...                    baseline={"date": "2021-03-01", "value": 50},
    ...                    target={"date": "2025-06-30", "value": 75})
    >>> met_so_far(ci.measure_indicator(ind, as_of=dt.date(2025, 7, 1)), "annual")
    '2025'
    >>> met_so_far(ci.measure_indicator(ind, as_of=dt.date(2026, 1, 1)), "annual") is None
    True
    """
    if (
        m.status.value != "met"
        or not m.latest_period_running
        or frequency is None
        or m.latest_date is None
        or m.target_date is None
    ):
        return None
    from .model import Frequency

    cadence = Frequency(frequency)
    if cadence.period(m.latest_date) < cadence.period(m.target_date):
        return None  # before the target's period: a later period's value will judge it
    return period_words(m.latest_date, frequency)


def met_before(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Say which figure met a target early: ``"2024's figure"``, else ``None``.

    Met early (:attr:`~collective_impact.IndicatorMeasurement.target_met_on` before the
    target's period): the target's period has no figure, and the last figure before it met
    the target. Whatever the status: a later figure may have fallen back since. Without a
    ``frequency``, ``target_met_on`` before the target date, no value dated on it: ``"on
    2024-09-01"`` (the same figures read "met late" and "target missed").

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> rows = [("2022-09-01", 63), ("2023-09-01", 69), ("2024-09-01", 76)]
    >>> ind = ci.Indicator(id="x", name="X", observations=[{"date": d, "value": v}
    ...                    for d, v in rows], baseline={"date": "2021-09-01", "value": 59},
    ...                    target={"date": "2025-06-30", "value": 75})
    >>> m = ci.measure_indicator(ind, as_of=dt.date(2026, 1, 1))
    >>> met_before(m, None)
    'on 2024-09-01'
    """
    if m.target_met_on is None or m.target_date is None:
        return None
    if frequency is None:
        return None if m.target_met_on >= m.target_date else f"on {m.target_met_on.isoformat()}"
    from .model import Frequency

    cadence = Frequency(frequency)
    if cadence.period(m.target_met_on) >= cadence.period(m.target_date):
        return None
    return f"{period_words(m.target_met_on, frequency)}'s figure"


def met_early(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Name the period of a figure that met a target before the target's period, else ``None``.

    A target met (rule 4) and met early: its period has no figure and the last figure before
    it met the target (``target_met_on`` is of a period before the one holding the target
    date, :func:`met_before`; ``frequency``: the indicator's): the status stays ``met``, and
    the texts say "target met early (2023's figure)" (75 by 30 June 2024, 2023's 76, 2024's
    figure never reported: "target met" read as 2024's figure meeting it; a later figure
    meeting it too read "target met late"). A record made before ``target_met_on`` was so
    dated (``None``) is met early when its latest value is of a period before the target's.
    Returns the words of :func:`met_before`: ``"2023's figure"``, or without a ``frequency``
    ``"on 2023-09-01"`` (a value before the target date, none dated on it).

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> ind = ci.Indicator(id="x", name="X", frequency="annual",
    ...                    observations=[{"date": "2022-09-01", "value": 60},
    ...                                  {"date": "2023-09-01", "value": 76}],
    ...                    baseline={"date": "2021-09-01", "value": 55},
    ...                    target={"date": "2024-06-30", "value": 75})
    >>> met_early(ci.measure_indicator(ind, as_of=dt.date(2025, 9, 20)), "annual")
    "2023's figure"
    """
    if m.status.value != "met" or m.target_date is None:
        return None
    if m.target_met_on is not None:
        return met_before(m, frequency)
    if m.latest_date is None or frequency is None:
        return None
    from .model import Frequency

    cadence = Frequency(frequency)
    if cadence.period(m.latest_date) >= cadence.period(m.target_date):
        return None
    return f"{period_words(m.latest_date, frequency)}'s figure"


def falls_back_so_far(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Name the period of a latest value that fell back from a target met, while it runs.

    A target met from its date's period on (``target_met_on``) and not met by the latest
    value, of a reporting period still running
    (:attr:`~collective_impact.IndicatorMeasurement.latest_period_running`): the fall is the
    figure so far, and a later report of the period may meet the target again, so the texts
    say "met, then fell back (2025's figure so far)" as they say "target met (2025's figure
    so far)". ``None`` otherwise, and without a ``frequency``.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> rows = [("2022-09-01", 60), ("2023-09-01", 66), ("2024-09-01", 76), ("2025-03-01", 72)]
    >>> ind = ci.Indicator(id="x", name="X", frequency="annual",
    ...                    observations=[{"date": d, "value": v} for d, v in rows],
    ...                    baseline={"date": "2021-09-01", "value": 55},
    ...                    target={"date": "2024-06-30", "value": 75})
    >>> falls_back_so_far(ci.measure_indicator(ind, as_of=dt.date(2025, 4, 1)), "annual")
    '2025'
    >>> falls_back_so_far(ci.measure_indicator(ind, as_of=dt.date(2026, 1, 1)), "annual") is None
    True
    """
    if (
        m.target_met_on is None
        or m.status.value == "met"
        or not m.latest_period_running
        or frequency is None
        or m.latest_date is None
    ):
        return None
    return period_words(m.latest_date, frequency)


def met_late_dates(m: IndicatorMeasurement) -> str:
    """Return "on 2025-06-30, due by 2024-06-30" for a target met late, else ``""``.

    :attr:`~collective_impact.IndicatorMeasurement.met_late`: the date it was first met
    (``target_met_on``) and its target date, as the status words and the
    ``off-track-indicator`` gap write them.

    Examples
    --------
    >>> import datetime as dt
    >>> import attrs
    >>> import collective_impact as ci
    >>> placements = ci.load_example("workforce").indicator("placements")
    >>> late = attrs.evolve(placements, target={"date": "2009-12-31", "value": 4500})
    >>> met_late_dates(ci.measure_indicator(late, as_of=dt.date(2010, 12, 31)))
    'on 2010-12-31, due by 2009-12-31'
    >>> met_late_dates(ci.measure_indicator(placements, as_of=dt.date(2010, 12, 31)))
    ''
    """
    if not m.met_late or m.target_met_on is None or m.target_date is None:
        return ""
    return f"on {m.target_met_on.isoformat()}, due by {m.target_date.isoformat()}"


def target_period_running(m: IndicatorMeasurement, frequency: str | None) -> bool:
    """Whether the target date has passed while the period of the latest value still runs.

    :attr:`~collective_impact.IndicatorMeasurement.target_date_unreported` with the latest
    value of the target date's reporting period, or of a later one when no figure of the
    target's period is in (``frequency``: the indicator's): the value judged is the period's
    figure so far, final only when the period ends, and the forecast judges meanwhile.
    "(passed, no value since)" then denied a value that is in. ``False`` without a frequency
    (each date is a measurement: a value of the target date or later is its value).

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> rows = [{"date": f"{y}-03-01", "value": v, "reported_by": "p"}
    ...         for y, v in ((2022, 55), (2023, 60), (2024, 65), (2025, 70))]
    >>> ind = ci.Indicator(id="x", name="X", frequency="annual", observations=rows,
    ...                    baseline={"date": "2021-03-01", "value": 50},
    ...                    target={"date": "2025-06-30", "value": 75})
    >>> m = ci.measure_indicator(ind, as_of=dt.date(2025, 7, 1))
    >>> m.target_date_unreported, target_period_running(m, "annual")
    (True, True)
    >>> target_period_running(ci.measure_indicator(ind, as_of=dt.date(2026, 1, 1)), "annual")
    False
    """
    if (
        not m.target_date_unreported
        or frequency is None
        or m.latest_date is None
        or m.target_date is None
    ):
        return False
    from .model import Frequency

    cadence = Frequency(frequency)
    # of a later period too: with no figure of the target's period ever reported, the figure
    # so far of a later one settles nothing until its period ends (a fact the data did not
    # show: "target missed" on 2025's 72 of March against 75 by 30 June 2024)
    return cadence.period(m.latest_date) >= cadence.period(m.target_date)


class FigureSoFar(NamedTuple):
    """The figure so far of a period still running that judges a target (:func:`figure_so_far`)."""

    period: str  #: the latest value's period, "2025" or "the second quarter of 2025"
    value: str  #: its figure so far, written apart from the target
    on: str  #: the date of that figure (the period's latest report), ISO
    noun: str  #: the period's noun, "year", "quarter" or "month"
    #: the target's period when no figure of it is in (the figure so far is of a later one)
    unreported: str = ""


def figure_so_far(m: IndicatorMeasurement, frequency: str | None) -> FigureSoFar | None:
    """Return the latest value's period and its figure so far, in words, while the period runs.

    ``FigureSoFar("2025", "70", "2025-03-01", "year")`` when :func:`target_period_running`,
    else ``None`` (``unreported`` names the target's period when the figure is of a later
    one: no figure of it is in): what the target date and the ``off-track-indicator`` gap
    say of a value of the target's period (or a later one) that is not final. The figure is
    written apart from the target (:func:`amount_apart`).
    """
    if (
        not target_period_running(m, frequency)
        or m.latest_value is None
        or m.latest_date is None
        or m.target_date is None
    ):
        return None
    from .analysis.measurement import _PERIOD_NOUNS  # loaded with the measurement already

    value = (
        amount(m.latest_value)
        if m.target is None
        else amount_apart(m.latest_value, m.target, tolerance=FLOAT_NOISE)
    )
    due = period_words(m.target_date, frequency)
    period = period_words(m.latest_date, frequency)
    return FigureSoFar(
        period,
        value,
        m.latest_date.isoformat(),
        _PERIOD_NOUNS[frequency],
        "" if period == due else due,
    )


def target_date_words(m: IndicatorMeasurement, frequency: str | None) -> str:
    """Return an indicator's target date as every view writes it after "by".

    The ISO date; when the date has passed with no value of it or later in
    (:attr:`~collective_impact.IndicatorMeasurement.target_date_unreported`), followed by
    " (passed, no value since)": a line "target 12 by 2028-06-30" judged in 2029 read as a
    deadline still ahead. With a value of the target's period in while that period still runs
    (:func:`target_period_running`; ``frequency``: the indicator's), followed by " (passed;
    2025's figure so far 70, final when the year ends)". ``""`` without a target date.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> m = ci.assess(init, as_of=dt.date(2029, 6, 30)).indicator("chronic-absence")
    >>> target_date_words(m, "annual"), status_words(m)
    ('2028-06-30 (passed, no value since)', 'forecast: at risk')
    """
    if m.target_date is None:
        return ""
    day = m.target_date.isoformat()
    so_far = figure_so_far(m, frequency)
    if so_far is not None:  # "no value since" denied the period's value that is in
        none = f"no figure of {so_far.unreported}; " if so_far.unreported else ""
        return (
            f"{day} (passed; {none}{so_far.period}'s figure so far {so_far.value}, final when "
            f"the {so_far.noun} ends)"
        )
    return f"{day} (passed, no value since)" if m.target_date_unreported else day


def target_passed(m: IndicatorMeasurement) -> tuple[bool, bool]:
    """Return whether an indicator's target date passed unmet, and whether it was met first.

    ``(passed, lost)``: ``passed`` when it is off track and the value of its target date is in
    (``target_date_observed``): the target was missed, a fact, not a forecast;
    ``lost`` when, besides, a value from the target date on met it, or one before it met it
    early (``target_met_on``), and the latest fell back since. The one rule of
    :func:`status_words` and the ``off-track-indicator`` gap's words and evidence.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> placements = ci.load_example("workforce").indicator("placements")
    >>> target_passed(ci.measure_indicator(placements, as_of=dt.date(2010, 12, 31)))
    (False, False)
    """
    passed = m.status.value == "off-track" and m.target_date_observed
    return passed, passed and m.target_met_on is not None


def indicator_figures(
    m: IndicatorMeasurement, frequency: str | None = None, as_of: dt.date | None = None
) -> tuple[str, str, str, str | None]:
    """Return an indicator's status, latest value, target and forecast as every view writes them.

    The latest value and the forecast are written apart from the target (:func:`amount_apart`:
    89.95 against 90 is "89.95", not "90", which beside "off track" reads as a contradiction);
    the forecast is ``None`` when there is none, or once a value of the target date is in (the
    verdict is then a fact, not a forecast). One function for the summary and the notebook
    view, which wrote "90" and a forecast past the target date. ``frequency``: the
    indicator's, for the status words (:func:`status_words`); ``as_of``: the date of
    judgement, for the caveat of a status judged from stale data.

    Examples
    --------
    >>> import collective_impact as ci
    >>> m = next(m for m in ci.assess(ci.load_example("cradle-to-career")).measurement
    ...          if m.indicator == "grade3-reading")
    >>> indicator_figures(m)
    ('off track', '42.4', '60', '46.5')
    """
    status = status_words(m, frequency, as_of=as_of)
    latest = (
        "no value"
        if m.latest_value is None
        else amount(m.latest_value)
        if m.target is None
        else amount_apart(m.latest_value, m.target, tolerance=FLOAT_NOISE)
    )
    forecast = (
        amount_apart(m.forecast.value, m.target, tolerance=FLOAT_NOISE)
        if m.forecast is not None and m.target is not None
        else None
    )
    return status, latest, entered(m.target), forecast


def lacking(m: IndicatorMeasurement) -> str:
    """Say what an indicator lacks to measure its progress: baseline, target, an observation.

    ``""`` when it lacks none of them. One text for why its progress is not measured and why
    its status is ``insufficient-data`` (:func:`insufficient_reason`): the HTML report said
    "no baseline and no target" on the card and "no target" in its data-quality section.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> lacking(result.indicator("postsec-credential")), lacking(result.indicator("k-ready"))
    ('no whole-population observation from the baseline on', '')
    """
    missing = [
        what
        for what, absent in (
            ("no baseline", m.baseline is None),
            ("no target", m.target is None),
            (
                "no whole-population observation"
                + (" from the baseline on" if m.baseline is not None else ""),
                m.latest_value is None,
            ),
        )
        if absent
    ]
    return ", ".join([*missing[:-2], " and ".join(missing[-2:])]) if missing else ""


def insufficient_reason(m: IndicatorMeasurement, frequency: str | None) -> str:
    """Say why an indicator's status is ``insufficient-data``: what it lacks to be judged.

    ``frequency`` is the indicator's reporting frequency (``"annual"``...; ``None``): the
    forecast needs 3 points, one a period. Without a target or an observation, what it lacks
    (:func:`lacking`, the words of its progress). One text for the summary and the HTML
    report.

    Examples
    --------
    >>> import collective_impact as ci
    >>> m = next(m for m in ci.assess(ci.load_example("cradle-to-career")).measurement
    ...          if m.indicator == "postsec-credential")
    >>> insufficient_reason(m, "annual")
    'no whole-population observation from the baseline on'
    """
    from .analysis.measurement import _PERIOD_NOUNS  # loaded with the measurement already

    if m.target is None or m.latest_value is None:
        return lacking(m)
    if m.baseline is not None and not m.observed_after_baseline:
        return f"no {only_baseline_words(frequency)}"
    of_data = "" if frequency is None else " of data"
    reason = f"fewer than 3 {_PERIOD_NOUNS[frequency]}s{of_data} to forecast from"
    if m.target_date_unreported:
        # the target date has passed: "fewer than 3 years" alone read as a date still ahead
        # (the figure so far of its period, while that period runs)
        reason += f"; target {entered(m.target)} by {target_date_words(m, frequency)}"
    return reason


def every_one(parameter: str, where: str = "") -> str:
    """Return how to see every item of a list a summary cut short, for both of its readers.

    The command line's ``--all`` and the API's ``summary(parameter=None)``: the same summary is
    printed by ``collective-impact assess`` and ``compare``, where ``max_gaps=None`` alone
    named an argument no one at the terminal can pass. ``where``: the attribute that holds
    every item, if any.

    Parameters
    ----------
    parameter
        The argument of ``summary`` that lists every item (``max_gaps``, ``max_lines``).
    where
        The attribute that holds them (``Assessment.lagging``), or ``""``.

    Returns
    -------
    str
        The words in parentheses.

    Examples
    --------
    >>> every_one("max_gaps")
    '(`--all`, or `summary(max_gaps=None)`, lists every one)'
    >>> every_one("max_lines", "AssessmentDiff.reasons")
    '(`--all`, or `summary(max_lines=None)`, lists every one; all in `AssessmentDiff.reasons`)'
    """
    held = f"; all in `{where}`" if where else ""
    return f"(`--all`, or `summary({parameter}=None)`, lists every one{held})"


#: Names listed in a sentence of what a value or a gap leaves out, before "N others".
_LEFT_OUT_LISTED = 6


def _either(items: Sequence[str]) -> str:
    """Join names as ``a, b or c`` (:func:`~collective_impact.errors.listed`, with "or").

    >>> _either(["p"]), _either(["p", "q"]), _either(["a", "b", "c"])
    ('p', 'p or q', 'a, b or c')
    >>> _either([f"p{k}" for k in range(9)])
    'p0, p1, p2, p3, p4 or 4 others'
    """
    if len(items) > _LEFT_OUT_LISTED:
        rest = len(items) - (_LEFT_OUT_LISTED - 1)
        items = [*items[: _LEFT_OUT_LISTED - 1], f"{rest:,} others"]
    if len(items) <= 2:
        return " or ".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def forecast_words(m: IndicatorMeasurement, frequency: str | None, *, at: bool = True) -> str:
    """Say what an indicator's forecast is of: "at the target date", or a period's figure.

    Without a reporting ``frequency`` (the indicator's), the trend at the target date: "at the
    target date". With one, the target is for the figure of the period holding its date, and
    the forecast is of that figure, on the line where it sits
    (:attr:`Forecast.date <collective_impact.Forecast.date>`): "of 2025's figure (at
    2025-03-01)" (``at=False``: "of 2025's figure", for a view that writes the date itself).
    "at the target date" read as the line at 31 December, ten months past where a figure of 1
    March sits. ``""`` without a forecast.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> rows = [{"date": f"{y}-03-01", "value": v} for y, v in ((2022, 63), (2023, 67), (2024, 71))]
    >>> ind = ci.Indicator(id="x", name="X", frequency="annual", observations=rows,
    ...                    baseline={"date": "2021-03-01", "value": 59},
    ...                    target={"date": "2025-12-31", "value": 76})
    >>> m = ci.measure_indicator(ind, as_of=dt.date(2024, 6, 1))
    >>> forecast_words(m, "annual"), forecast_words(m, None), forecast_words(m, "annual", at=False)
    ("of 2025's figure (at 2025-03-01)", 'at the target date', "of 2025's figure")
    """
    if m.forecast is None or m.target_date is None:
        return ""
    if frequency is None:
        return "at the target date"
    figure = f"of {period_words(m.target_date, frequency)}'s figure"
    return f"{figure} (at {m.forecast.date.isoformat()})" if at else figure


def period_words(day: dt.date, frequency: str | None) -> str:
    """Name the reporting period of ``day`` (its date, without a ``frequency``) in a sentence.

    Examples
    --------
    >>> import datetime as dt
    >>> day = dt.date(2025, 8, 15)
    >>> period_words(day, "quarterly"), period_words(day, "annual"), period_words(day, None)
    ('the third quarter of 2025', '2025', '2025-08-15')
    """
    from .model import Frequency

    return day.isoformat() if frequency is None else Frequency(frequency).period_name(day)


def _period_plural(frequency: str | None) -> str:
    """``quarters``, ``years``, ``months`` or ``dates``: the points of a series, many."""
    from .analysis.measurement import _PERIOD_NOUNS  # loaded with the measurement already

    return f"{_PERIOD_NOUNS[frequency]}s"


def missing_reporters_words(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Say, in a status line, who reported the previous period but not the latest; or ``None``.

    :attr:`~collective_impact.IndicatorMeasurement.latest_missing_reporters`, beside the latest
    value the status is judged on: "latest 62 (no report from q, who reported the second
    quarter of 2025)"; without a ``frequency``, "who reported on 2025-04-15". The previous
    period is the series' last with a value before the latest (a partner who stopped before
    it is not named), named (:attr:`~collective_impact.IndicatorMeasurement.latest_missing_from`):
    it may be several periods back ("the previous year" read as the one before the latest).
    A record without that date reads "the previous quarter" or "on the previous date".

    Examples
    --------
    >>> import attrs
    >>> import collective_impact as ci
    >>> m = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading")
    >>> missing_reporters_words(m, "annual") is None
    True
    >>> missing_reporters_words(attrs.evolve(m, latest_missing_reporters=("q", "r")), "quarterly")
    'no report from q or r, who reported the previous quarter'
    """
    if not m.latest_missing_reporters:
        return None
    names = _either(m.latest_missing_reporters)
    from .analysis.measurement import _PERIOD_NOUNS  # loaded with the measurement already

    # the series' previous period with a value, named: "the previous year" read as the one
    # before the latest, while no one may have reported for several
    previous = (
        ("on " if frequency is None else "") + period_words(m.latest_missing_from, frequency)
        if m.latest_missing_from is not None
        else "on the previous date"
        if frequency is None
        else f"the previous {_PERIOD_NOUNS[frequency]}"
    )
    return f"no report from {names}, who reported {previous}"


def missing_reporters_text(
    m: IndicatorMeasurement, frequency: str | None, as_of: dt.date | None
) -> str | None:
    """Say that an indicator's latest value leaves out reporters of its previous period.

    The data-quality note of
    :attr:`~collective_impact.IndicatorMeasurement.latest_missing_reporters` (without the
    indicator's name), for the HTML report and the summary; ``None`` when the latest value has
    a report from each reporter of the previous period. The running period
    (the one holding ``as_of``) may still get its reports; a period that has ended is owed
    them.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> obs = [{"date": f"2025-{m:02d}-{d}", "value": v, "reported_by": who}
    ...        for m, d, v, who in ((1, 15, 60, "p"), (1, 20, 41, "q"), (4, 15, 61, "p"),
    ...                             (4, 20, 42, "q"), (7, 15, 62, "p"))]
    >>> ind = ci.Indicator(id="vacc", name="V", frequency="quarterly", observations=obs,
    ...                    baseline={"date": "2024-10-15", "value": 50},
    ...                    target={"date": "2026-12-31", "value": 58})
    >>> m = ci.measure_indicator(ind, as_of=dt.date(2025, 11, 30))
    >>> m.status.value, m.latest_value, m.latest_missing_reporters
    ('met', 62.0, ('q',))
    >>> print(missing_reporters_text(m, "quarterly", dt.date(2025, 11, 30)))
    its latest value, 62 (of the third quarter of 2025), has no report from q, who reported \
the second quarter of 2025: it rests on the other reporters' figures alone, and so do the \
status and progress judged on it; ask q for the figure of the third quarter of 2025
    >>> print(missing_reporters_text(m, "quarterly", dt.date(2025, 8, 15)).split("; ")[-1])
    the quarter is still running, and its reports may not all be in yet
    """
    words = missing_reporters_words(m, frequency)
    if words is None or m.latest_date is None:
        return None
    period = period_words(m.latest_date, frequency)
    text = (
        f"its latest value, {entered(m.latest_value)} (of {period}), has {words}: it rests on "
        "the other reporters' figures alone"
        + (", and so do the status and progress judged on it" if m.target is not None else "")
    )
    if frequency is None:
        return (
            text + "; with no reporting frequency each date is a measurement of its own: give "
            "the indicator its reporting frequency"
        )
    from .model import Frequency

    cadence = Frequency(frequency)
    if as_of is not None and cadence.period(as_of) == cadence.period(m.latest_date):
        from .analysis.measurement import _PERIOD_NOUNS

        return (
            text + f"; the {_PERIOD_NOUNS[frequency]} is still running, and its reports may "
            "not all be in yet"
        )
    asked = listed(list(m.latest_missing_reporters))
    return text + f"; ask {asked} for the figure of {period}"


def left_out_words(d: Disparity, frequency: str | None, name: Callable[[str], str] = str) -> str:
    """Say which groups a disparity leaves out, with the date of each one's latest value.

    ``""`` when it compares every group (:attr:`~collective_impact.Disparity.left_out`);
    ``name`` writes a group's name (``repr`` in a gap's message).

    Examples
    --------
    >>> import datetime as dt
    >>> from collective_impact import Disparity
    >>> d = Disparity(best="a", worst="b", highest="a", lowest="b", groups=("a", "b"),
    ...               date=dt.date(2025, 3, 31), gap=5.0, trend=0.0, n=9, p_value=0.5,
    ...               widening=False, left_out=("low-income",),
    ...               left_out_dates=(dt.date(2024, 12, 31),))
    >>> print(left_out_words(d, "quarterly"))
    low-income (last reported on 2024-12-31) is left out, with no value of the first quarter \
of 2025
    """
    if not d.left_out:
        return ""
    each = [
        f"{name(group)} (last reported on {day.isoformat()})"
        for group, day in zip(d.left_out, d.left_out_dates, strict=True)
    ]
    verb = "is" if len(each) == 1 else "are"
    return f"{listed(each)} {verb} left out, with no value of {period_words(d.date, frequency)}"


def left_out_text(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Say what an indicator's disparity leaves out: groups, the dates before one joined, a test.

    The data-quality note of :attr:`~collective_impact.Disparity.left_out` and, when the gap
    series is too short to test (fewer than 3 dates: ``p_value`` is ``None`` and ``widening``
    false, which is no verdict), why: :attr:`~collective_impact.Disparity.joined`, or groups
    reported together on too few dates (without the indicator's name); ``None`` when none
    applies. The groups compared are those of the latest period two groups share: a group
    whose latest report is late, or that stopped reporting, is not compared at all.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> obs = [{"date": f"{2023 + k // 4}-{3 * (k % 4) + 1:02d}-15", "value": v + s * k,
    ...         "reported_by": "p", "group": g}
    ...        for k in range(8)
    ...        for g, v, s in (("high", 60, 2), ("middle", 55, 2), ("low", 40, -1))
    ...        if not (g == "low" and k == 7)]
    >>> ind = ci.Indicator(id="x", name="X", frequency="quarterly", observations=obs)
    >>> m = ci.measure_indicator(ind, as_of=dt.date(2025, 2, 28))
    >>> print(left_out_text(m, "quarterly"))
    the gap between its groups compares high and middle (5 on 2024-10-15); low (last reported \
on 2024-07-15) is left out, with no value of the fourth quarter of 2024: the gap, its trend \
and the widening test are the compared groups' alone, and whether the gap to low widens is not \
tested

    Two groups reported in 2023 and 2024 only are compared on 2 dates: no test.

    >>> pair = [{"date": f"{year}-06-30", "value": v, "group": g}
    ...         for year, a in ((2023, 50), (2024, 59)) for g, v in (("a", a), ("b", 40))]
    >>> ind = ci.Indicator(id="x", name="X", frequency="annual", observations=pair)
    >>> print(left_out_text(ci.measure_indicator(ind, as_of=dt.date(2024, 6, 30)), "annual"))
    its groups (a and b) are compared on 2 years only, from 2023-06-30: whether the gap between \
them widens is not tested until they share 3 years
    """
    d = m.disparity
    if d is None:
        return None
    said = []
    if d.left_out:
        them = "it" if len(d.left_out) == 1 else "them"
        whom = listed(list(d.left_out)) if len(d.left_out) <= _LEFT_OUT_LISTED else them
        said.append(
            f"the gap between its groups compares {listed(list(d.groups))} "
            f"({amount(d.gap)} on {d.date.isoformat()}); {left_out_words(d, frequency)}: the "
            "gap, its trend and the widening test are the compared groups' alone, and whether "
            f"the gap to {whom} widens is not tested"
        )
    if d.p_value is None:
        # too few dates for the test: "widening: false" is no verdict, and the views said
        # nothing of it beside a status of insufficient data below 3 dates (a reviewer)
        noun = _period_plural(frequency)[:-1]
        compared = f"its groups ({listed(list(d.groups))}) are compared on {plural(d.n, noun)} only"
        untested = f"not tested until they share 3 {noun}s"
        if d.joined and d.first_date is not None:
            verb = "was" if len(d.joined) == 1 else "were"
            said.append(
                f"{compared}, from {d.first_date.isoformat()}, when {listed(list(d.joined))} "
                f"{verb} first reported: the gap is taken only where every group compared has "
                f"a value, so whether it widens is {untested}"
            )
        else:
            since = "" if d.first_date is None else f", from {d.first_date.isoformat()}"
            said.append(f"{compared}{since}: whether the gap between them widens is {untested}")
    return "; ".join(said) or None


def stale_disparity_text(m: IndicatorMeasurement, as_of: dt.date | None) -> str | None:
    """Say that an indicator's groups were last compared too long ago for a gap to be judged.

    The data-quality note of a :attr:`~collective_impact.Disparity.stale` disparity (without
    the indicator's name), for the HTML report, the summary and the notebook view: a widening
    gap that vanishes from the next report must not do so without a word. ``None`` when the
    disparity is not stale, when the indicator is stale itself (said as such), or without a
    date of judgement.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> day = dt.date(2027, 9, 30)
    >>> m = ci.assess(ci.load_example("cradle-to-career"), as_of=day).indicator("grade3-reading")
    >>> print(stale_disparity_text(m, day))
    its groups (low-income, not-low-income) last compared 822 days before the date of \
judgement, on 2025-06-30 (a gap of 31.5 then): whether the gap between them widens is not \
judged until they are reported again
    """
    d = m.disparity
    if d is None or not d.stale or m.stale or as_of is None:
        return None
    days = as_of.toordinal() - d.date.toordinal()
    return (
        f"its groups ({first_names(d.groups, 6)}) last compared {plural(days, 'day')} before "
        f"the date of judgement, on {d.date.isoformat()} (a gap of {entered(d.gap)} then): "
        "whether the gap between them widens is not judged until they are reported again"
    )


def groups_apart_text(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Say that an indicator's groups were never reported together, so never compared.

    The data-quality note of :attr:`~collective_impact.IndicatorMeasurement.groups_apart`
    (without the indicator's name), for the HTML report, the summary and the notebook view;
    ``None`` when the groups share a period (a date, without a ``frequency``).

    Examples
    --------
    >>> import attrs
    >>> import collective_impact as ci
    >>> m = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading")
    >>> groups_apart_text(m, "annual") is None
    True
    >>> print(groups_apart_text(attrs.evolve(m, groups_apart=True), "annual"))
    its groups (low-income, not-low-income) were never reported in the same period: they are \
not compared, and no disparity between them is computed; report every group for the same periods
    """
    said = groups_apart_words(m, frequency)
    if said is None:
        return None
    advice = (
        "give the indicator its reporting frequency"
        if frequency is None
        else "report every group for the same periods"
    )
    return f"{said}: they are not compared, and no disparity between them is computed; {advice}"


def groups_apart_words(m: IndicatorMeasurement, frequency: str | None) -> str | None:
    """Say why an indicator's groups are not compared: never reported together (a clause).

    The first clause of :func:`groups_apart_text`, also the change report's reason for a gap
    between groups that can no longer be judged; ``None`` when the groups share a period.

    Examples
    --------
    >>> import attrs
    >>> import collective_impact as ci
    >>> m = ci.assess(ci.load_example("cradle-to-career")).indicator("grade3-reading")
    >>> print(groups_apart_words(attrs.evolve(m, groups_apart=True), None))
    its groups (low-income, not-low-income) were never reported on the same date, and it has \
no reporting frequency
    """
    if not m.groups_apart:
        return None
    groups = first_names([g.group for g in m.groups], 6)
    when = (
        "on the same date, and it has no reporting frequency"
        if frequency is None
        else "in the same period"
    )
    return f"its groups ({groups}) were never reported {when}"


def partial_notes(assessment: Assessment) -> list[tuple[IndicatorMeasurement, str]]:
    """Return what each indicator's latest value and gap between groups leave out, in words.

    One note (:func:`missing_reporters_text`, :func:`left_out_text`,
    :func:`stale_disparity_text`, :func:`groups_apart_text`) per indicator and kind, in the
    order of ``assessment.measurement``: the notes the summary and the notebook view list (the
    HTML report's data-quality section says them too, in the same words: a stale disparity
    among the stale data, groups never compared and an indicator without a frequency's
    missing reporters under "Reports that cannot be put together").

    Examples
    --------
    >>> import collective_impact as ci
    >>> partial_notes(ci.assess(ci.load_example("cradle-to-career")))
    []
    """
    frequency = {i.id: i.frequency for i in assessment.initiative.indicators}
    notes = []
    for m in assessment.measurement:
        cadence = frequency.get(m.indicator)
        for said in (
            missing_reporters_text(m, cadence, assessment.as_of),
            left_out_text(m, cadence),
            stale_disparity_text(m, assessment.as_of),
            groups_apart_text(m, cadence),
        ):
            if said is not None:
                notes.append((m, said))
    return notes


def first_names(items: Sequence[str], limit: int | None, tail: str = "", *, sep: str = ", ") -> str:
    """Join ``items`` with commas; past ``limit``, the first ``limit`` and how many others.

    One rule for the lists a text cuts (``show``, the change report, a batch's refused items):
    ``tail`` follows the count (``" (show --all)"``). ``None``: every item. ``sep`` joins
    items that hold commas of their own (``"; "``).

    Examples
    --------
    >>> first_names(["a", "b"], 2), first_names(["a", "b", "c"], 2, " (--all)")
    ('a, b', 'a, b and 1 other (--all)')
    >>> first_names(["a", "b", "c", "d"], 2)
    'a, b and 2 others'
    >>> first_names(["a: x, y", "b: z"], None, sep="; ")
    'a: x, y; b: z'
    """
    if limit is None or len(items) <= limit:
        return sep.join(items)
    others = len(items) - limit
    return sep.join(items[:limit]) + f" and {others:,} other{'' if others == 1 else 's'}{tail}"


def p_value_text(p: float, level: float | None = None) -> str:
    """Write a p-value for a person: ``p = 0.042``, or ``p < 0.001`` below a thousandth.

    A p-value below a thousandth says the data are far from chance; its digits say nothing
    more a reader can use (``p = 7.5e-08`` reads as a typing error). Beside the ``level`` it
    is tested against it keeps the figures that tell it apart (:func:`amount_apart`): a flag
    raised at p = 0.0998 < 0.1 written "p = 0.1" reads as not significant.

    Parameters
    ----------
    p
        The p-value.
    level
        The level it is compared with, if any.

    Returns
    -------
    str

    Examples
    --------
    >>> p_value_text(0.15623), p_value_text(7.5e-08), p_value_text(0.0)
    ('p = 0.16', 'p < 0.001', 'p < 0.001')
    >>> p_value_text(0.0998), p_value_text(0.0998, 0.1), p_value_text(0.1003, 0.1)
    ('p = 0.1', 'p = 0.0998', 'p = 0.1003')

    Beside a level of a thousandth or less the floor is a tenth of the level's power of ten,
    so that it never reads as the level or above it: flagged at 0.0005, p = 0.0004 is not
    "p < 0.001".

    >>> p_value_text(0.0004, 0.0005), p_value_text(0.0006, 0.0005), p_value_text(1e-9, 0.0005)
    ('p = 0.0004', 'p = 0.0006', 'p < 0.00001')
    """
    floor = _P_FLOOR if level is None or level > _P_FLOOR else _power_below(level)
    if p < floor:
        return f"p < {floor:.{-math.floor(math.log10(floor) + 0.5)}f}"
    return f"p = {amount(p, 2) if level is None else amount_apart(p, level, 2)}"


#: Below this a p-value is written "p < 0.001" (:func:`p_value_text`).
_P_FLOOR = 0.001


def _power_below(level: float) -> float:
    """Return a tenth of the power of ten at or below ``level`` (0.0005 → 1e-05)."""
    return float(10.0 ** (math.floor(math.log10(level)) - 1))


def level_text(level: float) -> str:
    """Write a level (a coverage or significance, 0 < level < 1) as a percent with its figures.

    ``f"{level:.0%}"`` wrote 0.999 as "100%", a claim of certainty, 0.975 as "98%" and 0.004
    as "0%"; a level is the analyst's choice, written as chosen (up to ten figures).

    Examples
    --------
    >>> [level_text(v) for v in (0.95, 0.999, 0.975, 0.004, 0.8)]
    ['95%', '99.9%', '97.5%', '0.4%', '80%']
    """
    return f"{level * 100:.10g}%"


def amount_apart(
    value: float, other: float, digits: int = 3, tolerance: float = THRESHOLD_TOLERANCE
) -> str:
    """Write ``value`` as :func:`amount` does, with more figures while it reads as ``other``.

    A value shown beside the number it is compared with must not read as that number when it
    differs: a forecast of 89.95 against a target of 90 is "89.95", not "90", and 1.97 years of
    funding against the 2 needed is "1.97", not "2.0". ``other`` is compared as a person
    entered it (:func:`entered`). A value no more figures (up to 9) tell from ``other``
    keeps ``digits`` (:func:`_first_apart`). It is written on its side of ``other``, with more
    figures if need be (up to 15). ``tolerance`` is how close (relative, at least absolute) a
    value is ``other`` up to rounding, written as it: by default that of the scores'
    thresholds; a value judged against a target (a status) is compared with it up to
    floating-point noise (:data:`~.analysis._tolerance.FLOAT_NOISE`), and so written.

    Examples
    --------
    >>> amount_apart(89.95059, 90), amount_apart(1.9726776, 2, 2), amount_apart(75.3, 90)
    ('89.95', '1.97', '75.3')
    >>> amount_apart(90.0000000001, 90), amount_apart(0.99984, 1.0)
    ('90', '0.9998')
    >>> amount_apart(90.0000000001, 90, tolerance=2.0**-42)  # beyond a target, as judged
    '90.0000000001'
    """
    return amounts_apart([value], other, digits, tolerance)[0]


def pair_apart(
    first: float, second: float, digits: int = 3, tolerance: float = THRESHOLD_TOLERANCE
) -> tuple[str, str]:
    """Write two values compared with each other with one number of figures, written apart.

    The fewest figures from ``digits`` (up to 9) that write them differently when they differ
    beyond rounding noise: a forecast that moved from 53.998 to 54.0005 is "53.998 → 54.001",
    not "54 → 54" (:func:`amount_apart` writes one value apart from the other *as entered*,
    with six figures, which each of two computed values is). Equal values, or values no
    more figures tell apart, keep ``digits``.

    ``tolerance`` is the noise (relative, at least absolute: :func:`_first_apart`): by default
    that of the analyses' thresholds; a comparison with a smaller one (a diff's ``tolerance``)
    tells apart values that close, with up to 17 figures.

    Examples
    --------
    >>> pair_apart(53.998, 54.0005), pair_apart(82.0, 85.0), pair_apart(54.0, 54.0)
    (('53.998', '54.001'), ('82', '85'), ('54', '54'))
    >>> pair_apart(0.3, 0.3000000005), pair_apart(0.3, 0.3000000005, tolerance=1e-12)
    (('0.3', '0.3'), ('0.3', '0.3000000005'))
    """
    last = 10 if tolerance >= THRESHOLD_TOLERANCE else 18
    figures = _first_apart(first, (second,), amount, range(digits, last), tolerance=tolerance)
    return amount(first, figures), amount(second, figures)


def entered_pair(first: float, second: float) -> tuple[str, str]:
    """Write two values a person entered (settings), apart whenever they differ at all.

    Six figures (:func:`pair_apart`); when six do not tell two different values apart, each
    with the fewest digits that read back as it (Python's ``repr``): a setting that differs
    by a last bit is listed as changed, and must not read "0.3 → 0.3".

    Examples
    --------
    >>> entered_pair(0.8, 0.99995), entered_pair(0.3, 0.1 + 0.2), entered_pair(2.0, 2.0)
    (('0.8', '0.99995'), ('0.3', '0.30000000000000004'), ('2', '2'))
    """
    texts = pair_apart(first, second, 6)
    if texts[0] == texts[1] and first != second:
        return repr(float(first)), repr(float(second))
    return texts


def amounts_apart(
    values: Sequence[float],
    other: float,
    digits: int = 3,
    tolerance: float = THRESHOLD_TOLERANCE,
) -> list[str]:
    """Write ``values`` with one number of figures, the most :func:`amount_apart` gives any.

    Numbers read together (a forecast and the ends of its interval, beside a target) are
    written alike: a lower end of 89.9468 and an upper end of 89.9641 beside a target of 90
    were "89.9 to 89.96", the first with fewer figures because it alone did not read as 90.

    Examples
    --------
    >>> amounts_apart([89.9468, 89.9641], 90), amounts_apart([75.31, 80.2], 90)
    (['89.95', '89.96'], ['75.3', '80.2'])

    And on the side of ``other`` they are on: a forecast of 1,233,967.910 below a target of
    1,233,967.9106 was written "1,233,968", apart from the target but above it, beside a
    status "at risk" (found by a reviewer of the session's change).

    >>> amounts_apart([1233967.9101706594], 1233967.9106, tolerance=2.0**-42)
    ['1,233,967.9']
    >>> amounts_apart([1000.06], 1000.05), amounts_apart([1233967.9101706594], 1233967.9106)
    (['1,000.1'], ['1,233,967.9106'])
    """
    shown = entered(other)
    more = max(
        (
            _first_apart(
                v, (other,), amount, range(digits, 10), lambda t, _: shown, tolerance=tolerance
            )
            for v in values
        ),
        default=digits,
    )
    same = [abs(v - other) <= tolerance * max(1.0, abs(v), abs(other)) for v in values]
    while more < ENTERED_FIGURES + 3 and any(
        _wrong_side(v, amount(v, more), other, shown)
        for v, noise in zip(values, same, strict=True)
        if not noise
    ):
        more += 1
    # a value within rounding of the other is written as it: "1,234,568" for 1,234,567.891,
    # within 1e-9 of a target of 1,234,567.8912, read above it (a reviewer)
    return [shown if noise else amount(v, more) for v, noise in zip(values, same, strict=True)]


def _wrong_side(value: float, text: str, other: float, shown: str) -> bool:
    """Whether ``text``, written for ``value``, misreads it against ``shown``.

    ``shown`` is ``other`` as written; ``text`` misreads when it reads as it, or on its other
    side.
    """
    try:
        written, threshold = float(text.replace(",", "")), float(shown.replace(",", ""))
    except ValueError:  # "–": an undefined value has no side
        return False
    return written == threshold or (written > threshold) != (value > other)


#: The most decimals a number is given to read as it is (two fewer for a percentage): a value
#: closer than that to a threshold is rounding noise, written as the threshold.
MAX_DECIMALS = 12


#: Significant figures a number keeps before it is written: the rest is rounding noise.
SETTLED_FIGURES = 12


def settled(value: float, figures: int = SETTLED_FIGURES) -> float:
    """Return ``value`` rounded to ``figures`` significant figures, to be written.

    A sum of the same terms in another order (the order of the ids) can differ in its last
    bit, and a score of exactly 0.375 then read "0.38" under some ids and "0.37" (from
    0.37499999999999994) under others (found by a reviewer renaming one activity): every
    number is settled before it is rounded for a reader, so that noise never reaches the
    written digits. No digit before the decimal point is settled away (a target of
    123456789012345 read "123,456,789,012,000"), and a number written with more figures
    (``figures``: an entered value told apart from another to 17) keeps them.

    Examples
    --------
    >>> settled(0.37499999999999994), settled(0.375), settled(-0.0), settled(1e-300)
    (0.375, 0.375, -0.0, 1e-300)
    >>> format(0.37499999999999994, ".2f"), format(settled(0.37499999999999994), ".2f")
    ('0.37', '0.38')
    >>> settled(123456789012345.0), settled(0.9000000000001, 17)
    (123456789012345.0, 0.9000000000001)
    """
    if not math.isfinite(value) or abs(value) >= 10.0 ** (figures - 1) or figures >= 17:
        return value
    return float(format(value, f".{figures}g"))


def _decimal(value: float, places: int, percent: bool = False) -> str:
    """Write ``value`` with ``places`` decimals, or as a percentage; "-0" is written "0"."""
    written = format(settled(value), f".{places}{'%' if percent else 'f'}")
    if written.startswith("-") and float(written.rstrip("%")) == 0:
        return written[1:]
    return written


def halfway(value: float, places: int) -> bool:
    """Whether ``value`` (settled) lies halfway between two numbers of ``places`` decimals.

    Rounding it either way is as right (:func:`settled`), so a change written with them
    misstates it by half a unit of the last decimal, whichever way it goes.

    >>> halfway(-0.0005, 3), halfway(0.8995, 3), halfway(0.8995, 4), halfway(0.375, 3)
    (True, True, False, False)
    """
    if not math.isfinite(value):
        return False
    scaled = Decimal(repr(settled(value))).scaleb(places)
    return abs(scaled - scaled.to_integral_value()) == Decimal("0.5")


def signed(value: float, places: int) -> str:
    """Write a change with its sign and ``places`` decimals, settled first (:func:`settled`).

    >>> signed(0.05849, 3), signed(-0.0004999999999999449, 3), signed(-0.0, 2)
    ('+0.058', '-0.001', '0.00')
    >>> signed(0.0004, 2)  # a change that is not 0 keeps its sign
    '+0.00'

    """
    value = settled(value)
    written = format(value, f"+.{places}f")
    return written[1:] if value == 0 else written  # "0.000", never "-0.000" for a zero


def fixed(value: float | None, places: int) -> str:
    """Write ``value`` with ``places`` decimals ("-0.000" as "0.000"); ``–`` when undefined.

    The one way a page writes a quantity once it has chosen its decimals (the HTML report
    writes the alignment index, its gains and the points lost with one number of decimals).

    Examples
    --------
    >>> fixed(0.56603, 3), fixed(-0.0001, 3), fixed(None, 3)
    ('0.566', '0.000', '–')
    """
    if value is None or not math.isfinite(value):
        return "–"
    return _decimal(value, places)


def decimals_apart(
    value: float,
    *thresholds: float,
    decimals: int = 2,
    percent: bool = False,
    tolerance: float = THRESHOLD_TOLERANCE,
) -> int:
    """Return how many decimals, from ``decimals``, write ``value`` apart from ``thresholds``.

    More decimals while the value would read as a threshold it differs from: a score of
    0.00167 is not "0.00" (nothing at all), 0.99889 not "1.00" (all of it), −0.001 not "-0.00",
    which reads as 0. A value within ``tolerance`` of a threshold (rounding noise) keeps
    ``decimals`` and reads as it, as does one that :data:`MAX_DECIMALS` decimals (two fewer of a
    percentage) do not tell from it.

    Parameters
    ----------
    value
        The number.
    *thresholds
        The numbers it must not read as unless it equals them.
    decimals
        The decimals it gets when that is enough.
    percent
        Count the decimals of ``value`` written as a percentage (``0.2453`` is ``24.5%``: one).
    tolerance
        How far from a threshold (relative, at least 1) a value is the threshold: the
        analyses' :data:`~collective_impact.analysis._tolerance.THRESHOLD_TOLERANCE` by
        default; 0 for a difference already judged real (the change of a diff).

    Examples
    --------
    >>> decimals_apart(0.00167, 0.0, 1.0), decimals_apart(0.99889, 0.0, 1.0)
    (3, 3)
    >>> decimals_apart(0.5, 0.0, 1.0), decimals_apart(1 - 4.4e-15, 0.0, 1.0)
    (2, 2)
    >>> decimals_apart(13 / 53, 0.25, decimals=0, percent=True)  # 24.5%, not 25%
    1
    """
    last = MAX_DECIMALS - 2 if percent else MAX_DECIMALS
    return _first_apart(
        value,
        thresholds,
        lambda v, places: _decimal(v, places, percent),
        range(decimals, max(decimals, last) + 1),
        tolerance=tolerance,
    )


def percent_apart(share: float, *thresholds: float, decimals: int = 0) -> str:
    """Write ``share`` as a percentage, with more decimals while it reads as a threshold.

    A share that differs from a threshold it is shown beside must not read as it: 24.5 % of
    the activities against a minimum of 25 % is "24.5%", not "25%", and a progress of 0.996
    is "99.6%" of the way, not "100%" (the whole way), and −0.001 "-0.1%", not "-0%" (none).
    "-0%" reads as "0%". ``decimals`` are the decimals it gets when they are enough (whole
    percentages by default). A share that 10 decimals do not tell from a threshold (a progress
    of 0.9999999999999956) is rounding noise, written as the threshold: "100%", not
    "100.000000%" (:func:`decimals_apart`).

    Examples
    --------
    >>> percent_apart(13 / 53, 0.25), percent_apart(0.3, 0.25), percent_apart(0.4999, 0.5)
    ('24.5%', '30%', '49.99%')
    >>> [percent_apart(p, 0.0, 1.0) for p in (0.996, -0.001, 1.0, -0.24, 0.9999999999999956)]
    ['99.6%', '-0.1%', '100%', '-24%', '100%']
    >>> percent_apart(4e-5, 0.0, decimals=1), percent_apart(0.0549, 0.0, decimals=1)
    ('0.004%', '5.5%')
    """
    places = decimals_apart(share, *thresholds, decimals=decimals, percent=True)
    return _decimal(share, places, percent=True)


#: What a score from 0 to 1 must not read as unless it is: nothing (0) and all of it (1).
SCORE_BOUNDS = (0.0, 1.0)
#: The decimals of a condition score and of the alignment index, when they are enough.
SCORE_DECIMALS, INDEX_DECIMALS = 2, 3
#: The most decimals at which the alignment index, the index after each recommended tie and its
#: gain are made to add up as written; beyond, each is rounded on its own.
RECOMMENDED_DECIMALS = INDEX_DECIMALS + 2
#: Why the alignment index is undefined, in every view.
INDEX_UNDEFINED = "no two partners' activities reinforce each other"


def index_undefined(assessment: Assessment) -> str:
    """Say why the alignment index is undefined: no reinforcement, or no activity running.

    Parameters
    ----------
    assessment
        An assessment whose alignment index is undefined.

    Returns
    -------
    str
        :data:`INDEX_UNDEFINED`, or, when every activity was left out because none runs on
        the date of judgement, that.

    Examples
    --------
    Two activities of two partners on one goal, both ended in 2024, judged in 2025:

    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Over",
    ...     partners=[ci.Partner(id=x, name=x, sector="nonprofit") for x in ("p", "q")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[
    ...         ci.Activity(id=f"a{x}", name="A", partners=[x], contributes={"i": 0.5},
    ...                     end=dt.date(2024, 12, 31))
    ...         for x in ("p", "q")
    ...     ],
    ... )
    >>> result = ci.assess(init, as_of=dt.date(2025, 6, 30))
    >>> result.alignment.index is None, index_undefined(result)
    (True, 'no activity runs on 2025-06-30 (2 ended or not started)')
    >>> ci.assess(init).alignment.index  # no date of judgement: both count, untied
    0.0
    """
    left_out = len(assessment.not_running)
    if assessment.alignment.activities == 0 and left_out and assessment.as_of is not None:
        when = assessment.as_of.isoformat()
        return f"no activity runs on {when} ({left_out:,} ended or not started)"
    return INDEX_UNDEFINED


def score_text(value: float | None, decimals: int = SCORE_DECIMALS) -> str:
    """Write a score from 0 to 1 with ``decimals`` decimals, more while it reads as 0 or 1.

    A backbone support of 0.00167 is "0.002", not "0.00" beside "a single 0 makes the overall
    score 0"; a shared measurement of 0.99889 is "0.999", not "1.00" beside a partner that
    reports nothing; an alignment index of 0.9998 is "0.9998", not "1.000"
    (:func:`decimals_apart` with :data:`SCORE_BOUNDS`). ``–`` stands for an undefined score
    (``None``, nan), as in :func:`number`.

    Examples
    --------
    >>> score_text(0.00167), score_text(0.99889), score_text(0.9998, 3), score_text(0.64202)
    ('0.002', '0.999', '0.9998', '0.64')
    >>> score_text(0.0), score_text(1.0), score_text(None)
    ('0.00', '1.00', '–')
    """
    if value is None or not math.isfinite(value):
        return "–"
    return _decimal(value, decimals_apart(value, *SCORE_BOUNDS, decimals=decimals))


def pair_decimals(first: float, second: float, decimals: int = INDEX_DECIMALS) -> int:
    """Return the decimals, from ``decimals``, that write two scores apart and each as it is.

    Neither reads as 0 or 1 unless it is (up to rounding noise), and the two do not read
    alike unless they are equal: a score before and after a change, or the low and high end
    of an interval (0.9991 to 0.9994 is not "[0.999, 0.999]").

    Examples
    --------
    >>> pair_decimals(0.64, 0.72), pair_decimals(0.9991, 0.9994), pair_decimals(0.5, 0.5)
    (3, 4, 3)
    """
    return max(
        decimals_apart(first, *SCORE_BOUNDS, decimals=decimals),
        decimals_apart(second, *SCORE_BOUNDS, decimals=decimals),
        decimals_apart(first, second, decimals=decimals, tolerance=0.0),
    )


def bar_units(value: float, units: int) -> int:
    """Return the length of a bar of ``units`` for a score from 0 to 1, as its text reads.

    The score rounded to whole units, but never an empty bar for a score above 0 nor a full
    one for a score below 1: 0.00167 of 20 units is 1, not 0, and 0.99889 is 19, not 20 (the
    bar says what :func:`score_text` says). A score within rounding noise of 0 or 1
    (:data:`~collective_impact.analysis._tolerance.THRESHOLD_TOLERANCE`), which its text
    writes as 0 or 1, is an empty or a full bar; an undefined one (nan) an empty bar, as its
    text is ``–``. Scores outside [0, 1] fill 0 or every unit.

    Examples
    --------
    >>> [bar_units(v, 20) for v in (0.0, 0.00167, 0.5, 0.99889, 1.0, 1.2)]
    [0, 1, 10, 19, 20, 20]
    >>> bar_units(1 - 4.4e-15, 20), bar_units(1e-13, 20), bar_units(float("nan"), 20)
    (20, 0, 0)
    """
    if not math.isfinite(value):
        return 0
    length = round(max(0.0, min(1.0, settled(value))) * units)  # as score_text reads it
    if value > THRESHOLD_TOLERANCE:
        length = max(length, 1)
    if value < 1 - THRESHOLD_TOLERANCE:
        length = min(length, units - 1)
    return length


#: What Markdown (CommonMark) reads as markup in running text: emphasis, code, links and
#: images, tables, strikethrough, raw HTML, entities, and the escape itself.
_MARKDOWN_MARKUP = re.compile(r"([\\`*_\[\]|~<>]|&(?=[#A-Za-z]))")

#: Line breaks: every character :meth:`str.splitlines` breaks a line at.
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    r"""Return ``text`` with each run of line breaks written as one space.

    The file format allows line breaks in text (a name, a statement); a title, a list item or a
    line of a Markdown document is one line, and a name's second line would start a heading
    (``## ...``), a list item or a quote of its own.

    Examples
    --------
    >>> one_line("Evil\n## Injected\r\n- item\u2028end")
    'Evil ## Injected - item end'
    """
    return _LINE_BREAKS.sub(" ", text)


def markdown_text(text: str) -> str:
    r"""Escape ``text`` (names, ids, messages) for running text in a Markdown document.

    Every character CommonMark could read as markup is backslash-escaped, which any ASCII
    punctuation may be: a partner named ``<b>Smith</b>`` is not bold, and ``<script>`` is not
    raw HTML, when the document is rendered. Hyphens, dots and quotes are left alone. Line
    breaks are spaces (:func:`one_line`): a name's second line starts no heading, list item or
    quote.

    Examples
    --------
    >>> markdown_text("Cradle <b>bold</b> | *star* _x_ & co, k-ready")
    'Cradle \\<b\\>bold\\</b\\> \\| \\*star\\* \\_x\\_ & co, k-ready'
    >>> markdown_text("AT&T [link](x)")
    'AT\\&T \\[link\\](x)'
    >>> markdown_text("Ind\n\n> quoted")
    'Ind \\> quoted'
    """
    return _MARKDOWN_MARKUP.sub(r"\\\1", one_line(text))
