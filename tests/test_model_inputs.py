"""What the model takes from Python and from files: ordered lists, real numbers, distinct ids.

And how it reports a bad input: every problem at once, whether the initiative is built in Python
or loaded from a file, each at its root (a failed id, a failed section) and without the problems
that only follow from it (an unknown reference to the id that failed), and a mapping given for a
nested object (a baseline, an observation) checked as the loader checks it.
"""

from __future__ import annotations

import copy
import fractions
import json
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest

import collective_impact as ci
from collective_impact import (
    Activity,
    Backbone,
    Goal,
    Indicator,
    Initiative,
    Label,
    Partner,
    Tie,
    ValidationError,
)
from collective_impact.io.sql import read_sql, write_sql

#: A valid tree: two partners, a goal, an indicator, two activities and a tie.
BASE: dict[str, Any] = {
    "schema_version": 1,
    "name": "T",
    "partners": [
        {"id": "a", "name": "A", "sector": "nonprofit"},
        {"id": "b", "name": "B", "sector": "business"},
    ],
    "goals": [{"id": "g", "statement": "G", "indicators": ["k"]}],
    "indicators": [
        {
            "id": "k",
            "name": "K",
            "baseline": {"date": "2024-01-01", "value": 10.0},
            "target": {"date": "2028-01-01", "value": 20.0},
            "observations": [{"date": "2025-01-01", "value": 12.0, "reported_by": "a"}],
        }
    ],
    "activities": [
        {"id": "x", "name": "X", "partners": ["a"], "contributes": {"k": 0.5}},
        {"id": "y", "name": "Y", "partners": ["b"], "contributes": {"k": 0.5}},
    ],
    "ties": [{"source": "a", "target": "b"}],
}


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def problems_of(tree: dict[str, Any]) -> list[str]:
    """The problems of loading ``tree`` (as JSON), as ``path: message`` lines."""
    with pytest.raises(ValidationError) as info:
        ci.loads(json.dumps(tree), "json")
    return [str(p) for p in info.value.problems]


def python_problems(build: Any) -> list[str]:
    with pytest.raises(ValidationError) as info:
        build()
    return [str(p) for p in info.value.problems]


P = [Partner(id="a", name="A", sector="nonprofit"), Partner(id="b", name="B", sector="business")]


class TestUnorderedCollections:
    """A set has no order: refused where a list is expected (the first partner leads)."""

    @pytest.mark.parametrize(
        "value",
        [{"health-dept", "schools"}, frozenset({"schools"}), {"schools": 1, "x": 2}.keys()],
        ids=["set", "frozenset", "dict-keys"],
    )
    def test_partners_of_an_activity(self, value: Any) -> None:
        assert python_problems(lambda: Activity(id="x", name="X", partners=value)) == [
            f"partners: expected a list, got a {type(value).__name__}, whose order is arbitrary "
            "(it can change from run to run); pass a list, in the order meant"
        ]

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Activity(id="x", name="X", partners=["a"], populations={"teens"}),
            lambda: Activity(id="x", name="X", partners=["a"], places={"north"}),
            lambda: Goal(id="g", statement="G", indicators={"k"}),
            lambda: Indicator(id="k", name="K", informs={"j"}),
            lambda: Indicator(id="k", name="K", observations={None}),
            lambda: ci.Conditions(champions={"a"}),
            # a partner's roles were turned into a tuple in the set's order, which changes from
            # run to run (and with it the written file and the index of any problem)
            lambda: Partner(id="p", name="P", sector="nonprofit", roles={"funder", "champion"}),
            lambda: Partner(id="p", name="P", sector="nonprofit", roles=frozenset({"funder"})),
            lambda: ci.WorkingGroup(id="w", name="W", members={"a"}),
            lambda: ci.WorkingGroup(id="w", name="W", goals={"g"}),
            lambda: Initiative(name="N", partners=set(P)),
            lambda: Initiative(
                name="N", partners=P, activities={Activity(id="x", name="X", partners=["a"])}
            ),
        ],
    )
    def test_every_list_field(self, build: Any) -> None:
        [problem] = python_problems(build)
        assert "whose order is arbitrary" in problem

    def test_a_set_of_partners_hides_no_reference_and_adds_none(self) -> None:
        """The section failed: references into it are not judged (no 'unknown partner')."""
        acts = [Activity(id="x", name="X", partners=["a"])]
        assert python_problems(lambda: Initiative(name="N", partners=set(P), activities=acts)) == [
            "partners: expected a list, got a set, whose order is arbitrary (it can change from "
            "run to run); pass a list, in the order meant"
        ]

    def test_ordered_iterables_are_taken_in_order(self) -> None:
        act = Activity(id="x", name="X", partners=iter(["schools", "city"]))
        assert act.partners == ("schools", "city")
        assert act.lead == "schools"
        assert Activity(id="x", name="X", partners=("b", "a")).lead == "b"


class TestRealNumbers:
    """Every real number type is stored as a plain float; NaN, inf and out of range refused."""

    @pytest.mark.parametrize(
        "value",
        [
            *(np.float64(0.5), np.float32(0.5), np.float16(0.5)),
            *(np.int64(1), np.int8(1), np.uint8(1)),
            *(fractions.Fraction(1, 2), 1, 0.5),
        ],
        ids=lambda v: type(v).__name__,
    )
    def test_stored_as_float(self, value: Any) -> None:
        act = Activity(id="x", name="X", partners=["a"], contributes={"k": value})
        tie = Tie(source="a", target="b", strength=value)
        ind = Indicator(
            id="k",
            name="K",
            baseline={"date": "2024-01-01", "value": value},
            observations=[ci.Observation(date="2025-01-01", value=value)],
        )
        backbone = Backbone(organization="a", staff={"facilitator": value})
        goal = Goal(id="g", statement="G", weight=value)
        stored = [
            act.contributes["k"],
            tie.strength,
            ind.baseline.value,  # type: ignore[union-attr]
            ind.observations[0].value,
            backbone.staff[ci.StaffRole.FACILITATOR],
            goal.weight,
        ]
        assert [type(v) for v in stored] == [float] * len(stored)
        assert stored == [float(value)] * len(stored)

    def test_numpy_values_write_to_every_format(self, tmp_path: Any) -> None:
        """np.float64 was kept as such: YAML could not write it (a RepresenterError)."""
        init = Initiative(
            name="N",
            partners=P,
            indicators=[
                Indicator(
                    id="k", name="K", baseline={"date": "2024-01-01", "value": np.float64(10)}
                )
            ],
            activities=[
                Activity(id="x", name="X", partners=["a"], contributes={"k": np.float64(0.5)})
            ],
            backbone=Backbone(organization="a", staff={"facilitator": np.int64(1)}),
        )
        assert type(init.to_dict()["activities"][0]["contributes"]["k"]) is float
        for fmt in ("yaml", "json", "toml"):
            assert ci.loads(ci.dumps(init, fmt), fmt) == init
        ci.dump(init, tmp_path / "n.yaml")
        assert ci.load(tmp_path / "n.yaml") == init

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (np.float64("nan"), "expected a finite number, got nan (not a finite number)"),
            (np.float32("inf"), "expected a finite number, got inf (not a finite number)"),
            (np.float64(2.0), "expected a number in [-1, 1], got 2.0"),
            (np.bool_(True), "expected a number, got the boolean true"),
            (True, "expected a number, got the boolean true"),
            (
                fractions.Fraction(10**400),
                "expected a finite number, got a Fraction (beyond the "
                "largest floating-point number, about 1.8e308: not a finite number)",
            ),
        ],
        ids=["nan", "inf", "range", "np-bool", "bool", "huge-fraction"],
    )
    def test_refused_as_before(self, value: Any, message: str) -> None:
        assert python_problems(
            lambda: Activity(id="x", name="X", partners=["a"], contributes={"k": value})
        ) == [f"contributes['k']: {message}"]


class TestConfusableIds:
    """Ids that print alike are refused: invisible characters, spaces around, case, form."""

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (
                "united-way ",
                "got 'united-way ', which ends with whitespace (U+0020 SPACE); an id may not "
                "begin or end with whitespace",
            ),
            (
                "\u00a0united-way",
                "got '\\xa0united-way', which begins with whitespace (U+00A0 NO-BREAK SPACE); an "
                "id may not begin or end with whitespace",
            ),
            (
                "united-way\u200b",
                "got 'united-way\\u200b', which holds an invisible format character "
                "(U+200B ZERO WIDTH SPACE, character 11)",
            ),
            (
                "\ufeffunited-way",
                "got '\\ufeffunited-way', which holds an invisible format character "
                "(U+FEFF ZERO WIDTH NO-BREAK SPACE, character 1)",
            ),
            (
                "united\u00adway",
                "got 'united\\xadway', which holds an invisible format character "
                "(U+00AD SOFT HYPHEN, character 7)",
            ),
            (
                "united\u2060way",
                "got 'united\\u2060way', which holds an invisible format character "
                "(U+2060 WORD JOINER, character 7)",
            ),
            (
                "a\u202eb",
                "got 'a\\u202eb', which holds a bidirectional control "
                "(U+202E RIGHT-TO-LEFT OVERRIDE, character 2)",
            ),
        ],
        ids=["space", "nbsp", "zwsp", "bom", "soft-hyphen", "word-joiner", "bidi"],
    )
    def test_invisible_characters_and_spaces_around(self, value: str, message: str) -> None:
        full = f"id: expected an id (a non-empty string), {message}"
        assert python_problems(lambda: Partner(id=value, name="P", sector="other")) == [full]
        tree = base()
        tree["partners"][1]["id"] = value
        # the references to 'b' name the id as it prints: no unknown partner is said
        meant = "".join(c for c in value if c.isprintable() and not c.isspace())
        tree["activities"][1]["partners"] = [meant]
        tree["ties"][0]["target"] = meant.upper()
        assert problems_of(tree) == [f"partners[1].{full}"]
        # a reference that cannot be meant for it is still said (it was hidden); 'b' is the
        # partner's name ("B", compared ignoring case), but its id is refused in the same
        # report: the hint named an id that cannot be given ("give its id"), and names none
        tree["ties"][0]["target"] = "b"
        first, second = problems_of(tree)
        assert first == f"partners[1].{full}"
        assert second == "ties[0].target: unknown partner 'b'"

    @pytest.mark.parametrize(
        ("name", "given"),
        [
            ("Cafe\u0301 Uni", "Café Uni"),
            ("Café Uni", "CAFE\u0301 UNI"),
            ("\uff21\uff22\uff23", "abc"),
        ],
        ids=["nfd-name", "nfd-reference", "full-width"],
    )
    def test_a_name_in_another_unicode_form_is_named(self, name: str, given: str) -> None:
        """A partner named "Café Uni" written decomposed (e + U+0301) and a reference written
        precomposed (or the reverse), or a name in full-width letters ("ＡＢＣ") given as
        "abc": the names print alike but were compared by code points after case folding, so
        no hint said the reference was the name of partner 'b'. Names are compared
        NFKC-normalised."""
        tree = base()
        tree["partners"][1]["name"] = name
        tree["ties"][0]["target"] = given
        assert problems_of(tree) == [
            f"ties[0].target: unknown partner {given!r} (the name of partner 'b'; give its id)"
        ]

    def test_a_name_that_is_also_an_id_but_for_case_names_both(self) -> None:
        """Partners cjc ("Chicago Jobs Council") and jobs ("CJC"): the reference CJC is the
        name of jobs and the id cjc but for case. The hint named only jobs ("give its id"),
        where it had said "did you mean 'cjc'?": both are told."""
        tree = base()
        tree["partners"][0].update(id="cjc", name="Chicago Jobs Council")
        tree["partners"][1].update(id="jobs", name="CJC")
        tree["activities"] = []
        tree["indicators"][0]["observations"][0]["reported_by"] = "cjc"
        tree["ties"] = [{"source": "CJC", "target": "jobs"}]
        assert problems_of(tree) == [
            "ties[0].source: unknown partner 'CJC' (the name of partner 'jobs'; give its id, "
            "or did you mean 'cjc'?)"
        ]

    def test_names_given_for_ids_in_two_sections_are_hinted_in_linear_time(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file that names partners and indicators by their names where ids are asked (a
        spreadsheet typed by hand): each name hint asked the shared did-you-mean for its
        vocabulary of the section's ids, which it keeps for the last section only, so partner
        and indicator references rebuilt it in turn, n ids each time: 4,000 of each took 4 s
        (1 s at 2,000; found by a reviewer). Each hint keeps its own case-folded ids; the
        did-you-mean's vocabulary is built for no name hint at all."""
        from collective_impact.errors import Suggester

        built = []
        vocabulary = Suggester._vocabulary
        monkeypatch.setattr(
            Suggester, "_vocabulary", lambda self, ids: built.append(1) or vocabulary(self, ids)
        )
        n = 300
        tree = {
            "schema_version": 1,
            "name": "X",
            "partners": [
                {"id": f"p{i}", "name": f"Partner Name {i}", "sector": "government"}
                for i in range(n)
            ],
            "indicators": [{"id": f"x{i}", "name": f"Indicator Name {i}"} for i in range(n)],
            "activities": [
                {
                    "id": f"a{i}",
                    "name": f"A {i}",
                    "partners": [f"Partner Name {i}"],
                    "contributes": {f"Indicator Name {i}": 0.5},
                }
                for i in range(n)
            ],
        }
        found = problems_of(tree)
        assert len(found) == 2 * n
        assert found[0] == (
            "activities[0].contributes['Indicator Name 0']: unknown indicator 'Indicator Name 0' "
            "(the name of indicator 'x0'; give its id)"
        )
        assert built == []

    def test_the_hints_ids_are_read_again_when_they_grow(self) -> None:
        """``IdHint`` keeps the case-folded ids of the last collection it was given: a list
        that grew between two calls kept its old map, and the id ``cjc`` added was not
        offered (found by a reviewer). The map is kept only while the size is the same."""
        from collective_impact.errors import IdHint

        hint = IdHint("partner", lambda: [("jobs", "CJC"), ("x", "Other")])
        ids = ["jobs", "x"]
        assert hint("CJC", ids) == " (the name of partner 'jobs'; give its id)"
        ids.append("cjc")
        assert hint("CJC", ids) == (
            " (the name of partner 'jobs'; give its id, or did you mean 'cjc'?)"
        )

    def test_spaces_inside_an_id_are_kept(self) -> None:
        assert Partner(id="united way", name="U", sector="other").id == "united way"

    def test_every_format_character_is_refused(self) -> None:
        import unicodedata

        from collective_impact.model._fields import IDENT

        format_characters = [
            chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"
        ]
        assert len(format_characters) > 150
        assert all(IDENT.check(f"a{c}b") for c in format_characters)
        assert not IDENT.check("a-b_c.d/é")

    @pytest.mark.parametrize(
        ("first", "second", "message"),
        [
            (
                "united-way",
                "United-Way",
                "partners[1].id: 'United-Way' and 'united-way' (the partner id first used at "
                "partners[0]) differ only in case or Unicode form; ids must be distinct",
            ),
            (
                "caf\u00e9",
                "cafe\u0301",
                "partners[1].id: 'cafe\u0301' and 'caf\u00e9' (the partner id first used at "
                "partners[0]) "
                "differ only in case or Unicode form, written 'cafe\\u0301' and 'caf\\xe9'; ids "
                "must be distinct",
            ),
            (
                "stra\u00dfe",
                "STRASSE",
                "partners[1].id: 'STRASSE' and 'straße' (the partner id first used at "
                "partners[0]) differ only in case or Unicode form, written 'STRASSE' and "
                "'stra\\xdfe'; ids must be distinct",
            ),
        ],
        ids=["case", "nfd", "sharp-s"],
    )
    def test_ids_differing_in_case_or_form(self, first: str, second: str, message: str) -> None:
        partners = [
            Partner(id=first, name="U", sector="nonprofit"),
            Partner(id=second, name="U", sector="nonprofit"),
        ]
        assert python_problems(lambda: Initiative(name="N", partners=partners)) == [message]
        tree = base()
        tree["partners"][0]["id"], tree["partners"][1]["id"] = first, second
        tree["activities"][1]["partners"] = [second]
        tree["ties"] = []
        tree["indicators"][0]["observations"] = []
        tree["activities"][0]["partners"] = [first]
        assert problems_of(tree) == [message]

    def test_in_every_kind_of_id(self) -> None:
        assert python_problems(
            lambda: Initiative(
                name="N",
                partners=P,
                goals=[Goal(id="G", statement="S"), Goal(id="g", statement="S")],
                indicators=[Indicator(id="K", name="K"), Indicator(id="k", name="K")],
                activities=[
                    Activity(id="X", name="X", partners=["a"]),
                    Activity(id="x", name="X", partners=["a"]),
                ],
            )
        ) == [
            "goals[1].id: 'g' and 'G' (the goal id first used at goals[0]) differ only in case "
            "or Unicode form; ids must be distinct",
            "indicators[1].id: 'k' and 'K' (the indicator id first used at indicators[0]) "
            "differ only in case or Unicode form; ids must be distinct",
            "activities[1].id: 'x' and 'X' (the activity id first used at activities[0]) "
            "differ only in case or Unicode form; ids must be distinct",
        ]

    def test_ids_of_different_kinds_may_share_a_form(self) -> None:
        init = Initiative(
            name="N",
            partners=[Partner(id="A", name="A", sector="other")],
            activities=[Activity(id="a", name="A", partners=["A"])],
        )
        assert init.activity("a").lead == "A"

    def test_declared_labels_may_have_spaces_around(self) -> None:
        """Labels are compared trimmed: only invisible characters are refused in them."""
        assert Label(id=" County ", within=" State").id == " County "
        with pytest.raises(ValidationError, match=r"U\+200B ZERO WIDTH SPACE"):
            Label(id="county\u200b")

    def test_the_schema_refuses_them_too(self) -> None:
        validator = jsonschema.Draft202012Validator(ci.json_schema())
        for bad in ("united-way ", " united-way", "united-way\u200b", "a\U000e0041b"):
            tree = base()
            tree["partners"][0]["id"] = bad
            assert not validator.is_valid(tree), repr(bad)
        tree = base()
        tree["populations"] = [{"id": " teens "}]
        tree["partners"][0]["id"] = "united way"
        assert validator.is_valid(tree)

    def test_many_ids_are_compared_in_linear_time(self) -> None:
        partners = [Partner(id=f"P{j}", name="P", sector="other") for j in range(20_000)]
        clash = [*partners, Partner(id="p19999", name="P", sector="other")]
        assert Initiative(name="N", partners=partners).partners == tuple(partners)
        [problem] = python_problems(lambda: Initiative(name="N", partners=clash))
        assert problem.startswith("partners[20000].id: 'p19999' and 'P19999'")


class TestEveryProblemAtOnce:
    """In Python as from a file: a field problem no longer hides the references' problems."""

    def test_python_reports_what_a_file_reports(self) -> None:
        built = python_problems(
            lambda: Initiative(
                name="",
                partners=P[:1],
                activities=[Activity(id="x", name="X", partners=["zz"])],
                ties=[Tie(source="a", target="qq")],
            )
        )
        tree = base()
        tree["name"] = ""
        tree["activities"][0]["partners"] = ["zz"]
        tree["ties"][0]["target"] = "qq"
        expected = [
            "name: expected a string, got an empty string",
            "activities[0].partners[0]: unknown partner 'zz'",
            "ties[0].target: unknown partner 'qq'",
        ]
        assert built == expected
        assert problems_of(tree) == expected

    def test_whitespace_alone_is_said_to_be_whitespace(self) -> None:
        """A name of one space, or of an ideographic space, was "got an empty string" (found by
        a reviewer): it looks empty, and the message names what it holds, as an id's names the
        invisible character it holds; an empty name is still "an empty string"."""
        tree = base()
        tree["name"] = " "
        tree["partners"][0]["name"] = "\u3000"
        tree["partners"][1]["id"] = "\t "
        tree["goals"][0]["statement"] = ""
        expected = [
            "name: expected a string, got ' ', which holds only whitespace (U+0020 SPACE)",
            "partners[0].name: expected a string, got '\\u3000', which holds only whitespace "
            "(U+3000 IDEOGRAPHIC SPACE)",
            "partners[1].id: expected an id (a non-empty string), got '\\t ', which holds only "
            "whitespace (U+0009, U+0020 SPACE)",
            "goals[0].statement: expected a string, got an empty string",
        ]
        found = problems_of(tree)
        assert [line for line in found if "whitespace" in line or "empty" in line] == expected
        assert python_problems(lambda: Initiative(name="\u3000 ", partners=P)) == [
            "name: expected a string, got '\\u3000 ', which holds only whitespace (U+3000 "
            "IDEOGRAPHIC SPACE, U+0020 SPACE)"
        ]

    def test_an_item_of_the_wrong_type_hides_references_into_its_section(self) -> None:
        """A section item that is no partner may be the partner a reference names."""
        assert python_problems(
            lambda: Initiative(
                name="N",
                partners=[P[0], "b"],  # type: ignore[list-item]
                activities=[Activity(id="x", name="X", partners=["b"])],
            )
        ) == ["partners[1]: expected Partner, got 'b'"]


#: Cases of a broken tree, and every problem loading it must give (roots, no cascade).
CASCADES: list[tuple[str, Any, list[str]]] = [
    (
        "partner-id-a-list",
        lambda d: d["partners"][0].update(id=["a"]),
        ["partners[0].id: expected an id (a non-empty string), got a list"],
    ),
    (
        "partner-id-missing",
        lambda d: d["partners"][0].pop("id"),
        ["partners[0]: missing required key 'id'"],
    ),
    (
        "partner-id-null",
        lambda d: d["partners"][0].update(id=None),
        ["partners[0].id: expected an id (a non-empty string), got nothing (null)"],
    ),
    (
        "partner-id-bidi",
        lambda d: d["partners"][0].update(id="a\u202e"),
        [
            "partners[0].id: expected an id (a non-empty string), got 'a\\u202e', which holds "
            "a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE, character 2)"
        ],
    ),
    (
        "indicator-id-null",
        lambda d: d["indicators"][0].update(id=None),
        ["indicators[0].id: expected an id (a non-empty string), got nothing (null)"],
    ),
    ("partners-a-string", lambda d: d.update(partners="a"), ["partners: expected a list, got 'a'"]),
    (
        "partners-a-mapping",
        lambda d: d.update(partners={"a": {}}),
        ["partners: expected a list, got a mapping"],
    ),
    (
        "partners-empty",
        lambda d: d.update(partners=[]),
        ["partners: expected at least 1 item(s), got none"],
    ),
    (
        "partner-null",
        lambda d: d["partners"].__setitem__(0, None),
        ["partners[0]: expected a mapping (Partner), got nothing (null)"],
    ),
    (
        "indicators-a-string",
        lambda d: d.update(indicators="k"),
        ["indicators: expected a list, got 'k'"],
    ),
    (
        "reference-bidi",
        lambda d: d["activities"][0].update(partners=["a\u202e"]),
        [
            "activities[0].partners[0]: expected an id (a non-empty string), got 'a\\u202e', "
            "which holds a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE, character 2)"
        ],
    ),
    (
        "reference-zero-width-space",
        lambda d: d["ties"][0].update(target="b\u200b"),
        [
            "ties[0].target: expected an id (a non-empty string), got 'b\\u200b', which holds an "
            "invisible format character (U+200B ZERO WIDTH SPACE, character 2)"
        ],
    ),
    (
        "tie-kind-null-on-a-second-tie",
        lambda d: d["ties"].append({"source": "a", "target": "b", "kind": None}),
        [
            "ties[1].kind: expected one of 'communication', 'data-sharing', 'funding', "
            "'referral', 'joint-planning'; got nothing (null)"
        ],
    ),
    (
        "partner-removed",  # a true unknown reference is still reported, once, naming every place
        lambda d: d["partners"].pop(0),
        [
            "indicators[0].observations[0].reported_by: unknown partner 'a'; also named at 2 "
            "other places: activities[0].partners[0] and ties[0].source",
        ],
    ),
    (
        "duplicate-tie",
        lambda d: d["ties"].append({"source": "a", "target": "b", "strength": 0.3}),
        [
            "ties[1]: duplicate communication tie from 'a' to 'b' (first at ties[0]); merge "
            "them into one"
        ],
    ),
    (
        "label-id-null",
        lambda d: (
            d.update(populations=[{"id": None}, {"id": "teens"}]),
            d["activities"][0].update(populations=["kids"]),
        ),
        ["populations[0].id: expected an id (a non-empty string), got nothing (null)"],
    ),
]


class TestNoCascades:
    @pytest.mark.parametrize(
        ("change", "expected"), [pytest.param(c, e, id=i) for i, c, e in CASCADES]
    )
    def test_loading(self, change: Any, expected: list[str]) -> None:
        tree = base()
        change(tree)
        assert problems_of(tree) == expected

    def test_python(self) -> None:
        """The same rule when the initiative is built in Python: the root, and only it."""
        acts = [Activity(id="x", name="X", partners=["a", "b"])]
        assert python_problems(
            lambda: Initiative(
                name="N", partners=[], activities=acts, ties=[Tie(source="a", target="b")]
            )
        ) == ["partners: expected at least 1 item(s), got none"]


def test_a_missing_section_is_one_problem() -> None:
    """``partner:`` for ``partners:``: "missing required key 'partners'", the unknown key with
    its did-you-mean, and "partners: expected at least 1 item(s), got none" of the same cause
    (reported by a reviewer). The missing key is said once: since the twenty-sixth session as
    part of the misspelt key that stands for it (a new user's ``statment:`` gave "missing
    required key 'statement'" beside "unknown key 'statment' (did you mean 'statement'?)")."""
    tree = {
        "schema_version": 1,
        "name": "N",
        "partner": [{"id": "a", "name": "A", "sector": "other"}],
    }
    assert problems_of(tree) == [
        "partner: unknown key 'partner' (did you mean 'partners'?); the required key "
        "'partners' is missing"
    ]
    goal = {"schema_version": 1, "name": "N", "partners": tree["partner"]}
    goal["goals"] = [{"id": "g", "statment": "Better"}]
    assert problems_of(goal) == [
        "goals[0].statment: unknown key 'statment' (did you mean 'statement'?); the required "
        "key 'statement' is missing"
    ]
    # a misspelling that names no missing key keeps the list of allowed keys, and a key
    # missing without a misspelling is still missing
    goal["goals"] = [{"id": "g", "statement": "S", "weigth": 2}]
    (said,) = problems_of(goal)
    assert "did you mean 'weight'?); allowed keys: " in said
    goal["goals"] = [{"id": "g", "indicatrs": ["x"]}]
    assert "goals[0]: missing required key 'statement'" in problems_of(goal)


class TestNestedMappings:
    """A mapping for a baseline, a target or an observation is checked as the loader does."""

    @pytest.mark.parametrize(
        ("build", "expected"),
        [
            (
                lambda: Indicator(id="k", name=None, baseline={"date": "2024-13-01", "value": 1}),
                [
                    "name: expected a string, got nothing (null)",
                    "baseline.date: expected a date (YYYY-MM-DD), got '2024-13-01' (no such "
                    "date: month must be in 1..12)",
                ],
            ),
            (
                lambda: Indicator(
                    id="k",
                    name="K",
                    observations=[
                        {"date": "2024-01-01", "value": "x"},
                        {"date": "bad", "value": 1},
                    ],
                ),
                [
                    "observations[0].value: expected a number, got 'x'",
                    "observations[1].date: expected a date (YYYY-MM-DD), got 'bad'",
                ],
            ),
            (
                lambda: Indicator(id="k", name="K", observations=[{"date": "2024-01-01"}]),
                ["observations[0]: missing required key 'value'"],
            ),
            (
                lambda: Indicator(
                    id="k", name="K", target={"date": "2024-01-01", "value": 1, "vlaue": 2}
                ),
                [
                    "target.vlaue: unknown key 'vlaue' (did you mean 'value'?); allowed keys: "
                    "date, value"
                ],
            ),
            (
                lambda: Indicator(id="k", name="K", baseline={}),
                ["baseline: missing required key 'date'", "baseline: missing required key 'value'"],
            ),
            (
                lambda: Indicator(
                    id="k", name="K", baseline={1: 2, "date": "2024-01-01", "value": 1}
                ),
                ["baseline: keys must be strings, got 1"],
            ),
            (
                lambda: Indicator(id="k", name="K", observations=[{}, None]),
                [
                    "observations[0]: missing required key 'date'",
                    "observations[0]: missing required key 'value'",
                    "observations[1]: expected Observation, got nothing (null)",
                ],
            ),
        ],
        ids=["two-fields", "two-observations", "missing", "misspelt", "empty", "int-key", "junk"],
    )
    def test_every_problem_with_its_path(self, build: Any, expected: list[str]) -> None:
        assert python_problems(build) == expected

    def test_a_valid_mapping_is_read(self) -> None:
        ind = Indicator(
            id="k",
            name="K",
            baseline={"date": "2024-01-01", "value": 1},
            observations=[{"date": "2025-01-01", "value": np.int64(2), "reported_by": "a"}],
        )
        assert ind.baseline == ci.DatedValue(date="2024-01-01", value=1.0)  # type: ignore[arg-type]
        assert ind.observations[0].value == 2.0


@pytest.mark.parametrize(
    "write",
    [
        lambda init, folder: ci.dumps(init),
        lambda init, folder: ci.dump(init, folder / "a.yaml"),
        lambda init, folder: ci.write_csv_bundle(init, folder / "bundle"),
        lambda init, folder: ci.write_workbook(init, folder / "a.xlsx"),
        lambda init, folder: write_sql(init, f"sqlite:///{folder}/a.db"),
        lambda init, folder: ci.alignment_graph(init),
    ],
    ids=["dumps", "dump", "csv", "workbook", "sql", "graph"],
)
def test_writers_refuse_what_is_not_an_initiative(write: Any, tmp_path: Path) -> None:
    """Given the mapping of an initiative, every writer said "'dict' object has no attribute
    'name'" (or 'to_dict') from deep inside (found by a reviewer of the SQL store); they now
    say what they expected, and write nothing."""
    tree = ci.load_example("workforce").to_dict()
    with pytest.raises(TypeError) as info:
        write(tree, tmp_path)
    assert str(info.value) == (
        "expected an Initiative, got dict (Initiative.from_dict builds one from a mapping)"
    )
    with pytest.raises(TypeError, match=r"^expected an Initiative, got NoneType$"):
        write(None, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_negative_zero_is_stored_as_zero(tmp_path: Path) -> None:
    """``-0.0`` equals 0 but was kept, written ``-0.0`` by every writer, and SQLite (which
    keeps no sign of zero) gave back an initiative whose ``to_dict()`` differed (found by a
    reviewer of the SQL store). The model stores it as 0, on every path: one object, a tree,
    a JSON file (the typed reader, column by column) and a YAML file."""
    import math

    tree = ci.load_example("cradle-to-career").to_dict()
    first = tree["indicators"][0]
    first["observations"][0]["value"] = -0.0
    first["baseline"]["value"] = -0.0

    def signs(init: ci.Initiative) -> list[float]:
        ind = init.indicators[0]
        return [math.copysign(1.0, v) for v in (ind.observations[0].value, ind.baseline.value)]

    built = ci.Initiative.from_dict(tree)
    assert signs(built) == [1.0, 1.0]
    assert math.copysign(1.0, ci.Observation(date="2024-01-01", value=-0.0).value) == 1.0
    assert (
        math.copysign(1.0, ci.Observation(date="2024-01-01", value=np.float64(-0.0)).value) == 1.0
    )
    text = ci.dumps(built, "json")
    assert "-0.0" not in text
    path = tmp_path / "a.json"
    path.write_text(text.replace('"value": 0.0', '"value": -0.0'), encoding="utf-8")
    assert "-0.0" in path.read_text(encoding="utf-8")
    assert signs(ci.load(path)) == [1.0, 1.0]
    path = tmp_path / "a.yaml"
    path.write_text(ci.dumps(built, "yaml").replace("value: 0.0", "value: -0.0"), encoding="utf-8")
    assert "-0.0" in path.read_text(encoding="utf-8")
    assert signs(ci.load(path)) == [1.0, 1.0]
    url = f"sqlite:///{tmp_path}/a.db"
    write_sql(built, url)
    back = read_sql(url)
    assert signs(back) == [1.0, 1.0]
    assert ci.assess(back).to_dict() == ci.assess(built).to_dict()
