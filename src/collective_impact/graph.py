"""The alignment graph: a networkx view of an initiative, derived on demand.

The graph is a *view*: it is built from the model each time and holds no state of its own, so it
can never disagree with the initiative. Any networkx algorithm runs on it, and it survives a
GraphML round trip (every attribute is a string, number or boolean).

Node keys are namespaced strings ``"<kind>:<id>"`` — ``"partner:united-way"``,
``"indicator:k-ready"`` — because ids are unique only within their kind: a partner and an
indicator may both be called ``"schools"``. Strings (rather than tuples) keep the keys intact
through GraphML, GEXF and JSON. Every node also carries ``kind`` and ``id`` attributes. An
indicator node carries ``direction`` as the data state it (absent when not stated) and
``better``, which way is better: the stated direction, or the one its target implies against
its baseline (:attr:`Indicator.better <collective_impact.Indicator.better>`), absent when
neither tells.

==============  ==========================  =====================================================
edge            from → to                   attributes
==============  ==========================  =====================================================
``performs``    partner → activity          ``lead`` (bool: the first partner listed)
``contributes`` activity → indicator        ``weight`` (the contribution, in [-1, 1])
``drives``      indicator → indicator       ``weight`` (pathway weight, in (0, 1])
``measures``    indicator → goal            ``weight`` (the goal's weight)
``tie``         partner → partner           ``tie_kind``, ``strength``
``member``      partner → working group
``serves``      working group → goal
==============  ==========================  =====================================================

Every edge has ``relation`` (its name in the first column). Edge keys are the relation, except
for ties, keyed ``"tie:<kind>"`` so that two partners may have ties of several kinds.

A ``tie`` edge runs from the tie's source to its target, as entered. Whether that direction means
anything depends on the kind (:attr:`TieKind.directed <collective_impact.TieKind.directed>`):
funding, referral and data sharing are flows from source to target, while communication and
joint planning are mutual, and the network measures count them both ways (see
:func:`~collective_impact.analysis.network.tie_digraph`, the partner-to-partner view used for
directed measures).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from .analysis._canonical import canonical
from .errors import ValidationError
from .io._tables import (
    ACTIVITIES,
    GOALS,
    INDICATORS,
    PARTNERS,
    TIES,
    WORKING_GROUPS,
    Table,
    join_values,
)
from .model import Initiative
from .model.initiative import expect_initiative

__all__ = ["alignment_graph", "node_key"]

KINDS = ("partner", "activity", "indicator", "goal", "working_group")

#: The model fields each kind of node carries: the columns of its table (the CSV bundle's, in
#: :mod:`collective_impact.io._tables`) that the graph shows.
_NODE_FIELDS: Mapping[str, tuple[Table, tuple[str, ...]]] = {
    "partner": (PARTNERS, ("name", "sector", "roles")),
    "indicator": (
        INDICATORS,
        (
            "name",
            "unit",
            "direction",
            "level",
            "observations",
            "baseline_date",
            "baseline_value",
            "target_date",
            "target_value",
        ),
    ),
    "goal": (GOALS, ("statement", "weight")),
    "working_group": (WORKING_GROUPS, ("name",)),
    "activity": (ACTIVITIES, ("name", "strategy", "populations", "places", "start", "end")),
}

#: The attributes of a ``tie`` edge, by column of the ties table.
_TIE_FIELDS: Mapping[str, str] = {"tie_kind": "kind", "strength": "strength"}


def node_key(kind: str, id: str) -> str:
    """Return the node key of the object ``id`` of ``kind`` (``"partner:united-way"``).

    Parameters
    ----------
    kind
        One of :data:`KINDS`: ``"partner"``, ``"activity"``, ``"indicator"``...
    id
        The object's id.

    Returns
    -------
    str
        ``kind:id``, the key of the object's node in :func:`alignment_graph`.

    Raises
    ------
    ValidationError
        When ``kind`` is not one of :data:`KINDS`.

    Examples
    --------
    >>> node_key("indicator", "k-ready")
    'indicator:k-ready'
    """
    if kind not in KINDS:
        raise ValidationError(
            [("kind", f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")]
        )
    return f"{kind}:{id}"


def _scalar(value: Any) -> Any:
    r"""Return a model value as a graph attribute: a string, number or boolean.

    A list is one string, its values joined with ``|`` as in a CSV bundle's cell, a ``|`` or
    ``\`` within a value escaped with a backslash (:func:`~.io._tables.join_values`), so that
    ``["north|south"]`` and ``["north", "south"]`` differ.
    """
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return join_values(str(_scalar(v)) for v in value)
    return value


def _attrs(kind: str, obj: Any) -> dict[str, Any]:
    """Return the attributes of the node of ``obj``: kind, id and its non-empty model fields."""
    table, names = _NODE_FIELDS[kind]
    out = {"kind": kind, "id": obj.id}
    fields = table.values(obj, names).items()
    out.update({k: _scalar(v) for k, v in fields if v is not None and v != ()})
    if kind == "indicator" and obj.better is not None:
        out["better"] = obj.better.value  # stated, or implied by the target: never assumed
    return out


def alignment_graph(initiative: Initiative) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    r"""Return the alignment graph of an initiative (a new :class:`networkx.MultiDiGraph`).

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes for partners, activities, indicators, goals and working groups (attribute
        ``kind``, ``id`` and the model's scalar fields; lists are joined with ``|``, a ``|`` or
        ``\`` within a value escaped with a backslash as in a CSV bundle's cell); edges as in
        the module table. Graph attribute ``name`` is the initiative's name.

    Examples
    --------
    >>> import collective_impact as ci
    >>> g = alignment_graph(ci.load_example("cradle-to-career"))
    >>> g.nodes["partner:united-way"]["sector"]
    'nonprofit'
    >>> sorted({d["relation"] for _, _, d in g.edges(data=True)})
    ['contributes', 'drives', 'measures', 'member', 'performs', 'serves', 'tie']
    """
    expect_initiative(initiative)
    initiative = canonical(initiative)  # nodes and edges in id order, whatever the file's
    graph: nx.MultiDiGraph = nx.MultiDiGraph(name=initiative.name)  # type: ignore[type-arg]
    backbone = initiative.backbone.organization if initiative.backbone else None
    for p in initiative.partners:
        graph.add_node(node_key("partner", p.id), **_attrs("partner", p), backbone=p.id == backbone)
    for kind, objects in (
        ("indicator", initiative.indicators),
        ("goal", initiative.goals),
        ("working_group", initiative.working_groups),
    ):
        for obj in objects:
            graph.add_node(node_key(kind, obj.id), **_attrs(kind, obj))
    for act in initiative.activities:
        a = node_key("activity", act.id)
        graph.add_node(a, **_attrs("activity", act))
        for n, p_id in enumerate(act.partners):
            graph.add_edge(
                node_key("partner", p_id), a, key="performs", relation="performs", lead=n == 0
            )
        for i, c in act.contributes.items():
            graph.add_edge(
                a, node_key("indicator", i), key="contributes", relation="contributes", weight=c
            )
    for ind in initiative.indicators:
        for j, w in ind.drives.items():
            graph.add_edge(
                node_key("indicator", ind.id),
                node_key("indicator", j),
                key="drives",
                relation="drives",
                weight=w,
            )
    for goal in initiative.goals:
        for i in goal.indicators:
            graph.add_edge(
                node_key("indicator", i),
                node_key("goal", goal.id),
                key="measures",
                relation="measures",
                weight=goal.weight,
            )
    for tie in initiative.ties:
        graph.add_edge(
            node_key("partner", tie.source),
            node_key("partner", tie.target),
            key=f"tie:{tie.kind.value}",
            relation="tie",
            **{name: TIES.column(column).value(tie) for name, column in _TIE_FIELDS.items()},
        )
    for wg in initiative.working_groups:
        group = node_key("working_group", wg.id)
        for m in wg.members:
            graph.add_edge(node_key("partner", m), group, key="member", relation="member")
        for g_id in wg.goals:
            graph.add_edge(group, node_key("goal", g_id), key="serves", relation="serves")
    return graph


def nodes_of_kind(graph: nx.MultiDiGraph, kind: str) -> Iterable[str]:  # type: ignore[type-arg]
    """Return the keys of the nodes of one ``kind``, in graph order."""
    return (n for n, data in graph.nodes(data=True) if data.get("kind") == kind)
