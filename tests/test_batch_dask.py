"""Batches on a real Dask cluster: a ``LocalCluster`` of two worker processes.

``assess_many`` and ``iter_assess`` take the cluster through ``Client.get_executor()``. The
results must equal, number for number, those of the same batch run serially; a failing
initiative comes back as a ``BatchError`` naming its position and its cause (which crossed from
the worker process); a worker killed mid-batch is retried by Dask or reported by the batch, and
no input is lost. The module is skipped when Dask is not installed (the ``dask`` extra).

One cluster serves the module (starting one takes seconds); it is closed whatever happens, and
the teardown checks that no worker process is left.
"""

from __future__ import annotations

import csv
import functools
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

# A real cluster of worker processes takes 15-40 s on two cores: run by .ci/run with -m slow.
pytestmark = pytest.mark.slow

distributed = pytest.importorskip("dask.distributed")
psutil = pytest.importorskip("psutil")  # a dependency of distributed

import collective_impact as ci  # noqa: E402
from collective_impact import Initiative  # noqa: E402
from collective_impact.analysis.conditions import SCORE_KEYS  # noqa: E402
from collective_impact.batch import (  # noqa: E402
    BATCH_COLUMNS,
    BatchError,
    assess_many,
    batch_row,
    iter_assess,
    write_batch,
)
from collective_impact.errors import PathwayError  # noqa: E402
from collective_impact.synth import generate  # noqa: E402

#: The size of the study of the issue: 200 small synthetic initiatives, seeds 0..199.
N = 200
#: Where the failing initiative sits: in the middle.
BAD = 100
#: The size of the other batches (each one costs seconds on two shared cores).
SMALL = 40


def diverging(initiative: Initiative) -> Initiative:
    """The initiative with a drives cycle whose series diverges (assess raises PathwayError)."""
    cycle, rest = initiative.indicators[:3], initiative.indicators[3:]
    drives = [{o.id: 1.0 for o in cycle if o.id != i.id} for i in cycle]
    changed = tuple(attrs.evolve(i, drives=d) for i, d in zip(cycle, drives, strict=True))
    return initiative.evolve(indicators=changed + rest)


def study() -> list[Initiative]:
    return [
        generate(partners=6, activities=8, indicators=4, ties=6, seed=seed) for seed in range(N)
    ]


@pytest.fixture(scope="module")
def initiatives() -> list[Initiative]:
    return study()


@pytest.fixture(scope="module")
def serial(initiatives: list[Initiative]) -> list[ci.Assessment]:
    return [ci.assess(i) for i in initiatives]


def _alive(pids: set[int]) -> dict[int, str]:
    """The processes of ``pids`` still running, with their command lines.

    multiprocessing's resource tracker, which the first spawned process starts for the life of
    this process, is not the cluster's.
    """
    left = {}
    for pid in pids:
        try:
            process = psutil.Process(pid)
            command = " ".join(process.cmdline())
            if process.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in command:
                left[pid] = command
        except psutil.NoSuchProcess:
            pass
    return left


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A client of a LocalCluster of two single-threaded worker processes.

    A task is failed with ``KilledWorker`` once two workers died running it
    (``allowed_failures=1``; Dask's default is 3), so the test of a deadly initiative is quick.
    Its HTTP server listens on any free port, so that every pytest worker can have a cluster.
    The workers' scratch space is a folder of the fixture's own, removed with the cluster (Dask
    otherwise leaves ``dask-scratch-space`` and its lock files in the system's temporary folder).
    """
    import dask

    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    scratch = tempfile.mkdtemp(prefix="collective-impact-dask-")
    try:
        with dask.config.set({"temporary-directory": scratch}):
            cluster = distributed.LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                local_directory=scratch,
                # The scheduler serves its HTTP routes even without a dashboard, on port 8787
                # unless told otherwise: port 0 (any free one), so that two clusters (two pytest
                # workers, or a cluster the user runs) never collide.
                scheduler_kwargs={
                    "allowed_failures": 1,
                    "dashboard": False,
                    "dashboard_address": ":0",
                },
            )
            try:
                with distributed.Client(cluster) as dask_client:
                    yield dask_client
            finally:
                cluster.close()
                started = {p.pid for p in me.children(recursive=True)} - before
                psutil.wait_procs([psutil.Process(pid) for pid in _alive(started)], timeout=10)
                assert _alive(started) == {}, "processes left running after the cluster closed"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_cluster_has_two_worker_processes(client: Any) -> None:
    pids = client.run(os.getpid)
    assert len(pids) == 2
    assert os.getpid() not in pids.values()
    assert len(set(pids.values())) == 2


def test_200_initiatives_equal_serial_number_for_number(
    client: Any, initiatives: list[Initiative], serial: list[ci.Assessment]
) -> None:
    results = assess_many(initiatives, executor=client.get_executor(), progress=False)
    assert len(results) == N
    assert [r.to_dict() for r in results] == [s.to_dict() for s in serial]
    assert [r.initiative for r in results] == initiatives
    # the work was spread over both workers
    counts = client.run(lambda dask_worker: len(dask_worker.state.log))
    assert all(count > 0 for count in counts.values())


def test_failing_initiative_crosses_with_position_and_cause(
    client: Any, initiatives: list[Initiative]
) -> None:
    items = list(initiatives)
    items[BAD] = diverging(items[BAD])
    with pytest.raises(BatchError) as info:
        assess_many(items, executor=client.get_executor(), progress=False)
    err = info.value
    assert err.position == BAD
    assert err.name == items[BAD].name
    assert isinstance(err.cause, PathwayError)  # raised on a worker, unpickled here
    assert err.__cause__ is err.cause
    assert f"initiatives[{BAD}]" in str(err)
    assert "PathwayError" in str(err)
    assert not err.worker_died
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.position, copy.name, str(copy)) == (err.position, err.name, str(err))
    assert type(copy.cause) is PathwayError
    assert str(copy.cause) == str(err.cause)


def test_batch_error_raised_on_a_worker_crosses_back(
    client: Any, initiatives: list[Initiative]
) -> None:
    """A worker that runs a batch of its own raises the BatchError; it arrives whole."""
    chunk = [initiatives[0], diverging(initiatives[1]), initiatives[2]]
    future = client.submit(assess_many, chunk, progress=False, pure=False)
    err = future.exception(timeout=60)
    assert type(err) is BatchError
    assert (err.position, err.name) == (1, chunk[1].name)
    assert isinstance(err.cause, PathwayError)
    assert str(err).startswith("assessing initiatives[1] (")


def test_stream_with_failures_accounts_for_every_input(
    client: Any, initiatives: list[Initiative], serial: list[ci.Assessment], tmp_path: Path
) -> None:
    items = list(initiatives[:SMALL])
    items[SMALL // 2] = diverging(items[SMALL // 2])
    stream = iter_assess(
        items, executor=client.get_executor(), keep=batch_row, max_pending=8, errors="return"
    )
    target = tmp_path / "study.csv"
    assert write_batch(stream, target) == SMALL
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(int(r["position"]) for r in rows) == list(range(SMALL))
    assert list(rows[0]) == list(BATCH_COLUMNS)
    by_position = {int(r["position"]): r for r in rows}
    failed = by_position.pop(SMALL // 2)
    assert failed["error"].startswith("PathwayError: ")
    assert failed["overall"] == ""
    for position, row in by_position.items():
        expected = batch_row(serial[position])
        assert row["error"] == ""
        for key in SCORE_KEYS:
            assert float(row[key]) == expected[key]  # written in full: equal bit for bit
        assert (row["name"], row["phase"]) == (expected["name"], expected["phase"])
        assert int(row["gaps_warning"]) == expected["gaps_warning"]


# ------------------------------------------------------------------------- dying workers

#: The name of the initiative whose assessment kills the worker process running it.
DOOMED = "doomed"


def row_or_die(result: ci.Assessment) -> dict[str, Any]:
    """``keep`` that ends the worker process (no cleanup, like a crash) on the doomed one."""
    if result.initiative.name == DOOMED:
        os._exit(13)
    return batch_row(result)


def row_or_die_once(result: ci.Assessment, *, marker: str) -> dict[str, Any]:
    """``keep`` that ends the worker process the first time it sees the doomed one only."""
    if result.initiative.name == DOOMED:
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            pass  # a worker already died of it: this time, go on
        else:
            os._exit(13)
    return batch_row(result)


@pytest.fixture
def healed(client: Any) -> Iterator[Any]:
    """The client; after the test, both workers are back (the nannies restart dead ones)."""
    yield client
    client.wait_for_workers(2, timeout=60)


def test_worker_killed_once_is_retried_by_dask(
    healed: Any, initiatives: list[Initiative], serial: list[ci.Assessment], tmp_path: Path
) -> None:
    items = list(initiatives[:20])
    items[7] = items[7].evolve(name=DOOMED)
    keep = functools.partial(row_or_die_once, marker=str(tmp_path / "died"))
    got = dict(
        iter_assess(
            items, executor=healed.get_executor(), keep=keep, max_pending=4, errors="return"
        )
    )
    assert (tmp_path / "died").exists()  # a worker did die
    assert sorted(got) == list(range(20))
    assert not any(isinstance(v, BatchError) for v in got.values())
    expected = [batch_row(s) for s in serial[:20]]
    expected[7]["name"] = DOOMED
    assert [got[k] for k in range(20)] == expected


def test_initiative_that_keeps_killing_workers_is_reported(
    healed: Any, initiatives: list[Initiative], serial: list[ci.Assessment]
) -> None:
    items = list(initiatives[:6])
    items[2] = items[2].evolve(name=DOOMED)
    got = dict(
        iter_assess(
            items, executor=healed.get_executor(), keep=row_or_die, max_pending=1, errors="return"
        )
    )
    assert sorted(got) == list(range(6))  # nothing lost: every position is accounted for
    err = got.pop(2)
    assert isinstance(err, BatchError)
    assert (err.position, err.name) == (2, DOOMED)
    assert err.worker_died
    assert type(err.cause).__name__ == "KilledWorker"
    assert "initiatives[2] ('doomed') failed: the worker died (KilledWorker: " in str(err)
    assert got == {k: batch_row(serial[k]) for k in got}


def _set_version(version: str) -> str:
    """Make a worker compute as if ``collective_impact`` were ``version``; return the old one."""
    import collective_impact.report as report

    old = report.__version__
    report.__version__ = version  # type: ignore[misc]
    return old


def test_files_are_read_on_the_workers_and_rows_name_their_version(
    client: Any, tmp_path: Path
) -> None:
    """A study over files: each file is read on the worker that assesses it, a file that does
    not load is one row naming the file, and the study goes on; every row names the version of
    the workers that computed it, not the client's (the reviewer's F4 and F5), and its file,
    whether the assessment is kept whole or as batch_row."""
    paths = []
    for seed in range(4):
        path = tmp_path / f"initiative-{seed}.yaml"
        initiative = generate(partners=5, activities=6, indicators=3, ties=4, seed=seed)
        path.write_text(ci.dumps(initiative), encoding="utf-8")
        paths.append(path)
    paths[1].write_text("name: broken\npartners: nope\n", encoding="utf-8")
    expected = {
        k: batch_row(ci.assess(ci.load(p)), source=str(p)) for k, p in enumerate(paths) if k != 1
    }
    old = client.run(_set_version, "0.0.0.worker")
    try:
        got = dict(
            iter_assess(paths, executor=client.get_executor(), keep=batch_row, errors="return")
        )
        results = assess_many(
            paths, executor=client.get_executor(), progress=False, errors="return"
        )
    finally:
        client.run(_set_version, next(iter(old.values())))
    assert sorted(got) == [0, 1, 2, 3]
    failure = got[1]
    assert isinstance(failure, BatchError)
    assert isinstance(failure.cause, ci.ValidationError)
    assert failure.source == str(paths[1])
    assert "\n" not in failure.reason
    for k, row in expected.items():
        assert got[k] == {**row, "version": "0.0.0.worker"}
        assert results[k].to_dict()["software"]["version"] == "0.0.0.worker"  # type: ignore[union-attr]
        # an assessment kept whole names its file as the row of batch_row does
        assert results[k].source == str(paths[k])  # type: ignore[union-attr]
        assert batch_row(results[k]) == got[k]  # type: ignore[arg-type]
    assert ci.__version__ != "0.0.0.worker"


def test_a_batch_run_again_after_one_stopped_loses_nothing(
    client: Any, initiatives: list[Initiative]
) -> None:
    """A run stopped at a failure (``errors="raise"``) cancels its tasks not yet started; the
    cancellation reaches the scheduler later. Submitted with Dask's default ``pure=True``, the
    same initiatives run again at once had the same task keys, and valid ones came back
    failed with ``CancelledError`` (29 of 120 in a reviewer's six trials)."""
    good = initiatives[:SMALL]
    for _ in range(3):
        with pytest.raises(BatchError):
            for _ in iter_assess(
                ["missing.yaml", *good],
                executor=client.get_executor(),
                keep=batch_row,
                max_pending=SMALL + 1,
                progress=False,
            ):
                pass
        again = list(
            iter_assess(
                good,
                executor=client.get_executor(),
                keep=batch_row,
                errors="return",
                max_pending=SMALL,
                progress=False,
            )
        )
        failed = [(p, r.reason) for p, r in again if isinstance(r, BatchError)]
        assert failed == []
        assert sorted(p for p, _ in again) == list(range(SMALL))
