"""The fewest random draws from which a spread (an interval, a quantile) is reported.

One rule for :func:`~collective_impact.sensitivity` and
:func:`~collective_impact.alignment_null_test`.

Kept in a module of its own, with no imports, so that the null test does not load the
sensitivity analysis (and, through it, :mod:`scipy.stats` and the report) for one number.
"""

from __future__ import annotations

__all__ = ["MIN_SAMPLES"]

#: Fewest samples from which a 5%-95% interval (and what is read from the same samples: shares,
#: means, standard deviations, quantiles) is reported; below it they are ``None``: insufficient
#: data. With fewer values a 5% or 95% quantile is the minimum or the maximum, or an
#: interpolation towards it (numpy's linear quantiles, at the 0-based position
#: :math:`0.05(n - 1)`, up to 20 values; the Weibull ones of the sensitivity analysis, at the
#: 1-based :math:`0.05(n + 1)`, up to 19): the sample range, not the 5% tails. From 21 values
#: both ends lie inside the sample range under either convention. See
#: :func:`~collective_impact.sensitivity`, Notes.
MIN_SAMPLES = 21
