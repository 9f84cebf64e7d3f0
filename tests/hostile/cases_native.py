"""Cases of "native": the native reader (YAML, JSON, TOML) and the ``--config`` file.

Kinds 2 (numbers out of range), 3 (text that cannot be written back), 4 (YAML features that
change meaning, alias bombs, documents too large to build) and 8 (duplicate and non-text keys,
strict JSON out) of issue #15, through :func:`collective_impact.load` on files (so the message
names the file) and through the command line (``validate``, and ``assess --config``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import yaml

import collective_impact as ci
from collective_impact import FormatError

from .harness import MINIMAL_YAML, Api, Case, Cli

# --------------------------------------------------------------------------- helpers

#: MINIMAL_YAML has 9 lines: a line added after it is line 10.
_NEXT = 10

_MINIMAL_JSON = {
    "schema_version": 1,
    "name": "Tiny",
    "partners": [
        {"id": "united-way", "name": "United Way", "sector": "nonprofit"},
        {"id": "schools", "name": "Schools", "sector": "government"},
    ],
    "indicators": [{"id": "k-ready", "name": "Readiness"}],
}

_MINIMAL_TOML = """\
schema_version = 1
name = "Tiny"

[[partners]]
id = "united-way"
name = "United Way"
sector = "nonprofit"

[[partners]]
id = "schools"
name = "Schools"
sector = "government"
"""


#: A tie's table in TOML after _MINIMAL_TOML, its strength to follow (on line 17).
_TOML_TIE = '\n[[ties]]\nsource = "schools"\ntarget = "united-way"\n'


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _yaml(name: str, *lines: str) -> Callable[[Path], Api]:
    """Load MINIMAL_YAML followed by ``lines`` (the first is line 10), from ``name``."""
    return lambda d: Api(ci.load, _file(d, name, MINIMAL_YAML + "\n".join(lines) + "\n"))


def _text(name: str, text: str) -> Callable[[Path], Api]:
    return lambda d: Api(ci.load, _file(d, name, text))


def _json(name: str, tail: str) -> Callable[[Path], Api]:
    """Load a JSON initiative whose last line (line 3) is ``"ties": <tail>`` or similar."""
    head = json.dumps(_MINIMAL_JSON)[:-1]
    return _text(name, head + ",\n\n" + tail + "}\n")


def _billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ['lol0: &l0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


_TIE = "ties:\n  - {source: united-way, target: schools, strength: %s}"


def _shared_by_safe_dump(folder: Path) -> Api:
    """An initiative written by ``yaml.safe_dump`` from a tree whose activities share objects."""
    partners = ["united-way", "schools"]
    contributes = {"k-ready": 0.5}
    tree = yaml.safe_load(MINIMAL_YAML)
    tree["activities"] = [
        {"id": f"a{i}", "name": f"A{i}", "partners": partners, "contributes": contributes}
        for i in range(5)
    ]
    text = yaml.safe_dump(tree, sort_keys=False)
    assert "&id001" in text
    assert "*id001" in text
    _file(folder, "expanded.yaml", yaml.dump(tree, Dumper=_NoAliases, sort_keys=False))
    return Api(ci.load, _file(folder, "shared.yaml", text))


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def _same_as_expanded(folder: Path) -> None:
    shared = ci.load(folder / "shared.yaml")
    assert shared == ci.load(folder / "expanded.yaml")
    assert len(shared.activities) == 5


def _long_flow(folder: Path) -> Api:
    """A flow list of 1,000,000 items read with max_bytes=2,100,000: 525,000 nodes at most."""
    text = "schema_version: 1\nname: x\njunk: [" + ",".join(["1"] * 1_000_000) + "]\n"
    path = _file(folder, "flow.yaml", text)
    return Api(ci.load, path, max_bytes=2_100_000)


def _alias_share(folder: Path) -> Api:
    """A small file whose aliases repeat one activity 20,000 times (a bomb within the budget)."""
    lines = [
        MINIMAL_YAML.rstrip("\n"),
        "activities:",
        "  - &a {id: a, name: A, partners: [schools, united-way], contributes: {k-ready: 1}}",
    ]
    lines += ["  - *a"] * 20_000
    return Api(ci.load, _file(folder, "share.yaml", "\n".join(lines) + "\n"))


def _strict_json_out(folder: Path) -> Api:
    """Every JSON ``dumps`` writes is strict (no NaN/Infinity), even for extreme values."""

    def run() -> None:
        for name in ci.list_examples():
            text = ci.dumps(ci.load_example(name), "json")
            json.loads(text, parse_constant=_refuse_constant)
            _file(folder, f"{name}.json", text)
            assert ci.load(folder / f"{name}.json") == ci.load_example(name)

    return Api(run)


def _refuse_constant(token: str) -> None:
    raise AssertionError(f"dumps wrote {token}, which is not JSON")


def _cli(files: dict[str, str], argv: list[str]) -> Callable[[Path], Cli]:
    def setup(folder: Path) -> Cli:
        for name, text in files.items():
            _file(folder, name, text)
        return Cli(argv)

    return setup


_ASSESS = ["assess", "{tmp}/x.yaml", "--config", "{tmp}/cfg.yaml"]

# --------------------------------------------------------------------------- kind 4: YAML

CASES: list[Case] = [
    Case(
        id="native-yaml-merge-key-overrides",
        kind=4,
        setup=_yaml(
            "merge.yaml",
            "defaults: &d {name: Default name, partners: [schools]}",
            "activities:",
            "  - {<<: *d, id: a, name: Overridden}",
        ),
        error=FormatError,
        fragments=(
            "2 problems in {tmp}/merge.yaml",
            "line 12, column 6: invalid YAML: merge keys (<<) are not supported",
            "(in activities[0])",
            # the rest of the file is checked too: the anchor's holder is no key of the format
            "\n  defaults: unknown key 'defaults'",
        ),
    ),
    Case(
        id="native-yaml-merge-key-without-alias",
        kind=4,
        setup=_yaml("merge.yaml", "<<: {description: merged in}"),
        error=FormatError,
        fragments=(f"{{tmp}}/merge.yaml, line {_NEXT}, column 1", "merge keys (<<)"),
    ),
    Case(
        id="native-yaml-set-tag",
        kind=4,
        setup=_yaml("set.yaml", "activities: [{id: a, name: A, partners: !!set {schools}}]"),
        error=FormatError,
        fragments=(
            f"{{tmp}}/set.yaml, line {_NEXT}, column 41",
            "the tag '!!set' is not supported on a mapping",
            "(at activities[0].partners)",
        ),
    ),
    Case(
        id="native-yaml-binary-tag",
        kind=4,
        setup=_yaml("binary.yaml", "description: !!binary aGVsbG8="),
        error=FormatError,
        fragments=(f"{{tmp}}/binary.yaml, line {_NEXT}, column 14", "'!!binary' is not supported"),
    ),
    Case(
        id="native-yaml-omap-tag",
        kind=4,
        setup=_yaml("omap.yaml", "description: !!omap [{a: 1}, {b: 2}]"),
        error=FormatError,
        fragments=(f"{{tmp}}/omap.yaml, line {_NEXT}", "the tag '!!omap' is not supported"),
    ),
    Case(
        id="native-yaml-python-tag",
        kind=4,
        setup=_text(
            "evil.yaml",
            "schema_version: 1\nname: !!python/object/apply:os.system ['echo hacked']\n",
        ),
        error=FormatError,
        fragments=(
            "2 problems in {tmp}/evil.yaml",
            "line 2, column 7: invalid YAML: the tag '!!python/object/apply:os.system' is not "
            "supported",
            # the rest is checked too: no partners (the name set aside is not said again)
            "\n  missing required key 'partners'",
        ),
    ),
    Case(
        id="native-yaml-billion-laughs",
        kind=4,
        setup=_text("bomb.yaml", _billion_laughs()),
        error=FormatError,
        fragments=("{tmp}/bomb.yaml, line 5, column 12", "(an alias bomb?)"),
        seconds=5.0,
        memory_mib=256,
    ),
    Case(
        id="native-yaml-billion-laughs-wide",
        kind=4,
        setup=_text("bomb.yaml", _billion_laughs(levels=4, width=1000)),
        error=FormatError,
        fragments=("{tmp}/bomb.yaml, line 2", "(an alias bomb?)", "(at lol1[995])"),
        seconds=5.0,
        memory_mib=256,
    ),
    Case(
        id="native-yaml-alias-share-of-a-small-file",
        kind=4,
        setup=_alias_share,
        error=FormatError,
        fragments=("{tmp}/share.yaml, line", "more than the 99% allowed", "activities["),
        seconds=5.0,
        memory_mib=256,
    ),
    Case(
        id="native-yaml-recursive-alias",
        kind=4,
        setup=_yaml("loop.yaml", "description: &r [a, *r]"),
        error=FormatError,
        fragments=(
            "2 problems in {tmp}/loop.yaml",
            f"line {_NEXT}, column 21: invalid YAML: the alias *r is inside",
            "recursive",
            "(at description[1])",
            "\n  description: expected a string, got a list",  # the rest is checked too
        ),
    ),
    Case(
        id="native-yaml-shared-object-accepted",
        kind=4,
        setup=_yaml(
            "shared.yaml",
            "activities:",
            "  - {id: a, name: A, partners: &both [schools, united-way]}",
            "  - {id: b, name: B, partners: *both}",
        ),
        error=None,
    ),
    Case(
        id="native-yaml-safe-dump-shared-equals-expanded",
        kind=4,
        setup=_shared_by_safe_dump,
        error=None,
        check=_same_as_expanded,
    ),
    Case(
        id="native-yaml-long-flow-node-budget",
        kind=4,
        setup=_long_flow,
        error=FormatError,
        fragments=(
            "{tmp}/flow.yaml, line 3",
            "the document has more than 525,000 nodes (one per 4 bytes of the size limit)",
            "(at junk[524993])",
        ),
        seconds=20.0,
        memory_mib=512,
    ),
    Case(
        id="native-yaml-two-documents",
        kind=4,
        setup=_text("two.yaml", MINIMAL_YAML + "---\nname: second\n"),
        error=FormatError,
        fragments=(f"{{tmp}}/two.yaml, line {_NEXT}, column 1", "a single document"),
    ),
    # ----------------------------------------------------------------------- kind 2: numbers
    Case(
        id="native-yaml-integer-5000-digits",
        kind=2,
        setup=_yaml("big.yaml", _TIE % ("9" * 5000)),
        error=FormatError,
        fragments=(
            f"{{tmp}}/big.yaml, line {_NEXT + 1}, column 53",
            "not a finite number: an integer with 5,000 digits",
            "(at ties[0].strength)",
        ),
    ),
    Case(
        id="native-yaml-float-overflow",
        kind=2,
        setup=_yaml("inf.yaml", _TIE % "1.0e+400"),
        error=FormatError,
        fragments=(f"{{tmp}}/inf.yaml, line {_NEXT + 1}", "not a finite number: '1.0e+400'"),
    ),
    Case(
        id="native-yaml-inf-literal",
        kind=2,
        setup=_yaml("inf.yaml", _TIE % "-.inf"),
        error=FormatError,
        fragments=(f"{{tmp}}/inf.yaml, line {_NEXT + 1}", "'-.inf' (at ties[0].strength)"),
    ),
    Case(
        id="native-json-integer-5000-digits",
        kind=2,
        setup=_json(
            "big.json",
            '"ties": [{"source": "schools", "target": "united-way", "strength": '
            + "1" * 5000
            + "}]",
        ),
        error=FormatError,
        fragments=(
            "{tmp}/big.json, line 3, column 68",
            "an integer with 5,000 digits",
            "(at ties[0].strength)",
        ),
    ),
    Case(
        id="native-json-float-overflow",
        kind=2,
        setup=_json(
            "inf.json",
            '"ties": [{"source": "schools", "target": "united-way", "strength": 1e400}]',
        ),
        error=FormatError,
        fragments=(
            "{tmp}/inf.json, line 3, column 68",
            "invalid JSON: not a finite number: '1e400' (at ties[0].strength)",
        ),
    ),
    Case(
        id="native-json-nan-literal",
        kind=2,
        setup=_json(
            "nan.json",
            '"backbone": {"organization": "united-way", "staff": {"facilitator": NaN}}',
        ),
        error=FormatError,
        fragments=("{tmp}/nan.json, line 3, column 69", "'NaN' (at backbone.staff.facilitator)"),
    ),
    Case(
        id="native-json-infinity-literal",
        kind=2,
        setup=_json(
            "inf.json",
            '"ties": [{"source": "schools", "target": "united-way", "strength": -Infinity}]',
        ),
        error=FormatError,
        fragments=("{tmp}/inf.json, line 3", "'-Infinity' (at ties[0].strength)"),
    ),
    Case(
        id="native-toml-integer-5000-digits",
        kind=2,
        setup=_text("big.toml", _MINIMAL_TOML + "\n[[ties]]\nstrength = " + "7" * 5000 + "\n"),
        error=FormatError,
        fragments=("{tmp}/big.toml, line 15, column 12", "an integer with 5,000 digits"),
    ),
    Case(
        id="native-toml-inf",
        kind=2,
        setup=_text("inf.toml", _MINIMAL_TOML + _TOML_TIE + "strength = +inf\n"),
        error=FormatError,
        fragments=("{tmp}/inf.toml, line 17, column 12", "'+inf' (at ties[0].strength)"),
    ),
    Case(
        id="native-toml-float-overflow",
        kind=2,
        setup=_text("inf.toml", _MINIMAL_TOML + _TOML_TIE + "strength = 1e400\n"),
        error=FormatError,
        fragments=("{tmp}/inf.toml, line 17", "'1e400' (at ties[0].strength)"),
    ),
    Case(
        id="native-toml-nan",
        kind=2,
        setup=_text(
            "nan.toml",
            _MINIMAL_TOML
            + '\n[backbone]\norganization = "united-way"\n[backbone.staff]\nfacilitator = nan\n',
        ),
        error=FormatError,
        fragments=(
            "{tmp}/nan.toml, line 17, column 15",
            "'nan' (at backbone.staff.facilitator)",
        ),
    ),
    # ----------------------------------------------------------------------- kind 3: Unicode
    Case(
        id="native-json-lone-surrogate-description",
        kind=3,
        setup=_json("s.json", '"description": "caf\\ud800e"'),
        error=FormatError,
        fragments=(
            "{tmp}/s.json, line 3, column 16",
            "lone surrogate (U+D800",
            "(at description)",
        ),
    ),
    Case(
        id="native-json-lone-surrogate-key",
        kind=3,
        setup=_json(
            "s.json", '"backbone": {"organization": "united-way", "staff": {"x\\udfff": 1}}'
        ),
        error=FormatError,
        fragments=("{tmp}/s.json, line 3, column 54", "U+DFFF", "(at backbone.staff['x\\udfff'])"),
    ),
    Case(
        id="native-json-surrogate-pair-accepted",
        kind=3,
        setup=_json("pair.json", '"description": "smile \\ud83d\\ude00"'),
        error=None,
    ),
    Case(
        id="native-toml-surrogate-escape",
        kind=3,
        setup=_text("s.toml", 'description = "\\ud800"\n' + _MINIMAL_TOML),
        error=FormatError,
        fragments=("{tmp}/s.toml, line 1", "not a Unicode scalar value"),
    ),
    # ----------------------------------------------------------------------- kind 8: keys, JSON out
    Case(
        id="native-json-duplicate-key-located",
        kind=8,
        setup=_json(
            "dup.json",
            '"activities": [{"id": "a", "name": "A", "partners": ["schools"], "id": "b"}]',
        ),
        error=FormatError,
        fragments=("{tmp}/dup.json, line 3, column 66", "duplicate key 'id' (in activities[0])"),
    ),
    Case(
        id="native-json-duplicate-top-level-key",
        kind=8,
        setup=_json("dup.json", '"name": "Second"'),
        error=FormatError,
        fragments=("{tmp}/dup.json, line 3, column 1", "invalid JSON: duplicate key 'name'"),
    ),
    Case(
        id="native-yaml-integer-key",
        kind=8,
        setup=_yaml("key.yaml", "1: x"),
        error=FormatError,
        fragments=(
            f"{{tmp}}/key.yaml, line {_NEXT}, column 1",
            "a mapping key must be text, got '1', read as the integer 1",
        ),
    ),
    Case(
        id="native-yaml-boolean-key",
        kind=8,
        setup=_yaml(
            "key.yaml",
            "activities: [{id: a, name: A, partners: [schools], contributes: {on: 0.5}}]",
        ),
        error=FormatError,
        fragments=(
            f"{{tmp}}/key.yaml, line {_NEXT}, column 66",
            "'on', read as the boolean true",
            "(in activities[0].contributes)",
        ),
    ),
    Case(
        id="native-yaml-complex-key",
        kind=8,
        setup=_yaml("key.yaml", "? [a, b]", ": x"),
        error=FormatError,
        fragments=(f"{{tmp}}/key.yaml, line {_NEXT}, column 3", "key must be text, got a list"),
    ),
    Case(
        id="native-yaml-null-key",
        kind=8,
        setup=_yaml("key.yaml", "backbone: {organization: united-way, staff: {~: 1}}"),
        error=FormatError,
        fragments=(f"{{tmp}}/key.yaml, line {_NEXT}", "read as null", "(in backbone.staff)"),
    ),
    Case(
        id="native-dumps-json-is-strict",
        kind=8,
        setup=_strict_json_out,
        error=None,
    ),
    # ----------------------------------------------------------------------- the command line
    Case(
        id="native-cli-validate-merge-key",
        kind=4,
        setup=_cli({"x.yaml": MINIMAL_YAML + "<<: {name: Other}\n"}, ["validate", "{tmp}/x.yaml"]),
        error=FormatError,
        fragments=("{tmp}/x.yaml, line 10, column 1", "merge keys"),
    ),
    Case(
        id="native-cli-validate-json-surrogate",
        kind=3,
        setup=_cli(
            {"x.json": json.dumps(_MINIMAL_JSON)[:-1] + ', "description": "\\udc00"}'},
            ["validate", "{tmp}/x.json"],
        ),
        error=FormatError,
        fragments=("{tmp}/x.json, line 1", "lone surrogate", "(at description)"),
    ),
    Case(
        id="native-cli-config-alias-bomb",
        kind=4,
        setup=_cli({"x.yaml": MINIMAL_YAML, "cfg.yaml": _billion_laughs()}, _ASSESS),
        error=FormatError,
        fragments=("{tmp}/cfg.yaml, line 5, column 12", "(an alias bomb?)"),
        seconds=10.0,
    ),
    Case(
        id="native-cli-config-float-overflow",
        kind=2,
        setup=_cli({"x.yaml": MINIMAL_YAML, "cfg.yaml": "weak_tie: 1.0e+400\n"}, _ASSESS),
        error=FormatError,
        fragments=("{tmp}/cfg.yaml, line 1, column 11", "not a finite number", "(at weak_tie)"),
    ),
    Case(
        id="native-cli-config-integer-5000-digits",
        kind=2,
        setup=_cli(
            {"x.yaml": MINIMAL_YAML, "cfg.json": '{"weak_tie": ' + "3" * 5000 + "}"},
            ["assess", "{tmp}/x.yaml", "--config", "{tmp}/cfg.json"],
        ),
        error=FormatError,
        fragments=("{tmp}/cfg.json, line 1, column 14", "an integer with 5,000 digits"),
    ),
    Case(
        id="native-cli-config-merge-key",
        kind=4,
        setup=_cli(
            {"x.yaml": MINIMAL_YAML, "cfg.yaml": "base: &b {weak_tie: 0.2}\n<<: *b\n"}, _ASSESS
        ),
        error=FormatError,
        fragments=("{tmp}/cfg.yaml, line 2, column 1", "merge keys"),
    ),
    Case(
        id="native-cli-config-nan-json",
        kind=2,
        setup=_cli(
            {"x.yaml": MINIMAL_YAML, "cfg.json": '{\n  "weak_tie": NaN\n}\n'},
            ["assess", "{tmp}/x.yaml", "--config", "{tmp}/cfg.json"],
        ),
        error=FormatError,
        fragments=("{tmp}/cfg.json, line 2, column 15", "'NaN' (at weak_tie)"),
    ),
]
