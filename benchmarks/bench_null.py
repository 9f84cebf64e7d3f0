"""Benchmark the alignment null test: 1,000 rewired networks of a 200-partner initiative.

Run from the repository root::

    python benchmarks/bench_null.py                 # the reference size, n=1000
    python benchmarks/bench_null.py --n 200 --profile

The reference case is ``synth.generate(partners=200, activities=2000, indicators=60, ties=600,
seed=0)`` and ``alignment_null_test(initiative, n=1000, seed=0)``; the target is 30 s on the
project's 2-CPU development machine. It prints one markdown table on stdout (progress on stderr):
the time to build the model and score it once (``setup s``), the time of the whole test, and how
that splits between the swap chain and the recomputation of coordination.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import sys
import time

import numpy as np

import collective_impact as ci
from collective_impact.analysis import nulls
from collective_impact.synth import generate

SIZE = {"partners": 200, "activities": 2000, "indicators": 60, "ties": 600}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def split(init: ci.Initiative, n: int, seed: int) -> tuple[float, float]:
    """Seconds spent in the swap chain and in recomputing the index, for ``n`` networks."""
    prepared = ci.prepare(init)  # the arrays and scores the test uses, in one order
    index, result = prepared.arrays, prepared.reinforcement
    first, second, strength = nulls._tie_graph(index)
    index_of = nulls._IndexOfTies(index, ci.ScoringConfig(), result)
    chain = nulls._SwapChain(first, second, len(index.partner_ids), np.random.default_rng(seed))
    start = time.perf_counter()
    chain.run(nulls.BURN_IN_PER_TIE * first.size)
    for _ in range(n):
        chain.run(first.size)
    swap_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(n):
        index_of(chain.first, chain.second, strength)
    return swap_s, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="null networks (default: 1000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of generator and test")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile")
    args = parser.parse_args(argv)

    log(f"generating {SIZE}")
    init = generate(**SIZE, seed=args.seed)
    start = time.perf_counter()
    ci.reinforcement_scores(init)
    setup_s = time.perf_counter() - start

    log(f"running alignment_null_test(n={args.n})")
    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    test = nulls.alignment_null_test(init, n=args.n, seed=args.seed)
    if profiler is not None:
        profiler.disable()
    total_s = time.perf_counter() - start

    log("timing the swap chain and the index recomputation separately")
    swap_s, index_s = split(init, args.n, args.seed)

    print("| n | ties | setup s | test s | swaps s | index s | acceptance | observed | p |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {args.n} | {test.ties} | {setup_s:.2f} | {total_s:.2f} | {swap_s:.2f} | "
        f"{index_s:.2f} | {test.acceptance:.3f} | {test.observed:.4f} | {test.p_value:.4f} |"
    )
    print()
    print(
        f"Machine: Python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s)."
    )
    if profiler is not None:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
