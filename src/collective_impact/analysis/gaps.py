"""Coordination gaps: what is missing or misaligned, with the numbers behind it (DESIGN §5).

Every gap is a :class:`Gap` with a stable ``key`` (its identity: the code and the ids in each of
its roles, see :func:`gap_key`), a stable ``code`` (part of the public API), the ``condition`` of
collective impact it belongs to, a ``severity``, the ``subjects`` involved (sorted ids), the
``evidence`` (plain numbers) and a ``message`` a person can act on.

========================================  ==========================  =========================
code                                      condition                   severity
========================================  ==========================  =========================
``uncovered-indicator``                   common agenda               warning; info when reached
                                                                      through a pathway
``uncovered-goal``                        common agenda               critical; warning when
                                                                      reached through a pathway
``off-agenda-activity``                   common agenda               info; warning when it
                                                                      contributes to nothing
``harmful-activity``                      mutually reinforcing        warning: its net total
                                                                      effect on the agenda is
                                                                      negative
``no-shared-work``                        mutually reinforcing        warning: no two partners'
                                                                      activities meet on the
                                                                      agenda
``broken-pathway``                        mutually reinforcing        warning
``duplication``                           mutually reinforcing        warning when coordination
                                                                      < ``weak_tie``, else info
``conflicting-activities``                mutually reinforcing        warning when conflict is
                                                                      >= ``conflict_warning_share``
                                                                      of the activity's joint
                                                                      work (d + conflict) with
                                                                      those it works against,
                                                                      else info
``uncoordinated-interdependence``         mutually reinforcing        critical when its share
                                                                      >= ``critical_gap_share``,
                                                                      else warning
``isolated-partner``                      continuous communication    warning (critical for the
                                                                      backbone)
``fragmented-network``                    continuous communication    warning
``single-point-of-failure``               continuous communication    warning
``missing-backbone``                      backbone support            critical
``backbone-staff-gap``                    backbone support            warning (critical when no
                                                                      role is staffed)
``backbone-function-gap``                 backbone support            info
``missing-sector``                        preconditions               warning
``no-champion``                           preconditions               warning
``short-funding``                         preconditions               warning (critical when
                                                                      funding has run out)
========================================  ==========================  =========================

The shared-measurement codes come from the measurement analysis
(:mod:`collective_impact.analysis.measurement`):

========================================  ==========================  =========================
``unmeasured-indicator``                  shared measurement          warning: an agenda
                                                                      indicator without a
                                                                      baseline, a target, or an
                                                                      observation fresh enough
``non-reporting-partner``                 shared measurement          warning: a partner with
                                                                      activities on the agenda
                                                                      that reports nothing
``off-track-indicator``                   shared measurement          warning when off track,
                                                                      info when at risk
``widening-disparity``                    shared measurement          warning: the gap between
                                                                      the best and worst group
                                                                      grows
========================================  ==========================  =========================
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse import csgraph

from ..config import ScoringConfig
from ..model import BackboneFunction, FunctionLevel, Initiative, Sector, StaffRole
from ..model._frozen import FrozenMap
from ._index import ModelIndex
from ._tolerance import at_least, below, exceeds, negative
from .measurement import IndicatorMeasurement, IndicatorStatus
from .network import tie_graph
from .reinforcement import Reinforcement

__all__ = ["GAP_CODES", "Condition", "Gap", "Severity", "detect_gaps", "gap_key"]


class Severity(enum.StrEnum):
    """How urgent a gap is: ``critical`` > ``warning`` > ``info``."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for critical, 1 for warning, 2 for info (the sort order of reports)."""
        return {"critical": 0, "warning": 1, "info": 2}[self.value]


class Condition(enum.StrEnum):
    """The five conditions of collective impact, plus its preconditions."""

    COMMON_AGENDA = "common_agenda"
    SHARED_MEASUREMENT = "shared_measurement"
    MUTUALLY_REINFORCING_ACTIVITIES = "mutually_reinforcing_activities"
    CONTINUOUS_COMMUNICATION = "continuous_communication"
    BACKBONE_SUPPORT = "backbone_support"
    PRECONDITIONS = "preconditions"


#: Every gap code and the condition it belongs to (stable: part of the public API).
GAP_CODES: Mapping[str, Condition] = FrozenMap(
    {
        "uncovered-indicator": Condition.COMMON_AGENDA,
        "uncovered-goal": Condition.COMMON_AGENDA,
        "off-agenda-activity": Condition.COMMON_AGENDA,
        "unmeasured-indicator": Condition.SHARED_MEASUREMENT,
        "non-reporting-partner": Condition.SHARED_MEASUREMENT,
        "off-track-indicator": Condition.SHARED_MEASUREMENT,
        "widening-disparity": Condition.SHARED_MEASUREMENT,
        "duplication": Condition.MUTUALLY_REINFORCING_ACTIVITIES,
        "conflicting-activities": Condition.MUTUALLY_REINFORCING_ACTIVITIES,
        "harmful-activity": Condition.MUTUALLY_REINFORCING_ACTIVITIES,
        "no-shared-work": Condition.MUTUALLY_REINFORCING_ACTIVITIES,
        "uncoordinated-interdependence": Condition.MUTUALLY_REINFORCING_ACTIVITIES,
        "broken-pathway": Condition.MUTUALLY_REINFORCING_ACTIVITIES,
        "isolated-partner": Condition.CONTINUOUS_COMMUNICATION,
        "fragmented-network": Condition.CONTINUOUS_COMMUNICATION,
        "single-point-of-failure": Condition.CONTINUOUS_COMMUNICATION,
        "missing-backbone": Condition.BACKBONE_SUPPORT,
        "backbone-staff-gap": Condition.BACKBONE_SUPPORT,
        "backbone-function-gap": Condition.BACKBONE_SUPPORT,
        "missing-sector": Condition.PRECONDITIONS,
        "no-champion": Condition.PRECONDITIONS,
        "short-funding": Condition.PRECONDITIONS,
    }
)


def _sorted_ids(subjects: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(subjects))


def _evidence(values: Mapping[str, float]) -> FrozenMap[str, float]:
    return FrozenMap({k: float(v) for k, v in values.items()})


RoleIds = str | Iterable[str]


def gap_key(code: str, roles: Mapping[str, RoleIds] | None = None) -> str:
    """Return the stable identity of a gap: its code and the ids in each of its roles.

    ``roles`` maps a role name to an id or to several (sorted, joined by ``+``); roles keep
    their given order. Two gaps of one assessment never share a key, and the same situation in
    two assessments (snapshots, what-ifs) gives the same key, so :meth:`Assessment.diff` can
    match them.

    Examples
    --------
    >>> gap_key("conflicting-activities", {"pushing": "x", "against": ["z", "y"]})
    'conflicting-activities(pushing=x, against=y+z)'
    >>> gap_key("no-champion")
    'no-champion()'
    """
    parts = []
    for role, ids in (roles or {}).items():
        text = ids if isinstance(ids, str) else "+".join(sorted(ids))
        parts.append(f"{role}={text}")
    return f"{code}({', '.join(parts)})"


@attrs.frozen(kw_only=True)
class Gap:
    """One coordination gap.

    Attributes
    ----------
    key
        Its stable identity (:func:`gap_key`): the code and the ids in each role, e.g.
        ``conflicting-activities(pushing=x, against=y)``; unique within an assessment and the
        same across assessments of one situation.
    code
        Stable code from :data:`GAP_CODES` (``"duplication"``...).
    condition
        The :class:`Condition` it belongs to.
    severity
        :class:`Severity`.
    subjects
        Ids involved, sorted (activities, partners, indicators or goals by code; a sector value
        for ``missing-sector``; a staff role or function for the backbone gaps).
    evidence
        The numbers behind it (plain ``float`` values).
    message
        One sentence a person can act on.
    """

    key: str
    code: str
    condition: Condition
    severity: Severity
    subjects: tuple[str, ...] = attrs.field(converter=_sorted_ids)
    evidence: FrozenMap[str, float] = attrs.field(converter=_evidence)
    message: str

    @property
    def sort_key(self) -> tuple[int, str, tuple[str, ...], str]:
        """The order of reports: severity (critical first), code, subjects, key."""
        return (self.severity.rank, self.code, self.subjects, self.key)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{key, code, condition, severity, subjects, evidence, message}``, JSON-safe."""
        return {
            "key": self.key,
            "code": self.code,
            "condition": self.condition.value,
            "severity": self.severity.value,
            "subjects": list(self.subjects),
            "evidence": dict(self.evidence),
            "message": self.message,
        }


def _gap(
    code: str,
    severity: Severity,
    subjects: Iterable[str],
    evidence: Mapping[str, float],
    message: str,
    roles: Mapping[str, RoleIds] | None = None,
) -> Gap:
    return Gap(
        key=gap_key(code, roles),
        code=code,
        condition=GAP_CODES[code],
        severity=severity,
        subjects=tuple(subjects),
        evidence=evidence,
        message=message,
    )


def _fmt(x: float) -> str:
    return f"{x:.3g}"


# --------------------------------------------------------------------------- common agenda


def _agenda_gaps(initiative: Initiative, idx: ModelIndex, total: sp.csr_array) -> list[Gap]:
    gaps: list[Gap] = []
    g = idx.goal_weight
    direct = idx.directly_covered
    net_direct = np.asarray(idx.contributions.sum(axis=0), dtype=np.float64).reshape(-1)
    scale_direct = np.asarray(abs(idx.contributions).sum(axis=0), dtype=np.float64).reshape(-1)
    touched = np.bincount(idx.contributions.indices, minlength=g.size) > 0
    reach = np.asarray(total.sum(axis=0), dtype=np.float64).reshape(-1)
    for i in np.flatnonzero((g > 0) & ~direct).tolist():
        ind = initiative.indicators[i]
        through = reach[i] > 0
        outweighed = bool(touched[i])
        if outweighed and negative(net_direct[i], scale_direct[i]):
            advice = (
                f" — the work on it nets to {_fmt(net_direct[i])} (harm outweighs help); "
                "change the activities that push it the wrong way."
            )
        elif outweighed:
            advice = (
                " — the help and the harm done to it cancel out; change the activities that push "
                "it the wrong way."
            )
        elif through:
            advice = " — it is reached only through pathways; assign an activity to it."
        else:
            advice = "; assign at least one activity to it or drop it from the agenda."
        gaps.append(
            _gap(
                "uncovered-indicator",
                Severity.INFO if through and not outweighed else Severity.WARNING,
                [ind.id],
                {
                    "goal_weight": g[i],
                    "direct_effect": net_direct[i],
                    "total_effect": reach[i],
                },
                f"No activity helps agenda indicator {ind.id!r} ({ind.name}) directly" + advice,
                {"indicator": ind.id},
            )
        )
    for goal in initiative.goals:
        positions = [idx.indicator_pos[i] for i in goal.indicators]
        if any(direct[p] for p in positions):
            continue
        through = any(reach[p] > 0 for p in positions)
        gaps.append(
            _gap(
                "uncovered-goal",
                Severity.WARNING if through else Severity.CRITICAL,
                [goal.id],
                {"weight": goal.weight, "indicators": len(positions)},
                f"No activity helps goal {goal.id!r} ({goal.statement.strip()}) directly; "
                + (
                    "give it indicators and activities."
                    if not positions
                    else "start or align at least one activity on one of its indicators."
                ),
                {"goal": goal.id},
            )
        )
    agenda_reach = np.asarray(abs(total) @ g, dtype=np.float64).reshape(-1)
    net_effect = np.asarray(total @ g, dtype=np.float64).reshape(-1)
    harmful = negative(net_effect, agenda_reach)
    counts = np.diff(idx.contributions.indptr)
    for a in np.flatnonzero(agenda_reach == 0).tolist():
        act = initiative.activities[a]
        nothing = counts[a] == 0
        gaps.append(
            _gap(
                "off-agenda-activity",
                Severity.WARNING if nothing else Severity.INFO,
                [act.id],
                {"agenda_contribution": 0.0, "contributions": counts[a]},
                f"Activity {act.id!r} ({act.name}) "
                + (
                    "contributes to no indicator; record what it contributes to or retire it."
                    if nothing
                    else "contributes to no indicator of the common agenda; link it to a goal "
                    "or refocus it."
                ),
                {"activity": act.id},
            )
        )
    gaps.extend(_harmful_activities(initiative, idx, total, net_effect, harmful))
    gaps.extend(_broken_pathways(initiative, idx, direct))
    return gaps


def _harmful_activities(
    initiative: Initiative,
    idx: ModelIndex,
    total: sp.csr_array,
    net_effect: NDArray[np.float64],
    is_harmful: NDArray[np.bool_],
) -> list[Gap]:
    r"""One gap per activity whose net total effect on the agenda is negative.

    The net effect is :math:`e_a = \sum_i g_i \tilde c_{ai}`; the evidence gives it, the
    harm and the help it is made of, and the indicator it harms most.
    """
    gaps: list[Gap] = []
    g = idx.goal_weight
    harmful = np.flatnonzero(is_harmful)
    if harmful.size == 0:
        return gaps
    rows = sp.csr_array(total[harmful])
    for n, a in enumerate(harmful.tolist()):
        act = initiative.activities[a]
        start, stop = rows.indptr[n], rows.indptr[n + 1]
        cols = rows.indices[start:stop]
        vals = rows.data[start:stop] * g[cols]
        harm = float(-vals[vals < 0].sum())
        help_ = float(vals[vals > 0].sum())
        worst = int(cols[np.lexsort((cols, vals))[0]])  # most negative, then by position
        harmed = int((vals < 0).sum())
        gaps.append(
            _gap(
                "harmful-activity",
                Severity.WARNING,
                [act.id, *(initiative.indicators[int(c)].id for c in cols[vals < 0])],
                {
                    "net_effect": float(net_effect[a]),
                    "harm": harm,
                    "help": help_,
                    "indicators_harmed": harmed,
                },
                f"Activity {act.id!r} ({act.name}) works against the common agenda overall "
                f"(net weighted effect {_fmt(float(net_effect[a]))}: harm {_fmt(harm)}, help "
                f"{_fmt(help_)}), most of all on {initiative.indicators[worst].id!r}; "
                "redesign it or stop it.",
                {"activity": act.id},
            )
        )
    return gaps


def _broken_pathways(
    initiative: Initiative, idx: ModelIndex, direct: NDArray[np.bool_]
) -> list[Gap]:
    """Find indicators with no activity between covered stages of a pathway."""
    rows, cols = idx.pathways.nonzero()
    if rows.size == 0:
        return []
    graph = nx.DiGraph(list(zip(rows.tolist(), cols.tolist(), strict=True)))
    gaps = []
    for node in sorted(graph.nodes):
        if direct[node]:
            continue
        up = [n for n in nx.ancestors(graph, node) if direct[n]]
        down = [n for n in nx.descendants(graph, node) if direct[n]]
        if up and down:
            ind = initiative.indicators[node]
            gaps.append(
                _gap(
                    "broken-pathway",
                    Severity.WARNING,
                    [ind.id],
                    {"covered_upstream": len(up), "covered_downstream": len(down)},
                    f"Indicator {ind.id!r} ({ind.name}) is a pathway stage between covered "
                    f"stages but no activity works on it; add one so progress carries through.",
                    {"indicator": ind.id},
                )
            )
    return gaps


# --------------------------------------------------------------------------- reinforcement


def _reinforcement_gaps(result: Reinforcement, cfg: ScoringConfig, idx: ModelIndex) -> list[Gap]:
    gaps: list[Gap] = []
    pairs = result.pairs
    ids = result.activity_ids
    hit = np.flatnonzero(at_least(pairs.redundancy, cfg.duplication_threshold) & pairs.between)
    # plain Python numbers once, not numpy scalars per gap
    rows = zip(
        pairs.a[hit].tolist(),
        pairs.b[hit].tolist(),
        pairs.redundancy[hit].tolist(),
        pairs.interdependence[hit].tolist(),
        pairs.duplication[hit].tolist(),
        pairs.coordination[hit].tolist(),
        strict=True,
    )
    for pa, pb, r, d, dup, coord in rows:
        a, b = sorted((ids[pa], ids[pb]))
        weak = bool(below(coord, cfg.weak_tie))
        gaps.append(
            _gap(
                "duplication",
                Severity.WARNING if weak else Severity.INFO,
                (a, b),
                {"redundancy": r, "interdependence": d, "duplication": dup, "coordination": coord},
                f"Activities {a!r} and {b!r} duplicate each other (redundancy {_fmt(r)}) "
                + (
                    f"and their partners barely coordinate (k = {_fmt(coord)}); connect them to "
                    "divide the work or merge the activities."
                    if weak
                    else f"but are coordinated (k = {_fmt(coord)}); check the split of work."
                ),
                {"activities": (a, b)},
            )
        )
    gaps.extend(_conflict_gaps(result, cfg))
    gaps.extend(_shared_work_gap(result, idx))
    table = result.partner_gap_table
    flagged = exceeds(table.share, cfg.gap_share_threshold) & below(
        table.tie_strength, cfg.weak_tie
    )
    for k in np.flatnonzero(flagged).tolist():
        gap = table.record(k)
        critical = bool(at_least(gap.share, cfg.critical_gap_share))
        gaps.append(
            _gap(
                "uncoordinated-interdependence",
                Severity.CRITICAL if critical else Severity.WARNING,
                [gap.p, gap.q],
                {
                    "gap": gap.gap,
                    "share": gap.share,
                    "tie_strength": gap.tie_strength,
                    "pairs": gap.pairs,
                },
                f"Partners {gap.p!r} and {gap.q!r} lead interdependent activities "
                f"({gap.pairs} pairs) but are "
                + ("not tied" if gap.tie_strength == 0 else "only weakly tied")
                + f"; this costs {gap.share:.1%} of the alignment index — set up regular "
                "communication between them.",
                {"partners": (gap.p, gap.q)},
            )
        )
    return gaps


def _shared_work_gap(result: Reinforcement, idx: ModelIndex) -> list[Gap]:
    """Return the ``no-shared-work`` gap when no two partners' activities meet on the agenda.

    Raised when some activity helps the agenda while no pair of activities with different lead
    partners has interdependence or conflict: mutually reinforcing activities are impossible
    (the condition scores 0), whether one partner leads everything or partners work apart.
    """
    helping = idx.helps_agenda_directly
    if not helping.any() or result.total_interdependence + result.total_conflict > 0:
        return []
    leads = sorted({idx.partner_ids[int(p)] for p in idx.lead[helping].tolist()})
    one = len(leads) == 1
    return [
        _gap(
            "no-shared-work",
            Severity.WARNING,
            leads,
            {"lead_partners": len(leads), "agenda_activities": int(helping.sum())},
            (
                f"All agenda work is led by one partner, {leads[0]!r}; mutually reinforcing "
                "activities need several partners working on shared indicators — bring "
                "partners in to lead parts of the work."
                if one
                else f"The {len(leads)} partners leading agenda work each work on different "
                "indicators or populations, so no activities reinforce each other; plan "
                "activities on shared indicators together."
            ),
        )
    ]


def _conflict_gaps(result: Reinforcement, cfg: ScoringConfig) -> list[Gap]:
    r"""Return one gap per activity whose harm meets other activities' help on the agenda.

    ``conflict_share`` is the activity's conflict over the joint work (help and opposed work,
    :math:`d + \mathrm{conflict}`) of the pairs it conflicts in, a number in (0, 1].
    """
    pairs = result.pairs
    ids = result.activity_ids
    # each pair twice: (x = the one pushing against, y = the other, amount, joint work)
    x = np.concatenate([pairs.a, pairs.b])
    y = np.concatenate([pairs.b, pairs.a])
    amount = np.concatenate([pairs.conflict_a, pairs.conflict_b])
    joint = pairs.interdependence + pairs.conflict
    engaged = np.concatenate([joint, joint])
    hit = amount > 0
    x, y, amount, engaged = x[hit], y[hit], amount[hit], engaged[hit]
    if x.size == 0:
        return []
    order = np.lexsort((y, x))
    x, y, amount, engaged = x[order], y[order], amount[order], engaged[order]
    starts = np.flatnonzero(np.r_[True, x[1:] != x[:-1]])
    totals = np.add.reduceat(amount, starts)
    bases = np.add.reduceat(engaged, starts)
    gaps = []
    for n, start in enumerate(starts.tolist()):  # one per activity, not per pair
        stop = int(starts[n + 1]) if n + 1 < starts.size else x.size
        who = ids[int(x[start])]
        others = sorted(ids[int(v)] for v in y[start:stop])
        share = float(totals[n] / bases[n])
        gaps.append(
            _gap(
                "conflicting-activities",
                Severity.WARNING if at_least(share, cfg.conflict_warning_share) else Severity.INFO,
                [who, *others],
                {"conflict": totals[n], "activities": len(others), "conflict_share": share},
                f"Activity {who!r} pushes shared agenda indicators against the direction "
                f"{len(others)} other activit{'y' if len(others) == 1 else 'ies'} "
                f"({', '.join(repr(o) for o in others[:3])}"
                f"{', ...' if len(others) > 3 else ''}) push them "
                f"(conflict {_fmt(totals[n])}, {share:.0%} of their joint work); "
                "change it or align it with the others.",
                {"pushing": who, "against": others},
            )
        )
    return gaps


# --------------------------------------------------------------------------- network


def _network_gaps(initiative: Initiative) -> list[Gap]:
    gaps: list[Gap] = []
    graph = tie_graph(initiative)
    backbone = initiative.backbone.organization if initiative.backbone else None
    isolates = sorted(nx.isolates(graph))
    for p in isolates:
        is_backbone = p == backbone
        gaps.append(
            _gap(
                "isolated-partner",
                Severity.CRITICAL if is_backbone else Severity.WARNING,
                [p],
                {"ties": 0.0},
                f"Partner {p!r} has no tie to any other partner"
                + (" although it is the backbone" if is_backbone else "")
                + "; bring it into regular communication (a working group or a standing meeting).",
                {"partner": p},
            )
        )
    connected = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    components = sorted(
        (sorted(c) for c in nx.connected_components(connected)), key=lambda c: (-len(c), c)
    )
    if len(components) > 1:
        outside = [p for c in components[1:] for p in c]
        gaps.append(
            _gap(
                "fragmented-network",
                Severity.WARNING,
                outside,
                {
                    "components": len(components),
                    "largest_component": len(components[0]),
                    "partners": graph.number_of_nodes(),
                },
                f"The tie network falls into {len(components)} separate groups; connect the "
                f"{len(outside)} partners outside the largest group to it.",
            )
        )
    cut_points = sorted(nx.articulation_points(connected))
    if not cut_points:
        return gaps
    nodes = list(connected)
    position = {n: i for i, n in enumerate(nodes)}
    adjacency = sp.csr_array(nx.to_scipy_sparse_array(connected, nodelist=nodes, weight=None))
    _, labels = csgraph.connected_components(adjacency, directed=False)
    for p in cut_points:  # one C-level component count per cut point
        at = position[p]
        keep = np.flatnonzero(labels == labels[at])
        keep = keep[keep != at]
        n_parts, part = csgraph.connected_components(adjacency[keep][:, keep], directed=False)
        sizes = np.bincount(part)
        parts = range(n_parts)
        cut_off = int(sizes.sum() - sizes.max())
        gaps.append(
            _gap(
                "single-point-of-failure",
                Severity.WARNING,
                [p],
                {"components_without": len(parts), "partners_cut_off": cut_off},
                f"Partner {p!r} is the only link between parts of the network: without it "
                f"{cut_off} partner{'' if cut_off == 1 else 's'} would be cut off; add ties "
                "around it.",
                {"partner": p},
            )
        )
    return gaps


# --------------------------------------------------------------------------- backbone


def _backbone_gaps(initiative: Initiative) -> list[Gap]:
    backbone = initiative.backbone
    if backbone is None:
        return [
            _gap(
                "missing-backbone",
                Severity.CRITICAL,
                [],
                {},
                "The initiative has no backbone organisation; designate one with dedicated "
                "staff to run the effort.",
            )
        ]
    gaps: list[Gap] = []
    staff = {role.value: backbone.fte(role) for role in StaffRole}
    missing = [role for role, fte in staff.items() if fte <= 0]
    if missing:
        gaps.append(
            _gap(
                "backbone-staff-gap",
                Severity.CRITICAL if len(missing) == len(staff) else Severity.WARNING,
                [backbone.organization, *missing],
                staff,
                f"The backbone {backbone.organization!r} has no "
                + ", ".join(m.replace("_", " ") for m in missing)
                + "; staff each of project manager, data manager and facilitator.",
                {"backbone": backbone.organization},
            )
        )
    for function in BackboneFunction:
        if backbone.function_level(function) is FunctionLevel.NONE:
            gaps.append(
                _gap(
                    "backbone-function-gap",
                    Severity.INFO,
                    [backbone.organization, function.value],
                    {"level": 0.0},
                    f"The backbone does not {function.value.replace('_', ' ')}; "
                    "assign this function to it or to a partner.",
                    {"backbone": backbone.organization, "function": function.value},
                )
            )
    return gaps


# --------------------------------------------------------------------------- preconditions


def _precondition_gaps(
    initiative: Initiative, cfg: ScoringConfig, as_of: dt.date | None
) -> list[Gap]:
    gaps: list[Gap] = []
    present = {p.sector for p in initiative.partners}
    for sector in Sector.core():
        if sector not in present:
            gaps.append(
                _gap(
                    "missing-sector",
                    Severity.WARNING,
                    [sector.value],
                    {"partners_in_sector": 0.0},
                    f"No partner comes from the {sector.value} sector; collective impact needs "
                    "all sectors at the table — invite one.",
                    {"sector": sector.value},
                )
            )
    conditions = initiative.conditions
    if not conditions.champions:
        gaps.append(
            _gap(
                "no-champion",
                Severity.WARNING,
                [],
                {"champions": 0.0},
                "No influential champion is recorded; find a leader who can bring CEO-level "
                "partners together and hold them to the agenda.",
            )
        )
    until = conditions.funding_secured_until
    if until is None:
        gaps.append(
            _gap(
                "short-funding",
                Severity.WARNING,
                [],
                {"min_years": cfg.min_funding_years},
                "No funding horizon is recorded; secure funding (an anchor funder) for at "
                f"least {cfg.min_funding_years:g} years and record the date.",
            )
        )
    elif as_of is not None:
        years = (until - as_of).days / 365.25
        if years < cfg.min_funding_years:
            gaps.append(
                _gap(
                    "short-funding",
                    Severity.CRITICAL if years <= 0 else Severity.WARNING,
                    [],
                    {"years_secured": years, "min_years": cfg.min_funding_years},
                    f"Funding is secured for {max(years, 0):.1f} years after {as_of.isoformat()}"
                    f", less than {cfg.min_funding_years:g}; secure multi-year funding.",
                )
            )
    return gaps


def _measurement_gaps(
    initiative: Initiative,
    index: ModelIndex,
    records: Sequence[IndicatorMeasurement],
    cfg: ScoringConfig,
) -> list[Gap]:
    gaps: list[Gap] = []
    for m in records:
        if not m.on_agenda:
            continue
        missing = [
            what
            for what, absent in (
                ("baseline", m.baseline is None),
                ("target", m.target is None),
                ("recent observation", m.stale),
            )
            if absent
        ]
        if missing:
            evidence = {
                "has_baseline": float(m.baseline is not None),
                "has_target": float(m.target is not None),
                "observations": float(m.observations),
            }
            if m.freshness_days is not None:
                evidence["days_since_observation"] = float(m.freshness_days)
            gaps.append(
                _gap(
                    "unmeasured-indicator",
                    Severity.WARNING,
                    [m.indicator],
                    evidence,
                    f"Agenda indicator {m.indicator!r} ({m.name}) has no "
                    + " and no ".join(missing)
                    + "; agree it and report it so progress can be judged.",
                    {"indicator": m.indicator},
                )
            )
    for m in records:
        behind = m.status in (IndicatorStatus.OFF_TRACK, IndicatorStatus.AT_RISK)
        if behind and m.target is not None:
            evidence = {"target": m.target}
            if m.progress is not None:
                evidence["progress"] = m.progress
            if m.latest_value is not None:
                evidence["latest"] = m.latest_value
            if m.forecast is not None:
                evidence.update(
                    forecast=m.forecast.value, lower=m.forecast.lower, upper=m.forecast.upper
                )
            off = m.status is IndicatorStatus.OFF_TRACK
            gaps.append(
                _gap(
                    "off-track-indicator",
                    Severity.WARNING if off else Severity.INFO,
                    [m.indicator],
                    evidence,
                    f"Indicator {m.indicator!r} ({m.name}) is "
                    + ("off track" if off else "at risk")
                    + f" for its target of {m.target:g} by {m.target_date}"
                    + (f" (forecast {m.forecast.value:.3g})" if m.forecast is not None else "")
                    + "; review the activities that drive it.",
                    {"indicator": m.indicator},
                )
            )
        if m.disparity is not None and m.disparity.widening:
            d = m.disparity
            gaps.append(
                _gap(
                    "widening-disparity",
                    Severity.WARNING,
                    [m.indicator, d.best, d.worst],
                    {
                        "gap": d.gap,
                        "trend_per_year": d.trend if d.trend is not None else 0.0,
                        "p_value": d.p_value if d.p_value is not None else 1.0,
                        "dates": d.n,
                    },
                    f"On {m.indicator!r} ({m.name}) the gap between {d.best!r} and {d.worst!r} "
                    f"({d.gap:.3g} on {d.date.isoformat()}) grows by {d.trend or 0.0:.3g} a "
                    f"year over {d.n} dates (one-sided p = {d.p_value or 0.0:.2g}); target "
                    f"activities at {d.worst!r}.",
                    {"indicator": m.indicator},
                )
            )
    direct = index.helps_agenda_directly
    aligned: dict[str, int] = {}
    for a, act in enumerate(initiative.activities):
        if direct[a]:
            for p in act.partners:
                aligned[p] = aligned.get(p, 0) + 1
    reporters = {r for m in records for r in m.reporters}
    for p in sorted(set(aligned) - reporters):
        gaps.append(
            _gap(
                "non-reporting-partner",
                Severity.WARNING,
                [p],
                {"aligned_activities": float(aligned[p]), "observations": 0.0},
                f"Partner {p!r} runs {aligned[p]} activit{'y' if aligned[p] == 1 else 'ies'} on "
                "the agenda but reports no observation; agree what it will report, and when.",
                {"partner": p},
            )
        )
    return gaps


def detect_gaps(
    initiative: Initiative,
    *,
    config: ScoringConfig,
    index: ModelIndex,
    total: sp.csr_array,
    reinforcement: Reinforcement,
    as_of: dt.date | None,
    measurement: Sequence[IndicatorMeasurement] = (),
) -> tuple[Gap, ...]:
    """Find every gap of DESIGN §5 (but the measurement codes), sorted for reports.

    Parameters
    ----------
    initiative
        The initiative.
    config
        Thresholds.
    index, total, reinforcement
        The model index, total contributions and reinforcement scores already computed for it.
    as_of
        The date the funding horizon is measured from (``None``: not judged).
    measurement
        The measurement records of the indicators (for the shared-measurement codes).

    Returns
    -------
    tuple of Gap
        Sorted by severity (critical first), code, subjects.
    """
    gaps = [
        *_agenda_gaps(initiative, index, total),
        *_reinforcement_gaps(reinforcement, config, index),
        *_network_gaps(initiative),
        *_backbone_gaps(initiative),
        *_precondition_gaps(initiative, config, as_of),
        *_measurement_gaps(initiative, index, measurement, config),
    ]
    ordered = tuple(sorted(gaps, key=lambda g: g.sort_key))
    keys = [g.key for g in ordered]
    if len(set(keys)) != len(keys):  # the identity of a gap must be unique: a bug otherwise
        seen: set[str] = set()
        twice = sorted({k for k in keys if k in seen or seen.add(k)})  # type: ignore[func-returns-value]
        raise AssertionError(f"internal error: gaps share a key: {twice}")
    return ordered
