"""Comparisons that rounding cannot decide.

A score computed in another order differs in its last digits (a cosine of 0.7999999999999999
instead of 0.8; a net effect of -2.8e-17 instead of 0 for 0.3 - 0.1 - 0.2). A flag, a severity or
a coverage verdict must not depend on that, so every threshold and every sign test of the
analyses goes through these functions. There are two kinds:

- **scores** (shares, cosines, ratings: values of order 1) are compared with their thresholds
  up to :data:`THRESHOLD_TOLERANCE`, relative to the threshold but at least absolute, and
  less than half a non-zero threshold (:func:`at_least`, :func:`below`, :func:`exceeds`,
  :func:`positive`, :func:`negative`);
- **measured values** (an indicator's values, in whatever unit they are reported) are compared
  up to :data:`FLOAT_NOISE` relative to the values themselves (:func:`reaches`, :func:`beats`,
  :func:`float_noise`): an absolute floor would make a verdict a matter of unit.

Rankings by size group sizes equal but for rounding (:func:`rank_groups`), so that what the
documentation names as the tie-breaker, not the last bit, orders them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "FLOAT_NOISE",
    "RANK_TOLERANCE",
    "THRESHOLD_TOLERANCE",
    "TINY",
    "at_least",
    "beats",
    "below",
    "exceeds",
    "float_noise",
    "least_at",
    "negative",
    "positive",
    "rank_groups",
    "reaches",
]

#: Relative tolerance of threshold comparisons: rounding noise never decides a flag.
THRESHOLD_TOLERANCE = 1e-9

Number = float | NDArray[np.float64]


def _allowance(threshold: float) -> float:
    r"""Return how far a value may fall short of (or not pass) ``threshold`` as rounding.

    :math:`\min(\tau \max(1, |\theta|), |\theta| / 2)` for :math:`\theta \ne 0`, and
    :math:`\tau` for :math:`\theta = 0` (:math:`\tau` = :data:`THRESHOLD_TOLERANCE`): relative to
    the threshold but at least absolute, as the scores' rounding is, and never half the
    threshold or more, so that a comparison never crosses zero. Without that cap a threshold of
    1e-9 (which the configuration accepts) admitted 0: a redundancy of 0 was a duplication and
    no tie at all was a tie "at least weak_tie strong".

    Examples
    --------
    >>> _allowance(0.8), _allowance(0.0), _allowance(1e-9), _allowance(5e-324)
    (1e-09, 1e-09, 5e-10, 0.0)
    """
    allowance = THRESHOLD_TOLERANCE * max(1.0, abs(threshold))
    return allowance if threshold == 0 else min(allowance, abs(threshold) / 2)


def at_least(value: Number, threshold: float) -> Any:
    """Whether ``value >= threshold`` up to :data:`THRESHOLD_TOLERANCE` (relative).

    The allowance is :data:`THRESHOLD_TOLERANCE` relative to the threshold, at least absolute,
    and less than half a non-zero threshold (:func:`_allowance`): 0 is never at least a positive
    threshold.

    Examples
    --------
    >>> bool(at_least(0.7999999999999999, 0.8)), bool(at_least(0.79, 0.8))
    (True, False)
    >>> bool(at_least(0.0, 1e-9)), bool(at_least(1e-9, 1e-9))
    (False, True)
    """
    return value >= least_at(threshold)


def least_at(threshold: float) -> float:
    """Return the least value :func:`at_least` ``threshold``: for a bound used in bulk.

    Examples
    --------
    >>> least_at(0.5) == 0.5 - 1e-9, least_at(1e-9) == 5e-10
    (True, True)
    """
    return threshold - _allowance(threshold)


def below(value: Number, threshold: float) -> Any:
    """Whether ``value < threshold`` beyond rounding: the negation of :func:`at_least`."""
    return np.logical_not(at_least(value, threshold))


def exceeds(value: Number, threshold: float) -> Any:
    """Whether ``value > threshold`` beyond rounding (:data:`THRESHOLD_TOLERANCE`, relative)."""
    return value > threshold + _allowance(threshold)


#: The smallest normal double: below it rounding is absolute (a subnormal product is off by up
#: to 5e-324 whatever its size), so no net that terms of both signs leave smaller than this is
#: told from 0.
TINY = float(np.finfo(np.float64).tiny)


def _net_allowance(value: Number, scale: Number) -> Any:
    """:data:`THRESHOLD_TOLERANCE` times ``scale``; at least :data:`TINY` where terms cancelled.

    Terms cancelled where the net is smaller in size than their magnitude (``|value| <
    scale``); a sum of terms of one sign (``|value| == scale``) is no cancellation, and keeps
    its value however small (one contribution of 1e-310 helps its indicator).
    """
    allowance = THRESHOLD_TOLERANCE * np.asarray(scale, dtype=np.float64)
    cancelled = np.abs(value) < scale
    return np.where(cancelled, np.maximum(allowance, TINY), allowance)


def positive(value: Number, scale: Number) -> Any:
    """Whether a sum ``value`` of terms of total magnitude ``scale`` is positive beyond rounding.

    ``scale`` is the sum of the absolute values of the terms; a net value within
    :data:`THRESHOLD_TOLERANCE` times it is zero: help and harm that cancel on paper. So is a
    net of terms of both signs below :data:`TINY` (2.2e-308), where rounding is absolute: at a
    scale of 1e-316 the same cancellation left 5e-324, and 1e-9 of the scale underflowed to 0.
    A sum of terms of one sign is never cancelled, however small.

    Examples
    --------
    >>> terms = [0.3, -0.1, -0.2]
    >>> sum(terms), bool(negative(sum(terms), sum(map(abs, terms))))
    (-2.7755575615628914e-17, False)
    >>> bool(positive(5e-324, 1.6e-316)), bool(positive(1e-310, 1e-310))
    (False, True)
    """
    return value > _net_allowance(value, scale)


#: Relative tolerance within which two sizes rank as equal (:func:`rank_groups`): 1e-12 of the
#: larger magnitude, some 4,500 times the precision of a double, far below any size a reader
#: could tell apart.
RANK_TOLERANCE = 1e-12


def rank_groups(values: ArrayLike, within: ArrayLike | None = None) -> NDArray[np.int64]:
    r"""Return the rank group of each of ``values``: sizes equal but for rounding share one.

    The values are sorted; two neighbours in that order are in one group when they are equal (or
    both NaN) or both finite and :math:`|b - a| \le \epsilon \max(|a|, |b|)` (:math:`\epsilon` =
    :data:`RANK_TOLERANCE`), and groups chain (a run of such neighbours is one group, however
    far its ends lie apart). Each value's group is the index of its group in that order, 0 for
    the smallest values, so a larger group is a larger size: rank by ``-group`` for the largest
    first, and let what the documentation names break the ties (a second size, then the ids).
    The partition depends only on the values as a set, not on which bit pattern came first: the
    same terms summed in another order (which renaming ids can change: 0.22302386529149995 and
    0.2230238652915) tie, unless a third value lies about :math:`\epsilon` from them, right at
    the threshold (one bit pattern may then chain to it and the other not). Rounding to 12
    significant digits did not: two such sums could fall either side of a rounding boundary
    (0.223023865291 and 0.223023865292), and the ids' order of summation decided the ranking.
    NaNs are one group, after every number; infinities tie only with themselves; 0 ties only
    with zeros.

    With ``within`` (integer labels, one per value), values are grouped only with values of
    the same label: the group of a second key within each group of the first. Groups are
    then numbered in order of (label, value), so they still rank the values within a label.

    One sort: :math:`O(n \log n)`, no loop over pairs.

    Examples
    --------
    >>> rank_groups([0.22302386529149995, 0.2230238652915, 0.1]).tolist()
    [1, 1, 0]
    >>> rank_groups([0.2, 0.1, 0.3]).tolist(), rank_groups([]).tolist()
    ([1, 0, 2], [])
    >>> rank_groups([0.5, 0.5, 0.5], within=[1, 0, 1]).tolist()
    [1, 0, 1]
    """
    x = np.asarray(values, dtype=np.float64).ravel()
    n = x.size
    groups = np.empty(n, dtype=np.int64)
    if n == 0:
        return groups
    if within is None:
        label = np.zeros(n, dtype=np.int64)
        order = np.argsort(x, kind="stable")
    else:
        label = np.asarray(within, dtype=np.int64).ravel()
        order = np.lexsort((x, label))
    v, lab = x[order], label[order]
    a, b = v[:-1], v[1:]
    with np.errstate(over="ignore", invalid="ignore"):
        close = (
            (a == b)
            | (np.isnan(a) & np.isnan(b))
            | (
                np.isfinite(a)
                & np.isfinite(b)
                & (b - a <= RANK_TOLERANCE * np.maximum(np.abs(a), np.abs(b)))
            )
        )
    new = np.ones(n, dtype=bool)
    new[1:] = ~(close & (lab[1:] == lab[:-1]))
    groups[order] = np.cumsum(new) - 1
    return groups


def negative(value: Number, scale: Number) -> Any:
    """Whether a sum ``value`` of terms of total magnitude ``scale`` is negative beyond rounding.

    As :func:`positive`: within :data:`THRESHOLD_TOLERANCE` times ``scale``, or within
    :data:`TINY` when terms of both signs cancelled, a net value is zero.
    """
    return value < -_net_allowance(value, scale)


#: The rounding noise of measured values computed in floating point, relative to their
#: magnitude: 1,024 times the precision of a double (:math:`2^{-42} \approx 2.3 \cdot 10^{-13}`).
FLOAT_NOISE = 2.0**-42


def reaches(value: float, threshold: float, scale: float = 0.0) -> bool:
    r"""Whether a measured ``value`` is at least ``threshold``, up to floating-point rounding.

    :math:`v \ge \theta - 2^{-42} \max(|v|, |\theta|, s)`: relative to the values
    themselves, in whatever unit they are. ``scale`` (:math:`s`) is the magnitude of the
    values ``value`` was computed from (the reports a mean averages, the points a trend's
    forecast is fitted to): their rounding is its rounding. Without it, a forecast of a line
    falling exactly to a target of 0 (8, 6, 4, then 2 and 0 ahead) came out 8.9e-16 and missed
    0 by more than :math:`2^{-42}` of the two numbers compared, none of 0: `at-risk`.

    The tolerance of the scores' thresholds, :math:`10^{-9} \max(1, |\theta|)`, made "met" a
    matter of unit: a miss of 6e-10 on a target of 4.5e-9 (a rate per person) was within it,
    and a miss of 900 on a target of 1e12 + 1500.

    Parameters
    ----------
    value, threshold : float
        The computed value and what it should reach (both signed so that more is better).
    scale : float, optional
        The largest magnitude among the values ``value`` was computed from; 0 for a value
        given, not computed.

    Returns
    -------
    bool
        Whether ``value`` reaches ``threshold`` but for rounding.

    Examples
    --------
    >>> reaches(10.399999999999999, 10.4), reaches(4.5e-9 - 6e-10, 4.5e-9)
    (True, False)
    >>> reaches(-8.9e-16, 0.0), reaches(-8.9e-16, 0.0, scale=8.0)
    (False, True)
    """
    return value >= threshold - FLOAT_NOISE * max(abs(value), abs(threshold), abs(scale))


def beats(value: float, threshold: float) -> bool:
    """Whether a measured ``value`` exceeds ``threshold`` beyond rounding (see :func:`reaches`).

    Examples
    --------
    >>> beats(10.400000000000002, 10.4), beats(10.5, 10.4)
    (False, True)
    """
    return value > threshold + FLOAT_NOISE * max(abs(value), abs(threshold))


def float_noise(values: Iterable[float]) -> float:
    r"""Return the rounding noise of measured values: :math:`2^{-42} \max_i |v_i|`.

    A thousand times the precision of a double, so that a difference of two group values typed
    with one decimal (40.3 - 30.0 = 10.299999999999997), or of values near :math:`10^{14}`
    (exact to 0.0156), is rounding. It is not the relative :math:`10^{-9}` of the thresholds:
    near :math:`10^{10}` that is 10, and gaps scattered by 6.5 about their line were taken for
    an exact line, a widening with p = 0. For a difference, pass the values it is taken from:
    their rounding is its rounding.

    Examples
    --------
    >>> float_noise([40.3, -30.0]) == 40.3 * 2.0**-42, float_noise([])
    (True, 0.0)
    """
    return FLOAT_NOISE * max(map(abs, values), default=0.0)
