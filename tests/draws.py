"""Draws the shared strategy leaves out, for the reference tests.

:func:`collective_impact.strategies.initiatives` draws acyclic pathways only, at most 6
indicators, and never a date of judgement given as an argument. This module draws:

- :func:`cyclic`: a generated initiative of up to 12 indicators whose ``drives`` hold cycles
  (a ring of two or more indicators, often knotted with further edges, beside the acyclic
  pathways the shared strategy drew), scaled so that the spectral radius of ``λW`` is in a
  drawn band: 0.05 to 0.9 (well inside convergence), 0.9 to 0.99 (near the bound) or, with
  ``diverging=True``, 1.01 to 1.5 or within 1e-12 below 1 (the engine must refuse both,
  docs/scoring.md "Total contribution along pathways"). It returns the initiative and the
  configuration to score it with: the one given (or the default), with ``pathway_weight``
  changed only where the pathway weights, at most 1, cannot reach the band at the given λ.
- :func:`as_of_arguments`: dates of judgement to pass to ``assess(as_of=...)``: on, a day
  before and a day after the initiative's observation, baseline, target and activity start and
  end dates, half-way between two of them, and long before or after all of them.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
from hypothesis import strategies as st

from collective_impact import Indicator, Initiative
from collective_impact.config import ScoringConfig
from collective_impact.strategies import initiatives

#: The bands of ``λ ρ(W)`` drawn: inside convergence with a margin, and near the bound.
CONVERGING = (0.05, 0.9)
NEAR_THE_BOUND = (0.9, 0.99)
#: Beyond the bound with a margin.
DIVERGING = (1.01, 1.5)
#: Below 1 but within the 1e-12 to which the series counts as diverging (docs/scoring.md "Total
#: contribution along pathways": "If any reaches 1 (to within 1e-12)"), off its edge by 1e-13.
AT_THE_BOUND = (1 - 9e-13, 1 - 1e-13)


def spectral_radius(init: Initiative) -> float:
    """``ρ(W)`` of the initiative's pathway matrix, by a dense eigenvalue solve."""
    ids = [i.id for i in init.indicators]
    w = np.zeros((len(ids), len(ids)))
    for x, indicator in enumerate(init.indicators):
        for target, weight in indicator.drives.items():
            w[x, ids.index(target)] = weight
    return float(max(abs(np.linalg.eigvals(w)), default=0.0))


def _with_drives(init: Initiative, drives: dict[str, dict[str, float]]) -> Initiative:
    return init.evolve(
        indicators=[attrs.evolve(i, drives=drives.get(i.id, {})) for i in init.indicators]
    )


@st.composite
def cyclic(
    draw: st.DrawFn,
    *,
    config: ScoringConfig | None = None,
    band: tuple[float, float] | None = None,
    diverging: bool = False,
    max_indicators: int = 12,
    base: st.SearchStrategy[Initiative] | None = None,
) -> tuple[Initiative, ScoringConfig]:
    """Return an initiative whose pathways hold a cycle, and the configuration to score it with.

    ``band`` is the range of ``λ ρ(W)`` (drawn from :data:`CONVERGING` and :data:`NEAR_THE_BOUND`
    when ``None``, or :data:`DIVERGING` and :data:`AT_THE_BOUND` with ``diverging``). With
    ``pathway_weight`` 0 the weights are left as drawn (``λ W = 0`` whatever they are).
    """
    cfg = config if config is not None else ScoringConfig()
    strategy = base if base is not None else initiatives(max_indicators=max_indicators)
    init = draw(strategy)
    if len(init.indicators) < 2:  # a cycle needs two indicators: add plain ones
        extra = [
            Indicator(id=f"zz-cycle-{n}", name=f"Cycle {n}")
            for n in range(2 - len(init.indicators))
        ]
        init = init.evolve(indicators=[*init.indicators, *extra])
    ids = [i.id for i in init.indicators]
    if diverging and len(ids) < 3:  # a knot of three: two alone never diverge with λ < 1
        init = init.evolve(indicators=[*init.indicators, Indicator(id="zz-cycle-2", name="C")])
        ids.append("zz-cycle-2")
    weight = st.floats(0.05, 1.0)
    drives = {i.id: dict(i.drives) for i in init.indicators}
    smallest = 3 if diverging else 2
    ring = draw(
        st.permutations(ids).flatmap(lambda p: st.integers(smallest, len(p)).map(lambda k: p[:k]))
    )
    for x, y in zip(ring, [*ring[1:], ring[0]], strict=True):
        drives[x][y] = draw(weight)
    edge = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda e: e[0] != e[1])
    for x, y in draw(st.lists(edge, max_size=2 * len(ids))):  # knots, chains in and out
        drives[x][y] = draw(weight)
    init = _with_drives(init, drives)

    lam = cfg.pathway_weight
    if lam == 0:
        return init, cfg
    if band is None:
        bands = [DIVERGING, AT_THE_BOUND] if diverging else [CONVERGING, NEAR_THE_BOUND]
        band = draw(st.sampled_from(bands))
    middle = st.sampled_from([sum(band) / 2, band[0] + (band[1] - band[0]) / 4])
    target = draw(st.one_of(st.floats(*band), middle))
    rho = spectral_radius(init)
    top = max(w for d in drives.values() for w in d.values())
    # scaling every weight by s scales ρ by s: the weights reach ρ = target / λ unless it needs
    # one above 1; then they are scaled to a largest of 1, and λ raised (below 1) to reach it
    scale = min(target / (lam * rho), 1 / top)
    drives = {x: {y: w * scale for y, w in d.items()} for x, d in drives.items()}
    if target / (rho * scale) >= 1:  # too weak even at λ < 1: the ring knotted at weight 1
        for x in ring:
            drives[x].update({y: 1.0 for y in ring if y != x})
    init = _with_drives(init, drives)
    rho = spectral_radius(init)
    if not band[0] <= lam * rho <= band[1]:
        cfg = attrs.evolve(cfg, pathway_weight=target / rho)
    assert band[0] - 1e-14 <= cfg.pathway_weight * spectral_radius(init) <= band[1] + 1e-14
    return init, cfg


def measured_dates(init: Initiative) -> list[dt.date]:
    """The dates of every observation and baseline (a date of judgement before all is refused)."""
    out = [o.date for i in init.indicators for o in i.observations]
    return out + [i.baseline.date for i in init.indicators if i.baseline is not None]


@st.composite
def as_of_arguments(draw: st.DrawFn, init: Initiative, *, refused: bool = False) -> dt.date:
    """A date of judgement for ``assess(as_of=...)``.

    On, a day before or a day after one of the initiative's dates (observations, baselines,
    targets, activity starts and ends, its own ``as_of``), half-way between two of them, or a
    year or more before or after all of them; any date when it has none. Without ``refused``,
    never before every observation and baseline (``assess`` refuses such a date: see
    :func:`measured_dates`); with it, always before them (at least one must exist).
    """
    measured = measured_dates(init)
    days = [*measured]
    days += [d for i in init.indicators if i.target is not None for d in (i.target.date,)]
    days += [d for a in init.activities for d in (a.start, a.end) if d is not None]
    days += [init.as_of] if init.as_of is not None else []
    first = min(measured) if measured else None
    if refused:
        assert first is not None
        lowest = dt.date(2000, 1, 1)
        return draw(
            st.one_of(
                st.just(first - dt.timedelta(days=1)), st.dates(lowest, first - dt.timedelta(1))
            )
        )
    if not days:
        return draw(st.dates(dt.date(2015, 1, 1), dt.date(2036, 12, 31)))
    ordered = sorted(set(days))
    one = dt.timedelta(days=1)
    # the kind of date first, then one of that kind: activity starts and ends, a few among many
    # observation dates, would rarely be drawn from the pool (a rule about an activity's last
    # day went unseen in 200 examples)
    kinds = [
        sorted(set(k))
        for k in (
            measured,
            [d for a in init.activities for d in (a.start, a.end) if d is not None],
            [i.target.date for i in init.indicators if i.target is not None],
            [init.as_of] if init.as_of is not None else [],
        )
        if k
    ]
    near = (
        st.sampled_from(kinds)
        .flatmap(st.sampled_from)
        .flatmap(lambda d: st.sampled_from([d, d - one, d + one]))
    )
    choices = [near]
    if len(ordered) >= 2:
        between = st.integers(0, len(ordered) - 2).map(
            lambda n: ordered[n] + (ordered[n + 1] - ordered[n]) / 2
        )
        choices.append(between)
    outside = st.sampled_from([ordered[0] - 365 * one, ordered[-1] + 400 * one])
    choices.append(outside)
    day = draw(st.one_of(*choices))
    if first is not None and day < first:  # refused: judge on the first measurement instead
        return draw(st.sampled_from([first, first + one]))
    return day
