r"""Recommended ties: which partners to connect for the largest gain in the alignment index.

A new tie of strength :math:`s` between partners :math:`p` and :math:`q` changes only the
coordination of activity pairs that involve :math:`p` or :math:`q`; reinforcement :math:`R` does not
depend on ties. So the gain in the index is exactly

.. math::

    \Delta = \frac{\sum_{(a,b)\ \text{involving}\ p, q} R(a,b)\,\bigl(k'(a,b) - k(a,b)\bigr)}
                  {\sum_{a<b} R(a,b)}

with :math:`k'` the coordination after adding the tie (including its effect through the
backbone when :math:`p` or :math:`q` is the backbone organisation). The prediction is checkable
arithmetic: adding the tie and re-assessing raises the index by exactly :math:`\Delta`.
"""

from __future__ import annotations

import attrs
import numpy as np
import scipy.sparse as sp

from ..config import ScoringConfig
from ..model import Initiative
from ._index import ModelIndex, build_index
from .reinforcement import Reinforcement, coordination, reinforcement_scores

__all__ = ["TieRecommendation", "recommend_ties", "tie_recommendations"]

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
        """Return the recommendation as plain data."""
        return dict(attrs.asdict(self))


def _gain(
    index: ModelIndex,
    config: ScoringConfig,
    result: Reinforcement,
    incidence: sp.csc_array,
    p: int,
    q: int,
    strength: float,
) -> float:
    pairs = result.pairs
    involved = np.asarray(incidence[:, [p, q]].sum(axis=1)).reshape(-1) > 0
    mask = involved[pairs.a] | involved[pairs.b]
    if not mask.any():
        return 0.0
    n_p = len(index.partner_ids)
    new_tie = sp.csr_array(([strength, strength], ([p, q], [q, p])), shape=(n_p, n_p))
    ties = sp.csr_array(index.tie_strength.maximum(new_tie))
    tied = index.tied_to_backbone.copy()
    if index.backbone in (p, q):
        tied[p] = tied[q] = True
    after = coordination(
        index, config, pairs.a[mask], pairs.b[mask], tie_strength=ties, tied_to_backbone=tied
    )
    delta = (pairs.reinforcement[mask] * (after - pairs.coordination[mask])).sum()
    return float(delta / result.total_reinforcement)


def tie_recommendations(
    index: ModelIndex,
    result: Reinforcement,
    config: ScoringConfig,
    *,
    k: int = 5,
    strength: float | None = None,
) -> tuple[TieRecommendation, ...]:
    """Rank ties to add from computed scores; see :func:`recommend_ties`."""
    if result.index is None or k <= 0:
        return ()
    s = config.recommended_tie_strength if strength is None else strength
    table = index.partner_sets
    incidence = sp.csc_array(table.members[table.of])
    candidates = [g for g in result.partner_gaps if g.tie_strength < s][:_MAX_CANDIDATES]
    found = []
    for gap in candidates:
        p, q = index.partner_pos[gap.p], index.partner_pos[gap.q]
        gain = _gain(index, config, result, incidence, p, q, s)
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
    initiative: Initiative,
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
        The initiative.
    k
        How many recommendations at most.
    config
        Weights and thresholds (``recommended_tie_strength`` is the default ``strength``).
    strength
        Strength of the proposed ties, in (0, 1].

    Returns
    -------
    tuple of TieRecommendation
        Best first; empty when the index is undefined or no tie would raise it.

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> best = recommend_ties(init, k=1)[0]
    >>> after = init.with_ties(ci.Tie(source=best.source, target=best.target,
    ...                               strength=best.strength))
    >>> new_index = ci.assess(after).alignment.index
    >>> abs(new_index - best.index_after) < 1e-12
    True
    """
    cfg = config if config is not None else ScoringConfig()
    index = build_index(initiative)
    result = reinforcement_scores(initiative, config=cfg, index=index)
    return tie_recommendations(index, result, cfg, k=k, strength=strength)
