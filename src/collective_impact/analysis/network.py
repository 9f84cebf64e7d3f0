r"""Network measures of the tie graph, several of which no other Python library computes.

Two views of the ties between partners:

* the **directed** view: an edge :math:`p \to q` when a tie of a directed kind (funding,
  referral, data sharing) runs from :math:`p` to :math:`q`, or a tie of a mutual kind
  (communication, joint planning) joins them either way (its weight the strongest such tie; see
  :attr:`~collective_impact.TieKind.directed`); used for directed density, reciprocity and
  Gould–Fernandez brokerage, whose roles depend on the direction of flow;
* the **undirected** view: an edge between :math:`p` and :math:`q` when any tie joins them
  (weight: the strongest, either direction); used for density, centralization, components,
  distances, cut points, the E-I index and Burt's measures.

Every partner is a node of both views, tied or not. A mutual tie is the same in both views
whichever way it was entered, so reversing it changes no measure. Measures that are undefined for
a network (a centralization of a graph of fewer than 3 nodes, an E-I index without ties...) are
``nan``, and :attr:`NetworkMeasures.undefined` says why.

References
----------
.. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
   *Social Networks* 1, 215–239.
.. [2] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach to
   brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
.. [3] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises: an
   experimental simulation. *Social Psychology Quarterly* 51(2), 123–140 (the E-I index).
.. [4] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
.. [5] Provan, K. G. and Kenis, P. (2008). Modes of network governance: structure, management,
   and effectiveness. *Journal of Public Administration Research and Theory* 18(2), 229–252.
.. [6] Varda, D. M., Chandra, A., Stern, S. A. and Lurie, N. (2008). Core dimensions of
   connectivity in public health collaboratives. *Journal of Public Health Management and
   Practice* 14(5), E1–E7 (the PARTNER tool's value and trust).
.. [7] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical Software*
   24(6) (``sna::brokerage``, whose definitions :func:`brokerage` matches).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import networkx as nx
import numpy as np
import scipy.sparse as sp

from ..model import Initiative
from ..model.ties import TRUST_RATINGS, VALUE_RATINGS

__all__ = [
    "ROLES",
    "BrokerageRoles",
    "NetworkMeasures",
    "betweenness_centralization",
    "brokerage",
    "degree_centralization",
    "ei_index",
    "governance_mode",
    "network_measures",
    "partner_ratings",
    "tie_digraph",
    "tie_graph",
]

#: Gould–Fernandez roles, in the column order of ``sna::brokerage`` (w_I, w_O, b_IO, b_OI, b_O).
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def tie_graph(initiative: Initiative) -> nx.Graph:  # type: ignore[type-arg]
    """Return the undirected tie graph: every partner a node, an edge where any tie exists.

    Edge attribute ``strength`` is the strongest tie between the two partners (either direction,
    any kind); node attribute ``sector`` the partner's sector.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    networkx.Graph
        Every partner a node, tied or not.

    References
    ----------
    .. [1] Wasserman, S. and Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press (§4.2, graphs of a relation).

    Examples
    --------
    A funding tie a → b of strength 0.4 and a communication tie b → a of 0.7 are one edge of
    the strongest, 0.7; ``c`` has no tie and is a node all the same.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding", strength=0.4),
    ...           Tie(source="b", target="a", strength=0.7)],
    ... )
    >>> graph = tie_graph(init)
    >>> sorted(graph.nodes), graph.edges["a", "b"]["strength"]
    (['a', 'b', 'c'], 0.7)
    """
    graph: nx.Graph = nx.Graph()  # type: ignore[type-arg]
    graph.add_nodes_from((p.id, {"sector": p.sector.value}) for p in initiative.partners)
    for tie in initiative.ties:
        old = graph.get_edge_data(tie.source, tie.target, default={}).get("strength", 0.0)
        graph.add_edge(tie.source, tie.target, strength=max(old, tie.strength))
    return graph


def tie_digraph(initiative: Initiative) -> nx.DiGraph:  # type: ignore[type-arg]
    """Return the directed tie graph: an edge ``p -> q`` where a flow runs from ``p`` to ``q``.

    A tie of a directed kind (:attr:`TieKind.directed <collective_impact.TieKind.directed>`:
    funding, referral, data sharing) gives the edge ``source -> target``; a tie of a mutual kind
    (communication, joint planning) gives both ``source -> target`` and ``target -> source``, so
    it does not matter which way it was entered.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    networkx.DiGraph
        Every partner a node (attribute ``sector``); edge attribute ``strength`` the strongest
        tie giving that edge.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. *Sociological Methodology* 19, 89–126 (flows have
       a direction).

    Examples
    --------
    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="c", target="b")],
    ... )
    >>> sorted(tie_digraph(init).edges())  # funding a -> b; communication b <-> c
    [('a', 'b'), ('b', 'c'), ('c', 'b')]
    """
    graph: nx.DiGraph = nx.DiGraph()  # type: ignore[type-arg]
    graph.add_nodes_from((p.id, {"sector": p.sector.value}) for p in initiative.partners)
    for tie in initiative.ties:
        ends = [(tie.source, tie.target)]
        if not tie.kind.directed:
            ends.append((tie.target, tie.source))
        for u, v in ends:
            old = graph.get_edge_data(u, v, default={}).get("strength", 0.0)
            graph.add_edge(u, v, strength=max(old, tie.strength))
    return graph


def degree_centralization(graph: nx.Graph) -> float:  # type: ignore[type-arg]
    r"""Freeman's degree centralization of an undirected graph, in [0, 1].

    .. math::

        C_D = \frac{\sum_i (d_{max} - d_i)}{(n - 1)(n - 2)}

    1 for a star, 0 for a complete (or any regular) graph (Freeman 1979); ``nan`` when
    :math:`n < 3`.

    Parameters
    ----------
    graph
        An undirected graph (e.g. :func:`tie_graph`).

    Returns
    -------
    float
        :math:`C_D`, or ``nan`` below 3 nodes.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.

    Examples
    --------
    >>> import networkx as nx
    >>> degree_centralization(nx.star_graph(5)), degree_centralization(nx.complete_graph(5))
    (1.0, 0.0)
    """
    n = graph.number_of_nodes()
    if n < 3:
        return math.nan
    degrees = np.array([d for _, d in graph.degree()], dtype=np.float64)
    return float((degrees.max() - degrees).sum() / ((n - 1) * (n - 2)))


def betweenness_centralization(graph: nx.Graph) -> float:  # type: ignore[type-arg]
    r"""Freeman's betweenness centralization of an undirected graph, in [0, 1].

    With :math:`b_i` the betweenness normalised by :math:`(n-1)(n-2)/2`,

    .. math::

        C_B = \frac{\sum_i (b_{max} - b_i)}{n - 1}

    1 for a star, 0 for a complete graph (Freeman 1979); ``nan`` when :math:`n < 3`.

    Parameters
    ----------
    graph
        An undirected graph (e.g. :func:`tie_graph`).

    Returns
    -------
    float
        :math:`C_B`, or ``nan`` below 3 nodes.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.

    Examples
    --------
    >>> import networkx as nx
    >>> betweenness_centralization(nx.star_graph(4))
    1.0
    """
    n = graph.number_of_nodes()
    if n < 3:
        return math.nan
    b = np.array(list(nx.betweenness_centrality(graph, normalized=True).values()))
    return float((b.max() - b).sum() / (n - 1))


def ei_index(graph: nx.Graph, groups: Mapping[Any, str]) -> float:  # type: ignore[type-arg]
    r"""Krackhardt and Stern's (1988) E-I index: external minus internal ties over all ties.

    .. math::

        EI = \frac{E - I}{E + I}

    where :math:`E` counts the edges between groups and :math:`I` those within one. -1 when all
    ties stay within groups, +1 when all cross them; ``nan`` without edges.

    Parameters
    ----------
    graph
        An undirected graph.
    groups
        The group of every node.

    Returns
    -------
    float
        :math:`EI` in [-1, 1], or ``nan`` without edges.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> ei_index(g, {"a": "x", "b": "x", "c": "y", "d": "y"})  # 1 external, 2 internal
    -0.3333333333333333
    """
    external = sum(1 for u, v in graph.edges() if groups[u] != groups[v])
    total = graph.number_of_edges()
    if total == 0:
        return math.nan
    return (external - (total - external)) / total


@attrs.frozen(kw_only=True)
class BrokerageRoles:
    """Gould–Fernandez brokerage of one partner: counts, expected values, sd and z-scores.

    Each mapping has the keys of :data:`ROLES` plus ``"total"``. Expected values and standard
    deviations are those of ``sna::brokerage`` (Butts 2008): a random graph of the same density
    and the same group sizes. A z-score is ``nan`` when its standard deviation is 0.
    """

    partner: str
    group: str
    counts: Mapping[str, int]
    expected: Mapping[str, float]
    sd: Mapping[str, float]
    z: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Return the roles as plain data (``nan`` as ``None``).

        Returns
        -------
        dict of str to object
            ``group`` (the partner's group) and the mappings ``counts`` (ints), ``expected``,
            ``sd`` and ``z`` (floats, ``None`` for ``nan``), each keyed by the roles of
            :data:`ROLES` and ``"total"``.

        Examples
        --------
        The hub of :func:`brokerage`, whose spokes are all in its own group, only coordinates:

        >>> from collective_impact import Initiative, Partner, Tie
        >>> init = Initiative(
        ...     name="Hub",
        ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "habcde"],
        ...     ties=[Tie(source=s, target="h") for s in "abcde"],
        ... )
        >>> data = brokerage(init)["h"].to_dict()
        >>> data["group"], data["counts"]["coordinator"], data["counts"]["total"]
        ('nonprofit', 20, 20)
        >>> round(data["z"]["coordinator"], 2), data["z"]["liaison"]
        (11.29, None)
        """

        def clean(m: Mapping[str, float]) -> dict[str, float | None]:
            return {k: (None if math.isnan(v) else float(v)) for k, v in m.items()}

        return {
            "group": self.group,
            "counts": {k: int(v) for k, v in self.counts.items()},
            "expected": clean(self.expected),
            "sd": clean(self.sd),
            "z": clean(self.z),
        }


def _brokerage_moments(
    sizes: Mapping[str, int], n: int, density: float
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Return expected counts and variances by the broker's group (as ``sna::brokerage``)."""
    d = density
    base = d**2 * (1 - d)
    third = d**3 * (1 - d) ** 3
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    names = list(sizes)
    ns = np.array([sizes[g] for g in names], dtype=np.float64)
    for i in range(len(names)):
        ni = ns[i]
        others = np.delete(ns, i)
        e = {
            "coordinator": base * (ni - 1) * (ni - 2),
            "itinerant": base * float((others * (others - 1)).sum()),
            "representative": base * (n - ni) * (ni - 1),
            "liaison": base * float(np.outer(others, others).sum() - (others**2).sum()),
            "total": base * (n - 1) * (n - 2),
        }
        e["gatekeeper"] = e["representative"]

        def comb2(x: np.ndarray | float) -> np.ndarray | float:
            return x * (x - 1) / 2

        extra = {
            "coordinator": 2 * (ni - 1) * (ni - 2) * (ni - 3) * third,
            "itinerant": 2 * float((others * (others - 1) * (others - 2)).sum()) * third,
            "representative": 2 * ((ni - 1) * comb2(n - ni) + (n - ni) * comb2(ni - 1)) * third,
            "liaison": 4 * float((others * comb2(n - others - ni)).sum()) * third,
            "total": 2 * (n - 1) * (n - 2) * (n - 3) * third,
        }
        extra["gatekeeper"] = extra["representative"]
        for role, mean in e.items():
            variance = mean * (1 - base) + extra[role]
            out.setdefault(role, (np.zeros(len(names)), np.zeros(len(names))))
            out[role][0][i] = mean
            out[role][1][i] = variance
    return out


def brokerage(
    initiative: Initiative, *, groups: Mapping[str, str] | None = None
) -> dict[str, BrokerageRoles]:
    r"""Gould–Fernandez brokerage roles of every partner, with expected values and z-scores.

    A partner :math:`j` brokers between :math:`i` and :math:`k` when :math:`i \to j \to k` in the
    directed tie graph (:func:`tie_digraph`: a communication or joint-planning tie runs both
    ways, a funding, referral or data-sharing tie from source to target), :math:`i \ne k`, and
    there is no edge :math:`i \to k`. Each such open two-path is one role, by the groups of
    :math:`i`, :math:`j`, :math:`k` (Gould & Fernandez 1989):

    ==================  =====================================  ==============
    role                groups                                 ``sna`` name
    ==================  =====================================  ==============
    coordinator         all three in one group                 ``w_I``
    itinerant           :math:`i, k` in one group, :math:`j`   ``w_O``
                        in another
    representative      :math:`i, j` in one group, :math:`k`   ``b_IO``
                        in another
    gatekeeper          :math:`j, k` in one group, :math:`i`   ``b_OI``
                        in another
    liaison             three different groups                 ``b_O``
    ==================  =====================================  ==============

    Expected values and variances are those of R's ``sna::brokerage`` (Butts 2008): with density
    :math:`d = m / (N(N-1))` (:math:`m` edges of the directed tie graph), group sizes
    :math:`n_g` and the broker in group :math:`g`, e.g.
    :math:`E[w_I] = d^2(1-d)(n_g - 1)(n_g - 2)` and
    :math:`\mathrm{Var}[w_I] = E[w_I](1 - d^2(1-d)) + 2(n_g-1)(n_g-2)(n_g-3)d^3(1-d)^3`.

    Parameters
    ----------
    initiative
        The initiative.
    groups
        Group of each partner (default: its sector).

    Returns
    -------
    dict
        ``{partner id: BrokerageRoles}`` in partner order.

    Notes
    -----
    A hub with five spokes, all in one group, tied to each by communication ties: whichever way
    the ties were entered, each is an edge both ways, so the hub brokers every ordered pair of
    distinct spokes, :math:`5 \cdot 4 = 20` coordinator two-paths. With funding ties instead,
    all entered spokes :math:`\to` hub (or all hub :math:`\to` spokes), no two-path runs through
    the hub and it brokers nothing.

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
       to brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
    .. [2] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    The hub of the notes, with its five spokes in one group:

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Hub",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "habcde"],
    ...     ties=[Tie(source=s, target="h") for s in "abcde"],
    ... )
    >>> brokerage(init)["h"].counts["coordinator"]
    20
    """
    graph = tie_digraph(initiative)
    ids = [p.id for p in initiative.partners]
    group_of = (
        dict(groups) if groups is not None else {p.id: p.sector.value for p in initiative.partners}
    )
    position = {p: i for i, p in enumerate(ids)}
    n = len(ids)
    adjacency = (
        sp.csr_array(nx.to_scipy_sparse_array(graph, nodelist=ids, weight=None, format="csr"))
        if n
        else sp.csr_array((0, 0))
    )
    label = np.array([group_of[p] for p in ids], dtype=object)
    counts = {role: np.zeros(n, dtype=np.int64) for role in ROLES}
    csc = adjacency.tocsc()
    for j in range(n):  # one pass per broker; the two-paths through it are vectorised
        into = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        out = adjacency.indices[adjacency.indptr[j] : adjacency.indptr[j + 1]]
        into, out = into[into != j], out[out != j]
        if into.size == 0 or out.size == 0:
            continue
        i_idx = np.repeat(into, out.size)
        k_idx = np.tile(out, into.size)
        keep = i_idx != k_idx
        i_idx, k_idx = i_idx[keep], k_idx[keep]
        if i_idx.size == 0:
            continue
        closed = np.asarray(adjacency[i_idx, k_idx]).reshape(-1) > 0
        i_idx, k_idx = i_idx[~closed], k_idx[~closed]
        gi, gj, gk = label[i_idx], label[j], label[k_idx]
        same_ij, same_jk, same_ik = gi == gj, gk == gj, gi == gk
        counts["coordinator"][j] = int((same_ij & same_jk).sum())
        counts["representative"][j] = int((same_ij & ~same_jk).sum())
        counts["gatekeeper"][j] = int((~same_ij & same_jk).sum())
        counts["itinerant"][j] = int((~same_ij & ~same_jk & same_ik).sum())
        counts["liaison"][j] = int((~same_ij & ~same_jk & ~same_ik).sum())
    m = graph.number_of_edges()
    density = m / (n * (n - 1)) if n > 1 else 0.0
    sizes: dict[str, int] = {}
    for p in ids:
        sizes[group_of[p]] = sizes.get(group_of[p], 0) + 1
    moments = _brokerage_moments(sizes, n, density)
    group_pos = {g: i for i, g in enumerate(sizes)}
    result = {}
    for p in ids:
        j, gp = position[p], group_pos[group_of[p]]
        raw = {role: int(counts[role][j]) for role in ROLES}
        raw["total"] = sum(raw.values())
        expected = {role: float(moments[role][0][gp]) for role in (*ROLES, "total")}
        sd = {role: math.sqrt(max(float(moments[role][1][gp]), 0.0)) for role in expected}
        z = {
            role: (raw[role] - expected[role]) / sd[role] if sd[role] > 0 else math.nan
            for role in expected
        }
        result[p] = BrokerageRoles(
            partner=p, group=group_of[p], counts=raw, expected=expected, sd=sd, z=z
        )
    return result


def partner_ratings(initiative: Initiative) -> dict[str, dict[str, float]]:
    r"""PARTNER-tool value and trust of each partner, from the ratings on ties it receives.

    The PARTNER tool is described by Varda et al. (2008).

    A partner's *value* is the mean of every ``power_influence``, ``involvement`` and
    ``resources`` rating on ties pointing to it; its *trust* the mean of every ``reliability``,
    ``mission_congruence`` and ``openness`` rating; missing ratings are left out. Partners rated
    on neither are absent from the result.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    dict
        ``{partner id: {"value": mean or nan, "trust": mean or nan, "ratings": count}}``.

    References
    ----------
    .. [1] Varda, D. M., Chandra, A., Stern, S. A. and Lurie, N. (2008). Core dimensions of
       connectivity in public health collaboratives. *Journal of Public Health Management and
       Practice* 14(5), E1–E7.

    Examples
    --------
    ``b`` receives one tie rated reliability 4 and openness 2: its trust is (4 + 2) / 2 = 3;
    no value rating, so its value is ``nan``.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Rated",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "ab"],
    ...     ties=[Tie(source="a", target="b", reliability=4, openness=2)],
    ... )
    >>> partner_ratings(init)
    {'b': {'value': nan, 'trust': 3.0, 'ratings': 2.0}}
    """
    received: dict[str, dict[str, list[float]]] = {}
    for tie in initiative.ties:
        for dimension, names in (("value", VALUE_RATINGS), ("trust", TRUST_RATINGS)):
            for name in names:
                rating = getattr(tie, name)
                if rating is not None:
                    cell = received.setdefault(tie.target, {"value": [], "trust": []})
                    cell[dimension].append(rating)
    out = {}
    for partner, cell in received.items():
        out[partner] = {
            "value": math.fsum(cell["value"]) / len(cell["value"]) if cell["value"] else math.nan,
            "trust": math.fsum(cell["trust"]) / len(cell["trust"]) if cell["trust"] else math.nan,
            "ratings": float(len(cell["value"]) + len(cell["trust"])),
        }
    return out


def governance_mode(initiative: Initiative) -> tuple[str, str]:
    """Classify the governance of the network (Provan & Kenis 2008), with the reason.

    The rule:

    * ``network administrative organization`` — a backbone organisation exists and leads fewer
      than a quarter of the activities: a dedicated coordinator rather than a main provider;
    * ``lead organization`` — a backbone exists and leads at least a quarter of the activities,
      or there is no backbone but one partner leads at least half of them;
    * ``shared`` — otherwise: no backbone, and no partner leads half of the activities.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    tuple of str
        ``(mode, reason)``.

    References
    ----------
    .. [1] Provan, K. G. and Kenis, P. (2008). Modes of network governance: structure,
       management, and effectiveness. *Journal of Public Administration Research and Theory*
       18(2), 229–252.

    Examples
    --------
    >>> import collective_impact as ci
    >>> governance_mode(ci.load_example("cradle-to-career"))[0]
    'network administrative organization'
    """
    leads: dict[str, int] = {}
    for act in initiative.activities:
        leads[act.lead] = leads.get(act.lead, 0) + 1
    total = len(initiative.activities)
    if initiative.backbone is not None:
        b = initiative.backbone.organization
        share = leads.get(b, 0) / total if total else 0.0
        if share < 0.25:
            return (
                "network administrative organization",
                f"the backbone {b!r} leads {share:.0%} of the activities (< 25%)",
            )
        return ("lead organization", f"the backbone {b!r} leads {share:.0%} of the activities")
    if leads:
        top, count = max(sorted(leads.items()), key=lambda kv: kv[1])
        if count / total >= 0.5:
            return (
                "lead organization",
                f"no backbone; {top!r} leads {count / total:.0%} of the activities",
            )
    return ("shared", "no backbone and no partner leads half of the activities")


@attrs.frozen(kw_only=True)
class NetworkMeasures:
    """The network measures of an initiative's ties (see the module notes for the views).

    ``undefined`` maps the name of each measure that is ``nan`` to the reason.
    """

    partners: int
    ties: int
    density: float
    directed_density: float
    reciprocity: float
    degree_centralization: float
    betweenness_centralization: float
    components: int
    largest_component: int
    average_shortest_path: float
    diameter: float
    articulation_points: tuple[str, ...]
    ei_index: float
    constraint: Mapping[str, float]
    effective_size: Mapping[str, float]
    brokerage: Mapping[str, BrokerageRoles]
    backbone_brokerage_share: float
    governance_mode: str
    governance_reason: str
    value: Mapping[str, float]
    trust: Mapping[str, float]
    network_value: float
    network_trust: float
    undefined: Mapping[str, str]

    def to_dict(self) -> dict[str, Any]:
        """Return the measures as JSON-safe plain data (``nan`` as ``None``).

        Returns
        -------
        dict of str to object
            Every attribute by name, with tuples as lists, mappings as dicts, each
            :class:`BrokerageRoles` through its own ``to_dict`` and every ``nan`` as ``None``.

        Examples
        --------
        >>> import collective_impact as ci
        >>> data = network_measures(ci.load_example("workforce")).to_dict()
        >>> data["partners"], data["ties"], data["components"], data["articulation_points"]
        (11, 19, 1, ['mowd'])
        >>> data["network_trust"], data["undefined"]["network_trust"]
        (None, 'no trust ratings on ties')
        >>> data["brokerage"]["cjc"]["counts"]["liaison"]
        16
        """

        def clean(x: Any) -> Any:
            if isinstance(x, float):
                return None if math.isnan(x) else x
            if isinstance(x, Mapping):
                return {k: clean(v) for k, v in x.items()}
            if isinstance(x, tuple | list):
                return [clean(v) for v in x]
            if isinstance(x, BrokerageRoles):
                return x.to_dict()
            return x

        return {f.name: clean(getattr(self, f.name)) for f in attrs.fields(NetworkMeasures)}


def network_measures(initiative: Initiative) -> NetworkMeasures:
    r"""Compute every network measure of an initiative's ties.

    Density is :math:`2m / (n(n-1))` on the undirected view and :math:`m / (n(n-1))` on the
    directed one (:func:`tie_digraph`, where a communication or joint-planning tie is an edge
    both ways); reciprocity is the share of directed edges whose reverse exists (1 for a network
    of mutual ties only); the average
    shortest path and the diameter are those of the largest component (hop counts); Burt's
    constraint and effective size are networkx's (unweighted); the backbone's brokerage share is
    its normalised betweenness — the share of shortest paths between pairs of other partners
    that pass through it; network value and trust are the partners' mean ratings as a
    percentage of the maximum rating, 4.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    NetworkMeasures
        Measures that are undefined for the network are ``nan``, with the reason in
        ``undefined``.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.
    .. [2] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.

    Examples
    --------
    >>> import collective_impact as ci
    >>> m = network_measures(ci.load_example("cradle-to-career"))
    >>> m.components, m.governance_mode
    (2, 'network administrative organization')
    """
    graph = tie_graph(initiative)
    digraph = tie_digraph(initiative)
    n = graph.number_of_nodes()
    undefined: dict[str, str] = {}
    sectors = {p.id: p.sector.value for p in initiative.partners}

    def nan(name: str, reason: str) -> float:
        undefined[name] = reason
        return math.nan

    density = nx.density(graph) if n > 1 else nan("density", "fewer than 2 partners")
    directed_density = (
        nx.density(digraph) if n > 1 else nan("directed_density", "fewer than 2 partners")
    )
    if digraph.number_of_edges():
        overall: Any = nx.reciprocity(digraph)  # a float for the whole graph
        reciprocity = float(overall)
    else:
        reciprocity = nan("reciprocity", "no ties")
    degree_c = degree_centralization(graph)
    if math.isnan(degree_c):
        undefined["degree_centralization"] = "fewer than 3 partners"
    between_c = betweenness_centralization(graph)
    if math.isnan(between_c):
        undefined["betweenness_centralization"] = "fewer than 3 partners"
    parts = sorted(nx.connected_components(graph), key=len, reverse=True)
    largest = graph.subgraph(parts[0]) if parts else graph
    if largest.number_of_nodes() > 1:
        average = float(nx.average_shortest_path_length(largest))
        diameter = float(nx.diameter(largest))
    else:
        average = nan("average_shortest_path", "the largest component has one partner")
        diameter = nan("diameter", "the largest component has one partner")
    ei = ei_index(graph, sectors)
    if math.isnan(ei):
        undefined["ei_index"] = "no ties"
    constraint = {k: float(v) for k, v in nx.constraint(graph).items()}
    effective = {k: float(v) for k, v in nx.effective_size(graph).items()}
    share = math.nan
    if initiative.backbone is None:
        undefined["backbone_brokerage_share"] = "no backbone"
    elif n < 3:
        undefined["backbone_brokerage_share"] = "fewer than 3 partners"
    else:
        centrality: dict[str, float] = nx.betweenness_centrality(graph, normalized=True)
        share = float(centrality[initiative.backbone.organization])
    mode, reason = governance_mode(initiative)
    ratings = partner_ratings(initiative)
    value = {p: r["value"] for p, r in ratings.items() if not math.isnan(r["value"])}
    trust = {p: r["trust"] for p, r in ratings.items() if not math.isnan(r["trust"])}
    network_value = (
        math.fsum(value.values()) / len(value) / 4 * 100
        if value
        else nan("network_value", "no value ratings on ties")
    )
    network_trust = (
        math.fsum(trust.values()) / len(trust) / 4 * 100
        if trust
        else nan("network_trust", "no trust ratings on ties")
    )
    return NetworkMeasures(
        partners=n,
        ties=graph.number_of_edges(),
        density=float(density),
        directed_density=float(directed_density),
        reciprocity=reciprocity,
        degree_centralization=degree_c,
        betweenness_centralization=between_c,
        components=len(parts),
        largest_component=len(parts[0]) if parts else 0,
        average_shortest_path=average,
        diameter=diameter,
        articulation_points=tuple(sorted(nx.articulation_points(graph))),
        ei_index=ei,
        constraint=constraint,
        effective_size=effective,
        brokerage=brokerage(initiative),
        backbone_brokerage_share=share,
        governance_mode=mode,
        governance_reason=reason,
        value=value,
        trust=trust,
        network_value=network_value,
        network_trust=network_trust,
        undefined=undefined,
    )
