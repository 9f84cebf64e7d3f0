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
