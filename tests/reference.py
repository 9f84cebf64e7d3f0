"""A slow, obviously correct implementation of the alignment scores, for testing the engine.

It follows the exact semantics of DESIGN §4 as refined for the engine (numbered items 1–12 below)
and by the scores issue (only helping work reinforces; the index counts pairs of activities with
different lead partners),
one unordered pair of activities at a time, with plain Python loops: clarity over speed. The only
matrix work is the total contribution :math:`\\tilde C = C (I - \\lambda W)^{-1}`, done with a dense
inverse on the (small) indicator matrix, which is the obviously correct version of it.

Nothing here is shared with the engine in ``collective_impact.analysis`` but one constant, the cut
of effects along pathways (``PATHWAY_TOLERANCE``, 1e-12 of an activity's largest direct effect, as
docs/scoring.md states it, and never below the smallest normal double, ``sys.float_info.min``):
the tests compare the two. The rules the engine keeps in helpers are
restated here from the documentation, in a few lines each: the tolerance of thresholds and sign
tests (:func:`at_least`, :func:`below`, :func:`exceeds`, :func:`positive`; docs/scoring.md "Order,
tolerance and range checks") and the form in which labels compare (:func:`label`).
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import attrs
import networkx as nx
import numpy as np

from collective_impact import Activity, Initiative
from collective_impact.analysis.reinforcement import PATHWAY_TOLERANCE
from collective_impact.config import ScoringConfig

__all__ = ["MEASURES", "ReferenceResult", "reference_scores", "running"]

#: The numbers computed for each unordered pair of activities.
MEASURES = (
    "interdependence",
    "conflict",
    "joint_harm",
    "redundancy",
    "reinforcement",
    "duplication",
    "coordination",
)

Evidence = dict[str, float]
FlaggedGap = tuple[str, tuple[str, ...], str, Evidence]

#: How close to 1 the spectral radius of ``λW`` may come before the pathway series counts as
#: diverging (docs/scoring.md "Total contribution along pathways": "reaches 1 (to within 1e-12)").
CONVERGENCE_TOLERANCE = 1e-12

#: The relative tolerance of every threshold and sign test (docs/scoring.md).
TOLERANCE = 1e-9


def cut_of(direct: Iterable[float]) -> float:
    """The cut of an activity's effects along pathways, from its direct effects ``direct``.

    1e-12 of its largest direct effect, and at least the smallest normal double (2.2e-308):
    docs/scoring.md "Total contribution along pathways", "Tolerance".
    """
    values = [abs(float(x)) for x in direct]
    return max(PATHWAY_TOLERANCE * max(values, default=0.0), sys.float_info.min)


def allowance(threshold: float) -> float:
    """How far a value may miss ``threshold`` as rounding: ``min(1e-9 max(1, |θ|), |θ| / 2)``
    for ``θ ≠ 0``, and 1e-9 for ``θ = 0``."""
    if threshold == 0:
        return TOLERANCE
    return min(TOLERANCE * max(1.0, abs(threshold)), abs(threshold) / 2)


def at_least(value: float, threshold: float) -> bool:
    """``value ≥ threshold`` beyond rounding: ``value ≥ θ − allowance(θ)``."""
    return value >= threshold - allowance(threshold)


def below(value: float, threshold: float) -> bool:
    """``value < threshold`` beyond rounding: not :func:`at_least`."""
    return not at_least(value, threshold)


def exceeds(value: float, threshold: float) -> bool:
    """``value > threshold`` beyond rounding: ``value > θ + allowance(θ)``."""
    return value > threshold + allowance(threshold)


def positive(terms: list[float]) -> bool:
    """Whether the sum of ``terms`` is positive beyond rounding: more than 1e-9 times the sum of
    their magnitudes (help and harm that cancel on paper, 0.1 + 0.2 − 0.3, are 0)."""
    # where terms of both signs met, at least the smallest normal double: below it rounding is
    # absolute (a sum of terms of one sign is kept however small)
    allowance = TOLERANCE * math.fsum(abs(x) for x in terms)
    if any(x < 0 for x in terms) and any(x > 0 for x in terms):
        allowance = max(allowance, sys.float_info.min)
    return math.fsum(terms) > allowance


def label(text: str) -> str:
    """Return ``text`` as labels (populations, places, strategies) compare: in Unicode's
    compatibility caseless form (D146: ``NFKD(casefold(NFKD(casefold(NFD(x)))))``), composed
    (NFC) and trimmed, so that "élèves" typed precomposed or decomposed, "ÉLÈVES", "ﬁx" and
    "fix", "STRASSE" and "straße" are one label each."""
    folded = unicodedata.normalize("NFD", text).casefold()
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", folded).casefold())
    return unicodedata.normalize("NFC", folded).strip()


@dataclass
class ReferenceResult:
    """The alignment scores of one initiative, computed pair by pair.

    Attributes
    ----------
    pairs
        ``{(a_id, b_id): {measure: value}}`` for every unordered pair of activities, with ``a_id``
        listed before ``b_id`` in ``initiative.activities``; the measures are :data:`MEASURES`.
    index
        The alignment index over the pairs with different lead partners, ``None`` when their
        total reinforcement is 0.
    total_reinforcement, total_interdependence, total_conflict, total_duplication
        Sums over the pairs with different lead partners.
    partner_gaps
        ``{(p, q): {"gap", "share", "tie_strength", "coordination", "pairs"}}`` with ``p < q``
        (``coordination``: :func:`lead_coordination`), for every pair of
        lead partners whose coordination gap ``G(p, q)`` is positive.
    leads
        ``{activity id: lead partner id}``.
    against
        ``{(x, y): against(x, y)}`` for every ordered pair: the part of their conflict where
        ``x`` pushes an indicator against its goal and ``y`` towards it (item 12).
    own_coordination
        ``{(a_id, b_id): k°(a, b)}``, the coordination of the pair without the backbone's
        brokerage (rules 1-3 of item 8), which a duplication's severity reads.
    config
        The configuration the scores were computed with.
    """

    pairs: dict[tuple[str, str], dict[str, float]]
    index: float | None
    total_reinforcement: float
    total_interdependence: float
    total_conflict: float
    total_duplication: float
    total_joint_harm: float
    partner_gaps: dict[tuple[str, str], dict[str, float]]
    leads: dict[str, str] = field(default_factory=dict)
    config: ScoringConfig = field(default_factory=ScoringConfig)
    against: dict[tuple[str, str], float] = field(default_factory=dict)
    own_coordination: dict[tuple[str, str], float] = field(default_factory=dict)

    def flagged_gaps(self) -> list[FlaggedGap]:
        """Return the gaps ``duplication``, ``conflicting-activities`` and
        ``uncoordinated-interdependence`` (items 10–12), sorted.

        Each is ``(code, subjects, severity, evidence)`` with ``subjects`` a sorted tuple of ids.
        """
        cfg = self.config
        out: list[FlaggedGap] = []
        # 10. Partner coordination gaps.
        for (p, q), g in self.partner_gaps.items():
            weak = below(g["coordination"], cfg.weak_tie)
            if exceeds(g["share"], cfg.gap_share_threshold) and weak:
                critical = at_least(g["share"], cfg.critical_gap_share)
                severity = "critical" if critical else "warning"
                out.append(("uncoordinated-interdependence", (p, q), severity, dict(g)))
        for (a, b), s in self.pairs.items():
            subjects = (a, b) if a < b else (b, a)
            # 11. Duplication (thresholds compared up to rounding: :func:`at_least`, :func:`below`)
            redundant = at_least(s["redundancy"], cfg.duplication_threshold)
            if redundant and self.leads[a] != self.leads[b]:
                # the partners' own coordination: the backbone's brokerage left out, as the
                # partner coordination gaps leave it out (docs/scoring.md, duplication)
                weak = below(self.own_coordination[(a, b)], cfg.weak_tie)
                severity = "warning" if weak else "info"
                evidence = {
                    "redundancy": s["redundancy"],
                    "interdependence": s["interdependence"],
                    "duplication": s["duplication"],
                    "coordination": s["coordination"],
                }
                out.append(("duplication", subjects, severity, evidence))
        # 12. Conflict: one gap per activity x pushing shared agenda indicators against others,
        # about x alone (whom it pushes against is pair-level detail: ``against``).
        works_against: dict[str, list[str]] = {}
        for (x, y), amount in self.against.items():
            if amount > 0:
                works_against.setdefault(x, []).append(y)
        for x, others in works_against.items():
            conflict = math.fsum(self.against[(x, y)] for y in others)
            # x's own joint work with them: joint help and its own push (not theirs against it)
            base = math.fsum(
                self.pair(x, y)["interdependence"] + self.against[(x, y)] for y in others
            )
            share = conflict / base
            severity = "warning" if at_least(share, cfg.conflict_warning_share) else "info"
            evidence = {
                "conflict": conflict,
                "activities": len(others),
                "conflict_share": share,
                "warning_share": cfg.conflict_warning_share,  # the threshold it was judged by
            }
            out.append(("conflicting-activities", (x,), severity, evidence))
        return sorted(out, key=lambda gap: (gap[0], gap[1], gap[2], sorted(gap[3].items())))

    def pair(self, a: str, b: str) -> dict[str, float]:
        """Return the measures of the pair ``a``, ``b`` (in either order)."""
        return self.pairs[(a, b)] if (a, b) in self.pairs else self.pairs[(b, a)]


def date_of_judgement(initiative: Initiative) -> dt.date | None:
    """Return the initiative's ``as_of``, else the date of its latest observation or baseline."""
    if initiative.as_of is not None:
        return initiative.as_of
    dates = [o.date for i in initiative.indicators for o in i.observations]
    dates += [i.baseline.date for i in initiative.indicators if i.baseline is not None]
    return max(dates, default=None)


def running(initiative: Initiative, as_of: dt.date | None = None) -> Initiative:
    """Return the initiative with the activities that run on the date of judgement only.

    An activity runs on ``as_of`` (by default :func:`date_of_judgement`) unless it ended before
    it or starts after it; without a date every activity runs.
    """
    when = as_of if as_of is not None else date_of_judgement(initiative)
    if when is None:
        return initiative
    kept = [
        a
        for a in initiative.activities
        if not (a.end is not None and a.end < when) and not (a.start is not None and a.start > when)
    ]
    return initiative.evolve(activities=kept)


def total_contributions(initiative: Initiative, config: ScoringConfig) -> list[list[float]]:
    """Return ``C̃ = C (I - λW)^(-1)`` as one list of floats per activity (items 1–2).

    Raises
    ------
    ValueError
        When the pathway series does not converge: the spectral radius of ``λW`` reaches 1 "to
        within 1e-12" (docs/scoring.md "Total contribution along pathways", the list after
        ``ρ(λW) < 1``), that is ``ρ(λW) ≥ 1 − 1e-12``, where the engine raises
        ``PathwayError``. (This reference refused from 1 until the draws of cyclic pathways:
        three indicators driving each other at ``w = 1`` with ``λ = 0.5 − 1e-13`` were refused
        by the engine and scored by the reference, with totals of 8e11.)
    """
    indicator_ids = [i.id for i in initiative.indicators]
    m = len(indicator_ids)
    c = np.zeros((len(initiative.activities), m))
    for a, activity in enumerate(initiative.activities):
        for i, ind in enumerate(indicator_ids):
            c[a, i] = activity.contributes.get(ind, 0.0)
    w = np.zeros((m, m))
    for i, indicator in enumerate(initiative.indicators):
        for j, ind in enumerate(indicator_ids):
            w[i, j] = indicator.drives.get(ind, 0.0)
    lam_w = config.pathway_weight * w
    if m and max(abs(np.linalg.eigvals(lam_w))) >= 1 - CONVERGENCE_TOLERANCE:
        raise ValueError("the pathway series does not converge")
    inverse = np.linalg.inv(np.eye(m) - lam_w) if m else np.eye(0)
    total = c @ inverse if m else c
    # the gross over paths: every path's |c| times its product of λw (the weights are positive)
    gross = np.abs(c) @ inverse if m else np.abs(c)
    paths = reaches(w)
    for a in range(len(total)):  # pathway effects below the tolerance of the largest direct one
        floor = cut_of(c[a])
        # the indicators a path from the activity's contributions reaches: elsewhere the effect
        # along pathways is 0 on paper, whatever rounding the inverse leaves
        on_path = paths[c[a] != 0].any(axis=0)
        row = []
        for x, d, scale, path in zip(total[a], c[a], gross[a], on_path, strict=True):
            along = x - d if path and abs(x - d) >= floor else 0.0
            # a direct effect that effects along pathways cancel on paper is 0, not rounding:
            # within 1e-9 of its gross over paths, as every sign test of the analyses judges a
            # sum against the magnitude of its terms; on an entry some path reaches (its gross
            # along pathways at least the cut), even when the paths cancel each other exactly
            reached = path and scale - abs(d) >= floor and scale > abs(d)
            cancelled = reached and abs(d + along) <= 1e-9 * scale
            row.append(0.0 if cancelled else d + along)
        total[a] = row
    return [[float(x) for x in row] for row in total]


def reaches(w: np.ndarray) -> np.ndarray:
    """Return ``r[i, j]``: whether a path of one step or more runs from ``i`` to ``j``.

    Along ``w`` (``w[i, j]`` non-zero: ``i`` drives ``j``), by squaring the adjacency until it
    stops growing.
    """
    r = w != 0
    while True:
        wider = r | ((r.astype(np.int64) @ r.astype(np.int64)) > 0)
        if (wider == r).all():
            return r
        r = wider


def goal_weights(initiative: Initiative) -> list[float]:
    """Return ``g(i)`` for each indicator, in order (item 3)."""
    return [
        sum(goal.weight for goal in initiative.goals if indicator.id in goal.indicators)
        for indicator in initiative.indicators
    ]


def jaccard(xs: tuple[str, ...], ys: tuple[str, ...], unspecified: float) -> float:
    """Return ``|X∩Y| / |X∪Y|``, or ``unspecified`` when either set is empty (item 4)."""
    if not xs or not ys:
        return unspecified
    x, y = set(xs), set(ys)
    return len(x & y) / len(x | y)


def covered(initiative: Initiative, kind: str, labels: tuple[str, ...]) -> tuple[str, ...]:
    """Return every label that ``labels`` cover: themselves and all labels nested within them.

    Labels compare as :func:`label` writes them (caseless, in one Unicode form, trimmed). A label
    ``y`` is covered by ``x`` when following ``within`` upwards from ``y`` reaches ``x`` (or ``y``
    is ``x``), among the labels declared in the vocabulary ``kind`` (``"populations"`` or
    ``"places"``) and those activities use.
    """

    parent = {label(x.id): label(x.within) if x.within else None for x in getattr(initiative, kind)}
    known = set(parent) | {label(x) for act in initiative.activities for x in getattr(act, kind)}
    out = set()
    for x in {label(text) for text in labels}:
        for y in known:
            node: str | None = y
            while node is not None:
                if node == x:
                    out.add(y)
                    break
                node = parent.get(node)
    return tuple(sorted(out))


def overlap(initiative: Initiative, a: Activity, b: Activity, config: ScoringConfig) -> float:
    """Return the target overlap ``o(a, b)`` (item 4): Jaccard of the covered label sets."""
    u = config.unspecified_overlap
    pops = jaccard(
        covered(initiative, "populations", a.populations),
        covered(initiative, "populations", b.populations),
        u,
    )
    places = jaccard(
        covered(initiative, "places", a.places), covered(initiative, "places", b.places), u
    )
    return pops * places


def tie_strength(initiative: Initiative, p: str, q: str) -> float:
    """Return the strongest tie between ``p`` and ``q`` in either direction, 0 if none."""
    return max((t.strength for t in initiative.ties if {t.source, t.target} == {p, q}), default=0.0)


def lead_coordination(initiative: Initiative, p: str, q: str, config: ScoringConfig) -> float:
    """Return the coordination of two lead partners themselves: their tie, or
    ``working_group_coordination`` when they share a working group (the larger); the
    backbone's brokered coordination is not counted (``uncoordinated-interdependence``)."""
    k = tie_strength(initiative, p, q)
    if any(p in group.members and q in group.members for group in initiative.working_groups):
        k = max(k, config.working_group_coordination)
    return k


def tied_to_backbone(initiative: Initiative, p: str) -> bool:
    """Return whether ``p`` is the backbone organisation or has a tie with it (item 8)."""
    if initiative.backbone is None:
        return False
    b = initiative.backbone.organization
    return p == b or any({t.source, t.target} == {p, b} for t in initiative.ties)


def coordination(initiative: Initiative, a: Activity, b: Activity, config: ScoringConfig) -> float:
    """Return the coordination ``k(a, b)`` (item 8)."""
    if set(a.partners) & set(b.partners):
        return 1.0
    k = max((tie_strength(initiative, p, q) for p in a.partners for q in b.partners), default=0.0)
    if any(
        p in group.members and q in group.members
        for group in initiative.working_groups
        for p in a.partners
        for q in b.partners
    ):
        k = max(k, config.working_group_coordination)
    if any(tied_to_backbone(initiative, p) for p in a.partners) and any(
        tied_to_backbone(initiative, q) for q in b.partners
    ):
        k = max(k, config.brokered_coordination)
    return k


def unit(v: list[float]) -> list[float]:
    """Return ``v / |v|`` (zeros stay zeros), scaled by its largest entry first so that tiny
    effects do not underflow when squared."""
    top = max((abs(x) for x in v), default=0.0)
    if top == 0.0:
        return [0.0 for _ in v]
    scaled = [x / top for x in v]
    norm = math.sqrt(sum(x * x for x in scaled))
    return [x / norm for x in scaled]


def pair_scores(
    initiative: Initiative,
    a: Activity,
    b: Activity,
    ca: list[float],
    cb: list[float],
    g: list[float],
    config: ScoringConfig,
) -> dict[str, float]:
    """Return the measures of one pair, given the rows ``ca``, ``cb`` of ``C̃`` (items 5–8).

    Contributions are effects in each indicator's desired direction: only joint *help* (both
    positive) is interdependence; help against harm is conflict; joint harm (both negative) is
    neither; reinforcement is the joint help less conflict and joint harm (at least 0, times
    ``1 - r``); redundancy is the cosine of the helping parts.
    """
    o = overlap(initiative, a, b, config)
    both_help = sum(g[i] * ca[i] * cb[i] for i in range(len(g)) if ca[i] > 0 and cb[i] > 0)
    both_harm = sum(g[i] * ca[i] * cb[i] for i in range(len(g)) if ca[i] < 0 and cb[i] < 0)
    # opposite signs, tested sign by sign: the product of two tiny effects rounds to 0
    opp = sum(
        g[i] * abs(ca[i]) * abs(cb[i])
        for i in range(len(g))
        if ca[i] < 0 < cb[i] or cb[i] < 0 < ca[i]
    )
    d = o * both_help
    conflict = o * opp
    joint_harm = o * both_harm
    # the net joint work: joint help less the work opposed and the harm done together
    # (docs/scoring.md, "Reinforcement and duplication")
    net_terms = [g[i] * ca[i] * cb[i] for i in range(len(g)) if ca[i] > 0 and cb[i] > 0] + [
        -g[i] * abs(ca[i]) * abs(cb[i])
        for i in range(len(g))
        if ca[i] < 0 < cb[i] or cb[i] < 0 < ca[i] or (ca[i] < 0 and cb[i] < 0)
    ]
    help_a = [max(x, 0.0) for x in ca]
    help_b = [max(x, 0.0) for x in cb]
    cos = sum(x * y for x, y in zip(unit(help_a), unit(help_b), strict=True))
    # docs/scoring.md "Redundancy": a cosine above 1 - 1e-12 is exactly 1, so that exact
    # duplicates have exactly zero reinforcement (5.6e-16 of it was a partner coordination gap)
    if cos > 1 - 1e-12:
        cos = 1.0
    # strategies compare as labels do (:func:`label`)
    same_strategy = (
        a.strategy is not None and b.strategy is not None and label(a.strategy) == label(b.strategy)
    )
    r = (1.0 if same_strategy else 0.0) * cos * o
    return {
        "interdependence": d,
        "conflict": conflict,
        "joint_harm": joint_harm,
        "redundancy": r,
        # a net of help, conflict and joint harm within 1e-9 of its terms is zero
        # (docs/scoring.md, Tolerance): judged on the terms themselves, summed exactly
        "reinforcement": (
            (max(0.0, d - conflict - joint_harm) if positive(net_terms) else 0.0) * (1 - r)
        ),
        "duplication": d * r if a.lead != b.lead else 0.0,
        "coordination": coordination(initiative, a, b, config),
    }


def against(
    initiative: Initiative,
    a: Activity,
    b: Activity,
    ca: list[float],
    cb: list[float],
    g: list[float],
    config: ScoringConfig,
) -> float:
    """Return ``o(a, b) · Σ g |c̃_a| |c̃_b|`` over indicators ``a`` pushes down and ``b`` up (12)."""
    pushed = sum(g[i] * abs(ca[i]) * abs(cb[i]) for i in range(len(g)) if ca[i] < 0 < cb[i])
    return overlap(initiative, a, b, config) * pushed


def reference_scores(
    initiative: Initiative, config: ScoringConfig | None = None
) -> ReferenceResult:
    """Compute every alignment score of ``initiative`` pair by pair (DESIGN §4, items 1–12)."""
    cfg = config if config is not None else ScoringConfig()
    total = total_contributions(initiative, cfg)
    g = goal_weights(initiative)
    acts = initiative.activities

    pairs: dict[tuple[str, str], dict[str, float]] = {}
    directional: dict[tuple[str, str], float] = {}
    own: dict[tuple[str, str], float] = {}
    unbrokered = attrs.evolve(cfg, brokered_coordination=0.0)
    for x in range(len(acts)):
        for y in range(x + 1, len(acts)):
            a, b = acts[x], acts[y]
            pairs[(a.id, b.id)] = pair_scores(initiative, a, b, total[x], total[y], g, cfg)
            own[(a.id, b.id)] = coordination(initiative, a, b, unbrokered)
            directional[(a.id, b.id)] = against(initiative, a, b, total[x], total[y], g, cfg)
            directional[(b.id, a.id)] = against(initiative, b, a, total[y], total[x], g, cfg)

    leads = {a.id: a.lead for a in acts}
    between = {key: s for key, s in pairs.items() if leads[key[0]] != leads[key[1]]}

    def total_of(measure: str) -> float:
        return math.fsum(s[measure] for s in between.values())

    sum_r = total_of("reinforcement")
    index = None
    if sum_r != 0:
        index = math.fsum(s["reinforcement"] * s["coordination"] for s in between.values()) / sum_r

    gaps: dict[tuple[str, str], list[float]] = {}
    counts: dict[tuple[str, str], int] = {}
    for (a_id, b_id), s in pairs.items():
        p, q = leads[a_id], leads[b_id]
        if p == q:
            continue
        key = (p, q) if p < q else (q, p)
        gaps.setdefault(key, []).append(s["reinforcement"] * (1 - s["coordination"]))
        counts[key] = counts.get(key, 0) + (1 if s["reinforcement"] > 0 else 0)
    partner_gaps: dict[tuple[str, str], dict[str, float]] = {}
    for key, terms in gaps.items():
        gap = math.fsum(terms)
        if gap > 0:
            partner_gaps[key] = {
                "gap": gap,
                "share": gap / sum_r,
                "tie_strength": tie_strength(initiative, *key),
                "coordination": lead_coordination(initiative, *key, cfg),
                "pairs": counts[key],
            }

    return ReferenceResult(
        pairs=pairs,
        index=index,
        total_reinforcement=sum_r,
        total_interdependence=total_of("interdependence"),
        total_conflict=total_of("conflict"),
        total_duplication=total_of("duplication"),
        total_joint_harm=total_of("joint_harm"),
        partner_gaps=partner_gaps,
        leads=leads,
        config=cfg,
        against=directional,
        own_coordination=own,
    )


#: Months in a reporting period, by :class:`~collective_impact.Frequency` value.
PERIOD_MONTHS = {"annual": 12, "quarterly": 3, "monthly": 1}


def _month_length(year: int, month: int) -> int:
    """Days in a calendar month (January of year 10000, past the calendar, has 31)."""
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


def _months_on(day: dt.date, months: int) -> tuple[int, int, int]:
    """``day`` moved by ``months`` calendar months, as (year, month, day of the month).

    docs/measurement.md, "Completeness and freshness": the same day of the month, the last day
    of a month too short to hold it, and the last day of the month when ``day`` is the last day
    of its month. A tuple, not a date: the month after December 9999 is past the calendar.
    """
    count = day.month - 1 + months
    year, month = day.year + count // 12, count % 12 + 1
    length = _month_length(year, month)
    if day.day == _month_length(day.year, day.month):
        return year, month, length
    return year, month, min(day.day, length)


def stale_on(day: dt.date, as_of: dt.date, months: int | None, cfg: ScoringConfig) -> bool:
    """Whether a measurement dated ``day`` is stale on ``as_of`` (docs/measurement.md).

    Without a period (``months`` is ``None``), older than ``stale_after_days`` days. With
    periods of ``months`` months, ``N m`` months with ``N = stale_after_periods`` as written
    (its shortest decimal): ``k`` whole calendar months after ``day``, reached on ``A(k)``, and
    the fraction ``phi`` of the days from ``A(k)`` to ``A(k + 1)``; stale when ``as_of`` is more
    than ``phi (A(k + 1) - A(k))`` days after ``A(k)``.
    """
    if months is None:
        return (as_of - day).days > cfg.stale_after_days
    total = Fraction(repr(cfg.stale_after_periods)) * months
    whole = math.floor(total)
    # past every month a date holds: A(k) is after any as_of
    if day.year * 12 + day.month - 1 + whole > dt.MAXYEAR * 12 + 11:
        return False
    year, month, mday = _months_on(day, whole)
    start = dt.date(year, month, mday)
    if (year, month) == (dt.MAXYEAR, 12):  # A(k + 1) is in January of year 10000
        span = 31
    else:
        following = _months_on(day, whole + 1)
        span = (dt.date(*following) - start).days
    return Fraction((as_of - start).days) > (total - whole) * span


def _period_end(day: dt.date, frequency: object) -> dt.date:
    """The last day of the calendar period of ``frequency`` holding ``day`` (or ``day``)."""
    if frequency is None:
        return day
    months = PERIOD_MONTHS[frequency.value]  # type: ignore[attr-defined]
    end = (day.month - 1) // months * months + months  # months from January, exclusive
    year, month = day.year + end // 12, end % 12 + 1
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month, 1) - dt.timedelta(days=1)


def _period_start(day: dt.date, frequency: object) -> dt.date:
    """The first day of the calendar period of ``frequency`` holding ``day`` (or ``day``).

    Where an indicator's measured period begins (docs/scoring.md): a report dated on or after
    it counts as a partner's measurement, one dated before is history.
    """
    if frequency is None:
        return day
    months = PERIOD_MONTHS[frequency.value]  # type: ignore[attr-defined]
    return dt.date(day.year, (day.month - 1) // months * months + 1, 1)


def agenda_reach(initiative: Initiative, start: str, config: ScoringConfig) -> float:
    """How much a unit contribution to ``start`` moves the agenda along pathways, rho(i).

    As docs/scoring.md "Common agenda" defines it: the sum, over the agenda's indicators, of the
    row of :math:`(I - \\lambda W)^{-1} - I` of ``start`` (every path of one step or more, the
    product of ``λ w`` along it), by a dense inverse. Help ``c`` on ``start`` serves the agenda
    when ``c * rho`` is at least the cut of :math:`\\tilde C`, 1e-12 of the activity's largest
    direct contribution (:func:`condition_components`): a 9-step chain of ``λ w = 0.025``
    carries 3.8e-15 of a unit and serves nothing. With ``pathway_weight`` 0 it is 0.
    """
    if config.pathway_weight <= 0:
        return 0.0
    ids = [i.id for i in initiative.indicators]
    m = len(ids)
    w = np.zeros((m, m))
    for x, indicator in enumerate(initiative.indicators):
        for target, weight in indicator.drives.items():
            w[x, ids.index(target)] = weight
    along = np.linalg.inv(np.eye(m) - config.pathway_weight * w) - np.eye(m)
    on_agenda = {i for goal in initiative.goals for i in goal.indicators}  # goal weights are > 0
    row = along[ids.index(start)]
    path = reaches(w)[ids.index(start)]  # no path, no reach: 0, whatever rounding leaves
    return math.fsum(max(row[j], 0.0) for j, i in enumerate(ids) if i in on_agenda and path[j])


def uncovered_goals(initiative: Initiative) -> list[str]:
    """Return the goals of the running initiative no net direct effect helps (goal by goal).

    A goal is covered when the activities' direct effects on one of its indicators add up to
    help beyond rounding (help and harm that cancel on paper cover nothing).
    """
    run = running(initiative)

    def helped(i: str) -> bool:
        return positive([a.contributes[i] for a in run.activities if i in a.contributes])

    return [goal.id for goal in run.goals if not any(helped(i) for i in goal.indicators)]


def condition_components(
    initiative: Initiative, config: ScoringConfig | None = None
) -> dict[str, dict[str, float]]:
    """Return the sub-measures of the five conditions (docs/scoring.md), one loop at a time.

    Trust (from tie ratings) is left out; a sub-measure that is undefined is absent, as in the
    engine's ``score_components``.
    """
    cfg = config if config is not None else ScoringConfig()
    when = date_of_judgement(initiative)
    run = running(initiative)
    total = total_contributions(run, cfg)
    g = goal_weights(run)
    weight = dict(zip((i.id for i in run.indicators), g, strict=True))
    out: dict[str, dict[str, float]] = {}

    # common agenda: goals whose indicators some net direct effect helps (beyond rounding: help
    # and harm that cancel on paper cover nothing); work on the agenda
    goals = math.fsum(goal.weight for goal in run.goals)
    uncovered = set(uncovered_goals(initiative))
    covered_goals = math.fsum(goal.weight for goal in run.goals if goal.id not in uncovered)
    work = math.fsum(abs(v) for a in run.activities for v in a.contributes.values())
    reach = {i: agenda_reach(run, i, cfg) for i in weight}

    def serves(activity: Activity, i: str, v: float) -> bool:
        # on the agenda, or moving it along pathways by at least the activity's cut of C~
        cut = cut_of(list(activity.contributes.values()))
        return weight[i] > 0 or (v * reach[i] > 0 and v * reach[i] >= cut)

    on_agenda = math.fsum(
        v for a in run.activities for i, v in a.contributes.items() if v > 0 and serves(a, i, v)
    )
    engaged: set[str] = set()
    for activity, row in zip(run.activities, total, strict=True):
        if positive([gi * x for gi, x in zip(g, row, strict=True)]):  # e_a > 0 beyond rounding
            engaged |= set(activity.partners)
    # the backbone: the record's organisation, else the partners with the role "backbone"
    bbs = (
        [run.backbone.organization]
        if run.backbone is not None
        else [p.id for p in run.partners if "backbone" in {r.value for r in p.roles}]
    )
    unengaged_bb = sum(1 for b in bbs if b not in engaged)
    out["common_agenda"] = {
        "goal_coverage": covered_goals / goals if goals > 0 else 0.0,
        "focus": on_agenda / work if work > 0 else 0.0,
        # the backbone organisation counts only when it takes part in agenda work
        "engagement": len(engaged) / counted
        if (counted := len(run.partners) - unengaged_bb)
        else 0.0,
    }

    # shared measurement: ready (a target, a whole-population value after the baseline),
    # reporting partners among those helping the agenda, fresh indicators
    ready, fresh = [], []
    # reporting partners: named in the reported_by of an observation up to as_of dated on or
    # after the first day of its indicator's baseline period (the baseline's date without a
    # frequency; any date without a baseline known on as_of): a report from before is history,
    # not the measured period
    reporters = set()
    for indicator, gi in zip(run.indicators, g, strict=True):
        known = indicator.baseline is not None and (when is None or indicator.baseline.date <= when)
        base = indicator.baseline if known else None
        seen = [o for o in indicator.observations if when is None or o.date <= when]
        start = None if base is None else _period_start(base.date, indicator.frequency)
        reporters |= {
            o.reported_by for o in seen if o.reported_by and (start is None or o.date >= start)
        }
        # after the baseline: after its date, or with a frequency after the calendar period
        # that holds it (a value of the baseline's year is the baseline again)
        until = None if base is None else _period_end(base.date, indicator.frequency)
        observed = until is not None and any(o.date > until for o in seen if o.group is None)
        ready.append(gi if indicator.target is not None and observed else 0.0)
        dates = [o.date for o in seen] + ([base.date] if base is not None else [])
        if not dates:
            stale = True
        elif when is None:
            stale = False
        elif indicator.frequency is not None:
            stale = stale_on(max(dates), when, PERIOD_MONTHS[indicator.frequency.value], cfg)
        else:
            stale = stale_on(max(dates), when, None, cfg)
        fresh.append(0.0 if stale else gi)
    aligned = {
        p
        for a in run.activities
        if any(v > 0 and weight[i] > 0 for i, v in a.contributes.items())
        for p in a.partners
    }
    total_g = sum(g)
    measurement = {"readiness": sum(ready) / total_g if total_g > 0 else 0.0}
    if aligned:
        measurement["reporting"] = len(aligned & reporters) / len(aligned)
    if run.indicators:
        measurement["freshness"] = sum(fresh) / total_g if total_g > 0 else 0.0
    out["shared_measurement"] = measurement

    # mutually reinforcing activities, over the pairs with different lead partners
    ref = reference_scores(run, cfg)
    between = {k: s for k, s in ref.pairs.items() if ref.leads[k[0]] != ref.leads[k[1]]}
    sum_r = math.fsum(s["reinforcement"] for s in between.values())
    denominator = math.fsum(
        s["interdependence"] + s["conflict"] + s["joint_harm"] for s in between.values()
    )
    mra: dict[str, float] = {}
    if ref.index is not None:
        mra["alignment_index"] = ref.index
    if denominator > 0:
        mra["efficiency"] = sum_r / denominator
    helped = math.fsum(s["interdependence"] + s["conflict"] for s in between.values())
    coordinated = math.fsum(s["reinforcement"] * s["coordination"] for s in between.values())
    mra["score"] = coordinated / denominator if helped > 0 else 0.0
    out["mutually_reinforcing_activities"] = mra

    # continuous communication: the largest group of two or more, the backbone's reach
    # within two steps, the reinforcement between leads tied at least weakly
    graph = nx.Graph()
    graph.add_nodes_from(p.id for p in run.partners)
    graph.add_edges_from((t.source, t.target) for t in run.ties if t.source != t.target)
    n = len(run.partners)
    largest = max((len(c) for c in nx.connected_components(graph)), default=0)
    communication = {"connectivity": (largest if largest >= 2 else 0) / n}
    if run.backbone is None:
        communication["backbone_reach"] = 0.0
    elif n > 1:
        near = nx.single_source_shortest_path_length(graph, run.backbone.organization, cutoff=2)
        communication["backbone_reach"] = (len(near) - 1) / (n - 1)
    if sum_r > 0:
        tied = math.fsum(
            s["reinforcement"]
            for (a, b), s in between.items()
            if at_least(tie_strength(run, ref.leads[a], ref.leads[b]), cfg.weak_tie)
        )
        communication["coverage"] = tied / sum_r
    out["continuous_communication"] = communication

    # backbone support: each role's FTE up to 1, each function's credit, of all of them
    if run.backbone is None:
        out["backbone_support"] = {"staffing": 0.0, "functions": 0.0}
    else:
        credit = {"none": 0.0, "partial": cfg.partial_function_credit, "strong": 1.0}
        staffing = sum(min(1.0, fte) for fte in run.backbone.staff.values()) / 3
        functions = sum(credit[level.value] for level in run.backbone.functions.values()) / 6
        out["backbone_support"] = {"staffing": staffing, "functions": functions}
    return out


def condition_scores(components: dict[str, dict[str, float]]) -> dict[str, float]:
    """Return each condition's score, the mean of its sub-measures (mutually reinforcing
    activities: its ``score``), and ``overall``, the geometric mean of the five."""
    out = {}
    for condition, parts in components.items():
        if condition == "mutually_reinforcing_activities":
            out[condition] = parts["score"]
        else:
            out[condition] = sum(parts.values()) / len(parts)
    out["overall"] = math.prod(out.values()) ** (1 / len(out))
    return out
