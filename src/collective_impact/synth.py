"""Seeded synthetic initiatives: realistic, valid, and fast to generate at any size.

:func:`generate` builds a random :class:`~collective_impact.Initiative` whose parts overlap,
duplicate and reinforce each other the way real ones do (a few hub partners lead much of the work,
activities of one strategy aim at the same indicators, populations and places overlap but not
completely), so that benchmarks and null models exercise the analyses on realistic structure.
Every draw comes from one :func:`numpy.random.default_rng` stream in a fixed order, so the same
arguments and seed always give an equal initiative.

All random draws are vectorised with numpy; the only Python loops build the model objects (one
per partner, indicator, activity, tie) and visit each goal once, so the cost grows linearly with
the size asked for. There are no rejection loops that could spin: the one place where duplicates
are redrawn (ties between partners) runs a bounded number of rounds and then fills the rest
deterministically.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .errors import ValidationError
from .model import (
    Activity,
    Backbone,
    BackboneFunction,
    Conditions,
    DatedValue,
    Direction,
    FunctionLevel,
    Goal,
    Indicator,
    Initiative,
    Level,
    Observation,
    Partner,
    Role,
    Sector,
    StaffRole,
    Tie,
    TieKind,
    Urgency,
    WorkingGroup,
)
from .model._fields import describe

__all__ = ["generate"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

# --------------------------------------------------------------------------- vocabularies

#: Seeds drawn when none is given are below it: exact as a double, so in any JSON reader.
_SEED_BOUND = 2**53

#: Sectors in the order of :class:`Sector`, and the share of partners each one has.
_SECTORS: tuple[Sector, ...] = tuple(Sector)
_SECTOR_SHARE = np.array([0.15, 0.33, 0.15, 0.07, 0.15, 0.07, 0.05, 0.03])
_S = {s: _SECTORS.index(s) for s in _SECTORS}
#: The core sectors, nonprofit first: the first one placed is the backbone organisation.
_CORE_ORDER = np.array(
    [
        _S[Sector.NONPROFIT],
        _S[Sector.GOVERNMENT],
        _S[Sector.PHILANTHROPY],
        _S[Sector.BUSINESS],
        _S[Sector.COMMUNITY],
    ]
)

#: Probability, per sector (in :data:`_SECTORS` order), that a partner has a role.
_FUNDER_P = np.array([0.15, 0.05, 0.20, 0.90, 0.00, 0.02, 0.05, 0.05])
_DATA_P = np.array([0.15, 0.05, 0.03, 0.05, 0.00, 0.60, 0.00, 0.10])
_SERVICE_P = np.array([0.30, 0.60, 0.10, 0.00, 0.20, 0.10, 0.30, 0.10])
#: How much more (or less) often than its prominence says a partner of each sector leads an
#: activity: service providers lead, funders fund.
_LEAD_BOOST = np.array([1.0, 1.5, 0.4, 0.15, 0.6, 0.6, 0.6, 0.3])
#: Champions come from the influential sectors more often (weight multiplier per sector).
_CHAMPION_BOOST = np.array([2.0, 1.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0])

_KINDS: dict[Sector, tuple[str, ...]] = {
    Sector.GOVERNMENT: (
        "Public Schools",
        "Health Department",
        "Housing Authority",
        "Workforce Board",
        "Public Library",
        "Parks and Recreation",
        "Police Department",
        "Social Services",
    ),
    Sector.NONPROFIT: (
        "Family Services",
        "Boys & Girls Club",
        "YMCA",
        "Literacy Council",
        "Food Bank",
        "Youth Mentoring",
        "Legal Aid",
        "Community Action Agency",
        "Early Learning Center",
    ),
    Sector.BUSINESS: (
        "Savings Bank",
        "Health System",
        "Manufacturing Co.",
        "Utilities",
        "Grocers",
        "Tech Partners",
        "Credit Union",
    ),
    Sector.PHILANTHROPY: (
        "Community Foundation",
        "Family Foundation",
        "Education Fund",
        "Health Trust",
        "Giving Circle",
    ),
    Sector.COMMUNITY: (
        "Parents Council",
        "Neighborhood Association",
        "Youth Council",
        "Tenants Union",
        "Residents Network",
        "Block Club",
    ),
    Sector.ACADEMIC: (
        "Community College",
        "State University",
        "Research Institute",
        "School of Public Health",
    ),
    Sector.FAITH: (
        "Baptist Church",
        "Catholic Charities",
        "Islamic Center",
        "Synagogue",
        "Interfaith Alliance",
    ),
    Sector.OTHER: ("Media Group", "Chamber of Commerce", "Coalition", "Arts Council"),
}

_PLACES = (
    "north-side",
    "south-side",
    "east-side",
    "west-side",
    "downtown",
    "riverside",
    "hillcrest",
    "old-town",
    "harbor",
    "midtown",
    "lakeview",
    "university-district",
    "eastgate",
    "westfield",
    "rural-county",
)
_POPULATIONS = (
    "expectant-parents",
    "families-0-5",
    "children-k-3",
    "middle-schoolers",
    "high-schoolers",
    "opportunity-youth",
    "young-adults",
    "parents",
    "low-income-households",
    "english-learners",
)
#: Contrasting population groups that disaggregated observations report on.
_GROUP_PAIRS = (
    ("low-income", "higher-income"),
    ("english-learners", "english-proficient"),
    ("boys", "girls"),
    ("rural", "urban"),
    ("students-with-disabilities", "students-without-disabilities"),
)
_STRATEGIES = (
    "early-learning",
    "family-support",
    "home-visiting",
    "literacy",
    "tutoring",
    "mentoring",
    "after-school",
    "summer-learning",
    "attendance-outreach",
    "parent-engagement",
    "college-access",
    "career-pathways",
    "job-training",
    "youth-employment",
    "health-access",
    "nutrition",
    "housing-stability",
    "financial-coaching",
    "case-management",
    "policy-advocacy",
)


class _Measure(NamedTuple):
    """A template indicator: name, unit, better direction, plausible range, decimals."""

    name: str
    unit: str
    direction: Direction
    low: float
    high: float
    decimals: int


_UP, _DOWN = Direction.INCREASE, Direction.DECREASE
#: Template indicators, roughly in cradle-to-career order, so that pathways (which only run
#: from a lower to a higher index) read upstream to downstream.
_MEASURES = (
    _Measure("Prenatal care in the first trimester", "percent", _UP, 60, 85, 1),
    _Measure("Low birth weight births", "percent", _DOWN, 6, 11, 1),
    _Measure("Children with a medical home", "percent", _UP, 55, 85, 1),
    _Measure("Pre-K enrolment", "percent", _UP, 35, 70, 1),
    _Measure("Kindergarten readiness", "percent", _UP, 40, 65, 1),
    _Measure("Chronic absenteeism", "percent", _DOWN, 10, 30, 1),
    _Measure("Third-grade reading proficiency", "percent", _UP, 30, 65, 1),
    _Measure("Fifth-grade math proficiency", "percent", _UP, 30, 65, 1),
    _Measure("Students with a caring adult", "percent", _UP, 50, 80, 1),
    _Measure("Suspensions", "per 100 students", _DOWN, 3, 12, 1),
    _Measure("Eighth-grade math proficiency", "percent", _UP, 25, 60, 1),
    _Measure("Ninth graders on track", "percent", _UP, 60, 85, 1),
    _Measure("High school graduation rate", "percent", _UP, 70, 92, 1),
    _Measure("FAFSA completion", "percent", _UP, 40, 70, 1),
    _Measure("College enrolment", "percent", _UP, 40, 70, 1),
    _Measure("College persistence", "percent", _UP, 55, 85, 1),
    _Measure("Postsecondary credential attainment", "percent", _UP, 25, 55, 1),
    _Measure("Opportunity youth (16-24)", "percent", _DOWN, 8, 20, 1),
    _Measure("Youth employment (16-24)", "percent", _UP, 35, 60, 1),
    _Measure("Job placements", "people", _UP, 100, 2000, 0),
    _Measure("Adults employed", "percent", _UP, 55, 75, 1),
    _Measure("Median household income", "dollars", _UP, 35000, 65000, 0),
    _Measure("Families below the poverty line", "percent", _DOWN, 10, 30, 1),
    _Measure("Residents with health insurance", "percent", _UP, 80, 95, 1),
    _Measure("Food insecurity", "percent", _DOWN, 8, 20, 1),
    _Measure("Housing cost burden", "percent", _DOWN, 25, 50, 1),
    _Measure("Evictions filed", "per 1,000 renters", _DOWN, 10, 60, 1),
    _Measure("Youth violent crime arrests", "per 1,000 youth", _DOWN, 2, 12, 1),
    _Measure("Program participants retained", "percent", _UP, 50, 85, 1),
    _Measure("Voter turnout", "percent", _UP, 30, 65, 1),
)

_PROBLEMS = (
    "Too few children in the county finish school ready for work or college.",
    "Too many young adults in the region are neither in school nor in work.",
    "Families in the city's poorest neighbourhoods cannot find stable jobs and housing.",
    "Children's health and learning in the county lag far behind the state's.",
)

_TIE_KINDS: tuple[TieKind, ...] = tuple(TieKind)
_COMMUNICATION, _DATA_SHARING, _FUNDING = (
    _TIE_KINDS.index(TieKind.COMMUNICATION),
    _TIE_KINDS.index(TieKind.DATA_SHARING),
    _TIE_KINDS.index(TieKind.FUNDING),
)
#: Share of each tie kind (in :class:`TieKind` order) before funders and data partners adjust it.
_TIE_KIND_SHARE = np.array([0.45, 0.15, 0.08, 0.17, 0.15])
_STRENGTHS = (0.2, 0.4, 0.6, 0.8, 1.0)
_STRENGTH_SHARE = np.array([0.15, 0.25, 0.30, 0.20, 0.10])

#: Share of sampled endpoints that look for a partner in their own sector (homophily).
_HOMOPHILY = 0.35
#: Ties per unordered pair of tied partners, on average ("one tie per pair, mostly").
_TIES_PER_PAIR = 1.1
#: Weighted, then uniform, redraw rounds before the deterministic fill (see :func:`_pairs`).
_ROUNDS = 8
#: Partners x goals up to which each working group is drawn with a weight for every partner
#: (the draws of every initiative up to 10,000 partners and 200 goals, the largest benchmark,
#: stay as they were); beyond, from the goal's affinity column and a draw by prominence (see
#: :func:`_working_groups`), so that the cost stays linear.
_DENSE_GROUPS = 1 << 23

_EPOCH = np.datetime64("2021-01-01", "D")

#: Days added to every drawn end of an activity: the end is drawn half a year to four years
#: after its start, and ends 5.5 to 9 years after it. Most activities run on the date of
#: judgement (the latest observation, 2025-2027: the more indicators, the later), as the work
#: an initiative's file lists mostly does, and only the first activities to start, with short
#: runs, have ended: about 1 % at the default sizes (none in two initiatives of five), 2-3 %
#: from about 100 indicators on. Only activities running on that date are scored (see
#: :mod:`~collective_impact.analysis.running`).
_RUN_BEYOND = 5 * 365


# --------------------------------------------------------------------------- small helpers


def _ids(prefix: str, count: int) -> list[str]:
    """Return ``count`` ids ``prefix1``, ``prefix2``... zero-padded to the width needed."""
    width = len(str(count))
    return [f"{prefix}{k:0{width}d}" for k in range(1, count + 1)]


def _title(slug: str) -> str:
    return slug.replace("-", " ").title()


def _rounded(value: float, decimals: int, high: float) -> float:
    """Clip ``value`` to ``[0, high]`` and round it to ``decimals`` places (a Python float)."""
    return round(float(min(max(value, 0.0), high)), decimals)


def _strategy_label(s: int) -> str:
    base = _STRATEGIES[s % len(_STRATEGIES)]
    cycle = s // len(_STRATEGIES)
    return base if cycle == 0 else f"{base}-{cycle + 1}"


def _weighted_sample(rng: np.random.Generator, weights: FloatArray, k: int) -> IntArray:
    """Draw ``k`` distinct indices with probability proportional to ``weights``.

    Efraimidis & Spirakis (2006): the ``k`` smallest of ``Exp(1) / w`` are a weighted sample
    without replacement, in draw order. One pass, no retries; zero weights are never drawn unless
    fewer than ``k`` weights are positive.
    """
    count = weights.shape[0]
    k = min(k, count)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    keys = np.full(count, np.inf)
    np.divide(rng.exponential(size=count), weights, out=keys, where=weights > 0)
    head = np.argpartition(keys, k - 1)[:k] if k < count else np.arange(count)
    return head[np.argsort(keys[head], kind="stable")].astype(np.int64)


def _draw(rng: np.random.Generator, cumulative: FloatArray, size: int) -> IntArray:
    """Draw ``size`` indices with probability proportional to the increments of ``cumulative``."""
    picks = np.searchsorted(cumulative, rng.random(size) * cumulative[-1], side="right")
    return np.asarray(np.minimum(picks, cumulative.shape[0] - 1), dtype=np.int64)


def _decode_pairs(index: IntArray, n: int) -> tuple[IntArray, IntArray]:
    """Map positions in the row-major upper triangle of an ``n x n`` matrix to ``(i, j)``, i < j.

    The inverse of ``np.triu_indices(n, 1)``: position ``p`` is pair ``(i[p], j[p])``.
    """

    def offset(row: IntArray) -> IntArray:
        return row * (2 * n - row - 1) // 2

    m = 2 * n - 1
    row = np.floor((m - np.sqrt(np.maximum(m * m - 8.0 * index, 0.0))) / 2).astype(np.int64)
    row = np.clip(row, 0, n - 2)
    # Guard against rounding in the square root.
    row = np.where(offset(row + 1) <= index, row + 1, row)
    row = np.where(offset(row) > index, row - 1, row)
    return row, index - offset(row) + row + 1


# --------------------------------------------------------------------------- partners


class _Cast(NamedTuple):
    """The partners, and the per-partner arrays the other parts are drawn from."""

    partners: list[Partner]
    ids: list[str]
    sector: IntArray
    prominence: FloatArray
    home_place: IntArray
    funder: BoolArray
    data_partner: BoolArray
    champions: IntArray
    backbone: int


def _cast(rng: np.random.Generator, n: int) -> _Cast:
    sector = rng.choice(len(_SECTORS), size=n, p=_SECTOR_SHARE).astype(np.int64)
    placed = rng.permutation(n)[: min(n, len(_CORE_ORDER))]
    sector[placed] = _CORE_ORDER[: placed.shape[0]]
    backbone = int(placed[0])
    # Pareto (x_m = 1, shape 2): most partners are small, a few are hubs; the backbone is the
    # most prominent partner, so usually (not always: the ties are drawn at random) the biggest
    # hub of the communication network.
    prominence = 1.0 + rng.pareto(2.0, size=n)
    prominence[backbone] = 2.0 * float(prominence.max())
    home_place = rng.integers(0, len(_PLACES), size=n)
    kind = rng.integers(0, 2**31, size=n)
    u = rng.random((3, n))
    funder = u[0] < _FUNDER_P[sector]
    data_partner = u[1] < _DATA_P[sector]
    service = u[2] < _SERVICE_P[sector]
    others = np.arange(n) != backbone
    if n > 1 and not funder[others].any():  # an anchor funder
        anchor = np.where(others, prominence * (1 + 9 * (sector == _S[Sector.PHILANTHROPY])), 0)
        funder[int(np.argmax(anchor))] = True
    by_prominence = np.argsort(-prominence, kind="stable")
    steering = np.zeros(n, dtype=bool)
    steering[by_prominence[: min(n, max(3, min(25, n // 10)))]] = True
    if n == 1:
        champions = np.array([backbone], dtype=np.int64)
    else:
        weights = np.where(others, prominence * _CHAMPION_BOOST[sector], 0.0)
        champions = np.sort(_weighted_sample(rng, weights, min(8, max(1, n // 30))))
    champion = np.zeros(n, dtype=bool)
    champion[champions] = True
    is_backbone = ~others

    ids = _ids("p", n)
    flags = np.stack([is_backbone, funder, champion, data_partner, service, steering], axis=1)
    roles = list(Role)
    kinds = [_KINDS[s] for s in _SECTORS]
    partners = [
        Partner(
            id=pid,
            name=f"{_title(_PLACES[place])} {kinds[sec][k % len(kinds[sec])]}",
            sector=_SECTORS[sec],
            roles=tuple(role for role, on in zip(roles, row, strict=True) if on),
        )
        for pid, sec, place, k, row in zip(
            ids, sector.tolist(), home_place.tolist(), kind.tolist(), flags.tolist(), strict=True
        )
    ]
    return _Cast(
        partners,
        ids,
        sector,
        prominence,
        home_place.astype(np.int64),
        funder,
        data_partner,
        champions,
        backbone,
    )


# --------------------------------------------------------------------------- agenda and measurement


class _Agenda(NamedTuple):
    """The indicators and goals, with the indicator-goal incidence as index arrays."""

    indicators: list[Indicator]
    goals: list[Goal]
    ids: list[str]
    goal_ids: list[str]
    member_indicator: IntArray
    member_goal: IntArray


def _goal_members(rng: np.random.Generator, n_ind: int, n_goals: int) -> tuple[IntArray, IntArray]:
    """Draw which indicators each goal lists: mostly a block of neighbouring indicators.

    Goal ``g`` owns the block of indicators ``[g * I / G, (g + 1) * I / G)`` and lists one or
    more of them (two thirds on average), so that a quarter or so of the indicators are
    off-agenda; one goal in five also lists one indicator from anywhere, so that some indicators
    serve two goals.
    """
    block = np.arange(n_ind) * n_goals // n_ind
    size = np.bincount(block, minlength=n_goals)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    listed = 1 + rng.binomial(size - 1, 0.6)
    order = np.lexsort((rng.random(n_ind), block))  # each block, shuffled
    rank = np.arange(n_ind) - start[block[order]]
    keep = order[rank < listed[block[order]]]
    extra = rng.random(n_goals) < 0.2
    extra_indicator = rng.integers(0, n_ind, size=n_goals)
    ind = np.concatenate([keep, extra_indicator[extra]])
    goal = np.concatenate([block[keep], np.flatnonzero(extra)])
    pairs = np.unique(goal * n_ind + ind)  # sorted by goal, then indicator; no repeats
    return (pairs % n_ind).astype(np.int64), (pairs // n_ind).astype(np.int64)


def _pathways(rng: np.random.Generator, n_ind: int) -> tuple[IntArray, IntArray, FloatArray]:
    """Draw the ``drives`` edges: chains of up to 5 indicators, plus a few shortcuts, all upward.

    About 70 % of the indicators lie on a chain of 3 to 5 (the last may be cut shorter); each
    chain links neighbouring selected indicators in increasing index order, and one extra edge
    per eight chain edges jumps ahead by at most ten indicators (joining some chains into larger
    connected groups). Every edge goes from a lower to a higher index, so the pathway graph is
    acyclic.
    """
    empty = np.empty(0, dtype=np.int64)
    on_chain = round(0.7 * n_ind)
    if n_ind < 2 or on_chain < 2:
        return empty, empty, np.empty(0)
    chosen = np.sort(rng.choice(n_ind, size=on_chain, replace=False))
    lengths = rng.integers(3, 6, size=on_chain // 3 + 1)
    chain = np.repeat(np.arange(lengths.shape[0]), lengths)[:on_chain]
    linked = chain[:-1] == chain[1:]
    source, target = chosen[:-1][linked], chosen[1:][linked]
    shortcuts = source.shape[0] // 8
    jump_from = rng.integers(0, n_ind - 1, size=shortcuts)
    reach = np.minimum(10, n_ind - 1 - jump_from)
    jump_to = jump_from + 1 + np.floor(rng.random(shortcuts) * reach).astype(np.int64)
    key = np.unique(np.concatenate([source, jump_from]) * n_ind + np.concatenate([target, jump_to]))
    weight = np.round(rng.uniform(0.3, 0.9, size=key.shape[0]), 2)
    return (key // n_ind).astype(np.int64), (key % n_ind).astype(np.int64), weight


def _agenda(rng: np.random.Generator, n_ind: int, n_goals: int, cast: _Cast) -> _Agenda:
    ids = _ids("i", n_ind)
    measure = np.arange(n_ind) % len(_MEASURES)
    cycle = np.arange(n_ind) // len(_MEASURES)
    low = np.array([m.low for m in _MEASURES], dtype=float)[measure]
    span = np.array([m.high - m.low for m in _MEASURES], dtype=float)[measure]
    up = np.array([m.direction is _UP for m in _MEASURES])[measure]
    sign = np.where(up, 1.0, -1.0)

    performance = rng.random(n_ind) < 0.25
    has_baseline = rng.random(n_ind) < 0.85
    has_target = has_baseline & (rng.random(n_ind) < 0.92)
    position = rng.uniform(0.0, 0.8, size=n_ind)
    start_value = np.where(up, low + position * span, low + (1.0 - position) * span)
    gain = rng.uniform(0.1, 0.3, size=n_ind) * span
    year0 = rng.integers(2020, 2024, size=n_ind)
    month = rng.integers(1, 13, size=n_ind)
    horizon = rng.integers(3, 7, size=n_ind)
    observed = rng.random(n_ind) < 0.7
    n_obs = rng.integers(1, 5, size=n_ind)
    grouped = observed & (rng.random(n_ind) < 0.3)
    # Progress per year: from backsliding (-0.3) to ahead of plan (1.4) relative to the target.
    trend = sign * gain / horizon * rng.uniform(-0.3, 1.4, size=n_ind)
    noise = rng.normal(0.0, 1.0, size=(n_ind, 4)) * (0.02 * span)[:, None]
    gap = rng.uniform(0.05, 0.2, size=n_ind) * span
    widening = rng.uniform(-0.02, 0.04, size=n_ind) * span
    group_pair = rng.integers(0, len(_GROUP_PAIRS), size=n_ind)
    pool = np.union1d(
        np.flatnonzero(cast.data_partner | (cast.sector == _S[Sector.GOVERNMENT])),
        [cast.backbone],
    ).astype(np.int64)
    reporter = pool[rng.integers(0, pool.shape[0], size=n_ind)]
    anonymous = rng.random(n_ind) < 0.1

    upstream, downstream, weight = _pathways(rng, n_ind)
    drives: list[dict[str, float]] = [{} for _ in range(n_ind)]
    for s, t, w in zip(upstream.tolist(), downstream.tolist(), weight.tolist(), strict=True):
        drives[s][ids[t]] = w

    columns = zip(
        ids,
        measure.tolist(),
        cycle.tolist(),
        performance.tolist(),
        has_baseline.tolist(),
        has_target.tolist(),
        start_value.tolist(),
        (start_value + sign * gain).tolist(),
        year0.tolist(),
        month.tolist(),
        horizon.tolist(),
        observed.tolist(),
        n_obs.tolist(),
        grouped.tolist(),
        trend.tolist(),
        noise.tolist(),
        (sign * gap).tolist(),
        (sign * widening).tolist(),
        group_pair.tolist(),
        reporter.tolist(),
        anonymous.tolist(),
        drives,
        strict=True,
    )
    indicators: list[Indicator] = []
    for (
        iid,
        mi,
        cyc,
        perf,
        has_b,
        has_t,
        first,
        goal_value,
        y0,
        month_,
        years,
        obs,
        n_o,
        grp,
        slope,
        wobble,
        gap0,
        widen,
        pair,
        rep,
        anon,
        drive,
    ) in columns:
        m = _MEASURES[mi]
        name = m.name
        if cyc:  # the template list repeats, one round per area
            area = _title(_PLACES[(cyc - 1) % len(_PLACES)])
            lap = (cyc - 1) // len(_PLACES)
            name = f"{name} ({area}{f' {lap + 1}' if lap else ''})"
        high = 100.0 if m.unit == "percent" else math.inf
        baseline = target = None
        if has_b:
            baseline = DatedValue(
                date=dt.date(y0, month_, 1), value=_rounded(first, m.decimals, high)
            )
        if has_t:
            target = DatedValue(
                date=dt.date(y0 + years, month_, 1), value=_rounded(goal_value, m.decimals, high)
            )
        observations: list[Observation] = []
        if obs:
            by = None if anon else cast.ids[rep]
            worse, better = _GROUP_PAIRS[pair]
            for k in range(1, n_o + 1):
                when = dt.date(y0 + k, month_, 1)
                v = first + slope * k + wobble[k - 1]
                observations.append(
                    Observation(date=when, value=_rounded(v, m.decimals, high), reported_by=by)
                )
                if grp:  # the gap between the groups, signed so that "worse" is worse
                    half = (gap0 + widen * k) / 2 if (gap0 + widen * k) * gap0 > 0 else 0.0
                    observations.extend(
                        Observation(
                            date=when,
                            value=_rounded(v + shift, m.decimals, high),
                            reported_by=by,
                            group=group,
                        )
                        for shift, group in ((-half, worse), (half, better))
                    )
        indicators.append(
            Indicator(
                id=iid,
                name=name,
                unit=m.unit,
                direction=m.direction,
                level=Level.PERFORMANCE if perf else Level.POPULATION,
                baseline=baseline,
                target=target,
                observations=tuple(observations),
                drives=drive,
            )
        )

    member_indicator, member_goal = _goal_members(rng, n_ind, n_goals)
    goal_weight = rng.choice([1.0, 1.5, 2.0], size=n_goals, p=[0.5, 0.3, 0.2])
    goal_ids = _ids("g", n_goals)
    listed: list[list[int]] = [[] for _ in range(n_goals)]
    for i, g in zip(member_indicator.tolist(), member_goal.tolist(), strict=True):
        listed[g].append(i)
    goals = []
    for g, members in enumerate(listed):
        lead = _MEASURES[measure[members[0]]]
        verb = "Raise" if lead.direction is _UP else "Reduce"
        subject = indicators[members[0]].name
        goals.append(
            Goal(
                id=goal_ids[g],
                statement=f"{verb} {subject[0].lower()}{subject[1:]}",
                indicators=tuple(ids[i] for i in members),
                weight=float(goal_weight[g]),
            )
        )
    return _Agenda(indicators, goals, ids, goal_ids, member_indicator, member_goal)


# --------------------------------------------------------------------------- ties


def _pairs(
    rng: np.random.Generator, n: int, count: int, weight: FloatArray, sector: IntArray
) -> tuple[IntArray, IntArray]:
    """Draw ``count`` distinct unordered pairs ``(i, j)``, ``i < j``, of ``n`` partners.

    Endpoints are drawn in proportion to ``weight`` (preferential attachment: prominent partners
    become hubs; zero-weight partners stay isolated), and one endpoint in three looks inside its
    own sector (homophily). When the pairs asked for are more than half of those possible, every
    pair is enumerated and sampled without replacement instead. Otherwise repeats are redrawn for
    a bounded number of weighted rounds, then uniform rounds; should pairs still be missing, a
    walk along the enumeration of all pairs from a random start adds them, so this never spins.
    """
    total = n * (n - 1) // 2
    if 2 * count > total:
        i, j = np.triu_indices(n, k=1)
        pair_weight = weight[i] * weight[j] * np.where(sector[i] == sector[j], 3.0, 1.0)
        pair_weight += 1e-9 * (float(pair_weight.max()) + 1.0)  # every pair stays possible
        pick = _weighted_sample(rng, pair_weight, count)
        return i[pick].astype(np.int64), j[pick].astype(np.int64)

    cumulative = np.cumsum(weight)
    order = np.argsort(sector, kind="stable")
    sorted_sector = sector[order]
    within = np.cumsum(weight[order])
    labels = np.arange(len(_SECTORS))
    first = np.searchsorted(sorted_sector, labels, side="left")
    last = np.searchsorted(sorted_sector, labels, side="right")
    below = np.where(first > 0, within[np.maximum(first - 1, 0)], 0.0)
    upto = np.where(last > 0, within[np.maximum(last - 1, 0)], 0.0)

    members = np.flatnonzero(weight > 0)
    keys = np.empty(0, dtype=np.int64)
    for round_ in range(2 * _ROUNDS):
        need = count - keys.shape[0]
        if need == 0:
            break
        size = 2 * need + 32
        if round_ < _ROUNDS:
            a = _draw(rng, cumulative, size)
            b = _draw(rng, cumulative, size)
            s = sector[a]
            x = below[s] + rng.random(size) * (upto[s] - below[s])
            pos = np.clip(np.searchsorted(within, x, side="right"), first[s], last[s] - 1)
            same = rng.random(size) < _HOMOPHILY
            b = np.where(same, order[pos], b)
        else:  # uniform among the partners who may have ties (not those kept isolated)
            a = members[rng.integers(0, members.shape[0], size=size)]
            b = members[rng.integers(0, members.shape[0], size=size)]
        distinct = a != b
        lo, hi = np.minimum(a, b)[distinct], np.maximum(a, b)[distinct]
        candidates = np.concatenate([keys, lo * n + hi])
        _, where = np.unique(candidates, return_index=True)
        keys = candidates[np.sort(where)][:count].astype(np.int64)
    need = count - keys.shape[0]
    if need:  # pragma: no cover - needs astronomically bad luck; _fill_pairs is tested directly
        keys = _fill_pairs(rng, n, keys, need, members)
    return keys // n, keys % n


def _fill_pairs(
    rng: np.random.Generator, n: int, keys: IntArray, need: int, members: IntArray | None = None
) -> IntArray:
    """Add ``need`` pairs not in ``keys`` (``i * n + j``) by walking the list of all pairs.

    Pairs of ``members`` (sorted indices; all ``n`` partners when ``None``) only, so that the
    partners kept isolated stay so; ``keys`` must be pairs of members. The window of
    ``len(keys) + need`` consecutive pairs holds at least ``need`` new ones.
    """
    chosen = np.arange(n, dtype=np.int64) if members is None else members.astype(np.int64)
    m = chosen.shape[0]
    total = m * (m - 1) // 2
    window = (int(rng.integers(0, total)) + np.arange(keys.shape[0] + need)) % total
    i, j = _decode_pairs(window.astype(np.int64), m)
    candidates = chosen[i] * n + chosen[j]
    fresh = candidates[~np.isin(candidates, keys)][:need]
    return np.concatenate([keys, fresh]).astype(np.int64)


def _ties(
    rng: np.random.Generator, count: int, cast: _Cast
) -> tuple[list[Tie], IntArray, IntArray]:
    """Draw ``count`` distinct ties; also return the tied pairs (for choosing co-partners)."""
    n = len(cast.ids)
    if count == 0:
        empty = np.empty(0, dtype=np.int64)
        return [], empty, empty
    total = n * (n - 1) // 2
    n_pairs = min(total, math.ceil(count / _TIES_PER_PAIR))
    weight = cast.prominence.copy()
    # A few partners (2 %) take part in nothing but activities, when there is room to spare.
    isolated = round(0.02 * n)
    if isolated and (n - isolated) * (n - isolated - 1) // 2 >= 4 * n_pairs:
        eligible = np.ones(n, dtype=bool)
        eligible[cast.backbone] = False
        eligible[cast.champions] = False
        weight[rng.choice(np.flatnonzero(eligible), size=isolated, replace=False)] = 0.0
    lo, hi = _pairs(rng, n, n_pairs, weight, cast.sector)

    # A tie's "code" is direction * 5 + kind: 10 distinct ties are possible per pair.
    kind = rng.choice(len(_TIE_KINDS), size=n_pairs, p=_TIE_KIND_SHARE)
    reverse = rng.integers(0, 2, size=n_pairs)
    funds = (cast.funder[lo] | cast.funder[hi]) & (rng.random(n_pairs) < 0.35)
    kind = np.where(funds, _FUNDING, kind)
    reverse = np.where(funds, ~cast.funder[lo], reverse)  # the funder is the source
    shares = (cast.data_partner[lo] | cast.data_partner[hi]) & ~funds & (rng.random(n_pairs) < 0.3)
    kind = np.where(shares, _DATA_SHARING, kind)
    code = reverse.astype(np.int64) * len(_TIE_KINDS) + kind
    extra = count - n_pairs
    if extra:  # second (third...) ties on some pairs, each with a code the pair does not have
        pick = rng.choice(9 * n_pairs, size=extra, replace=False)
        pair = pick // 9
        lo = np.concatenate([lo, lo[pair]])
        hi = np.concatenate([hi, hi[pair]])
        code = np.concatenate([code, (code[pair] + 1 + pick % 9) % 10])
    forward = code < len(_TIE_KINDS)
    source, target = np.where(forward, lo, hi), np.where(forward, hi, lo)
    level = rng.choice(len(_STRENGTHS), size=count, p=_STRENGTH_SHARE)
    # The backbone keeps its relationships strong: one notch up.
    touches_backbone = (source == cast.backbone) | (target == cast.backbone)
    level = np.minimum(level + touches_backbone, len(_STRENGTHS) - 1)
    ids = cast.ids
    ties = [
        Tie(source=ids[s], target=ids[t], kind=_TIE_KINDS[k], strength=_STRENGTHS[v])
        for s, t, k, v in zip(
            source.tolist(),
            target.tolist(),
            (code % len(_TIE_KINDS)).tolist(),
            level.tolist(),
            strict=True,
        )
    ]
    return ties, lo[:n_pairs], hi[:n_pairs]


# --------------------------------------------------------------------------- activities


class _Work(NamedTuple):
    """The activities, with their partner and indicator incidences as index arrays."""

    activities: list[Activity]
    partner_rows: IntArray
    partner_cols: IntArray
    indicator_rows: IntArray
    indicator_cols: IntArray


def _neighbours(n: int, lo: IntArray, hi: IntArray) -> tuple[IntArray, IntArray]:
    """Return the tie graph as compressed adjacency lists: ``(offsets, neighbours)``."""
    ends = np.concatenate([lo, hi])
    others = np.concatenate([hi, lo])
    offsets = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))]).astype(np.int64)
    return offsets, others[np.argsort(ends, kind="stable")].astype(np.int64)


def _activities(
    rng: np.random.Generator,
    count: int,
    cast: _Cast,
    agenda: _Agenda,
    tie_lo: IntArray,
    tie_hi: IntArray,
) -> _Work:
    n = len(cast.ids)
    n_ind = len(agenda.ids)
    # Strategies: Zipf-like popularity; each has a "home" block of neighbouring indicators and a
    # usual population, so that activities of one strategy overlap (and may duplicate).
    n_strategies = max(5, n_ind // 3)
    popularity = rng.permutation(1.0 / np.arange(1, n_strategies + 1) ** 0.8)
    strategy = rng.choice(n_strategies, size=count, p=popularity / popularity.sum())
    home_start = np.arange(n_strategies) * n_ind // n_strategies
    home_size = np.maximum(1, (np.arange(n_strategies) + 1) * n_ind // n_strategies - home_start)
    usual_population = rng.integers(0, len(_POPULATIONS), size=n_strategies)

    # Partners: the lead in proportion to prominence ** 1.3 (times a factor per sector), so that
    # a few partners lead many activities (the backbone supports more than it leads); co-partners
    # are mostly partners the lead is tied to, else anyone (in proportion to the square root of
    # prominence).
    lead_weight = cast.prominence**1.3 * _LEAD_BOOST[cast.sector]
    lead_weight[cast.backbone] = float(np.median(cast.prominence))
    lead = _draw(rng, np.cumsum(lead_weight), count)
    n_partners = rng.choice(3, size=count, p=[0.55, 0.3, 0.15]) + 1
    offsets, neighbour = _neighbours(n, tie_lo, tie_hi)
    degree = np.diff(offsets)[lead]
    helper = np.cumsum(np.sqrt(cast.prominence))
    co = np.empty((2, count), dtype=np.int64)
    for slot in range(2):
        via_tie = (rng.random(count) < 0.6) & (degree > 0)
        position = offsets[lead] + np.floor(rng.random(count) * degree).astype(np.int64)
        tied = (
            neighbour[np.minimum(position, max(neighbour.shape[0] - 1, 0))] if via_tie.any() else 0
        )
        co[slot] = np.where(via_tie, tied, _draw(rng, helper, count))

    # Contributions: the first to a home indicator of the strategy, the others mostly too.
    n_contributions = rng.choice(3, size=count, p=[0.4, 0.4, 0.2]) + 1
    home = home_start[strategy][:, None] + np.floor(
        rng.random((count, 3)) * home_size[strategy][:, None]
    ).astype(np.int64)
    at_home = rng.random((count, 3)) < 0.7
    at_home[:, 0] = True
    target = np.where(at_home, home, rng.integers(0, n_ind, size=(count, 3)))
    magnitude = np.round(
        np.concatenate(
            [rng.uniform(0.3, 1.0, size=(count, 1)), rng.uniform(0.1, 0.7, size=(count, 2))],
            axis=1,
        ),
        2,
    )
    contribution = np.where(rng.random((count, 3)) < 0.05, -magnitude, magnitude)

    # Populations and places: 0 (unspecified), 1 or 2 each; the first usually the strategy's
    # population and the lead's home place.
    n_populations = rng.choice(3, size=count, p=[0.1, 0.6, 0.3])
    populations = np.stack(
        [
            np.where(
                rng.random(count) < 0.6,
                usual_population[strategy],
                rng.integers(0, len(_POPULATIONS), size=count),
            ),
            rng.integers(0, len(_POPULATIONS), size=count),
        ],
        axis=1,
    )
    n_places = rng.choice(3, size=count, p=[0.1, 0.6, 0.3])
    places = np.stack(
        [
            np.where(
                rng.random(count) < 0.6,
                cast.home_place[lead],
                rng.integers(0, len(_PLACES), size=count),
            ),
            rng.integers(0, len(_PLACES), size=count),
        ],
        axis=1,
    )
    has_start = rng.random(count) < 0.85
    has_end = has_start & (rng.random(count) < 0.5)
    start = _EPOCH + rng.integers(0, 4 * 365, size=count)
    end = start + rng.integers(180, 4 * 365, size=count) + _RUN_BEYOND

    ids = _ids("a", count)
    labels = [_strategy_label(s) for s in range(n_strategies)]
    titles = [label.replace("-", " ").capitalize() for label in labels]
    place_titles = [_title(p) for p in _PLACES]
    pids, iids = cast.ids, agenda.ids
    activities: list[Activity] = []
    for a, (s, lead_a, k, co0, co1, kc, tg, cv, kp, pop, kl, pl, st, en, hs, he) in enumerate(
        zip(
            strategy.tolist(),
            lead.tolist(),
            n_partners.tolist(),
            co[0].tolist(),
            co[1].tolist(),
            n_contributions.tolist(),
            target.tolist(),
            contribution.tolist(),
            n_populations.tolist(),
            populations.tolist(),
            n_places.tolist(),
            places.tolist(),
            start.tolist(),
            end.tolist(),
            has_start.tolist(),
            has_end.tolist(),
            strict=True,
        )
    ):
        members = [lead_a]
        if k >= 2 and co0 != lead_a:
            members.append(co0)
        if k >= 3 and co1 not in members:
            members.append(co1)
        contributes: dict[str, float] = {}
        for t, c in zip(tg[:kc], cv[:kc], strict=True):
            contributes.setdefault(iids[t], c)
        where = tuple(dict.fromkeys(_PLACES[p] for p in pl[:kl]))
        activities.append(
            Activity(
                id=ids[a],
                name=f"{titles[s]}, {place_titles[pl[0]] if kl else 'county-wide'}",
                partners=tuple(pids[p] for p in members),
                strategy=labels[s],
                contributes=contributes,
                populations=tuple(dict.fromkeys(_POPULATIONS[p] for p in pop[:kp])),
                places=where,
                start=st if hs else None,
                end=en if he else None,
            )
        )
    partner_slots = np.stack([lead, co[0], co[1]], axis=1)
    used = np.arange(3)[None, :] < n_partners[:, None]
    contributed = np.arange(3)[None, :] < n_contributions[:, None]
    rows = np.repeat(np.arange(count, dtype=np.int64)[:, None], 3, axis=1)
    return _Work(
        activities,
        rows[used],
        partner_slots[used],
        rows[contributed],
        target[contributed].astype(np.int64),
    )


# --------------------------------------------------------------------------- structure


def _working_groups(
    rng: np.random.Generator, cast: _Cast, agenda: _Agenda, work: _Work
) -> list[WorkingGroup]:
    """Form one working group per goal, of 5-20 partners who mostly work on that goal.

    A partner's chance of joining grows with the number of its activities (as any partner)
    that contribute to the goal's indicators, plus a little for prominence; the backbone sits in
    four groups out of five. Members are a weighted sample without replacement. Up to
    :data:`_DENSE_GROUPS` partners x goals each group weighs every partner; beyond,
    :func:`_sparse_members` draws the same distribution in time linear in the groups' sizes.
    """
    n, n_ind, n_goals = len(cast.ids), len(agenda.ids), len(agenda.goals)
    n_act = len(work.activities)
    by_partner = sp.csr_array(
        (np.ones(work.partner_rows.shape[0]), (work.partner_rows, work.partner_cols)),
        shape=(n_act, n),
    )
    by_indicator = sp.csr_array(
        (np.ones(work.indicator_rows.shape[0]), (work.indicator_rows, work.indicator_cols)),
        shape=(n_act, n_ind),
    )
    by_goal = sp.csr_array(
        (np.ones(agenda.member_goal.shape[0]), (agenda.member_indicator, agenda.member_goal)),
        shape=(n_ind, n_goals),
    )
    affinity = sp.csc_array(by_partner.T @ by_indicator @ by_goal)
    base = 0.5 * cast.prominence / float(cast.prominence.mean())
    ids = _ids("w", n_goals)
    # the first indicator of each goal names its group (a scan per goal was goals x indicators)
    goal_of, first = np.unique(agenda.member_goal, return_index=True)
    subject_of = np.zeros(n_goals, dtype=np.int64)
    subject_of[goal_of] = agenda.member_indicator[first]
    if n * n_goals > _DENSE_GROUPS:
        members = _sparse_members(rng, cast, affinity, base)
    groups: list[WorkingGroup] = []
    for g in range(n_goals):
        if n * n_goals > _DENSE_GROUPS:
            chosen = members[g]
        else:
            size = min(n, int(rng.integers(5, 21)))
            weights = affinity[:, [g]].toarray().ravel() + base
            if rng.random() < 0.8:
                weights[cast.backbone] = 0.0
                sample = _weighted_sample(rng, weights, size - 1)
                chosen = [cast.backbone, *sorted(sample.tolist())]
            else:
                chosen = sorted(_weighted_sample(rng, weights, size).tolist())
        served = [g]
        if n_goals > 1 and rng.random() < 0.2:
            served.append((g + 1 + int(rng.integers(0, n_goals - 1))) % n_goals)
        subject = agenda.indicators[int(subject_of[g])].name
        groups.append(
            WorkingGroup(
                id=ids[g],
                name=f"Working group on {subject[0].lower()}{subject[1:]}",
                members=tuple(cast.ids[p] for p in chosen),
                goals=tuple(agenda.goal_ids[h] for h in served),
            )
        )
    return groups


def _sparse_members(
    rng: np.random.Generator, cast: _Cast, affinity: sp.csc_array, base: FloatArray
) -> list[list[int]]:
    """Draw every goal's members at once, without a weight per partner and goal.

    The members of goal ``g`` are a weighted sample without replacement, weights
    ``affinity[:, g] + base`` (the backbone first when it sits in the group, with weight 0
    among the others). Drawn as the distinct partners, in order of first appearance, of
    independent draws with replacement from those weights — the same distribution as drawing
    one member after another — each draw taken from the goal's affinity column with
    probability ``A_g / (A_g + B)`` (``A_g`` the column's sum, ``B`` the sum of ``base``),
    else by ``base``. ``2 k + 16`` draws for ``k`` members, in one vectorised draw for every
    goal. A goal that they leave short (few partners, most of them wanted) keeps its distinct
    draws, the first members of the sequential draw, and draws the rest from the partners not
    yet drawn with a weight for each, as the sequential draw goes on: which partners come next
    does not depend on how many draws found the first ones, so the members are exactly the
    weighted sample. (Drawing a short goal again from scratch, as before, made the goals kept
    from the first draws, and so the whole, depart from it.)
    """
    n, n_goals = affinity.shape
    size = np.minimum(n, rng.integers(5, 21, size=n_goals))
    with_backbone = rng.random(n_goals) < 0.8
    wanted = size - with_backbone
    draws = 2 * wanted + 16
    goal = np.repeat(np.arange(n_goals), draws)
    owner = np.repeat(np.arange(n_goals), np.diff(affinity.indptr))
    column = np.bincount(owner, weights=affinity.data, minlength=n_goals)
    total_base = float(base.sum())
    from_column = rng.random(goal.shape[0]) * (column[goal] + total_base) < column[goal]
    u = rng.random(goal.shape[0])
    by_base = np.minimum(
        np.searchsorted(np.cumsum(base), u * total_base, side="right"), n - 1
    ).astype(np.int64)
    if affinity.nnz:
        cumulative = np.cumsum(affinity.data)
        below = np.concatenate([[0.0], cumulative])[affinity.indptr[:-1]]
        at = np.searchsorted(cumulative, below[goal] + u * column[goal], side="right")
        at = np.clip(at, affinity.indptr[goal], np.maximum(affinity.indptr[goal + 1] - 1, 0))
        by_column = affinity.indices[np.minimum(at, affinity.nnz - 1)].astype(np.int64)
        pick = np.where(from_column, by_column, by_base)
    else:
        pick = by_base
    keep = ~(with_backbone[goal] & (pick == cast.backbone))
    goal, pick = goal[keep], pick[keep]
    _, first = np.unique(goal * n + pick, return_index=True)
    first.sort()  # the distinct (goal, partner), goal by goal, in order of first appearance
    goal, pick = goal[first], pick[first]
    starts = np.searchsorted(goal, np.arange(n_goals))
    rank = np.arange(goal.shape[0]) - starts[goal]
    taken = rank < wanted[goal]
    goal, pick = goal[taken], pick[taken]
    found = np.bincount(goal, minlength=n_goals)
    bounds = np.concatenate([[0], np.cumsum(found)])
    members: list[list[int]] = []
    for g in range(n_goals):
        chosen = pick[bounds[g] : bounds[g + 1]]
        if found[g] < wanted[g]:  # too few distinct draws: the rest among the others, weighed
            left = np.ones(n, dtype=bool)
            left[chosen] = False
            if with_backbone[g]:
                left[cast.backbone] = False
            candidates = np.flatnonzero(left)
            weights = affinity[:, [g]].toarray().ravel()[candidates] + base[candidates]
            rest = candidates[_weighted_sample(rng, weights, int(wanted[g] - found[g]))]
            chosen = np.concatenate([chosen, rest])
        others = sorted(chosen.tolist())
        members.append([cast.backbone, *others] if with_backbone[g] else others)
    return members


def _backbone(rng: np.random.Generator, cast: _Cast) -> Backbone:
    staff: dict[StaffRole | str, float] = {
        StaffRole.PROJECT_MANAGER: 1.0 if len(cast.ids) < 200 else 2.0
    }
    data_manager = float(rng.choice([0.0, 0.5, 1.0], p=[0.2, 0.4, 0.4]))
    if data_manager:
        staff[StaffRole.DATA_MANAGER] = data_manager
    staff[StaffRole.FACILITATOR] = float(rng.choice([0.5, 1.0, 1.5], p=[0.3, 0.5, 0.2]))
    levels = list(FunctionLevel)  # none, partial, strong
    drawn = rng.choice(len(levels), size=len(BackboneFunction), p=[0.15, 0.45, 0.4])
    return Backbone(
        organization=cast.ids[cast.backbone],
        staff=staff,
        functions={f: levels[k] for f, k in zip(BackboneFunction, drawn.tolist(), strict=True)},
    )


def _conditions(rng: np.random.Generator, cast: _Cast) -> Conditions:
    urgency = list(Urgency)[int(rng.choice(3, p=[0.15, 0.4, 0.45]))]
    return Conditions(
        champions=tuple(cast.ids[c] for c in cast.champions.tolist()),
        funding_secured_until=dt.date(2025 + int(rng.integers(0, 5)), 12, 31),
        urgency=urgency,
    )


# --------------------------------------------------------------------------- the generator


#: The largest size :func:`generate` draws (of partners, activities, indicators, ties, goals):
#: ten times the stress case's activities. Larger ones ran out of memory (``MemoryError``) or
#: overflowed (``OverflowError``, and a NumPy integer wrapped the bound on ties round to a
#: negative number), none of them a :class:`~collective_impact.CollectiveImpactError`.
MAX_SIZE = 1_000_000


def _check_arguments(
    partners: Any, activities: Any, indicators: Any, ties: Any, goals: Any, seed: Any
) -> int:
    """Check the arguments of :func:`generate`; return the number of goals to draw."""
    problems: list[tuple[str, str]] = []

    def count(name: str, value: Any, minimum: int, most: int | None = MAX_SIZE) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            problems.append((name, f"expected an integer, got {describe(value)}"))
            return False
        if value < minimum:
            problems.append((name, f"expected an integer >= {minimum}, got {value}"))
            return False
        if most is not None and value > most:
            problems.append((name, f"expected at most {most:,}, got {int(value):,}"))
            return False
        return True

    ok_partners = count("partners", partners, 1)
    count("activities", activities, 0)
    ok_indicators = count("indicators", indicators, 1)
    ok_ties = count("ties", ties, 0)
    ok_goals = goals is None or count("goals", goals, 1)
    if seed is not None:
        count("seed", seed, 0, most=None)
    # in Python integers: a NumPy one wrapped partners * (partners - 1) round to below 0
    if (
        ok_partners
        and ok_ties
        and int(ties) > int(partners) * (int(partners) - 1) * len(_TIE_KINDS)
    ):
        most = int(partners) * (int(partners) - 1) * len(_TIE_KINDS)
        problems.append(
            (
                "ties",
                f"at most {most} distinct (source, target, kind) ties are possible between "
                f"{partners} partner(s), got {ties}",
            )
        )
    if ok_goals and ok_indicators and goals is not None and goals > indicators:
        problems.append(
            ("goals", f"expected at most one goal per indicator ({indicators}), got {goals}")
        )
    if problems:
        raise ValidationError(problems)
    return max(1, int(indicators) // 5) if goals is None else int(goals)


def generate(
    *,
    partners: int = 50,
    activities: int = 200,
    indicators: int = 20,
    ties: int = 150,
    goals: int | None = None,
    seed: int | None = 0,
) -> Initiative:
    """Generate a realistic, valid random initiative of a given size.

    Parameters
    ----------
    partners
        Number of partners (>= 1). The first five core sectors (government, nonprofit, business,
        philanthropy, community) are all present when there are at least five.
    activities
        Number of activities (>= 0).
    indicators
        Number of indicators (>= 1).
    ties
        Number of ties (>= 0), at most the ``partners * (partners - 1) * 5`` distinct
        ``(source, target, kind)`` combinations there are.
    goals
        Number of goals of the common agenda, from 1 to ``indicators``; by default
        ``max(1, indicators // 5)``. There is one working group per goal.
    seed
        Seed of :func:`numpy.random.default_rng` (a non-negative integer); ``None`` draws a
        seed below :math:`2^{53}` at random (exact in any JSON reader). The seed used is in the
        initiative's name (``"Synthetic initiative (seed 7)"``) and description, so any
        generated initiative can be generated again, and the rows of a study told apart.

    Returns
    -------
    Initiative
        With exactly the numbers of partners, activities, indicators, ties and goals asked for.
        Ids are ``p01``, ``a001``, ``i01``, ``g1``, ``w1``... zero-padded to the width of the
        largest count, so that they sort in creation order.

    Raises
    ------
    ValidationError
        When an argument is not an integer, is out of range (a size above :data:`MAX_SIZE`,
        1,000,000, included), or asks for more ties than there are distinct ties; every
        problem's path is the argument's name.

    Notes
    -----
    The same arguments and seed always give an equal initiative. What is drawn:

    - **Partners**: sectors mixed (a third nonprofits); a Pareto(2) *prominence* per partner
      makes a few hubs. One nonprofit is the backbone, the most prominent partner (usually, not
      always, the biggest hub of the tie network: the ties are drawn at random);
      philanthropies are mostly funders, academics mostly data partners; a few prominent
      partners are champions and the most prominent sit on the steering committee.
    - **Agenda**: goal weights from {1, 1.5, 2}; each goal lists some of a block of neighbouring
      indicators, so about a quarter of the indicators are off-agenda. Indicators follow a
      cradle-to-career template list; pathways (``drives``) form chains of up to 5 indicators,
      some joined by shortcuts into larger connected groups, with weights in [0.3, 0.9], always
      from a lower to a higher index (acyclic).
    - **Measurement**: baselines on 85 % of indicators and targets on most of those; 1-4 yearly
      observations on 70 %, some disaggregated by two contrasting groups whose gap may widen;
      the trend ranges from backsliding to ahead of plan.
    - **Activities**: 1-3 partners, the lead drawn in proportion to prominence ** 1.3 (a few
      partners lead many; nonprofits most, funders least), co-partners mostly among the lead's
      tie neighbours; a strategy from ``max(5, indicators // 3)`` labels of Zipf-like
      popularity; contributions to 1-3 indicators, mostly the strategy's home indicators, 5 % of
      them negative; 0-2 populations (of 10) and places (of 15) each, 10 % unspecified; a
      start in 2021-2024 on 85 %, half of those with an end 5.5 to 9 years later. The date of
      judgement is the latest observation, 2025-2027 (the more indicators, the later), so few
      activities have ended by it (and are not scored): about 1 % at the default sizes, with
      none ended in two initiatives of five, and 2-3 % from about 100 indicators on, where the
      date is late in 2027.
    - **Ties**: distinct unordered pairs drawn by preferential attachment with homophily (one
      endpoint in three stays in its sector), 2 % of partners isolated when there is room;
      about one tie per pair, the rest second ties of another kind or direction; strengths in
      {0.2, 0.4, 0.6, 0.8, 1.0}, one notch stronger for the backbone's ties.
    - **Working groups** of 5-20 partners, drawn from those working on the group's goal;
      a **backbone** with mixed staffing and function levels; **conditions** with the champions,
      funding secured to 2025-2029 and an urgency.

    Generation takes time linear in the size: about 1 s for 1,000 partners, 10,000 activities,
    300 indicators and 5,000 ties, most of it in building and validating the model objects.

    Examples
    --------
    >>> from collective_impact.synth import generate
    >>> init = generate(partners=8, activities=20, indicators=6, ties=10, seed=1)
    >>> len(init.partners), len(init.activities), len(init.indicators), len(init.ties)
    (8, 20, 6, 10)
    >>> len(init.goals), len(init.working_groups)
    (1, 1)
    >>> init.backbone.organization == [p.id for p in init.partners if p.has_role("backbone")][0]
    True
    >>> init == generate(partners=8, activities=20, indicators=6, ties=10, seed=1)
    True
    """
    n_goals = _check_arguments(partners, activities, indicators, ties, goals, seed)
    if seed is None:  # drawn, and recorded below: every initiative can be generated again
        seed = int(np.random.default_rng().integers(_SEED_BOUND))
    rng = np.random.default_rng(seed)
    cast = _cast(rng, int(partners))
    agenda = _agenda(rng, int(indicators), n_goals, cast)
    tie_list, tie_lo, tie_hi = _ties(rng, int(ties), cast)
    work = _activities(rng, int(activities), cast, agenda, tie_lo, tie_hi)
    groups = _working_groups(rng, cast, agenda, work)
    backbone = _backbone(rng, cast)
    conditions = _conditions(rng, cast)
    return Initiative(
        name=f"Synthetic initiative (seed {seed})",
        description=(
            "Generated by collective_impact.synth.generate("
            f"partners={partners}, activities={activities}, indicators={indicators}, "
            f"ties={ties}, goals={n_goals}, seed={seed})."
        ),
        problem=_PROBLEMS[int(rng.integers(0, len(_PROBLEMS)))],
        partners=cast.partners,
        goals=agenda.goals,
        indicators=agenda.indicators,
        activities=work.activities,
        ties=tie_list,
        working_groups=groups,
        backbone=backbone,
        conditions=conditions,
    )
