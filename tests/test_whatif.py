"""What-if changes (:mod:`collective_impact.analysis.whatif`): ``without_partner`` and ``with_tie``.

Every expectation is read off :func:`whatif_case`, whose docstring describes it.
"""

from __future__ import annotations

import attrs
import pytest

import collective_impact as ci
from collective_impact import (
    Activity,
    Backbone,
    Conditions,
    Indicator,
    Initiative,
    Partner,
    Tie,
    UnknownIdError,
    WorkingGroup,
    with_tie,
    without_partner,
)


def whatif_case() -> Initiative:
    """a (backbone, champion) runs y alone and leads x with b; c runs z; a and c report on i1."""
    return Initiative(
        name="What if",
        partners=[
            Partner(id=p, name=p, sector=s)
            for p, s in zip(
                "abcd", ("government", "nonprofit", "business", "community"), strict=True
            )
        ],
        indicators=[
            Indicator(
                id="i1",
                name="I1",
                observations=[
                    {"date": "2024-01-01", "value": 1, "reported_by": "a"},
                    {"date": "2024-02-01", "value": 2, "reported_by": "c"},
                    {"date": "2024-03-01", "value": 3},
                ],  # type: ignore[list-item]
            )
        ],
        activities=[
            Activity(id="x", name="X", partners=["a", "b"], contributes={"i1": 0.5}),
            Activity(id="y", name="Y", partners=["a"], contributes={"i1": 0.5}),
            Activity(id="z", name="Z", partners=["c"], contributes={"i1": 0.5}),
        ],
        ties=[
            Tie(source="a", target="b"),
            Tie(source="c", target="a"),
            Tie(source="b", target="c"),
        ],
        working_groups=[WorkingGroup(id="w", name="W", members=["a", "b", "c"])],
        backbone=Backbone(organization="a"),
        conditions=Conditions(champions=["a", "c"]),
    )


class TestWithoutPartner:
    def test_removes_everything_that_refers_to_it(self) -> None:
        before = whatif_case()
        after = without_partner(before, "a")
        assert [p.id for p in after.partners] == ["b", "c", "d"]
        assert [(t.source, t.target) for t in after.ties] == [("b", "c")]
        assert [(a.id, a.partners) for a in after.activities] == [("x", ("b",)), ("z", ("c",))]
        assert after.working_groups[0].members == ("b", "c")
        assert after.backbone is None
        assert after.conditions.champions == ("c",)

    def test_keeps_observations_without_reporter(self) -> None:
        after = without_partner(whatif_case(), "a")
        obs = after.indicator("i1").observations
        assert [(o.value, o.reported_by) for o in obs] == [(1, None), (2, "c"), (3, None)]

    @staticmethod
    def _reported(frequency: str | None, rows: list[dict[str, object]]) -> Initiative:
        """``whatif_case`` with ``i1``'s observations and reporting frequency replaced."""
        init = whatif_case()
        return init.evolve(
            indicators=[attrs.evolve(init.indicator("i1"), frequency=frequency, observations=rows)]
        )

    def test_a_report_in_the_period_of_a_row_without_reporter_is_refused(self) -> None:
        """Annual ``i1``: ``a`` reports 1 in January 2024, a row with no reporter 3 in June. Two
        reporters' reports of one period: the value is their mean, 2. Kept with no reporter,
        ``a``'s 1 became the same reporter's earlier report, revised by the 3: the value went
        to 3 (the indicator "better") with no figure changed. Refused, naming the rows."""
        init = self._reported(
            "annual",
            [
                {"date": "2024-01-01", "value": 1, "reported_by": "a"},
                {"date": "2024-06-01", "value": 3},
            ],
        )
        assert ci.assess(init).indicator("i1").latest_value == 2.0
        with pytest.raises(ci.ValidationError) as info:
            without_partner(init, "a")
        [(where, message)] = [(p.location.path, p.message) for p in info.value.problems]
        assert where == "indicators[0] ('i1')"
        assert "same annual period as rows with no reporter (2024-06-01)" in message
        assert "reported_by" in message

    def test_a_report_on_the_date_of_a_row_without_reporter_is_refused(self) -> None:
        """Without a frequency, the same date: ``a``'s 1 and an unattributed 3 on 1 March are
        two reporters' (value 2); kept with no reporter they were two values of one reporter's
        date, which validation refused with an error about observations the caller never
        wrote. The what-if names the rows instead."""
        init = self._reported(
            None,
            [
                {"date": "2024-03-01", "value": 1, "reported_by": "a"},
                {"date": "2024-03-01", "value": 3},
            ],
        )
        with pytest.raises(ci.ValidationError, match=r"same date as rows with no reporter"):
            without_partner(init, "a")

    def test_a_group_spelled_another_way_is_the_same_group(self) -> None:
        """``a`` reports the group "Low-Income" in January 2024, a row with no reporter
        "low-income" in June: one group to measurement (labels compare trimmed and
        case-folded), whose value is the mean of the two reporters', 2. Matched as typed, the
        two spellings did not clash, the removal went through and the group's value became
        3 (found by a fresh-eyes reviewer)."""
        init = self._reported(
            "annual",
            [
                {"date": "2024-01-01", "value": 1, "reported_by": "a", "group": "Low-Income"},
                {"date": "2024-06-01", "value": 3, "group": "low-income"},
            ],
        )
        [group] = ci.assess(init).indicator("i1").groups
        assert group.latest_value == 2.0
        with pytest.raises(ci.ValidationError, match=r"same annual period as rows with no"):
            without_partner(init, "a")

    def test_reports_of_other_periods_or_groups_keep_the_values(self) -> None:
        """``a``'s report of 2023, and its report of a group in 2024, merge with nothing: the
        partner goes and every value of ``i1`` stays (the lists of reporters lose its name:
        ``reporters``, and ``latest_missing_reporters`` with ``latest_missing_from``, as its
        report of 2023 is not of 2024, the latest year: its rows keep no ``reported_by``, and
        such a row names no one)."""
        init = self._reported(
            "annual",
            [
                {"date": "2023-01-01", "value": 1, "reported_by": "a"},
                {"date": "2024-01-01", "value": 5, "reported_by": "a", "group": "girls"},
                {"date": "2024-06-01", "value": 3},
                {"date": "2024-06-01", "value": 4, "group": "boys"},
            ],
        )
        before = ci.assess(init).indicator("i1").to_dict()
        after = ci.assess(without_partner(init, "a")).indicator("i1").to_dict()
        assert before.pop("reporters") == ["a"]
        assert after.pop("reporters") == []
        assert before.pop("latest_missing_reporters") == ["a"]
        assert after.pop("latest_missing_reporters") == []
        assert before.pop("latest_missing_from") == "2023-01-01"  # a's last report, gone
        assert after.pop("latest_missing_from") is None
        assert after == before

    @pytest.mark.parametrize("name", ci.list_examples())
    def test_a_partner_leaving_changes_no_indicator(self, name: str) -> None:
        """Every partner of every example: the indicators' measurement is the same without it
        (the partner's reports are kept; only the lists of reporters lose it), or the removal
        is refused."""

        def measured(result: ci.Assessment) -> list[dict[str, object]]:
            return [
                {
                    **m.to_dict(),
                    "reporters": None,
                    "latest_missing_reporters": None,
                    "latest_missing_from": None,
                }
                for m in result.measurement
            ]

        init = ci.load_example(name)
        first = ci.assess(init)
        before = measured(first)
        for partner in init.partners:
            try:
                smaller = without_partner(
                    init,
                    partner.id,
                    leads={
                        a.id: sorted(a.partners[1:])[0]
                        for a in init.activities
                        if a.partners[0] == partner.id and len(a.partners) > 2
                    },
                )
            except ci.ValidationError:
                continue
            assert measured(ci.assess(smaller, as_of=first.as_of)) == before, partner.id

    def test_leads_keyed_by_no_id_are_listed_with_the_others(self) -> None:
        """``leads`` with keys of mixed types (5, None, a tuple beside ids) raised a plain
        TypeError from sorting them (found by a reviewer): every entry that is not an activity
        ``cjc`` leads with two or more others is listed at once, ids first, then the others by
        type name (NoneType, int, tuple), then ``repr``."""
        init = ci.load_example("workforce")
        with pytest.raises(ci.ValidationError) as info:
            without_partner(
                init,
                "cjc",
                leads={  # type: ignore[dict-item]
                    "employer-engagement": "retail-employers",
                    5: "x",
                    "typo": "y",
                    None: "z",
                    ("a",): "w",
                },
            )
        assert [p.path for p in info.value.problems] == [
            "leads['typo']",
            "leads[None]",
            "leads[5]",
            "leads[('a',)]",
        ]
        assert "5 is not an activity 'cjc' leads" in info.value.problems[2].message

    def test_other_partner_keeps_backbone(self) -> None:
        after = without_partner(whatif_case(), "c")
        assert after.backbone is not None
        assert after.backbone.organization == "a"
        assert after.conditions.champions == ("a",)
        assert [a.id for a in after.activities] == ["x", "y"]
        assert after.indicator("i1").observations[1].reported_by is None

    def test_unknown_id(self) -> None:
        with pytest.raises(UnknownIdError):
            without_partner(whatif_case(), "nobody")

    def test_the_new_lead_does_not_depend_on_the_order_of_co_partners(self) -> None:
        """Activity x led by a with co-partners c and d, listed c, d or d, c (the same
        initiative: their assessments are bit-identical). d also runs y alone; c and d are
        tied. Without a, x needs its new lead named (it was c, the first in id order, so a
        renaming changed the result; earlier still the next partner listed, so the order
        d, c made x and y both d's and the index undefined); led by c, either way, x (c) and
        y (d) reinforce under a tie, index 1."""

        def build(order: list[str]) -> Initiative:
            return Initiative(
                name="W",
                partners=[Partner(id=p, name=p, sector="nonprofit") for p in "acd"],
                goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
                indicators=[Indicator(id="i", name="I")],
                activities=[
                    Activity(id="x", name="X", partners=order, contributes={"i": 0.8}),
                    Activity(id="y", name="Y", partners=["d"], contributes={"i": 0.8}),
                ],
                ties=[Tie(source="c", target="d", strength=0.5)],
            )

        one, two = build(["a", "c", "d"]), build(["a", "d", "c"])
        assert ci.assess(one).to_dict() == ci.assess(two).to_dict()
        for init in (one, two):
            with pytest.raises(ci.ValidationError, match=r"leads\['x'\]"):
                without_partner(init, "a")
        after = [without_partner(init, "a", leads={"x": "c"}) for init in (one, two)]
        assert [a.partners for a in after[0].activities] == [("c", "d"), ("d",)]
        assert [a.partners for a in after[1].activities] == [("c", "d"), ("d",)]
        results = [ci.assess(init).to_dict() for init in after]
        assert results[0] == results[1]
        assert results[0]["alignment"]["index"] == 1.0

    def test_a_working_group_left_empty_is_removed(self) -> None:
        """w's only member p leaves: the group is gone, not kept empty (an empty group counted
        as "processes created" for phase II)."""
        init = Initiative(
            name="R",
            partners=[Partner(id=p, name=p, sector="nonprofit") for p in "pq"],
            working_groups=[WorkingGroup(id="w", name="W", members=["p"])],
        )
        assert without_partner(init, "p").working_groups == ()

    def test_original_is_unchanged(self) -> None:
        before = whatif_case()
        without_partner(before, "a")
        assert before == whatif_case()


class TestWithTie:
    def test_adds(self) -> None:
        after = with_tie(whatif_case(), "d", "a", kind="referral", strength=0.4)
        assert len(after.ties) == 4
        assert after.ties[-1] == Tie(source="d", target="a", kind="referral", strength=0.4)

    def test_replaces_same_source_target_and_kind(self) -> None:
        """a -> b communication exists at strength 1: replaced in place, not duplicated."""
        after = with_tie(whatif_case(), "a", "b", strength=0.3)
        assert len(after.ties) == 3
        assert after.ties[0] == Tie(source="a", target="b", strength=0.3)

    def test_keeps_the_ratings_of_the_tie_it_strengthens(self) -> None:
        """p -> q (strength 0.5, reliability 4, openness 4) and q -> r (1, ratings 1). Trust
        is the mean of the rescaled ratings, ((4−1)/3 + (1−1)/3)/2 = 0.5. Strengthening p -> q
        as recommended kept only the strength and dropped q's ratings of 4: trust fell to 0
        and continuous communication from 0.625 to 0.5. Now only the strength changes."""
        p = [Partner(id=x, name=x, sector="nonprofit") for x in "pqr"]
        init = Initiative(
            name="R",
            partners=p,
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[Indicator(id="i", name="I")],
            activities=[
                Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
                Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8}),
            ],
            ties=[
                Tie(source="p", target="q", strength=0.5, reliability=4, openness=4),
                Tie(source="q", target="r", strength=1.0, reliability=1, openness=1),
            ],
        )
        before = ci.assess(init)
        rec = before.recommendations[0]
        assert (rec.source, rec.target) == ("p", "q")
        after_init = with_tie(init, rec.source, rec.target, strength=rec.strength)
        assert after_init.ties[0] == Tie(
            source="p", target="q", strength=1.0, reliability=4, openness=4
        )
        after = ci.assess(after_init)
        assert before.scores.components["continuous_communication"]["trust"] == 0.5
        assert after.scores.components["continuous_communication"]["trust"] == 0.5
        assert after.scores.continuous_communication >= before.scores.continuous_communication
        assert after.alignment.index == pytest.approx(rec.index_after, abs=1e-12)

    def test_other_kind_is_a_new_tie(self) -> None:
        after = with_tie(whatif_case(), "a", "b", kind="funding")
        assert len(after.ties) == 4

    def test_unknown_partner_is_rejected(self) -> None:
        with pytest.raises(ci.ValidationError):
            with_tie(whatif_case(), "a", "nobody")

    def test_every_problem_at_once_located_by_argument(self) -> None:
        """An unknown partner was located at a position of the new ties list the caller never
        wrote (``ties[29].target`` of 29 ties), and not reported at all when the kind or the
        strength was bad too (found by a reviewer): every problem, located by argument name,
        an unknown partner with the did-you-mean of ``without_partner``."""
        init = ci.load_example("cradle-to-career")
        with pytest.raises(UnknownIdError) as unknown:
            without_partner(init, "united-wya")
        with pytest.raises(ci.ValidationError) as info:
            with_tie(init, "united-wya", "nobody", kind="bogus", strength=2.0)
        found = [(p.path, p.message, p.code) for p in info.value.problems]
        assert [path for path, _, _ in found] == ["source", "target", "kind", "strength"]
        assert found[0][1:] == (str(unknown.value), ci.ProblemCode.UNKNOWN_REFERENCE)
        assert found[0][1] == "unknown partner 'united-wya' (did you mean 'united-way'?)"
        assert found[1][1] == "unknown partner 'nobody'"
        assert found[2][1].startswith("expected one of 'communication'")
        assert found[3][1] == "expected a number in (0, 1], got 2.0"
        with pytest.raises(ci.ValidationError) as one:
            with_tie(init, "united-way", "nobody")
        assert [(p.path, p.message) for p in one.value.problems] == [
            ("target", "unknown partner 'nobody'")
        ]

    def test_an_id_that_is_no_text_is_reported_once(self) -> None:
        """A source that is no id is the tie's own problem, not an unknown partner too; a
        partner tied to itself is still refused, with the unknown id."""
        with pytest.raises(ci.ValidationError) as info:
            with_tie(whatif_case(), 3, "a")  # type: ignore[arg-type]
        assert [p.path for p in info.value.problems] == ["source"]
        with pytest.raises(ci.ValidationError) as itself:
            with_tie(whatif_case(), "e", "e")
        assert [(p.path, p.message) for p in itself.value.problems] == [
            ("source", "unknown partner 'e'"),
            ("target", "a partner cannot be tied to itself ('e')"),
        ]

    def test_an_end_that_cannot_be_hashed_is_the_tie_s_own_problem(self) -> None:
        """``with_tie(init, ["cha"], "cjc")`` raised a plain TypeError (unhashable type:
        'list') from looking the end up among the unknown ids before reading the tie's own
        problems (found by a reviewer): each end that is no id is reported, once, at its
        argument."""
        init = ci.load_example("workforce")
        for source, target, paths in (
            (["cha"], "cjc", ["source"]),
            (["cha"], ["cha"], ["source", "target"]),
            ({"cha": 1}, {"x"}, ["source", "target"]),
        ):
            with pytest.raises(ci.ValidationError) as info:
                with_tie(init, source, target)  # type: ignore[arg-type]
            assert [p.path for p in info.value.problems] == paths, (source, target)
            assert "expected an id" in info.value.problems[0].message
