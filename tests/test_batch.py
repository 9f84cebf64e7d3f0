"""Tests of batch assessment (``batch.py``): ``assess_many`` on every kind of executor.

The expected values are those of one ``assess`` call per initiative, in input order.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import attrs
import pytest

import collective_impact as ci
from collective_impact import Initiative, ScoringConfig
from collective_impact.batch import BatchError, assess_many, iter_assess
from collective_impact.errors import CollectiveImpactError, PathwayError
from collective_impact.synth import generate

#: Python 3.12+ warns when a process pool forks a process that runs other threads (a tqdm monitor,
#: a finished thread pool not yet reaped); the workers here only run ``assess``.
forking = pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")


def batch() -> list[Initiative]:
    """Six initiatives of different sizes, so that they finish out of order on a pool."""
    examples = [ci.load_example(name) for name in ("workforce", "cradle-to-career")]
    synthetic = [
        generate(partners=p, activities=a, indicators=6, ties=p, seed=s)
        for s, (p, a) in enumerate([(30, 120), (5, 8), (20, 60), (8, 15)])
    ]
    return [synthetic[0], examples[0], synthetic[1], examples[1], synthetic[2], synthetic[3]]


def summary(assessments: list[ci.Assessment]) -> list[dict[str, Any]]:
    return [a.to_dict() for a in assessments]


def diverging(initiative: Initiative) -> Initiative:
    """The initiative with a drives cycle whose series diverges (assess raises PathwayError).

    Three indicators all driving each other with weight 1: the spectral radius of λW is
    λ · 2 = 1 at the default λ = 0.5, so the series does not converge.
    """
    cycle, rest = initiative.indicators[:3], initiative.indicators[3:]
    drives = [{o.id: 1.0 for o in cycle if o.id != i.id} for i in cycle]
    changed = tuple(attrs.evolve(i, drives=d) for i, d in zip(cycle, drives, strict=True))
    return initiative.evolve(indicators=changed + rest)


@pytest.fixture(scope="module")
def initiatives() -> list[Initiative]:
    return batch()


@pytest.fixture(scope="module")
def expected(initiatives: list[Initiative]) -> list[dict[str, Any]]:
    return summary([ci.assess(i) for i in initiatives])


class SerialExecutor(Executor):
    """An executor that runs each task at once, in the caller's thread (a minimal Executor)."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(  # type: ignore[override]
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as err:
            future.set_exception(err)
        return future


class TestAssessMany:
    def test_serial(self, initiatives: list[Initiative], expected: list[dict[str, Any]]) -> None:
        assert summary(assess_many(initiatives, progress=False)) == expected

    def test_thread_pool(
        self, initiatives: list[Initiative], expected: list[dict[str, Any]]
    ) -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = assess_many(initiatives, executor=pool, progress=False)
        assert summary(results) == expected

    @forking
    def test_process_pool(
        self, initiatives: list[Initiative], expected: list[dict[str, Any]]
    ) -> None:
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = assess_many(initiatives, executor=pool, progress=False)
        assert summary(results) == expected
        assert [r.initiative for r in results] == initiatives

    def test_any_executor(
        self, initiatives: list[Initiative], expected: list[dict[str, Any]]
    ) -> None:
        executor = SerialExecutor()
        assert summary(assess_many(initiatives, executor=executor, progress=False)) == expected
        assert executor.submitted == len(initiatives)

    def test_executor_is_not_shut_down(self, initiatives: list[Initiative]) -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            assess_many(initiatives[:2], executor=pool, progress=False)
            assert pool.submit(int, "3").result() == 3

    def test_any_iterable(self, initiatives: list[Initiative]) -> None:
        def gen() -> Iterator[Initiative]:
            yield from initiatives[:3]

        results = assess_many(gen(), progress=False)
        assert [r.initiative for r in results] == initiatives[:3]

    def test_empty(self) -> None:
        assert assess_many([], progress=False) == []
        with ThreadPoolExecutor(max_workers=2) as pool:
            assert assess_many([], executor=pool, progress=False) == []

    def test_options_are_passed_to_assess(self, initiatives: list[Initiative]) -> None:
        cfg = ScoringConfig(brokered_coordination=0.0, min_funding_years=5)
        when = dt.date(2026, 1, 1)
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = assess_many(
                initiatives,
                executor=pool,
                progress=False,
                config=cfg,
                as_of=when,
                recommendations=1,
            )
        direct = [ci.assess(i, config=cfg, as_of=when, recommendations=1) for i in initiatives]
        assert summary(results) == summary(direct)
        assert all(r.config == cfg and r.as_of == when for r in results)
        assert all(len(r.recommendations) <= 1 for r in results)


class TestProgress:
    @pytest.mark.parametrize("pooled", [False, True])
    def test_progress_bar(
        self, initiatives: list[Initiative], pooled: bool, capsys: pytest.CaptureFixture[str]
    ) -> None:
        if pooled:
            with ThreadPoolExecutor(max_workers=2) as pool:
                assess_many(initiatives, executor=pool)
        else:
            assess_many(initiatives)
        captured = capsys.readouterr()
        assert f"{len(initiatives)}/{len(initiatives)}" in captured.err
        assert "assessing" in captured.err
        assert captured.out == ""

    def test_no_progress_bar(
        self, initiatives: list[Initiative], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assess_many(initiatives[:2], progress=False)
        assert capsys.readouterr().err == ""


class TestErrors:
    @forking
    @pytest.mark.parametrize("where", ["serial", "threads", "processes"])
    def test_failing_initiative_is_named(self, initiatives: list[Initiative], where: str) -> None:
        items = list(initiatives)
        items[3] = diverging(items[3])

        def run() -> None:
            if where == "serial":
                assess_many(items, progress=False)
                return
            pool_type = ThreadPoolExecutor if where == "threads" else ProcessPoolExecutor
            with pool_type(max_workers=2) as pool:
                assess_many(items, executor=pool, progress=False)

        with pytest.raises(BatchError) as err:
            run()
        assert err.value.position == 3
        assert err.value.name == items[3].name
        assert "initiatives[3]" in str(err.value)
        assert "PathwayError" in str(err.value)
        assert isinstance(err.value, CollectiveImpactError)
        assert isinstance(err.value.cause, PathwayError)
        assert err.value.__cause__ is err.value.cause

    @pytest.mark.parametrize("bad", [None, {"name": "not an initiative"}, "workforce.yaml"])
    def test_invalid_item_is_named_before_any_work(
        self, initiatives: list[Initiative], bad: Any
    ) -> None:
        executor = SerialExecutor()
        items: list[Any] = [*initiatives[:2], bad, initiatives[2]]
        with pytest.raises(BatchError, match=r"initiatives\[2\]") as err:
            assess_many(items, executor=executor, progress=False)
        assert err.value.position == 2
        assert isinstance(err.value.cause, TypeError)
        assert type(bad).__name__ in str(err.value)
        assert executor.submitted == 0

    def test_pending_work_is_cancelled(self, initiatives: list[Initiative]) -> None:
        # one worker; the first task waits until every task is submitted, then fails: the
        # tasks still queued are cancelled (the worker may have picked up the next one)
        submitted = itertools.count()
        started: list[int] = []
        everything_submitted = threading.Event()
        total = len(initiatives)

        class Recording(ThreadPoolExecutor):
            def submit(  # type: ignore[override]
                self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
            ) -> Future[Any]:
                position = next(submitted)

                def run() -> Any:
                    started.append(position)
                    if position == 0:
                        everything_submitted.wait(10)
                        raise ValueError("first fails")
                    return fn(*args, **kwargs)

                future = super().submit(run)
                if position == total - 1:
                    everything_submitted.set()
                return future

        with (
            Recording(max_workers=1) as pool,
            pytest.raises(BatchError, match="ValueError: first fails") as err,
        ):
            assess_many(initiatives, executor=pool, progress=False)
        assert err.value.position == 0
        assert started[0] == 0
        assert len(started) < total

    def test_batch_error_pickles(self) -> None:
        err = BatchError(2, ValueError("boom"), name="X")
        back = pickle.loads(pickle.dumps(err))
        assert (back.position, back.name, str(back)) == (2, "X", str(err))
        assert isinstance(back.cause, ValueError)


def alignment_index(result: ci.Assessment) -> float | None:
    """What a study keeps of each assessment (module level: process pools pickle it)."""
    return result.alignment.index


class TestIterAssess:
    """The streamed batch: results as they complete, only what is kept, the input read lazily."""

    def test_serial_stream_in_input_order_keeps_only_what_is_asked(self) -> None:
        items = batch()
        expected = [ci.assess(i).alignment.index for i in items]
        got = list(iter_assess(items, keep=alignment_index))
        assert got == list(enumerate(expected))

    @forking
    def test_process_pool_stream_matches_serial(self) -> None:
        items = batch()
        expected = dict(enumerate(ci.assess(i).alignment.index for i in items))
        with ProcessPoolExecutor(max_workers=2) as pool:
            got = dict(iter_assess(items, executor=pool, keep=alignment_index, max_pending=2))
        assert got == expected

    def test_input_is_read_as_work_is_submitted(self) -> None:
        """With a window of 2, the third initiative is not drawn before the first result is
        handed over: a generator of thousands is never materialised."""
        drawn: list[int] = []
        items = batch()

        def source() -> Iterator[Initiative]:
            for k, item in enumerate(items):
                drawn.append(k)
                yield item

        with ThreadPoolExecutor(max_workers=1) as pool:
            stream = iter_assess(source(), executor=pool, keep=alignment_index, max_pending=2)
            next(stream)
            assert len(drawn) <= 3
            stream.close()  # stopping early cancels what has not started
        assert len(drawn) <= 4

    def test_failure_names_its_position(self) -> None:
        items = [*batch()[:2], "not an initiative"]
        stream = iter_assess(items, keep=alignment_index)  # type: ignore[arg-type]
        assert next(stream)[0] == 0
        assert next(stream)[0] == 1
        with pytest.raises(BatchError) as info:
            next(stream)
        assert info.value.position == 2

    def test_window_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="max_pending"):
            list(iter_assess(batch(), max_pending=0))
