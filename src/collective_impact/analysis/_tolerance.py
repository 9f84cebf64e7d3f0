"""Comparisons that rounding cannot decide: thresholds and signs up to a relative 1e-9.

A score computed in another order differs in its last digits (a cosine of 0.7999999999999999
instead of 0.8; a net effect of -2.8e-17 instead of 0 for 0.3 - 0.1 - 0.2). A flag, a severity or
a coverage verdict must not depend on that, so every threshold and every sign test of the
analyses goes through these functions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "RANK_DIGITS",
    "THRESHOLD_TOLERANCE",
    "at_least",
    "below",
    "exceeds",
    "negative",
    "positive",
    "rank_size",
]

#: Relative tolerance of threshold comparisons: rounding noise never decides a flag.
THRESHOLD_TOLERANCE = 1e-9

Number = float | NDArray[np.float64]


def at_least(value: Number, threshold: float) -> Any:
    """Whether ``value >= threshold`` up to :data:`THRESHOLD_TOLERANCE` (relative).

    Examples
    --------
    >>> bool(at_least(0.7999999999999999, 0.8)), bool(at_least(0.79, 0.8))
    (True, False)
    """
    return value >= threshold - THRESHOLD_TOLERANCE * max(1.0, abs(threshold))


def below(value: Number, threshold: float) -> Any:
    """Whether ``value < threshold`` beyond rounding: the negation of :func:`at_least`."""
    return np.logical_not(at_least(value, threshold))


def exceeds(value: Number, threshold: float) -> Any:
    """Whether ``value > threshold`` beyond rounding (:data:`THRESHOLD_TOLERANCE`, relative)."""
    return value > threshold + THRESHOLD_TOLERANCE * max(1.0, abs(threshold))


def positive(value: Number, scale: Number) -> Any:
    """Whether a sum ``value`` of terms of total magnitude ``scale`` is positive beyond rounding.

    ``scale`` is the sum of the absolute values of the terms; a net value within
    :data:`THRESHOLD_TOLERANCE` times it is zero: help and harm that cancel on paper.

    Examples
    --------
    >>> terms = [0.3, -0.1, -0.2]
    >>> sum(terms), bool(negative(sum(terms), sum(map(abs, terms))))
    (-2.7755575615628914e-17, False)
    """
    return value > THRESHOLD_TOLERANCE * scale


#: Significant digits by which sizes are ranked (:func:`rank_size`).
RANK_DIGITS = 12


def rank_size(value: float) -> float:
    """Return ``value`` to :data:`RANK_DIGITS` significant digits: the size a ranking compares.

    Two sizes equal but for rounding (the same terms summed in another order, which renaming
    ids can change: 0.45801526717557256 and 0.4580152671755725) rank as equal, and what breaks
    ties (the ids) decides between them, as documented, not the last bit.

    Examples
    --------
    >>> rank_size(0.45801526717557256) == rank_size(0.4580152671755725)
    True
    >>> rank_size(float("inf"))
    inf
    """
    return float(f"{value:.{RANK_DIGITS}g}")


def negative(value: Number, scale: Number) -> Any:
    """Whether a sum ``value`` of terms of total magnitude ``scale`` is negative beyond rounding."""
    return value < -THRESHOLD_TOLERANCE * scale
