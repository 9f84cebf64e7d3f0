"""Cases of the model and the command line: numbers (kind 2), Unicode (kind 3), output (kind 8).

Numbers outside the float range or with thousands of digits, and finite extremes (1e308,
5e-324), in every format and in the ``--config`` file; control characters, lone surrogates,
noncharacters and bidirectional controls in ids and names; strict JSON and escaped terminal
text from the command line, and a clean exit when the output cannot be written.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import collective_impact as ci
from collective_impact import CollectiveImpactError, ScoringConfig, ValidationError

from .harness import MINIMAL_YAML, Api, Case, Cli


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_indicator(fields: str) -> str:
    """The minimal YAML with ``fields`` (flow-mapping entries) added to its indicator."""
    return MINIMAL_YAML.replace("{id: k-ready, name: Readiness}", f"{{id: k-ready, {fields}}}")


def _tree() -> dict[str, Any]:
    """The minimal initiative as a JSON-ready tree (dates as text)."""
    tree: dict[str, Any] = json.loads(ci.dumps(ci.loads(MINIMAL_YAML), "json"))
    return tree


def _json(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> Path:
    tree = _tree()
    change(tree)
    return _file(folder, name, json.dumps(tree))


def _bundle(folder: Path, files: dict[str, str]) -> Path:
    bundle = folder / "bundle"
    bundle.mkdir()
    base = {
        "initiative.csv": "key,value\nname,Tiny\n",
        "partners.csv": "id,name,sector\na,A,nonprofit\nb,B,business\n",
    }
    for name, text in {**base, **files}.items():
        (bundle / name).write_text(text, encoding="utf-8")
    return bundle


def _run_cli(argv: list[str], out: io.StringIO | None = None) -> tuple[int, str, str]:
    """Run the command line in this process; return its status, stdout and stderr."""
    from collective_impact import cli

    stdout, stderr = out if out is not None else io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = cli.main(argv)
    return status, stdout.getvalue() if out is None else "", stderr.getvalue()


def _strict(text: str) -> Any:
    """Parse ``text`` as strict JSON (``NaN`` and ``Infinity`` refused)."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"not JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def _non_finite(value: Any, path: str = "") -> list[str]:
    """The paths of the NaN or infinite floats in a tree."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _non_finite(v, f"{path}.{k}")]
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in _non_finite(v, f"{path}[{i}]")]
    return []


# --------------------------------------------------------------------------- kind 2


def _extreme_cli_json(folder: Path) -> Api:
    """``assess --json`` of values near the ends of the range, and of undefined slopes: strict."""
    observed = ["1.0e+15", "-1.0e+15", "1.0e-15", "-1.0e+15", "1.0e+15", "0"]
    observations = ", ".join(
        f"{{date: {2015 + k}-06-30, value: {v}}}" for k, v in enumerate(observed)
    )
    groups = ", ".join(
        f"{{date: {2015 + k}-06-30, value: {v}, group: {g}}}"
        for k, v in enumerate(observed)
        for g in ("low", "high")
    )
    text = _with_indicator(
        "name: Readiness, baseline: {date: 2014-01-01, value: 1.0e-15}, "
        "target: {date: 2030-01-01, value: 2.0e-15}, "
        f"observations: [{observations}, {groups}]"
    ).replace(
        "goals:",
        "  - {id: other, name: O, baseline: {date: 2014-01-01, value: -1.0e+15}, "
        "target: {date: 2030-01-01, value: 1.0e+15}, observations: "
        "[{date: 2016-01-01, value: 1.0e+15}, {date: 2017-01-01, value: -1.0e+15}]}\n"
        "activities:\n  - {id: a, name: A, partners: [united-way], "
        "contributes: {k-ready: 1, other: -1}}\ngoals:",
    )
    path = _file(folder, "x.yaml", text)

    def run() -> None:
        status, out, err = _run_cli(["assess", "--json", str(path)])
        assert status == 0, err
        data = _strict(out)
        assert not _non_finite(data)

    return Api(run)


def _bigint_from_dict(folder: Path) -> Api:
    tree = _tree()
    tree["indicators"][0]["baseline"] = {"date": "2020-01-01", "value": 10**5000}
    tree["indicators"][0]["target"] = {"date": "2021-01-01", "value": -(10**400)}
    return Api(ci.Initiative.from_dict, tree, source=str(folder / "tree.json"))


def _bigint_config(folder: Path) -> Api:
    return Api(ScoringConfig.from_dict, {"weak_tie": 10**5000}, source=str(folder / "cfg.yaml"))


def _config_cli(folder: Path) -> Cli:
    _file(folder, "x.yaml", MINIMAL_YAML)
    _file(folder, "cfg.yaml", "weak_tie: 1e400\nstale_after_days: 1.0e+300\n")
    return Cli(["assess", "{tmp}/x.yaml", "--config", "{tmp}/cfg.yaml"])


def _tiny_config_json(folder: Path) -> Cli:
    _file(folder, "x.yaml", MINIMAL_YAML)
    _file(folder, "cfg.json", json.dumps({"min_funding_years": 1e300}))
    return Cli(["assess", "--json", "{tmp}/x.yaml", "--config", "{tmp}/cfg.json"])


# --------------------------------------------------------------------------- kind 8


def _json_strict_undefined(folder: Path) -> Api:
    """Two observations: the residual spread of the trend is undefined; JSON says null."""
    path = _file(
        folder,
        "x.yaml",
        _with_indicator(
            "name: Readiness, observations: [{date: 2020-01-01, value: 1}, "
            "{date: 2021-01-01, value: 2}]"
        ),
    )

    def run() -> None:
        for argv in (["assess", "--json", str(path)], ["schema"]):
            status, out, err = _run_cli(argv)
            assert status == 0, err
            _strict(out)
        status, out, err = _run_cli(["compare", "--format", "json", str(path), str(path)])
        assert status == 0, err
        _strict(out)

    return Api(run)


def _escaped_path(folder: Path) -> Api:
    """A file name holding terminal escapes: ``validate`` shows it escaped, never raw."""
    path = _file(folder, "x\x1b]0;owned\x07\x1b[2J.yaml", MINIMAL_YAML)

    def run() -> None:
        status, out, err = _run_cli(["validate", str(path), str(path) + "\u202e.yaml"])
        text = out + err
        assert status == 1, text
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in text, repr(text)
        assert "\\x1b]0;owned\\x07\\x1b[2J.yaml: valid" in text, text
        raise CollectiveImpactError(text)  # for the fragments

    return Api(run)


def _escaped_bidi_name(folder: Path) -> Api:
    """A name may hold a right-to-left override (names need bidi); ``show`` escapes it."""
    path = _file(folder, "x.json", "")

    def rename(tree: dict[str, Any]) -> None:
        tree["indicators"][0]["name"] = "Ready \u202ereversed"
        tree["name"] = "Tiny\u2066x\u2069"

    _json(folder, "x.json", rename)

    def run() -> None:
        status, out, err = _run_cli(["show", str(path)])
        assert status == 0, err
        for raw in ("\u202e", "\u2066"):
            assert raw not in out, repr(out)
        raise CollectiveImpactError(out)  # for the fragments

    return Api(run)


class _FailingStream(io.StringIO):
    """A stdout whose writes fail as a closed pipe or a full disk does."""

    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error

    def flush(self) -> None:
        raise self.error


def _output_fails(error: OSError, expected_status: int) -> Callable[[Path], Api]:
    def setup(folder: Path) -> Api:
        path = _file(folder, "x.yaml", MINIMAL_YAML)

        def run() -> None:
            status, _, err = _run_cli(["show", str(path)], out=_FailingStream(error))
            assert status == expected_status, (status, err)
            assert "Traceback" not in err, err
            assert "internal error" not in err, err
            if err:
                raise CollectiveImpactError(err)  # for the fragments

        return Api(run)

    return setup


CASES: list[Case] = [
    # kind 2: numbers out of the float range, with thousands of digits, or extreme
    Case(
        id="model-yaml-1e400-baseline",
        kind=2,
        setup=lambda d: Api(
            ci.load,
            _file(
                d,
                "x.yaml",
                _with_indicator("name: R, baseline: {date: 2020-01-01, value: 1e400}"),
            ),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.yaml", "indicators[0].baseline.value", "not a finite number"),
        seconds=5,
    ),
    Case(
        id="model-json-1e400-observation",
        kind=2,
        setup=lambda d: Api(
            ci.load,
            _file(
                d,
                "x.json",
                json.dumps(_tree()).replace(
                    '"name": "Readiness"',
                    '"name": "Readiness", "observations": [{"date": "2020-01-01", "value": 1e400}]',
                ),
            ),
        ),
        error=CollectiveImpactError,
        fragments=("{tmp}/x.json", "indicators[0].observations[0].value", "not a finite number"),
        seconds=5,
    ),
    Case(
        id="model-toml-inf-strength",
        kind=2,
        setup=lambda d: Api(
            ci.load,
            _file(
                d,
                "x.toml",
                ci.dumps(ci.loads(MINIMAL_YAML), "toml")
                + '\n[[ties]]\nsource = "united-way"\ntarget = "schools"\n'
                'kind = "communication"\nstrength = -inf\n',
            ),
        ),
        error=CollectiveImpactError,
        fragments=("{tmp}/x.toml", "ties[0].strength", "not a finite number"),
        seconds=5,
    ),
    Case(
        id="model-api-bigint-values",
        kind=2,
        setup=_bigint_from_dict,
        error=ValidationError,
        fragments=(
            "{tmp}/tree.json",
            "indicators[0].baseline.value",
            "an integer with 5,001 digits",
            "not a finite number",
            "indicators[0].target.value",
            "a negative integer with 401 digits",
        ),
        seconds=5,
    ),
    Case(
        id="model-api-bigint-config",
        kind=2,
        setup=_bigint_config,
        error=ValidationError,
        fragments=("{tmp}/cfg.yaml", "weak_tie", "an integer with 5,001 digits", "not a finite"),
        seconds=5,
    ),
    Case(
        id="model-yaml-1e308-refused",
        kind=2,
        setup=lambda d: Api(
            ci.load,
            _file(
                d,
                "x.yaml",
                _with_indicator(
                    "name: R, baseline: {date: 2020-01-01, value: 1.0e+308}, "
                    "target: {date: 2025-01-01, value: -1.0e+308}, direction: decrease"
                ),
            ),
        ),
        error=ValidationError,
        fragments=(
            "{tmp}/x.yaml",
            "indicators[0].baseline.value: expected a number in [-1e+15, 1e+15]",
            "indicators[0].target.value",
        ),
        seconds=5,
    ),
    Case(
        id="model-yaml-subnormal-target",
        kind=2,
        setup=lambda d: Api(
            ci.load,
            _file(
                d,
                "x.yaml",
                _with_indicator(
                    "name: R, baseline: {date: 2020-01-01, value: 0}, "
                    "target: {date: 2025-01-01, value: 5.0e-324}"
                ),
            ),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.yaml", "indicators[0].target.value", "magnitude at least 1e-15"),
        seconds=5,
    ),
    Case(
        id="model-goal-weight-1e308",
        kind=2,
        setup=lambda d: Api(
            ci.load,
            _file(
                d,
                "x.yaml",
                MINIMAL_YAML.replace(
                    "indicators: [k-ready]}", "indicators: [k-ready], weight: 1.0e+308}"
                ),
            ),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.yaml", "goals[0].weight", "no magnitude above 1e+15"),
        seconds=5,
    ),
    Case(
        id="model-csv-1e308-observation",
        kind=2,
        setup=lambda d: Api(
            ci.read_csv_bundle,
            _bundle(
                d,
                {
                    "indicators.csv": "id,name\ni,I\n",
                    "observations.csv": "indicator,date,value\ni,2020-01-01,-1e308\n",
                },
            ),
        ),
        error=ValidationError,
        fragments=("{tmp}/bundle", "observations.csv, row 2, column value", "[-1e+15, 1e+15]"),
        seconds=5,
    ),
    Case(
        id="model-extreme-values-assess-finite",
        kind=2,
        setup=_extreme_cli_json,
        error=None,
        seconds=30,
    ),
    Case(
        id="model-cli-config-1e400",
        kind=2,
        setup=_config_cli,
        error=ValidationError,
        fragments=("{tmp}/cfg.yaml", "weak_tie", "not a finite number", "stale_after_days"),
        seconds=10,
    ),
    Case(
        id="model-cli-config-json-1e300",
        kind=2,
        setup=_tiny_config_json,
        error=ValidationError,
        fragments=("{tmp}/cfg.json", "min_funding_years", "no magnitude above 1e+15"),
        seconds=10,
    ),
    # kind 3: Unicode that does not round-trip
    Case(
        id="model-json-nul-in-id",
        kind=3,
        setup=lambda d: Api(
            ci.load,
            _json(d, "x.json", lambda t: t["partners"][0].update(id="united\u0000way")),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.json", "partners[0].id", "control character (U+0000"),
        seconds=5,
    ),
    Case(
        id="model-yaml-escape-in-name",
        kind=3,
        setup=lambda d: Api(
            ci.load,
            _file(d, "x.yaml", MINIMAL_YAML.replace("name: Schools", 'name: "Sch\\e[31mools"')),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.yaml", "partners[1].name", "U+001B"),
        seconds=5,
    ),
    Case(
        id="model-toml-c1-in-statement",
        kind=3,
        setup=lambda d: Api(
            ci.load,
            _file(
                d,
                "x.toml",
                ci.dumps(ci.loads(MINIMAL_YAML), "toml").replace(
                    'statement = "Ready"', 'statement = "Re\\u009bady"'
                ),
            ),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.toml", "goals[0].statement", "U+009B"),
        seconds=5,
    ),
    Case(
        id="model-json-bidi-override-in-id",
        kind=3,
        setup=lambda d: Api(
            ci.load,
            _json(d, "x.json", lambda t: t["indicators"][0].update(id="k-\u202eydaer")),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.json", "indicators[0].id", "bidirectional control (U+202E"),
        seconds=5,
    ),
    Case(
        id="model-json-tab-in-reference",
        kind=3,
        setup=lambda d: Api(
            ci.load,
            _json(d, "x.json", lambda t: t["goals"][0].update(indicators=["k-ready\t"])),
        ),
        error=ValidationError,
        fragments=("{tmp}/x.json", "goals[0].indicators[0]", "line break or tab"),
        seconds=5,
    ),
    Case(
        id="model-yaml-noncharacter-in-unit",
        kind=3,
        setup=lambda d: Api(
            ci.load,
            _file(d, "x.yaml", _with_indicator('name: R, unit: "per\\uFFFEcent"')),
        ),
        error=CollectiveImpactError,
        fragments=("{tmp}/x.yaml", "indicators[0].unit", "U+FFFE"),
        seconds=5,
    ),
    Case(
        id="model-api-lone-surrogate-in-name",
        kind=3,
        setup=lambda d: Api(
            ci.Initiative.from_dict,
            {**_tree(), "name": "Tiny\udc80"},
            source=str(d / "tree.json"),
        ),
        error=ValidationError,
        fragments=("{tmp}/tree.json", "name", "lone surrogate"),
        seconds=5,
    ),
    Case(
        id="model-csv-control-characters",
        kind=3,
        setup=lambda d: Api(
            ci.read_csv_bundle,
            _bundle(
                d, {"partners.csv": "id,name,sector\na,A\x07bell,nonprofit\nb\x1b,B,business\n"}
            ),
        ),
        error=ValidationError,
        fragments=(
            "{tmp}/bundle",
            "partners.csv, row 2, column name",
            "U+0007",
            "partners.csv, row 3, column id",
        ),
        seconds=5,
    ),
    Case(
        id="model-cli-validate-control-character",
        kind=3,
        setup=lambda d: (
            _json(d, "x.json", lambda t: t["partners"][0].update(name="United\u0085Way")),
            Cli(["validate", "{tmp}/x.json"]),
        )[1],
        error=ValidationError,
        fragments=("{tmp}/x.json: INVALID", "partners[0].name", "U+0085"),
        seconds=10,
    ),
    Case(
        id="model-cli-show-refuses-escape-in-id",
        kind=3,
        setup=lambda d: (
            _json(d, "x.json", lambda t: t["partners"][1].update(id="s\u009b2J")),
            Cli(["show", "{tmp}/x.json"]),
        )[1],
        error=ValidationError,
        fragments=("{tmp}/x.json", "partners[1].id", "U+009B"),
        seconds=10,
    ),
    # kind 8: output others can read
    Case(
        id="model-cli-json-strict-undefined",
        kind=8,
        setup=_json_strict_undefined,
        error=None,
        seconds=30,
    ),
    Case(
        id="model-cli-escapes-path",
        kind=8,
        setup=_escaped_path,
        error=CollectiveImpactError,
        fragments=("\\x1b]0;owned\\x07\\x1b[2J.yaml: valid", "\\u202e.yaml: INVALID"),
        seconds=10,
    ),
    Case(
        id="model-cli-show-escapes-bidi-name",
        kind=8,
        setup=_escaped_bidi_name,
        error=CollectiveImpactError,
        fragments=("Ready \\u202ereversed", "Tiny\\u2066x\\u2069"),
        seconds=10,
    ),
    Case(
        id="model-cli-broken-pipe",
        kind=8,
        setup=_output_fails(BrokenPipeError(errno.EPIPE, "Broken pipe"), 0),
        error=None,
        seconds=10,
    ),
    Case(
        id="model-cli-output-disk-full",
        kind=8,
        setup=_output_fails(OSError(errno.ENOSPC, "No space left on device"), 1),
        error=CollectiveImpactError,
        fragments=("error: cannot write to standard output", "no space left on the device"),
        seconds=10,
    ),
]
