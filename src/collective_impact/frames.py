r"""pandas views of an initiative and of its assessment.

pandas is an optional dependency (``pip install 'collective-impact[pandas]'``): it is imported
only when a frame is built; without it every function raises
:class:`~collective_impact.MissingDependencyError` (an :class:`ImportError` too) whose message
is ``DataFrames need pandas: pip install 'collective-impact[pandas]'``.

Every frame is a *view*, built on demand from the model or the assessment, never a second home
for state. The conventions are the same in every frame:

* one row per object, in model order, with ids as an ordinary column (never the index), so
  frames join with :meth:`pandas.DataFrame.merge` on the id columns;
* lists (a partner's roles, an activity's partners...) are Python ``list`` objects, not
  ``|``-joined text as in a CSV bundle: no escaping, and :meth:`pandas.DataFrame.explode` gives
  one row per entry;
* text columns have dtype ``object`` and hold ``str`` or ``None``, in pandas 2 and 3 alike;
  choices (sector, status, severity...) are their plain text values; dates are
  :class:`datetime.date` objects (``pandas.to_datetime(frame["date"])`` converts them) —
  except in the ``initiative`` frame of :func:`initiative_frames`, whose ``value`` column
  holds the text of ``initiative.csv`` (a date as ``2025-09-01``, a list ``|``-joined), so
  that every frame converts to Arrow and Parquet;
* counts that are always defined are ``int64``; other numbers are ``float64`` with ``nan``
  where undefined or absent (even counts such as ``freshness_days``); flags are ``bool``; no
  cell holds a numpy scalar.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import math
import operator
import types
import typing
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

import attrs
import numpy as np

from ._checks import expect_assessment
from .analysis.conditions import SCORE_KEYS
from .analysis.gaps import ConflictPairs, DuplicationPairs
from .analysis.measurement import IndicatorMeasurement
from .analysis.network import ROLES, tie_graph
from .errors import (
    FormatError,
    Location,
    MissingDependencyError,
    ProblemCode,
    expect_count,
    expect_type,
)
from .io._sheets import ambiguous_in_frame
from .io._tables import TABLES, Table
from .io.csvbundle import (
    FailedTable,
    Naming,
    RawTable,
    read_tables,
    suggest_missing,
    table_named,
)
from .model.initiative import expect_initiative

if TYPE_CHECKING:
    from pandas import DataFrame

    from .analysis.gaps import Gap
    from .model import Initiative
    from .report import Assessment

__all__ = [
    "conflict_frame",
    "duplication_frame",
    "gaps_frame",
    "initiative_frames",
    "initiative_from_frames",
    "measurement_frame",
    "network_frame",
    "pairs_frame",
    "scores_frame",
]

#: The tables of :func:`initiative_frames`, in order: the bundle's.
_INITIATIVE_TABLES = tuple(TABLES.values())

#: A column: its values and its dtype.
_Column = tuple[Sequence[Any] | np.ndarray[Any, Any], str]


def _pandas() -> Any:
    """Import pandas, or raise :class:`MissingDependencyError` naming the extra."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingDependencyError("pandas", "pandas", purpose="DataFrames") from exc
    return pd


def _frame(columns: Mapping[str, _Column]) -> DataFrame:
    """Build a frame from ``{name: (values, dtype)}``, importing pandas lazily."""
    pd = _pandas()
    frame: DataFrame = pd.DataFrame(
        {
            name: pd.Series(values if isinstance(values, np.ndarray) else list(values), dtype=dtype)
            for name, (values, dtype) in columns.items()
        }
    )
    return frame


def _num(value: float | int | None) -> float:
    """Return ``value`` as a plain float, ``nan`` for ``None``."""
    return math.nan if value is None else float(value)


def _records(
    items: Sequence[Any], spec: Mapping[str, tuple[Callable[[Any], Any], str]]
) -> DataFrame:
    """One row per item: ``spec`` maps each column to its getter and dtype."""
    return _frame({name: ([get(x) for x in items], dtype) for name, (get, dtype) in spec.items()})


def _table_frame(table: Table, initiative: Initiative) -> DataFrame:
    """One row per object of ``table``, one column per column of its description.

    The ``initiative`` frame holds the text of ``initiative.csv`` (``key``, ``value``): its
    values are of several kinds (text, dates, lists), which one column of Arrow or Parquet
    cannot hold unless they are all text.
    """
    rows = table.rows(initiative)
    return _frame(
        {
            c.name: ([c.kind.frame_value(c.value(row)) for row in rows], c.kind.dtype)
            for c in table.columns
        }
    )


def _evidence(key: str) -> Callable[[Gap], float]:
    return lambda g: _num(g.evidence.get(key))


def initiative_frames(initiative: Initiative) -> dict[str, DataFrame]:
    """Return the initiative as tables of one row per object, like a CSV bundle.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``initiative`` (key, value: one row per key of ``initiative.csv`` that has a value —
        name, description, problem, as_of, champions, funding_secured_until, urgency — the value
        as ``initiative.csv`` writes it: text, a date as ``2025-09-01``, a list of ids
        ``|``-joined),
        ``partners`` (id, name, sector, roles), ``goals`` (id, statement, indicators, weight),
        ``indicators`` (id, name, unit, direction, level, frequency, quadrant, informs,
        baseline_date, baseline_value, target_date, target_value, observations — the count),
        ``pathways`` (indicator, drives, weight: one row per entry of ``Indicator.drives``),
        ``observations`` (indicator, date, value, reported_by, group), ``populations`` and
        ``places`` (id, name, within: the declared labels), ``activities`` (id, name,
        partners, lead, strategy, populations, places, start, end), ``contributions``
        (activity, indicator, value), ``ties`` (source, target, kind, strength, the six ratings,
        intensity), ``working_groups`` (id, name, members, goals) and ``backbone``
        (organization, the FTE of each staff role, the level of each function, as given —
        ``nan`` and ``None`` for those not listed: one row, or none without a backbone).

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.

    Notes
    -----
    The frames are the files of a CSV bundle (:mod:`collective_impact.io.csvbundle`), in its
    order and with its columns, taken from the same description of the model's tables, except
    that lists are Python lists and ``indicators`` and ``activities`` gain the derived
    ``observations`` count and ``lead`` partner. Every frame has its columns even when empty,
    and converts to Arrow (``pyarrow.Table.from_pandas``) and Parquet (``frame.to_parquet``):
    the ``value`` column of ``initiative``, whose values are of several kinds, is text, as in
    ``initiative.csv``. Nothing is lost: :func:`initiative_from_frames` reads the frames back
    to an equal initiative, through Arrow or Parquet too. The effective FTE of a backbone role
    not listed (0) and level of a function not listed (``none``) are
    :meth:`Backbone.fte <collective_impact.Backbone.fte>` and
    :meth:`Backbone.function_level <collective_impact.Backbone.function_level>`
    (``frame.fillna(0)`` for the FTE).

    Examples
    --------
    >>> import collective_impact as ci
    >>> frames = initiative_frames(ci.load_example("cradle-to-career"))
    >>> list(frames["partners"].columns)
    ['id', 'name', 'sector', 'roles']
    >>> len(frames["partners"]) == len(ci.load_example("cradle-to-career").partners)
    True
    >>> frames["initiative"].set_index("key").loc["champions", "value"]
    'mayors-office|community-foundation'
    """
    expect_initiative(initiative)
    return {t.name: _table_frame(t, initiative) for t in _INITIATIVE_TABLES}


#: The name frames give each file of a bundle (``partners.csv`` → ``partners``).
_FRAME_OF = {t.file: t.name for t in _INITIATIVE_TABLES}
_FILE_OF = {t.name: t.file for t in _INITIATIVE_TABLES}


class _FrameNaming(Naming):
    """Names the reader's places in frames: ``frames['ties'], row 4, column target``.

    Rows are positions (``frame.iloc[4]``), from 0; a problem of the header (an unknown
    column) names the frame and the column as the frame spells it.
    """

    noun = "frame"
    derived = True

    def __init__(self) -> None:
        self.columns: dict[str, list[str]] = {}

    def title(self, file: str) -> str:
        return f"frames[{_FRAME_OF.get(file, file)!r}]"

    def where(self, loc: Location) -> Location:
        if loc.file is None or loc.file not in _FRAME_OF:
            return loc
        column = loc.column
        if column is not None and column.isupper():  # a column letter: an unknown column
            index = _letter_index(column)
            names = self.columns.get(loc.file, [])
            column = names[index] if index < len(names) else column
        row = None if loc.row is None or loc.row < 0 else loc.row
        return Location(file=self.title(loc.file), row=row, column=column)


def _letter_index(letters: str) -> int:
    """Return the 0-based index of a spreadsheet column letter (``A`` → 0, ``AA`` → 26)."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def _as_pandas(frame: Any) -> Any:
    """Return a pandas DataFrame for a frame of pandas, Arrow, polars or another library.

    Raises :class:`TypeError` for anything else, :class:`MissingDependencyError` when a frame
    of the Arrow stream interface needs pyarrow.
    """
    pd = _pandas()
    if isinstance(frame, pd.DataFrame):
        return frame
    if hasattr(frame, "to_pandas"):  # pyarrow.Table, polars.DataFrame (through Arrow)
        converted = frame.to_pandas()
        if isinstance(converted, pd.DataFrame):
            return converted
    if hasattr(frame, "__arrow_c_stream__"):  # the Arrow PyCapsule interface
        try:
            pa = importlib.import_module("pyarrow")
        except ImportError as exc:
            raise MissingDependencyError("pyarrow", "pandas", purpose="Arrow frames") from exc
        return pa.table(frame).to_pandas()
    if hasattr(frame, "__dataframe__"):  # the interchange protocol, deprecated by pandas 3
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pd.api.interchange.from_dataframe(frame)
    raise TypeError(f"expected a DataFrame, got {type(frame).__name__}")


def _raw_table(frame: Any) -> RawTable:
    """Return a frame as the reader's table: its columns, and its rows as Python values."""
    columns = [frame.iloc[:, j].tolist() for j in range(frame.shape[1])]
    rows = [list(values) for values in zip(*columns, strict=True)] if columns else []
    if not columns:
        rows = [[] for _ in range(len(frame))]
    header = [str(c) for c in frame.columns]
    return RawTable(-1, header, list(enumerate(rows)), ambiguous=ambiguous_in_frame)


def initiative_from_frames(frames: Mapping[str, Any]) -> Initiative:
    """Read an initiative from frames like those :func:`initiative_frames` returns.

    The inverse of :func:`initiative_frames`: ``initiative_from_frames(initiative_frames(x))
    == x`` for every initiative ``x``. The frames are read by the same description of the
    tables, and checked by the same rules, as the files of a CSV bundle
    (:func:`~collective_impact.io.read_csv_bundle`).

    Parameters
    ----------
    frames
        ``{table: frame}``: ``initiative`` (key, value) and ``partners`` are required, every
        other table optional (a missing one has no rows). A frame is a pandas DataFrame, an
        Arrow table or a polars DataFrame (converted with their ``to_pandas()``, which polars
        does through pyarrow), or any frame of the dataframe interchange protocol (converted
        with ``pandas.api.interchange.from_dataframe``). Columns may come in any order; the
        derived columns (``lead``, ``observations``) are ignored; the index is ignored.

    Returns
    -------
    Initiative

    Raises
    ------
    FormatError
        When ``frames`` is not a mapping.
    ValidationError
        Listing every problem of every frame at once, each located as
        ``frames['ties'], row 4, column target`` (the row is the position, as in
        ``frame.iloc[4]``, from 0): an unknown or missing table or column, a cell of the wrong
        type, an unknown id (with a did-you-mean), and every rule of the model. Its ``source``
        is ``"frames"``.
    MissingDependencyError
        When pandas is not installed.

    Notes
    -----
    Cells are taken as typed, never through their text: numbers (``float``, ``int``, numpy
    numbers) in number columns; ``datetime.date``, or a date and time at midnight
    (``pandas.Timestamp``), in date columns; lists, tuples or arrays in list columns (a text
    cell there is read as ``|``-separated, as in a CSV bundle); choices as text, without
    regard to case. ``None``, ``nan``, ``NaT`` and ``pd.NA`` are absent. A whole number in a
    text column (ids that pandas read as numbers) is its text: ``7`` and ``7.0`` are ``'7'``
    (``'007'`` must be text to keep its zeros). A number given as text in a number column is
    read in the grammar of a CSV bundle, except that ``52,125`` (one comma before three
    digits, no point) is refused as ambiguous, as in a workbook: text in a frame has no locale
    to say whether it is 52.125 or 52125 (give the number); where a number column of the
    frames holds text with a decimal comma (``"0,5"``), so is ``"1.100"`` (one point before
    three digits: 1.1 or 1100?), as in a CSV bundle.

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> initiative_from_frames(initiative_frames(init)) == init
    True
    >>> frames = initiative_frames(init)
    >>> frames["ties"].loc[3, "target"] = "unted-way"
    >>> try:
    ...     initiative_from_frames(frames)
    ... except ci.ValidationError as err:
    ...     print(err.problems[0].path)
    frames['ties'], row 3, column target
    """
    if not isinstance(frames, Mapping):
        raise FormatError(
            f"expected a mapping of table names to frames, as to_frames() returns; got "
            f"{type(frames).__name__}",
            source="frames",
        )
    naming = _FrameNaming()
    found: dict[str, RawTable | FailedTable] = {}
    problems: list[tuple[Location, str, ProblemCode]] = []
    unknown: dict[int, str] = {}  # the unknown keys, offered the missing tables at the end
    for key, frame in frames.items():
        file = table_named(
            str(key),
            _FILE_OF,
            found,
            Location(file=f"frames[{key!r}]"),
            problems,
            what="table",
            holds=f"the tables are {', '.join(_FILE_OF)}",
            unknown=unknown,
        )
        if file is None:
            continue
        try:
            table = _raw_table(_as_pandas(frame))
        except (TypeError, ValueError, NotImplementedError, AttributeError) as err:
            found[file] = FailedTable(f"cannot be read as a table: {err}", ProblemCode.WRONG_TYPE)
            continue
        naming.columns[file] = table.header
        found[file] = table
    meant = suggest_missing(problems, unknown, _FILE_OF, found)  # a renamed table?
    return read_tables(found, naming, source="frames", problems=problems, meant=meant)


_P = ParamSpec("_P")


def _recorded(
    build: Callable[Concatenate[Assessment, _P], DataFrame],
) -> Callable[Concatenate[Assessment, _P], DataFrame]:
    """Record, in the ``attrs`` of a frame of an assessment, what its numbers depend on.

    ``config``, ``as_of``, ``as_of_source``, ``initiative``, ``software`` and
    ``activity_dates_ignored``, as :meth:`~collective_impact.Assessment.to_dict` writes them: a
    table exported from a run with other settings, or of another date, looked like one of a
    default run, and one of a run without a date of judgement gave no sign that activities
    that had ended, or not started, were counted. pandas keeps ``attrs`` through a copy and
    writes them to Parquet, not to CSV.
    """

    @functools.wraps(build)
    def frame(assessment: Assessment, /, *args: _P.args, **kwargs: _P.kwargs) -> DataFrame:
        out = build(assessment, *args, **kwargs)
        out.attrs.update(assessment._provenance())
        return out

    return frame


@_recorded
def scores_frame(assessment: Assessment) -> DataFrame:
    """Return the condition scores and their sub-measures, in long format.

    Parameters
    ----------
    assessment
        The result of :func:`~collective_impact.assess`.

    Returns
    -------
    pandas.DataFrame
        One row per sub-measure of each condition, columns ``condition``, ``score`` (the
        condition's score, repeated on each of its rows), ``measure`` and ``value``; then one
        row for ``overall`` whose ``measure`` is ``None`` and ``value`` ``nan``. Conditions in
        the order of :meth:`ConditionScores.to_dict`.

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.

    Notes
    -----
    Long, because the conditions have different sub-measures (and ``mutually_reinforcing_
    activities`` has one called ``score``). The scores alone are
    ``frame.drop_duplicates("condition").set_index("condition")["score"]``, the wide table
    ``frame.pivot(index="condition", columns="measure", values="value")``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> frame = scores_frame(ci.assess(ci.load_example("cradle-to-career")))
    >>> list(frame.columns)
    ['condition', 'score', 'measure', 'value']
    >>> list(frame.drop_duplicates("condition")["condition"])[-1]
    'overall'
    """
    expect_assessment(assessment, argument="assessment")
    rows: list[tuple[str, float, str | None, float]] = []
    scores = assessment.scores
    for key in SCORE_KEYS:
        score = float(getattr(scores, key))
        parts = scores.components.get(key, {})
        if not parts:
            rows.append((key, score, None, math.nan))
        rows.extend((key, score, name, float(value)) for name, value in parts.items())
    return _records(
        rows,
        {
            "condition": (lambda r: r[0], "object"),
            "score": (lambda r: r[1], "float64"),
            "measure": (lambda r: r[2], "object"),
            "value": (lambda r: r[3], "float64"),
        },
    )


@_recorded
def gaps_frame(assessment: Assessment) -> DataFrame:
    """Return one row per gap, with one column per evidence key.

    Parameters
    ----------
    assessment
        The result of :func:`~collective_impact.assess`.

    Returns
    -------
    pandas.DataFrame
        Columns ``key``, ``code``, ``condition``, ``severity``, ``subjects`` (a list of ids),
        ``message``, ``impact`` (the size of the gap in words), then every evidence key found in
        any gap, sorted (``nan`` where a gap has no such evidence). Rows in the order of
        :attr:`Assessment.gaps` (first things first: the order of the terminal and the HTML
        report).

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.

    Notes
    -----
    An evidence key equal to one of the first seven column names would be prefixed with
    ``evidence_``; no gap of the library has one.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> frame = gaps_frame(result)
    >>> len(frame) == len(result.gaps)
    True
    >>> list(frame.columns[:7])
    ['key', 'code', 'condition', 'severity', 'subjects', 'message', 'impact']
    """
    expect_assessment(assessment, argument="assessment")
    gaps = assessment.gaps
    spec: dict[str, tuple[Callable[[Any], Any], str]] = {
        "key": (lambda g: g.key, "object"),
        "code": (lambda g: g.code, "object"),
        "condition": (lambda g: g.condition.value, "object"),
        "severity": (lambda g: g.severity.value, "object"),
        "subjects": (lambda g: list(g.subjects), "object"),
        "message": (lambda g: g.message, "object"),
        "impact": (lambda g: g.impact_text, "object"),
    }
    keys = sorted({k for g in gaps for k in g.evidence})
    for key in keys:
        column = f"evidence_{key}" if key in spec else key
        spec[column] = (_evidence(key), "float64")
    return _records(gaps, spec)


@_recorded
def measurement_frame(assessment: Assessment) -> DataFrame:
    """Return one row per indicator: status, progress, trend, forecast, data quality, disparity.

    Parameters
    ----------
    assessment
        The result of :func:`~collective_impact.assess`.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator``, ``name``, ``direction``, ``level``, ``on_agenda``, ``status``,
        ``observations``, ``latest_date``, ``latest_value``, ``baseline``, ``baseline_date``
        (``None`` without a baseline known on ``as_of``), ``baseline_until`` (the last day the
        baseline stands for: its date, or the end of its reporting period), ``target``,
        ``target_date``, ``target_met_on`` (the date of the first value from the target date's
        reporting period on, or from the target date on without a frequency, that met it; met
        early, the target's period unreported, the last value before it; else ``None``),
        ``met_late`` (first met in a period after the target date's, or after the
        date), ``progress``, ``trend_slope`` (per year), ``forecast``, ``forecast_lower``,
        ``forecast_upper``, ``forecast_date`` (the date the trend is read at: the target date,
        or with a reporting frequency where the figure of the target date's period sits, see
        :func:`~collective_impact.analysis.measurement.forecast_date`),
        ``completeness``, ``freshness_days``, ``stale``, ``series_stale``
        (the whole-population values too old while groups keep the indicator fresh),
        ``target_date_observed`` (the value of the target date is in, of its period once that
        period has ended: the status is a fact), ``target_date_unreported`` (the target date
        passed without the value of it, and the target is not met: the status is still a
        forecast, or there are too few dates to make one), ``dates_apart`` (no
        frequency, and reporters not all on the same dates: each date a measurement of its
        own), ``groups_apart`` (the groups never reported
        for the same period, so never compared), ``baseline_restated`` (the baseline period's own
        value where it differs from the baseline, else ``nan``), ``turned`` (the curve turned:
        ``True``, ``False`` or ``None``, the last without a comparison or with fewer than 3 points
        of history), ``disparity_best``, ``disparity_worst``, ``disparity_gap``,
        ``disparity_trend``, ``disparity_widening``, ``disparity_p_value`` (for values all >= 0
        the larger of the two scales'), ``disparity_stabilised_p_value`` (the variance-stabilising
        scale's alone: arcsine for percentages and proportions, square root for other values
        >= 0; ``None`` with a negative value), ``disparity_stale`` (the groups last compared
        too long ago for a widening to be judged), ``disparity_groups`` (the groups compared, a
        list), ``disparity_left_out`` and ``disparity_left_out_dates`` (the groups with values
        that are not compared, for want of a value of the latest period two groups share, and
        the date of each one's latest value) and ``disparity_joined`` (the groups compared whose
        first value opens the gap series) (``None`` without a disparity; the best and worst
        group are ``None`` too when which way is better is unknown), ``reporters``,
        ``latest_missing_reporters`` (the reporters of the previous period after the baseline
        with no report of the latest: the latest value rests on the others' alone),
        ``latest_missing_from`` (the last date of that previous period), ``latest_period_running``
        (``as_of`` inside the latest value's period: its figure so far), ``quadrant`` and
        ``informs``, then any other field of :class:`~collective_impact.IndicatorMeasurement` (the
        columns are derived from its fields: every field is a column of its name, but ``trend``,
        ``forecast``, ``turn_the_curve`` and ``disparity``, written as the columns above, and
        ``groups``, several series an indicator, left out); sorted by indicator id (the assessment's
        canonical order).
        ``direction`` is which way is better, stated or implied by the target against the
        baseline (:attr:`Indicator.better <collective_impact.Indicator.better>`), ``None``
        when neither tells.

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.

    Notes
    -----
    Undefined numbers are ``nan``: see :class:`~collective_impact.IndicatorMeasurement` for
    when each is defined.

    Examples
    --------
    >>> import collective_impact as ci
    >>> frame = measurement_frame(ci.assess(ci.load_example("cradle-to-career")))
    >>> frame.loc[0, "indicator"], frame.loc[0, "status"]
    ('chronic-absence', 'at-risk')
    """
    expect_assessment(assessment, argument="assessment")
    return _records(assessment.measurement, _measurement_columns())


#: The order of the columns of :func:`measurement_frame`, by field of
#: :class:`~collective_impact.IndicatorMeasurement`: what it is, its values, the data-quality
#: flags, the turn of the curve, the disparity, then the lists. A field not named here (one
#: added to the record since) follows, in the record's order: no field is forgotten.
_MEASUREMENT_ORDER = (
    "indicator",
    "name",
    "direction",
    "level",
    "on_agenda",
    "status",
    "observations",
    "latest_date",
    "latest_value",
    "baseline",
    "baseline_date",
    "baseline_until",
    "target",
    "target_date",
    "target_met_on",
    "met_late",
    "progress",
    "trend",
    "forecast",
    "completeness",
    "freshness_days",
    "stale",
    "series_stale",
    "target_date_observed",
    "target_date_unreported",
    "dates_apart",
    "groups_apart",
    "baseline_restated",
    "turn_the_curve",
    "disparity",
    "groups",
    "reporters",
    "latest_missing_reporters",
    "latest_missing_from",
    "latest_period_running",
    "quadrant",
    "informs",
)

#: The fields of :class:`~collective_impact.IndicatorMeasurement` that are records, each
#: written as the columns named (the records' other fields are in ``to_dict()``), and
#: ``groups``, left out: several series a row (each group's is in
#: :attr:`IndicatorMeasurement.groups <collective_impact.IndicatorMeasurement.groups>`).
#: Every other field is a column of its own name and of the dtype its type calls for
#: (:func:`_field_column`).
_MEASUREMENT_NESTED: dict[str, dict[str, tuple[Callable[[Any], Any], str]]] = {
    "trend": {"trend_slope": (lambda m: _num(m.trend.slope if m.trend else None), "float64")},
    "forecast": {
        "forecast": (lambda m: _num(m.forecast.value if m.forecast else None), "float64"),
        "forecast_lower": (lambda m: _num(m.forecast.lower if m.forecast else None), "float64"),
        "forecast_upper": (lambda m: _num(m.forecast.upper if m.forecast else None), "float64"),
        # the date the line is read at: the target date, or where the target period's figure
        # sits with a frequency (a forecast of 2025's figure at 2025-03-01)
        "forecast_date": (lambda m: m.forecast.date if m.forecast else None, "object"),
    },
    "turn_the_curve": {
        "turned": (
            # None too when the history is too short to judge it (fewer than 3 points)
            lambda m: (
                None
                if m.turn_the_curve is None or m.turn_the_curve.turned is None
                else bool(m.turn_the_curve.turned)
            ),
            "object",
        ),
    },
    "disparity": {
        "disparity_best": (lambda m: m.disparity.best if m.disparity else None, "object"),
        "disparity_worst": (lambda m: m.disparity.worst if m.disparity else None, "object"),
        "disparity_gap": (lambda m: _num(m.disparity.gap if m.disparity else None), "float64"),
        "disparity_trend": (lambda m: _num(m.disparity.trend if m.disparity else None), "float64"),
        "disparity_widening": (
            lambda m: bool(m.disparity.widening) if m.disparity else None,
            "object",
        ),
        "disparity_p_value": (
            lambda m: _num(m.disparity.p_value if m.disparity else None),
            "float64",
        ),
        "disparity_stabilised_p_value": (
            lambda m: _num(m.disparity.stabilised_p_value if m.disparity else None),
            "float64",
        ),
        "disparity_stale": (lambda m: bool(m.disparity.stale) if m.disparity else None, "object"),
        "disparity_groups": (lambda m: list(m.disparity.groups) if m.disparity else None, "object"),
        "disparity_left_out": (
            lambda m: list(m.disparity.left_out) if m.disparity else None,
            "object",
        ),
        "disparity_left_out_dates": (
            lambda m: list(m.disparity.left_out_dates) if m.disparity else None,
            "object",
        ),
        "disparity_joined": (
            lambda m: list(m.disparity.joined) if m.disparity else None,
            "object",
        ),
    },
    "groups": {},
}


def _field_column(name: str, hint: Any) -> tuple[Callable[[Any], Any], str]:
    """Return the getter and dtype of the column of field ``name``, of type ``hint``.

    As the module's conventions say: a flag is ``bool`` (``object``, ``True``, ``False`` or
    ``None``, when it may be ``None``), a count always defined ``int64``, any other number
    ``float64`` with ``nan`` for ``None``, a choice its text value, a tuple of text a
    ``list``, text and dates themselves; a field of any other type is written as
    :meth:`~collective_impact.IndicatorMeasurement.to_dict` writes it.

    Examples
    --------
    >>> _field_column("stale", bool)[1], _field_column("freshness_days", int | None)[1]
    ('bool', 'float64')
    """
    kinds = set(typing.get_args(hint)) if isinstance(hint, types.UnionType) else {hint}
    optional = type(None) in kinds
    kinds.discard(type(None))
    kind = kinds.pop() if len(kinds) == 1 else None
    get = operator.attrgetter(name)
    if kind is bool:
        if optional:
            return (lambda m: None if get(m) is None else bool(get(m))), "object"
        return (lambda m: bool(get(m))), "bool"
    if kind is int and not optional:
        return (lambda m: int(get(m))), "int64"
    if kind in (int, float):
        return (lambda m: _num(get(m))), "float64"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return (lambda m: None if get(m) is None else get(m).value), "object"
    if typing.get_origin(kind) is tuple and typing.get_args(kind) == (str, ...):
        return (lambda m: list(get(m))), "object"
    if kind in (str, dt.date):
        return get, "object"
    return (lambda m: m.to_dict()[name]), "object"


@functools.cache
def _measurement_columns(
    record: type[IndicatorMeasurement] = IndicatorMeasurement,
) -> dict[str, tuple[Callable[[Any], Any], str]]:
    """Return the columns of :func:`measurement_frame`: each a getter and a dtype.

    Derived from the fields of ``record`` (:class:`~collective_impact.IndicatorMeasurement`;
    a subclass in the tests, with fields added), in the order
    of :data:`_MEASUREMENT_ORDER`: a record flattened as :data:`_MEASUREMENT_NESTED` says,
    every other field a column of its own name (:func:`_field_column`), so that a field added
    to the record is a column too (the data-quality flags ``dates_apart``, ``groups_apart``
    and ``baseline_restated`` were in ``to_dict()`` and the HTML report, not in the frame).
    """
    hints = typing.get_type_hints(record)
    fields = [f.name for f in attrs.fields(record)]
    order = [n for n in _MEASUREMENT_ORDER if n in hints]
    order += [n for n in fields if n not in _MEASUREMENT_ORDER]
    columns: dict[str, tuple[Callable[[Any], Any], str]] = {}
    for name in order:
        if name in _MEASUREMENT_NESTED:
            columns.update(_MEASUREMENT_NESTED[name])
        else:
            columns[name] = _field_column(name, hints[name])
    return columns


@_recorded
def network_frame(assessment: Assessment) -> DataFrame:
    """Return one row per partner: degree, Burt's measures, brokerage roles, value and trust.

    Computes :attr:`Assessment.network` if it has not been (about a tenth of a second on a
    thousand partners).

    Parameters
    ----------
    assessment
        The result of :func:`~collective_impact.assess`.

    Returns
    -------
    pandas.DataFrame
        Columns ``partner``, ``sector``, ``degree`` (partners tied to it, either direction,
        any kind), ``constraint``, ``effective_size``, the Gould–Fernandez brokerage counts
        ``coordinator``, ``itinerant``, ``representative``, ``gatekeeper``, ``liaison`` and
        ``brokerage`` (their total), their z-scores ``coordinator_z`` … ``liaison_z`` and
        ``brokerage_z``, then ``value`` and ``trust`` (PARTNER-tool ratings, 1-4); in partner
        order.

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.

    Notes
    -----
    ``constraint`` is ``nan`` for an isolated partner, a z-score is ``nan`` when its
    expected standard deviation is 0, and ``value``/``trust`` are ``nan`` for a partner never
    rated on them.

    Examples
    --------
    >>> import collective_impact as ci
    >>> frame = network_frame(ci.assess(ci.load_example("cradle-to-career")))
    >>> row = frame.set_index("partner").loc["united-way"]
    >>> int(row["brokerage"]), frame["partner"].is_monotonic_increasing  # rows in id order
    (89, True)
    """
    expect_assessment(assessment, argument="assessment")
    net = assessment.network
    # the canonical initiative: rows in the order of the ids, whatever the file's
    graph = tie_graph(assessment.analysed)
    partners = assessment.analysed.partners

    def role_count(role: str) -> Callable[[Any], Any]:
        key = "total" if role == "brokerage" else role
        return lambda p: _num(net.brokerage[p.id].counts[key] if p.id in net.brokerage else None)

    def role_z(role: str) -> Callable[[Any], Any]:
        key = "total" if role == "brokerage" else role
        return lambda p: _num(net.brokerage[p.id].z[key] if p.id in net.brokerage else None)

    spec: dict[str, tuple[Callable[[Any], Any], str]] = {
        "partner": (lambda p: p.id, "object"),
        "sector": (lambda p: p.sector.value, "object"),
        "degree": (lambda p: int(graph.degree(p.id)), "int64"),
        "constraint": (lambda p: _num(net.constraint.get(p.id)), "float64"),
        "effective_size": (lambda p: _num(net.effective_size.get(p.id)), "float64"),
    }
    roles = (*ROLES, "brokerage")
    for role in roles:
        spec[role] = (role_count(role), "float64")
    for role in roles:
        spec[f"{role}_z"] = (role_z(role), "float64")
    spec["value"] = (lambda p: _num(net.value.get(p.id)), "float64")
    spec["trust"] = (lambda p: _num(net.trust.get(p.id)), "float64")
    frame = _records(partners, spec)
    if not frame[list(roles)].isna().to_numpy().any():
        frame = frame.astype(dict.fromkeys(roles, "int64"))
    return frame


@_recorded
def pairs_frame(assessment: Assessment, *, top: int | None = None) -> DataFrame:
    r"""Return the scores of every pair of activities whose work meets.

    Parameters
    ----------
    assessment
        The assessment.
    top
        Keep only the first ``top`` rows (the most reinforcing pairs); all when ``None``.

    Returns
    -------
    pandas.DataFrame
        Columns ``a`` and ``b`` (activity ids), ``d`` (interdependence), ``conflict``, ``h``
        (joint harm), ``r`` (redundancy), ``R`` (reinforcement), ``D`` (duplication), ``k``
        (coordination) and ``between`` (different lead partners: the pair counts in the
        alignment index); sorted by ``R`` descending, ties broken by activity order.

    Raises
    ------
    ArgumentValueError
        When ``top`` is negative.
    ArgumentTypeError
        When ``top`` is neither ``None`` nor a whole number.
    MissingDependencyError
        When pandas is not installed.

    Notes
    -----
    A pair is a row when its interdependence, conflict, joint harm or redundancy is positive
    (as in :class:`~collective_impact.PairScores`): two activities pushing one indicator in
    opposite directions are a row with :math:`d = r = 0` and a positive conflict, as
    :func:`conflict_frame` lists them. On large initiatives there may be millions of
    pairs; the frame is built from the arrays directly, so ``top`` mainly saves memory.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> frame = pairs_frame(result, top=3)
    >>> list(frame.columns)
    ['a', 'b', 'd', 'conflict', 'h', 'r', 'R', 'D', 'k', 'between']
    >>> bool(frame["R"].is_monotonic_decreasing)
    True
    """
    expect_assessment(assessment, argument="assessment")
    expect_count(top, argument="top")
    result = assessment.reinforcement
    pairs = result.pairs
    reinforcement = pairs.reinforcement
    if top is not None and top < len(reinforcement):
        # only the rows that can be among the first: those at least the top-th largest R (a
        # full sort of the stress case's 10 million pairs took 3.4 s for 100 rows)
        if top == 0:
            order = np.zeros(0, dtype=np.intp)
        else:
            negated = -reinforcement
            kth = np.partition(negated, top - 1)[top - 1]
            rows = np.flatnonzero(negated <= kth)  # ties with the top-th included
            order = rows[np.lexsort((pairs.b[rows], pairs.a[rows], negated[rows]))][:top]
    else:
        order = np.lexsort((pairs.b, pairs.a, -reinforcement))
    ids = np.asarray(result.activity_ids, dtype=object)
    return _frame(
        {
            "a": (ids[pairs.a[order]].tolist(), "object"),
            "b": (ids[pairs.b[order]].tolist(), "object"),
            "d": (pairs.interdependence[order], "float64"),
            "conflict": (pairs.at("conflict", order), "float64"),
            "h": (pairs.at("joint_harm", order), "float64"),
            "r": (pairs.redundancy[order], "float64"),
            "R": (reinforcement[order], "float64"),
            "D": (pairs.at("duplication", order), "float64"),
            "k": (pairs.at("coordination", order), "float64"),
            "between": (pairs.between[order], "bool"),
        }
    )


def duplication_frame(pairs: DuplicationPairs) -> DataFrame:
    """Return one row per pair of activities that duplicate each other, with its cluster.

    Parameters
    ----------
    pairs
        From :meth:`Assessment.duplication_pairs <collective_impact.Assessment.duplication_pairs>`.

    Returns
    -------
    pandas.DataFrame
        Columns ``cluster`` (its number; one ``duplication`` gap per cluster), ``a`` and ``b``
        (activity ids), ``lead_a`` and ``lead_b`` (their lead partners), ``r`` (redundancy),
        ``d`` (interdependence), ``D`` (duplication), ``k`` (coordination), ``weak`` (the
        partners' own coordination, without the backbone's brokerage, below ``weak_tie``) and
        ``brokered`` (weak, and brought to ``weak_tie`` by the backbone alone, a partner of
        neither activity), in the order of the pairs (by ``a``, then ``b``).

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> frame = duplication_frame(result.duplication_pairs())
    >>> list(frame.columns)
    ['cluster', 'a', 'b', 'lead_a', 'lead_b', 'r', 'd', 'D', 'k', 'weak', 'brokered']
    """
    expect_type(pairs, DuplicationPairs, argument="pairs", expected="DuplicationPairs")
    ids = np.asarray(pairs.activity_ids, dtype=object)
    lead = np.asarray(pairs.lead, dtype=object)
    return _frame(
        {
            "cluster": (pairs.cluster, "int64"),
            "a": (ids[pairs.a].tolist(), "object"),
            "b": (ids[pairs.b].tolist(), "object"),
            "lead_a": (lead[pairs.a].tolist(), "object"),
            "lead_b": (lead[pairs.b].tolist(), "object"),
            "r": (pairs.redundancy, "float64"),
            "d": (pairs.interdependence, "float64"),
            "D": (pairs.duplication, "float64"),
            "k": (pairs.coordination, "float64"),
            "weak": (pairs.weak, "bool"),
            "brokered": (pairs.brokered, "bool"),
        }
    )


def conflict_frame(pairs: ConflictPairs) -> DataFrame:
    r"""Return one row per activity and an activity it pushes against.

    Parameters
    ----------
    pairs
        From :meth:`Assessment.conflict_pairs <collective_impact.Assessment.conflict_pairs>`.

    Returns
    -------
    pandas.DataFrame
        Columns ``pushing`` and ``against`` (activity ids: the one working against the
        direction the other pushes a shared agenda indicator), ``lead_pushing`` and
        ``lead_against`` (their lead partners), ``conflict`` (what ``pushing`` pushes against
        ``against``; their sum over its rows is its gap's ``conflict``) and ``joint_work``
        (:math:`d + \mathrm{against}`: the pair's joint help and the push of ``pushing``
        against ``against``, the base of its gap's ``conflict_share``), in the order of the
        rows (by ``pushing``, then ``against``).

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> frame = conflict_frame(result.conflict_pairs())
    >>> list(frame.columns)
    ['pushing', 'against', 'lead_pushing', 'lead_against', 'conflict', 'joint_work']
    """
    expect_type(pairs, ConflictPairs, argument="pairs", expected="ConflictPairs")
    ids = np.asarray(pairs.activity_ids, dtype=object)
    lead = np.asarray(pairs.lead, dtype=object)
    return _frame(
        {
            "pushing": (ids[pairs.pushing].tolist(), "object"),
            "against": (ids[pairs.against].tolist(), "object"),
            "lead_pushing": (lead[pairs.pushing].tolist(), "object"),
            "lead_against": (lead[pairs.against].tolist(), "object"),
            "conflict": (pairs.conflict, "float64"),
            "joint_work": (pairs.joint, "float64"),
        }
    )
