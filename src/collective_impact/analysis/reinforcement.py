r"""Mutually reinforcing activities: interdependence, conflict, redundancy, coordination.

The scores of DESIGN §4, computed on sparse matrices built once from the model. No Python loop
runs over pairs of activities: pair values come from sparse products restricted to the pairs that
share an indicator, and everything that depends on two *sets* (overlap of populations and places,
coordination of partner sets) is computed once per distinct pair of sets.

Notation: activities :math:`a, b`; indicators :math:`i, j`; partners :math:`p, q`.

.. math::

    \tilde C = C (I - \lambda W)^{-1}, \qquad
    d(a,b) = o(a,b) \sum_i g_i\, \tilde c^+_{ai} \tilde c^+_{bi}

    R(a,b) = \max(0, d - \mathrm{conflict})\,(1 - r), \qquad
    \text{index} = \frac{\sum_{\text{lead}_a \ne \text{lead}_b} R(a,b)\, k(a,b)}
                        {\sum_{\text{lead}_a \ne \text{lead}_b} R(a,b)}

Only helping work reinforces: :math:`\tilde c^+ = \max(\tilde C, 0)` (effects in each indicator's
desired direction); work against the agenda is conflict (against help) or joint harm (with other
harm), never reinforcement.

References
----------
.. [1] Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation Review*
   9(1), 36–41.
.. [2] Wright, S. (1934). The method of path coefficients. *Annals of Mathematical Statistics*
   5(3), 161–215 (total effects along paths).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import networkx as nx
import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from numpy.typing import NDArray

from .._progress import progress_bar
from ..config import ScoringConfig
from ..errors import PathwayError, UnknownIdError
from ..model import Initiative
from ._arrays import ModelArrays, SetTable, build_arrays, sample

if TYPE_CHECKING:  # prepared.py builds on this module
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
#: Candidate pair values computed at once (bounds the engine's working memory).
_PAIR_BUDGET = 3_000_000
#: Cosines within this of 1 are taken as exactly 1 (rounding noise of identical directions).
_COSINE_SNAP = 1e-12
#: How far a score may leave its range by rounding before it is treated as a bug.
_RANGE_SLACK = 1e-9
#: Columns solved at once when pathways have cycles (bounds memory to indicators × this).
_SOLVE_BLOCK = 1024


# --------------------------------------------------------------------------- pathways


def _check_convergence(pathways: sp.csr_array, lam: float, ids: Sequence[str]) -> None:
    r"""Raise :class:`PathwayError` when :math:`\\sum (\\lambda W)^k` does not converge."""
    graph: nx.DiGraph[int] = nx.DiGraph()
    rows, cols = pathways.nonzero()
    graph.add_edges_from(zip(rows.tolist(), cols.tolist(), strict=True))
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:
            continue
        nodes = sorted(component)
        block = (lam * pathways[nodes, :][:, nodes]).toarray()
        radius = float(np.max(np.abs(scipy.linalg.eigvals(block))))
        if radius >= 1.0 - 1e-12:
            edges = nx.find_cycle(graph.subgraph(nodes))
            cycle = [u for u, _ in edges]
            gain = math.prod(lam * float(pathways[u, v]) for u, v in edges)
            raise PathwayError(
                tuple(ids[u] for u in cycle), spectral_radius=radius, cycle_gain=gain
            )


def total_contributions(arrays: ModelArrays, pathway_weight: float) -> sp.csr_array:
    r"""Return :math:`\tilde C = C (I - \lambda W)^{-1}`, the total effect of every activity.

    Work on an upstream indicator reinforces every indicator downstream of it, decaying by
    :math:`\lambda w` per step (the total effect of path analysis [2]_):
    :math:`\tilde C = C + \lambda C W + \lambda^2 C W^2 + \dots`

    Acyclic pathways (the usual case) are summed exactly on the sparse matrices in as many steps
    as the longest pathway; cyclic ones are solved by a sparse LU factorisation against blocks
    of :math:`C^\top`. The dense inverse is never formed.

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
    c = arrays.contributions
    w = arrays.pathways
    if pathway_weight == 0.0 or w.nnz == 0:
        return c
    step = sp.csr_array(pathway_weight * w)
    graph_has_cycle = not nx.is_directed_acyclic_graph(
        nx.DiGraph(list(zip(*(x.tolist() for x in w.nonzero()), strict=True)))
    )
    if not graph_has_cycle:
        total = c.copy()
        term = c
        for _ in range(w.shape[0]):
            term = sp.csr_array(term @ step)
            if term.nnz == 0:
                break
            total = total + term
        return sp.csr_array(total)
    _check_convergence(w, pathway_weight, arrays.indicator_ids)
    n_i = w.shape[0]
    lu = spla.splu(sp.csc_array(sp.eye_array(n_i) - step).T.tocsc())
    ct = sp.csc_array(c.T)
    blocks = []
    for start in range(0, ct.shape[1], _SOLVE_BLOCK):
        rhs = ct[:, start : start + _SOLVE_BLOCK].toarray()
        blocks.append(sp.csr_array(lu.solve(rhs).T))
    return sp.csr_array(sp.vstack(blocks)) if blocks else c


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


def jaccard(table: SetTable, a: IntArray, b: IntArray, unspecified: float) -> FloatArray:
    """Jaccard similarity of the sets of activities ``a`` and ``b`` (arrays of positions).

    ``unspecified`` is used when either set is empty.
    """
    if a.size == 0:
        return np.zeros(0)
    n_sets = table.members.shape[0]
    if n_sets <= _DENSE_SET_LIMIT:  # few distinct sets: a table of every pair of sets
        inter = (table.members @ table.members.T).toarray()
        sizes = table.sizes.astype(np.float64)
        union = sizes[:, None] + sizes[None, :] - inter
        empty = (sizes[:, None] == 0) | (sizes[None, :] == 0)
        with np.errstate(invalid="ignore", divide="ignore"):
            grid = np.where(empty, unspecified, inter / np.where(union > 0, union, 1.0))
        return np.asarray(grid[table.of[a], table.of[b]], dtype=np.float64)
    ua, ub, inverse = _unique_pairs(table.of[a], table.of[b], n_sets)
    inter = _intersections(table, ua, ub)
    size_a, size_b = table.sizes[ua], table.sizes[ub]
    union = size_a + size_b - inter
    empty = (size_a == 0) | (size_b == 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(empty, unspecified, inter / np.where(union > 0, union, 1))
    return np.asarray(value[inverse], dtype=np.float64)


def _strongest_links(
    table: SetTable, ua: IntArray, ub: IntArray, links: sp.csr_array
) -> FloatArray:
    """For pairs of partner sets, the largest ``links[p, q]`` over ``p`` in one, ``q`` in other."""
    na, nb = table.sizes[ua], table.sizes[ub]
    counts = na * nb
    total = int(counts.sum())
    if total == 0:
        return np.zeros(ua.size)
    offsets = np.zeros(ua.size, dtype=np.int64)
    np.cumsum(counts[:-1], out=offsets[1:])
    owner = np.repeat(np.arange(ua.size), counts)
    within = np.arange(total) - offsets[owner]
    i, j = within // nb[owner], within % nb[owner]
    padded = table.padded
    p = padded[ua[owner], i]
    q = padded[ub[owner], j]
    values = sample(links, p, q)
    return np.asarray(np.maximum.reduceat(values, offsets), dtype=np.float64)


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
    ties = arrays.tie_strength if tie_strength is None else tie_strength
    tied = arrays.tied_to_backbone if tied_to_backbone is None else tied_to_backbone
    if a.size == 0:
        return np.zeros(0)
    table = arrays.partner_sets
    ua, ub, inverse = _unique_pairs(table.of[a], table.of[b], table.members.shape[0])
    shared = np.asarray(
        table.members[ua].multiply(table.members[ub]).sum(axis=1), dtype=np.float64
    ).reshape(-1)
    links = sp.csr_array(ties.maximum(config.working_group_coordination * arrays.co_members))
    k = _strongest_links(table, ua, ub, links)
    if arrays.backbone >= 0 and config.brokered_coordination > 0:
        reach = np.asarray(table.members @ tied.astype(np.float64)) > 0
        k = np.maximum(k, config.brokered_coordination * (reach[ua] & reach[ub]))
    _check_range("coordination", k, 0.0, 1.0)  # tie strengths and floors are in [0, 1]
    k = np.where(shared > 0, 1.0, k)
    return np.asarray(k[inverse], dtype=np.float64)


# --------------------------------------------------------------------------- results


@attrs.frozen(eq=False)
class PairScores:
    """Scores of every pair of activities (``a < b``) whose work meets, as arrays.

    A pair is kept when its interdependence, conflict, joint harm or redundancy is positive;
    every score of the other pairs is 0 (only their coordination is not; see
    :meth:`Reinforcement.pair`).

    ``conflict_a`` is the part of the conflict where ``a`` pushes an indicator against its goal
    and ``b`` towards it; ``conflict_b`` the reverse; ``conflict = conflict_a + conflict_b``.
    ``joint_harm`` is the part where both push an indicator against its goal (never
    reinforcement). ``between`` is true when the two activities have different lead partners:
    only those pairs count in the alignment index (work *between* partners).
    """

    a: IntArray
    b: IntArray
    interdependence: FloatArray
    conflict: FloatArray
    conflict_a: FloatArray
    conflict_b: FloatArray
    joint_harm: FloatArray
    redundancy: FloatArray
    reinforcement: FloatArray
    duplication: FloatArray
    between: BoolArray
    coordination: FloatArray

    def __len__(self) -> int:
        return int(self.a.size)


@attrs.frozen
class PartnerGap:
    r"""The coordination gap between two lead partners.

    :math:`G(p,q) = \sum R(a,b)(1 - k(a,b))` over the activity pairs led by :math:`p` and
    :math:`q`; ``share`` is :math:`G / \sum R`, the alignment index points it costs.
    """

    p: str
    q: str
    gap: float
    share: float
    tie_strength: float
    pairs: int


@attrs.frozen(eq=False)
class PartnerGapTable:
    """Every pair of lead partners with a coordination gap, as arrays, largest gap first.

    ``p`` and ``q`` are partner positions (``partner_ids[p] < partner_ids[q]``); ties in the gap
    are broken by the ids, so the order does not depend on the order of the partner list.
    """

    partner_ids: tuple[str, ...]
    p: IntArray
    q: IntArray
    gap: FloatArray
    share: FloatArray
    tie_strength: FloatArray
    pairs: IntArray

    def __len__(self) -> int:
        return int(self.p.size)

    def record(self, k: int) -> PartnerGap:
        r"""Return row ``k`` as a :class:`PartnerGap`.

        Parameters
        ----------
        k
            The row, from 0 (the largest gap) to ``len(table) - 1``; negative rows count from
            the end, as in numpy.

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


@attrs.frozen(eq=False)
class Reinforcement:
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
    partner_gap_table
        :class:`PartnerGapTable`: every pair of lead partners with a coordination gap, as
        arrays, largest first (see also :attr:`partner_gaps`).
    total_contributions
        :math:`\tilde C` (activities × indicators), from :func:`total_contributions`.
    """

    activity_ids: tuple[str, ...]
    pairs: PairScores
    index: float | None
    total_interdependence: float
    total_conflict: float
    total_reinforcement: float
    total_duplication: float
    coordinated_reinforcement: float
    partner_gap_table: PartnerGapTable
    total_joint_harm: float
    total_contributions: sp.csr_array = attrs.field(repr=False)
    _arrays: ModelArrays = attrs.field(repr=False)
    _config: ScoringConfig = attrs.field(repr=False)

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
        UnknownIdError
            When either activity does not exist.

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
        """
        positions = []
        for x in (a, b):
            if x not in self._arrays.activity_pos:
                raise UnknownIdError("activity", x)
            positions.append(self._arrays.activity_pos[x])
        lo, hi = sorted(positions)
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
            out = {n: float(getattr(self.pairs, n)[hit[0]]) for n in names}
            out["coordination"] = float(self.pairs.coordination[hit[0]])
            return out
        out = dict.fromkeys(names, 0.0)
        k = coordination(self._arrays, self._config, np.array([lo], dtype=np.int64), np.array([hi]))
        out["coordination"] = float(k[0])
        return out


# --------------------------------------------------------------------------- the engine


def _align(*parts: tuple[IntArray, FloatArray]) -> tuple[IntArray, list[FloatArray]]:
    """Union of several ``(keys, values)`` sparse vectors, and each one's values on the union.

    One stable sort of all keys gives the union and every element's position in it (faster than
    numpy's hash-based ``unique`` plus a binary search per part).
    """
    keys = np.concatenate([k for k, _ in parts])
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    new = np.ones(ranked.size, dtype=bool)
    new[1:] = ranked[1:] != ranked[:-1]
    position = np.empty(keys.size, dtype=np.int64)
    position[order] = np.cumsum(new) - 1
    union = ranked[new]
    out = []
    start = 0
    for k, v in parts:
        column = np.zeros(union.size)
        column[position[start : start + k.size]] = v
        out.append(column)
        start += k.size
    return union, out


def _strategy_blocks(total: sp.csr_array, strategy: IntArray) -> sp.csr_array:
    """Spread each activity's row into the column block of its strategy (none: dropped)."""
    coo = total.tocoo()
    n_i = total.shape[1]
    s = strategy[coo.row]
    keep = s >= 0
    n_s = int(strategy.max()) + 1 if strategy.size else 0
    return sp.csr_array(
        (coo.data[keep], (coo.row[keep], s[keep] * n_i + coo.col[keep])),
        shape=(total.shape[0], max(n_s * n_i, 1)),
    )


@attrs.frozen
class _Factors:
    """The matrices every block of pairs is computed from (built once per initiative)."""

    negative_g: sp.csr_array  # C̃⁻ diag(g), C̃⁻ = max(−C̃, 0): harm
    positive_g: sp.csr_array  # C̃⁺ diag(g), C̃⁺ = max(C̃, 0): help
    negative_t: sp.csr_array  # (C̃⁻)ᵀ
    positive_t: sp.csr_array  # (C̃⁺)ᵀ
    blocks: sp.csr_array  # C̃⁺ with unit rows, spread by strategy
    blocks_t: sp.csr_array


def _factors(total: sp.csr_array, idx: ModelArrays) -> _Factors:
    g = sp.diags_array(idx.goal_weight)
    positive = _pruned(sp.csr_array(total.maximum(0)))
    negative = _pruned(sp.csr_array((-total).maximum(0)))
    blocks = _strategy_blocks(_unit_rows(positive), idx.strategy)
    return _Factors(
        negative_g=sp.csr_array(negative @ g),
        positive_g=sp.csr_array(positive @ g),
        negative_t=sp.csr_array(negative.T),
        positive_t=sp.csr_array(positive.T),
        blocks=blocks,
        blocks_t=sp.csr_array(blocks.T),
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


def _pruned(m: sp.csr_array) -> sp.csr_array:
    """``m`` without explicit zeros, indices sorted (a canonical layout for the products)."""
    out = sp.csr_array(m)
    out.eliminate_zeros()
    out.sort_indices()
    return out


def _row_blocks(total: sp.csr_array, budget: int) -> list[tuple[int, int]]:
    """Split activities into consecutive blocks of about ``budget`` candidate pairs each.

    A row's candidates are bounded by the activities sharing an indicator with it (counted once
    per shared indicator), so no block materialises more than about ``budget`` pair values: the
    memory of the engine is bounded by the pairs it keeps, not by all pairs it looks at.
    """
    n = total.shape[0]
    if n == 0:
        return []
    pattern = sp.csr_array((np.ones(total.nnz), total.indices, total.indptr), shape=total.shape)
    per_indicator = np.bincount(total.indices, minlength=total.shape[1]).astype(np.float64)
    per_row = np.asarray(pattern @ per_indicator, dtype=np.float64).reshape(-1)
    bounds = [0]
    running = 0.0
    for row, count in enumerate(per_row.tolist()):  # one pass over activities, not pairs
        if running > 0 and running + count > budget:
            bounds.append(row)
            running = 0.0
        running += count
    bounds.append(n)
    return list(itertools.pairwise(bounds))


def _block_keys(m: sp.csr_array, lo: int, n: int) -> tuple[IntArray, FloatArray]:
    """Keys ``a * n + b`` and values of the entries of a block of rows with ``b > a``."""
    coo = m.tocoo()
    a = coo.row.astype(np.int64) + lo
    b = coo.col.astype(np.int64)
    upper = b > a
    return a[upper] * n + b[upper], np.asarray(coo.data[upper], dtype=np.float64)


def _block_pairs(
    idx: ModelArrays, cfg: ScoringConfig, f: _Factors, lo: int, hi: int
) -> dict[str, Any]:
    """Score (but for coordination) the kept pairs ``(a, b)``, ``lo <= a < hi``, ``a < b``."""
    n = len(idx.activity_ids)
    helps = _block_keys(sp.csr_array(f.positive_g[lo:hi] @ f.positive_t), lo, n)
    harms = _block_keys(sp.csr_array(f.negative_g[lo:hi] @ f.negative_t), lo, n)
    dots = _block_keys(sp.csr_array(f.blocks[lo:hi] @ f.blocks_t), lo, n)
    # against(a, b): a pushes an indicator against its goal, b towards it; and the reverse
    out_of = _block_keys(sp.csr_array(f.negative_g[lo:hi] @ f.positive_t), lo, n)
    into = _block_keys(sp.csr_array(f.positive_g[lo:hi] @ f.negative_t), lo, n)
    keys, (help_val, harm_val, dot, against_a, against_b) = _align(helps, harms, dots, out_of, into)
    a, b = keys // max(n, 1), keys % max(n, 1)

    overlap = jaccard(idx.populations, a, b, cfg.unspecified_overlap) * jaccard(
        idx.places, a, b, cfg.unspecified_overlap
    )
    _check_range("overlap", overlap, 0.0, 1.0)
    cosine = dot  # of unit rows (see _unit_rows)
    # cosines of non-negative vectors lie in [0, 1]; rounding may overshoot 1 by an ulp
    _check_range("cosine", cosine, 0.0, 1.0)
    # identical directions give a cosine of 1 up to rounding (1 - 1e-16): snap it, so that exact
    # duplicates have exactly zero reinforcement instead of float noise
    cosine = np.where(cosine > 1.0 - _COSINE_SNAP, 1.0, cosine)
    redundancy = cosine * overlap
    interdependence = overlap * help_val
    joint_harm = overlap * harm_val
    conflict_a = overlap * against_a
    conflict_b = overlap * against_b
    conflict = conflict_a + conflict_b
    keep = (interdependence > 0) | (redundancy > 0) | (conflict > 0) | (joint_harm > 0)
    a, b = a[keep], b[keep]
    redundancy, interdependence = redundancy[keep], interdependence[keep]
    conflict_a, conflict_b, conflict = conflict_a[keep], conflict_b[keep], conflict[keep]
    joint_harm = joint_harm[keep]
    between = idx.lead[a] != idx.lead[b]
    return {
        "a": a,
        "b": b,
        "interdependence": interdependence,
        "conflict": conflict,
        "conflict_a": conflict_a,
        "conflict_b": conflict_b,
        "joint_harm": joint_harm,
        "redundancy": redundancy,
        "reinforcement": np.maximum(0.0, interdependence - conflict) * (1.0 - redundancy),
        "duplication": interdependence * redundancy * between,
        "between": between,
    }


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


def _pair_scores(
    idx: ModelArrays,
    cfg: ScoringConfig,
    total: sp.csr_array,
    *,
    budget: int | None = None,
    progress: bool = False,
) -> PairScores:
    """Score every interdependent or redundant pair, block of activities by block."""
    f = _factors(total, idx)
    blocks = _row_blocks(total, _PAIR_BUDGET if budget is None else budget)
    bar = progress_bar(len(blocks), desc="scoring pairs", unit="block") if progress else None
    parts = []
    try:
        for lo, hi in blocks:
            parts.append(_block_pairs(idx, cfg, f, lo, hi))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    dtypes = {"a": np.int64, "b": np.int64, "between": np.bool_}
    columns: dict[str, Any] = {
        n: np.concatenate([p[n] for p in parts]) if parts else np.zeros(0, dtype=dtypes.get(n))
        for n in _PAIR_COLUMNS
    }
    return PairScores(**columns, coordination=coordination(idx, cfg, columns["a"], columns["b"]))


def reinforcement_scores(
    initiative: Initiative | Prepared,
    *,
    config: ScoringConfig | None = None,
    progress: bool = False,
) -> Reinforcement:
    r"""Score how mutually reinforcing the activities of an initiative are.

    Parameters
    ----------
    initiative
        The initiative, scored with its lists in the order given (positions in the result
        follow it); or a :class:`~collective_impact.Prepared` object, whose reinforcement (of
        the canonical form, the one :func:`~collective_impact.assess` reports) is returned,
        computed once.
    config
        Weights and thresholds; the defaults of :class:`~collective_impact.ScoringConfig`. With
        a prepared object, its own (``config`` must then be ``None`` or equal to it).
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
    ValueError
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
        R(a,b) &= \max(0, d - \mathrm{conflict})\,(1 - r) \\
        D(a,b) &= d\, r \, [\text{lead}_a \neq \text{lead}_b]

    and the coordination :math:`k(a,b)` of :func:`coordination`. The alignment index is
    :math:`\sum R k / \sum R` over the unordered pairs whose lead partners differ (mutual
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
    if not isinstance(initiative, Initiative):  # a Prepared object
        if config is not None and config != initiative.config:
            raise ValueError("config differs from the prepared object's config")
        return initiative.reinforcement
    return reinforcement_from_arrays(build_arrays(initiative), config=config, progress=progress)


def reinforcement_from_arrays(
    arrays: ModelArrays,
    *,
    config: ScoringConfig | None = None,
    total: sp.csr_array | None = None,
    progress: bool = False,
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

    pairs = _pair_scores(idx, cfg, total, progress=progress)
    between = pairs.between
    counted = pairs.reinforcement[between]
    total_r = float(counted.sum())
    coordinated = float((counted * pairs.coordination[between]).sum())
    alignment = coordinated / total_r if total_r > 0 else None
    if alignment is not None:
        _check_range("alignment index", np.array([alignment]), 0.0, 1.0)
    return Reinforcement(
        activity_ids=idx.activity_ids,
        pairs=pairs,
        index=alignment,
        total_interdependence=float(pairs.interdependence[between].sum()),
        total_conflict=float(pairs.conflict[between].sum()),
        total_reinforcement=total_r,
        total_duplication=float(pairs.duplication[between].sum()),
        coordinated_reinforcement=coordinated,
        total_joint_harm=float(pairs.joint_harm[between].sum()),
        partner_gap_table=_partner_gaps(idx, pairs, total_r),
        total_contributions=total,
        arrays=idx,
        config=cfg,
    )


def _partner_gaps(idx: ModelArrays, pairs: PairScores, total_r: float) -> PartnerGapTable:
    """Sum :math:`R(1-k)` by unordered pair of lead partners (sorted accumulation)."""
    lp, lq = idx.lead[pairs.a], idx.lead[pairs.b]
    lo, hi = np.minimum(lp, lq), np.maximum(lp, lq)
    loss = pairs.reinforcement * (1.0 - pairs.coordination)
    mask = (lo != hi) & (pairs.reinforcement > 0)  # every reinforcing pair counts, even k = 1
    n_p = max(len(idx.partner_ids), 1)
    keys = lo[mask] * n_p + hi[mask]
    unique, inverse = np.unique(keys, return_inverse=True)
    gap = np.bincount(inverse, weights=loss[mask], minlength=unique.size).astype(np.float64)
    counted = np.bincount(inverse, minlength=unique.size)
    listed = gap > 0  # partner pairs with a coordination gap
    unique, gap, counted = unique[listed], gap[listed], counted[listed]
    p, q = unique // n_p, unique % n_p
    ties = sample(idx.tie_strength, p, q)
    # order: largest gap first, then by the partners' ids (not positions: shuffling the
    # partner list must not change the order)
    rank = np.empty(n_p, dtype=np.int64)
    rank[np.argsort(np.asarray(idx.partner_ids, dtype=object))] = np.arange(n_p)
    first = np.where(rank[p] <= rank[q], p, q)
    second = np.where(rank[p] <= rank[q], q, p)
    order = np.lexsort((rank[second], rank[first], -gap))
    return PartnerGapTable(
        partner_ids=idx.partner_ids,
        p=first[order],
        q=second[order],
        gap=gap[order],
        share=gap[order] / total_r if total_r > 0 else np.zeros(order.size),
        tie_strength=ties[order],
        pairs=counted[order].astype(np.int64),
    )
