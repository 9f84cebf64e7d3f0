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

    .. math::

        \text{goal coverage} = \frac{\sum_{G} w_G [\exists i \in G: \exists a,\ c_{ai} \ne 0]}
                                     {\sum_G w_G}, \quad
        \text{focus} = \frac{\sum_{a,i} [g_i > 0] |c_{ai}|}{\sum_{a,i} |c_{ai}|}, \quad
        \text{engagement} = \frac{|\{p : p \text{ performs an activity reaching the agenda}\}|}
                                 {|P|}

    An activity *reaches the agenda* when :math:`\sum_i g_i |\tilde c_{ai}| > 0`. Each is 0 when
    its denominator is (no goals, no contributions).
    """
    direct = index.directly_covered
    weights = sum(g.weight for g in initiative.goals)
    covered = sum(
        g.weight
        for g in initiative.goals
        if any(direct[index.indicator_pos[i]] for i in g.indicators)
    )
    magnitude = abs(index.contributions)
    all_c = float(magnitude.sum())
    on_agenda = float((magnitude @ (index.goal_weight > 0).astype(np.float64)).sum())
    reaches = np.asarray(abs(total) @ index.goal_weight).reshape(-1) > 0
    engaged = {p for a, act in enumerate(initiative.activities) if reaches[a] for p in act.partners}
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

    where :math:`P_{agenda}` are the partners of activities contributing directly to an agenda
    indicator, and an indicator is *stale* when it has no observation or its last one is older
    than ``stale_after_periods`` reporting periods (``stale_after_days`` without a frequency)
    before ``as_of`` (see :mod:`~collective_impact.analysis.measurement`). Each is 0 when its
    denominator is; freshness is left out when no measurement records are given.
    """
    g = index.goal_weight
    ready = np.array(
        [bool(ind.baseline and ind.target and ind.observations) for ind in initiative.indicators],
        dtype=bool,
    )
    total_g = float(g.sum())
    agenda_cols = g > 0
    direct_agenda = (
        np.asarray(abs(index.contributions) @ agenda_cols.astype(np.float64)).reshape(-1) > 0
    )
    aligned = {
        p for a, act in enumerate(initiative.activities) if direct_agenda[a] for p in act.partners
    }
    reporters = {
        o.reported_by for ind in initiative.indicators for o in ind.observations if o.reported_by
    }
    out = {
        "readiness": float((g * ready).sum()) / total_g if total_g > 0 else 0.0,
        "reporting": len(aligned & reporters) / len(aligned) if aligned else 0.0,
    }
    if records:
        fresh = np.array([not m.stale for m in records], dtype=bool)
        out["freshness"] = float((g * fresh).sum()) / total_g if total_g > 0 else 0.0
    return out


def mutually_reinforcing_activities(result: Reinforcement) -> dict[str, float]:
    r"""Sub-measures of the mutually reinforcing activities condition.

    .. math::

        s = \frac{\sum R\,k}{\sum d} = \text{index} \cdot \frac{\sum R}{\sum d}

    The coordinated share of all interdependence: the alignment index times the *efficiency*
    :math:`\sum R / \sum d` (the part of interdependence not lost to conflict or duplication).
    0 when no activities are interdependent (nothing reinforces anything).
    """
    d = result.total_interdependence
    return {
        "alignment_index": result.index if result.index is not None else 0.0,
        "efficiency": result.total_reinforcement / d if d > 0 else 0.0,
        "score": result.coordinated_reinforcement / d if d > 0 else 0.0,
    }


def continuous_communication(
    initiative: Initiative, index: ModelIndex, result: Reinforcement, config: ScoringConfig
) -> dict[str, float | None]:
    r"""Sub-measures of the continuous communication condition; the score is their mean.

    .. math::

        \text{connectivity} = \frac{|\text{largest component}|}{|P|}, \quad
        \text{backbone reach} = \frac{|\{p : \text{dist}(p, B) \le 2\}|}{|P|}, \quad
        \text{coverage} = \frac{\sum_{p \ne q} I_{pq} [t_{pq} \ge t_{weak}]}{\sum_{p\ne q} I_{pq}}

    on the undirected tie graph; :math:`I_{pq}` is the reinforcement :math:`\sum R` of the
    activity pairs led by :math:`p` and :math:`q`, so *coverage* is the share of interdependence
    between partners that runs over a tie at least ``weak_tie`` strong; *trust* is the mean
    PARTNER-tool trust rating of the rated partners mapped from the 1–4 scale to [0, 1],
    :math:`(\bar t - 1)/3` (see :func:`~collective_impact.analysis.network.partner_ratings`).
    ``backbone_reach`` is 0 without a backbone; ``coverage`` is left out of the mean when no two
    partners' activities reinforce each other, and ``trust`` when no tie carries trust ratings.
    """
    graph = tie_graph(initiative)
    n = graph.number_of_nodes()
    largest = max((len(c) for c in nx.connected_components(graph)), default=0)
    reach = 0.0
    if initiative.backbone is not None:
        near = nx.single_source_shortest_path_length(
            graph, initiative.backbone.organization, cutoff=2
        )
        reach = len(near) / n
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
        "mutually_reinforcing_activities": mra["score"],
        "continuous_communication": _mean(communication),
        "backbone_support": 0.0 if initiative.backbone is None else _mean(backbone),
    }
    five = {k: min(1.0, max(0.0, v)) for k, v in five.items()}
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
