"""Declared populations and places: the vocabularies, their validation, and containment overlap."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import (
    Activity,
    Initiative,
    Label,
    Partner,
    ValidationError,
    label_closure,
    read_csv_bundle,
    write_csv_bundle,
)
from collective_impact.analysis._arrays import build_arrays
from collective_impact.analysis.reinforcement import jaccard
from collective_impact.model.labels import normalize_label, strategy_index
from conftest import examples
from memory import traced_peak

PARTNERS = [
    Partner(id="p", name="P", sector="community"),
    Partner(id="q", name="Q", sector="other"),
]

SCHOOLS = [
    Label(id="students-k-12", name="K-12 students"),
    Label(id="students-6-8", name="Middle-school students", within="students-k-12"),
]


def _initiative(**changes: object) -> Initiative:
    values: dict[str, object] = {"name": "Labels", "partners": PARTNERS}
    values.update(changes)
    return Initiative(**values)  # type: ignore[arg-type]


def _messages(err: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in err.value.problems]


class TestNormalizeLabel:
    def test_trims_and_case_folds(self) -> None:
        assert normalize_label("  North-SIDE\t") == "north-side"

    def test_case_folds_beyond_lower(self) -> None:
        assert "strasse" == normalize_label("STRASSE") == normalize_label("Straße")

    def test_unicode_forms_compare_equal(self) -> None:
        """Precomposed (NFC) and decomposed (NFD, macOS) spellings are one label."""
        precomposed, decomposed = "caf\u00e9-goers", "cafe\u0301-goers"
        assert precomposed != decomposed
        assert normalize_label(precomposed) == normalize_label(decomposed) == precomposed
        assert normalize_label("\u00c9L\u00c8VES") == normalize_label("e\u0301le\u0300ves")
        assert normalize_label("\uff34\uff45\uff45\uff4e\uff53") == "teens"  # full width
        assert normalize_label("\ufb01sh") == "fish"  # the ligature fi
        assert normalize_label("\u3000Teens\u00a0") == "teens"


class TestUnicodeForms:
    """Labels typed in two Unicode forms are the same label everywhere they are compared."""

    NFC, NFD = "\u00e9l\u00e8ves", "e\u0301le\u0300ves"

    def test_a_repeat_in_another_form_is_refused(self) -> None:
        with pytest.raises(ValidationError) as err:
            Activity(id="a", name="A", partners=["p"], populations=[self.NFC, self.NFD])
        assert [p.path for p in err.value.problems] == ["populations[1]"]

    def test_a_declared_label_is_found_in_another_form(self) -> None:
        init = _initiative(
            populations=[Label(id=self.NFC)],
            activities=[Activity(id="a", name="A", partners=["p"], populations=[self.NFD])],
        )
        assert label_closure(init, "populations") == {self.NFC: frozenset({self.NFC})}

    def test_an_undeclared_label_says_no_false_did_you_mean(self) -> None:
        with pytest.raises(ValidationError) as err:
            _initiative(
                populations=[Label(id="caf\u00e9-goers")],
                activities=[
                    Activity(id="a", name="A", partners=["p"], populations=["cafe\u0301-goers"]),
                    Activity(id="b", name="B", partners=["p"], populations=["tea-goers"]),
                ],
            )
        assert [p.path for p in err.value.problems] == ["activities[1].populations[0]"]

    def test_duplication_is_found_across_forms(self) -> None:
        """Two tutoring programmes for the same pupils, typed in two forms, duplicate."""

        def gaps(spelling: str) -> list[str]:
            init = _initiative(
                indicators=[ci.Indicator(id="k", name="K")],
                activities=[
                    Activity(
                        id=name,
                        name=name,
                        partners=[partner],
                        strategy="tutoring",
                        contributes={"k": 0.5},
                        populations=[label],
                    )
                    for name, partner, label in (("a", "p", self.NFC), ("b", "q", spelling))
                ],
            )
            return [g.code for g in ci.assess(init).gaps if g.code == "duplication"]

        assert gaps(self.NFC) == gaps(self.NFD) == ["duplication"]


class TestLabel:
    def test_defaults(self) -> None:
        label = Label(id="county")
        assert (label.name, label.within) == (None, None)

    def test_blank_id_and_within_are_refused(self) -> None:
        with pytest.raises(ValidationError) as err:
            Label(id=" ", within="")
        assert [p.path for p in err.value.problems] == ["id", "within"]


class TestLabelClosure:
    def test_closure(self) -> None:
        """k12 ⊃ middle ⊃ grade-7 and k12 ⊃ elementary; activities use ' K12 ' and 'middle'."""
        init = _initiative(
            populations=[
                Label(id="K12"),
                Label(id="middle", within="k12"),
                Label(id="grade-7", within="Middle"),
                Label(id="elementary", within="k12"),
            ],
            activities=[
                Activity(id="a", name="A", partners=["p"], populations=[" K12 "]),
                Activity(id="b", name="B", partners=["p"], populations=["middle"]),
            ],
        )
        assert {
            "k12": frozenset({"k12", "middle", "grade-7", "elementary"}),
            "middle": frozenset({"middle", "grade-7"}),
        } == label_closure(init, "populations")

    def test_free_labels_cover_themselves(self) -> None:
        init = _initiative(
            activities=[Activity(id="a", name="A", partners=["p"], places=["North", "south "])]
        )
        assert {"north": frozenset({"north"}), "south": frozenset({"south"})} == label_closure(
            init, "places"
        )

    @given(
        st.lists(
            st.lists(
                st.sampled_from(["North", "north ", " NORTH", "south", "East", "west"]),
                unique_by=normalize_label,  # an activity names a label once
            ),
            min_size=1,
            max_size=8,
        )
    )
    def test_keyed_in_the_order_of_first_use(self, places: list[list[str]]) -> None:
        """Each label once, in the order the activities first use it (any spelling of it)."""
        init = _initiative(
            places=[
                Label(id="north"),
                Label(id="east", within="North"),
                Label(id="south"),
                Label(id="west"),
            ],
            activities=[
                Activity(id=f"a{j}", name="A", partners=["p"], places=labels)
                for j, labels in enumerate(places)
            ],
        )
        order: list[str] = []
        for labels in places:  # the slow way: every label of every activity
            for text in labels:
                if normalize_label(text) not in order:
                    order.append(normalize_label(text))
        closure = label_closure(init, "places")
        assert list(closure) == order
        assert all(closure[k] == ({"north", "east"} if k == "north" else {k}) for k in order)

    def test_unknown_kind(self) -> None:
        with pytest.raises(ValueError, match="populations' or 'places"):
            label_closure(_initiative(), "partners")  # type: ignore[arg-type]

    def test_deep_nesting_needs_no_recursion(self) -> None:
        depth = 5000
        chain = [Label(id="l0")] + [Label(id=f"l{k}", within=f"l{k - 1}") for k in range(1, depth)]
        init = _initiative(
            places=chain,
            activities=[Activity(id="a", name="A", partners=["p"], places=["l0"])],
        )
        assert depth == len(label_closure(init, "places")["l0"])

    def test_deep_nesting_keeps_only_the_closures_used(self) -> None:
        """A chain of 3,000 labels under two used labels costs two closures, not one per level.

        Every level's closure was memoised (n**2 / 2 labels: 4.5 million here, about 300 MB;
        2.4 GB for 10,000 levels): the memory is now that of the closures returned.
        """
        depth = 3000
        chain = [Label(id="l0")] + [Label(id=f"l{k}", within=f"l{k - 1}") for k in range(1, depth)]
        init = _initiative(
            places=chain,
            activities=[
                Activity(id="a", name="A", partners=["p"], places=["l0"]),
                Activity(id="b", name="B", partners=["q"], places=["L1"]),
            ],
        )
        with traced_peak() as traced:
            closure = label_closure(init, "places")
        assert {k: len(v) for k, v in closure.items()} == {"l0": depth, "l1": depth - 1}
        assert closure["l0"] - closure["l1"] == {"l0"}
        assert traced.bytes < 5_000_000  # two sets of 3,000 labels and the index of children: ~1 MB

    @given(st.data())
    def test_closure_is_every_label_below(self, data: st.DataObject) -> None:
        """A used label covers itself and every label whose chain of within reaches it."""
        n = data.draw(st.integers(1, 12), label="labels")
        parents = [
            data.draw(st.one_of(st.none(), st.integers(0, k - 1)) if k else st.none())
            for k in range(n)
        ]
        labels = [
            Label(id=f"L{k}", within=None if up is None else f"l{up}")
            for k, up in enumerate(parents)
        ]
        used = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4), label="used")
        order = data.draw(st.permutations(labels), label="order")
        init = _initiative(
            places=order,
            activities=[
                Activity(id=f"a{j}", name="A", partners=["p"], places=[f"l{k}"])
                for j, k in enumerate(used)
            ],
        )

        def below(k: int, top: int) -> bool:  # the slow way: up the chain from k
            node: int | None = k
            while node is not None and node != top:
                node = parents[node]
            return node == top

        expected = {f"l{u}": frozenset(f"l{k}" for k in range(n) if below(k, u)) for u in used}
        assert label_closure(init, "places") == expected


class TestContainmentOverlap:
    r"""An activity for students-k-12 and one for students-6-8 overlap by containment.

    Worked by hand: students-6-8 is declared within students-k-12 (and nothing else is), so
    the expanded sets are {k-12, 6-8} for ``wide`` and {6-8} for ``narrow``;
    :math:`J = |\{6\text{-}8\}| / |\{k\text{-}12, 6\text{-}8\}| = 1/2`. Without the
    declaration the labels are disjoint and :math:`J = 0`. Places are the same for both
    (``County`` and `` county``, one label once normalised): :math:`J = 1`.
    """

    def activities(self) -> list[Activity]:
        return [
            Activity(
                id="wide",
                name="Wide",
                partners=["p"],
                contributes={"i": 1.0},
                populations=["students-k-12"],
                places=["County"],
            ),
            Activity(
                id="narrow",
                name="Narrow",
                partners=["q"],
                contributes={"i": -0.5},
                populations=["Students-6-8"],
                places=[" county"],
            ),
        ]

    def overlap(self, init: Initiative, kind: str) -> float:
        idx = build_arrays(init)
        table = getattr(idx, kind)
        a, b = np.array([0]), np.array([1])
        return float(jaccard(table, a, b, 1.0)[0])

    def initiative(self, populations: list[Label]) -> Initiative:
        return _initiative(
            indicators=[ci.Indicator(id="i", name="I")],
            populations=populations,
            activities=self.activities(),
        )

    def test_containment_counts_as_overlap(self) -> None:
        assert self.overlap(self.initiative(SCHOOLS), "populations") == 0.5

    def test_without_nesting_the_labels_are_disjoint(self) -> None:
        assert self.overlap(self.initiative([]), "populations") == 0.0

    def test_places_compare_normalised(self) -> None:
        assert self.overlap(self.initiative(SCHOOLS), "places") == 1.0

    def test_universe_is_sorted_whatever_the_order(self) -> None:
        init = self.initiative(SCHOOLS)
        reversed_init = init.evolve(activities=init.activities[::-1], populations=SCHOOLS[::-1])
        one, two = build_arrays(init).populations, build_arrays(reversed_init).populations
        assert one.members.shape == two.members.shape
        # the columns are the sorted labels: students-6-8 (0) and students-k-12 (1)
        rows = [sorted(one.members[[one.of[k]], :].indices.tolist()) for k in range(2)]
        assert rows == [[0, 1], [0]]

    def test_conflict_scales_with_the_containment_overlap(self) -> None:
        """``conflict = o(a, b) * sum(...)`` (docs/scoring.md): with o = 1/2 it is half of the
        conflict of the same pair serving one identical population (o = 1), and 0 when the
        populations are disjoint (o = 0)."""
        goal = ci.Goal(id="g", statement="S", indicators=["i"])
        nested = self.initiative(SCHOOLS).evolve(goals=[goal])
        same = nested.evolve(
            activities=[
                nested.activities[0],
                attrs.evolve(nested.activities[1], populations=["students-k-12"]),
            ]
        )
        disjoint = self.initiative([]).evolve(goals=[goal])

        def conflict(init: Initiative) -> float:
            return ci.reinforcement_scores(init).pair("wide", "narrow")["conflict"]

        assert conflict(same) > 0
        assert conflict(nested) == pytest.approx(0.5 * conflict(same))
        assert conflict(disjoint) == 0.0


class TestVocabularyProblems:
    def test_unknown_activity_label_with_did_you_mean(self) -> None:
        with pytest.raises(ValidationError) as err:
            _initiative(
                populations=SCHOOLS,
                activities=[
                    Activity(id="a", name="A", partners=["p"]),
                    Activity(id="b", name="B", partners=["p"]),
                    Activity(id="c", name="C", partners=["p"], populations=["students-6-9"]),
                ],
            )
        assert _messages(err) == [
            "activities[2].populations[0]: unknown population 'students-6-9' (did you mean "
            "'students-6-8'?); the initiative declares its populations, so each must be one "
            "of them"
        ]

    def test_several_labels_in_one_entry_are_named(self) -> None:
        """'students-k-12, students-6-8' with both declared was told "did you mean
        'students-6-8'?", dropping the other (found by a reviewer). The parts are named as
        those of an id list are, compared as labels are (a repeat, once)."""
        with pytest.raises(ValidationError) as err:
            _initiative(
                populations=SCHOOLS,
                places=[Label(id="North"), Label(id="South")],
                activities=[
                    Activity(id="a", name="A", partners=["p"],
                             populations=["students-k-12, Students-6-8"]),
                    Activity(id="b", name="B", partners=["p"], places=["north; NORTH "]),
                ],
            )  # fmt: skip
        assert _messages(err) == [
            "activities[0].populations[0]: unknown population 'students-k-12, Students-6-8' "
            "(several values in one entry? give 'students-k-12' and 'Students-6-8' as entries "
            "of their own); the initiative declares its populations, so each must be one of "
            "them",
            "activities[1].places[0]: unknown place 'north; NORTH ' (one value repeated in one "
            "entry? give 'north' once); the initiative declares its places, so each must be "
            "one of them",
        ]

    def test_declared_labels_match_trimmed_and_case_folded(self) -> None:
        init = _initiative(
            places=[Label(id="North-Side")],
            activities=[Activity(id="a", name="A", partners=["p"], places=[" NORTH-side "])],
        )
        assert init.activities[0].places == (" NORTH-side ",)  # kept as written

    def test_free_labels_without_a_vocabulary(self) -> None:
        init = _initiative(
            places=[Label(id="county")],
            activities=[Activity(id="a", name="A", partners=["p"], populations=["anyone"])],
        )
        assert init.activities[0].populations == ("anyone",)

    def test_unknown_within(self) -> None:
        with pytest.raises(ValidationError) as err:
            _initiative(places=[Label(id="county"), Label(id="north", within="countty")])
        assert _messages(err) == [
            "places[1].within: unknown place 'countty' (did you mean 'county'?); within must "
            "name a place declared in places"
        ]

    def test_cycle_is_named(self) -> None:
        with pytest.raises(ValidationError) as err:
            _initiative(
                populations=[
                    Label(id="root"),
                    Label(id="b", within="c"),
                    Label(id="c", within="D"),
                    Label(id="d", within="b"),
                ]
            )
        assert _messages(err) == [
            "populations[1].within: populations nest in a cycle: 'b' within 'c' within 'd' "
            "within 'b'; a population cannot be within itself"
        ]

    def test_label_within_itself(self) -> None:
        with pytest.raises(ValidationError) as err:
            _initiative(places=[Label(id="county", within=" County")])
        assert _messages(err) == [
            "places[0].within: places nest in a cycle: 'county' within 'county'; a place "
            "cannot be within itself"
        ]

    def test_duplicates_after_normalisation(self) -> None:
        with pytest.raises(ValidationError) as err:
            _initiative(places=[Label(id="county"), Label(id=" County ")])
        assert _messages(err) == [
            "places[1].id: duplicate place ' County ' (first declared as 'county' at places[0]; "
            "labels are compared trimmed and case-folded)"
        ]

    def test_activity_repeats_a_label_once_normalised(self) -> None:
        with pytest.raises(ValidationError) as err:
            Activity(id="a", name="A", partners=["p"], populations=["teens", "Teens "])
        assert _messages(err) == [
            "populations[1]: 'Teens ' repeats 'teens' (labels are compared trimmed and case-folded)"
        ]


TREE = {
    "schema_version": 1,
    "name": "Labels",
    "as_of": "2026-06-30",
    "partners": [{"id": "p", "name": "P", "sector": "community"}],
    "populations": [
        {"id": "students-k-12", "name": "K-12 students"},
        {"id": "students-6-8", "name": "Middle-school students", "within": "students-k-12"},
    ],
    "places": [{"id": "county"}, {"id": "north-side", "within": "county"}],
    "activities": [
        {
            "id": "a",
            "name": "A",
            "partners": ["p"],
            "populations": ["Students-6-8"],
            "places": ["north-side"],
        }
    ],
}


class TestFormats:
    @pytest.fixture
    def init(self) -> Initiative:
        return Initiative.from_dict(TREE)

    def test_from_dict(self, init: Initiative) -> None:
        assert dt.date(2026, 6, 30) == init.as_of
        assert init.populations[1].within == "students-k-12"
        assert init.activities[0].populations == ("Students-6-8",)

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_native_round_trip(self, init: Initiative, fmt: str) -> None:
        assert init == ci.loads(ci.dumps(init, fmt), fmt)

    def test_csv_round_trip(self, init: Initiative, tmp_path: Path) -> None:
        write_csv_bundle(init, tmp_path)
        assert (tmp_path / "places.csv").read_text().splitlines()[0] == "id,name,within"
        assert init == read_csv_bundle(tmp_path)

    def test_native_errors_name_the_path(self) -> None:
        activity = {**TREE["activities"][0], "populations": ["students-6-9"]}  # type: ignore[index]
        tree = {**TREE, "as_of": "2026-02-30", "activities": [activity]}
        with pytest.raises(ValidationError) as err:
            Initiative.from_dict(tree)
        assert _messages(err) == [
            "as_of: expected a date (YYYY-MM-DD), got '2026-02-30' (no such date: day is out "
            "of range for month)",
            "activities[0].populations[0]: unknown population 'students-6-9' (did you mean "
            "'students-6-8'?); the initiative declares its populations, so each must be one "
            "of them",
        ]

    def test_schema_describes_the_new_keys(self) -> None:
        schema = ci.json_schema()
        assert {"id", "name", "within"} == set(schema["$defs"]["Label"]["properties"])
        as_of = schema["properties"]["as_of"]
        assert (as_of["type"], as_of["format"]) == (["string", "null"], "date")  # null: unset
        assert schema["properties"]["places"]["items"]["$ref"] == "#/$defs/Label"


class TestCsvBundle:
    def _bundle(self, tmp_path: Path, **files: str) -> Path:
        base = {
            "initiative.csv": "key,value\nname,Tiny\nas_of,2026-06-30\n",
            "partners.csv": "id,name,sector\np,P,community\n",
            "activities.csv": "id,name,partners,populations\na,A,p,Teens\n",
        }
        base.update(files)
        for name, text in base.items():
            (tmp_path / name).write_text(text)
        return tmp_path

    def test_reads_vocabularies_and_as_of(self, tmp_path: Path) -> None:
        folder = self._bundle(
            tmp_path,
            **{"populations.csv": "id,name,within\nyouth,Young people,\nteens,,Youth\n"},
        )
        init = read_csv_bundle(folder)
        assert dt.date(2026, 6, 30) == init.as_of
        assert (Label(id="youth", name="Young people"), Label(id="teens", within="Youth")) == (
            init.populations
        )

    def test_several_labels_in_one_cell_give_the_cell(self, tmp_path: Path) -> None:
        """A cell 'teens|kids, Teens' (both declared) is told the whole cell to write, the
        repeat left out as labels are compared (trimmed, case-folded)."""
        folder = self._bundle(
            tmp_path,
            **{
                "populations.csv": "id\nKids\nteens\n",
                "activities.csv": 'id,name,partners,populations\na,A,p,"teens|kids, Teens"\n',
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _messages(err) == [
            "activities.csv, row 2, column populations: unknown population 'kids, Teens' "
            "(several values in one cell? separate them with '|': 'teens|kids'); the "
            "initiative declares its populations, so each must be one of them"
        ]

    def test_problems_are_located(self, tmp_path: Path) -> None:
        folder = self._bundle(
            tmp_path,
            **{
                "initiative.csv": "key,value\nname,Tiny\nas_of,30/06/2026\n",
                "populations.csv": "id,name,within\nyouth,,\nYouth,,\nkids,,yuoth\n",
                "places.csv": "id,within\na,b\nb,a\n",
                "activities.csv": "id,name,partners,populations\na,A,p,teenz\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _messages(err) == [
            "initiative.csv, row 3, column value: expected a date (YYYY-MM-DD), got '30/06/2026' "
            "(write 2026-06-30)",
            "populations.csv, row 3, column id: duplicate population 'Youth' (first declared "
            "as 'youth' at row 2; labels are compared trimmed and case-folded)",
            "populations.csv, row 4, column within: unknown population 'yuoth' (did you mean "
            "'youth'?); within must name a population declared in populations",
            "places.csv, row 2, column within: places nest in a cycle: 'a' within 'b' within "
            "'a'; a place cannot be within itself",
            "activities.csv, row 2, column populations: unknown population 'teenz'; the "
            "initiative declares its populations, so each must be one of them",
        ]

    def test_required_id_column(self, tmp_path: Path) -> None:
        folder = self._bundle(tmp_path, **{"places.csv": "name,within\nCounty,\n"})
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert "places.csv, row 1, column id: missing required column 'id'" in str(err.value)


_TUTORING = """\
schema_version: 1
name: Strategy labels
partners:
  - {id: reading-corps, name: Reading Corps, sector: nonprofit}
  - {id: club, name: Boys and Girls Club, sector: nonprofit}
goals:
  - {id: reading, statement: Reading, indicators: [grade3-reading]}
indicators:
  - {id: grade3-reading, name: Third-grade reading, direction: increase}
activities:
  - {id: tutoring, name: Reading tutoring, partners: [reading-corps], strategy: %s,
     contributes: {grade3-reading: 0.7}, populations: [students-k-3], places: [east-side]}
  - {id: club-tutoring, name: Club reading tutoring, partners: [club], strategy: %s,
     contributes: {grade3-reading: 0.6}, populations: [students-k-3], places: [east-side]}
"""


class TestStrategies:
    """Strategies are compared as labels are: trimmed, case-folded, in one Unicode form."""

    @pytest.mark.parametrize(
        "spelling", ["Literacy-Tutoring", "'literacy-tutoring '", "LITERACY-TUTORING"]
    )
    def test_two_spellings_are_one_strategy(self, spelling: str) -> None:
        """The reviewer's files: one strategy written two ways duplicates, as written once.

        By hand: one strategy, contributions 0.7 and 0.6 to the one indicator (cosine 1), the
        same population and place (overlap 1): r = 1, a duplication of two activities led by
        different partners without a tie between them. Read as two strategies, r was 0 and the
        pair an uncoordinated interdependence (critical) instead.
        """
        same = ci.assess(ci.loads(_TUTORING % ("literacy-tutoring", "literacy-tutoring")))
        other = ci.assess(ci.loads(_TUTORING % ("literacy-tutoring", spelling)))
        pairs = other.duplication_pairs()
        assert pairs.redundancy.tolist() == [1.0]
        assert pairs.members(0) == ("club-tutoring", "tutoring")
        codes = {g.code for g in other.gaps}
        assert "duplication" in codes
        assert "uncoordinated-interdependence" not in codes
        assert other.to_dict() == same.to_dict()

    def test_index_numbers_labels_in_sorted_order(self) -> None:
        ids, shown = strategy_index(["tutoring", None, "Literacy", " literacy", "literacy "])
        assert ids == (1, -1, 0, 0, 0)
        # the smallest spelling, in code-point order, without the spaces around it
        assert shown == ("Literacy", "tutoring")

    @given(st.permutations(["b", "B ", "a", None, "A", " c"]))
    def test_index_does_not_depend_on_order(self, texts: list[str | None]) -> None:
        ids, shown = strategy_index(texts)
        assert shown == ("A", "B", "c")
        assert dict(zip(texts, ids, strict=True)) == {
            "a": 0,
            "A": 0,
            "b": 1,
            "B ": 1,
            " c": 2,
            None: -1,
        }

    def test_arrays_number_strategies_as_labels(self) -> None:
        init = _initiative(
            activities=[
                Activity(id=x, name=x, partners=["p"], strategy=s)
                for x, s in (("a", "Tutoring"), ("b", None), ("c", "mentoring"), ("d", "tutoring "))
            ]
        )
        assert build_arrays(init).strategy.tolist() == [1, -1, 0, 1]

    def test_show_counts_each_strategy_once(self) -> None:
        from collective_impact.cli import summary

        init = ci.loads(_TUTORING % ("literacy-tutoring", "Literacy-Tutoring"))
        assert "Activities (2, 1 strategy): Literacy-Tutoring 2" in summary(init)

    @settings(max_examples=examples(40), deadline=None)
    @given(st.sampled_from(["cradle-to-career", "workforce"]), st.data())
    def test_case_and_spaces_change_no_number(self, name: str, data: st.DataObject) -> None:
        """Respelling each strategy (case, spaces around it) leaves the assessment as it is.

        On the examples, whose tutoring programmes duplicate each other: any two spellings of
        their strategy must still be one strategy.
        """
        init = ci.load_example(name)
        respell = [str.upper, str.title, lambda s: f" {s}", lambda s: f"{s}  ", lambda s: s]
        activities = [
            a
            if a.strategy is None
            else attrs.evolve(a, strategy=data.draw(st.sampled_from(respell))(a.strategy))
            for a in init.activities
        ]
        respelt = attrs.evolve(init, activities=activities)
        assert ci.assess(respelt).to_dict() == ci.assess(init).to_dict()
