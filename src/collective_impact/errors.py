"""The exception hierarchy of :mod:`collective_impact`.

Every error the library raises on purpose derives from :class:`CollectiveImpactError`, and each
leaf also derives from the builtin exception a Python programmer would expect (``ValueError`` for
bad data, ``KeyError`` for an unknown id), so ``except ValueError`` keeps working in code that does
not know this library.

All errors are picklable (they cross process pools in batch evaluation) and carry structured
attributes as well as a readable message.
"""

from __future__ import annotations

import bisect
import collections
import datetime as dt
import difflib
import enum
import errno
import functools
import heapq
import inspect
import itertools
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence, Set, Sized
from typing import Any, cast

import attrs

from ._terminal import printable

__all__ = [
    "MAX_SUGGESTIONS",
    "ArgumentTypeError",
    "ArgumentValueError",
    "AsOfError",
    "CollectiveImpactError",
    "DatabaseError",
    "FormatError",
    "FormatProblem",
    "Location",
    "MissingDependencyError",
    "MissingFileError",
    "NotRunningError",
    "PathwayError",
    "Problem",
    "ProblemCode",
    "Suggester",
    "UnknownIdError",
    "ValidationError",
    "WriteError",
    "close_matches",
    "expect_count",
    "expect_type",
    "shown",
]

#: How many lines of problems ``str(ValidationError)`` (and ``str(FormatError)``) show before
#: counting the rest.
_MAX_SHOWN = 200

#: How an error's text says where the problems it leaves out are. The command line says its
#: own words instead (``validate --all``).
EVERY_PROBLEM_ADVICE = "summary(max_lines=None) lists every one, as the .problems attribute holds"


def _init_parameters(cls: type) -> tuple[str, ...] | None:
    """Return the names of the parameters of the constructor of ``cls``.

    ``None`` when it takes ``*args`` or ``**kwargs``, or is the builtin one of ``Exception``.
    """
    try:
        parameters = inspect.signature(cls).parameters.values()
    except ValueError:  # no signature: the constructor of a builtin exception
        return None
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters):
        return None
    return tuple(p.name for p in parameters)


class CollectiveImpactError(Exception):
    """Root of every error raised by :mod:`collective_impact`.

    Notes
    -----
    Errors cross process pools, so they pickle. A subclass with its own ``__init__`` keeps each
    parameter in an attribute of the same name; pickling then calls the constructor again with
    those attributes as keyword arguments, so the copy has the same attributes and message (the
    traceback and the chained ``__cause__`` are not kept, as for any exception).

    Examples
    --------
    One ``except`` clause catches every error the library raises, whatever its kind:

    >>> import pickle
    >>> import collective_impact as ci
    >>> try:
    ...     ci.load_example("cradle-to-career").partner("school")
    ... except ci.CollectiveImpactError as error:
    ...     caught = error
    >>> type(caught).__name__, str(caught)
    ('UnknownIdError', "unknown partner 'school' (did you mean 'schools'?)")
    >>> str(pickle.loads(pickle.dumps(caught))) == str(caught)
    True
    """

    def __reduce__(self) -> tuple[Any, ...]:
        names = _init_parameters(type(self))
        if names is None:  # the constructor of Exception: pickle as Exception does
            return cast("tuple[Any, ...]", super().__reduce__())
        rebuild = functools.partial(type(self), **{name: getattr(self, name) for name in names})
        return (rebuild, ())


class ProblemCode(enum.StrEnum):
    """Why a :class:`Problem` is one: a stable code for programs, beside the message for people.

    In the manner of pandera's ``SchemaErrorReason``: code that handles problems decides on the
    code, never on the wording of the message, which may change. A ``StrEnum``, so a code
    compares equal to its value (``ProblemCode.MISSING_KEY == "missing-key"``).

    ========================  ==================================================================
    code                      the problem
    ========================  ==================================================================
    ``missing-key``           a required key (or column) is absent; :attr:`Problem.key` names it
    ``unknown-key``           a key (or column) the format does not have; :attr:`Problem.key`
    ``wrong-type``            a value of the wrong type: text for a number, a list for a mapping
    ``empty-text``            an empty (or blank) string where text is required
    ``not-finite``            a number that is NaN or infinite
    ``out-of-range``          a number outside its bounds (or zero where zero is not allowed),
                              or too close to 0 for a float (``1e-400``, which would read as 0)
    ``invalid-choice``        a value that is not one of the allowed choices of an enumeration
    ``invalid-date``          a value that is not a calendar date (``YYYY-MM-DD``)
    ``too-few-items``         a list with fewer entries than required (an activity without partners)
    ``duplicate-entry``       an entry repeated where entries are unique (a list entry, a tie)
    ``duplicate-id``          an id (or a declared label) used twice in its section
    ``unknown-reference``     an id (or label) that names nothing the initiative has
    ``invalid-reference``     a reference that resolves, but to something it may not name
    ``self-reference``        an object that refers to itself (a tie to oneself, a self-drive)
    ``cycle``                 references that go round in a cycle (labels nested in themselves)
    ``inconsistent``          fields that contradict each other (end before start, a target
                              against its direction)
    ``unsupported-version``   a ``schema_version`` this version of the library does not read
    ``syntax``                a document that cannot be parsed (YAML, JSON, TOML, CSV, XML)
    ``encoding``              bytes that are not UTF-8 text, or not text at all
    ``too-large``             a file (or archive) larger than the limit
    ``unsafe``                content refused for safety (an XML entity declaration, a path
                              escaping an archive, a decompression bomb)
    ``empty``                 an empty file or document
    ``invalid``               any other broken rule; the code of a problem given without one
    ========================  ==================================================================

    Examples
    --------
    >>> ProblemCode.UNKNOWN_REFERENCE == "unknown-reference"
    True
    """

    MISSING_KEY = "missing-key"
    UNKNOWN_KEY = "unknown-key"
    WRONG_TYPE = "wrong-type"
    EMPTY_TEXT = "empty-text"
    NOT_FINITE = "not-finite"
    OUT_OF_RANGE = "out-of-range"
    INVALID_CHOICE = "invalid-choice"
    INVALID_DATE = "invalid-date"
    TOO_FEW_ITEMS = "too-few-items"
    DUPLICATE_ENTRY = "duplicate-entry"
    DUPLICATE_ID = "duplicate-id"
    UNKNOWN_REFERENCE = "unknown-reference"
    INVALID_REFERENCE = "invalid-reference"
    SELF_REFERENCE = "self-reference"
    CYCLE = "cycle"
    INCONSISTENT = "inconsistent"
    UNSUPPORTED_VERSION = "unsupported-version"
    SYNTAX = "syntax"
    ENCODING = "encoding"
    TOO_LARGE = "too-large"
    UNSAFE = "unsafe"
    EMPTY = "empty"
    INVALID = "invalid"


@attrs.frozen
class Location:
    """Where a problem is: a path in the native tree, or a file, row and column.

    Parameters
    ----------
    path
        The path in the tree, such as ``activities[3].partners[0]`` or
        ``indicators[0].drives['k-ready']``; ``""`` for the document as a whole.
    file
        The file, for a problem located in a file of several (a CSV bundle).
    row
        The 1-based row, as a spreadsheet numbers it (the header is row 1).
    column
        The column's name (or letter, for a column without a name).

    Examples
    --------
    >>> Location("activities[3].partners[0]").render()
    'activities[3].partners[0]'
    >>> Location(file="ties.csv", row=2, column="target").render()
    'ties.csv, row 2, column target'
    """

    path: str = ""
    file: str | None = None
    row: int | None = None
    column: str | None = None

    def render(self) -> str:
        """Return the location for people: the path, or ``"file, row 2, column c"``.

        Returns
        -------
        str
            The parts that are set, in the order file, row, column, path, joined by ``", "``;
            ``""`` for the document as a whole.

        Examples
        --------
        >>> Location(file="partners.csv", row=5).render()
        'partners.csv, row 5'
        >>> Location("backbone.staff").render()
        'backbone.staff'
        >>> Location().render()
        ''
        """
        parts = [self.file] if self.file is not None else []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.render()

    @property
    def in_tree(self) -> bool:
        """Whether the location is a path in the tree (no file, row or column)."""
        return self.file is None and self.row is None and self.column is None

    def nested(self, prefix: str) -> Location:
        """Return the location with its tree path nested under ``prefix``.

        A file location is returned unchanged: it is not part of a tree.

        Parameters
        ----------
        prefix
            The tree path to put in front, such as ``"partners[2]"``; ``""`` changes nothing.

        Returns
        -------
        Location
            A new location whose path is ``prefix`` joined with this one (``prefix.path``, or
            ``prefix[i]`` for a path starting with an index); ``self`` when it is a file location.

        Examples
        --------
        >>> Location("sector").nested("partners[2]").path
        'partners[2].sector'
        >>> Location("[0]").nested("activities[3].partners").path
        'activities[3].partners[0]'
        >>> Location(file="ties.csv", row=2).nested("ties").render()
        'ties.csv, row 2'
        """
        if not self.in_tree:
            return self
        return Location(join_path(prefix, self.path))


def _to_location(value: Location | str) -> Location:
    return value if isinstance(value, Location) else Location(str(value))


def _to_code(value: ProblemCode | str) -> ProblemCode:
    return ProblemCode(value)


def _to_locations(values: Iterable[Location | str]) -> tuple[Location, ...]:
    return tuple(map(_to_location, values))


#: How many of the other places of a problem its message names (:func:`listed`'s limit).
_PLACES_NAMED = 6


def _place(location: Location) -> str:
    """Name a location inside a message: rendered without commas (``ties.csv row 4 column b``).

    Places are listed with commas between them, so a place of a file is named as a message names
    a row (``first used at partners.csv row 3``); a tree path is named as it renders.
    """
    if location.in_tree:
        return location.render()
    return location.render().replace(", ", " ")


def _named_also(others: Sequence[Location]) -> str:
    """Return the clause of a message naming the other places of a problem, ``""`` for none.

    ``"; also named at ties[2].source"``, or ``"; also named at 71 other places: a, b, c, d, e
    and 66 others"``: at most :data:`_PLACES_NAMED` places are named (and rendered).
    """
    if not others:
        return ""
    if len(others) == 1:
        return f"; also named at {_place(others[0])}"
    # listed() reads no more than its first items when there are more: only those are rendered,
    # the rest stand in as blanks to be counted
    named = [_place(o) for o in others[:_PLACES_NAMED]]
    named += [""] * (len(others) - len(named))
    return f"; also named at {len(others):,} other places: {listed(named, limit=_PLACES_NAMED)}"


@attrs.frozen(eq=False)
class Problem:
    """One problem found in an initiative: where it is, what is wrong, and a code for programs.

    Parameters
    ----------
    location
        A :class:`Location`, or a tree path as a string (``activities[3].partners[0]``; the
        empty string means the document as a whole).
    message
        What is wrong, for people.
    code
        The :class:`ProblemCode`: what kind of problem it is, for programs.
    key
        When the problem is about a key rather than a value, that key: the name of a missing or
        unknown key, or the key of a mapping entry whose key is wrong (an unknown indicator in
        ``contributes``). ``None`` otherwise.
    related
        Another location the problem involves, when there is one: where a duplicated id, tie
        or label was first used. The message names it by its rendering
        (``first used at partners[0]``), so that a reader which maps tree paths to rows can
        name that row instead.
    others
        The other places of the same problem, in document order: a problem with one root cause
        is reported once, at its first place, with the rest here. An id that names nothing is
        one problem however many references name it (``unknown partner 'schools'``), and each
        reference after the first is one of its ``others``. Locations or tree paths; ``()``
        (the default) for a problem at one place. :meth:`with_others` sets them together with
        the end of the message that names them.

    Notes
    -----
    A problem still behaves as the ``(path, message)`` pair of earlier versions: it unpacks as
    ``path, message = problem`` and equals that pair.

    The message of a problem with ``others`` ends by naming them, as
    ``"; also named at ties[2].source"`` for one and ``"; also named at 71 other places: a, b, c,
    d, e and 66 others"`` for more: a few are named, the rest counted, so that a message stays
    short however many places there are. Readers that locate problems in rows (a CSV bundle, a
    workbook, a database) name those rows both in ``others`` and in the message (a place of a
    file without its commas there: ``ties.csv row 4 column target``).

    Examples
    --------
    >>> p = Problem("activities[0].partners[0]", "unknown partner 'b'",
    ...             ProblemCode.UNKNOWN_REFERENCE)
    >>> p.path, p.code
    ('activities[0].partners[0]', <ProblemCode.UNKNOWN_REFERENCE: 'unknown-reference'>)
    >>> print(p)
    activities[0].partners[0]: unknown partner 'b'
    >>> p == ("activities[0].partners[0]", "unknown partner 'b'")
    True

    The same missing partner named again, by a tie:

    >>> q = p.with_others(["ties[2].source"])
    >>> print(q)
    activities[0].partners[0]: unknown partner 'b'; also named at ties[2].source
    >>> q.others
    (Location(path='ties[2].source', file=None, row=None, column=None),)
    """

    location: Location = attrs.field(converter=_to_location)
    message: str = attrs.field(converter=str)
    code: ProblemCode = attrs.field(default=ProblemCode.INVALID, converter=_to_code)
    key: str | None = attrs.field(default=None, kw_only=True)
    related: Location | None = attrs.field(default=None, kw_only=True)
    others: tuple[Location, ...] = attrs.field(default=(), converter=_to_locations, kw_only=True)

    @property
    def path(self) -> str:
        """The location as text: the tree path, or ``"file, row 2, column c"``."""
        return self.location.render()

    def nested(self, prefix: str) -> Problem:
        """Return the problem with its location nested under the tree path ``prefix``.

        Parameters
        ----------
        prefix
            The tree path to put in front of the problem's location, such as ``"partners[2]"``.

        Returns
        -------
        Problem
            A copy with the nested location (see :meth:`Location.nested`), and its ``others``
            and ``related`` location nested too, as the message names them; code and key stay
            as they are.

        Examples
        --------
        >>> p = Problem("sector", "'farming' is not a sector", ProblemCode.INVALID_CHOICE)
        >>> q = p.nested("partners[2]")
        >>> q.path, q.code
        ('partners[2].sector', <ProblemCode.INVALID_CHOICE: 'invalid-choice'>)
        >>> r = Problem("members[0]", "unknown partner 'x'").with_others(["members[3]"])
        >>> print(r.nested("working_groups[1]"))
        working_groups[1].members[0]: unknown partner 'x';
        also named at working_groups[1].members[3]
        >>> related = Location("observations[0]")
        >>> d = Problem("observations[2].value", f"{related} gives 45", related=related)
        >>> print(d.nested("indicators[4]"))
        indicators[4].observations[2].value: indicators[4].observations[0] gives 45
        """
        problem = attrs.evolve(self, location=self.location.nested(prefix))
        related = self.related
        if related is not None and related.in_tree:
            # the message names the related place by its rendering: name the nested one
            nested = related.nested(prefix)
            message = self.message.replace(related.render(), nested.render(), 1)
            problem = attrs.evolve(problem, message=message, related=nested)
        if not self.others:
            return problem
        return problem.with_others([o.nested(prefix) for o in self.others])

    def with_others(self, others: Iterable[Location | str]) -> Problem:
        """Return a copy whose other places are ``others``, its message naming them.

        The clause naming the current ``others`` at the end of the message, if any, is replaced
        by one naming the new ones (see the notes of :class:`Problem`), so that the message and
        ``others`` always agree: a reader that locates the places in rows calls it with the rows.

        Parameters
        ----------
        others
            The other places of the problem, in document order: :class:`Location` objects or
            tree paths; empty for none.

        Returns
        -------
        Problem
            A copy with ``others`` and the message naming them; location, code, key and related
            location stay as they are.

        Examples
        --------
        >>> p = Problem("ties[0].source", "unknown partner 'x'", ProblemCode.UNKNOWN_REFERENCE)
        >>> print(p.with_others([f"ties[{i}].target" for i in range(1, 72)]).message)
        unknown partner 'x'; also named at 71 other places: ties[1].target, ties[2].target,
        ties[3].target, ties[4].target, ties[5].target and 66 others
        >>> p.with_others([Location(file="ties.csv", row=2, column="target")]).message
        "unknown partner 'x'; also named at ties.csv row 2 column target"
        >>> p.with_others(["ties[1].target"]).with_others([]) == p
        True
        """
        new = _to_locations(others)
        message, old = self.message, _named_also(self.others)
        if old and message.endswith(old):
            message = message[: -len(old)]
        return attrs.evolve(self, message=message + _named_also(new), others=new)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def __iter__(self) -> Iterator[str]:
        return iter((self.path, self.message))

    def _fields(self) -> tuple[object, ...]:
        return (self.location, self.message, self.code, self.key, self.related, self.others)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Problem):
            return self._fields() == other._fields()
        if isinstance(other, tuple) and len(other) == 2:  # the (path, message) pair of old
            return (self.path, self.message) == other
        return NotImplemented

    def __hash__(self) -> int:  # equal problems (and pairs) have equal paths and messages
        return hash((self.path, self.message))


def _same_message(problems: Sequence[Problem]) -> list[list[Problem]]:
    """Group problems of one message (and code), each group at its first problem, in order.

    A problem of the document as a whole (no path) is never grouped: it has no place to name.
    """
    groups: list[list[Problem]] = []
    at: dict[tuple[str, ProblemCode], int] = {}
    for problem in problems:
        key = (problem.message, problem.code)
        k = at.get(key) if problem.path else None
        if k is None:
            if problem.path:
                at[key] = len(groups)
            groups.append([problem])
        else:
            groups[k].append(problem)
    return groups


def _grouped(group: Sequence[Problem]) -> str:
    """Render a group of problems of one message: the first, and the other places named."""
    first, others = group[0], group[1:]
    if not others:
        return str(first)
    if len(others) == 1:
        return f"{first}; the same at {_place(others[0].location)}"
    named = [_place(o.location) for o in others[:_PLACES_NAMED]]
    named += [""] * (len(others) - len(named))  # counted, never rendered (see _named_also)
    places = listed(named, limit=_PLACES_NAMED)
    return f"{first}; the same at {len(others):,} other places: {places}"


#: What :class:`ValidationError` accepts as one problem.
_ProblemLike = Problem | tuple[Location | str, str] | tuple[Location | str, str, ProblemCode]


def _to_problem(item: _ProblemLike) -> Problem:
    return item if isinstance(item, Problem) else Problem(*item)


class ValidationError(CollectiveImpactError, ValueError):
    """An initiative, or a file holding one, breaks the rules of the model.

    Parameters
    ----------
    problems
        Every problem found, in document order: :class:`Problem` objects, or
        ``(location, message)`` / ``(location, message, code)`` tuples.
    source
        The file (or other source) the data came from, if any.

    Attributes
    ----------
    problems : tuple of Problem
        Every problem found, not only the first, each with its location and code.
    source : str or None
        The file the data came from, or ``None``.

    Notes
    -----
    ``str()`` is a count, then a line per problem; the problems of one message (a typo repeated
    on every row) are one line, naming how many other places have it and the first few. Past
    200 lines, how many problems are left out: :meth:`summary` sets another number of lines,
    or none (``max_lines=None``: every problem on its own line). :attr:`problems` holds every
    one, whatever the text shows.

    Examples
    --------
    >>> err = ValidationError([("partners[0].sector", "expected one of ...")], source="a.yaml")
    >>> err.problems[0].path
    'partners[0].sector'
    >>> print(err)
    1 problem in a.yaml:
      partners[0].sector: expected one of ...
    """

    problems: tuple[Problem, ...]
    source: str | None

    def __init__(
        self,
        problems: Iterable[
            Problem | tuple[Location | str, str] | tuple[Location | str, str, ProblemCode]
        ],
        *,
        source: str | None = None,
    ) -> None:
        self.problems = tuple(_to_problem(p) for p in problems)
        self.source = source
        super().__init__(self._render())

    def summary(self, max_lines: int | None = _MAX_SHOWN) -> str:
        """Return the problems for people: a count, then a line per problem (``str()``).

        A message found at several places (the same misspelt sector on 300 partners) is one
        line, at the first of them, naming how many other places have it and the first few
        (``"; the same at 299 other places: partners[1].sector, ... and 294 others"``); past
        ``max_lines`` lines, how many problems are left out. With ``max_lines=None`` every
        problem is on a line of its own, none folded into another's: what
        ``collective-impact validate --all`` prints. :attr:`problems` holds them all.

        Parameters
        ----------
        max_lines
            How many lines of problems at most (default 200); ``None`` for every problem, each
            on its own line.

        Returns
        -------
        str
            The text.

        Raises
        ------
        ArgumentTypeError
            When ``max_lines`` is not a whole number or ``None``.
        ArgumentValueError
            When ``max_lines`` is negative.

        Examples
        --------
        >>> bad = "expected one of 'government', 'nonprofit'; got 'goverment'"
        >>> err = ValidationError([(f"partners[{i}].sector", bad) for i in range(9)])
        >>> print(err.summary())  # doctest: +NORMALIZE_WHITESPACE
        9 problems:
          partners[0].sector: expected one of 'government', 'nonprofit'; got 'goverment'; the
          same at 8 other places: partners[1].sector, partners[2].sector, partners[3].sector,
          partners[4].sector, partners[5].sector and 3 others
        >>> print(err.summary(max_lines=None).splitlines()[-1])
          partners[8].sector: expected one of 'government', 'nonprofit'; got 'goverment'
        """
        expect_count(max_lines, argument="max_lines")
        return self._render(max_lines)

    def _render(self, max_lines: int | None = _MAX_SHOWN) -> str:
        n = len(self.problems)
        where = f" in {printable(self.source)}" if self.source else ""
        head = f"{n:,} problem{'s' if n != 1 else ''}{where}:"
        if max_lines is None:
            return "\n".join([head, *(f"  {p}" for p in self.problems)])
        groups = _same_message(self.problems)
        lines = [f"  {_grouped(group)}" for group in groups[:max_lines]]
        left = sum(map(len, groups[max_lines:]))
        if left:
            lines.append(f"  ... and {left:,} more ({EVERY_PROBLEM_ADVICE})")
        return "\n".join([head, *lines])

    def __str__(self) -> str:
        return self._render()

    def with_prefix(self, prefix: str) -> ValidationError:
        """Return a copy whose problem paths are nested under ``prefix``.

        Parameters
        ----------
        prefix
            The tree path to put in front of every problem's location, such as
            ``"partners[2]"``.

        Returns
        -------
        ValidationError
            A new error with the nested problems (see :meth:`Problem.nested`) and the same
            ``source``; ``self`` is unchanged.

        Examples
        --------
        >>> err = ValidationError([("sector", "bad")]).with_prefix("partners[2]")
        >>> err.problems[0].path
        'partners[2].sector'
        """
        return ValidationError([p.nested(prefix) for p in self.problems], source=self.source)


@attrs.frozen
class FormatProblem:
    """One problem of a file read as a document: what is wrong, where, and a code for programs.

    The problems of a :class:`FormatError` (its ``problems``), one per repeated key, number that
    is not finite, syntax error...; and after those, in a native file read to its end, one per
    problem the model finds in the rest of it (its message names the path first, as
    :class:`Problem` does, and it has no line or column).

    Parameters
    ----------
    message
        What is wrong, in one sentence (with the path in the tree, when there is one, as in
        ``invalid JSON: not a finite number: 'NaN' (at ties[0].strength)``).
    line, column
        1-based position of the problem in the file, when known.
    code
        What kind of problem it is (:attr:`ProblemCode.SYNTAX`, :attr:`ProblemCode.NOT_FINITE`...),
        when the reader says.
    path
        The path in the tree of the value the problem is in (of the mapping, for a repeated
        key), such as ``ties[0].strength``; ``""`` when there is none (a syntax error).

    Examples
    --------
    >>> p = FormatProblem("not a finite number: 'NaN' (at a)", line=1, column=7,
    ...                   code=ProblemCode.NOT_FINITE, path="a")
    >>> print(p)
    line 1, column 7: not a finite number: 'NaN' (at a)
    >>> p.path, p.code
    ('a', <ProblemCode.NOT_FINITE: 'not-finite'>)
    """

    message: str = attrs.field(converter=str)
    line: int | None = attrs.field(default=None, kw_only=True)
    column: int | None = attrs.field(default=None, kw_only=True)
    code: ProblemCode | None = attrs.field(
        default=None, kw_only=True, converter=attrs.converters.optional(_to_code)
    )
    path: str = attrs.field(default="", kw_only=True)

    def render(self, source: str | None = None) -> str:
        """Return the problem for people: ``"source, line 3, column 7: message"``.

        Parameters
        ----------
        source
            The file name to put first, if any.

        Returns
        -------
        str
            The parts of the place that are known, then the message.

        Examples
        --------
        >>> FormatProblem("expected ':'", line=3, column=7).render("x.yaml")
        "x.yaml, line 3, column 7: expected ':'"
        """
        where = [printable(source)] if source else []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def __str__(self) -> str:
        return self.render()


class FormatError(CollectiveImpactError, ValueError):
    """A file cannot be read as a document at all (syntax, encoding, size, unsafe content).

    A reader that meets a problem which leaves the document readable (a repeated key, a number
    that is not finite) reads on to the end of the document, or to a syntax error, which stops
    it and comes last; the error then lists every problem found, in document order. A native
    file read to its end is checked by the model too (:func:`~collective_impact.load`): the
    model's problems follow the document's, each with its path and code (and no line).

    Parameters
    ----------
    message
        What is wrong, in one sentence; of the first problem, when there are several.
    source
        The file name, if any.
    line, column
        1-based position of the (first) problem in the file, when known.
    code
        What kind of problem it is (:attr:`ProblemCode.SYNTAX`, :attr:`ProblemCode.ENCODING`,
        :attr:`ProblemCode.TOO_LARGE`, :attr:`ProblemCode.EMPTY`...), when the reader says.
    problems
        Every problem, in document order, when there are several (see :meth:`from_problems`);
        by default, the one that ``message``, ``line``, ``column`` and ``code`` describe.
    omitted
        How many more problems were found but not kept: a reader keeps the first 1,000 of a
        document and counts the rest, which come after them (and before a syntax error that
        ends the problems).

    Attributes
    ----------
    problems : tuple of FormatProblem
        Every problem kept, in document order, each with its message, line, column, code and
        path in the tree; the first is the one ``message``, ``line``, ``column`` and ``code``
        describe.
    omitted : int
        How many problems were found beyond those kept (0 almost always).

    Notes
    -----
    ``str()`` of an error with one problem is ``"source, line 3, column 7: message"``, as
    before; of one with several, a count, then a line per problem, as for
    :class:`ValidationError`. Past 200 problems, the first 199, how many more, and the last
    (where reading stopped, when a syntax error stopped it); past the problems kept, the first
    200 and how many more. :meth:`summary` sets another number of lines, or none
    (``max_lines=None``: every problem kept).

    Examples
    --------
    >>> print(FormatError("expected ':'", source="x.yaml", line=3, column=7))
    x.yaml, line 3, column 7: expected ':'
    >>> FormatError("the file is empty", code=ProblemCode.EMPTY).code
    <ProblemCode.EMPTY: 'empty'>
    >>> err = FormatError.from_problems(
    ...     [FormatProblem("not a finite number: 'NaN' (at a)", line=1, column=7, path="a"),
    ...      FormatProblem("duplicate key 'a'", line=1, column=13)], source="x.json")
    >>> print(err)
    2 problems in x.json:
      line 1, column 7: not a finite number: 'NaN' (at a)
      line 1, column 13: duplicate key 'a'
    >>> err.line, err.problems[0].path
    (1, 'a')
    """

    problems: tuple[FormatProblem, ...]
    omitted: int

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: ProblemCode | None = None,
        problems: Iterable[FormatProblem] = (),
        omitted: int = 0,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.code = code
        self.problems = tuple(problems) or (
            FormatProblem(message, line=line, column=column, code=code),
        )
        self.omitted = omitted
        super().__init__(self._render())

    @classmethod
    def from_problems(
        cls, problems: Sequence[FormatProblem], *, source: str | None = None, omitted: int = 0
    ) -> FormatError:
        """Return the error of a document with ``problems``, described by the first.

        Parameters
        ----------
        problems
            Every problem kept, in document order; at least one.
        source
            The file name, if any.
        omitted
            How many more problems were found but not kept.

        Returns
        -------
        FormatError
            An error whose ``message``, ``line``, ``column`` and ``code`` are those of the
            first problem.

        Examples
        --------
        >>> err = FormatError.from_problems([FormatProblem("bad", line=2)], omitted=3)
        >>> err.message, err.line, len(err.problems), err.omitted
        ('bad', 2, 1, 3)
        """
        first = problems[0]
        return cls(
            first.message,
            source=source,
            line=first.line,
            column=first.column,
            code=first.code,
            problems=problems,
            omitted=omitted,
        )

    def summary(self, max_lines: int | None = _MAX_SHOWN) -> str:
        """Return the problems for people (``str()``): see the notes of the class.

        Parameters
        ----------
        max_lines
            How many lines of problems at most (default 200); ``None`` for every problem kept
            (what ``collective-impact validate --all`` prints), then how many more were found
            and not kept, if any.

        Returns
        -------
        str
            The text.

        Raises
        ------
        ArgumentTypeError
            When ``max_lines`` is not a whole number or ``None``.
        ArgumentValueError
            When ``max_lines`` is negative.

        Examples
        --------
        >>> err = FormatError.from_problems(
        ...     [FormatProblem(f"duplicate key 'a' (at x[{k}])", line=k + 1) for k in range(4)])
        >>> print(err.summary(max_lines=2))
        4 problems:
          line 1: duplicate key 'a' (at x[0])
          ... and 2 more (summary(max_lines=None) lists every one, as the .problems attribute holds)
          line 4: duplicate key 'a' (at x[3])
        """
        expect_count(max_lines, argument="max_lines")
        return self._render(max_lines)

    def _render(self, max_lines: int | None = _MAX_SHOWN) -> str:
        problems = self.problems
        n = len(problems) + self.omitted
        if n == 1:
            return problems[0].render(self.source)
        where = f" in {printable(self.source)}" if self.source else ""
        lines = [f"{n:,} problems{where}:"]
        if max_lines is None or n <= max_lines:
            lines += [f"  {p}" for p in problems]
            if self.omitted:
                lines.append(f"  ... and {self.omitted:,} more, found after these and not kept")
            return "\n".join(lines)
        if self.omitted:  # the last kept may not be the last found: the first ones only
            lines += [f"  {p}" for p in problems[:max_lines]]
            kept = f"the first {len(problems):,} are in the .problems attribute"
            lines.append(f"  ... and {n - max_lines:,} more ({kept})")
            return "\n".join(lines)
        # the last is where reading stopped, when a syntax error stopped it
        last = [problems[-1]] if max_lines else []
        shown_first = max(max_lines - 1, 0)
        lines += [f"  {p}" for p in problems[:shown_first]]
        left = n - shown_first - len(last)
        lines.append(f"  ... and {left:,} more ({EVERY_PROBLEM_ADVICE})")
        lines += [f"  {p}" for p in last]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._render()


class UnknownIdError(CollectiveImpactError, KeyError):
    """An id was looked up that the initiative does not have.

    Parameters
    ----------
    kind
        The kind of thing looked up (``"partner"``, ``"indicator"``...).
    id
        The id that was not found.
    suggestions
        Close matches among the known ids, best first.

    Examples
    --------
    >>> err = UnknownIdError("partner", "unted-way", suggestions=["united-way"])
    >>> print(err)
    unknown partner 'unted-way' (did you mean 'united-way'?)
    >>> isinstance(err, KeyError)
    True

    An id that is not a text (a list of one id) is named with its type:

    >>> print(UnknownIdError("partner", ["schools"], suggestions=["schools"]))
    unknown partner ['schools']: an id is a str, got list (did you mean 'schools'?)
    """

    def __init__(self, kind: str, id: str, *, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.id = id
        self.suggestions = tuple(suggestions)
        super().__init__(self._render())

    def _render(self) -> str:
        given: object = self.id
        if not isinstance(given, str):  # a list, bytes: an id is a text
            return (
                f"unknown {self.kind} {shown(given)}: an id is a str, got "
                f"{type(given).__name__}{did_you_mean(self.suggestions)}"
            )
        return f"unknown {self.kind} {shown(given)}{did_you_mean(self.suggestions, given)}"

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return self._render()


class NotRunningError(UnknownIdError):
    """An activity of the initiative was looked up in an assessment that does not count it.

    An activity that does not run on the date of judgement (it ended before it, or starts after
    it) is left out of every score, gap and pair of the assessment
    (:attr:`Assessment.not_running <collective_impact.Assessment.not_running>`): asking for its
    scores is not asking for an unknown id, and the message says which it is. An
    :class:`UnknownIdError` (and so a :class:`KeyError`) too, which is what such a look-up
    raised before.

    Parameters
    ----------
    id
        The activity's id.
    status
        ``"ended"`` (its ``end`` is before ``as_of``) or ``"not started"`` (its ``start`` is
        after it).
    date
        Its ``end`` (ended) or its ``start`` (not started).
    as_of
        The date of judgement of the assessment.

    Examples
    --------
    >>> import datetime as dt
    >>> err = NotRunningError("literacy", status="ended", date=dt.date(2023, 5, 31),
    ...                       as_of=dt.date(2026, 9, 30))
    >>> print(err)
    activity 'literacy' is in the initiative but not counted: it ended on 2023-05-31, before \
the date of judgement 2026-09-30, so no score, gap or pair of the assessment counts it (see \
Assessment.not_running); to score it, assess on a date it runs (assess(as_of=...), or as_of in \
the file)
    >>> isinstance(err, UnknownIdError) and isinstance(err, KeyError)
    True
    """

    def __init__(self, id: str, *, status: str, date: dt.date, as_of: dt.date) -> None:
        self.status = status
        self.date = date
        self.as_of = as_of
        super().__init__("activity", id)

    def _render(self) -> str:
        if self.status == "ended":
            when = f"ended on {self.date.isoformat()}, before"
        else:
            when = f"starts on {self.date.isoformat()}, after"
        return (
            f"activity {shown(self.id)} is in the initiative but not counted: it {when} the date "
            f"of judgement {self.as_of.isoformat()}, so no score, gap or pair of the assessment "
            "counts it (see Assessment.not_running); to score it, assess on a date it runs "
            "(assess(as_of=...), or as_of in the file)"
        )


class PathwayError(CollectiveImpactError, ValueError):
    r"""Indicator pathways (``drives``) form a cycle along which reinforcement does not converge.

    The total contribution :math:`C (I - \lambda W)^{-1}` exists only when the spectral radius of
    :math:`\lambda W` is below 1. Lower ``pathway_weight`` or the ``drives`` weights on the cycle.

    Attributes
    ----------
    cycle : tuple of str
        Indicator ids along one cycle responsible, in order.
    spectral_radius : float
        Spectral radius of :math:`\lambda W` on the cycle's strongly connected component.
    cycle_gain : float
        Product of :math:`\lambda w` along the cycle.
    component : tuple of str
        Every indicator of the strongly connected component (the indicators that drive one
        another, directly or not) whose spectral radius is at least 1, sorted; the cycle is
        one of its cycles.

    Notes
    -----
    With :math:`\lambda < 1` and :math:`w \le 1` a single cycle converges on its own (its
    gain per turn is below 1): divergence needs cycles knotted together, so the message names
    the indicators that drive one another and their spectral radius, and the cycle only as an
    example (its own gain is below 1).

    Examples
    --------
    >>> print(PathwayError(("x", "y"), spectral_radius=1.0, cycle_gain=0.25,
    ...                    component=("x", "y", "z")))  # doctest: +NORMALIZE_WHITESPACE
    indicator pathways do not converge: the 3 indicators x, y and z drive one another with a
    spectral radius of 1 >= 1, though no cycle diverges alone (x -> y -> x has a gain of 0.25 per
    turn); lower pathway_weight or the drives weights among them
    """

    def __init__(
        self,
        cycle: Sequence[str],
        *,
        spectral_radius: float,
        cycle_gain: float,
        component: Sequence[str] = (),
    ) -> None:
        self.cycle = tuple(cycle)
        self.spectral_radius = spectral_radius
        self.cycle_gain = cycle_gain
        self.component = tuple(component) or tuple(sorted(self.cycle))
        super().__init__(self._render())

    def _render(self) -> str:
        path = " -> ".join([*self.cycle, self.cycle[0]]) if self.cycle else "(none)"
        members = list(self.component)
        return (
            f"indicator pathways do not converge: the {len(members):,} indicators "
            f"{listed(members)} drive "
            f"one another with a spectral radius of {self.spectral_radius:.3g} >= 1, though no "
            f"cycle diverges alone ({path} has a gain of {self.cycle_gain:.3g} per "
            "turn); lower "
            "pathway_weight or the drives weights among them"
        )

    def __str__(self) -> str:
        return self._render()


class MissingDependencyError(CollectiveImpactError, ImportError):
    """An optional dependency is not installed (an :class:`ImportError` too).

    Parameters
    ----------
    package
        The missing package, also the ``name`` attribute of the :class:`ImportError`.
    extra
        The extra of ``collective-impact`` that installs it.
    purpose
        What needs it, as the subject of the message (optional).

    Examples
    --------
    >>> print(MissingDependencyError("matplotlib", "plot"))
    matplotlib is required for this; install it with: pip install 'collective-impact[plot]'
    >>> print(MissingDependencyError("pandas", "pandas", purpose="DataFrames"))
    DataFrames need pandas: pip install 'collective-impact[pandas]'
    """

    def __init__(self, package: str, extra: str, *, purpose: str | None = None) -> None:
        self.package = package
        self.extra = extra
        self.purpose = purpose
        super().__init__(self._render(), name=package)

    def _render(self) -> str:
        install = f"pip install 'collective-impact[{self.extra}]'"
        if self.purpose is None:
            return f"{self.package} is required for this; install it with: {install}"
        return f"{self.purpose} need {self.package}: {install}"

    def __str__(self) -> str:
        return self._render()


class MissingFileError(CollectiveImpactError, FileNotFoundError):
    """A file to read does not exist (a :class:`FileNotFoundError` too).

    Examples
    --------
    >>> print(MissingFileError("nowhere.yaml"))
    nowhere.yaml: no such file
    """

    def __init__(self, path: str) -> None:
        super().__init__(errno.ENOENT, "no such file", path)
        self.path = path

    def __str__(self) -> str:
        return f"{printable(self.path)}: no such file"


class WriteError(CollectiveImpactError, OSError):
    """A file (or a folder) could not be written (an :class:`OSError` too).

    The writers of the library write to a temporary file and move it into place, so when this
    is raised the file at ``path`` is as it was before: the old content, or no file at all.

    Parameters
    ----------
    path
        The file (or folder) that was to be written, as messages show it.
    reason
        Why it could not be written, in words (``"File too large"``, ``"is a directory"``).
    errno
        The system's error number, when the system gave one (also the ``errno`` attribute of
        the :class:`OSError`).

    Examples
    --------
    >>> import errno
    >>> err = WriteError("out.yaml", "No space left on device", errno=errno.ENOSPC)
    >>> print(err)
    out.yaml: cannot write it: No space left on device
    >>> isinstance(err, OSError), err.errno == errno.ENOSPC
    (True, True)
    """

    def __init__(self, path: str, reason: str, *, errno: int | None = None) -> None:
        super().__init__(errno, reason, path)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{printable(self.path)}: cannot write it: {self.reason}"


class AsOfError(CollectiveImpactError, ValueError):
    """A date of judgement (``as_of``) before every observation and baseline of the initiative.

    Everything dated after ``as_of`` is left out of an assessment, so such a date would leave
    nothing to measure; it is refused rather than silently judged on no data.

    Parameters
    ----------
    as_of
        The date refused.
    earliest
        The date of the earliest measurement of the initiative (an observation or a baseline).
    source
        Where ``as_of`` came from: ``"argument"`` or ``"file"``.

    Examples
    --------
    >>> import datetime as dt
    >>> print(AsOfError(dt.date(2019, 1, 1), earliest=dt.date(2020, 3, 1), source="argument"))
    as_of 2019-01-01 (argument) is before every observation and baseline ... would be measured
    >>> isinstance(AsOfError(dt.date(2019, 1, 1), earliest=dt.date(2020, 3, 1)), ValueError)
    True
    """

    def __init__(self, as_of: dt.date, *, earliest: dt.date, source: str = "argument") -> None:
        self.as_of = as_of
        self.earliest = earliest
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        day = self.as_of.isoformat()
        # "as_of 1990-01-01 (file)" read as if a file were named "file" (a reviewer)
        what = (
            f"the file's as_of, {day}," if self.source == "file" else f"as_of {day} ({self.source})"
        )
        return (
            f"{what} is before every observation and baseline of the initiative (the earliest "
            f"is {self.earliest.isoformat()}): nothing would be measured"
        )

    def __str__(self) -> str:
        return self._render()


class _ArgumentError(CollectiveImpactError):
    """An argument refused: the message, and the name of the argument (``None`` if unnamed)."""

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        self.message = message
        self.argument = argument
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class ArgumentTypeError(_ArgumentError, TypeError):
    """An argument of a function of the library is of the wrong type (a :class:`TypeError` too).

    Raised where a public function first reads its argument, so that the message names it
    rather than an attribute missing deep inside (``'dict' object has no attribute 'id'``).

    Parameters
    ----------
    message
        What is wrong, naming the argument and the type given.
    argument
        The name of the argument refused (``"initiative"``, ``"config"``), or ``None``.

    Examples
    --------
    >>> err = ArgumentTypeError("expected an Initiative, got dict", argument="initiative")
    >>> print(err)
    expected an Initiative, got dict
    >>> isinstance(err, TypeError), err.argument
    (True, 'initiative')
    """


class ArgumentValueError(_ArgumentError, ValueError):
    """An argument of a function of the library has a value it refuses (a :class:`ValueError` too).

    A negative count, an unknown choice, a tolerance that is not a finite number: the value of
    an argument rather than the content of an initiative (that is a :class:`ValidationError`).

    Parameters
    ----------
    message
        What is wrong, naming the argument and the value given.
    argument
        The name of the argument refused (``"max_bytes"``, ``"top"``), or ``None``.

    Examples
    --------
    >>> err = ArgumentValueError("top must be >= 0, not -1", argument="top")
    >>> print(err)
    top must be >= 0, not -1
    >>> isinstance(err, ValueError), err.argument
    (True, 'top')
    """


def expect_type(
    value: object,
    kind: type | tuple[type, ...],
    *,
    argument: str,
    expected: str,
    hint: str = "",
) -> None:
    """Refuse ``value`` unless it is an instance of ``kind``, naming the argument and the type.

    Parameters
    ----------
    value
        The argument given.
    kind
        The type (or types) it must be.
    argument
        The name of the argument, for the message and :attr:`ArgumentTypeError.argument`.
    expected
        What was expected, in words (``"an Assessment"``).
    hint
        Said after the type given (``": assess it first"``).

    Raises
    ------
    ArgumentTypeError
        When ``value`` is not an instance of ``kind``.

    Examples
    --------
    >>> expect_type(None, int, argument="top", expected="a whole number")
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentTypeError: top: expected a whole number, got NoneType
    """
    if not isinstance(value, kind):
        raise ArgumentTypeError(
            f"{argument}: expected {expected}, got {type(value).__name__}{hint}",
            argument=argument,
        )


def expect_count(value: object, *, argument: str, none: bool = True, least: int = 0) -> None:
    """Refuse ``value`` unless it is ``None`` or an integer from 0 (a limit: ``max_gaps``).

    Parameters
    ----------
    value
        The argument given; ``None`` (no limit) passes, unless ``none`` is false.
    argument
        The name of the argument, for the message.
    none
        Whether ``None`` passes (``max_rows`` of :func:`~collective_impact.html.diff_html`
        has no "every row").
    least
        The smallest count allowed (``n`` of :func:`close_matches`: 1).

    Raises
    ------
    ArgumentTypeError
        When ``value`` is not ``None`` nor an integer (``int``, ``numpy.int64``...): ``2.0``
        is refused.
    ArgumentValueError
        When ``value`` is below ``least``, or a ``bool`` (an ``int`` to Python, but ``True``
        is no count).

    Examples
    --------
    >>> expect_count(-1, argument="max_gaps")
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentValueError: max_gaps must be None or an integer (int) from 0, not -1
    >>> expect_count(None, argument="max_rows", none=False)
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentTypeError: max_rows must be an integer (int) from 0, not None
    """  # noqa: E501
    if value is None and none:
        return
    either = "None or " if none else ""
    message = f"{argument} must be {either}an integer (int) from {least}, not {shown(value)}"
    # numpy's integers too (a count read from a frame), as they were accepted before
    if isinstance(value, bool):  # an int to Python, but no count
        raise ArgumentValueError(message, argument=argument)
    if not isinstance(value, numbers.Integral):
        raise ArgumentTypeError(message, argument=argument)
    if int(value) < least:
        raise ArgumentValueError(message, argument=argument)


def shown(value: object, limit: int = 80) -> str:
    """Quote a value for a message, cut to ``limit`` characters with its length said.

    A file can hold an id a megabyte long; the message names it without repeating it whole.

    Parameters
    ----------
    value
        The value to name: a text is quoted, any other value shown by its ``repr``.
    limit
        The most characters of a text to show.

    Returns
    -------
    str
        ``repr(value)``; for a text longer than ``limit``, the ``repr`` of its first ``limit``
        characters, then ``...`` and its length.

    Examples
    --------
    >>> shown("p01"), shown("x" * 1000, limit=5)
    ("'p01'", "'xxxxx'... (1,000 characters)")
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value):,} characters)"
    return repr(value)


def listed(items: Sequence[str], limit: int = 6) -> str:
    """Join texts as ``a, b and c``; past ``limit``, the first ones and how many others.

    One rule for every message naming several ids (a cluster of duplicating activities, the
    indicators of a pathway knot may hold thousands).

    Examples
    --------
    >>> listed(["a"]), listed(["a", "b"]), listed(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    >>> listed([f"i{k}" for k in range(9)], limit=4)
    'i0, i1, i2 and 6 others'
    """
    if len(items) > limit:
        rest = len(items) - (limit - 1)
        return ", ".join(items[: limit - 1]) + f" and {rest:,} others"
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def did_you_mean(suggestions: Sequence[str], word: str | None = None) -> str:
    """Format close matches as ``" (did you mean 'a' or 'b'?)"``, or ``""`` when there are none.

    With the ``word`` they are suggested for: a suggestion that may print as the word (the
    same letters in another Unicode form, ``café`` precomposed and decomposed; a look-alike
    letter of another script, a Cyrillic ``а`` in ``bаnk``) is followed by both in escapes,
    which tell them apart: "unknown partner 'café' (did you mean 'café'?)" left nothing to
    fix in sight.

    Examples
    --------
    >>> did_you_mean(["mowd"], "mwod")
    " (did you mean 'mowd'?)"
    >>> print(did_you_mean(["bank"], "b\u0430nk"))
     (did you mean 'bank'? they may print alike: 'bank' against 'b\u0430nk')
    """
    if not suggestions:
        return ""
    quoted = [repr(s) for s in suggestions]
    body = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    given: object = word  # a caller's id may be of any type: only a text may print alike
    alike = [s for s in suggestions if isinstance(given, str) and may_print_alike(s, given)]
    escapes = f" they may print alike: {alike[0]!a} against {word!a}" if alike else ""
    return f" (did you mean {body}?{escapes})"


def several_values(
    value: str, known: Iterable[str] | None = None, *, fold: bool = False
) -> list[str] | None:
    """Return the values of a list entry that holds several, separated with ``,`` or ``;``.

    A list entry (a cell of a table, ``|``-separated) typed as ``health-dept, head-start`` is
    one unknown value, and a did-you-mean of its first part (``'health-dept'``) dropped the
    others. Its parts, without the spaces around them, are returned when there are at least
    two, none is blank, and each is in ``known`` (compared as written; with ``fold``, without
    regard to case, and given as ``known`` writes it); else ``None``. Without ``known``, the
    parts alone (for a caller whose values were checked before). A part repeated is given once
    (``mowd, mowd`` is ``['mowd']``): given twice, it would be refused as a duplicate.

    Examples
    --------
    >>> several_values("health-dept, head-start", ["head-start", "health-dept"])
    ['health-dept', 'head-start']
    >>> several_values("Backbone;funder", ["backbone", "funder"], fold=True)
    ['backbone', 'funder']
    >>> several_values("health-dept, nobody", ["health-dept"]) is None
    True
    >>> several_values("backbone, Backbone", ["backbone"], fold=True)
    ['backbone']
    """
    if "," not in value and ";" not in value:
        return None
    parts = [part.strip() for part in value.replace(";", ",").split(",")]
    if len(parts) < 2 or not all(parts) or any("|" in p or "\\" in p for p in parts):
        return None
    if known is None:
        return list(dict.fromkeys(parts))
    if not fold:
        allowed = known if isinstance(known, Set) else set(known)
        return list(dict.fromkeys(parts)) if all(p in allowed for p in parts) else None
    forms: dict[str, str] = {}
    for k in sorted(known):
        forms.setdefault(k.casefold(), k)
    found = [forms.get(p.casefold()) for p in parts]
    return list(dict.fromkeys(f for f in found if f is not None)) if None not in found else None


#: A whole number with its thousands grouped by commas (``1,500``, ``12,345,678``): the rule of
#: :func:`~collective_impact.io._sheets.comma_group` and the grouped numbers of
#: :func:`~collective_impact.io._sheets.parse_number`, without a sign or fraction (an id).
_GROUPED_WHOLE = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+", re.ASCII)


def grouped_id(value: str, known: Iterable[str]) -> str | None:
    """Return the id ``value`` names when it is a number with its thousands grouped, or ``None``.

    ``1,500`` among the ids ``1``, ``500`` and ``1500`` was told to be the two values ``1|500``
    when the number 1500 was as likely meant, as a spreadsheet groups its thousands (found by a
    reviewer). The number without its commas is returned when ``known`` holds it.

    >>> grouped_id("1,500", ["1", "500", "1500"]), grouped_id("1,500", ["1", "500"])
    ('1500', None)
    """
    if not _GROUPED_WHOLE.fullmatch(value.strip()):
        return None
    whole = value.strip().replace(",", "")
    return whole if whole in known else None


def grouped_hint(whole: str, parts: Sequence[str] | None) -> str:
    r"""Return what to tell of an id given with its thousands grouped (:func:`grouped_id`).

    With the ``parts`` it also names (known ids as well), both readings.

    >>> grouped_hint("1500", None)
    " (did you mean '1500'?)"
    >>> print(grouped_hint("1500", ["1", "500"]).replace("? or ", "? or\n"))
     (did you mean '1500', with its thousands grouped? or
    several values in one entry? give '1' and '500' as entries of their own)
    """
    if not parts:
        return f" (did you mean {shown(whole)}?)"
    return f" (did you mean {shown(whole)}, with its thousands grouped? or {entry_hint(parts)[2:]}"


def entry_hint(parts: Sequence[str]) -> str:
    """Return what to tell of a list entry holding the several known values ``parts``.

    One value (an entry repeating it, ``mowd, mowd``) is to be given once.

    >>> entry_hint(["health-dept", "head-start"])
    " (several values in one entry? give 'health-dept' and 'head-start' as entries of their own)"
    >>> entry_hint(["mowd"])
    " (one value repeated in one entry? give 'mowd' once)"
    """
    if len(parts) == 1:
        return f" (one value repeated in one entry? give {shown(parts[0])} once)"
    named = listed([shown(p) for p in parts])
    return f" (several values in one entry? give {named} as entries of their own)"


def cell_hint(cell: Sequence[str], *, several: bool = True) -> str:
    """Return what to tell of a ``|``-separated cell whose entries hold values separated otherwise.

    ``cell``: the entries of the whole cell to write, each entry holding several values
    replaced by them and the repeats left out; ``several``: whether the entry told of held
    several values (else one, repeated).

    >>> cell_hint(["health-dept", "head-start"])
    " (several values in one cell? separate them with '|': 'health-dept|head-start')"
    >>> cell_hint(["cha", "mowd"], several=False)
    " (one value repeated in one entry? write the cell 'cha|mowd')"
    """
    text = shown("|".join(p.replace("\\", "\\\\").replace("|", "\\|") for p in cell))
    if not several:
        return f" (one value repeated in one entry? write the cell {text})"
    return f" (several values in one cell? separate them with '|': {text})"


#: Characters that look like a sign or a decimal point in a number but are not (a word
#: processor's minus sign, an en dash, a middle dot for the point), with the one meant.
_LOOKALIKES: dict[str, str] = {
    **dict.fromkeys("\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d", "-"),
    **dict.fromkeys("\ufe62\uff0b", "+"),
    **dict.fromkeys("\u00b7\u2024\u2219\u22c5\uff0e", "."),
}


#: A number as every reader writes it: a sign, digits (perhaps grouped by commas), a point and
#: digits, an exponent.
_NUMBER_PARTS = re.compile(
    r"([+-]?)((?:[0-9]{1,3}(?:,[0-9]{3})+)|[0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?)([0-9]+))?",
    re.ASCII,
)


def plain_number(text: str) -> str | None:
    """Return a number as every reader takes it: no ``+``, grouping or leading zeros, ``0.5``.

    ``+5`` (invalid JSON), ``050`` (refused by YAML), ``.5``, ``5.`` and ``1,500`` are written
    ``5``, ``50``, ``0.5``, ``5.0`` and ``1500``; an exponent is kept as written. ``None`` when
    ``text`` is no number.

    >>> [plain_number(t) for t in ("+5", "-050", "-.5", "5.", "-1,500", "1e3", "0", "x")]
    ['5', '-50', '-0.5', '5.0', '-1500', '1e3', '0', None]
    """
    found = _NUMBER_PARTS.fullmatch(text.strip())
    if found is None:
        return None
    sign, whole, point, power_sign, power = found.groups()
    if not whole and not point:
        return None
    whole = whole.replace(",", "").lstrip("0") or "0"
    fraction = "" if point is None else f".{point or '0'}"
    exponent = "" if power is None else f"e{power_sign}{power}"
    return f"{'-' if sign == '-' else ''}{whole}{fraction}{exponent}"


def lookalike_number(
    text: str,
    written: Callable[[str], str | None],
    refused: Callable[[str], str | None] | None = None,
) -> str | None:
    """Say what a number written with a look-alike sign or point holds, and the one to write.

    ``−45.5`` (U+2212 MINUS SIGN, as a word processor or a typeset report writes it), ``–45.5``
    (an en dash) and ``45·5`` (a middle dot for the point) print as numbers but are text: they
    were refused as "expected a number" with nothing in sight to fix. When ``text`` with each
    such character replaced by the one meant is a number (``written`` returns it as the reader
    would have it written, or ``None`` for no number), the characters are named, by code point,
    Unicode name and position (from 1), with the number to write; else ``None`` (an en dash
    between two numbers is a range).

    ``refused`` says why the reader would refuse the number so written (ambiguous: ``-1,500``
    in a file separated by ``;``; out of a scale), or ``None``: then that is said instead of
    the number to write (found by a reviewer: "write -1,500" advised a number the same reader
    refused as ambiguous).

    Examples
    --------
    >>> from collective_impact.io._sheets import parse_number
    >>> def written(text):
    ...     return plain_number(text) if parse_number(text) is not None else None
    >>> print(lookalike_number("\u221245.5", written))
    it holds U+2212 MINUS SIGN (character 1), which looks like '-' but is not: write -45.5
    >>> print(lookalike_number("\u20131e\u20133", written))  # doctest: +NORMALIZE_WHITESPACE
    it holds U+2013 EN DASH (characters 1 and 4), which looks like '-' but is not: write -1e-3
    >>> lookalike_number("10\u201320", written) is None
    True
    >>> print(lookalike_number("\u22122", written, lambda t: f"{t} is not from 1 to 4"))
    ... # doctest: +NORMALIZE_WHITESPACE
    it holds U+2212 MINUS SIGN (character 1), which looks like '-' but is not, and -2 is not
    from 1 to 4
    """
    found: dict[str, list[int]] = {}
    for k, char in enumerate(text, start=1):
        if char in _LOOKALIKES:
            found.setdefault(char, []).append(k)
    if not found:
        return None
    meant_text = "".join(_LOOKALIKES.get(char, char) for char in text).strip()
    fixed = written(meant_text)
    if fixed is None:
        return None
    named = []
    for char, places in found.items():
        where = (
            f"character {places[0]}"
            if len(places) == 1
            else "characters " + listed([str(k) for k in places])
        )
        named.append(f"U+{ord(char):04X} {unicodedata.name(char)} ({where})")
    meant = listed([repr(m) for m in dict.fromkeys(_LOOKALIKES[char] for char in found)])
    looks = "looks" if len(found) == 1 else "look"
    are = "is" if len(found) == 1 else "are"
    why = None if refused is None else refused(meant_text)
    advice = f", and {why}" if why else f": write {fixed}"
    return f"it holds {listed(named)}, which {looks} like {meant} but {are} not{advice}"


def may_print_alike(a: str, b: str) -> bool:
    """Whether two different texts may print alike.

    Equal in Unicode's composed form (NFC), or of one length and differing only where one of
    them has a character beyond ASCII (a look-alike letter of another script).
    """
    if a == b:
        return False
    if unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b):
        return True
    return len(a) == len(b) and all(
        x == y or not (x.isascii() and y.isascii()) for x, y in zip(a, b, strict=True)
    )


def join_path(prefix: str, path: str) -> str:
    """Join two location paths: ``join_path("a[1]", "b")`` is ``"a[1].b"``."""
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


#: Did-you-mean suggestions are computed for at most this many unknown values per file, so that a
#: file with a systematic typo in every row still fails fast.
MAX_SUGGESTIONS = 25

#: Words are compared on at most this many leading characters: difflib's ratio is quadratic in
#: the length of the words, and a prefix this long tells ids apart as well as the whole would.
_COMPARED = 200

#: Up to this many candidates, a word is compared with every one of them; beyond, with the
#: this many that share the most pieces of three characters with it (:class:`_Vocabulary`).
_COMPARED_WITH = 200

#: A word of at most this many characters is also compared with every candidate of a length
#: difflib could find close (at most 7/3 of its own): one edit of a short id leaves it no piece
#: of three characters in common with the id ("a-7" and "a7"), yet a ratio of 0.8.
_SHORT = 4


def close_matches(word: str, candidates: Iterable[str], *, n: int = 1) -> list[str]:
    """Return up to ``n`` candidates close to ``word``, in time linear in the input's length.

    Words are compared without regard to case (a candidate differing only in case is the one
    match; of several candidates differing only in case, the smallest) and on their first 200
    characters, so a megabyte-long word costs no more than a 200-character one. Up to 200
    candidates, ``word`` is compared with each of them (:func:`difflib.get_close_matches`);
    beyond, with the 200 that share the most pieces of three characters with it, found in an
    index of the candidates (:class:`Suggester` keeps that index from one word to the next),
    so that a hint among 10,000 ids costs milliseconds, not a quarter of a second; a word of
    at most four characters, which one edit can leave with no such piece in common with the
    candidate it meant ("a-7" and "a7"), is also compared with every candidate short enough for
    difflib to find it close (at most 7/3 of its length); and a word that none of those is
    close to is compared with the 200 sharing the most pieces of two characters ("p-01-x" has
    no piece of three in common with "p01x"). The matches do not depend on the order of the
    candidates.

    Parameters
    ----------
    word
        The unknown word.
    candidates
        The known words.
    n
        How many matches at most, an integer (``int``) from 1.

    Returns
    -------
    list of str
        The closest candidates (difflib ratio at least 0.6), best first.

    Raises
    ------
    ArgumentTypeError
        When ``n`` is not an integer (``2.0`` failed inside :mod:`difflib` with a bare
        ``TypeError``).
    ArgumentValueError
        When ``n`` is below 1 (``0`` returned the exact match, and refused any other).

    Examples
    --------
    >>> close_matches("opennes", ["openness", "resources"]), close_matches("CHA", ["cha"])
    (['openness'], ['cha'])
    >>> ids = [f"partner-{k:05d}" for k in range(10_000)]
    >>> close_matches("partnr-00014", ids)
    ['partner-00014']
    """
    expect_count(n, argument="n", none=False, least=1)  # 0 and 2.0 failed inside difflib
    return _Vocabulary(candidates).matches(word, n)


class _Vocabulary:
    """Candidates of :func:`close_matches`, folded once, and indexed once when there are many.

    The index maps each piece of three characters (of a candidate folded, between two marks for
    its start and its end) to the candidates holding it. A word is compared with the
    :data:`_COMPARED_WITH` candidates of the largest Dice coefficient of their pieces and its
    own (ties broken by the candidates), so that a word's suggestions among many candidates cost
    the pieces they share, not a difflib ratio per candidate.
    """

    def __init__(self, candidates: Iterable[str]) -> None:
        folded: dict[str, str] = {}
        for candidate in candidates:
            key = candidate.casefold()[:_COMPARED]
            kept = folded.get(key)
            if kept is None or candidate < kept:  # the same whatever the order
                folded[key] = candidate
        self.folded = folded
        self.keys = list(folded)
        # by the size of the pieces: the number of pieces of each key, and a piece -> the keys
        # holding it (pieces of two characters only when those of three found no match)
        self._index: dict[int, tuple[list[int], dict[str, list[int]]]] = {}
        self._by_length: list[str] | None = None  # the keys by length, for short words
        self._lengths: list[int] = []

    def matches(self, word: str, n: int) -> list[str]:
        """Return up to ``n`` candidates close to ``word`` (see :func:`close_matches`)."""
        key = word.casefold()[:_COMPARED]
        if key in self.folded:
            return [self.folded[key]]
        if len(self.keys) <= _COMPARED_WITH:
            return self._close(key, self.keys, n)
        pool = self._nearest(key, 3)
        if len(key) <= _SHORT:
            # a ratio of at least 0.6 needs 2 min(la, lb) / (la + lb) >= 0.6: lb <= 7/3 la
            near = set(pool)
            pool = pool + [k for k in self._short(len(key) * 7 // 3) if k not in near]
        close = self._close(key, pool, n)
        if not close:  # edits can leave no piece of three in common: "p-01-x" and "p01x"
            seen = set(pool)
            close = self._close(key, [k for k in self._nearest(key, 2) if k not in seen], n)
        return close

    def _close(self, key: str, pool: list[str], n: int) -> list[str]:
        """Return the candidates of the keys of ``pool`` close to ``key`` (difflib), best first."""
        return [self.folded[m] for m in difflib.get_close_matches(key, pool, n=n, cutoff=0.6)]

    def _short(self, longest: int) -> list[str]:
        """Return the keys of at most ``longest`` characters, shortest first (cached)."""
        if self._by_length is None:
            self._by_length = sorted(self.keys, key=lambda k: (len(k), k))
            self._lengths = [len(k) for k in self._by_length]
        return self._by_length[: bisect.bisect_right(self._lengths, longest)]

    def _nearest(self, key: str, size: int) -> list[str]:
        """Return the :data:`_COMPARED_WITH` keys that share the most pieces with ``key``."""
        if size not in self._index:
            counts: list[int] = []
            holding: dict[str, list[int]] = {}
            for k, known in enumerate(self.keys):
                pieces = _pieces(known, size)
                counts.append(len(pieces))
                for piece in pieces:
                    holding.setdefault(piece, []).append(k)
            self._index[size] = (counts, holding)
        counts, holding = self._index[size]
        own = _pieces(key, size)
        shared = collections.Counter(
            itertools.chain.from_iterable(holding.get(piece, ()) for piece in own)
        )
        keys = self.keys
        best = heapq.nsmallest(
            _COMPARED_WITH,
            shared.items(),
            key=lambda item: (-item[1] / (counts[item[0]] + len(own)), keys[item[0]]),
        )
        return [keys[k] for k, _ in best]


def _pieces(key: str, size: int = 3) -> set[str]:
    """Return the pieces of ``size`` characters of ``key`` between a start and an end mark."""
    marked = f"\x00{key}\x01"
    return {marked[i : i + size] for i in range(len(marked) - size + 1)}


class Suggester:
    """Did-you-mean hints for unknown values, computed for at most ``budget`` of them.

    The candidates of consecutive calls, when they are the same object and have not changed in
    size, are folded and indexed once (:func:`close_matches`): the ids of a section, asked about
    for each of its unknown references.

    Parameters
    ----------
    budget
        How many hints at most (default :data:`MAX_SUGGESTIONS`); later calls return ``""``.

    Examples
    --------
    >>> suggest = Suggester(budget=1)
    >>> suggest("mwod", ["mowd", "cha"]), suggest("mwod", ["mowd", "cha"])
    (" (did you mean 'mowd'?)", '')
    """

    def __init__(self, *, budget: int = MAX_SUGGESTIONS) -> None:
        self.budget = budget
        self._last: tuple[Iterable[str], int, _Vocabulary] | None = None

    def __call__(self, word: str, candidates: Iterable[str]) -> str:
        """Return ``" (did you mean 'x'?)"`` for ``word``, or ``""``."""
        if self.budget <= 0:
            return ""
        self.budget -= 1
        return did_you_mean(self._vocabulary(candidates).matches(word, 1), word)

    def _vocabulary(self, candidates: Iterable[str]) -> _Vocabulary:
        """Return the candidates folded and indexed: those of the last call when the same."""
        size = len(candidates) if isinstance(candidates, Sized) else -1
        last = self._last
        if last is not None and last[0] is candidates and last[1] == size >= 0:
            return last[2]
        vocabulary = _Vocabulary(candidates)
        self._last = (candidates, size, vocabulary)
        return vocabulary


def folded_name(text: str) -> str:
    """Return a name without regard to case, Unicode form or the spaces around and between words.

    Compatibility-normalised (NFKC) before and after case folding, so that a name written
    decomposed (``Cafe\u0301``) is the name written precomposed (``Café``), and full-width
    letters (``ＡＢＣ``) are the letters ``ABC``: both were told no name matched.

    >>> folded_name("  Chicago  HOUSING Authority ")
    'chicago housing authority'
    >>> folded_name("Cafe\u0301 Uni") == folded_name("CAFÉ UNI"), folded_name("\uff21\uff22\uff23")
    (True, 'abc')
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


class IdHint:
    """What to tell of an unknown id: the id to give, when it is a name, else a did-you-mean.

    A file made by another tool (a PARTNER export, a spreadsheet typed by hand) may name an
    object by its name where an id is asked: ``Chicago Jobs Council`` for the partner ``cjc``.
    When an unknown id equals the name of objects of ``kind``, ignoring case and the spaces
    around and between words (:func:`folded_name`), the hint names their ids, in id order —
    and a known id the unknown one equals but for case too (``CJC``, the name of ``jobs``,
    for the id ``cjc``); otherwise it is ``suggest``'s did-you-mean among the known ids. An
    object whose id is refused (``"cjc "``, ``"cjc\u200b"``, reported in the same report) is
    not indexed: the hint named an id that cannot be given. The index of the names is built at
    the first call, from ``named``: a file without an unknown id never builds it.

    Parameters
    ----------
    kind
        What the ids name, in the singular (``"partner"``, ``"indicator"``, ``"activity"``).
    named
        Returns the ``(id, name)`` pairs of the objects, in any order; a pair whose id or name
        is not a text is skipped.
    suggest
        The did-you-mean to use otherwise (a new :class:`Suggester` by default).

    Examples
    --------
    >>> hint = IdHint("partner", lambda: [("cjc", "Chicago Jobs Council"), ("cha", "CHA")])
    >>> hint("chicago jobs  COUNCIL", ["cjc", "cha"])
    " (the name of partner 'cjc'; give its id)"
    >>> hint("cjd", ["cjc", "cha"])
    " (did you mean 'cjc'?)"
    >>> IdHint("activity", lambda: [("b", "Outreach"), ("a", "outreach")])("Outreach", "ab")
    " (the name of activities 'a' and 'b'; give the id of the one meant)"
    >>> hint = IdHint("partner", lambda: [("cjc", "Chicago Jobs Council"), ("jobs", "CJC")])
    >>> hint("CJC", ["cjc", "jobs"])
    " (the name of partner 'jobs'; give its id, or did you mean 'cjc'?)"
    >>> hint("cjc, jobs", ["cjc", "jobs"], entry=True)
    " (several values in one entry? give 'cjc' and 'jobs' as entries of their own)"
    """

    def __init__(
        self,
        kind: str,
        named: Callable[[], Iterable[tuple[object, object]]],
        suggest: Suggester | None = None,
    ) -> None:
        self.kind = kind
        self.suggest = Suggester() if suggest is None else suggest
        self._named = named
        self._by_name: dict[str, list[str]] | None = None
        # the known ids by case-folded form (the smallest of each), for the last ``ids`` given:
        # its own, so that hints into two sections sharing one suggester do not rebuild it
        # for every name given as an id (which was quadratic in a file of names)
        self._folded: tuple[Iterable[str], int, dict[str, str]] | None = None

    def __call__(self, value: str, ids: Iterable[str], *, entry: bool = False) -> str:
        """Return the hint for the unknown id ``value`` (``""`` when there is none).

        ``entry``: ``value`` is an entry of a list of ids; when it holds several known ids
        separated with ``,`` or ``;`` (:func:`several_values`), they are named
        (:func:`entry_hint`) rather than the did-you-mean of the first.
        """
        if self._by_name is None:
            self._by_name = self._index()
        meant = self._by_name.get(folded_name(value))
        if not meant:
            parts = several_values(value, ids) if entry else None
            whole = grouped_id(value, ids) if "," in value else None
            if whole is not None:
                return grouped_hint(whole, parts)
            return entry_hint(parts) if parts else self.suggest(value, ids)
        # the name of an object, and perhaps a known id but for case: both are told
        same = self._folded_ids(ids).get(value.casefold())
        also = same if same is not None and same not in meant else None
        return self.name_hint(meant, also)

    def _folded_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Return the known ids by their case-folded form, the smallest of each.

        Kept for the last ``ids`` given while it is the same object of the same size (a
        section's ids are, at every call); an iterable without a size is read each time.
        """
        size = len(ids) if isinstance(ids, Sized) else -1
        if self._folded is not None and self._folded[0] is ids and self._folded[1] == size >= 0:
            return self._folded[2]
        folded: dict[str, str] = {}
        for known in sorted(i for i in ids if isinstance(i, str)):
            folded.setdefault(known.casefold(), known)
        self._folded = (ids, size, folded)
        return folded

    def _index(self) -> dict[str, list[str]]:
        """Return the distinct ids of the objects of each folded name, sorted.

        An id the model refuses (:data:`~collective_impact.model._fields.IDENT`: blank, with
        whitespace at either end or an invisible character) is left out: it is reported in
        the same report, and cannot be given.
        """
        from .model._fields import IDENT  # the model imports this module

        valid = IDENT.quick()
        found: dict[str, set[str]] = {}
        for key, name in self._named():
            if isinstance(key, str) and isinstance(name, str) and name.strip() and valid(key):
                found.setdefault(folded_name(name), set()).add(key)
        return {name: sorted(keys) for name, keys in found.items()}

    def name_hint(self, ids: Sequence[str], also: str | None = None) -> str:
        """Return what to tell of an unknown id that is the name of the objects ``ids``.

        ``also``: a known id the unknown one equals but for case, asked about as well.
        """
        quoted = [shown(i) for i in ids]
        meant = f", or did you mean {shown(also)}?" if also is not None else ""
        if len(quoted) == 1:
            return f" (the name of {self.kind} {quoted[0]}; give its id{meant})"
        kinds = f"{self.kind[:-1]}ies" if self.kind.endswith("y") else f"{self.kind}s"
        return f" (the name of {kinds} {listed(quoted)}; give the id of the one meant{meant})"


class DatabaseError(CollectiveImpactError, RuntimeError):
    """A database cannot be used: it cannot be reached, lacks a table, or refuses a write.

    Parameters
    ----------
    message
        What is wrong.
    source
        The database's URL, without its password.

    Examples
    --------
    >>> print(DatabaseError("no initiative 'x'", source="sqlite:///a.db"))
    sqlite:///a.db: no initiative 'x'
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        return f"{printable(self.source)}: {self.message}" if self.source else self.message

    def __str__(self) -> str:
        return self._render()
