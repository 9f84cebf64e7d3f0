"""The phase, every criterion and the preconditions, against a reference from the docs.

``tests/reference_phase.py`` judges every criterion of the phase table of docs/scoring.md ("The
phase") one loop at a time over the model objects (:func:`reference_phase.reference_phase`); the
tests compare it with :func:`collective_impact.analysis.phases.assess_phase` on generated
initiatives (the shared strategy, and a local one that perturbs a phase III initiative so that
every criterion is drawn met and unmet, at drawn dates of judgement) and on cases worked by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact import Initiative
from collective_impact.analysis.phases import assess_phase
from collective_impact.errors import PathwayError
from collective_impact.strategies import initiatives
from conftest import examples
from draws import NEAR_THE_BOUND, as_of_arguments, cyclic
from reference_phase import ReferencePhase, reference_phase
from test_gaps import healthy

TOL = 1e-12


def check_phase(
    init: Initiative, as_of: dt.date | None = None, config: ci.ScoringConfig | None = None
) -> ReferencePhase | None:
    """The phase, every criterion's verdict and the preconditions: engine and reference.

    Returns the reference's answer, or ``None`` when the pathway series does not converge (the
    engine refuses the initiative too).
    """
    try:
        expected = reference_phase(init, as_of=as_of, config=config)
    except ValueError:
        with pytest.raises(PathwayError):
            assess_phase(init, as_of=as_of, config=config)
        return None
    report = assess_phase(init, as_of=as_of, config=config)
    engine = {(c.component, c.phase, c.name): c.met for c in report.criteria}
    assert list(engine) == list(expected.criteria)
    differing = {k: (engine[k], v) for k, v in expected.criteria.items() if engine[k] != v}
    assert not differing, (differing, expected.when)
    assert report.phase == expected.phase
    pre = report.preconditions
    assert pre.champions == expected.champions
    assert pre.urgency == expected.urgency
    assert pre.met is expected.met
    assert pre.lacking == expected.lacking
    if expected.funding_years is None:
        assert pre.funding_years is None
    else:
        assert pre.funding_years == pytest.approx(expected.funding_years, abs=TOL)
    return expected


def judged(
    init: Initiative, as_of: dt.date | None = None, config: ci.ScoringConfig | None = None
) -> ReferencePhase:
    """:func:`check_phase` of an initiative whose pathways converge: the reference's answer."""
    expected = check_phase(init, as_of=as_of, config=config)
    assert expected is not None
    return expected


def unmet(expected: ReferencePhase, phase: int) -> list[str]:
    """The names of the criteria of ``phase`` the reference finds unmet, in the table's order."""
    return [name for (_, p, name), met in expected.criteria.items() if p == phase and not met]


ENGAGED = "community engaged in activities or working groups of two partners or more"
PROCESSES = "processes created (a working group of at least two partners)"
TRACKED = (
    "progress tracked (half have a target and a recent whole-population value after their "
    "baseline's date or reporting period)"
)
REPORTED = "progress reported by at least 2 partners"
METRICS = "shared metrics established (half have baseline and target)"
BASELINES = "baseline data analysed (half the agenda indicators, or of all, have a baseline)"
CASE = "data makes the case (a problem statement and a baseline)"
LANDSCAPE = "landscape mapped (running activities recorded)"


def _measured_dates(init: Initiative) -> list[dt.date]:
    """The dates of every observation and baseline: a date of judgement before all is refused."""
    out = [o.date for i in init.indicators for o in i.observations]
    return out + [i.baseline.date for i in init.indicators if i.baseline is not None]


@st.composite
def dates_of_judgement(draw: st.DrawFn, init: Initiative) -> dt.date | None:
    """``None``, or a date no earlier than the first measurement: often one of the measured
    dates themselves, or a day before or after one (where observations start or stop counting)."""
    measured = _measured_dates(init)
    if not measured:
        return draw(st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31))))
    first = min(measured)
    planned = [d for a in init.activities for d in (a.start, a.end) if d is not None]
    near = st.sampled_from(measured + planned).flatmap(
        lambda d: st.sampled_from([d, d - dt.timedelta(days=1), d + dt.timedelta(days=1)])
    )
    day = draw(st.one_of(st.none(), near, st.dates(first, dt.date(2036, 12, 31))))
    return None if day is None or day < first else day


# ---------------------------------------------------------------------------------------------
# A local strategy: a phase III initiative (tests/test_gaps.py ``healthy``) with some of its
# parts taken away or changed, so that each criterion is drawn both ways, and the cases the
# criteria turn on drawn often (the shared strategy seldom reaches phase I at all).

PARTNERS = ("gov", "np", "biz", "phil", "comm")
DAY = dt.date(2024, 1, 1)  # i1's baseline in ``healthy``


def _obs(day: dt.date, by: str | None, group: str | None = None) -> ci.Observation:
    # one value for every key: the model refuses two values of one date, reporter and group
    return ci.Observation(date=day, value=11.0, reported_by=by, group=group)


@st.composite
def _observations(draw: st.DrawFn, baseline: dt.date) -> list[ci.Observation]:
    """Reports around ``baseline``: on its date, in its month, quarter or year, just after its
    year, long after it (stale), before it; by one of the partners or nobody, some by group."""
    offsets = [0, 1, 20, 45, 100, 200, 364, 366, 400, 800, 1500, -30, -400]
    drawn = draw(
        st.lists(
            st.tuples(
                st.sampled_from(offsets),
                st.one_of(st.none(), st.sampled_from(PARTNERS)),
                st.sampled_from([None, None, "boys"]),
            ),
            max_size=5,
            unique=True,
        )
    )
    return [_obs(baseline + dt.timedelta(days=k), by, g) for k, by, g in drawn]


@st.composite
def _indicator(draw: st.DrawFn, ident: str) -> ci.Indicator:
    """An indicator with or without a baseline, a target (an increase), a frequency, reports."""
    baseline_day = draw(st.sampled_from([DAY, dt.date(2023, 7, 15), dt.date(2025, 3, 31)]))
    has_baseline = draw(st.booleans())
    has_target = draw(st.booleans())
    observations = draw(_observations(baseline_day))
    return ci.Indicator(
        id=ident,
        name=ident.upper(),
        direction="increase",
        baseline=ci.DatedValue(date=baseline_day, value=10.0) if has_baseline else None,
        target=ci.DatedValue(date=dt.date(2030, 1, 1), value=20.0) if has_target else None,
        frequency=draw(st.sampled_from([None, "annual", "quarterly", "monthly"])),
        observations=observations,
    )


@st.composite
def near_phase_three(draw: st.DrawFn) -> Initiative:
    """``healthy`` (phase III) with a few drawn changes (each part is changed one time in
    three), each of which may unmeet a criterion or meet one in a way the shared strategy
    seldom draws."""
    init = healthy()
    changes: dict[str, Any] = {}

    def change() -> bool:
        return draw(st.integers(0, 2)) == 0

    partners = list(init.partners)
    if change():  # the sectors
        sectors = draw(
            st.lists(
                st.sampled_from(["government", "nonprofit", "business", "community", "other"]),
                min_size=5,
                max_size=5,
            )
        )
        partners = [attrs.evolve(p, sector=s) for p, s in zip(partners, sectors, strict=True)]
    if change():  # a second community partner, with a tie or none, maybe a champion
        roles = ["champion"] if draw(st.booleans()) else []
        partners.append(ci.Partner(id="comm2", name="Comm 2", sector="community", roles=roles))
    changes["partners"] = partners
    ids = [p.id for p in partners]
    if change():
        changes["problem"] = draw(st.sampled_from(["   ", None]))
    ties = list(init.ties)
    if change():  # some of the ring dropped
        ties = [t for t in ties if draw(st.booleans())]
    if "comm2" in ids and draw(st.booleans()):
        ties.append(ci.Tie(source=draw(st.sampled_from(PARTNERS)), target="comm2"))
    changes["ties"] = ties
    if change():  # working groups: of one (community) partner, of two; the one of all or not
        groups = []
        for k in range(draw(st.integers(0, 2))):
            members = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
            groups.append(ci.WorkingGroup(id=f"w{k}", name=f"W{k}", members=members))
        if draw(st.booleans()):
            groups.append(attrs.evolve(init.working_groups[0], goals=()))
        changes["working_groups"] = groups
    # the indicators: i1 as it is, or redrawn; more of them, on the agenda or off it
    indicators = list(init.indicators)
    if change():
        indicators = [draw(_indicator("i1"))]
    if change():
        indicators += [draw(_indicator(f"i{k}")) for k in range(2, 2 + draw(st.integers(1, 3)))]
    changes["indicators"] = indicators
    if change():  # the agenda: some of the indicators, an empty goal, or no goal
        listed = draw(st.lists(st.sampled_from([i.id for i in indicators]), unique=True))
        changes["goals"] = [ci.Goal(id="g1", statement="G1", indicators=listed)] if listed else []
        if not listed:
            changes["working_groups"] = [
                attrs.evolve(w, goals=())
                for w in changes.get("working_groups", init.working_groups)
            ]
    # the activities: ended, not started, led by the community partner, on no indicator
    activities = []
    for a in init.activities:
        if change():
            kinds = ["ended", "later", "community", "joined", "off", "gone"]
            how = draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=3, unique=True))
            if "gone" in how:
                continue
            if "ended" in how:
                a = attrs.evolve(a, end=dt.date(2024, 3, 1))
            elif "later" in how:
                a = attrs.evolve(a, start=dt.date(2025, 6, 1))
            community = draw(st.sampled_from(["comm", *ids[5:]]))
            if "community" in how:  # led by a community partner alone
                a = attrs.evolve(a, partners=[community])
            elif "joined" in how and community not in a.partners:  # one partner among two
                a = attrs.evolve(a, partners=[*a.partners, community])
            if "off" in how:  # on no indicator
                a = attrs.evolve(a, contributes={})
        if any(i not in [x.id for x in indicators] for i in a.contributes):
            a = attrs.evolve(a, contributes={indicators[0].id: 0.5})
        activities.append(a)
    changes["activities"] = activities
    if change():  # the backbone: staff and functions drawn, or none
        if draw(st.integers(0, 3)) == 0:
            changes["backbone"] = None
        else:
            staff = {r: draw(st.sampled_from([0.0, 0.5, 1.0])) for r in ci.StaffRole}
            levels = list(ci.FunctionLevel)
            functions = {f: draw(st.sampled_from(levels)) for f in ci.BackboneFunction}
            changes["backbone"] = ci.Backbone(organization="np", staff=staff, functions=functions)
    if change():  # the preconditions: champions, funding, urgency
        horizons = [None, dt.date(2030, 1, 1), dt.date(2026, 6, 30), dt.date(2028, 2, 29)]
        changes["conditions"] = ci.Conditions(
            champions=draw(st.lists(st.sampled_from(PARTNERS), max_size=2, unique=True)),
            funding_secured_until=draw(st.sampled_from(horizons)),
            urgency=draw(st.sampled_from([None, "low", "medium", "high"])),
        )
    return init.evolve(**changes)


class TestPhaseAgainstReference:
    @pytest.mark.parametrize("name", ci.list_examples())
    def test_examples(self, name: str) -> None:
        """The bundled examples: the phase, every criterion and the preconditions."""
        check_phase(ci.load_example(name))

    def test_healthy(self) -> None:
        """``healthy`` of tests/test_gaps.py meets every criterion: phase III."""
        assert judged(healthy()).phase == 3

    @given(initiatives())
    def test_generated(self, init: Initiative) -> None:
        """Generated initiatives (the shared strategy), judged on their own date."""
        check_phase(init)

    @given(initiatives(), st.data())
    def test_generated_at_a_drawn_date(self, init: Initiative, data: st.DataObject) -> None:
        """Generated initiatives judged at a drawn ``as_of`` (on, just before or just after a
        measured date): what is dated after it does not count."""
        check_phase(init, as_of=data.draw(dates_of_judgement(init)))

    @settings(max_examples=examples(200))
    @given(near_phase_three(), st.data())
    def test_near_phase_three(self, init: Initiative, data: st.DataObject) -> None:
        """``healthy`` with parts taken away or changed (sectors, ties, working groups of one
        or two, indicators with a target and no observation, reports in the baseline's period
        or by group only or stale, ended activities, staff, functions, preconditions), judged
        on its own date or a drawn one."""
        check_phase(init, as_of=data.draw(dates_of_judgement(init)))


class TestPhaseUndrawnByTheSharedStrategy:
    """Cyclic pathways (near the bound and diverging too), up to 12 indicators, and dates of
    judgement between the initiative's dates or far from them."""

    @given(cyclic(), st.data())
    def test_cyclic_pathways(
        self, case: tuple[Initiative, ci.ScoringConfig], data: st.DataObject
    ) -> None:
        init, config = case
        check_phase(init, as_of=data.draw(dates_of_judgement(init)), config=config)

    @given(cyclic(band=NEAR_THE_BOUND))
    def test_cyclic_pathways_near_the_bound(
        self, case: tuple[Initiative, ci.ScoringConfig]
    ) -> None:
        init, config = case
        check_phase(init, config=config)

    @given(cyclic(diverging=True))
    def test_cyclic_pathways_that_diverge(self, case: tuple[Initiative, ci.ScoringConfig]) -> None:
        init, config = case
        assert check_phase(init, config=config) is None

    @given(initiatives(max_indicators=12), st.data())
    def test_up_to_twelve_indicators(self, init: Initiative, data: st.DataObject) -> None:
        check_phase(init, as_of=data.draw(dates_of_judgement(init)))

    @given(initiatives(), st.data())
    def test_as_of_argument(self, init: Initiative, data: st.DataObject) -> None:
        check_phase(init, as_of=data.draw(as_of_arguments(init)))


def _i1(**changes: Any) -> ci.Indicator:
    """``healthy``'s i1 (baseline 2024-01-01, target 2030, reported by gov and biz on
    2024-06-01), changed."""
    return attrs.evolve(healthy().indicators[0], **changes)


def _indicator_with(ident: str, *, baseline: bool = True, target: bool = True) -> ci.Indicator:
    return ci.Indicator(
        id=ident,
        name=ident.upper(),
        direction="increase",
        baseline=ci.DatedValue(date=DAY, value=10.0) if baseline else None,
        target=ci.DatedValue(date=dt.date(2030, 1, 1), value=20.0) if target else None,
    )


CONFIGS = st.builds(
    ci.ScoringConfig,
    stale_after_days=st.sampled_from([30.0, 152.0, 730.0, 3000.0]),
    stale_after_periods=st.sampled_from([0.5, 2.0, 8.0]),
    min_funding_years=st.sampled_from([0.0, 1.0, 2.0, 5.0 + 214 / 365, 5.6]),
    pathway_weight=st.sampled_from([0.0, 0.5]),
)


class TestPhaseWithADrawnConfig:
    @settings(max_examples=examples(80))
    @given(near_phase_three(), CONFIGS, st.data())
    def test_near_phase_three(
        self, init: Initiative, config: ci.ScoringConfig, data: st.DataObject
    ) -> None:
        """Staleness after other numbers of days or periods, other funding horizons (one of
        them ``healthy``'s own on 2024-06-01, up to rounding), pathways weighed or not."""
        check_phase(init, as_of=data.draw(dates_of_judgement(init)), config=config)


class TestPhaseByHand:
    """Small cases worked by hand from docs/scoring.md, "The phase"; each also goes through
    :func:`check_phase` (the engine agrees with the reference)."""

    def test_a_community_partner_alone_in_a_working_group_is_not_engaged(self) -> None:
        """``healthy``'s community partner acts in no activity (x is gov's, y is biz's); it is
        engaged by the working group of all five. In a group of its own it is not: "a group of
        one is no process between partners", so both "processes created" and "community
        engaged" are unmet and the phase is I. A group of comm and phil engages it: III."""
        alone = [ci.WorkingGroup(id="w", name="W", members=["comm"])]
        expected = judged(healthy().evolve(working_groups=alone))
        assert unmet(expected, 2) == [PROCESSES, ENGAGED]
        assert expected.phase == 1
        pair = [ci.WorkingGroup(id="w", name="W", members=["comm", "phil"])]
        assert judged(healthy().evolve(working_groups=pair)).phase == 3

    def test_a_community_partner_in_an_ended_activity_is_not_engaged(self) -> None:
        """No working group; comm runs activity z (nothing contributed), which ended on
        2024-03-01. Judged on 2024-06-01 (the reports' date) z does not run: comm is not
        engaged, and without a group "processes created" fails too (phase I). Judged on
        2024-03-01, z's last day, it runs and engages comm; the reports are not known yet, so
        the phase is II, not III."""
        z = ci.Activity(id="z", name="Z", partners=["comm"], end=dt.date(2024, 3, 1))
        init = healthy().evolve(working_groups=[], activities=[*healthy().activities, z])
        later = judged(init)
        assert later.when == dt.date(2024, 6, 1)
        assert unmet(later, 2) == [PROCESSES, ENGAGED]
        on_its_last_day = judged(init, as_of=dt.date(2024, 3, 1))
        assert unmet(on_its_last_day, 2) == [PROCESSES]
        assert unmet(on_its_last_day, 3) == [TRACKED, REPORTED]

    def test_an_indicator_with_a_target_and_no_observation_is_not_tracked(self) -> None:
        """i1 is tracked (a whole-population value after its baseline, recent, a target); i2
        and i3 have a baseline and a target and no observation. Of two agenda indicators half
        is 1: tracked. Of three, half is ceil(3/2) = 2: not tracked, phase II (shared metrics
        hold: all three have a baseline and a target)."""
        two = healthy().evolve(
            indicators=[_i1(), _indicator_with("i2")],
            goals=[ci.Goal(id="g1", statement="G1", indicators=["i1", "i2"])],
        )
        assert judged(two).phase == 3
        three = two.evolve(
            indicators=[*two.indicators, _indicator_with("i3")],
            goals=[ci.Goal(id="g1", statement="G1", indicators=["i1", "i2", "i3"])],
        )
        expected = judged(three)
        assert unmet(expected, 3) == [TRACKED]
        assert expected.phase == 2

    @pytest.mark.parametrize(
        ("frequency", "phase"), [(None, 3), ("annual", 2), ("quarterly", 3), ("monthly", 3)]
    )
    def test_reports_in_the_baselines_period_are_the_baseline(
        self, frequency: str | None, phase: int
    ) -> None:
        """i1's baseline is of 2024-01-01 and gov and biz report on 2024-06-01. Without a
        frequency the baseline's period is its date alone, so June is progress: III. Annual:
        June is in the baseline's year, the baseline again, neither tracked nor reported: II.
        Quarterly (Q1 ends 2024-03-31) and monthly: June is after the baseline's period: III."""
        expected = judged(healthy().with_indicators(_i1(frequency=frequency)))
        assert expected.phase == phase
        if phase == 2:
            assert unmet(expected, 3) == [TRACKED, REPORTED]

    def test_quarter(self) -> None:
        """A quarterly i1 with reports on 2024-03-31 (the baseline's quarter's last day: the
        baseline again) is in phase II; moved to 2024-04-01 (the next quarter) they are
        progress: III."""
        for day, phase in ((dt.date(2024, 3, 31), 2), (dt.date(2024, 4, 1), 3)):
            reports = [_obs(day, "gov"), _obs(day, "biz")]
            i1 = _i1(frequency="quarterly", observations=reports)
            assert judged(healthy().with_indicators(i1)).phase == phase

    def test_reports_after_the_date_of_judgement_do_not_count(self) -> None:
        """Judged on 2024-05-31, the reports of 2024-06-01 do not exist yet: neither tracked
        nor reported, phase II; judged on 2024-06-01 they count (a value of the date itself
        is known): III. The funding (until 2030-01-01) is counted from the date: 5 years to
        2029-06-01, then 214 days of the 365 to 2030-06-01."""
        before = judged(healthy(), as_of=dt.date(2024, 5, 31))
        assert unmet(before, 3) == [TRACKED, REPORTED]
        on = judged(healthy(), as_of=dt.date(2024, 6, 1))
        assert on.phase == 3
        assert on.funding_years == pytest.approx(5 + 214 / 365)

    def test_a_baseline_after_the_date_of_judgement_is_not_known(self) -> None:
        """With a report by gov on 2023-06-01 and the baseline of 2024-01-01, judged on
        2023-12-31: no baseline is known, so neither "data makes the case" nor "baseline data
        analysed" is met: phase none."""
        early = _obs(dt.date(2023, 6, 1), "gov")
        init = healthy().with_indicators(_i1(observations=[early, *_i1().observations]))
        expected = judged(init, as_of=dt.date(2023, 12, 31))
        assert unmet(expected, 1) == [CASE, BASELINES]
        assert expected.phase == 0

    def test_half_of_all_the_indicators_have_a_baseline(self) -> None:
        """Two agenda indicators without a baseline and two off the agenda with one: phase I
        reads half the agenda (0 of 2) or half of all (2 of 4, enough): met. Phase II's shared
        metrics read the agenda only: 0 of 2, unmet."""
        init = healthy().evolve(
            indicators=[
                _indicator_with("a1", baseline=False),
                _indicator_with("a2", baseline=False),
                _indicator_with("o1"),
                _indicator_with("o2"),
            ],
            goals=[ci.Goal(id="g1", statement="G1", indicators=["a1", "a2"])],
            activities=[
                attrs.evolve(a, contributes={"a1": 0.5, "a2": 0.5}) for a in healthy().activities
            ],
        )
        expected = judged(init, as_of=dt.date(2024, 6, 1))
        assert unmet(expected, 1) == []
        assert METRICS in unmet(expected, 2)

    def test_old_data_are_not_tracked(self) -> None:
        """Judged on 2026-07-01 the reports of 2024-06-01 are 760 days old, more than the 730
        after which data without a frequency are stale: not tracked (still reported). A group's
        value of 2026-06-01 keeps the indicator fresh, but its whole-population series is
        still 760 days old (``series_stale``): not tracked either."""
        when = dt.date(2026, 7, 1)
        expected = judged(healthy(), as_of=when)
        assert unmet(expected, 3) == [TRACKED]
        group = _obs(dt.date(2026, 6, 1), None, "boys")
        fresh = healthy().with_indicators(_i1(observations=[*_i1().observations, group]))
        assert unmet(judged(fresh, as_of=when), 3) == [TRACKED]

    @pytest.mark.parametrize(
        ("until", "years", "met"),
        [(dt.date(2026, 2, 28), 2.0, True), (dt.date(2026, 2, 27), 1 + 364 / 365, False)],
    )
    def test_funding_from_a_29_february(self, until: dt.date, years: float, met: bool) -> None:
        """Judged on 2024-02-29, two years of funding end on 2026-02-28 (29 February becomes 28
        in a common year): exactly 2 years, the preconditions are met. A day less is one year
        (to 2025-02-28) and 364 days of the 365 to 2026-02-28: short of 2."""
        init = healthy().evolve(
            conditions=ci.Conditions(champions=["gov"], funding_secured_until=until, urgency="high")
        )
        expected = judged(init, as_of=dt.date(2024, 2, 29))
        assert expected.funding_years == pytest.approx(years)
        assert expected.met is met
        assert expected.lacking == (() if met else ("funding secured for 2 years",))

    @pytest.mark.parametrize(
        ("frequency", "day", "days", "tracked"),
        [
            (None, dt.date(2024, 6, 1), 730, True),
            (None, dt.date(2024, 6, 1), 731, False),
            ("annual", dt.date(2025, 6, 1), 730, True),
            ("annual", dt.date(2025, 6, 1), 731, False),
            ("annual", dt.date(2027, 6, 1), 731, True),  # 29 February 2028 between
            ("annual", dt.date(2027, 6, 1), 732, False),
        ],
    )
    def test_stale_at_the_day(
        self, frequency: str | None, day: dt.date, days: int, tracked: bool
    ) -> None:
        """i1's last report is of 2024-06-01 (and, for the annual i1, of 2025-06-01 or
        2027-06-01, after its baseline's year). Data without a frequency are stale after 730
        days, an annual indicator's after 2 calendar years: on 2027-06-01 and 2029-06-01
        (731 days, a leap day between) they are tracked, a day later not (730.5 days untracked
        them on 2029-06-01)."""
        i1 = _i1(frequency=frequency, observations=[_obs(day, "gov"), _obs(day, "biz")])
        expected = judged(healthy().with_indicators(i1), as_of=day + dt.timedelta(days=days))
        assert (TRACKED not in unmet(expected, 3)) is tracked


MUTUAL = "mutually reinforcing: partners' activities reinforce each other, coordinated"


def _cancelling(split: tuple[float, float]) -> Initiative:
    """``healthy`` with three agenda indicators like i1; gov's a helps i and j by ``split`` and
    k by 0.3, biz's b helps i and j by 1 and harms k by 1 (one population), phil's z helps all
    three by 1 for another population (it meets neither a nor b)."""
    i1 = healthy().indicators[0]
    b_help = {"i": 1.0, "j": 1.0, "k": -1.0}
    return healthy().evolve(
        indicators=[attrs.evolve(i1, id=x, name=x) for x in ("i", "j", "k")],
        goals=[ci.Goal(id="g1", statement="G1", indicators=["i", "j", "k"])],
        activities=[
            ci.Activity(
                id="a",
                name="A",
                partners=["gov"],
                populations=["x"],
                contributes={"i": split[0], "j": split[1], "k": 0.3},
            ),
            ci.Activity(id="b", name="B", partners=["biz"], populations=["x"], contributes=b_help),
            ci.Activity(
                id="z",
                name="Z",
                partners=["phil"],
                populations=["y"],
                contributes={"i": 1.0, "j": 1.0, "k": 1.0},
            ),
        ],
    )


class TestWhatRoundingMustNotDecide:
    """a and b of :func:`_cancelling` interdepend by 0.3 (i and j) and conflict by 0.3 (k):
    their reinforcement is max(0, 0.3 - 0.3) = 0 and z meets nobody, so the
    mutually-reinforcing score is 0 and "mutually reinforcing" is unmet (docs/scoring.md: the
    score "above 0"; a phase III beside an overall score of 0 is what the criterion was added
    against): phase II."""

    def test_help_and_conflict_of_0_3_each(self) -> None:
        """0.15 + 0.15 is exactly 0.3: score 0, phase II, engine and reference alike."""
        expected = judged(_cancelling((0.15, 0.15)))
        assert unmet(expected, 3) == [MUTUAL]
        assert expected.phase == 2

    def test_help_that_conflict_cancels_on_paper_reinforces_nothing(self) -> None:
        """0.1 + 0.2 is 0.30000000000000004: the score was 7.4e-17, the criterion met and the
        phase III beside an overall score of 0.00056, so rounding decided the phase. A net of
        help and conflict within 1e-9 of its terms is now 0 (docs/scoring.md, Tolerance), in
        the engine and in the condition reference: phase II, as on paper."""
        report = assess_phase(_cancelling((0.1, 0.2)))
        assert [c.name for c in report.unmet()] == [MUTUAL]
        assert report.phase == 2
