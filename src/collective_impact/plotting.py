"""Plots of an initiative and its assessment, drawn with matplotlib (an optional dependency).

Install it with ``pip install 'collective-impact[plot]'``. Every function draws on the
``ax`` it is given (or on a new figure when ``ax`` is ``None``) and returns that Axes, so plots
can be combined and restyled with ordinary matplotlib calls. matplotlib is imported only when a
function is called; without it they raise :class:`MissingDependencyError`.

* :func:`plot_network` — the partners and their ties, coloured by sector, coordination gaps
  dashed.
* :func:`plot_indicator` — an indicator's observations, groups, baseline, target, trend and
  forecast.
* :func:`plot_gap_heatmap` — the reinforcement lost between lead partners, partner × partner,
  the coordination gaps outlined.
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
import numbers
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import networkx as nx
import numpy as np

from ._checks import expect_assessment
from ._text import amount, forecast_words, level_text, score_text, settled, status_words
from .analysis._canonical import canonical
from .analysis.conditions import SCORE_KEYS
from .analysis.measurement import (
    _PERIOD_NOUNS,
    IndicatorMeasurement,
    _chart_place,
    _distinct_reports,
    _drawn_dates,
    _period_points,
    _placed_dates,
    baseline_until,
    group_names,
    in_measured_period,
    known_baseline,
    measured_start,
    measurement,
    resolve_as_of,
)
from .analysis.network import tie_graph
from .errors import (
    ArgumentTypeError,
    ArgumentValueError,
    MissingDependencyError,
    ValidationError,
    close_matches,
    did_you_mean,
    expect_count,
    expect_type,
    shown,
)
from .model import Frequency, Initiative, Observation
from .model.initiative import expect_initiative
from .report import Assessment, assess

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "FLAGGED_GAP_CODES",
    "GAP_COLOR",
    "SECTOR_COLORS",
    "SECTOR_MARKERS",
    "MissingDependencyError",
    "flagged_partner_pairs",
    "plot_conditions",
    "plot_gap_heatmap",
    "plot_indicator",
    "plot_network",
]

#: Colour of each sector in :func:`plot_network`, from the Okabe–Ito palette (Okabe and Ito
#: 2008), told apart under the common colour-vision deficiencies (its vermillion left out, as
#: it marks gaps), and a light grey for ``other``.
SECTOR_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "government": "#0072b2",
        "nonprofit": "#e69f00",
        "business": "#009e73",
        "philanthropy": "#cc79a7",
        "community": "#56b4e9",
        "academic": "#f0e442",
        "faith": "#000000",
        "other": "#dddddd",
    }
)

#: Marker shape of each sector in :func:`plot_network`, so that a sector is not told by colour
#: alone.
SECTOR_MARKERS: Mapping[str, str] = MappingProxyType(
    {
        "government": "o",
        "nonprofit": "s",
        "business": "^",
        "philanthropy": "D",
        "community": "v",
        "academic": "P",
        "faith": "X",
        "other": "h",
    }
)

#: Colour of the flagged gap pairs in :func:`plot_network` (Okabe–Ito vermillion), drawn dashed.
GAP_COLOR = "#d55e00"

#: Gap codes :func:`flagged_partner_pairs` reads by default, and the only code
#: :func:`plot_network` draws (a pair of partners whose work depends on each other and whose tie
#: the assessment finds missing or too weak). (``duplication`` is left out: two duplicating
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
    """Return ``ax``, or the Axes of a new figure of constrained layout.

    The layout makes room for every label, so that ``fig.savefig(...)`` shows them whole (at
    the default layout the condition names were cut at the left edge). An ``ax`` given keeps
    its figure's layout.
    """
    plt = _pyplot()
    if ax is not None:
        from matplotlib.axes import Axes as AxesType

        if not isinstance(ax, AxesType):
            raise ArgumentTypeError(
                f"ax: expected a matplotlib Axes or None, got {type(ax).__name__}",
                argument="ax",
            )
        return ax
    _fig, new = plt.subplots(layout="constrained", **figure)
    result: Axes = new
    return result


#: The most characters of an id written on a plot: longer ones are cut in their middle ("…").
_LABEL_CHARACTERS = 32


def _short(text: str, width: int = _LABEL_CHARACTERS) -> str:
    """Cut a label to ``width`` characters in its middle: a long id cannot push the plot aside.

    Its start and its end stay: ids that share a long prefix differ at their ends.
    """
    if len(text) <= width:
        return text
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + "…" + text[len(text) - tail :]


def _short_labels(ids: Iterable[str]) -> dict[str, str]:
    """Return a label of at most :data:`_LABEL_CHARACTERS` characters for each id, no two alike.

    Each long id is cut in its middle (:func:`_short`). Cut, two ids could still read alike,
    and a coordination gap between them as a partner paired with itself: the ids whose labels
    meet are numbered in their sorted order (``" [1]"``, ``" [2]"``), each cut to make room.
    The labels depend on the ids alone, not on their order.

    Examples
    --------
    >>> ids = ["city-colleges-of-chicago-district-office-north",
    ...        "city-colleges-of-chicago-district-office-south", "mowd"]
    >>> list(_short_labels(ids).values())
    ['city-colleges-of…ct-office-north', 'city-colleges-of…ct-office-south', 'mowd']
    >>> twins = ["a" * 20 + "-one-" + "z" * 20, "a" * 20 + "-two-" + "z" * 20]
    >>> list(_short_labels(twins).values())
    ['aaaaaaaaaaaaaa…zzzzzzzzzzzzz [1]', 'aaaaaaaaaaaaaa…zzzzzzzzzzzzz [2]']
    """
    distinct = sorted(set(ids))
    labels = {i: _short(i) for i in distinct}
    alike: dict[str, list[str]] = {}
    for i in distinct:
        alike.setdefault(labels[i], []).append(i)
    taken = set(labels.values())
    for same in alike.values():
        if len(same) < 2:
            continue
        for k, i in enumerate(same, 1):  # sorted: the same numbers in any order
            tag = f" [{k}]"
            label = _short(i, _LABEL_CHARACTERS - len(tag)) + tag
            while label in taken:  # an id written like a numbered label: number on
                tag += f"[{k}]"
                label = _short(i, _LABEL_CHARACTERS - len(tag)) + tag
            labels[i] = label
            taken.add(label)
    return labels


def _dates(days: Iterable[dt.date]) -> Any:
    """Return ``days`` as a list matplotlib plots as dates (its stubs only accept numbers)."""
    return list(days)


def _gap_codes(codes: object) -> set[str]:
    """Return ``codes`` as a set, one ``str`` as one code, refusing what is no gap code."""
    from .analysis.gaps import GAP_CODES  # loaded with the assessment already

    if isinstance(codes, str):
        codes = (codes,)
    expect_type(codes, Iterable, argument="codes", expected="gap codes (a str or a collection)")
    wanted: set[str] = set(codes)  # type: ignore[call-overload]
    for code in sorted(wanted, key=repr):
        expect_type(code, str, argument="codes", expected="gap codes, each a str")
        if code not in GAP_CODES:
            hint = did_you_mean(close_matches(code, GAP_CODES, n=2), code)
            raise ArgumentValueError(
                f"codes: unknown gap code {shown(code)}{hint}", argument="codes"
            )
    return wanted


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
    they differ. The other gap codes name no pair of partners and add none; a text that is no
    gap code is refused (a misspelt code gave no pairs, silently).

    Parameters
    ----------
    assessment
        The assessment whose gaps are read.
    codes
        The gap codes whose partner pairs are returned: a collection of codes, or one code as
        a ``str`` (``"duplication"`` is ``("duplication",)``, not its letters).

    Returns
    -------
    set of tuple of str
        The pairs ``(p, q)`` of partner ids, ``p < q``: the pairs :func:`plot_network` draws
        as coordination gaps.

    Raises
    ------
    ArgumentTypeError
        When ``assessment`` is not an assessment, ``codes`` is not a collection, or a code
        not a ``str``.
    ArgumentValueError
        When a code is not one of :data:`~collective_impact.GAP_CODES`.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("workforce"))
    >>> sorted(flagged_partner_pairs(result))
    [('community-colleges', 'resident-council'), ('community-colleges', 'state-workforce'),
     ('job-readiness-provider', 'state-workforce')]
    """
    expect_assessment(assessment, argument="assessment")
    wanted = _gap_codes(codes)
    init = assessment.initiative
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


def _check_assessment(initiative: Initiative, assessment: Assessment) -> None:
    """Refuse an assessment of another initiative.

    The assessment of an equal initiative, or of the same one in another order, is of this one
    (the rule of the exports). The initiative assessed is the usual case, at no cost; an equal
    one costs one comparison; only one in another order is put in canonical order (which
    sorts its lists) to be compared.
    """
    if assessment.initiative is initiative or assessment.initiative == initiative:
        return
    ordered = canonical(initiative)
    if (
        ordered != assessment.analysed  # the initiative as scored (the running activities)
        and ordered != canonical(assessment.initiative)
    ):
        raise ValidationError(
            [
                (
                    "assessment",
                    f"the assessment is of another initiative ({shown(assessment.initiative.name)}"
                    " or a changed copy): assess this one (collective_impact.assess) or pass "
                    "assessment=None",
                )
            ]
        )


def _check_seed(seed: object) -> None:
    """Refuse a layout ``seed`` that is not a whole number from 0."""
    message = f"seed must be an integer (int) from 0, not {shown(seed)}"
    if isinstance(seed, bool):  # an int to Python, but no seed
        raise ArgumentValueError(message, argument="seed")
    if not isinstance(seed, numbers.Integral):
        raise ArgumentTypeError(message, argument="seed")
    if int(seed) < 0:
        raise ArgumentValueError(message, argument="seed")


#: The tie strengths of the legend's width key in :func:`plot_network`.
_WIDTH_KEY = (0.2, 0.5, 1.0)

#: The width of every coordination gap's dashed line in :func:`plot_network`.
_GAP_WIDTH = 2.0


def _tie_width(strength: float) -> float:
    return 0.5 + 3.0 * strength


def _crowded_labels(assessment: Assessment, most: int) -> set[str]:
    """Return the partners labelled in a crowded network: those of the coordination gaps.

    At most ``most`` of them, those of the largest gaps first; a pair whose partners do not
    both fit is passed over. (The most strongly tied partners sit in the crowded middle of the
    layout, where their labels would cover one another.)
    """
    named: set[str] = set()
    # the assessment's order: largest first, sizes equal but for rounding tied by their keys
    # (sorting again by the raw sizes let the last bit of two equal sums decide)
    gaps = assessment.gaps_by(code=_COORDINATION_GAP)
    for gap in gaps:
        new = set(gap.subjects) - named
        if len(named) + len(new) <= most:
            named |= new
    return named


def plot_network(
    initiative: Initiative,
    *,
    assessment: Assessment | None = None,
    ax: Axes | None = None,
    seed: int = 0,
    labels: bool = True,
    max_labels: int | None = 50,
) -> Axes:
    """Draw the tie network: partners by sector, ties by strength, coordination gaps dashed.

    Nodes are placed by :func:`networkx.spring_layout` (weighted by tie strength, seeded by
    ``seed``) and drawn as one scatter per sector in the colours and marker shapes of
    :data:`SECTOR_COLORS` and :data:`SECTOR_MARKERS`, with a legend. Every tie is a solid grey
    line of width ``0.5 + 3 * strength`` (the legend shows the widths of strengths 0.2, 0.5
    and 1). A "coordination gap" is drawn as a dashed line of one width, in
    :data:`GAP_COLOR`, between two partners exactly when the assessment has an
    ``uncoordinated-interdependence`` gap for them (their work depends on each other and they
    are not tied, or more weakly than adequate); never between partners the assessment calls
    coordinated. A weak tie of such a pair stays drawn beneath the dashed line. These are the
    pairs :func:`plot_gap_heatmap` outlines.

    Above ``max_labels`` partners, only the partners of the coordination gaps are labelled (at
    most ``max_labels`` of them, those of the largest gaps first), the nodes are drawn smaller,
    and a note below the network says how many partners are labelled.

    Parameters
    ----------
    initiative
        The initiative.
    assessment
        Its assessment, for the gaps; computed with :func:`~collective_impact.assess` when
        ``None``. An assessment of another initiative is refused: its gaps would be drawn
        between the wrong partners, or the ties added since hidden.
    ax
        The Axes to draw on; a new figure (constrained layout, the legend beside the network)
        when ``None``.
    seed
        Seed of the layout: a whole number from 0.
    labels
        Whether to write partners' ids next to their nodes: an id of more than 32 characters
        is cut in its middle, and ids that would still read alike are numbered (``" [1]"``,
        ``" [2]"``, in their sorted order), so that no two partners share a label.
    max_labels
        The most partners labelled all; above it, only the partners of the coordination gaps.
        ``None`` labels every partner.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an initiative, ``assessment`` not an assessment, ``ax`` not
        an Axes, or ``seed`` or ``max_labels`` not a whole number.
    ArgumentValueError
        When ``seed`` or ``max_labels`` is negative.
    ValidationError
        When ``assessment`` is of another initiative.

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
    ['tie, strength 0.2', 'tie, strength 0.5', 'tie, strength 1', 'coordination gap',
     'government', 'nonprofit', 'business', 'philanthropy', 'community', 'academic']
    >>> plt.close("all")
    """
    expect_initiative(initiative)
    expect_assessment(assessment, argument="assessment", optional=True)
    _check_seed(seed)
    expect_type(labels, bool, argument="labels", expected="True or False")
    expect_count(max_labels, argument="max_labels")
    if assessment is None:
        assessment = assess(initiative)
    else:  # refused before a figure is made for it
        _check_assessment(initiative, assessment)
    owned = ax is None
    ax = _axes(ax, figsize=(8, 8))
    from matplotlib.collections import LineCollection  # matplotlib stays an optional extra
    from matplotlib.lines import Line2D

    # the canonical initiative: with one seed, one picture, whatever the order of the file
    initiative = canonical(initiative)
    graph = tie_graph(initiative)
    pos: dict[str, Any] = nx.spring_layout(graph, seed=int(seed), weight="strength")
    flagged = flagged_partner_pairs(assessment, (_COORDINATION_GAP,))

    handles: list[Any] = []
    solid, widths = [], []
    for u, v, data in graph.edges(data=True):  # a flagged pair's weak tie too
        solid.append([pos[u], pos[v]])
        widths.append(_tie_width(float(data["strength"])))
    if solid:
        ax.add_collection(
            LineCollection(
                solid, linewidths=widths, colors=_TIE_COLOR, alpha=0.6, zorder=1, label="tie"
            )
        )
        handles.extend(
            Line2D(
                [],
                [],
                color=_TIE_COLOR,
                alpha=0.6,
                linewidth=_tie_width(s),
                label=f"tie, strength {s:g}",
            )
            for s in _WIDTH_KEY
        )
    if flagged:
        dashed = [[pos[p], pos[q]] for p, q in sorted(flagged)]
        handles.append(
            ax.add_collection(
                LineCollection(
                    dashed,
                    linewidths=_GAP_WIDTH,
                    colors=GAP_COLOR,
                    linestyles="dashed",
                    zorder=2,
                    label="coordination gap",
                )
            )
        )

    n = len(initiative.partners)
    crowded = max_labels is not None and n > max_labels
    named: set[str] | None = None  # every partner
    if labels and crowded:
        named = _crowded_labels(assessment, int(max_labels or 0))
    size = 120.0 if not crowded else max(20.0, 120.0 * int(max_labels or 0) / n)
    # no two alike: two ids of one prefix read as one partner
    written = _short_labels(p.id for p in initiative.partners) if labels else {}
    by_sector: dict[str, list[str]] = {}
    for partner in initiative.partners:
        by_sector.setdefault(partner.sector.value, []).append(partner.id)
    for sector in SECTOR_COLORS:
        ids = by_sector.get(sector)
        if not ids:
            continue
        xy = np.array([pos[i] for i in ids], dtype=np.float64)
        handles.append(
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=size,
                c=SECTOR_COLORS[sector],
                marker=SECTOR_MARKERS[sector],
                edgecolors="#333333",
                linewidths=0.5,
                zorder=3,
                label=sector,
            )
        )
        if labels:
            for pid, (x, y) in zip(ids, xy, strict=True):
                if named is not None and pid not in named:
                    continue
                ax.annotate(
                    _plain(written[pid]),
                    (float(x), float(y)),
                    xytext=(4, 4),
                    textcoords="offset points",
                    fontsize=8,
                    zorder=4,
                )
    if handles:
        if owned:  # beside the network, which it would cover
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        else:
            ax.legend(handles=handles, loc="best", fontsize=8)
    if named is not None:
        ax.text(
            0.0,
            -0.01,
            f"{len(named):,} of {n:,} partners labelled (more than max_labels={max_labels}): "
            "those of the coordination gaps",
            transform=ax.transAxes,
            va="top",
            fontsize=8,
        )
    ax.autoscale_view()
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_axis_off()
    ax.set_title(_plain(f"{initiative.name}: partners, ties and coordination gaps"))
    return ax


def _as_measured(
    observations: Sequence[Observation],
    measured: Callable[[dt.date], bool],
    frequency: Frequency | None,
) -> tuple[
    list[tuple[dt.date, float]],
    list[tuple[dt.date, float]],
    list[tuple[dt.date, float]],
    list[tuple[dt.date, float]],
]:
    """Return the history of one series, its points as measured, and the reports behind them.

    The values of the days ``measured`` rejects are history, one point a date: for the whole
    population, those up to the baseline's date or period (turn-the-curve's history, and the
    baseline's own reports, which are the baseline again), for a group those before the
    baseline's date (its period, with a ``frequency``: the groups are compared from the
    baseline's period on). They measure no progress, and are drawn apart. The others, one point a
    reporting period, each partner's latest report of the period averaged, at its latest date
    (one a date without a ``frequency``, the mean of each partner's report of it): the points
    the trend and the forecast are fitted on, found by the measurement's own rule
    (:func:`~collective_impact.analysis.measurement._period_points`). The reports returned
    are those of the points that stand for several, sorted, in two lists: those a point
    averages (each partner's latest of the period), and those superseded by a later report of
    their partner in the period, which it does not.
    """
    before = _period_points((o for o in observations if not measured(o.date)), None)
    since = _period_points((o for o in observations if measured(o.date)), frequency)
    # each partner's report of a date once (a row entered twice is one report)
    behind = [
        r
        for p in [*before, *since]
        for rs in [_distinct_reports(p.reports)]
        if len(rs) > 1
        for r in rs
    ]
    counted = [(r.date, r.value) for r in behind if r.counted]
    superseded = [(r.date, r.value) for r in behind if not r.counted]
    points = [(p.date, p.value) for p in since]
    return [(p.date, p.value) for p in before], points, counted, superseded


#: The colours of the groups' lines: none of those of the baseline (blue), the target
#: (green), the forecast (orange), the latest value (purple) or the trend (grey).
_GROUP_COLOURS = ("tab:red", "tab:brown", "tab:pink", "tab:olive", "tab:cyan")
_GROUP_STYLES = ("-", "--", "-.")
#: The groups' point markers: the sixteenth group was drawn exactly as the first.
_GROUP_MARKERS = (".", "+")
#: The most groups :func:`plot_indicator` draws each in a style of its own: every colour with
#: every line style and marker. More would not be told apart, nor fit in the legend.
_MAX_GROUP_STYLES = len(_GROUP_COLOURS) * len(_GROUP_STYLES) * len(_GROUP_MARKERS)
#: The colour of the groups past :data:`_MAX_GROUP_STYLES`, drawn alike under one entry.
_OTHER_GROUPS_COLOUR = "#bbbbbb"


def _group_style(k: int) -> dict[str, str]:
    """Return the colour, line style and marker of the ``k``-th group.

    Distinct for each ``k`` below :data:`_MAX_GROUP_STYLES`: the colours vary first, then the
    line styles, then the markers (the first 15 groups keep the marker they had).
    """
    colours, styles = len(_GROUP_COLOURS), len(_GROUP_STYLES)
    return {
        "color": _GROUP_COLOURS[k % colours],
        "linestyle": _GROUP_STYLES[k // colours % styles],
        "marker": _GROUP_MARKERS[k // (colours * styles) % len(_GROUP_MARKERS)],
    }


def _styled_groups(names: Sequence[str], first: Iterable[str]) -> list[str]:
    """Return the groups drawn each in a style of its own, sorted.

    All of them up to :data:`_MAX_GROUP_STYLES`; past it, the groups in ``first`` (those the
    disparity compares) and then the others, in the order of their names.
    """
    if len(names) <= _MAX_GROUP_STYLES:
        return sorted(names)
    wanted = set(first)
    order = sorted(names, key=lambda g: (g not in wanted, g))
    return sorted(order[:_MAX_GROUP_STYLES])


def _label_groups_apart(ax: Axes, groups: Sequence[tuple[Any, str]]) -> None:
    """Label each group's line so that it reads apart from every other entry of the legend.

    A group named like one of the chart's own entries ("target", "baseline", "trend (+1/year)")
    made two entries of one name: its label gains " (group)", as often as it takes.
    """
    mine = {id(line) for line, _ in groups}
    own = {
        label.strip().casefold()
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True)
        if id(handle) not in mine
    }
    for line, name in sorted(groups, key=lambda item: item[1]):
        label = name
        while label.strip().casefold() in own:
            label = f"{label.rstrip()} (group)"
        own.add(label.strip().casefold())
        line.set_label(_plain(label))


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
    each group's observations are a line of their own, labelled with the group, or with the
    group and ``" (group)"`` when it is named like another entry of the legend (``"all"``,
    ``"target"``, ``"baseline"``). Up to 30 groups are each drawn in a style of their own
    (5 colours, none of the chart's other marks', each with 3 line styles and 2 markers);
    past 30, which cannot be told apart, those the disparity compares come first, then the
    others in the order of their names, and the rest are thin light grey lines under one
    entry, ``"K more groups, not told apart"``. Only what was
    known at the date of judgement is drawn, as it was measured: observations up to ``as_of``,
    the values of one date as their mean (several partners reporting on one date) and, from
    the baseline on, for an indicator with a reporting ``frequency``, one point a period: each
    partner's latest report of the period (a revision stands for the preliminary figure), their
    mean, the point the trend and the forecast use (two partners reporting a year's figure on
    1 and 3 September are one point, of 3 September), drawn where the trend counts it: at the
    indicator's usual place in its period, a group's points too (the same place, the
    measurement's: a period is one date on one axis), but a figure so far of a period still
    running whose place is after the date of judgement, drawn at its latest report, off the
    line. The reports
    a point averages are drawn behind it as small hollow circles (label ``"reports; each
    partner's latest, averaged into one point a year"``, or a quarter, a month; ``"reports,
    averaged into one point a date"`` without a frequency), and those a later report of their
    partner in the period supersedes, which it does not average, as small crosses (label
    ``"superseded by a later report of the same partner"``; reports without ``reported_by``
    are one partner's). The latest
    value, on which the status is judged, is the last point (the period holding the target
    date is no exception), but when it is of the baseline's own date or period, the baseline
    again (see :attr:`~collective_impact.IndicatorMeasurement.latest_value`): it is circled
    (label ``"latest value ..."``) when it is not itself a point drawn. The observations
    after the date of judgement did not exist yet; drawing them beside a status judged
    without them showed, for a snapshot of 2009, values of 2010 above the target under
    "insufficient-data".
    The baseline is a square and the target a star. When there is a trend (two points or more),
    it is the measurement's own line, dotted, from the first point it was fitted on to the
    target date or the last point drawn, through the points' places; when there is a
    forecast, it is an error bar at the forecast's date spanning the prediction interval: the
    target date, or with a
    reporting frequency where the target period's figure sits, labelled "forecast of 2025's
    figure" (no forecast once a value of the target date or later is in: the status is then
    what happened). The title gives the status and the date of
    judgement, and says when the status is judged from stale data ("on track (stale: last
    measured 2017-01-01, 2,922 days before the date of judgement)"). The x axis stays within
    the dates matplotlib can draw, years 1 to 9999: a target dated 9999-12-31 (a
    spreadsheet's "no date") stands on its right edge.

    Parameters
    ----------
    initiative
        The initiative.
    indicator_id
        Id of the indicator.
    assessment
        Its assessment (of this initiative), for the measurement; when ``None`` the indicator
        is measured with :func:`~collective_impact.measurement` as of the initiative's date of
        judgement (its stated ``as_of``, else its latest observation).
    ax
        The Axes to draw on; a new figure (constrained layout) when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    UnknownIdError
        When the initiative has no such indicator.
    ArgumentTypeError
        When ``initiative`` is not an initiative, ``assessment`` not an assessment or ``ax``
        not an Axes.
    ValidationError
        When ``assessment`` is of another initiative: its trend and forecast would be drawn
        beside these observations.

    Examples
    --------
    The workforce example's placements are reported once a year. A second partner, mowd,
    reports 2010's figure too, 5,500 on 29 December beside cha's 5,696 on the 31st: the trend
    has one point for 2010, the mean of the two partners' reports, 5,598 on the 31st, drawn
    with the two reports behind it. That point is the latest value, judged against the target
    of 31 December 2010 (cha's 5,696 alone, the report of the target date, was judged and
    circled, while mowd's figure of the same year was left out).

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
    ['baseline', 'reports:all', 'series:all', 'target', 'trend']
    >>> [float(v) for v in lines["series:all"].get_ydata()]
    [1100.0, 2600.0, 4150.0, 5598.0]
    >>> [float(v) for v in lines["reports:all"].get_ydata()]
    [5500.0, 5696.0]
    >>> plt.close("all")
    """
    expect_initiative(initiative)
    expect_assessment(assessment, argument="assessment", optional=True)
    indicator = initiative.indicator(indicator_id)
    if assessment is not None:
        _check_assessment(initiative, assessment)
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

    def draw_reports(
        reports: list[tuple[dt.date, float]],
        superseded: list[tuple[dt.date, float]],
        color: Any,
        name: str,
    ) -> None:
        noun = _PERIOD_NOUNS[frequency]
        label = (
            "reports, averaged into one point a date"
            if frequency is None
            else f"reports; each partner's latest, averaged into one point a {noun}"
        )
        style = {"markersize": 4, "markerfacecolor": "none", "markeredgecolor": color}
        # behind the points they are combined into
        draw_once(
            reports,
            f"reports:{name}",
            label,
            marker="o",
            linestyle="none",
            alpha=0.5,
            zorder=1.5,
            **style,
        )
        # a preliminary figure revised later in the period is in no point: drawn as the
        # reports averaged, the circles did not average to the point (found by a reviewer)
        draw_once(
            superseded,
            f"superseded:{name}",
            "superseded by a later report of the same partner",
            marker="x",
            linestyle="none",
            markersize=4,
            color=color,
            alpha=0.5,
            zorder=1.5,
        )

    def draw_history(history: list[tuple[dt.date, float]], color: Any, gid: str) -> None:
        label = "history, up to the baseline (not progress)"
        style = {"markerfacecolor": "white", "color": color}
        draw_once(history, gid, label, marker="o", linestyle="--", alpha=0.45, **style)

    # the whole population's trend is of the values after the baseline's date (period); the
    # groups are compared from the baseline's date on
    until = baseline_until(indicator)
    history, whole, whole_reports, whole_superseded = _as_measured(
        [o for o in known if o.group is None],
        lambda d: until is None or d > until,
        frequency,
    )
    draw_history(history, "black", "history:all")
    draw_reports(whole_reports, whole_superseded, "black", "all")
    groups: dict[str, list[Observation]] = {}
    names = group_names(known)  # one series per group, as measured
    for o in known:
        if o.group is not None:
            groups.setdefault(names[o.group], []).append(o)
    measured_groups = {
        group: _as_measured(
            groups[group], lambda d: in_measured_period(d, start, frequency), frequency
        )
        for group in sorted(groups)
    }
    # each point where the trend counts it: with a frequency, at the indicator's usual place
    # in its period, on the line it is fitted on (at its latest report, a figure filed late
    # sat months off the line, after the forecast of its own period); a group's at the same
    # place, as measured, a period one date on one axis (a group's figure of 2026 filed on 1
    # March stood six months left of the whole population's, at 1 September). But a place
    # after the date of judgement: the figure so far of a period still running, filed earlier
    # than usual, is drawn at its report (at its place, 2026's 70 of 1 March, judged on 1
    # April, stood at 1 September, five months right of the date of judgement)
    place = _chart_place(
        (d for d, _ in whole),
        (d for found in measured_groups.values() for d, _ in found[1]),
        frequency,
    )

    def drawn_at(points: list[tuple[dt.date, float]]) -> list[dt.date]:
        days = [d for d, _ in points]
        return _drawn_dates(days, _placed_dates(days, frequency, place), as_of)

    placed = drawn_at(whole)
    if whole:
        ax.plot(
            _dates(placed),
            [v for _, v in whole],
            marker="o",
            color="black",
            label="all",
            gid="series:all",
        )
    # each group a style of its own; past what can be told apart, the groups compared first
    styled = _styled_groups(list(groups), record.disparity.groups if record.disparity else ())
    style_of = {group: _group_style(k) for k, group in enumerate(styled)}
    others = len(groups) - len(styled)
    others_label = f"{others:,} more {'group' if others == 1 else 'groups'}, not told apart"
    drawn_groups: list[tuple[Any, str]] = []  # each group's line and name, labelled at the end
    for group, (past, points, reports, superseded) in measured_groups.items():
        # a group named "all" (data often carry an "All" row) is told from the whole
        # population's line, "all": the same label and gid made the two one in the legend
        name = f"{group} (group)" if group.strip().casefold() == "all" else group
        style: dict[str, Any] = style_of.get(group) or {
            "color": _OTHER_GROUPS_COLOUR,
            "linestyle": "-",
            "linewidth": 0.8,
            "marker": "none",
        }
        colour = style["color"]
        draw_history(past, colour, f"history:{name}")
        (line,) = ax.plot(
            _dates(drawn_at(points)),
            [v for _, v in points],
            alpha=0.8,
            label="_nolegend_",
            gid=f"series:{name}",
            **style,
        )
        if group in style_of:
            drawn_groups.append((line, name))
        elif others_label not in labelled:  # one entry for the groups drawn alike
            labelled.add(others_label)
            line.set_label(others_label)
        draw_reports(reports, superseded, colour, name)
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
        end = indicator.target.date if indicator.target is not None else placed[-1]
        end = max(end, placed[-1])
        # through every point's place (on the calendar a year is 12 months whatever its
        # days: a straight segment between the ends missed the line at the places by a leap
        # day's share)
        through = sorted({first, end, *(d for d in placed if first < d < end)})
        ax.plot(
            _dates(through),
            [trend.value_at(d) for d in through],
            linestyle=":",
            color="grey",
            label=f"trend ({'+' if trend.slope > 0 else ''}{amount(trend.slope)}/year)",
            gid="trend",
        )
    latest = (record.latest_date, record.latest_value)
    if latest[0] is not None and latest[1] is not None and latest not in whole:
        # the latest value is the last period's point but where the baseline (a value of its
        # date or period measures no progress, and is no point) sets it apart
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
    forecast = record.forecast  # none once a value of the target date is in: a fact by then
    if forecast is not None:
        ax.errorbar(
            _dates([forecast.date]),
            [forecast.value],
            yerr=[[forecast.value - forecast.lower], [forecast.upper - forecast.value]],
            fmt="D",
            color="tab:orange",
            capsize=5,
            # with a frequency, of the target period's figure (where it sits on the line)
            label=(
                "forecast"
                + (
                    ""
                    if indicator.frequency is None
                    else " " + forecast_words(record, indicator.frequency, at=False)
                )
                + f" ({level_text(forecast.level)} interval)"
            ),
        )
    unit = f" ({indicator.unit})" if indicator.unit else ""
    ax.set_ylabel(_plain(f"{indicator.name}{unit}"))
    when = f" as of {as_of.isoformat()}" if as_of is not None else ""
    status = status_words(record, indicator.frequency, as_of=as_of)
    ax.set_title(_plain(f"{indicator.name}: {status}{when}"))
    _label_groups_apart(ax, drawn_groups)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8)
    _dates_in_range(ax)
    return ax


def _dates_in_range(ax: Axes) -> None:
    """Keep the dates of the x axis within matplotlib's, from year 1 to year 9999.

    A target dated 9999-12-31 (a spreadsheet's "no date") is drawn there, and the margin
    matplotlib adds around what is drawn went past year 9999: the figure failed when it was
    drawn (in a notebook, when shown), not when it was made. The limits are then cut to the
    last (first) day matplotlib can write.
    """
    import matplotlib.dates as mdates

    to_number: Callable[[dt.datetime], Any] = mdates.date2num  # untyped in matplotlib's stubs
    first, last = (
        float(to_number(day)) for day in (dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31))
    )
    low, high = ax.get_xlim()  # with the margin of the autoscaling
    if low < first or high > last:
        ax.set_xlim(max(low, first), min(high, last))


@attrs.frozen
class _GapCells:
    """What :func:`plot_gap_heatmap` draws: the partners chosen, their cells, and what is left out.

    ``matrix`` holds the loss of each pair of partners shown (``NaN`` on the diagonal: a partner
    with itself is no pair); ``flagged`` the cells ``(i, j)``, ``i < j``, of the pairs the
    assessment flags ``uncoordinated-interdependence``.
    """

    ids: list[str]
    matrix: np.ndarray
    flagged: list[tuple[int, int]]
    involved: int  # partners with some reinforcement lost
    shown_share: float  # the part of the total loss in the cells shown
    flagged_total: int  # pairs the assessment flags
    flagged_shown: int  # of which both partners are shown


def _gap_cells(assessment: Assessment, top: int) -> _GapCells:
    """Choose the partners of the heat map (the rule of :func:`plot_gap_heatmap`) and their cells.

    Time linear in the pairs of lead partners with a loss, plus one step for each pair among
    the partners chosen.
    """
    table = assessment.reinforcement.partner_gap_table  # largest loss first, ties by the ids
    n = len(table.partner_ids)
    keep = table.gap > 0
    p_all, q_all, g_all = table.p[keep], table.q[keep], table.gap[keep]
    involved = np.zeros(n, dtype=bool)
    involved[p_all] = True
    involved[q_all] = True
    n_involved = int(involved.sum())
    position = {pid: k for k, pid in enumerate(table.partner_ids)}
    # the assessment's order: largest first, sizes equal but for rounding tied by their keys
    # (sorting again by the raw sizes let the last bit of two equal sums decide)
    gaps = assessment.gaps_by(code=_COORDINATION_GAP)
    flagged_pairs = []
    for gap in gaps:
        a, b = sorted(gap.subjects)
        if a in position and b in position:
            flagged_pairs.append((position[a], position[b]))

    chosen: list[int] = []
    seen = np.zeros(n, dtype=bool)

    def take(p: int, q: int) -> None:
        new = [x for x in (p, q) if not seen[x]]
        if len(chosen) + len(new) <= top:
            for x in new:
                seen[x] = True
                chosen.append(x)

    for p, q in flagged_pairs:  # the coordination gaps first
        if len(chosen) >= top:
            break
        take(p, q)
    k, limit = 0, min(top, n_involved)
    while len(chosen) < limit and k < p_all.size:
        if len(chosen) == top - 1:  # one place left: the largest pair with one partner shown
            hit = np.flatnonzero(seen[p_all[k:]] ^ seen[q_all[k:]])
            if hit.size:
                take(int(p_all[k + hit[0]]), int(q_all[k + hit[0]]))
            break
        take(int(p_all[k]), int(q_all[k]))
        k += 1

    where = np.full(n, -1, dtype=np.int64)
    where[chosen] = np.arange(len(chosen))
    inside = (where[p_all] >= 0) & (where[q_all] >= 0)
    matrix = np.zeros((len(chosen), len(chosen)), dtype=np.float64)
    rows, cols = where[p_all[inside]], where[q_all[inside]]
    matrix[rows, cols] = g_all[inside]
    matrix[cols, rows] = g_all[inside]
    np.fill_diagonal(matrix, np.nan)
    total = float(g_all.sum())
    shown_share = float(g_all[inside].sum()) / total if total > 0 else 1.0
    cells = [
        (min(int(where[p]), int(where[q])), max(int(where[p]), int(where[q])))
        for p, q in flagged_pairs
        if where[p] >= 0 and where[q] >= 0
    ]
    return _GapCells(
        ids=[table.partner_ids[i] for i in chosen],
        matrix=matrix,
        flagged=cells,
        involved=n_involved,
        shown_share=shown_share,
        flagged_total=len(flagged_pairs),
        flagged_shown=len(cells),
    )


def _percent(share: float) -> str:
    """Write a share as a whole percentage that never reads 0 % or 100 % when it is not."""
    if 0 < share < 0.005:
        return "under 1%"
    if 0.995 <= share < 1:
        return "over 99%"
    return format(settled(share), ".0%")


#: The heat map's colour of the diagonal: a partner with itself, no pair.
_NOT_A_PAIR_COLOR = "#d9d9d9"


def _check_top(top: object) -> None:
    """Refuse a ``top`` that is not a whole number from 2 (a pair needs two partners)."""
    message = f"top must be an integer (int) from 2 (a pair needs two partners), not {shown(top)}"
    if isinstance(top, bool):  # an int to Python, but no number of partners
        raise ArgumentValueError(message, argument="top")
    if not isinstance(top, numbers.Integral):
        raise ArgumentTypeError(message, argument="top")
    if int(top) < 2:
        raise ArgumentValueError(message, argument="top")


def plot_gap_heatmap(assessment: Assessment, *, top: int = 20, ax: Axes | None = None) -> Axes:
    r"""Draw the reinforcement lost between lead partners as a heat map, coordination gaps outlined.

    Cell :math:`(p, q)` is the partner coordination gap of the scoring rules
    (:doc:`/scoring`), the reinforcement lost between the activities ``p`` and ``q`` lead:
    :math:`G(p, q) = \sum R (1 - k)` over their reinforcing pairs of activities, the
    reinforcement that coordination does not cover
    (:attr:`~collective_impact.Reinforcement.partner_gap_table`). White is none lost; the
    diagonal, a partner with itself, is no pair and is grey. A large loss is not by itself a
    coordination gap: two partners tied, or in a working group together, are coordinated
    however much the pairs of their activities lose. The pairs the assessment flags as
    ``uncoordinated-interdependence``, the pairs :func:`plot_network` draws as a "coordination
    gap", are outlined in blue (legend ``"coordination gap"``).

    When more than ``top`` partners lose reinforcement, at most ``top`` of them are shown,
    chosen pair by pair: first the partners of the flagged pairs (largest loss first), then
    those of the other pairs, largest loss first (ties by the ids); a pair whose partners do not
    both fit is passed over (so one place may stay empty). Every cell between two partners
    chosen is drawn, whatever its size: a small loss between two partners chosen for other
    pairs is shown, while a larger one between partners not chosen is not (the flagged pairs
    come first). The partners are shown in the order they were chosen, each labelled with its
    id (one of more than 32 characters cut in its middle, and ids that would still read alike
    numbered, as :func:`plot_network` labels them: no two rows read alike). The label below the
    map then says how many partners are shown of how many, the part of the total loss the
    cells hold, and how many flagged pairs are outside them (or that the assessment flags
    none).

    Parameters
    ----------
    assessment
        The assessment.
    top
        How many partners to show at most: a whole number from 2.
    ax
        The Axes to draw on; a new figure (constrained layout, so that a saved figure shows
        every label whole) when ``None``. Drawing again on the same Axes replaces the heat map,
        its colour bar, legend and labels (or the note that nothing is lost, which hides the
        axis: a heat map drawn after it shows it again).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentTypeError
        When ``assessment`` is not an assessment, or ``top`` not a whole number.
    ArgumentValueError
        When ``top`` is less than 2.

    Examples
    --------
    The workforce example's largest loss, 0.526 between community-colleges and
    job-readiness-provider, is no coordination gap: the two share a working group. The three
    pairs the assessment flags are outlined, and that one is not:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("workforce"))
    >>> ax = plot_gap_heatmap(result)
    >>> ids = [label.get_text() for label in ax.get_yticklabels()]
    >>> sorted({tuple(sorted((ids[round(cell.get_x() + 0.5)], ids[round(cell.get_y() + 0.5)])))
    ...         for cell in ax.patches})
    [('community-colleges', 'resident-council'), ('community-colleges', 'state-workforce'),
     ('job-readiness-provider', 'state-workforce')]
    >>> round(float(ax.get_images()[0].get_array()[ids.index("community-colleges"),
    ...                                              ids.index("job-readiness-provider")]), 3)
    0.526

    With three partners of seven, the label below says what is left out:

    >>> ax = plot_gap_heatmap(result, top=3)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['community-colleges', 'resident-council', 'state-workforce']
    >>> ax.get_images()[0].get_array().round(3).tolist()
    [[None, 0.516, 0.22], [0.516, None, 0.067], [0.22, 0.067, None]]
    >>> print(ax.get_xlabel())
    lead partner
    shown: the 3 of 7 partners who lose reinforcement, those of the coordination gaps and of
    the largest losses; the cells hold 30% of the total lost
    1 of the 3 coordination gaps is outside these partners
    >>> plt.close("all")
    """
    expect_assessment(assessment, argument="assessment")
    _check_top(top)
    ax = _axes(ax, figsize=(8, 7))
    from matplotlib.patches import Patch, Rectangle  # matplotlib stays an optional extra

    _remove_heatmap(ax)
    cells = _gap_cells(assessment, int(top))
    ax.set_title(
        _plain(f"{assessment.initiative.name}: reinforcement lost between lead partners"),
        pad=24,
    )
    if not cells.ids:
        ax.text(
            0.5,
            0.5,
            "no reinforcement lost between lead partners",
            ha="center",
            va="center",
            transform=ax.transAxes,  # in the middle, whatever a heat map before set the limits to
            gid=_HEATMAP_GID,
        )
        ax.set_axis_off()
        return ax
    ax.set_axis_on()  # its ids are its axes' ticks (a network drawn before turned them off)
    import matplotlib as mpl

    colours = mpl.colormaps["Reds"].with_extremes(bad=_NOT_A_PAIR_COLOR)
    largest = float(np.nanmax(cells.matrix)) if len(cells.ids) > 1 else 0.0
    image = ax.imshow(
        np.ma.masked_invalid(cells.matrix),
        cmap=colours,
        vmin=0.0,
        vmax=largest if largest > 0 else 1.0,
        interpolation="nearest",
        gid=_HEATMAP_GID,
    )
    written = _short_labels(cells.ids)  # no two alike: a gap between two read as one partner
    labels = [_plain(written[i]) for i in cells.ids]
    ax.set_xticks(range(len(cells.ids)), labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(cells.ids)), labels, fontsize=8)
    for i, j in cells.flagged:
        for r, c in ((i, j), (j, i)):
            ax.add_patch(
                Rectangle(
                    (c - 0.5, r - 0.5),
                    1.0,
                    1.0,
                    fill=False,
                    edgecolor=_OUTLINE_COLOR,
                    linewidth=2.0,
                    gid=_HEATMAP_GID,
                    label="_nolegend_",
                )
            )
    handles = [
        Patch(facecolor="none", edgecolor=_OUTLINE_COLOR, linewidth=2.0, label=_OUTLINE_LABEL),
        Patch(facecolor=_NOT_A_PAIR_COLOR, label="a partner with itself (not a pair)"),
    ]
    if not cells.flagged:
        handles = handles[1:]
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=len(handles),
        fontsize=8,
        frameon=False,
        borderaxespad=0.2,
    )
    ax.set_ylabel("lead partner")
    ax.set_xlabel("\n".join(["lead partner", *_heatmap_notes(cells, int(top))]))
    colorbar = ax.get_figure().colorbar(  # type: ignore[union-attr]
        image,
        ax=ax,
        label="reinforcement lost between their activities, ΣR(1 − k):\n"
        "the part coordination does not cover (white: none lost)",
    )
    colorbar.ax.set_gid(_HEATMAP_GID)
    return ax


#: The legend entry of the outlined cells, the same words as :func:`plot_network`'s.
_OUTLINE_LABEL = "coordination gap"

#: The outline of a coordination gap's cells: blue, seen on the lightest and the darkest red.
_OUTLINE_COLOR = "#0072b2"

#: The gid of everything :func:`plot_gap_heatmap` draws on an Axes, removed when it draws again.
_HEATMAP_GID = "gap-heatmap"


def _heatmap_notes(cells: _GapCells, top: int) -> list[str]:
    """Say what the heat map leaves out: partners, the part of the loss, flagged pairs.

    Each note is wrapped to lines of at most 90 characters, which fit the figure's width.
    """
    notes = []
    if len(cells.ids) < cells.involved:
        which = (
            "those of the coordination gaps and of the largest losses"
            if cells.flagged_total
            else "those of the largest losses"
        )
        notes.append(
            f"shown: the {len(cells.ids):,} of {cells.involved:,} partners who lose "
            f"reinforcement, {which}; the cells hold {_percent(cells.shown_share)} of the "
            "total lost"
        )
    outside = cells.flagged_total - cells.flagged_shown
    if not cells.flagged_total:
        notes.append("the assessment flags no coordination gap")
    elif outside:
        verb = "is" if outside == 1 else "are"
        notes.append(
            f"{outside:,} of the {cells.flagged_total:,} coordination gaps {verb} outside "
            "these partners"
        )
    return [textwrap.fill(note, width=90) for note in notes]


def _remove_heatmap(ax: Axes) -> None:
    """Remove a heat map drawn before on ``ax``: its colour bar, outlines, legend and labels.

    What it set on the Axes goes with it: its legend, ticks and axis labels (a heat map
    redrawn with nothing lost kept the legend of the one before), and the hidden axis of a
    map with nothing lost (a heat map drawn after it had no axis).
    """
    found = False
    for image in list(ax.get_images()):
        if image.get_gid() == _HEATMAP_GID:
            if image.colorbar is not None:
                image.colorbar.remove()
            image.remove()
            found = True
    for artist in [*ax.patches, *ax.texts]:
        if artist.get_gid() == _HEATMAP_GID:
            artist.remove()
            found = True
    if found:
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.set_axis_on()


def plot_conditions(assessment: Assessment, *, ax: Axes | None = None) -> Axes:
    """Draw the five condition scores and the overall score as horizontal bars in [0, 1].

    The bars are in the order of ``ConditionScores.to_dict()`` from top to bottom, the overall
    score last and darker.

    Parameters
    ----------
    assessment
        The assessment.
    ax
        The Axes to draw on; a new figure (constrained layout, so that a saved figure shows
        every label whole) when ``None``.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentTypeError
        When ``assessment`` is not an assessment (an initiative: assess it first), or ``ax``
        not an Axes.

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
    expect_assessment(assessment, argument="assessment")
    ax = _axes(ax, figsize=(7, 3.5))
    scores = assessment.scores.to_dict()
    keys = list(SCORE_KEYS)
    values = [scores[k] for k in keys]
    colors = ["#1f77b4" if k != "overall" else "#08306b" for k in keys]
    positions = np.arange(len(keys))
    # a score that is not a number (a hand-built or read assessment) is a bar of no length
    # whose label is the dash every view writes: matplotlib left out the label of a NaN bar,
    # which then read as 0
    drawn = [v if np.isfinite(v) else 0.0 for v in values]
    bars = ax.barh(positions, drawn, color=colors)
    # as every view writes a score: 0.00167 is "0.002", not "0.00" (absent)
    ax.bar_label(bars, labels=[score_text(v) for v in values], padding=3, fontsize=8)
    ax.set_yticks(positions, [k.replace("_", " ") for k in keys])
    ax.invert_yaxis()
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("score")
    ax.set_title(_plain(f"{assessment.initiative.name}: conditions"))
    return ax
