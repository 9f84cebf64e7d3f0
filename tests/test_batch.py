"""Tests of batch assessment (``batch.py``): ``assess_many`` on every kind of executor.

The expected values are those of one ``assess`` call per initiative, in input order.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import functools
import itertools
import multiprocessing
import pickle
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest

import collective_impact as ci
from collective_impact import Assessment, Initiative, ScoringConfig
from collective_impact.analysis.conditions import SCORE_KEYS
from collective_impact.batch import (
    BATCH_COLUMNS,
    BatchError,
    assess_many,
    batch_frame,
    batch_row,
    iter_assess,
    write_batch,
)
from collective_impact.errors import CollectiveImpactError, FormatError, PathwayError
from collective_impact.synth import generate

#: Python 3.12+ warns when a process pool forks a process that runs other threads (a tqdm monitor,
#: a finished thread pool not yet reaped); the workers here only run ``assess``.
forking = pytest.mark.filterwarnings("ignore:.*multi-threaded.*fork:DeprecationWarning")

DOCS = Path(__file__).resolve().parent.parent / "docs"

#: An item that is neither an initiative nor the path of a file (a text is a path), and the
#: error cell of its row.
NOT_ONE: Any = {"name": "not an initiative"}
REFUSED = "TypeError: expected an Initiative or the path of a file, got dict"


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

    @pytest.mark.parametrize("bad", [None, {"name": "not an initiative"}, b"workforce.yaml"])
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

    def test_a_dask_executor_submits_impure_tasks(self, initiatives: list[Initiative]) -> None:
        """Dask's executor keys a task by a hash of its function and argument (``pure=True``):
        a batch run again just after one stopped met the late cancellation of the same keys
        (tests/test_batch_dask.py runs that on a real cluster). Other executors get no
        keyword."""
        seen: list[dict[str, Any]] = []

        def submit(
            self: Executor, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
        ) -> Future[Any]:
            seen.append(kwargs)
            future: Future[Any] = Future()
            future.set_result(fn(*args))
            return future

        dask_like = type(
            "ClientExecutor", (Executor,), {"submit": submit, "__module__": "distributed.x"}
        )
        other = type("ClientExecutor", (Executor,), {"submit": submit})
        assess_many(initiatives[:2], executor=dask_like(), progress=False)
        assess_many(initiatives[:2], executor=other(), progress=False)
        assert seen == [{"pure": False}] * 2 + [{}] * 2

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
        items = [*batch()[:2], NOT_ONE]
        stream = iter_assess(items, keep=alignment_index)  # type: ignore[arg-type]
        assert next(stream)[0] == 0
        assert next(stream)[0] == 1
        with pytest.raises(BatchError) as info:
            next(stream)
        assert info.value.position == 2

    def test_window_must_be_positive(self) -> None:
        with pytest.raises(ValueError, match="max_pending"):
            list(iter_assess(batch(), max_pending=0))


# --------------------------------------------------------------------------- errors="return"


def die(result: ci.Assessment) -> Any:
    """``keep`` that ends the worker process running it, as a crash would."""
    import os

    os._exit(13)


class TestErrorsReturned:
    """``errors="return"``: a failure takes the place of its result; nothing is lost."""

    @forking
    @pytest.mark.parametrize("where", ["serial", "threads", "processes"])
    def test_every_position_is_accounted_for(self, where: str) -> None:
        items: list[Any] = batch()
        items[2] = diverging(items[2])
        items[4] = NOT_ONE
        expected = [
            ci.assess(i).alignment.index if k not in (2, 4) else None for k, i in enumerate(items)
        ]
        if where == "serial":
            got = dict(iter_assess(items, keep=alignment_index, errors="return"))
        else:
            pool_type = ThreadPoolExecutor if where == "threads" else ProcessPoolExecutor
            with pool_type(max_workers=2) as pool:
                got = dict(
                    iter_assess(
                        items, executor=pool, keep=alignment_index, max_pending=2, errors="return"
                    )
                )
        assert sorted(got) == list(range(len(items)))
        assert isinstance(got[2], BatchError)
        assert isinstance(got[2].cause, PathwayError)
        assert got[2].name == items[2].name
        assert isinstance(got[4], BatchError)
        assert isinstance(got[4].cause, TypeError)
        assert [got[k] for k in (0, 1, 3, 5)] == [expected[k] for k in (0, 1, 3, 5)]

    def test_assess_many_puts_failures_in_place(self) -> None:
        items = batch()[:3]
        items[1] = diverging(items[1])
        results = assess_many(items, progress=False, errors="return")
        assert isinstance(results[0], ci.Assessment)
        assert isinstance(results[1], BatchError)
        assert results[1].position == 1
        assert isinstance(results[2], ci.Assessment)

    def test_unknown_mode(self) -> None:
        with pytest.raises(ci.ValidationError, match=r"expected .raise. or .return."):
            assess_many(batch()[:1], errors="ignore")  # type: ignore[call-overload]
        with pytest.raises(ci.ValidationError, match=r"expected .raise. or .return."):
            list(iter_assess(batch()[:1], errors="skip"))  # type: ignore[call-overload]


class TestInputThatRaises:
    """An input generator whose file does not load (the pattern of docs/studies.md) raised a
    bare ValidationError: no position, and with ``errors="return"`` every row already computed
    was lost with ``write_batch``. It ends the stream with a :class:`BatchError` that says
    reading failed, at the position it failed at; the results before it are kept."""

    @staticmethod
    def study() -> Iterator[Initiative]:
        for seed in range(6):
            if seed == 4:
                yield ci.loads("name: broken\npartners: nope\n", format="yaml")
            yield generate(partners=5, activities=6, indicators=3, ties=4, seed=seed)

    def test_returned_in_place_and_the_stream_ends(self) -> None:
        got = list(iter_assess(self.study(), keep=batch_row, errors="return"))
        assert [p for p, _ in got] == [0, 1, 2, 3, 4]
        failure = got[4][1]
        assert isinstance(failure, BatchError)
        assert failure.reading
        assert isinstance(failure.cause, ci.ValidationError)
        assert failure.reason.startswith("reading the input failed (ValidationError: 2 problems")
        assert str(failure).startswith("initiatives[4]: reading the input failed")
        assert "the input ends here" in str(failure)
        again = pickle.loads(pickle.dumps(failure))
        assert (again.position, again.reading) == (4, True)

    def test_the_reason_is_one_line_that_says_the_input_ended(self, tmp_path: Path) -> None:
        """The ``error`` cell of the failure spanned several lines (the cause's, a
        ValidationError listing its problems), though documented as one line, and did not say
        that the input ended there: the files after it had no row and nothing said so (found by
        a reviewer of the batch studies, F5)."""
        got = list(iter_assess(self.study(), keep=batch_row, errors="return"))
        failure = got[4][1]
        assert isinstance(failure, BatchError)
        assert "\n" not in failure.reason
        assert isinstance(failure.cause, ci.ValidationError)
        problems = "; ".join(str(p) for p in failure.cause.problems)
        assert failure.reason == (
            f"reading the input failed (ValidationError: 2 problems: {problems}); "
            "the input ends here, after 4 items"
        )
        assert "\n" not in str(failure)
        assert str(failure).count("the input ends here") == 1
        target = tmp_path / "study.csv"
        assert write_batch(iter_assess(self.study(), keep=batch_row, errors="return"), target) == 5
        assert len(target.read_text(encoding="utf-8").splitlines()) == 1 + 5

    def test_a_cause_of_several_lines_is_one_line(self) -> None:
        cause = ValueError("2 problems in a.yaml:\n  partners: bad\n  name: missing\n")
        assert BatchError(0, cause).reason == (
            "ValueError: 2 problems in a.yaml: partners: bad; name: missing"
        )
        assert BatchError(0, ValueError("")).reason == "ValueError"

    def test_raised_with_its_position(self) -> None:
        with pytest.raises(BatchError) as info:
            list(iter_assess(self.study(), keep=batch_row))
        assert (info.value.position, info.value.reading) == (4, True)

    @pytest.mark.parametrize("where", ["serial", "threads"])
    def test_assess_many_returns_it_in_place(self, where: str) -> None:
        """``assess_many(errors="return")`` read the input with ``list()``: the generator's
        error escaped as it was (no position, not a CollectiveImpactError) and the results of
        the initiatives that did load were lost; ``iter_assess`` returned it in place."""
        expected = list(iter_assess(self.study(), errors="return"))
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = assess_many(
                self.study(),
                executor=pool if where == "threads" else None,
                progress=False,
                errors="return",
            )
        assert len(results) == 5
        assert [type(r).__name__ for r in results] == ["Assessment"] * 4 + ["BatchError"]
        assert summary(results[:4]) == summary([r for _, r in expected[:4]])  # type: ignore[arg-type]
        failure = results[4]
        assert isinstance(failure, BatchError)
        assert (failure.position, failure.reading) == (4, True)
        assert isinstance(failure.cause, ci.ValidationError)
        assert failure.__cause__ is failure.cause
        assert str(failure) == str(expected[4][1])

    def test_assess_many_raises_it_as_it_is(self) -> None:
        """With ``errors="raise"`` the input is read up front and its error raised unchanged."""
        with pytest.raises(ci.ValidationError, match="2 problems"):
            assess_many(self.study(), progress=False)

    def test_write_batch_keeps_the_rows_before_it(self, tmp_path: Path) -> None:
        target = tmp_path / "study.csv"
        written = write_batch(iter_assess(self.study(), keep=batch_row, errors="return"), target)
        rows = read_rows(target)
        assert written == len(rows) == 5
        assert [r["error"] == "" for r in rows] == [True, True, True, True, False]
        assert rows[4]["error"].startswith("reading the input failed (ValidationError")


class TestWorkerDeath:
    """A process pool breaks when a worker dies: every assessment in flight is reported."""

    @forking
    def test_raise_names_a_position_and_the_death(self) -> None:
        items = batch()[:3]
        with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises(BatchError) as info:
            list(iter_assess(items, executor=pool, keep=die, max_pending=1))
        err = info.value
        assert err.position == 0
        assert err.worker_died
        assert "the worker died (BrokenProcessPool: " in str(err)

    @forking
    def test_return_accounts_for_every_input(self) -> None:
        items = batch()
        with ProcessPoolExecutor(max_workers=2) as pool:
            got = dict(iter_assess(items, executor=pool, keep=die, max_pending=2, errors="return"))
        assert sorted(got) == list(range(len(items)))
        assert all(isinstance(v, BatchError) and v.worker_died for v in got.values())

    def test_worker_died_is_read_from_the_cause(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        err = BatchError(5, BrokenProcessPool("a child process terminated abruptly"), name="A")
        assert err.worker_died
        assert err.reason.startswith("the worker died (BrokenProcessPool: ")
        back = pickle.loads(pickle.dumps(err))
        assert back.worker_died
        assert str(back) == str(err)
        assert not BatchError(5, ValueError("x")).worker_died


# --------------------------------------------------------------------------- rows, frames, files


def test_a_row_says_when_and_what_was_judged() -> None:
    """cradle-to-career judged on its latest observation, 2026-09-30: 22 activities scored,
    four (ended before it) not; on 2024-06-30 every-day-counts (2024-01-08 to 2024-12-31) and
    the others that began by then run."""
    init = ci.load_example("cradle-to-career")
    row = batch_row(ci.assess(init))
    assert (row["as_of"], row["activities"], row["activities_not_running"]) == ("2026-09-30", 22, 4)
    earlier = batch_row(ci.assess(init, as_of=dt.date(2024, 6, 30)))
    assert earlier["as_of"] == "2024-06-30"
    assert earlier["activities"] + earlier["activities_not_running"] == len(init.activities)
    assert earlier["activities"] != 22
    # judged before its latest data, the row says how many values were left out
    assert (row["data_after_as_of"], earlier["data_after_as_of"]) == (
        0,
        ci.after_as_of(init, dt.date(2024, 6, 30)).count,
    )
    assert earlier["data_after_as_of"] > 0


class TestBatchFrame:
    def test_one_row_per_initiative(self) -> None:
        pytest.importorskip("pandas")
        items: list[Any] = batch()
        items[3] = NOT_ONE
        results = assess_many(items, progress=False, errors="return")
        frame = batch_frame(results)
        assert list(frame.columns) == list(BATCH_COLUMNS)
        assert frame["position"].tolist() == list(range(len(items)))
        assert str(frame["position"].dtype) == "int64"
        assert all(str(frame[k].dtype) == "float64" for k in SCORE_KEYS)
        for k, result in enumerate(results):
            row = frame.iloc[k]
            if isinstance(result, BatchError):
                assert row["error"] == REFUSED
                assert row[list(SCORE_KEYS)].isna().all()
                continue
            expected = batch_row(result)
            assert row["name"] == expected["name"]
            assert row["error"] is None
            assert row["phase"] == result.phase.label
            assert [row[k] for k in SCORE_KEYS] == [result.scores.to_dict()[k] for k in SCORE_KEYS]
            counts = [sum(g.severity == s for g in result.gaps) for s in ("critical", "warning")]
            assert [row["gaps_critical"], row["gaps_warning"]] == counts
            assert row["as_of"] == (result.as_of.isoformat() if result.as_of else None)
            assert row["as_of_source"] == result.as_of_source
            assert row["source"] is None  # given as initiatives, not files
            assert row["activities"] == result.alignment.activities
            assert row["activities_not_running"] == len(result.not_running)

    def test_from_a_stream_of_rows(self) -> None:
        pytest.importorskip("pandas")
        items = batch()
        with ThreadPoolExecutor(max_workers=2) as pool:
            pairs = list(iter_assess(items, executor=pool, keep=batch_row, max_pending=2))
        frame = batch_frame(pairs).sort_values("position", ignore_index=True)
        direct = batch_frame(assess_many(items, progress=False))
        assert frame.equals(direct)

    def test_other_results_are_refused(self) -> None:
        pytest.importorskip("pandas")
        with pytest.raises(TypeError, match=r"results\[1\]: expected an Assessment"):
            batch_frame([(0, batch_row(ci.assess(batch()[1]))), (1, 0.5)])


def read_rows(path: Any) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class TestWriteBatch:
    def test_csv_holds_every_row_in_full(self, tmp_path: Path) -> None:
        items = batch()
        target = tmp_path / "study.csv"
        assert write_batch(iter_assess(items, keep=batch_row), target) == len(items)
        rows = read_rows(target)
        assert [int(r["position"]) for r in rows] == list(range(len(items)))
        for row, item in zip(rows, items, strict=True):
            expected = batch_row(ci.assess(item))
            assert [float(row[k]) for k in SCORE_KEYS] == [expected[k] for k in SCORE_KEYS]
            index = expected["alignment_index"]
            assert row["alignment_index"] == ("" if index is None else repr(index))
            assert int(row["gaps_warning"]) == expected["gaps_warning"]
            assert row["error"] == ""
        assert sorted(p.name for p in tmp_path.iterdir()) == ["study.csv"]

    def test_failure_half_way_leaves_no_file(self, tmp_path: Path) -> None:
        items = batch()
        items[3] = diverging(items[3])
        target = tmp_path / "study.csv"
        with pytest.raises(BatchError) as info:
            write_batch(iter_assess(items, keep=batch_row), target)
        assert info.value.position == 3
        assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file

    def test_failure_leaves_an_existing_file_as_it_was(self, tmp_path: Path) -> None:
        target = tmp_path / "study.csv"
        target.write_text("old\n", encoding="utf-8")

        def results() -> Iterator[tuple[int, Any]]:
            yield 0, ci.assess(batch()[1])
            raise KeyboardInterrupt  # the user gives up half-way

        with pytest.raises(KeyboardInterrupt):
            write_batch(results(), target)
        assert target.read_text(encoding="utf-8") == "old\n"
        assert [p.name for p in tmp_path.iterdir()] == ["study.csv"]

    def test_failures_are_rows_too(self, tmp_path: Path) -> None:
        items: list[Any] = batch()[:3]
        items[1] = NOT_ONE
        target = tmp_path / "study.csv"
        write_batch(iter_assess(items, keep=batch_row, errors="return"), target)
        rows = read_rows(target)
        assert rows[1]["error"] == REFUSED
        assert rows[1]["overall"] == ""
        assert rows[1]["name"] == ""

    def test_csv_read_as_the_docs_say_keeps_every_name(self, tmp_path: Path) -> None:
        """docs/studies.md said to read the CSV file with ``pandas.read_csv("study.csv")``,
        which takes the names ``NA``, ``None``, ``null``, ``N/A``, ``nan``... for missing
        values: an initiative so named came back as one that failed without a name. The
        reading the page gives now keeps every name, and still reads empty cells as missing."""
        pd = pytest.importorskip("pandas")
        page = (DOCS / "studies.md").read_text(encoding="utf-8")
        calls = re.findall(r'pandas\.read_csv\("study\.csv"[^)]*\)', page)
        assert calls, "docs/studies.md no longer says how to read the CSV file back"
        names = ["NA", "None", "null", "N/A", "nan", "NaN", "#N/A", "<NA>", "NULL", "n/a"]
        good = ci.load_example("workforce").to_dict()
        items: list[Any] = [Initiative.from_dict({**good, "name": n}) for n in names]
        items.append(NOT_ONE)
        results = assess_many(items, progress=False, errors="return")
        write_batch(results, tmp_path / "study.csv")
        expected = batch_frame(results)
        for call in calls:
            node = ast.parse(call, mode="eval").body
            assert isinstance(node, ast.Call)
            args = [ast.literal_eval(a) for a in node.args]
            kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            frame = pd.read_csv(tmp_path / args[0], **kwargs)
            assert list(frame.columns) == list(BATCH_COLUMNS)
            assert frame["name"].tolist()[:-1] == names, call
            assert frame["name"].isna().tolist() == [False] * len(names) + [True]
            assert frame["error"].isna().tolist() == [True] * len(names) + [False]
            for column in BATCH_COLUMNS:
                if column in ("name", "error"):
                    continue
                got = frame[column].tolist()
                want = expected[column].tolist()
                assert [None if pd.isna(v) else v for v in got] == [
                    None if pd.isna(v) else v for v in want
                ], column

    def test_parquet_in_row_groups(self, tmp_path: Path) -> None:
        pq = pytest.importorskip("pyarrow.parquet")
        items: list[Any] = batch()
        items[5] = NOT_ONE
        target = tmp_path / "study.parquet"
        with ThreadPoolExecutor(max_workers=2) as pool:
            stream = iter_assess(
                items, executor=pool, keep=batch_row, max_pending=2, errors="return"
            )
            assert write_batch(stream, target, row_group_size=2) == len(items)
        table = pq.read_table(target)
        assert table.column_names == list(BATCH_COLUMNS)
        assert pq.ParquetFile(target).metadata.num_row_groups == 3  # written as rows arrived
        rows = sorted(table.to_pylist(), key=lambda r: r["position"])
        assert [r["position"] for r in rows] == list(range(len(items)))
        for row, item in zip(rows[:5], items, strict=False):
            assert row == {"position": row["position"], **batch_row(ci.assess(item))}
        assert rows[5]["overall"] is None
        assert rows[5]["error"] == REFUSED

    def test_empty_parquet_has_the_columns(self, tmp_path: Path) -> None:
        pq = pytest.importorskip("pyarrow.parquet")
        assert write_batch([], tmp_path / "none.pq") == 0
        assert pq.read_table(tmp_path / "none.pq").column_names == list(BATCH_COLUMNS)

    def test_parquet_without_pyarrow(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        import sys

        monkeypatch.setitem(sys.modules, "pyarrow", None)
        drawn: list[int] = []

        def results() -> Iterator[tuple[int, Any]]:
            drawn.append(0)
            yield from ()

        with pytest.raises(ci.MissingDependencyError, match=r"collective-impact\[parquet\]"):
            write_batch(results(), tmp_path / "study.parquet")
        assert drawn == []  # refused before any work
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize(
        ("name", "format", "message"),
        [
            ("study.txt", None, "cannot tell the format from the suffix '.txt'"),
            ("study", None, "suffix '(none)'"),
            ("study.csv", "xlsx", "unknown format 'xlsx'"),
        ],
    )
    def test_unknown_format(self, tmp_path: Path, name: str, format: Any, message: str) -> None:
        with pytest.raises(FormatError, match=re.escape(message)) as info:
            write_batch([], tmp_path / name, format=format)
        assert name in str(info.value)

    def test_folder_missing(self, tmp_path: Path) -> None:
        with pytest.raises(ci.WriteError, match="does not exist"):
            write_batch([], tmp_path / "nowhere" / "study.csv")


class TestBatchErrorsAtOnce:
    """Found by a report-only reviewer of the batch runs."""

    def test_every_item_that_is_not_an_initiative_is_named(self) -> None:
        """``assess_many([init, "x", 3, None])`` named ``initiatives[1]`` only."""
        init = ci.load_example("workforce")
        with pytest.raises(BatchError) as err:
            assess_many([init, b"x", 3, None], progress=False)
        assert err.value.position == 1
        assert str(err.value) == (
            "assessing initiatives[1] failed: TypeError: expected an Initiative or the path of "
            "a file, got bytes; not initiatives either: initiatives[2] (int), "
            "initiatives[3] (NoneType)"
        )
        assert err.value.__cause__ is err.value.cause
        many = [init, *range(10)]
        with pytest.raises(BatchError, match=r"initiatives\[6\] \(int\) and 4 others$"):
            assess_many(many, progress=False)

    def test_the_cause_of_a_refused_item_is_chained(self) -> None:
        """``__cause__`` was ``None`` for an item that is not an initiative, except on one
        path; docs/studies.md says the cause is also ``__cause__``."""
        results = assess_many([NOT_ONE], progress=False, errors="return")
        assert isinstance(results[0], BatchError)
        assert results[0].__cause__ is results[0].cause
        ((_, streamed),) = list(iter_assess([NOT_ONE], errors="return"))
        assert streamed.__cause__ is streamed.cause
        with pytest.raises(BatchError) as err:
            assess_many([NOT_ONE], progress=False)
        assert err.value.__cause__ is err.value.cause

    def test_iter_assess_checks_its_arguments_when_called(self) -> None:
        """``iter_assess([], max_pending=0)`` returned a generator; the error came at the
        first ``next()``, possibly deep inside ``write_batch``, and was a plain ValueError."""
        with pytest.raises(
            ci.ValidationError, match=r"max_pending: must be None or an integer \(int\) >= 1, not 0"
        ):
            iter_assess([], max_pending=0)
        with pytest.raises(ci.ValidationError, match="errors"):
            iter_assess([], errors="bogus")  # type: ignore[call-overload]

    @pytest.mark.parametrize("window", ["3", 2.5, 2.0, True])
    def test_max_pending_must_be_an_integer(self, window: object) -> None:
        """``max_pending="3"`` (read from a command line or a settings file) raised a bare
        ``TypeError`` from comparing a text with 1; ``True`` was taken as a window of 1.
        ``2.0`` is refused as every count argument of the library refuses it: the message
        said "must be None or a whole number >= 1, not 2.0", which it is (found by a
        reviewer); it asks for an integer."""
        shown = re.escape(repr(window))
        with pytest.raises(
            ci.ValidationError,
            match=rf"max_pending: must be None or an integer \(int\) >= 1, not {shown}$",
        ):
            iter_assess([], max_pending=window)  # type: ignore[call-overload]

    @pytest.mark.parametrize(
        ("option", "error"),
        [
            ({"config": {"duplication_threshold": 0.7}}, ci.ArgumentTypeError),
            ({"recommendations": -1}, ci.ValidationError),
            ({"recommendations": 2.5}, ci.ValidationError),
            ({"as_of": 20250901}, ci.ValidationError),
            ({"as_of": "2025-13-01"}, ci.ValidationError),
        ],
    )
    def test_an_option_of_assess_is_refused_once_when_called(
        self, option: dict[str, Any], error: type[Exception]
    ) -> None:
        """``iter_assess(inits, config={...}, errors="return")`` gave one failed row per
        initiative, each "ArgumentTypeError: config must be a ScoringConfig", and
        ``recommendations=-1`` likewise (found by a reviewer of the batch runs). Refused
        once, when called, before the input is read, with the error ``assess`` gives."""
        init = generate(partners=5, activities=6, indicators=3, ties=4, seed=0)

        def never_read() -> Iterator[Initiative]:
            raise AssertionError("the input was read")
            yield init

        with pytest.raises(error) as direct:
            ci.assess(init, **option)
        runs: list[Callable[[], object]] = [
            lambda: iter_assess(never_read(), errors="return", **option),
            lambda: iter_assess(never_read(), keep=batch_row, **option),
            lambda: iter_assess([init], executor=SerialExecutor(), errors="return", **option),
            lambda: assess_many(never_read(), progress=False, errors="return", **option),
            lambda: assess_many(never_read(), progress=False, **option),
            lambda: assess_many([], progress=False, **option),
        ]
        for run in runs:
            with pytest.raises(error) as refused:
                run()
            assert not isinstance(refused.value, BatchError)
            assert str(refused.value) == str(direct.value)

    def test_a_keep_or_an_executor_of_the_wrong_kind_is_refused_when_called(self) -> None:
        """``keep="batch_row"`` failed every initiative ("'str' object is not callable"),
        and so did an executor that is not one ("'str' object has no attribute 'submit'")."""
        init = ci.load_example("workforce")
        with pytest.raises(ci.ArgumentTypeError, match="keep: expected a function") as err:
            iter_assess([init], keep="batch_row", errors="return")  # type: ignore[call-overload]
        assert err.value.argument == "keep"
        for run in (
            lambda: iter_assess([init], executor="pool", errors="return"),  # type: ignore[call-overload]
            lambda: assess_many([init], executor="pool", errors="return"),  # type: ignore[call-overload]
        ):
            with pytest.raises(ci.ArgumentTypeError, match="executor: expected a concurrent"):
                run()
        # what is accepted still is: a date as text, a NumPy count
        ((_, row),) = list(
            iter_assess([init], as_of="2009-12-31", recommendations=np.int64(1), keep=batch_row)
        )
        assert (row["as_of"], row["as_of_source"]) == ("2009-12-31", "argument")

    def test_an_executor_class_is_refused_when_called(self) -> None:
        """``executor=ThreadPoolExecutor`` (the class: its ``submit`` is callable) failed every
        initiative with "'functools.partial' object has no attribute '_shutdown_lock'",
        blamed on each (found by a reviewer of the batch runs)."""
        init = ci.load_example("workforce")
        for kind in (ThreadPoolExecutor, ProcessPoolExecutor, SerialExecutor):
            for run in (iter_assess, assess_many):
                with pytest.raises(ci.ArgumentTypeError) as err:
                    run([init], executor=kind, errors="return")  # type: ignore[operator]
                assert err.value.argument == "executor"
                assert str(err.value).endswith(
                    f"got the class {kind.__name__} itself (pass an instance: {kind.__name__}())"
                )

    def test_an_object_with_a_submit_is_not_an_executor(self) -> None:
        """The batch waits on its futures with ``concurrent.futures.wait``: a ``submit`` whose
        futures are of another kind let a bare AttributeError escape after tasks were sent."""
        submitted: list[object] = []

        class Submitting:
            def submit(self, fn: Callable[..., Any], /, *args: Any) -> object:
                submitted.append(fn)
                return object()

        init = ci.load_example("workforce")
        with pytest.raises(ci.ArgumentTypeError, match=r"got Submitting$"):
            assess_many([init], executor=Submitting(), progress=False)  # type: ignore[call-overload]
        assert submitted == []

    def test_a_dask_client_is_told_its_executor(self) -> None:
        """A Dask ``Client`` has a ``submit``: its futures are Dask's, and a bare
        "'Future' object has no attribute '_condition'" escaped, not a CollectiveImpactError,
        after the tasks were sent. Refused when called, saying what to pass; its executor runs
        the batch, and takes a ``keep`` that is a lambda (cloudpickle)."""
        distributed = pytest.importorskip("dask.distributed")
        init = ci.load_example("workforce")
        with (
            distributed.LocalCluster(
                n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            for run in (
                lambda: assess_many([init], executor=client, progress=False),
                lambda: iter_assess([init], executor=client, keep=batch_row),
            ):
                with pytest.raises(ci.ArgumentTypeError) as err:
                    run()
                assert err.value.argument == "executor"
                assert "got a Dask Client (pass client.get_executor()" in str(err.value)
            kept = list(
                iter_assess(
                    [init], executor=client.get_executor(), keep=lambda a: a.alignment.index
                )
            )
        assert kept == [(0, ci.assess(init).alignment.index)]

    @forking
    def test_a_keep_a_process_pool_cannot_pickle_is_refused_when_called(self) -> None:
        """A lambda as ``keep`` with a process pool failed every initiative, one by one, each
        with its own PicklingError. Refused once, naming ``keep`` and why; the pool is not
        used. A thread pool takes it."""
        init = ci.load_example("workforce")
        recorded: list[object] = []

        class Recording(ProcessPoolExecutor):
            def submit(  # type: ignore[override]
                self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
            ) -> Future[Any]:
                recorded.append(fn)
                return super().submit(fn, *args, **kwargs)

        def local(result: Assessment) -> float | None:
            return result.alignment.index

        with Recording(max_workers=1) as pool:
            for keep in (lambda a: a.alignment.index, local):
                with pytest.raises(ci.ArgumentTypeError) as err:
                    iter_assess([init, init], executor=pool, keep=keep, errors="return")
                assert err.value.argument == "keep"
                assert str(err.value).startswith(
                    "keep: a process pool sends it to its workers by pickling, and it cannot be "
                    "pickled ("
                )
                assert "define it with def at the top level of a module" in str(err.value)
            # a function at the top level of a module is sent
            assert list(iter_assess([init], executor=pool, keep=alignment_index)) == [
                (0, ci.assess(init).alignment.index)
            ]
        assert len(recorded) == 1
        with ThreadPoolExecutor(max_workers=1) as threads:
            ((_, value),) = list(iter_assess([init], executor=threads, keep=local))
        assert value == ci.assess(init).alignment.index

    def test_a_keep_of_main_a_spawned_worker_cannot_load_is_refused_when_called(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A ``keep`` defined in ``__main__`` pickles by reference; a worker started by
        "spawn" or "forkserver" loads it by importing ``__main__``, which it cannot when
        ``__main__`` is no file (``python -c``, a notebook): every worker died unpickling the
        task, and every initiative failed with "the worker died (BrokenProcessPool ...)",
        ``keep`` never named (found by a reviewer). Refused once, naming ``keep``, before the
        pool starts a worker; the same function, a partial of it and an instance of a class of
        ``__main__`` alike. A "fork" pool's workers hold ``__main__`` as it is: taken."""
        main = sys.modules["__main__"]

        def of_main(result: Assessment) -> float | None:
            return result.alignment.index

        of_main.__module__ = "__main__"
        of_main.__qualname__ = "of_main"

        class Keeper:
            def __call__(self, result: Assessment) -> float | None:
                return result.alignment.index

        Keeper.__module__ = "__main__"
        Keeper.__qualname__ = "Keeper"
        monkeypatch.setattr(main, "of_main", of_main, raising=False)
        monkeypatch.setattr(main, "Keeper", Keeper, raising=False)
        monkeypatch.delattr(main, "__file__", raising=False)
        init = ci.load_example("workforce")
        for method in ("spawn", "forkserver"):
            context = multiprocessing.get_context(method)
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                for keep, name in (
                    (of_main, "of_main"),
                    (functools.partial(of_main), "of_main"),
                    (Keeper(), "Keeper"),
                ):
                    with pytest.raises(ci.ArgumentValueError) as err:
                        iter_assess([init, init], executor=pool, keep=keep, errors="return")
                    assert err.value.argument == "keep"
                    assert str(err.value).startswith(
                        f"keep: a process pool whose workers start by {method!r} sends it to "
                        f"them by reference, and {name!r} is defined in __main__, which they "
                        "cannot import here"
                    )
                assert not pool._processes  # no worker started
                # a function of a module is sent
                assert list(iter_assess([init], executor=pool, keep=alignment_index)) == [
                    (0, ci.assess(init).alignment.index)
                ]
        fork = multiprocessing.get_context("fork")
        with ThreadPoolExecutor(max_workers=1) as threads:  # not sent to another process
            assert list(iter_assess([init], executor=threads, keep=of_main)) == [
                (0, ci.assess(init).alignment.index)
            ]
        with ProcessPoolExecutor(max_workers=1, mp_context=fork) as pool:
            iter_assess([init], executor=pool, keep=of_main).close()  # not refused

    def test_a_keep_of_python_c_with_a_spawning_pool(self, tmp_path: Path) -> None:
        """The reviewer's reproducer, run with ``python -c``: one error naming ``keep``."""
        code = (
            "import concurrent.futures as cf, multiprocessing as mp, collective_impact as ci\n"
            "def keep(a): return a.scores\n"
            "with cf.ProcessPoolExecutor(2, mp_context=mp.get_context('spawn')) as ex:\n"
            "    try:\n"
            "        ci.iter_assess([ci.load_example('workforce')], executor=ex, keep=keep)\n"
            "    except ci.ArgumentValueError as err:\n"
            "        print(err.argument, err)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        assert done.stdout.startswith(
            "keep keep: a process pool whose workers start by 'spawn' sends it to them by "
            "reference, and 'keep' is defined in __main__"
        )

    @forking
    def test_an_executor_shut_down_or_broken_is_refused_once(self) -> None:
        """A shut-down executor was taken, and every initiative failed with "RuntimeError:
        cannot schedule new futures after shutdown", blamed on each (on the first with
        ``errors="raise"``); so did a pool broken by an earlier batch, "the worker died". It
        refuses the first task: one error naming the executor. A pool that breaks during the
        batch still fails the initiatives it held, each one."""
        init = ci.load_example("workforce")
        threads = ThreadPoolExecutor(max_workers=1)
        threads.shutdown()
        with ProcessPoolExecutor(max_workers=1) as broken:
            with pytest.raises(BatchError):
                list(iter_assess([init], executor=broken, keep=die))
            for pool, why in (
                (threads, "RuntimeError: cannot schedule new futures after shutdown"),
                (broken, "BrokenProcessPool: "),
            ):
                for run in (
                    functools.partial(iter_assess, errors="return"),
                    functools.partial(assess_many, progress=False),
                ):
                    with pytest.raises(ci.ArgumentValueError) as err:
                        list(run([init, init], executor=pool))
                    assert err.value.argument == "executor"
                    text = str(err.value)
                    name = type(pool).__name__
                    assert text.startswith(
                        f"executor: the {name} given refused the first task ({why}"
                    )
                    assert text.endswith(
                        "pass an executor that is running (not shut down, nor broken by an "
                        "earlier use), or None to assess here"
                    )

    @pytest.mark.parametrize("size", [0, -1, "10", None, 2.5, 2.0, True, np.float64(3.0)])
    def test_row_group_size_is_the_librarys_error(self, tmp_path: Path, size: Any) -> None:
        """``"10"`` and ``None`` raised a bare TypeError ("'<' not supported between
        instances"), and 2.5 was taken (found by a reviewer of the batch runs)."""
        shown = re.escape(repr(size))
        for name in ("a.parquet", "a.csv"):  # checked for CSV too, where it is not used
            with pytest.raises(
                ci.ValidationError,
                match=rf"row_group_size: must be an integer \(int\) >= 1, not {shown}",
            ):
                write_batch([], tmp_path / name, row_group_size=size)
        assert list(tmp_path.iterdir()) == []

    def test_a_numpy_row_group_size_is_a_whole_number(self, tmp_path: Path) -> None:
        pq = pytest.importorskip("pyarrow.parquet")
        results = [BatchError(i, TypeError("x")) for i in range(5)]
        assert write_batch(results, tmp_path / "a.parquet", row_group_size=np.int64(2)) == 5
        assert pq.ParquetFile(tmp_path / "a.parquet").num_row_groups == 3  # 2 + 2 + 1

    def test_what_the_results_raise_is_not_the_files_error(self, tmp_path: Path) -> None:
        """A results generator that fails to read an input raised an OSError naming the input;
        inside the atomic write it became "s2.csv: cannot write it: No such file or
        directory", the output named and the input's name dropped."""
        init = ci.load_example("workforce")

        def results() -> Iterator[tuple[int, Any]]:
            yield from iter_assess([init, init], keep=batch_row)
            raise FileNotFoundError(2, "No such file or directory", "/data/initiative-3.yaml")

        target = tmp_path / "s2.csv"
        target.write_text("kept\n", encoding="utf-8")
        with pytest.raises(FileNotFoundError) as err:
            write_batch(results(), target)
        assert err.value.filename == "/data/initiative-3.yaml"
        assert not isinstance(err.value, CollectiveImpactError)
        assert [p.name for p in tmp_path.iterdir()] == ["s2.csv"]
        assert target.read_text(encoding="utf-8") == "kept\n"


# --------------------------------------------------------------------------- ordered streams


def named(initiative: Initiative, name: str) -> Initiative:
    return initiative.evolve(name=name)


def late_index(result: ci.Assessment) -> Any:
    """``keep`` that takes longer for lower positions (the name says how long, in ms), so that
    on a pool of three threads the results complete in reverse order."""
    import time

    time.sleep(int(result.initiative.name.split(":")[1]) / 1000)
    return result.initiative.name


class CountingExecutor(Executor):
    """A thread pool that counts what was submitted (to check the window of a stream)."""

    def __init__(self, workers: int) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.submitted = 0

    def submit(  # type: ignore[override]
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        self.submitted += 1
        return self.pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


class TestOrdered:
    """``iter_assess(ordered=True)``: input order on an executor, within the window."""

    @staticmethod
    def slow_first(n: int) -> list[Initiative]:
        base = ci.load_example("workforce")
        return [named(base, f"item{k}:{(n - k) * 60}") for k in range(n)]

    def test_completion_order_is_not_input_order_without_it(self) -> None:
        """The case is meaningful: unordered, the slowest (first) result comes last."""
        items = self.slow_first(3)
        with ThreadPoolExecutor(max_workers=3) as pool:
            got = [p for p, _ in iter_assess(items, executor=pool, keep=late_index)]
        assert sorted(got) == [0, 1, 2]
        assert got != [0, 1, 2]

    def test_ordered_yields_input_order(self) -> None:
        items = self.slow_first(4)
        with ThreadPoolExecutor(max_workers=3) as pool:
            got = list(iter_assess(items, executor=pool, keep=late_index, ordered=True))
        assert got == [(k, item.name) for k, item in enumerate(items)]

    def test_waiting_results_count_against_the_window(self) -> None:
        """With max_pending=2, never more than two results submitted and not yet yielded,
        although the first is the slowest and the others wait for it."""
        items = self.slow_first(6)
        executor = CountingExecutor(workers=3)
        try:
            yielded = 0
            for position, _ in iter_assess(
                items, executor=executor, keep=late_index, max_pending=2, ordered=True
            ):
                assert position == yielded
                assert executor.submitted - yielded <= 2
                yielded += 1
        finally:
            executor.shutdown()
        assert yielded == 6

    def test_failures_keep_their_place(self) -> None:
        items: list[Any] = self.slow_first(4)
        items[2] = NOT_ONE
        items[1] = diverging(generate(partners=5, activities=8, indicators=6, ties=5, seed=1))
        with ThreadPoolExecutor(max_workers=3) as pool:
            got = list(
                iter_assess(items, executor=pool, keep=late_index, ordered=True, errors="return")
            )
        assert [p for p, _ in got] == [0, 1, 2, 3]
        assert [type(r).__name__ for _, r in got] == ["str", "BatchError", "BatchError", "str"]

    def test_an_ordered_file_is_the_same_in_every_run(self, tmp_path: Path) -> None:
        """Written from a pool, the CSV file equals the serial one byte for byte."""
        items = batch()
        serial = tmp_path / "serial.csv"
        write_batch(iter_assess(items, keep=batch_row), serial)
        pooled = tmp_path / "pooled.csv"
        with ThreadPoolExecutor(max_workers=2) as pool:
            write_batch(
                iter_assess(items, executor=pool, keep=batch_row, max_pending=3, ordered=True),
                pooled,
            )
        assert pooled.read_bytes() == serial.read_bytes()


class TestRowProvenance:
    """Each row names the version and the configuration that computed it."""

    def test_version_and_config_read_back(self) -> None:
        import json

        config = ScoringConfig(duplication_threshold=0.6, stale_after_days=400.0)
        row = batch_row(ci.assess(ci.load_example("workforce"), config=config))
        assert row["version"] == ci.__version__
        assert ScoringConfig.from_dict(json.loads(row["config"])) == config
        assert json.loads(row["config"]) == config.to_dict()
        default = batch_row(ci.assess(ci.load_example("workforce")))
        assert ScoringConfig.from_dict(json.loads(default["config"])) == ScoringConfig()

    def test_a_failed_row_has_none(self, tmp_path: Path) -> None:
        """A failure has no result, so nothing says what would have computed it."""
        items: list[Any] = [ci.load_example("workforce"), NOT_ONE]
        target = tmp_path / "study.csv"
        write_batch(iter_assess(items, keep=batch_row, errors="return"), target)
        ok, failed = read_rows(target)
        assert failed["error"] == REFUSED
        assert (failed["version"], failed["config"]) == ("", "")
        assert ok["version"] == ci.__version__

    def test_the_columns_end_with_provenance(self, tmp_path: Path) -> None:
        target = tmp_path / "study.csv"
        write_batch(iter_assess([ci.load_example("workforce")], keep=batch_row), target)
        (row,) = read_rows(target)
        assert list(row)[-2:] == ["version", "config"]
        assert row["version"] == ci.__version__
        assert row["config"].startswith('{"brokered_coordination":')


# --------------------------------------------------------------------------- provenance of a result


def as_if_version(version: str) -> None:
    """Make this process compute as if ``collective_impact`` were ``version`` (a pool's
    initializer: its workers run another version than the process that reads the results)."""
    import collective_impact.report as report

    report.__version__ = version  # type: ignore[misc]


class TestVersionOfTheResult:
    """``to_dict()["software"]`` and ``batch_row()["version"]`` stamped the version of the
    process that called them, not of the code that computed the assessment: a pickled result of
    one version reported the next, and a study on Dask the client's version, not the workers'
    (found by a reviewer of the provenance of results, F4)."""

    def test_a_result_keeps_the_version_that_computed_it(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("collective_impact.report.__version__", "0.0.0.computed")
        computed = ci.assess(ci.load_example("workforce"))
        monkeypatch.undo()  # read under the running version
        for result in (computed, pickle.loads(pickle.dumps(computed))):
            assert result.software_version == "0.0.0.computed"
            assert result.to_dict()["software"] == {
                "name": "collective_impact",
                "version": "0.0.0.computed",
                "libraries": dict(computed.libraries or ()),
            }
            assert batch_row(result)["version"] == "0.0.0.computed"
        assert computed.with_sensitivity(samples=2).software_version == "0.0.0.computed"

    def test_a_fresh_result_names_the_running_version(self) -> None:
        result = ci.assess(ci.load_example("workforce"))
        assert result.software_version == ci.__version__
        assert result.to_dict()["software"] == {
            "name": "collective_impact",
            "version": ci.__version__,
            "libraries": dict(result.libraries or ()),
        }
        assert batch_row(result)["version"] == ci.__version__
        other = attrs.evolve(result, software_version="0.0.0.other")
        assert other.to_dict()["software"]["version"] == "0.0.0.other"
        assert batch_row(other)["version"] == "0.0.0.other"

    def test_a_result_pickled_before_versions_were_recorded(self) -> None:
        """A pickle of 0.1.0.dev4 has no ``software_version``: ``to_dict()`` raised
        AttributeError; it now says the version is unknown, and everything else reads back."""
        result = ci.assess(ci.load_example("workforce"))
        state = result.__getstate__()
        del state["software_version"]  # the state an earlier version pickled
        old = Assessment.__new__(Assessment)
        old.__setstate__(state)
        assert old.to_dict()["software"]["version"] == "unknown (before 0.1.0.dev5)"
        assert batch_row(old)["version"] == "unknown (before 0.1.0.dev5)"
        assert {k: v for k, v in old.to_dict().items() if k != "software"} == {
            k: v for k, v in result.to_dict().items() if k != "software"
        }

    @forking
    def test_the_workers_version_not_the_callers(self) -> None:
        pd = pytest.importorskip("pandas")
        items = batch()[:3]
        with ProcessPoolExecutor(
            max_workers=2, initializer=as_if_version, initargs=("0.0.0.worker",)
        ) as pool:
            results = assess_many(items, executor=pool, progress=False)
            rows = dict(iter_assess(items, executor=pool, keep=batch_row))
        assert [r.to_dict()["software"]["version"] for r in results] == ["0.0.0.worker"] * 3
        assert batch_frame(results)["version"].tolist() == ["0.0.0.worker"] * 3
        assert {row["version"] for row in rows.values()} == {"0.0.0.worker"}
        assert pd is not None


# --------------------------------------------------------------------------- a study over files


def source_of(result: ci.Assessment) -> str | None:
    """A ``keep`` of one's own: the file the assessment is of."""
    return result.source


def _rows_of(results: Any) -> list[dict[str, str]]:
    """The rows ``write_batch`` writes of ``results``, read back (no pandas needed)."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder, "rows.csv")
        write_batch(results, target)
        return [{k: v or None for k, v in row.items()} for row in read_rows(target)]


def study_files(folder: Path) -> list[Path]:
    """Four initiative files, the third of which does not load."""
    paths = []
    for seed in range(4):
        path = folder / f"initiative-{seed}.yaml"
        initiative = generate(partners=5, activities=6, indicators=3, ties=4, seed=seed)
        path.write_text(ci.dumps(initiative), encoding="utf-8")
        paths.append(path)
    paths[2].write_text("name: broken\npartners: nope\n", encoding="utf-8")
    return paths


class TestStudyOfFiles:
    """With the pattern of docs/studies.md (a generator that yields ``ci.load(path)``), one
    file that did not load ended the study: the files after it were never assessed, and their
    rows were missing. The paths themselves are accepted: each file is read where it is
    assessed, one that does not load is the failure of its position, naming the file, and the
    study goes on (found by a reviewer of the batch studies, F5)."""

    @forking
    @pytest.mark.parametrize("where", ["serial", "processes"])
    def test_a_bad_file_is_one_row_and_the_study_goes_on(self, tmp_path: Path, where: str) -> None:
        paths = study_files(tmp_path)
        items: list[Any] = [str(paths[0]), *paths[1:]]  # a text or a path object
        if where == "serial":
            got = dict(iter_assess(items, keep=batch_row, errors="return"))
        else:
            with ProcessPoolExecutor(max_workers=2) as pool:
                got = dict(iter_assess(items, executor=pool, keep=batch_row, errors="return"))
        assert sorted(got) == [0, 1, 2, 3]
        for k in (0, 1, 3):
            assert got[k] == batch_row(ci.assess(ci.load(paths[k])), source=str(paths[k]))
        failure = got[2]
        assert isinstance(failure, BatchError)
        assert isinstance(failure.cause, ci.ValidationError)
        assert not failure.reading
        assert (failure.position, failure.name, failure.source) == (2, None, str(paths[2]))
        assert str(failure).startswith(f"assessing initiatives[2] (file '{paths[2]}') failed: ")
        assert "\n" not in failure.reason
        assert failure.reason.startswith(f"ValidationError: 2 problems in {paths[2]}: ")
        target = tmp_path / "study.csv"
        assert write_batch(sorted(got.items()), target) == 4
        rows = read_rows(target)
        assert [r["error"] == "" for r in rows] == [True, True, False, True]
        assert [r["source"] for r in rows] == [str(p) for p in paths]
        assert [r["name"] for r in rows] == [got[k]["name"] for k in (0, 1)] + ["", got[3]["name"]]
        assert rows[2]["error"] == failure.reason

    @forking
    def test_assess_many_of_paths_equals_assess_of_load(self, tmp_path: Path) -> None:
        paths = study_files(tmp_path)
        expected = [ci.assess(ci.load(p)).to_dict() for p in paths if p != paths[2]]
        with ProcessPoolExecutor(max_workers=2) as pool:
            pooled = assess_many(paths, executor=pool, progress=False, errors="return")
        serial = assess_many(paths, progress=False, errors="return")
        for results in (pooled, serial):
            assert [type(r).__name__ for r in results] == ["Assessment"] * 2 + [
                "BatchError",
                "Assessment",
            ]
            assert [r.to_dict() for r in results if isinstance(r, ci.Assessment)] == expected
            assert results[2].source == str(paths[2])  # type: ignore[union-attr]

    def test_raised_naming_the_file(self, tmp_path: Path) -> None:
        paths = study_files(tmp_path)
        with pytest.raises(BatchError) as info:
            assess_many(paths, progress=False)
        assert (info.value.position, info.value.source) == (2, str(paths[2]))
        assert isinstance(info.value.cause, ci.ValidationError)
        back = pickle.loads(pickle.dumps(info.value))
        assert (back.position, back.source, str(back)) == (2, str(paths[2]), str(info.value))

    def test_each_row_names_its_file(self, tmp_path: Path) -> None:
        """A study over files had no column naming the file a row is of: a failed row put
        its file in ``name`` and a row that loaded had only the initiative's name, which
        files of one portfolio may share (noticed in the thirty-ninth session). ``source``
        names the file of every row kept by ``batch_row``; an initiative passed as one has
        none, and the name of a failed file is not taken for the initiative's."""
        paths = study_files(tmp_path)
        same = ci.load(paths[0])
        items: list[Any] = [same, *paths, paths[0]]
        target = tmp_path / "study.csv"
        write_batch(iter_assess(items, keep=batch_row, errors="return"), target)
        rows = read_rows(target)
        assert [r["source"] for r in rows] == ["", *map(str, paths), str(paths[0])]
        assert [r["name"] for r in rows] == [same.name] * 2 + [
            ci.load(paths[1]).name,
            "",
            ci.load(paths[3]).name,
            same.name,
        ]
        # the same numbers whatever the row says the initiative came from
        assert {k: v for k, v in rows[0].items() if k not in ("position", "source")} == {
            k: v for k, v in rows[5].items() if k not in ("position", "source")
        }
        assert {r["as_of_source"] for r in rows} - {""} == {
            ci.assess(ci.load(paths[0])).as_of_source
        }
        with pytest.raises(ci.ArgumentTypeError, match="source: expected a text"):
            batch_row(ci.assess(same), source=paths[0])  # type: ignore[arg-type]

    @forking
    @pytest.mark.parametrize("where", ["serial", "threads", "processes"])
    def test_every_row_names_its_file_whatever_is_kept(self, tmp_path: Path, where: str) -> None:
        """``assess_many`` over paths, as its docstring shows: the rows of ``batch_frame`` of
        the files that loaded had ``source`` None (only ``keep=batch_row`` filled it), the
        failed one its path, so two files holding initiatives of the same name could not be
        told apart (found by a reviewer of the batch runs). The assessment of a file names
        it, whatever is kept of it and whichever executor ran it."""
        paths = study_files(tmp_path)
        (tmp_path / "copy").mkdir()
        twin = tmp_path / "copy" / paths[0].name  # the same initiative, in another file
        twin.write_bytes(paths[0].read_bytes())
        same = ci.load(paths[0])
        items: list[Any] = [same, str(paths[0]), *paths[1:], twin]
        sources = [None, *map(str, paths), str(twin)]

        def run(executor: Executor | None) -> dict[str, list[Any]]:
            listed = assess_many(items, executor=executor, progress=False, errors="return")
            whole = dict(iter_assess(items, executor=executor, errors="return"))
            own = dict(iter_assess(items, executor=executor, errors="return", keep=source_of))
            rows = dict(iter_assess(items, executor=executor, errors="return", keep=batch_row))
            return {
                "assess_many": [r.source for r in listed],
                "iter_assess": [whole[k].source for k in range(len(items))],
                "keep": [
                    own[k].source if isinstance(own[k], BatchError) else own[k]
                    for k in range(len(items))
                ],
                "rows of assess_many": [row["source"] for row in _rows_of(listed)],
                "rows of iter_assess": [row["source"] for row in _rows_of(sorted(whole.items()))],
                "rows of batch_row": [row["source"] for row in _rows_of(sorted(rows.items()))],
                "dicts": [r.to_dict() for r in listed if isinstance(r, Assessment)],
            }

        if where == "serial":
            got = run(None)
        elif where == "threads":
            with ThreadPoolExecutor(max_workers=2) as pool:
                got = run(pool)
        else:
            with ProcessPoolExecutor(max_workers=2) as pool:
                got = run(pool)
        dicts = got.pop("dicts")
        for how, named in got.items():
            assert named == sources, how
        # the result of a file is that of what it holds, bit for bit
        loaded = (same, same, ci.load(paths[1]), ci.load(paths[3]), same)  # paths[2] fails
        assert dicts == [ci.assess(i).to_dict() for i in loaded]
        # the rows of the twins differ by their source only
        rows = _rows_of(assess_many(items, progress=False, errors="return"))
        aside = ("position", "source")
        assert {k: v for k, v in rows[1].items() if k not in aside} == {
            k: v for k, v in rows[5].items() if k not in aside
        }
        assert rows[1]["source"] != rows[5]["source"]

    def test_a_source_given_to_batch_row_is_kept(self, tmp_path: Path) -> None:
        path = tmp_path / "workforce.yaml"
        ci.dump(ci.load_example("workforce"), path)
        (result,) = assess_many([path], progress=False)
        assert result.source == str(path)
        assert batch_row(result)["source"] == str(path)
        assert batch_row(result, source="elsewhere.yaml")["source"] == "elsewhere.yaml"
        assert ci.assess(ci.load(path)).source is None
        back = pickle.loads(pickle.dumps(result))
        assert back.source == str(path)
        state = result.__getstate__()
        del state["source"]  # the state an earlier version pickled
        old = Assessment.__new__(Assessment)
        old.__setstate__(state)
        assert old.source is None
        assert batch_row(old)["source"] is None

    def test_a_row_kept_before_the_source_column_is_still_a_row(self) -> None:
        """A row of ``batch_row`` kept by 0.1.0.dev12 before ``source`` and ``as_of_source``
        was refused by ``batch_frame`` (found by a reviewer of the session's change)."""
        pytest.importorskip("pandas")
        row = batch_row(ci.assess(ci.load_example("workforce")))
        earlier = {k: v for k, v in row.items() if k not in ("source", "as_of_source")}
        frame = batch_frame([(0, earlier)])
        assert frame.loc[0, "source"] is None
        assert frame.loc[0, "as_of_source"] is None
        assert frame.loc[0, "overall"] == row["overall"]

    def test_a_missing_file_is_its_row(self, tmp_path: Path) -> None:
        missing = tmp_path / "no-such-file.yaml"
        ((position, failure),) = list(iter_assess([missing], errors="return"))
        assert position == 0
        assert isinstance(failure, BatchError)
        assert isinstance(failure.cause, FileNotFoundError)
        assert failure.source == str(missing)

    def test_any_input_the_command_line_reads(self, tmp_path: Path) -> None:
        """A CSV bundle (a folder) is read as ``collective-impact assess`` reads it."""
        initiative = ci.load_example("workforce")
        ci.write_csv_bundle(initiative, tmp_path / "bundle")
        ((_, result),) = list(iter_assess([tmp_path / "bundle"]))
        assert result.to_dict() == ci.assess(ci.read_csv_bundle(tmp_path / "bundle")).to_dict()

    def test_a_file_of_another_suffix_is_told_what_a_batch_reads(self, tmp_path: Path) -> None:
        """A file ``study.bak`` was told "use one of .yaml, .yml, .json, .toml or pass
        format=": the batch has no ``format=``, and it reads workbooks, folders and ``.zip``
        bundles too (found by a reviewer of the batch runs). The message is the command
        line's, but for its ``--from``."""
        path = tmp_path / "study.bak"
        ci.dump(ci.load_example("workforce"), path, format="yaml")
        ((_, failure),) = list(iter_assess([path], errors="return"))
        assert isinstance(failure, BatchError)
        assert failure.reason == (
            f"FormatError: {path}: cannot tell the format from the suffix '.bak'; use .yaml, "
            ".yml, .json or .toml for a native file, .xlsx (or .xlsm) for a workbook, a folder "
            "or a .zip for a CSV bundle"
        )
        (same,) = assess_many([path], progress=False, errors="return")
        assert isinstance(same, BatchError)
        assert same.reason == failure.reason
        assert "format=" not in same.reason

    def test_max_bytes_as_the_command_line(self, tmp_path: Path) -> None:
        """A file over the readers' limit could not be read by a batch at all: the error said
        "pass max_bytes=", which the batch did not take (found by a reviewer of the session)."""
        path = tmp_path / "workforce.yaml"
        ci.dump(ci.load_example("workforce"), path)
        size = path.stat().st_size
        ((_, failure),) = list(iter_assess([path], errors="return", max_bytes=size - 1))
        assert isinstance(failure, BatchError)
        assert f"more than the limit of {size - 1:,}" in failure.reason
        (result,) = assess_many([path], progress=False, max_bytes=None)
        assert isinstance(result, Assessment)
        (same,) = assess_many([path], progress=False, max_bytes=size)
        assert isinstance(same, Assessment)

    def test_a_numpy_max_bytes_is_a_whole_number(self, tmp_path: Path) -> None:
        """``max_bytes=np.int64(10**6)`` was refused as "not a whole number", where
        ``max_pending=np.int64(2)`` was taken (found by a reviewer of the batch runs)."""
        path = tmp_path / "workforce.yaml"
        ci.dump(ci.load_example("workforce"), path)
        size = path.stat().st_size
        (result,) = assess_many([path], progress=False, max_bytes=np.int64(10**6))
        assert isinstance(result, Assessment)
        ((_, row),) = list(
            iter_assess([path], keep=batch_row, max_pending=np.int64(2), max_bytes=np.int64(size))
        )
        assert row["source"] == str(path)
        ((_, failure),) = list(iter_assess([path], errors="return", max_bytes=np.int64(size - 1)))
        assert isinstance(failure, BatchError)
        assert f"more than the limit of {size - 1:,};" in failure.reason

    @pytest.mark.parametrize(
        ("limit", "error"),
        [
            (0, ci.ArgumentValueError),
            (-1, ci.ArgumentValueError),
            ("all", ci.ArgumentValueError),
            (1.5, ci.ArgumentTypeError),
            (True, ci.ArgumentTypeError),
        ],
    )
    def test_a_max_bytes_no_file_could_be_read_with(self, limit: Any, error: Any) -> None:
        """Refused once, before any file is read: it was every file's failure."""
        with pytest.raises(error, match="max_bytes"):
            assess_many(["a.yaml", "b.yaml"], progress=False, errors="return", max_bytes=limit)
        with pytest.raises(error, match="max_bytes"):
            iter_assess(["a.yaml"], max_bytes=limit)

    @pytest.mark.parametrize("one", ["study.yaml", Path("study.yaml"), b"study.yaml"])
    def test_one_path_is_not_a_list_of_paths(self, one: Any) -> None:
        """``assess_many("study.yaml")`` read each character as a file ('/' and '.' as
        folders); a Path was "not iterable" (found by a reviewer of the session)."""
        words = "initiatives: expected an iterable of initiatives or of the paths of files"
        for run in (
            lambda: assess_many(one, progress=False),
            lambda: list(iter_assess(one)),
        ):
            with pytest.raises(ci.ArgumentTypeError, match=words):
                run()
        with pytest.raises(ci.ArgumentTypeError, match=r"an Initiative \(pass a list"):
            assess_many(ci.load_example("workforce"), progress=False)  # type: ignore[arg-type]


def test_batch_frame_documents_every_column() -> None:
    """The Returns of batch_frame omitted data_after_as_of, version and config (F8)."""
    doc = batch_frame.__doc__ or ""
    returns = doc.split("Returns", 1)[1].split("Raises", 1)[0]
    missing = [c for c in BATCH_COLUMNS if c not in SCORE_KEYS and f"``{c}``" not in returns]
    assert missing == []
    assert "the six scores" in returns
    counts = returns.split("the counts", 1)[1].split("float64", 1)[0]
    assert "``data_after_as_of``" in counts
