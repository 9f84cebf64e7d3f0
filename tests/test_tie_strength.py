"""A tie's strength when it is not given: that of its intensity, else 1.0, in every format.

A tie of intensity ``awareness`` entered without a strength was read as 1.0 (the field's default)
in YAML, JSON, TOML, a CSV bundle, a workbook and a database, while the PARTNER survey read the
same answer as 0.25: between two partners, coordination 1.0 instead of 0.25, and no
``uncoordinated-interdependence`` gap. The rule is now the model's own
(:data:`~collective_impact.INTENSITY_STRENGTH`), so every reader that leaves the strength out
gets it.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml

import collective_impact as ci
from collective_impact import Intensity, Tie
from collective_impact.model import _typed

#: The strength of a tie of each intensity given without a strength (``None``: no intensity).
TABLE: dict[str | None, float] = {
    None: 1.0,
    "awareness": 0.25,
    "cooperation": 0.5,
    "coordination": 0.75,
    "integration": 1.0,
}

PARTNERS = [
    {"id": "p", "name": "P", "sector": "nonprofit"},
    {"id": "q", "name": "Q", "sector": "business"},
]


def _ties_tree() -> list[dict[str, Any]]:
    """One tie of each intensity (and one without), none with a strength; kinds keep them apart."""
    kinds = ["communication", "funding", "referral", "data-sharing", "joint-planning"]
    out: list[dict[str, Any]] = []
    for kind, intensity in zip(kinds, TABLE, strict=True):
        tie: dict[str, Any] = {"source": "p", "target": "q", "kind": kind}
        if intensity is not None:
            tie["intensity"] = intensity
        out.append(tie)
    return out


def _written(tree: dict[str, Any], fmt: str) -> str:
    """The tree as a file of ``fmt``, written by hand (no writer of the library in between)."""
    if fmt == "json":
        return json.dumps(tree)
    if fmt == "yaml":
        return str(yaml.safe_dump(tree))
    lines = [f"schema_version = {tree['schema_version']}", f'name = "{tree["name"]}"']
    for section in ("partners", "ties"):
        for item in tree[section]:
            lines += ["", f"[[{section}]]", *(f'{k} = "{v}"' for k, v in item.items())]
    return "\n".join(lines) + "\n"


def _strengths(init: ci.Initiative) -> dict[str | None, float]:
    return {None if t.intensity is None else t.intensity.value: t.strength for t in init.ties}


def _initiative(ties: list[Tie]) -> ci.Initiative:
    partners = [ci.Partner(id=p["id"], name=p["name"], sector=p["sector"]) for p in PARTNERS]
    return ci.Initiative(name="T", partners=partners, ties=ties)


class TestModelRule:
    def test_the_strength_of_each_intensity(self) -> None:
        made = {
            intensity: Tie(source="p", target="q", intensity=intensity).strength
            for intensity in TABLE
        }
        assert made == TABLE
        assert dict(ci.INTENSITY_STRENGTH) == {Intensity(k): v for k, v in TABLE.items() if k}
        for member in Intensity:  # the members as well as their texts
            assert Tie(source="p", target="q", intensity=member).strength == TABLE[member.value]
        # an intensity that is none is its own problem, never also one of the strength
        with pytest.raises(ci.ValidationError) as info:
            Tie(source="p", target="q", intensity="aware")
        assert [p.path for p in info.value.problems] == ["intensity"]
        tree = {"schema_version": 1, "name": "T", "partners": PARTNERS}
        tree["ties"] = [{"source": "p", "target": "q", "intensity": "aware"}]
        with pytest.raises(ci.ValidationError) as info:
            ci.Initiative.from_dict(tree)
        assert [p.path for p in info.value.problems] == ["ties[0].intensity"]

    def test_a_strength_given_wins(self) -> None:
        """Even when it disagrees with the intensity; the intensity decides only without it."""
        for intensity in TABLE:
            for strength in (0.1, 0.9, 1.0):
                tie = Tie(source="p", target="q", intensity=intensity, strength=strength)
                assert tie.strength == strength
        assert Tie(source="p", target="q", intensity="awareness").strength == 0.25

    def test_public_type_and_signature(self) -> None:
        """The strength is a float on every tie; the signature says where the default is from."""
        import inspect

        tie = Tie(source="p", target="q", intensity="cooperation")
        assert type(tie.strength) is float
        assert tie == Tie(source="p", target="q", intensity="cooperation", strength=0.5)
        assert hash(tie) == hash(Tie(source="p", target="q", intensity="cooperation", strength=0.5))
        default = inspect.signature(Tie).parameters["strength"].default
        assert repr(default) == "<from intensity or 1.0>"


class TestReaders:
    """Every reader leaves a strength it is not given out, and the model's rule applies."""

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_native_formats(self, fmt: str) -> None:
        tree = {"schema_version": 1, "name": "T", "partners": PARTNERS, "ties": _ties_tree()}
        text = _written(tree, fmt)
        assert "strength" not in text
        assert _strengths(ci.loads(text, format=fmt)) == TABLE
        assert _strengths(ci.Initiative.from_dict(tree)) == TABLE

    def test_json_both_paths(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The typed (msgspec) path and the standard one, for a section of many ties where the
        strength is mostly given, mostly left out, or never given."""
        ids = [f"p{k}" for k in range(12)]
        partners = [{"id": i, "name": i, "sector": "nonprofit"} for i in ids]
        intensities = [None, *list(Intensity)]
        for given in (0, 3, 9, 12):
            ties = []
            for k in range(12):
                tie: dict[str, Any] = {"source": ids[k], "target": ids[(k + 1) % 12]}
                intensity = intensities[k % 5]
                if intensity is not None:
                    tie["intensity"] = intensity.value
                if k < given:
                    tie["strength"] = 0.3
                ties.append(tie)
            text = json.dumps(
                {"schema_version": 1, "name": "T", "partners": partners, "ties": ties}
            )
            expected = [
                0.3 if k < given else TABLE[None if t is None else t.value]
                for k, t in ((k, intensities[k % 5]) for k in range(12))
            ]
            for off in (False, True):
                with monkeypatch.context() as m:
                    if off:
                        m.setattr(_typed, "msgspec", None)
                    assert [t.strength for t in ci.loads(text, "json").ties] == expected

    def test_csv_bundle(self, tmp_path: Path) -> None:
        folder = tmp_path / "bundle"
        ci.write_csv_bundle(_initiative([Tie(source="p", target="q", strength=0.6)]), folder)
        rows = ["source,target,kind,strength,intensity"] + [
            f"p,q,{t['kind']},,{t.get('intensity', '')}" for t in _ties_tree()
        ]
        (folder / "ties.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        assert _strengths(ci.read_csv_bundle(folder)) == TABLE

    def test_workbook(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        ties = [
            Tie(source="p", target="q", kind=t["kind"], intensity=t.get("intensity"), strength=0.6)
            for t in _ties_tree()
        ]
        path = tmp_path / "w.xlsx"
        ci.write_workbook(_initiative(ties), path)
        book = openpyxl.load_workbook(path)
        sheet = book["ties"]
        header = next(row for row in sheet.iter_rows() if any(c.value == "strength" for c in row))
        column = next(c.column for c in header if c.value == "strength")
        for row in range(header[0].row + 1, sheet.max_row + 1):
            if sheet.cell(row, column).value is not None:
                sheet.cell(row, column).value = None  # a blank cell: no strength given
        book.save(path)
        assert _strengths(ci.read_workbook(path)) == TABLE

    def test_sqlite(self, tmp_path: Path) -> None:
        pytest.importorskip("sqlalchemy")
        from collective_impact.io.sql import read_sql, write_sql

        ties = [
            Tie(source="p", target="q", kind=t["kind"], intensity=t.get("intensity"), strength=0.6)
            for t in _ties_tree()
        ]
        url = f"sqlite:///{tmp_path / 'x.db'}"
        write_sql(_initiative(ties), url, key="k")
        with sqlite3.connect(tmp_path / "x.db") as db:
            db.execute("UPDATE ties SET strength = NULL")  # no strength given
        db.close()
        assert _strengths(read_sql(url, key="k")) == TABLE


class TestWriters:
    """What is written reads back the same, and files of existing initiatives do not change."""

    def test_the_strength_is_left_out_only_when_it_reads_back_the_same(self) -> None:
        ties = [
            Tie(source="p", target="q", intensity="awareness"),  # 0.25
            Tie(source="q", target="p", intensity="awareness", strength=1.0),
            Tie(source="p", target="q", kind="funding", intensity="integration"),  # 1.0
            Tie(source="p", target="q", kind="referral"),  # 1.0
            Tie(source="p", target="q", kind="data-sharing", strength=0.4),
        ]
        init = _initiative(ties)
        written = [t.get("strength") for t in init.to_dict()["ties"]]
        assert written == [0.25, 1.0, None, None, 0.4]
        for fmt in ("yaml", "json", "toml"):
            assert ci.loads(ci.dumps(init, format=fmt), format=fmt) == init

    @pytest.mark.parametrize("example", ["cradle-to-career", "workforce"])
    def test_the_examples_are_written_as_before(self, example: str) -> None:
        """Their ties have no intensity: each strength is written, or left out, as before."""
        init = ci.load_example(example)
        for tie, tree in zip(init.ties, init.to_dict()["ties"], strict=True):
            assert tie.intensity is None
            assert ("strength" in tree) == (tie.strength != 1.0)
        # an awareness tie of strength 1.0 now says so, or it would read back as 0.25
        tie = Tie(source="p", target="q", intensity="awareness", strength=1.0)
        assert _initiative([tie]).to_dict()["ties"] == [
            {"source": "p", "target": "q", "strength": 1.0, "intensity": "awareness"}
        ]


class TestAssessment:
    def test_a_tie_of_awareness_coordinates_nothing(self) -> None:
        """Two partners, one activity each (x led by p, y by q) on the only agenda indicator,
        each contributing 0.8, tied with intensity ``awareness`` and no strength.

        The pair's joint work is d = 0.8 · 0.8 = 0.64 and its coordination k = t(p, q) = 0.25
        (the tie's strength, from its intensity), so the alignment index is
        0.64 · 0.25 / 0.64 = 0.25, and k < weak_tie (0.3) makes the pair an
        ``uncoordinated-interdependence`` gap. Read as 1.0 before, the index was 1.0 and there
        was no gap.
        """
        init = ci.Initiative(
            name="Two partners",
            partners=[
                ci.Partner(id="p", name="P", sector="nonprofit"),
                ci.Partner(id="q", name="Q", sector="business"),
            ],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[ci.Indicator(id="i", name="I")],
            activities=[
                ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8}),
                ci.Activity(id="y", name="Y", partners=["q"], contributes={"i": 0.8}),
            ],
            ties=[ci.Tie(source="p", target="q", intensity="awareness")],
        )
        result = ci.assess(init)
        assert result.alignment.index == pytest.approx(0.25)
        assert result.scores.mutually_reinforcing_activities == pytest.approx(0.25)
        gaps = [g for g in result.gaps if g.code == "uncoordinated-interdependence"]
        assert len(gaps) == 1
        assert set(gaps[0].subjects) == {"p", "q"}
        # the same file read back gives the same verdict
        assert ci.assess(ci.loads(ci.dumps(init))).alignment.index == pytest.approx(0.25)
