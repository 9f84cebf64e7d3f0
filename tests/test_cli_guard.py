"""The command line as a guard: its exit status and messages when outputs close, outputs would
overwrite inputs, several inputs are wrong, or options conflict."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import attrs
import pytest
import yaml

import collective_impact as ci
from collective_impact import cli
from collective_impact.cli import main
from collective_impact.io.csvbundle import BUNDLE_FILES

DATA = Path(__file__).parent / "data"

#: A file that does not read: an unknown sector.
BAD = "schema_version: 1\nname: x\npartners: [{id: a, name: A, sector: charity}]\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``argv``, expect the exit status 2 of wrong usage, return standard error."""
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    assert info.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


class Closed(io.StringIO):
    """A stream whose reader has gone (``| head -1`` done): every write fails as a closed pipe."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.yaml"
    ci.dump(ci.load_example("workforce"), path)
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD)
    return path


class TestClosedOutput:
    """``validate a.yaml bad.yaml | head -1`` exited 0 and never checked bad.yaml: the closed
    pipe ended the command with success. It now checks every file and exits 1."""

    def test_validate_checks_every_file_after_the_reader_has_gone(
        self,
        good: Path,
        bad: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(sys, "stdout", Closed())
        assert main(["validate", str(good), str(bad)]) == cli.EXIT_INVALID
        err = capsys.readouterr().err
        assert "partners[0].sector: expected one of" in err
        assert "Traceback" not in err

    def test_validate_of_valid_files_still_succeeds(
        self, good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys, "stdout", Closed())
        assert main(["validate", str(good), str(good)]) == cli.EXIT_OK
        assert capsys.readouterr().err == ""

    def test_validate_with_both_streams_closed(
        self, good: Path, bad: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``validate ... 2>&1 | head -1``: standard error is the closed pipe too."""
        monkeypatch.setattr(sys, "stdout", Closed())
        monkeypatch.setattr(sys, "stderr", Closed())
        assert main(["validate", str(bad), str(good)]) == cli.EXIT_INVALID

    def test_validate_through_a_real_closed_pipe(self, good: Path, bad: Path) -> None:
        """The reviewer's ``| head -1``, with the pipe closed before the command writes."""
        read, write = os.pipe()
        os.close(read)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "collective_impact", "validate", str(good), str(bad)],
                stdout=write,
                stderr=subprocess.PIPE,
                text=True,
                check=False,
            )
        finally:
            os.close(write)
        assert done.returncode == cli.EXIT_INVALID
        assert "partners[0].sector: expected one of" in done.stderr
        assert "Traceback" not in done.stderr
        assert "Exception ignored" not in done.stderr

    def test_a_full_disk_is_still_an_error(
        self, good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        class Full(Closed):
            def write(self, text: str) -> int:
                raise OSError(28, "No space left on device")

        monkeypatch.setattr(sys, "stdout", Full())
        assert main(["validate", str(good)]) == cli.EXIT_INVALID
        err = capsys.readouterr().err
        assert (
            err == "error: cannot write to standard output: no space left on the device;"
            " what was printed, if anything, is incomplete\n"
        )

    def test_import_writes_its_file_when_its_warnings_cannot_be_shown(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The warnings of an IATI import went to a closed standard error: the import stopped
        before writing its file, with status 0."""
        out = tmp_path / "lebanon.yaml"
        source = DATA / "iati" / "dportal__LB-MOI-497.xml"
        monkeypatch.setattr(sys, "stderr", Closed())
        assert main(["import", "iati", str(source), "-o", str(out)]) == cli.EXIT_OK
        assert len(ci.load(out).indicators) == 12


class TestOutputIsAnInput:
    """``report copy.yaml -o copy.yaml`` replaced the initiative with the HTML report. An output
    that is an input is wrong usage, refused before anything is read or written."""

    def refused(self, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
        err = usage_error(capsys, *argv)
        assert "write the output to another file" in err
        return err

    def test_report_over_its_input(
        self, good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        before = good.read_bytes()
        monkeypatch.chdir(good.parent)
        for output in ("good.yaml", "./good.yaml", str(good)):
            err = self.refused(capsys, "report", "good.yaml", "-o", output)
            assert f"-o {output} would overwrite the input FILE, good.yaml;" in err
        assert good.read_bytes() == before

    def test_export_over_its_input(
        self, good: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        before = good.read_bytes()
        monkeypatch.chdir(good.parent)
        err = self.refused(capsys, "export", "kumu", "./good.yaml", "-o", "good.yaml")
        assert "-o good.yaml would overwrite the input FILE, ./good.yaml;" in err
        assert good.read_bytes() == before

    def test_report_over_the_version_compared_or_the_config(
        self, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        old = tmp_path / "old.yaml"
        ci.dump(ci.load_example("workforce"), old)
        config = tmp_path / "weights.toml"
        config.write_text("weak_tie = 0.3\n")
        argv = ("report", str(good), "--compare", str(old), "--config", str(config), "-o")
        err = self.refused(capsys, *argv, str(old))
        assert f"would overwrite the version to compare with (--compare), {old};" in err
        err = self.refused(capsys, *argv, str(config))
        assert f"would overwrite the --config file, {config};" in err
        assert config.read_text() == "weak_tie = 0.3\n"

    def test_through_a_link(
        self, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        link = tmp_path / "link.html"
        link.symlink_to(good)
        self.refused(capsys, "report", str(good), "-o", str(link))
        assert ci.load(good) == ci.load_example("workforce")

    def test_a_bundle_and_its_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bundle = tmp_path / "bundle"
        ci.write_csv_bundle(ci.load_example("workforce"), bundle)
        before = (bundle / "partners.csv").read_bytes()
        self.refused(capsys, "export", "csv", str(bundle), "-o", str(bundle))
        err = self.refused(capsys, "report", str(bundle), "-o", str(bundle / "partners.csv"))
        assert f"(its file {bundle / 'partners.csv'})" in err
        assert (bundle / "partners.csv").read_bytes() == before

    def test_import_over_a_source(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        source = tmp_path / "a.xml"
        source.write_bytes((DATA / "iati" / "dportal__LB-MOI-497.xml").read_bytes())
        err = self.refused(capsys, "import", "iati", str(source), "-o", str(source))
        assert f"would overwrite the input SRC, {source};" in err

    def test_another_file_is_written(
        self, good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "good.html"
        assert run(capsys, "report", str(good), "-o", str(out))[0] == cli.EXIT_OK
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


class TestOutputsKeptSafe:
    """Reported by a reviewer: outputs that lost work, or read what they should not."""

    def test_template_and_import_keep_an_existing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``template -o initiative.xlsx`` run again from the shell's history replaced a
        workbook already filled in; ``import`` a file edited by hand since."""
        pytest.importorskip("openpyxl")
        filled = tmp_path / "initiative.xlsx"
        ci.write_workbook(ci.load_example("workforce"), filled)
        before = filled.read_bytes()
        err = usage_error(capsys, "template", "-o", str(filled))
        assert "the workbook exists, and may hold what was typed into it since" in err
        assert "pass --force to replace it" in err
        assert filled.read_bytes() == before
        assert run(capsys, "template", "-o", str(filled), "--force")[0] == cli.EXIT_OK
        assert filled.read_bytes() != before
        edited = tmp_path / "mine.yaml"
        edited.write_text("# edited by hand\n", encoding="utf-8")
        bundle = tmp_path / "bundle"
        ci.write_csv_bundle(ci.load_example("workforce"), bundle)
        err = usage_error(capsys, "import", "csv", str(bundle), "-o", str(edited))
        assert "the file exists" in err
        assert edited.read_text(encoding="utf-8") == "# edited by hand\n"
        assert run(capsys, "import", "csv", str(bundle), "-o", str(edited), "--force")[0] == 0
        assert ci.load(edited) == ci.read_csv_bundle(bundle)

    def test_a_folder_or_a_dangling_link_is_not_an_existing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming a folder, or a link that leads nowhere, was "the file exists ... pass
        --force", and --force then failed: "is a directory" (found by a reviewer). The write
        says what is wrong, first."""
        pytest.importorskip("openpyxl")
        folder = tmp_path / "dd.xlsx"
        folder.mkdir()
        code, _, err = run(capsys, "template", "-o", str(folder))
        assert code == cli.EXIT_INVALID
        assert err == f"error: {folder}: cannot write it: is a directory, not a file\n"
        link = tmp_path / "broken.xlsx"
        link.symlink_to(tmp_path / "nowhere" / "target.xlsx")
        code, _, err = run(capsys, "template", "-o", str(link))
        assert code == cli.EXIT_INVALID
        assert "pass --force" not in err
        assert f"the folder {tmp_path / 'nowhere'} does not exist" in err

    def test_import_writes_its_report_first_and_no_report_without_its_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``import iati -o out.yaml --issues ro/x.json``: out.yaml was written, then the
        report failed ("nothing was written"), and a rerun was refused because out.yaml
        existed (found by a reviewer). The report is written first; a file that then fails
        takes the report written for it away."""
        import collective_impact.io as cio
        from collective_impact.errors import WriteError
        from collective_impact.io import _files

        source = str(DATA / "iati" / "dportal__LB-MOI-497.xml")
        out, report = tmp_path / "out.yaml", tmp_path / "issues.json"
        real, real_dump = _files.write_bytes, cio.dump

        def refuse_report(path: Any, data: bytes) -> None:
            if Path(path).name.startswith(f".{report.name}."):  # written beside its place
                raise WriteError(str(report), "permission denied")
            real(path, data)

        monkeypatch.setattr(_files, "write_bytes", refuse_report)
        code, _, err = run(
            capsys, "import", "iati", source, "-o", str(out), "--issues", str(report)
        )
        assert code == cli.EXIT_INVALID
        assert f"{report}: cannot write it: permission denied" in err
        assert not out.exists()
        monkeypatch.setattr(_files, "write_bytes", real)

        def refuse_file(initiative: Any, path: Any, **options: Any) -> None:
            raise WriteError(str(path), "the disk is full")

        monkeypatch.setattr(cio, "dump", refuse_file)
        code, _, err = run(
            capsys, "import", "iati", source, "-o", str(out), "--issues", str(report)
        )
        assert code == cli.EXIT_INVALID
        assert not out.exists()
        assert not report.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == []
        # a rerun that fails leaves the report of the import that was written (the next
        # reviewer: it was replaced by the report of the import that was not)
        monkeypatch.setattr(cio, "dump", real_dump)
        imported = run(capsys, "import", "iati", source, "-o", str(out), "--issues", str(report))
        assert imported[0] == cli.EXIT_OK
        before = report.read_bytes()
        other = str(DATA / "iati" / "activity-standard-example-annotated.xml")
        monkeypatch.setattr(cio, "dump", refuse_file)
        code, _, _ = run(
            capsys, "import", "iati", other, "-o", str(out), "--issues", str(report), "--force"
        )
        assert code == cli.EXIT_INVALID
        assert report.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["issues.json", "out.yaml"]

    def test_an_output_inside_an_input_bundle_folder(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``report bundle -o bundle/report.html`` wrote a file the bundle reader then refused
        ("report.html: unknown file"): the bundle could no longer be read."""
        bundle = tmp_path / "bundle"
        ci.write_csv_bundle(ci.load_example("workforce"), bundle)
        for argv in (
            ("report", str(bundle), "-o", str(bundle / "report.html")),
            ("import", "csv", str(bundle), "-o", str(bundle / "initiative.yaml")),
        ):
            err = usage_error(capsys, *argv)
            assert f"is inside the input FILE, the CSV bundle folder {bundle}" in err or (
                f"is inside the input SRC, the CSV bundle folder {bundle}" in err
            )
        assert sorted(p.name for p in bundle.iterdir()) == sorted(BUNDLE_FILES)

    @pytest.mark.parametrize(
        "argv",
        [("validate", ""), ("assess", " "), ("report", "--example", "workforce", "-o", "")],
    )
    def test_an_empty_file_name_is_wrong_usage(
        self, argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``validate "$UNSET"`` read the current folder as a CSV bundle: inside one, it said
        "valid" and exited 0."""
        assert "empty file name (an unset variable?)" in usage_error(capsys, *argv)

    def test_sensitivity_has_a_bound(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``--sensitivity 100000000`` grew by 400 MiB a second towards 10 GB."""
        err = usage_error(capsys, "assess", "--example", "workforce", "--sensitivity", "100000001")
        assert "expected a whole number of samples from 1 to 100,000, got 100,000,001" in err

    def test_max_elements_is_for_iati_only(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``import csv b -o out.yaml --max-elements 1`` ignored the option silently."""
        bundle = tmp_path / "b"
        ci.write_csv_bundle(ci.load_example("workforce"), bundle)
        argv = ("import", "csv", str(bundle), "-o", str(tmp_path / "o.yaml"), "--max-elements", "1")
        assert "--max-elements applies to import iati only" in usage_error(capsys, *argv)


class TestGapsInDetail:
    """``assess --example workforce``: 13 gaps, the detail cut to 10 without a word of the 3
    others; a run with 8 gaps in all said "(first 8)"."""

    def test_the_gaps_left_out_are_counted(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(capsys, "assess", "--example", "workforce")
        assert code == cli.EXIT_OK
        assert len(ci.assess(ci.load_example("workforce")).gaps) == 13
        detail = out[out.index("\nThe gaps in detail") : out.index("\nRecommended ties")]
        lines = detail.strip().splitlines()
        assert lines[0] == "The gaps in detail (first 10)"
        assert sum(line.startswith("  [") for line in lines) == 10
        assert (
            lines[-1]
            == "  … and 3 more gaps (`--all`, or `summary(max_gaps=None)`, lists every one)"
        )

    def test_no_first_when_every_gap_is_shown(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        tiny = tmp_path / "tiny.yaml"
        tiny.write_text(
            "schema_version: 1\nname: Tiny\npartners:\n  - {id: a, name: A, sector: nonprofit}\n"
        )
        gaps = len(ci.assess(ci.load(tiny)).gaps)
        assert 0 < gaps < 10
        for extra in ((), ("--all",)):
            out = run(capsys, "assess", str(tiny), *extra)[1]
            assert "\nThe gaps in detail\n" in out
            assert "(first" not in out
            assert "more gap" not in out

    def test_none_listed(self) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        text = result.summary(max_gaps=0)
        detail = text[text.index("\nThe gaps in detail") : text.index("\nRecommended ties")]
        assert detail.strip().splitlines() == [
            "The gaps in detail",
            "  34 gaps not listed (`--all`, or `summary(max_gaps=None)`, lists every one)",
        ]
        markdown = result.summary(max_gaps=12, markdown=True)
        assert "\n## The gaps in detail (first 12)\n" in markdown
        assert "\n- … and 22 more gaps (`--all`," in markdown

    @pytest.mark.parametrize(
        ("limit", "said"),
        [
            ("0", "34 gaps, none listed)"),
            ("1", "34 gaps, the most pressing listed)"),
            ("2", "34 gaps, the 2 most pressing listed)"),
            ("34", "34 gaps)"),
        ],
    )
    def test_report_says_how_many_it_lists(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], limit: str, said: str
    ) -> None:
        out = tmp_path / "r.html"
        argv = ("report", "--example", "cradle-to-career", "-o", str(out), "--max-gaps", limit)
        code, stdout, _ = run(capsys, *argv)
        assert code == cli.EXIT_OK
        assert stdout == f"{out}: written (HTML report, as of 2026-09-30, {said}\n"

    def test_the_date_given_is_named_as_the_command_line_names_it(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for fmt in ("text", "markdown"):
            argv = ("assess", "--example", "workforce", "--as-of", "2010-06-30", "--format", fmt)
            first = run(capsys, *argv)[1].splitlines()[0]
            assert first.endswith("assessment as of 2010-06-30 (--as-of)")
        library = ci.assess(ci.load_example("workforce"), as_of=dt.date(2010, 6, 30))
        assert library.summary().splitlines()[0].endswith("as of 2010-06-30 (the as_of given)")


class TestJson:
    """docs/cli.md promised ``compare --json``; ``--json --format markdown`` gave JSON."""

    OLD, NEW = "cradle-to-career", "cradle-to-career-2027"

    def test_compare_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ("compare", "--old-example", self.OLD, "--new-example", self.NEW)
        code, by_switch, _ = run(capsys, *argv, "--json")
        assert code == cli.EXIT_OK
        assert by_switch == run(capsys, *argv, "--format", "json")[1]
        assert by_switch == run(capsys, *argv, "--json", "--format", "json")[1]
        assert json.loads(by_switch)["as_of"]["after"] == "2027-06-30"

    @pytest.mark.parametrize("fmt", ["text", "markdown"])
    def test_json_with_another_format_is_wrong_usage(
        self, capsys: pytest.CaptureFixture[str], fmt: str
    ) -> None:
        for argv in (
            ("assess", "--example", self.OLD),
            ("compare", "--old-example", self.OLD, "--new-example", self.NEW),
        ):
            err = usage_error(capsys, *argv, "--json", "--format", fmt)
            assert f"error: --json is --format json: it cannot be given with --format {fmt}" in err


def diverging(tmp_path: Path) -> tuple[Path, Path]:
    """workforce with its first three indicators each driving the other two with weight 1 (W
    has spectral radius 2), and a config of pathway_weight 0.45: radius 0.9 converges, but a
    sample's pathway_weight up to 20% larger (0.54) gives 1.08."""
    init = ci.load_example("workforce")
    three = [i.id for i in init.indicators[:3]]
    init = init.evolve(
        indicators=[
            attrs.evolve(ind, drives={j: 1.0 for j in three if j != ind.id})
            if ind.id in three
            else ind
            for ind in init.indicators
        ]
    )
    path = tmp_path / "judge.yaml"
    ci.dump(init, path)
    config = tmp_path / "pw.toml"
    config.write_text("pathway_weight = 0.45\n")
    return path, config


class TestSensitivityOfConvergingPathways:
    """``assess FILE --sensitivity 30`` stopped with status 1 when a perturbed sample's pathways
    diverged though the file's converge (first naming no file, then with advice on a lower
    pathway_weight): the whole study was lost to the samples whose scores are undefined. Now
    the study completes and says in how many samples the pathways diverged.

    With :func:`diverging` (W of spectral radius 2, pathway_weight 0.45) a sample diverges when
    its pathway_weight 0.45 u reaches 1/2, u >= 10/9: probability (1.2 - 10/9) / 0.4 = 2/9,
    about 6.7 of 30 samples; the draws of seed 0 (the command line's) give 8.
    """

    @staticmethod
    def expected_diverged(samples: int) -> int:
        """Count, from the draws of seed 0, the samples with pathway_weight * 2 >= 1."""
        from collective_impact.sensitivity import _perturbed_configs

        config = ci.ScoringConfig(pathway_weight=0.45)
        draws = _perturbed_configs(config, spread=0.2, samples=samples, seed=0)
        return sum(2.0 * c.pathway_weight >= 1.0 - 1e-12 for c, _ in draws)

    @pytest.mark.parametrize("fmt", ["text", "markdown"])
    def test_the_study_completes_and_counts_the_diverged_samples(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
    ) -> None:
        path, config = diverging(tmp_path)
        n = self.expected_diverged(30)
        assert n == 8
        argv = ("assess", str(path), "--config", str(config), "--sensitivity", "30")
        code, out, err = run(capsys, *argv, "--format", fmt)
        assert (code, err) == (cli.EXIT_OK, "")
        start = "  pathways" if fmt == "text" else "Pathways"
        said = f"{start} diverged in {n} of 30 samples (pathway_weight drawn too large): "
        assert said + "their scores and rankings are undefined" in out
        assert f"(defined in {30 - n} of 30 samples)" in out

    def test_json_counts_the_diverged_samples(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path, config = diverging(tmp_path)
        n = self.expected_diverged(30)
        argv = ("assess", str(path), "--config", str(config), "--sensitivity", "30", "--json")
        code, out, err = run(capsys, *argv)
        assert (code, err) == (cli.EXIT_OK, "")
        study = json.loads(out)["sensitivity"]
        assert (study["samples"], study["diverged"]) == (30, n)
        assert study["scores"]["overall"]["defined"] == 30 - n
        assert study["gaps"]["defined"] == 30 - n

    def test_no_sample_diverges_below_the_bound(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """pathway_weight 0.375: every sample at most 0.45, radius at most 0.9."""
        path, config = diverging(tmp_path)
        config.write_text("pathway_weight = 0.375\n")
        argv = ("assess", str(path), "--config", str(config), "--sensitivity", "30")
        code, out, _ = run(capsys, *argv, "--json")
        assert code == cli.EXIT_OK
        assert json.loads(out)["sensitivity"]["diverged"] == 0
        code, out, _ = run(capsys, *argv)
        assert code == cli.EXIT_OK
        assert "Sensitivity to weights and thresholds (30 samples" in out
        assert "diverged" not in out

    def test_a_baseline_that_diverges_is_still_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """pathway_weight 0.6 (radius 1.2): the file itself cannot be assessed, before any study."""
        path, config = diverging(tmp_path)
        config.write_text("pathway_weight = 0.6\n")
        argv = ("assess", str(path), "--config", str(config), "--sensitivity", "30")
        code, out, err = run(capsys, *argv)
        assert (code, out) == (cli.EXIT_INVALID, "")
        assert err.startswith(
            f"error: {path}: indicator pathways do not converge: the 3 indicators "
        )
        assert "spectral radius of 1.2 >= 1" in err
        assert "Traceback" not in err


class TestEveryInputsProblems:
    """Only the first input's problems were printed: ``compare bad.yaml bad2.yaml`` named only
    bad.yaml, ``import iati nope1.xml nope2.xml`` only nope1.xml, and ``assess`` and ``report``
    with a bad file and a bad ``--config`` each reported a different one."""

    @pytest.fixture
    def bad_config(self, tmp_path: Path) -> Path:
        path = tmp_path / "badw.toml"
        path.write_text("pathway_weight = 1.3\n")
        return path

    def errors(self, err: str) -> list[str]:
        return [line for line in err.splitlines() if line.startswith("error: ")]

    def test_compare_two_bad_files(
        self, bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad2 = tmp_path / "bad2.yaml"
        bad2.write_text(BAD)
        code, out, err = run(capsys, "compare", str(bad), str(bad2))
        assert (code, out) == (cli.EXIT_INVALID, "")
        assert self.errors(err) == [f"error: 1 problem in {bad}:", f"error: 1 problem in {bad2}:"]

    def test_import_two_missing_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        nope1, nope2 = tmp_path / "nope1.xml", tmp_path / "nope2.xml"
        real = DATA / "iati" / "dportal__LB-MOI-497.xml"
        out = tmp_path / "x.yaml"
        code, _, err = run(
            capsys, "import", "iati", str(nope1), str(real), str(nope2), "-o", str(out)
        )
        assert code == cli.EXIT_INVALID
        assert err.splitlines() == [
            f"error: {nope1}: no such file",
            f"error: {nope2}: no such file",
        ]
        assert not out.exists()

    def test_import_one_file_without_organisations_among_several(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file without organisations is fine among several: only the missing one is named."""
        empty = tmp_path / "empty.xml"
        empty.write_text('<iati-activities version="2.03"></iati-activities>\n')
        nope = tmp_path / "nope.xml"
        real = DATA / "iati" / "dportal__LB-MOI-497.xml"
        argv = ("import", "iati", str(empty), str(nope), str(real), "-o", str(tmp_path / "x.yaml"))
        code, _, err = run(capsys, *argv)
        assert code == cli.EXIT_INVALID
        assert err.splitlines() == [f"error: {nope}: no such file"]

    @pytest.mark.parametrize("command", ["assess", "report", "compare"])
    def test_the_file_then_the_config(
        self,
        bad: Path,
        good: Path,
        bad_config: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        command: str,
    ) -> None:
        files = {
            "assess": [str(bad)],
            "report": [str(bad), "-o", str(tmp_path / "r.html")],
            "compare": [str(good), str(bad)],
        }[command]
        code, _, err = run(capsys, command, *files, "--config", str(bad_config))
        assert code == cli.EXIT_INVALID
        assert self.errors(err) == [
            f"error: 1 problem in {bad}:",
            f"error: 1 problem in {bad_config}:",
        ]

    def test_report_and_the_version_compared(
        self, bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        missing = tmp_path / "old.yaml"
        argv = ("report", str(bad), "--compare", str(missing), "-o", str(tmp_path / "r.html"))
        code, _, err = run(capsys, *argv)
        assert code == cli.EXIT_INVALID
        assert self.errors(err) == [
            f"error: 1 problem in {bad}:",
            f"error: {missing}: no such file",
        ]

    def test_both_versions_judged_wrong(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Files that read well, each with an as_of before every observation."""
        paths = []
        for name in ("old", "new"):
            path = tmp_path / f"{name}.yaml"
            ci.dump(ci.load_example("workforce").evolve(as_of="1990-01-01"), path)
            paths.append(path)
        code, _, err = run(capsys, "compare", *map(str, paths))
        assert code == cli.EXIT_INVALID
        assert [line.partition(": the file's as_of")[0] for line in self.errors(err)] == [
            f"error: {paths[0]}",
            f"error: {paths[1]}",
        ]


class TestUnknownExample:
    """An unknown bundled example was "invalid input" (status 1); it is wrong usage (2), with
    the closest names and the list of examples."""

    @pytest.mark.parametrize(
        ("argv", "option"),
        [
            (["assess", "--example", "workfroce"], "--example"),
            (["show", "--example", "workfroce"], "--example"),
            (
                [
                    "report",
                    "--compare-example",
                    "workfroce",
                    "--example",
                    "workforce",
                    "-o",
                    "x.html",
                ],
                "--compare-example",
            ),
            (
                ["compare", "--old-example", "workfroce", "--new-example", "workforce"],
                "--old-example",
            ),
            (
                ["compare", "--old-example", "workforce", "--new-example", "workfroce"],
                "--new-example",
            ),
            (["example", "workfroce"], "NAME"),
        ],
    )
    def test_usage_error_with_suggestions(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], option: str
    ) -> None:
        err = usage_error(capsys, *argv)
        assert (
            f"error: {option}: unknown example 'workfroce' (did you mean 'workforce'?); the "
            "bundled examples are cradle-to-career, cradle-to-career-2027, workforce\n"
        ) in err

    def test_no_close_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        err = usage_error(capsys, "assess", "--example", "zzz")
        assert "error: --example: unknown example 'zzz'; the bundled examples are " in err


class TestOutputNamedForItsFormat:
    """``template -o initiative.yaml`` wrote a workbook under a YAML name (over a YAML file of
    that name, silently), ``export kumu -o map.yaml`` JSON, ``export graphml -o g.json`` XML,
    and ``import iati a.xml -o b.xml`` read and converted every file, printing its warnings,
    before refusing the suffix. Each is wrong usage now, refused before anything is read."""

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (
                ("template", "-o", "initiative.yaml"),
                "template writes an Excel workbook; name it .xlsx (for example initiative.xlsx)",
            ),
            (
                # a workbook without macros, which Excel refuses under .xlsm
                ("template", "-o", "initiative.xlsm"),
                "template writes an Excel workbook; name it .xlsx (for example initiative.xlsx)",
            ),
            (
                ("export", "kumu", "--example", "workforce", "-o", "map.yaml"),
                "export kumu writes Kumu's JSON; name it .json (for example map.json)",
            ),
            (
                ("export", "graphml", "--example", "workforce", "-o", "g.json"),
                "export graphml writes GraphML; name it .graphml or .xml (for example g.graphml)",
            ),
            (
                ("export", "csv", "--example", "workforce", "-o", "bundle.yaml"),
                "export csv writes a CSV bundle, a folder or a .zip; name a folder or a .zip file",
            ),
            (
                ("report", "--example", "workforce", "-o", "report.pdf"),
                "report writes an HTML page; name it .html or .htm (for example report.html)",
            ),
        ],
    )
    def test_refused_before_anything_is_written(
        self,
        argv: tuple[str, ...],
        expected: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.chdir(tmp_path)
        err = usage_error(capsys, *argv)
        prog = f"collective-impact {argv[0]}"  # the command's usage, as argparse's own errors
        assert err.splitlines()[-1] == f"{prog}: error: -o {argv[-1]}: {expected}"
        assert err.startswith(f"usage: {prog} ")
        assert list(tmp_path.iterdir()) == []

    def test_a_file_of_another_kind_is_refused_for_its_kind_first(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``template -o r.html`` over an existing r.html said "the workbook exists ... pass
        --force", and with --force, "name it .xlsx"."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "r.html").write_text("<p>mine</p>", encoding="utf-8")
        for extra in ((), ("--force",)):
            err = usage_error(capsys, "template", "-o", "r.html", *extra)
            assert "name it .xlsx (for example r.xlsx)" in err.splitlines()[-1]
        assert (tmp_path / "r.html").read_text(encoding="utf-8") == "<p>mine</p>"

    @pytest.mark.parametrize(
        ("argv", "example"),
        [
            (("template",), "initiative.xlsx"),
            (("report", "--example", "workforce"), "report.html"),
            (("export", "csv", "--example", "workforce"), "initiative.zip"),
            (("export", "gexf", "--example", "workforce"), "initiative.gexf"),
            (("import", "iati", "missing.xml"), "initiative.yaml"),
        ],
    )
    def test_standard_output_is_refused_as_such(
        self,
        argv: tuple[str, ...],
        example: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """``-o -`` was taken as a file named ``-``: "name it .html (for example -.html)"."""
        monkeypatch.chdir(tmp_path)
        err = usage_error(capsys, *argv, "-o", "-")
        key = " ".join(argv[:2]) if argv[0] == "export" else argv[0]
        assert err.splitlines()[-1] == (
            f"collective-impact {argv[0]}: error: -o -: {key} writes to a file, not to the "
            "standard "
            f"output; name one (for example {example})"
        )
        assert list(tmp_path.iterdir()) == []

    def test_import_refuses_before_reading(self, capsys: pytest.CaptureFixture[str]) -> None:
        err = usage_error(capsys, "import", "iati", "missing.xml", "-o", "out.xml")
        assert "import writes a native file" in err
        assert "missing.xml" not in err  # nothing was read

    @pytest.mark.parametrize(
        "argv",
        [
            ("template", "-o", "t.xlsx"),
            ("export", "kumu", "--example", "workforce", "-o", "map.json"),
            ("export", "csv", "--example", "workforce", "-o", "bundle.v2"),
            ("report", "--example", "workforce", "-o", "r.HTML"),
        ],
    )
    def test_the_right_suffix_is_written(
        self,
        argv: tuple[str, ...],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.chdir(tmp_path)
        code, _, err = run(capsys, *argv)
        assert code == cli.EXIT_OK, err
        assert (tmp_path / argv[-1]).exists()


def test_an_initiative_given_as_config_is_one_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The arguments swapped (``--config c2c.yaml``): 12 problems, one per key of the
    initiative, each listing every setting (4,883 characters; reported by a reviewer)."""
    path = tmp_path / "c2c.yaml"
    path.write_text(ci.dumps(ci.load_example("cradle-to-career"), format="yaml"), "utf-8")
    code, out, err = run(capsys, "assess", "--example", "workforce", "--config", str(path))
    assert (code, out) == (cli.EXIT_INVALID, "")
    assert err.splitlines()[1:] == [
        "  is an initiative file (it has schema_version or partners), not a file of settings: "
        "give the initiative as FILE and the settings with --config"
    ]


def test_a_comparison_given_as_config_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON of ``compare --json`` was called "an initiative file" (its ``partners`` lists
    the partners added and removed); it holds only the settings that differ (reported by a
    reviewer)."""
    workforce = tmp_path / "workforce.yaml"
    ci.dump(ci.load_example("workforce"), workforce)
    code, out, _ = run(capsys, "compare", str(workforce), str(workforce), "--json")
    assert code == cli.EXIT_OK
    path = tmp_path / "comparison.json"
    path.write_text(out, encoding="utf-8")
    code, out, err = run(capsys, "assess", "--example", "workforce", "--config", str(path))
    assert (code, out) == (cli.EXIT_INVALID, "")
    assert err.splitlines() == [
        f"error: 1 problem in {path}:",
        "  is the result of compare (AssessmentDiff.to_dict()), not a file of settings, and "
        "does not hold them: its key settings lists only the settings that differ between the "
        "two assessments compared (none here), each with before and after; give the --config "
        "file the comparison was run with, or the JSON of assess --json (its key config is read)",
    ]
    assessment = ci.assess(ci.load_example("workforce"))
    other = ci.assess(ci.load_example("workforce"), config=ci.ScoringConfig(weak_tie=0.4))
    diff = assessment.diff(other)
    path.write_text(json.dumps(diff.to_dict()), encoding="utf-8")
    code, _, err = run(capsys, "assess", "--example", "workforce", "--config", str(path))
    assert code == cli.EXIT_INVALID
    assert "assessments compared (1 here: weak_tie), each with before and after" in err


def _results(tmp_path: Path) -> dict[str, Path]:
    """The library's results that hold no settings file, each written where --config reads it."""
    workforce = ci.load_example("workforce")
    assessment = ci.assess(workforce)
    row = ci.batch_row(assessment)
    trees = {
        "row.json": row,
        "rows.json": [row, row],
        "columns.json": {key: {"0": value} for key, value in row.items()},
        "null.json": ci.alignment_null_test(workforce, n=3, seed=1).to_dict(),
        "failed.json": {**row, "config": None, "error": "MissingFileError: x.yaml: no such file"},
    }
    paths = {}
    for name, tree in trees.items():
        paths[name] = tmp_path / name
        paths[name].write_text(json.dumps(tree), encoding="utf-8")
    paths["batch.csv"] = tmp_path / "batch.csv"
    ci.write_batch([assessment], paths["batch.csv"])
    paths["issues.json"] = tmp_path / "issues.json"
    argv = ("import", "iati", str(DATA / "iati" / "dportal__LB-MOI-497.xml"))
    assert main([*argv, "-o", str(tmp_path / "x.yaml"), "--issues", str(paths["issues.json"])]) == 0
    return paths


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "row.json",
            "is a row of a batch's results (batch_row(), batch_frame(), write_batch()), not a "
            "file of settings; its settings are under its key config, as JSON text: write them "
            "alone to a .json file and give that",
        ),
        ("rows.json", "is a batch's results, row by row (batch_row(), "),
        ("columns.json", "is a batch's results, column by column (batch_row(), "),
        ("failed.json", "its key config is empty: its initiative was not assessed (its error"),
        (
            "batch.csv",
            "is a table of a batch's results (write_batch()), not a file of settings; each row's "
            "settings are in its config column, as JSON text: write one alone to a .json file "
            "and give that",
        ),
        (
            "null.json",
            "is the result of a null test (NullTest.to_dict()), not a file of settings; its "
            "settings are under its key config: write that mapping alone to a file and give that",
        ),
        (
            "issues.json",
            "is the report of an IATI import (import --issues, ImportReport.to_dict()), not a "
            "file of settings, and holds none: give a file of ScoringConfig fields, or the JSON "
            "of assess --json (its key config is read)",
        ),
    ],
)
def test_a_result_given_as_config_is_named(
    name: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The library's other results given as --config: a batch's row, rows or table, a null
    test and an import's report were refused with one "unknown key" problem per key, as "an
    initiative file" (the import's report: its partners is a count) or for the suffix .csv,
    none saying what the file is or where its settings are."""
    path = _results(tmp_path)[name]
    capsys.readouterr()
    code, out, err = run(capsys, "assess", "--example", "workforce", "--config", str(path))
    assert (code, out) == (cli.EXIT_INVALID, "")
    lines = err.splitlines()
    assert lines[0] == f"error: 1 problem in {path}:"
    assert len(lines) == 2
    assert said in lines[1]
    assert "unknown key" not in err


def test_the_config_of_a_batch_row_is_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the message says to do with a batch's row gives its settings."""
    config = ci.ScoringConfig(weak_tie=0.4)
    row = ci.batch_row(ci.assess(ci.load_example("workforce"), config=config))
    path = tmp_path / "settings.json"
    path.write_text(row["config"], encoding="utf-8")
    code, out, _ = run(capsys, "assess", "--example", "workforce", "--config", str(path), "--json")
    assert code == cli.EXIT_OK
    assert json.loads(out)["config"]["weak_tie"] == 0.4


def test_an_assessment_given_as_an_initiative_is_one_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``compare last-year.json now.yaml`` with last year's ``assess --json`` gave 19 problems
    ("missing required key 'schema_version'", "unknown key 'alignment'"...), none saying that
    the file is an assessment."""
    code, out, _ = run(capsys, "assess", "--example", "cradle-to-career", "--json")
    assert code == cli.EXIT_OK
    last_year = tmp_path / "last-year.json"
    last_year.write_text(out, encoding="utf-8")
    now = tmp_path / "now.yaml"
    ci.dump(ci.load_example("cradle-to-career"), now)
    code, out, err = run(capsys, "compare", str(last_year), str(now))
    assert (code, out) == (cli.EXIT_INVALID, "")
    assert err.splitlines() == [
        f"error: 1 problem in {last_year}:",
        "  is the result of assess (assess --json, Assessment.to_dict()) of the initiative "
        "'Cradle to Career Example' as of 2026-09-30, not an initiative: give the initiative "
        "file that was assessed; to compare two versions, compare their initiative files "
        "(compare last-year.yaml this-year.yaml)",
    ]
    with pytest.raises(ci.ValidationError) as info:
        ci.load(last_year)
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == ("", ci.ProblemCode.WRONG_TYPE)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            "row.json",
            "is a row of a batch's results (batch_row(), batch_frame(), write_batch()), not an "
            "initiative: give the initiative file that was assessed (its key source, if read "
            "from a file)",
        ),
        ("rows.json", "is a batch's results, row by row (batch_row(), "),
        ("columns.json", "is a batch's results, column by column (batch_row(), "),
        ("failed.json", "is a row of a batch's results (batch_row(), "),
        (
            "null.json",
            "is the result of a null test (NullTest.to_dict()), not an initiative: give the "
            "initiative file that was tested",
        ),
        (
            "issues.json",
            "is the report of an IATI import (import --issues, ImportReport.to_dict()), not an "
            "initiative: give the initiative the import wrote (its -o file)",
        ),
        ("comparison.json", "is the result of compare (compare --json, AssessmentDiff"),
        ("assessment.yaml", "is the result of assess (assess --json, Assessment.to_dict()) of "),
    ],
)
def test_a_result_given_as_an_initiative_is_named(
    name: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The library's results given where an initiative is read: one problem per key before
    (an import's report: "partners: expected a list, got 12"), none saying what the file is."""
    paths = _results(tmp_path)
    workforce = ci.load_example("workforce")
    paths["comparison.json"] = tmp_path / "comparison.json"
    diff = ci.assess(workforce).diff(ci.assess(workforce))
    paths["comparison.json"].write_text(json.dumps(diff.to_dict()), encoding="utf-8")
    ci.assess(workforce).to_json(tmp_path / "assessment.json")
    paths["assessment.yaml"] = tmp_path / "assessment.yaml"  # written as YAML: the same
    tree = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    paths["assessment.yaml"].write_text(yaml.safe_dump(tree), encoding="utf-8")
    path = paths[name]
    capsys.readouterr()
    code, out, err = run(capsys, "validate", str(path))
    assert (code, out) == (cli.EXIT_INVALID, f"{path}: INVALID\n")
    lines = err.splitlines()
    assert lines[0] == f"1 problem in {path}:"
    assert len(lines) == 2
    assert lines[1].startswith(f"  {said}")


def test_an_initiative_is_no_result() -> None:
    """Every example, and an initiative that has a key of a result besides, reads as before."""
    from collective_impact._results import result_kind

    for name in ci.list_examples():
        assert result_kind(ci.load_example(name).to_dict()) is None
    tree = ci.load_example("workforce").to_dict()
    tree.update(scores={}, config={"weak_tie": 0.3})  # keys of an assessment, but a version
    with pytest.raises(ci.ValidationError) as info:
        ci.Initiative.from_dict(tree)
    assert [p.path for p in info.value.problems] == ["config", "scores"]  # unknown keys


def test_an_error_of_the_system_is_worded_as_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name longer than the system takes reached the user as Python's own text,
    "[Errno 36] File name too long: '<the name, quoted>'" (reported by a reviewer)."""
    long = str(tmp_path / ("r" * 300 + ".html"))
    code, _, err = run(capsys, "report", "--example", "workforce", "-o", long)
    assert code == cli.EXIT_INVALID
    assert "[Errno" not in err
    assert err.rstrip().endswith(".html: file name too long")


def test_a_report_title_with_a_control_character_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--title $'\\x1b[31mX'`` was written into the page's ``<title>`` as it was, a character
    HTML does not allow; the model refuses it in a name, and the command line in a title."""
    monkeypatch.chdir(tmp_path)
    err = usage_error(
        capsys, "report", "--example", "workforce", "-o", "r.html", "--title", "\x1bX"
    )
    assert "--title: " in err
    assert "control character (U+001B" in err
    assert list(tmp_path.iterdir()) == []


def _command(
    argv: list[str], *, env: dict[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m collective_impact argv`` on this checkout's code, in a new process."""
    source = str(Path(ci.__file__).resolve().parents[1])
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join(
        [source, *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    done: subprocess.CompletedProcess[bytes] = subprocess.run(
        [sys.executable, "-m", "collective_impact", *argv], env=environment, check=False, **options
    )
    return done


class TestOutputWrittenWhole:
    """``assess --json > out.json`` under ``ulimit -f 20`` (or on a full disk) wrote the first
    20 KiB and exited 0: unbuffered (``PYTHONUNBUFFERED=1``), the text stream ignored the
    piece of the output the file took only in part (found by a reviewer)."""

    LIMIT = 16 * 1024

    @pytest.mark.skipif(sys.platform == "win32", reason="no file-size limit (ulimit -f)")
    @pytest.mark.parametrize("unbuffered", ["1", ""])
    @pytest.mark.parametrize(
        "argv", [["assess", "--example", "cradle-to-career", "--json"], ["schema"]]
    )
    def test_a_file_size_limit_is_a_failed_write(
        self, tmp_path: Path, argv: list[str], unbuffered: str
    ) -> None:
        import resource
        import signal

        full = _command(argv, capture_output=True)
        assert full.returncode == 0
        assert len(full.stdout) > self.LIMIT + 4096  # the limit cuts it

        def limited() -> None:
            # as under ``ulimit -f``; SIGXFSZ would kill the process (Python ignores it itself)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.LIMIT, self.LIMIT))

        out = tmp_path / "out.json"
        with out.open("wb") as handle:
            done = _command(
                argv,
                env={"PYTHONUNBUFFERED": unbuffered},
                stdout=handle,
                stderr=subprocess.PIPE,
                preexec_fn=limited,
            )
        err = done.stderr.decode()
        assert done.returncode == cli.EXIT_INVALID, err
        assert err == (
            "error: cannot write to standard output: the file is too large for the system"
            " (File too large); what was printed, if anything, is incomplete\n"
        )
        assert out.stat().st_size == self.LIMIT

    def test_a_stream_that_takes_part_of_the_output(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A file that takes 1,000 bytes, 100 at a time, then none: the rest was dropped."""

        class Short(io.RawIOBase):
            taken = 0

            def writable(self) -> bool:
                return True

            def write(self, data: Any) -> int:
                took = min(len(data), 100, 1000 - self.taken)
                self.taken += took
                return took

        raw = Short()
        stream = io.TextIOWrapper(cast(Any, raw), "utf-8", write_through=True)
        monkeypatch.setattr(sys, "stdout", stream)
        assert main(["schema"]) == cli.EXIT_INVALID
        assert raw.taken == 1000
        err = capsys.readouterr().err
        assert err.startswith(
            "error: cannot write to standard output: the output took no more bytes "
        )
        assert "(1,000 of " in err

    @pytest.mark.parametrize("argv", [["schema"], ["assess", "--example", "workforce"]])
    def test_a_closed_output_is_a_failed_write_not_a_bug(self, argv: list[str]) -> None:
        """With standard output closed (``>&-``) Python sets ``sys.stdout`` to None, and every
        command ended in "internal error: AttributeError ... (this is a bug)", status 3, after
        doing its work (found by a reviewer)."""
        done = _command(
            argv,
            stdout=None,
            stderr=subprocess.PIPE,
            pass_fds=(),
            close_fds=True,
            preexec_fn=lambda: os.close(1),
        )
        assert done.returncode == cli.EXIT_INVALID
        assert done.stderr == (
            b"error: cannot write to standard output: it is closed; nothing was printed\n"
        )

    def test_an_output_open_for_reading_only_is_said_to_be(self) -> None:
        """``1</dev/null`` gave the system's words, "Bad file descriptor" (found by a
        reviewer)."""
        with open(os.devnull, "rb") as readable:
            done = _command(["schema"], stdout=readable, stderr=subprocess.PIPE)
        assert done.returncode == cli.EXIT_INVALID
        assert done.stderr == (
            b"error: cannot write to standard output: it is not open for writing; what was"
            b" printed, if anything, is incomplete\n"
        )

    def test_a_closed_pipe_and_a_full_device_are_as_they_were(self) -> None:
        """``| head -1`` ends quietly with status 0; ``> /dev/full`` is a failed write."""
        read, write = os.pipe()
        os.close(read)
        try:
            done = _command(["schema"], stdout=write, stderr=subprocess.PIPE)
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (cli.EXIT_OK, b"")
        if os.path.exists("/dev/full"):
            with open("/dev/full", "wb") as full:
                done = _command(["schema"], stdout=full, stderr=subprocess.PIPE)
            assert done.returncode == cli.EXIT_INVALID
            assert (
                done.stderr
                == b"error: cannot write to standard output: no space left on the device;"
                b" what was printed, if anything, is incomplete\n"
            )


class TestOwnSymbolsOnAnyTerminal:
    """On a terminal whose encoding lacks them (cp1252, ascii) the program's own arrows and
    dashes were escaped as if they were hostile data: ``2026-09-30 \\u2192 2027-06-30``,
    ``Phase I \\u2014 Initiate action``. They are written in ASCII; the data's characters the
    encoding lacks are still escaped."""

    def test_compare_in_cp1252(self) -> None:
        argv = ["compare", "--old-example", "cradle-to-career", "--new-example"]
        done = _command(
            [*argv, "cradle-to-career-2027"],
            env={"PYTHONIOENCODING": "cp1252"},
            capture_output=True,
        )
        assert done.returncode == 0
        out = done.stdout.decode("cp1252")
        title, underline = out.splitlines()[:2]
        assert title == "Changes in Cradle to Career Example: 2026-09-30 -> 2027-06-30"
        assert underline == "=" * len(title)
        assert "\\u2192" not in out
        assert "\\u" not in out
        assert "Phase I — Initiate action" in out  # cp1252 has the dash: kept

    def test_assess_in_ascii(self, tmp_path: Path) -> None:
        path = tmp_path / "ecoles.yaml"
        ci.dump(ci.load_example("workforce").evolve(name="Écoles → 2030"), path)
        done = _command(
            ["assess", str(path), "--all"], env={"PYTHONIOENCODING": "ascii"}, capture_output=True
        )
        assert done.returncode == 0
        out = done.stdout.decode("ascii")
        assert "Phase III -- Sustain action and impact" in out
        assert out.startswith("\\xc9coles -> 2030: assessment as of")  # the data's É escaped
        title, underline = out.splitlines()[:2]
        assert underline == "=" * len(title)
        assert "\\u2" not in out

    def test_escape_writes_the_symbols_the_encoding_lacks(self) -> None:
        from collective_impact._terminal import ASCII_SYMBOLS, escape

        text = "".join(ASCII_SYMBOLS)
        assert escape(text, "ascii") == "".join(ASCII_SYMBOLS.values())
        assert escape(text, "utf-8") == text
        assert escape("→ — é", "cp1252") == "-> — é"
        assert escape("→ \u202e\x1b", "ascii") == "-> \\u202e\\x1b"  # controls as before
        assert escape("→", "no-such-codec") == "->"


class TestOutputFolders:
    """``export csv -o nd1/a/b`` created ``nd1`` and ``nd1/a``, where ``export kumu``,
    ``report`` and the other outputs refuse a folder that does not exist."""

    @pytest.mark.parametrize("name", ["bundle", "bundle.zip"])
    def test_export_csv_refuses_a_missing_folder_as_the_others(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        name: str,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        csv_code, _, csv_err = run(
            capsys, "export", "csv", "--example", "workforce", "-o", f"nd1/a/{name}"
        )
        kumu_code, _, kumu_err = run(
            capsys, "export", "kumu", "--example", "workforce", "-o", "nd1/a/map.json"
        )
        assert csv_code == kumu_code == cli.EXIT_INVALID
        assert csv_err == f"error: nd1/a/{name}: cannot write it: the folder nd1/a does not exist\n"
        assert (
            kumu_err == "error: nd1/a/map.json: cannot write it: the folder nd1/a does not exist\n"
        )
        assert list(tmp_path.iterdir()) == []

    def test_export_csv_refuses_a_file_as_its_folder(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "notes.txt").write_text("x")
        out = tmp_path / "notes.txt" / "bundle"
        code, _, err = run(capsys, "export", "csv", "--example", "workforce", "-o", str(out))
        assert code == cli.EXIT_INVALID
        assert err.endswith("notes.txt is not a folder\n")

    def test_export_csv_creates_the_bundle_folder_itself(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "new-bundle"
        code, _, _ = run(capsys, "export", "csv", "--example", "workforce", "-o", str(out))
        assert code == cli.EXIT_OK
        assert sorted(p.name for p in out.iterdir()) == sorted(BUNDLE_FILES)


class TestProgressOffATerminal:
    """``assess --progress 2> log`` wrote every redraw of tqdm's bars, carriage returns and
    all, to a standard error that is not a terminal: plain lines now."""

    def test_plain_lines(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "assess", "--example", "workforce", "--progress")
        assert code == cli.EXIT_OK
        assert "\r" not in err
        assert "\x1b" not in err
        (line,) = err.splitlines()
        assert line.startswith("scoring pairs: 1/1 block (100%), ")
        assert line.endswith(" s")

    def test_loading_a_file(self, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "assess", str(good), "--progress", "--json")
        assert code == cli.EXIT_OK
        size = len(good.read_text("utf-8"))
        lines = [line.rsplit(", ", 1)[0] for line in err.splitlines()]
        assert lines == [
            f"parsing good.yaml: {size:,}/{size:,} chars (100%)",
            "checking the model: 1/1 step (100%)",
            "scoring pairs: 1/1 block (100%)",
        ]

    def test_a_line_every_few_seconds_of_a_long_step(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from collective_impact import _progress

        monkeypatch.setattr(_progress, "_LINE_SECONDS", 0.0)
        stream = io.StringIO()
        monkeypatch.setattr(sys, "stderr", stream)
        bar = _progress.progress_bar(3, desc="steps", unit="step")
        bar.update(1)
        bar.update(2)
        bar.close()
        bar.close()  # once
        counting = _progress.progress_bar(None, desc="counting", unit="item")
        counting.update(1)
        counting.close()
        lines = [line.rsplit(", ", 1)[0] for line in stream.getvalue().splitlines()]
        assert lines == [
            "steps: 1/3 steps (33%)",
            "steps: 3/3 steps (100%)",
            "steps: 3/3 steps (100%)",
            "counting: 1 item",
            "counting: 1 item",
        ]

    def test_a_closed_standard_error_stops_nothing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from collective_impact import _progress

        monkeypatch.setattr(sys, "stderr", Closed())
        bar = _progress.progress_bar(1, desc="steps", unit="step")
        bar.update(1)
        bar.close()

    def test_a_terminal_and_a_notebook_get_the_bar(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from collective_impact import _progress

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        Notebook = type("OutStream", (io.StringIO,), {"__module__": "ipykernel.iostream"})
        for stream in (Terminal(), Notebook()):
            monkeypatch.setattr(sys, "stderr", stream)
            bar = _progress.progress_bar(2, desc="steps", unit="step")
            assert not isinstance(bar, _progress._Lines)
            bar.close()
            assert "\r" in stream.getvalue()
        monkeypatch.setattr(sys, "stderr", io.StringIO())
        assert isinstance(_progress.progress_bar(2, desc="steps", unit="step"), _progress._Lines)
