from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
        code, _, err = run(capsys, "show", "--example", "nope")
        assert code == 1
        assert err.startswith("error: unknown example 'nope'")


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
        def broken(_: object) -> str:
            raise RuntimeError("boom")

        monkeypatch.setattr(cli, "summary", broken)
        code, _, err = run(capsys, "show", "--example", "workforce")
        assert code == 3
        assert "internal error: RuntimeError: boom" in err
        assert "Traceback" not in err
        with pytest.raises(RuntimeError):
            main(["--traceback", "show", "--example", "workforce"])


DATA = Path(__file__).parent / "data"


class TestImportExport:
    def test_import_iati(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        out = tmp_path / "lebanon.yaml"
        source = DATA / "iati" / "dportal__LB-MOI-497.xml"
        code, stdout, stderr = run(capsys, "import", "iati", str(source), "-o", str(out))
        assert code == 0
        assert "1 activities" in stdout
        assert "warning:" in stderr  # the two empty periods are reported
        init = ci.load(out)
        assert len(init.activities) == 1
        assert len(init.indicators) == 12

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
