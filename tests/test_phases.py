"""The phase of an initiative (:mod:`collective_impact.analysis.phases`)."""

from __future__ import annotations

import calendar
import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import Initiative, Partner
from collective_impact.analysis.phases import assess_phase
from test_gaps import healthy


class TestPhase:
    def test_healthy_is_in_phase_three(self) -> None:
        phase = ci.assess(healthy()).phase
        assert (phase.phase, phase.label) == (3, "III")
        assert phase.unmet() == ()
        assert phase.preconditions.met

    def test_one_reporter_stops_at_phase_two(self) -> None:
        init = healthy()
        only_gov = attrs.evolve(
            init.indicators[0], observations=init.indicators[0].observations[:1]
        )
        phase = ci.assess(init.with_indicators(only_gov)).phase
        assert (phase.phase, phase.label) == (2, "II")
        assert [c.name for c in phase.unmet()] == ["progress reported by at least 2 partners"]

    @pytest.mark.parametrize("where", ["before the baseline", "off the agenda"])
    def test_progress_is_reported_on_the_agenda_from_the_baseline(self, where: str) -> None:
        """healthy: gov and biz report i1 on 2024-06-01, after its baseline (2024-01-01):
        phase III. biz's report moved before the baseline, or to an indicator on no goal, is no
        progress reported; it counted, and the initiative stayed in phase III."""
        init = healthy()
        (i1,) = init.indicators
        gov, biz = i1.observations
        if where == "before the baseline":
            moved = attrs.evolve(biz, date=dt.date(2023, 6, 1))
            init = init.with_indicators(attrs.evolve(i1, observations=[gov, moved]))
        else:
            other = ci.Indicator(id="i9", name="I9", observations=[biz])
            init = init.evolve(
                indicators=[attrs.evolve(i1, observations=[gov]), other],
            )
        phase = ci.assess(init).phase
        assert (phase.phase, phase.label) == (2, "II")
        assert [c.name for c in phase.unmet()] == ["progress reported by at least 2 partners"]

    @pytest.mark.parametrize(
        ("observed", "baseline", "as_of", "met"),
        [
            # no baseline: nothing is "from its baseline on"
            (dt.date(2024, 6, 1), None, dt.date(2024, 9, 1), False),
            # a baseline not known yet on the date: the reports come before it
            (dt.date(2024, 1, 1), dt.date(2024, 6, 1), dt.date(2024, 3, 1), False),
            (dt.date(2024, 6, 1), dt.date(2023, 6, 1), dt.date(2024, 9, 1), True),
        ],
    )
    def test_progress_needs_a_baseline_known_on_the_date(
        self, observed: dt.date, baseline: dt.date | None, as_of: dt.date, met: bool
    ) -> None:
        """gov and biz both report i1. Without a baseline known on the date of judgement
        every observation counted as progress, so recording a baseline (which closes an
        unmeasured-indicator gap) could turn the criterion from met to unmet. Found by a
        report-only reviewer."""
        init = healthy()
        (i1,) = init.indicators
        base = None if baseline is None else ci.DatedValue(date=baseline, value=10.0)
        moved = [attrs.evolve(o, date=observed) for o in i1.observations]
        changed = attrs.evolve(i1, baseline=base, target=None, observations=moved)
        result = ci.assess(init.with_indicators(changed), as_of=as_of)
        (found,) = [c for c in result.phase.criteria if c.name.startswith("progress reported")]
        assert found.met is met

    def test_reports_of_the_baselines_period_are_no_progress(self) -> None:
        """An annual indicator with its baseline on 2024-01-01, judged on 2024-03-01: p reports
        on 2024-01-03 and q on 2024-02-01, both in the baseline's year, which the measurement
        reads as the baseline again (``baseline_until`` 2024-12-31: status insufficient-data,
        readiness 0, an unmeasured-indicator gap). "Progress reported by at least 2 partners"
        compared dates and was met beside them (found by a report-only reviewer); a report of
        2025 (after the period) is progress."""

        def reported(days: list[dt.date]) -> bool:
            init = Initiative(
                name="Period",
                as_of=dt.date(2025, 3, 1),
                partners=[Partner(id=p, name=p, sector="government") for p in ("p", "q")],
                goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
                indicators=[
                    ci.Indicator(
                        id="i",
                        name="I",
                        frequency="annual",
                        baseline=ci.DatedValue(date=dt.date(2024, 1, 1), value=40.0),
                        target=ci.DatedValue(date=dt.date(2027, 1, 1), value=50.0),
                        observations=[
                            ci.Observation(date=day, value=41.0 + n, reported_by=who)
                            for n, (day, who) in enumerate(zip(days, "pq", strict=True))
                        ],
                    )
                ],
                activities=[
                    ci.Activity(id="a", name="A", partners=["p", "q"], contributes={"i": 0.5})
                ],
            )
            result = ci.assess(init, as_of=max(days) + dt.timedelta(days=29))
            (found,) = [c for c in result.phase.criteria if c.name.startswith("progress reported")]
            return found.met

        assert reported([dt.date(2024, 1, 3), dt.date(2024, 2, 1)]) is False
        assert reported([dt.date(2024, 1, 3), dt.date(2025, 2, 1)]) is False  # p's is the baseline
        assert reported([dt.date(2025, 1, 3), dt.date(2025, 2, 1)]) is True

    def test_partners_working_apart_are_not_in_phase_three(self) -> None:
        """workforce is in phase III; with every activity in a place of its own, no two
        activities overlap (o = 0), so nothing reinforces anything: the index is undefined,
        mutually reinforcing activities 0, overall 0, and a no-shared-work gap. It was still
        phase III, "sustain action and impact"; it is phase II, with the one criterion unmet."""
        init = ci.load_example("workforce")
        assert ci.assess(init).phase.label == "III"
        apart = init.evolve(
            activities=[
                attrs.evolve(a, places=(f"site-{n}",)) for n, a in enumerate(init.activities)
            ]
        )
        result = ci.assess(apart)
        assert result.scores.mutually_reinforcing_activities == 0.0
        assert result.scores.overall == 0.0
        assert (result.phase.phase, result.phase.label) == (2, "II")
        assert [c.name for c in result.phase.unmet()] == [
            "mutually reinforcing: partners' activities reinforce each other, coordinated"
        ]

    def test_to_dict(self) -> None:
        data = ci.assess(healthy()).phase.to_dict()
        assert data["label"] == "III"
        assert data["components"]["strategic_planning"]["III"]["met"] == [
            "implementation aligned: 75% of the effort helps the agenda and every goal covered",
            "mutually reinforcing: partners' activities reinforce each other, coordinated",
        ]
        assert data["components"]["evaluation"]["III"]["met"] == [
            "progress tracked (half have a target and a recent whole-population value "
            "after their baseline's date or reporting period)",
            "progress reported by at least 2 partners",
        ]
        assert set(data["components"]) == {
            "governance",
            "strategic_planning",
            "community_involvement",
            "evaluation",
        }
        assert data["preconditions"]["champions"] == 1

    def test_nothing_in_place(self) -> None:
        bare = Initiative(name="Bare", partners=[Partner(id="a", name="A", sector="business")])
        phase = ci.assess(bare).phase
        assert phase.phase == 0
        assert phase.label == "none"
        assert not phase.preconditions.met

    def test_function_of_the_initiative_or_a_prepared_object(self) -> None:
        init = healthy()
        assert assess_phase(init) == ci.assess(init).phase
        assert assess_phase(ci.prepare(init)) == ci.assess(init).phase


class TestFundingYears:
    """Funding is counted in calendar years (``Conditions.funding_years``), so a grant until
    the same day y years later is exactly y years, whatever the leap days between. Before,
    (until − as_of).days / 365.25 made 1 January 2025 → 1 January 2027 (730 days) 1.9986
    years, short of ``min_funding_years`` = 2 ("secured for 2.0 years ..., less than 2"),
    and 1 June 2027 → 1 June 2029 (731 days, 29 February 2028 between) 2.0014, enough."""

    def judged(self, as_of: dt.date, until: dt.date) -> ci.Assessment:
        init = healthy()
        conditions = attrs.evolve(init.conditions, funding_secured_until=until)
        return ci.assess(init.evolve(conditions=conditions), as_of=as_of)

    @pytest.mark.parametrize(
        ("as_of", "until"),
        [
            (dt.date(2025, 1, 1), dt.date(2027, 1, 1)),  # 730 days: was 1.9986, short
            (dt.date(2027, 6, 1), dt.date(2029, 6, 1)),  # 731 days: was 2.0014
            (dt.date(2028, 2, 29), dt.date(2030, 2, 28)),  # from a leap day
        ],
    )
    def test_two_calendar_years_meet_two_years(self, as_of: dt.date, until: dt.date) -> None:
        result = self.judged(as_of, until)
        assert result.phase.preconditions.funding_years == 2.0
        assert result.phase.preconditions.met is True
        assert [g for g in result.gaps if g.code == "short-funding"] == []

    def test_a_day_short_is_short(self) -> None:
        """1 January 2025 → 31 December 2026: 1 year, then 364 of the 365 days of 2026 →
        1.99726 < 2: short-funding, not met."""
        result = self.judged(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
        years = result.phase.preconditions.funding_years
        assert years == 1 + 364 / 365
        assert result.phase.preconditions.met is False
        assert [g.evidence["years_secured"] for g in result.gaps if g.code == "short-funding"] == [
            years
        ]

    def test_fractions_and_the_past(self) -> None:
        """2 July 2025 → 1 January 2027: a year to 2 July 2026, then 183 of the 365 days to
        2 July 2027 → 1 + 183/365. Ended a year before: −1."""
        c = ci.Conditions(funding_secured_until=dt.date(2027, 1, 1))
        assert c.funding_years(dt.date(2025, 7, 2)) == 1 + 183 / 365
        assert c.funding_years(dt.date(2028, 1, 1)) == -1.0
        assert c.funding_years(dt.date(2027, 1, 1)) == 0.0
        assert ci.Conditions().funding_years(dt.date(2025, 1, 1)) is None

    @given(st.dates(), st.dates())
    def test_every_date_a_file_may_hold(self, as_of: dt.date, until: dt.date) -> None:
        """Funding secured until 9999-12-31 (or 0001-01-01) loaded, and ``assess`` failed:
        "year 10000 is out of range" (an anniversary one year past the last date a date
        holds). The calendar repeats every 400 years: the years are those of the same two
        dates 400 years nearer, where both fit. Found by a report-only reviewer."""
        years = ci.Conditions(funding_secured_until=until).funding_years(as_of)
        assert years is not None
        assert (years > 0) == (until > as_of)
        assert abs(years - (until - as_of).days / 365.2425) < 1.01
        for shift in (-400, 400):
            try:
                nearer = (
                    as_of.replace(year=as_of.year + shift),
                    until.replace(year=until.year + shift),
                )
            except ValueError:  # out of range, or 29 February of a year that has none
                continue
            moved = ci.Conditions(funding_secured_until=nearer[1]).funding_years(nearer[0])
            assert moved == years

    def test_the_last_and_first_dates(self) -> None:
        last = ci.Conditions(funding_secured_until=dt.date.max)
        assert last.funding_years(dt.date(9999, 1, 1)) == 364 / 365
        assert last.funding_years(dt.date(2020, 1, 1)) == 7979 + 364 / 365
        first = ci.Conditions(funding_secured_until=dt.date.min)
        assert first.funding_years(dt.date(2020, 1, 1)) == -2019.0

    @given(
        st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2090, 12, 31)),
        st.integers(-5, 8),
        st.integers(0, 400),
    )
    def test_whole_on_anniversaries_and_increasing(
        self, as_of: dt.date, years: int, extra: int
    ) -> None:
        """On the anniversary y years later: exactly y. Each day after it adds 1/365 or 1/366
        of a year (the days of its anniversary year)."""
        day = (
            as_of.replace(year=as_of.year + years)
            if (as_of.month, as_of.day) != (2, 29)
            else (dt.date(as_of.year + years, 2, 29 if calendar.isleap(as_of.year + years) else 28))
        )
        c = ci.Conditions(funding_secured_until=day)
        assert c.funding_years(as_of) == years
        later = ci.Conditions(funding_secured_until=day + dt.timedelta(days=extra))
        value = later.funding_years(as_of)
        assert value is not None
        assert years + extra / 366 - 1e-12 <= value <= years + extra / 365 + 1e-12

    def test_no_date_of_judgement_cannot_be_judged(self) -> None:
        """A champion, high urgency and funding until 2035, but no observation and no as_of:
        the funding cannot be counted, so the preconditions are neither met nor unmet (they
        were "not met", with no gap saying why). Without a champion they are not met."""
        partners = [
            Partner(id=x, name=x, sector=s) for x, s in (("a", "nonprofit"), ("b", "government"))
        ]
        conditions = ci.Conditions(
            champions=["a"], funding_secured_until=dt.date(2035, 1, 1), urgency="high"
        )
        init = Initiative(name="New", partners=partners, conditions=conditions)
        pre = ci.assess(init).phase.preconditions
        assert (pre.funding_years, pre.met) == (None, None)
        assert ci.assess(init).phase.to_dict()["preconditions"]["met"] is None
        unchampioned = init.evolve(conditions=attrs.evolve(conditions, champions=()))
        assert ci.assess(unchampioned).phase.preconditions.met is False


class TestProcessesCreated:
    def test_a_working_group_without_members_is_not_a_process(self) -> None:
        """Phase II's "processes created" needs a group of two partners or more: an empty one
        (a placeholder in the data) counted, and then one with a single member (a group of one
        is no process between partners, and coordinates no one)."""
        partners = [Partner(id=x, name=x, sector="nonprofit") for x in "pq"]

        def criterion(groups: list[ci.WorkingGroup]) -> bool:
            init = Initiative(name="R", partners=partners, working_groups=groups)
            (found,) = [
                c for c in ci.assess(init).phase.criteria if c.name.startswith("processes created")
            ]
            return found.met

        assert criterion([ci.WorkingGroup(id="w", name="W", members=[])]) is False
        assert criterion([ci.WorkingGroup(id="w", name="W", members=["p"])]) is False
        assert criterion([ci.WorkingGroup(id="w", name="W", members=["p", "q"])]) is True

    def test_a_community_partner_alone_in_a_group_is_not_engaged(self) -> None:
        """healthy's community partner ``comm`` runs no activity; its only working group is
        one of its own (gov and biz in another). A group of one is no process between partners
        (the criterion above), yet it met phase II's "community engaged in activities or
        working groups". Found by a report-only reviewer; with a second member it is met."""
        init = healthy()

        def engaged(members: list[str]) -> bool:
            groups = [
                ci.WorkingGroup(id="solo", name="Solo", members=members),
                ci.WorkingGroup(id="w2", name="W2", members=["gov", "biz"]),
            ]
            (found,) = [
                c
                for c in ci.assess(init.evolve(working_groups=groups)).phase.criteria
                if c.name.startswith("community engaged")
            ]
            return found.met

        assert engaged(["comm"]) is False
        assert engaged(["comm", "phil"]) is True


class TestProgressTracked:
    """Phase III's "progress tracked" reads what the measurement tracks.

    The workforce example is in phase III: its 5 agenda indicators (annual) have baselines of
    2006–2008 and whole-population values every year to 2010-12-31, the date of judgement, so
    all 5 are observed after their baseline and fresh (half is 3).
    """

    @staticmethod
    def tracked(init: Initiative, as_of: dt.date | None = None) -> tuple[bool, int]:
        result = ci.assess(init, as_of=as_of)
        (found,) = [c for c in result.phase.criteria if c.name.startswith("progress tracked")]
        unmeasured = sum(g.code == "unmeasured-indicator" for g in result.gaps)
        return found.met, unmeasured

    def test_the_example(self) -> None:
        init = ci.load_example("workforce")
        assert self.tracked(init) == (True, 0)
        assert ci.assess(init).phase.phase == 3

    def test_observations_of_one_group_only_track_nothing(self) -> None:
        """Every observation re-labelled as of one group: no whole-population value, 5 of 5
        indicators unmeasured (their gaps say so), and progress was still "tracked"."""
        init = ci.load_example("workforce")
        grouped = init.evolve(
            indicators=[
                attrs.evolve(
                    i, observations=[attrs.evolve(o, group="subgroup-x") for o in i.observations]
                )
                for i in init.indicators
            ]
        )
        assert self.tracked(grouped) == (False, 5)
        assert ci.assess(grouped).phase.phase < 3

    def test_stale_values_track_nothing(self) -> None:
        """Judged on 2016-12-31, six years after the last values (stale after 2 annual
        periods): 5 of 5 stale, each with its unmeasured-indicator gap; "tracked" before."""
        init = ci.load_example("workforce")
        assert self.tracked(init, as_of=dt.date(2016, 12, 31)) == (False, 5)

    def test_one_recent_group_value_does_not_track_old_population_values(self) -> None:
        """Judged on 2014-12-31 (the activities running to 2016), four years after the last
        whole-population values, with one value of the group "youth" on 2014-06-30 for each
        indicator: the indicator is fresh, but its whole-population series is stale
        (``series_stale``) and each has its unmeasured-indicator gap. Progress was "tracked",
        and the initiative in phase III beside 5 of 5 such gaps (found by a reviewer)."""
        init = ci.load_example("workforce")
        recent = init.evolve(
            activities=[attrs.evolve(a, end=dt.date(2016, 12, 31)) for a in init.activities],
            indicators=[
                attrs.evolve(
                    i,
                    observations=[
                        *i.observations,
                        ci.Observation(
                            date=dt.date(2014, 6, 30),
                            value=1.0,
                            reported_by=i.observations[0].reported_by,
                            group="youth",
                        ),
                    ],
                )
                for i in init.indicators
            ],
        )
        as_of = dt.date(2014, 12, 31)
        result = ci.assess(recent, as_of=as_of)
        assert all(m.series_stale and not m.stale for m in result.measurement)
        assert self.tracked(recent, as_of=as_of) == (False, 5)
        assert result.phase.phase < 3

    def test_progress_is_tracked_against_a_target(self) -> None:
        """Two agenda indicators: ``i1`` has a baseline and a target but no observation; ``i2``
        has a baseline and values after it, but no target. Half is 1 of 2, so phase II's
        "baseline and target" was met by ``i1`` and "progress tracked" by ``i2``: phase III,
        nothing unmet, beside readiness 0, two unmeasured-indicator gaps and no status judged
        (found by a report-only reviewer). Progress is tracked against a target, as readiness
        reads it: phase II, with that criterion unmet; with ``i2``'s target, phase III."""
        init = healthy()
        (i1,) = init.indicators
        targetless = attrs.evolve(i1, id="i2", name="I2", target=None)
        split = init.evolve(
            indicators=[attrs.evolve(i1, observations=()), targetless],
            goals=[ci.Goal(id="g1", statement="G1", indicators=["i1", "i2"])],
            activities=[
                attrs.evolve(a, contributes={"i1": 0.5, "i2": 0.5}) for a in init.activities
            ],
        )
        result = ci.assess(split)
        assert result.scores.components["shared_measurement"]["readiness"] == 0.0
        assert self.tracked(split) == (False, 2)
        assert (result.phase.phase, result.phase.label) == (2, "II")
        assert [c.name for c in result.phase.unmet()] == [
            "progress tracked (half have a target and a recent whole-population value "
            "after their baseline's date or reporting period)"
        ]
        with_target = split.with_indicators(attrs.evolve(targetless, target=i1.target))
        assert self.tracked(with_target) == (True, 1)
        assert ci.assess(with_target).phase.phase == 3

    def test_the_criterion_names_its_rule(self) -> None:
        """healthy's only indicator has a target and whole-population values on 2024-06-01,
        after its 2024-01-01 baseline; judged on 2026-07-01 (760 days later) they are stale.
        ``observed_after_baseline`` is true, yet the criterion is unmet: its name said "are
        observed after their baseline", which the indicator is, so "To reach Phase III" asked
        for something done (found by a reviewer). It names the rule: a recent whole-population
        value after the baseline."""
        result = ci.assess(healthy(), as_of=dt.date(2026, 7, 1))
        (m,) = result.measurement
        assert m.observed_after_baseline
        assert m.stale
        (unmet,) = result.phase.unmet(3)
        assert unmet.name == (
            "progress tracked (half have a target and a recent whole-population value "
            "after their baseline's date or reporting period)"
        )
        text = result.summary()
        # the line wrapped within 100 characters (it ran to 111)
        assert max(map(len, text.splitlines())) <= 100
        flat = " ".join(text.split())
        assert f"To reach Phase III — Sustain action and impact evaluation: {unmet.name}" in flat
        assert "observed after their baseline" not in flat
        assert f"- evaluation: {unmet.name}" in result.summary(markdown=True)

    def test_the_criterion_names_the_baseline_period(self) -> None:
        """healthy's only indicator given ``frequency="annual"``: its values of 2024-06-01 are
        after its 2024-01-01 baseline but in the baseline's year, which ends on 2024-12-31
        (``baseline_until``): the baseline again, not progress. Judged on 2024-06-01 the
        criterion is unmet (phase II), and its name said "a recent whole-population value
        after their baseline", which the indicator has (found by a reviewer). It names the
        rule: after the baseline's date or reporting period; and the change of phase says
        it."""
        init = healthy()
        (i1,) = init.indicators
        annual = init.with_indicators(attrs.evolve(i1, frequency="annual"))
        when = dt.date(2024, 6, 1)
        before = ci.assess(init, as_of=when)
        result = ci.assess(annual, as_of=when)
        (m,) = result.measurement
        assert m.latest_date == when > m.baseline_date
        assert m.baseline_until == dt.date(2024, 12, 31)
        assert not m.observed_after_baseline
        assert (before.phase.phase, result.phase.phase) == (3, 2)
        name = (
            "progress tracked (half have a target and a recent whole-population value after "
            "their baseline's date or reporting period)"
        )
        assert name in [c.name for c in result.phase.unmet(3)]
        assert any(name in " ".join(r.split()) for r in before.diff(result).reasons["phase"])

    def test_a_baseline_dated_after_the_date_of_judgement_is_not_known_yet(self) -> None:
        """cradle-to-career's baselines re-dated to 2024-01-15 and judged on 2022-12-31:
        "data makes the case (a problem statement and a baseline)" and "baseline data
        analysed" were met by baselines taken 13 months later; phase I is now out of reach."""
        init = ci.load_example("cradle-to-career")
        later = init.evolve(
            indicators=[
                attrs.evolve(i, baseline=attrs.evolve(i.baseline, date=dt.date(2024, 1, 15)))
                if i.baseline is not None
                else i
                for i in init.indicators
            ]
        )
        result = ci.assess(later, as_of=dt.date(2022, 12, 31))
        report = result.phase
        # the measurement, readiness and the gaps read it so too: no baseline yet
        assert all(m.baseline is None for m in result.measurement)
        assert result.scores.components["shared_measurement"]["readiness"] == 0.0
        (gap,) = [
            g for g in result.gaps if g.key == "unmeasured-indicator(indicator=postsec-credential)"
        ]
        assert gap.impact_text == "no baseline, never observed"
        met = {c.name.split(" (")[0]: c.met for c in report.criteria}
        assert met["data makes the case"] is False
        assert met["baseline data analysed"] is False
        assert report.phase == 0
        known = ci.assess(later, as_of=dt.date(2024, 6, 30)).phase
        assert {c.name.split(" (")[0]: c.met for c in known.criteria}["data makes the case"]


def test_what_the_preconditions_lack_in_words() -> None:
    """``Preconditions.lacking`` names what ``met`` is False for, the one rule the HTML report
    reads (it restated the rule): workforce judged on 2010-12-31, its funding secured until
    that day (0 of 2 years), lacks only funding; without champions and urgency it lacks all
    three (its partners' own champion roles removed too); with its preconditions met it lacks
    nothing."""
    init = ci.load_example("workforce")
    pre = ci.assess(init).phase.preconditions
    assert (pre.met, pre.lacking) == (False, ("funding secured for 2 years",))
    bare = init.evolve(
        conditions=ci.Conditions(champions=(), funding_secured_until=None, urgency=None),
        partners=[
            attrs.evolve(p, roles=[r for r in p.roles if r != "champion"]) for p in init.partners
        ],
    )
    assert not bare.champion_ids
    assert ci.assess(bare).phase.preconditions.lacking == (
        "a champion",
        "funding secured for 2 years",
        "a recorded urgency of medium or high",
    )
    funded = init.evolve(
        conditions=attrs.evolve(init.conditions, funding_secured_until=dt.date(2015, 1, 1))
    )
    pre = ci.assess(funded).phase.preconditions
    assert (pre.met, pre.lacking) == (True, ())
    assert ci.assess(init).phase.to_dict()["preconditions"]["lacking"] == [
        "funding secured for 2 years"
    ]


@pytest.mark.parametrize(
    ("minimum", "until", "lacking"),
    [
        (1.0, dt.date(2010, 12, 31), "funding secured for 1 year"),
        (1.5, dt.date(2010, 12, 31), "funding secured for 1.5 years"),
        (1.0, None, "funding secured for 1 year"),
        (0.0, None, "a recorded funding horizon"),
        (0.0, dt.date(2010, 6, 30), "funding secured up to the date of judgement"),
    ],
)
def test_what_the_preconditions_lack_of_one_year_or_of_none(
    minimum: float, until: dt.date | None, lacking: str
) -> None:
    """workforce judged on 2010-12-31: with ``min_funding_years = 1`` its preconditions lacked
    "funding secured for 1 years"; with 0 and no horizon recorded, "funding secured for 0
    years", where what is missing is the horizon; with 0 and funding that ended before the
    date of judgement, funding up to that date."""
    init = ci.load_example("workforce")
    init = init.evolve(conditions=attrs.evolve(init.conditions, funding_secured_until=until))
    pre = ci.assess(init, config=ci.ScoringConfig(min_funding_years=minimum)).phase.preconditions
    assert (pre.met, pre.lacking) == (False, (lacking,))


class TestWhatMakesTheCaseAndShowsProgress:
    """Phase criteria that blank text, a repeated baseline or a missing agenda satisfied."""

    @pytest.mark.parametrize("blank", ["   ", "\n\t"])
    def test_a_blank_problem_statement_makes_no_case(self, blank: str) -> None:
        """healthy is in phase III; with a problem of blanks "data makes the case" was met
        (any non-empty string counted) and it stayed in phase III. Now phase I is unmet."""
        phase = ci.assess(healthy().evolve(problem=blank)).phase
        assert [c.name for c in phase.unmet(1)] == [
            "data makes the case (a problem statement and a baseline)"
        ]
        assert phase.phase == 0

    def test_a_value_of_the_baseline_date_is_not_progress(self) -> None:
        """healthy: gov and biz report i1 (baseline 10 on 2024-01-01) on 2024-06-01. biz's
        report moved to the baseline's own date with the baseline's value is the baseline
        again: only gov reports progress, so "progress reported by at least 2 partners" is
        unmet (phase II). It counted, and the initiative stayed in phase III."""
        init = healthy()
        (i1,) = init.indicators
        gov, biz = i1.observations
        again = attrs.evolve(biz, date=dt.date(2024, 1, 1), value=10.0)
        phase = ci.assess(init.with_indicators(attrs.evolve(i1, observations=[gov, again]))).phase
        assert (phase.phase, [c.name for c in phase.unmet()]) == (
            2,
            ["progress reported by at least 2 partners"],
        )

    def test_only_values_of_the_baseline_date_are_not_observed(self) -> None:
        """Both reports on the baseline's date with its value: readiness was 1 (baseline,
        target and a value "from the baseline on"), no gap, progress reported by 2 partners,
        while the status was insufficient data. Now readiness is 0, the unmeasured-indicator
        gap says what is missing, and neither progress criterion is met."""
        init = healthy()
        (i1,) = init.indicators
        day = dt.date(2024, 1, 1)
        repeated = [attrs.evolve(o, date=day, value=10.0) for o in i1.observations]
        result = ci.assess(init.with_indicators(attrs.evolve(i1, observations=repeated)), as_of=day)
        (m,) = result.measurement
        assert m.latest_date == day
        assert m.baseline_date == day
        assert not m.observed_after_baseline
        assert m.progress is None  # 0.0 before: "0% of the way" beside the gap below
        assert result.scores.components["shared_measurement"]["readiness"] == 0.0
        (gap,) = [g for g in result.gaps if g.code == "unmeasured-indicator"]
        assert "no whole-population observation after the baseline date" in gap.message
        met = {c.name.split(" (")[0]: c.met for c in result.phase.criteria}
        assert not met["progress tracked"]
        assert not met["progress reported by at least 2 partners"]

    def test_linking_work_to_a_goal_never_takes_phase_one_away(self) -> None:
        """No goal; i (baseline) and j (none); the only activity works on j: the
        no-common-agenda gap says to agree goals and list their indicators. Phase I's baseline
        criterion was read over every indicator without an agenda (1 of 2: met) and over the
        agenda alone
        with one ({j}: 0 of 1), so following the advice took phase I away. Now it is met by
        half the agenda's indicators or half of all: met before and after."""
        init = healthy()
        (i1,) = init.indicators
        j = ci.Indicator(id="j", name="J")
        work = [ci.Activity(id="x", name="X", partners=["gov"], contributes={"j": 0.8})]
        before = init.evolve(goals=[], indicators=[i1, j], activities=work, working_groups=[])
        after = before.evolve(goals=[ci.Goal(id="g", statement="G", indicators=["j"])])
        name = "baseline data analysed (half the agenda indicators, or of all, have a baseline)"
        for init_ in (before, after):
            met = {c.name: c.met for c in ci.assess(init_).phase.criteria}
            assert met[name]
        assert any(g.code == "no-common-agenda" for g in ci.assess(before).gaps)
        # the criteria of phases II and III read the agenda only: none without goals
        names = {c.name: c.met for c in ci.assess(before).phase.criteria}
        assert not names["shared metrics established (half have baseline and target)"]


class TestEveryGoalCovered:
    """Phase III's "every goal covered" compared the weighted goal coverage with 1 within
    rounding (1e-9): goals weighted like budgets, 3e9 and 2, with only the first helped, have a
    coverage of 3e9 / (3e9 + 2) = 0.99999999933, and the criterion was met beside a critical
    ``uncovered-goal`` gap for the second (found by a reviewer). It is judged goal by goal."""

    @staticmethod
    def _budgets(both: bool) -> ci.Initiative:
        return ci.Initiative(
            name="W",
            partners=[
                ci.Partner(id="p", name="P", sector="nonprofit"),
                ci.Partner(id="q", name="Q", sector="business"),
            ],
            indicators=[ci.Indicator(id="jobs", name="Jobs"), ci.Indicator(id="wages", name="W")],
            goals=[
                ci.Goal(id="jobs-goal", statement="J", indicators=["jobs"], weight=3e9),
                ci.Goal(id="wages-goal", statement="W", indicators=["wages"], weight=2.0),
            ],
            activities=[
                ci.Activity(id="x", name="X", partners=["p"], contributes={"jobs": 0.8}),
                ci.Activity(
                    id="y",
                    name="Y",
                    partners=["q"],
                    contributes={"jobs": 0.5, **({"wages": 0.5} if both else {})},
                ),
            ],
        )

    @staticmethod
    def _criterion(result: ci.Assessment) -> bool:
        (found,) = [c for c in result.phase.criteria if c.name.startswith("implementation")]
        return found.met

    def test_a_goal_of_tiny_weight_uncovered(self) -> None:
        result = ci.assess(self._budgets(both=False))
        assert result.scores.components["common_agenda"]["goal_coverage"] == pytest.approx(
            3e9 / (3e9 + 2), rel=1e-15
        )
        assert [g.key for g in result.gaps if g.code == "uncovered-goal"] == [
            "uncovered-goal(goal=wages-goal)"
        ]
        assert not self._criterion(result)

    def test_every_goal_helped(self) -> None:
        result = ci.assess(self._budgets(both=True))
        assert not [g for g in result.gaps if g.code == "uncovered-goal"]
        assert self._criterion(result)


def test_linking_an_activity_as_advised_keeps_the_phase() -> None:
    """``off-agenda-activity`` advised "link it to a goal"; linking 'i08', which has no baseline
    and no target, grew the agenda from 10 indicators to 11, of which 5 (not the 6 of half)
    have both, and phase II fell to I (found by a reviewer). The advice now names what the
    indicator lacks, and doing all of it keeps the phase."""
    from collective_impact.synth import generate

    init = generate(partners=15, activities=40, indicators=12, ties=20, seed=30)
    result = ci.assess(init)
    assert result.phase.label == "II"
    gap = next(g for g in result.gaps if g.key == "off-agenda-activity(activity=a02)")
    assert "giving 'i08' a baseline and a target" in gap.message
    first = init.goals[0]
    linked = init.evolve(
        goals=[attrs.evolve(first, indicators=[*first.indicators, "i08"]), *init.goals[1:]]
    )
    assert ci.assess(linked).phase.label == "I"  # the link alone, as before
    measured = next(i for i in init.indicators if i.baseline and i.target)
    assert measured.baseline is not None
    assert measured.target is not None
    done = linked.evolve(
        indicators=[
            attrs.evolve(
                i,
                baseline=measured.baseline,
                target=measured.target,
                direction=measured.better,
            )
            if i.id == "i08"
            else i
            for i in linked.indicators
        ]
    )
    after = ci.assess(done)
    assert gap.key not in {g.key for g in after.gaps}
    assert after.phase.label == "II"


def _criterion(result: ci.Assessment, name: str) -> bool:
    (found,) = [c for c in result.phase.criteria if c.name.startswith(name)]
    return found.met


class TestCriteriaAtTheirThresholds:
    """Each criterion with a count or share, just at and just short of what it asks."""

    @pytest.mark.parametrize(
        ("sectors", "met"),
        [
            (["government", "nonprofit", "business"], True),
            (["government", "nonprofit"], False),
            (["government", "nonprofit", "academic"], False),
        ],
        ids=["three-core", "two-core", "two-core-and-academic"],
    )
    def test_a_cross_sector_group_takes_three_core_sectors(
        self, sectors: list[str], met: bool
    ) -> None:
        """Partners of 3 core sectors form a cross-sector group (|sectors ∩ core| = 3 ≥ 3);
        of 2 they do not (2 < 3), nor does an academic partner beside them make a third:
        academic is no core sector."""
        init = Initiative(
            name="S",
            partners=[Partner(id=f"p{n}", name=s, sector=s) for n, s in enumerate(sectors)],
        )
        assert _criterion(ci.assess(init), "cross-sector group formed") is met

    @pytest.mark.parametrize(("done", "met"), [(3, False), (4, True)])
    def test_the_backbone_carries_out_four_functions(self, done: int, met: bool) -> None:
        """Of the 6 backbone functions, the first ``done`` are carried out (one strong, the
        others partial: partial or better counts) and the rest not at all: 3 < 4 is unmet,
        4 ≥ 4 met."""
        levels = ["strong"] + ["partial"] * (done - 1) + ["none"] * (6 - done)
        functions = {f.value: level for f, level in zip(ci.BackboneFunction, levels, strict=True)}
        init = healthy().with_backbone(
            ci.Backbone(
                organization="np",
                staff={r.value: 1.0 for r in ci.StaffRole},
                functions=functions,
            )
        )
        assert _criterion(ci.assess(init), "the backbone carries out at least 4") is met

    def test_half_the_goal_weight_covered_is_a_common_agenda(self) -> None:
        """Goals g1 (on i1) and g2 (on i2), weight 1 each; x helps i1 only: goal coverage
        1 / (1 + 1) = 0.5, which is the half the criterion asks (at least 0.5): met."""
        init = Initiative(
            name="C",
            partners=[Partner(id="p", name="P", sector="nonprofit")],
            goals=[
                ci.Goal(id="g1", statement="G1", indicators=["i1"]),
                ci.Goal(id="g2", statement="G2", indicators=["i2"]),
            ],
            indicators=[ci.Indicator(id="i1", name="I1"), ci.Indicator(id="i2", name="I2")],
            activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i1": 0.8})],
        )
        result = ci.assess(init)
        assert result.scores.components["common_agenda"]["goal_coverage"] == 0.5
        assert _criterion(result, "common agenda: activities help goals carrying half") is True

    @pytest.mark.parametrize(("on_agenda", "met"), [(0.72, False), (0.75, True)])
    def test_implementation_aligned_takes_three_quarters_of_the_effort(
        self, on_agenda: float, met: bool
    ) -> None:
        """Goal g on i; u is on no goal. x helps i by ``on_agenda`` and u by the rest of 1:
        focus 0.72 / (0.72 + 0.28) = 0.72 < 0.75, unmet; 0.75 / (0.75 + 0.25) = 0.75 ≥ 0.75,
        met (every goal is covered either way)."""
        init = Initiative(
            name="F",
            partners=[Partner(id="p", name="P", sector="nonprofit")],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[ci.Indicator(id="i", name="I"), ci.Indicator(id="u", name="U")],
            activities=[
                ci.Activity(
                    id="x",
                    name="X",
                    partners=["p"],
                    contributes={"i": on_agenda, "u": round(1 - on_agenda, 2)},
                )
            ],
        )
        result = ci.assess(init)
        assert result.scores.components["common_agenda"]["focus"] == pytest.approx(
            on_agenda, rel=1e-12
        )
        assert _criterion(result, "implementation aligned") is met
