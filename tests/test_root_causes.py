"""One problem per root cause: an id that names nothing is one problem, however often it is named.

A partner whose id is misspelt (``schoolz`` for ``schools``) leaves every reference to
``schools`` dangling: the observations it reported, the activities it leads, its ties, the
working groups it sits in. Those were one problem each (72 for the cradle-to-career example);
they are one problem now, at the first reference in document order (the order the checks
report problems: goals, indicators, activities, ties, working groups, backbone, conditions),
with the other references in :attr:`Problem.others` and a few of them named in its message.
"""

from __future__ import annotations

import pickle
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

import collective_impact as ci
from collective_impact import Location, Problem, ProblemCode, ValidationError
from collective_impact.cli import main
from collective_impact.errors import MAX_SUGGESTIONS
from collective_impact.io.csvbundle import read_csv_bundle, write_csv_bundle

UNKNOWN = ProblemCode.UNKNOWN_REFERENCE


def tree_of(**sections: Any) -> dict[str, Any]:
    """A tree with partners ``a`` and ``b`` and an indicator ``k``, and ``sections``."""
    return {
        "schema_version": 1,
        "name": "T",
        "partners": [
            {"id": "a", "name": "A", "sector": "nonprofit"},
            {"id": "b", "name": "B", "sector": "business"},
        ],
        "indicators": [{"id": "k", "name": "K"}],
        **sections,
    }


def problems_of(tree: dict[str, Any]) -> tuple[Problem, ...]:
    with pytest.raises(ValidationError) as info:
        ci.Initiative.from_dict(tree)
    return info.value.problems


def places(problem: Problem) -> list[str]:
    """Every place of a problem, its own first, as rendered."""
    return [problem.location.render(), *(o.render() for o in problem.others)]


def misspelt_schools() -> dict[str, Any]:
    """The cradle-to-career tree with the partner ``schools`` typed ``schoolz``."""
    tree = ci.load_example("cradle-to-career").to_dict()
    (partner,) = [p for p in tree["partners"] if p["id"] == "schools"]
    partner["id"] = "schoolz"
    return tree


def references(tree: dict[str, Any], partner: str) -> list[str]:
    """Every path of ``tree`` naming ``partner``, in the order the checks visit them.

    Worked out by walking the tree, independently of the checks: observations (by indicator),
    the partners of activities, the ends of ties (source, then target), the members of working
    groups, the backbone's organisation, the champions.
    """
    found = [
        f"indicators[{i}].observations[{j}].reported_by"
        for i, ind in enumerate(tree.get("indicators", []))
        for j, obs in enumerate(ind.get("observations", []))
        if obs.get("reported_by") == partner
    ]
    found += [
        f"activities[{i}].partners[{j}]"
        for i, act in enumerate(tree.get("activities", []))
        for j, p in enumerate(act.get("partners", []))
        if p == partner
    ]
    found += [
        f"ties[{i}].{end}"
        for i, tie in enumerate(tree.get("ties", []))
        for end in ("source", "target")
        if tie[end] == partner
    ]
    found += [
        f"working_groups[{i}].members[{j}]"
        for i, group in enumerate(tree.get("working_groups", []))
        for j, m in enumerate(group.get("members", []))
        if m == partner
    ]
    if (tree.get("backbone") or {}).get("organization") == partner:
        found.append("backbone.organization")
    found += [
        f"conditions.champions[{j}]"
        for j, c in enumerate((tree.get("conditions") or {}).get("champions", []))
        if c == partner
    ]
    return found


class TestOneProblemPerMissingId:
    def test_two_references_to_one_missing_id(self) -> None:
        tree = tree_of(
            activities=[{"id": "x", "name": "X", "partners": ["a", "zz"]}],
            ties=[{"source": "b", "target": "zz"}],
        )
        (problem,) = problems_of(tree)
        assert problem.code is UNKNOWN
        assert problem.location == Location("activities[0].partners[1]")
        assert problem.others == (Location("ties[0].target"),)
        assert problem.message == "unknown partner 'zz'; also named at ties[0].target"

    def test_two_missing_ids_are_two_problems_in_document_order(self) -> None:
        """``yy`` is first named before ``zz``, and named again after: two problems, ``yy``'s
        first, each with its own places."""
        tree = tree_of(
            activities=[
                {"id": "x", "name": "X", "partners": ["yy"]},
                {"id": "w", "name": "W", "partners": ["zz", "yy"]},
            ],
            ties=[{"source": "zz", "target": "yy"}],
        )
        problems = problems_of(tree)
        assert [places(p) for p in problems] == [
            ["activities[0].partners[0]", "activities[1].partners[1]", "ties[0].target"],
            ["activities[1].partners[0]", "ties[0].source"],
        ]
        assert [p.message for p in problems] == [
            "unknown partner 'yy'; also named at 2 other places: activities[1].partners[1] "
            "and ties[0].target",
            "unknown partner 'zz'; also named at ties[0].source",
        ]

    def test_sections_are_told_apart(self) -> None:
        """A goal and a partner may share an id: the two missing ones are two problems."""
        tree = tree_of(
            activities=[{"id": "x", "name": "X", "partners": ["ready"]}],
            working_groups=[{"id": "g", "name": "G", "members": ["ready"], "goals": ["ready"]}],
        )
        problems = problems_of(tree)
        assert [(p.message, places(p)) for p in problems] == [
            (
                "unknown partner 'ready'; also named at working_groups[0].members[0]",
                ["activities[0].partners[0]", "working_groups[0].members[0]"],
            ),
            ("unknown goal 'ready'", ["working_groups[0].goals[0]"]),
        ]

    def test_other_problems_keep_their_places(self) -> None:
        """The problem of a missing id stands where its first reference is, among the others;
        the problems of other kinds are as they were."""
        tree = tree_of(
            activities=[
                {"id": "x", "name": "X", "partners": ["zz"], "contributes": {"k": 2}},
                {"id": "x", "name": "Y", "partners": ["zz"]},
            ],
            ties=[{"source": "a", "target": "b"}, {"source": "a", "target": "b"}],
        )
        assert [str(p) for p in problems_of(tree)] == [
            "activities[0].contributes['k']: expected a number in [-1, 1], got 2.0",
            "activities[0].partners[0]: unknown partner 'zz'; also named at "
            "activities[1].partners[0]",
            "activities[1].id: duplicate activity id 'x' (first used at activities[0])",
            "ties[1]: duplicate communication tie from 'a' to 'b' (first at ties[0]); merge them "
            "into one",
        ]

    def test_a_mapping_key_keeps_its_key(self) -> None:
        """A missing indicator named by ``contributes`` keys: the problem's key is that id."""
        tree = tree_of(
            activities=[
                {"id": "x", "name": "X", "partners": ["a"], "contributes": {"kk": 0.5}},
                {"id": "y", "name": "Y", "partners": ["b"], "contributes": {"kk": 0.2}},
            ]
        )
        (problem,) = problems_of(tree)
        assert (problem.path, problem.key) == ("activities[0].contributes['kk']", "kk")
        assert problem.others == (Location("activities[1].contributes['kk']"),)
        assert problem.message == (
            "unknown indicator 'kk' (did you mean 'k'?); also named at "
            "activities[1].contributes['kk']"
        )

    def test_one_did_you_mean_per_missing_id(self) -> None:
        """The did-you-mean is looked up once per missing id, not per reference: a misspelling
        named more often than the budget of look-ups still leaves the next one its hint."""
        activities = [
            {"id": f"x{i}", "name": "X", "partners": ["bb"]} for i in range(MAX_SUGGESTIONS + 5)
        ]
        activities.append({"id": "y", "name": "Y", "partners": ["aa"]})
        problems = problems_of(tree_of(activities=activities))
        assert [p.message.partition(";")[0] for p in problems] == [
            "unknown partner 'bb' (did you mean 'b'?)",
            "unknown partner 'aa' (did you mean 'a'?)",
        ]
        assert len(problems[0].others) == MAX_SUGGESTIONS + 4

    def test_labels_of_activities(self) -> None:
        """An undeclared population named by several activities is one problem too."""
        tree = tree_of(
            populations=[{"id": "teens"}],
            activities=[
                {"id": "x", "name": "X", "partners": ["a"], "populations": ["teenz"]},
                {"id": "y", "name": "Y", "partners": ["b"], "populations": ["Teenz", "teens"]},
            ],
        )
        (problem,) = problems_of(tree)
        assert problem.code is UNKNOWN
        assert places(problem) == ["activities[0].populations[0]", "activities[1].populations[0]"]
        assert problem.message == (
            "unknown population 'teenz' (did you mean 'teens'?); the initiative declares its "
            "populations, so each must be one of them; also named at activities[1].populations[0]"
        )

    def test_many_places_are_counted_not_listed(self) -> None:
        activities = [{"id": f"x{i}", "name": "X", "partners": ["zz"]} for i in range(72)]
        (problem,) = problems_of(tree_of(activities=activities))
        assert len(problem.others) == 71
        assert problem.message == (
            "unknown partner 'zz'; also named at 71 other places: activities[1].partners[0], "
            "activities[2].partners[0], activities[3].partners[0], activities[4].partners[0], "
            "activities[5].partners[0] and 66 others"
        )


class TestCradleToCareerTypo:
    """The misspelt partner of the issue: 72 problems before, one now."""

    def test_one_problem_at_every_reference(self) -> None:
        tree = misspelt_schools()
        (problem,) = problems_of(tree)
        expected = references(tree, "schools")
        assert len(expected) == 72
        assert places(problem) == expected
        assert problem.code is UNKNOWN
        assert problem.message.startswith(
            "unknown partner 'schools' (did you mean 'schoolz'?); also named at 71 other places: "
        )
        assert problem.message.endswith(" and 66 others")

    def test_the_command_line_says_one_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """As the issue reproduces it: the example written out, the partner's id misspelt."""
        assert main(["example", "cradle-to-career"]) == 0
        example = capsys.readouterr().out
        path = tmp_path / "typo.yaml"
        path.write_text(example.replace("\n  - {id: schools,", "\n  - {id: schoolz,", 1))
        assert path.read_text() != example
        assert main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        assert f"1 problem in {path}:" in err
        assert err.count("unknown partner 'schools'") == 1


class TestReadersNameRows:
    """A reader that locates problems in rows names the rows of the other places too."""

    def test_csv_bundle(self, tmp_path: Path) -> None:
        folder = tmp_path / "bundle"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        partners = folder / "partners.csv"
        partners.write_text(partners.read_text().replace("\nschools,", "\nschoolz,", 1))
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        (problem,) = info.value.problems
        assert problem.location == Location(file="observations.csv", row=3, column="reported_by")
        assert len(problem.others) == 71
        assert all(not o.in_tree and o.row is not None for o in problem.others)
        files = {o.file for o in problem.others}
        assert files == {
            "observations.csv",
            "activities.csv",
            "ties.csv",
            "working_groups.csv",
        }
        # in the bundle's order: by file, then row
        assert problem.others[:2] == (
            Location(file="observations.csv", row=4, column="reported_by"),
            Location(file="observations.csv", row=5, column="reported_by"),
        )
        assert "[" not in problem.message  # no tree path: rows
        assert problem.message.endswith(
            "also named at 71 other places: observations.csv row 4 column reported_by, "
            "observations.csv row 5 column reported_by, observations.csv row 6 column "
            "reported_by, observations.csv row 7 column reported_by, observations.csv row 8 "
            "column reported_by and 66 others"
        )

    def test_csv_bundle_names_rows_of_other_files(self, tmp_path: Path) -> None:
        folder = tmp_path / "bundle"
        folder.mkdir()
        (folder / "initiative.csv").write_text("key,value\nname,Tiny\nchampions,zz\n")
        (folder / "partners.csv").write_text("id,name,sector\na,A,nonprofit\nb,B,business\n")
        (folder / "activities.csv").write_text("id,name,partners\nx,X,a|zz\ny,Y,zz|b\n")
        (folder / "ties.csv").write_text("source,target\na,zz\n")
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        (problem,) = info.value.problems
        assert str(problem) == (
            "initiative.csv, row 3, column value: unknown partner 'zz'; also named at 3 other "
            "places: activities.csv row 2 column partners, activities.csv row 3 column partners "
            "and ties.csv row 2 column target"
        )
        assert problem.others == (
            Location(file="activities.csv", row=2, column="partners"),
            Location(file="activities.csv", row=3, column="partners"),
            Location(file="ties.csv", row=2, column="target"),
        )

    def test_references_in_one_cell_are_one_place(self, tmp_path: Path) -> None:
        """Two references in one cell (a list of ids) are one place of the file."""
        folder = tmp_path / "bundle"
        folder.mkdir()
        (folder / "initiative.csv").write_text("key,value\nname,Tiny\n")
        (folder / "partners.csv").write_text("id,name,sector\na,A,nonprofit\n")
        (folder / "ties.csv").write_text("source,target\na,zz\nzz,a\n")
        (folder / "working_groups.csv").write_text("id,name,members\ng,G,zz|zz\n")
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        problems = [p for p in info.value.problems if p.code is UNKNOWN]
        (problem,) = problems
        assert problem.location == Location(file="ties.csv", row=2, column="target")
        assert problem.others == (
            Location(file="ties.csv", row=3, column="source"),
            Location(file="working_groups.csv", row=2, column="members"),
        )

    def test_the_bundle_s_own_lookups(self, tmp_path: Path) -> None:
        """observations.csv names an indicator by id: the reader looks it up itself (not the
        model's checks). hs-grad misspelt hs-grads on its 8 rows (36 to 43) gave 8 problems;
        one, at row 36, naming the 7 others; an activity misspelt in contributions.csv is
        another problem of its own."""
        folder = tmp_path / "bundle"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        observations = folder / "observations.csv"
        observations.write_text(
            observations.read_text().replace("\nhs-grad,", "\nhs-grads,"), encoding="utf-8"
        )
        contributions = folder / "contributions.csv"
        lines = contributions.read_text().splitlines(keepends=True)
        first = lines[1].split(",")[0]
        lines[1] = lines[1].replace(first, first + "x", 1)
        contributions.write_text("".join(lines))
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        grouped, alone = info.value.problems
        assert grouped.location == Location(file="observations.csv", row=36, column="indicator")
        assert grouped.others == tuple(
            Location(file="observations.csv", row=r, column="indicator") for r in range(37, 44)
        )
        assert grouped.message.startswith(
            "unknown indicator 'hs-grads' (did you mean 'hs-grad'?); also named at 7 other "
            "places: observations.csv row 37 column indicator, "
        )
        assert alone.location == Location(file="contributions.csv", row=2, column="activity")
        assert alone.others == ()

    def test_workbook(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        from collective_impact.io.workbook import read_workbook, write_workbook

        path = tmp_path / "c2c.xlsx"
        write_workbook(ci.load_example("cradle-to-career"), path)
        book = openpyxl.load_workbook(path)
        for row in book["partners"].iter_rows(min_row=2):
            if row[0].value == "schools":
                row[0].value = "schoolz"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        (problem,) = info.value.problems
        assert problem.path == "sheet observations, cell D3"
        assert len(problem.others) == 71
        assert problem.others[0] == Location(file="sheet observations", path="cell D4")
        assert "[" not in problem.message
        assert ", sheet observations cell D4, " not in problem.message  # named first
        assert "also named at 71 other places: sheet observations cell D4, " in problem.message

    def test_database(self, tmp_path: Path) -> None:
        """Rows of a database are named by their ``row_id``, the others' too."""
        pytest.importorskip("sqlalchemy")
        from collective_impact.io.sql import read_sql, write_sql

        db = tmp_path / "initiatives.db"
        url = f"sqlite:///{db}"
        initiative = ci.load_example("workforce")
        write_sql(initiative, url, key="k")
        with sqlite3.connect(db) as connection:  # foreign keys are off on a plain connection
            ids = [
                connection.execute(
                    "INSERT INTO ties (initiative, source, target, strength) VALUES (?, ?, ?, ?)",
                    ("k", partner.id, "nobody", 0.5),
                ).lastrowid
                for partner in initiative.partners[:2]
            ]
        connection.close()
        with pytest.raises(ValidationError) as info:
            read_sql(url, key="k")
        (problem,) = info.value.problems
        assert str(problem) == (
            f"table ties, row_id {ids[0]}, column target: unknown partner 'nobody'; also named "
            f"at table ties row_id {ids[1]} column target"
        )
        assert problem.others == (Location(file=f"table ties, row_id {ids[1]}", column="target"),)


class TestProblemOthers:
    def test_nested_nests_the_others(self) -> None:
        problem = Problem("partners[0]", "unknown partner 'x'", UNKNOWN).with_others(
            ["partners[2]", Location(file="a.csv", row=3)]
        )
        nested = problem.nested("working_groups[1]")
        assert nested.location == Location("working_groups[1].partners[0]")
        assert nested.others == (
            Location("working_groups[1].partners[2]"),
            Location(file="a.csv", row=3),  # a file location is in no tree
        )
        assert nested.message == (
            "unknown partner 'x'; also named at 2 other places: working_groups[1].partners[2] "
            "and a.csv row 3"
        )

    def test_with_prefix_nests_the_others(self) -> None:
        err = ValidationError(
            [Problem("members[0]", "unknown partner 'x'", UNKNOWN).with_others(["members[1]"])]
        )
        (problem,) = err.with_prefix("initiative").problems
        assert problem.others == (Location("initiative.members[1]"),)
        assert str(problem) == (
            "initiative.members[0]: unknown partner 'x'; also named at initiative.members[1]"
        )

    def test_others_take_part_in_equality(self) -> None:
        one = Problem("a[0]", "m", UNKNOWN, others=["a[1]"])
        assert one == Problem("a[0]", "m", UNKNOWN, others=[Location("a[1]")])
        assert one != Problem("a[0]", "m", UNKNOWN)
        assert one != Problem("a[0]", "m", UNKNOWN, others=["a[2]"])
        assert hash(one) == hash(Problem("a[0]", "m", UNKNOWN))  # equal pairs hash alike
        assert one == ("a[0]", "m")  # still the (path, message) pair of old

    def test_with_others_replaces_the_clause(self) -> None:
        base = Problem("a[0]", "unknown partner 'x'", UNKNOWN)
        two = base.with_others(["a[1]", "a[2]"])
        assert two.message == "unknown partner 'x'; also named at 2 other places: a[1] and a[2]"
        assert two.with_others(["b[1]"]).message == "unknown partner 'x'; also named at b[1]"
        assert two.with_others([]) == base

    def test_pickles(self) -> None:
        err = ValidationError([Problem("a[0]", "m", UNKNOWN).with_others(["a[1]"])], source="f")
        copy = pickle.loads(pickle.dumps(err))
        assert copy.problems == err.problems
        assert copy.problems[0].others == (Location("a[1]"),)


class TestLinearCost:
    def test_thousands_of_dangling_ids_among_100k_activities(self) -> None:
        """100,000 activities naming 5,000 missing partners and one missing everywhere: 5,001
        problems, each message short, in time linear in the references (about 1.5 s here; one
        problem per reference took 3.8 s for 200,000 problems)."""
        n = 100_000
        tree = {
            "schema_version": 1,
            "name": "Big",
            "partners": [{"id": "p", "name": "P", "sector": "other"}],
            "activities": [
                {"id": f"a{i}", "name": "A", "partners": ["p", f"ghost-{i % 5000}", "everywhere"]}
                for i in range(n)
            ],
        }
        started = time.perf_counter()
        problems = problems_of(tree)
        assert time.perf_counter() - started < 30.0
        assert len(problems) == 5001
        assert max(len(p.message) for p in problems) < 300
        everywhere = problems[1]
        assert everywhere.path == "activities[0].partners[2]"
        assert len(everywhere.others) == n - 1
        assert problems[0].others[0] == Location("activities[5000].partners[1]")


class TestKeysInsideAMap:
    """An activity's keys indented one level too deep, under ``contributes``, were each
    reported twice ("expected a number", "unknown indicator") beside the activity's missing
    ``name`` and ``partners``: 8 problems for one misplaced line of YAML. Each is now one
    problem at the entry, and the keys it stands for are not missing."""

    TEXT = (
        "schema_version: 1\nname: T\npartners:\n  - {id: a, name: A, sector: nonprofit}\n"
        "indicators:\n  - {id: k, name: K}\nactivities:\n  - id: x\n    contributes:\n"
        "      k: 0.5\n      name: Youth workshops\n      partners: [a]\n"
        "      start: 2022-01-01\n"
    )

    def expected(self, where: str = "activities[0].contributes") -> list[tuple[str, str]]:
        kind = "activity" if where.startswith("activities") else "indicator"
        field = where.rsplit(".", 1)[1]
        return [
            (
                f"{where}[{key!r}]",
                f"{key!r} is a key of the {kind}, not of {field!r}: move it out, to the {kind}",
            )
            for key in ("name", "partners", "start")
        ]

    def test_yaml(self, tmp_path: Path) -> None:
        path = tmp_path / "a.yaml"
        path.write_text(self.TEXT, encoding="utf-8")
        with pytest.raises(ValidationError) as info:
            ci.load(path)
        assert [(str(p.path), p.message) for p in info.value.problems] == self.expected()
        assert {p.code for p in info.value.problems} == {ProblemCode.UNKNOWN_KEY}
        assert [p.key for p in info.value.problems] == ["name", "partners", "start"]

    def test_json_as_the_typed_reader_reads_it(self, tmp_path: Path) -> None:
        tree = {
            "schema_version": 1,
            "name": "T",
            "partners": [{"id": "a", "name": "A", "sector": "nonprofit"}],
            "indicators": [{"id": "k", "name": "K"}],
            "activities": [
                {
                    "id": "x",
                    "contributes": {
                        "k": 0.5,
                        "name": "Youth workshops",
                        "partners": ["a"],
                        "start": "2022-01-01",
                    },
                }
            ],
        }
        path = tmp_path / "a.json"
        path.write_text(__import__("json").dumps(tree), encoding="utf-8")
        with pytest.raises(ValidationError) as info:
            ci.load(path)
        assert [(str(p.path), p.message) for p in info.value.problems] == self.expected()

    def test_an_indicator_called_like_a_key_is_still_an_entry(self) -> None:
        """A number under a key that is also an activity's: an indicator named ``start``."""
        tree: dict[str, Any] = {
            "schema_version": 1,
            "name": "T",
            "partners": [{"id": "a", "name": "A", "sector": "nonprofit"}],
            "indicators": [{"id": "start", "name": "Start"}],
            "activities": [
                {"id": "x", "name": "X", "partners": ["a"], "contributes": {"start": 0.5}}
            ],
        }
        init = ci.Initiative.from_dict(tree)
        assert dict(init.activities[0].contributes) == {"start": 0.5}
        del tree["indicators"][0]
        tree["indicators"] = [{"id": "k", "name": "K"}]
        with pytest.raises(ValidationError) as info:
            ci.Initiative.from_dict(tree)
        assert [(str(p.path), p.code) for p in info.value.problems] == [
            ("activities[0].contributes['start']", ProblemCode.UNKNOWN_REFERENCE)
        ]

    def test_the_keys_of_an_indicator_inside_drives(self) -> None:
        tree: dict[str, Any] = {
            "schema_version": 1,
            "name": "T",
            "partners": [{"id": "a", "name": "A", "sector": "nonprofit"}],
            "indicators": [
                {"id": "j", "name": "J"},
                {"id": "k", "drives": {"j": 0.5, "name": "K", "direction": "increase"}},
            ],
        }
        with pytest.raises(ValidationError) as info:
            ci.Initiative.from_dict(tree)
        assert [(str(p.path), p.message) for p in info.value.problems] == [
            (
                f"indicators[1].drives[{key!r}]",
                f"{key!r} is a key of the indicator, not of 'drives': move it out, to the "
                "indicator",
            )
            for key in ("direction", "name")
        ]


class TestARefusedIdHidesOnlyItsOwnReferences:
    """An id refused by its own check hides the references that may be meant for it, only.

    A partner id typed ``'schools '`` (a space after it) hid every unknown reference to a
    partner: ``unted-way`` and ``librari`` were said only once the space was taken out. A
    reference that is the refused id but for whitespace, case and the characters an id refuses
    follows from it, and is still not reported; any other is.
    """

    REF_YAML = """\
schema_version: 1
name: Refs
partners:
  - {id: united-way, name: United Way, sector: nonprofit}
  - {id: "schools ", name: Schools, sector: government}
activities:
  - {id: a, name: Reading club, partners: [unted-way]}
  - {id: b, name: Tutoring, partners: [schools, Schools]}
ties:
  - {source: united-way, target: librari}
  - {source: united-way, target: schools}
"""

    def test_yaml(self, tmp_path: Path) -> None:
        path = tmp_path / "ref.yaml"
        path.write_text(self.REF_YAML, encoding="utf-8")
        with pytest.raises(ValidationError) as info:
            ci.load(path)
        assert [(str(p.path), p.code) for p in info.value.problems] == [
            ("partners[1].id", ProblemCode.INVALID),
            ("activities[0].partners[0]", UNKNOWN),
            ("ties[0].target", UNKNOWN),
        ]
        assert "'unted-way' (did you mean 'united-way'?)" in info.value.problems[1].message

    @pytest.mark.parametrize(
        ("refused", "meant"),
        [
            ("schools ", "Schools"),
            (" schools", "schools"),
            ("sch\u200bools", "schools"),
            ("schools\tdept", "schools dept"),
            (False, "no"),
            (True, "Yes"),
            (["schools"], "schools"),
            (["sch", "schools"], "schools"),  # an id key given twice, as the readers keep it
        ],
    )
    def test_a_reference_meant_for_the_refused_id_still_follows(
        self, refused: Any, meant: str
    ) -> None:
        tree = tree_of(
            activities=[{"id": "x", "name": "X", "partners": ["a", meant]}],
            ties=[{"source": "a", "target": "zz"}],
        )
        tree["partners"].append({"id": refused, "name": "S", "sector": "government"})
        assert [str(p.path) for p in problems_of(tree)] == ["partners[2].id", "ties[0].target"]

    @pytest.mark.parametrize(
        "refused", [None, "", "  ", "\u200b", {"x": 1}, [], ["a", {}], 2024, 1.5, 1.1]
    )
    def test_an_id_standing_for_no_text_may_be_any(self, refused: Any) -> None:
        """A partner without a usable id may be the one any reference names: none is said.

        So may a number: how it was written is lost (``1.10`` is read as 1.1, ``1_000`` as
        1000), and a reference ``'1.10'`` was reported unknown beside the id's own problem (a
        fresh-eyes reviewer)."""
        tree = tree_of(ties=[{"source": "a", "target": "zz"}])
        tree["partners"].append({"id": refused, "name": "S", "sector": "government"})
        assert [str(p.path) for p in problems_of(tree)] == ["partners[2].id"]

    def test_every_section(self) -> None:
        """Goals and indicators as partners."""
        tree = tree_of(
            goals=[{"id": "g ", "statement": "G", "indicators": ["k", "j", "kk"]}],
            activities=[
                {"id": "x", "name": "X", "partners": ["a"], "contributes": {"j": 0.5, "k3": 0.5}}
            ],
            working_groups=[{"id": "w", "name": "W", "members": ["a"], "goals": ["g", "gg"]}],
        )
        tree["indicators"].append({"id": "j\t", "name": "J"})
        assert [(str(p.path), p.code) for p in problems_of(tree)] == [
            ("goals[0].id", ProblemCode.INVALID),
            ("goals[0].indicators[2]", UNKNOWN),
            ("indicators[1].id", ProblemCode.INVALID),
            ("activities[0].contributes['k3']", UNKNOWN),
            ("working_groups[0].goals[1]", UNKNOWN),
        ]

    def test_labels(self) -> None:
        """A declared label refused for a character hides only the labels that may be it."""
        tree = tree_of(
            populations=[{"id": "teens"}, {"id": "kids\u200b"}],
            activities=[
                {"id": "x", "name": "X", "partners": ["a"], "populations": ["Kids", "adults"]}
            ],
        )
        assert [(str(p.path), p.code) for p in problems_of(tree)] == [
            ("populations[1].id", ProblemCode.INVALID),
            ("activities[0].populations[1]", UNKNOWN),
        ]

    def test_csv_bundle(self, tmp_path: Path) -> None:
        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        with (folder / "partners.csv").open("a", encoding="utf-8") as f:
            f.write("newp ,New partner,nonprofit,\n")
        with (folder / "ties.csv").open("a", encoding="utf-8") as f:
            f.write("unted-way,schools,communication,0.5,,,,,,,\nnewp,schools,funding,0.5,,,,,,,\n")
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        assert [p.path for p in info.value.problems] == [
            "partners.csv, row 19, column id",
            "ties.csv, row 31, column source",
        ]
        assert "unknown partner 'unted-way'" in info.value.problems[1].message


def test_a_number_like_id_hides_its_references() -> None:
    """``id: 1.10`` is read by YAML as the number 1.1; the references ``'1.10'`` to it were
    reported unknown beside the id's own problem, which they only follow from."""
    doc = (
        "schema_version: 1\nname: Tiny\npartners:\n  - {id: a, name: A, sector: nonprofit}\n"
        "indicators:\n  - {id: 1.10, name: Reading}\n"
        "goals:\n  - {id: g, statement: G, indicators: ['1.10']}\n"
        "activities:\n  - {id: x, name: X, partners: [a], contributes: {'1.10': 0.5}}\n"
    )
    with pytest.raises(ValidationError) as info:
        ci.loads(doc)
    assert [str(p.path) for p in info.value.problems] == ["indicators[0].id"]
