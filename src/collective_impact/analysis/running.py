r"""The activities running on the date of judgement: the only ones the alignment scores count.

An activity's ``start`` and ``end`` say when it runs. On a date of judgement ``as_of`` an
activity is **running** when

.. math::

    (\text{start} \le \text{as\_of} \text{ or no start}) \text{ and }
    (\text{as\_of} \le \text{end} \text{ or no end}),

so an activity without dates always runs, and one ending on ``as_of`` still runs that day. The
others are left out of every score, gap and recommendation of the assessment (its
:attr:`~collective_impact.analysis.prepared.Prepared.analysed` initiative), and listed, each
with why (:class:`NotRunning`):

* **ended**: its ``end`` is before ``as_of``. Counting it would call two activities that no
  longer run side by side "duplicates", a goal "covered" by work that stopped years ago, and
  recommend a tie for work that is over;
* **not started**: its ``start`` is after ``as_of`` (planned work). It does not reinforce
  anything yet; it counts from its first day, when the initiative is judged on a later date.

Without a date of judgement (``as_of`` is ``None``: no observation, no baseline and no date
given) every activity counts, since nothing says which of them run. No date is made up for it
(today's would change a verdict from one day to the next); instead every view says so when
activities record dates (:class:`ActivityDatesIgnored`, :func:`activity_dates_ignored`): an
activity that ended in 2010 and one that starts in 2040 are then scored as working side by
side.

Examples
--------
>>> import datetime as dt
>>> import collective_impact as ci
>>> init = ci.load_example("cradle-to-career")
>>> analysed, left_out = running_at(init, dt.date(2026, 9, 30))
>>> len(init.activities), len(analysed.activities)
(26, 22)
>>> left_out[0]
NotRunning(activity='pre-k-coaching', status='ended', date=datetime.date(2025, 6, 30), days=457)
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ..errors import NotRunningError, UnknownIdError, close_matches, expect_type
from ..model import Activity, Initiative
from ..model.initiative import expect_initiative
from ._canonical import canonical
from .measurement import as_date

__all__ = [
    "ActivityDatesIgnored",
    "NotRunning",
    "activity_dates_ignored",
    "activity_position",
    "is_running",
    "running_at",
]

#: The statuses of an activity that does not run on the date of judgement.
ENDED, NOT_STARTED = "ended", "not started"


@attrs.frozen(kw_only=True)
class NotRunning:
    """An activity left out of an assessment because it does not run on its date of judgement.

    Attributes
    ----------
    activity : str
        The activity's id.
    status : str
        ``"ended"`` (its ``end`` is before the date of judgement) or ``"not started"`` (its
        ``start`` is after it).
    date : datetime.date
        Its ``end`` (ended) or its ``start`` (not started).
    days : int
        Days between that date and the date of judgement, at least 1.

    Examples
    --------
    >>> import datetime as dt
    >>> gone = NotRunning(activity="a", status="ended", date=dt.date(2024, 12, 31), days=1)
    >>> gone.to_dict()
    {'activity': 'a', 'status': 'ended', 'date': '2024-12-31', 'days': 1}
    >>> gone.text
    'a (ended 2024-12-31, 1 day before)'
    """

    activity: str
    status: str
    date: dt.date
    days: int

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-safe plain data (the date in ISO form).

        Returns
        -------
        dict
            ``activity``, ``status``, ``date`` and ``days``.
        """
        return {
            "activity": self.activity,
            "status": self.status,
            "date": self.date.isoformat(),
            "days": self.days,
        }

    @property
    def text(self) -> str:
        """The record in words, as the summary and the HTML report write it."""
        unit = "day" if self.days == 1 else "days"
        when = "before" if self.status == ENDED else "after"
        return (
            f"{self.activity} ({self.status} {self.date.isoformat()}, {self.days:,} {unit} {when})"
        )


@attrs.frozen(kw_only=True)
class ActivityDatesIgnored:
    """Activities' own dates that an assessment without a date of judgement does not read.

    With no date of judgement every activity is counted, whatever its ``start`` and ``end``:
    this record says how many of them record dates, and, when two of them never ran together,
    names such a pair, so that a view can say what the scores count.

    Attributes
    ----------
    activities : int
        Every activity of the initiative (each one counted).
    dated : int
        Those that record a ``start`` or an ``end``.
    ended, end : str or None, datetime.date or None
        The activity that ends first (of equal ends, the first id) and its ``end``, when it
        ended before ``started`` started; else ``None``.
    started, start : str or None, datetime.date or None
        The activity that starts last (of equal starts, the first id) and its ``start``, when
        it starts after ``ended`` ended; else ``None``.

    Examples
    --------
    >>> import datetime as dt
    >>> ignored = ActivityDatesIgnored(activities=3, dated=2, ended="old",
    ...                                end=dt.date(2010, 12, 31), started="new",
    ...                                start=dt.date(2040, 1, 1))
    >>> ignored.apart, ignored.to_dict()["end"]
    (True, '2010-12-31')
    """

    activities: int
    dated: int
    ended: str | None = None
    end: dt.date | None = None
    started: str | None = None
    start: dt.date | None = None

    @property
    def apart(self) -> bool:
        """Whether two of the activities never ran together (``ended`` before ``started``)."""
        return self.ended is not None and self.started is not None

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-safe plain data (dates in ISO form, ``None`` as is).

        Returns
        -------
        dict
            ``activities``, ``dated``, ``ended``, ``end``, ``started`` and ``start``.
        """
        return {
            "activities": self.activities,
            "dated": self.dated,
            "ended": self.ended,
            "end": self.end.isoformat() if self.end is not None else None,
            "started": self.started,
            "start": self.start.isoformat() if self.start is not None else None,
        }


def activity_dates_ignored(
    initiative: Initiative, as_of: dt.date | None
) -> ActivityDatesIgnored | None:
    """Say which activities' dates go unread for want of a date of judgement, or ``None``.

    Parameters
    ----------
    initiative
        The initiative (its lists in any order: the record does not depend on it).
    as_of
        The date of judgement of its assessment.

    Returns
    -------
    ActivityDatesIgnored or None
        ``None`` when there is a date of judgement (it picks the activities that run) or no
        activity records a date; else the counts, and the pair of the activity that ends first
        and the one that starts last when the first ended before the other started (the two
        then never ran together; when they overlap, every pair of dated activities does).

    Notes
    -----
    One pass over the activities: the earliest ``end`` is compared with the latest
    ``start``, never a pair with another.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Apart",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
    ...     activities=[
    ...         ci.Activity(id="old", name="Old", partners=["p"], end=dt.date(2010, 12, 31)),
    ...         ci.Activity(id="new", name="New", partners=["p"], start=dt.date(2040, 1, 1)),
    ...         ci.Activity(id="any", name="Any", partners=["p"]),
    ...     ],
    ... )
    >>> ignored = activity_dates_ignored(init, None)
    >>> ignored.dated, ignored.ended, ignored.started
    (2, 'old', 'new')
    >>> activity_dates_ignored(init, dt.date(2025, 6, 30)) is None
    True
    """
    expect_initiative(initiative)
    if as_of is not None:
        return None
    activities = initiative.activities
    dated = sum(1 for a in activities if a.start is not None or a.end is not None)
    if not dated:
        return None
    # of equal dates, the first id: the record does not depend on the order of the list
    first_end = min(((a.end, a.id) for a in activities if a.end is not None), default=None)
    last_start = min(
        ((-a.start.toordinal(), a.id) for a in activities if a.start is not None), default=None
    )
    if first_end is None or last_start is None:
        return ActivityDatesIgnored(activities=len(activities), dated=dated)
    start = dt.date.fromordinal(-last_start[0])
    if not first_end[0] < start:  # start <= end of each: the first ended before the last began
        return ActivityDatesIgnored(activities=len(activities), dated=dated)
    return ActivityDatesIgnored(
        activities=len(activities),
        dated=dated,
        ended=first_end[1],
        end=first_end[0],
        started=last_start[1],
        start=start,
    )


def is_running(activity: Activity, as_of: dt.date | None) -> bool:
    """Return whether ``activity`` runs on ``as_of`` (always, when ``as_of`` is ``None``).

    Parameters
    ----------
    activity
        The activity.
    as_of
        The date of judgement: a date, a datetime (its day) or a text ``YYYY-MM-DD``, read as
        :func:`running_at` reads it.

    Returns
    -------
    bool
        ``start <= as_of <= end``, a missing ``start`` or ``end`` leaving that side open.

    Raises
    ------
    ArgumentTypeError
        When ``activity`` is not an :class:`~collective_impact.Activity`.
    ValidationError
        When ``as_of`` is not a date, a datetime or a text ``YYYY-MM-DD`` (as for
        :func:`running_at`; a text or a datetime raised a bare ``TypeError``).

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> act = ci.Activity(id="x", name="X", partners=["p"], end=dt.date(2025, 6, 30))
    >>> is_running(act, dt.date(2025, 6, 30)), is_running(act, dt.date(2025, 7, 1))
    (True, False)
    >>> is_running(act, "2025-07-01"), is_running(act, dt.datetime(2025, 6, 30, 23, 59))
    (False, True)
    """
    expect_type(activity, Activity, argument="activity", expected="an Activity")
    # a text "YYYY-MM-DD" is the date it names and a datetime its day, as for running_at
    return _left_out(activity, as_date(as_of)) is None


def _left_out(activity: Activity, as_of: dt.date | None) -> NotRunning | None:
    if as_of is None:
        return None
    if activity.end is not None and activity.end < as_of:
        days = (as_of - activity.end).days
        return NotRunning(activity=activity.id, status=ENDED, date=activity.end, days=days)
    if activity.start is not None and activity.start > as_of:
        days = (activity.start - as_of).days
        return NotRunning(activity=activity.id, status=NOT_STARTED, date=activity.start, days=days)
    return None


def running_at(
    initiative: Initiative, as_of: dt.date | None
) -> tuple[Initiative, tuple[NotRunning, ...]]:
    """Return the initiative with only its activities running on ``as_of``, and the others.

    Parameters
    ----------
    initiative
        The initiative (its lists in any order; the activities kept stay in that order).
    as_of
        The date of judgement; ``None`` keeps every activity.

    Returns
    -------
    tuple
        ``(initiative, left_out)``: ``initiative`` itself when every activity runs, else a copy
        without the others; ``left_out`` one :class:`NotRunning` per activity left out, in the
        order of the initiative's activities.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`.
    ValidationError
        When ``as_of`` is not a date, a datetime or a text ``YYYY-MM-DD`` (as for
        :func:`~collective_impact.assess`).

    Notes
    -----
    Leaving an activity out cannot make a valid initiative invalid (nothing refers to an
    activity), so the copy is not checked again.

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> kept, left_out = running_at(init, dt.date(2023, 4, 1))
    >>> [(r.activity, r.status) for r in left_out][:2]
    [('kinder-transition', 'not started'), ('club-reading-tutoring', 'not started')]
    >>> running_at(init, None)[0] is init
    True
    """
    expect_initiative(initiative)
    as_of = as_date(as_of)  # a text "YYYY-MM-DD" is the date it names, as for assess
    if as_of is None:
        return initiative, ()
    left_out = tuple(
        record for record in (_left_out(a, as_of) for a in initiative.activities) if record
    )
    if not left_out:
        return initiative, ()
    gone = {record.activity for record in left_out}
    kept = tuple(a for a in initiative.activities if a.id not in gone)
    values = {f.name: getattr(initiative, f.name) for f in attrs.fields(Initiative) if f.init}
    # built without its checks (a tenth of a second per 10,000 ties): the rest is unchanged
    return Initiative._trusted({**values, "activities": kept}), left_out


def analysed_at(
    initiative: Initiative, as_of: dt.date | None
) -> tuple[Initiative, tuple[NotRunning, ...]]:
    """Return the initiative as every analysis reads it, and the activities left out.

    Its canonical form (:func:`~collective_impact.analysis._canonical.canonical`: every list in
    an order that does not depend on the input) with only the activities running on ``as_of``
    (:func:`running_at`); the one place both :class:`~collective_impact.analysis.Prepared` and
    :attr:`~collective_impact.Assessment.analysed` take it from.

    Parameters
    ----------
    initiative
        The initiative, its lists in any order.
    as_of
        The date of judgement; ``None`` keeps every activity.

    Returns
    -------
    tuple
        ``(initiative, left_out)`` as :func:`running_at` returns them, ``left_out`` in the
        canonical order of the activities (by id).

    Examples
    --------
    >>> import datetime as dt
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> kept, left_out = analysed_at(init.evolve(activities=init.activities[::-1]), None)
    >>> kept == analysed_at(init, None)[0] and left_out == ()
    True
    """
    return running_at(canonical(initiative), as_of)


def activity_position(
    activity: object,
    positions: Mapping[str, int] | Sequence[str],
    not_running: Sequence[NotRunning] = (),
) -> int:
    """Return the position of ``activity`` among an assessment's activities, or say why it has none.

    The one look-up of an activity id in the results of an assessment
    (:meth:`Reinforcement.pair <collective_impact.Reinforcement.pair>`,
    :meth:`ConflictPairs.opponents <collective_impact.ConflictPairs.opponents>`): an activity of
    the initiative that does not run on the date of judgement is in none of them, and asking
    for it raised "unknown activity", as if the file did not hold it.

    Parameters
    ----------
    activity
        The id asked for.
    positions
        The activities counted: their positions by id, or their ids sorted (a position is then
        found by a binary search).
    not_running
        The activities of the initiative left out because they do not run on the date of
        judgement (:attr:`Assessment.not_running <collective_impact.Assessment.not_running>`).

    Returns
    -------
    int
        The position of ``activity``.

    Raises
    ------
    NotRunningError
        When ``activity`` is one of ``not_running``: the message says when it ended or starts,
        and the date of judgement.
    UnknownIdError
        When it is neither counted nor left out (with the counted ids closest to it).

    Examples
    --------
    >>> import datetime as dt
    >>> gone = NotRunning(activity="b", status="ended", date=dt.date(2024, 12, 31), days=1)
    >>> activity_position("c", ("a", "c"), (gone,)), activity_position("a", {"a": 0})
    (1, 0)
    >>> activity_position("b", ("a", "c"), (gone,))
    Traceback (most recent call last):
    ...
    collective_impact.errors.NotRunningError: activity 'b' is in the initiative but not counted: \
it ended on 2024-12-31, before the date of judgement 2025-01-01, so no score, gap or pair of the \
assessment counts it (see Assessment.not_running); to score it, assess on a date it runs \
(assess(as_of=...), or as_of in the file)
    >>> activity_position("cc", ("a", "c"), (gone,))
    Traceback (most recent call last):
    ...
    collective_impact.errors.UnknownIdError: unknown activity 'cc' (did you mean 'c'?)
    """
    if isinstance(activity, str):
        if isinstance(positions, Mapping):
            found = positions.get(activity)
            if found is not None:
                return int(found)
        else:
            k = bisect.bisect_left(positions, activity)
            if k < len(positions) and positions[k] == activity:
                return k
        # the error path only: one pass over the activities left out
        for record in not_running:
            if record.activity == activity:
                raise _not_running_error(record)
    text = activity if isinstance(activity, str) else repr(activity)
    known = [*positions, *(record.activity for record in not_running)]
    close = close_matches(text, known, n=3)
    raise UnknownIdError("activity", activity, suggestions=close)  # type: ignore[arg-type]


def _not_running_error(record: NotRunning) -> NotRunningError:
    """Return the :class:`~collective_impact.NotRunningError` of ``record``."""
    # the date of judgement: days after the end of an activity ended, before the start of one
    # not started
    shift = dt.timedelta(days=record.days)
    as_of = record.date + shift if record.status == ENDED else record.date - shift
    return NotRunningError(record.activity, status=record.status, date=record.date, as_of=as_of)
