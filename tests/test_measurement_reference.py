"""The measurement of an indicator against a restatement of docs/measurement.md.

``tests/reference_measurement.py`` recomputes every documented field of an
:class:`~collective_impact.IndicatorMeasurement` (latest value, progress, trend, forecast,
status, target dates, turn of the curve, groups, disparity, completeness, freshness) from the
page's rules, one loop at a time; the tests below hold :func:`collective_impact.measure_indicator`
to it on drawn indicators (baselines, targets, directions, observations before, on and after the
baseline and in its period, several partners, groups) and on a few cases worked by hand.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import collective_impact as ci
from collective_impact.analysis.measurement import forecast_date, fresh_until
from collective_impact.model import Frequency
from collective_impact.strategies import indicators, initiatives
from conftest import examples
from draws import as_of_arguments
from reference import stale_on
from reference_measurement import forecast_day, reference_measurement

TOL = 1e-9
BASE_DAY = dt.date(2020, 1, 1)


def close(engine: float | None, expected: float | None, what: str) -> None:
    """Two numbers equal to 1e-9 (relative, or absolute below 1), or both undefined."""
    if expected is None or engine is None:
        assert engine is None, (what, engine, expected)
        assert expected is None, (what, engine, expected)
        return
    if math.isnan(expected):
        assert math.isnan(engine), (what, engine, expected)
        return
    assert engine == pytest.approx(expected, rel=TOL, abs=TOL), (what, engine, expected)


def check(
    indicator: ci.Indicator, as_of: dt.date | None, config: ci.ScoringConfig | None = None
) -> dict[str, Any]:
    """Every documented field of the measurement: engine and reference; the reference's."""
    config = config or ci.ScoringConfig()
    m = ci.measure_indicator(indicator, as_of=as_of, config=config)
    ref = reference_measurement(indicator, as_of, config)
    compare(m, ref)
    return ref


def compare(m: ci.IndicatorMeasurement, ref: dict[str, Any]) -> None:
    """Every field of the reference ``ref``: the engine's record ``m`` has it."""
    for key in (
        "indicator",
        "name",
        "level",
        "direction",
        "observations",
        "reporters",
        "baseline_date",
        "baseline_until",
        "target_date",
        "latest_date",
        "target_met_on",
        "met_late",
        "freshness_days",
        "stale",
        "series_stale",
        "target_date_observed",
        "target_date_unreported",
        "dates_apart",
        "groups_apart",
        "latest_missing_reporters",
        "latest_missing_from",
        "latest_period_running",
    ):
        engine = getattr(m, key)
        listed = key in ("reporters", "latest_missing_reporters")
        assert (list(engine) if listed else engine) == ref[key], (key, engine, ref[key])
    assert m.status.value == ref["status"], ("status", m.status.value, ref["status"])
    for key in (
        "baseline",
        "target",
        "latest_value",
        "progress",
        "completeness",
        "baseline_restated",
    ):
        close(getattr(m, key), ref[key], key)
    # the trend
    if ref["trend"] is None:
        assert m.trend is None
    else:
        assert m.trend is not None
        assert (m.trend.origin, m.trend.n) == (ref["trend"]["origin"], ref["trend"]["n"])
        for key in ("slope", "intercept", "mean_t", "s_tt", "residual_sd", "rounding_sd"):
            close(getattr(m.trend, key), ref["trend"][key], f"trend.{key}")
    # the forecast
    if ref["forecast"] is None:
        assert m.forecast is None
    else:
        assert m.forecast is not None
        assert m.forecast.date == ref["forecast"]["date"]
        for key in ("value", "lower", "upper", "level"):
            close(getattr(m.forecast, key), ref["forecast"][key], f"forecast.{key}")
    # turning the curve
    ttc, expected = m.turn_the_curve, ref["turn_the_curve"]
    if expected is None:
        assert ttc is None, ttc
    else:
        assert ttc is not None
        assert ttc.turned == expected["turned"], ("turned", ttc, expected)
        for key in (
            "baseline_slope",
            "forecast_at_latest",
            "latest_value",
            "difference",
            "lower",
            "upper",
            "level",
        ):
            close(getattr(ttc, key), expected[key], f"turn_the_curve.{key}")
    # the groups
    groups = {g.group: g for g in m.groups}
    assert sorted(groups) == sorted(ref["groups"]), (list(groups), list(ref["groups"]))
    for name, record in ref["groups"].items():
        g = groups[name]
        assert (g.n, g.latest_date) == (record["n"], record["latest_date"]), name
        close(g.latest_value, record["latest_value"], f"group {name} latest")
        close(g.slope, record["slope"], f"group {name} slope")
    # the disparity
    d, expected = m.disparity, ref["disparity"]
    if expected is None:
        assert d is None, d
    else:
        assert d is not None
        assert list(d.groups) == expected["groups"]
        # what the comparison leaves out, and the group whose first value opens it
        assert list(d.left_out) == expected["left_out"], (d, expected)
        assert list(d.left_out_dates) == expected["left_out_dates"], (d, expected)
        assert (d.first_date, list(d.joined)) == (expected["first_date"], expected["joined"])
        assert (d.date, d.n, d.stale) == (expected["date"], expected["n"], expected["stale"])
        assert d.highest in expected["highest"]
        assert d.lowest in expected["lowest"]
        if expected["best"] is None:
            assert d.best is None
            assert d.worst is None
        else:
            assert d.best in expected["best"]
            assert d.worst in expected["worst"]
        close(d.gap, expected["gap"], "disparity.gap")
        close(d.trend, expected["trend"], "disparity.trend")
        # p-values near 0 or 1 are tails of the t distribution: 1e-9 absolute
        for key in ("p_value", "stabilised_p_value"):
            engine, value = getattr(d, key), expected[key]
            assert (engine is None) == (value is None), (key, engine, value)
            if value is not None:
                assert engine == pytest.approx(value, abs=1e-9), (key, engine, value)
        assert d.widening == expected["widening"], ("widening", d, expected)


# --------------------------------------------------------------------- worked by hand


def _indicator(**fields: Any) -> ci.Indicator:
    fields.setdefault("id", "i")
    fields.setdefault("name", "I")
    return ci.Indicator(**fields)


class TestWorkedByHand:
    def test_the_worked_example(self) -> None:
        """docs/measurement.md "Worked example": baseline 40 (2021-09-01), target 55
        (2027-09-01), 42, 45, 46 and 49 yearly from 2022-09-01. t = 0, 1, 2 and 3 (years on
        the calendar: an annual indicator's 1 Septembers are a year apart); S_tt = 5,
        S_ty = 11, b = 2.2, a = 42.2, s = √(0.8 / 2) = 0.6325, forecast at t = 5 53.2 in
        53.2 ± 1.8856 × 0.6325 × √3.7 = [50.9060, 55.4940]: 49 < 55, 53.2 < 55 and 55.49 >= 55,
        at-risk; progress (49 - 40) / 15 = 0.6; completeness 5 / 5."""
        ind = _indicator(
            unit="percent",
            frequency="annual",
            baseline={"date": "2021-09-01", "value": 40},
            target={"date": "2027-09-01", "value": 55},
            observations=[
                {"date": f"{2022 + k}-09-01", "value": v} for k, v in enumerate([42, 45, 46, 49])
            ],
        )
        ref = check(ind, dt.date(2025, 9, 1))
        assert ref["status"] == "at-risk"
        assert ref["progress"] == pytest.approx(0.6)
        assert ref["completeness"] == 1.0
        assert ref["trend"]["slope"] == pytest.approx(2.2, rel=1e-12)
        half = stats.t.ppf(0.9, 2) * math.sqrt(0.4) * math.sqrt(3.7)
        assert ref["forecast"]["lower"] == pytest.approx(53.2 - half, rel=1e-12)
        assert ref["forecast"]["upper"] == pytest.approx(53.2 + half, rel=1e-12)
        assert ref["turn_the_curve"] is None

    def test_a_turn_of_the_curve_within_the_history_interval(self) -> None:
        """The worked example with history 37 (2019-09-01) and 38 (2020-09-01): the history
        37, 38, 40 at t = 0, 1, 2 (on the calendar) has b = 1.5, a = 36.8333, s = √(1/6) =
        0.4082 (above 1/sqrt(12) = 0.2887); forecast at 2025-09-01 (t = 6) 45.8333 ± 3.0777 ×
        0.4082 × 3.7193 = [41.1602, 50.5065]; 49 is within it: not turned, Δ = 3.1667."""
        ind = _indicator(
            frequency="annual",
            baseline={"date": "2021-09-01", "value": 40},
            target={"date": "2027-09-01", "value": 55},
            observations=[
                {"date": f"{2019 + k}-09-01", "value": v}
                for k, v in enumerate([37, 38, None, 42, 45, 46, 49])
                if v is not None
            ],
        )
        ttc = check(ind, dt.date(2025, 9, 1))["turn_the_curve"]
        assert ttc["turned"] is False
        assert ttc["difference"] == pytest.approx(3.1667, abs=1e-4)
        assert (ttc["lower"], ttc["upper"]) == pytest.approx((41.1602, 50.5065), abs=1e-4)

    def test_the_widening_example(self) -> None:
        """docs "Groups and disparity": low-income 35, 36.5, 37 and other 50, 52.5, 55 on
        1 September 2023-2025: gaps 15, 16, 18, b_D = 1.4987, s_D = 0.4099, S_tt = 2.0027,
        T = 5.1741, p = 0.0608 <= 0.1 in the unit; without one, values >= 0 take the square
        root too, of the values counted in tenths (their step): p_z = 0.0809, p = max(0.0608,
        0.0809), widening; as a percentage, p_z = 0.0655 and p = max(0.0608, 0.0655)."""
        obs = [
            {"date": f"{2023 + k}-09-01", "value": v, "group": g}
            for g, values in (("low-income", [35, 36.5, 37]), ("other", [50, 52.5, 55]))
            for k, v in enumerate(values)
        ]
        ind = _indicator(direction="increase", observations=obs)
        d = check(ind, dt.date(2025, 9, 1))["disparity"]
        assert d["stabilised_p_value"] == pytest.approx(0.0809, abs=1e-4)
        assert d["p_value"] == d["stabilised_p_value"]
        assert d["widening"]
        percent = check(attrs.evolve(ind, unit="percent"), dt.date(2025, 9, 1))["disparity"]
        assert percent["stabilised_p_value"] == pytest.approx(0.0655, abs=1e-4)
        assert percent["p_value"] == percent["stabilised_p_value"]
        assert percent["widening"]

    def test_a_revised_and_a_second_partners_report(self) -> None:
        """docs "A revised figure, a republished one": p files 44 on 2025-03-01, revised to 49
        on 2025-09-01; q files 48 on 2025-09-15: 2025's value is (49 + 48) / 2 = 48.5 on
        2025-09-15, for the trend and the latest value alike."""
        ind = _indicator(
            frequency="annual",
            baseline={"date": "2021-09-01", "value": 40},
            target={"date": "2027-09-01", "value": 55},
            observations=[
                *({"date": f"{2022 + k}-09-01", "value": v} for k, v in enumerate([42, 45, 46])),
                {"date": "2025-03-01", "value": 44, "reported_by": "p"},
                {"date": "2025-09-01", "value": 49, "reported_by": "p"},
                {"date": "2025-09-15", "value": 48, "reported_by": "q"},
            ],
        )
        ref = check(ind, dt.date(2025, 9, 30))
        assert (ref["latest_date"], ref["latest_value"]) == (dt.date(2025, 9, 15), 48.5)

    def test_the_targets_period(self) -> None:
        """docs "The target's period": p's 60 of 31 March and q's 80 of 30 September, one
        year's figures, against a target of 75 for 30 June: the year's value is each partner's
        latest report, averaged, (60 + 80) / 2 = 70 on 30 September, which misses it:
        off-track, a fact, never met. (Only q's 80, dated after the target date, was judged:
        met on 30 September.) Judged on 31 May, before the target date, the year's value (p's
        60) is no verdict yet: one value, no forecast, insufficient data."""
        ind = _indicator(
            frequency="annual",
            baseline={"date": "2020-06-30", "value": 50},
            target={"date": "2023-06-30", "value": 75},
            observations=[
                {"date": "2023-03-31", "value": 60, "reported_by": "p"},
                {"date": "2023-09-30", "value": 80, "reported_by": "q"},
            ],
        )
        ref = check(ind, dt.date(2023, 12, 31))
        assert (ref["status"], ref["latest_value"], ref["target_met_on"]) == ("off-track", 70, None)
        assert ref["target_date_observed"]
        ref = check(ind, dt.date(2023, 5, 31))
        assert (ref["status"], ref["target_date_observed"]) == ("insufficient-data", False)

    def test_who_filed_a_day_later_decides_nothing(self) -> None:
        """p reports 80 and q 72 for 2025 (annual; target 75 by 2025-06-30): (80 + 72) / 2 = 76
        whichever of them filed a day before the target date and which a day after; met on the
        period's latest date, 1 July (it was 72, off-track, or 80, met)."""
        for p_day, q_day in (("2025-06-29", "2025-07-01"), ("2025-07-01", "2025-06-29")):
            ind = _indicator(
                frequency="annual",
                baseline={"date": "2022-06-30", "value": 60},
                target={"date": "2025-06-30", "value": 75},
                observations=[
                    {"date": p_day, "value": 80, "reported_by": "p"},
                    {"date": q_day, "value": 72, "reported_by": "q"},
                ],
            )
            ref = check(ind, dt.date(2025, 12, 31))
            assert (ref["status"], ref["latest_value"]) == ("met", 76)
            assert (ref["target_met_on"], ref["met_late"]) == (dt.date(2025, 7, 1), False)

    def test_a_target_missed_before_its_date_and_met_a_year_late(self) -> None:
        """Annual, reported each 1 September; target 75 by 2025-12-31; 2025's 74 misses it:
        judged on 2025-10-01 the forecast still judges (the date has not come), of 2025's
        figure at 2025-09-01, where the line through 62, 67 and 74 gives 73.67 < 75 (`at-risk`;
        the line at 2025-12-31, four months past it, gave 75.67, `on-track`); on 2026-06-30 the
        target was missed; 2026's 76 meets it, a year late (met on 2026-09-01)."""
        ind = _indicator(
            frequency="annual",
            baseline={"date": "2022-09-01", "value": 56},
            target={"date": "2025-12-31", "value": 75},
            observations=[
                {"date": f"{y}-09-01", "value": v, "reported_by": "p"}
                for y, v in ((2023, 62), (2024, 67), (2025, 74), (2026, 76))
            ],
        )
        ref = check(ind, dt.date(2025, 10, 1))
        assert (ref["status"], ref["target_date_observed"]) == ("at-risk", False)
        assert ref["forecast"]["date"] == dt.date(2025, 9, 1)
        assert ref["forecast"]["value"] == pytest.approx(73.67, abs=0.01)
        ref = check(ind, dt.date(2026, 6, 30))
        assert (ref["status"], ref["target_date_unreported"]) == ("off-track", False)
        assert ref["forecast"] is None
        ref = check(ind, dt.date(2026, 9, 1))
        assert (ref["status"], ref["target_met_on"], ref["met_late"]) == (
            "met",
            dt.date(2026, 9, 1),
            True,
        )
        # with as_of=None only a value dated on or after the target date settles it
        assert check(ind, None)["status"] == "met"

    def test_completeness_of_a_running_period(self) -> None:
        """docs "Completeness": annual, reported every September from a 2021 baseline to 2024,
        judged on 2 January 2025: 4 periods reported, P(as_of) - P(start) = 4 and 2025 not
        yet reported: 4 / 4 = 1; freshness 2025-01-02 - 2024-09-01 = 123 days."""
        ind = _indicator(
            frequency="annual",
            baseline={"date": "2021-09-01", "value": 40},
            observations=[{"date": f"{y}-09-01", "value": 41} for y in (2022, 2023, 2024)],
        )
        ref = check(ind, dt.date(2025, 1, 2))
        assert ref["completeness"] == 1.0
        assert ref["freshness_days"] == 123

    def test_a_constant_gap_typed_with_one_decimal(self) -> None:
        """docs "The widening test": 30.0 ... 30.3 against 40.3 ... 40.6 on four yearly dates
        give gaps of 10.299999999999997 and 10.3, scattered by ~1e-15: within
        ε = 2^-42 × 40.6 of an exact line, but values typed in tenths are known to 0.1/√12,
        and a gap of two single reports to 0.1/√12/√(1/2) = 0.0408, which is s_D > ε; and
        (b - 0) sqrt(S_tt) is no more than ε, a slope of 0 up to rounding: T = 0, p = 1/2
        exactly, not widening."""
        obs = [
            ci.Observation(date=dt.date(2020 + k, 6, 30), value=v, group=g)
            for g, values in (("x", [30.0, 30.1, 30.2, 30.3]), ("y", [40.3, 40.4, 40.5, 40.6]))
            for k, v in enumerate(values)
        ]
        d = check(_indicator(direction="increase", observations=obs), dt.date(2023, 6, 30))
        # T = 0 in the unit (p = 1/2); on the square-root scale the gap shrinks: p the larger
        assert d["disparity"]["p_value"] == max(0.5, d["disparity"]["stabilised_p_value"])
        assert not d["disparity"]["widening"]

    def test_the_same_groups_on_every_date(self) -> None:
        """docs "Groups and disparity": a at 50 + k, b at 40 + k (k = 0 ... 5), c at 30 + k from
        k = 3: the groups compared are a, b and c, on the three dates all report; the gaps are
        20, 20 and 20, an exact line of slope 0 between whole numbers, whose s_D is the floor
        of their rounding (1/√12/√(1/2) = 0.408): T = 0, p = 1/2, not widening."""
        obs = [
            ci.Observation(date=dt.date(2020 + k, 1, 1), value=start + k, group=g)
            for g, start, first in (("a", 50.0, 0), ("b", 40.0, 0), ("c", 30.0, 3))
            for k in range(first, 6)
        ]
        d = check(_indicator(direction="decrease", observations=obs), dt.date(2025, 1, 1))
        d = d["disparity"]
        p = max(0.5, d["stabilised_p_value"])  # T = 0 in the unit; the square root's larger
        assert (d["groups"], d["n"], d["gap"], d["p_value"]) == (["a", "b", "c"], 3, 20.0, p)
        assert (d["best"], d["worst"]) == (["c"], ["a"])

    def test_weights_of_reports_that_thin_out_and_tie(self) -> None:
        """docs "Reports that thin out": gaps 10, 12, 0 and 15 on four yearly dates, a reported
        by p, q and r, b by p alone, then by p and q on the third date, where a and b tie: the
        weights are 1 / (1/3 + 1/1) = 0.75 on the first, second and fourth dates and, the two
        largest counts of a tie, 1 / (1/3 + 1/2) = 1.2 on the third: the weighted line and
        its test."""
        obs = []
        for k, (a, b) in enumerate([(50.0, 40.0), (52.0, 40.0), (45.0, 45.0), (55.0, 40.0)]):
            day = dt.date(2020 + k, 1, 1)
            obs += [ci.Observation(date=day, value=a, group="a", reported_by=w) for w in "pqr"]
            obs += [
                ci.Observation(date=day, value=b, group="b", reported_by=w)
                for w in ("pq" if k == 2 else "p")
            ]
        check(_indicator(direction="increase", observations=obs), dt.date(2023, 1, 1))

    def test_a_tie_on_paper_weighs_the_largest_count(self) -> None:
        """docs "Reports that thin out": a's mean of 10.2 and 10.6 (2 reports) is
        10.399999999999999, tied on paper with b's 10.4 (1 report): the tie takes a's count,
        2, as a mean of 10.3 and 10.5 does (b's 1 made p = 0.0976, widening, for 0.1059; the
        square-root scale counts the values in tenths, their step, since: 0.1088)."""
        day = [dt.date(y, 6, 30) for y in (2020, 2021, 2022, 2023)]
        a = ((8.0, 8.2), (8.9, 9.1), (9.4, 9.6), (10.2, 10.6))
        obs = [
            ci.Observation(date=d, value=v, group="a", reported_by=who)
            for d, pair in zip(day, a, strict=True)
            for who, v in zip("pq", pair, strict=True)
        ]
        for group, who, values in (
            ("b", "r", (7.5, 8.1, 8.6, 10.4)),
            ("c", "s", (5, 5.1, 4.2, 5.5)),
        ):
            obs += [
                ci.Observation(date=d, value=v, group=group, reported_by=who)
                for d, v in zip(day, values, strict=True)
            ]
        d = check(_indicator(direction="increase", observations=obs), None)["disparity"]
        assert (round(d["p_value"], 4), d["widening"]) == (0.1088, False)

    def test_the_groups_begin_with_the_baselines_period(self) -> None:
        """docs "Time, series and the date of judgement": an annual baseline dated 1 September
        2021 is 2021's figure, and p's report of group a for 30 June 2021 is of that figure
        too: a is (30 + 50)/2 = 40 in 2021 (it was q's 50 alone), gaps 20, 21, 22."""
        obs = []
        for k in range(3):
            june, october = dt.date(2021 + k, 6, 30), dt.date(2021 + k, 10, 1)
            obs += [
                ci.Observation(date=june, value=30.0 + k, group="a", reported_by="p"),
                ci.Observation(date=october, value=50.0 + k, group="a", reported_by="q"),
                ci.Observation(date=june, value=20.0, group="b", reported_by="p"),
                ci.Observation(date=october, value=20.0, group="b", reported_by="q"),
            ]
        ind = _indicator(
            direction="increase",
            frequency="annual",
            baseline={"date": "2021-09-01", "value": 30.0},
            observations=obs,
        )
        ref = check(ind, dt.date(2024, 1, 1))
        assert ref["groups"]["a"]["n"] == 3
        assert ref["disparity"]["widening"] is True

    def test_a_mean_that_meets_its_target_on_paper(self) -> None:
        """docs "Rounding never decides a status": 10.2 and 10.6 on one date have the mean
        10.399999999999999, which meets a target of 10.4 (within 2^-42 × 10.4): met, with a
        progress of (10.4 - 9) / (10.4 - 9) = 1 up to rounding."""
        day = dt.date(2021, 1, 1)
        ind = _indicator(
            baseline={"date": "2020-01-01", "value": 9.0},
            target={"date": "2030-01-01", "value": 10.4},
            observations=[
                ci.Observation(date=day, value=10.2, reported_by="p"),
                ci.Observation(date=day, value=10.6, reported_by="q"),
            ],
        )
        ref = check(ind, day)
        assert ref["status"] == "met"
        assert ref["progress"] == pytest.approx(1.0)

    def test_a_history_weighed_by_its_reporters(self) -> None:
        """docs "Turning the curve": 10 by p, then 9, 12 and 14 by p, q and r (11.6667, 3
        reporters), 13 by p and q, the baseline 16 (weight the mean, 2), a latest value of 19
        by p alone (w0 = 1/2): the weighted line and the interval of a value of half the
        history's mean reports."""
        d = [dt.date(2000 + 2 * k, 1, 1) for k in range(5)]
        obs = [ci.Observation(date=d[0], value=10.0, reported_by="p")]
        obs += [
            ci.Observation(date=d[1], value=v, reported_by=w)
            for w, v in zip("pqr", (9.0, 12.0, 14.0), strict=True)
        ]
        obs += [ci.Observation(date=d[2], value=13.0, reported_by=w) for w in "pq"]
        obs += [ci.Observation(date=d[4], value=19.0, reported_by="p")]
        ind = _indicator(
            direction="increase",
            baseline={"date": d[3].isoformat(), "value": 16.0},
            observations=obs,
        )
        ttc = check(ind, d[4])["turn_the_curve"]
        assert ttc["turned"] is not None

    def test_a_history_on_an_exact_line_kept_to_full_precision(self) -> None:
        """docs "Turning the curve": 1/3 and 2/3 four years apart and a baseline of 1 four
        years later forecast 4/3 at the latest date, with an interval of rounding width
        (1/3 keeps 15 digits: no rounding floor); a latest value of 4/3 is not beyond it."""
        ind = _indicator(
            direction="increase",
            baseline={"date": "2028-01-01", "value": 1.0},
            observations=[
                ci.Observation(date=dt.date(2020, 1, 1), value=1 / 3),
                ci.Observation(date=dt.date(2024, 1, 1), value=2 / 3),
                ci.Observation(date=dt.date(2032, 1, 1), value=4 / 3),
            ],
        )
        ttc = check(ind, dt.date(2032, 1, 1))["turn_the_curve"]
        assert ttc["forecast_at_latest"] == pytest.approx(4 / 3)
        assert ttc["turned"] is False


class TestARowEnteredTwice:
    """A row entered twice is one report, with a frequency or without (docs/measurement.md,
    "Repeated dates are combined"). Without a frequency the engine averaged the rows: a
    disagreement this reference found, now mended."""

    def test_a_row_entered_twice_without_a_frequency(self) -> None:
        """p's 10 entered twice and q's 20 on one date, no ``frequency``: the same report
        twice is one report, so the date's value is (10 + 10) / 2 = 10 for p, and
        (10 + 20) / 2 = 15 in all (as it is with a frequency); the engine gave
        (10 + 10 + 20) / 3 = 13.33, and the group's value and the gap alike."""
        day = dt.date(2024, 1, 1)
        rows = [("p", 10.0), ("p", 10.0), ("q", 20.0)]
        ind = _indicator(
            observations=[
                *(ci.Observation(date=day, value=v, reported_by=w) for w, v in rows),
                *(ci.Observation(date=day, value=v, reported_by=w, group="a") for w, v in rows),
                ci.Observation(date=day, value=0.0, group="b"),
            ]
        )
        assert reference_measurement(ind, day)["latest_value"] == 15.0
        check(ind, day)
        assert ci.measure_indicator(ind, as_of=day).latest_value == 15.0
        annual = attrs.evolve(ind, frequency=ci.Frequency.ANNUAL)
        assert ci.measure_indicator(annual, as_of=day).latest_value == 15.0


# --------------------------------------------------------------------- drawn indicators

_GROUPS = ("a", "b", "c", "A ")
_VALUES = st.one_of(
    st.integers(0, 100).map(float),
    st.integers(0, 1000).map(lambda v: v / 10),
    st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False).map(
        lambda v: v if abs(v) >= 1e-15 else 0.0
    ),
)


@st.composite
def designed(draw: st.DrawFn) -> tuple[ci.Indicator, dt.date | None, ci.ScoringConfig]:
    """An indicator whose observations cluster around its baseline: before it, on its date, in
    its period, after it, by up to three reporters and a few groups; a target (or none) on
    either side with a consistent direction; ``as_of`` before, within or after the data."""
    frequency = draw(st.sampled_from([None, "annual", "quarterly", "monthly"]))
    base_day = BASE_DAY + dt.timedelta(days=draw(st.integers(0, 400)))
    has_baseline = draw(st.booleans()) or draw(st.booleans())
    step = {None: 365, "annual": 365, "quarterly": 91, "monthly": 30}[frequency]
    offsets = st.one_of(
        st.integers(-4, 6).map(lambda k: k * step),  # on the grid: the baseline's date too
        st.integers(-4 * step, 6 * step),
        st.integers(0, 40),  # in the baseline's period, often
    )
    noisy = st.integers(-3, 3)
    level = draw(st.integers(20, 70))
    slope = draw(st.sampled_from([-3, -1, 0, 1, 2, 5]))
    group_level = {None: 0, "a": 0, "b": -10, "c": -20, "A ": 0}
    group_slope = {g: draw(st.sampled_from([0, 0, 1, 2, -1])) for g in ("a", "b", "c")}
    group_slope.update({None: 0, "A ": group_slope["a"]})
    tenths = draw(st.booleans())

    def on_line(k: float, group: str | None, noise: int) -> float:
        value = level + group_level[group] + (slope + group_slope[group]) * k + noise / 2
        return round(value, 1) if tenths else float(round(value))

    # dates on a grid of reporting periods, several series and reporters on each
    rows = []
    grid = st.lists(st.integers(-3, 8), unique=True, min_size=draw(st.integers(0, 6)), max_size=11)
    for k in draw(grid):
        jitter = draw(st.sampled_from([0, 0, 0, 2, 20]))
        for group in draw(st.lists(st.sampled_from(list(group_level)), unique=True, max_size=4)):
            for who in draw(st.lists(st.sampled_from([None, "p", "q"]), min_size=1, max_size=2)):
                late = draw(st.sampled_from([0, 0, 1, 5]))  # a later report of the period
                rows.append((k * step + jitter + late, on_line(k, group, draw(noisy)), who, group))
    # and a few anywhere, of any value
    rows += draw(
        st.lists(
            st.tuples(
                offsets,
                _VALUES,
                st.sampled_from([None, "p", "q"]),
                st.one_of(st.none(), st.sampled_from(_GROUPS)),
            ),
            max_size=4,
        )
    )
    first: dict[tuple[dt.date, str | None, str | None], float] = {}
    observations = []
    for offset, value, who, group in rows:
        day = base_day + dt.timedelta(days=offset)
        key = (day, who, None if group is None else group.strip().casefold())
        value = first.setdefault(key, value)  # the model refuses two values of one key
        observations.append(ci.Observation(date=day, value=value, reported_by=who, group=group))
    base_value = draw(st.one_of(st.integers(-3, 3).map(lambda e: on_line(0, None, e)), _VALUES))
    fields: dict[str, Any] = {}
    if has_baseline:
        fields["baseline"] = ci.DatedValue(date=base_day, value=base_value)
    direction = draw(st.sampled_from([None, "increase", "decrease"]))
    if draw(st.integers(0, 3)) > 0:
        target_day = base_day + dt.timedelta(days=draw(st.integers(1, 10 * step)))
        if has_baseline and frequency is not None:  # the model refuses a target of its period
            period = ci.Frequency(frequency).period
            while period(target_day) == period(base_day):
                target_day += dt.timedelta(days=step)
        ahead = (target_day - base_day).days / step
        target_value = draw(
            st.one_of(*[st.integers(-6, 6).map(lambda e: on_line(ahead, None, e))] * 3, _VALUES)
        )
        if has_baseline:
            if abs(target_value - base_value) < 1e-6 * max(1.0, abs(base_value)):
                target_value = base_value + 1
            if direction is not None:
                direction = "increase" if target_value > base_value else "decrease"
        elif direction is None:
            direction = draw(st.sampled_from(["increase", "decrease"]))
        fields["target"] = ci.DatedValue(date=target_day, value=target_value)
    if direction is not None:
        fields["direction"] = direction
    unit = draw(
        st.sampled_from(
            [
                None,
                "percent",
                " Per Cent",
                "proportion",
                "people",
                "% of students",
                "percent change",
                "percent_of_students",
                "% pts",
                "%ile",
                "Pourcentage",
                "percent per year",
                "share of households",
            ]
        )
    )
    indicator = ci.Indicator(
        id="i",
        name="I",
        unit=unit,
        frequency=frequency,
        observations=observations,
        **fields,
    )
    dates = [o.date for o in observations] + [base_day]
    as_of = draw(
        st.one_of(
            st.none(),
            st.just(max(dates)),
            st.just(max(dates)),
            st.sampled_from(sorted(dates)),
            st.integers(-5 * step, 9 * step).map(lambda k: base_day + dt.timedelta(days=k)),
        )
    )
    config = draw(
        st.one_of(
            st.just(ci.ScoringConfig()),
            st.builds(
                ci.ScoringConfig,
                prediction_level=st.sampled_from([0.5, 0.8, 0.95]),
                stale_after_periods=st.sampled_from([1.0, 2.0, 3.5]),
                stale_after_days=st.sampled_from([200.0, 730.0]),
                widening_threshold=st.sampled_from([0.0, 0.5]),
                disparity_level=st.sampled_from([0.05, 0.1, 0.3]),
            ),
        )
    )
    return indicator, as_of, config


@st.composite
def forecast_designs(draw: st.DrawFn) -> tuple[ci.Indicator, dt.date, ci.ScoringConfig]:
    """A baseline, 2 to 6 values on a line with noise after it (some partners revising their
    figure), a target beyond the data close to the line's value there, judged on the last
    value or later, past the target date too: the forecast decides the status (rules 6 to 9)."""
    frequency = draw(st.sampled_from([None, "annual", "quarterly", "monthly"]))
    step = {None: 365, "annual": 365, "quarterly": 91, "monthly": 30}[frequency]
    base_day = BASE_DAY + dt.timedelta(days=draw(st.integers(0, 60)))
    level = draw(st.integers(10, 80))
    slope = draw(st.sampled_from([-2.0, -0.5, 0.5, 1.0, 3.0]))
    scale = draw(st.sampled_from([1.0, 0.1, 100.0, 1e-9]))
    noise = draw(st.sampled_from([0.0, 0.3, 1.0, 2.0]))
    n = draw(st.integers(2, 6))
    observations = []
    for k in range(1, n + 1):
        value = round(level + slope * k + noise * draw(st.floats(-1.5, 1.5)), 1) * scale
        day = base_day + dt.timedelta(days=k * step)
        if draw(st.integers(0, 4)) == 0:  # a preliminary figure, revised later in the period
            early = round(value / scale + draw(st.integers(-3, 3))) * scale
            observations.append(ci.Observation(date=day, value=early, reported_by="p"))
            day = day + dt.timedelta(days=1)
        observations.append(ci.Observation(date=day, value=value, reported_by="p"))
    ahead = n + draw(st.integers(1, 4))
    on_line = level + slope * ahead
    target = round(on_line + draw(st.floats(-3, 3)), 2) * scale
    base = level * scale
    if abs(target - base) < 1e-6 * scale:
        target = base + scale
    indicator = ci.Indicator(
        id="i",
        name="I",
        frequency=frequency,
        baseline=ci.DatedValue(date=base_day, value=base),
        target=ci.DatedValue(date=base_day + dt.timedelta(days=ahead * step), value=target),
        observations=observations,
    )
    last = max(o.date for o in observations)
    as_of = last + dt.timedelta(days=draw(st.sampled_from([0, 10, step * (ahead - n) + 5])))
    level_ = draw(st.sampled_from([0.8, 0.5, 0.95]))
    return indicator, as_of, ci.ScoringConfig(prediction_level=level_)


@st.composite
def target_period_designs(draw: st.DrawFn) -> tuple[ci.Indicator, dt.date | None]:
    """One to five periods after the baseline, each reported by one to three reporters a few
    days apart; a target dated inside one of them (before, between or after its reports) or
    in the next, near the line; judged before, on or after the target date, on the last
    report, around the last day of the target's period (the day before, on it, the day
    after), or with ``as_of=None``: the value of the target's period, rule 5 (once the period
    has ended), ``target_date_unreported``, ``target_met_on`` and ``met_late`` (docs "The
    target's period", "The target date passing is not a verdict")."""
    frequency = draw(st.sampled_from([None, "annual", "quarterly", "monthly"]))
    step = {None: 365, "annual": 365, "quarterly": 91, "monthly": 30}[frequency]
    spread = 10 if frequency == "monthly" else 20
    base_day = BASE_DAY  # 2020-01-01: step + 1 days on is the next period, whatever the step
    level = draw(st.integers(20, 60))
    slope = draw(st.sampled_from([-2, -1, 1, 2, 3]))
    n = draw(st.integers(1, 5))
    observations = []
    for k in range(1, n + 1):
        start = base_day + dt.timedelta(days=k * step + 5)
        who = draw(st.lists(st.sampled_from(["p", "q", None]), min_size=1, max_size=3, unique=True))
        for reporter in who:
            day = start + dt.timedelta(days=draw(st.integers(0, spread)))
            value = float(level + slope * k + draw(st.integers(-3, 3)))
            observations.append(ci.Observation(date=day, value=value, reported_by=reporter))
    k = draw(st.integers(1, n + 1))
    target_day = base_day + dt.timedelta(days=k * step + 5 + draw(st.integers(-4, spread + 4)))
    target = float(level + slope * k + draw(st.integers(-4, 4)))
    if target == level:
        target += slope
    indicator = ci.Indicator(
        id="i",
        name="I",
        frequency=frequency,
        baseline=ci.DatedValue(date=base_day, value=float(level)),
        target=ci.DatedValue(date=target_day, value=target),
        observations=observations,
    )
    last = max(o.date for o in observations)
    # the last day of the target's period, and the day after: its value is final from then on
    period_end = target_day if frequency is None else Frequency(frequency).last_day(target_day)
    as_of = draw(
        st.one_of(
            st.none(),
            st.just(last),
            st.just(target_day),
            st.integers(-30, -1).map(lambda d: target_day + dt.timedelta(days=d)),
            st.integers(1, 2 * step).map(lambda d: target_day + dt.timedelta(days=d)),
            st.integers(-1, 1).map(lambda d: period_end + dt.timedelta(days=d)),
        )
    )
    return indicator, as_of


class TestAgainstTheReference:
    @settings(max_examples=examples(600))
    @given(target_period_designs())
    def test_targets_periods(self, drawn: tuple[ci.Indicator, dt.date | None]) -> None:
        """A target dated among the reports of a period: every documented field of the
        engine's measurement equals the reference's."""
        check(*drawn)

    @settings(max_examples=examples(1200))
    @given(designed())
    def test_designed(self, drawn: tuple[ci.Indicator, dt.date | None, ci.ScoringConfig]) -> None:
        """Indicators with data around the baseline: every documented field of the engine's
        measurement equals the reference's."""
        indicator, as_of, config = drawn
        check(indicator, as_of, config)

    @settings(max_examples=examples(600))
    @given(
        st.lists(st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)), min_size=1, max_size=8),
        st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31)),
        st.sampled_from([None, *Frequency]),
    )
    def test_where_the_forecast_is_made(
        self, dates: list[dt.date], target: dt.date, frequency: Frequency | None
    ) -> None:
        """``forecast_date`` on any dates, target and frequency (points of the target's
        period before, on and after where the others place its figure, periods of 28 to 366
        days) is the reference's ``forecast_day``."""
        months = None if frequency is None else frequency.months
        assert forecast_date(target, dates, frequency) == forecast_day(target, dates, months)

    def test_the_reviewers_cases(self) -> None:
        """The two cases of the fresh-eyes review of ``forecast_date``, on the reference: 2025's
        73.5 of 1 February beside 1 September's 63, 67, 71 is judged where 2025's figure
        sits, 1 September (at 1 February, off-track), and is itself 2025's figure so far, a
        point at 2025's place, 1 September: t = 0, 1, 2, 3, slope S_ty / S_tt = 17.75 / 5 =
        3.55, the line at t = 3 63.3 + 10.65 = 73.95, s = sqrt(0.675 / 2) = 0.5809, upper
        73.95 + 1.8856 * 0.5809 * sqrt(1 + 1/4 + 2.25/5) = 75.378 >= 75: at-risk (sat at 1
        February, it lifted the line to 75.62 at 1 September, on-track); quarter-end
        figures place the third quarter's figure on 30 September (55.9902 >= 55.99, on-track;
        29 September gave at-risk)."""
        ind = _indicator(
            frequency="annual",
            baseline={"date": "2021-09-01", "value": 59},
            target={"date": "2025-12-31", "value": 75},
            observations=[
                {"date": d, "value": v}
                for d, v in (
                    ("2022-09-01", 63),
                    ("2023-09-01", 67),
                    ("2024-09-01", 71),
                    ("2025-02-01", 73.5),
                )
            ],
        )
        ref = check(ind, dt.date(2025, 2, 15))
        assert (ref["forecast"]["date"], ref["status"]) == (dt.date(2025, 9, 1), "at-risk")
        assert ref["forecast"]["value"] == pytest.approx(73.95, abs=1e-9)
        assert ref["forecast"]["upper"] == pytest.approx(75.378, abs=1e-3)
        ind = _indicator(
            frequency="quarterly",
            baseline={"date": "2022-12-31", "value": 49},
            target={"date": "2024-09-30", "value": 55.99},
            observations=[
                {"date": d, "value": v}
                for d, v in (
                    ("2023-03-31", 50),
                    ("2023-06-30", 51),
                    ("2023-09-30", 52),
                    ("2023-12-31", 53),
                )
            ],
        )
        ref = check(ind, dt.date(2024, 1, 5))
        assert (ref["forecast"]["date"], ref["status"]) == (dt.date(2024, 9, 30), "on-track")

    @settings(max_examples=examples(600))
    @given(forecast_designs())
    def test_forecasts(self, drawn: tuple[ci.Indicator, dt.date, ci.ScoringConfig]) -> None:
        """Values on a line after the baseline, a target beyond them near the line: the
        forecast, its interval (never narrower than the values' rounding, in any unit) and the
        status the reference gives."""
        check(*drawn)

    @given(initiatives())
    def test_every_indicator_of_an_initiative(self, init: ci.Initiative) -> None:
        """:func:`collective_impact.measurement` on the date of judgement by default: the
        file's ``as_of``, else the latest observation or baseline of any indicator, else none
        (docs "Time, series and the date of judgement"); a record per indicator, in initiative
        order, on the agenda when a goal lists it."""
        days = [o.date for i in init.indicators for o in i.observations]
        days += [i.baseline.date for i in init.indicators if i.baseline is not None]
        as_of = init.as_of if init.as_of is not None else max(days, default=None)
        records = ci.measurement(init)
        assert [m.indicator for m in records] == [i.id for i in init.indicators]
        listed = {i for goal in init.goals for i in goal.indicators}
        for m, indicator in zip(records, init.indicators, strict=True):
            assert m.on_agenda == (indicator.id in listed)
            compare(m, reference_measurement(indicator, as_of))

    @given(initiatives(), st.data())
    def test_every_indicator_with_an_as_of_argument(
        self, init: ci.Initiative, data: st.DataObject
    ) -> None:
        """:func:`collective_impact.measurement` with ``as_of`` given (on, next to or between
        the initiative's dates, or far from them): every indicator judged on that date, whatever
        the file states."""
        as_of = data.draw(as_of_arguments(init))
        records = ci.measurement(init, as_of=as_of)
        assert [m.indicator for m in records] == [i.id for i in init.indicators]
        for m, indicator in zip(records, init.indicators, strict=True):
            compare(m, reference_measurement(indicator, as_of))

    @settings(max_examples=examples(400))
    @given(indicators(reporters=["p", "q"], max_observations=8), st.data())
    def test_generated(self, indicator: ci.Indicator, data: st.DataObject) -> None:
        """The library's own generated indicators (dates over 2015-2035, any values), judged
        on one of their dates or on none."""
        days = [o.date for o in indicator.observations]
        if indicator.baseline is not None:
            days.append(indicator.baseline.date)
        as_of = data.draw(st.one_of(st.none(), st.sampled_from(days)) if days else st.none())
        check(indicator, as_of)


class TestStalenessOnTheCalendar:
    """``fresh_until`` (docs "Completeness and freshness": ``stale_after_periods`` counted in
    calendar months, the fraction in the days of the month after them) against the reference's
    own reading of the page, :func:`reference.stale_on`, on the boundary itself: any date of
    the calendar, any frequency, whole and fractional periods."""

    @settings(max_examples=examples(1500))
    @given(
        st.dates(),
        st.sampled_from([None, "annual", "quarterly", "monthly"]),
        st.one_of(
            st.sampled_from([0.5, 0.7, 1.0, 2.0, 2.5, 3.5, 1 / 3, 1e-9]),
            st.floats(1e-6, 40.0),
        ),
        st.sampled_from([730.0, 90.5, 1.0, 1e15]),
    )
    def test_the_last_fresh_day(
        self, day: dt.date, frequency: str | None, periods: float, days: float
    ) -> None:
        """Fresh on the engine's last day, stale the day after, as the reference judges."""
        config = ci.ScoringConfig(stale_after_periods=periods, stale_after_days=days)
        indicator = ci.Indicator(id="i", name="I", frequency=frequency)
        months = None if frequency is None else Frequency(frequency).months
        last = fresh_until(indicator, day, config)
        assert last >= day
        assert not stale_on(day, last, months, config)
        if last < dt.date.max:
            assert stale_on(day, last + dt.timedelta(days=1), months, config)

    @settings(max_examples=examples(300))
    @given(
        st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
        st.sampled_from(["annual", "quarterly", "monthly"]),
        st.sampled_from([0.5, 1.0, 2.0, 2.5, 3.5]),
        st.integers(-1, 1),
    )
    def test_the_record_on_the_boundary(
        self, day: dt.date, frequency: str, periods: float, shift: int
    ) -> None:
        """A baseline and one whole-population value, and a group's value a day later, judged
        around the value's last fresh day: every documented field equals the reference's
        (``stale``, ``series_stale`` and the disparity's ``stale`` among them)."""
        config = ci.ScoringConfig(stale_after_periods=periods)
        start = day - dt.timedelta(days=800)
        indicator = ci.Indicator(
            id="i",
            name="I",
            frequency=frequency,
            direction="increase",
            baseline=ci.DatedValue(date=start, value=10.0),
            target=ci.DatedValue(date=day + dt.timedelta(days=3000), value=20.0),
            observations=[
                ci.Observation(date=start, value=8.0, group="a"),
                ci.Observation(date=start, value=9.0, group="b"),
                ci.Observation(date=day, value=12.0),
                ci.Observation(date=day, value=11.0, group="a"),
                ci.Observation(date=day, value=13.0, group="b"),
            ],
        )
        as_of = fresh_until(indicator, day, config) + dt.timedelta(days=shift)
        ref = check(indicator, as_of, config)
        assert ref["stale"] is (shift > 0)
