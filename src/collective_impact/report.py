"""The assessment of an initiative: :func:`assess` and its result, :class:`Assessment`."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import TYPE_CHECKING, Any

import attrs

from .analysis._canonical import canonical
from .analysis._index import build_index
from .analysis.conditions import SCORE_KEYS, ConditionScores, condition_scores
from .analysis.gaps import Gap, Severity, detect_gaps
from .analysis.measurement import (
    IndicatorMeasurement,
    IndicatorStatus,
    latest_date,
    measure_indicator,
    resolve_as_of,
)
from .analysis.network import NetworkMeasures, network_measures
from .analysis.phases import PhaseReport, assess_phase
from .analysis.recommend import TieRecommendation, tie_recommendations
from .analysis.reinforcement import Reinforcement, reinforcement_scores
from .config import ScoringConfig
from .model import Initiative

if TYPE_CHECKING:  # the sensitivity analysis imports assess from here
    from .analysis.sensitivity import Sensitivity

__all__ = ["AlignmentSummary", "Assessment", "AssessmentDiff", "assess", "latest_date"]


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
        """Return the summary as plain data (``index`` may be ``None``)."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class AssessmentDiff:
    """What changed between two assessments (see :meth:`Assessment.diff`).

    Attributes
    ----------
    scores
        ``{score key: (before, after)}`` for the five conditions and ``overall``.
    alignment_index
        ``(before, after, change)``; the change is ``None`` when either index is undefined.
    opened, closed
        Gaps present only after, and only before.
    """

    scores: dict[str, tuple[float, float]]
    alignment_index: tuple[float | None, float | None, float | None]
    opened: tuple[Gap, ...]
    closed: tuple[Gap, ...]

    def score_changes(self) -> dict[str, float]:
        """Return ``{score key: after - before}``."""
        return {k: after - before for k, (before, after) in self.scores.items()}

    def to_dict(self) -> dict[str, Any]:
        """Return the difference as JSON-safe plain data."""
        return {
            "scores": {
                k: {"before": b, "after": a, "change": a - b} for k, (b, a) in self.scores.items()
            },
            "alignment_index": dict(
                zip(("before", "after", "change"), self.alignment_index, strict=True)
            ),
            "opened": [g.to_dict() for g in self.opened],
            "closed": [g.to_dict() for g in self.closed],
        }


@attrs.frozen(kw_only=True)
class Assessment:
    """Everything :func:`assess` found about an initiative.

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
        Every :class:`~.analysis.gaps.Gap`, sorted by severity, code and subjects.
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
        observation and no date was given.
    as_of_source
        Where ``as_of`` came from: ``"argument"``, ``"file"`` (the initiative's own
        ``as_of``), ``"latest observation"`` or ``"none"``.
    sensitivity
        A :class:`~collective_impact.Sensitivity` study of this assessment's weights and
        thresholds, or ``None``; see :meth:`with_sensitivity`.
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
    sensitivity: Sensitivity | None = None
    _cache: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, alias="_cache")

    @property
    def analysed(self) -> Initiative:
        """The initiative as analysed: :attr:`initiative` with every list in canonical order.

        Every result is computed from it (so results do not depend on the order of the input's
        lists); it equals :attr:`initiative` up to that order.
        """
        if "canonical" not in self._cache:
            self._cache["canonical"] = canonical(self.initiative)
        result: Initiative = self._cache["canonical"]
        return result

    @property
    def network(self) -> NetworkMeasures:
        """The network measures of the initiative's ties (computed on first access).

        Betweenness and all-pairs distances take seconds on a thousand partners, so they are
        computed only when asked for (``to_dict()`` asks).
        """
        if "network" not in self._cache:
            self._cache["network"] = network_measures(self.analysed)
        result: NetworkMeasures = self._cache["network"]
        return result

    def to_frame(self) -> Any:
        """Return the scores and their sub-measures as a pandas DataFrame (long format).

        See :func:`collective_impact.frames.scores_frame`; needs the ``pandas`` extra.
        """
        from .frames import scores_frame

        return scores_frame(self)

    def gaps_frame(self) -> Any:
        """Return the gaps as a pandas DataFrame, one column per evidence key."""
        from .frames import gaps_frame

        return gaps_frame(self)

    def measurement_frame(self) -> Any:
        """Return one row per indicator: status, progress, trend, forecast, data quality."""
        from .frames import measurement_frame

        return measurement_frame(self)

    def network_frame(self) -> Any:
        """Return one row per partner: degree, Burt's measures, brokerage, value and trust."""
        from .frames import network_frame

        return network_frame(self)

    def pairs_frame(self, *, top: int | None = None) -> Any:
        """Return the activity pairs with d, conflict, r, R, D and k, largest R first.

        ``top`` keeps the first rows only.
        """
        from .frames import pairs_frame

        return pairs_frame(self, top=top)

    def _repr_html_(self) -> str:
        """Return a compact HTML view for notebooks (every user string escaped)."""
        from .html import assessment_html

        return assessment_html(self)

    def diff(self, other: Assessment) -> AssessmentDiff:
        """Compare this assessment (before) with ``other`` (after).

        For snapshots of one initiative over time (survey waves) or a what-if change: the change
        of every score and of the alignment index, and the gaps opened and closed (a gap is the
        same when its :attr:`~collective_impact.Gap.key` is: its code and the ids in each of its
        roles, so two activities that each push against the other are two gaps).

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
        """
        before = {g.key: g for g in self.gaps}
        after = {g.key: g for g in other.gaps}
        old, new = self.alignment.index, other.alignment.index
        return AssessmentDiff(
            scores={
                k: (float(getattr(self.scores, k)), float(getattr(other.scores, k)))
                for k in SCORE_KEYS
            },
            alignment_index=(
                old,
                new,
                None if old is None or new is None else new - old,
            ),
            opened=tuple(
                sorted((after[k] for k in after.keys() - before.keys()), key=lambda g: g.sort_key)
            ),
            closed=tuple(
                sorted((before[k] for k in before.keys() - after.keys()), key=lambda g: g.sort_key)
            ),
        )

    def with_sensitivity(
        self, *, samples: int = 200, spread: float = 0.2, seed: int = 0, top: int = 5
    ) -> Assessment:
        """Return this assessment with a :func:`~collective_impact.sensitivity` study attached.

        The study perturbs this assessment's own ``config`` and keeps its ``as_of``; the new
        assessment is this one with :attr:`sensitivity` set (:func:`attrs.evolve`), so
        :meth:`to_dict` and :meth:`summary` include it. The parameters are those of
        :func:`~collective_impact.sensitivity`.

        Examples
        --------
        >>> import collective_impact as ci
        >>> result = ci.assess(ci.load_example("workforce")).with_sensitivity(samples=5)
        >>> result.sensitivity.samples, "sensitivity" in result.to_dict()
        (5, True)
        """
        from .analysis.sensitivity import sensitivity

        study = sensitivity(
            self.initiative,
            config=self.config,
            as_of=self.as_of,
            samples=samples,
            spread=spread,
            seed=seed,
            top=top,
        )
        return attrs.evolve(self, sensitivity=study)

    def indicator(self, id: str) -> IndicatorMeasurement:
        """Return the measurement record of indicator ``id``.

        Raises
        ------
        UnknownIdError
            When the initiative has no such indicator.
        """
        for record in self.measurement:
            if record.indicator == id:
                return record
        from .errors import UnknownIdError

        raise UnknownIdError("indicator", id)

    def rba(self) -> dict[str, list[dict[str, Any]]]:
        """Group the performance measures by Results-Based Accountability quadrant.

        Returns ``{quadrant: [{"indicator", "name", "informs", "status", "latest"}]}`` with the
        quadrants ``how-much``, ``how-well``, ``better-off`` and ``unassigned`` (performance
        measures without a quadrant), each linked to the population indicators it informs.
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
        """Return the gaps with the given ``code`` and/or ``severity``."""
        return tuple(
            g
            for g in self.gaps
            if (code is None or g.code == code)
            and (severity is None or g.severity == Severity(severity))
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the assessment as JSON-safe plain data.

        Top-level keys (stable): ``scores``, ``alignment``, ``gaps``, ``phase``,
        ``recommendations``, ``config``; plus ``score_components`` (the sub-measures behind each
        score), ``measurement`` (one record per indicator), ``rba`` (performance measures by
        quadrant), ``network`` (the network measures; computing them may take a few seconds
        on a thousand partners), ``as_of`` (ISO date or ``null``) and ``as_of_source`` (where it
        came from: ``argument``, ``file``, ``latest observation`` or ``none``); and
        ``sensitivity`` only when a study is attached
        (:meth:`with_sensitivity`). Numbers are plain Python ``float``/``int``; an undefined
        alignment index is ``null``.
        """
        out: dict[str, Any] = {
            "scores": self.scores.to_dict(),
            "score_components": {k: dict(v) for k, v in self.scores.components.items()},
            "alignment": self.alignment.to_dict(),
            "gaps": [g.to_dict() for g in self.gaps],
            "phase": self.phase.to_dict(),
            "recommendations": [r.to_dict() for r in self.recommendations],
            "measurement": [m.to_dict() for m in self.measurement],
            "network": self.network.to_dict(),
            "rba": self.rba(),
            "config": self.config.to_dict(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "as_of_source": self.as_of_source,
        }
        if self.sensitivity is not None:
            out["sensitivity"] = self.sensitivity.to_dict()
        return out

    def summary(self, *, max_gaps: int = 10, max_recommendations: int = 5) -> str:
        """Return a readable plain-text report: scores, phase, top gaps, top recommendations."""
        init = self.initiative
        lines = [f"Assessment of {init.name}", "=" * (14 + len(init.name))]
        if self.as_of is not None:
            lines.append(f"as of {self.as_of.isoformat()} ({self.as_of_source})")
        else:
            lines.append("as of: no date (no observation and no as_of given)")
        lines += ["", "Conditions (0-1):"]
        for key in SCORE_KEYS:
            value = getattr(self.scores, key)
            bar = "#" * round(value * 20)
            lines.append(f"  {key.replace('_', ' '):<33} {value:5.2f}  {bar}")
        idx = self.alignment.index
        lines += [
            "",
            "Alignment index: "
            + ("undefined (no activities reinforce each other)" if idx is None else f"{idx:.3f}")
            + f" over {self.alignment.interdependent_pairs} interdependent activity pairs",
            "",
            f"Phase: {self.phase.label}",
        ]
        next_phase = self.phase.phase + 1
        if next_phase <= 3:
            lines += [f"  to reach phase {'I' * next_phase}:"] + [
                f"    - {c.component.replace('_', ' ')}: {c.name}"
                for c in self.phase.unmet(next_phase)
            ]
        lagging = (IndicatorStatus.OFF_TRACK, IndicatorStatus.AT_RISK)
        behind = [m for m in self.measurement if m.status in lagging]
        lines += ["", f"Indicators off track or at risk: {len(behind) or 'none'}"]
        for m in behind:
            forecast = f", forecast {m.forecast.value:.3g}" if m.forecast is not None else ""
            latest = f"{m.latest_value:.3g}" if m.latest_value is not None else "?"
            lines.append(
                f"  [{m.status.value}] {m.indicator}: latest {latest}, target {m.target:g} by "
                f"{m.target_date}{forecast}"
            )
        counts = {s: len(self.gaps_by(severity=s.value)) for s in Severity}
        lines += [
            "",
            f"Gaps: {len(self.gaps)} ({counts[Severity.CRITICAL]} critical, "
            f"{counts[Severity.WARNING]} warning, {counts[Severity.INFO]} info)",
        ]
        for gap in self.gaps[:max_gaps]:
            lines.append(
                textwrap.fill(
                    f"[{gap.severity.value}] {gap.code}: {gap.message}",
                    width=100,
                    initial_indent="  ",
                    subsequent_indent="      ",
                )
            )
        if len(self.gaps) > max_gaps:
            lines.append(f"  ... and {len(self.gaps) - max_gaps} more")
        lines += ["", "Recommended ties:"]
        if not self.recommendations:
            lines.append("  none")
        for rec in self.recommendations[:max_recommendations]:
            lines.append(
                f"  connect {rec.source} and {rec.target} (strength {rec.strength:g}): "
                f"alignment index {rec.index_before:.3f} -> {rec.index_after:.3f} "
                f"(+{rec.gain:.3f})"
            )
        if self.sensitivity is not None:
            lines += ["", self.sensitivity.summary()]
        return "\n".join(lines)


def assess(
    initiative: Initiative,
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
        The initiative.
    config
        Weights and thresholds (the defaults of :class:`~collective_impact.ScoringConfig`).
    as_of
        The date of judgement. By default the ``as_of`` the initiative states, else its latest
        observation (:func:`latest_date`; never a planned or target date), so the result never
        depends on today's date. Observations dated after it are left out of every measurement.
    recommendations
        How many tie recommendations to compute.
    progress
        Show a tqdm progress bar while the pairs of activities are scored (the long part on
        very large initiatives).

    Returns
    -------
    Assessment

    Raises
    ------
    PathwayError
        When indicator pathways do not converge.
    AsOfError
        When an explicit ``as_of`` (argument or file) is before every observation.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> sorted(result.to_dict())[:4]
    ['alignment', 'as_of', 'as_of_source', 'config']
    >>> result.as_of_source
    'latest observation'
    >>> all(0.0 <= v <= 1.0 for v in result.scores.to_dict().values())
    True
    """
    cfg = config if config is not None else ScoringConfig()
    when, source = resolve_as_of(initiative, as_of)
    # every list in canonical order: results are bit-identical under any permutation
    analysed = canonical(initiative)
    index = build_index(analysed)
    result = reinforcement_scores(analysed, config=cfg, index=index, progress=progress)
    total = result.total_contributions
    agenda_ids = {i for g in analysed.goals for i in g.indicators}
    records = tuple(
        measure_indicator(ind, as_of=when, config=cfg, on_agenda=ind.id in agenda_ids)
        for ind in analysed.indicators
    )
    scores = condition_scores(
        analysed,
        index=index,
        total=total,
        reinforcement=result,
        config=cfg,
        measurement=records,
    )
    agenda = scores.components["common_agenda"]
    return Assessment(
        initiative=initiative,
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
            activities=len(analysed.activities),
        ),
        reinforcement=result,
        gaps=detect_gaps(
            analysed,
            config=cfg,
            index=index,
            total=total,
            reinforcement=result,
            as_of=when,
            measurement=records,
        ),
        measurement=records,
        phase=assess_phase(
            analysed,
            index=index,
            goal_coverage=agenda["goal_coverage"],
            focus=agenda["focus"],
            config=cfg,
            as_of=when,
        ),
        recommendations=tie_recommendations(index, result, cfg, k=recommendations),
        config=cfg,
        as_of=when,
        as_of_source=source,
        _cache={"canonical": analysed},
    )
