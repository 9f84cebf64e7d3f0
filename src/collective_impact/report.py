"""The assessment of an initiative: :func:`assess` and its result, :class:`Assessment`."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from ._changes import (
    DIFF_TOLERANCE,
    NOT_ADDITIVE,
    ROUNDED_APART,
    compute_reasons,
    delta,
    equal_gains_text,
    no_recommendation_text,
    recommendation_rows,
    settings_changes,
    summary_lines,
    tie_descriptions,
    tie_kinds,
)
from ._changes import tie_strengths as _tie_strengths
from ._checks import expect_config, expect_count
from ._software import numerical_versions, software
from ._text import (
    FORECAST_PREFIX,
    INDEX_DECIMALS,
    SEVERITY_WORDS,
    STATUS_WORDS,
    activity_dates_ignored_text,
    after_as_of_text,
    amount,
    as_of_source_words,
    bar_units,
    display_width,
    entered,
    entered_pair,
    every_one,
    forecast_words,
    index_undefined,
    indicator_figures,
    insufficient_reason,
    isolated,
    markdown_text,
    missing_reporters_words,
    one_line,
    pair_apart,
    partial_notes,
    period_words,
    plural,
    score_text,
    status_words,
    target_date_words,
)
from ._version import __version__
from .analysis._canonical import _canonical_object as canonical_object
from .analysis.conditions import SCORE_KEYS, ConditionScores, condition_scores
from .analysis.gaps import (
    CODE_LABELS,
    ConflictPairs,
    DuplicationPairs,
    Gap,
    Severity,
    conflict_pairs,
    detect_gaps,
    duplication_pairs,
)
from .analysis.measurement import IndicatorMeasurement, IndicatorStatus, as_date, latest_date
from .analysis.network import NetworkMeasures, network_measures
from .analysis.phases import PhaseReport, assess_phase
from .analysis.prepared import Prepared, prepare
from .analysis.recommend import TieRecommendation, recommend_ties
from .analysis.reinforcement import Reinforcement
from .analysis.running import (
    ActivityDatesIgnored,
    NotRunning,
    activity_dates_ignored,
    analysed_at,
)
from .analysis.snapshot import AfterAsOf, after_as_of
from .config import ScoringConfig
from .errors import UnknownIdError, listed
from .model import Goal, Initiative
from .model._convert import collector_paused

if TYPE_CHECKING:  # the sensitivity analysis imports assess from here
    from .sensitivity import Sensitivity

__all__ = [
    "AlignmentSummary",
    "Assessment",
    "AssessmentDiff",
    "IndicatorChange",
    "assess",
    "latest_date",
]


@attrs.frozen(kw_only=True)
class AlignmentSummary:
    r"""The alignment index and the totals behind it.

    Attributes
    ----------
    index
        :math:`\sum R k / \sum R`, or ``None`` when undefined (no pair reinforces another).
    total_interdependence, total_conflict, total_reinforcement, total_duplication
        :math:`\sum d`, :math:`\sum \text{conflict}`, :math:`\sum R`, :math:`\sum D`.
    total_joint_harm
        :math:`\sum h`: work where two activities both push against the agenda.
    coordinated_reinforcement
        :math:`\sum R k`.
    interdependent_pairs
        Pairs of activities with :math:`d > 0`.

    activities
        Number of activities.

    Notes
    -----
    Every sum runs over the pairs of activities with different lead partners, the pairs the
    index counts.

    Examples
    --------
    >>> import collective_impact as ci
    >>> alignment = ci.assess(ci.load_example("cradle-to-career")).alignment
    >>> round(alignment.index, 3), alignment.activities, alignment.interdependent_pairs
    (0.566, 22, 49)

    The index is the share of the reinforcement between partners that is coordinated:

    >>> round(alignment.coordinated_reinforcement / alignment.total_reinforcement, 3)
    0.566
    """

    index: float | None
    total_interdependence: float
    total_conflict: float
    total_reinforcement: float
    total_duplication: float
    coordinated_reinforcement: float
    interdependent_pairs: int
    activities: int
    total_joint_harm: float = 0.0

    def to_dict(self) -> dict[str, float | int | None]:
        """Return the summary as plain data (``index`` may be ``None``).

        Returns
        -------
        dict
            Every attribute under its name, plain ``float``/``int``/``None``.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> round(result.alignment.to_dict()["index"], 3)
        0.633
        """
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class IndicatorChange:
    """How one indicator changed between two assessments (see :meth:`Assessment.diff`).

    Attributes
    ----------
    indicator, name
        The indicator's id and name.
    status
        ``(before, after)`` status values (``"off-track"``...); ``None`` on the side where the
        indicator does not exist.
    latest
        ``(before, after)`` latest whole-population values (``None`` when never observed).
    latest_date
        ``(before, after)`` dates of those values.
    tolerance
        The absolute tolerance below which two values are the same.
    baseline, target, target_date
        ``(before, after)`` baseline value, target value and target date: a status can change
        because the target moved, which is no progress, and the change says so.
    forecast
        ``(before, after)`` forecast values of the target (``None`` without one): at the target
        date, or of its period's figure with a reporting frequency (:attr:`Forecast.date
        <collective_impact.Forecast.date>`; both of the one figure, where it sits).
    direction
        Which way is better (``"increase"`` or ``"decrease"``; the later side's, else the
        earlier's), or ``None``: a change of value is then neither better nor worse.
    words
        ``(before, after)`` statuses in words, as every view writes them beside the indicator
        (``"target missed"`` for an indicator off track whose target date has passed, see
        :func:`~collective_impact._text.status_words`); ``None`` on a side where the
        indicator does not exist, or when not given (the words of :data:`STATUS_WORDS` then).
    target_date_observed
        ``(before, after)``: whether the value of the target date is in
        (:attr:`IndicatorMeasurement.target_date_observed
        <collective_impact.IndicatorMeasurement.target_date_observed>`; ``False`` on a side
        where the indicator does not exist). A forecast gone once it is in is no forecast
        lost: :meth:`details` says "no forecast now: a value of the target date is in"; when
        the latest value is the same on both sides (its date and value) and only the date of
        judgement passed the end of its period, "2026 has ended: its figure, 62, is final".
    frequency
        The indicator's reporting frequency (the later side's, else the earlier's; ``None``
        without one): it names the period that ended.
    target_date_unreported
        ``(before, after)``: whether the target date has passed with no value of it in
        (:attr:`IndicatorMeasurement.target_date_unreported
        <collective_impact.IndicatorMeasurement.target_date_unreported>`; ``False`` on a side
        where the indicator does not exist): the status is then the forecast of a date gone by
        ("forecast: off track"), and a date of judgement that passed the target date with the
        same status, values and forecast changed the indicator all the same (:attr:`changed`),
        which :meth:`details` says ("target date 2028-09-30 (passed, no value since)"). A
        change pickled before it was recorded reads it from :attr:`words`: a verdict of a date
        gone by begins "forecast: ".
    target_date_words
        ``(before, after)``: the target date as every view writes it after "by"
        (:func:`~collective_impact._text.target_date_words`: ``"2028-09-30 (passed, no value
        since)"``, ``"2026-06-30 (passed; 2026's figure so far 52.5, final when the year
        ends)"``); ``None`` on a side where the indicator does not exist, or in a change
        pickled before they were recorded. :meth:`details` says the later side's when the
        target date has passed since.
    as_of
        ``(before, after)``: the dates of judgement of the two assessments
        (:attr:`AssessmentDiff.as_of`; ``None`` without one, or in a change pickled before
        they were recorded): a target date "still ahead" only before the later one.

    Examples
    --------
    >>> import collective_impact as ci
    >>> old = ci.assess(ci.load_example("cradle-to-career"))
    >>> new = ci.assess(ci.load_example("cradle-to-career-2027"))
    >>> change = next(c for c in old.diff(new).indicators if c.indicator == "grade3-reading")
    >>> change.status, change.latest, round(change.change, 1)
    (('off-track', 'off-track'), (42.4, 44.0), 1.6)
    >>> print(change.text())
    grade3-reading: off track, latest 42.4 → 44 (better); forecast 46.5 → 47 (better)
    """

    indicator: str
    name: str
    status: tuple[str | None, str | None]
    latest: tuple[float | None, float | None]
    latest_date: tuple[dt.date | None, dt.date | None]
    tolerance: float = DIFF_TOLERANCE
    baseline: tuple[float | None, float | None] = (None, None)
    target: tuple[float | None, float | None] = (None, None)
    target_date: tuple[dt.date | None, dt.date | None] = (None, None)
    forecast: tuple[float | None, float | None] = (None, None)
    direction: str | None = None
    words: tuple[str | None, str | None] = (None, None)
    target_date_observed: tuple[bool, bool] = (False, False)
    frequency: str | None = None
    target_date_unreported: tuple[bool, bool] = (False, False)
    target_date_words: tuple[str | None, str | None] = (None, None)
    as_of: tuple[dt.date | None, dt.date | None] = (None, None)

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return _fields_of(self)

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        """Restore a pickled change.

        One pickled before :attr:`target_date_observed` was recorded reads it by the rule of
        its time: a latest value dated on or after the target date, on each side; one pickled
        before :attr:`frequency` was recorded reads ``None``; one pickled before
        :attr:`target_date_unreported` was recorded reads it from its :attr:`words`, a verdict
        of a date gone by, "forecast: off track" (it read ``False`` beside those words); one
        pickled before :attr:`target_date_words` and :attr:`as_of` were recorded reads
        ``(None, None)``.
        """
        dated = zip(
            state.get("latest_date", (None, None)),
            state.get("target_date", (None, None)),
            strict=True,
        )
        earlier = tuple(came is not None and due is not None and came >= due for came, due in dated)
        unreported = tuple(
            isinstance(words, str) and words.startswith(FORECAST_PREFIX)
            for words in state.get("words", (None, None))
        )
        _restore(
            self,
            {
                "target_date_observed": earlier,
                "frequency": None,
                "target_date_unreported": unreported,
                "target_date_words": (None, None),
                "as_of": (None, None),
                **state,
            },
        )

    @property
    def change(self) -> float | None:
        """``after - before`` of the latest value: 0.0 within tolerance, ``None`` if undefined."""
        return delta(*self.latest, self.tolerance)

    def _moved(self, pair: tuple[float | None, float | None]) -> bool:
        """Whether a value is on one side only, or differs beyond the tolerance."""
        if (pair[0] is None) != (pair[1] is None):
            return True
        return bool(delta(*pair, self.tolerance))

    @property
    def target_changed(self) -> bool:
        """Whether the target (value or date) or the baseline differ: the yardstick moved."""
        if self.status[0] is None or self.status[1] is None:
            return False  # the indicator is new or gone: nothing moved, it came or went
        return (
            self._moved(self.target)
            or self.target_date[0] != self.target_date[1]
            or self._moved(self.baseline)
        )

    @property
    def changed(self) -> bool:
        """Whether anything of the indicator changed, or it is new or gone.

        Its status or the status's words (:meth:`status_words`: "off track → forecast: off
        track" once the target date passed with no value of it, the one rule every view and
        the reasons read), latest value or date, target, baseline or forecast.
        """
        words = self.status_words()
        return (
            self.status[0] != self.status[1]
            or words[0] != words[1]
            or self.latest_date[0] != self.latest_date[1]
            or (self.change != 0.0 and self.latest != (None, None))
            or self.target_changed
            or self._moved(self.forecast)
        )

    def _better(self, before: float | None, after: float | None) -> str:
        """`` (better)`` or `` (worse)`` for a value that moved, if which way is better is known."""
        change = delta(before, after, self.tolerance)
        if not change or self.direction not in ("increase", "decrease"):
            return ""
        up = change > 0
        return " (better)" if up == (self.direction == "increase") else " (worse)"

    @staticmethod
    def _pair(
        before: float | None, after: float | None, digits: int = 6, missing: str = "none"
    ) -> str:
        """``before → after``, each with figures enough not to read as the other.

        With ``digits`` of 6 (values a person entered: a target, a baseline) each is written
        with the figures it was entered with (:func:`~._text.entered`): a target moved from
        1,234,591.4 to 1,234,592.4 read "1,234,591 → 1,234,592".
        """
        if before is None or after is None:
            write = entered if digits == 6 else (lambda v: amount(v, digits))
            b, a = (missing if v is None else write(v) for v in (before, after))
            return f"{b} → {a}"
        if digits == 6 and entered(before) != entered(after):
            return f"{entered(before)} → {entered(after)}"
        return " → ".join(pair_apart(before, after, digits))

    def target_text(self) -> str:
        """``target 90 → 86 by 2030-06-30``, or ``""`` when neither target nor baseline moved."""
        if not self.target_changed:
            return ""
        parts = []
        (tb, ta), (db, da) = self.target, self.target_date
        if self._moved(self.target) or db != da:
            if db == da:
                by = f" by {da.isoformat()}" if da is not None else ""
                parts.append(f"target {self._pair(tb, ta)}{by}")
            else:
                sides = (
                    "none" if v is None else f"{entered(v)} by {d.isoformat() if d else '?'}"
                    for v, d in ((tb, db), (ta, da))
                )
                parts.append("target " + " → ".join(sides))
        if self._moved(self.baseline):
            parts.append(f"baseline {self._pair(*self.baseline)}")
        return "; ".join(parts)

    def text(self) -> str:
        """One line: ``hs-grad: off track → at risk, latest 82 → 85 (better)``.

        The target and baseline follow when they changed, and the forecast when it did
        (:meth:`details`).
        """
        return f"{self.indicator}: {self.status_text()}, {self.details()}"

    def status_text(self) -> str:
        """Return the status in words, or its change: ``off track → at risk``."""
        b, a = self.status_words()
        return a if b == a else f"{b} → {a}"

    def status_words(self) -> tuple[str, str]:
        """Return the statuses in words, before and after: ``"absent"`` where there is none.

        The words every view writes beside the indicator (:attr:`words`: ``"target
        missed"``), else those of :data:`STATUS_WORDS`.
        """
        pair = (
            words if words is not None else STATUS_WORDS.get(s, s) if s else "absent"
            for s, words in zip(self.status, self.words, strict=True)
        )
        b, a = pair
        return b, a

    def details(self) -> str:
        """Say what changed but the status: ``latest 21 → 15.5 (better); forecast 14.4 → 13.8``."""
        if self.change == 0.0 or self.latest == (None, None):
            va = "no value" if self.latest[1] is None else amount(self.latest[1], 6)
            value = f"latest {va}"
        else:
            value = self._pair(*self.latest, missing="no value")
            value = f"latest {value}{self._better(*self.latest)}"
        if (
            self.change == 0.0
            and self.latest_date[0] != self.latest_date[1]
            and self.latest_date[1]
        ):
            value += f" (again, on {self.latest_date[1].isoformat()})"
        parts = [value]
        moved = self.target_text()
        if moved:
            parts.append(moved)
        passed = self._target_date_passed_words()
        if passed:
            parts.append(passed)
        if (
            self.forecast[0] is not None
            and self.forecast[1] is None
            and self.target_date_observed[1]
        ):
            # none now: a value of the target date came in ("forecast 5,664 → none" read as
            # lost). The record says so (of its period, with a frequency, once the date has
            # come): 2025's figure of 1 September against a target of 31 December 2025 is the
            # value of that date, which a comparison of dates called "forecast 71.7 → none"
            parts.append(self._target_value_words())
        elif self._moved(self.forecast):
            forecast = self._pair(*self.forecast, digits=3)
            parts.append(f"forecast {forecast}{self._better(*self.forecast)}")
        return "; ".join(parts)

    def _target_date_passed_words(self) -> str:
        """Say that the target date passed with no value of it (or no longer has), else ``""``.

        Only when the target stayed put (a target moved says so in :meth:`target_text`): the
        date of judgement went past the target date with no value of it in (or with only the
        figure so far of its period), so the status is now a forecast of a date gone by:
        "target date " and the later side's :attr:`target_date_words`, as every view writes
        it after "by" ("target date 2028-09-30 (passed, no value since)", "target date
        2026-06-30 (passed; 2026's figure so far 52.5, final when the year ends)"). The later
        side's date of judgement before the target date (judged back in time): "target date
        2028-09-30 still ahead"; on it, "not yet passed". Otherwise (a value of the target
        date came in, or the target is met) the status and the values say what changed.
        """
        (ub, ua), day = self.target_date_unreported, self.target_date[1]
        if ub == ua or self.target_changed or day is None:
            return ""
        if ua:
            words = self.target_date_words[1] or f"{day.isoformat()} (passed, no value since)"
            return f"target date {words}"
        judged = self.as_of[1]
        if judged is None or judged > day:
            return ""
        return (
            f"target date {day.isoformat()} {'still ahead' if judged < day else 'not yet passed'}"
        )

    def _target_value_words(self) -> str:
        """Say why there is no forecast now that the value of the target date is in.

        Nothing new reported (the same latest date and value on both sides), with a
        frequency: the date of judgement passed the end of the latest value's period, whose
        figure is final now ("2026 has ended: its figure, 62, is final"); "a value of the
        target date is in" said a report came that did not.
        """
        day, value = self.latest_date[1], self.latest[1]
        same = (
            self.latest_date[0] == day
            and self.latest[0] is not None
            and value is not None
            and abs(value - self.latest[0]) <= self.tolerance
        )
        if same and day is not None and value is not None and self.frequency is not None:
            period = period_words(day, self.frequency)
            return f"{period} has ended: its figure, {amount(value, 6)}, is final"
        return "no forecast now: a value of the target date is in"

    def to_dict(self) -> dict[str, Any]:
        """Return the change as JSON-safe plain data."""

        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "indicator": self.indicator,
            "name": self.name,
            "status": {"before": self.status[0], "after": self.status[1]},
            "latest": {"before": self.latest[0], "after": self.latest[1], "change": self.change},
            "latest_date": {"before": day(self.latest_date[0]), "after": day(self.latest_date[1])},
            "baseline": {"before": self.baseline[0], "after": self.baseline[1]},
            "target": {"before": self.target[0], "after": self.target[1]},
            "target_date": {"before": day(self.target_date[0]), "after": day(self.target_date[1])},
            "forecast": {
                "before": self.forecast[0],
                "after": self.forecast[1],
                "change": delta(*self.forecast, self.tolerance),
            },
            "direction": self.direction,
            "frequency": self.frequency,
            "target_date_observed": {
                "before": self.target_date_observed[0],
                "after": self.target_date_observed[1],
            },
            "target_date_unreported": {
                "before": self.target_date_unreported[0],
                "after": self.target_date_unreported[1],
            },
            "status_words": dict(zip(("before", "after"), self.status_words(), strict=True)),
            "target_date_words": {
                "before": self.target_date_words[0],
                "after": self.target_date_words[1],
            },
            "target_changed": self.target_changed,
            "changed": self.changed,
        }


@attrs.frozen(kw_only=True)
class GoalChange:
    """How one goal in both assessments changed (see :meth:`Assessment.diff`).

    A goal's weight is the goal weight of each of its indicators, and its indicators are the
    agenda: both enter the scores (docs/scoring.md: goal coverage weighs the goals, focus,
    readiness and freshness read the agenda, and the interdependence of two activities, hence
    the alignment index, weighs each indicator by its goal weight). The change report names
    them as the cause of the scores that read them.

    Attributes
    ----------
    goal
        The goal's id.
    weight
        ``(before, after)`` weights (equal when the weight did not change).
    indicators_added, indicators_removed
        Sorted ids of the indicators the goal lists only after (only before): put on the
        goal, or taken off it.
    statement_changed
        Whether the goal's statement differs (no score reads it).

    Examples
    --------
    >>> import attrs
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> goals = [
    ...     attrs.evolve(g, weight=3.0) if g.id == "reading"
    ...     else attrs.evolve(g, indicators=["grade8-math", "hs-grad"]) if g.id == "graduate"
    ...     else g
    ...     for g in init.goals
    ... ]
    >>> change = ci.assess(init).diff(ci.assess(init.evolve(goals=goals)))
    >>> [c.text() for c in change.goal_changes]
    ['graduate: chronic-absence taken off the goal', 'reading: weight 1.5 → 3']
    """

    goal: str
    weight: tuple[float, float]
    indicators_added: tuple[str, ...] = ()
    indicators_removed: tuple[str, ...] = ()
    statement_changed: bool = False

    @property
    def weight_changed(self) -> bool:
        """Whether the weight differs (any difference: it is what a person entered)."""
        return self.weight[0] != self.weight[1]

    @property
    def agenda_changed(self) -> bool:
        """Whether what the scores read changed: the weight, or the indicators on the goal."""
        return self.weight_changed or bool(self.indicators_added or self.indicators_removed)

    def parts(self, *, statement: bool = True) -> list[str]:
        """Say each thing that changed: ``["weight 1.5 → 3", "k-ready added to the goal"]``.

        ``statement``: whether to say a change of the statement, which no score reads.
        """
        out = []
        if self.weight_changed:
            out.append("weight " + " → ".join(entered_pair(*self.weight)))
        if self.indicators_added:
            out.append(f"{listed(self.indicators_added)} added to the goal")
        if self.indicators_removed:
            out.append(f"{listed(self.indicators_removed)} taken off the goal")
        if statement and self.statement_changed:
            out.append("statement changed")
        return out

    def text(self) -> str:
        """One line: ``graduate: weight 1 → 2, chronic-absence taken off the goal``."""
        return f"{self.goal}: {', '.join(self.parts()) or 'changed'}"

    def to_dict(self) -> dict[str, Any]:
        """Return the change as JSON-safe plain data (lists sorted: no order of the input)."""
        return {
            "goal": self.goal,
            "weight": {"before": self.weight[0], "after": self.weight[1]},
            "indicators": {
                "added": list(self.indicators_added),
                "removed": list(self.indicators_removed),
            },
            "statement_changed": self.statement_changed,
        }


def _goal_changes(
    before: Iterable[Goal], after: Iterable[Goal], ids: Iterable[str]
) -> tuple[GoalChange, ...]:
    """Return a :class:`GoalChange` for each goal of ``ids`` (in both), sorted by id."""
    old, new = {g.id: g for g in before}, {g.id: g for g in after}
    return tuple(
        GoalChange(
            goal=gid,
            weight=(float(old[gid].weight), float(new[gid].weight)),
            indicators_added=tuple(sorted(set(new[gid].indicators) - set(old[gid].indicators))),
            indicators_removed=tuple(sorted(set(old[gid].indicators) - set(new[gid].indicators))),
            statement_changed=old[gid].statement != new[gid].statement,
        )
        for gid in sorted(ids)
    )


#: The :attr:`Assessment.software_version` of an assessment pickled before versions were
#: recorded (before ``0.1.0.dev5``): the version that computed it is unknown.
UNRECORDED_VERSION = "unknown (before 0.1.0.dev5)"


def _fields_of(value: Any) -> dict[str, Any]:
    """Return the fields of an attrs instance by name: its pickled state."""
    return {field.name: getattr(value, field.name) for field in attrs.fields(type(value))}


def _restore(value: Any, state: Mapping[str, Any]) -> None:
    """Set the fields of a frozen attrs instance from its pickled state."""
    for name, field_value in state.items():
        object.__setattr__(value, name, field_value)


#: The fields of :class:`AssessmentDiff` added after diffs were first pickled: empty in an
#: older pickle.
_LATER_STRUCTURE_FIELDS = (
    "working_groups_added",
    "working_groups_removed",
    "working_groups_changed",
    "backbone_changed",
    "conditions_changed",
    "goal_changes",
    "ties_changed_kinds",
    "ties_modified_kinds",
)


def _tie_change_rows(
    rows: Sequence[tuple[str, str, Any, Any]],
    kinds: Mapping[tuple[str, str], tuple[Any, Any]],
) -> list[dict[str, Any]]:
    """Return the JSON rows of :attr:`AssessmentDiff.ties_changed` or ``ties_modified``.

    Each pair's strongest strength before and after, and its ties by kind on each side when
    recorded (``kinds``).
    """
    return [
        {
            "source": p,
            "target": q,
            "before": b,
            "after": a,
            **(
                {
                    "kinds": {
                        side: [{"kind": k, "strength": v} for k, v in ties]
                        for side, ties in zip(("before", "after"), kinds[(p, q)], strict=True)
                    }
                }
                if (p, q) in kinds
                else {}
            ),
        }
        for p, q, b, a in rows
    ]


@attrs.frozen(kw_only=True)
class AssessmentDiff:
    """What changed between two assessments (see :meth:`Assessment.diff`).

    Attributes
    ----------
    scores
        ``{score key: (before, after)}`` for the five conditions and ``overall``.
    alignment_index
        ``(before, after, change)``; the change is ``None`` when either index is undefined and
        exactly 0.0 when it is within :attr:`tolerance`.
    opened, closed
        Gaps present only after, and only before (matched on :attr:`Gap.key
        <collective_impact.Gap.key>`), first things first.
    persisting
        ``(before, after)`` pairs of the gaps present in both, in the order of the later one;
        :attr:`gaps_changed` are those whose severity or message changed.
    indicators
        One :class:`IndicatorChange` per indicator of either side, sorted by id. The views
        (:meth:`summary`, the HTML report, :func:`~collective_impact.html.diff_html`) list
        those that changed in another order: a status that worsened first (see
        :meth:`summary`).
    partners_added, partners_removed, activities_added, activities_removed
        Sorted ids: in the later (earlier) initiative only.
    partners_changed
        Sorted ids of partners in both initiatives whose definition differs (a sector, a role
        such as champion or backbone, a name...; the order of their roles aside).
    activities_changed
        Sorted ids of activities in both initiatives whose definition differs (their partners,
        contributions, populations, places, dates...; the order of their lists aside).
    goals_added, goals_removed, goals_changed
        Sorted ids of goals in the later (earlier) initiative only, and of those in both whose
        definition differs (their indicators, weight or statement; the order of the
        indicators aside): a goal's weight is every agenda indicator's weight.
    goal_changes
        One :class:`GoalChange` per goal of :attr:`goals_changed`, in its order: the weight
        before → after, the indicators put on or taken off the goal, whether the statement
        changed. The structure list says them (``"graduate: chronic-absence taken off the
        goal; reading: weight 1.5 → 3"``), and the reasons of the scores that read the agenda
        name them.
    indicators_added, indicators_removed, indicators_changed
        Sorted ids of indicators in the later (earlier) initiative only, and of those in both
        whose definition differs other than by their observations (a target, a baseline, a
        direction, the indicators it drives...; the order of its lists aside). New
        observations are the change of a measurement (:attr:`indicators`), not of a
        definition.
    activities_started, activities_stopped
        Sorted ids of activities in both initiatives that are scored only after (only before):
        they started, or ended, between the two dates of judgement (or their dates were
        edited). A diff of one file at two dates has no activity added or removed, and these
        say which activities the numbers gained or lost.
    working_groups_added, working_groups_removed, working_groups_changed
        Sorted ids of working groups in the later (earlier) initiative only, and of those in
        both whose definition differs (their members, goals or name; the order of their lists
        aside). A working group's members coordinate their activities
        (``working_group_coordination``): a change of membership moves the alignment index.
    backbone_changed
        The sorted names of the fields of the backbone record
        (:class:`~collective_impact.Backbone`) that differ: ``"functions"``,
        ``"organization"``, ``"staff"`` (the order of its functions and staff aside);
        ``("added",)`` when only the later initiative has a backbone, ``("removed",)`` when
        only the earlier one has.
    conditions_changed
        The sorted names of the fields of the preconditions record
        (:class:`~collective_impact.Conditions`) that differ: ``"champions"`` (their order
        aside), ``"funding_secured_until"``, ``"urgency"``.
    ties_added, ties_removed
        ``(p, q, strength)``: pairs of partners tied on one side only (``p < q``; the strongest
        tie of the pair).
    ties_changed
        ``(p, q, before, after)``: pairs tied on both sides whose strongest tie differs in
        strength (``before`` and ``after`` are the strengths of the strongest ties, which
        may be of different kinds: a communication tie of 1 added beside a referral tie of
        0.2 is ``(p, q, 0.2, 1.0)``; see :attr:`ties_changed_kinds`).
    ties_changed_kinds
        ``(p, q, before, after)`` for each pair of :attr:`ties_changed`, in its order: the
        kinds of the pair's ties on each side, each ``(kind, strength)`` once at its
        strongest, the strongest first (then by kind). Every view says from them when the
        strongest tie is of another kind: ``"ties changed: p – q: communication tie added
        (strongest tie: referral 0.2 → communication 1)"``.
    ties_modified
        ``(p, q, before, after)``: pairs tied on both sides with the same strength whose ties
        differ otherwise (kind, direction, ratings), each side in words (``"funding p→q 0.8;
        communication 0.5"``).
    ties_modified_kinds
        ``(p, q, before, after)`` for each pair of :attr:`ties_modified`, in its order: the
        kinds of the pair's ties on each side, as :attr:`ties_changed_kinds` has them. Every
        view says from them which kind was added, removed or changed beside the strongest tie:
        ``"ties modified: p – q: communication tie 0.4 added (strongest tie still referral
        0.6)"``, not ``"(referral q→p 0.6 → communication 0.4; referral q→p 0.6)"``, where the
        arrow of the referral's direction read as before → after. What the kinds leave unsaid
        (a direction, a rating, a second tie of one kind) the ties of each side say after it:
        ``"...; ties changed (before: [referral q→p 0.6]; after: [communication 0.4; referral
        p→q 0.6])"``.
    reasons
        ``{key: sentences}``: why the numbers moved, where it can be computed from the two
        assessments (keys ``phase``, ``overall``, ``alignment_index``, the five conditions
        and ``preconditions``, only those with a reason). See the Notes of
        :meth:`Assessment.diff`.
    names, as_of, phase
        ``(before, after)`` initiative names, dates of judgement and phase titles.
    settings
        ``(name, before, after)`` for each setting of the two configurations that differs
        (:class:`~collective_impact.ScoringConfig`), sorted by name: changes of scores and
        gaps with nothing changed in the initiative come from them.
    tolerance
        Absolute tolerance: a difference of a score, the index or a value at most this large is
        no change (1e-9).
    unrelated
        Whether the two initiatives have no partner and no indicator in common (both having
        some): two different initiatives, not one over time. The summary says so first; the
        changes then compare unrelated things (every gap "opened" and "closed").
    names_differ
        Whether the two initiatives' names differ, compared as labels are (case, Unicode form
        and surrounding spaces aside: :func:`~collective_impact.model.labels.normalize_label`)
        and as they are shown (a line break or a run of spaces as one space).
        Two initiatives sharing some ids (a common template, two synthetic ones) are not
        :attr:`unrelated`, yet may not be one initiative over time: every view says first that
        the changes assume they are one, unless :attr:`unrelated` already warns.
    versions
        The versions of ``collective_impact`` that computed the two results
        (:attr:`Assessment.software_version`). When they differ, every view says first that a
        change may come from the code, not from the initiative.

    Examples
    --------
    The cradle-to-career example nine months later: a partner and an activity joined, and the
    alignment index rose by 0.044.

    >>> import collective_impact as ci
    >>> old = ci.assess(ci.load_example("cradle-to-career"))
    >>> new = ci.assess(ci.load_example("cradle-to-career-2027"))
    >>> diff = old.diff(new)
    >>> diff.as_of
    (datetime.date(2026, 9, 30), datetime.date(2027, 6, 30))
    >>> diff.partners_added, diff.activities_added
    (('restorative-center',), ('restorative-practices',))
    >>> round(diff.alignment_index[2], 3), len(diff.opened), len(diff.closed)
    (0.044, 2, 8)
    >>> [gap.key for gap in diff.opened]
    ['single-point-of-failure(partner=schools)',
     'non-reporting-partner(partner=restorative-center)']
    """

    scores: dict[str, tuple[float, float]]
    alignment_index: tuple[float | None, float | None, float | None]
    opened: tuple[Gap, ...]
    closed: tuple[Gap, ...]
    persisting: tuple[tuple[Gap, Gap], ...] = ()
    indicators: tuple[IndicatorChange, ...] = ()
    partners_added: tuple[str, ...] = ()
    partners_removed: tuple[str, ...] = ()
    partners_changed: tuple[str, ...] = ()
    activities_added: tuple[str, ...] = ()
    activities_removed: tuple[str, ...] = ()
    activities_started: tuple[str, ...] = ()
    activities_stopped: tuple[str, ...] = ()
    activities_changed: tuple[str, ...] = ()
    goals_added: tuple[str, ...] = ()
    goals_removed: tuple[str, ...] = ()
    goals_changed: tuple[str, ...] = ()
    goal_changes: tuple[GoalChange, ...] = ()
    indicators_added: tuple[str, ...] = ()
    indicators_removed: tuple[str, ...] = ()
    indicators_changed: tuple[str, ...] = ()
    working_groups_added: tuple[str, ...] = ()
    working_groups_removed: tuple[str, ...] = ()
    working_groups_changed: tuple[str, ...] = ()
    backbone_changed: tuple[str, ...] = ()
    conditions_changed: tuple[str, ...] = ()
    ties_added: tuple[tuple[str, str, float], ...] = ()
    ties_removed: tuple[tuple[str, str, float], ...] = ()
    ties_changed: tuple[tuple[str, str, float, float], ...] = ()
    ties_changed_kinds: tuple[
        tuple[str, str, tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]], ...
    ] = ()
    ties_modified: tuple[tuple[str, str, str, str], ...] = ()
    ties_modified_kinds: tuple[
        tuple[str, str, tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]], ...
    ] = ()
    reasons: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    names: tuple[str, str] = ("", "")
    as_of: tuple[dt.date | None, dt.date | None] = (None, None)
    phase: tuple[str, str] = ("", "")
    tolerance: float = DIFF_TOLERANCE
    settings: tuple[tuple[str, float, float], ...] = ()
    unrelated: bool = False
    versions: tuple[str, str] = (__version__, __version__)

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return _fields_of(self)

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        """Restore a pickled diff; one pickled before versions were recorded says so.

        A diff pickled before the working groups, the backbone record and the conditions were
        compared has none of their fields: they are empty (nothing said of them).
        """
        _restore(
            self,
            {
                "versions": (UNRECORDED_VERSION, UNRECORDED_VERSION),
                **dict.fromkeys(_LATER_STRUCTURE_FIELDS, ()),
                **state,
            },
        )

    @property
    def names_differ(self) -> bool:
        """Whether the two initiatives are named differently (see the class's attributes)."""
        from .model.labels import normalize_label

        # as shown: a line break or two spaces read as one space in every view
        before, after = (" ".join(normalize_label(name).split()) for name in self.names)
        return before != after

    @property
    def gaps_changed(self) -> tuple[tuple[Gap, Gap], ...]:
        """The persisting ``(before, after)`` gaps whose severity or message changed.

        A gap still open can say something else: funding secured one more year, still short
        of the minimum, or an off-track indicator with another target. Its message is what a
        reader reads, so a change of it is a change, whatever the severity.
        """
        return tuple(
            (old, new)
            for old, new in self.persisting
            if old.severity != new.severity or old.message != new.message
        )

    def score_changes(self) -> dict[str, float]:
        """Return ``{score key: after - before}``, exactly 0.0 within :attr:`tolerance`."""
        return {k: float(delta(b, a, self.tolerance) or 0.0) for k, (b, a) in self.scores.items()}

    @property
    def changed(self) -> bool:
        """Whether anything changed at all (scores, index, gaps, indicators, structure).

        The structure includes the working groups, the backbone record and the conditions.
        """
        return bool(
            any(self.score_changes().values())
            or self.alignment_index[2]
            or (self.alignment_index[0] is None) != (self.alignment_index[1] is None)
            or self.opened
            or self.closed
            or self.gaps_changed
            or any(c.changed for c in self.indicators)
            or self.partners_added
            or self.partners_removed
            or self.partners_changed
            or self.activities_added
            or self.activities_removed
            or self.activities_started
            or self.activities_stopped
            or self.activities_changed
            or self.goals_added
            or self.goals_removed
            or self.goals_changed
            or self.indicators_added
            or self.indicators_removed
            or self.indicators_changed
            or self.working_groups_added
            or self.working_groups_removed
            or self.working_groups_changed
            or self.backbone_changed
            or self.conditions_changed
            or self.ties_added
            or self.ties_removed
            or self.ties_changed
            or self.ties_modified
            or self.settings
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the difference as JSON-safe plain data.

        Keys: ``scores`` (``{key: {before, after, change}}``), ``alignment_index``
        (``{before, after, change}``), ``opened`` and ``closed`` (gaps), ``persisting``
        (``{key, code, severity: {before, after}, changed}``; ``changed`` when the severity or
        the message differ), ``indicators``, ``partners``, ``goals`` and
        ``indicator_definitions`` (``{added, removed, changed}``; ``goals`` also ``changes``,
        :attr:`goal_changes` as :meth:`GoalChange.to_dict` gives them), ``working_groups``
        (``{added, removed, changed}``), ``backbone`` and ``conditions`` (``{changed}``: the
        names of the fields that differ, :attr:`backbone_changed` and
        :attr:`conditions_changed`), ``ties`` (``{added, removed, changed, modified}``; each
        changed or modified pair with its ``kinds``, ``{before, after}`` lists of ``{kind,
        strength}``: :attr:`ties_changed_kinds`, :attr:`ties_modified_kinds`),
        ``activities`` (``{added, removed, started, stopped, changed}``), ``reasons``,
        ``as_of``, ``names``, ``phase``, ``settings`` (``[{name, before, after}]``, the
        settings that differ), ``tolerance``, ``unrelated`` and
        ``names_differ`` (:attr:`names_differ`: the two initiatives are named differently) and
        ``software`` (``{"name": "collective_impact", "versions": [before, after], "running":
        ...}``: the versions that computed the two results, :attr:`versions`, and the one that
        compared them).
        """
        changes = self.score_changes()
        kinds = {(p, q): (b, a) for p, q, b, a in self.ties_changed_kinds}
        modified_kinds = {(p, q): (b, a) for p, q, b, a in self.ties_modified_kinds}
        return {
            "scores": {
                k: {"before": b, "after": a, "change": changes[k]}
                for k, (b, a) in self.scores.items()
            },
            "alignment_index": dict(
                zip(("before", "after", "change"), self.alignment_index, strict=True)
            ),
            "opened": [g.to_dict() for g in self.opened],
            "closed": [g.to_dict() for g in self.closed],
            "persisting": [
                {
                    "key": new.key,
                    "code": new.code,
                    "severity": {"before": old.severity.value, "after": new.severity.value},
                    "changed": old.severity != new.severity or old.message != new.message,
                }
                for old, new in self.persisting
            ],
            "indicators": [c.to_dict() for c in self.indicators],
            "partners": {
                "added": list(self.partners_added),
                "removed": list(self.partners_removed),
                "changed": list(self.partners_changed),
            },
            "activities": {
                "added": list(self.activities_added),
                "removed": list(self.activities_removed),
                "started": list(self.activities_started),
                "stopped": list(self.activities_stopped),
                "changed": list(self.activities_changed),
            },
            "goals": {
                "added": list(self.goals_added),
                "removed": list(self.goals_removed),
                "changed": list(self.goals_changed),
                "changes": [c.to_dict() for c in self.goal_changes],
            },
            "indicator_definitions": {
                "added": list(self.indicators_added),
                "removed": list(self.indicators_removed),
                "changed": list(self.indicators_changed),
            },
            "working_groups": {
                "added": list(self.working_groups_added),
                "removed": list(self.working_groups_removed),
                "changed": list(self.working_groups_changed),
            },
            "backbone": {"changed": list(self.backbone_changed)},
            "conditions": {"changed": list(self.conditions_changed)},
            "ties": {
                "added": [{"source": p, "target": q, "strength": s} for p, q, s in self.ties_added],
                "removed": [
                    {"source": p, "target": q, "strength": s} for p, q, s in self.ties_removed
                ],
                "changed": _tie_change_rows(self.ties_changed, kinds),
                "modified": _tie_change_rows(self.ties_modified, modified_kinds),
            },
            "reasons": {k: list(v) for k, v in self.reasons.items()},
            "names": {"before": self.names[0], "after": self.names[1]},
            "as_of": {
                "before": self.as_of[0].isoformat() if self.as_of[0] else None,
                "after": self.as_of[1].isoformat() if self.as_of[1] else None,
            },
            "phase": {"before": self.phase[0], "after": self.phase[1]},
            "settings": [{"name": k, "before": b, "after": a} for k, b, a in self.settings],
            "tolerance": self.tolerance,
            "unrelated": self.unrelated,
            "names_differ": self.names_differ,
            "software": {
                "name": "collective_impact",
                "versions": list(self.versions),
                "running": __version__,
            },
        }

    def summary(self, *, markdown: bool = False, max_lines: int | None = 20) -> str:
        """Return a readable report of the changes: scores, why they moved, gaps, indicators.

        Parameters
        ----------
        markdown
            Markdown (headings and lists) instead of plain text.
        max_lines
            How many lines of each list to show (the reasons of each score, the gaps closed,
            opened and changed, the indicators changed) and how many names on a line of
            structural changes, then how many more (``None``: every one): at the stress case,
            500 ties removed made 806 lines, one of them 13,652 characters long. Every item
            is in the diff's fields and :meth:`to_dict`. The indicators changed are listed
            those whose status worsened first, then the other changes of status, each by the
            urgency of the new status (off track first, as the report lists indicators), then
            those whose value alone changed, those that worsened first, then those that
            improved, and last those whose status's words alone changed, nothing reported
            ("off track → forecast: off track": the target date passed), each rank by id:
            sorted by id, a target met and now missed hid behind changes of value.

        Returns
        -------
        str

        Raises
        ------
        ArgumentTypeError
            When ``max_lines`` is neither ``None`` nor an integer (``int``): ``2.0`` is
            refused.
        ArgumentValueError
            When ``max_lines`` is negative.

        Examples
        --------
        >>> import collective_impact as ci
        >>> old = ci.assess(ci.load_example("cradle-to-career"))
        >>> new = ci.assess(ci.load_example("cradle-to-career-2027"))
        >>> print(old.diff(new).summary().splitlines()[0])
        Changes in Cradle to Career Example: 2026-09-30 → 2027-06-30
        """
        from .errors import expect_count as expect_limit  # None or from 0

        expect_limit(max_lines, argument="max_lines")  # -1 showed none, then "… and 2 more"
        return "\n".join(summary_lines(self, markdown=markdown, limit=max_lines))

    def _repr_html_(self) -> str:
        """Return an HTML view for notebooks (every user string escaped)."""
        from .html import diff_html

        return diff_html(self)


@attrs.frozen(kw_only=True, eq=False)
class Assessment:
    """Everything :func:`assess` found about an initiative.

    An assessment is equal only to itself (and hashes by identity): its pair arrays are
    compared by identity, so two assessments of one initiative were never equal while
    ``==`` compared every field first (a pickled or copied one neither). Compare
    :meth:`to_dict` to compare results: the same initiative, options and version give the
    same tree, to the bit.

    Attributes
    ----------
    initiative
        The initiative assessed.
    scores
        The five :class:`~.analysis.conditions.ConditionScores` and ``overall``.
    alignment
        :class:`AlignmentSummary`: the alignment index and its totals.
    reinforcement
        The full pair-level :class:`~.analysis.reinforcement.Reinforcement` result.
    gaps
        Every :class:`~.analysis.gaps.Gap`, first things first (:attr:`Gap.sort_key`).
    phase
        :class:`~.analysis.phases.PhaseReport`.
    recommendations
        Ranked :class:`~.analysis.recommend.TieRecommendation` objects.
    measurement
        One :class:`~.analysis.measurement.IndicatorMeasurement` per indicator, sorted by
        indicator id (the canonical order of :attr:`analysed`).
    config
        The :class:`~collective_impact.ScoringConfig` used.
    as_of
        The date of judgement: observations after it are left out, and target dates, freshness
        and the funding horizon are judged from it. ``None`` when the initiative has no
        observation, no baseline and no date was given.
    as_of_source
        Where ``as_of`` came from: ``"argument"``, ``"file"`` (the initiative's own
        ``as_of``), ``"latest observation"``, ``"latest baseline"`` (a baseline later than
        every observation) or ``"none"``.
    not_running
        The activities left out of every score, gap and recommendation because they do not run
        on :attr:`as_of` (ended before it, or starting after it), one
        :class:`~collective_impact.analysis.running.NotRunning` each, by activity id; empty
        when every activity runs (or there is no date of judgement: then
        :attr:`activity_dates_ignored` says whether activities record dates). The data dated
        after :attr:`as_of` are counted by :attr:`after_as_of`.
    sensitivity
        A :class:`~collective_impact.Sensitivity` study of this assessment's weights and
        thresholds, or ``None``; see :meth:`with_sensitivity`.
    recommendations_asked
        How many tie recommendations :func:`assess` was asked for (its ``recommendations``),
        or ``None`` when not known (an assessment pickled before it was recorded). With 0 none
        was searched, and the views say "not computed", not that no tie would help.
    software_version
        The version of ``collective_impact`` that computed the assessment, recorded when it
        was computed (by default the version running): a result pickled by one version and read
        by another, or computed on the workers of a cluster, names the code that computed it in
        :meth:`to_dict`'s ``software`` and in the ``version`` of
        :func:`~collective_impact.batch.batch_row`, not the code that reads it.
    libraries
        The versions of NumPy and SciPy that computed it (``(name, version)`` pairs), recorded
        likewise and written in :meth:`to_dict`'s ``software``; ``None`` for an assessment
        pickled before they were recorded. Not counted in ``==``.
    source
        The file the initiative was read from, when :func:`~collective_impact.assess_many` or
        :func:`~collective_impact.iter_assess` was given its path (the path as given, as
        messages show it: :attr:`BatchError.source <collective_impact.BatchError.source>`), so
        that the row of every result names its file in ``source``
        (:func:`~collective_impact.batch.batch_row`,
        :func:`~collective_impact.batch.batch_frame`) and a ``keep`` of your own can read it;
        ``None`` for an initiative assessed as one (:func:`assess` reads no file), and in an
        assessment pickled before it was recorded. Not in :meth:`to_dict`: the result of a
        file is that of what it holds, bit for bit. As messages show it, a control character
        is escaped (a tab is written as a backslash and a t); the report's "How to
        reproduce" snippet quotes the path itself, kept beside it.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> result
    <Assessment 'Cradle to Career Example' as of 2026-09-30: overall 0.63, alignment index 0.566,
     34 gaps (0 critical, 29 warning, 5 info)>
    >>> result.as_of, result.as_of_source
    (datetime.date(2026, 9, 30), 'latest observation')
    >>> round(result.scores.overall, 3), result.phase.title
    (0.625, 'Phase I — Initiate action')
    >>> print(result.gaps[0].message)
    Funding is secured for 0.75 years after 2026-09-30, less than 2; secure multi-year funding.
    """

    initiative: Initiative = attrs.field(repr=False)
    scores: ConditionScores
    alignment: AlignmentSummary
    reinforcement: Reinforcement = attrs.field(repr=False)
    gaps: tuple[Gap, ...]
    phase: PhaseReport
    recommendations: tuple[TieRecommendation, ...]
    config: ScoringConfig
    as_of: dt.date | None
    as_of_source: str = "argument"
    measurement: tuple[IndicatorMeasurement, ...] = ()
    not_running: tuple[NotRunning, ...] = ()
    sensitivity: Sensitivity | None = None
    recommendations_asked: int | None = attrs.field(default=None, repr=False)
    software_version: str = attrs.field(factory=lambda: __version__, repr=False)
    # the versions of NumPy and SciPy that computed it: not the assessment (eq=False)
    libraries: tuple[tuple[str, str], ...] | None = attrs.field(
        factory=numerical_versions, repr=False, eq=False
    )
    # the file a batch read the initiative from (not the result: not in to_dict), as messages
    # show it (shown_path: control characters escaped, a very long one cut)
    source: str | None = attrs.field(default=None, repr=False)
    # that path as given (os.fsdecode), for what must read the file itself: the report's
    # "How to reproduce" snippet quotes it as a Python literal and tells its kind by it
    _source_path: str | None = attrs.field(default=None, repr=False, eq=False, alias="source_path")
    _cache: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, alias="_cache")

    def _software(self) -> dict[str, Any]:
        """Return ``{"name": "collective_impact", "version": ..., "libraries": ...}``."""
        return software(self.software_version, self.libraries)

    def _provenance(self) -> dict[str, Any]:
        """Return what the numbers depend on, as :meth:`to_dict` writes it (a frame's ``attrs``)."""
        return {
            "config": self.config.to_dict(),
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "as_of_source": self.as_of_source,
            "initiative": self.initiative.name,
            "software": self._software(),
            # without a date of judgement, ended and future activities are counted: a frame
            # of such a run looked like one of a dated run (found by a reviewer)
            "activity_dates_ignored": (
                None if (ignored := self.activity_dates_ignored) is None else ignored.to_dict()
            ),
        }

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return _fields_of(self)

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        """Restore a pickled assessment; one pickled before versions were recorded says so.

        An assessment pickled by a version before ``0.1.0.dev5`` has no
        :attr:`software_version`: which version computed it is unknown, and :meth:`to_dict`
        says that (:data:`UNRECORDED_VERSION`) rather than fail or name the version reading it.
        """
        _restore(
            self,
            {
                "software_version": UNRECORDED_VERSION,
                "recommendations_asked": None,
                "libraries": None,
                "source": None,
                "_source_path": None,
                **state,
            },
        )

    @property
    def analysed(self) -> Initiative:
        """The initiative as analysed: in canonical order, as it runs on :attr:`as_of`.

        Every result is computed from it (so results do not depend on the order of the input's
        lists); it equals :attr:`initiative` up to that order, without the activities of
        :attr:`not_running`.
        """
        if "canonical" not in self._cache:
            self._cache["canonical"] = analysed_at(self.initiative, self.as_of)[0]
        result: Initiative = self._cache["canonical"]
        return result

    @property
    def after_as_of(self) -> AfterAsOf:
        """The observations and baselines dated after :attr:`as_of`, left out of every measurement.

        A snapshot as of a date leaves out the data dated after it: wanted when the date is
        meant, and silent when it is not (an ``as_of`` left over in a file copied from last
        year). The summary, the notebook view, the HTML report and ``validate`` say it with
        these counts; ``to_dict()`` has them under ``after_as_of``. Every count is 0 when
        :attr:`as_of` is the latest observation or baseline (the default) or ``None``. Target
        dates and activity dates are plans, not data, and are not counted (the activities are
        in :attr:`not_running`). See :func:`~collective_impact.after_as_of`.

        Examples
        --------
        >>> import datetime as dt
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"), as_of=dt.date(2009, 12, 31))
        >>> result.after_as_of.observations, result.after_as_of.latest
        (5, datetime.date(2010, 12, 31))
        >>> ci.assess(ci.load_example("workforce")).after_as_of.count  # the latest observation
        0
        """
        if "after_as_of" not in self._cache:  # one pass over the observations
            self._cache["after_as_of"] = after_as_of(self.initiative, self.as_of)
        result: AfterAsOf = self._cache["after_as_of"]
        return result

    @property
    def activity_dates_ignored(self) -> ActivityDatesIgnored | None:
        """The activities' own dates, unread for want of a date of judgement, or ``None``.

        With no date of judgement (:attr:`as_of` is ``None``) every activity is counted,
        whatever its ``start`` and ``end``: one that ended in 2010 and one that starts in 2040
        are scored as mutually reinforcing. No date is made up; instead this record says how
        many activities record dates and names two that never ran together, and the summary,
        the notebook view and the HTML report say it in words
        (:func:`~collective_impact._text.activity_dates_ignored_text`); ``to_dict()`` has it
        under ``activity_dates_ignored``. ``None`` when there is a date of judgement or no
        activity records a date. See
        :func:`~collective_impact.analysis.running.activity_dates_ignored`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> ci.assess(ci.load_example("cradle-to-career")).activity_dates_ignored is None
        True
        """
        if "activity_dates_ignored" not in self._cache:  # one pass over the activities
            self._cache["activity_dates_ignored"] = activity_dates_ignored(
                self.initiative, self.as_of
            )
        result: ActivityDatesIgnored | None = self._cache["activity_dates_ignored"]
        return result

    @property
    def network(self) -> NetworkMeasures:
        """The network measures of the initiative's ties (computed on first access).

        Computed only when asked for (``to_dict()`` asks): a tenth of a second on a thousand
        partners, about a second on ten thousand with 50,000 ties (the stress case of the
        performance page), where betweenness is estimated (its ``method`` says which measures
        are estimates; see :func:`~collective_impact.network_measures`).
        """
        if "network" not in self._cache:
            self._cache["network"] = network_measures(self.analysed)
        result: NetworkMeasures = self._cache["network"]
        return result

    def to_frame(self) -> Any:
        """Return the scores and their sub-measures as a pandas DataFrame (long format).

        See :func:`collective_impact.frames.scores_frame`; needs the ``pandas`` extra.

        Returns
        -------
        pandas.DataFrame
            One row per sub-measure, with its condition and the condition's score. Its
            ``attrs`` record what the scores depend on, as :meth:`to_dict` writes them:
            ``config`` (the settings, :meth:`ScoringConfig.to_dict
            <collective_impact.ScoringConfig.to_dict>`), ``as_of`` (the date of judgement, ISO
            or ``None``), ``as_of_source``, ``initiative`` (its name), ``software``
            (``{"name": "collective_impact", "version": ...}``) and ``activity_dates_ignored``
            (``None``, or, with no date of judgement, how many activities record dates that
            were not read: :attr:`activity_dates_ignored`, as a dict); a table exported from a
            run with other settings looked like one of a default run. pandas keeps ``attrs``
            through a copy and writes them to Parquet, not to CSV.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> frame = result.to_frame()
        >>> sorted(set(frame["condition"]))[:2]
        ['backbone_support', 'common_agenda']
        >>> frame.attrs["as_of"], frame.attrs["config"]["weak_tie"]
        ('2010-12-31', 0.3)
        """
        from .frames import scores_frame  # the frames and pandas load on first use

        return scores_frame(self)

    def gaps_frame(self) -> Any:
        """Return the gaps as a pandas DataFrame, one column per evidence key.

        Returns
        -------
        pandas.DataFrame
            See :func:`collective_impact.frames.gaps_frame`: first things first, like
            :attr:`gaps`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> list(result.gaps_frame()["key"]) == [g.key for g in result.gaps]
        True
        """
        from .frames import gaps_frame

        return gaps_frame(self)

    def measurement_frame(self) -> Any:
        """Return one row per indicator: status, progress, trend, forecast, data quality.

        Returns
        -------
        pandas.DataFrame
            See :func:`collective_impact.frames.measurement_frame`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> len(result.measurement_frame()) == len(result.measurement)
        True
        """
        from .frames import measurement_frame

        return measurement_frame(self)

    def network_frame(self) -> Any:
        """Return one row per partner: degree, Burt's measures, brokerage, value and trust.

        Returns
        -------
        pandas.DataFrame
            See :func:`collective_impact.frames.network_frame`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> len(result.network_frame()) == len(result.initiative.partners)
        True
        """
        from .frames import network_frame

        return network_frame(self)

    def pairs_frame(self, *, top: int | None = None) -> Any:
        """Return the activity pairs with d, conflict, h, r, R, D and k, largest R first.

        Parameters
        ----------
        top
            Keep the first rows only (all when ``None``).

        Returns
        -------
        pandas.DataFrame
            See :func:`collective_impact.frames.pairs_frame`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> len(result.pairs_frame(top=3))
        3
        """
        from .frames import pairs_frame

        return pairs_frame(self, top=top)

    def duplication_pairs(self) -> DuplicationPairs:
        """Return the pairs of activities behind the ``duplication`` gaps, as arrays.

        Each ``duplication`` gap is one *cluster* of activities linked by redundant pairs; the
        pairs themselves — possibly millions on a large initiative — stay arrays here, with
        :meth:`DuplicationPairs.to_frame
        <collective_impact.DuplicationPairs.to_frame>` for a DataFrame.

        Returns
        -------
        DuplicationPairs
            See :func:`collective_impact.analysis.gaps.duplication_pairs`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("cradle-to-career"))
        >>> pairs = result.duplication_pairs()
        >>> pairs.clusters == len(result.gaps_by(code="duplication"))
        True
        """
        if "duplication_pairs" not in self._cache:
            self._cache["duplication_pairs"] = duplication_pairs(self.reinforcement, self.config)
        found: DuplicationPairs = self._cache["duplication_pairs"]
        return found

    def conflict_pairs(self) -> ConflictPairs:
        """Return who pushes against whom: the pairs behind the ``conflicting-activities`` gaps.

        Each ``conflicting-activities`` gap is one activity, with the number of activities it
        pushes against; the pairs themselves — hundreds of thousands on a large initiative —
        stay arrays here, with :meth:`ConflictPairs.opponents
        <collective_impact.ConflictPairs.opponents>` for one activity's and
        :meth:`ConflictPairs.to_frame <collective_impact.ConflictPairs.to_frame>` for a
        DataFrame.

        Returns
        -------
        ConflictPairs
            See :func:`collective_impact.analysis.gaps.conflict_pairs`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("cradle-to-career"))
        >>> pairs = result.conflict_pairs()
        >>> gap = result.gaps_by(code="conflicting-activities")[0]
        >>> len(pairs.opponents(gap.subjects[0])) == gap.evidence["activities"]
        True
        """
        if "conflict_pairs" not in self._cache:
            self._cache["conflict_pairs"] = conflict_pairs(self.reinforcement)
        found: ConflictPairs = self._cache["conflict_pairs"]
        return found

    def to_html(
        self,
        path: str | os.PathLike[str],
        *,
        title: str | None = None,
        compare: Assessment | None = None,
        max_gaps: int | None = 200,
    ) -> None:
        """Write the assessment as a standalone HTML report a steering committee can open.

        One self-contained file (no network request, prints to PDF, reads on a phone); see
        :func:`collective_impact.htmlreport.write_report`. The file is written atomically.

        Parameters
        ----------
        path
            The file to write, named ``.html`` (or ``.htm``).
        title
            The report's title (the initiative's name by default).
        compare
            An earlier assessment: the report opens with a "Changes since <its as_of>" section
            (``compare.diff(self)``, see :meth:`diff`).
        max_gaps
            List at most this many gaps, the most pressing; the others are counted by
            condition, severity and code (``None`` lists every gap; see
            :data:`collective_impact.htmlreport.MAX_GAPS`).

        Raises
        ------
        WriteError
            When ``path`` is named otherwise (``my-initiative.yaml``, which it would replace
            with a page), before any work, or the file cannot be written; nothing is changed.
        ArgumentTypeError
            When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
            bytes).

        Examples
        --------
        >>> import collective_impact as ci, pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     out = pathlib.Path(folder) / "report.html"
        ...     ci.assess(ci.load_example("workforce")).to_html(out)
        ...     out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        True
        """
        from .htmlreport import write_report  # Jinja2 loads only when a report is written
        from .io._files import expect_path, expect_suffix

        expect_suffix(expect_path(path, "Assessment.to_html"), "html")
        changes = compare.diff(self) if compare is not None else None
        write_report(self, path, title=title, changes=changes, max_gaps=max_gaps)

    def to_json(self, path: str | os.PathLike[str], *, indent: int | str | None = None) -> None:
        """Write :meth:`to_dict` to a JSON file, atomically, as strict JSON in UTF-8.

        Undefined numbers (NaN, infinities) are written as ``null``, as the command line's
        ``--json`` prints them; the file is replaced only once it is written whole. With the
        extra ``fast`` installed, ``orjson`` writes it (about ten times as quick as the standard
        library for a large result); the tree read back is the same either way, every float
        bit for bit, and the bytes differ only in how numbers of magnitude between 1e-9 and
        1e-4 are spelled (see :func:`~collective_impact._terminal.strict_json_bytes`).

        Parameters
        ----------
        path
            The file to write, named ``.json``.
        indent
            ``None`` (the default) writes one line without spaces, the quickest to write and
            read; otherwise spaces per level of nesting (``2`` is as quick with ``orjson``).

        Raises
        ------
        WriteError
            When ``path`` is not named ``.json`` (``my-initiative.yaml``, which it would
            replace with the result), before any work, or the file cannot be written; it is then
            left as it was.
        ArgumentTypeError
            When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
            bytes), or ``indent`` is neither ``None`` nor a whole number.
        ArgumentValueError
            When ``indent`` is negative.

        Examples
        --------
        >>> import collective_impact as ci, json, pathlib, tempfile
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     out = pathlib.Path(folder) / "result.json"
        ...     result.to_json(out)
        ...     json.loads(out.read_text(encoding="utf-8"))["as_of"] == result.to_dict()["as_of"]
        True
        """
        from .io._files import expect_path, expect_suffix, write_json

        expect_suffix(expect_path(path, "Assessment.to_json"), "assessment")
        write_json(path, self.to_dict(), indent=indent)

    def __repr__(self) -> str:
        """Return one line: the initiative, the date, the overall score, the index and the gaps.

        Short at any size: Jupyter stores the text view beside the HTML one
        (:meth:`_repr_html_`), and every field printed was 2 MB at 10,000 activities.

        Examples
        --------
        >>> import collective_impact as ci
        >>> ci.assess(ci.load_example("cradle-to-career"))
        <Assessment 'Cradle to Career Example' as of 2026-09-30: overall 0.63, alignment index
        0.566, 34 gaps (0 critical, 29 warning, 5 info)>
        """
        name = self.initiative.name
        if len(name) > 60:  # free text: a name of a page would make the line a page
            name = name[:59] + "…"
        when = "with no date of judgement" if self.as_of is None else f"as of {self.as_of}"
        idx = self.alignment.index
        index = "undefined" if idx is None else score_text(idx, INDEX_DECIMALS)
        found = Counter(g.severity for g in self.gaps)
        ranked = sorted(Severity, key=lambda s: s.rank)  # critical first
        counts = ", ".join(f"{found[s]:,} {s.value}" for s in ranked)
        return (
            f"<Assessment {name!r} {when}: overall {score_text(self.scores.overall)}, "
            f"alignment index {index}, {len(self.gaps):,} gaps ({counts})>"
        )

    def _repr_html_(self) -> str:
        """Return a compact HTML view for notebooks (every user string escaped)."""
        from .html import assessment_html

        return assessment_html(self)

    def diff(self, other: Assessment, *, tolerance: float = DIFF_TOLERANCE) -> AssessmentDiff:
        """Compare this assessment (before) with ``other`` (after).

        For snapshots of one initiative over time (survey waves) or a what-if change: the change
        of every score and of the alignment index; the gaps opened, closed and persisting (a gap
        is the same when its :attr:`~collective_impact.Gap.key` is: its code and the ids in each
        of its roles, so two activities that each push against the other are two gaps); each
        indicator's status and latest value; the partners, ties, activities, goals, indicators
        and working groups added, removed or changed (what changed in each goal:
        :class:`GoalChange`), and the fields of the backbone record and of the conditions that
        changed; and the reasons behind the changes where they can be computed.

        Parameters
        ----------
        other
            The later assessment.
        tolerance
            Absolute tolerance: a difference of a score, the index or a value at most this
            large is no change (so rounding noise such as ``2.22e-16`` is not reported).

        Returns
        -------
        AssessmentDiff

        Raises
        ------
        ArgumentTypeError
            When ``other`` is not an :class:`Assessment` (an initiative: assess it first), or
            ``tolerance`` not a number.
        ArgumentValueError
            When ``tolerance`` is negative or not finite (a result would change against itself).

        Notes
        -----
        The reasons are derived from the two assessments, never guessed: each closed gap says
        what is no longer wrong in its code's words, with the change seen in the data that
        explains it (an activity ended, a partner left, a tie was added; a coordination gap
        whose two partners still lead the same work, no better tied, names what coordinates it
        now: a new or stronger tie between other partners of their activities, a working
        group, the backbone), or, when it closed only because what it was about is gone (an
        indicator removed, the backbone changed, a group of partners that lost its ties and
        left the network in more parts, not fewer), says that instead of an improvement; each
        opened gap is named; the sub-measures behind each score (``scores.components``) are
        quoted before and after; a tie added between two partners quotes the exact gain this
        (earlier) assessment predicted for it when it recommended that tie — a prediction made
        on the earlier data alone, while the change seen is the sum of every change. A tie
        added, removed, stronger or weaker, and an activity added or removed (started, ended),
        are reasons of the alignment index only when, alone, they move it: a tie when this
        assessment with it as on the later date, or ``later`` with it as on this one's, has
        another index (it changes the coordination of scored pairs: two activities between
        partners that reinforce each other, a partner of the tie in each or, for a tie with
        the backbone organisation added or removed, one whose brokerage it sets; not when a
        shared partner, another tie, a working group or the brokerage coordinates them as
        well), an activity when taking its scored pairs away from its own date's assessment,
        or putting it into the other date's (one removed back into ``later``, one added into
        this one), moves that index (an index it alone defines on one date counts as a move
        of 1); they are
        listed by that move of the index, the largest first, then ties new or stronger,
        ties removed or weaker, activities added, activities removed, each by id. When the
        alignment index changed, the reasons also name the partners who left or joined
        activities scored on both sides (a shared partner coordinates two activities fully), a
        new lead, a change of the backbone organisation (the coordination it brokers) and of
        the members of the working groups; a change of the common agenda (a goal added or
        removed, a goal's weight or indicators: :attr:`AssessmentDiff.goal_changes`) is named
        under each score that reads the agenda and moved (the goal weights weigh the
        interdependence of two activities, hence the alignment index, mutually reinforcing
        activities and the coverage of continuous communication; the common agenda and shared
        measurement read the goals and their indicators); a precondition now lacking or now
        met is said (``phase.preconditions.lacking`` before and after); and when the phase
        moved, each criterion of the phase table no longer met, then each now met. See
        :attr:`AssessmentDiff.reasons`.

        When the two were scored under different settings (:attr:`AssessmentDiff.settings`), a
        reason names a setting when, and only when, it decided the change (a gap opened or
        closed, a status or a severity): ``other``'s initiative is assessed again under this
        assessment's settings, and a change it shows there too is the data's, naming none;
        otherwise the settings named are each one whose reverting alone undoes the change or
        whose applying alone makes it (two that each suffice are both named; every one when
        none does alone). That costs one more assessment (without recommendations) when one
        setting differs, at most ``1 + 2 n`` when ``n`` do (each configuration once), and
        nothing under equal settings. When ``other``'s initiative cannot be scored under this
        assessment's settings, the settings decided every change, and the reasons say so.

        Examples
        --------
        >>> import collective_impact as ci
        >>> from collective_impact import with_tie
        >>> init = ci.load_example("cradle-to-career")
        >>> before = ci.assess(init)
        >>> rec = before.recommendations[0]
        >>> change = before.diff(ci.assess(with_tie(init, rec.source, rec.target)))
        >>> round(change.alignment_index[2], 12) == round(rec.gain, 12)
        True
        >>> before.diff(before).changed
        False
        """
        import math
        import numbers

        from ._checks import expect_assessment
        from .errors import ArgumentTypeError, ArgumentValueError

        expect_assessment(other, argument="other")
        given: object = tolerance  # the annotation is a promise a caller may not keep
        # numpy's numbers too (numbers.Real), as they were accepted before
        if isinstance(given, bool) or not isinstance(given, numbers.Real):
            raise ArgumentTypeError(
                f"tolerance must be a number, got {type(given).__name__}", argument="tolerance"
            )
        if not (math.isfinite(float(given)) and float(given) >= 0):
            raise ArgumentValueError(
                f"tolerance must be a finite number from 0, got {given!r}", argument="tolerance"
            )
        before = {g.key: g for g in self.gaps}
        after = {g.key: g for g in other.gaps}
        old, new = self.alignment.index, other.alignment.index
        # in the order of the full reports (first things first, sizes equal but for rounding
        # tied): grouping a part of them again could tie sizes their neighbours kept apart
        opened = tuple(g for g in other.gaps if g.key not in before)
        closed = tuple(g for g in self.gaps if g.key not in after)
        persisting = tuple(
            (before[g.key], g) for g in other.gaps if g.key in before
        )  # other.gaps is in that order already
        indicators = _indicator_changes(self, other, tolerance)
        structure = _structure_changes(self, other, tolerance)
        return AssessmentDiff(
            scores={
                k: (float(getattr(self.scores, k)), float(getattr(other.scores, k)))
                for k in SCORE_KEYS
            },
            alignment_index=(old, new, delta(old, new, tolerance)),
            opened=opened,
            closed=closed,
            persisting=persisting,
            indicators=indicators,
            **structure,
            reasons=compute_reasons(
                self,
                other,
                opened=opened,
                closed=closed,
                persisting=persisting,
                indicators=indicators,
                tolerance=tolerance,
                goals=structure["goal_changes"],
            ),
            names=(self.initiative.name, other.initiative.name),
            as_of=(self.as_of, other.as_of),
            phase=(self.phase.title, other.phase.title),
            tolerance=tolerance,
            settings=tuple(settings_changes(self, other)),
            unrelated=_unrelated(self.initiative, other.initiative),
            versions=(self.software_version, other.software_version),
        )

    def with_sensitivity(
        self,
        *,
        samples: int = 200,
        spread: float = 0.2,
        seed: int = 0,
        top: int = 5,
        fields: Iterable[str] | None = None,
    ) -> Assessment:
        """Return this assessment with a :func:`~collective_impact.sensitivity` study attached.

        The study perturbs this assessment's own ``config`` and keeps its ``as_of``; the new
        assessment is this one with :attr:`sensitivity` set (:func:`attrs.evolve`), so
        :meth:`to_dict` and :meth:`summary` include it. The parameters are those of
        :func:`~collective_impact.sensitivity`. A perturbed sample whose indicator pathways
        diverge (a larger ``pathway_weight`` with cyclic ``drives``) is counted in
        :attr:`Sensitivity.diverged <collective_impact.Sensitivity.diverged>`, its scores
        undefined; the study completes.

        Parameters
        ----------
        samples, spread, seed, top, fields
            As for :func:`~collective_impact.sensitivity`.

        Returns
        -------
        Assessment
            A copy of this assessment carrying the study.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce")).with_sensitivity(samples=5)
        >>> result.sensitivity.samples, "sensitivity" in result.to_dict()
        (5, True)
        """
        from .sensitivity import sensitivity

        study = sensitivity(
            self.initiative,
            config=self.config,
            as_of=self.as_of,
            samples=samples,
            spread=spread,
            seed=seed,
            top=top,
            fields=fields,
        )
        return attrs.evolve(self, sensitivity=study)

    @property
    def lagging(self) -> tuple[IndicatorMeasurement, ...]:
        """The indicators off track or at risk, the most pressing first.

        In the order of their ``off-track-indicator`` gaps (:attr:`Gap.sort_key
        <collective_impact.Gap.sort_key>`): off track before at risk, then the larger share of
        the way from baseline to target still to go first, weighted by the indicator's goal
        weight (an indicator of no goal after the agenda's). Every report lists them so (the
        records of :attr:`measurement` are in the order of the indicators' ids).

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("cradle-to-career"))
        >>> [(m.indicator, m.status.value) for m in result.lagging][-2:]
        [('fafsa-completion', 'off-track'), ('chronic-absence', 'at-risk')]
        """
        lagging = (IndicatorStatus.OFF_TRACK, IndicatorStatus.AT_RISK)
        behind = [m for m in self.measurement if m.status in lagging]
        # every lagging indicator has its gap; any without one would come last, by id
        return _in_gap_order(behind, self.gaps, "off-track-indicator")

    @property
    def unjudged(self) -> tuple[IndicatorMeasurement, ...]:
        """The indicators not yet judged (status ``insufficient-data``), the agenda's first.

        The agenda indicators in the order of their ``unmeasured-indicator`` gaps, as
        :attr:`lagging` follows the ``off-track-indicator`` gaps (an agenda indicator without
        such a gap, a target and a baseline but too few dates, after them, by id); then the
        indicators of no goal, by id. The summary and the notebook view list them so.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("cradle-to-career"))
        >>> [(m.indicator, m.on_agenda) for m in result.unjudged]
        [('postsec-credential', True), ('tutoring-hours', False)]
        """
        records = [m for m in self.measurement if m.status is IndicatorStatus.INSUFFICIENT_DATA]
        agenda = _in_gap_order(
            [m for m in records if m.on_agenda], self.gaps, "unmeasured-indicator"
        )
        return agenda + tuple(m for m in records if not m.on_agenda)

    def indicator(self, id: str) -> IndicatorMeasurement:
        """Return the measurement record of indicator ``id``.

        Parameters
        ----------
        id
            An indicator id.

        Returns
        -------
        IndicatorMeasurement

        Raises
        ------
        UnknownIdError
            When the initiative has no such indicator.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> result.indicator("placements").status.value
        'met'
        """
        for record in self.measurement:
            if record.indicator == id:
                return record
        raise UnknownIdError("indicator", id)

    def rba(self) -> dict[str, list[dict[str, Any]]]:
        """Group the performance measures by Results-Based Accountability quadrant.

        Returns
        -------
        dict
            ``{quadrant: [{"indicator", "name", "informs", "status", "latest"}]}`` with the
            quadrants ``how-much``, ``how-well``, ``better-off`` and ``unassigned`` (performance
            measures without a quadrant), each linked to the population indicators it informs.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> sorted(result.rba())
        ['better-off', 'how-much', 'how-well', 'unassigned']
        """
        groups: dict[str, list[dict[str, Any]]] = {
            "how-much": [],
            "how-well": [],
            "better-off": [],
            "unassigned": [],
        }
        for m in self.measurement:
            if m.level.value != "performance":
                continue
            groups[m.quadrant or "unassigned"].append(
                {
                    "indicator": m.indicator,
                    "name": m.name,
                    "informs": list(m.informs),
                    "status": m.status.value,
                    "latest": m.latest_value,
                }
            )
        return groups

    def gaps_by(self, *, code: str | None = None, severity: str | None = None) -> tuple[Gap, ...]:
        """Return the gaps with the given ``code`` and/or ``severity``.

        Parameters
        ----------
        code
            A gap code of :data:`~collective_impact.GAP_CODES` (any when ``None``).
        severity
            ``"critical"``, ``"warning"`` or ``"info"`` (any when ``None``).

        Returns
        -------
        tuple of Gap
            In the order of :attr:`gaps`.

        Raises
        ------
        ArgumentValueError
            When ``code`` is not a gap code (with the closest ones), or ``severity`` not one of
            the three: a typo would otherwise read as "no such gaps".
        ArgumentTypeError
            When ``code`` or ``severity`` is not a text.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce"))
        >>> [g.key for g in result.gaps_by(severity="critical")]
        ['short-funding()']
        >>> result.gaps_by(code="short-fundng")
        Traceback (most recent call last):
        ...
        collective_impact.errors.ArgumentValueError: code: unknown gap code 'short-fundng' (did you mean 'short-funding'?)
        """  # noqa: E501
        from .analysis.gaps import GAP_CODES
        from .errors import ArgumentValueError, close_matches, did_you_mean, expect_type, shown

        if code is not None:
            expect_type(code, str, argument="code", expected="a gap code (a str) or None")
            if code not in GAP_CODES:
                hint = did_you_mean(close_matches(code, GAP_CODES, n=2), code)
                raise ArgumentValueError(
                    f"code: unknown gap code {shown(code)}{hint}", argument="code"
                )
        wanted = None
        if severity is not None:
            expect_type(severity, str, argument="severity", expected="a severity (a str) or None")
            if severity not in set(Severity):
                raise ArgumentValueError(
                    f"severity must be 'critical', 'warning' or 'info', got {shown(severity)}",
                    argument="severity",
                )
            wanted = Severity(severity)
        return tuple(
            g
            for g in self.gaps
            if (code is None or g.code == code) and (wanted is None or g.severity == wanted)
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the assessment as JSON-safe plain data.

        Top-level keys (stable): ``scores``, ``alignment``, ``gaps``, ``phase``,
        ``recommendations``, ``config``; plus ``recommendations_asked`` (how many ties were
        searched for: with 0 an empty ``recommendations`` says nothing of what would help;
        ``null`` when not known), ``score_components`` (the sub-measures behind each
        score), ``measurement`` (one record per indicator), ``rba`` (performance measures by
        quadrant), ``network`` (the network measures; computing them may take a few seconds
        on a thousand partners), ``as_of`` (ISO date or ``null``) and ``as_of_source`` (where it
        came from: ``argument``, ``file``, ``latest observation``, ``latest baseline`` or
        ``none``), ``after_as_of`` (the data dated after ``as_of`` and left out:
        ``observations``, ``baselines``, ``indicators``, ``latest``; see :attr:`after_as_of`),
        ``activities_not_running`` (the activities left out because they do not run on
        ``as_of``: ``activity``, ``status``, ``date``, ``days``; see :attr:`not_running`),
        ``activity_dates_ignored`` (``null``, or, with no date of judgement, how many
        activities record dates that no score reads and two that never ran together:
        ``activities``, ``dated``, ``ended``, ``end``, ``started``, ``start``; see
        :attr:`activity_dates_ignored`);
        and ``sensitivity`` only when a study is attached
        (:meth:`with_sensitivity`); ``initiative`` (its name) and ``software`` (``{"name":
        "collective_impact", "version": ..., "libraries": {"numpy": ..., "scipy": ...}}``,
        the versions that computed it: :attr:`software_version` and :attr:`libraries`), so
        that a result names what it is of and the code that computed it. Numbers are plain
        Python ``float``/``int``; an undefined alignment index is ``null``.
        """
        # the collector is paused, as in assess: the tree has no reference cycle, and each full
        # collection would walk the initiative and the tree again (0.6 s at the stress case)
        with collector_paused():
            return self._to_dict()

    def _to_dict(self) -> dict[str, Any]:
        """Return :meth:`to_dict`'s tree, built with the collector running as it is."""
        out: dict[str, Any] = {
            "scores": self.scores.to_dict(),
            "score_components": {k: dict(v) for k, v in self.scores.components.items()},
            "alignment": self.alignment.to_dict(),
            "gaps": [g.to_dict() for g in self.gaps],
            "phase": self.phase.to_dict(),
            "recommendations": [r.to_dict() for r in self.recommendations],
            "recommendations_asked": self.recommendations_asked,
            "measurement": [m.to_dict() for m in self.measurement],
            "network": self.network.to_dict(),
            "rba": self.rba(),
            "config": self.config.to_dict(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "as_of_source": self.as_of_source,
            "after_as_of": self.after_as_of.to_dict(),
            "activities_not_running": [r.to_dict() for r in self.not_running],
            "activity_dates_ignored": (
                None if (ignored := self.activity_dates_ignored) is None else ignored.to_dict()
            ),
            "initiative": self.initiative.name,
            "software": self._software(),
        }
        if self.sensitivity is not None:
            out["sensitivity"] = self.sensitivity.to_dict()
        return out

    def summary(
        self,
        *,
        max_gaps: int | None = 10,
        max_recommendations: int | None = 5,
        markdown: bool = False,
        as_of_words: Mapping[str, str] | None = None,
    ) -> str:
        r"""Return a readable report: first things first, then scores, phase, gaps and ties.

        The first lines name what needs attention most — the gaps in the order of
        :attr:`Gap.sort_key <collective_impact.Gap.sort_key>` (severity, what is at stake, then
        the size of the evidence), several gaps of one kind on one line — so funding, indicators
        off track and equity gaps come before bookkeeping.

        Parameters
        ----------
        max_gaps
            How many lines of gaps to show in full, and of indicators off track or at risk
            (``None``: every one).
        max_recommendations
            How many recommended ties to show (``None``: every one).
        markdown
            Markdown (headings and lists) instead of plain text.
        as_of_words
            How the title, and the line that follows it when data are dated after the date of
            judgement (:attr:`after_as_of`: "Judged as of 2023-12-31 (the file's as_of): 2
            observations of 1 indicator are dated after it and are left out; the latest is of
            2025-09-30."), name where the date of judgement came from, by
            :attr:`as_of_source` (the command line says ``{"argument": "--as-of"}``); a source
            not in it is named in words ("the latest observation", "the file's as_of", "the
            as_of given": ``_text.AS_OF_SOURCE_WORDS``).

        Returns
        -------
        str

        Raises
        ------
        ArgumentTypeError
            When ``max_gaps`` or ``max_recommendations`` is neither ``None`` nor a whole
            number.
        ArgumentValueError
            When ``max_gaps`` or ``max_recommendations`` is negative.

        Examples
        --------
        >>> import collective_impact as ci
        >>> text = ci.assess(ci.load_example("cradle-to-career")).summary()
        >>> print("\n".join(text.splitlines()[:4]))
        Cradle to Career Example: assessment as of 2026-09-30 (the latest observation)
        ==============================================================================
        Phase I — Initiate action. Overall score 0.63 (0 to 1: the geometric mean of the five
          conditions, so a missing condition cannot be averaged away).
        """
        from .errors import expect_count

        expect_count(max_gaps, argument="max_gaps")
        expect_count(max_recommendations, argument="max_recommendations")
        words = as_of_words or {}  # the others in words (_text.AS_OF_SOURCE_WORDS)
        return "\n".join(_summary_lines(self, max_gaps, max_recommendations, markdown, words))


def _in_gap_order(
    records: Sequence[IndicatorMeasurement], gaps: Sequence[Gap], code: str
) -> tuple[IndicatorMeasurement, ...]:
    """Return ``records`` in the order of their indicators' gaps of ``code``, first things first.

    The records without such a gap come after them, in the order given (by id).
    """
    ranked = [g.primary[0] for g in gaps if g.code == code]
    order = {i: k for k, i in enumerate(dict.fromkeys(ranked))}
    return tuple(sorted(records, key=lambda m: order.get(m.indicator, len(order))))


def _frequency_name(frequency: str | None) -> str | None:
    """Return the value of a reporting frequency (``"annual"``), or ``None``."""
    return None if frequency is None else str(frequency)


def _indicator_changes(
    before: Assessment, after: Assessment, tolerance: float
) -> tuple[IndicatorChange, ...]:
    old = {m.indicator: m for m in before.measurement}
    new = {m.indicator: m for m in after.measurement}
    # each side's reporting frequency, for its status words ("target met (2025's figure so
    # far)") and the period that ended (the later side's, else the earlier's)
    cadence_before = {i.id: i.frequency for i in before.initiative.indicators}
    cadence_after = {i.id: i.frequency for i in after.initiative.indicators}
    out = []
    for ind in sorted(old.keys() | new.keys()):
        b, a = old.get(ind), new.get(ind)
        either = a if a is not None else b
        fb, fa = cadence_before.get(ind), cadence_after.get(ind)
        out.append(
            IndicatorChange(
                indicator=ind,
                name=either.name if either is not None else ind,
                status=(b.status.value if b else None, a.status.value if a else None),
                latest=(
                    None if b is None or b.latest_value is None else float(b.latest_value),
                    None if a is None or a.latest_value is None else float(a.latest_value),
                ),
                latest_date=(b.latest_date if b else None, a.latest_date if a else None),
                tolerance=tolerance,
                baseline=(b.baseline if b else None, a.baseline if a else None),
                target=(b.target if b else None, a.target if a else None),
                target_date=(b.target_date if b else None, a.target_date if a else None),
                forecast=(
                    b.forecast.value if b and b.forecast else None,
                    a.forecast.value if a and a.forecast else None,
                ),
                direction=(
                    either.direction.value
                    if either is not None and either.direction is not None
                    else None
                ),
                words=(status_words(b, fb) if b else None, status_words(a, fa) if a else None),
                target_date_observed=(
                    b is not None and b.target_date_observed,
                    a is not None and a.target_date_observed,
                ),
                frequency=_frequency_name(fa if a is not None else fb),
                target_date_unreported=(
                    b is not None and b.target_date_unreported,
                    a is not None and a.target_date_unreported,
                ),
                target_date_words=(
                    target_date_words(b, fb) if b else None,
                    target_date_words(a, fa) if a else None,
                ),
                as_of=(before.as_of, after.as_of),
            )
        )
    return tuple(out)


def _definitions(
    kind: str, before: Iterable[Any], after: Iterable[Any], *, aside: str | None = None
) -> dict[str, tuple[str, ...]]:
    """Return ``{kind}_added``, ``_removed`` and ``_changed``: sorted ids (keyword arguments).

    Objects with the same id on both sides are compared in canonical order, and only those
    that differ as given: a list given in another order is no change. The field ``aside``
    (an indicator's observations) is left out of the comparison.
    """
    old, new = {o.id: o for o in before}, {o.id: o for o in after}

    def differ(x: Any, y: Any) -> bool:
        if aside is not None:
            x, y = attrs.evolve(x, **{aside: ()}), attrs.evolve(y, **{aside: ()})
        return bool(x != y and canonical_object(x) != canonical_object(y))

    return {
        f"{kind}_added": tuple(sorted(new.keys() - old.keys())),
        f"{kind}_removed": tuple(sorted(old.keys() - new.keys())),
        f"{kind}_changed": tuple(
            sorted(
                i for i in old.keys() & new.keys() if old[i] != new[i] and differ(old[i], new[i])
            )
        ),
    }


def _fields_changed(before: Any, after: Any) -> tuple[str, ...]:
    """Return the sorted names of the fields of two records of one class that differ.

    Compared in canonical order, as :func:`_definitions` compares: a list or a mapping given in
    another order is no change.
    """
    if before == after:
        return ()
    old, new = canonical_object(before), canonical_object(after)
    return tuple(
        sorted(
            field.name
            for field in attrs.fields(type(old))
            if getattr(old, field.name) != getattr(new, field.name)
        )
    )


def _unrelated(before: Initiative, after: Initiative) -> bool:
    """Whether two initiatives share no partner and no indicator id, both having some."""
    partners = [{p.id for p in i.partners} for i in (before, after)]
    indicators = [{i.id for i in x.indicators} for x in (before, after)]
    return (
        all(partners)
        and all(indicators)
        and not partners[0] & partners[1]
        and not indicators[0] & indicators[1]
    )


def _structure_changes(before: Assessment, after: Assessment, tolerance: float) -> dict[str, Any]:
    """Return what was added, removed or changed: the keyword arguments of the diff.

    Partners, activities (and those that started or stopped counting), goals, indicators,
    working groups, the backbone record, the conditions and ties.
    """
    b_init, a_init = before.initiative, after.initiative
    both = {a.id for a in b_init.activities} & {a.id for a in a_init.activities}
    b_scored = {a.id for a in before.analysed.activities} & both
    a_scored = {a.id for a in after.analysed.activities} & both
    b_ties, a_ties = _tie_strengths(before), _tie_strengths(after)
    b_words, a_words = tie_descriptions(before), tie_descriptions(after)
    b_kinds, a_kinds = tie_kinds(before), tie_kinds(after)
    changed = tuple(
        (p, q, s, a_ties[(p, q)])
        for (p, q), s in sorted(b_ties.items())
        if (p, q) in a_ties and abs(a_ties[(p, q)] - s) > tolerance
    )
    modified = [
        (p, q)
        for (p, q), words in sorted(b_words.items())
        if (p, q) in a_words
        and a_words[(p, q)] != words
        and abs(a_ties[(p, q)] - b_ties[(p, q)]) <= tolerance
    ]
    goals = _definitions("goals", b_init.goals, a_init.goals)
    return {
        **_definitions("partners", b_init.partners, a_init.partners),
        **_definitions("activities", b_init.activities, a_init.activities),
        "activities_started": tuple(sorted(a_scored - b_scored)),
        "activities_stopped": tuple(sorted(b_scored - a_scored)),
        **goals,
        "goal_changes": _goal_changes(b_init.goals, a_init.goals, goals["goals_changed"]),
        # an indicator's observations are its measurement's change (IndicatorChange), not its
        # definition's
        **_definitions("indicators", b_init.indicators, a_init.indicators, aside="observations"),
        **_definitions("working_groups", b_init.working_groups, a_init.working_groups),
        "backbone_changed": (
            ()
            if b_init.backbone is None and a_init.backbone is None
            else ("added",)
            if b_init.backbone is None
            else ("removed",)
            if a_init.backbone is None
            else _fields_changed(b_init.backbone, a_init.backbone)
        ),
        "conditions_changed": _fields_changed(b_init.conditions, a_init.conditions),
        "ties_added": tuple(
            (p, q, s) for (p, q), s in sorted(a_ties.items()) if (p, q) not in b_ties
        ),
        "ties_removed": tuple(
            (p, q, s) for (p, q), s in sorted(b_ties.items()) if (p, q) not in a_ties
        ),
        "ties_changed": changed,
        "ties_changed_kinds": tuple(
            (p, q, b_kinds[(p, q)], a_kinds[(p, q)]) for p, q, _, _ in changed
        ),
        "ties_modified": tuple(
            (p, q, "; ".join(b_words[(p, q)]), "; ".join(a_words[(p, q)])) for p, q in modified
        ),
        "ties_modified_kinds": tuple((p, q, b_kinds[(p, q)], a_kinds[(p, q)]) for p, q in modified),
    }


def _ids(ids: Sequence[str], limit: int = 6, sep: str = ", ") -> str:
    shown = sep.join(ids[:limit])
    return shown + (f"{sep}… ({len(ids) - limit:,} more)" if len(ids) > limit else "")


def _about(gap: Gap, limit: int = 3, names: _Names | None = None) -> str:
    """Whom or what a gap is about, in a few ids or names (a cluster of a thousand shows three).

    Ids are joined by "&" ("head-start & reading-corps"), names by the first of " and ",
    " / ", " + " and " · " that none of them holds ("Example County Head Start and Example
    Reads Tutoring Corps", but "Job-readiness and placement nonprofit / State workforce
    agency"): a name may hold "&", "and", a dash or a comma, and the joined names must read
    as the things they are.
    """
    if names is None:
        ids = gap.primary_words  # a backbone function in words: "advance policy"
        shown = " & ".join(ids[:limit])
        return shown + (f" & {len(ids) - limit:,} more" if len(ids) > limit else "")
    words = names(gap)
    join = _apart(words[:limit], (" and ", " / ", " + ", " · "))
    shown = join.join(words[:limit])
    # "(and 2 more)": "A / B / 2 more" read "2 more" as a name, "A and B and 2 more" badly
    return shown + (f" (and {len(words) - limit:,} more)" if len(words) > limit else "")


def _apart(words: Sequence[str], joins: Sequence[str]) -> str:
    """Return the first of ``joins`` that none of ``words`` holds (the last, if each does).

    >>> _apart(["Boys & Girls Club", "Schools"], [" and ", " / "])
    ' and '
    >>> _apart(["Job-readiness and placement", "Schools"], [" and ", " / "])
    ' / '
    >>> _apart(["Boys And Girls Club", "Schools"], [" and ", " / "])
    ' / '
    """
    folded = [w.casefold() for w in words]  # "Boys And Girls Club" holds an "and" too
    return next((j for j in joins if not any(j.casefold() in w for w in folded)), joins[-1])


#: The mark of a gap's line in the summary, by severity, most severe first.
_SEVERITY_MARKS = {"critical": "!!", "warning": "!", "info": "-"}
#: The same in Markdown, in words: "- -" was a list nested in a list, and "!" said nothing.
_SEVERITY_MARKDOWN = {
    severity: f"**{word}:**" if severity == "critical" else f"{word}:"
    for severity, word in SEVERITY_WORDS.items()
}


def _severity_count(severity: str, n: int) -> str:
    """Return ``"3 critical"``, ``"1 warning"``, ``"2 notes"``: as the summary's header counts.

    >>> _severity_count("critical", 3), _severity_count("warning", 1), _severity_count("info", 2)
    ('3 critical', '1 warning', '2 notes')
    """
    word = SEVERITY_WORDS[severity]
    return f"{n:,} {word}" if severity == "critical" else plural(n, word)


def config_text(config: ScoringConfig) -> str:
    """Say which settings differ from the defaults, for every report; ``""`` when none do.

    A summary scored with ``--config`` read exactly like a default run once pasted into a
    committee's papers, while its scores and gaps were not those of the defaults.

    Examples
    --------
    >>> print(config_text(ScoringConfig(weak_tie=0.9, min_funding_years=0.5)))
    Scored with settings other than the defaults: weak_tie 0.9 (default 0.3),
    min_funding_years 0.5 (default 2).
    >>> config_text(ScoringConfig())
    ''
    >>> config_text(ScoringConfig(weak_tie=0.30000001))
    'Scored with settings other than the defaults: weak_tie 0.30000001 (default 0.3).'
    >>> config_text(ScoringConfig(duplication_threshold=0.99995))
    'Scored with settings other than the defaults: duplication_threshold 0.99995 (default 0.8).'
    >>> config_text(ScoringConfig(weak_tie=0.1 + 0.2))
    'Scored with settings other than the defaults: weak_tie 0.30000000000000004 (default 0.3).'
    """
    changed = config.changed()
    if not changed:
        return ""
    # each value written as a person enters it (six figures), apart from its default:
    # 0.30000001 is not "0.3 (default 0.3)", nor 0.99995 "1 (default 0.8)"
    written = {name: entered_pair(value, default) for name, (value, default) in changed.items()}
    return (
        "Scored with settings other than the defaults: "
        + ", ".join(f"{name} {v} (default {d})" for name, (v, d) in written.items())
        + "."
    )


#: A gap's :attr:`~collective_impact.Gap.primary` as a reader is told it (:func:`subject_names`).
_Names = Callable[[Gap], tuple[str, ...]]

#: The longest name :func:`subject_names` writes whole; a longer one is cut at a word, with "…".
NAME_CHARS = 60


def short_name(name: str) -> str:
    r"""Return a name as a list of names writes it: on one line, at most :data:`NAME_CHARS`.

    Runs of white space (a name may be written on two lines) read as one space; a name
    longer than :data:`NAME_CHARS` characters is cut after its last whole word that fits (or
    at :data:`NAME_CHARS`, when that word ends in the first half) and ends with "…"; a name
    with a right-to-left letter or a bidirectional control is isolated (:func:`isolated`),
    so that it cannot reorder the sentence around it.

    Examples
    --------
    >>> short_name("Example County\nHead Start")
    'Example County Head Start'
    >>> short_name("Zero-tolerance discipline policy (out-of-school suspensions) in the county")
    'Zero-tolerance discipline policy (out-of-school suspensions)…'
    >>> short_name("A " + "x" * 80) == "A " + "x" * 58 + "…"
    True
    >>> short_name("مدرسة") == "\u2068مدرسة\u2069"
    True
    """
    words = " ".join(name.split())
    if len(words) > NAME_CHARS:
        cut = words[: NAME_CHARS + 1]
        kept = cut.rsplit(" ", 1)[0] if " " in cut else cut
        if len(kept) < NAME_CHARS // 2:  # a long word after a short one: "A xxxx…"
            kept = cut
        words = kept[:NAME_CHARS].rstrip(" ,;:") + "…"
    return isolated(words)


def subject_names(initiative: Initiative) -> _Names:
    """Return what each gap is about by name, for readers who do not know the ids.

    A partner, indicator or activity is written by its name, a goal by its statement
    (:func:`short_name`); a name that two of one kind share is followed by the id, so that a
    reader can tell them apart (``"Reading Program (tutoring-a)"``). A backbone function and
    a sector are written as in :attr:`~collective_impact.Gap.primary_words`; an id the
    initiative does not hold, as it is.

    Parameters
    ----------
    initiative
        The initiative whose gaps are named.

    Returns
    -------
    callable
        ``names(gap)``: the words for :attr:`~collective_impact.Gap.primary`, in its order.

    Examples
    --------
    >>> import collective_impact as ci
    >>> initiative = ci.load_example("cradle-to-career")
    >>> names = subject_names(initiative)
    >>> gap = ci.assess(initiative).gaps_by(code="harmful-activity")[0]
    >>> gap.primary
    ('zero-tolerance-discipline',)
    >>> names(gap)
    ('Zero-tolerance discipline policy (out-of-school suspensions)',)
    """
    tables = {
        "partner": {p.id: p.name for p in initiative.partners},
        "indicator": {i.id: i.name for i in initiative.indicators},
        "activity": {a.id: a.name for a in initiative.activities},
        "goal": {g.id: g.statement for g in initiative.goals},
    }
    written: dict[str, dict[str, str]] = {}
    for kind, table in tables.items():
        short = {i: short_name(name) for i, name in table.items()}
        shared = Counter(short.values())
        written[kind] = {
            i: n if shared[n] == 1 else f"{n} ({isolated(i)})" for i, n in short.items()
        }

    def names(gap: Gap) -> tuple[str, ...]:
        table = written.get(gap.primary_kind)
        if table is None:
            return gap.primary_words
        return tuple(table.get(i) or isolated(i) for i in gap.primary)

    return names


def first_things(
    gaps: Sequence[Gap], limit: int | None, names: _Names | None = None
) -> tuple[list[tuple[str, str]], int]:
    """Return the lines of "First things first", each with its severity; how many gaps are left.

    One line per gap, or per kind of gap when a kind has three or more, in the order of the
    gaps (:attr:`Gap.sort_key <collective_impact.Gap.sort_key>`), at most ``limit`` lines
    (``None``: every one). Each line is the severity of its gap (of the most severe, for a
    kind) and its text in plain words (:data:`~collective_impact.analysis.gaps.CODE_LABELS`),
    naming what it is about by id, or as ``names`` writes it (:func:`subject_names`).
    The summary's "First things first" (by id: the analyst's) and the HTML report's "At a
    glance" (by name: a committee's) are these lines.

    Examples
    --------
    >>> import collective_impact as ci
    >>> lines, left = first_things(ci.assess(ci.load_example("cradle-to-career")).gaps, 2)
    >>> lines[0]
    ('warning', 'funding not secured for long enough — 0.75 years of funding left, 2 needed')
    >>> lines[1][1][:40], left
    ('7 indicators off track or at risk (6 war', 26)
    """
    by_code: dict[str, list[Gap]] = {}
    for gap in gaps:
        by_code.setdefault(gap.code, []).append(gap)
    lines: list[tuple[str, str]] = []
    grouped: set[str] = set()
    represented = 0
    for gap in gaps:
        if limit is not None and len(lines) >= limit:
            break
        kind = by_code[gap.code]
        if len(kind) >= 3:
            if gap.code in grouped:
                continue
            grouped.add(gap.code)
            represented += len(kind)
            ids = [_about(g, 2, names) or g.key for g in kind]
            # the severity of the most severe; a kind of mixed severities says how many of
            # each (3 critical beside a warning were all marked critical by the first one's)
            counts = {s: sum(g.severity.value == s for g in kind) for s in _SEVERITY_MARKS}
            severity = next(s for s, n in counts.items() if n)
            mixed = sum(1 for n in counts.values() if n) > 1
            split = " (" + ", ".join(_severity_count(s, n) for s, n in counts.items() if n) + ")"
            lines.append(
                (
                    severity,
                    f"{len(kind):,} {CODE_LABELS[gap.code][1]}{split if mixed else ''}: "
                    # names apart by semicolons, unless a name holds one: it may hold a comma
                    f"{_ids(ids, sep=', ' if names is None else _apart(ids, ('; ', ' | ')))}",
                )
            )
        else:
            represented += 1
            about = _about(gap, names=names)
            size = gap.impact_text
            lines.append(
                (
                    gap.severity.value,
                    f"{gap.label}{': ' + about if about else ''}{' — ' + size if size else ''}",
                )
            )
    return lines, len(gaps) - represented


def _gap_lines(
    gaps: Sequence[Gap], limit: int | None, markdown: bool = False
) -> tuple[list[tuple[str, str]], int]:
    """Return the lines of :func:`first_things` with their marks; how many gaps are left.

    Each line is its mark of severity and its text: ``!!``, ``!`` or ``-`` (the header says
    so), in Markdown ``**critical:**``, ``warning:`` or ``note:`` (the mark is Markdown: only
    the text is escaped, which wrote the bold mark with its asterisks escaped).
    """
    marks = _SEVERITY_MARKDOWN if markdown else _SEVERITY_MARKS
    lines, left = first_things(gaps, limit)
    return [(marks[severity], text) for severity, text in lines], left


def _gaps_left(item: str, left: int, *, listed: bool) -> str:
    """Return the line counting the gaps a section of the summary leaves out, and how to see them.

    With none listed (``max_gaps=0``): "37 gaps not listed", not "no gap found … and 37 more".

    Examples
    --------
    >>> _gaps_left("  ", 4, listed=True)
    '  … and 4 more gaps (`--all`, or `summary(max_gaps=None)`, lists every one)'
    >>> _gaps_left("- ", 1, listed=False)
    '- 1 gap not listed (`--all`, or `summary(max_gaps=None)`, lists every one)'
    """
    rest = f"… and {plural(left, 'more gap')}" if listed else f"{plural(left, 'gap')} not listed"
    return f"{item}{rest} {every_one('max_gaps')}"


def _not_running_text(result: Assessment, limit: int | None = 6) -> str:
    """Return the sentence naming the activities an assessment left out (not running on its date).

    Examples
    --------
    >>> import collective_impact as ci
    >>> text = _not_running_text(ci.assess(ci.load_example("cradle-to-career")), limit=1)
    >>> print(textwrap.fill(text, 90))
    4 activities not counted (not running on 2026-09-30): every-day-counts (ended 2024-12-31,
    638 days before) and 3 more.
    """
    records = result.not_running
    when = result.as_of.isoformat() if result.as_of is not None else "the date of judgement"
    shown = [r.text for r in records[:limit]]
    more = len(records) - len(shown)
    if more:
        shown.append(f"{more:,} more")
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    count = plural(len(records), "activity", "activities")
    return f"{count} not counted (not running on {when}): {listed}."


def _summary_lines(
    result: Assessment,
    max_gaps: int | None,
    max_recommendations: int | None,
    markdown: bool,
    as_of_words: Mapping[str, str],
) -> list[str]:
    init = result.initiative
    source = as_of_source_words(result.as_of_source, as_of_words)
    when = (
        f"as of {result.as_of.isoformat()} ({source})"
        if result.as_of is not None
        else "with no date of judgement (no observation, no baseline and no as_of given)"
    )
    # one line: a line break in the name split the title under one underline
    # a name with right-to-left letters or controls isolated, or it reorders the line after it
    title = f"{isolated(one_line(init.name))}: assessment {when}"
    # names, ids and messages are the initiative's text: escaped in Markdown, not markup
    md = markdown_text if markdown else str

    def named(m: IndicatorMeasurement) -> str:  # an indicator as every list here names it
        return f"{md(isolated(m.name))} ({md(m.indicator)})"

    h2 = (lambda text: ["", f"## {text}", ""]) if markdown else (lambda text: ["", text])
    item = "- " if markdown else "  "
    lines = [f"# {md(title)}"] if markdown else [title, "=" * display_width(title)]
    # the data dated after as_of, left out: a date left over in a file hides its latest data
    left_after = after_as_of_text(
        result.after_as_of, result.as_of, result.as_of_source, as_of_words
    )
    # no date of judgement: every activity counts, whatever dates it records (said, not guessed)
    undated = activity_dates_ignored_text(result.activity_dates_ignored)
    for note in (left_after, undated):
        if note is None:
            continue
        lines += (
            ["", md(note)]
            if markdown
            else [*textwrap.wrap(note, 90, subsequent_indent="  ", break_on_hyphens=False), ""]
        )
    overall = (
        f"{result.phase.title}. Overall score {score_text(result.scores.overall)} (0 to 1: the "
        "geometric mean of the five conditions, so a missing condition cannot be averaged away)."
    )
    lines += ["", overall] if markdown else textwrap.wrap(overall, width=90, subsequent_indent="  ")
    settings = config_text(result.config)
    if settings:
        lines += ["", settings] if markdown else textwrap.wrap(settings, 90, subsequent_indent="  ")
    counts = {s: len(result.gaps_by(severity=s.value)) for s in Severity}
    parts = [
        plural(counts[Severity.CRITICAL], "critical gap"),
        plural(counts[Severity.WARNING], "warning"),
        plural(counts[Severity.INFO], "note"),
    ]
    gap_lines, remaining = _gap_lines(result.gaps, max_gaps, markdown)
    legend = "" if markdown or not result.gaps else "; marked !!, ! and -"
    counted = plural(len(result.gaps), "gap")  # "1 gap", not "1 gaps"
    lines += h2(f"First things first ({counted}: {', '.join(parts)}{legend})")
    for mark, line in gap_lines or ([] if result.gaps else [("", "no gap found")]):
        if markdown:
            lines.append(item + (f"{mark} " if mark else "") + md(line))
        else:
            lines += textwrap.wrap(
                f"{mark} {line}" if mark else line,
                width=100,
                initial_indent=item,
                subsequent_indent="     ",
            )
    if remaining:
        lines.append(_gaps_left(item, remaining, listed=bool(gap_lines)))
    if result.not_running:  # what the numbers below leave out, before the numbers
        # every one when every gap is listed (--all): "… and 10 more" stayed cut (a reviewer)
        left_out = _not_running_text(result, 6 if max_gaps is not None else None)
        lines += (
            ["", md(left_out)]
            if markdown
            else ["", *textwrap.wrap(left_out, 90, subsequent_indent="  ", break_on_hyphens=False)]
        )
    lines += h2("Conditions (0 = absent, 1 = fully in place)")
    for key in SCORE_KEYS:
        value = getattr(result.scores, key)
        name = key.replace("_", " ")
        if markdown:
            lines.append(f"- {name}: **{score_text(value)}**")
        else:
            lines.append(f"  {name:<33} {score_text(value):>5}  {'#' * bar_units(value, 20)}")

    def wrapped(line: str) -> list[str]:  # text lines stay within 100 characters
        if markdown:
            return [line]
        return textwrap.wrap(line, width=100, initial_indent="", subsequent_indent="    ")

    idx = result.alignment.index
    pairs = result.alignment.interdependent_pairs
    lines += wrapped(
        item
        + "Alignment index: "
        + (
            f"undefined — {index_undefined(result)}"
            if idx is None
            else f"{score_text(idx, INDEX_DECIMALS)}, the share of the reinforcement between "
            f"partners' activities (over {plural(pairs, 'interdependent pair')}) that runs "
            "between coordinated partners: tied, sharing a partner or a working group, or "
            "brought together by the backbone"
        )
    )
    next_phase = result.phase.phase + 1
    if next_phase <= 3:
        target = PhaseReport(
            phase=next_phase, criteria=(), preconditions=result.phase.preconditions
        )
        lines += h2(f"To reach {target.title}")
        for c in result.phase.unmet(next_phase):
            # wrapped: a criterion with its component runs past 100 characters
            lines += wrapped(f"{item}{c.component.replace('_', ' ')}: {md(c.name)}")
    behind = result.lagging
    frequency = {i.id: i.frequency for i in result.initiative.indicators}
    if behind:
        lines += h2(f"Indicators off track or at risk ({len(behind)})")
        # the most pressing first, as many as lines of gaps (214 at the stress case)
        listed_now = behind if max_gaps is None else behind[:max_gaps]
        for m in listed_now:
            status, latest, target_text, forecast = indicator_figures(
                m, frequency.get(m.indicator), result.as_of
            )
            missing = missing_reporters_words(m, frequency.get(m.indicator))
            of_figure = (
                ""
                if frequency.get(m.indicator) is None
                else " " + forecast_words(m, frequency.get(m.indicator), at=False)
            )
            lines += wrapped(
                f"{item}{named(m)}: {status}; latest {latest}"
                # the target date gone by: when the latest value is from, so it does not
                # read as current
                + (
                    f" on {m.latest_date.isoformat()}"
                    if m.target_date_unreported and m.latest_date is not None
                    else ""
                )
                # judged on part of the reporters of the earlier periods
                + (f" ({md(missing)})" if missing else "")
                + ", target "
                f"{target_text} by {target_date_words(m, frequency.get(m.indicator))}"
                # with a frequency, of the target period's figure (where it sits on the line)
                 + (f", forecast{of_figure} {forecast}" if forecast is not None else "")
            )
        if len(listed_now) < len(behind):
            lines += wrapped(
                f"{item}… and {len(behind) - len(listed_now):,} more "
                + every_one("max_gaps", "Assessment.lagging")
            )
    # the indicators the status cannot judge yet, and what each lacks: without them a reader
    # of the text had no word on an indicator that is neither behind nor met
    unjudged = result.unjudged  # the agenda's first, in the order of their gaps
    if unjudged:
        lines += h2(f"Indicators not yet judged ({len(unjudged)})")
        said = unjudged if max_gaps is None else unjudged[:max_gaps]
        for m in said:
            reason = insufficient_reason(m, frequency.get(m.indicator))
            lines += wrapped(f"{item}{named(m)}: {reason}")
        if len(said) < len(unjudged):
            lines += wrapped(
                f"{item}… and {len(unjudged) - len(said):,} more "
                + every_one("max_gaps", "Assessment.unjudged")
            )
    # what a latest value or a gap between groups leaves out: a "met" on one partner's figure
    # of a quarter two report, or a gap between two groups with the worst-off one's late report
    # left out, read as any other (the HTML report's data-quality section says it too)
    partial = partial_notes(result)
    if partial:
        lines += h2(
            f"Latest values and gaps between groups that leave reports out ({len(partial)})"
        )
        noted = partial if max_gaps is None else partial[:max_gaps]
        for m, note in noted:
            lines += wrapped(f"{item}{named(m)}: {md(note)}")
        if len(noted) < len(partial):
            # as the other sections: `--all` for the terminal, max_gaps=None for the API
            lines += wrapped(
                f"{item}… and {len(partial) - len(noted):,} more " + every_one("max_gaps")
            )
    shown = result.gaps if max_gaps is None else result.gaps[:max_gaps]
    left = len(result.gaps) - len(shown)
    lines += h2("The gaps in detail" + (f" (first {len(shown):,})" if left and shown else ""))
    for gap in shown:
        text = f"[{SEVERITY_WORDS[gap.severity.value]}] {gap.message}"
        if markdown:
            lines.append(f"- {md(text)}")
        else:
            lines += textwrap.wrap(text, width=100, initial_indent="  ", subsequent_indent="    ")
    if left:
        lines.append(_gaps_left(item, left, listed=bool(shown)))
    lines += h2("Recommended ties")
    if not result.recommendations:
        asked, index = result.recommendations_asked, result.alignment.index
        lines.append(item + no_recommendation_text(asked, index))
    # one precision for the list, as many decimals as before + gain = after needs as written
    tie_rows = recommendation_rows(result, max_recommendations, escape=md)
    for tie_row in tie_rows:
        first, second = md(tie_row.source), md(tie_row.target)
        extra = f"; {tie_row.together}" if tie_row.together else ""
        if tie_row.assumed:  # as the gaps say it of themselves
            extra += (
                f"; {tie_row.assumed} of its gain is on pairs whose overlap is assumed "
                "(populations or places not recorded)"
            )
        what = (
            (
                # "directly" only for partners who already work together
                f"tie {first} and {second} directly (strength {tie_row.strength}{extra})"
                if tie_row.together
                else f"connect {first} and {second} (strength {tie_row.strength}{extra})"
            )
            if tie_row.now is None
            else f"strengthen the tie of {first} and {second} "
            f"({tie_row.now} -> {tie_row.strength}{extra})"
            if not tie_row.now_kind
            # beside a funding tie, "strengthen the tie" read as "more funding" (a reviewer)
            else f"tie {first} and {second} by regular communication (strength "
            f"{tie_row.strength}; today their strongest tie is {tie_row.now_kind}, "
            f"{tie_row.now}{extra})"
            if tie_row.talks is None
            else f"strengthen the communication of {first} and {second} ({tie_row.talks} -> "
            f"{tie_row.strength}; today their strongest tie is {tie_row.now_kind}, "
            f"{tie_row.now}{extra})"
        )
        lines += wrapped(
            f"{item}{what}: alignment index {tie_row.before} -> {tie_row.after} ({tie_row.gain})"
        )
    more = len(result.recommendations) - len(tie_rows)
    if more > 0:
        lines.append(f"{item}… and {more:,} more (every one with max_recommendations=None)")
    if len(tie_rows) > 1:  # a paragraph of its own after the list
        lines += ["", md(NOT_ADDITIVE)] if markdown else wrapped(f"  {NOT_ADDITIVE}")
    if not all(row.adds_up for row in tie_rows):
        lines += ["", md(ROUNDED_APART)] if markdown else wrapped(f"  {ROUNDED_APART}")
    equal = equal_gains_text(result, max_recommendations, escape=md)
    if equal:
        lines += ["", equal] if markdown else wrapped(f"  {equal}")
    if result.sensitivity is not None:
        # its settings are said once, above, when they are the assessment's
        same = result.sensitivity.config == result.config
        lines += ["", result.sensitivity.summary(markdown=markdown, settings=not same)]
    return lines


def check_assess_arguments(
    *, config: object = None, as_of: object = None, recommendations: object = 5
) -> None:
    """Refuse the options of :func:`assess` that no initiative can be assessed with.

    The checks :func:`assess` makes first, shared with
    :func:`~collective_impact.assess_many` and :func:`~collective_impact.iter_assess`, which
    make them once, when called: a batch given ``config={...}`` or ``recommendations=-1``
    failed every one of its initiatives, each with the same error, instead of being refused.
    Whatever depends on the initiative (an ``as_of`` before all its data, a pathway that does
    not converge) is not checked here.

    Parameters
    ----------
    config
        ``None`` or a :class:`~collective_impact.ScoringConfig`.
    as_of
        ``None``, a date or a text ``YYYY-MM-DD``.
    recommendations
        A whole number at least 0.

    Raises
    ------
    ArgumentTypeError
        When ``config`` is not a :class:`~collective_impact.ScoringConfig` (a mapping is read
        by :meth:`ScoringConfig.from_dict <collective_impact.ScoringConfig.from_dict>`).
    ValidationError
        When ``as_of`` is not a date (nor a text ``YYYY-MM-DD``), or ``recommendations`` is
        not an integer at least 0 (named ``recommendations``: :func:`recommend_ties
        <collective_impact.recommend_ties>`, which computes them, calls it ``k``).

    Examples
    --------
    >>> check_assess_arguments(recommendations=-1)
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 1 problem:
      recommendations: expected an integer (int) at least 0, got -1
    """
    expect_config(config)
    as_date(as_of)  # a text "YYYY-MM-DD" is read where the date is used
    expect_count(recommendations, argument="recommendations")


def assess(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
    recommendations: int = 5,
    progress: bool = False,
) -> Assessment:
    """Assess an initiative: condition scores, alignment, gaps, phase and recommendations.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` one (from
        :func:`~collective_impact.prepare`), whose inputs already computed are used again; its
        ``config`` and ``as_of`` are then fixed (see :func:`~collective_impact.prepare`).
        :attr:`Assessment.initiative` is the initiative either way.
    config
        Weights and thresholds (the defaults of :class:`~collective_impact.ScoringConfig`).
    as_of
        The date of judgement. By default the ``as_of`` the initiative states, else its latest
        observation (:func:`latest_date`; never a planned or target date), so the result never
        depends on today's date. Observations dated after it are left out of every measurement.
    recommendations
        How many tie recommendations to compute: a whole number at least 0.
    progress
        Show a tqdm progress bar while the pairs of activities are scored (the long part on
        very large initiatives).

    Returns
    -------
    Assessment

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an initiative (nor a prepared one), or ``config`` is not a
        :class:`~collective_impact.ScoringConfig`.
    ValidationError
        When ``as_of`` is not a date (nor a text ``YYYY-MM-DD``), or ``recommendations`` is
        not an integer at least 0. The options are checked first, before any work is
        done (and once for a whole batch, by :func:`~collective_impact.assess_many` and
        :func:`~collective_impact.iter_assess`).
    PathwayError
        When indicator pathways do not converge.
    AsOfError
        When an explicit ``as_of`` (argument or file) is before every observation and baseline.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> sorted(result.to_dict())[:4]
    ['activities_not_running', 'activity_dates_ignored', 'after_as_of', 'alignment']
    >>> result.as_of_source
    'latest observation'
    >>> all(0.0 <= v <= 1.0 for v in result.scores.to_dict().values())
    True
    """
    check_assess_arguments(config=config, as_of=as_of, recommendations=recommendations)
    # the collector is paused: assessing builds many objects and no reference cycle, and each
    # full collection would walk the whole initiative again (see collector_paused)
    with collector_paused():
        prepared = prepare(initiative, config=config, as_of=as_of, progress=progress)
        # every result is computed from the canonical form (bit-identical under any permutation of
        # the lists), and the arrays, C̃, the reinforcement and the measurement only once
        when, source = prepared.as_of, prepared.as_of_source  # first: a bad as_of fails fast
        scores = condition_scores(prepared)
        result = prepared.reinforcement
        return Assessment(
            initiative=prepared.initiative,  # also when given a Prepared one
            scores=scores,
            alignment=AlignmentSummary(
                index=result.index,
                total_interdependence=result.total_interdependence,
                total_conflict=result.total_conflict,
                total_reinforcement=result.total_reinforcement,
                total_duplication=result.total_duplication,
                coordinated_reinforcement=result.coordinated_reinforcement,
                interdependent_pairs=int(
                    ((result.pairs.interdependence > 0) & result.pairs.between).sum()
                ),
                total_joint_harm=result.total_joint_harm,
                activities=len(prepared.analysed.activities),
            ),
            reinforcement=result,
            gaps=detect_gaps(prepared),
            measurement=prepared.measurement,
            phase=assess_phase(prepared),
            recommendations=recommend_ties(prepared, k=recommendations),
            recommendations_asked=recommendations,
            config=prepared.config,
            as_of=when,
            as_of_source=source,
            not_running=prepared.not_running,
            software_version=__version__,
            _cache={"canonical": prepared.analysed},
        )
