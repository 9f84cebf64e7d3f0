r"""Network measures of the tie graph, several of which no other Python library computes.

Two views of the ties between partners:

* the **directed** view: an edge :math:`p \to q` when a tie of a directed kind (funding,
  referral, data sharing) runs from :math:`p` to :math:`q`, or a tie of a mutual kind
  (communication, joint planning) joins them either way (its weight the strongest such tie; see
  :attr:`~collective_impact.TieKind.directed`); used for directed density, reciprocity and
  Gould–Fernandez brokerage, whose roles depend on the direction of flow;
* the **undirected** view: an edge between :math:`p` and :math:`q` when any tie joins them
  (weight: the strongest, either direction); used for density, centralization, components,
  distances, cut points, the E-I index and Burt's measures.

Every partner is a node of both views, tied or not. A mutual tie is the same in both views
whichever way it was entered, so reversing it changes no measure. Measures that are undefined for
a network (a centralization of a graph of fewer than 3 nodes, an E-I index without ties...) are
``nan``, and :attr:`NetworkMeasures.undefined` says why.

References
----------
.. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
   *Social Networks* 1, 215–239.
.. [2] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to
   brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
.. [3] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises: an
   experimental simulation. *Social Psychology Quarterly* 51(2), 123–140 (the E-I index).
.. [4] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
.. [5] Provan, K. G. and Kenis, P. (2008). Modes of network governance: structure, management,
   and effectiveness. *Journal of Public Administration Research and Theory* 18(2), 229–252.
.. [6] Varda, D. M., Chandra, A., Stern, S. A. and Lurie, N. (2008). Core dimensions of
   connectivity in public health collaboratives. *Journal of Public Health Management and
   Practice* 14(5), E1–E7 (the PARTNER tool's value and trust).
.. [7] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical Software*
   24(6) (``sna::brokerage``, whose definitions :func:`brokerage` matches).
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .._text import percent_apart
from ..errors import ValidationError
from ..model import FrozenMap, Initiative
from ..model.initiative import expect_initiative
from ..model.ties import TRUST_RATINGS, VALUE_RATINGS
from . import _kernels
from ._kernels import usable_cpus

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "BETWEENNESS_EXACT_WORK",
    "DEFAULT_PIVOTS",
    "DISTANCES_EXACT_WORK",
    "ROLES",
    "BrokerageRoles",
    "NetworkMeasures",
    "betweenness_centralization",
    "brokerage",
    "cut_points",
    "degree_centralization",
    "ei_index",
    "governance_mode",
    "network_measures",
    "partner_ratings",
    "tie_digraph",
    "tie_graph",
]

#: Gould–Fernandez roles, in the column order of ``sna::brokerage`` (w_I, w_O, b_IO, b_OI, b_O).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")

#: Above this many partners × ties, :func:`network_measures` estimates betweenness (unless told
#: ``exact=True``): exact betweenness takes time in proportion to it (Brandes 2001), a few
#: tenths of a second at this size.
BETWEENNESS_EXACT_WORK = 10_000_000

#: Above this many partners × ties *of the largest component*, :func:`network_measures`
#: estimates its average shortest path and diameter (unless told ``exact=True``); about two
#: seconds at this size.
DISTANCES_EXACT_WORK = 1_000_000_000

#: Sources sampled by the estimates of :func:`network_measures`.
DEFAULT_PIVOTS = 500

IntArray = NDArray[np.int64]
_T = TypeVar("_T")
FloatArray = NDArray[np.float64]


def tie_graph(initiative: Initiative) -> nx.Graph:  # type: ignore[type-arg]
    """Return the undirected tie graph: every partner a node, an edge where any tie exists.

    Edge attribute ``strength`` is the strongest tie between the two partners (either direction,
    any kind); node attribute ``sector`` the partner's sector.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    networkx.Graph
        Every partner a node, tied or not.

    References
    ----------
    .. [1] Wasserman, S. and Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press (§4.2, graphs of a relation).

    Examples
    --------
    A funding tie a → b of strength 0.4 and a communication tie b → a of 0.7 are one edge of
    the strongest, 0.7; ``c`` has no tie and is a node all the same.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding", strength=0.4),
    ...           Tie(source="b", target="a", strength=0.7)],
    ... )
    >>> graph = tie_graph(init)
    >>> sorted(graph.nodes), graph.edges["a", "b"]["strength"]
    (['a', 'b', 'c'], 0.7)
    """
    import networkx as nx  # only the graph views need it; the measures are computed on arrays

    graph: nx.Graph = nx.Graph()  # type: ignore[type-arg]
    graph.add_nodes_from((p.id, {"sector": p.sector.value}) for p in initiative.partners)
    for tie in initiative.ties:
        old = graph.get_edge_data(tie.source, tie.target, default={}).get("strength", 0.0)
        graph.add_edge(tie.source, tie.target, strength=max(old, tie.strength))
    return graph


def tie_digraph(initiative: Initiative) -> nx.DiGraph:  # type: ignore[type-arg]
    """Return the directed tie graph: an edge ``p -> q`` where a flow runs from ``p`` to ``q``.

    A tie of a directed kind (:attr:`TieKind.directed <collective_impact.TieKind.directed>`:
    funding, referral, data sharing) gives the edge ``source -> target``; a tie of a mutual kind
    (communication, joint planning) gives both ``source -> target`` and ``target -> source``, so
    it does not matter which way it was entered.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    networkx.DiGraph
        Every partner a node (attribute ``sector``); edge attribute ``strength`` the strongest
        tie giving that edge.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. *Sociological Methodology* 19, 89–126 (flows have
       a direction).

    Examples
    --------
    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="c", target="b")],
    ... )
    >>> sorted(tie_digraph(init).edges())  # funding a -> b; communication b <-> c
    [('a', 'b'), ('b', 'c'), ('c', 'b')]
    """
    import networkx as nx

    graph: nx.DiGraph = nx.DiGraph()  # type: ignore[type-arg]
    graph.add_nodes_from((p.id, {"sector": p.sector.value}) for p in initiative.partners)
    for tie in initiative.ties:
        ends = [(tie.source, tie.target)]
        if not tie.kind.directed:
            ends.append((tie.target, tie.source))
        for u, v in ends:
            old = graph.get_edge_data(u, v, default={}).get("strength", 0.0)
            graph.add_edge(u, v, strength=max(old, tie.strength))
    return graph


# --------------------------------------------------------------------------- arrays and kernels
#
# The measures are computed on arrays built once from the ties, partners in sorted-id order (so
# that nothing depends on the order of the input's lists): the symmetric adjacency of the
# undirected view and the arcs of the directed view, both CSR with sorted column indices.

#: Bytes a kernel may allocate for one block of work (the blocks keep memory bounded).
_BLOCK_BYTES = 64 << 20
#: Bytes of the neighbours' bits gathered at each level of :func:`_distance_sums` (smaller
#: blocks stay in cache: 8 MiB was the fastest of 1 to 64 MiB at 1,000 and 10,000 partners).
_BFS_BYTES = 8 << 20
#: Levels after which the breadth-first searches by blocks give way to one search per source:
#: a block costs in proportion to its number of levels, a search per source does not (a chain
#: of partners has as many levels as partners; a network of collaborators, a handful).
_BLOCK_LEVELS = 32
_BFS_LEVELS = 128
#: Threads that search blocks of sources at once (at most; never more than the CPUs usable):
#: the sparse products and numpy's loops release the GIL, so two blocks run in parallel.
_SEARCH_THREADS = 2
#: Sources × arcs from which the distances and the dependencies (betweenness) are searched by
#: the compiled kernels (numba, the extra ``fast``): below it numpy is as quick, and importing
#: numba would cost more.
COMPILED_MIN_SEARCH = 50_000_000


def _map_blocks(func: Callable[[IntArray], _T], blocks: Sequence[IntArray]) -> Iterator[_T]:
    """Yield ``func(block)`` for each block, in the order of the blocks.

    On up to :data:`_SEARCH_THREADS` threads (:func:`._kernels.map_threads`); the results come
    back in block order, so what is summed from them is summed in the same order as one block
    after another, to the bit. An exception stops the blocks not yet started.
    """
    return _kernels.map_threads(func, blocks, _SEARCH_THREADS)


class _TooDeep(Exception):
    """A search by blocks went deeper than its limit of levels."""


@attrs.frozen
class _TieArrays:
    """The two views of an initiative's ties as arrays, partners in sorted-id order."""

    ids: tuple[str, ...]
    #: ``(m, 2)`` edges of the undirected view, ``u < v``, sorted.
    edges: IntArray
    #: Symmetric CSR (float64 ones) of the undirected view.
    adjacency: sp.csr_array
    #: CSR (float64 ones) of the directed view: a row per source, a column per target.
    arcs: sp.csr_array


def _csr_from_keys(keys: IntArray, n: int) -> sp.csr_array:
    """CSR with a one at ``(k // n, k % n)`` for each of the sorted, distinct ``keys``."""
    rows, cols = np.divmod(keys, n) if n else (keys, keys)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return sp.csr_array((np.ones(keys.size), cols, indptr), shape=(n, n))


#: The tie arrays of the initiative last asked for (by identity): the gaps, the network
#: measures and the sna functions each need them, and at the stress case they take 0.15 s.
_LAST_TIES: list[tuple[weakref.ref[Initiative], _TieArrays]] = []
_LAST_TIES_LOCK = threading.Lock()


def _tie_arrays(initiative: Initiative) -> _TieArrays:
    """Return both views of the ties, partners in sorted-id order (read-only arrays).

    The arrays of the initiative last asked for are kept (by identity, through a weak
    reference: an initiative is immutable, and one that is gone is never matched).
    """
    with _LAST_TIES_LOCK:
        if _LAST_TIES and _LAST_TIES[0][0]() is initiative:
            return _LAST_TIES[0][1]
    arrays = _build_tie_arrays(initiative)
    with _LAST_TIES_LOCK:
        _LAST_TIES[:] = [(weakref.ref(initiative), arrays)]
    return arrays


def _build_tie_arrays(initiative: Initiative) -> _TieArrays:
    """Build both views of the ties, partners in sorted-id order."""
    ids = tuple(sorted(p.id for p in initiative.partners))
    n = len(ids)
    at = {p: i for i, p in enumerate(ids)}
    ties = initiative.ties
    source = np.fromiter((at[t.source] for t in ties), dtype=np.int64, count=len(ties))
    target = np.fromiter((at[t.target] for t in ties), dtype=np.int64, count=len(ties))
    mutual = np.fromiter((not t.kind.directed for t in ties), dtype=bool, count=len(ties))
    low, high = np.minimum(source, target), np.maximum(source, target)
    pairs = np.unique(low * n + high)
    edges = np.stack(np.divmod(pairs, n), axis=1) if n else np.zeros((0, 2), dtype=np.int64)
    both = np.concatenate([pairs, edges[:, 1] * n + edges[:, 0]])
    adjacency = _csr_from_keys(np.sort(both), n)
    arcs = np.unique(np.concatenate([source * n + target, target[mutual] * n + source[mutual]]))
    directed = _csr_from_keys(arcs, n)
    for array in (edges, adjacency.data, adjacency.indices, adjacency.indptr, directed.data,
                  directed.indices, directed.indptr):  # fmt: skip
        array.flags.writeable = False  # shared by every caller of _tie_arrays
    return _TieArrays(ids=ids, edges=edges, adjacency=adjacency, arcs=directed)


def _row_positions(indptr: IntArray, rows: IntArray) -> tuple[IntArray, IntArray]:
    """Return where the entries of ``rows`` are in a CSR's ``indices``, and where each row starts.

    The positions run row after row; ``starts[r]`` is where row ``rows[r]`` starts among them.
    """
    lengths = indptr[rows + 1] - indptr[rows]
    starts = np.cumsum(lengths) - lengths
    total = int(lengths.sum())
    positions: IntArray = np.arange(total, dtype=np.int64) + np.repeat(
        indptr[rows] - starts, lengths
    )
    return positions, starts


def _distance_sums(adjacency: sp.csr_array, sources: IntArray) -> tuple[int, int, IntArray]:
    r"""Return the sum of the distances from the sources, the largest, and the vertices at it.

    :math:`\sum_{s} \sum_{t} d(s, t)` over the sources :math:`s` and the vertices :math:`t`
    they reach. By blocks of sources (:func:`_distance_sums_by_block`), or one source at a
    time (:func:`_distance_sums_by_source`) once the blocks go deeper than
    :data:`_BFS_LEVELS` levels.
    """
    try:
        if _compiled_search(sources.size * max(adjacency.nnz, adjacency.shape[0])):
            return _kernels.compiled_or(
                "search",
                _SEARCH_INSTEAD,
                lambda: _distance_sums_compiled(adjacency, sources),
                lambda: _distance_sums_by_block(adjacency, sources),
            )
        return _distance_sums_by_block(adjacency, sources)
    except _TooDeep:
        return _distance_sums_by_source(adjacency, sources)


def _compiled_search(work: int) -> bool:
    """Return whether to search with the compiled kernel.

    It is used when ``work`` (sources × arcs) is large enough to gain from it
    (:data:`COMPILED_MIN_SEARCH`), and numba is installed and compiles here.
    """
    if work < COMPILED_MIN_SEARCH or not _kernels.available():
        return False
    return _kernels.loaded("search", _SEARCH_INSTEAD, stacklevel=3)


#: What the network measures do when the compiled search cannot be used (for the warning).
_SEARCH_INSTEAD = "searching with numpy instead"


def _farthest(
    results: Iterator[tuple[int, int, IntArray]],
) -> tuple[int, int, IntArray]:
    """Combine the blocks' ``(total, level, last)``, in block order, into the whole's."""
    total, farthest = 0, 0
    far: IntArray = np.zeros(0, dtype=np.int64)
    for block_total, level, last in results:
        total += block_total
        if level > farthest:
            farthest, far = level, last
        elif level == farthest:
            far = np.union1d(far, last)
    return total, farthest, far


def _distance_sums_compiled(
    adjacency: sp.csr_array, sources: IntArray
) -> tuple[int, int, IntArray]:
    r"""Return what :func:`_distance_sums_by_block` does, by the compiled kernel.

    The same search (64 sources to a machine word, a level at a time), written as loops over
    the vertices next to the frontier in :mod:`._kernels` (``distance_block``), so nothing is
    gathered or copied per arc. The sums are integers: every value is the same as the numpy
    search's. Blocks of sources keep the three bit arrays of a block within
    :data:`_BFS_BYTES` and are cut so that each thread of :func:`_map_blocks` gets a share.
    """
    kernel = _kernels.kernels().distance_block
    size = adjacency.shape[0]
    indptr = np.ascontiguousarray(adjacency.indptr, dtype=np.int64)
    indices = np.ascontiguousarray(adjacency.indices, dtype=np.int64)
    threads = max(1, min(_SEARCH_THREADS, usable_cpus()))
    words = max(1, min(-(-sources.size // (64 * threads)), _BFS_BYTES // (24 * max(size, 1))))
    step = 64 * words

    def search(block: IntArray) -> tuple[int, int, IntArray]:
        total, level, last, too_deep = kernel(indptr, indices, block, _BFS_LEVELS)
        if too_deep:
            raise _TooDeep
        return int(total), int(level), last

    blocks = [
        np.ascontiguousarray(sources[first : first + step], dtype=np.int64)
        for first in range(0, sources.size, step)
    ]
    return _farthest(_map_blocks(search, blocks))  # in block order


def _distance_sums_by_block(
    adjacency: sp.csr_array, sources: IntArray
) -> tuple[int, int, IntArray]:
    r"""Breadth-first search from every source at once, 64 sources to a machine word.

    Returns :math:`\sum_{s} \sum_{t} d(s, t)` over the sources :math:`s` and the vertices
    :math:`t` they reach, the largest such distance and the vertices at it. Each vertex holds
    one bit per source (set once the source has reached it); a level of the search ORs the
    bits of the previous level's vertices into their neighbours, only for the vertices next to
    that level that some source of the block has not yet reached, and the new bits at level
    :math:`d` add :math:`d` times their number. Blocks of sources keep the gathered bits
    within :data:`_BFS_BYTES`, and run two at a time (:func:`_map_blocks`), combined in block
    order. The adjacency must have no isolated vertex.
    """
    size = adjacency.shape[0]
    indptr = adjacency.indptr.astype(np.int64)
    indices = adjacency.indices.astype(np.int64)
    words = max(1, min(-(-sources.size // 64), _BFS_BYTES // (8 * max(indices.size, size))))
    one = np.uint64(1)

    def search(block: IntArray) -> tuple[int, int, IntArray]:
        """Return the block's sum of distances, its largest distance and the vertices at it."""
        width = -(-block.size // 64)
        column = np.arange(block.size)
        seen = np.zeros((size, width), dtype=np.uint64)
        seen[block, column // 64] = one << (column % 64).astype(np.uint64)
        full = np.full(width, np.iinfo(np.uint64).max, dtype=np.uint64)
        if block.size % 64:
            full[-1] = (one << np.uint64(block.size % 64)) - one
        frontier = seen.copy()
        active = np.zeros(size, dtype=bool)
        active[block] = True
        total, level, last = 0, 0, block
        while True:
            near = (adjacency @ active.astype(np.float64)) > 0
            rows = np.flatnonzero(near & (seen != full).any(axis=1))
            if rows.size == 0:
                break
            positions, starts = _row_positions(indptr, rows)
            reached = np.bitwise_or.reduceat(frontier[indices[positions]], starts, axis=0)
            reached &= ~seen[rows]
            hit = reached.any(axis=1)
            if not hit.any():
                break
            rows, reached = rows[hit], reached[hit]
            level += 1
            if level > _BFS_LEVELS:
                raise _TooDeep
            total += level * int(np.bitwise_count(reached).sum())
            seen[rows] |= reached
            frontier = np.zeros_like(seen)
            frontier[rows] = reached
            active = np.zeros(size, dtype=bool)
            active[rows] = True
            last = rows
        return total, level, last

    step = 64 * words
    blocks = [sources[first : first + step] for first in range(0, sources.size, step)]
    return _farthest(_map_blocks(search, blocks))  # in block order


def _depths(adjacency: sp.csr_array, source: int) -> tuple[IntArray, IntArray]:
    r"""Return the vertices reached from ``source`` in breadth-first order, and their depths.

    One breadth-first search in compiled code (``scipy.sparse.csgraph``); the depths by
    pointer jumping on its tree, :math:`\log_2` of the depth steps over the reached vertices.
    """
    from scipy.sparse import csgraph

    found, parent = csgraph.breadth_first_order(
        adjacency, source, directed=True, return_predecessors=True
    )
    order: IntArray = found.astype(np.int64)
    position = np.empty(adjacency.shape[0], dtype=np.int64)
    position[order] = np.arange(order.size)
    up = position[np.where(order == source, source, parent[order])]  # the root's is itself
    depth = np.ones(order.size, dtype=np.int64)
    depth[0] = 0
    while up.any():  # depth: hops to up, which jumps twice as far each time, to the root
        depth += depth[up]
        up = up[up]
    return order, depth


def _distance_sums_by_source(
    adjacency: sp.csr_array, sources: IntArray
) -> tuple[int, int, IntArray]:
    """Return what :func:`_distance_sums` does, by one breadth-first search per source."""
    total, farthest = 0, 0
    far: IntArray = np.zeros(0, dtype=np.int64)
    for source in sources.tolist():
        order, depth = _depths(adjacency, source)
        total += int(depth.sum())
        level = int(depth[-1])
        last = order[depth == level]
        if level > farthest:
            farthest, far = level, np.sort(last)
        elif level == farthest:
            far = np.union1d(far, last)
    return total, farthest, far


def _dependencies_by_source(adjacency: sp.csr_array, sources: IntArray) -> FloatArray:
    r"""Return what :func:`_dependencies` does, by one breadth-first search per source.

    With the vertices reached from :math:`s` in breadth-first order and :math:`L` the arcs
    :math:`u \to v` of shortest paths (:math:`d(v) = d(u) + 1`), strictly lower triangular in
    that order: :math:`(I - L)\sigma = e_s`, :math:`(I - L^T) y = 1/\sigma` and
    :math:`\delta = \sigma \circ L^T y`: two sparse triangular solves (SuperLU), for a batch
    of sources at once (one block of the diagonal each), whatever the depth.
    """
    from scipy.sparse.linalg import spsolve_triangular

    n = adjacency.shape[0]
    tail = np.repeat(np.arange(n, dtype=np.int64), np.diff(adjacency.indptr))
    head = adjacency.indices.astype(np.int64)
    total = np.zeros(n)
    batch = max(1, min(64, _BLOCK_BYTES // (32 * (head.size + n))))
    for first in range(0, sources.size, batch):
        rows, cols, reached, starts = [], [], [], []
        offset = 0
        for source in sources[first : first + batch].tolist():
            order, depth = _depths(adjacency, source)
            if order.size < 3:
                continue
            rank = np.full(n, -1, dtype=np.int64)
            rank[order] = np.arange(order.size)
            level = np.full(n, -2, dtype=np.int64)
            level[order] = depth
            on_path = level[head] == level[tail] + 1
            rows.append(offset + rank[head[on_path]])
            cols.append(offset + rank[tail[on_path]])
            reached.append(order)
            starts.append(offset)
            offset += order.size
        if not reached:
            continue
        size = offset
        paths = sp.csr_array(
            (np.ones(sum(r.size for r in rows)), (np.concatenate(rows), np.concatenate(cols))),
            shape=(size, size),
        )
        system = sp.csr_array(sp.eye_array(size, format="csr") - paths)
        start = np.zeros(size)
        start[starts] = 1.0
        sigma = spsolve_triangular(system, start, lower=True, unit_diagonal=True)
        y = spsolve_triangular(system.T, 1.0 / sigma, lower=False, unit_diagonal=True)
        delta = sigma * (paths.T @ y)
        delta[starts] = 0.0
        total += np.bincount(np.concatenate(reached), weights=delta, minlength=n)
    return total


def _dependencies(adjacency: sp.csr_array, sources: IntArray) -> FloatArray:
    r"""Return Brandes' dependencies summed over the sources: :math:`\sum_s \delta_s(v)`.

    By blocks of sources (:func:`_dependencies_by_block`), or one source at a time
    (:func:`_dependencies_by_source`) once the blocks go deeper than :data:`_BLOCK_LEVELS`
    levels.
    """
    try:
        compiled = _compiled_search(sources.size * max(adjacency.nnz, adjacency.shape[0]))
        return _kernels.compiled_or(
            "search",
            _SEARCH_INSTEAD,
            lambda: _dependencies_by_block(adjacency, sources, compiled=compiled),
            lambda: _dependencies_by_block(adjacency, sources, compiled=False),
        )
    except _TooDeep:
        return _dependencies_by_source(adjacency, sources)


def _dependencies_by_block(
    adjacency: sp.csr_array, sources: IntArray, *, compiled: bool = False
) -> FloatArray:
    r"""Return Brandes' dependencies summed over the sources, by blocks of sources.

    :math:`\delta_s(v) = \sum_{t \ne s, v} \sigma_{st}(v) / \sigma_{st}` (Brandes 2001), the
    share of the shortest paths from :math:`s` that pass through :math:`v`, summed over their
    targets. A breadth-first search from a block of sources at once, as sparse × dense
    products: forward, the number of shortest paths :math:`\sigma_{sv}` level by level;
    backward, :math:`\delta_s(v) = \sum_{w \in N(v),\, d(s,w) = d(s,v)+1}
    \frac{\sigma_{sv}}{\sigma_{sw}} (1 + \delta_s(w))`. Blocks of about 2 MiB per array (a
    few tens of sources) keep the arrays in cache and memory bounded; two blocks run at a time
    (:func:`_map_blocks`), their sums added in block order. ``compiled``: each block by the
    compiled kernel (``dependency_block`` of :mod:`._kernels`), which does the same operations
    on the entries they change, in the same order, so every value is the same to the bit.
    """
    n = adjacency.shape[0]
    step = max(4, min(64, (2 << 20) // (8 * max(n, 1))))

    def search(block: IntArray) -> FloatArray:
        """Return the dependencies of the block's sources on each vertex, summed per vertex."""
        column = np.arange(block.size)
        sigma = np.zeros((n, block.size))
        sigma[block, column] = 1.0
        unseen = np.ones((n, block.size), dtype=bool)
        unseen[block, column] = False
        levels = [~unseen]
        frontier = sigma.copy()
        while True:
            frontier = adjacency @ frontier
            frontier *= unseen
            new = frontier > 0
            if not new.any():
                break
            np.logical_xor(unseen, new, out=unseen)  # new is within unseen
            sigma += frontier
            levels.append(new)
            if len(levels) > _BLOCK_LEVELS + 1:
                raise _TooDeep
        inverse = np.divide(1.0, sigma, out=np.zeros_like(sigma), where=sigma > 0)
        delta = np.zeros_like(sigma)
        coefficient = np.empty_like(sigma)
        for d in range(len(levels) - 1, 0, -1):
            np.add(delta, 1.0, out=coefficient)
            coefficient *= inverse
            coefficient *= levels[d]
            back = adjacency @ coefficient
            back *= sigma
            back *= levels[d - 1]
            delta += back
        delta[block, column] = 0.0
        summed: FloatArray = delta.sum(axis=1)
        return summed

    if compiled:
        kernel = _kernels.kernels().dependency_block
        indptr = np.ascontiguousarray(adjacency.indptr, dtype=np.int64)
        indices = np.ascontiguousarray(adjacency.indices, dtype=np.int64)

        def by_kernel(block: IntArray) -> FloatArray:
            summed, too_deep = kernel(indptr, indices, block, _BLOCK_LEVELS)
            if too_deep:
                raise _TooDeep
            out: FloatArray = summed
            return out

        search = by_kernel
    total = np.zeros(n)
    blocks = [
        np.ascontiguousarray(sources[first : first + step], dtype=np.int64)
        for first in range(0, sources.size, step)
    ]
    for summed in _map_blocks(search, blocks):  # added in block order, to the bit
        total += summed
    return total


def _sample(population: int, k: int, seed: int) -> IntArray:
    """``k`` of ``range(population)`` drawn as networkx draws its pivots, sorted."""
    chosen = random.Random(seed).sample(range(population), k)
    return np.array(sorted(chosen), dtype=np.int64)


def _pivot_betweenness(adjacency: sp.csr_array, chosen: IntArray) -> FloatArray:
    r"""Return the Brandes–Pich estimate of normalised betweenness from the sources ``chosen``.

    networkx's ``betweenness_centrality(k=k, seed=seed)`` with these sources: the
    dependencies summed over the :math:`k` sources, scaled by :math:`1/((k-1)(n-2))` for a
    source and :math:`1/(k(n-2))` for any other vertex (a source lies on none of its own paths,
    so :math:`k - 1` sources could have counted it). Over all the :math:`\binom{n}{k}` samples
    its mean is the exact betweenness; with :math:`k = n` it is the exact betweenness.
    """
    n, k = adjacency.shape[0], chosen.size
    scale = np.full(n, 1 / (k * (n - 2)))
    scale[chosen] = 1 / ((k - 1) * (n - 2))
    estimate: FloatArray = _dependencies(adjacency, chosen) * scale
    return estimate


def _betweenness(
    adjacency: sp.csr_array, *, pivots: int | None, seed: int
) -> tuple[FloatArray, str]:
    """Return the normalised betweenness of every vertex, exact or estimated, and the method.

    Exact (``pivots`` None, or at least the number of vertices): the dependencies summed over
    every source, over :math:`(n-1)(n-2)` (networkx's normalisation). Otherwise
    :func:`_pivot_betweenness` from ``pivots`` sources drawn by :func:`_sample`.
    """
    n = adjacency.shape[0]
    if pivots is None or pivots >= n:
        raw = _dependencies(adjacency, np.arange(n, dtype=np.int64))
        return raw * (1 / ((n - 1) * (n - 2))), "exact"
    method = f"estimate: {pivots} of {n} partners as sources, seed {seed} (Brandes-Pich)"
    return _pivot_betweenness(adjacency, _sample(n, pivots, seed)), method


def _burt(adjacency: sp.csr_array) -> tuple[FloatArray, FloatArray]:
    r"""Burt's constraint and effective size of every vertex (unweighted; ``nan`` if isolated).

    With :math:`p_{uv} = a_{uv} / d_u` (the share of :math:`u`'s ties that go to :math:`v`),
    :math:`c_u = \sum_{v \in N(u)} (p_{uv} + \sum_w p_{uw} p_{wv})^2`, that is
    :math:`((P + P^2) \circ A)^{\circ 2} \mathbf{1}`; and Borgatti's
    :math:`e_u = d_u - 2 t_u / d_u` with :math:`2 t_u = ((A^2) \circ A)\,\mathbf{1}` (twice
    the ties among :math:`u`'s neighbours). Rows in blocks whose products stay within
    :data:`_BLOCK_BYTES`.
    """
    n = adjacency.shape[0]
    degree = np.diff(adjacency.indptr).astype(np.float64)
    tied = degree > 0
    inverse = np.divide(1.0, degree, out=np.zeros(n), where=tied)
    share = sp.csr_array(
        (np.repeat(inverse, np.diff(adjacency.indptr)), adjacency.indices, adjacency.indptr),
        shape=(n, n),
    )
    constraint = np.full(n, math.nan)
    effective = np.full(n, math.nan)
    work = np.cumsum(adjacency @ degree)  # entries of the row products, at most
    cap = max(1.0, _BLOCK_BYTES / 48)
    start = 0
    while start < n:
        done = work[start - 1] if start else 0.0
        stop = max(start + 1, int(np.searchsorted(work, done + cap, side="right")))
        rows = slice(start, stop)
        mask = adjacency[rows]
        local = share[rows] + (share[rows] @ share).multiply(mask)
        constraint[rows] = local.multiply(local).sum(axis=1)
        common = (mask @ adjacency).multiply(mask).sum(axis=1)
        effective[rows] = degree[rows] - np.divide(
            common, degree[rows], out=np.zeros(stop - start), where=tied[rows]
        )
        start = stop
    constraint[~tied] = math.nan
    effective[~tied] = math.nan
    return constraint, effective


def _depth_first(
    adjacency: sp.csr_array,
) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """Search an undirected CSR depth first, once (Hopcroft and Tarjan 1973).

    Iterative, linear in vertices and edges; the roots in increasing order, each vertex's
    neighbours in the order of its row. Returns ``disc``, ``low``, ``parent``, ``size`` and
    ``root``: the preorder number of each vertex (``-1`` for a vertex without an edge, never
    visited), the lowest preorder number its subtree reaches by one back edge, its parent in
    the search tree (``-1`` for a root), the vertices of its subtree (numbered ``disc[v]`` to
    ``disc[v] + size[v] - 1``) and the root of its tree (its component).
    """
    n = adjacency.shape[0]
    start = adjacency.indptr[:-1].tolist()
    end = adjacency.indptr[1:].tolist()
    neighbour = adjacency.indices.tolist()
    disc, low, parent, size = [-1] * n, [0] * n, [-1] * n, [1] * n
    top = list(range(n))
    clock = 0
    for root in range(n):
        if disc[root] >= 0 or start[root] == end[root]:
            continue
        disc[root] = low[root] = clock
        clock += 1
        stack = [root]
        while stack:
            v = stack[-1]
            i = start[v]
            if i < end[v]:
                start[v] = i + 1
                w = neighbour[i]
                if disc[w] < 0:
                    parent[w], top[w] = v, root
                    disc[w] = low[w] = clock
                    clock += 1
                    stack.append(w)
                elif w != parent[v] and disc[w] < low[v]:
                    low[v] = disc[w]
            else:
                stack.pop()
                u = parent[v]
                if u < 0:
                    continue
                size[u] += size[v]
                if low[v] < low[u]:
                    low[u] = low[v]
    return disc, low, parent, size, top


def _hung(parent: Sequence[int], low: Sequence[int], disc: Sequence[int]) -> dict[int, list[int]]:
    """Return, for each vertex, its children in the search tree that hang on it alone.

    A child :math:`c` of :math:`u` whose subtree reaches no higher than :math:`u`
    (``low[c] >= disc[u]``): without :math:`u` its subtree is a part of its own. Children by
    increasing index.
    """
    hung: dict[int, list[int]] = {}
    for c, u in enumerate(parent):
        if u >= 0 and low[c] >= disc[u]:
            hung.setdefault(u, []).append(c)
    return hung


def _cut_pieces(adjacency: sp.csr_array) -> dict[int, list[int]]:
    """Return each cut point of an undirected CSR with the sizes of the parts its loss leaves.

    One depth-first search (:func:`_depth_first`). A child of :math:`u` in the search tree
    that hangs on :math:`u` alone (:func:`_hung`) leaves its subtree a part of its own without
    :math:`u`. So a vertex other than a root is a cut point when it has such a child, its parts
    being those subtrees and the rest of its component; a root is one when it has two children
    or more, each subtree a part. Keys in increasing order; the parts largest first.
    """
    disc, low, parent, size, root = _depth_first(adjacency)
    pieces: dict[int, list[int]] = {}
    for u, children in sorted(_hung(parent, low, disc).items()):
        parts = [size[c] for c in children]
        if root[u] == u and len(parts) < 2:
            continue
        rest = size[root[u]] - 1 - sum(parts)  # the size of u's component, less u and them
        pieces[u] = sorted([*parts, rest] if rest else parts, reverse=True)
    return pieces


@attrs.frozen
class _CutSides:
    """Which part of a cut point's component, without it, each of its neighbours lies in.

    From one depth-first search of the undirected view (:func:`_depth_first`): a neighbour
    :math:`w` of a cut point :math:`u` lies in the subtree of a child of :math:`u` that hangs on
    it alone (a part of its own), or else in the rest of the component (the part with
    :math:`u`'s parent, for a vertex other than a root). Found by a binary search over those
    children, numbered in preorder: their subtrees are runs of consecutive numbers.
    """

    at: Mapping[str, int]
    disc: Sequence[int]
    #: The size of each subtree, by the preorder number of its top vertex.
    size: Sequence[int]
    #: Each vertex's children that hang on it alone, as their preorder numbers, increasing.
    hung: Mapping[int, Sequence[int]]

    @classmethod
    def of(cls, initiative: Initiative) -> _CutSides:
        """Search the undirected view of ``initiative``'s ties (:func:`tie_graph`)."""
        arrays = _tie_arrays(initiative)
        disc, low, parent, size, _ = _depth_first(arrays.adjacency)
        by_disc = [0] * len(disc)  # the size of each subtree, by the number of its top
        for v, d in enumerate(disc):
            if d >= 0:
                by_disc[d] = size[v]
        return cls(
            at={p: k for k, p in enumerate(arrays.ids)},
            disc=disc,
            size=by_disc,
            hung={u: sorted(disc[c] for c in cs) for u, cs in _hung(parent, low, disc).items()},
        )

    def side(self, point: str, neighbour: str) -> int:
        """Return the part of ``point``'s component, without it, that holds ``neighbour``.

        ``neighbour`` is tied to ``point``. The preorder number of the child whose subtree is
        that part, or ``-1`` for the rest of the component: two neighbours of a point are in
        one part (connected without it) exactly when their sides are equal.
        """
        u, w = self.at[point], self.at[neighbour]
        d, children = self.disc[w], self.hung.get(u, ())
        k = bisect.bisect_right(children, d) - 1
        if k >= 0 and d < children[k] + self.size[children[k]]:
            return children[k]
        return -1


def _articulation_points(adjacency: sp.csr_array) -> IntArray:
    """Return the cut points of an undirected CSR, sorted (see :func:`_cut_pieces`)."""
    return np.array(list(_cut_pieces(adjacency)), dtype=np.int64)


def cut_points(initiative: Initiative) -> dict[str, tuple[int, ...]]:
    """Return the partners whose loss would split their part of the network, with the pieces.

    A cut point (articulation point) of the undirected view (:func:`tie_graph`): removing the
    partner leaves its component in two or more parts. Found by one depth-first search, in
    time linear in partners and ties (Hopcroft and Tarjan 1973).

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    dict of str to tuple of int
        Each cut point, by sorted id, with the sizes (partners) of the parts its removal
        leaves in its component, largest first: their number is the number of components
        without it, and all but the largest are the partners it cuts off.

    References
    ----------
    .. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph
       manipulation. *Communications of the ACM* 16(6), 372–378.

    Examples
    --------
    A chain a - b - c - d with e hanging on b: without b, {a}, {c, d} and {e} are apart;
    without c, {a, b, e} and {d}.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Chain",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abcde"],
    ...     ties=[Tie(source=s, target=t) for s, t in ("ab", "bc", "cd", "be")],
    ... )
    >>> cut_points(init)
    {'b': (2, 1, 1), 'c': (3, 1)}
    """
    arrays = _tie_arrays(initiative)
    return {arrays.ids[u]: tuple(parts) for u, parts in _cut_pieces(arrays.adjacency).items()}


def _brokerage_counts(arcs: sp.csr_array, labels: IntArray) -> IntArray:
    """Gould–Fernandez counts, ``(n, 5)`` in the order of :data:`ROLES`, of a directed CSR.

    Every two-path ``i -> j -> k`` (``i != k``) is an arc ``i -> j`` followed by an arc out of
    ``j``; it is open when the arc ``i -> k`` is not among the (sorted) arc keys, and its role
    follows from which of the three pairs of ends share a group. Arcs in blocks whose
    two-paths stay within :data:`_BLOCK_BYTES`.
    """
    n = arcs.shape[0]
    indptr = arcs.indptr.astype(np.int64)
    indices = arcs.indices.astype(np.int64)
    out_degree = np.diff(indptr)
    tail = np.repeat(np.arange(n, dtype=np.int64), out_degree)
    keys = tail * n + indices  # sorted: CSR rows in order, sorted columns
    paths = out_degree[indices]  # two-paths that start with each arc
    ends = np.cumsum(paths)
    counts = np.zeros(n * 8, dtype=np.int64)
    cap = max(1, _BLOCK_BYTES // 96)
    start = 0
    while start < indices.size:
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + cap, side="right")))
        many = paths[start:stop]
        i = np.repeat(tail[start:stop], many)
        j = np.repeat(indices[start:stop], many)
        k = indices[_row_positions(indptr, indices[start:stop])[0]]
        keep = i != k
        i, j, k = i[keep], j[keep], k[keep]
        wanted = i * n + k
        open_ = keys[np.minimum(np.searchsorted(keys, wanted), keys.size - 1)] != wanted
        i, j, k = i[open_], j[open_], k[open_]
        gi, gj, gk = labels[i], labels[j], labels[k]
        kind = (gi == gj).astype(np.int64) * 4 + (gj == gk) * 2 + (gi == gk)
        counts += np.bincount(j * 8 + kind, minlength=n * 8)
        start = stop
    # kind = 4 [g(i) = g(j)] + 2 [g(j) = g(k)] + [g(i) = g(k)]; kinds 3, 5 and 6 cannot be.
    by_kind = counts.reshape(n, 8)
    return by_kind[:, [7, 1, 4, 2, 0]]


def degree_centralization(graph: nx.Graph) -> float:  # type: ignore[type-arg]
    r"""Freeman's degree centralization of an undirected graph, in [0, 1].

    .. math::

        C_D = \frac{\sum_i (d_{max} - d_i)}{(n - 1)(n - 2)}

    1 for a star, 0 for a complete (or any regular) graph (Freeman 1979); ``nan`` when
    :math:`n < 3`.

    Parameters
    ----------
    graph
        An undirected graph (e.g. :func:`tie_graph`).

    Returns
    -------
    float
        :math:`C_D`, or ``nan`` below 3 nodes.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.

    Examples
    --------
    >>> import networkx as nx
    >>> degree_centralization(nx.star_graph(5)), degree_centralization(nx.complete_graph(5))
    (1.0, 0.0)
    """
    n = graph.number_of_nodes()
    if n < 3:
        return math.nan
    degrees = np.array([d for _, d in graph.degree()], dtype=np.float64)
    return float((degrees.max() - degrees).sum() / ((n - 1) * (n - 2)))


def _canonical(graph: nx.Graph) -> list[Any]:  # type: ignore[type-arg]
    """Return the nodes of ``graph`` sorted (by type name and ``repr`` unless totally ordered).

    So that what is summed over them is summed in the same order however the graph was built:
    numbered in insertion order, the betweenness centralization of one graph moved in the last
    bit when its partners came in another order. Nodes that do not compare raise, but frozensets
    (ordered by inclusion) and floats with ``nan`` sort without error in an order that depends
    on the insertion order, so the sorted nodes must each be less than the next; otherwise they
    are sorted by type name and ``repr`` (nodes with the same type and ``repr`` keep the order
    in which they were added, and a ``repr`` that itself depends on it, as a frozenset's can,
    is as good as it).
    """
    nodes = list(graph)
    try:
        ordered = sorted(nodes)
        if all(bool(a < b) for a, b in itertools.pairwise(ordered)):
            return ordered
    except TypeError:
        pass
    return sorted(nodes, key=lambda v: (type(v).__name__, repr(v)))


def betweenness_centralization(graph: nx.Graph) -> float:  # type: ignore[type-arg]
    r"""Freeman's betweenness centralization of an undirected graph, in [0, 1].

    With :math:`b_i` the betweenness normalised by :math:`(n-1)(n-2)/2`,

    .. math::

        C_B = \frac{\sum_i (b_{max} - b_i)}{n - 1}

    1 for a star, 0 for a complete graph (Freeman 1979); ``nan`` when :math:`n < 3`.
    The nodes are numbered in sorted order, so the result does not depend, to the bit, on the
    order in which they were added.

    Parameters
    ----------
    graph
        An undirected graph (e.g. :func:`tie_graph`).

    Returns
    -------
    float
        :math:`C_B`, or ``nan`` below 3 nodes.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness_centralization(nx.star_graph(4))
    1.0
    """
    n = graph.number_of_nodes()
    if n < 3:
        return math.nan
    at = {v: i for i, v in enumerate(_canonical(graph))}
    pairs = [(at[u], at[v]) for u, v in graph.edges() if u != v]
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    keys = np.unique(np.concatenate([edges[:, 0] * n + edges[:, 1], edges[:, 1] * n + edges[:, 0]]))
    b, _ = _betweenness(_csr_from_keys(keys, n), pivots=None, seed=0)
    return float((b.max() - b).sum() / (n - 1))


def _group_problems(
    ids: Iterable[Any], groups: object, where: str
) -> tuple[dict[Any, str], list[tuple[str, str]]]:
    """Return the group of each of ``ids`` in the mapping ``groups``, and its problems.

    One problem for each id without a group, or whose group is not a string, at
    ``where[id]``; one for ``groups`` itself when it is no mapping. Shared by
    :func:`brokerage`, :func:`ei_index` and :func:`~collective_impact.analysis.sna.partner_groups`.
    """
    found: dict[Any, str] = {}
    if not isinstance(groups, Mapping):
        return found, [
            (where, f"expected a mapping of partner ids to groups, got {type(groups).__name__}")
        ]
    problems: list[tuple[str, str]] = []
    for key in ids:
        group: object = groups.get(key)
        if group is None:
            problems.append((f"{where}[{key!r}]", "no group for this partner"))
        elif not isinstance(group, str):
            problems.append((f"{where}[{key!r}]", f"expected a string, got {type(group).__name__}"))
        else:
            found[key] = group
    return found, problems


def _checked_groups(ids: Iterable[Any], groups: object, where: str) -> dict[Any, str]:
    """Return :func:`_group_problems`' groups, or raise its problems all at once.

    Raises
    ------
    ValidationError
        Naming every id without a group, or with a group that is not a string.
    """
    found, problems = _group_problems(ids, groups, where)
    if problems:
        raise ValidationError(problems)
    return found


def ei_index(graph: nx.Graph, groups: Mapping[Any, str]) -> float:  # type: ignore[type-arg]
    r"""Krackhardt and Stern's (1988) E-I index: external minus internal ties over all ties.

    .. math::

        EI = \frac{E - I}{E + I}

    where :math:`E` counts the edges between groups and :math:`I` those within one. -1 when all
    ties stay within groups, +1 when all cross them; ``nan`` without edges.

    Parameters
    ----------
    graph
        An undirected graph.
    groups
        The group of every node.

    Returns
    -------
    float
        :math:`EI` in [-1, 1], or ``nan`` without edges.

    Raises
    ------
    ValidationError
        Naming every node without a group, or whose group is not a string.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> ei_index(g, {"a": "x", "b": "x", "c": "y", "d": "y"})  # 1 external, 2 internal
    -0.3333333333333333
    """
    group_of = _checked_groups(graph.nodes, groups, "groups")
    external = sum(1 for u, v in graph.edges() if group_of[u] != group_of[v])
    total = graph.number_of_edges()
    if total == 0:
        return math.nan
    return (external - (total - external)) / total


def _frozen_floats(value: Mapping[str, float]) -> FrozenMap[str, float]:
    """Return ``value`` read-only (a result's mapping: a caller's write changed later reports)."""
    return FrozenMap(value)


def _frozen_ints(value: Mapping[str, int]) -> FrozenMap[str, int]:
    """Return ``value`` read-only."""
    return FrozenMap(value)


def _frozen_texts(value: Mapping[str, str]) -> FrozenMap[str, str]:
    """Return ``value`` read-only."""
    return FrozenMap(value)


def _frozen_roles(value: Mapping[str, BrokerageRoles]) -> FrozenMap[str, BrokerageRoles]:
    """Return ``value`` read-only."""
    return FrozenMap(value)


@attrs.frozen(kw_only=True)
class BrokerageRoles:
    """Gould–Fernandez brokerage of one partner: counts, expected values, sd and z-scores.

    Each mapping has the keys of :data:`ROLES` plus ``"total"``. Expected values and standard
    deviations are those of ``sna::brokerage`` (Butts 2008): a random graph of the same density
    and the same group sizes. A z-score is ``nan`` when its standard deviation is 0.

    Examples
    --------
    The district schools broker between the initiative's sectors far more than a random network
    of the same density would lead one to expect:

    >>> import collective_impact as ci
    >>> roles = ci.assess(ci.load_example("cradle-to-career")).network.brokerage["schools"]
    >>> roles.group, dict(roles.counts)
    ('government', {'coordinator': 2, 'itinerant': 3, 'representative': 6, 'gatekeeper': 10,
                    'liaison': 13, 'total': 34})
    >>> round(roles.expected["liaison"], 2), round(roles.z["liaison"], 2)
    (2.7, 3.58)
    """

    partner: str
    group: str
    counts: Mapping[str, int] = attrs.field(converter=_frozen_ints)
    expected: Mapping[str, float] = attrs.field(converter=_frozen_floats)
    sd: Mapping[str, float] = attrs.field(converter=_frozen_floats)
    z: Mapping[str, float] = attrs.field(converter=_frozen_floats)

    def to_dict(self) -> dict[str, Any]:
        """Return the roles as plain data (``nan`` as ``None``).

        Returns
        -------
        dict of str to object
            ``group`` (the partner's group) and the mappings ``counts`` (ints), ``expected``,
            ``sd`` and ``z`` (floats, ``None`` for ``nan``), each keyed by the roles of
            :data:`ROLES` and ``"total"``.

        Examples
        --------
        The hub of :func:`brokerage`, whose spokes are all in its own group, only coordinates:

        >>> from collective_impact import Initiative, Partner, Tie
        >>> init = Initiative(
        ...     name="Hub",
        ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "habcde"],
        ...     ties=[Tie(source=s, target="h") for s in "abcde"],
        ... )
        >>> data = brokerage(init)["h"].to_dict()
        >>> data["group"], data["counts"]["coordinator"], data["counts"]["total"]
        ('nonprofit', 20, 20)
        >>> round(data["z"]["coordinator"], 2), data["z"]["liaison"]
        (11.29, None)
        """

        def clean(m: Mapping[str, float]) -> dict[str, float | None]:
            return {k: (None if math.isnan(v) else float(v)) for k, v in m.items()}

        return {
            "group": self.group,
            "counts": {k: int(v) for k, v in self.counts.items()},
            "expected": clean(self.expected),
            "sd": clean(self.sd),
            "z": clean(self.z),
        }


def _brokerage_moments(
    sizes: Mapping[str, int], n: int, density: float
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Return expected counts and variances by the broker's group (as ``sna::brokerage``)."""
    d = density
    base = d**2 * (1 - d)
    third = d**3 * (1 - d) ** 3
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    names = list(sizes)
    ns = np.array([sizes[g] for g in names], dtype=np.float64)
    for i in range(len(names)):
        ni = ns[i]
        others = np.delete(ns, i)
        e = {
            "coordinator": base * (ni - 1) * (ni - 2),
            "itinerant": base * float((others * (others - 1)).sum()),
            "representative": base * (n - ni) * (ni - 1),
            "liaison": base * float(np.outer(others, others).sum() - (others**2).sum()),
            "total": base * (n - 1) * (n - 2),
        }
        e["gatekeeper"] = e["representative"]

        def comb2(x: np.ndarray | float) -> np.ndarray | float:
            return x * (x - 1) / 2

        extra = {
            "coordinator": 2 * (ni - 1) * (ni - 2) * (ni - 3) * third,
            "itinerant": 2 * float((others * (others - 1) * (others - 2)).sum()) * third,
            "representative": 2 * ((ni - 1) * comb2(n - ni) + (n - ni) * comb2(ni - 1)) * third,
            "liaison": 4 * float((others * comb2(n - others - ni)).sum()) * third,
            "total": 2 * (n - 1) * (n - 2) * (n - 3) * third,
        }
        extra["gatekeeper"] = extra["representative"]
        for role, mean in e.items():
            variance = mean * (1 - base) + extra[role]
            out.setdefault(role, (np.zeros(len(names)), np.zeros(len(names))))
            # + 0.0: a group of one gives (1 - 1) * (1 - 2) = -0, written "-0.0" in JSON
            out[role][0][i] = mean + 0.0
            out[role][1][i] = variance + 0.0
    return out


def brokerage(
    initiative: Initiative, *, groups: Mapping[str, str] | None = None
) -> dict[str, BrokerageRoles]:
    r"""Gould–Fernandez brokerage roles of every partner, with expected values and z-scores.

    A partner :math:`j` brokers between :math:`i` and :math:`k` when :math:`i \to j \to k` in the
    directed tie graph (:func:`tie_digraph`: a communication or joint-planning tie runs both
    ways, a funding, referral or data-sharing tie from source to target), :math:`i \ne k`, and
    there is no edge :math:`i \to k`. Each such open two-path is one role, by the groups of
    :math:`i`, :math:`j`, :math:`k` (Gould & Fernandez 1989):

    ==================  =====================================  ==============
    role                groups                                 ``sna`` name
    ==================  =====================================  ==============
    coordinator         all three in one group                 ``w_I``
    itinerant           :math:`i, k` in one group, :math:`j`   ``w_O``
                        in another
    representative      :math:`i, j` in one group, :math:`k`   ``b_IO``
                        in another
    gatekeeper          :math:`j, k` in one group, :math:`i`   ``b_OI``
                        in another
    liaison             three different groups                 ``b_O``
    ==================  =====================================  ==============

    Expected values and variances are those of R's ``sna::brokerage`` (Butts 2008): with density
    :math:`d = m / (N(N-1))` (:math:`m` edges of the directed tie graph), group sizes
    :math:`n_g` and the broker in group :math:`g`, e.g.
    :math:`E[w_I] = d^2(1-d)(n_g - 1)(n_g - 2)` and
    :math:`\mathrm{Var}[w_I] = E[w_I](1 - d^2(1-d)) + 2(n_g-1)(n_g-2)(n_g-3)d^3(1-d)^3`.

    Parameters
    ----------
    initiative
        The initiative.
    groups
        Group of each partner (default: its sector).

    Returns
    -------
    dict
        ``{partner id: BrokerageRoles}``, sorted by partner id (the same whatever the order of
        the initiative's list).

    Raises
    ------
    ValidationError
        Naming every partner ``groups`` gives no group, or a group that is not a string.

    Notes
    -----
    A hub with five spokes, all in one group, tied to each by communication ties: whichever way
    the ties were entered, each is an edge both ways, so the hub brokers every ordered pair of
    distinct spokes, :math:`5 \cdot 4 = 20` coordinator two-paths. With funding ties instead,
    all entered spokes :math:`\to` hub (or all hub :math:`\to` spokes), no two-path runs through
    the hub and it brokers nothing.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    The hub of the notes, with its five spokes in one group:

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Hub",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "habcde"],
    ...     ties=[Tie(source=s, target="h") for s in "abcde"],
    ... )
    >>> brokerage(init)["h"].counts["coordinator"]
    20
    """
    return _brokerage(initiative, _tie_arrays(initiative), groups)


def _brokerage(
    initiative: Initiative, arrays: _TieArrays, groups: Mapping[str, str] | None
) -> dict[str, BrokerageRoles]:
    """:func:`brokerage` on the arrays of the initiative's ties.

    Keyed, and the groups counted, in the sorted order of the ids (``arrays.ids``), not the
    order of the initiative's list: the same network gives the same mapping, key order and
    sums included (its JSON text differed with the order partners were entered in).
    """
    ids = list(arrays.ids)
    group_of = (
        _checked_groups(ids, groups, "groups")
        if groups is not None
        else {p.id: p.sector.value for p in initiative.partners}
    )
    n = len(ids)
    sizes: dict[str, int] = {}
    for p in ids:
        sizes[group_of[p]] = sizes.get(group_of[p], 0) + 1
    group_pos = {g: i for i, g in enumerate(sizes)}
    labels = np.array([group_pos[group_of[p]] for p in arrays.ids], dtype=np.int64)
    at = {p: i for i, p in enumerate(arrays.ids)}
    order = np.array([at[p] for p in ids], dtype=np.int64)
    raw = _brokerage_counts(arrays.arcs, labels)[order]
    raw = np.column_stack([raw, raw.sum(axis=1)])
    m = arrays.arcs.nnz
    density = m / (n * (n - 1)) if n > 1 else 0.0
    moments = _brokerage_moments(sizes, n, density)
    keys = (*ROLES, "total")
    mean = np.column_stack([moments[role][0] for role in keys])
    sd = np.sqrt(np.maximum(np.column_stack([moments[role][1] for role in keys]), 0.0))
    rows = labels[order]
    expected, spread = mean[rows], sd[rows]
    z = np.divide(raw - expected, spread, out=np.full_like(expected, math.nan), where=spread > 0)
    return {
        p: BrokerageRoles(
            partner=p,
            group=group_of[p],
            counts=dict(zip(keys, c, strict=True)),
            expected=dict(zip(keys, e, strict=True)),
            sd=dict(zip(keys, d, strict=True)),
            z=dict(zip(keys, zz, strict=True)),
        )
        for p, c, e, d, zz in zip(
            ids, raw.tolist(), expected.tolist(), spread.tolist(), z.tolist(), strict=True
        )
    }


def partner_ratings(initiative: Initiative) -> dict[str, dict[str, float]]:
    r"""PARTNER-tool value and trust of each partner, from the ratings on ties it receives.

    The PARTNER tool is described by Varda et al. (2008).

    A partner's *value* is the mean of every ``power_influence``, ``involvement`` and
    ``resources`` answer about it; its *trust* the mean of every ``reliability``,
    ``mission_congruence`` and ``openness`` answer; missing ratings are left out. An *answer* is
    one rater's rating of the partner on one question: the PARTNER tool asks each respondent
    once about each partner, so a rater whose several ties to the partner (of different
    kinds: communication and funding) carry the same question counts once, with the mean of
    its ratings (it counted once per tie, so a rater who also funds a partner weighed double).
    Partners rated on neither are absent from the result, which is sorted by partner id.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    dict
        ``{partner id: {"value": mean or nan, "trust": mean or nan, "ratings": count}}``, the
        count being that of the answers (rater and question).

    References
    ----------
    .. [1] Varda, D. M., Chandra, A., Stern, S. A. and Lurie, N. (2008). Core dimensions of
       connectivity in public health collaboratives. *Journal of Public Health Management and
       Practice* 14(5), E1–E7.

    Examples
    --------
    ``b`` receives one tie rated reliability 4 and openness 2: its trust is (4 + 2) / 2 = 3;
    no value rating, so its value is ``nan``.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Rated",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "ab"],
    ...     ties=[Tie(source="a", target="b", reliability=4, openness=2)],
    ... )
    >>> partner_ratings(init)
    {'b': {'value': nan, 'trust': 3.0, 'ratings': 2.0}}

    If ``a`` also funds ``b`` with the same ratings, ``a`` has still answered once:

    >>> funds = Tie(source="a", target="b", kind="funding", reliability=4, openness=2)
    >>> partner_ratings(init.evolve(ties=[*init.ties, funds]))
    {'b': {'value': nan, 'trust': 3.0, 'ratings': 2.0}}
    """
    # every rating of one rater about one partner on one question: one answer, their mean
    given: dict[tuple[str, str, str], list[float]] = {}
    for tie in initiative.ties:
        for name in (*VALUE_RATINGS, *TRUST_RATINGS):
            rating = getattr(tie, name)
            if rating is not None:
                given.setdefault((tie.target, tie.source, name), []).append(float(rating))
    received: dict[str, dict[str, list[float]]] = {}
    for (target, _, name), ratings in sorted(given.items()):
        cell = received.setdefault(target, {"value": [], "trust": []})
        answer = math.fsum(ratings) / len(ratings)
        cell["value" if name in VALUE_RATINGS else "trust"].append(answer)
    out = {}
    for partner, cell in received.items():  # sorted by partner id (the keys were)
        out[partner] = {
            "value": math.fsum(cell["value"]) / len(cell["value"]) if cell["value"] else math.nan,
            "trust": math.fsum(cell["trust"]) / len(cell["trust"]) if cell["trust"] else math.nan,
            "ratings": float(len(cell["value"]) + len(cell["trust"])),
        }
    return out


def governance_mode(initiative: Initiative) -> tuple[str | None, str]:
    """Classify the governance of the network (Provan & Kenis 2008), with the reason.

    The rule:

    * ``network administrative organization`` — a backbone organisation exists and leads fewer
      than a quarter of the activities: a dedicated coordinator rather than a main provider;
    * ``lead organization`` — a backbone exists and leads at least a quarter of the activities,
      or there is no backbone but one partner leads at least half of them, and more than any
      other;
    * ``shared`` — otherwise: no backbone, and no one partner leads half of the activities
      (two partners leading half each share the lead);
    * undefined (``None``) — no activities: what share anyone leads is 0/0 (it read "the
      backbone leads 0% of the activities").

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    mode : str or None
        The mode, ``None`` when undefined.
    reason : str
        Why.

    References
    ----------
    .. [1] Provan, K. G. and Kenis, P. (2008). Modes of network governance: structure,
       management, and effectiveness. *Journal of Public Administration Research and Theory*
       18(2), 229–252.

    Examples
    --------
    >>> import collective_impact as ci
    >>> governance_mode(ci.load_example("cradle-to-career"))[0]
    'network administrative organization'
    """
    leads = Counter(act.lead for act in initiative.activities)
    total = len(initiative.activities)
    if not total:
        return None, "no activities: no one leads any share of them"
    if initiative.backbone is not None:
        b = initiative.backbone.organization
        share = leads.get(b, 0) / total
        if share < 0.25:
            return (
                "network administrative organization",
                f"the backbone {b!r} leads {percent_apart(share, 0.25)} of the activities (< 25%)",
            )
        return (
            "lead organization",
            f"the backbone {b!r} leads {percent_apart(share, 0.25)} of the activities",
        )
    count = max(leads.values())
    first = sorted(p for p, c in leads.items() if c == count)
    if count / total >= 0.5:
        led = percent_apart(count / total, 0.5)
        if len(first) == 1:
            return (
                "lead organization",
                f"no backbone; {first[0]!r} leads {led} of the activities",
            )
        return (
            "shared",
            f"no backbone; {first[0]!r} and {first[1]!r} each lead {led} of the activities: "
            "no one lead organization",
        )
    return ("shared", "no backbone and no partner leads half of the activities")


@attrs.frozen(kw_only=True, eq=False)
class NetworkMeasures:
    """The network measures of an initiative's ties (see the module notes for the views).

    Its mappings are read-only (:class:`~collective_impact.FrozenMap`): the measures are
    cached on an :class:`~collective_impact.Assessment`, and a caller's write into a dict of
    them changed every later ``to_dict()`` and frame. It is equal only to itself: undefined
    measures are ``nan``, never equal to themselves, so field-by-field equality made every
    result unequal to itself; compare :meth:`to_dict` instead.

    ``undefined`` maps the name of each measure that is ``nan`` (``governance_mode``: ``None``,
    with no activities) to the reason; ``method`` maps
    each measure that may be estimated (``betweenness_centralization``,
    ``backbone_brokerage_share``, ``average_shortest_path``, ``diameter``) to ``"exact"`` or
    to how it was estimated (see :func:`network_measures`).

    ``ties`` counts the *tied pairs* of partners (the edges of the undirected view), not the
    tie records: two ties of different kinds between one pair, or a pair tied both ways, are
    one (the workforce example's 21 ties are 19 tied pairs). Every mapping (``constraint``,
    ``effective_size``, ``brokerage``, ``value``, ``trust``) is keyed in sorted id order.

    Examples
    --------
    >>> import collective_impact as ci
    >>> network = ci.assess(ci.load_example("cradle-to-career")).network
    >>> network.partners, network.ties, round(network.density, 3)
    (17, 27, 0.199)
    >>> network.articulation_points  # partners whose loss would split the network
    ('chamber', 'united-way')
    >>> network.governance_mode
    'network administrative organization'
    """

    partners: int
    ties: int
    density: float
    directed_density: float
    reciprocity: float
    degree_centralization: float
    betweenness_centralization: float
    components: int
    largest_component: int
    average_shortest_path: float
    diameter: float
    articulation_points: tuple[str, ...]
    ei_index: float
    constraint: Mapping[str, float] = attrs.field(converter=_frozen_floats)
    effective_size: Mapping[str, float] = attrs.field(converter=_frozen_floats)
    brokerage: Mapping[str, BrokerageRoles] = attrs.field(converter=_frozen_roles)
    backbone_brokerage_share: float
    governance_mode: str | None
    governance_reason: str
    value: Mapping[str, float] = attrs.field(converter=_frozen_floats)
    trust: Mapping[str, float] = attrs.field(converter=_frozen_floats)
    network_value: float
    network_trust: float
    undefined: Mapping[str, str] = attrs.field(converter=_frozen_texts)
    method: Mapping[str, str] = attrs.field(converter=_frozen_texts)

    def to_dict(self) -> dict[str, Any]:
        """Return the measures as JSON-safe plain data (``nan`` as ``None``).

        Returns
        -------
        dict of str to object
            Every attribute by name, with tuples as lists, mappings as dicts, each
            :class:`BrokerageRoles` through its own ``to_dict`` and every ``nan`` as ``None``.

        Examples
        --------
        >>> import collective_impact as ci
        >>> data = network_measures(ci.load_example("workforce")).to_dict()
        >>> data["partners"], data["ties"], data["components"], data["articulation_points"]
        (11, 19, 1, ['mowd'])
        >>> data["network_trust"], data["undefined"]["network_trust"]
        (None, 'no trust ratings on ties')
        >>> data["brokerage"]["cjc"]["counts"]["liaison"]
        16
        """

        def clean(x: Any) -> Any:
            if isinstance(x, float):
                return None if math.isnan(x) else x
            if isinstance(x, Mapping):
                return {k: clean(v) for k, v in x.items()}
            if isinstance(x, tuple | list):
                return [clean(v) for v in x]
            if isinstance(x, BrokerageRoles):
                return x.to_dict()
            return x

        return {f.name: clean(getattr(self, f.name)) for f in attrs.fields(NetworkMeasures)}


def _check_options(exact: Any, pivots: Any, seed: Any) -> None:
    problems: list[tuple[str, str]] = []
    if exact is not None and not isinstance(exact, bool):
        problems.append(("exact", f"expected True, False or None, got {exact!r}"))
    for name, value, minimum in (("pivots", pivots, 2), ("seed", seed, 0)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            problems.append((name, f"expected an integer, got {type(value).__name__}"))
        elif value < minimum:
            problems.append((name, f"expected an integer >= {minimum}, got {value}"))
    if problems:
        raise ValidationError(problems)


def network_measures(
    initiative: Initiative,
    *,
    exact: bool | None = None,
    pivots: int = DEFAULT_PIVOTS,
    seed: int = 0,
) -> NetworkMeasures:
    r"""Compute every network measure of an initiative's ties.

    Density is :math:`2m / (n(n-1))` on the undirected view and :math:`m / (n(n-1))` on the
    directed one (:func:`tie_digraph`, where a communication or joint-planning tie is an edge
    both ways); reciprocity is the share of directed edges whose reverse exists (1 for a network
    of mutual ties only); the average shortest path and the diameter are those of the largest
    component (hop counts; when several components share the largest size, over all of them:
    the mean distance between partners of one component, and the largest, whatever the
    partners are called); Burt's constraint and effective size are networkx's
    (unweighted, ``nan`` for an isolated partner); the backbone's brokerage share is its
    normalised betweenness — for each pair of other partners, the share of their shortest
    paths that pass through it, summed and divided by the number of all pairs of other
    partners, tied or not (a pair with no path between them counts 0); network value and
    trust are the partners' mean ratings as a percentage of the maximum rating, 4.

    Every measure is computed on arrays built once from the ties, partners in sorted-id order,
    so that nothing depends on the order of the initiative's lists, and in blocks, so that
    memory stays bounded: distances by breadth-first search from 64 sources per machine word,
    betweenness by Brandes' algorithm from a block of sources at once (sparse × dense
    products), cut points by one depth-first search, Burt's measures as sparse-matrix products
    (see the notes). A block costs in proportion to the depth of its searches, so in a network
    with long chains of partners, once a search goes deeper than 32 levels (betweenness) or 128
    (distances), the measure is computed one source at a time instead (compiled breadth-first
    searches and triangular solves): slower on an ordinary network, but not with the depth.

    Parameters
    ----------
    initiative
        The initiative. Only the governance mode reads its activities (the share the backbone
        leads), every one given: :attr:`Assessment.network <collective_impact.Assessment.network>`
        passes the activities running on the date of judgement
        (:attr:`~collective_impact.Assessment.analysed`).
    exact
        ``None`` (the default): compute betweenness exactly up to
        :data:`BETWEENNESS_EXACT_WORK` partners × ties, and the distances of the largest
        component up to :data:`DISTANCES_EXACT_WORK` partners × ties of that component;
        estimate them above. ``True``: always exact (time grows with partners × ties).
        ``False``: always estimate.
    pivots
        Sources sampled by the estimates, at least 2. With at least as many as partners (or
        as partners of the largest component, for the distances) the measure is exact.
    seed
        Seed of the sample (a :class:`random.Random`), at least 0: the same seed, the same
        sample and the same estimates.

    Returns
    -------
    NetworkMeasures
        Measures that are undefined for the network are ``nan``, with the reason in
        ``undefined``; ``method`` says which measures are estimates, and how.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`.
    ValidationError
        When ``exact``, ``pivots`` or ``seed`` is not as described.

    Notes
    -----
    **Estimates.** Betweenness is estimated as by Brandes and Pich (2007), exactly as
    networkx's ``betweenness_centrality(G, k=pivots, seed=seed)`` on the tie graph with its
    nodes in sorted-id order: :math:`k` partners drawn without replacement (with
    ``random.Random(seed).sample``, from the sorted ids) are the sources of the shortest paths,
    and the sum of their dependencies :math:`\sum_s \delta_s(v)` is scaled by
    :math:`1/(k(n-2))`, or :math:`1/((k-1)(n-2))` for a partner that is itself a source. Each
    partner's estimate is unbiased, and each of the :math:`k - 1` or :math:`k` sources that
    count for it adds a term :math:`\delta_s(v)/(n-2)` in :math:`[0, 1]`, so by Hoeffding's
    inequality (which holds for draws without replacement) it is off by :math:`\varepsilon`
    or more with probability at most :math:`2e^{-2(k-1)\varepsilon^2}`: with 500 pivots,
    within 0.061 with probability 95%. In practice it is closer: on the synthetic initiative
    of the stress benchmark (``synth.generate(seed=0)``: 10,000 partners, 45,455 ties), whose
    exact betweenness centralization is 0.2631, the estimates with 500 pivots and seeds 0 to
    19 were off by 0.011 (standard deviation; 4% of the value) and at most 0.023. The
    centralization is that of the estimated betweenness, so it carries the error of the most
    central partner (here the backbone, whose share is off by as much).

    The average shortest path is estimated from breadth-first searches from :math:`k` partners
    of the largest component (or components; drawn as above from their sorted ids): the mean
    distance from them to the other partners of their component, unbiased. The diameter is
    then a *lower bound*: the largest distance found from them, or from the partners found
    farthest from them (up to 64, a second sweep).

    **Burt's measures.** With :math:`p_{uv} = a_{uv} / d_u`, the constraint is
    :math:`c_u = \sum_{v \in N(u)} \left(p_{uv} + \sum_w p_{uw} p_{wv}\right)^2` and the
    effective size Borgatti's (1997) :math:`e_u = d_u - 2 t_u / d_u`, :math:`t_u` the ties
    among :math:`u`'s neighbours: the values of networkx's ``constraint`` and
    ``effective_size`` without weights.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.
    .. [2] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    .. [3] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       *Connections* 20(1), 35–38.
    .. [4] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163–177.
    .. [5] Brandes, U. and Pich, C. (2007). Centrality estimation in large networks.
       *International Journal of Bifurcation and Chaos* 17(7), 2303–2318.

    Examples
    --------
    >>> import collective_impact as ci
    >>> m = network_measures(ci.load_example("cradle-to-career"))
    >>> m.components, m.governance_mode, m.method["diameter"]
    (2, 'network administrative organization', 'exact')

    Forced estimates, from 5 of the 17 partners (16 in the largest component):

    >>> m = network_measures(ci.load_example("cradle-to-career"), exact=False, pivots=5)
    >>> m.method["backbone_brokerage_share"]
    'estimate: 5 of 17 partners as sources, seed 0 (Brandes-Pich)'
    """
    from scipy.sparse import csgraph

    expect_initiative(initiative)
    _check_options(exact, pivots, seed)
    arrays = _tie_arrays(initiative)
    ids = arrays.ids
    n, m, arcs = len(ids), len(arrays.edges), arrays.arcs.nnz
    at = {p: i for i, p in enumerate(ids)}
    undefined: dict[str, str] = {}
    method: dict[str, str] = {}

    def nan(name: str, reason: str) -> float:
        undefined[name] = reason
        return math.nan

    if n > 1:
        density = m / (n * (n - 1)) * 2 if m else 0.0  # as networkx: m / (n(n-1)), doubled
        directed_density = arcs / (n * (n - 1)) if arcs else 0.0
    else:
        density = nan("density", "fewer than 2 partners")
        directed_density = nan("directed_density", "fewer than 2 partners")
    # The undirected view has an edge wherever the directed one has an arc either way, so
    # arcs - m pairs are reciprocated, 2(arcs - m) arcs.
    reciprocity = (arcs - m) * 2 / arcs if arcs else nan("reciprocity", "no ties")
    degrees = np.diff(arrays.adjacency.indptr).astype(np.float64)
    if n < 3:
        degree_c = nan("degree_centralization", "fewer than 3 partners")
        between_c = nan("betweenness_centralization", "fewer than 3 partners")
        betweenness = np.zeros(n)
        method["betweenness_centralization"] = "exact"
    else:
        degree_c = float((degrees.max() - degrees).sum() / ((n - 1) * (n - 2)))
        exact_b = exact is True or (exact is None and n * m <= BETWEENNESS_EXACT_WORK)
        betweenness, method["betweenness_centralization"] = _betweenness(
            arrays.adjacency, pivots=None if exact_b else pivots, seed=seed
        )
        between_c = float((betweenness.max() - betweenness).sum() / (n - 1))
    method["backbone_brokerage_share"] = method["betweenness_centralization"]
    count, label = csgraph.connected_components(arrays.adjacency, directed=False)
    sizes = np.bincount(label, minlength=count)
    largest = int(sizes.max()) if n else 0
    method["average_shortest_path"] = method["diameter"] = "exact"
    if largest > 1:
        # every largest component when several tie: which one held the first id was a choice
        # by name (a chain and a triangle of 3 gave 4/3 or 1 as the names fell)
        members = np.flatnonzero(sizes[label] == largest)
        component = arrays.adjacency[members][:, members]
        size = members.size  # each source reaches the largest - 1 others of its component
        exact_d = exact is True or (
            exact is None and size * (component.nnz // 2) <= DISTANCES_EXACT_WORK
        )
        if exact_d or pivots >= size:
            total, far, _ = _distance_sums(component, np.arange(size, dtype=np.int64))
            average = total / (size * (largest - 1))
            diameter = float(far)
        else:
            chosen = _sample(size, pivots, seed)
            total, far, farthest = _distance_sums(component, chosen)
            average = total / (pivots * (largest - 1))
            diameter = float(max(far, _distance_sums(component, farthest[:64])[1]))
            where = "the largest component" if size == largest else "the largest components"
            of = f"{pivots} of {size} partners of {where} as sources, seed {seed}"
            method["average_shortest_path"] = f"estimate: {of}"
            method["diameter"] = f"lower bound: from {of}, and from those farthest from them"
    else:
        average = nan("average_shortest_path", "the largest component has one partner")
        diameter = nan("diameter", "the largest component has one partner")
    sectors = {p.id: p.sector.value for p in initiative.partners}
    if m:
        sector_of = np.array([sectors[p] for p in ids], dtype=object)
        external = int((sector_of[arrays.edges[:, 0]] != sector_of[arrays.edges[:, 1]]).sum())
        ei = (external - (m - external)) / m
    else:
        ei = nan("ei_index", "no ties")
    constraint_of, effective_of = _burt(arrays.adjacency)
    # keyed in the sorted order of the ids, as every mapping of the result: the same network
    # gives the same JSON text whatever order its partners were entered in
    constraint = dict(zip(ids, constraint_of.tolist(), strict=True))
    effective = dict(zip(ids, effective_of.tolist(), strict=True))
    share = math.nan
    if initiative.backbone is None:
        undefined["backbone_brokerage_share"] = "no backbone"
    elif n < 3:
        undefined["backbone_brokerage_share"] = "fewer than 3 partners"
    else:
        share = float(betweenness[at[initiative.backbone.organization]])
    cut_points = _articulation_points(arrays.adjacency)
    mode, reason = governance_mode(initiative)
    if mode is None:
        undefined["governance_mode"] = reason
    ratings = partner_ratings(initiative)
    value = {p: r["value"] for p, r in ratings.items() if not math.isnan(r["value"])}
    trust = {p: r["trust"] for p, r in ratings.items() if not math.isnan(r["trust"])}
    network_value = (
        math.fsum(value.values()) / len(value) / 4 * 100
        if value
        else nan("network_value", "no value ratings on ties")
    )
    network_trust = (
        math.fsum(trust.values()) / len(trust) / 4 * 100
        if trust
        else nan("network_trust", "no trust ratings on ties")
    )
    return NetworkMeasures(
        partners=n,
        ties=m,
        density=float(density),
        directed_density=float(directed_density),
        reciprocity=reciprocity,
        degree_centralization=degree_c,
        betweenness_centralization=between_c,
        components=int(count),
        largest_component=largest,
        average_shortest_path=average,
        diameter=diameter,
        articulation_points=tuple(ids[i] for i in cut_points.tolist()),
        ei_index=ei,
        constraint=constraint,
        effective_size=effective,
        brokerage=_brokerage(initiative, arrays, None),
        backbone_brokerage_share=share,
        governance_mode=mode,
        governance_reason=reason,
        value=value,
        trust=trust,
        network_value=network_value,
        network_trust=network_trust,
        undefined=undefined,
        method=method,
    )
