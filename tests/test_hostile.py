"""The hostile-input catalogue (issue #15): every case in ``tests/hostile/cases_*.py``.

Each case runs in a forked child process with a wall-clock deadline and an address-space limit
(:mod:`hostile.harness`), and must give the expected library error — its class, and a message
naming the file and the place in it — or be accepted cleanly; through the command line it must
never print a traceback or an ``internal error``.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import hostile
from collective_impact import CollectiveImpactError
from hostile.harness import Api, Case, check_outcome, run_case


def _cases() -> list[Case]:
    cases: list[Case] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(hostile.__path__)):
        if module.startswith("cases_"):
            cases += importlib.import_module(f"hostile.{module}").CASES
    return cases


CASES = _cases()


#: Error cases whose message cannot name a file of the case, and why.
_NO_FILE = {
    "model-cli-escapes-path": "the file name is the hostile part: it must be shown escaped",
    "model-cli-show-escapes-bidi-name": "names are shown escaped; the file is valid",
    "model-cli-output-disk-full": "the failing file is the standard output",
}


def test_ids_are_unique_and_kinds_known() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert {c.kind for c in CASES} == set(range(1, 10))  # every kind of the issue, none other


def test_every_error_names_the_file() -> None:
    """Each case that expects an error requires its message to name the case's file."""
    unnamed = {
        c.id for c in CASES if c.error is not None and not any("{tmp}" in f for f in c.fragments)
    }
    assert unnamed == set(_NO_FILE)


def _param(case: Case) -> object:
    """A case as a test parameter; one given more than 10 s (a big input) is marked ``slow``."""
    return pytest.param(case, id=case.id, marks=[pytest.mark.slow] if case.seconds > 10 else [])


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    if case.skip_reason:
        pytest.skip(case.skip_reason)
    folder = tmp_path / "case"
    folder.mkdir()
    check_outcome(case, run_case(case, folder), folder)


# --- the harness itself: a hang, a foreign error and a memory blow-up must each fail a case


def _forever() -> None:
    import time

    while True:
        time.sleep(0.01)


def _foreign() -> None:
    raise ValueError("embedded null byte")


def _huge() -> None:
    bytearray(8 * 1024**3)


def _harness_case(func: object, **kw: object) -> Case:
    from hostile.harness import Api

    return Case(id="meta", kind=1, setup=lambda d: Api(func), error=ValueError, **kw)  # type: ignore[arg-type]


def test_harness_kills_a_hang(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=r"still running after 0\.5 s"):
        run_case(_harness_case(_forever, seconds=0.5), tmp_path)


def test_harness_refuses_a_foreign_error(tmp_path: Path) -> None:
    case = _harness_case(_foreign)
    outcome = run_case(case, tmp_path)
    assert outcome.type == "builtins.ValueError"
    with pytest.raises(AssertionError, match="not a library error"):
        check_outcome(case, outcome, tmp_path)


def test_harness_bounds_memory(tmp_path: Path) -> None:
    outcome = run_case(_harness_case(_huge, memory_mib=256), tmp_path)
    assert outcome.type == "builtins.MemoryError"


# --- nesting: the depth is counted before parsing, whatever the recursion limit


def _deep_with_a_raised_limit(text: str, fmt: str) -> None:
    import sys

    import collective_impact as ci

    sys.setrecursionlimit(1_000_000)  # which let a deep JSON document overflow the C stack
    ci.loads(text, fmt, source=f"deep.{fmt}")


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_deep_nesting_with_a_raised_recursion_limit(fmt: str, tmp_path: Path) -> None:
    """300,000 levels: refused where they exceed 1,000, not a segmentation fault."""
    lists = "[" * 300_000 + "]" * 300_000
    text = (
        '{"schema_version": 1, "name": "T", "description": ' + lists + "}"
        if fmt == "json"
        else 'schema_version = 1\nname = "T"\ndescription = ' + lists + "\n"
    )
    where = "line 1, column 1050" if fmt == "json" else "line 3, column 1014"
    case = Case(
        id=f"deep-{fmt}-raised-limit",
        kind=1,
        setup=lambda folder: Api(_deep_with_a_raised_limit, text, fmt),
        error=CollectiveImpactError,
        fragments=(f"deep.{fmt}, {where}: the document is nested too deeply",),
        seconds=30.0,
    )
    check_outcome(case, run_case(case, tmp_path), tmp_path)
