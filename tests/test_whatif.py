"""What-if changes (:mod:`collective_impact.analysis.whatif`): ``without_partner`` and ``with_tie``.

Every expectation is read off :func:`whatif_case`, whose docstring describes it.
"""

from __future__ import annotations

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

    def test_other_kind_is_a_new_tie(self) -> None:
        after = with_tie(whatif_case(), "a", "b", kind="funding")
        assert len(after.ties) == 4

    def test_unknown_partner_is_rejected(self) -> None:
        with pytest.raises(ci.ValidationError):
            with_tie(whatif_case(), "a", "nobody")
