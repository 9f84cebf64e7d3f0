"""What-if changes to an initiative: remove a partner, add a tie.

Both return a new, re-validated :class:`~collective_impact.Initiative`; compare the assessments
before and after with :meth:`~collective_impact.Assessment.diff`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..errors import ArgumentTypeError, Problem, ProblemCode, UnknownIdError, ValidationError
from ..model import Initiative, Tie, TieKind
from ..model.initiative import expect_initiative
from .measurement import group_names

__all__ = ["with_tie", "without_partner"]


def without_partner(
    initiative: Initiative, id: str, *, leads: Mapping[str, str] | None = None
) -> Initiative:
    """Return the initiative as it would be without partner ``id``.

    Everything that refers to the partner goes with it: its ties; its place in the partner lists
    of activities (an activity it ran alone is removed, and one it led with one other partner is
    then led by that partner), working groups (a group left without members is removed) and
    champions; the backbone, if it was the backbone organisation. Observations it reported are
    kept, with no reporter, so that every indicator keeps its values: rows without a reporter
    are one reporter's (docs/measurement.md), so a report of the partner's in a reporting
    period (on a date, without a ``frequency``) that a row with no reporter also has would be
    read as a revision of that row, or as a second value of its date. That is refused: record
    who reported those rows first.

    An activity it led with **two or more** other partners needs its new lead named in
    ``leads``: the lead decides which pairs count between partners, and so the alignment index,
    duplication and the coordination gaps, and nothing in the model says who would take over
    (the order of co-partners carries no meaning). (Earlier versions took the first of them in
    the order of ids, so that renaming a partner changed the result.)

    It edits the initiative's file, every activity of it whatever its dates: an activity that
    ended before the date of judgement (and counts in no score) still needs its new lead, so that
    the file stays whole and judging it on an earlier date still works.

    Parameters
    ----------
    initiative
        The initiative.
    id
        The id of the partner to remove.
    leads
        The new lead of each activity ``id`` led with two or more other partners, by activity
        id: one of those partners.

    Returns
    -------
    Initiative
        A new, validated initiative; ``initiative`` is unchanged.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`, or ``leads`` not
        a mapping.
    UnknownIdError
        When there is no such partner (or ``id`` is not a text).
    ValidationError
        Listing every activity ``id`` leads with two or more other partners that ``leads`` does
        not name a lead for (with the candidates), every entry of ``leads`` that is not such an
        activity (a key of any type: ``5``, ``None``) or not one of its partners, and every
        indicator where the partner's reports, left with no reporter, would merge with rows
        that have none; and when ``id`` is the initiative's only partner (an initiative has at
        least one).

    References
    ----------
    - Provan, K. G. and Kenis, P. (2008). Modes of network governance: structure,
      management, and effectiveness. *Journal of Public Administration Research and Theory*
      18(2), 229–252 (what a network loses with a member).

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("cradle-to-career")
    >>> smaller = without_partner(init, "united-way")
    >>> smaller.backbone is None, len(smaller.partners) == len(init.partners) - 1
    (True, True)

    In the workforce example ``cjc`` leads ``employer-engagement`` with two employers' groups:

    >>> workforce = ci.load_example("workforce")
    >>> without_partner(workforce, "cjc")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 1 problem:
      leads['employer-engagement']: 'cjc' leads activity 'employer-engagement' with 2 other ...
    >>> gone = without_partner(workforce, "cjc", leads={"employer-engagement": "retail-employers"})
    >>> gone.activity("employer-engagement").partners
    ('retail-employers', 'healthcare-employers')
    """
    expect_initiative(initiative)
    initiative.partner(id)  # raises UnknownIdError with suggestions
    given_leads: object = leads  # the annotation is a promise a caller may not keep
    if given_leads is not None and not isinstance(given_leads, Mapping):
        raise ArgumentTypeError(
            "leads: expected a mapping of activity id to its new lead, got "
            f"{type(given_leads).__name__}",
            argument="leads",
        )
    given = dict(leads or {})
    problems: list[tuple[str, str]] = []
    activities = []
    for act in initiative.activities:
        partners = tuple(p for p in act.partners if p != id)
        if len(partners) > 1 and act.partners[0] == id:
            lead = given.pop(act.id, None)
            if lead is None:
                problems.append(
                    (
                        f"leads[{act.id!r}]",
                        f"{id!r} leads activity {act.id!r} with {len(partners)} other partners "
                        f"({', '.join(sorted(partners))}): name its new lead, "
                        f"leads={{{act.id!r}: ...}}",
                    )
                )
            elif lead not in partners:
                problems.append(
                    (
                        f"leads[{act.id!r}]",
                        f"{lead!r} is not a partner of activity {act.id!r} (its other partners: "
                        f"{', '.join(sorted(partners))})",
                    )
                )
            else:
                partners = (lead, *(p for p in partners if p != lead))
        if partners:
            activities.append(
                act if partners == act.partners else attrs.evolve(act, partners=partners)
            )
    problems.extend(
        (
            f"leads[{key!r}]",
            f"{key!r} is not an activity {id!r} leads with two or more other partners",
        )
        # ids first in order, then any other keys (5, None) by type and repr: a sort of mixed
        # keys raised a plain TypeError before any problem was listed
        for key in sorted(given, key=_key_order)
    )
    problems.extend(_reports_merged(initiative, id))
    if problems:
        raise ValidationError(problems)
    indicators = [
        attrs.evolve(
            ind,
            observations=tuple(
                attrs.evolve(o, reported_by=None) if o.reported_by == id else o
                for o in ind.observations
            ),
        )
        if any(o.reported_by == id for o in ind.observations)
        else ind
        for ind in initiative.indicators
    ]
    conditions = initiative.conditions
    return initiative.evolve(
        partners=tuple(p for p in initiative.partners if p.id != id),
        activities=tuple(activities),
        indicators=tuple(indicators),
        ties=tuple(t for t in initiative.ties if id not in (t.source, t.target)),
        working_groups=tuple(
            attrs.evolve(w, members=tuple(m for m in w.members if m != id))
            for w in initiative.working_groups
            if any(m != id for m in w.members)
        ),
        backbone=None
        if initiative.backbone is not None and initiative.backbone.organization == id
        else initiative.backbone,
        conditions=attrs.evolve(
            conditions, champions=tuple(c for c in conditions.champions if c != id)
        ),
    )


def _key_order(key: object) -> tuple[bool, str, str]:
    """Order the keys of ``leads``: texts by themselves, then any others by type and ``repr``.

    Examples
    --------
    >>> sorted(["b", 5, None, "a"], key=_key_order)
    ['a', 'b', None, 5]
    """
    if isinstance(key, str):
        return (False, "", key)
    return (True, type(key).__name__, repr(key))


def _reports_merged(initiative: Initiative, id: str) -> list[tuple[str, str]]:
    """Return the indicators where ``id``'s reports, left with no reporter, would merge.

    Rows without ``reported_by`` are one reporter's (docs/measurement.md): a removed partner's
    report of a period (of a date, without a ``frequency``) that an unattributed row also has
    would become a revision of it, or a second value of its date, and the indicator's values
    would change though no figure did (a partner leaving made an indicator "better").
    """
    problems = []
    for k, ind in enumerate(initiative.indicators):
        freq = ind.frequency
        # a report's period (its date, without a frequency), by group: a group as measurement
        # compares it ("Low-Income" and "low-income" are one group)
        names = group_names(ind.observations)
        keys = [
            (
                None if o.group is None else names[o.group],
                o.date if freq is None else freq.period(o.date),
            )
            for o in ind.observations
        ]
        theirs = {key for key, o in zip(keys, ind.observations, strict=True) if o.reported_by == id}
        if not theirs:
            continue
        clashes = sorted(
            (o.date, o.group or "")
            for key, o in zip(keys, ind.observations, strict=True)
            if o.reported_by is None and key in theirs
        )
        if clashes:
            span = "date" if freq is None else f"{freq.value} period"
            rows = ", ".join(
                f"{day.isoformat()}{f' ({group})' if group else ''}" for day, group in clashes
            )
            problems.append(
                (
                    f"indicators[{k}] ({ind.id!r})",
                    f"{id!r} reported {ind.id!r} in the same {span} as rows with no reporter "
                    f"({rows}): kept with no reporter, its reports would be read as the same "
                    "reporter's as those and the indicator's values would change; record who "
                    "reported those rows (reported_by) before removing the partner",
                )
            )
    return problems


def with_tie(
    initiative: Initiative,
    source: str,
    target: str,
    *,
    kind: TieKind | str = TieKind.COMMUNICATION,
    strength: float = 1.0,
) -> Initiative:
    """Return the initiative with a tie from ``source`` to ``target`` of ``strength``.

    A tie of the same source, target and kind takes this strength, whether it was stronger or
    weaker (to compare with a stronger tie, check ``initiative.ties`` first), and keeps
    everything else it records: its survey ratings (reliability, openness...) and its
    intensity. Applying a recommended tie therefore changes only its strength; replacing the
    whole tie (``initiative.with_ties(Tie(...))``) would drop the ratings and could lower the
    trust behind continuous communication.

    A tie of a mutual kind (communication, joint planning...: :attr:`TieKind.directed` false)
    runs both ways whichever way it was entered, so every tie of that kind between the two
    partners, entered either way (a survey may hold each partner's own rating of it), takes
    the strength; a new one is added only when there is none. (Matching the direction only,
    ``with_tie(init, "b", "a")`` left the tie entered ``a -> b`` as it was beside a second one,
    and lowering it changed nothing.)

    Parameters
    ----------
    initiative
        The initiative.
    source, target
        The ids of the two partners.
    kind
        The kind of tie (:class:`~collective_impact.TieKind`).
    strength
        Its strength, in (0, 1].

    Returns
    -------
    Initiative
        A new, validated initiative; ``initiative`` is unchanged.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`.
    ValidationError
        Listing every problem at once, located by argument name (``source``, ``target``,
        ``kind``, ``strength``): a partner that does not exist (with close matches, as
        :func:`without_partner` suggests them), an end that is no id (``None``, ``5``,
        ``["cha"]``: once, not as an unknown partner too), a kind or strength that is not
        valid, a partner tied to itself.

    References
    ----------
    - Kania, J. and Kramer, M. (2011). Collective Impact. *Stanford Social Innovation
      Review* 9(1), 36–41 (continuous communication).

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> len(with_tie(init, "cha", "mowd", kind="referral").ties) >= len(init.ties)
    True
    """
    expect_initiative(initiative)
    tie, problems = _tie(initiative, source, target, kind, strength)
    if tie is None or problems:
        raise ValidationError(problems)
    ends = {tie.source, tie.target}
    same = [
        existing
        for existing in initiative.ties
        if existing.kind == tie.kind
        and (
            (existing.source, existing.target) == (tie.source, tie.target)
            or (not tie.kind.directed and {existing.source, existing.target} == ends)
        )
    ]
    if not same:
        return initiative.with_ties(tie)
    return initiative.with_ties(*(attrs.evolve(t, strength=tie.strength) for t in same))


#: The arguments of :func:`with_tie`, in order: its problems are listed in it.
_ARGUMENTS = ("source", "target", "kind", "strength")


def _tie(
    initiative: Initiative, source: str, target: str, kind: TieKind | str, strength: float
) -> tuple[Tie | None, list[Problem]]:
    """Return the tie :func:`with_tie` adds (``None`` when invalid) and every problem found.

    The tie's own problems and its unknown partners, each located by argument name: checked
    by :meth:`Initiative.with_ties <collective_impact.Initiative.with_ties>`, an unknown partner
    was located in the new ties list (``ties[29].target``), and only once the tie itself was
    valid. An end that is no valid id is the tie's own problem only.
    """
    problems: list[Problem] = []
    tie: Tie | None = None
    try:
        tie = Tie(source=source, target=target, kind=kind, strength=strength)
    except ValidationError as error:
        problems += error.problems
    unknown: set[str] = set()
    for name, id in (("source", source), ("target", target)):
        # the tie's own problems first: an end that is no id (["cha"]) may not be hashable
        if (
            any(p.path == name and p.code != ProblemCode.SELF_REFERENCE for p in problems)
            or id in unknown
        ):
            continue  # not an id (reported by the tie), or an unknown id already reported
        try:
            initiative.partner(id)
        except UnknownIdError as error:  # its message suggests close matches
            problems.append(Problem(name, str(error), ProblemCode.UNKNOWN_REFERENCE))
            unknown.add(id)
    order = {name: at for at, name in enumerate(_ARGUMENTS)}
    problems.sort(key=lambda p: order.get(p.path, len(order)))  # stable: a rule after a field
    return tie, problems
