"""Backbone support: the organisation and staff that run the initiative."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._fields import IDENT, Choice, Map, ModelBase, Number, coerce_enum, meta, to_float
from ._frozen import FrozenMap

__all__ = ["Backbone", "BackboneFunction", "FunctionLevel", "StaffRole"]


class StaffRole(enum.StrEnum):
    """The three staff roles a backbone needs at least (Kania & Kramer 2011).

    Examples
    --------
    Staff are counted in full-time equivalents per role; a role a backbone does not staff counts as
    0, and the assessment reports it:

    >>> import collective_impact as ci
    >>> backbone = ci.load_example("cradle-to-career").backbone
    >>> backbone.fte(StaffRole.DATA_MANAGER), backbone.fte("facilitator")
    (0.5, 0.0)
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> print(next(g.message for g in result.gaps if g.code == "backbone-staff-gap"))
    The backbone 'united-way' has no facilitator; staff each of project manager, data manager and
    facilitator.
    """

    PROJECT_MANAGER = "project_manager"
    DATA_MANAGER = "data_manager"
    FACILITATOR = "facilitator"


class BackboneFunction(enum.StrEnum):
    """The six functions of a backbone organisation (Turner et al. 2012).

    Examples
    --------
    A function the backbone does not carry out (one left out of ``functions``) is a gap of the
    assessment, named by the function's value:

    >>> import collective_impact as ci
    >>> BackboneFunction("advance_policy") is BackboneFunction.ADVANCE_POLICY
    True
    >>> result = ci.assess(ci.load_example("cradle-to-career"))
    >>> [g.key for g in result.gaps if g.code == "backbone-function-gap"]
    ['backbone-function-gap(backbone=united-way, function=advance_policy)',
     'backbone-function-gap(backbone=united-way, function=build_public_will)']
    """

    GUIDE_VISION_AND_STRATEGY = "guide_vision_and_strategy"
    SUPPORT_ALIGNED_ACTIVITIES = "support_aligned_activities"
    ESTABLISH_SHARED_MEASUREMENT = "establish_shared_measurement"
    BUILD_PUBLIC_WILL = "build_public_will"
    ADVANCE_POLICY = "advance_policy"
    MOBILIZE_FUNDING = "mobilize_funding"


class FunctionLevel(enum.StrEnum):
    """How fully the backbone carries out a function.

    Examples
    --------
    The backbone-support score credits a ``strong`` function with 1, a ``partial`` one with
    :attr:`~collective_impact.ScoringConfig.partial_function_credit` (0.5 by default) and ``none``
    with 0:

    >>> import collective_impact as ci
    >>> backbone = ci.load_example("cradle-to-career").backbone
    >>> backbone.function_level("mobilize_funding"), backbone.function_level("advance_policy")
    (<FunctionLevel.PARTIAL: 'partial'>, <FunctionLevel.NONE: 'none'>)
    >>> ci.ScoringConfig().partial_function_credit
    0.5
    """

    NONE = "none"
    PARTIAL = "partial"
    STRONG = "strong"


def _in_order(items: Iterable[tuple[Any, Any]], kind: type[enum.Enum]) -> dict[Any, Any]:
    """Return ``items`` as a dict in the order of ``kind``'s members.

    The order the staff or functions were given in is no part of the backbone: two backbones
    equal but for it wrote different files and ``to_dict()`` output (a round trip through a
    CSV bundle reordered a file's staff, found by a reviewer). Items with a key that is not a
    member keep their order: validation reports them in the order they were given.
    """
    given = dict(items)
    members = {m: i for i, m in enumerate(kind)}
    if not all(k in members for k in given):
        return given
    return {k: given[k] for k in sorted(given, key=members.__getitem__)}


def _to_staff(value: Mapping[StaffRole | str, float]) -> FrozenMap[StaffRole, float]:
    if not isinstance(value, Mapping):
        return value  # type: ignore[unreachable]
    staff = ((coerce_enum(StaffRole, k), to_float(v)) for k, v in value.items())
    return FrozenMap(_in_order(staff, StaffRole))


def _to_functions(
    value: Mapping[BackboneFunction | str, FunctionLevel | str],
) -> FrozenMap[BackboneFunction, FunctionLevel]:
    if not isinstance(value, Mapping):
        return value  # type: ignore[unreachable]
    functions = (
        (coerce_enum(BackboneFunction, k), coerce_enum(FunctionLevel, v)) for k, v in value.items()
    )
    return FrozenMap(_in_order(functions, BackboneFunction))


@attrs.frozen(kw_only=True)
class Backbone(ModelBase):
    """The backbone organisation of an initiative, its staff and the functions it carries out.

    Parameters
    ----------
    organization
        Id of the partner that serves as backbone.
    staff
        ``{StaffRole: FTE}`` (full-time equivalents, >= 0). A role left out counts as 0.
    functions
        ``{BackboneFunction: FunctionLevel}``. A function left out counts as ``none``.

    Examples
    --------
    >>> b = Backbone(organization="united-way", staff={"project_manager": 1},
    ...              functions={"advance_policy": "partial"})
    >>> b.fte(StaffRole.DATA_MANAGER), b.function_level("advance_policy")
    (0.0, <FunctionLevel.PARTIAL: 'partial'>)
    """

    organization: str = attrs.field(metadata=meta(IDENT, "Id of the backbone partner."))
    staff: FrozenMap[StaffRole, float] = attrs.field(
        factory=FrozenMap,
        converter=_to_staff,
        metadata=meta(
            # half a post is 0.5 FTE: a percentage is a fraction of one
            Map(Choice(StaffRole), Number(minimum=0.0, percent="fraction")),
            "Full-time equivalents per staff role.",
        ),
    )
    functions: FrozenMap[BackboneFunction, FunctionLevel] = attrs.field(
        factory=FrozenMap,
        converter=_to_functions,
        metadata=meta(
            Map(Choice(BackboneFunction), Choice(FunctionLevel)),
            "How fully each of the six functions is carried out; missing means none.",
        ),
    )

    def fte(self, role: StaffRole | str) -> float:
        """Return the full-time equivalents staffed in ``role`` (0.0 when not listed).

        Parameters
        ----------
        role
            The staff role, a :class:`StaffRole` or its value such as ``"facilitator"``.

        Returns
        -------
        float
            The full-time equivalents (>= 0) staffed in ``role``; 0.0 when the role is not listed.

        Examples
        --------
        >>> b = Backbone(organization="united-way", staff={"project_manager": 1.5})
        >>> b.fte("project_manager"), b.fte(StaffRole.FACILITATOR)
        (1.5, 0.0)
        """
        return float(self.staff.get(coerce_enum(StaffRole, role), 0.0))

    def function_level(self, function: BackboneFunction | str) -> FunctionLevel:
        """Return how fully ``function`` is carried out (``none`` when not listed).

        Parameters
        ----------
        function
            One of the six backbone functions, a :class:`BackboneFunction` or its value such as
            ``"mobilize_funding"``.

        Returns
        -------
        FunctionLevel
            The level given for ``function``; :attr:`FunctionLevel.NONE` when it is not listed.

        Examples
        --------
        >>> b = Backbone(organization="united-way", functions={"build_public_will": "strong"})
        >>> b.function_level("build_public_will")
        <FunctionLevel.STRONG: 'strong'>
        >>> b.function_level(BackboneFunction.ADVANCE_POLICY)
        <FunctionLevel.NONE: 'none'>
        """
        return self.functions.get(coerce_enum(BackboneFunction, function), FunctionLevel.NONE)
