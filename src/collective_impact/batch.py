"""Assess many initiatives at once, on any :class:`concurrent.futures.Executor`.

A researcher comparing initiatives, or scoring thousands of synthetic null models, calls
:func:`assess_many` with the executor of their choice: none (serial, in this process), a thread
or process pool, or a Dask distributed client's executor when one machine is not enough
(DESIGN §7). Results come back in input order, whatever order they finish in.

For studies of thousands, :func:`iter_assess` streams the same work, :func:`batch_row` reduces
each assessment to one row of headline numbers where it was computed, :func:`batch_frame` makes
a pandas DataFrame of the rows and :func:`write_batch` writes them to CSV or Parquet as they
arrive. ``errors="return"`` keeps a batch going past failing initiatives (a worker that died
included), so that the results account for every input. See the "studies" page of the docs.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import datetime as dt
import functools
import importlib
import io
import json
import math
import multiprocessing
import numbers
import os
import pickle
import sys
import types
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence, Sized
from pathlib import Path
from typing import Any, Literal, TypeAlias, TypeVar, cast, overload

import attrs

from ._checks import expect_assessment
from ._progress import progress_bar as _progress_bar
from ._text import first_names, plural
from .analysis.conditions import SCORE_KEYS
from .analysis.gaps import Severity
from .config import ScoringConfig
from .errors import (
    ArgumentTypeError,
    ArgumentValueError,
    CollectiveImpactError,
    FormatError,
    MissingDependencyError,
    ValidationError,
    shown,
)
from .io._files import check_limits, expect_path, shown_path, write_atomic
from .model import Initiative
from .report import Assessment, assess, check_assess_arguments

__all__ = [
    "BATCH_COLUMNS",
    "BatchError",
    "assess_many",
    "batch_frame",
    "batch_row",
    "iter_assess",
    "write_batch",
]

T = TypeVar("T")

#: An item of a batch: an initiative, or the path of a file holding one (read where it is
#: assessed, as the command line reads its inputs).
Item: TypeAlias = Initiative | str | os.PathLike[str]

#: What :func:`iter_assess` and :func:`assess_many` do when an initiative fails: raise its
#: :class:`BatchError`, or return it in place of its result.
OnError = Literal["raise", "return"]

#: The severities of gaps, in the order of their columns (``gaps_critical`` first).
_SEVERITIES = tuple(sorted(Severity, key=lambda s: s.rank))

#: The columns of :func:`batch_frame` and :func:`write_batch`, in order.
BATCH_COLUMNS: tuple[str, ...] = (
    "position",
    "name",
    "source",
    *SCORE_KEYS,
    "alignment_index",
    "phase",
    "as_of",
    "as_of_source",
    "activities",
    "activities_not_running",
    "data_after_as_of",
    *(f"gaps_{s.value}" for s in _SEVERITIES),
    "error",
    "version",
    "config",
)

#: The columns of text (the others are numbers).
_TEXT_COLUMNS = ("name", "source", "phase", "as_of", "as_of_source", "error", "version", "config")

#: The columns of whole numbers (Parquet's ``int64``; ``float64`` in a data frame, for ``nan``).
_COUNT_COLUMNS = (
    "position",
    "activities",
    "activities_not_running",
    "data_after_as_of",
    *(f"gaps_{s.value}" for s in _SEVERITIES),
)


class BatchError(CollectiveImpactError):
    """Assessing one initiative of a batch failed.

    The error of the initiative itself is chained as ``__cause__`` (with, for a process pool,
    the worker's traceback chained under it) and kept in :attr:`cause`. When the process that
    assessed it died (killed by the system for want of memory, a crash in compiled code, a call
    to :func:`os._exit`), the cause is the executor's report of it —
    :class:`concurrent.futures.process.BrokenProcessPool` for a process pool, ``KilledWorker``
    for Dask — :attr:`worker_died` is true and the message says "the worker died".

    Parameters
    ----------
    position
        Position of the failing initiative in the input (0-based, like a list index).
    cause
        The exception raised for it.
    name
        The initiative's name, when it has one.
    reading
        Whether reading the input failed there (the iterable of initiatives raised while
        producing the item at ``position``), rather than assessing what it produced. An
        iterator that raised cannot go on, so the batch ends there; every result before it
        is kept.
    source
        The file, when the item was the path of a file (as messages show it): reading it or
        assessing what it holds failed. Its row in :func:`batch_frame` and
        :func:`write_batch` has it in ``source`` (and no ``name``, the initiative's name being
        unknown).

    Attributes
    ----------
    position : int
        Position of the failing initiative in the input.
    cause : BaseException
        The exception raised for it.
    name : str or None
        The initiative's name.
    reading : bool
        Whether reading the input failed there.
    source : str or None
        The file the item named, or ``None`` for an initiative.

    Notes
    -----
    It pickles with its position, name and cause (the cause's own traceback and chain are not
    kept, as for any exception), so it crosses process and cluster boundaries whole.

    Examples
    --------
    >>> err = BatchError(3, ValueError("bad drives"), name="Example")
    >>> print(err)
    assessing initiatives[3] ('Example') failed: ValueError: bad drives
    >>> err.position, err.worker_died
    (3, False)
    """

    def __init__(
        self,
        position: int,
        cause: BaseException,
        *,
        name: str | None = None,
        reading: bool = False,
        source: str | None = None,
    ) -> None:
        self.position = position
        self.cause = cause
        self.name = name
        self.reading = reading
        self.source = source
        super().__init__(self._render())

    @property
    def worker_died(self) -> bool:
        """Whether the process assessing the initiative died rather than raised an error."""
        return _is_worker_death(self.cause)

    @property
    def reason(self) -> str:
        """Why it failed, in one line: ``"ValueError: bad drives"``, or "the worker died (...)".

        The ``error`` column of :func:`batch_frame` and :func:`write_batch`. A cause of several
        lines (a :class:`~collective_impact.ValidationError` lists one problem a line) is put
        on one: its lines joined by ``"; "`` (by a space after a line that ends with ``:``).
        When reading the input failed, it says that the input ends there and after how many
        items: those after it were not read, and have no result.
        """
        what = _one_line(type(self.cause).__name__, str(self.cause))
        if self.reading:
            return (
                f"reading the input failed ({what}); the input ends here, "
                f"after {plural(self.position, 'item')}"
            )
        return f"the worker died ({what})" if self.worker_died else what

    def _render(self) -> str:
        if self.reading:
            return (
                f"initiatives[{self.position}]: {self.reason} (an iterator that raised cannot "
                "go on: to go past a file that does not load, pass the paths of the files, "
                "which the batch reads, or catch the error in the generator and skip the file)"
            )
        label = (
            f" ({self.name!r})"
            if self.name is not None
            else f" (file '{self.source}')"
            if self.source is not None
            else ""
        )
        return f"assessing initiatives[{self.position}]{label} failed: {self.reason}"

    def __str__(self) -> str:
        return self._render()


def _one_line(kind: str, message: str) -> str:
    """Return ``"kind: message"`` on one line: the message's lines joined by ``"; "``.

    A line that ends with ``:`` (the head of a list, ``"2 problems in a.yaml:"``) is followed
    by a space instead; an empty message leaves the kind alone.
    """
    text = ""
    for line in message.splitlines():
        line = line.strip()
        if not line:
            continue
        text += ("" if not text else " " if text.endswith(":") else "; ") + line
    return f"{kind}: {text}" if text else kind


def _assess_one(
    item: Item,
    *,
    config: ScoringConfig | None,
    as_of: dt.date | None,
    recommendations: int,
    keep: Callable[[Assessment], Any] | None = None,
    max_bytes: int | Literal["default"] | None = "default",
) -> Any:
    """Assess one initiative (a top-level function, so process pools can pickle it).

    The path of a file is read here, where the assessment runs (in the worker), as the command
    line reads its inputs: a file that does not load fails this task only. The assessment of
    a file names it in :attr:`Assessment.source <collective_impact.Assessment.source>` (only
    the task knows which file it is of), whatever is kept of it: ``batch_row`` and
    :func:`batch_frame` read it there. With ``keep``, return ``keep(assessment)`` instead: it
    runs where the assessment was computed, so only what is kept crosses back from a worker.
    """
    if isinstance(item, Initiative):
        result = assess(item, config=config, as_of=as_of, recommendations=recommendations)
    else:
        # any input the command line reads, detected from its path; a file whose suffix
        # names none is told what the batch reads (it has no format=)
        from .cli import _read_input

        initiative = _read_input(item, max_bytes=max_bytes, option=None)
        result = attrs.evolve(
            assess(initiative, config=config, as_of=as_of, recommendations=recommendations),
            source=shown_path(item),
            source_path=os.fsdecode(item),
        )
    return result if keep is None else keep(result)


def _is_worker_death(cause: BaseException) -> bool:
    """Whether an executor's error says the process running the task died.

    A process pool says :class:`~concurrent.futures.BrokenExecutor` (``BrokenProcessPool``);
    Dask says ``distributed.scheduler.KilledWorker`` (recognised by name: Dask is optional).
    """
    if isinstance(cause, cf.BrokenExecutor):
        return True
    kind = type(cause)
    return kind.__name__ == "KilledWorker" and kind.__module__.startswith("distributed")


def _read(items: Iterable[object]) -> Iterator[tuple[object, BatchError | None]]:
    """Yield ``(item, None)`` for each item of the input, then ``(None, error)`` if it raised.

    When the input itself raises (a generator whose file does not load), the
    :class:`BatchError` (``reading`` set) names the position it failed at, and the input ends
    there: the items before it are not lost with it.
    """
    iterator = iter(items)
    position = 0
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except Exception as err:
            failure = BatchError(position, err, reading=True)
            failure.__cause__ = err
            yield None, failure
            return
        yield item, None
        position += 1


_NOT_AN_INITIATIVE = "expected an Initiative or the path of a file, got "


def _checked(items: Iterable[object]) -> Iterator[tuple[int, Item | BatchError]]:
    """Yield ``(position, item)`` for an initiative or a path, else a :class:`BatchError`.

    An error of the input itself is a last :class:`BatchError` (:func:`_read`).
    """
    for position, (item, failure) in enumerate(_read(items)):
        if failure is not None:
            yield position, failure
        elif isinstance(item, Initiative | str | os.PathLike):
            yield position, item
        else:
            cause = TypeError(f"{_NOT_AN_INITIATIVE}{type(item).__name__}")
            failure = BatchError(position, cause)
            failure.__cause__ = cause  # as for every failure (_failed, _read)
            yield position, failure


def _refused(refused: Sequence[BatchError]) -> BatchError:
    """Return the error for items that are not initiatives: the first, naming the others."""
    first = refused[0]
    if len(refused) == 1:
        return first
    others = [
        f"initiatives[{e.position}] ({str(e.cause).removeprefix(_NOT_AN_INITIATIVE)})"
        for e in refused[1:]
    ]
    cause = TypeError(f"{first.cause}; not initiatives either: {first_names(others, 5)}")
    failure = BatchError(first.position, cause)
    failure.__cause__ = cause
    return failure


def _read_all(items: Iterable[object]) -> tuple[list[object], BatchError | None]:
    """Return the items of the input, and the :class:`BatchError` of its error, if it raised.

    The error (``reading`` set) is at the position of the item the input failed to give, and
    the items before it are kept (:func:`_read`).
    """
    read: list[object] = []
    for item, failure in _read(items):
        if failure is not None:
            return read, failure
        read.append(item)
    return read, None


@overload
def assess_many(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = ...,
    progress: bool = ...,
    errors: Literal["raise"] = ...,
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
    max_bytes: int | Literal["default"] | None = ...,
) -> list[Assessment]: ...


@overload
def assess_many(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = ...,
    progress: bool = ...,
    errors: Literal["return"],
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
    max_bytes: int | Literal["default"] | None = ...,
) -> list[Assessment | BatchError]: ...


def assess_many(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = None,
    progress: bool = True,
    errors: OnError = "raise",
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
    recommendations: int = 5,
    max_bytes: int | Literal["default"] | None = "default",
) -> list[Assessment] | list[Assessment | BatchError]:
    """Assess every initiative, on an executor or serially; return the results in input order.

    Parameters
    ----------
    initiatives
        The initiatives, or the paths of the files that hold them (any iterable, of
        :class:`~collective_impact.Initiative` objects, or ``str`` or :class:`os.PathLike`
        paths, or both; it is read once, up front). A path is read as :func:`iter_assess`
        reads it: in the task, where the assessment runs, so that a file that does not load
        fails its own position only (its :class:`BatchError` names the file: ``source``), and
        the assessment of one that does names it too (:attr:`Assessment.source
        <collective_impact.Assessment.source>`, the ``source`` of its row in
        :func:`batch_frame`), so that files holding initiatives of the same name are told
        apart. When
        the iterable itself raises (a generator whose file does not load): with
        ``errors="raise"`` its error is raised as it is, before any work starts; with
        ``errors="return"`` the input ends there, as for :func:`iter_assess`, and a
        :class:`BatchError` whose ``reading`` is true takes the place of the item it failed to
        give.
    executor
        Any :class:`concurrent.futures.Executor`: one :func:`~collective_impact.assess` call is
        submitted per initiative. ``None`` runs them one after the other in this process. The
        executor is used, not shut down: the caller owns it.
    progress
        Show a tqdm progress bar, advancing as assessments complete.
    errors
        ``"raise"`` (the default): stop at the first failure and raise its
        :class:`BatchError`. ``"return"``: go on, and put the :class:`BatchError` of each
        failing initiative in its place in the list, so the results account for every input.
    config, as_of, recommendations
        Passed to every :func:`~collective_impact.assess` call; checked once, when called,
        with the errors ``assess`` gives (a bad one is refused, not the failure of every
        initiative).
    max_bytes
        Refuse a file larger than this, for the items that are paths (``None``: no limit;
        ``"default"``: each reader's own, 32 MiB for a native file), as the command line's
        ``--max-bytes``.

    Returns
    -------
    list of Assessment
        ``result[i]`` is the assessment of the ``i``-th initiative (or, with
        ``errors="return"``, its :class:`BatchError` when it failed; when reading the input
        failed, the last item is the :class:`BatchError` of that failure, and the results
        before it are kept).

    Raises
    ------
    ArgumentTypeError
        When ``initiatives`` is one initiative or one path, not an iterable of them,
        ``max_bytes`` is not an integer, ``None`` or ``"default"``, ``config`` is not a
        :class:`~collective_impact.ScoringConfig` or ``executor`` is not an executor (a
        class of one, not an instance; a Dask ``Client``, whose ``get_executor()`` is one).
    ArgumentValueError
        When ``max_bytes`` is below 1, or a text other than ``"default"``, or ``executor``
        refuses the first task (shut down, or a pool broken by an earlier use).
    BatchError
        With ``errors="raise"``, as soon as one assessment fails (or before any work starts,
        when an item is not an :class:`~collective_impact.Initiative`: the first, its message
        naming the others); ``position`` names the failing initiative and ``__cause__`` is its
        error. With an executor, "first" is the
        first failure to *complete*, which need not be the lowest position; the assessments not
        yet started are cancelled, those already running are left to finish and their results
        dropped. A worker process that died is a failure too (:attr:`BatchError.worker_died`).
    Exception
        With ``errors="raise"``, whatever the input raises while it is read, as it is.
    ValidationError
        When ``errors`` is neither ``"raise"`` nor ``"return"``, ``as_of`` is not a date
        (nor a text ``YYYY-MM-DD``) or ``recommendations`` is not an integer at least 0.

    See Also
    --------
    iter_assess : the same, streamed: results as they complete, only what you keep of each,
        and the input read as it goes — for runs of thousands.
    batch_frame : the results as a DataFrame, one row per initiative.

    Notes
    -----
    Each initiative (and each :class:`~collective_impact.Assessment`) crosses to the worker
    and back by pickling when the executor runs in other processes; everything in the library
    is picklable, errors included, and the numbers come back bit for bit. For thousands of small
    initiatives a process pool pays off once one assessment takes longer than the pickling
    (tens of milliseconds); a thread pool helps less, as most of an assessment holds the GIL.

    When a worker process dies, a process pool breaks: every assessment in flight and every
    one not yet submitted fails with ``BrokenProcessPool``. Dask instead runs the task of a
    dead worker again on another one, up to ``distributed.scheduler.allowed-failures`` times
    (3 by default), and only then fails it with ``KilledWorker``.

    A Dask cluster is used through its ``concurrent.futures`` face, ``Client.get_executor()``
    (tested on a ``LocalCluster`` of two worker processes; see the "studies" page)::

        from dask.distributed import Client

        with Client("tcp://scheduler:8786") as client:
            results = assess_many(initiatives, executor=client.get_executor())

    Examples
    --------
    >>> import collective_impact as ci
    >>> from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
    >>> batch = [ci.load_example("workforce"), ci.load_example("cradle-to-career")]
    >>> serial = assess_many(batch, progress=False)
    >>> [a.initiative.name for a in serial] == [i.name for i in batch]
    True
    >>> with ThreadPoolExecutor(max_workers=2) as pool:
    ...     threaded = assess_many(batch, executor=pool, progress=False)
    >>> [a.to_dict() for a in threaded] == [a.to_dict() for a in serial]
    True
    >>> with ProcessPoolExecutor(max_workers=2) as pool:
    ...     in_processes = assess_many(batch, executor=pool, progress=False)
    >>> [a.alignment.index for a in in_processes] == [a.alignment.index for a in serial]
    True

    With ``errors="return"``, a failure takes the place of its result:

    >>> mixed = assess_many([batch[0], 42], progress=False, errors="return")
    >>> type(mixed[0]).__name__
    'Assessment'
    >>> print(mixed[1].reason)
    TypeError: expected an Initiative or the path of a file, got int

    A study over files passes their paths: a file that does not load is one failure, and the
    others are assessed:

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     good = pathlib.Path(folder, "good.yaml")
    ...     ci.dump(batch[0], good)
    ...     bad = pathlib.Path(folder, "bad.yaml")
    ...     _ = bad.write_text("name: broken", encoding="utf-8")
    ...     results = assess_many([good, bad], progress=False, errors="return")
    ...     failed = results[1]
    >>> results[0].to_dict() == serial[0].to_dict()
    True
    >>> results[0].source == str(good), failed.position, failed.source == str(bad)
    (True, 1, True)
    """
    _check_arguments(
        initiatives,
        executor=executor,
        errors=errors,
        config=config,
        as_of=as_of,
        recommendations=recommendations,
        max_bytes=max_bytes,
    )
    unread: BatchError | None = None
    if errors == "raise":
        items = list(initiatives)  # an error of the input is raised as it is
        # every item is checked before any work starts, and every one refused is named
        refused = [item for _, item in _checked(items) if isinstance(item, BatchError)]
        if refused:
            raise _refused(refused)
    else:  # as iter_assess reads it: an error of the input ends it, in place of an item
        read, unread = _read_all(initiatives)
        items = cast("list[Item]", read)  # the others are refused by iter_assess
    results: list[Assessment | BatchError | None] = [None] * len(items)
    stream: Iterator[tuple[int, Assessment | BatchError]] = iter_assess(
        items,
        executor=executor,
        progress=progress,
        errors=errors,
        config=config,
        as_of=as_of,
        recommendations=recommendations,
        max_pending=max(len(items), 1),
        max_bytes=max_bytes,
    )
    for position, result in stream:
        results[position] = result
    if unread is not None:
        results.append(unread)
    return cast("list[Assessment | BatchError]", results)  # every position was filled, or we raised


def _check_arguments(
    initiatives: object,
    *,
    executor: object,
    keep: object = None,
    max_pending: int | None = None,
    errors: str,
    config: object,
    as_of: object,
    recommendations: object,
    max_bytes: object,
) -> None:
    """Refuse, once and when called, an argument of the batch every initiative would fail with.

    An argument of the whole batch is the same for each of its initiatives: a bad one (a
    ``config`` given as a mapping, ``recommendations=-1``, a ``keep`` or an ``executor`` of
    the wrong kind, a ``keep`` a process pool cannot pickle) failed every one of them with the
    same error, a study of thousands reporting thousands of failed rows, or, with
    ``errors="raise"``, a :class:`BatchError` naming the first initiative as if it were at
    fault. The options passed to
    :func:`~collective_impact.assess` are checked by its own check,
    :func:`~collective_impact.report.check_assess_arguments`, so they are refused with the
    errors ``assess`` gives.
    """
    _check_items(initiatives)
    _check_max_bytes(max_bytes)
    window: object = max_pending  # typed int, but a text "3" raised a bare TypeError
    if window is not None and (
        isinstance(window, bool) or not isinstance(window, numbers.Integral) or int(window) < 1
    ):
        raise ValidationError(
            [("max_pending", f"must be None or an integer (int) >= 1, not {shown(max_pending)}")]
        )
    _check_errors(errors)
    check_assess_arguments(config=config, as_of=as_of, recommendations=recommendations)
    _check_executor(executor)
    if keep is not None and not callable(keep):
        raise ArgumentTypeError(
            f"keep: expected a function of an Assessment (batch_row, or one defined at the "
            f"top level of a module) or None, got {type(keep).__name__}",
            argument="keep",
        )
    if keep is not None and isinstance(executor, cf.ProcessPoolExecutor):
        _check_picklable(keep, executor)


_EXECUTOR_EXPECTED = (
    "executor: expected a concurrent.futures.Executor (a process pool, a Dask client's "
    "get_executor()) or None"
)


def _check_executor(executor: object) -> None:
    """Refuse an executor the batch cannot use, once, before anything is submitted.

    Only a :class:`concurrent.futures.Executor` will do: the batch waits on its futures with
    :func:`concurrent.futures.wait`. A class of one (``executor=ThreadPoolExecutor``) has a
    ``submit`` too, called unbound: every initiative failed with "'functools.partial' object
    has no attribute '_shutdown_lock'". A Dask ``Client`` has a ``submit`` whose futures are
    Dask's: a bare "'Future' object has no attribute '_condition'" escaped once tasks were
    sent. Dask's client is recognised by name (Dask is optional) and told its executor.
    """
    if executor is None or isinstance(executor, cf.Executor):
        return
    kind = type(executor)
    if isinstance(executor, type):
        got = f"the class {executor.__name__} itself (pass an instance: {executor.__name__}())"
    elif kind.__name__ == "Client" and kind.__module__.startswith("distributed"):
        got = "a Dask Client (pass client.get_executor(), its concurrent.futures executor)"
    else:
        got = kind.__name__
    raise ArgumentTypeError(f"{_EXECUTOR_EXPECTED}, got {got}", argument="executor")


class _MainNames(pickle.Pickler):
    """A pickler that notes the functions and classes of ``__main__`` it pickles by reference."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file)
        self.names: list[str] = []

    def persistent_id(self, obj: object) -> None:
        if isinstance(obj, type | types.FunctionType) and obj.__module__ == "__main__":
            self.names.append(obj.__qualname__)
        return None  # pickled as it would be


def _start_method(executor: cf.ProcessPoolExecutor) -> str | None:
    """Return how the pool starts its workers: ``"fork"``, ``"spawn"``, ``"forkserver"``."""
    context = getattr(executor, "_mp_context", None)  # set by the pool, the default if none given
    if context is None:
        context = multiprocessing.get_context()
    try:
        method = context.get_start_method()
    except Exception:  # not a multiprocessing context after all
        return None
    return method if isinstance(method, str) else None


def _check_picklable(keep: object, executor: cf.ProcessPoolExecutor) -> None:
    """Refuse a ``keep`` a process pool cannot send to its workers, once, when called.

    A process pool pickles each task, ``keep`` with it, by reference: a lambda or a function
    defined inside another cannot be, and every initiative failed with its own
    ``PicklingError``. A worker started by ``"spawn"`` or ``"forkserver"`` (not ``"fork"``)
    loads what is pickled by importing its module: a function of ``__main__`` when
    ``__main__`` is no file it can import (``python -c``, a notebook, an interactive session)
    cannot be found there, the worker died unpickling the task, and every initiative failed
    with "the worker died (BrokenProcessPool ...)", ``keep`` never named.
    """
    pickler = _MainNames(io.BytesIO())
    try:
        pickler.dump(keep)
    except Exception as err:
        raise ArgumentTypeError(
            f"keep: a process pool sends it to its workers by pickling, and it cannot be "
            f"pickled ({_one_line(type(err).__name__, str(err))}): define it with def at the "
            "top level of a module, not as a lambda nor inside another function",
            argument="keep",
        ) from err
    main = sys.modules.get("__main__")
    if not pickler.names or getattr(main, "__file__", None) is not None:
        return
    method = _start_method(executor)
    if method is None or method == "fork":
        return
    found = sorted(set(pickler.names))
    names = first_names([repr(name) for name in found], 3)
    raise ArgumentValueError(
        f"keep: a process pool whose workers start by {method!r} sends it to them by reference, "
        f"and {names} {'is' if len(found) == 1 else 'are'} defined in __main__, "
        "which they cannot import here (python -c, a notebook, an interactive session: no "
        "file): every worker would die loading it. Define it in a module the workers can "
        "import (a .py file beside the notebook or script, imported from there), or run the "
        "code as a script file",
        argument="keep",
    )


def _check_items(initiatives: object) -> None:
    """Refuse one initiative, or one path, given as the whole input: not a list of them.

    A path is iterable (a ``str`` by its characters), and each character was read as a file
    (``'/'``, ``'.'``: folders); an initiative or a :class:`~pathlib.Path` is not iterable at all.
    """
    if isinstance(initiatives, Initiative | str | bytes | os.PathLike):
        one = isinstance(initiatives, Initiative)
        what = (
            "an Initiative"
            if isinstance(initiatives, Initiative)
            else f"the path {os.fsdecode(initiatives)!r}"
        )
        raise ArgumentTypeError(
            f"initiatives: expected an iterable of initiatives or of the paths of files, got "
            f"{what} (pass a list: [{'initiative' if one else 'path'}])",
            argument="initiatives",
        )


def _check_max_bytes(max_bytes: object) -> None:
    """Refuse a ``max_bytes`` no file could be read with, once, before any file is read."""
    if isinstance(max_bytes, str):
        if max_bytes != "default":
            raise ArgumentValueError(
                f"max_bytes: expected a number, None or 'default', got {max_bytes!r}",
                argument="max_bytes",
            )
        return
    check_limits(max_bytes=max_bytes)


def _check_errors(errors: str) -> None:
    if errors not in ("raise", "return"):
        raise ValidationError([("errors", f"expected 'raise' or 'return', got {errors!r}")])


@overload
def iter_assess(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = ...,
    keep: None = ...,
    max_pending: int | None = ...,
    ordered: bool = ...,
    progress: bool = ...,
    errors: Literal["raise"] = ...,
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
    max_bytes: int | Literal["default"] | None = ...,
) -> Iterator[tuple[int, Assessment]]: ...


@overload
def iter_assess(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = ...,
    keep: Callable[[Assessment], T],
    max_pending: int | None = ...,
    ordered: bool = ...,
    progress: bool = ...,
    errors: Literal["raise"] = ...,
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
    max_bytes: int | Literal["default"] | None = ...,
) -> Iterator[tuple[int, T]]: ...


@overload
def iter_assess(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = ...,
    keep: None = ...,
    max_pending: int | None = ...,
    ordered: bool = ...,
    progress: bool = ...,
    errors: Literal["return"],
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
    max_bytes: int | Literal["default"] | None = ...,
) -> Iterator[tuple[int, Assessment | BatchError]]: ...


@overload
def iter_assess(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = ...,
    keep: Callable[[Assessment], T],
    max_pending: int | None = ...,
    ordered: bool = ...,
    progress: bool = ...,
    errors: Literal["return"],
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
    max_bytes: int | Literal["default"] | None = ...,
) -> Iterator[tuple[int, T | BatchError]]: ...


def iter_assess(
    initiatives: Iterable[Item],
    *,
    executor: cf.Executor | None = None,
    keep: Callable[[Assessment], Any] | None = None,
    max_pending: int | None = None,
    ordered: bool = False,
    progress: bool = False,
    errors: OnError = "raise",
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
    recommendations: int = 5,
    max_bytes: int | Literal["default"] | None = "default",
) -> Iterator[tuple[int, Any]]:
    """Assess initiatives as a stream: yield ``(position, result)`` as each one completes.

    Nothing is held that is not needed: the input is read as work is submitted (a generator of
    initiatives is never materialised), at most ``max_pending`` assessments are in flight, and
    each result is handed over as soon as it completes — reduced by ``keep`` where it was
    computed, so a batch of thousands keeps one row per initiative, not thousands of pair
    arrays.

    Parameters
    ----------
    initiatives
        Any iterable of initiatives, or of the paths of the files that hold them (``str`` or
        :class:`os.PathLike`; both may be mixed), read lazily, once. A path is read in the
        task, where the assessment runs (in the worker, with an executor), as the command line
        reads its inputs (:func:`~collective_impact.load` for a native file, a CSV bundle for
        a folder or a ``.zip``, a workbook for ``.xlsx``), and the result is that of
        assessing what it holds, read so, bit for bit, naming the file, as given, in
        :attr:`Assessment.source <collective_impact.Assessment.source>` (the ``source`` of its
        row in :func:`batch_frame`). A file that does not load is the failure of its own
        position, whose :class:`BatchError` names the file (``source``, as its row does), and
        the study goes on with ``errors="return"``;
        loaded in a generator instead, a file that does not load ends the input there. On a
        cluster, a path must name the file on the workers.
    executor
        Any :class:`concurrent.futures.Executor` (a process pool, a Dask client's
        ``get_executor()``...); ``None`` assesses them one after the other in this process.
        The caller owns it (it is not shut down).
    keep
        A function of an :class:`~collective_impact.Assessment`, applied where the assessment
        was computed; its value is what is yielded (the assessment itself when ``None``). With
        a process pool it must be picklable: a module-level function, not a lambda (checked
        when called). Dask pickles it with ``cloudpickle``, which takes a lambda too.
        :func:`batch_row` keeps the headline numbers of :func:`batch_frame`. The assessment of
        an item given as a path names its file, as given, in
        :attr:`Assessment.source <collective_impact.Assessment.source>`: the ``source`` of its
        row, whether the assessment is kept whole or as ``batch_row``, and there for a
        ``keep`` of your own to read.
    max_pending
        At most this many assessments submitted and not yet yielded (default: twice the
        executor's workers when it says — a process pool, a Dask client's executor — else
        16). Ignored without an executor.
    ordered
        Yield the results in input order (``position`` 0, 1, 2...) with an executor too, so
        that a file written from the stream (:func:`write_batch`) is the same, byte for byte,
        from one run to the next. A result that completes early waits for those before it, and
        counts against ``max_pending`` until it is yielded: memory stays bounded, and one slow
        initiative holds back the submission of more. Without an executor the results are
        always in input order.
    progress
        Show a progress bar, advancing as assessments complete.
    errors
        ``"raise"`` (the default): stop at the first failure, raising its
        :class:`BatchError`. ``"return"``: yield ``(position, BatchError)`` for each failure
        (an item that is not an initiative, a file that does not load, an assessment or a
        ``keep`` that raised, a worker that died) and go on, so that every position of the
        input is yielded exactly once.
    config, as_of, recommendations
        Passed to every :func:`~collective_impact.assess` call; checked once, when called,
        with the errors ``assess`` gives (a bad one is refused, not the failure of every
        initiative).
    max_bytes
        Refuse a file larger than this, for the items that are paths (``None``: no limit;
        ``"default"``: each reader's own, 32 MiB for a native file), as the command line's
        ``--max-bytes``.

    Yields
    ------
    tuple of (int, object)
        The position of the initiative in the input and its result; in input order without an
        executor or with ``ordered``, else in order of completion.

    Raises
    ------
    ArgumentTypeError
        When ``initiatives`` is one initiative or one path, not an iterable of them,
        ``max_bytes`` is not an integer, ``None`` or ``"default"``, ``config`` is not a
        :class:`~collective_impact.ScoringConfig`, ``executor`` is not an executor (a class
        of one, not an instance; a Dask ``Client``, whose ``get_executor()`` is one), ``keep``
        is not a function, or, with a process pool, cannot be pickled (a lambda).
    ArgumentValueError
        When ``max_bytes`` is below 1, or a text other than ``"default"``; when ``keep`` is
        defined in a ``__main__`` that is no file (a notebook, ``python -c``) and the process
        pool's workers start by ``"spawn"`` or ``"forkserver"`` (they could not load it); and,
        at the first result, when ``executor`` refuses the first task (shut down, or a pool
        broken by an earlier use).
    BatchError
        With ``errors="raise"``, at the first assessment that fails (or item that is not an
        initiative), naming its position; ``__cause__`` is its error. The assessments not yet
        started are cancelled, also when the caller stops iterating early.
    ValidationError
        When ``max_pending`` is smaller than 1, ``errors`` is not ``"raise"`` or
        ``"return"``, ``as_of`` is not a date (nor a text ``YYYY-MM-DD``) or
        ``recommendations`` is not an integer at least 0. Every argument of the whole
        batch is checked when called, before anything is read (not at the first result,
        which may be deep inside :func:`write_batch`).

    Examples
    --------
    Keep only the alignment index of each initiative:

    >>> import collective_impact as ci
    >>> def index(result):
    ...     return result.alignment.index
    >>> batch = (ci.load_example(name) for name in ("workforce", "cradle-to-career"))
    >>> for position, value in iter_assess(batch, keep=index):
    ...     print(position, round(value, 3))
    0 0.633
    1 0.566
    """
    # checked when called, not at the first result (which may be deep inside write_batch)
    _check_arguments(
        initiatives,
        executor=executor,
        keep=keep,
        max_pending=max_pending,
        errors=errors,
        config=config,
        as_of=as_of,
        recommendations=recommendations,
        max_bytes=max_bytes,
    )
    task: Callable[[Item], Any] = functools.partial(
        _assess_one,
        config=config,
        as_of=as_of,
        recommendations=recommendations,
        keep=keep,
        max_bytes=max_bytes,
    )
    return _stream(initiatives, task, executor, max_pending, ordered, progress, errors)


def _stream(
    initiatives: Iterable[Item],
    task: Callable[[Item], Any],
    executor: cf.Executor | None,
    max_pending: int | None,
    ordered: bool,
    progress: bool,
    errors: OnError,
) -> Generator[tuple[int, Any], None, None]:
    """Yield the results of :func:`iter_assess`, its arguments checked."""
    total = len(initiatives) if isinstance(initiatives, Sized) else None
    bar = _progress_bar(total, desc="assessing", unit="initiative") if progress else None
    stream: Generator[tuple[int, Any], None, None]
    if executor is None:
        stream = _serial(_checked(initiatives), task)
    else:
        window = max_pending if max_pending is not None else _default_window(executor)
        stream = _on_executor(_checked(initiatives), task, executor, window, ordered=ordered)
    try:
        for position, result in stream:
            if isinstance(result, BatchError) and errors == "raise":
                raise result from result.cause
            if bar is not None:
                bar.update(1)
            yield position, result
    finally:
        stream.close()  # cancels the assessments not yet started
        if bar is not None:
            bar.close()


def _default_window(executor: cf.Executor) -> int:
    workers = getattr(executor, "_max_workers", None)
    if workers is None:  # a Dask client's executor: the threads of the cluster's workers
        client = getattr(executor, "_client", None)
        try:
            workers = sum(client.nthreads().values()) if client is not None else None
        except Exception:  # not a Dask client after all, or the cluster is unreachable
            workers = None
    return 2 * workers if isinstance(workers, int) and workers > 0 else 16


def _label(item: Item) -> tuple[str | None, str | None]:
    """Return the name and the file that name an item in its :class:`BatchError`."""
    if isinstance(item, Initiative):
        return item.name, None
    return None, shown_path(item)


def _failed(position: int, label: tuple[str | None, str | None], err: BaseException) -> BatchError:
    """Return the :class:`BatchError` of a failed item (:func:`_label`), chained to its cause."""
    name, source = label
    failure = BatchError(position, err, name=name, source=source)
    failure.__cause__ = err
    return failure


def _serial(
    items: Iterator[tuple[int, Item | BatchError]], task: Callable[[Item], T]
) -> Generator[tuple[int, T | BatchError], None, None]:
    for position, item in items:
        if isinstance(item, BatchError):
            yield position, item
            continue
        try:
            result = task(item)
        except Exception as err:
            yield position, _failed(position, _label(item), err)
            continue
        yield position, result


def _is_dask_executor(executor: cf.Executor) -> bool:
    """Whether ``executor`` is a Dask client's (``Client.get_executor()``), without Dask."""
    kind = type(executor)
    return kind.__name__ == "ClientExecutor" and kind.__module__.startswith("distributed.")


def _submit_options(executor: cf.Executor) -> dict[str, Any]:
    """Return the keywords ``executor.submit`` is given beside the task and its item.

    A Dask client's executor submits with Dask's default ``pure=True``: a task's key is a hash
    of the function and its argument, so the same initiative has the same key in every run.
    When a run stops (at a failure with ``errors="raise"``), its tasks not yet started are
    cancelled, and the cancellation reaches the scheduler later: a run of the same
    initiatives on the same client started just after had valid initiatives fail with
    ``CancelledError`` (29 of 120 in a reviewer's six trials). ``pure=False`` gives each
    submission a key of its own. Nothing for other executors.
    """
    return {"pure": False} if _is_dask_executor(executor) else {}


def _on_executor(
    items: Iterator[tuple[int, Item | BatchError]],
    task: Callable[[Item], T],
    executor: cf.Executor,
    window: int,
    *,
    ordered: bool = False,
) -> Generator[tuple[int, T | BatchError], None, None]:
    """Yield the results of the work on ``executor``, at most ``window`` not yet yielded.

    In order of completion, or with ``ordered`` in input order: a result that completes before
    those of lower positions waits in ``waiting`` (and counts against the window) until they
    have been yielded. Positions come from :func:`_checked`: 0, 1, 2... without a hole.
    """
    pending: dict[cf.Future[T], tuple[int, tuple[str | None, str | None]]] = {}
    waiting: dict[int, T | BatchError] = {}
    following = 0  # with ordered, the position to yield next
    submitted = False  # whether the executor took a task of this batch
    extra = _submit_options(executor)

    def hand_over(position: int, result: T | BatchError) -> Iterator[tuple[int, T | BatchError]]:
        nonlocal following
        if not ordered:
            yield position, result
            return
        waiting[position] = result
        while following in waiting:
            yield following, waiting.pop(following)
            following += 1

    try:
        more = True
        while more or pending:
            while more and len(pending) + len(waiting) < window:
                nxt = next(items, None)
                if nxt is None:
                    more = False
                    break
                position, item = nxt
                if isinstance(item, BatchError):
                    yield from hand_over(position, item)
                    continue
                try:
                    future = executor.submit(task, item, **extra)
                except RuntimeError as err:
                    if not submitted:
                        # refused before it took any work (shut down, or broken by an earlier
                        # use): the executor is at fault, not the first initiative (every
                        # initiative failed with "cannot schedule new futures after shutdown")
                        raise _unusable(executor, err) from err
                    # a pool broken by this batch refuses new work: say so for this one
                    yield from hand_over(position, _failed(position, _label(item), err))
                    continue
                except Exception as err:
                    yield from hand_over(position, _failed(position, _label(item), err))
                    continue
                submitted = True
                pending[future] = (position, _label(item))
            if not pending:
                break
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f][0]):
                position, label = pending.pop(future)
                try:
                    result = future.result()
                except Exception as err:
                    yield from hand_over(position, _failed(position, label, err))
                    continue
                yield from hand_over(position, result)
    finally:
        for future in pending:  # stop what has not started; a no-op on finished futures
            future.cancel()


def _unusable(executor: cf.Executor, err: RuntimeError) -> ArgumentValueError:
    """Return the error of an executor that refused the batch's first task.

    A shut-down executor raises :class:`RuntimeError` ("cannot schedule new futures after
    shutdown") at every ``submit``, a pool broken before the batch began
    :class:`~concurrent.futures.BrokenExecutor` (a :class:`RuntimeError` too): an argument of
    the whole batch, refused once, as :func:`_check_arguments` refuses the others.
    """
    return ArgumentValueError(
        f"executor: the {type(executor).__name__} given refused the first task "
        f"({_one_line(type(err).__name__, str(err))}): pass an executor that is running "
        "(not shut down, nor broken by an earlier use), or None to assess here",
        argument="executor",
    )


# --------------------------------------------------------------------------- rows of a study


def batch_row(assessment: Assessment, *, source: str | None = None) -> dict[str, Any]:
    """Return the headline numbers of an assessment: one row of a study.

    Pass it as ``keep`` to :func:`iter_assess`, so that only the row crosses back from a worker
    (a few hundred bytes, where an assessment carries its pair arrays); given the paths of
    files, the batch fills ``source`` with the file each row is of (the assessment's
    :attr:`~collective_impact.Assessment.source`).

    Parameters
    ----------
    assessment
        The assessment.
    source
        The file the initiative was read from, as messages show it; by default (``None``) the
        assessment's own :attr:`Assessment.source <collective_impact.Assessment.source>`: the
        path :func:`assess_many` or :func:`iter_assess` read it from, ``None`` for an
        initiative assessed as one.

    Returns
    -------
    dict
        The columns of :data:`BATCH_COLUMNS` but ``position``: ``name`` (the initiative's);
        ``source`` (the file it was read from, or ``None``); the five condition
        scores and ``overall`` (floats in [0, 1]); ``alignment_index`` (``None`` when
        undefined); ``phase`` (``"none"``, ``"I"``, ``"II"`` or ``"III"``); ``as_of`` (the date
        of judgement in ISO form, ``None`` without one); ``as_of_source`` (where it came from,
        :attr:`Assessment.as_of_source <collective_impact.Assessment.as_of_source>`:
        ``"argument"``, ``"file"``, ``"latest observation"``, ``"latest baseline"`` or
        ``"none"``); ``activities`` (how many were scored)
        and ``activities_not_running`` (how many were not: ended, or not started, on ``as_of``);
        ``data_after_as_of`` (the observations and baselines dated after ``as_of`` and left out,
        :attr:`Assessment.after_as_of <collective_impact.Assessment.after_as_of>`: an ``as_of``
        left over in a copied file); ``gaps_critical``, ``gaps_warning``, ``gaps_info`` (the
        number of gaps of each severity); ``error`` (``None``); ``version`` (the version of
        ``collective_impact`` that computed it, recorded in the assessment when it was computed:
        :attr:`Assessment.software_version <collective_impact.Assessment.software_version>`, as
        in :meth:`Assessment.to_dict`'s ``software``; on a cluster, the workers' version)
        and ``config`` (every weight and threshold it used: the JSON text of
        :meth:`ScoringConfig.to_dict <collective_impact.ScoringConfig.to_dict>`, keys sorted,
        which ``ScoringConfig.from_dict(json.loads(...))`` and ``--config`` read back), so that
        a row says what produced it, and rows of several studies can be put together.

    Raises
    ------
    ArgumentTypeError
        When ``assessment`` is not an :class:`~collective_impact.Assessment`.

    Examples
    --------
    >>> import json
    >>> import collective_impact as ci
    >>> row = batch_row(ci.assess(ci.load_example("workforce")))
    >>> round(row["overall"], 3), row["phase"], row["error"]
    (0.792, 'III', None)
    >>> row = batch_row(ci.assess(ci.load_example("cradle-to-career")))
    >>> row["as_of"], row["activities"], row["activities_not_running"]
    ('2026-09-30', 22, 4)
    >>> ci.ScoringConfig.from_dict(json.loads(row["config"])) == ci.ScoringConfig()
    True
    >>> row["as_of_source"], row["source"]
    ('latest observation', None)
    """
    expect_assessment(assessment, argument="assessment")
    if source is not None and not isinstance(source, str):
        raise ArgumentTypeError(
            f"source: expected a text or None, got {type(source).__name__}", argument="source"
        )
    scores = assessment.scores.to_dict()
    counts = dict.fromkeys(_SEVERITIES, 0)
    for gap in assessment.gaps:
        counts[gap.severity] += 1
    index = assessment.alignment.index
    return {
        "name": assessment.initiative.name,
        "source": source if source is not None else assessment.source,
        **{key: scores[key] for key in SCORE_KEYS},
        "alignment_index": None if index is None else float(index),
        "phase": assessment.phase.label,
        "as_of": None if assessment.as_of is None else assessment.as_of.isoformat(),
        "as_of_source": assessment.as_of_source,
        "activities": assessment.alignment.activities,
        "activities_not_running": len(assessment.not_running),
        "data_after_as_of": assessment.after_as_of.count,
        **{f"gaps_{s.value}": counts[s] for s in _SEVERITIES},
        "error": None,
        "version": assessment.software_version,
        "config": json.dumps(assessment.config.to_dict(), sort_keys=True, separators=(",", ":")),
    }


def _error_row(error: BatchError) -> dict[str, Any]:
    """Return the row of a failed initiative: its name or its file, and the reason; no numbers."""
    row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS[1:])
    row["name"] = error.name
    row["source"] = error.source
    row["error"] = error.reason
    return row


_ROW_KEYS = frozenset(BATCH_COLUMNS[1:])
#: The keys of a row of :func:`batch_row` before it named its file and where its date came from.
_EARLIER_ROW_KEYS = _ROW_KEYS - {"source", "as_of_source"}


def _row(position: int, value: object) -> dict[str, Any]:
    """Return the row of one result (an assessment, a failure or a :func:`batch_row`)."""
    if isinstance(value, Assessment):
        row = batch_row(value)
    elif isinstance(value, BatchError):
        row = _error_row(value)
    elif isinstance(value, Mapping) and set(value) in (_ROW_KEYS, _EARLIER_ROW_KEYS):
        row = {"source": None, "as_of_source": None, **value}  # a row kept by 0.1.0.dev12
    else:
        raise ArgumentTypeError(
            f"results[{position}]: expected an Assessment, a BatchError or a row of batch_row, "
            f"got {type(value).__name__}",
            argument="results",
        )
    return {"position": position, **row}


def _rows(results: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Yield the row of each result: ``(position, result)`` pairs, or results by position."""
    for index, item in enumerate(results):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], int):
            yield _row(item[0], item[1])
        else:
            yield _row(index, item)


class _ResultsFailed(Exception):
    """An error raised by the results while a file is written from them (not by the file)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def _rows_apart(results: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Yield :func:`_rows`, wrapping what the results raise in :class:`_ResultsFailed`.

    A results generator that fails to read an input file raises an ``OSError`` naming that
    file; raised inside the atomic write of the output, it was reported as the output's
    ("study.csv: cannot write it: No such file or directory"), the input's name dropped.
    """
    rows = _rows(results)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as err:
            raise _ResultsFailed(err) from err
        yield row


def batch_frame(results: Iterable[Any]) -> Any:
    """Return the results of a batch as a pandas DataFrame, one row per initiative.

    Parameters
    ----------
    results
        What :func:`assess_many` returned (assessments, and :class:`BatchError` objects with
        ``errors="return"``; the position is the place in the list), or the ``(position,
        result)`` pairs of :func:`iter_assess`, whose results may be assessments, failures or
        the rows of ``keep=batch_row``.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`BATCH_COLUMNS` (those of :func:`batch_row`, after ``position``):
        ``position`` (``int64``); ``name`` (text: the initiative's name, ``None`` for a file
        that failed); ``source`` (text: the file the initiative was read from, when the batch
        was given its path, :attr:`Assessment.source
        <collective_impact.Assessment.source>` or :attr:`BatchError.source`; ``None`` for an
        initiative passed as one);
        the six scores and ``alignment_index`` (``float64``); ``phase``, ``as_of`` and
        ``as_of_source`` (text; ``as_of`` the ISO date of judgement);
        the counts ``activities``, ``activities_not_running``, ``data_after_as_of``,
        ``gaps_critical``, ``gaps_warning``, ``gaps_info`` (``float64``, so that a failed
        initiative has ``nan``); ``error`` (``None``, or why the initiative failed, in one
        line: its :attr:`BatchError.reason`); and what produced the row, ``version`` and
        ``config`` (text, ``None`` for a failed initiative: see :func:`batch_row`). Rows in the
        order given (the order of completion for a stream: sort by ``position`` for input
        order).

    Raises
    ------
    MissingDependencyError
        When pandas is not installed.
    ArgumentTypeError
        When a result is none of those.

    Examples
    --------
    >>> import collective_impact as ci
    >>> batch = [ci.load_example("workforce"), "no/such/file.yaml"]
    >>> frame = batch_frame(assess_many(batch, progress=False, errors="return"))
    >>> frame.loc[0, "phase"], frame.loc[1, "source"], frame.loc[1, "error"]
    ('III', 'no/such/file.yaml', 'MissingFileError: no/such/file.yaml: no such file')
    >>> frame["position"].tolist(), frame["overall"].isna().tolist()
    ([0, 1], [False, True])
    """
    from .frames import _frame  # imports pandas, lazily

    rows = list(_rows(results))
    kinds = {"position": "int64", **dict.fromkeys(_TEXT_COLUMNS, "object")}
    return _frame(
        {
            column: (
                [
                    (math.nan if row[column] is None else float(row[column]))
                    if kinds.get(column) is None
                    else row[column]
                    for row in rows
                ],
                kinds.get(column, "float64"),
            )
            for column in BATCH_COLUMNS
        }
    )


#: The formats :func:`write_batch` writes, by the suffixes that select them.
_BATCH_FORMATS = {"csv": (".csv",), "parquet": (".parquet", ".pq")}


def _batch_format(path: Path, format: str | None) -> str:
    if format is not None:
        if format not in _BATCH_FORMATS:
            raise FormatError(
                f"unknown format {format!r}; expected 'csv' or 'parquet'", source=shown_path(path)
            )
        return format
    suffix = path.suffix.lower()
    for name, suffixes in _BATCH_FORMATS.items():
        if suffix in suffixes:
            return name
    raise FormatError(
        f"cannot tell the format from the suffix {suffix or '(none)'!r}; "
        "use .csv, .parquet or .pq, or pass format=",
        source=shown_path(path),
    )


def _check_write_arguments(path: object, row_group_size: object) -> None:
    """Refuse a ``path`` or a ``row_group_size`` of :func:`write_batch` no file is written with.

    A path of ``123`` and a ``row_group_size`` of ``"10"`` or ``None`` raised a bare
    :class:`TypeError`; ``2.5`` was taken, and rows were held until the group had 3.
    """
    expect_path(path, "write_batch")
    size = row_group_size
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or int(size) < 1:
        raise ValidationError(
            [("row_group_size", f"must be an integer (int) >= 1, not {shown(row_group_size)}")]
        )


def _csv_cell(value: object) -> object:
    """Return a cell of the CSV file: empty for a missing value; floats in full (``repr``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value


def write_batch(
    results: Iterable[Any],
    path: str | os.PathLike[str],
    *,
    format: Literal["csv", "parquet"] | None = None,
    row_group_size: int = 1000,
) -> int:
    """Write the rows of a batch to a CSV or Parquet file as the results arrive.

    Made for :func:`iter_assess`: each result is turned into its row and written as soon as it
    arrives, so a study of any size holds one result at a time (and, for Parquet, one row
    group). The file is written beside the target and moved into place only when the last row
    is written: a batch that fails half-way (a :class:`BatchError` with ``errors="raise"``, an
    interruption) leaves the target as it was and no temporary file.

    A text starting with ``=``, ``+``, ``-`` or ``@`` (an initiative's name, a file's path) is
    written to a CSV file as it is, as in a CSV bundle: the file is data for a program
    (``pandas.read_csv`` reads it back unchanged), and a spreadsheet program may take such a
    cell for a formula when it opens the file; open it in one with its import of text, or
    write Parquet.

    Parameters
    ----------
    results
        ``(position, result)`` pairs from :func:`iter_assess` (results being assessments,
        failures with ``errors="return"``, or rows of ``keep=batch_row``), or the list of
        :func:`assess_many`.
    path
        The file to write.
    format
        ``"csv"`` or ``"parquet"``; by default, from the suffix (``.csv``; ``.parquet`` or
        ``.pq``).
    row_group_size
        Rows per Parquet row group, an integer at least 1: the rows held in memory at a
        time (ignored for CSV, but checked).

    Returns
    -------
    int
        The number of rows written.

    Raises
    ------
    FormatError
        When the format is unknown or cannot be told from the suffix.
    MissingDependencyError
        For Parquet, when pyarrow is not installed (``pip install
        'collective-impact[parquet]'``); checked before any work is done.
    WriteError
        When the file cannot be written; the target is left as it was.
    BatchError
        From the results, when an initiative fails and ``errors="raise"``; the target is left
        as it was.
    Exception
        Whatever else the results raise, as they raised it (a generator that fails to read an
        input file: its ``OSError``, naming that file, not a ``WriteError`` of the target);
        the target is left as it was.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).
    ValidationError
        When ``row_group_size`` is not an integer (``int``) at least 1: ``2.0`` is refused.

    Notes
    -----
    The columns are those of :func:`batch_frame` (:data:`BATCH_COLUMNS`), the rows in the order
    the results arrive: the order of completion on an executor, unless the stream is
    ``iter_assess(..., ordered=True)``, which makes the file the same, byte for byte, in every
    run. The CSV file is UTF-8 with a
    header row; a missing value is an empty cell and the scores are written in full, so they
    read back bit for bit. Read it with ``pandas.read_csv(path, keep_default_na=False,
    na_values=[""])``: by default pandas also takes names such as ``NA``, ``None``, ``null``
    or ``nan`` for missing values. In Parquet a missing value is null; ``position`` and the gap
    counts are 64-bit integers, the scores doubles.

    Examples
    --------
    >>> import csv, tempfile, pathlib
    >>> import collective_impact as ci
    >>> batch = [ci.load_example("workforce"), ci.load_example("cradle-to-career")]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder, "study.csv")
    ...     write_batch(iter_assess(batch, keep=batch_row), target)
    ...     text = target.read_text(encoding="utf-8")
    2
    >>> rows = list(csv.DictReader(text.splitlines()))
    >>> [(row["position"], row["phase"]) for row in rows]
    [('0', 'III'), ('1', 'I')]
    """
    _check_write_arguments(path, row_group_size)
    row_group_size = int(row_group_size)  # a NumPy count too
    target = Path(path)
    kind = _batch_format(target, format)
    written = 0

    def write_csv(tmp: Path) -> None:
        nonlocal written
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(BATCH_COLUMNS)
            for row in _rows_apart(results):
                writer.writerow([_csv_cell(row[c]) for c in BATCH_COLUMNS])
                written += 1

    def write_parquet(tmp: Path) -> None:
        nonlocal written
        schema = pa.schema(
            [
                (c, pa.string())
                if c in _TEXT_COLUMNS
                else (c, pa.int64())
                if c in _COUNT_COLUMNS
                else (c, pa.float64())
                for c in BATCH_COLUMNS
            ]
        )
        with pq.ParquetWriter(tmp, schema) as writer:
            group: list[dict[str, Any]] = []
            for row in _rows_apart(results):
                group.append(row)
                written += 1
                if len(group) >= row_group_size:
                    writer.write_table(pa.Table.from_pylist(group, schema=schema))
                    group.clear()
            if group or written == 0:
                writer.write_table(pa.Table.from_pylist(group, schema=schema))

    if kind == "parquet":
        try:  # imported by name: pyarrow has no type information
            pa = importlib.import_module("pyarrow")
            pq = importlib.import_module("pyarrow.parquet")
        except ImportError as exc:
            raise MissingDependencyError("pyarrow", "parquet", purpose="Parquet files") from exc
    try:
        write_atomic(target, write_parquet if kind == "parquet" else write_csv)
    except BaseException as err:
        close = getattr(results, "close", None)
        if callable(close):  # a stream of iter_assess: cancel the work not yet started
            close()
        if isinstance(err, _ResultsFailed):  # the results' own error, as they raised it
            raise err.error from None
        raise
    return written
