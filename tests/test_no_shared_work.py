"""``no-shared-work`` fires whenever no two partners' activities reinforce each other.

Joint harm cancels a pair's joint help as conflict does (``R = max(0, d - conflict - h)(1 - r)``),
so the mutually reinforcing activities score can be 0 while partners help shared indicators
together. The gap fired only when ``Σ_between (d + conflict) = 0`` and left that 0 unexplained
(found by a reviewer); it now fires when ``Σ_between R = 0`` (each ``R`` judged with the
engine's tolerance) while some activity helps the agenda directly, and says the cause. The
cases are worked by hand, and each is compared with the reference of the gaps
(``tests/reference_gaps.py``).
"""

from __future__ import annotations

import attrs
import pytest

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Partner, Tie
from test_gap_reference import check_gaps


def mixed(reverse: bool = False) -> Initiative:
    """p and q, tied at 1. x (p) and y (q) both serve youth: each helps i by 0.3 and harms j by
    0.5, so d(x, y) = 0.3 · 0.3 = 0.09 and h(x, y) = 0.5 · 0.5 = 0.25: R = max(0, 0.09 - 0.25)
    = 0. z (p, adults) and w (q, elders) help j by 1.0 for people no other activity serves. No
    other pair of different partners meets: Σ R = 0, the index is undefined and the score 0,
    while both partners lead agenda work (every activity's net agenda effect is positive)."""
    activities = [
        Activity(
            id="x",
            name="X",
            partners=["p"],
            contributes={"i": 0.3, "k": 0.9, "j": -0.5},
            populations=["youth"],
        ),
        Activity(
            id="y",
            name="Y",
            partners=["q"],
            contributes={"i": 0.3, "l": 0.9, "j": -0.5},
            populations=["youth"],
        ),
        Activity(id="z", name="Z", partners=["p"], contributes={"j": 1.0}, populations=["adults"]),
        Activity(id="w", name="W", partners=["q"], contributes={"j": 1.0}, populations=["elders"]),
    ]
    return Initiative(
        name="Mixed",
        partners=[
            Partner(id="p", name="p", sector="nonprofit"),
            Partner(id="q", name="q", sector="government"),
        ],
        goals=[Goal(id="g", statement="G", indicators=["i", "j", "k", "l"])],
        indicators=[Indicator(id=x, name=x.upper()) for x in "ijkl"],
        activities=activities[::-1] if reverse else activities,
        ties=[Tie(source="p", target="q", strength=1.0)],
    )


def two(x: dict[str, float], y: dict[str, float], **kwargs: str) -> Initiative:
    """p leads x, q leads y, tied at 1; every indicator named is on the one goal."""
    indicators = sorted({*x, *y})
    return Initiative(
        name="Two",
        partners=[
            Partner(id="p", name="p", sector="nonprofit"),
            Partner(id="q", name="q", sector="government"),
        ],
        goals=[Goal(id="g", statement="G", indicators=indicators)],
        indicators=[Indicator(id=i, name=i.upper()) for i in indicators],
        activities=[
            Activity(id="x", name="X", partners=["p"], contributes=x, **kwargs),
            Activity(id="y", name="Y", partners=["q"], contributes=y, **kwargs),
        ],
        ties=[Tie(source="p", target="q", strength=1.0)],
    )


def the_gap(init: Initiative) -> ci.Gap:
    """The one ``no-shared-work`` gap of ``init``, checked against the reference first."""
    check_gaps(init)
    (gap,) = ci.assess(init).gaps_by(code="no-shared-work")
    return gap


class TestJointHarmCancellingHelp:
    def test_the_reviewers_case_says_why_the_score_is_zero(self) -> None:
        """The score is 0 and no gap said why: harmful-activity needs a negative net effect
        (both are positive), conflicting-activities a conflict (none), and no-shared-work
        fired only when Σ (d + conflict) = 0, while d = 0.09."""
        init = mixed()
        result = ci.assess(init)
        assert result.scores.mutually_reinforcing_activities == 0.0
        assert result.alignment.index is None
        gap = the_gap(init)
        assert gap.subjects == ("p", "q")
        assert gap.severity is ci.Severity.WARNING
        assert dict(gap.evidence) == pytest.approx(
            {
                "lead_partners": 2.0,
                "agenda_activities": 4.0,
                "assumed_overlap_activities": 0.0,
                "interdependence": 0.09,
                "conflict": 0.0,
                "joint_harm": 0.25,
                "duplication": 0.0,
            }
        )
        assert gap.message == (
            "Activities of the 2 partners leading agenda work help shared indicators together "
            "(interdependence 0.09), but that help is cancelled by the harm done together (joint "
            "harm 0.25, most by 'x' and 'y' on 'j'), so no activities reinforce each other; stop "
            "the harm 'x' and 'y' do together on 'j'."
        )
        # no conflict, and x and y help the agenda on balance (e = 0.3 + 0.9 - 0.5 = 0.7): their
        # harm on j is only a note each, which does not say that nothing reinforces
        assert "conflicting-activities" not in {g.code for g in result.gaps}
        harm = {g.key: g.severity for g in result.gaps if g.code == "harmful-activity"}
        assert harm == {
            "harmful-activity(activity=x)": ci.Severity.INFO,
            "harmful-activity(activity=y)": ci.Severity.INFO,
        }

    def test_the_joint_harm_said_is_that_which_cancels_help(self) -> None:
        """r's u and s's v harm m together (0.9 · 0.9 = 0.81) and help nothing together; x and
        y help i together (0.3 · 0.3 = 0.09) and harm j together (0.3 · 0.4 = 0.12). Only the
        0.12 cancels help: the message said "joint harm 0.93, most by 'x' and 'y'", the sum of
        every pair, beside a pair that did less of it than u and v (a reviewer). The evidence
        keeps the documented total over the pairs between partners, 0.93."""
        init = Initiative(
            name="T",
            partners=[Partner(id=p, name=p, sector="nonprofit") for p in "pqrs"],
            goals=[Goal(id="g", statement="G", indicators=list("ijkm"))],
            indicators=[Indicator(id=x, name=x.upper()) for x in "ijkm"],
            activities=[
                Activity(
                    id="x",
                    name="X",
                    partners=["p"],
                    contributes={"i": 0.3, "j": -0.3, "k": 0.9},
                    populations=["youth"],
                ),
                Activity(
                    id="y",
                    name="Y",
                    partners=["q"],
                    contributes={"i": 0.3, "j": -0.4},
                    populations=["youth"],
                ),
                Activity(
                    id="u",
                    name="U",
                    partners=["r"],
                    contributes={"m": -0.9},
                    populations=["adults"],
                ),
                Activity(
                    id="v",
                    name="V",
                    partners=["s"],
                    contributes={"m": -0.9},
                    populations=["adults"],
                ),
            ],
            ties=[
                Tie(source="p", target="q", strength=1.0),
                Tie(source="r", target="s", strength=1.0),
                Tie(source="q", target="r", strength=1.0),
            ],
        )
        (gap,) = ci.assess(init).gaps_by(code="no-shared-work")
        assert "(joint harm 0.12, most by 'x' and 'y' on 'j')" in gap.message
        assert gap.evidence["joint_harm"] == pytest.approx(0.93)

    def test_the_same_gap_whatever_the_order_of_the_activities(self) -> None:
        assert ci.assess(mixed(reverse=True)).gaps == ci.assess(mixed()).gaps

    def test_stopping_the_joint_harm_closes_it(self) -> None:
        """y without its harm on j: h = 0, R = 0.09 > 0, no gap; the diff says the activities
        now reinforce each other (it said "now meet on the agenda" of partners who met)."""
        init = mixed()
        y = init.activity("y")
        healed = init.evolve(
            activities=[
                attrs.evolve(y, contributes={"i": 0.3, "l": 0.9}) if a.id == "y" else a
                for a in init.activities
            ]
        )
        after = ci.assess(healed)
        assert after.gaps_by(code="no-shared-work") == ()
        assert after.alignment.total_reinforcement == pytest.approx(0.09)
        diff = ci.assess(init).diff(after)
        assert (
            "activities of different partners now reinforce each other on the agenda"
            in diff.reasons["mutually_reinforcing_activities"]
        )
        opened = after.diff(ci.assess(init)).reasons["mutually_reinforcing_activities"]
        assert "new gap: no reinforcing work between partners" in opened

    def test_help_cancelled_on_paper_within_the_tolerance_of_r(self) -> None:
        """x helps i and j by 1 and harms k by 1; y helps i by 0.1, j by 0.2 and harms k by 0.3:
        d = 0.1 + 0.2 = 0.30000000000000004 against h = 0.3, a net of 5.6e-17 that the engine
        judges 0 (within 1e-9 of d + h): R = 0 and the gap fires. Harm of 0.29 leaves R = 0.01:
        no gap."""
        init = two({"i": 1.0, "j": 1.0, "k": -1.0}, {"i": 0.1, "j": 0.2, "k": -0.3})
        assert ci.reinforcement_scores(init).pair("x", "y")["reinforcement"] == 0.0
        gap = the_gap(init)
        assert "(joint harm 0.3, most by 'x' and 'y' on 'k')" in gap.message
        less = two({"i": 1.0, "j": 1.0, "k": -1.0}, {"i": 0.1, "j": 0.2, "k": -0.29})
        check_gaps(less)
        assert ci.assess(less).gaps_by(code="no-shared-work") == ()

    def test_one_lead_with_help_through_a_pathway_cancelled(self) -> None:
        """x (p) helps i by 0.5 and harms j by 0.3; y (q) works on u, which drives i (0.5), and
        harms j by 0.9: y helps i through the pathway (0.25 at pathway_weight 0.5), its net
        agenda effect negative. d = 0.5 · 0.25 = 0.125 and h = 0.3 · 0.9 = 0.27: R = 0. The gap
        said only "all agenda work is led by one partner" before it fired at all; then "All
        agenda work is led by one partner, 'p'" beside y's help on i (help through a pathway
        counted only on balance, while y's 0.25 recorded on i directly counted, net negative
        or not: found by a reviewer). y leads agenda work too, as recorded directly: the gap
        names p and q and says their help together is cancelled, word for word as for y
        contributing 0.25 to i directly."""
        init = two({"i": 0.5, "j": -0.3}, {"u": 1.0, "j": -0.9})
        init = init.evolve(
            goals=[Goal(id="g", statement="G", indicators=["i", "j"])],
            indicators=[
                Indicator(id="i", name="I"),
                Indicator(id="j", name="J"),
                Indicator(id="u", name="U", drives={"i": 0.5}),
            ],
        )
        gap = the_gap(init)
        assert gap.subjects == ("p", "q")
        assert gap.message == (
            "Activities of the 2 partners leading agenda work help shared indicators together "
            "(interdependence 0.125), but that help is cancelled by the harm done together "
            "(joint harm 0.27, most by 'x' and 'y' on 'j'), so no activities reinforce each "
            "other; stop the harm 'x' and 'y' do together on 'j'."
        )
        direct = init.evolve(
            activities=[
                a if a.id == "x" else attrs.evolve(a, contributes={"i": 0.25, "j": -0.9})
                for a in init.activities
            ]
        )
        assert the_gap(direct).message == gap.message


class TestConflictAndDuplication:
    def test_conflict_cancelling_all_help(self) -> None:
        """x helps i by 0.3 and j by 0.5; y helps i by 0.3 and k by 1 and harms j by 0.5:
        d = 0.09, conflict = 0.25, R = 0. conflicting-activities names y; no-shared-work says
        that the score is 0 for it (it did not fire: Σ (d + conflict) > 0)."""
        init = two({"i": 0.3, "j": 0.5}, {"i": 0.3, "j": -0.5, "k": 1.0})
        result = ci.assess(init)
        assert result.scores.mutually_reinforcing_activities == 0.0
        assert [g.subjects for g in result.gaps_by(code="conflicting-activities")] == [("y",)]
        gap = the_gap(init)
        assert gap.evidence["conflict"] == pytest.approx(0.25)
        assert gap.message == (
            "Activities of the 2 partners leading agenda work help shared indicators together "
            "(interdependence 0.09), but that help is cancelled by work opposed (conflict 0.25), "
            "so no activities reinforce each other; resolve the conflict (the "
            "conflicting-activities gaps say who pushes against whom)."
        )

    def test_conflict_and_joint_harm_together(self) -> None:
        """x: i +0.3, j -0.5, k +0.4; y: i +0.3, j -0.5, k -0.1, l +1: d = 0.09, h = 0.25,
        conflict = 0.04: both named, the harm first."""
        init = two({"i": 0.3, "j": -0.5, "k": 0.4}, {"i": 0.3, "j": -0.5, "k": -0.1, "l": 1.0})
        gap = the_gap(init)
        assert (
            "that help is cancelled by the harm done together (joint harm 0.25, most by 'x' and "
            "'y' on 'j') and work opposed (conflict 0.04), so no activities reinforce each other; "
            "stop the harm 'x' and 'y' do together on 'j' and resolve the conflict"
        ) in gap.message

    def test_partners_meeting_only_in_conflict(self) -> None:
        """The worked example of docs/scoring.md: x helps i by 0.8, y harms it by 0.4: d = 0,
        conflict 0.32, R = 0, score 0. p alone leads agenda work; the gap did not fire."""
        init = two({"i": 0.8}, {"i": -0.4})
        gap = the_gap(init)
        assert gap.subjects == ("p",)
        assert gap.message.endswith(
            "bring partners in to lead parts of the work; activities of different partners "
            "meet on shared indicators only where one works against another (conflict 0.32): "
            "resolve the conflict (the conflicting-activities gaps say who pushes against whom)."
        )

    def test_help_all_duplicated(self) -> None:
        """x and y, one strategy, each help i by 0.8 for youth: r = 1, so R = 0.64 · 0 = 0 and
        the score is 0 (efficiency 0); only the duplication gap spoke, "but are coordinated;
        check the split of work"."""
        init = two({"i": 0.8}, {"i": 0.8}, strategy="tutoring")
        assert ci.assess(init).scores.mutually_reinforcing_activities == 0.0
        gap = the_gap(init)
        assert gap.evidence["duplication"] == pytest.approx(0.64)
        assert gap.message == (
            "Activities of the 2 partners leading agenda work help shared indicators together "
            "(interdependence 0.64), but the activities helping together duplicate each other "
            "(redundancy 1), so no activities reinforce each other; divide the duplicated work "
            "or merge the activities (the duplication gaps name them)."
        )


class TestUntiedPartners:
    @staticmethod
    def untied(harm: bool) -> Initiative:
        """p and q tied only to r; x (p) and y (q) help i by 0.3 together (d = 0.09), and with
        ``harm`` both harm j by 0.5 (h = 0.25)."""
        j = {"j": -0.5} if harm else {}
        return Initiative(
            name="Untied",
            partners=[
                Partner(id=p, name=p, sector=s)
                for p, s in (("p", "nonprofit"), ("q", "government"), ("r", "business"))
            ],
            goals=[Goal(id="g", statement="G", indicators=["i", "j", "k", "l"])],
            indicators=[Indicator(id=x, name=x.upper()) for x in "ijkl"],
            activities=[
                Activity(id="x", name="X", partners=["p"], contributes={"i": 0.3, "k": 0.9, **j}),
                Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.3, "l": 0.9, **j}),
            ],
            ties=[
                Tie(source="p", target="r", strength=1.0),
                Tie(source="q", target="r", strength=1.0),
            ],
        )

    def test_cancelled_help_leaves_coverage_out_and_the_gap_says_why(self) -> None:
        """Without harm: R = 0.09 over no tie, coverage 0, continuous communication
        (1 + 0 + 0) / 3 and uncoordinated-interdependence. With joint harm 0.25: R = 0,
        coverage undefined and left out, communication (1 + 0) / 2 = 0.5 (documented, as
        harm raising the score of opposed untied work); the gap that says so is
        no-shared-work."""
        before = ci.assess(self.untied(harm=False))
        assert before.scores.continuous_communication == pytest.approx(1 / 3)
        assert before.scores.components["continuous_communication"]["coverage"] == 0.0
        assert before.gaps_by(code="uncoordinated-interdependence")
        assert before.gaps_by(code="no-shared-work") == ()
        init = self.untied(harm=True)
        after = ci.assess(init)
        assert after.scores.continuous_communication == 0.5
        assert "coverage" not in after.scores.components["continuous_communication"]
        assert after.gaps_by(code="uncoordinated-interdependence") == ()
        gap = the_gap(init)
        assert "that help is cancelled by the harm done together (joint harm 0.25" in gap.message


def test_closed_by_the_last_direct_help_going_says_so() -> None:
    """x (p) helps i on the agenda, y (q) works off it (u): one lead, no reinforcement, the gap.
    x moved off the agenda too: nothing helps the agenda directly, so the gap closed, and the
    diff said "partners' activities now meet on the agenda" of activities that reinforce
    nothing."""
    goal = [Goal(id="g", statement="G", indicators=["i"])]
    before = two({"i": 0.5}, {"u": 0.5}).evolve(goals=goal)
    assert ci.assess(before).gaps_by(code="no-shared-work")
    after = two({"u": 0.5}, {"u": 0.5}).evolve(
        goals=goal, indicators=[Indicator(id="i", name="I"), Indicator(id="u", name="U")]
    )
    said = ci.assess(before).diff(ci.assess(after)).reasons["mutually_reinforcing_activities"]
    assert "no activity helps the agenda any more, directly or through indicator pathways" in said
    assert not any("now reinforce" in s or "now meet" in s for s in said)


class TestPartnersApartSaysWhy:
    def test_one_indicator_and_population_in_two_places(self) -> None:
        """x (p) and y (q) both help i by 0.5 for kids, x in north and y in south: their
        overlap is the Jaccard of the places, 0, so d = 0 and nothing reinforces. The gap said
        they "each work on different indicators or populations" (a reviewer): both work on i
        for kids; what differs is the place."""
        base = two({"i": 0.5}, {"i": 0.5}, populations=["kids"])  # type: ignore[arg-type]
        x, y = base.activities
        init = base.evolve(
            activities=[attrs.evolve(x, places=["north"]), attrs.evolve(y, places=["south"])]
        )
        gap = the_gap(init)
        assert gap.message == (
            "The 2 partners leading agenda work each work on different indicators, populations "
            "or places, so no activities reinforce each other; plan activities on shared "
            "indicators, for the same people in the same places, together."
        )

    def test_direct_help_cancelled_along_pathways_points_to_its_gap(self) -> None:
        """a (p) helps agenda indicator i by 0.3 and harms u by 0.75; u drives i (w = 0.8,
        λ = 0.5): C̃(a, i) = 0.3 - 0.75 · 0.5 · 0.8 = 0, so a has no agenda effect
        (off-agenda-activity) and meets b (q, i 0.5) nowhere: d = 0. The gap said the two
        "each work on different indicators or populations" of partners both listing i (a
        reviewer); it says that a's help is cancelled along pathways, and points to a's gap."""
        init = Initiative(
            name="Cancelled",
            partners=[
                Partner(id="p", name="p", sector="nonprofit"),
                Partner(id="q", name="q", sector="business"),
            ],
            goals=[Goal(id="g", statement="G", indicators=["i"])],
            indicators=[
                Indicator(id="u", name="U", drives={"i": 0.8}),
                Indicator(id="i", name="I"),
            ],
            activities=[
                Activity(id="a", name="A", partners=["p"], contributes={"i": 0.3, "u": -0.75}),
                Activity(id="b", name="B", partners=["q"], contributes={"i": 0.5}),
            ],
            ties=[Tie(source="p", target="q")],
        )
        gap = the_gap(init)
        assert gap.subjects == ("p", "q")
        assert gap.message == (
            "The 2 partners leading agenda work never help a shared indicator together, so no "
            "activities reinforce each other: the direct help of 'a' on the agenda is cancelled "
            "along pathways by its own effects (see its off-agenda-activity gap), and no other "
            "activities of different partners help a shared indicator for the same people in "
            "the same places; change it so that the help carries, and plan activities on shared "
            "indicators together."
        )
        assert ci.assess(init).gaps_by(code="off-agenda-activity")[0].subjects == ("a",)


def upstream(x: dict[str, float], y: dict[str, float]) -> Initiative:
    """p leads x (north), q leads y (south), tied at 1; only i is on the goal, and j (off the
    agenda) drives i with weight 1, so with λ = 0.5 a contribution c to j is a total effect
    c · 0.5 · 1 on i. No populations recorded (J = u = 1), places apart (J = 0): o(x, y) = 0."""
    return Initiative(
        name="Upstream",
        partners=[
            Partner(id="p", name="P", sector="nonprofit"),
            Partner(id="q", name="Q", sector="business"),
        ],
        goals=[Goal(id="g", statement="G", indicators=["i"])],
        indicators=[
            Indicator(id="j", name="J", drives={"i": 1.0}),
            Indicator(id="i", name="I"),
            Indicator(id="k", name="K"),
        ],
        activities=[
            Activity(id="x", name="X", partners=["p"], contributes=x, places=["north"]),
            Activity(id="y", name="Y", partners=["q"], contributes=y, places=["south"]),
        ],
        ties=[Tie(source="p", target="q", strength=1.0)],
    )


class TestAgendaWorkThroughPathwaysOnly:
    def test_partners_apart_upstream_of_the_agenda_have_the_gap(self) -> None:
        """x (p) and y (q) each contribute 0.8 to j, upstream of agenda indicator i: each has
        the total effect C̃(·, i) = 0.8 · 0.5 · 1 = 0.4 on i, so e_x = e_y = 0.4 and engagement
        is 1 (both partners lead agenda work). Their places differ, o(x, y) = 1 · 0 = 0, so
        d = 0, ΣR = 0 and the score is 0. The gap fired only when some activity helped an
        agenda indicator directly (a reviewer): nothing said why the score was 0, while x
        recording the same total effect directly, c(x, i) = 0.4, raised it. Both now give the
        same gap."""
        init = upstream({"j": 0.8}, {"j": 0.8})
        result = ci.assess(init)
        assert result.scores.mutually_reinforcing_activities == 0.0
        assert result.scores.components["common_agenda"]["engagement"] == 1.0
        gap = the_gap(init)
        assert gap.subjects == ("p", "q")
        assert gap.severity is ci.Severity.WARNING
        assert dict(gap.evidence) == {
            "lead_partners": 2.0,
            "agenda_activities": 2.0,
            "assumed_overlap_activities": 0.0,
            "interdependence": 0.0,
            "conflict": 0.0,
            "joint_harm": 0.0,
            "duplication": 0.0,
        }
        assert gap.message == (
            "The 2 partners leading agenda work each work on different indicators, populations "
            "or places, so no activities reinforce each other; plan activities on shared "
            "indicators, for the same people in the same places, together."
        )
        direct = the_gap(upstream({"i": 0.4}, {"j": 0.8}))
        assert (direct.key, direct.subjects, direct.message) == (gap.key, gap.subjects, gap.message)
        assert dict(direct.evidence) == dict(gap.evidence)

    def test_one_partner_working_upstream_leads_all_agenda_work(self) -> None:
        """x (p) contributes 0.8 to j (total effect 0.4 on i); y (q) works on k, on no goal and
        driving nothing: e_y = 0. One partner leads agenda work, no pair reinforces (d = 0),
        score 0: the gap names p, as it does when x helps i directly."""
        gap = the_gap(upstream({"j": 0.8}, {"k": 0.8}))
        assert gap.subjects == ("p",)
        assert gap.evidence["agenda_activities"] == 1.0
        assert gap.message.startswith("All agenda work is led by one partner, 'p';")

    def test_no_agenda_work_at_all_is_no_gap(self) -> None:
        """x contributes 0.8 to j and -0.4 to i: C̃(x, i) = 0.8 · 0.5 - 0.4 = 0 (net, no
        direct help: c(x, i) < 0); y works on k. No activity helps the agenda, directly or on
        balance: no gap (the goals' gaps say no work helps)."""
        init = upstream({"j": 0.8, "i": -0.4}, {"k": 0.8})
        check_gaps(init)
        assert ci.assess(init).gaps_by(code="no-shared-work") == ()

    def test_closed_by_the_last_upstream_help_going_says_so(self) -> None:
        """The gap of the first case closes when x and y move to k (off the agenda, driving
        nothing): the diff says no activity helps the agenda, directly or through pathways."""
        before = ci.assess(upstream({"j": 0.8}, {"j": 0.8}))
        after = ci.assess(upstream({"k": 0.8}, {"k": 0.8}))
        assert before.gaps_by(code="no-shared-work")
        assert after.gaps_by(code="no-shared-work") == ()
        said = before.diff(after).reasons["mutually_reinforcing_activities"]
        assert (
            "no activity helps the agenda any more, directly or through indicator pathways" in said
        )


def cancelling(x: dict[str, float], y: dict[str, float]) -> Initiative:
    """p leads x, q leads y, tied at 1, both in the same (unrecorded) places and populations;
    agenda indicators i and l on one goal, j driving i and k driving l with weight 1 (λ = 0.5:
    a contribution c to j is a total effect c · 0.5 on i)."""
    return Initiative(
        name="Cancel",
        partners=[
            Partner(id="p", name="P", sector="nonprofit"),
            Partner(id="q", name="Q", sector="business"),
        ],
        goals=[Goal(id="g", statement="G", indicators=["i", "l"])],
        indicators=[
            Indicator(id="j", name="J", drives={"i": 1.0}),
            Indicator(id="k", name="K", drives={"l": 1.0}),
            Indicator(id="i", name="I"),
            Indicator(id="l", name="L"),
        ],
        activities=[
            Activity(id="x", name="X", partners=["p"], contributes=x),
            Activity(id="y", name="Y", partners=["q"], contributes=y),
        ],
        ties=[Tie(source="p", target="q", strength=1.0)],
    )


UP = {"j": 0.8, "k": -0.8}
DIRECT = {"i": 0.4, "l": -0.4}


class TestHelpCancelledThroughPathways:
    @pytest.mark.parametrize(
        ("x", "y"), [(UP, UP), (DIRECT, UP), (UP, DIRECT)], ids=["both-up", "x-direct", "y-direct"]
    )
    def test_as_the_same_effects_recorded_directly(
        self, x: dict[str, float], y: dict[str, float]
    ) -> None:
        """Each of x and y helps i by 0.8 · 0.5 = 0.4 and harms l by 0.4, through pathways or
        directly: e_x = e_y = 0.4 - 0.4 = 0, d = 0.4 · 0.4 = 0.16 (on i), joint harm h = 0.16
        (on l), R = max(0, 0.16 - 0.16) = 0, score 0. Recorded directly, both have the gap,
        naming p and q and the joint harm that cancels their help; through pathways, the gap
        counted help only on balance (e_a > 0): none for both upstream, and with one upstream
        "All agenda work is led by one partner, 'p'" beside q's activity doing the same work
        (found by a reviewer). Every mix now gives the direct pair's gap."""
        init = cancelling(x, y)
        check_gaps(init)
        result = ci.assess(init)
        assert result.scores.mutually_reinforcing_activities == 0.0
        gap = the_gap(init)
        direct = the_gap(cancelling(DIRECT, DIRECT))
        assert direct.subjects == ("p", "q")
        assert "cancelled by the harm done together" in direct.message
        assert (gap.key, gap.subjects, gap.message) == (direct.key, direct.subjects, direct.message)
        assert dict(gap.evidence) == pytest.approx(dict(direct.evidence), rel=1e-12)


def test_rounding_of_a_pathway_solve_is_no_agenda_work() -> None:
    """x only harms (-0.3 on i1, -0.5 on i5); cyclic pathways at λ with ρ(λW) = 1 - 1.24e-6,
    and i4 on the goal, driven by nothing: no path from x reaches it, so C̃(x, i4) = 0 on
    paper, while the sparse LU solve left 6.14e-12 there beside totals of about -8e4 (x's
    net agenda effect -80,317). That noise counted as help on the agenda: no-shared-work said
    "All agenda work is led by one partner, 'p'" of an initiative where no activity helps it
    (found by a reviewer). Help along pathways counts beyond rounding: above 1e-9 of the
    activity's gross agenda effect. (The noise itself was the pathway solve's, and other gaps
    read it too, ``uncovered-indicator`` of i4 a note; the solve now leaves 0 where no path
    reaches: tests/test_pathway_methods.py ``TestNoPathNoEffect``.)"""
    from test_pathway_methods import _NOISE_CONFIG, _noise

    init, config = _noise(["i0", "i4"], helper=False), _NOISE_CONFIG
    result = ci.assess(init, config=config)
    assert result.gaps_by(code="no-shared-work") == ()
    assert result.gaps_by(code="unengaged-partners") == ()
