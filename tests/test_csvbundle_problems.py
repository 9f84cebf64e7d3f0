"""How a CSV bundle maps the model's problems to cells: by code and fields, never by wording.

The model's messages are replaced here by wording that shares nothing with the real one, to show
that :meth:`_Reader.locate` decides on :attr:`Problem.code`, :attr:`Problem.key` and
:attr:`Problem.related` alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact import Location, Problem, ProblemCode
from collective_impact.io._sheets import cell
from collective_impact.io.csvbundle import _Reader


@pytest.fixture
def reader() -> _Reader:
    r = _Reader()
    r.locs.update(
        {
            "partners": cell("partners.csv"),
            "partners[0]": cell("partners.csv", 2),
            "partners[1]": cell("partners.csv", 3),
            "partners[1].id": cell("partners.csv", 3, "id"),
            "partners[1].name": cell("partners.csv", 3, "name"),
            "activities[0]": cell("activities.csv", 2),
        }
    )
    r.map_locs["activities[0].contributes['k']"] = (
        cell("contributions.csv", 4, "indicator"),
        cell("contributions.csv", 4, "contribution"),
    )
    return r


class TestLocate:
    def test_missing_key_points_at_its_cell(self, reader: _Reader) -> None:
        problem = Problem("partners[1]", "zzz", ProblemCode.MISSING_KEY, key="name")
        assert reader.locate(problem) == (
            cell("partners.csv", 3, "name"),
            "required, but the cell is empty",
        )

    def test_missing_key_of_a_missing_column_is_reported_once(self, reader: _Reader) -> None:
        reader.missing.add(("partners.csv", "name"))
        problem = Problem("partners[1]", "zzz", ProblemCode.MISSING_KEY, key="name")
        assert reader.locate(problem) is None

    def test_a_problem_about_a_key_points_at_the_key(self, reader: _Reader) -> None:
        path = "activities[0].contributes['k']"
        about_key = Problem(path, "zzz", ProblemCode.UNKNOWN_REFERENCE, key="k")
        about_value = Problem(path, "zzz", ProblemCode.OUT_OF_RANGE)
        assert reader.locate(about_key) == (cell("contributions.csv", 4, "indicator"), "zzz")
        assert reader.locate(about_value) == (cell("contributions.csv", 4, "contribution"), "zzz")

    def test_too_few_rows(self, reader: _Reader) -> None:
        problem = Problem("partners", "zzz", ProblemCode.TOO_FEW_ITEMS)
        assert reader.locate(problem) == (
            cell("partners.csv"),
            "expected at least one row, got none",
        )

    def test_related_entry_is_named_by_its_row(self, reader: _Reader) -> None:
        earlier = Location("partners[0]")
        problem = Problem(
            "partners[1].id", f"again (see {earlier})", ProblemCode.DUPLICATE_ID, related=earlier
        )
        assert reader.locate(problem) == (cell("partners.csv", 3, "id"), "again (see row 2)")

    def test_related_entry_in_another_file(self, reader: _Reader) -> None:
        earlier = Location("partners[0]")
        problem = Problem("activities[0]", f"like {earlier}", ProblemCode.INVALID, related=earlier)
        assert reader.locate(problem) == (
            cell("activities.csv", 2),
            "like partners.csv row 2",
        )

    def test_a_path_in_a_message_without_related_is_left_alone(self, reader: _Reader) -> None:
        problem = Problem("partners[1].id", "see partners[0]", ProblemCode.INVALID)
        assert reader.locate(problem) == (cell("partners.csv", 3, "id"), "see partners[0]")


class TestReadCsvBundle:
    def test_cell_problems_keep_the_model_s_wording(self, tmp_path: Path) -> None:
        folder = tmp_path / "b"
        folder.mkdir()
        (folder / "initiative.csv").write_text("key,value\nname,N\n")
        (folder / "partners.csv").write_text("id,name,sector\na,A,other\na,A2,other\n")
        with pytest.raises(ci.ValidationError) as info:
            ci.read_csv_bundle(folder)
        assert [str(p) for p in info.value.problems] == [
            "partners.csv, row 3, column id: duplicate partner id 'a' (first used at row 2)"
        ]

    def test_problems_keep_their_codes_at_their_cells(self, tmp_path: Path) -> None:
        folder = tmp_path / "b"
        folder.mkdir()
        (folder / "initiative.csv").write_text("key,value\nname,N\n")
        (folder / "partners.csv").write_text("id,name,sector\na,A,other\nb,,other\nb,B,other\n")
        (folder / "ties.csv").write_text("source,target\na,zz\n")
        with pytest.raises(ci.ValidationError) as info:
            ci.read_csv_bundle(folder)
        found = [(p.location, p.code) for p in info.value.problems]
        assert found == [
            (Location(file="partners.csv", row=3, column="name"), ProblemCode.MISSING_KEY),
            (Location(file="partners.csv", row=4, column="id"), ProblemCode.DUPLICATE_ID),
            (Location(file="ties.csv", row=2, column="target"), ProblemCode.UNKNOWN_REFERENCE),
        ]

    def test_the_reader_s_own_problems_have_codes(self, tmp_path: Path) -> None:
        folder = tmp_path / "b"
        folder.mkdir()
        (folder / "initiative.csv").write_text("key,value\nname,N\ncolour,red\nname,M\n")
        (folder / "partners.csv").write_text("id,name,sector\na,A,other\nb,B,other\n")
        (folder / "ties.csv").write_text(
            "source,target,strength,kind\na,b,0.5,funding,extra\na,b,x,bff\n"
        )
        (folder / "goals.csv").write_text("id,statement\n")
        (folder / "contributions.csv").write_text("activity,indicator,value\nzz,k,\n")
        (folder / "partner.csv").write_text("id\n")
        with pytest.raises(ci.ValidationError) as info:
            ci.read_csv_bundle(folder)
        found = [(p.path, p.code) for p in info.value.problems]
        assert found == [
            ("partner.csv", ProblemCode.UNKNOWN_KEY),  # an unknown file
            ("initiative.csv, row 3, column key", ProblemCode.UNKNOWN_KEY),
            ("initiative.csv, row 4, column key", ProblemCode.DUPLICATE_ENTRY),
            ("contributions.csv, row 2, column activity", ProblemCode.UNKNOWN_REFERENCE),
            ("contributions.csv, row 2, column value", ProblemCode.MISSING_KEY),
            ("ties.csv, row 2", ProblemCode.UNKNOWN_KEY),  # a cell beyond the header
            ("ties.csv, row 3, column kind", ProblemCode.INVALID_CHOICE),  # from the model
            ("ties.csv, row 3, column strength", ProblemCode.WRONG_TYPE),
        ]
