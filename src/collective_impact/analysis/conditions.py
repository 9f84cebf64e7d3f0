r"""The five condition scores of collective impact, each in [0, 1], and their geometric mean.

Each score is the mean of documented sub-measures, so a researcher can trace every number; the
sub-measures are reported beside the scores (:attr:`ConditionScores.components`). ``overall`` is
the geometric mean of the five: a missing condition cannot be averaged away (any 0 makes it 0).

.. math::

    \text{overall} = \Bigl(\prod_{c=1}^{5} s_c\Bigr)^{1/5}
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs
import networkx as nx
import numpy as np
import scipy.sparse as sp

from ..config import ScoringConfig
from ..model import BackboneFunction, FunctionLevel, Initiative, StaffRole
from ._index import ModelIndex, sample
from ._tolerance import positive
from .measurement import IndicatorMeasurement
from .network import partner_ratings, tie_graph
from .reinforcement import Reinforcement

__all__ = [
    "ConditionScores",
    "backbone_support",
    "common_agenda",
    "condition_scores",
    "continuous_communication",
    "mutually_reinforcing_activities",
    "shared_measurement",
]

SCORE_KEYS = (
    "common_agenda",
    "shared_measurement",
    "mutually_reinforcing_activities",
    "continuous_communication",
    "backbone_support",
    "overall",
)


@attrs.frozen(kw_only=True)
class ConditionScores:
    """The five condition scores and ``overall``, each in [0, 1].

    ``components`` holds the sub-measures behind each score (``{condition: {name: value}}``).
    """

    common_agenda: float
    shared_measurement: float
    mutually_reinforcing_activities: float
    continuous_communication: float
    backbone_support: float
    overall: float
    components: Mapping[str, Mapping[str, float]] = attrs.field(eq=False, repr=False)

    def to_dict(self) -> dict[str, float]:
        """Return the six scores under their stable keys."""
        return {k: float(getattr(self, k)) for k in SCORE_KEYS}


def _mean(values: Mapping[str, float | None]) -> float:
    defined = [v for v in values.values() if v is not None]
    return float(sum(defined) / len(defined)) if defined else 0.0


def _clean(values: Mapping[str, float | None]) -> dict[str, float]:
    return {k: float(v) for k, v in values.items() if v is not None}


def common_agenda(
    initiative: Initiative, index: ModelIndex, total: sp.csr_array
) -> dict[str, float]:
    r"""Sub-measures of the common agenda condition; the score is their mean.

    Only work that helps counts: contributions are effects in each indicator's desired
    direction, and harm never covers a goal, focuses work or engages a partner.

    .. math::

        \text{goal coverage} = \frac{\sum_{G} w_G [\exists i \in G: \sum_a c_{ai} > 0]}
                                     {\sum_G w_G}, \quad
        \text{focus} = \frac{\sum_{a,i} [g_i > 0] \max(c_{ai}, 0)}{\sum_{a,i} |c_{ai}|}, \quad
        \text{engagement} = \frac{|\{p : p \text{ performs an activity helping the agenda}\}|}
                                 {|P|}

    An activity *helps the agenda* when its net total effect is positive,
    :math:`\sum_i g_i \tilde c_{ai} > 0`. Each is 0 when its denominator is (no goals, no
    contributions).

    Examples
    --------
    Two partners, one activity each on the only agenda indicator: ``x`` (+0.8) and ``y``
    (−0.4). The indicator's net effect is 0.8 − 0.4 = 0.4 > 0, so the goal is covered (1.0);
    focus = 0.8 / (0.8 + 0.4) = 2/3; only ``x`` helps the agenda, so engagement = 1/2.

    >>> import collective_impact as ci
    >>> from collective_impact.analysis._index import build_index
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": -0.4})],
    ... )
    >>> index = build_index(init)
    >>> {k: round(v, 4) for k, v in common_agenda(init, index, index.contributions).items()}
    {'goal_coverage': 1.0, 'focus': 0.6667, 'engagement': 0.5}
    """
    direct = index.directly_covered
    weights = math.fsum(g.weight for g in initiative.goals)
    covered = math.fsum(
        g.weight
        for g in initiative.goals
        if any(direct[index.indicator_pos[i]] for i in g.indicators)
    )
    contributions = index.contributions
    all_c = float(abs(contributions).sum())
    helping = sp.csr_array(contributions.maximum(0))
    on_agenda = float((helping @ (index.goal_weight > 0).astype(np.float64)).sum())
    net = np.asarray(total @ index.goal_weight).reshape(-1)
    helpers = positive(net, np.asarray(abs(total) @ index.goal_weight).reshape(-1))
    engaged = {p for a, act in enumerate(initiative.activities) if helpers[a] for p in act.partners}
    return {
        "goal_coverage": covered / weights if weights > 0 else 0.0,
        "focus": on_agenda / all_c if all_c > 0 else 0.0,
        "engagement": len(engaged) / len(initiative.partners),
    }


def shared_measurement(
    initiative: Initiative, index: ModelIndex, records: Sequence[IndicatorMeasurement] = ()
) -> dict[str, float]:
    r"""Sub-measures of the shared measurement condition; the score is their mean.

    .. math::

        \text{readiness} = \frac{\sum_i g_i [\text{baseline}_i \wedge \text{target}_i \wedge
                                 \text{observed}_i]}{\sum_i g_i}, \quad
        \text{reporting} = \frac{|\{p \in P_{agenda} : p \text{ reports an observation}\}|}
                                {|P_{agenda}|}, \quad
        \text{freshness} = \frac{\sum_i g_i [\text{not stale}_i]}{\sum_i g_i}

    where :math:`P_{agenda}` are the partners of activities helping an agenda indicator
    directly (:math:`c_{ai} > 0`, :math:`g_i > 0`), and an indicator is *stale* when it has no
    observation or its last one is older than ``stale_after_periods`` reporting periods
    (``stale_after_days`` without a frequency) before ``as_of`` (see
    :mod:`~collective_impact.analysis.measurement`). Each is 0 when its denominator is;
    freshness is left out when no measurement records are given. With records (one per
    indicator, in the initiative's order), *observed* and *reports* count only observations up
    to the records' ``as_of``: the snapshot the assessment judges.
    """
    g = index.goal_weight
    if records:
        observed = [m.observations > 0 for m in records]
        reporters = {r for m in records for r in m.reporters}
    else:
        observed = [bool(ind.observations) for ind in initiative.indicators]
        reporters = {
            o.reported_by
            for ind in initiative.indicators
            for o in ind.observations
            if o.reported_by
        }
    ready = np.array(
        [
            bool(ind.baseline and ind.target and seen)
            for ind, seen in zip(initiative.indicators, observed, strict=True)
        ],
        dtype=bool,
    )
    total_g = float(g.sum())
    direct_agenda = index.helps_agenda_directly
    aligned = {
        p for a, act in enumerate(initiative.activities) if direct_agenda[a] for p in act.partners
    }
    out = {
        "readiness": float((g * ready).sum()) / total_g if total_g > 0 else 0.0,
        "reporting": len(aligned & reporters) / len(aligned) if aligned else 0.0,
    }
    if records:
        fresh = np.array([not m.stale for m in records], dtype=bool)
        out["freshness"] = float((g * fresh).sum()) / total_g if total_g > 0 else 0.0
    return out


def mutually_reinforcing_activities(result: Reinforcement) -> dict[str, float | None]:
    r"""Sub-measures of the mutually reinforcing activities condition.

    .. math::

        s = \frac{\sum R\,k}{\sum (d + \mathrm{conflict})}
          = \text{index} \cdot \frac{\sum R}{\sum (d + \mathrm{conflict})}

    over the pairs of activities with different lead partners. The coordinated share of the
    work partners do on shared indicators: the alignment index times the *efficiency*
    :math:`\sum R / \sum (d + \mathrm{conflict})`, the part of the joint work (helping or
    opposed) not lost to conflict or duplication. Work that pushes against other partners'
    work enters the denominator only, so harm can only lower the score. 0 when no two
    partners' activities meet on an agenda indicator (the ``no-shared-work`` gap says so);
    ``alignment_index`` is left out when the index is undefined.

    Examples
    --------
    Two pairs between partners: one with :math:`d = 0.64`, conflict 0, :math:`R = 0.64`,
    :math:`k = 0.8`; one with :math:`d = 0`, conflict 0.32, :math:`R = 0`. Then
    :math:`s = 0.64 \cdot 0.8 / (0.64 + 0.32) = 0.5333`, the index is 0.8 and the efficiency
    0.64 / 0.96 = 0.6667.
    """
    engaged = result.total_interdependence + result.total_conflict
    out: dict[str, float | None] = {
        "alignment_index": result.index,
        "efficiency": result.total_reinforcement / engaged if engaged > 0 else 0.0,
        "score": result.coordinated_reinforcement / engaged if engaged > 0 else 0.0,
    }
    return out


def continuous_communication(
    initiative: Initiative, index: ModelIndex, result: Reinforcement, config: ScoringConfig
) -> dict[str, float | None]:
    r"""Sub-measures of the continuous communication condition; the score is their mean.

    .. math::

        \text{connectivity} = \frac{|\text{largest component}|\,[\,|\cdot| \ge 2]}{|P|}, \quad
        \text{backbone reach} = \frac{|\{p \ne B : \text{dist}(p, B) \le 2\}|}{|P| - 1}, \quad
        \text{coverage} = \frac{\sum_{p \ne q} I_{pq} [t_{pq} \ge t_{weak}]}{\sum_{p\ne q} I_{pq}}

    on the undirected tie graph; :math:`I_{pq}` is the reinforcement :math:`\sum R` of the
    activity pairs led by :math:`p` and :math:`q`, so *coverage* is the share of interdependence
    between partners that runs over a tie at least ``weak_tie`` strong; *trust* is the mean
    PARTNER-tool trust rating of the rated partners mapped from the 1–4 scale to [0, 1],
    :math:`(\bar t - 1)/3` (see :func:`~collective_impact.analysis.network.partner_ratings`).
    ``backbone_reach`` is 0 without a backbone; ``coverage`` is left out of the mean when no two
    partners' activities reinforce each other, and ``trust`` when no tie carries trust ratings.

    No ties means no communication: a partner alone is not a connected component (a largest
    component of one partner counts 0), and the backbone reaching itself is not reach (it is
    left out of its own reach; with a single partner the reach is undefined and left out). So
    an initiative without ties scores 0, whatever its size, and the ``isolated-partner`` gaps
    it raises say why.

    Examples
    --------
    Three partners, the backbone ``b`` tied to ``p`` and nobody to ``q``: the largest component
    is {b, p}, connectivity 2/3; ``p`` is within two steps of ``b`` and ``q`` is not, reach
    1/2; with no activities there is no coverage and no trust ratings, so the score is
    (2/3 + 1/2) / 2 = 0.5833.
    """
    graph = tie_graph(initiative)
    n = graph.number_of_nodes()
    largest = max((len(c) for c in nx.connected_components(graph)), default=0)
    if largest < 2:  # a partner alone communicates with nobody
        largest = 0
    reach: float | None = 0.0
    if initiative.backbone is not None:
        near = nx.single_source_shortest_path_length(
            graph, initiative.backbone.organization, cutoff=2
        )
        reach = (len(near) - 1) / (n - 1) if n > 1 else None
    pairs = result.pairs
    lp, lq = index.lead[pairs.a], index.lead[pairs.b]
    cross = lp != lq
    coverage: float | None = None
    weight = float(pairs.reinforcement[cross].sum())
    if weight > 0:
        ties = sample(index.tie_strength, lp[cross], lq[cross])
        tied = float(pairs.reinforcement[cross][ties >= config.weak_tie].sum())
        coverage = tied / weight
    trust = None
    ratings = [
        r["trust"] for r in partner_ratings(initiative).values() if not math.isnan(r["trust"])
    ]
    if ratings:
        trust = (math.fsum(ratings) / len(ratings) - 1.0) / 3.0  # the 1-4 scale mapped to [0, 1]
    return {
        "connectivity": largest / n,
        "backbone_reach": reach,
        "coverage": coverage,
        "trust": trust,
    }


def backbone_support(initiative: Initiative, config: ScoringConfig) -> dict[str, float]:
    r"""Sub-measures of the backbone support condition; the score is their mean.

    The score is 0 when there is no backbone.

    .. math::

        \text{staffing} = \tfrac{1}{3} \sum_{r} \min(1, \text{FTE}_r), \quad
        \text{functions} = \tfrac{1}{6} \sum_{f} v(f), \ v = 0, c_{partial}, 1
        \text{ for none, partial, strong}
    """
    backbone = initiative.backbone
    if backbone is None:
        return {"staffing": 0.0, "functions": 0.0}
    credit = {
        FunctionLevel.NONE: 0.0,
        FunctionLevel.PARTIAL: config.partial_function_credit,
        FunctionLevel.STRONG: 1.0,
    }
    return {
        "staffing": sum(min(1.0, backbone.fte(r)) for r in StaffRole) / len(StaffRole),
        "functions": sum(credit[backbone.function_level(f)] for f in BackboneFunction)
        / len(BackboneFunction),
    }


def condition_scores(
    initiative: Initiative,
    *,
    index: ModelIndex,
    total: sp.csr_array,
    reinforcement: Reinforcement,
    config: ScoringConfig,
    measurement: Sequence[IndicatorMeasurement] = (),
) -> ConditionScores:
    """Compute the five condition scores and their geometric mean from computed analyses."""
    agenda = common_agenda(initiative, index, total)
    measured = shared_measurement(initiative, index, measurement)
    mra = mutually_reinforcing_activities(reinforcement)
    communication = continuous_communication(initiative, index, reinforcement, config)
    backbone = backbone_support(initiative, config)
    five = {
        "common_agenda": _mean(agenda),
        "shared_measurement": _mean(measured),
        "mutually_reinforcing_activities": float(mra["score"] or 0.0),
        "continuous_communication": _mean(communication),
        "backbone_support": 0.0 if initiative.backbone is None else _mean(backbone),
    }
    for name, value in five.items():  # a score out of range is a bug: never clip it away
        if not 0.0 <= value <= 1.0 + 1e-12:
            raise AssertionError(f"internal error: {name} = {value!r} is outside [0, 1]")
    five = {k: min(v, 1.0) for k, v in five.items()}  # rounding above 1 only (checked above)
    overall = math.prod(five.values()) ** (1 / len(five))
    return ConditionScores(
        **five,
        overall=float(overall),
        components={
            "common_agenda": _clean(agenda),
            "shared_measurement": _clean(measured),
            "mutually_reinforcing_activities": _clean(mra),
            "continuous_communication": _clean(communication),
            "backbone_support": _clean(backbone),
        },
    )
