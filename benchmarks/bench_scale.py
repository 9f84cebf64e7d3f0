"""Benchmark the whole job — load, assess, results out — from 10k to 100k activities.

Run from the repository root::

    python benchmarks/bench_scale.py                          # 10k, 25k, 50k and 100k
    python benchmarks/bench_scale.py --sizes 10k --repeat 3
    python benchmarks/bench_scale.py --cache-dir .bench-cache  # keep the generated files
    python benchmarks/bench_scale.py --markdown-only > scale.md

For each size it generates a synthetic initiative with :func:`collective_impact.synth.generate`
and writes it as JSON (and as YAML and TOML at the ``--format-sizes``). Each measurement then
runs in a fresh Python process, so that its peak memory is its own: the resident set size
high-water mark (``resource.getrusage(...).ru_maxrss``, which counts numpy, scipy and the
parsers, unlike tracemalloc) reached by the end of each stage. The job is the one a user runs:

1. ``import collective_impact`` (and the modules ``load`` and ``assess`` need);
2. ``collective_impact.load(path, max_bytes=None)`` of the JSON file;
3. ``collective_impact.assess(initiative)``;
4. ``assessment.to_dict()``, which includes the network measures;
5. the result written to a file as ``Assessment.to_json`` writes it (strict JSON, atomically).

"End to end" is the sum of stages 2 to 5, as the issue defines it. The package's modules are
byte-compiled before anything is measured, as an installed package has them (see
``compile_bytecode``). A bare ``json.load`` of the same file runs in a process of its own, as do
``yaml.load(..., Loader=yaml.CSafeLoader)`` and ``tomllib.load`` against ``collective_impact.load``
of the YAML and TOML files. Each measurement is repeated ``--repeat`` times (fresh processes) and
the best time is kept; the peak memory is the largest of the repeats. A stage that fails, exceeds
``--timeout`` seconds or ``--max-rss`` GiB is killed and reported as a failure; the other
measurements go on. The command line's ``--version`` and ``assess --example cradle-to-career`` are
timed as subprocesses (best of 5).

The report is markdown on stdout (progress on stderr): the stages per size, the growth ratios
25k → 50k → 100k, the ratios against the parsers, the command line, and PASS or FAIL for each
target of the scaling issue. Under the tables, the machine (with its processor's name) and its
speed at the start and the end of the run: a Python loop and memory touched for the first time,
each in fresh processes, so that runs on different days (or a machine that slowed down during a
run) can be told apart.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import importlib.metadata
import importlib.util
import itertools
import json
import os
import platform
import queue
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

# The driver imports neither collective_impact nor numpy: it stays small, so that the processes it
# starts (whose ru_maxrss can include the parent's resident set on Linux) measure only themselves.

MARK = "@@bench "
GIB = 1024**3
MIB = 1024**2


class Size(NamedTuple):
    partners: int
    activities: int
    indicators: int
    ties: int


#: 10k is the issue's first case and 100k the stress case of the design (10,000 partners,
#: 100,000 activities, 1,000 indicators, 50,000 ties); 25k → 50k → 100k doubles every count,
#: so that the growth ratios measure doubling the whole initiative.
SIZES: dict[str, Size] = {
    "10k": Size(partners=1_000, activities=10_000, indicators=300, ties=5_000),
    "25k": Size(partners=2_500, activities=25_000, indicators=250, ties=12_500),
    "50k": Size(partners=5_000, activities=50_000, indicators=500, ties=25_000),
    "100k": Size(partners=10_000, activities=100_000, indicators=1_000, ties=50_000),
}
GROWTH = ("25k", "50k", "100k")
STRESS, SMALL = "100k", "10k"

#: The stages of the job, in order, with their labels in the table.
JOB_STAGES: dict[str, str] = {
    "import": "import collective_impact",
    "load": "`load` (JSON)",
    "assess": "`assess`",
    "to_dict": "`to_dict()` (with network measures)",
    "write": "write the JSON result",
}
END_TO_END = ("load", "assess", "to_dict", "write")
FORMATS = ("yaml", "toml")

# The targets of the issue.
STRESS_SECONDS, STRESS_BYTES, SMALL_SECONDS = 10.0, 2 * GIB, 2.0
LOAD_OVER_JSON, LOAD_OVER_PARSER, ASSESS_OVER_LOAD, DOUBLING = 3.0, 2.0, 1.0, 2.5
VERSION_SECONDS, EXAMPLE_SECONDS = 0.3, 1.5
#: A growth ratio is judged only when the larger of its two times is at least this long: below,
#: the ratio measures the clock's and the machine's noise rather than the algorithm.
NOISE_FLOOR_S = 0.05
CLI_RUNS = 5
#: The calibration of the machine's speed: additions of a Python loop, bytes touched first.
CALIBRATION_LOOP = 3_000_000
CALIBRATION_BYTES = 1 << 30  # about the stress case's peak: smaller touches reuse warm pages
CALIB = ("start", "end")


# --------------------------------------------------------------------------------------------
# The workers: each runs in a fresh process and reports on stdout, one MARK line per event.


def emit(event: dict[str, Any]) -> None:
    sys.stdout.write(MARK + json.dumps(event) + "\n")
    sys.stdout.flush()


def max_rss_bytes() -> int:
    """Return this process's resident set size high-water mark, in bytes."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # bytes on macOS, else KiB


def stage(name: str, func: Callable[[], Any]) -> Any:
    """Run one stage: say it starts, time it, report its time and the RSS high-water mark."""
    emit({"event": "start", "stage": name})
    gc.collect()
    start = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - start
    emit({"event": "done", "stage": name, "seconds": seconds, "max_rss": max_rss_bytes()})
    return value


def bare_parse(path: Path, fmt: str) -> Any:
    if fmt == "json":
        with path.open("rb") as f:
            return json.load(f)
    if fmt == "yaml":
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with path.open("rb") as f:
            return yaml.load(f, Loader=loader)  # a safe loader
    if fmt == "toml":
        import tomllib

        with path.open("rb") as f:
            return tomllib.load(f)
    raise ValueError(f"unknown format {fmt!r}")


def parser_name(fmt: str) -> str:
    if fmt == "json":
        return "json.load"
    if fmt == "toml":
        return "tomllib.load"
    import yaml

    loader = "CSafeLoader" if hasattr(yaml, "CSafeLoader") else "SafeLoader (no C loader)"
    return f"yaml.load, {loader}"


def work_parse(path: Path, fmt: str) -> None:
    emit({"event": "info", "parser": parser_name(fmt)})
    stage("parse", lambda: bare_parse(path, fmt))


def import_library() -> Any:
    import collective_impact as ci

    for name in ("load", "assess", "Assessment", "network_measures"):
        getattr(ci, name)  # the lazy names: import what the job needs before timing it
    return ci


def work_load(path: Path) -> None:
    ci = stage("import", import_library)
    stage("load", lambda: ci.load(path, max_bytes=None))


def work_job(path: Path) -> None:
    ci = stage("import", import_library)
    initiative = stage("load", lambda: ci.load(path, max_bytes=None))
    result = stage("assess", lambda: ci.assess(initiative))
    tree = stage("to_dict", result.to_dict)
    with tempfile.TemporaryDirectory(prefix="ci-bench-") as tmp:
        out = Path(tmp) / "result.json"

        def write() -> None:  # as Assessment.to_json writes it: strict, atomic
            from collective_impact.io._files import write_json

            write_json(out, tree)

        stage("write", write)
        emit(
            {
                "event": "info",
                "result_bytes": out.stat().st_size,
                "gaps": len(result.gaps),
                # only the activities running on the date of judgement are scored
                "scored": result.alignment.activities,
            }
        )


def work_generate(size: Size, seed: int, paths: Sequence[Path]) -> None:
    import collective_impact as ci
    from collective_impact.synth import generate

    initiative = stage("generate", lambda: generate(**size._asdict(), seed=seed))
    for path in paths:
        partial = path.with_name(path.name + ".partial")
        fmt = path.suffix[1:]

        def write(target: Path = partial, fmt: str = fmt) -> None:
            ci.dump(initiative, target, format=fmt)

        stage(f"write {fmt}", write)
        os.replace(partial, path)  # a cached file is whole or absent


def python_loop() -> int:
    total = 0
    for i in range(CALIBRATION_LOOP):
        total += i
    return total


def work_calibrate() -> None:
    """Time what the machine's speed is made of: Python bytecode, and memory touched first."""
    stage("python loop", python_loop)
    stage("first touch", lambda: len(b"\x01" * CALIBRATION_BYTES))  # written: every page


def worker_main(argv: Sequence[str]) -> int:
    kind, *rest = argv
    try:
        if kind == "calibrate":
            work_calibrate()
        elif kind == "parse":
            work_parse(Path(rest[0]), rest[1])
        elif kind == "load":
            work_load(Path(rest[0]))
        elif kind == "job":
            work_job(Path(rest[0]))
        elif kind == "generate":
            size = Size(*map(int, rest[:4]))
            work_generate(size, int(rest[4]), [Path(p) for p in rest[5:]])
        else:
            raise ValueError(f"unknown worker {kind!r}")
    except BaseException as exc:  # reported to the driver, which marks the stage as failed
        emit({"event": "error", "message": f"{type(exc).__name__}: {exc}"[:300]})
        return 1
    return 0


# --------------------------------------------------------------------------------------------
# The driver.


@dataclass
class Run:
    """What one worker process reported."""

    seconds: dict[str, float] = field(default_factory=dict)
    max_rss: dict[str, int] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    failed: str | None = None  # the stage that failed, timed out or was killed
    reason: str | None = None


@dataclass
class Measure:
    """The best of several runs of one worker: per stage, the least time and the largest peak."""

    runs: list[Run] = field(default_factory=list)

    @property
    def failure(self) -> Run | None:
        return next((r for r in self.runs if r.failed is not None), None)

    def seconds(self, stage: str) -> float | None:
        times = [r.seconds[stage] for r in self.runs if stage in r.seconds]
        return min(times) if times else None

    def max_rss(self, stage: str) -> int | None:
        peaks = [r.max_rss[stage] for r in self.runs if stage in r.max_rss]
        return max(peaks) if peaks else None

    def peak(self) -> int | None:
        peaks = [v for r in self.runs for v in r.max_rss.values()]
        return max(peaks) if peaks else None

    def total(self, stages: Sequence[str]) -> float | None:
        """The best end-to-end time over the runs that completed every stage of ``stages``."""
        totals = [
            sum(r.seconds[s] for s in stages)
            for r in self.runs
            if all(s in r.seconds for s in stages)
        ]
        return min(totals) if totals else None

    def info(self, key: str) -> Any:
        return next((r.info[key] for r in self.runs if key in r.info), None)


class Log:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)


def rss_of(pid: int) -> int | None:
    """The current resident set size of process ``pid`` in bytes (Linux), else ``None``."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def run_worker(args: Sequence[str], *, timeout: float, max_rss: float, log: Log) -> Run:
    """Run a worker in a fresh process; kill it when a stage exceeds ``timeout`` or ``max_rss``."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    run = Run()
    events: queue.Queue[dict[str, Any] | None] = queue.Queue()
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True)

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith(MARK):
                    events.put(json.loads(line[len(MARK) :]))
            events.put(None)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        current, deadline = "start", time.monotonic() + timeout
        while True:
            try:
                event = events.get(timeout=0.2)
            except queue.Empty:
                rss = rss_of(proc.pid)
                if rss is not None and rss > max_rss * GIB:
                    run.failed, run.reason = current, f"killed above {max_rss:g} GiB RSS"
                elif time.monotonic() > deadline:
                    run.failed, run.reason = current, f"timeout > {timeout:g} s"
                else:
                    continue
                log(f"    {current}: {run.reason}")
                proc.kill()
                break
            if event is None:
                break
            if event["event"] == "start":
                current, deadline = event["stage"], time.monotonic() + timeout
                log(f"    {current} ...")
            elif event["event"] == "done":
                run.seconds[current] = event["seconds"]
                run.max_rss[current] = event["max_rss"]
                log(f"    {current}: {event['seconds']:.2f} s, {event['max_rss'] / MIB:.0f} MiB")
            elif event["event"] == "info":
                run.info.update({k: v for k, v in event.items() if k != "event"})
            elif event["event"] == "error":
                run.failed, run.reason = current, event["message"]
                log(f"    {current} failed: {event['message']}")
        code = proc.wait()
        reader.join(timeout=5)
        if run.failed is None and code != 0:
            err.seek(0)
            tail = err.read().strip().splitlines()[-1:] or [f"exit status {code}"]
            run.failed, run.reason = current, tail[0][:200]
            log(f"    {current} failed: {run.reason}")
    return run


def measure(
    args: Sequence[str], *, repeat: int, timeout: float, max_rss: float, log: Log
) -> Measure:
    result = Measure()
    for i in range(repeat):
        if repeat > 1:
            log(f"  run {i + 1} of {repeat}")
        run = run_worker(args, timeout=timeout, max_rss=max_rss, log=log)
        result.runs.append(run)
        if run.failed is not None:
            break  # a failure would repeat: do not spend the time again
    return result


def measure_file(
    path: Path,
    worker: str,
    *extra: str,
    generation: Run | None,
    repeat: int,
    timeout: float,
    max_rss: float,
    log: Log,
) -> Measure:
    """Measure ``worker`` on ``path``; a failure naming the generation when there is no file."""
    if not path.is_file():
        first = "parse" if worker == "parse" else "import"
        where = f"{generation.failed}: {generation.reason}" if generation else "not generated"
        reason = f"no {path.suffix[1:].upper()} file ({where})"
        return Measure([Run(failed=first, reason=reason)])
    return measure(
        [worker, str(path), *extra], repeat=repeat, timeout=timeout, max_rss=max_rss, log=log
    )


def package_dir() -> Path:
    spec = importlib.util.find_spec("collective_impact")  # finds it without importing it
    if spec is None or spec.origin is None:
        raise SystemExit("collective_impact is not installed (pip install -e .)")
    return Path(spec.origin).parent


def generator_key() -> str:
    """A short hash of the code that decides what the generated files hold."""
    digest = hashlib.sha256()
    root = package_dir()
    for part in ("synth.py", "io/native.py", "model/_convert.py", "model/_fields.py"):
        with contextlib.suppress(OSError):
            digest.update((root / part).read_bytes())
    return digest.hexdigest()[:10]


def data_files(
    folder: Path,
    name: str,
    seed: int,
    formats: Sequence[str],
    *,
    timeout: float,
    max_rss: float,
    log: Log,
) -> tuple[dict[str, Path], Run | None]:
    """The files of size ``name`` (generated into ``folder`` unless already there)."""
    size = SIZES[name]
    stem = (
        f"scale-{name}-p{size.partners}-a{size.activities}-i{size.indicators}-t{size.ties}"
        f"-seed{seed}-{generator_key()}"
    )
    paths = {fmt: folder / f"{stem}.{fmt}" for fmt in ("json", *formats)}
    missing = [p for p in paths.values() if not p.is_file()]
    if not missing:
        log(f"[{name}] using the cached {', '.join(p.name for p in paths.values())}")
        return paths, None
    for stale in folder.glob(f"scale-{name}-*-seed{seed}-*"):  # made by another generator
        if not stale.name.startswith(stem + "."):
            stale.unlink(missing_ok=True)
    log(f"[{name}] generating {size} (seed {seed}) into {folder}")
    args = ["generate", *map(str, size), str(seed), *map(str, missing)]
    run = run_worker(args, timeout=max(timeout, 600.0), max_rss=max_rss, log=log)
    for path in missing:  # what a killed generation left half written
        path.with_name(path.name + ".partial").unlink(missing_ok=True)
    return paths, run if run.failed is not None else None


def time_cli(argv: Sequence[str], *, timeout: float, log: Log) -> tuple[float | None, str]:
    """Best wall time of ``CLI_RUNS`` runs of the command line, and a failure reason if any."""
    script = Path(sys.executable).with_name("collective-impact")
    base = [str(script)] if script.is_file() else [sys.executable, "-m", "collective_impact"]
    best: float | None = None
    for _ in range(CLI_RUNS):
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                [*base, *argv],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return best, f"timeout > {timeout:g} s"
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
            return best, f"exit status {proc.returncode}: {tail[0][:150]}".rstrip(": ")
        best = seconds if best is None else min(best, seconds)
    log(f"  collective-impact {' '.join(argv)}: {best:.3f} s")
    return best, ""


# --------------------------------------------------------------------------------------------
# The report.


@dataclass
class Results:
    sizes: list[str]
    formats_at: list[str]
    files: dict[str, dict[str, Path]] = field(default_factory=dict)
    bare: dict[tuple[str, str], Measure] = field(default_factory=dict)  # (size, fmt)
    loads: dict[tuple[str, str], Measure] = field(default_factory=dict)  # (size, yaml|toml)
    jobs: dict[str, Measure] = field(default_factory=dict)
    cli: dict[str, tuple[float | None, str]] = field(default_factory=dict)
    kernel: str = "not checked"  # whether the compiled pair kernel is in use, and its load time
    bytecode: str = "not checked"  # whether the package's modules were byte-compiled first
    calibration: dict[str, Measure] = field(default_factory=dict)  # "start", "end"


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds:.3f}" if seconds < 1 else f"{seconds:.2f}"


def fmt_mib(nbytes: int | None) -> str:
    return "n/a" if nbytes is None else f"{nbytes / MIB:,.0f}"


def failed_cell(m: Measure | None, stage: str) -> str | None:
    """The text of a cell whose stage did not complete, or ``None`` when it did."""
    if m is None:
        return "not run"
    fail = m.failure
    if m.seconds(stage) is not None:
        return None
    if fail is None:
        return "not run"
    if fail.failed == stage:
        return f"**FAIL**: {fail.reason}"
    return "not run"


def stage_cell(m: Measure | None, stage: str) -> str:
    bad = failed_cell(m, stage)
    if bad is not None:
        return bad
    assert m is not None
    return f"{fmt_s(m.seconds(stage))} s · {fmt_mib(m.max_rss(stage))} MiB"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b <= 0 else a / b


def job_s(res: Results, size: str, stage: str) -> float | None:
    """The best time of a stage of the job at ``size``, or of its end to end (``"total"``)."""
    m = res.jobs.get(size)
    if m is None:
        return None
    return m.total(END_TO_END) if stage == "total" else m.seconds(stage)


def parse_s(res: Results, size: str, fmt: str) -> float | None:
    """The best time of the bare parser of ``fmt`` at ``size``."""
    m = res.bare.get((size, fmt))
    return m.seconds("parse") if m else None


def load_s(res: Results, size: str, fmt: str) -> float | None:
    """The best time of ``load`` of the ``fmt`` file at ``size``."""
    if fmt == "json":
        return job_s(res, size, "load")
    m = res.loads.get((size, fmt))
    return m.seconds("load") if m else None


def fmt_ratio(r: float | None) -> str:
    return "n/a" if r is None else f"{r:.2f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

    return [line(header), "|" + "---|" * len(header), *map(line, rows)]


def growth(res: Results, stage: str) -> list[tuple[str, float | None, bool]]:
    """Each doubling step of the growth sizes run: (label, ratio, judged)."""
    steps = []
    run = [s for s in GROWTH if s in res.sizes]
    for small, big in itertools.pairwise(run):
        if stage == "json.load":
            ta, tb = parse_s(res, small, "json"), parse_s(res, big, "json")
        else:
            ta, tb = job_s(res, small, stage), job_s(res, big, stage)
        judged = tb is None or ta is None or max(ta, tb) >= NOISE_FLOOR_S
        steps.append((f"{small} → {big}", ratio(tb, ta), judged))
    return steps


def verdict(ok: bool | None) -> str:
    return "n/a (not measured)" if ok is None else ("PASS" if ok else "**FAIL**")


def targets(res: Results) -> list[list[str]]:
    """One row per target of the issue: the target, what was measured, PASS or FAIL."""
    rows: list[list[str]] = []

    def add(name: str, measured: str, ok: bool | None) -> None:
        rows.append([name, measured, verdict(ok)])

    def failure_text(m: Measure | None) -> str:
        f = m.failure if m else None
        return f"{f.failed}: {f.reason}" if f else "not run"

    def ratios(
        name: str,
        sizes: Sequence[str],
        pair: Callable[[str], tuple[float | None, float | None]],
        limit: float,
    ) -> None:
        values = {n: ratio(*pair(n)) for n in sizes}
        add(
            name,
            ", ".join(f"{n} {fmt_ratio(r)}" for n, r in values.items()) or "not run",
            all(r is not None and r <= limit for r in values.values()) if values else None,
        )

    def against_parser(fmt: str) -> Callable[[str], tuple[float | None, float | None]]:
        return lambda n: (load_s(res, n, fmt), parse_s(res, n, fmt))

    # The stress case (time and memory) and the 10k case, end to end.
    for size, limit in ((STRESS, STRESS_SECONDS), (SMALL, SMALL_SECONDS)):
        name = f"{size} end to end ≤ {limit:g} s"
        if size not in res.sizes:
            add(name, "size not run", None)
            continue
        m, total = res.jobs.get(size), job_s(res, size, "total")
        failed = m is None or m.failure is not None
        add(
            name,
            f"{total:.2f} s" if total is not None else failure_text(m),
            total is not None and total <= limit,
        )
        if size == STRESS:
            peak = m.peak() if m else None
            add(
                f"{size} peak RSS ≤ {STRESS_BYTES / GIB:g} GiB",
                f"{fmt_mib(peak)} MiB"
                + (f" (up to the failure at {failure_text(m)})" if failed else ""),
                peak is not None and not failed and peak <= STRESS_BYTES,
            )

    ratios(
        f"`load` ≤ {LOAD_OVER_JSON:g} × `json.load`",
        res.sizes,
        against_parser("json"),
        LOAD_OVER_JSON,
    )
    for fmt in FORMATS:
        ratios(
            f"{fmt.upper()} `load` ≤ {LOAD_OVER_PARSER:g} × its parser",
            res.formats_at,
            against_parser(fmt),
            LOAD_OVER_PARSER,
        )
    ratios(
        f"`assess` ≤ {ASSESS_OVER_LOAD:g} × `load`",
        res.sizes,
        lambda n: (job_s(res, n, "assess"), job_s(res, n, "load")),
        ASSESS_OVER_LOAD,
    )

    # Doubling every count: every stage of the job and the end to end.
    name = f"doubling ≤ {DOUBLING:g} × time (every stage)"
    if sum(s in res.sizes for s in GROWTH) < 2:
        add(name, "needs two of " + ", ".join(GROWTH), None)
    else:
        worst: tuple[float, str] | None = None
        missing: list[str] = []
        for stage in (*END_TO_END, "total"):
            for label, r, judged in growth(res, stage):
                if r is None:
                    missing.append(f"{stage} {label}")
                elif judged and (worst is None or r > worst[0]):
                    worst = (r, f"{stage} {label}")
        text = f"worst {worst[0]:.2f} ({worst[1]})" if worst else "no ratio"
        if missing:
            text += f"; not measured: {', '.join(missing)}"
        add(name, text, not missing and (worst is None or worst[0] <= DOUBLING))

    # The command line.
    for key, limit in (
        ("--version", VERSION_SECONDS),
        ("assess --example cradle-to-career", EXAMPLE_SECONDS),
    ):
        name = f"`collective-impact {key}` ≤ {limit:g} s"
        if key not in res.cli:
            add(name, "not run", None)
            continue
        best, problem = res.cli[key]
        measured = fmt_s(best) + " s" if best is not None else "n/a"
        add(
            name,
            measured + (f" ({problem})" if problem else ""),
            best is not None and not problem and best <= limit,
        )
    return rows


def compile_bytecode(timeout: float) -> str:
    """Byte-compile the package's modules before measuring, as ``pip install`` does.

    An installed package ships its bytecode, and an editable one writes it on first import, so
    a user's processes do not compile the sources. An environment that sets
    ``PYTHONDONTWRITEBYTECODE`` (as some sandboxes and containers do) would otherwise make every
    measured process compile them again: about 0.3 s of ``assess --example``, and the lazily
    imported modules of any stage. ``compileall`` writes the bytecode whatever that variable
    says, and the interpreter reads it. Returns what was done, for the report.
    """
    root = package_dir()
    try:
        out = subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(root)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"not compiled within {timeout:g} s: the processes compile the sources"
    if out.returncode != 0:
        problem = (out.stdout.strip() or out.stderr.strip()).splitlines()[-1:] or ["?"]
        return f"not compiled ({problem[0][:150]}): the processes compile the sources"
    flag = (
        " (this environment sets PYTHONDONTWRITEBYTECODE)"
        if os.environ.get("PYTHONDONTWRITEBYTECODE")
        else ""
    )
    return f"compiled before measuring, as an installed package ships it{flag}"


def warm_kernel(timeout: float) -> str:
    """Load the compiled pair kernel once in a fresh process (compiling it the first time).

    Numba caches the machine code beside the module, so the measured processes load it; this
    says whether the kernel is in use and what the first load cost.
    """
    code = (
        "import time; t = time.perf_counter()\n"
        "from collective_impact.analysis import _kernels\n"
        "ok = _kernels.available()\n"
        "ok and _kernels.kernels()\n"
        "print(ok, time.perf_counter() - t)"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"failed to load within {timeout:g} s"
    if out.returncode != 0:
        return "failed to load: " + (out.stderr.strip().splitlines() or ["?"])[-1]
    ok, seconds = out.stdout.split()
    if ok != "True":
        return "off (numba is not installed, or COLLECTIVE_IMPACT_COMPILED=0): numpy engine"
    return (
        f"on (the extra `fast`); loaded in {float(seconds):.2f} s before measuring "
        "(compiled then if numba had no cached copy)"
    )


def machine() -> str:
    versions = []
    for dist in ("collective-impact", "numpy", "scipy", "networkx", "PyYAML", "numba"):
        try:
            versions.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    return (
        f"Python {platform.python_version()}, {', '.join(versions)}; {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPU(s){cpu_model()}"
    )


def calibration(res: Results) -> str:
    """Say how fast the machine ran at the start and at the end of the run (best times).

    The same machine runs at different speeds from one hour to the next (its memory especially:
    touching memory for the first time costs several times more in some runs), so a reader can
    tell whether two runs are comparable and whether the machine changed during one.
    """
    parts = []
    for name, what in (
        ("python loop", f"a Python loop of {CALIBRATION_LOOP:,} additions"),
        ("first touch", f"touching {CALIBRATION_BYTES >> 20} MiB for the first time"),
    ):
        times = [res.calibration[k].seconds(name) if k in res.calibration else None for k in CALIB]
        if all(t is None for t in times):
            continue
        parts.append(f"{what} {' and '.join(fmt_s(t) + ' s' for t in times)}")
    if not parts:
        return ""
    return (
        "Machine speed at the start and the end of the run (fresh processes, best of the repeats):"
        f" {'; '.join(parts)}."
    )


def cpu_model() -> str:
    """Return ``" (model name, family F model M)"`` of the first CPU, or ``""``.

    From ``/proc/cpuinfo``. Runs on machines of one kind can land on different processors, and
    the name alone may not tell them apart (a virtual machine may show only "AMD EPYC"): the
    family and model numbers do (family 25 model 17 is AMD's Zen 4, whose AVX-512 sort numpy
    uses is several times slower than on other processors).
    """
    fields: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                if not line.strip():
                    break  # the first CPU only
                name, _, value = line.partition(":")
                fields.setdefault(name.strip(), value.strip())
    except OSError:
        return ""
    name = fields.get("model name", "")
    if not name:
        return ""
    family, model = fields.get("cpu family"), fields.get("model")
    numbers = f", family {family} model {model}" if family and model else ""
    return f" ({name}{numbers})"


def report(res: Results, args: argparse.Namespace) -> Iterator[str]:
    notes = not args.markdown_only
    yield "### Sizes"
    yield ""
    rows = []
    for name in res.sizes:
        size, job = SIZES[name], res.jobs.get(name)
        path = res.files.get(name, {}).get("json")
        file_mb = f"{path.stat().st_size / 1e6:.1f}" if path and path.is_file() else "n/a"
        gaps = job.info("gaps") if job else None
        scored = job.info("scored") if job else None
        out = job.info("result_bytes") if job else None
        rows.append(
            [
                name,
                f"{size.partners:,}",
                f"{size.activities:,}",
                f"{size.indicators:,}",
                f"{size.ties:,}",
                "n/a" if scored is None else f"{scored:,}",
                file_mb,
                "n/a" if gaps is None else f"{gaps:,}",
                "n/a" if out is None else f"{out / 1e6:.1f}",
            ]
        )
    yield from table(
        [
            "size",
            "partners",
            "activities",
            "indicators",
            "ties",
            "activities scored",
            "JSON MB",
            "gaps",
            "result MB",
        ],
        rows,
    )
    yield ""
    yield (
        f"### Stages: best time of {args.repeat} · peak RSS (MiB) reached by the end of the stage"
    )
    yield ""
    rows = []
    rows.append(
        ["`json.load` (bare, own process)"]
        + [stage_cell(res.bare.get((n, "json")), "parse") for n in res.sizes]
    )
    for stage, label in JOB_STAGES.items():
        rows.append([label] + [stage_cell(res.jobs.get(n), stage) for n in res.sizes])
    totals = []
    for n in res.sizes:
        m = res.jobs.get(n)
        total = m.total(END_TO_END) if m else None
        if total is None:
            fail = m.failure if m else None
            totals.append(f"**FAIL** at {fail.failed}" if fail else "n/a")
        else:
            totals.append(f"**{fmt_s(total)} s** · {fmt_mib(m.peak() if m else None)} MiB")
    rows.append(["**end to end** (`load` → write)", *totals])
    yield from table(["stage", *res.sizes], rows)
    yield ""

    steps = [s for s in GROWTH if s in res.sizes]
    if len(steps) >= 2:
        yield "### Growth: time ratio per doubling of every count"
        yield ""
        labels = [label for label, _, _ in growth(res, "load")]
        rows = []
        for stage in ("json.load", *END_TO_END, "total"):
            name = {"total": "**end to end**", "json.load": "`json.load` (bare)"}.get(
                stage, JOB_STAGES.get(stage, stage)
            )
            cells = []
            for _, r, judged in growth(res, stage):
                cell = fmt_ratio(r)
                cells.append(cell if judged else f"{cell} (< {NOISE_FLOOR_S:g} s)")
            rows.append([name, *cells])
        yield from table(["stage", *labels], rows)
        yield ""

    load_json = [
        f"{n} {fmt_ratio(ratio(load_s(res, n, 'json'), parse_s(res, n, 'json')))}"
        for n in res.sizes
    ]
    assess_load = [
        f"{n} {fmt_ratio(ratio(job_s(res, n, 'assess'), job_s(res, n, 'load')))}" for n in res.sizes
    ]
    yield (
        f"**Ratios** — `load` / `json.load`: {', '.join(load_json)}; "
        f"`assess` / `load`: {', '.join(assess_load)}."
    )
    yield ""

    if res.formats_at:
        yield "### YAML and TOML: `load` against the bare parser"
        yield ""
        rows = []
        for n in res.formats_at:
            for fmt in FORMATS:
                bare, lm = res.bare.get((n, fmt)), res.loads.get((n, fmt))
                path = res.files.get(n, {}).get(fmt)
                rows.append(
                    [
                        n,
                        fmt.upper(),
                        f"{path.stat().st_size / 1e6:.1f}" if path and path.is_file() else "n/a",
                        f"`{bare.info('parser')}`" if bare and bare.info("parser") else "n/a",
                        stage_cell(bare, "parse"),
                        stage_cell(lm, "load"),
                        fmt_ratio(
                            ratio(
                                lm.seconds("load") if lm else None,
                                bare.seconds("parse") if bare else None,
                            )
                        ),
                    ]
                )
        yield from table(
            ["size", "format", "file MB", "bare parser", "parser", "`load`", "load / parser"],
            rows,
        )
        yield ""

    if res.cli:
        yield f"### Command line: best wall time of {CLI_RUNS} runs"
        yield ""
        rows = []
        for key, (best, problem) in res.cli.items():
            rows.append(
                [f"`collective-impact {key}`", fmt_s(best) + (f" ({problem})" if problem else "")]
            )
        yield from table(["command", "seconds"], rows)
        yield ""

    yield "### Targets"
    yield ""
    yield from table(["target", "measured", "result"], targets(res))
    if notes:
        yield ""
        yield (
            f"Seed {args.seed}; per-stage timeout {args.timeout:g} s; processes killed above "
            f"{args.max_rss:g} GiB RSS. Each stage's peak is the process's RSS high-water mark "
            "(`ru_maxrss`) at the end of that stage, so it includes the earlier stages; the "
            "end-to-end peak is the whole job's. Growth ratios whose times are both under "
            f"{NOISE_FLOOR_S:g} s are shown but not judged."
        )
        yield ""
        yield f"Machine: {machine()}."
        speed = calibration(res)
        if speed:
            yield ""
            yield speed
        yield ""
        yield f"Compiled pair kernel: {res.kernel}."
        yield ""
        yield f"Bytecode of the package's modules: {res.bytecode}."


# --------------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[str]:
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in SIZES]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}"
        )
    return sorted(set(names), key=list(SIZES).index)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        return worker_main(argv[1:])
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(SIZES),
        help="comma-separated, among " + ", ".join(SIZES),
    )
    parser.add_argument(
        "--format-sizes",
        type=parse_sizes,
        default=["10k"],
        help="the sizes (also in --sizes) at which YAML and TOML are measured",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="fresh processes per measurement (best time kept)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of synth.generate")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        help="keep the generated files here and reuse them (default: a temporary folder)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds a stage may take before it fails"
    )
    parser.add_argument(
        "--max-rss",
        type=float,
        default=8.0,
        help="GiB of resident memory above which a measured process is killed",
    )
    parser.add_argument(
        "--markdown-only",
        action="store_true",
        help="print only the tables: no progress on stderr, no notes under the tables",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not args.sizes:
        parser.error("--sizes names no size")
    log = Log(quiet=args.markdown_only)
    res = Results(sizes=args.sizes, formats_at=[s for s in args.format_sizes if s in args.sizes])
    formats = {name: FORMATS if name in res.formats_at else () for name in res.sizes}
    limits = {"timeout": args.timeout, "max_rss": args.max_rss, "log": log}

    log("[bytecode] byte-compiling the package's modules (as an installation does)")
    res.bytecode = compile_bytecode(args.timeout)
    log("[kernel] loading the compiled pair kernel (compiled once per installation)")
    res.kernel = warm_kernel(args.timeout)
    log("[machine] calibrating: a Python loop, memory touched for the first time")
    res.calibration["start"] = measure(["calibrate"], repeat=args.repeat, **limits)
    with contextlib.ExitStack() as stack:
        if args.cache_dir is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ci-scale-")))
        else:
            folder = args.cache_dir
            folder.mkdir(parents=True, exist_ok=True)
        for name in res.sizes:
            paths, generation = data_files(folder, name, args.seed, formats[name], **limits)
            res.files[name] = paths

            def run(path: Path, worker: str, *extra: str, gen: Run | None = generation) -> Measure:
                return measure_file(
                    path, worker, *extra, generation=gen, repeat=args.repeat, **limits
                )

            log(f"[{name}] bare json.load")
            res.bare[name, "json"] = run(paths["json"], "parse", "json")
            log(f"[{name}] the job: import, load, assess, to_dict, write")
            res.jobs[name] = run(paths["json"], "job")
            for fmt in formats[name]:
                log(f"[{name}] {fmt}: bare parser, then load")
                res.bare[name, fmt] = run(paths[fmt], "parse", fmt)
                res.loads[name, fmt] = run(paths[fmt], "load")
        log("[cli] timing the command line")
        for key in ("--version", "assess --example cradle-to-career"):
            res.cli[key] = time_cli(key.split(), timeout=args.timeout, log=log)
        log("[machine] calibrating again")
        res.calibration["end"] = measure(["calibrate"], repeat=args.repeat, **limits)
        print("\n".join(report(res, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
