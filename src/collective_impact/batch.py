"""Assess many initiatives at once, on any :class:`concurrent.futures.Executor`.

A researcher comparing initiatives, or scoring thousands of synthetic null models, calls
:func:`assess_many` with the executor of their choice: none (serial, in this process), a thread
or process pool, or a Dask distributed client's executor when one machine is not enough
(DESIGN §7). Results come back in input order, whatever order they finish in.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any, TypeVar, cast, overload

from ._progress import Bar as _Bar
from ._progress import progress_bar as _progress_bar
from .config import ScoringConfig
from .errors import CollectiveImpactError
from .model import Initiative
from .report import Assessment, assess

__all__ = ["BatchError", "assess_many", "iter_assess"]

T = TypeVar("T")


class BatchError(CollectiveImpactError):
    """Assessing one initiative of a batch failed.

    The error of the initiative itself is chained as ``__cause__`` (with, for a process pool,
    the worker's traceback chained under it) and kept in :attr:`cause`.

    Parameters
    ----------
    position
        Position of the failing initiative in the input (0-based, like a list index).
    cause
        The exception raised for it.
    name
        The initiative's name, when it has one.

    Attributes
    ----------
    position : int
        Position of the failing initiative in the input.
    cause : BaseException
        The exception raised for it.
    name : str or None
        The initiative's name.

    Examples
    --------
    >>> err = BatchError(3, ValueError("bad drives"), name="Example")
    >>> print(err)
    assessing initiatives[3] ('Example') failed: ValueError: bad drives
    >>> err.position
    3
    """

    def __init__(self, position: int, cause: BaseException, *, name: str | None = None) -> None:
        self.position = position
        self.cause = cause
        self.name = name
        super().__init__(self._render())

    def _render(self) -> str:
        label = f" ({self.name!r})" if self.name is not None else ""
        return (
            f"assessing initiatives[{self.position}]{label} failed: "
            f"{type(self.cause).__name__}: {self.cause}"
        )

    def __str__(self) -> str:
        return self._render()


def _assess_one(
    initiative: Initiative,
    *,
    config: ScoringConfig | None,
    as_of: dt.date | None,
    recommendations: int,
    keep: Callable[[Assessment], Any] | None = None,
) -> Any:
    """Assess one initiative (a top-level function, so process pools can pickle it).

    With ``keep``, return ``keep(assessment)`` instead: it runs where the assessment was
    computed, so only what is kept crosses back from a worker.
    """
    result = assess(initiative, config=config, as_of=as_of, recommendations=recommendations)
    return result if keep is None else keep(result)


def _checked(items: Iterable[object]) -> Iterator[tuple[int, Initiative]]:
    """Yield ``(position, initiative)``; raise :class:`BatchError` at an item of another type."""
    for position, item in enumerate(items):
        if not isinstance(item, Initiative):
            cause = TypeError(f"expected an Initiative, got {type(item).__name__}")
            raise BatchError(position, cause)
        yield position, item


def assess_many(
    initiatives: Iterable[Initiative],
    *,
    executor: cf.Executor | None = None,
    progress: bool = True,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
    recommendations: int = 5,
) -> list[Assessment]:
    """Assess every initiative, on an executor or serially; return the results in input order.

    Parameters
    ----------
    initiatives
        The initiatives (any iterable; it is read once, up front).
    executor
        Any :class:`concurrent.futures.Executor`: one :func:`~collective_impact.assess` call is
        submitted per initiative. ``None`` runs them one after the other in this process. The
        executor is used, not shut down: the caller owns it.
    progress
        Show a tqdm progress bar, advancing as assessments complete.
    config, as_of, recommendations
        Passed to every :func:`~collective_impact.assess` call.

    Returns
    -------
    list of Assessment
        ``result[i]`` is the assessment of the ``i``-th initiative.

    Raises
    ------
    BatchError
        As soon as one assessment fails (or before any work starts, when an item is not an
        :class:`~collective_impact.Initiative`); ``position`` names the failing initiative and
        ``__cause__`` is its error. With an executor, "first" is the first failure to
        *complete*, which need not be the lowest position; the assessments not yet started are
        cancelled, those already running are left to finish and their results dropped.

    See Also
    --------
    iter_assess : the same, streamed: results as they complete, only what you keep of each,
        and the input read as it goes — for runs of thousands.

    Notes
    -----
    Each initiative (and each :class:`~collective_impact.Assessment`) crosses to the worker
    and back by pickling when the executor runs in other processes; everything in the library
    is picklable, errors included. For thousands of small initiatives a process pool pays off
    once one assessment takes longer than the pickling (tens of milliseconds); a thread pool
    helps less, as most of an assessment holds the GIL.

    A Dask cluster is used through its ``concurrent.futures`` face, ``Client.get_executor()``
    (not run here: Dask is not a dependency)::

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
    """
    items = list(initiatives)
    for _ in _checked(items):  # every item is checked before any work starts
        pass
    results: list[Assessment | None] = [None] * len(items)
    stream: Iterator[tuple[int, Assessment]] = iter_assess(
        items,
        executor=executor,
        progress=progress,
        config=config,
        as_of=as_of,
        recommendations=recommendations,
        max_pending=max(len(items), 1),
    )
    for position, result in stream:
        results[position] = result
    return cast("list[Assessment]", results)  # every position was filled, or we raised


@overload
def iter_assess(
    initiatives: Iterable[Initiative],
    *,
    executor: cf.Executor | None = ...,
    keep: None = ...,
    max_pending: int | None = ...,
    progress: bool = ...,
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
) -> Iterator[tuple[int, Assessment]]: ...


@overload
def iter_assess(
    initiatives: Iterable[Initiative],
    *,
    executor: cf.Executor | None = ...,
    keep: Callable[[Assessment], T],
    max_pending: int | None = ...,
    progress: bool = ...,
    config: ScoringConfig | None = ...,
    as_of: dt.date | None = ...,
    recommendations: int = ...,
) -> Iterator[tuple[int, T]]: ...


def iter_assess(
    initiatives: Iterable[Initiative],
    *,
    executor: cf.Executor | None = None,
    keep: Callable[[Assessment], Any] | None = None,
    max_pending: int | None = None,
    progress: bool = False,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
    recommendations: int = 5,
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
        Any iterable of initiatives, read lazily, once.
    executor
        Any :class:`concurrent.futures.Executor` (a process pool, a Dask client's
        ``get_executor()``...); ``None`` assesses them one after the other in this process.
        The caller owns it (it is not shut down).
    keep
        A function of an :class:`~collective_impact.Assessment`, applied where the assessment
        was computed; its value is what is yielded (the assessment itself when ``None``). With
        a process pool it must be picklable: a module-level function, not a lambda.
    max_pending
        At most this many assessments submitted and not yet yielded (default: twice the
        executor's workers when it says, else 16). Ignored without an executor.
    progress
        Show a progress bar, advancing as assessments complete.
    config, as_of, recommendations
        Passed to every :func:`~collective_impact.assess` call.

    Yields
    ------
    tuple of (int, object)
        The position of the initiative in the input and its result; in input order without an
        executor, in order of completion with one.

    Raises
    ------
    BatchError
        At the first assessment that fails (or item that is not an initiative), naming its
        position; ``__cause__`` is its error. The assessments not yet started are cancelled,
        also when the caller stops iterating early.
    ValueError
        When ``max_pending`` is smaller than 1.

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
    1 0.6
    """
    if max_pending is not None and max_pending < 1:
        raise ValueError(f"max_pending must be >= 1, not {max_pending}")
    task: Callable[[Initiative], Any] = functools.partial(
        _assess_one, config=config, as_of=as_of, recommendations=recommendations, keep=keep
    )
    total = len(initiatives) if isinstance(initiatives, Sized) else None
    bar = _progress_bar(total, desc="assessing", unit="initiative") if progress else None
    try:
        if executor is None:
            yield from _serial(_checked(initiatives), task, bar)
        else:
            window = max_pending if max_pending is not None else _default_window(executor)
            yield from _on_executor(_checked(initiatives), task, executor, bar, window)
    finally:
        if bar is not None:
            bar.close()


def _default_window(executor: cf.Executor) -> int:
    workers = getattr(executor, "_max_workers", None)
    return 2 * workers if isinstance(workers, int) and workers > 0 else 16


def _serial(
    items: Iterator[tuple[int, Initiative]], task: Callable[[Initiative], T], bar: _Bar | None
) -> Iterator[tuple[int, T]]:
    for position, item in items:
        try:
            result = task(item)
        except Exception as err:
            raise BatchError(position, err, name=item.name) from err
        if bar is not None:
            bar.update(1)
        yield position, result


def _on_executor(
    items: Iterator[tuple[int, Initiative]],
    task: Callable[[Initiative], T],
    executor: cf.Executor,
    bar: _Bar | None,
    window: int,
) -> Iterator[tuple[int, T]]:
    pending: dict[cf.Future[T], tuple[int, str | None]] = {}
    try:
        more = True
        while more or pending:
            while more and len(pending) < window:
                nxt = next(items, None)
                if nxt is None:
                    more = False
                    break
                position, item = nxt
                pending[executor.submit(task, item)] = (position, item.name)
            if not pending:
                break
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f][0]):
                position, name = pending.pop(future)
                try:
                    result = future.result()
                except Exception as err:
                    raise BatchError(position, err, name=name) from err
                if bar is not None:
                    bar.update(1)
                yield position, result
    finally:
        for future in pending:  # stop what has not started; a no-op on finished futures
            future.cancel()
