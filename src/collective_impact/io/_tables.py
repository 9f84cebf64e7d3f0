r"""The model's tables, described once: the files of a CSV bundle, the frames, the graph's fields.

Each :class:`Table` lists its :class:`Column`\ s in file order. A column knows

* its ``name`` (the CSV header, the frame column, the attribute the views use);
* ``get``: the model object → its plain value (``str``, ``float``, ``int``, a
  :class:`datetime.date`, a tuple of ``str``, or ``None``; choices are their text);
* its :class:`Kind`: how the value is written to a cell (:meth:`Kind.format`), read back from
  one (:meth:`Kind.parse`, with the number grammar of :mod:`._sheets`) and typed in a frame
  (:attr:`Kind.dtype`);
* whether the bundle requires it, and which key of the native tree it fills.

The bundle writer and reader (:mod:`.csvbundle`), :func:`~collective_impact.frames.
initiative_frames`, and the node and edge attributes of :mod:`collective_impact.graph` and the
Kumu blueprint all take their columns from here, so a new field of ``Tie`` is one new
:class:`Column` in :data:`TIES`.

The description lives in :mod:`collective_impact.io` rather than in the model because it is the
CSV format's knowledge (cell text, ``|``-lists, the number grammar): the model stays free of any
file format, and the views that use it (frames, graph, exports) come after the files in the flow.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any, Final

import attrs

from ..errors import ProblemCode
from ..model import (
    Activity,
    Backbone,
    BackboneFunction,
    Direction,
    Frequency,
    FunctionLevel,
    Goal,
    Indicator,
    Initiative,
    Intensity,
    Level,
    Quadrant,
    Role,
    Sector,
    StaffRole,
    Tie,
    TieKind,
    Urgency,
)
from ..model._fields import MEASURED, SPEC, Map, Number
from ..model.ties import RATINGS
from ._sheets import number_hint, parse_number

__all__ = [
    "ABSENT",
    "ACTIVITIES",
    "BACKBONE",
    "CONTRIBUTIONS",
    "GOALS",
    "INDICATORS",
    "INITIATIVE_KEYS",
    "OBSERVATIONS",
    "PARTNERS",
    "PATHWAYS",
    "PLACES",
    "POPULATIONS",
    "TABLES",
    "TIES",
    "WORKING_GROUPS",
    "CellError",
    "Column",
    "DateCell",
    "ExcelSerial",
    "ExcelSerial1904",
    "Kind",
    "LongNumberCell",
    "PercentCell",
    "Refused",
    "Table",
    "blank",
    "format_number",
    "join_values",
    "split_values",
]


class _Absent:
    """Marker for a cell that gives no value (the field is left out of the tree)."""

    def __repr__(self) -> str:
        return "ABSENT"


#: What :meth:`Kind.parse` returns for a cell that gives no value.
ABSENT: Final = _Absent()


class CellError(ValueError):
    """A cell that its column cannot read: the message for people and the :class:`ProblemCode`."""

    def __init__(self, message: str, code: ProblemCode) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


#: The kinds of columns of text: a cell holds their value as text (:attr:`Refused.in_text`).
_TEXT_KINDS = frozenset({"text", "ids", "choice", "choices"})


@attrs.frozen
class Refused:
    """A cell its source refuses to give a value for (a formula, a merged cell), and why.

    :meth:`Kind.read` raises the :class:`CellError` it holds, so the cell is reported where
    it is, once, like any cell its column cannot read.
    """

    message: str
    code: ProblemCode = ProblemCode.WRONG_TYPE
    #: The message in a column of dates, when its advice differs there (a number below 1 in a
    #: time format is told to type the date, not to format the cell as a number: a number is
    #: no date either); ``None``: :attr:`message`
    in_dates: str | None = None
    #: The message in a column of text, ids or choices, when its advice differs there (a time
    #: is told to format the column as Text and type the value again: formatted as a number,
    #: it was "expected text, got 0.5"); ``None``: :attr:`message`
    in_text: str | None = None


class PercentCell(float):
    """A number its source shows as a percentage: a workbook cell ``53%`` holds 0.53.

    Read as the number it holds in a column of numbers, except in a column of measured values
    (observations, baselines and targets, :attr:`Column.measured`): there a value is in its
    indicator's own unit, and 53 percent may be 53 or 0.53, so the cell is refused with both
    readings. In a column of text, ids or choices it is refused, as a :class:`DateCell` is:
    Excel makes a number of what is typed like a percentage (``100%`` holds 1), and the
    number's text is not what was typed.
    """

    __slots__ = ()


class LongNumberCell(float):
    """A whole number of 16 digits or more (1e15 or more) its source holds: a workbook cell.

    Excel keeps 15 significant digits of a number typed into a cell: the 16-digit id
    ``1234567890123456`` is held as ``1234567890123450``. In a column of text, ids or choices
    such a number is refused rather than read as its text, which is almost certainly not what
    was typed; in a column of numbers it is the number it holds. Text (a CSV file's cells, a
    workbook column formatted as Text) keeps every digit and is read as written. Build it with
    :meth:`of`, which keeps the number as the source holds it, for a message.
    """

    __slots__ = ("shown",)

    #: The number as the source holds it: its digits (``'1234567890123450'``), or for a float
    #: beyond 2**53, whose last digits are not held, its shortest text (``'1.2345e+19'``).
    shown: str

    @classmethod
    def of(cls, value: int | float) -> LongNumberCell:
        """Return a whole number (an int, or a finite whole float) as a cell.

        Raises
        ------
        OverflowError
            For an int larger than any float.

        Examples
        --------
        >>> LongNumberCell.of(1234567890123450).shown, LongNumberCell.of(1.2345e19).shown
        ('1234567890123450', '1.2345e+19')
        """
        cell = cls(value)
        exact = isinstance(value, int) or abs(value) < 2**53
        cell.shown = str(int(value)) if exact else format_number(value)
        return cell


class DateCell(dt.datetime):
    """A date (and time) its source holds as an Excel date: a workbook cell.

    Excel turns what is typed like a date into one (``6-8`` into 8 June, ``1/2`` into 2
    January, in a cell of General format), so in a column of text, ids or choices a date is
    refused rather than read as its text; in a date column it is the date it holds. Build it
    with :meth:`of`.
    """

    __slots__ = ()

    @classmethod
    def of(cls, value: dt.date) -> DateCell:
        """Return the date (a :class:`datetime.date` at midnight) or date and time as a cell."""
        if isinstance(value, dt.datetime):
            return cls.combine(value.date(), value.timetz())
        return cls.combine(value, dt.time(0))


class ExcelSerial(int):
    """A whole number a workbook cell holds within Excel's dates, in the 1900 date system.

    Excel holds a date as the number of days since its epoch: a date typed in a cell of
    General format, or shown in a format the reader does not know as a date, is such a number
    (45838 for 2025-06-30). In a date column the date it stands for is named, with the advice
    to format the cell as a date; everywhere else it is the whole number it is.
    :class:`ExcelSerial1904` is the number of a workbook in the 1904 date system.

    Examples
    --------
    >>> ExcelSerial(45838).date(), ExcelSerial1904(44376).date(), ExcelSerial(60).date()
    (datetime.date(2025, 6, 30), datetime.date(2025, 6, 30), None)
    >>> ExcelSerial(59).date(), ExcelSerial(61).date(), str(ExcelSerial(45838))
    (datetime.date(1900, 2, 28), datetime.date(1900, 3, 1), '45838')
    """

    __slots__ = ()

    #: The last day Excel holds, 9999-12-31, as its number.
    LAST: int = 2958465

    def date(self) -> dt.date | None:
        """Return the date the number stands for; ``None`` for none (Excel's 1900-02-29).

        Excel counts 1900 as a leap year (as Lotus 1-2-3 did): day 60 is a 29 February that
        never was, and the days before it are one day later than their count says.
        """
        days = int(self)
        if days == 60 or not 0 < days <= self.LAST:
            return None
        base = dt.date(1899, 12, 31) if days < 60 else dt.date(1899, 12, 30)
        return base + dt.timedelta(days=days)

    def hint(self) -> str:
        """Say, in parentheses, the date the number stands for in a date column; ``""``: none.

        A number within the years 1900 to 2200 is likelier a year typed alone than a day of
        1905 or 1906, and is told to give the whole date; any other, to format the cell as a
        date.

        Examples
        --------
        >>> print(ExcelSerial(45352).hint())  # doctest: +NORMALIZE_WHITESPACE
        (an Excel date number: 2024-03-01 in this workbook's date system; format the cell as
        a date)
        >>> print(ExcelSerial(2024).hint())
        (a year? give the whole date, YYYY-MM-DD; as an Excel date number it is 1905-07-16)
        >>> ExcelSerial(60).hint()
        ''
        """
        date = self.date()
        if date is None:
            return ""
        if _YEARS[0] <= self <= _YEARS[1]:
            # a year typed alone reads as a date of 1905: the year is the likelier meaning
            return (
                f" (a year? give the whole date, YYYY-MM-DD; as an Excel date number it is "
                f"{date.isoformat()})"
            )
        return (
            f" (an Excel date number: {date.isoformat()} in this workbook's date system; "
            "format the cell as a date)"
        )


class ExcelSerial1904(ExcelSerial):
    """A whole number of a workbook in the 1904 date system (:class:`ExcelSerial`)."""

    __slots__ = ()

    LAST: int = 2957003

    def date(self) -> dt.date | None:
        days = int(self)
        if not 0 <= days <= self.LAST:
            return None
        return dt.date(1904, 1, 1) + dt.timedelta(days=days)


# --------------------------------------------------------------------------- cell text


def format_number(value: float) -> str:
    """Return the shortest text that :func:`~._sheets.parse_number` reads back to ``value``.

    Examples
    --------
    >>> format_number(48.0), format_number(0.1), format_number(-0.0), format_number(1e16)
    ('48', '0.1', '-0', '1e+16')
    """
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def join_values(values: Iterable[str]) -> str:
    r"""Join values into one ``|``-separated cell, escaping ``|`` and ``\`` with a backslash.

    Examples
    --------
    >>> print(join_values(["a", "b|c", "d\\e"]))
    a|b\|c|d\\e
    """
    return "|".join(v.replace("\\", "\\\\").replace("|", "\\|") for v in values)


def split_values(cell: str) -> list[str]:
    r"""Split a ``|``-separated cell into its values (the inverse of :func:`join_values`).

    A blank cell has no values. A backslash escapes ``|`` and ``\``; before any other character
    it is kept as written.

    Examples
    --------
    >>> split_values(r"a|b\|c|d\\e")
    ['a', 'b|c', 'd\\e']
    >>> split_values("  ")
    []
    """
    if not cell.strip():
        return []
    values: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell) and cell[i + 1] in "|\\":
            current.append(cell[i + 1])
            i += 2
            continue
        if ch == "|":
            values.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    values.append("".join(current))
    return values


# --------------------------------------------------------------------------- kinds of column


@attrs.frozen
class Kind:
    """How the values of a column look: as cell text, read from a cell, and in a frame.

    Parameters
    ----------
    name
        For people: ``"text"``, ``"number"``, ``"date"``, ``"choice"``...
    dtype
        The pandas dtype of the column in a frame.
    parse
        Cell text → the value of the native tree, or :data:`ABSENT`; raises :class:`CellError`.
    format
        Plain value (never ``None``) → cell text.
    """

    name: str
    dtype: str
    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str
    item: Callable[[str], Any] | None = None
    values: tuple[str, ...] = ()

    def read(self, value: Any) -> Any:
        """Return the native-tree value of a cell as a frame or a workbook types it.

        Text is read as :meth:`parse` reads a CSV cell. ``None``, ``nan`` and ``NaT`` are no
        value (:data:`ABSENT`). Otherwise the value is taken as it is, never through its
        text: a number in a number column is the same float; a date (or a midnight date and
        time) in a date column; a list, tuple or array of ids or choices in a ``|`` column
        (``IDS`` and :func:`choices`); an integer (or a whole float) or a date in a text
        column is its text (``7`` → ``'7'``, a date → ``'2025-09-01'``), except a workbook's
        date (:class:`DateCell`) or percentage (:class:`PercentCell`), which Excel may have
        made of what was typed as text, and a workbook's whole number of 16 digits or more
        (:class:`LongNumberCell`), whose digits after the 15th Excel may have lost.

        Raises
        ------
        CellError
            For a value of another type: a truth value, a number in a date column, a date
            and time that is not midnight, a list in a column of one value, a workbook's date,
            percentage or number of 16 digits or more in a column of text...
        """
        if isinstance(value, str):
            return self.parse(value)
        if isinstance(value, Refused):
            own = (
                value.in_dates
                if self.name == "date"
                else value.in_text
                if self.name in _TEXT_KINDS
                else None
            )
            raise CellError(value.message if own is None else own, value.code)
        if _missing(value):
            return ABSENT
        return _TYPED.get(self.name, _typed_text)(self, value)

    def cell(self, value: Any) -> str:
        """Return the cell text of a plain value (``""`` for ``None``)."""
        return "" if value is None else self.format(value)

    def frame_value(self, value: Any) -> Any:
        """Return the value a frame holds: ``nan`` for a missing number, lists as lists."""
        if self.dtype == "float64":
            return math.nan if value is None else float(value)
        return list(value) if isinstance(value, tuple) else value


def _missing(value: Any) -> bool:
    """Return whether a typed cell gives no value: ``None``, ``nan``, ``NaT``, ``pd.NA``."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if type(value).__name__ in ("NaTType", "NAType"):
        return True
    if isinstance(value, decimal.Decimal):  # a NULL-like NaN of a NUMERIC column, as a float's
        return value.is_nan()
    return _is_number(value) and bool(value != value)


def _is_number(value: Any) -> bool:
    """Return whether a typed cell is a number (a truth value is not one).

    A finite :class:`~decimal.Decimal` is one (a database's ``NUMERIC`` column, as drivers
    read it); the model keeps it as a float.
    """
    if isinstance(value, decimal.Decimal):
        return value.is_finite()
    return not isinstance(value, bool) and isinstance(value, numbers.Real)


def blank(value: Any) -> bool:
    """Return whether a cell, text or typed, gives no value (blank text, ``None``, ``nan``).

    Examples
    --------
    >>> blank("  "), blank(float("nan")), blank(None), blank(0.0), blank("x")
    (True, True, True, False, False)
    """
    return value.strip() == "" if isinstance(value, str) else _missing(value)


def _shown_value(value: Any) -> str:
    """Return a typed cell for a message: its repr, and its type when that is not plain.

    A date (a workbook's Excel date, a frame's ``Timestamp``) is shown as people read it, not
    as the class that holds it: ``the date 2025-01-02``.

    Examples
    --------
    >>> _shown_value(DateCell.of(dt.date(2025, 1, 2))), _shown_value(dt.date(2025, 1, 2))
    ('the date 2025-01-02', 'the date 2025-01-02')
    >>> _shown_value(DateCell(2025, 1, 2, 12, 30)), _shown_value(True)
    ('the date and time 2025-01-02 12:30:00', 'True')
    """
    if isinstance(value, bool | int | float | str | list | tuple):
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return f"the date {value.date().isoformat()}"
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"{value!r} (a {type(value).__name__})"


def _whole_text(value: Any) -> str | None:
    """Return the text of a number that is a whole number (``7`` or ``7.0`` → ``'7'``)."""
    if not _is_number(value):
        return None
    if isinstance(value, numbers.Integral):
        return str(int(value))
    number = float(value)
    if math.isfinite(number) and number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return None


def _as_text(value: Any, what: str) -> str:
    """Return a typed cell of a text column as its text, or raise :class:`CellError`."""
    if isinstance(value, str):
        return value
    if isinstance(value, PercentCell):
        shown_as, held = format_number(float(value) * 100), format_number(float(value))
        raise CellError(
            f"the cell shows {shown_as}%, which the workbook holds as {held}, not text: Excel "
            "turns what is typed like a percentage into a number; format the column as Text "
            "and type the value again",
            ProblemCode.WRONG_TYPE,
        )
    if isinstance(value, LongNumberCell):
        raise CellError(
            f"the cell holds the number {value.shown}, not text: Excel keeps 15 significant "
            "digits of a number, so digits typed after the 15th may have been lost; format the "
            "column as Text and type the value again",
            ProblemCode.WRONG_TYPE,
        )
    whole = _whole_text(value)
    if whole is not None:
        return whole
    if isinstance(value, DateCell):
        midnight = value.time() == dt.time(0)
        held = f"date {value.date()}" if midnight else f"date and time {value.isoformat(sep=' ')}"
        raise CellError(
            f"the cell holds the {held}, not text: Excel turns what is typed like a date (6-8, "
            "1/2) into a date; format the column as Text and type the value again",
            ProblemCode.WRONG_TYPE,
        )
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
    elif isinstance(value, dt.date):
        return value.isoformat()
    raise CellError(f"expected {what}, got {_shown_value(value)}", ProblemCode.WRONG_TYPE)


def _typed_text(kind: Kind, value: Any) -> Any:
    return kind.parse(_as_text(value, "text"))


def _typed_number(kind: Kind, value: Any) -> Any:
    if isinstance(value, decimal.Decimal) and value.is_finite():
        # a NUMERIC value beyond a float's range: said as stored, not as inf or a silent 0
        number = float(value)
        if math.isinf(number):
            raise CellError(
                f"expected a finite number, got {value} (beyond the largest floating-point "
                "number, about 1.8e308)",
                ProblemCode.NOT_FINITE,
            )
        if number == 0 and not value.is_zero():
            raise CellError(
                f"expected 0 or a number of magnitude at least 1e-15, got {value} (below the "
                "smallest floating-point number)",
                ProblemCode.OUT_OF_RANGE,
            )
        return number
    if _is_number(value):
        return float(value)
    raise CellError(f"expected a number, got {_shown_value(value)}", ProblemCode.WRONG_TYPE)


#: Whole numbers in a date column read as a year typed alone rather than as an Excel date
#: number (which would be a day of 1905 or 1906).
_YEARS = (1900, 2200)


def _typed_date(kind: Kind, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0) or value.tzinfo is not None:
            raise CellError(
                f"expected a date, got the date and time {value.isoformat(sep=' ')}; give the "
                "date alone",
                ProblemCode.INVALID_DATE,
            )
        return value.date()
    if isinstance(value, dt.date):
        return value
    hint = value.hint() if isinstance(value, ExcelSerial) else ""
    raise CellError(
        f"expected a date (YYYY-MM-DD), got {_shown_value(value)}{hint}",
        ProblemCode.INVALID_DATE,
    )


def _typed_values(kind: Kind, value: Any) -> Any:
    if hasattr(value, "tolist") and not isinstance(value, numbers.Number):
        value = value.tolist()  # a numpy array (a list column read from Arrow)
    if not isinstance(value, list | tuple):
        return kind.parse(_as_text(value, "a list or |-separated text"))
    item = kind.item if kind.item is not None else (lambda text: text)
    items = [item(_as_text(v, "text")) if not _missing(v) else "" for v in value]
    return items if items else ABSENT


def _typed_choice(kind: Kind, value: Any) -> Any:
    if isinstance(value, enum.Enum):
        value = value.value
    return kind.parse(_as_text(value, "text"))


def _typed_count(kind: Kind, value: Any) -> Any:
    return ABSENT


def _text(cell: str) -> Any:
    return cell if cell.strip() else ABSENT


def _stripped(cell: str) -> Any:
    return cell.strip() or ABSENT


def _number(cell: str) -> Any:
    if not cell.strip():
        return ABSENT
    value = parse_number(cell)
    if value is None:
        raise CellError(
            f"expected a number, got {cell.strip()!r}{number_hint(cell)}", ProblemCode.WRONG_TYPE
        )
    return value


def _values(cell: str) -> Any:
    return split_values(cell) if cell.strip() else ABSENT


def _unreadable(cell: str) -> Any:  # a column derived from others: never read
    return ABSENT


#: How each kind of column reads a typed cell (:meth:`Kind.read`), by the kind's name.
_TYPED: Final[Mapping[str, Callable[[Kind, Any], Any]]] = {
    "text": _typed_text,
    "number": _typed_number,
    "count": _typed_count,
    "date": _typed_date,
    "ids": _typed_values,
    "choice": _typed_choice,
    "choices": _typed_values,
}

#: Text as written; a blank cell is no value.
TEXT: Final = Kind("text", "object", _text)
#: Text as written, the empty text included (``initiative.csv``'s description and problem).
ANY_TEXT: Final = Kind("text", "object", lambda cell: cell)
#: A number in the grammar of :func:`~._sheets.parse_number`.
NUMBER: Final = Kind("number", "float64", _number, format_number)
#: A count derived from the model, shown in frames and the graph but never written.
COUNT: Final = Kind("count", "int64", _unreadable)
#: An ISO date (checked by the model).
DATE: Final = Kind("date", "object", _stripped, dt.date.isoformat)
#: Several ids, ``|``-separated.
IDS: Final = Kind("ids", "object", _values, join_values, item=lambda text: text)


def choice(enum_cls: type[enum.Enum]) -> Kind:
    """Return the kind of a column holding one value of ``enum_cls`` (read without case).

    A value that is not a choice is passed on as written; the model names it.
    """
    values = {str(m.value) for m in enum_cls}

    def parse(cell: str) -> Any:
        text = cell.strip()
        if not text:
            return ABSENT
        return text.lower() if text.lower() in values else text

    return Kind("choice", "object", parse, values=tuple(str(m.value) for m in enum_cls))


def choices(enum_cls: type[enum.Enum]) -> Kind:
    """Return the kind of a column holding several values of ``enum_cls``, ``|``-separated."""
    one = choice(enum_cls).parse

    def parse(cell: str) -> Any:
        if not cell.strip():
            return ABSENT
        return [one(v) if v.strip() else v for v in split_values(cell)]

    return Kind(
        "choices",
        "object",
        parse,
        join_values,
        item=lambda v: one(v) if v.strip() else v,
        values=tuple(str(m.value) for m in enum_cls),
    )


# --------------------------------------------------------------------------- columns and tables


def _plain(value: Any) -> Any:
    """Return a model value as plain data: choices as their text, sequences as tuples."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return tuple(_plain(v) for v in value)
    return value


@attrs.frozen
class Column:
    """One column of a :class:`Table`.

    Parameters
    ----------
    name
        The header of the column, the frame column and the attribute views use.
    kind
        How its values look (:class:`Kind`).
    required
        Whether the header row of the bundle must name it.
    get
        Model object → plain value; by default the attribute ``name``, made plain (choices as
        text, lists as tuples).
    field
        The key of the native tree the column fills; ``name`` by default, ``None`` when the
        reader builds it from several columns (``baseline_date`` and ``baseline_value``).
    stored
        Whether the column is a column of the bundle's file; a derived column (an indicator's
        observation count) is only shown, in frames and the graph.
    measured
        Whether its values are measured in their indicator's own unit (observation values,
        baseline and target values): there a number a workbook shows as a percentage
        (:class:`PercentCell`) is refused, as 53 percent may be 53 or 0.53.
    number
        The model's spec of a number column's values, whose :meth:`~._fields.Number.percent_hint`
        answers a percentage written in a cell (``50%``), as for the native formats.
    """

    name: str
    kind: Kind
    required: bool = False
    get: Callable[[Any], Any] | None = None
    field: str | None = attrs.field(default=attrs.Factory(lambda self: self.name, takes_self=True))
    stored: bool = True
    measured: bool = False
    number: Number | None = None

    def value(self, obj: Any) -> Any:
        """Return the plain value of the column for the model object ``obj``."""
        return _plain(attrgetter(self.name)(obj)) if self.get is None else self.get(obj)

    def cell(self, obj: Any) -> str:
        """Return the cell text of the column for ``obj``."""
        return self.kind.cell(self.value(obj))

    def parse(self, cell: str) -> Any:
        """Return the native-tree value of a cell, or :data:`ABSENT`; raises :class:`CellError`."""
        return self.kind.parse(cell)


@attrs.frozen
class Table:
    """A table of the model: one row per object, the columns in file order.

    Parameters
    ----------
    name
        The table's name: the key of its frame, and the section of the native tree it fills.
    file
        Its file in a CSV bundle.
    columns
        Its columns.
    rows
        Initiative → the objects of the rows, in model order.
    """

    name: str
    file: str
    columns: tuple[Column, ...]
    rows: Callable[[Initiative], Sequence[Any]]

    @property
    def names(self) -> tuple[str, ...]:
        """The names of every column, derived ones included (the columns of the frame)."""
        return tuple(c.name for c in self.columns)

    @property
    def header(self) -> tuple[str, ...]:
        """The columns of the bundle's file."""
        return tuple(c.name for c in self.columns if c.stored)

    @property
    def required(self) -> tuple[str, ...]:
        """The columns the bundle's file must have."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def cells(self, obj: Any) -> list[str]:
        """Return the cells of the file's row for ``obj``."""
        return [c.cell(obj) for c in self.columns if c.stored]

    def values(self, obj: Any, names: Iterable[str]) -> dict[str, Any]:
        """Return the plain values of the columns ``names`` for ``obj``."""
        return {name: self.column(name).value(obj) for name in names}


def _number_spec(cls: type, name: str) -> Number:
    """Return the :class:`Number` spec of field ``name`` of ``cls`` (a map's or option's value)."""
    spec = attrs.fields_dict(cls)[name].metadata[SPEC]
    while not isinstance(spec, Number):
        spec = spec.value if isinstance(spec, Map) else spec.inner
    return spec


def _dated(what: str, part: str) -> Callable[[Indicator], Any]:
    def get(indicator: Indicator) -> Any:
        point = getattr(indicator, what)
        return None if point is None else getattr(point, part)

    return get


def _entry(k: int) -> Callable[[tuple[Any, ...]], Any]:
    return lambda entry: entry[k]


def _staff(role: StaffRole) -> Column:
    return Column(
        role.value,
        NUMBER,
        get=lambda b: b.staff.get(role),
        field=f"staff.{role.value}",
        number=_number_spec(Backbone, "staff"),
    )


def _function(function: BackboneFunction) -> Column:
    def get(backbone: Backbone) -> Any:
        level = backbone.functions.get(function)
        return None if level is None else level.value

    return Column(
        function.value,
        choice(FunctionLevel),
        get=get,
        field=f"functions.{function.value}",
    )


def _entries(
    name: str,
    columns: tuple[str, str, str],
    rows: Callable[[Initiative], Sequence[Any]],
    number: Number,
) -> Table:
    """Return a table of map entries: the owner's id, the entry's key and its value, required."""
    owner, key, value = columns
    return Table(
        name,
        f"{name}.csv",
        (
            Column(owner, TEXT, required=True, get=_entry(0)),
            Column(key, TEXT, required=True, get=_entry(1)),
            Column(value, NUMBER, required=True, get=_entry(2), number=number),
        ),
        rows,
    )


_ID = Column("id", TEXT, required=True)
_NAME = Column("name", TEXT, required=True)

PARTNERS: Final = Table(
    "partners",
    "partners.csv",
    (_ID, _NAME, Column("sector", choice(Sector), required=True), Column("roles", choices(Role))),
    lambda init: init.partners,
)
GOALS: Final = Table(
    "goals",
    "goals.csv",
    (
        _ID,
        Column("statement", TEXT, required=True),
        Column("indicators", IDS),
        Column("weight", NUMBER, number=_number_spec(Goal, "weight")),
    ),
    lambda init: init.goals,
)
INDICATORS: Final = Table(
    "indicators",
    "indicators.csv",
    (
        _ID,
        _NAME,
        Column("unit", TEXT),
        Column("direction", choice(Direction)),
        Column("level", choice(Level)),
        Column("frequency", choice(Frequency)),
        Column("quadrant", choice(Quadrant)),
        Column("informs", IDS),
        *(
            Column(
                f"{what}_{part}",
                kind,
                get=_dated(what, part),
                field=None,
                measured=part == "value",
                number=MEASURED if part == "value" else None,
            )
            for what in ("baseline", "target")
            for part, kind in (("date", DATE), ("value", NUMBER))
        ),
        Column("observations", COUNT, get=lambda i: len(i.observations), stored=False),
    ),
    lambda init: init.indicators,
)
#: One row per entry of ``Indicator.drives``: (indicator id, driven id, weight).
PATHWAYS: Final = _entries(
    "pathways",
    ("indicator", "drives", "weight"),
    lambda init: [(i.id, k, w) for i in init.indicators for k, w in i.drives.items()],
    _number_spec(Indicator, "drives"),
)
#: One row per observation: (indicator id, observation).
OBSERVATIONS: Final = Table(
    "observations",
    "observations.csv",
    (
        Column("indicator", TEXT, required=True, get=_entry(0)),
        Column("date", DATE, required=True, get=lambda e: e[1].date),
        Column(
            "value",
            NUMBER,
            required=True,
            get=lambda e: e[1].value,
            measured=True,
            number=MEASURED,
        ),
        Column("reported_by", TEXT, get=lambda e: e[1].reported_by),
        Column("group", TEXT, get=lambda e: e[1].group),
    ),
    lambda init: [(i.id, o) for i in init.indicators for o in i.observations],
)
_LABEL_COLUMNS = (Column("id", TEXT, required=True), Column("name", TEXT), Column("within", TEXT))
POPULATIONS: Final = Table(
    "populations", "populations.csv", _LABEL_COLUMNS, lambda init: init.populations
)
PLACES: Final = Table("places", "places.csv", _LABEL_COLUMNS, lambda init: init.places)


def _lead(activity: Activity) -> str | None:
    return activity.lead


ACTIVITIES: Final = Table(
    "activities",
    "activities.csv",
    (
        _ID,
        _NAME,
        Column("partners", IDS, required=True),
        Column("lead", TEXT, get=_lead, stored=False),
        Column("strategy", TEXT),
        Column("populations", IDS),
        Column("places", IDS),
        Column("start", DATE),
        Column("end", DATE),
    ),
    lambda init: init.activities,
)
#: One row per entry of ``Activity.contributes``: (activity id, indicator id, value).
CONTRIBUTIONS: Final = _entries(
    "contributions",
    ("activity", "indicator", "value"),
    lambda init: [(a.id, k, v) for a in init.activities for k, v in a.contributes.items()],
    _number_spec(Activity, "contributes"),
)
TIES: Final = Table(
    "ties",
    "ties.csv",
    (
        Column("source", TEXT, required=True),
        Column("target", TEXT, required=True),
        Column("kind", choice(TieKind)),
        Column("strength", NUMBER, number=_number_spec(Tie, "strength")),
        *(Column(rating, NUMBER, number=_number_spec(Tie, rating)) for rating in RATINGS),
        Column("intensity", choice(Intensity)),
    ),
    lambda init: init.ties,
)
WORKING_GROUPS: Final = Table(
    "working_groups",
    "working_groups.csv",
    (_ID, _NAME, Column("members", IDS), Column("goals", IDS)),
    lambda init: init.working_groups,
)
#: At most one row: the FTE and levels given, blank for a role or function not listed (the
#: effective ones are ``Backbone.fte`` and ``Backbone.function_level``).
BACKBONE: Final = Table(
    "backbone",
    "backbone.csv",
    (
        Column("organization", TEXT, required=True),
        *(_staff(role) for role in StaffRole),
        *(_function(function) for function in BackboneFunction),
    ),
    lambda init: [] if init.backbone is None else [init.backbone],
)

#: The rows of ``initiative.csv``: one column per key, each filling ``field`` of the tree (a
#: dotted field goes into a sub-object). A key whose value is ``None`` or empty is not written.
INITIATIVE_KEYS: Final = (
    Column("name", TEXT, required=True),
    Column("description", ANY_TEXT),
    Column("problem", ANY_TEXT),
    Column("as_of", DATE),
    Column(
        "champions", IDS, get=lambda init: init.conditions.champions, field="conditions.champions"
    ),
    Column(
        "funding_secured_until",
        DATE,
        get=lambda init: init.conditions.funding_secured_until,
        field="conditions.funding_secured_until",
    ),
    Column(
        "urgency",
        choice(Urgency),
        get=lambda init: _plain(init.conditions.urgency),
        field="conditions.urgency",
    ),
)

#: ``initiative.csv``: one ``key,value`` row per key of :data:`INITIATIVE_KEYS` that has a value.
INITIATIVE: Final = Table(
    "initiative",
    "initiative.csv",
    (
        Column("key", TEXT, required=True, get=_entry(0)),
        Column("value", TEXT, required=True, get=_entry(1)),
    ),
    lambda init: [
        (key.name, key.cell(init)) for key in INITIATIVE_KEYS if key.value(init) not in (None, ())
    ],
)

#: Every table, in the file order of a bundle.
TABLES: Final[Mapping[str, Table]] = {
    t.name: t
    for t in (
        INITIATIVE,
        PARTNERS,
        GOALS,
        INDICATORS,
        PATHWAYS,
        OBSERVATIONS,
        POPULATIONS,
        PLACES,
        ACTIVITIES,
        CONTRIBUTIONS,
        TIES,
        WORKING_GROUPS,
        BACKBONE,
    )
}
