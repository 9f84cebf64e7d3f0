"""What-if changes to an initiative: remove a partner, add a tie.

Both return a new, re-validated :class:`~collective_impact.Initiative`; compare the assessments
before and after with :meth:`~collective_impact.Assessment.diff`.
"""

from __future__ import annotations

import attrs

from ..model import Initiative, Tie, TieKind

__all__ = ["with_tie", "without_partner"]


def without_partner(initiative: Initiative, id: str) -> Initiative:
    """Return the initiative as it would be without partner ``id``.

    Everything that refers to the partner goes with it: its ties; its place in the partner lists
    of activities (an activity it ran alone is removed, and one it led is then led by the first
    of its other partners in the order of ids, since the order of co-partners carries no
    meaning), working groups (a group left without members is removed) and champions; the
    backbone, if it was the backbone organisation. Observations it reported are kept, with no
    reporter.

    Parameters
    ----------
    initiative
        The initiative.
    id
        The id of the partner to remove.

    Returns
    -------
    Initiative
        A new, validated initiative; ``initiative`` is unchanged.

    Raises
    ------
    UnknownIdError
        When there is no such partner.

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
    """
    initiative.partner(id)  # raises UnknownIdError with suggestions
    activities = []
    for act in initiative.activities:
        partners = tuple(p for p in act.partners if p != id)
        if partners and act.partners[0] == id:
            # the new lead must not depend on the order the co-partners were listed in
            lead = min(partners)
            partners = (lead, *(p for p in partners if p != lead))
        if partners:
            activities.append(
                act if partners == act.partners else attrs.evolve(act, partners=partners)
            )
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
    ValidationError
        When a partner does not exist or the tie is invalid.

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
    tie = Tie(source=source, target=target, kind=kind, strength=strength)
    for existing in initiative.ties:
        if (existing.source, existing.target, existing.kind) == (tie.source, tie.target, tie.kind):
            tie = attrs.evolve(existing, strength=tie.strength)
            break
    return initiative.with_ties(tie)
