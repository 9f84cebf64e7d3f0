"""Partners: the organisations (and groups of people) taking part in an initiative."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

import attrs

from ._fields import IDENT, Choice, Items, ModelBase, Text, coerce_enum, meta

__all__ = ["Partner", "Role", "Sector"]


class Sector(enum.StrEnum):
    """The sector a partner belongs to.

    Collective impact is cross-sector by definition (Kania & Kramer 2011): the five *core* sectors
    :attr:`GOVERNMENT`, :attr:`NONPROFIT`, :attr:`BUSINESS`, :attr:`PHILANTHROPY` and
    :attr:`COMMUNITY` are the ones whose absence the assessment reports as ``missing-sector``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> ci.load_example("cradle-to-career").partner("schools").sector
    <Sector.GOVERNMENT: 'government'>
    >>> [s.value for s in Sector.core()]
    ['government', 'nonprofit', 'business', 'philanthropy', 'community']
    """

    GOVERNMENT = "government"
    NONPROFIT = "nonprofit"
    BUSINESS = "business"
    PHILANTHROPY = "philanthropy"
    COMMUNITY = "community"
    ACADEMIC = "academic"
    FAITH = "faith"
    OTHER = "other"

    @classmethod
    def core(cls) -> tuple[Sector, ...]:
        """Return the five core sectors of a collective impact initiative, in a fixed order."""
        return (cls.GOVERNMENT, cls.NONPROFIT, cls.BUSINESS, cls.PHILANTHROPY, cls.COMMUNITY)


class Role(enum.StrEnum):
    """A role a partner plays in the initiative's structure (a partner may have several).

    Examples
    --------
    >>> import collective_impact as ci
    >>> [r.value for r in ci.load_example("cradle-to-career").partner("united-way").roles]
    ['backbone', 'funder', 'steering-committee']
    >>> Role("data-partner") is Role.DATA_PARTNER
    True
    """

    BACKBONE = "backbone"
    FUNDER = "funder"
    CHAMPION = "champion"
    DATA_PARTNER = "data-partner"
    SERVICE_PROVIDER = "service-provider"
    STEERING_COMMITTEE = "steering-committee"


def _to_sector(value: Sector | str) -> Sector:
    return coerce_enum(Sector, value)


def _to_roles(value: Iterable[Role | str]) -> tuple[Role, ...]:
    # a set is left for the field's check to refuse, as every list field does (see to_tuple):
    # its order changes from run to run, and the order of the roles is kept and written
    if isinstance(value, str | AbstractSet) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]
    return tuple(coerce_enum(Role, v) for v in value)


@attrs.frozen(kw_only=True)
class Partner(ModelBase):
    """An organisation or group taking part in the initiative.

    Parameters
    ----------
    id
        Unique among partners; other parts of the initiative refer to the partner by it.
    name
        The partner's name, for people.
    sector
        The sector it belongs to (a :class:`Sector` or its value, e.g. ``"nonprofit"``).
    roles
        Its roles in the initiative (:class:`Role` members or their values), without repeats.

    Raises
    ------
    ValidationError
        Listing every invalid field.

    Examples
    --------
    >>> p = Partner(id="united-way", name="United Way", sector="nonprofit", roles=["backbone"])
    >>> p.sector, p.roles
    (<Sector.NONPROFIT: 'nonprofit'>, (<Role.BACKBONE: 'backbone'>,))
    """

    id: str = attrs.field(metadata=meta(IDENT, "Unique id of the partner."))
    name: str = attrs.field(metadata=meta(Text(), "Name of the partner."))
    sector: Sector = attrs.field(
        converter=_to_sector, metadata=meta(Choice(Sector), "Sector of the partner.")
    )
    roles: tuple[Role, ...] = attrs.field(
        default=(),
        converter=_to_roles,
        metadata=meta(Items(Choice(Role)), "Roles of the partner in the initiative."),
    )

    def has_role(self, role: Role | str) -> bool:
        """Return whether the partner has ``role``.

        Parameters
        ----------
        role
            The role to look for, a :class:`Role` or its value such as ``"funder"``.

        Returns
        -------
        bool
            ``True`` when ``role`` is among the partner's :attr:`roles`.

        Examples
        --------
        >>> p = Partner(id="city", name="City of Springfield", sector="government",
        ...             roles=["funder", "champion"])
        >>> p.has_role("funder"), p.has_role(Role.BACKBONE)
        (True, False)
        """
        return coerce_enum(Role, role) in self.roles
