"""A slow, obviously correct phase (and preconditions) of an initiative, for testing the engine.

It restates, one criterion at a time and with plain loops over the model objects, the rules of

- docs/scoring.md, "The phase": the table of criteria by component and phase, the paragraph
  after it ("Half" is at least ``ceil(n / 2)`` and at least 1; phase I's baseline criterion reads
  the agenda or every indicator, phases II and III the agenda only; *progress reported* counts an
  observation dated after the baseline and after its calendar period, ``baseline_until``; a
  baseline counts once known; *observed after its baseline* is what the measurement tracks, with
  a target, not ``stale`` nor ``series_stale``; a community partner alone in a working group is
  not engaged; *mutually reinforcing* is the condition's score above 0; the core sectors), and
  the preconditions after it (a champion, ``min_funding_years`` of funding after the date of
  judgement, an urgency of ``medium`` or ``high``; ``met`` is ``None`` when only the funding
  cannot be counted);
- docs/scoring.md, "Activities that do not run on the date of judgement": only activities
  running on ``as_of`` count (an activity runs on its first and last day);
- docs/measurement.md, "Time, series and the date of judgement": the date of judgement (the
  argument, else the file's ``as_of``, else the latest observation or baseline), the snapshot
  (observations and baselines dated after it do not exist), the whole-population series (the
  observations without a group), "The baseline is the value of its date, and of its period";
- docs/measurement.md, "Completeness and freshness": ``stale`` (no measurement, or the last
  observation of any group or the baseline older than ``stale_after_periods`` periods of ``m``
  months counted on the calendar, or ``stale_after_days`` days without a frequency, on
  ``as_of``: :func:`reference.stale_on`) and ``series_stale`` (the last whole-population value
  from the baseline on that old on ``as_of``);
- the public docstrings of :mod:`collective_impact.analysis.phases`,
  :meth:`collective_impact.Initiative.champion_ids` (champions are those listed in
  ``conditions.champions`` and the partners with the role ``champion``) and
  :meth:`collective_impact.Conditions.funding_years` (calendar years: ``y`` whole anniversaries,
  29 February becoming 28 February, then the days past the last over the days of that year).

goal_coverage, focus and the mutually-reinforcing-activities score come from
:func:`reference.condition_components`, the reference of the condition sub-measures. Nothing is
taken from the engine but the model objects and the criterion names (its public output), which
key the verdicts here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from collective_impact import Indicator, Initiative
from collective_impact.config import ScoringConfig
from reference import (
    at_least,
    condition_components,
    date_of_judgement,
    stale_on,
    uncovered_goals,
)

__all__ = ["ReferencePhase", "reference_phase"]

#: docs/scoring.md: "The core sectors are government, nonprofit, business, philanthropy and
#: community."
CORE_SECTORS = ("government", "nonprofit", "business", "philanthropy", "community")

#: Months in a reporting period, by frequency (docs/measurement.md).
MONTHS = {"annual": 12, "quarterly": 3, "monthly": 1}


@dataclass
class ReferencePhase:
    """The phase, the verdict of every criterion, and the preconditions.

    Attributes
    ----------
    phase
        0 (``none``) to 3.
    criteria
        ``{(component, phase, name): met}``.
    champions, funding_years, urgency, met, lacking
        The preconditions, as :class:`collective_impact.analysis.phases.Preconditions` has them.
    when
        The date of judgement used.
    """

    phase: int
    criteria: dict[tuple[str, int, str], bool]
    champions: int
    funding_years: float | None
    urgency: str | None
    met: bool | None
    lacking: tuple[str, ...]
    when: dt.date | None


def last_day_of_period(day: dt.date, frequency: str | None) -> dt.date:
    """Return the last day of the calendar month, quarter or year holding ``day`` (``day`` itself
    without a frequency): the baseline's period, ``baseline_until``."""
    if frequency is None:
        return day
    months = MONTHS[frequency]
    # walk forward one day at a time until the next day is in another period
    period = (day.year, (day.month - 1) // months)
    while True:
        following = day + dt.timedelta(days=1)
        if (following.year, (following.month - 1) // months) != period:
            return day
        day = following


def anniversary(day: dt.date, years: int) -> dt.date:
    """``day`` moved by ``years`` calendar years, 29 February becoming 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def funding_years(until: dt.date, when: dt.date) -> float:
    """Calendar years of funding from ``when`` to ``until`` (negative when already over)."""
    y = 0
    while anniversary(when, y + 1) <= until:
        y += 1
    while anniversary(when, y) > until:
        y -= 1
    start, end = anniversary(when, y), anniversary(when, y + 1)
    return y + (until - start).days / (end - start).days


def half(n: int) -> int:
    """ "Half" of ``n`` indicators: at least ``ceil(n / 2)`` and at least 1."""
    return max(1, math.ceil(n / 2))


def as_entered(value: float) -> str:
    """A setting as docs/scoring.md writes it ("The phase"): with the figures it was entered
    with, the fewest from six to twelve significant ones that give it back (to twelve), with
    thousands separated: 1.0000001 is "1.0000001", not "1" beside one year secured."""
    target = float(f"{value:.12g}")
    for digits in range(6, 12):
        if float(f"{target:.{digits}g}") == target:
            return f"{value:,.{digits}g}"
    return f"{value:,.12g}"


def reference_phase(
    initiative: Initiative,
    *,
    as_of: dt.date | None = None,
    config: ScoringConfig | None = None,
) -> ReferencePhase:
    """Judge every criterion of the phase table, the phase and the preconditions.

    Raises
    ------
    ValueError
        When the pathway series does not converge (from :func:`reference.condition_components`).
    """
    cfg = config if config is not None else ScoringConfig()
    when = as_of if as_of is not None else date_of_judgement(initiative)
    judged = initiative.evolve(as_of=when) if when is not None else initiative
    parts = condition_components(judged, cfg)
    goal_coverage = parts["common_agenda"]["goal_coverage"]
    focus = parts["common_agenda"]["focus"]
    mra_score = parts["mutually_reinforcing_activities"]["score"]

    # activities running on the date of judgement (all of them without a date)
    running = []
    for activity in initiative.activities:
        ended = when is not None and activity.end is not None and activity.end < when
        not_started = when is not None and activity.start is not None and activity.start > when
        if not ended and not not_started:
            running.append(activity)

    # the agenda: the indicators some goal lists (goal weights are positive)
    listed = set()
    for goal in initiative.goals:
        for ident in goal.indicators:
            listed.add(ident)
    agenda = [ind for ind in initiative.indicators if ind.id in listed]

    def known(day: dt.date) -> bool:
        return when is None or day <= when

    def has_baseline(ind: Indicator) -> bool:
        return ind.baseline is not None and known(ind.baseline.date)

    def baseline_until(ind: Indicator) -> dt.date:
        assert ind.baseline is not None
        frequency = ind.frequency.value if ind.frequency is not None else None
        return last_day_of_period(ind.baseline.date, frequency)

    def progress(ind: Indicator) -> list:
        """Observations known on the date, dated after the baseline's period (any group)."""
        if not has_baseline(ind):
            return []
        until = baseline_until(ind)
        return [o for o in ind.observations if known(o.date) and o.date > until]

    def tracked(ind: Indicator) -> bool:
        if ind.target is None or not has_baseline(ind):
            return False
        assert ind.baseline is not None
        population = [o for o in progress(ind) if o.group is None]
        if not population:  # no whole-population value after the baseline
            return False
        if when is None:  # freshness undefined: nothing is old
            return True
        months = None if ind.frequency is None else MONTHS[ind.frequency.value]
        # stale: the last measurement (any observation known, or the baseline) too old
        measured = [o.date for o in ind.observations if known(o.date)] + [ind.baseline.date]
        if stale_on(max(measured), when, months, cfg):
            return False
        # series_stale: the last whole-population value from the baseline on too old
        from_baseline = [
            o.date
            for o in ind.observations
            if o.group is None and known(o.date) and o.date >= ind.baseline.date
        ]
        return not stale_on(max(from_baseline), when, months, cfg)

    partners = initiative.partners
    community = [p.id for p in partners if p.sector.value == "community"]
    sectors = []
    for p in partners:
        if p.sector.value in CORE_SECTORS and p.sector.value not in sectors:
            sectors.append(p.sector.value)
    champions = set(initiative.conditions.champions)
    for p in partners:
        if "champion" in [r.value for r in p.roles]:
            champions.add(p.id)
    backbone = initiative.backbone

    def staffed(role: str) -> bool:
        if backbone is None:
            return False
        return any(r.value == role and fte > 0 for r, fte in backbone.staff.items())

    def carried_out(function: str) -> bool:
        if backbone is None:
            return False
        return any(
            f.value == function and level.value in ("partial", "strong")
            for f, level in backbone.functions.items()
        )

    groups_of_two = [w for w in initiative.working_groups if len(set(w.members)) >= 2]
    acting = {p for a in running for p in a.partners}
    in_groups = {p for w in groups_of_two for p in w.members}
    tied = {t.source for t in initiative.ties} | {t.target for t in initiative.ties}
    functions = [
        "guide_vision_and_strategy",
        "support_aligned_activities",
        "establish_shared_measurement",
        "build_public_will",
        "advance_policy",
        "mobilize_funding",
    ]
    baselined_agenda = sum(1 for ind in agenda if has_baseline(ind))
    baselined_all = sum(1 for ind in initiative.indicators if has_baseline(ind))
    reporters = set()
    for ind in agenda:
        for o in progress(ind):
            if o.reported_by:
                reporters.add(o.reported_by)

    c: dict[tuple[str, int, str], bool] = {}
    c["governance", 1, "champions identified"] = bool(champions)
    c["governance", 1, "cross-sector group formed (partners from at least 3 core sectors)"] = (
        len(sectors) >= 3
    )
    c["governance", 2, "backbone created, with a project manager"] = staffed("project_manager")
    c["governance", 2, "processes created (a working group of at least two partners)"] = bool(
        groups_of_two
    )
    c["governance", 3, "facilitation: the backbone has a facilitator"] = staffed("facilitator")
    c["governance", 3, "the backbone carries out at least 4 of its 6 functions"] = (
        sum(1 for f in functions if carried_out(f)) >= 4
    )
    c["strategic_planning", 1, "landscape mapped (running activities recorded)"] = bool(running)
    c["strategic_planning", 1, "data makes the case (a problem statement and a baseline)"] = (
        initiative.problem is not None
        and initiative.problem.strip() != ""
        and any(has_baseline(ind) for ind in initiative.indicators)
    )
    c[
        "strategic_planning",
        2,
        "common agenda: activities help goals carrying half the goal weight directly",
    ] = at_least(goal_coverage, 0.5)
    c[
        "strategic_planning",
        3,
        "implementation aligned: 75% of the effort helps the agenda and every goal covered",
    ] = at_least(focus, 0.75) and bool(judged.goals) and not uncovered_goals(judged)
    c[
        "strategic_planning",
        3,
        "mutually reinforcing: partners' activities reinforce each other, coordinated",
    ] = mra_score > 0
    c["community_involvement", 1, "community outreach (a community partner)"] = bool(community)
    c[
        "community_involvement",
        2,
        "community engaged in activities or working groups of two partners or more",
    ] = any(p in acting or p in in_groups for p in community)
    c["community_involvement", 2, "public will built (the backbone builds public will)"] = (
        carried_out("build_public_will")
    )
    c[
        "community_involvement",
        3,
        "continued engagement (every community partner is tied to others)",
    ] = bool(community) and all(p in tied for p in community)
    c["community_involvement", 3, "advocacy (the backbone advances policy)"] = carried_out(
        "advance_policy"
    )
    c[
        "evaluation",
        1,
        "baseline data analysed (half the agenda indicators, or of all, have a baseline)",
    ] = (bool(agenda) and baselined_agenda >= half(len(agenda))) or (
        bool(initiative.indicators) and baselined_all >= half(len(initiative.indicators))
    )
    c["evaluation", 2, "shared metrics established (half have baseline and target)"] = bool(
        agenda
    ) and sum(1 for ind in agenda if has_baseline(ind) and ind.target is not None) >= half(
        len(agenda)
    )
    c["evaluation", 2, "a data manager is staffed"] = staffed("data_manager")
    c[
        "evaluation",
        3,
        "progress tracked (half have a target and a recent whole-population value "
        "after their baseline's date or reporting period)",
    ] = bool(agenda) and sum(1 for ind in agenda if tracked(ind)) >= half(len(agenda))
    c["evaluation", 3, "progress reported by at least 2 partners"] = len(reporters) >= 2

    phase = 0
    for level in (1, 2, 3):
        if all(met for (_, p, _), met in c.items() if p == level):
            phase = level
        else:
            break

    # the preconditions
    conditions = initiative.conditions
    urgency = conditions.urgency.value if conditions.urgency is not None else None
    until = conditions.funding_secured_until
    years = funding_years(until, when) if until is not None and when is not None else None
    if until is None:
        funded: bool | None = False
    elif years is None:
        funded = None
    else:
        funded = at_least(years, cfg.min_funding_years)
    others = bool(champions) and urgency in ("medium", "high")
    if others and funded is None:
        met: bool | None = None
    else:
        met = others and bool(funded)
    lacking = []
    if met is False:
        if not champions:
            lacking.append("a champion")
        if funded is False:
            needed = as_entered(cfg.min_funding_years)
            if cfg.min_funding_years > 0:
                lacking.append(f"funding secured for {needed} year{'' if needed == '1' else 's'}")
            elif until is None:
                lacking.append("a recorded funding horizon")
            else:
                lacking.append("funding secured up to the date of judgement")
        if urgency not in ("medium", "high"):
            lacking.append("a recorded urgency of medium or high")
    return ReferencePhase(
        phase=phase,
        criteria=c,
        champions=len(champions),
        funding_years=years,
        urgency=urgency,
        met=met,
        lacking=tuple(lacking),
        when=when,
    )
