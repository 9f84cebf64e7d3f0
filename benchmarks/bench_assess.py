"""Benchmark generating, loading and assessing initiatives at the sizes of the design's scale cases.

Run from the repository root::

    python benchmarks/bench_assess.py                      # 1k, 10k and 100k
    python benchmarks/bench_assess.py --sizes 1k,10k --repeat 5
    python benchmarks/bench_assess.py --skip-assess        # generation and loading only

For each size it generates a synthetic initiative with :func:`collective_impact.synth.generate`
(timed once), writes it to a temporary YAML file and times :func:`collective_impact.load` of it
(once; the loaded initiative is checked equal to the generated one), and times
:func:`collective_impact.assess` (best of ``--repeat``), then measures the tracemalloc peak of one
more, traced, ``assess`` call. It prints a markdown table on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

import collective_impact as ci
from collective_impact.synth import generate


class Size(NamedTuple):
    partners: int
    activities: int
    indicators: int
    ties: int


SIZES: dict[str, Size] = {
    "1k": Size(partners=100, activities=1_000, indicators=50, ties=500),
    "10k": Size(partners=1_000, activities=10_000, indicators=300, ties=5_000),
    "100k": Size(partners=10_000, activities=100_000, indicators=1_000, ties=50_000),
}

COLUMNS = (
    "size",
    "partners",
    "activities",
    "indicators",
    "ties",
    "generate s",
    "file MB",
    "load s",
    "assess s",
    "peak MB",
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """Return the wall-clock seconds of one call of ``func`` and its result."""
    gc.collect()
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def best_of(func: Callable[[], Any], repeat: int) -> float:
    return min(timed(func)[0] for _ in range(repeat))


def traced_peak_mb(func: Callable[[], Any]) -> float:
    """Return the peak of memory allocated through Python (tracemalloc) during one call, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def max_rss_mb() -> float:
    """Return the process's peak resident set size so far, in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1e6 if sys.platform == "darwin" else rss / 1e3  # bytes on macOS, else KiB


def run(name: str, size: Size, *, repeat: int, skip_assess: bool, seed: int) -> list[str]:
    log(f"[{name}] generating {size}")
    gen_s, init = timed(lambda: generate(**size._asdict(), seed=seed))
    with tempfile.TemporaryDirectory(prefix="ci-bench-") as tmp:
        path = Path(tmp) / f"{name}.yaml"
        log(f"[{name}] writing {path.name}")
        ci.dump(init, path)
        file_mb = path.stat().st_size / 1e6
        log(f"[{name}] loading {file_mb:.1f} MB")
        load_s, loaded = timed(lambda: ci.load(path, max_bytes=None))
    if loaded != init:
        raise SystemExit(f"[{name}] the loaded initiative differs from the generated one")
    del loaded
    assess_cell = peak_cell = "n/a"
    if not skip_assess:
        assess = ci.assess
        log(f"[{name}] assessing, best of {repeat}")
        assess_cell = f"{best_of(lambda: assess(init), repeat):.2f}"
        log(f"[{name}] assessing once more under tracemalloc")
        peak_cell = f"{traced_peak_mb(lambda: assess(init)):.0f}"
    return [
        name,
        f"{size.partners:,}",
        f"{size.activities:,}",
        f"{size.indicators:,}",
        f"{size.ties:,}",
        f"{gen_s:.2f}",
        f"{file_mb:.1f}",
        f"{load_s:.2f}",
        assess_cell,
        peak_cell,
    ]


def table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    return (
        f"collective_impact {ci.__version__}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPU(s) ({platform.processor() or 'unknown processor'})"
    )


def parse_sizes(text: str) -> list[str]:
    names = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in names if s not in SIZES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown size(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(SIZES)}"
        )
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(SIZES),
        help="comma-separated sizes among 1k, 10k, 100k (default: all three)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="assess runs to take the best of (default: 3)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator (default: 0)")
    parser.add_argument(
        "--skip-assess", action="store_true", help="time generation and loading only"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not args.skip_assess and not hasattr(ci, "assess"):
        parser.error("collective_impact.assess is not available in this version; --skip-assess")
    rows = [
        run(name, SIZES[name], repeat=args.repeat, skip_assess=args.skip_assess, seed=args.seed)
        for name in args.sizes
    ]
    print(table(rows))
    print()
    print(f"Machine: {machine()}; peak RSS of the whole run {max_rss_mb():.0f} MB.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
