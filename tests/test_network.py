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
import random
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import attrs
import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import example, given, settings
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
from collective_impact.analysis import _kernels
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
from collective_impact.model.ties import RATINGS
from collective_impact.strategies import initiatives
from conftest import examples

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

    @settings(max_examples=examples(30))
    @given(init=initiatives(max_partners=7, max_ties=14))
    def test_reversing_mutual_ties_changes_no_measure(self, init: Initiative) -> None:
        """Entering every communication and joint-planning tie the other way round, or both
        ways, changes no network measure (without their ratings, which are directed whatever
        the kind: the strategy gives some ties ratings, removed here)."""
        unrated = dict.fromkeys(RATINGS)
        init = init.evolve(ties=[attrs.evolve(t, **unrated) for t in init.ties])
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

    def test_the_order_of_the_nodes_does_not_matter_to_the_bit(self) -> None:
        """30 partners, 60 ties: entered in reverse, the graph numbered its nodes the other way
        and the result moved in the last bit (0.47931883811788684 against ...869). Nodes are
        numbered in sorted order, as network_measures numbers partners."""
        from collective_impact.synth import generate

        init = generate(partners=30, ties=60, activities=0, indicators=1, seed=1)
        value = betweenness_centralization(tie_graph(init))
        rng = random.Random(0)
        for _ in range(5):
            partners = list(init.partners)
            rng.shuffle(partners)
            graph = tie_graph(init.evolve(partners=partners))
            assert betweenness_centralization(graph) == value
        assert ci.network_measures(init).betweenness_centralization == value
        # nodes that do not compare are ordered by type and repr (a path of four: 4/9)
        mixed = nx.Graph([(1, "a"), ("a", (2, 3)), ((2, 3), 1.5)])
        assert betweenness_centralization(mixed) == pytest.approx(4 / 9)

    @pytest.mark.parametrize("label", ["frozenset", "nan"])
    def test_nodes_that_sort_without_a_total_order(self, label: str) -> None:
        """Frozensets (ordered by inclusion: two singletons neither < nor >) and floats with a
        nan sort without an error, in an order that follows insertion: the 30-partner graph
        relabelled so gave 4 values in 8 shuffles (0.4793188381178867 to ...869). They are
        ordered by type name and repr instead."""
        from collective_impact.synth import generate

        init = generate(partners=30, ties=60, activities=0, indicators=1, seed=1)
        graph = tie_graph(init)
        ordered = sorted(graph)
        nan = math.nan  # one object: one node
        mapping: dict[Any, Any] = {
            v: frozenset({v}) if label == "frozenset" else (nan if i == 0 else float(i))
            for i, v in enumerate(ordered)
        }
        rng = random.Random(0)
        values = set()
        for _ in range(8):
            nodes, edges = list(graph.nodes), list(graph.edges)
            rng.shuffle(nodes)
            rng.shuffle(edges)
            shuffled: nx.Graph[Any] = nx.Graph()
            shuffled.add_nodes_from(mapping[v] for v in nodes)
            shuffled.add_edges_from((mapping[a], mapping[b]) for a, b in edges)
            values.add(betweenness_centralization(shuffled))
        assert len(values) == 1, values
        assert values.pop() == pytest.approx(betweenness_centralization(graph), rel=1e-12)

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

    def test_a_rater_answers_once_about_a_partner(self) -> None:
        """Raters a and b rate c: a trusts it 3, b 2. a also funds c, and its funding tie
        carries the same ratings: c's trust read (3 + 3 + 2) / 3 = 2.67, a's opinion counting
        twice, and network trust 66.7% instead of 62.5%. One answer per rater and question
        (the mean of its ratings): (3 + 2) / 2 = 2.5; a funding tie rated 4 makes a's answer
        (3 + 4) / 2 = 3.5 and c's trust (3.5 + 2) / 2 = 2.75."""
        partners = [Partner(id=p, name=p, sector="nonprofit") for p in "abc"]
        ties = [
            Tie(source="a", target="c", reliability=3),
            Tie(source="b", target="c", reliability=2),
        ]

        def trust(*more: Tie) -> tuple[float, float, float]:
            init = Initiative(name="R", partners=partners, ties=[*ties, *more])
            r = partner_ratings(init)["c"]
            return r["trust"], r["ratings"], ci.network_measures(init).network_trust

        funds: dict[str, Any] = {"source": "a", "target": "c", "kind": "funding"}
        assert trust() == (2.5, 2.0, 62.5)
        assert trust(Tie(**funds, reliability=3)) == (2.5, 2.0, 62.5)
        assert trust(Tie(**funds, reliability=4)) == (2.75, 2.0, 68.75)

    def test_the_same_network_gives_the_same_json_text(self) -> None:
        """The mappings of network_measures (constraint, effective size, brokerage, value,
        trust) were keyed in the order partners and ties were entered: equal as dicts, but
        another JSON text (and hash) for the same network. Now sorted by id."""
        init = ci.load_example("cradle-to-career")
        shuffled = init.evolve(partners=init.partners[::-1], ties=init.ties[::-1])
        text = [
            json.dumps(ci.network_measures(x).to_dict(), allow_nan=False) for x in (init, shuffled)
        ]
        assert text[0] == text[1]
        m = ci.network_measures(shuffled)
        ids = sorted(p.id for p in init.partners)
        assert list(m.constraint) == list(m.brokerage) == ids
        assert list(m.value) == sorted(m.value)

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

    @pytest.mark.parametrize("backbone", ["bb", None])
    def test_without_activities_it_is_undefined(self, backbone: str | None) -> None:
        """No activities: the share the backbone leads is 0/0. It read "network administrative
        organization: the backbone leads 0% of the activities", and without a backbone
        "shared: no partner leads half" (found by a reviewer)."""
        init = make(self.IDS, backbone=backbone)
        assert governance_mode(init) == (None, "no activities: no one leads any share of them")
        m = ci.network_measures(init)
        assert m.governance_mode is None
        assert m.undefined["governance_mode"] == "no activities: no one leads any share of them"
        assert m.to_dict()["governance_mode"] is None

    def test_two_partners_leading_half_each_share_the_lead(self) -> None:
        """No backbone; p and q lead 2 of 4 each: the mode was "lead organization" naming the
        first by id ('p'; renamed to 'z', the other), as if one led."""
        for first in ("p", "z"):
            ids = (first, "q", "r")
            mode, reason = governance_mode(make(ids, activities=led_by(first, "q", first, "q")))
            assert mode == "shared"
            assert reason.endswith("each lead 50% of the activities: no one lead organization")

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
        # keyed by sorted id, whatever the order partners were entered in
        assert list(m.brokerage) == sorted(p.id for p in init.partners)

    @pytest.mark.parametrize(("untied", "share"), [(0, 1.0), (3, 3 / 15), (4, 3 / 21)])
    def test_backbone_brokerage_share_counts_untied_pairs(self, untied: int, share: float) -> None:
        """docs/networks.md: a star of a backbone and three partners scores 1 (each of the
        C(3, 2) = 3 pairs of others has its one shortest path through the backbone). Partners
        with no tie add pairs that count 0: with three more, 3 of C(6, 2) = 15 pairs, 0.2; with
        four more, 3 of C(7, 2) = 21, 1/7 = 0.1429 (the page said 0.2 of 15 pairs there)."""
        ids = ["bb", "p1", "p2", "p3", *(f"q{i}" for i in range(untied))]
        init = make(ids, [("bb", p) for p in ("p1", "p2", "p3")], backbone="bb")
        assert ci.network_measures(init).backbone_brokerage_share == pytest.approx(share, abs=1e-15)

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
        """nan, or None for the governance mode (a text) when there are no activities."""
        for init in (make(["solo"]), make(["a", "b"]), ci.load_example("workforce")):
            m = ci.network_measures(init)
            for name in m.undefined:
                value = getattr(m, name)
                assert value is None if name == "governance_mode" else math.isnan(value), name

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


# -- the array measures against networkx -----------------------------------------------------------
#
# network_measures computes on arrays (partners in sorted-id order): distances by a bit-parallel
# breadth-first search, betweenness by Brandes' algorithm on blocks of sources, Burt's measures as
# sparse products, cut points by one depth-first search. Every value must be networkx's.

KINDS = tuple(kind.value for kind in TieKind)
ALL_EXACT = dict.fromkeys(
    ("betweenness_centralization", "backbone_brokerage_share", "average_shortest_path", "diameter"),
    "exact",
)


@st.composite
def tie_networks(draw: st.DrawFn, max_partners: int = 12, max_ties: int = 30) -> Initiative:
    """Partners (ids in random order, random sectors), ties of every kind, maybe a backbone."""
    ids = draw(
        st.lists(
            st.text("abcdefgh", min_size=1, max_size=3),
            min_size=1,
            max_size=max_partners,
            unique=True,
        )
    )
    sectors = {p: draw(st.sampled_from(SECTORS)) for p in ids}
    pairs = [(a, b) for a in ids for b in ids if a != b]
    ties = (
        draw(
            st.lists(
                st.tuples(st.sampled_from(pairs), st.sampled_from(KINDS)),
                max_size=max_ties,
                unique=True,
            )
        )
        if pairs
        else []
    )
    return make(
        ids,
        [Tie(source=s, target=t, kind=kind) for (s, t), kind in ties],
        sectors=sectors,
        backbone=draw(st.none() | st.sampled_from(ids)),
    )


def close(actual: float, expected: float) -> bool:
    """Equal within 1e-9 (relative; 1e-12 absolute), or both nan."""
    if math.isnan(expected):
        return math.isnan(actual)
    return math.isclose(actual, expected, rel_tol=1e-9, abs_tol=1e-12)


def sorted_graph(graph: nx.Graph) -> nx.Graph:  # type: ignore[type-arg]
    """The graph with its nodes in sorted order (the order networkx samples pivots from)."""
    ordered: nx.Graph = nx.Graph()  # type: ignore[type-arg]
    ordered.add_nodes_from(sorted(graph))
    ordered.add_edges_from(graph.edges())
    return ordered


def centralization(betweenness: Mapping[str, float]) -> float:
    values = list(betweenness.values())
    return sum(max(values) - b for b in values) / (len(values) - 1)


def assert_matches_networkx(init: Initiative) -> None:
    """Every measure network_measures reimplements, against networkx on the tie graphs."""
    m = ci.network_measures(init)
    g, d = tie_graph(init), tie_digraph(init)
    n = g.number_of_nodes()
    sectors = {p.id: p.sector.value for p in init.partners}
    assert (m.partners, m.ties) == (n, g.number_of_edges())
    assert dict(m.method) == ALL_EXACT
    if n > 1:
        assert close(m.density, nx.density(g))
        assert close(m.directed_density, nx.density(d))
    if d.number_of_edges():
        assert close(m.reciprocity, nx.reciprocity(d))
    else:
        assert math.isnan(m.reciprocity)
    assert close(m.degree_centralization, degree_centralization(g))
    betweenness = nx.betweenness_centrality(g)
    if n >= 3:
        assert close(m.betweenness_centralization, centralization(betweenness))
        if init.backbone is not None:
            assert close(m.backbone_brokerage_share, betweenness[init.backbone.organization])
    else:
        assert math.isnan(m.betweenness_centralization)
    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    assert m.components == len(parts)
    assert m.largest_component == len(parts[0])
    if len(parts[0]) > 1:
        # over every component of the largest size: the mean over their pairs, the largest
        tied = [g.subgraph(c) for c in parts if len(c) == len(parts[0])]
        means = [nx.average_shortest_path_length(c) for c in tied]
        assert close(m.average_shortest_path, sum(means) / len(means))
        assert m.diameter == max(nx.diameter(c) for c in tied)
    else:
        assert math.isnan(m.average_shortest_path)
        assert math.isnan(m.diameter)
    assert m.articulation_points == tuple(sorted(nx.articulation_points(g)))
    constraint, effective = nx.constraint(g), nx.effective_size(g)
    assert list(m.constraint) == list(m.effective_size) == sorted(p.id for p in init.partners)
    for p in g:
        assert close(m.constraint[p], constraint[p]), p
        assert close(m.effective_size[p], effective[p]), p
    assert close(m.ei_index, ei_index(g, sectors))
    assert {p: dict(r.counts) for p, r in m.brokerage.items()} == brute_force_brokerage(d, sectors)


def brute_force_brokerage(d: nx.DiGraph, groups: Mapping[str, str]) -> dict[str, dict[str, int]]:  # type: ignore[type-arg]
    """Gould–Fernandez counts by a loop over every two-path i -> j -> k of the directed view."""
    counts = {p: dict(ZERO) for p in d}
    for j in d:
        for i, k in itertools.product(d.predecessors(j), d.successors(j)):
            if i == k or d.has_edge(i, k):
                continue
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
    return counts


def random_initiative(n: int, ties: int, seed: int, *, backbone: bool = True) -> Initiative:
    """``n`` partners (ids in shuffled order) and about ``ties`` random ties of every kind."""
    rng = random.Random(seed)
    ids = [f"p{i:03d}" for i in range(n)]
    rng.shuffle(ids)
    chosen = {(rng.choice(ids), rng.choice(ids), rng.choice(KINDS)) for _ in range(ties)}
    return make(
        ids,
        [Tie(source=s, target=t, kind=k) for s, t, k in sorted(chosen) if s != t],
        sectors={p: rng.choice(SECTORS) for p in ids},
        backbone=ids[0] if backbone else None,
    )


def largest_component(graph: nx.Graph) -> nx.Graph:  # type: ignore[type-arg]
    """The largest connected component of ``graph``, its nodes renumbered 0..n-1 in order."""
    return nx.convert_node_labels_to_integers(
        graph.subgraph(max(nx.connected_components(graph), key=len)), ordering="sorted"
    )


def _or_too_deep(search: Any, adjacency: sp.csr_array, sources: Any) -> Any:
    """``search(adjacency, sources)``, or ``None`` when it goes deeper than blocks may."""
    try:
        return search(adjacency, sources)
    except net._TooDeep:
        return None


def adjacency_of(graph: nx.Graph) -> sp.csr_array:  # type: ignore[type-arg]
    """Symmetric CSR (float ones, sorted indices) of a graph on the nodes 0..n-1."""
    n = graph.number_of_nodes()
    matrix = sp.csr_array(nx.to_scipy_sparse_array(graph, nodelist=range(n), weight=None))
    adjacency = sp.csr_array(matrix.astype(np.float64))
    adjacency.sort_indices()
    return adjacency


class TestAgainstNetworkx:
    @given(init=tie_networks())
    def test_every_measure_on_random_networks(self, init: Initiative) -> None:
        assert_matches_networkx(init)

    @pytest.mark.parametrize(
        "init",
        [
            make(["solo"]),
            make(["a", "b"]),
            make(["a", "b", "c"]),
            make(["c", "a", "b"], [("a", "b")]),
            make(list("gfedcba"), [("a", "b"), ("b", "c"), ("d", "e")], backbone="b"),
            make(list("abcdef"), [("a", "b"), ("b", "c"), ("d", "e"), ("e", "f")]),
        ],
        ids=[
            "single partner",
            "two partners, no ties",
            "no ties",
            "one tie and an isolated partner",
            "several components and isolated partners",
            "two largest components of the same size",
        ],
    )
    def test_special_cases(self, init: Initiative) -> None:
        """Of two largest components of three, the measures are those of {a, b, c} (holding the
        first id), whatever the order of the partners."""
        assert_matches_networkx(init)

    def test_two_largest_components_are_both_measured(self) -> None:
        """A path x-y-z (average 4/3, diameter 2) and a triangle a, b, c (1 and 1), of the
        same size: over both, (4/3 + 1) / 2 = 7/6 and 2, in whatever order the partners come
        and whatever they are called (before, the triangle held the first id: 1 and 1)."""
        ties = [("x", "y"), ("y", "z"), ("a", "b"), ("b", "c"), ("a", "c")]
        for ids in (["x", "y", "z", "a", "b", "c"], ["a", "b", "c", "x", "y", "z"]):
            m = ci.network_measures(make(ids, ties))
            assert (m.average_shortest_path, m.diameter) == (14 / 12, 2.0)

    def test_bundled_examples(self) -> None:
        for name in ("cradle-to-career", "workforce"):
            assert_matches_networkx(ci.load_example(name))

    @pytest.mark.parametrize("seed", range(3))
    def test_a_larger_network(self, seed: int) -> None:
        """120 partners, about 240 ties: several blocks of sources in every kernel."""
        assert_matches_networkx(random_initiative(120, 240, seed))

    def test_a_deep_network(self) -> None:
        """A chain of 200 partners, a ring of 60 and two isolated partners: breadth-first
        searches 199 levels deep, past the limits of the searches by blocks (32 levels for
        betweenness, 128 for distances), so one search per source."""
        chain = [f"c{i:03d}" for i in range(200)]
        ring = [f"r{i:02d}" for i in range(60)]
        ties = [*itertools.pairwise(chain), *itertools.pairwise(ring), (ring[-1], ring[0])]
        init = make([*ring, "x", *chain[::-1], "y"], ties, backbone="c100")
        assert_matches_networkx(init)
        assert ci.network_measures(init).diameter == 199

    @given(init=tie_networks())
    def test_every_measure_one_source_at_a_time(self, init: Initiative) -> None:
        """The searches one source at a time, forced, on random networks."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(net, "_BLOCK_LEVELS", 0)
            patch.setattr(net, "_BFS_LEVELS", 0)
            assert_matches_networkx(init)


BY = ["one block", "blocks of 64 sources", "by source"]


class TestKernels:
    """The array kernels on graphs large enough for several blocks, against networkx."""

    @pytest.mark.parametrize("compiled", [False, True], ids=["numpy", "compiled"])
    @pytest.mark.parametrize(
        ("bfs_bytes", "levels"), [(8 << 20, 128), (1, 128), (8 << 20, 0)], ids=BY
    )
    @pytest.mark.parametrize("seed", range(3))
    def test_distance_sums(
        self,
        seed: int,
        bfs_bytes: int,
        levels: int,
        compiled: bool,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Sum of distances, the largest and the vertices at it, from every vertex of a
        component of about 150 and from 70 of them: two words of bits in one block, blocks of
        64 sources (``bfs_bytes`` 1), or one search per source (no level allowed by blocks);
        by numpy, or by the compiled kernel (numba) at any size."""
        if compiled and not _kernels.available():
            pytest.skip("numba is not installed (the extra fast)")
        monkeypatch.setattr(net, "COMPILED_MIN_SEARCH", 0 if compiled else 1 << 62)
        monkeypatch.setattr(net, "_BFS_BYTES", bfs_bytes)
        monkeypatch.setattr(net, "_BFS_LEVELS", levels)
        g = nx.gnm_random_graph(170, 300, seed=seed)
        component = largest_component(g)
        adjacency = adjacency_of(component)
        size = component.number_of_nodes()
        for sources in (list(range(size)), sorted(random.Random(seed).sample(range(size), 70))):
            total, far, farthest = net._distance_sums(adjacency, np.array(sources))
            lengths = [nx.single_source_shortest_path_length(component, s) for s in sources]
            assert total == sum(sum(found.values()) for found in lengths)
            assert far == max(max(found.values()) for found in lengths)
            at_far = {t for found in lengths for t, d in found.items() if d == far}
            assert set(farthest.tolist()) == at_far

    @pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
    @settings(max_examples=examples(160), deadline=None)
    @given(
        n=st.integers(2, 300),
        density=st.floats(0.5, 4.0),
        fraction=st.floats(0.0, 1.0),
        bfs_bytes=st.sampled_from([1, 4096, 8 << 20]),
        seed=st.integers(0, 2**32 - 1),
    )
    def test_the_compiled_search_is_the_numpy_search(
        self, n: int, density: float, fraction: float, bfs_bytes: int, seed: int
    ) -> None:
        """The compiled kernel returns what the numpy search does, sums and far vertices, on
        the largest component of a random graph, from any subset of its vertices, whatever
        the size of the blocks (words of 64 sources, a last word partly used)."""
        g = nx.gnm_random_graph(n, int(density * n), seed=seed)
        component = largest_component(g)
        if component.number_of_nodes() < 2:
            return
        adjacency = adjacency_of(component)
        size = component.number_of_nodes()
        rng = random.Random(seed)
        sources = np.array(sorted(rng.sample(range(size), max(1, int(fraction * size)))))
        with pytest.MonkeyPatch.context() as m:
            m.setattr(net, "_BFS_BYTES", bfs_bytes)
            expected = _or_too_deep(net._distance_sums_by_block, adjacency, sources)
            got = _or_too_deep(net._distance_sums_compiled, adjacency, sources)
        if expected is None or got is None:  # deeper than the blocks go: both give way
            assert got is expected
            return
        assert got[:2] == expected[:2]
        assert np.array_equal(np.asarray(got[2]), np.asarray(expected[2]))

    @pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
    def test_the_compiled_search_gives_the_same_measures(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``network_measures`` of a generated initiative of 1,000 partners, by numpy and by
        the compiled search: the same ``to_dict()``, to the bit."""
        from collective_impact.synth import generate

        init = generate(partners=1000, activities=1200, indicators=40, ties=3000, seed=3)
        results = []
        for threshold in (1 << 62, 0):
            monkeypatch.setattr(net, "COMPILED_MIN_SEARCH", threshold)
            net._LAST_TIES.clear()
            results.append(json.dumps(net.network_measures(init, exact=True).to_dict()))
        assert results[0] == results[1]

    def test_a_search_that_cannot_compile_falls_back_to_numpy(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """numba installed but broken: a warning that says so, and the numpy search's sums."""
        g = nx.gnm_random_graph(120, 300, seed=5)
        component = largest_component(g)
        adjacency = adjacency_of(component)
        sources = np.arange(component.number_of_nodes())
        expected = net._distance_sums_by_block(adjacency, sources)

        def broken() -> None:
            raise RuntimeError("no LLVM here")

        monkeypatch.setattr(net, "COMPILED_MIN_SEARCH", 0)
        monkeypatch.setattr(_kernels, "available", lambda: True)
        monkeypatch.setattr(_kernels, "kernels", broken)
        with pytest.warns(RuntimeWarning, match=r"compiled search cannot be used \(RuntimeError"):
            got = net._distance_sums(adjacency, sources)
        assert got[:2] == expected[:2]
        assert np.array_equal(got[2], expected[2])

    @pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
    def test_a_search_that_fails_at_its_first_call_falls_back_to_numpy(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """numba imports, but compiling for the actual arguments fails: numpy's sums, once warned.

        Both searches (distances and dependencies) then use numpy in the process, without
        trying the compiler again.
        """
        from numba.core.errors import TypingError

        g = nx.gnm_random_graph(120, 300, seed=5)
        component = largest_component(g)
        adjacency = adjacency_of(component)
        sources = np.arange(component.number_of_nodes())
        expected = net._distance_sums_by_block(adjacency, sources)
        expected_dependencies = net._dependencies_by_block(adjacency, sources, compiled=False)
        calls: list[str] = []

        def failing(name: str) -> Callable[..., None]:
            def kernel(*args: object) -> None:
                calls.append(name)
                raise TypingError(f"{name}: no such type here")

            return kernel

        namespace = SimpleNamespace(
            distance_block=failing("distance"), dependency_block=failing("dependency")
        )
        monkeypatch.setattr(net, "COMPILED_MIN_SEARCH", 0)
        monkeypatch.setattr(_kernels, "_BROKEN", {})
        monkeypatch.setattr(_kernels, "kernels", lambda: namespace)
        with pytest.warns(RuntimeWarning, match=r"compiled search failed to compile \(Typing"):
            got = net._distance_sums(adjacency, sources)
        assert got[:2] == expected[:2]
        assert np.array_equal(got[2], expected[2])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no second warning
            dependencies = net._dependencies(adjacency, sources)
        assert dependencies.tobytes() == expected_dependencies.tobytes()
        assert calls == ["distance"]  # the compiler was tried once

    @pytest.mark.skipif(not _kernels.available(), reason="numba is not installed (extra fast)")
    @settings(max_examples=examples(160), deadline=None)
    @given(
        n=st.integers(1, 250),
        density=st.floats(0.3, 4.0),
        fraction=st.floats(0.0, 1.0),
        seed=st.integers(0, 2**32 - 1),
    )
    @example(n=234, density=0.6875, fraction=1.0, seed=2_554_857_881)  # deeper than 32 levels
    def test_the_compiled_dependencies_are_the_numpy_ones_to_the_bit(
        self, n: int, density: float, fraction: float, seed: int
    ) -> None:
        """Brandes' dependencies by the compiled kernel and by numpy's sparse products: the
        same bits, on random graphs (several components, isolated vertices) from any subset of
        sources (blocks of 4 to 64 sources: fewer and more than numpy's eight partial sums)."""
        g = nx.gnm_random_graph(n, int(density * n), seed=seed)
        adjacency = adjacency_of(g)
        rng = random.Random(seed)
        sources = np.array(sorted(rng.sample(range(n), max(1, int(fraction * n)))))
        expected = _or_too_deep(net._dependencies_by_block, adjacency, sources)
        got = _or_too_deep(
            lambda a, s: net._dependencies_by_block(a, s, compiled=True), adjacency, sources
        )
        if expected is None or got is None:  # deeper than the blocks go: both give way
            assert got is expected
            return
        assert got.tobytes() == expected.tobytes()

    @pytest.mark.parametrize("compiled", [False, True], ids=["numpy", "compiled"])
    @pytest.mark.parametrize("levels", [32, 0], ids=["by block", "by source"])
    @pytest.mark.parametrize("seed", range(3))
    def test_dependencies_are_brandes(
        self, seed: int, levels: int, compiled: bool, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """All sources, normalised by (n-1)(n-2): networkx's betweenness, on 150 vertices in
        several components (three blocks of sources, or one search per source, in batches of
        10); by numpy, or by the compiled kernel (numba) at any size."""
        if compiled and not _kernels.available():
            pytest.skip("numba is not installed (the extra fast)")
        monkeypatch.setattr(net, "COMPILED_MIN_SEARCH", 0 if compiled else 1 << 62)
        monkeypatch.setattr(net, "_BLOCK_LEVELS", levels)
        monkeypatch.setattr(net, "_BLOCK_BYTES", 10 * 32 * (400 + 150))
        g = nx.gnm_random_graph(150, 200, seed=seed)
        n = g.number_of_nodes()
        raw = net._dependencies(adjacency_of(g), np.arange(n))
        expected = nx.betweenness_centrality(g)
        assert all(close(raw[v] / ((n - 1) * (n - 2)), expected[v]) for v in g)

    @pytest.mark.parametrize("seed", range(3))
    def test_threads_give_the_same_bits(self, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """Blocks searched on two threads give what one thread gives, to the bit: distance sums
        (blocks of 64 sources) and dependencies (blocks of 4), many blocks each; a block that
        goes too deep still falls back to one search per source."""
        g = nx.gnm_random_graph(400, 700, seed=seed)
        component = largest_component(g)
        adjacency = adjacency_of(component)
        sources = np.arange(component.number_of_nodes())
        monkeypatch.setattr(net, "_BFS_BYTES", 1)
        monkeypatch.setattr(net, "usable_cpus", lambda: 2)
        monkeypatch.setattr(_kernels, "usable_cpus", lambda: 2)
        results = {}
        for threads in (1, 2):
            monkeypatch.setattr(net, "_SEARCH_THREADS", threads)
            total, far, farthest = net._distance_sums(adjacency, sources)
            dependencies = net._dependencies(adjacency, sources)
            results[threads] = (total, far, farthest.tolist(), dependencies.tobytes())
        assert results[1] == results[2]
        monkeypatch.setattr(net, "_BLOCK_LEVELS", 1)  # every block too deep: by source
        monkeypatch.setattr(net, "_BFS_LEVELS", 1)
        assert net._distance_sums(adjacency, sources)[:2] == results[2][:2]
        by_source = net._dependencies(adjacency, sources)
        assert np.allclose(by_source, np.frombuffer(results[2][3]), rtol=0, atol=1e-9)

    def test_an_error_in_a_block_stops_the_others(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The blocks map yields in order, re-raises a block's error and starts no more."""
        started = []

        def work(block: np.ndarray) -> int:
            started.append(int(block[0]))
            time.sleep(0.005)  # long enough that the error arrives while blocks wait
            if block[0] == 1:
                raise ZeroDivisionError("block 1")
            return int(block[0])

        blocks = [np.array([k]) for k in range(200)]
        monkeypatch.setattr(_kernels, "usable_cpus", lambda: 2)
        with pytest.raises(ZeroDivisionError, match="block 1"):
            list(net._map_blocks(work, blocks))
        assert len(started) < 200
        assert list(net._map_blocks(lambda b: int(b[0]) * 2, blocks[:5])) == [0, 2, 4, 6, 8]

    @pytest.mark.parametrize("block_bytes", [48, 64 << 20])
    @pytest.mark.parametrize("seed", range(3))
    def test_burt(self, seed: int, block_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
        """Constraint and effective size, in one block of rows or one row at a time."""
        monkeypatch.setattr(net, "_BLOCK_BYTES", block_bytes)
        g = nx.gnm_random_graph(80, 200, seed=seed)
        g.add_edges_from((0, v) for v in range(1, 30))  # a hub
        constraint, effective = net._burt(adjacency_of(g))
        expected_c, expected_e = nx.constraint(g), nx.effective_size(g)
        for v in g:
            assert close(constraint[v], expected_c[v]), v
            assert close(effective[v], expected_e[v]), v

    @pytest.mark.parametrize(
        "graph",
        [
            nx.path_graph(6),
            nx.star_graph(5),
            nx.cycle_graph(5),
            nx.barbell_graph(4, 2),
            nx.disjoint_union(nx.path_graph(3), nx.star_graph(3)),
            *(nx.gnm_random_graph(60, m, seed=s) for s in range(4) for m in (50, 70, 120)),
        ],
    )
    def test_articulation_points(self, graph: nx.Graph) -> None:  # type: ignore[type-arg]
        found = net._articulation_points(adjacency_of(graph)).tolist()
        assert found == sorted(nx.articulation_points(graph))

    def test_brokerage_in_small_blocks(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Two-paths a few at a time count as all at once."""
        init = random_initiative(40, 150, seed=1)
        whole = {p: dict(r.counts) for p, r in brokerage(init).items()}
        monkeypatch.setattr(net, "_BLOCK_BYTES", 96 * 7)
        assert {p: dict(r.counts) for p, r in brokerage(init).items()} == whole
        assert sum(c["total"] for c in whole.values()) > 0


# -- estimates -----------------------------------------------------------------------------------


class TestEstimates:
    INIT = random_initiative(40, 70, seed=3)

    @pytest.mark.parametrize(("pivots", "seed"), [(2, 0), (5, 0), (5, 1), (17, 7)])
    def test_betweenness_is_networkx_pivot_sampling(self, pivots: int, seed: int) -> None:
        """networkx's betweenness_centrality(k=pivots, seed=seed) on the tie graph with its
        nodes in sorted order: the same pivots, the same estimate."""
        m = ci.network_measures(self.INIT, exact=False, pivots=pivots, seed=seed)
        reference = nx.betweenness_centrality(
            sorted_graph(tie_graph(self.INIT)), k=pivots, seed=seed
        )
        assert self.INIT.backbone is not None
        assert close(m.backbone_brokerage_share, reference[self.INIT.backbone.organization])
        assert close(m.betweenness_centralization, centralization(reference))
        method = f"estimate: {pivots} of 40 partners as sources, seed {seed} (Brandes-Pich)"
        assert m.method["betweenness_centralization"] == method
        assert m.method["backbone_brokerage_share"] == method

    def test_seeded_and_reproducible(self) -> None:
        first = ci.network_measures(self.INIT, exact=False, pivots=5, seed=3).to_dict()
        assert ci.network_measures(self.INIT, exact=False, pivots=5, seed=3).to_dict() == first
        other = ci.network_measures(self.INIT, exact=False, pivots=5, seed=4).to_dict()
        assert other["betweenness_centralization"] != first["betweenness_centralization"]
        assert other["average_shortest_path"] != first["average_shortest_path"]

    def test_exact_when_pivots_cover_every_partner(self) -> None:
        exact = ci.network_measures(self.INIT, exact=True).to_dict()
        for pivots in (40, 41, 1000):
            estimate = ci.network_measures(self.INIT, exact=False, pivots=pivots).to_dict()
            assert estimate == exact
            assert estimate["method"] == ALL_EXACT

    def test_every_sample_with_all_sources_is_exact(self) -> None:
        """The estimator with k = n sources is the exact betweenness (no special case)."""
        g = nx.gnm_random_graph(12, 20, seed=2)
        estimate = net._pivot_betweenness(adjacency_of(g), np.arange(12))
        expected = nx.betweenness_centrality(g)
        assert all(close(estimate[v], expected[v]) for v in g)

    def test_betweenness_estimate_is_unbiased(self) -> None:
        """Its mean over all C(7, 3) = 35 samples of 3 pivots is the exact betweenness."""
        g = nx.Graph([(0, 1), (1, 2), (2, 3), (3, 0), (2, 4), (4, 5), (5, 6), (4, 6)])
        adjacency = adjacency_of(g)
        samples = list(itertools.combinations(range(7), 3))
        mean = sum(net._pivot_betweenness(adjacency, np.array(s)) for s in samples) / len(samples)
        expected = nx.betweenness_centrality(g)
        assert all(math.isclose(mean[v], expected[v], abs_tol=1e-12) for v in g)

    def test_betweenness_error_within_the_documented_bound(self) -> None:
        """The documented bound (Hoeffding): each of the k - 1 or k sources that count for a
        partner adds a term in [0, 1], so an estimate is off by eps or more with probability at
        most 2 exp(-2 (k-1) eps^2). For 200 partners and 10 seeds (2,000 estimates) with
        k = 50, eps = 0.475 makes that at most 2,000 · 2 exp(-2 · 49 · 0.475²) < 1e-6 over
        all of them (the errors found are below 0.05). The mean over 40 seeds, within 5% of
        the exact total (it is within 0.3%), catches a wrong scale the bound would miss."""
        g = nx.barabasi_albert_graph(200, 2, seed=1)
        adjacency = adjacency_of(g)
        expected = nx.betweenness_centrality(g)
        exact = np.array([expected[v] for v in range(200)])
        assert 2_000 * 2 * math.exp(-2 * 49 * 0.475**2) < 1e-6
        for seed in range(10):
            estimate = net._pivot_betweenness(adjacency, net._sample(200, 50, seed))
            assert np.abs(estimate - exact).max() < 0.475
        mean = sum(
            net._pivot_betweenness(adjacency, net._sample(200, 50, seed)) for seed in range(40)
        )
        assert abs(mean.sum() / 40 - exact.sum()) / exact.sum() < 0.05

    @pytest.mark.parametrize(("pivots", "seed"), [(2, 0), (5, 0), (5, 9), (12, 2)])
    def test_distances_from_sampled_sources(self, pivots: int, seed: int) -> None:
        """The average: the mean distance from ``pivots`` partners of the largest component
        (drawn as networkx draws pivots, from its sorted ids) to the other partners of it. The
        diameter: the largest distance from them or from the partners farthest from them, a
        lower bound of the exact one."""
        m = ci.network_measures(self.INIT, exact=False, pivots=pivots, seed=seed)
        g = tie_graph(self.INIT)
        members = sorted(max(nx.connected_components(g), key=len))
        component = g.subgraph(members)
        size = len(members)
        sources = [members[i] for i in sorted(random.Random(seed).sample(range(size), pivots))]
        lengths = [nx.single_source_shortest_path_length(component, s) for s in sources]
        total = sum(sum(found.values()) for found in lengths)
        assert m.average_shortest_path == total / (pivots * (size - 1))
        far = max(max(found.values()) for found in lengths)
        farthest = sorted(
            {t for found in lengths for t, d in found.items() if d == far}, key=members.index
        )[:64]
        second = max(
            max(nx.single_source_shortest_path_length(component, t).values()) for t in farthest
        )
        assert m.diameter == max(far, second) <= nx.diameter(component)
        of = f"{pivots} of {size} partners of the largest component as sources, seed {seed}"
        assert m.method["average_shortest_path"] == f"estimate: {of}"
        assert m.method["diameter"] == f"lower bound: from {of}, and from those farthest from them"

    def test_chosen_automatically_above_the_documented_size(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Exact up to BETWEENNESS_EXACT_WORK partners × ties and DISTANCES_EXACT_WORK partners
        × ties of the largest component, estimated above, unless told ``exact=True``."""
        m = ci.network_measures(self.INIT, pivots=5)
        n, ties = m.partners, m.ties
        size, inside = (
            m.largest_component,
            tie_graph(self.INIT)
            .subgraph(max(nx.connected_components(tie_graph(self.INIT)), key=len))
            .number_of_edges(),
        )
        assert dict(m.method) == ALL_EXACT
        monkeypatch.setattr(net, "BETWEENNESS_EXACT_WORK", n * ties)
        monkeypatch.setattr(net, "DISTANCES_EXACT_WORK", size * inside)
        assert dict(ci.network_measures(self.INIT, pivots=5).method) == ALL_EXACT
        monkeypatch.setattr(net, "BETWEENNESS_EXACT_WORK", n * ties - 1)
        monkeypatch.setattr(net, "DISTANCES_EXACT_WORK", size * inside - 1)
        estimated = ci.network_measures(self.INIT, pivots=5)
        assert all(method != "exact" for method in estimated.method.values())
        assert (
            estimated.to_dict() == ci.network_measures(self.INIT, exact=False, pivots=5).to_dict()
        )
        assert dict(ci.network_measures(self.INIT, exact=True, pivots=5).method) == ALL_EXACT

    def test_the_defaults_are_exact_on_a_thousand_partners(self) -> None:
        """The documented sizes: 1,000 partners and 5,000 ties (5e6) are exact by default."""
        assert net.BETWEENNESS_EXACT_WORK >= 1_000 * 5_000
        assert net.DEFAULT_PIVOTS == 500

    @pytest.mark.parametrize(
        ("options", "name"),
        [
            ({"exact": "yes"}, "exact"),
            ({"pivots": 1}, "pivots"),
            ({"pivots": 2.5}, "pivots"),
            ({"pivots": True}, "pivots"),
            ({"seed": -1}, "seed"),
            ({"seed": "0"}, "seed"),
        ],
    )
    def test_bad_options(self, options: dict[str, object], name: str) -> None:
        with pytest.raises(ci.ValidationError, match=name):
            ci.network_measures(self.INIT, **options)  # type: ignore[arg-type]


# -- order of the input --------------------------------------------------------------------------


class TestOrderIndependence:
    @given(init=tie_networks(), data=st.data())
    def test_shuffled_lists_give_the_same_measures(
        self, init: Initiative, data: st.DataObject
    ) -> None:
        """Shuffling the partners and the ties changes no value, bit for bit, exact or
        estimated."""
        shuffled = init.evolve(
            partners=tuple(data.draw(st.permutations(init.partners))),
            ties=tuple(data.draw(st.permutations(init.ties))),
        )
        for options in ({}, {"exact": False, "pivots": 2, "seed": 5}):
            before = ci.network_measures(init, **options).to_dict()  # type: ignore[arg-type]
            after = ci.network_measures(shuffled, **options).to_dict()  # type: ignore[arg-type]
            assert after == before
            assert json.dumps(after, sort_keys=True) == json.dumps(before, sort_keys=True)

    def test_a_larger_network_shuffled(self) -> None:
        init = random_initiative(150, 400, seed=4)
        rng = random.Random(0)
        partners, ties = list(init.partners), list(init.ties)
        rng.shuffle(partners)
        rng.shuffle(ties)
        shuffled = init.evolve(partners=tuple(partners), ties=tuple(ties))
        for options in ({}, {"exact": False, "pivots": 20, "seed": 1}):
            before = ci.network_measures(init, **options).to_dict()  # type: ignore[arg-type]
            assert ci.network_measures(shuffled, **options).to_dict() == before  # type: ignore[arg-type]


class TestTiedLargestComponents:
    """When several components share the largest size, distances are over all of them: which
    one held the first id in sorted order was a choice by name."""

    @staticmethod
    def chain_and_triangle(a: str, b: str, c: str) -> Initiative:
        ties = [(a, b), (b, c), ("d", "e"), ("e", "f"), ("f", "d")]
        return Initiative(
            name="x",
            partners=[Partner(id=p, name=p, sector="nonprofit") for p in (a, b, c, "d", "e", "f")],
            ties=[Tie(source=s, target=t) for s, t in ties],
        )

    def test_a_chain_and_a_triangle_of_three(self) -> None:
        """A chain a–b–c (distances 1, 1, 2 each way: 8 over 6 ordered pairs) and a triangle
        (1 for each of its 6 ordered pairs). Over both: (8 + 6) / 12 = 7/6, diameter 2. Named
        a, b, c the chain came first (4/3, 2); named x, y, z the triangle did (1, 1)."""
        for names in ("abc", "xyz"):
            m = ci.network_measures(self.chain_and_triangle(*names))
            assert (m.largest_component, m.diameter) == (3, 2.0)
            assert m.average_shortest_path == 14 / 12
            assert m.method["average_shortest_path"] == "exact"

    def test_estimated_over_both(self) -> None:
        """Pivots drawn from the six partners of both components: all six when pivots ≥ 6."""
        m = ci.network_measures(self.chain_and_triangle("x", "y", "z"), exact=False, pivots=6)
        assert m.average_shortest_path == 14 / 12
        m = ci.network_measures(self.chain_and_triangle("x", "y", "z"), exact=False, pivots=2)
        assert "of 6 partners of the largest components" in m.method["average_shortest_path"]

    @given(init=tie_networks(), data=st.data())
    def test_renamed_ids_give_the_same_distances(
        self, init: Initiative, data: st.DataObject
    ) -> None:
        """Any network, its partners renamed by a random permutation of their ids: the same
        average shortest path and diameter, to the bit (the sums are whole numbers)."""
        ids = [p.id for p in init.partners]
        new = dict(zip(ids, data.draw(st.permutations(ids)), strict=True))
        renamed = init.evolve(
            partners=tuple(attrs.evolve(p, id=new[p.id]) for p in init.partners),
            ties=tuple(
                attrs.evolve(t, source=new[t.source], target=new[t.target]) for t in init.ties
            ),
            backbone=None,
            conditions=None,
            working_groups=(),
            activities=(),
        )
        before = ci.network_measures(
            init.evolve(backbone=None, conditions=None, working_groups=(), activities=())
        )
        after = ci.network_measures(renamed)
        for name in ("largest_component", "average_shortest_path", "diameter"):
            b, a = getattr(before, name), getattr(after, name)
            assert (math.isnan(a) and math.isnan(b)) or a == b, name


def test_the_assessment_says_which_measures_are_exact() -> None:
    """``method`` is in NetworkMeasures.to_dict and so in the assessment's ``network``."""
    result = ci.assess(ci.load_example("cradle-to-career"))
    assert result.to_dict()["network"]["method"] == ALL_EXACT
    assert dict(result.network.method) == ALL_EXACT


class TestCutPoints:
    @staticmethod
    def expected(graph: nx.Graph) -> dict[str, tuple[int, ...]]:  # type: ignore[type-arg]
        """Each cut point with the sizes of the parts of its component without it."""
        result = {}
        for p in sorted(nx.articulation_points(graph)):
            component = nx.node_connected_component(graph, p) - {p}
            parts = nx.connected_components(graph.subgraph(component))
            result[p] = tuple(sorted((len(c) for c in parts), reverse=True))
        return result

    @given(init=tie_networks())
    def test_random_networks(self, init: Initiative) -> None:
        assert net.cut_points(init) == self.expected(tie_graph(init))

    @pytest.mark.parametrize("seed", range(4))
    def test_larger_networks(self, seed: int) -> None:
        init = random_initiative(150, 170, seed)
        found = net.cut_points(init)
        assert found == self.expected(tie_graph(init))
        assert len(found) > 5
        assert tuple(found) == ci.network_measures(init).articulation_points

    def test_a_chain_with_a_branch(self) -> None:
        """a - b - c - d, e on b: without b, {c, d}, {a}, {e}; without c, {a, b, e}, {d}; the
        leaves and the isolated f are no cut points."""
        init = make(list("fedcba"), [("a", "b"), ("b", "c"), ("c", "d"), ("b", "e")])
        assert net.cut_points(init) == {"b": (2, 1, 1), "c": (3, 1)}

    @staticmethod
    def assert_sides(init: Initiative) -> None:
        """Two neighbours of a cut point are on one side of it (``_CutSides.side``) exactly
        when they are connected without it."""
        graph = tie_graph(init)
        sides = net._CutSides.of(init)
        for p in nx.articulation_points(graph):
            rest = graph.subgraph(set(graph) - {p})
            near = sorted(graph[p])
            for q in near:
                for r in near:
                    assert (sides.side(p, q) == sides.side(p, r)) == nx.has_path(rest, q, r)

    @given(init=tie_networks())
    def test_the_sides_of_a_cut_point_on_random_networks(self, init: Initiative) -> None:
        self.assert_sides(init)

    def test_the_sides_of_a_cut_point(self) -> None:
        """The chain with a branch: b's neighbours a, c and e are each on a side of their own;
        c's, b and d, too; and in a - b - c - a with d on a and e on c, a's neighbours b and c
        are on one side (the triangle), d on another."""
        init = make(list("fedcba"), [("a", "b"), ("b", "c"), ("c", "d"), ("b", "e")])
        sides = net._CutSides.of(init)
        assert len({sides.side("b", q) for q in "ace"}) == 3
        assert sides.side("c", "b") != sides.side("c", "d")
        self.assert_sides(init)
        ring = make(list("abcde"), [("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("c", "e")])
        sides = net._CutSides.of(ring)
        assert sides.side("a", "b") == sides.side("a", "c") != sides.side("a", "d")
        self.assert_sides(ring)

    @pytest.mark.parametrize("seed", range(3))
    def test_the_sides_of_a_cut_point_on_larger_networks(self, seed: int) -> None:
        self.assert_sides(random_initiative(80, 90, seed))


class TestTieArraysCache:
    def test_the_arrays_of_the_last_initiative_are_kept_by_identity(self) -> None:
        """One initiative's tie arrays are built once and shared read-only; another initiative
        (even an equal one) gets its own."""
        first = ci.load_example("workforce")
        arrays = net._tie_arrays(first)
        assert net._tie_arrays(first) is arrays
        assert not arrays.edges.flags.writeable
        assert not arrays.adjacency.data.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arrays.adjacency.indices[0] = 1
        second = ci.load_example("workforce")  # equal, not the same object
        other = net._tie_arrays(second)
        assert other is not arrays
        assert other.ids == arrays.ids
        assert np.array_equal(other.edges, arrays.edges)
        assert net._tie_arrays(second) is other
        assert net._tie_arrays(first) is not arrays  # only the last one is kept: rebuilt


def test_the_governance_reason_never_reads_as_its_threshold() -> None:
    """The backbone leads 13 of 53 activities (24.5 %): the reason read "leads 25% of the
    activities (< 25%)"."""
    from collective_impact.analysis.network import governance_mode

    partners = [Partner(id=p, name=p, sector="nonprofit") for p in ("b", "o")]
    acts = [
        ci.Activity(id=f"a{n:02d}", name="A", partners=["b" if n < 13 else "o"]) for n in range(53)
    ]
    init = Initiative(
        name="g", partners=partners, activities=acts, backbone=ci.Backbone(organization="b")
    )
    mode, reason = governance_mode(init)
    assert mode == "network administrative organization"
    assert reason == "the backbone 'b' leads 24.5% of the activities (< 25%)"


def test_no_negative_zero_in_the_expected_brokerage() -> None:
    """A partner alone in its sector expects (1 - 1) * (1 - 2) * d^2 (1 - d) = -0.0
    coordinator roles, written "-0.0" in the JSON of workforce (found by a reviewer)."""
    import json
    import re

    text = json.dumps(ci.assess(ci.load_example("workforce")).to_dict()["network"])
    assert re.search(r"-0\.0[,}\]]", text) is None
    roles = ci.network_measures(ci.load_example("workforce")).brokerage
    assert all(
        math.copysign(1.0, v) > 0 for r in roles.values() for v in r.expected.values() if v == 0
    )
