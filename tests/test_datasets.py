"""The bundled examples meet the requirements they are documented to meet."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

import collective_impact as ci
from collective_impact import Sector


def test_list_examples() -> None:
    assert ci.list_examples() == ["cradle-to-career", "cradle-to-career-2027", "workforce"]


def test_unknown_example_suggests() -> None:
    with pytest.raises(ci.UnknownIdError, match="did you mean 'workforce'"):
        ci.load_example("workfroce")


@pytest.mark.parametrize("name", ["cradle-to-career", "cradle-to-career-2027", "workforce"])
def test_examples_say_they_are_illustrative(name: str) -> None:
    assert "ILLUSTRATIVE" in (ci.load_example(name).description or "")


class TestCradleToCareer:
    init = ci.load_example("cradle-to-career")

    def test_partners_cover_the_core_sectors(self) -> None:
        assert len(self.init.partners) >= 12
        sectors = Counter(p.sector for p in self.init.partners)
        assert all(sectors[s] for s in Sector.core())

    def test_agenda(self) -> None:
        assert len(self.init.goals) >= 3
        # a pathway of at least 4 indicators linked by drives
        drives = {i.id: set(i.drives) for i in self.init.indicators}

        def longest(start: str) -> int:
            return 1 + max((longest(n) for n in drives[start]), default=0)

        assert max(longest(i) for i in drives) >= 4

    def test_activities(self) -> None:
        acts = self.init.activities
        assert len(acts) >= 20
        assert all(a.strategy and a.populations and a.places for a in acts)

    def test_observations_span_three_years_with_groups(self) -> None:
        obs = [o for i in self.init.indicators for o in i.observations]
        years = {o.date.year for o in obs}
        assert max(years) - min(years) >= 3
        assert any(o.group for o in obs)

    def test_structure(self) -> None:
        assert self.init.ties
        assert self.init.working_groups
        assert self.init.backbone is not None
        c = self.init.conditions
        assert c.champions
        assert c.funding_secured_until
        assert c.urgency


class TestCradleToCareer2027(TestCradleToCareer):
    """The same initiative a year later: it still meets every requirement of the 2026 snapshot
    (inherited tests), states its date, and its assessment changes in explainable ways."""

    init = ci.load_example("cradle-to-career-2027")
    before = ci.assess(ci.load_example("cradle-to-career"))
    after = ci.assess(init)
    change = before.diff(after)

    def test_same_initiative(self) -> None:
        old = ci.load_example("cradle-to-career")
        assert self.init.name == old.name
        assert {p.id for p in old.partners} < {p.id for p in self.init.partners}
        assert {g.id for g in self.init.goals} == {g.id for g in old.goals}
        assert {i.id for i in self.init.indicators} == {i.id for i in old.indicators}

    def test_as_of_from_the_file(self) -> None:
        assert self.init.as_of == dt.date(2027, 6, 30)
        assert self.after.as_of == dt.date(2027, 6, 30)
        assert self.after.as_of_source == "file"

    @staticmethod
    def _has(gaps: tuple[ci.Gap, ...], code: str, subject: str) -> bool:
        return any(g.code == code and subject in g.subjects for g in gaps)

    def test_diff_closes_the_fixed_gaps(self) -> None:
        closed = self.change.closed
        assert self._has(closed, "harmful-activity", "zero-tolerance-discipline")
        assert self._has(closed, "backbone-staff-gap", "united-way")
        # the recommended tie, funding, the new reporter and the narrowing reading gap
        assert self._has(closed, "isolated-partner", "faith-coalition")
        assert self._has(closed, "unmeasured-indicator", "postsec-credential")
        assert self._has(closed, "widening-disparity", "grade3-reading")
        assert any(g.code == "short-funding" for g in closed)

    def test_diff_opens_few_explainable_gaps(self) -> None:
        # the new partner reports nothing yet, and its one tie makes schools a cut point
        opened = self.change.opened
        assert 0 < len(opened) < len(self.change.closed)
        assert self._has(opened, "non-reporting-partner", "restorative-center")
        assert self._has(opened, "single-point-of-failure", "schools")

    def test_diff_raises_scores(self) -> None:
        changes = self.change.score_changes()
        assert changes["overall"] > 0.05
        assert changes["backbone_support"] > 0
        assert all(v >= 0 for v in changes.values())
        gain = self.change.alignment_index[2]
        assert gain is not None
        assert gain > 0


class TestWorkforce:
    """Opportunity Chicago: target 5,000 public-housing residents placed in jobs, 5,696 placed
    (14% over target), 77% working after exit (FSG case study, as quoted in shared/seeds)."""

    init = ci.load_example("workforce")

    def test_published_figures(self) -> None:
        placements = self.init.indicator("placements")
        assert placements.baseline is not None
        assert placements.baseline.value == 0
        assert placements.target is not None
        assert placements.target.value == 5000
        latest = max(placements.observations, key=lambda o: o.date)
        assert latest.value == 5696
        assert round(latest.value / placements.target.value - 1, 2) == 0.14
        employed = self.init.indicator("employed-after-exit")
        assert max(employed.observations, key=lambda o: o.date).value == 77
