"""Checks of the arguments of the public functions: their types, in constant time.

The annotations are promises a caller (a notebook) may not keep: a function given the wrong
object said ``'NoneType' object has no attribute 'gaps'`` from deep inside. Each check here
refuses it where the function first reads it, with an
:class:`~collective_impact.ArgumentTypeError` naming the argument, the type expected and the
type given. :func:`~collective_impact.model.initiative.expect_initiative` is the check of an
initiative.
"""

from __future__ import annotations

import numpy as np

from .config import ScoringConfig
from .errors import ArgumentTypeError, ProblemCode, ValidationError, expect_type
from .model import Indicator, Initiative

__all__ = ["expect_assessment", "expect_config", "expect_count", "expect_indicator"]


def expect_config(value: object, *, argument: str = "config") -> None:
    """Refuse anything but ``None`` or a :class:`~collective_impact.ScoringConfig`.

    Raises
    ------
    ArgumentTypeError
        When ``value`` is neither.

    Examples
    --------
    >>> expect_config({"pathway_weight": 0.5})
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentTypeError: config must be a ScoringConfig (ScoringConfig.from_dict reads a mapping), got dict
    """  # noqa: E501
    if value is not None and not isinstance(value, ScoringConfig):
        raise ArgumentTypeError(
            f"{argument} must be a ScoringConfig (ScoringConfig.from_dict reads a mapping), "
            f"got {type(value).__name__}",
            argument=argument,
        )


def expect_assessment(value: object, *, argument: str, optional: bool = False) -> None:
    """Refuse anything but an :class:`~collective_impact.Assessment` (or ``None``, if optional).

    Raises
    ------
    ArgumentTypeError
        When ``value`` is not an assessment; an initiative is told to be assessed first.

    Examples
    --------
    >>> import collective_impact as ci
    >>> expect_assessment(ci.load_example("workforce"), argument="other")
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentTypeError: other: expected an Assessment, got Initiative: assess it first (collective_impact.assess)
    """  # noqa: E501
    from .report import Assessment  # loaded with the caller, which takes an assessment

    if optional and value is None:
        return
    hint = ": assess it first (collective_impact.assess)" if isinstance(value, Initiative) else ""
    expected = "an Assessment or None" if optional else "an Assessment"
    expect_type(value, Assessment, argument=argument, expected=expected, hint=hint)


def expect_indicator(value: object, *, argument: str = "indicator") -> None:
    """Refuse anything but an :class:`~collective_impact.Indicator`.

    Raises
    ------
    ArgumentTypeError
        When ``value`` is not an indicator.

    Examples
    --------
    >>> expect_indicator(None)
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentTypeError: indicator: expected an Indicator, got NoneType
    """
    expect_type(value, Indicator, argument=argument, expected="an Indicator")


def expect_count(value: object, *, argument: str) -> None:
    """Refuse anything but an integer at least 0 (``True`` is not one, nor is ``2.0``).

    The check of how many results to compute, named as the caller's argument: ``k`` of
    :func:`~collective_impact.recommend_ties`, ``recommendations`` of
    :func:`~collective_impact.assess` (which said ``k``, an argument it does not have).

    Raises
    ------
    ValidationError
        When ``value`` is not an ``int`` (nor a NumPy integer), is a ``bool`` or is below 0:
        ``2.5`` failed inside NumPy, ``True`` was taken as 1.

    Examples
    --------
    >>> expect_count(-1, argument="recommendations")
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 1 problem:
      recommendations: expected an integer (int) at least 0, got -1
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValidationError(
            [
                (
                    argument,
                    f"expected an integer (int) at least 0, got {value!r}",
                    ProblemCode.WRONG_TYPE,
                )
            ]
        )
