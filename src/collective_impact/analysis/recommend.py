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

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..config import ScoringConfig
from ..model import Initiative
from ._arrays import ModelArrays
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
    """For each activity, the positions of the scored pairs it takes part in (CSR layout)."""

    def __init__(self, result: Reinforcement, n_activities: int) -> None:
        pairs = result.pairs
        owners = np.concatenate([pairs.a, pairs.b])
        order = np.argsort(owners, kind="stable")
        self.n_pairs = len(pairs)
        self.pair_ids = np.concatenate([np.arange(self.n_pairs)] * 2)[order]
        self.indptr = np.zeros(n_activities + 1, dtype=np.int64)
        np.cumsum(np.bincount(owners, minlength=n_activities), out=self.indptr[1:])

    def of(self, activities: NDArray[np.int64]) -> NDArray[np.int64]:
        """Positions of the pairs involving any of ``activities`` (unique, sorted)."""
        starts, stops = self.indptr[activities], self.indptr[activities + 1]
        counts = stops - starts
        if counts.sum() == 0:
            return np.zeros(0, dtype=np.int64)
        offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
        seen = np.zeros(self.n_pairs, dtype=bool)  # dedupe in linear time (no sort, no hash)
        seen[self.pair_ids[np.arange(int(counts.sum())) + offsets]] = True
        return np.flatnonzero(seen)


def _gain(
    index: ModelArrays,
    config: ScoringConfig,
    result: Reinforcement,
    incidence: sp.csc_array,
    reach: NDArray[np.bool_],
    by_activity: _PairsByActivity,
    p: int,
    q: int,
    strength: float,
) -> float:
    r"""Exact index gain of a tie of ``strength`` between partners ``p`` and ``q``.

    Coordination is a maximum of components, and a new tie only raises two of them: the
    strongest link between the pair's partner sets (to ``strength`` when ``p`` is on one side
    and ``q`` on the other), and — when ``p`` or ``q`` is the backbone — the brokered floor,
    because the other partner now reaches the backbone. So
    :math:`k' = \max(k, s\,[\text{p, q across}], \kappa_{bb}[\text{both sides reach}'])`,
    and :math:`k' = k` for every pair without an activity of ``p`` or ``q``.
    """
    acts_p = incidence[:, [p]].indices.astype(np.int64)
    acts_q = incidence[:, [q]].indices.astype(np.int64)
    touched = by_activity.of(np.concatenate([acts_p, acts_q]))
    if touched.size == 0:
        return 0.0
    pairs = result.pairs
    n = len(index.activity_ids)
    has_p = np.zeros(n, dtype=bool)
    has_q = np.zeros(n, dtype=bool)
    has_p[acts_p] = True
    has_q[acts_q] = True
    a, b = pairs.a[touched], pairs.b[touched]
    k_old = pairs.coordination[touched]
    across = (has_p[a] & has_q[b]) | (has_q[a] & has_p[b])
    new_k = np.where(across, np.maximum(k_old, strength), k_old)
    if index.backbone in (p, q) and config.brokered_coordination > 0:
        newly = has_q if index.backbone == p else has_p
        reach_after = reach | newly
        brokered = config.brokered_coordination * (reach_after[a] & reach_after[b])
        new_k = np.maximum(new_k, brokered)  # the floor is a config value in [0, 1]
    counted = pairs.reinforcement[touched] * pairs.between[touched]  # the index counts these
    delta = float((counted * (new_k - k_old)).sum())
    return delta / result.total_reinforcement


def _rank_ties(
    index: ModelArrays, result: Reinforcement, config: ScoringConfig, k: int, s: float
) -> tuple[TieRecommendation, ...]:
    """Rank ties of strength ``s`` to add, from computed scores; see :func:`recommend_ties`."""
    if result.index is None or k <= 0:
        return ()
    table = index.partner_sets
    incidence = sp.csc_array(table.members[table.of])
    # does each activity have a partner that reaches the backbone (is it, or is tied to it)?
    reach = np.asarray(incidence @ index.tied_to_backbone.astype(np.float64)) > 0
    by_activity = _PairsByActivity(result, len(index.activity_ids))
    gaps = result.partner_gap_table
    rows = np.flatnonzero(gaps.tie_strength < s)[:_MAX_CANDIDATES]
    found = []
    for row in rows.tolist():  # candidates (partner pairs), never pairs of activities
        gap = gaps.record(row)
        p, q = int(gaps.p[row]), int(gaps.q[row])
        gain = _gain(index, config, result, incidence, reach, by_activity, p, q, s)
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
    s = cfg.recommended_tie_strength if strength is None else strength
    return _rank_ties(prepared.arrays, prepared.reinforcement, cfg, k, s)
