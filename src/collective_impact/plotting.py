"""Plots of an initiative and its assessment, drawn with matplotlib (an optional dependency).

Install it with ``pip install 'collective-impact[plot]'``. Every function draws on the
``ax`` it is given (or on a new figure when ``ax`` is ``None``) and returns that Axes, so plots
can be combined and restyled with ordinary matplotlib calls. matplotlib is imported only when a
function is called; without it they raise :class:`MissingDependencyError`.

* :func:`plot_network` — the partners and their ties, coloured by sector, coordination gaps
  dashed.
* :func:`plot_indicator` — an indicator's observations, groups, baseline, target, trend and
  forecast.
* :func:`plot_gap_heatmap` — the partner × partner coordination gaps.
* :func:`plot_conditions` — the five condition scores and the overall score.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import collective_impact as ci
>>> from collective_impact.plotting import plot_conditions
>>> result = ci.assess(ci.load_example("workforce"))
>>> ax = plot_conditions(result)
>>> [round(bar.get_width(), 6) for bar in ax.patches] == [
...     round(v, 6) for v in result.scores.to_dict().values()]
True
>>> plt.close("all")
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from ._text import amount, score_text, status_words
from .analysis._canonical import canonical
from .analysis.conditions import SCORE_KEYS
from .analysis.measurement import (
    _PERIOD_NOUNS,
    IndicatorMeasurement,
    _period_points,
    baseline_until,
    group_names,
    known_baseline,
    measured_start,
    measurement,
    resolve_as_of,
)
from .analysis.network import tie_graph
from .errors import MissingDependencyError
from .model import Frequency, Initiative, Observation
from .report import Assessment, assess

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "FLAGGED_GAP_CODES",
    "GAP_COLOR",
    "SECTOR_COLORS",
    "MissingDependencyError",
    "flagged_partner_pairs",
    "plot_conditions",
    "plot_gap_heatmap",
    "plot_indicator",
    "plot_network",
]

#: Colour of each sector in :func:`plot_network` (the matplotlib ``tab10`` colours, red left out
#: because it marks gaps).
SECTOR_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "government": "#1f77b4",
        "nonprofit": "#ff7f0e",
        "business": "#2ca02c",
        "philanthropy": "#9467bd",
        "community": "#8c564b",
        "academic": "#e377c2",
        "faith": "#bcbd22",
        "other": "#7f7f7f",
    }
)

#: Colour of the flagged gap pairs in :func:`plot_network`.
GAP_COLOR = "#d62728"

#: Gap codes :func:`flagged_partner_pairs` reads by default, and the only code
#: :func:`plot_network` draws: a pair of partners whose work depends on each other and whose tie
#: the assessment finds missing or too weak. (``duplication`` is left out: two duplicating
#: activities may be led by partners the assessment calls coordinated, and the plot must never
#: draw a coordination gap between those.)
FLAGGED_GAP_CODES = ("uncoordinated-interdependence",)

#: The gap code :func:`plot_network` draws as a dashed "coordination gap".
_COORDINATION_GAP = "uncoordinated-interdependence"

_TIE_COLOR = "#555555"


def _pyplot() -> Any:
    """Import and return :mod:`matplotlib.pyplot`, or raise :class:`MissingDependencyError`."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingDependencyError("matplotlib", "plot") from exc
    return plt


def _axes(ax: Axes | None, **figure: Any) -> Axes:
    if ax is not None:
        _pyplot()
        return ax
    _fig, new = _pyplot().subplots(**figure)
    result: Axes = new
    return result


def _dates(days: Iterable[dt.date]) -> Any:
    """Return ``days`` as a list matplotlib plots as dates (its stubs only accept numbers)."""
    return list(days)


def flagged_partner_pairs(
    assessment: Assessment, codes: Iterable[str] = FLAGGED_GAP_CODES
) -> set[tuple[str, str]]:
    """Return the sorted partner pairs behind the gaps with the given ``codes``.

    By default only ``uncoordinated-interdependence`` (:data:`FLAGGED_GAP_CODES`).
    ``uncoordinated-interdependence`` names two partners; ``duplication`` a cluster of
    activities, mapped to every pair of their distinct lead (first) partners;
    ``conflicting-activities`` an activity pushing against others, mapped to the pairs of its
    lead partner with the lead partner of each activity it pushes against
    (:meth:`Assessment.conflict_pairs <collective_impact.Assessment.conflict_pairs>`), when
    they differ. Other codes are ignored.

    Parameters
    ----------
    assessment
        The assessment whose gaps are read.
    codes
        The gap codes whose partner pairs are returned.

    Returns
    -------
    set of tuple of str
        The pairs ``(p, q)`` of partner ids, ``p < q``: the pairs :func:`plot_network` draws
        as coordination gaps.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("workforce"))
    >>> sorted(flagged_partner_pairs(result))
    [('community-colleges', 'resident-council'), ('community-colleges', 'state-workforce'),
     ('job-readiness-provider', 'state-workforce')]
    """
    init = assessment.initiative
    wanted = set(codes)
    pairs: set[tuple[str, str]] = set()
    for gap in assessment.gaps:
        if gap.code not in wanted:
            continue
        if gap.code == "uncoordinated-interdependence":
            leads = list(gap.subjects)
        elif gap.code == "duplication":
            leads = [init.activity(a).partners[0] for a in gap.subjects]
        elif gap.code == "conflicting-activities":
            found = assessment.conflict_pairs()
            (who,) = gap.primary
            lead = init.activity(who).partners[0]
            for other in found.opponents(who):
                q = init.activity(other).partners[0]
                if q != lead:
                    pairs.add((min(lead, q), max(lead, q)))
            continue
        else:
            continue
        for p, q in itertools.combinations(sorted(set(leads)), 2):
            pairs.add((p, q))
    return pairs


def plot_network(
    initiative: Initiative,
    *,
    assessment: Assessment | None = None,
    ax: Axes | None = None,
    seed: int = 0,
    labels: bool = True,
) -> Axes:
    """Draw the tie network: partners by sector, ties by strength, coordination gaps dashed.

    Nodes are placed by :func:`networkx.spring_layout` (weighted by tie strength, seeded by
    ``seed``) and drawn as one scatter per sector in the colours of :data:`SECTOR_COLORS`, with a
    legend. A tie is a solid grey line of width ``0.5 + 3 * strength``. A "coordination gap" is
    drawn as a dashed red line between two partners exactly when the assessment has an
    ``uncoordinated-interdependence`` gap for them (their work depends on each other and their
    tie is missing or weaker than adequate); never between partners the assessment calls
    coordinated.

    Parameters
    ----------
    initiative
        The initiative.
    assessment
        Its assessment, for the gaps; computed with :func:`~collective_impact.assess` when
        ``None``.
    ax
        The Axes to draw on; a new figure when ``None``.
    seed
        Seed of the layout.
    labels
        Whether to write each partner's id next to its node.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    The workforce example's 21 ties join 19 pairs of partners; three pairs whose work depends
    on each other are not tied, and are drawn dashed:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("workforce"))
    >>> ax = plot_network(result.initiative, assessment=result, labels=False)
    >>> lines = {collection.get_label(): collection for collection in ax.collections}
    >>> len(lines["tie"].get_segments()), len(lines["coordination gap"].get_segments())
    (19, 3)
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['tie', 'coordination gap', 'government', 'nonprofit', 'business', 'philanthropy',
     'community', 'academic']
    >>> plt.close("all")
    """
    ax = _axes(ax, figsize=(8, 8))
    from matplotlib.collections import LineCollection  # matplotlib stays an optional extra

    if assessment is None:
        assessment = assess(initiative)
    # the canonical initiative: with one seed, one picture, whatever the order of the file
    initiative = canonical(initiative)
    graph = tie_graph(initiative)
    pos: dict[str, Any] = nx.spring_layout(graph, seed=seed, weight="strength")
    flagged = flagged_partner_pairs(assessment, (_COORDINATION_GAP,))

    solid, widths = [], []
    for u, v, data in graph.edges(data=True):
        if tuple(sorted((u, v))) in flagged:
            continue
        solid.append([pos[u], pos[v]])
        widths.append(0.5 + 3.0 * float(data["strength"]))
    if solid:
        ax.add_collection(
            LineCollection(
                solid, linewidths=widths, colors=_TIE_COLOR, alpha=0.6, zorder=1, label="tie"
            )
        )
    dashed, dashed_widths = [], []
    for p, q in sorted(flagged):
        strength = float(graph.get_edge_data(p, q, default={}).get("strength", 0.0))
        dashed.append([pos[p], pos[q]])
        dashed_widths.append(0.5 + 3.0 * strength if strength > 0 else 1.5)
    if dashed:
        ax.add_collection(
            LineCollection(
                dashed,
                linewidths=dashed_widths,
                colors=GAP_COLOR,
                linestyles="dashed",
                zorder=2,
                label="coordination gap",
            )
        )

    by_sector: dict[str, list[str]] = {}
    for partner in initiative.partners:
        by_sector.setdefault(partner.sector.value, []).append(partner.id)
    for sector in SECTOR_COLORS:
        ids = by_sector.get(sector)
        if not ids:
            continue
        xy = np.array([pos[i] for i in ids], dtype=np.float64)
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=120,
            c=SECTOR_COLORS[sector],
            edgecolors="white",
            zorder=3,
            label=sector,
        )
        if labels:
            for pid, (x, y) in zip(ids, xy, strict=True):
                ax.annotate(
                    _plain(pid),
                    (float(x), float(y)),
                    xytext=(4, 4),
                    textcoords="offset points",
                    fontsize=8,
                    zorder=4,
                )
    if initiative.partners:
        ax.legend(loc="best", fontsize=8)
    ax.autoscale_view()
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_axis_off()
    ax.set_title(_plain(f"{initiative.name}: partners and ties"))
    return ax


def _as_measured(
    observations: Sequence[Observation],
    measured: Callable[[dt.date], bool],
    frequency: Frequency | None,
) -> tuple[list[tuple[dt.date, float]], list[tuple[dt.date, float]], list[tuple[dt.date, float]]]:
    """Return the history of one series, its points as measured, and the reports behind them.

    The values of the days ``measured`` rejects are history, one point a date: for the whole
    population, those up to the baseline's date or period (turn-the-curve's history, and the
    baseline's own reports, which are the baseline again), for a group those before the
    baseline's date. They measure no progress, and are drawn apart. The others, one point a
    reporting period, each partner's latest report of the period averaged, at its latest date
    (one a date without a ``frequency``, the mean of its values): the points the trend and the
    forecast are fitted on, found by the measurement's own rule
    (:func:`~collective_impact.analysis.measurement._period_points`). The reports returned
    are those of the points that stand for several, superseded ones included, sorted.
    """
    before = _period_points((o for o in observations if not measured(o.date)), None)
    since = _period_points((o for o in observations if measured(o.date)), frequency)
    reports = [
        (r.date, r.value) for p in [*before, *since] if len(p.reports) > 1 for r in p.reports
    ]
    return [(p.date, p.value) for p in before], [(p.date, p.value) for p in since], reports


#: The colours of the groups' lines: none of those of the baseline (blue), the target
#: (green), the forecast (orange), the latest value (purple) or the trend (grey).
_GROUP_COLOURS = ("tab:red", "tab:brown", "tab:pink", "tab:olive", "tab:cyan")
_GROUP_STYLES = ("-", "--", "-.")


def _plain(text: str) -> str:
    """Return text from the data as matplotlib shows it as written.

    Two dollar signs made matplotlib typeset the text between them as mathematics ("paying
    $1 of every $3" read "1ofevery3" in italics; an unbalanced expression failed when the
    figure was drawn), and a legend leaves out a label starting with ``_`` ("_no answer").
    """
    text = text.replace("$", r"\$")
    return f" {text}" if text.startswith("_") else text


def plot_indicator(
    initiative: Initiative,
    indicator_id: str,
    *,
    assessment: Assessment | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw an indicator: observations, groups, baseline, target, trend and forecast.

    The whole-population observations are one line with a marker per point (label ``"all"``);
    each group's observations are a line of their own (labelled with the group). Only what was
    known at the date of judgement is drawn, as it was measured: observations up to ``as_of``,
    the values of one date as their mean (several partners reporting on one date) and, from
    the baseline on, for an indicator with a reporting ``frequency``, one point a period: each
    partner's latest report of the period (a revision stands for the preliminary figure), their
    mean, at the period's latest date, the point the trend and the forecast use (two partners
    reporting a year's figure on 1 and 3 September are one point, on 3 September). The reports
    behind a point are drawn behind it as small hollow circles, superseded ones included
    (label ``"reports; each partner's latest, averaged into one point a year"``, or a quarter,
    a month; ``"reports, averaged into one point a date"`` without a frequency). The latest
    value, on which the status is judged, is the last point, but in the period that holds the
    target date, where only the reports from that date on count (see
    :attr:`~collective_impact.IndicatorMeasurement.latest_value`): it is circled (label
    ``"latest value ..."``) when it is not itself a point drawn. The observations
    after the date of judgement did not exist yet; drawing them beside a status judged
    without them showed, for a snapshot of 2009, values of 2010 above the target under
    "insufficient-data".
    The baseline is a square and the target a star. When there is a trend (two points or more),
    it is the measurement's own line, dotted, from the first point it was fitted on to the
    target date (or the latest observation); when there is a forecast, it is an error bar at
    the target date spanning the prediction interval (not once a value of the target date or
    later is in: the status is then what happened). The title gives the status and the date of
    judgement.

    Parameters
    ----------
    initiative
        The initiative.
    indicator_id
        Id of the indicator.
    assessment
        Its assessment, for the measurement; when ``None`` the indicator is measured with
        :func:`~collective_impact.measurement` as of the initiative's date of judgement (its
        stated ``as_of``, else its latest observation).
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    UnknownIdError
        When the initiative has no such indicator.

    Examples
    --------
    The workforce example's placements are reported once a year. A second partner, mowd,
    reports 2010's figure too, 5,500 on 29 December beside cha's 5,696 on the 31st: the trend
    has one point for 2010, the mean of the two partners' reports, 5,598 on the 31st, drawn
    with the two reports behind it. The target date is 31 December: the value judged against
    the target takes the reports of that date alone, cha's 5,696, and is circled.

    >>> import datetime as dt
    >>> import attrs
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> placements = init.indicator("placements")
    >>> second = ci.Observation(date=dt.date(2010, 12, 29), value=5500.0, reported_by="mowd")
    >>> placements = attrs.evolve(placements, observations=[*placements.observations, second])
    >>> init = init.evolve(indicators=[placements, *init.indicators[1:]])
    >>> ax = plot_indicator(init, "placements")
    >>> lines = {line.get_gid(): line for line in ax.get_lines()}
    >>> sorted(lines)
    ['baseline', 'latest', 'reports:all', 'series:all', 'target', 'trend']
    >>> [float(v) for v in lines["series:all"].get_ydata()]
    [1100.0, 2600.0, 4150.0, 5598.0]
    >>> [float(v) for v in lines["reports:all"].get_ydata()], lines["latest"].get_label()
    ([5500.0, 5696.0], 'latest value (2010-12-31)')
    >>> plt.close("all")
    """
    indicator = initiative.indicator(indicator_id)
    ax = _axes(ax, figsize=(8, 5))
    record: IndicatorMeasurement
    if assessment is not None:
        record, as_of = assessment.indicator(indicator_id), assessment.as_of
    else:  # measured as an assessment measures it, as of the initiative's date of judgement
        (record,) = (m for m in measurement(initiative) if m.indicator == indicator_id)
        as_of = resolve_as_of(initiative)[0]
    # what was known at the date of judgement (later observations did not exist yet), as it
    # was measured: the values of one date are their mean, and from the baseline on those of
    # one reporting period are one point (the trend's)
    known = [o for o in indicator.observations if as_of is None or o.date <= as_of]
    # a baseline dated after the date of judgement was not known then: it is not drawn. The
    # measured period still begins on its date (the measurement's rule): the points before it
    # are history, drawn apart, and the indicator has insufficient data
    baseline = known_baseline(indicator, as_of)
    start = measured_start(indicator)
    frequency = indicator.frequency

    labelled: set[str] = set()  # one entry in the legend for each kind of series

    def draw_once(points: list[tuple[dt.date, float]], gid: str, label: str, **style: Any) -> None:
        if not points:
            return
        shown = "_nolegend_" if label in labelled else label
        labelled.add(label)
        ax.plot(_dates(d for d, _ in points), [v for _, v in points], label=shown, gid=gid, **style)

    def draw_reports(reports: list[tuple[dt.date, float]], color: Any, gid: str) -> None:
        noun = _PERIOD_NOUNS[frequency]
        label = (
            "reports, averaged into one point a date"
            if frequency is None
            else f"reports; each partner's latest, averaged into one point a {noun}"
        )
        style = {"markersize": 4, "markerfacecolor": "none", "markeredgecolor": color}
        # behind the points they are combined into
        draw_once(reports, gid, label, marker="o", linestyle="none", alpha=0.5, zorder=1.5, **style)

    def draw_history(history: list[tuple[dt.date, float]], color: Any, gid: str) -> None:
        label = "history, up to the baseline (not progress)"
        style = {"markerfacecolor": "white", "color": color}
        draw_once(history, gid, label, marker="o", linestyle="--", alpha=0.45, **style)

    # the whole population's trend is of the values after the baseline's date (period); the
    # groups are compared from the baseline's date on
    until = baseline_until(indicator)
    history, whole, whole_reports = _as_measured(
        [o for o in known if o.group is None],
        lambda d: until is None or d > until,
        frequency,
    )
    draw_history(history, "black", "history:all")
    draw_reports(whole_reports, "black", "reports:all")
    if whole:
        ax.plot(
            _dates(d for d, _ in whole),
            [v for _, v in whole],
            marker="o",
            color="black",
            label="all",
            gid="series:all",
        )
    groups: dict[str, list[Observation]] = {}
    names = group_names(known)  # one series per group, as measured
    for o in known:
        if o.group is not None:
            groups.setdefault(names[o.group], []).append(o)
    for k, group in enumerate(sorted(groups)):
        past, points, reports = _as_measured(
            groups[group], lambda d: start is None or d >= start, frequency
        )
        colour = _GROUP_COLOURS[k % len(_GROUP_COLOURS)]
        style = _GROUP_STYLES[k // len(_GROUP_COLOURS) % len(_GROUP_STYLES)]
        draw_history(past, colour, f"history:{group}")
        ax.plot(
            _dates(d for d, _ in points),
            [v for _, v in points],
            marker=".",
            color=colour,
            linestyle=style,
            alpha=0.8,
            label=_plain(group),
            gid=f"series:{group}",
        )
        draw_reports(reports, colour, f"reports:{group}")
    if baseline is not None:
        ax.plot(
            _dates([baseline.date]),
            [baseline.value],
            marker="s",
            linestyle="none",
            markersize=9,
            color="tab:blue",
            label="baseline",
            gid="baseline",
        )
    if indicator.target is not None:
        ax.plot(
            _dates([indicator.target.date]),
            [indicator.target.value],
            marker="*",
            linestyle="none",
            markersize=14,
            color="tab:green",
            label="target",
            gid="target",
        )
    trend = record.trend
    if trend is not None and whole:
        first = trend.origin  # the first point the trend was fitted on
        end = indicator.target.date if indicator.target is not None else whole[-1][0]
        end = max(end, whole[-1][0])
        ax.plot(
            _dates([first, end]),
            [trend.value_at(first), trend.value_at(end)],
            linestyle=":",
            color="grey",
            label=f"trend ({'+' if trend.slope > 0 else ''}{amount(trend.slope)}/year)",
            gid="trend",
        )
    latest = (record.latest_date, record.latest_value)
    if latest[0] is not None and latest[1] is not None and latest not in whole:
        # the latest value is the last period's point but where the target rule (the period
        # holding the target date: the reports from that date on) or the baseline (a value of
        # its period measures no progress, and is no point) sets it apart
        ax.plot(
            _dates([latest[0]]),
            [latest[1]],
            marker="o",
            markersize=11,
            markerfacecolor="none",
            markeredgewidth=1.5,
            color="tab:purple",
            linestyle="none",
            label=f"latest value ({latest[0].isoformat()})",
            gid="latest",
        )
    forecast = None if record.target_date_observed else record.forecast  # a fact by then
    if forecast is not None:
        ax.errorbar(
            _dates([forecast.date]),
            [forecast.value],
            yerr=[[forecast.value - forecast.lower], [forecast.upper - forecast.value]],
            fmt="D",
            color="tab:orange",
            capsize=5,
            label=f"forecast ({forecast.level:.0%} interval)",
        )
    unit = f" ({indicator.unit})" if indicator.unit else ""
    ax.set_ylabel(_plain(f"{indicator.name}{unit}"))
    when = f" as of {as_of.isoformat()}" if as_of is not None else ""
    ax.set_title(_plain(f"{indicator.name}: {status_words(record)}{when}"))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8)
    return ax


def _gap_matrix(assessment: Assessment, top: int) -> tuple[list[str], np.ndarray]:
    """Return the ``top`` partners by total gap and the symmetric matrix of their gaps."""
    table = assessment.reinforcement.partner_gap_table
    n = len(table.partner_ids)
    totals = np.bincount(table.p, weights=table.gap, minlength=n) + np.bincount(
        table.q, weights=table.gap, minlength=n
    )
    involved = [i for i in range(n) if totals[i] > 0]
    involved.sort(key=lambda i: (-totals[i], table.partner_ids[i]))
    chosen = involved[: max(top, 0)]
    where = {p: k for k, p in enumerate(chosen)}
    matrix = np.zeros((len(chosen), len(chosen)), dtype=np.float64)
    for p, q, g in zip(table.p.tolist(), table.q.tolist(), table.gap.tolist(), strict=True):
        if p in where and q in where:
            matrix[where[p], where[q]] = matrix[where[q], where[p]] = g
    return [table.partner_ids[i] for i in chosen], matrix


def plot_gap_heatmap(assessment: Assessment, *, top: int = 20, ax: Axes | None = None) -> Axes:
    r"""Draw the partner × partner coordination gap matrix as a heat map.

    Cell :math:`(p, q)` is :math:`G(p, q) = \sum R (1 - k)` over the reinforcing pairs of
    activities led by ``p`` and ``q`` (:attr:`~collective_impact.Reinforcement.partner_gap_table`;
    0 where there is no gap). Only the ``top`` partners with the largest total gap are shown,
    largest first (ties by id).

    Parameters
    ----------
    assessment
        The assessment.
    top
        How many partners to show.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("workforce"))
    >>> ax = plot_gap_heatmap(result, top=3)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['community-colleges', 'job-readiness-provider', 'resident-council']
    >>> ax.get_images()[0].get_array().round(3).tolist()
    [[0.0, 0.526, 0.516], [0.526, 0.0, 0.252], [0.516, 0.252, 0.0]]
    >>> plt.close("all")
    """
    ax = _axes(ax, figsize=(8, 7))
    ids, matrix = _gap_matrix(assessment, top)
    ax.set_title("Coordination gaps between lead partners")
    if not ids:
        ax.text(0.5, 0.5, "no coordination gaps", ha="center", va="center")
        ax.set_axis_off()
        return ax
    image = ax.imshow(matrix, cmap="Reds", vmin=0.0, interpolation="nearest")
    ax.set_xticks(range(len(ids)), [_plain(i) for i in ids], rotation=90, fontsize=8)
    ax.set_yticks(range(len(ids)), [_plain(i) for i in ids], fontsize=8)
    ax.get_figure().colorbar(image, ax=ax, label="gap  R(1 - k)")  # type: ignore[union-attr]
    return ax


def plot_conditions(assessment: Assessment, *, ax: Axes | None = None) -> Axes:
    """Draw the five condition scores and the overall score as horizontal bars in [0, 1].

    The bars are in the order of ``ConditionScores.to_dict()`` from top to bottom, the overall
    score last and darker.

    Parameters
    ----------
    assessment
        The assessment.
    ax
        The Axes to draw on; a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import collective_impact as ci
    >>> ax = plot_conditions(ci.assess(ci.load_example("workforce")))
    >>> for label, score in zip(ax.get_yticklabels(), ax.texts):
    ...     print(f"{label.get_text():32} {score.get_text()}")
    common agenda                    0.97
    shared measurement               0.77
    mutually reinforcing activities  0.60
    continuous communication         0.80
    backbone support                 0.88
    overall                          0.79
    >>> plt.close("all")
    """
    ax = _axes(ax, figsize=(7, 3.5))
    scores = assessment.scores.to_dict()
    keys = list(SCORE_KEYS)
    values = [scores[k] for k in keys]
    colors = ["#1f77b4" if k != "overall" else "#08306b" for k in keys]
    positions = np.arange(len(keys))
    bars = ax.barh(positions, values, color=colors)
    # as every view writes a score: 0.00167 is "0.002", not "0.00" (absent)
    ax.bar_label(bars, labels=[score_text(v) for v in values], padding=3, fontsize=8)
    ax.set_yticks(positions, [k.replace("_", " ") for k in keys])
    ax.invert_yaxis()
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("score")
    ax.set_title(_plain(f"{assessment.initiative.name}: conditions"))
    return ax
