r"""What the snapshot of a date of judgement leaves out: the data dated after it.

An initiative is judged as of a date, ``as_of`` (the ``as_of`` argument, else the one its file
states, else its latest observation or baseline; see
:func:`~collective_impact.analysis.measurement.resolve_as_of`). Observations dated after it are
left out of every measurement, and so is a baseline dated after it (a true snapshot). That is
wanted when it is meant, and silent when it is not: an ``as_of`` left over in a file copied
from last year drops this year's data, and an indicator at risk reads as one without enough
data. :func:`after_as_of` counts what is left out, so that every view of the date of judgement
can say it (:class:`AfterAsOf`).

Only measured data count, never planned dates: a target dated after ``as_of`` is what targets
are, and an activity that starts after it is counted apart
(:attr:`Assessment.not_running <collective_impact.Assessment.not_running>`). Counting is one
pass over the observations, whatever the number of activities.

Examples
--------
>>> import datetime as dt
>>> import collective_impact as ci
>>> init = ci.load_example("cradle-to-career")
>>> after = after_as_of(init, dt.date(2025, 12, 31))
>>> after.observations, after.indicators[:2], after.latest
(4, ('fafsa-completion', 'grade3-reading'), datetime.date(2026, 9, 30))
>>> after_as_of(init, None).observations  # no date of judgement: nothing is left out
0
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from ..model import Initiative
from ..model.initiative import expect_initiative
from .measurement import as_date

__all__ = ["AfterAsOf", "after_as_of"]


@attrs.frozen(kw_only=True)
class AfterAsOf:
    """The observations and baselines dated after a date of judgement, left out of a snapshot.

    Attributes
    ----------
    observations : int
        How many observations (of the whole population or of a group) are dated after it.
    baselines : int
        How many baselines are dated after it (their indicators have no baseline yet).
    indicators : tuple of str
        The ids of the indicators with an observation or a baseline dated after it, sorted.
    latest : datetime.date or None
        The latest date among them; ``None`` when nothing is dated after it.

    Examples
    --------
    >>> import datetime as dt
    >>> after = AfterAsOf(
    ...     observations=2, baselines=0, indicators=("k-ready",), latest=dt.date(2025, 9, 30)
    ... )
    >>> after.count, after.to_dict()["latest"]
    (2, '2025-09-30')
    >>> AfterAsOf().count
    0
    """

    observations: int = 0
    baselines: int = 0
    indicators: tuple[str, ...] = ()
    latest: dt.date | None = None

    @property
    def count(self) -> int:
        """How many values are left out: the observations and the baselines (0: none)."""
        return self.observations + self.baselines

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-safe plain data (the date in ISO form, or ``None``).

        Returns
        -------
        dict
            ``observations``, ``baselines``, ``indicators`` (a list) and ``latest``.
        """
        return {
            "observations": self.observations,
            "baselines": self.baselines,
            "indicators": list(self.indicators),
            "latest": self.latest.isoformat() if self.latest is not None else None,
        }


def after_as_of(initiative: Initiative, as_of: dt.date | str | None) -> AfterAsOf:
    """Count the observations and baselines of ``initiative`` dated after ``as_of``.

    What a snapshot as of ``as_of`` leaves out of every measurement. Target dates, activity
    dates and the funding horizon are plans, not data, and are not counted.

    Parameters
    ----------
    initiative
        The initiative.
    as_of
        The date of judgement (a date, a datetime or ``"YYYY-MM-DD"``); ``None`` (no date of
        judgement) leaves nothing out.

    Returns
    -------
    AfterAsOf
        The counts; every count is 0 when nothing is dated after ``as_of``, as always when
        ``as_of`` is the latest observation or baseline (the default date of judgement).

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`.
    ValidationError
        When ``as_of`` is not a date, a datetime or a text ``YYYY-MM-DD``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> after = after_as_of(init, "2009-12-31")
    >>> after.observations, len(after.indicators), after.latest
    (5, 5, datetime.date(2010, 12, 31))
    >>> after_as_of(init, "2010-12-31").count  # the latest observation: nothing after it
    0
    """
    expect_initiative(initiative)
    when = as_date(as_of)
    if when is None:
        return AfterAsOf()
    observations = baselines = 0
    indicators: list[str] = []
    latest: dt.date | None = None
    for indicator in initiative.indicators:  # one pass over the observations
        dates = [o.date for o in indicator.observations if o.date > when]
        observations += len(dates)
        baseline = indicator.baseline
        if baseline is not None and baseline.date > when:  # not known yet on as_of
            baselines += 1
            dates.append(baseline.date)
        if dates:
            indicators.append(indicator.id)
            last = max(dates)
            latest = last if latest is None or last > latest else latest
    return AfterAsOf(
        observations=observations,
        baselines=baselines,
        indicators=tuple(sorted(indicators)),
        latest=latest,
    )
