"""The gaps of ``assess`` against ``tests/reference_gaps.py``, restated from the docs alone.

For every gap code but ``off-track-indicator`` and ``widening-disparity``, the set of keys the
engine reports is the reference's, and each gap's severity, subjects and evidence (floats to
1e-9, counts exactly) are the reference's: on the bundled examples, synthetic initiatives,
generated ones (as generated, with every activity running, and crowded ones of a few partners,
indicators, strategies and labels, where duplication, conflict and coordination gaps are common)
under drawn configurations, and a few small cases worked by hand.
"""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Partner, Tie, synth
from collective_impact.strategies import dates, initiatives
from conftest import examples
from draws import NEAR_THE_BOUND, as_of_arguments, cyclic
from reference_gaps import LEFT_OUT, RefGap, reference_gaps

TOL = 1e-9

#: Evidence keys that count something: compared exactly.
COUNTS = {
    "activities",
    "partners",
    "pairs",
    "uncoordinated_pairs",
    "brokered_pairs",
    "assumed_overlap_pairs",
    "indicators",
    "agenda_indicators",
    "contributions",
    "aligned_activities",
    "observations",
    "indicators_harmed",
    "cancelled",
    "lead_partners",
    "agenda_activities",
    "covered_upstream",
    "covered_downstream",
    "ties",
    "components",
    "largest_component",
    "partners_outside",
    "components_without",
    "partners_cut_off",
    "partners_in_sector",
    "champions",
    "has_baseline",
    "has_target",
    "days_since_observation",
    "level",
}


def check_gaps(
    init: Initiative, config: ci.ScoringConfig | None = None, as_of: dt.date | None = None
) -> dict[str, RefGap]:
    """The engine's gaps of ``init`` (but :data:`LEFT_OUT`) are the reference's, field by field;
    with ``as_of``, ``assess(init, as_of=...)`` against the reference of the initiative that
    states that date."""
    try:
        expected = reference_gaps(init if as_of is None else init.evolve(as_of=as_of), config)
    except ValueError:  # the pathway series does not converge: assess refuses it too
        with pytest.raises(ci.PathwayError):
            ci.assess(init, config=config, as_of=as_of)
        return {}
    result = ci.assess(init, config=config, as_of=as_of)
    engine = {g.key: g for g in result.gaps if g.code not in LEFT_OUT}
    assert {(g.code, k) for k, g in engine.items()} == {(g.code, k) for k, g in expected.items()}
    for k, want in expected.items():
        got = engine[k]
        assert got.severity.value == want.severity, k
        assert tuple(got.subjects) == want.subjects, k
        assert dict(got.evidence).keys() == want.evidence.keys(), k
        for name, value in want.evidence.items():
            if name in COUNTS:
                assert got.evidence[name] == value, (k, name)
            else:
                assert got.evidence[name] == pytest.approx(value, rel=TOL, abs=TOL), (k, name)
    return expected


configs = st.builds(
    ci.ScoringConfig,
    pathway_weight=st.sampled_from([0.5, 0.0, 0.9]),
    # 0.1 + 0.2 is 0.30000000000000004: the generated ties of 0.3 are at least as strong
    weak_tie=st.sampled_from([0.3, 0.1 + 0.2, 0.6, 1.0]),
    duplication_threshold=st.sampled_from([0.8, 0.5, 1.0]),
    conflict_warning_share=st.sampled_from([0.5, 0.0, 1.0]),
    gap_share_threshold=st.sampled_from([0.02, 0.0]),
    critical_gap_share=st.sampled_from([0.1, 0.3, 0.02]),
    working_group_coordination=st.sampled_from([0.6, 0.2]),
    brokered_coordination=st.sampled_from([0.3, 0.0, 0.5]),
    unspecified_overlap=st.sampled_from([1.0, 0.5, 0.0]),
    min_funding_years=st.sampled_from([2.0, 0.0, 5.0]),
    stale_after_days=st.sampled_from([730.0, 90.0]),
    stale_after_periods=st.sampled_from([2.0, 0.5]),
)


def _all_running(init: Initiative) -> Initiative:
    """Every activity without a start or an end: all of them run, whatever the date."""
    return init.evolve(activities=[attrs.evolve(a, start=None, end=None) for a in init.activities])


@st.composite
def crowded(draw: st.DrawFn) -> Initiative:
    """A few partners, indicators on one or two goals, strategies and labels: activities that
    duplicate, conflict and reinforce one another, ties weak and strong, sometimes a backbone,
    reports by some partners."""
    # ids with the characters a key escapes, and two whose order escaping would change
    pool = ["p", "q", "r+s", "t(", "t&", "Smith, Jones", "x=1", "50%"]
    partner_ids = draw(st.lists(st.sampled_from(pool), min_size=2, max_size=4, unique=True))
    indicator_ids = ["i", "j", "k"]
    drives = draw(st.sampled_from([{}, {"i": {"j": 0.8}}, {"i": {"k": 0.5}, "j": {"k": 1.0}}]))
    day = dt.date(2024, 6, 1)
    reporters = draw(st.lists(st.sampled_from(partner_ids), unique=True, max_size=2))
    indicators = [
        Indicator(
            id=i,
            name=i,
            drives=drives.get(i, {}),
            observations=[ci.Observation(date=day, value=1.0, reported_by=p) for p in reporters]
            if i == "i"
            else [],
        )
        for i in indicator_ids
    ]
    goals = [Goal(id="g", statement="G", indicators=draw(st.sampled_from([["i"], ["i", "j"]])))]
    if draw(st.booleans()):
        goals.append(Goal(id="h", statement="H", indicators=["k"], weight=2.0))
    # 0.1, 0.2 and 0.3 (0.1 + 0.2 against 0.3 cancels on paper only) and 1.0, -1.0: help and
    # conflict that cancel are drawn too
    values = st.sampled_from([0.8, 0.5, 0.4, 1.0, -0.4, -0.5, 0.1, 0.2, 0.3, -1.0])
    labels = st.sampled_from([[], ["x"], ["x"], ["x", "y"]])
    # the indicators worked on directly: the others are reached through pathways, or not at all
    worked = draw(st.lists(st.sampled_from(indicator_ids), min_size=1, unique=True))
    activities = [
        Activity(
            id=f"a{n}" + draw(st.sampled_from(["", "", "+b", "(", "&", "%2B"])),
            name=f"A{n}",
            partners=draw(
                st.lists(
                    st.sampled_from(partner_ids),
                    min_size=1,
                    max_size=draw(st.sampled_from([1, 1, 1, 2])),
                    unique=True,
                )
            ),
            strategy=draw(st.sampled_from(["tutoring", "tutoring", "mentoring", None])),
            contributes=draw(
                st.dictionaries(st.sampled_from(worked), values, min_size=1, max_size=3)
            ),
            populations=draw(labels),
            places=draw(labels),
        )
        for n in range(draw(st.integers(2, 7)))
    ]
    pairs = [(a, b) for a in partner_ids for b in partner_ids if a < b]
    ties = [
        Tie(source=a, target=b, strength=draw(st.sampled_from([0.1, 0.2, 0.3, 0.8, 1.0])))
        for a, b in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    ]
    groups = []
    if draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(partner_ids), unique=True, max_size=3))
        groups.append(ci.WorkingGroup(id="w", name="W", members=members))
    backbone = None
    if draw(st.booleans()):
        backbone = ci.Backbone(organization=draw(st.sampled_from(partner_ids)))
    return Initiative(
        name="Crowded",
        as_of=dt.date(2025, 1, 1),
        partners=[Partner(id=p, name=p.upper(), sector="nonprofit") for p in partner_ids],
        goals=goals,
        indicators=indicators,
        activities=activities,
        ties=ties,
        working_groups=groups,
        backbone=backbone,
    )


class TestGapsAgainstReference:
    @pytest.mark.parametrize("name", ci.list_examples())
    def test_examples(self, name: str) -> None:
        """The bundled examples: every gap (but the measurement status and disparity ones)."""
        check_gaps(ci.load_example(name))

    @pytest.mark.parametrize("seed", range(3))
    def test_synthetic(self, seed: int) -> None:
        """Synthetic initiatives of 12 partners and 30 activities."""
        check_gaps(synth.generate(seed=seed, partners=12, activities=30, indicators=6, ties=20))

    @given(initiatives(), st.one_of(st.none(), configs))
    def test_generated(self, init: Initiative, config: ci.ScoringConfig | None) -> None:
        """Generated initiatives (every feature; activities that have ended or not started,
        no backbone, no date), under the default or a drawn configuration."""
        check_gaps(init, config)

    @settings(max_examples=examples(160), deadline=None)
    @given(initiatives().map(_all_running), st.one_of(st.none(), configs))
    def test_generated_running(self, init: Initiative, config: ci.ScoringConfig | None) -> None:
        """Generated initiatives whose activities all run: more pairs of activities meet."""
        check_gaps(init, config)

    @given(initiatives(), dates(min_value=dt.date(2020, 1, 1)))
    def test_generated_as_of_argument(self, init: Initiative, as_of: dt.date) -> None:
        """A date of judgement given to ``assess``: the gaps of the initiative as it runs and
        is measured on that date (a date before every measurement is refused by both)."""
        measured = [o.date for i in init.indicators for o in i.observations]
        measured += [i.baseline.date for i in init.indicators if i.baseline is not None]
        assume(not measured or as_of >= min(measured))
        check_gaps(init, as_of=as_of)

    @settings(max_examples=examples(160), deadline=None)
    @given(crowded(), st.one_of(st.none(), configs))
    def test_crowded(self, init: Initiative, config: ci.ScoringConfig | None) -> None:
        """Crowded initiatives: duplication clusters, conflict and coordination gaps."""
        check_gaps(init, config)


class TestGapsUndrawnByTheSharedStrategy:
    """Cyclic pathways (near the bound too), up to 12 indicators and an ``as_of`` argument on,
    next to or between the initiative's dates."""

    @given(st.one_of(st.none(), configs).flatmap(lambda config: cyclic(config=config)))
    def test_cyclic_pathways(self, case: tuple[Initiative, ci.ScoringConfig]) -> None:
        check_gaps(*case)

    @given(cyclic(band=NEAR_THE_BOUND, base=initiatives(max_indicators=12).map(_all_running)))
    def test_cyclic_pathways_near_the_bound(
        self, case: tuple[Initiative, ci.ScoringConfig]
    ) -> None:
        check_gaps(*case)

    @given(cyclic(diverging=True))
    def test_cyclic_pathways_that_diverge(self, case: tuple[Initiative, ci.ScoringConfig]) -> None:
        init, config = case
        with pytest.raises(ValueError, match="does not converge"):
            reference_gaps(init, config)
        with pytest.raises(ci.PathwayError):
            ci.assess(init, config=config)

    @given(initiatives(max_indicators=12), st.one_of(st.none(), configs))
    def test_up_to_twelve_indicators(
        self, init: Initiative, config: ci.ScoringConfig | None
    ) -> None:
        check_gaps(init, config)

    @given(initiatives(), st.data())
    def test_as_of_argument(self, init: Initiative, data: st.DataObject) -> None:
        check_gaps(init, as_of=data.draw(as_of_arguments(init)))

    @given(st.one_of(st.none(), configs).flatmap(lambda config: cyclic(config=config)), st.data())
    def test_cyclic_pathways_as_of_argument(
        self, case: tuple[Initiative, ci.ScoringConfig], data: st.DataObject
    ) -> None:
        init, config = case
        check_gaps(init, config, as_of=data.draw(as_of_arguments(init)))


def _partners(*ids: str) -> list[Partner]:
    return [Partner(id=p, name=p.upper(), sector="nonprofit") for p in ids]


def _act(id: str, lead: str, strategy: str | None = None, **contributes: float) -> Activity:
    return Activity(
        id=id, name=id.upper(), partners=[lead], strategy=strategy, contributes=contributes
    )


def _one_goal(*indicators: str) -> dict[str, list]:
    return {
        "goals": [Goal(id="g", statement="G", indicators=list(indicators))],
        "indicators": [Indicator(id=i, name=i.upper()) for i in indicators],
    }


class TestWorkedByHand:
    @pytest.mark.parametrize(
        ("tie", "severity", "brokered"), [(0.0, "warning", 1), (0.3, "info", 0)]
    )
    def test_duplication_coordinated_only_through_the_backbone(
        self, tie: float, severity: str, brokered: int
    ) -> None:
        """x (p) and y (q), one strategy, i 0.8 and j 0.2 / 0.4 on one goal: r = 0.72 /
        (√0.68 · √0.8) = 0.976, a duplication. p and q each tied to the backbone b: k = 0.3,
        brokered. Their own coordination is their tie: none, a warning coordinated only
        through the backbone (brokered_pairs 1); a tie of 0.3, a note."""
        ties = [Tie(source="p", target="b"), Tie(source="q", target="b")]
        if tie:
            ties.append(Tie(source="p", target="q", strength=tie))
        init = Initiative(
            name="Brokered",
            partners=_partners("b", "p", "q"),
            **_one_goal("i", "j"),
            activities=[
                _act("x", "p", "tutoring", i=0.8, j=0.2),
                _act("y", "q", "tutoring", i=0.8, j=0.4),
            ],
            ties=ties,
            backbone=ci.Backbone(organization="b"),
        )
        gap = check_gaps(init)["duplication(activities=x+y)"]
        assert gap.severity == severity
        assert gap.evidence["brokered_pairs"] == brokered
        assert gap.evidence["coordination"] == pytest.approx(0.3)

    def test_duplication_with_the_backbone_as_a_partner_is_not_brokered(self) -> None:
        """x (b, the backbone) and y (q), one strategy, i 0.8 and j 0.2 / 0.4 on one goal:
        r = 0.976, a duplication. q is tied to b at 0.2: rule 4 reads b as reaching itself, so
        k = max(0.2, 0.3) = 0.3, but no one stands between b and q. Their own coordination is
        the tie, 0.2 < 0.3: a warning, 1 uncoordinated pair, 0 brokered (it was 1)."""
        init = Initiative(
            name="Backbone's own",
            partners=_partners("b", "q"),
            **_one_goal("i", "j"),
            activities=[
                _act("x", "b", "tutoring", i=0.8, j=0.2),
                _act("y", "q", "tutoring", i=0.8, j=0.4),
            ],
            ties=[Tie(source="q", target="b", strength=0.2)],
            backbone=ci.Backbone(organization="b"),
        )
        gap = check_gaps(init)["duplication(activities=x+y)"]
        assert gap.severity == "warning"
        assert gap.evidence["uncoordinated_pairs"] == 1
        assert gap.evidence["brokered_pairs"] == 0
        assert gap.evidence["coordination"] == pytest.approx(0.3)

    def test_uncoordinated_interdependence_shares(self) -> None:
        """Three partners on one indicator of goal weight 1, no populations or places (o = 1):
        a (p) 0.8, b (q) 0.5, c (r) 0.5; r is the backbone, tied to p (1.0) and q (0.2).

        Pairs: a-b d = R = 0.4, k = 0.3 (both reach the backbone: brokered);
        a-c d = R = 0.4, k = 1.0 (tie); b-c d = R = 0.25, k = max(0.2, 0.3) = 0.3.
        ΣR = 1.05. G(p, q) = 0.4 x 0.7 = 0.28, share 4/15 = 0.2667; G(q, r) = 0.25 x 0.7 =
        0.175, share 1/6 = 0.1667; G(p, r) = 0. The leads' own coordination: c(p, q) = 0 (the
        brokered 0.3 does not count), c(q, r) = 0.2, both below 0.3: flagged. With
        ``critical_gap_share`` 0.2, (p, q) is critical and (q, r) a warning; every pair's
        overlap is assumed (no labels), so ``assumed_overlap_share`` is 1. The shares add up to
        1 - index = 1 - (0.4 x 0.3 + 0.4 + 0.25 x 0.3) / 1.05 = 0.4333.
        """
        init = Initiative(
            name="Shares",
            partners=_partners("p", "q", "r"),
            **_one_goal("i"),
            activities=[_act("a", "p", i=0.8), _act("b", "q", i=0.5), _act("c", "r", i=0.5)],
            ties=[
                Tie(source="p", target="r", strength=1.0),
                Tie(source="q", target="r", strength=0.2),
            ],
            backbone=ci.Backbone(organization="r"),
        )
        config = ci.ScoringConfig(critical_gap_share=0.2)
        gaps = check_gaps(init, config)
        pq = gaps["uncoordinated-interdependence(partners=p+q)"]
        qr = gaps["uncoordinated-interdependence(partners=q+r)"]
        assert "uncoordinated-interdependence(partners=p+r)" not in gaps
        assert (pq.severity, qr.severity) == ("critical", "warning")
        assert pq.evidence["gap"] == pytest.approx(0.28)
        assert pq.evidence["share"] == pytest.approx(4 / 15)
        assert (pq.evidence["tie_strength"], pq.evidence["coordination"]) == (0.0, 0.0)
        assert qr.evidence["gap"] == pytest.approx(0.175)
        assert qr.evidence["share"] == pytest.approx(1 / 6)
        assert qr.evidence["coordination"] == 0.2
        assert pq.evidence["assumed_overlap_share"] == qr.evidence["assumed_overlap_share"] == 1.0
        index = ci.assess(init, config=config).alignment.index
        assert pq.evidence["share"] + qr.evidence["share"] == pytest.approx(1 - index)

    def test_a_shared_working_group_coordinates_the_leads(self) -> None:
        """The same three partners, p and q in a working group: k(a, b) = 0.6, G(p, q) =
        0.4 x 0.4 = 0.16 is still lost, but c(p, q) = 0.6 is not weak: no gap for (p, q)."""
        init = Initiative(
            name="Group",
            partners=_partners("p", "q", "r"),
            **_one_goal("i"),
            activities=[_act("a", "p", i=0.8), _act("b", "q", i=0.5), _act("c", "r", i=0.5)],
            working_groups=[ci.WorkingGroup(id="w", name="W", members=["p", "q"])],
        )
        gaps = check_gaps(init)
        assert "uncoordinated-interdependence(partners=p+q)" not in gaps
        assert "uncoordinated-interdependence(partners=p+r)" in gaps

    @pytest.mark.parametrize("tied", [False, True])
    def test_duplication_cluster_sums(self, tied: bool) -> None:
        """Three leads with the strategy "tutoring" on two indicators of one goal (o = 1):
        a (p) i 0.8; b (q) i 0.5; c (r) i 0.4, j 0.3.

        r(a, b) = cos = 1; r(a, c) = r(b, c) = 0.4 / 0.5 = 0.8 (at the threshold, up to
        rounding): one cluster {a, b, c} of three pairs. d: 0.4, 0.32, 0.2 (Σ 0.92);
        D = d r: 0.4, 0.256, 0.16 (Σ 0.816). Untied, k = 0 on every pair: a warning with 3
        uncoordinated pairs; tied all round (strength 1), k = 1: info, none uncoordinated.
        """
        ties = [Tie(source=x, target=y) for x, y in (("p", "q"), ("p", "r"), ("q", "r"))]
        init = Initiative(
            name="Cluster",
            partners=_partners("p", "q", "r"),
            **_one_goal("i", "j"),
            activities=[
                _act("a", "p", "tutoring", i=0.8),
                _act("b", "q", "tutoring", i=0.5),
                _act("c", "r", "tutoring", i=0.4, j=0.3),
            ],
            ties=ties if tied else [],
        )
        gap = check_gaps(init)["duplication(activities=a+b+c)"]
        assert gap.severity == ("info" if tied else "warning")
        assert gap.subjects == ("a", "b", "c")
        ev = gap.evidence
        assert (ev["activities"], ev["partners"], ev["pairs"]) == (3, 3, 3)
        assert ev["interdependence"] == pytest.approx(0.92)
        assert ev["duplication"] == pytest.approx(0.816)
        assert ev["redundancy"] == pytest.approx(1.0)
        assert ev["coordination"] == (1.0 if tied else 0.0)
        assert ev["uncoordinated_pairs"] == (0 if tied else 3)
        assert ev["assumed_overlap_pairs"] == 3

    def test_pairs_of_one_lead_do_not_link_a_cluster(self) -> None:
        """a and d, both led by p, duplicate each other exactly, b (q) and e (q) too, on
        another indicator: pairs of one lead are no links, so there is no gap at all."""
        init = Initiative(
            name="One lead",
            partners=_partners("p", "q"),
            **_one_goal("i", "j"),
            activities=[
                _act("a", "p", "tutoring", i=0.8),
                _act("d", "p", "tutoring", i=0.8),
                _act("b", "q", "mentoring", j=0.5),
                _act("e", "q", "mentoring", j=0.5),
            ],
        )
        assert not [k for k in check_gaps(init) if k.startswith("duplication")]

    @pytest.mark.parametrize(("warning_share", "severity"), [(0.5, "warning"), (0.7, "info")])
    def test_conflicting_activities_share(self, warning_share: float, severity: str) -> None:
        """x (p) i -0.5, j 0.5; y (q) i 0.8, j 0.6; z (p, the lead of x too) i 0.4.

        against(x, y) = 0.5 x 0.8 = 0.4, against(x, z) = 0.5 x 0.4 = 0.2: A(x) = 0.6 over two
        activities (z counts, whoever leads it). Joint work: d(x, y) = 0.5 x 0.6 = 0.3,
        conflict(x, y) = 0.4, d(x, z) = 0, conflict(x, z) = 0.2: 0.9. conflict_share = 2/3, a
        warning under 0.5, info under 0.7. y and z push against nothing: no gap of theirs.
        """
        init = Initiative(
            name="Conflict",
            partners=_partners("p", "q"),
            **_one_goal("i", "j"),
            activities=[
                _act("x", "p", i=-0.5, j=0.5),
                _act("y", "q", i=0.8, j=0.6),
                _act("z", "p", i=0.4),
            ],
        )
        config = ci.ScoringConfig(conflict_warning_share=warning_share)
        gaps = check_gaps(init, config)
        assert [k for k in gaps if k.startswith("conflicting")] == [
            "conflicting-activities(pushing=x)"
        ]
        gap = gaps["conflicting-activities(pushing=x)"]
        assert gap.severity == severity
        assert gap.evidence["conflict"] == pytest.approx(0.6)
        assert gap.evidence["activities"] == 2
        assert gap.evidence["conflict_share"] == pytest.approx(2 / 3)
        assert gap.evidence["warning_share"] == warning_share

    def test_no_shared_work_names_a_direct_helper_whose_agenda_effect_cancels(self) -> None:
        """One partner's activity at +0.5 on i and -0.5 on j (both on the agenda): e_a = 0,
        yet it helps an agenda indicator directly, so the gap fires and names p (the table:
        the leads of the activities helping the agenda "directly or through indicator
        pathways"); a second partner's activity off the agenda shares nothing."""
        init = Initiative(
            name="Alone",
            partners=_partners("p", "q"),
            **_one_goal("i", "j"),
            activities=[_act("a", "p", i=0.5, j=-0.5), _act("b", "q")],
        )
        gap = check_gaps(init)["no-shared-work()"]
        assert gap.subjects == ("p",)
        assert gap.evidence == {
            "lead_partners": 1.0,
            "agenda_activities": 1.0,
            "assumed_overlap_activities": 0.0,
            "interdependence": 0.0,
            "conflict": 0.0,
            "joint_harm": 0.0,
            "duplication": 0.0,
        }

    @pytest.mark.parametrize(
        ("b", "severity", "net"),
        [
            ({"i": 0.8, "j": -0.5}, "info", 0.3),
            ({"i": 0.8, "j": -0.8}, "warning", 0.0),
            ({"i": 0.8, "j": -1.0}, "warning", -0.2),
        ],
    )
    def test_harm_beside_help(self, b: dict[str, float], severity: str, net: float) -> None:
        """q's activity b helps i by 0.8 and harms j (both on the agenda, weight 1); p's a
        helps i by 0.8; r runs nothing. e_b = 0.8 − harm: a note when positive (q engaged:
        2 of 3), a warning when 0 (its harm cancels its help) or negative; then q is one of
        the two unengaged partners, ``cancelled`` 1 (its agenda work nets to nothing or
        less), and r the other."""
        init = Initiative(
            name="Harm",
            partners=_partners("p", "q", "r"),
            **_one_goal("i", "j"),
            activities=[_act("a", "p", i=0.8), _act("b", "q", **b)],
        )
        gaps = check_gaps(init)
        gap = gaps["harmful-activity(activity=b)"]
        assert (gap.severity, gap.subjects) == (severity, ("b", "j"))
        assert gap.evidence["net_effect"] == pytest.approx(net, abs=1e-12)
        unengaged = gaps["unengaged-partners()"]
        if severity == "info":
            assert unengaged.subjects == ("r",)
            assert unengaged.evidence["cancelled"] == 0
        else:
            assert unengaged.subjects == ("q", "r")
            assert unengaged.evidence["cancelled"] == 1

    def test_broken_pathway(self) -> None:
        """u drives m, m drives v (w = 1): work on u and v, none on m. m is broken, with one
        covered indicator on each side; u and v are covered."""
        init = Initiative(
            name="Broken",
            partners=_partners("p"),
            goals=[Goal(id="g", statement="G", indicators=["v"])],
            indicators=[
                Indicator(id="u", name="U", drives={"m": 1.0}),
                Indicator(id="m", name="M", drives={"v": 1.0}),
                Indicator(id="v", name="V"),
            ],
            activities=[_act("a", "p", u=0.5), _act("b", "p", v=0.5)],
        )
        gaps = check_gaps(init)
        assert [k for k in gaps if k.startswith("broken")] == ["broken-pathway(indicator=m)"]
        assert gaps["broken-pathway(indicator=m)"].evidence == {
            "covered_upstream": 1.0,
            "covered_downstream": 1.0,
        }

    def test_network_gaps(self) -> None:
        """Ties p-q, q-r and s-t; u has none. Two groups of the tied partners ({p, q, r} the
        largest): fragmented, t and s outside it; q is a cut point (p and r apart without it);
        u is isolated (its backbone: critical)."""
        init = Initiative(
            name="Network",
            partners=_partners("p", "q", "r", "s", "t", "u"),
            ties=[
                Tie(source="p", target="q"),
                Tie(source="q", target="r"),
                Tie(source="s", target="t"),
            ],
            backbone=ci.Backbone(organization="u"),
        )
        gaps = check_gaps(init)
        frag = gaps["fragmented-network()"]
        assert frag.subjects == ("s", "t")
        assert frag.evidence["components"] == 2
        assert frag.evidence["largest_component"] == 3
        assert frag.evidence["partners_outside"] == 2
        cut = gaps["single-point-of-failure(partner=q)"]
        assert cut.evidence == {"components_without": 2.0, "partners_cut_off": 1.0}
        assert gaps["isolated-partner(partner=u)"].severity == "critical"

    @pytest.mark.parametrize(
        ("until", "severity", "years"),
        [(dt.date(2026, 1, 1), "warning", 1.0), (dt.date(2024, 1, 1), "critical", -1.0)],
    )
    def test_short_funding(self, until: dt.date, severity: str, years: float) -> None:
        """Judged on 2025-01-01: funding to 2026-01-01 is 1 year (short of 2: a warning), to
        2024-01-01 -1 year (run out: critical)."""
        init = Initiative(
            name="Funding",
            as_of=dt.date(2025, 1, 1),
            partners=_partners("p"),
            conditions=ci.Conditions(funding_secured_until=until),
        )
        gap = check_gaps(init)["short-funding()"]
        assert gap.severity == severity
        assert gap.evidence["years_secured"] == pytest.approx(years)
        assert math.isclose(gap.evidence["min_years"], 2.0)

    def test_exact_duplicates_lose_no_reinforcement(self) -> None:
        """a (q) and b (p), one strategy, each 1.0 on i, which drives j (w = 0.8): both rows
        of C̃ are (1, 0.4), a cosine of 0.9999999999999997 in floating point, which the docs
        take as exactly 1 (within 1e-12). So R = 0: the tie of 0.2 loses nothing and there is
        no ``uncoordinated-interdependence`` gap (the reference, without the snap, had
        R = 3.3e-16, a share of 0.8 and a critical gap; found by the full property run)."""
        init = Initiative(
            name="Duplicates",
            partners=_partners("p", "q"),
            goals=[Goal(id="g", statement="G", indicators=["i"])],
            indicators=[
                Indicator(id="i", name="I", drives={"j": 0.8}),
                Indicator(id="j", name="J"),
            ],
            activities=[_act("a", "q", "tutoring", i=1.0), _act("b", "p", "tutoring", i=1.0)],
            ties=[Tie(source="p", target="q", strength=0.2)],
        )
        gaps = check_gaps(init)
        assert not [k for k in gaps if k.startswith("uncoordinated")]
        assert gaps["duplication(activities=a+b)"].evidence["redundancy"] == 1.0

    def test_fragments_of_equal_size(self) -> None:
        """a has no tie; b-c and d-e are two groups of two: the largest is the one with the
        first id, {b, c}, so d and e are outside it (a, untied, is in no group)."""
        init = Initiative(
            name="Fragments",
            partners=_partners("a", "b", "c", "d", "e"),
            ties=[Tie(source="b", target="c"), Tie(source="e", target="d")],
        )
        gap = check_gaps(init)["fragmented-network()"]
        assert gap.subjects == ("d", "e")
        assert (gap.evidence["components"], gap.evidence["partners_outside"]) == (2, 2)

    @pytest.mark.parametrize(
        ("whole", "flagged"),
        [
            (dt.date(2024, 10, 1), False),  # a whole-population value 92 days old: measured
            (dt.date(2021, 1, 1), True),  # 1,461 days old, a group's 31: "no recent ..."
            (dt.date(2020, 1, 1), True),  # on the baseline's date: the baseline again
        ],
    )
    def test_unmeasured_indicator(self, whole: dt.date, flagged: bool) -> None:
        """An agenda indicator without a frequency (stale after 730 days), baseline 2020-01-01,
        a target, a group's value of 2024-12-01 and a whole-population value on ``whole``,
        judged on 2025-01-01: the indicator is fresh (its last measurement 31 days old), but
        the status rests on the whole-population series, so it is unmeasured when that series
        is older than 730 days or holds only the baseline again. q reports only after the date
        of judgement, so it is a non-reporting partner."""
        day = dt.date(2020, 1, 1)
        indicator = Indicator(
            id="i",
            name="I",
            baseline=ci.DatedValue(date=day, value=10.0),
            target=ci.DatedValue(date=dt.date(2030, 1, 1), value=20.0),
            observations=[
                ci.Observation(date=whole, value=12.0, reported_by="p"),
                ci.Observation(date=dt.date(2024, 12, 1), value=13.0, group="boys"),
                ci.Observation(date=dt.date(2025, 6, 1), value=14.0, reported_by="q"),
            ],
        )
        init = Initiative(
            name="Measured",
            as_of=dt.date(2025, 1, 1),
            partners=_partners("p", "q"),
            goals=[Goal(id="g", statement="G", indicators=["i"])],
            indicators=[indicator],
            activities=[_act("a", "p", i=0.5), _act("b", "q", i=0.5)],
        )
        gaps = check_gaps(init)
        assert ("unmeasured-indicator(indicator=i)" in gaps) is flagged
        if flagged:
            assert gaps["unmeasured-indicator(indicator=i)"].evidence == {
                "has_baseline": 1.0,
                "has_target": 1.0,
                "observations": 2.0,
                "days_since_observation": 31.0,
            }
        assert [k for k in gaps if k.startswith("non-reporting")] == [
            "non-reporting-partner(partner=q)"
        ]

    def test_a_partner_reporting_only_before_the_baseline(self) -> None:
        """p reports i after its baseline of 2020-01-01; q reports it twice before, on
        2012-06-30 and 2015-03-31 (history), and r once on 2012-06-30 and once after as_of.
        q and r report no measurement: gaps with ``observations`` 2 and 1, and
        ``days_since_observation`` from their last reports to 2025-01-01: from 2015-03-31,
        10 x 365 + 3 leap days - 89 (2025-01-01 to 03-31) = 3,564; from 2012-06-30,
        12 x 365 + 3 + 185 (to 2025-01-01) = 4,568. Before, neither had a gap."""
        indicator = Indicator(
            id="i",
            name="I",
            baseline=ci.DatedValue(date=dt.date(2020, 1, 1), value=10.0),
            target=ci.DatedValue(date=dt.date(2030, 1, 1), value=20.0),
            observations=[
                ci.Observation(date=dt.date(2024, 6, 1), value=12.0, reported_by="p"),
                ci.Observation(date=dt.date(2012, 6, 30), value=8.0, reported_by="q"),
                ci.Observation(date=dt.date(2015, 3, 31), value=9.0, reported_by="q"),
                ci.Observation(date=dt.date(2012, 6, 30), value=8.0, reported_by="r"),
                ci.Observation(date=dt.date(2025, 6, 1), value=14.0, reported_by="r"),
            ],
        )
        init = Initiative(
            name="History",
            as_of=dt.date(2025, 1, 1),
            partners=_partners("p", "q", "r"),
            goals=[Goal(id="g", statement="G", indicators=["i"])],
            indicators=[indicator],
            activities=[_act("a", "p", i=0.5), _act("b", "q", i=0.5), _act("c", "r", i=0.5)],
        )
        gaps = check_gaps(init)
        assert {k: g.evidence for k, g in gaps.items() if k.startswith("non-reporting")} == {
            "non-reporting-partner(partner=q)": {
                "aligned_activities": 1.0,
                "observations": 2.0,
                "days_since_observation": 3564.0,
            },
            "non-reporting-partner(partner=r)": {
                "aligned_activities": 1.0,
                "observations": 1.0,
                "days_since_observation": 4568.0,
            },
        }

    def test_a_report_of_the_baseline_period_counts(self) -> None:
        """i is quarterly, its baseline dated 2020-06-30 (the second quarter of 2020); p reports
        it after; q once on 2020-04-01 (the baseline's quarter, before its date: a report of the
        measured period, no gap; before, the baseline's date cut it off as history), r once on
        2020-03-31 (the quarter before: history, a gap with ``observations`` 1 and
        ``days_since_observation`` from 2020-03-31 to 2025-01-01: 4 years to 2024-03-31,
        3 x 365 + 366 (29 February 2024) = 1,461, then 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30
        + 31 = 275 to 2024-12-31 and 1 to 2025-01-01: 1,737)."""
        indicator = Indicator(
            id="i",
            name="I",
            frequency="quarterly",
            baseline=ci.DatedValue(date=dt.date(2020, 6, 30), value=10.0),
            target=ci.DatedValue(date=dt.date(2030, 6, 30), value=20.0),
            observations=[
                ci.Observation(date=dt.date(2024, 9, 30), value=12.0, reported_by="p"),
                ci.Observation(date=dt.date(2020, 4, 1), value=10.0, reported_by="q"),
                ci.Observation(date=dt.date(2020, 3, 31), value=9.0, reported_by="r"),
            ],
        )
        init = Initiative(
            name="Period",
            as_of=dt.date(2025, 1, 1),
            partners=_partners("p", "q", "r"),
            goals=[Goal(id="g", statement="G", indicators=["i"])],
            indicators=[indicator],
            activities=[_act("a", "p", i=0.5), _act("b", "q", i=0.5), _act("c", "r", i=0.5)],
        )
        gaps = check_gaps(init)
        assert {k: g.evidence for k, g in gaps.items() if k.startswith("non-reporting")} == {
            "non-reporting-partner(partner=r)": {
                "aligned_activities": 1.0,
                "observations": 1.0,
                "days_since_observation": 1737.0,
            },
        }

    def test_keys_escape_ids_and_sort_them_as_written(self) -> None:
        """Partners "t(" and "t&" lead one activity each on one indicator, untied: the key
        sorts the ids as written ("t&" < "t(") and escapes "(" (``%28``), so
        ``partners=t&+t%28``; sorted after escaping it would read ``t%28+t&``. Activities
        "a+b" and "c" of one strategy duplicate each other: ``activities=a%2Bb+c``, which an
        activity "a" beside one "b+c" does not share (a key without escapes would)."""
        init = Initiative(
            name="Keys",
            partners=_partners("t(", "t&"),
            **_one_goal("i", "j"),
            activities=[
                _act("a+b", "t(", "s", i=0.8),
                _act("c", "t&", "s", i=0.8),
                _act("a", "t(", "z", j=0.8),
                _act("b+c", "t&", "z", j=0.8),
            ],
        )
        gaps = check_gaps(init)
        assert "uncoordinated-interdependence(partners=t&+t%28)" not in gaps  # R = 0: duplicates
        assert {"duplication(activities=a%2Bb+c)", "duplication(activities=a+b%2Bc)"} <= set(gaps)
        init = init.evolve(activities=[_act("x", "t(", i=0.8), _act("y", "t&", i=0.5)])
        assert "uncoordinated-interdependence(partners=t&+t%28)" in check_gaps(init)


@settings(max_examples=examples(60))
@given(
    st.integers(1, 9),
    st.integers(1, 9),
    st.sampled_from([1.0, 1e-3, 1e-158]),
    st.sampled_from([None, 0.1, 0.5]),
)
def test_help_and_conflict_that_cancel_on_paper(
    x: int, y: int, scale: float, tie: float | None
) -> None:
    """``a`` helps i and j by x/10 and y/10 and k by their sum, which ``b`` harms: help and
    conflict cancel on paper (0.1 + 0.2 against 0.3 in floating point left R = 5.6e-17 and a
    critical coordination gap), at unit scale and far below it; the gaps are the reference's
    (which judges the net on the terms, summed exactly), with or without a tie."""
    assume(x + y <= 10)  # contributions lie in [-1, 1]
    first, second = x / 10 * scale, y / 10 * scale
    init = Initiative(
        name="Cancel",
        partners=[
            Partner(id="p", name="P", sector="nonprofit"),
            Partner(id="q", name="Q", sector="business"),
        ],
        goals=[Goal(id="g", statement="G", indicators=["i", "j", "k"])],
        indicators=[Indicator(id=n, name=n.upper()) for n in "ijk"],
        activities=[
            Activity(
                id="a",
                name="A",
                partners=["p"],
                contributes={"i": first, "j": second, "k": (x / 10 + y / 10) * scale},
            ),
            Activity(
                id="b", name="B", partners=["q"], contributes={"i": scale, "j": scale, "k": -scale}
            ),
        ],
        ties=[] if tie is None else [Tie(source="p", target="q", strength=tie)],
    )
    check_gaps(init)
    result = ci.assess(init)
    assert result.alignment.index is None
    assert not result.gaps_by(code="uncoordinated-interdependence")
