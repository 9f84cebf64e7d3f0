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
from collections.abc import Callable, Iterable, Sequence
from typing import cast

from ._progress import Bar as _Bar
from ._progress import progress_bar as _progress_bar
from .config import ScoringConfig
from .errors import CollectiveImpactError
from .model import Initiative
from .report import Assessment, assess

__all__ = ["BatchError", "assess_many"]


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
) -> Assessment:
    """Assess one initiative (a top-level function, so process pools can pickle it)."""
    return assess(initiative, config=config, as_of=as_of, recommendations=recommendations)


def _check_items(items: Sequence[object]) -> None:
    """Raise :class:`BatchError` for the first item that is not an :class:`Initiative`."""
    for position, item in enumerate(items):
        if not isinstance(item, Initiative):
            cause = TypeError(f"expected an Initiative, got {type(item).__name__}")
            raise BatchError(position, cause)


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
    _check_items(items)
    task: Callable[[Initiative], Assessment] = functools.partial(
        _assess_one, config=config, as_of=as_of, recommendations=recommendations
    )
    bar = _progress_bar(len(items), desc="assessing", unit="initiative") if progress else None
    try:
        if executor is None:
            return _serial(items, task, bar)
        return _on_executor(items, task, executor, bar)
    finally:
        if bar is not None:
            bar.close()


def _serial(
    items: list[Initiative], task: Callable[[Initiative], Assessment], bar: _Bar | None
) -> list[Assessment]:
    results = []
    for position, item in enumerate(items):
        try:
            results.append(task(item))
        except Exception as err:
            raise BatchError(position, err, name=item.name) from err
        if bar is not None:
            bar.update(1)
    return results


def _on_executor(
    items: list[Initiative],
    task: Callable[[Initiative], Assessment],
    executor: cf.Executor,
    bar: _Bar | None,
) -> list[Assessment]:
    futures: dict[cf.Future[Assessment], int] = {}
    results: list[Assessment | None] = [None] * len(items)
    try:
        for position, item in enumerate(items):
            futures[executor.submit(task, item)] = position
        for future in cf.as_completed(futures):
            position = futures[future]
            try:
                results[position] = future.result()
            except Exception as err:
                raise BatchError(position, err, name=items[position].name) from err
            if bar is not None:
                bar.update(1)
    except BaseException:
        for future in futures:  # stop what has not started; a no-op on finished futures
            future.cancel()
        raise
    return cast("list[Assessment]", results)  # every position was filled, or we raised
