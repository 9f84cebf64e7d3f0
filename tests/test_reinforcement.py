"""Tests of the alignment scores (DESIGN §4–§5): ``reinforcement_scores`` and its three gap codes.

Where the expected numbers come from: four small initiatives are worked out by hand below (the
arithmetic is in each class's docstring), and checked both against the engine and against
``tests/reference.py``, a slow implementation that loops over every pair of activities. The
property tests then hold the engine to the reference on generated initiatives.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import attrs
import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import (
    Activity,
    Backbone,
    Goal,
    Indicator,
    Initiative,
    Partner,
    Tie,
    WorkingGroup,
)
from collective_impact.analysis._arrays import build_arrays
from collective_impact.analysis.reinforcement import Reinforcement, reinforcement_from_arrays
from collective_impact.config import ScoringConfig
from collective_impact.strategies import initiatives
from draws import NEAR_THE_BOUND, as_of_arguments, cyclic
from memory import traced_peak
from reference import MEASURES, ReferenceResult, reference_scores, running
from test_scores import with_a_new_tie


def reinforcement_scores(init: Initiative, config: ScoringConfig | None = None) -> Reinforcement:
    """The engine on the initiative as given: every activity, whatever its dates, in the order
    of its lists (the reference scores so; ``ci.reinforcement_scores`` scores what ``assess``
    reports, the canonical form of the activities running on the date of judgement)."""
    return reinforcement_from_arrays(build_arrays(init), config=config)


#: The gap codes computed from the alignment scores.
CODES = frozenset({"duplication", "conflicting-activities", "uncoordinated-interdependence"})

#: Hand-computed values hold to this relative precision (only rounding separates them).
REL = 1e-12
#: Engine and reference agree to this absolute precision on generated initiatives.
TOL = 1e-9
#: Below this total reinforcement, ratios (index, shares) are dominated by rounding.
WELL_POSED = 1e-6

FlaggedGap = tuple[str, tuple[str, ...], str, dict[str, float]]


# --------------------------------------------------------------------------- helpers


def scores(
    d: float,
    *,
    conflict: float = 0.0,
    r: float = 0.0,
    reinforcement: float | None = None,
    duplication: float = 0.0,
    k: float = 0.0,
    harm: float = 0.0,
) -> dict[str, float]:
    """Return the measures of a pair; reinforcement defaults to ``d`` (no conflict, r = 0)."""
    return {
        "interdependence": d,
        "conflict": conflict,
        "joint_harm": harm,
        "redundancy": r,
        "reinforcement": d if reinforcement is None else reinforcement,
        "duplication": duplication,
        "coordination": k,
    }


def partners(*ids: str) -> list[Partner]:
    return [Partner(id=p, name=p.upper(), sector="nonprofit") for p in ids]


def indicators(*ids: str, drives: dict[str, dict[str, float]] | None = None) -> list[Indicator]:
    drives = drives or {}
    return [Indicator(id=i, name=i.upper(), drives=drives.get(i, {})) for i in ids]


def engine_pairs(res: Any) -> dict[tuple[str, str], dict[str, float]]:
    """Return the pairs the engine lists, by ids, checking positions and uniqueness."""
    ids = res.activity_ids
    columns = {m: getattr(res.pairs, m) for m in MEASURES}  # each read once: some are derived
    out: dict[tuple[str, str], dict[str, float]] = {}
    for n in range(len(res.pairs.a)):
        a, b = int(res.pairs.a[n]), int(res.pairs.b[n])
        assert 0 <= a < b < len(ids)
        key = (ids[a], ids[b])
        assert key not in out
        out[key] = {m: float(columns[m][n]) for m in MEASURES}
    return out


def severity(gap: Any) -> str:
    return str(getattr(gap.severity, "value", gap.severity))


#: The evidence of a duplication gap compared with the reference: for a cluster of duplicating
#: activities, the largest redundancy, the summed interdependence and duplication, and the
#: lowest coordination of its pairs (for one pair, the pair's own numbers).
DUPLICATION_EVIDENCE = ("redundancy", "interdependence", "duplication", "coordination")
#: The evidence of ``uncoordinated-interdependence`` the reference computes (the part of the gap
#: on an assumed overlap is checked in ``tests/test_gaps.py``).
UNCOORDINATED_EVIDENCE = ("gap", "share", "tie_strength", "coordination", "pairs")
#: The evidence of ``conflicting-activities`` the reference computes (the pairs on an assumed
#: overlap are checked in ``tests/test_gaps.py`` and ``tests/reference_gaps.py``).
CONFLICT_EVIDENCE = ("conflict", "activities", "conflict_share", "warning_share")


def engine_gaps(
    initiative: Initiative, config: ScoringConfig | None = None, as_of: dt.date | None = None
) -> list[FlaggedGap]:
    """Return the engine's gaps of :data:`CODES` as ``(code, subjects, severity, evidence)``
    (of ``assess(initiative, config=config, as_of=as_of)``).

    A duplication gap is a cluster of activities (sorted ids) with the evidence of
    :data:`DUPLICATION_EVIDENCE`; an ``uncoordinated-interdependence`` gap has the evidence of
    :data:`UNCOORDINATED_EVIDENCE`, a ``conflicting-activities`` one that of
    :data:`CONFLICT_EVIDENCE`.
    """
    out = []
    for g in ci.assess(initiative, config=config, as_of=as_of).gaps:
        if g.code not in CODES:
            continue
        subjects = tuple(g.subjects)
        evidence = {k: float(v) for k, v in g.evidence.items()}
        if g.code == "duplication":
            subjects = tuple(sorted(subjects))
            evidence = {k: evidence[k] for k in DUPLICATION_EVIDENCE}
        elif g.code == "uncoordinated-interdependence":
            evidence = {k: evidence[k] for k in UNCOORDINATED_EVIDENCE}
        elif g.code == "conflicting-activities":
            evidence = {k: evidence[k] for k in CONFLICT_EVIDENCE}
        out.append((g.code, subjects, severity(g), evidence))
    return _sorted_gaps(out)


def _sorted_gaps(gaps: list[FlaggedGap]) -> list[FlaggedGap]:
    # two activities can each work against the other: same code and subjects, so sort further
    return sorted(gaps, key=lambda g: (g[0], g[1], g[2], sorted(g[3].items())))


def clustered(flags: list[FlaggedGap]) -> list[FlaggedGap]:
    """Return the reference's gaps with its duplicating pairs joined into clusters.

    A cluster is a connected component of the duplicating pairs; it is a warning when one of
    its pairs is and it duplicates agenda work (its pairs' interdependence adds up to more than
    0), and its evidence is that of :data:`DUPLICATION_EVIDENCE`.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    pairs = [g for g in flags if g[0] == "duplication"]
    for _, (x, y), _, _ in pairs:
        parent[find(x)] = find(y)
    groups: dict[str, list[FlaggedGap]] = {}
    for g in pairs:
        groups.setdefault(find(g[1][0]), []).append(g)
    out = [g for g in flags if g[0] != "duplication"]
    for members in groups.values():
        ids = tuple(sorted({a for g in members for a in g[1]}))
        # a warning when one of its pairs is, and it duplicates agenda work (sum d > 0)
        agenda = math.fsum(g[3]["interdependence"] for g in members) > 0
        warning = agenda and any(g[2] == "warning" for g in members)
        evidence = {
            "redundancy": max(g[3]["redundancy"] for g in members),
            "interdependence": math.fsum(g[3]["interdependence"] for g in members),
            "duplication": math.fsum(g[3]["duplication"] for g in members),
            "coordination": min(g[3]["coordination"] for g in members),
        }
        out.append(("duplication", ids, "warning" if warning else "info", evidence))
    return _sorted_gaps(out)


def assert_same_gaps(
    expected: list[FlaggedGap], actual: list[FlaggedGap], **tolerance: float
) -> None:
    assert [g[:3] for g in expected] == [g[:3] for g in actual]
    for exp, act in zip(expected, actual, strict=True):
        assert act[3] == pytest.approx(exp[3], **tolerance), exp[:2]


# --------------------------------------------------------------------------- hand cases


class HandCase:
    """Shared checks of a hand-computed case; subclasses set the initiative and the numbers.

    ``PAIRS`` holds every pair of activities (ids in initiative order); the engine must list
    those with d > 0 or r > 0 and omit the others. ``PARTNER_GAPS`` maps ``(p, q)`` to
    ``(G, share, tie strength, pairs)``; ``FLAGGED`` holds the gaps of :data:`CODES`, sorted.
    """

    CONFIG: ClassVar[ScoringConfig | None] = None
    PAIRS: ClassVar[dict[tuple[str, str], dict[str, float]]]
    INDEX: ClassVar[float | None]
    TOTALS: ClassVar[dict[str, float]]
    PARTNER_GAPS: ClassVar[dict[tuple[str, str], tuple[float, float, float, int]]]
    FLAGGED: ClassVar[list[FlaggedGap]]

    @staticmethod
    def initiative() -> Initiative:
        raise NotImplementedError

    @property
    def listed(self) -> set[tuple[str, str]]:
        return {
            key
            for key, s in self.PAIRS.items()
            if s["interdependence"] > 0
            or s["redundancy"] > 0
            or s["conflict"] > 0
            or s["joint_harm"] > 0
        }

    def test_reference_pairs(self) -> None:
        ref = reference_scores(self.initiative(), self.CONFIG)
        assert set(self.PAIRS) == set(ref.pairs)
        for key, expected in self.PAIRS.items():
            assert ref.pairs[key] == pytest.approx(expected, rel=REL), key

    def test_reference_summary(self) -> None:
        ref = reference_scores(self.initiative(), self.CONFIG)
        assert ref.index == pytest.approx(self.INDEX, rel=REL)
        totals = {
            "reinforcement": ref.total_reinforcement,
            "interdependence": ref.total_interdependence,
            "conflict": ref.total_conflict,
            "duplication": ref.total_duplication,
        }
        assert totals == pytest.approx(self.TOTALS, rel=REL)
        gaps = {
            key: (g["gap"], g["share"], g["tie_strength"], g["pairs"])
            for key, g in ref.partner_gaps.items()
        }
        assert set(self.PARTNER_GAPS) == set(gaps)
        for key, expected in self.PARTNER_GAPS.items():
            assert gaps[key] == pytest.approx(expected, rel=REL), key
        assert_same_gaps(self.FLAGGED, ref.flagged_gaps(), rel=REL)

    def test_engine_pairs(self) -> None:
        res = reinforcement_scores(self.initiative(), config=self.CONFIG)
        assert tuple(a.id for a in self.initiative().activities) == res.activity_ids
        listed = engine_pairs(res)
        assert self.listed == set(listed)
        for key, expected in self.PAIRS.items():
            if key in listed:
                assert listed[key] == pytest.approx(expected, rel=REL), key
            assert res.pair(*key) == pytest.approx(expected, rel=REL), key
            assert res.pair(*reversed(key)) == pytest.approx(expected, rel=REL), key

    def test_engine_index_and_totals(self) -> None:
        res = reinforcement_scores(self.initiative(), config=self.CONFIG)
        assert res.index == pytest.approx(self.INDEX, rel=REL)
        totals = {
            "reinforcement": res.total_reinforcement,
            "interdependence": res.total_interdependence,
            "conflict": res.total_conflict,
            "duplication": res.total_duplication,
        }
        assert totals == pytest.approx(self.TOTALS, rel=REL)

    def test_engine_partner_gaps(self) -> None:
        res = reinforcement_scores(self.initiative(), config=self.CONFIG)
        gaps = {(g.p, g.q): (g.gap, g.share, g.tie_strength, g.pairs) for g in res.partner_gaps}
        assert set(self.PARTNER_GAPS) == set(gaps)
        for key, expected in self.PARTNER_GAPS.items():
            assert gaps[key] == pytest.approx(expected, rel=REL), key

    def test_engine_flagged_gaps(self) -> None:
        assert_same_gaps(self.FLAGGED, engine_gaps(self.initiative(), self.CONFIG), rel=REL)


class TestPathway(HandCase):
    """A pathway of three indicators; only the last is on the agenda.

    Computed by hand. Indicators ``i1 -> i2`` (w = 1) and ``i2 -> i3`` (w = 0.5); the only goal
    lists ``i3`` with weight 2, so ``g = (0, 0, 2)``. With λ = 0.5, λW has (i1, i2) = 0.5 and
    (i2, i3) = 0.25; (λW)² has (i1, i3) = 0.5 · 0.25 = 0.125 and (λW)³ = 0, so::

        (I − λW)⁻¹ = I + λW + (λW)² = [[1, 0.5, 0.125],
                                       [0, 1,   0.25 ],
                                       [0, 0,   1    ]]

    Activities (one partner each, nothing specified, so o = 1; no strategies, so r = 0)::

        a1 (p1)  c = 0.8 on i1  ->  c̃ = 0.8 · (1, 0.5, 0.125) = (0.8, 0.4, 0.1)
        a2 (p2)  c = 0.8 on i2  ->  c̃ = 0.8 · (0, 1, 0.25)    = (0,   0.8, 0.2)
        a3 (p3)  c = 0.5 on i3  ->  c̃ = (0, 0, 0.5)

    Only i3 counts (g = 2): d(a1, a2) = 2 · 0.1 · 0.2 = 0.04, d(a1, a3) = 2 · 0.1 · 0.5 = 0.1,
    d(a2, a3) = 2 · 0.2 · 0.5 = 0.2; no conflict and r = 0, so R = d, D = 0. The reinforcement
    between a1 and a2 exists only through the pathway (neither works on i3 directly).

    Ties ``p1 -> p2`` (0.5) and ``p3 -> p2`` (1.0): k(a1, a2) = 0.5, k(a1, a3) = 0,
    k(a2, a3) = 1.

    ΣR = 0.34, ΣRk = 0.04 · 0.5 + 0.1 · 0 + 0.2 · 1 = 0.22, index = 0.22 / 0.34 = 11/17.

    Partner gaps G = R (1 − k): (p1, p2) = 0.04 · 0.5 = 0.02, share 0.02 / 0.34 = 1/17, tie 0.5
    (not weak: not flagged); (p1, p3) = 0.1, share 5/17 ≈ 0.294 ≥ 0.10 with no tie: flagged
    critical; (p2, p3) = 0 (fully coordinated): not listed.

    With λ = 0 the pathway is switched off: c̃ = c, only a3 touches i3, every d is 0 and the
    index is undefined (None).
    """

    @staticmethod
    def initiative() -> Initiative:
        return Initiative(
            name="Pathway",
            partners=partners("p1", "p2", "p3"),
            indicators=indicators("i1", "i2", "i3", drives={"i1": {"i2": 1.0}, "i2": {"i3": 0.5}}),
            goals=[Goal(id="g", statement="Downstream", indicators=["i3"], weight=2.0)],
            activities=[
                Activity(id="a1", name="A1", partners=["p1"], contributes={"i1": 0.8}),
                Activity(id="a2", name="A2", partners=["p2"], contributes={"i2": 0.8}),
                Activity(id="a3", name="A3", partners=["p3"], contributes={"i3": 0.5}),
            ],
            ties=[
                Tie(source="p1", target="p2", strength=0.5),
                Tie(source="p3", target="p2", strength=1.0),
            ],
        )

    PAIRS: ClassVar = {
        ("a1", "a2"): scores(0.04, k=0.5),
        ("a1", "a3"): scores(0.1, k=0.0),
        ("a2", "a3"): scores(0.2, k=1.0),
    }
    INDEX: ClassVar = 11 / 17
    TOTALS: ClassVar = {
        "reinforcement": 0.34,
        "interdependence": 0.34,
        "conflict": 0.0,
        "duplication": 0.0,
    }
    PARTNER_GAPS: ClassVar = {
        ("p1", "p2"): (0.02, 1 / 17, 0.5, 1),
        ("p1", "p3"): (0.1, 5 / 17, 0.0, 1),
    }
    FLAGGED: ClassVar = [
        (
            "uncoordinated-interdependence",
            ("p1", "p3"),
            "critical",
            {"gap": 0.1, "share": 5 / 17, "tie_strength": 0.0, "coordination": 0.0, "pairs": 1},
        ),
    ]

    def test_no_pathway_no_interdependence(self) -> None:
        config = ScoringConfig(pathway_weight=0.0)
        res = reinforcement_scores(self.initiative(), config=config)
        ref = reference_scores(self.initiative(), config)
        assert ref.index is None
        assert res.index is None
        assert res.total_reinforcement == 0.0
        assert engine_pairs(res) == {}
        assert res.partner_gaps == ()


class TestOverlap(HandCase):
    """Populations and places: Jaccard factors, and unspecified sets counting u.

    Computed by hand. One agenda indicator ``i1`` (goal weight 1), so ``S(a, b) = c_a · c_b``::

        a1 (p1) tutoring  c = 1.0  populations {teens, low-income}  places {north}
        a2 (p2) tutoring  c = 0.5  populations {teens}              places {north, south}
        a3 (p3) -         c = 1.0  populations unspecified          places {south}

    Overlaps (u = 1)::

        o(a1, a2) = J({teens, low-income}, {teens}) · J({north}, {north, south}) = 1/2 · 1/2 = 1/4
        o(a1, a3) = u · J({north}, {south})        = 1 · 0   = 0
        o(a2, a3) = u · J({north, south}, {south}) = 1 · 1/2 = 1/2

    d(a1, a2) = 1/4 · 0.5 = 0.125, d(a1, a3) = 0, d(a2, a3) = 1/2 · 0.5 = 0.25.
    a1 and a2 share a strategy and their c̃ are parallel (cos = 1): r = 1 · 1/4 = 0.25, so
    R(a1, a2) = 0.125 · 0.75 = 0.09375 and D(a1, a2) = 0.125 · 0.25 = 0.03125 (below the
    duplication threshold 0.8: not flagged). R(a2, a3) = 0.25. The pair (a1, a3) has d = r = 0 and
    is not listed by the engine.

    One tie ``p2 -> p3`` (0.8): k(a2, a3) = 0.8, the others 0.
    ΣR = 0.09375 + 0.25 = 11/32, ΣRk = 0.25 · 0.8 = 0.2, index = 0.2 · 32/11 = 32/55.

    Partner gaps: (p1, p2) = 0.09375, share 0.09375 / (11/32) = 3/11, no tie: critical;
    (p2, p3) = 0.25 · 0.2 = 0.05, share 8/55, tie 0.8: not flagged.

    With u = 0.5: o(a2, a3) = 0.5 · 1/2 = 1/4, R(a2, a3) = 0.125 (o(a1, a2) is unchanged: both
    sets are specified); ΣR = 0.21875 = 7/32, ΣRk = 0.1, index = 0.1 · 32/7 = 16/35. With u = 0,
    o(a2, a3) = 0: only (a1, a2) reinforces, with k = 0, and the index is 0 (defined, not None).
    """

    @staticmethod
    def initiative() -> Initiative:
        return Initiative(
            name="Overlap",
            partners=partners("p1", "p2", "p3"),
            indicators=indicators("i1"),
            goals=[Goal(id="g", statement="Readiness", indicators=["i1"])],
            activities=[
                Activity(
                    id="a1",
                    name="A1",
                    partners=["p1"],
                    strategy="tutoring",
                    contributes={"i1": 1.0},
                    populations=["teens", "low-income"],
                    places=["north"],
                ),
                Activity(
                    id="a2",
                    name="A2",
                    partners=["p2"],
                    strategy="tutoring",
                    contributes={"i1": 0.5},
                    populations=["teens"],
                    places=["north", "south"],
                ),
                Activity(
                    id="a3", name="A3", partners=["p3"], contributes={"i1": 1.0}, places=["south"]
                ),
            ],
            ties=[Tie(source="p2", target="p3", strength=0.8)],
        )

    PAIRS: ClassVar = {
        ("a1", "a2"): scores(0.125, r=0.25, reinforcement=0.09375, duplication=0.03125),
        ("a1", "a3"): scores(0.0),
        ("a2", "a3"): scores(0.25, k=0.8),
    }
    INDEX: ClassVar = 32 / 55
    TOTALS: ClassVar = {
        "reinforcement": 11 / 32,
        "interdependence": 0.375,
        "conflict": 0.0,
        "duplication": 0.03125,
    }
    PARTNER_GAPS: ClassVar = {
        ("p1", "p2"): (0.09375, 3 / 11, 0.0, 1),
        ("p2", "p3"): (0.05, 8 / 55, 0.8, 1),
    }
    FLAGGED: ClassVar = [
        (
            "uncoordinated-interdependence",
            ("p1", "p2"),
            "critical",
            {"gap": 0.09375, "share": 3 / 11, "tie_strength": 0.0, "coordination": 0.0, "pairs": 1},
        ),
    ]

    @pytest.mark.parametrize(
        ("u", "r23", "index"),
        [(1.0, 0.25, 32 / 55), (0.5, 0.125, 16 / 35), (0.0, 0.0, 0.0)],
    )
    def test_unspecified_overlap(self, u: float, r23: float, index: float) -> None:
        config = ScoringConfig(unspecified_overlap=u)
        res = reinforcement_scores(self.initiative(), config=config)
        ref = reference_scores(self.initiative(), config)
        for got in (res, ref):
            assert got.index == pytest.approx(index, rel=REL, abs=0.0)
        assert ref.pairs[("a2", "a3")]["reinforcement"] == pytest.approx(r23, rel=REL)
        assert res.pair("a2", "a3")["reinforcement"] == pytest.approx(r23, rel=REL)
        assert res.pair("a1", "a2")["reinforcement"] == pytest.approx(0.09375, rel=REL)


class TestCoordination(HandCase):
    """Working groups and a backbone: coordination 0.6 and 0.3, against ties and shared partners.

    Computed by hand. One agenda indicator ``i1`` (weight 1), nothing specified (o = 1), so
    ``d(a, b) = c_a · c_b``::

        a1 (p1)      mentoring  c = 1.0
        a2 (p2)      -          c = 0.5
        a3 (p3)      mentoring  c = 1.0
        a4 (p4, p1)  -          c = 0.5      (lead p4; p1 takes part)

    d: (a1, a2) 0.5, (a1, a3) 1, (a1, a4) 0.5, (a2, a3) 0.5, (a2, a4) 0.25, (a3, a4) 0.5.
    a1 and a3 share a strategy with cos = 1 and o = 1: r = 1, so R(a1, a3) = 1 · (1 − 1) = 0 and
    D(a1, a3) = 1 · 1 = 1 (leads p1 ≠ p3). Every other pair has r = 0 and R = d.
    ΣR = 0.5 + 0 + 0.5 + 0.5 + 0.25 + 0.5 = 2.25.

    Ties ``p1 -> p2`` (0.5), ``p3 -> p2`` (1.0), ``p3 -> bb`` (0.25), ``bb -> p4`` (0.2); working
    group ``w`` = {p1, p2}; backbone ``bb``. Coordination::

        (a1, a2)  tie 0.5, working group 0.6           -> 0.6
        (a1, a3)  nothing links p1 and p3              -> 0
        (a1, a4)  share p1                             -> 1
        (a2, a3)  tie p3 -> p2 of strength 1.0         -> 1
        (a2, a4)  p2 and p1 (of a4) in w, tie 0.5      -> 0.6
        (a3, a4)  p3 and p4 both tied to bb (brokered) -> 0.3

    ΣRk = 0.5 · 0.6 + 0 + 0.5 · 1 + 0.5 · 1 + 0.25 · 0.6 + 0.5 · 0.3 = 1.6;
    index = 1.6 / 2.25 = 32/45.

    Partner gaps by leads: (p1, p2) = 0.5 · 0.4 = 0.2, share 4/45, tie 0.5: not flagged;
    (p2, p4) = 0.25 · 0.4 = 0.1, share 2/45 ≈ 0.044, no tie: warning; (p3, p4) = 0.5 · 0.7 = 0.35,
    share 7/45 ≈ 0.156: critical. (p1, p3) has R = 0 and the others k = 1: not listed.

    Duplication (a1, a3): r = 1 ≥ 0.8, leads differ, k = 0 < 0.3: warning. A tie p1 -> p3 of
    strength 0.3 (= weak_tie, not below it) turns it into info and leaves the index alone (R = 0).
    Without the backbone, k(a3, a4) = 0: ΣRk = 1.45, index = 1.45 / 2.25 = 29/45.
    """

    @staticmethod
    def initiative() -> Initiative:
        return Initiative(
            name="Coordination",
            partners=partners("bb", "p1", "p2", "p3", "p4"),
            indicators=indicators("i1"),
            goals=[Goal(id="g", statement="Graduation", indicators=["i1"])],
            activities=[
                Activity(
                    id="a1", name="A1", partners=["p1"], strategy="mentoring", contributes={"i1": 1}
                ),
                Activity(id="a2", name="A2", partners=["p2"], contributes={"i1": 0.5}),
                Activity(
                    id="a3", name="A3", partners=["p3"], strategy="mentoring", contributes={"i1": 1}
                ),
                Activity(id="a4", name="A4", partners=["p4", "p1"], contributes={"i1": 0.5}),
            ],
            ties=[
                Tie(source="p1", target="p2", strength=0.5),
                Tie(source="p3", target="p2", strength=1.0),
                Tie(source="p3", target="bb", strength=0.25),
                Tie(source="bb", target="p4", strength=0.2),
            ],
            working_groups=[WorkingGroup(id="w", name="W", members=["p1", "p2"])],
            backbone=Backbone(organization="bb"),
        )

    PAIRS: ClassVar = {
        ("a1", "a2"): scores(0.5, k=0.6),
        ("a1", "a3"): scores(1.0, r=1.0, reinforcement=0.0, duplication=1.0),
        ("a1", "a4"): scores(0.5, k=1.0),
        ("a2", "a3"): scores(0.5, k=1.0),
        ("a2", "a4"): scores(0.25, k=0.6),
        ("a3", "a4"): scores(0.5, k=0.3),
    }
    INDEX: ClassVar = 32 / 45
    TOTALS: ClassVar = {
        "reinforcement": 2.25,
        "interdependence": 3.25,
        "conflict": 0.0,
        "duplication": 1.0,
    }
    PARTNER_GAPS: ClassVar = {
        ("p1", "p2"): (0.2, 4 / 45, 0.5, 1),
        ("p2", "p4"): (0.1, 2 / 45, 0.0, 1),
        ("p3", "p4"): (0.35, 7 / 45, 0.0, 1),
    }
    FLAGGED: ClassVar = [
        (
            "duplication",
            ("a1", "a3"),
            "warning",
            {"redundancy": 1.0, "interdependence": 1.0, "duplication": 1.0, "coordination": 0.0},
        ),
        (
            "uncoordinated-interdependence",
            ("p2", "p4"),
            "warning",
            {"gap": 0.1, "share": 2 / 45, "tie_strength": 0.0, "coordination": 0.0, "pairs": 1},
        ),
        (
            "uncoordinated-interdependence",
            ("p3", "p4"),
            "critical",
            {"gap": 0.35, "share": 7 / 45, "tie_strength": 0.0, "coordination": 0.0, "pairs": 1},
        ),
    ]

    def test_weak_tie_makes_duplication_info(self) -> None:
        init = self.initiative().with_ties(Tie(source="p1", target="p3", strength=0.3))
        expected = (
            "duplication",
            ("a1", "a3"),
            "info",
            {"redundancy": 1.0, "interdependence": 1.0, "duplication": 1.0, "coordination": 0.3},
        )
        for flagged in (engine_gaps(init), reference_scores(init).flagged_gaps()):
            duplications = [g for g in flagged if g[0] == "duplication"]
            assert_same_gaps([expected], duplications, rel=REL)
        assert reinforcement_scores(init).index == pytest.approx(32 / 45, rel=REL)

    def test_without_backbone_nothing_is_brokered(self) -> None:
        init = self.initiative().with_backbone(None)
        res = reinforcement_scores(init)
        assert res.pair("a3", "a4")["coordination"] == 0.0
        assert res.index == pytest.approx(29 / 45, rel=REL)
        assert reference_scores(init).index == pytest.approx(29 / 45, rel=REL)


class TestConflict(HandCase):
    """A negative contribution: conflict, its share, and R = max(0, d − conflict)(1 − r).

    Computed by hand. Indicators ``i1`` (goal weight 1) and ``i2`` (goal weight 2); no pathways::

        a1 (p1) tutoring  c = (1.0,  0.5)  populations {teens}  places {north, south}
        a2 (p2) tutoring  c = (1.0, −0.5)  populations {teens}  places {north}
        a3 (p3) -         c = (0,    1.0)  nothing specified

    Only joint help is interdependence; help against harm is conflict.

    (a1, a2): o = 1 · 1/2 = 1/2. i1: both help, g c c = 1 · 1 · 1 = 1; i2: a1 helps, a2 harms,
    2 · 0.5 · 0.5 = 0.5. d = 1/2 · 1 = 0.5, conflict = 1/2 · 0.5 = 0.25. The helping parts are
    (1, 0.5) and (1, 0): cos = 1 / (√1.25 · 1) = 2/√5, r = 2/√5 · 1/2 = 1/√5 ≈ 0.447;
    R = (0.5 − 0.25)(1 − 1/√5) = x ≈ 0.1382; D = 0.5/√5 ≈ 0.2236 (r < 0.8: no duplication gap).

    (a1, a3): o = 1 (a3 unspecified); i2 both help, 2 · 0.5 · 1 = 1: d = R = 1, no conflict.
    (a2, a3): o = 1; i2 opposite, conflict = 2 · 0.5 · 1 = 1, d = 0, R = 0.

    Ties ``p2 -> p1`` (0.25) and ``p1 -> p3`` (1.0): k = 0.25, 1, 0. Every lead differs.
    ΣR = x + 1, ΣRk = x/4 + 1, index = (x/4 + 1)/(x + 1) ≈ 0.90893.
    Σd = 0.5 + 1 = 1.5, Σconflict = 0.25 + 1 = 1.25, ΣD = 0.5/√5.

    Partner gaps: (p1, p2) = x · 0.75, share 0.75x/(x + 1) ≈ 0.0911 > 0.02, tie 0.25 < 0.3, below
    0.10: warning. (p1, p3) has k = 1 and (p2, p3) has R = 0: not listed.

    Conflict gap, one per activity working against others: a2 harms i2 (−0.5), met by a1
    (+0.5) and a3 (+1.0). against(a2, a1) = 1/2 · 2 · 0.5 · 0.5 = 0.25;
    against(a2, a3) = 1 · 2 · 0.5 · 1 = 1. Total 1.25 over a2's joint work in those pairs
    (d + its push, d + against(a2, ·)), (0.5 + 0.25) + (0 + 1) = 1.75: share 5/7 ≥ 0.5,
    warning; subjects a1, a2, a3.
    """

    @staticmethod
    def initiative() -> Initiative:
        return Initiative(
            name="Conflict",
            partners=partners("p1", "p2", "p3"),
            indicators=indicators("i1", "i2"),
            goals=[
                Goal(id="g1", statement="One", indicators=["i1"], weight=1.0),
                Goal(id="g2", statement="Two", indicators=["i2"], weight=2.0),
            ],
            activities=[
                Activity(
                    id="a1",
                    name="A1",
                    partners=["p1"],
                    strategy="tutoring",
                    contributes={"i1": 1.0, "i2": 0.5},
                    populations=["teens"],
                    places=["north", "south"],
                ),
                Activity(
                    id="a2",
                    name="A2",
                    partners=["p2"],
                    strategy="tutoring",
                    contributes={"i1": 1.0, "i2": -0.5},
                    populations=["teens"],
                    places=["north"],
                ),
                Activity(id="a3", name="A3", partners=["p3"], contributes={"i2": 1.0}),
            ],
            ties=[
                Tie(source="p2", target="p1", strength=0.25),
                Tie(source="p1", target="p3", strength=1.0),
            ],
        )

    X: ClassVar = 0.25 * (1 - 1 / math.sqrt(5))  # R(a1, a2)
    PAIRS: ClassVar = {
        ("a1", "a2"): scores(
            0.5,
            conflict=0.25,
            r=1 / math.sqrt(5),
            reinforcement=X,
            duplication=0.5 / math.sqrt(5),
            k=0.25,
        ),
        ("a1", "a3"): scores(1.0, k=1.0),
        ("a2", "a3"): scores(0.0, conflict=1.0, reinforcement=0.0),
    }
    INDEX: ClassVar = (X / 4 + 1) / (X + 1)
    TOTALS: ClassVar = {
        "reinforcement": X + 1,
        "interdependence": 1.5,
        "conflict": 1.25,
        "duplication": 0.5 / math.sqrt(5),
    }
    PARTNER_GAPS: ClassVar = {("p1", "p2"): (0.75 * X, 0.75 * X / (X + 1), 0.25, 1)}
    FLAGGED: ClassVar = [
        (
            "conflicting-activities",
            ("a2",),
            "warning",
            {"conflict": 1.25, "activities": 2, "conflict_share": 5 / 7, "warning_share": 0.5},
        ),
        (
            "uncoordinated-interdependence",
            ("p1", "p2"),
            "warning",
            {
                "gap": 0.75 * X,
                "share": 0.75 * X / (X + 1),
                "tie_strength": 0.25,
                "coordination": 0.25,
                "pairs": 1,
            },
        ),
    ]


class TestPartnerGapPairs(HandCase):
    """The ``pairs`` of a partner gap count every pair of its leads with R > 0 (item 10).

    Computed by hand. One agenda indicator ``i1`` (weight 1), c = 0.5 for each activity, nothing
    specified, no ties, so every d = 0.25 = R::

        a1 (p1)       a2 (p2)       a3 (p1, p2)   (lead p1)

    k(a1, a2) = 0 (no partner in common), k(a1, a3) = 1 (p1), k(a2, a3) = 1 (p2).
    (a1, a3) has the single lead p1: work within one partner, left out of the index and the
    totals. Over (a1, a2) and (a2, a3): ΣR = 0.5, ΣRk = 0.25, index = 1/2.

    Leads {p1, p2}: (a1, a2) and (a2, a3). G(p1, p2) = 0.25 · 1 + 0.25 · 0 = 0.25, share
    0.25 / 0.5 = 1/2, no tie: critical, with pairs = 2 (both pairs reinforce, though only one
    is uncoordinated).
    """

    @staticmethod
    def initiative() -> Initiative:
        return Initiative(
            name="Shared leads",
            partners=partners("p1", "p2"),
            indicators=indicators("i1"),
            goals=[Goal(id="g", statement="Goal", indicators=["i1"])],
            activities=[
                Activity(id="a1", name="A1", partners=["p1"], contributes={"i1": 0.5}),
                Activity(id="a2", name="A2", partners=["p2"], contributes={"i1": 0.5}),
                Activity(id="a3", name="A3", partners=["p1", "p2"], contributes={"i1": 0.5}),
            ],
        )

    PAIRS: ClassVar = {
        ("a1", "a2"): scores(0.25, k=0.0),
        ("a1", "a3"): scores(0.25, k=1.0),
        ("a2", "a3"): scores(0.25, k=1.0),
    }
    INDEX: ClassVar = 1 / 2
    TOTALS: ClassVar = {
        "reinforcement": 0.5,
        "interdependence": 0.5,
        "conflict": 0.0,
        "duplication": 0.0,
    }
    PARTNER_GAPS: ClassVar = {("p1", "p2"): (0.25, 1 / 2, 0.0, 2)}
    FLAGGED: ClassVar = [
        (
            "uncoordinated-interdependence",
            ("p1", "p2"),
            "critical",
            {"gap": 0.25, "share": 1 / 2, "tie_strength": 0.0, "coordination": 0.0, "pairs": 2},
        ),
    ]


# --------------------------------------------------------------------------- engine = reference

configs = st.builds(
    ScoringConfig,
    pathway_weight=st.sampled_from([0.0, 0.3, 0.9]),
    unspecified_overlap=st.sampled_from([0.0, 0.5, 1.0]),
    working_group_coordination=st.sampled_from([0.0, 0.6, 1.0]),
    brokered_coordination=st.sampled_from([0.0, 0.3, 0.7]),
    duplication_threshold=st.sampled_from([0.5, 0.8, 0.95]),
    # 0.1 + 0.2 is 0.30000000000000004: a tie of 0.3 is at least that weak tie up to rounding
    weak_tie=st.sampled_from([0.3, 0.6, 1.0, 0.1 + 0.2]),
    # the critical share is never below the flagged one (ScoringConfig refuses it)
    gap_share_threshold=st.sampled_from([0.0, 0.02, 0.1]),
    critical_gap_share=st.sampled_from([0.1, 0.5]),
    conflict_warning_share=st.sampled_from([0.25, 0.5, 0.9]),
)


def _near(x: float, threshold: float) -> bool:
    return abs(x - threshold) <= TOL


def fragile(ref: ReferenceResult) -> Callable[[FlaggedGap], bool]:
    """Return a predicate: is this gap's flag or severity decided by rounding?

    A gap whose deciding number lies within :data:`TOL` of a threshold (or of 0) may be flagged by
    one implementation and not the other, or with another severity; such gaps are left out of
    the comparison on both sides. Everything else must match exactly.
    """
    cfg = ref.config
    well_posed = ref.total_reinforcement > WELL_POSED

    def is_fragile(gap: FlaggedGap) -> bool:
        code, subjects = gap[0], gap[1]
        if code == "uncoordinated-interdependence":
            g = ref.partner_gaps.get((subjects[0], subjects[1]))
            return (
                not well_posed
                or g is None
                or g["gap"] <= TOL
                or _near(g["share"], cfg.gap_share_threshold)
                or _near(g["share"], cfg.critical_gap_share)
            )
        if code == "duplication":  # a cluster: its pairs are none near the threshold here
            return False
        # conflicting-activities: one gap per activity x working against the others
        evidence = gap[3]
        parts = [v for (x, _), v in ref.against.items() if x in subjects and 0 < v <= TOL]
        return bool(parts) or _near(evidence["conflict_share"], cfg.conflict_warning_share)

    return is_fragile


def pair_count_range(ref: ReferenceResult, p: str, q: str) -> tuple[int, int]:
    """Return bounds on the number of pairs with leads {p, q} and R > 0, allowing for rounding.

    A pair with r = 1 has R = d (1 − r) = 0 exactly, or about 1e-16 · d if r rounds below 1.
    """
    leads = ref.leads
    pairs = [s for (a, b), s in ref.pairs.items() if {leads[a], leads[b]} == {p, q}]
    low = sum(s["reinforcement"] > TOL for s in pairs)
    high = sum(s["reinforcement"] > 0 or s["interdependence"] > 0 for s in pairs)
    return low, high


def assert_engine_matches_reference(
    given: Initiative, config: ScoringConfig | None, as_of: dt.date | None = None
) -> None:
    # the assessment counts the activities running on its date of judgement: the engine and the
    # reference score those; the assessment's gaps and conflict pairs are of the whole initiative.
    # With ``as_of``, the date given to ``prepare`` and ``assess`` (an argument, not the file's):
    # the reference scores the activities running on it, the engine its prepared initiative
    # (canonical: its activities in another order, the pairs keyed as the reference keys them)
    if as_of is None:
        init = running(given)
        res = reinforcement_scores(init, config=config)
        assert tuple(a.id for a in init.activities) == res.activity_ids
    else:
        init = running(given, as_of)
        res = ci.reinforcement_scores(ci.prepare(given, config=config, as_of=as_of))
        assert sorted(a.id for a in init.activities) == sorted(res.activity_ids)
    ref = reference_scores(init, config)

    # Pairs: listed ones equal the reference; omitted ones have d = r = 0 there.
    listed = {k if k in ref.pairs else (k[1], k[0]): v for k, v in engine_pairs(res).items()}
    for key, expected in ref.pairs.items():
        if key in listed:
            assert listed[key] == pytest.approx(expected, rel=0, abs=TOL), key
        else:
            assert expected["interdependence"] <= 1e-12, key
            assert expected["redundancy"] <= 1e-12, key
        omitted = {**dict.fromkeys(MEASURES, 0.0), "coordination": expected["coordination"]}
        assert res.pair(*key) == pytest.approx(listed.get(key, omitted), rel=0, abs=TOL), key
        assert res.pair(*reversed(key)) == res.pair(*key)

    # Totals and the index.
    totals = {
        "reinforcement": res.total_reinforcement,
        "interdependence": res.total_interdependence,
        "conflict": res.total_conflict,
        "duplication": res.total_duplication,
    }
    expected_totals = {
        "reinforcement": ref.total_reinforcement,
        "interdependence": ref.total_interdependence,
        "conflict": ref.total_conflict,
        "duplication": ref.total_duplication,
    }
    assert totals == pytest.approx(expected_totals, rel=0, abs=TOL)
    well_posed = ref.total_reinforcement > WELL_POSED
    if well_posed:
        assert res.index is not None
        assert res.index == pytest.approx(ref.index, rel=0, abs=TOL)
    elif ref.index is None:
        assert res.index is None or res.total_reinforcement <= TOL

    # Partner gaps.
    gaps = {(g.p, g.q): g for g in res.partner_gaps}
    assert len(gaps) == len(res.partner_gaps)
    for (p, q), g in gaps.items():
        assert p < q
        assert g.gap > 0
        if (p, q) not in ref.partner_gaps:
            assert g.gap <= TOL, (p, q)
    for key, expected in ref.partner_gaps.items():
        if expected["gap"] <= TOL and key not in gaps:
            continue
        got = gaps[key]
        assert got.gap == pytest.approx(expected["gap"], rel=0, abs=TOL), key
        assert got.tie_strength == pytest.approx(expected["tie_strength"], rel=0, abs=TOL), key
        if well_posed:
            assert got.share == pytest.approx(expected["share"], rel=0, abs=TOL), key
        low, high = pair_count_range(ref, *key)
        assert low <= got.pairs <= high, key

    # Flagged gaps, leaving out those decided by rounding. A duplicating pair decided by
    # rounding may join two clusters or not: then no duplication gap is compared.
    is_fragile = fragile(ref)
    threshold = ref.config.duplication_threshold
    if any(_near(s["redundancy"], threshold) for s in ref.pairs.values()):
        codes = CODES - {"duplication"}
    else:
        codes = CODES
    expected_flags = [
        g for g in clustered(ref.flagged_gaps()) if g[0] in codes and not is_fragile(g)
    ]
    actual_flags = [
        g for g in engine_gaps(given, config, as_of) if g[0] in codes and not is_fragile(g)
    ]
    assert [g[:3] for g in expected_flags] == [g[:3] for g in actual_flags]
    for exp, act in zip(expected_flags, actual_flags, strict=True):
        if exp[0] == "uncoordinated-interdependence":
            low, high = pair_count_range(ref, *exp[1])
            assert low <= act[3]["pairs"] <= high, exp[:2]
            exp, act = (*exp[:3], {**exp[3], "pairs": 0}), (*act[:3], {**act[3], "pairs": 0})
        assert act[3] == pytest.approx(exp[3], rel=0, abs=TOL), exp[:2]

    # Who pushes against whom: every pair the reference has against(x, y) > TOL, with its
    # amount and x's joint work d + against(x, y), and no pair the reference does not have.
    found = ci.assess(given, config=config, as_of=as_of).conflict_pairs()
    ids = found.activity_ids
    rows = {
        (ids[x], ids[y]): (c, j)
        for x, y, c, j in zip(
            found.pushing.tolist(),
            found.against.tolist(),
            found.conflict.tolist(),
            found.joint.tolist(),
            strict=True,
        )
    }
    listed = zip(found.pushing.tolist(), found.against.tolist(), strict=True)
    assert sorted(rows) == [(ids[x], ids[y]) for x, y in listed]  # sorted, each pair once
    for (x, y), amount in ref.against.items():
        if amount > TOL:
            c, j = rows[(x, y)]
            assert c == pytest.approx(amount, rel=0, abs=TOL), (x, y)
            pair = ref.pair(x, y)
            assert j == pytest.approx(pair["interdependence"] + amount, rel=0, abs=TOL), (x, y)
    for (x, y), (c, _) in rows.items():
        assert c > 0, (x, y)
        assert ref.against.get((x, y), 0.0) == pytest.approx(c, rel=0, abs=TOL), (x, y)
    for x in ids:
        assert found.opponents(x) == tuple(y for (p, y) in sorted(rows) if p == x)


class TestEngineMatchesReference:
    @given(initiatives())
    def test_default_config(self, init: Initiative) -> None:
        assert_engine_matches_reference(init, None)

    @given(initiatives(), configs)
    def test_drawn_config(self, init: Initiative, config: ScoringConfig) -> None:
        assert_engine_matches_reference(init, config)

    @given(cyclic())
    def test_cyclic_pathways(self, case: tuple[Initiative, ScoringConfig]) -> None:
        """Pathways with cycles (the engine's sparse LU solve, the reference's dense inverse),
        up to 12 indicators, ``λ ρ(W)`` inside convergence or near its bound."""
        assert_engine_matches_reference(*case)

    @given(configs.flatmap(lambda config: cyclic(config=config)))
    def test_cyclic_pathways_drawn_config(self, case: tuple[Initiative, ScoringConfig]) -> None:
        assert_engine_matches_reference(*case)

    @given(cyclic(band=NEAR_THE_BOUND))
    def test_cyclic_pathways_near_the_bound(self, case: tuple[Initiative, ScoringConfig]) -> None:
        """``λ ρ(W)`` in [0.9, 0.99]: effects travel far round the cycles before the cut."""
        assert_engine_matches_reference(*case)

    @given(cyclic(diverging=True))
    def test_cyclic_pathways_that_diverge(self, case: tuple[Initiative, ScoringConfig]) -> None:
        """``λ ρ(W)`` in [1.01, 1.5]: the reference and the engine both refuse it."""
        init, config = case
        with pytest.raises(ValueError, match="does not converge"):
            reference_scores(running(init), config)
        with pytest.raises(ci.PathwayError):
            reinforcement_scores(running(init), config=config)

    @given(initiatives(max_indicators=12, max_activities=12))
    def test_up_to_twelve_indicators(self, init: Initiative) -> None:
        assert_engine_matches_reference(init, None)

    @given(initiatives(), st.data())
    def test_as_of_argument(self, init: Initiative, data: st.DataObject) -> None:
        """A date of judgement given to ``prepare`` and ``assess`` (on, next to or between the
        initiative's dates, or far from them): the activities that run on it, scored."""
        assert_engine_matches_reference(init, None, data.draw(as_of_arguments(init)))

    @given(configs.flatmap(lambda config: cyclic(config=config)), st.data())
    def test_cyclic_pathways_as_of_argument(
        self, case: tuple[Initiative, ScoringConfig], data: st.DataObject
    ) -> None:
        init, config = case
        assert_engine_matches_reference(init, config, data.draw(as_of_arguments(init)))

    @pytest.mark.parametrize("config", [None, ScoringConfig(working_group_coordination=0.9)])
    def test_an_activity_of_every_partner(self, config: ScoringConfig | None) -> None:
        """One activity run by all 30 partners and one by 20 of them, beside 40 synthetic
        activities of a few partners (working groups, a backbone): the pairs of few partners
        read only their own, and every score is the reference's."""
        from collective_impact.synth import generate

        base = generate(partners=30, activities=40, indicators=6, ties=50, seed=11)
        ids = [p.id for p in base.partners]
        first = base.goals[0].indicators[0]
        init = base.evolve(
            activities=[
                *base.activities,
                Activity(id="all", name="All", partners=ids, contributes={first: 0.5}),
                Activity(id="many", name="Many", partners=ids[10:], contributes={first: -0.2}),
            ]
        )
        assert_engine_matches_reference(init, config)

    def test_a_tie_at_a_weak_tie_computed_otherwise_is_no_gap(self) -> None:
        """``weak_tie`` = 0.1 + 0.2 (0.30000000000000004) and leads tied at 0.3: coordinated
        up to rounding, so no ``uncoordinated-interdependence`` (the reference compared the
        coordination exactly and flagged it critical)."""
        config = ScoringConfig(weak_tie=0.1 + 0.2)
        init = Initiative(
            name="Weak tie",
            partners=partners("p1", "p2"),
            indicators=indicators("i1"),
            goals=[Goal(id="g1", statement="One", indicators=["i1"])],
            activities=[
                Activity(id="a1", name="A1", partners=["p1"], contributes={"i1": 0.8}),
                Activity(id="a2", name="A2", partners=["p2"], contributes={"i1": 0.8}),
            ],
            ties=[Tie(source="p1", target="p2", strength=0.3)],
        )
        assert_engine_matches_reference(init, config)
        assert reference_scores(init, config).flagged_gaps() == []

    def test_a_strategy_in_another_unicode_form_is_the_same(self) -> None:
        """One strategy written precomposed and decomposed by two leads: a duplication (r = 1)
        and no reinforcement, in the reference as in the engine (it compared the two as
        different strategies: r = 0)."""
        init = Initiative(
            name="Labels",
            partners=partners("p1", "p2"),
            indicators=indicators("i1"),
            goals=[Goal(id="g1", statement="One", indicators=["i1"])],
            activities=[
                Activity(id=a, name=a, partners=[p], contributes={"i1": 0.8}, strategy=strategy)
                for a, p, strategy in (
                    ("a1", "p1", "\u00e9l\u00e8ves"),
                    ("a2", "p2", "E\u0301LE\u0300VES"),
                )
            ],
        )
        assert_engine_matches_reference(init, None)
        assert reference_scores(init).pair("a1", "a2")["redundancy"] == pytest.approx(1.0)

    def test_opposed_effects_whose_product_underflows(self) -> None:
        """Help meeting harm is conflict even when the product of the two effects rounds to 0.

        Found by CI's property pass: ``i1`` is in two goals (g = 1 + 2 = 3); ``a1`` harms it by
        the smallest subnormal, 5e-324, and ``a2`` helps it by 0.5. ``c_a1 · c_a2`` rounds to
        −0, so the reference's old sign test ``c_a1 · c_a2 < 0`` missed the pair, while
        ``(g · |c_a1|) · |c_a2| = 1.5e-323 · 0.5 = 1e-323`` kept ``against(a1, a2)`` positive and
        the conflict share divided by zero. Signs are now tested one by one: conflict 1e-323,
        share 1e-323 / (0 + 1e-323) = 1, a warning, in the reference and the engine alike.
        """
        init = Initiative(
            name="Underflow",
            partners=partners("p1", "p2"),
            indicators=indicators("i1"),
            goals=[
                Goal(id="g1", statement="One", indicators=["i1"], weight=1.0),
                Goal(id="g2", statement="Two", indicators=["i1"], weight=2.0),
            ],
            activities=[
                Activity(id="a1", name="A1", partners=["p1"], contributes={"i1": -5e-324}),
                Activity(id="a2", name="A2", partners=["p2"], contributes={"i1": 0.5}),
            ],
        )
        assert_engine_matches_reference(init, None)
        expected = [
            (
                "conflicting-activities",
                ("a1",),
                "warning",
                {
                    "conflict": 1e-323,
                    "activities": 1,
                    "conflict_share": 1.0,
                    "warning_share": 0.5,
                },
            )
        ]
        assert_same_gaps(expected, reference_scores(init).flagged_gaps(), rel=0)
        assert_same_gaps(expected, engine_gaps(init), rel=0)


# --------------------------------------------------------------------------- properties


def permuted(items: Iterable[Any], rng: random.Random) -> tuple[Any, ...]:
    out = list(items)
    rng.shuffle(out)
    return tuple(out)


class TestProperties:
    @given(initiatives(), st.randoms(use_true_random=False))
    def test_order_changes_no_number(self, init: Initiative, rng: random.Random) -> None:
        shuffled = init.evolve(
            partners=permuted(init.partners, rng),
            activities=permuted(init.activities, rng),
            indicators=permuted(init.indicators, rng),
            ties=permuted(init.ties, rng),
            goals=permuted(init.goals, rng),
            working_groups=permuted(init.working_groups, rng),
        )
        before = reinforcement_scores(init)
        after = reinforcement_scores(shuffled)
        ids = [a.id for a in init.activities]
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                assert after.pair(a, b) == pytest.approx(before.pair(a, b), rel=0, abs=TOL)
        totals = ("reinforcement", "interdependence", "conflict", "duplication")
        for name in totals:
            assert getattr(after, f"total_{name}") == pytest.approx(
                getattr(before, f"total_{name}"), rel=0, abs=TOL
            )
        if before.total_reinforcement > WELL_POSED:
            assert after.index == pytest.approx(before.index, rel=0, abs=TOL)
        gaps_before = {(g.p, g.q): g.gap for g in before.partner_gaps if g.gap > TOL}
        gaps_after = {(g.p, g.q): g.gap for g in after.partner_gaps if g.gap > TOL}
        assert set(gaps_before) == set(gaps_after)
        assert gaps_after == pytest.approx(gaps_before, rel=0, abs=TOL)

    @given(initiatives(), st.data())
    def test_adding_a_tie_never_lowers_the_index(
        self, init: Initiative, data: st.DataObject
    ) -> None:
        tied = with_a_new_tie(init, data)
        before = reinforcement_scores(init)
        after = reinforcement_scores(tied)
        assert (before.index is None) == (after.index is None)
        if before.index is not None:
            assert after.index >= before.index - TOL
        assert after.total_reinforcement == pytest.approx(
            before.total_reinforcement, rel=0, abs=TOL
        )

    @given(initiatives(), st.data())
    def test_copying_an_activity_to_another_lead_raises_duplication(
        self, init: Initiative, data: st.DataObject
    ) -> None:
        # Generated ids are lower case: upper-case ids cannot clash with them.
        c = data.draw(st.sampled_from([0.25, 0.5, 1.0, -0.5, -1.0]))
        init = init.with_indicators(Indicator(id="I-DUP", name="Dup")).with_goals(
            Goal(id="G-DUP", statement="Dup", indicators=["I-DUP"])
        )
        if init.activities:
            original = data.draw(st.sampled_from(init.activities))
        else:
            original = Activity(id="A-ORIG", name="Orig", partners=[init.partners[0].id])
        original = attrs.evolve(
            original,
            strategy=data.draw(st.sampled_from(["tutoring", "mentoring"])),
            contributes={**original.contributes, "I-DUP": c},
        )
        init = init.with_activities(original)
        copy = attrs.evolve(original, id="A-COPY", partners=["P-COPY"])
        copied = init.with_partners(Partner(id="P-COPY", name="Copy", sector="business"))
        copied = copied.with_activities(copy)

        before = reinforcement_scores(init)
        after = reinforcement_scores(copied)
        pair = after.pair(original.id, copy.id)
        if c < 0:  # copied harm is joint harm, never duplication of useful work
            assert pair["joint_harm"] >= c * c - TOL
            if all(v <= 0 for v in original.contributes.values()):
                assert pair["redundancy"] == 0.0
                assert after.total_duplication == pytest.approx(before.total_duplication, abs=TOL)
            return
        assert pair["redundancy"] == pytest.approx(1.0, rel=0, abs=TOL)
        assert pair["duplication"] >= c * c - TOL
        assert after.total_duplication >= before.total_duplication + pair["duplication"] - TOL
        assert after.total_duplication > before.total_duplication

    @given(initiatives(), configs)
    def test_bounds(self, init: Initiative, config: ScoringConfig) -> None:
        res = reinforcement_scores(init, config=config)
        for s in engine_pairs(res).values():
            assert 0.0 <= s["coordination"] <= 1.0
            assert 0.0 <= s["redundancy"] <= 1.0 + 1e-12
            assert s["conflict"] >= 0.0
            assert s["joint_harm"] >= 0.0
            assert 0.0 <= s["reinforcement"] <= s["interdependence"] + TOL
            assert 0.0 <= s["duplication"] <= s["interdependence"] + TOL
        if res.index is not None:
            assert 0.0 <= res.index <= 1.0 + 1e-12


# --------------------------------------------------------------------------- long pathway cycles


def ring(n: int, weight: float, *, skip: bool = False) -> Initiative:
    """``n`` indicators in a ring, each driving the next (and, with ``skip``, the one after).

    Two partners, one activity each: ``x`` (+0.8 on indicator 0) and ``y`` (+0.5 on 3); the
    goal lists indicators 0 and 10 (or 0 and 1 on short rings).
    """
    ids = [f"i{k:05d}" for k in range(n)]
    indicators = []
    for k in range(n):
        drives = {ids[(k + 1) % n]: weight}
        if skip:
            drives[ids[(k + 2) % n]] = weight
        indicators.append(Indicator(id=ids[k], name=ids[k], drives=drives))
    return Initiative(
        name="Ring",
        partners=partners("p", "q"),
        goals=[Goal(id="g", statement="G", indicators=[ids[0], ids[min(10, n - 1)]])],
        indicators=indicators,
        activities=[
            Activity(id="x", name="X", partners=["p"], contributes={ids[0]: 0.8}),
            Activity(id="y", name="Y", partners=["q"], contributes={ids[3 % n]: 0.5}),
        ],
    )


def ring_totals(n: int, weight: float, lam: float) -> list[list[float]]:
    r"""The total contributions of :func:`ring` in closed form.

    On a ring, the paths from indicator ``s`` to ``j`` have lengths :math:`d, d + n, d + 2n,
    \dots` with :math:`d = (j - s) \bmod n`, so the total effect of ``c`` on ``s`` is
    :math:`c\,r^d / (1 - r^n)` with :math:`r = \lambda w`.
    """
    r = lam * weight
    return [
        [c * r ** ((j - s) % n) / (1.0 - r**n) for j in range(n)] for s, c in ((0, 0.8), (3, 0.5))
    ]


class TestLongCycles:
    """Pathway cycles of thousands of indicators: sparse all the way, the same numbers.

    The convergence check takes the spectral radius of each strongly connected component of
    the drives; a ring of 5,000 indicators is one component of 5,000, beyond the size a dense
    eigenproblem is solved for (``_DENSE_RADIUS_LIMIT``).
    """

    @pytest.mark.parametrize("n", [7, 300, 5000])
    def test_ring_totals_equal_the_closed_form(self, n: int) -> None:
        from collective_impact.analysis._arrays import build_arrays
        from collective_impact.analysis.reinforcement import PATHWAY_TOLERANCE, total_contributions

        arrays = build_arrays(ring(n, 0.9))
        total = total_contributions(arrays, 0.5).toarray()
        expected = ring_totals(n, 0.9, 0.5)
        assert total.shape == (2, n)
        direct = np.abs(arrays.contributions.toarray()).max(axis=1)
        for row, want, top in zip(total.tolist(), expected, direct, strict=True):
            # effects below the tolerance of the largest direct contribution are dropped
            cut = [v if abs(v) >= PATHWAY_TOLERANCE * top else 0.0 for v in want]
            assert 0.0 in cut or n < 300  # the ring is long enough for the cut to matter
            assert row == pytest.approx(cut, rel=1e-12, abs=1e-300)

    def test_chain_effects_stop_at_the_tolerance(self) -> None:
        """A chain a0 → a1 → ... with λw = 0.45: 0.45^k ≥ 1e-12 up to k = 34, so 35 entries."""
        from collective_impact.analysis._arrays import build_arrays
        from collective_impact.analysis.reinforcement import total_contributions

        n = 200
        init = ci.Initiative(
            name="Chain",
            partners=[ci.Partner(id="p", name="P", sector="other")],
            indicators=[
                ci.Indicator(id=f"i{k:03d}", name=f"I{k}", drives={f"i{k + 1:03d}": 0.9})
                for k in range(n - 1)
            ]
            + [ci.Indicator(id=f"i{n - 1:03d}", name="last")],
            activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i000": 1.0})],
        )
        total = total_contributions(build_arrays(init), 0.5)
        assert total.nnz == 35  # 0.45**34 = 1.6e-12, 0.45**35 = 7.3e-13
        assert total.toarray()[0, :35] == pytest.approx([0.45**k for k in range(35)], rel=1e-12)

    def test_small_ring_equals_the_dense_inverse(self) -> None:
        import numpy as np

        from collective_impact.analysis._arrays import build_arrays
        from collective_impact.analysis.reinforcement import total_contributions

        arrays = build_arrays(ring(7, 0.9, skip=True))
        total = total_contributions(arrays, 0.5).toarray()
        w = arrays.pathways.toarray()
        expected = arrays.contributions.toarray() @ np.linalg.inv(np.eye(7) - 0.5 * w)
        np.testing.assert_allclose(total, expected, rtol=1e-12, atol=1e-15)

    def test_ring_of_5000_is_scored(self) -> None:
        """Both activities reach every indicator of the ring; they meet on the two goals."""
        n, lam, w = 5000, 0.5, 0.9
        init = ring(n, w)
        result = reinforcement_scores(init)
        (x, y) = ring_totals(n, w, lam)
        # interdependence: both help indicators 0 and 10 (goal weight 1 each), overlap 1
        expected = x[0] * y[0] + x[10] * y[10]
        assert result.pair("x", "y")["interdependence"] == pytest.approx(expected, rel=1e-12)
        scores = ci.condition_scores(init)
        assert 0.0 <= scores.overall <= 1.0

    def test_assess_a_ring_beyond_the_dense_limit(self) -> None:
        small = ci.assess(ring(300, 0.9))
        assert small.alignment.index == 0.0  # untied partners
        assert small.recommendations[0].index_after == pytest.approx(1.0)

    @pytest.mark.parametrize("n", [5, 300, 5000])
    def test_divergent_ring_names_a_cycle(self, n: int) -> None:
        """Each indicator drives the next two with w = 1: every row of 0.5 W sums to 1, ρ = 1."""
        from collective_impact.analysis._arrays import build_arrays
        from collective_impact.analysis.reinforcement import total_contributions

        with pytest.raises(ci.PathwayError) as info:
            total_contributions(build_arrays(ring(n, 1.0, skip=True)), 0.5)
        err = info.value
        assert err.spectral_radius == pytest.approx(1.0, rel=1e-12)
        assert len(err.cycle) >= 2
        ids = [f"i{k:05d}" for k in range(n)]
        assert set(err.cycle) <= set(ids)
        for u, v in zip(err.cycle, [*err.cycle[1:], err.cycle[0]], strict=True):
            assert (ids.index(v) - ids.index(u)) % n in (1, 2)  # a cycle of drives
        assert err.cycle_gain == pytest.approx(0.5 ** len(err.cycle), rel=1e-9)
        # the whole ring drives itself: the message names it, not only the cycle, whose gain
        # (0.5 per step) is below 1 ("the cycle ... (gain 0.25 per turn) gives a spectral
        # radius of 1 >= 1" read as a contradiction)
        assert err.component == tuple(ids)
        listed = (
            ", ".join(ids[:-1]) + f" and {ids[-1]}"
            if n <= 6
            else ", ".join(ids[:5]) + f" and {n - 5:,} others"
        )
        assert str(err).startswith(
            f"indicator pathways do not converge: the {n:,} indicators {listed} drive one "
            "another with a spectral radius of 1 >= 1, though no cycle diverges alone ("
        )

    def test_barely_convergent_ring(self) -> None:
        """Rows of 0.5 W summing to 0.99 (w = 0.99, each driving the next two): converges."""
        from collective_impact.analysis._arrays import build_arrays
        from collective_impact.analysis.reinforcement import total_contributions

        total = total_contributions(build_arrays(ring(5000, 0.99, skip=True)), 0.5)
        # the activities' total effects sum to c / (1 - 0.99) over the ring
        sums = total.sum(axis=1)
        assert sums.tolist() == pytest.approx([0.8 / 0.01, 0.5 / 0.01], rel=1e-9)

    @pytest.mark.parametrize("seed", range(5))
    def test_sparse_radius_equals_the_dense_one(self, seed: int) -> None:
        import numpy as np
        import scipy.linalg
        import scipy.sparse as sp

        from collective_impact.analysis.reinforcement import _DENSE_RADIUS_LIMIT, _spectral_radius

        rng = np.random.default_rng(seed)
        n = _DENSE_RADIUS_LIMIT + 1 + int(rng.integers(0, 100))
        rows = np.r_[np.arange(n), rng.integers(0, n, n // 2)]  # a ring, and chords
        cols = np.r_[(np.arange(n) + 1) % n, rng.integers(0, n, n // 2)]
        values = rng.uniform(0.05, 1.0, rows.size)
        block = sp.csr_array((values, (rows, cols)), shape=(n, n))
        dense = float(np.max(np.abs(scipy.linalg.eigvals(block.toarray()))))
        assert _spectral_radius(block) == pytest.approx(dense, rel=1e-10)


# --------------------------------------------------------------------------- engine internals


def test_a_partner_gap_share_is_at_most_one() -> None:
    """Two partners, no tie, activities on one indicator led in turn by each: the pair of
    partners holds all the reinforcement, so its share is the whole of it. The gap (summed pair
    by pair) and the total (summed pairwise by numpy) may differ in their last bit; one of these
    cases gave ``1.0000000000000004`` before the share was bounded."""
    import numpy as np

    rng = np.random.default_rng(1)
    partners = [ci.Partner(id=x, name=x, sector="nonprofit") for x in "pq"]
    shares = []
    for _ in range(300):
        activities = [
            ci.Activity(
                id=f"a{k}",
                name="x",
                partners=["p" if k % 2 == 0 else "q"],
                contributes={"i": float(rng.uniform(0.01, 1.0))},
            )
            for k in range(int(rng.integers(2, 12)))
        ]
        init = ci.Initiative(
            name="T",
            partners=partners,
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[ci.Indicator(id="i", name="I")],
            activities=activities,
        )
        shares.extend(reinforcement_scores(init).partner_gap_table.share.tolist())
    assert max(shares) == 1.0
    assert min(shares) > 1.0 - 1e-12


def test_rank_groups_tie_sizes_equal_but_for_rounding_in_any_order() -> None:
    """0.22302386529149995 and 0.2230238652915 are the same sums added in two orders (2.5e-16
    apart, relative): one group whatever comes first, though rounded to 12 significant digits
    they were 0.223023865291 and 0.223023865292 (a reviewer's reproducer: a renaming then
    changed which tie was recommended). 0.1 and 0.2 are two groups; the groups number the
    sizes from the smallest."""
    from collective_impact.analysis._tolerance import rank_groups

    a, b = 0.22302386529149995, 0.2230238652915
    assert float(f"{a:.12g}") != float(f"{b:.12g}")  # the rounding that split them
    for values in ([a, b, 0.1, 0.2], [0.2, b, 0.1, a], [b, a, 0.2, 0.1]):
        groups = dict(zip(values, rank_groups(values).tolist(), strict=True))
        assert groups == {0.1: 0, 0.2: 1, a: 2, b: 2}
    assert rank_groups([0.1, 0.2]).tolist() == [0, 1]
    assert rank_groups([]).tolist() == []


def _slow_groups(values: list[float]) -> list[int]:
    """The groups by their definition, pair by pair: values joined (transitively) when equal
    (or both NaN) or within 1e-12 of the larger magnitude; numbered from the smallest, NaN
    last."""
    import math

    n = len(values)
    parent = list(range(n))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for i in range(n):
        for j in range(n):
            x, y = values[i], values[j]
            if (
                x == y
                or (math.isnan(x) and math.isnan(y))
                or (
                    math.isfinite(x)
                    and math.isfinite(y)
                    and abs(x - y) <= 1e-12 * max(abs(x), abs(y))
                )
            ):
                parent[root(i)] = root(j)
    members: dict[int, list[float]] = {}
    for k in range(n):
        members.setdefault(root(k), []).append(values[k])

    def low(r: int) -> tuple[bool, float]:  # NaN after every number
        x = min(members[r], key=lambda v: (math.isnan(v), v))
        return (math.isnan(x), x)

    number = {r: m for m, r in enumerate(sorted(members, key=low))}
    return [number[root(k)] for k in range(n)]


_NEAR = st.sampled_from(
    [0.22302386529149995, 0.2230238652915, 0.2230238652916, 0.1, 1.0, 1.0 + 2**-52, 0.0, -0.0]
)


@given(
    st.lists(
        _NEAR | st.floats(allow_nan=True, allow_infinity=True) | st.floats(-1.0, 1.0),
        max_size=40,
    ),
    st.randoms(use_true_random=False),
)
def test_rank_groups_are_their_definition_in_any_order(
    values: list[float], rnd: random.Random
) -> None:
    """One sort gives the groups of the pair-by-pair definition, numbered from the smallest,
    and the same group to each value however the values are listed."""
    from collective_impact.analysis._tolerance import rank_groups

    groups = rank_groups(values).tolist()
    assert groups == _slow_groups(values)
    order = list(range(len(values)))
    rnd.shuffle(order)
    assert rank_groups([values[k] for k in order]).tolist() == [groups[k] for k in order]


@given(
    st.lists(st.tuples(_NEAR, st.integers(0, 3)), max_size=40),
)
def test_rank_groups_within_labels_are_the_groups_of_each_label(
    rows: list[tuple[float, int]],
) -> None:
    """With ``within``, each label's values are grouped as alone, and the groups are numbered
    in order of (label, value)."""
    from collective_impact.analysis._tolerance import rank_groups

    groups = rank_groups([v for v, _ in rows], within=[x for _, x in rows]).tolist()
    for label in {x for _, x in rows}:
        mine = [k for k, (_, x) in enumerate(rows) if x == label]
        alone = _slow_groups([rows[k][0] for k in mine])
        assert len({groups[k] - a for k, a in zip(mine, alone, strict=True)}) == 1
    by_label = sorted(range(len(rows)), key=lambda k: (rows[k][1], groups[k]))
    assert [groups[k] for k in by_label] == sorted(groups)


def test_partner_gaps_equal_but_for_rounding_are_ordered_by_ids() -> None:
    """p's activities on i1..i3 (+1 each), q's (0.2, 0.3, 0.1), s's (0.1, 0.2, 0.3), no ties:
    the gaps p-q and p-s are both 0.6 (0.2 + 0.3 + 0.1 summed in two orders: 0.6 and
    0.6000000000000001), q-s is 0.02 + 0.06 + 0.03 = 0.11. The table put p-s first by its last
    bit; it is a tie, which the ids decide, as the gaps and recommendations do."""
    from test_recommend import TestRoundingNeverDecides

    for names in (("a1", "a2", "a3"), ("a3", "a2", "a1")):
        table = reinforcement_scores(TestRoundingNeverDecides.renamed(names)).partner_gaps_by_pair
        assert sorted(table.gap.tolist()) == [0.11, 0.6, 0.6000000000000001]
        for ordered in (table.order(), table.order(limit=2)):
            pairs = [(ordered.record(k).p, ordered.record(k).q) for k in range(len(ordered))]
            assert pairs[:2] == [("p", "q"), ("p", "s")]
        top = table.order(limit=1)
        assert (top.record(0).p, top.record(0).q) == ("p", "q")


class TestEngineInternals:
    """The shortcuts of the engine give exactly what the plain numpy calls they replace give."""

    def test_coordination_reads_only_the_partners_of_each_pair(self) -> None:
        """One activity of 2,000 partners beside 100 activities of one partner each: the
        coordination of the 4,950 pairs of small activities and the 100 pairs with the large
        one is read from the partners each pair has (4,950 + 100 · 2,000 = 204,950 reads).

        The numpy path padded every partner set to the largest: 5,050 pairs × 2,000 columns ×
        8 bytes = 80.8 MB of positions alone (and 1.6 MB more for the padded table), where the
        reads, their positions and values take a few MB and the dense rows
        101 × 2,001 × 8 = 1.6 MB. Nobody is tied: k = 1 with the large activity (a shared
        partner) and 0 between small ones.
        """

        from collective_impact.analysis.reinforcement import coordination

        ids = [f"p{n:04d}" for n in range(2000)]
        small = [
            Activity(id=f"a{n:03d}", name=f"A{n}", partners=[ids[n]], contributes={"i1": 0.5})
            for n in range(100)
        ]
        big = Activity(id="big", name="Big", partners=ids, contributes={"i1": 0.5})
        init = Initiative(
            name="One large activity",
            partners=partners(*ids),
            indicators=indicators("i1"),
            goals=[Goal(id="g1", statement="One", indicators=["i1"])],
            activities=[*small, big],
        )
        arrays = build_arrays(init)
        at = {a.id: n for n, a in enumerate(init.activities)}
        first, second = np.triu_indices(100, k=1)  # the 4,950 pairs of small activities
        a = np.concatenate([first, np.arange(100)]).astype(np.int64)
        b = np.concatenate([second, np.full(100, at["big"])]).astype(np.int64)
        with traced_peak() as traced:
            k = coordination(arrays, ScoringConfig(), a, b)
        assert k.tolist() == [0.0] * 4950 + [1.0] * 100
        assert traced.bytes < 12_000_000, traced.bytes

    @pytest.mark.parametrize("narrow", [0, 4, 1000])
    @pytest.mark.parametrize("limit", [1, 64, 1 << 22])
    def test_coordination_in_chunks_is_the_whole_to_the_bit(
        self, monkeypatch: pytest.MonkeyPatch, limit: int, narrow: int
    ) -> None:
        """An activity of every partner and one of most, beside a synthetic initiative: the
        coordination of every pair, read one dense row and a read or 16 reads at a time
        (``_MAP_LIMIT`` 1 and 64) or all at once, and the sets read as ragged ranges or a
        column at a time (``_NARROW`` 0: always ragged; 1000: always by column; 4: by column
        where no set of the pairs read together has more than 4 partners), is the same bytes,
        and each pair's value is the maximum over its partners of the first activity's row, as
        defined."""
        from collective_impact.analysis import reinforcement as engine
        from collective_impact.synth import generate

        base = generate(partners=40, activities=60, indicators=6, ties=90, seed=5)
        ids = [p.id for p in base.partners]
        first = base.goals[0].indicators[0]
        init = base.evolve(
            activities=[
                *base.activities,
                Activity(id="all", name="All", partners=ids, contributes={first: 0.5}),
                Activity(id="most", name="Most", partners=ids[5:], contributes={first: 0.5}),
            ]
        )
        arrays = build_arrays(init)
        config = ScoringConfig(brokered_coordination=0.0)
        n = len(init.activities)
        a, b = (x.reshape(-1) for x in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
        expected = engine.coordination(arrays, config, a, b)
        monkeypatch.setattr(engine, "_MAP_LIMIT", limit)
        monkeypatch.setattr(engine, "_NARROW", narrow)
        got = engine.coordination(arrays, config, a, b)
        assert got.tobytes() == expected.tobytes()
        links = engine._Links(arrays, config)
        members = arrays.partner_sets.members
        strength = np.zeros((len(ids), len(ids)))
        rows = np.repeat(np.arange(len(links.link_ptr) - 1), np.diff(links.link_ptr))
        strength[rows, links.link_to] = links.link_value
        sets = [members.indices[members.indptr[s] : members.indptr[s + 1]] for s in links.of]
        for x, y, value in zip(a.tolist(), b.tolist(), got.tolist(), strict=True):
            shared = np.intersect1d(sets[x], sets[y]).size > 0
            assert value == (1.0 if shared else strength[np.ix_(sets[x], sets[y])].max()), (x, y)

    @given(
        st.lists(st.integers(0, 50), max_size=300),
        st.randoms(use_true_random=False),
    )
    def test_group_sums_are_unique_and_bincount(self, keys: list[int], rnd: random.Random) -> None:
        import numpy as np

        from collective_impact.analysis.reinforcement import _group_sums

        values = np.array([rnd.choice([1e-3, 1.0, 7.5, 1e9]) * rnd.random() for _ in keys])
        terms = [np.asarray(keys, dtype=np.int64), values]
        unique, sums, counts = _group_sums(terms)
        assert terms == []  # taken, so that they are freed as soon as they are summed
        expected, inverse = np.unique(np.asarray(keys, dtype=np.int64), return_inverse=True)
        np.testing.assert_array_equal(unique, expected)
        assert sums.tolist() == np.bincount(inverse, weights=values, minlength=unique.size).tolist()
        assert counts.tolist() == np.bincount(inverse, minlength=unique.size).tolist()

    @pytest.mark.parametrize("chunk", [1, 7, 1 << 20])
    def test_gap_terms_are_those_of_each_reinforcing_pair_between_partners(
        self, chunk: int
    ) -> None:
        """The keys and losses the partner gaps sum, read a few pairs at a time, are pair by
        pair (in their order) ``min(p, q) · n + max(p, q)`` of the lead partners and
        ``R · (1 - k)``, for the pairs between partners with ``R > 0`` and no other."""
        import numpy as np

        from collective_impact.analysis import reinforcement as engine
        from collective_impact.analysis._arrays import build_arrays
        from collective_impact.synth import generate

        init = generate(partners=12, activities=90, indicators=8, ties=20, seed=3)
        arrays = build_arrays(init)
        pairs = engine._pair_scores(
            arrays, ci.ScoringConfig(), engine.total_contributions(arrays, 0.5)
        )
        between = pairs.between
        r, k = pairs.reinforcement, pairs.coordination
        n_p = len(arrays.partner_ids)
        expected_keys, expected_losses = [], []
        for j in range(len(pairs)):
            if between[j] and r[j] > 0:
                p, q = sorted((int(arrays.lead[pairs.a[j]]), int(arrays.lead[pairs.b[j]])))
                expected_keys.append(p * n_p + q)
                expected_losses.append(r[j] * (1.0 - k[j]))
        assert 0 < len(expected_keys) < len(pairs)  # some pairs are left out
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "_AT_CHUNK", chunk)
            keys, losses = engine._gap_terms(
                arrays, pairs, between, pairs.at("reinforcement", between)
            )
        assert keys.tolist() == expected_keys
        assert losses.tobytes() == np.array(expected_losses).tobytes()

    @given(st.integers(0, 40), st.integers(1, 7), st.data())
    def test_derived_measures_read_at_any_rows_in_chunks(
        self, n: int, chunk: int, data: st.DataObject
    ) -> None:
        """``PairScores.at`` of a derived measure, computed ``chunk`` rows at a time, equals the
        formula applied to whole columns and then indexed, for every kind of numpy index."""
        import numpy as np

        from collective_impact.analysis import reinforcement as engine

        rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
        values = {
            name: rng.choice([0.0, -0.0, 0.25, 0.5, rng.random()], size=n)
            for name in (
                "interdependence",
                "conflict_a",
                "conflict_b",
                "joint_harm",
                "redundancy",
                "coordination",
            )
        }
        # the columns that may be stored sparse, each stored sparse or dense
        stored = {
            name: engine._Sparse.of(column)
            if name in engine._SPARSE_COLUMNS and data.draw(st.booleans())
            else column
            for name, column in values.items()
        }
        pairs = engine.PairScores(
            a=np.arange(n, dtype=np.int64),
            b=np.arange(n, dtype=np.int64) + 1,
            between=rng.random(n) < 0.5,
            **stored,
        )
        conflict = values["conflict_a"] + values["conflict_b"]
        d, h = values["interdependence"], values["joint_harm"]
        net = d - conflict - h  # joint help less the work opposed and the harm done together
        whole = {
            **{name: values[name] for name in engine._SPARSE_COLUMNS},
            "conflict": conflict,
            # where conflict or joint harm is not 0, a net within 1e-9 of its terms (or below
            # the smallest normal double) is 0; help alone is kept as it is
            "reinforcement": np.where(
                (conflict != 0.0) | (h != 0.0),
                np.where(
                    net > np.maximum(1e-9 * (d + conflict + h), 2.2250738585072014e-308),
                    net,
                    0.0,
                ),
                net,
            )
            * (1.0 - values["redundancy"]),
            "duplication": values["interdependence"] * values["redundancy"] * pairs.between,
            "redundancy": values["redundancy"],
        }
        start = data.draw(st.integers(-n - 2, n + 2))
        stop = data.draw(st.integers(-n - 2, n + 2))
        step = data.draw(st.sampled_from([1, 2, 3, -1, -2]))
        indexes: list[object] = [
            slice(None),
            slice(start, stop, step),
            rng.random(n) < 0.4,
            rng.integers(0, max(n, 1), size=(data.draw(st.integers(0, 9)),)) if n else [],
            rng.integers(0, max(n, 1), size=(2, 3)) if n else np.zeros((2, 0), dtype=int),
        ]
        if n:
            indexes.append(data.draw(st.integers(-n, n - 1)))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "_AT_CHUNK", chunk)
            for name, column in whole.items():
                assert getattr(pairs, name).tobytes() == column.tobytes(), name
                for rows in indexes:
                    got = np.asarray(pairs.at(name, rows))
                    expected = np.asarray(column[rows])  # type: ignore[index]
                    assert got.shape == expected.shape, (name, rows)
                    assert got.tobytes() == expected.tobytes(), (name, rows)
        for name in engine._SPARSE_COLUMNS:
            positive, amount = pairs.positive(name)
            assert positive.tolist() == np.flatnonzero(values[name] > 0).tolist()
            assert amount.tobytes() == values[name][positive].tobytes()

    def test_a_sparse_column_reads_as_the_dense_one(self) -> None:
        """``_Sparse`` keeps every value whose bits are not +0.0 (-0.0 and NaN read back),
        and fails as numpy does on a position out of range."""
        import numpy as np

        from collective_impact.analysis.reinforcement import _Sparse

        dense = np.array([0.0, -0.0, 0.5, 0.0, np.nan, 0.0, 0.25])
        sparse = _Sparse.of(dense)
        assert sparse.rows.tolist() == [1, 2, 4, 6]
        assert sparse.take(slice(None)).tobytes() == dense.tobytes()
        assert sparse.take(slice(5, 1, -2)).tobytes() == dense[5:1:-2].tobytes()
        assert sparse.take(np.array([-1, 1, 3])).tobytes() == dense[[-1, 1, 3]].tobytes()
        assert sparse.take(-6).tobytes() == dense[-6].tobytes()  # -0.0, a number
        assert isinstance(sparse.take(2), np.float64)
        for wrong in (7, -8, np.array([0, 7])):
            with pytest.raises(IndexError):
                dense[wrong]
            with pytest.raises(IndexError):
                sparse.take(wrong)
        with pytest.raises(IndexError):
            sparse.take(np.array([0.5]))
        empty = _Sparse.of(np.zeros(3))
        assert empty.rows.size == 0
        assert empty.take(np.array([2, 0])).tolist() == [0.0, 0.0]

    def test_the_result_does_not_depend_on_how_the_columns_are_stored(self) -> None:
        """The example's coordination is 78 % non-zero: from its first rows on (no minimum)
        it is stored dense, the others sparse; by default all four are sparse. The whole
        result is the same to the bit."""
        import numpy as np

        import collective_impact as ci
        from collective_impact.analysis import reinforcement as engine

        init = ci.load_example("cradle-to-career")
        default = ci.assess(init)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "_SPARSE_MIN_ROWS", 0)
            early = ci.assess(init)
        assert isinstance(default.reinforcement.pairs._coordination, engine._Sparse)
        assert isinstance(early.reinforcement.pairs._coordination, np.ndarray)
        assert isinstance(early.reinforcement.pairs._conflict_b, engine._Sparse)
        assert early.to_dict() == default.to_dict()

    def test_a_sparse_column_turns_dense_when_most_of_its_values_are_not_zero(self) -> None:
        """The engine's columns that are mostly zero are kept sparse; one that a block leaves
        more than half non-zero becomes dense, and every value is kept either way."""
        import numpy as np

        from collective_impact.analysis import reinforcement as engine

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(engine, "_SPARSE_MIN_ROWS", 8)
            out = engine._Columns()
            written: dict[str, list[object]] = {"coordination": [], "joint_harm": []}
            blocks = [
                (np.zeros(6), np.array([0.0, -0.0, 0.0, 0.0, 0.0, 0.0])),  # under 8 rows so far
                (np.array([0.0, 0.5, 0.0, 0.0]), np.zeros(4)),  # 1 of 10 non-zero: sparse
                (np.full(20, 0.25), np.r_[np.zeros(19), 1.0]),  # 21 of 30: dense
                (np.array([0.0, 1.0]), np.zeros(2)),
            ]
            for k, h in blocks:
                n = k.size
                out.reserve(n)
                put = out.writer(None, n)
                put("a", np.arange(out.filled, out.filled + n))
                put("coordination", k)
                put("joint_harm", h)
                out.advance(n)
                written["coordination"].append(k)
                written["joint_harm"].append(h)
                if out.filled == 10:
                    assert set(out.sparse) == set(engine._SPARSE_COLUMNS)
            assert "coordination" in out.columns
            assert "coordination" not in out.sparse
            with pytest.raises(ValueError, match="sparse column 'joint_harm'"):
                out.writer(None, 1)("joint_harm")
            pairs = out.pairs()
        assert isinstance(pairs._coordination, np.ndarray)
        assert isinstance(pairs._joint_harm, engine._Sparse)
        for name, parts in written.items():
            whole = np.concatenate(parts)  # type: ignore[arg-type]
            assert getattr(pairs, name).tobytes() == whole.tobytes(), name

    def test_columns_grow_in_place_and_keep_what_was_written(self) -> None:
        import numpy as np

        from collective_impact.analysis.reinforcement import _Columns

        out = _Columns()
        written = []
        for n in (3, 2000, 1, 5000):  # each reserve may move the columns; the rows must stay
            out.reserve(n)
            put = out.writer(None, n)
            values = np.arange(out.filled, out.filled + n, dtype=np.float64)
            put("interdependence", values)
            out.advance(n)
            written.append(values)
        assert out.columns["interdependence"].size >= out.filled == 7004
        pairs = out.pairs()
        assert pairs.interdependence.tolist() == np.concatenate(written).tolist()

    @given(
        st.lists(
            st.tuples(st.sampled_from([0.1, 0.25, 0.5, 1e-9]), st.integers(0, 10**6)),
            max_size=200,
            unique_by=lambda x: x[1],
        )
    )
    def test_gap_order_is_the_lexsort(self, rows: list[tuple[float, int]]) -> None:
        import numpy as np

        from collective_impact.analysis.reinforcement import _gap_order

        gap = np.array([g for g, _ in rows])
        key = np.array([k for _, k in rows], dtype=np.int64)
        assert _gap_order(gap, key).tolist() == np.lexsort((key, -gap)).tolist()

    @given(
        st.lists(
            st.tuples(
                # gaps (ties in the gap are common; the last two are a tie but for rounding)
                st.sampled_from([0.1, 0.25, 0.5, 1e-9, 0.22302386529149995, 0.2230238652915]),
                st.sampled_from([0.0, 0.2, 0.7]),  # tie strengths
                st.booleans(),  # asked for
            ),
            max_size=60,
        ),
        st.one_of(st.none(), st.integers(-1, 70)),
        st.permutations(range(12)),
    )
    @example(  # the limit falls within a tie in the gap
        rows=[(0.5, 0.0, True), (0.1, 0.0, True), (0.5, 0.2, True)], limit=1, names=list(range(12))
    )
    @example(  # ... within a tie but for rounding, the larger last bit on the larger ids
        rows=[(0.22302386529149995, 0.0, True), (0.1, 0.0, True), (0.2230238652915, 0.2, True)],
        limit=1,
        names=list(range(12)),
    )
    def test_ordering_rows_is_sorting_them(
        self,
        rows: list[tuple[float, float, bool]],
        limit: int | None,
        names: list[int],
    ) -> None:
        """``order(rows, limit)`` equals sorting the rows asked for by (−gap, ids), then cutting.

        The obviously correct way: ``sorted`` on ``(-gap, id of p, id of q)``, with gaps equal
        but for rounding (0.22302386529149995 and 0.2230238652915, which rounding to 12
        significant digits split) as one. Partner ids are numbered out of the order of their
        positions, so an order by positions would fail.
        """
        import numpy as np

        from collective_impact.analysis.reinforcement import PartnerGapTable

        ids = tuple(f"p{n:02d}" for n in names)  # position k has id ids[k]
        pairs = [(p, q) for p in range(12) for q in range(12) if ids[p] < ids[q]][: len(rows)]
        rows = rows[: len(pairs)]
        table = PartnerGapTable(
            partner_ids=ids,
            p=np.array([p for p, _ in pairs], dtype=np.int64),
            q=np.array([q for _, q in pairs], dtype=np.int64),
            gap=np.array([g for g, _, _ in rows]),
            share=np.array([g / 2 for g, _, _ in rows]),
            tie_strength=np.array([t for _, t, _ in rows]),
            pairs=np.arange(len(rows), dtype=np.int64),
            ordered=False,
        )
        same = {0.22302386529149995: 0.2230238652915}  # a tie but for rounding

        def size(k: int) -> float:
            return same.get(rows[k][0], rows[k][0])

        asked = [k for k, (_, _, keep) in enumerate(rows) if keep]
        expected = sorted(asked, key=lambda k: (-size(k), ids[pairs[k][0]], ids[pairs[k][1]]))
        expected = expected[: max(limit, 0)] if limit is not None else expected
        got = table.order(np.array(asked, dtype=np.int64), limit=limit)
        assert got.ordered
        assert got.pairs.tolist() == expected  # ``pairs`` numbers the rows here
        assert got.gap.tolist() == [rows[k][0] for k in expected]
        assert got.tie_strength.tolist() == [rows[k][1] for k in expected]
        everything = table.order()
        assert everything.pairs.tolist() == sorted(
            range(len(rows)), key=lambda k: (-size(k), ids[pairs[k][0]], ids[pairs[k][1]])
        )

    @given(
        st.lists(
            st.one_of(
                st.sampled_from([1e-9, 0.1, 0.25, 0.5]),  # ties in the gap are common
                st.floats(min_value=1e-9, max_value=100.0),
            ),
            min_size=128,  # (smaller tables are selected whole: the tests of order)
            max_size=400,
        ),
        st.data(),
    )
    def test_the_kth_largest_is_the_sorted_one(self, values: list[float], data: Any) -> None:
        """The selection narrowed by the maxima of blocks (here of 2 values, so from 128 values
        on, for ``k`` up to half of them) gives the ``k``-th largest of the sorted values, ties
        included."""
        import numpy as np

        from collective_impact.analysis import reinforcement as module

        k = data.draw(st.integers(1, max(1, len(values) // 2)) | st.integers(1, len(values)))
        with pytest.MonkeyPatch.context() as m:
            m.setattr(module, "_KTH_BLOCK", 2)
            found = module._kth_largest(np.array(values), k)
        assert found == sorted(values, reverse=True)[k - 1]

    def test_the_ordered_table_is_the_table_by_pair_sorted(self) -> None:
        """``partner_gap_table`` lists the rows of ``partner_gaps_by_pair``, largest gap first.

        Four partners on one indicator, no ties, contributions 0.8, 0.8, 0.5 and 0.5 (one
        activity each): every pair's gap is its whole reinforcement, the product of the two
        contributions: 0.64 for p–q, 0.4 for each of the four pairs across, 0.25 for r–s.
        """
        init = Initiative(
            name="Four",
            partners=partners("s", "r", "q", "p"),
            goals=[Goal(id="g", statement="G", indicators=["i"])],
            indicators=indicators("i"),
            activities=[
                Activity(id=f"a{x}", name=x, partners=[x], contributes={"i": c})
                for x, c in (("s", 0.5), ("p", 0.8), ("r", 0.5), ("q", 0.8))
            ],
        )
        res = reinforcement_scores(init)
        assert not res.partner_gaps_by_pair.ordered
        assert res.partner_gap_table.ordered
        assert res.partner_gap_table is res.partner_gap_table  # sorted once
        listed = [(g.p, g.q, round(g.gap, 12)) for g in res.partner_gaps]
        assert listed == [
            ("p", "q", 0.64),
            ("p", "r", 0.4),
            ("p", "s", 0.4),
            ("q", "r", 0.4),
            ("q", "s", 0.4),
            ("r", "s", 0.25),
        ]
        by_pair = res.partner_gaps_by_pair
        assert sorted(zip(by_pair.p.tolist(), by_pair.q.tolist(), strict=True)) == sorted(
            zip(res.partner_gap_table.p.tolist(), res.partner_gap_table.q.tolist(), strict=True)
        )

    @pytest.mark.parametrize("seed", range(3))
    def test_rank_among_is_searchsorted(self, seed: int) -> None:
        import numpy as np

        from collective_impact.analysis.reinforcement import _rank_among

        rng = np.random.default_rng(seed)
        ordered = np.sort(rng.integers(0, 10**6, 50_000))
        queries = rng.integers(0, 10**6 + 10, 20_000)
        queries[:100] = ordered[:100]  # ties go before the equal values
        assert _rank_among(ordered, queries).tolist() == np.searchsorted(ordered, queries).tolist()

    @pytest.mark.parametrize("seed", range(3))
    def test_sample_reads_rows_in_runs_exactly(self, seed: int) -> None:
        import numpy as np
        import scipy.sparse as sp

        from collective_impact.analysis._arrays import sample

        rng = np.random.default_rng(seed)
        m = sp.random_array((300, 200), density=0.05, random_state=seed, format="csr")
        rows = np.repeat(rng.integers(0, 300, 400), 25)  # runs: the dense-row path
        cols = rng.integers(0, 200, rows.size)
        expected = np.asarray(m[rows, cols]).reshape(-1)
        assert sample(m, rows, cols).tolist() == expected.tolist()
        shuffled = rng.permutation(rows.size)  # no runs: one search per lookup
        got = sample(m, rows[shuffled], cols[shuffled])
        assert got.tolist() == expected[shuffled].tolist()

    @given(initiatives(), configs)
    def test_leaving_a_label_dimension_out_of_the_join_changes_nothing(
        self, init: Initiative, config: ScoringConfig
    ) -> None:
        """Very large label sets (deep nesting) are left out of the candidate join."""
        import numpy as np

        from collective_impact.analysis import reinforcement as engine

        joined = reinforcement_scores(init, config=config)
        old = engine._MAX_SET_TOKENS
        engine._MAX_SET_TOKENS = -1.0  # every dimension left out
        try:
            loose = reinforcement_scores(init, config=config)
        finally:
            engine._MAX_SET_TOKENS = old
        for name in (*engine._PAIR_COLUMNS, "coordination"):
            np.testing.assert_array_equal(getattr(joined.pairs, name), getattr(loose.pairs, name))
        assert joined.index == loose.index

    @given(initiatives(max_partners=8, max_activities=14), configs, st.integers(0, 2**32 - 1))
    def test_coordination_of_any_pairs_in_any_order(
        self, init: Initiative, config: ScoringConfig, seed: int
    ) -> None:
        """Coordination by its definition: a shared partner, else the strongest link."""
        import numpy as np

        from collective_impact.analysis._arrays import build_arrays
        from collective_impact.analysis.reinforcement import coordination

        arrays = build_arrays(init)
        n = len(arrays.activity_ids)
        assume(n >= 1)
        rng = np.random.default_rng(seed)  # enough pairs for the grouped path
        a, b = rng.integers(0, n, 2000), rng.integers(0, n, 2000)
        links = arrays.tie_strength.maximum(
            config.working_group_coordination * arrays.co_members
        ).toarray()
        table = arrays.partner_sets
        members = [table.members[[s]].indices.tolist() for s in table.of.tolist()]
        reach = [any(arrays.tied_to_backbone[p] for p in ps) for ps in members]
        floor = config.brokered_coordination if arrays.backbone >= 0 else 0.0
        expected = [
            1.0
            if set(members[x]) & set(members[y])
            else max(
                max(links[p, q] for p in members[x] for q in members[y]),
                floor * (reach[x] and reach[y]),
            )
            for x, y in zip(a.tolist(), b.tolist(), strict=True)
        ]
        assert coordination(arrays, config, a, b).tolist() == expected
        order = np.argsort(a, kind="stable")  # long runs of a first activity: no regrouping
        assert coordination(arrays, config, a[order], b[order]).tolist() == [
            expected[i] for i in order.tolist()
        ]


class TestEffectsThatCancelOnPaper:
    """An activity's direct effect on an indicator cancelled by its effect along a pathway:
    0.3 directly and 0.75 × 0.5 × 0.8 = 0.3 the other way through ``u → v``. In floating point
    the two left ±5.6e-17, whose sign made the activity harmful and in conflict (help 0.3, harm
    through u), or the only reinforcement of the initiative: an alignment index of 0.8 instead
    of undefined. Found by a reviewer of signs and directions."""

    @staticmethod
    def initiative(direct: float, upstream: float, *, cycle: bool = False) -> Initiative:
        """``x`` (lead p) contributes ``direct`` to the agenda indicator v and ``upstream`` to
        u, which drives v at 0.8 (λ = 0.5); ``y`` (lead q) helps v by 0.8. ``cycle``: an
        unrelated ring a ⇄ b, so that the total effects are solved by the LU branch."""
        ring = [
            Indicator(id="a", name="A", drives={"b": 0.5}),
            Indicator(id="b", name="B", drives={"a": 0.5}),
        ]
        return Initiative(
            name="Cancel",
            partners=[
                Partner(id="p", name="P", sector="nonprofit"),
                Partner(id="q", name="Q", sector="business"),
            ],
            goals=[Goal(id="g", statement="G", indicators=["v"])],
            indicators=[
                Indicator(id="u", name="U", drives={"v": 0.8}),
                Indicator(id="v", name="V"),
                *(ring if cycle else []),
            ],
            activities=[
                Activity(
                    id="x", name="X", partners=["p"], contributes={"v": direct, "u": upstream}
                ),
                Activity(id="y", name="Y", partners=["q"], contributes={"v": 0.8}),
            ],
            ties=[Tie(source="p", target="q", strength=0.8)],
        )

    @pytest.mark.parametrize("cycle", [False, True])
    @pytest.mark.parametrize(("direct", "upstream"), [(0.3, -0.75), (-0.3, 0.75), (0.2, -0.5)])
    def test_the_total_effect_is_zero(self, direct: float, upstream: float, cycle: bool) -> None:
        """0.3 - 0.75 * 0.5 * 0.8 is -5.55e-17 in floating point (0.2 - 0.5 * 0.5 * 0.8 is 0
        exactly: the control); every total effect of x on v is 0, as on paper."""
        init = self.initiative(direct, upstream, cycle=cycle)
        scores = ci.reinforcement_scores(init)
        arrays = scores._arrays
        total = scores.total_contributions.toarray()
        assert total[arrays.activity_pos["x"], arrays.indicator_pos["v"]] == 0.0
        assert total[arrays.activity_pos["x"], arrays.indicator_pos["u"]] == upstream
        pair = scores.pair("x", "y")
        assert pair["conflict"] == pair["reinforcement"] == pair["interdependence"] == 0.0
        result = ci.assess(init)
        assert result.alignment.index is None
        assert result.scores.mutually_reinforcing_activities == 0.0
        codes = {g.code for g in result.gaps}
        assert not codes & {"harmful-activity", "conflicting-activities"}
        assert "no-shared-work" in codes

    def test_the_activity_is_not_told_to_link_to_a_goal(self) -> None:
        """x lists the agenda indicator v: "contributes to no indicator of the common agenda;
        link it to a goal" told it to do what it does; its effects cancel instead."""
        gap = ci.assess(self.initiative(0.2, -0.5)).gaps_by(code="off-agenda-activity")[0]
        assert gap.message == (
            "Activity 'x' (X) has no effect on the common agenda on balance: its direct effects "
            "on agenda indicators are cancelled by its effects along pathways; change one or the "
            "other."
        )
        plain = ci.assess(self.initiative(0.0 + 1e-3, 0.0 + 1e-3).evolve(goals=[]))
        assert all("cancelled" not in g.message for g in plain.gaps)

    @pytest.mark.parametrize("cycle", [False, True])
    @pytest.mark.parametrize("net", [1e-13, -1e-13])
    def test_a_genuine_small_net_effect_is_kept(self, net: float, cycle: bool) -> None:
        """1.2e-12 directly and 1.1e-12 the other way along the pathway net 1e-13: a real
        effect, 4% of its terms, not rounding (a first version of the rule took the activity's
        largest contribution as the scale and erased it; found by a reviewer)."""
        direct = 1.2e-12 if net > 0 else -1.2e-12
        init = self.initiative(direct, -direct / 0.4 * 1.1 / 1.2, cycle=cycle)
        x, y = init.activities
        init = init.evolve(  # x's largest contribution, 1, on an indicator of its own
            indicators=[*init.indicators, Indicator(id="w", name="W")],
            activities=[attrs.evolve(x, contributes={**x.contributes, "w": 1.0}), y],
        )
        scores = ci.reinforcement_scores(init)
        arrays = scores._arrays
        total = scores.total_contributions.toarray()
        found = total[arrays.activity_pos["x"], arrays.indicator_pos["v"]]
        assert found == pytest.approx(net, rel=1e-6, abs=0.0)


class TestHelpThatConflictCancelsOnPaper:
    """Joint help cancelled by conflict on paper: ``a`` (lead p) helps i, j and k by 0.1, 0.2
    and 0.3; ``b`` (lead q) helps i and j by 1 and harms k by 1; one goal lists the three
    (:math:`g = 1` each), the populations and places are unspecified (:math:`o = 1`).

    :math:`d = 0.1 \\cdot 1 + 0.2 \\cdot 1 = 0.30000000000000004` in floating point and
    :math:`\\operatorname{conflict} = 0.3 \\cdot 1 = 0.3`, so :math:`d - \\operatorname{conflict}`
    left :math:`5.6 \\cdot 10^{-17}`: the pair "reinforced", the alignment index was 0 instead
    of undefined, and a critical ``uncoordinated-interdependence`` gap (share 1 of a
    reinforcement of 5.6e-17) asked p and q to coordinate. On paper :math:`R = 0`. Found by the
    reference of the phase, where the same rounding decided phase III against II."""

    @staticmethod
    def initiative(first: float, second: float) -> Initiative:
        """``a`` helps i by ``first`` and j by ``second``, and k by 0.3, which ``b`` harms."""
        return Initiative(
            name="Cancel",
            partners=partners("p", "q"),
            goals=[Goal(id="g", statement="G", indicators=["i", "j", "k"])],
            indicators=indicators("i", "j", "k"),
            activities=[
                Activity(
                    id="a",
                    name="A",
                    partners=["p"],
                    contributes={"i": first, "j": second, "k": 0.3},
                ),
                Activity(
                    id="b", name="B", partners=["q"], contributes={"i": 1.0, "j": 1.0, "k": -1.0}
                ),
            ],
        )

    @pytest.mark.parametrize(("first", "second"), [(0.1, 0.2), (0.15, 0.15)])
    def test_the_pair_reinforces_nothing(self, first: float, second: float) -> None:
        """0.1 + 0.2 against 0.3 and the control 0.15 + 0.15 (exact): R = 0 both ways, the
        index undefined, no coordination gap and no tie recommended; the conflict stays."""
        init = self.initiative(first, second)
        pair = ci.reinforcement_scores(init).pair("a", "b")
        assert pair["interdependence"] >= pair["conflict"] == 0.3
        assert pair["reinforcement"] == 0.0
        result = ci.assess(init)
        assert result.alignment.index is None
        assert result.alignment.total_reinforcement == 0.0
        assert result.scores.mutually_reinforcing_activities == 0.0
        assert result.recommendations == ()
        codes = {g.code for g in result.gaps}
        assert "uncoordinated-interdependence" not in codes
        assert "conflicting-activities" in codes

    def test_a_genuine_small_net_reinforces(self) -> None:
        """Help 0.3 + 1e-6 against a conflict of 0.3: a real net of 1e-6 (3e-6 of the terms),
        kept: R = d - conflict."""
        init = self.initiative(0.1, 0.2 + 1e-6)
        pair = ci.reinforcement_scores(init).pair("a", "b")
        assert pair["reinforcement"] == pair["interdependence"] - pair["conflict"] > 0
        assert pair["reinforcement"] == pytest.approx(1e-6, rel=1e-9)

    def test_the_same_cancellation_far_below_the_unit_scale(self) -> None:
        """Contributions of 1e-158 (help 0.7 and 0.1, 0.8 that b harms, times 1e-158): the
        products are subnormal (1e-316), where rounding is absolute, and 1e-9 of their scale
        underflowed to 0, so the cancellation left R = 5e-324: an index of 0, a critical
        coordination gap and a recommended tie, none of which the same pair at unit scale has.
        A net below the smallest normal double is 0 (found by a reviewer)."""
        s = 1e-158
        a, b = self.initiative(0.1, 0.2).activities
        init = self.initiative(0.1, 0.2).evolve(
            activities=[
                attrs.evolve(a, contributes={"i": 0.7 * s, "j": 0.1 * s, "k": 0.8 * s}),
                attrs.evolve(b, contributes={"i": s, "j": s, "k": -s}),
            ]
        )
        pair = ci.reinforcement_scores(init).pair("a", "b")
        assert 0 < pair["conflict"] <= pair["interdependence"] < 1e-300
        assert pair["reinforcement"] == 0.0
        result = ci.assess(init)
        assert result.alignment.index is None
        assert not result.gaps_by(code="uncoordinated-interdependence")
        assert result.recommendations == ()

    def test_tiny_values_of_one_sign_are_kept(self) -> None:
        """The floor at the smallest normal double is for nets that terms of both signs leave:
        two partners each helping i by 1e-155 (no conflict) have d = R = 1e-310, an index of
        0.5 (tied at 0.5) and no coverage gap; one activity helping i by 1e-310 covers it.
        A first version floored every net, and made both uncovered, the index undefined and
        the goal a critical gap (found by a reviewer)."""
        s = 1e-155
        a, b = self.initiative(0.1, 0.2).activities
        pair_init = self.initiative(0.1, 0.2).evolve(
            goals=[Goal(id="g", statement="G", indicators=["i"])],
            activities=[
                attrs.evolve(a, contributes={"i": s}),
                attrs.evolve(b, contributes={"i": s}),
            ],
            ties=[Tie(source="p", target="q", strength=0.5)],
        )
        pair = ci.reinforcement_scores(pair_init).pair("a", "b")
        assert pair["conflict"] == 0.0
        assert pair["reinforcement"] == pair["interdependence"] > 0
        result = ci.assess(pair_init)
        assert result.alignment.index == pytest.approx(0.5, rel=1e-9)  # subnormal: 0.50000000000002
        assert not result.gaps_by(code="uncovered-indicator")
        alone = pair_init.evolve(activities=[attrs.evolve(a, contributes={"i": 1e-310})])
        codes = {g.code for g in ci.assess(alone).gaps}
        assert not codes & {"uncovered-indicator", "uncovered-goal"}


class TestJointHarmCancelsJointHelp:
    """Joint harm takes from a pair's joint help as conflict does: ``R = max(0, d - conflict -
    h) (1 - r)``, the pair's net joint work on the agenda. It was ``max(0, d - conflict)
    (1 - r)``: harm done together left the help
    whole, and one activity's harm alongside another's scored better than its help against
    it (``test_conditions.py``, ``TestMutuallyReinforcingActivities``)."""

    @staticmethod
    def initiative(first: float, second: float) -> Initiative:
        """``a`` (lead p) helps i by ``first`` and j by ``second`` and harms k by 0.3; ``b``
        (lead q) helps i and j by 1 and harms k by 1; one goal of the three (g = 1 each),
        no populations or places (o = 1): d = first + second, h = 0.3 · 1 = 0.3."""
        return Initiative(
            name="Joint harm",
            partners=partners("p", "q"),
            goals=[Goal(id="g", statement="G", indicators=["i", "j", "k"])],
            indicators=indicators("i", "j", "k"),
            activities=[
                Activity(
                    id="a",
                    name="A",
                    partners=["p"],
                    contributes={"i": first, "j": second, "k": -0.3},
                ),
                Activity(
                    id="b", name="B", partners=["q"], contributes={"i": 1.0, "j": 1.0, "k": -1.0}
                ),
            ],
            ties=[Tie(source="p", target="q", strength=0.5)],
        )

    def test_help_conflict_and_joint_harm_by_hand(self) -> None:
        """``a`` helps i by 0.8, harms j by 0.5 and helps k by 0.5; ``b`` helps i by 0.8,
        harms j by 0.2 and k by 0.4. d = 0.8 · 0.8 = 0.64 (i), conflict = 0.5 · 0.4 = 0.2 (k),
        h = 0.5 · 0.2 = 0.1 (j): R = 0.64 - 0.2 - 0.1 = 0.34 (0.44 when joint harm was left
        out), k = 0.5, index 0.5, score 0.34 · 0.5 / (0.64 + 0.2 + 0.1) = 0.1809."""
        a, b = self.initiative(0.1, 0.2).activities
        init = self.initiative(0.1, 0.2).evolve(
            activities=[
                attrs.evolve(a, contributes={"i": 0.8, "j": -0.5, "k": 0.5}),
                attrs.evolve(b, contributes={"i": 0.8, "j": -0.2, "k": -0.4}),
            ]
        )
        pair = ci.reinforcement_scores(init).pair("a", "b")
        assert pair == pytest.approx(
            scores(0.64, conflict=0.2, harm=0.1, reinforcement=0.34, k=0.5), rel=REL
        )
        result = ci.assess(init)
        assert result.alignment.index == pytest.approx(0.5, rel=REL)
        assert result.alignment.total_reinforcement == pytest.approx(0.34, rel=REL)
        assert result.scores.mutually_reinforcing_activities == pytest.approx(
            0.34 * 0.5 / 0.94, rel=REL
        )

    @pytest.mark.parametrize(("first", "second"), [(0.1, 0.2), (0.15, 0.15)])
    def test_help_that_joint_harm_cancels_on_paper_reinforces_nothing(
        self, first: float, second: float
    ) -> None:
        """d = 0.1 + 0.2 = 0.30000000000000004 in floating point against h = 0.3: the net
        5.6e-17 is within 1e-9 of d + h, so R = 0, as for conflict; 0.15 + 0.15 exactly 0.
        The index is undefined, no coordination gap, no tie recommended, score 0."""
        init = self.initiative(first, second)
        pair = ci.reinforcement_scores(init).pair("a", "b")
        assert pair["interdependence"] >= pair["joint_harm"] == 0.3
        assert pair["conflict"] == 0.0
        assert pair["reinforcement"] == 0.0
        result = ci.assess(init)
        assert result.alignment.index is None
        assert result.alignment.total_reinforcement == 0.0
        assert result.scores.mutually_reinforcing_activities == 0.0
        assert result.recommendations == ()
        assert not result.gaps_by(code="uncoordinated-interdependence")

    def test_a_genuine_small_net_reinforces(self) -> None:
        """Help 0.3 + 1e-6 against a joint harm of 0.3: a real net of 1e-6, kept: R = d - h."""
        init = self.initiative(0.1, 0.2 + 1e-6)
        pair = ci.reinforcement_scores(init).pair("a", "b")
        assert pair["reinforcement"] == pair["interdependence"] - pair["joint_harm"] > 0
        assert pair["reinforcement"] == pytest.approx(1e-6, rel=1e-9)


class TestThePublicScoresAreTheAssessments:
    """``ci.reinforcement_scores(initiative)`` scored every activity, whatever its dates, in the
    order of the lists: for cradle-to-career an index of 0.6001 (26 activities) where ``assess``
    reports 0.5660 (the 22 running), and shuffled lists moved its last bits (found by a
    reviewer). It scores what ``assess`` reports now."""

    def test_equals_assess(self) -> None:
        init = ci.load_example("cradle-to-career")
        scores = ci.reinforcement_scores(init)
        result = ci.assess(init)
        assert scores.index == result.alignment.index
        assert len(scores.activity_ids) == len(result.analysed.activities) == 22
        assert scores.activity_ids == tuple(sorted(scores.activity_ids))
        assert reinforcement_scores(init).index == pytest.approx(0.6001, abs=5e-5)  # every one

    def test_order_and_dates(self) -> None:
        init = ci.load_example("cradle-to-career")
        shuffled = init.evolve(
            partners=init.partners[::-1],
            activities=init.activities[::-1],
            ties=init.ties[::-1],
            indicators=init.indicators[::-1],
        )
        a, b = ci.reinforcement_scores(init), ci.reinforcement_scores(shuffled)
        assert (a.index, a.total_reinforcement) == (b.index, b.total_reinforcement)
        assert a.pairs.reinforcement.tolist() == b.pairs.reinforcement.tolist()
        earlier = ci.reinforcement_scores(init, as_of=dt.date(2023, 1, 1))
        assert earlier.index == ci.assess(init, as_of=dt.date(2023, 1, 1)).alignment.index
        with pytest.raises(ci.ArgumentValueError, match="pass as_of to prepare"):
            ci.reinforcement_scores(ci.prepare(init), as_of=dt.date(2023, 1, 1))


def test_a_pair_of_an_activity_with_itself_is_refused() -> None:
    """``pair("reading-tutoring", "reading-tutoring")`` returned zeros and a coordination of
    1.0, as if an activity were a pair with itself: it is refused, naming the id."""
    result = ci.assess(ci.load_example("cradle-to-career")).reinforcement
    with pytest.raises(ci.ArgumentValueError) as info:
        result.pair("reading-tutoring", "reading-tutoring")
    assert str(info.value) == (
        "a pair is of two activities, got 'reading-tutoring' twice: give two different ids"
    )
    assert isinstance(info.value, ValueError)
    # an id the initiative does not have is unknown first, then not a pair
    with pytest.raises(ci.UnknownIdError):
        result.pair("nope", "nope")
    assert result.pair("reading-tutoring", "club-reading-tutoring")["redundancy"] > 0
