"""Tests of :mod:`collective_impact._text`: numbers written for a person, and the views using them.

Python's ``g`` format writes 1120.4 as ``1.12e+03``; the terminal, the HTML report and the gap
messages showed indicator values (incomes, counts of people) and conflict sums that way. They now
go through :func:`~collective_impact._text.amount`.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact._text import (
    amount,
    amount_apart,
    bar_units,
    decimals_apart,
    p_value_text,
    percent_apart,
    score_text,
)
from collective_impact.analysis.gaps import Severity, _gap, gap_impact
from collective_impact.htmlreport import render_report


class TestDecimalsApart:
    """More decimals while a number reads as a threshold it is not, up to twelve."""

    @pytest.mark.parametrize(
        ("value", "thresholds", "decimals", "percent", "expected"),
        [
            # a backbone support of 0.01 / 3 / 2 = 0.001667: "0.00" reads as 0, "0.002" not
            (0.01 / 6, (0.0, 1.0), 2, False, 3),
            # a shared measurement of (2 + 299/300) / 3 = 0.998889: "1.00" reads as 1
            ((2 + 299 / 300) / 3, (0.0, 1.0), 2, False, 3),
            # an alignment index of 1 / 1.0002 = 0.99980004: "1.000", then "0.9998"
            (1 / 1.0002, (0.0, 1.0), 3, False, 4),
            (0.5, (0.0, 1.0), 2, False, 2),
            (1.0, (0.0, 1.0), 2, False, 2),  # equal to a threshold: no constraint
            # -0.001 is "-0.00" at two decimals, which reads as 0 ("-0" is written "0")
            (-0.001, (0.0,), 2, False, 3),
            # 13 of 53 activities, 24.53 %, against a minimum of 25 %: "24.5%"
            (13 / 53, (0.25,), 0, True, 1),
            # a share lost of 0.0000199992, 0.0019999 %: "0.0%" and "0.00%" read as 0
            (2e-5 / 1.00004, (0.0,), 1, True, 3),
        ],
    )
    def test_by_hand(
        self,
        value: float,
        thresholds: tuple[float, ...],
        decimals: int,
        percent: bool,
        expected: int,
    ) -> None:
        assert decimals_apart(value, *thresholds, decimals=decimals, percent=percent) == expected

    def test_rounding_noise_reads_as_the_threshold(self) -> None:
        """1 − 4.4e-15 and 0.5 − 4e-10 are within the analyses' threshold tolerance (1e-9) of 1
        and of 0.5, which judge them equal: written as them, at the first decimals, rather
        than with every decimal spent on "1.000000000000" or "49.99999996%". A difference
        already judged real (the change of a diff, tolerance 0) is written as it is."""
        assert decimals_apart(1 - 4.4e-15, 0.0, 1.0) == 2
        assert decimals_apart(0.9999999999999956, 0.0, 1.0, decimals=0, percent=True) == 0
        assert percent_apart(0.5 - 4e-10, 0.5, 1.0) == "50%"
        assert decimals_apart(4e-10, 0.0, decimals=3, tolerance=0.0) == 10

    @given(st.floats(min_value=2e-9, max_value=1 - 2e-9), st.integers(0, 4))
    def test_a_score_never_reads_as_0_or_1(self, value: float, decimals: int) -> None:
        """A score more than rounding noise (1e-9, as the analyses judge thresholds) from 0 and
        from 1 is written apart from both, and the bar of 20 of its terminal line is neither
        empty nor full."""
        text = score_text(value, decimals)
        assert float(text) not in (0.0, 1.0)
        places = len(text.split(".")[1])
        assert abs(float(text) - value) <= 0.5 * 10.0**-places * (1 + 1e-9)  # rounded
        assert 1 <= bar_units(value, 20) <= 19


class TestPercentApart:
    @pytest.mark.parametrize(
        ("share", "thresholds", "decimals", "text"),
        [
            # a conflict share of 0.498 under the warning threshold 0.5, and 0.996 of all of it
            (0.498, (1.0, 0.5), 0, "49.8%"),
            (0.996, (1.0, 0.5), 0, "99.6%"),
            # a redundancy of 0.99984 is not exact duplicates (1)
            (0.9998436507056672, (1.0,), 0, "99.98%"),
            # the share lost between two partners, one decimal, never "0.0%" above 0
            (0.0549, (0.0,), 1, "5.5%"),
            (4e-5, (0.0,), 1, "0.004%"),
            (0.0, (0.0,), 1, "0.0%"),
            # a met indicator's progress, 1 − 2.2e-15: 100 %, not "100.000000%"
            (0.9999999999999978, (0.0, 1.0), 0, "100%"),
        ],
    )
    def test_by_hand(
        self, share: float, thresholds: tuple[float, ...], decimals: int, text: str
    ) -> None:
        assert percent_apart(share, *thresholds, decimals=decimals) == text


class TestScoreText:
    @pytest.mark.parametrize(
        ("value", "decimals", "text"),
        [
            (0.01 / 6, 2, "0.002"),  # backbone support 0.001667
            ((2 + 299 / 300) / 3, 2, "0.999"),  # shared measurement 0.998889
            (299 / 300, 2, "0.997"),  # reporting 0.99667
            (1 / 1.0002, 3, "0.9998"),  # the alignment index 0.99980004
            (0.6420236082441139, 2, "0.64"),
            (0.0, 2, "0.00"),
            (1.0, 2, "1.00"),
            (None, 2, "–"),
            (math.nan, 3, "–"),
        ],
    )
    def test_by_hand(self, value: float | None, decimals: int, text: str) -> None:
        assert score_text(value, decimals) == text


class TestBarUnits:
    @pytest.mark.parametrize(
        ("value", "units", "length"),
        [
            (0.01 / 6, 20, 1),  # round(0.033) = 0, but a score above 0
            ((2 + 299 / 300) / 3, 20, 19),  # round(19.98) = 20, but a score below 1
            ((2 + 299 / 300) / 3, 100, 99),
            (0.5, 20, 10),
            (0.0, 20, 0),
            (1.0, 20, 20),
            (-0.5, 20, 0),
            (1.5, 20, 20),
        ],
    )
    def test_by_hand(self, value: float, units: int, length: int) -> None:
        assert bar_units(value, units) == length


class TestAmountApart:
    @pytest.mark.parametrize(
        ("value", "other", "text"),
        [
            (0.9998436507056672, 1.0, "0.9998"),  # a redundancy short of exact duplicates
            (0.2996, 0.3, "0.2996"),  # a coordination just below weak_tie
            (0.0, 0.3, "0"),
            (0.31, 0.3, "0.31"),
            (90.0000000001, 90.0, "90"),  # rounding noise reads as the number it is
        ],
    )
    def test_by_hand(self, value: float, other: float, text: str) -> None:
        assert amount_apart(value, other) == text


class TestPValueText:
    """A p-value is never written as its level, nor with a floor at or above the level."""

    @pytest.mark.parametrize(
        ("p", "level", "text"),
        [
            # no level: two figures, and "p < 0.001" below a thousandth
            (0.15623, None, "p = 0.16"),
            (7.5e-08, None, "p < 0.001"),
            # beside the usual level 0.1: figures until it reads apart from the level
            (0.0998, 0.1, "p = 0.0998"),
            (0.0004, 0.1, "p < 0.001"),
            # flagged at 0.0005: "p < 0.001" would not say p <= 0.0005; the floor is
            # 10 ** (floor(log10(0.0005)) - 1) = 10 ** (-4 - 1) = 0.00001
            (0.0004, 0.0005, "p = 0.0004"),
            (0.0006, 0.0005, "p = 0.0006"),
            (1e-9, 0.0005, "p < 0.00001"),
            # a level of exactly a thousandth: floor 10 ** (-3 - 1) = 0.0001
            (0.0005, 0.001, "p = 0.0005"),
            (5e-05, 0.001, "p < 0.0001"),
        ],
    )
    def test_by_hand(self, p: float, level: float | None, text: str) -> None:
        assert p_value_text(p, level) == text


class TestAmount:
    @pytest.mark.parametrize(
        ("value", "digits", "text"),
        [
            # three significant figures below 1,000, as .3g wrote them
            (0.12345, 3, "0.123"),
            (12.345, 3, "12.3"),
            (974.07, 3, "974"),
            (999.4, 3, "999"),
            # from 999.5 on, .3g needs a power of ten ("1e+03"): a whole number instead
            (999.5, 3, "1,000"),
            (1120.4, 3, "1,120"),
            (6569.0, 3, "6,569"),
            (-3067.455, 3, "-3,067"),
            (123456789.0, 3, "123,456,789"),
            # six figures for values a person entered, as g wrote them, with separators
            (8.5, 6, "8.5"),
            (1658.0, 6, "1,658"),
            (1234.5678, 6, "1,234.57"),
            (999999.4, 6, "999,999"),
            (1234567.0, 6, "1,234,567"),
            # Python's notation only for the tiny and the huge
            (0.0001, 3, "0.0001"),
            (2e-5, 3, "2e-05"),
            (3e15, 3, "3e+15"),
            (0.0, 3, "0"),
            (1.0, 1, "1"),
            (15.0, 1, "15"),  # 1 figure: 15 rounds to 2e+01 with .1g, so a whole number
        ],
    )
    def test_by_hand(self, value: float, digits: int, text: str) -> None:
        assert amount(value, digits) == text

    @pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf])
    def test_undefined_is_a_dash(self, value: float | None) -> None:
        assert amount(value) == "–"

    def test_digits_below_one_is_refused(self) -> None:
        with pytest.raises(ValueError, match="digits must be at least 1, got 0"):
            amount(1.0, 0)

    @given(
        st.floats(min_value=1e-4, max_value=1e15, exclude_max=True, allow_nan=False),
        st.booleans(),
        st.integers(min_value=1, max_value=8),
    )
    def test_plain_notation_within_rounding(self, size: float, negative: bool, digits: int) -> None:
        """No power of ten between 0.0001 and 10¹⁵, and the value read back is the value rounded.

        Rounding to ``digits`` significant figures moves a value by at most half a unit of its
        last figure, ``|v| · 10^(1 - digits) / 2``; rounding to a whole number (from
        ``10^digits - 0.5`` on) by at most 0.5, which is less.
        """
        value = -size if negative else size
        text = amount(value, digits)
        assert "e" not in text
        assert "–" not in text
        back = float(text.replace(",", ""))
        assert abs(back - value) <= abs(value) * 10.0 ** (1 - digits) / 2 * (1 + 1e-9)
        if abs(value) >= 10**digits - 0.5:
            assert "." not in text  # a whole number
        whole = text.lstrip("-").split(".")[0]
        assert whole == f"{int(whole.replace(',', '')):,}"  # thousands separated


D = dt.date


def income_initiative() -> ci.Initiative:
    """One agenda indicator in dollars, rising too slowly for its target: off track.

    Baseline 48,000 on 2020-01-01, target 60,000 by 2030-01-01, observed each January from
    2020 (48,000) to 2026 (50,650.4): 22 % of the way after 60 % of the time.
    """
    values = [48000.0, 48500.0, 48900.0, 49400.0, 49800.0, 50100.0, 50650.4]
    return ci.Initiative(
        name="Incomes",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        goals=[ci.Goal(id="g", statement="Higher incomes", indicators=["income"])],
        indicators=[
            ci.Indicator(
                id="income",
                name="Median household income",
                unit="USD",
                direction="increase",
                baseline={"date": D(2020, 1, 1), "value": 48000.0},
                target={"date": D(2030, 1, 1), "value": 60000.0},
                observations=[
                    ci.Observation(date=D(2020 + k, 1, 1), value=v, reported_by="p")
                    for k, v in enumerate(values)
                ],
            )
        ],
        activities=[
            ci.Activity(id="x", name="X", partners=["p"], contributes={"income": 0.5}),
        ],
    )


@pytest.fixture(scope="module")
def result() -> ci.Assessment:
    return ci.assess(income_initiative())


class TestViewsWriteLargeValuesPlainly:
    def test_the_indicator_is_off_track_with_a_forecast(self, result: ci.Assessment) -> None:
        (m,) = result.measurement
        assert m.status.value == "off-track"
        assert m.latest_value == 50650.4
        assert m.forecast is not None
        assert 50000 < m.forecast.value < 60000

    def test_terminal(self, result: ci.Assessment) -> None:
        (m,) = result.measurement
        assert m.forecast is not None
        text = result.summary()
        assert (
            "Median household income (income): off track; latest 50,650, target 60,000 by "
            f"2030-01-01, forecast {amount(m.forecast.value)}"
        ) in " ".join(text.split())
        assert "e+0" not in text

    def test_gap_message_and_impact(self, result: ci.Assessment) -> None:
        (m,) = result.measurement
        assert m.forecast is not None
        (gap,) = [g for g in result.gaps if g.code == "off-track-indicator"]
        assert f"for its target of 60,000 by 2030-01-01 (forecast {amount(m.forecast.value)})" in (
            gap.message
        )
        assert f"forecast {amount(m.forecast.value)} against a target of 60,000" in (
            gap.impact_text
        )
        assert "e+0" not in gap.message + gap.impact_text

    def test_html_report(self, result: ci.Assessment) -> None:
        page = render_report(result)
        assert "latest 50,650.4 USD on 2026-01-01." in page
        assert "Baseline 48,000 USD on 2020-01-01." in page
        assert "Target 60,000 USD by 2030-01-01." in page
        assert "from the baseline (48,000) to the target (60,000)" in page
        assert "e+0" not in page

    def test_change_report(self, result: ci.Assessment) -> None:
        init = income_initiative()
        (ind,) = init.indicators
        grown = attrs.evolve(
            ind,
            observations=[
                *ind.observations,
                ci.Observation(date=D(2027, 1, 1), value=51234.0, reported_by="p"),
            ],
        )
        after = ci.assess(init.evolve(indicators=[grown]))
        text = " ".join(result.diff(after).summary().split())
        assert "50,650.4 → 51,234" in text
        assert "e+0" not in text


def test_gap_impact_of_large_sizes_by_hand() -> None:
    """A widening gap of 6,569 dollars growing by 974.07 a year (974.07 / 6,569 = 14.8 % of it,
    the size), and an activity's net effect of -3,067.455 on the agenda (``.3g`` wrote
    ``6.57e+03`` and ``-3.07e+03``)."""
    widening = _gap(
        "widening-disparity",
        Severity.WARNING,
        ["i", "low", "high"],
        {"gap": 6569.0, "trend_per_year": 974.07, "p_value": 1e-5, "dates": 8.0},
        "message",
    )
    assert gap_impact(widening) == (
        974.07 / 6569.0,
        "gap of 6,569 growing by 974 (15% of it) a year",
    )
    harmful = _gap(
        "harmful-activity",
        Severity.WARNING,
        ["a"],
        {"net_effect": -3067.455, "harm": 3067.455, "help": 0.0, "indicators_harmed": 2.0},
        "message",
    )
    assert gap_impact(harmful) == (
        3067.455,
        "net effect -3,067 on the weighted agenda, 2 indicators harmed",
    )


def test_show_and_notebook_views() -> None:
    """``collective-impact show`` and the notebook's HTML write the values the same way."""
    from collective_impact.cli import summary
    from collective_impact.html import assessment_html

    init = income_initiative()
    shown = summary(init)
    assert "(increase USD; baseline 48,000, target 60,000 by 2030-01-01; 7 observations)" in shown
    cells = assessment_html(ci.assess(init))
    cell = re.compile(r"<td[^>]*>([^<]*)</td>")
    row = cell.findall(cells)
    at = row.index("income")
    assert row[at : at + 4] == ["income", "off track", "50,650", "60,000"]  # status in words
    assert "e+0" not in shown + cells


def test_plot_trend_label() -> None:
    """The legend of an indicator's chart: a trend of about 4,300 dollars a year, not 4.3e+03.

    Ten times the incomes of :func:`income_initiative`: 480,000 on 2020-01-01 to 506,504 on
    2026-01-01, a least-squares slope of about 4,300 a year.
    """
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    from collective_impact.plotting import plot_indicator

    init = income_initiative()
    (ind,) = init.indicators
    scaled = attrs.evolve(
        ind,
        baseline={"date": D(2020, 1, 1), "value": 480000.0},
        target={"date": D(2030, 1, 1), "value": 600000.0},
        observations=[attrs.evolve(o, value=o.value * 10) for o in ind.observations],
    )
    init = init.evolve(indicators=[scaled])
    result = ci.assess(init)
    (m,) = result.measurement
    assert m.trend is not None
    assert 4000 < m.trend.slope < 5000
    ax = plot_indicator(init, "income", assessment=result)
    try:
        (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "trend"]
        assert line.get_label() == f"trend (+{amount(m.trend.slope)}/year)"
        assert "," in line.get_label()
        assert "e+0" not in line.get_label()
    finally:
        plt.close(ax.figure)


_UNIT = {"k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.floats(min_value=-1.3, max_value=0.5),
    st.floats(min_value=-2, max_value=12),
)
@example(550000.0, -1.0, 6.0)  # 550,000 … 650,000: too wide as they are
@example(-6e6, 0.0, 6.5)  # millions, negative
@example(1.1e6, -2.0, 6.0)  # 1,100,000 … 1,110,000: 1.1M and 1.105M, not twice 1.1M
@example(-1.0, -1.0, -1.75)  # -0.0175 … -0.0165: seven characters (found by the full run)
@example(-1.1e6, -2.0, 6.0)  # -1.1M and -1.105M
def test_value_axis_labels_fit_and_tell_ticks_apart(
    centre: float, spread: float, size: float
) -> None:
    """The HTML report's value axis (``_tick_labels``): at most six characters for values at
    or above zero, one more for the sign below it, distinct for distinct ticks, and each read
    back (with its unit) within half a unit of its last figure; the chart's left margin
    (``_left_margin``) is the usual one while the labels are six characters of figures, and
    holds the widest label otherwise (a browser test measures them).

    Ticks of values from 0.01 on (negative ones included); smaller ones keep Python's notation
    as before. The full property run found ``-0.0175``, seven characters, which the fixed
    margin cut: the margin now widens for it.
    """
    from collective_impact.htmlreport import _PAD_L, _left_margin, _nice_ticks, _tick_labels

    magnitude = 10.0**size
    low = centre if abs(centre) <= magnitude else math.copysign(magnitude, centre)
    high = low + magnitude * 10.0**spread
    ticks = _nice_ticks(low, high)
    if any(0 < abs(t) < 0.01 for t in ticks):
        return  # tiny values keep Python's notation (as before): not judged here
    labels = _tick_labels(ticks)
    assert len(set(labels)) == len(labels)
    for t, label in zip(ticks, labels, strict=True):  # 42 px at 12 px in Chromium; 46 px fit
        assert len(label) <= (6 if t >= 0 else 7), label
    margin = _left_margin(labels)
    if all(len(label) <= 6 and label.replace(",", "").isdigit() for label in labels):
        assert margin == _PAD_L
    else:
        assert _PAD_L <= margin <= max(_PAD_L, 12 * 0.9 * max(map(len, labels)) + 6)
    for t, label in zip(ticks, labels, strict=True):
        unit = _UNIT.get(label[-1], 1.0)
        number = float((label[:-1] if label[-1] in _UNIT else label).replace(",", ""))
        digits = len(label.strip("-").replace(",", "").replace(".", "").rstrip("kMBT").lstrip("0"))
        assert abs(number * unit - t) <= abs(t) * 10.0 ** (1 - max(digits, 1)) / 2 * (1 + 1e-9)


def test_settling_keeps_whole_digits_and_asked_figures() -> None:
    """Settling written numbers to 12 figures (so that the order of a sum, which renaming ids
    changes, never reaches a written digit) wrote a target of 123456789012345 as
    "123,456,789,012,000", and a tie changed by 1e-13, which a diff of tolerance 1e-15
    reports, as "0.9 → 0.9" (found by a fresh-eyes reviewer); a Kendall tau of 0.375 read
    "0.37" or "0.38" by the order of its sum."""
    from collective_impact._text import amount, pair_apart
    from collective_impact.sensitivity import _tau

    assert amount(123456789012345.0, 6) == "123,456,789,012,345"
    assert amount(1234567890123.0, 6) == "1,234,567,890,123"
    assert pair_apart(0.9, 0.9 * (1 + 1e-13), tolerance=1e-15) == ("0.9", "0.9000000000001")
    assert _tau(0.37499999999999994) == _tau(0.375) == "0.38"
    assert _tau(-1e-17) == "0.00"


@given(
    target=st.floats(-1e12, 1e12, allow_nan=False).map(lambda t: float(f"{t:.11g}")),
    shift=st.floats(-1e-3, 1e-3, allow_nan=False),
    scale=st.sampled_from([1.0, 1e-6, 1e-9, 1e-11]),
)
def test_a_value_is_written_on_its_side_of_the_target(
    target: float, shift: float, scale: float
) -> None:
    """A forecast of 1,233,967.9102 below a target of 1,233,967.9106 was written "1,233,968",
    above it, beside "at risk"; a target written with its figures made this common (found by
    a reviewer of the session's change). Judged as the status judges it (up to
    floating-point noise), a value beyond the target reads beyond it, one below reads below,
    and neither reads as it."""
    from collective_impact._text import entered

    value = target + shift * scale * max(1.0, abs(target))
    if abs(value - target) <= 2.0**-42 * max(1.0, abs(value), abs(target)):
        return
    written = float(amount_apart(value, target, tolerance=2.0**-42).replace(",", ""))
    shown = float(entered(target).replace(",", ""))
    assert (written > shown) == (value > target)
    assert written != shown


def _stale_initiative(step: float) -> ci.Initiative:
    """Indicator ``old``: baseline 10 on 2014-01-01, target 40 by 2030-01-01, values of
    2015-2017 rising by ``step`` a year (last 10 + 3 step on 2017-01-01). Indicator ``new``,
    reported up to 2025-01-01, sets the date of judgement: 2025-01-01, 2,922 days after
    2017-01-01 (8 years, 2 of them leap years: 8 x 365 + 2), far past the 730 days of
    ``stale_after_days``, so ``old`` is stale."""
    old = ci.Indicator(
        id="old",
        name="Old",
        direction="increase",
        baseline={"date": "2014-01-01", "value": 10},
        target={"date": "2030-01-01", "value": 40},
        observations=[
            {"date": f"{y}-01-01", "value": 10 + step * (y - 2014)} for y in (2015, 2016, 2017)
        ],
    )
    new = ci.Indicator(
        id="new",
        name="New",
        direction="increase",
        baseline={"date": "2020-01-01", "value": 10},
        target={"date": "2030-01-01", "value": 40},
        observations=[
            {"date": f"{y}-01-01", "value": 10 + 3 * (y - 2020)} for y in range(2021, 2026)
        ],
    )
    return ci.Initiative(
        name="Stale",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[old, new],
    )


STALE_WORDS = "(stale: last measured 2017-01-01, 2,922 days before the date of judgement)"


def test_a_stale_status_says_so_in_the_html_report() -> None:
    """Rising by 2 a year, ``old`` is forecast at 10 + 2 x 16 = 42 >= 40 on 2030-01-01: on
    track, from values eight years old. Its card, its chart's title and its text alternative
    said "on track" with no word of staleness (docs/measurement.md: an old forecast is flagged
    by freshness, not by the status); ``new``, fresh, reads as before."""
    import xml.etree.ElementTree as ET

    result = ci.assess(_stale_initiative(2.0))
    assert result.as_of == dt.date(2025, 1, 1)
    old = result.indicator("old")
    assert (old.status.value, old.stale) == ("on-track", True)
    root = ET.fromstring(render_report(result))
    badges = {
        " ".join("".join(b.itertext()).split())
        for b in root.iter("span")
        if "badge-on-track" in (b.get("class") or "")
    }
    assert badges == {f"on track {STALE_WORDS}", "on track"}
    titles = {t.text for t in root.iter("title") if (t.get("id") or "").startswith("ind-")}
    assert f"Old: on track {STALE_WORDS}" in titles
    assert "New: on track" in titles
    (desc,) = [
        d.text or ""
        for d in root.iter("desc")
        if (d.get("id") or "").startswith("ind-") and "2017-01-01" in (d.text or "")
    ]
    assert desc.endswith(
        "Stale: last measured 2017-01-01, 2,922 days before the date of judgement."
    )


def test_a_stale_status_says_so_in_the_summary_and_the_notebook() -> None:
    """Rising by 1 a year, ``old`` is forecast at 10 + 16 = 26 < 40: behind, listed in the
    summary's "Indicators off track or at risk" and the notebook view's table with its status
    alone, as if judged on current data."""
    from collective_impact.html import assessment_html

    result = ci.assess(_stale_initiative(1.0))
    old = result.indicator("old")
    assert old.stale
    assert old.status.value in {"off-track", "at-risk"}
    words = {"off-track": "off track", "at-risk": "at risk"}[old.status.value]
    text = " ".join(result.summary().split())
    assert f"Old (old): {words} {STALE_WORDS}; latest 13" in text
    assert f"{words} {STALE_WORDS}" in " ".join(assessment_html(result).split())


def test_a_stale_status_says_so_in_the_chart_title() -> None:
    """``plot_indicator``'s title gave the status alone: "Old: on track as of 2025-01-01"."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from collective_impact.plotting import plot_indicator

    init = _stale_initiative(2.0)
    ax = plot_indicator(init, "old", assessment=ci.assess(init))
    assert ax.get_title() == f"Old: on track {STALE_WORDS} as of 2025-01-01"
    plt.close("all")


def test_a_status_on_a_stale_whole_population_series_says_so() -> None:
    """Whole-population values of 2015-2017 (rising by 2 a year from 10 in 2014: on track for
    40 by 2030), groups reported every year up to 2024: the indicator is fresh (a group's
    value of 2024-01-01 is 366 days old on 2025-01-01), but its status rests on the
    whole-population series, last measured 2,922 days before (``series_stale``)."""
    from collective_impact._text import stale_status_text, status_words

    obs: list[dict[str, object]] = [
        {"date": f"{y}-01-01", "value": 10 + 2 * (y - 2014)} for y in (2015, 2016, 2017)
    ]
    obs += [
        {"date": f"{y}-01-01", "value": 10 + y - 2014, "group": g}
        for y in range(2015, 2025)
        for g in ("a", "b")
    ]
    ind = ci.Indicator(
        id="i",
        name="I",
        direction="increase",
        baseline={"date": "2014-01-01", "value": 10},
        target={"date": "2030-01-01", "value": 40},
        observations=obs,
    )
    day = dt.date(2025, 1, 1)
    m = ci.measure_indicator(ind, as_of=day)
    assert (m.stale, m.series_stale, m.status.value) == (False, True, "on-track")
    assert status_words(m, as_of=day) == (
        "on track (stale: its whole population last measured 2017-01-01, 2,922 days before "
        "the date of judgement, only groups since)"
    )
    assert status_words(m) == "on track"  # without a date of judgement, as before
    fresh = ci.measure_indicator(ind, as_of=dt.date(2018, 1, 1))
    assert stale_status_text(fresh, dt.date(2018, 1, 1)) is None
