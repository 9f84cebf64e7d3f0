"""``Assessment.diff``: what changed between two assessments (snapshots or what-if changes)."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import pickle
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import with_tie, without_partner
from collective_impact.htmlreport import render_report
from test_network import make


class TestAssessmentDiff:
    def test_alignment_change_equals_recommendation_gain(self) -> None:
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        for rec in before.recommendations[:3]:
            after = ci.assess(with_tie(init, rec.source, rec.target, strength=rec.strength))
            change = before.diff(after)
            old, new, delta = change.alignment_index
            assert old == pytest.approx(rec.index_before)
            assert new == pytest.approx(rec.index_after)
            assert delta == pytest.approx(rec.gain, abs=1e-12)

    def test_scores_before_and_after(self) -> None:
        """Tying the isolated faith-coalition to united-way: connectivity 16/17 -> 17/17; the
        isolated-partner gap closes and nothing opens."""
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        after = ci.assess(with_tie(init, "faith-coalition", "united-way"))
        change = before.diff(after)
        assert set(change.scores) == set(before.scores.to_dict())
        for key, (old, new) in change.scores.items():
            assert old == before.scores.to_dict()[key]
            assert new == after.scores.to_dict()[key]
            assert change.score_changes()[key] == new - old
        assert before.scores.components["continuous_communication"][
            "connectivity"
        ] == pytest.approx(16 / 17)
        assert after.scores.components["continuous_communication"]["connectivity"] == 1.0
        assert change.opened == ()
        assert ("isolated-partner", ("faith-coalition",)) in {
            (g.code, g.subjects) for g in change.closed
        }
        json.dumps(change.to_dict(), allow_nan=False)

    def test_gaps_opened_and_closed_by_removing_the_backbone(self) -> None:
        """Without united-way: no backbone (missing-backbone opens; its staff and function gaps
        close); library, tied only to it, is isolated; bank, chamber and manufacturer are cut
        off together (their only tie to the rest ran through it)."""
        init = ci.load_example("cradle-to-career")
        change = ci.assess(init).diff(ci.assess(without_partner(init, "united-way")))
        opened = {(g.code, g.subjects) for g in change.opened}
        closed = {(g.code, g.subjects) for g in change.closed}
        assert {
            ("missing-backbone", ()),
            ("isolated-partner", ("library",)),
            ("fragmented-network", ("bank", "chamber", "manufacturer")),
        } <= opened
        assert {
            ("backbone-staff-gap", ("facilitator", "united-way")),
            ("single-point-of-failure", ("united-way",)),
            ("non-reporting-partner", ("united-way",)),
        } <= closed
        assert not opened & closed
        keys = [g.sort_key for g in change.opened]
        assert keys == sorted(keys)
        assert change.scores["backbone_support"][1] == 0.0

    def test_diff_with_itself_is_empty(self) -> None:
        result = ci.assess(ci.load_example("workforce"))
        change = result.diff(result)
        assert all(v == 0.0 for v in change.score_changes().values())
        assert change.opened == change.closed == ()
        assert change.alignment_index[2] == 0.0

    def test_undefined_index_gives_no_change(self) -> None:
        """No activities: the alignment index is undefined on both sides, change None."""
        init = make(["a", "b"], [("a", "b")])
        change = ci.assess(init).diff(ci.assess(with_tie(init, "b", "a")))
        assert change.alignment_index == (None, None, None)
        assert change.to_dict()["alignment_index"] == {
            "before": None,
            "after": None,
            "change": None,
        }


class TestWhatIf:
    def test_a_mutual_tie_named_either_way(self) -> None:
        """cradle-to-career's communication tie united-way -> mayors-office (0.7) lowered to
        0.05, naming the partners the other way: it stayed 0.7 beside a second tie of 0.05
        (29 -> 30 ties), and the index barely moved (0.6001 against 0.5990). Named either way,
        the one tie takes the strength."""
        init = ci.load_example("cradle-to-career")
        same = with_tie(init, "united-way", "mayors-office", strength=0.05)
        other = with_tie(init, "mayors-office", "united-way", strength=0.05)
        assert len(same.ties) == len(other.ties) == len(init.ties)
        assert same.ties == other.ties
        assert ci.assess(other).to_dict() == ci.assess(same).to_dict()

    def test_a_directed_tie_keeps_its_direction(self) -> None:
        """A funding tie is a flow: the reverse flow is another tie."""
        init = make(["a", "b"], [])
        one = with_tie(init, "a", "b", kind="funding", strength=0.5)
        both = with_tie(one, "b", "a", kind="funding", strength=0.2)
        assert [(t.source, t.target, t.strength) for t in both.ties] == [
            ("a", "b", 0.5),
            ("b", "a", 0.2),
        ]

    def test_a_mutual_tie_entered_both_ways_keeps_both_ratings(self) -> None:
        """A communication tie entered a -> b and b -> a (each partner's own rating): both
        take the strength, each keeping its ratings."""
        init = make(["a", "b"], []).with_ties(
            ci.Tie(source="a", target="b", strength=0.7, reliability=4),
            ci.Tie(source="b", target="a", strength=0.6, reliability=2),
        )
        changed = with_tie(init, "b", "a", strength=0.1)
        assert [(t.source, t.target, t.strength, t.reliability) for t in changed.ties] == [
            ("a", "b", 0.1, 4),
            ("b", "a", 0.1, 2),
        ]

    def test_the_new_lead_of_an_activity_is_named_not_guessed(self) -> None:
        """x = [lead, A, B] and y = [A] with the same strategy; without ``lead``, x's lead
        was the first of A and B by id, so that renaming A from "alpha" to "zeta" turned
        the index's pairs around: MRA 0.5 against 0.278, with a duplication and a
        coordination gap. The lead is now named, or the call refused."""

        def initiative(a: str) -> ci.Initiative:
            partners = [ci.Partner(id=p, name=p, sector="nonprofit") for p in ("lead", a, "beta")]
            return ci.Initiative(
                name="W",
                partners=partners,
                goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
                indicators=[ci.Indicator(id="i", name="I")],
                activities=[
                    ci.Activity(
                        id="x", name="X", partners=["lead", a, "beta"], contributes={"i": 0.8}
                    ),
                    ci.Activity(id="y", name="Y", partners=[a], contributes={"i": 0.8}),
                ],
            )

        for a in ("alpha", "zeta"):
            with pytest.raises(ci.ValidationError) as info:
                without_partner(initiative(a), "lead")
            (problem,) = info.value.problems
            assert problem.path == "leads['x']"
            assert f"with 2 other partners ({', '.join(sorted([a, 'beta']))})" in problem.message
        scores = {
            a: ci.assess(without_partner(initiative(a), "lead", leads={"x": "beta"})).to_dict()[
                "scores"
            ]
            for a in ("alpha", "zeta")
        }
        assert scores["alpha"] == scores["zeta"]

    def test_every_wrong_lead_at_once(self) -> None:
        init = ci.load_example("workforce")
        with pytest.raises(ci.ValidationError) as info:
            without_partner(init, "cjc", leads={"employer-engagement": "cha", "nope": "x"})
        assert [p.path for p in info.value.problems] == [
            "leads['employer-engagement']",
            "leads['nope']",
        ]
        assert "'cha' is not a partner of activity 'employer-engagement'" in str(info.value)

    def test_one_other_partner_takes_the_lead(self) -> None:
        init = make(["a", "b"], [])
        init = init.evolve(
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[ci.Indicator(id="i", name="I")],
            activities=[ci.Activity(id="x", name="X", partners=["a", "b"], contributes={"i": 1})],
        )
        assert without_partner(init, "a").activity("x").partners == ("b",)


@pytest.fixture(scope="module")
def snapshots() -> tuple[ci.Assessment, ci.Assessment]:
    return (
        ci.assess(ci.load_example("cradle-to-career")),
        ci.assess(ci.load_example("cradle-to-career-2027")),
    )


@pytest.fixture(scope="module")
def c2c_change(snapshots: tuple[ci.Assessment, ci.Assessment]) -> ci.AssessmentDiff:
    old, new = snapshots
    return old.diff(new)


class TestSnapshots:
    """The two dated snapshots of cradle-to-career (2026-09-30 and 2027-06-30).

    What changed is listed in the header of ``cradle-to-career-2027.yaml``; the expected values
    below were checked against it by hand.
    """

    def test_dates_names_and_phase(self, c2c_change: ci.AssessmentDiff) -> None:
        assert c2c_change.as_of == (dt.date(2026, 9, 30), dt.date(2027, 6, 30))
        assert c2c_change.names == ("Cradle to Career Example", "Cradle to Career Example")
        assert c2c_change.phase == ("Phase I — Initiate action", "Phase I — Initiate action")

    def test_gaps_closed_opened_and_persisting(
        self, snapshots: tuple[ci.Assessment, ci.Assessment], c2c_change: ci.AssessmentDiff
    ) -> None:
        """The discipline policy ended (its harmful-activity and conflicting-activities gaps
        close), the facilitator is hired, faith-coalition is tied in, funding runs to 2029,
        united-way reports postsec-credential; the new partner restorative-center reports
        nothing, and schools (restorative-center's only tie) becomes a cut point."""
        old, new = snapshots
        closed = {g.key for g in c2c_change.closed}
        opened = {g.key for g in c2c_change.opened}
        assert {
            "harmful-activity(activity=zero-tolerance-discipline)",
            "backbone-staff-gap(backbone=united-way)",
            "isolated-partner(partner=faith-coalition)",
            "short-funding()",
            "unmeasured-indicator(indicator=postsec-credential)",
            "non-reporting-partner(partner=united-way)",
        } <= closed
        assert opened == {
            "non-reporting-partner(partner=restorative-center)",
            "single-point-of-failure(partner=schools)",
        }
        keys_old, keys_new = {g.key for g in old.gaps}, {g.key for g in new.gaps}
        assert {n.key for _, n in c2c_change.persisting} == keys_old & keys_new
        assert all(o.key == n.key for o, n in c2c_change.persisting)
        assert len(c2c_change.persisting) + len(c2c_change.closed) == len(old.gaps)
        assert len(c2c_change.persisting) + len(c2c_change.opened) == len(new.gaps)
        severity = {
            n.primary[0]: (o.severity.value, n.severity.value)
            for o, n in c2c_change.persisting
            if o.severity != n.severity
        }
        assert severity == {"hs-grad": ("warning", "info"), "chronic-absence": ("info", "warning")}

    def test_structure(self, c2c_change: ci.AssessmentDiff) -> None:
        assert c2c_change.partners_added == ("restorative-center",)
        assert c2c_change.partners_removed == ()
        assert c2c_change.activities_added == ("restorative-practices",)
        assert c2c_change.activities_removed == ("zero-tolerance-discipline",)
        assert c2c_change.ties_added == (
            ("faith-coalition", "united-way", 0.5),
            ("restorative-center", "schools", 0.7),
        )
        assert c2c_change.ties_removed == c2c_change.ties_changed == ()

    def test_scores_and_index(
        self, snapshots: tuple[ci.Assessment, ci.Assessment], c2c_change: ci.AssessmentDiff
    ) -> None:
        """By hand: backbone support is the mean of staffing and functions; staffing is the mean
        FTE of the three roles, (1 + 0.5 + 0) / 3 = 0.5 -> (1 + 0.5 + 1) / 3 = 5/6, functions stay
        0.5, so 0.5 -> (5/6 + 1/2) / 2 = 2/3. Connectivity: 16 of 17 partners connected ->
        every one of 18."""
        old, new = snapshots
        assert c2c_change.scores["backbone_support"] == (0.5, pytest.approx(2 / 3))
        assert c2c_change.score_changes()["backbone_support"] == pytest.approx(1 / 6)
        assert old.scores.components["continuous_communication"]["connectivity"] == pytest.approx(
            16 / 17
        )
        assert new.scores.components["continuous_communication"]["connectivity"] == 1.0
        before, after, change = c2c_change.alignment_index
        assert (before, after) == (old.alignment.index, new.alignment.index)
        assert change == pytest.approx(0.0439, abs=1e-4)
        assert all(v > 0 for v in c2c_change.score_changes().values())

    def test_indicators(self, c2c_change: ci.AssessmentDiff) -> None:
        """hs-grad: latest 82 (2025-08-31) -> 84 (2026-08-31), off track -> at risk;
        postsec-credential: never observed -> 31 (2026-12-31)."""
        by_id = {c.indicator: c for c in c2c_change.indicators}
        hs = by_id["hs-grad"]
        assert hs.status == ("off-track", "at-risk")
        assert hs.latest == (82.0, 84.0)
        assert hs.change == 2.0
        assert hs.text() == (
            "hs-grad: off track → at risk, latest 82 → 84 (better); forecast 88.5 → 89.5 (better)"
        )
        cred = by_id["postsec-credential"]
        assert cred.latest == (None, 31.0)
        assert cred.change is None
        assert cred.changed
        assert cred.text() == "postsec-credential: insufficient data, latest no value → 31"
        assert not by_id["k-ready"].changed  # its fall 2027 count comes after as_of

    def test_reasons(self, c2c_change: ci.AssessmentDiff) -> None:
        reasons = c2c_change.reasons
        assert "facilitator staffed" in reasons["backbone_support"]
        assert "behind the score: staffing 0.50 → 0.83" in reasons["backbone_support"]
        assert "postsec-credential now measured" in reasons["shared_measurement"]
        assert "united-way now reports" in reasons["shared_measurement"]
        assert (
            "faith-coalition is no longer isolated (tied to united-way)"
            in reasons["continuous_communication"]
        )
        # the 2027 file no longer lists the policy: removed, not ended (it has no end date)
        assert (
            "zero-tolerance-discipline, which worked against the agenda, was removed from the "
            "initiative" in reasons["mutually_reinforcing_activities"]
        )
        # the tie the 2026 assessment recommended first (gain 0.0764 at strength 1), added at 0.5
        tied = reasons["alignment_index"][0]
        assert tied.startswith("faith-coalition and united-way are now tied (strength 0.5)")
        # as the 2026 assessment wrote it: 0.566 -> 0.642 (+0.076)
        assert "+0.076 predicted for a tie of strength 1" in tied
        assert reasons["preconditions"] == (
            "funding is now secured for 2.5 years (until 2029-12-31), was 0.75",
        )
        assert set(reasons) <= {
            "overall",
            "alignment_index",
            "preconditions",
            *ci.assess(ci.load_example("workforce")).scores.to_dict(),
        }

    def test_summary_text_and_markdown(self, c2c_change: ci.AssessmentDiff) -> None:
        text = c2c_change.summary()
        assert text.splitlines()[0] == (
            "Changes in Cradle to Career Example: 2026-09-30 → 2027-06-30"
        )
        assert (
            "Changes of 1e-9 (a billionth) or less are rounding, not reported as changes." in text
        )
        assert "  backbone support                  0.50 → 0.67 (+0.17)" in text
        assert (
            "hs-grad: off track → at risk, latest 82 → 84 (better); forecast 88.5 → 89.5 (better)"
            in text
        )
        assert "Gaps: 2 opened, 8 closed, 26 persisting (11 changed)" in text
        assert "partners added: restorative-center" in text
        assert max(len(line) for line in text.splitlines()) <= 110
        md = c2c_change.summary(markdown=True)
        assert md.startswith("# Changes in Cradle to Career Example")
        assert "\n## Why\n" in md
        assert "- backbone support: 0.50 → 0.67 (+0.17)" in md

    def test_to_dict_is_json_safe(self, c2c_change: ci.AssessmentDiff) -> None:
        data = json.loads(json.dumps(c2c_change.to_dict(), allow_nan=False))
        assert data["as_of"] == {"before": "2026-09-30", "after": "2027-06-30"}
        assert data["tolerance"] == 1e-9
        assert data["partners"] == {"added": ["restorative-center"], "removed": [], "changed": []}
        assert data["ties"]["added"][0] == {
            "source": "faith-coalition",
            "target": "united-way",
            "strength": 0.5,
        }
        hs = next(i for i in data["indicators"] if i["indicator"] == "hs-grad")
        assert hs["status"] == {"before": "off-track", "after": "at-risk"}
        assert hs["latest"] == {"before": 82.0, "after": 84.0, "change": 2.0}
        assert "facilitator staffed" in data["reasons"]["backbone_support"]
        assert {p["key"] for p in data["persisting"]} == {n.key for _, n in c2c_change.persisting}

    def test_html_view_escapes(self, c2c_change: ci.AssessmentDiff) -> None:
        out = c2c_change._repr_html_()
        assert out.startswith("<div")
        assert "<script" not in out
        assert "facilitator staffed" in out
        assert "restorative-center" in out

    def test_html_view_escapes_names(self) -> None:
        hostile = "<script>alert(1)</script> & co"
        init = ci.load_example("cradle-to-career").evolve(name=hostile)
        out = ci.assess(ci.load_example("cradle-to-career")).diff(ci.assess(init))._repr_html_()
        assert "<script" not in out
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in out


class TestTolerance:
    def test_itself_is_no_change_at_all(
        self, snapshots: tuple[ci.Assessment, ci.Assessment]
    ) -> None:
        for result in snapshots:
            change = result.diff(result)
            assert not change.changed
            assert set(change.score_changes().values()) == {0.0}
            assert change.alignment_index[2] == 0.0
            assert change.opened == change.closed == ()
            assert len(change.persisting) == len(result.gaps)
            assert not any(c.changed for c in change.indicators)
            assert change.reasons == {}
            assert "no change" in change._repr_html_()
            assert "(unchanged)" in change.summary()
            assert "(+" not in change.summary()
            assert "(-" not in change.summary()

    def test_rounding_noise_is_no_change(self) -> None:
        """A score 2.22e-16 away (one ulp of 1.0) is the same score; 1e-6 away is a change."""
        result = ci.assess(ci.load_example("workforce"))
        overall = result.scores.overall
        noisy = attrs.evolve(
            result, scores=attrs.evolve(result.scores, overall=overall + 2.220446049250313e-16)
        )
        assert noisy.scores.overall != overall
        change = result.diff(noisy)
        assert change.score_changes()["overall"] == 0.0
        assert not change.changed
        assert change.to_dict()["scores"]["overall"]["change"] == 0.0
        moved = attrs.evolve(result, scores=attrs.evolve(result.scores, overall=overall + 1e-6))
        assert result.diff(moved).score_changes()["overall"] == pytest.approx(1e-6)
        assert result.diff(moved).changed

    def test_tolerance_is_an_argument(self) -> None:
        result = ci.assess(ci.load_example("workforce"))
        moved = attrs.evolve(
            result, scores=attrs.evolve(result.scores, overall=result.scores.overall + 1e-6)
        )
        change = result.diff(moved, tolerance=1e-3)
        assert change.tolerance == 1e-3
        assert not change.changed


def test_reasons_name_a_large_cluster_briefly() -> None:
    """A closed duplication cluster of thousands of activities is named by a few of them."""
    from collective_impact._changes import _and

    assert _and(["a"]) == "a"
    assert _and(["a", "b", "c"]) == "a, b and c"
    assert _and([f"a{k}" for k in range(6)]) == "a0, a1, a2, a3, a4 and a5"
    assert _and([f"a{k}" for k in range(7_735)]) == "a0, a1, a2, a3, a4 and 7,730 others"


def _without_indicator(init: ci.Initiative, indicator: str) -> ci.Initiative:
    """``init`` without ``indicator`` and every reference to it (through its JSON form)."""
    data = json.loads(ci.dumps(init, format="json"))
    data["indicators"] = [i for i in data["indicators"] if i["id"] != indicator]
    for goal in data["goals"]:
        goal["indicators"] = [i for i in goal["indicators"] if i != indicator]
    for ind in data["indicators"]:
        if "drives" in ind:
            ind["drives"] = {k: v for k, v in ind["drives"].items() if k != indicator}
        if "informs" in ind:
            ind["informs"] = [i for i in ind["informs"] if i != indicator]
    for act in data["activities"]:
        if act.get("contributes"):
            act["contributes"] = {k: v for k, v in act["contributes"].items() if k != indicator}
    return ci.loads(json.dumps(data), format="json")


def _reasons(old: ci.Initiative, new: ci.Initiative, key: str) -> tuple[str, ...]:
    """The reasons under ``key`` of the diff of ``old`` and ``new``, judged on one date."""
    before = ci.assess(old)
    return before.diff(ci.assess(new, as_of=before.as_of)).reasons.get(key, ())


class TestFundingReason:
    """The reason of a closed ``short-funding`` gap writes its years as the gap did."""

    def test_years_just_short_do_not_read_as_the_minimum(self) -> None:
        """Funding to 2028-09-20, judged on 2026-09-30, is 1 calendar year to 2027-09-30 and
        356 of the 366 days to 2028-09-30 (29 February between): 1 + 356 / 366 = 1.9727 years,
        short of the 2 needed. The gap writes "1.97 years"; the reason of its closing wrote
        it with one decimal, "was 2.0", beside a minimum of 2. Now "was 1.97", and the 3
        years after as "3"."""
        init = ci.load_example("cradle-to-career")
        as_of = dt.date(2026, 9, 30)

        def funded(until: dt.date) -> ci.Assessment:
            conditions = attrs.evolve(init.conditions, funding_secured_until=until)
            return ci.assess(init.evolve(conditions=conditions), as_of=as_of)

        before = funded(dt.date(2028, 9, 20))
        after = funded(dt.date(2029, 9, 30))
        assert before.phase.preconditions.funding_years == pytest.approx(1.9727, abs=1e-4)
        shown = next(g for g in before.gaps if g.code == "short-funding")
        assert "secured for 1.97 years after 2026-09-30, less than 2" in shown.message
        assert before.diff(after).reasons["preconditions"] == (
            "funding is now secured for 3 years (until 2029-09-30), was 1.97",
        )


class TestReasonsClaimNoImprovementThatDidNotHappen:
    """A gap also closes when what it is about is gone: its reason says so, not that it mended."""

    @pytest.mark.parametrize(
        ("indicator", "expected", "untrue"),
        [
            (
                "grade8-math",
                ["grade8-math, which was off track, was removed from the initiative"],
                "grade8-math no longer off track or at risk",
            ),
            (
                "grade3-reading",
                [
                    "grade3-reading, which was off track, was removed from the initiative",
                    "grade3-reading, whose gap between groups widened, was removed from the "
                    "initiative",
                ],
                "the gap between groups in grade3-reading no longer widens",
            ),
            (
                "postsec-credential",
                ["postsec-credential, which was not measured, was removed from the initiative"],
                "postsec-credential now measured",
            ),
        ],
    )
    def test_removed_indicator(self, indicator: str, expected: list[str], untrue: str) -> None:
        """An indicator deleted between the two snapshots (with every reference to it) closes
        its off-track-indicator, widening-disparity and unmeasured-indicator gaps; the reason
        says it was removed: "grade8-math, which was off track, was removed from the
        initiative", "grade3-reading, whose gap between groups widened, was removed from the
        initiative", "postsec-credential, which was not measured, was removed from the
        initiative" — never "grade8-math no longer off track or at risk"."""
        init = ci.load_example("cradle-to-career")
        reasons = _reasons(init, _without_indicator(init, indicator), "shared_measurement")
        assert set(expected) <= set(reasons)
        assert untrue not in reasons

    def test_removed_goal_and_its_uncovered_indicator(self) -> None:
        """A goal "adults" whose only indicator "adult-literacy" no activity helps (and nobody
        measures) is removed with it: "goal adults, which no activity helped, was removed from
        the initiative" and "adult-literacy, which no activity helped, was removed from the
        initiative" (common agenda), "adult-literacy, which was not measured, was removed from
        the initiative" (shared measurement); not "goal adults is now helped by an activity"."""
        new = ci.load_example("cradle-to-career")
        old = new.evolve(
            indicators=[*new.indicators, ci.Indicator(id="adult-literacy", name="Adult literacy")],
            goals=[
                *new.goals,
                ci.Goal(id="adults", statement="Every adult reads", indicators=["adult-literacy"]),
            ],
        )
        before = ci.assess(old)
        assert {
            "uncovered-goal(goal=adults)",
            "uncovered-indicator(indicator=adult-literacy)",
            "unmeasured-indicator(indicator=adult-literacy)",
        } <= {g.key for g in before.gaps}
        reasons = before.diff(ci.assess(new, as_of=before.as_of)).reasons
        assert {
            "goal adults, which no activity helped, was removed from the initiative",
            "adult-literacy, which no activity helped, was removed from the initiative",
        } <= set(reasons["common_agenda"])
        assert (
            "adult-literacy, which was not measured, was removed from the initiative"
            in reasons["shared_measurement"]
        )
        assert not any("now helped" in r for r in reasons["common_agenda"])
        assert "adult-literacy now measured" not in reasons["shared_measurement"]

    def test_indicator_dropped_from_the_agenda(self) -> None:
        """postsec-credential stays in the initiative but no goal lists it any more: its
        unmeasured-indicator gap (of agenda indicators only) closes with "postsec-credential,
        which was not measured, is no longer on the agenda", not "postsec-credential now
        measured"."""
        init = ci.load_example("cradle-to-career")
        goals = [
            attrs.evolve(g, indicators=[i for i in g.indicators if i != "postsec-credential"])
            for g in init.goals
        ]
        reasons = _reasons(init, init.evolve(goals=goals), "shared_measurement")
        assert "postsec-credential, which was not measured, is no longer on the agenda" in reasons
        assert "postsec-credential now measured" not in reasons

    def test_partner_whose_agenda_activity_ended(self) -> None:
        """youth-mentoring, faith-coalition's only activity, ends; faith-coalition stays and
        still reports nothing: its non-reporting-partner gap closes with "faith-coalition no
        longer takes part in activities on the agenda (youth-mentoring ended)", not
        "faith-coalition now reports". Had it reported an observation, it would say
        "faith-coalition now reports". Deleted from the file, youth-mentoring "was removed from
        the initiative" (it was said to have ended, found by a reviewer)."""
        init = ci.load_example("cradle-to-career")
        ended = init.evolve(
            activities=[
                attrs.evolve(a, end=dt.date(2025, 1, 1)) if a.id == "youth-mentoring" else a
                for a in init.activities
            ]
        )
        reasons = _reasons(init, ended, "shared_measurement")
        assert (
            "faith-coalition no longer takes part in activities on the agenda "
            "(youth-mentoring ended)" in reasons
        )
        removed = init.evolve(activities=[a for a in init.activities if a.id != "youth-mentoring"])
        assert (
            "faith-coalition no longer takes part in activities on the agenda (youth-mentoring was "
            "removed from the initiative)" in _reasons(init, removed, "shared_measurement")
        )
        assert "faith-coalition now reports" not in reasons
        # it reports an observation of hs-grad on the earlier date of judgement
        when = ci.assess(init).as_of
        assert when is not None
        indicators = [
            attrs.evolve(
                i,
                observations=[
                    *i.observations,
                    ci.Observation(date=when, value=80.0, reported_by="faith-coalition"),
                ],
            )
            if i.id == "hs-grad"
            else i
            for i in init.indicators
        ]
        reasons = _reasons(init, init.evolve(indicators=indicators), "shared_measurement")
        assert "faith-coalition now reports" in reasons

    def test_a_report_before_the_baseline_is_not_now_reporting(self) -> None:
        """q reports only on 2012-06-30, before the baseline of 2020-06-30 (history), and has
        a non-reporting-partner gap. Taken out of activity a, it no longer takes part in agenda
        work, and the reason says so, not "q now reports" (its report of 2012 is no report of
        the measured period). When it reports a value of 2025-06-30 instead, "q now reports"."""
        obs = [
            ci.Observation(date=dt.date(y, 6, 30), value=40.0 + y - 2021, reported_by="p")
            for y in range(2021, 2026)
        ]
        obs.append(ci.Observation(date=dt.date(2012, 6, 30), value=30.0, reported_by="q"))
        ind = ci.Indicator(
            id="x",
            name="X rate",
            frequency="annual",
            baseline=ci.DatedValue(date=dt.date(2020, 6, 30), value=39.0),
            target=ci.DatedValue(date=dt.date(2028, 6, 30), value=50.0),
            observations=obs,
        )
        init = ci.Initiative(
            name="T",
            partners=[
                ci.Partner(id="p", name="P", sector="nonprofit"),
                ci.Partner(id="q", name="Q", sector="government"),
            ],
            goals=[ci.Goal(id="g", statement="s", indicators=["x"])],
            indicators=[ind],
            activities=[ci.Activity(id="a", name="A", partners=["p", "q"], contributes={"x": 0.5})],
            as_of=dt.date(2025, 9, 30),
        )
        assert "non-reporting-partner(partner=q)" in {g.key for g in ci.assess(init).gaps}
        alone = init.evolve(activities=[attrs.evolve(init.activities[0], partners=["p"])])
        reasons = _reasons(init, alone, "shared_measurement")
        assert "q no longer takes part in activities on the agenda" in reasons
        assert "q now reports" not in reasons
        late = ci.Observation(date=dt.date(2025, 6, 30), value=44.0, reported_by="q")
        reporting = init.evolve(indicators=[attrs.evolve(ind, observations=[*obs, late])])
        assert "q now reports" in _reasons(init, reporting, "shared_measurement")

    @staticmethod
    def _moved(baseline: dt.date, frequency: str | None = None, *extra: ci.Observation) -> Any:
        """The reviewer's case: x (baseline 50 on ``baseline``, target 70 for 2027-12-31); q's
        only report is of 2020-06-01, p reports every 1 June of 2021..2023 (and ``extra``);
        both help x directly. Judged on 2023-07-01."""
        obs = [
            ci.Observation(date=dt.date(2020, 6, 1), value=52.0, reported_by="q"),
            *(
                ci.Observation(date=dt.date(y, 6, 1), value=53.0 + y - 2021, reported_by="p")
                for y in range(2021, 2024)
            ),
            *extra,
        ]
        return ci.Initiative(
            name="H",
            partners=[
                ci.Partner(id="p", name="P", sector="government"),
                ci.Partner(id="q", name="Q", sector="government"),
            ],
            goals=[ci.Goal(id="g", statement="G", indicators=["x"])],
            indicators=[
                ci.Indicator(
                    id="x",
                    name="Rate",
                    frequency=frequency,
                    direction="increase",
                    baseline=ci.DatedValue(date=baseline, value=50.0),
                    target=ci.DatedValue(date=dt.date(2027, 12, 31), value=70.0),
                    observations=obs,
                )
            ],
            activities=[ci.Activity(id="a", name="A", partners=["p", "q"], contributes={"x": 0.5})],
            as_of=dt.date(2023, 7, 1),
        )

    def test_a_moved_baseline_is_said_not_a_new_report(self) -> None:
        """Only x's baseline is re-dated, 2020-12-31 → 2019-06-01: q's report of 2020-06-01,
        history beside the first (no frequency: dated before it), is of the measured period
        beside the second, and q's gap closes. q filed nothing new, so the reason is the moved
        baseline, "q's report of 2020-06-01 on x now falls in the measured period: x's baseline
        moved from 2020-12-31 to 2019-06-01", not "q now reports". The other way the gap opens,
        and says why: "... now falls before the measured period: x's baseline moved from
        2019-06-01 to 2020-12-31". With an annual frequency the baseline moves a year,
        2019-06-01 → 2021-06-01 (2020 is the measured period beside the first, history beside
        the second). A new report of q still reads "q now reports"."""
        early, late = self._moved(dt.date(2019, 6, 1)), self._moved(dt.date(2020, 12, 31))
        closed = _reasons(late, early, "shared_measurement")
        assert (
            "q's report of 2020-06-01 on x now falls in the measured period: x's baseline moved "
            "from 2020-12-31 to 2019-06-01"
        ) in closed
        assert "q now reports" not in closed
        assert (
            "new gap: partner in agenda activities reports no measurement since the baseline: q "
            "(q's report of 2020-06-01 on x now falls before the measured period: x's baseline "
            "moved from 2019-06-01 to 2020-12-31)"
        ) in _reasons(early, late, "shared_measurement")
        annual = [self._moved(dt.date(y, 6, 1), "annual") for y in (2019, 2021)]
        assert (
            "q's report of 2020-06-01 on x now falls in the measured period: x's baseline moved "
            "from 2021-06-01 to 2019-06-01"
        ) in _reasons(annual[1], annual[0], "shared_measurement")
        # a report q files beside the move: it reports something new
        new = ci.Observation(date=dt.date(2023, 6, 1), value=56.0, reported_by="q")
        filed = self._moved(dt.date(2019, 6, 1), None, new)
        assert "q now reports" in _reasons(late, filed, "shared_measurement")

    def test_a_frequency_given_is_said(self) -> None:
        """x had no frequency and its baseline dated 2020-12-31: q's report of 2020-06-01 was
        history. Given an annual frequency, the measured period begins with 2020: the report
        now counts, and the reason names the frequency, not a new report."""
        before = self._moved(dt.date(2020, 12, 31))
        after = self._moved(dt.date(2020, 12, 31), "annual")
        assert (
            "q's report of 2020-06-01 on x now falls in the measured period: x's frequency is "
            "annual now (it had none)"
        ) in _reasons(before, after, "shared_measurement")

    def test_backbone_handover(self) -> None:
        """The backbone passes from united-way to schools with the same staff and functions:
        the gaps keyed on united-way close and the same ones open for schools; the reasons say
        "the backbone changed from united-way to schools; facilitator still unstaffed" and
        "the backbone changed from united-way to schools; advance policy still not carried
        out", not "facilitator staffed" or "advance policy now carried out". When schools
        staffs a facilitator and advances policy: "the backbone changed from united-way to
        schools; facilitator staffed" and "...; advance policy now carried out"."""
        init = ci.load_example("cradle-to-career")
        assert init.backbone is not None
        same = attrs.evolve(init.backbone, organization="schools")
        reasons = _reasons(init, init.with_backbone(same), "backbone_support")
        assert {
            "the backbone changed from united-way to schools; facilitator still unstaffed",
            "the backbone changed from united-way to schools; advance policy still not carried out",
            "the backbone changed from united-way to schools; build public will still not "
            "carried out",
        } <= set(reasons)
        assert "facilitator staffed" not in reasons
        assert "advance policy now carried out" not in reasons
        better = attrs.evolve(
            same,
            staff={role.value: fte for role, fte in same.staff.items()} | {"facilitator": 1.0},
            functions={f.value: level.value for f, level in same.functions.items()}
            | {"advance_policy": "partial"},
        )
        reasons = _reasons(init, init.with_backbone(better), "backbone_support")
        assert {
            "the backbone changed from united-way to schools; facilitator staffed",
            "the backbone changed from united-way to schools; advance policy now carried out",
            "the backbone changed from united-way to schools; build public will still not "
            "carried out",
        } <= set(reasons)

    def test_backbone_removed(self) -> None:
        """With no backbone named (united-way stays a partner) the backbone gaps close with
        "the backbone united-way, which had no facilitator, was removed" and "the backbone
        united-way, which did not advance policy, was removed"; when united-way leaves the
        initiative (without_partner), "... left the initiative". Never "facilitator staffed"."""
        init = ci.load_example("cradle-to-career")
        reasons = _reasons(init, init.evolve(backbone=None), "backbone_support")
        assert {
            "the backbone united-way, which had no facilitator, was removed",
            "the backbone united-way, which did not advance policy, was removed",
            "the backbone united-way, which did not build public will, was removed",
            "new gap: no backbone organisation on record"
            " (united-way has the role 'backbone', but no record)",
        } <= set(reasons)
        assert "facilitator staffed" not in reasons
        reasons = _reasons(init, without_partner(init, "united-way"), "backbone_support")
        assert {
            "the backbone united-way, which had no facilitator, left the initiative",
            "the backbone united-way, which did not advance policy, left the initiative",
        } <= set(reasons)
        assert not any(r.endswith(("staffed", "now carried out")) for r in reasons)

    def test_tolerance_applies_to_the_sub_measures(
        self, snapshots: tuple[ci.Assessment, ci.Assessment]
    ) -> None:
        """With ``tolerance=0.05`` the alignment index of the two cradle-to-career snapshots is
        unchanged (0.5660 -> 0.6100, +0.044), so "alignment index 0.566 → 0.610" is not quoted
        behind the score of mutually reinforcing activities (nor efficiency 0.77 → 0.80); the
        staffing change (0.50 → 0.83) still is. At the default tolerance both are quoted."""
        old, new = snapshots
        change = old.diff(new, tolerance=0.05)
        assert change.alignment_index[2] == 0.0
        behind = [r for rs in change.reasons.values() for r in rs if r.startswith("behind")]
        assert not any("alignment index" in r or "efficiency" in r for r in behind)
        assert "behind the score: staffing 0.50 → 0.83" in change.reasons["backbone_support"]
        assert (
            "behind the score: alignment index 0.566 → 0.610, efficiency 0.77 → 0.80"
            in old.diff(new).reasons["mutually_reinforcing_activities"]
        )


def _network(ids: str, ties: list[str], backbone: str = "a") -> ci.Initiative:
    """Partners ``ids`` (one letter each, of five sectors in turn) and communication ties."""
    sectors = ("nonprofit", "government", "business", "community", "philanthropy")
    return ci.Initiative(
        name="Frag",
        partners=[
            ci.Partner(id=p, name=p.upper(), sector=sectors[k % 5]) for k, p in enumerate(ids)
        ],
        ties=[ci.Tie(source=t[0], target=t[1]) for t in ties],
        backbone=ci.Backbone(organization=backbone) if backbone in ids else None,
    )


def _network_reasons(old: ci.Initiative, new: ci.Initiative) -> tuple[str, ...]:
    return ci.assess(old).diff(ci.assess(new)).reasons.get("continuous_communication", ())


class TestNetworkGapsClosedSayHow:
    """A closed fragmented-network or single-point-of-failure gap said the network was whole,
    or the cut point no longer the only link, whatever the cause: a detached group that lost
    its ties (its partners isolated, not counted by fragmented-network) read as a network
    joined, while it went from 2 to 3 components."""

    def test_a_group_that_lost_its_ties_is_not_a_network_joined(self) -> None:
        """a - b - c (a the backbone) and d - e: two groups, d and e outside the largest.
        Without the tie d - e, d and e are isolated (two isolated-partner gaps open) and the
        tied partners are one group: the gap closes, with 3 components instead of 2."""
        old = _network("abcde", ["ab", "bc", "de"])
        new = old.evolve(ties=[t for t in old.ties if t.source != "d"])
        before, after = ci.assess(old), ci.assess(new)
        assert (before.network.components, after.network.components) == (2, 3)
        change = before.diff(after)
        assert [g.key for g in change.closed] == ["fragmented-network()"]
        reasons = change.reasons["continuous_communication"]
        said = (
            "the partners outside the largest group, d and e, lost their ties to each other "
            "and are now isolated (no tie to anyone)"
        )
        assert said in reasons
        assert not any("no longer in separate parts" in r for r in reasons)
        assert "no longer in separate parts" not in change.summary()
        assert said in " ".join(change.summary().split())
        page = render_report(after, changes=change)
        assert "no longer in separate parts" not in page
        assert "lost their ties to each other" in page

    def test_the_names_do_not_decide_which_group_is_outside(self) -> None:
        """The same networks with the ids of the outside group sorting first (d, e -> a, b;
        a, b, c -> x, y, z): the largest group is still the outside one's counterpart."""
        old = _network("xyzab", ["xy", "yz", "ab"], backbone="x")
        new = old.evolve(ties=[t for t in old.ties if t.source != "a"])
        assert (
            "the partners outside the largest group, a and b, lost their ties to each other "
            "and are now isolated (no tie to anyone)"
        ) in _network_reasons(old, new)
        joined = old.evolve(ties=[*old.ties, ci.Tie(source="a", target="z")])
        assert (
            "the network is no longer in separate parts: a and b, outside the largest group, "
            "are now connected to it (new tie a – z)"
        ) in _network_reasons(old, joined)

    def test_groups_joined_by_a_tie(self) -> None:
        """The tie c - d joins d - e to a - b - c: the network is one group."""
        old = _network("abcde", ["ab", "bc", "de"])
        new = old.evolve(ties=[*old.ties, ci.Tie(source="d", target="c")])
        assert (
            "the network is no longer in separate parts: d and e, outside the largest group, "
            "are now connected to it (new tie c – d)"
        ) in _network_reasons(old, new)

    def test_groups_joined_through_a_partner_who_joined(self) -> None:
        """x joins, tied to c and to d: d and e are connected to a - b - c through it (no
        tie between the two groups)."""
        old = _network("abcde", ["ab", "bc", "de"])
        new = _network("abcdex", ["ab", "bc", "de", "cx", "xd"])
        assert (
            "the network is no longer in separate parts: d and e, outside the largest group, "
            "are now connected to it (through the new ties of x)"
        ) in _network_reasons(old, new)

    def test_a_group_that_left(self) -> None:
        """d and e leave the initiative (with their tie)."""
        old = _network("abcde", ["ab", "bc", "de"])
        reasons = _network_reasons(old, _network("abc", ["ab", "bc"]))
        assert "the partners outside the largest group, d and e, left the initiative" in reasons
        assert not any("no longer in separate parts" in r for r in reasons)

    def test_one_group_joined_another_lost(self) -> None:
        """Three groups, a - b - c, d - e and f - g: c - d joins the second to the first, and
        f - g is dropped: f and g are isolated. Both are said; "the partners outside the largest
        group" would be d, e, f and g, so f and g are "partners outside" it. In another order,
        with other names for the outside groups, the same sentence."""
        old = _network("abcdefg", ["ab", "bc", "de", "fg"])
        new = _network("abcdefg", ["ab", "bc", "de", "cd"])
        expected = (
            "the network is no longer in separate parts: d and e, outside the largest group, "
            "are now connected to it (new tie c – d); partners outside the largest group, f "
            "and g, lost their ties to each other and are now isolated (no tie to anyone)"
        )
        assert expected in _network_reasons(old, new)
        # the lists reversed: the same reason
        flipped = [i.evolve(partners=i.partners[::-1], ties=i.ties[::-1]) for i in (old, new)]
        assert expected in _network_reasons(*flipped)

    def test_the_largest_group_lost_its_ties(self) -> None:
        """a - b - c loses its ties; d - e stays, now the only group."""
        old = _network("abcde", ["ab", "bc", "de"])
        reasons = _network_reasons(old, _network("abcde", ["de"]))
        assert (
            "the partners of the largest group, a, b and c, lost their ties to each other and "
            "are now isolated (no tie to anyone)"
        ) in reasons
        assert not any("no longer in separate parts" in r for r in reasons)

    def test_a_group_partly_left_partly_isolated(self) -> None:
        """d - e - f outside a - b - c: e leaves (with its ties), d and f are isolated."""
        old = _network("abcdef", ["ab", "bc", "de", "ef"])
        assert (
            "the partners outside the largest group, d, e and f: e left the initiative, and d "
            "and f lost their ties and are now isolated (no tie to anyone)"
        ) in _network_reasons(old, _network("abcdf", ["ab", "bc"]))

    def test_a_cut_point_whose_other_side_lost_its_tie(self) -> None:
        """a - b - c cut at b - c: b is no longer a cut point because c is isolated, not
        because a link was added around it."""
        old = _network("abc", ["ab", "bc"])
        reasons = _network_reasons(old, _network("abc", ["ab"]))
        assert (
            "b no longer links separate parts of the network: its tie to c was removed, and c "
            "is now isolated (no tie to anyone)"
        ) in reasons
        assert not any("no longer the only link" in r for r in reasons)

    def test_a_cut_point_whose_other_side_left(self) -> None:
        """a - b - c - d without c: b is a leaf, d isolated."""
        old = _network("abcd", ["ab", "bc", "cd"])
        reasons = _network_reasons(old, _network("abd", ["ab"]))
        assert "b no longer links separate parts of the network: c left the initiative" in reasons
        assert "c left the initiative" in reasons  # c's own cut point: it left

    def test_a_cut_point_whose_tie_was_removed(self) -> None:
        """a - b - c - d without b - c: two groups, a - b and c - d (fragmented-network
        opens); neither b nor c links anything."""
        old = _network("abcd", ["ab", "bc", "cd"])
        reasons = _network_reasons(old, _network("abcd", ["ab", "cd"]))
        assert {
            "b no longer links separate parts of the network: its tie to c was removed, and c "
            "is now in another part of the network",
            "c no longer links separate parts of the network: its tie to b was removed, and b "
            "is now in another part of the network",
            "new gap: network in separate parts",
        } <= set(reasons)

    def test_a_cut_point_bypassed(self) -> None:
        """The chain a - b - c - d closed into a ring by d - a: b's neighbours a and c are
        connected without it (through d), c's b and d (through a)."""
        old = _network("abcd", ["ab", "bc", "cd"])
        reasons = _network_reasons(old, _network("abcd", ["ab", "bc", "cd", "da"]))
        assert {
            "b is no longer the only link between parts of the network: the partners it "
            "linked, a and c, are now connected without it",
            "c is no longer the only link between parts of the network: the partners it "
            "linked, b and d, are now connected without it",
        } <= set(reasons)

    def test_a_cut_point_that_lost_every_tie(self) -> None:
        """a - b - c without a tie: b is isolated, and so are a and c."""
        old = _network("abc", ["ab", "bc"])
        assert (
            "b no longer links separate parts of the network: it is now isolated (no tie to "
            "anyone); its ties to a and c were removed, and they are now isolated (no tie to "
            "anyone)"
        ) in _network_reasons(old, _network("abc", []))


class TestReasonHeadings:
    """The heading of each score's reasons is true of all of them: some pull the other way
    (a gap opened under a score that rose), so it says how the score moved and what changed;
    an index that became defined or undefined says so."""

    def test_reasons_pulling_the_other_way(self, c2c_change: ci.AssessmentDiff) -> None:
        """Shared measurement rose (0.65 → 0.75) while restorative-center's reporting gap
        opened and chronic-absence went from at risk to off track: "rose:" claimed both rose."""
        text = c2c_change.summary()
        reasons = c2c_change.reasons["shared_measurement"]
        assert (
            "new gap: partner in agenda activities reports no measurement since the baseline: "
            "restorative-center"
        ) in reasons
        # and its values improved: the interval narrowed, the forecast moved towards 12
        assert (
            "chronic-absence went from at risk to off track; latest 21 → 15.5 (better); "
            "forecast 14.4 → 13.8 (better); its forecast moved towards the target, but the "
            "prediction interval around it no longer reaches the target"
        ) in reasons
        assert "  Shared measurement rose; what changed:" in text.splitlines()
        assert "- Shared measurement rose; what changed:" in c2c_change.summary(markdown=True)
        assert not [line for line in text.splitlines() if line.endswith(("rose:", "fell:"))]

    def test_index_became_defined_and_undefined(self) -> None:
        """Two partners with no activity have no alignment index (no interdependent pairs);
        workforce has one (0.633). Its reasons were headed "Alignment index undefined:"."""
        empty = ci.assess(make(["a", "b"], [("a", "b")]))
        workforce = ci.assess(ci.load_example("workforce"))
        assert empty.alignment.index is None
        assert workforce.alignment.index is not None
        became = empty.diff(workforce)
        assert became.alignment_index[:2] == (None, workforce.alignment.index)
        lines = became.summary().splitlines()
        assert "  Alignment index became defined; what changed:" in lines
        assert "  alignment index                   – → 0.633" in lines
        lines = workforce.diff(empty).summary().splitlines()
        assert "  Alignment index became undefined; what changed:" in lines

    @pytest.mark.parametrize(
        ("key", "before", "after", "change", "expected"),
        [
            ("overall", 0.6, 0.5, -0.1, "Overall score fell; what changed:"),
            ("backbone_support", 0.5, 0.5, 0.0,
             "Backbone support unchanged, though these changed:"),
            ("alignment_index", None, None, None,
             "Alignment index undefined before and after, though these changed:"),
        ],
    )  # fmt: skip
    def test_heading(
        self, key: str, before: float | None, after: float | None, change: float | None,
        expected: str,
    ) -> None:  # fmt: skip
        from collective_impact._changes import reason_heading

        assert reason_heading(key, before, after, change) == expected


class TestDecimalsAddingUp:
    """Before + change = after as written: 0.60008 → 0.65857 (+0.05849) needs four decimals
    (0.6001 + 0.0585 = 0.6586; with three, 0.600 + 0.058 = 0.658, not 0.659)."""

    @pytest.mark.parametrize(
        ("before", "after", "expected"),
        [(0.60008, 0.65857, 4), (0.6, 0.633, 3), (0.12345, 0.12345 + 1e-9, 9)],
    )
    def test_decimals(self, before: float, after: float, expected: int) -> None:
        from collective_impact._changes import change_text, decimals_adding_up

        change = after - before
        places = decimals_adding_up(before, after, change)
        assert places == expected
        text = change_text(before, after, change, 3)
        written = [float(x) for x in text.replace("→", " ").strip("()").replace("(", "").split()]
        assert round(written[0] + written[2], places) == round(written[1], places)

    def test_a_score_below_1_is_not_written_1(self) -> None:
        """0.999 → 0.9996 (+0.0006) adds up with three decimals, "0.999 → 1.000 (+0.001)",
        but 0.9996 is not 1: four, "0.9990 → 0.9996 (+0.0006)"."""
        from collective_impact._changes import change_text

        assert change_text(0.999, 0.9996, 0.0006, 3) == "0.9990 → 0.9996 (+0.0006)"

    def test_a_small_gain_is_not_written_0(self) -> None:
        """The recommendation 0.899928 → 0.899968 (+4.0e-05): "0.8999 → 0.9000 (+0.0000)" with
        four decimals; with five, 0.89993 + 0.00004 = 0.89997."""
        from collective_impact._changes import written_change

        assert written_change(0.899928, 0.899968, 4.0e-05, 4) == ("0.89993", "0.89997", "+0.00004")

    def test_rounding_is_not_monotone_in_the_decimals(self) -> None:
        """0.6000472555 → 0.6000527316 reads apart with four decimals (0.6000 → 0.6001) but
        alike with five (0.60005 → 0.60005 (+0.00001)), which was written: each precision is
        checked on its own, and the first where all holds is nine (0.600047256 + 0.000005476 =
        0.600052732). 0.0436425081 → 0.0384861856 read "0.044 → 0.038 (-0.005)" (not adding
        up) though seven decimals add up (0.0436425 − 0.0051563 = 0.0384862)."""
        from collective_impact._changes import change_text

        before, after = 0.6000472555, 0.6000527316
        assert change_text(before, after, after - before, 3) == (
            "0.600047256 → 0.600052732 (+0.000005476)"
        )
        before, after = 0.0436425081, 0.0384861856
        assert change_text(before, after, after - before, 3) == (
            "0.0436425 → 0.0384862 (-0.0051563)"
        )

    @given(
        st.floats(0, 1, allow_nan=False, allow_subnormal=False),
        st.floats(0, 1, allow_nan=False, allow_subnormal=False),
    )
    def test_a_change_is_never_written_as_none(self, before: float, after: float) -> None:
        """Two different scores never read alike, nor their change as 0."""
        from decimal import Decimal

        from collective_impact._changes import written_change

        assume(abs(after - before) > 1e-12)
        bt, at, ct = written_change(before, after, after - before, 3)
        assert bt != at
        assert Decimal(ct) != 0

    def test_repeating_decimals_that_never_add_up(self) -> None:
        """47/90 = 0.52222… → 46.985/90 = 0.52205555… (−0.015/90 = −0.00016666…): each rounded
        on its own, 0.5222 − 0.0002 ≠ 0.5221, 0.52222 − 0.00017 ≠ 0.52206, and so on at every
        precision. Four decimals (the fewest that write the change apart from 0), each number
        right to its last one, rather than twelve."""
        from collective_impact._changes import change_text

        assert change_text(47 / 90, 46.985 / 90, -0.015 / 90, 2) == "0.5222 → 0.5221 (-0.0002)"

    def test_unchanged_and_undefined(self) -> None:
        from collective_impact._changes import change_text

        assert change_text(0.5, 0.5, 0.0, 2) == "0.50 (unchanged)"
        assert change_text(None, 0.633, None, 3) == "– → 0.633"
        # a score unchanged at 0.998889 is not "1.00"
        assert change_text(0.998889, 0.998889, 0.0, 2) == "0.999 (unchanged)"


class TestReasonsSayWhatHappened:
    """Closed gaps whose reason claimed an improvement that did not happen (review of the
    eighteenth session): a duplicate cluster that grew, a partner that left, an indicator that
    lost its target or data, settings that changed."""

    def test_a_duplicate_cluster_that_grew(self) -> None:
        """A copy of club-reading-tutoring joins its cluster with reading-tutoring: the gap
        keyed on the two closes and one keyed on the three opens. The reason said "no longer
        duplicate each other" though the pair still does (D = 0.658 in duplication_pairs)."""
        init = ci.load_example("cradle-to-career")
        first = init.activity("club-reading-tutoring")
        copy = attrs.evolve(first, id="club-reading-tutoring-copy", name="Copy")
        reasons = _reasons(
            init,
            init.evolve(activities=(*init.activities, copy)),
            "mutually_reinforcing_activities",
        )
        assert (
            "club-reading-tutoring and reading-tutoring still duplicate each other: "
            "club-reading-tutoring-copy joined them, in a cluster of 3"
        ) in reasons
        assert not any("no longer duplicate" in r for r in reasons)

    def test_a_partner_that_left_did_not_mend_its_ties(self) -> None:
        """Without faith-coalition (and its activity) its uncoordinated-interdependence gap
        closes: "faith-coalition and schools no longer lead interdependent work without an
        adequate tie" would read as mended coordination; the reason says the partner left."""
        init = ci.load_example("cradle-to-career")
        reasons = _reasons(init, without_partner(init, "faith-coalition"), "alignment_index")
        assert (
            "faith-coalition left the initiative "
            "(its interdependent work with schools had no adequate tie)"
        ) in reasons
        assert not any("no longer lead interdependent work" in r for r in reasons)

    @pytest.mark.parametrize(
        ("change", "why"),
        [
            ({"target": None}, "its target was removed"),
            ({"observations": ()}, "it has no whole-population value from its baseline on"),
        ],
    )
    def test_an_indicator_that_can_no_longer_be_judged(
        self, change: dict[str, object], why: str
    ) -> None:
        """postsec-enroll is off track; without its target (or its observations) it is
        insufficient-data, and its gap closed "no longer off track or at risk (now
        insufficient data)", an improvement that did not happen."""
        init = ci.load_example("cradle-to-career")
        assert ci.assess(init).indicator("postsec-enroll").status.value == "off-track"
        indicators = [
            attrs.evolve(i, **change) if i.id == "postsec-enroll" else i for i in init.indicators
        ]
        reasons = _reasons(init, init.evolve(indicators=indicators), "shared_measurement")
        assert (
            f"postsec-enroll can no longer be judged ({why}), which is not an improvement"
        ) in reasons
        assert not any("no longer off track" in r for r in reasons)

    def test_settings_that_differ_are_stated(self) -> None:
        """The same initiative under other settings: the diff had no word of them, and its
        reasons read "funding is now secured for 0.75 years (until 2027-06-30), was 0.75"
        with 5 gaps "opened". The settings that differ are a field, in to_dict() and atop the
        summary, count as a change, and the funding reason says the minimum moved."""
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        config = ci.ScoringConfig(min_funding_years=0.5, weak_tie=0.9)
        change = before.diff(ci.assess(init, config=config, as_of=before.as_of))
        assert change.settings == (("min_funding_years", 2.0, 0.5), ("weak_tie", 0.3, 0.9))
        assert change.to_dict()["settings"][0] == {
            "name": "min_funding_years",
            "before": 2.0,
            "after": 0.5,
        }
        assert change.changed
        assert (
            "Settings differ: min_funding_years 2 → 0.5, weak_tie 0.3 → 0.9. The changes below "
            "may come from them, not only from the initiative."
        ) in change.summary()
        assert change.reasons["preconditions"] == (
            "funding is secured for 0.75 years, as before; min_funding_years 2 → 0.5",
        )
        assert before.diff(before).settings == ()
        shown = "min_funding_years 2 → 0.5, weak_tie 0.3 → 0.9"
        assert f"<b>settings differ</b>: {shown}" in change._repr_html_()
        after = ci.assess(init, config=config, as_of=before.as_of)
        page = render_report(after, changes=change)
        assert f"<strong>The settings differ</strong>: {shown}" in page

    def test_one_year_of_funding_is_one_year(self) -> None:
        """Funding that now runs a year past the date of judgement read "funding is now secured
        for 1 years", and under another minimum "funding is secured for 1 years, as before"."""
        init = ci.load_example("workforce")
        before = ci.assess(init)
        init = init.evolve(
            conditions=attrs.evolve(init.conditions, funding_secured_until=dt.date(2011, 12, 31))
        )
        after = ci.assess(init)
        assert (
            before.diff(after)
            .reasons["preconditions"][0]
            .startswith(
                "funding is now secured for 1 year (until 2011-12-31), was 0; still short of the 2 "
                "years needed"
            )
        )
        other = ci.assess(init, config=ci.ScoringConfig(min_funding_years=0.5))
        assert after.diff(other).reasons["preconditions"] == (
            "funding is secured for 1 year, as before; min_funding_years 2 → 0.5",
        )

    def test_funding_that_ended_says_when(self) -> None:
        """workforce judged on 2011-06-30: its funding ended on 2010-12-31, 181 days before
        (181/365 = 0.4959 years, "0.5"); moved to 2011-03-31, 91 days before (91/365 = 0.2493,
        "0.25"), and to 2012-03-31, 275 days after (0.7534, "0.75"). The reason clamped the
        years at 0: "funding is now secured for 0 years (until 2011-03-31), was 0", though the
        funding now ran a quarter of a year longer (found by a reviewer). It says when it
        ended, as the short-funding gap does."""
        init = ci.load_example("workforce")
        when = dt.date(2011, 6, 30)

        def judged(until: dt.date, **config: float) -> ci.Assessment:
            conditions = attrs.evolve(init.conditions, funding_secured_until=until)
            settings = ci.ScoringConfig(**config)
            return ci.assess(init.evolve(conditions=conditions), config=settings, as_of=when)

        ended = judged(dt.date(2010, 12, 31))
        later = judged(dt.date(2011, 3, 31))
        funded = judged(dt.date(2012, 3, 31))
        assert ended.diff(later).reasons["preconditions"] == (
            "funding is now secured until 2011-03-31, 0.25 years before the date of judgement, "
            "was 0.5 years before it; still short of the 2 years needed",
        )
        assert (
            ended.diff(funded)
            .reasons["preconditions"][0]
            .startswith(
                "funding is now secured for 0.75 years (until 2012-03-31); it had ended 0.5 years "
                "before the date of judgement; still short of the 2 years needed"
            )
        )
        assert (
            funded.diff(ended)
            .reasons["preconditions"][0]
            .startswith(
                "funding is now secured until 2010-12-31, 0.5 years before the date of judgement, "
                "was secured for 0.75 years; still short of the 2 years needed"
            )
        )
        other = judged(dt.date(2010, 12, 31), min_funding_years=1)
        assert ended.diff(other).reasons["preconditions"] == (
            "funding ended 0.5 years before the date of judgement, as before; "
            "min_funding_years 2 → 1",
        )

    def test_short_funding_still_open_says_what_is_needed(self) -> None:
        """workforce judged on 2011-06-30, its funding moved from 2010-12-31 (0.5 years before)
        to 2011-03-31 (0.25 years before): the gap stays open. With no minimum the reason said
        "still short of the 0 needed" (none is needed beyond the date of judgement: what is
        short is funding up to it), and with a minimum of 1 "short of the 1 needed" without a
        unit (found by a reviewer). It says it as the short-funding gap does."""
        init = ci.load_example("workforce")
        when = dt.date(2011, 6, 30)

        def judged(until: dt.date, minimum: float) -> ci.Assessment:
            conditions = attrs.evolve(init.conditions, funding_secured_until=until)
            settings = ci.ScoringConfig(min_funding_years=minimum)
            return ci.assess(init.evolve(conditions=conditions), config=settings, as_of=when)

        for minimum, short in (
            (0, "still short of funding up to the date of judgement"),
            (1, "still short of the 1 year needed"),
            (2.5, "still short of the 2.5 years needed"),
        ):
            ended = judged(dt.date(2010, 12, 31), minimum)
            later = judged(dt.date(2011, 3, 31), minimum)
            assert ended.diff(later).reasons["preconditions"] == (
                "funding is now secured until 2011-03-31, 0.25 years before the date of "
                f"judgement, was 0.5 years before it; {short}",
            )


class TestTiesModified:
    """Ties were compared by the strongest strength of each pair only: turning every
    communication tie into a funding tie (the same strengths) gave ``changed`` False and
    "Partners, ties and activities: no change", though every directed network measure moved."""

    def test_a_change_of_kind_is_a_change(self) -> None:
        init = ci.load_example("workforce")
        before = ci.assess(init)
        funding = [
            attrs.evolve(t, kind="funding") if t.kind.value == "communication" else t
            for t in init.ties
        ]
        change = before.diff(ci.assess(init.evolve(ties=funding), as_of=before.as_of))
        first = next(t for t in init.ties if t.kind.value == "communication")
        p, q = sorted((first.source, first.target))
        strength = f"{float(first.strength):g}"
        assert change.changed
        assert change.ties_changed == ()
        assert (
            p,
            q,
            f"communication {strength}",
            f"funding {first.source}→{first.target} {strength}",
        ) in change.ties_modified
        assert change.to_dict()["ties"]["modified"][0].keys() == {
            "source",
            "target",
            "before",
            "after",
            "kinds",
        }
        assert "ties modified: " in change.summary()
        # each kind on its own side, not "(communication 0.5 → funding p→q 0.5)": the one
        # arrow was both the funding tie's direction and before → after
        assert (
            f"{p} – {q}: communication tie {strength} removed and funding tie {strength} added "
            f"(strongest tie: communication {strength} → funding {strength})"
        ) in " ".join(change.summary(max_lines=None).split())

    def test_a_mutual_tie_the_other_way_or_both_ways_is_no_change(self) -> None:
        init = ci.load_example("workforce")
        before = ci.assess(init)
        mutual = [t for t in init.ties if not t.kind.directed]
        reversed_ = [
            attrs.evolve(t, source=t.target, target=t.source) if not t.kind.directed else t
            for t in init.ties
        ]
        both = [*init.ties, *(attrs.evolve(t, source=t.target, target=t.source) for t in mutual)]
        for ties in (reversed_, both):
            after = ci.assess(init.evolve(ties=ties), as_of=before.as_of)
            assert before.diff(after).ties_modified == ()


def _retargeted(init: ci.Initiative, indicator: str, value: float) -> ci.Initiative:
    """``init`` with the target of ``indicator`` set to ``value`` (its date kept)."""
    return init.evolve(
        indicators=tuple(
            attrs.evolve(i, target=attrs.evolve(i.target, value=value))
            if i.id == indicator and i.target is not None
            else i
            for i in init.indicators
        )
    )


class TestWhatTheReaderIsToldChanged:
    """What the change report says agrees with what changed (reported by a reviewer)."""

    def test_a_lowered_target_is_no_improvement(self) -> None:
        """hs-grad: latest 82, forecast 88.45 for 2030-08-31, target 90: off track. With the
        target lowered to 86 and nothing else changed, the forecast 88.45 meets it: on track.
        The report said "hs-grad no longer off track or at risk (now on track)", and the new
        target appeared nowhere: it is the target that moved, not the indicator."""
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        after = ci.assess(_retargeted(init, "hs-grad", 86.0), as_of=before.as_of)
        diff = before.diff(after)
        (hs,) = [c for c in diff.indicators if c.indicator == "hs-grad"]
        assert hs.status == ("off-track", "on-track")
        assert (hs.target, hs.target_changed, hs.change) == ((90.0, 86.0), True, 0.0)
        assert hs.to_dict()["target"] == {"before": 90.0, "after": 86.0}
        assert hs.text() == "hs-grad: off track → on track, latest 82; target 90 → 86 by 2030-08-31"
        assert (
            "hs-grad is now on track against another yardstick (target 90 → 86 by 2030-08-31); "
            "its latest value, 82, did not change: the target moved, not the indicator"
        ) in diff.reasons["shared_measurement"]
        assert not any("no longer off track" in r for r in diff.reasons["shared_measurement"])

    def test_a_gap_that_says_something_else_is_a_change(self) -> None:
        """Funding secured until 2028-06-30 instead of 2027-06-30, judged on 2026-09-30: 1.7
        years instead of 0.75, still short of 2. The gap persists with the same severity and a
        new message; the diff said ``changed`` False and the report "No change"."""
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        longer = init.evolve(
            conditions=attrs.evolve(init.conditions, funding_secured_until=dt.date(2028, 6, 30))
        )
        diff = before.diff(ci.assess(longer, as_of=before.as_of))
        assert diff.changed
        ((old, new),) = diff.gaps_changed
        assert (old.code, old.severity) == ("short-funding", new.severity)
        assert diff.reasons["preconditions"] == (
            "funding is now secured for 1.7 years (until 2028-06-30), was 0.75; still short of "
            "the 2 years needed",
        )
        text = diff.summary()
        assert "Gaps: 0 opened, 0 closed, 34 persisting (1 changed)" in text
        assert "0.75 years of funding left, 2 needed → 1.7 years of funding left" in " ".join(
            text.split()
        )
        assert [p["changed"] for p in diff.to_dict()["persisting"]].count(True) == 1
        html = render_report(ci.assess(longer, as_of=before.as_of), changes=diff)
        assert "No change:" not in html
        assert 'id="gaps-changed"' in html
        # a target raised, still off track: a change, with the new target named
        raised = before.diff(ci.assess(_retargeted(init, "hs-grad", 95.0), as_of=before.as_of))
        assert raised.changed
        assert (
            "hs-grad is still off track; latest 82; target 90 → 95 by 2030-08-31"
            in raised.reasons["shared_measurement"]
        )

    def test_a_value_that_changed_never_reads_unchanged(self) -> None:
        """48.12341 → 48.12344 read "48.1234 → 48.1234"; 1,234,567.2 → 1,234,567.4 read
        "1,234,567 → 1,234,567"."""
        day = dt.date(2024, 1, 1)

        def snapshot(readiness: float, residents: float) -> ci.Initiative:
            return ci.Initiative(
                name="Rounding",
                partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
                indicators=[
                    ci.Indicator(
                        id=i,
                        name=i,
                        direction="increase",
                        observations=[ci.Observation(date=day, value=v)],
                    )
                    for i, v in (("k-ready", readiness), ("residents", residents))
                ],
            )

        diff = ci.assess(snapshot(48.12341, 1234567.2)).diff(
            ci.assess(snapshot(48.12344, 1234567.4))
        )
        assert [c.text() for c in diff.indicators] == [
            "k-ready: insufficient data, latest 48.12341 → 48.12344 (better)",
            "residents: insufficient data, latest 1,234,567.2 → 1,234,567.4 (better)",
        ]

    def test_a_disparity_no_longer_significant_is_not_said_to_stop(
        self, c2c_change: ci.AssessmentDiff
    ) -> None:
        """grade3-reading's gap between groups: 25 on 2027-06-30, still rising 0.971 a year,
        but p = 0.181 is above the level 0.1 (the larger of 0.156, the gaps 21, 24.5, 28, 31.5,
        28 and 25 points, and 0.181, on the arcsine scale of the percentages: scipy's linregress
        on either, TestPercentagesAndProportions). The report said it "no longer widens"."""
        assert (
            "the gap between groups in grade3-reading no longer widens significantly (gap 25 on "
            "2027-06-30, trend +0.971 a year, p = 0.18)"
        ) in c2c_change.reasons["shared_measurement"]

    def test_a_disparity_gone_stale_is_not_said_to_have_improved(self) -> None:
        """Groups compared 2015–2017 (gaps 20, 22, 26: p = 0.061, widening on 2018-06-30);
        on 2025-06-30 they were last compared 8 years before, stale, and no widening is judged:
        the closing says the gap can no longer be judged, not that it stopped widening."""
        rows = [
            *((2015 + k, v, "low") for k, v in enumerate((30.0, 30.0, 29.0))),
            *((2015 + k, v, "other") for k, v in enumerate((50.0, 52.0, 55.0))),
            *((2022 + k, 44.0 + 2 * k, None) for k in range(4)),
        ]
        init = ci.Initiative(
            name="Stale groups",
            partners=[ci.Partner(id="p", name="P", sector="government")],
            goals=[ci.Goal(id="g", statement="Reading", indicators=["reading"])],
            indicators=[
                ci.Indicator(
                    id="reading",
                    name="Reading",
                    direction="increase",
                    frequency="annual",
                    observations=[
                        ci.Observation(date=dt.date(y, 6, 30), value=v, group=g, reported_by="p")
                        for y, v, g in rows
                    ],
                )
            ],
        )
        before = ci.assess(init, as_of=dt.date(2018, 6, 30))
        after = ci.assess(init, as_of=dt.date(2025, 6, 30))
        assert [g.code for g in before.gaps].count("widening-disparity") == 1
        assert "widening-disparity" not in [g.code for g in after.gaps]
        reasons = " ".join(before.diff(after).reasons["shared_measurement"])
        assert (
            "the gap between groups in reading can no longer be judged (the groups were last "
            "compared on 2017-06-30: stale), which is not an improvement"
        ) in " ".join(reasons.split())

    @staticmethod
    def _gap_x(*, c_joins: bool = False, b_removed: bool = False) -> ci.Initiative:
        """Groups a at 50 + 3k and b at 40 in years 2023 + k (k = 0 … 3): gaps 10, 13, 16, 19,
        widening (an exact line, p = 0.0018 with the floor of whole-number rounding); in 2027 a
        at 62 (gap 22, still growing) and, with ``c_joins``, c at 30 reported for the first
        time; with ``b_removed``, b's reports taken out (one group left)."""
        rows = [
            ci.Observation(date=dt.date(2023 + k, 6, 30), value=v, group=g, reported_by="p")
            for k in range(4)
            for g, v in (("a", 50.0 + 3 * k), ("b", 40.0), (None, 45.0 + k))
        ]
        day = dt.date(2027, 6, 30)
        rows += [
            ci.Observation(date=day, value=v, group=g, reported_by="p")
            for g, v in (("a", 62.0), ("b", 40.0), ("c", 30.0), (None, 49.0))
            if c_joins or g != "c"
        ]
        if b_removed:
            rows = [r for r in rows if r.group != "b"]
        return ci.Initiative(
            name="Groups",
            partners=[ci.Partner(id="p", name="P", sector="government")],
            goals=[ci.Goal(id="g", statement="Gap", indicators=["gx"])],
            indicators=[
                ci.Indicator(
                    id="gx",
                    name="Gap X",
                    direction="increase",
                    frequency="annual",
                    baseline={"date": dt.date(2022, 6, 30), "value": 44.0},
                    observations=rows,
                )
            ],
        )

    @staticmethod
    def _every_view(diff: ci.AssessmentDiff) -> list[str]:
        """The change report's text, Markdown, HTML and JSON, each in its words."""
        import html as html_module
        import re

        from collective_impact.html import diff_html

        page = html_module.unescape(re.sub("<[^>]+>", " ", diff_html(diff)))
        return [
            " ".join(view.split())
            for view in (
                diff.summary(max_lines=None),
                diff.summary(markdown=True, max_lines=None),
                page,
                " ".join(diff.to_dict()["reasons"]["shared_measurement"]),
            )
        ]

    def test_a_disparity_untested_after_a_group_joined_is_not_said_to_have_improved(
        self,
    ) -> None:
        """Judged on 2026-06-30 the gap between a and b widens (10, 13, 16, 19). On 2027-06-30
        c is first reported (30): the groups compared, a, b and c, share 1 date, gap 62 - 30 =
        32 and no test, while the gap between a and b still grows (19 → 22). The change report
        said the gap "no longer widens significantly": untested is no verdict."""
        before = ci.assess(self._gap_x(), as_of=dt.date(2026, 6, 30))
        after = ci.assess(self._gap_x(c_joins=True), as_of=dt.date(2027, 6, 30))
        assert before.indicator("gx").disparity.widening  # type: ignore[union-attr]
        d = after.indicator("gx").disparity
        assert d is not None
        assert (d.gap, d.n, d.p_value, d.joined) == (32.0, 1, None, ("c",))
        said = (
            "the gap between groups in gx can no longer be judged (gap 32 on 2027-06-30, too "
            "few dates to test: c first reported on 2027-06-30), which is not an improvement"
        )
        for view in self._every_view(before.diff(after)):
            assert said in view
            assert "no longer widens" not in view

    def test_a_disparity_with_one_group_left_is_not_said_to_have_improved(self) -> None:
        """The same widening on 2026-06-30; by 2027-06-30 b's reports were taken out, a alone
        is left and no disparity is computed: the gap is not judged, not narrowed."""
        before = ci.assess(self._gap_x(), as_of=dt.date(2026, 6, 30))
        after = ci.assess(self._gap_x(b_removed=True), as_of=dt.date(2027, 6, 30))
        assert after.indicator("gx").disparity is None
        said = (
            "the gap between groups in gx can no longer be judged (fewer than two groups to "
            "compare now), which is not an improvement"
        )
        for view in self._every_view(before.diff(after)):
            assert said in view
            assert "no longer widens" not in view

    def test_groups_no_longer_reported_together_are_not_said_to_be_fewer_than_two(
        self,
    ) -> None:
        """The same widening on 2026-06-30; by 2027-06-30 gx lost its frequency and b's
        reports moved a day earlier (2023-06-29 …): a and b both still report, on no shared
        date, so no disparity is computed. The change report said "fewer than two groups to
        compare now", which is false of two groups; it now says why they are not compared."""
        before = ci.assess(self._gap_x(), as_of=dt.date(2026, 6, 30))
        init = self._gap_x()
        (ind,) = init.indicators
        rows = [
            attrs.evolve(o, date=o.date - dt.timedelta(days=1)) if o.group == "b" else o
            for o in ind.observations
        ]
        moved = attrs.evolve(
            init, indicators=[attrs.evolve(ind, frequency=None, observations=rows)]
        )
        after = ci.assess(moved, as_of=dt.date(2027, 6, 30))
        m = after.indicator("gx")
        assert (m.disparity, [g.group for g in m.groups], m.groups_apart) == (
            None,
            ["a", "b"],
            True,
        )
        said = (
            "the gap between groups in gx can no longer be judged (its groups (a, b) were never "
            "reported on the same date, and it has no reporting frequency: they are not "
            "compared now), which is not an improvement"
        )
        for view in self._every_view(before.diff(after)):
            assert said in view
            assert "fewer than two groups" not in view

    def test_a_new_tie_closing_a_coordination_gap_quotes_one_gain(self) -> None:
        """workforce, its working groups weighed 0.2 (below weak_tie, so the two leads of a
        working group are flagged), with the recommended tie community-colleges –
        job-readiness-provider at strength 1: the index rises by 0.136 (the tie also
        coordinates activities the two run with others); the closed gap's 0.0901 counts only
        the activities they lead, and was said to be what "the gap lowered the index by"
        beside "+0.136 predicted"."""
        init = ci.load_example("workforce")
        config = ci.ScoringConfig(working_group_coordination=0.2)
        before = ci.assess(init, config=config)
        (rec, *_) = before.recommendations
        after = ci.assess(
            ci.with_tie(init, rec.source, rec.target, strength=1.0),
            as_of=before.as_of,
            config=config,
        )
        reasons = before.diff(after).reasons["alignment_index"]
        assert any("+0.136 predicted" in r for r in reasons)
        assert (
            f"the interdependent work of {rec.source} and {rec.target} is coordinated by their "
            "new tie; without it, the activities they lead had lowered the index by 0.0901"
        ) in reasons
        assert not any("the gap lowered the index" in r for r in reasons)


def test_a_new_activity_names_its_partners_in_one_order() -> None:
    """A new activity led by health-dept with bank, boys-girls-club and chamber: listed in
    another order, the reason read "run by health-dept, chamber, boys-girls-club and bank".
    (It helps grade3-reading, on the agenda, with structured-literacy, led by schools: it
    adds scored work, so it is a reason of the index.)"""
    init = ci.load_example("cradle-to-career")
    texts = set()
    for others in (["bank", "boys-girls-club", "chamber"], ["chamber", "boys-girls-club", "bank"]):
        act = ci.Activity(
            id="new-work",
            name="New work",
            partners=["health-dept", *others],
            contributes={"grade3-reading": 0.5},
        )
        texts.add(
            _reasons(init, init.evolve(activities=(*init.activities, act)), "alignment_index")
        )
    (reasons,) = texts
    assert (
        "activity new-work was added to the initiative (run by health-dept, bank, "
        "boys-girls-club and chamber)" in reasons
    )


def test_a_weak_new_tie_is_not_credited_with_closing_a_coordination_gap() -> None:
    """cradle-to-career: faith-coalition and schools lead interdependent work without an
    adequate tie. In the later version youth-mentoring, the one activity faith-coalition leads,
    has ended, and a tie of 0.2 (below weak_tie, 0.3) joins the two. The gap closed because the
    work ended, yet the diff said "coordinated by their new tie" (found by a reviewer); a tie
    of 0.5, which closes the gap by itself, is credited."""
    init = ci.load_example("cradle-to-career")
    old = ci.assess(init)
    key = "uncoordinated-interdependence(partners=faith-coalition+schools)"
    assert key in {g.key for g in old.gaps}
    ended = [
        attrs.evolve(a, end=dt.date(2026, 1, 1)) if a.id == "youth-mentoring" else a
        for a in init.activities
    ]
    for strength, credited in ((0.2, False), (0.5, True)):
        tie = ci.Tie(
            source="faith-coalition", target="schools", kind="communication", strength=strength
        )
        new = ci.assess(init.evolve(activities=ended, ties=(*init.ties, tie)), as_of=old.as_of)
        change = old.diff(new)
        assert key in {g.key for g in change.closed}
        reasons = " | ".join(r for rs in change.reasons.values() for r in rs)
        coordinated = "faith-coalition and schools is coordinated by their new tie"
        assert (coordinated in reasons) is credited
        if not credited:
            assert (
                "faith-coalition and schools no longer lead interdependent work without an "
                "adequate tie (youth-mentoring ended)" in reasons
            )


def test_an_activity_removed_or_running_again_is_said_so() -> None:
    """An activity deleted from the file was "ended"; one whose end moved past the date of
    judgement had "started" (it started years before). Found by a reviewer."""
    init = ci.load_example("cradle-to-career")
    old = ci.assess(init)
    first = old.analysed.activities[0]
    removed = init.evolve(activities=[a for a in init.activities if a.id != first.id])
    reasons = old.diff(ci.assess(removed, as_of=old.as_of)).reasons["alignment_index"]
    assert f"activity {first.id} was removed from the initiative" in reasons
    ended = init.evolve(
        activities=[
            attrs.evolve(a, end=dt.date(2025, 1, 1)) if a.id == first.id else a
            for a in init.activities
        ]
    )
    before = ci.assess(ended, as_of=old.as_of)
    reasons = before.diff(old).reasons["alignment_index"]
    assert any(
        r.startswith(f"activity {first.id} runs again (it had ended 2025-01-01; run by ")
        for r in reasons
    )


def test_two_computed_values_that_differ_are_written_apart() -> None:
    """A forecast that moved from 53.998 to 54.0005 read "forecast 54 → 54 (better)": each
    value was written apart from the other *as a person enters it* (54.0005, 53.998), which
    neither is (found by a reviewer). Both are written with the figures that tell them apart."""
    from collective_impact.report import IndicatorChange

    assert IndicatorChange._pair(53.99817352053916, 54.00054592127118, digits=3) == (
        "53.998 → 54.001"
    )
    assert IndicatorChange._pair(82.0, 85.0) == "82 → 85"
    assert IndicatorChange._pair(None, 85.0, missing="no value") == "no value → 85"


def test_a_gap_under_the_threshold_is_not_said_coordinated() -> None:
    """A copy of reading-tutoring run by the library grows the reinforcement, and the share of
    head-start and reading-corps' uncoordinated work falls from 0.0224 to 0.0199, under the
    0.02 of a gap: the gap closed, and its reason said they "no longer lead interdependent work
    without an adequate tie", while nothing changed between them. Found by a report-only
    reviewer."""
    init = ci.load_example("cradle-to-career")
    tree = init.to_dict()
    source = next(a for a in tree["activities"] if a["id"] == "reading-tutoring")
    copy = {**source, "id": "library-reading-tutoring", "partners": ["library"]}
    grown = ci.Initiative.from_dict({**tree, "activities": [*tree["activities"], copy]})
    change = ci.assess(init).diff(ci.assess(grown))
    key = "uncoordinated-interdependence(partners=head-start+reading-corps)"
    assert key in {g.key for g in change.closed}
    reasons = [r for said in change.to_dict()["reasons"].values() for r in said]
    assert (
        "head-start and reading-corps still lead interdependent work without an adequate tie, "
        "but it now lowers the index by 0.0199 (it was 0.0224), under the 0.02 that makes a gap"
    ) in reasons
    assert not any(r.startswith("head-start and reading-corps no longer") for r in reasons)


def test_a_weak_working_group_does_not_make_the_reason_say_coordinated() -> None:
    """With ``working_group_coordination`` 0.2, under the ``weak_tie`` of 0.3, a working group
    of head-start and reading-corps does not coordinate them: the gaps still flag their work
    (share 0.0224). When it falls to 0.0199, under the 0.02 of a gap, the reason said they "no
    longer lead interdependent work without an adequate tie": the change report took any shared
    group for coordination, the gaps only one at least ``weak_tie`` (one rule now,
    :func:`collective_impact.analysis.gaps.lead_coordination`)."""
    cfg = ci.ScoringConfig(working_group_coordination=0.2)
    tree = ci.load_example("cradle-to-career").to_dict()
    pair = {"id": "pair", "name": "Pair", "members": ["head-start", "reading-corps"]}
    tree["working_groups"].append(pair)
    source = next(a for a in tree["activities"] if a["id"] == "reading-tutoring")
    copy = {**source, "id": "library-reading-tutoring", "partners": ["library"]}
    grown = {**tree, "activities": [*tree["activities"], copy]}
    before = ci.assess(ci.Initiative.from_dict(tree), config=cfg)
    key = "uncoordinated-interdependence(partners=head-start+reading-corps)"
    assert key in {g.key for g in before.gaps}
    change = before.diff(ci.assess(ci.Initiative.from_dict(grown), config=cfg))
    assert key in {g.key for g in change.closed}
    said = [r for v in change.to_dict()["reasons"].values() for r in v]
    assert [r for r in said if r.startswith("head-start and reading-corps")] == [
        "head-start and reading-corps still lead interdependent work without an adequate tie, "
        "but it now lowers the index by 0.0199 (it was 0.0224), under the 0.02 that makes a gap"
    ]
    # at working_group_coordination 0.6 (the default) the group coordinates them: no gap
    assert key not in {g.key for g in ci.assess(ci.Initiative.from_dict(tree)).gaps}


def test_activities_that_started_or_ended_between_the_dates() -> None:
    """A diff of one file at two dates has no activity added or removed, and the activities
    that ended (or started) between them, which the numbers lost (or gained), were in the
    reasons' words only. They are now fields of the diff, in ``to_dict()`` and in every view
    (the text, the notebook view and the HTML report, from one list)."""
    from collective_impact.htmlreport import render_report

    init = ci.load_example("cradle-to-career")
    early = ci.assess(init, as_of="2023-06-30")
    late = ci.assess(init)
    change = early.diff(late)
    scored_early = {a.id for a in early.analysed.activities}
    scored_late = {a.id for a in late.analysed.activities}
    assert change.activities_added == change.activities_removed == ()
    assert change.activities_started == tuple(sorted(scored_late - scored_early))
    assert change.activities_stopped == tuple(sorted(scored_early - scored_late))
    assert change.activities_started  # seven started, pre-k-coaching ended (the example)
    assert change.activities_stopped == ("pre-k-coaching",)
    back = late.diff(early)
    assert back.activities_started == change.activities_stopped
    assert back.activities_stopped == change.activities_started
    said = change.to_dict()["activities"]
    assert said["started"] == list(change.activities_started)
    assert said["stopped"] == list(change.activities_stopped)
    line = "activities started: " + ", ".join(change.activities_started)
    assert line in change.summary()
    assert "activities ended: pre-k-coaching" in change.summary()
    assert "activities started</b>" in change._repr_html_()
    assert "Activities ended" in render_report(late, changes=change)
    assert change.changed
    same = late.diff(late)
    assert same.activities_started == same.activities_stopped == ()


def test_the_change_report_is_readable_at_any_size() -> None:
    """At the stress case, 500 ties removed made a change report of 806 lines, one of them
    13,652 characters long (every tie lost, one reason each, and every one on the line of
    structural changes); found by a reviewer who ran every output at scale. Each list shows 20
    lines (or names), then how many more; ``max_lines=None`` shows every one."""
    from collective_impact.synth import generate

    init = generate(partners=120, activities=400, indicators=20, ties=300, seed=2)
    fewer = init.evolve(ties=init.ties[60:])
    change = ci.assess(init).diff(ci.assess(fewer))
    assert len(change.ties_removed) > 20
    assert len(change.reasons["alignment_index"]) > 20
    text = change.summary()
    lines = text.splitlines()
    assert max(map(len, lines)) < 2000
    assert f"ties removed ({len(change.ties_removed):,}): " in text
    assert f" and {len(change.ties_removed) - 20:,} others" in text
    more = len(change.reasons["alignment_index"]) - 20
    assert (
        f"      … and {more:,} more (`--all`, or `summary(max_lines=None)`, lists every one; all in"
    ) in lines
    assert "        `AssessmentDiff.reasons`)" in lines
    every = change.summary(max_lines=None)
    assert all(r in every for r in change.reasons["alignment_index"] if len(r) < 90)
    assert "AssessmentDiff." not in every
    assert len(every.splitlines()) > len(lines)
    small = ci.assess(ci.load_example("cradle-to-career")).diff(
        ci.assess(ci.load_example("cradle-to-career-2027"))
    )
    short = small.summary()
    assert "AssessmentDiff." not in short  # nothing cut
    # every line, and what only every gap and indicator adds: those that did not change
    assert set(short.splitlines()) <= set(small.summary(max_lines=None).splitlines())


def test_the_summary_lists_as_many_lagging_indicators_as_lines_of_gaps() -> None:
    """The summary listed every indicator off track or at risk: 214 of its 441 lines at the
    stress case, whatever ``max_gaps`` said."""
    from collective_impact.synth import generate

    result = ci.assess(generate(partners=60, activities=200, indicators=40, ties=100, seed=3))
    behind = result.lagging
    assert len(behind) > 10
    text = result.summary()
    assert f"… and {len(behind) - 10:,} more (`--all`, or `summary(max_gaps=None)`" in text
    assert "all in `Assessment.lagging`)" in text
    shown = [m for m in behind if f"({m.indicator}): " in text]
    assert [m.indicator for m in shown][:10] == [m.indicator for m in behind[:10]]
    assert all(f"({m.indicator}): " in result.summary(max_gaps=None) for m in behind)


def test_a_closed_backbone_function_gap_names_the_function_in_words() -> None:
    """A change report read "backbone function not carried out: establish_shared_measurement"
    where the summary says "establish shared measurement" (one property now,
    ``Gap.primary_words``); found by a reviewer following the docs as a new user."""
    from collective_impact.model import FunctionLevel

    init = ci.load_example("cradle-to-career")
    before = ci.assess(init)
    (gap,) = [g for g in before.gaps if g.key.endswith("function=advance_policy)")]
    assert gap.primary_words == ("advance policy",)
    backbone = init.backbone
    assert backbone is not None
    functions = {**backbone.functions, "advance_policy": FunctionLevel.STRONG}
    after = ci.assess(init.evolve(backbone=attrs.evolve(backbone, functions=functions)))
    change = before.diff(after)
    assert gap.key in {g.key for g in change.closed}
    assert ": advance policy" in change.summary()
    assert "advance_policy" not in change.summary().split("Gaps:")[1].split("Indicators")[0]


def test_an_activity_whose_definition_changed_is_named() -> None:
    """A partner added to an activity was in no line of "Partners, ties and activities" (found
    by a reviewer following the docs as a new user). It is ``activities_changed``; the same
    lists in another order are no change."""
    init = ci.load_example("workforce")
    first = init.activities[0]
    other = next(p.id for p in init.partners if p.id not in first.partners)
    joined = attrs.evolve(first, partners=(*first.partners, other))
    after = init.evolve(activities=[joined, *init.activities[1:]])
    change = ci.assess(init).diff(ci.assess(after))
    assert change.activities_changed == (first.id,)
    assert change.to_dict()["activities"]["changed"] == [first.id]
    assert f"activities changed: {first.id}" in change.summary()
    same = init.evolve(
        activities=[attrs.evolve(a, populations=a.populations[::-1]) for a in init.activities]
    )
    assert ci.assess(init).diff(ci.assess(same)).activities_changed == ()


def test_goals_and_indicators_whose_definition_changed_are_named() -> None:
    """A goal's weight halved, an indicator's target moved, a goal and an indicator added.

    Every score on the agenda moves with them, and the change report said nothing of why:
    "Partners, ties and activities: no change". They are ``goals_changed``,
    ``indicators_changed`` (the definition other than observations: new observations are the
    measurement's change, in ``indicators``), ``goals_added`` and ``indicators_added``; lists
    in another order are no change.
    """
    init = ci.load_example("workforce")
    goal, indicator = init.goals[0], init.indicators[0]
    assert indicator.target is not None
    halved = attrs.evolve(goal, weight=goal.weight / 2)
    moved = attrs.evolve(
        indicator, target=attrs.evolve(indicator.target, value=indicator.target.value + 1)
    )
    extra = ci.Indicator(id="zz-new", name="New", direction="increase")
    after = init.evolve(
        goals=[
            halved,
            *init.goals[1:],
            ci.Goal(id="zz-goal", statement="New", indicators=["zz-new"]),
        ],
        indicators=[moved, *init.indicators[1:], extra],
    )
    change = ci.assess(init).diff(ci.assess(after))
    assert change.goals_changed == (goal.id,)
    assert change.goals_added == ("zz-goal",)
    assert change.indicators_changed == (indicator.id,)
    assert change.indicators_added == ("zz-new",)
    assert change.goals_removed == change.indicators_removed == ()
    assert change.changed
    data = change.to_dict()
    assert data["goals"] == {
        "added": ["zz-goal"],
        "removed": [],
        "changed": [goal.id],
        "changes": [
            {
                "goal": goal.id,
                "weight": {"before": goal.weight, "after": goal.weight / 2},
                "indicators": {"added": [], "removed": []},
                "statement_changed": False,
            }
        ],
    }
    assert data["indicator_definitions"]["changed"] == [indicator.id]
    text = change.summary()
    assert f"goals changed: {goal.id}: weight 1 → 0.5" in text
    assert f"indicators redefined: {indicator.id}" in text
    assert "Partners, ties, activities and the agenda" in text
    # one more observation is a measurement's change, not a definition's; reordered lists are
    # no change
    assert indicator.observations
    last = indicator.observations[-1]
    later = attrs.evolve(last, date=last.date.replace(year=last.date.year + 1))
    observed = attrs.evolve(indicator, observations=(*indicator.observations, later))
    reordered = init.evolve(
        indicators=[observed, *init.indicators[1:]],
        goals=[attrs.evolve(g, indicators=g.indicators[::-1]) for g in init.goals],
    )
    same = ci.assess(init).diff(ci.assess(reordered))
    assert same.goals_changed == same.indicators_changed == ()
    # a partner's sector or roles decide missing-sector and no-champion: named too
    partner = init.partners[0]
    recast = init.evolve(partners=[attrs.evolve(partner, roles=()), *init.partners[1:]])
    assert partner.roles
    recast_change = ci.assess(init).diff(ci.assess(recast))
    assert recast_change.partners_changed == (partner.id,)
    assert f"partners changed: {partner.id}" in recast_change.summary()
    # removed: the other way round
    back = ci.assess(after).diff(ci.assess(init))
    assert back.goals_removed == ("zz-goal",)
    assert back.indicators_removed == ("zz-new",)


def test_a_passed_target_reads_as_on_the_card() -> None:
    """placements met its target of 5,000 on 2010-12-31, then fell to 4,800 a year later: the
    card says "met, then fell back", the diff said "target met → off track", and the first
    lines "4% of the way ... still to go" although the target date had passed (found by a
    reviewer). They now say what the card says, and how far short it is."""
    init = ci.load_example("workforce")
    ind = init.indicator("placements")
    later = attrs.evolve(
        ind,
        observations=(*ind.observations, ci.Observation(date=dt.date(2011, 12, 31), value=4800.0)),
    )
    after = ci.assess(
        init.evolve(indicators=[later if i.id == "placements" else i for i in init.indicators])
    )
    change = next(c for c in ci.assess(init).diff(after).indicators if c.indicator == "placements")
    assert change.status_text() == "target met → met, then fell back"
    gap = next(g for g in after.gaps if g.key == "off-track-indicator(indicator=placements)")
    assert gap.impact_text == "short of the target by 4% of the way from baseline to target"


class TestTwoDifferentInitiatives:
    """compare --old-example workforce --new-example cradle-to-career reported "32 opened, 11
    closed" with nothing but "(before: Opportunity Chicago)" in its title (found by a reviewer):
    two initiatives with no partner and no indicator in common are not one over time."""

    def test_every_view_says_so_first(self) -> None:
        from collective_impact.htmlreport import render_report

        before = ci.assess(ci.load_example("workforce"))
        after = ci.assess(ci.load_example("cradle-to-career"))
        diff = before.diff(after)
        assert diff.unrelated
        assert diff.to_dict()["unrelated"] is True
        for markdown in (False, True):
            text = " ".join(diff.summary(markdown=markdown).split())
            assert (
                "These are two different initiatives: they have no partner and no indicator"
                in (text.split("Phase:")[0])
            )
        assert "two different initiatives" in diff._repr_html_()
        assert "These are two different initiatives" in render_report(after, changes=diff)

    def test_one_initiative_over_time_is_not(self) -> None:
        init = ci.load_example("cradle-to-career")
        diff = ci.assess(init).diff(ci.assess(ci.load_example("cradle-to-career-2027")))
        assert not diff.unrelated
        assert "different initiatives" not in diff.summary()
        lone = ci.Initiative(name="Lone", partners=[ci.Partner(id="p", name="P", sector="other")])
        assert not ci.assess(lone).diff(ci.assess(init)).unrelated  # no indicator to compare


def test_an_activity_removed_is_not_said_to_have_ended() -> None:
    """youth-mentoring deleted from the file: one reason said it "was removed from the
    initiative", two others that it "ended" (found by a reviewer). Every reason says it as
    ``_Context.stopped`` does."""
    init = ci.load_example("cradle-to-career")
    before = ci.assess(init)
    gone = init.evolve(activities=[a for a in init.activities if a.id != "youth-mentoring"])
    change = before.diff(ci.assess(gone, as_of=before.as_of))
    assert change.activities_removed == ("youth-mentoring",)
    reasons = change.reasons
    assert (
        "faith-coalition no longer takes part in activities on the agenda (youth-mentoring was "
        "removed from the initiative)" in reasons["shared_measurement"]
    )
    assert (
        "zero-tolerance-discipline now pushes against 7 other activities; no longer against "
        "youth-mentoring, which was removed from the initiative"
        in reasons["mutually_reinforcing_activities"]
    )
    said = [r for rs in reasons.values() for r in rs if "youth-mentoring" in r]
    assert said
    assert not any("ended" in r for r in said)


def test_a_tie_that_changed_reads_as_a_change() -> None:
    """A survey mean of 2/3 entered again as 0.6666667 read "health-dept and united-way are
    now tied (strength 0.666667, was 0.666667)": tied before, and two strengths that differ
    written alike (found by a reviewer). A tie already there strengthened or weakened, each
    strength written apart; "now tied" is said of a new tie only."""
    init = ci.load_example("cradle-to-career")

    def tied(strength: float) -> ci.Assessment:
        ties = [
            attrs.evolve(t, strength=strength)
            if {t.source, t.target} == {"united-way", "health-dept"}
            else t
            for t in init.ties
        ]
        return ci.assess(init.evolve(ties=ties))

    change = tied(2 / 3).diff(tied(0.6666667))
    assert change.ties_changed == (("health-dept", "united-way", 2 / 3, 0.6666667),)
    assert change.reasons["alignment_index"] == (
        "the tie between health-dept and united-way strengthened (0.66666667 → 0.6666667)",
    )
    assert "ties changed: health-dept – united-way (0.66666667 → 0.6666667)" in change.summary()
    back = tied(0.6666667).diff(tied(2 / 3))
    assert back.reasons["alignment_index"] == (
        "the tie between health-dept and united-way weakened (0.6666667 → 0.66666667)",
    )
    new = ci.assess(init).diff(
        ci.assess(with_tie(init, "faith-coalition", "united-way", strength=0.5))
    )
    assert new.reasons["alignment_index"][0].startswith(
        "faith-coalition and united-way are now tied (strength 0.5);"
    )
    # boys-girls-club and schools are tied by a referral of 0.2: the recommended tie is one of
    # communication beside it, not a stronger referral
    stronger = ci.assess(init).diff(ci.assess(with_tie(init, "boys-girls-club", "schools")))
    assert stronger.reasons["alignment_index"] == (
        "boys-girls-club and schools are now tied by communication (strength 1); their "
        "strongest tie was referral, 0.2; the 2026-09-30 assessment recommended this tie: "
        "+0.066 predicted",
        "the interdependent work of boys-girls-club and schools is coordinated by their new "
        "communication tie; without it, the activities they lead had lowered the index by "
        "0.0664",
    )
    # a referral made stronger is strengthened
    referral = with_tie(init, "boys-girls-club", "schools", kind="referral")
    stronger = ci.assess(init).diff(ci.assess(referral))
    assert stronger.reasons["alignment_index"][0].startswith(
        "the tie between boys-girls-club and schools strengthened (0.2 → 1);"
    )
    assert stronger.reasons["alignment_index"][1].startswith(
        "the interdependent work of boys-girls-club and schools is coordinated by their tie, "
        "now stronger;"
    )


class TestInitiativesNamedDifferently:
    """Two initiatives sharing one partner id (or two synthetic ones, numbered alike) were
    narrated as one initiative's change with no warning but "(before: X)" in the title (found by
    a reviewer): not ``unrelated``, yet named differently."""

    WARNING = (
        "The two results are of initiatives named differently (“Opportunity Chicago "
        "(illustrative)” before, “Cradle to Career Example” after): the changes below assume "
        "they are one initiative."
    )

    def test_every_view_says_so_first(self) -> None:
        from collective_impact.htmlreport import render_report

        workforce = ci.load_example("workforce")
        first = workforce.partners[0].id
        text = ci.dumps(workforce, format="json").replace(f'"{first}"', '"united-way"')
        before = ci.assess(ci.loads(text, format="json"))
        after = ci.assess(ci.load_example("cradle-to-career"))
        diff = before.diff(after)
        assert not diff.unrelated
        assert diff.names_differ
        assert diff.to_dict()["names_differ"] is True
        for markdown in (False, True):
            head = " ".join(diff.summary(markdown=markdown).split()).split("Phase:")[0]
            assert self.WARNING in head.replace("\\(", "(").replace("\\)", ")")
        assert "initiatives named differently" in diff._repr_html_()
        assert "initiatives named differently" in render_report(after, changes=diff)

    def test_one_warning_for_unrelated_initiatives(self) -> None:
        diff = ci.assess(ci.load_example("workforce")).diff(
            ci.assess(ci.load_example("cradle-to-career"))
        )
        assert diff.unrelated
        assert diff.names_differ
        assert "two different initiatives" in diff.summary()
        assert "named differently" not in diff.summary()

    def test_a_name_in_other_capitals_is_the_same_name(self) -> None:
        init = ci.load_example("cradle-to-career")
        diff = ci.assess(init).diff(ci.assess(init.evolve(name=" CRADLE to career example")))
        assert not diff.names_differ
        assert diff.to_dict()["names_differ"] is False
        assert "named differently" not in diff.summary()


class TestASettingThatDecidesIsNamed:
    """cradle-to-career judged again with another setting only: a gap closed, or a status
    moved, in reasons that read as a change of the initiative (found by a reviewer): the
    setting that decides it is named."""

    def _diff(self, **settings: float) -> ci.AssessmentDiff:
        init = ci.load_example("cradle-to-career")
        return ci.assess(init).diff(ci.assess(init, config=ci.ScoringConfig(**settings)))

    def test_weak_tie(self) -> None:
        diff = self._diff(weak_tie=0.1)
        assert [g.code for g in diff.closed] == ["uncoordinated-interdependence"]
        assert (
            "the interdependent work of boys-girls-club and schools no longer counts as "
            "uncoordinated: weak_tie 0.3 → 0.1, and their tie is still 0.2; uncoordinated, the "
            "activities they lead had lowered the index by 0.0664"
        ) in diff.reasons["alignment_index"]

    def test_prediction_level(self) -> None:
        diff = self._diff(prediction_level=0.5)
        assert (
            "chronic-absence went from at risk to off track as the setting changed, not its "
            "values: prediction_level 0.8 → 0.5; latest 21"
        ) in diff.reasons["shared_measurement"]

    def test_gap_share_threshold(self) -> None:
        diff = self._diff(gap_share_threshold=0.07)
        assert (
            "boys-girls-club and schools still lead interdependent work without an adequate "
            "tie, but it lowers the index by 0.0664, as before, under the 0.07 that makes a gap "
            "(gap_share_threshold 0.02 → 0.07)"
        ) in diff.reasons["alignment_index"]


def test_a_diff_back_in_time_says_so_first() -> None:
    """``late.diff(early)`` read "funding is now secured for 2.7 years" and "went from off
    track to at risk" as progress, the dates in the title alone telling otherwise (the command
    line refuses it; the API keeps it, its reasons saying "has not started"). Every view now
    says first that it goes back in time (found by a reviewer of comparisons, F6)."""
    from collective_impact.htmlreport import render_report

    init = ci.load_example("cradle-to-career")
    early, late = ci.assess(init, as_of="2023-06-30"), ci.assess(init)
    words = (
        "This compares back in time: the second result is judged as of 2023-06-30, before "
        f"the first ({late.as_of}); each change below is from the later date to the earlier one."
    )
    back = late.diff(early)
    assert " ".join(back.summary().split()).count(words) == 1
    assert words in back.summary(markdown=True)
    assert words in back._repr_html_()
    assert words in " ".join(render_report(late, changes=back).split())
    forward = early.diff(late)
    for view in (forward.summary(), forward._repr_html_(), render_report(late, changes=forward)):
        assert "back in time" not in view


def test_results_of_two_versions_say_so_first() -> None:
    """A diff of a result pickled by one version and one computed by the next said nothing of
    the code: the version is raised with every change that can change a number (found by a
    reviewer of provenance, F4)."""
    from collective_impact.htmlreport import render_report

    init = ci.load_example("cradle-to-career")
    new = ci.assess(init)
    old = attrs.evolve(ci.assess(init, as_of="2023-06-30"), software_version="0.1.0.dev4")
    change = old.diff(new)
    assert change.versions == ("0.1.0.dev4", ci.__version__)
    assert change.to_dict()["software"] == {
        "name": "collective_impact",
        "versions": ["0.1.0.dev4", ci.__version__],
        "running": ci.__version__,
    }
    words = (
        "The two results were computed by different versions of collective_impact (0.1.0.dev4 "
        f"before, {ci.__version__} after): a change below may come from the code, not from the "
        "initiative. Assess both files with one version to compare them."
    )
    assert words in " ".join(change.summary().split())
    assert words in change.summary(markdown=True)
    assert words in change._repr_html_()
    assert words in " ".join(render_report(new, changes=change).split())
    same = new.diff(new)
    assert same.versions == (ci.__version__, ci.__version__)
    for view in (same.summary(), same._repr_html_(), render_report(new, changes=same)):
        assert "different versions" not in view


@pytest.mark.parametrize(
    ("other", "differ"),
    [
        ("Cradle to Career\nExample", False),
        ("Cradle to  Career Example", False),
        ("cradle to career example ", False),
        ("Cradle-to-Career Example", True),
    ],
)
def test_names_differ_as_shown(other: str, differ: bool) -> None:
    """A line break or two spaces, which every view shows as one space, made the names
    "differ": the warning then showed the same name twice (found by a reviewer)."""
    init = ci.load_example("cradle-to-career")
    change = ci.assess(init).diff(ci.assess(attrs.evolve(init, name=other)))
    assert change.names_differ is differ
    assert ("named differently" in change.summary()) is differ


def test_a_diff_pickled_before_versions_were_recorded() -> None:
    """A diff pickled by 0.1.0.dev4 has no ``versions``: ``to_dict()`` and ``summary()``
    raised AttributeError (found by a reviewer of the session)."""
    from collective_impact.report import AssessmentDiff

    init = ci.load_example("cradle-to-career")
    change = ci.assess(init, as_of="2023-06-30").diff(ci.assess(init))
    assert pickle.loads(pickle.dumps(change)).to_dict() == change.to_dict()
    state = change.__getstate__()
    del state["versions"]  # the state an earlier version pickled
    old = AssessmentDiff.__new__(AssessmentDiff)
    old.__setstate__(state)
    unknown = "unknown (before 0.1.0.dev5)"
    assert old.to_dict()["software"]["versions"] == [unknown, unknown]
    assert old.summary() == change.summary()


def _two_strategies(strategy: str = "tutor", tie: float | None = None) -> ci.Initiative:
    """Two partners, each leading one activity on one indicator: x (tutor) and y."""
    return ci.Initiative(
        name="Two strategies",
        partners=[
            ci.Partner(id="p", name="P", sector="nonprofit"),
            ci.Partner(id="q", name="Q", sector="business"),
        ],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        indicators=[ci.Indicator(id="i", name="I")],
        activities=[
            ci.Activity(id="x", name="X", partners=["p"], strategy="tutor", contributes={"i": 0.8}),
            ci.Activity(
                id="y", name="Y", partners=["q"], strategy=strategy, contributes={"i": 0.8}
            ),
        ],
        ties=[] if tie is None else [ci.Tie(source="p", target="q", strength=tie)],
    )


def _reasons_of(diff: ci.AssessmentDiff) -> list[str]:
    return [reason for reasons in diff.reasons.values() for reason in reasons]


def test_a_status_moved_with_the_target_is_not_put_down_to_the_setting() -> None:
    """chronic-absence's target 12 → 9.6 (which alone makes it off track) and
    prediction_level 0.8 → 0.79 (which alone does not) read "went from at risk to off track as
    the setting changed, not its values" (found by a reviewer, F1), then "the setting
    prediction_level 0.8 → 0.79 changed too" (found by a reviewer of settings, F8): under the
    old level the new target makes it off track too, so the data decided and no setting is
    named."""
    init = ci.load_example("cradle-to-career")
    absence = _retargeted(init, "chronic-absence", 9.6)
    after = ci.assess(absence, config=ci.ScoringConfig(prediction_level=0.79))
    reasons = ci.assess(init).diff(after).reasons["shared_measurement"]
    assert (
        "chronic-absence went from at risk to off track; latest 21; target 12 → 9.6 by 2028-06-30"
    ) in reasons
    assert not any("prediction_level" in r for r in reasons)


class TestASettingIsNamedOnlyWhenItCouldHaveDecided:
    """A setting note was added to a closed gap's reason whenever the setting differed, even
    moved the other way or with the value far from either threshold (found by a reviewer, F2):
    it is named only when the after value crosses the old threshold but not the new one."""

    def test_duplicates_that_stopped_duplicating_by_themselves(self) -> None:
        for old, new in ((0.5, 0.6), (0.6, 0.5)):
            before = ci.assess(
                _two_strategies(tie=0.8), config=ci.ScoringConfig(duplication_threshold=old)
            )
            after = ci.assess(
                _two_strategies("mentor", tie=0.8),
                config=ci.ScoringConfig(duplication_threshold=new),
            )
            reasons = _reasons_of(before.diff(after))
            assert "x and y no longer duplicate each other" in reasons

    def test_duplicates_the_threshold_decided(self) -> None:
        init = ci.load_example("cradle-to-career")
        config = ci.ScoringConfig(duplication_threshold=0.99995)
        reasons = _reasons_of(ci.assess(init).diff(ci.assess(init, config=config)))
        assert any(
            r.startswith(
                "club-reading-tutoring and reading-tutoring no longer duplicate each "
                "other (duplication_threshold 0.8 → "
            )
            for r in reasons
        )

    def test_a_disparity_that_closed_by_itself(self) -> None:
        before = ci.assess(ci.load_example("cradle-to-career"))
        config = ci.ScoringConfig(stale_after_days=2190, disparity_level=0.05)
        after = ci.assess(ci.load_example("cradle-to-career-2027"), config=config)
        (reason,) = [r for r in _reasons_of(before.diff(after)) if "between groups" in r]
        assert reason == (
            "the gap between groups in grade3-reading no longer widens significantly (gap 25 on "
            "2027-06-30, trend +0.971 a year, p = 0.18)"
        )

    @pytest.mark.parametrize(
        ("settings", "named"),
        [
            ({"disparity_level": 1e-7}, "disparity_level 0.1 → 1e-07"),
            ({"widening_threshold": 5.0}, "widening_threshold 0 → 5"),
            ({"stale_after_periods": 1}, "stale_after_periods 2 → 1"),
        ],
    )
    def test_a_disparity_the_setting_decided(self, settings: dict[str, float], named: str) -> None:
        init = ci.load_example("cradle-to-career")
        diff = ci.assess(init).diff(ci.assess(init, config=ci.ScoringConfig(**settings)))
        (reason,) = [r for r in _reasons_of(diff) if "between groups" in r]
        assert named in reason
        if "stale" in named:
            assert reason == (
                "the gap between groups in grade3-reading can no longer be judged (the groups "
                "were last compared on 2025-06-30: stale, with stale_after_periods 2 → 1), "
                "which is not an improvement"
            )
        else:
            assert f"({named})" in reason


class TestASettingThatDecidesWithATieOrOpensAGapIsNamed:
    """A tie 0.2 → 0.25 with weak_tie 0.3 → 0.22 was credited to the tie alone, and a gap
    opened by weak_tie 0.3 → 0.5 (a tie of 0.4 unchanged) named no setting (found by a
    reviewer, F3)."""

    def test_a_stronger_tie_still_weak_under_the_old_setting(self) -> None:
        before = ci.assess(_two_strategies("mentor", tie=0.2))
        after = ci.assess(
            _two_strategies("mentor", tie=0.25), config=ci.ScoringConfig(weak_tie=0.22)
        )
        (reason,) = [r for r in _reasons_of(before.diff(after)) if "coordinated by" in r]
        assert reason == (
            "the interdependent work of p and q is coordinated by their tie, now stronger, "
            "together with the setting weak_tie 0.3 → 0.22: under the old setting the tie would "
            "still be too weak; without it, the activities they lead had lowered the index by 0.8"
        )

    def test_a_stronger_tie_adequate_under_either_setting(self) -> None:
        before = ci.assess(_two_strategies("mentor", tie=0.2))
        after = ci.assess(
            _two_strategies("mentor", tie=0.5), config=ci.ScoringConfig(weak_tie=0.22)
        )
        (reason,) = [r for r in _reasons_of(before.diff(after)) if "coordinated by" in r]
        assert "weak_tie" not in reason

    def test_a_gap_the_setting_opened(self) -> None:
        init = _two_strategies("mentor", tie=0.4)
        diff = ci.assess(init).diff(ci.assess(init, config=ci.ScoringConfig(weak_tie=0.5)))
        assert [g.code for g in diff.opened] == ["uncoordinated-interdependence"]
        (reason,) = [r for r in _reasons_of(diff) if r.startswith("new gap")]
        assert reason.endswith(
            "p and q (lowers the index by 0.6); the setting weak_tie 0.3 → 0.5 opened it: "
            "under the old setting it would be no gap"
        )
        plain = ci.assess(_two_strategies("mentor", tie=0.4)).diff(
            ci.assess(_two_strategies("mentor", tie=0.2))
        )
        (reason,) = [r for r in _reasons_of(plain) if r.startswith("new gap")]
        assert "weak_tie" not in reason


def test_a_diff_back_in_time_does_not_say_ended_of_what_had_not_started() -> None:
    """late.diff(early) listed "activities ended" for seven activities not started on the
    earlier date, and "activities started" for one that had ended by the later one (found by a
    reviewer, F4): every view words the labels for a diff back in time."""
    init = ci.load_example("cradle-to-career")
    early, late = ci.assess(init, as_of="2023-06-30"), ci.assess(init)
    back = late.diff(early)
    not_started = "activities not started on 2023-06-30: " + ", ".join(back.activities_stopped)
    ended = f"activities ended by {late.as_of}: pre-k-coaching"
    text = back.summary()
    assert not_started in " ".join(text.split())
    assert ended in text
    assert "activities ended:" not in text
    assert "activities started:" not in text
    html = back._repr_html_()
    assert f"activities ended by {late.as_of}</b>" in html
    assert "activities not started on 2023-06-30</b>" in html
    report = render_report(late, changes=back)
    assert "Activities not started on 2023-06-30" in report
    assert f"<dt>Activities ended by {late.as_of}</dt><dd>pre-k-coaching</dd>" in report
    assert "<dt>Activities ended</dt>" not in report


def test_a_tie_changed_within_a_small_tolerance_is_written_apart() -> None:
    """With diff(tolerance=1e-12), a tie 0.3 → 0.3000000005 read "(0.3 → 0.3)": the strengths
    were told apart with the analyses' tolerance, not the diff's (found by a reviewer, F5)."""
    before = ci.assess(_two_strategies("mentor", tie=0.3))
    after = ci.assess(_two_strategies("mentor", tie=0.3 + 5e-10))
    diff = before.diff(after, tolerance=1e-12)
    assert diff.reasons["alignment_index"][0].startswith(
        "the tie between p and q strengthened (0.3 → 0.3000000005)"
    )
    assert "ties changed: p – q (0.3 → 0.3000000005)" in diff.summary()
    same = before.diff(after)
    assert same.ties_changed == ()


def test_a_tie_of_another_kind_added_beside_a_pair_s_tie_is_said_so() -> None:
    """cradle-to-career's second recommended tie, boys-girls-club – schools, added by
    ``with_tie``: a communication tie of 1 beside their untouched referral tie of 0.2. The
    comparison said "ties changed: boys-girls-club – schools (0.2 → 1)", read as the referral
    tie strengthened (found by a reviewer). Every view now says the kind added and the kinds of
    the strongest ties; ``to_dict`` has them."""
    init = ci.load_example("cradle-to-career")
    before = ci.assess(init)
    rec = before.recommendations[1]
    assert (rec.source, rec.target) == ("boys-girls-club", "schools")
    after = ci.assess(with_tie(init, rec.source, rec.target))
    diff = before.diff(after)
    assert diff.ties_changed == (("boys-girls-club", "schools", 0.2, 1.0),)
    assert diff.ties_changed_kinds == (
        (
            "boys-girls-club",
            "schools",
            (("referral", 0.2),),
            (("communication", 1.0), ("referral", 0.2)),
        ),
    )
    said = (
        "ties changed: boys-girls-club – schools: communication tie added (strongest tie: "
        "referral 0.2 → communication 1)"
    )
    assert said in diff.summary()
    assert f"- {said}" in diff.summary(markdown=True)
    assert "(0.2 → 1)" not in diff.summary()
    html = diff._repr_html_()
    assert "communication tie added (strongest tie: referral 0.2 → communication 1)" in html
    page = render_report(after, changes=diff)
    assert "communication tie added (strongest tie: referral 0.2 → communication 1)" in page
    [changed] = diff.to_dict()["ties"]["changed"]
    assert changed["kinds"] == {
        "before": [{"kind": "referral", "strength": 0.2}],
        "after": [
            {"kind": "communication", "strength": 1.0},
            {"kind": "referral", "strength": 0.2},
        ],
    }
    json.dumps(diff.to_dict(), allow_nan=False)


@pytest.mark.parametrize(
    ("before", "after", "said"),
    [
        # the same kind stronger: the strengths, as before
        ([("referral", 0.2)], [("referral", 1.0)], "p – q (0.2 → 1)"),
        # the strongest removed, a weaker one of another kind left
        (
            [("referral", 0.8), ("communication", 0.2)],
            [("communication", 0.2)],
            "p – q: referral tie removed (strongest tie: referral 0.8 → communication 0.2)",
        ),
        # one kind for another
        (
            [("referral", 0.8)],
            [("funding", 0.4)],
            "p – q: referral tie removed and funding tie added (strongest tie: referral 0.8 → "
            "funding 0.4)",
        ),
        # both kinds on both sides, rated again: the strongest is now the other one
        (
            [("referral", 0.8), ("communication", 0.2)],
            [("referral", 0.2), ("communication", 0.6)],
            "p – q (strongest tie: referral 0.8 → communication 0.6)",
        ),
    ],
)
def test_a_strongest_tie_of_another_kind_is_said_in_every_case(
    before: list[tuple[str, float]], after: list[tuple[str, float]], said: str
) -> None:
    """The line "ties changed" names the kinds when the strongest tie is of another kind,
    and says which kinds were added or removed; the strengths alone when one kind stayed the
    strongest."""

    def assessed(ties: list[tuple[str, float]]) -> ci.Assessment:
        init = _two_strategies()
        return ci.assess(
            init.evolve(ties=[ci.Tie(source="p", target="q", kind=k, strength=v) for k, v in ties])
        )

    diff = assessed(before).diff(assessed(after))
    assert f"ties changed: {said}" in diff.summary()
    # a diff pickled before the kinds were recorded: the strengths only
    from collective_impact.report import AssessmentDiff

    state = diff.__getstate__()
    del state["ties_changed_kinds"]
    old = AssessmentDiff.__new__(AssessmentDiff)
    old.__setstate__(state)
    assert old.ties_changed_kinds == ()
    assert "ties changed: p – q (" in old.summary()
    assert "kinds" not in old.to_dict()["ties"]["changed"][0]


def test_a_line_break_in_a_name_stays_on_the_title_line() -> None:
    """A line break in an initiative's name split the plain title of a comparison over lines,
    under one underline (found by a reviewer, F7)."""
    init = ci.load_example("workforce")
    old = ci.assess(init.evolve(name="Opportunity\n## Injected"))
    new = ci.assess(init.evolve(name="Opportunity Chicago\n## Other"))
    lines = old.diff(new).summary().splitlines()
    when = old.as_of.isoformat() if old.as_of else "no date"
    assert lines[0] == (
        f"Changes in Opportunity Chicago ## Other: {when} → {when} (before: Opportunity "
        "## Injected)"
    )
    assert lines[1] == "=" * len(lines[0])


# ------------------------------------------------ which settings decided a change (oracle)


def _synthetic(seed: int, dropped: int = 0) -> ci.Initiative:
    from collective_impact.synth import generate

    init = generate(partners=12, activities=80, indicators=8, ties=30, seed=seed)
    return attrs.evolve(init, activities=init.activities[: len(init.activities) - dropped])


def _settings_diff(
    a: ci.Initiative,
    b: ci.Initiative,
    old: dict[str, float],
    new: dict[str, float],
) -> list[str]:
    """The reasons of ``a`` under the settings ``old`` against ``b`` under ``new``."""
    before = ci.assess(a, config=ci.ScoringConfig(**old), recommendations=0)
    after = ci.assess(b, config=ci.ScoringConfig(**new), recommendations=0)
    return _reasons_of(before.diff(after))


def _one(reasons: list[str], part: str) -> str:
    (reason,) = [r for r in reasons if part in r]
    return reason


_CLOSED = ": under the old setting it would still be open)"
_OPENED = ": under the old setting it would be no gap"


class TestTheSettingsThatDecidedAreNamed:
    """A reviewer ran the true oracle (the after initiative assessed again with each setting
    reverted) over every setting and found the reasons' guesses wrong in ten ways: each test is
    one finding. A setting is named when, and only when, it decided the change."""

    def test_1_staleness_opens_and_closes_unmeasured_indicators(self) -> None:
        """stale_after_periods opened and closed ``unmeasured-indicator`` gaps unnamed, and the
        closing read "hs-grad now measured" of the same observations."""
        init = ci.load_example("cradle-to-career")
        opened = _settings_diff(
            init, init, {"stale_after_periods": 2}, {"stale_after_periods": 0.5}
        )
        assert _one(opened, "lately: hs-grad") == (
            "new gap: agenda indicator whose progress is not measured, or not lately: hs-grad; "
            "the setting stale_after_periods 2 → 0.5 opened it" + _OPENED
        )
        closed = _settings_diff(
            init, init, {"stale_after_periods": 0.5}, {"stale_after_periods": 2}
        )
        assert _one(closed, "hs-grad") == (
            "hs-grad's latest observation now counts as recent (closed by the setting "
            "stale_after_periods 0.5 → 2" + _CLOSED
        )
        assert not any("now measured" in r for r in closed)

    @pytest.mark.parametrize(
        ("init", "old", "new", "part", "named"),
        [
            ("c2c", {"working_group_coordination": 0.0}, {"working_group_coordination": 0.3},
             "library and schools", "working_group_coordination 0 → 0.3"),
            ("c2c", {"pathway_weight": 0.5}, {"pathway_weight": 0.0},
             "head-start and reading-corps", "pathway_weight 0.5 → 0"),
            (2, {"pathway_weight": 0.0}, {"pathway_weight": 0.2},
             "a66 now serves", "pathway_weight 0 → 0.2"),
        ],
    )  # fmt: skip
    def test_2_engine_settings_that_close_gaps_are_named(
        self, init: str | int, old: dict[str, float], new: dict[str, float], part: str, named: str
    ) -> None:
        """pathway_weight and the coordination floors closed gaps in reasons that told of a
        change of the initiative ("no longer lead interdependent work") and named nothing."""
        data = ci.load_example("cradle-to-career") if init == "c2c" else _synthetic(int(init))
        reason = _one(_settings_diff(data, data, old, new), part)
        assert reason.endswith(f" (closed by the setting {named}{_CLOSED}")

    def test_2_engine_settings_named_in_the_phrase_own_words(self) -> None:
        init = ci.load_example("cradle-to-career")
        brokered = _settings_diff(
            init, init, {"brokered_coordination": 0.0}, {"brokered_coordination": 0.5}
        )
        assert _one(brokered, "head-start and reading-corps") == (
            "head-start and reading-corps still lead interdependent work without an adequate tie, "
            "but it now lowers the index by 0.016 (it was 0.032), under the 0.02 that makes a gap "
            "(brokered_coordination 0 → 0.5)"
        )
        s1 = _synthetic(1)
        overlap = _settings_diff(s1, s1, {"unspecified_overlap": 1.0}, {"unspecified_overlap": 0.0})
        assert _one(overlap, "a11 and a35") == (
            "a11 and a35 no longer duplicate each other (unspecified_overlap 1 → 0)"
        )

    def test_3_min_funding_years(self) -> None:
        """A short-funding gap the minimum opened named nothing; one it closed with longer
        funding (2.5 years, still short of the old 3) credited the funding alone."""
        c2c, c27 = ci.load_example("cradle-to-career"), ci.load_example("cradle-to-career-2027")
        opened = _settings_diff(c2c, c2c, {"min_funding_years": 0.5}, {"min_funding_years": 1})
        assert _one(opened, "funding") == (
            "new gap: funding not secured for long enough; the setting min_funding_years "
            "0.5 → 1 opened it" + _OPENED
        )
        closed = _settings_diff(c2c, c27, {"min_funding_years": 3}, {"min_funding_years": 2})
        assert _one(closed, "funding") == (
            "funding is now secured for 2.5 years (until 2029-12-31), was 0.75 (closed by the "
            "setting min_funding_years 3 → 2" + _CLOSED
        )
        same = _settings_diff(c2c, c2c, {"min_funding_years": 1}, {"min_funding_years": 0.5})
        assert _one(same, "funding") == (
            "funding is secured for 0.75 years, as before; min_funding_years 1 → 0.5"
        )

    def test_4_widening_threshold_moves_the_p_value(self) -> None:
        """widening_threshold 0 → 0.5 raises p from 0.18 to 0.302, over the level 0.3: it
        closed the gap unnamed (and "p = 0.3" read as significant); on other data that close
        it by themselves, it was named."""
        c27 = ci.load_example("cradle-to-career-2027")
        old = {"disparity_level": 0.3, "widening_threshold": 0.0}
        new = {"disparity_level": 0.3, "widening_threshold": 0.5}
        assert _one(_settings_diff(c27, c27, old, new), "between groups") == (
            "the gap between groups in grade3-reading no longer widens significantly "
            "(widening_threshold 0 → 0.5) (gap 25 on 2027-06-30, trend +0.971 a year, p = 0.302)"
        )
        assert _one(_settings_diff(c27, c27, new, old), "between groups").endswith(
            "; the setting widening_threshold 0.5 → 0 opened it" + _OPENED
        )
        c2c = ci.load_example("cradle-to-career")
        by_data = _settings_diff(c2c, c27, {"widening_threshold": 0}, {"widening_threshold": 1})
        assert "widening_threshold" not in _one(by_data, "between groups")

    def test_5_a_condition_is_not_judged_alone(self) -> None:
        """Groups gone stale closed the gap by themselves; disparity_level 0.3 → 0.1 was named
        because the p-value lies between the two levels."""
        c27 = ci.load_example("cradle-to-career-2027")
        later = attrs.evolve(c27, as_of=dt.date(2030, 1, 1))
        reasons = _settings_diff(c27, later, {"disparity_level": 0.3}, {"disparity_level": 0.1})
        assert _one(reasons, "between groups") == (
            "the gap between groups in grade3-reading can no longer be judged (the groups were "
            "last compared on 2027-06-30: stale), which is not an improvement"
        )

    def test_6_weak_tie_not_named_when_the_share_fell_with_the_data(self) -> None:
        """With 8 activities removed, p05 and p12's share fell under gap_share_threshold: under
        the old weak_tie there is no gap either, yet weak_tie was named; likewise with ties
        made stronger (p06 and p12)."""
        old, new = {"weak_tie": 0.7}, {"weak_tie": 0.05}
        s1 = _synthetic(1)
        reasons = _settings_diff(s1, _synthetic(1, dropped=8), old, new)
        assert "weak_tie" not in _one(reasons, "p05 and p12 no longer")
        halved = attrs.evolve(
            s1, ties=tuple(attrs.evolve(t, strength=round(t.strength * 0.5, 3)) for t in s1.ties)
        )
        tied = _one(_settings_diff(halved, s1, old, new), "work of p06 and p12")
        assert tied.startswith("the interdependent work of p06 and p12 is coordinated by")
        assert "weak_tie" not in tied

    def test_7_duplication_threshold_judges_the_cluster(self) -> None:
        """A cluster split or joined by the threshold alone named it nowhere ("a29 joined
        them"); a cluster opened by the data (a76 removed) was said to be the threshold's."""
        s1 = _synthetic(1)
        split = _settings_diff(
            s1, s1, {"duplication_threshold": 0.3}, {"duplication_threshold": 0.5}
        )
        assert _one(split, "split").endswith(
            " (closed by the setting duplication_threshold 0.3 → 0.5" + _CLOSED
        )
        assert _one(split, "new gap: cluster of activities duplicating each other: a03").endswith(
            "; the setting duplication_threshold 0.3 → 0.5 opened it" + _OPENED
        )
        merged = _settings_diff(
            s1, s1, {"duplication_threshold": 0.5}, {"duplication_threshold": 0.3}
        )
        # the threshold brought a29 in: it did not "join" them
        assert not [r for r in merged if "joined them" in r]
        assert _one(merged, "now in a cluster of 9 with a29").endswith(
            " (closed by the setting duplication_threshold 0.5 → 0.3" + _CLOSED
        )
        s2 = _synthetic(2)
        reasons = _settings_diff(
            s2,
            _synthetic(2, dropped=8),
            {"duplication_threshold": 0.5},
            {"duplication_threshold": 0.3},
        )
        assert _one(reasons, "each other: a01, a05") == (
            "new gap: cluster of activities duplicating each other: a01, a05, a06, a43, a46 and "
            "5 others"
        )

    def test_8_prediction_level_named_only_when_it_decided_the_status(self) -> None:
        """hs-grad moved from off track to at risk with its values (under the old level too);
        prediction_level "changed too" was said all the same."""
        c2c, c27 = ci.load_example("cradle-to-career"), ci.load_example("cradle-to-career-2027")
        by_data = _settings_diff(c2c, c27, {"prediction_level": 0.5}, {"prediction_level": 0.8})
        assert _one(by_data, "hs-grad went") == (
            "hs-grad went from off track to at risk; latest 82 → 84 (better); forecast 88.5 → "
            "89.5 (better)"
        )
        by_level = _settings_diff(c2c, c27, {"prediction_level": 0.3}, {"prediction_level": 0.5})
        assert _one(by_level, "hs-grad went") == (
            "hs-grad went from off track to at risk; the setting prediction_level 0.3 → 0.5 "
            "decided it: under the old setting it would be off track; latest 82 → 84 (better); "
            "forecast 88.5 → 89.5 (better)"
        )

    def test_9_a_severity_the_setting_decided(self) -> None:
        init = ci.load_example("cradle-to-career")
        reasons = _settings_diff(
            init, init, {"critical_gap_share": 0.1}, {"critical_gap_share": 0.05}
        )
        assert _one(reasons, "boys-girls-club and schools became") == (
            "pair of partners whose work depends on each other but who are not tied or only "
            "weakly tied: boys-girls-club and schools became critical (was a warning); the "
            "setting critical_gap_share 0.1 → 0.05 decided it: under the old setting it would "
            "still be a warning"
        )
        # a gap whose phrase says something else (whom it pushes against) says it too
        s3 = _synthetic(3)
        reasons = _settings_diff(
            s3,
            _synthetic(3, dropped=8),
            {"conflict_warning_share": 0},
            {"conflict_warning_share": 0.8},
        )
        assert _one(reasons, "a29 now pushes") == (
            "a29 now pushes against 9 other activities; no longer against a79 and a80, which were "
            "removed from the initiative; it became a note (was a warning); the setting "
            "conflict_warning_share 0 → 0.8 decided it: under the old setting it would still be "
            "a warning"
        )

    def test_10_a_share_that_did_not_move_and_two_settings_each_sufficient(self) -> None:
        """ "it now lowers the index by 0.0224 (it was 0.0224)"; and two settings that each
        close the gap alone (reverting either leaves it closed) are both named."""
        init = ci.load_example("cradle-to-career")
        same = _settings_diff(
            init, init, {"gap_share_threshold": 0.02}, {"gap_share_threshold": 0.05}
        )
        assert _one(same, "head-start and reading-corps") == (
            "head-start and reading-corps still lead interdependent work without an adequate tie, "
            "but it lowers the index by 0.0224, as before, under the 0.05 that makes a gap "
            "(gap_share_threshold 0.02 → 0.05)"
        )
        c27 = ci.load_example("cradle-to-career-2027")
        both = _settings_diff(
            c27,
            c27,
            {"widening_threshold": 0, "disparity_level": 0.2},
            {"widening_threshold": 1, "disparity_level": 0.05},
        )
        assert "(disparity_level 0.2 → 0.05, widening_threshold 0 → 1)" in _one(both, "between")

    def test_equal_settings_assess_nothing_more(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from collective_impact import report

        init = ci.load_example("cradle-to-career")
        before, after = ci.assess(init, as_of="2023-06-30"), ci.assess(init)
        monkeypatch.setattr(report, "assess", None)  # the oracle would call it
        assert before.diff(after).reasons


_SETTING_VALUES = {
    "pathway_weight": (0.0, 0.5, 0.9),
    "unspecified_overlap": (0.0, 1.0),
    "working_group_coordination": (0.0, 0.6),
    "brokered_coordination": (0.0, 0.3),
    "duplication_threshold": (0.3, 0.5, 0.8),
    "weak_tie": (0.05, 0.3, 0.7),
    "gap_share_threshold": (0.0, 0.02, 0.05),
    "conflict_warning_share": (0.0, 0.8),
    "min_funding_years": (0.5, 2.0, 3.0),
    "prediction_level": (0.3, 0.8, 0.95),
    "stale_after_periods": (0.5, 2.0),
    "stale_after_days": (90.0, 1500.0),
    "widening_threshold": (0.0, 0.5, 1.0),
    "disparity_level": (0.05, 0.1, 0.3),
}


@given(
    pair=st.sampled_from(["c2c", "c2c-c27", "c27-c2c", "s1", "s1-dropped"]),
    fields=st.lists(st.sampled_from(sorted(_SETTING_VALUES)), min_size=1, max_size=2, unique=True),
    data=st.data(),
)
def test_the_settings_named_are_the_oracles(
    pair: str, fields: list[str], data: st.DataObject
) -> None:
    """For every gap opened or closed, status and severity change of a diff under one or two
    other settings, the settings its reason names are those a brute-force oracle finds: none
    when the after initiative under the old settings shows the same change; else each setting
    whose reverting alone undoes it or whose applying alone to the old ones makes it (every
    one when none does)."""
    import re

    from collective_impact import _changes
    from collective_impact.errors import ValidationError
    from collective_impact.report import _indicator_changes

    data_of = {
        "c2c": ci.load_example("cradle-to-career"),
        "c27": ci.load_example("cradle-to-career-2027"),
        "s1": _synthetic(1),
        "dropped": _synthetic(1, dropped=8),
    }
    a, b = {"c2c": ("c2c", "c2c"), "c2c-c27": ("c2c", "c27"), "c27-c2c": ("c27", "c2c"),
            "s1": ("s1", "s1"), "s1-dropped": ("s1", "dropped")}[pair]  # fmt: skip
    old = {f: data.draw(st.sampled_from(_SETTING_VALUES[f])) for f in fields}
    new = {f: data.draw(st.sampled_from(_SETTING_VALUES[f])) for f in fields}
    assume(old != new)
    c1, c2 = ci.ScoringConfig(**old), ci.ScoringConfig(**new)
    before = ci.assess(data_of[a], config=c1, recommendations=0)
    after = ci.assess(data_of[b], config=c2, recommendations=0)
    differ = c1.differences(c2)
    runs: dict[tuple[tuple[str, float], ...], ci.Assessment | None] = {}

    def at(config: ci.ScoringConfig) -> ci.Assessment:
        key = tuple(sorted(config.differences(ci.ScoringConfig()).items()))
        if key not in runs:
            runs[key] = ci.assess(data_of[b], config=config, as_of=after.as_of, recommendations=0)
        found = runs[key]
        assert found is not None
        return found

    def oracle(state: Any, now: object) -> set[str]:
        if state(at(c1)) == now:
            return set()
        named = set()
        for name, (was, then) in differ.items():
            for base, value, decides in ((c2, was, False), (c1, then, True)):
                try:
                    config = attrs.evolve(base, **{name: value})
                except ValidationError:
                    continue
                if (state(at(config)) == now) is decides:
                    named.add(name)
        return named or set(differ)

    def gaps(assessment: ci.Assessment) -> dict[str, Any]:
        return {g.key: g for g in assessment.gaps}

    def status(indicator: str) -> Any:
        return lambda x: {m.indicator: m.status for m in x.measurement}.get(indicator)

    ctx = _changes._Context(
        before, after, indicators=_indicator_changes(before, after, _changes.DIFF_TOLERANCE)
    )

    def named_in(text: str) -> set[str]:
        return {name for name in differ if re.search(rf"\b{name}\b", text)}

    old_gaps, new_gaps = gaps(before), gaps(after)
    for key in old_gaps.keys() - new_gaps.keys():
        text = _changes._closed_phrase(old_gaps[key], ctx)
        assert named_in(text) == oracle(lambda x, k=key: k in gaps(x), False), text
    for key in new_gaps.keys() - old_gaps.keys():
        text = _changes._opened_phrase(new_gaps[key], ctx)
        assert named_in(text) == oracle(lambda x, k=key: k in gaps(x), True), text
    statuses = {m.indicator: m.status for m in before.measurement}
    for key in old_gaps.keys() & new_gaps.keys():
        was, now = old_gaps[key], new_gaps[key]
        ind = now.primary[0] if now.primary else ""
        pair_of = (
            (statuses[ind].value, ctx.status_after[ind])
            if was.code == "off-track-indicator"
            else ("", "")
        )
        text = _changes._persisting_phrase(was, now, pair_of, ctx) or ""
        if was.code == "off-track-indicator" and pair_of[0] != pair_of[1]:
            new_status = status(ind)(after)
            assert named_in(text) == oracle(status(ind), new_status), text
        elif was.severity != now.severity and " became " in text:
            severity = oracle(
                lambda x, k=key: getattr(gaps(x).get(k), "severity", None), now.severity
            )
            assert named_in(text) == severity, text


def test_a_later_initiative_the_old_settings_cannot_score_is_still_compared() -> None:
    """The reasons assess the later initiative again under the old settings. When it cannot be
    (feedback pathways that diverge under the old pathway_weight 0.5, the reason the committee
    lowered it to 0.4), the comparison raised PathwayError where it had worked (found by a
    fresh-eyes reviewer, F1). It now names the setting and says the later initiative could not
    be scored under the old one."""
    init = ci.load_example("cradle-to-career")
    cycle = ("k-ready", "grade3-reading", "grade8-math")
    indicators = [
        attrs.evolve(i, drives={**dict(i.drives or {}), **{j: 1.0 for j in cycle if j != i.id}})
        if i.id in cycle
        else i
        for i in init.indicators
    ]
    later = attrs.evolve(init, indicators=tuple(indicators))
    with pytest.raises(ci.PathwayError):
        ci.assess(later)
    after = ci.assess(later, config=ci.ScoringConfig(pathway_weight=0.4))
    reasons = _reasons_of(ci.assess(init).diff(after))
    opened = [r for r in reasons if r.startswith("new gap")]
    assert opened
    for reason in opened:
        assert reason.endswith(
            "; the setting pathway_weight 0.5 → 0.4 opened it: under the old setting the later "
            "initiative could not be scored"
        ), reason


def test_two_settings_assess_each_configuration_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """With two settings moved, one moved back alone is the other moved alone: each
    configuration is assessed once (the fresh-eyes reviewer counted 5 assessments, 2 of them
    repeats), and the later one not at all."""
    import collective_impact.report as report

    seen: list[ci.ScoringConfig] = []
    real = report.assess

    def counted(*args: object, **kwargs: object) -> ci.Assessment:
        seen.append(kwargs["config"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    init = ci.load_example("workforce")
    before = ci.assess(init)
    after = ci.assess(init, config=ci.ScoringConfig(weak_tie=0.6, gap_share_threshold=0.05))
    monkeypatch.setattr(report, "assess", counted)
    diff = before.diff(after)
    assert diff.reasons
    assert seen  # the reasons did look under the old settings
    assert len(seen) == len({attrs.astuple(c) for c in seen}) <= 3
    assert after.config not in seen


def test_a_severity_the_data_changed_is_said_after_the_gaps_phrase() -> None:
    """A conflicting activity whose opponents changed and whose gap became a note said only
    whom it pushes against: the severity was said after that phrase only when settings decided
    it (found by a fresh-eyes reviewer, F5)."""
    from collective_impact.synth import generate

    def synth(dropped: int) -> ci.Initiative:
        init = generate(partners=12, activities=80, indicators=8, ties=30, seed=4)
        return attrs.evolve(init, activities=init.activities[: len(init.activities) - dropped])

    before = ci.assess(synth(0), recommendations=0)
    after = ci.assess(synth(8), recommendations=0)
    (reason,) = [r for r in _reasons_of(before.diff(after)) if r.startswith("a48 ")]
    assert reason == (
        "a48 now pushes against 2 other activities; no longer against a76, which was removed "
        "from the initiative; it became a note (was a warning)"
    )


def test_opponents_a_setting_changed_name_it() -> None:
    """Whom an activity pushes against depends on pathway_weight: with only that setting
    moved, the reason told of new opponents as if the initiative had changed and named no
    setting (found by a fresh-eyes reviewer, F2)."""
    init = ci.load_example("cradle-to-career")
    before = ci.assess(init, config=ci.ScoringConfig(pathway_weight=0.0))
    reasons = [r for r in _reasons_of(before.diff(ci.assess(init))) if "pushes against" in r]
    assert reasons == [
        "zero-tolerance-discipline now pushes against 8 other activities; newly against "
        "afterschool-math, attendance-coaches, college-advising, fafsa-nights and "
        "math-acceleration; the setting pathway_weight 0 → 0.5 decided it: under the old "
        "setting it would push against the same activities as before"
    ]
    # the same change made by the data names nothing
    same = ci.assess(init).diff(ci.assess(init))
    assert not [r for r in _reasons_of(same) if "pushes against" in r]


class TestWorkingGroupsBackboneAndConditions:
    """The working groups, the backbone record and the conditions were not compared, and the
    alignment index's reasons named only ties, activities added or removed and gaps (found by
    a reviewer)."""

    @staticmethod
    def _workforce() -> tuple[ci.Initiative, ci.Assessment]:
        init = ci.load_example("workforce")
        return init, ci.assess(init)

    def test_a_working_group_renamed_with_a_goal_added(self) -> None:
        """employer-partnerships renamed, with keep-jobs added to its goals (jobs): the diff
        said ``changed`` False and "no change"."""
        init, before = self._workforce()
        group, *others = init.working_groups
        assert (group.id, group.goals) == ("employer-partnerships", ("jobs",))
        renamed = attrs.evolve(group, name="Employers", goals=("jobs", "keep-jobs"))
        diff = before.diff(ci.assess(init.evolve(working_groups=(renamed, *others))))
        assert diff.changed
        assert diff.working_groups_changed == ("employer-partnerships",)
        assert diff.working_groups_added == diff.working_groups_removed == ()
        assert diff.to_dict()["working_groups"] == {
            "added": [],
            "removed": [],
            "changed": ["employer-partnerships"],
        }
        assert "working groups changed: employer-partnerships" in diff.summary()
        assert "- working groups changed: employer-partnerships" in diff.summary(markdown=True)
        assert "<b>working groups changed</b>: employer-partnerships" in diff._repr_html_()
        assert "Working groups changed" in render_report(before, changes=diff)

    def test_urgency_lowered(self) -> None:
        """Urgency high → low: ``phase.preconditions.lacking`` gains "a recorded urgency of
        medium or high" (the funding, secured until the date of judgement, 0 of the 2 years,
        was lacking already), yet the diff said ``changed`` False, with an empty summary and
        no preconditions reason."""
        init, before = self._workforce()
        lower = init.evolve(conditions=attrs.evolve(init.conditions, urgency="low"))
        after = ci.assess(lower)
        assert before.phase.preconditions.lacking == ("funding secured for 2 years",)
        assert after.phase.preconditions.lacking == (
            "funding secured for 2 years",
            "a recorded urgency of medium or high",
        )
        diff = before.diff(after)
        assert diff.changed
        assert diff.conditions_changed == ("urgency",)
        assert diff.to_dict()["conditions"] == {"changed": ["urgency"]}
        assert diff.reasons["preconditions"] == (
            "now lacking: a recorded urgency of medium or high (urgency high → low)",
        )
        text = diff.summary()
        assert "conditions changed: urgency" in text
        assert "now lacking: a recorded urgency of medium or high (urgency high → low)" in text
        assert "<b>conditions changed</b>: urgency" in diff._repr_html_()
        back = after.diff(before)
        assert back.reasons["preconditions"] == (
            "now met: a recorded urgency of medium or high (urgency low → high)",
        )

    def test_backbone_staff_organisation_and_record(self) -> None:
        """The facilitator 1.0 → 0.8 FTE showed only as a score change (backbone support
        0.875 → 0.842), the structure saying "no change"; the organisation changed from
        united-way to schools on cradle-to-career (0.566 → 0.571) and the backbone record
        removed are said too."""
        init, before = self._workforce()
        staff = {**init.backbone.staff, "facilitator": 0.8}
        diff = before.diff(
            ci.assess(init.evolve(backbone=attrs.evolve(init.backbone, staff=staff)))
        )
        assert diff.backbone_changed == ("staff",)
        assert diff.to_dict()["backbone"] == {"changed": ["staff"]}
        assert "backbone changed: staff" in diff.summary()
        assert "<b>backbone changed</b>: staff" in diff._repr_html_()
        gone = before.diff(ci.assess(init.evolve(backbone=None)))
        assert gone.backbone_changed == ("removed",)
        assert "backbone: removed" in gone.summary()
        c2c = ci.load_example("cradle-to-career")
        partners = [
            attrs.evolve(
                p,
                roles=tuple(r for r in p.roles if r != "backbone")
                + (("backbone",) if p.id == "schools" else ()),
            )
            for p in c2c.partners
        ]
        moved = c2c.evolve(
            partners=partners, backbone=attrs.evolve(c2c.backbone, organization="schools")
        )
        change = ci.assess(c2c).diff(ci.assess(moved))
        assert change.backbone_changed == ("organization",)
        assert round(change.alignment_index[2], 4) == 0.0049
        assert change.reasons["alignment_index"] == (
            "the backbone changed from united-way to schools: the activities coordinated "
            "through it (brokered coordination 0.3) are those that reach schools (run by it or "
            "by a partner tied to it), no longer those that reach united-way",
        )

    def test_working_groups_removed(self) -> None:
        """Without its two working groups, workforce's index falls 0.633 → 0.596 (-0.037) and
        its phase III → I: the structure said "no change" and the reasons named only the two
        gaps that opened, not the groups whose members were coordinated at 0.6."""
        init, before = self._workforce()
        diff = before.diff(ci.assess(init.evolve(working_groups=())))
        assert round(diff.alignment_index[2], 3) == -0.037
        assert diff.phase == (
            "Phase III — Sustain action and impact",
            "Phase I — Initiate action",
        )
        assert diff.working_groups_removed == ("employer-partnerships", "retention")
        assert "working groups removed: employer-partnerships, retention" in diff.summary()
        assert (
            "working group retention was removed: cha, job-readiness-provider, resident-council "
            "and transitional-jobs-provider no longer share it (members of one working group "
            "coordinate at 0.6 at least)"
        ) in diff.reasons["alignment_index"]

    def test_the_activities_a_partner_left_are_named(self) -> None:
        """Without community-college, cradle-to-career's index goes 0.566 → 0.531 and the
        reasons named only its two ties no longer there; removing those two ties alone changes
        the index by exactly 0. The cause is the activities it shared with others: each pair of
        activities sharing a partner is fully coordinated (k = 1), and the four scored ones
        lost it (pre-k-coaching, also changed, ended 2025-06-30 and is not scored). Its lead
        activities have new leads, and it left the college-career group."""
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        untied = init.evolve(
            ties=[t for t in init.ties if "community-college" not in (t.source, t.target)]
        )
        assert ci.assess(untied).alignment.index == before.alignment.index
        diff = before.diff(ci.assess(without_partner(init, "community-college")))
        assert (round(diff.alignment_index[0], 3), round(diff.alignment_index[1], 3)) == (
            0.566,
            0.531,
        )
        assert "pre-k-coaching" in diff.activities_changed
        reasons = diff.reasons["alignment_index"]
        assert (
            "community-college left college-advising, dual-enrollment, fafsa-nights and "
            "manufacturing-pathway (activities that share a partner are fully coordinated)"
        ) in reasons
        assert "schools now leads dual-enrollment (was community-college)" in reasons
        assert (
            "in working group college-career, community-college left (members of one working "
            "group coordinate at 0.6 at least)"
        ) in reasons
        assert "community-college left college-advising" in diff.summary()

    def test_the_backbone_that_left_is_named(self) -> None:
        """Without united-way, the backbone: the coordination it brokered (0.3 between
        activities that reach it) was not mentioned."""
        init = ci.load_example("cradle-to-career")
        diff = ci.assess(init).diff(ci.assess(without_partner(init, "united-way")))
        assert diff.backbone_changed == ("removed",)
        reasons = diff.reasons["alignment_index"]
        assert (
            "the initiative no longer has a backbone (united-way): activities that reached it "
            "(run by it or by a partner tied to it) are no longer coordinated through it "
            "(brokered coordination 0.3)"
        ) in reasons
        assert any(r.startswith("united-way left attendance-coaches, ") for r in reasons)
        assert (
            "in working group literacy, united-way left (members of one working group "
            "coordinate at 0.6 at least)"
        ) in reasons

    def test_lists_in_another_order_are_no_change(self) -> None:
        """The working groups and their members, the backbone's functions and staff and the
        champions, each in another order: the same initiative."""
        init, before = self._workforce()
        backbone = init.backbone
        assert backbone is not None
        permuted = init.evolve(
            working_groups=[
                attrs.evolve(g, members=g.members[::-1]) for g in init.working_groups[::-1]
            ],
            backbone=attrs.evolve(
                backbone,
                functions=dict(reversed(list(backbone.functions.items()))),
                staff=dict(reversed(list(backbone.staff.items()))),
            ),
            conditions=attrs.evolve(init.conditions, champions=init.conditions.champions[::-1]),
        )
        assert permuted.working_groups[0].members != init.working_groups[-1].members
        diff = before.diff(ci.assess(permuted))
        assert not diff.changed
        assert diff.working_groups_changed == diff.backbone_changed == ()
        assert diff.conditions_changed == ()
        assert diff.reasons == {}

    def test_a_diff_pickled_before_these_were_compared(self) -> None:
        """A diff pickled before the working groups, backbone and conditions were compared
        has none of their fields: it loads, and they are empty."""
        from collective_impact.report import AssessmentDiff

        init, before = self._workforce()
        change = before.diff(ci.assess(init, as_of="2010-06-30"))
        state = change.__getstate__()
        for name in (
            "working_groups_added",
            "working_groups_removed",
            "working_groups_changed",
            "backbone_changed",
            "conditions_changed",
            "goal_changes",
            "ties_changed_kinds",
        ):
            del state[name]
        old = AssessmentDiff.__new__(AssessmentDiff)
        old.__setstate__(state)
        assert old.to_dict() == change.to_dict()
        assert old.summary() == change.summary()


def test_a_target_date_coming_in_is_no_lost_forecast() -> None:
    """Once a value of the target date is in there is no forecast: the change read "forecast
    5,664 → none", as if it were lost (found by a fresh-eyes reviewer)."""
    init = ci.load_example("workforce")
    before = ci.assess(init, as_of=dt.date(2009, 12, 31))
    after = ci.assess(init, as_of=dt.date(2010, 12, 31))
    text = before.diff(after).summary()
    # a line of the terminal wraps at 100 characters, its continuation indented by 6
    joined = text.replace("\n      ", " ")
    (line,) = [row for row in joined.splitlines() if row.strip().startswith("placements:")]
    assert "no forecast now: a value of the target date is in" in line
    assert "→ none" not in line


def test_the_target_s_period_coming_in_is_no_lost_forecast() -> None:
    """Annual, p reports each 1 September (55, 60, 65 and 70 in 2022-2025), target 75 by
    2025-12-31. On 2025-10-01 the forecast judges (of 2025's figure, at its point of 1
    September: 70); on 2026-01-15 2025's 70, filed before the target date, is the value of
    that date: the target missed, no forecast. The change read "forecast 70 → none",
    comparing the latest date with the target date, where the record says the value of the
    target date is in (found by a reviewer)."""
    obs = [
        {"date": dt.date(y, 9, 1), "value": v, "reported_by": "p"}
        for y, v in ((2022, 55), (2023, 60), (2024, 65), (2025, 70))
    ]
    ind = ci.Indicator(
        id="grad",
        name="Graduation rate",
        unit="percent",
        frequency="annual",
        direction="increase",
        baseline={"date": dt.date(2021, 9, 1), "value": 50},
        target={"date": dt.date(2025, 12, 31), "value": 75},
        observations=obs,
    )
    init = ci.Initiative(
        name="H",
        partners=[ci.Partner(id="p", name="P", sector="government")],
        indicators=[ind],
        goals=[ci.Goal(id="g", statement="G", indicators=["grad"])],
        activities=[ci.Activity(id="a", name="A", partners=["p"], contributes={"grad": 0.5})],
    )
    before = ci.assess(init, as_of=dt.date(2025, 10, 1))
    after = ci.assess(init, as_of=dt.date(2026, 1, 15))
    diff = before.diff(after)
    (change,) = [c for c in diff.indicators if c.indicator == "grad"]
    assert change.target_date_observed == (False, True)
    assert change.forecast[1] is None
    assert change.to_dict()["target_date_observed"] == {"before": False, "after": True}
    # the frequency names the period that ended: a tool reading the JSON needs it too
    assert change.frequency == "annual"
    assert change.to_dict()["frequency"] == "annual"
    assert change.text() == (
        "grad: off track → target missed, latest 70; 2025 has ended: its figure, 70, is final"
    )
    assert "→ none" not in diff.summary()
    # a change pickled before the field was recorded reads it by the rule of its time (the
    # latest value dated on or after the target date: not so here)
    state = change.__getstate__()
    del state["target_date_observed"]
    old = object.__new__(type(change))
    old.__setstate__(state)
    assert old.target_date_observed == (False, False)
    assert old.text() == "grad: off track → target missed, latest 70; forecast 70 → none"


def test_predicted_gains_of_several_ties_are_not_added() -> None:
    """Adding the first and third recommended ties of workforce: the comparison quoted
    "+0.116 predicted" and "+0.092 predicted" (0.208 together) beside a change of +0.116,
    and nothing said they do not add up, as the recommendations themselves say (found by a
    reviewer of the comparison). One tie quoted needs no such sentence."""
    init = ci.load_example("workforce")
    before = ci.assess(init)
    first, _, third = before.recommendations[:3]
    both = ci.with_tie(ci.with_tie(init, first.source, first.target), third.source, third.target)
    reasons = before.diff(ci.assess(both)).reasons["alignment_index"]
    assert [r for r in reasons if "predicted" in r and "recommended this tie" in r] == list(
        reasons[:2]
    )
    assert reasons[2] == (
        "each predicted gain above was that of its tie alone, not of the 2 ties together: two "
        "ties may mend the same lack of coordination, so they do not add up"
    )
    one = before.diff(ci.assess(ci.with_tie(init, first.source, first.target)))
    assert not any("not of the" in r for r in one.reasons["alignment_index"])


def test_every_gap_and_indicator_with_all_and_opened_first() -> None:
    """``compare --all`` promised "every reason, gap, indicator and name", but the gaps that
    persisted unchanged (k-ready still off track) and the indicators that did not change were
    only counted; and the closed gaps came before the opened ones, though the heading and the
    JSON put opened first (found by a reviewer of the command line)."""
    old = ci.assess(ci.load_example("cradle-to-career"))
    new = ci.assess(ci.load_example("cradle-to-career-2027"))
    diff = old.diff(new)
    every = diff.summary(max_lines=None)
    assert (
        every.index("  Opened:") < every.index("  Closed:") < every.index("  Persisting, changed:")
    )
    listed = every[every.index("  Persisting, unchanged:") :].split("\n")[1:]
    unchanged = [n for o, n in diff.persisting if (o, n) not in diff.gaps_changed]
    assert len(unchanged) == 15
    assert [line.strip() for line in listed[: len(unchanged)]] == [
        line.strip() for line in listed[: len(unchanged)] if line.startswith("    ")
    ]
    assert any("k-ready" in line for line in listed[: len(unchanged)])
    assert "  unchanged: k-ready" in every
    short = diff.summary()
    assert "Persisting, unchanged" not in short
    assert "unchanged: k-ready" not in short
    assert short.index("  Opened:") < short.index("  Closed:")


# ------------------------------------------- a coordination gap closed through other partners


def _coordinated(
    acts: list[tuple[str, list[str], dict[str, float]]],
    ties: list[tuple[str, str, float]],
    groups: list[tuple[str, list[str]]] = [],  # noqa: B006 (never mutated)
    backbone: str | None = None,
    goals: list[tuple[str, list[str], float]] = [("g", ["ind"], 1.0)],  # noqa: B006
) -> ci.Initiative:
    """Partners schools, comm, clinic, nurse, a1, a2 and uw; one agenda indicator ``ind``
    (and ``ind2``); overlaps unspecified (1), no strategies (no redundancy)."""
    return ci.Initiative(
        name="Coordinated",
        partners=[
            ci.Partner(id=p, name=p, sector="nonprofit")
            for p in ("schools", "comm", "clinic", "nurse", "a1", "a2", "uw")
        ],
        goals=[ci.Goal(id=g, statement=g, indicators=i, weight=w) for g, i, w in goals],
        indicators=[ci.Indicator(id="ind", name="Ind"), ci.Indicator(id="ind2", name="Ind2")],
        activities=[ci.Activity(id=a, name=a, partners=ps, contributes=c) for a, ps, c in acts],
        ties=[ci.Tie(source=s, target=t, strength=x) for s, t, x in ties],
        working_groups=[ci.WorkingGroup(id=g, name=g, members=m) for g, m in groups],
        backbone=None if backbone is None else ci.Backbone(organization=backbone),
    )


#: tutoring led by schools with comm, health led by clinic: both help ind.
_TUTORING_HEALTH = [
    ("tutoring", ["schools", "comm"], {"ind": 0.5}),
    ("health", ["clinic"], {"ind": 0.8}),
]
_KEY = "uncoordinated-interdependence(partners=clinic+schools)"


class TestACoordinationGapClosedThroughOtherPartners:
    """tutoring (schools, with comm) and health (clinic) both help the one agenda indicator:
    d = 1 · 0.5 · 0.8 = 0.4 = R. Tied only by clinic–schools at 0.2 (under weak_tie 0.3),
    k(tutoring, health) = 0.2, the index 0.2 and the share of clinic and schools'
    uncoordinated work 0.4 · 0.8 / 0.4 = 0.8: an uncoordinated-interdependence gap. A tie
    clinic–comm of 1 makes k = max_{p ∈ {schools, comm}, q ∈ {clinic}} t(p, q) = 1
    (docs/scoring.md, Coordination, rule 2): the index is 1 and the gap closed. The comparison
    said "clinic and schools no longer lead interdependent work without an adequate tie",
    though they lead the same two activities and are still tied at 0.2 only: the new tie
    between clinic and comm closed it, and the reason says so."""

    BASE: ClassVar[list[tuple[str, str, float]]] = [("clinic", "schools", 0.2)]

    def _diff(self, before: ci.Initiative, after: ci.Initiative) -> ci.AssessmentDiff:
        change = ci.assess(before).diff(ci.assess(after))
        assert _KEY in {g.key for g in change.closed}
        return change

    def _said(self, change: ci.AssessmentDiff) -> list[str]:
        reasons = change.reasons["alignment_index"]
        return [r for r in reasons if "clinic and schools" in r and "interdependent" in r]

    SENTENCE = (
        "the interdependent work of clinic and schools is now coordinated through the new tie "
        "between clinic and comm, who takes part in tutoring; their own tie is still 0.2; "
        "uncoordinated, the activities they lead had lowered the index by 0.8"
    )

    def test_the_new_tie_to_a_partner_of_the_other_activity_is_named(self) -> None:
        before = _coordinated(_TUTORING_HEALTH, self.BASE)
        after = _coordinated(_TUTORING_HEALTH, [*self.BASE, ("clinic", "comm", 1.0)])
        old = ci.assess(before)
        (gap,) = [g for g in old.gaps if g.key == _KEY]
        assert gap.evidence["share"] == pytest.approx(0.8)
        change = self._diff(before, after)
        assert change.alignment_index[:2] == (pytest.approx(0.2), pytest.approx(1.0))
        assert self._said(change) == [self.SENTENCE]
        every = [r for said in change.reasons.values() for r in said]
        assert not any("no longer lead interdependent work" in r for r in every)

    def test_in_every_view(self) -> None:
        """The text (wrapped), the Markdown, the notebook view and the HTML report."""
        from collective_impact.html import diff_html

        before = ci.assess(_coordinated(_TUTORING_HEALTH, self.BASE))
        after = ci.assess(_coordinated(_TUTORING_HEALTH, [*self.BASE, ("clinic", "comm", 1.0)]))
        change = before.diff(after)
        assert self.SENTENCE in " ".join(change.summary().split())
        assert f"  - {self.SENTENCE}" in change.summary(markdown=True).splitlines()
        assert self.SENTENCE in diff_html(change)
        page = render_report(after, changes=change)
        assert self.SENTENCE in " ".join(page.split())

    def test_the_same_in_any_order(self) -> None:
        before = _coordinated(_TUTORING_HEALTH, self.BASE)
        after = _coordinated(_TUTORING_HEALTH, [*self.BASE, ("clinic", "comm", 1.0)])
        shuffled = after.evolve(
            activities=after.activities[::-1],
            ties=after.ties[::-1],
            partners=after.partners[::-1],
        )
        one = ci.assess(before).diff(ci.assess(after)).to_dict()
        other = ci.assess(before).diff(ci.assess(shuffled)).to_dict()
        assert one["reasons"] == other["reasons"]

    def test_a_stronger_tie_between_two_partners_who_lead_neither(self) -> None:
        acts = [_TUTORING_HEALTH[0], ("health", ["clinic", "nurse"], {"ind": 0.8})]
        change = self._diff(
            _coordinated(acts, [*self.BASE, ("comm", "nurse", 0.2)]),
            _coordinated(acts, [*self.BASE, ("comm", "nurse", 1.0)]),
        )
        assert self._said(change) == [
            "the interdependent work of clinic and schools is now coordinated through the "
            "stronger tie (0.2 → 1) between comm, who takes part in tutoring, and nurse, who "
            "takes part in health; their own tie is still 0.2; uncoordinated, the activities "
            "they lead had lowered the index by 0.8"
        ]

    def test_a_partner_who_joined_an_activity(self) -> None:
        """nurse, tied to clinic at 1, joins tutoring (in comm's place)."""
        ties = [*self.BASE, ("clinic", "nurse", 1.0)]
        joined = [("tutoring", ["schools", "nurse"], {"ind": 0.5}), _TUTORING_HEALTH[1]]
        change = self._diff(_coordinated(_TUTORING_HEALTH, ties), _coordinated(joined, ties))
        assert self._said(change) == [
            "the interdependent work of clinic and schools is now coordinated through the tie "
            "between clinic and nurse, who now takes part in tutoring; their own tie is still "
            "0.2; uncoordinated, the activities they lead had lowered the index by 0.8"
        ]

    def test_a_partner_who_now_takes_part_in_both(self) -> None:
        both = [_TUTORING_HEALTH[0], ("health", ["clinic", "comm"], {"ind": 0.8})]
        change = self._diff(
            _coordinated(_TUTORING_HEALTH, self.BASE), _coordinated(both, self.BASE)
        )
        assert self._said(change) == [
            "the interdependent work of clinic and schools is now coordinated through comm, "
            "who now takes part in both health and tutoring; their own tie is still 0.2; "
            "uncoordinated, the activities they lead had lowered the index by 0.8"
        ]

    def test_a_working_group_the_two_leads_now_share(self) -> None:
        """Their own coordination is 0.6 (working_group_coordination), at least weak_tie."""
        change = self._diff(
            _coordinated(_TUTORING_HEALTH, self.BASE),
            _coordinated(_TUTORING_HEALTH, self.BASE, groups=[("wg", ["clinic", "schools"])]),
        )
        assert self._said(change) == [
            "the interdependent work of clinic and schools is now coordinated through working "
            "group wg, now shared by clinic and schools; their own tie is still 0.2; "
            "uncoordinated, the activities they lead had lowered the index by 0.8"
        ]

    # x1 (a1) and x2 (a2), tied at 1, help ind2 of a goal weighing w: R = w, so that clinic
    # and schools' share 0.4 (1 - k) / (0.4 + w) is near the 0.02 of a gap

    OTHERS: ClassVar[list[tuple[str, list[str], dict[str, float]]]] = [
        ("x1", ["a1"], {"ind2": 1.0}),
        ("x2", ["a2"], {"ind2": 1.0}),
    ]

    def test_some_of_it_coordinated_through_a_working_group(self) -> None:
        """w = 10: 0.4 · 0.8 / 10.4 = 0.0308 before; a group of clinic and comm makes k = 0.6,
        0.4 · 0.4 / 10.4 = 0.0154 after, under 0.02, while clinic and schools' own
        coordination is still 0.2."""
        goals = [("g", ["ind"], 1.0), ("g2", ["ind2"], 10.0)]
        acts = [*_TUTORING_HEALTH, *self.OTHERS]
        ties = [*self.BASE, ("a1", "a2", 1.0)]
        change = self._diff(
            _coordinated(acts, ties, goals=goals),
            _coordinated(acts, ties, groups=[("wg", ["clinic", "comm"])], goals=goals),
        )
        assert self._said(change) == [
            "clinic and schools still lead interdependent work without an adequate tie, but it "
            "now lowers the index by 0.0154 (it was 0.0308), under the 0.02 that makes a gap; "
            "some of it is now coordinated through working group wg, now shared by clinic and "
            "comm, who takes part in tutoring"
        ]

    def test_some_of_it_coordinated_through_the_backbone(self) -> None:
        """w = 15: 0.4 · 0.8 / 15.4 = 0.0208 before; clinic tied to the backbone uw, which
        schools reaches already, brokers k = 0.3: 0.4 · 0.7 / 15.4 = 0.0182 after."""
        goals = [("g", ["ind"], 1.0), ("g2", ["ind2"], 15.0)]
        acts = [*_TUTORING_HEALTH, *self.OTHERS]
        ties = [*self.BASE, ("a1", "a2", 1.0), ("schools", "uw", 1.0)]
        change = self._diff(
            _coordinated(acts, ties, backbone="uw", goals=goals),
            _coordinated(acts, [*ties, ("clinic", "uw", 1.0)], backbone="uw", goals=goals),
        )
        assert self._said(change) == [
            "clinic and schools still lead interdependent work without an adequate tie, but it "
            "now lowers the index by 0.0182 (it was 0.0208), under the 0.02 that makes a gap; "
            "some of it is now coordinated through the backbone uw, which the partners of "
            "health and tutoring now reach (clinic now tied to it; brokered coordination 0.3)"
        ]

    def test_a_gap_recorded_without_its_share_is_not_said_coordinated(self) -> None:
        """A gap recorded without its share (``evidence`` without ``share``) whose work still
        lowers the index under the threshold: it is not "now coordinated" (k is 0.6 for the
        pair, and clinic and schools' own coordination 0.2), and not "no longer" leading it."""
        from collective_impact._changes import _closed_phrase, _Context

        goals = [("g", ["ind"], 1.0), ("g2", ["ind2"], 10.0)]
        acts = [*_TUTORING_HEALTH, *self.OTHERS]
        ties = [*self.BASE, ("a1", "a2", 1.0)]
        before = ci.assess(_coordinated(acts, ties, goals=goals))
        after = ci.assess(
            _coordinated(acts, ties, groups=[("wg", ["clinic", "comm"])], goals=goals)
        )
        (gap,) = [g for g in before.gaps if g.key == _KEY]
        evidence = {k: v for k, v in gap.evidence.items() if k != "share"}
        unshared = attrs.evolve(gap, evidence=evidence)
        assert _closed_phrase(unshared, _Context(before, after)) == (
            "clinic and schools still lead interdependent work without an adequate tie, but it "
            "now lowers the index by 0.0154, under the 0.02 that makes a gap; some of it is now "
            "coordinated through working group wg, now shared by clinic and comm, who takes part "
            "in tutoring"
        )

    def test_work_that_ended_is_still_said_so(self) -> None:
        """health ends: nothing coordinates the work, there is none; the generic sentence."""
        ended = [*_TUTORING_HEALTH, ("other", ["clinic"], {"ind2": 0.5})]
        change = self._diff(
            _coordinated(_TUTORING_HEALTH, self.BASE),
            _coordinated([_TUTORING_HEALTH[0], ended[2]], self.BASE),
        )
        assert self._said(change) == [
            "clinic and schools no longer lead interdependent work without an adequate tie "
            "(health was removed from the initiative); uncoordinated, the activities they lead "
            "had lowered the index by 0.8"
        ]


# ------------------------------------------------------------- the agenda named as a cause


def _reweighed(init: ci.Initiative, **changes: Any) -> ci.Initiative:
    """``init`` with each goal of ``changes`` evolved (``reading={"weight": 3.0}``)."""
    return init.evolve(
        goals=[attrs.evolve(g, **changes[g.id]) if g.id in changes else g for g in init.goals]
    )


@pytest.fixture(scope="module")
def agenda_change() -> ci.AssessmentDiff:
    """cradle-to-career, the reading goal weighing 3 (1.5) and chronic-absence off graduate."""
    init = ci.load_example("cradle-to-career")
    after = _reweighed(
        init,
        reading={"weight": 3.0},
        graduate={"indicators": ["grade8-math", "hs-grad"]},
    )
    return ci.assess(init).diff(ci.assess(after))


class TestGoalChangesAreNamedAsCauses:
    """cradle-to-career with the reading goal's weight doubled (1.5 → 3) and chronic-absence
    taken off the graduate goal: the overall score and four conditions move (a goal's weight
    is the goal weight g(i) of its indicators, which weighs the interdependence of every pair
    of activities, and the goals' indicators are the agenda that focus, readiness and
    freshness read: docs/scoring.md), and the comparison gave only effects (new gaps) as
    reasons, and at the end "goals changed: graduate, reading" with no detail."""

    AGENDA = (
        "the agenda changed (graduate: chronic-absence taken off the goal; reading: weight 1.5 → 3)"
    )

    def test_what_changed_in_each_goal_is_recorded(self, agenda_change: ci.AssessmentDiff) -> None:
        assert agenda_change.goals_changed == ("graduate", "reading")
        graduate, reading = agenda_change.goal_changes
        assert graduate == ci.GoalChange(
            goal="graduate", weight=(1.0, 1.0), indicators_removed=("chronic-absence",)
        )
        assert reading == ci.GoalChange(goal="reading", weight=(1.5, 3.0))
        assert (graduate.agenda_changed, reading.weight_changed) == (True, True)
        assert agenda_change.to_dict()["goals"]["changes"] == [
            {
                "goal": "graduate",
                "weight": {"before": 1.0, "after": 1.0},
                "indicators": {"added": [], "removed": ["chronic-absence"]},
                "statement_changed": False,
            },
            {
                "goal": "reading",
                "weight": {"before": 1.5, "after": 3.0},
                "indicators": {"added": [], "removed": []},
                "statement_changed": False,
            },
        ]

    def test_the_structure_list_says_it(self, agenda_change: ci.AssessmentDiff) -> None:
        from collective_impact.html import diff_html

        line = (
            "goals changed: graduate: chronic-absence taken off the goal; reading: weight 1.5 → 3"
        )
        assert f"  {line}" in agenda_change.summary().splitlines()
        assert f"- {line}" in agenda_change.summary(markdown=True).splitlines()
        assert (
            "<b>goals changed</b>: graduate: chronic-absence taken off the goal; reading: "
            "weight 1.5 → 3</div>"
        ) in diff_html(agenda_change)

    def test_the_scores_that_read_the_agenda_name_it(
        self, agenda_change: ci.AssessmentDiff
    ) -> None:
        moved = {k for k, v in agenda_change.score_changes().items() if v}
        assert moved == {
            "overall",
            "common_agenda",
            "shared_measurement",
            "mutually_reinforcing_activities",
            "continuous_communication",
        }
        why = {
            "alignment_index": "the interdependence of two activities weighs each indicator they "
            "help by the weight of the goals that list it",
            "common_agenda": "goal coverage weighs each goal by its weight, and focus and "
            "engagement count the help on the goals' indicators",
            "shared_measurement": "readiness and freshness weigh each indicator by the weight of "
            "the goals that list it, and reporting asks the partners who help one of them",
            "mutually_reinforcing_activities": "the interdependence of two activities, which its "
            "alignment index and efficiency sum, weighs each indicator they help by the weight "
            "of the goals that list it",
            "continuous_communication": "its coverage is a share of the reinforcement between "
            "partners, which weighs each indicator by the weight of the goals that list it",
        }
        for key, said in why.items():
            assert f"{self.AGENDA}: {said}" in agenda_change.reasons[key], key
        # the backbone's score does not read the agenda, nor does the overall score but
        # through the conditions (its reason names them)
        named = {k for k, v in agenda_change.reasons.items() if any(self.AGENDA in r for r in v)}
        assert named == set(why)

    def test_in_every_view(self, agenda_change: ci.AssessmentDiff) -> None:
        from collective_impact.html import diff_html

        reason = (
            f"{self.AGENDA}: the interdependence of two activities weighs each indicator they "
            "help by the weight of the goals that list it"
        )
        assert reason in " ".join(agenda_change.summary().split())
        assert f"  - {reason}" in agenda_change.summary(markdown=True).splitlines()
        assert reason in diff_html(agenda_change)
        after = ci.assess(
            _reweighed(
                ci.load_example("cradle-to-career"),
                reading={"weight": 3.0},
                graduate={"indicators": ["grade8-math", "hs-grad"]},
            )
        )
        page = " ".join(render_report(after, changes=agenda_change).split())
        assert reason in page
        assert (
            "<dt>Goals changed</dt><dd>graduate: chronic-absence taken off the goal; reading: "
            "weight 1.5 → 3</dd>"
        ) in page

    def test_the_same_in_any_order(self, agenda_change: ci.AssessmentDiff) -> None:
        init = ci.load_example("cradle-to-career")
        after = _reweighed(
            init,
            reading={"weight": 3.0},
            graduate={"indicators": ["hs-grad", "grade8-math"]},
        )
        shuffled = after.evolve(goals=after.goals[::-1], indicators=after.indicators[::-1])
        other = ci.assess(init.evolve(goals=init.goals[::-1])).diff(ci.assess(shuffled))
        assert other.to_dict() == agenda_change.to_dict()

    def test_a_statement_is_said_and_named_as_no_cause(self) -> None:
        init = ci.load_example("cradle-to-career")
        reworded = _reweighed(init, reading={"statement": "Every child reads by grade 3"})
        change = ci.assess(init).diff(ci.assess(reworded))
        assert change.goal_changes == (
            ci.GoalChange(goal="reading", weight=(1.5, 1.5), statement_changed=True),
        )
        assert "goals changed: reading: statement changed" in change.summary()
        assert not any("agenda changed" in r for v in change.reasons.values() for r in v)

    def test_goals_added_and_removed_and_indicators_put_on_a_goal(self) -> None:
        """The career goal removed and a goal of chronic-absence added; k-ready put on the
        reading goal too."""
        init = ci.load_example("cradle-to-career")
        attendance = ci.Goal(
            id="attend", statement="Every student attends", indicators=["chronic-absence"]
        )
        after = _reweighed(init, reading={"indicators": ["grade3-reading", "k-ready"]})
        after = after.evolve(
            goals=[*(g for g in after.goals if g.id != "career"), attendance],
            working_groups=[
                attrs.evolve(w, goals=[g for g in w.goals if g != "career"])
                for w in after.working_groups
            ],
        )
        change = ci.assess(init).diff(ci.assess(after))
        assert (change.goals_added, change.goals_removed) == (("attend",), ("career",))
        assert [c.text() for c in change.goal_changes] == ["reading: k-ready added to the goal"]
        assert (
            "the agenda changed (goal attend added; goal career removed; reading: k-ready added "
            "to the goal): goal coverage weighs each goal by its weight"
        ) in " ".join(change.reasons["common_agenda"])

    def test_a_goal_of_work_no_activity_does_is_not_named_under_the_index(self) -> None:
        """A goal added whose indicator no activity moves, and the recommended tie added: the
        index moved with the tie, and the goal weight of an indicator no pair of activities
        works on weighs nothing in it; goal coverage and readiness read the new goal."""
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        rec = before.recommendations[0]
        new = ci.Indicator(id="zz-new", name="New")
        after = ci.with_tie(init, rec.source, rec.target).evolve(
            indicators=[*init.indicators, new],
            goals=[*init.goals, ci.Goal(id="zz-goal", statement="New", indicators=["zz-new"])],
        )
        change = before.diff(ci.assess(after))
        assert change.alignment_index[2]
        named = {
            k for k, said in change.reasons.items() if any("agenda changed" in r for r in said)
        }
        assert named == {"common_agenda", "shared_measurement"}
        assert (
            "the agenda changed (goal zz-goal added): goal coverage weighs each goal by its "
            "weight, and focus and engagement count the help on the goals' indicators"
        ) in change.reasons["common_agenda"]


class TestClosedGapsOfTheAgenda:
    """Found by a fresh-eyes review of the gaps added in the forty-first session: a closed
    ``unengaged-partners`` gap always read "every partner now takes part in agenda work", and
    each ``off-agenda-activity`` gap closed by the goals' removal "now serves the agenda",
    beside engagement falling to 0. Each now says what happened."""

    @staticmethod
    def three() -> ci.Initiative:
        """a runs x (+0.5 on the agenda's i), b runs y (+0.5 on u, off the agenda), c nothing:
        engagement 1/3, b and c unengaged, y off the agenda."""
        partners = [
            ci.Partner(id=p, name=p, sector=s)
            for p, s in [("a", "nonprofit"), ("b", "government"), ("c", "community")]
        ]
        return ci.Initiative(
            name="T",
            partners=partners,
            indicators=[ci.Indicator(id="i", name="I"), ci.Indicator(id="u", name="U")],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            activities=[
                ci.Activity(id="x", name="X", partners=["a"], contributes={"i": 0.5}),
                ci.Activity(id="y", name="Y", partners=["b"], contributes={"u": 0.5}),
            ],
            ties=[ci.Tie(source="a", target="b"), ci.Tie(source="b", target="c")],
        )

    def reasons(self, after: ci.Initiative) -> list[str]:
        before = ci.assess(self.three())
        assert [g.subjects for g in before.gaps if g.code == "unengaged-partners"] == [("b", "c")]
        return list(before.diff(ci.assess(after)).reasons["common_agenda"])

    def test_goals_removed(self) -> None:
        said = self.reasons(self.three().evolve(goals=[]))
        assert "there is no common agenda any more (no goal is recorded) to take part in" in said
        assert "y is no longer judged against an agenda: no goal is recorded any more" in said
        assert not any("now serves the agenda" in r or "every partner" in r for r in said)

    def test_no_partner_engaged_any_more(self) -> None:
        x, y = self.three().activities
        harm = attrs.evolve(x, contributes={"i": -0.5})
        said = self.reasons(self.three().evolve(activities=[harm, y]))
        assert "no partner takes part in agenda work any more: no running activity helps it" in (
            said
        )

    def test_each_partner_says_what_happened(self) -> None:
        init = self.three()
        x, y = init.activities
        joined = attrs.evolve(x, partners=("a", "b"))
        after = init.evolve(
            partners=init.partners[:2],
            ties=[ci.Tie(source="a", target="b")],
            activities=[joined, y],
        )
        said = self.reasons(after)
        assert "b now takes part in agenda work; c left the initiative" in said


def test_a_tie_below_weak_tie_is_not_credited() -> None:
    """The gap of clinic and schools closes because a goal's weight moved its share under the
    threshold; a new clinic–comm tie of 0.21, under weak_tie 0.3, was credited with
    coordinating "some of it" (a fresh-eyes reviewer): a tie that weak is no adequate tie."""
    others = [("x1", ["a1"], {"ind2": 1.0}), ("x2", ["a2"], {"ind2": 1.0})]
    acts = [*_TUTORING_HEALTH, *others]
    ties = [("clinic", "schools", 0.2), ("a1", "a2", 1.0)]
    g15 = [("g", ["ind"], 1.0), ("g2", ["ind2"], 15.0)]
    g17 = [("g", ["ind"], 1.0), ("g2", ["ind2"], 17.0)]
    before = ci.assess(_coordinated(acts, ties, goals=g15))
    weak = _coordinated(acts, [*ties, ("clinic", "comm", 0.21)], goals=g17)
    diff = before.diff(ci.assess(weak))
    assert _KEY in {g.key for g in diff.closed}
    (said,) = [r for r in diff.reasons["alignment_index"] if "clinic and schools" in r]
    assert "coordinated through" not in said
    assert said.startswith("clinic and schools still lead interdependent work without an")


class TestClosedGapsSayWhatHappened:
    """A reviewer of the mends: a backbone that joined agenda work was "left out of
    engagement"; no-shared-work closed by the goals' removal read "now meet on the agenda";
    an off-agenda activity that now harms the agenda "now serves" it; a working group or the
    backbone's brokerage under weak_tie was credited where a tie as weak is not."""

    @staticmethod
    def two(goals: list[ci.Goal], y: dict[str, float]) -> ci.Initiative:
        return ci.Initiative(
            name="T",
            partners=[
                ci.Partner(id=p, name=p, sector=s)
                for p, s in [("a", "nonprofit"), ("b", "government")]
            ],
            indicators=[ci.Indicator(id="i", name="I"), ci.Indicator(id="u", name="U")],
            goals=goals,
            activities=[
                ci.Activity(id="x", name="X", partners=["a"], contributes={"i": 0.5}),
                ci.Activity(id="y", name="Y", partners=["b"], contributes=y),
            ],
            ties=[ci.Tie(source="a", target="b")],
        )

    def test_a_backbone_that_joined_agenda_work(self) -> None:
        init = TestClosedGapsOfTheAgenda.three()
        x, y = init.activities
        after = init.evolve(
            activities=[attrs.evolve(x, partners=("a", "b", "c")), y],
            backbone=ci.Backbone(organization="c"),
        )
        said = TestClosedGapsOfTheAgenda().reasons(after)
        assert "b now takes part in agenda work; c now takes part in agenda work" in said
        alone = init.evolve(backbone=ci.Backbone(organization="c"))
        before = ci.assess(init.evolve(activities=[attrs.evolve(x, partners=("a", "b")), y]))
        gone = before.diff(
            ci.assess(alone.evolve(activities=[attrs.evolve(x, partners=("a", "b")), y]))
        )
        assert "c is now the backbone, left out of engagement" in gone.reasons["common_agenda"]

    def test_no_shared_work_when_the_goals_go(self) -> None:
        goal = ci.Goal(id="g", statement="G", indicators=["i"])
        before = ci.assess(self.two([goal], {"u": 0.5}))
        for goals in ([], [ci.Goal(id="g", statement="G")]):
            said = before.diff(ci.assess(self.two(goals, {"u": 0.5}))).reasons[
                "mutually_reinforcing_activities"
            ]
            assert said == ("there is no agenda any more on which partners' activities could meet",)

    def test_an_off_agenda_activity_that_now_harms_it(self) -> None:
        goal = ci.Goal(id="g", statement="G", indicators=["i"])
        before = ci.assess(self.two([goal], {"u": 0.5}))
        diff = before.diff(ci.assess(self.two([goal], {"i": -0.2})))
        assert "y now works on the agenda, but against it" in diff.reasons["common_agenda"]
        assert "y now serves the agenda" not in diff.reasons["common_agenda"]
        helps = before.diff(ci.assess(self.two([goal], {"i": 0.2})))
        assert "y now serves the agenda" in helps.reasons["common_agenda"]


def test_brokerage_under_weak_tie_is_not_credited() -> None:
    """weak_tie 0.5: the backbone's brokered coordination, 0.3, is as weak as a tie the
    closed gap's reason does not credit, and was credited ("coordinated through the new
    backbone uw")."""
    others = [("x1", ["a1"], {"ind2": 1.0}), ("x2", ["a2"], {"ind2": 1.0})]
    acts = [*_TUTORING_HEALTH, *others]
    ties = [("clinic", "schools", 0.2), ("a1", "a2", 1.0)]
    g15 = [("g", ["ind"], 1.0), ("g2", ["ind2"], 15.0)]
    g17 = [("g", ["ind"], 1.0), ("g2", ["ind2"], 17.0)]
    cfg = ci.ScoringConfig(weak_tie=0.5)
    before = ci.assess(_coordinated(acts, ties, goals=g15), config=cfg)
    brokered = _coordinated(
        acts, [*ties, ("uw", "clinic", 1.0), ("uw", "comm", 1.0)], backbone="uw", goals=g17
    )
    diff = before.diff(ci.assess(brokered, config=cfg))
    (said,) = [r for r in diff.reasons["alignment_index"] if "clinic and schools" in r]
    assert "coordinated through" not in said


def test_a_period_ending_with_nothing_new_says_its_figure_is_final() -> None:
    """Found by a reviewer: only the date of judgement moved past the end of the target's
    period, with nothing new reported, and the diff said "a value of the target date is in"."""
    init = ci.load_example("cradle-to-career")
    inds = [
        attrs.evolve(i, target={"date": "2026-09-30", "value": 75})
        if i.id == "fafsa-completion"
        else i
        for i in init.indicators
    ]
    init = attrs.evolve(init, indicators=inds)
    d = ci.assess(init, as_of=dt.date(2026, 10, 1)).diff(ci.assess(init, as_of=dt.date(2027, 1, 1)))
    (reason,) = [r for r in d.reasons["shared_measurement"] if r.startswith("fafsa-completion")]
    assert reason.endswith("latest 62; 2026 has ended: its figure, 62, is final")
    assert "a value of the target date is in" not in reason


class TestHarmfulActivityPhrases:
    """``harmful-activity`` is raised for every activity that harms an agenda indicator: a
    note when its net agenda effect e_a stays positive, a warning when it is 0 or negative
    (docs/scoring.md, gap codes). A diff says how the case changed, not only the severity.
    Goals g1 (weight 2, i1) and g2 (weight 1, i2); ``a`` (p) helps i1 by ``help`` and harms
    i2 by 0.9; ``b`` (q) helps i2 by 1.0."""

    @staticmethod
    def assessed(help_: float | None, harm: float | None = -0.9) -> ci.Assessment:
        own = {"i1": 0.5} if help_ is None else {"i1": help_}
        if harm is not None:
            own["i2"] = harm
        return ci.assess(
            ci.Initiative(
                name="T",
                partners=[
                    ci.Partner(id="p", name="P", sector="nonprofit"),
                    ci.Partner(id="q", name="Q", sector="business"),
                ],
                goals=[
                    ci.Goal(id="g1", statement="G1", indicators=["i1"], weight=2.0),
                    ci.Goal(id="g2", statement="G2", indicators=["i2"]),
                ],
                indicators=[ci.Indicator(id="i1", name="I1"), ci.Indicator(id="i2", name="I2")],
                activities=[
                    ci.Activity(id="a", name="A", partners=["p"], contributes=own),
                    ci.Activity(id="b", name="B", partners=["q"], contributes={"i2": 1.0}),
                ],
                ties=[ci.Tie(source="p", target="q", strength=1.0)],
            )
        )

    @staticmethod
    def said(before: ci.Assessment, after: ci.Assessment) -> tuple[str, ...]:
        return before.diff(after).reasons["mutually_reinforcing_activities"]

    def test_a_note_that_becomes_a_warning_says_the_harm_now_outweighs(self) -> None:
        """e_a = 2 × 0.5 − 0.9 = 0.1, then 2 × 0.3 − 0.9 = −0.3."""
        note, warning = self.assessed(0.5), self.assessed(0.3)
        assert self.said(note, warning) == (
            "a now works against the agenda overall (net weighted effect 0.1 → -0.3); it "
            "became a warning (was a note)",
        )
        assert self.said(warning, note) == (
            "a now helps the agenda on balance, though it still harms it (net weighted effect "
            "-0.3 → 0.1); it became a note (was a warning)",
        )

    def test_help_cancelled_and_then_outweighed(self) -> None:
        """e_a = 2 × 0.45 − 0.9 = 0: a warning, as e_a = −0.3 is; the case still changed."""
        cancelled, warning = self.assessed(0.45), self.assessed(0.3)
        assert self.said(self.assessed(0.5), cancelled) == (
            "a now does the agenda no good on balance: its harm cancels its help (net weighted "
            "effect 0.1 → 0); it became a warning (was a note)",
        )
        assert self.said(cancelled, warning) == (
            "a now works against the agenda overall (net weighted effect 0 → -0.3)",
        )

    def test_a_gap_closed_says_the_activity_harms_no_more(self) -> None:
        """a's harm of i2 also pushes against b's help (its conflicting-activities gap)."""
        note, clean = self.assessed(0.5), self.assessed(0.5, harm=None)
        assert "a no longer harms the agenda" in self.said(note, clean)
        assert "new gap: activity harming the agenda: a" in self.said(clean, note)

    def test_an_activity_ended_is_said_as_its_case_was(self) -> None:
        """The activity removed: what it did, by its case."""
        for help_, what in (
            (0.5, "harmed the agenda while helping it on balance"),
            (0.45, "did the agenda no good on balance (its harm cancelled its help)"),
            (0.3, "worked against the agenda"),
        ):
            before = self.assessed(help_)
            after = ci.assess(before.initiative.evolve(activities=before.initiative.activities[1:]))
            assert f"a, which {what}, was removed from the initiative" in self.said(before, after)

    def test_an_activity_brought_onto_the_agenda_is_said_as_its_case_is(self) -> None:
        """z helps u by 0.5 and harms v by 0.3, both on no goal (off the agenda); a goal then
        lists them: e_z = 0.5 − 0.3 = 0.2 > 0, a note. "Now works on the agenda, but against
        it" was said of every harmful gap."""
        before = self.assessed(0.5, harm=None)
        init = before.initiative
        init = init.evolve(
            indicators=[
                *init.indicators,
                ci.Indicator(id="u", name="U"),
                ci.Indicator(id="v", name="V"),
            ],
            activities=[
                *init.activities,
                ci.Activity(id="z", name="Z", partners=["q"], contributes={"u": 0.5, "v": -0.3}),
            ],
        )
        before = ci.assess(init)
        assert [g.key for g in before.gaps_by(code="off-agenda-activity")] == [
            "off-agenda-activity(activity=z)"
        ]
        after = ci.assess(
            init.evolve(
                goals=[*init.goals, ci.Goal(id="g3", statement="G3", indicators=["u", "v"])]
            )
        )
        reasons = before.diff(after).reasons["common_agenda"]
        assert "z now works on the agenda, helping it on balance, though it also harms it" in (
            reasons
        )


class TestPhaseReasons:
    """healthy() is in phase III. Its working group ``w`` (all five partners) cut to one member
    leaves no process between partners, and its community partner in no group of two: two
    criteria of phase II unmet, so phase I, with every score unchanged (the ties still
    coordinate). The diff said "Phase III → Phase I" with no "Why" at all, only "working groups
    changed: w" (found by a reviewer). The criteria that became unmet, then met, are the
    phase's reasons, in every view."""

    PROCESSES = (
        "a phase II criterion of governance is no longer met: processes created (a working "
        "group of at least two partners)"
    )
    ENGAGED = (
        "a phase II criterion of community involvement is no longer met: community engaged in "
        "activities or working groups of two partners or more"
    )

    @staticmethod
    def pair() -> tuple[ci.Assessment, ci.Assessment]:
        from test_gaps import healthy

        init = healthy()
        before = ci.assess(init)
        solo = [ci.WorkingGroup(id="w", name="W", members=["gov"])]
        after = ci.assess(init.evolve(working_groups=solo), as_of=before.as_of)
        return before, after

    def test_the_criteria_are_the_reasons(self) -> None:
        before, after = self.pair()
        change = before.diff(after)
        assert (before.phase.label, after.phase.label) == ("III", "I")
        assert all(c == 0.0 for c in change.score_changes().values())
        assert change.reasons == {"phase": (self.PROCESSES, self.ENGAGED)}
        assert change.to_dict()["reasons"] == {"phase": [self.PROCESSES, self.ENGAGED]}
        # back: the same criteria, now met
        back = after.diff(before).reasons["phase"]
        assert back == tuple(r.replace("no longer", "now") for r in (self.PROCESSES, self.ENGAGED))
        # the same phase: no phase reason
        assert "phase" not in before.diff(before).reasons

    def test_every_view(self) -> None:
        import html as html_module
        import re

        from collective_impact.html import diff_html

        before, after = self.pair()
        change = before.diff(after)
        text = change.summary()
        assert "\nWhy\n  Phase:\n      a phase II criterion of governance is no longer" in text
        assert max(map(len, text.splitlines())) <= 100
        flat = " ".join(text.split())
        assert self.PROCESSES in flat
        assert self.ENGAGED in flat
        markdown = change.summary(markdown=True)
        assert f"- Phase:\n  - {self.PROCESSES}\n  - {self.ENGAGED}" in markdown
        for page in (diff_html(change), render_report(after, changes=change)):
            words = " ".join(html_module.unescape(re.sub("<[^>]+>", " ", page)).split())
            assert self.PROCESSES in words
            assert self.ENGAGED in words


class TestIndicatorsShownWorsenedFirst:
    """The summary, the HTML report and the notebook view listed the indicators that changed by
    id and cut the list at 20: in a synthetic initiative of 120 indicators judged on 2024-12-01
    and again on its own date, i081 went from target met to target missed and was hidden under
    "… and 14 more" behind changes of value alone (found by a reviewer). A status that worsened
    now comes first, then the other changes of status, each by the urgency of its new status,
    then changes of value (worsened first), then changes of the status's words alone;
    :attr:`AssessmentDiff.indicators` stays sorted by id."""

    @pytest.fixture(scope="class")
    @classmethod
    def diff(cls) -> Any:
        from collective_impact.synth import generate

        init = generate(indicators=120, seed=3)
        early = ci.assess(init, as_of=dt.date(2024, 12, 1), recommendations=0)
        return early.diff(ci.assess(init, recommendations=0))

    def test_the_order(self, diff: Any) -> None:
        from collective_impact._changes import shown_order
        from collective_impact._text import STATUS_URGENCY

        assert [c.indicator for c in diff.indicators] == sorted(
            c.indicator for c in diff.indicators
        )
        shown = shown_order(diff.indicators)
        assert {c.indicator for c in shown} == {c.indicator for c in diff.indicators if c.changed}
        i081 = next(c for c in shown if c.indicator == "i081")
        assert i081.status == ("met", "off-track")

        def group(c: Any) -> int:
            b, a = c.status_words()
            if b != a and self.words_alone(c):
                return 3
            if b == a:
                return 2
            worse = (
                None not in c.status and STATUS_URGENCY[c.status[1]] < STATUS_URGENCY[c.status[0]]
            )
            return 0 if worse else 1

        groups = [group(c) for c in shown]
        assert groups == sorted(groups)
        assert (groups[0], groups[-1]) == (0, 3)
        assert set(groups) == {0, 1, 2, 3}
        for g in (0, 1, 3):
            ranked = [
                (STATUS_URGENCY.get(c.status[1] or "", 5), c.indicator)
                for c in shown
                if group(c) == g
            ]
            assert ranked == sorted(ranked)

        def way(c: Any) -> int:
            text = c.details().split(";")[0]
            return 0 if "(worse)" in text else 2 if "(better)" in text else 1

        values = [(way(c), c.indicator) for c in shown if group(c) == 2]
        assert values == sorted(values)
        assert {w for w, _ in values} == {0, 1, 2}

    @staticmethod
    def words_alone(c: Any) -> bool:
        return (
            c.status[0] == c.status[1]
            and c.latest[0] == c.latest[1]
            and c.latest_date[0] == c.latest_date[1]
            and c.forecast[0] == c.forecast[1]
            and not c.target_changed
        )

    def test_the_summary_names_a_target_met_then_missed(self, diff: Any) -> None:
        """The first 20 lines: the 14 changes of status that worsened (i081, target met
        early (on 2024-11-01, 66.4 against 66.3 by 2025-11-01, no value of that date yet) →
        target missed (65.7 on the date), among them), the two that improved (i001, i025:
        insufficient data → forecast: on track), then the values that worsened (i011, i032,
        i053: "target missed, latest 24 → 24.9 (worse)", and i060). The nine changes of
        words alone ("off track → forecast: off track", nothing reported: i003, i017, i021,
        i044, i048, i065, i072, i077, i119) come last, after the values that improved (i005);
        ranked before the values, they took six of the 20 lines and hid nine values that
        worsened (found by a reviewer)."""
        text = diff.summary()
        assert "i081: target met early (on 2024-11-01) → target missed" in text
        listed = text.split("\nIndicators (")[1].split("\n\n")[0]
        listed = listed.replace("\n      ", " ")  # a wrapped line's continuation
        lines = [x.strip().split(":")[0] for x in listed.splitlines()[1:21]]
        assert lines[14:] == ["i001", "i025", "i011", "i032", "i053", "i060"]
        assert "i081" in lines[:14]
        assert "i053: target missed, latest 24 → 24.9 (worse)" in listed
        alone = {"i003", "i017", "i021", "i044", "i048", "i065", "i072", "i077", "i119"}
        assert {c.indicator for c in diff.indicators if c.changed and self.words_alone(c)} == alone
        assert not alone & set(lines)
        full = diff.summary(max_lines=None).split("\nIndicators (")[1].split("\n\n")[0]
        assert full.index("i116") < full.index("i065: off track → forecast: off track")
        assert full.index("i105") < full.index("i005") < full.index("i065")

    def test_the_views_name_it_too(self, diff: Any) -> None:
        from collective_impact.html import diff_html

        later = ci.assess(ci.synth.generate(indicators=120, seed=3), recommendations=0)
        page = render_report(later, changes=diff)
        part = page.split('id="indicators-changed"')[1]
        assert "<code>i081</code>" in part.split("</ul>")[0]
        assert "i081" in diff_html(diff).split("Indicators changed")[1]


def _without_ties(init: ci.Initiative, *pairs: tuple[str, str]) -> ci.Initiative:
    gone = {frozenset(pair) for pair in pairs}
    return init.evolve(ties=[t for t in init.ties if frozenset((t.source, t.target)) not in gone])


class TestTieReasonsOfTheIndex:
    """The reasons of the alignment index listed every tie and activity that changed, by id,
    even those that cannot move it (found by a reviewer)."""

    def test_a_tie_that_coordinates_no_scored_work_is_no_reason(self) -> None:
        """cradle-to-career without the bank – chamber tie: the index is unchanged (0.566),
        both partners' only shared activity is off the agenda, so no pair of activities between
        partners that reinforce each other has one in each; the diff read "bank and chamber
        are no longer tied" as a reason of the index. It lists no reason now (the structure
        lists the tie removed)."""
        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        diff = before.diff(ci.assess(_without_ties(init, ("bank", "chamber")), as_of=before.as_of))
        assert diff.alignment_index[2] == 0.0
        assert "alignment_index" not in diff.reasons
        assert len(diff.ties_removed) == 1

    def test_an_activity_of_no_scored_pair_is_no_reason(self) -> None:
        """An activity added that helps no agenda indicator adds no pair to the index: no
        reason (it is listed among the activities added)."""
        init = ci.load_example("cradle-to-career")
        act = ci.Activity(id="new-work", name="New", partners=["bank", "chamber"], contributes={})
        reasons = _reasons(init, init.evolve(activities=(*init.activities, act)), "alignment_index")
        assert not any("new-work" in r for r in reasons)

    def test_the_ties_that_move_the_index_most_come_first(self) -> None:
        """Three ties removed from cradle-to-career (0.566 → 0.541 on 2026-09-30). Alone,
        boys-girls-club – schools moves the index by 0.0166, schools – united-way by 0.0085
        (both the same on the later date, the tie put back alone), library – united-way by 0:
        every scored pair it could touch is coordinated as well without it (the two share the
        literacy working group, which links them at 0.6, the tie's strength). The reasons
        named all three, schools – united-way first by the "share of scored work it can move"
        (found by a reviewer); they name the two that move it, the larger move first."""
        from collective_impact._changes import _Context

        init = ci.load_example("cradle-to-career")
        before = ci.assess(init)
        pairs = [
            ("schools", "united-way"),
            ("library", "united-way"),
            ("boys-girls-club", "schools"),
        ]
        after = ci.assess(_without_ties(init, *pairs), as_of=before.as_of)
        alone = [
            ci.assess(_without_ties(init, pair), as_of=before.as_of).alignment.index
            - before.alignment.index
            for pair in pairs
        ]
        assert [round(x, 4) for x in alone] == [-0.0085, 0.0, -0.0166]
        moves = _Context(before, after).tie_effects(pairs)
        assert [moves[pair] for pair in pairs] == pytest.approx([-x for x in alone], abs=1e-12)
        reasons = before.diff(after).reasons["alignment_index"]
        tied = [r for r in reasons if r.endswith("are no longer tied")]
        assert tied == [
            "boys-girls-club and schools are no longer tied",
            "schools and united-way are no longer tied",
        ]

    def test_a_backbone_tie_that_only_weakens_is_no_reason(self) -> None:
        """workforce with cjc – mowd (cjc the backbone) weakened to 0.63 and mowd –
        job-readiness-provider removed: the index moves (-0.00697) by the removal alone. The
        weaker backbone tie changes no partner's reach of the backbone (its brokerage) and no
        scored pair takes its coordination from it: alone it moves the index by 0 on either
        date. It was listed first, ahead of the real cause (found by a reviewer)."""
        w = ci.load_example("workforce")
        before = ci.assess(w, recommendations=0)
        ties = [
            attrs.evolve(t, strength=0.63) if {t.source, t.target} == {"cjc", "mowd"} else t
            for t in w.ties
            if {t.source, t.target} != {"mowd", "job-readiness-provider"}
        ]
        weaker = [
            attrs.evolve(t, strength=0.63) if {t.source, t.target} == {"cjc", "mowd"} else t
            for t in w.ties
        ]
        alone = ci.assess(w.evolve(ties=weaker), as_of=before.as_of, recommendations=0)
        assert alone.alignment.index == pytest.approx(before.alignment.index, abs=1e-15)
        diff = before.diff(ci.assess(w.evolve(ties=ties), as_of=before.as_of, recommendations=0))
        assert round(diff.alignment_index[2], 5) == -0.00697
        assert diff.reasons["alignment_index"] == (
            "job-readiness-provider and mowd are no longer tied",
        )

    def test_the_backbone_brokerage_by_hand(self) -> None:
        """bb the backbone, x run by p, y by q, both tied to bb at 0.2: x and y share no
        partner and no tie, both reach the backbone: k = brokered_coordination = 0.3, the
        index 0.3 (one pair). bb – p strengthened to 0.9: still k = 0.3 (no tie joins p and
        q; p reached the backbone already): not a reason (it was). bb – p removed: p no longer
        reaches it, k = 0: a reason. p – q tied at 0.25 < 0.3: k stays 0.3, no reason (it was);
        at 0.35: k = 0.35, a reason."""

        def two(*ties: tuple[str, str, float]) -> ci.Initiative:
            return ci.Initiative(
                name="T",
                partners=[
                    ci.Partner(id=i, name=i.upper(), sector="nonprofit") for i in ["bb", "p", "q"]
                ],
                goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
                indicators=[ci.Indicator(id="i", name="I")],
                activities=[
                    ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
                    ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8}),
                ],
                ties=[ci.Tie(source=s, target=t, strength=v) for s, t, v in ties],
                backbone=ci.Backbone(organization="bb"),
            )

        base = [("bb", "p", 0.2), ("bb", "q", 0.2)]
        before = ci.assess(two(*base), recommendations=0)
        assert before.alignment.index == pytest.approx(0.3)
        cases = {
            (("bb", "p", 0.9), ("bb", "q", 0.2)): (0.3, ()),
            (("bb", "q", 0.2),): (0.0, ("bb and p are no longer tied",)),
            (*base, ("p", "q", 0.25)): (0.3, ()),
            (*base, ("p", "q", 0.35)): (0.35, ("p and q are now tied (strength 0.35)",)),
        }
        for ties, (index, named) in cases.items():
            after = ci.assess(two(*ties), as_of=before.as_of, recommendations=0)
            assert after.alignment.index == pytest.approx(index), ties
            reasons = before.diff(after).reasons.get("alignment_index", ())
            assert tuple(r for r in reasons if " tied" in r and "coordinated" not in r) == named

    @pytest.mark.parametrize("name", ["cradle-to-career", "workforce"])
    def test_every_tie_and_activity_named_moves_the_index_alone(self, name: str) -> None:
        """Random small edits (ties removed, strengthened, weakened, added; activities
        removed): each tie or activity named moves the index alone — the earlier assessment
        with it as on the later date, or the later one with it as on the earlier date (an
        activity removed put back into it) — and
        each that moves it alone is named, the larger move first. Before, in 75 random edits,
        247 of 482 ties named moved it neither way."""
        import random
        import re

        def key(t: ci.Tie) -> tuple[str, str]:
            return (min(t.source, t.target), max(t.source, t.target))

        def swap(init: ci.Initiative, pair: tuple[str, str], src: ci.Initiative) -> ci.Initiative:
            kept = [t for t in init.ties if key(t) != pair]
            return init.evolve(ties=kept + [t for t in src.ties if key(t) == pair])

        init = ci.load_example(name)
        ids = sorted(p.id for p in init.partners)
        seen = 0
        for seed in range(6):
            rng = random.Random(seed)
            ties = sorted(init.ties, key=lambda t: (t.source, t.target, t.kind.value))
            rng.shuffle(ties)
            kept = [
                attrs.evolve(t, strength=round(rng.uniform(0.05, 1), 2))
                if rng.random() < 0.2
                else t
                for t in ties[rng.randint(1, 4) :]
            ]
            for _ in range(3):
                p, q = rng.sample(ids, 2)
                if all({t.source, t.target} != {p, q} for t in kept):
                    kept.append(ci.Tie(source=p, target=q, strength=round(rng.uniform(0.05, 1), 2)))
            gone = rng.choice(sorted(a.id for a in init.activities))
            later = init.evolve(ties=kept, activities=[a for a in init.activities if a.id != gone])
            before = ci.assess(init, recommendations=0)
            after = ci.assess(later, as_of=before.as_of, recommendations=0)
            reasons = before.diff(after).reasons.get("alignment_index", ())
            moves: dict[str, float] = {}
            for pair in sorted(
                {key(t) for t in init.ties} ^ {key(t) for t in later.ties}
                | {key(t) for t in init.ties if t not in later.ties}
            ):
                one = ci.assess(swap(init, pair, later), as_of=before.as_of, recommendations=0)
                back = ci.assess(swap(later, pair, init), as_of=before.as_of, recommendations=0)
                moves[" and ".join(pair)] = max(
                    abs(one.alignment.index - before.alignment.index),
                    abs(after.alignment.index - back.alignment.index),
                )
            without = ci.assess(
                init.evolve(activities=[a for a in init.activities if a.id != gone]),
                as_of=before.as_of,
                recommendations=0,
            )
            put_back = ci.assess(
                later.evolve(activities=[*later.activities, init.activity(gone)]),
                as_of=before.as_of,
                recommendations=0,
            )
            moves[f"activity {gone} "] = max(
                abs(without.alignment.index - before.alignment.index),
                abs(after.alignment.index - put_back.alignment.index),
            )
            named = []
            for r in reasons:
                if r.startswith("activity "):
                    named.append(f"activity {r.split()[1]} ")
                    continue
                m = re.match(r"(?:the (?:[\w ]+ )?tie between )?([\w-]+) and ([\w-]+) ", r)
                if m and "tie" in r and f"{m[1]} and {m[2]}" in moves:
                    named.append(f"{m[1]} and {m[2]}")
            assert all(moves[m] > 1e-12 for m in named), (seed, named, moves)
            assert set(named) == {m for m, v in moves.items() if v > 1e-12}, (seed, moves)
            ranked = [moves[m] for m in named]
            assert all(x >= y - 1e-12 for x, y in itertools.pairwise(ranked)), seed
            seen += len(named)
        assert seen >= 6

    def test_a_tie_named_can_move_the_index(self) -> None:
        """Every tie of the examples whose removal moves the index is named, alone; a tie
        not named leaves it where it was."""
        for name in ("cradle-to-career", "workforce"):
            init = ci.load_example(name)
            before = ci.assess(init, recommendations=0)
            for pair in sorted({tuple(sorted((t.source, t.target))) for t in init.ties}):
                after = ci.assess(_without_ties(init, pair), as_of=before.as_of, recommendations=0)
                diff = before.diff(after)
                named = f"{pair[0]} and {pair[1]} are no longer tied" in diff.reasons.get(
                    "alignment_index", ()
                )
                assert named or diff.alignment_index[2] == 0.0, (name, pair)


class TestReasonsCutByHeading:
    """A synthetic diff (half the ties of 300 partners removed) listed 1,987 reasons on the
    report page, and the notebook view's 60, cut in total, were all ties removed in id order,
    hiding the reasons of communication. Each heading is cut on its own now."""

    @pytest.fixture(scope="class")
    @classmethod
    def diff(cls) -> Any:
        from collective_impact.synth import generate

        init = generate(partners=60, activities=200, indicators=20, ties=200, seed=1)
        half = sorted(init.ties, key=lambda t: (t.source, t.target, t.kind.value))[::2]
        before = ci.assess(init, recommendations=0)
        return before.diff(ci.assess(init.evolve(ties=half), as_of=before.as_of, recommendations=0))

    def test_the_report_cuts_each_heading(self, diff: Any) -> None:
        from collective_impact import htmlreport

        reasons = diff.reasons["alignment_index"]
        limit = htmlreport._REASON_LINES
        assert len(reasons) > limit
        later = ci.assess(
            ci.synth.generate(partners=60, activities=200, indicators=20, ties=200, seed=1)
        )
        page = render_report(later, changes=diff)
        part = page.split('id="change-reasons"')[1].split("</div>\n</div>")[0]
        assert part.count("<li>") == sum(min(len(v), limit) for v in diff.reasons.values())
        more = len(reasons) - limit
        assert (
            f"… and {more:,} more: every one is in "
            '<code>earlier.diff(later).reasons["alignment_index"]</code>'
        ) in part.replace("&#34;", '"')
        every = render_report(later, changes=diff, max_gaps=None)
        part = every.split('id="change-reasons"')[1].split("</div>\n</div>")[0]
        assert part.count("<li>") == sum(len(v) for v in diff.reasons.values())

    def test_the_notebook_view_cuts_each_heading(self, diff: Any) -> None:
        from collective_impact.html import diff_html

        out = diff_html(diff, max_rows=5)
        why = out.split("Why")[1].split("Gaps:")[0]
        for reason in diff.reasons["continuous_communication"][:5]:
            assert html.escape(reason) in why
        more = len(diff.reasons["alignment_index"]) - 5
        assert f"… and {more:,} more" in why


def test_the_index_effects_are_read_in_chunks_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """The moves of the index by each tie and activity changed are read a quarter of a million
    pairs at a time (bounded memory); read 5 at a time they are the same (to rounding). Half the
    ties of 60 partners removed, and 10 activities."""
    from collective_impact import _changes
    from collective_impact.synth import generate

    init = generate(partners=60, activities=200, indicators=20, ties=200, seed=1)
    ties = sorted(init.ties, key=lambda t: (t.source, t.target, t.kind.value))
    gone = sorted(a.id for a in init.activities)[::20]
    before = ci.assess(init, recommendations=0)
    later = init.evolve(ties=ties[::2], activities=[a for a in init.activities if a.id not in gone])
    ctx = _changes._Context(before, ci.assess(later, as_of=before.as_of, recommendations=0))
    pairs = sorted({(min(t.source, t.target), max(t.source, t.target)) for t in ties[1::2]})
    whole = ctx.tie_effects(pairs), ctx.activity_effects([], gone)
    assert sum(v > 0 for v in whole[0].values()) > 10
    monkeypatch.setattr(_changes, "_EFFECT_CHUNK", 5)
    cut = ctx.tie_effects(pairs), ctx.activity_effects([], gone)
    assert cut[0] == pytest.approx(whole[0], abs=1e-12)
    assert cut[1] == pytest.approx(whole[1], abs=1e-12)


class TestActivitiesWeighedOnBothDates:
    """An activity added or removed is weighed on both dates, as a tie is: removed, taken
    away from the earlier assessment and put back into the later; added, taken away from the
    later and put into the earlier; the larger move. It was weighed on its own date only."""

    @staticmethod
    def four(acts: list[ci.Activity], ties: list[ci.Tie], partners: str) -> ci.Initiative:
        return ci.Initiative(
            name="T",
            partners=[ci.Partner(id=i, name=i.upper(), sector="nonprofit") for i in partners],
            goals=[ci.Goal(id="g", statement="G", indicators=["i1", "i2"])],
            indicators=[ci.Indicator(id="i1", name="I1"), ci.Indicator(id="i2", name="I2")],
            activities=acts,
            ties=ties,
        )

    @staticmethod
    def act(aid: str, partner: str, *inds: str) -> ci.Activity:
        return ci.Activity(
            id=aid, name=aid.upper(), partners=[partner], contributes=dict.fromkeys(inds, 0.8)
        )

    def test_an_index_that_becomes_undefined_names_the_activities(self) -> None:
        """a-b and c-d tied at 0.5; x (a), y (b) on i1, u (c), v (d) on i2. The pairs x-y and
        u-v score, each k = 0.5: index 0.5. x and u removed: no pair left, the index is
        undefined. Taking x alone from the earlier leaves u-v, still 0.5 (no move), so nothing
        was named; putting x back into the later gives x-y, 0.5 against none: each is named."""
        act = self.act
        ties = [
            ci.Tie(source="a", target="b", strength=0.5),
            ci.Tie(source="c", target="d", strength=0.5),
        ]
        x, y, u, v = (
            act("x", "a", "i1"),
            act("y", "b", "i1"),
            act("u", "c", "i2"),
            act("v", "d", "i2"),
        )
        before = ci.assess(self.four([x, y, u, v], ties, "abcd"), recommendations=0)
        after = ci.assess(self.four([y, v], ties, "abcd"), as_of=before.as_of, recommendations=0)
        diff = before.diff(after)
        assert diff.alignment_index == (0.5, None, None)
        assert diff.reasons["alignment_index"] == (
            "activity u was removed from the initiative",
            "activity x was removed from the initiative",
        )
        # and the other way round: the two added, the index defined again
        back = after.diff(ci.assess(self.four([x, y, u, v], ties, "abcd"), as_of=before.as_of))
        assert [r.split(" (")[0] for r in back.reasons["alignment_index"]] == [
            "activity u was added to the initiative",
            "activity x was added to the initiative",
        ]

    def test_an_activity_removed_that_moves_the_later_index(self) -> None:
        """a-b tied at 0.5, p-q at 1; u (a) and v (b) on i1, y (p) on i2, x (q) on i1 and i2,
        all contributions 0.8, so R = 0.64 per shared indicator. Earlier u, v, y: the one pair
        u-v, R 0.64, k 0.5: index 0.5. Later u, v, x: u-v 0.64 × 0.5, u-x and v-x 0.64 × 0
        (a, b untied with q): 0.32 / 1.92 = 1/6. y removed: taken from the earlier, 0.5 still
        (no move); put back into the later, its pair x-y (R 0.64, k 1) gives
        0.96 / 2.56 = 0.375: a move of 0.375 - 1/6 = 0.208. x added: taken from the later,
        0.5 (a move of 1/3); put into the earlier, 0.375 (0.125): 1/3. Both named, x first;
        only x was."""
        act = self.act
        ties = [
            ci.Tie(source="a", target="b", strength=0.5),
            ci.Tie(source="p", target="q", strength=1.0),
        ]
        u, v, y = act("u", "a", "i1"), act("v", "b", "i1"), act("y", "p", "i2")
        x = act("x", "q", "i1", "i2")
        before = ci.assess(self.four([u, v, y], ties, "abpq"), recommendations=0)
        after = ci.assess(self.four([u, v, x], ties, "abpq"), as_of=before.as_of, recommendations=0)
        assert after.alignment.index == pytest.approx(1 / 6)
        diff = before.diff(after)
        assert [
            r.split(" (")[0] for r in diff.reasons["alignment_index"] if r.startswith("activity")
        ] == [
            "activity x was added to the initiative",
            "activity y was removed from the initiative",
        ]
        from collective_impact import _changes

        moves = _changes._Context(before, after).activity_effects(["x"], ["y"])
        assert moves == pytest.approx({"x": 1 / 3, "y": 0.375 - 1 / 6})

    @pytest.mark.parametrize("name", ["cradle-to-career", "workforce"])
    def test_the_moves_are_those_of_reassessing(self, name: str) -> None:
        """Every fourth activity of the example removed and a copy of every fifth (new id)
        added: each one's move is the larger of the two reassessments' (taken away from its
        own date, put into the other), to rounding."""
        init = ci.load_example(name)
        acts = sorted(init.activities, key=lambda a: a.id)
        gone = [a.id for a in acts[::4]]
        copies = [attrs.evolve(a, id=f"{a.id}-copy") for a in acts[1::5]]
        later = init.evolve(activities=[a for a in acts if a.id not in gone] + copies)
        before = ci.assess(init, recommendations=0)
        after = ci.assess(later, as_of=before.as_of, recommendations=0)
        from collective_impact import _changes

        ctx = _changes._Context(before, after)
        started = sorted(ctx.scored_after.keys() - ctx.scored_before.keys())
        stopped = sorted(ctx.scored_before.keys() - ctx.scored_after.keys())
        moves = ctx.activity_effects(started, stopped)

        def index(i: ci.Initiative) -> float:
            return ci.assess(i, as_of=before.as_of, recommendations=0).alignment.index

        b, a = before.alignment.index, after.alignment.index
        for aid in stopped:
            lone = init.activity(aid)
            own = abs(b - index(init.evolve(activities=[x for x in acts if x.id != aid])))
            other = abs(a - index(later.evolve(activities=[*later.activities, lone])))
            assert moves[aid] == pytest.approx(max(own, other), abs=1e-12), aid
        for aid in started:
            lone = later.activity(aid)
            own = abs(
                a - index(later.evolve(activities=[x for x in later.activities if x.id != aid]))
            )
            other = abs(b - index(init.evolve(activities=[*acts, lone])))
            assert moves[aid] == pytest.approx(max(own, other), abs=1e-12), aid
        assert sum(v > 0 for v in moves.values()) >= 4


def test_a_diff_with_no_tie_nor_activity_changed_reads_no_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two assessments of one initiative: no tie or activity changed, so the diff reads none
    of the scored pairs (it built the scored work of both, partner by partner, at every diff:
    at 25,000 activities 2.4 s and 295 MB for nothing, found by a reviewer)."""
    from collective_impact import _changes

    def refuse(*args: Any) -> Any:
        raise AssertionError("the scored pairs were read")

    monkeypatch.setattr(_changes, "_scored_chunks", refuse)
    init = ci.load_example("cradle-to-career")
    before = ci.assess(init, recommendations=0)
    diff = before.diff(ci.assess(init, as_of=before.as_of, recommendations=0))
    assert not diff.changed


class TestStatusWordsChange:
    """An indicator whose status words changed is a changed indicator, in every view.

    Judged on 2029-03-01, three years after the last report (2026), k-ready of the
    cradle-to-career example keeps its status (off-track), latest value (52.5 of 2026-09-30)
    and forecast (56.3 against 65 by 2028-09-30), but its target date has passed with no value
    of it in: the verdict is the forecast of a date gone by, "forecast: off track". The reasons
    said "k-ready went from off track to forecast: off track" while the indicator list said
    "Indicators (0 of 10 changed) / no change" (found by a reviewer): ``changed`` compared the
    status only. Four indicators change so: chronic-absence, fafsa-completion, k-ready and
    tutoring-attendance (target dates 2028-06-30 and 2028-09-30, before 2029-03-01, no value of
    them in; the other six have a value of the target date, or a target date after it).
    """

    LATER = dt.date(2029, 3, 1)
    PASSED: ClassVar[dict[str, str]] = {
        "chronic-absence": "2028-06-30",
        "fafsa-completion": "2028-06-30",
        "k-ready": "2028-09-30",
        "tutoring-attendance": "2028-06-30",
    }

    @pytest.fixture
    def diff(self) -> ci.AssessmentDiff:
        init = ci.load_example("cradle-to-career")
        return ci.assess(init).diff(ci.assess(init, as_of=self.LATER))

    def test_listed_as_changed_with_what_changed(self, diff: ci.AssessmentDiff) -> None:
        change = next(c for c in diff.indicators if c.indicator == "k-ready")
        assert change.status == ("off-track", "off-track")
        assert change.status_words() == ("off track", "forecast: off track")
        assert change.changed
        assert change.target_date_unreported == (False, True)
        assert change.to_dict()["target_date_unreported"] == {"before": False, "after": True}
        assert change.text() == (
            "k-ready: off track → forecast: off track, latest 52.5; "
            "target date 2028-09-30 (passed, no value since)"
        )
        assert change.to_dict()["status_words"] == {
            "before": "off track",
            "after": "forecast: off track",
        }
        assert change.to_dict()["target_date_words"] == {
            "before": "2028-09-30",
            "after": "2028-09-30 (passed, no value since)",
        }
        assert sorted(c.indicator for c in diff.indicators if c.changed) == sorted(self.PASSED)
        assert diff.changed

    def test_every_view_lists_them(self, diff: ci.AssessmentDiff) -> None:
        import html as html_module
        import re

        from collective_impact.html import diff_html

        text = diff.summary(max_lines=None)
        assert "Indicators (4 of 10 changed)" in text
        assert "no change\n\nPartners" not in text.split("Indicators (")[1]
        markdown = diff.summary(markdown=True, max_lines=None)
        assert "Indicators (4 of 10 changed)" in markdown
        pages = [
            diff_html(diff),
            render_report(
                ci.assess(ci.load_example("cradle-to-career"), as_of=self.LATER), changes=diff
            ),
        ]
        for view in (text, markdown, *pages):
            words = " ".join(html_module.unescape(re.sub("<[^>]+>", " ", view)).split())
            words = words.replace("\\", "")  # Markdown escapes
            for day in set(self.PASSED.values()):
                assert f"target date {day} (passed, no value since)" in words
        assert "Indicators changed: 4" in pages[0]

    def test_back_in_time_says_the_date_is_ahead(self) -> None:
        init = ci.load_example("cradle-to-career")
        back = ci.assess(init, as_of=self.LATER).diff(ci.assess(init))
        change = next(c for c in back.indicators if c.indicator == "k-ready")
        assert change.changed
        assert change.text() == (
            "k-ready: forecast: off track → off track, latest 52.5; "
            "target date 2028-09-30 still ahead"
        )

    @pytest.mark.parametrize("name", ci.list_examples())
    def test_one_rule_with_the_reasons(self, name: str) -> None:
        """Every example judged yearly up to five years on: an indicator whose words changed
        is changed, and the change's text holds both words."""
        init = ci.load_example(name)
        first = ci.assess(init)
        assert first.as_of is not None
        for years in range(1, 6):
            later = first.as_of.replace(year=first.as_of.year + years)
            for c in first.diff(ci.assess(init, as_of=later)).indicators:
                b, a = c.status_words()
                if b != a:
                    assert c.changed, (name, later, c.indicator)
                    assert f"{b} → {a}" in c.text()

    def test_a_change_pickled_before_the_field_reads_the_words(
        self, diff: ci.AssessmentDiff
    ) -> None:
        """Pickled before ``target_date_unreported``, ``target_date_words`` and ``as_of`` were
        recorded: the words "forecast: off track" after say the date passed with no value of
        it (it read ``(False, False)`` beside them), and the details say so in the words of
        their time."""
        change = next(c for c in diff.indicators if c.indicator == "k-ready")
        state = change.__getstate__()
        for name in ("target_date_unreported", "target_date_words", "as_of"):
            del state[name]
        old = ci.IndicatorChange.__new__(ci.IndicatorChange)
        old.__setstate__(state)
        assert old.target_date_unreported == (False, True)
        assert (old.target_date_words, old.as_of) == ((None, None), (None, None))
        assert old.changed  # the words still differ
        assert old.text() == change.text()
        init = ci.load_example("cradle-to-career")
        reverse = ci.assess(init, as_of=self.LATER).diff(ci.assess(init))
        back = next(c for c in reverse.indicators if c.indicator == "k-ready")
        state = back.__getstate__()
        for name in ("target_date_unreported", "target_date_words", "as_of"):
            del state[name]
        old.__setstate__(state)
        assert old.target_date_unreported == (True, False)
        assert "still ahead" not in old.text()  # the dates of judgement are unknown

    def test_not_still_ahead_when_both_are_judged_after_it(self) -> None:
        """Both sides judged on 2029-03-01, after k-ready's target date 2028-09-30; the later
        file corrects the latest value (2026-09-30) from 52.5 to 70, which meets the target of
        65 (early: none of 2028 is in). The earlier side's date passed with no value of it,
        the later's is met: the details said "target date 2028-09-30 still ahead", false on
        2029-03-01 (found by a reviewer). The status and the values say what changed."""
        init = ci.load_example("cradle-to-career")
        k = init.indicator("k-ready")
        last = k.observations[-1]
        assert (last.date, last.value) == (dt.date(2026, 9, 30), 52.5)
        fixed = init.evolve(
            indicators=[
                attrs.evolve(
                    i,
                    observations=tuple(
                        attrs.evolve(o, value=70.0) if o is last else o for o in i.observations
                    ),
                )
                if i.id == "k-ready"
                else i
                for i in init.indicators
            ]
        )
        diff = ci.assess(init, as_of=self.LATER).diff(ci.assess(fixed, as_of=self.LATER))
        change = next(c for c in diff.indicators if c.indicator == "k-ready")
        assert change.target_date_unreported == (True, False)
        assert change.as_of == (self.LATER, self.LATER)
        assert "still ahead" not in change.text()
        assert change.text().startswith(
            "k-ready: forecast: off track → target met early (2026's figure), latest 52.5 → 70"
        )

    def test_the_figure_so_far_of_the_target_period(self) -> None:
        """k-ready (annual) with a target of 65 by 2026-06-30, judged on 2026-06-01 and on
        2026-10-15: 2026's value (52.5, 2026-09-30) is in after the target date, its year
        still running, and every view writes the target "2026-06-30 (passed; 2026's figure so
        far 52.5, final when the year ends)"; the diff said "target date 2026-06-30 passed, no
        value since" beside that very value (found by a reviewer). One wording now."""
        from collective_impact._text import target_date_words

        init = ci.load_example("cradle-to-career")
        init = init.evolve(
            indicators=[
                attrs.evolve(i, target={"date": "2026-06-30", "value": 65})
                if i.id == "k-ready"
                else i
                for i in init.indicators
            ]
        )
        before = ci.assess(init, as_of=dt.date(2026, 6, 1))
        after = ci.assess(init, as_of=dt.date(2026, 10, 15))
        change = next(c for c in before.diff(after).indicators if c.indicator == "k-ready")
        words = target_date_words(after.indicator("k-ready"), "annual")
        assert words == "2026-06-30 (passed; 2026's figure so far 52.5, final when the year ends)"
        assert change.target_date_words[1] == words
        assert f"; target date {words};" in change.text()
        assert "no value since" not in change.text()


class TestTiesModifiedText:
    def test_a_kind_added_beside_the_strongest(self) -> None:
        """``with_tie(healthcare-employers, job-readiness-provider, strength=0.4)`` in the
        workforce example adds a communication tie of 0.4 beside their untouched referral tie
        job-readiness-provider→healthcare-employers of 0.6: the strongest stays 0.6, so the
        pair is "modified". The line read "(referral job-readiness-provider→healthcare-employers
        0.6 → communication 0.4; referral job-readiness-provider→healthcare-employers 0.6)",
        the one arrow both the referral's direction and before → after (found by a reviewer)."""
        init = ci.load_example("workforce")
        after = with_tie(init, "healthcare-employers", "job-readiness-provider", strength=0.4)
        diff = ci.assess(init).diff(ci.assess(after))
        line = next(x for x in diff.summary().splitlines() if "ties modified" in x)
        assert line.strip() == (
            "ties modified: healthcare-employers – job-readiness-provider: communication tie 0.4 "
            "added (strongest tie still referral 0.6)"
        )
        assert diff.ties_modified_kinds == (
            (
                "healthcare-employers",
                "job-readiness-provider",
                (("referral", 0.6),),
                (("referral", 0.6), ("communication", 0.4)),
            ),
        )
        (entry,) = diff.to_dict()["ties"]["modified"]
        assert entry["kinds"]["after"] == [
            {"kind": "referral", "strength": 0.6},
            {"kind": "communication", "strength": 0.4},
        ]

    def test_a_direction_reversed_is_said_with_both_sides_labelled(self) -> None:
        init = ci.load_example("workforce")
        tie = next(
            t
            for t in init.ties
            if {t.source, t.target} == {"healthcare-employers", "job-readiness-provider"}
        )
        ties = [
            attrs.evolve(t, source=t.target, target=t.source) if t is tie else t for t in init.ties
        ]
        diff = ci.assess(init).diff(ci.assess(init.evolve(ties=ties)))
        assert (
            "ties modified: healthcare-employers – job-readiness-provider: ties changed "
            "(before: [referral job-readiness-provider→healthcare-employers 0.6]; "
            "after: [referral healthcare-employers→job-readiness-provider 0.6])"
        ) in " ".join(diff.summary().split())

    def test_a_diff_pickled_before_the_kinds_were_recorded(self) -> None:
        init = ci.load_example("workforce")
        after = with_tie(init, "healthcare-employers", "job-readiness-provider", strength=0.4)
        diff = ci.assess(init).diff(ci.assess(after))
        state = diff.__getstate__()
        del state["ties_modified_kinds"]
        old = ci.AssessmentDiff.__new__(ci.AssessmentDiff)
        old.__setstate__(state)
        assert old.ties_modified_kinds == ()
        # the neutral label: a communication tie was added, no direction nor rating changed
        words = " ".join(old.summary().split())
        assert "direction or ratings" not in words
        assert (
            "healthcare-employers – job-readiness-provider: ties changed (before: [referral "
            "job-readiness-provider→healthcare-employers 0.6]; after: [communication 0.4; "
            "referral job-readiness-provider→healthcare-employers 0.6])"
        ) in words

    @staticmethod
    def _line(before: ci.Initiative, after: ci.Initiative) -> str:
        diff = ci.assess(before).diff(ci.assess(after))
        return next(
            " ".join(x.split())
            for x in diff.summary(max_lines=None).splitlines()
            if "ties modified" in x
        )

    @pytest.fixture
    def workforce(self) -> tuple[ci.Initiative, ci.Tie]:
        init = ci.load_example("workforce")
        tie = next(
            t
            for t in init.ties
            if {t.source, t.target} == {"healthcare-employers", "job-readiness-provider"}
        )
        return init, tie

    def test_a_kind_added_and_a_direction_reversed(
        self, workforce: tuple[ci.Initiative, ci.Tie]
    ) -> None:
        """The referral tie job-readiness-provider→healthcare-employers of 0.6 reversed and a
        communication tie of 0.4 added: the kinds (referral 0.6 on both sides, communication
        0.4 after) say the communication tie only, and the line said nothing of the reversal
        (found by a reviewer). Both sides follow, labelled."""
        init, tie = workforce
        rev = attrs.evolve(tie, source=tie.target, target=tie.source)
        comm = attrs.evolve(tie, kind="communication", strength=0.4)
        rest = [t for t in init.ties if t is not tie]
        assert self._line(init, init.evolve(ties=[*rest, rev, comm])) == (
            "ties modified: healthcare-employers – job-readiness-provider: communication tie 0.4 "
            "added (strongest tie still referral 0.6); ties changed (before: [referral "
            "job-readiness-provider→healthcare-employers 0.6]; after: [communication 0.4; "
            "referral healthcare-employers→job-readiness-provider 0.6])"
        )

    def test_a_weaker_tie_of_one_kind_added(self, workforce: tuple[ci.Initiative, ci.Tie]) -> None:
        """A referral tie of 0.3 the other way beside the referral of 0.6: the kinds are the
        same (referral, strongest 0.6) on both sides, and the line said "direction or ratings
        changed" when a tie was added."""
        init, tie = workforce
        rev = attrs.evolve(tie, source=tie.target, target=tie.source, strength=0.3)
        line = self._line(init, init.evolve(ties=[*init.ties, rev]))
        assert line == (
            "ties modified: healthcare-employers – job-readiness-provider: ties changed (before: "
            "[referral job-readiness-provider→healthcare-employers 0.6]; after: [referral "
            "healthcare-employers→job-readiness-provider 0.3; referral "
            "job-readiness-provider→healthcare-employers 0.6])"
        )

    def test_the_weaker_tie_of_one_kind_restrengthened(
        self, workforce: tuple[ci.Initiative, ci.Tie]
    ) -> None:
        """The weaker of two referral ties 0.3 → 0.5 (the strongest, 0.6, stays): "direction
        or ratings changed" was false, a strength changed."""
        init, tie = workforce
        weak = attrs.evolve(tie, source=tie.target, target=tie.source, strength=0.3)
        line = self._line(
            init.evolve(ties=[*init.ties, weak]),
            init.evolve(ties=[*init.ties, attrs.evolve(weak, strength=0.5)]),
        )
        assert "direction or ratings" not in line
        assert "after: [referral healthcare-employers→job-readiness-provider 0.5; referral" in line

    def test_a_kind_restrengthened_alone_needs_no_sides(
        self, workforce: tuple[ci.Initiative, ci.Tie]
    ) -> None:
        """A communication tie 0.2 → 0.4 beside the referral of 0.6: the kinds say it all."""
        init, tie = workforce
        comm = attrs.evolve(tie, kind="communication", strength=0.2)
        line = self._line(
            init.evolve(ties=[*init.ties, comm]),
            init.evolve(ties=[*init.ties, attrs.evolve(comm, strength=0.4)]),
        )
        assert line == (
            "ties modified: healthcare-employers – job-readiness-provider: communication tie "
            "0.2 → 0.4 (strongest tie still referral 0.6)"
        )


def _moving_gap(extra: tuple[ci.Activity, ...] = ()) -> ci.Initiative:
    """p, q, r; x run by r (lead) and p, y by q, both helping i by 0.8; one tie, p – r."""

    def partner(pid: str, sector: str) -> ci.Partner:
        return ci.Partner(id=pid, name=pid.upper(), sector=sector)

    return ci.Initiative(
        name="T",
        partners=[
            partner("p", "nonprofit"),
            partner("q", "business"),
            partner("r", "community"),
            partner("s", "government"),
            partner("t", "philanthropy"),
        ],
        goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
        indicators=[ci.Indicator(id="i", name="I")],
        activities=[
            ci.Activity(id="x", name="X", partners=["r", "p"], contributes={"i": 0.8}),
            ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8}),
            *extra,
        ],
        ties=[ci.Tie(source="p", target="r")],
    )


class TestCoordinationGapMovedWithTheIndexUnchanged:
    """A coordination gap that opened or closed while the alignment index held was named with
    no cause: the lead changes, partners of activities, backbone and working groups were said
    only when the index moved (found by a reviewer)."""

    def test_a_new_lead_moving_the_gap_is_named(self) -> None:
        """x (r, p) and y (q) reinforce each other, with no tie between {r, p} and {q}: k = 0,
        the index 0 / R = 0, and the gap of r and q has share 1. Without r, x is led by p: the
        same pair, still k = 0, index 0 (unchanged), and the gap is now p and q's. The reasons
        gave "new gap: ... p and q" beside "r left the initiative", never the new lead."""
        init = _moving_gap()
        before = ci.assess(init)
        diff = before.diff(ci.assess(without_partner(init, "r"), as_of=before.as_of))
        assert diff.alignment_index[2] == 0.0
        opened = {g.key for g in diff.opened}
        closed = {g.key for g in diff.closed}
        assert "uncoordinated-interdependence(partners=p+q)" in opened
        assert "uncoordinated-interdependence(partners=q+r)" in closed
        reasons = diff.reasons["alignment_index"]
        assert "p now leads x (was r)" in reasons
        assert "p now leads x (was r)" in diff.summary()

    def test_only_the_changes_of_the_gaps_work_are_named(self) -> None:
        """z, run by s and t, helps nothing: it is in no scored pair. Its lead changing too
        (s → t) moves no gap's work (x and y, run by p, q and r), nor does s leaving working
        group w (q, s and t: of the partners of x and y only q is in it): neither is named
        beside x's new lead."""
        z = ci.Activity(id="z", name="Z", partners=["s", "t"], contributes={})
        init = _moving_gap((z,)).evolve(
            working_groups=[ci.WorkingGroup(id="w", name="W", members=["q", "s", "t"])]
        )
        after = without_partner(init, "r").evolve(
            working_groups=[ci.WorkingGroup(id="w", name="W", members=["q", "t"])]
        )
        after = after.evolve(
            activities=[
                attrs.evolve(a, partners=("t", "s")) if a.id == "z" else a for a in after.activities
            ]
        )
        reasons = _reasons(init, after, "alignment_index")
        assert "p now leads x (was r)" in reasons
        assert "t now leads z (was s)" not in reasons
        assert not any("working group w" in r for r in reasons)
        # q and s leaving w, p joining it: w holds one partner of x and y before (q), one
        # after (p), never two, so it coordinates neither date's pair (and the index holds)
        after = after.evolve(working_groups=[ci.WorkingGroup(id="w", name="W", members=["p", "t"])])
        reasons = _reasons(init, after, "alignment_index")
        assert "p now leads x (was r)" in reasons
        assert not any("working group w" in r for r in reasons)

    def test_a_backbone_that_brokers_none_of_the_gaps_work_is_not_named(self) -> None:
        """q becomes the backbone as r leaves: y (run by q) reaches it, x (run by p, tied to
        no one after) does not, so it brokers neither date's pair of x and y (the index holds
        at 0); the new backbone is not named beside x's new lead."""
        init = _moving_gap()
        after = without_partner(init, "r").evolve(backbone=ci.Backbone(organization="q"))
        reasons = _reasons(init, after, "alignment_index")
        assert "p now leads x (was r)" in reasons
        assert not any("backbone" in r for r in reasons)

    @staticmethod
    def started_z(bb: str | None, wg: list[str], y_partners: list[str]) -> ci.Initiative:
        return ci.Initiative(
            name="T",
            partners=[
                ci.Partner(id=i, name=i.upper(), sector="nonprofit")
                for i in ["p", "q", "r", "s", "b1", "b2"]
            ],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[ci.Indicator(id="i", name="I")],
            activities=[
                ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
                ci.Activity(id="y", name="Y", partners=y_partners, contributes={"i": 0.8}),
                ci.Activity(
                    id="z", name="Z", partners=["r"], contributes={"i": 0.8}, start="2026-01-01"
                ),
            ],
            ties=[ci.Tie(source=o, target=c, strength=0.2) for o in "pqr" for c in ("b1", "b2")]
            if bb
            else [],
            working_groups=[ci.WorkingGroup(id="w", name="W", members=wg)],
            backbone=ci.Backbone(organization=bb) if bb else None,
        )

    def test_the_activity_that_started_is_named_not_what_changes_no_pair(self) -> None:
        """x (p), y (q), z (r, starts 2026-01-01) all on i at 0.8; p, q, r each tied to b1
        and b2 at 0.2. On 2025-06-01 only x-y scores, brokered at 0.3 (backbone b1): index 0.3.
        On 2026-06-01 z runs: x-y, x-z, y-z all brokered at 0.3 (backbone b2): index 0.3, and
        the gaps p-r and q-r open. s joining y (s ties to no one, shares no group), the
        backbone b1 → b2 (every one of p, q, r reaches both) and s leaving w (q's only
        co-member) change no pair's k = 0.3 on either date: they were named, and z starting,
        the cause, was not."""
        before = ci.assess(
            self.started_z("b1", ["q", "s"], ["q"]), as_of=dt.date(2025, 6, 1), recommendations=0
        )
        after = ci.assess(
            self.started_z("b2", ["q"], ["q", "s"]), as_of=dt.date(2026, 6, 1), recommendations=0
        )
        diff = before.diff(after)
        assert diff.alignment_index[0] == diff.alignment_index[1] == pytest.approx(0.3)
        assert {"uncoordinated-interdependence(partners=p+r)"} <= {g.key for g in diff.opened}
        reasons = [r for r in diff.reasons["alignment_index"] if not r.startswith("new gap")]
        assert reasons == ["activity z started (2026-01-01; run by r)"]
        # without a backbone (k = 0 everywhere, index 0): the same
        before = ci.assess(
            self.started_z(None, ["q", "s"], ["q"]), as_of=dt.date(2025, 6, 1), recommendations=0
        )
        after = ci.assess(
            self.started_z(None, ["q"], ["q", "s"]), as_of=dt.date(2026, 6, 1), recommendations=0
        )
        reasons = [
            r for r in before.diff(after).reasons["alignment_index"] if not r.startswith("new gap")
        ]
        assert reasons == ["activity z started (2026-01-01; run by r)"]

    def test_a_change_that_moves_a_led_pair_is_still_named(self) -> None:
        """The filters keep a change that moves a led pair's k. Later, s joins x (p's) and
        working group w (q's): x-y is run by {p, s} and {q}, and s and q share w, so
        k(x, y) = max(0.3 brokered, 0.6 group) = 0.6; with w as before ({q}) or s not in x,
        0.3: both are named. The backbone (b1 on both dates) is not."""
        before = ci.assess(
            self.started_z("b1", ["q"], ["q"]), as_of=dt.date(2025, 6, 1), recommendations=0
        )
        later = self.started_z("b1", ["q", "s"], ["q"])
        later = later.evolve(
            activities=[
                attrs.evolve(a, partners=("p", "s")) if a.id == "x" else a for a in later.activities
            ]
        )
        from collective_impact import _changes

        after = ci.assess(later, as_of=dt.date(2026, 6, 1), recommendations=0)
        ctx = _changes._Context(before, after)
        led = ctx.led_pairs([("p", "q"), ("p", "r"), ("q", "r")])
        assert led[1] == [("x", "y"), ("x", "z"), ("y", "z")]
        assert any(
            "in working group w, s joined" in r
            for r in _changes._working_group_members(ctx, led=led)
        )
        assert _changes._partners_of_activities(ctx, {"x", "y", "z"}, led) == [
            "s joined x (activities that share a partner are fully coordinated)"
        ]
        assert _changes._backbone_brokerage(ctx, {"x", "y", "z"}, led) == []

    def test_workforce_without_resident_council(self) -> None:
        """Removing resident-council from workforce keeps the index, and its gap with
        community-colleges becomes cha's, who now leads resident-outreach."""
        init = ci.load_example("workforce")
        before = ci.assess(init)
        diff = before.diff(ci.assess(without_partner(init, "resident-council"), as_of=before.as_of))
        assert diff.alignment_index[2] == 0.0
        assert "uncoordinated-interdependence(partners=cha+community-colleges)" in {
            g.key for g in diff.opened
        }
        reasons = diff.reasons["alignment_index"]
        assert "cha now leads resident-outreach (was resident-council)" in reasons


class TestOneActivityThatCannotBePutBack:
    """Putting the activities of the other date back was tried for all at once: one whose
    population the later initiative no longer declares (z, helping nothing) made the whole try
    fail, and x and u, halves of the only two scored pairs, removed as the index went from 0.5
    to undefined, were named by neither date (found by a reviewer). Only z is left out now."""

    @staticmethod
    def four(acts: list[ci.Activity], pops: list[ci.Label]) -> ci.Initiative:
        return ci.Initiative(
            name="T",
            partners=[ci.Partner(id=i, name=i.upper(), sector="nonprofit") for i in "abcd"],
            goals=[ci.Goal(id="g", statement="G", indicators=["i1", "i2"])],
            indicators=[ci.Indicator(id="i1", name="I1"), ci.Indicator(id="i2", name="I2")],
            activities=acts,
            populations=pops,
            ties=[
                ci.Tie(source="a", target="b", strength=0.5),
                ci.Tie(source="c", target="d", strength=0.5),
            ],
        )

    def test_the_others_are_still_weighed(self) -> None:
        def act(aid: str, p: str, *inds: str, pops: tuple[str, ...] = ()) -> ci.Activity:
            return ci.Activity(
                id=aid,
                name=aid.upper(),
                partners=[p],
                contributes=dict.fromkeys(inds, 0.8),
                populations=list(pops),
            )

        x, y, u, v = (
            act("x", "a", "i1"),
            act("y", "b", "i1"),
            act("u", "c", "i2"),
            act("v", "d", "i2"),
        )
        z = act("z", "d", pops=("youth",))
        youth = [ci.Label(id="youth", name="Youth")]
        later = self.four([y, v], [ci.Label(id="adults", name="Adults")])
        before = ci.assess(self.four([x, y, u, v, z], youth), recommendations=0)
        after = ci.assess(later, as_of=before.as_of, recommendations=0)
        diff = before.diff(after)
        assert diff.alignment_index[:2] == (0.5, None)
        named = diff.reasons["alignment_index"]
        assert any(r.startswith("activity x was removed") for r in named)
        assert any(r.startswith("activity u was removed") for r in named)
        assert not any(r.startswith("activity z") for r in named)


def test_a_partner_replaced_in_an_activity_does_not_read_as_leaving_it() -> None:
    """z run by q alone, then by s and p; w (s), x (p, q → p), y (q, s), one indicator, no
    tie, p the backbone: the index holds and the gap of q and s moves to p and q. Undoing "q
    left z" on the earlier date took q out of z, which left z with no partner (no activity),
    and its pairs' k read 0: "q left x and z" (found by a reviewer). An activity left with no
    partner is none: that change cannot be undone there, and only "q left x" is said, beside
    "s joined z" and "s now leads z (was q)"."""

    def initiative(acts: dict[str, tuple[str, ...]]) -> ci.Initiative:
        return ci.Initiative(
            name="T",
            partners=[
                ci.Partner(id=i, name=i.upper(), sector="nonprofit")
                for i in ("p", "q", "r", "s", "b1", "b2")
            ],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[ci.Indicator(id="i", name="I")],
            activities=[
                ci.Activity(id=a, name=a.upper(), partners=list(ps), contributes={"i": 0.8})
                for a, ps in acts.items()
            ],
            working_groups=[ci.WorkingGroup(id="w", name="W", members=["r", "s"])],
            backbone=ci.Backbone(organization="p"),
        )

    before = initiative({"w": ("s",), "x": ("p", "q"), "y": ("q", "s"), "z": ("q",)})
    after = initiative({"w": ("s",), "x": ("p",), "y": ("q", "s"), "z": ("s", "p")})
    b = ci.assess(before, as_of=dt.date(2025, 6, 1), recommendations=0)
    a = ci.assess(after, as_of=dt.date(2026, 6, 1), recommendations=0)
    reasons = b.diff(a).reasons["alignment_index"]
    assert any(r.startswith("q left x (") for r in reasons)
    assert not any(r.startswith("q left x and z") for r in reasons)
    assert "s now leads z (was q)" in reasons
