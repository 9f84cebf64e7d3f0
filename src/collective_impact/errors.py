"""The exception hierarchy of :mod:`collective_impact`.

Every error the library raises on purpose derives from :class:`CollectiveImpactError`, and each
leaf also derives from the builtin exception a Python programmer would expect (``ValueError`` for
bad data, ``KeyError`` for an unknown id), so ``except ValueError`` keeps working in code that does
not know this library.

All errors are picklable (they cross process pools in batch evaluation) and carry structured
attributes as well as a readable message.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Iterable, Sequence
from typing import NamedTuple

__all__ = [
    "AsOfError",
    "CollectiveImpactError",
    "FormatError",
    "MissingDependencyError",
    "MissingFileError",
    "PathwayError",
    "Problem",
    "UnknownIdError",
    "ValidationError",
]

#: How many problems ``str(ValidationError)`` shows before summarising the rest.
_MAX_SHOWN = 200


class CollectiveImpactError(Exception):
    """Root of every error raised by :mod:`collective_impact`."""


class Problem(NamedTuple):
    """One problem found in an initiative: where it is and what is wrong.

    A plain ``(path, message)`` tuple. ``path`` locates the problem inside the native tree, in
    the form ``activities[3].partners[0]`` or ``indicators[0].drives['k-ready']``; the empty
    string means the document as a whole.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(CollectiveImpactError, ValueError):
    """An initiative, or a file holding one, breaks the rules of the model.

    Parameters
    ----------
    problems
        Every problem found, as :class:`Problem` ``(path, message)`` pairs, in document order.
    source
        The file (or other source) the data came from, if any.

    Attributes
    ----------
    problems : tuple of Problem
        Every problem found, not only the first.
    source : str or None
        The file the data came from, or ``None``.

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

    def __init__(self, problems: Iterable[tuple[str, str]], *, source: str | None = None) -> None:
        self.problems = tuple(Problem(str(p), str(m)) for p, m in problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        n = len(self.problems)
        where = f" in {self.source}" if self.source else ""
        head = f"{n} problem{'s' if n != 1 else ''}{where}:"
        lines = [f"  {p}" for p in self.problems[:_MAX_SHOWN]]
        if n > _MAX_SHOWN:
            lines.append(f"  ... and {n - _MAX_SHOWN} more (see the .problems attribute)")
        return "\n".join([head, *lines])

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (self.problems, self.source))

    def with_prefix(self, prefix: str) -> ValidationError:
        """Return a copy whose problem paths are nested under ``prefix``.

        Examples
        --------
        >>> err = ValidationError([("sector", "bad")]).with_prefix("partners[2]")
        >>> err.problems[0].path
        'partners[2].sector'
        """
        return ValidationError(
            [(join_path(prefix, p.path), p.message) for p in self.problems], source=self.source
        )


def _rebuild_validation_error(
    problems: Sequence[tuple[str, str]], source: str | None
) -> ValidationError:
    return ValidationError(problems, source=source)


class FormatError(CollectiveImpactError, ValueError):
    """A file cannot be read as a document at all (syntax, encoding, size, unsafe content).

    Parameters
    ----------
    message
        What is wrong, in one sentence.
    source
        The file name, if any.
    line, column
        1-based position of the problem in the file, when known.

    Examples
    --------
    >>> print(FormatError("expected ':'", source="x.yaml", line=3, column=7))
    x.yaml, line 3, column 7: expected ':'
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = [self.source] if self.source else []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_format_error,
            (self.message, self.source, self.line, self.column),
        )


def _rebuild_format_error(
    message: str, source: str | None, line: int | None, column: int | None
) -> FormatError:
    return FormatError(message, source=source, line=line, column=column)


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
    """

    def __init__(self, kind: str, id: str, *, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.id = id
        self.suggestions = tuple(suggestions)
        super().__init__(self._render())

    def _render(self) -> str:
        return f"unknown {self.kind} {self.id!r}{did_you_mean(self.suggestions)}"

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return self._render()

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_unknown_id_error, (self.kind, self.id, self.suggestions))


def _rebuild_unknown_id_error(kind: str, id: str, suggestions: Sequence[str]) -> UnknownIdError:
    return UnknownIdError(kind, id, suggestions=suggestions)


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
    """

    def __init__(self, cycle: Sequence[str], *, spectral_radius: float, cycle_gain: float) -> None:
        self.cycle = tuple(cycle)
        self.spectral_radius = spectral_radius
        self.cycle_gain = cycle_gain
        super().__init__(self._render())

    def _render(self) -> str:
        path = " -> ".join([*self.cycle, self.cycle[0]]) if self.cycle else "(none)"
        return (
            f"indicator pathways do not converge: the drives cycle {path} (gain "
            f"{self.cycle_gain:.3g} per turn) gives a spectral radius of {self.spectral_radius:.3g}"
            " >= 1; lower pathway_weight or the drives weights on this cycle"
        )

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_pathway_error,
            (self.cycle, self.spectral_radius, self.cycle_gain),
        )


def _rebuild_pathway_error(
    cycle: Sequence[str], spectral_radius: float, cycle_gain: float
) -> PathwayError:
    return PathwayError(cycle, spectral_radius=spectral_radius, cycle_gain=cycle_gain)


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

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_missing_dependency, (self.package, self.extra, self.purpose))


def _rebuild_missing_dependency(
    package: str, extra: str, purpose: str | None
) -> MissingDependencyError:
    return MissingDependencyError(package, extra, purpose=purpose)


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
        return f"{self.path}: no such file"

    def __reduce__(self) -> tuple[object, ...]:
        return (MissingFileError, (self.path,))


class AsOfError(CollectiveImpactError, ValueError):
    """A date of judgement (``as_of``) before every observation of the initiative.

    Everything dated after ``as_of`` is left out of an assessment, so such a date would leave
    nothing to measure; it is refused rather than silently judged on no data.

    Parameters
    ----------
    as_of
        The date refused.
    earliest
        The date of the earliest observation of the initiative.
    source
        Where ``as_of`` came from: ``"argument"`` or ``"file"``.

    Examples
    --------
    >>> import datetime as dt
    >>> print(AsOfError(dt.date(2019, 1, 1), earliest=dt.date(2020, 3, 1), source="argument"))
    as_of 2019-01-01 (argument) is before every observation ... (the earliest is 2020-03-01)...
    >>> isinstance(AsOfError(dt.date(2019, 1, 1), earliest=dt.date(2020, 3, 1)), ValueError)
    True
    """

    def __init__(self, as_of: dt.date, *, earliest: dt.date, source: str = "argument") -> None:
        self.as_of = as_of
        self.earliest = earliest
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        return (
            f"as_of {self.as_of.isoformat()} ({self.source}) is before every observation of the "
            f"initiative (the earliest is {self.earliest.isoformat()}): nothing would be measured"
        )

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_as_of_error, (self.as_of, self.earliest, self.source))


def _rebuild_as_of_error(as_of: dt.date, earliest: dt.date, source: str) -> AsOfError:
    return AsOfError(as_of, earliest=earliest, source=source)


def did_you_mean(suggestions: Sequence[str]) -> str:
    """Format close matches as ``" (did you mean 'a' or 'b'?)"``, or ``""`` when there are none."""
    if not suggestions:
        return ""
    quoted = [repr(s) for s in suggestions]
    body = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {body}?)"


def join_path(prefix: str, path: str) -> str:
    """Join two location paths: ``join_path("a[1]", "b")`` is ``"a[1].b"``."""
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"
