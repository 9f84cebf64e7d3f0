"""Network measures, every number worked by hand.

What-if changes are tested in ``test_whatif.py`` and assessment diffs in ``test_diff.py``.

Small initiatives are built from a list of partner ids, a sector (or group) for each, and a list
of ties. The views (see :mod:`collective_impact.analysis.network`): the *directed* view has an
edge p -> q when a tie of a directed kind (funding, referral, data sharing) runs from p to q, or a
tie of a mutual kind (communication, joint planning) joins them either way; the *undirected* view
an edge p - q when any tie joins them, whichever way. Ties of several kinds between the same two
partners are one edge.

The brokerage reference values below (each role on one two-path, the moments of ``sna``) were
worked out on directed graphs; since communication ties became mutual, their ties are *referral*
ties (:data:`FLOW`), a directed kind, so that the graphs and the numbers are unchanged.

Brokerage follows R's ``sna::brokerage`` (Butts 2008): broker j, an open two-path i -> j -> k
(i != k, no edge i -> k), one role by the groups of i, j, k:

    coordinator    (w_I)   g(i) = g(j) = g(k)
    itinerant      (w_O)   g(i) = g(k) != g(j)
    representative (b_IO)  g(i) = g(j) != g(k)
    gatekeeper     (b_OI)  g(i) != g(j) = g(k)
    liaison        (b_O)   three different groups

and, with d = m / (N(N-1)) (m directed edges), n_g the broker's group size, B = d²(1-d) and
T = d³(1-d)³, the expected values and variances (sums over the other groups h):

    E[w_I]  = B (n_g-1)(n_g-2)           Var = E(1-B) + 2 (n_g-1)(n_g-2)(n_g-3) T
    E[w_O]  = B Σ n_h(n_h-1)             Var = E(1-B) + 2 Σ n_h(n_h-1)(n_h-2) T
    E[b_IO] = E[b_OI] = B (N-n_g)(n_g-1)
                                         Var = E(1-B) + 2((n_g-1)C(N-n_g,2) + (N-n_g)C(n_g-1,2)) T
    E[b_O]  = B Σ n_h (N-n_h-n_g)        Var = E(1-B) + 4 Σ n_h C(N-n_h-n_g, 2) T
    E[t]    = B (N-1)(N-2)               Var = E(1-B) + 2 (N-1)(N-2)(N-3) T
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import (
    Activity,
    Backbone,
    Initiative,
    Intensity,
    Partner,
    Tie,
    TieKind,
)
from collective_impact.analysis import network as net
from collective_impact.analysis.network import (
    ROLES,
    betweenness_centralization,
    brokerage,
    degree_centralization,
    ei_index,
    governance_mode,
    partner_ratings,
    tie_digraph,
    tie_graph,
)
from collective_impact.strategies import initiatives

SECTORS = ("government", "nonprofit", "business", "philanthropy", "community", "faith")


#: A directed tie kind, for the brokerage tests that need ties to be one-way flows.
FLOW = "referral"


def make(
    ids: Sequence[str],
    ties: Sequence[tuple[str, str] | Tie] = (),
    *,
    kind: str = "communication",
    sectors: Mapping[str, str] | None = None,
    activities: Sequence[Activity] = (),
    backbone: str | None = None,
) -> Initiative:
    """An initiative of the given partners (sector ``government`` unless told) and ties.

    A tie given as ``(source, target)`` is of ``kind`` (default: communication, a mutual kind).
    """
    sectors = sectors or {}
    return Initiative(
        name="Test",
        partners=[Partner(id=p, name=p, sector=sectors.get(p, "government")) for p in ids],
        ties=[t if isinstance(t, Tie) else Tie(source=t[0], target=t[1], kind=kind) for t in ties],
        activities=list(activities),
        backbone=None if backbone is None else Backbone(organization=backbone),
    )


def roles_of(init: Initiative, partner: str, **kwargs: object) -> dict[str, int]:
    return dict(brokerage(init, **kwargs)[partner].counts)  # type: ignore[arg-type]


ZERO = dict.fromkeys((*ROLES, "total"), 0)


# -- brokerage -----------------------------------------------------------------------------------


class TestBrokerage:
    @pytest.mark.parametrize(
        ("groups", "role"),
        [
            (("A", "A", "A"), "coordinator"),
            (("B", "A", "B"), "itinerant"),
            (("A", "A", "B"), "representative"),
            (("B", "A", "A"), "gatekeeper"),
            (("B", "A", "C"), "liaison"),
        ],
    )
    def test_each_role_on_one_two_path(self, groups: tuple[str, str, str], role: str) -> None:
        """i -> j -> k with groups (g(i), g(j), g(k)): j has exactly one two-path, of ``role``;
        i has no in-edge and k no out-edge, so neither brokers anything."""
        init = make(["i", "j", "k"], [("i", "j"), ("j", "k")], kind=FLOW)
        groups_of = dict(zip("ijk", groups, strict=True))
        result = brokerage(init, groups=groups_of)
        assert dict(result["j"].counts) == {**ZERO, role: 1, "total": 1}
        assert dict(result["i"].counts) == ZERO
        assert dict(result["k"].counts) == ZERO
        assert result["j"].group == "A"

    def test_groups_default_to_sectors(self) -> None:
        """g(i) = nonprofit, g(j) = government, g(k) = business: a liaison."""
        init = make(
            ["i", "j", "k"],
            [("i", "j"), ("j", "k")],
            kind=FLOW,
            sectors={"i": "nonprofit", "j": "government", "k": "business"},
        )
        assert roles_of(init, "j") == {**ZERO, "liaison": 1, "total": 1}
        assert brokerage(init)["j"].group == "government"

    def test_closed_triad_is_not_brokerage(self) -> None:
        """i -> j -> k with i -> k as well: i reaches k directly, j brokers nothing."""
        init = make(["i", "j", "k"], [("i", "j"), ("j", "k"), ("i", "k")], kind=FLOW)
        assert all(dict(r.counts) == ZERO for r in brokerage(init).values())

    def test_reverse_edge_does_not_close_the_triad(self) -> None:
        """A 3-cycle i -> j -> k -> i: the edge k -> i does not close i -> j -> k (direction
        matters), so each node brokers one two-path: j (i, k), k (j, i), i (k, j); all one
        group: one coordinator each."""
        init = make(["i", "j", "k"], [("i", "j"), ("j", "k"), ("k", "i")], kind=FLOW)
        for p in "ijk":
            assert roles_of(init, p) == {**ZERO, "coordinator": 1, "total": 1}

    def test_mutual_ties_broker_both_ways(self) -> None:
        """i <-> j <-> k: j brokers i -> k and k -> i (neither closed); i and k broker nothing
        (their only two-paths, j -> i -> j and j -> k -> j, return to where they started)."""
        init = make(["i", "j", "k"], [("i", "j"), ("j", "i"), ("j", "k"), ("k", "j")], kind=FLOW)
        assert roles_of(init, "j") == {**ZERO, "coordinator": 2, "total": 2}
        assert roles_of(init, "i") == ZERO

    def test_every_role_through_one_broker(self) -> None:
        """Groups A = {a1, a2, a3}, B = {b1, b2}, C = {c1}; in-edges of a1 from a2 and b1,
        out-edges to a3, b2 and c1. The 2 x 3 two-paths through a1, all open:

            a2 -> a3  AAA  coordinator        b1 -> a3  BAA  gatekeeper
            a2 -> b2  AAB  representative     b1 -> b2  BAB  itinerant
            a2 -> c1  AAC  representative     b1 -> c1  BAC  liaison

        so a1: w_I = 1, w_O = 1, b_IO = 2, b_OI = 1, b_O = 1, total 6. Adding b1 -> c1 closes the
        liaison's triad: b_O = 0, total 5."""
        init = moments_case()
        assert roles_of(init, "a1", groups=GROUPS) == {
            "coordinator": 1,
            "itinerant": 1,
            "representative": 2,
            "gatekeeper": 1,
            "liaison": 1,
            "total": 6,
        }
        for p in ("a2", "a3", "b1", "b2", "c1"):
            assert roles_of(init, p, groups=GROUPS) == ZERO
        closed = init.with_ties(Tie(source="b1", target="c1", kind=FLOW))
        assert roles_of(closed, "a1", groups=GROUPS) == {
            "coordinator": 1,
            "itinerant": 1,
            "representative": 2,
            "gatekeeper": 1,
            "liaison": 0,
            "total": 5,
        }

    def test_expected_sd_and_z_by_hand(self) -> None:
        """The case above: N = 6, m = 5 directed edges (the funding tie a2 -> a1 duplicates the
        referral one: same edge), d = 5/30 = 1/6.

            B = d²(1-d) = (1/36)(5/6) = 5/216,  T = d³(1-d)³ = (1/216)(125/216) = 125/46656

        Broker a1 in A, n_g = 3; other groups n_B = 2, n_C = 1:

            E[w_I]  = B·2·1 = 10/216 = 5/108;   Var = 5/108 · 211/216 + 2·2·1·0·T = 1055/23328
            E[w_O]  = B·(2·1 + 1·0) = 5/108;    Var = 1055/23328 + 2(2·1·0 + 1·0·(-1))T
                                                    = 1055/23328
            E[b_IO] = B·3·2 = 30/216 = 5/36;    Var = 5/36 · 211/216 + 2(2·C(3,2) + 3·C(2,2))T
                                                    = 6330/46656 + 2250/46656 = 715/3888
            E[b_O]  = B·(2·(6-2-3) + 1·(6-1-3)) = 4B = 5/54
                                                Var = 5/54 · 211/216 + 4(2·C(1,2) + 1·C(2,2))T
                                                    = 4220/46656 + 500/46656 = 295/2916
            E[t]    = B·5·4 = 100/216 = 25/54;  Var = 25/54 · 211/216 + 2·5·4·3·T
                                                    = 21100/46656 + 15000/46656 = 36100/46656,
                                                sd = 190/216 = 95/108
            z[t]    = (6 - 25/54) / (95/108) = (299/54)(108/95) = 598/95

        Broker b1 in B, n_g = 2: E[w_I] = B·1·0 = 0 and Var = 0 + 2·1·0·(-1)·T = 0, so its z
        is nan (sd 0)."""
        roles = brokerage(moments_case(), groups=GROUPS)
        a1 = roles["a1"]
        expected = {
            "coordinator": 5 / 108,
            "itinerant": 5 / 108,
            "representative": 5 / 36,
            "gatekeeper": 5 / 36,
            "liaison": 5 / 54,
            "total": 25 / 54,
        }
        variance = {
            "coordinator": 1055 / 23328,
            "itinerant": 1055 / 23328,
            "representative": 715 / 3888,
            "gatekeeper": 715 / 3888,
            "liaison": 295 / 2916,
            "total": 36100 / 46656,
        }
        for role in (*ROLES, "total"):
            assert a1.expected[role] == pytest.approx(expected[role], rel=1e-12)
            assert a1.sd[role] == pytest.approx(math.sqrt(variance[role]), rel=1e-12)
            z = (a1.counts[role] - expected[role]) / math.sqrt(variance[role])
            assert a1.z[role] == pytest.approx(z, rel=1e-12)
        assert a1.sd["total"] == pytest.approx(95 / 108, rel=1e-12)
        assert a1.z["total"] == pytest.approx(598 / 95, rel=1e-12)
        b1 = roles["b1"]
        assert b1.expected["coordinator"] == 0.0
        assert b1.sd["coordinator"] == 0.0
        assert math.isnan(b1.z["coordinator"])
        # every partner of one group shares the group's moments
        assert dict(roles["a2"].expected) == dict(a1.expected)

    def test_to_dict_is_json_safe(self) -> None:
        """The nan z-scores (sd 0) become None."""
        data = brokerage(moments_case(), groups=GROUPS)["b1"].to_dict()
        json.dumps(data, allow_nan=False)
        assert data["z"]["coordinator"] is None
        assert data["counts"] == ZERO
        assert data["group"] == "B"

    @given(st.data())
    def test_matches_a_brute_force_triple_loop(self, data: st.DataObject) -> None:
        """Counts by a loop over every (i, j, k); moments by the sna formulas written out."""
        n = data.draw(st.integers(1, 7), label="n")
        ids = [f"p{i}" for i in range(n)]
        pairs = [(a, b) for a in ids for b in ids if a != b]
        edges = data.draw(st.sets(st.sampled_from(pairs)) if pairs else st.just(set()))
        groups = {p: data.draw(st.sampled_from("xyz"), label=p) for p in ids}
        result = brokerage(make(ids, sorted(edges), kind=FLOW), groups=groups)
        assert list(result) == ids
        counts = {p: dict(ZERO) for p in ids}
        for i, j, k in itertools.permutations(ids, 3):
            if (i, j) in edges and (j, k) in edges and (i, k) not in edges:
                gi, gj, gk = groups[i], groups[j], groups[k]
                if gi == gj == gk:
                    role = "coordinator"
                elif gi == gj:
                    role = "representative"
                elif gj == gk:
                    role = "gatekeeper"
                elif gi == gk:
                    role = "itinerant"
                else:
                    role = "liaison"
                counts[j][role] += 1
                counts[j]["total"] += 1
        d = len(edges) / (n * (n - 1)) if n > 1 else 0.0
        for p in ids:
            assert dict(result[p].counts) == counts[p]
            mean, var = sna_moments(groups, p, d)
            for role in (*ROLES, "total"):
                assert result[p].expected[role] == pytest.approx(mean[role], abs=1e-12)
                assert result[p].sd[role] == pytest.approx(math.sqrt(max(var[role], 0.0)), abs=1e-9)


GROUPS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}


def moments_case() -> Initiative:
    return make(
        list(GROUPS),
        [
            ("a2", "a1"),
            Tie(source="a2", target="a1", kind="funding"),
            ("b1", "a1"),
            ("a1", "a3"),
            ("a1", "b2"),
            ("a1", "c1"),
        ],
        kind=FLOW,
    )


def sna_moments(
    groups: Mapping[str, str], broker: str, d: float
) -> tuple[dict[str, float], dict[str, float]]:
    """``sna::brokerage``'s expected value and variance of each role for ``broker``."""
    size: dict[str, int] = {}
    for g in groups.values():
        size[g] = size.get(g, 0) + 1
    big_n = len(groups)
    ng = size[groups[broker]]
    others = [v for g, v in size.items() if g != groups[broker]]
    b, t = d**2 * (1 - d), d**3 * (1 - d) ** 3
    mean = {
        "coordinator": b * (ng - 1) * (ng - 2),
        "itinerant": b * sum(h * (h - 1) for h in others),
        "representative": b * (big_n - ng) * (ng - 1),
        "liaison": b * sum(h * (big_n - h - ng) for h in others),
        "total": b * (big_n - 1) * (big_n - 2),
    }
    mean["gatekeeper"] = mean["representative"]
    extra = {
        "coordinator": 2 * (ng - 1) * (ng - 2) * (ng - 3) * t,
        "itinerant": 2 * sum(h * (h - 1) * (h - 2) for h in others) * t,
        "representative": 2
        * ((ng - 1) * math.comb(big_n - ng, 2) + (big_n - ng) * math.comb(max(ng - 1, 0), 2))
        * t,
        "liaison": 4 * sum(h * math.comb(max(big_n - h - ng, 0), 2) for h in others) * t,
        "total": 2 * (big_n - 1) * (big_n - 2) * (big_n - 3) * t,
    }
    extra["gatekeeper"] = extra["representative"]
    return mean, {k: mean[k] * (1 - b) + extra[k] for k in mean}


# -- direction of ties ---------------------------------------------------------------------------

HUB_IDS = ("hub", "s1", "s2", "s3", "s4", "s5")
SPOKES = HUB_IDS[1:]


def star(kind: str, way: str) -> Initiative:
    """A hub with five spokes; ties of ``kind`` entered ``in`` (spokes -> hub), ``out``
    (hub -> spokes) or ``both``."""
    inward = [(s, "hub") for s in SPOKES]
    outward = [("hub", s) for s in SPOKES]
    ties = {"in": inward, "out": outward, "both": inward + outward}[way]
    return make(HUB_IDS, ties, kind=kind)


def reverse_mutual(init: Initiative) -> Initiative:
    """The initiative with every tie of a mutual kind entered the other way round."""
    return init.evolve(
        ties=tuple(
            t if t.kind.directed else attrs.evolve(t, source=t.target, target=t.source)
            for t in init.ties
        )
    )


def both_ways(init: Initiative) -> Initiative:
    """The initiative with every tie of a mutual kind also entered the other way round."""
    have = {(t.source, t.target, t.kind) for t in init.ties}
    extra = [
        attrs.evolve(t, source=t.target, target=t.source)
        for t in init.ties
        if not t.kind.directed and (t.target, t.source, t.kind) not in have
    ]
    return init.evolve(ties=(*init.ties, *extra))


class TestDirectionOfTies:
    def test_which_kinds_are_directed(self) -> None:
        """Communication and joint planning are mutual; funding, referral and data sharing flow
        from source to target."""
        assert {k.value: k.directed for k in TieKind} == {
            "communication": False,
            "joint-planning": False,
            "funding": True,
            "referral": True,
            "data-sharing": True,
        }

    def test_digraph_symmetrises_mutual_ties_only(self) -> None:
        """a -> b funding (0.4) and c -> b communication (0.7): edges a -> b, b -> c, c -> b; the
        strength of an edge is the strongest tie giving it (b -> c and c -> b both 0.7)."""
        init = make(
            ["a", "b", "c"],
            [
                Tie(source="a", target="b", kind="funding", strength=0.4),
                Tie(source="c", target="b", strength=0.7),
            ],
        )
        g = tie_digraph(init)
        assert sorted(g.edges(data="strength")) == [
            ("a", "b", 0.4),
            ("b", "c", 0.7),
            ("c", "b", 0.7),
        ]

    @pytest.mark.parametrize("kind", ["communication", "joint-planning"])
    def test_mutual_star_brokers_the_same_whichever_way(self, kind: str) -> None:
        """Hub and five spokes, all ``government`` (one group). Whichever way the ties were
        entered, the directed view has hub -> s and s -> hub for every spoke: in- and
        out-neighbours of the hub are the five spokes, giving 5 · 4 = 20 ordered pairs (i, k) of
        distinct spokes, none closed (no spoke-spoke edge): 20 two-paths, all in one group, so
        coordinator 20. A spoke's only in- and out-neighbour is the hub (i = k): 0.

        Moments (N = 6, m = 10 directed edges, d = 10/30 = 1/3): B = d²(1-d) = (1/9)(2/3) = 2/27,
        T = d³(1-d)³ = (1/27)(8/27) = 8/729; E[t] = B·5·4 = 40/27;
        Var[t] = 40/27 · 25/27 + 2·5·4·3·T = 1000/729 + 960/729 = 1960/729, sd = 14√10/27;
        z[t] = (20 - 40/27) / (14√10/27) = 500 / (14√10) = 250 / (7√10).

        Before directedness was a property of the kind, spokes -> hub gave the hub 0 and both
        ways gave 20."""
        results = {way: brokerage(star(kind, way)) for way in ("in", "out", "both")}
        hub = results["both"]["hub"]
        assert dict(hub.counts) == {**ZERO, "coordinator": 20, "total": 20}
        assert hub.expected["total"] == pytest.approx(40 / 27, rel=1e-12)
        assert hub.sd["total"] == pytest.approx(14 * math.sqrt(10) / 27, rel=1e-12)
        assert hub.z["total"] == pytest.approx(250 / (7 * math.sqrt(10)), rel=1e-12)
        for s in SPOKES:
            assert dict(results["both"][s].counts) == ZERO
        as_data = {way: {p: r.to_dict() for p, r in res.items()} for way, res in results.items()}
        assert as_data["in"] == as_data["out"] == as_data["both"]

    def test_mutual_star_roles_by_group(self) -> None:
        """The communication star with groups: hub, s1, s2 in A; s3, s4 in B; s5 in C. The 20
        ordered pairs (i, k) of spokes through the hub (group A), by groups of (i, hub, k):

            i, k in A:          2·1 = 2   AAA  coordinator
            i in A, k in B, C:  2·3 = 6   AA·  representative
            i in B, C, k in A:  3·2 = 6   ·AA  gatekeeper
            i, k in B:          2·1 = 2   BAB  itinerant  (C has one spoke: no pair)
            B -> C and C -> B:  2 + 2 = 4 ·A·  liaison

        total 20. With the hub alone in its group and the spokes in another, every pair is
        itinerant: 20."""
        groups = {"hub": "A", "s1": "A", "s2": "A", "s3": "B", "s4": "B", "s5": "C"}
        expected = {
            "coordinator": 2,
            "itinerant": 2,
            "representative": 6,
            "gatekeeper": 6,
            "liaison": 4,
            "total": 20,
        }
        hub_apart = {"hub": "H", **dict.fromkeys(SPOKES, "S")}
        for way in ("in", "out", "both"):
            init = star("communication", way)
            assert roles_of(init, "hub", groups=groups) == expected
            assert roles_of(init, "hub", groups=hub_apart) == {
                **ZERO,
                "itinerant": 20,
                "total": 20,
            }

    @pytest.mark.parametrize("kind", ["funding", "referral", "data-sharing"])
    def test_directed_star_brokers_only_through_flows(self, kind: str) -> None:
        """Ties of a directed kind. All entered spokes -> hub: the hub has no out-edge, so no
        two-path runs through it: 0. All hub -> spokes: no in-edge: 0. Both ways: 20, as the
        mutual star. Mixed, s1, s2 -> hub -> s3, s4, s5: 2 · 3 = 6 two-paths, none closed; with
        groups hub, s1, s3 in A; s2, s4 in B; s5 in C:

            s1 -> s3  AAA  coordinator      s2 -> s3  BAA  gatekeeper
            s1 -> s4  AAB  representative   s2 -> s4  BAB  itinerant
            s1 -> s5  AAC  representative   s2 -> s5  BAC  liaison
        """
        assert roles_of(star(kind, "in"), "hub") == ZERO
        assert roles_of(star(kind, "out"), "hub") == ZERO
        assert roles_of(star(kind, "both"), "hub") == {**ZERO, "coordinator": 20, "total": 20}
        mixed = make(
            HUB_IDS,
            [("s1", "hub"), ("s2", "hub"), ("hub", "s3"), ("hub", "s4"), ("hub", "s5")],
            kind=kind,
        )
        assert roles_of(mixed, "hub") == {**ZERO, "coordinator": 6, "total": 6}
        groups = {"hub": "A", "s1": "A", "s3": "A", "s2": "B", "s4": "B", "s5": "C"}
        assert roles_of(mixed, "hub", groups=groups) == {
            "coordinator": 1,
            "itinerant": 1,
            "representative": 2,
            "gatekeeper": 1,
            "liaison": 1,
            "total": 6,
        }

    def test_mixed_kinds(self) -> None:
        """s1 funds the hub (s1 -> hub); the hub and s2 communicate (hub <-> s2). Hub: in from
        s1 and s2, out to s2; two-paths s1 -> hub -> s2 (open: s1 has no edge to s2) and
        s2 -> hub -> s2 (i = k, not counted): 1."""
        init = make(
            ["hub", "s1", "s2"],
            [Tie(source="s1", target="hub", kind="funding"), Tie(source="s2", target="hub")],
        )
        assert roles_of(init, "hub") == {**ZERO, "coordinator": 1, "total": 1}
        assert roles_of(init, "s2") == ZERO

    def test_reciprocity_and_directed_density(self) -> None:
        """The communication star, entered spokes -> hub: 10 directed edges of 30 ordered
        pairs, d = 1/3, every edge reciprocated: 1. The funding star: 5 edges, d = 1/6, none
        reciprocated: 0. Both stars have 5 undirected edges: density 5/15 = 1/3."""
        mutual = ci.network_measures(star("communication", "in"))
        assert mutual.directed_density == pytest.approx(1 / 3)
        assert mutual.reciprocity == 1.0
        flow = ci.network_measures(star("funding", "in"))
        assert flow.directed_density == pytest.approx(1 / 6)
        assert flow.reciprocity == 0.0
        assert mutual.density == flow.density == pytest.approx(1 / 3)

    @settings(max_examples=30)
    @given(init=initiatives(max_partners=7, max_ties=14))
    def test_reversing_mutual_ties_changes_no_measure(self, init: Initiative) -> None:
        """Entering every communication and joint-planning tie the other way round, or both
        ways, changes no network measure (the ties carry no ratings, which are directed
        whatever the kind)."""
        before = ci.network_measures(init).to_dict()
        assert ci.network_measures(reverse_mutual(init)).to_dict() == before
        assert ci.network_measures(both_ways(init)).to_dict() == before
        assert set(tie_digraph(reverse_mutual(init)).edges()) == set(tie_digraph(init).edges())


# -- centralization ------------------------------------------------------------------------------


class TestDegreeCentralization:
    def test_star_is_one(self) -> None:
        """Star of 5 nodes: hub degree 4, leaves 1; Σ(4 - d_i) = 4·3 = 12 = (n-1)(n-2)."""
        assert degree_centralization(nx.star_graph(4)) == 1.0

    def test_complete_graph_is_zero(self) -> None:
        assert degree_centralization(nx.complete_graph(6)) == 0.0

    def test_path_of_four(self) -> None:
        """a-b-c-d: degrees 1, 2, 2, 1; Σ(2 - d_i) = 2 over (n-1)(n-2) = 6: 1/3."""
        assert degree_centralization(nx.path_graph(4)) == pytest.approx(1 / 3)

    def test_undefined_below_three_nodes(self) -> None:
        assert math.isnan(degree_centralization(nx.path_graph(2)))
        assert math.isnan(degree_centralization(nx.empty_graph(1)))


class TestBetweennessCentralization:
    def test_star_is_one(self) -> None:
        """Hub betweenness C(4,2) = 6 of 6 pairs: normalised 1, leaves 0; Σ(1 - b_i) = 4 = n-1."""
        assert betweenness_centralization(nx.star_graph(4)) == pytest.approx(1.0)

    def test_complete_graph_is_zero(self) -> None:
        assert betweenness_centralization(nx.complete_graph(6)) == 0.0

    def test_path_of_four(self) -> None:
        """a-b-c-d: b lies on a-c and a-d, c on a-d and b-d: raw 2 each, normalised by
        (n-1)(n-2)/2 = 3 to 2/3; Σ(2/3 - b_i) = 2/3 + 2/3 = 4/3, over n - 1 = 3: 4/9."""
        assert betweenness_centralization(nx.path_graph(4)) == pytest.approx(4 / 9)

    def test_undefined_below_three_nodes(self) -> None:
        assert math.isnan(betweenness_centralization(nx.path_graph(2)))

    def test_on_an_initiative_and_undefined_reason(self) -> None:
        """A star of ties hub -> l1, l2, l3 (directions do not matter in the undirected view):
        both centralizations 1. Two partners: both nan, with the reason."""
        star = ci.network_measures(
            make(["hub", "l1", "l2", "l3"], [("hub", "l1"), ("l2", "hub"), ("hub", "l3")])
        )
        assert star.degree_centralization == 1.0
        assert star.betweenness_centralization == pytest.approx(1.0)
        assert "degree_centralization" not in star.undefined
        pair = ci.network_measures(make(["a", "b"], [("a", "b")]))
        assert math.isnan(pair.degree_centralization)
        assert math.isnan(pair.betweenness_centralization)
        assert pair.undefined["degree_centralization"] == "fewer than 3 partners"
        assert pair.undefined["betweenness_centralization"] == "fewer than 3 partners"


# -- E-I index -----------------------------------------------------------------------------------


class TestEIIndex:
    def test_hand_made_case(self) -> None:
        """a, b government; c nonprofit; d business. Ties a -> b and b -> a (one undirected
        edge, internal), a -> c and c -> d (external): E = 2, I = 1, EI = (2 - 1)/3 = 1/3."""
        init = make(
            ["a", "b", "c", "d"],
            [("a", "b"), ("b", "a"), ("a", "c"), ("c", "d")],
            sectors={"c": "nonprofit", "d": "business"},
        )
        assert ci.network_measures(init).ei_index == pytest.approx(1 / 3)

    def test_all_internal_is_minus_one(self) -> None:
        g = nx.Graph([("a", "b"), ("b", "c")])
        assert ei_index(g, {"a": "x", "b": "x", "c": "x"}) == -1.0

    def test_all_external_is_plus_one(self) -> None:
        g = nx.Graph([("a", "b"), ("b", "c")])
        assert ei_index(g, {"a": "x", "b": "y", "c": "x"}) == 1.0

    def test_nan_without_ties(self) -> None:
        assert math.isnan(ei_index(nx.empty_graph(3), dict.fromkeys(range(3), "x")))
        m = ci.network_measures(make(["a", "b", "c"]))
        assert math.isnan(m.ei_index)
        assert m.undefined["ei_index"] == "no ties"


# -- PARTNER-tool value and trust ----------------------------------------------------------------


def survey() -> Initiative:
    """Three partners; ratings given by the source of each tie to its target.

    a -> b: power_influence 4, involvement 3 (resources missing); reliability 4,
            mission_congruence 3, openness 2
    c -> b: power_influence 2; reliability 3
    a -> c: involvement 1, resources 3 (no trust rating)
    b -> a: no rating at all
    """
    return make(
        ["a", "b", "c"],
        [
            Tie(
                source="a",
                target="b",
                power_influence=4,
                involvement=3,
                reliability=4,
                mission_congruence=3,
                openness=2,
                intensity="coordination",
            ),
            Tie(source="c", target="b", power_influence=2, reliability=3),
            Tie(source="a", target="c", involvement=1, resources=3),
            Tie(source="b", target="a"),
        ],
    )


class TestPartnerRatings:
    def test_per_partner_means(self) -> None:
        """b: value (4 + 3 + 2)/3 = 3, trust (4 + 3 + 2 + 3)/4 = 3, 7 ratings; c: value
        (1 + 3)/2 = 2, trust nan, 2 ratings; a received no rating: absent."""
        r = partner_ratings(survey())
        assert set(r) == {"b", "c"}
        assert r["b"] == {"value": 3.0, "trust": 3.0, "ratings": 7.0}
        assert r["c"]["value"] == 2.0
        assert math.isnan(r["c"]["trust"])
        assert r["c"]["ratings"] == 2.0

    def test_network_value_and_trust_as_percent_of_four(self) -> None:
        """Network value: mean of the partners' values (3 + 2)/2 = 2.5, as % of 4: 62.5.
        Network trust: only b is rated, 3/4 = 75%."""
        m = ci.network_measures(survey())
        assert dict(m.value) == {"b": 3.0, "c": 2.0}
        assert dict(m.trust) == {"b": 3.0}
        assert m.network_value == pytest.approx(62.5)
        assert m.network_trust == pytest.approx(75.0)
        assert "network_value" not in m.undefined

    def test_undefined_without_ratings(self) -> None:
        m = ci.network_measures(make(["a", "b"], [("a", "b")]))
        assert math.isnan(m.network_value)
        assert math.isnan(m.network_trust)
        assert m.undefined["network_value"] == "no value ratings on ties"
        assert m.undefined["network_trust"] == "no trust ratings on ties"
        assert partner_ratings(make(["a", "b"], [("a", "b")])) == {}

    def test_trust_component_of_continuous_communication(self) -> None:
        """Mean trust 3 (b, the only partner rated for trust) mapped to [0, 1]: (3 - 1)/3 = 2/3.
        The other components: connectivity 3/3 = 1 (a-b-c connected), backbone_reach 0 (no
        backbone), coverage left out (no activities): the score is (1 + 0 + 2/3)/3 = 5/9."""
        result = ci.assess(survey())
        parts = result.scores.components["continuous_communication"]
        assert parts["trust"] == pytest.approx(2 / 3)
        assert set(parts) == {"connectivity", "backbone_reach", "trust"}
        assert result.scores.continuous_communication == pytest.approx(5 / 9)

    def test_no_trust_component_without_trust_ratings(self) -> None:
        """Without trust ratings the component is left out: (1 + 0)/2 = 0.5 for a connected
        pair without a backbone."""
        result = ci.assess(make(["a", "b"], [Tie(source="a", target="b", resources=4)]))
        assert "trust" not in result.scores.components["continuous_communication"]
        assert result.scores.continuous_communication == pytest.approx(0.5)

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["a", "b", "c"]),
                st.sampled_from(["a", "b", "c"]),
                st.one_of(st.none(), st.integers(1, 4)),
                st.one_of(st.none(), st.integers(1, 4)),
            ),
            max_size=6,
            unique_by=lambda t: (t[0], t[1]),
        )
    )
    def test_network_trust_is_mean_of_partner_means(
        self, rows: list[tuple[str, str, int | None, int | None]]
    ) -> None:
        ties = [Tie(source=s, target=t, resources=v, openness=o) for s, t, v, o in rows if s != t]
        m = ci.network_measures(make(["a", "b", "c"], ties))
        per: dict[str, list[int]] = {}
        for tie in ties:
            if tie.openness is not None:
                per.setdefault(tie.target, []).append(int(tie.openness))
        if per:
            means = [sum(v) / len(v) for v in per.values()]
            assert m.network_trust == pytest.approx(sum(means) / len(means) / 4 * 100)
            assert 25.0 <= m.network_trust <= 100.0
        else:
            assert math.isnan(m.network_trust)

    def test_ratings_must_be_on_the_one_to_four_scale(self) -> None:
        with pytest.raises(ci.ValidationError):
            Tie(source="a", target="b", reliability=5)
        with pytest.raises(ci.ValidationError):
            Tie(source="a", target="b", resources=0.5)
        assert Tie(source="a", target="b", intensity="integration").intensity is (
            Intensity.INTEGRATION
        )


# -- governance mode -----------------------------------------------------------------------------


def led_by(*leads: str) -> list[Activity]:
    return [Activity(id=f"act{i}", name="A", partners=[p]) for i, p in enumerate(leads)]


class TestGovernanceMode:
    IDS = ("bb", "p", "q", "r")

    def test_network_administrative_organization(self) -> None:
        """Backbone bb leads 0 of 4 activities: 0% < 25%."""
        init = make(self.IDS, activities=led_by("p", "q", "r", "p"), backbone="bb")
        mode, reason = governance_mode(init)
        assert mode == "network administrative organization"
        assert "0%" in reason

    def test_backbone_without_activities_is_nao(self) -> None:
        init = make(self.IDS, backbone="bb")
        assert governance_mode(init)[0] == "network administrative organization"

    def test_lead_organization_backbone_at_a_quarter(self) -> None:
        """Backbone bb leads 1 of 4 = 25%, not below a quarter: lead organization."""
        init = make(self.IDS, activities=led_by("bb", "q", "r", "p"), backbone="bb")
        mode, reason = governance_mode(init)
        assert mode == "lead organization"
        assert "25%" in reason

    def test_lead_organization_without_backbone(self) -> None:
        """No backbone; p leads 2 of 4 = 50% >= half. Lead of a co-led activity: first listed."""
        acts = [
            *led_by("p", "q", "r"),
            Activity(id="shared", name="S", partners=["p", "q"]),
        ]
        mode, reason = governance_mode(make(self.IDS, activities=acts))
        assert mode == "lead organization"
        assert "'p'" in reason
        assert "50%" in reason

    def test_shared(self) -> None:
        """No backbone; leads p, q, r, bb one each: 25% < 50%."""
        mode, _ = governance_mode(make(self.IDS, activities=led_by("p", "q", "r", "bb")))
        assert mode == "shared"
        assert governance_mode(make(self.IDS))[0] == "shared"

    def test_reported_in_network_measures(self) -> None:
        init = make(self.IDS, activities=led_by("p", "q", "r", "p"), backbone="bb")
        m = ci.network_measures(init)
        assert (m.governance_mode, m.governance_reason) == governance_mode(init)


# -- NetworkMeasures on the bundled example ------------------------------------------------------


class TestNetworkMeasures:
    def test_cradle_to_career_consistent_with_networkx(self) -> None:
        """17 partners, 29 ties over 27 distinct pairs (united-way -> schools and united-way ->
        reading-corps each have two kinds): density 27 / C(17, 2) = 27/136. faith-coalition is
        isolated: 2 components, the largest of 16. Cut points: chamber (manufacturer hangs on
        it) and united-way (library hangs on it)."""
        init = ci.load_example("cradle-to-career")
        m = ci.network_measures(init)
        g = tie_graph(init)
        assert m.partners == 17 == g.number_of_nodes()
        assert m.ties == 27 == g.number_of_edges()
        assert m.density == pytest.approx(27 / 136) == pytest.approx(nx.density(g))
        assert m.directed_density == pytest.approx(nx.density(tie_digraph(init)))
        assert m.components == 2 == nx.number_connected_components(g)
        assert m.largest_component == 16
        assert m.articulation_points == ("chamber", "united-way")
        assert m.articulation_points == tuple(sorted(nx.articulation_points(g)))
        largest = g.subgraph(max(nx.connected_components(g), key=len))
        assert m.diameter == nx.diameter(largest)
        assert m.average_shortest_path == pytest.approx(nx.average_shortest_path_length(largest))
        assert m.reciprocity == pytest.approx(nx.reciprocity(tie_digraph(init)))
        assert m.degree_centralization == pytest.approx(degree_centralization(g))
        assert m.ei_index == pytest.approx(ei_index(g, nx.get_node_attributes(g, "sector")))
        assert m.backbone_brokerage_share == pytest.approx(
            nx.betweenness_centrality(g)["united-way"]
        )
        assert m.governance_mode == "network administrative organization"
        assert list(m.brokerage) == [p.id for p in init.partners]

    def test_to_dict_is_json_safe(self) -> None:
        """nan (e.g. the isolated partner's constraint, the missing ratings) becomes None."""
        m = ci.network_measures(ci.load_example("cradle-to-career"))
        data = m.to_dict()
        text = json.dumps(data, allow_nan=False)
        assert json.loads(text) == data
        assert data["network_value"] is None
        assert data["articulation_points"] == ["chamber", "united-way"]
        assert data["undefined"] == dict(m.undefined)

    def test_one_partner(self) -> None:
        m = ci.network_measures(make(["solo"]))
        assert m.partners == 1
        assert m.ties == 0
        for name, reason in {
            "density": "fewer than 2 partners",
            "directed_density": "fewer than 2 partners",
            "reciprocity": "no ties",
            "degree_centralization": "fewer than 3 partners",
            "betweenness_centralization": "fewer than 3 partners",
            "average_shortest_path": "the largest component has one partner",
            "diameter": "the largest component has one partner",
            "ei_index": "no ties",
            "backbone_brokerage_share": "no backbone",
        }.items():
            assert math.isnan(getattr(m, name)), name
            assert m.undefined[name] == reason
        json.dumps(m.to_dict(), allow_nan=False)

    def test_every_undefined_measure_is_nan(self) -> None:
        for init in (make(["solo"]), make(["a", "b"]), ci.load_example("workforce")):
            m = ci.network_measures(init)
            for name in m.undefined:
                assert math.isnan(getattr(m, name)), name

    def test_assessment_network_is_lazy_and_cached(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import collective_impact.report as report

        calls = []

        def counting(init: Initiative) -> ci.NetworkMeasures:
            calls.append(init)
            return net.network_measures(init)

        monkeypatch.setattr(report, "network_measures", counting)
        result = ci.assess(ci.load_example("cradle-to-career"))
        assert calls == []
        first = result.network
        assert result.network is first
        assert len(calls) == 1
        assert result.to_dict()["network"] == first.to_dict()
        assert len(calls) == 1
