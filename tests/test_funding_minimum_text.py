"""The minimum of funding years is written as it was entered, apart from the years secured.

``min_funding_years=1.0000001`` was written ``f"{value:g}"``, "1": one year of funding secured
read "Funding is secured for 1 year after 2026-09-30, less than 1", and the preconditions
lacked "funding secured for 1 year", which the initiative had (found by a reviewer). Every
text that writes the minimum — the gap's message and size, the lacking preconditions, the
report's funding row and the diff — now writes it with the figures it was entered with.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import collective_impact as ci
from collective_impact.htmlreport import render_report

AS_OF = dt.date(2026, 9, 30)
MINIMUM = 1.0000001


def funded_until(until: dt.date | None, minimum: float = MINIMUM) -> ci.Assessment:
    init = ci.load_example("cradle-to-career")
    init = init.evolve(conditions=attrs.evolve(init.conditions, funding_secured_until=until))
    return ci.assess(init, config=ci.ScoringConfig(min_funding_years=minimum), as_of=AS_OF)


def funding_gap(result: ci.Assessment) -> ci.Gap:
    (gap,) = result.gaps_by(code="short-funding")
    return gap


def test_one_year_secured_against_a_minimum_just_above_it() -> None:
    """2026-09-30 to 2027-09-30 is 1 year: short of 1.0000001 (beyond the 1e-9 tolerance)."""
    result = funded_until(dt.date(2027, 9, 30))
    assert result.phase.preconditions.funding_years == 1.0
    gap = funding_gap(result)
    assert gap.message == (
        "Funding is secured for 1 year after 2026-09-30, less than 1.0000001; secure "
        "multi-year funding."
    )
    assert gap.impact_text.endswith("1 year of funding left, 1.0000001 needed")
    assert result.phase.preconditions.lacking == ("funding secured for 1.0000001 years",)
    assert "1 year secured, 1.0000001 needed" in render_report(result)


@pytest.mark.parametrize(
    ("until", "words"),
    [
        (None, "secure funding (an anchor funder) for at least 1.0000001 years and record"),
        (dt.date(2026, 3, 31), "(at least 1.0000001 years are needed)"),
    ],
)
def test_no_horizon_and_funding_run_out(until: dt.date | None, words: str) -> None:
    """ "for at least 1 year" and "at least 1 year is needed" were said of 1.0000001."""
    result = funded_until(until)
    assert words in funding_gap(result).message
    assert result.phase.preconditions.lacking == ("funding secured for 1.0000001 years",)


def test_the_diff_says_the_minimum_as_entered() -> None:
    """Half a year more, still short: "still short of the 1 needed" beside "1 year"."""
    diff = funded_until(dt.date(2027, 3, 31)).diff(funded_until(dt.date(2027, 9, 30)))
    assert (
        "funding is now secured for 1 year (until 2027-09-30), was 0.5; still short of the "
        "1.0000001 years needed"
    ) in diff.reasons["preconditions"]


def test_a_round_minimum_reads_as_before() -> None:
    result = funded_until(dt.date(2027, 9, 30), minimum=2.0)
    assert funding_gap(result).message == (
        "Funding is secured for 1 year after 2026-09-30, less than 2; secure multi-year funding."
    )
    assert result.phase.preconditions.lacking == ("funding secured for 2 years",)
    one = funded_until(None, minimum=1.0)
    assert "for at least 1 year and record" in funding_gap(one).message
    assert one.phase.preconditions.lacking == ("funding secured for 1 year",)
