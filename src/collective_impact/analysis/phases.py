"""The phase of an initiative (Hanleybrown, Kania & Kramer 2012), with the criteria met and unmet.

Three phases — I *initiate action*, II *organize for impact*, III *sustain action and impact* —
across four components. Each cell of the table is one or more criteria read off the model; the
phase is the furthest phase whose criteria, and those of every earlier phase, are all met
(0 when phase I is not complete).

Governance & infrastructure
    I: a champion is named; partners come from at least 3 core sectors.
    II: a backbone with a project manager; at least one working group of two partners or more.
    III: the backbone has a facilitator and carries out at least 4 of its 6 functions.
Strategic planning
    I: activities running on the date of judgement are recorded (the landscape is mapped); a
    problem statement (not blank) and a baseline make the case.
    II: activities help, directly, goals carrying at least half the goal weight (goal
    coverage of the common agenda).
    III: at least 75% of the contributions help the agenda, directly or through indicators
    that drive it (focus), and every goal is covered; partners'
    activities reinforce each other, coordinated (mutually reinforcing activities above 0).
Community involvement
    I: a community-sector partner (outreach).
    II: community partners act or sit in a working group of two partners or more; the
    backbone builds public will
    (at least partially).
    III: every community partner is tied to others; the backbone advances policy (at least
    partially).
Evaluation & improvement
    I: half the agenda indicators, or half of all the indicators, have a baseline (phase I
    comes before the agenda: reading the agenda alone, or every indicator only without
    one, let adding a goal take phase I away).
    II: half the agenda indicators have a baseline and a target; a data manager is staffed.
    III: half the agenda indicators have a target and a recent whole-population value after
    their baseline's date or reporting period (dated after ``baseline_until``, neither the
    indicator nor its whole-population series stale: what the measurement tracks, against
    what readiness reads; a value of one group only, or years old, is observed after the
    baseline but tracks nothing); at least 2 partners report
    progress (an observation of an agenda indicator dated after its baseline's period: a value
    of the baseline's own date, or of its calendar period, is the baseline again, as the
    measurement reads it: ``baseline_until``). Without an agenda (no goal lists an
    indicator) the criteria of phases II and III that read it are not met.

A baseline counts once known: dated on or before the date of judgement.

References
----------
.. [1] Hanleybrown, F., Kania, J. and Kramer, M. (2012). Channeling Change: Making Collective
   Impact Work. *Stanford Social Innovation Review*.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import numpy as np

from .._text import entered, years_written
from ..config import ScoringConfig
from ..model import BackboneFunction, FunctionLevel, Initiative, Sector, StaffRole
from ._tolerance import at_least
from .conditions import common_agenda, mutually_reinforcing_activities
from .prepared import Prepared, prepare

__all__ = ["COMPONENTS", "Criterion", "PhaseReport", "Preconditions", "assess_phase"]

COMPONENTS = ("governance", "strategic_planning", "community_involvement", "evaluation")
PHASE_LABELS = {0: "none", 1: "I", 2: "II", 3: "III"}

#: The name of each phase (Hanleybrown, Kania & Kramer 2012).
PHASE_NAMES = {1: "Initiate action", 2: "Organize for impact", 3: "Sustain action and impact"}


@attrs.frozen
class Criterion:
    """One criterion of the phase table: its component, phase, name and whether it is met.

    Examples
    --------
    >>> import collective_impact as ci
    >>> criteria = ci.assess(ci.load_example("cradle-to-career")).phase.criteria
    >>> criteria[0]
    Criterion(component='governance', phase=1, name='champions identified', met=True)
    >>> [c.name for c in criteria if c.phase == 2 and not c.met]
    ['public will built (the backbone builds public will)']
    """

    component: str
    phase: int
    name: str
    met: bool


@attrs.frozen
class Preconditions:
    """The three preconditions (reported beside the phase, not part of it).

    Attributes
    ----------
    champions
        The number of champions.
    funding_years
        Calendar years of funding secured after the date of judgement
        (:meth:`~collective_impact.Conditions.funding_years`); ``None`` without a recorded
        horizon or without a date of judgement.
    urgency
        The urgency, if recorded.
    met
        Whether there is a champion, funding for at least ``min_funding_years`` and an urgency
        of ``medium`` or ``high``. ``None`` (cannot be judged) when the others hold and a
        funding horizon is recorded but there is no date of judgement to count from.
    lacking
        What the initiative lacks of them, in words (``"a champion"``, ``"funding secured for 2
        years"`` or ``"for 1 year"``, ``"a recorded urgency of medium or high"``); with
        ``min_funding_years`` 0, ``"a recorded funding horizon"`` when none is, or ``"funding
        secured up to the date of judgement"`` when it ended before; empty when :attr:`met` is
        not ``False``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> pre = ci.assess(ci.load_example("cradle-to-career")).phase.preconditions
    >>> pre.champions, round(pre.funding_years, 2), pre.urgency
    (2, 0.75, 'high')
    >>> pre.met, pre.lacking
    (False, ('funding secured for 2 years',))
    """

    champions: int
    funding_years: float | None
    urgency: str | None
    met: bool | None
    lacking: tuple[str, ...] = ()


@attrs.frozen
class PhaseReport:
    """The phase reached, every criterion, and the preconditions.

    Examples
    --------
    A phase is reached when every criterion of it and of the phases before it is met; the
    cradle-to-career example lacks one criterion of phase II:

    >>> import collective_impact as ci
    >>> report = ci.assess(ci.load_example("cradle-to-career")).phase
    >>> report.phase, report.title
    (1, 'Phase I — Initiate action')
    >>> [c.name for c in report.unmet(2)]
    ['public will built (the backbone builds public will)']
    """

    phase: int
    criteria: tuple[Criterion, ...]
    preconditions: Preconditions

    @property
    def label(self) -> str:
        """``"I"``, ``"II"``, ``"III"``, or ``"none"``."""
        return PHASE_LABELS[self.phase]

    @property
    def title(self) -> str:
        """The phase in plain language, e.g. ``"Phase I — Initiate action"``."""
        if self.phase == 0:
            return "Not yet in phase I — the conditions to initiate action are not met"
        return f"Phase {self.label} — {PHASE_NAMES[self.phase]}"

    def unmet(self, phase: int | None = None) -> tuple[Criterion, ...]:
        """Criteria not met (of ``phase``, or of every phase).

        Parameters
        ----------
        phase
            1, 2 or 3 for the criteria of that phase only; ``None`` for those of every phase.

        Returns
        -------
        tuple of Criterion
            The criteria whose ``met`` is false, in the order of :attr:`criteria`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> report = assess_phase(ci.load_example("cradle-to-career"))
        >>> report.label, len(report.unmet()), [c.name for c in report.unmet(2)]
        ('I', 3, ['public will built (the backbone builds public will)'])
        >>> report.unmet(1)
        ()
        """
        return tuple(c for c in self.criteria if not c.met and phase in (None, c.phase))

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data: phase, label, criteria by component, preconditions.

        Returns
        -------
        dict of str to object
            ``phase`` (0–3), ``label`` (``"none"``, ``"I"``, ``"II"`` or ``"III"``),
            ``components`` (``{component: {phase label: {"met": [names], "unmet": [names]}}}``)
            and ``preconditions`` (``champions``, ``funding_years``, ``urgency``, ``met``,
            ``lacking``).

        Examples
        --------
        >>> import collective_impact as ci
        >>> data = assess_phase(ci.load_example("cradle-to-career")).to_dict()
        >>> data["phase"], data["label"], list(data["components"])
        (1, 'I', ['governance', 'strategic_planning', 'community_involvement', 'evaluation'])
        >>> data["components"]["governance"]["III"]["unmet"]
        ['facilitation: the backbone has a facilitator']
        >>> data["preconditions"]["champions"], data["preconditions"]["met"]
        (2, False)
        """
        components: dict[str, dict[str, dict[str, list[str]]]] = {}
        for c in self.criteria:
            cell = components.setdefault(c.component, {}).setdefault(
                PHASE_LABELS[c.phase], {"met": [], "unmet": []}
            )
            cell["met" if c.met else "unmet"].append(c.name)
        return {
            "phase": self.phase,
            "label": self.label,
            "components": components,
            "preconditions": {
                **attrs.asdict(self.preconditions),
                "lacking": list(self.preconditions.lacking),
            },
        }


def _at_least(initiative: Initiative, function: BackboneFunction, level: FunctionLevel) -> bool:
    if initiative.backbone is None:
        return False
    order = [FunctionLevel.NONE, FunctionLevel.PARTIAL, FunctionLevel.STRONG]
    return order.index(initiative.backbone.function_level(function)) >= order.index(level)


def assess_phase(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> PhaseReport:
    """Evaluate every criterion of the phase table and the preconditions.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object (the common agenda's
        goal coverage and focus are computed once and shared with
        :func:`~collective_impact.condition_scores`).
    config
        Thresholds (``min_funding_years``; the weights behind goal coverage and focus); with a
        prepared object, its own.
    as_of
        The date of judgement: the funding horizon is measured from it, and the evaluation
        criteria count only observations up to it (the snapshot the assessment judges); see
        :func:`~collective_impact.prepare`. With a prepared object, its own.

    Returns
    -------
    PhaseReport
        The phase reached (the furthest phase whose criteria, and those of every earlier
        phase, are all met), every criterion, and the preconditions.

    Raises
    ------
    PathwayError
        When indicator pathways do not converge.

    References
    ----------
    - Hanleybrown, F., Kania, J. and Kramer, M. (2012). Channeling Change: Making
      Collective Impact Work. *Stanford Social Innovation Review*.

    Examples
    --------
    One business partner and nothing else: none of the six criteria of phase I is met (no
    champion, one core sector instead of three, no activity, no problem statement or baseline,
    no community partner, no agenda indicator), so the phase is ``none``; the preconditions are
    not met either (no champion, no funding horizon, no urgency).

    >>> import collective_impact as ci
    >>> bare = ci.Initiative(
    ...     name="Bare", partners=[ci.Partner(id="a", name="A", sector="business")]
    ... )
    >>> report = assess_phase(bare)
    >>> report.label, report.preconditions.met
    ('none', False)
    >>> report.unmet(1)[0].name, len(report.unmet(1))
    ('champions identified', 6)
    """
    prepared = prepare(initiative, config=config, as_of=as_of)
    agenda_parts = common_agenda(prepared)
    goal_coverage, focus = agenda_parts["goal_coverage"], agenda_parts["focus"]
    initiative, arrays, when = prepared.analysed, prepared.arrays, prepared.as_of
    backbone = initiative.backbone
    sectors = {p.sector for p in initiative.partners}
    # the agenda's indicators, and no others: an initiative without goals has no agenda to
    # evaluate (reading every indicator then let adding a goal, as the off-agenda-activity gap
    # advises, take phase I away). Phase I reads its baseline criterion below over the agenda
    # or over every indicator, since it comes before the agenda.
    agenda = [ind for i, ind in enumerate(initiative.indicators) if arrays.goal_weight[i] > 0]
    # every goal covered, goal by goal as the uncovered-goal gap judges it: the weighted share
    # compared with 1 within rounding counted a goal of weight 2 beside one of 3e9 as covered,
    # beside its critical gap
    every_goal_covered = bool(initiative.goals) and all(arrays.goals_covered(initiative.goals))
    half = max(1, (len(agenda) + 1) // 2) if agenda else 1
    everything = list(initiative.indicators)
    half_of_all = max(1, (len(everything) + 1) // 2)
    community = {p.id for p in initiative.partners if p.sector is Sector.COMMUNITY}
    sets = arrays.partner_sets  # every partner of an activity: the members of the sets used
    acting = {arrays.partner_ids[p] for p in np.unique(sets.members[np.unique(sets.of)].indices)}
    # members of a working group of two partners or more: a group of one is no process
    # between partners (the governance criterion's rule), and its member was "engaged"
    grouped = {m for w in initiative.working_groups if len(set(w.members)) >= 2 for m in w.members}
    tied = {t.source for t in initiative.ties} | {t.target for t in initiative.ties}
    functions_done = sum(_at_least(initiative, f, FunctionLevel.PARTIAL) for f in BackboneFunction)

    def known(ind: Any) -> list[Any]:  # the snapshot: observations up to the date of judgement
        return [o for o in ind.observations if when is None or o.date <= when]

    measured = {m.indicator: m for m in prepared.measurement}

    def progress_of(ind: Any) -> list[Any]:
        # progress: what was observed of an agenda indicator from its (known) baseline on. Any
        # observation counted, of an indicator off the agenda or from before its baseline; and
        # without a baseline known on the date of judgement, every observation did, so that
        # recording a baseline could turn "progress reported" from met to unmet
        m = measured[ind.id]
        if m.baseline is None:
            return []
        # after the baseline: a value of the baseline's own date is the baseline (files often
        # repeat it as an observation), no progress (it met "progress reported" beside a
        # status of insufficient data and an unmet "progress tracked"); and so is a value of
        # the baseline's own period (its year, for an annual indicator), as the measurement
        # reads it (``baseline_until``): two reports in the baseline's year met the criterion
        # beside readiness 0 and an unmeasured-indicator gap
        start = m.baseline_until if m.baseline_until is not None else ind.baseline.date
        return [o for o in known(ind) if o.date > start]

    reporters = {o.reported_by for ind in agenda for o in progress_of(ind) if o.reported_by}

    def based(ind: Any) -> bool:
        # a baseline known on the date of judgement: the measurement's rule (a baseline dated
        # after as_of is not known yet), read from the measurement rather than restated
        return measured[ind.id].baseline is not None

    # progress tracked: what the measurement tracks — a whole-population value dated after
    # the baseline, not stale, nor the whole-population series alone (``series_stale``, as
    # the unmeasured-indicator gap reads it). Any observation after the baseline counted: of
    # one group only, or years old, beside the unmeasured-indicator gaps of the same
    # indicators; and one recent value of a group kept population values years old "tracked".

    # And against a target, as readiness reads it: progress is progress towards something.
    # Without the target, phase II's "baseline and target" and this criterion could each be
    # met by a different half of the agenda, and an initiative reach phase III beside
    # readiness 0 and an unmeasured-indicator gap on every agenda indicator.

    def tracked(ind: Any) -> bool:
        m = measured[ind.id]
        # a whole-population value dated after the (known) baseline: the measurement's rule
        return (
            m.target is not None
            and m.observed_after_baseline
            and not m.stale
            and not m.series_stale
        )

    observed_after = sum(tracked(ind) for ind in agenda)
    fte = backbone.fte if backbone is not None else (lambda role: 0.0)
    table: list[tuple[str, int, str, bool]] = [
        ("governance", 1, "champions identified", bool(initiative.champion_ids)),
        (
            "governance",
            1,
            "cross-sector group formed (partners from at least 3 core sectors)",
            len(sectors & set(Sector.core())) >= 3,
        ),
        (
            "governance",
            2,
            "backbone created, with a project manager",
            backbone is not None and fte(StaffRole.PROJECT_MANAGER) > 0,
        ),
        (
            "governance",
            2,
            "processes created (a working group of at least two partners)",
            # a group of one partner is no process between partners (nor does it coordinate
            # anyone: the working-group rule of coordination needs two members)
            any(len(set(w.members)) >= 2 for w in initiative.working_groups),
        ),
        (
            "governance",
            3,
            "facilitation: the backbone has a facilitator",
            fte(StaffRole.FACILITATOR) > 0,
        ),
        (
            "governance",
            3,
            "the backbone carries out at least 4 of its 6 functions",
            functions_done >= 4,
        ),
        ("strategic_planning", 1, "landscape mapped (running activities recorded)", bool(acting)),
        (
            "strategic_planning",
            1,
            "data makes the case (a problem statement and a baseline)",
            # a statement of blanks states nothing
            bool(initiative.problem and initiative.problem.strip())
            and any(based(i) for i in initiative.indicators),
        ),
        (
            "strategic_planning",
            2,
            "common agenda: activities help goals carrying half the goal weight directly",
            at_least(goal_coverage, 0.5),
        ),
        (
            "strategic_planning",
            3,
            "implementation aligned: 75% of the effort helps the agenda and every goal covered",
            at_least(focus, 0.75) and every_goal_covered,
        ),
        (
            "strategic_planning",
            3,
            "mutually reinforcing: partners' activities reinforce each other, coordinated",
            # the condition's score above 0: some reinforcement between partners runs over a
            # coordination (a phase III beside an overall score of 0, "not yet doing
            # collective impact", when partners worked in different places)
            bool(mutually_reinforcing_activities(prepared)["score"]),
        ),
        ("community_involvement", 1, "community outreach (a community partner)", bool(community)),
        (
            "community_involvement",
            2,
            "community engaged in activities or working groups of two partners or more",
            bool(community & (acting | grouped)),
        ),
        (
            "community_involvement",
            2,
            "public will built (the backbone builds public will)",
            _at_least(initiative, BackboneFunction.BUILD_PUBLIC_WILL, FunctionLevel.PARTIAL),
        ),
        (
            "community_involvement",
            3,
            "continued engagement (every community partner is tied to others)",
            bool(community) and community <= tied,
        ),
        (
            "community_involvement",
            3,
            "advocacy (the backbone advances policy)",
            _at_least(initiative, BackboneFunction.ADVANCE_POLICY, FunctionLevel.PARTIAL),
        ),
        (
            "evaluation",
            1,
            "baseline data analysed (half the agenda indicators, or of all, have a baseline)",
            (bool(agenda) and sum(based(i) for i in agenda) >= half)
            or (bool(everything) and sum(based(i) for i in everything) >= half_of_all),
        ),
        (
            "evaluation",
            2,
            "shared metrics established (half have baseline and target)",
            bool(agenda) and sum(based(i) and i.target is not None for i in agenda) >= half,
        ),
        ("evaluation", 2, "a data manager is staffed", fte(StaffRole.DATA_MANAGER) > 0),
        (
            "evaluation",
            3,
            "progress tracked (half have a target and a recent whole-population value "
            "after their baseline's date or reporting period)",
            bool(agenda) and observed_after >= half,
        ),
        ("evaluation", 3, "progress reported by at least 2 partners", len(reporters) >= 2),
    ]
    criteria = tuple(Criterion(c, p, n, bool(m)) for c, p, n, m in table)
    phase = 0
    for level in (1, 2, 3):
        if all(c.met for c in criteria if c.phase == level):
            phase = level
        else:
            break
    conditions = initiative.conditions
    years = conditions.funding_years(when) if when is not None else None
    urgency = conditions.urgency.value if conditions.urgency is not None else None
    others_hold = bool(initiative.champion_ids) and urgency in ("medium", "high")
    funded: bool | None
    needed = prepared.config.min_funding_years
    if conditions.funding_secured_until is None:
        funded = False  # no horizon recorded: flagged short-funding
    elif years is None:
        funded = None  # a horizon but no date of judgement to count from
    else:
        funded = at_least(years, needed)
    met = None if others_hold and funded is None else bool(others_hold and funded)
    funding = (
        # as entered: a minimum of 1.0000001 read "funding secured for 1 year" beside 1 year
        f"funding secured for {years_written(entered(needed))}"
        if needed > 0
        # no minimum: what is missing is the horizon, or a horizon not before the date of
        # judgement ("funding secured for 0 years" was said)
        else "a recorded funding horizon"
        if conditions.funding_secured_until is None
        else "funding secured up to the date of judgement"
    )
    lacking = [
        what
        for what, lacks in (
            ("a champion", not initiative.champion_ids),
            (funding, funded is False),
            ("a recorded urgency of medium or high", urgency not in ("medium", "high")),
        )
        if lacks
    ]
    return PhaseReport(
        phase=phase,
        criteria=criteria,
        preconditions=Preconditions(
            champions=len(initiative.champion_ids),
            funding_years=years,
            urgency=urgency,
            met=met,
            lacking=tuple(lacking) if met is False else (),
        ),
    )
