"""The fewest random draws from which a spread (an interval, a quantile) is reported.

One rule for :func:`~collective_impact.sensitivity` and
:func:`~collective_impact.alignment_null_test`.

Kept in a module of its own, importing nothing of the library, so that the null test does not
load the sensitivity analysis (and, through it, :mod:`scipy.stats` and the report) for one
number.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MIN_SAMPLES", "QUANTILE_METHOD"]

#: How a quantile is read from random draws, by :func:`~collective_impact.sensitivity` and
#: :func:`~collective_impact.alignment_null_test` alike (``numpy.quantile``'s ``method``): the
#: Weibull plotting position, the :math:`p`-quantile at the 1-based position :math:`(n + 1)p`,
#: whose 5%-95% interval holds on average the 90% of the distribution it names. numpy's
#: default, linear (at :math:`1 + (n - 1)p`), holds :math:`0.9 (n - 1)/(n + 1)`: 82% at 21
#: draws. The null test read its quantiles with it until version 0.1.0.dev12 (found by a
#: reviewer: the two analyses' "90% ranges" were not the same thing).
QUANTILE_METHOD: Final = "weibull"

#: Fewest samples from which a 5%-95% interval (and what is read from the same samples: shares,
#: means, standard deviations, quantiles) is reported; below it they are ``None``: insufficient
#: data. With fewer values a 5% or 95% quantile is the minimum or the maximum, or an
#: interpolation towards it (the Weibull quantiles of :data:`QUANTILE_METHOD`, at the 1-based
#: position :math:`0.05(n + 1)`, up to 19 values; numpy's linear ones, which the null test read
#: until 0.1.0.dev12, at the 0-based :math:`0.05(n - 1)`, up to 20): the sample range, not the
#: 5% tails. From 21 values both ends lie inside the sample range under either convention. See
#: :func:`~collective_impact.sensitivity`, Notes.
MIN_SAMPLES = 21
