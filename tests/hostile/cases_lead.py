"""Cases of the lead: the harness itself must catch a hang, a library error and a foreign one."""

from __future__ import annotations

from pathlib import Path

import collective_impact as ci
from collective_impact import FormatError, ValidationError

from .harness import MINIMAL_YAML, Api, Case, Cli


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


CASES: list[Case] = [
    Case(
        id="lead-minimal-accepted",
        kind=3,
        setup=lambda d: Api(ci.load, _file(d, "ok.yaml", MINIMAL_YAML)),
        error=None,
    ),
    Case(
        id="lead-cli-validate-ok",
        kind=3,
        setup=lambda d: (_file(d, "ok.yaml", MINIMAL_YAML), Cli(["validate", "{tmp}/ok.yaml"]))[1],
        error=None,
        fragments=("valid",),
    ),
    Case(
        id="lead-syntax-located",
        kind=4,
        setup=lambda d: Api(ci.load, _file(d, "bad.yaml", "schema_version: 1\nname: [x\n")),
        error=FormatError,
        fragments=("{tmp}/bad.yaml", "line 3"),
    ),
    Case(
        id="lead-cli-invalid",
        kind=3,
        setup=lambda d: (
            _file(d, "bad.yaml", MINIMAL_YAML.replace("sector: nonprofit", "sector: nope")),
            Cli(["validate", "{tmp}/bad.yaml"]),
        )[1],
        error=ValidationError,
        fragments=("{tmp}/bad.yaml", "partners[0].sector"),
    ),
]


# --- kind 7: super-linear paths in the native reader and the assessment


def _ring(folder: Path, n: int = 5000) -> Api:
    """A pathway ring of ``n`` indicators (each drives the next) with one activity on each."""
    lines = [MINIMAL_YAML.split("indicators:")[0] + "indicators:"]
    lines += [f"  - {{id: i{k}, name: I{k}, drives: {{i{(k + 1) % n}: 0.5}}}}" for k in range(n)]
    lines.append("goals:\n  - {id: g, statement: G, indicators: [i0]}")
    lines.append("activities:")
    lines += [
        f"  - {{id: a{k}, name: A{k}, partners: [{'united-way' if k % 2 else 'schools'}], "
        f"contributes: {{i{k}: 1}}}}"
        for k in range(n)
    ]
    path = _file(folder, "ring.yaml", "\n".join(lines) + "\n")

    def assess() -> None:
        ci.assess(ci.load(path)).to_dict()

    return Api(assess)


def _dangling(folder: Path) -> Api:
    long_id = "z" * 1_000_000
    text = MINIMAL_YAML.replace("indicators: [k-ready]", f"indicators: [{long_id}]")
    return Api(ci.load, _file(folder, "dangling.yaml", text))


CASES += [
    Case(
        id="lead-pathway-ring-5000",
        kind=7,
        setup=_ring,
        error=None,
        seconds=30.0,
        memory_mib=1536,
    ),
    Case(
        id="lead-dangling-1mb-id",
        kind=7,
        setup=_dangling,
        error=ValidationError,
        fragments=(
            "{tmp}/dangling.yaml",
            "goals[0].indicators[0]",
            "unknown indicator",
            "(1,000,000 characters)",
        ),
        seconds=5.0,
    ),
]
