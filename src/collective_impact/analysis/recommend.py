r"""Recommended ties: which partners to connect for the largest gain in the alignment index.

A new tie of strength :math:`s` between partners :math:`p` and :math:`q` changes only the
coordination of activity pairs that involve :math:`p` or :math:`q`; reinforcement :math:`R` does not
depend on ties. So the gain in the index is exactly

.. math::

    \Delta = \frac{\sum_{(a,b)\ \text{involving}\ p, q} R(a,b)\,\bigl(k'(a,b) - k(a,b)\bigr)}
                  {\sum_{a<b} R(a,b)}

over the pairs of activities with different lead partners (the pairs the index counts)

with :math:`k'` the coordination after adding the tie (including its effect through the
backbone when :math:`p` or :math:`q` is the backbone organisation). The prediction is checkable
arithmetic: adding the tie and re-assessing raises the index by exactly :math:`\Delta` (to
rounding).

Every pair of partners is a candidate: the gains of the ties between two partners other than
the backbone are sums over the pairs across them, all found in one pass over the pairs a tie
could still raise (:func:`_tie_sums`); the ties to the backbone are bounded and the best
evaluated exactly (:func:`_backbone_candidates`).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
from collections import Counter
from typing import Any, NamedTuple

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .._checks import expect_count
from ..config import ScoringConfig
from ..model import Initiative
from . import _kernels
from ._arrays import FloatArray, IntArray, ModelArrays, _grouped, _ranges, id_ranks
from ._tolerance import THRESHOLD_TOLERANCE, at_least, rank_groups
from .prepared import Prepared, prepare
from .reinforcement import PairScores, PartnerGapTable, Reinforcement, _Sparse

__all__ = ["TieRecommendation", "recommend_ties"]

#: Ties to the backbone whose pairs are listed at once, in order of their bound.
_BACKBONE_BLOCK = 200

#: Terms (a partner, a pair of one of its activities, a partner of the other activity) from
#: which the compiled kernel sums the gains of the ties between partners; below, numpy is as
#: quick as loading the kernel (10k activities: 3.6 million, 0.09 s with numpy, against
#: 0.03 s compiled after 0.3 s of importing numba and loading the kernels; 25k: 21 million,
#: 0.47-0.80 s against 0.15 s).
_COMPILED_TIE_MIN = 1 << 23

#: Threads of the compiled sums (ranges of partners of about equal work).
_TIE_THREADS = 2

#: Terms that one block of the numpy sums holds at most (or one partner's).
_TIE_BLOCK_TERMS = 1 << 22

#: Pairs read at once when the slack of every pair is derived.
_STEP = 1 << 20


#: How many ties left out with a listed tie's gain a recommendation names (it counts them all).
EQUAL_GAINS_NAMED = 10


@attrs.frozen(kw_only=True)
class TieRecommendation:
    r"""A tie to add, and the exact change it makes to the alignment index.

    Attributes
    ----------
    source, target
        The two partners (sorted ids).
    strength
        Strength of the proposed tie.
    gain
        Increase of the alignment index when the tie is added.
    index_before, index_after
        The index now, and with the tie.
    gap_share
        Share of :math:`\sum R` lost to the coordination gap between their activities today.
    assumed_overlap_share
        The part of the gain (from 0 to 1) on pairs of activities with one whose populations or
        places are not recorded, whose overlap is assumed (``unspecified_overlap``), not
        known; 0 when every activity records both. The gaps say the same of themselves.
        ``None`` in a recommendation pickled before it was recorded.
    equal_gains, equal_gains_left_out
        How many ties left out of the ``k`` listed gain as much as this one, to rounding (their
        ``gap_share``, then the partners' ids, chose between them, so a renaming can change
        which is listed when both are equal), and the
        first :data:`EQUAL_GAINS_NAMED` of them (sorted ids). 0 and empty but for the last
        listed ties, when such ties exist.

    Examples
    --------
    >>> import collective_impact as ci
    >>> best = ci.assess(ci.load_example("cradle-to-career")).recommendations[0]
    >>> best.source, best.target, best.strength
    ('faith-coalition', 'united-way', 1.0)
    >>> round(best.index_before, 3), round(best.index_after, 3), round(best.gain, 3)
    (0.566, 0.642, 0.076)
    """

    source: str
    target: str
    strength: float
    gain: float
    index_before: float
    index_after: float
    gap_share: float
    assumed_overlap_share: float | None = 0.0
    equal_gains: tuple[tuple[str, str], ...] = ()
    equal_gains_left_out: int = 0

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled recommendation, one pickled before some fields were recorded too.

        One pickled before its assumed share and equal gains were recorded has
        ``assumed_overlap_share`` ``None`` (not known; 0 would say none is assumed) and no
        equal gains.
        """
        restored = {
            "assumed_overlap_share": None,
            "equal_gains": (),
            "equal_gains_left_out": 0,
            **state,
        }
        for name, value in restored.items():
            object.__setattr__(self, name, value)

    def to_dict(self) -> dict[str, Any]:
        """Return the recommendation as plain data.

        Returns
        -------
        dict of str to float or str
            The attributes by name: ``source`` and ``target`` (ids), ``strength``, ``gain``,
            ``index_before``, ``index_after``, ``gap_share`` and ``assumed_overlap_share``
            (floats; the last ``None`` when not known), ``equal_gains`` (a list of
            ``[source, target]``) and ``equal_gains_left_out`` (how many in all).

        Examples
        --------
        >>> import collective_impact as ci
        >>> best = recommend_ties(ci.load_example("workforce"))[0]
        >>> data = best.to_dict()
        >>> data["source"], data["target"], data["strength"]
        ('community-colleges', 'job-readiness-provider', 1.0)
        >>> round(data["index_before"], 3), round(data["index_after"], 3), round(data["gain"], 3)
        (0.633, 0.749, 0.116)
        """
        out: dict[str, Any] = dict(attrs.asdict(self))
        out["equal_gains"] = [list(pair) for pair in self.equal_gains]
        return out


class _PairsByActivity:
    """For each activity, the positions of the scored pairs it takes part in.

    Pairs come sorted by ``(a, b)``, so an activity's pairs as ``a`` are one range; its pairs
    as ``b`` are listed by one sort of packed integers. Listing the pairs of a few activities
    costs the size of the answer, never the number of pairs.
    """

    def __init__(
        self, result: Reinforcement, n_activities: int, listed: NDArray[np.bool_] | None = None
    ) -> None:
        pairs = result.pairs
        a = np.asarray(pairs.a, dtype=np.int64)
        b = np.asarray(pairs.b, dtype=np.int64)
        self.a = a
        self.a_order = _grouped(a) if a.size and bool((a[1:] < a[:-1]).any()) else None
        self.a_ptr = _pointers(a, n_activities)
        # as b: only the pairs of the activities that will be asked about (``listed``)
        kept = np.arange(b.size, dtype=np.int64) if listed is None else np.flatnonzero(listed[b])
        self.b_order = kept[_grouped(b[kept])]
        self.b_ptr = _pointers(b[kept], n_activities)
        self.member = np.zeros(n_activities, dtype=bool)

    def of(self, activities: NDArray[np.int64]) -> NDArray[np.int64]:
        """Positions of the pairs involving any of ``activities`` (unique, sorted)."""
        acts = np.unique(activities)
        first = _ranges(self.a_ptr[acts], self.a_ptr[acts + 1] - self.a_ptr[acts])
        as_a = first if self.a_order is None else np.sort(self.a_order[first])
        as_b = self.b_order[_ranges(self.b_ptr[acts], self.b_ptr[acts + 1] - self.b_ptr[acts])]
        member = self.member
        member[acts] = True
        as_b = as_b[~member[self.a[as_b]]]  # those with both ends listed are already in as_a
        member[acts] = False
        as_b.sort()
        # two sorted runs: a stable sort merges them in linear time
        return np.sort(np.concatenate([as_a, as_b]), kind="stable")


def _pointers(owner: NDArray[np.int64], n: int) -> NDArray[np.int64]:
    """CSR pointers of ``owner`` (non-negative integers below ``n``)."""
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=indptr[1:])
    return indptr


class _Candidates:
    """What the gains of ties to the backbone need, computed once per ranking.

    The pairs of each candidate partner (those with one of its activities) are listed once and
    kept while later candidates still need them: every candidate shares the backbone, so the
    pairs of a candidate tie are the union of two kept lists.
    """

    def __init__(
        self,
        index: ModelArrays,
        config: ScoringConfig,
        result: Reinforcement,
        partners: list[int],
        counted: FloatArray | None = None,
    ) -> None:
        table = index.partner_sets
        self.incidence = sp.csc_array(table.members[table.of])
        self.incidence.sort_indices()
        # does each activity have a partner that reaches the backbone (is it, or is tied to it)?
        self.reach = np.asarray(self.incidence @ index.tied_to_backbone.astype(np.float64)) > 0
        self.index, self.config, self.result = index, config, result
        self.uses = Counter(partners)
        self.kept: dict[int, NDArray[np.int64]] = {}
        listed = np.zeros(len(index.activity_ids), dtype=bool)
        for p in self.uses:
            listed[self.activities(p)] = True
        self.by_activity = _PairsByActivity(result, len(index.activity_ids), listed)
        self.side = np.zeros(len(index.activity_ids), dtype=np.int8)
        # R of the pairs the index counts (0 within one partner), derived once for every gain
        self.counted = _counted(result) if counted is None else counted

    def activities(self, p: int) -> NDArray[np.int64]:
        """Return the activities partner ``p`` takes part in."""
        ptr = self.incidence.indptr
        return np.asarray(self.incidence.indices[ptr[p] : ptr[p + 1]], dtype=np.int64)

    def pairs_of(self, p: int) -> NDArray[np.int64]:
        """Return the positions of the pairs with an activity of ``p`` (sorted), kept for reuse."""
        self.uses[p] -= 1
        found = self.kept.pop(p, None)
        if found is None:
            found = self.by_activity.of(self.activities(p))
        if self.uses[p] > 0:
            self.kept[p] = found
        return found

    def gain(self, p: int, q: int, strength: float) -> float:
        r"""Exact index gain of a tie of ``strength`` between the backbone and another partner.

        One of ``p`` and ``q`` is the backbone, and ``brokered_coordination`` is positive (the
        gains of the other ties are sums of their own, :func:`_tie_sums`). Coordination is a
        maximum of components, and a new tie only raises two of them: the strongest link
        between the pair's partner sets (to ``strength`` when ``p`` is on one side and ``q``
        on the other), and the brokered floor, because the other partner now reaches the
        backbone. So
        :math:`k' = \max(k, s\,[\text{p, q across}], \kappa_{bb}[\text{both sides reach}'])`,
        and :math:`k' = k` for every pair without an activity of ``p`` or ``q``. The change is
        summed over every pair with an activity of ``p`` or ``q``, in the order of the pairs
        (:meth:`changes`).
        """
        assert self.index.backbone in (p, q)
        assert self.config.brokered_coordination > 0
        delta = float(self.changes(p, q, strength)[0].sum())
        return delta / self.result.total_reinforcement

    def changes(self, p: int, q: int, strength: float) -> tuple[FloatArray, IntArray, IntArray]:
        r"""Return the change of :math:`R\,k` of each pair a tie between ``p`` and ``q`` makes.

        One entry for each pair with an activity of ``p`` or ``q``, in the order of their
        positions (the union of the two sorted lists of :meth:`pairs_of`, also returned, for
        :func:`_sorted_union`); most changes are exact zeros. A tie
        to the backbone (when ``brokered_coordination`` is positive) also raises the brokered
        floor (see :meth:`gain`); any other tie raises the pairs across the two
        partners to at least ``strength``, and nothing else.
        """
        index, config, result = self.index, self.config, self.result
        pairs = result.pairs
        of_p, of_q = self.pairs_of(p), self.pairs_of(q)
        side = self.side  # 1: an activity of p, 2: of q, 3: of both
        acts_p, acts_q = self.activities(p), self.activities(q)
        side[acts_p] |= 1
        side[acts_q] |= 2
        brokering = index.backbone in (p, q) and config.brokered_coordination > 0
        try:
            # Only pairs with an activity of the partner joining the backbone change: a pair
            # across has its activity on one side, and a pair newly reaching the backbone on
            # both sides has it on the side that did not reach before. The changes are written
            # at their places among the pairs of p or q; every other term is an exact zero
            # (the backbone's pairs already reach it). Without the backbone, every pair across
            # has an activity of p.
            joins = 2 if index.backbone == p else 1  # the partner now reaching the backbone
            near = of_q if brokering and joins == 2 else of_p
            a, b = pairs.a[near], pairs.b[near]
            sa, sb = side[a], side[b]
            across = ((sa & 1) & (sb >> 1)) | ((sa >> 1) & (sb & 1))
            k_old = pairs.at("coordination", near)
            counted = self.counted[near]  # the pairs the index counts
            new_k = np.where(across, np.maximum(k_old, strength), k_old)
            if brokering:
                reach_a = self.reach[a] | ((sa & joins) > 0)
                reach_b = self.reach[b] | ((sb & joins) > 0)
                brokered = config.brokered_coordination * (reach_a & reach_b)
                new_k = np.maximum(new_k, brokered)  # the floor is a config value in [0, 1]
            both = near[((sa | sb) == 3)]  # the pairs in both lists
            change = _placed(of_p, of_q, both, near, counted * (new_k - k_old))
        finally:
            side[acts_p] = 0
            side[acts_q] = 0
        return change, of_p, of_q


def _sorted_union(x: IntArray, y: IntArray) -> IntArray:
    """Return the union of two sorted arrays of distinct integers (a stable sort merges them)."""
    merged = np.sort(np.concatenate([x, y]), kind="stable")
    union: IntArray = merged[np.concatenate([[True], merged[1:] != merged[:-1]])]
    return union


def _placed(
    of_p: IntArray, of_q: IntArray, both: IntArray, where: IntArray, values: FloatArray
) -> FloatArray:
    """Return the changes of the union of the pairs of p and q, ``values`` at ``where``.

    ``of_p`` and ``of_q`` are sorted, ``both`` (sorted) are the pairs in both, and ``where`` a
    sorted subset of the union: every other pair changes by an exact zero. Summing this array
    adds the changes in the order of the union's pairs, as the definition does.
    """
    at = np.searchsorted(of_p, where) + np.searchsorted(of_q, where)
    at -= np.searchsorted(both, where)
    change = np.zeros(of_p.size + of_q.size - both.size)
    change[at] = values
    return change


def _counted(result: Reinforcement) -> FloatArray:
    """Return :math:`R` of every pair the index counts (pairs between partners), else 0."""
    counted: FloatArray = result.pairs.reinforcement
    counted *= result.pairs.between
    return counted


class _TieTables(NamedTuple):
    r"""The tables the sums of :func:`_tie_sums` walk, in CSR form (pointers, entries).

    ``part_ptr``/``part_acts``: each partner's activities; ``slack_ptr``/``slack_to``/
    ``slack_w``: each activity's pairs that a tie could still raise — as ``a`` first, then as
    ``b``, each in the order of the pairs — with the other activity and the pair's slack
    :math:`R\,(s - k)^+` (an entry only when some partner of the activity comes before some
    partner of the other: a sum of ``p`` adds only partners ``q > p``);
    ``act_ptr``/``act_parts``: each activity's partners; ``skip``: the partners left out (the
    backbone, whose ties are bounded and evaluated apart).
    """

    part_ptr: IntArray
    part_acts: IntArray
    slack_ptr: IntArray
    slack_to: IntArray
    slack_w: FloatArray
    act_ptr: IntArray
    act_parts: IntArray
    skip: NDArray[np.bool_]


def _tie_tables(
    index: ModelArrays,
    result: Reinforcement,
    s: float,
    counted: FloatArray,
    skip: NDArray[np.bool_],
    *,
    compiled: bool,
) -> _TieTables:
    """Return the tables of :func:`_tie_sums`, each built once, in the canonical order.

    The pairs with slack are listed by activity by the kernel ``slack_pass`` when
    ``compiled`` (:func:`_slack_table_compiled`), else by a stable grouping of the pairs as
    ``a`` followed by the pairs as ``b`` (:func:`._arrays._grouped`): the same table.
    """
    pairs = result.pairs
    n_act = len(index.activity_ids)
    a = np.asarray(pairs.a, dtype=np.int64)
    b = np.asarray(pairs.b, dtype=np.int64)
    table = index.partner_sets
    members = sp.csr_array(table.members[table.of])  # activities × partners
    members.sum_duplicates()
    members.sort_indices()
    by_partner = sp.csc_array(members)
    by_partner.sort_indices()
    # the first and last partner of each activity (every activity has its lead): an entry from
    # x to y can add to a sum only when a partner of x comes before a partner of y
    low = np.asarray(members.indices[members.indptr[:-1]], dtype=np.int64)
    high = np.asarray(members.indices[members.indptr[1:] - 1], dtype=np.int64)
    if compiled:  # the slack derived pair by pair in the kernel: no column of it
        slack_ptr, slack_to, slack_w = _slack_table_compiled(pairs, counted, s, low, high, n_act)
    else:
        slack = np.empty(len(pairs))
        for start in range(0, len(pairs), _STEP):  # the slack of every pair, a block at a time
            rows = slice(start, start + _STEP)
            np.subtract(s, pairs.at("coordination", rows), out=slack[rows])
            np.maximum(slack[rows], 0.0, out=slack[rows])
            slack[rows] *= counted[rows]
        kept = np.flatnonzero(slack > 0)
        a, b, w = a[kept], b[kept], slack[kept]
        del slack
        forward, backward = low[a] < high[b], low[b] < high[a]
        source = np.concatenate([a[forward], b[backward]])
        order = _grouped(source)
        slack_ptr = _pointers(source, n_act)
        slack_to = np.concatenate([b[forward], a[backward]])[order]
        slack_w = np.concatenate([w[forward], w[backward]])[order]
    return _TieTables(
        part_ptr=np.asarray(by_partner.indptr, dtype=np.int64),
        part_acts=np.asarray(by_partner.indices, dtype=np.int64),
        slack_ptr=slack_ptr,
        slack_to=slack_to,
        slack_w=slack_w,
        act_ptr=np.asarray(members.indptr, dtype=np.int64),
        act_parts=np.asarray(members.indices, dtype=np.int64),
        skip=skip,
    )


def _slack_table_compiled(
    pairs: PairScores, counted: FloatArray, s: float, low: IntArray, high: IntArray, n_act: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """List the pairs with slack by activity with the kernel ``slack_pass``, on ranges of pairs.

    Two passes on up to :data:`_TIE_THREADS` ranges at once: each range counts its entries by
    activity, then writes them from the places after those of the ranges before it, so that
    every activity lists its entries as ``a`` in the order of the pairs, then as ``b``: the
    table numpy builds.
    """
    kernel = _kernels.kernels().slack_pass
    coordination = pairs._stored("coordination")
    sparse = isinstance(coordination, _Sparse)
    k_dense = np.zeros(0) if sparse else np.asarray(coordination, dtype=np.float64)
    k_rows = np.asarray(coordination.rows if sparse else np.zeros(0), dtype=np.int64)
    k_values = np.asarray(coordination.values if sparse else np.zeros(0), dtype=np.float64)
    a = np.asarray(pairs.a, dtype=np.int64)
    b = np.asarray(pairs.b, dtype=np.int64)
    parts = max(1, min(_TIE_THREADS, _kernels.usable_cpus()))
    bounds = np.linspace(0, a.size, parts + 1).astype(np.int64).tolist()
    ranges = list(itertools.pairwise(bounds))
    starts = np.searchsorted(k_rows, bounds[:-1]).tolist()
    counts = [(np.zeros(n_act, np.int64), np.zeros(n_act, np.int64)) for _ in ranges]
    nothing = (np.zeros(0, dtype=np.int64), np.zeros(0))
    fixed = (a, b, counted, k_dense, k_rows, k_values, not sparse, s, low, high)

    def count(j: int) -> None:
        kernel(*fixed, *ranges[j], starts[j], *counts[j], *nothing)

    for _ in _kernels.map_threads(count, range(len(ranges)), _TIE_THREADS):
        pass
    as_a = np.sum([c[0] for c in counts], axis=0)
    as_b = np.sum([c[1] for c in counts], axis=0)
    ptr = np.zeros(n_act + 1, dtype=np.int64)
    np.cumsum(as_a + as_b, out=ptr[1:])
    other = np.empty(int(ptr[-1]), dtype=np.int64)
    weight = np.empty(int(ptr[-1]))
    # each range writes after the entries of the ranges before it: as a, then as b
    fills, before_a, before_b = [], ptr[:-1].copy(), ptr[:-1] + as_a
    for c_a, c_b in counts:
        fills.append((before_a.copy(), before_b.copy()))
        before_a += c_a
        before_b += c_b

    def fill(j: int) -> None:
        kernel(*fixed, *ranges[j], starts[j], *fills[j], other, weight)

    for _ in _kernels.map_threads(fill, range(len(ranges)), _TIE_THREADS):
        pass
    return ptr, other, weight


def _tie_work(index: ModelArrays, result: Reinforcement) -> IntArray:
    """Return at least the terms each partner's sums add (its activities' pairs × widest)."""
    n_act = len(index.activity_ids)
    degree = np.bincount(result.pairs.a, minlength=n_act) + np.bincount(
        result.pairs.b, minlength=n_act
    )
    table = index.partner_sets
    members = sp.csc_array(table.members[table.of])  # activities × partners, by partner
    width = int(np.diff(sp.csr_array(members).indptr).max(initial=0))
    return np.asarray(members.T @ degree, dtype=np.int64) * max(width, 1)


#: A sum within this (relative) below the ``k``-th largest is kept as its equal: sums equal but
#: for rounding (the same terms added in another order) rank by ids (see :func:`_rank_ties`).
_NEAR = 1.0 - 1e-10


def _top(p: IntArray, q: IntArray, g: FloatArray, k: int) -> tuple[IntArray, IntArray, FloatArray]:
    """Keep the ``k`` largest ``g`` and every one equal to the ``k``-th but for rounding.

    The ids decide among those (:func:`_rank_ties`).
    """
    if g.size > k:
        keep = g >= np.partition(g, g.size - k)[g.size - k] * _NEAR
        p, q, g = p[keep], q[keep], g[keep]
    return p, q, g


def _tie_sums(
    index: ModelArrays,
    result: Reinforcement,
    s: float,
    counted: FloatArray,
    skip: NDArray[np.bool_],
    k: int,
    compiled: bool | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    r"""Return the partner pairs whose new tie would add most to :math:`\sum_{\text{between}} R k`.

    For partners :math:`p < q`, neither in ``skip``, a tie of strength :math:`s` raises the
    coordination of exactly the pairs across them (an activity of :math:`p` on one side, of
    :math:`q` on the other) to at least :math:`s`, and nothing else; so it adds

    .. math::

        S(p, q) = \sum_{(a, c)} R(a, c)\,\bigl(s - k(a, c)\bigr)^+
        \bigl([p \in a][q \in c] + [q \in a][p \in c]\bigr)

    over the pairs between partners (``counted`` is their :math:`R`, 0 for the others). A
    pair with both :math:`p` and :math:`q` on both sides would count twice, but it shares a
    partner and has :math:`k = 1`, no slack. Every sum is added from 0 in one order —
    :math:`p`'s activities :math:`x`, then the pairs of :math:`x` (as ``a``, then as ``b``,
    each by position), then the other activity's partners :math:`q` — by the compiled kernel
    ``tie_gains`` (numba, the extra ``fast``) on ranges of partners when the work is large,
    else by numpy in blocks of partners; the same bits either way. The sums of every pair of
    partners are found, not only of those with a coordination gap of their own: a partner
    that takes part in activities it does not lead (a funder, a data partner) has no gap, yet
    a tie to it can be the best.

    Returns the pairs (positions, :math:`p < q`) with a positive sum that are among the ``k``
    largest, with those equal to the ``k``-th, unordered.
    """
    n_p = len(index.partner_ids)
    k = min(k, n_p * (n_p - 1) // 2)  # never more than there are pairs (the kernel's room)
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    work = _tie_work(index, result)
    chosen = compiled is not None
    compiled = _kernels.wanted(
        compiled,
        int(work.sum()) >= _COMPILED_TIE_MIN,
        "tie-gain kernel",
        "summing with numpy instead",
        stacklevel=3,
    )

    def plain() -> tuple[IntArray, IntArray, FloatArray]:
        tables = _tie_tables(index, result, s, counted, skip, compiled=False)
        return _tie_sums_numpy(tables, work, k)

    if compiled:
        return _kernels.compiled_or(
            "tie-gain kernel",
            "summing with numpy instead",
            lambda: _tie_sums_compiled(
                _tie_tables(index, result, s, counted, skip, compiled=True), work, k
            ),
            plain,
            strict=chosen,
            stacklevel=3,
        )
    return plain()


def _tie_sums_compiled(
    tables: _TieTables, work: IntArray, k: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """:func:`_tie_sums` by the kernel ``tie_gains``, on ranges of partners of equal work."""
    kernel = _kernels.kernels().tie_gains
    n_p = work.size
    parts = max(1, min(_TIE_THREADS, _kernels.usable_cpus(), n_p))
    cumulative = np.cumsum(work)
    cuts = np.searchsorted(cumulative, np.linspace(0, cumulative[-1], parts + 1)[1:-1])
    bounds = [0, *np.minimum(cuts + 1, n_p).tolist(), n_p]
    ranges = [(lo, hi) for lo, hi in itertools.pairwise(bounds) if hi > lo]

    def run(bound: tuple[int, int]) -> tuple[IntArray, IntArray, FloatArray]:
        found: tuple[IntArray, IntArray, FloatArray] = kernel(*tables, bound[0], bound[1], k)
        return found

    found = list(_kernels.map_threads(run, ranges, _TIE_THREADS))
    joined = [np.concatenate([f[i] for f in found]) for i in range(3)]
    return _top(joined[0], joined[1], joined[2], k)


def _tie_sums_numpy(
    tables: _TieTables, work: IntArray, k: int
) -> tuple[IntArray, IntArray, FloatArray]:
    """:func:`_tie_sums` with numpy: the terms of a block of partners, summed by ``bincount``.

    ``np.bincount`` adds each bin's weights from 0 in the order of the terms, which is the
    kernel's order; a block holds about :data:`_TIE_BLOCK_TERMS` terms at most (or one
    partner's), and only the pairs of partners it touches are summed.
    """
    t = tables
    n_p = work.size
    cumulative = np.concatenate([[0], np.cumsum(work)])
    best = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    lo = 0
    while lo < n_p:
        hi = int(np.searchsorted(cumulative, cumulative[lo] + _TIE_BLOCK_TERMS, side="right")) - 1
        hi = min(max(hi, lo + 1), n_p)
        # the terms, in the kernel's order: partner, its activity, the pair, the other's partner
        p = np.repeat(np.arange(lo, hi), np.diff(t.part_ptr[lo : hi + 1]))
        acts = t.part_acts[t.part_ptr[lo] : t.part_ptr[hi]]
        count = t.slack_ptr[acts + 1] - t.slack_ptr[acts]
        at = _ranges(t.slack_ptr[acts], count)
        p = np.repeat(p, count)
        other, slack = t.slack_to[at], t.slack_w[at]
        count = t.act_ptr[other + 1] - t.act_ptr[other]
        q = t.act_parts[_ranges(t.act_ptr[other], count)]
        p, slack = np.repeat(p, count), np.repeat(slack, count)
        kept = (q > p) & ~t.skip[q] & ~t.skip[p]
        # the cells touched only (a dense block would cost partners² whatever the work);
        # each cell's terms keep their order in the inverse, so bincount adds them as before
        cells, inverse = np.unique(p[kept] * n_p + q[kept], return_inverse=True)
        sums = np.bincount(inverse, slack[kept], minlength=cells.size)
        found = sums > 0
        best = _top(
            np.concatenate([best[0], cells[found] // n_p]),
            np.concatenate([best[1], cells[found] % n_p]),
            np.concatenate([best[2], sums[found]]),
            k,
        )
        lo = hi
    return best


def _gap_shares(table: PartnerGapTable, p: IntArray, q: IntArray) -> FloatArray:
    """Return the coordination gap share of each pair ``(p[i], q[i])`` (0 without a gap)."""
    n = max(len(table.partner_ids), 1)
    keys = np.minimum(p, q) * n + np.maximum(p, q)
    listed = np.minimum(table.p, table.q) * n + np.maximum(table.p, table.q)
    rows = np.flatnonzero(np.isin(listed, keys))
    share = dict(zip(listed[rows].tolist(), table.share[rows].tolist(), strict=True))
    return np.array([share.get(key, 0.0) for key in keys.tolist()], dtype=np.float64)


def _rank_ties(
    index: ModelArrays, result: Reinforcement, config: ScoringConfig, k: int, s: float
) -> tuple[TieRecommendation, ...]:
    """Rank ties of strength ``s`` to add, from computed scores; see :func:`recommend_ties`."""
    if result.index is None or k <= 0:
        return ()
    counted = _counted(result)
    b = index.backbone
    brokered = b >= 0 and config.brokered_coordination > 0
    skip = np.zeros(len(index.partner_ids), dtype=bool)
    if brokered:  # a tie to the backbone also lifts the brokered floor: bounded apart, below
        skip[b] = True
    p, q, sums = _tie_sums(index, result, s, counted, skip, k)
    total = result.total_reinforcement
    ids = index.partner_ids
    # (gain, source, target, source position, target position)
    found = [
        (float(g) / total, *sorted((ids[x], ids[y])), x, y)
        for x, y, g in zip(p.tolist(), q.tolist(), sums.tolist(), strict=True)
    ]

    # the k best gains found so far, as a min-heap: its root is the k-th best (re-sorting every
    # gain found for each tie to the backbone took 10 s of 17 at k = 10**9 on 600 partners)
    top = heapq.nlargest(k, [f[0] for f in found])
    heapq.heapify(top)

    def threshold() -> float:
        """Return the ``k``-th best gain found so far (0 until there are ``k``)."""
        return top[0] if len(top) >= k else 0.0

    if brokered:
        # Ties to the backbone, in order of the bound of _backbone_candidates, evaluated
        # exactly while the bound can still reach the k-th best gain (within rounding: ties
        # go by ids): no tie to the backbone left out could rank among the k returned.
        to_backbone, bound = _backbone_candidates(
            index, result, s, config.brokered_coordination, counted
        )
        candidates: _Candidates | None = None
        for at, other in enumerate(to_backbone.tolist()):
            if not at_least(float(bound[other]), threshold()):
                break
            if at % _BACKBONE_BLOCK == 0:  # the pairs of the next block, listed when reached
                block = to_backbone[at : at + _BACKBONE_BLOCK].tolist()
                candidates = _Candidates(index, config, result, [b] * len(block) + block, counted)
            assert candidates is not None
            gain = candidates.gain(b, other, s)
            found.append((gain, *sorted((ids[b], ids[other])), b, other))
            if len(top) < k:
                heapq.heappush(top, gain)
            elif gain > top[0]:
                heapq.heapreplace(top, gain)
    # gains equal but for rounding tie (the same terms added in another order, which renaming
    # activities changes, decided before); of equal gains the tie mending more of the two
    # partners' own coordination gap comes first, and only then the ids decide: the ids alone
    # listed a new tie under some names and the strengthening of a tie already in a working
    # group under others, each with its own gap share and advice (found by a reviewer
    # renaming ids). A gain the index cannot show (1e-17 of an index of 1) is no
    # recommendation.
    kept = [f for f in found if f[0] > THRESHOLD_TOLERANCE]
    own = _gap_shares(
        result.partner_gaps_by_pair,
        np.array([f[3] for f in kept], dtype=np.int64),
        np.array([f[4] for f in kept], dtype=np.int64),
    )
    share_of = {(f[1], f[2]): float(x) for f, x in zip(kept, own.tolist(), strict=True)}
    # gains grouped when equal but for rounding (rank_groups: by the values, whatever order
    # the sums were added in), gap shares grouped likewise within each group of gains
    by_gain = rank_groups([f[0] for f in kept])
    by_share = rank_groups(own, within=by_gain)
    group = {
        (f[1], f[2]): (int(g), int(h))
        for f, g, h in zip(kept, by_gain.tolist(), by_share.tolist(), strict=True)
    }
    ranked = sorted(kept, key=lambda f: (-group[f[1], f[2]][0], -group[f[1], f[2]][1], f[1], f[2]))
    best = ranked[:k]
    # ties left out that gain as much as a listed one (gap shares or ids chose between them):
    # named beside it, so that a renaming can change which is listed but not what the list says
    tail = group[best[-1][1], best[-1][2]][0] if best else None
    left_out = [
        (f[1], f[2])
        for f in itertools.takewhile(lambda f: group[f[1], f[2]][0] == tail, ranked[k:])
    ]
    shares = np.array([share_of[f[1], f[2]] for f in best], dtype=np.float64)
    assert result.index is not None
    before = result.index
    for gain, *_ in best:  # a value out of range is a bug: never clip it away
        if not before + gain <= 1.0 + 1e-12:
            raise AssertionError(f"internal error: index after a tie {before + gain!r} above 1")
    assumed = _assumed_shares(index, config, result, counted, [(f[3], f[4]) for f in best], s)
    return tuple(
        TieRecommendation(
            source=source,
            target=target,
            strength=s,
            gain=gain,
            index_before=before,
            index_after=min(before + gain, 1.0),  # 1.0000000000000002: rounding only
            gap_share=float(share),
            assumed_overlap_share=part,
            equal_gains=(
                tuple(left_out[:EQUAL_GAINS_NAMED]) if group[source, target][0] == tail else ()
            ),
            equal_gains_left_out=len(left_out) if group[source, target][0] == tail else 0,
        )
        for (gain, source, target, _, _), share, part in zip(
            best, shares.tolist(), assumed, strict=True
        )
    )


def _assumed_shares(
    index: ModelArrays,
    config: ScoringConfig,
    result: Reinforcement,
    counted: FloatArray,
    ties: list[tuple[int, int]],
    s: float,
) -> list[float]:
    r"""Return, for each tie, the part of its gain on pairs whose overlap is assumed.

    The change of :math:`\sum R k` a tie makes, pair by pair (:meth:`_Candidates.changes`),
    on the pairs with an activity whose populations or places are not recorded
    (:attr:`~._arrays.ModelArrays.overlap_unrecorded`), over the whole change; 0 when no
    activity lacks them (nothing is computed then). Only the pairs of the ``k`` ties chosen are
    listed: the cost is theirs, not that of every pair.
    """
    unrecorded = index.overlap_unrecorded
    if not ties or not bool(unrecorded.any()):
        return [0.0] * len(ties)
    candidates = _Candidates(index, config, result, [x for tie in ties for x in tie], counted)
    pairs = result.pairs
    out = []
    for p, q in ties:
        change, of_p, of_q = candidates.changes(p, q, s)
        union = _sorted_union(of_p, of_q)
        assert change.size == union.size
        total = float(change.sum())
        assumed = float(change[unrecorded[pairs.a[union]] | unrecorded[pairs.b[union]]].sum())
        share = assumed / total if total > 0 else 0.0
        if not -1e-12 <= share <= 1.0 + 1e-9:  # a part above its whole is a bug: never clip it
            raise AssertionError(f"internal error: assumed_overlap_share = {share!r}")
        out.append(min(max(share, 0.0), 1.0))  # rounding only (checked above)
    return out


def _backbone_candidates(
    index: ModelArrays,
    result: Reinforcement,
    strength: float,
    floor: float,
    whole: FloatArray | None = None,
) -> tuple[IntArray, FloatArray]:
    r"""Return the partners a tie to the backbone could help, best bound first, and the bounds.

    A tie to the backbone raises coordination on pairs led by third partners (the brokered
    floor), so its gain can be large with no coordination gap of its own: a backbone that leads
    few activities has small gaps. The partners returned are those whose tie to the backbone is
    weaker than ``strength`` and whose bound is positive, ordered by decreasing bound, then id.

    **The bound.** A tie of strength :math:`s` between the backbone :math:`b` and a partner
    :math:`p` changes only pairs with an activity of :math:`p` (pairs of the backbone's other
    activities already reach it). It raises the coordination of such a pair :math:`(a, c)`,
    :math:`p \in a`, to at most what :math:`c` offers: :math:`\max(s, \kappa_{bb})` when
    :math:`b \in c`, the brokered floor :math:`\kappa_{bb}` when :math:`c` already reaches
    the backbone, else nothing (were :math:`p` in :math:`c` too, the two activities would share
    a partner and already have :math:`k = 1`). So the gain is at most

    .. math::

        U(p) = \frac{1}{\sum R} \sum_{a \ni p} \sum_{(a, c)} R\,
        \bigl(\text{offer}(c) - k\bigr)^+

    over the pairs the index counts (between partners); a pair of two of :math:`p`'s
    activities would count twice, but it has :math:`k = 1` and counts nothing. A partner
    already tied to the backbone already reaches it: only the pairs across (:math:`b \in c`,
    offering :math:`s`) count for it. ``whole`` is :math:`R` of every pair the index counts,
    if already derived.
    """
    b = index.backbone
    pairs = result.pairs
    n_act = len(index.activity_ids)
    table = index.partner_sets
    incidence = sp.csr_array(table.members[table.of])  # activities × partners
    has_b = np.asarray(incidence[:, [b]].toarray(), dtype=np.float64).reshape(-1) > 0
    reach = np.asarray(incidence @ index.tied_to_backbone.astype(np.float64)) > 0
    offer = np.where(has_b, max(strength, floor), np.where(reach, floor, 0.0))
    across = np.where(has_b, strength, 0.0)  # all a partner already tied can still gain
    per_activity = np.zeros(n_act)
    per_activity_tied = np.zeros(n_act)
    step = 1 << 20
    for start in range(0, len(pairs), step):
        rows = slice(start, start + step)
        a, c = pairs.a[rows], pairs.b[rows]
        if whole is None:
            counted = pairs.at("reinforcement", rows)
            counted *= pairs.between[rows]
        else:
            counted = whole[rows]
        k = pairs.at("coordination", rows)
        offer_a, offer_c = offer[a], offer[c]
        per_activity += np.bincount(a, counted * np.maximum(offer_c - k, 0.0), minlength=n_act)
        per_activity += np.bincount(c, counted * np.maximum(offer_a - k, 0.0), minlength=n_act)
        # across the backbone: only its own pairs
        near = np.flatnonzero(has_b[a] | has_b[c])
        a_near, c_near, k_near = a[near], c[near], k[near]
        per_activity_tied += np.bincount(
            a_near, counted[near] * np.maximum(across[c_near] - k_near, 0.0), minlength=n_act
        )
        per_activity_tied += np.bincount(
            c_near, counted[near] * np.maximum(across[a_near] - k_near, 0.0), minlength=n_act
        )
    # a partner already tied to the backbone reaches it: only the pairs across can change
    bound = np.where(
        index.tied_to_backbone,
        np.asarray(incidence.T @ per_activity_tied, dtype=np.float64),
        np.asarray(incidence.T @ per_activity, dtype=np.float64),
    )
    bound /= result.total_reinforcement
    tie = np.asarray(index.tie_strength[[b], :].toarray(), dtype=np.float64).reshape(-1)
    eligible = (tie < strength) & (bound > 0)
    eligible[b] = False
    partners = np.flatnonzero(eligible)
    rank = id_ranks(index.partner_ids)
    return partners[np.lexsort((rank[partners], -bound[partners]))], bound


def recommend_ties(
    initiative: Initiative | Prepared,
    *,
    k: int = 5,
    config: ScoringConfig | None = None,
    strength: float | None = None,
    as_of: dt.date | None = None,
) -> tuple[TieRecommendation, ...]:
    r"""Rank the ties whose addition would raise the alignment index most.

    Every pair of partners whose current tie is weaker than ``strength`` is a candidate, also
    partners who lead nothing (a funder taking part in others' activities). The gains of ties
    between two partners other than the backbone are summed for every pair at once (the pairs
    across them, :func:`_tie_sums`); the ties to the backbone, which also let the other
    partner's activities reach it, are bounded and evaluated exactly while they can still rank
    (:func:`_backbone_candidates`). The ``k`` largest gains are returned, ties in the gain
    broken by the larger ``gap_share`` (the tie that mends more of the two partners' own
    coordination gap), then by the partners' ids: gains equal but for rounding are ties, as the
    same sums added in another order (which renaming activities changes) differ in their last
    bit. Equal means in one group of :func:`~._tolerance.rank_groups`: sorted, neighbours within
    a relative :math:`10^{-12}` of the larger, chained; gap shares are grouped likewise within
    each group of gains. A gain of at most ``1e-9`` (absolute: the
    index lies in [0, 1]) is no recommendation, the tolerance within which a change of the
    index is no change (:meth:`Assessment.diff <collective_impact.Assessment.diff>`).

    Parameters
    ----------
    initiative
        The initiative, or a :class:`~collective_impact.Prepared` object (its reinforcement
        is computed once and shared).
    k
        How many recommendations at most.
    config
        Weights and thresholds (``recommended_tie_strength`` is the default ``strength``);
        with a prepared object, its own.
    strength
        Strength of the proposed ties, in (0, 1].
    as_of
        The date of judgement (see :func:`~collective_impact.prepare`): only the activities
        running on it count; with a prepared object, its own.

    Returns
    -------
    tuple of TieRecommendation
        Best first; empty when the index is undefined or no tie would raise it.

    Raises
    ------
    ValidationError
        When ``strength`` is not a number in (0, 1] (named ``recommended_tie_strength``, the
        setting it overrides): a tie of strength 1.5 does not exist, and its predicted gain
        would be beyond any real tie's; when ``k`` is not a whole number at least 0 (``2.5``
        failed inside numpy, ``True`` was taken as 1).

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (continuous communication between partners whose work depends on
      each other).

    Examples
    --------
    Two untied partners, one activity each, both +0.8 on the only agenda indicator: the pair
    reinforces (:math:`R = 0.64`) but is not coordinated (:math:`k = 0`), so the index is 0.
    A tie of strength 1 raises :math:`k` to 1: the gain is :math:`0.64 \cdot (1 - 0) / 0.64 = 1`.

    >>> import collective_impact as ci
    >>> two = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit"),
    ...               ci.Partner(id="q", name="Q", sector="business")],
    ...     goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
    ...                 ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8})],
    ... )
    >>> (rec,) = recommend_ties(two, k=1)
    >>> rec.source, rec.target, rec.index_before, rec.gain, rec.index_after
    ('p', 'q', 0.0, 1.0, 1.0)

    On the bundled example, the predicted index is the one a new assessment finds:

    >>> init = ci.load_example("cradle-to-career")
    >>> best = recommend_ties(init, k=1)[0]
    >>> after = init.with_ties(ci.Tie(source=best.source, target=best.target,
    ...                               strength=best.strength))
    >>> new_index = ci.assess(after).alignment.index
    >>> abs(new_index - best.index_after) < 1e-12
    True
    """
    expect_count(k, argument="k")
    # the same numbers as assess, to the bit (the activities running on as_of)
    prepared = prepare(initiative, config=config, as_of=as_of)
    cfg = prepared.config
    if strength is not None:  # checked as the setting it overrides: a number in (0, 1]
        cfg = attrs.evolve(cfg, recommended_tie_strength=strength)
    return _rank_ties(prepared.arrays, prepared.reinforcement, cfg, k, cfg.recommended_tie_strength)
