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
#: data. ``numpy.percentile`` puts the 5th percentile of ``n`` values at the 0-based position
#: :math:`0.05(n - 1)`: below 1 (``n`` up to 20) it interpolates towards the minimum, and the
#: 95th towards the maximum; from :math:`n = 21` (position exactly 1) both ends are order
#: statistics inside the sample, with at least one sample beyond each. See
#: :func:`~collective_impact.sensitivity`, Notes.
MIN_SAMPLES = 21
