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
arithmetic: adding the tie and re-assessing raises the index by exactly :math:`\Delta`.
"""

from __future__ import annotations

from collections import Counter

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..config import ScoringConfig
from ..model import Initiative
from ._arrays import ModelArrays, _grouped, _ranges
from .prepared import Prepared, prepare
from .reinforcement import Reinforcement

__all__ = ["TieRecommendation", "recommend_ties"]

#: Partner pairs evaluated exactly, taken in order of their coordination gap.
_MAX_CANDIDATES = 200


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
    """

    source: str
    target: str
    strength: float
    gain: float
    index_before: float
    index_after: float
    gap_share: float

    def to_dict(self) -> dict[str, float | str]:
        """Return the recommendation as plain data.

        Returns
        -------
        dict of str to float or str
            The attributes by name: ``source`` and ``target`` (ids), ``strength``, ``gain``,
            ``index_before``, ``index_after`` and ``gap_share`` (floats).

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
        return dict(attrs.asdict(self))


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
    """What the gains of the candidate ties need, computed once per ranking.

    The pairs of each candidate partner (those with one of its activities) are listed once and
    kept while later candidates still need them: candidates share partners (the hubs), so the
    pairs of a candidate tie are the union of two kept lists.
    """

    def __init__(
        self,
        index: ModelArrays,
        config: ScoringConfig,
        result: Reinforcement,
        partners: list[int],
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
        self.counted = result.pairs.reinforcement
        self.counted *= result.pairs.between

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
        r"""Exact index gain of a tie of ``strength`` between partners ``p`` and ``q``.

        Coordination is a maximum of components, and a new tie only raises two of them: the
        strongest link between the pair's partner sets (to ``strength`` when ``p`` is on one
        side and ``q`` on the other), and — when ``p`` or ``q`` is the backbone — the brokered
        floor, because the other partner now reaches the backbone. So
        :math:`k' = \max(k, s\,[\text{p, q across}], \kappa_{bb}[\text{both sides reach}'])`,
        and :math:`k' = k` for every pair without an activity of ``p`` or ``q``. The change is
        summed over every pair with an activity of ``p`` or ``q``, in the order of the pairs.
        """
        index, config, result = self.index, self.config, self.result
        pairs = result.pairs
        of_p, of_q = self.pairs_of(p), self.pairs_of(q)
        side = self.side  # 1: an activity of p, 2: of q, 3: of both
        acts_p, acts_q = self.activities(p), self.activities(q)
        side[acts_p] |= 1
        side[acts_q] |= 2
        try:
            if index.backbone in (p, q) and config.brokered_coordination > 0:
                touched = np.union1d(of_p, of_q)
                a, b = pairs.a[touched], pairs.b[touched]
                sa, sb = side[a], side[b]
                across = ((sa & 1) & (sb >> 1)) | ((sa >> 1) & (sb & 1))
                k_old = pairs.at("coordination", touched)
                counted = self.counted[touched]  # the pairs the index counts
                new_k = np.where(across, np.maximum(k_old, strength), k_old)
                joins = 2 if index.backbone == p else 1  # the partner now reaching the backbone
                reach_a = self.reach[a] | ((sa & joins) > 0)
                reach_b = self.reach[b] | ((sb & joins) > 0)
                brokered = config.brokered_coordination * (reach_a & reach_b)
                new_k = np.maximum(new_k, brokered)  # the floor is a config value in [0, 1]
                change = counted * (new_k - k_old)
            else:
                # only the pairs across p and q change, every other term is an exact zero: the
                # changes are written at their places among the pairs of p or q. Every pair
                # across, and every pair of both, is among the shorter list.
                near = of_p if of_p.size <= of_q.size else of_q
                sa, sb = side[pairs.a[near]], side[pairs.b[near]]
                across = ((sa & 1) & (sb >> 1)) | ((sa >> 1) & (sb & 1))
                hit = near[across > 0]
                both = near[((sa | sb) == 3)]  # the pairs in both lists
                size = of_p.size + of_q.size - both.size
                if size == 0:
                    return 0.0
                at = np.searchsorted(of_p, hit) + np.searchsorted(of_q, hit)
                at -= np.searchsorted(both, hit)
                k = pairs.at("coordination", hit)
                counted = self.counted[hit]  # the index counts these
                change = np.zeros(size)
                change[at] = counted * (np.maximum(k, strength) - k)
        finally:
            side[acts_p] = 0
            side[acts_q] = 0
        delta = float(change.sum())
        return delta / result.total_reinforcement


def _rank_ties(
    index: ModelArrays, result: Reinforcement, config: ScoringConfig, k: int, s: float
) -> tuple[TieRecommendation, ...]:
    """Rank ties of strength ``s`` to add, from computed scores; see :func:`recommend_ties`."""
    if result.index is None or k <= 0:
        return ()
    by_pair = result.partner_gaps_by_pair
    # the largest gaps first: sorting only the candidates, not every pair of partners
    gaps = by_pair.order(np.flatnonzero(by_pair.tie_strength < s), limit=_MAX_CANDIDATES)
    if len(gaps) == 0:
        return ()
    candidates = _Candidates(index, config, result, [*gaps.p.tolist(), *gaps.q.tolist()])
    found = []
    for row in range(len(gaps)):  # candidates (partner pairs), never pairs of activities
        gap = gaps.record(row)
        gain = candidates.gain(int(gaps.p[row]), int(gaps.q[row]), s)
        if gain > 0:
            found.append(
                TieRecommendation(
                    source=gap.p,
                    target=gap.q,
                    strength=s,
                    gain=gain,
                    index_before=result.index,
                    index_after=result.index + gain,
                    gap_share=gap.share,
                )
            )
    found.sort(key=lambda r: (-r.gain, r.source, r.target))
    return tuple(found[:k])


def recommend_ties(
    initiative: Initiative | Prepared,
    *,
    k: int = 5,
    config: ScoringConfig | None = None,
    strength: float | None = None,
) -> tuple[TieRecommendation, ...]:
    r"""Rank the ties whose addition would raise the alignment index most.

    Candidates are the pairs of lead partners with a coordination gap (up to 200, largest gap
    first) whose current tie is weaker than ``strength``; each candidate's gain is computed
    exactly (see the module notes), and the ``k`` largest gains are returned.

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

    Returns
    -------
    tuple of TieRecommendation
        Best first; empty when the index is undefined or no tie would raise it.

    Raises
    ------
    ValidationError
        When ``strength`` is not a number in (0, 1] (named ``recommended_tie_strength``, the
        setting it overrides): a tie of strength 1.5 does not exist, and its predicted gain
        would be beyond any real tie's.

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
    prepared = prepare(initiative, config=config)  # the same numbers as assess, to the bit
    cfg = prepared.config
    if strength is not None:  # checked as the setting it overrides: a number in (0, 1]
        cfg = attrs.evolve(cfg, recommended_tie_strength=strength)
    return _rank_ties(prepared.arrays, prepared.reinforcement, cfg, k, cfg.recommended_tie_strength)
