"""Words and numbers for the readable outputs (terminal, change report, HTML views).

One place for the small phrasing rules every view shares, so the terminal, the HTML report and
the change report say the same thing the same way.
"""

from __future__ import annotations

import math
import re

__all__ = ["STATUS_WORDS", "amount", "amount_apart", "number", "percent_apart", "plural"]

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


#: Below this size (and above 0) or from :data:`_HUGE` on, :func:`amount` writes a power of ten.
_TINY = 1e-4
_HUGE = 1e15


def amount(value: float | None, digits: int = 3) -> str:
    """Write a quantity for a person: ``digits`` significant figures, without a power of ten.

    Python's ``g`` format writes ``1.12e+03`` for 1120.4 and ``6.57e+03`` for 6569, which a
    committee member should not have to decode. Here a value whose rounding to ``digits``
    significant figures would need a power of ten is written as a whole number instead (it then
    has at least ``digits`` figures), and thousands are separated by commas as the counts of
    every view are (``32,981 gaps``). Only sizes below 0.0001 or from 10¹⁵ keep Python's
    notation; ``–`` stands for an undefined value (``None``, nan or infinite), as in
    :func:`number`.

    Parameters
    ----------
    value
        The quantity.
    digits
        Significant figures below 10 ** ``digits`` (at least 1): 3 for measured and computed
        values (what ``.3g`` gave), 6 for values a person entered, such as targets (what
        ``g`` gave).

    Returns
    -------
    str
        The value in words a reader reads: ``format(value, f",.{digits}g")`` when that has no
        power of ten, else the value rounded to a whole number with separators.

    Examples
    --------
    Three significant figures, then whole numbers (1120.4 rounds to 1,120, not to 1.12e+03;
    999.7 to 1,000, not to 1e+03):

    >>> [amount(v) for v in (0.12345, 12.345, 974.07, 999.7, 1120.4, 6569.0, -3067.455)]
    ['0.123', '12.3', '974', '1,000', '1,120', '6,569', '-3,067']

    Values a person entered, with up to six figures:

    >>> [amount(v, 6) for v in (8.5, 1658.0, 52340.0, 1234.5678, 1234567.0)]
    ['8.5', '1,658', '52,340', '1,234.57', '1,234,567']
    >>> amount(0.0), amount(2e-5), amount(3e15), amount(None), amount(float("inf"))
    ('0', '2e-05', '3e+15', '–', '–')
    """
    if value is None or not math.isfinite(value):
        return "–"
    if digits < 1:
        raise ValueError(f"digits must be at least 1, got {digits}")
    size = abs(value)
    if size >= _HUGE or 0 < size < _TINY:
        return format(value, f".{digits}g")
    # from 10**digits - 0.5 on, rounding to `digits` figures carries into a power of ten
    if size >= 10**digits - 0.5:
        return format(value, ",.0f")
    return format(value, f",.{digits}g")


def amount_apart(value: float, other: float, digits: int = 3) -> str:
    """Write ``value`` as :func:`amount` does, with more figures while it reads as ``other``.

    A value shown beside the number it is compared with must not read as that number when it
    differs: a forecast of 89.95 against a target of 90 is "89.95", not "90", and 1.97 years of
    funding against the 2 needed is "1.97", not "2.0". ``other`` is compared as a person
    entered it (``amount(other, 6)``). Values equal to 9 significant figures keep ``digits``.

    Examples
    --------
    >>> amount_apart(89.95059, 90), amount_apart(1.9726776, 2, 2), amount_apart(75.3, 90)
    ('89.95', '1.97', '75.3')
    >>> amount_apart(90.0000000001, 90)
    '90'
    """
    text = amount(value, digits)
    if not (math.isfinite(value) and math.isfinite(other)) or math.isclose(
        value, other, rel_tol=1e-9, abs_tol=0.0
    ):
        return text
    shown = amount(other, 6)
    for more in range(digits, 10):
        text = amount(value, more)
        if text != shown:
            break
    return text


def percent_apart(share: float, *thresholds: float) -> str:
    """Write ``share`` as a whole percentage, with decimals while it reads as a threshold.

    A share that differs from a threshold it is shown beside must not read as it: 24.5 % of
    the activities against a minimum of 25 % is "24.5%", not "25%", and a progress of 0.996
    is "99.6%" of the way, not "100%" (the whole way), and −0.001 "-0.1%", not "-0%" (none).
    "-0%" reads as "0%".

    Examples
    --------
    >>> percent_apart(13 / 53, 0.25), percent_apart(0.3, 0.25), percent_apart(0.4999, 0.5)
    ('24.5%', '30%', '49.99%')
    >>> [percent_apart(p, 0.0, 1.0) for p in (0.996, -0.001, 1.0, -0.24)]
    ['99.6%', '-0.1%', '100%', '-24%']
    """
    text = f"{share:.0%}"
    if share in thresholds:
        return text

    def shown(value: float, decimals: int) -> str:
        written = f"{value:.{decimals}%}"
        return written[1:] if written.startswith("-") and float(written[:-1]) == 0 else written

    for decimals in range(0, 7):
        text = shown(share, decimals)
        if all(text != shown(t, decimals) for t in thresholds):
            break
    return text


#: What Markdown (CommonMark) reads as markup in running text: emphasis, code, links and
#: images, tables, strikethrough, raw HTML, entities, and the escape itself.
_MARKDOWN_MARKUP = re.compile(r"([\\`*_\[\]|~<>]|&(?=[#A-Za-z]))")


def markdown_text(text: str) -> str:
    r"""Escape ``text`` (names, ids, messages) for running text in a Markdown document.

    Every character CommonMark could read as markup is backslash-escaped, which any ASCII
    punctuation may be: a partner named ``<b>Smith</b>`` is not bold, and ``<script>`` is not
    raw HTML, when the document is rendered. Hyphens, dots and quotes are left alone.

    Examples
    --------
    >>> markdown_text("Cradle <b>bold</b> | *star* _x_ & co, k-ready")
    'Cradle \\<b\\>bold\\</b\\> \\| \\*star\\* \\_x\\_ & co, k-ready'
    >>> markdown_text("AT&T [link](x)")
    'AT\\&T \\[link\\](x)'
    """
    return _MARKDOWN_MARKUP.sub(r"\\\1", text)
