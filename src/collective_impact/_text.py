"""Words and numbers for the readable outputs (terminal, change report, HTML views).

One place for the small phrasing rules every view shares, so the terminal, the HTML report and
the change report say the same thing the same way.
"""

from __future__ import annotations

import math

__all__ = ["STATUS_WORDS", "number", "plural"]

#: Each indicator status in words.
STATUS_WORDS = {
    "met": "target met",
    "on-track": "on track",
    "at-risk": "at risk",
    "off-track": "off track",
    "insufficient-data": "insufficient data",
}


def plural(count: float, one: str, many: str | None = None) -> str:
    """Return ``count`` (rounded) with the right form of the word.

    Examples
    --------
    >>> plural(1, "partner"), plural(3.0, "activity", "activities"), plural(0, "gap")
    ('1 partner', '3 activities', '0 gaps')
    """
    n = round(count)
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def number(value: float | None, spec: str = ".3g") -> str:
    """Format a number; ``–`` when it is undefined (``None``, nan or infinite).

    Examples
    --------
    >>> number(0.12345), number(None), number(float("nan"), ".2f")
    ('0.123', '–', '–')
    """
    if value is None or not math.isfinite(value):
        return "–"
    return format(value, spec)
