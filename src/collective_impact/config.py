"""``ScoringConfig``: every weight and threshold of the analyses, with its default and range."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from .errors import Problem, ProblemCode, ValidationError
from .model._convert import structure_object
from .model._fields import ModelBase, Number, Problems, Rule, meta, schema_of, to_float

__all__ = ["ScoringConfig"]


def _unit(doc: str) -> dict[str, Any]:
    return meta(Number(minimum=0.0, maximum=1.0), doc)


def _open_unit(doc: str) -> dict[str, Any]:
    return meta(Number(exclusive_minimum=0.0, maximum=1.0), doc)


def _critical_not_below_flagged(values: Mapping[str, Any]) -> Problems:
    """Return a problem when the share from which a coordination gap is critical is the lower.

    Below it, every flagged gap would be critical, and a share between the two would be
    called critical by one threshold and not flagged by the other: the verdict would depend on
    which threshold a reader looks at.
    """
    flagged, critical = values["gap_share_threshold"], values["critical_gap_share"]
    if critical < flagged:
        return [
            Problem(
                "critical_gap_share",
                f"{critical!r} is below gap_share_threshold {flagged!r}: the share from which "
                "a coordination gap is critical cannot be below the share from which it is "
                "flagged",
                ProblemCode.INCONSISTENT,
            )
        ]
    return []


@attrs.frozen(kw_only=True)
class ScoringConfig(ModelBase):
    r"""Every weight and threshold used by the analyses (DESIGN §4–§6).

    A frozen value: pass it explicitly (there are no global settings), change it with
    :func:`attrs.evolve`, read it from a file with :meth:`from_dict` (the CLI's ``--config``).
    Every field is checked against its range when the object is built.

    Parameters
    ----------
    pathway_weight
        :math:`\lambda \in [0, 1)`, default 0.5. Work on an indicator reinforces the indicators
        downstream of it (``Indicator.drives``), decaying by :math:`\lambda w` per step:
        :math:`\tilde C = C (I - \lambda W)^{-1}`. 0 switches pathways off.
    unspecified_overlap
        In [0, 1], default 1.0. The overlap factor used for populations (or places) when either
        activity leaves them unspecified (empty).
    working_group_coordination
        In [0, 1], default 0.6. Coordination of two activities whose partners share a working
        group (at least).
    brokered_coordination
        In [0, 1], default 0.3. Coordination of two activities whose partners are both tied to
        (or are) the backbone organisation (at least).
    duplication_threshold
        In (0, 1], default 0.8. Redundancy from which a pair of activities of different lead
        partners is flagged ``duplication``.
    weak_tie
        In (0, 1], default 0.3. Ties (and coordination) weaker than this count as weak: a
        duplication between weakly coordinated activities is a warning, and a partner pair with
        a large coordination gap is flagged only when their tie is weaker than this.
    gap_share_threshold
        In [0, 1], default 0.02. Share of the total reinforcement :math:`\sum R` that a partner
        pair's coordination gap must exceed to be flagged ``uncoordinated-interdependence``.
    critical_gap_share
        In [0, 1], default 0.10, and not below ``gap_share_threshold``. Share of
        :math:`\sum R` from which that gap is critical.
    conflict_warning_share
        In [0, 1], default 0.5. A ``conflicting-activities`` gap (one per activity working
        against others) is a warning when its conflict makes up at least this share of its
        interdependence with those activities, else information.
    recommended_tie_strength
        In (0, 1], default 1.0. Strength of the ties :func:`recommend_ties` proposes.
    min_funding_years
        :math:`\ge 0`, default 2.0. Funding secured for fewer years than this (from the
        assessment date) is flagged ``short-funding``.
    partial_function_credit
        In [0, 1], default 0.5. Credit for a backbone function carried out ``partial``-ly
        (``strong`` counts 1, ``none`` 0).
    prediction_level
        In (0, 1), default 0.8. Coverage of the prediction interval around an indicator's
        forecast of its target: at the target date, or with a reporting frequency where the
        figure of the target date's period sits
        (:func:`~collective_impact.analysis.measurement.forecast_date`).
    stale_after_periods
        > 0, default 2.0. An indicator with a reporting ``frequency`` is stale when its last
        measurement is older than this many periods, counted on the calendar: periods of
        :math:`m` months are :math:`N m` calendar months from the measurement's date (31
        January and 1 month is 28 or 29 February; a month's last day stays a month's last day),
        a fraction of a month the same share of the days of the month after the whole months
        (:func:`~collective_impact.analysis.measurement.fresh_until`). With 2, an annual
        value of 30 June 2022 is fresh on 30 June 2024 and stale on 1 July 2024; with 2.5, a
        monthly value of 31 January 2025 is fresh until 15 April 2025 (31 March, then 15 of
        April's 30 days).
    stale_after_days
        > 0, default 730. An indicator without a frequency is stale when its last measurement
        is more than this many days old.
    widening_threshold
        >= 0, default 0. The smallest growth of the gap between an indicator's groups, in units
        a year, that counts as widening: the null hypothesis of the widening test is that the
        gap grows by at most this much (a minimum practical effect).
    disparity_level
        In (0, 1), default 0.1. Significance level of the one-sided t-test on the slope of the
        gap between groups: the gap is *widening* (and flagged ``widening-disparity``) only
        when the test rejects "grows by at most ``widening_threshold`` a year" at this level,
        on at least 3 dates.

    Examples
    --------
    >>> ScoringConfig().pathway_weight
    0.5
    >>> ScoringConfig(weak_tie=1.5)
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 1 problem:
      weak_tie: expected a number in (0, 1], got 1.5
    """

    pathway_weight: float = attrs.field(
        default=0.5,
        converter=to_float,
        metadata=meta(
            Number(minimum=0.0, exclusive_maximum=1.0),
            "Decay of reinforcement along indicator pathways, lambda in [0, 1).",
        ),
    )
    unspecified_overlap: float = attrs.field(
        default=1.0,
        converter=to_float,
        metadata=_unit("Overlap factor when populations or places are unspecified."),
    )
    working_group_coordination: float = attrs.field(
        default=0.6,
        converter=to_float,
        metadata=_unit("Coordination floor for partners sharing a working group."),
    )
    brokered_coordination: float = attrs.field(
        default=0.3,
        converter=to_float,
        metadata=_unit("Coordination floor for partners both tied to the backbone."),
    )
    duplication_threshold: float = attrs.field(
        default=0.8,
        converter=to_float,
        metadata=_open_unit("Redundancy from which a pair is flagged as duplication."),
    )
    weak_tie: float = attrs.field(
        default=0.3,
        converter=to_float,
        metadata=_open_unit("Ties and coordination weaker than this are weak."),
    )
    gap_share_threshold: float = attrs.field(
        default=0.02,
        converter=to_float,
        metadata=_unit("Share of total reinforcement from which a coordination gap is flagged."),
    )
    critical_gap_share: float = attrs.field(
        default=0.10,
        converter=to_float,
        metadata=_unit("Share of total reinforcement from which a coordination gap is critical."),
    )
    conflict_warning_share: float = attrs.field(
        default=0.5,
        converter=to_float,
        metadata=_unit(
            "Share of an activity's joint work with the activities it works against (their "
            "joint help d and its own push against them) that is its push, from which its "
            "conflicting-activities gap is a warning."
        ),
    )
    recommended_tie_strength: float = attrs.field(
        default=1.0,
        converter=to_float,
        metadata=_open_unit("Strength of the ties that recommendations propose."),
    )
    min_funding_years: float = attrs.field(
        default=2.0,
        converter=to_float,
        metadata=meta(Number(minimum=0.0), "Years of secured funding below which it is short."),
    )
    partial_function_credit: float = attrs.field(
        default=0.5,
        converter=to_float,
        metadata=_unit("Credit for a backbone function carried out partially."),
    )

    prediction_level: float = attrs.field(
        default=0.8,
        converter=to_float,
        metadata=meta(
            Number(exclusive_minimum=0.0, exclusive_maximum=1.0),
            "Coverage of the forecast's prediction interval.",
        ),
    )
    stale_after_periods: float = attrs.field(
        default=2.0,
        converter=to_float,
        metadata=meta(
            Number(exclusive_minimum=0.0), "Reporting periods after which data are stale."
        ),
    )
    stale_after_days: float = attrs.field(
        default=730.0,
        converter=to_float,
        metadata=meta(
            Number(exclusive_minimum=0.0), "Days after which data without a frequency are stale."
        ),
    )

    widening_threshold: float = attrs.field(
        default=0.0,
        converter=to_float,
        metadata=meta(
            Number(minimum=0.0),
            "Yearly growth of the group gap that the widening test must exceed.",
        ),
    )
    disparity_level: float = attrs.field(
        default=0.1,
        converter=to_float,
        metadata=meta(
            Number(exclusive_minimum=0.0, exclusive_maximum=1.0),
            "Significance level of the one-sided test that a group gap is widening.",
        ),
    )

    _rules: ClassVar[tuple[Rule, ...]] = (
        Rule(_critical_not_below_flagged, reads=("gap_share_threshold", "critical_gap_share")),
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> ScoringConfig:
        """Build a configuration from a mapping of field names to values.

        Unknown keys are errors (with a did-you-mean); every problem is reported at once.

        Raises
        ------
        ValidationError
            Naming each bad key and what was expected.
        """
        try:
            result: ScoringConfig = structure_object(data, cls)
        except ValidationError as err:
            raise ValidationError(err.problems, source=source) from None
        return result

    def to_dict(self) -> dict[str, float]:
        """Return every field and its value as a plain ``dict``.

        Returns
        -------
        dict of str to float
            ``{field name: value}`` for every field, in declaration order, as plain floats; the
            result can be written as a configuration file and read back with
            :meth:`from_dict`.

        Examples
        --------
        >>> data = ScoringConfig(weak_tie=0.25).to_dict()
        >>> data["weak_tie"], data["pathway_weight"], data["stale_after_days"]
        (0.25, 0.5, 730.0)
        >>> ScoringConfig.from_dict(data) == ScoringConfig(weak_tie=0.25)
        True
        """
        return {f.name: float(getattr(self, f.name)) for f in attrs.fields(ScoringConfig)}

    def differences(self, other: ScoringConfig) -> dict[str, tuple[float, float]]:
        """Return the fields whose values differ: ``{name: (this value, other's value)}``.

        In declaration order; empty when the two are equal. The one comparison behind
        :meth:`changed` and the settings a diff of two assessments reports.

        Examples
        --------
        >>> ScoringConfig(weak_tie=0.5).differences(ScoringConfig(weak_tie=0.25))
        {'weak_tie': (0.5, 0.25)}
        """
        mine, theirs = self.to_dict(), other.to_dict()
        return {name: (mine[name], theirs[name]) for name in mine if mine[name] != theirs[name]}

    def changed(self) -> dict[str, tuple[float, float]]:
        """Return the fields whose value is not the default: ``{name: (value, default)}``.

        In declaration order; empty for the default configuration. What every report says
        beside its scores, so that a pasted summary scored with other settings does not read as
        a default run.

        Examples
        --------
        >>> ScoringConfig(weak_tie=0.9, min_funding_years=0.5).changed()
        {'weak_tie': (0.9, 0.3), 'min_funding_years': (0.5, 2.0)}
        >>> ScoringConfig().changed()
        {}
        """
        return self.differences(ScoringConfig())

    @staticmethod
    def json_schema() -> dict[str, Any]:
        """Return the JSON Schema of a configuration file."""
        return schema_of(ScoringConfig)
