"""A partner's role ``backbone`` and the backbone record agree, or the file says why not.

The analyses read the backbone record (``Initiative.backbone``: its organisation, staff and
functions), never the role. Before this check a partner with the role that was not the record's
organisation was silently accepted (two organisations claiming to be the one backbone), and a
file naming its backbone by the role alone, without a record, was told to "designate" a backbone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact import Backbone, Initiative, ProblemCode, ValidationError
from collective_impact.io.csvbundle import read_csv_bundle, write_csv_bundle
from collective_impact.io.sql import read_sql, write_sql
from collective_impact.io.workbook import read_workbook, write_workbook

EXAMPLE = "cradle-to-career"


def _role_partners(init: Initiative) -> list[str]:
    return [p.id for p in init.partners if p.has_role("backbone")]


def _tree(*, backbone: str | None = "a", roles: dict[str, list[str]] | None = None) -> dict:  # type: ignore[type-arg]
    roles = roles or {}
    tree: dict = {  # type: ignore[type-arg]
        "schema_version": 1,
        "name": "Tiny",
        "partners": [
            {"id": p, "name": p.upper(), "sector": "nonprofit", "roles": roles.get(p, [])}
            for p in ("a", "b", "c", "d")
        ],
    }
    if backbone is not None:
        tree["backbone"] = {"organization": backbone}
    return tree


def _missing_backbone(init: Initiative) -> ci.Gap:
    (gap,) = [g for g in ci.assess(init).gaps if g.code == "missing-backbone"]
    return gap


# --------------------------------------------------------------------------- (a) refused


class TestASecondBackboneIsRefused:
    def test_every_claimant_at_its_roles_at_once(self) -> None:
        tree = _tree(roles={"a": ["backbone"], "b": ["funder", "backbone"], "d": ["backbone"]})
        tree["ties"] = [{"source": "a", "target": "zz"}]  # another problem, reported with them
        with pytest.raises(ValidationError) as info:
            Initiative.from_dict(tree)
        problems = info.value.problems
        assert [(p.path, p.code) for p in problems] == [
            ("partners[1].roles", ProblemCode.INCONSISTENT),
            ("partners[3].roles", ProblemCode.INCONSISTENT),
            ("ties[0].target", ProblemCode.UNKNOWN_REFERENCE),
        ]
        assert problems[0].message == (
            "partner 'b' has the role 'backbone', but the backbone is 'a' (the initiative has "
            "one backbone organisation): remove the role, or make 'b' the backbone"
        )
        assert "partner 'd' has the role 'backbone', but the backbone is 'a'" in str(problems[1])

    def test_the_constructor_refuses_it_too(self) -> None:
        init = ci.load_example(EXAMPLE)
        assert init.backbone is not None
        with pytest.raises(ValidationError) as info:
            init.evolve(backbone=Backbone(organization="library"))
        assert [p.path for p in info.value.problems] == ["partners[0].roles"]
        assert "partner 'united-way' has the role 'backbone', but the backbone is 'library'" in (
            str(info.value)
        )

    def test_the_backbone_itself_may_have_the_role_or_not(self) -> None:
        assert Initiative.from_dict(_tree(roles={"a": ["backbone"]})).backbone is not None
        assert Initiative.from_dict(_tree()).backbone is not None

    def test_unknown_organisation_is_the_only_problem(self) -> None:
        """The role is not judged against an organisation that names no partner."""
        tree = _tree(backbone="zz", roles={"b": ["backbone"], "c": ["backbone"]})
        with pytest.raises(ValidationError) as info:
            Initiative.from_dict(tree)
        assert [(p.path, p.code) for p in info.value.problems] == [
            ("backbone.organization", ProblemCode.UNKNOWN_REFERENCE)
        ]

    def test_invalid_organisation_is_the_only_problem(self) -> None:
        tree = _tree(backbone="", roles={"b": ["backbone"]})
        with pytest.raises(ValidationError) as info:
            Initiative.from_dict(tree)
        assert [p.path for p in info.value.problems] == ["backbone.organization"]

    def test_an_id_differing_only_in_case_is_one_problem(self) -> None:
        tree = _tree(roles={"b": ["backbone"]})
        tree["partners"][1]["id"] = "A"
        with pytest.raises(ValidationError) as info:
            Initiative.from_dict(tree)
        assert [(p.path, p.code) for p in info.value.problems] == [
            ("partners[1].id", ProblemCode.DUPLICATE_ID)
        ]

    def test_a_file_names_the_row(self, tmp_path: Path) -> None:
        init = ci.load_example(EXAMPLE)
        write_csv_bundle(init, tmp_path / "bundle")
        partners = tmp_path / "bundle" / "partners.csv"
        lines = partners.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        row = next(i for i, line in enumerate(lines) if line.startswith("library,"))
        cells = lines[row].split(",")
        cells[header.index("roles")] = "service-provider|backbone"
        lines[row] = ",".join(cells)
        partners.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(tmp_path / "bundle")
        assert [str(p) for p in info.value.problems] == [
            f"partners.csv, row {row + 1}, column roles: partner 'library' has the role "
            "'backbone', but the backbone is 'united-way' (the initiative has one backbone "
            "organisation): remove the role, or make 'library' the backbone"
        ]

    def test_a_workbook_names_the_cell(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "book.xlsx"
        write_workbook(ci.load_example(EXAMPLE), path)
        book = openpyxl.load_workbook(path)
        sheet = book["partners"]
        column = [c.value for c in sheet[1]].index("roles")
        (row,) = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "bank"]
        row[column].value = "funder|backbone"
        book.save(path)
        with pytest.raises(ValidationError) as info:
            read_workbook(path)
        (problem,) = info.value.problems
        assert str(problem).startswith(
            f"sheet partners, cell {row[column].coordinate}: partner 'bank' has the role "
            "'backbone', but the backbone is 'united-way'"
        )

    def test_a_native_file_names_the_path(self, tmp_path: Path) -> None:
        path = tmp_path / "two.yaml"
        path.write_text(
            "schema_version: 1\n"
            "name: Tiny\n"
            "partners:\n"
            "  - {id: a, name: A, sector: nonprofit, roles: [backbone]}\n"
            "  - {id: b, name: B, sector: nonprofit, roles: [backbone, funder]}\n"
            "backbone: {organization: a}\n",
            encoding="utf-8",
        )
        with pytest.raises(ValidationError) as info:
            ci.load(path)
        assert info.value.source == str(path)
        assert [(p.path, p.code) for p in info.value.problems] == [
            ("partners[1].roles", ProblemCode.INCONSISTENT)
        ]
        assert str(path) in str(info.value)


class TestWithBackboneMovesTheRole:
    def test_other_partners_lose_the_role(self) -> None:
        init = ci.load_example(EXAMPLE)
        assert _role_partners(init) == ["united-way"]
        assert init.backbone is not None
        moved = init.with_backbone(Backbone(organization="library", staff=init.backbone.staff))
        assert moved.backbone is not None
        assert moved.backbone.organization == "library"
        assert _role_partners(moved) == []
        assert moved.partner("united-way").roles == (ci.Role.FUNDER, ci.Role.STEERING_COMMITTEE)
        assert moved.partner("library") == init.partner("library")

    def test_the_same_organisation_keeps_it(self) -> None:
        init = ci.load_example(EXAMPLE)
        assert init.backbone is not None
        again = init.with_backbone(Backbone(organization="united-way"))
        assert _role_partners(again) == ["united-way"]

    def test_none_removes_the_role_with_the_record(self) -> None:
        init = ci.load_example(EXAMPLE).with_backbone(None)
        assert init.backbone is None
        assert _role_partners(init) == []

    def test_an_unknown_organisation_is_still_refused(self) -> None:
        with pytest.raises(ValidationError, match="unknown partner 'nobody'"):
            ci.load_example(EXAMPLE).with_backbone(Backbone(organization="nobody"))


@pytest.mark.parametrize("name", ci.list_examples())
def test_every_example_names_its_backbone_once(name: str) -> None:
    init = ci.load_example(name)
    if init.backbone is not None:
        assert set(_role_partners(init)) <= {init.backbone.organization}


# --------------------------------------------------------------------------- (b) role, no record


class TestRoleWithoutARecord:
    def test_the_gap_names_the_partner_and_asks_for_the_record(self) -> None:
        init = ci.load_example(EXAMPLE).evolve(backbone=None)  # united-way keeps its role
        assessment = ci.assess(init)
        assert assessment.scores.backbone_support == 0.0  # the score is the record's
        gap = _missing_backbone(init)
        assert gap.key == "missing-backbone()"
        assert gap.severity is ci.Severity.CRITICAL
        assert gap.subjects == ("united-way",)
        assert gap.message == (
            "Partner 'united-way' has the role 'backbone', but no backbone record gives its "
            "staff and functions; record them (a backbone section with organization "
            "'united-way') so backbone support can be scored."
        )
        assert "designate" not in gap.message
        assert "'united-way' has the role 'backbone'" in assessment.summary()

    def test_exports_put_the_gap_on_the_partner(self) -> None:
        """The Kumu blueprint's element of united-way counts the gap that names it (the
        exports' ``GAP_KINDS`` had ``missing-backbone`` as about no element)."""
        from collective_impact.io.exports import kumu_blueprint

        init = ci.load_example(EXAMPLE).evolve(backbone=None)
        blueprint = kumu_blueprint(init, assessment=ci.assess(init))
        (element,) = [e for e in blueprint["elements"] if e["node"] == "partner:united-way"]
        assert "missing-backbone" in element["gap codes"]

    def test_a_comparison_says_the_role_and_then_the_record(self) -> None:
        """From the file with united-way's role alone to the file with its record: the gap that
        opened names the role-holder (its key has no roles, so "new gap" named nothing), and
        when it closes the reason is the record, not "a backbone organisation is now named"
        (the role had named it). Found by a fresh-eyes reviewer."""
        init = ci.load_example(EXAMPLE)
        role_only = ci.assess(init.evolve(backbone=None))
        opened = str(ci.assess(init).diff(role_only).reasons)  # from the first to the second
        assert (
            "new gap: no backbone organisation on record (united-way has the role 'backbone', "
            "but no record)" in opened
        )
        closed = str(role_only.diff(ci.assess(init)).reasons)
        assert "the backbone united-way's record (its staff and functions) is now given" in closed
        assert "a backbone organisation is now named" not in closed

    @pytest.mark.parametrize("organization", ["library", "zz"])
    def test_a_mapping_given_as_the_backbone_is_one_problem(self, organization: str) -> None:
        """An ``Initiative`` given ``{"organization": ...}`` as its backbone: refused as of the
        wrong type, and nothing else. The roles' check (united-way has the role) and, for an
        unknown organisation, the reference check each added a second problem of one cause
        (found by a fresh-eyes reviewer)."""
        init = ci.load_example(EXAMPLE)
        for change in (
            lambda: init.evolve(backbone={"organization": organization}),
            lambda: init.with_backbone({"organization": organization}),  # type: ignore[arg-type]
        ):
            with pytest.raises(ValidationError) as caught:
                change()
            assert [(p.path, p.code) for p in caught.value.problems] == [
                ("backbone", ProblemCode.WRONG_TYPE)
            ]

    def test_several_partners_are_all_named(self) -> None:
        init = Initiative.from_dict(
            _tree(backbone=None, roles={"c": ["backbone"], "a": ["funder", "backbone"]})
        )
        gap = _missing_backbone(init)
        assert gap.key == "missing-backbone()"
        assert gap.subjects == ("a", "c")
        assert gap.message.startswith("Partners 'a' and 'c' have the role 'backbone'")

    def test_without_the_role_the_gap_asks_for_a_backbone(self) -> None:
        gap = _missing_backbone(ci.load_example(EXAMPLE).with_backbone(None))
        assert gap.key == "missing-backbone()"
        assert gap.subjects == ()
        assert gap.message.startswith("The initiative has no backbone organisation; designate")

    def test_a_file_round_trip(self, tmp_path: Path) -> None:
        init = ci.load_example(EXAMPLE).evolve(backbone=None)
        path = tmp_path / "role-only.yaml"
        ci.dump(init, path)
        again = ci.load(path)
        assert again == init
        assert _missing_backbone(again).subjects == ("united-way",)
        write_csv_bundle(init, tmp_path / "bundle")
        assert read_csv_bundle(tmp_path / "bundle") == init
        url = f"sqlite:///{tmp_path / 'db.sqlite'}"
        write_sql(init, url)
        assert _missing_backbone(read_sql(url)).message == _missing_backbone(init).message

    def test_the_html_report_says_it(self, tmp_path: Path) -> None:
        init = ci.load_example(EXAMPLE).evolve(backbone=None)
        path = tmp_path / "report.html"
        ci.assess(init).to_html(path)
        html = path.read_text(encoding="utf-8").replace("&#39;", "'").replace("&#x27;", "'")
        assert "Partner 'united-way' has the role 'backbone'" in html
