"""Tests of :mod:`collective_impact.plotting`: what each plot draws."""

from __future__ import annotations

import datetime as dt
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

import collective_impact as ci  # noqa: E402
from collective_impact._text import score_text  # noqa: E402
from collective_impact.analysis.network import tie_graph  # noqa: E402
from collective_impact.errors import CollectiveImpactError  # noqa: E402
from collective_impact.plotting import (  # noqa: E402
    GAP_COLOR,
    SECTOR_COLORS,
    MissingDependencyError,
    flagged_partner_pairs,
    plot_conditions,
    plot_gap_heatmap,
    plot_indicator,
    plot_network,
)
from reference_measurement import calendar_years, month_last_convention, period_of  # noqa: E402
from test_htmlreport import REPORTED_BY, TWO_REPORTS_A_YEAR  # noqa: E402  (the charts' case)


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def c2c() -> ci.Initiative:
    return ci.load_example("cradle-to-career")


@pytest.fixture(scope="module")
def c2c_assessment(c2c: ci.Initiative) -> ci.Assessment:
    return ci.assess(c2c)


# ----------------------------------------------------------------------------- network


def _node_collections(ax: plt.Axes) -> list[PathCollection]:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def test_network_nodes_one_scatter_per_sector(
    c2c: ci.Initiative, c2c_assessment: ci.Assessment
) -> None:
    ax = plot_network(c2c, assessment=c2c_assessment)
    nodes = _node_collections(ax)
    sectors = {p.sector.value for p in c2c.partners}
    assert {c.get_label() for c in nodes} == sectors
    assert sum(len(c.get_offsets()) for c in nodes) == len(c2c.partners)
    for c in nodes:
        sector = c.get_label()
        expected = sum(p.sector.value == sector for p in c2c.partners)
        assert len(c.get_offsets()) == expected
        assert {to_hex(fc) for fc in c.get_facecolors()} == {SECTOR_COLORS[sector]}
    legend = ax.get_legend()
    assert legend is not None
    assert sectors <= {t.get_text() for t in legend.get_texts()}
    # node labels are the ids
    assert {t.get_text() for t in ax.texts} == {p.id for p in c2c.partners}


def _dashed_pairs(ax: plt.Axes, pos_of: dict[tuple[float, float], str]) -> set[tuple[str, ...]]:
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    dashed = [c for c in lines if c.get_label() == "coordination gap"]
    return {
        tuple(sorted(pos_of[tuple(np.round(point, 9))] for point in segment))
        for c in dashed
        for segment in c.get_segments()
    }


def _positions(ax: plt.Axes, init: ci.Initiative) -> dict[tuple[float, float], str]:
    """Map each node's plotted position back to its partner id (by sector scatter).

    The partners are drawn in the order of their ids, whatever the file's."""
    out: dict[tuple[float, float], str] = {}
    for c in _node_collections(ax):
        ids = sorted(p.id for p in init.partners if p.sector.value == c.get_label())
        for pid, xy in zip(ids, c.get_offsets(), strict=True):
            out[tuple(np.round(np.asarray(xy, dtype=float), 9))] = pid
    return out


def test_flagged_pairs_of_conflicts_pair_the_pusher_with_each_opponent() -> None:
    """z (led by pz) works against i, which x (px) and y (py) both help: the pairs
    are pz–px and pz–py, never px–py (x and y work together, not against each other)."""
    init = ci.Initiative(
        name="Against",
        partners=[ci.Partner(id=p, name=p, sector="nonprofit") for p in ("px", "py", "pz")],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        indicators=[ci.Indicator(id="i", name="I")],
        activities=[
            ci.Activity(id=a, name=a, partners=[f"p{a}"], contributes={"i": c})
            for a, c in (("x", 0.5), ("y", 0.5), ("z", -0.5))
        ],
    )
    result = ci.assess(init)
    assert flagged_partner_pairs(result, ("conflicting-activities",)) == {
        ("px", "pz"),
        ("py", "pz"),
    }


def test_network_flagged_pairs_dashed(c2c: ci.Initiative, c2c_assessment: ci.Assessment) -> None:
    flagged = flagged_partner_pairs(c2c_assessment)
    expected = {
        tuple(sorted(g.subjects))
        for g in c2c_assessment.gaps_by(code="uncoordinated-interdependence")
    }
    assert flagged == expected  # the default is the coordination gaps only

    ax = plot_network(c2c, assessment=c2c_assessment, labels=False)
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    dashed = [c for c in lines if c.get_label() == "coordination gap"]
    solid = [c for c in lines if c.get_label() == "tie"]
    assert len(dashed) == 1
    assert len(solid) == 1
    (_offset, pattern), *_ = dashed[0].get_linestyle()
    assert pattern is not None  # a dash pattern, not a solid line
    assert solid[0].get_linestyle()[0][1] is None
    assert len(dashed[0].get_segments()) == len(flagged)
    assert _dashed_pairs(ax, _positions(ax, c2c)) == expected
    assert {to_hex(c) for c in dashed[0].get_colors()} == {GAP_COLOR}
    # every tie is solid, with width 0.5 + 3 * strength (in id order), a flagged pair's too
    graph = tie_graph(c2c_assessment.analysed)
    strengths = [d["strength"] for _u, _v, d in graph.edges(data=True)]
    assert len(solid[0].get_segments()) == len(strengths)
    np.testing.assert_allclose(solid[0].get_linewidths(), [0.5 + 3 * s for s in strengths])
    assert len(ax.texts) == 0


def test_network_no_gap_line_between_coordinated_partners(c2c: ci.Initiative) -> None:
    """Tie the lead partners of the duplicating reading programmes (boys-girls-club and
    reading-corps) at strength 1: the duplication gap stays (as a note: the partners are now
    coordinated, k = 1), and the plot must not call their pair a coordination gap — it draws
    only the assessment's uncoordinated-interdependence pairs, dashed."""
    init = ci.with_tie(c2c, "boys-girls-club", "reading-corps", strength=1.0)
    result = ci.assess(init)
    (dup,) = result.gaps_by(code="duplication")
    assert dup.severity == ci.Severity.INFO
    assert dup.evidence["coordination"] == 1.0
    uncoordinated = {
        tuple(sorted(g.subjects)) for g in result.gaps_by(code="uncoordinated-interdependence")
    }
    assert ("boys-girls-club", "reading-corps") not in uncoordinated

    ax = plot_network(init, assessment=result, labels=False)
    drawn = _dashed_pairs(ax, _positions(ax, init))
    assert drawn == uncoordinated
    assert ("boys-girls-club", "reading-corps") not in drawn
    solid = [c for c in ax.collections if isinstance(c, LineCollection) and c.get_label() == "tie"]
    assert len(solid[0].get_segments()) == tie_graph(init).number_of_edges()


def test_network_without_coordination_gaps_draws_no_dashed_line() -> None:
    """Tie every pair of partners with a coordination gap at strength 1: the gaps close and
    no dashed line is left."""
    init = ci.load_example("cradle-to-career")
    result = ci.assess(init)
    for gap in result.gaps_by(code="uncoordinated-interdependence"):
        p, q = gap.subjects
        init = ci.with_tie(init, p, q, strength=1.0)
    result = ci.assess(init)
    assert result.gaps_by(code="uncoordinated-interdependence") == ()
    ax = plot_network(init, assessment=result, labels=False)
    labels = {c.get_label() for c in ax.collections if isinstance(c, LineCollection)}
    assert "coordination gap" not in labels


def test_network_layout_is_seeded(c2c: ci.Initiative, c2c_assessment: ci.Assessment) -> None:
    def offsets(seed: int) -> np.ndarray:
        ax = plot_network(c2c, assessment=c2c_assessment, seed=seed)
        return np.concatenate([c.get_offsets() for c in _node_collections(ax)])

    np.testing.assert_array_equal(offsets(3), offsets(3))
    assert not np.array_equal(offsets(3), offsets(4))


def test_network_computes_assessment_and_uses_given_axes(c2c: ci.Initiative) -> None:
    _fig, ax = plt.subplots()
    assert plot_network(c2c, ax=ax) is ax


# ----------------------------------------------------------------------------- indicator


def _lines(ax: plt.Axes, prefix: str) -> list[Line2D]:
    return [ln for ln in ax.get_lines() if (ln.get_gid() or "").startswith(prefix)]


@pytest.mark.parametrize("use_assessment", [True, False])
def test_indicator_series_and_markers(
    c2c: ci.Initiative, c2c_assessment: ci.Assessment, use_assessment: bool
) -> None:
    ind = c2c.indicator("k-ready")
    ax = plot_indicator(c2c, "k-ready", assessment=c2c_assessment if use_assessment else None)
    groups = sorted({o.group for o in ind.observations if o.group is not None})
    series = _lines(ax, "series:")
    assert [ln.get_gid() for ln in series] == ["series:all"] + [f"series:{g}" for g in groups]
    whole = sorted((o.date, o.value) for o in ind.observations if o.group is None)
    (all_line,) = _lines(ax, "series:all")
    assert list(all_line.get_ydata()) == [v for _, v in whole]
    assert len(all_line.get_xdata()) == len(whole)
    for g in groups:
        (line,) = _lines(ax, f"series:{g}")
        assert len(line.get_ydata()) == sum(o.group == g for o in ind.observations)
    assert sum(len(ln.get_xdata()) for ln in series) == len(ind.observations)

    (baseline,) = _lines(ax, "baseline")
    assert list(baseline.get_ydata()) == [ind.baseline.value]
    (target,) = _lines(ax, "target")
    assert list(target.get_ydata()) == [ind.target.value]
    assert list(target.get_xdata()) == [ind.target.date]

    record = c2c_assessment.indicator("k-ready")
    (trend,) = _lines(ax, "trend")
    assert trend.get_ydata()[-1] == pytest.approx(record.trend.value_at(ind.target.date))

    # the forecast interval: an error bar at the target date from lower to upper
    (container,) = [c for c in ax.containers if c.get_label().startswith("forecast")]
    (bars,) = container.lines[2]
    (segment,) = bars.get_segments()
    np.testing.assert_allclose(
        sorted(segment[:, 1]), [record.forecast.lower, record.forecast.upper]
    )
    status = record.status.value.replace("-", " ")  # in words: "off track"
    assert ax.get_title() == f"{ind.name}: {status} as of 2026-09-30"


def test_indicator_without_forecast(c2c: ci.Initiative, c2c_assessment: ci.Assessment) -> None:
    ax = plot_indicator(c2c, "postsec-credential", assessment=c2c_assessment)
    assert _lines(ax, "series:") == []
    assert _lines(ax, "trend") == []
    assert not ax.containers
    assert len(_lines(ax, "baseline")) == 1
    assert "insufficient data" in ax.get_title()


def test_indicator_unknown_id(c2c: ci.Initiative) -> None:
    with pytest.raises(ci.UnknownIdError):
        plot_indicator(c2c, "nope")


# ----------------------------------------------------------------------------- heatmap


def test_gap_heatmap_values(c2c_assessment: ci.Assessment) -> None:
    table = c2c_assessment.reinforcement.partner_gap_table
    ax = plot_gap_heatmap(c2c_assessment, top=6)
    (image,) = ax.get_images()
    matrix = np.asarray(image.get_array())
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 6 == matrix.shape[0] == matrix.shape[1]
    gaps = {}
    for k in range(len(table)):
        rec = table.record(k)
        gaps[rec.p, rec.q] = gaps[rec.q, rec.p] = rec.gap
    expected = np.array(
        [[np.nan if p == q else gaps.get((p, q), 0.0) for q in labels] for p in labels]
    )
    np.testing.assert_allclose(matrix, expected)  # a partner with itself is no pair: NaN
    # the partners are chosen pair by pair: those of the coordination gaps, then of the
    # largest losses, in the order chosen
    chosen: list[str] = []
    flagged = sorted(
        c2c_assessment.gaps_by(code="uncoordinated-interdependence"),
        key=lambda g: -g.evidence["gap"],
    )
    pairs = [tuple(sorted(g.subjects)) for g in flagged]
    pairs += [(table.record(k).p, table.record(k).q) for k in range(len(table))]
    for pair in pairs:
        new = [x for x in pair if x not in chosen]
        if len(chosen) + len(new) <= 6:
            chosen += new
    assert labels == chosen
    # a colorbar was added to the figure
    assert len(ax.get_figure().axes) == 2


def test_gap_heatmap_all_partners(c2c_assessment: ci.Assessment) -> None:
    ax = plot_gap_heatmap(c2c_assessment, top=1000)
    matrix = np.asarray(ax.get_images()[0].get_array())
    table = c2c_assessment.reinforcement.partner_gap_table
    assert np.nansum(matrix) == pytest.approx(2 * table.gap.sum())


# ----------------------------------------------------------------------------- conditions


def test_conditions_bars(c2c_assessment: ci.Assessment) -> None:
    _fig, ax = plt.subplots()
    assert plot_conditions(c2c_assessment, ax=ax) is ax
    scores = c2c_assessment.scores.to_dict()
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx(list(scores.values()))
    assert len(widths) == 6
    assert ax.get_xlim() == (0.0, 1.0)
    assert [t.get_text() for t in ax.get_yticklabels()] == [k.replace("_", " ") for k in scores]


def test_conditions_bar_labels_are_the_scores_as_every_view_writes_them() -> None:
    """Backbone support 0.00167 (a 0.01 FTE project manager, no function) was labelled
    "0.00", absent, beside the overall score it makes small; it reads "0.002"."""
    from test_report_numbers import thin_backbone

    result = ci.assess(thin_backbone())
    ax = plot_conditions(result)
    labels = [t.get_text() for t in ax.texts]
    scores = result.scores.to_dict()
    assert labels[list(scores).index("backbone_support")] == "0.002"
    assert labels == [score_text(v) for v in scores.values()]


# ----------------------------------------------------------------------------- missing matplotlib


def test_missing_matplotlib(monkeypatch: pytest.MonkeyPatch, c2c_assessment: ci.Assessment) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError) as info:
        plot_conditions(c2c_assessment)
    err = info.value
    assert isinstance(err, ImportError)
    assert isinstance(err, CollectiveImpactError)
    assert "pip install 'collective-impact[plot]'" in str(err)
    assert err.package == "matplotlib"
    assert err.name == "matplotlib"
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is MissingDependencyError
    assert str(again) == str(err)
    assert (again.package, again.extra) == ("matplotlib", "plot")


@pytest.mark.parametrize("use_assessment", [True, False])
def test_indicator_draws_only_what_was_known_at_the_date_of_judgement(
    use_assessment: bool,
) -> None:
    """The workforce example judged as of 2009-06-30: placements has 2 observations by then
    (1,100 and 2,600), status insufficient-data. The chart drew all 4 (4,150 and 5,696 of 2009
    and 2010, the last above the 5,000 target) under that status."""
    import attrs

    init = attrs.evolve(ci.load_example("workforce"), as_of=dt.date(2009, 6, 30))
    result = ci.assess(init)
    ax = plot_indicator(init, "placements", assessment=result if use_assessment else None)
    (line,) = _lines(ax, "series:all")
    assert list(line.get_ydata()) == [1100.0, 2600.0]
    assert ax.get_title() == "Residents placed in jobs: insufficient data as of 2009-06-30"


def test_indicator_draws_the_mean_of_one_date() -> None:
    """Two partners report 2,000 and 3,000 on one date: measured as their mean, 2,500, and so
    drawn (it was a vertical zigzag through both)."""
    import attrs

    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    day = ind.observations[1].date
    extra = ci.Observation(date=day, value=3000.0)
    observations = [attrs.evolve(ind.observations[1], value=2000.0), extra]
    changed = attrs.evolve(
        ind, observations=[ind.observations[0], *observations, *ind.observations[2:]]
    )
    init = init.evolve(indicators=[changed if i.id == ind.id else i for i in init.indicators])
    ax = plot_indicator(init, "placements")
    (line,) = _lines(ax, "series:all")
    assert list(line.get_ydata())[1] == 2500.0
    assert len(line.get_ydata()) == len({o.date for o in changed.observations})


# ----------------------------------------------------------------------------- periods


def _placements(
    frequency: str | None,
    observations: tuple[tuple[dt.date, float], ...] = TWO_REPORTS_A_YEAR,
    *,
    groups: tuple[tuple[dt.date, float, str], ...] = (),
    baseline: dt.date | None = None,
    partners: bool = True,
) -> ci.Initiative:
    """The workforce example, its placements (baseline 0 on 2006-01-01 unless ``baseline``,
    target 5,000 by 2010-12-31) observed as given, a report of :data:`TWO_REPORTS_A_YEAR` by
    its partner (:data:`REPORTED_BY`) unless not ``partners``; the groups' without one."""
    import attrs

    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    who = dict(zip(TWO_REPORTS_A_YEAR, REPORTED_BY, strict=True)) if partners else {}
    changed = attrs.evolve(
        ind,
        frequency=frequency,
        baseline=ind.baseline if baseline is None else attrs.evolve(ind.baseline, date=baseline),
        observations=[
            ci.Observation(date=d, value=v, reported_by=who.get((d, v))) for d, v in observations
        ]
        + [ci.Observation(date=d, value=v, group=g) for d, v, g in groups],
    )
    return init.evolve(indicators=[changed if i.id == ind.id else i for i in init.indicators])


def _xy(line: Line2D) -> list[tuple[dt.date, float]]:
    return [(d, float(v)) for d, v in zip(line.get_xdata(), line.get_ydata(), strict=True)]


class TestIndicatorOnePointAPeriod:
    """With a reporting frequency, the chart draws the points the trend was fitted on.

    By hand: the annual points of :data:`TWO_REPORTS_A_YEAR` are each partner's latest report
    of the year, averaged, at the year's last date: (1,000 + 1,200) / 2 = 1,100 on 2007-09-03,
    2,600 on 2008-09-03, (4,000 + 4,300) / 2 = 4,150 on 2009-09-03 and (5,500 + 5,700) / 2 =
    5,600 on 2010-09-03; the latest value is the last of them, 5,600. The chart drew the seven
    reports as seven points, and a trend that was not the line through them. (Reported without
    a partner, the latest value was 5,700, circled beside the point 5,600: the latest value
    took the reports for one partner's and the point averaged them; now both take the later
    report, see :class:`TestTheChartDrawsTheTrendsPoints`.)
    """

    PERIODS = (
        (dt.date(2007, 9, 3), 1100.0),
        (dt.date(2008, 9, 3), 2600.0),
        (dt.date(2009, 9, 3), 4150.0),
        (dt.date(2010, 9, 3), 5600.0),
    )

    @pytest.mark.parametrize("use_assessment", [True, False])
    def test_one_point_a_year_the_reports_behind_and_the_latest_value(
        self, use_assessment: bool
    ) -> None:
        init = _placements("annual")
        result = ci.assess(init)
        ax = plot_indicator(init, "placements", assessment=result if use_assessment else None)
        (line,) = _lines(ax, "series:all")
        assert _xy(line) == list(self.PERIODS)
        (reports,) = _lines(ax, "reports:all")
        combined = [r for r in TWO_REPORTS_A_YEAR if r[0].year != 2008]  # 2008: one report
        assert _xy(reports) == combined
        assert (
            reports.get_label() == "reports; each partner's latest, averaged into one point a year"
        )
        assert _lines(ax, "latest") == []  # the latest value is the last point
        record = result.indicator("placements")
        assert (record.latest_date, record.latest_value) == (dt.date(2010, 9, 3), 5600.0)

    def test_the_trend_is_the_line_through_the_points_drawn(self) -> None:
        """Least squares through the four annual points, with NumPy (t in years of 365.25
        days from 2007-09-03), at both ends of the dotted line; and the forecast's interval.
        Judged on 30 December 2010, the day before the target date: 2010's value may still be
        revised, and the forecast judges (on the target date, the example's date of
        judgement, 2010's value is the value of that date: met, and no forecast)."""
        init = _placements("annual")
        result = ci.assess(init, as_of=dt.date(2010, 12, 30))
        record = result.indicator("placements")
        ax = plot_indicator(init, "placements", assessment=result)
        (line,) = _lines(ax, "series:all")
        origin = self.PERIODS[0][0]
        # an annual indicator: time on the calendar (docs/measurement.md), by the reference
        month_last = month_last_convention([d for d, _ in _xy(line)])
        t = np.array([calendar_years(d, origin, month_last) for d, _ in _xy(line)])
        slope, intercept = np.polyfit(t, [v for _, v in _xy(line)], 1)
        (trend,) = _lines(ax, "trend")
        # through each point's place, from the first to the target date
        xs = list(trend.get_xdata())
        assert (xs[0], xs[-1]) == (origin, dt.date(2010, 12, 31))
        expected = [intercept + slope * calendar_years(d, origin, month_last) for d in xs]
        np.testing.assert_allclose(trend.get_ydata(), expected, rtol=1e-12)
        assert record.trend is not None
        assert record.trend.n == 4
        (container,) = [c for c in ax.containers if c.get_label().startswith("forecast")]
        (bars,) = container.lines[2]
        np.testing.assert_allclose(
            sorted(bars.get_segments()[0][:, 1]), [record.forecast.lower, record.forecast.upper]
        )

    def test_each_group_one_point_a_year(self) -> None:
        """low-income: 30 and 34 in 2009, 40 and 44 in 2010, without a partner: one
        partner's, whose later report stands for its earlier one, 34 on 2009-09-03 and 44 on
        2010-09-02, as the group's series is measured (the means, 32 and 42, before). Each is
        drawn at the indicator's usual place, 3 September, the whole population's, where the
        measurement counts a group's figure too (44 was drawn at its report of the 2nd, a day
        left of the whole population's figure of the same year)."""
        groups = (
            (dt.date(2009, 9, 1), 30.0, "low-income"),
            (dt.date(2009, 9, 3), 34.0, "low-income"),
            (dt.date(2010, 9, 1), 40.0, "low-income"),
            (dt.date(2010, 9, 2), 44.0, "low-income"),
        )
        init = _placements("annual", groups=groups)
        ax = plot_indicator(init, "placements")
        (line,) = _lines(ax, "series:low-income")
        assert _xy(line) == [(dt.date(2009, 9, 3), 34.0), (dt.date(2010, 9, 3), 44.0)]
        # the later report of each year is the point; the earlier one is superseded
        (reports,) = _lines(ax, "reports:low-income")
        assert _xy(reports) == [(d, v) for d, v, _ in groups if v in (34.0, 44.0)]
        assert to_hex(reports.get_markeredgecolor()) == to_hex(line.get_color())
        assert reports.get_label() == "_nolegend_"  # the whole population's reports say it
        (superseded,) = _lines(ax, "superseded:low-income")
        assert _xy(superseded) == [(d, v) for d, v, _ in groups if v in (30.0, 40.0)]
        assert to_hex(superseded.get_color()) == to_hex(line.get_color())

    def test_history_before_the_baseline_one_point_a_date_and_no_trend_over_it(self) -> None:
        """Baseline on 2008-01-01, annual: 2007's two reports are history (turn-the-curve's),
        one point a date, and so is 2008's report, of the baseline's own year (the baseline
        again, as the measurement reads it); the trend is fitted from 2009-09-03 on and drawn
        from there (it started at 2007-09-01, then at 2008's report)."""
        init = _placements("annual", baseline=dt.date(2008, 1, 1))
        ax = plot_indicator(init, "placements")
        (line,) = _lines(ax, "series:all")
        assert _xy(line) == list(self.PERIODS[2:])
        # the history is drawn apart, dashed and hollow: it measures no progress (it was on
        # the line of the points that count, found by a reviewer)
        (history,) = _lines(ax, "history:all")
        assert _xy(history) == list(TWO_REPORTS_A_YEAR[:3])
        assert history.get_linestyle() == "--"
        assert history.get_label() == "history, up to the baseline (not progress)"
        (trend,) = _lines(ax, "trend")
        assert trend.get_xdata()[0] == dt.date(2009, 9, 3)
        (reports,) = _lines(ax, "reports:all")
        assert [d.year for d, _ in _xy(reports)] == [2009, 2009, 2010, 2010]
        record = ci.assess(init).indicator("placements")
        assert record.trend is not None
        assert record.trend.n == 2  # the chart's two points

    def test_without_frequency_one_point_a_date_as_before(self) -> None:
        init = _placements(None)
        ax = plot_indicator(init, "placements")
        (line,) = _lines(ax, "series:all")
        assert _xy(line) == list(TWO_REPORTS_A_YEAR)
        assert _lines(ax, "reports:") == []
        assert _lines(ax, "latest") == []  # the latest value is the last point
        (trend,) = _lines(ax, "trend")
        assert trend.get_xdata()[0] == dt.date(2007, 9, 1)

    def test_a_single_report_a_year_draws_nothing_more(self) -> None:
        once = tuple(r for r in TWO_REPORTS_A_YEAR if r[0].day == 3)
        ax = plot_indicator(_placements("annual", once), "placements")
        (line,) = _lines(ax, "series:all")
        assert _xy(line) == list(once)
        assert _lines(ax, "reports:") == []
        assert _lines(ax, "latest") == []


def _worked(*reports: tuple[str, float, str], target: str = "2027-09-01") -> ci.Initiative:
    """The worked example of docs/measurement.md (percent, annual, baseline 40 on 2021-09-01,
    target 55), p reporting 42, 45 and 46 on 1 September 2022-2024, then ``reports``
    ``(date, value, partner)``; judged on 2025-09-30."""
    earlier = [(f"{y}-09-01", v, "p") for y, v in ((2022, 42.0), (2023, 45.0), (2024, 46.0))]
    return ci.Initiative(
        name="Worked",
        as_of=dt.date(2025, 9, 30),
        partners=[ci.Partner(id=p, name=p.upper(), sector="nonprofit") for p in ("p", "q")],
        goals=[ci.Goal(id="g", statement="G", indicators=["k"])],
        indicators=[
            ci.Indicator(
                id="k",
                name="Kindergarten readiness",
                unit="percent",
                frequency="annual",
                baseline=ci.DatedValue(date=dt.date(2021, 9, 1), value=40.0),
                target=ci.DatedValue(date=dt.date.fromisoformat(target), value=55.0),
                observations=[
                    ci.Observation(date=dt.date.fromisoformat(d), value=v, reported_by=who)
                    for d, v, who in [*earlier, *reports]
                ],
            )
        ],
    )


class TestTheChartDrawsTheTrendsPoints:
    """The chart draws exactly the points the trend is fitted on, each partner's latest report
    of a period averaged, with every report behind them, the superseded ones too."""

    @staticmethod
    def _fitted_on_what_is_drawn(init: ci.Initiative) -> tuple[plt.Axes, ci.IndicatorMeasurement]:
        """The measurement's trend is NumPy's line through the points drawn, each at the
        series' usual place in its year (docs/measurement.md, "Time"): whole years apart,
        whichever report of its year a point is drawn at."""
        record = ci.assess(init).indicator("k")
        ax = plot_indicator(init, "k")
        (line,) = _lines(ax, "series:all")
        drawn = _xy(line)
        assert record.trend is not None
        assert record.trend.n == len(drawn)
        # an annual indicator: every point at the usual place of its year, whole years from
        # the first, by the reference
        t = [float(period_of(d, 12) - period_of(drawn[0][0], 12)) for d, _ in drawn]
        slope, intercept = np.polyfit(t, [v for _, v in drawn], 1)
        assert record.trend.slope == pytest.approx(slope, rel=1e-12)
        assert record.trend.intercept == pytest.approx(intercept, rel=1e-12)
        return ax, record

    def test_a_revised_figure(self) -> None:
        """p's preliminary 44 of March 2025, revised to 49 in September: 2025's point is 49
        (it was drawn at 46.5, the mean of both, while the latest value was 49), with the 44
        behind it, superseded; the trend of the worked example, at-risk (it was off-track)."""
        init = _worked(("2025-03-01", 44.0, "p"), ("2025-09-01", 49.0, "p"))
        ax, record = self._fitted_on_what_is_drawn(init)
        (line,) = _lines(ax, "series:all")
        assert [v for _, v in _xy(line)] == [42.0, 45.0, 46.0, 49.0]
        (reports,) = _lines(ax, "reports:all")
        assert _xy(reports) == [(dt.date(2025, 9, 1), 49.0)]
        (superseded,) = _lines(ax, "superseded:all")
        assert _xy(superseded) == [(dt.date(2025, 3, 1), 44.0)]
        assert _lines(ax, "latest") == []
        assert record.status.value == "at-risk"

    def test_a_figure_republished_every_month(self) -> None:
        """p's 50 and q's 48, republished on the 15th of each month January to September:
        2025's point is (50 + 48) / 2 = 49 on 2025-09-15 (it was 48.2), the latest value,
        drawn where the trend counts it, at the series' usual place, 1 September (it was
        drawn at 2025-09-15)."""
        monthly = [(f"2025-{k:02d}-15", 48.0, "q") for k in range(1, 10)]
        init = _worked(("2025-09-01", 50.0, "p"), *monthly)
        ax, record = self._fitted_on_what_is_drawn(init)
        (line,) = _lines(ax, "series:all")
        assert _xy(line)[-1] == (dt.date(2025, 9, 1), 49.0)
        assert (record.latest_date, record.latest_value) == (dt.date(2025, 9, 15), 49.0)
        (reports,) = _lines(ax, "reports:all")
        assert _xy(reports) == [(dt.date(2025, 9, 1), 50.0), (dt.date(2025, 9, 15), 48.0)]
        (superseded,) = _lines(ax, "superseded:all")
        assert len(superseded.get_xdata()) == 8  # q's of January to August
        assert _lines(ax, "latest") == []

    def test_the_value_judged_against_the_target_is_the_period_s_point(self) -> None:
        """Target date 2025-06-30: q's 50 of 2025-08-01 and p's 44 of 2025-03-01. 2025's
        point is (44 + 50) / 2 = 47 on 2025-08-01, the trend's, and the value judged against
        the target: not circled, off-track (judged on 2025-09-30, with 2025 still running:
        47 is the year's figure so far, and the forecast, off track, judges the target date
        gone by). The value judged took the reports from the target date on, q's 50, circled
        beside the point. The point is drawn where the trend counts it, the series' usual
        place, 1 September (it was drawn at its latest report, 2025-08-01)."""
        init = _worked(("2025-03-01", 44.0, "p"), ("2025-08-01", 50.0, "q"), target="2025-06-30")
        ax, record = self._fitted_on_what_is_drawn(init)
        (line,) = _lines(ax, "series:all")
        assert _xy(line)[-1] == (dt.date(2025, 9, 1), 47.0)
        assert _lines(ax, "latest") == []
        assert (record.latest_value, record.status.value) == (47.0, "off-track")
        assert (record.target_date_unreported, record.target_date_observed) == (True, False)
        assert ax.get_title() == "Kindergarten readiness: forecast: off track as of 2025-09-30"

    def test_a_latest_value_of_the_baseline_s_year_is_circled(self) -> None:
        """The only reports are of 2006, the baseline's year (baseline 0 on 2006-01-01): 300
        on 30 June and 500 on 30 September, without a partner (one reporter's, whose later
        report stands for the earlier). They are the baseline again, no point of the trend,
        drawn as history; the latest value, 500 on 2006-09-30, is circled, the only case left
        where the latest value is not a point (the period holding the target date was one)."""
        rows = ((dt.date(2006, 6, 30), 300.0), (dt.date(2006, 9, 30), 500.0))
        ax = plot_indicator(_placements("annual", rows), "placements")
        assert _lines(ax, "series:all") == []
        (latest,) = _lines(ax, "latest")
        assert _xy(latest) == [(dt.date(2006, 9, 30), 500.0)]
        assert latest.get_label() == "latest value (2006-09-30)"

    def test_reports_without_a_partner_are_one_partner_s(self) -> None:
        """:data:`TWO_REPORTS_A_YEAR` without partners: each year's later report, 1,200,
        2,600, 4,300 and 5,700 (the means 1,100 to 5,600 before), the earlier ones behind."""
        init = _placements("annual", partners=False)
        ax = plot_indicator(init, "placements")
        (line,) = _lines(ax, "series:all")
        assert [v for _, v in _xy(line)] == [1200.0, 2600.0, 4300.0, 5700.0]
        (reports,) = _lines(ax, "reports:all")
        assert [v for _, v in _xy(reports)] == [1200.0, 4300.0, 5700.0]
        (superseded,) = _lines(ax, "superseded:all")
        assert [v for _, v in _xy(superseded)] == [1000.0, 4000.0, 5500.0]
        assert _lines(ax, "latest") == []

    def test_a_group_s_points(self) -> None:
        """Group ``low``: p's 30 in March 2009 revised to 34 in September, and q's 38: (34 +
        38) / 2 = 36, the group's latest value (the mean of the three, 34, before), of 2
        September 2009, drawn at the indicator's usual place, 3 September (the whole
        population's), where the measurement counts it."""
        import attrs

        init = _placements("annual")
        ind = init.indicator("placements")
        rows = [
            ci.Observation(date=dt.date(2009, 3, 1), value=30.0, reported_by="cha", group="low"),
            ci.Observation(date=dt.date(2009, 9, 1), value=34.0, reported_by="cha", group="low"),
            ci.Observation(date=dt.date(2009, 9, 2), value=38.0, reported_by="mowd", group="low"),
        ]
        changed = attrs.evolve(ind, observations=[*ind.observations, *rows])
        init = init.evolve(indicators=[changed, *init.indicators[1:]])
        ax = plot_indicator(init, "placements")
        (line,) = _lines(ax, "series:low")
        assert _xy(line) == [(dt.date(2009, 9, 3), 36.0)]
        (group,) = ci.assess(init).indicator("placements").groups
        assert (group.latest_date, group.latest_value) == (dt.date(2009, 9, 2), 36.0)


class TestWhatTheChartSays:
    """Found by a report-only reviewer of the notebook views and charts."""

    def test_a_baseline_after_the_date_of_judgement_is_not_drawn(self) -> None:
        """A baseline dated after ``as_of`` did not exist then: it is not drawn. The measured
        period still begins on its date (docs/measurement.md): the points before it are
        history, and the indicator has insufficient data. The chart drew them as the measured
        series, which the trend and the forecast use, while the measurement used none of them
        (found by a reviewer of dates at their boundaries)."""
        import attrs

        init = _placements(None, baseline=dt.date(2010, 1, 1))
        init = attrs.evolve(init, as_of=dt.date(2009, 6, 30))
        assert ci.assess(init).indicator("placements").status.value == "insufficient-data"
        ax = plot_indicator(init, "placements")
        assert _lines(ax, "baseline") == []
        assert _lines(ax, "series:all") == []
        (line,) = _lines(ax, "history:all")
        assert _xy(line) == [p for p in TWO_REPORTS_A_YEAR if p[0] <= dt.date(2009, 6, 30)]

    def test_groups_are_not_drawn_in_the_colours_of_the_markers(self) -> None:
        """Groups took the first colours of the cycle: the first was the baseline's blue, the
        second the forecast's orange, the third the target's green."""
        from matplotlib.colors import to_hex

        day = dt.date(2008, 9, 3)
        groups = tuple((day, 2000.0 + 100 * k, f"g{k}") for k in range(8))
        ax = plot_indicator(_placements("annual", groups=groups), "placements")
        markers = {
            to_hex(ln.get_color())
            for ln in ax.get_lines()
            if ln.get_gid() in ("baseline", "target", "latest")
        } | {to_hex("tab:orange"), to_hex("grey"), to_hex("black")}
        lines = [ln for ln in _lines(ax, "series:") if ln.get_gid() != "series:all"]
        assert len(lines) == 8
        assert not {to_hex(ln.get_color()) for ln in lines} & markers
        seen = {(to_hex(ln.get_color()), ln.get_linestyle()) for ln in lines}
        assert len(seen) == 8  # eight groups told apart

    def test_text_from_the_data_is_shown_as_written(self) -> None:
        """ "paying $1 of every $3" was typeset as mathematics ("1ofevery3" in italics); an
        unbalanced expression failed when the figure was drawn; a group "_no answer" was left
        out of the legend."""
        import attrs

        init = _placements("annual", groups=((dt.date(2008, 9, 3), 2000.0, "_no answer"),))
        ind = init.indicator("placements")
        name = "Funding ($) per 100% of $_eligible"
        init = init.evolve(
            indicators=[
                attrs.evolve(ind, name=name) if i.id == ind.id else i for i in init.indicators
            ]
        )
        ax = plot_indicator(init, "placements")
        ax.get_figure().canvas.draw()  # raised ValueError (mathtext) before
        assert ax.title.get_text().startswith(name.replace("$", r"\$"))
        assert not ax.title._preprocess_math(ax.title.get_text())[1]  # not mathematics
        assert ax.title._preprocess_math(ax.title.get_text())[0].startswith(name)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert " _no answer" in labels


def test_one_seed_one_picture_whatever_the_order_of_the_file(c2c: ci.Initiative) -> None:
    """The layout followed the order of the partners in the file: with the same seed a
    shuffled initiative was drawn another way (found by a reviewer)."""
    shuffled = c2c.evolve(partners=c2c.partners[::-1], ties=c2c.ties[::-1])
    first = plot_network(c2c, labels=True)
    second = plot_network(shuffled, labels=True)
    where = [
        {t.get_text(): t.xy for t in ax.texts}  # type: ignore[attr-defined]
        for ax in (first, second)
    ]
    assert where[0] == where[1]


# ----------------------------------------------------------------------------- review of the plots


@pytest.fixture(scope="module")
def workforce_assessment() -> ci.Assessment:
    return ci.assess(ci.load_example("workforce"))


def _outlined_pairs(ax: plt.Axes) -> set[tuple[str, ...]]:
    """The pairs of partners whose cells the heat map outlines (both cells of each)."""
    ids = [t.get_text() for t in ax.get_yticklabels()]
    cells = [(round(c.get_y() + 0.5), round(c.get_x() + 0.5)) for c in ax.patches]
    assert all(((j, i) in cells) for i, j in cells)  # both halves of the symmetric matrix
    return {tuple(sorted((ids[i], ids[j]))) for i, j in cells}


@pytest.mark.parametrize("example", ["workforce", "cradle-to-career"])
def test_heatmap_outlines_the_coordination_gaps_the_network_draws(example: str) -> None:
    """The heat map, titled "Coordination gaps between lead partners", coloured 14 pairs of
    the workforce example red, its darkest cell community-colleges–job-readiness-provider
    (0.526), a pair the assessment calls coordinated (a shared working group); the network
    drew 3 coordination gaps. It names the quantity (the reinforcement lost, R(1 - k)) and
    outlines the pairs flagged uncoordinated-interdependence, those the network dashes."""
    result = ci.assess(ci.load_example(example))
    heat = plot_gap_heatmap(result, top=1000)
    flagged = flagged_partner_pairs(result)
    assert flagged
    assert _outlined_pairs(heat) == flagged
    net = plot_network(result.initiative, assessment=result, labels=False)
    assert _dashed_pairs(net, _positions(net, result.analysed)) == flagged
    legend = [t.get_text() for t in heat.get_legend().get_texts()]
    assert legend == ["coordination gap", "a partner with itself (not a pair)"]
    assert "coordination gap" in [t.get_text() for t in net.get_legend().get_texts()]
    assert "Coordination gaps" not in heat.get_title()
    assert "reinforcement lost" in heat.get_title()
    (colorbar,) = [a for a in heat.get_figure().axes if a is not heat]
    assert "reinforcement lost" in colorbar.get_ylabel()
    assert "R(1 − k)" in colorbar.get_ylabel()
    # the darkest cell of the workforce example is drawn, and is not called a gap
    if example == "workforce":
        ids = [t.get_text() for t in heat.get_yticklabels()]
        matrix = np.asarray(heat.get_images()[0].get_array())
        i, j = np.unravel_index(np.nanargmax(matrix), matrix.shape)
        darkest = tuple(sorted((ids[i], ids[j])))
        assert darkest == ("community-colleges", "job-readiness-provider")
        assert round(float(matrix[i, j]), 3) == 0.526
        assert darkest not in _outlined_pairs(heat)
    # a partner with itself is no pair (masked, drawn grey), not "no gap"
    assert np.isnan(np.diag(np.asarray(heat.get_images()[0].get_array()))).all()


@pytest.fixture(scope="module")
def synth200() -> ci.Assessment:
    from collective_impact.synth import generate

    return ci.assess(generate(partners=200, activities=1500, indicators=40, ties=600, seed=0))


def test_heatmap_says_what_it_leaves_out_and_keeps_the_largest_pairs(
    synth200: ci.Assessment,
) -> None:
    """At 200 partners 187 lose reinforcement and 20 were shown, silently; 19 of the 50
    largest pair losses were left out, the 7th largest among them (partners chosen by their
    total). The figure now says how many partners of how many and the part of the total the
    cells hold, and the partners are chosen pair by pair: the 10 largest pairs are all shown."""
    table = synth200.reinforcement.partner_gap_table
    ax = plot_gap_heatmap(synth200, top=20)
    ids = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ids) == 20
    involved = {table.record(k).p for k in range(len(table)) if table.gap[k] > 0}
    involved |= {table.record(k).q for k in range(len(table)) if table.gap[k] > 0}
    inside = sum(
        table.gap[k]
        for k in range(len(table))
        if table.record(k).p in ids and table.record(k).q in ids
    )
    share = f"{inside / table.gap.sum():.0%}"
    note = ax.get_xlabel().replace("\n", " ")
    assert f"the 20 of {len(involved)} partners who lose reinforcement" in note
    assert f"the cells hold {share} of the total lost" in note
    for k in range(10):
        assert {table.record(k).p, table.record(k).q} <= set(ids)
    # every partner shown: no note of partners left out
    everyone = plot_gap_heatmap(synth200, top=1000)
    assert "shown:" not in everyone.get_xlabel()
    assert len(everyone.get_yticklabels()) == len(involved)


def test_network_keeps_a_flagged_pairs_weak_tie_and_keys_the_widths(
    c2c: ci.Initiative, c2c_assessment: ci.Assessment
) -> None:
    """boys-girls-club–schools is tied at 0.2 and flagged: its tie was erased and its dashed
    line drawn at 1.1, thinner than the 1.5 of the flagged pairs with no tie at all. The tie
    stays (solid, 0.5 + 3 * 0.2), every gap line has one width, and the legend keys the
    widths of ties."""
    assert ("boys-girls-club", "schools") in flagged_partner_pairs(c2c_assessment)
    ax = plot_network(c2c, assessment=c2c_assessment, labels=False)
    pos_of = _positions(ax, c2c)
    (solid,) = [c for c in ax.collections if c.get_label() == "tie"]
    ties = {
        tuple(sorted(pos_of[tuple(np.round(point, 9))] for point in segment)): width
        for segment, width in zip(solid.get_segments(), solid.get_linewidths(), strict=True)
    }
    assert ties[("boys-girls-club", "schools")] == pytest.approx(0.5 + 3 * 0.2)
    (dashed,) = [c for c in ax.collections if c.get_label() == "coordination gap"]
    assert len(set(np.round(dashed.get_linewidths(), 9))) == 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["tie, strength 0.2", "tie, strength 0.5", "tie, strength 1"]
    widths = [h.get_linewidth() for h in ax.get_legend().legend_handles[:3]]
    assert widths == pytest.approx([0.5 + 3 * s for s in (0.2, 0.5, 1.0)])


def test_an_assessment_of_another_initiative_is_refused() -> None:
    """The workforce example with a new tie (0.9) between the flagged pair
    community-colleges–resident-council, drawn with the old assessment, showed the pair as a
    coordination gap and hid the new tie; with other partners, a bare KeyError. An equal
    initiative, or the same one in another order, is the same initiative."""
    init = ci.load_example("workforce")
    old = ci.assess(init)
    new = ci.with_tie(init, "community-colleges", "resident-council", strength=0.9)
    for draw in (
        lambda: plot_network(new, assessment=old),
        lambda: plot_indicator(new, "placements", assessment=old),
        lambda: plot_network(ci.load_example("cradle-to-career"), assessment=old),
    ):
        with pytest.raises(ci.ValidationError, match="another initiative") as info:
            draw()
        assert isinstance(info.value, CollectiveImpactError)
        plt.close("all")
    same = ci.load_example("workforce")  # equal, not the same object
    reordered = init.evolve(partners=init.partners[::-1], ties=init.ties[::-1])
    for other in (same, reordered):
        plot_network(other, assessment=old, labels=False)
        plot_indicator(other, "placements", assessment=old)


def _drawn_texts(fig: matplotlib.figure.Figure) -> list[matplotlib.text.Text]:
    """The texts a figure draws: titles, axis labels, ticks in view, notes, legends."""
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            texts += legend.get_texts()
        if not ax.axison:
            continue
        for axis in (ax.xaxis, ax.yaxis):
            texts.append(axis.label)
            low, high = sorted(axis.get_view_interval())
            for loc, label in zip(
                axis.get_majorticklocs(), axis.get_majorticklabels(), strict=True
            ):
                if low - 1e-9 <= loc <= high + 1e-9:
                    texts.append(label)
    return [t for t in texts if t.get_visible() and t.get_text()]


def _cut_texts(ax: plt.Axes) -> list[str]:
    """The texts of ax's figure not wholly inside it, drawn as fig.savefig draws it."""
    fig = ax.get_figure()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    cut = []
    for text in _drawn_texts(fig):
        extent = text.get_window_extent(renderer)
        if (
            extent.x0 < box.x0 - 0.5
            or extent.y0 < box.y0 - 0.5
            or extent.x1 > box.x1 + 0.5
            or extent.y1 > box.y1 + 0.5
        ):
            cut.append(text.get_text())
    return cut


def _long_ids() -> ci.Initiative:
    """Three partners with ids of 60 characters, working on one indicator, untied."""
    ids = [f"{word}-" + "x" * (59 - len(word)) for word in ("first", "second", "third")]
    return ci.Initiative(
        name="Long ids",
        partners=[ci.Partner(id=p, name=p, sector="nonprofit") for p in ids],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        indicators=[ci.Indicator(id="i", name="I")],
        activities=[
            ci.Activity(id=f"a{k}", name=f"A{k}", partners=[p], contributes={"i": 0.8})
            for k, p in enumerate(ids)
        ],
    )


@pytest.mark.parametrize("example", ["workforce", "cradle-to-career", "long ids"])
def test_every_label_is_inside_the_figure_as_saved(example: str) -> None:
    """Saved at the size the functions choose, the condition names were cut at the left
    edge (37% of "mutually reinforcing activities" showed), the heat map's rotated ids at the
    bottom and long ids off the network's figure. Every text now lies inside the figure."""
    init = _long_ids() if example == "long ids" else ci.load_example(example)
    result = ci.assess(init)
    for ax in (
        plot_conditions(result),
        plot_gap_heatmap(result),
        plot_network(result.initiative, assessment=result),
        *(plot_indicator(init, i.id, assessment=result) for i in init.indicators[:2]),
    ):
        assert _cut_texts(ax) == [], (example, ax.get_title(), _cut_texts(ax))


@pytest.mark.parametrize("top", [0, -3, 1])
def test_heatmap_refuses_a_top_below_two(workforce_assessment: ci.Assessment, top: int) -> None:
    """top=0 or -3 drew "no coordination gaps" for an initiative with 14 pairs losing
    reinforcement; top=1 one white cell with colour limits (-0.1, 0.1)."""
    with pytest.raises(ci.ArgumentValueError, match=r"top must be an integer \(int\) from 2"):
        plot_gap_heatmap(workforce_assessment, top=top)


@pytest.mark.parametrize("top", [2.5, "5", None, True])
def test_heatmap_refuses_a_top_not_a_whole_number(
    workforce_assessment: ci.Assessment, top: object
) -> None:
    error = ci.ArgumentValueError if top is True else ci.ArgumentTypeError
    with pytest.raises(error, match=r"top must be an integer \(int\) from 2"):
        plot_gap_heatmap(workforce_assessment, top=top)  # type: ignore[arg-type]


def test_plot_arguments_of_the_wrong_kind_are_refused(
    workforce_assessment: ci.Assessment,
) -> None:
    """seed=-1, "a" or 1.5 raised numpy's ValueError; an initiative given for an assessment,
    or a figure for an Axes, an AttributeError. Each is an error of the library now."""
    init = workforce_assessment.initiative
    with pytest.raises(ci.ArgumentValueError, match="seed"):
        plot_network(init, assessment=workforce_assessment, seed=-1)
    for seed in ("a", 1.5):
        with pytest.raises(ci.ArgumentTypeError, match="seed"):
            plot_network(init, assessment=workforce_assessment, seed=seed)  # type: ignore[arg-type]
    for draw in (plot_conditions, plot_gap_heatmap, flagged_partner_pairs):
        with pytest.raises(ci.ArgumentTypeError, match="assess it first"):
            draw(init)  # type: ignore[operator]
    with pytest.raises(ci.ArgumentTypeError, match="ax: expected a matplotlib Axes"):
        plot_conditions(workforce_assessment, ax=plt.figure())  # type: ignore[arg-type]
    with pytest.raises(ci.ArgumentTypeError, match="expected an Initiative"):
        plot_network(workforce_assessment)  # type: ignore[arg-type]


def test_flagged_pairs_read_one_code_given_as_text_and_refuse_unknown_codes(
    c2c_assessment: ci.Assessment,
) -> None:
    """flagged_partner_pairs(r, "duplication") iterated the letters and returned nothing (a
    tuple gave the pair); "no-such-code" was ignored silently."""
    pairs = flagged_partner_pairs(c2c_assessment, ("duplication",))
    assert pairs
    assert flagged_partner_pairs(c2c_assessment, "duplication") == pairs
    with pytest.raises(ci.ArgumentValueError, match="did you mean 'duplication'"):
        flagged_partner_pairs(c2c_assessment, ("duplicaton",))
    with pytest.raises(ci.ArgumentTypeError, match="codes"):
        flagged_partner_pairs(c2c_assessment, (1,))  # type: ignore[arg-type]


_CVD = {  # Machado, Oliveira and Fernandes (2009), severity 1, on linear RGB
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of a linear RGB colour."""
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ rgb
        / np.array([0.95047, 1.0, 1.08883])
    )
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("deficiency", sorted(_CVD))
def test_sector_colours_stay_apart_under_colour_vision_deficiencies(deficiency: str) -> None:
    """Under protanopia nonprofit and business were 4.6 apart (CIE76), under deuteranopia
    the business green 7.3 from the gap red: below about 10, hard to tell apart at marker
    size. Every two of the sector colours and the gap colour are at least 15 apart now, and
    each sector has a marker shape of its own."""
    from matplotlib.colors import to_rgb

    matrix = np.array(_CVD[deficiency])
    colours = {**SECTOR_COLORS, "gap": GAP_COLOR}
    lab = {}
    for name, colour in colours.items():
        srgb = np.array(to_rgb(colour))
        linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
        lab[name] = _lab(np.clip(matrix @ linear, 0, 1))
    closest = min(
        (float(np.linalg.norm(lab[a] - lab[b])), a, b)
        for k, a in enumerate(lab)
        for b in list(lab)[k + 1 :]
    )
    assert closest[0] >= 15, closest
    from collective_impact.plotting import SECTOR_MARKERS

    assert set(SECTOR_MARKERS) == set(SECTOR_COLORS)
    assert len(set(SECTOR_MARKERS.values())) == len(SECTOR_MARKERS)


def test_crowded_network_labels_the_gaps_partners_and_says_so(synth200: ci.Assessment) -> None:
    """200 partners drew 200 overlapping labels. Above max_labels only the partners of the
    coordination gaps are labelled, and a note says how many."""
    init = synth200.initiative
    ax = plot_network(init, assessment=synth200)
    flagged = {p for pair in flagged_partner_pairs(synth200) for p in pair}
    (note,) = [t for t in ax.texts if "partners labelled" in t.get_text()]
    labels = {t.get_text() for t in ax.texts} - {note.get_text()}
    assert labels == flagged
    assert note.get_text().startswith(f"{len(flagged)} of 200 partners labelled")
    every = plot_network(init, assessment=synth200, max_labels=None)
    assert len(every.texts) == 200


def test_heatmap_drawn_again_on_one_axes_keeps_one_colorbar(
    workforce_assessment: ci.Assessment,
) -> None:
    """Drawing the heat map twice on one Axes added a second colorbar (3 axes)."""
    _fig, ax = plt.subplots()
    plot_gap_heatmap(workforce_assessment, ax=ax)
    plot_gap_heatmap(workforce_assessment, ax=ax, top=3)
    assert len(ax.get_figure().axes) == 2
    assert len(ax.get_images()) == 1
    assert len(ax.get_yticklabels()) == 3


def test_conditions_write_a_score_not_a_number_as_a_dash() -> None:
    """A NaN score (a hand-built or read assessment) was an empty bar with an empty label,
    read as 0; it is the dash every view writes."""
    import math

    import attrs

    result = ci.assess(ci.load_example("workforce"))
    result = attrs.evolve(result, scores=attrs.evolve(result.scores, shared_measurement=math.nan))
    ax = plot_conditions(result)
    labels = [t.get_text() for t in ax.texts]
    assert labels[1] == score_text(math.nan) != ""
    assert ax.patches[1].get_width() == 0.0


class TestWhatThePlotReviewFound:
    """Found by a reviewer of what analysts see (thirty-seventh session)."""

    @pytest.mark.parametrize(
        ("level", "words"),
        [(0.999, "99.9%"), (0.9999, "99.99%"), (0.975, "97.5%"), (0.004, "0.4%"), (0.8, "80%")],
    )
    def test_the_forecast_legend_says_the_level_as_chosen(
        self, c2c: ci.Initiative, level: float, words: str
    ) -> None:
        """``{level:.0%}`` labelled a 99.9% interval "100% interval", a claim of certainty,
        and a 0.4% one "0% interval"."""
        result = ci.assess(c2c, config=ci.ScoringConfig(prediction_level=level))
        ax = plot_indicator(c2c, "k-ready", assessment=result)
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        # k-ready is reported once a year: the forecast is of its target year's figure
        assert f"forecast of 2028's figure ({words} interval)" in texts
        from collective_impact.htmlreport import render_report

        page = render_report(result)
        assert f"{words} prediction interval" in page
        assert "100% prediction interval" not in page

    def test_a_group_named_all_is_not_the_whole_population(self) -> None:
        """A group "all" had the whole population's label and gid: the legend read
        ['all', 'all', ...] and a look-up by gid found one of the two lines."""
        init = ci.load_example("workforce")
        ind = init.indicator("employed-after-exit")
        grouped = [attrs.evolve(o, group="all", value=o.value - 10) for o in ind.observations]
        ind = attrs.evolve(ind, observations=[*ind.observations, *grouped])
        init = init.evolve(indicators=[ind if i.id == ind.id else i for i in init.indicators])
        ax = plot_indicator(init, ind.id, assessment=ci.assess(init))
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts.count("all") == 1
        assert "all (group)" in texts
        (whole,) = [ln for ln in ax.get_lines() if ln.get_gid() == "series:all"]
        (group,) = [ln for ln in ax.get_lines() if ln.get_gid() == "series:all (group)"]
        assert [v - 10 for v in whole.get_ydata()] == list(group.get_ydata())


class TestLongIdsReadApart:
    """Two partner ids of one long prefix were cut to the same 31 characters and "…": the
    heat map's coordination gap between them read as a partner paired with itself, and the
    network wrote one label twice (found by a reviewer: the workforce example with two
    partners renamed "city-colleges-of-chicago-district-office-north" and "…-south")."""

    NORTH = "city-colleges-of-chicago-district-office-north"
    SOUTH = "city-colleges-of-chicago-district-office-south"

    def renamed(self, reverse: bool = False) -> ci.Initiative:
        import json

        new = {"community-colleges": self.NORTH, "state-workforce": self.SOUTH}

        def rename(o: object) -> object:
            if isinstance(o, dict):
                return {rename(k): rename(v) for k, v in o.items()}
            if isinstance(o, list):
                return [rename(v) for v in o]
            return new.get(o, o) if isinstance(o, str) else o

        tree = rename(json.loads(ci.dumps(ci.load_example("workforce"), format="json")))
        init = ci.loads(json.dumps(tree), format="json")
        return init.evolve(partners=init.partners[::-1]) if reverse else init

    def test_the_heat_map_and_the_network_write_them_apart(self) -> None:
        init = self.renamed()
        result = ci.assess(init)
        ax = plot_gap_heatmap(result)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(set(labels)) == len(labels)
        north, south = "city-colleges-of…ct-office-north", "city-colleges-of…ct-office-south"
        assert {north, south} <= set(labels)
        assert max(map(len, labels)) <= 32
        assert (north, south) in _outlined_pairs(ax)  # a gap between two, not one with itself
        network = plot_network(init, assessment=result)
        texts = [t.get_text() for t in network.texts if t.get_text().startswith("city")]
        assert sorted(texts) == [north, south]
        again = plot_network(self.renamed(reverse=True), labels=True)
        assert sorted(t.get_text() for t in again.texts) == sorted(
            t.get_text() for t in network.texts
        )

    def test_ids_alike_once_cut_are_numbered_in_any_order(self) -> None:
        from collective_impact.plotting import _short_labels

        twins = ["a" * 20 + "-one-" + "z" * 20, "a" * 20 + "-two-" + "z" * 20, "b"]
        labels = _short_labels(twins)
        assert len(set(labels.values())) == 3
        assert all(len(label) <= 32 for label in labels.values())
        assert labels[twins[0]].endswith(" [1]")
        assert labels[twins[1]].endswith(" [2]")
        assert labels["b"] == "b"
        assert _short_labels(twins[::-1]) == labels
        # an id written like the numbered label of another is numbered on
        tricky = [*twins, labels[twins[0]]]
        assert len(set(_short_labels(tricky).values())) == 4


def _grouped(groups: dict[str, tuple[int, ...]], target: bool = True) -> ci.Initiative:
    """An annual indicator reported for the whole population in 2021-2023 and for ``groups``
    in the years each names; with a baseline and a target, or neither."""
    obs = [{"date": f"{y}-06-30", "value": 20.0 + y - 2021} for y in (2021, 2022, 2023)]
    obs += [
        {"date": f"{y}-06-30", "value": 10.0 + k + y - 2021, "group": g}
        for k, (g, years) in enumerate(sorted(groups.items()))
        for y in years
    ]
    ind = ci.Indicator(
        id="x",
        name="Reading",
        frequency="annual",
        observations=obs,
        target={"date": "2026-06-30", "value": 60} if target else None,
        baseline={"date": "2020-06-30", "value": 18} if target else None,
        direction="increase",
    )
    partner = ci.Partner(id="p", name="P", sector="nonprofit")
    return ci.Initiative(name="T", partners=[partner], indicators=[ind])


def _group_lines(ax: plt.Axes) -> list[Line2D]:
    return [ln for ln in _lines(ax, "series:") if ln.get_gid() != "series:all"]


class TestEveryGroupReadsApart:
    """plot_indicator drew group 16 exactly as group 1 (5 colours × 3 line styles), and a group
    named "target", "baseline" or "trend" made a second legend entry of that name (found by a
    reviewer)."""

    YEARS = (2021, 2022, 2023)

    def test_sixteen_groups_sixteen_styles(self) -> None:
        init = _grouped({f"school-{g:02d}": self.YEARS for g in range(16)})
        lines = _group_lines(plot_indicator(init, "x"))
        styles = [(to_hex(ln.get_color()), ln.get_linestyle(), ln.get_marker()) for ln in lines]
        assert len(lines) == 16
        assert len(set(styles)) == 16
        assert {m for _, _, m in styles[:15]} == {"."}  # the first 15 as they were

    def test_past_thirty_the_groups_compared_first_the_rest_grey_under_one_entry(self) -> None:
        """35 groups reported in 2021 only and two, z1 and z2, every year: the disparity
        compares z1 and z2, which keep styles of their own though last by name; 30 styles
        in all, and the 7 groups left are drawn alike, under one entry that says so."""
        groups = {f"a{g:02d}": (2021,) for g in range(35)} | {"z1": self.YEARS, "z2": self.YEARS}
        init = _grouped(groups)
        disparity = ci.assess(init).indicator("x").disparity
        assert disparity is not None
        assert disparity.groups == ("z1", "z2")
        ax = plot_indicator(init, "x")
        lines = {ln.get_gid().removeprefix("series:"): ln for ln in _group_lines(ax)}
        assert len(lines) == 37
        grey = {g for g, ln in lines.items() if to_hex(ln.get_color()) == "#bbbbbb"}
        assert len(grey) == 7
        assert {"z1", "z2"}.isdisjoint(grey)
        assert grey == {f"a{g:02d}" for g in range(28, 35)}
        styled = [ln for g, ln in lines.items() if g not in grey]
        styles = {(to_hex(ln.get_color()), ln.get_linestyle(), ln.get_marker()) for ln in styled}
        assert len(styles) == 30
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts.count("7 more groups, not told apart") == 1
        assert len(set(texts)) == len(texts)

    @pytest.mark.parametrize("target", [True, False])
    def test_a_group_named_like_an_entry_of_the_chart(self, target: bool) -> None:
        init = _grouped(
            {"target": self.YEARS, "target (group)": self.YEARS, "Baseline ": self.YEARS},
            target=target,
        )
        ax = plot_indicator(init, "x")
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert len(set(texts)) == len(texts), texts
        assert any(t.startswith("trend (") for t in texts)
        if target:
            assert texts.count("target") == 1
            assert texts.count("baseline") == 1
            assert "target (group) (group)" in texts
            assert "Baseline (group)" in texts
        else:  # neither drawn: the groups keep their names
            assert {"target", "target (group)", "Baseline "} <= set(texts)


def test_superseded_reports_are_drawn_apart() -> None:
    """p's preliminary 44 of March 2025, revised to 49 in September, and q's 47: the point is
    (49 + 47) / 2 = 48, but the three reports were drawn alike under "reports; each partner's
    latest, averaged into one point a year", and did not average to it (found by a reviewer).
    The superseded 44 is a cross of its own entry; the circles average to the point."""
    obs = [
        {"date": "2023-09-01", "value": 40, "reported_by": "p"},
        {"date": "2024-09-01", "value": 42, "reported_by": "p"},
        {"date": "2025-03-01", "value": 44, "reported_by": "p"},
        {"date": "2025-09-01", "value": 49, "reported_by": "p"},
        {"date": "2025-09-15", "value": 47, "reported_by": "q"},
    ]
    ind = ci.Indicator(
        id="x",
        name="X",
        frequency="annual",
        observations=obs,
        baseline={"date": "2022-09-01", "value": 38},
        target={"date": "2028-09-30", "value": 60},
    )
    partners = [ci.Partner(id=i, name=i, sector="nonprofit") for i in "pq"]
    ax = plot_indicator(ci.Initiative(name="T", partners=partners, indicators=[ind]), "x")
    (point,) = [v for d, v in _xy(_lines(ax, "series:all")[0]) if d.year == 2025]
    (reports,) = _lines(ax, "reports:all")
    assert point == 48.0 == float(np.mean(reports.get_ydata()))
    (superseded,) = _lines(ax, "superseded:all")
    assert _xy(superseded) == [(dt.date(2025, 3, 1), 44.0)]
    assert superseded.get_marker() != reports.get_marker()
    assert superseded.get_label() == "superseded by a later report of the same partner"
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "superseded by a later report of the same partner" in texts


def test_heatmap_drawn_again_after_nothing_lost_and_before_it(
    workforce_assessment: ci.Assessment, tmp_path: Path
) -> None:
    """The map of an initiative with nothing lost hid the axis, and a heat map drawn after it
    on the same Axes was drawn without its ids (found by a reviewer); the other way round, the
    note kept the heat map's legend and labels, and stood off centre."""
    empty = ci.assess(
        ci.Initiative(name="E", partners=[ci.Partner(id="a", name="A", sector="nonprofit")])
    )
    ax = plot_gap_heatmap(empty)
    assert not ax.axison
    ax = plot_gap_heatmap(workforce_assessment, ax=ax)
    assert ax.axison
    assert len(ax.get_yticklabels()) == 7
    assert ax.get_xlabel().startswith("lead partner")
    assert [t.get_text() for t in ax.texts] == []  # the note went
    ax.get_figure().savefig(tmp_path / "after.png")
    ax = plot_gap_heatmap(empty, ax=ax)
    assert not ax.axison
    assert ax.get_legend() is None
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("", "")
    assert list(ax.get_yticks()) == []
    assert len(ax.get_figure().axes) == 1  # no colour bar
    (note,) = ax.texts
    assert note.get_transform() == ax.transAxes
    assert note.get_position() == (0.5, 0.5)
    ax.get_figure().savefig(tmp_path / "before.png")


@pytest.mark.parametrize(
    ("baseline", "target"),
    [("2019-06-01", "9999-12-31"), ("0001-01-01", "2030-06-01"), ("0001-01-01", "9999-12-31")],
)
def test_dates_at_the_ends_of_the_calendar_draw(baseline: str, target: str, tmp_path: Path) -> None:
    """A target dated 9999-12-31 (a spreadsheet's "no date"): plot_indicator returned, and
    the figure failed when it was drawn (in a notebook, when shown): the margin around the
    target went past year 9999, beyond matplotlib's dates (found by a reviewer). The x axis
    now ends within them; so it begins with a baseline of year 1."""
    ind = ci.Indicator(
        id="x",
        name="X",
        direction="increase",
        observations=[
            {"date": f"{y}-06-01", "value": v} for y, v in ((2020, 1), (2021, 2), (2022, 3))
        ],
        baseline={"date": baseline, "value": 0},
        target={"date": target, "value": 100},
    )
    partner = ci.Partner(id="p", name="P", sector="nonprofit")
    init = ci.Initiative(name="T", partners=[partner], indicators=[ind])
    ax = plot_indicator(init, "x")
    ax.get_figure().savefig(tmp_path / "x.png")  # raised ValueError before
    low, high = ax.get_xlim()
    assert matplotlib.dates.num2date(low).year >= 1
    assert matplotlib.dates.num2date(high).date() <= dt.date(9999, 12, 31)
    (star,) = _lines(ax, "target")
    assert low <= matplotlib.dates.date2num(star.get_xdata()[0]) <= high  # still in view


def test_a_late_figure_is_drawn_on_the_line_with_its_forecast() -> None:
    """Figures of 1 March 2022-2024 (63, 67, 71) and 2025's 75.5 filed late, on 2 May; 76 by
    2025-12-31, judged on 2025-06-01 (docs/measurement.md, "Time"). The trend counts 2025's
    figure at the series' usual place, 1 March 2025 (t = 3): the line through 63, 67, 71,
    75.5 at t = 0, 1, 2, 3 has slope (S_ty / S_tt) = 20.75 / 5 = 4.15, intercept 69.125 -
    4.15 * 1.5 = 62.9, 75.35 at t = 3, where the forecast of 2025's figure is too. 2025's point
    was drawn at 2 May, two months right of its place on the line, and the forecast's
    diamond before it; both are now at 1 March 2025, and the dotted line drawn through the
    points' places gives the trend's value at each."""
    import matplotlib.dates as mdates

    rows = [("2022-03-01", 63.0), ("2023-03-01", 67.0), ("2024-03-01", 71.0)]
    init = _annual_k(
        [{"date": d, "value": v} for d, v in [*rows, ("2025-05-02", 75.5)]],
        baseline=("2021-03-01", 59.0),
        target=("2025-12-31", 76.0),
        as_of=dt.date(2025, 6, 1),
    )
    record = ci.assess(init).indicator("k")
    assert record.forecast is not None
    assert record.forecast.date == dt.date(2025, 3, 1)
    assert record.forecast.value == pytest.approx(75.35)
    ax = plot_indicator(init, "k")
    (line,) = _lines(ax, "series:all")
    drawn = _xy(line)
    assert [d for d, _ in drawn] == [dt.date(y, 3, 1) for y in range(2022, 2026)]
    (trend,) = _lines(ax, "trend")
    line_at = dict(_xy(trend))
    assert record.trend is not None
    for day, _ in drawn:
        # the dotted line passes through the trend's value at each point's place
        assert line_at[day] == pytest.approx(record.trend.value_at(day), rel=1e-12)
    assert line_at[dt.date(2025, 3, 1)] == pytest.approx(75.35)
    (diamond,) = [c for c in ax.containers if hasattr(c, "lines")]
    assert float(mdates.date2num(diamond.lines[0].get_xdata()[0])) == pytest.approx(
        float(mdates.date2num(drawn[-1][0]))
    )


def _running(groups: bool = True, whole: bool = True) -> ci.Initiative:
    """Annual figures 63, 69, 76 of 1 September 2022-2024 and 2026's 70 so far, reported on 1
    March 2026 (the whole population's, and group ``women``'s 3 more, unless not ``whole`` or
    ``groups``); baseline 59 on 2021-09-01, 75 by 2025-06-30, judged on 2026-04-01."""
    rows = [("2022-09-01", 63.0), ("2023-09-01", 69.0), ("2024-09-01", 76.0)]
    rows.append(("2026-03-01", 70.0))
    observations = [{"date": d, "value": v} for d, v in rows] if whole else []
    if groups:
        observations += [{"date": d, "value": v + 3, "group": "women"} for d, v in rows]
    return _annual_k(
        observations,
        baseline=("2021-09-01", 59.0),
        target=("2025-06-30", 75.0),
        as_of=dt.date(2026, 4, 1),
    )


def _annual_k(
    observations: list[dict[str, Any]],
    *,
    baseline: tuple[str, float],
    target: tuple[str, float],
    as_of: dt.date,
) -> ci.Initiative:
    """One partner and one annual indicator ``k`` to increase, with ``observations``, its
    ``baseline`` and ``target`` (date, value), judged on ``as_of``."""
    ind = ci.Indicator(
        id="k",
        name="K",
        frequency="annual",
        direction="increase",
        baseline={"date": baseline[0], "value": baseline[1]},
        target={"date": target[0], "value": target[1]},
        observations=observations,
    )
    return ci.Initiative(
        name="I",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[ind],
        as_of=as_of,
    )


class TestAFigureSoFarIsNotDrawnAfterTheDateOfJudgement:
    """The charts draw each point where the trend counts it, at the indicator's usual place
    in its period (docs/measurement.md, "Time"), but a figure so far of a period still
    running, filed before that place, is drawn at its report: the place is after the date of
    judgement (found by a reviewer)."""

    def test_the_whole_population_s_figure_so_far_at_its_report(self) -> None:
        """The usual place is 1 September; 2026's 70 of 1 March, judged on 1 April 2026, was
        drawn at 2026-09-01, five months after the date of judgement. It is drawn at its
        report, the others at 1 September. The trend counts 2026 at 1 September (t = 0, 1,
        2, 4: mean t 1.75, S_tt = 1.75² + 0.75² + 0.25² + 2.25² = 8.75, S_ty = 1.75 * 6.5 +
        0.75 * 0.5 + 0.25 * 6.5 + 2.25 * 0.5 = 14.5, slope 14.5 / 8.75 = 1.657142857,
        intercept 69.5 - 1.657142857 * 1.75 = 66.6); the dotted line runs through the
        points' places to the last point drawn, 72.4 at 1 March 2026 (t = 3.5), where 70 sits
        off it, and not on to 1 September."""
        init = _running(groups=False)
        ax = plot_indicator(init, "k")
        (line,) = _lines(ax, "series:all")
        assert [d for d, _ in _xy(line)] == [
            dt.date(2022, 9, 1),
            dt.date(2023, 9, 1),
            dt.date(2024, 9, 1),
            dt.date(2026, 3, 1),
        ]
        (trend,) = _lines(ax, "trend")
        line_at = dict(_xy(trend))
        assert min(line_at) == dt.date(2022, 9, 1)
        assert max(line_at) == dt.date(2026, 3, 1)
        assert line_at[dt.date(2022, 9, 1)] == pytest.approx(66.6, rel=1e-12)
        assert line_at[dt.date(2024, 9, 1)] == pytest.approx(66.6 + 2 * 14.5 / 8.75, rel=1e-12)
        assert line_at[dt.date(2026, 3, 1)] == pytest.approx(72.4, rel=1e-12)
        low, high = ax.get_xlim()
        assert low <= matplotlib.dates.date2num(dt.date(2026, 3, 1)) <= high

    def test_a_group_s_points_at_the_whole_population_s_places(self) -> None:
        """Group ``women`` reports on the same days: its points are drawn where the whole
        population's are, 1 September of each year and 1 March 2026 (they stayed at their
        reports, 2026's at 1 March while the whole population's was at 1 September): a
        period's figure of a group and of the whole population are one date on one axis
        (docs/measurement.md, "One place for every line of an indicator")."""
        ax = plot_indicator(_running(), "k")
        (whole,) = _lines(ax, "series:all")
        (women,) = _lines(ax, "series:women")
        assert [d for d, _ in _xy(women)] == [d for d, _ in _xy(whole)]
        assert [v for _, v in _xy(women)] == [66.0, 72.0, 79.0, 73.0]

    def test_a_group_reported_apart_at_the_indicator_s_place(self) -> None:
        """The whole population's usual place is 1 September; group ``late`` reports 2023's
        figure on 15 December, 2025's on 1 March 2025 and 2026's so far on 15 January 2026:
        drawn at 2023-09-01 and 2025-09-01, where the measurement counts them (at their
        reports, 2023's stood three and a half months right of the whole population's figure
        of the year), and 2026's at its report, its place (2026-09-01) after the date of
        judgement."""
        import attrs

        init = _running(groups=False)
        ind = init.indicator("k")
        rows = [
            ci.Observation(date=dt.date(2023, 12, 15), value=60.0, group="late"),
            ci.Observation(date=dt.date(2025, 3, 1), value=65.0, group="late"),
            ci.Observation(date=dt.date(2026, 1, 15), value=66.0, group="late"),
        ]
        init = init.evolve(indicators=[attrs.evolve(ind, observations=[*ind.observations, *rows])])
        ax = plot_indicator(init, "k")
        (late,) = _lines(ax, "series:late")
        assert [d for d, _ in _xy(late)] == [
            dt.date(2023, 9, 1),
            dt.date(2025, 9, 1),
            dt.date(2026, 1, 15),
        ]

    def test_groups_alone_at_their_own_usual_place(self) -> None:
        """With no whole-population value, the groups' points sit at the usual place of every
        group's points (the measurement's, docs/measurement.md): ``women``'s 1 September
        (of 1 September three times, 1 March, and ``men``'s 1 November: the lower median is
        the ninth month's 1st), its 2026 figure so far at its report, 1 March; ``men``'s
        figure of 1 November 2023 at 1 September (at its report before)."""
        import attrs

        init = _running(whole=False)
        ind = init.indicator("k")
        men = ci.Observation(date=dt.date(2023, 11, 1), value=61.0, group="men")
        init = init.evolve(indicators=[attrs.evolve(ind, observations=[*ind.observations, men])])
        ax = plot_indicator(init, "k")
        (line,) = _lines(ax, "series:men")
        assert _xy(line) == [(dt.date(2023, 9, 1), 61.0)]
        (women,) = _lines(ax, "series:women")
        assert [d for d, _ in _xy(women)] == [
            dt.date(2022, 9, 1),
            dt.date(2023, 9, 1),
            dt.date(2024, 9, 1),
            dt.date(2026, 3, 1),
        ]
