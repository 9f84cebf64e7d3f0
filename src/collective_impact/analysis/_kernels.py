"""The compiled kernel of the pair engine (numba, the optional extra ``fast``).

The pair engine of :mod:`.reinforcement` is written in numpy and needs nothing else. With
`numba <https://numba.pydata.org>`_ installed (``pip install collective-impact[fast]``), what
numpy can only do through sorts and scatters over tens of millions of values runs as one
compiled pass per activity instead, on the same arrays: finding the activities it meets in the
candidate join, summing their shared indicators, reading overlap and coordination, and writing
every score of each pair (``score_block``). The network measures use it too: the
breadth-first search from blocks of 64 sources per machine word behind the distances
(``distance_block``; see :func:`.network._distance_sums`) and Brandes' dependencies behind
betweenness (``dependency_block``; see :func:`.network._dependencies_by_block`), each giving
the numpy search's values to the bit; and the sums of the coordination gaps by pair of lead
partners (``gap_counts``, ``gap_scatter`` and ``gap_sums``: passes over ranges of the pairs on
two threads and a counting sort, instead of the terms of every pair and a sort of millions of
keys) and the candidate join (``join_tokens``: a counting
sort and binary searches within each key, instead of two sorts of millions of tokens). The
recommendations sum what a tie between each two partners would add (``tie_gains``: one pass per
partner with a dense accumulator, keeping the largest sums, instead of the terms of every
partner in numpy's blocks).

The kernel returns **the same numbers to the bit**: every sum is added from 0 in the order the
numpy engine adds it (a pair's shared indicators descending for its help, harm and conflict,
ascending for its cosine; ``np.bincount`` adds sequentially), with no fast-math and no fused
multiply-add, and coordination is a maximum, which does not depend on order. The tests check
this on random initiatives (``tests/test_kernels.py``).

Compiling takes several seconds the first time; the machine code is cached beside this module
(numba's ``cache=True``), so later processes load it in a fraction of a second (importing numba
included). The engine only uses the kernel when the work is large enough to gain from it (see
``COMPILED_MIN_WORK`` in :mod:`.reinforcement`), so small initiatives never import numba.
"""

from __future__ import annotations

import concurrent.futures
import functools
import importlib.util
import itertools
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
U = TypeVar("U")

#: Set to ``0`` to never use the compiled kernel (the numpy engine then runs everywhere).
ENVIRONMENT_SWITCH = "COLLECTIVE_IMPACT_COMPILED"


def usable_cpus() -> int:
    """Return how many CPUs this process may run on (its affinity where the system has one).

    Returns
    -------
    int
        At least 1.
    """
    if hasattr(os, "sched_getaffinity"):  # Linux: the CPUs the process is allowed
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def map_threads(func: Callable[[U], T], items: Sequence[U], threads: int) -> Iterator[T]:
    """Yield ``func(item)`` for each item, in the order of the items, on up to ``threads`` threads.

    Never more threads than items or than the CPUs usable (:func:`usable_cpus`); with one, in
    this thread. For work that releases the GIL (the compiled kernels, numpy's loops, scipy's
    sparse products). The results come back in the order of the items, so what is summed from
    them is summed as it would be one item after another, to the bit. An exception stops the
    items not yet started; the threads are joined before it propagates.

    Parameters
    ----------
    func
        The work on one item.
    items
        The items.
    threads
        At most this many threads.

    Yields
    ------
    object
        ``func(item)``, item by item.
    """
    workers = min(threads, len(items), usable_cpus())
    if workers < 2:
        yield from map(func, items)
        return
    pool = concurrent.futures.ThreadPoolExecutor(workers)
    try:
        yield from pool.map(func, items)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def flagged_ranges(flags: Any, parts: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Cut the rows of ``flags`` into ``parts`` ranges of about equal size, for threads.

    Returns the ranges ``(lo, hi)``, in order, and where each range's first flagged row stands
    among the flagged rows (the number of rows flagged before it): a kernel reading values
    kept for the flagged rows only (one per pair between partners, say) starts there.

    Parameters
    ----------
    flags
        A boolean array, one per row.
    parts
        How many ranges (at least 1).

    Returns
    -------
    ranges : list of tuple of int
    starts : list of int

    Examples
    --------
    >>> import numpy as np
    >>> flagged_ranges(np.array([True, False, True, True, False]), 2)
    ([(0, 2), (2, 5)], [0, 1])
    """
    import numpy as np

    n = len(flags)
    bounds = np.linspace(0, n, max(parts, 1) + 1).astype(np.int64).tolist()
    ranges = list(itertools.pairwise(bounds))
    starts = [0]
    for lo, hi in ranges[:-1]:
        starts.append(starts[-1] + int(np.count_nonzero(flags[lo:hi])))
    return ranges, starts


def available() -> bool:
    """Return whether the compiled kernel can be used (numba installed and not switched off).

    Returns
    -------
    bool
        ``True`` when numba can be imported and ``COLLECTIVE_IMPACT_COMPILED`` is not ``0``.
    """
    if os.environ.get(ENVIRONMENT_SWITCH, "1").strip() in {"0", "false", "no", "off"}:
        return False
    return importlib.util.find_spec("numba") is not None


#: The compiled kernels that failed to compile at their first call in this process (by the
#: ``what`` of :func:`loaded`), with the error: numpy does their work from then on.
_BROKEN: dict[str, str] = {}


def compile_errors() -> tuple[type[Exception], ...]:
    """Return the exceptions numba's compiler raises (none when numba cannot be imported).

    A kernel is compiled at its first call, for the types of its arguments: a failure there
    (typing, lowering, an unsupported feature of this numba) raises a subclass of
    ``numba.core.errors.NumbaError``, which :func:`compiled_or` catches to do the work with
    numpy. Only these: any other error of a kernel is a bug and is raised.

    Returns
    -------
    tuple of exception classes
        ``(NumbaError,)``, or ``()`` (which an ``except`` clause matches never).
    """
    try:
        from numba.core.errors import NumbaError
    except Exception:  # numba absent or broken: no kernel ran, none can have failed
        return ()
    return (NumbaError,)


def compiled_or(
    what: str,
    instead: str,
    compiled: Callable[[], T],
    numpy: Callable[[], T],
    *,
    strict: bool = False,
    stacklevel: int = 2,
) -> T:
    """Return ``compiled()``, or ``numpy()`` when numba's compiler fails at a kernel's first call.

    The failure is recorded and warned once: :func:`loaded` returns ``False`` for ``what`` from
    then on, so the compiler is not tried again at every call. Any other error is raised.

    Parameters
    ----------
    what, instead
        As for :func:`loaded`.
    compiled, numpy
        The same work with the compiled kernel and with numpy (the same numbers).
    strict
        Raise the compiler's error instead (the caller asked for the kernel explicitly).
    stacklevel
        The frame the warning names, counted from the caller of this function.

    Returns
    -------
    object
        What the one that ran returned.
    """
    try:
        return compiled()
    except compile_errors() as err:  # compiled at the first call, and it failed
        if strict:
            raise
        _BROKEN[what] = f"{type(err).__name__}: {err}"
        _warn(what, "failed to compile", _BROKEN[what], instead, stacklevel + 1)
    return numpy()


def _warn(what: str, failure: str, error: str, instead: str, stacklevel: int) -> None:
    """Warn that the compiled ``what`` cannot be used and what is done instead."""
    warnings.warn(
        f"the compiled {what} {failure} ({error}); {instead} "
        f"(set {ENVIRONMENT_SWITCH}=0 to skip it)",
        RuntimeWarning,
        stacklevel=stacklevel + 1,
    )


def loaded(what: str, instead: str, *, stacklevel: int = 2) -> bool:
    """Return whether the kernels compile (or load from the cache) here; warn if they do not.

    numba may be installed yet unable to compile on a machine; the caller then does the same
    work with numpy, and the warning says so. A kernel that failed to compile at its first call
    (:func:`compiled_or`) is not used again in the process.

    Parameters
    ----------
    what
        What cannot be used, for the warning ("pair kernel").
    instead
        What is done instead, for the warning ("scoring with numpy instead").
    stacklevel
        The frame the warning names, counted from the caller of this function.

    Returns
    -------
    bool
        ``True`` when :func:`kernels` returned; ``False`` (with a :class:`RuntimeWarning`) when
        it raised.

    Examples
    --------
    Where numba is installed (the extra ``fast``), the kernels load:

    >>> not available() or loaded("pair kernel", "scoring with numpy instead")
    True
    """
    if what in _BROKEN:
        return False  # warned when it failed
    try:
        kernels()
    except Exception as err:  # numba installed but unable to compile here: numpy it is
        _warn(what, "cannot be used", f"{type(err).__name__}: {err}", instead, stacklevel + 1)
        return False
    return True


def wanted(
    compiled: bool | None, large: bool, what: str, instead: str, *, stacklevel: int = 2
) -> bool:
    """Return whether a compiled kernel should do a piece of work.

    As asked when ``compiled`` is given; by default when the work is ``large`` enough to gain
    from the kernel, numba is available and the kernels load here (:func:`loaded`, which warns
    when they cannot: ``what`` and ``instead`` name the kernel and what is done instead).

    Parameters
    ----------
    compiled
        ``True`` or ``False`` to choose; ``None`` for the default.
    large
        Whether the work is large enough for the kernel (below, numpy is as quick).
    what, instead, stacklevel
        As for :func:`loaded`.

    Returns
    -------
    bool

    Examples
    --------
    >>> wanted(False, True, "pair kernel", "scoring with numpy instead")
    False
    >>> wanted(None, False, "pair kernel", "scoring with numpy instead")
    False
    """
    if compiled is not None:
        return compiled
    return large and available() and loaded(what, instead, stacklevel=stacklevel + 1)


@functools.cache
def kernels() -> Any:
    """Return the compiled kernel's namespace (compiled, or loaded from cache, on first use).

    Returns
    -------
    types.SimpleNamespace
        ``score_block``, the pairs of a block of activities; ``distance_block`` and
        ``dependency_block``, the distances and the dependencies from a block of sources (see
        :mod:`.network`); ``gap_counts``, ``gap_scatter`` and ``gap_sums``, the passes that
        sum the coordination gaps by pair of lead partners (see
        ``reinforcement._lead_pair_sums``); ``strong_ties``, which pairs of activities have
        lead partners tied strongly (see ``conditions.continuous_communication``);
        ``join_tokens``, the candidate join (see ``reinforcement._join``); ``tie_gains``, what
        a tie between two partners would add to the index, and ``slack_pass``, which
        lists the pairs with slack of each activity (see ``recommend._tie_sums``).
    """
    import types

    import numba
    import numpy as np

    jit = numba.njit(cache=True, nogil=True, fastmath=False, error_model="numpy")

    @jit
    def score_block(
        lo: int,
        hi: int,
        sums: Any,
        ints: Any,
        pop_of: Any,
        pop_grid: Any,
        place_of: Any,
        place_grid: Any,
        lead: Any,
        partner_of: Any,
        member_ptr: Any,
        member: Any,
        link_ptr: Any,
        link_to: Any,
        link_value: Any,
        reach: Any,
        floor: float,
        n_p: int,
        snap: float,
        columns_i: Any,
        columns_f: Any,
        between_out: Any,
        at: int,
        n_indicators: int,
        ranges: Any,
        act: Any,
        ent: Any,
        right_entry: Any,
    ) -> Any:
        """Score the pairs of a block as ``reinforcement._block_pairs`` does, to the bit."""
        e_indptr, e_row, e_indicator, strategy, left_indptr, first, count = ints
        helps_g, harms_g, unit, harming = sums
        n_entries = e_indptr.size - 1
        own = np.full(max(n_indicators, 1), -1, dtype=np.int64)
        seen = np.zeros(n_entries, dtype=np.int64)
        dense = np.zeros(n_p + 1)  # the strongest link of a's partners to each partner
        size = 1024
        found = np.empty(size, dtype=np.int64)
        n_out = 0
        # the smallest and largest overlap, cosine and coordination (checked by the caller)
        lo_ov, hi_ov, lo_cos, hi_cos, lo_k, hi_k = np.inf, -np.inf, np.inf, -np.inf, np.inf, -np.inf
        undefined = 0.0  # 1 once a NaN is met (min and max would pass over it)
        for a in range(lo, hi):
            a0, a1 = e_indptr[a], e_indptr[a + 1]
            for e in range(a0, a1):
                own[e_indicator[e]] = e
            # the activities b matching a's tokens, each once: two activities whose label
            # sets meet on one shared indicator meet on all of them, so the terms of a pair
            # are the entries of b on an indicator of a
            n = 0
            for t in range(left_indptr[a], left_indptr[a + 1]):
                f = first[t]
                for k in range(count[t]):
                    b = e_row[right_entry[f + k]]
                    if seen[b] != a + 1:
                        seen[b] = a + 1
                        if n == size:
                            size *= 2
                            grown = np.empty(size, dtype=np.int64)
                            grown[:n] = found[:n]
                            found = grown
                        found[n] = b
                        n += 1
            if n > 0:
                found[:n].sort()
                sa = partner_of[a]
                for m in range(member_ptr[sa], member_ptr[sa + 1]):
                    p = member[m]
                    for x in range(link_ptr[p], link_ptr[p + 1]):
                        if link_value[x] > dense[link_to[x]]:
                            dense[link_to[x]] = link_value[x]
                for m in range(member_ptr[sa], member_ptr[sa + 1]):
                    dense[member[m]] = 2.0  # a partner of a (links are at most 1)
                s_a = strategy[a]
                h_a = harming[a]
                pop_a, place_a, lead_a = pop_of[a], place_of[a], lead[a]
                for r in range(n):
                    b = found[r]
                    b0, b1 = act[b, 0], act[b, 1]  # b's entries, indicators descending
                    help_v = 0.0
                    for e in range(b0, b1):
                        o = own[np.int64(ent[e, 0])]
                        if o >= 0:
                            help_v += helps_g[o] * ent[e, 1]
                    harm_v = 0.0
                    against_a = 0.0
                    against_b = 0.0
                    if h_a or act[b, 3] != 0:
                        for e in range(b0, b1):
                            o = own[np.int64(ent[e, 0])]
                            if o >= 0:
                                harm_v += harms_g[o] * ent[e, 2]
                                against_a += harms_g[o] * ent[e, 1]
                                against_b += helps_g[o] * ent[e, 2]
                    cosine = 0.0
                    if s_a >= 0 and act[b, 2] == s_a:
                        for e in range(b1 - 1, b0 - 1, -1):  # indicators ascending
                            o = own[np.int64(ent[e, 0])]
                            if o >= 0:
                                cosine += unit[o] * ent[e, 3]
                    if not (
                        help_v > 0 or cosine > 0 or harm_v > 0 or against_a > 0 or against_b > 0
                    ):
                        continue
                    overlap = pop_grid[pop_a, act[b, 6]]
                    overlap *= place_grid[place_a, act[b, 7]]
                    lo_ov, hi_ov = min(lo_ov, overlap), max(hi_ov, overlap)
                    lo_cos, hi_cos = min(lo_cos, cosine), max(hi_cos, cosine)
                    if overlap != overlap or cosine != cosine:
                        undefined = 1.0
                    if cosine > 1.0 - snap:
                        cosine = 1.0
                    redundancy = cosine * overlap
                    interdependence = overlap * help_v
                    joint_harm = overlap * harm_v
                    conflict_a = overlap * against_a
                    conflict_b = overlap * against_b
                    conflict = conflict_a + conflict_b
                    if not (
                        interdependence > 0 or redundancy > 0 or conflict > 0 or joint_harm > 0
                    ):
                        continue
                    lead_b = act[b, 4]
                    between = lead_a != lead_b
                    # the net joint work: joint help less the work opposed and the harm done
                    # together, subtracted in this order (as reinforcement._reinforcement)
                    reinforcement = interdependence - conflict
                    reinforcement -= joint_harm
                    # where conflict or joint harm took from the help, a net within 1e-9 of
                    # its terms (THRESHOLD_TOLERANCE) or below the smallest normal double
                    # (_tolerance.TINY) cancelled on paper (help alone is kept however small)
                    if conflict != 0.0 or joint_harm != 0.0:
                        allowed = 1e-9 * (interdependence + conflict + joint_harm)
                        if allowed < 2.2250738585072014e-308:
                            allowed = 2.2250738585072014e-308
                        if not reinforcement > allowed:
                            reinforcement = 0.0
                    reinforcement *= 1.0 - redundancy
                    duplication = interdependence * redundancy
                    duplication *= 1.0 if between else 0.0
                    sb = act[b, 5]
                    coord = 0.0
                    for m in range(member_ptr[sb], member_ptr[sb + 1]):
                        if dense[member[m]] > coord:
                            coord = dense[member[m]]
                    if coord > 1.0:
                        coord = 1.0  # a shared partner
                    if floor > 0 and reach[sa] and reach[sb] and floor > coord:
                        coord = floor
                    lo_k, hi_k = min(lo_k, coord), max(hi_k, coord)
                    if coord != coord:
                        undefined = 1.0
                    w = at + n_out  # the columns in the order of reinforcement._KERNEL_FLOATS
                    columns_i[0][w] = a
                    columns_i[1][w] = b
                    columns_f[0][w] = interdependence
                    columns_f[1][w] = conflict
                    columns_f[2][w] = conflict_a
                    columns_f[3][w] = conflict_b
                    columns_f[4][w] = joint_harm
                    columns_f[5][w] = redundancy
                    columns_f[6][w] = reinforcement
                    columns_f[7][w] = duplication
                    columns_f[8][w] = coord
                    between_out[w] = between
                    n_out += 1
                for m in range(member_ptr[sa], member_ptr[sa + 1]):
                    p = member[m]
                    for x in range(link_ptr[p], link_ptr[p + 1]):
                        dense[link_to[x]] = 0.0
                    dense[p] = 0.0
            for e in range(a0, a1):
                own[e_indicator[e]] = -1
        ranges[0], ranges[1], ranges[2] = lo_ov, hi_ov, lo_cos
        ranges[3], ranges[4], ranges[5] = hi_cos, lo_k, hi_k
        ranges[6] = undefined
        return n_out

    @jit
    def distance_block(indptr: Any, indices: Any, block: Any, max_levels: int) -> Any:
        """Breadth-first search from the sources of ``block`` at once, one bit per source.

        Returns ``(total, level, last, too_deep)``: the sum of the distances from the sources
        to the vertices they reach, the deepest level, the vertices reached at it (in order),
        and whether the search went deeper than ``max_levels`` (then the rest is meaningless).
        """
        # no variable of the enclosing function but numpy: numba's cache keys a closure by its
        # variables, and a compiled function among them would miss the cache in every process
        one = np.uint64(1)
        m1 = np.uint64(0x5555555555555555)
        m2 = np.uint64(0x3333333333333333)
        m4 = np.uint64(0x0F0F0F0F0F0F0F0F)
        h01 = np.uint64(0x0101010101010101)
        n = indptr.size - 1
        width = (block.size + 63) // 64
        seen = np.zeros((n, width), dtype=np.uint64)
        frontier = np.zeros((n, width), dtype=np.uint64)
        following = np.zeros((n, width), dtype=np.uint64)
        full = np.empty(width, dtype=np.uint64)
        for w in range(width):
            full[w] = ~np.uint64(0)
        if block.size % 64:
            full[width - 1] = (one << np.uint64(block.size % 64)) - one
        done = np.zeros(n, dtype=np.bool_)
        active = np.zeros(n, dtype=np.bool_)
        for c in range(block.size):
            v = block[c]
            bit = one << np.uint64(c % 64)
            seen[v, c // 64] |= bit
            frontier[v, c // 64] |= bit
            active[v] = True
        rows = np.empty(n, dtype=np.int64)
        last = np.empty(n, dtype=np.int64)
        last[: block.size] = block  # level 0: the sources themselves
        n_last = block.size
        acc = np.empty(width, dtype=np.uint64)
        near = np.zeros(n, dtype=np.bool_)
        total = 0
        level = 0
        while True:
            # the vertices next to the frontier that some source has not reached yet
            for v in range(n):
                near[v] = False
            for v in range(n):
                if active[v]:
                    for x in range(indptr[v], indptr[v + 1]):
                        near[indices[x]] = True
            n_rows = 0
            found = 0
            for v in range(n):
                if not near[v] or done[v]:
                    continue
                for w in range(width):
                    acc[w] = 0
                for x in range(indptr[v], indptr[v + 1]):
                    u = indices[x]
                    if active[u]:
                        for w in range(width):
                            acc[w] |= frontier[u, w]
                new = 0
                complete = True
                for w in range(width):
                    bits = acc[w] & ~seen[v, w]
                    following[v, w] = bits
                    if bits:  # the set bits, by the classic SWAR count (exact)
                        x = bits - ((bits >> one) & m1)
                        x = (x & m2) + ((x >> np.uint64(2)) & m2)
                        x = (x + (x >> np.uint64(4))) & m4
                        new += int((x * h01) >> np.uint64(56))
                    if (seen[v, w] | bits) != full[w]:
                        complete = False
                if new:
                    rows[n_rows] = v
                    n_rows += 1
                    found += new
                    done[v] = complete
            if n_rows == 0:
                break
            level += 1
            if level > max_levels:
                return total, level, last[:0], True
            total += level * found
            for v in range(n):
                if active[v]:
                    active[v] = False
                    for w in range(width):
                        frontier[v, w] = 0
            n_last = 0
            for r in range(n_rows):
                v = rows[r]
                active[v] = True
                for w in range(width):
                    frontier[v, w] = following[v, w]
                    seen[v, w] |= following[v, w]
                last[n_last] = v
                n_last += 1
        return total, level, last[:n_last].copy(), False

    @jit
    def dependency_block(indptr: Any, indices: Any, block: Any, max_levels: int) -> Any:
        """Brandes' dependencies of every vertex from the sources of ``block``, summed per vertex.

        The operations of ``network._dependencies_by_block`` (sparse products by the 0/1
        adjacency, masks) on the entries they change, in the same order: a product's sum over a
        row's neighbours in CSR order, from 0, leaving out the terms that are exact zeros
        (adding ``+0.0`` to a non-negative sum changes nothing); the sum over the block's
        sources by numpy's pairwise summation (eight partial sums, then the rest), which is
        what ``ndarray.sum(axis=1)`` does on a row of at most 128. Returns ``(summed,
        too_deep)``: too deep when the search went deeper than ``max_levels`` levels.
        """
        n = indptr.size - 1
        b = block.size
        sigma = np.zeros((n, b))
        level = np.full((n, b), -1, dtype=np.int32)
        unseen = np.full(n, b, dtype=np.int64)
        low = np.full(n, 1 << 30, dtype=np.int64)  # the lowest and highest level of a row
        high = np.full(n, -1, dtype=np.int64)
        for c in range(b):
            v = block[c]
            sigma[v, c] = 1.0
            level[v, c] = 0
            unseen[v] -= 1
            low[v] = 0
            high[v] = max(high[v], 0)
        acc = np.zeros(b)
        depth = 0
        while True:
            found = False
            for i in range(n):
                if unseen[i] == 0:
                    continue
                for c in range(b):
                    acc[c] = 0.0
                for x in range(indptr[i], indptr[i + 1]):
                    j = indices[x]
                    if high[j] < depth or low[j] > depth:
                        continue
                    for c in range(b):
                        if level[j, c] == depth:
                            acc[c] += sigma[j, c]
                for c in range(b):
                    if level[i, c] < 0 and acc[c] > 0:
                        sigma[i, c] = acc[c]
                        level[i, c] = depth + 1
                        unseen[i] -= 1
                        low[i] = min(low[i], depth + 1)
                        high[i] = max(high[i], depth + 1)
                        found = True
            if not found:
                break
            depth += 1
            if depth > max_levels:
                return np.zeros(n), True
        inverse = np.zeros((n, b))  # 1 / sigma where reached, as numpy's divide computes it
        for i in range(n):
            for c in range(b):
                if level[i, c] >= 0:
                    inverse[i, c] = 1.0 / sigma[i, c]
        delta = np.zeros((n, b))
        for d in range(depth, 0, -1):
            for i in range(n):
                if high[i] < d - 1 or low[i] > d - 1:
                    continue
                for c in range(b):
                    acc[c] = 0.0
                for x in range(indptr[i], indptr[i + 1]):
                    j = indices[x]
                    if high[j] < d or low[j] > d:
                        continue
                    for c in range(b):
                        if level[j, c] == d:
                            acc[c] += ((delta[j, c] + 1.0) * inverse[j, c]) * 1.0
                for c in range(b):
                    if level[i, c] == d - 1:
                        delta[i, c] = 0.0 + (acc[c] * sigma[i, c]) * 1.0
        for c in range(b):
            delta[block[c], c] = 0.0
        summed = np.zeros(n)
        partial = np.zeros(8)
        for v in range(n):
            if b < 8:
                total = 0.0
                for c in range(b):
                    total += delta[v, c]
            else:
                for k in range(8):
                    partial[k] = delta[v, k]
                c = 8
                while c < b - (b % 8):
                    for k in range(8):
                        partial[k] += delta[v, c + k]
                    c += 8
                total = ((partial[0] + partial[1]) + (partial[2] + partial[3])) + (
                    (partial[4] + partial[5]) + (partial[6] + partial[7])
                )
                while c < b:
                    total += delta[v, c]
                    c += 1
            summed[v] = 0.0 + total
        return summed, False

    @jit
    def join_tokens(
        right_key: Any, right_entry: Any, n_keys: int, left_key: Any, threshold: Any
    ) -> Any:
        """Sort the join's right tokens by (key, entry); find each left token's first match.

        As ``reinforcement._join`` with numpy (a sort of the packed right tokens, then
        ``_rank_among``), exactly: the right tokens come in the order of their entries (the
        caller checks it), so a counting sort by key (stable) sorts them by (key, entry); a
        left token's first match is the first right token of its key whose entry is at least
        its threshold, found by a binary search among the right tokens of that key only.
        Returns the sorted entries, the first right token of each key (``n_keys + 1``
        pointers) and each left token's first match.
        """
        n_r = right_key.size
        starts = np.zeros(n_keys + 1, dtype=np.int64)
        for i in range(n_r):
            starts[right_key[i] + 1] += 1
        for k in range(n_keys):
            starts[k + 1] += starts[k]
        fill = starts[:-1].copy()
        ordered = np.empty(n_r, dtype=np.int64)
        for i in range(n_r):
            k = right_key[i]
            ordered[fill[k]] = right_entry[i]
            fill[k] += 1
        n_l = left_key.size
        first = np.empty(n_l, dtype=np.int64)
        for j in range(n_l):
            k = left_key[j]
            lo, hi = starts[k], starts[k + 1]
            t = threshold[j]
            while lo < hi:
                mid = (lo + hi) // 2
                if ordered[mid] < t:
                    lo = mid + 1
                else:
                    hi = mid
            first[j] = lo
        return ordered, starts, first

    @jit
    def gap_counts(
        a: Any, b: Any, between: Any, counted: Any, lead: Any, lo: int, hi: int, t0: int, n_p: int
    ) -> Any:
        """Count the reinforcing pairs ``lo .. hi`` between partners by their lower lead partner.

        The first pass of the coordination gaps of lead partners (see ``gap_sums``): ``t0`` is
        the position in ``counted`` (one value of :math:`R` per pair ``between`` partners, in
        order) of the first pair of the range counted there. Returns the counts, one per
        partner ``p = min(lead[a], lead[b])``.
        """
        counts = np.zeros(n_p, dtype=np.int64)
        t = t0
        for i in range(lo, hi):
            if between[i]:
                if counted[t] > 0:
                    counts[min(lead[a[i]], lead[b[i]])] += 1
                t += 1
        return counts

    @jit
    def gap_scatter(
        a: Any,
        b: Any,
        between: Any,
        counted: Any,
        lead: Any,
        k_dense: Any,
        k_rows: Any,
        k_values: Any,
        dense: bool,
        lo: int,
        hi: int,
        t0: int,
        s0: int,
        fill: Any,
        qs: Any,
        vs: Any,
    ) -> None:
        """Bucket the losses of the pairs ``lo .. hi`` by lower lead partner, in pair order.

        The second pass (see ``gap_sums``): for each pair between partners whose :math:`R`
        (``counted[t]``, from ``t0``) is positive, the upper lead partner ``q`` and the loss
        ``R · (1.0 - k)`` go to the next place of bucket ``p`` (``fill[p]``, advanced); ``k``
        is the pair's coordination, dense (``k_dense``) or stored as its rows and values, read
        in step with the pairs from ``s0`` (the first stored row at or after ``lo``). Every
        pair's ``counted[t]`` is multiplied by its ``k`` (``R k``, as numpy's ``counted *= k``).
        Ranges of pairs that do not overlap, with places that do not overlap, may run at once.
        """
        t = t0
        s = s0
        n_stored = k_rows.size
        for i in range(lo, hi):
            if not between[i]:
                continue
            if dense:
                k = k_dense[i]
            else:
                while s < n_stored and k_rows[s] < i:
                    s += 1
                k = k_values[s] if s < n_stored and k_rows[s] == i else 0.0
            r = counted[t]
            counted[t] = r * k
            t += 1
            if not r > 0:
                continue
            la, lb = lead[a[i]], lead[b[i]]
            p = min(la, lb)
            qs[fill[p]] = max(la, lb)
            vs[fill[p]] = r * (1.0 - k)
            fill[p] += 1

    @jit
    def gap_sums(qs: Any, vs: Any, start: Any, p_lo: int, p_hi: int, keys: Any, n_p: int) -> int:
        """Sum the buckets ``p_lo .. p_hi`` by upper lead partner, writing the gaps over them.

        The last pass of the coordination gaps of lead partners, as
        ``reinforcement._group_sums(reinforcement._gap_terms(...))`` to the bit: bucket ``p``
        (``start[p] .. start[p + 1]``) holds the upper lead partners ``qs`` and losses ``vs``
        of the pairs whose lower lead partner is ``p``, in the order of the pairs; each loss is
        added, from 0 in that order, to the sum of the key ``p · n_p + q``. The keys met whose
        sum is positive are written ascending from ``start[p_lo]`` (``keys``), with their sums
        over ``vs`` and their counts over ``qs`` (each bucket value is read for the last time
        before it is written over). Returns how many were written. Ranges of buckets that do
        not overlap may run at once.
        """
        acc = np.zeros(n_p)
        count = np.zeros(n_p, dtype=np.int64)
        touched = np.empty(n_p, dtype=np.int64)
        k_out = start[p_lo]  # the next key written: at most the terms of the buckets read
        for p in range(p_lo, p_hi):
            n_t = 0
            base = p * n_p
            for j in range(start[p], start[p + 1]):
                q = qs[j]
                if count[q] == 0:
                    touched[n_t] = q
                    n_t += 1
                acc[q] += vs[j]
                count[q] += 1
            touched[:n_t].sort()
            for x in range(n_t):  # k_out < start[p + 1]: qs[k_out] and vs[k_out] were read
                q = touched[x]
                if acc[q] > 0:  # a gap (a sum of 0, all pairs coordinated, is none)
                    keys[k_out] = base + q
                    vs[k_out] = acc[q]
                    qs[k_out] = count[q]
                    k_out += 1
                acc[q] = 0.0
                count[q] = 0
        written: int = k_out - start[p_lo]
        return written

    @jit
    def strong_ties(
        a: Any,
        b: Any,
        between: Any,
        lead: Any,
        indptr: Any,
        indices: Any,
        data: Any,
        weak: float,
        lo: int,
        hi: int,
        t0: int,
        out: Any,
    ) -> None:
        """Flag the pairs ``lo .. hi`` between partners whose lead partners' tie is strong.

        For each pair ``between`` partners, in order from ``out[t0]``: whether the strength of
        the tie between its lead partners (``lead[a]``, ``lead[b]``), read from the symmetric
        tie matrix in canonical CSR form (sorted indices, no repeats) by a binary search in the
        row of ``lead[a]``, is at least ``weak``; a pair without a tie has strength 0. As
        ``sample(tie_strength, lead[a], lead[b]) >= weak``. Ranges of pairs that do not overlap
        may run at once.
        """
        t = t0
        for i in range(lo, hi):
            if not between[i]:
                continue
            p, q = lead[a[i]], lead[b[i]]
            left, right = indptr[p], indptr[p + 1]
            end = right
            while left < right:
                middle = (left + right) >> 1
                if indices[middle] < q:
                    left = middle + 1
                else:
                    right = middle
            value = data[left] if left < end and indices[left] == q else 0.0
            out[t] = value >= weak
            t += 1

    @jit
    def slack_pass(
        a: Any,
        b: Any,
        counted: Any,
        k_dense: Any,
        k_rows: Any,
        k_values: Any,
        dense: bool,
        s: float,
        low: Any,
        high: Any,
        lo: int,
        hi: int,
        t0: int,
        fill_a: Any,
        fill_b: Any,
        other: Any,
        weight: Any,
    ) -> None:
        """Count, or list, the entries of the pairs ``lo .. hi`` with a positive slack.

        The slack of pair ``i`` is ``max(s - k, 0) * counted[i]`` (as numpy's
        ``recommend._tie_tables``, to the bit), with ``k`` its coordination, dense
        (``k_dense``) or stored as its rows and values, read in step with the pairs from
        ``t0`` (the first stored row at or after ``lo``). A pair gives an entry from ``a`` to
        ``b`` when ``low[a] < high[b]`` and one from ``b`` to ``a`` when ``low[b] < high[a]``
        (some partner of one comes before some partner of the other: a partner's sums add
        only later partners). With ``other`` empty, the entries are counted into ``fill_a``
        (as ``a``) and ``fill_b`` (as ``b``) by activity; else each is written at the next
        place of its activity (``fill_a``, ``fill_b``, advanced), in the order of the pairs.
        Ranges of pairs that do not overlap, with places that do not overlap, may run at once.
        """
        listing = other.size > 0
        n_stored = k_rows.size
        t = t0
        for i in range(lo, hi):
            if dense:
                k = k_dense[i]
            else:
                while t < n_stored and k_rows[t] < i:
                    t += 1
                k = k_values[t] if t < n_stored and k_rows[t] == i else 0.0
            w = max(s - k, 0.0) * counted[i]
            if not w > 0:
                continue
            x, y = a[i], b[i]
            if low[x] < high[y]:
                if listing:
                    other[fill_a[x]] = y
                    weight[fill_a[x]] = w
                fill_a[x] += 1
            if low[y] < high[x]:
                if listing:
                    other[fill_b[y]] = x
                    weight[fill_b[y]] = w
                fill_b[y] += 1

    @jit
    def tie_gains(
        part_ptr: Any,
        part_acts: Any,
        slack_ptr: Any,
        slack_to: Any,
        slack_w: Any,
        act_ptr: Any,
        act_parts: Any,
        skip: Any,
        p_lo: int,
        p_hi: int,
        k: int,
    ) -> Any:
        """Sum what a tie would add between each partner ``p_lo .. p_hi`` and each later one.

        As ``recommend._tie_sums_numpy`` to the bit: for each partner ``p`` not skipped, for
        each of its activities ``a`` (``part_acts``), each pair ``(a, c)`` with slack ``w``
        (``slack_to``, ``slack_w``; see ``slack_pass``) and each partner ``q > p`` of ``c``
        (``act_parts``) not skipped, ``w`` is added to the sum of ``(p, q)``, from 0, in that
        order. Returns the partners ``p``, ``q`` and sums of the positive sums that are at
        least the ``k``-th largest of the range (all those equal to it too, but for
        rounding), in no particular order.
        """
        n_p = skip.size
        acc = np.zeros(n_p)
        seen = np.zeros(n_p, dtype=np.bool_)
        touched = np.empty(n_p, dtype=np.int64)
        cap = min(max(4 * k, 64), 1 << 16)  # grown below when the k largest need more
        out_p = np.empty(cap, dtype=np.int64)
        out_q = np.empty(cap, dtype=np.int64)
        out_g = np.empty(cap)
        n = 0
        floor = 0.0  # the k-th largest sum kept so far: a smaller one cannot be among the k
        for p in range(p_lo, p_hi):
            if skip[p]:
                continue
            n_t = 0
            for i in range(part_ptr[p], part_ptr[p + 1]):
                a = part_acts[i]
                for j in range(slack_ptr[a], slack_ptr[a + 1]):
                    c = slack_to[j]
                    w = slack_w[j]
                    for x in range(act_ptr[c], act_ptr[c + 1]):
                        q = act_parts[x]
                        if q > p and not skip[q]:
                            if not seen[q]:
                                seen[q] = True
                                touched[n_t] = q
                                n_t += 1
                            acc[q] += w
            for t in range(n_t):
                q = touched[t]
                g = acc[q]
                acc[q] = 0.0
                seen[q] = False
                if not (g > 0 and g >= floor):
                    continue
                if n == out_g.size:  # full: keep the k largest and those equal to the k-th
                    # (but for rounding: recommend._NEAR, which a closure must not capture)
                    floor = np.sort(out_g[:n])[n - k] * (1.0 - 1e-10) if n >= k else 0.0
                    kept = 0
                    for i in range(n):
                        if out_g[i] >= floor:
                            out_p[kept], out_q[kept], out_g[kept] = out_p[i], out_q[i], out_g[i]
                            kept += 1
                    n = kept
                    if n * 2 > out_g.size:  # many equal to the k-th: room for more
                        out_p = np.concatenate((out_p, np.empty(out_g.size, dtype=np.int64)))
                        out_q = np.concatenate((out_q, np.empty(out_g.size, dtype=np.int64)))
                        out_g = np.concatenate((out_g, np.empty(out_g.size)))
                    if g < floor:
                        continue
                out_p[n], out_q[n], out_g[n] = p, q, g
                n += 1
        return out_p[:n].copy(), out_q[:n].copy(), out_g[:n].copy()

    return types.SimpleNamespace(
        score_block=score_block,
        distance_block=distance_block,
        dependency_block=dependency_block,
        gap_counts=gap_counts,
        gap_scatter=gap_scatter,
        gap_sums=gap_sums,
        strong_ties=strong_ties,
        join_tokens=join_tokens,
        tie_gains=tie_gains,
        slack_pass=slack_pass,
    )
