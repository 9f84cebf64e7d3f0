"""Continuous communication: ties between partners, and working groups."""

from __future__ import annotations

import enum
import operator
import types
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from ..errors import Problem, ProblemCode
from ._fields import (
    IDENT,
    Choice,
    Derived,
    Items,
    ModelBase,
    Number,
    Optional,
    Problems,
    Rule,
    Text,
    coerce_enum,
    meta,
    to_float,
    to_strs,
)

__all__ = [
    "INTENSITY_STRENGTH",
    "RATINGS",
    "TRUST_RATINGS",
    "VALUE_RATINGS",
    "Intensity",
    "Tie",
    "TieKind",
    "WorkingGroup",
]

#: PARTNER-tool ratings of how valuable a partner is (Varda et al.), each on a 1–4 scale.
VALUE_RATINGS = ("power_influence", "involvement", "resources")
#: PARTNER-tool ratings of how much a partner is trusted, each on a 1–4 scale.
TRUST_RATINGS = ("reliability", "mission_congruence", "openness")
RATINGS = VALUE_RATINGS + TRUST_RATINGS


class TieKind(enum.StrEnum):
    """What flows along a tie between two partners.

    Each kind is either *directed* — a flow from the ``source`` to the ``target`` of the tie — or
    *mutual*, running both ways whichever way it was entered (see :attr:`directed`):

    ==================  ========  ======================================================
    kind                directed  meaning of ``source -> target``
    ==================  ========  ======================================================
    ``communication``   no        regular contact: both partners talk to each other
    ``joint-planning``  no        planning together: both partners take part
    ``funding``         yes       the source funds the target (funder -> grantee)
    ``referral``        yes       the source refers clients to the target
    ``data-sharing``    yes       the source provides data to the target
    ==================  ========  ======================================================

    Examples
    --------
    >>> TieKind("funding").directed, TieKind.COMMUNICATION.directed
    (True, False)
    >>> import collective_impact as ci
    >>> ci.load_example("cradle-to-career").ties[0].kind
    <TieKind.DATA_SHARING: 'data-sharing'>
    """

    COMMUNICATION = "communication"
    DATA_SHARING = "data-sharing"
    FUNDING = "funding"
    REFERRAL = "referral"
    JOINT_PLANNING = "joint-planning"

    @property
    def directed(self) -> bool:
        """Whether a tie of this kind is a flow from its source to its target.

        ``False`` for the mutual kinds, communication and joint planning: a tie of those kinds
        counts in both directions in every directed network measure (brokerage, reciprocity,
        directed density), so that entering it ``p -> q``, ``q -> p`` or both ways gives the same
        numbers.

        Examples
        --------
        >>> TieKind.FUNDING.directed, TieKind.COMMUNICATION.directed
        (True, False)
        >>> sorted(k.value for k in TieKind if k.directed)
        ['data-sharing', 'funding', 'referral']
        """
        return self in _DIRECTED_KINDS


#: The tie kinds whose ties are flows from source to target (:attr:`TieKind.directed`).
_DIRECTED_KINDS = frozenset({TieKind.DATA_SHARING, TieKind.FUNDING, TieKind.REFERRAL})


class Intensity(enum.StrEnum):
    """How integrated a relationship is, from least to most (the PARTNER tool's scale).

    Examples
    --------
    A tie given an intensity but no strength takes the intensity's strength
    (:data:`~collective_impact.INTENSITY_STRENGTH`):

    >>> from collective_impact import Tie
    >>> [Tie(source="a", target="b", intensity=i).strength for i in Intensity]
    [0.25, 0.5, 0.75, 1.0]
    """

    AWARENESS = "awareness"
    COOPERATION = "cooperation"
    COORDINATION = "coordination"
    INTEGRATION = "integration"


#: The strength of a tie of each :class:`Intensity`, when its ``strength`` is not given (the
#: PARTNER tool's four levels, evenly spaced up to the strongest, 1).
INTENSITY_STRENGTH: Mapping[Intensity, float] = types.MappingProxyType(
    {
        Intensity.AWARENESS: 0.25,
        Intensity.COOPERATION: 0.5,
        Intensity.COORDINATION: 0.75,
        Intensity.INTEGRATION: 1.0,
    }
)


def _strength_of(intensity: object) -> float:
    """Return the strength of a tie whose strength is not given: its intensity's, else 1.0.

    Any value is taken (loading computes it before it checks the intensity): one that is no
    :class:`Intensity` gives 1.0, the tie being refused for its intensity anyway.
    """
    if isinstance(intensity, Intensity):
        return INTENSITY_STRENGTH[intensity]
    return 1.0


#: The default of :attr:`Tie.strength`, computed from the tie's intensity once it is set (typed
#: ``Any``: the marker stands in for a float until then).
_FROM_INTENSITY: Any = Derived(
    _strength_of,
    reads=("intensity",),
    plain=1.0,
    text="<from intensity or 1.0>",  # no comma: Sphinx splits a signature at commas
)


def _to_intensity(value: Intensity | str | None) -> Intensity | None:
    return None if value is None else coerce_enum(Intensity, value)


def _to_rating(value: float | None) -> float | None:
    return None if value is None else to_float(value)


def _rating(doc: str) -> Any:
    return attrs.field(
        default=None,
        converter=_to_rating,
        metadata=meta(Optional(Number(minimum=1.0, maximum=4.0)), doc),
    )


def _to_tie_kind(value: TieKind | str) -> TieKind:
    return coerce_enum(TieKind, value)


def _not_to_itself(values: Mapping[str, Any]) -> Problems:
    if values["source"] == values["target"]:
        message = f"a partner cannot be tied to itself ({values['source']!r})"
        return [Problem("target", message, ProblemCode.SELF_REFERENCE)]
    return []


def _tied_to_itself(columns: Mapping[str, Sequence[Any]]) -> list[int]:
    """Return the ties from a partner to itself (the suspects of the rule)."""
    same = map(operator.eq, columns["source"], columns["target"])
    return [j for j, found in enumerate(same) if found]


@attrs.frozen(kw_only=True)
class Tie(ModelBase):
    """A working relationship from one partner to another.

    Parameters
    ----------
    source, target
        Ids of the two partners; they must differ.
    kind
        :class:`TieKind` (default ``communication``).
    strength
        In (0, 1]; 1 for a strong, regular relationship. When not given, it is that of the
        ``intensity`` when one is given (:data:`~collective_impact.INTENSITY_STRENGTH`:
        awareness 0.25, cooperation 0.5, coordination 0.75, integration 1.0), else 1.0, in every
        format as in a PARTNER survey. A strength given always wins, even when it disagrees with
        the intensity. The default is taken when the tie is made: ``attrs.evolve(tie,
        intensity=...)`` keeps the tie's strength (evolve passes it on as given), so pass
        ``strength`` too when changing the intensity.
    power_influence, involvement, resources
        Optional PARTNER-tool *value* ratings of the target by the source, each 1–4.
    reliability, mission_congruence, openness
        Optional PARTNER-tool *trust* ratings of the target by the source, each 1–4.
    intensity
        Optional :class:`Intensity` of the relationship.

    Notes
    -----
    Whether the direction of a tie means anything depends on its kind
    (:attr:`TieKind.directed`): a funding, referral or data-sharing tie is a flow from ``source``
    to ``target``; a communication or joint-planning tie is mutual, and the directed network
    measures count it both ways. The PARTNER-tool ratings are always directed, whatever the kind:
    they are the source's view of the target. The alignment scores treat every tie as undirected:
    a tie of any kind is a channel of coordination, and coordination between two partners is the
    strongest tie between them in either direction.

    Examples
    --------
    >>> Tie(source="united-way", target="schools", strength=0.8).kind
    <TieKind.COMMUNICATION: 'communication'>

    The strength of a tie given only its intensity is that of the intensity; with neither, 1.0:

    >>> Tie(source="a", target="b", intensity="awareness").strength
    0.25
    >>> Tie(source="a", target="b").strength
    1.0
    >>> Tie(source="a", target="b", intensity="awareness", strength=0.9).strength
    0.9
    >>> import attrs
    >>> attrs.evolve(Tie(source="a", target="b", intensity="awareness"),
    ...              intensity="integration").strength
    0.25
    """

    source: str = attrs.field(metadata=meta(IDENT, "Id of the partner the tie starts from."))
    target: str = attrs.field(metadata=meta(IDENT, "Id of the partner the tie goes to."))
    kind: TieKind = attrs.field(
        default=TieKind.COMMUNICATION,
        converter=_to_tie_kind,
        metadata=meta(Choice(TieKind), "What flows along the tie."),
    )
    strength: float = attrs.field(
        default=_FROM_INTENSITY,
        converter=to_float,
        metadata=meta(
            Number(exclusive_minimum=0.0, maximum=1.0),
            "Strength of the tie, in (0, 1]; when not given, from `intensity` when given "
            "(awareness 0.25, cooperation 0.5, coordination 0.75, integration 1.0), else 1.0.",
        ),
    )

    power_influence: float | None = _rating("How much power and influence the target has (1-4).")
    involvement: float | None = _rating("How involved the target is in the effort (1-4).")
    resources: float | None = _rating("How much the target contributes resources (1-4).")
    reliability: float | None = _rating("How reliable the target is (1-4).")
    mission_congruence: float | None = _rating("How much the target shares the mission (1-4).")
    openness: float | None = _rating("How open to discussion the target is (1-4).")
    intensity: Intensity | None = attrs.field(
        default=None,
        converter=_to_intensity,
        metadata=meta(Optional(Choice(Intensity)), "How integrated the relationship is."),
    )

    _rules: ClassVar[tuple[Rule, ...]] = (
        Rule(_not_to_itself, reads=("source", "target"), suspects=_tied_to_itself),
    )


@attrs.frozen(kw_only=True)
class WorkingGroup(ModelBase):
    """A working group of partners formed around one or more goals.

    Examples
    --------
    >>> WorkingGroup(id="early", name="Early learning", members=["schools"], goals=["ready"])
    WorkingGroup(id='early', name='Early learning', members=('schools',), goals=('ready',))
    """

    id: str = attrs.field(metadata=meta(IDENT, "Unique id of the working group."))
    name: str = attrs.field(metadata=meta(Text(), "Name of the working group."))
    members: tuple[str, ...] = attrs.field(
        default=(), converter=to_strs, metadata=meta(Items(IDENT), "Ids of member partners.")
    )
    goals: tuple[str, ...] = attrs.field(
        default=(), converter=to_strs, metadata=meta(Items(IDENT), "Ids of the goals it serves.")
    )
