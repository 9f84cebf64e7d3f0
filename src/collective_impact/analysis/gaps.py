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
``no-common-agenda``                      common agenda               critical: no goal is
                                                                      recorded
``off-agenda-activity``                   common agenda               info; warning when it
                                                                      contributes to nothing
                                                                      (none without a goal)
``unengaged-partners``                    common agenda               info: partners in no
                                                                      running activity that
                                                                      helps the agenda on
                                                                      balance
``harmful-activity``                      mutually reinforcing        it harms an agenda
                                                                      indicator; warning when
                                                                      its net total effect on
                                                                      the agenda is not
                                                                      positive (negative, or
                                                                      its harm cancels its
                                                                      help), info when it
                                                                      stays positive
``no-shared-work``                        mutually reinforcing        warning: no two partners'
                                                                      activities reinforce each
                                                                      other (sum of R 0)
``broken-pathway``                        mutually reinforcing        warning
``duplication``                           mutually reinforcing        one per cluster of
                                                                      activities linked by
                                                                      redundant pairs; warning
                                                                      when a pair's coordination
                                                                      without the backbone's
                                                                      brokerage < ``weak_tie``,
                                                                      else info
``conflicting-activities``                mutually reinforcing        warning when conflict is
                                                                      >= ``conflict_warning_share``
                                                                      of the activity's joint
                                                                      work (d + its own push)
                                                                      with those it works
                                                                      against, else info
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
                                                                      from the baseline's
                                                                      period on (before it:
                                                                      history)
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
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse import csgraph

from .._text import (
    amount,
    amount_apart,
    entered,
    falls_back_so_far,
    figure_so_far,
    first_names,
    forecast_words,
    isolated,
    left_out_words,
    met_before,
    met_late_dates,
    only_baseline_words,
    p_value_text,
    percent_apart,
    period_words,
    plural,
    target_passed,
    years_written,
)
from ..config import ScoringConfig
from ..errors import listed
from ..model import (
    BackboneFunction,
    FrozenMap,
    FunctionLevel,
    Indicator,
    Initiative,
    Role,
    Sector,
    StaffRole,
)
from ._arrays import ModelArrays, ReadOnlyArrays, _grouped
from ._tolerance import (
    FLOAT_NOISE,
    THRESHOLD_TOLERANCE,
    at_least,
    below,
    exceeds,
    negative,
    positive,
    rank_groups,
)
from .conditions import (
    PartnerReports,
    _partners_of,
    agenda_helpers,
    backbone_positions,
    engagement_base,
    prepared_partner_reports,
)
from .measurement import IndicatorMeasurement, IndicatorStatus, in_measured_period
from .network import _tie_arrays, cut_points
from .prepared import Prepared, prepare
from .reinforcement import PartnerGapTable, Reinforcement, _reinforcement
from .reinforcement import coordination as pair_coordination
from .running import NotRunning, activity_position

__all__ = [
    "CODE_LABELS",
    "CODE_TIERS",
    "GAP_CODES",
    "Condition",
    "ConflictPairs",
    "DuplicationPairs",
    "Gap",
    "Severity",
    "conflict_pairs",
    "detect_gaps",
    "duplication_pairs",
    "gap_impact",
    "gap_key",
    "gap_roles",
    "harm_balance",
    "lead_coordination",
]


class Severity(enum.StrEnum):
    """How urgent a gap is: ``critical`` > ``warning`` > ``info``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> result.gaps[0].severity
    <Severity.WARNING: 'warning'>
    >>> len(result.gaps_by(severity="warning")), len(result.gaps_by(severity=Severity.INFO))
    (29, 5)
    """

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for critical, 1 for warning, 2 for info (the sort order of reports)."""
        return {"critical": 0, "warning": 1, "info": 2}[self.value]


class Condition(enum.StrEnum):
    """The five conditions of collective impact, plus its preconditions.

    Examples
    --------
    Every gap belongs to one condition; counting an assessment's gaps by condition shows where
    the initiative is weakest:

    >>> import collections
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> collections.Counter(gap.condition.value for gap in result.gaps).most_common(2)
    [('shared_measurement', 19), ('mutually_reinforcing_activities', 6)]
    >>> Condition("preconditions") is Condition.PRECONDITIONS
    True
    """

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
        "no-common-agenda": Condition.COMMON_AGENDA,
        "unengaged-partners": Condition.COMMON_AGENDA,
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


#: What each gap code puts at stake, most first: the resources of the whole effort, its results
#: and their equity, the alignment of the work, the network, the backbone and the preconditions,
#: then reporting and bookkeeping (the second part of :attr:`Gap.sort_key`).
CODE_TIERS: tuple[tuple[str, ...], ...] = (
    ("short-funding", "missing-backbone"),
    ("off-track-indicator", "widening-disparity", "harmful-activity"),
    (
        "no-common-agenda",
        "uncovered-goal",
        "uncoordinated-interdependence",
        "conflicting-activities",
    ),
    ("no-shared-work", "duplication", "broken-pathway", "uncovered-indicator"),
    ("fragmented-network", "single-point-of-failure", "isolated-partner"),
    ("backbone-staff-gap", "no-champion", "missing-sector"),
    ("unmeasured-indicator", "non-reporting-partner"),
    ("unengaged-partners", "off-agenda-activity", "backbone-function-gap"),
)
#: Position of each code in the tiers, read in order (a code not listed comes last).
_CODE_RANK: dict[str, int] = {
    code: n for n, code in enumerate(code for tier in CODE_TIERS for code in tier)
}
#: The codes about an indicator's results, weighed by its share of the agenda's goal weight
#: (:func:`_goal_share_evidence`, :func:`_by_goal_share`) and, on an indicator of no goal, put
#: after every code of their severity (:attr:`Gap.sort_key`): a programme's own measure is not
#: the agenda's result.
_GOAL_WEIGHED = frozenset({"off-track-indicator", "widening-disparity"})


def _goal_share_evidence(
    goal_weight: NDArray[np.float64],
) -> Callable[[int | None], dict[str, float]]:
    r"""Return a function giving the goal-weight evidence of an indicator, by its position.

    ``goal_weight`` (:math:`g(i)`, 0 on no goal), ``agenda_weight`` (:math:`\sum_j g(j)`) and
    ``weights_differ`` (1 when the agenda indicators' :math:`g` differ): what the gaps of
    :data:`_GOAL_WEIGHED` are ranked by (:func:`_by_goal_share`). The sum is taken once.

    Parameters
    ----------
    goal_weight
        :math:`g(i)` of every indicator, in the order of the positions.

    Returns
    -------
    callable
        ``evidence(position)``; ``None`` (an indicator not in the arrays) weighs 0.
    """
    weights = np.asarray(goal_weight, dtype=np.float64)
    total = math.fsum(weights.tolist())
    on_agenda = weights[weights > 0]
    differ = float(on_agenda.size > 0 and bool((on_agenda != on_agenda[0]).any()))

    def evidence(position: int | None) -> dict[str, float]:
        weight = 0.0 if position is None else float(weights[position])
        return {"goal_weight": weight, "agenda_weight": total, "weights_differ": differ}

    return evidence


def _by_goal_share(
    size: float, words: Callable[[], str], e: Mapping[str, float]
) -> tuple[float, Callable[[], str]]:
    r"""Weigh the size of a gap of :data:`_GOAL_WEIGHED` by its indicator's share of the agenda.

    The size times :math:`g(i) / \sum_j g(j)`: a shortfall (or a widening) on a goal weighted
    10 before a larger one on a goal weighted 0.01. The words add the goal weight when the
    agenda's weights differ (when they are equal the order is the size's, and the words would
    say nothing). Without a goal weight (an indicator of no goal, a gap built by hand), the
    size as it is.
    """
    weight, total = e.get("goal_weight", 0.0), e.get("agenda_weight", 0.0)
    if not (weight > 0 and total > 0):
        return size, words

    def weighed() -> str:
        said = words()
        if e.get("weights_differ"):
            said += f" (goal weight {amount(weight, 6)})"
        return said

    return size * (weight / total), weighed


def gap_impact(gap: Gap) -> tuple[float, str]:
    """Return the size of a gap's evidence in its code's own unit, and that size in words.

    Years of funding missing, the share of the way to the target still to go, the share of the
    alignment index lost, partners cut off...: a number a reader understands, compared only
    between gaps of one code (by :attr:`Gap.sort_key`).

    Parameters
    ----------
    gap
        Any gap.

    Returns
    -------
    tuple of (float, str)
        The size (larger is worse) and a short phrase saying it.

    Examples
    --------
    >>> gap = _gap("short-funding", Severity.WARNING, [], {"years_secured": 0.7,
    ...            "min_years": 2.0}, "Secure funding.")
    >>> gap_impact(gap)
    (1.3, '0.7 years of funding left, 2 needed')
    """
    size, words = _impact(gap)
    return size, words()


def _figure_period(day: dt.date, frequency: str | None) -> dict[str, float]:
    """Return the calendar period holding ``day`` as gap evidence, in numbers.

    ``figure_year``, with ``figure_quarter`` (1 to 4) or ``figure_month`` (1 to 12); none
    without a ``frequency``.

    >>> import datetime as dt
    >>> _figure_period(dt.date(2025, 8, 15), "quarterly")
    {'figure_year': 2025.0, 'figure_quarter': 3.0}
    >>> _figure_period(dt.date(2025, 8, 15), None)
    {}
    """
    if frequency is None:
        return {}
    figure = {"figure_year": float(day.year)}
    if frequency == "quarterly":
        figure["figure_quarter"] = float((day.month - 1) // 3 + 1)
    elif frequency == "monthly":
        figure["figure_month"] = float(day.month)
    return figure


def _figure_of(e: Mapping[str, float]) -> str:
    """`` of 2025's figure`` from :func:`_figure_period`'s evidence, else ``""``."""
    if "figure_year" not in e:
        return ""
    year = int(e["figure_year"])
    if "figure_quarter" in e:
        day, frequency = dt.date(year, 3 * int(e["figure_quarter"]) - 2, 1), "quarterly"
    elif "figure_month" in e:
        day, frequency = dt.date(year, int(e["figure_month"]), 1), "monthly"
    else:
        day, frequency = dt.date(year, 1, 1), "annual"
    return f" of {period_words(day, frequency)}'s figure"


def _impact(gap: Gap) -> tuple[float, Callable[[], str]]:
    """Return a gap's size (:func:`gap_impact`) and a function that says it in words.

    The words are formatted only when asked for: ordering gaps needs only the size.
    """
    e = gap.evidence
    code = gap.code
    if code == "short-funding":
        if "years_secured" not in e:
            return e.get("min_years", 0.0), lambda: "no funding horizon recorded"
        years = e["years_secured"]
        return (
            e["min_years"] - years,
            lambda: (
                f"{amount_apart(years, e['min_years'], 2)} {_years(years)} of funding left, "
                f"{entered(e['min_years'])} needed"
                if years > 0
                else f"funding ended {amount(-years, 2)} {_years(-years)} ago, "
                f"{entered(e['min_years'])} needed"
                if years < 0
                else f"no funding left, {entered(e['min_years'])} needed"
            ),
        )
    if code == "off-track-indicator":
        done = e.get("progress")

        def progress() -> str:
            # the size, the way still to go (the gaps are ranked by it, largest first: "24% of
            # the way" ran smallest first beside the heading); more than all of it when the
            # indicator moved away from the target, not shown as 100 %; a little of it when
            # nearly there, not shown as 0 %
            short = f"{percent_apart(1.0 - done, 0.0, 1.0)}" if done is not None else ""
            words = (
                []
                if done is None
                else [
                    # the target date has passed: a shortfall, not a way still to go
                    f"short of the target by {short} of the way from baseline to target"
                    if e.get("target_passed")
                    else f"{short} of the way from baseline to target still to go"
                ]
            )
            if words and done is not None and done < 0:
                words[0] += f" (it moved {percent_apart(-done, 0.0)} of it back)"
            if "forecast" in e:
                # with a frequency, of the target period's figure: "forecast 75" beside a
                # target for 31 December read as the line on that day
                words.append(
                    f"forecast{_figure_of(e)} {_beside_target(e['forecast'], e['target'])} "
                    f"against a target of {entered(e['target'])}"
                )
            return "; ".join(words) or "no progress measured yet"

        # weighed by the indicator's share of the agenda's goal weight, g(i) / sum of g
        return _by_goal_share(1.0 if done is None else 1.0 - done, progress, e)
    if code == "widening-disparity":
        # the growth relative to the gap, a share a year: the same in any unit of the
        # indicator (the growth itself ranked a percentage above a proportion, whatever their
        # gaps did)
        # ... weighed by the indicator's share of the agenda's goal weight, as off track is
        gap_now, trend = e.get("gap", 0.0), e.get("trend_per_year", 0.0)
        relative = trend / gap_now if gap_now > 0 else math.inf if trend > 0 else 0.0
        return _by_goal_share(
            relative,
            lambda: (
                f"gap of {amount(gap_now)} growing by {amount(trend)}"
                + (f" ({percent_apart(relative, 0.0)} of it)" if gap_now > 0 else "")
                + " a year"
            ),
            e,
        )
    if code == "harmful-activity":
        # the net effect, most against the agenda first: a note's is positive, and a help
        # cancelled by harm is 0 (not the sign its rounding left)
        balance = harm_balance(gap)
        net = 0.0 if balance == "cancelled" else e.get("net_effect", 0.0)
        harmed = f"{plural(e.get('indicators_harmed', 0.0), 'indicator')} harmed"
        harm, help_ = e.get("harm", 0.0), e.get("help", 0.0)
        return (
            -net,
            lambda: (
                f"net effect {amount(net)} on the weighted agenda, {harmed}"
                if balance == "against"
                else f"help {amount(help_)} on the weighted agenda cancelled by harm, {harmed}"
                if balance == "cancelled"
                else f"harm {amount_apart(harm, help_)} on the weighted agenda, net effect "
                f"{amount(net)}, {harmed}"
            ),
        )
    if code == "uncoordinated-interdependence":
        return (
            e.get("share", 0.0),
            lambda: f"alignment index lowered by {amount(e.get('share', 0.0))}",
        )
    if code == "conflicting-activities":
        return (
            e.get("conflict", 0.0),
            lambda: (
                # not "50%" for 0.498, below the warning threshold, nor "100%" for 0.996
                f"{_conflict_share(e.get('conflict_share', 0.0), e.get('warning_share'))} of "
                "the joint work in conflict, with "
                f"{plural(e.get('activities', 0.0), 'activity', 'activities')}"
            ),
        )
    if code == "duplication":
        n, weak = e.get("pairs", 1.0), e.get("uncoordinated_pairs", 0.0)
        brokered = e.get("brokered_pairs", 0.0)
        return (
            e.get("duplication", 0.0),
            lambda: (
                f"{plural(e.get('activities', 2.0), 'activity', 'activities')} of "
                f"{plural(e.get('partners', 2.0), 'partner')}, up to "
                # 1 means exact duplicates: 0.99984 is "99.98%", not "100%"
                f"{percent_apart(e.get('redundancy', 0.0), 1.0)} redundancy, {weak:g} of "
                f"{plural(n, 'pair')} barely coordinated"
                + (f" ({brokered:g} only through the backbone)" if brokered else "")
            ),
        )
    if code == "uncovered-goal":
        return e.get("weight", 0.0), lambda: f"goal weight {amount(e.get('weight', 0.0))}"
    if code == "uncovered-indicator":
        return e.get("goal_weight", 0.0), lambda: f"goal weight {amount(e.get('goal_weight', 0.0))}"
    if code == "single-point-of-failure":
        cut = e.get("partners_cut_off", 0.0)
        return cut, lambda: f"{plural(cut, 'partner')} cut off without it"
    if code == "fragmented-network":
        parts = e.get("components", 0.0)
        return parts, lambda: f"{plural(parts, 'separate group')}"
    if code == "non-reporting-partner":
        n = e.get("aligned_activities", 0.0)
        return n, lambda: f"{plural(n, 'agenda activity', 'agenda activities')} unreported"
    if code == "backbone-staff-gap":
        unstaffed = sum(1.0 for v in e.values() if v <= 0)
        return unstaffed, lambda: f"{plural(unstaffed, 'role')} unstaffed of {len(e)}"
    if code == "unmeasured-indicator":
        missing = [what for what in ("baseline", "target") if e.get(f"has_{what}", 1.0) == 0]

        def words(observed: str) -> str:
            return ", ".join([*(f"no {what}" for what in missing), observed])

        if "days_since_observation" in e:
            days = e["days_since_observation"]
            # with no observation, the last measurement is the baseline: "last measured"
            # beside "observations: 0" read as a contradiction
            by = " (its baseline)" if e.get("observations", 1.0) == 0 else ""
            when = (
                "on the date of judgement"  # "0 days before" read as a misprint
                if round(days) == 0
                else f"{plural(days, 'day')} before the date of judgement"
            )
            return days, lambda: words(f"last measured{by} {when}")
        # a baseline is a value observed once (a one-off study): "never observed" beside it
        # contradicted the completeness that counts its period
        baseline = e.get("has_baseline", 0.0) == 1.0
        return math.inf, lambda: words(
            "not observed since its baseline" if baseline else "never observed"
        )
    if code == "isolated-partner":
        return 1.0, lambda: "no tie to any partner"
    if code == "no-common-agenda":
        return 0.0, lambda: "no goal recorded, so no agenda to work towards"
    if code == "unengaged-partners":
        partners, out = e.get("partners", 0.0), e.get("unengaged", 0.0)
        cancelled = e.get("cancelled", 0.0)
        return (
            out / partners if partners else 0.0,
            lambda: (
                f"{amount(out)} of {plural(partners, 'partner')} in no agenda work"
                if not cancelled
                else f"{amount(out)} of {plural(partners, 'partner')} in no agenda work that "
                f"helps on balance ({amount(cancelled)} whose help harm cancels)"
            ),
        )
    if code == "off-agenda-activity":
        return (
            1.0 - e.get("contributions", 0.0),
            lambda: (
                "contributes to nothing"
                if e.get("contributions", 0.0) == 0
                # it lists agenda indicators, whose effects its own pathways cancel: "only
                # outside the agenda" was said of it (a reviewer)
                else f"its direct effects on {plural(e['agenda_indicators'], 'agenda indicator')}"
                " cancelled along pathways"
                if e.get("agenda_indicators", 0.0) > 0
                else "contributes only outside the agenda"
            ),
        )
    # the codes below have no size to rank by (one gap each, or all alike): 0, as before
    if code == "no-shared-work":
        leads = e.get("lead_partners", 0.0)
        return (
            0.0,
            lambda: (
                f"{plural(e.get('agenda_activities', 0.0), 'agenda activity', 'agenda activities')}"
                f" led by {plural(leads, 'partner')}, none reinforcing another partner's"
            ),
        )
    if code == "broken-pathway":
        # "no activity on this stage" was said of a stage activities work on whose help and
        # harm cancel (a reviewer): not helped on balance is true of both
        return 0.0, lambda: "this stage not helped on balance, between covered stages"
    if code == "missing-backbone":
        named = gap.subjects  # partners with the role, but no record of staff and functions
        if named:
            verb = "has" if len(named) == 1 else "have"
            return (
                0.0,
                lambda: (
                    f"{listed([repr(p) for p in named])} {verb} the role 'backbone', but no "
                    "backbone record"
                ),
            )
        return 0.0, lambda: "no organisation coordinates the work"
    if code == "missing-sector":
        return 0.0, lambda: "no partner from this sector"
    if code == "no-champion":
        return 0.0, lambda: "no influential champion named"
    if code == "backbone-function-gap":
        # the function's words from the key only when asked for: ordering needs the size alone
        return 1.0 - e.get(
            "level", 0.0
        ), lambda: f"the backbone does not {(gap.primary or ('function',))[0].replace('_', ' ')}"
    return 0.0, lambda: ", ".join(
        f"{k.replace('_', ' ')} {amount(v)}" for k, v in sorted(e.items())
    )


#: Each gap code in plain words: (one gap, several gaps), for lines a director reads.
CODE_LABELS: Mapping[str, tuple[str, str]] = FrozenMap(
    {
        "uncovered-indicator": (
            "agenda indicator no activity helps",
            "agenda indicators no activity helps",
        ),
        "uncovered-goal": ("goal no activity helps", "goals no activity helps"),
        "off-agenda-activity": (
            "activity off the common agenda",
            "activities off the common agenda",
        ),
        "no-common-agenda": ("no common agenda", "no common agenda"),
        # "that helps it": a partner whose own harm cancels its help takes part in agenda
        # work, but in none that helps
        "unengaged-partners": (
            "partners taking part in no work that helps the agenda",
            "partners taking part in no work that helps the agenda",
        ),
        # harm to an agenda indicator, whether or not it outweighs the activity's help
        "harmful-activity": (
            "activity harming the agenda",
            "activities harming the agenda",
        ),
        "no-shared-work": (
            "no reinforcing work between partners",
            "no reinforcing work between partners",
        ),
        "unmeasured-indicator": (
            "agenda indicator whose progress is not measured, or not lately",
            "agenda indicators whose progress is not measured, or not lately",
        ),
        "non-reporting-partner": (
            "partner in agenda activities reports no measurement since the baseline",
            "partners in agenda activities report no measurement since the baseline",
        ),
        "off-track-indicator": (
            "indicator off track or at risk",
            "indicators off track or at risk",
        ),
        "widening-disparity": ("widening gap between groups", "widening gaps between groups"),
        "duplication": (
            "cluster of activities duplicating each other",
            "clusters of activities duplicating each other",
        ),
        "conflicting-activities": (
            "activity pushing against others",
            "activities pushing against others",
        ),
        "uncoordinated-interdependence": (
            "pair of partners whose work depends on each other but who are not tied or only "
            "weakly tied",
            "pairs of partners whose work depends on each other but who are not tied or only "
            "weakly tied",
        ),
        "broken-pathway": ("break in an indicator pathway", "breaks in indicator pathways"),
        "isolated-partner": ("partner with no tie to anyone", "partners with no tie to anyone"),
        "fragmented-network": ("network in separate parts", "network in separate parts"),
        "single-point-of-failure": (
            "partner whose loss would split the network",
            "partners whose loss would split the network",
        ),
        # "on record": a partner may have the role ``backbone`` without the record (its gap
        # then names it), which "no backbone organisation" contradicted beside its message
        "missing-backbone": (
            "no backbone organisation on record",
            "no backbone organisation on record",
        ),
        "backbone-staff-gap": ("backbone role unstaffed", "backbone roles unstaffed"),
        "backbone-function-gap": (
            "backbone function not carried out",
            "backbone functions not carried out",
        ),
        "missing-sector": ("sector not among the partners", "sectors not among the partners"),
        "no-champion": ("no champion recorded", "no champion recorded"),
        "short-funding": ("funding not secured for long enough", "funding too short"),
    }
)


#: What the ids of each role of a gap's key (:func:`gap_key`) name: a partner, an indicator,
#: an activity, a goal, a backbone function or a sector value.
_ROLE_KINDS: Mapping[str, str] = FrozenMap(
    {
        "partner": "partner",
        "partners": "partner",
        "backbone": "partner",
        "indicator": "indicator",
        "activity": "activity",
        "activities": "activity",
        "pushing": "activity",
        "goal": "goal",
        "function": "function",
        "sector": "sector",
    }
)


def gap_roles(key: str) -> dict[str, tuple[str, ...]]:
    """Return the roles of a gap and their ids, read back from its :func:`gap_key`.

    Parameters
    ----------
    key
        A gap's key (:attr:`Gap.key`), such as ``"isolated-partner(partner=library)"``.

    Returns
    -------
    dict
        ``{role: ids}`` in the order the key lists the roles, each id unescaped (``%2C`` read
        back as ``,``...); empty for a gap without roles.

    Examples
    --------
    >>> gap_roles("uncoordinated-interdependence(partners=p+q)")
    {'partners': ('p', 'q')}
    >>> gap_roles("backbone-function-gap(backbone=B, function=convening)")
    {'backbone': ('B',), 'function': ('convening',)}
    >>> gap_roles("no-champion()")
    {}
    """
    inside = key[key.index("(") + 1 : -1]
    out: dict[str, tuple[str, ...]] = {}
    for part in inside.split(", ") if inside else ():
        role, _, ids = part.partition("=")
        out[role] = tuple(map(_unescape, ids.split("+")))
    return out


#: Characters of an id that would be read as the key's own punctuation, and their escapes.
_KEY_ESCAPES = {"%": "%25", "+": "%2B", ",": "%2C", "=": "%3D", "(": "%28", ")": "%29"}
_KEY_SPECIAL = re.compile(r"[%+,=()]")
_KEY_ESCAPED = re.compile(r"%(25|2B|2C|3D|28|29)")
_KEY_UNESCAPES = {escape[1:]: char for char, escape in _KEY_ESCAPES.items()}


def _escape(identifier: str) -> str:
    """Write ``identifier`` in a key: ``%``, ``+``, ``,``, ``=``, ``(`` and ``)`` escaped."""
    if _KEY_SPECIAL.search(identifier) is None:
        return identifier
    return _KEY_SPECIAL.sub(lambda m: _KEY_ESCAPES[m.group()], identifier)


def _unescape(text: str) -> str:
    """Read an id back from a key (:func:`_escape`)."""
    if "%" not in text:
        return text
    return _KEY_ESCAPED.sub(lambda m: _KEY_UNESCAPES[m.group(1)], text)


def _sorted_ids(subjects: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(subjects))


def _evidence(values: Mapping[str, float]) -> FrozenMap[str, float]:
    return FrozenMap({k: float(v) for k, v in values.items()})


RoleIds = str | Iterable[str]


def gap_key(code: str, roles: Mapping[str, RoleIds] | None = None) -> str:
    """Return the stable identity of a gap: its code and the ids in each of its roles.

    ``roles`` maps a role name to an id or to several (sorted, joined by ``+``); roles keep
    their given order. An id's own ``%``, ``+``, ``,``, ``=``, ``(`` and ``)`` are escaped
    (``%2B``...), so that a partner called ``Smith, Jones`` or an activity ``reading+math`` is
    read back whole by :func:`gap_roles`. Two gaps of one assessment never share a key, and
    the same situation in two assessments (snapshots, what-ifs) gives the same key, so
    :meth:`Assessment.diff` can match them.

    Parameters
    ----------
    code
        The gap's code (:data:`GAP_CODES`).
    roles
        ``{role: id or ids}``, in the order the key lists them.

    Returns
    -------
    str
        ``code(role=ids, ...)``.

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (the conditions the codes belong to).

    Examples
    --------
    >>> gap_key("uncoordinated-interdependence", {"partners": ["q", "p"]})
    'uncoordinated-interdependence(partners=p+q)'
    >>> gap_key("conflicting-activities", {"pushing": "x"})
    'conflicting-activities(pushing=x)'
    >>> gap_key("no-champion")
    'no-champion()'
    >>> gap_key("isolated-partner", {"partner": "Smith, Jones"})
    'isolated-partner(partner=Smith%2C Jones)'
    >>> gap_roles(gap_key("duplication", {"activities": ["reading+math", "a"]}))
    {'activities': ('a', 'reading+math')}
    """
    parts = []
    for role, ids in (roles or {}).items():
        text = _escape(ids) if isinstance(ids, str) else "+".join(map(_escape, sorted(ids)))
        parts.append(f"{role}={text}")
    return f"{code}({', '.join(parts)})"


@attrs.frozen(kw_only=True)
class Gap:
    """One coordination gap.

    Attributes
    ----------
    key
        Its stable identity (:func:`gap_key`): the code and the ids in each role, e.g.
        ``conflicting-activities(pushing=x)``; unique within an assessment and the
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

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> gap = result.gaps[0]  # the most urgent comes first
    >>> gap.key, gap.condition.value, gap.severity.value
    ('short-funding()', 'preconditions', 'warning')
    >>> dict(gap.evidence)
    {'years_secured': 0.7479452054794521, 'min_years': 2.0}
    >>> print(gap.message)
    Funding is secured for 0.75 years after 2026-09-30, less than 2; secure multi-year funding.
    """

    key: str
    code: str
    condition: Condition
    severity: Severity
    subjects: tuple[str, ...] = attrs.field(converter=_sorted_ids)
    evidence: FrozenMap[str, float] = attrs.field(converter=_evidence)
    message: str

    @property
    def label(self) -> str:
        """The gap's kind in plain words (:data:`CODE_LABELS`)."""
        return CODE_LABELS[self.code][0]

    @property
    def primary(self) -> tuple[str, ...]:
        """The ids of what the gap is about, telling it from the others of its code.

        The ids of the last role of its key (empty for none): the only role of every code but
        ``backbone-function-gap``, whose function tells its gaps apart (their backbone is the
        same), so a report lists "convening, mobilize_funding", not the backbone twice.
        """
        roles = gap_roles(self.key)
        return next(reversed(roles.values()), ())

    @property
    def primary_kind(self) -> str:
        """What :attr:`primary` names, a kind of thing.

        ``"partner"``, ``"indicator"``, ``"activity"``, ``"goal"``, ``"function"`` (a backbone
        function), ``"sector"``, or ``""`` for a gap without ids (or of a role not known).

        Examples
        --------
        >>> import collective_impact as ci
        >>> gaps = ci.assess(ci.load_example("cradle-to-career")).gaps
        >>> sorted({(g.code, g.primary_kind) for g in gaps})[:2]
        [('backbone-function-gap', 'function'), ('backbone-staff-gap', 'partner')]
        """
        roles = gap_roles(self.key)
        # a key of a role this version does not know (a Gap built by hand): no kind
        return _ROLE_KINDS.get(next(reversed(roles)), "") if roles else ""

    @property
    def primary_words(self) -> tuple[str, ...]:
        """:attr:`primary` as a person reads it: a backbone function in words.

        ``("establish shared measurement",)``, not ``("establish_shared_measurement",)``;
        every other code's ids as they are.
        """
        if self.code == "backbone-function-gap":
            return tuple(i.replace("_", " ") for i in self.primary)
        return self.primary

    @property
    def impact(self) -> float:
        """The size of the gap's evidence in its code's own unit (:func:`gap_impact`)."""
        return _impact(self)[0]

    @property
    def impact_text(self) -> str:
        """The size of the gap in words a reader understands (:func:`gap_impact`)."""
        return gap_impact(self)[1]

    @property
    def sort_key(self) -> tuple[int, int, float, str]:
        """The order of every report: first things first.

        Severity (critical first), then what the code puts at stake (:data:`CODE_TIERS`: the
        resources of the effort, its results and their equity, the alignment of the work, the
        network, the backbone and the preconditions, then reporting and bookkeeping; an
        ``off-track-indicator`` or ``widening-disparity`` gap of an indicator on no goal after
        every code, those two in this order), then the size of the evidence (:attr:`impact`,
        largest first; compared only within a code), then the key.

        This is the order up to the grouping of sizes: :func:`detect_gaps` (and every report)
        groups the sizes of each severity and code (:func:`~._tolerance.rank_groups`: sorted,
        neighbours within a relative :math:`10^{-12}` of the larger, chained), so that sizes
        equal but for rounding (the same terms summed in another order, which renaming ids can
        change) tie and the key decides; sorting by this key alone lets their last bit decide.
        """
        return (*self._tier(), -self.impact, self.key)

    def _tier(self) -> tuple[int, int]:
        """Return the severity's rank and the code's rank: :attr:`sort_key` before the size."""
        rank = _CODE_RANK.get(self.code, len(_CODE_RANK))
        if self.code in _GOAL_WEIGHED and self.evidence.get("goal_weight", 1.0) == 0:
            # an indicator of no goal: after the agenda's concerns, each code apart (sizes in
            # two units are never compared)
            rank += len(_CODE_RANK) + 1
        return (self.severity.rank, rank)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{key, code, condition, severity, subjects, evidence, message}``, JSON-safe.

        Returns
        -------
        dict of str to object
            The attributes by name, with ``condition`` and ``severity`` as their string values,
            ``subjects`` as a list of ids and ``evidence`` as a ``dict`` of floats.

        Examples
        --------
        >>> import collective_impact as ci
        >>> gap = detect_gaps(ci.load_example("workforce"))[0]
        >>> data = gap.to_dict()
        >>> data["key"], data["condition"], data["severity"], data["subjects"]
        ('short-funding()', 'preconditions', 'critical', [])
        >>> data["evidence"]
        {'years_secured': 0.0, 'min_years': 2.0}
        """
        return {
            "key": self.key,
            "code": self.code,
            "condition": self.condition._value_,  # the value, without the enum's descriptor
            "severity": self.severity._value_,
            "subjects": list(self.subjects),
            "evidence": self.evidence.to_dict(),  # copied in C, not read key by key
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


# --------------------------------------------------------------------------- common agenda


def _agenda_gaps(
    initiative: Initiative,
    idx: ModelArrays,
    total: sp.csr_array,
    records: Sequence[IndicatorMeasurement],
) -> list[Gap]:
    gaps: list[Gap] = []
    # a baseline and a target known on the date of judgement, as the phases read them
    measured_on_the_date = {
        m.indicator for m in records if m.baseline is not None and m.target is not None
    }
    g = idx.goal_weight
    direct = idx.directly_covered
    net_direct = np.asarray(idx.contributions.sum(axis=0), dtype=np.float64).reshape(-1)
    scale_direct = np.asarray(abs(idx.contributions).sum(axis=0), dtype=np.float64).reshape(-1)
    touched = np.bincount(idx.contributions.indices, minlength=g.size) > 0
    reach = np.asarray(total.sum(axis=0), dtype=np.float64).reshape(-1)
    # reached through pathways: the total effects add up to help beyond rounding (help and
    # harm that cancel on paper are no reach, whatever order they are summed in)
    reach_scale = np.asarray(abs(total).sum(axis=0), dtype=np.float64).reshape(-1)
    reached = np.asarray(positive(reach, reach_scale), dtype=np.bool_)
    for i in np.flatnonzero((g > 0) & ~direct).tolist():
        ind = initiative.indicators[i]
        through = bool(reached[i])
        outweighed = bool(touched[i])
        # help through pathways is said beside the direct harm: the total effect is in the
        # evidence, and "harm outweighs help" alone would contradict a positive one
        pathways = (
            f", though it is helped through pathways (total effect {amount(reach[i])})"
            if through
            else ""
        )
        if outweighed:
            advice = (
                f" — {_net_direct_effect(net_direct[i], scale_direct[i])}{pathways}; change the "
                "activities that push it the wrong way."
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
                (
                    "The activities working directly on agenda indicator "
                    f"{_labelled(ind.id, ind.name)} do not help it on balance"
                    if outweighed
                    else "No activity helps agenda indicator "
                    f"{_labelled(ind.id, ind.name)} directly"
                )
                + advice,
                {"indicator": ind.id},
            )
        )
    for goal, covered in zip(initiative.goals, idx.goals_covered(initiative.goals), strict=True):
        if covered:
            continue
        positions = [idx.indicator_pos[i] for i in goal.indicators]
        through = any(reached[p] for p in positions)
        # some activity works on its indicators, but harm outweighs (or cancels) the help
        harmed = any(touched[p] for p in positions)
        gaps.append(
            _gap(
                "uncovered-goal",
                Severity.WARNING if through else Severity.CRITICAL,
                [goal.id],
                {"weight": goal.weight, "indicators": len(positions)},
                f"No activity helps goal {_labelled(goal.id, goal.statement.strip())} directly"
                + (
                    "; give it indicators and activities."
                    if not positions
                    else ": the work on its indicators does not help them on balance"
                    + (", though pathways help them" if through else "")
                    + "; change the activities that push them the wrong way."
                    if harmed
                    else "; start or align at least one activity on one of its indicators."
                ),
                {"goal": goal.id},
            )
        )
    agenda_reach = np.asarray(abs(total) @ g, dtype=np.float64).reshape(-1)
    net_effect = np.asarray(total @ g, dtype=np.float64).reshape(-1)
    # e_a > 0: helps the agenda on balance, engaging its partners (the one rule of engagement)
    helping = agenda_helpers(idx, total)
    # harms some agenda indicator, g(i) C~(a, i) < 0, whatever its net effect: the harm lowers
    # the common agenda's focus even when others' help keeps the indicator covered
    harming = np.asarray(sp.csr_array(total.minimum(0)) @ g, dtype=np.float64).reshape(-1) < 0
    counts = np.diff(idx.contributions.indptr)
    # the activities that list an agenda indicator: with no agenda effect, their direct effects
    # on it are cancelled by their own effects along pathways (0.3 directly, -0.3 through u)
    listing = np.asarray(
        sp.csr_array(abs(idx.contributions) > 0).astype(np.float64) @ (g > 0).astype(np.float64),
        dtype=np.float64,
    ).reshape(-1)
    listed = listing > 0
    if not initiative.goals:
        # every activity is off an agenda that does not exist: one root gap says so, not one
        # "link it to a goal" per activity (the report's first lines named funding and cut
        # points beside scores of 0 with no word of why: a reviewer of the report)
        gaps.append(_no_common_agenda(initiative, int((counts == 0).sum())))
    for a in np.flatnonzero((agenda_reach == 0) & bool(initiative.goals)).tolist():
        act = initiative.activities[a]
        nothing = counts[a] == 0
        # linking an indicator without a baseline and a target to a goal grows the agenda by
        # one it cannot measure: the share with both falls (and phases II and III with it)
        unmeasured = sorted(
            i for i, c in act.contributes.items() if c > 0 and i not in measured_on_the_date
        )
        # work that only pushes its indicators the wrong way: linking one to a goal would
        # make that harm the agenda's (a critical uncovered goal; found by a reviewer)
        only_harm = not nothing and all(c < 0 for c in act.contributes.values())
        gaps.append(
            _gap(
                "off-agenda-activity",
                Severity.WARNING if nothing else Severity.INFO,
                [act.id],
                {
                    "agenda_contribution": 0.0,
                    "contributions": counts[a],
                    "agenda_indicators": listing[a],
                },
                f"Activity {_labelled(act.id, act.name)} "
                + (
                    "contributes to no indicator; record what it contributes to or retire it."
                    if nothing
                    else "has no effect on the common agenda on balance: its direct effects on "
                    "agenda indicators are cancelled by its effects along pathways; change one "
                    "or the other."
                    if listed[a]
                    else "contributes to no indicator of the common agenda, and only works "
                    f"against those it names ({_first_quoted(sorted(act.contributes))}); "
                    "redesign or retire it: linking them to a goal would make that harm the "
                    "agenda's."
                    if only_harm
                    else "contributes to no indicator of the common agenda; link it to a goal "
                    + (
                        f"(giving {_first_quoted(unmeasured)} a baseline and a target: an agenda "
                        "indicator without them lowers the share of the agenda measured) "
                        if unmeasured
                        else ""
                    )
                    + "or refocus it."
                ),
                {"activity": act.id},
            )
        )
    harmful = _harmful_activities(initiative, idx, total, net_effect, harming, helping)
    gaps.extend(harmful)
    gaps.extend(_broken_pathways(initiative, idx, direct))
    # the activities doing agenda work (help on an agenda indicator, directly or along
    # pathways) that do not help the agenda on balance: their own harm cancels or outweighs
    # the help (harmful-activity), or their effects along pathways cancel it (off-agenda)
    agenda_work = _agenda_work(idx, total)
    cancelled = agenda_work & ~helping
    # as the harmful-activity gaps say it: the help outweighed (e_a < 0), or cancelled
    against = {g.primary[0] for g in harmful if harm_balance(g) == "against"}
    gaps.extend(_unengaged_partners(initiative, idx, helping, cancelled, harming, against))
    return gaps


def _no_common_agenda(initiative: Initiative, contributing_to_nothing: int) -> Gap:
    """Return the ``no-common-agenda`` gap of an initiative that records no goal.

    Its common agenda, shared measurement and mutually reinforcing activities score 0, with no
    agenda indicator to cover, measure or work on together (every IATI import, for one).
    """
    n = len(initiative.activities)
    nothing = (
        f" {contributing_to_nothing:,} of the {plural(n, 'activity', 'activities')} "
        f"contribute{'s' if contributing_to_nothing == 1 else ''} to no indicator at all: "
        "record what they contribute to."
        if contributing_to_nothing
        else ""
    )
    return _gap(
        "no-common-agenda",
        Severity.CRITICAL,
        [],
        {
            "activities": float(n),
            "contributing_to_nothing": float(contributing_to_nothing),
            "indicators": float(len(initiative.indicators)),
        },
        "No goal is recorded, so there is no common agenda: no indicator is on it, and the "
        "common agenda, shared measurement and mutually reinforcing activities score 0, "
        "whatever the partners do. Agree the goals with the partners and list the indicators "
        "that measure each (goals, with their indicators)." + nothing,
    )


def _unengaged_partners(
    initiative: Initiative,
    idx: ModelArrays,
    helping: NDArray[np.bool_],
    cancelled: NDArray[np.bool_],
    harming: NDArray[np.bool_],
    outweighed: set[str],
) -> list[Gap]:
    r"""Return the ``unengaged-partners`` gap: partners in no running activity helping the agenda.

    Engagement (a third of the common agenda) is the share of partners taking part in a running
    activity with :math:`e_a > 0` (``helping``, :func:`~.conditions.agenda_helpers`, the rule of
    :func:`~.conditions.engaged_partners`); a partner tied to the others but running nothing
    lowered it with no gap to say who (a reviewer of the gaps). The backbone organisation is
    never among them (:func:`~.conditions.engagement_base`). None when no indicator is on the
    agenda (``no-common-agenda``, or goals without indicators, which ``uncovered-goal`` names),
    when every partner takes part, and when none does and no running activity does agenda work
    (helps an agenda indicator, directly or along pathways: the gaps of the goals and
    indicators say it). When none takes part but some activity does agenda work whose help its
    own harm cancels or outweighs, every partner engagement counts is named: an activity
    helping agenda indicator ``i1`` by 0.5 and harming ``i2``, on the same goal, by 0.5 left
    engagement at 0 beside goal coverage 1, and no gap named the three partners running
    nothing.

    A partner taking part in agenda work that does not help on balance (``cancelled``: an
    activity helping an agenda indicator, directly or along pathways, with :math:`e_a \le 0`)
    is told so, with the activities and the gaps that say where their harm is (``harming``:
    ``harmful-activity``, else ``off-agenda-activity``, its direct help cancelled by its own
    effects along pathways), the help cancelled, or outweighed (the ids of ``outweighed``,
    :math:`e_a < 0`, as :func:`harm_balance` reads their gaps), not told to "bring them into
    agenda work", which it does: a partner whose activity helped an agenda indicator by 0.8
    and harmed another by 0.8 was.
    """
    if not initiative.partners or not bool((idx.goal_weight > 0).any()):
        return []
    engaged = _partners_of(idx, helping)
    n = engagement_base(initiative, idx, engaged)  # the backbone left out unless it takes part
    named = engaged.copy()
    backbone = backbone_positions(initiative, idx)
    named[backbone] = True  # engaged, or left out of engagement
    out = sorted(p for p, on in zip(idx.partner_ids, named.tolist(), strict=True) if not on)
    left_out = sorted(idx.partner_ids[b] for b in backbone if not engaged[b])
    if not out or (len(out) == n and not bool(cancelled.any())):
        # none engaged and no agenda work at all: no activity helps an agenda indicator,
        # directly or along pathways, which uncovered-goal and uncovered-indicator say; naming
        # every partner would only repeat it. With agenda work whose help is cancelled or
        # outweighed, the goals can be covered and no gap named the partners running nothing
        # (engagement 0 beside goal coverage 1: a reviewer), so they are named
        return []
    engagement = (n - len(out)) / n
    # in agenda work their own harm cancels: every activity of theirs that helps is cancelled
    working = _partners_of(idx, cancelled)
    # a backbone left out whose own agenda work is cancelled is in agenda work, none that helps
    # ("in no agenda work of its own" was said of a backbone running such an activity)
    own = f"in no agenda work of {'its' if len(left_out) == 1 else 'their'} own" + (
        " that helps on balance" if any(working[b] for b in backbone if not engaged[b]) else ""
    )
    undone = [p for p in out if working[idx.partner_pos[p]]]
    idle = [p for p in out if not working[idx.partner_pos[p]]]
    parts = []
    if undone:
        who = set(undone)
        works = [
            a
            for a in np.flatnonzero(cancelled).tolist()
            if who.intersection(initiative.activities[a].partners)
        ]
        one = len(works) == 1
        lost = [initiative.activities[a].id in outweighed for a in works]
        verb = (
            "outweighed" if all(lost) else "cancelled or outweighed" if any(lost) else "cancelled"
        )
        codes = sorted({"harmful-activity" if harming[a] else "off-agenda-activity" for a in works})
        parts.append(
            f"{_first_quoted(undone, 5)} take{'s' if len(undone) == 1 else ''} part in agenda "
            f"work, but the help of {'its' if len(undone) == 1 else 'their'} "
            f"{'activity' if one else 'activities'} "
            f"{_first_quoted(sorted(initiative.activities[a].id for a in works))} is {verb} by "
            f"harm {'it does' if one else 'they do'} (see {'its' if one else 'their'} "
            f"{' and '.join(codes)} gap{'' if one else 's'}): redesign "
            f"{'it' if one else 'them'} to stop the harm, keeping the help"
        )
    if idle:
        parts.append(
            f"bring {_first_quoted(idle, 5) if undone else 'them'} into agenda work (as partners "
            "of an activity that helps an agenda indicator; a funder of an activity is one of "
            "its partners), or record the agenda work they do"
        )
    return [
        _gap(
            "unengaged-partners",
            Severity.INFO,
            out,
            {
                "partners": float(n),
                "unengaged": float(len(out)),
                "cancelled": float(len(undone)),
                "engagement": engagement,
            },
            f"{len(out):,} of the {plural(n, 'partner')}"
            + (
                f" that engagement counts (the backbone {_quoted(left_out)}, {own}, "
                f"{'is' if len(left_out) == 1 else 'are'} left out)"
                if left_out
                else ""
            )
            + f" take{'s' if len(out) == 1 else ''} part in no running activity that helps the "
            f"common agenda{' on balance' if undone else ''} ({_first_quoted(out, 5)}), so the "
            f"common agenda's engagement is {amount_apart(engagement, 1.0)}: "
            + "; ".join(parts)
            + ".",
        )
    ]


def _outweighs(evidence: Mapping[str, float]) -> bool:
    r"""Whether the harm of a ``harmful-activity`` gap outweighs the help: :math:`e_a < 0`.

    Beyond rounding (:func:`~._tolerance.negative`), against the activity's weighted agenda
    effects, ``harm + help`` (:math:`\sum_i g_i |\tilde c_{ai}|`).
    """
    net = evidence.get("net_effect", 0.0)
    return bool(negative(net, evidence.get("harm", 0.0) + evidence.get("help", 0.0)))


def harm_balance(gap: Gap) -> str:
    r"""Say how a ``harmful-activity`` gap's help and harm stand: its three cases, in one place.

    ``"helps"`` (a note: the activity helps the agenda on balance, :math:`e_a > 0`, and its
    harm lowers the common agenda's focus), ``"against"`` (:math:`e_a < 0`: it works against
    the agenda) or ``"cancelled"`` (:math:`e_a = 0` up to rounding: its harm cancels its help);
    both warnings, whose activity engages none of its partners. Read by the gap's message, its
    size, the ``unengaged-partners`` gap and the diff's phrases.

    Parameters
    ----------
    gap
        A ``harmful-activity`` gap.

    Returns
    -------
    str
        ``"helps"``, ``"against"`` or ``"cancelled"``.

    Examples
    --------
    >>> gap = _gap("harmful-activity", Severity.WARNING, ["x"], {"net_effect": 0.0,
    ...            "harm": 0.8, "help": 0.8, "indicators_harmed": 1.0}, "...")
    >>> harm_balance(gap)
    'cancelled'
    """
    if gap.severity is Severity.INFO:
        return "helps"
    return "against" if _outweighs(gap.evidence) else "cancelled"


def _harm_words(harmed: int, worst: str) -> str:
    """Say which agenda indicators an activity harms: ``'j'``, or ``3, most of all 'j'``."""
    if harmed == 1:
        return f"agenda indicator {worst!r}"
    return f"{harmed:,} agenda indicators, most of all {worst!r}"


def _harmful_activities(
    initiative: Initiative,
    idx: ModelArrays,
    total: sp.csr_array,
    net_effect: NDArray[np.float64],
    harming: NDArray[np.bool_],
    helping: NDArray[np.bool_],
) -> list[Gap]:
    r"""One gap per activity that harms an agenda indicator, :math:`g_i \tilde c_{ai} < 0`.

    The net effect is :math:`e_a = \sum_i g_i \tilde c_{ai}`; the evidence gives it, the
    harm and the help it is made of, and the number of agenda indicators it harms. A warning
    when the activity does not help the agenda on balance (``helping``,
    :func:`~.conditions.agenda_helpers`, false): it works against it (:math:`e_a < 0` beyond
    rounding, judged on the evidence as :func:`harm_balance` reads it), or its harm cancels its
    help (:math:`e_a = 0` up to rounding); either way it engages none of its partners. A note
    when its net effect stays positive: the harm still lowers the common agenda's focus, which
    counts help only (the focus of an initiative fell from 1 to 0.625 with no gap naming the
    activity or the indicator it harmed).
    """
    gaps: list[Gap] = []
    g = idx.goal_weight
    flagged = np.flatnonzero(harming)
    if flagged.size == 0:
        return gaps
    rows = sp.csr_array(total[flagged])
    direct = idx.helps_agenda_directly  # once: a product over every activity
    for n, a in enumerate(flagged.tolist()):
        act = initiative.activities[a]
        start, stop = rows.indptr[n], rows.indptr[n + 1]
        cols = rows.indices[start:stop]
        vals = rows.data[start:stop] * g[cols]
        harm = float(-vals[vals < 0].sum())
        help_ = float(vals[vals > 0].sum())
        # the indicator harmed most: most negative first, then by position
        worst = initiative.indicators[int(cols[np.lexsort((cols, vals))[0]])].id
        harmed = int((vals < 0).sum())
        evidence = {
            "net_effect": float(net_effect[a]),
            "harm": harm,
            "help": help_,
            "indicators_harmed": harmed,
        }
        subjects = [act.id, *(initiative.indicators[int(c)].id for c in cols[vals < 0])]
        keep = "redesign it to stop the harm it does, keeping its help"
        if helping[a]:
            gaps.append(
                _gap(
                    "harmful-activity",
                    Severity.INFO,
                    subjects,
                    evidence,
                    f"Activity {_labelled(act.id, act.name)} harms {_harm_words(harmed, worst)}, "
                    "though it helps the common agenda on balance (net weighted effect "
                    f"{amount(float(net_effect[a]))}: help {amount_apart(help_, harm)}, harm "
                    f"{amount_apart(harm, help_)}); the harm lowers the common agenda's focus, "
                    f"which counts help only: {keep}.",
                    {"activity": act.id},
                )
            )
            continue
        if not _outweighs(evidence):
            gaps.append(
                _gap(
                    "harmful-activity",
                    Severity.WARNING,
                    subjects,
                    evidence,
                    f"Activity {_labelled(act.id, act.name)} does the common agenda no good on "
                    f"balance: the harm it does to {_harm_words(harmed, worst)} (weighted harm "
                    f"{amount(harm)}) cancels its help ({amount(help_)}), so its net weighted "
                    "effect is 0; it engages none of its partners in the agenda (engagement "
                    "counts only work that helps it on balance), and its harm lowers the "
                    f"common agenda's focus: {keep}.",
                    {"activity": act.id},
                )
            )
            continue
        # stopping work that also helps loses that help, and the reinforcement of the
        # activities it meets: the mutually reinforcing score can fall (found by a reviewer)
        # its direct help on an agenda indicator can be outweighed along pathways (help_ 0)
        # and still be what covers a goal: "stop it" uncovered one (found by a reviewer)
        advice = (
            "redesign it to stop the harm it does, keeping its help: stopping it would also "
            "end the help, and the reinforcement other partners' work gets from it"
            if help_ > 0.0
            else "redesign it to stop the harm it does along pathways, keeping its direct "
            "help on the agenda: stopping it would end that help too, which may be what "
            "covers a goal"
            if direct[a]
            else "redesign it or stop it"
        )
        gaps.append(
            _gap(
                "harmful-activity",
                Severity.WARNING,
                subjects,
                evidence,
                f"Activity {_labelled(act.id, act.name)} works against the common agenda overall "
                f"(net weighted effect {amount(float(net_effect[a]))}: harm "
                f"{amount_apart(harm, help_)}, help {amount_apart(help_, harm)}), most of all on "
                f"{worst!r}; {advice}.",
                {"activity": act.id},
            )
        )
    return gaps


def _covered_reach(
    pathways: sp.csr_array, direct: NDArray[np.bool_]
) -> tuple[list[int], list[int]]:
    r"""Count, for every indicator, the covered indicators upstream and downstream of it.

    ``up[v]`` is the number of indicators ``u != v`` with ``direct[u]`` and a pathway path
    ``u -> ... -> v`` (networkx's ``ancestors``); ``down[v]`` the same for descendants. Computed
    on the condensation of the pathway graph (its strongly connected components, in which every
    member reaches every other), propagating bitsets of covered indicators in topological order:
    time :math:`O(m \cdot k / 64)` for ``m`` pathways and ``k`` covered indicators, instead of
    one search per indicator.
    """
    n = pathways.shape[0]
    n_comp, comp = csgraph.connected_components(pathways, directed=True, connection="strong")
    bit = np.cumsum(direct) - 1  # the bit of each covered indicator
    own = [0] * n_comp  # covered members of each component, as a bitset
    for v in np.flatnonzero(direct).tolist():
        own[int(comp[v])] |= 1 << int(bit[v])
    rows, cols = pathways.nonzero()
    cu, cv = comp[rows], comp[cols]
    between = cu != cv
    edges = sorted(set(zip(cu[between].tolist(), cv[between].tolist(), strict=True)))
    succ: list[list[int]] = [[] for _ in range(n_comp)]
    pred: list[list[int]] = [[] for _ in range(n_comp)]
    indegree = [0] * n_comp
    for x, y in edges:
        succ[x].append(y)
        pred[y].append(x)
        indegree[y] += 1
    order = [c for c in range(n_comp) if indegree[c] == 0]
    for c in order:  # Kahn's algorithm: order grows while it is read
        for y in succ[c]:
            indegree[y] -= 1
            if indegree[y] == 0:
                order.append(y)
    above = [0] * n_comp  # covered indicators strictly upstream of each component
    for c in order:
        for x in pred[c]:
            above[c] |= above[x] | own[x]
    below = [0] * n_comp
    for c in reversed(order):
        for y in succ[c]:
            below[c] |= below[y] | own[y]
    up, down = [0] * n, [0] * n
    for v in range(n):
        c = int(comp[v])
        mates = own[c] & ~(1 << int(bit[v])) if direct[v] else own[c]
        up[v] = (above[c] | mates).bit_count()
        down[v] = (below[c] | mates).bit_count()
    return up, down


def _net_direct_effect(net: float, scale: float) -> str:
    """Say why the direct work on an indicator some activity works on covers it not.

    Its net direct effect is negative (harm outweighs help), or nothing beyond rounding: the
    help and the harm cancel out.

    Examples
    --------
    >>> _net_direct_effect(-0.4, 0.4)
    'the work on it nets to -0.4 (harm outweighs help)'
    >>> _net_direct_effect(0.0, 1.0)
    'the help and the harm done to it cancel out'
    """
    if negative(net, scale):
        return f"the work on it nets to {amount(net)} (harm outweighs help)"
    return "the help and the harm done to it cancel out"


def _broken_pathways(
    initiative: Initiative, idx: ModelArrays, direct: NDArray[np.bool_]
) -> list[Gap]:
    """Find indicators with no activity between covered stages of a pathway."""
    rows, cols = idx.pathways.nonzero()
    if rows.size == 0:
        return []
    up, down = _covered_reach(idx.pathways, direct)
    on_pathway = np.union1d(rows, cols)
    # an indicator some activity works on, whose effects cancel out, is not "worked on by none"
    touched = np.bincount(idx.contributions.indices, minlength=len(direct)) > 0
    net_direct = np.asarray(idx.contributions.sum(axis=0), dtype=np.float64).reshape(-1)
    scale_direct = np.asarray(abs(idx.contributions).sum(axis=0), dtype=np.float64).reshape(-1)
    gaps = []
    for node in on_pathway.tolist():
        if direct[node] or not (up[node] and down[node]):
            continue
        ind = initiative.indicators[node]
        why = (
            f"{_net_direct_effect(net_direct[node], scale_direct[node])}; change the activities "
            "that push it the wrong way,"
            if touched[node]
            else "no activity works on it; add one"
        )
        gaps.append(
            _gap(
                "broken-pathway",
                Severity.WARNING,
                [ind.id],
                {"covered_upstream": up[node], "covered_downstream": down[node]},
                f"Indicator {_labelled(ind.id, ind.name)} is a pathway stage between covered "
                f"stages but {why} so progress carries through.",
                {"indicator": ind.id},
            )
        )
    return gaps


# --------------------------------------------------------------------------- reinforcement


@attrs.frozen(kw_only=True, eq=False)
class DuplicationPairs(ReadOnlyArrays):
    r"""The pairs of activities that duplicate each other, and the clusters they form.

    A pair of activities led by different partners duplicates when its redundancy reaches
    ``duplication_threshold`` (:math:`r(a, b) \ge \theta_r`, see :doc:`/scoring`). The
    duplicating pairs link activities into *clusters*: the connected components of the graph
    whose edges are those pairs. Each cluster is one ``duplication`` gap; the pairs stay here, as
    arrays, for whoever needs the detail (:meth:`to_frame`).

    Attributes
    ----------
    activity_ids
        The activity ids, in the positions ``a`` and ``b`` refer to (sorted).
    lead
        The lead partner of each activity, in the same positions.
    a, b
        Positions of the two activities of each pair, :math:`a < b`; pairs sorted by
        ``(a, b)``.
    cluster
        The cluster of each pair, numbered from 0 in the order of the clusters' first activity.
    redundancy, interdependence, duplication, coordination
        :math:`r`, :math:`d`, :math:`D` and :math:`k` of each pair.
    weak
        Whether the partners of the pair barely coordinate: their own coordination (a shared
        partner, a tie, a working group: :math:`k` without the backbone's brokerage, as the
        ``uncoordinated-interdependence`` gap reads two leads) is below ``weak_tie``.
    brokered
        Of those, the pairs the backbone alone brings to ``weak_tie`` or above
        (``brokered_coordination``): coordinated only through the backbone, :math:`k \ge`
        ``weak_tie`` though ``weak``. The same two partners were called "not tied;
        uncoordinated" (critical) by ``uncoordinated-interdependence`` and "coordinated" (a
        note) by ``duplication`` beside it. A pair of which the backbone organisation is a
        partner (of either activity) is not brokered: the floor it gets counts only the
        backbone's own weak tie with the other's partners.
    clusters
        The number of clusters.

    Examples
    --------
    Three activities of one strategy on one indicator, led by three partners, without ties:
    the three pairs are redundant (:math:`r = 1`) and form one cluster.

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Three",
    ...     partners=[ci.Partner(id=p, name=p, sector="nonprofit") for p in "pqs"],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id=x, name=x, partners=[p], strategy="s",
    ...                             contributes={"i": 0.5})
    ...                 for x, p in zip("xyz", "pqs")],
    ... )
    >>> pairs = ci.assess(init).duplication_pairs()
    >>> len(pairs), pairs.clusters, pairs.members(0)
    (3, 1, ('x', 'y', 'z'))
    """

    activity_ids: tuple[str, ...]
    lead: tuple[str, ...]
    a: NDArray[np.int64]
    b: NDArray[np.int64]
    cluster: NDArray[np.int64]
    redundancy: NDArray[np.float64]
    interdependence: NDArray[np.float64]
    duplication: NDArray[np.float64]
    coordination: NDArray[np.float64]
    weak: NDArray[np.bool_]
    brokered: NDArray[np.bool_]
    clusters: int

    def __len__(self) -> int:
        return int(self.a.size)

    def __repr__(self) -> str:
        """Return the counts, not every id and array (186,000 characters at 10,000 activities).

        Examples
        --------
        >>> import collective_impact as ci
        >>> ci.assess(ci.load_example("cradle-to-career")).duplication_pairs()
        <DuplicationPairs: 1 pair in 1 cluster, 1 weak; of 22 activities>
        """
        return (
            f"<DuplicationPairs: {plural(len(self), 'pair')} in "
            f"{plural(self.clusters, 'cluster')}, {int(np.count_nonzero(self.weak)):,} weak; "
            f"of {plural(len(self.activity_ids), 'activity', 'activities')}>"
        )

    def members(self, cluster: int) -> tuple[str, ...]:
        """Return the ids of the activities of one cluster, sorted.

        Parameters
        ----------
        cluster
            Its number, from 0 to :attr:`clusters` − 1.

        Returns
        -------
        tuple of str
        """
        if not 0 <= cluster < self.clusters:
            raise IndexError(f"cluster {cluster} out of range 0..{self.clusters - 1}")
        mine = self.cluster == cluster
        where = np.union1d(self.a[mine], self.b[mine])
        return tuple(self.activity_ids[int(k)] for k in where.tolist())

    def to_frame(self) -> Any:
        """Return one row per duplicating pair: the pair-level detail of the clusters.

        Returns
        -------
        pandas.DataFrame
            Columns ``cluster``, ``a``, ``b`` (activity ids), ``lead_a``, ``lead_b`` (their lead
            partners), ``r``, ``d``, ``D``, ``k`` and ``weak``; rows in the order of the pairs.

        Raises
        ------
        MissingDependencyError
            When pandas is not installed.
        """
        from ..frames import duplication_frame

        return duplication_frame(self)


def duplication_pairs(result: Reinforcement, config: ScoringConfig) -> DuplicationPairs:
    r"""Return the duplicating pairs of activities and their clusters, as arrays.

    Parameters
    ----------
    result
        The pair scores (:attr:`Prepared.reinforcement <collective_impact.Prepared>`).
    config
        Its ``duplication_threshold`` and ``weak_tie``.

    Returns
    -------
    DuplicationPairs
        The pairs with :math:`r \ge` ``duplication_threshold`` (beyond rounding, see
        :mod:`~collective_impact.analysis._tolerance`) whose activities have different lead
        partners, and their connected components.

    Notes
    -----
    Linear in the number of pairs: one mask, one
    :func:`scipy.sparse.csgraph.connected_components`, no Python loop over pairs.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> pairs = duplication_pairs(result.reinforcement, result.config)
    >>> bool((pairs.redundancy >= result.config.duplication_threshold - 1e-9).all())
    True
    """
    return _duplication_pairs(result, config)[0]


def _duplication_pairs(
    result: Reinforcement, config: ScoringConfig
) -> tuple[DuplicationPairs, _Lifted]:
    """Return :func:`duplication_pairs`, and which weak pairs the brokered floor lifts."""
    pairs = result.pairs
    arrays = result._arrays
    hit = np.flatnonzero(at_least(pairs.redundancy, config.duplication_threshold) & pairs.between)
    a, b = pairs.a[hit].astype(np.int64), pairs.b[hit].astype(np.int64)
    n = len(result.activity_ids)
    order = _pair_order(a, b, n)
    if order is not None:
        hit, a, b = hit[order], a[order], b[order]
    graph = sp.coo_array((np.ones(hit.size), (a, b)), shape=(n, n))
    _, label = csgraph.connected_components(graph, directed=False)
    # number the clusters by their first activity: labels of activities in any pair, in order
    mark = np.zeros(n, dtype=bool)
    mark[a] = True
    mark[b] = True
    involved = np.flatnonzero(mark)  # np.union1d(a, b), without sorting the pairs
    _, first = np.unique(label[involved], return_index=True)
    renumber = np.empty(int(label.max(initial=-1)) + 1, dtype=np.int64)
    renumber[label[involved][np.sort(first)]] = np.arange(first.size)
    lead = tuple(arrays.partner_ids[int(p)] for p in arrays.lead.tolist())
    k = pairs.at("coordination", hit)
    weak, lifted = _brokered_only(arrays, config, a, b, k)
    found = DuplicationPairs(
        activity_ids=tuple(result.activity_ids),
        lead=lead,
        a=a,
        b=b,
        cluster=renumber[label[a]] if a.size else np.zeros(0, dtype=np.int64),
        redundancy=pairs.redundancy[hit],
        interdependence=pairs.interdependence[hit],
        duplication=pairs.at("duplication", hit),
        coordination=k,
        weak=weak,
        brokered=lifted.brokered,
        clusters=int(first.size),
    )
    return found, lifted


@attrs.frozen(eq=False)
class _Lifted:
    """The weak duplicating pairs the backbone's brokered floor lifts to ``weak_tie``.

    Attributes
    ----------
    brokered
        Of the pairs, those coordinated only through the backbone: the partners' own
        coordination is below ``weak_tie``, the brokered floor brings :math:`k` to it or above,
        and the backbone organisation is a partner of neither activity.
    tied
        Those the floor lifts though the backbone organisation is a partner of one of the
        activities: it brokers nothing between itself and a partner; their link is its own
        weak direct tie with the other's partners.
    own
        The partners' own coordination (:math:`k` without the brokerage) of the pairs of
        ``brokered`` and ``tied``, NaN elsewhere.
    backbone
        The backbone organisation's id ("" without one).
    """

    brokered: NDArray[np.bool_]
    tied: NDArray[np.bool_]
    own: NDArray[np.float64]
    backbone: str


def _brokered_only(
    arrays: ModelArrays,
    config: ScoringConfig,
    a: NDArray[np.int64],
    b: NDArray[np.int64],
    k: NDArray[np.float64],
) -> tuple[NDArray[np.bool_], _Lifted]:
    r"""Return which pairs barely coordinate, and which of them the brokered floor lifts.

    ``weak``: the partners' own links are below ``weak_tie``. A pair's :math:`k` counts the
    backbone's brokered coordination (``brokered_coordination``, 0.3 by default, ``weak_tie``
    itself); the partners' own coordination leaves it out, as the
    ``uncoordinated-interdependence`` gap does. Only the pairs whose :math:`k` is the brokered
    floor can differ: their own coordination is computed again without it
    (:func:`~.reinforcement.coordination`), linear in those pairs. Of the pairs the floor
    lifts to ``weak_tie`` (:class:`_Lifted`), those of which the backbone organisation is a
    partner are not brokered: the floor then counts the backbone's own direct tie with the
    other activity's partners (rule 4 reads the backbone as reaching itself), which is weak.
    """
    weak = np.asarray(below(k, config.weak_tie), dtype=np.bool_)
    floor = config.brokered_coordination
    none = np.zeros(k.size, dtype=np.bool_)
    own = np.full(k.size, np.nan)
    backbone = arrays.partner_ids[arrays.backbone] if arrays.backbone >= 0 else ""
    if arrays.backbone < 0 or floor <= 0 or k.size == 0:
        return weak, _Lifted(brokered=none, tied=none.copy(), own=own, backbone=backbone)
    # k = max(own, floor [both reach the backbone]): above weak_tie with own below it only at
    # the floor
    maybe = np.flatnonzero(~weak & (k <= floor))
    lifted = np.zeros(k.size, dtype=np.bool_)
    if maybe.size:
        unbrokered = attrs.evolve(config, brokered_coordination=0.0)
        mine = pair_coordination(arrays, unbrokered, a[maybe], b[maybe])
        low = np.asarray(below(mine, config.weak_tie), dtype=np.bool_)
        lifted[maybe[low]] = True
        own[maybe[low]] = mine[low]
    # the sets of partners of which the backbone organisation is one
    table = arrays.partner_sets
    one = np.zeros(int(table.members.shape[1]))
    one[arrays.backbone] = 1.0
    has = np.asarray(table.members @ one).reshape(-1) > 0
    tied = lifted & (has[table.of[a]] | has[table.of[b]])
    return weak | lifted, _Lifted(brokered=lifted & ~tied, tied=tied, own=own, backbone=backbone)


def _pair_order(x: NDArray[np.int64], y: NDArray[np.int64], n: int) -> NDArray[np.int64] | None:
    """Return ``np.lexsort((y, x))`` for distinct pairs of positions below ``n``, or ``None``.

    ``None`` when the pairs are already in that order (the engine keeps its pairs by ``a``,
    then ``b``): checked in one pass. Otherwise one sort of ``x · n + y``, distinct keys, so
    any sort gives the lexsort's order.
    """
    key = x * n + y
    if key.size < 2 or bool((key[1:] > key[:-1]).all()):
        return None
    order: NDArray[np.int64] = np.argsort(key)
    return order


def _duplication_gaps(
    dup: DuplicationPairs,
    weak_tie: float,
    unrecorded: NDArray[np.bool_],
    assumed: float,
    lifted: _Lifted | None = None,
) -> list[Gap]:
    """Return one ``duplication`` gap per cluster of duplicating activities.

    ``weak_tie`` is the coordination below which a pair barely coordinates (its message says
    a coordination just below it apart from it). ``unrecorded`` says, by activity, whether
    whom it serves or where is not recorded (no populations or no places): the overlap of a
    pair with such an activity is ``assumed`` (``unspecified_overlap``), not observed, and the
    gap says so (evidence ``assumed_overlap_pairs``). ``lifted`` (:func:`_brokered_only`):
    the weak pairs the brokered floor lifts to ``weak_tie``, whose words say so (the brokered
    pairs' own coordination, not the cluster's lowest; the backbone's weak tie when it is a
    partner of the pair).
    """
    if not len(dup):
        return []
    c = dup.clusters
    if lifted is None:
        nowhere = np.zeros(len(dup), dtype=np.bool_)
        lifted = _Lifted(
            brokered=dup.brokered, tied=nowhere, own=np.full(len(dup), np.nan), backbone=""
        )
    # the coordination the floor gives the lifted pairs, and the own of those it lifts with
    # the backbone as a partner (no brokerage): their lowest, per cluster
    lift_k = np.full(c, np.inf)
    up = dup.brokered | lifted.tied
    np.minimum.at(lift_k, dup.cluster[up], dup.coordination[up])
    tied_own = np.full(c, np.inf)
    np.minimum.at(tied_own, dup.cluster[lifted.tied], lifted.own[lifted.tied])
    tied = np.bincount(dup.cluster, weights=lifted.tied.astype(np.float64), minlength=c)
    guessed = np.bincount(
        dup.cluster, weights=(unrecorded[dup.a] | unrecorded[dup.b]).astype(np.float64), minlength=c
    )
    count = np.bincount(dup.cluster, minlength=c)
    total = np.bincount(dup.cluster, weights=dup.duplication, minlength=c)
    joint = np.bincount(dup.cluster, weights=dup.interdependence, minlength=c)
    weak = np.bincount(dup.cluster, weights=dup.weak.astype(np.float64), minlength=c)
    brokered = np.bincount(dup.cluster, weights=dup.brokered.astype(np.float64), minlength=c)
    top = np.full(c, -np.inf)
    np.maximum.at(top, dup.cluster, dup.redundancy)
    low = np.full(c, np.inf)
    np.minimum.at(low, dup.cluster, dup.coordination)
    # the members of each cluster, and their lead partners
    node = np.concatenate([dup.a, dup.b])
    owner = np.concatenate([dup.cluster, dup.cluster])
    node_cluster = np.full(len(dup.activity_ids), -1, dtype=np.int64)
    node_cluster[node] = owner
    members: list[list[str]] = [[] for _ in range(c)]
    leads: list[set[str]] = [set() for _ in range(c)]
    for k in np.flatnonzero(node_cluster >= 0).tolist():
        members[int(node_cluster[k])].append(dup.activity_ids[k])
        leads[int(node_cluster[k])].add(dup.lead[k])
    rows = zip(
        count.tolist(),
        total.tolist(),
        joint.tolist(),
        weak.tolist(),
        top.tolist(),
        low.tolist(),
        guessed.tolist(),
        brokered.tolist(),
        zip(tied.tolist(), tied_own.tolist(), lift_k.tolist(), strict=True),
        strict=True,
    )
    gaps = []
    for k, (
        pairs,
        dup_total,
        d_total,
        n_weak,
        r_max,
        k_min,
        n_assumed,
        n_brokered,
        (n_tied, own_min, k_lifted),
    ) in enumerate(rows):
        ids, partners = members[k], sorted(leads[k])
        evidence = {
            "activities": len(ids),
            "partners": len(partners),
            "pairs": pairs,
            "duplication": dup_total,
            "interdependence": d_total,
            "redundancy": r_max,
            "coordination": k_min,
            "uncoordinated_pairs": n_weak,
            "brokered_pairs": n_brokered,
            "assumed_overlap_pairs": n_assumed,
        }
        message = _duplication_message(
            ids,
            partners,
            pairs,
            r_max,
            k_min,
            weak_tie,
            int(n_weak),
            int(n_brokered),
            lifted_k=k_lifted,
            tied=int(n_tied),
            tied_own=own_min,
            backbone=lifted.backbone,
        )
        # redundancy reads every indicator, duplication (d r) the agenda's: work duplicated off
        # the agenda only loses nothing the index counts, and was a warning beside a
        # duplication of 0
        off_agenda = d_total == 0.0
        if off_agenda:
            message += (
                " The work they duplicate is off the common agenda (no joint help to an "
                "agenda indicator), so no agenda work is lost."
            )
        if n_assumed:
            # the overlap of whom they serve and where is a default here, not an observation
            which = (
                "Whom they serve or where is not recorded"
                if n_assumed == pairs
                else f"For {round(n_assumed):,} of those pairs, whom they "
                "serve or where is not recorded"
            )
            message += _overlap_assumed(which, assumed)
        gaps.append(
            _gap(
                "duplication",
                Severity.WARNING if n_weak > 0 and not off_agenda else Severity.INFO,
                ids,
                evidence,
                message,
                {"activities": ids},
            )
        )
    return gaps


def _duplication_message(
    ids: Sequence[str],
    partners: Sequence[str],
    pairs: int,
    redundancy: float,
    coordination: float,
    weak_tie: float,
    weak: int,
    brokered: int = 0,
    *,
    lifted_k: float | None = None,
    tied: int = 0,
    tied_own: float = 0.0,
    backbone: str = "",
) -> str:
    """Say that activities duplicate each other, and whether their partners coordinate.

    A redundancy of 0.99984 is "0.9998", not "1" (exact duplicates), and a coordination of
    0.2996 below a ``weak_tie`` of 0.3 is "0.2996", not "0.3" (:func:`amount_apart`). Of the
    ``weak`` pairs, ``brokered`` are coordinated only through the backbone: their partners'
    own links are weak, and the backbone's brokered coordination (0.3 by default) alone
    reaches ``weak_tie``; they are said to be so ("but are coordinated (coordination 0.3)" was
    said of two partners the coordination gap called "not tied; uncoordinated"), with the
    coordination the floor gives them, ``lifted_k`` (the brokered floor itself; the lowest of
    the pairs the floor lifts; ``coordination``, the cluster's lowest, when not given): the
    cluster's lowest :math:`k` may be another pair's ("coordination 0.4 ..., brokered" was
    said of a pair brokered at 0.5). ``tied`` more are lifted by the floor though the
    backbone organisation ``backbone`` is a partner of one activity of the pair: the
    backbone brokers nothing between itself and another partner, so they are said to
    barely coordinate, the backbone tied to the other only weakly, at ``tied_own`` (their own
    coordination, the lowest of them) ("coordinated only through the backbone" was said of
    them).
    """
    r, k = amount_apart(redundancy, 1.0), amount_apart(coordination, weak_tie)
    lk = k if lifted_k is None or not brokered + tied else amount_apart(lifted_k, weak_tie)
    own = amount_apart(tied_own, weak_tie) if tied else ""
    connect = "connect them to divide the work or merge the activities."
    if len(ids) == 2:
        a, b = ids
        return f"Activities {a!r} and {b!r} duplicate each other (redundancy {r}) " + (
            "and their partners are coordinated only through the backbone (coordination "
            f"{lk} on a scale of 0 to 1, brokered; their own links are weaker than "
            f"{amount(weak_tie)}): {connect}"
            if brokered
            else f"and their partners barely coordinate: one of them is the backbone "
            f"{backbone!r}, tied to the other only weakly (coordination {own} on a scale of 0 "
            f"to 1, {lk} with the backbone's brokerage, which puts no one between them); "
            f"{connect}"
            if tied
            else f"and their partners barely coordinate (coordination {k} on a scale of 0 to 1); "
            f"{connect}"
            if weak
            else f"but are coordinated (coordination {k} on a scale of 0 to 1); check the split "
            "of work."
        )
    shown = ", ".join(repr(i) for i in ids[:4]) + (
        f" and {plural(len(ids) - 4, 'other')}" if len(ids) > 4 else ""
    )
    leads = ", ".join(repr(p) for p in partners[:4]) + (
        f" and {plural(len(partners) - 4, 'other')}" if len(partners) > 4 else ""
    )
    head = (
        f"{len(ids)} activities ({shown}), led by {plural(len(partners), 'partner')} ({leads}), "
        f"duplicate each other in {plural(pairs, 'pair')} (redundancy up to {r}) "
    )
    if weak:
        one = weak == 1
        connect = "connect their partners to divide the work or merge the activities."
        if brokered == weak:
            return head + (
                f"and {weak} of those pairs {'is' if one else 'are'} coordinated only through "
                f"the backbone (coordination {lk} on a scale of 0 to 1, brokered; their "
                f"partners' own links are weaker than {amount(weak_tie)}); {connect}"
            )
        verb = "barely coordinates" if one else "barely coordinate"
        if tied == weak:
            return head + (
                f"and {weak} of those pairs {verb}: the backbone {backbone!r} is a partner of "
                f"one activity of {'the pair' if one else 'each'}, tied to the other's partners "
                f"only weakly (coordination {'' if one else 'as low as '}{own} on a scale of 0 "
                f"to 1, {lk} with the backbone's brokerage, which puts no one between them); "
                f"{connect}"
            )
        how = [f"{brokered} of them only through the backbone"] if brokered else []
        if tied:
            how.append(f"{tied} with the backbone {backbone!r} as a partner, tied only weakly")
        # the cluster's lowest k is a pair's the floor does not lift, when there is one
        low = (
            f"coordination as low as {k} on a scale of 0 to 1"
            if weak > brokered + tied
            else f"coordination {lk} on a scale of 0 to 1 with the backbone's brokerage, their "
            f"partners' own links weaker than {amount(weak_tie)}"
        )
        return head + f"and {weak} of those pairs {verb} ({'; '.join([*how, low])}); {connect}"
    return (
        head + f"but are coordinated (coordination at least {k} on a scale of 0 to 1); check the "
        "split of work."
    )


def _agenda_work(idx: ModelArrays, total: sp.csr_array) -> NDArray[np.bool_]:
    r"""Return whether each activity does agenda work: helps an agenda indicator, whatever its harm.

    A positive contribution to an agenda indicator (``helps_agenda_directly``), or help on the
    agenda along pathways beyond the rounding of the pathway solve: :math:`\sum_i g(i)
    \max(\tilde c(a, i), 0)` above :data:`~._tolerance.THRESHOLD_TOLERANCE` times
    :math:`\sum_i g(i) |\tilde c(a, i)|` (a sparse LU solve near the convergence bound left
    6e-12 on an agenda indicator no path from the activity reaches, beside totals of 8e4, and
    an activity that only harms was said to lead agenda work; found by a reviewer). Help
    cancelled on balance by the activity's own harm counts (the activities of
    ``harmful-activity``). One rule for ``no-shared-work`` (the work it fires on and the
    partners it names) and ``unengaged-partners`` (the agenda work cancelled on balance).
    """
    g = idx.goal_weight
    helped = np.asarray(sp.csr_array(total.maximum(0)) @ g, dtype=np.float64).reshape(-1)
    gross = np.asarray(abs(total) @ g, dtype=np.float64).reshape(-1)
    along = helped > THRESHOLD_TOLERANCE * gross
    return np.asarray(idx.helps_agenda_directly | along, dtype=np.bool_)


def _reinforcement_gaps(
    result: Reinforcement, cfg: ScoringConfig, idx: ModelArrays, total: sp.csr_array
) -> list[Gap]:
    unrecorded = idx.overlap_unrecorded
    dup, lifted = _duplication_pairs(result, cfg)
    gaps = _duplication_gaps(dup, cfg.weak_tie, unrecorded, cfg.unspecified_overlap, lifted)
    gaps.extend(_conflict_gaps(conflict_pairs(result), cfg, unrecorded))
    gaps.extend(_shared_work_gap(result, idx, total, cfg.unspecified_overlap))
    by_pair = result.partner_gaps_by_pair
    large = np.flatnonzero(exceeds(by_pair.share, cfg.gap_share_threshold))
    # the two leads' own coordination: their tie, or a working group they share (a partner
    # pair in a working group coordinates, and was called "uncoordinated" beside it)
    co = sp.coo_array(idx.co_members)
    n_p = max(len(idx.partner_ids), 1)
    together = co.row[co.data > 0].astype(np.int64) * n_p + co.col[co.data > 0]
    shared = np.isin(by_pair.p[large].astype(np.int64) * n_p + by_pair.q[large], together)
    lead_k = lead_coordination(by_pair.tie_strength[large], shared, cfg)
    weak = below(lead_k, cfg.weak_tie)
    chosen = large[weak]
    coordination = dict(
        zip(
            zip(by_pair.p[chosen].tolist(), by_pair.q[chosen].tolist(), strict=True),
            lead_k[weak].tolist(),
            strict=True,
        )
    )
    table = by_pair.order(chosen)  # largest first, as the full table lists
    assumed_pairs, assumed_gap = _assumed_overlap_gaps(result, table, unrecorded)
    co_run = _run_together(idx, table.p, table.q)
    thresholds = (cfg.gap_share_threshold, cfg.critical_gap_share)
    for k in range(len(table)):
        gap = table.record(k)
        critical = bool(at_least(gap.share, cfg.critical_gap_share))
        lead_k_of = coordination[int(table.p[k]), int(table.q[k])]
        n_assumed = int(assumed_pairs[k])
        # a part of the gap, summed over some of its terms in their order: at most the whole
        # but for rounding (all of them: the same sum, to the bit)
        assumed_share = float(assumed_gap[k]) / gap.gap if gap.gap > 0 else 0.0
        if not 0.0 <= assumed_share <= 1.0 + 1e-9:  # a part above its whole is a bug: never clip
            raise AssertionError(
                f"internal error: assumed_overlap_share = {assumed_share!r} is outside [0, 1]"
            )
        assumed_share = min(assumed_share, 1.0)  # rounding above 1 only (checked above)
        gaps.append(
            _gap(
                "uncoordinated-interdependence",
                Severity.CRITICAL if critical else Severity.WARNING,
                [gap.p, gap.q],
                {
                    "gap": gap.gap,
                    "share": gap.share,
                    "tie_strength": gap.tie_strength,
                    "coordination": lead_k_of,
                    "pairs": gap.pairs,
                    "assumed_overlap_pairs": n_assumed,
                    "assumed_overlap_share": assumed_share,
                },
                f"Partners {gap.p!r} and {gap.q!r} lead interdependent activities "
                f"({plural(gap.pairs, 'pair')}) but "
                + _lead_link_words(gap.tie_strength, lead_k_of, cfg.weak_tie)
                # the recommendation said they run an activity together, the gap "not tied;
                # uncoordinated" (a reviewer): an activity both take part in coordinates its
                # own pairs only
                + (
                    f" (they run {first_names([repr(a) for a in co_run[k]], 3)} together, "
                    "which coordinates only the work both take part in)"
                    if co_run[k]
                    else ""
                )
                # the share counts the pairs the two lead: a tie would also coordinate the
                # activities they run with others, so it can gain more (the recommendations)
                + "; uncoordinated, the activities they lead lower the alignment index by "
                # apart from the nearer threshold: 0.09999 is not "0.1", the critical share
                f"{amount_apart(gap.share, _nearer(gap.share, thresholds))} — set up regular "
                "communication between them."
                + _assumed_overlap_words(
                    n_assumed, gap.pairs, assumed_share, cfg.unspecified_overlap
                ),
                {"partners": (gap.p, gap.q)},
            )
        )
    return gaps


def _run_together(idx: ModelArrays, p: NDArray[np.int64], q: NDArray[np.int64]) -> list[list[str]]:
    """Return, for each pair of partners ``(p[k], q[k])``, the activities both take part in.

    Sorted by id. Linear in the activities' partners and the rows: each partner's activities
    are read from one column of the activity-by-partner matrix.
    """
    if not len(p):
        return []
    sets = idx.partner_sets
    by_activity = sp.csc_array(sets.members[sets.of])  # activities x partners
    ptr, rows = by_activity.indptr, by_activity.indices
    found = []
    for a, b in zip(p.tolist(), q.tolist(), strict=True):
        both = np.intersect1d(rows[ptr[a] : ptr[a + 1]], rows[ptr[b] : ptr[b + 1]])
        found.append(sorted(idx.activity_ids[int(i)] for i in both))
    return found


def _assumed_overlap_words(assumed: int, pairs: int, share: float, overlap: float) -> str:
    """Say that ``assumed`` of a partner gap's ``pairs`` rest on an assumed overlap ("" if none).

    ``share`` is the part of the gap they make (written apart from 0 and 1: 0.996 is not
    "100%"), said when only some of the pairs are; ``overlap`` is ``unspecified_overlap``.

    Examples
    --------
    >>> _assumed_overlap_words(0, 3, 0.0, 1.0)
    ''
    >>> _assumed_overlap_words(1, 2, 0.0, 1.0)  # a pair that loses nothing (coordinated)
    ''
    >>> _assumed_overlap_words(2, 2, 1.0, 1.0)
    ' Whom they serve or where is not recorded, so their overlap is assumed
    (unspecified_overlap = 1), not known: record their populations and places.'
    >>> _assumed_overlap_words(1, 3, 0.6, 1.0)
    ' For 1 of those pairs (60% of the gap), whom they serve or where is not recorded, so
    their overlap is assumed (unspecified_overlap = 1), not known: record their populations
    and places.'
    """
    if not assumed or share == 0:
        # the pairs assumed lose nothing (coordinated): "For 1 of those pairs (0% of the gap)
        # ... record their populations and places" asked for what cannot move the gap
        return ""
    which = (
        "Whom they serve or where is not recorded"
        if assumed == pairs
        else f"For {assumed:,} of those pairs ({percent_apart(share, 0.0, 1.0)} of the gap), "
        "whom they serve or where is not recorded"
    )
    return (
        f" {which}, so their overlap is assumed (unspecified_overlap = {amount(overlap)}), not "
        "known: record their populations and places."
    )


def _assumed_overlap_gaps(
    result: Reinforcement, table: PartnerGapTable, unrecorded: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    r"""Return, for each row of a table of partner gaps, the part of its gap on assumed overlap.

    The gap of lead partners :math:`p, q` is :math:`G(p,q) = \sum R(a,b)(1 - k(a,b))` over the
    pairs of activities they lead (:class:`~.reinforcement.PartnerGap`). A pair with an
    activity whose populations or places are not recorded (``unrecorded``, by activity) has
    the overlap ``unspecified_overlap``, assumed, not observed: this returns how many of the
    pairs with :math:`R > 0` of each row are such pairs, and the sum of their terms.

    Parameters
    ----------
    result
        The pair scores.
    table
        Rows of :attr:`~.reinforcement.Reinforcement.partner_gaps_by_pair` (any order; each
        pair of partners at most once).
    unrecorded
        By activity (positions of ``result.activity_ids``), whether its populations or its
        places are empty.

    Returns
    -------
    tuple of numpy.ndarray
        The number of such pairs of each row (int64) and the sum of their :math:`R(1-k)`
        (float64), in the order of the rows; zeros when no activity is unrecorded.

    Notes
    -----
    Linear in the pairs, with no Python loop over them: a million pairs at a time, two
    gathers of a per-activity state keep the pairs between activities led by partners of the
    table with an unrecorded activity, and a binary search among the table's keys finds the
    row of each. :math:`R` and :math:`k` are then read for those pairs only. Each row sums its
    terms in the order of the pairs, as its gap was summed: when every pair of a row is
    assumed, the sum is its gap, to the bit.

    Examples
    --------
    Two partners, one activity each on one indicator, no tie; ``y`` records no populations:
    the one pair's overlap is assumed, and the whole gap, :math:`0.8 \cdot 0.8 = 0.64`, rests
    on it.

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     populations=[ci.Label(id="kids", name="Kids")],
    ...     places=[ci.Label(id="town", name="Town")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8},
    ...                             populations=["kids"], places=["town"]),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8},
    ...                             places=["town"])],
    ... )
    >>> result = ci.reinforcement_scores(init)
    >>> count, part = _assumed_overlap_gaps(
    ...     result, result.partner_gap_table, np.array([False, True]))
    >>> count.tolist(), [round(x, 12) for x in part.tolist()]
    ([1], [0.64])
    """
    n = len(table)
    count = np.zeros(n, dtype=np.int64)
    part = np.zeros(n)
    if not n or not bool(np.any(unrecorded)):
        return count, part
    pairs = result.pairs
    lead = np.asarray(result._arrays.lead, dtype=np.int64)
    n_p = max(len(result._arrays.partner_ids), 1)
    p, q = table.p.astype(np.int64), table.q.astype(np.int64)
    keys = np.minimum(p, q) * n_p + np.maximum(p, q)
    by_key = np.argsort(keys, kind="stable")
    sorted_keys = keys[by_key]
    # by activity: 0 when its lead is in no row, 1 when it is (recorded), 2 (unrecorded): a
    # pair may count when the product of its two states is at least 2
    involved = np.zeros(n_p, dtype=bool)
    involved[p] = True
    involved[q] = True
    state = (involved[lead] * (1 + unrecorded.astype(np.int64))).astype(np.uint8)
    found_rows: list[NDArray[np.int64]] = []
    found_gaps: list[NDArray[np.int64]] = []
    for lo in range(0, len(pairs), _PAIR_CHUNK):
        a, b = pairs.a[lo : lo + _PAIR_CHUNK], pairs.b[lo : lo + _PAIR_CHUNK]
        both = state[a] * state[b]  # at most 4: no overflow
        rows = np.flatnonzero(both >= 2)
        if not rows.size:
            continue
        lead_a, lead_b = lead[a[rows]], lead[b[rows]]
        key = np.minimum(lead_a, lead_b) * n_p + np.maximum(lead_a, lead_b)
        at = np.minimum(np.searchsorted(sorted_keys, key), n - 1)
        hit = sorted_keys[at] == key
        found_rows.append(rows[hit] + lo)
        found_gaps.append(by_key[at[hit]])
    if not found_rows:
        return count, part
    rows, row_gap = np.concatenate(found_rows), np.concatenate(found_gaps)
    r = pairs.at("reinforcement", rows)
    reinforcing = r > 0  # the pairs a gap counts
    rows, row_gap, r = rows[reinforcing], row_gap[reinforcing], r[reinforcing]
    loss = np.multiply(r, 1.0 - pairs.at("coordination", rows))  # as the gap's terms
    count = np.bincount(row_gap, minlength=n).astype(np.int64)
    part = np.bincount(row_gap, weights=loss, minlength=n).astype(np.float64)
    return count, part


#: Pairs read at a time by :func:`_assumed_overlap_gaps`: its temporaries stay small.
_PAIR_CHUNK = 1 << 20


def lead_coordination(
    tie_strength: NDArray[np.float64], shared_group: NDArray[np.bool_], cfg: ScoringConfig
) -> NDArray[np.float64]:
    r"""Return how well pairs of lead partners are coordinated: their tie or a shared group.

    :math:`k = \max(t, w \cdot g)`, with :math:`t` the pair's tie strength, :math:`g` whether
    the two share a working group and :math:`w` = ``cfg.working_group_coordination``. Their
    interdependent work is uncoordinated (an ``uncoordinated-interdependence`` gap when its
    share exceeds ``cfg.gap_share_threshold``) when :math:`k` is below ``cfg.weak_tie``: a
    working group coordinates them only as far as the configuration says it does.

    Parameters
    ----------
    tie_strength
        The strength of each pair's tie, 0 when untied.
    shared_group
        Whether the two partners of each pair are members of one working group.
    cfg
        The scoring configuration.

    Returns
    -------
    numpy.ndarray
        The coordination of each pair.

    Examples
    --------
    >>> import numpy as np
    >>> from collective_impact import ScoringConfig
    >>> k = lead_coordination(np.array([0.2, 0.2]), np.array([False, True]), ScoringConfig())
    >>> [float(x) for x in k] == [0.2, max(0.2, ScoringConfig().working_group_coordination)]
    True
    """
    return np.maximum(
        np.asarray(tie_strength, dtype=np.float64),
        np.where(shared_group, cfg.working_group_coordination, 0.0),
    )


def _nearer(value: float, thresholds: tuple[float, float]) -> float:
    """Return the threshold nearer ``value``: the one it must be written apart from."""
    return min(thresholds, key=lambda t: abs(value - t))


def _years(count: float) -> str:
    """``"year"`` for a count written 1 (``amount(1.0)``), else ``"years"``: "1 years" was read."""
    return "year" if amount(count, 2) == "1" else "years"


def _lead_link_words(tie: float, coordination: float, weak_tie: float) -> str:
    """Say how two lead partners are linked: not, weakly tied, or a weak working group.

    A strength just below ``weak_tie`` is written apart from it (0.2996 is not "0.3").
    """
    if coordination > tie:  # their working group, weaker than weak_tie (a configuration)
        return f"only share a working group (coordination {amount_apart(coordination, weak_tie)})"
    if tie == 0:
        return "are not tied"
    return f"are only weakly tied (strength {amount_apart(tie, weak_tie)})"


def _shared_work_gap(
    result: Reinforcement, idx: ModelArrays, total: sp.csr_array, overlap: float
) -> list[Gap]:
    r"""Return the ``no-shared-work`` gap when no two partners' activities reinforce each other.

    Raised when some activity helps the agenda, directly (a positive contribution to an agenda
    indicator) or through indicator pathways (a positive total effect on one, whatever harm
    cancels it on balance, as a direct contribution counts: :func:`_agenda_work`), while no
    pair of activities with different lead partners reinforces (:math:`\sum_{\text{between}}
    R = 0`, each pair's :math:`R` judged by the engine, with its tolerance): mutually
    reinforcing activities are impossible (the condition scores 0). The message says why: one
    partner leads everything, the partners work apart, they meet only in harming shared
    indicators together (joint harm) or in work opposed (conflict), or where they help
    together (:math:`d > 0`) the pair's conflict and joint harm cancel that help, or the
    activities helping together duplicate each other (redundancy 1). It fired only when
    :math:`\sum_{\text{between}} (d + \mathrm{conflict}) = 0`, so help cancelled by joint harm
    scored 0 with no gap saying why (found by a reviewer); and only when some activity helped
    the agenda directly, so partners working apart only upstream of it (help that counts in
    :math:`d`) scored 0 with no gap either. The pair whose joint harm cancels help most, and
    the agenda indicator it harms most, are named. Under ``unspecified_overlap`` (``overlap``)
    0, an agenda activity recording no populations or no places meets no other by assumption,
    not observation: with several leads the gap counts those activities (evidence
    ``assumed_overlap_activities``) and says so.
    """
    if result.total_reinforcement > 0:
        return []
    # the agenda work, through pathways too: a partner whose only activity works upstream of
    # the agenda leads agenda work, and "all agenda work is led by one partner" was false
    # beside it. Help through pathways counts as direct help does, whether or not harm cancels
    # it on balance: counted only when its net effect was positive, help and harm through
    # pathways that cancel raised no gap, where the same effects recorded directly did
    # (found by a reviewer)
    helping = _agenda_work(idx, total)
    # fires on that agenda work, not on direct help alone: partners working apart only
    # upstream of the agenda scored 0 with no gap, where the same total effect recorded
    # directly raised it (a reviewer)
    if not helping.any():
        return []
    leads = sorted({idx.partner_ids[int(p)] for p in idx.lead[helping].tolist()})
    one = len(leads) == 1
    # joint harm said of these partners only where their own activities do it: two other
    # partners harming an indicator together made the message blame the agenda's leads
    # (found by a reviewer)
    pairs = result.pairs
    leading = np.zeros(len(idx.partner_ids), dtype=np.bool_)
    leading[idx.lead[helping]] = True
    lead_a, lead_b = idx.lead[pairs.a], idx.lead[pairs.b]
    harming = (np.asarray(pairs.joint_harm) > 0) & (lead_a != lead_b)
    joint_harm = bool(
        (
            harming
            & (leading[lead_a] | leading[lead_b] if one else leading[lead_a] & leading[lead_b])
        ).any()
    )
    # apart by assumption: an unrecorded activity overlaps none under unspecified_overlap 0
    apart = [] if overlap > 0 else _apart_by_assumption(idx, total, helping)
    sums = {
        "interdependence": result.total_interdependence,
        "conflict": result.total_conflict,
        "joint_harm": result.total_joint_harm,
        "duplication": result.total_duplication,
    }
    if sums["interdependence"] > 0:  # help together, all of it cancelled or duplicated
        text = _cancelled_help_words(result, idx, total, leads)
    elif sums["conflict"] > 0:  # they meet only in work opposed (and perhaps in joint harm)
        text = _opposed_only_words(sums, leads)
    else:
        text = (
            _one_lead_words(leads[0])
            + (
                # the others meet it only where they harm shared indicators together
                ", and stop the activities that harm shared indicators together."
                if joint_harm
                else "."
            )
            if one
            else f"The {len(leads)} partners leading agenda work meet on shared indicators "
            "only where their activities harm them together, so no activities reinforce "
            "each other; stop the harm and plan activities that help shared indicators "
            "together."
            if joint_harm
            else _cancelled_along_words(idx, total, len(leads))
            # not "indicators or populations": two partners on one indicator for one
            # population in two places were told they work on different ones (a reviewer)
            or f"The {len(leads)} partners leading agenda work each work on different "
            "indicators, populations or places, so no activities reinforce each other; plan "
            "activities on shared indicators, for the same people in the same places, together."
        )
    return [
        _gap(
            "no-shared-work",
            Severity.WARNING,
            leads,
            {
                "lead_partners": len(leads),
                "agenda_activities": int(helping.sum()),
                "assumed_overlap_activities": len(apart),
                **sums,
            },
            text + _assumed_apart_words(apart),
        )
    ]


def _cancelled_along_words(idx: ModelArrays, total: sp.csr_array, leads: int) -> str:
    r"""Say that the direct agenda help of some activities is cancelled along pathways, if it is.

    An activity helping an agenda indicator directly (:math:`c(a, i) > 0`) leads agenda work,
    but when its own effects along pathways cancel every effect on the agenda
    (:math:`\sum_i g_i |\tilde c_{ai}| = 0`, its ``off-agenda-activity`` gap) it helps no
    shared indicator with anyone: "each work on different indicators or populations" was said
    of two partners both working on one indicator (a reviewer). ``""`` when there is none.
    """
    g = idx.goal_weight
    reach = np.asarray(abs(total) @ g, dtype=np.float64).reshape(-1)
    cancelled = np.flatnonzero(idx.helps_agenda_directly & (reach == 0)).tolist()
    if not cancelled:
        return ""
    names = [idx.activity_ids[a] for a in cancelled]
    one = len(names) == 1
    return (
        f"The {leads} partners leading agenda work never help a shared indicator together, so "
        f"no activities reinforce each other: the direct help of {_first_quoted(names)} on the "
        f"agenda is cancelled along pathways by {'its' if one else 'their'} own effects (see "
        f"{'its' if one else 'their'} off-agenda-activity gap{'' if one else 's'}), and no "
        "other activities of different partners help a shared indicator for the same people in "
        f"the same places; change {'it' if one else 'them'} so that the help carries, and plan "
        "activities on shared indicators together."
    )


def _one_lead_words(lead: str) -> str:
    """Return the head of the ``no-shared-work`` message when one partner leads all agenda work."""
    return (
        f"All agenda work is led by one partner, {lead!r}; mutually reinforcing activities need "
        "several partners working on shared indicators — bring partners in to lead parts of "
        "the work"
    )


_CONFLICT_ADVICE = (
    "resolve the conflict (the conflicting-activities gaps say who pushes against whom)"
)


def _opposed_only_words(sums: Mapping[str, float], leads: Sequence[str]) -> str:
    r"""Say that activities of different partners never help together, and meet in opposed work.

    No joint help (:math:`\sum d = 0`), so nothing reinforces: where activities of different
    partners meet on the agenda, one works against another (conflict), and perhaps they harm
    it together (joint harm) beside it.
    """
    harm = sums["joint_harm"]
    where = (
        "activities of different partners meet on shared indicators only where one works "
        f"against another (conflict {amount(sums['conflict'])})"
        + (f" or they harm them together (joint harm {amount(harm)})" if harm > 0 else "")
    )
    advice = [_CONFLICT_ADVICE, *(["stop the harm done together"] if harm > 0 else [])]
    if len(leads) == 1:
        return f"{_one_lead_words(leads[0])}; {where}: {listed(advice)}."
    advice.append("plan activities that help shared indicators together")
    return (
        f"The {len(leads)} partners leading agenda work never help a shared indicator together: "
        f"{where}, so no activities reinforce each other; {listed(advice)}."
    )


def _cancelled_help_words(
    result: Reinforcement, idx: ModelArrays, total: sp.csr_array, leads: Sequence[str]
) -> str:
    r"""Say why the joint help of activities of different partners reinforces nothing.

    Every pair between partners that helps together (:math:`d > 0`) has :math:`R = 0`: its net
    joint work :math:`d - \mathrm{conflict} - h` is 0 (judged as the engine judges it,
    :func:`~.reinforcement._reinforcement` without the redundancy), so its conflict or joint
    harm cancels the help, or the net is positive and the two activities duplicate each other
    (redundancy 1). The words name the causes found among those pairs, with their sums (not
    those of every pair between partners: the joint harm of two partners who help nothing
    together cancels no help, and was counted, beside the name of a pair that did much less of
    it); the pair whose joint harm cancels help most (sizes equal but for rounding tie, as
    :func:`~._tolerance.rank_groups` groups them; ties to the smaller ids) and the agenda
    indicator it harms most (ties likewise). Linear in the pairs: their columns, never a loop
    over them.
    """
    pairs = result.pairs
    rows = np.flatnonzero(pairs.between & (pairs.interdependence > 0))
    d = pairs.interdependence[rows]
    c = np.asarray(pairs.at("conflict", rows), dtype=np.float64)
    h = np.asarray(pairs.at("joint_harm", rows), dtype=np.float64)
    kept = np.asarray(_reinforcement(d, c, h, 0.0), dtype=np.float64) > 0  # net joint work
    duplicated = bool(kept.any())  # R = 0 with a positive net: (1 - r) = 0
    by_conflict = bool((c[~kept] > 0).any())
    harm = np.where(kept, 0.0, h)
    causes, advice = [], []
    if (harm > 0).any():
        sizes = rank_groups(harm)
        top = rows[sizes == sizes.max()]
        ids = idx.activity_ids
        # the names in order, and the smallest pair of names: whatever the positions
        a, b, x, y = min(
            (*sorted((ids[x], ids[y])), x, y)
            for x, y in zip(pairs.a[top].tolist(), pairs.b[top].tolist(), strict=True)
        )
        indicator = _most_harmed_together(idx, total, x, y)
        causes.append(
            f"the harm done together (joint harm {amount(math.fsum(h.tolist()))}, most by "
            f"{a!r} and {b!r} on {indicator!r})"
        )
        advice.append(f"stop the harm {a!r} and {b!r} do together on {indicator!r}")
    if by_conflict:
        causes.append(f"work opposed (conflict {amount(math.fsum(c.tolist()))})")
        advice.append(_CONFLICT_ADVICE)
    if duplicated:
        advice.append(
            "divide the duplicated work or merge the activities (the duplication gaps name them)"
        )
    help_words = (
        f"help shared indicators together (interdependence {amount(result.total_interdependence)})"
    )
    if causes:
        cause = (
            "that help is cancelled by "
            + " and ".join(causes)
            + (", or duplicated where it is not (redundancy 1)" if duplicated else "")
        )
    else:
        cause = "the activities helping together duplicate each other (redundancy 1)"
    todo = listed(advice)
    if len(leads) == 1:
        return (
            f"{_one_lead_words(leads[0])}; where activities of different partners {help_words}, "
            f"{cause}: {todo}."
        )
    return (
        f"Activities of the {len(leads)} partners leading agenda work {help_words}, but {cause}, "
        f"so no activities reinforce each other; {todo}."
    )


def _most_harmed_together(idx: ModelArrays, total: sp.csr_array, a: int, b: int) -> str:
    r"""Return the agenda indicator activities ``a`` and ``b`` harm most together.

    The largest :math:`g(i)\, \tilde c^{-}(a, i)\, \tilde c^{-}(b, i)`, the indicator's part of
    their joint harm (sizes grouped by :func:`~._tolerance.rank_groups`, ties to the smaller
    id).
    """
    both = sp.csr_array(total[[a, b], :]).toarray()
    harm = idx.goal_weight * np.minimum(both[0], 0.0) * np.minimum(both[1], 0.0)
    sizes = rank_groups(harm)
    return min(idx.indicator_ids[int(i)] for i in np.flatnonzero(sizes == sizes.max()).tolist())


def _apart_by_assumption(
    idx: ModelArrays, total: sp.csr_array, helping: NDArray[np.bool_]
) -> list[str]:
    r"""Return the agenda activities that meet another lead's work only where overlap is assumed.

    An activity helping the agenda (``helping``) whose populations or places are not recorded
    and that works (:math:`\tilde C \ne 0`) on an agenda indicator on which an activity of
    another lead works too, helping or harming it: under ``unspecified_overlap`` 0 they meet
    there by assumption, not observation (with an overlap they would reinforce or conflict,
    and the gap would go). One that shares no agenda indicator with another lead's work would
    stay apart whatever it recorded, and is not returned (found by fresh-eyes reviewers: it
    was counted, and one meeting only another lead's harm was not). Linear in the entries of
    :math:`\tilde C`: the leads working on each agenda indicator are counted once, by a
    product with the activities' lead matrix. Ids in order (the canonical one).
    """
    unrecorded = helping & idx.overlap_unrecorded
    if not unrecorded.any():
        return []
    agenda = np.flatnonzero(idx.goal_weight > 0)
    works = sp.csr_array(total[:, agenda])
    works.data = (works.data != 0).astype(np.float64)
    works.eliminate_zeros()
    n = len(idx.activity_ids)
    leads = sp.csr_array(
        (np.ones(n), (idx.lead, np.arange(n))), shape=(max(len(idx.partner_ids), 1), n)
    )
    by_lead = sp.csr_array(leads @ works)  # partners × agenda indicators: activities working
    shared = np.asarray((by_lead > 0).sum(axis=0)).reshape(-1) >= 2  # two leads or more
    meets = np.asarray(works @ shared.astype(np.float64)).reshape(-1) > 0
    return [idx.activity_ids[int(a)] for a in np.flatnonzero(meets & unrecorded).tolist()]


def _assumed_apart_words(apart: Sequence[str]) -> str:
    """Say which agenda activities meet another partner's work only by an assumed overlap.

    >>> _assumed_apart_words([])
    ''
    >>> print(_assumed_apart_words(["x"]))
     'x' works on an agenda indicator with another partner's activity but records no
     populations or no places, so its overlap with it is assumed to be none
     (unspecified_overlap = 0), not known: record whom it serves and where.
    >>> print(_assumed_apart_words(["x", "z"])[:70])
     'x' and 'z' work on an agenda indicator with another partner's activi
    """
    if not apart:
        return ""
    one = len(apart) == 1
    return (
        f" {_first_quoted(apart)} work{'s' if one else ''} on an agenda indicator with another "
        f"partner's activity but record{'s' if one else ''} no populations or no places, so "
        f"{'its' if one else 'their'} overlap with it is assumed to be none "
        f"(unspecified_overlap = 0), not known: record whom {'it serves' if one else 'they serve'}"
        " and where."
    )


@attrs.frozen(kw_only=True, eq=False)
class ConflictPairs:
    r"""Who pushes against whom: the pairs behind the ``conflicting-activities`` gaps, as arrays.

    Activity :math:`x` pushes against activity :math:`y` when, on an agenda indicator they
    share, :math:`x` works against the indicator's desired direction while :math:`y` works
    towards it: :math:`\operatorname{against}(x, y) > 0` (see :doc:`/scoring`). Each activity
    that pushes against any other is one ``conflicting-activities`` gap, with the number of its
    opponents and the sum of what it pushes against them; the pairs themselves — hundreds of
    thousands on a large initiative — stay here, as arrays (:meth:`opponents`,
    :meth:`to_frame`). A pair in which both activities push against each other appears twice,
    once from each side.

    Attributes
    ----------
    activity_ids
        The activity ids, in the positions ``pushing`` and ``against`` refer to (sorted).
    lead
        The lead partner of each activity, in the same positions.
    pushing, against
        Positions of the activity pushing and of the one it pushes against; rows sorted by
        ``(pushing, against)``.
    conflict
        :math:`\operatorname{against}(x, y)` of each row, :math:`> 0`.
    joint
        The joint work of the activity pushing with the other, :math:`d(x, y) +
        \operatorname{against}(x, y)`: their joint help and its own push against it (not the
        other's push against it, which is the other's gap's), the base of the gap's
        ``conflict_share``.
    not_running
        The activities of the initiative left out because they do not run on the date of
        judgement (:attr:`Reinforcement.not_running
        <collective_impact.Reinforcement.not_running>`), so that :meth:`opponents` says so
        when asked for one of them.

    Examples
    --------
    ``z`` works against indicator ``i`` (−0.5) while ``x`` and ``y`` help it (+0.5 each):
    :math:`\operatorname{against}(z, x) = \operatorname{against}(z, y) = 0.5 \cdot 0.5 =
    0.25`, and neither ``x`` nor ``y`` pushes against anyone.

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Against",
    ...     partners=[ci.Partner(id=p, name=p, sector="nonprofit") for p in "pqs"],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id=x, name=x, partners=[p], contributes={"i": c})
    ...                 for x, p, c in zip("xyz", "pqs", (0.5, 0.5, -0.5))],
    ... )
    >>> pairs = ci.assess(init).conflict_pairs()
    >>> len(pairs), pairs.opponents("z"), pairs.opponents("x")
    (2, ('x', 'y'), ())
    >>> pairs.conflict.tolist()
    [0.25, 0.25]
    """

    activity_ids: tuple[str, ...]
    lead: tuple[str, ...]
    pushing: NDArray[np.int64]
    against: NDArray[np.int64]
    conflict: NDArray[np.float64]
    joint: NDArray[np.float64]
    not_running: tuple[NotRunning, ...] = attrs.field(default=(), repr=False)

    def __len__(self) -> int:
        return int(self.pushing.size)

    def __repr__(self) -> str:
        """Return the counts, not every id and array (186,000 characters at 10,000 activities).

        Examples
        --------
        >>> import collective_impact as ci
        >>> ci.assess(ci.load_example("cradle-to-career")).conflict_pairs()
        <ConflictPairs: 8 pairs, 1 activity pushing against others; of 22 activities>
        """
        pushing = int(np.unique(self.pushing).size)
        return (
            f"<ConflictPairs: {plural(len(self), 'pair')}, "
            f"{plural(pushing, 'activity', 'activities')} pushing against others; "
            f"of {plural(len(self.activity_ids), 'activity', 'activities')}>"
        )

    def opponents(self, activity: str) -> tuple[str, ...]:
        """Return the ids of the activities ``activity`` pushes against, sorted.

        Parameters
        ----------
        activity
            An activity id of the assessed initiative.

        Returns
        -------
        tuple of str
            Empty when it pushes against none. Two binary searches: no pass over the pairs.

        Raises
        ------
        NotRunningError
            When ``activity`` is in the initiative but not assessed, because it does not run on
            the date of judgement (:attr:`not_running`): the message says when it ended or
            starts. An :class:`~collective_impact.UnknownIdError` too.
        UnknownIdError
            When the initiative has no activity ``activity`` (a :class:`KeyError` too, as
            before).

        Examples
        --------
        >>> import collective_impact as ci
        >>> pairs = ci.assess(ci.load_example("cradle-to-career")).conflict_pairs()
        >>> len(pairs.opponents("zero-tolerance-discipline")), pairs.opponents("fafsa-nights")
        (8, ())
        >>> pairs.opponents("financial-literacy")
        Traceback (most recent call last):
        ...
        collective_impact.errors.NotRunningError: activity 'financial-literacy' is in the \
initiative but not counted: it ended on 2023-05-31, before the date of judgement 2026-09-30, so \
no score, gap or pair of the assessment counts it (see Assessment.not_running); to score it, \
assess on a date it runs (assess(as_of=...), or as_of in the file)
        """
        k = activity_position(activity, self.activity_ids, self.not_running)
        lo, hi = np.searchsorted(self.pushing, [k, k + 1]).tolist()
        return tuple(self.activity_ids[int(y)] for y in self.against[lo:hi].tolist())

    def to_frame(self) -> Any:
        """Return one row per activity and an activity it pushes against.

        Returns
        -------
        pandas.DataFrame
            See :func:`collective_impact.frames.conflict_frame`.

        Raises
        ------
        MissingDependencyError
            When pandas is not installed.
        """
        from ..frames import conflict_frame

        return conflict_frame(self)


def conflict_pairs(result: Reinforcement) -> ConflictPairs:
    r"""Return every activity and each activity it pushes against, as arrays.

    Parameters
    ----------
    result
        The pair scores (:attr:`Prepared.reinforcement <collective_impact.Prepared>`).

    Returns
    -------
    ConflictPairs
        One row per ordered pair :math:`(x, y)` with :math:`\operatorname{against}(x, y) > 0`
        (beyond rounding, see :mod:`~collective_impact.analysis._tolerance`), whoever leads
        the two activities, sorted by :math:`x`, then :math:`y`.

    Notes
    -----
    Linear in the number of such pairs: only they are copied out of the pair arrays, and
    put in order by a counting sort and a merge of two sorted runs, never a general sort.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> pairs = conflict_pairs(result.reinforcement)
    >>> len(pairs) == sum(g.evidence["activities"]
    ...                   for g in result.gaps_by(code="conflicting-activities"))
    True
    """
    pairs = result.pairs
    arrays = result._arrays
    # each conflicting pair once per side that pushes against the other: (x = the one pushing
    # against, y = the other, amount, x's joint work with y); only those pairs are copied
    side_a, amount_a = pairs.positive("conflict_a")
    side_b, amount_b = pairs.positive("conflict_b")
    # in the order of (x, y) without sorting packed keys: the pairs are sorted by (a, b) with
    # a < b, so grouping those pushing as b by b (a counting sort that keeps their order,
    # ascending in a) sorts them by (x, y), and a stable sort of the x of both runs, the run
    # pushing as b first (its y, an a, is below x; that of the other, a b, above), merges the
    # two sorted runs in linear time: 0.02 s against 0.08 s for the 918,627 rows of the stress
    # case. The columns are read at the rows in their own order, and the values reordered.
    x_b = pairs.b[side_b].astype(np.int64)
    by_b = _grouped(x_b)
    x = np.concatenate([x_b[by_b], pairs.a[side_a]]).astype(np.int64, copy=False)
    y = np.concatenate([pairs.a[side_b][by_b], pairs.b[side_a]]).astype(np.int64, copy=False)
    pushed = np.concatenate([amount_b[by_b], amount_a]).astype(np.float64, copy=False)
    # x's own joint work with y: their joint help and x's push against y, d(x, y) +
    # against(x, y), not y's push against x as well: with it, y's stopping its harm raised x's
    # share (0.333, a note, to 1, a warning: a reviewer), a verdict worse for a cause removed
    engaged_b = pairs.interdependence[side_b] + amount_b
    engaged_a = pairs.interdependence[side_a] + amount_a
    engaged = np.concatenate([engaged_b[by_b], engaged_a]).astype(np.float64, copy=False)
    merged = np.argsort(x, kind="stable")  # two sorted runs: merged in linear time
    x, y, pushed, engaged = x[merged], y[merged], pushed[merged], engaged[merged]
    order = _pair_order(x, y, len(result.activity_ids))  # each (x, y) once: checked in one pass
    if order is not None:  # never, while the pairs are sorted with a < b
        x, y, pushed, engaged = x[order], y[order], pushed[order], engaged[order]
    return ConflictPairs(
        activity_ids=tuple(result.activity_ids),
        lead=tuple(arrays.partner_ids[int(p)] for p in arrays.lead.tolist()),
        pushing=x,
        against=y,
        conflict=pushed,
        joint=engaged,
        not_running=result.not_running,
    )


#: How many of its opponents a ``conflicting-activities`` message names (the strongest).
_NAMED_OPPONENTS = 3


def _conflict_gaps(
    found: ConflictPairs, cfg: ScoringConfig, unrecorded: NDArray[np.bool_]
) -> list[Gap]:
    r"""Return one gap per activity whose harm meets other activities' help on the agenda.

    ``conflict_share`` is the activity's conflict over its own joint work with the activities
    it pushes against (their joint help and its push, :math:`\sum_y d(x, y) +
    \mathrm{against}(x, y)`), a number in (0, 1], so that no cause removed raises it (with
    :math:`\mathrm{conflict}(x, y)`, which counts :math:`y`'s push against :math:`x` too, an
    activity went from a note at 0.333 to a warning at 1 when its opponent stopped harming
    what it helps), and
    ``warning_share`` the ``conflict_warning_share`` from which the gap is a warning (so that
    its impact text, which has no configuration, writes the share apart from it:
    :func:`_conflict_share`). The gap's subject is the activity pushing; whom it pushes
    against is pair-level detail, counted in its evidence, the strongest three named in its
    message, and every one in ``found``. ``unrecorded`` says, by activity, whether whom it
    serves or where is not recorded: the overlap of a pair with such an activity is
    ``unspecified_overlap``, assumed, and the gap counts those pairs (evidence
    ``assumed_overlap_pairs``) and says so, as ``duplication`` does.
    """
    x = found.pushing
    if not x.size:
        return []
    starts = np.flatnonzero(np.r_[True, x[1:] != x[:-1]])
    counts = np.diff(np.r_[starts, x.size])
    totals = np.add.reduceat(found.conflict, starts)
    bases = np.add.reduceat(found.joint, starts)
    guessed = np.add.reduceat((unrecorded[x] | unrecorded[found.against]).astype(np.int64), starts)
    # the opponents each activity pushes against most: the rows by conflict, largest first
    # (a stable sort, so of equal conflicts the first id), then grouped by the activity
    # pushing (a counting sort, which keeps that order within each activity)
    strongest = np.argsort(-found.conflict, kind="stable")
    strongest = strongest[_grouped(x[strongest])]
    names = np.asarray(found.activity_ids, dtype=object)
    pushing = names[x[starts]].tolist()
    named = [
        names[found.against[strongest[np.minimum(starts + k, x.size - 1)]]].tolist()
        for k in range(_NAMED_OPPONENTS)
    ]
    gaps = []
    rows = zip(
        pushing, counts.tolist(), totals.tolist(), bases.tolist(), guessed.tolist(), strict=True
    )
    for n, (who, many, total, base, n_assumed) in enumerate(rows):
        share = total / base
        top = [named[k][n] for k in range(min(many, _NAMED_OPPONENTS))]
        if many == 1:
            whom = f"activity {top[0]!r} pushes them ("
        elif many <= _NAMED_OPPONENTS:
            whom = f"{many} other activities ({_quoted(top)}) push them ("
        else:
            whom = f"{many:,} other activities push them (most of all {_quoted(top)}; "
        gaps.append(
            _gap(
                "conflicting-activities",
                Severity.WARNING if at_least(share, cfg.conflict_warning_share) else Severity.INFO,
                [who],  # one gap per activity, about it: its opponents are in `found`
                {
                    "conflict": total,
                    "activities": many,
                    "conflict_share": share,
                    "warning_share": cfg.conflict_warning_share,
                    "assumed_overlap_pairs": n_assumed,
                },
                f"Activity {who!r} pushes shared agenda indicators against the direction "
                f"{whom}conflict {amount(total)}, "
                f"{_conflict_share(share, cfg.conflict_warning_share)} of their joint work); "
                "change it or align it with the others."
                + _assumed_conflict_words(
                    who,
                    bool(unrecorded[x[starts[n]]]),
                    # which of its opponents record nothing: read only for such a gap
                    names[_unrecorded_of(found.against, starts[n], many, unrecorded)].tolist()
                    if n_assumed and not unrecorded[x[starts[n]]]
                    else [],
                    cfg.unspecified_overlap,
                ),
                {"pushing": who},
            )
        )
    return gaps


def _unrecorded_of(
    against: NDArray[np.int64], start: int, count: int, unrecorded: NDArray[np.bool_]
) -> NDArray[np.int64]:
    """Return the opponents ``against[start : start + count]`` recording no populations/places."""
    opponents = against[start : start + count]
    return opponents[unrecorded[opponents]]


def _assumed_conflict_words(
    who: str, itself: bool, opponents: Sequence[str], overlap: float
) -> str:
    """Say which activities of a conflict record no populations or places (its overlap assumed).

    ``itself`` says that the activity pushing, ``who``, records none (then its overlap with
    every opponent is assumed); else ``opponents`` are those of its opponents that record
    none. The overlap of whom two activities serve and where is ``unspecified_overlap`` then:
    the conflict there is a default, not an observation (a reviewer found conflicts on assumed
    overlap said nothing of it, while ``duplication`` and ``uncoordinated-interdependence``
    did; a fresh-eyes reviewer, that "with 1 of them" did not say which).

    >>> _assumed_conflict_words("z", False, [], 1.0)
    ''
    >>> print(_assumed_conflict_words("z", True, [], 1.0))
     'z' records no populations or no places, so its overlap with them is assumed
     (unspecified_overlap = 1), not known: record whom it serves and where.
    >>> print(_assumed_conflict_words("z", False, ["h3", "h4"], 0.5))
     'h3' and 'h4' record no populations or no places, so their overlap with 'z' is assumed
     (unspecified_overlap = 0.5), not known: record whom they serve and where.
    """
    if not itself and not opponents:
        return ""
    setting = f"(unspecified_overlap = {amount(overlap)}), not known"
    if itself:
        return (
            f" {who!r} records no populations or no places, so its overlap with them is "
            f"assumed {setting}: record whom it serves and where."
        )
    one = len(opponents) == 1
    return (
        f" {_first_quoted(opponents)} record{'s' if one else ''} no populations or no places, "
        f"so {'its' if one else 'their'} overlap with {who!r} is assumed {setting}: record "
        f"whom {'it serves' if one else 'they serve'} and where."
    )


def _overlap_assumed(which: str, overlap: float) -> str:
    """End a sentence ``which`` (whose pairs have no recorded overlap): the overlap is assumed."""
    return (
        f" {which}, so their overlap is assumed (unspecified_overlap = {amount(overlap)}), "
        "not known: record their populations and places."
    )


def _conflict_share(share: float, warning_share: float | None) -> str:
    """Write a ``conflict_share`` apart from the warning threshold and from all the joint work.

    0.498 under a ``conflict_warning_share`` of 0.5 (a note) is "49.8%", not "50%"; 0.996 is
    "99.6%", not "100%" (:func:`percent_apart`).

    >>> _conflict_share(0.498, 0.5), _conflict_share(0.996, 0.5), _conflict_share(0.3, None)
    ('49.8%', '99.6%', '30%')
    """
    return percent_apart(share, 1.0, *(() if warning_share is None else (warning_share,)))


def _first_quoted(ids: Sequence[str], limit: int = 3) -> str:
    """Quote the first ``limit`` ids and count the others: ``'a', 'b', 'c' and 2 others``."""
    if len(ids) <= limit:
        return _quoted(ids)
    return first_names([repr(i) for i in ids], limit)


def _labelled(ident: str, name: str) -> str:
    """Quote an id and give its name after it: ``'tutoring' (Reading tutoring)``.

    The name is isolated (:func:`~collective_impact._text.isolated`) when it holds a
    right-to-left letter or a bidirectional control, so that it cannot reorder the rest of the
    message (a name of U+202E RIGHT-TO-LEFT OVERRIDE and "Act" turned the message after it
    around); any other name is as it is.

    >>> _labelled("a", "Act"), _labelled("a", "\u202eAct") == "'a' (\u2068\u202eAct\u2069)"
    ("'a' (Act)", True)
    """
    return f"{ident!r} ({isolated(name)})"


def _quoted(ids: Sequence[str]) -> str:
    """Quote ids and join them: ``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    quoted = [repr(i) for i in ids]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


# --------------------------------------------------------------------------- network


def _network_gaps(initiative: Initiative) -> list[Gap]:
    """Isolated partners, a fragmented network and its cut points, on the tie arrays.

    Linear in partners and ties: degrees from the CSR, components with
    :func:`scipy.sparse.csgraph.connected_components`, cut points and the parts their loss
    leaves from one depth-first search (:func:`~collective_impact.analysis.network.cut_points`).
    """
    gaps: list[Gap] = []
    arrays = _tie_arrays(initiative)
    ids = arrays.ids  # sorted
    degree = np.diff(arrays.adjacency.indptr)
    backbone = initiative.backbone.organization if initiative.backbone else None
    for k in np.flatnonzero(degree == 0).tolist():
        p = ids[k]
        is_backbone = p == backbone
        gaps.append(
            _gap(
                "isolated-partner",
                Severity.CRITICAL if is_backbone else Severity.WARNING,
                [p],
                {"ties": 0.0},
                f"Partner {p!r} has no tie to any other partner"
                + (" although it is the backbone" if is_backbone else "")
                + (
                    "; it is the initiative's only partner: collective impact needs partners "
                    "from several sectors working together — invite them, and record the ties."
                    if len(ids) == 1
                    else "; bring it into regular communication with another partner (a "
                    "standing meeting, joint planning) and record the tie: sharing a working "
                    "group records none."
                ),
                {"partner": p},
            )
        )
    tied = np.flatnonzero(degree > 0)
    if tied.size:
        sub = arrays.adjacency[tied][:, tied]
        n_parts, label = csgraph.connected_components(sub, directed=False)
        if n_parts > 1:
            sizes = np.bincount(label)
            # the largest group first; of equal sizes, the backbone's, then the one with the
            # most tied pairs, and only then the one with the first id (ids sorted): the first
            # id alone made the partners "outside" another set under other names (found by a
            # reviewer renaming ids)
            first = np.full(n_parts, tied.size, dtype=np.int64)
            np.minimum.at(first, label, np.arange(tied.size))
            pairs = np.bincount(np.repeat(label, np.diff(sub.indptr)), minlength=n_parts)
            hub = np.zeros(n_parts, dtype=np.int64)
            hub[label[np.flatnonzero(np.asarray(ids, dtype=object)[tied] == backbone)]] = 1
            largest = int(np.lexsort((first, -pairs, -hub, -sizes))[0])
            outside = [ids[int(k)] for k in tied[label != largest].tolist()]
            size = int(sizes[largest])
            named = backbone if hub[largest] else ids[int(tied[first[largest]])]
            with_whom = f"the backbone {named!r}" if hub[largest] else repr(named)
            which = (
                f"one of the largest groups ({plural(size, 'partner')}), the one with {with_whom},"
                if int((sizes == size).sum()) > 1
                else f"the largest group ({plural(size, 'partner')}, with {with_whom})"
            )
            gaps.append(
                _gap(
                    "fragmented-network",
                    Severity.WARNING,
                    outside,
                    {
                        "components": n_parts,
                        "largest_component": int(sizes[largest]),
                        "partners": len(ids),
                        "partners_outside": len(outside),
                    },
                    f"The partners tied to others fall into {n_parts} separate groups "
                    "(an isolated partner is a gap of its own); connect the "
                    f"{plural(len(outside), 'partner')} outside {which} to it: "
                    f"{listed([repr(p) for p in outside])}.",
                )
            )
    for p, parts in cut_points(initiative).items():
        cut_off = sum(parts) - parts[0]
        gaps.append(
            _gap(
                "single-point-of-failure",
                Severity.WARNING,
                [p],
                {"components_without": len(parts), "partners_cut_off": cut_off},
                f"Partner {p!r} is the only link between parts of the network: without it "
                f"{plural(cut_off, 'partner')} would be cut off; add ties around it.",
                {"partner": p},
            )
        )
    return gaps


# --------------------------------------------------------------------------- backbone


def _backbone_gaps(initiative: Initiative) -> list[Gap]:
    backbone = initiative.backbone
    if backbone is None:
        return [_missing_backbone(initiative)]
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
                + listed([m.replace("_", " ") for m in missing]).replace(" and ", " nor ")
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
                    f"The backbone does not {function.value.replace('_', ' ')}; have its "
                    "staff take the function on (or a partner for it) and record the level "
                    "reached in the backbone's functions.",
                    {"backbone": backbone.organization, "function": function.value},
                )
            )
    return gaps


def _missing_backbone(initiative: Initiative) -> Gap:
    """Return the ``missing-backbone`` gap of an initiative without a backbone record.

    Backbone support is scored from the record (its staff and functions), so it is 0 without
    one; but the file may name the backbone by a partner's role ``backbone``. Then the gap
    names those partners (its subjects; its key stays ``missing-backbone()``) and asks for the
    record, instead of asking to designate a backbone the file already names.
    """
    named = sorted(p.id for p in initiative.partners if Role.BACKBONE in p.roles)
    if not named:
        message = (
            "The initiative has no backbone organisation; designate one with dedicated staff "
            "to run the effort, give it a part in an activity that helps the agenda and tie it "
            "to the partners (a new organisation in no such activity lowers the common "
            "agenda's engagement, and one with no tie the network's connectivity)."
        )
    elif len(named) == 1:
        (p,) = named
        message = (
            f"Partner {p!r} has the role 'backbone', but no backbone record gives its staff "
            f"and functions; record them (a backbone section with organization {p!r}) so "
            "backbone support can be scored."
        )
    else:
        message = (
            f"Partners {listed([repr(p) for p in named])} have the role 'backbone', but no "
            "backbone record gives the staff and functions of the one backbone organisation "
            "an initiative has; record them (a backbone section whose organization is one of "
            "them) and remove the role from the others, so backbone support can be scored."
        )
    return _gap("missing-backbone", Severity.CRITICAL, named, {}, message)


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
                    "all sectors at the table — invite one, give it a part in an activity "
                    "that helps the agenda and tie it to the partners it works with (a partner "
                    "without an activity lowers the common agenda's engagement, one without a "
                    "tie the network's connectivity), and ask it to report on the indicators "
                    "its activity helps.",
                    {"sector": sector.value},
                )
            )
    conditions = initiative.conditions
    if not initiative.champion_ids:  # listed in conditions, or by a partner's role
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
    # the minimum as it was entered: "less than 1" beside 1 year secured read as enough when
    # the minimum was 1.0000001 (a reviewer); the years secured are written apart from it
    minimum = entered(cfg.min_funding_years)
    if until is None:
        gaps.append(
            _gap(
                "short-funding",
                Severity.WARNING,
                [],
                {"min_years": cfg.min_funding_years},
                "No funding horizon is recorded; "
                + (
                    f"secure funding (an anchor funder) for at least {years_written(minimum)} "
                    "and record the date."
                    if cfg.min_funding_years > 0
                    # no minimum: what is missing is the date ("for at least 0 years" was said)
                    else "record the date until which funding is secured."
                ),
            )
        )
    elif as_of is not None:
        years = conditions.funding_years(as_of)
        assert years is not None  # a horizon is recorded
        needed = (
            f"at least {years_written(minimum)} {'is' if minimum == '1' else 'are'} needed"
            if cfg.min_funding_years > 0
            # no minimum: a horizon before the date of judgement is short of it
            else "funding up to the date of judgement is needed"
        )
        if not at_least(years, cfg.min_funding_years):
            gaps.append(
                _gap(
                    "short-funding",
                    Severity.CRITICAL if years <= 0 else Severity.WARNING,
                    [],
                    {"years_secured": years, "min_years": cfg.min_funding_years},
                    (
                        "Funding is secured for "
                        f"{amount_apart(years, cfg.min_funding_years, 2)} {_years(years)} after "
                        f"{as_of.isoformat()}, less than {minimum}"
                        if years > 0
                        # no time left: the horizon itself, without "less than 2" after a date
                        else f"Funding was secured until {until.isoformat()}, "
                        + (
                            "the date of judgement: no funding is secured after it"
                            if years == 0
                            else f"{amount(-years, 2)} {_years(-years)} before the date of "
                            "judgement, "
                            f"{as_of.isoformat()}: no funding is secured now"
                        )
                        + f" ({needed})"
                    )
                    + "; secure multi-year funding.",
                )
            )
    return gaps


def _beside_target(value: float, target: float) -> str:
    """Write a value beside the target it is judged against, as the status judges it."""
    return amount_apart(value, target, tolerance=FLOAT_NOISE)


def _frequency_of(indicator: Indicator | None) -> str | None:
    """Return an indicator's reporting frequency as text (``"annual"``...); ``None`` for none."""
    return None if indicator is None or indicator.frequency is None else indicator.frequency.value


def _measurement_gaps(
    initiative: Initiative,
    index: ModelArrays,
    records: Sequence[IndicatorMeasurement],
    as_of: dt.date | None = None,
    level: float | None = None,
    *,
    reports: PartnerReports,
) -> list[Gap]:
    gaps: list[Gap] = []
    known = {ind.id: ind for ind in initiative.indicators}
    for m in records:
        if not m.on_agenda:
            continue
        ind = known.get(m.indicator)
        future_baseline = (
            ind is not None and ind.baseline is not None and m.baseline is None
        )  # the measurement drops a baseline dated after as_of
        missing = [
            what
            for what, absent in (
                ("baseline", m.baseline is None and not future_baseline),
                ("target", m.target is None),
                ("recent observation", m.stale),
                # measured lately (by group, before the baseline, or the baseline itself),
                # yet no whole-population value from the baseline on: no progress to judge
                (
                    "whole-population observation"
                    + (" from the baseline on" if m.baseline is not None else "")
                    if m.observations > 0
                    else "observation since its baseline",
                    not m.stale and m.latest_value is None and not future_baseline,
                ),
                # its only values are of the baseline's own date: the baseline again, which
                # readiness and the phase counted as progress beside no gap
                (
                    only_baseline_words(
                        None if ind is None or ind.frequency is None else ind.frequency.value
                    ),
                    not m.stale
                    and m.latest_value is not None
                    and m.baseline is not None
                    and not m.observed_after_baseline,
                ),
                # a baseline dated after the date of judgement: the series starts then
                ("baseline yet (it is dated after the date of judgement)", future_baseline),
                (
                    "recent whole-population observation (the last on "
                    f"{m.latest_date.isoformat() if m.latest_date else ''}; only groups "
                    "since)",
                    m.series_stale,
                ),
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
                    f"Agenda indicator {_labelled(m.indicator, m.name)} has no "
                    + " and no ".join(missing)
                    + "; agree it and report it so progress can be judged.",
                    {"indicator": m.indicator},
                )
            )
    # each indicator's share of the agenda's goal weight, g(i) / sum of g: what its shortfall,
    # or the widening of its gap between groups, weighs in the order of the gaps (a goal
    # weighted 10 beside one of 0.01)
    goal_share = _goal_share_evidence(index.goal_weight)
    for m in records:
        behind = m.status in (IndicatorStatus.OFF_TRACK, IndicatorStatus.AT_RISK)
        if behind and m.target is not None:
            evidence = {
                "target": m.target,
                **goal_share(index.indicator_pos.get(m.indicator)),
            }
            if m.progress is not None:
                evidence["progress"] = m.progress
            if m.latest_value is not None:
                evidence["latest"] = m.latest_value
            # none once a value of the target date is in: the latest value says what happened
            forecast = m.forecast
            if forecast is not None:
                evidence.update(forecast=forecast.value, lower=forecast.lower, upper=forecast.upper)
                # with a frequency, the calendar period whose figure it is of, in numbers (the
                # size's words say "forecast of 2025's figure 75", as the message does)
                if m.target_date is not None:
                    cadence = _frequency_of(known.get(m.indicator))
                    evidence.update(_figure_period(m.target_date, cadence))
            off = m.status is IndicatorStatus.OFF_TRACK
            # the target date has come and its value (of its period, once that period has
            # ended, with a frequency) missed the target: a fact, not a forecast ("off track"
            # read as still reachable); met from its date (period) on and fallen back since, it
            # was not missed (the rule the status words follow)
            passed, lost = target_passed(m)
            if passed:  # the impact says how far short it fell, not how far it has to go
                evidence["target_passed"] = 1.0
            # the target date has gone by with no value of it in: the verdict is the forecast
            # of a date in the past, which "is off track for its target ... by" read as ahead
            unreported = m.target_date_unreported
            if unreported:
                evidence["target_date_unreported"] = 1.0
            # a value of the target's period is in, and the period still runs: its figure so
            # far, not final ("no value of that date or later is in" denied it)
            cadence = _frequency_of(known.get(m.indicator))
            so_far = figure_so_far(m, cadence)
            # with a frequency, the forecast is of the target period's figure, where it sits
            of_figure = "" if cadence is None else " " + forecast_words(m, cadence, at=False)
            # fallen back on a period's figure so far: a later report of it may meet it again
            running = falls_back_so_far(m, cadence)
            fell_so_far = "" if running is None else f", {running}'s figure so far"
            # met on a figure before the target's period, none of that period reported
            # (without a frequency, on a value before the target date, none of that date)
            early = met_before(m, cadence)
            early_figure = "" if cadence is None else f", {early}"
            gaps.append(
                _gap(
                    "off-track-indicator",
                    Severity.WARNING if off else Severity.INFO,
                    [m.indicator],
                    evidence,
                    f"Indicator {_labelled(m.indicator, m.name)} "
                    + (
                        # missed on its date and met later: late, with the date it was due
                        f"met its target of {entered(m.target)} late ({met_late_dates(m)}), "
                        "then fell back"
                        if lost and m.met_late
                        else f"met its target of {entered(m.target)} early (on "
                        f"{m.target_met_on}{early_figure}), then fell back"
                        if lost and early is not None
                        else f"met its target of {entered(m.target)} on {m.target_met_on}, then "
                        "fell back"
                        if lost
                        else "missed"
                        if passed
                        else "was forecast to miss"
                        if off and unreported
                        else "was at risk of missing"
                        if unreported
                        else "is off track for"
                        if off
                        else "is at risk for"
                    )
                    + ("" if lost else f" its target of {entered(m.target)} by {m.target_date}")
                    + (
                        f" (forecast{of_figure} {_beside_target(forecast.value, m.target)})"
                        if forecast is not None
                        else f" (latest {_beside_target(m.latest_value, m.target)} on "
                        f"{m.latest_date.isoformat()}{fell_so_far})"
                        if m.target_date_observed
                        and m.latest_value is not None
                        and m.latest_date is not None
                        else ""
                    )
                    + (
                        "; "
                        + (f"no figure of {so_far.unreported} is in; " if so_far.unreported else "")
                        + f"{so_far.period}'s figure so far is {so_far.value} (on "
                        f"{so_far.on}), final when the {so_far.noun} ends: review the "
                        "activities that drive it."
                        if so_far is not None
                        else "; no value of that date or later is in: report it, and review the "
                        "activities that drive it."
                        if unreported
                        else "; find what changed since, and review the activities that drive it."
                        if lost
                        else "; review the activities that drive it, and agree the next target."
                        if passed
                        else "; review the activities that drive it."
                    ),
                    {"indicator": m.indicator},
                )
            )
        if m.disparity is not None and m.disparity.widening:
            d = m.disparity
            if d.best is not None and d.worst is not None:
                between = f"{d.best!r} and {d.worst!r}"
                advice = f"target activities at {d.worst!r}."
            else:  # which way is better is unknown: no group is behind
                between = f"{d.highest!r} (highest) and {d.lowest!r} (lowest)"
                advice = (
                    "state the indicator's direction to know which group falls behind, and "
                    "target activities at it."
                )
            gaps.append(
                _gap(
                    "widening-disparity",
                    Severity.WARNING,
                    [m.indicator, d.highest, d.lowest],
                    {
                        "gap": d.gap,
                        "trend_per_year": d.trend if d.trend is not None else 0.0,
                        "p_value": d.p_value if d.p_value is not None else 1.0,
                        "dates": d.n,
                        **goal_share(index.indicator_pos.get(m.indicator)),
                    },
                    f"On {_labelled(m.indicator, m.name)} the gap between {between} "
                    f"({amount(d.gap)} on {d.date.isoformat()}) grows by "
                    f"{amount(d.trend or 0.0)} a year over {d.n} dates "
                    f"(one-sided {p_value_text(d.p_value or 0.0, level)}); "
                    # a group with no value of that date is not compared: said, not hidden
                    + (
                        f"{left_out_words(d, _frequency_of(known.get(m.indicator)), repr)}; "
                        if d.left_out
                        else ""
                    )
                    + advice,
                    {"indicator": m.indicator},
                )
            )
    direct = index.helps_agenda_directly
    aligned: dict[str, int] = {}
    led: dict[str, int] = {}  # of them, those it leads: "runs" said only of those
    for a, act in enumerate(initiative.activities):
        if direct[a]:
            for p in act.partners:
                aligned[p] = aligned.get(p, 0) + 1
            led[act.lead] = led.get(act.lead, 0) + 1
    # reporting (``reports``): a report from the baseline's period on (its date on, without a
    # frequency), as the reporting sub-measure reads it; a partner whose only reports are from
    # before the baselines (history) reports no measurement, and the message says so (its
    # report of 2012 closed the gap for good)
    silent = sorted(set(aligned) - reports.reporting)
    # observations of the agenda from the baseline's period on (in_measured_period) that name
    # no reporter (up to the date of judgement): some may be the partners' own, which the
    # message then asks to record (every partner looked silent when a file left reported_by
    # out); one from before would be history even if it were the partner's
    starts = {m.indicator: m.baseline_date for m in records if m.on_agenda}
    unnamed = (
        sum(
            1
            for ind in initiative.indicators
            if ind.id in starts
            for o in ind.observations
            if o.reported_by is None
            and (as_of is None or o.date <= as_of)
            and in_measured_period(o.date, starts[ind.id], ind.frequency)
        )
        if silent
        else 0
    )
    unnamed_words = (
        f" ({plural(unnamed, 'observation')} of the agenda's indicators "
        f"name{'s' if unnamed == 1 else ''} no reporter: if some are this partner's, "
        "record who reported them, reported_by)"
        if unnamed
        else ""
    )
    for p in silent:
        evidence = {"aligned_activities": float(aligned[p]), "observations": 0.0}
        what = "no observation"
        if p in reports.history:
            n, last = reports.history[p]
            evidence["observations"] = float(n)
            if as_of is not None:
                evidence["days_since_observation"] = float((as_of - last).days)
            what = (
                f"only before the baseline ({plural(n, 'observation')}, the last of "
                f"{last.isoformat()}: history, not a measurement of progress)"
            )
        gaps.append(
            _gap(
                "non-reporting-partner",
                Severity.WARNING,
                [p],
                evidence,
                f"Partner {p!r} {_agenda_part(aligned[p], led.get(p, 0))} but reports "
                f"{what}{unnamed_words}; agree what it will report, and when.",
                {"partner": p},
            )
        )
    return gaps


def _agenda_part(activities: int, leads: int) -> str:
    """Say the part a partner takes in the agenda's activities: runs them only if it leads them.

    A committee member read "runs 6 activities" of a partner that led one and was a co-partner
    of five (found by a reviewer of the docs).

    >>> _agenda_part(1, 1), _agenda_part(6, 6)
    ('runs 1 activity on the agenda', 'runs 6 activities on the agenda')
    >>> _agenda_part(6, 1)
    'takes part in 6 activities on the agenda (leading 1)'
    >>> _agenda_part(2, 0)
    'takes part in 2 activities on the agenda (leading none)'
    """
    what = f"{activities} activit{'y' if activities == 1 else 'ies'} on the agenda"
    if leads == activities:
        return f"runs {what}"
    return f"takes part in {what} (leading {leads if leads else 'none'})"


def _order_gaps(gaps: Iterable[Gap]) -> tuple[Gap, ...]:
    """Return ``gaps`` first things first: :attr:`Gap.sort_key`, with sizes grouped.

    Within each severity and code (:meth:`Gap._tier`) the sizes (:attr:`Gap.impact`) are
    grouped by :func:`~._tolerance.rank_groups`, largest first, and the key orders a group:
    sizes equal but for rounding tie whatever the order their terms were summed in. One sort.
    """
    listed = list(gaps)
    if not listed:
        return ()
    tiers = [g._tier() for g in listed]
    labels = {tier: n for n, tier in enumerate(sorted(set(tiers)))}
    groups = rank_groups(
        [g.impact for g in listed], within=[labels[tier] for tier in tiers]
    ).tolist()
    order = sorted(range(len(listed)), key=lambda n: (*tiers[n], -groups[n], listed[n].key))
    return tuple(listed[n] for n in order)


def detect_gaps(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> tuple[Gap, ...]:
    """Find every gap of DESIGN §5 and the shared-measurement gaps, sorted for reports.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object (its arrays,
        reinforcement and measurement are computed once and shared).
    config
        Thresholds (the defaults of :class:`~collective_impact.ScoringConfig`); with a prepared
        object, its own.
    as_of
        The date of judgement: the funding horizon is measured from it and the measurement
        codes judge the snapshot at it (see :func:`~collective_impact.prepare`); with a
        prepared object, its own.

    Returns
    -------
    tuple of Gap
        Ranked first things first (:attr:`Gap.sort_key`); the codes and their rules are in
        the module notes.

    Raises
    ------
    PathwayError
        When indicator pathways do not converge.

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (the five conditions the gaps belong to).
    - Hanleybrown, F., Kania, J. and Kramer, M. (2012). Channeling Change: Making
      Collective Impact Work. *Stanford Social Innovation Review* (the preconditions).

    Examples
    --------
    Two partners of two sectors, one activity each on the only agenda indicator, tied at 0.8;
    nothing else. The two activities reinforce each other (:math:`R = 0.64`, :math:`k = 0.8`):
    no gap of mutually reinforcing activities or communication. What is missing is reported:
    the backbone (critical), three of the five core sectors, a champion and a funding horizon,
    and the indicator's baseline, target and observations (which ``p`` and ``q`` do not
    report).

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
    ...     ties=[ci.Tie(source="p", target="q", strength=0.8)],
    ... )
    >>> for gap in detect_gaps(init):
    ...     print(gap.severity.value, gap.key)
    critical missing-backbone()
    warning short-funding()
    warning no-champion()
    warning missing-sector(sector=community)
    warning missing-sector(sector=government)
    warning missing-sector(sector=philanthropy)
    warning unmeasured-indicator(indicator=i)
    warning non-reporting-partner(partner=p)
    warning non-reporting-partner(partner=q)
    """
    prepared = prepare(initiative, config=config, as_of=as_of)
    cfg, analysed, arrays = prepared.config, prepared.analysed, prepared.arrays
    gaps = [
        *_agenda_gaps(analysed, arrays, prepared.total_contributions, prepared.measurement),
        *_reinforcement_gaps(prepared.reinforcement, cfg, arrays, prepared.total_contributions),
        *_network_gaps(analysed),
        *_backbone_gaps(analysed),
        *_precondition_gaps(analysed, cfg, prepared.as_of),
        *_measurement_gaps(
            analysed,
            arrays,
            prepared.measurement,
            prepared.as_of,
            prepared.config.disparity_level,
            reports=prepared_partner_reports(prepared),
        ),
    ]
    ordered = _order_gaps(gaps)
    keys = [g.key for g in ordered]
    if len(set(keys)) != len(keys):  # the identity of a gap must be unique: a bug otherwise
        seen: set[str] = set()
        twice = sorted({k for k in keys if k in seen or seen.add(k)})  # type: ignore[func-returns-value]
        raise AssertionError(f"internal error: gaps share a key: {twice}")
    return ordered
