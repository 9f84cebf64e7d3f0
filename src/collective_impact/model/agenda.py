"""The common agenda: goals, each measured by indicators."""

from __future__ import annotations

import attrs

from ._fields import IDENT, Items, ModelBase, Number, Text, meta, to_float, to_strs

__all__ = ["Goal"]


@attrs.frozen(kw_only=True)
class Goal(ModelBase):
    """A goal of the common agenda, measured by one or more indicators.

    Parameters
    ----------
    id
        Unique among goals.
    statement
        The goal in words ("Every child enters kindergarten ready to learn").
    indicators
        Ids of the indicators that measure progress on the goal.
    weight
        Relative importance of the goal (> 0); an indicator's *goal weight* is the sum of the
        weights of the goals that list it.

    Examples
    --------
    >>> Goal(id="ready", statement="Every child ready for school", indicators=["k-ready"]).weight
    1.0
    """

    id: str = attrs.field(metadata=meta(IDENT, "Unique id of the goal."))
    statement: str = attrs.field(metadata=meta(Text(), "The goal in words."))
    indicators: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_strs,
        metadata=meta(Items(IDENT), "Ids of the indicators that measure the goal."),
    )
    weight: float = attrs.field(
        default=1.0,
        converter=to_float,
        metadata=meta(Number(exclusive_minimum=0.0), "Relative importance of the goal (> 0)."),
    )
