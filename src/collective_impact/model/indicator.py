"""Shared measurement: indicators, their baselines, targets and observations."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from ..errors import Location, Problem, ProblemCode, ValidationError, shown
from ._fields import (
    IDENT,
    MEASURED,
    Choice,
    Date,
    Items,
    Map,
    ModelBase,
    Nested,
    Number,
    Optional,
    Problems,
    Rule,
    Text,
    Unstructured,
    coerce_enum,
    meta,
    to_date,
    to_float,
    to_float_map,
    to_strs,
    to_tuple,
)
from ._frozen import FrozenMap
from .labels import normalize_label

__all__ = ["DatedValue", "Direction", "Frequency", "Indicator", "Level", "Observation", "Quadrant"]


class Direction(enum.StrEnum):
    """Which way is better for an indicator.

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> init.indicator("chronic-absence").direction  # fewer students missing school is better
    <Direction.DECREASE: 'decrease'>
    >>> Direction("increase") is Direction.INCREASE
    True
    """

    INCREASE = "increase"
    DECREASE = "decrease"


class Level(enum.StrEnum):
    """Results-Based Accountability level of an indicator (Friedman 2005).

    ``population`` indicators describe the condition of a whole population (kindergarten readiness
    in the county); ``performance`` measures describe a programme (how much, how well, is anyone
    better off).

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> init.indicator("placements").level, init.indicator("training-completions").level
    (<Level.POPULATION: 'population'>, <Level.PERFORMANCE: 'performance'>)
    """

    POPULATION = "population"
    PERFORMANCE = "performance"


class Frequency(enum.StrEnum):
    """How often an indicator is meant to be reported (for completeness and freshness).

    Examples
    --------
    >>> import collective_impact as ci
    >>> ci.load_example("cradle-to-career").indicator("k-ready").frequency
    <Frequency.ANNUAL: 'annual'>
    >>> Frequency.QUARTERLY.months
    3
    """

    ANNUAL = "annual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"

    @property
    def months(self) -> int:
        """Length of one reporting period in months."""
        return {"annual": 12, "quarterly": 3, "monthly": 1}[self.value]

    def period(self, day: dt.date) -> int:
        """Return the number of the calendar period that holds ``day`` (consecutive numbers).

        Examples
        --------
        >>> import datetime as dt
        >>> Frequency.ANNUAL.period(dt.date(2025, 12, 31)) - Frequency.ANNUAL.period(
        ...     dt.date(2025, 1, 1)
        ... )
        0
        >>> Frequency.QUARTERLY.period(dt.date(2025, 4, 1)) - Frequency.QUARTERLY.period(
        ...     dt.date(2025, 3, 31)
        ... )
        1
        """
        return (day.year * 12 + day.month - 1) // self.months

    def first_day(self, day: dt.date) -> dt.date:
        """Return the first day of the calendar period that holds ``day``.

        Examples
        --------
        >>> import datetime as dt
        >>> [f.first_day(dt.date(2024, 8, 10)).isoformat() for f in Frequency]
        ['2024-01-01', '2024-07-01', '2024-08-01']
        """
        year, month = divmod(self.period(day) * self.months, 12)
        return dt.date(year, month + 1, 1)

    def last_day(self, day: dt.date) -> dt.date:
        """Return the last day of the calendar period that holds ``day``.

        Examples
        --------
        >>> import datetime as dt
        >>> [f.last_day(dt.date(2024, 2, 10)).isoformat() for f in Frequency]
        ['2024-12-31', '2024-03-31', '2024-02-29']
        >>> Frequency.ANNUAL.last_day(dt.date(9999, 5, 1))
        datetime.date(9999, 12, 31)
        """
        year, month = divmod((self.period(day) + 1) * self.months, 12)
        if year > dt.MAXYEAR:
            return dt.date.max
        return dt.date(year, month + 1, 1) - dt.timedelta(days=1)

    def period_name(self, day: dt.date) -> str:
        """Return how a message names the calendar period that holds ``day``.

        Examples
        --------
        >>> import datetime as dt
        >>> day = dt.date(2025, 8, 15)
        >>> [f.period_name(day) for f in Frequency]
        ['2025', 'the third quarter of 2025', 'August 2025']
        """
        if self is Frequency.ANNUAL:
            return str(day.year)
        if self is Frequency.QUARTERLY:
            nth = ("first", "second", "third", "fourth")[(day.month - 1) // 3]
            return f"the {nth} quarter of {day.year}"
        return day.strftime("%B %Y") if day.year >= 1000 else f"{day:%B} {day.year}"


class Quadrant(enum.StrEnum):
    """Results-Based Accountability quadrant of a performance measure (Friedman 2005).

    ``how-much`` (quantity of effort), ``how-well`` (quality of effort) and ``better-off``
    (quantity and quality of effect: is anyone better off?).

    Examples
    --------
    >>> import collective_impact as ci
    >>> ci.load_example("workforce").indicator("training-completions").quadrant
    <Quadrant.HOW_MUCH: 'how-much'>

    :meth:`Assessment.rba <collective_impact.Assessment.rba>` groups the performance measures by
    quadrant, under the quadrants' values:

    >>> list(ci.assess(ci.load_example("workforce")).rba())
    ['how-much', 'how-well', 'better-off', 'unassigned']
    """

    HOW_MUCH = "how-much"
    HOW_WELL = "how-well"
    BETTER_OFF = "better-off"


def _to_frequency(value: Frequency | str | None) -> Frequency | None:
    return None if value is None else coerce_enum(Frequency, value)


def _to_quadrant(value: Quadrant | str | None) -> Quadrant | None:
    return None if value is None else coerce_enum(Quadrant, value)


def _to_direction(value: Direction | str | None) -> Direction | None:
    return None if value is None else coerce_enum(Direction, value)


def _to_level(value: Level | str) -> Level:
    return coerce_enum(Level, value)


def _number(value: float) -> str:
    """Return the shortest text of ``value`` (``18`` for ``18.0``) for a message."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _target_problems(values: Mapping[str, Any]) -> Problems:
    """Check that a target lies after the baseline, on its better side as ``direction`` says.

    A target below the baseline of an indicator whose higher values are better would turn every
    worsening into progress; a target equal to the baseline leaves progress undefined. A target
    without a baseline cannot tell which way is better, so ``direction`` must say it: taking one
    for granted made an obesity rate rising 24 -> 30 towards a target of 18 "met".
    """
    baseline, target, direction = values["baseline"], values["target"], values["direction"]
    if target is not None and baseline is None and direction is None:
        message = (
            f"{NO_BASELINE_NEEDS_DIRECTION}: set direction: increase (higher values are "
            "better) or decrease, or give the baseline the target is set against"
        )
        # a rule between fields, not a required key: "inconsistent" keeps the reason in the
        # tabular formats (a missing key there reads "required, but the cell is empty")
        return [Problem("direction", message, ProblemCode.INCONSISTENT)]
    if baseline is None or target is None:
        return []
    problems: Problems = []
    if target.date <= baseline.date:
        # progress is measured from the baseline towards the target: a target dated before it
        # was judged "passed" against observations it cannot concern
        problems.append(
            Problem(
                "target.date",
                f"target date {target.date.isoformat()} is not after the baseline date "
                f"{baseline.date.isoformat()}; a target is set for a date after its baseline",
                ProblemCode.INCONSISTENT,
            )
        )
    b, t = baseline.value, target.value
    if t == b:
        message = (
            f"target {_number(t)} equals the baseline {_number(b)}: progress towards it "
            "cannot be measured; set a target above or below the baseline, as direction says"
        )
    elif direction is Direction.INCREASE and t < b:
        message = (
            f"target {_number(t)} is below the baseline {_number(b)}, but direction is "
            "'increase'; set direction: decrease or correct the values"
        )
    elif direction is Direction.DECREASE and t > b:
        message = (
            f"target {_number(t)} is above the baseline {_number(b)}, but direction is "
            "'decrease'; set direction: increase or correct the values"
        )
    else:
        return problems
    return [*problems, Problem("target", message, ProblemCode.INCONSISTENT)]


def _target_period(values: Mapping[str, Any]) -> Problems:
    """Check that a target is dated after the baseline's reporting period, with a frequency.

    A value of the baseline's period is the baseline again (two partners' figures of one year
    are one measurement): a target dated in it could not be judged on any value of its own
    period, not even one of its own date, and read ``insufficient-data`` until a later
    period's value judged it instead (found by a reviewer of shared measurement). A separate
    rule from :func:`_target_problems`, so that a bad ``frequency`` does not hide those.
    """
    baseline, target, frequency = values["baseline"], values["target"], values["frequency"]
    if baseline is None or target is None or frequency is None:
        return []
    if target.date <= baseline.date or frequency.period(target.date) != frequency.period(
        baseline.date
    ):
        return []
    message = (
        f"target date {target.date.isoformat()} is in the baseline's reporting period "
        f"({frequency.period_name(baseline.date)}, frequency {frequency.value}), whose "
        "values are the baseline again: no value of its own period could meet it; set the "
        "target for a later period, or date the baseline in the period whose figure it is"
    )
    return [Problem("target.date", message, ProblemCode.INCONSISTENT)]


def _not_driving_itself(values: Mapping[str, Any]) -> Problems:
    key = values["id"]
    if key in values["drives"]:
        message = "an indicator cannot drive itself"
        return [Problem(f"drives[{key!r}]", message, ProblemCode.SELF_REFERENCE, key=key)]
    return []


#: The words that open the problems of two rules between fields, which a reader whose header
#: misspelt a field's column leaves out as echoes of it (``io.csvbundle``): one text for both.
PERFORMANCE_ONLY = "only performance measures (level: performance)"
NO_BASELINE_NEEDS_DIRECTION = "a target without a baseline needs a direction"


def _performance_only(values: Mapping[str, Any]) -> Problems:
    """Only performance measures have a quadrant or inform population indicators."""
    if values["level"] is Level.PERFORMANCE:
        return []
    problems: Problems = []
    if values["quadrant"] is not None:
        message = f"{PERFORMANCE_ONLY} have a quadrant"
        problems.append(Problem("quadrant", message, ProblemCode.INCONSISTENT))
    if values["informs"]:
        message = f"{PERFORMANCE_ONLY} inform others"
        problems.append(Problem("informs", message, ProblemCode.INCONSISTENT))
    return problems


def _not_informing_itself(values: Mapping[str, Any]) -> Problems:
    if values["id"] in values["informs"]:
        message = "an indicator cannot inform itself"
        return [Problem("informs", message, ProblemCode.SELF_REFERENCE)]
    return []


def _no_conflicting_observations(values: Mapping[str, Any]) -> Problems:
    """Check that no two observations of one date, reporter and group give different values.

    The measurement combines the values of a date into their mean (docs/measurement.md), which
    is right for several partners' reports, and for the same report repeated, but not for a
    corrected value written beside the old one: the two were averaged into a value no one
    reported. Groups are compared as labels are (:func:`~.labels.normalize_label`), as the
    measurement groups them. Each observation giving another value than the first of its key
    is reported at its value, naming that first one (``related``).
    """
    first: dict[tuple[dt.date, str | None, str | None], tuple[int, float]] = {}
    problems: Problems = []
    for j, obs in enumerate(values["observations"]):
        group = None if obs.group is None else normalize_label(obs.group)
        i, earlier = first.setdefault((obs.date, obs.reported_by, group), (j, obs.value))
        if earlier == obs.value:
            continue
        related = Location(f"observations[{i}]")
        by = (
            "no reporter"
            if obs.reported_by is None
            else f"reported by {shown(obs.reported_by, 40)}"
        )
        of = "the whole population" if obs.group is None else f"the group {shown(obs.group, 40)}"
        message = (
            f"{related} gives the value {_number(earlier)} for {obs.date.isoformat()} ({by}, "
            f"{of}), this observation {_number(obs.value)}: keep one of them (the two would be "
            "averaged into a value no one reported)"
        )
        problems.append(
            Problem(
                f"observations[{j}].value", message, ProblemCode.DUPLICATE_ENTRY, related=related
            )
        )
    return problems


def _suspect_conflicts(columns: Mapping[str, Sequence[Any]]) -> list[int]:
    """Return the indicators with two observations of one date (the suspects of the rule)."""
    return [
        k
        for k, observations in enumerate(columns["observations"])
        if len(observations) > 1 and len({o.date for o in observations}) < len(observations)
    ]


@attrs.frozen(kw_only=True)
class DatedValue(ModelBase):
    """A value at a date: an indicator's baseline or target.

    Examples
    --------
    >>> DatedValue(date="2024-09-01", value=48)
    DatedValue(date=datetime.date(2024, 9, 1), value=48.0)
    """

    date: dt.date = attrs.field(converter=to_date, metadata=meta(Date(), "Date (YYYY-MM-DD)."))
    value: float = attrs.field(converter=to_float, metadata=meta(MEASURED, "The value."))


def _structured(value: Mapping[Any, Any], cls: type) -> Any:
    """Build a ``cls`` object from a mapping as the loader reads one, or collect its problems.

    Every problem of the mapping is kept (an unknown or missing key, each invalid field, the
    class's rules), located relative to it, in an :class:`~._fields.Unstructured` that the
    field's spec reports under the field's path with the other problems of the indicator.
    """
    from ._convert import structure_object  # the loader's reading; it imports this module

    try:
        return structure_object(value, cls)
    except ValidationError as err:
        return Unstructured(cls, tuple(err.problems))


def _to_dated(value: DatedValue | Mapping[str, Any] | None) -> DatedValue | None:
    if isinstance(value, Mapping):
        return _structured(value, DatedValue)  # type: ignore[no-any-return]
    return value


@attrs.frozen(kw_only=True)
class Observation(ModelBase):
    """One reported value of an indicator.

    Parameters
    ----------
    date
        When the value was measured.
    value
        The value, in the indicator's unit.
    reported_by
        Id of the partner that reported it, if known.
    group
        The population group the value describes (``"low-income"``); ``None`` for the whole
        population.

    Examples
    --------
    >>> obs = Observation(date="2025-06-30", value=42.4, reported_by="schools", group="low-income")
    >>> obs.date, obs.value
    (datetime.date(2025, 6, 30), 42.4)
    """

    date: dt.date = attrs.field(
        converter=to_date, metadata=meta(Date(), "Date of the measurement (YYYY-MM-DD).")
    )
    value: float = attrs.field(converter=to_float, metadata=meta(MEASURED, "The value."))
    reported_by: str | None = attrs.field(
        default=None, metadata=meta(Optional(IDENT), "Id of the reporting partner.")
    )
    group: str | None = attrs.field(
        default=None,
        metadata=meta(Optional(Text()), "Population group the value describes; absent for all."),
    )


def _to_observations(value: Iterable[Observation | Mapping[str, Any]]) -> tuple[Observation, ...]:
    items: Any = to_tuple(value)
    if not isinstance(items, tuple):
        return items  # type: ignore[no-any-return]  # not a list: reported by the field check
    return tuple(_structured(v, Observation) if isinstance(v, Mapping) else v for v in items)


@attrs.frozen(kw_only=True)
class Indicator(ModelBase):
    """A shared-measurement indicator.

    Parameters
    ----------
    id
        Unique among indicators.
    name
        Its name for people.
    unit
        Unit of its values ("percent", "people"), if any.
    direction
        :class:`Direction`: whether higher (``increase``) or lower (``decrease``) values are
        better, if stated. Left out, the side of the target against the baseline says it (see
        :attr:`better`); an indicator with a target but no baseline must state it.
    level
        :class:`Level`: a population indicator or a programme's performance measure.
    baseline, target
        :class:`DatedValue` (or a mapping with ``date`` and ``value``), if set. When both are
        set, the target must differ from the baseline and lie on its better side when
        ``direction`` is stated: above it when ``increase``, below it when ``decrease``; and
        its date must come after the baseline's.
    observations
        The reported values (:class:`Observation` or mappings).
    drives
        Pathway edges: ``{other indicator id: weight in (0, 1]}`` — progress on this indicator
        feeds the other one (kindergarten readiness drives third-grade reading).
    frequency
        :class:`Frequency` of reporting (``annual``, ``quarterly``, ``monthly``), if set: the
        measurement analysis uses it for completeness and freshness.
    quadrant
        For a performance measure, its Results-Based Accountability :class:`Quadrant`.
    informs
        For a performance measure, the ids of the population indicators it informs.

    Raises
    ------
    ValidationError
        Listing every invalid field; an indicator may not drive itself, only performance
        measures have a quadrant or inform population indicators, a target may neither
        contradict ``direction`` nor equal the baseline, nor be dated on or before it, and a
        target without a baseline needs a stated ``direction``.

    Examples
    --------
    >>> ind = Indicator(id="k-ready", name="Kindergarten readiness", unit="percent",
    ...                 baseline={"date": "2024-09-01", "value": 48}, drives={"reading": 0.6})
    >>> ind.baseline.value, dict(ind.drives)
    (48.0, {'reading': 0.6})

    Which way is better, when ``direction`` is left out, is read from the target:

    >>> obesity = Indicator(id="obesity", name="Child obesity", unit="percent",
    ...                     baseline={"date": "2024-01-01", "value": 24},
    ...                     target={"date": "2030-01-01", "value": 18})
    >>> obesity.direction is None, obesity.better
    (True, <Direction.DECREASE: 'decrease'>)
    """

    id: str = attrs.field(metadata=meta(IDENT, "Unique id of the indicator."))
    name: str = attrs.field(metadata=meta(Text(), "Name of the indicator."))
    unit: str | None = attrs.field(
        default=None, metadata=meta(Optional(Text()), "Unit of the values.")
    )
    direction: Direction | None = attrs.field(
        default=None,
        converter=_to_direction,
        metadata=meta(
            Optional(Choice(Direction)),
            "Whether higher or lower values are better; left out, the target against the "
            "baseline says it (a target without a baseline needs it).",
        ),
    )
    level: Level = attrs.field(
        default=Level.POPULATION,
        converter=_to_level,
        metadata=meta(Choice(Level), "Population indicator or performance measure."),
    )
    baseline: DatedValue | None = attrs.field(
        default=None,
        converter=_to_dated,
        metadata=meta(Optional(Nested(DatedValue)), "Value at the start."),
    )
    target: DatedValue | None = attrs.field(
        default=None,
        converter=_to_dated,
        metadata=meta(Optional(Nested(DatedValue)), "Value aimed for, and by when."),
    )
    observations: tuple[Observation, ...] = attrs.field(
        default=(),
        converter=_to_observations,
        metadata=meta(Items(Nested(Observation), unique=False), "Reported values."),
    )
    drives: FrozenMap[str, float] = attrs.field(
        factory=FrozenMap,
        converter=to_float_map,
        metadata=meta(
            Map(IDENT, Number(exclusive_minimum=0.0, maximum=1.0)),
            "Indicators this one feeds, with pathway weights in (0, 1].",
        ),
    )

    frequency: Frequency | None = attrs.field(
        default=None,
        converter=_to_frequency,
        metadata=meta(Optional(Choice(Frequency)), "How often the indicator is reported."),
    )
    quadrant: Quadrant | None = attrs.field(
        default=None,
        converter=_to_quadrant,
        metadata=meta(Optional(Choice(Quadrant)), "RBA quadrant of a performance measure."),
    )
    informs: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_strs,
        metadata=meta(Items(IDENT), "Population indicators a performance measure informs (ids)."),
    )

    @property
    def better(self) -> Direction | None:
        """Which way is better: ``direction`` if stated, else the one the target implies.

        A target above its baseline says higher values are better (``increase``), one below
        says ``decrease``. ``None`` when neither tells: no ``direction`` and no baseline and
        target to read it from. The measurement analysis then gives no verdict that needs it
        (turn the curve); a target always has a direction to be judged by.

        Returns
        -------
        Direction or None
            ``direction``, or the direction from the baseline to the target, or ``None``.

        Examples
        --------
        >>> Indicator(id="x", name="X", baseline={"date": "2024-01-01", "value": 5},
        ...           target={"date": "2026-01-01", "value": 8}).better
        <Direction.INCREASE: 'increase'>
        >>> Indicator(id="x", name="X").better is None
        True
        """
        if self.direction is not None:
            return self.direction
        if self.baseline is None or self.target is None:
            return None
        if self.target.value > self.baseline.value:
            return Direction.INCREASE
        return Direction.DECREASE if self.target.value < self.baseline.value else None

    _rules: ClassVar[tuple[Rule, ...]] = (
        Rule(_target_problems, reads=("baseline", "target", "direction")),
        Rule(_target_period, reads=("baseline", "target", "frequency")),
        Rule(_not_driving_itself, reads=("id",), lookups=("drives",)),
        Rule(_performance_only, reads=("level", "quadrant", "informs")),
        Rule(_not_informing_itself, reads=("id", "informs")),
        Rule(_no_conflicting_observations, reads=("observations",), suspects=_suspect_conflicts),
    )
