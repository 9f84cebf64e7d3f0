from __future__ import annotations

import datetime as dt
import pickle
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given

import collective_impact as ci
from collective_impact import (
    Activity,
    Backbone,
    Conditions,
    FrozenMap,
    Goal,
    Indicator,
    Initiative,
    Observation,
    Partner,
    Tie,
    ValidationError,
    WorkingGroup,
)
from collective_impact.strategies import initiatives


def paths(info: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.path for p in info.value.problems]


def small() -> Initiative:
    return Initiative(
        name="Small",
        partners=[
            Partner(id="united-way", name="United Way", sector="nonprofit", roles=["backbone"]),
            Partner(id="schools", name="Schools", sector="government"),
        ],
        indicators=[Indicator(id="k-ready", name="Readiness")],
        goals=[Goal(id="ready", statement="Ready", indicators=["k-ready"])],
        activities=[Activity(id="a", name="A", partners=["schools"], contributes={"k-ready": 0.5})],
        ties=[Tie(source="united-way", target="schools", strength=0.8)],
        working_groups=[WorkingGroup(id="w", name="W", members=["schools"], goals=["ready"])],
        backbone=Backbone(organization="united-way"),
    )


class TestFrozenMap:
    def test_mapping_behaviour(self) -> None:
        m = FrozenMap({"a": 1.0, "b": 2.0})
        assert list(m) == ["a", "b"]
        assert len(m) == 2
        assert "a" in m
        assert m["b"] == 2.0
        assert m.to_dict() == {"a": 1.0, "b": 2.0}

    def test_equal_to_equal_mappings_and_hashable(self) -> None:
        assert FrozenMap({"a": 1}) == {"a": 1}
        assert FrozenMap({"a": 1}) == FrozenMap({"a": 1})
        assert FrozenMap({"a": 1}) != FrozenMap({"a": 2})
        assert FrozenMap({"a": 1}) != [("a", 1)]
        assert hash(FrozenMap({"a": 1, "b": 2})) == hash(FrozenMap({"b": 2, "a": 1}))

    def test_immutable(self) -> None:
        m = FrozenMap({"a": 1})
        with pytest.raises(TypeError):
            m["a"] = 2  # type: ignore[index]
        source = {"a": 1}
        m2 = FrozenMap(source)
        source["a"] = 99
        assert m2["a"] == 1

    def test_pickle_and_repr(self) -> None:
        m = FrozenMap({"a": 1})
        assert pickle.loads(pickle.dumps(m)) == m
        assert repr(m) == "FrozenMap({'a': 1})"


class TestPartner:
    def test_values_are_coerced_to_enums(self) -> None:
        p = Partner(id="x", name="X", sector="business", roles=["funder", "champion"])
        assert p.sector is ci.Sector.BUSINESS
        assert p.roles == (ci.Role.FUNDER, ci.Role.CHAMPION)
        assert p.has_role("funder")
        assert not p.has_role(ci.Role.BACKBONE)

    def test_every_problem_of_the_object_at_once(self) -> None:
        with pytest.raises(ValidationError) as info:
            Partner(id="", name=3, sector="banks", roles=["funder", "funder"])  # type: ignore[arg-type]
        assert paths(info) == ["id", "name", "sector", "roles[1]"]

    def test_frozen(self) -> None:
        p = Partner(id="x", name="X", sector="other")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            p.name = "Y"  # type: ignore[misc]

    def test_core_sectors(self) -> None:
        assert [s.value for s in ci.Sector.core()] == [
            "government",
            "nonprofit",
            "business",
            "philanthropy",
            "community",
        ]


class TestIndicator:
    def test_mappings_become_model_objects(self) -> None:
        ind = Indicator(
            id="i",
            name="I",
            baseline={"date": "2024-01-01", "value": 1},  # type: ignore[arg-type]
            observations=[{"date": dt.date(2025, 1, 1), "value": 2}],  # type: ignore[list-item]
            drives={"j": 1},
        )
        assert ind.baseline == ci.DatedValue(date=dt.date(2024, 1, 1), value=1.0)
        assert ind.observations == (Observation(date=dt.date(2025, 1, 1), value=2.0),)
        assert ind.drives == {"j": 1.0}
        assert isinstance(ind.drives, FrozenMap)

    def test_defaults(self) -> None:
        ind = Indicator(id="i", name="I")
        assert ind.direction is ci.Direction.INCREASE
        assert ind.level is ci.Level.POPULATION
        assert ind.baseline is None
        assert ind.observations == ()

    def test_cannot_drive_itself_nor_out_of_range(self) -> None:
        with pytest.raises(ValidationError) as info:
            Indicator(id="i", name="I", drives={"i": 0.5, "j": 0.0})
        assert info.value.problems == (
            ("drives['j']", "expected a number in (0, 1], got 0.0"),
            ("drives['i']", "an indicator cannot drive itself"),
        )

    def test_nan_rejected(self) -> None:
        with pytest.raises(ValidationError, match="expected a finite number"):
            Observation(date=dt.date(2024, 1, 1), value=float("nan"))


class TestActivity:
    def test_lead_is_the_first_partner(self) -> None:
        a = Activity(id="a", name="A", partners=["p", "q"])
        assert a.lead == "p"

    def test_contributions_in_range_and_non_zero(self) -> None:
        with pytest.raises(ValidationError) as info:
            Activity(id="a", name="A", partners=["p"], contributes={"x": -1.5, "y": 0, "z": -1})
        assert paths(info) == ["contributes['x']", "contributes['y']"]

    def test_start_after_end(self) -> None:
        with pytest.raises(ValidationError, match="end 2024-01-01 is before start 2025-01-01"):
            Activity(id="a", name="A", partners=["p"], start="2025-01-01", end="2024-01-01")  # type: ignore[arg-type]

    def test_same_day_start_and_end_is_fine(self) -> None:
        a = Activity(id="a", name="A", partners=["p"], start="2025-01-01", end="2025-01-01")  # type: ignore[arg-type]
        assert a.start == a.end == dt.date(2025, 1, 1)

    def test_needs_a_partner(self) -> None:
        with pytest.raises(ValidationError, match="partners: expected at least 1"):
            Activity(id="a", name="A", partners=[])

    def test_contributions_immutable(self) -> None:
        a = Activity(id="a", name="A", partners=["p"], contributes={"x": 0.5})
        with pytest.raises(TypeError):
            a.contributes["x"] = 1.0  # type: ignore[index]


class TestTie:
    def test_defaults(self) -> None:
        t = Tie(source="a", target="b")
        assert (t.kind, t.strength) == (ci.TieKind.COMMUNICATION, 1.0)

    @pytest.mark.parametrize("strength", [0.0, -0.1, 1.01, float("inf")])
    def test_strength_range(self, strength: float) -> None:
        with pytest.raises(ValidationError, match=r"strength"):
            Tie(source="a", target="b", strength=strength)

    def test_no_self_tie(self) -> None:
        with pytest.raises(ValidationError, match="cannot be tied to itself"):
            Tie(source="a", target="a")


class TestBackbone:
    def test_missing_roles_and_functions_count_as_none(self) -> None:
        b = Backbone(
            organization="x", staff={"facilitator": 1}, functions={"advance_policy": "strong"}
        )
        assert b.fte("facilitator") == 1.0
        assert b.fte(ci.StaffRole.PROJECT_MANAGER) == 0.0
        assert b.function_level("advance_policy") is ci.FunctionLevel.STRONG
        assert b.function_level(ci.BackboneFunction.MOBILIZE_FUNDING) is ci.FunctionLevel.NONE

    def test_six_functions_three_roles(self) -> None:
        assert len(ci.BackboneFunction) == 6
        assert len(ci.StaffRole) == 3

    def test_bad_keys_and_values(self) -> None:
        with pytest.raises(ValidationError) as info:
            Backbone(organization="x", staff={"cook": 1, "facilitator": -2})  # type: ignore[dict-item]
        assert paths(info) == ["staff['cook']", "staff['facilitator']"]


class TestConditions:
    def test_fields(self) -> None:
        c = Conditions(champions=["a"], funding_secured_until="2027-01-01", urgency="medium")  # type: ignore[arg-type]
        assert c.funding_secured_until == dt.date(2027, 1, 1)
        assert c.urgency is ci.Urgency.MEDIUM

    def test_defaults(self) -> None:
        assert Conditions() == Conditions(champions=(), funding_secured_until=None, urgency=None)


class TestInitiative:
    def test_lookups(self) -> None:
        init = small()
        assert init.partner("schools").name == "Schools"
        assert init.goal("ready").indicators == ("k-ready",)
        assert init.indicator("k-ready").name == "Readiness"
        assert init.activity("a").lead == "schools"
        assert init.working_group("w").members == ("schools",)

    def test_unknown_id_suggests(self) -> None:
        with pytest.raises(ci.UnknownIdError) as info:
            small().partner("unted-way")
        assert isinstance(info.value, KeyError)
        assert info.value.kind == "partner"
        assert info.value.suggestions == ("united-way",)
        assert str(info.value) == "unknown partner 'unted-way' (did you mean 'united-way'?)"

    def test_every_broken_reference_at_once(self) -> None:
        with pytest.raises(ValidationError) as info:
            Initiative(
                name="Bad",
                partners=[Partner(id="p", name="P", sector="other")],
                goals=[Goal(id="g", statement="G", indicators=["nope"])],
                activities=[
                    Activity(id="a", name="A", partners=["p", "q"], contributes={"x": 1}),
                    Activity(id="a", name="A2", partners=["p"]),
                ],
                ties=[Tie(source="p", target="r")],
                backbone=Backbone(organization="s"),
                conditions=Conditions(champions=["t"]),
            )
        assert info.value.problems == (
            ("activities[1].id", "duplicate activity id 'a' (first used at activities[0])"),
            ("goals[0].indicators[0]", "unknown indicator 'nope'"),
            ("activities[0].partners[1]", "unknown partner 'q'"),
            ("activities[0].contributes['x']", "unknown indicator 'x'"),
            ("ties[0].target", "unknown partner 'r'"),
            ("backbone.organization", "unknown partner 's'"),
            ("conditions.champions[0]", "unknown partner 't'"),
        )

    def test_needs_a_partner(self) -> None:
        with pytest.raises(ValidationError, match="partners: expected at least 1"):
            Initiative(name="Empty", partners=[])

    def test_with_helpers_return_new_validated_initiatives(self) -> None:
        init = small()
        bank = Partner(id="bank", name="Bank", sector="business")
        bigger = init.with_partners(bank)
        assert bigger.partner("bank") == bank
        assert len(init.partners) == 2  # the original is unchanged
        renamed = bigger.with_partners(Partner(id="bank", name="Big Bank", sector="business"))
        assert [p.id for p in renamed.partners] == ["united-way", "schools", "bank"]
        assert renamed.partner("bank").name == "Big Bank"
        with pytest.raises(ValidationError, match=r"activities\[1\]\.partners\[0\]"):
            init.with_activities(Activity(id="b", name="B", partners=["nobody"]))

    def test_with_ties_replaces_same_source_target_kind(self) -> None:
        init = small()
        stronger = init.with_ties(Tie(source="united-way", target="schools", strength=1.0))
        assert len(stronger.ties) == 1
        assert stronger.ties[0].strength == 1.0
        other_kind = init.with_ties(Tie(source="united-way", target="schools", kind="funding"))
        assert len(other_kind.ties) == 2

    def test_other_helpers(self) -> None:
        init = small()
        assert init.with_backbone(None).backbone is None
        assert init.with_conditions(Conditions(urgency="low")).conditions.urgency is ci.Urgency.LOW  # type: ignore[arg-type]
        assert init.with_goals(Goal(id="g2", statement="S")).goal("g2").weight == 1.0
        assert init.with_indicators(Indicator(id="i2", name="I2")).indicator("i2").name == "I2"
        w = WorkingGroup(id="w2", name="W2")
        assert init.with_working_groups(w).working_group("w2") == w
        assert init.evolve(problem="P").problem == "P"

    def test_value_semantics(self) -> None:
        assert small() == small()
        assert hash(small()) == hash(small())
        assert pickle.loads(pickle.dumps(small())) == small()
        assert pickle.loads(pickle.dumps(small())).partner("schools").name == "Schools"

    def test_dict_round_trip(self) -> None:
        init = small()
        tree = init.to_dict()
        assert tree["schema_version"] == 1
        assert tree["partners"][0] == {
            "id": "united-way",
            "name": "United Way",
            "sector": "nonprofit",
            "roles": ["backbone"],
        }
        assert "conditions" not in tree  # defaults are left out
        assert Initiative.from_dict(tree) == init

    @given(initiatives())
    def test_generated_initiatives_round_trip_through_dicts(self, init: Initiative) -> None:
        assert Initiative.from_dict(init.to_dict()) == init


def codes(info: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str]]:
    return [(p.path, p.code.value) for p in info.value.problems]


class TestProblemCodes:
    """Every problem the model finds carries the code of its kind (decide on codes, not words)."""

    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (lambda: Partner(id=5, name="P", sector="other"), [("id", "wrong-type")]),
            (lambda: Partner(id=" ", name="P", sector="other"), [("id", "empty-text")]),
            (lambda: Partner(id="p", name="P", sector="govt"), [("sector", "invalid-choice")]),
            (
                lambda: Partner(id="p", name="P", sector="other", roles=["funder", "funder"]),
                [("roles[1]", "duplicate-entry")],
            ),
            (
                lambda: Tie(source="a", target="b", strength=float("nan")),
                [("strength", "not-finite")],
            ),
            (lambda: Tie(source="a", target="b", strength=2), [("strength", "out-of-range")]),
            (
                lambda: Activity(id="a", name="A", partners=["p"], contributes={"i": 0}),
                [("contributes['i']", "out-of-range")],
            ),
            (
                lambda: Activity(id="a", name="A", partners=["p"], start="2020-13-01"),
                [("start", "invalid-date")],
            ),
            (lambda: Activity(id="a", name="A", partners=[]), [("partners", "too-few-items")]),
            (lambda: Activity(id="a", name="A", partners="p"), [("partners", "wrong-type")]),
            (
                lambda: Activity(
                    id="a", name="A", partners=["p"], start="2021-01-01", end="2020-01-01"
                ),
                [("end", "inconsistent")],
            ),
            (
                lambda: Activity(id="a", name="A", partners=["p"], places=["North", "north "]),
                [("places[1]", "duplicate-entry")],
            ),
            (lambda: Tie(source="a", target="a"), [("target", "self-reference")]),
            (
                lambda: Indicator(
                    id="i",
                    name="I",
                    baseline={"date": "2020-01-01", "value": 5},
                    target={"date": "2021-01-01", "value": 5},
                ),
                [("target", "inconsistent")],
            ),
            (
                lambda: Indicator(id="i", name="I", quadrant="how-much"),
                [("quadrant", "inconsistent")],
            ),
            (
                lambda: Indicator(id="i", name="I", informs=["i"]),
                [("informs", "inconsistent"), ("informs", "self-reference")],
            ),
            (
                lambda: Backbone(organization="x", staff={"cook": 1}),
                [("staff['cook']", "invalid-choice")],
            ),
            (
                lambda: Initiative(name="N", partners=[], backbone="b"),
                [("partners", "too-few-items"), ("backbone", "wrong-type")],
            ),
        ],
    )
    def test_field_and_rule_codes(self, build: Any, expected: list[tuple[str, str]]) -> None:
        with pytest.raises(ValidationError) as info:
            build()
        assert expected == codes(info)

    def test_key_problems_name_their_key(self) -> None:
        with pytest.raises(ValidationError) as info:
            Indicator(id="i", name="I", drives={"i": 0.5, "": 0.5})
        expected = [("['']", ""), ("['i']", "i")]
        assert expected == [(p.path.removeprefix("drives"), p.key) for p in info.value.problems]
        assert [p.code for p in info.value.problems] == ["empty-text", "self-reference"]

    def test_aggregate_codes(self) -> None:
        with pytest.raises(ValidationError) as info:
            Initiative(
                name="Bad",
                partners=[Partner(id="p", name="P", sector="other")] * 2,
                indicators=[
                    Indicator(id="m", name="M", level="performance"),
                    Indicator(id="n", name="N", level="performance", informs=["m"]),
                ],
                activities=[Activity(id="a", name="A", partners=["q"], contributes={"x": 1})],
                ties=[Tie(source="p", target="q")],
                places=[ci.Label(id="a", within="b"), ci.Label(id="b", within="a")],
            )
        found = {(p.path, p.code.value, p.key) for p in info.value.problems}
        assert found == {
            ("partners[1].id", "duplicate-id", None),
            ("indicators[1].informs[0]", "invalid-reference", None),
            ("activities[0].partners[0]", "unknown-reference", None),
            ("activities[0].contributes['x']", "unknown-reference", "x"),
            ("ties[0].target", "unknown-reference", None),
            ("places[0].within", "cycle", None),
        }
        (duplicate,) = [p for p in info.value.problems if p.code == "duplicate-id"]
        assert duplicate.related == ci.Location("partners[0]")
        assert str(duplicate.related) in duplicate.message

    def test_tree_codes(self) -> None:
        with pytest.raises(ValidationError) as info:
            Initiative.from_dict(
                {
                    "schema_version": 2,
                    "name": "N",
                    "partners": [{"id": "p", "sector": "other", "colour": "red"}],
                    "goals": None,
                }
            )
        assert [(p.path, p.code.value, p.key) for p in info.value.problems] == [
            ("schema_version", "unsupported-version", None),
            ("partners[0]", "missing-key", "name"),
            ("partners[0].colour", "unknown-key", "colour"),
            ("goals", "wrong-type", None),
        ]

    def test_every_problem_of_the_bad_input_catalogue_has_a_code(self, tmp_path: Any) -> None:
        from test_bad_input import CASES

        seen = 0
        for name, file, content, error, _ in CASES:
            if error is not ValidationError:
                continue
            path = tmp_path / file
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
            with pytest.raises(ValidationError) as info:
                ci.load(path)
            assert all(p.code is not ci.ProblemCode.INVALID for p in info.value.problems), name
            seen += 1
        assert seen >= 20


class TestRules:
    """Rules across fields run only on valid fields, and nothing hides an error they raise."""

    def test_a_rule_is_skipped_when_a_field_it_reads_is_invalid(self) -> None:
        with pytest.raises(ValidationError) as info:
            Activity(id="a", name="A", partners=["p"], start="soon", end="2020-01-01")
        assert codes(info) == [("start", "invalid-date")]

    def test_rules_run_beside_problems_of_other_fields(self) -> None:
        """Loading used to skip every rule of an indicator lacking ``name``.

        The rules were run on the keys given, so the target rule raised ``KeyError`` on the
        absent ``baseline``, and the ``try`` around the rules hid the self-drive.
        """
        tree = {
            "schema_version": 1,
            "name": "N",
            "partners": [{"id": "p", "name": "P", "sector": "other"}],
            "indicators": [{"id": "i", "drives": {"i": 0.5}}],
        }
        with pytest.raises(ValidationError) as info:
            Initiative.from_dict(tree)
        assert codes(info) == [
            ("indicators[0]", "missing-key"),
            ("indicators[0].drives['i']", "self-reference"),
        ]

    def test_a_mapping_with_bad_values_still_has_its_keys_checked(self) -> None:
        with pytest.raises(ValidationError) as info:
            Indicator(id="i", name="I", drives={"i": 0.5, "j": 7})
        assert codes(info) == [("drives['j']", "out-of-range"), ("drives['i']", "self-reference")]

    def test_an_error_in_a_rule_is_not_hidden(self) -> None:
        from collective_impact.model._fields import ModelBase, Number, Rule, meta

        def broken(values: Any) -> Any:
            return values["no-such-field"]  # a bug: must surface, never pass silently

        @attrs.frozen(kw_only=True)
        class Thing(ModelBase):
            size: float = attrs.field(metadata=meta(Number(), "Size."))
            _rules: ClassVar[tuple[Rule, ...]] = (Rule(broken, reads=("size",)),)

        with pytest.raises(KeyError, match="no-such-field"):
            Thing(size=1.0)
        with pytest.raises(ValidationError):  # an invalid size: the rule does not run
            Thing(size="big")


class TestConditionsNull:
    def test_none_means_no_preconditions_recorded(self) -> None:
        init = small().evolve(conditions=None)
        assert init.conditions == Conditions()
        assert init == small()
