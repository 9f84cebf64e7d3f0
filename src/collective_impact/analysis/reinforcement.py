r"""Mutually reinforcing activities: interdependence, conflict, redundancy, coordination.

The scores of DESIGN §4, computed on arrays built once from the model. No Python loop runs over
pairs of activities, and no work is spent on pairs that cannot score: only the pairs that share
an indicator *and* whose populations and places meet are ever looked at (a join on tokens, see
the engine below), each sum over shared indicators is accumulated in a fixed order, and whatever
depends on two *sets* (overlap of populations and places, coordination of partner sets) is read
from tables of sets. Time and memory grow with the pairs kept, block of activities by block.

Notation: activities :math:`a, b`; indicators :math:`i, j`; partners :math:`p, q`.

.. math::

    \tilde C = C (I - \lambda W)^{-1}, \qquad
    d(a,b) = o(a,b) \sum_i g_i\, \tilde c^+_{ai} \tilde c^+_{bi}

    R(a,b) = \max(0, d - \mathrm{conflict} - h)\,(1 - r), \qquad
    \text{index} = \frac{\sum_{\text{lead}_a \ne \text{lead}_b} R(a,b)\, k(a,b)}
                        {\sum_{\text{lead}_a \ne \text{lead}_b} R(a,b)}

Only helping work reinforces: :math:`\tilde c^+ = \max(\tilde C, 0)` (effects in each indicator's
desired direction); work against the agenda is conflict (against help) or joint harm :math:`h`
(with other harm), never reinforcement, and both cancel the joint help of the pair: :math:`R` is
its net joint work on the agenda.

References
----------
.. [1] Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation Review*
   9(1), 36–41.
.. [2] Wright, S. (1934). The method of path coefficients. *Annals of Mathematical Statistics*
   5(3), 161–215 (total effects along paths).
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

import attrs
import networkx as nx
import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import NDArray
from scipy.sparse import csgraph

from .._checks import expect_config
from .._progress import progress_bar
from ..config import ScoringConfig
from ..errors import ArgumentValueError, PathwayError, expect_type, shown
from ..model import Initiative
from . import _kernels
from ._arrays import (
    ModelArrays,
    ReadOnlyArrays,
    SetTable,
    _ranges,
    id_ranks,
    sample,
)
from ._tolerance import THRESHOLD_TOLERANCE, TINY, positive, rank_groups
from .running import NotRunning, activity_position

if TYPE_CHECKING:  # prepared.py builds on this module
    import datetime as dt

    from .prepared import Prepared

__all__ = [
    "PairScores",
    "PartnerGap",
    "PartnerGapTable",
    "Reinforcement",
    "coordination",
    "reinforcement_from_arrays",
    "reinforcement_scores",
    "total_contributions",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

#: Above this many distinct sets, set overlaps are computed pair by pair (of sets) instead of
#: through a dense table of every pair of sets.
_DENSE_SET_LIMIT = 2048
#: Triples (a pair and an indicator it shares) scored at once: bounds the engine's working memory.
_PAIR_BUDGET = 1 << 20
#: Threads of the compiled kernel (blocks scored at once; the kernel releases the GIL).
_COMPILED_THREADS = 4
#: Matches of the candidate join (about the triples scored) from which the compiled kernel
#: runs when numba is installed: below it, numpy is about as fast as loading the kernel.
COMPILED_MIN_WORK = 2_000_000
#: Pairs from which the compiled kernel sums the coordination gaps by pair of lead partners.
_COMPILED_GAPS_MIN = 1 << 20
#: Threads of the compiled sums of the coordination gaps (:func:`_lead_pair_sums_compiled`), and
#: the fewest pairs each range of them takes.
_GAP_THREADS = 2
_GAP_PART_MIN = 1 << 20
#: Right tokens of the candidate join from which the compiled kernel builds it.
_COMPILED_JOIN_MIN = 1 << 20
#: Values of the dense maps of a block (activities × indicators, partner sets × partners).
_MAP_LIMIT = 1 << 22
#: Keys sorted at once, in cache.
_SORT_CHUNK = 1 << 17
#: Mean join tokens per entry above which a label dimension is left out of the candidate join.
_MAX_SET_TOKENS = 64.0
#: Rows scored before a sparse column of the pairs may turn dense (see :class:`_Columns`).
_SPARSE_MIN_ROWS = 1 << 16
#: Cosines within this of 1 are taken as exactly 1 (rounding noise of identical directions).
_COSINE_SNAP = 1e-12
#: How far a score may leave its range by rounding before it is treated as a bug.
_RANGE_SLACK = 1e-9
#: Columns solved at once when pathways have cycles (bounds memory to indicators × this).
_SOLVE_BLOCK = 1024
#: Components of pathways up to this many get a table of which reaches which (components ×
#: components), read by one product per block of the LU solve; beyond, each block is passed down
#: the components level by level (see :class:`_Reach`).
_REACH_TABLE_LIMIT = 2048
#: Effects carried along pathways smaller than this fraction of the activity's largest direct
#: contribution (or than ``TINY``) are dropped from :math:`\tilde C` (see
#: :func:`total_contributions`).
PATHWAY_TOLERANCE = 1e-12
#: Strongly connected components of pathways up to this many indicators get a dense eigenvalue
#: solve; larger ones a sparse iteration.
_DENSE_RADIUS_LIMIT = 256
#: Iterations and relative tolerance of the sparse spectral radius.
_RADIUS_ITERATIONS = 100
_RADIUS_TOLERANCE = 1e-13


# --------------------------------------------------------------------------- pathways


def _spectral_radius(block: sp.csr_array) -> float:
    r"""Return the spectral radius of a block of :math:`\lambda W` (a strongly connected part).

    Up to ``_DENSE_RADIUS_LIMIT`` indicators, the largest modulus of the dense eigenvalues. Beyond,
    the Perron root of the non-negative irreducible block, by Noda's inverse iteration [3]_ on
    sparse LU factorisations: the Collatz–Wielandt bounds
    :math:`\min_i (Ax)_i / x_i \le \rho \le \max_i (Ax)_i / x_i` (for every positive :math:`x`)
    close in on :math:`\rho` quadratically, in a handful of factorisations, never a dense
    eigenproblem. A ring of identical weights (every :math:`x` constant) is exact at once.

    References
    ----------
    .. [3] Noda, T. (1971). Note on the computation of the maximal eigenvalue of a non-negative
       irreducible matrix. *Numerische Mathematik* 17, 382–386.
    """
    n = block.shape[0]
    if n <= _DENSE_RADIUS_LIMIT or (block.data < 0).any():
        return float(np.max(np.abs(scipy.linalg.eigvals(block.toarray()))))
    a = sp.csr_array(block)
    x = np.ones(n)
    best = math.inf
    for _ in range(_RADIUS_ITERATIONS):
        ratio = (a @ x) / x
        low, high = float(ratio.min()), float(ratio.max())
        if high >= best:  # rounding stalls the bounds: the best upper bound is the radius
            break
        best = high
        if high - low <= _RADIUS_TOLERANCE * high:
            break
        # Noda's step: x <- (σI − A)⁻¹ x with σ the upper bound; the inverse is positive and
        # its dominant direction the Perron vector
        try:
            y = spla.splu(sp.csc_array(high * sp.eye_array(n) - a)).solve(x)
        except RuntimeError:  # σ is the Perron root itself: singular
            break
        if not np.all(np.isfinite(y)) or bool((y <= 0).any()):
            break
        x = y / float(y.max())
    return best


def _check_convergence(pathways: sp.csr_array, lam: float, ids: Sequence[str]) -> None:
    r"""Raise :class:`PathwayError` when :math:`\sum (\lambda W)^k` does not converge.

    The series converges when the spectral radius of :math:`\lambda W` is below 1, that is on
    every strongly connected component of the drives (acyclic parts have radius 0). The
    components come from ``scipy.sparse.csgraph`` and each radius from
    :func:`_spectral_radius`, never from a dense matrix of all the indicators.
    """
    w = sp.csr_array(pathways)
    n_comp, label = csgraph.connected_components(w, directed=True, connection="strong")
    sizes = np.bincount(label, minlength=n_comp)
    diverging = False
    for c in np.flatnonzero(sizes >= 2).tolist():
        nodes = np.flatnonzero(label == c)
        if _spectral_radius(sp.csr_array(lam * w[nodes][:, nodes])) >= 1.0 - 1e-12:
            diverging = True
            break
    if not diverging:
        return
    # name the cycle the first engine named: its first diverging component, in networkx order
    graph: nx.DiGraph[int] = nx.DiGraph()
    rows, cols = w.nonzero()
    graph.add_edges_from(zip(rows.tolist(), cols.tolist(), strict=True))
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        nodes_list = sorted(component)
        radius = _spectral_radius(sp.csr_array(lam * w[nodes_list][:, nodes_list]))
        if radius >= 1.0 - 1e-12:
            edges = nx.find_cycle(graph.subgraph(nodes_list))
            cycle = [u for u, _ in edges]
            gain = math.prod(lam * float(w[u, v]) for u, v in edges)
            raise PathwayError(
                tuple(ids[u] for u in cycle),
                spectral_radius=radius,
                cycle_gain=gain,
                component=sorted(ids[u] for u in nodes_list),
            )


def total_contributions(arrays: ModelArrays, pathway_weight: float) -> sp.csr_array:
    r"""Return :math:`\tilde C = C (I - \lambda W)^{-1}`, the total effect of every activity.

    Work on an upstream indicator reinforces every indicator downstream of it, decaying by
    :math:`\lambda w` per step (the total effect of path analysis [2]_):
    :math:`\tilde C = C + \lambda C W + \lambda^2 C W^2 + \dots`

    Acyclic pathways (the usual case) are summed on the sparse matrices in as many steps as the
    longest pathway; cyclic ones are solved by a sparse LU factorisation against blocks of
    :math:`C^\top`. The dense inverse is never formed.

    Effects carried along pathways (:math:`\tilde C - C`) smaller than
    :data:`PATHWAY_TOLERANCE` (:math:`10^{-12}`) times the activity's largest direct
    contribution :math:`\max_i |C_{ai}|`, or smaller than the smallest normal double
    (:data:`~._tolerance.TINY`, 2.2e-308, below which rounding is absolute and an effect is
    rounding alone), are dropped (direct contributions are kept as they are). They are far below
    the precision of any input, and without the cut every activity upstream of a long chain or a
    ring of pathways would reach every indicator on it (a 5,000-indicator ring made every pair
    of its activities interdependent through effects of
    :math:`0.25^{500}`). The acyclic sum drops them step by step (each term
    :math:`C (\lambda W)^k` below the cut), so a chain costs as many steps as its effects stay
    above the cut; the LU solve drops the net effect along pathways below the cut. The two
    differ only where several paths, each below the cut, add up above it: every effect dropped
    either way is below :math:`10^{-12}` of the activity's largest direct contribution. An
    indicator no path from the activity's contributions reaches keeps its direct contribution
    exactly, by both methods: the LU solve's rounding there grows with the solved totals, not
    with the cut, and is dropped where ``drives`` has no path (see :func:`propagate`).

    A total within :data:`~._tolerance.THRESHOLD_TOLERANCE` of its gross over paths,
    :math:`S = |C| (I - \lambda W)^{-1}` (the weights of ``drives`` are positive and
    :math:`\lambda \ge 0`, so :math:`S_{ai}` is the sum over every path to :math:`i` of
    :math:`|c_{aj}|` times its product of :math:`\lambda w`), on an entry reached by a path
    (:math:`S_{ai} > |c_{ai}|`), is a sum that cancels on paper, and is 0 (:func:`_cancelled`):
    0.3 - 0.75 × 0.5 × 0.8 is -5.6e-17 in floating point, whose sign made an activity harmful.
    Both methods compute :math:`S` the same way as :math:`\tilde C` (the acyclic sum carries
    :math:`|C|` alongside :math:`C`, cut at the same floor; the LU solve solves :math:`|C|`
    with :math:`C`), so the zeroing does not depend on which method runs: an unrelated cycle
    elsewhere in ``drives`` (which switches to the LU solve) changes no entry.

    Parameters
    ----------
    arrays
        The arrays of an initiative (:attr:`~collective_impact.Prepared.arrays`): :math:`C` is
        ``arrays.contributions``, :math:`W` is ``arrays.pathways``.
    pathway_weight
        :math:`\lambda` (``ScoringConfig.pathway_weight``).

    Returns
    -------
    scipy.sparse.csr_array
        :math:`\tilde C`, activities × indicators, in the positions of ``arrays``.

    Raises
    ------
    PathwayError
        When the series does not converge (spectral radius of :math:`\lambda W` at least 1); the
        error names a cycle of ``drives`` responsible.

    References
    ----------
    .. [2] Wright, S. (1934). The method of path coefficients. *Annals of Mathematical
       Statistics* 5(3), 161–215.

    Examples
    --------
    A chain a → b → c with :math:`w = 0.8` and :math:`\lambda = 0.5`: an activity contributing
    1 to ``a`` has the total effects :math:`(1,\ 0.5 \cdot 0.8,\ (0.5 \cdot 0.8)^2) =
    (1, 0.4, 0.16)`.

    >>> import collective_impact as ci
    >>> from collective_impact.analysis._arrays import build_arrays
    >>> init = ci.Initiative(
    ...     name="Chain",
    ...     partners=[ci.Partner(id="p", name="P", sector="other")],
    ...     indicators=[ci.Indicator(id="a", name="A", drives={"b": 0.8}),
    ...                 ci.Indicator(id="b", name="B", drives={"c": 0.8}),
    ...                 ci.Indicator(id="c", name="C")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"a": 1.0})],
    ... )
    >>> [round(float(v), 12) for v in total_contributions(build_arrays(init), 0.5).toarray()[0]]
    [1.0, 0.4, 0.16]
    """
    return propagate(arrays.contributions, arrays.pathways, pathway_weight, arrays.indicator_ids)


def propagate(
    c: sp.csr_array, pathways: sp.csr_array, pathway_weight: float, indicator_ids: Sequence[str]
) -> sp.csr_array:
    r"""Return :math:`C (I - \lambda W)^{-1}` for any rows :math:`C` of effects on indicators.

    The computation of :func:`total_contributions`, for any matrix ``c`` (rows × indicators):
    the same sums, the same cut of effects along pathways below :data:`PATHWAY_TOLERANCE` times
    each row's largest direct effect, and the same zeroing of effects that cancel on paper.
    (:func:`agenda_reach` solves its own column, and reads which indicators reach the agenda
    off the graph alike.)

    Acyclic pathways are summed term by term, :math:`C (\lambda W)^k`, each term cut below the
    floor; cyclic ones are solved by a sparse LU factorisation, the net effect along pathways
    :math:`\tilde C - C` cut below the floor. The cuts differ only where several paths, each
    below the floor, add up above it (each dropped effect is below :math:`10^{-12}` of the
    row's largest direct effect). An entry no path of one step or more reaches from the row's
    support is its direct effect exactly in both: the sum never stores it, and the solve's
    value there, rounding that grows with the solved totals rather than with the direct
    effects the floor is measured against (6e-12 beside totals of 8e4 near the bound of
    convergence, above a floor of 5e-13), is dropped, with its gross, where
    :class:`_Reach` (read off the strongly connected components of ``pathways``) finds no
    path. The cancellation scale is the same in both: the gross over
    paths :math:`|C| (I - \lambda W)^{-1}`, carried alongside :math:`C` in the acyclic sum (cut
    at the same floor) and solved with :math:`C` by the same factorisation.

    Parameters
    ----------
    c
        The direct effects, rows × indicators.
    pathways
        :math:`W`, indicators × indicators (``ModelArrays.pathways``).
    pathway_weight
        :math:`\lambda`.
    indicator_ids
        The indicators' ids, in the positions of ``pathways`` (to name a diverging cycle).

    Raises
    ------
    PathwayError
        When the series does not converge.
    """
    w = pathways
    if pathway_weight == 0.0 or w.nnz == 0:
        return c
    step = sp.csr_array(pathway_weight * w)
    floor = _row_floor(c)
    n_components, labels = csgraph.connected_components(w, directed=True, connection="strong")
    acyclic = n_components == w.shape[0] and not w.diagonal().any()
    if acyclic:
        total = c.copy()
        # the gross along pathways, |C| (λW + (λW)² + ...): every path's |c| × its product of λw
        along = sp.csr_array(c.shape, dtype=np.float64)
        term, gross = c, sp.csr_array(abs(c))
        for _ in range(w.shape[0]):
            # |term| <= gross entry by entry, so the gross keeps every entry the term keeps (and
            # those where paths cancel exactly); both are cut at the same floor, step by step
            gross = _prune(sp.csr_array(gross @ step), floor)
            if gross.nnz == 0:
                break
            along = along + gross
            if term.nnz:
                term = _prune(sp.csr_array(term @ step), floor)
                total = total + term
        return _cancelled(sp.csr_array(total), sp.csr_array(along), c)
    _check_convergence(w, pathway_weight, indicator_ids)
    n_i = w.shape[0]
    reach = _Reach(w, n_components, labels)
    lu = spla.splu(sp.csc_array(sp.eye_array(n_i) - step).T.tocsc())
    ct = sp.csc_array(c.T)
    # rows with contributions of both signs: only there can a total cancel (a row of one sign
    # has a gross equal to its |total|), so only they need |C| solved too
    mixed = (_row_max(sp.csr_array(c.maximum(0.0))) > 0.0) & (
        _row_max(sp.csr_array(c.minimum(0.0))) > 0.0
    )
    blocks = []
    width = _SOLVE_BLOCK // 2  # C and |C| side by side: at most _SOLVE_BLOCK columns per solve
    for start in range(0, ct.shape[1], width):
        rhs = ct[:, start : start + width].toarray()
        n_rows = rhs.shape[1]
        both = np.flatnonzero(mixed[start : start + width])
        solved = lu.solve(np.hstack((rhs, np.abs(rhs[:, both])))).T
        direct = rhs.T  # the block's activities × indicators, dense
        cut = floor[start : start + width, None]
        # the entries no path from the row's contributions reaches are 0 on paper: the solve
        # leaves rounding there that grows with the solved totals (6e-12 beside 8e4 near the
        # bound of convergence), above the cut, which scales with the direct contributions
        reached = reach.of(ct[:, start : start + width])
        indirect = solved[:n_rows] - direct
        indirect[(np.abs(indirect) < cut) | ~reached] = 0.0
        total = direct + indirect
        if both.size:
            # the gross along pathways, |C| ((I - λW)^-1 - I), cut at the same floor; a direct
            # effect that an effect along pathways cancels on paper: 0, not rounding
            along = solved[n_rows:] - np.abs(direct[both])
            along[(along < cut[both]) | ~reached[both]] = 0.0
            scale = np.abs(direct[both]) + along
            part = total[both]
            part[(along > 0.0) & (np.abs(part) <= THRESHOLD_TOLERANCE * scale)] = 0.0
            total[both] = part
        blocks.append(sp.csr_array(total))
    return sp.csr_array(sp.vstack(blocks)) if blocks else c


def agenda_reach(arrays: ModelArrays, pathway_weight: float) -> FloatArray:
    r"""Return how much a unit contribution to each indicator moves the agenda along pathways.

    .. math::

        \rho \;=\; \bigl((I - \lambda W)^{-1} - I\bigr)\, \mathbf{1}_{\text{agenda}}
        \;=\; \sum_{k \ge 1} (\lambda W)^k\, \mathbf{1}_{\text{agenda}},

    so :math:`\rho_i` is the sum, over the agenda's indicators :math:`j`, of the total effect
    along pathways on :math:`j` of a unit contribution to :math:`i` (the entries of
    :math:`\tilde C - C` a unit on :math:`i` gives; every path's product of :math:`\lambda w`).
    The weights of ``drives`` are positive, so :math:`\rho_i > 0` exactly when an agenda
    indicator lies downstream of :math:`i`: which indicators do is read off the graph (one
    breadth-first search), and their values come from one solve of a sparse LU factorisation
    of :math:`I - \lambda W`, to rounding (relative :math:`10^{-11}` or so near the bound of
    convergence, where it decides only help within that of the cut); nothing is cut (the
    caller compares
    :math:`c_{ai} \rho_i` with the activity's own cut, :data:`PATHWAY_TOLERANCE` of its largest
    direct contribution, as :math:`\tilde C` is cut). With :math:`\lambda = 0` (pathways
    off) or no pathways, every :math:`\rho_i` is 0.

    Parameters
    ----------
    arrays
        The arrays of an initiative (``pathways`` and ``goal_weight``).
    pathway_weight
        :math:`\lambda`.

    Returns
    -------
    numpy.ndarray of float
        :math:`\rho`, one value per indicator, in the positions of ``arrays``.

    Raises
    ------
    PathwayError
        When the series does not converge.

    Examples
    --------
    ``a`` drives ``b`` drives ``c`` (``w`` 0.8, :math:`\lambda` 0.5), only ``c`` is on the
    agenda, and ``d`` drives nothing: :math:`\rho = (0.4^2, 0.4, 0, 0) = (0.16, 0.4, 0, 0)`.

    >>> import collective_impact as ci
    >>> from collective_impact.analysis._arrays import build_arrays
    >>> init = ci.Initiative(
    ...     name="Chain",
    ...     partners=[ci.Partner(id="p", name="P", sector="other")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["c"])],
    ...     indicators=[ci.Indicator(id="a", name="A", drives={"b": 0.8}),
    ...                 ci.Indicator(id="b", name="B", drives={"c": 0.8}),
    ...                 ci.Indicator(id="c", name="C"), ci.Indicator(id="d", name="D")],
    ... )
    >>> [round(float(v), 12) for v in agenda_reach(build_arrays(init), 0.5)]
    [0.16, 0.4, 0.0, 0.0]
    >>> agenda_reach(build_arrays(init), 0.0).tolist()
    [0.0, 0.0, 0.0, 0.0]
    """
    w = arrays.pathways
    n = w.shape[0]
    agenda = (np.asarray(arrays.goal_weight) > 0).astype(np.float64)
    if pathway_weight == 0.0 or w.nnz == 0 or not agenda.any():
        return np.zeros(n)
    _check_convergence(w, pathway_weight, arrays.indicator_ids)
    # one solve, with or without cycles: a sum step by step without a cut took as many steps
    # as the longest pathway (quadratic on a chain of 40,000 indicators at lambda 0.99)
    lu = spla.splu(sp.csc_array(sp.eye_array(n) - sp.csr_array(pathway_weight * w)))
    solved: FloatArray = np.asarray(lu.solve(agenda), dtype=np.float64) - agenda
    # the solve's rounding grows as lambda nears the bound of convergence (3.6e-10 at 1e-9 from
    # it, where the answer is 0): which indicators reach the agenda is read off the graph, and
    # only those keep their value (every term is >= 0, so a negative is rounding too)
    return np.where(_drives_into(w, agenda > 0), np.maximum(solved, 0.0), 0.0)


class _Reach:
    """Which indicators a path of one step or more along ``w`` reaches from a row's support.

    Read off the strongly connected components (``labels``, as
    :func:`scipy.sparse.csgraph.connected_components` gives them): an indicator in component
    :math:`D` is reached from one in :math:`C` when :math:`D` lies downstream of :math:`C` in
    the graph of the components (a directed acyclic graph), or :math:`D = C` and :math:`C` holds
    a cycle (two indicators or more, or one that drives itself). The components are put in
    levels once (each level after every component upstream of it); a block of rows is passed
    down them level by level. Up to :data:`_REACH_TABLE_LIMIT` components, the reach of every
    component is passed down once instead (a table, components × components), and a block
    reads it off by one product: its rows' components times the table.
    """

    def __init__(self, w: sp.csr_array, n_components: int, labels: NDArray[np.integer]) -> None:
        n = w.shape[0]
        self.labels = np.asarray(labels, dtype=np.int64)
        self.k = n_components
        # the indicators of each component, indicators × components
        self.members = sp.csr_array(
            (np.ones(n, dtype=np.float32), (np.arange(n), self.labels)), shape=(n, self.k)
        )
        source, target = w.nonzero()
        a, b = self.labels[source], self.labels[target]
        across = a != b
        self.cyclic = np.bincount(self.labels, minlength=self.k) > 1
        self.cyclic[a[~across]] = True  # a self-loop: an edge within a component of one
        # each edge between two components once: many edges from one large component into
        # another made the table's passes read a row of it per edge (224 MB against 12 MB for
        # 101,000 edges between 2,001 components; a fresh-eyes reviewer)
        pairs = np.unique(a[across] * self.k + b[across])
        a, b = pairs // self.k, pairs % self.k
        level = self._levels(a, b)
        # the edges between components by the level of their head, then their head: each
        # level after the first reads the edges into it, one run of them per component
        order = np.lexsort((b, level[b]))
        self.tails, self.heads = a[order], b[order]
        bounds = np.searchsorted(level[self.heads], np.arange(1, int(level.max()) + 2))
        self.steps = []
        for lo, hi in itertools.pairwise(bounds.tolist()):
            heads = self.heads[lo:hi]
            first = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]])
            self.steps.append((heads[first], lo, hi, first))
        # table[c, d]: whether component c reaches component d (1.0 or 0.0, for the product)
        self.table: NDArray[np.float32] | None = None
        if self.k <= _REACH_TABLE_LIMIT:
            self.table = self._down(np.eye(self.k, dtype=np.bool_)).T.astype(np.float32)

    def _levels(self, a: IntArray, b: IntArray) -> IntArray:
        """Return each component's level (edges ``a`` → ``b``, between components).

        0 with nothing upstream, else one past the highest level upstream of it. Linear in the
        edges: each level looks only at the heads of the edges out of the one before (all the
        components at each level made a chain of 80,000 take 3.3 s; a fresh-eyes reviewer).
        """
        order = np.argsort(a, kind="stable")
        tails, heads = a[order], b[order]
        starts = np.searchsorted(tails, np.arange(self.k + 1))
        waiting = np.bincount(heads, minlength=self.k)
        level = np.zeros(self.k, dtype=np.int64)
        now = np.flatnonzero(waiting == 0)
        depth = 0
        while now.size:
            level[now] = depth
            out = np.concatenate([heads[starts[c] : starts[c + 1]] for c in now.tolist()])
            np.subtract.at(waiting, out, 1)
            heads_now = np.unique(out)
            now = heads_now[waiting[heads_now] == 0]
            depth += 1
        return level

    def _down(self, start: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """Return which components a path of one step or more reaches, components × columns.

        From the components marked in each column of ``start`` (components × columns).
        """
        seen = start.copy()  # marked, or reached: where a path goes on from
        reached = np.zeros(start.shape, dtype=np.bool_)
        for heads, lo, hi, first in self.steps:
            hit = np.logical_or.reduceat(seen[self.tails[lo:hi]], first, axis=0)
            reached[heads] = hit
            seen[heads] |= hit
        return reached | (start & self.cyclic[:, None])

    def of(self, rows_t: sp.csc_array) -> NDArray[np.bool_]:
        """Return which entries a path of one step or more reaches, rows × indicators.

        From the support of each row (``rows_t``: the rows' transpose, indicators × rows).
        """
        support = sp.csr_array(abs(sp.csr_array(rows_t.T)) > 0).astype(np.float32)
        touched = sp.csr_array(support @ self.members)  # rows × components: how many
        if self.table is not None:
            down = np.asarray(touched @ self.table) > 0
        else:
            down = self._down(np.asarray((touched.T > 0).toarray(), dtype=np.bool_)).T
        return np.asarray(down[:, self.labels], dtype=np.bool_)


def _drives_into(w: sp.csr_array, targets: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Whether each node has a path of one step or more along ``w`` to one of ``targets``.

    One breadth-first search against the edges, from a node added before every target (the
    nodes that reach a target, the targets included), then one step: a node reaches a target
    in one step or more when one of its successors is among them.
    """
    n = w.shape[0]
    source, target = w.nonzero()
    rows = np.concatenate([target, np.full(int(targets.sum()), n)])
    cols = np.concatenate([source, np.flatnonzero(targets)])
    back = sp.csr_array((np.ones(rows.size), (rows, cols)), shape=(n + 1, n + 1))
    found = csgraph.breadth_first_order(back, n, directed=True, return_predecessors=False)
    among = np.zeros(n + 1)
    among[found] = 1.0
    return np.asarray(sp.csr_array(w) @ among[:n], dtype=np.float64) > 0


def _cancelled(total: sp.csr_array, along: sp.csr_array, c: sp.csr_array) -> sp.csr_array:
    r"""Return ``total`` without the effects that cancel on paper: 0 where rounding left some.

    An activity's direct effect on an indicator and its effects along pathways may cancel on
    paper (0.3 directly, and 0.75 × 0.5 × 0.8 = 0.3 of harm through an indicator upstream): in
    floating point they leave about 1e-17, whose sign made a harmful activity, a conflict, or
    the only reinforcement of an initiative (an alignment index of 0.8 instead of undefined).
    As every sign test of the analyses judges a sum (:func:`~._tolerance.positive`), an entry
    reached along pathways (``along``: the gross over paths, :math:`|C| (\lambda W + (\lambda
    W)^2 + \dots)`, positive) whose total is within :data:`~._tolerance.THRESHOLD_TOLERANCE`
    of its gross :math:`|c| + \text{along}` is 0. A net effect of 1e-13 from 1.2e-12 and
    -1.1e-12 is kept.
    """
    rows = np.repeat(np.arange(total.shape[0]), np.diff(total.indptr))
    scale = sp.csr_array(abs(c) + along)
    # a bound first (the largest magnitude of each row): the usual total has no entry near it
    near = np.flatnonzero(np.abs(total.data) <= THRESHOLD_TOLERANCE * _row_max(scale)[rows])
    if near.size == 0:
        return total
    at, cols = rows[near], total.indices[near]
    path = np.asarray(along[at, cols]).ravel() > 0.0
    limit = THRESHOLD_TOLERANCE * np.asarray(scale[at, cols]).ravel()
    drop = near[path & (np.abs(total.data[near]) <= limit)]
    if drop.size == 0:
        return total
    out = total.copy()
    out.data[drop] = 0.0
    out.eliminate_zeros()
    return sp.csr_array(out)


def _row_max(m: sp.csr_array) -> FloatArray:
    """Return the largest magnitude of each row of ``m`` (0 for an empty row)."""
    top = np.zeros(m.shape[0])
    np.maximum.at(top, np.repeat(np.arange(m.shape[0]), np.diff(m.indptr)), np.abs(m.data))
    return top


def _row_floor(c: sp.csr_array) -> FloatArray:
    """Return the cut of each row's effects along pathways.

    :data:`PATHWAY_TOLERANCE` times the row's largest direct contribution, and at least
    :data:`~._tolerance.TINY` (2.2e-308, the smallest normal double): below it rounding is
    absolute, not relative, and an effect of 5e-324 × 0.53 rounds to 0 or to 5e-324 depending
    on the order of the operations (the sparse LU solve and a dense inverse disagreed), so an
    effect that small would decide a verdict on rounding alone.
    """
    return np.maximum(PATHWAY_TOLERANCE * _row_max(c), TINY)


def _prune(m: sp.csr_array, floor: FloatArray) -> sp.csr_array:
    """Drop the entries of each row of ``m`` whose magnitude is below the row's ``floor``."""
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    keep = np.abs(m.data) >= floor[rows]
    if keep.all():
        return m
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows[keep], minlength=m.shape[0]))))
    return sp.csr_array((m.data[keep], m.indices[keep], indptr), shape=m.shape)


# --------------------------------------------------------------------------- sets


def _unique_pairs(sa: IntArray, sb: IntArray, n_sets: int) -> tuple[IntArray, IntArray, IntArray]:
    key = sa * max(n_sets, 1) + sb
    unique, inverse = np.unique(key, return_inverse=True)
    return unique // max(n_sets, 1), unique % max(n_sets, 1), inverse.reshape(-1)


def _intersections(table: SetTable, ua: IntArray, ub: IntArray) -> FloatArray:
    members = table.members
    if members.shape[0] <= _DENSE_SET_LIMIT:
        dense = (members @ members.T).toarray()
        return np.asarray(dense[ua, ub], dtype=np.float64)
    both = members[ua].multiply(members[ub])
    return np.asarray(both.sum(axis=1), dtype=np.float64).reshape(-1)


def _jaccard_grid(table: SetTable, unspecified: float) -> FloatArray:
    """Return the Jaccard similarity of every pair of the table's distinct sets (dense)."""
    inter = (table.members @ table.members.T).toarray()
    sizes = table.sizes.astype(np.float64)
    union = sizes[:, None] + sizes[None, :] - inter
    empty = (sizes[:, None] == 0) | (sizes[None, :] == 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        grid = np.where(empty, unspecified, inter / np.where(union > 0, union, 1.0))
    return np.ascontiguousarray(grid, dtype=np.float64)


def jaccard(table: SetTable, a: IntArray, b: IntArray, unspecified: float) -> FloatArray:
    """Jaccard similarity of the sets of activities ``a`` and ``b`` (arrays of positions).

    ``unspecified`` is used when either set is empty.
    """
    if a.size == 0:
        return np.zeros(0)
    n_sets = table.members.shape[0]
    if n_sets <= _DENSE_SET_LIMIT:  # few distinct sets: a table of every pair of sets
        grid = _jaccard_grid(table, unspecified)
        return np.asarray(grid[table.of[a], table.of[b]], dtype=np.float64)
    ua, ub, inverse = _unique_pairs(table.of[a], table.of[b], n_sets)
    inter = _intersections(table, ua, ub)
    size_a, size_b = table.sizes[ua], table.sizes[ub]
    union = size_a + size_b - inter
    empty = (size_a == 0) | (size_b == 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(empty, unspecified, inter / np.where(union > 0, union, 1))
    return np.asarray(value[inverse], dtype=np.float64)


#: The most partners of a set :meth:`_Links._strongest` reads a column at a time (beyond, it
#: gathers each pair's partners as ragged ranges).
_NARROW = 4


class _Links:
    r"""The coordination of pairs of activities, for one tie matrix and backbone reach.

    :func:`coordination` computes it for any pairs; the engine builds one and calls it block by
    block. The strongest link between two partner sets is read from a dense row over all
    partners, written once for each run of pairs that share their first activity's partner set:
    the row holds, for every partner :math:`q`, :math:`\max_{p \in P_a} \text{link}(p, q)`,
    and a sentinel 2 (above any link) at the partners of :math:`P_a` themselves, so that a
    pair reads its coordination, or a shared partner, at the (one to a few) partners of
    :math:`P_b`. The reads of each pair are its own: the partners of :math:`P_b`, gathered from
    the sets' rows as ragged ranges and reduced by pair (one read of the "no partner" column,
    always 0, for an empty set), ``_MAP_LIMIT // 4`` reads at a time. Memory is bounded by
    ``_MAP_LIMIT`` values; the work is linear in the pairs, in the partners of their second
    activities and in the links of their first activities' partners. (Every pair read its
    second partner set padded to the largest one: one activity of 1,500 partners beside 3,000 of
    a few made each of 172,788 pairs read 1,500 columns, and ``assess`` took 12.1 s and
    2,170 MB where it takes 1.3 s and 175 MB.)
    """

    def __init__(
        self,
        arrays: ModelArrays,
        config: ScoringConfig,
        tie_strength: sp.csr_array | None = None,
        tied_to_backbone: BoolArray | None = None,
    ) -> None:
        ties = arrays.tie_strength if tie_strength is None else tie_strength
        tied = arrays.tied_to_backbone if tied_to_backbone is None else tied_to_backbone
        links = sp.csr_array(ties.maximum(config.working_group_coordination * arrays.co_members))
        links.sum_duplicates()
        table = arrays.partner_sets
        self.n_p = n_p = max(int(links.shape[0]), 1)
        self.width = n_p + 1  # one more column: the "no partner" of padded sets, always 0
        self.link_ptr = links.indptr.astype(np.int64)
        self.link_to = links.indices.astype(np.int64)
        self.link_value = np.asarray(links.data, dtype=np.float64)
        self.member_ptr = table.members.indptr.astype(np.int64)
        self.member = table.members.indices.astype(np.int64)
        # each set's partners, or the "no partner" column for an empty set: reads of its pairs
        self.reads = np.maximum(np.diff(self.member_ptr), 1)
        self.read_ptr = np.concatenate(([0], np.cumsum(self.reads))).astype(np.int64)
        self.read = np.full(int(self.read_ptr[-1]), n_p, dtype=np.int64)
        self.read[_ranges(self.read_ptr[:-1], np.diff(self.member_ptr))] = self.member
        self.of = table.of
        self.floor = 0.0
        self.reach = np.zeros(table.members.shape[0], dtype=bool)
        if arrays.backbone >= 0 and config.brokered_coordination > 0:
            self.floor = config.brokered_coordination
            self.reach = np.asarray(table.members @ tied.astype(np.float64)).reshape(-1) > 0
        self.rows = max(1, _MAP_LIMIT // self.width)
        self.dense = np.zeros(0)

    def __call__(self, a: IntArray, b: IntArray, out: FloatArray | None = None) -> FloatArray:
        """Return the coordination of the pairs ``(a[k], b[k])`` (see :func:`coordination`)."""
        n = int(a.size)
        k = np.empty(n) if out is None else out
        if n == 0:
            return k
        sa = self.of[a]
        heads = np.flatnonzero(np.r_[True, sa[1:] != sa[:-1]])
        if heads.size * 4 > n and n >= 1024:  # short runs: group the pairs by first set
            order = np.argsort(sa, kind="stable")
            k[order] = self._runs(sa[order], b[order])
            return k
        return self._runs(sa, b, heads, k)

    def _runs(
        self,
        sa: IntArray,
        b: IntArray,
        heads: IntArray | None = None,
        k: FloatArray | None = None,
    ) -> FloatArray:
        """Return the coordination of pairs (first partner set, second activity) in runs."""
        n = int(sa.size)
        if heads is None:
            heads = np.flatnonzero(np.r_[True, sa[1:] != sa[:-1]])
        if k is None:
            k = np.empty(n)
        width = self.width
        if self.dense.size < min(self.rows, heads.size) * width:
            self.dense = np.zeros(min(self.rows, heads.size) * width)
        dense = self.dense
        sb = self.of[b]
        for g in range(0, heads.size, self.rows):
            groups = heads[g : g + self.rows]
            lo = int(groups[0])
            hi = int(heads[g + self.rows]) if g + self.rows < heads.size else n
            sets = sa[groups]
            counts = self.member_ptr[sets + 1] - self.member_ptr[sets]
            slot = np.repeat(np.arange(sets.size, dtype=np.int64) * width, counts)
            partners = self.member[_ranges(self.member_ptr[sets], counts)]
            degree = self.link_ptr[partners + 1] - self.link_ptr[partners]
            at = _ranges(self.link_ptr[partners], degree)
            cells = np.repeat(slot, degree) + self.link_to[at]
            np.maximum.at(dense, cells, self.link_value[at])
            own = slot + partners
            dense[own] = 2.0  # a partner of the first set (links are at most 1)
            row = np.repeat(
                np.arange(groups.size, dtype=np.int64) * width, np.diff(groups, append=hi)
            )
            self._strongest(dense, row, sb[lo:hi], k[lo:hi])
            dense[cells] = 0.0
            dense[own] = 0.0
        np.minimum(k, 1.0, out=k)  # 2: a shared partner
        if self.floor > 0:
            np.maximum(k, self.floor * (self.reach[sa] & self.reach[self.of[b]]), out=k)
        _check_range("coordination", k, 0.0, 1.0)  # ties and floors are in [0, 1]
        return k

    def _strongest(self, dense: FloatArray, row: IntArray, sb: IntArray, best: FloatArray) -> None:
        """Write into ``best`` the largest value of each pair's row of ``dense`` at its set ``sb``.

        A pair reads its own partners (``reads[sb]`` values, gathered as ragged ranges and
        reduced with ``np.maximum.reduceat``), at most ``_MAP_LIMIT // 4`` reads at a time and
        always one pair. The values are +0.0, links in (0, 1] and 2: their maximum does not
        depend on the order of the reads, so it is the compiled kernel's to the bit. When no
        set has more than :data:`_NARROW` partners (the usual case: a partner or two per
        activity), the sets are read a column at a time instead, a shorter set reading its last
        partner again (the same maximum): the ragged gather cost 1.4-1.75 times as much there
        (found by a reviewer).
        """
        count = self.reads[sb]
        width = int(count.max()) if count.size else 0
        if width <= _NARROW:
            start = self.read_ptr[sb]
            last = start + count - 1
            best[...] = dense[row + self.read[start]]
            for j in range(1, width):
                np.maximum(best, dense[row + self.read[np.minimum(start + j, last)]], out=best)
            return
        end = np.cumsum(count)
        limit = _MAP_LIMIT // 4
        s, n = 0, int(sb.size)
        while s < n:
            done = int(end[s - 1]) if s else 0
            e = max(int(np.searchsorted(end, done + limit, side="right")), s + 1)
            c = count[s:e]
            at = self.read[_ranges(self.read_ptr[sb[s:e]], c)]
            at += np.repeat(row[s:e], c)
            values = dense[at]
            np.maximum.reduceat(values, end[s:e] - c - done, out=best[s:e])
            s = e


def coordination(
    arrays: ModelArrays,
    config: ScoringConfig,
    a: IntArray,
    b: IntArray,
    *,
    tie_strength: sp.csr_array | None = None,
    tied_to_backbone: BoolArray | None = None,
) -> FloatArray:
    r"""Coordination :math:`k(a, b) \in [0, 1]` of activities ``a`` and ``b`` (position arrays).

    .. math::

        k(a,b) = \begin{cases} 1 & P_a \cap P_b \neq \emptyset \\
        \max\bigl(\max_{p \in P_a, q \in P_b} t_{pq},\;
        \kappa_{wg} [\exists p, q \text{ sharing a working group}],\;
        \kappa_{bb} [P_a, P_b \text{ both reach the backbone}]\bigr) & \text{otherwise}
        \end{cases}

    where :math:`P_a` are the partners of :math:`a`, :math:`t_{pq}` the strongest tie between
    two partners in either direction, :math:`\kappa_{wg}` = ``working_group_coordination`` and
    :math:`\kappa_{bb}` = ``brokered_coordination``; a partner reaches the backbone when it is the
    backbone organisation or has a tie with it.

    Parameters
    ----------
    arrays
        The arrays of the initiative.
    config
        ``working_group_coordination`` and ``brokered_coordination``.
    a, b
        Positions of the activities of each pair (equal lengths).
    tie_strength, tied_to_backbone
        Override the arrays' tie matrix and backbone reach (to evaluate other ties).

    Returns
    -------
    numpy.ndarray
        :math:`k` of each pair, floats in [0, 1].

    References
    ----------
    .. [1] Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
       Review* 9(1), 36–41 (continuous communication and a backbone coordinate the work).

    Examples
    --------
    Two partners tied at 0.8, one activity each: no shared partner, so :math:`k` is the tie,
    0.8 (nobody shares a working group and there is no backbone).

    >>> import numpy as np
    >>> import collective_impact as ci
    >>> from collective_impact.analysis._arrays import build_arrays
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
    ...     ties=[ci.Tie(source="p", target="q", strength=0.8)],
    ... )
    >>> coordination(build_arrays(init), ci.ScoringConfig(), np.array([0]), np.array([1]))
    array([0.8])
    """
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if a.size == 0:
        return np.zeros(0)
    links = _Links(arrays, config, tie_strength, tied_to_backbone)
    return links(a, b)


# --------------------------------------------------------------------------- results


@attrs.frozen(eq=False)
class _Sparse(ReadOnlyArrays):
    """A column of pairs most of whose values are zero: the other rows, ascending, and values.

    A row is kept when the bits of its value are not those of +0.0, so that ``-0.0`` and NaN
    read back as they were: :meth:`take` gives the dense column's values to the bit.
    """

    size: int
    rows: IntArray
    values: FloatArray

    @classmethod
    def of(cls, column: Any) -> _Sparse:
        """Return the sparse form of the dense 1-D ``column`` of floats."""
        column = np.ascontiguousarray(column, dtype=np.float64).reshape(-1)
        rows = _kept_rows(column)
        return cls(size=int(column.size), rows=rows, values=column[rows])

    def take(self, rows: Any) -> Any:
        """Return the values at ``rows``: a position, a slice or an array of positions.

        As indexing the dense column: negative positions count from the end, and a position
        out of range raises :class:`IndexError`.
        """
        if isinstance(rows, slice):
            start, stop, step = rows.indices(self.size)
            if step != 1:
                return self.take(np.arange(start, stop, step, dtype=np.int64))
            stop = max(start, stop)
            lo, hi = np.searchsorted(self.rows, (start, stop))
            out = np.zeros(stop - start)
            out[self.rows[lo:hi] - start] = self.values[lo:hi]
            return out
        wanted = np.asarray(rows)
        if wanted.dtype.kind not in "iu":
            raise IndexError(f"pair rows must be positions or a slice, not {wanted.dtype}")
        wanted = wanted.astype(np.int64, copy=False)
        if wanted.size and (wanted.min() < -self.size or wanted.max() >= self.size):
            raise IndexError(f"a pair row out of range for {self.size} pairs")
        wanted = np.where(wanted < 0, wanted + self.size, wanted)
        out = np.zeros(wanted.shape)
        if self.rows.size:
            at = np.minimum(np.searchsorted(self.rows, wanted), self.rows.size - 1)
            hit = self.rows[at] == wanted
            out[hit] = self.values[at[hit]]
        return out if out.ndim else out[()]  # one position: a number


def _kept_rows(values: FloatArray) -> IntArray:
    """Return the positions of the contiguous floats ``values`` whose bits are not +0.0's.

    The rows a sparse column keeps: ``-0.0`` and NaN are kept, so they read back as they were.
    """
    return np.flatnonzero(values.view(np.uint64))


def _column(values: Any) -> FloatArray | _Sparse:
    """Return a column of :class:`PairScores` as stored: :class:`_Sparse` or dense floats."""
    if isinstance(values, _Sparse):
        return values
    return np.asarray(values, dtype=np.float64)


class _Whole:
    """A measure of every pair of :class:`PairScores`, read through :meth:`PairScores.at`.

    A derived measure, or a column that may be stored sparse: each read builds the whole
    column, a new array (a column stored dense is returned as it is stored).
    """

    def __init__(self, doc: str) -> None:
        """Describe the measure by ``doc``."""
        self.__doc__ = f"{doc} Built at each read (see :class:`PairScores`)."
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, pairs: None, owner: type) -> _Whole: ...
    @overload
    def __get__(self, pairs: PairScores, owner: type) -> FloatArray: ...
    def __get__(self, pairs: PairScores | None, owner: type) -> _Whole | FloatArray:
        if pairs is None:
            return self
        return pairs.at(self.name, slice(None))  # type: ignore[no-any-return]


#: The columns of :class:`PairScores` that may be stored sparse (mostly zero).
_SPARSE_COLUMNS = ("conflict_a", "conflict_b", "joint_harm", "coordination")


@attrs.frozen(eq=False)
class PairScores(ReadOnlyArrays):
    """Scores of every pair of activities (``a < b``) whose work meets, as arrays.

    A pair is kept when its interdependence, conflict, joint harm or redundancy is positive;
    every score of the other pairs is 0 (only their coordination is not; see
    :meth:`Reinforcement.pair`).

    ``conflict_a`` is the part of the conflict where ``a`` pushes an indicator against its goal
    and ``b`` towards it; ``conflict_b`` the reverse; ``conflict = conflict_a + conflict_b``.
    ``joint_harm`` is the part where both push an indicator against its goal (never
    reinforcement: like conflict, it cancels the pair's joint help in :attr:`reinforcement`).
    ``between`` is true when the two activities have different lead partners:
    only those pairs count in the alignment index (work *between* partners).

    :attr:`conflict`, :attr:`reinforcement` and :attr:`duplication` are computed from the
    stored columns when read (the same values to the bit as the engine computes them), not
    stored: at the stress case each would take 85 MB, and memory touched for the first time is
    much of the engine's cost (docs/performance.md). For the same reason :attr:`conflict_a`,
    :attr:`conflict_b`, :attr:`joint_harm` and :attr:`coordination` are stored as their
    non-zero rows and values when most of their values are zero (at the stress case 0.2–10 %
    are not); reading one of them then builds the whole column, a new array at each read.
    :meth:`at` reads any measure of some pairs without building the whole column, and
    :meth:`positive` the pairs where one is positive.

    Examples
    --------
    Of the 231 pairs of the 22 running activities of the cradle-to-career example, 62 are kept;
    the pair that reinforces most:

    >>> import numpy as np
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career")).reinforcement
    >>> pairs = result.pairs
    >>> len(pairs.a)
    62
    >>> k = int(np.argmax(pairs.reinforcement))
    >>> result.activity_ids[pairs.a[k]], result.activity_ids[pairs.b[k]]
    ('structured-literacy', 'summer-reading')
    >>> round(float(pairs.reinforcement[k]), 3), float(pairs.coordination[k])
    (0.376, 0.6)
    >>> bool(pairs.between[k])  # led by different partners: counted in the alignment index
    True
    """

    a: IntArray
    b: IntArray
    interdependence: FloatArray
    _conflict_a: FloatArray | _Sparse = attrs.field(alias="conflict_a", converter=_column)
    _conflict_b: FloatArray | _Sparse = attrs.field(alias="conflict_b", converter=_column)
    _joint_harm: FloatArray | _Sparse = attrs.field(alias="joint_harm", converter=_column)
    redundancy: FloatArray
    between: BoolArray
    _coordination: FloatArray | _Sparse = attrs.field(alias="coordination", converter=_column)

    def __len__(self) -> int:
        return int(self.a.size)

    conflict_a = _Whole("The conflict where ``a`` harms and ``b`` helps, of every pair.")
    conflict_b = _Whole("The conflict where ``b`` harms and ``a`` helps, of every pair.")
    joint_harm = _Whole("The harm both activities of a pair do together, of every pair.")
    coordination = _Whole(
        ":math:`k`, how well the partners doing the two activities are connected, of every pair:"
        " the coordination of their whole partner sets, not of the two leads (1 when some"
        " partner, lead or not, takes part in both; see :func:`coordination`)."
    )
    conflict = _Whole("``conflict_a + conflict_b`` of every pair.")
    reinforcement = _Whole(
        "``max(0, interdependence - conflict - joint_harm) · (1 - redundancy)``; where conflict"
        " or joint harm is not 0, a net within 1e-9 of ``interdependence + conflict +"
        " joint_harm`` (or below 2.2e-308) is 0."
    )
    duplication = _Whole("``interdependence · redundancy`` of pairs ``between`` partners, else 0.")

    def at(self, name: str, rows: Any) -> Any:
        """Return the measure ``name`` of the pairs ``rows`` (any numpy index).

        Parameters
        ----------
        name
            A column (``"interdependence"``…), or ``"conflict"``, ``"reinforcement"`` or
            ``"duplication"``.
        rows
            An index of the rows: a position, a slice, positions or a mask.

        Returns
        -------
        numpy.ndarray or numpy.float64
            As ``getattr(self, name)[rows]``, computing a derived measure (or reading a column
            stored sparse) for those rows only, a million rows at a time (its temporaries stay
            small at any size).
        """
        if name not in _DERIVED:
            column = self._stored(name)
            if not isinstance(column, _Sparse):
                return column[rows]
        if isinstance(rows, int | np.integer):
            return self._derived(name, rows)
        if isinstance(rows, slice):
            span = range(*rows.indices(len(self)))
            out = np.empty(len(span))
            for lo in range(0, len(span), _AT_CHUNK):
                part = span[lo : lo + _AT_CHUNK]
                where = (
                    slice(part.start, part.stop)  # a view of the columns
                    if part.step == 1
                    else np.arange(part.start, part.stop, part.step)
                )
                out[lo : lo + len(part)] = self._derived(name, where)
            return out
        rows = np.asarray(rows)
        if rows.dtype == np.bool_:  # a mask: by runs of a million rows
            if rows.shape != (len(self),):
                raise IndexError(f"a mask of {rows.shape} for {len(self)} pairs")
            out = np.empty(int(np.count_nonzero(rows)))
            filled = 0
            for lo in range(0, len(self), _AT_CHUNK):
                part = self._derived(name, slice(lo, lo + _AT_CHUNK))[rows[lo : lo + _AT_CHUNK]]
                out[filled : filled + part.size] = part
                filled += part.size
            return out
        flat = rows.reshape(-1)
        out = np.empty(flat.size)
        for lo in range(0, flat.size, _AT_CHUNK):
            out[lo : lo + _AT_CHUNK] = self._derived(name, flat[lo : lo + _AT_CHUNK])
        return out.reshape(rows.shape)

    def positive(self, name: str) -> tuple[IntArray, FloatArray]:
        """Return the rows (ascending) where the column ``name`` is positive, and its values.

        As ``rows = np.flatnonzero(column > 0)`` and ``column[rows]``, without the whole column
        when it is stored sparse.
        """
        column = self._stored(name)
        if isinstance(column, _Sparse):
            keep = column.values > 0
            return column.rows[keep], column.values[keep]
        rows = np.flatnonzero(column > 0)
        return rows, column[rows]

    def _stored(self, name: str) -> Any:
        """Return the column ``name`` as it is stored (an array or :class:`_Sparse`)."""
        return getattr(self, "_" + name if name in _SPARSE_COLUMNS else name)

    def _harmed(self, rows: Any) -> IntArray | None:
        """Return where the conflict or joint harm of the contiguous ``rows`` is not 0.

        From the sparse columns: ``None`` (to be found) unless ``rows`` is a slice of step 1
        and the two conflict columns and the joint harm are stored sparse: their stored rows
        in the slice are those (a stored row may hold -0.0, which is no harm: it is left out).
        """
        stored = [self._stored(name) for name in ("conflict_a", "conflict_b", "joint_harm")]
        if not (isinstance(rows, slice) and all(isinstance(c, _Sparse) for c in stored)):
            return None
        start, stop, step = rows.indices(len(self))
        if step != 1:
            return None
        stop = max(start, stop)
        found = []
        for column in stored:
            lo, hi = np.searchsorted(column.rows, (start, stop))
            kept = column.values[lo:hi] != 0.0
            found.append(column.rows[lo:hi][kept] - start)
        merged: IntArray = np.concatenate(found).astype(np.int64, copy=False)
        merged.sort()  # three sorted runs: the union, each position once
        if merged.size < 2:
            return merged
        first: IntArray = merged[np.concatenate([[True], merged[1:] != merged[:-1]])]
        return first

    def _derived(self, name: str, rows: Any) -> Any:
        """Return the measure ``name`` of ``rows`` (a position, slice or positions)."""
        if name in _SPARSE_COLUMNS:
            column = self._stored(name)
            return column.take(rows) if isinstance(column, _Sparse) else column[rows]
        if name == "conflict":
            return self._derived("conflict_a", rows) + self._derived("conflict_b", rows)
        if name == "reinforcement":
            return _reinforcement(
                self.interdependence[rows],
                self._derived("conflict", rows),
                self._derived("joint_harm", rows),
                self.redundancy[rows],
                self._harmed(rows),
            )
        # duplication, as the engine: (d · r) · 1.0 between partners, · 0.0 within one partner
        out = self.interdependence[rows] * self.redundancy[rows]
        out *= self.between[rows]
        return out


#: The measures of :class:`PairScores` computed when read, and the rows computed at once.
_DERIVED = frozenset({"conflict", "reinforcement", "duplication"})
_AT_CHUNK = 1 << 20


@attrs.frozen
class PartnerGap:
    r"""The coordination gap between two lead partners.

    :math:`G(p,q) = \sum R(a,b)(1 - k(a,b))` over the activity pairs led by :math:`p` and
    :math:`q`; ``share`` is :math:`G / \sum R`, the alignment index points it costs.

    Examples
    --------
    The largest coordination gap of the cradle-to-career example costs its alignment index 0.066:

    >>> import collective_impact as ci
    >>> gap = ci.assess(ci.load_example("cradle-to-career")).reinforcement.partner_gaps[0]
    >>> gap.p, gap.q, gap.tie_strength, gap.pairs
    ('boys-girls-club', 'schools', 0.2, 4)
    >>> round(gap.gap, 4), round(gap.share, 4)
    (0.1822, 0.0664)
    """

    p: str
    q: str
    gap: float
    share: float
    tie_strength: float
    pairs: int


@attrs.frozen(eq=False)
class PartnerGapTable(ReadOnlyArrays):
    """Pairs of lead partners with a coordination gap, as arrays.

    ``p`` and ``q`` are partner positions (``partner_ids[p] < partner_ids[q]``). An ``ordered``
    table lists the largest gap first, ties in the gap broken by the ids, so its order does not
    depend on the order of the partner list
    (:attr:`~collective_impact.Reinforcement.partner_gap_table`). A table that is not
    ``ordered`` (:attr:`~collective_impact.Reinforcement.partner_gaps_by_pair`) lists its rows
    by the partners' positions: select rows from it and :meth:`order` only those, without
    sorting every pair of partners.

    Examples
    --------
    >>> import collective_impact as ci
    >>> table = ci.assess(ci.load_example("cradle-to-career")).reinforcement.partner_gap_table
    >>> table.ordered, table.partner_ids[table.p[0]], table.partner_ids[table.q[0]]
    (True, 'boys-girls-club', 'schools')
    >>> table.record(0)
    PartnerGap(p='boys-girls-club', q='schools', gap=0.18215125546875, share=0.06638490176014107,
               tie_strength=0.2, pairs=4)
    """

    partner_ids: tuple[str, ...]
    p: IntArray
    q: IntArray
    gap: FloatArray
    share: FloatArray
    tie_strength: FloatArray
    pairs: IntArray
    ordered: bool = True

    def __len__(self) -> int:
        return int(self.p.size)

    def record(self, k: int) -> PartnerGap:
        r"""Return row ``k`` as a :class:`PartnerGap`.

        Parameters
        ----------
        k
            The row, from 0 (the largest gap, in an ``ordered`` table) to ``len(table) - 1``;
            negative rows count from the end, as in numpy.

        Returns
        -------
        PartnerGap
            The row with partner ids instead of positions and plain ``float``/``int`` values.

        Raises
        ------
        IndexError
            When there is no row ``k``.

        Examples
        --------
        The worked example of :func:`reinforcement_scores`: :math:`R = 0.64` at coordination
        0.8 leaves a gap of :math:`0.64 \cdot 0.2 = 0.128`, a fifth of :math:`\sum R`:

        >>> import collective_impact as ci
        >>> init = ci.Initiative(
        ...     name="Two",
        ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
        ...               ci.Partner(id="q", name="Q", sector="business")],
        ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        ...     indicators=[ci.Indicator(id="i", name="I")],
        ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
        ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
        ...     ties=[ci.Tie(source="p", target="q", strength=0.8)],
        ... )
        >>> gap = reinforcement_scores(init).partner_gap_table.record(0)
        >>> gap.p, gap.q, round(gap.gap, 12), round(gap.share, 12), gap.tie_strength, gap.pairs
        ('p', 'q', 0.128, 0.2, 0.8, 1)
        """
        return PartnerGap(
            p=self.partner_ids[int(self.p[k])],
            q=self.partner_ids[int(self.q[k])],
            gap=float(self.gap[k]),
            share=float(self.share[k]),
            tie_strength=float(self.tie_strength[k]),
            pairs=int(self.pairs[k]),
        )

    def order(self, rows: IntArray | None = None, *, limit: int | None = None) -> PartnerGapTable:
        r"""Return the rows asked for, largest gap first (ties by the partners' ids).

        Gaps equal but for rounding (the same terms summed in another order, which renaming
        partners can change) are a tie, which the ids decide, not the last bit: gaps are
        compared by their groups of :func:`~._tolerance.rank_groups` (sorted, neighbours within
        a relative :math:`10^{-12}` of the larger, chained), among the rows asked for.

        Only those rows are sorted: with ``limit``, the ``limit`` largest gaps are first found
        by selection (:func:`numpy.partition`), so taking the top of a large table costs
        :math:`O(n)`, not :math:`O(n \log n)`.

        Parameters
        ----------
        rows
            Positions of rows of this table (each at most once); every row when ``None``.
        limit
            Keep at most this many rows (the largest gaps); every row asked for when ``None``.

        Returns
        -------
        PartnerGapTable
            An ``ordered`` table: the rows of this one, largest gap first; the same rows in the
            same order as :attr:`~collective_impact.Reinforcement.partner_gap_table` lists
            them.

        Examples
        --------
        Three partners, activities on one indicator, no ties: every pair of lead partners has
        the whole of its reinforcement as its gap, :math:`0.8 \cdot 0.8 = 0.64` for
        ``p``–``q`` and :math:`0.8 \cdot 0.5 = 0.4` for the other two:

        >>> import collective_impact as ci
        >>> init = ci.Initiative(
        ...     name="Three",
        ...     partners=[ci.Partner(id=x, name=x, sector="nonprofit") for x in "pqr"],
        ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        ...     indicators=[ci.Indicator(id="i", name="I")],
        ...     activities=[
        ...         ci.Activity(id=f"a{x}", name=x, partners=[x], contributes={"i": c})
        ...         for x, c in (("p", 0.8), ("q", 0.8), ("r", 0.5))
        ...     ],
        ... )
        >>> table = reinforcement_scores(init).partner_gaps_by_pair
        >>> top = table.order(limit=2)
        >>> [(top.record(k).p, top.record(k).q, round(top.record(k).gap, 12)) for k in range(2)]
        [('p', 'q', 0.64), ('p', 'r', 0.4)]
        """
        chosen = np.arange(len(self), dtype=np.int64) if rows is None else np.asarray(rows)
        chosen = chosen.astype(np.int64, copy=False)
        gap = self.gap[chosen]
        if limit is not None and chosen.size > max(limit, 0):
            if limit <= 0:
                chosen, gap = chosen[:0], gap[:0]
            else:  # every row whose gap is in the limit-th largest's group or above (ties)
                near = _top_groups(gap, limit)
                chosen, gap = chosen[near], gap[near]
        n_p = max(len(self.partner_ids), 1)
        rank = id_ranks(self.partner_ids)
        if chosen.size:
            p, q = self.p[chosen], self.q[chosen]
            chosen = chosen[_gap_order(rank_groups(gap), rank[p] * n_p + rank[q])][:limit]
        return PartnerGapTable(
            partner_ids=self.partner_ids,
            p=self.p[chosen],
            q=self.q[chosen],
            gap=self.gap[chosen],
            share=self.share[chosen],
            tie_strength=self.tie_strength[chosen],
            pairs=self.pairs[chosen],
        )


#: Values in a block of :func:`_kth_largest`'s first pass.
_KTH_BLOCK = 4096


def _top_groups(values: FloatArray, k: int) -> NDArray[np.bool_]:
    """Return which ``values`` are in the group of the ``k``-th largest or above (``1 <= k``).

    Groups as :func:`~._tolerance.rank_groups` makes them among all ``values``. The values at
    least the ``k``-th largest are found by selection (:func:`_kth_largest`, :math:`O(n)`);
    they are the top of the sorted values, so their groups are those of all the values unless
    the largest value below them is in one group with the ``k``-th largest: only then are all
    the values grouped (one sort).

    Examples
    --------
    >>> _top_groups(np.array([0.5, 2.0, 1.0, 2.0]), 2).tolist()
    [False, True, False, True]
    >>> _top_groups(np.array([0.2230238652915, 0.3, 0.22302386529149995]), 2).tolist()
    [True, True, True]
    """
    kth = _kth_largest(values, k)
    near: NDArray[np.bool_] = values >= kth
    if not near.all():
        below = float(values[~near].max())
        if np.isnan(kth) or rank_groups([below, kth])[0] == rank_groups([below, kth])[1]:
            groups = rank_groups(values)
            near = groups >= groups[near].min()
    return near


def _kth_largest(values: FloatArray, k: int) -> float:
    """Return the ``k``-th largest of ``values`` (``1 <= k <= values.size``; no NaN), by selection.

    Many values are first narrowed to those at least a lower bound of the answer: the ``k``-th
    largest of the maxima of blocks of :data:`_KTH_BLOCK` values. ``k`` blocks each hold a
    value that large, so at least ``k`` values reach it and the answer is no smaller; the
    values kept hold every value from the answer up, so their ``k``-th largest is the answer.
    The selection (:func:`numpy.partition`) then runs on those, a few times ``k`` values at
    the stress case instead of 4.5 million (0.06–0.13 s there).

    Examples
    --------
    >>> _kth_largest(np.array([0.5, 2.0, 1.0, 2.0]), 2)
    2.0
    """
    n_blocks = values.size // _KTH_BLOCK
    if n_blocks >= max(64, k):
        maxima = values[: n_blocks * _KTH_BLOCK].reshape(n_blocks, _KTH_BLOCK).max(axis=1)
        values = values[values >= -np.partition(-maxima, k - 1)[k - 1]]
    return float(-np.partition(-values, k - 1)[k - 1])


@attrs.frozen(eq=False)
class Reinforcement(ReadOnlyArrays):
    r"""The result of :func:`reinforcement_scores`.

    Attributes
    ----------
    activity_ids
        Activity ids; ``pairs.a`` and ``pairs.b`` are positions in it.
    pairs
        :class:`PairScores` of every interdependent or redundant pair.
    index
        The alignment index over pairs of activities with different lead partners, or ``None``
        when no such pair reinforces another (:math:`\sum R = 0`).
    total_interdependence, total_conflict, total_reinforcement, total_duplication
        Sums over the pairs with different lead partners (the pairs the index counts).
    total_joint_harm
        :math:`\sum h(a,b)` over the same pairs: work where both push against the agenda.
    coordinated_reinforcement
        :math:`\sum R k` over the same pairs.
    partner_gaps_by_pair
        :class:`PartnerGapTable`: every pair of lead partners with a coordination gap, as
        arrays, by the partners' positions (not ``ordered``); :attr:`partner_gap_table` lists
        them largest first.
    total_contributions
        :math:`\tilde C` (activities × indicators), from :func:`total_contributions`.
    not_running
        The activities of the initiative left out of these scores because they do not run on
        its date of judgement (:attr:`Assessment.not_running
        <collective_impact.Assessment.not_running>`), so that :meth:`pair` says so when asked
        for one of them; empty for arrays scored on their own.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("cradle-to-career")).reinforcement
    >>> round(result.index, 3), len(result.activity_ids)
    (0.566, 22)
    >>> round(result.coordinated_reinforcement / result.total_reinforcement, 3)  # the index
    0.566
    >>> scores = result.pair("reading-tutoring", "club-reading-tutoring")  # two alike programmes
    >>> round(scores["redundancy"], 3), round(scores["duplication"], 3)
    (1.0, 0.658)
    """

    activity_ids: tuple[str, ...]
    pairs: PairScores
    index: float | None
    total_interdependence: float
    total_conflict: float
    total_reinforcement: float
    total_duplication: float
    coordinated_reinforcement: float
    partner_gaps_by_pair: PartnerGapTable = attrs.field(repr=False)
    total_joint_harm: float
    total_contributions: sp.csr_array = attrs.field(repr=False)
    _arrays: ModelArrays = attrs.field(repr=False)
    _config: ScoringConfig = attrs.field(repr=False)
    # a default: a result pickled before it was recorded, or arrays scored on their own
    not_running: tuple[NotRunning, ...] = attrs.field(default=(), repr=False)
    _ordered: list[PartnerGapTable] = attrs.field(factory=list, init=False, repr=False)

    @property
    def partner_gap_table(self) -> PartnerGapTable:
        """Every pair of lead partners with a coordination gap, largest first.

        A :class:`PartnerGapTable` of arrays (see also :attr:`partner_gaps`), sorted on first
        access: 4.5 million pairs of partners take about a second at the stress case. Select
        rows from :attr:`partner_gaps_by_pair` and :meth:`~PartnerGapTable.order` them to sort
        only those.
        """
        if not self._ordered:
            self._ordered.append(self.partner_gaps_by_pair.order())
        return self._ordered[0]

    @property
    def partner_gaps(self) -> tuple[PartnerGap, ...]:
        """Every pair of lead partners with a coordination gap, largest first, as records.

        Built on each access from :attr:`partner_gap_table`; prefer the table for large
        initiatives.
        """
        table = self.partner_gap_table
        return tuple(table.record(k) for k in range(len(table)))

    def pair(self, a: str, b: str) -> dict[str, float]:
        r"""Return every score of the pair of activities ``a`` and ``b`` (in either order).

        Parameters
        ----------
        a, b
            Ids of the two activities.

        Returns
        -------
        dict of str to float
            ``interdependence``, ``conflict``, ``joint_harm``, ``redundancy``,
            ``reinforcement``, ``duplication`` and ``coordination`` (see
            :func:`reinforcement_scores`, Notes); a pair whose work does not meet scores 0 on
            all but ``coordination``.

        Raises
        ------
        NotRunningError
            When either activity is in the initiative but not scored, because it does not run
            on the date of judgement (:attr:`not_running`): the message says when it ended or
            starts. An :class:`~collective_impact.UnknownIdError` too.
        UnknownIdError
            When either activity does not exist.
        ArgumentValueError
            When ``a`` and ``b`` are the same activity: a pair is of two activities (its
            scores were zeros and a coordination of 1, as if scored).

        Examples
        --------
        The worked example of :func:`reinforcement_scores`:
        :math:`d = R = 0.8 \cdot 0.8 = 0.64` and :math:`k = 0.8`:

        >>> import collective_impact as ci
        >>> init = ci.Initiative(
        ...     name="Two",
        ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
        ...               ci.Partner(id="q", name="Q", sector="business")],
        ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        ...     indicators=[ci.Indicator(id="i", name="I")],
        ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
        ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
        ...     ties=[ci.Tie(source="p", target="q", strength=0.8)],
        ... )
        >>> scores = reinforcement_scores(init).pair("y", "x")
        >>> {name: round(value, 12) for name, value in scores.items()}
        {'interdependence': 0.64, 'conflict': 0.0, 'joint_harm': 0.0, 'redundancy': 0.0,
         'reinforcement': 0.64, 'duplication': 0.0, 'coordination': 0.8}
        >>> reinforcement_scores(init).pair("x", "z")
        Traceback (most recent call last):
        ...
        collective_impact.errors.UnknownIdError: unknown activity 'z'
        >>> reinforcement_scores(init).pair("x", "x")
        Traceback (most recent call last):
        ...
        collective_impact.errors.ArgumentValueError: a pair is of two activities, got 'x' twice: ...

        An activity that does not run on the date of judgement is not scored, and is not
        unknown either (cradle-to-career's ``financial-literacy`` ended on 2023-05-31):

        >>> result = ci.assess(ci.load_example("cradle-to-career")).reinforcement
        >>> try:
        ...     result.pair("financial-literacy", "reading-tutoring")
        ... except ci.NotRunningError as error:
        ...     print(error)
        activity 'financial-literacy' is in the initiative but not counted: it ended on
        2023-05-31, before the date of judgement 2026-09-30, so no score, gap or pair of the
        assessment counts it (see Assessment.not_running); to score it, assess on a date it
        runs (assess(as_of=...), or as_of in the file)
        """
        positions = self._arrays.activity_pos
        lo, hi = sorted(activity_position(x, positions, self.not_running) for x in (a, b))
        if lo == hi:
            raise ArgumentValueError(
                f"a pair is of two activities, got {shown(a)} twice: give two different ids",
                argument="b",
            )
        hit = np.flatnonzero((self.pairs.a == lo) & (self.pairs.b == hi))
        names = (
            "interdependence",
            "conflict",
            "joint_harm",
            "redundancy",
            "reinforcement",
            "duplication",
        )
        if hit.size:
            out = {n: float(self.pairs.at(n, hit[0])) for n in names}
            out["coordination"] = float(self.pairs.at("coordination", hit[0]))
            return out
        out = dict.fromkeys(names, 0.0)
        k = coordination(self._arrays, self._config, np.array([lo], dtype=np.int64), np.array([hi]))
        out["coordination"] = float(k[0])
        return out


# --------------------------------------------------------------------------- the engine
#
# Every score of a pair of activities is its overlap times a sum over the indicators both act on.
# The engine never looks at a pair that cannot score: a pair is a *candidate* when the two
# activities share an indicator of C̃ and their populations and places both meet (overlap > 0).
# Candidates are found by a join on tokens (indicator, population token, place token); each match
# is a triple (a, b, i) of a pair a < b and an indicator i they share. The triples are sorted
# (a, then b, then i) and each sum of a pair is accumulated over its indicators in a fixed order by
# ``np.bincount`` (a sequential sum), so every value is reproducible to the bit. The work is linear
# in the triples of the candidates, never in all the pairs that merely share an indicator, and
# memory is bounded by blocks of activities.


@attrs.frozen
class _Entries:
    r"""The non-zero entries of :math:`\tilde C` by activity, indicators *descending* in a row.

    The joint help, harm and conflict of a pair are summed over its shared indicators in
    descending order, its cosine in ascending order: the order of the sparse products of the
    first engine, whose values these are, to the bit.
    """

    indptr: IntArray  # the entries of activity a are indptr[a] <= e < indptr[a + 1]
    row: IntArray  # activity of each entry
    indicator: IntArray  # indicator of each entry
    rank: IntArray  # position of each entry in its row
    helps: FloatArray  # c̃⁺ = max(c̃, 0)
    harms: FloatArray  # c̃⁻ = max(−c̃, 0)
    helps_g: FloatArray  # g_i c̃⁺
    harms_g: FloatArray  # g_i c̃⁻
    unit: FloatArray  # c̃⁺ / ||c̃⁺_a|| (0 where c̃ < 0)
    harming: BoolArray  # whether each activity has an entry c̃ < 0
    n_indicators: int

    @property
    def size(self) -> int:
        """Number of entries."""
        return int(self.row.size)


def _entries(total: sp.csr_array, goal_weight: FloatArray) -> _Entries:
    r"""Lay the entries of :math:`\tilde C` out for the engine (one pass over them)."""
    canonical = sp.csr_array(total, copy=True)
    if canonical.dtype != np.float64:
        canonical = canonical.astype(np.float64)
    canonical.sum_duplicates()  # indices sorted, one entry per position
    canonical.eliminate_zeros()
    n, n_i = canonical.shape
    indptr = canonical.indptr.astype(np.int64)
    row = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    rank = np.arange(row.size, dtype=np.int64) - indptr[row]
    # entry e of a row takes the value of entry (first + last − e): indicators descending
    source = indptr[row + 1] - 1 - rank
    values = canonical.data[source]
    indicator = canonical.indices[source].astype(np.int64)
    helps = np.maximum(values, 0.0)
    harms = np.maximum(-values, 0.0)
    # the unit rows of c̃⁺ are computed on c̃⁺ itself, indicators ascending (see _unit_rows)
    positive = canonical.data > 0
    kept = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(row[positive], minlength=n), out=kept[1:])
    unit_rows = _unit_rows(
        sp.csr_array((canonical.data[positive], canonical.indices[positive], kept), shape=(n, n_i))
    )
    unit = np.zeros(row.size)
    unit[positive] = unit_rows.data
    g = np.asarray(goal_weight, dtype=np.float64)[indicator]
    harming = np.zeros(n, dtype=bool)
    harming[row[values < 0]] = True
    return _Entries(
        indptr=indptr,
        row=row,
        indicator=indicator,
        rank=rank,
        helps=helps,
        harms=harms,
        helps_g=helps * g,
        harms_g=harms * g,
        unit=unit[source],
        harming=harming,
        n_indicators=n_i,
    )


def _unit_rows(m: sp.csr_array) -> sp.csr_array:
    """Each row of ``m`` (non-negative) scaled to Euclidean norm 1; zero rows stay zero.

    Every row is first divided by its largest entry, so that squaring never underflows (tiny
    effects along long pathways reach 1e-160 and below): the cosine of two rows is then the dot
    product of their unit rows, within a few ulps of [0, 1] whatever the magnitudes.
    """
    counts = np.diff(m.indptr)
    peak = np.zeros(m.shape[0])
    nonempty = counts > 0
    if m.nnz:
        peak[nonempty] = np.maximum.reduceat(m.data, m.indptr[:-1][nonempty])
    row = np.repeat(np.arange(m.shape[0]), counts)
    scaled = m.data / peak[row]
    norm = np.sqrt(np.bincount(row, weights=scaled * scaled, minlength=m.shape[0]))
    unit = sp.csr_array((scaled / norm[row], m.indices.copy(), m.indptr.copy()), shape=m.shape)
    return unit


def _set_tokens(table: SetTable, unspecified: float, *, left: bool) -> tuple[IntArray, IntArray]:
    """Return the join tokens of each distinct set of ``table``, as CSR ``(indptr, tokens)``.

    Two activities' sets meet (their Jaccard overlap is positive) exactly when a left token of
    one equals a right token of the other. The tokens are the labels, and, when an unspecified
    set counts (``unspecified > 0``), two more: ``α``, a left token of every non-empty set and a
    right token of the empty set, and ``β``, the left token of the empty set and a right token
    of every set. Two non-empty sets then meet on their common labels only, and the empty set
    meets every set.
    """
    members = table.members
    n_sets, n_labels = members.shape
    sizes = np.diff(members.indptr).astype(np.int64)
    rows = [np.repeat(np.arange(n_sets, dtype=np.int64), sizes)]
    cols = [members.indices.astype(np.int64)]
    if unspecified > 0:
        alpha, beta = n_labels, n_labels + 1
        full, empty = np.flatnonzero(sizes > 0), np.flatnonzero(sizes == 0)
        rows += [full, empty] if left else [full, empty, empty]
        cols += (
            [np.full(full.size, alpha), np.full(empty.size, beta)]
            if left
            else [np.full(full.size, beta), np.full(empty.size, alpha), np.full(empty.size, beta)]
        )
    tokens = sp.csr_array(
        (np.ones(sum(r.size for r in rows)), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_sets, n_labels + 2),
    )
    tokens.sum_duplicates()
    return tokens.indptr.astype(np.int64), tokens.indices.astype(np.int64)


@attrs.frozen
class _Join:
    """The token join of the candidate pairs, prepared once per initiative.

    Every entry (a, i) has left tokens and right tokens (see :func:`_set_tokens`); the right
    tokens of all entries are sorted by (key, entry). Each left token of activity ``a`` matches
    the right tokens ``first .. first + count`` of the same key, those of entries of activities
    after ``a``.
    """

    left_indptr: IntArray  # the left tokens of activity a: left_indptr[a] .. left_indptr[a + 1]
    left_row: IntArray  # activity of each left token
    first: IntArray  # first matching right token
    count: IntArray  # number of matching right tokens
    right_entry: NDArray[np.uint32] | IntArray  # entry of each right token

    def row_cost(self, n: int) -> FloatArray:
        """Return the matches of each activity: the work (and memory) of scoring its pairs."""
        return np.bincount(self.left_row, weights=self.count, minlength=n).astype(np.float64)


def _join_dimensions(
    entries: _Entries, arrays: ModelArrays, unspecified: float
) -> list[tuple[SetTable, list[tuple[IntArray, IntArray]], int]]:
    """Return the label dimensions of the join: each table, its left and right tokens, width.

    Labels nested into very large sets would multiply the tokens: such a dimension is left out
    of the join (more candidates, the same pairs kept: every candidate's overlap is computed
    afterwards).
    """
    m = entries.size
    dimensions = []
    for table in (arrays.populations, arrays.places):
        sides = [_set_tokens(table, unspecified, left=left) for left in (True, False)]
        sets = table.of[entries.row]
        left_n, right_n = ((ptr[sets + 1] - ptr[sets]).astype(np.float64) for ptr, _ in sides)
        if m == 0 or float(np.mean(left_n * right_n)) <= _MAX_SET_TOKENS:
            width = max(int(tokens.max()) + 1 if tokens.size else 1 for _, tokens in sides)
            dimensions.append((table, sides, width))
    return dimensions


def _side_tokens(
    entries: _Entries,
    dimensions: list[tuple[SetTable, list[tuple[IntArray, IntArray]], int]],
    side: int,
) -> tuple[IntArray, IntArray]:
    """Return the join keys of the left (0) or right (1) tokens of the entries, and their entry.

    A key is the entry's indicator combined with one token of each dimension.
    """
    key = entries.indicator
    owner = np.arange(entries.size, dtype=np.int64)
    for table, sides, width in dimensions:
        indptr, tokens = sides[side]
        sets = table.of[entries.row[owner]]
        counts = indptr[sets + 1] - indptr[sets]
        key = np.repeat(key * width, counts) + tokens[_ranges(indptr[sets], counts)]
        owner = np.repeat(owner, counts)
    return key, owner


def _join(
    entries: _Entries, arrays: ModelArrays, unspecified: float, *, compiled: bool | None = None
) -> _Join:
    """Build the token join of :func:`_candidates` (linear in the entries and their tokens).

    The right tokens are sorted by (key, entry) and each left token's first match found by one
    sort of packed integers each (:func:`_sorted_tokens`), or, with the compiled kernels, by a
    counting sort and a binary search within each key (``join_tokens`` in :mod:`._kernels`):
    the same join. ``compiled`` chooses as for :func:`_score_pairs`; by default the kernel
    joins at least ``_COMPILED_JOIN_MIN`` right tokens.
    """
    m = entries.size
    n = len(entries.indptr) - 1
    dimensions = _join_dimensions(entries, arrays, unspecified)
    left_key, left_entry = _side_tokens(entries, dimensions, 0)
    right_key, right_entry = _side_tokens(entries, dimensions, 1)
    n_keys = max(
        int(left_key.max()) + 1 if left_key.size else 1,
        int(right_key.max()) + 1 if right_key.size else 1,
    )
    if n_keys >= (1 << 62) // (m + 1) or n_keys > 4 * (left_key.size + right_key.size) + 1024:
        _, inverse = np.unique(np.concatenate([left_key, right_key]), return_inverse=True)
        left_key, right_key = np.split(inverse.reshape(-1).astype(np.int64), [left_key.size])
        n_keys = int(inverse.max()) + 1 if inverse.size else 1
    left_row = entries.row[left_entry]
    del left_entry
    # the first match of a left token: its key's first right token of a later activity
    threshold = entries.indptr[left_row + 1]  # the entries of later activities
    chosen = compiled is not None
    large = right_key.size >= _COMPILED_JOIN_MIN
    compiled = _kernels.wanted(
        compiled, large, "join kernel", "joining with numpy instead", stacklevel=3
    )
    # the kernel's counting sort keeps the right tokens' order within a key: that of entries
    compiled = compiled and not bool((right_entry[1:] < right_entry[:-1]).any())
    tokens = (right_key, right_entry, n_keys, left_key, threshold, m)
    del right_key, right_entry, threshold
    if compiled:
        sorted_entry, starts, first = _join_tokens_compiled(tokens, strict=chosen)
    else:
        sorted_entry, starts, first = _sorted_tokens(*tokens)
    del tokens
    left_indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(left_row, minlength=n), out=left_indptr[1:])
    return _Join(
        left_indptr=left_indptr,
        left_row=left_row,
        first=first,
        count=starts[left_key + 1] - first,
        right_entry=sorted_entry.astype(np.uint32) if m < (1 << 32) else sorted_entry,
    )


def _join_tokens_compiled(
    tokens: tuple[Any, ...], *, strict: bool
) -> tuple[IntArray, IntArray, IntArray]:
    """:func:`_sorted_tokens` by the kernel ``join_tokens``, or by numpy if it fails to compile."""
    kernel = _kernels.kernels().join_tokens
    found: tuple[IntArray, IntArray, IntArray] = _kernels.compiled_or(
        "join kernel",
        "joining with numpy instead",
        lambda: kernel(*tokens[:5]),
        lambda: _sorted_tokens(*tokens),
        strict=strict,
        stacklevel=4,
    )
    return found


def _sorted_tokens(
    right_key: IntArray,
    right_entry: IntArray,
    n_keys: int,
    left_key: IntArray,
    threshold: IntArray,
    m: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """Sort the right tokens by (key, entry) and find each left token's first match, by sorts.

    Returns the right tokens' entries in that order, the first right token of each key
    (``n_keys + 1`` pointers) and the first right token of each left token's key whose entry is
    at least its ``threshold``: one sort of packed integers (key, entry), then the thresholds
    sorted with them (:func:`_rank_among`; ties: the threshold first).
    """
    starts = np.zeros(n_keys + 1, dtype=np.int64)
    np.cumsum(np.bincount(right_key, minlength=n_keys), out=starts[1:])
    # in place: the temporaries of the join are most of the engine's memory before the pairs
    packed = right_key * (m + 1)  # right_key may be the entries' own indicators: not in place
    packed += right_entry
    packed.sort()
    sorted_entry = packed % (m + 1)
    queries = left_key * (m + 1)
    queries += threshold
    first = _rank_among(packed, queries)
    return sorted_entry, starts, first


def _rank_among(ordered: IntArray, queries: IntArray) -> IntArray:
    """``np.searchsorted(ordered, queries)`` for non-negative integers, by one sort.

    Sorting the queries with the (sorted) values is faster than a binary search per query
    when both are large: a query's rank is its position in the merged order less the queries
    before it.
    """
    n_q = int(queries.size)
    if n_q == 0:
        return np.zeros(0, dtype=np.int64)
    top = max(int(ordered[-1]) if ordered.size else 0, int(queries.max())) + 1
    bits = max(n_q, 1).bit_length()
    if top.bit_length() + 1 + bits > 63 or n_q < 4096:
        return np.searchsorted(ordered, queries).astype(np.int64)
    # (value, 0 for a query / 1 for a value, query number): queries sort before equal values;
    # written in place into one array, without a temporary as long as either input
    merged = np.empty(n_q + ordered.size, dtype=np.int64)
    np.left_shift(queries, bits + 1, out=merged[:n_q])
    merged[:n_q] |= np.arange(n_q, dtype=np.int64)
    np.left_shift(ordered, bits + 1, out=merged[n_q:])
    merged[n_q:] |= 1 << bits
    merged.sort()
    where = np.flatnonzero((merged & (1 << bits)) == 0)  # the queries, in the merged order
    number = merged[where]
    number &= (1 << bits) - 1
    del merged
    where -= np.arange(n_q, dtype=np.int64)  # less the queries before: the rank
    rank = np.empty(n_q, dtype=np.int64)
    rank[number] = where
    return rank


def _candidates(entries: _Entries, join: _Join, lo: int, hi: int) -> tuple[IntArray, IntArray]:
    """Return every triple (a, b, i) of the candidate pairs with ``lo <= a < hi``, sorted.

    That is the activity ``a`` and the entry of ``(b, i)`` of each triple, sorted by ``a`` then
    entry (so by ``b``, then ``i`` descending). Sorting runs on one integer key per triple, in
    chunks of whole activities that stay in cache.
    """
    s, e = int(join.left_indptr[lo]), int(join.left_indptr[hi])
    count = join.count[s:e]
    total = int(count.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    start = int(entries.indptr[lo + 1])  # no later activity has an earlier entry
    span = entries.size - start
    small = (hi - lo) * span < (1 << 32) and join.right_entry.dtype == np.uint32
    dtype = np.uint32 if small else np.int64
    key = np.repeat(((join.left_row[s:e] - lo) * span - start).astype(dtype), count)
    key += join.right_entry[_ranges(join.first[s:e], count)].astype(dtype, copy=False)
    # sort in chunks of whole activities (activity a's keys lie in [a·span, (a+1)·span))
    ends = np.cumsum(np.bincount(join.left_row[s:e] - lo, weights=count, minlength=hi - lo))
    targets = np.arange(1, 1 + total // _SORT_CHUNK, dtype=np.float64) * _SORT_CHUNK
    begin = 0
    for end in [*np.unique(ends[np.searchsorted(ends, targets)]).astype(np.int64).tolist(), total]:
        if end > begin:
            key[begin:end].sort()
            begin = end
    fresh = np.empty(total, dtype=bool)  # a pair meeting on several tokens is one triple
    fresh[0] = True
    np.not_equal(key[1:], key[:-1], out=fresh[1:])
    if not fresh.all():
        key = key[fresh]
    activity, entry = np.divmod(key, dtype(span))
    return activity.astype(np.int64) + lo, entry.astype(np.int64) + start


def _row_blocks(
    total: sp.csr_array, budget: int, cost: FloatArray | None = None
) -> list[tuple[int, int]]:
    """Split activities into consecutive blocks of about ``budget`` units of work each.

    ``cost`` is the work of each activity (the engine passes its matches, so that a block holds
    about ``budget`` triples); by default, the activities sharing an indicator with it, counted
    once per shared indicator. No block materialises much more than ``budget`` values: the
    memory of the engine is bounded by the pairs it keeps.
    """
    n = total.shape[0]
    if n == 0:
        return []
    if cost is None:
        pattern = sp.csr_array((np.ones(total.nnz), total.indices, total.indptr), shape=total.shape)
        per_indicator = np.bincount(total.indices, minlength=total.shape[1]).astype(np.float64)
        cost = np.asarray(pattern @ per_indicator, dtype=np.float64).reshape(-1)
    # block k holds the activities whose work starts in [k·budget, (k+1)·budget)
    before = np.cumsum(cost) - cost
    block = np.floor(before / max(budget, 1)).astype(np.int64)
    bounds = np.flatnonzero(block[1:] != block[:-1]) + 1
    return list(itertools.pairwise([0, *bounds.tolist(), n]))


def _sums(pair: IntArray, terms: FloatArray, n_pairs: int) -> FloatArray:
    """Return the sum of the terms of each pair, added from 0 in the order given.

    ``np.bincount`` adds sequentially, as the sparse products of the first engine did.
    """
    return np.bincount(pair, weights=terms, minlength=n_pairs).astype(np.float64)


def _block_pairs(
    idx: ModelArrays,
    cfg: ScoringConfig,
    entries: _Entries,
    join: _Join,
    links: _Links,
    lo: int,
    hi: int,
    out: _Columns,
) -> None:
    """Score the kept pairs ``(a, b)``, ``lo <= a < hi``, ``a < b``, sorted by ``(a, b)``.

    The scores are written at the end of ``out``, with what the partner gaps need.
    """
    activity, entry = _candidates(entries, join, lo, hi)
    other = entries.row[entry]
    new = np.empty(activity.size, dtype=bool)
    new[:1] = True
    np.not_equal(other[1:], other[:-1], out=new[1:])
    new[1:] |= activity[1:] != activity[:-1]
    pair = np.cumsum(new) - 1
    first = np.flatnonzero(new)
    del new
    a, b = activity[first], other[first]
    n_pairs = int(first.size)
    del other
    # the entry of (a, i) of each triple: a's first entry plus the rank of i in a's row, read
    # from a map of the block's activities × indicators
    n_i = max(entries.n_indicators, 1)
    start, stop = int(entries.indptr[lo]), int(entries.indptr[hi])
    longest = int(entries.rank[start:stop].max()) + 1 if stop > start else 1
    rank_of = np.empty((hi - lo) * n_i, dtype=np.uint8 if longest <= 256 else np.int64)
    rank_of[(entries.row[start:stop] - lo) * n_i + entries.indicator[start:stop]] = entries.rank[
        start:stop
    ]
    cell = (activity - lo) * n_i
    cell += entries.indicator[entry]
    own = rank_of[cell].astype(np.int64)
    own += entries.indptr[activity]
    del cell, rank_of, activity

    # the sums of each pair (helps and harms descending in i, the cosine ascending)
    help_val = _sums(pair, entries.helps_g[own] * entries.helps[entry], n_pairs)
    harming = np.flatnonzero(entries.harming[a] | entries.harming[b])
    if harming.size:
        hit = _ranges(first[harming], np.diff(np.r_[first, pair.size])[harming])
        own_h, entry_h, pair_h = own[hit], entry[hit], pair[hit]
        harm_val = _sums(pair_h, entries.harms_g[own_h] * entries.harms[entry_h], n_pairs)
        against_a = _sums(pair_h, entries.harms_g[own_h] * entries.helps[entry_h], n_pairs)
        against_b = _sums(pair_h, entries.helps_g[own_h] * entries.harms[entry_h], n_pairs)
        del hit, own_h, entry_h, pair_h
    else:
        harm_val = against_a = against_b = np.zeros(n_pairs)
    same = np.flatnonzero((idx.strategy[a] == idx.strategy[b]) & (idx.strategy[a] >= 0))
    alike = _ranges(first[same], np.diff(np.r_[first, pair.size])[same])[::-1]
    dot = _sums(pair[alike], entries.unit[own[alike]] * entries.unit[entry[alike]], n_pairs)
    del pair, own, entry, alike, first, same

    # only pairs with a positive sum can score (overlap and cosines are non-negative)
    candidate = (help_val > 0) | (dot > 0)
    if harming.size:
        candidate |= (harm_val > 0) | (against_a > 0) | (against_b > 0)
    if not candidate.all():
        a, b = a[candidate], b[candidate]
        help_val, dot, harm_val = help_val[candidate], dot[candidate], harm_val[candidate]
        against_a, against_b = against_a[candidate], against_b[candidate]
    del candidate

    overlap = jaccard(idx.populations, a, b, cfg.unspecified_overlap)
    overlap *= jaccard(idx.places, a, b, cfg.unspecified_overlap)
    _check_range("overlap", overlap, 0.0, 1.0)
    cosine = dot  # of unit rows (see _unit_rows)
    # cosines of non-negative vectors lie in [0, 1]; rounding may overshoot 1 by an ulp
    _check_range("cosine", cosine, 0.0, 1.0)
    # identical directions give a cosine of 1 up to rounding (1 - 1e-16): snap it, so that exact
    # duplicates have exactly zero reinforcement instead of float noise
    cosine[cosine > 1.0 - _COSINE_SNAP] = 1.0
    redundancy = cosine * overlap
    interdependence = overlap * help_val
    keep = (interdependence > 0) | (redundancy > 0)
    if harming.size:
        joint_harm = overlap * harm_val
        conflict_a = overlap * against_a
        conflict_b = overlap * against_b
        conflict = conflict_a + conflict_b
        keep |= (conflict > 0) | (joint_harm > 0)
    else:
        joint_harm = conflict_a = conflict_b = np.zeros(a.size)
    del overlap, help_val, dot, cosine, harm_val, against_a, against_b
    n = int(keep.sum())
    put = out.writer(keep if n < keep.size else None, n)
    a, b = put("a", a), put("b", b)
    put("interdependence", interdependence)
    put("redundancy", redundancy)
    put("conflict_a", conflict_a)
    put("conflict_b", conflict_b)
    put("joint_harm", joint_harm)
    np.not_equal(idx.lead[a], idx.lead[b], out=put("between"))
    # conflict, reinforcement and duplication are derived when read: see PairScores.at
    put("coordination", links(a, b), chosen=True)
    out.advance(n)


class _CompiledBlocks:
    """:func:`_block_pairs` by the compiled kernel of :mod:`._kernels`: the same rows, to the bit.

    The kernel reads the same prepared arrays (entries, join, the coordination links and the
    overlap tables of every pair of label sets) and writes a block's rows into scratch columns,
    copied into the result in the order of the blocks (see :meth:`run`).
    """

    def __init__(
        self, idx: ModelArrays, cfg: ScoringConfig, entries: _Entries, join: _Join, links: _Links
    ) -> None:
        self.kernel = _kernels.kernels().score_block
        self.n_indicators = entries.n_indicators
        self.ints = (
            entries.indptr,
            entries.row,
            entries.indicator,
            np.ascontiguousarray(idx.strategy, dtype=np.int64),
            join.left_indptr,
            join.first,
            join.count,
        )
        self.right_entry = join.right_entry  # uint32 below 2³² entries: half the memory
        self.sums = (  # of the first activity (its entries on the second's are in ent)
            entries.helps_g,
            entries.harms_g,
            entries.unit,
            entries.harming,
        )
        self.tables = (
            np.ascontiguousarray(idx.populations.of, dtype=np.int64),
            _jaccard_grid(idx.populations, cfg.unspecified_overlap),
            np.ascontiguousarray(idx.places.of, dtype=np.int64),
            _jaccard_grid(idx.places, cfg.unspecified_overlap),
            np.ascontiguousarray(idx.lead, dtype=np.int64),
            np.ascontiguousarray(links.of, dtype=np.int64),
            links.member_ptr,
            links.member,
            links.link_ptr,
            links.link_to,
            links.link_value,
            links.reach,
            float(links.floor),
            max(len(idx.partner_ids), 1),
        )
        # what the kernel reads of the second activity of a pair: one record per activity and
        # one per entry, read together
        self.act = np.ascontiguousarray(
            np.stack(
                [
                    entries.indptr[:-1],
                    entries.indptr[1:],
                    self.ints[3],
                    entries.harming.astype(np.int64),
                    self.tables[4],
                    self.tables[5],
                    self.tables[0],
                    self.tables[2],
                ],
                axis=1,
            )
        )
        self.ent = np.ascontiguousarray(
            np.stack(
                [entries.indicator.astype(np.float64), entries.helps, entries.harms, entries.unit],
                axis=1,
            )
        )

    def run(self, blocks: list[tuple[int, int]], cost: FloatArray, out: _Columns, bar: Any) -> None:
        """Score ``blocks`` into ``out``, in order, a few blocks at a time on separate threads.

        Each thread writes its block into its own scratch columns (the kernel releases the
        GIL); the rows are then copied to ``out`` in the order of the blocks, so the result
        does not depend on the threads. One block more than threads is in flight: while this
        thread copies a block's rows (and the system maps the pages of ``out``, half of the
        engine's time at the stress case), the threads score the next ones.
        """
        widest = max((int(cost[lo:hi].sum()) for lo, hi in blocks), default=0)
        work, done = float(cost.sum()), 0.0
        workers = max(1, min(_COMPILED_THREADS, len(blocks), _kernels.usable_cpus()))
        # scratch columns of the widest block's matches (a bound on its pairs, 2.5 times them
        # at the stress case): not zero-filled, so the system maps only the rows written
        free = [
            _Columns(_KERNEL_COLUMNS, size=widest) for _ in range(min(workers + 1, len(blocks)))
        ]
        pending: collections.deque[tuple[Any, _Columns, float]] = collections.deque()

        def take() -> None:  # the oldest block in flight, into out
            nonlocal done
            future, columns, block_cost = pending.popleft()
            n, ranges = future.result()
            done += block_cost
            _check_kernel_ranges(ranges)
            # grow the columns to the rows expected at the rate so far (a few resizes, little
            # unused)
            rate = work / done * 1.05 if done else 0.0
            out.reserve(n, expected=int((n + out.filled) * rate))
            put = out.writer(None, n)
            for name in (*out.columns, *out.sparse):
                put(name, columns.columns[name][:n])
            out.advance(n)
            free.append(columns)
            if bar is not None:
                bar.update(1)

        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            try:
                for lo, hi in blocks:
                    if not free:
                        take()
                    columns = free.pop()
                    future = pool.submit(self.block, lo, hi, columns)
                    pending.append((future, columns, float(cost[lo:hi].sum())))
                while pending:
                    take()
            finally:  # on an error, no block still running writes into a column
                for future, _, _ in pending:
                    future.cancel()
                concurrent.futures.wait([future for future, _, _ in pending])

    def block(self, lo: int, hi: int, into: _Columns) -> tuple[int, list[float]]:
        """Score the block ``lo .. hi`` into the first rows of ``into``.

        Returns the rows written, and the smallest and largest overlap, cosine and
        coordination met, and 1 if a NaN was met (see :func:`_check_kernel_ranges`).
        """
        c = into.columns
        ranges = np.zeros(7)
        n = self.kernel(
            lo,
            hi,
            self.sums,
            self.ints,
            *self.tables,
            _COSINE_SNAP,
            (c["a"], c["b"]),
            tuple(c[name] for name in _KERNEL_FLOATS),
            c["between"],
            0,
            self.n_indicators,
            ranges,
            self.act,
            self.ent,
            self.right_entry,
        )
        return int(n), ranges.tolist()


class _Columns:
    """The columns of :class:`PairScores`, filled block by block without a copy at the end.

    The columns grow as blocks need them (:meth:`reserve`, by at least half each time) and are
    resized in place: for large arrays ``realloc`` moves pages instead of copying them, so
    neither the peak memory nor the address space reserved is more than the pairs found
    (reserving for every match of the join made the stress case ask for 2.8 GB of address
    space, and a ring of pathways for 5 GB).
    """

    def __init__(self, names: Sequence[str] | None = None, *, size: int = 0) -> None:
        """Start columns ``names`` (all dense), by default those of :class:`PairScores`.

        The default columns of :data:`_SPARSE_COLUMNS` start sparse (:class:`_SparseColumn`)
        and become dense when a block leaves more than half of the rows so far non-zero.
        ``size`` rows are allocated at once, not zero-filled (scratch columns).
        """
        dtypes = {"a": np.int64, "b": np.int64, "between": np.bool_}
        sparse = _SPARSE_COLUMNS if names is None else ()
        self.columns: dict[str, NDArray[Any]] = {
            name: np.empty(size, dtype=dtypes.get(name, np.float64))
            for name in (_STORED_COLUMNS if names is None else names)
            if name not in sparse
        }
        self.sparse = {name: _SparseColumn() for name in sparse}
        self.filled = 0

    def reserve(self, n: int, expected: int = 0) -> None:
        """Make room for ``n`` more rows.

        When the columns must grow, they grow to hold ``expected`` more rows if that is more
        (an estimate of the rows still to come), else by half. Rows reserved are rows
        zero-filled (``ndarray.resize``), so the estimate should be close.
        """
        _grow(list(self.columns.values()), self.filled, n, expected)

    def writer(self, keep: BoolArray | None, n: int) -> Callable[..., NDArray[Any]]:
        """Return ``put(name, values=None, *, chosen=False)``, the next ``n`` rows of a column.

        ``put`` fills them with the kept ``values`` when given (``keep`` is ``None`` when
        every value is kept; ``chosen`` when ``values`` are of the kept rows already). A column
        kept sparse must be given its values.
        """
        start = self.filled

        def put(name: str, values: NDArray[Any] | None = None, *, chosen: bool = False) -> Any:
            select = None if chosen else keep
            column = self.columns.get(name)
            sparse = self.sparse.get(name)
            if sparse is not None:  # the block's own values, of which the non-zero are kept
                if values is None:
                    raise ValueError(f"the values of the sparse column {name!r} must be given")
                kept = values if select is None else np.compress(select, values)
                sparse.append(start, kept)
                return kept
            if column is None:
                raise KeyError(f"no column {name!r} (derived measures are not stored)")
            dest = column[start : start + n]
            if values is not None:
                if select is None:
                    np.copyto(dest, values)
                else:
                    np.compress(select, values, out=dest)
            return dest

        return put

    def advance(self, n: int) -> None:
        """Take the rows just written; a sparse column more than half non-zero becomes dense."""
        self.filled += n
        if self.filled < _SPARSE_MIN_ROWS:
            return
        for name, sparse in list(self.sparse.items()):
            if 2 * sparse.filled > self.filled:  # dense is smaller: 8 bytes a row, not 16
                # as many rows as the dense columns reserved (reserve grows them all at once)
                self.columns[name] = sparse.dense(self.columns["a"].size)
                del self.sparse[name]

    def pairs(self) -> PairScores:
        """Return the scores written (the columns, cut to the rows filled)."""
        for column in self.columns.values():
            column.resize(self.filled, refcheck=False)
        stored: dict[str, Any] = dict(self.columns)
        stored.update((name, column.finish(self.filled)) for name, column in self.sparse.items())
        return PairScores(**stored)


class _SparseColumn:
    """A column of :class:`_Columns` kept as its non-zero rows and values, block by block."""

    def __init__(self) -> None:
        """Start empty."""
        self.rows = np.empty(0, dtype=np.int64)
        self.values = np.empty(0)
        self.filled = 0

    def append(self, start: int, values: FloatArray) -> None:
        """Keep the values of rows ``start, start + 1, …`` whose bits are not those of +0.0."""
        values = np.ascontiguousarray(values, dtype=np.float64)
        nonzero = _kept_rows(values)
        end = self.filled + nonzero.size
        _grow([self.rows, self.values], self.filled, nonzero.size, 0)
        np.add(nonzero, start, out=self.rows[self.filled : end])
        np.take(values, nonzero, out=self.values[self.filled : end])
        self.filled = end

    def dense(self, size: int) -> FloatArray:
        """Return the column as ``size`` dense rows (zero beyond the rows kept)."""
        out = np.zeros(size)
        out[self.rows[: self.filled]] = self.values[: self.filled]
        return out

    def finish(self, size: int) -> _Sparse:
        """Return the column of ``size`` rows as :class:`_Sparse` (cut to the values kept)."""
        self.rows.resize(self.filled, refcheck=False)
        self.values.resize(self.filled, refcheck=False)
        return _Sparse(size=size, rows=self.rows, values=self.values)


def _grow(columns: list[NDArray[Any]], filled: int, n: int, expected: int) -> None:
    """Grow ``columns`` (of one size, ``filled`` rows used) in place to take ``n`` more rows.

    To ``filled + expected`` rows when that is more, else by half (at least 1,024 rows).
    """
    need = filled + n
    size = columns[0].size
    if need <= size:
        return
    size = max(need, filled + expected if expected else size + size // 2, 1024)
    for column in columns:
        column.resize(size, refcheck=False)  # no view of a column outlives a block


def _check_kernel_ranges(ranges: list[float]) -> None:
    """Check the values the kernel met, as :func:`_block_pairs` checks its own.

    ``ranges`` holds the smallest and largest overlap, cosine (before it is snapped) and
    coordination of a block's pairs (``inf``, ``-inf`` when it had none), and 1 when one of
    them was NaN, which a smallest and a largest value would pass over.
    """
    if ranges[6]:
        _check_range("overlap, cosine or coordination", np.array([np.nan]), 0.0, 1.0)
    for j, name in enumerate(("overlap", "cosine", "coordination")):
        low, high = ranges[2 * j], ranges[2 * j + 1]
        if low <= high:  # the block had such values
            _check_range(name, np.array([low, high]), 0.0, 1.0)


def _check_range(name: str, values: FloatArray, lo: float, hi: float) -> None:
    """Fail loudly when a score leaves its range by more than rounding (a bug, never clipped).

    Values within ``1e-9`` of the range are rounding and are accepted as they are; anything
    further out means a formula is wrong, and hiding it with a clip would report a wrong number.
    """
    if values.size == 0:
        return
    low, high = float(values.min()), float(values.max())
    if not (low >= lo - _RANGE_SLACK and high <= hi + _RANGE_SLACK):
        raise AssertionError(
            f"internal error: {name} outside [{lo}, {hi}] (min {low!r}, max {high!r})"
        )


_PAIR_COLUMNS = (
    "a",
    "b",
    "interdependence",
    "conflict",
    "conflict_a",
    "conflict_b",
    "joint_harm",
    "redundancy",
    "reinforcement",
    "duplication",
    "between",
)
#: The float columns the compiled kernel writes, in its order (``columns_f[0]`` … ``[8]``).
_KERNEL_FLOATS = (*_PAIR_COLUMNS[2:-1], "coordination")
#: Every column the kernel writes (into its scratch columns).
_KERNEL_COLUMNS = (*_PAIR_COLUMNS, "coordination")
#: The columns of :class:`PairScores` (the others are derived when read).
_STORED_COLUMNS = tuple(
    c for c in _KERNEL_COLUMNS if c not in {"conflict", "reinforcement", "duplication"}
)


def _reinforcement(
    interdependence: Any,
    conflict: Any,
    joint_harm: Any,
    redundancy: Any,
    harmed: IntArray | None = None,
) -> Any:
    """Return ``R = max(0, d - conflict - h) · (1 - r)``, elementwise, as the kernel does.

    ``d - conflict - h`` is the pair's net joint work on the agenda: its joint help less the
    work opposed (conflict) and the harm done together (joint harm ``h``). Joint harm cancels
    joint help as conflict does; it was left out (``max(0, d - conflict)``), so one
    activity's harm done alongside another's scored better than its help against it. The net
    is of help and harm: where conflict or joint harm is not 0 it is judged beyond rounding
    (:func:`._tolerance.positive` of the net and ``d + conflict + h``: within
    :data:`._tolerance.THRESHOLD_TOLERANCE` times that, or below :data:`._tolerance.TINY`,
    it is 0), so that help and harm that cancel on paper reinforce nothing (help 0.1 + 0.2
    against a conflict of 0.3 left ``R = 5.6e-17``: the pair counted as reinforcing, an
    alignment index and a coordination gap stood on rounding, and the phase came out III
    instead of II). Where both are 0, ``R = d (1 - r)``: help alone, kept however small.
    ``harmed``: the positions where conflict or joint harm is not 0, when the caller knows
    them (the rows of the sparse columns); found otherwise. One place for the formula of the
    numpy engine and of :meth:`PairScores.at`; the compiled kernel writes the same operations
    in the same order (``tests/test_kernels.py``).
    """
    d = np.atleast_1d(interdependence)
    c = np.broadcast_to(np.asarray(conflict, dtype=np.float64), d.shape)
    h = np.broadcast_to(np.asarray(joint_harm, dtype=np.float64), d.shape)
    out = np.subtract(d, c)
    out -= h
    at = np.flatnonzero((c != 0.0) | (h != 0.0)) if harmed is None else harmed
    if at.size:  # a few per cent of the pairs: the test on those rows only
        scale = d[at] + c[at]
        scale += h[at]
        out[at[~positive(out[at], scale)]] = 0.0
    out *= 1.0 - redundancy
    return out if np.ndim(interdependence) else out[0]  # one pair: a number


def _pair_scores(
    idx: ModelArrays,
    cfg: ScoringConfig,
    total: sp.csr_array,
    *,
    budget: int | None = None,
    progress: bool = False,
    compiled: bool | None = None,
) -> PairScores:
    """Score every interdependent or redundant pair, block of activities by block."""
    return _score_pairs(
        idx, cfg, total, budget=budget, progress=progress, compiled=compiled
    ).pairs()


def _score_pairs(
    idx: ModelArrays,
    cfg: ScoringConfig,
    total: sp.csr_array,
    *,
    budget: int | None = None,
    progress: bool = False,
    compiled: bool | None = None,
) -> _Columns:
    """Score every pair as :func:`_pair_scores`, into the columns (:meth:`_Columns.pairs`).

    ``compiled`` chooses the compiled kernels (``True``) or numpy (``False``); by default the
    kernels run when numba is installed and the work is at least ``COMPILED_MIN_WORK`` matches.
    Both give the same scores to the bit.
    """
    entries = _entries(total, idx.goal_weight)
    join = _join(entries, idx, cfg.unspecified_overlap)
    links = _Links(idx, cfg)
    n = total.shape[0]
    cost = join.row_cost(n)
    chosen = compiled is not None
    # the kernel reads overlaps from tables of every pair of sets: not for very many sets
    tables = max(idx.populations.members.shape[0], idx.places.members.shape[0]) <= (
        _DENSE_SET_LIMIT
    )
    large = float(cost.sum()) >= COMPILED_MIN_WORK and tables
    compiled = tables and _kernels.wanted(
        compiled, large, "pair kernel", "scoring with numpy instead"
    )
    if budget is None:  # the kernel's threads hold a block each: smaller blocks
        budget = _PAIR_BUDGET // _COMPILED_THREADS if compiled else _PAIR_BUDGET
    blocks = _row_blocks(total, budget, cost)
    # the map of a block's activities × indicators stays small
    most = max(1, _MAP_LIMIT // max(entries.n_indicators, 1))
    blocks = [(s, min(s + most, hi)) for lo, hi in blocks for s in range(lo, hi, most)]

    def with_kernel() -> _Columns:
        with _blocks_bar(blocks, progress) as bar:
            out = _Columns()
            _CompiledBlocks(idx, cfg, entries, join, links).run(blocks, cost, out, bar)
        return out

    def with_numpy() -> _Columns:
        with _blocks_bar(blocks, progress) as bar:
            out = _Columns()
            work, done = float(cost.sum()), 0.0
            for lo, hi in blocks:
                # the block's matches bound its pairs; the rate so far estimates the rest
                bound = float(cost[lo:hi].sum())
                rest = out.filled / done * (work - done) * 1.05 if done else 0.0
                out.reserve(int(bound), expected=int(bound + rest))
                done += bound
                _block_pairs(idx, cfg, entries, join, links, lo, hi, out)
                if bar is not None:
                    bar.update(1)
        return out

    if not compiled:
        return with_numpy()
    return _kernels.compiled_or(
        "pair kernel",
        "scoring with numpy instead",
        with_kernel,
        with_numpy,
        strict=chosen,  # asked for explicitly: no fallback
        stacklevel=2,
    )


@contextlib.contextmanager
def _blocks_bar(blocks: list[tuple[int, int]], progress: bool) -> Iterator[Any]:
    """Yield a progress bar over ``blocks`` when ``progress`` is true (else ``None``); close it."""
    bar = progress_bar(len(blocks), desc="scoring pairs", unit="block") if progress else None
    try:
        yield bar
    finally:
        if bar is not None:
            bar.close()


def reinforcement_scores(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    as_of: dt.date | None = None,
    progress: bool = False,
) -> Reinforcement:
    r"""Score how mutually reinforcing the activities of an initiative are.

    The scores :func:`~collective_impact.assess` reports, and no others: of the canonical form
    of the initiative (positions follow the ids, not the order of its lists) without the
    activities that do not run on the date of judgement. (It scored every activity, whatever
    its dates, in the order given: for the cradle-to-career example an index of 0.6001 where
    ``assess`` reports 0.5660, and a result that changed in its last bits when the lists were
    shuffled.) To score arrays of your own, use :func:`reinforcement_from_arrays`.

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object, whose reinforcement
        is returned, computed once.
    config
        Weights and thresholds; the defaults of :class:`~collective_impact.ScoringConfig`. With
        a prepared object, its own (``config`` must then be ``None`` or equal to it).
    as_of
        The date of judgement, as for :func:`~collective_impact.assess` (by default the
        initiative's own, else its latest observation). With a prepared object, its own.
    progress
        Show a tqdm progress bar over the blocks of activities scored (useful from about
        100,000 activities, where scoring takes tens of seconds). A prepared object uses its own
        setting.

    Returns
    -------
    Reinforcement

    Raises
    ------
    PathwayError
        When the pathway series does not converge.
    ArgumentTypeError
        When ``initiative`` is neither an initiative nor a prepared one, or ``config`` not a
        :class:`~collective_impact.ScoringConfig`.
    ArgumentValueError
        When a different ``config`` is given with a prepared object.

    Notes
    -----
    With :math:`\tilde c_a` the row of :math:`\tilde C = C(I-\lambda W)^{-1}` for activity
    :math:`a` (signed effects *in each indicator's desired direction*), its helping and harming
    parts :math:`\tilde c^+ = \max(\tilde c, 0)`, :math:`\tilde c^- = \max(-\tilde c, 0)`,
    :math:`g_i` the goal weight of indicator :math:`i` and
    :math:`o(a,b) = J(\text{populations}) \cdot J(\text{places})` (Jaccard of the labels with
    everything declared within them; an empty set counts ``unspecified_overlap``):

    .. math::

        d(a,b) &= o(a,b) \sum_i g_i\, \tilde c^+_{ai} \tilde c^+_{bi}
            \quad\text{(interdependence: joint help only)} \\
        \mathrm{conflict}(a,b) &= o(a,b) \sum_i g_i
            (\tilde c^-_{ai} \tilde c^+_{bi} + \tilde c^+_{ai} \tilde c^-_{bi}) \\
        h(a,b) &= o(a,b) \sum_i g_i\, \tilde c^-_{ai} \tilde c^-_{bi}
            \quad\text{(joint harm: never reinforcement)} \\
        r(a,b) &= [s_a = s_b \neq \varnothing]\, \cos(\tilde c^+_a, \tilde c^+_b)\, o(a,b) \\
        R(a,b) &= \max(0, d - \mathrm{conflict} - h)\,(1 - r) \\
        D(a,b) &= d\, r \, [\text{lead}_a \neq \text{lead}_b]

    and the coordination :math:`k(a,b)` of :func:`coordination`. :math:`R` is the pair's net
    joint work on the agenda: its joint help less the work opposed and the harm done together
    (a net within ``1e-9`` of :math:`d + \mathrm{conflict} + h` is 0: help and harm that
    cancel on paper). Joint harm cancels joint help as conflict does, so an activity's harm
    done alongside another's never scores better than its help against it. The alignment
    index is :math:`\sum R k / \sum R` over the unordered pairs whose lead partners differ (mutual
    reinforcement is between partners: one partner's own activities are coordinated by
    construction and would make a one-partner initiative look perfectly aligned); it is
    undefined (``None``) when :math:`\sum R = 0`. The partner coordination gap is
    :math:`G(p,q) = \sum R (1-k)` over the pairs led by :math:`p` and :math:`q`.

    Every value is checked to lie in its range (up to rounding of ``1e-9``) before any value
    is snapped or floored: a value out of range is a bug and raises, it is never clipped.

    Worked example: two partners tied at strength 0.8, one activity each, both contributing
    +0.8 to the only agenda indicator (goal weight 1), no populations or places (overlap 1),
    different strategies (r = 0): :math:`d = 1 \cdot 0.8 \cdot 0.8 = 0.64`, conflict 0,
    :math:`R = 0.64`, :math:`k = 0.8`, index :math:`0.64 \cdot 0.8 / 0.64 = 0.8`. With both at
    −0.8 instead, :math:`d = 0`, :math:`h = 0.64`, :math:`R = 0` and the index is undefined.

    References
    ----------
    .. [1] Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
       Review* 9(1), 36–41.
    .. [2] Wright, S. (1934). The method of path coefficients. *Annals of Mathematical
       Statistics* 5(3), 161–215.

    Examples
    --------
    The worked example above:

    >>> import collective_impact as ci
    >>> def two(c):
    ...     return ci.Initiative(
    ...         name="Two",
    ...         partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...                   ci.Partner(id="q", name="Q", sector="business")],
    ...         goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...         indicators=[ci.Indicator(id="i", name="I")],
    ...         activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": c}),
    ...                     ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": c})],
    ...         ties=[ci.Tie(source="p", target="q", strength=0.8)],
    ...     )
    >>> result = reinforcement_scores(two(0.8))
    >>> {k: round(v, 12) for k, v in result.pair("x", "y").items() if v}
    {'interdependence': 0.64, 'reinforcement': 0.64, 'coordination': 0.8}
    >>> round(result.index, 12)
    0.8
    >>> harm = reinforcement_scores(two(-0.8))
    >>> round(harm.total_joint_harm, 12), harm.index
    (0.64, None)
    """
    expect_config(config)
    if not isinstance(initiative, Initiative):  # a Prepared object
        from .prepared import Prepared  # a cycle: a prepared object scores with this module

        expect_type(
            initiative,
            Prepared,
            argument="initiative",
            expected="an Initiative or a Prepared",
        )
        if config is not None and config != initiative.config:
            raise ArgumentValueError(
                "config differs from the prepared object's config", argument="config"
            )
        if as_of is not None:
            raise ArgumentValueError(
                "a prepared object has its own date of judgement: pass as_of to prepare()",
                argument="as_of",
            )
        return initiative.reinforcement
    from .prepared import prepare

    return prepare(initiative, config=config, as_of=as_of, progress=progress).reinforcement


def reinforcement_from_arrays(
    arrays: ModelArrays,
    *,
    config: ScoringConfig | None = None,
    total: sp.csr_array | None = None,
    progress: bool = False,
    not_running: Sequence[NotRunning] = (),
) -> Reinforcement:
    r"""Score the pairs of activities of an initiative's arrays (the engine of the scores).

    :func:`reinforcement_scores` and :attr:`~collective_impact.Prepared.reinforcement` call it;
    call it directly to score arrays you built or changed yourself (the null test does).

    Parameters
    ----------
    arrays
        The arrays of an initiative (see :attr:`~collective_impact.Prepared.arrays`).
    config
        Weights and thresholds; the defaults of :class:`~collective_impact.ScoringConfig`.
    total
        :math:`\tilde C` of ``arrays`` when already computed (with ``config.pathway_weight``);
        computed by :func:`total_contributions` otherwise.
    progress
        Show a tqdm progress bar over the blocks of activities scored.
    not_running
        The activities of the initiative left out of ``arrays`` because they do not run on its
        date of judgement (:attr:`Prepared.not_running
        <collective_impact.Prepared.not_running>`): kept in the result, so that
        :meth:`Reinforcement.pair` says so of them rather than "unknown activity".

    Returns
    -------
    Reinforcement
        Positions follow ``arrays``.

    Raises
    ------
    PathwayError
        When the pathway series does not converge.

    References
    ----------
    .. [1] Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
       Review* 9(1), 36–41.

    Examples
    --------
    Two partners tied at 0.8, one activity each, both contributing +0.8 to the only agenda
    indicator: :math:`R = d = 0.8 \cdot 0.8 = 0.64`, :math:`k = 0.8`, so the index is 0.8.

    >>> import collective_impact as ci
    >>> from collective_impact.analysis._arrays import build_arrays
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
    ...     ties=[ci.Tie(source="p", target="q", strength=0.8)],
    ... )
    >>> result = reinforcement_from_arrays(build_arrays(init))
    >>> round(result.total_reinforcement, 12), round(result.index, 12)
    (0.64, 0.8)
    """
    cfg = config if config is not None else ScoringConfig()
    idx = arrays
    if total is None:
        total = total_contributions(idx, cfg.pathway_weight)

    pairs = _score_pairs(idx, cfg, total, progress=progress).pairs()
    between = pairs.between

    def total_of(name: str) -> float:  # the sum over the pairs the index counts
        return float(pairs.at(name, between).sum())  # derived ones for those pairs only

    counted = pairs.at("reinforcement", between)  # R of the pairs the index counts, once
    total_r = float(counted.sum())
    taken = [counted]
    del counted  # taken: freed as soon as it is summed
    grouped, coordinated = _lead_pair_sums(idx, pairs, between, taken)
    gaps = _partner_gaps(idx, grouped, total_r)
    alignment = coordinated / total_r if total_r > 0 else None
    if alignment is not None:
        _check_range("alignment index", np.array([alignment]), 0.0, 1.0)
    return Reinforcement(
        activity_ids=idx.activity_ids,
        pairs=pairs,
        index=alignment,
        total_interdependence=total_of("interdependence"),
        total_conflict=total_of("conflict"),
        total_reinforcement=total_r,
        total_duplication=total_of("duplication"),
        coordinated_reinforcement=coordinated,
        total_joint_harm=total_of("joint_harm"),
        partner_gaps_by_pair=gaps,
        total_contributions=total,
        arrays=idx,
        config=cfg,
        not_running=tuple(not_running),
    )


def _gap_terms(
    idx: ModelArrays, pairs: PairScores, between: BoolArray, counted: FloatArray
) -> list[NDArray[Any]]:
    r"""Return ``[keys, losses]``: what the coordination gaps of lead partners sum.

    For each pair between partners whose reinforcement is positive, in the order of the pairs,
    the key ``min(p, q) · n_partners + max(p, q)`` of its lead partners and the loss
    :math:`R(1-k)`; ``counted`` is :math:`R` of the pairs ``between`` partners, in order
    (``pairs.at("reinforcement", between)``). A million pairs at a time, so that nothing but
    the keys and losses is as long as the pairs. The losses are the engine's values to the bit:
    :math:`R` and :math:`k` as :class:`PairScores` gives them, multiplied as the engine did.
    """
    n_p = max(len(idx.partner_ids), 1)
    lead = np.asarray(idx.lead, dtype=np.int64)
    size = int(np.count_nonzero(counted > 0))
    keys, losses = np.empty(size, dtype=np.int64), np.empty(size)
    filled = taken = 0
    for lo in range(0, len(pairs), _AT_CHUNK):
        rows = np.flatnonzero(between[lo : lo + _AT_CHUNK])
        r = counted[taken : taken + rows.size]
        taken += rows.size
        reinforcing = r > 0
        rows, r = rows[reinforcing], r[reinforcing]
        end = filled + rows.size
        lead_a = lead[pairs.a[lo : lo + _AT_CHUNK][rows]]
        lead_b = lead[pairs.b[lo : lo + _AT_CHUNK][rows]]
        np.minimum(lead_a, lead_b, out=keys[filled:end])
        keys[filled:end] *= n_p
        keys[filled:end] += np.maximum(lead_a, lead_b)
        k = pairs.at("coordination", slice(lo, lo + _AT_CHUNK))[rows]
        np.multiply(r, 1.0 - k, out=losses[filled:end])
        filled = end
    return [keys, losses]


def _lead_pair_sums(
    idx: ModelArrays,
    pairs: PairScores,
    between: BoolArray,
    taken: list[FloatArray],
    *,
    compiled: bool | None = None,
) -> tuple[tuple[IntArray, FloatArray, IntArray], float]:
    r"""Sum :math:`R(1-k)` by unordered pair of lead partners, and :math:`R k` over the pairs.

    ``taken`` holds :math:`R` of the pairs ``between`` partners, in order; it is taken from the
    list and freed once summed. Returns the keys ``min(p, q) · n_partners + max(p, q)``
    (ascending) of the pairs of partners with a gap, each summing the losses :math:`R(1-k)` of
    the reinforcing pairs between them in the order of the pairs, from 0 (kept when the sum is
    positive), with the number of pairs of each; and :math:`\sum R k`, the coordinated
    reinforcement (``counted *= k``, then its sum).

    With numpy, the terms of every reinforcing pair are listed (:func:`_gap_terms`) and grouped
    by one sort (:func:`_group_sums`). With the compiled kernels (numba, the extra ``fast``),
    passes over the pairs bucket the terms by ``p`` and sum each bucket by ``q``, multiplying
    :math:`R` by :math:`k` on the way (``partner_gap_sums`` in :mod:`._kernels`): no list of the
    7.6 million terms of the stress case (122 MB), no sort of them, and no second read of the
    coordination. The same sums to the bit. ``compiled`` chooses as for :func:`_score_pairs`;
    by default the kernel sums at least ``_COMPILED_GAPS_MIN`` pairs.
    """
    (counted,) = taken
    taken.clear()
    n_p = max(len(idx.partner_ids), 1)
    chosen = compiled is not None
    large = len(pairs) >= _COMPILED_GAPS_MIN
    compiled = _kernels.wanted(
        compiled, large, "partner-gap kernel", "summing with numpy instead", stacklevel=3
    )
    lead = np.asarray(idx.lead)
    if compiled and n_p < 1 << 31 and (lead.size == 0 or 0 <= lead.min() <= lead.max() < n_p):
        # (the kernel does not check its bounds: leads that are not partners never reach it)
        grouped = _lead_pair_sums_compiled(idx, pairs, between, counted, strict=chosen)
        if grouped is not None:  # counted is now R k
            return grouped, float(counted.sum())
    terms = _gap_terms(idx, pairs, between, counted)
    counted *= pairs.at("coordination", between)  # R k (the factors in either order)
    coordinated = float(counted.sum())
    del counted  # before the terms are grouped (their peak)
    unique, gap, number = _group_sums(terms)
    listed = gap > 0  # pairs of partners with a coordination gap
    if not listed.all():
        unique, gap, number = unique[listed], gap[listed], number[listed]
    return (unique, gap, number), coordinated


def _lead_pair_sums_compiled(
    idx: ModelArrays, pairs: PairScores, between: BoolArray, counted: FloatArray, *, strict: bool
) -> tuple[IntArray, FloatArray, IntArray] | None:
    """Run the kernels of :func:`_lead_pair_sums`: ``None`` (``counted`` untouched) if they fail.

    A counting sort in three passes, each on up to :data:`_GAP_THREADS` threads
    (:func:`._kernels.map_threads`; the kernels release the GIL), over ranges of at least
    :data:`_GAP_PART_MIN` pairs:

    1. ``gap_counts``: each range of pairs counts its reinforcing pairs between partners by
       lower lead partner ``p``;
    2. ``gap_scatter``: each range writes the upper lead partner ``q`` and the loss
       :math:`R(1-k)` of its pairs into bucket ``p``, from the place after the terms of the
       ranges before it — so each bucket holds its terms in the order of the pairs, as one
       pass would — and multiplies ``counted`` by ``k``;
    3. ``gap_sums``: each range of buckets, of about as many terms, sums its buckets by ``q``
       from 0 in that order and writes the keys with a gap, ascending, over its own buckets.

    Every sum adds the same terms in the same order whatever the number of ranges: the same
    bits as numpy's :func:`_group_sums` of :func:`_gap_terms` (checked in the tests with one
    range and with several).
    """
    kernels = _kernels.kernels()
    coordination = pairs._stored("coordination")
    dense = not isinstance(coordination, _Sparse)
    k_dense, k_rows, k_values = np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0)
    if isinstance(coordination, _Sparse):  # read in step with the pairs
        k_rows = np.asarray(coordination.rows, dtype=np.int64)
        k_values = np.asarray(coordination.values, dtype=np.float64)
    else:
        k_dense = np.asarray(coordination, dtype=np.float64)
    a = np.asarray(pairs.a, dtype=np.int64)
    b = np.asarray(pairs.b, dtype=np.int64)
    flags = np.asarray(between, dtype=np.bool_)
    lead = np.asarray(idx.lead, dtype=np.int64)
    n_p = max(len(idx.partner_ids), 1)
    parts = max(1, min(_GAP_THREADS, _kernels.usable_cpus(), a.size // max(_GAP_PART_MIN, 1)))
    # where each range starts in counted (one value per pair between partners) and in the
    # stored rows of the coordination
    ranges, t0 = _kernels.flagged_ranges(flags, parts)
    s0 = np.searchsorted(k_rows, [lo for lo, _ in ranges]) if not dense else np.zeros(parts, int)

    def run() -> tuple[IntArray, FloatArray, IntArray]:
        # every pass compiled (or loaded) first, on empty ranges of arrays of the same types:
        # a compiler failure then leaves counted as it was
        no_int32, no_float, no_int64 = np.empty(0, np.int32), np.empty(0), np.empty(0, np.int64)
        kernels.gap_scatter(
            a, b, flags, counted, lead, k_dense, k_rows, k_values, dense,
            0, 0, 0, 0, np.zeros(n_p, np.int64), no_int32, no_float,
        )  # fmt: skip
        kernels.gap_sums(no_int32, no_float, np.zeros(n_p + 1, np.int64), 0, 0, no_int64, n_p)

        def count(j: int) -> IntArray:
            lo, hi = ranges[j]
            found: IntArray = kernels.gap_counts(a, b, flags, counted, lead, lo, hi, t0[j], n_p)
            return found

        counts = np.stack(list(_kernels.map_threads(count, range(parts), _GAP_THREADS)))
        start = np.zeros(n_p + 1, dtype=np.int64)
        np.cumsum(counts.sum(axis=0), out=start[1:])
        size = int(start[n_p])
        # each range's first place in each bucket: after the terms of the ranges before it
        fills = start[:-1] + np.cumsum(counts, axis=0) - counts
        del counts
        qs = np.empty(size, dtype=np.int32)  # the caller checks that n_p < 2**31 (q < n_p)
        vs = np.empty(size)

        def scatter(j: int) -> None:
            lo, hi = ranges[j]
            kernels.gap_scatter(
                a, b, flags, counted, lead, k_dense, k_rows, k_values, dense,
                lo, hi, t0[j], s0[j], fills[j], qs, vs,
            )  # fmt: skip

        for _ in _kernels.map_threads(scatter, range(parts), _GAP_THREADS):
            pass
        # ranges of buckets of about size / parts terms each
        cuts = np.searchsorted(start, np.linspace(0, size, parts + 1)[1:-1])
        p_bounds = [0, *np.minimum(cuts, n_p).tolist(), n_p]
        buckets = list(itertools.pairwise(p_bounds))
        keys = np.empty(size, dtype=np.int64)

        def total(j: int) -> int:
            p_lo, p_hi = buckets[j]
            written: int = kernels.gap_sums(qs, vs, start, p_lo, p_hi, keys, n_p)
            return written

        written = list(_kernels.map_threads(total, range(len(buckets)), _GAP_THREADS))
        pieces = [
            slice(start[p_lo], start[p_lo] + w)
            for (p_lo, _), w in zip(buckets, written, strict=True)
        ]
        # copies: the buckets (as long as the terms) are freed here
        return (
            np.concatenate([keys[piece] for piece in pieces]),
            np.concatenate([vs[piece] for piece in pieces]),
            np.concatenate([qs[piece] for piece in pieces]).astype(np.int64),
        )

    # compiled at the first call: a failure there leaves counted as it was
    return _kernels.compiled_or(
        "partner-gap kernel",
        "summing with numpy instead",
        run,
        lambda: None,
        strict=strict,
        stacklevel=4,
    )


def _partner_gaps(
    idx: ModelArrays, grouped: tuple[IntArray, FloatArray, IntArray], total_r: float
) -> PartnerGapTable:
    """Return the table of the coordination gaps of lead partners, from their sums by pair.

    ``grouped`` are the keys (``min(p, q) · n_partners + max(p, q)``, ascending) of the pairs
    of partners with a gap, the sums of :math:`R(1-k)` and the number of pairs of each
    (:func:`_lead_pair_sums`). The table lists them by their positions (not ``ordered``):
    sorting them by gap waits until they are asked for (:meth:`PartnerGapTable.order`).
    """
    n_p = max(len(idx.partner_ids), 1)
    unique, gap, counted = grouped
    del grouped
    p, q = unique // n_p, unique % n_p
    del unique
    # p's id before q's (not positions: shuffling the partner list must not change the pairs)
    rank = id_ranks(idx.partner_ids)
    swap = rank[p] > rank[q]
    first = np.where(swap, q, p)
    second = np.where(swap, p, q)
    del p, q, swap
    share = gap / total_r if total_r > 0 else np.zeros(gap.size)
    # a part of the whole: the gap and the total are sums in different orders, which may differ
    # in the last bit (one pair of partners holding all the reinforcement gave 1 + 4e-16); past
    # rounding it is a bug, within it the share is at most 1
    _check_range("partner gap share", share, 0.0, 1.0)
    np.minimum(share, 1.0, out=share)
    return PartnerGapTable(
        partner_ids=idx.partner_ids,
        p=first,
        q=second,
        gap=gap,
        share=share,
        tie_strength=sample(idx.tie_strength, first, second),
        pairs=counted.astype(np.int64, copy=False),
        ordered=False,
    )


def _gap_order(gap: FloatArray | IntArray, key: IntArray) -> IntArray:
    """``np.lexsort((key, -gap))`` for non-negative gaps (or their groups) and distinct keys.

    Sorting packed integers (never a three-key lexsort): the rows in order of ``key``, then
    the gaps' dense ranks (largest first) packed with those positions.
    """
    n = int(gap.size)
    bits = max(n, 2).bit_length()
    if n < 2 or int(key.max()) >= 1 << (63 - bits) or 2 * bits > 63:
        return np.lexsort((key, -gap))
    by_key = (key << bits) | np.arange(n, dtype=np.int64)
    by_key.sort()
    by_key &= (1 << bits) - 1  # the rows in order of key
    largest = np.argsort(-gap)
    value = gap[largest]
    dense = np.empty(n, dtype=np.int64)
    new = np.ones(n, dtype=bool)
    np.not_equal(value[1:], value[:-1], out=new[1:])
    dense[largest] = np.cumsum(new) - 1  # 0 for the largest gap
    packed = (dense[by_key] << bits) | np.arange(n, dtype=np.int64)
    packed.sort()
    order: IntArray = by_key[packed & ((1 << bits) - 1)]
    return order


def _group_sums(terms: list[NDArray[Any]]) -> tuple[IntArray, FloatArray, IntArray]:
    """Return the distinct lead-partner keys (sorted), the sum of each's losses, and counts.

    The keys and losses are taken from ``terms`` (and freed here as soon as they are used).
    Each key's losses are added in the order of the pairs, from 0: the sums of
    ``np.bincount(np.unique(keys, return_inverse=True)[1], weights=losses)``, to the bit. The
    keys are packed with their positions into one integer each, so that a plain sort (no
    argsort) groups them, keeping the order within a group.
    """
    keys, values = terms
    terms.clear()
    n = int(keys.size)
    bits = max(n - 1, 1).bit_length()
    if n == 0 or int(keys.max()) >= 1 << (63 - bits) or int(keys.min()) < 0:
        unique, inverse = np.unique(keys, return_inverse=True)
        inverse = inverse.reshape(-1)
        sums = np.bincount(inverse, weights=values, minlength=unique.size).astype(np.float64)
        return unique, sums, np.bincount(inverse, minlength=unique.size).astype(np.int64)
    packed = keys  # shifted and numbered in place: no other array as long as the keys
    del keys
    packed <<= bits
    for lo in range(0, n, _AT_CHUNK):
        packed[lo : lo + _AT_CHUNK] |= np.arange(lo, min(lo + _AT_CHUNK, n), dtype=np.int64)
    packed.sort()
    ordered_values = np.empty(n)
    for lo in range(0, n, _AT_CHUNK):  # the positions a million at a time
        np.take(
            values,
            packed[lo : lo + _AT_CHUNK] & ((1 << bits) - 1),
            out=ordered_values[lo : lo + _AT_CHUNK],
        )
    del values
    packed >>= bits
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(packed[1:], packed[:-1], out=new[1:])
    unique = packed[new]
    group = np.cumsum(new)
    group -= 1
    del packed, new
    sums = np.bincount(group, weights=ordered_values, minlength=unique.size).astype(np.float64)
    counts = np.bincount(group, minlength=unique.size).astype(np.int64)
    return unique, sums, counts
