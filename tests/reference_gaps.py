"""A slow reference for the coordination gaps, restating docs/scoring.md's gap table row by row.

Each function below is one row of the table "code | condition | when | severity | evidence keys"
of docs/scoring.md ("Gap codes", with "Duplication clusters", "Conflicting activities" and "Gap
keys" after it), and, for ``unmeasured-indicator`` and ``non-reporting-partner``, of the gap table
of docs/measurement.md ("Gaps", with "Completeness and freshness"). It is written from those
pages alone, never from ``collective_impact.analysis.gaps``: plain loops over the model objects,
the pair scores of :mod:`reference` (itself restated from docs/scoring.md), the tolerance
helpers :func:`reference.at_least`, :func:`reference.below`, :func:`reference.exceeds` and
:func:`reference.positive`, and :func:`reference.running` for the activities that run on the date
of judgement (docs/scoring.md: an activity that does not run counts in no gap).

The two measurement codes whose rules need the status and disparity statistics,
``off-track-indicator`` and ``widening-disparity``, are left out (:data:`LEFT_OUT`).

Where the table is silent, the rows are read as follows (each checked against ``assess``):

- ``no-shared-work``: "the lead partners of the activities helping the agenda, directly (...)
  or through indicator pathways (a positive total effect on an agenda indicator, likewise ...)"
  is the leads of the activities
  that help an agenda indicator directly *or* along pathways (a positive term ``g(i) C̃(a, i)``):
  an activity whose agenda help and harm cancel, ``e_a = 0``, still helps, directly or along
  pathways alike (help and harm through pathways that cancelled raised no gap where the same
  effects recorded directly did; found by a reviewer); the gap fires when there is any such
  activity (the row's "some activity helps the agenda, directly ... or through indicator
  pathways"); ``agenda_activities`` counts those activities.
- ``fragmented-network``: ``components``, ``largest_component`` and the subjects are among the
  partners with ties; ``partners`` counts every partner of the initiative.
- ``single-point-of-failure``: ``components_without`` is the number of pieces the partner's
  group falls into without it, ``partners_cut_off`` the partners of those pieces but the largest.
- ``uncovered-goal``: ``indicators`` is the number of indicators the goal lists.
- ``broken-pathway``: upstream and downstream are read transitively along ``drives``, whatever
  ``pathway_weight`` (with 0 the pathway is still drawn, and still broken).
- ``backbone-function-gap``: ``level`` is the function's credit, 0 for ``none``.
- ``short-funding``: a horizon recorded without a date of judgement is not judged: no gap.
- Keys: each id escaped as docs/scoring.md "Gap keys" states (``% + , = ( )``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from collective_impact import Activity, Initiative
from collective_impact.config import ScoringConfig
from collective_impact.model import BackboneFunction, FunctionLevel, Role, Sector, StaffRole
from reference import (
    PERIOD_MONTHS,
    TOLERANCE,
    _period_end,
    _period_start,
    at_least,
    below,
    date_of_judgement,
    exceeds,
    goal_weights,
    positive,
    reference_scores,
    running,
    stale_on,
    total_contributions,
)

__all__ = ["LEFT_OUT", "RefGap", "reference_gaps"]

#: The gap codes this reference does not restate (the measurement's status and disparity).
LEFT_OUT = frozenset({"off-track-indicator", "widening-disparity"})


@dataclass(frozen=True)
class RefGap:
    """One gap as the docs define it: ``subjects`` sorted, ``evidence`` plain numbers."""

    code: str
    key: str
    severity: str
    subjects: tuple[str, ...]
    evidence: dict[str, float] = field(default_factory=dict)


#: The characters of an id escaped in a key, and how (docs/scoring.md "Gap keys"): ``%`` first.
ESCAPES = (("%", "%25"), ("+", "%2B"), (",", "%2C"), ("=", "%3D"), ("(", "%28"), (")", "%29"))


def escape(ident: str) -> str:
    """Return ``ident`` as a key writes it: its own ``%``, ``+``, ``,``, ``=``, ``(`` and ``)``
    escaped, so that an id ``a+b`` is not read as two."""
    for char, code in ESCAPES:
        ident = ident.replace(char, code)
    return ident


def key(code: str, *roles: tuple[str, list[str] | str]) -> str:
    """Return the gap key: the code, then each role's ids sorted and joined by ``+`` (docs/
    scoring.md "Gap keys"), each id escaped (:func:`escape`)."""
    parts = []
    for role, ids in roles:
        names = [ids] if isinstance(ids, str) else sorted(ids)
        parts.append(f"{role}={'+'.join(escape(x) for x in names)}")
    return f"{code}({', '.join(parts)})"


def gap(
    code: str, roles: list[tuple[str, list[str] | str]], severity: str, subjects: list[str], **ev
) -> RefGap:
    """Build a :class:`RefGap` (subjects sorted, evidence as floats)."""
    return RefGap(
        code=code,
        key=key(code, *roles),
        severity=severity,
        subjects=tuple(sorted(subjects)),
        evidence={k: float(v) for k, v in ev.items()},
    )


def unspecified(activity: Activity) -> bool:
    """Whether the activity records no populations or no places (its overlap is assumed)."""
    return not activity.populations or not activity.places


@dataclass
class Facts:
    """What several rows read: the running initiative, ``C̃``, ``g`` and the pair scores."""

    init: Initiative
    run: Initiative
    config: ScoringConfig
    when: dt.date | None
    total: dict[str, dict[str, float]]  # activity id -> indicator id -> C̃(a, i)
    weight: dict[str, float]  # indicator id -> g(i)

    def direct_terms(self, i: str) -> list[float]:
        """The direct contributions ``c(a, i)`` of the running activities that list ``i``."""
        return [a.contributes[i] for a in self.run.activities if i in a.contributes]

    def covered(self, i: str) -> bool:
        """A positive net direct effect on ``i``, beyond rounding."""
        return positive(self.direct_terms(i))

    def reached(self, i: str) -> bool:
        """A positive net total effect ``Σ_a C̃(a, i)`` beyond rounding."""
        return positive([self.total[a.id][i] for a in self.run.activities])

    def agenda_effect(self, a: str) -> list[float]:
        """The terms ``g(i) C̃(a, i)`` of ``e_a``."""
        return [self.weight[i] * x for i, x in self.total[a].items()]


def facts(init: Initiative, config: ScoringConfig) -> Facts:
    """Gather :class:`Facts` (raises ``ValueError`` when the pathway series diverges)."""
    run = running(init)
    rows = total_contributions(run, config)
    ids = [i.id for i in run.indicators]
    total = {
        a.id: dict(zip(ids, row, strict=True)) for a, row in zip(run.activities, rows, strict=True)
    }
    weight = dict(zip(ids, goal_weights(run), strict=True))
    return Facts(init, run, config, date_of_judgement(init), total, weight)


# ---------------------------------------------------------------- common agenda


def uncovered_indicator(f: Facts) -> list[RefGap]:
    """An agenda indicator whose net direct effect is not positive; info when no activity works
    on it directly and it is reached through a pathway, else warning."""
    out = []
    for ind in f.run.indicators:
        i = ind.id
        if f.weight[i] <= 0 or f.covered(i):
            continue
        untouched = not f.direct_terms(i)
        severity = "info" if untouched and f.reached(i) else "warning"
        out.append(
            gap(
                "uncovered-indicator",
                [("indicator", i)],
                severity,
                [i],
                goal_weight=f.weight[i],
                direct_effect=math.fsum(f.direct_terms(i)),
                total_effect=math.fsum(f.total[a.id][i] for a in f.run.activities),
            )
        )
    return out


def uncovered_goal(f: Facts) -> list[RefGap]:
    """A goal none of whose indicators has a positive net direct effect; warning when one of
    them is reached through a pathway, else critical."""
    out = []
    for goal in f.run.goals:
        if any(f.covered(i) for i in goal.indicators):
            continue
        severity = "warning" if any(f.reached(i) for i in goal.indicators) else "critical"
        out.append(
            gap(
                "uncovered-goal",
                [("goal", goal.id)],
                severity,
                [goal.id],
                weight=goal.weight,
                indicators=len(goal.indicators),
            )
        )
    return out


def no_common_agenda(f: Facts) -> list[RefGap]:
    """No goal recorded; critical, no subject; ``activities`` (running), those of them
    ``contributing_to_nothing`` (no contribution at all) and ``indicators``."""
    if f.run.goals:
        return []
    nothing = [a for a in f.run.activities if not a.contributes]
    return [
        gap(
            "no-common-agenda",
            [],
            "critical",
            [],
            activities=len(f.run.activities),
            contributing_to_nothing=len(nothing),
            indicators=len(f.run.indicators),
        )
    ]


def unengaged_partners(f: Facts) -> list[RefGap]:
    """Some indicator on the agenda (``g > 0``) and partners taking part in no running
    activity with a net total agenda effect ``e_a > 0`` (as engagement counts them: the
    backbone organisation only when it takes part), when some partner does or some running
    activity does agenda work (whose help, with no partner engaged, its harm cancels or
    outweighs); info; subjects: those partners;
    ``partners`` (those engagement counts), ``unengaged``, ``cancelled`` (those of them taking
    part in agenda work, a running activity that helps an agenda indicator directly,
    ``c(a, i) > 0``, or some ``g(i) C̃(a, i) > 0``, whose help its harm cancels or outweighs)
    and ``engagement``."""
    if not f.run.partners or not any(w > 0 for w in f.weight.values()):
        return []
    engaged = {p for a in f.run.activities if positive(f.agenda_effect(a.id)) for p in a.partners}
    # the backbone organisation is left out of engagement unless it takes part in agenda work
    bbs = (
        {f.run.backbone.organization}
        if f.run.backbone is not None
        else {p.id for p in f.run.partners if "backbone" in {r.value for r in p.roles}}
    )
    counted = [p.id for p in f.run.partners if p.id not in bbs or p.id in engaged]
    out = sorted(p for p in counted if p not in engaged)
    agenda_work = [
        a
        for a in f.run.activities
        if helps_agenda_directly(f, a) or helps_along_pathways(f.agenda_effect(a.id))
    ]
    # none engaged and no agenda work at all: the goals' and indicators' gaps say no work helps
    if not out or (len(out) == len(counted) and not agenda_work):
        return []
    n = len(counted)
    working = {p for a in agenda_work for p in a.partners}
    return [
        gap(
            "unengaged-partners",
            [],
            "info",
            out,
            partners=n,
            unengaged=len(out),
            cancelled=sum(1 for p in out if p in working),
            engagement=(n - len(out)) / n,
        )
    ]


def off_agenda_activity(f: Facts) -> list[RefGap]:
    """An activity with ``Σ_i g(i) |C̃(a, i)| = 0``; warning when it contributes to no indicator
    at all, else info; none without a goal (``no-common-agenda`` says it once);
    ``agenda_indicators``: the agenda indicators it lists (``c(a, i) ≠ 0``, ``g(i) > 0``), whose
    effects its own effects along pathways cancel."""
    out = []
    if not f.run.goals:
        return out
    for a in f.run.activities:
        reach = math.fsum(f.weight[i] * abs(x) for i, x in f.total[a.id].items())
        if reach != 0:
            continue
        severity = "warning" if not a.contributes else "info"
        out.append(
            gap(
                "off-agenda-activity",
                [("activity", a.id)],
                severity,
                [a.id],
                agenda_contribution=reach,
                contributions=len(a.contributes),
                agenda_indicators=sum(1 for i in a.contributes if f.weight[i] > 0),
            )
        )
    return out


# ---------------------------------------------------------------- shared measurement


def helps_agenda_directly(f: Facts, a: Activity) -> bool:
    """``c(a, i) > 0`` for some agenda indicator ``i``."""
    return any(v > 0 and f.weight[i] > 0 for i, v in a.contributes.items())


def non_reporting_partner(f: Facts) -> list[RefGap]:
    """A partner of activities that help an agenda indicator directly that reports no
    observation (on any indicator) up to ``as_of`` dated on or after the first day of its
    indicator's baseline period (the baseline's date without a frequency; any date when no
    baseline is known on ``as_of``); a warning. ``observations`` counts the
    partner's reports up to ``as_of`` (all before the baselines: history), and
    ``days_since_observation`` is the days from the last of them to ``as_of`` when there are
    any."""
    reporters: set[str] = set()
    before: dict[str, list[dt.date]] = {}  # partner -> dates of its reports before a baseline
    for ind in f.run.indicators:
        base = ind.baseline
        known = base is not None and (f.when is None or base.date <= f.when)
        start = _period_start(base.date, ind.frequency) if known and base is not None else None
        for o in ind.observations:
            if o.reported_by is None or (f.when is not None and o.date > f.when):
                continue
            if start is None or o.date >= start:
                reporters.add(o.reported_by)
            else:
                before.setdefault(o.reported_by, []).append(o.date)
    aligned: dict[str, int] = {}
    for a in f.run.activities:
        if helps_agenda_directly(f, a):
            for p in a.partners:
                aligned[p] = aligned.get(p, 0) + 1
    out = []
    for p, n in aligned.items():
        if p in reporters:
            continue
        history = before.get(p, [])
        extra = (
            {"days_since_observation": (f.when - max(history)).days}
            if history and f.when is not None
            else {}
        )
        out.append(
            gap(
                "non-reporting-partner",
                [("partner", p)],
                "warning",
                [p],
                aligned_activities=n,
                observations=len(history),
                **extra,
            )
        )
    return out


def stale(ind, day: dt.date, when: dt.date, config: ScoringConfig) -> bool:
    """Whether an indicator's measurement of ``day`` is stale on ``when`` (measurement.md)."""
    months = None if ind.frequency is None else PERIOD_MONTHS[ind.frequency.value]
    return stale_on(day, when, months, config)


def unmeasured_indicator(f: Facts) -> list[RefGap]:
    """An agenda indicator without a (known) baseline, without a target, stale, without a
    whole-population value after its baseline, or whose last whole-population value is older
    than its staleness while the indicator is not stale; a warning."""
    out = []
    when = f.when
    for ind in f.run.indicators:
        if f.weight[ind.id] <= 0:
            continue
        seen = [o for o in ind.observations if when is None or o.date <= when]
        base = ind.baseline
        if base is not None and when is not None and base.date > when:
            base = None  # a baseline not taken yet
        whole = [o for o in seen if o.group is None]
        dates = [o.date for o in seen] + ([base.date] if base is not None else [])
        days = None if not dates or when is None else (when - max(dates)).days
        too_old = not dates or (when is not None and stale(ind, max(dates), when, f.config))
        until = None if base is None else _period_end(base.date, ind.frequency)
        observed = until is not None and any(o.date > until for o in whole)
        series_stale = (
            not too_old
            and whole
            and when is not None
            and stale(ind, max(o.date for o in whole), when, f.config)
        )
        measured = base is not None and ind.target is not None and not too_old and observed
        if measured and not series_stale:
            continue
        evidence = {
            "has_baseline": 1 if base is not None else 0,
            "has_target": 1 if ind.target is not None else 0,
            "observations": len(seen),
        }
        if days is not None:
            evidence["days_since_observation"] = days
        out.append(
            gap("unmeasured-indicator", [("indicator", ind.id)], "warning", [ind.id], **evidence)
        )
    return out


# ---------------------------------------------------------------- mutually reinforcing activities


def pair_data(f: Facts):
    """The pair scores of the running activities (docs/scoring.md, items of the reference)."""
    return reference_scores(f.run, f.config)


def duplication(f: Facts, ref) -> list[RefGap]:
    """One gap per cluster: the connected components of the pairs with ``r ≥
    duplication_threshold`` and different lead partners; warning when some pair of the cluster
    has ``k° < weak_tie`` (its coordination without the backbone's brokerage) and the cluster's
    ``Σ d > 0``, else info; ``uncoordinated_pairs`` counts those pairs, ``brokered_pairs`` those
    of them whose ``k`` (brokerage counted) is at least ``weak_tie`` and of whose activities the
    backbone organisation is a partner of neither (it brokers nothing between itself and
    another partner)."""
    cfg = f.config
    backbone = f.run.backbone.organization if f.run.backbone is not None else None
    links = [
        (a, b)
        for (a, b), s in ref.pairs.items()
        if ref.leads[a] != ref.leads[b] and at_least(s["redundancy"], cfg.duplication_threshold)
    ]
    # connected components, by repeated merging: the obvious way
    clusters: list[set[str]] = []
    for a, b in links:
        touching = [c for c in clusters if a in c or b in c]
        merged = {a, b}.union(*touching)
        clusters = [c for c in clusters if c not in touching] + [merged]
    acts = {a.id: a for a in f.run.activities}
    out = []
    for cluster in clusters:
        pairs = [(a, b) for a, b in links if a in cluster]
        scores = [ref.pair(a, b) for a, b in pairs]
        # the partners' own coordination, without the backbone's brokerage (as the partner
        # coordination gaps read it); brokered: those the backbone alone lifts to weak_tie
        own = [ref.own_coordination[pair] for pair in pairs]
        weak = [k for k in own if below(k, cfg.weak_tie)]
        brokered = [
            1
            for k, s, (a, b) in zip(own, scores, pairs, strict=True)
            if below(k, cfg.weak_tie)
            and not below(s["coordination"], cfg.weak_tie)
            and backbone not in {*acts[a].partners, *acts[b].partners}
        ]
        interdependence = math.fsum(s["interdependence"] for s in scores)
        severity = "warning" if weak and interdependence > 0 else "info"
        out.append(
            gap(
                "duplication",
                [("activities", sorted(cluster))],
                severity,
                sorted(cluster),
                activities=len(cluster),
                partners=len({ref.leads[a] for a in cluster}),
                pairs=len(pairs),
                duplication=math.fsum(s["duplication"] for s in scores),
                interdependence=interdependence,
                redundancy=max(s["redundancy"] for s in scores),
                coordination=min(s["coordination"] for s in scores),
                uncoordinated_pairs=len(weak),
                brokered_pairs=len(brokered),
                assumed_overlap_pairs=sum(
                    1 for a, b in pairs if unspecified(acts[a]) or unspecified(acts[b])
                ),
            )
        )
    return out


def conflicting_activities(f: Facts, ref) -> list[RefGap]:
    """One gap per activity ``x`` with ``A(x) = Σ_y against(x, y) > 0``, whoever leads the
    pairs; ``conflict_share = A(x) / Σ_y (d(x, y) + against(x, y))`` over those ``y``;
    warning when ``conflict_share ≥ conflict_warning_share``, else info;
    ``assumed_overlap_pairs`` counts those pairs with an activity recording no populations or
    no places."""
    acts = {a.id: a for a in f.run.activities}
    out = []
    for x in (a.id for a in f.run.activities):
        others = [y for (p, y), amount in ref.against.items() if p == x and amount > 0]
        if not others:
            continue
        conflict = math.fsum(ref.against[(x, y)] for y in others)
        # x's own joint work with them: their joint help and x's push against them
        joint = math.fsum(ref.pair(x, y)["interdependence"] + ref.against[(x, y)] for y in others)
        share = conflict / joint
        warn = at_least(share, f.config.conflict_warning_share)
        out.append(
            gap(
                "conflicting-activities",
                [("pushing", x)],
                "warning" if warn else "info",
                [x],
                conflict=conflict,
                activities=len(others),
                conflict_share=share,
                warning_share=f.config.conflict_warning_share,
                assumed_overlap_pairs=sum(
                    1 for y in others if unspecified(acts[x]) or unspecified(acts[y])
                ),
            )
        )
    return out


def harmful_activity(f: Facts) -> list[RefGap]:
    """An activity that harms some agenda indicator, ``g(i) C̃(a, i) < 0``, whatever its net
    total agenda effect ``e_a``; subjects: it and the agenda indicators it harms; a warning when
    ``e_a`` is not positive beyond rounding (it works against the agenda, or its harm cancels
    its help), info when it is (it helps the agenda on balance)."""
    out = []
    for a in f.run.activities:
        terms = f.agenda_effect(a.id)
        harmed = [i for i, x in f.total[a.id].items() if f.weight[i] * x < 0]
        if not harmed:
            continue
        out.append(
            gap(
                "harmful-activity",
                [("activity", a.id)],
                "info" if positive(terms) else "warning",
                [a.id, *harmed],
                net_effect=math.fsum(terms),
                harm=math.fsum(max(-x, 0.0) for x in terms),
                help=math.fsum(max(x, 0.0) for x in terms),
                indicators_harmed=len(harmed),
            )
        )
    return out


def helps_along_pathways(terms: list[float]) -> bool:
    """Whether the terms ``g(i) C̃(a, i)`` of an activity help the agenda beyond rounding: their
    positive part above ``TOLERANCE`` times the sum of their magnitudes (help cancelled on
    balance by harm counts; noise of a pathway solve beside large totals does not)."""
    helped = math.fsum(x for x in terms if x > 0)
    return helped > 0 and helped > TOLERANCE * math.fsum(abs(x) for x in terms)


def no_shared_work(f: Facts, ref) -> list[RefGap]:
    """Some activity helps the agenda, directly (``c(a, i) > 0`` on an agenda indicator) or
    through indicator pathways (a positive term ``g(i) C̃(a, i)`` of ``e_a``, whatever harm
    cancels it on balance, as direct help counts), but ``Σ_between R = 0`` (no two partners'
    activities reinforce each other, each pair's ``R`` as docs/scoring.md defines it, with its
    tolerance); subjects: the lead partners of those activities; ``interdependence``,
    ``conflict``, ``joint_harm`` and ``duplication``:
    the sums of ``d``, conflict, ``h`` and ``D`` over the pairs between partners.

    The table's "directly (...) or through indicator pathways (a positive total effect on an
    agenda indicator, likewise ...)" is read as: an activity helping an agenda indicator,
    directly or along pathways, whose ``e_a`` is 0 or below (help and harm on the agenda that
    cancel) still leads agenda work, the work the gap fires on, so the gap names its partner
    instead of "one partner" and no name; help along pathways counts beyond rounding
    (:func:`helps_along_pathways`).
    """
    between = [s for (a, b), s in ref.pairs.items() if ref.leads[a] != ref.leads[b]]
    if math.fsum(s["reinforcement"] for s in between) != 0:
        return []
    helping = [
        a
        for a in f.run.activities
        if helps_agenda_directly(f, a) or helps_along_pathways(f.agenda_effect(a.id))
    ]
    if not helping:
        return []
    leads = sorted({a.lead for a in helping})
    # under unspecified_overlap 0, an agenda activity recording no populations or no places
    # meets by assumption no activity of another lead (helping or harming) on an agenda
    # indicator both work on (C̃ ≠ 0)
    assumed = f.config.unspecified_overlap == 0

    def meets_another_lead(a: Activity) -> bool:
        return any(
            b.lead != a.lead
            and any(
                f.weight[i] > 0 and x != 0 and f.total[b.id][i] != 0
                for i, x in f.total[a.id].items()
            )
            for b in f.run.activities
        )

    return [
        gap(
            "no-shared-work",
            [],
            "warning",
            leads,
            lead_partners=len(leads),
            agenda_activities=len(helping),
            assumed_overlap_activities=sum(
                1 for a in helping if assumed and unspecified(a) and meets_another_lead(a)
            ),
            interdependence=math.fsum(s["interdependence"] for s in between),
            conflict=math.fsum(s["conflict"] for s in between),
            joint_harm=math.fsum(s["joint_harm"] for s in between),
            duplication=math.fsum(s["duplication"] for s in between),
        )
    ]


def uncoordinated_interdependence(f: Facts, ref) -> list[RefGap]:
    """``share(p, q) > gap_share_threshold`` and ``c(p, q) < weak_tie``; critical when
    ``share ≥ critical_gap_share``, else warning."""
    cfg = f.config
    acts = {a.id: a for a in f.run.activities}
    out = []
    for (p, q), g in ref.partner_gaps.items():
        if not (
            exceeds(g["share"], cfg.gap_share_threshold) and below(g["coordination"], cfg.weak_tie)
        ):
            continue
        assumed = [
            s
            for (a, b), s in ref.pairs.items()
            if {ref.leads[a], ref.leads[b]} == {p, q}
            and s["reinforcement"] > 0
            and (unspecified(acts[a]) or unspecified(acts[b]))
        ]
        lost = math.fsum(s["reinforcement"] * (1 - s["coordination"]) for s in assumed)
        critical = at_least(g["share"], cfg.critical_gap_share)
        out.append(
            gap(
                "uncoordinated-interdependence",
                [("partners", [p, q])],
                "critical" if critical else "warning",
                [p, q],
                **g,
                assumed_overlap_pairs=len(assumed),
                assumed_overlap_share=lost / g["gap"],
            )
        )
    return out


def broken_pathway(f: Facts) -> list[RefGap]:
    """An indicator without a positive net direct effect with an indicator that has one both
    upstream and downstream of it along ``drives``; a warning."""
    drives = {i.id: set(i.drives) for i in f.run.indicators}

    def downstream(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(drives[start])
        while todo:
            j = todo.pop()
            if j not in seen:
                seen.add(j)
                todo.extend(drives[j])
        return seen

    below_of = {i: downstream(i) for i in drives}
    out = []
    for i in drives:
        if f.covered(i):
            continue
        up = [u for u in drives if u != i and i in below_of[u] and f.covered(u)]
        down = [v for v in below_of[i] if v != i and f.covered(v)]
        if up and down:
            out.append(
                gap(
                    "broken-pathway",
                    [("indicator", i)],
                    "warning",
                    [i],
                    covered_upstream=len(up),
                    covered_downstream=len(down),
                )
            )
    return out


# ---------------------------------------------------------------- continuous communication


def neighbours(init: Initiative) -> dict[str, set[str]]:
    """The undirected tie graph: every partner a node."""
    graph: dict[str, set[str]] = {p.id: set() for p in init.partners}
    for t in init.ties:
        if t.source != t.target:
            graph[t.source].add(t.target)
            graph[t.target].add(t.source)
    return graph


def components(graph: dict[str, set[str]], nodes: set[str]) -> list[set[str]]:
    """The connected components of ``graph`` restricted to ``nodes``."""
    left = set(nodes)
    out = []
    while left:
        start = min(left)
        comp, todo = set(), [start]
        while todo:
            x = todo.pop()
            if x in comp:
                continue
            comp.add(x)
            todo.extend(y for y in graph[x] if y in nodes and y not in comp)
        out.append(comp)
        left -= comp
    return out


def isolated_partner(f: Facts) -> list[RefGap]:
    """A partner with no tie at all; critical for the backbone organisation, else warning."""
    graph = neighbours(f.init)
    backbone = f.init.backbone.organization if f.init.backbone is not None else None
    return [
        gap(
            "isolated-partner",
            [("partner", p)],
            "critical" if p == backbone else "warning",
            [p],
            ties=0,
        )
        for p, near in graph.items()
        if not near
    ]


def fragmented_network(f: Facts) -> list[RefGap]:
    """The partners that have ties fall into more than one connected group; subjects: the
    partners with ties outside the largest group (of equal largest, the backbone's, then the
    one with the most tied pairs, then the one with the first id).

    ``partners`` is read as every partner of the initiative (tied or not), ``components`` and
    ``partners_outside`` as counts among the partners with ties (the table does not say).
    """
    graph = neighbours(f.init)
    tied = {p for p, near in graph.items() if near}
    groups = components(graph, tied)
    if len(groups) <= 1:
        return []
    backbone = f.init.backbone.organization if f.init.backbone else None

    def tied_pairs(group: set[str]) -> int:
        return sum(len(graph[p]) for p in group) // 2

    largest = min(groups, key=lambda c: (-len(c), -(backbone in c), -tied_pairs(c), min(c)))
    outside = sorted(tied - largest)
    return [
        gap(
            "fragmented-network",
            [],
            "warning",
            outside,
            components=len(groups),
            largest_component=len(largest),
            partners=len(f.init.partners),
            partners_outside=len(outside),
        )
    ]


def single_point_of_failure(f: Facts) -> list[RefGap]:
    """An articulation point of the tie graph (its removal splits the network); a warning."""
    graph = neighbours(f.init)
    tied = {p for p, near in graph.items() if near}
    out = []
    for p in sorted(tied):
        home = next(c for c in components(graph, tied) if p in c)
        pieces = components(graph, home - {p})
        if len(pieces) < 2:
            continue
        biggest = max(len(c) for c in pieces)
        out.append(
            gap(
                "single-point-of-failure",
                [("partner", p)],
                "warning",
                [p],
                components_without=len(pieces),
                partners_cut_off=len(home) - 1 - biggest,
            )
        )
    return out


# ---------------------------------------------------------------- backbone support


def backbone_gaps(f: Facts) -> list[RefGap]:
    """``missing-backbone``, ``backbone-staff-gap`` and ``backbone-function-gap``."""
    init = f.init
    if init.backbone is None:
        named = [p.id for p in init.partners if Role.BACKBONE in p.roles]
        return [gap("missing-backbone", [], "critical", named)]
    b = init.backbone
    org = b.organization
    out = []
    fte = {r.value: b.staff.get(r, 0.0) for r in StaffRole}
    missing = [r for r, v in fte.items() if v <= 0]
    if missing:
        severity = "critical" if len(missing) == len(fte) else "warning"
        out.append(gap("backbone-staff-gap", [("backbone", org)], severity, [org, *missing], **fte))
    for function in BackboneFunction:
        if b.functions.get(function, FunctionLevel.NONE) is FunctionLevel.NONE:
            roles = [("backbone", org), ("function", function.value)]
            out.append(gap("backbone-function-gap", roles, "info", [org, function.value], level=0))
    return out


# ---------------------------------------------------------------- preconditions


def precondition_gaps(f: Facts) -> list[RefGap]:
    """``missing-sector``, ``no-champion`` and ``short-funding``."""
    init, cfg = f.init, f.config
    out = []
    for sector in Sector.core():
        if not any(p.sector is sector for p in init.partners):
            roles = [("sector", sector.value)]
            out.append(
                gap("missing-sector", roles, "warning", [sector.value], partners_in_sector=0)
            )
    if not init.champion_ids:
        out.append(gap("no-champion", [], "warning", [], champions=0))
    until = init.conditions.funding_secured_until
    if until is None:
        out.append(gap("short-funding", [], "warning", [], min_years=cfg.min_funding_years))
    elif f.when is not None:
        years = init.conditions.funding_years(f.when)
        assert years is not None
        if below(years, cfg.min_funding_years):
            severity = "critical" if years <= 0 else "warning"
            ev = {"min_years": cfg.min_funding_years, "years_secured": years}
            out.append(gap("short-funding", [], severity, [], **ev))
    return out


def reference_gaps(
    initiative: Initiative, config: ScoringConfig | None = None
) -> dict[str, RefGap]:
    """Every gap but :data:`LEFT_OUT` as the docs define it, by key.

    Raises
    ------
    ValueError
        When the pathway series does not converge (``assess`` refuses the initiative too).
    """
    cfg = config if config is not None else ScoringConfig()
    f = facts(initiative, cfg)
    ref = pair_data(f)
    found = [
        *uncovered_indicator(f),
        *uncovered_goal(f),
        *off_agenda_activity(f),
        *no_common_agenda(f),
        *unengaged_partners(f),
        *non_reporting_partner(f),
        *unmeasured_indicator(f),
        *duplication(f, ref),
        *conflicting_activities(f, ref),
        *harmful_activity(f),
        *no_shared_work(f, ref),
        *uncoordinated_interdependence(f, ref),
        *broken_pathway(f),
        *isolated_partner(f),
        *fragmented_network(f),
        *single_point_of_failure(f),
        *backbone_gaps(f),
        *precondition_gaps(f),
    ]
    out = {g.key: g for g in found}
    assert len(out) == len(found), "two gaps share a key"
    return out
