r"""The five condition scores of collective impact, each in [0, 1], and their geometric mean.

Each score is the mean of documented sub-measures, so a researcher can trace every number; the
sub-measures are reported beside the scores (:attr:`ConditionScores.components`). ``overall`` is
the geometric mean of the five: a missing condition cannot be averaged away (any 0 makes it 0).

.. math::

    \text{overall} = \Bigl(\prod_{c=1}^{5} s_c\Bigr)^{1/5}
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse import csgraph

from ..config import ScoringConfig
from ..model import (
    BackboneFunction,
    FrozenMap,
    FunctionLevel,
    Indicator,
    Initiative,
    Role,
    StaffRole,
)
from . import _kernels
from ._arrays import BoolArray, ModelArrays, sample
from ._tolerance import least_at, positive
from .measurement import IndicatorMeasurement, in_measured_period
from .network import partner_ratings
from .prepared import Prepared, prepare
from .reinforcement import PairScores, _row_floor, agenda_reach

__all__ = [
    "ConditionScores",
    "backbone_support",
    "common_agenda",
    "condition_scores",
    "continuous_communication",
    "mutually_reinforcing_activities",
    "shared_measurement",
]

#: Pairs of activities read at once (bounds the memory of the communication measures).
_CHUNK = 1 << 20
#: Pairs from which the compiled kernel (numba, the extra ``fast``) reads the ties of their lead
#: partners, on up to ``_TIE_THREADS`` threads, ranges of at least ``_TIE_PART_MIN`` pairs each.
_COMPILED_TIES_MIN = 1 << 20
_TIE_THREADS = 2
_TIE_PART_MIN = 1 << 20

SCORE_KEYS = (
    "common_agenda",
    "shared_measurement",
    "mutually_reinforcing_activities",
    "continuous_communication",
    "backbone_support",
    "overall",
)


def _frozen_components(
    value: Mapping[str, Mapping[str, float]],
) -> FrozenMap[str, FrozenMap[str, float]]:
    """Return the sub-measures read-only: a caller's write changed every later report."""
    return FrozenMap({k: FrozenMap(v) for k, v in value.items()})


@attrs.frozen(kw_only=True)
class ConditionScores:
    """The five condition scores and ``overall``, each in [0, 1].

    ``components`` holds the sub-measures behind each score (``{condition: {name: value}}``).

    Examples
    --------
    >>> import collective_impact as ci
    >>> scores = ci.assess(ci.load_example("cradle-to-career")).scores
    >>> round(scores.backbone_support, 2), round(scores.overall, 3)
    (0.5, 0.625)

    The backbone staffs its three roles at 1, 0.5 and 0 FTE (a mean of 0.5 of the roles), and
    carries out two functions strongly and two partly (3 of the 6 functions' credit):

    >>> dict(scores.components["backbone_support"])
    {'staffing': 0.5, 'functions': 0.5}
    """

    common_agenda: float
    shared_measurement: float
    mutually_reinforcing_activities: float
    continuous_communication: float
    backbone_support: float
    overall: float
    components: Mapping[str, Mapping[str, float]] = attrs.field(
        eq=False, repr=False, converter=_frozen_components
    )

    def to_dict(self) -> dict[str, float]:
        """Return the six scores under their stable keys.

        Returns
        -------
        dict of str to float
            ``{key: score}`` for the keys of ``SCORE_KEYS``: the five conditions in the order of
            Kania & Kramer (2011), then ``overall``; :attr:`components` are left out.

        Examples
        --------
        >>> import collective_impact as ci
        >>> scores = condition_scores(ci.load_example("workforce")).to_dict()
        >>> {key: round(value, 3) for key, value in scores.items()}
        {'common_agenda': 0.97, 'shared_measurement': 0.767,
         'mutually_reinforcing_activities': 0.603, 'continuous_communication': 0.796,
         'backbone_support': 0.875, 'overall': 0.792}
        """
        return {k: float(getattr(self, k)) for k in SCORE_KEYS}


def _mean(values: Mapping[str, float | None]) -> float:
    defined = [v for v in values.values() if v is not None]
    return float(sum(defined) / len(defined)) if defined else 0.0


def _clean(values: Mapping[str, float | None]) -> dict[str, float]:
    return {k: float(v) for k, v in values.items() if v is not None}


def _partners_of(arrays: ModelArrays, activities: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Whether each partner takes part in one of the ``activities`` (a mask over activities)."""
    table = arrays.partner_sets
    sets = np.unique(table.of[np.asarray(activities, dtype=bool)])
    involved = np.zeros(len(arrays.partner_ids), dtype=bool)
    involved[table.members[sets].indices] = True
    return involved


def agenda_helpers(arrays: ModelArrays, total: sp.csr_array) -> BoolArray:
    r"""Return whether each activity helps the common agenda on balance.

    Its net total agenda effect :math:`e_a = \sum_i g(i)\,\tilde c(a, i)` is positive beyond
    rounding (:func:`~._tolerance.positive`, against :math:`\sum_i g(i)\,|\tilde c(a, i)|`).
    One rule for the common agenda's engagement (:func:`engaged_partners`), the severity of the
    ``harmful-activity`` gap (a warning for an activity that harms the agenda and does not help
    it on balance, a note for one that does) and the ``unengaged-partners`` gap.

    Parameters
    ----------
    arrays
        The arrays of the initiative (its running activities).
    total
        :math:`\tilde C`, activities × indicators, in the positions of ``arrays``.

    Returns
    -------
    numpy.ndarray of bool
        One entry per activity of ``arrays``.
    """
    g = arrays.goal_weight
    net = np.asarray(total @ g).reshape(-1)
    helpers = positive(net, np.asarray(abs(total) @ g).reshape(-1))
    return np.asarray(helpers, dtype=np.bool_)


def engaged_partners(arrays: ModelArrays, total: sp.csr_array) -> BoolArray:
    r"""Return whether each partner (``arrays.partner_ids``) takes part in agenda work.

    A partner is engaged when it takes part (as lead or not) in a running activity whose net
    total agenda effect :math:`e_a = \sum_i g(i)\,\tilde c(a, i)` is positive beyond rounding
    (:func:`agenda_helpers`). One rule for the common agenda's engagement and the
    ``unengaged-partners`` gap.
    """
    return _partners_of(arrays, agenda_helpers(arrays, total))


def backbone_positions(initiative: Initiative, arrays: ModelArrays) -> list[int]:
    """Return the positions of the backbone organisation.

    The backbone record's organisation, else the partners with the role ``backbone`` (a
    backbone known by its role only, perhaps several).
    """
    if arrays.backbone >= 0:
        return [arrays.backbone]
    return sorted(arrays.partner_pos[p.id] for p in initiative.partners if Role.BACKBONE in p.roles)


def engagement_base(initiative: Initiative, arrays: ModelArrays, engaged: BoolArray) -> int:
    """Return the number of partners engagement counts: all, but a backbone in no agenda work.

    The backbone organisation's work is the initiative's coordination, scored by backbone
    support: unless it takes part in an activity that helps the agenda, it is left out of
    engagement rather than counted as a partner who is not engaged (a backbone running no
    activity of its own lowered the common agenda of every initiative that has one). The
    backbone is the record's organisation, else the partners with the role ``backbone``
    (:func:`backbone_positions`): one known by its role alone was told to join agenda work
    beside the gap asking for its record.
    """
    out = sum(1 for b in backbone_positions(initiative, arrays) if not bool(engaged[b]))
    return len(arrays.partner_ids) - out


def common_agenda(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> dict[str, float]:
    r"""Sub-measures of the common agenda condition; the score is their mean.

    Only work that helps counts: contributions are effects in each indicator's desired
    direction, and harm never covers a goal, focuses work or engages a partner.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object.
    config
        Weights (``pathway_weight``, through :math:`\tilde C`); with a prepared object, its own.
    as_of
        The date of judgement (see :func:`~collective_impact.prepare`): only the activities
        running on it count; with a prepared object, its own.

    Returns
    -------
    dict of str to float
        ``goal_coverage``, ``focus`` and ``engagement``, each in [0, 1].

    Notes
    -----
    .. math::

        \text{goal coverage} = \frac{\sum_{G} w_G [\exists i \in G: \sum_a c_{ai} > 0]}
                                     {\sum_G w_G}, \quad
        \text{focus} = \frac{\sum_{a,i} [g_i > 0 \lor r_{ai}] \max(c_{ai}, 0)}
                            {\sum_{a,i} |c_{ai}|}, \quad
        \text{engagement} = \frac{|\{p : p \text{ performs an activity helping the agenda}\}|}
                                 {|P|}

    Help on an indicator serves the agenda when the indicator is on it (:math:`g_i > 0`) or
    drives an agenda indicator along pathways, :math:`r_{ai}`: what it carries along pathways,
    :math:`c_{ai} \rho_i` with :math:`\rho = ((I - \lambda W)^{-1} - I)\,\mathbf{1}_{agenda}`
    (:func:`~collective_impact.analysis.reinforcement.agenda_reach`), is positive and at least
    the cut of :math:`\tilde C` for the activity
    (:data:`~collective_impact.analysis.reinforcement.PATHWAY_TOLERANCE` of its largest direct
    contribution), as the ``off-agenda-activity`` gap reads it. The weights of ``drives`` are
    positive, so :math:`\rho_i > 0` is "an agenda indicator lies downstream of :math:`i`";
    with ``pathway_weight`` 0 only direct help on the agenda counts.
    The denominator is all direct contribution, help and harm. An activity *helps the agenda*
    when its net total effect is positive, :math:`\sum_i g_i \tilde c_{ai} > 0`. Each is 0
    when its denominator is (no goals, no contributions).

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (a common agenda).

    Examples
    --------
    Two partners, one activity each on the only agenda indicator: ``x`` (+0.8) and ``y``
    (−0.4). The indicator's net effect is 0.8 − 0.4 = 0.4 > 0, so the goal is covered (1.0);
    focus = 0.8 / (0.8 + 0.4) = 2/3; only ``x`` helps the agenda, so engagement = 1/2.

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": -0.4})],
    ... )
    >>> {k: round(v, 4) for k, v in common_agenda(init).items()}
    {'goal_coverage': 1.0, 'focus': 0.6667, 'engagement': 0.5}

    Help through a pathway serves the agenda too: a third partner's activity ``z`` (+0.6) on an
    off-agenda indicator ``u`` that drives ``i`` (``w`` 0.5; a unit on ``u`` moves ``i`` by
    0.5 × 0.5 = 0.25 > 0) makes focus (0.8 + 0.6) / (0.8 + 0.4 + 0.6) = 7/9, and with its net
    agenda effect 0.6 × 0.25 = 0.15 > 0 engagement 2/3. With ``pathway_weight`` 0 the help on
    ``u`` serves nothing: focus 0.8 / 1.8 = 4/9, engagement 1/3.

    >>> init = init.evolve(
    ...     partners=[*init.partners, ci.Partner(id="r", name="R", sector="community")],
    ...     indicators=[*init.indicators, ci.Indicator(id="u", name="U", drives={"i": 0.5})],
    ...     activities=[*init.activities,
    ...                 ci.Activity(id="z", name="Z", partners=["r"], contributes={"u": 0.6})],
    ... )
    >>> {k: round(v, 4) for k, v in common_agenda(init).items()}
    {'goal_coverage': 1.0, 'focus': 0.7778, 'engagement': 0.6667}
    >>> {k: round(v, 4) for k, v in common_agenda(
    ...     init, config=ci.ScoringConfig(pathway_weight=0.0)).items()}
    {'goal_coverage': 1.0, 'focus': 0.4444, 'engagement': 0.3333}
    """
    prepared = prepare(initiative, config=config, as_of=as_of)
    return dict(prepared.cached("common_agenda", lambda: _common_agenda(prepared)))


def _common_agenda(prepared: Prepared) -> dict[str, float]:
    initiative, arrays, total = prepared.analysed, prepared.arrays, prepared.total_contributions
    weights = math.fsum(g.weight for g in initiative.goals)
    covered = math.fsum(
        g.weight
        for g, helped in zip(initiative.goals, arrays.goals_covered(initiative.goals), strict=True)
        if helped
    )
    # both sums exactly rounded (math.fsum), so they depend on no order: renaming ids, which
    # reorders the contributions, moved focus in the last bit. Each term of on_agenda is at
    # most its term of all_c, so the exact sums are ordered and, rounding being monotone,
    # focus <= 1 exactly.
    contributions = arrays.contributions
    c = np.asarray(contributions.data, dtype=np.float64)
    # help serves the agenda on an agenda indicator, or on one driving an agenda indicator
    # along pathways by more than the cut of C~: c_ai * rho_i at least PATHWAY_TOLERANCE of the
    # activity's largest direct contribution (so that focus and the off-agenda-activity gap,
    # which reads C~, agree on which help reaches the agenda)
    on_goal = np.asarray(arrays.goal_weight)[contributions.indices] > 0
    reach = agenda_reach(arrays, prepared.config.pathway_weight)[contributions.indices]
    rows = np.repeat(np.arange(contributions.shape[0]), np.diff(contributions.indptr))
    along = c * reach
    agenda = on_goal | ((along > 0) & (along >= _row_floor(contributions)[rows]))
    all_c = math.fsum(np.abs(c).tolist())
    on_agenda = math.fsum(c[(c > 0) & agenda].tolist())
    engaged = engaged_partners(arrays, total)
    counted = engagement_base(initiative, arrays, engaged)
    return {
        "goal_coverage": covered / weights if weights > 0 else 0.0,
        "focus": on_agenda / all_c if all_c > 0 else 0.0,
        "engagement": int(engaged.sum()) / counted if counted else 0.0,
    }


@attrs.frozen
class PartnerReports:
    """Who reports a measurement, and what the others report: history before the baselines.

    Attributes
    ----------
    reporting
        The partners named in the ``reported_by`` of some observation (of any indicator, of
        the whole population or of a group) dated up to ``as_of`` and in its indicator's
        measured period (:func:`in_measured_period`: from the baseline's reporting period on,
        with a ``frequency``; from its date on, without one; any date when the indicator has
        no baseline known on ``as_of``): :math:`P_{reporting}` of the shared measurement
        condition.
    history
        Each other partner that reports observations up to ``as_of``, all of them dated
        before their indicators' measured periods (history, turn-the-curve's, not a
        measurement of the period the initiative answers for): ``(number of its
        observations, the date of the last)``.
    """

    reporting: frozenset[str]
    history: FrozenMap[str, tuple[int, dt.date]]


def partner_reports(
    indicators: Iterable[Indicator],
    records: Iterable[IndicatorMeasurement],
    as_of: dt.date | None,
) -> PartnerReports:
    """Return the partners reporting in the measured period, and those reporting only before it.

    One rule for the *reporting* sub-measure of shared measurement, the
    ``non-reporting-partner`` gap and the diff's "now reports". The measured period of an
    indicator begins with its baseline (docs/measurement.md; :func:`in_measured_period`): with
    a reporting ``frequency``, with the baseline's period (a report of the baseline's year
    counts whether the annual baseline is dated in June or in December of it); without one,
    on the baseline's date, whose own reports count. An observation of an earlier period (date)
    is history: a partner whose only report was of 2012, before the baselines of 2020, counted
    as reporting for good (reporting 1 and no gap).

    Parameters
    ----------
    indicators
        The indicators (their observations).
    records
        Their measurement records: the baseline known on ``as_of`` is each one's
        ``baseline_date`` (``None`` without one, or dated after ``as_of``). An indicator
        without a record is read as having no baseline.
    as_of
        The date of judgement: observations dated after it are left out (``None``: none are).

    Returns
    -------
    PartnerReports
        The partners reporting, and the history of the others. One pass over the
        observations.

    Examples
    --------
    ``q``'s only report is of 2012, before the baseline of 2020: history, not reporting.

    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> ind = ci.Indicator(
    ...     id="x", name="X", baseline=ci.DatedValue(date=dt.date(2020, 6, 30), value=39.0),
    ...     observations=[ci.Observation(date=dt.date(2021, 6, 30), value=40.0, reported_by="p"),
    ...                   ci.Observation(date=dt.date(2012, 6, 30), value=30.0, reported_by="q")])
    >>> day = dt.date(2025, 9, 30)
    >>> seen = partner_reports([ind], [ci.measure_indicator(ind, as_of=day)], day)
    >>> sorted(seen.reporting), dict(seen.history)
    (['p'], {'q': (1, datetime.date(2012, 6, 30))})
    """
    starts = {m.indicator: m.baseline_date for m in records}
    reporting: set[str] = set()
    history: dict[str, tuple[int, dt.date]] = {}
    for ind in indicators:
        start, frequency = starts.get(ind.id), ind.frequency
        for o in ind.observations:
            who = o.reported_by
            if who is None or (as_of is not None and o.date > as_of):
                continue
            if in_measured_period(o.date, start, frequency):
                reporting.add(who)
            else:
                n, last = history.get(who, (0, o.date))
                history[who] = (n + 1, max(last, o.date))
    return PartnerReports(
        reporting=frozenset(reporting),
        history=FrozenMap({p: v for p, v in sorted(history.items()) if p not in reporting}),
    )


def prepared_partner_reports(prepared: Prepared) -> PartnerReports:
    """Return :func:`partner_reports` of a prepared initiative, computed once and kept.

    The reporting sub-measure and the ``non-reporting-partner`` gap read the same answer.
    """
    return prepared.cached(
        "partner_reports",
        lambda: partner_reports(prepared.analysed.indicators, prepared.measurement, prepared.as_of),
    )


def shared_measurement(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> dict[str, float | None]:
    r"""Sub-measures of the shared measurement condition; the score is the mean of those defined.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object.
    config
        Thresholds (``stale_after_periods``, ``stale_after_days``); with a prepared object, its
        own.
    as_of
        The date of judgement (see :func:`~collective_impact.prepare`); with a prepared
        object, its own.

    Returns
    -------
    dict of str to float or None
        ``readiness``, ``reporting`` and ``freshness``, each in [0, 1]; ``reporting`` is
        ``None`` when no partner helps an agenda indicator directly (no one is expected to
        report: the share is undefined, and left out of the mean, not 0); ``freshness`` is left
        out when the initiative has no indicator.

    Notes
    -----
    .. math::

        \text{readiness} = \frac{\sum_i g_i [\text{baseline}_i \wedge \text{target}_i \wedge
                                 \text{observed}_i]}{\sum_i g_i}, \quad
        \text{reporting} = \frac{|\{p \in P_{agenda} : p \text{ reports a measurement}\}|}
                                {|P_{agenda}|}, \quad
        \text{freshness} = \frac{\sum_i g_i [\text{not stale}_i]}{\sum_i g_i}

    where :math:`P_{agenda}` are the partners of activities helping an agenda indicator
    directly (:math:`c_{ai} > 0`, :math:`g_i > 0`), and an indicator is *stale* when it has no
    measurement (an observation, or its baseline: a recent baseline keeps it fresh) or its last
    one is older than ``stale_after_periods`` reporting periods, counted on the calendar
    (``stale_after_days`` days without a frequency), on ``as_of`` (see
    :func:`~collective_impact.analysis.measurement.fresh_until`). Readiness and freshness are 0
    when no indicator is on the agenda (there is no shared measurement of it); reporting is ``None``
    when :math:`P_{agenda}` is empty.
    *Observed* and *reports* count only observations up to ``as_of``: the snapshot the
    assessment judges. A partner *reports a measurement* when it is named in the
    ``reported_by`` of an observation (of any indicator, whole-population or group) of its
    indicator's measured period: from the baseline's reporting period on with a
    ``frequency`` (a report of the baseline's year counts beside an annual baseline, whichever
    day of the year it is dated), from the baseline's date on without one, any date when no
    baseline is known (:func:`partner_reports`, :func:`in_measured_period`); a report from
    before is history, not the measured period. (Before, any report counted: a partner whose
    only report was of 2012, before the baselines of 2020, was reporting for good.) An
    indicator is *observed* when it has a
    whole-population value dated after its baseline
    (:attr:`~collective_impact.IndicatorMeasurement.observed_after_baseline`; a value of the
    baseline's own date, or of its reporting period, is the baseline again): one observed
    only before its baseline, or only for groups, shows no progress, and has its
    ``unmeasured-indicator`` gap.

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (shared measurement systems).

    Examples
    --------
    One agenda indicator with a baseline, a target and one observation reported by ``p``;
    ``p`` and ``q`` both help it directly. Readiness 1 (baseline, target and an observation);
    reporting 1/2 (``p`` reports, ``q`` does not); freshness 1 (the observation is on the date
    of judgement, its own date by default).

    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> day = dt.date(2024, 6, 1)
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(
    ...         id="i", name="I",
    ...         baseline=ci.DatedValue(date=dt.date(2024, 1, 1), value=10.0),
    ...         target=ci.DatedValue(date=dt.date(2030, 1, 1), value=20.0),
    ...         observations=[ci.Observation(date=day, value=11.0, reported_by="p")])],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
    ... )
    >>> shared_measurement(init)
    {'readiness': 1.0, 'reporting': 0.5, 'freshness': 1.0}
    """
    prepared = prepare(initiative, config=config, as_of=as_of)
    initiative, arrays, records = prepared.analysed, prepared.arrays, prepared.measurement
    g = arrays.goal_weight
    # reporting: a report from the baseline's period on (its date on, without a frequency;
    # any report without a known baseline); one from before is history, and kept a partner
    # "reporting" for good
    reporters = prepared_partner_reports(prepared).reporting
    # observed: a whole-population value dated after the baseline (the measurement's latest
    # value), as the unmeasured-indicator gap asks; an observation before the baseline, of
    # a group only, or of the baseline's own date (the baseline again, as files often repeat
    # it) shows no progress (each made readiness 1 beside that gap). The baseline is the
    # measurement's: one dated after the date of judgement is not known yet.
    ready = np.array(
        [m.target is not None and m.observed_after_baseline for m in records], dtype=bool
    )
    # sums over indicators, whose positions follow the ids: exactly rounded (math.fsum), so
    # that renaming ids moves no bit (a numpy sum read 0.7941176470588237 and ...236 for one
    # initiative under two namings)
    weights = g.tolist()
    total_g = math.fsum(weights)

    def weighted_share(chosen: Sequence[bool]) -> float:
        if total_g <= 0:
            return 0.0
        return math.fsum(w for w, yes in zip(weights, chosen, strict=True) if yes) / total_g

    direct_agenda = arrays.helps_agenda_directly
    aligned = _partners_of(arrays, direct_agenda)
    reports = np.zeros(aligned.size, dtype=bool)
    reports[[arrays.partner_pos[r] for r in reporters if r in arrays.partner_pos]] = True
    n_aligned = int(aligned.sum())
    out: dict[str, float | None] = {
        "readiness": weighted_share(ready.tolist()),
        # no partner helps the agenda directly: no one is expected to report, so the share is
        # undefined (left out of the mean), not 0 ("no partner reports")
        "reporting": int((aligned & reports).sum()) / n_aligned if n_aligned else None,
    }
    if records:
        fresh = np.array([not m.stale for m in records], dtype=bool)
        out["freshness"] = weighted_share(fresh.tolist())
    return out


def mutually_reinforcing_activities(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> dict[str, float | None]:
    r"""Sub-measures of the mutually reinforcing activities condition.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object.
    config
        Weights and thresholds of the reinforcement scores; with a prepared object, its own.
    as_of
        The date of judgement (see :func:`~collective_impact.prepare`): only the activities
        running on it count; with a prepared object, its own.

    Returns
    -------
    dict of str to float or None
        ``alignment_index`` (``None`` when undefined), ``efficiency`` (``None`` when there is
        no joint work: it was 0, read as "all joint work lost") and ``score`` (the condition's
        score), each in [0, 1].

    Notes
    -----
    .. math::

        s = \frac{\sum R\,k}{\sum (d + \mathrm{conflict} + h)}
          = \text{index} \cdot \frac{\sum R}{\sum (d + \mathrm{conflict} + h)}

    over the pairs of activities with different lead partners. The coordinated share of the
    work partners do on shared indicators: the alignment index times the *efficiency*
    :math:`\sum R / \sum (d + \mathrm{conflict} + h)`, the part of the joint work (helping,
    opposed, or harming together: joint harm :math:`h`) not lost to conflict, joint harm or
    duplication. Conflict and joint harm both enter the denominator and both cancel the
    pair's joint help in :math:`R = \max(0, d - \mathrm{conflict} - h)(1 - r)`
    (:func:`~collective_impact.reinforcement_scores`), the pair's net joint work on the
    agenda: where another partner's activity harms an indicator, an activity's harm of it
    alongside and its help against it take the same from that net. (Joint harm entered the
    denominator only, so harm done alongside scored better than help against it.) For the same
    help, harm can only lower the score: two activities that both harm an indicator they share
    are not mutually reinforcing, however well coordinated. Harm that cancels an activity's
    own help (help and harm net out before they are split) takes that help away instead, and
    the score, a share, can then rise (docs/scoring.md). 0 when no two partners' activities
    reinforce each other (:math:`\sum R = 0`: they do not meet on the agenda, or the conflict
    and joint harm of those that help together cancel that help; the ``no-shared-work`` gap
    says which).
    With two pairs, one of :math:`d = 0.64`, conflict 0, :math:`R = 0.64`, :math:`k = 0.8` and
    one of :math:`d = 0`, conflict 0.32: :math:`s = 0.64 \cdot 0.8 / (0.64 + 0.32) = 0.5333`,
    the index 0.8 and the efficiency 0.64 / 0.96 = 0.6667.

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (mutually reinforcing activities).

    Examples
    --------
    Two partners tied at 0.8, one activity each, both +0.8 on the only agenda indicator:
    :math:`d = R = 0.8 \cdot 0.8 = 0.64`, no conflict, :math:`k = 0.8`; so the index is
    0.64 · 0.8 / 0.64 = 0.8, the efficiency 0.64 / 0.64 = 1 and the score 0.8.

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
    >>> {k: round(v, 12) for k, v in mutually_reinforcing_activities(init).items()}
    {'alignment_index': 0.8, 'efficiency': 1.0, 'score': 0.8}
    """
    result = prepare(initiative, config=config, as_of=as_of).reinforcement
    # joint work on shared indicators: helping (d), opposed (conflict) or harming together (h)
    engaged = result.total_interdependence + result.total_conflict + result.total_joint_harm
    out: dict[str, float | None] = {
        "alignment_index": result.index,
        # the share of no joint work is no number: undefined, as the index (the score is 0)
        "efficiency": result.total_reinforcement / engaged if engaged > 0 else None,
        "score": result.coordinated_reinforcement / engaged if engaged > 0 else 0.0,
    }
    return out


def continuous_communication(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> dict[str, float | None]:
    r"""Sub-measures of the continuous communication condition; the score is their mean.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object.
    config
        ``weak_tie``, and the weights of the reinforcement scores; with a prepared object, its
        own.
    as_of
        The date of judgement (see :func:`~collective_impact.prepare`): only the activities
        running on it count; with a prepared object, its own.

    Returns
    -------
    dict of str to float or None
        ``connectivity``, ``backbone_reach``, ``coverage`` and ``trust``, each in [0, 1] or
        ``None`` when undefined (left out of the mean).

    Notes
    -----
    .. math::

        \text{connectivity} = \frac{|\text{largest component}|\,[\,|\cdot| \ge 2]}{|P|}, \quad
        \text{backbone reach} = \frac{|\{p \ne B : \text{dist}(p, B) \le 2\}|}{|P| - 1}, \quad
        \text{coverage} = \frac{\sum_{p \ne q} I_{pq} [t_{pq} \ge t_{weak}]}{\sum_{p\ne q} I_{pq}}

    on the undirected tie graph; :math:`I_{pq}` is the reinforcement :math:`\sum R` of the
    activity pairs led by :math:`p` and :math:`q`, so *coverage* is the share of interdependence
    between partners that runs over a tie at least ``weak_tie`` strong; *trust* is the mean
    PARTNER-tool trust rating of the rated partners mapped from the 1–4 scale to [0, 1],
    :math:`(\bar t - 1)/3` (see :func:`~collective_impact.analysis.network.partner_ratings`).
    ``backbone_reach`` is 0 without a backbone; ``coverage`` is ``None`` when no two
    partners' activities reinforce each other, and ``trust`` when no tie carries trust ratings.
    Coverage is left out too when all joint help between partners is cancelled by conflict or
    joint harm (:math:`\sum R = 0`), which can *raise* the score: two partners tied only to a
    third, helping an indicator together over no tie, score (1 + 0 + 0) / 3; when both also
    harm another indicator enough to cancel that help, (1 + 0) / 2 (docs/scoring.md). The
    ``no-shared-work`` gap then says that the help is cancelled.

    Trust likewise joins the mean only once some tie carries a rating, so the first rated tie
    can *lower* the score while it closes a gap: the backbone ``b`` tied to ``p1``-``p7``,
    ``p7`` to ``p8``, ``q`` untied, scores (0.9 + 0.889) / 2 = 0.8944 (connectivity 9/10,
    reach 8/9); tying ``q`` to ``b`` with trust rated 3 of 4 makes connectivity and reach 1
    and closes the ``isolated-partner`` gap, but trust (3 - 1) / 3 = 0.667 enters:
    (1 + 1 + 0.667) / 3 = 0.8889 (docs/scoring.md).

    No ties means no communication: a partner alone is not a connected component (a largest
    component of one partner counts 0), and the backbone reaching itself is not reach (it is
    left out of its own reach; with a single partner the reach is undefined). So an initiative
    without ties scores 0, whatever its size, and the ``isolated-partner`` gaps it raises say
    why.

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (continuous communication).
    - Varda, D. M., Chandra, A., Stern, S. A. and Lurie, N. (2008). Core dimensions of
      connectivity in public health collaboratives. *Journal of Public Health Management and
      Practice* 14(5), E1–E7 (trust).

    Examples
    --------
    Three partners, the backbone ``b`` tied to ``p`` and nobody to ``q``: the largest component
    is {b, p}, connectivity 2/3; ``p`` is within two steps of ``b`` and ``q`` is not, reach
    1/2; with no activities there is no coverage and no trust ratings, so the score is
    (2/3 + 1/2) / 2 = 0.5833.

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Three",
    ...     partners=[ci.Partner(id=x, name=x, sector="nonprofit") for x in ("b", "p", "q")],
    ...     ties=[ci.Tie(source="b", target="p")],
    ...     backbone=ci.Backbone(organization="b"),
    ... )
    >>> parts = continuous_communication(init)
    >>> round(parts["connectivity"], 4), parts["backbone_reach"], parts["coverage"]
    (0.6667, 0.5, None)
    """
    prepared = prepare(initiative, config=config, as_of=as_of)
    initiative, arrays, result = prepared.analysed, prepared.arrays, prepared.reinforcement
    # the undirected tie graph (every partner a node) is the pattern of the tie matrix
    graph = arrays.tie_strength
    n = len(initiative.partners)
    _, component = csgraph.connected_components(graph, directed=False)
    largest = int(np.bincount(component).max()) if n else 0
    if largest < 2:  # a partner alone communicates with nobody
        largest = 0
    reach: float | None = 0.0
    if initiative.backbone is not None:
        near = np.zeros(n, dtype=bool)  # within two steps of the backbone
        near[arrays.backbone] = True
        first = graph.indices[graph.indptr[arrays.backbone] : graph.indptr[arrays.backbone + 1]]
        near[first] = True
        near[graph[first].indices] = True
        reach = (int(near.sum()) - 1) / (n - 1) if n > 1 else None
    pairs = result.pairs
    # the pairs led by two partners (``between``), and which of those over a tie at least
    # weak_tie strong, then one sum over each
    cross = pairs.between
    coverage: float | None = None
    counted = pairs.at("reinforcement", cross)
    weight = float(counted.sum())
    if weight > 0:
        # at least weak_tie up to rounding, as the coordination gaps judge the same ties
        # (:func:`~._tolerance.below`): a weak_tie of 0.1 + 0.2 against a tie of 0.3 moved
        # the coverage by a third while no gap changed
        weak = prepared.config.weak_tie
        strong = _strong_pairs(arrays, pairs, cross, least_at(weak))
        # the same sum with the weak pairs as 0 (not the strong ones alone, summed in another
        # order): at most the whole, so coverage <= 1 exactly
        counted[~strong] = 0.0
        coverage = float(counted.sum()) / weight
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


def _strong_pairs(
    arrays: ModelArrays,
    pairs: PairScores,
    cross: BoolArray,
    weak: float,
    *,
    compiled: bool | None = None,
) -> BoolArray:
    """Whether the lead partners of each pair between partners (``cross``) are tied strongly.

    One flag per pair of ``cross``, in order: the strength of the tie between the pair's lead
    partners (0 without one) is at least ``weak``. With numpy, chunk by chunk (the pairs may
    be millions) through :func:`~._arrays.sample`; with the compiled kernel (``strong_ties``,
    numba; by default from ``_COMPILED_TIES_MIN`` pairs on), a binary search in the tie
    matrix's row of each pair's first lead partner, over ranges of the pairs on threads. The
    same flags either way (a test compares them).
    """
    matrix = arrays.tie_strength
    lead = np.asarray(arrays.lead, dtype=np.int64)
    n_p = int(matrix.shape[0])
    chosen = compiled is not None
    large = len(pairs) >= _COMPILED_TIES_MIN
    compiled = _kernels.wanted(
        compiled, large, "tie kernel", "reading the ties with numpy instead", stacklevel=3
    )
    if (
        compiled
        and matrix.has_canonical_format  # sorted indices, no repeats: a binary search finds a tie
        and (lead.size == 0 or 0 <= lead.min() <= lead.max() < n_p)  # the kernel does not check
    ):
        found = _strong_pairs_compiled(arrays, pairs, cross, weak, strict=chosen)
        if found is not None:
            return found
    parts = []
    for lo in range(0, len(pairs), _CHUNK):
        part = cross[lo : lo + _CHUNK]
        lp = lead[pairs.a[lo : lo + _CHUNK][part]]
        lq = lead[pairs.b[lo : lo + _CHUNK][part]]
        parts.append(sample(matrix, lp, lq) >= weak)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _strong_pairs_compiled(
    arrays: ModelArrays, pairs: PairScores, cross: BoolArray, weak: float, *, strict: bool
) -> BoolArray | None:
    """:func:`_strong_pairs` by the kernel ``strong_ties``: ``None`` if it fails to compile."""
    kernel = _kernels.kernels().strong_ties
    matrix = arrays.tie_strength
    a = np.asarray(pairs.a, dtype=np.int64)
    b = np.asarray(pairs.b, dtype=np.int64)
    flags = np.asarray(cross, dtype=np.bool_)
    lead = np.asarray(arrays.lead, dtype=np.int64)
    indptr = np.asarray(matrix.indptr, dtype=np.int64)
    indices = np.asarray(matrix.indices, dtype=np.int64)
    data = np.asarray(matrix.data, dtype=np.float64)
    parts = max(1, min(_TIE_THREADS, _kernels.usable_cpus(), a.size // max(_TIE_PART_MIN, 1)))
    ranges, starts = _kernels.flagged_ranges(flags, parts)
    out = np.empty(int(np.count_nonzero(flags)), dtype=np.bool_)

    def flag(j: int) -> None:
        lo, hi = ranges[j]
        kernel(a, b, flags, lead, indptr, indices, data, float(weak), lo, hi, starts[j], out)

    def run() -> BoolArray:
        for _ in _kernels.map_threads(flag, range(parts), _TIE_THREADS):
            pass
        return out

    # compiled at the first call (in a thread): a failure there gives numpy's flags instead
    found: BoolArray | None = _kernels.compiled_or(
        "tie kernel",
        "reading the ties with numpy instead",
        run,
        lambda: None,
        strict=strict,
        stacklevel=4,
    )
    return found


def backbone_support(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> dict[str, float]:
    r"""Sub-measures of the backbone support condition; the score is their mean.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object.
    config
        ``partial_function_credit``; with a prepared object, its own.
    as_of
        The date of judgement (see :func:`~collective_impact.prepare`), as the other
        conditions take it; the backbone's staffing and functions do not depend on it.

    Returns
    -------
    dict of str to float
        ``staffing`` and ``functions``, each in [0, 1]; both 0 without a backbone.

    Notes
    -----
    .. math::

        \text{staffing} = \tfrac{1}{3} \sum_{r} \min(1, \text{FTE}_r), \quad
        \text{functions} = \tfrac{1}{6} \sum_{f} v(f), \ v = 0, c_{partial}, 1
        \text{ for none, partial, strong}

    over the three staff roles and the six backbone functions.

    References
    ----------
    - Turner, S., Merchant, K., Kania, J. and Martin, E. (2012). Understanding the Value
      of Backbone Organizations in Collective Impact. *Stanford Social Innovation Review*
      (the six functions).

    Examples
    --------
    A project manager full time and a data manager half time: staffing (1 + 0.5 + 0) / 3 =
    0.5. Two functions carried out strongly and one partially (credit 0.5): functions
    (1 + 1 + 0.5) / 6 = 0.4167.

    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Backbone",
    ...     partners=[ci.Partner(id="b", name="B", sector="nonprofit")],
    ...     backbone=ci.Backbone(
    ...         organization="b",
    ...         staff={"project_manager": 1.0, "data_manager": 0.5},
    ...         functions={"guide_vision_and_strategy": "strong",
    ...                    "support_aligned_activities": "strong",
    ...                    "establish_shared_measurement": "partial"},
    ...     ),
    ... )
    >>> {k: round(v, 4) for k, v in backbone_support(init).items()}
    {'staffing': 0.5, 'functions': 0.4167}
    """
    prepared = prepare(initiative, config=config, as_of=as_of)
    backbone = prepared.analysed.backbone
    if backbone is None:
        return {"staffing": 0.0, "functions": 0.0}
    credit = {
        FunctionLevel.NONE: 0.0,
        FunctionLevel.PARTIAL: prepared.config.partial_function_credit,
        FunctionLevel.STRONG: 1.0,
    }
    return {
        "staffing": sum(min(1.0, backbone.fte(r)) for r in StaffRole) / len(StaffRole),
        "functions": sum(credit[backbone.function_level(f)] for f in BackboneFunction)
        / len(BackboneFunction),
    }


def condition_scores(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
) -> ConditionScores:
    r"""Compute the five condition scores and their geometric mean.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object (its arrays,
        :math:`\tilde C`, reinforcement and measurement are computed once and shared).
    config
        Weights and thresholds (the defaults of :class:`~collective_impact.ScoringConfig`);
        with a prepared object, its own.
    as_of
        The date of judgement (see :func:`~collective_impact.prepare`); with a prepared
        object, its own.

    Returns
    -------
    ConditionScores
        The scores of :func:`common_agenda`, :func:`shared_measurement`,
        :func:`mutually_reinforcing_activities` (its ``score``),
        :func:`continuous_communication` and :func:`backbone_support` (0 without a backbone),
        each the mean of its defined sub-measures, and ``overall``, their geometric mean.

    Raises
    ------
    PathwayError
        When indicator pathways do not converge.

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41.

    Examples
    --------
    The initiative of :func:`shared_measurement`, without ties or backbone: common agenda
    (1 + 1 + 1) / 3 = 1; shared measurement (1 + 0.5 + 1) / 3 = 0.8333; mutually reinforcing
    activities 0 (the two activities reinforce each other, :math:`R = 0.64`, but their partners
    are not tied: :math:`k = 0`); continuous communication 0 (no ties); backbone support 0. Any
    0 makes the geometric mean 0.

    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(
    ...         id="i", name="I",
    ...         baseline=ci.DatedValue(date=dt.date(2024, 1, 1), value=10.0),
    ...         target=ci.DatedValue(date=dt.date(2030, 1, 1), value=20.0),
    ...         observations=[ci.Observation(date=dt.date(2024, 6, 1), value=11.0,
    ...                                      reported_by="p")])],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
    ... )
    >>> {k: round(v, 4) for k, v in condition_scores(init).to_dict().items()}
    {'common_agenda': 1.0, 'shared_measurement': 0.8333, 'mutually_reinforcing_activities': 0.0,
     'continuous_communication': 0.0, 'backbone_support': 0.0, 'overall': 0.0}
    """
    prepared = prepare(initiative, config=config, as_of=as_of)
    agenda = common_agenda(prepared)
    measured = shared_measurement(prepared)
    mra = mutually_reinforcing_activities(prepared)
    communication = continuous_communication(prepared)
    backbone = backbone_support(prepared)
    five = {
        "common_agenda": _mean(agenda),
        "shared_measurement": _mean(measured),
        "mutually_reinforcing_activities": float(mra["score"] or 0.0),
        "continuous_communication": _mean(communication),
        "backbone_support": 0.0 if prepared.analysed.backbone is None else _mean(backbone),
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
