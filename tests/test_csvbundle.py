"""Tests for the CSV bundle reader and writer (collective_impact.io.csvbundle)."""

from __future__ import annotations

import io
import json
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact.errors import (
    FormatError,
    Location,
    MissingFileError,
    ProblemCode,
    ValidationError,
    WriteError,
)
from collective_impact.io.csvbundle import BUNDLE_FILES, read_csv_bundle, write_csv_bundle
from collective_impact.model import (
    Activity,
    Frequency,
    Indicator,
    Initiative,
    Intensity,
    Level,
    Partner,
    Quadrant,
)
from collective_impact.model.ties import RATINGS
from collective_impact.strategies import initiatives, texts


def _write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


_MINIMAL = {
    "initiative.csv": "key,value\nname,Tiny\n",
    "partners.csv": "id,name,sector\na,A,nonprofit\nb,B,business\n",
}


def _problems(err: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in err.value.problems]


@st.composite
def rich_initiatives(draw: st.DrawFn) -> Initiative:
    """Initiatives using the fields the shared strategies leave at their defaults.

    Ratings and intensity on ties; frequency, quadrant and informs on indicators; free texts
    (with ``|``, backslashes, quotes, commas and spaces) in lists; the empty description.
    """
    init = draw(initiatives())
    free = st.lists(texts(max_size=8), unique_by=lambda s: s.strip().casefold(), max_size=3)
    rating = st.one_of(st.none(), st.floats(1.0, 4.0))
    ties = [
        attrs.evolve(
            t,
            intensity=draw(st.one_of(st.none(), st.sampled_from(Intensity))),
            **{r: draw(rating) for r in RATINGS},
        )
        for t in init.ties
    ]
    population = [i.id for i in init.indicators if i.level is Level.POPULATION]
    indicators = []
    for ind in init.indicators:
        frequency = draw(st.one_of(st.none(), st.sampled_from(Frequency)))
        if (
            frequency is not None
            and ind.baseline is not None
            and ind.target is not None
            and frequency.period(ind.target.date) == frequency.period(ind.baseline.date)
        ):
            frequency = None  # the model refuses a target in the baseline's reporting period
        changes: dict[str, object] = {"frequency": frequency}
        if ind.level is Level.PERFORMANCE:
            changes["quadrant"] = draw(st.one_of(st.none(), st.sampled_from(Quadrant)))
            changes["informs"] = draw(
                st.lists(st.sampled_from(population), unique=True) if population else st.just([])
            )
        indicators.append(attrs.evolve(ind, **changes))
    activities = [  # free labels where the initiative declares none
        attrs.evolve(
            a,
            populations=a.populations if init.populations else draw(free),
            places=a.places if init.places else draw(free),
        )
        for a in init.activities
    ]
    return init.evolve(
        ties=ties,
        indicators=indicators,
        activities=activities,
        description=draw(st.sampled_from([None, "", " ", init.description])),
    )


class TestRoundTrip:
    @given(initiatives())
    def test_folder(self, init: Initiative) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            write_csv_bundle(init, tmp)
            assert read_csv_bundle(tmp) == init

    @given(rich_initiatives())
    def test_folder_every_field(self, init: Initiative) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            write_csv_bundle(init, tmp)
            assert read_csv_bundle(tmp) == init

    @given(initiatives())
    def test_zip(self, init: Initiative) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "bundle.zip")
            write_csv_bundle(init, path)
            assert read_csv_bundle(path) == init

    @pytest.mark.parametrize("name", ci.list_examples())
    def test_examples(self, name: str, tmp_path: Path) -> None:
        init = ci.load_example(name)
        write_csv_bundle(init, tmp_path / "folder")
        write_csv_bundle(init, tmp_path / "bundle.zip")
        assert read_csv_bundle(tmp_path / "folder") == init
        assert read_csv_bundle(tmp_path / "bundle.zip") == init

    def test_awkward_values(self, tmp_path: Path) -> None:
        init = Initiative(
            name=' "Quoted", with comma\r\nand a new line ',
            description="",
            problem="  ",
            partners=[
                Partner(id="a|b", name="=1+1", sector="community"),
                Partner(id="c\\", name="back\\slash|pipe", sector="other"),
            ],
            activities=[
                Activity(
                    id="x",
                    name="X",
                    partners=["a|b", "c\\"],
                    populations=[" spaced ", "p|q\\|r"],
                    contributes={},
                )
            ],
        )
        write_csv_bundle(init, tmp_path)
        assert read_csv_bundle(tmp_path) == init

    def test_zip_is_deterministic(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        write_csv_bundle(init, tmp_path / "one.zip")
        write_csv_bundle(init, tmp_path / "two.zip")
        assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()

    def test_a_zip_it_writes_it_reads(self, tmp_path: Path) -> None:
        """A description of 2 MB of one character deflates about 900 times: the writer made
        an archive its own reader refused as a decompression bomb (more than 100 times). Such
        a member is stored uncompressed; the others stay deflated."""
        init = ci.load_example("workforce").evolve(description="-" * 2_000_000)
        write_csv_bundle(init, tmp_path / "b.zip")
        assert read_csv_bundle(tmp_path / "b.zip") == init
        with zipfile.ZipFile(tmp_path / "b.zip") as archive:
            methods = {i.filename: i.compress_type for i in archive.infolist()}
        assert methods["initiative.csv"] == zipfile.ZIP_STORED
        assert methods["partners.csv"] == zipfile.ZIP_DEFLATED

    def test_writes_every_file(self, tmp_path: Path) -> None:
        write_csv_bundle(ci.load_example("workforce"), tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(BUNDLE_FILES)

    def test_zip_in_a_subfolder(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        write_csv_bundle(init, tmp_path / "plain")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for p in (tmp_path / "plain").iterdir():
                archive.writestr(f"workforce/{p.name}", p.read_bytes())
            archive.writestr("__MACOSX/workforce/._partners.csv", b"\0junk")
            archive.writestr("workforce/.DS_Store", b"\0junk")
        (tmp_path / "nested.zip").write_bytes(buffer.getvalue())
        assert read_csv_bundle(tmp_path / "nested.zip") == init


class TestSpreadsheetQuirks:
    def test_bom_crlf_blank_rows_thousands(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "\ufeffkey,value\r\nname,Tiny\r\n\r\n",
                "partners.csv": "\ufeffID, Name ,Sector\r\na,A,NonProfit\r\n,,\r\n\r\n",
                "indicators.csv": "id,name,baseline_date,baseline_value\r\n"
                'k,K,2024-09-01,"1,234.5"\r\n',
                "observations.csv": 'indicator,date,value\r\n\r\nk,2025-01-01," 12,000 "\r\n',
            },
        )
        init = read_csv_bundle(folder)
        assert init.partner("a").sector.value == "nonprofit"
        assert init.indicator("k").baseline is not None
        assert init.indicator("k").baseline.value == 1234.5
        assert init.indicator("k").observations[0].value == 12000.0

    def test_semicolon_separator(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "key;value\nname;Tiny\n",
                "partners.csv": "id;name;sector\na;A;faith\n",
            },
        )
        assert read_csv_bundle(folder).partner("a").name == "A"

    @pytest.mark.parametrize("sep", [";", "\t"])
    def test_one_comma_group_is_ambiguous_in_a_file_separated_by_semicolons(
        self, tmp_path: Path, sep: str
    ) -> None:
        """Decimal-comma locales write CSV with ; (or tabs): there 52,125 may be 52.125 (it was
        read as 52125, a thousand times the value meant). It is refused, naming both readings;
        1,234,567 and 1,234.5 are thousands in any locale and read as before; the same 52,125 in
        a comma-separated file is thousands, as documented."""
        rows = ["indicator;date;value", "k;2025-01-01;52,125", "k;2025-02-01;1,234,567"]
        rows.append("k;2025-03-01;1,234.5")
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "key,value\nname,Tiny\n",
                "partners.csv": "id,name,sector\na,A,faith\n",
                "indicators.csv": "id,name\nk,K\n",
                "observations.csv": "\n".join(r.replace(";", sep) for r in rows) + "\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "observations.csv, row 2, column value: '52,125' is ambiguous in a file separated by "
            "semicolons or tabs: 52.125 with a decimal comma, or 52125 with grouped thousands; "
            "write 52125 for the thousands, or 52.1250 for the decimal (52.125 is ambiguous "
            "there too)"
        ]
        fixed = [rows[0], "k;2025-01-01;52.1250", *rows[2:]]
        (folder / "observations.csv").write_text("\n".join(r.replace(";", sep) for r in fixed))
        values = [o.value for o in read_csv_bundle(folder).indicator("k").observations]
        assert values == [52.125, 1234567.0, 1234.5]
        comma = ["indicator,date,value", 'k,2025-01-01,"52,125"']
        (folder / "observations.csv").write_text("\n".join(comma))
        assert [o.value for o in read_csv_bundle(folder).indicator("k").observations] == [52125.0]

    def test_one_comma_group_is_ambiguous_beside_a_decimal_comma(self, tmp_path: Path) -> None:
        """A decimal-comma locale's sheet saved as comma-separated CSV (LibreOffice's default)
        quotes its numbers: the baseline "1,25" was refused as a decimal comma, but the target
        "1,500" (1.5 shown with three decimals) read as 1500, and the file read once the
        analyst fixed the refused cell held a target a thousand times too large (reported by
        a reviewer). Beside a decimal comma, each such number of the bundle is refused, naming
        both readings, so that all are fixed at once; two groups and a decimal point after the
        comma are thousands anywhere."""
        indicators = (
            "id,name,direction,baseline_date,baseline_value,target_date,target_value\r\n"
            'k,K,increase,2024-01-01,"1,25",2028-01-01,"1,500"\r\n'
            'm,M,decrease,2024-01-01,"1,234,567",2028-01-01,"2,345.5"\r\n'
        )
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": indicators,
                "observations.csv": 'indicator,date,value\r\nk,2025-01-01,"2,500"\r\n',
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "indicators.csv, row 2, column baseline_value: expected a number, got '1,25'; use a "
            "dot as the decimal separator (1.25)",
            "indicators.csv, row 2, column target_value: '1,500' is ambiguous in a file that "
            "writes decimal commas (its cell '1,25' is one): 1.500 with a decimal comma, or 1500 "
            "with grouped thousands; write 1500 for the thousands, or 1.5000 for the decimal "
            "(1.500 is ambiguous there too)",
            "observations.csv, row 2, column value: '2,500' is ambiguous in a bundle that "
            "writes decimal commas (indicators.csv, row 2, column baseline_value holds '1,25'): "
            "2.500 with a decimal comma, or 2500 with grouped thousands; write 2500 for the "
            "thousands, or 2.5000 for the decimal (2.500 is ambiguous there too)",
        ]
        (folder / "indicators.csv").write_text(indicators.replace('"1,25"', "1.25"))
        init = read_csv_bundle(folder)  # no decimal comma left: 1,500 is thousands, as written
        assert init.indicator("k").target is not None
        assert init.indicator("k").target.value == 1500.0
        assert init.indicator("k").observations[0].value == 2500.0

    def test_a_decimal_comma_in_one_file_makes_one_group_ambiguous_in_every_file(
        self, tmp_path: Path
    ) -> None:
        """A decimal-comma sheet saved with commas writes "0,500" in indicators.csv and
        "1,500" (1.5) in observations.csv: only "0,500" was refused, and once the analyst fixed
        it "1,500" read as 1500, the latest value 1600 instead of 1.6 and the indicator met
        (reported by a reviewer; docs/interoperability.md promises every such number is fixed
        at once). A decimal comma in any file of the bundle makes "1,500" ambiguous in every
        file, all reported together, naming the cell that shows the locale."""
        init = ci.loads(
            "schema_version: 1\nname: x\npartners: [{id: p, name: P, sector: other}]\n"
            "indicators:\n  - {id: k, name: K, unit: rate, direction: increase, baseline: "
            "{date: 2024-01-01, value: 0.5},\n     target: {date: 2028-01-01, value: 2.0}, "
            "observations: [{date: 2025-09-01, value: 1.5}, {date: 2026-09-01, value: 1.6}]}\n",
            "yaml",
        )
        folder = tmp_path / "b"
        ci.write_csv_bundle(init, folder)

        def sub(name: str, old: str, new: str) -> None:
            text = (folder / name).read_text()
            assert old in text
            (folder / name).write_text(text.replace(old, new, 1))

        sub("observations.csv", ",1.5,", ',"1,500",')
        sub("observations.csv", ",1.6,", ',"1,600",')
        sub("indicators.csv", ",0.5,", ',"0,500",')
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        beside = (
            "is ambiguous in a bundle that writes decimal commas (indicators.csv, row 2, "
            "column baseline_value holds '0,500')"
        )
        assert _problems(err) == [
            "indicators.csv, row 2, column baseline_value: expected a number, got '0,500'; use "
            "a dot as the decimal separator (0.500)",
            f"observations.csv, row 2, column value: '1,500' {beside}: 1.500 with a decimal "
            "comma, or 1500 with grouped thousands; write 1500 for the thousands, or 1.5000 for "
            "the decimal (1.500 is ambiguous there too)",
            f"observations.csv, row 3, column value: '1,600' {beside}: 1.600 with a decimal "
            "comma, or 1600 with grouped thousands; write 1600 for the thousands, or 1.6000 for "
            "the decimal (1.600 is ambiguous there too)",
        ]
        sub("indicators.csv", '"0,500"', "0.5")
        sub("observations.csv", '"1,500"', "1.5")
        sub("observations.csv", '"1,600"', "1.6")
        assert read_csv_bundle(folder) == init

    @pytest.mark.parametrize(("sep", "name"), [(";", "semicolons"), ("\t", "tabs")])
    def test_a_file_separated_by_semicolons_makes_one_group_ambiguous_in_every_file(
        self, tmp_path: Path, sep: str, name: str
    ) -> None:
        """A file separated by ``;`` or tabs is how a decimal-comma locale writes CSV: the
        bundle's comma-separated files then refuse "1,500" as ambiguous too, in a .zip as in a
        folder, naming that file; two groups are thousands anywhere."""
        files = {
            "initiative.csv": "key,value\nname,Tiny\n",
            "partners.csv": f"id{sep}name{sep}sector\na{sep}A{sep}faith\n",
            "indicators.csv": "id,name\nk,K\n",
            "observations.csv": 'indicator,date,value\nk,2025-01-01,"1,500"\n'
            'k,2025-02-01,"1,234,567"\n',
        }
        folder = _write(tmp_path / "b", files)
        archive = tmp_path / "b.zip"
        with zipfile.ZipFile(archive, "w") as z:
            for member, text in files.items():
                z.writestr(member, text)
        for source in (folder, archive):
            with pytest.raises(ValidationError) as err:
                read_csv_bundle(source)
            assert _problems(err) == [
                "observations.csv, row 2, column value: '1,500' is ambiguous in a bundle that "
                f"writes decimal commas (its file partners.csv is separated by {name}): 1.500 "
                "with a decimal comma, or 1500 with grouped thousands; write 1500 for the "
                "thousands, or 1.5000 for the decimal (1.500 is ambiguous there too)"
            ]

    def test_one_point_group_is_ambiguous_beside_a_decimal_comma(self, tmp_path: Path) -> None:
        """A decimal-comma locale groups thousands with a point: its sheet saved as
        comma-separated CSV writes 1500 as "1.500" beside the decimal comma of "1,25". "1.500"
        read as 1.5 without a word, a target a thousand times too small: with a baseline of
        1.25 and a latest value of 1,350 (written "1.350", read 1.35) the indicator read met,
        where 1.25 → 1,500 with 1,350 reached is (1350 − 1.25) / (1500 − 1.25) = 0.900 of the
        way. As in a file separated by ``;`` (``5.696``), one point before exactly three
        digits is now refused beside a decimal comma, naming both readings; "1.5" and
        "2.2500" are decimals anywhere, and without a decimal comma "1.500" is 1.5."""
        indicators = (
            "id,name,direction,baseline_date,baseline_value,target_date,target_value\r\n"
            'k,K,increase,2024-01-01,"1,25",2028-01-01,"1.500"\r\n'
            "m,M,increase,2024-01-01,1.5,2028-01-01,2.2500\r\n"
        )
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": indicators,
                "observations.csv": 'indicator,date,value\r\nk,2025-01-01,"1.350"\r\n',
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "indicators.csv, row 2, column baseline_value: expected a number, got '1,25'; use a "
            "dot as the decimal separator (1.25)",
            "indicators.csv, row 2, column target_value: '1.500' is ambiguous in a file that "
            "writes decimal commas (its cell '1,25' is one): 1.500 with a decimal point, or 1500 "
            "with the point grouping thousands; write 1500 for the thousands, or 1.5000 for the "
            "decimal",
            "observations.csv, row 2, column value: '1.350' is ambiguous in a bundle that "
            "writes decimal commas (indicators.csv, row 2, column baseline_value holds '1,25'): "
            "1.350 with a decimal point, or 1350 with the point grouping thousands; write 1350 "
            "for the thousands, or 1.3500 for the decimal",
        ]
        (folder / "indicators.csv").write_text(indicators.replace('"1,25"', "1.25"))
        init = read_csv_bundle(folder)  # no decimal comma left: 1.500 is a decimal, as written
        assert init.indicator("k").target is not None
        assert init.indicator("k").target.value == 1.5
        assert init.indicator("k").observations[0].value == 1.35

    @pytest.mark.parametrize("comma", ["1.234,5", "12,5%", "\u22120,5", "\u20131.234,5 %"])
    def test_a_decimal_comma_in_a_locale_s_own_form_counts(
        self, tmp_path: Path, comma: str
    ) -> None:
        """A decimal comma grouped with points (``1.234,5``), with a percent sign (``12,5%``)
        or a look-alike sign (U+2212 MINUS SIGN, an en dash) said nothing of the bundle's
        locale (found by a reviewer): ``"1.500"`` beside it was read as 1.5, and once the
        refused cell was fixed the target stood at 1.5 where 1500 was meant. Each is a
        decimal comma now: ``"1.500"`` is refused as ambiguous beside it."""
        indicators = (
            "id,name,direction,baseline_date,baseline_value,target_date,target_value\r\n"
            f'k,K,increase,2024-01-01,"{comma}",2028-01-01,"1.500"\r\n'
        )
        folder = _write(tmp_path, {**_MINIMAL, "indicators.csv": indicators})
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert (
            "indicators.csv, row 2, column target_value: '1.500' is ambiguous in a file that "
            f"writes decimal commas (its cell {comma!r} is one): 1.500 with a decimal point, or "
            "1500 with the point grouping thousands; write 1500 for the thousands, or 1.5000 "
            "for the decimal"
        ) in _problems(err)

    def test_row_numbers_count_blank_rows(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {**_MINIMAL, "ties.csv": "source,target,strength\n\na,b,lots\n"},
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == ["ties.csv, row 3, column strength: expected a number, got 'lots'"]


class TestContradictingObservations:
    """Two observations of one indicator, date, reporter and group with different values (a
    corrected value pasted under the old one) were averaged silently into a value no one
    reported (reported by a reviewer). The model refuses each later one, at its value, naming
    the first, so every reader does; the same report twice is one report, as the analysis
    counts it, and reads."""

    def test_a_value_given_twice_is_refused(self, tmp_path: Path) -> None:
        rows = [
            "indicator,date,value,reported_by,group",
            "k,2025-01-01,45,a,",
            "k,2025-01-01,54,a,",  # row 3: another value, the same key as row 2
            "k,2025-01-01,45,a,",  # the same row again: one report
            "k,2025-01-01,50,b,",  # another reporter
            "k,2025-01-01,40,a,Low-Income",
            "k,2025-01-01,41,a, low-income",  # row 7: the same group, as groups are compared
            "k,2025-01-01,42,a,english-learners",
            "k,2025-02-01,30,,",
            "k,2025-02-01,31,,",  # row 10: no reporter, twice
        ]
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": "id,name\nk,K\n",
                "observations.csv": "\n".join(rows) + "\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        keep = ": keep one of them (the two would be averaged into a value no one reported)"
        assert _problems(err) == [
            "observations.csv, row 3, column value: row 2 gives the value 45 for 2025-01-01 "
            "(reported by 'a', the whole population), this observation 54" + keep,
            "observations.csv, row 7, column value: row 6 gives the value 40 for 2025-01-01 "
            "(reported by 'a', the group ' low-income'), this observation 41" + keep,
            "observations.csv, row 10, column value: row 9 gives the value 30 for 2025-02-01 "
            "(no reporter, the whole population), this observation 31" + keep,
        ]
        for row in (10, 7, 3):  # the analyst keeps one of each
            del rows[row - 1]
        (folder / "observations.csv").write_text("\n".join(rows) + "\n")
        values = [o.value for o in read_csv_bundle(folder).indicator("k").observations]
        assert values == [45, 45, 50, 40, 42, 30]

    def test_every_source_refuses_them(self, tmp_path: Path) -> None:
        """The model refuses them (they were allowed there, and averaged by the analysis), so
        the native formats and the frames do too, located in each; before, only the readers
        of typed rows did, and a bundle written from such an initiative did not read back."""
        pytest.importorskip("pandas")
        from collective_impact.frames import initiative_frames, initiative_from_frames

        tree = {
            "schema_version": 1,
            "name": "n",
            "partners": [{"id": "a", "name": "A", "sector": "other"}],
            "indicators": [
                {
                    "id": "k",
                    "name": "K",
                    "observations": [
                        {"date": "2025-01-01", "value": 45},
                        {"date": "2025-01-01", "value": 45},
                        {"date": "2025-01-01", "value": 54},
                    ],
                }
            ],
        }
        message = (
            "indicators[0].observations[0] gives the value 45 for 2025-01-01 (no reporter, "
            "the whole population), this observation 54: keep one of them (the two would be "
            "averaged into a value no one reported)"
        )
        with pytest.raises(ValidationError) as err:
            Initiative.from_dict(tree)
        assert _problems(err) == ["indicators[0].observations[2].value: " + message]
        (problem,) = err.value.problems
        assert problem.code is ProblemCode.DUPLICATE_ENTRY
        assert problem.related == Location("indicators[0].observations[0]")
        path = tmp_path / "n.json"
        path.write_text(json.dumps(tree, indent=1))
        with pytest.raises(ValidationError) as err:
            ci.load(path)
        (problem,) = err.value.problems
        assert (problem.path, problem.message) == ("indicators[0].observations[2].value", message)
        assert err.value.source == str(path)
        with pytest.raises(ValidationError) as err:
            Indicator(id="k", name="K", observations=tree["indicators"][0]["observations"])
        assert _problems(err) == [
            "observations[2].value: observations[0] gives the value 45 for 2025-01-01 (no "
            "reporter, the whole population), this observation 54: keep one of them (the two "
            "would be averaged into a value no one reported)"
        ]
        del tree["indicators"][0]["observations"][2]  # type: ignore[index]
        init = Initiative.from_dict(tree)  # the same report twice is one report
        frames = initiative_frames(init)
        frames["observations"].loc[1, "value"] = 54.0
        with pytest.raises(ValidationError) as err:
            initiative_from_frames(frames)
        assert [p.split(":")[0] for p in _problems(err)] == [
            "frames['observations'], row 1, column value"
        ]


class TestErrors:
    def test_every_problem_is_collected(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "partners.csv": "id,name,sector,colour\na,A,nonprofit,red\nb,B,goverment,\n",
                "goals.csv": 'id,statement,weight\ng,Goal,"0,5"\n',
                "ties.csv": "source,target,kind\na,bb,funding\n",
                "activities.csv": "id,name\nx,X\n",
                "partner.csv": "id\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        problems = _problems(err)
        assert err.value.source == str(folder)
        assert problems[0] == (  # beside partners.csv, a stray copy: no table offered
            "partner.csv: unknown file; a CSV bundle holds only " + ", ".join(BUNDLE_FILES)
        )
        expected = [
            "partners.csv, row 1, column D: unknown column 'colour'; the columns of partners.csv "
            "are id, name, sector, roles",
            "partners.csv, row 3, column sector: expected one of 'government', 'nonprofit', "
            "'business', 'philanthropy', 'community', 'academic', 'faith', 'other'; got "
            "'goverment' (did you mean 'government'?)",
            "goals.csv, row 2, column weight: expected a number, got '0,5'; use a dot as the "
            "decimal separator (0.5)",
            "activities.csv, row 1, column partners: missing required column 'partners'; the "
            "header row must name it (the columns of activities.csv are id, name, partners, "
            "strategy, populations, places, start, end)",
            "ties.csv, row 2, column target: unknown partner 'bb' (did you mean 'b'?)",
        ]
        assert problems[1:] == expected

    def test_a_name_for_an_id_is_told_the_id(self, tmp_path: Path) -> None:
        """A cell naming a partner, indicator or activity by its name ('Chicago Jobs Council'
        for cjc, as an export from another tool writes it) was refused as "unknown partner
        'Chicago Jobs Council'" with no hint; it is told the id to give, whatever the case and
        the spaces, and a name two partners share names both. A goal has no name: its
        statement in a reference gets the did-you-mean of an id."""
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "key,value\nname,Tiny\n",
                "partners.csv": "id,name,sector\ncjc,Chicago Jobs Council,nonprofit\n"
                "cha,Chicago Housing Authority,government\nz,Twin,business\ny,twin,business\n",
                "goals.csv": "id,statement,indicators\njobs,More jobs,k\n",
                "indicators.csv": "id,name\nk,Residents placed\n",
                "observations.csv": "indicator,date,value\nresidents placed,2025-01-01,1\n",
                "activities.csv": "id,name,partners\nx,Job fair,cha|chicago  jobs council\n",
                "contributions.csv": "activity,indicator,value\nJob Fair,k,0.5\n",
                "ties.csv": "source,target,kind\nChicago Jobs Council,cha,funding\n"
                "cha,TWIN,funding\n",
                "working_groups.csv": "id,name,members,goals\nw,W,cha,More jobs\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "observations.csv, row 2, column indicator: unknown indicator 'residents placed' "
            "(the name of indicator 'k'; give its id)",
            "activities.csv, row 2, column partners: unknown partner 'chicago  jobs council' "
            "(the name of partner 'cjc'; give its id)",
            "contributions.csv, row 2, column activity: unknown activity 'Job Fair' (the name "
            "of activity 'x'; give its id)",
            "ties.csv, row 2, column source: unknown partner 'Chicago Jobs Council' (the name "
            "of partner 'cjc'; give its id)",
            "ties.csv, row 3, column target: unknown partner 'TWIN' (the name of partners 'y' "
            "and 'z'; give the id of the one meant)",
            "working_groups.csv, row 2, column goals: unknown goal 'More jobs' (did you mean "
            "'jobs'?)",
        ]

    def test_several_values_in_one_cell_are_told_to_be_separated_with_a_bar(
        self, tmp_path: Path
    ) -> None:
        """A list cell typed with ',' or ';' ('health-dept, head-start') was one unknown value
        told "did you mean 'health-dept'?", dropping the other (found by a reviewer). When
        every part is a known id or choice (choices without regard to case), the cell to write
        is given; a single reference (a tie's source) and a part that names nothing keep the
        did-you-mean."""
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "key,value\nname,Tiny\n",
                "partners.csv": "id,name,sector,roles\nhealth-dept,Health,government,"
                '"backbone,funder"\nhead-start,Head Start,nonprofit,Funder; Champion\n'
                'c,C,nonprofit,"champion,fundr"\n',
                "activities.csv": 'id,name,partners\nx,X,"health-dept, head-start"\n'
                'y,Y,c|head-start;c\nz,Z,"health-dept, nobody"\n',
                "ties.csv": 'source,target\n"health-dept, c",head-start\n',
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        roles = "'backbone', 'funder', 'champion', 'data-partner', 'service-provider', "
        roles += "'steering-committee'"
        assert _problems(err) == [
            f"partners.csv, row 2, column roles: expected one of {roles}; got 'backbone,funder' "
            "(several values in one cell? separate them with '|': 'backbone|funder')",
            f"partners.csv, row 3, column roles: expected one of {roles}; got 'Funder; Champion'"
            " (several values in one cell? separate them with '|': 'funder|champion')",
            f"partners.csv, row 4, column roles: expected one of {roles}; got 'champion,fundr' "
            "(did you mean 'champion'?)",
            "activities.csv, row 2, column partners: unknown partner 'health-dept, head-start' "
            "(several values in one cell? separate them with '|': 'health-dept|head-start')",
            "activities.csv, row 3, column partners: unknown partner 'head-start;c' (several "
            "values in one cell? separate them with '|': 'c|head-start')",
            "activities.csv, row 4, column partners: unknown partner 'health-dept, nobody' "
            "(did you mean 'health-dept'?)",
            "ties.csv, row 2, column source: unknown partner 'health-dept, c' (did you mean "
            "'health-dept'?)",
        ]

    def test_the_cell_to_write_is_the_whole_cell(self, tmp_path: Path) -> None:
        """The cell to write was built from the one entry holding several values: 'c|a, b'
        was told to write 'a|b' (writing it dropped c), 'a, a' and roles 'backbone, Backbone'
        to write 'a|a' and 'backbone|backbone' (refused as duplicates; found by a reviewer).
        It is the whole cell, each such entry replaced by its values, repeats left out (as the
        reader compares them: roles without regard to case), in order."""
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "key,value\nname,Tiny\n",
                "partners.csv": 'id,name,sector,roles\na,A,nonprofit,"backbone, Backbone"\n'
                "b,B,nonprofit,\nc,C,nonprofit,champion|Funder;champion\n",
                "activities.csv": 'id,name,partners\nx,X,"c|a, b"\ny,Y,"a, a"\n'
                'z,Z,"c|a|c, b"\nw,W,"b, a|a; c"\n',
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        got = [p.split(": ", 1)[1].rsplit(" (", 1)[1] for p in _problems(err)]
        assert got == [
            "one value repeated in one entry? write the cell 'backbone')",
            "several values in one cell? separate them with '|': 'champion|funder')",
            "several values in one cell? separate them with '|': 'c|a|b')",
            "one value repeated in one entry? write the cell 'a')",
            "several values in one cell? separate them with '|': 'c|a|b')",
            "several values in one cell? separate them with '|': 'b|a|c')",
            "several values in one cell? separate them with '|': 'b|a|c')",
        ]
        # following each hint, the cells read
        (folder / "partners.csv").write_text(
            "id,name,sector,roles\na,A,nonprofit,backbone\nb,B,nonprofit,\n"
            "c,C,nonprofit,champion|funder\n"
        )
        (folder / "activities.csv").write_text(
            "id,name,partners\nx,X,c|a|b\ny,Y,a\nz,Z,c|a|b\nw,W,b|a|c\n"
        )
        assert len(read_csv_bundle(folder).activities) == 4

    def test_a_number_id_with_its_thousands_grouped(self, tmp_path: Path) -> None:
        """Among the partners 1, 500 and 1500, '1,500' was told to be written '1|500' (found
        by a reviewer): a spreadsheet groups 1500's thousands so. Where the number without its
        commas is an id, it is named; with both readings, both."""
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "key,value\nname,Tiny\n",
                "partners.csv": "id,name,sector\n1,A,nonprofit\n500,B,nonprofit\n"
                "1500,C,nonprofit\n2000,D,nonprofit\n",
                "activities.csv": 'id,name,partners\nx,X,"1,500"\ny,Y,"2,000"\n',
                "ties.csv": 'source,target\n"2,000",1500\n',
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "activities.csv, row 2, column partners: unknown partner '1,500' (did you mean "
            "'1500', with its thousands grouped? or several values in one cell? separate them "
            "with '|': '1|500')",
            "activities.csv, row 3, column partners: unknown partner '2,000' (did you mean "
            "'2000'?); also named at ties.csv row 2 column source",
        ]

    def test_a_date_and_time_is_told_the_date(self, tmp_path: Path) -> None:
        """An ISO date and time at midnight ('2022-09-30T00:00:00', as some tools export a date)
        was refused with no hint (found by a reviewer); it is still refused, told the date to
        write, and a time of day other than midnight is told it has one. No pandas advice in
        a bundle."""
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": "id,name\nk,K\n",
                "observations.csv": "indicator,date,value\nk,2022-09-30T00:00:00,1\n"
                "k,2022-10-31 00:00:00.000,2\nk,2022-11-30T08:15,3\nk,2022-02-30T00:00:00,4\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        at = "observations.csv, row {}, column date: expected a date (YYYY-MM-DD), got {!r} ({})"
        assert _problems(err) == [
            at.format(2, "2022-09-30T00:00:00", "a date and time at midnight: write the date "
                      "alone, 2022-09-30"),
            at.format(3, "2022-10-31 00:00:00.000", "a date and time at midnight: write the "
                      "date alone, 2022-10-31"),
            at.format(4, "2022-11-30T08:15", "a date with a time of day, 08:15: write the date "
                      "alone, 2022-11-30, if that day is meant"),
            at.format(5, "2022-02-30T00:00:00", "no such date: day is out of range for month"),
        ]  # fmt: skip

    def test_a_date_and_time_with_a_zone_or_no_time(self, tmp_path: Path) -> None:
        """A time zone (as pandas writes a column of datetimes with one) got no hint, and
        'T99:99:99' was called "a time of day, 99:99:99" (found by a reviewer). Still refused;
        midnight in its own zone is told the date."""
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": "id,name\nk,K\n",
                "observations.csv": "indicator,date,value\nk,2022-09-30T00:00:00Z,1\n"
                "k,2022-10-31 00:00:00+02:00,2\nk,2022-11-30T08:15-0500,3\n"
                "k,2022-12-31T99:99:99,4\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        at = "observations.csv, row {}, column date: expected a date (YYYY-MM-DD), got {!r} ({})"
        assert _problems(err) == [
            at.format(2, "2022-09-30T00:00:00Z", "a date and time at midnight in the time zone "
                      "Z: write the date alone, 2022-09-30"),
            at.format(3, "2022-10-31 00:00:00+02:00", "a date and time at midnight in the time "
                      "zone +02:00: write the date alone, 2022-10-31"),
            at.format(4, "2022-11-30T08:15-0500", "a date with a time of day, 08:15 in the time "
                      "zone -0500: write the date alone, 2022-11-30, if that day is meant"),
            at.format(5, "2022-12-31T99:99:99", "a date followed by 99:99:99, which is no time "
                      "of day: write the date alone, 2022-12-31, if that day is meant"),
        ]  # fmt: skip

    def test_dangling_references_map_to_their_rows(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": "id,name\nk,K\n",
                "observations.csv": "indicator,date,value,reported_by\n"
                "k,2025-01-01,1,a\nk,2025-02-01,2,zz\nq,2025-01-01,3,\n",
                "pathways.csv": "indicator,drives,weight\nk,m,0.5\nk,k,0.5\n",
                "activities.csv": "id,name,partners\nx,X,a|c\n",
                "contributions.csv": "activity,indicator,value\nx,kk,0.5\nx,k,2\ny,k,0.5\n",
                "working_groups.csv": "id,name,members,goals\nw,W,b,nope\n",
                "backbone.csv": "organization,project_manager,advance_policy\nzz,-1,mostly\n",
                "initiative.csv": "key,value\nname,Tiny\nchampions,a|q\nurgency,urgent\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "initiative.csv, row 3, column value: unknown partner 'q'",
            "initiative.csv, row 4, column value: expected one of 'low', 'medium', 'high'; got "
            "'urgent'",
            "pathways.csv, row 2, column drives: unknown indicator 'm'",
            "pathways.csv, row 3, column drives: an indicator cannot drive itself",
            # one problem for the missing partner 'zz', naming the other row that names it
            "observations.csv, row 3, column reported_by: unknown partner 'zz'; also named at "
            "backbone.csv row 2 column organization",
            "observations.csv, row 4, column indicator: unknown indicator 'q'",
            "activities.csv, row 2, column partners: unknown partner 'c'",
            "contributions.csv, row 2, column indicator: unknown indicator 'kk' (did you mean "
            "'k'?)",
            "contributions.csv, row 3, column value: expected a number in [-1, 1], got 2.0",
            "contributions.csv, row 4, column activity: unknown activity 'y'",
            "working_groups.csv, row 2, column goals: unknown goal 'nope'",
            "backbone.csv, row 2, column project_manager: expected a number in [0, inf), got -1.0",
            "backbone.csv, row 2, column advance_policy: expected one of 'none', 'partial', "
            "'strong'; got 'mostly'",
        ]

    def test_an_observation_of_an_unknown_indicator_has_its_other_cells_checked(
        self, tmp_path: Path
    ) -> None:
        """A row whose indicator is misspelt was dropped before its date and reporter were
        checked: only "unknown indicator 'reed'" was said, and once the id was fixed the
        ambiguous date and the unknown partner 'scj' came (found by a reviewer). Every cell
        of the row is checked now, at once, in row order, as in any other table; a reporter
        named by rows of known indicators too is one problem naming every row."""
        folder = _write(
            tmp_path,
            {
                "initiative.csv": "key,value\nname,My CI\n",
                "partners.csv": "id,name,sector\nuw,United Way,nonprofit\nsch,Schools,government\n",
                "indicators.csv": "id,name,unit\nread,Reading,percent\n",
                "observations.csv": "indicator,date,value,reported_by\n"
                "reed,01/03/2025,45,scj\nread,2025-01-02,45,zz\nreex,,abc,zz\n"
                "reed,2025-01-03,46,uw\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "observations.csv, row 2, column indicator: unknown indicator 'reed' (did you mean "
            "'read'?); also named at observations.csv row 5 column indicator",
            "observations.csv, row 2, column date: expected a date (YYYY-MM-DD), got "
            "'01/03/2025' (2025-03-01 or 2025-01-03? write the date as YYYY-MM-DD)",
            "observations.csv, row 2, column reported_by: unknown partner 'scj' (did you mean "
            "'sch'?)",
            "observations.csv, row 3, column reported_by: unknown partner 'zz'; also named at "
            "observations.csv row 4 column reported_by",
            "observations.csv, row 4, column indicator: unknown indicator 'reex'",
            "observations.csv, row 4, column date: required, but the cell is empty",
            "observations.csv, row 4, column value: expected a number, got 'abc'",
        ]

    @pytest.mark.parametrize(
        ("table", "typed"), [("indicators", "k-ready "), ("indicators", ""), ("activities", "")]
    )
    def test_a_bad_id_is_one_problem_not_one_per_reference(
        self, tmp_path: Path, table: str, typed: str
    ) -> None:
        """An indicator id typed "k-ready " (or left blank) was reported at its cell, and
        each of the 14 observations naming it reported "unknown indicator 'k-ready' (did you
        mean 'k-ready '?)", advice to change 14 correct cells to the refused id (found by a
        reviewer). One problem now, at the cell."""
        import csv

        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        path = folder / f"{table}.csv"
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        rows[1][rows[0].index("id")] = typed
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        (problem,) = _problems(info)
        assert problem.startswith(f"{table}.csv, row 2, column id: ")

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            (
                "groups",
                "observations.csv, row 1, column E: unknown column 'groups' (did you mean "
                "'group'?)",
            ),
            (
                "",
                "observations.csv, row 3, column E: this column has no name in the header row "
                "but holds 'low-income', and so do 31 more rows",
            ),
        ],
    )
    def test_a_broken_header_cell_is_one_problem(
        self, tmp_path: Path, name: str, expected: str
    ) -> None:
        """The header 'group' typed 'groups' gave 32 problems: the column, and 31 observations
        "given twice" once their groups were not read; cleared, 63 (found by a reviewer)."""
        import csv

        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        path = folder / "observations.csv"
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0][4] == "group"
        rows[0][4] = name
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        (problem,) = _problems(info)
        assert problem.startswith(expected)

    def test_a_column_of_notes_hides_no_other_problem(self, tmp_path: Path) -> None:
        """A column 'notes' beside the table is reported, and the rows' repeats it cannot
        explain are too: a role given twice in a cell, an observation given a second value
        (they were held back for any unknown column: found by a reviewer). Blank ids do not
        hide a typo of a known id either."""
        import csv

        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)

        def edit(name: str, change: Any) -> None:
            path = folder / name
            with path.open(newline="", encoding="utf-8") as f:
                rows = list(csv.reader(f))
            change(rows)
            with path.open("w", newline="", encoding="utf-8") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)

        def notes_and_repeats(rows: list[list[str]]) -> None:
            rows[0].append("notes")
            rows[1].append("a note")

        edit("observations.csv", notes_and_repeats)
        edit("observations.csv", lambda rows: rows.append([*rows[1][:2], "99", *rows[1][3:]]))
        edit("indicators.csv", lambda rows: rows[5].__setitem__(0, ""))
        edit("observations.csv", lambda rows: rows[2].__setitem__(0, "k-redy"))
        with pytest.raises(ValidationError) as info:
            read_csv_bundle(folder)
        found = _problems(info)
        assert any("unknown column 'notes'" in p for p in found)
        assert any("this observation 99: keep one of them" in p for p in found)
        assert any("unknown indicator 'k-redy' (did you mean 'k-ready'?)" in p for p in found)
        assert any(p.startswith("indicators.csv, row 6, column id: required") for p in found)

    def test_duplicates_name_the_first_row(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "partners.csv": "id,name,sector\na,A,nonprofit\nb,B,business\na,Again,faith\n",
                "ties.csv": "source,target\na,b\na,b\n",
                "indicators.csv": "id,name\nk,K\nm,M\n",
                "pathways.csv": "indicator,drives,weight\nk,m,0.5\nk,m,0.6\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 4, column id: duplicate partner id 'a' (first used at row 2)",
            "pathways.csv, row 3, column drives: 'k' and 'm' are already paired at row 2; keep "
            "one row per pair",
            "ties.csv, row 3: duplicate communication tie from 'a' to 'b' (first at row 2); "
            "merge them into one",
        ]

    def test_empty_required_cells_and_half_dated_values(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "partners.csv": "id,name,sector\na,,nonprofit\n",
                "indicators.csv": "id,name,baseline_date,baseline_value,target_date\n"
                "k,K,2024-01-01,,2025-13-01\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 2, column name: required, but the cell is empty",
            "indicators.csv, row 2, column baseline_value: give both baseline_date and "
            "baseline_value, or leave both blank",
            # the half given is still checked: its month 13 went unsaid beside "give both"
            "indicators.csv, row 2, column target_date: expected a date (YYYY-MM-DD), got "
            "'2025-13-01' (no such date: month must be in 1..12)",
            "indicators.csv, row 2, column target_value: give both target_date and "
            "target_value, or leave both blank",
        ]

    def test_a_cell_of_whitespace_alone_is_said_to_hold_it(self, tmp_path: Path) -> None:
        """A name cell holding one space was "required, but the cell is empty" (found by a
        reviewer): it is read as no value, and the message names what it holds, which does not
        show; an id cell too."""
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "partners.csv": "id,name,sector\na, ,nonprofit\nb,\u3000\u3000,business\n"
                'c,,nonprofit\n" ",D,nonprofit\n',
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 2, column name: required, but the cell holds only whitespace "
            "(U+0020 SPACE)",
            "partners.csv, row 3, column name: required, but the cell holds only whitespace "
            "(U+3000 IDEOGRAPHIC SPACE)",
            "partners.csv, row 4, column name: required, but the cell is empty",
            "partners.csv, row 5, column id: required, but the cell holds only whitespace "
            "(U+0020 SPACE)",
        ]

    def test_both_halves_of_a_dated_value_are_checked(self, tmp_path: Path) -> None:
        """A baseline value 'abc' hid its date's month 13 (found this session): each half of a
        baseline, target or observation is checked whatever the other holds, and the model's
        "no value" is not said again at the cell reported."""
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": "id,name,baseline_date,baseline_value,target_date,target_value\n"
                "k,K,2024-13-01,abc,2026-01-01,x\n",
                "observations.csv": "indicator,date,value\nk,2025-02-30,y\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "indicators.csv, row 2, column baseline_date: expected a date (YYYY-MM-DD), got "
            "'2024-13-01' (no such date: month must be in 1..12)",
            "indicators.csv, row 2, column baseline_value: expected a number, got 'abc'",
            "indicators.csv, row 2, column target_value: expected a number, got 'x'",
            "observations.csv, row 2, column date: expected a date (YYYY-MM-DD), got "
            "'2025-02-30' (no such date: day is out of range for month)",
            "observations.csv, row 2, column value: expected a number, got 'y'",
        ]

    def test_bad_date(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path, {**_MINIMAL, "activities.csv": "id,name,partners,start\nx,X,a,9/1/2024\n"}
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "activities.csv, row 2, column start: expected a date (YYYY-MM-DD), got '9/1/2024' "
            "(2024-01-09 or 2024-09-01? write the date as YYYY-MM-DD)"
        ]

    @pytest.mark.parametrize("text", ["20240901", "2024-W35-7"])
    def test_other_iso_forms_are_not_dates(self, tmp_path: Path, text: str) -> None:
        """date.fromisoformat reads 20240901 and 2024-W35-7 (1 September 2024) since Python
        3.11; a bundle's dates are written YYYY-MM-DD, so they are refused, not guessed."""
        folder = _write(
            tmp_path, {**_MINIMAL, "activities.csv": f"id,name,partners,start\nx,X,a,{text}\n"}
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            f"activities.csv, row 2, column start: expected a date (YYYY-MM-DD), got '{text}'"
        ]

    def test_missing_required_files(self, tmp_path: Path) -> None:
        folder = _write(tmp_path / "b", {"goals.csv": "id,statement\n"})
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "initiative.csv: missing required file",
            "partners.csv: missing required file",
        ]

    def test_a_folder_that_is_not_a_bundle_is_one_problem(self, tmp_path: Path) -> None:
        """``collective-impact assess /tmp`` printed 52 problems, one per file, each listing the
        13 files of a bundle (reported by a reviewer): a folder or an archive holding neither
        required file nor any file of a bundle is one problem."""
        folder = _write(tmp_path / "f", {"notes.txt": "x", "photo.png": "x", "data.csv": "a\n"})
        (folder / "sub").mkdir()
        with pytest.raises(FormatError) as err:
            read_csv_bundle(folder)
        assert str(err.value) == (
            f"{folder}: is a folder but not a CSV bundle (no initiative.csv or partners.csv)"
        )
        with pytest.raises(FormatError, match="is a folder but not a CSV bundle"):
            read_csv_bundle(_write(tmp_path / "empty", {}))
        archive = tmp_path / "a.zip"
        archive.write_bytes(_zip({"notes.txt": b"x", "data.csv": b"a\n"}))
        with pytest.raises(FormatError) as err:
            read_csv_bundle(archive)
        assert str(err.value) == (
            f"{archive}: is a .zip archive but not a CSV bundle (no initiative.csv or partners.csv)"
        )

    def test_the_files_a_bundle_holds_are_listed_once(self, tmp_path: Path) -> None:
        """A bundle with stray files: each is a problem, the files of a bundle listed once (at
        the first); a folder whose required files are only misspelt is a bundle, each name
        with its did-you-mean."""
        holds = "; a CSV bundle holds only " + ", ".join(BUNDLE_FILES)
        folder = _write(tmp_path / "b", {**_MINIMAL, "README.txt": "", "tie.csv": "", "z.txt": ""})
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "README.txt: unknown file" + holds,
            "tie.csv: unknown file (did you mean 'ties.csv'?)",
            "z.txt: unknown file",
        ]
        misspelt = {"initiatives.csv": "key,value\nname,n\n", "partner.csv": "id,name,sector\n"}
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(_write(tmp_path / "m", misspelt))
        assert _problems(err) == [
            "initiative.csv: missing required file",
            "partners.csv: missing required file",
            "initiatives.csv: unknown file (did you mean 'initiative.csv'?)" + holds,
            "partner.csv: unknown file (did you mean 'partners.csv'?)",
        ]

    def test_an_unknown_file_is_offered_only_a_missing_table(self, tmp_path: Path) -> None:
        """notes.csv was told "did you mean 'ties.csv'?" beside ties.csv (found by a
        reviewer): the did-you-mean was found before every file was known. A file present is
        never offered; ties.csv renamed 'ties 2024.csv' is offered ties.csv (its name holds
        it), and notes.csv, close to it, is still not."""
        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("workforce"), folder)
        (folder / "notes.csv").write_text("note\ncall Ana\n", encoding="utf-8")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert [p.split(";")[0] for p in _problems(err)] == ["notes.csv: unknown file"]
        (folder / "ties.csv").rename(folder / "ties 2024.csv")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert [p.split(";")[0] for p in _problems(err)] == [
            "notes.csv: unknown file",
            "ties 2024.csv: unknown file (did you mean 'ties.csv'?)",
        ]

    def test_a_near_spelling_is_offered_a_table_another_name_holds(self, tmp_path: Path) -> None:
        """ties.csv kept as 'ties (old).csv' and the live file mistyped 'tie.csv': the copy
        was offered ties.csv, and tie.csv nothing (found by a reviewer). Either may be ties.csv
        renamed: both are offered it; notes.csv, far from it, is not."""
        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("workforce"), folder)
        ties = (folder / "ties.csv").read_bytes()
        (folder / "ties (old).csv").write_bytes(ties)
        (folder / "ties.csv").rename(folder / "tie.csv")
        (folder / "notes.csv").write_text("note\ncall Ana\n", encoding="utf-8")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert [p.split(";")[0] for p in _problems(err)] == [
            "notes.csv: unknown file",
            "tie.csv: unknown file (did you mean 'ties.csv'?)",
            "ties (old).csv: unknown file (did you mean 'ties.csv'?)",
        ]

    @pytest.mark.parametrize(
        ("file", "renamed", "kind"),
        [
            ("indicators.csv", "indicator.csv", "indicators"),
            ("activities.csv", "Activity.csv", "activities"),
            ("goals.csv", "goal.csv", "goals"),
        ],
    )
    def test_a_renamed_file_is_one_problem(
        self, tmp_path: Path, file: str, renamed: str, kind: str
    ) -> None:
        """indicators.csv renamed indicator.csv gave its unknown file and 18 unknown
        indicators of the goals, pathways, observations and contributions: they follow from
        the name, as for partners.csv renamed."""
        folder = tmp_path / "b"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        (folder / file).rename(folder / renamed)
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            f"{renamed}: unknown file (did you mean {file!r}?); the references to its {kind} "
            "are not checked until it is renamed; a CSV bundle holds only "
            + ", ".join(BUNDLE_FILES)
        ]

    def test_initiative_keys(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {**_MINIMAL, "initiative.csv": "key,value\nnmae,Tiny\nurgency,high\nurgency,low\n"},
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "initiative.csv: missing the required key 'name' (a row: name,<the name>)",
            "initiative.csv, row 2, column key: unknown key 'nmae' (did you mean 'name'?); the "
            "keys of initiative.csv are name, description, problem, as_of, champions, "
            "funding_secured_until, urgency",
            "initiative.csv, row 4, column key: the key 'urgency' is already given at row 3; "
            "keep one",
        ]

    def test_extra_and_unnamed_cells(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {**_MINIMAL, "partners.csv": "id,name,,sector\na,A,x,nonprofit,extra\n"},
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 2: the row has 5 cells but the header row names only 4 columns; "
            "the extra cells are not blank",
            "partners.csv, row 2, column C: this column has no name in the header row but holds "
            "'x'; name the column or clear it",
        ]

    def test_unreadable_files(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "goals.csv": b"id,statement\ng,caf\xe9\n",
                "ties.csv": _zip({"[Content_Types].xml": b"", "xl/workbook.xml": b""}),
                "activities.csv": b"",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "goals.csv: the file is not UTF-8 text (invalid byte at offset 18, line 2); "
            "save it as 'CSV UTF-8'",
            "activities.csv: the file is empty; its first row must name the columns (id, name, "
            "partners, strategy, populations, places, start, end)",
            "ties.csv: this is an Excel workbook (.xlsx), not CSV text; save it as 'CSV UTF-8'",
        ]

    def test_not_a_bundle(self, tmp_path: Path) -> None:
        with pytest.raises(MissingFileError):
            read_csv_bundle(tmp_path / "nowhere")
        (tmp_path / "x.yaml").write_text("name: x\n")
        with pytest.raises(FormatError, match=r"not a folder or a \.zip"):
            read_csv_bundle(tmp_path / "x.yaml")
        with pytest.raises(WriteError, match="it is a file") as err:
            write_csv_bundle(ci.load_example("workforce"), tmp_path / "x.yaml")
        assert str(err.value) == (
            f"{tmp_path / 'x.yaml'}: cannot write it: it is a file; a CSV bundle is written to a "
            "folder, or to a path ending in .zip; nothing was written"
        )
        assert (tmp_path / "x.yaml").read_text() == "name: x\n"

    @pytest.mark.parametrize(
        "name", ["initiative.yaml", "out.JSON", "book.xlsx", "p.csv", "graph.gexf", "c.jsonld"]
    )
    def test_written_under_a_file_suffix(self, tmp_path: Path, name: str) -> None:
        """A bundle is a folder: ``write_csv_bundle(init, "x.yaml")`` made a folder so named."""
        with pytest.raises(WriteError, match=r"written to a folder or a \.zip file") as err:
            write_csv_bundle(ci.load_example("workforce"), tmp_path / name)
        assert err.value.path == str(tmp_path / name)
        assert list(tmp_path.iterdir()) == []
        # a folder that is already there is a folder, whatever its name
        (tmp_path / name).mkdir()
        write_csv_bundle(ci.load_example("workforce"), tmp_path / name)
        assert read_csv_bundle(tmp_path / name) == ci.load_example("workforce")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


class TestZipSecurity:
    def test_path_escape_is_refused(self, tmp_path: Path) -> None:
        minimal = {k: v.encode() for k, v in _MINIMAL.items()}
        for evil in ("../evil.csv", "/etc/evil.csv", "a/../../evil.csv", "C:\\evil.csv"):
            path = tmp_path / "evil.zip"
            path.write_bytes(_zip({**minimal, evil: b"id\n"}))
            with pytest.raises(FormatError, match="escape"):
                read_csv_bundle(path)
        assert not (tmp_path.parent / "evil.csv").exists()

    def test_bomb_is_refused_fast(self, tmp_path: Path) -> None:
        path = tmp_path / "bomb.zip"
        path.write_bytes(
            _zip(
                {
                    **{k: v.encode() for k, v in _MINIMAL.items()},
                    "partners.csv": b"id,name,sector\n" + b" " * (20 << 20),
                }
            )
        )
        start = time.perf_counter()
        with pytest.raises(FormatError, match="decompression bomb"):
            read_csv_bundle(path)
        with pytest.raises(FormatError, match="decompression bomb"):
            read_csv_bundle(path, max_ratio=None, max_bytes=1 << 20)
        assert time.perf_counter() - start < 1.0

    def test_bomb_has_the_code_of_a_file_too_large(self, tmp_path: Path) -> None:
        """A bundle's decompression bomb had no problem code, where the workbook's has
        ``too-large`` (a tool sorting problems by code could not tell it from a malformed
        archive); and its limit was written with ``:g`` (``max_ratio=1000``: "more than 1000",
        beside "1,029 times"). The code is now the workbook's; the limit is written as entered,
        with thousands separated as the ratio beside it (deflate compresses spaces about
        1,029 times at most, so larger limits cannot be reached)."""
        path = tmp_path / "bomb.zip"
        member = b"id,name,sector\n" + b" " * (40 << 20)
        path.write_bytes(
            _zip({**{k: v.encode() for k, v in _MINIMAL.items()}, "partners.csv": member})
        )
        with pytest.raises(FormatError) as info:
            read_csv_bundle(path, max_ratio=1000, max_bytes=None)
        assert info.value.code is ProblemCode.TOO_LARGE
        assert "(more than 1,000): a decompression bomb?" in str(info.value)

    def test_lying_header_is_refused(self, tmp_path: Path) -> None:
        body = b"id,name,sector\n" + b"a,A,nonprofit\n" * 5000
        data = bytearray(_zip({"initiative.csv": b"key,value\nname,x\n", "partners.csv": body}))
        # shrink the declared uncompressed size of partners.csv in both of its headers
        declared = len(body).to_bytes(4, "little")
        assert data.count(declared) == 2
        data = data.replace(declared, (100).to_bytes(4, "little"))
        path = tmp_path / "liar.zip"
        path.write_bytes(bytes(data))
        with pytest.raises(FormatError):
            read_csv_bundle(path)

    def test_too_many_members(self, tmp_path: Path) -> None:
        path = tmp_path / "many.zip"
        path.write_bytes(_zip({f"f{i}.csv": b"" for i in range(1001)}))
        with pytest.raises(FormatError, match="1,001 members"):
            read_csv_bundle(path)

    def test_folder_size_limit(self, tmp_path: Path) -> None:
        folder = _write(tmp_path, _MINIMAL)
        with pytest.raises(FormatError, match="more than 10 bytes"):
            read_csv_bundle(folder, max_bytes=10)

    def test_damaged_zip(self, tmp_path: Path) -> None:
        data = _zip({k: v.encode() for k, v in _MINIMAL.items()})
        path = tmp_path / "damaged.zip"
        path.write_bytes(data[:-30])
        with pytest.raises(FormatError):
            read_csv_bundle(path)

    def test_a_zip_cut_short_is_called_damaged(self, tmp_path: Path) -> None:
        """A .zip cut in half (a download cut short) was called "not a folder or a .zip
        archive of CSV files" (reported by a reviewer): it starts as a .zip, so it is named a
        damaged one; a file that is no .zip at all is still named so."""
        bundle = tmp_path / "b.zip"
        write_csv_bundle(ci.load_example("workforce"), bundle)
        data = bundle.read_bytes()
        cut = tmp_path / "cut.zip"
        cut.write_bytes(data[: len(data) // 2])
        with pytest.raises(FormatError) as err:
            read_csv_bundle(cut)
        assert err.value.message == (
            "a damaged .zip archive: it starts as one, but its table of contents, at its end, "
            "is missing (was the file cut short, in a download or a copy?); make or copy the "
            "archive again"
        )
        (tmp_path / "other.zip").write_bytes(b"hello")
        with pytest.raises(FormatError, match=r"not a folder or a \.zip archive of CSV files"):
            read_csv_bundle(tmp_path / "other.zip")


def test_unsupported_compression_method_is_named(tmp_path: Path) -> None:
    """A member compressed with a method zipfile cannot read (here: 99, AES) is refused by
    name before anything is decompressed."""
    import zipfile as zf

    bundle = tmp_path / "odd.zip"
    write_csv_bundle(ci.load_example("workforce"), bundle)
    data = bytearray(bundle.read_bytes())
    # patch the compression method (offset 8 of each local header, 10 of each central header)
    with zf.ZipFile(bundle) as archive:
        first = archive.infolist()[0]
    data[first.header_offset + 8 : first.header_offset + 10] = (99).to_bytes(2, "little")
    central = data.find(b"PK\x01\x02")
    data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    bundle.write_bytes(bytes(data))
    with pytest.raises(ci.FormatError, match="method Python's zipfile cannot read"):
        read_csv_bundle(bundle)


class TestCascades:
    """A file that fails at its root is one problem, not one per reference to its ids."""

    @staticmethod
    def bundle(tmp_path: Path) -> Path:
        folder = tmp_path / "bundle"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        return folder

    @staticmethod
    def edit(path: Path, old: str, new: str, encoding: str = "utf-8") -> None:
        text = path.read_bytes().decode("utf-8")
        assert old in text
        path.write_bytes(text.replace(old, new, 1).encode(encoding))

    def test_cp1252_partners(self, tmp_path: Path) -> None:
        """One ``é`` saved by Excel as cp1252: the file and the byte, no unknown partners."""
        folder = self.bundle(tmp_path)
        partners = folder / "partners.csv"
        self.edit(partners, "Example Public Schools", "Example Public Écoles", "cp1252")
        offset = partners.read_bytes().index(b"\xc9")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            f"partners.csv: the file is not UTF-8 text (invalid byte at offset {offset}, line 3); "
            "save it as 'CSV UTF-8'"
        ]

    def test_renamed_id_header(self, tmp_path: Path) -> None:
        folder = self.bundle(tmp_path)
        self.edit(folder / "partners.csv", "id,name", "identifier,name")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 1, column A: unknown column 'identifier' (did you mean 'id'?); "
            "the required column 'id' is missing (the columns of partners.csv are id, name, "
            "sector, roles)"
        ]

    def test_upper_case_id_header_is_the_id(self, tmp_path: Path) -> None:
        folder = self.bundle(tmp_path)
        self.edit(folder / "partners.csv", "id,name", "ID,Name")
        assert ci.load_example("cradle-to-career") == read_csv_bundle(folder)

    def test_root_cause_comes_first(self, tmp_path: Path) -> None:
        folder = self.bundle(tmp_path)
        self.edit(folder / "initiative.csv", "name,", "nmae,")
        self.edit(folder / "indicators.csv", "id,name", "key,name")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        problems = _problems(err)
        assert problems[0].startswith(
            "indicators.csv, row 1, column A: unknown column 'key' (did you mean 'id'?)"
        )
        assert problems[1:] == [
            "initiative.csv: missing the required key 'name' (a row: name,<the name>)",
            "initiative.csv, row 2, column key: unknown key 'nmae' (did you mean 'name'?); the "
            "keys of initiative.csv are name, description, problem, as_of, champions, "
            "funding_secured_until, urgency",
        ]

    def test_misspelt_key_header_is_the_only_problem(self, tmp_path: Path) -> None:
        """``kee,value``: the reader also reported "missing the required key 'name'", first,
        although it only follows from the header."""
        folder = self.bundle(tmp_path)
        self.edit(folder / "initiative.csv", "key,value", "kee,value")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "initiative.csv, row 1, column A: unknown column 'kee' (did you mean 'key'?); the "
            "required column 'key' is missing (the columns of initiative.csv are key, value)"
        ]

    @pytest.mark.parametrize(
        ("file", "header", "typed", "said"),
        [
            (
                "indicators.csv",
                "baseline_date",
                "baseline date",
                "I: unknown column 'baseline date'",
            ),
            ("indicators.csv", "target_value", "target value", "L: unknown column 'target value'"),
            ("indicators.csv", ",level,", ",levl,", "E: unknown column 'levl'"),
        ],
    )
    def test_a_misread_column_is_the_only_problem(
        self, tmp_path: Path, file: str, header: str, typed: str, said: str
    ) -> None:
        """An optional column misspelt (found by a reviewer): 'baseline date' added "give both
        baseline_date and baseline_value" at every indicator's row, 'levl' "only performance
        measures (level: performance) have a quadrant" and "... inform others" at two rows.
        The header is the problem: what follows from the column's absence is not."""
        folder = self.bundle(tmp_path)
        self.edit(folder / file, header, typed)
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        problems = _problems(err)
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"{file}, row 1, column {said}")

    def test_a_misread_column_hides_no_problem_of_its_own(self, tmp_path: Path) -> None:
        """What does not follow from the unread column is reported (a fresh-eyes reviewer):
        a target equal to its baseline beside a misspelt 'directon' (whose advice says "as
        direction says"), and a genuine repeated observation beside a column named twice
        (which says nothing of the column meant)."""
        folder = self.bundle(tmp_path)
        path = folder / "indicators.csv"
        rows = path.read_bytes().decode().split("\r\n")
        header = rows[0].split(",")
        at = {c: header.index(c) for c in ("baseline_value", "target_value")}
        row = next(r for r in rows[1:] if r.split(",")[at["baseline_value"]])
        cells = row.split(",")
        cells[at["target_value"]] = cells[at["baseline_value"]]
        rows[rows.index(row)] = ",".join(cells)
        path.write_bytes("\r\n".join(rows).replace(",direction,", ",directon,", 1).encode())
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        problems = _problems(err)
        assert problems[0].startswith("indicators.csv, row 1, column D: unknown column 'directon'")
        assert len(problems) == 2
        assert "equals the baseline" in problems[1]

        folder = self.bundle(tmp_path / "again")
        path = folder / "observations.csv"
        rows = path.read_bytes().decode().split("\r\n")
        header = rows[0].split(",")
        value = header.index("value")
        copy = rows[1].split(",")
        copy[value] = "99"
        rows.insert(2, ",".join(copy))
        rows[0] = ",".join([*header, "value"])  # the column named twice
        path.write_bytes("\r\n".join(rows).encode())
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        problems = _problems(err)
        assert "column 'value' appears twice" in problems[0]
        assert any("row 3" in p and "99" in p for p in problems[1:]), problems

    @pytest.mark.parametrize(
        ("header", "typed", "cells", "also"),
        [
            # a quadrant and an informs wrong in themselves, beside a misspelt level
            (
                "level",
                "levl",
                {"level": "performance", "quadrant": "how-badly", "informs": "k-ready|nope"},
                [
                    "row 2, column quadrant: expected one of 'how-much', 'how-well', "
                    "'better-off'; got 'how-badly'",
                    "row 2, column informs: unknown indicator 'nope'",
                ],
            ),
            # a target without a baseline: its direction is in the column misspelt
            ("direction", "directoin", {"target_date": "2030-01-01", "target_value": "5"}, []),
            # a baseline whose value column is misspelt: no "target without a baseline"
            (
                "baseline_value",
                "baseline value",
                {
                    "baseline_date": "2020-01-01",
                    "baseline_value": "3",
                    "target_date": "2030-01-01",
                    "target_value": "5",
                },
                [],
            ),
            # a row with no baseline at all breaks the rule whatever the header: said
            (
                "baseline_value",
                "baseline value",
                {"target_date": "2030-01-01", "target_value": "5"},
                [
                    "row 2, column direction: a target without a baseline needs a direction: "
                    "set direction: increase (higher values are better) or decrease, or give "
                    "the baseline the target is set against"
                ],
            ),
            # the date of a baseline whose value column is misspelt is still checked
            (
                "baseline_value",
                "baseline value",
                {"direction": "increase", "baseline_date": "zzz"},
                ["row 2, column baseline_date: expected a date (YYYY-MM-DD), got 'zzz'"],
            ),
        ],
    )
    def test_what_follows_from_a_misspelt_column_and_only_that_is_quiet(
        self,
        tmp_path: Path,
        header: str,
        typed: str,
        cells: dict[str, str],
        also: list[str],
    ) -> None:
        """A fresh-eyes reviewer's cases: every problem at a quadrant or informs was quiet
        beside 'levl', not only "only performance measures have a quadrant"; "a target
        without a baseline needs a direction" was said beside 'directoin' and 'baseline
        value'; a bad baseline date was lost beside 'baseline value'."""
        folder = self.bundle(tmp_path)
        path = folder / "indicators.csv"
        rows = path.read_bytes().decode().split("\r\n")
        columns = rows[0].split(",")
        row = {"id": "new", "name": "New", "unit": "count", **cells}
        rows.insert(1, ",".join(row.get(c, "") for c in columns))
        rows[0] = rows[0].replace(header, typed, 1)
        path.write_bytes("\r\n".join(rows).encode())
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        problems = _problems(err)
        assert problems[0].startswith("indicators.csv, row 1, column ")
        assert f"unknown column {typed!r}" in problems[0]
        assert problems[1:] == [f"indicators.csv, {p}" for p in also]

    def test_a_table_without_its_header_row_is_one_problem(self, tmp_path: Path) -> None:
        """partners.csv without its header row: its first partner's values were read as
        four unknown columns, then three missing columns, the missing 'id' fifth (found by a
        reviewer). One problem says the header names no column and may be missing; the
        partners' ids unknown, nothing that names one is reported."""
        folder = self.bundle(tmp_path)
        path = folder / "partners.csv"
        path.write_bytes(path.read_bytes().split(b"\r\n", 1)[1])
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 1: the header row names none of the columns (id, name, sector, "
            "roles): it holds 'united-way', 'United Way of Example County', 'nonprofit', ...; "
            "name the columns in the first row, or, if that row is data, insert the header row "
            "above it"
        ]

    @pytest.mark.parametrize("title", ["Ties export", "Ties export" + "," * 10])
    def test_title_line_above_the_header(self, tmp_path: Path, title: str) -> None:
        """A title line above the header of ties.csv (typed, or saved by Excel with the sheet's
        width): one problem per data row (10,000 rows, 10,000 problems) for its cells beyond
        the 'header' (the real header row among them); then the header's problems and one
        counting the rows (four, of one cause); now that one alone."""
        folder = self.bundle(tmp_path)
        path = folder / "ties.csv"
        header = path.read_bytes().split(b"\r\n")[0]
        rows = b"".join(b"cha,mowd,communication,%d,,,,,,,\r\n" % i for i in range(9_999))
        path.write_bytes(f"{title}\r\n".encode() + header + b"\r\n" + rows)
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        problems = _problems(err)
        assert problems[0] == (
            "ties.csv, row 1: 10,000 data rows (the first at row 2) have cells in columns this "
            "header row does not name; the header row must be the first row of the file (is a "
            "title line above it?)"
        )
        assert len(problems) == 1  # not also "unknown column", "missing source", "... target"

    def test_title_line_above_initiative_header(self, tmp_path: Path) -> None:
        folder = self.bundle(tmp_path)
        path = folder / "initiative.csv"
        path.write_bytes(b"Export\r\n" + path.read_bytes())
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert [p.split(":")[0] for p in _problems(err)] == [
            "initiative.csv, row 1",
        ]  # no "unknown column", "missing column key"..., nor "missing the required key 'name'"

    def test_a_file_given_twice_fails_alone(self, tmp_path: Path) -> None:
        """``Partners.csv`` (an older export) beside ``partners.csv``: the older one was read,
        the other reported as appearing twice, and every reference to a partner the older one
        lacks reported too (90 problems for the workforce example)."""
        folder = tmp_path / "bundle"
        write_csv_bundle(ci.load_example("workforce"), folder)
        (folder / "Partners.csv").write_text("id,name,sector\nx,X,other\n")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv: 2 files have this name: 'Partners.csv', 'partners.csv' (the names "
            "differ only in case or spaces); keep one"
        ]

    def test_missing_or_unreadable_files(self, tmp_path: Path) -> None:
        folder = self.bundle(tmp_path)
        (folder / "partners.csv").unlink()
        (folder / "activities.csv").write_bytes(b"id,name\0")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv: missing required file",
            "activities.csv: this is a binary file (a NUL byte at offset 7), not CSV text",
        ]

    def test_missing_owner_column(self, tmp_path: Path) -> None:
        folder = self.bundle(tmp_path)
        self.edit(folder / "observations.csv", "indicator,", "measure,")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert len(_problems(err)) == 1
        assert "the required column 'indicator' is missing" in _problems(err)[0]

    def test_excel_lock_file_is_ignored(self, tmp_path: Path) -> None:
        folder = self.bundle(tmp_path)
        (folder / "~$partners.csv").write_bytes(b"\x05jane\0\0\0")
        assert ci.load_example("cradle-to-career") == read_csv_bundle(folder)
        archive = tmp_path / "bundle.zip"
        files = {p.name: p.read_bytes() for p in folder.iterdir()}
        archive.write_bytes(_zip(files))
        assert ci.load_example("cradle-to-career") == read_csv_bundle(archive)

    def test_workbook_given_as_a_bundle(self, tmp_path: Path) -> None:
        book = tmp_path / "initiative.xlsx"
        book.write_bytes(
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
        )
        with pytest.raises(FormatError) as err:
            read_csv_bundle(book)
        assert err.value.message.startswith(
            "this is an Excel workbook, not a CSV bundle folder or .zip; save each sheet as "
            "'CSV UTF-8'"
        )


class TestOneDescription:
    """The writer, the reader, the frames and the graph take their columns from ``_tables``."""

    def test_ties_columns_are_described_once(self, tmp_path: Path) -> None:
        pytest.importorskip("pandas")
        from collective_impact.frames import initiative_frames
        from collective_impact.io._tables import TIES

        init = ci.load_example("cradle-to-career")
        write_csv_bundle(init, tmp_path)
        header = (tmp_path / "ties.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        frame = initiative_frames(init)["ties"]
        assert list(frame.columns) == list(TIES.names) == header == list(BUNDLE_FILES["ties.csv"])

    def test_a_new_tie_column_is_one_edit(self, tmp_path: Path) -> None:
        """One column added to the description reaches the writer, the reader and the frames.

        The model has no field ``note``, so the reader hands the column to the model, which
        refuses it at its cell: the reader took the column from the description too.
        """
        pandas = pytest.importorskip("pandas")
        from collective_impact.frames import initiative_frames
        from collective_impact.io._tables import TEXT, TIES, Column

        init = ci.load_example("workforce")
        note = Column("note", TEXT, get=lambda tie: f"{tie.source}>{tie.target}")
        original = TIES.columns
        object.__setattr__(TIES, "columns", (*original, note))  # the one edit (TIES is frozen)
        try:
            write_csv_bundle(init, tmp_path)
            frame = initiative_frames(init)["ties"]
            with pytest.raises(ValidationError) as info:
                read_csv_bundle(tmp_path)
        finally:
            object.__setattr__(TIES, "columns", original)
        lines = (tmp_path / "ties.csv").read_text(encoding="utf-8").splitlines()
        tie = init.ties[0]
        assert lines[0].endswith(",note")
        assert lines[1].endswith(f",{tie.source}>{tie.target}")
        assert frame["note"].tolist() == [f"{t.source}>{t.target}" for t in init.ties]
        assert frame["note"].dtype == pandas.Series([], dtype="object").dtype
        assert {p.path for p in info.value.problems} >= {"ties.csv, row 2, column note"}


def _minimal_zip(method: int, extra: list[tuple[str, bytes]] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in [*((k, v.encode()) for k, v in _MINIMAL.items()), *(extra or [])]:
            archive.writestr(name, data)
    return buffer.getvalue()


def _set_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Patch the uncompressed size of ``member`` in its local and central headers."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    out[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    pos = out.find(b"PK\x01\x02")
    while pos >= 0:
        length = int.from_bytes(out[pos + 28 : pos + 30], "little")
        if out[pos + 46 : pos + 46 + length] == member.encode():
            out[pos + 24 : pos + 28] = size.to_bytes(4, "little")
        pos = out.find(b"PK\x01\x02", pos + 46)
    return bytes(out)


_METHODS = [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]


class TestZipMethods:
    """Every method zipfile reads is decompressed in bounded steps and checked."""

    @pytest.mark.parametrize("method", _METHODS)
    def test_reads_every_method(self, tmp_path: Path, method: int) -> None:
        path = tmp_path / "b.zip"
        path.write_bytes(_minimal_zip(method))
        assert [p.id for p in read_csv_bundle(path).partners] == ["a", "b"]

    @pytest.mark.parametrize("method", _METHODS)
    def test_header_that_understates_the_size(self, tmp_path: Path, method: int) -> None:
        body = b"id,name,sector\n" + b"a,A,nonprofit\n" * 20_000
        data = _minimal_zip(method, [("ties.csv", body)])
        path = tmp_path / "b.zip"
        path.write_bytes(_set_declared_size(data, "ties.csv", 10))
        with pytest.raises(FormatError) as info:
            read_csv_bundle(path, max_ratio=None)
        assert info.value.message == (
            "the member 'ties.csv' is larger than its header says; refusing to read it"
        )

    @pytest.mark.parametrize("method", _METHODS)
    def test_header_that_overstates_the_size(self, tmp_path: Path, method: int) -> None:
        data = _minimal_zip(method)
        path = tmp_path / "b.zip"
        path.write_bytes(_set_declared_size(data, "partners.csv", 1000))
        with pytest.raises(FormatError, match=r"'partners\.csv' is smaller than its header says"):
            read_csv_bundle(path)

    def test_crc_mismatch(self, tmp_path: Path) -> None:
        data = bytearray(_minimal_zip(zipfile.ZIP_STORED))
        data[data.find(b"a,A,nonprofit")] = ord("c")
        path = tmp_path / "b.zip"
        path.write_bytes(bytes(data))
        with pytest.raises(FormatError, match=r"'partners\.csv' is damaged \(its CRC-32"):
            read_csv_bundle(path)

    @pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
    def test_damaged_member(self, tmp_path: Path, method: int) -> None:
        body = bytes(range(256)) * 400  # incompressible enough to span several blocks
        data = _minimal_zip(method, [("ties.csv", body)])
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("ties.csv")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        cut = bytearray(data)
        cut[start + info.compress_size // 2 : start + info.compress_size] = bytes(
            info.compress_size - info.compress_size // 2
        )
        path = tmp_path / "b.zip"
        path.write_bytes(bytes(cut))
        with pytest.raises(FormatError):
            read_csv_bundle(path)

    def test_bzip2_bomb_with_a_lying_header_is_stopped_early(self, tmp_path: Path) -> None:
        """A few hundred bytes of bzip2 make 64 MiB; zipfile would decompress them at once."""
        import bz2

        bomb = bz2.compress(b"\0" * (64 << 20))
        data = _minimal_zip(zipfile.ZIP_BZIP2, [("ties.csv", b"x" * 100)])
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("ties.csv")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        assert data.find(b"PK\x01\x02") == start + info.compress_size  # the last member
        out = bytearray(data[:start] + bomb + data[start + info.compress_size :])
        delta = len(bomb) - info.compress_size
        out[info.header_offset + 18 : info.header_offset + 22] = len(bomb).to_bytes(4, "little")
        central = out.find(b"PK\x01\x02", start + len(bomb))
        while central >= 0:
            length = int.from_bytes(out[central + 28 : central + 30], "little")
            if out[central + 46 : central + 46 + length] == b"ties.csv":
                out[central + 20 : central + 24] = len(bomb).to_bytes(4, "little")
            central = out.find(b"PK\x01\x02", central + 46)
        eocd = out.rfind(b"PK\x05\x06")
        offset = int.from_bytes(out[eocd + 16 : eocd + 20], "little") + delta
        out[eocd + 16 : eocd + 20] = offset.to_bytes(4, "little")
        path = tmp_path / "bomb.zip"
        path.write_bytes(bytes(out))
        start_time = time.perf_counter()
        with pytest.raises(FormatError, match=r"'ties\.csv' is larger than its header says"):
            read_csv_bundle(path, max_bytes=None, max_ratio=None)
        assert time.perf_counter() - start_time < 1.0

    def test_lzma_dictionary_is_capped(self, tmp_path: Path) -> None:
        """A header asking for a 4 GiB dictionary reads with one no larger than the member."""
        data = bytearray(_minimal_zip(zipfile.ZIP_LZMA))
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            infos = archive.infolist()
        for info in infos:
            start = info.header_offset + 30 + len(info.filename) + len(info.extra)
            data[start + 5 : start + 9] = (0xFFFFFFFF).to_bytes(4, "little")
        path = tmp_path / "b.zip"
        path.write_bytes(bytes(data))
        assert len(read_csv_bundle(path).partners) == 2


class TestHostileBundles:
    def test_duplicate_member(self, tmp_path: Path) -> None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
            data = _minimal_zip(zipfile.ZIP_DEFLATED, [("partners.csv", b"id,name,sector\n")])
        path = tmp_path / "dup.zip"
        path.write_bytes(data)
        with pytest.raises(FormatError) as info:
            read_csv_bundle(path)
        assert str(info.value) == (
            f"{path}: the archive has several members named 'partners.csv'; which one a "
            "program reads is undefined, so the archive is refused"
        )

    def test_named_pipe_as_bundle(self, tmp_path: Path) -> None:
        import os

        os.mkfifo(tmp_path / "b.zip")
        with pytest.raises(FormatError, match=r"not a folder or a regular file \(a named pipe\)"):
            read_csv_bundle(tmp_path / "b.zip")

    def test_named_pipe_in_a_bundle(self, tmp_path: Path) -> None:
        import os

        folder = _write(tmp_path / "b", {"initiative.csv": _MINIMAL["initiative.csv"]})
        os.mkfifo(folder / "partners.csv")
        os.mkfifo(folder / "notes")  # not a bundle file: named, never opened
        with pytest.raises(FormatError) as info:
            read_csv_bundle(folder)
        assert str(info.value) == f"{folder}/partners.csv: not a regular file (a named pipe)"

    def test_symbolic_link_loop_in_a_bundle(self, tmp_path: Path) -> None:
        folder = _write(tmp_path / "b", {"initiative.csv": _MINIMAL["initiative.csv"]})
        (folder / "partners.csv").symlink_to("partners.csv")
        with pytest.raises(FormatError, match=r"partners\.csv: cannot read it: too many levels"):
            read_csv_bundle(folder)

    def test_nul_in_the_path(self, tmp_path: Path) -> None:
        with pytest.raises(FormatError, match="NUL character"):
            read_csv_bundle(f"{tmp_path}/a\0.zip")


class TestAllOrNothingWrites:
    def test_failed_folder_write_changes_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        folder = tmp_path / "bundle"
        write_csv_bundle(ci.load_example("workforce"), folder)
        (folder / ".notes.txt").write_text("mine")  # hidden: the reader skips it, so it may stay
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        real = Path.write_bytes

        def write_bytes(self: Path, data: bytes) -> int:
            if ".ties.csv." in self.name:
                raise OSError(28, "No space left on device")
            return real(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
        with pytest.raises(ci.CollectiveImpactError, match=r"ties\.csv: cannot write it"):
            write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    def test_writes_over_an_older_bundle(self, tmp_path: Path) -> None:
        folder = tmp_path / "bundle"
        write_csv_bundle(ci.load_example("workforce"), folder)
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        assert read_csv_bundle(folder) == ci.load_example("cradle-to-career")
        assert sorted(p.name for p in folder.iterdir()) == sorted(BUNDLE_FILES)

    def test_a_folder_with_other_files_is_refused(self, tmp_path: Path) -> None:
        """A ``README.txt`` in the folder: the bundle was written, then could not be read back
        (``README.txt: unknown file``); now the write is refused, the files named."""
        folder = tmp_path / "bundle"
        folder.mkdir()
        (folder / "README.txt").write_text("for the steering committee\n")
        (folder / "old").mkdir()
        (folder / ".DS_Store").write_bytes(b"\0")  # hidden: skipped by the reader
        before = sorted(p.name for p in folder.iterdir())
        with pytest.raises(WriteError) as err:
            write_csv_bundle(ci.load_example("workforce"), folder)
        assert str(err.value) == (
            f"{folder}: cannot write it: the folder holds 1 file and 1 folder that are not part "
            "of a CSV bundle: 'README.txt', 'old/'; read_csv_bundle refuses a folder with other "
            "files, so write the bundle to a new or empty folder, or move them out; nothing was "
            "written"
        )
        assert sorted(p.name for p in folder.iterdir()) == before

    def test_a_folder_in_the_folder_is_called_a_folder(self, tmp_path: Path) -> None:
        """``export csv -o ex2`` with ``ex2/sub/`` said "1 file that is not part of a CSV
        bundle: 'sub/'"; a folder is counted as a folder."""
        folder = tmp_path / "ex2"
        (folder / "sub").mkdir(parents=True)
        with pytest.raises(WriteError) as err:
            write_csv_bundle(ci.load_example("workforce"), folder)
        assert "the folder holds 1 folder that is not part of a CSV bundle: 'sub/';" in str(
            err.value
        )

    def test_an_older_copy_in_another_case_is_replaced(self, tmp_path: Path) -> None:
        """An older ``Partners.csv``: after the write the folder held it beside partners.csv,
        and reading gave 90 problems; now it is removed and the bundle reads back."""
        init = ci.load_example("workforce")
        folder = tmp_path / "bundle"
        folder.mkdir()
        (folder / "Partners.csv").write_text("id,name,sector\nx,X,other\n")
        (folder / " goals.csv").write_text("id,statement\n")
        (folder / "~$ties.csv").write_bytes(b"\x05jane")  # Excel's lock file: left alone
        write_csv_bundle(init, folder)
        assert sorted(p.name for p in folder.iterdir()) == sorted([*BUNDLE_FILES, "~$ties.csv"])
        assert read_csv_bundle(folder) == init

    def test_zip_into_a_missing_folder(self, tmp_path: Path) -> None:
        with pytest.raises(ci.CollectiveImpactError, match="does not exist") as info:
            write_csv_bundle(ci.load_example("workforce"), tmp_path / "no" / "b.zip")
        assert isinstance(info.value, OSError)
        assert list(tmp_path.iterdir()) == []


class TestOneDecimalPointInAFileSeparatedBySemicolons:
    @pytest.mark.parametrize("sep", [";", "\t"])
    def test_one_point_group_is_ambiguous(self, tmp_path: Path, sep: str) -> None:
        """The mirror of ``52,125``: where ``;`` separates the cells a decimal comma is the
        custom, and the point groups thousands, so ``5.696`` may be 5696 as well as 5.696 (it
        was read as 5.696, a thousandth of 5696). One point before exactly three digits, the
        first group not starting with 0, is refused naming both readings. ``0.696`` (no group
        starts with 0), ``5.69`` and ``5.6960`` (not three decimals) are decimals anywhere and
        read as before, and so is ``5.6960``, the unambiguous spelling the message offers;
        ``5.696`` in a comma-separated file is the decimal it always was."""
        rows = ["indicator;date;value", "k;2025-01-01;5.696", "k;2025-02-01;-12.345"]
        rows += ["k;2025-03-01;0.696", "k;2025-04-01;5.69", "k;2025-05-01;5.6960"]
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": "id,name\nk,K\n",
                "observations.csv": "\n".join(r.replace(";", sep) for r in rows) + "\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "observations.csv, row 2, column value: '5.696' is ambiguous in a file separated by "
            "semicolons or tabs: 5.696 with a decimal point, or 5696 with the point grouping "
            "thousands; write 5696 for the thousands, or 5.6960 for the decimal",
            "observations.csv, row 3, column value: '-12.345' is ambiguous in a file separated "
            "by semicolons or tabs: -12.345 with a decimal point, or -12345 with the point "
            "grouping thousands; write -12345 for the thousands, or -12.3450 for the decimal",
        ]
        fixed = [rows[0], "k;2025-01-01;5696", "k;2025-02-01;-12345", *rows[3:]]
        (folder / "observations.csv").write_text("\n".join(r.replace(";", sep) for r in fixed))
        values = [o.value for o in read_csv_bundle(folder).indicator("k").observations]
        assert values == [5696.0, -12345.0, 0.696, 5.69, 5.696]
        (folder / "observations.csv").write_text("indicator,date,value\nk,2025-01-01,5.696\n")
        assert [o.value for o in read_csv_bundle(folder).indicator("k").observations] == [5.696]


class TestNumbersTooSmallForAFloat:
    def test_a_non_zero_number_that_would_read_as_zero_is_refused(self, tmp_path: Path) -> None:
        """The least positive float is about 4.9e-324: ``1e-400`` rounds to 0.0, and was read as
        the value 0 while ``1e-20`` is refused by the model (below its 1e-15 floor) and
        ``1e400`` as not finite. A number written with a non-zero digit that reads as 0 is
        refused; ``0e-400`` and ``0.000`` are 0 as written."""
        rows = ["indicator,date,value", "k,2025-01-01,1e-400", "k,2025-02-01,-2.5E-999"]
        rows += ["k,2025-03-01,0e-400", "k,2025-04-01,0.000"]
        folder = _write(
            tmp_path,
            {
                **_MINIMAL,
                "indicators.csv": "id,name\nk,K\n",
                "observations.csv": "\n".join(rows) + "\n",
            },
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "observations.csv, row 2, column value: expected a number, got '1e-400'; it is too "
            "close to 0 for a floating-point number (the least is about 4.9e-324) and would be "
            "read as 0: write 0 if 0 is meant",
            "observations.csv, row 3, column value: expected a number, got '-2.5E-999'; it is "
            "too close to 0 for a floating-point number (the least is about 4.9e-324) and would "
            "be read as 0: write 0 if 0 is meant",
        ]
        (folder / "observations.csv").write_text("\n".join([rows[0], *rows[3:]]))
        assert [o.value for o in read_csv_bundle(folder).indicator("k").observations] == [0, 0]


class TestFileNamesWithStraySpaces:
    def test_a_name_with_a_trailing_space_is_read(self, tmp_path: Path) -> None:
        """``goals.csv `` (a space typed after the name) is the file goals.csv, as the reader
        matches names without surrounding spaces; its content was never read, and the user was
        told ``goals.csv: the file is empty``. It is read, in a folder and in a ``.zip``."""
        files = {**_MINIMAL, "goals.csv ": "id,statement\ng,Goal\n"}
        folder = _write(tmp_path / "b", files)
        assert [g.id for g in read_csv_bundle(folder).goals] == ["g"]
        archive = tmp_path / "b.zip"
        archive.write_bytes(_zip({n: c.encode() for n, c in files.items()}))
        assert [g.id for g in read_csv_bundle(archive).goals] == ["g"]

    def test_the_same_file_twice_is_refused(self, tmp_path: Path) -> None:
        folder = _write(tmp_path, {**_MINIMAL, "goals.csv": "id,statement\ng,G\n"})
        (folder / " goals.csv").write_text("id,statement\nh,H\n")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "goals.csv: 2 files have this name: ' goals.csv', 'goals.csv' (the names differ only "
            "in case or spaces); keep one"
        ]


class TestLongFields:
    def test_a_field_longer_than_the_csv_modules_limit_round_trips(self, tmp_path: Path) -> None:
        """Python's csv module refuses a field of more than 131,072 characters by default; the
        writer wrote a 140,000-character description that the reader then refused (``field
        larger than field limit (131072)``). The byte budget (``max_bytes``) bounds the text
        already, so a field as long as the file is read; the module's limit is left as it was."""
        import csv

        before = csv.field_size_limit()
        init = ci.load_example("workforce").evolve(description="d" * 140_000)
        write_csv_bundle(init, tmp_path / "b")
        assert read_csv_bundle(tmp_path / "b") == init
        assert csv.field_size_limit() == before


class TestAHeaderShortOfAName:
    """A name deleted from a header row (``id,name,roles`` over rows of four cells): every
    row was reported twice, its extra cell and its shifted roles ('nonprofit' is no role), 22
    problems for the 11 partners of cradle-to-career, beside the missing column. One problem
    now, at the header row; the table is not read, so nothing follows from it either (no
    partner unknown to the activities). Found by a report-only reviewer."""

    def test_one_problem_at_the_header(self, tmp_path: Path) -> None:
        folder = tmp_path / "bundle"
        write_csv_bundle(ci.load_example("cradle-to-career"), folder)
        path = folder / "partners.csv"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("id,name,sector,roles", "id,name,roles", 1), "utf-8")
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 1: the header row names 3 columns (id, name, roles), but every "
            "data row has 4 cells or more: a column's name is missing from the header row (the "
            "required column 'sector' is not named), so the cells stand under the wrong names; "
            "add the missing name (the rows of this file are not read until it is)"
        ]

    def test_a_stray_cell_in_one_row_is_that_row_s(self, tmp_path: Path) -> None:
        folder = _write(
            tmp_path,
            {**_MINIMAL, "partners.csv": "id,name,sector\na,A,nonprofit,note\nb,B,business\n"},
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(folder)
        assert _problems(err) == [
            "partners.csv, row 2: the row has 4 cells but the header row names only 3 columns; "
            "the extra cells are not blank"
        ]
