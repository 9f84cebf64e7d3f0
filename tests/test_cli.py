from __future__ import annotations

import datetime as dt
import html
import json
import os
import signal
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest

import collective_impact as ci
from collective_impact import cli
from collective_impact.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestShow:
    def test_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "show", "--example", "cradle-to-career")
        assert code == 0
        init = ci.load_example("cradle-to-career")
        assert out.startswith(init.name + "\n")
        assert f"Partners ({len(init.partners)}):" in out
        assert f"Activities ({len(init.activities)}," in out
        assert f"Ties ({len(init.ties)}):" in out
        assert f"Goals ({len(init.goals)}):" in out

    def test_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "w.json"
        ci.dump(ci.load_example("workforce"), path)
        code, out, _ = run(capsys, "show", str(path))
        assert code == 0
        assert "placements: Residents placed in jobs" in out

    def test_an_indicator_s_direction_as_stated_or_read_from_its_target(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Stated, read from the baseline and target, or not stated: never assumed."""
        init = ci.load_example("workforce")
        first, second, third = init.indicators[:3]
        changed = init.evolve(
            indicators=(
                attrs.evolve(first, direction="decrease", baseline=None, target=None),
                attrs.evolve(
                    second,
                    direction=None,
                    baseline={"date": "2020-01-01", "value": 30},
                    target={"date": "2030-01-01", "value": 18},
                ),
                attrs.evolve(third, direction=None, baseline=None, target=None),
                *init.indicators[3:],
            )
        )
        path = tmp_path / "w.json"
        ci.dump(changed, path)
        code, out, _ = run(capsys, "show", str(path))
        assert code == 0
        assert f"  {first.id}: {first.name} (decrease" in out
        assert f"  {second.id}: {second.name} (decrease" in out
        unit = f"{third.unit}, " if third.unit else ""
        assert f"  {third.id}: {third.name} ({unit}direction not stated; baseline ?" in out

    def test_missing_sectors_are_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "t.yaml"
        path.write_text(
            "schema_version: 1\nname: T\npartners: [{id: a, name: A, sector: business}]\n"
        )
        code, out, _ = run(capsys, "show", str(path))
        assert code == 0
        assert "(no partner from: government, nonprofit, philanthropy, community)" in out
        assert "Backbone: none" in out

    def test_needs_a_source(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as info:
            main(["show"])
        assert info.value.code == 2
        assert "one of the arguments" in capsys.readouterr().err

    def test_unknown_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Wrong usage (status 2, as other usage errors), not invalid input (1)."""
        with pytest.raises(SystemExit) as info:
            main(["show", "--example", "nope"])
        assert info.value.code == cli.EXIT_USAGE
        assert "error: --example: unknown example 'nope'; the bundled examples are " in (
            capsys.readouterr().err
        )


class TestValidate:
    def test_valid_and_invalid(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        good = tmp_path / "good.yaml"
        ci.dump(ci.load_example("workforce"), good)
        bad = tmp_path / "bad.yaml"
        bad.write_text("schema_version: 1\nname: x\npartners: [{id: a, name: A, sector: x}]\n")
        code, out, err = run(capsys, "validate", str(good), str(bad), str(tmp_path / "none.yaml"))
        assert code == 1
        assert f"{good}: valid (11 partners" in out
        assert f"{bad}: INVALID" in out
        assert "partners[0].sector: expected one of" in err
        assert "none.yaml: no such file" in err
        assert "Traceback" not in out + err

    def test_all_valid(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        good = tmp_path / "good.toml"
        ci.dump(ci.load_example("workforce"), good)
        assert run(capsys, "validate", str(good))[0] == 0

    def test_usage(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as info:
            main(["validate"])
        assert info.value.code == 2

    @staticmethod
    def _many(tmp_path: Path, sector: Any) -> Path:
        """A file of 300 partners, partner i of sector ``sector(i)``: 300 problems."""
        partners = [{"id": f"p{i}", "name": "P", "sector": sector(i)} for i in range(300)]
        path = tmp_path / "many.json"
        path.write_text(json.dumps({"schema_version": 1, "name": "m", "partners": partners}))
        return path

    def test_all_lists_every_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The first 200 problems were listed and "... and 100 more (see the .problems
        attribute)", an attribute no one at the terminal has: --all lists every one."""
        path = self._many(tmp_path, lambda i: f"g{i}")  # 300 messages, none alike
        code, _, err = run(capsys, "validate", str(path))
        assert code == 1
        lines = err.splitlines()
        assert lines[0] == f"300 problems in {path}:"
        assert len(lines) == 202
        assert lines[-1] == "  ... and 100 more (--all lists every one)"
        assert ".problems" not in err
        code, _, err = run(capsys, "validate", "--all", str(path))
        assert code == 1
        lines = err.splitlines()
        assert len(lines) == 301
        assert [line.split(":")[0] for line in lines[1:]] == [
            f"  partners[{i}].sector" for i in range(300)
        ]
        assert "more" not in err

    def test_a_problem_repeated_is_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The same misspelt sector on 300 partners is one line, naming the other places."""
        path = self._many(tmp_path, lambda i: "goverment")
        code, _, err = run(capsys, "validate", str(path))
        assert code == 1
        head, line = err.splitlines()
        assert head == f"300 problems in {path}:"
        assert line.startswith("  partners[0].sector: expected one of")
        assert line.endswith(
            "got 'goverment' (did you mean 'government'?); the same at 299 other places: "
            "partners[1].sector, partners[2].sector, partners[3].sector, partners[4].sector, "
            "partners[5].sector and 294 others"
        )
        _, _, every = run(capsys, "validate", "--all", str(path))
        assert len(every.splitlines()) == 301
        assert "the same at" not in every

    def test_other_commands_name_validate_all(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = self._many(tmp_path, lambda i: f"g{i}")
        code, _, err = run(capsys, "assess", str(path))
        assert code == 1
        assert err.splitlines()[-1] == (
            "  ... and 100 more (collective-impact validate --all lists every one)"
        )

    def test_the_help_counts_the_lines_the_library_shows(self) -> None:
        from collective_impact import errors

        assert cli._MAX_PROBLEM_LINES == errors._MAX_SHOWN


class TestSchemaAndExample:
    def test_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "schema")
        assert code == 0
        assert json.loads(out) == ci.json_schema()

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_example_formats(self, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "example", "workforce", "--format", fmt)
        assert code == 0
        assert ci.loads(out, fmt) == ci.load_example("workforce")

    def test_bad_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as info:
            main(["example", "workforce", "--format", "xml"])
        assert info.value.code == 2


class TestProcess:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as info:
            main(["--version"])
        assert info.value.code == 0
        assert capsys.readouterr().out.strip() == f"collective-impact {ci.__version__}"

    def test_help_names_the_bundled_examples(self, capsys: pytest.CaptureFixture[str]) -> None:
        # the parser lists the examples without importing the readers (see test_imports.py)
        assert cli._example_names() == ci.list_examples()
        with pytest.raises(SystemExit):
            main(["assess", "--help"])
        help_text = "".join(capsys.readouterr().out.split())  # argparse wraps at hyphens
        assert ",".join(ci.list_examples()) in help_text

    def test_python_dash_m(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.json"
        bad.write_text("{not json")
        result = subprocess.run(
            [sys.executable, "-m", "collective_impact", "show", str(bad)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "invalid JSON" in result.stderr
        assert "Traceback" not in result.stderr

    def test_internal_error_has_no_traceback(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def broken(_: object, **__: object) -> str:
            raise RuntimeError("boom")

        monkeypatch.setattr(cli, "summary", broken)
        code, _, err = run(capsys, "show", "--example", "workforce")
        assert code == 3
        assert "internal error: RuntimeError: boom" in err
        assert "Traceback" not in err
        with pytest.raises(RuntimeError):
            main(["--traceback", "show", "--example", "workforce"])
        # where the message's "rerun with --traceback" leads: after the command too (it was
        # "unrecognized arguments: --traceback")
        with pytest.raises(RuntimeError):
            main(["show", "--example", "workforce", "--traceback"])


DATA = Path(__file__).parent / "data"


class TestImportExport:
    def test_import_iati(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out = tmp_path / "lebanon.yaml"
        source = DATA / "iati" / "dportal__LB-MOI-497.xml"
        code, stdout, stderr = run(capsys, "import", "iati", str(source), "-o", str(out))
        assert code == 0
        assert stdout == f"{out}: wrote 2 partners, 1 activity, 12 indicators, 0 ties\n"
        assert "warning:" in stderr  # the two empty periods are reported
        init = ci.load(out)
        assert len(init.activities) == 1
        assert len(init.indicators) == 12

    def test_import_iati_writes_its_report(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The warnings went only to the terminal: a researcher reading the file later could not
        tell what the import left out. ``--issues`` keeps them, as the library's report."""
        out, issues = tmp_path / "lebanon.yaml", tmp_path / "issues.json"
        source = DATA / "iati" / "dportal__LB-MOI-497.xml"
        argv = ("import", "iati", str(source), "-o", str(out), "--issues", str(issues))
        code, stdout, stderr = run(capsys, *argv)
        assert code == 0
        assert stdout.splitlines()[-1] == f"{issues}: wrote the import's report"
        _, report = ci.from_iati(source)
        written = json.loads(issues.read_text(encoding="utf-8"))
        assert written == json.loads(json.dumps(report.to_dict()))
        assert written["warnings"]
        assert written["activities"] == 1
        warned = [line for line in stderr.splitlines() if line.startswith("warning: ")]
        assert len(warned) == len(written["warnings"])  # the same warnings, kept
        # run again: the report is replaced, not refused (nothing in it is typed by hand)
        assert run(capsys, *argv, "--force")[0] == 0

    @pytest.mark.parametrize("where", ["nodir/issues.json", "taken.json"])
    def test_an_issues_file_that_cannot_be_written_stops_the_import_first(
        self, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--issues nodir/i.json`` failed after the native file was written, and the same
        command run again from the history was refused: "-o ...: the file exists". Both files
        are checked before anything is read or written. (``taken.json`` is a folder.)"""
        (tmp_path / "taken.json").mkdir()
        out, issues = tmp_path / "lebanon.yaml", tmp_path / where
        source = DATA / "iati" / "dportal__LB-MOI-497.xml"
        argv = ("import", "iati", str(source), "-o", str(out), "--issues", str(issues))
        code, _, stderr = run(capsys, *argv)
        assert code == 1
        assert str(issues) in stderr
        assert not out.exists()

    def test_an_issues_file_that_fails_while_written_is_named_as_given(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A report that could not be written (a file-size limit) was named by its hidden first
        copy, ".issues.json.22651.pending" (found by a reviewer of the command line)."""
        from collective_impact.errors import WriteError

        def too_large(path: Path, data: bytes) -> None:
            raise WriteError(str(path), "File too large")

        monkeypatch.setattr("collective_impact.io._files.write_bytes", too_large)
        out, issues = tmp_path / "lebanon.yaml", tmp_path / "issues.json"
        source = DATA / "iati" / "dportal__LB-MOI-497.xml"
        argv = ("import", "iati", str(source), "-o", str(out), "--issues", str(issues))
        code, _, stderr = run(capsys, *argv)
        assert code == 1
        assert f"error: {issues}: cannot write it: File too large" in stderr
        assert ".pending" not in stderr
        assert not out.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == []

    @pytest.mark.parametrize(
        ("extra", "expected"),
        [
            (("--issues", "issues.txt"), "--issues issues.txt: the import's report is written to "
             "a JSON file; name it .json (for example issues.json)"),
            (("--issues", "-"), "--issues -: the import's report is written to a JSON file"),
            (("--issues", "out.json"), "--issues out.json would overwrite -o, out.json; name "
             "another file"),
            (("--issues", " "), "--issues: empty file name (an unset variable?)"),
        ],
    )  # fmt: skip
    def test_import_report_usage(
        self,
        extra: tuple[str, ...],
        expected: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        from test_cli_guard import usage_error

        monkeypatch.chdir(tmp_path)
        source = str(DATA / "iati" / "dportal__LB-MOI-497.xml")
        assert expected in usage_error(capsys, "import", "iati", source, "-o", "out.json", *extra)
        assert list(tmp_path.iterdir()) == []
        csv = ("import", "csv", "bundle", "-o", "out.json", "--issues", "i.json")
        assert "--issues applies to import iati only" in usage_error(capsys, *csv)

    @pytest.mark.parametrize("suffix", ["", ".zip"])
    def test_csv_round_trip_through_the_cli(
        self, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = tmp_path / "w.yaml"
        ci.dump(ci.load_example("workforce"), source)
        bundle = tmp_path / f"bundle{suffix}"
        assert run(capsys, "export", "csv", str(source), "-o", str(bundle))[0] == 0
        back = tmp_path / "back.json"
        assert run(capsys, "import", "csv", str(bundle), "-o", str(back))[0] == 0
        assert ci.load(back) == ci.load_example("workforce")

    @pytest.mark.parametrize(
        ("kind", "suffix"),
        [("kumu", ".json"), ("cids", ".jsonld"), ("graphml", ".graphml"), ("gexf", ".gexf")],
    )
    def test_exports(
        self, tmp_path: Path, kind: str, suffix: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        source = tmp_path / "c.yaml"
        ci.dump(ci.load_example("cradle-to-career"), source)
        out = tmp_path / f"out{suffix}"
        code, stdout, _ = run(capsys, "export", kind, str(source), "-o", str(out))
        assert code == 0
        assert stdout.startswith(f"{out}: written ({kind})")
        assert out.stat().st_size > 0

    def test_bad_bundle_names_the_cell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bundle = tmp_path / "bad"
        ci.write_csv_bundle(ci.load_example("workforce"), bundle)
        partners = bundle / "partners.csv"
        partners.write_text(partners.read_text().replace("government", "govt", 1))
        code, _, stderr = run(capsys, "import", "csv", str(bundle), "-o", str(tmp_path / "x.yaml"))
        assert code == 1
        assert "partners.csv, row" in stderr
        assert "sector" in stderr
        assert "Traceback" not in stderr

    def test_xxe_is_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        evil = tmp_path / "evil.xml"
        evil.write_text(
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
            "<iati-activities><iati-activity>&e;</iati-activity></iati-activities>\n"
        )
        code, _, stderr = run(capsys, "import", "iati", str(evil), "-o", str(tmp_path / "x.yaml"))
        assert code == 1
        assert "evil.xml" in stderr
        assert "root:x:0" not in stderr  # nothing of /etc/passwd leaked
        assert "DTD" in stderr


class TestImportSources:
    """``import`` takes what it says it takes: several IATI files, one CSV bundle."""

    def test_several_iati_files_become_one_initiative(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        one, two = (
            DATA / "iati" / "dportal__LB-MOI-497.xml",
            DATA / "iati" / "dportal__CH-FDJP-CHE106823242.xml",
        )
        out = tmp_path / "both.yaml"
        code, stdout, stderr = run(capsys, "import", "iati", str(one), str(two), "-o", str(out))
        assert code == 0, stderr
        expected, _ = ci.from_iati([one, two])
        assert ci.load(out) == expected
        assert f"{len(expected.activities)} activities" in stdout
        separate = [ci.from_iati(p)[0] for p in (one, two)]
        assert len(expected.activities) == sum(len(i.activities) for i in separate)

    def test_several_csv_bundles_are_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bundle = tmp_path / "bundle"
        ci.write_csv_bundle(ci.load_example("workforce"), bundle)
        out = tmp_path / "x.yaml"
        with pytest.raises(SystemExit) as info:
            main(["import", "csv", str(bundle), str(bundle), "-o", str(out)])
        assert info.value.code == 2
        assert "one CSV bundle" in capsys.readouterr().err
        assert not out.exists()


class TestReport:
    def test_report_of_an_example(self, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
        out = tmp_path / "report.html"
        code, stdout, _ = run(capsys, "report", "--example", "cradle-to-career", "-o", str(out))
        assert code == 0
        assert "HTML report" in stdout
        text = out.read_text(encoding="utf-8")
        result = ci.assess(ci.load_example("cradle-to-career"))
        assert html.escape(result.gaps[0].message, quote=False) in text
        mask = os.umask(0)
        os.umask(mask)
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask

    def test_to_html_equals_the_cli(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Any
    ) -> None:
        a, b = tmp_path / "a.html", tmp_path / "b.html"
        ci.assess(ci.load_example("workforce")).to_html(a)
        run(capsys, "report", "--example", "workforce", "-o", str(b))
        assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")

    def test_max_gaps(self, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
        """``--max-gaps N`` lists the N most pressing gaps (as ``to_html(max_gaps=N)``);
        ``all`` lists every one; a negative number or a word is wrong usage."""
        result = ci.assess(ci.load_example("cradle-to-career"))
        top, every, api = tmp_path / "top.html", tmp_path / "all.html", tmp_path / "api.html"
        code, stdout, _ = run(
            capsys, "report", "--example", "cradle-to-career", "-o", str(top), "--max-gaps", "2"
        )
        assert code == 0
        assert f"{len(result.gaps)} gaps, the 2 most pressing listed" in stdout
        result.to_html(api, max_gaps=2)
        assert top.read_text(encoding="utf-8") == api.read_text(encoding="utf-8")
        assert top.read_text(encoding="utf-8").count("data-key=") == 2
        run(
            capsys, "report", "--example", "cradle-to-career", "-o", str(every), "--max-gaps", "all"
        )
        assert every.read_text(encoding="utf-8").count("data-key=") == len(result.gaps)
        for wrong in ("-1", "many"):
            with pytest.raises(SystemExit) as info:
                main(["report", "--example", "workforce", "-o", str(tmp_path / "x.html"),
                      "--max-gaps", wrong])  # fmt: skip
            assert info.value.code == 2
            assert "expected a whole number from 0 or 'all'" in capsys.readouterr().err
        assert not (tmp_path / "x.html").exists()


class TestAnyInput:
    """assess, show, validate, report and export read native files and CSV bundles alike."""

    @pytest.fixture
    def bundle(self, tmp_path: Any) -> Any:
        folder = tmp_path / "bundle"
        ci.write_csv_bundle(ci.load_example("workforce"), folder)
        return folder

    def test_a_bundle_folder(self, capsys: pytest.CaptureFixture[str], bundle: Any) -> None:
        code, stdout, _ = run(capsys, "assess", str(bundle))
        assert code == 0
        assert stdout.startswith("Opportunity Chicago")
        code, stdout, _ = run(capsys, "validate", str(bundle))
        assert (code, "valid" in stdout) == (0, True)

    def test_a_bundle_zip(self, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
        archive = tmp_path / "bundle.zip"
        ci.write_csv_bundle(ci.load_example("workforce"), archive)
        code, stdout, _ = run(capsys, "show", str(archive))
        assert code == 0
        assert "Opportunity Chicago" in stdout

    def test_from_forces_the_reader(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Any
    ) -> None:
        path = tmp_path / "initiative.txt"
        path.write_text(ci.dumps(ci.load_example("workforce"), "json"), encoding="utf-8")
        code, stdout, _ = run(capsys, "assess", str(path), "--from", "json", "--format", "json")
        assert code == 0
        assert json.loads(stdout)["as_of_source"] == "latest observation"

    def test_a_workbook(self, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
        pytest.importorskip("openpyxl")
        book = tmp_path / "initiative.xlsx"
        ci.write_workbook(ci.load_example("workforce"), book)
        code, stdout, _ = run(capsys, "assess", str(book))
        assert code == 0
        assert stdout.startswith("Opportunity Chicago")

    def test_template_then_validate_and_a_located_typo(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Any
    ) -> None:
        """The template's example rows are a valid initiative; a typed typo is located."""
        openpyxl = pytest.importorskip("openpyxl")
        book = tmp_path / "initiative.xlsx"
        code, stdout, _ = run(capsys, "template", "-o", str(book))
        assert (code, stdout.strip()) == (0, f"wrote {book}")
        code, stdout, _ = run(capsys, "validate", str(book))
        assert (code, "valid" in stdout) == (0, True)
        workbook = openpyxl.load_workbook(book)
        sheet = workbook["partners"]
        sector = next(c.column_letter for c in sheet[1] if c.value == "sector")
        sheet[f"{sector}2"] = "nonprfit"
        workbook.save(book)
        code, _, stderr = run(capsys, "validate", str(book))
        assert code == 1
        assert f"sheet partners, cell {sector}2" in stderr
        assert "nonprfit" in stderr

    def test_export_an_example(self, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
        out = tmp_path / "kumu.json"
        code, _, _ = run(capsys, "export", "kumu", "--example", "workforce", "-o", str(out))
        assert code == 0
        assert json.loads(out.read_text(encoding="utf-8"))["elements"]


class TestFirstThingsFirst:
    @pytest.mark.parametrize("name", ["cradle-to-career", "cradle-to-career-2027", "workforce"])
    def test_funding_off_track_and_equity_in_the_first_ten_lines(
        self, capsys: pytest.CaptureFixture[str], name: str
    ) -> None:
        code, stdout, _ = run(capsys, "assess", "--example", name)
        assert code == 0
        head = "\n".join(stdout.splitlines()[:10])
        result = ci.assess(ci.load_example(name))
        if result.gaps_by(code="short-funding"):
            assert "funding" in head
        if result.gaps_by(code="off-track-indicator"):
            assert "off track" in head
        if result.gaps_by(code="widening-disparity"):
            assert "widening gap between groups" in head
        assert "Phase " in head  # the phase in plain language
        assert " — " in head

    def test_all_lists_every_gap(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, stdout, _ = run(capsys, "assess", "--example", "cradle-to-career", "--all")
        flat = " ".join(stdout.split())
        for gap in ci.assess(ci.load_example("cradle-to-career")).gaps:
            assert " ".join(gap.message.split()) in flat

    def test_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, stdout, _ = run(capsys, "assess", "--example", "workforce", "--format", "markdown")
        assert stdout.startswith("# Opportunity Chicago")
        assert "\n## First things first" in stdout

    def test_many_of_a_kind_is_one_line(self) -> None:
        """Seven non-reporting partners in the workforce example: one line names them."""
        text = ci.assess(ci.load_example("workforce")).summary()
        lines = [line for line in text.splitlines() if "report no measurement" in line]
        assert len(lines) == 1
        assert (
            lines[0]
            .lstrip()
            .startswith(
                "! 7 partners in agenda activities report no measurement since the baseline"
            )
        )


def test_a_list_cut_short_names_the_command_line_s_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The terminal's "Indicators not yet judged" ended with "… and 30 more (every one with
    max_gaps=None)", the lagging indicators with "(Assessment.lagging; every one with
    max_gaps=None)" and a comparison's reasons and gaps with "(AssessmentDiff.reasons)": an
    API's names, where the gap sections say ``--all`` (found by a reviewer). Every list cut
    short now says ``--all`` first, and ``--all`` lists every one."""
    from collective_impact.synth import generate

    init = generate(partners=60, activities=200, indicators=60, ties=150, seed=3)
    path = tmp_path / "many.yaml"
    ci.dump(init, path)
    result = ci.assess(init)
    assert len(result.lagging) > 10
    assert len(result.unjudged) > 10
    _, out, _ = run(capsys, "assess", str(path))
    flat = " ".join(out.split())
    assert "max_gaps=None)" not in flat.replace("`summary(max_gaps=None)`", "")
    every = "(`--all`, or `summary(max_gaps=None)`, lists every one"
    assert f"… and {len(result.lagging) - 10} more {every}; all in `Assessment.lagging`)" in flat
    assert f"… and {len(result.unjudged) - 10} more {every}; all in `Assessment.unjudged`)" in flat
    assert max(map(len, out.splitlines())) <= 100
    _, everything, _ = run(capsys, "assess", str(path), "--all")
    assert "lists every one" not in everything
    assert all(f"({m.indicator}):" in everything for m in result.unjudged)
    earlier = tmp_path / "earlier.yaml"
    ci.dump(init.evolve(as_of=dt.date(2025, 1, 1)), earlier)
    _, change, _ = run(capsys, "compare", str(earlier), str(path))
    flat = " ".join(change.split())
    assert "more (AssessmentDiff." not in flat
    assert (
        "more (`--all`, or `summary(max_lines=None)`, lists every one; all in "
        "`AssessmentDiff.reasons`)"
    ) in flat
    assert max(map(len, change.splitlines())) <= 100
    _, whole, _ = run(capsys, "compare", str(earlier), str(path), "--all")
    assert "lists every one" not in whole


class TestCompare:
    """``compare OLD NEW`` and ``report NEW --compare OLD`` on the two cradle-to-career
    snapshots (2026-09-30 and 2027-06-30)."""

    OLD, NEW = "cradle-to-career", "cradle-to-career-2027"

    def test_two_examples_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(
            capsys, "compare", "--old-example", self.OLD, "--new-example", self.NEW
        )
        assert (code, err) == (0, "")
        lines = out.splitlines()
        assert lines[0] == "Changes in Cradle to Career Example: 2026-09-30 → 2027-06-30"
        assert "facilitator staffed" in out
        assert (
            "hs-grad: off track → at risk, latest 82 → 84 (better); forecast 88.5 → 89.5 (better)"
            in out
        )
        assert "partners added: restorative-center" in out

    def test_files_and_an_example_mixed(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        old = tmp_path / "old.json"
        ci.dump(ci.load_example(self.OLD), old)
        code, out, _ = run(capsys, "compare", str(old), "--new-example", self.NEW)
        assert code == 0
        _code2, out2, _ = run(
            capsys, "compare", "--old-example", self.OLD, "--new-example", self.NEW
        )
        assert out == out2
        new = tmp_path / "new.yaml"
        ci.dump(ci.load_example(self.NEW), new)
        code3, out3, _ = run(capsys, "compare", str(old), str(new))
        assert (code3, out3) == (0, out)

    def test_json_and_markdown(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys,
            "compare",
            "--old-example",
            self.OLD,
            "--new-example",
            self.NEW,
            "--format",
            "json",
        )
        assert code == 0
        data = json.loads(out)
        closed = {g["key"] for g in data["closed"]}
        assert "harmful-activity(activity=zero-tolerance-discipline)" in closed
        assert "backbone-staff-gap(backbone=united-way)" in closed
        assert data["ties"]["added"][0]["source"] == "faith-coalition"
        code, out, _ = run(
            capsys, "compare", "--old-example", self.OLD, "--new-example", self.NEW,
            "--format", "markdown",
        )  # fmt: skip
        assert code == 0
        assert out.startswith("# Changes in Cradle to Career Example")

    def test_same_version_is_no_change(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "compare", "--old-example", self.NEW, "--new-example", self.NEW)
        assert code == 0
        assert "Gaps: 0 opened, 0 closed" in out
        assert "(+" not in out
        assert "(-" not in out

    @pytest.mark.parametrize(
        "argv",
        [
            ["compare"],
            ["compare", "--old-example", "cradle-to-career"],
            ["compare", "a.yaml", "b.yaml", "c.yaml"],
            ["compare", "a.yaml", "--old-example", "x", "--new-example", "y"],
        ],
    )
    def test_usage_errors(self, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert "compare needs OLD and NEW" in capsys.readouterr().err

    def test_missing_file_is_invalid_input(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, _, err = run(capsys, "compare", str(tmp_path / "no.yaml"), "--new-example", self.NEW)
        assert code == 1
        assert err.startswith("error:")

    def test_report_with_compare(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        out = tmp_path / "report.html"
        code, stdout, _ = run(
            capsys,
            "report",
            "--example",
            self.NEW,
            "--compare-example",
            self.OLD,
            "-o",
            str(out),
        )
        assert code == 0
        assert "changes since 2026-09-30" in stdout
        text = out.read_text(encoding="utf-8")
        assert 'id="changes"' in text
        assert "Changes since 2026-09-30" in text
        assert "facilitator staffed" in text
        old_file = tmp_path / "old.yaml"
        ci.dump(ci.load_example(self.OLD), old_file)
        other = tmp_path / "other.html"
        code, _, _ = run(
            capsys, "report", "--example", self.NEW, "--compare", str(old_file), "-o", str(other)
        )
        assert code == 0
        assert other.read_text(encoding="utf-8") == text
        a = tmp_path / "api.html"
        ci.assess(ci.load_example(self.NEW)).to_html(
            a, compare=ci.assess(ci.load_example(self.OLD))
        )
        assert a.read_text(encoding="utf-8") == text

    def test_report_without_compare_has_no_changes_section(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        out = tmp_path / "report.html"
        run(capsys, "report", "--example", self.NEW, "-o", str(out))
        assert 'id="changes"' not in out.read_text(encoding="utf-8")

    def test_goal_changes_are_said_and_named_as_causes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The reading goal's weight doubled (1.5 → 3) and chronic-absence taken off the
        graduate goal: the overall score and four conditions moved, and the comparison named
        only new gaps as reasons and ended "goals changed: graduate, reading"."""
        init = ci.load_example(self.OLD)
        goals = [
            attrs.evolve(g, weight=3.0)
            if g.id == "reading"
            else attrs.evolve(g, indicators=["grade8-math", "hs-grad"])
            if g.id == "graduate"
            else g
            for g in init.goals
        ]
        old, new = tmp_path / "c.yaml", tmp_path / "c2.yaml"
        ci.dump(init, old)
        ci.dump(init.evolve(goals=goals), new)
        goals_line = (
            "goals changed: graduate: chronic-absence taken off the goal; reading: weight 1.5 → 3"
        )
        agenda = (
            "the agenda changed (graduate: chronic-absence taken off the goal; reading: weight "
            "1.5 → 3): the interdependence of two activities weighs each indicator they help by "
            "the weight of the goals that list it"
        )
        code, out, _ = run(capsys, "compare", str(old), str(new))
        assert code == 0
        assert f"  {goals_line}" in out.splitlines()
        assert agenda in " ".join(out.split())
        code, out, _ = run(capsys, "compare", str(old), str(new), "--format", "markdown")
        assert code == 0
        assert f"- {goals_line}" in out.splitlines()
        assert f"  - {agenda}" in out.splitlines()
        code, out, _ = run(capsys, "compare", str(old), str(new), "--json")
        assert code == 0
        reading = json.loads(out)["goals"]["changes"][1]
        assert reading["weight"] == {"before": 1.5, "after": 3.0}
        page = tmp_path / "report.html"
        code, _, _ = run(capsys, "report", str(new), "--compare", str(old), "-o", str(page))
        assert code == 0
        text = " ".join(page.read_text(encoding="utf-8").split())
        assert agenda in text
        assert (
            "<dt>Goals changed</dt><dd>graduate: chronic-absence taken off the goal; reading: "
            "weight 1.5 → 3</dd>"
        ) in text

    def test_a_gap_closed_through_another_partner_is_said_so(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """tutoring (schools, with comm) and health (clinic), tied only by clinic–schools at
        0.2: a tie clinic–comm closes the gap of clinic and schools, who lead the same work and
        are still tied at 0.2. The text, the Markdown and the report said they "no longer lead
        interdependent work without an adequate tie"."""
        partners = [
            ci.Partner(id=p, name=p, sector="nonprofit") for p in ("schools", "comm", "clinic")
        ]
        before = ci.Initiative(
            name="Two activities",
            partners=partners,
            goals=[ci.Goal(id="g", statement="G", indicators=["ind"])],
            indicators=[ci.Indicator(id="ind", name="Ind")],
            activities=[
                ci.Activity(id="tutoring", name="T", partners=["schools", "comm"],
                            contributes={"ind": 0.5}),
                ci.Activity(id="health", name="H", partners=["clinic"], contributes={"ind": 0.8}),
            ],
            ties=[ci.Tie(source="clinic", target="schools", kind="referral", strength=0.2)],
        )  # fmt: skip
        after = before.with_ties(ci.Tie(source="clinic", target="comm", strength=1.0))
        old, new = tmp_path / "before.yaml", tmp_path / "after.yaml"
        ci.dump(before, old)
        ci.dump(after, new)
        said = (
            "the interdependent work of clinic and schools is now coordinated through the new "
            "tie between clinic and comm, who takes part in tutoring; their own tie is still "
            "0.2; uncoordinated, the activities they lead had lowered the index by 0.8"
        )
        code, out, _ = run(capsys, "compare", str(old), str(new))
        assert code == 0
        assert said in " ".join(out.split())
        assert "no longer lead interdependent work" not in out
        code, out, _ = run(capsys, "compare", str(old), str(new), "--format", "markdown")
        assert code == 0
        assert f"  - {said}" in out.splitlines()
        page = tmp_path / "report.html"
        code, _, _ = run(capsys, "report", str(new), "--compare", str(old), "-o", str(page))
        assert code == 0
        assert said in " ".join(page.read_text(encoding="utf-8").split())


class TestHostileOutput:
    """Issue #15: strict JSON, escaped terminal text, and clean exits on every failure."""

    def test_json_output_maps_undefined_numbers_to_null(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from collective_impact import report

        real = report.Assessment.to_dict

        def with_nan(self: Any) -> dict[str, Any]:
            return {**real(self), "undefined": [float("nan"), float("-inf"), 1.0]}

        monkeypatch.setattr(report.Assessment, "to_dict", with_nan)
        assert main(["assess", "--json", "--example", "workforce"]) == 0
        out = capsys.readouterr().out
        data = json.loads(out, parse_constant=lambda name: pytest.fail(f"not JSON: {name}"))
        assert data["undefined"] == [None, None, 1.0]

    def test_escape_keeps_text_and_escapes_controls(self) -> None:
        from collective_impact._terminal import escape

        assert escape("Écoles\tpartners\n") == "Écoles\tpartners\n"
        assert (
            escape("a\x1b]0;x\x07b\x9b2J\u202ec\ud800") == "a\\x1b]0;x\\x07b\\x9b2J\\u202ec\\ud800"
        )
        assert escape("line\r\nnext\rover") == "line\nnext\\x0dover"

    @pytest.mark.parametrize(
        ("error", "status", "message"),
        [
            (MemoryError(), cli.EXIT_RESOURCES, "error: out of memory"),
            (RecursionError("deep"), cli.EXIT_RESOURCES, "error: the input is nested too deeply"),
            (KeyboardInterrupt(), cli.EXIT_INTERRUPTED, "interrupted"),
            (PermissionError(13, "Permission denied", "x\x1b.yaml"), cli.EXIT_INVALID, "x\\x1b"),
        ],
    )
    def test_failures_exit_cleanly(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        error: BaseException,
        status: int,
        message: str,
    ) -> None:
        def fail(*args: Any, **kwargs: Any) -> None:
            raise error

        monkeypatch.setattr(cli, "_read_detected", fail)  # where every input is read
        assert main(["show", "x.yaml"]) == status
        captured = capsys.readouterr()
        assert message in captured.err
        assert "Traceback" not in captured.err
        assert "internal error" not in captured.err

    def test_a_closed_pipe_ends_quietly(self, tmp_path: Path) -> None:
        """``collective-impact show ... | head -1``: no traceback, no "Exception ignored"."""
        script = (
            "import subprocess, sys\n"
            "p = subprocess.Popen([sys.executable, '-m', 'collective_impact', 'example', "
            "'cradle-to-career'], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
            "p.stdout.readline(); p.stdout.close()\n"
            "err = p.stderr.read().decode(); status = p.wait()\n"
            "print(status); print(err)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        status, _, err = done.stdout.partition("\n")
        assert status == "0"
        assert err.strip() == ""


#: What a bad ``--max-bytes`` is told.
BYTES_EXPECTED = "a number of bytes from 1 (or with a unit: 500k, 10MB, 32MiB), 'none' or 'default'"


class TestMaxBytes:
    """``--max-bytes`` sets the size limit of every input a command reads; the default is
    each reader's own, and a refusal names the option, not the library's keyword."""

    @pytest.fixture
    def inputs(self, tmp_path: Path) -> dict[str, Path]:
        init = ci.load_example("workforce")
        paths = {fmt: tmp_path / f"w.{fmt}" for fmt in ("yaml", "json", "toml")}
        for fmt, path in paths.items():
            ci.dump(init, path, format=fmt)
        paths["bundle"] = tmp_path / "bundle"
        ci.write_csv_bundle(init, paths["bundle"])
        paths["zip"] = tmp_path / "bundle.zip"
        ci.write_csv_bundle(init, paths["zip"])
        if openpyxl_installed():
            paths["xlsx"] = tmp_path / "w.xlsx"
            ci.write_workbook(init, paths["xlsx"])
        return paths

    def commands(self, inputs: dict[str, Path], out: Path) -> list[list[str]]:
        native, bundle = str(inputs["json"]), str(inputs["bundle"])
        iati = str(DATA / "iati" / "dportal__LB-MOI-497.xml")
        found = [
            ["assess", native],
            ["assess", str(inputs["yaml"]), "--json"],
            ["show", str(inputs["toml"])],
            ["validate", native, bundle],
            ["export", "kumu", str(inputs["zip"]), "-o", str(out / "k.json")],
            ["report", native, "-o", str(out / "r.html")],
            ["report", "--example", "workforce", "--compare", native, "-o", str(out / "c.html")],
            ["compare", native, bundle],
            ["compare", "--old-example", "workforce", native],
            # run again and again over their own output
            ["import", "csv", bundle, "-o", str(out / "i.yaml"), "--force"],
            ["import", "iati", iati, "-o", str(out / "iati.yaml"), "--force"],
        ]
        if "xlsx" in inputs:
            found.append(["assess", str(inputs["xlsx"])])
        return found

    def test_every_reader_is_limited(
        self, inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for argv in self.commands(inputs, tmp_path):
            code, _, err = run(capsys, *argv, "--max-bytes", "100")
            assert code == 1, argv
            assert "100" in err, argv
            assert "pass --max-bytes SIZE (or --max-bytes none) to read it anyway" in err, argv
            assert "max_bytes=" not in err, argv
            for limit in ("none", "1,000,000,000", "default"):
                assert run(capsys, *argv, "--max-bytes", limit)[0] == 0, (argv, limit)

    def test_the_limit_reaches_the_reader(
        self, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from collective_impact import io

        seen: list[dict[str, Any]] = []
        load = io.load

        def spy(path: Any, **options: Any) -> Any:
            seen.append({k: v for k, v in options.items() if k == "max_bytes"})
            return load(path, **options)

        monkeypatch.setattr(io, "load", spy)
        for given, passed in (([], {}), (["--max-bytes", "none"], {"max_bytes": None})):
            assert main(["show", str(inputs["json"]), *given]) == 0
            assert seen.pop() == passed  # by default the reader's own limit, untouched
        assert main(["show", str(inputs["json"]), "--max-bytes", "123,456"]) == 0
        assert seen.pop() == {"max_bytes": 123456}

    @pytest.mark.parametrize(
        ("value", "fragment"),
        [
            ("0", f"expected {BYTES_EXPECTED}, not '0'"),
            ("-5", "not '-5'"),
            ("lots", f"expected {BYTES_EXPECTED}, not 'lots'"),
            ("1.5", "not '1.5'"),
            ("0k", "not '0k'"),
            ("0.0001k", "not '0.0001k'"),
            ("1,5k", "not '1,5k'"),
            ("1,5", f"expected {BYTES_EXPECTED}, not '1,5'"),  # was 15: commas dropped
            ("12,5", "not '12,5'"),  # was 125
            ("1,0000", "not '1,0000'"),  # was 10,000
            ("1,000.5", "not '1,000.5'"),
            ("1e3k", "not '1e3k'"),
            ("MiB", "not 'MiB'"),
            ("10 kilobytes", "not '10 kilobytes'"),
        ],
    )
    def test_a_bad_limit_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], value: str, fragment: str
    ) -> None:
        with pytest.raises(SystemExit) as info:
            main(["assess", "--example", "workforce", "--max-bytes", value])
        assert info.value.code == 2
        assert fragment in capsys.readouterr().err

    @pytest.mark.parametrize("value", ["2,5", "1,0000", ",100", "100,"])
    def test_max_elements_takes_commas_between_thousands_only(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
    ) -> None:
        """``--max-elements 2,5`` read as 25: every comma was dropped, not only those between
        thousands (``--max-ratio 12,5`` was refused)."""
        iati = str(DATA / "iati" / "dportal__LB-MOI-497.xml")
        out = str(tmp_path / "o.yaml")
        with pytest.raises(SystemExit) as info:
            main(["import", "iati", iati, "-o", out, "--max-elements", value])
        assert info.value.code == cli.EXIT_USAGE
        assert (
            f"expected a number of elements from 1, 'none' or 'default', not {value!r}"
            in capsys.readouterr().err
        )
        assert main(["import", "iati", iati, "-o", out, "--max-elements", "1,000,000"]) == 0

    @pytest.mark.parametrize(
        ("value", "limit"),
        [
            ("500k", 500_000),
            ("500K", 500_000),
            ("500kB", 500_000),
            ("10KiB", 10_240),
            ("10kib", 10_240),
            ("1.5M", 1_500_000),
            ("1,500 kb", 1_500_000),
            ("32MiB", 33_554_432),
            ("2G", 2_000_000_000),
            ("1GiB", 1_073_741_824),
            ("0.1k", 100),
            ("100b", 100),
        ],
    )
    def test_a_size_with_a_unit(
        self, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, value: str, limit: int
    ) -> None:
        """``--max-bytes 10k`` and ``1MiB`` were refused, though the help writes "32 MiB"."""
        from collective_impact import io

        seen: list[Any] = []
        load = io.load

        def spy(path: Any, **options: Any) -> Any:
            seen.append(options.pop("max_bytes", None))
            return load(path, **options)  # read whole: only the limit passed is checked

        monkeypatch.setattr(io, "load", spy)
        assert main(["show", str(inputs["json"]), "--max-bytes", value]) == 0
        assert seen == [limit]

    def test_a_size_with_a_unit_refuses_what_is_larger(
        self, inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, err = run(capsys, "validate", str(inputs["json"]), "--max-bytes", "1k")
        assert code == cli.EXIT_INVALID
        assert "1,000" in err

    def test_the_help_states_the_readers_defaults(self, capsys: pytest.CaptureFixture[str]) -> None:
        from collective_impact.io._files import DEFAULT_MAX_BYTES
        from collective_impact.io.csvbundle import DEFAULT_MAX_TOTAL_BYTES
        from collective_impact.io.iati import DEFAULT_MAX_BYTES as IATI_MAX
        from collective_impact.io.workbook import DEFAULT_MAX_TOTAL_BYTES as WORKBOOK_MAX

        with pytest.raises(SystemExit):
            main(["assess", "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert IATI_MAX == DEFAULT_MAX_BYTES
        assert WORKBOOK_MAX == DEFAULT_MAX_TOTAL_BYTES
        assert f"{DEFAULT_MAX_BYTES:,}, 32 MiB, for a native or IATI file" in text
        assert f"{DEFAULT_MAX_TOTAL_BYTES:,} for a CSV bundle or workbook" in text
        from collective_impact.io.iati import DEFAULT_MAX_ELEMENTS

        with pytest.raises(SystemExit):
            main(["import", "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert f"more than N XML elements ('default': {DEFAULT_MAX_ELEMENTS:,})" in text

    def test_max_elements_of_iati(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        iati = str(DATA / "iati" / "dportal__LB-MOI-497.xml")
        out = str(tmp_path / "iati.yaml")
        code, _, err = run(capsys, "import", "iati", iati, "-o", out, "--max-elements", "10")
        assert code == 1
        assert "more than 10 XML elements" in err
        assert "pass --max-elements N (or --max-elements none) to read it anyway" in err
        assert "max_elements=" not in err
        for limit in ("none", "100,000", "default"):
            argv = ("import", "iati", iati, "-o", out, "--max-elements", limit, "--force")
            assert run(capsys, *argv)[0] == 0
        with pytest.raises(SystemExit) as info:
            main(["import", "iati", iati, "-o", out, "--max-elements", "0"])
        assert info.value.code == 2
        expected = "expected a number of elements from 1, 'none' or 'default', not '0'"
        assert expected in capsys.readouterr().err

    def test_read_input_refuses_another_word(self) -> None:
        with pytest.raises(ValueError, match="expected a number, None or 'default'"):
            cli.read_input("x.yaml", max_bytes="unlimited")  # type: ignore[arg-type]


class TestMaxRatio:
    """A decompression bomb was told "Pass max_ratio= to read it anyway", an option the
    command line does not have: ``--max-ratio`` goes with ``--max-bytes``, and the refusal
    names it."""

    @pytest.fixture
    def bomb(self, tmp_path: Path) -> Path:
        """A CSV bundle's .zip whose observations.csv inflates 2 MiB of spaces (blank)."""
        import zipfile

        folder = tmp_path / "bundle"
        ci.write_csv_bundle(ci.load_example("workforce"), folder)
        path = tmp_path / "bomb.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in ("initiative.csv", "partners.csv"):
                archive.write(folder / name, name)
            archive.writestr("observations.csv", "indicator,date,value\n" + " " * (2 << 20))
        return path

    def commands(self, bomb: Path, out: Path) -> list[list[str]]:
        return [
            ["validate", str(bomb)],
            ["show", str(bomb)],
            ["assess", str(bomb)],
            ["export", "kumu", str(bomb), "-o", str(out / "k.json")],
            ["report", "--example", "workforce", "--compare", str(bomb), "-o", str(out / "r.html")],
            ["compare", "--old-example", "workforce", str(bomb)],
            ["import", "csv", str(bomb), "-o", str(out / "i.yaml"), "--force"],
        ]

    def test_every_reader_of_a_zip_takes_it(
        self, bomb: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for argv in self.commands(bomb, tmp_path):
            code, _, err = run(capsys, *argv)
            assert code == cli.EXIT_INVALID, argv
            assert "bomb.zip: the member 'observations.csv' decompresses 1,0" in err, argv
            assert (
                "times its size (more than 100): a decompression bomb? If it is not one, "
                "pass --max-ratio R (or --max-ratio none) to read it anyway"
            ) in err, argv
            assert "max_ratio=" not in err, argv
            code, _, err = run(capsys, *argv, "--max-ratio", "500")
            assert code == cli.EXIT_INVALID, argv
            assert "(more than 500)" in err, argv
            for limit in ("none", "2,000", "12345.5"):
                assert run(capsys, *argv, "--max-ratio", limit)[0] == 0, (argv, limit, err)

    def test_the_limit_reaches_the_readers(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """To a bundle's reader and a workbook's; a native file's has no archive to check."""
        from collective_impact import io
        from collective_impact.io import workbook

        seen: list[tuple[str, dict[str, Any]]] = []

        def spy(name: str, reader: Any) -> Any:
            def read(path: Any, **options: Any) -> Any:
                seen.append((name, {k: v for k, v in options.items() if k.startswith("max_")}))
                return reader(path, **options)

            return read

        monkeypatch.setattr(io, "read_csv_bundle", spy("csv", io.read_csv_bundle))
        monkeypatch.setattr(io, "load", spy("native", io.load))
        monkeypatch.setattr(workbook, "read_workbook", spy("xlsx", workbook.read_workbook))
        init = ci.load_example("workforce")
        ci.dump(init, tmp_path / "w.json")
        ci.write_csv_bundle(init, tmp_path / "w.zip")
        files = [str(tmp_path / "w.json"), str(tmp_path / "w.zip")]
        if openpyxl_installed():
            ci.write_workbook(init, tmp_path / "w.xlsx")
            files.append(str(tmp_path / "w.xlsx"))
        assert main(["validate", *files]) == 0
        assert [options for _, options in seen] == [{}] * len(files)  # the readers' own
        seen.clear()
        assert main(["validate", *files, "--max-ratio", "250", "--max-bytes", "none"]) == 0
        assert seen == [
            (
                name,
                {"max_bytes": None} if name == "native" else {"max_bytes": None, "max_ratio": 250},
            )
            for name in ("native", "csv", "xlsx")[: len(files)]
        ]
        capsys.readouterr()

    @pytest.mark.parametrize("value", ["0", "-5", "lots", "nan", "inf", "1e3", "10x"])
    def test_a_bad_ratio_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], value: str
    ) -> None:
        with pytest.raises(SystemExit) as info:
            main(["validate", "w.zip", "--max-ratio", value])
        assert info.value.code == cli.EXIT_USAGE
        assert (
            "argument --max-ratio: expected a compression ratio above 0 (250, 12.5), 'none' or "
            f"'default', not {value!r}"
        ) in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (
                ["show", "--example", "workforce", "--max-ratio", "5"],
                "--max-ratio applies to FILE only, not to a bundled example",
            ),
            (
                ["show", "--example", "workforce", "--from", "csv", "--max-bytes", "5",
                 "--max-ratio", "5"],
                "--from, --max-bytes and --max-ratio apply to FILE only, not to a bundled example",
            ),
            (
                ["import", "iati", "x.xml", "-o", "y.yaml", "--max-ratio", "5"],
                "--max-ratio applies to import csv only (a .zip bundle), not to IATI XML",
            ),
        ],
    )  # fmt: skip
    def test_where_it_does_not_apply(
        self, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == cli.EXIT_USAGE
        assert f"error: {message}" in capsys.readouterr().err

    def test_read_input_refuses_another_word(self) -> None:
        with pytest.raises(ValueError, match="max_ratio: expected a number, None or 'default'"):
            cli.read_input("x.zip", max_ratio="unlimited")  # type: ignore[arg-type]


def openpyxl_installed() -> bool:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    return True


class TestErrorsWhileAssessingNameTheInput:
    """A date of judgement or a pathway is judged when a file is assessed, not when it is read:
    the error still names the file, so that with two inputs the reader knows which is wrong."""

    def dated(self, tmp_path: Path, as_of: str) -> Path:
        init = ci.load_example("workforce").evolve(as_of=as_of)
        path = tmp_path / f"as-of-{as_of}.yaml"
        ci.dump(init, path)
        return path

    def test_compare_names_the_file_with_the_bad_date(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = self.dated(tmp_path, "1990-01-01")
        good = tmp_path / "good.yaml"
        ci.dump(ci.load_example("workforce"), good)
        for files in ((str(good), str(bad)), (str(bad), str(good))):
            code, out, err = run(capsys, "compare", *files)
            assert (code, out) == (cli.EXIT_INVALID, "")
            assert err.startswith(f"error: {bad}: the file's as_of, 1990-01-01, is before every ")
            assert "Traceback" not in err

    @pytest.mark.parametrize("command", ["compare", "report"])
    def test_a_bad_date_is_listed_beside_another_files_problems(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """``compare early.yaml bad.yaml`` said only that bad.yaml does not load: early.yaml's
        date, before all its data, came out once bad.yaml was mended, though every problem of
        every input is to be listed at once (found by a reviewer of the command line)."""
        early = self.dated(tmp_path, "1990-01-01")
        bad = tmp_path / "bad.yaml"
        bad.write_text(
            ci.dumps(ci.load_example("workforce")).replace("sector: government", "sector: govt", 1),
            encoding="utf-8",
        )
        files = (
            [str(early), str(bad)]
            if command == "compare"
            else [str(bad), "--compare", str(early), "-o", str(tmp_path / "r.html")]
        )
        code, out, err = run(capsys, command, *files)
        assert (code, out) == (cli.EXIT_INVALID, "")
        assert f"{early}: the file's as_of, 1990-01-01, is before every " in err
        assert f"problem in {bad}:" in err
        assert "'govt'" in err
        dated, unread = err.index(f"{early}: the file's"), err.index(f"problem in {bad}:")
        assert (dated < unread) == (command == "compare")  # in the order of the inputs
        assert not (tmp_path / "r.html").exists()

    def test_validate_reports_what_assess_would_refuse(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file that reads well but whose as_of is before every observation, and whose
        first three indicators each drive the other two with weight 1 (λW with the default
        λ = 0.5 has spectral radius 0.5 · 2 = 1, so reinforcement does not converge), is
        refused by ``assess``; ``validate`` said "valid". Both problems are now listed."""
        init = ci.load_example("workforce")
        three = [i.id for i in init.indicators[:3]]
        init = init.evolve(
            as_of="1990-01-01",
            indicators=[
                attrs.evolve(ind, drives={j: 1.0 for j in three if j != ind.id})
                if ind.id in three
                else ind
                for ind in init.indicators
            ],
        )
        bad = tmp_path / "bad.yaml"
        ci.dump(init, bad)
        good = self.dated(tmp_path, "2010-12-31")
        code, out, err = run(capsys, "validate", str(good), str(bad))
        assert code == cli.EXIT_INVALID
        assert out.splitlines() == [
            f"{good}: valid (11 partners, 11 activities)",
            f"{bad}: INVALID",
        ]
        lines = err.splitlines()
        assert lines[0].startswith(f"{bad}: the file's as_of, 1990-01-01, is before every ")
        assert lines[1].startswith(f"{bad}: indicator pathways do not converge")
        assert "Traceback" not in err
        assert run(capsys, "assess", str(bad))[0] == cli.EXIT_INVALID

    def test_assess_names_the_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "assess", "--example", "workforce", "--as-of", "1990-01-01")
        assert code == cli.EXIT_INVALID
        assert err.startswith("error: example workforce: as_of 1990-01-01 (--as-of) is before")

    def test_report_names_the_earlier_version(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = self.dated(tmp_path, "1990-01-01")
        out_html = tmp_path / "r.html"
        code, _, err = run(
            capsys, "report", "--example", "workforce", "--compare", str(bad), "-o", str(out_html)
        )
        assert code == cli.EXIT_INVALID
        assert err.startswith(f"error: {bad}: the file's as_of, 1990-01-01,")
        assert not out_html.exists()


class TestVersionsInOrder:
    """``report --compare`` and ``compare`` show what happened from the earlier version to the
    later one; an earlier version judged after the later one is wrong usage. The two
    cradle-to-career snapshots are judged as of 2026-09-30 (latest observation) and
    2027-06-30 (the file's as_of)."""

    OLD, NEW = "cradle-to-career", "cradle-to-career-2027"

    def test_report_as_of_before_the_version_compared(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--as-of`` judges only the report's own version: 2026-06-30 made a page "as of
        2026-06-30" with "Changes since 2026-09-30"."""
        out = tmp_path / "back.html"
        argv = ["report", "--example", self.NEW, "--compare-example", self.OLD, "-o", str(out)]
        with pytest.raises(SystemExit) as info:
            main([*argv, "--as-of", "2026-06-30"])
        assert info.value.code == cli.EXIT_USAGE
        err = " ".join(capsys.readouterr().err.split())
        assert (
            f"error: the version to compare with (example {self.OLD}, as of 2026-09-30, its "
            f"latest observation) is later than the report (example {self.NEW}, as of "
            "2026-06-30, --as-of)"
        ) in err
        assert "--as-of sets the date of FILE (or --example) only: give one from 2026-09-30" in err
        assert not out.exists()
        code, stdout, _ = run(capsys, *argv, "--as-of", "2026-09-30")  # the same day: no change
        assert code == 0
        assert "(HTML report, as of 2026-09-30, " in stdout
        assert stdout.endswith(", changes since 2026-09-30)\n")

    def test_report_of_the_earlier_version_compared_with_the_later(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = str(tmp_path / "r.html")
        with pytest.raises(SystemExit) as info:
            main(["report", "--example", self.OLD, "--compare-example", self.NEW, "-o", out])
        assert info.value.code == cli.EXIT_USAGE
        assert "is later than the report" in capsys.readouterr().err

    def test_compare_old_after_new(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        old = tmp_path / "old.yaml"
        ci.dump(ci.load_example(self.NEW), old)
        for argv in (
            ["compare", "--old-example", self.NEW, "--new-example", self.OLD],
            ["compare", str(old), "--new-example", self.OLD, "--format", "json"],
        ):
            with pytest.raises(SystemExit) as info:
                main(argv)
            assert info.value.code == cli.EXIT_USAGE
            out, err = capsys.readouterr()
            assert out == ""
            assert (
                "2027-06-30, its as_of) is later than NEW (example cradle-to-career, as of "
                "2026-09-30, its latest observation): give the earlier version first"
            ) in " ".join(err.split())

    def test_undated_versions_are_compared(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An initiative without observations or as_of has no date: nothing to put in order."""
        from test_network import make

        undated = make(["a", "b"], [("a", "b")])
        assert ci.assess(undated).as_of is None
        assert (
            cli._later_old(("a", ci.assess(undated)), ("b", ci.assess(undated)), ("A", "B")) is None
        )

    def test_the_help_says_which_version_as_of_judges(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit):
            main(["report", "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert (
            "it applies to FILE (or --example) only: OLD is judged as of its own date, which "
            "must not be after this one"
        ) in text


class TestUnknownSuffixAdvice:
    """A file whose suffix names no format is told the command line's options, not the
    library's ``format=``: ``--from`` where the command has it, else what it accepts."""

    ACCEPTED = (
        "use .yaml, .yml, .json or .toml for a native file, .xlsx (or .xlsm) for a workbook, a "
        "folder or a .zip for a CSV bundle"
    )

    @pytest.fixture
    def text_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "my-initiative.txt"
        ci.dump(ci.load_example("workforce"), path, format="yaml")
        return path

    @pytest.mark.parametrize(
        "command",
        [["assess"], ["show"], ["export", "kumu"], ["compare", "--old-example", "workforce"]],
    )
    def test_commands_with_from(
        self,
        text_file: Path,
        tmp_path: Path,
        command: list[str],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        out = ["-o", str(tmp_path / "out.json")] if command[0] == "export" else []
        code, _, err = run(capsys, *command, str(text_file), *out)
        assert code == cli.EXIT_INVALID
        assert err == (
            f"error: {text_file}: cannot tell the format from the suffix '.txt'; {self.ACCEPTED}, "
            "or pass --from FORMAT (yaml, json, toml, csv, xlsx)\n"
        )
        assert run(capsys, *command, str(text_file), *out, "--from", "yaml")[0] == 0

    def test_validate_has_from_as_assess_has(
        self, text_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file ``assess --from yaml`` takes could not be checked by ``validate`` at all (it
        had no ``--from``, and its message did not offer one)."""
        code, out, err = run(capsys, "validate", str(text_file))
        assert (code, out) == (cli.EXIT_INVALID, f"{text_file}: INVALID\n")
        assert err == (
            f"{text_file}: cannot tell the format from the suffix '.txt'; {self.ACCEPTED}, "
            "or pass --from FORMAT (yaml, json, toml, csv, xlsx)\n"
        )
        code, out, err = run(capsys, "validate", "--from", "yaml", str(text_file))
        assert (code, out, err) == (0, f"{text_file}: valid (11 partners, 11 activities)\n", "")
        # every file is read as FORMAT: one that is not is invalid, located, the others checked
        other = tmp_path / "other.txt"
        other.write_text("{}", encoding="utf-8")
        code, out, err = run(capsys, "validate", "--from", "json", str(text_file), str(other))
        assert code == cli.EXIT_INVALID
        assert out.splitlines()[0] == f"{text_file}: INVALID"
        assert err.startswith(f"{text_file}, line 1, column 1: invalid JSON")
        assert out.splitlines()[1] == f"{other}: INVALID"  # read as JSON: no name, no partners
        assert "Traceback" not in err

    def test_validate_accepts_what_it_says(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        init = ci.load_example("workforce")
        paths = [tmp_path / "w.yml", tmp_path / "bundle", tmp_path / "bundle.zip"]
        ci.dump(init, paths[0])
        ci.write_csv_bundle(init, paths[1])
        ci.write_csv_bundle(init, paths[2])
        if openpyxl_installed():
            paths.append(tmp_path / "w.xlsx")
            ci.write_workbook(init, paths[-1])
        assert run(capsys, "validate", *map(str, paths))[0] == 0

    def test_read_input_lists_every_input_it_reads(self, text_file: Path) -> None:
        """``read_input`` reads workbooks and CSV bundles too, yet its message listed the
        suffixes of native files only; ``format=`` is its option."""
        with pytest.raises(ci.FormatError) as err:
            cli.read_input(text_file)
        assert str(err.value) == (
            f"{text_file}: cannot tell the format from the suffix '.txt'; {self.ACCEPTED}, "
            "or pass format= (yaml, json, toml, csv, xlsx)"
        )
        assert cli.read_input(text_file, format="yaml") == ci.load_example("workforce")

    def test_the_output_of_import_and_a_config(
        self, text_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``import`` writes native files only (refused as usage before any file is read);
        ``--config`` reads them only: no option to pass, the suffixes they take."""
        iati = str(DATA / "iati" / "dportal__LB-MOI-497.xml")
        out = tmp_path / "out.xlsx"
        with pytest.raises(SystemExit) as info:
            main(["import", "iati", iati, "-o", str(out)])
        assert info.value.code == cli.EXIT_USAGE
        assert capsys.readouterr().err.splitlines()[-1] == (
            f"collective-impact import: error: -o {out}: import writes a native file; name it "
            ".yaml or "
            ".yml or .json or .toml (for example out.yaml)"
        )
        code, _, err = run(capsys, "assess", "--example", "workforce", "--config", str(text_file))
        assert code == cli.EXIT_INVALID
        assert err == (
            f"error: {text_file}: cannot tell the format from the suffix '.txt'; use one of "
            ".yaml, .yml, .json, .toml\n"
        )


class TestZipUnderAnotherName:
    """A ``.zip`` read as a native file was always "an Excel workbook (.xlsx)": a CSV bundle
    renamed ``.yaml`` too, or any other archive."""

    @pytest.fixture
    def bundle(self, tmp_path: Path) -> Path:
        ci.write_csv_bundle(ci.load_example("workforce"), tmp_path / "wf.zip")
        return (tmp_path / "wf.zip").rename(tmp_path / "wf.yaml")

    @pytest.mark.parametrize("given", [[], ["--from", "json"]])
    def test_a_bundle_is_told_how_to_read_it(
        self, bundle: Path, given: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, err = run(capsys, "assess", *given, str(bundle))
        assert (code, err) == (
            cli.EXIT_INVALID,
            f"error: {bundle}: this is a CSV bundle (.zip), not YAML, JSON or TOML text; name "
            "it .zip, or pass --from csv\n",
        )
        assert run(capsys, "assess", "--from", "csv", str(bundle))[0] == 0

    def test_the_library_says_its_own_words(self, bundle: Path) -> None:
        with pytest.raises(ci.FormatError) as err:
            ci.load(bundle)
        assert err.value.message == (
            "this is a CSV bundle (.zip), not YAML, JSON or TOML text; name it .zip, or read it "
            "with read_csv_bundle"
        )
        with pytest.raises(ci.FormatError) as err:
            cli.read_input(bundle)
        assert err.value.message.endswith("; name it .zip, or pass format='csv'")
        from collective_impact.io.native import BUNDLE_ADVICE

        assert BUNDLE_ADVICE == cli._BUNDLE_ADVICE  # the command line finds the library's words

    def test_a_bundle_as_config_and_another_archive(
        self, bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, err = run(capsys, "assess", "--example", "workforce", "--config", str(bundle))
        assert (code, err) == (
            cli.EXIT_INVALID,
            f"error: {bundle}: this is a CSV bundle (.zip), not YAML, JSON or TOML text\n",
        )
        other = tmp_path / "notes.json"
        with zipfile.ZipFile(other, "w") as archive:
            archive.writestr("notes.txt", "hello")
        code, _, err = run(capsys, "assess", str(other))
        assert (code, err) == (
            cli.EXIT_INVALID,
            f"error: {other}: this is a .zip archive, not YAML, JSON or TOML text\n",
        )


class TestMalformedAsOf:
    """A malformed ``--as-of`` is wrong usage (exit 2), worded as ``--sensitivity 0`` is."""

    @pytest.mark.parametrize("command", ["assess", "report"])
    @pytest.mark.parametrize("value", ["2026-13-01", "soon", "20260101"])
    def test_usage_error(
        self, tmp_path: Path, command: str, value: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = ["-o", str(tmp_path / "r.html")] if command == "report" else []
        with pytest.raises(SystemExit) as info:
            main([command, "--example", "cradle-to-career", "--as-of", value, *out])
        assert info.value.code == cli.EXIT_USAGE
        err = capsys.readouterr().err
        assert err.startswith("usage: ")
        assert f"error: argument --as-of: expected a date (YYYY-MM-DD), not '{value}'" in err


class TestFileOptionsWithAnExample:
    """``--from`` and ``--max-bytes`` apply to FILE; with only bundled examples to read they
    were silently ignored, and are now wrong usage."""

    @pytest.mark.parametrize(
        ("argv", "options"),
        [
            (["assess", "--example", "workforce", "--from", "json"], "--from applies"),
            (["show", "--example", "workforce", "--max-bytes", "none"], "--max-bytes applies"),
            (
                ["export", "kumu", "--example", "workforce", "-o", "k.json", "--max-bytes", "5"],
                "--max-bytes applies",
            ),
            (
                ["report", "--example", "workforce", "-o", "r.html", "--from", "json",
                 "--max-bytes", "5"],
                "--from and --max-bytes apply",
            ),
            (
                ["report", "--example", "workforce", "--compare-example", "workforce", "-o",
                 "r.html", "--from", "yaml"],
                "--from applies",
            ),
            (
                ["compare", "--old-example", "workforce", "--new-example", "workforce",
                 "--max-bytes", "100"],
                "--max-bytes applies",
            ),
        ],
    )  # fmt: skip
    def test_refused(
        self,
        argv: list[str],
        options: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.chdir(tmp_path)  # -o k.json, r.html: nothing written here either
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert list(tmp_path.iterdir()) == []
        assert info.value.code == cli.EXIT_USAGE
        assert f"error: {options} to FILE only, not to a bundled example" in capsys.readouterr().err

    def test_taken_with_a_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file beside an example (``report --compare``, ``compare``) takes them, and so does
        an example with ``--max-bytes default``, which asks for nothing."""
        native = tmp_path / "w.txt"
        ci.dump(ci.load_example("workforce"), native, format="json")
        html = str(tmp_path / "r.html")
        for argv in (
            ["report", "--example", "workforce", "--compare", str(native), "-o", html],
            ["compare", "--old-example", "workforce", str(native)],
        ):
            assert run(capsys, *argv, "--from", "json", "--max-bytes", "none")[0] == 0, argv
        assert run(capsys, "show", "--example", "workforce", "--max-bytes", "default")[0] == 0


class TestCompareTextAddsUp:
    """The alignment index before, after and its change are written with the decimals they
    need to add up as written."""

    def test_index_of_a_recommended_tie(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Tying faith-coalition and united-way in cradle-to-career (the first recommendation,
        0.60008 → 0.65857, +0.05849) read "0.600 → 0.659 (+0.058)": 0.600 + 0.058 = 0.658.
        Every activity counted, its dates removed (four have ended by the date of judgement)."""
        dated = ci.load_example("cradle-to-career")
        init = dated.evolve(
            activities=[attrs.evolve(a, start=None, end=None) for a in dated.activities]
        )
        before = ci.assess(init)
        rec = before.recommendations[0]
        assert (rec.source, rec.target) == ("faith-coalition", "united-way")
        after = ci.assess(ci.with_tie(init, rec.source, rec.target, strength=rec.strength))
        text = before.diff(after).summary()
        assert "alignment index                   0.6001 → 0.6586 (+0.0585)" in text


def test_show_counts_activities_without_a_strategy_apart() -> None:
    """ "Activities (2, 1 strategies): (none) 2": no strategy counted as one, in a plural."""
    init = ci.load_example("workforce")
    bare = init.evolve(activities=[attrs.evolve(a, strategy=None) for a in init.activities[:2]])
    assert "Activities (2, 0 strategies): without a strategy 2" in cli.summary(bare)
    one = bare.evolve(
        activities=[attrs.evolve(bare.activities[0], strategy="outreach"), bare.activities[1]]
    )
    assert "Activities (2, 1 strategy): outreach 1, without a strategy 1" in cli.summary(one)


def test_show_writes_each_name_on_one_line() -> None:
    """A name or a goal statement holding a line break broke ``show``'s title and its
    underline, and started a goal's second line at column 0 (``assess`` and ``compare`` put
    them on one line; found by a reviewer of the command line)."""
    init = ci.load_example("workforce")
    goal = attrs.evolve(init.goals[0], statement="Every adult works\nand stays employed")
    ind = attrs.evolve(init.indicators[0], unit="people\nplaced")
    act = attrs.evolve(init.activities[0], strategy="job\nreadiness")
    broken = init.evolve(
        name="Opportunity\nChicago",
        goals=[goal, *init.goals[1:]],
        indicators=[ind, *init.indicators[1:]],
        activities=[act, *init.activities[1:]],
    )
    lines = cli.summary(broken).splitlines()
    assert lines[:2] == ["Opportunity Chicago", "=" * len("Opportunity Chicago")]
    assert f"  {goal.id}: Every adult works and stays employed" in "\n".join(lines)
    assert "people placed" in "\n".join(lines)
    assert "job readiness 1" in "\n".join(lines)
    assert all(
        line == "" or line.startswith(("  ", "Opportunity", "=")) or line[0].isupper()
        for line in lines
    )


def test_show_is_readable_at_any_size(capsys: pytest.CaptureFixture[str]) -> None:
    """At the stress case ``show`` printed 1,222 lines, every goal and indicator, and two lines
    of 11,000 characters (333 strategies, 200 working groups); found by a reviewer who ran
    every output at scale. It lists 20 of each, then how many more; ``--all`` lists all."""
    from collective_impact.synth import generate

    init = generate(partners=200, activities=600, indicators=60, ties=300, seed=1)
    text = cli.summary(init)
    lines = text.splitlines()
    assert max(map(len, lines)) < 1000
    assert len(lines) < 80
    assert f"  … and {len(init.indicators) - cli.SHOW_LINES:,} more indicators (show --all)" in (
        lines
    )
    every = cli.summary(init, limit=None)
    assert all(f"  {ind.id}: " in every for ind in init.indicators)
    assert "more indicators" not in every
    small = cli.summary(ci.load_example("workforce"))
    assert small == cli.summary(ci.load_example("workforce"), limit=None)  # nothing cut
    code, out, _ = run(capsys, "show", "--example", "workforce", "--all")
    assert code == 0
    assert out.rstrip("\n") == small


def test_show_writes_counts_and_roles_in_words() -> None:
    """ "1 observations" and the backbone's staff as keys ("project_manager 1"), found by a
    reviewer following the docs as a new user."""
    init = ci.load_example("workforce")
    first = init.indicators[0]
    one = init.evolve(
        indicators=[attrs.evolve(first, observations=first.observations[:1]), *init.indicators[1:]]
    )
    text = cli.summary(one)
    assert "; 1 observation)" in text
    assert "1 observations" not in text
    assert "project manager 1" in text
    assert "project_manager" not in text


class TestTitleUnderline:
    """The ``====`` under the title was as long as the raw name, short under the name as
    printed, escaped (a right-to-left override is 6 characters, ``\\u202e``)."""

    @pytest.fixture
    def bidi(self, tmp_path: Path) -> Path:
        path = tmp_path / "bidi.yaml"
        init = ci.load_example("workforce")
        ci.dump(init.evolve(name="Evil \u202eTXET"), path)
        return path

    @pytest.mark.parametrize("command", ["assess", "show", "compare"])
    def test_measured_on_the_title_shown(
        self, bidi: Path, command: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = [command, str(bidi)] + ([str(bidi)] if command == "compare" else [])
        code, out, _ = run(capsys, *argv)
        assert code == 0
        title, underline = out.splitlines()[:2]
        assert "Evil \\u202eTXET" in title
        assert underline == "=" * len(title)

    def test_a_right_to_left_name_is_printed_isolated_not_escaped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The library quotes a right-to-left name between U+2068 and U+2069 so that it cannot
        reorder the sentence around it; the terminal's escaping wrote those isolates as
        ``\\u2068`` and ``\\u2069`` around an Arabic name in the title and the gap lines.
        A balanced isolate with nothing unsafe inside is printed as it is (zero columns wide,
        so the underline spans the name); a raw override inside one is still escaped."""
        path = tmp_path / "rtl.yaml"
        ci.dump(ci.load_example("workforce").evolve(name="مدرسة المدينة 2030"), path)
        code, out, _ = run(capsys, "assess", str(path))
        assert code == 0
        title, underline = out.splitlines()[:2]
        assert title.startswith("\u2068مدرسة المدينة 2030\u2069: assessment")
        assert "\\u2068" not in out
        assert len(underline) == len(title) - 2  # the two isolates take no column

    def test_an_underline_of_the_text_is_left_alone(self) -> None:
        text = "Title\n=====\nbody\n==\n"
        assert cli._titled(text, "utf-8") == text
        assert cli._titled("A\u202e\n=\nb", "utf-8") == "A\u202e\n=======\nb"
        assert cli._titled("no underline\nbody", "ascii") == "no underline\nbody"
        assert cli._titled("A → B\n=====", "ascii") == "A → B\n======"  # written A -> B


class TestInterruptedAtOnce:
    """Ctrl-C in the first tenth of a second (``timeout -s INT 0.05 collective-impact assess
    ...``) printed a traceback: the arguments were read outside the handlers of ``main``, and
    the command's script imported the command line with nothing around it."""

    def test_while_the_arguments_are_read(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def interrupted() -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(cli, "_build_parser", interrupted)
        assert main(["assess", "--example", "workforce"]) == cli.EXIT_INTERRUPTED
        assert capsys.readouterr().err == "interrupted\n"

    def test_while_the_command_line_is_imported(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        import types

        from collective_impact.__main__ import run

        class Importing(types.ModuleType):
            def __getattr__(self, name: str) -> Any:
                raise KeyboardInterrupt

        monkeypatch.setitem(sys.modules, "collective_impact.cli", Importing("cli"))
        assert run() == cli.EXIT_INTERRUPTED
        assert capsys.readouterr().err == "interrupted\n"

    def test_the_command_runs_through_the_guarded_entry(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        import tomllib

        from collective_impact.__main__ import run

        project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
        assert project["project"]["scripts"] == {
            "collective-impact": "collective_impact.__main__:run"
        }
        monkeypatch.setattr(sys, "argv", ["collective-impact", "show", "--example", "workforce"])
        assert run() == 0
        assert capsys.readouterr().out.startswith("Opportunity Chicago")

    def test_an_internal_error_while_the_arguments_are_read(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def broken() -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(cli, "_build_parser", broken)
        assert main(["show", "--example", "workforce"]) == cli.EXIT_INTERNAL
        err = capsys.readouterr().err
        assert err.startswith("internal error: RuntimeError: boom (this is a bug")
        with pytest.raises(RuntimeError):
            main(["show", "--example", "workforce", "--traceback"])


#: Runs the command line with its write stalled once the temporary file is written.
_STALLED_WRITE = """
import sys, time
from collective_impact import cli
from collective_impact.io import _files

def stalled(path):
    time.sleep(120)

_files._sync = stalled
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
class TestTerminated:
    """SIGTERM or SIGHUP during a write left its hidden temporary file (``.r.html.<hex>.tmp``):
    only SIGINT became an exception, so the cleanup of the write never ran."""

    @pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGHUP", 129)])
    def test_a_write_in_progress_is_removed(self, tmp_path: Path, name: str, status: int) -> None:
        import time

        out = tmp_path / "out"
        out.mkdir()
        argv = ["report", "--example", "workforce", "-o", str(out / "r.html")]

        def default_handlers() -> None:
            # a run under nohup (or a CI runner) ignores SIGHUP, and a child inherits that: the
            # command then leaves it ignored, by design (the test below), and would not end
            for s in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(s, signal.SIG_DFL)

        process = subprocess.Popen(
            [sys.executable, "-c", _STALLED_WRITE, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=default_handlers,
        )
        try:
            deadline = time.monotonic() + 120
            while not list(out.glob(".r.html.*.tmp")):
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the write never started"
                time.sleep(0.02)
            process.send_signal(getattr(signal, name))
            stdout, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert (process.returncode, stdout, stderr) == (status, "", f"terminated by {name}\n")
        assert list(out.iterdir()) == []

    def test_the_handlers_are_set_while_the_command_runs_only(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Set for the command only, and only over the default handler: one the caller set,
        or an ignored SIGHUP (``nohup``), is kept."""
        seen: list[Any] = []
        real = cli.summary

        def summary(*args: Any, **kwargs: Any) -> str:
            seen.extend(signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP))
            return real(*args, **kwargs)

        monkeypatch.setattr(cli, "summary", summary)
        before = signal.signal(signal.SIGTERM, signal.SIG_DFL)
        hangup = signal.signal(signal.SIGHUP, signal.SIG_IGN)
        try:
            assert main(["show", "--example", "workforce"]) == 0
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        finally:
            signal.signal(signal.SIGTERM, before)
            signal.signal(signal.SIGHUP, hangup)
        assert callable(seen[0])
        assert seen[1] is signal.SIG_IGN
        capsys.readouterr()


class TestUsageAsDocumented:
    """What docs/cli.md and ``--help`` say, and what the command does (found by a reviewer)."""

    def test_every_argument_has_help(self) -> None:
        """``example --format`` and ``template -o`` had none."""
        parser = cli._build_parser()
        missing = [
            f"{name} {action.option_strings or action.dest}"
            for name, command in parser.commands.items()
            for action in command._actions
            if not action.help
        ]
        assert missing == []

    @pytest.mark.parametrize(
        ("argv", "unknown"),
        [
            (["assess", "--bogus", "--example", "workforce"], "--bogus"),
            (["validate", "x.yaml", "--json"], "--json"),
            (["example", "workforce", "extra"], "extra"),
        ],
    )
    def test_an_unknown_argument_prints_the_command_s_usage(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], unknown: str
    ) -> None:
        """``assess --bogus`` printed the usage of every command, not of ``assess``."""
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == cli.EXIT_USAGE
        err = capsys.readouterr().err
        command = f"collective-impact {argv[0]}"
        assert err.startswith(f"usage: {command} [-h]")
        assert err.endswith(f"{command}: error: unrecognized arguments: {unknown}\n")

    def test_an_unknown_argument_before_the_command_is_the_main_parser_s(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as info:
            main(["--bogus", "show", "--example", "workforce"])
        assert info.value.code == cli.EXIT_USAGE
        err = capsys.readouterr().err
        assert err.startswith("usage: collective-impact [-h]")
        assert "collective-impact: error: unrecognized arguments: --bogus" in err

    @pytest.mark.parametrize("suffix", [".json", ".yaml"])
    @pytest.mark.parametrize("command", ["validate", "assess"])
    def test_input_nested_too_deeply_is_invalid_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, command: str
    ) -> None:
        """Refused by the readers with its place (status 1, as any input a limit refuses),
        while docs/cli.md said status 4: the docs now say so."""
        path = tmp_path / f"deep{suffix}"
        path.write_text('{"name": ' + "[" * 5000 + "]" * 5000 + "}")
        code, _, err = run(capsys, command, str(path))
        assert code == cli.EXIT_INVALID
        assert f"deep{suffix}, line 1, column " in err
        assert "nested too deeply (more than 1,000 levels)" in err
        table = (Path(__file__).parents[1] / "docs" / "cli.md").read_text("utf-8")
        rows = {row.split("|")[1].strip(): row for row in table.splitlines() if row[:2] == "| "}
        assert "nested more than 1,000 levels deep" in rows["1"]
        assert "nested too deeply" not in rows["4"]


@pytest.mark.parametrize(
    "argv",
    [["assess", "-"], ["validate", "good.yaml", "-"], ["compare", "-", "good.yaml"]],
)
def test_a_dash_is_not_the_standard_input(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``example cradle-to-career | assess -`` said "-: no such file" and ``validate -``
    "-: INVALID", as if a file were lost (found by a reviewer of the command line). It is a
    usage error that says inputs are files; a file named ``-`` is read as any other."""
    monkeypatch.chdir(tmp_path)
    ci.dump(ci.load_example("workforce"), tmp_path / "good.yaml")
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert (info.value.code, out) == (2, "")
    assert "FILE -: the standard input is not read" in err
    (tmp_path / "-").write_text(ci.dumps(ci.load_example("workforce")), encoding="utf-8")
    code, _, err = run(capsys, "validate", "-", "--from", "yaml")
    assert code == 0, err


class TestFileNamesAsGiven:
    r"""``validate`` writes one line a file, but a line break in a name was printed raw
    (``escape`` keeps line breaks and tabs in text), splitting it in two; and ``now.yaml/``,
    which the system refuses, was read as ``now.yaml`` and said valid."""

    @pytest.mark.parametrize("char", ["\n", "\r", "\t"])
    def test_a_name_keeps_its_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str
    ) -> None:
        good = tmp_path / f"nl{char}x.yaml"
        ci.dump(ci.load_example("workforce"), good)
        missing = tmp_path / f"gone{char}.yaml"
        code, out, err = run(capsys, "validate", str(good), str(missing))
        shown = repr(char)[1:-1]
        assert code == cli.EXIT_INVALID
        assert out.splitlines() == [
            f"{tmp_path}/nl{shown}x.yaml: valid (11 partners, 11 activities)",
            f"{tmp_path}/gone{shown}.yaml: INVALID",
        ]
        assert err == f"{tmp_path}/gone{shown}.yaml: no such file\n"

    def test_outputs_and_usage_errors_name_it_escaped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "k\nx.json"
        code, said, _ = run(capsys, "export", "kumu", "--example", "workforce", "-o", str(out))
        assert (code, said) == (0, f"{tmp_path}/k\\nx.json: written (kumu)\n")
        with pytest.raises(SystemExit):
            main(["report", "--example", "workforce", "-o", f"{tmp_path}/r\n.yaml"])
        err = capsys.readouterr().err
        assert err.endswith(
            f"error: -o {tmp_path}/r\\n.yaml: report writes an HTML page; name it .html or .htm "
            "(for example r\\n.html)\n"
        )

    def test_a_file_named_as_a_folder_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "now.yaml"
        ci.dump(ci.load_example("workforce"), path)
        code, out, err = run(capsys, "validate", f"{path}/")
        assert (code, out) == (cli.EXIT_INVALID, f"{path}/: INVALID\n")
        assert err == (
            f"{path}/: not a directory: the path ends with '/', as a folder's does, but this is "
            "a file; leave the '/' out\n"
        )
        assert run(capsys, "show", f"{path}/")[0] == cli.EXIT_INVALID
        ci.write_csv_bundle(ci.load_example("workforce"), tmp_path / "bundle")
        assert run(capsys, "validate", f"{tmp_path / 'bundle'}/")[0] == 0

    @pytest.mark.parametrize(
        "argv",
        [
            ["report", "--example", "workforce", "-o", "r.html/"],
            ["export", "kumu", "--example", "workforce", "-o", "k.json/"],
            ["template", "-o", "t.xlsx/"],
            ["import", "iati", str(DATA / "iati" / "dportal__LB-MOI-497.xml"), "-o", "i.yaml/"],
            ["import", "iati", str(DATA / "iati" / "dportal__LB-MOI-497.xml"), "-o", "i.yaml",
             "--issues", "x.json/"],
        ],
    )  # fmt: skip
    def test_an_output_named_as_a_folder_is_wrong_usage(
        self,
        argv: list[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``report -o r.html/`` wrote ``r.html``."""
        monkeypatch.chdir(tmp_path)
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == cli.EXIT_USAGE
        option, name = argv[-2:]
        assert capsys.readouterr().err.endswith(
            f"error: {option} {name}: the name ends with '/', as a folder's does, but a file is "
            "written there; leave the '/' out\n"
        )
        assert list(tmp_path.iterdir()) == []

    def test_a_bundle_folder_may_end_with_its_slash(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        target = f"{tmp_path / 'out'}/"
        assert run(capsys, "export", "csv", "--example", "workforce", "-o", target)[0] == 0
        assert (tmp_path / "out" / "partners.csv").is_file()
