"""``Assessment.diff``: what changed between two assessments (snapshots or what-if changes)."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

import collective_impact as ci
from collective_impact import with_tie, without_partner
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
        assert change == pytest.approx(0.0327, abs=1e-4)
        assert all(v > 0 for v in c2c_change.score_changes().values())

    def test_indicators(self, c2c_change: ci.AssessmentDiff) -> None:
        """hs-grad: latest 82 (2025-08-31) -> 84 (2026-08-31), off track -> at risk;
        postsec-credential: never observed -> 31 (2026-12-31)."""
        by_id = {c.indicator: c for c in c2c_change.indicators}
        hs = by_id["hs-grad"]
        assert hs.status == ("off-track", "at-risk")
        assert hs.latest == (82.0, 84.0)
        assert hs.change == 2.0
        assert hs.text() == "hs-grad: off track → at risk, 82 → 84"
        cred = by_id["postsec-credential"]
        assert cred.latest == (None, 31.0)
        assert cred.change is None
        assert cred.changed
        assert cred.text() == "postsec-credential: insufficient data, no value → 31"
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
        assert (
            "zero-tolerance-discipline, which worked against the agenda, ended"
            in reasons["mutually_reinforcing_activities"]
        )
        # the tie the 2026 assessment recommended first (gain 0.0585 at strength 1), added at 0.5
        tied = reasons["alignment_index"][0]
        assert tied.startswith("faith-coalition and united-way are now tied (strength 0.5)")
        assert "+0.058 predicted for a tie of strength 1" in tied
        assert reasons["preconditions"] == (
            "funding is now secured for 2.5 years (until 2029-12-31), was 0.7",
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
        assert "A difference of at most 1e-9 (absolute) is no change." in text
        assert "  backbone support                  0.50 → 0.67 (+0.167)" in text
        assert "hs-grad: off track → at risk, 82 → 84" in text
        assert "Gaps: 2 opened, 8 closed, 29 persisting (2 changed severity)" in text
        assert "partners added: restorative-center" in text
        assert max(len(line) for line in text.splitlines()) <= 110
        md = c2c_change.summary(markdown=True)
        assert md.startswith("# Changes in Cradle to Career Example")
        assert "\n## Why\n" in md
        assert "- backbone support: 0.50 → 0.67 (+0.167)" in md

    def test_to_dict_is_json_safe(self, c2c_change: ci.AssessmentDiff) -> None:
        data = json.loads(json.dumps(c2c_change.to_dict(), allow_nan=False))
        assert data["as_of"] == {"before": "2026-09-30", "after": "2027-06-30"}
        assert data["tolerance"] == 1e-9
        assert data["partners"] == {"added": ["restorative-center"], "removed": []}
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
