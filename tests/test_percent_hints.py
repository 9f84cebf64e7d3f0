"""A percentage written where a number is expected: the advice depends on what the number means.

A measured value is in its indicator's unit (``56%`` → 56); a full-time equivalent is a number
of which 1 is a whole post (``50%`` → 0.5, not 50); a weight in (0, inf) or a rating from 1 to 4
is a number in its own terms, never a percentage. The native formats and the CSV bundle give the
same advice, from the field's :class:`~collective_impact.model._fields.Number` spec.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact import ValidationError
from collective_impact.errors import CollectiveImpactError

TREE = """\
schema_version: 1
name: Percentages
partners:
  - {id: uw, name: United Way, sector: nonprofit}
  - {id: schools, name: Schools, sector: government}
goals:
  - {id: ready, statement: Ready, indicators: [k-ready], weight: %(weight)s}
indicators:
  - id: k-ready
    name: Kindergarten readiness
    unit: percent
    direction: increase
    observations:
      - {date: 2025-09-30, value: %(value)s, reported_by: schools}
ties:
  - {source: uw, target: schools, involvement: %(involvement)s}
backbone:
  organization: uw
  staff: {project_manager: %(staff)s}
"""

PLAIN = {"weight": "1", "value": "56", "involvement": "3", "staff": "0.5"}

# (field, text written, where the problem is, in YAML and in the CSV bundle, the advice)
CASES = [
    (
        "value",
        "56%",
        "indicators[0].observations[0].value",
        "observations.csv",
        "(write 56 for 56 percent, without the percent sign; the unit is the indicator's)",
    ),
    (
        "staff",
        "50%",
        "backbone.staff['project_manager']",
        "backbone.csv",
        "(a number of which 1 is a whole, without the percent sign: write 0.5 for 50%)",
    ),
    (
        "weight",
        "50%",
        "goals[0].weight",
        "goals.csv",
        "(a number in (0, inf) in its own terms, without the percent sign; not a percentage)",
    ),
    (
        "involvement",
        "75%",
        "ties[0].involvement",
        "ties.csv",
        "(a number in [1, 4] in its own terms, without the percent sign; not a percentage)",
    ),
]


def _message(path: Path) -> str:
    with pytest.raises(CollectiveImpactError) as info:
        ci.load(path) if path.is_file() else ci.read_csv_bundle(path)
    return str(info.value)


@pytest.mark.parametrize(("field", "written", "where", "file", "advice"), CASES)
def test_native_file(
    tmp_path: Path, field: str, written: str, where: str, file: str, advice: str
) -> None:
    path = tmp_path / "pct.yaml"
    path.write_text(TREE % {**PLAIN, field: f"'{written}'"})
    message = _message(path)
    assert f"{where}: expected a number, got '{written}' {advice}" in message
    assert message.count("expected a number") == 1


@pytest.mark.parametrize(("field", "written", "where", "file", "advice"), CASES)
def test_csv_bundle(
    tmp_path: Path, field: str, written: str, where: str, file: str, advice: str
) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(TREE % PLAIN)
    bundle = tmp_path / "bundle"
    ci.write_csv_bundle(ci.load(plain), bundle)
    csv = bundle / file
    header, row = csv.read_text().splitlines()[:2]
    column = {"value": "value", "staff": "project_manager"}.get(field, field)
    cells = row.split(",")
    cells[header.split(",").index(column)] = written
    csv.write_text("\n".join([header, ",".join(cells)]) + "\n")
    message = _message(bundle)
    assert f"expected a number, got '{written}' {advice}" in message
    assert file in message


def test_following_the_staff_advice_gives_the_fte() -> None:
    """0.5 FTE, as advised, is what half a post is: not 50 FTE (which scored staffing 1.0)."""
    half = ci.loads(TREE % PLAIN)
    assert half.backbone is not None
    assert half.backbone.staff == {"project_manager": 0.5}
    with pytest.raises(ValidationError, match=r"write 0\.5 for 50%"):
        ci.loads(TREE % {**PLAIN, "staff": "'50%'"})


@pytest.mark.parametrize(
    ("written", "advice"),
    [
        ("40%", "(a share in (0, 1]: write 0.4 for 40%)"),
        ("0%", "(a share in (0, 1]: 0% would be 0, outside (0, 1])"),
        ("150%", "(a share in (0, 1]: 150% would be 1.5, outside (0, 1])"),
    ],
)
def test_a_share_outside_its_range_is_not_advised(written: str, advice: str) -> None:
    """A tie's strength is in (0, 1]: "write 0 for 0%" advised a value then refused."""
    text = (
        "schema_version: 1\nname: T\npartners:\n  - {id: a, name: A, sector: other}\n"
        "  - {id: b, name: B, sector: other}\nties:\n"
        f"  - {{source: a, target: b, kind: funding, strength: '{written}'}}\n"
    )
    with pytest.raises(ValidationError) as info:
        ci.loads(text, "yaml")
    assert [p.message for p in info.value.problems] == [
        f"expected a number, got '{written}' {advice}"
    ]
