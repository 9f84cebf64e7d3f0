"""The five condition scores (:mod:`collective_impact.analysis.conditions`), worked by hand.

Each function is called on an initiative (which it prepares) and on a prepared object; both give
the numbers :func:`~collective_impact.assess` reports.
"""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest
from hypothesis import given

import collective_impact as ci
from collective_impact import (
    Activity,
    Backbone,
    DatedValue,
    Goal,
    Indicator,
    Initiative,
    Observation,
    Partner,
    ScoringConfig,
    Tie,
)
from collective_impact.analysis.conditions import (
    backbone_support,
    common_agenda,
    condition_scores,
    continuous_communication,
    mutually_reinforcing_activities,
    partner_reports,
    shared_measurement,
)
from collective_impact.strategies import initiatives
from test_gaps import healthy


def two_partners(c: float = 0.8, *, tie: float | None = 0.8, measured: bool = False) -> Initiative:
    """``p`` runs ``x`` and ``q`` runs ``y``, each contributing ``c`` to the only agenda
    indicator ``i``; tied at ``tie``. ``measured``: ``i`` has a baseline (2024-01-01: 10), a
    target (2030-01-01: 20) and one observation (2024-06-01: 11) reported by ``p``."""
    indicator = Indicator(id="i", name="I")
    if measured:
        indicator = Indicator(
            id="i",
            name="I",
            baseline=DatedValue(date=dt.date(2024, 1, 1), value=10.0),
            target=DatedValue(date=dt.date(2030, 1, 1), value=20.0),
            observations=[Observation(date=dt.date(2024, 6, 1), value=11.0, reported_by="p")],
        )
    return Initiative(
        name="Two",
        partners=[
            Partner(id="p", name="P", sector="nonprofit"),
            Partner(id="q", name="Q", sector="business"),
        ],
        goals=[Goal(id="g", statement="G", indicators=["i"])],
        indicators=[indicator],
        activities=[
            Activity(id="x", name="X", partners=["p"], contributes={"i": c}),
            Activity(id="y", name="Y", partners=["q"], contributes={"i": c}),
        ],
        ties=[] if tie is None else [Tie(source="p", target="q", strength=tie)],
    )


class TestConditionScores:
    def test_healthy_by_hand(self) -> None:
        """healthy(): x (gov) and y (biz) both contribute 0.5 to i1 (goal g1, weight 1).

        common agenda: goal coverage 1, focus 1, engagement |{gov, biz}| / 4 = 0.5 (the backbone
            np runs no activity: it is left out of engagement, not counted unengaged) → 5/6
        shared measurement: readiness 1 (baseline, target, observation); reporting: the
            aligned partners gov and biz both report → 1; freshness: observed on the as-of
            date → 1 → 1
        mutually reinforcing: d = 0.5 · 0.5 = 0.25, r = 0 (different strategies), R = 0.25,
            k = max(tie 0.8, working group 0.6) = 0.8 → Σ R k / Σ d = 0.8
        continuous communication: connectivity 1, backbone reach 1 (everyone within 2 ties of
            np on the ring), coverage 1 (the x–y pair runs over a 0.8 tie) → 1
        backbone: staffing 1, functions 1 → 1
        overall = (5/6 · 1 · 0.8 · 1 · 1) ** (1/5) = (2/3) ** 0.2
        """
        scores = ci.assess(healthy()).scores
        assert scores.to_dict() == pytest.approx(
            {
                "common_agenda": 5 / 6,
                "shared_measurement": 1.0,
                "mutually_reinforcing_activities": 0.8,
                "continuous_communication": 1.0,
                "backbone_support": 1.0,
                "overall": (2 / 3) ** 0.2,
            },
            rel=1e-12,
        )
        assert scores.components["shared_measurement"] == {
            "readiness": 1.0,
            "reporting": 1.0,
            "freshness": 1.0,
        }

    def test_a_missing_condition_zeroes_overall(self) -> None:
        scores = ci.assess(healthy().with_backbone(None)).scores
        assert scores.backbone_support == 0.0
        assert scores.overall == 0.0

    @given(initiatives())
    def test_every_score_in_unit_interval(self, init: Initiative) -> None:
        result = ci.assess(init)
        for value in result.scores.to_dict().values():
            assert 0.0 <= value <= 1.0
        for parts in result.scores.components.values():
            assert all(0.0 <= v <= 1.0 + 1e-12 for v in parts.values())
        if result.alignment.index is not None:
            assert 0.0 <= result.alignment.index <= 1.0 + 1e-12

    def test_a_prepared_object_gives_the_numbers_of_assess(self) -> None:
        init = ci.load_example("cradle-to-career")
        prepared = ci.prepare(init)
        scores = condition_scores(prepared)
        expected = ci.assess(init).scores
        assert scores.to_dict() == expected.to_dict()
        assert scores.components == expected.components
        assert condition_scores(init).to_dict() == expected.to_dict()

    def test_config_and_as_of_belong_to_the_prepared_object(self) -> None:
        prepared = ci.prepare(healthy())
        assert condition_scores(prepared, config=ScoringConfig()) == condition_scores(prepared)
        with pytest.raises(ValueError, match="config"):
            condition_scores(prepared, config=ScoringConfig(weak_tie=0.5))
        with pytest.raises(ValueError, match="as_of"):
            condition_scores(prepared, as_of=dt.date(2025, 1, 1))


class TestCommonAgenda:
    def test_help_and_harm_by_hand(self) -> None:
        """x +0.8 and y −0.4 on i: net 0.4 > 0, the goal is covered (1); focus 0.8 / 1.2;
        only p's activity helps the agenda: engagement 1/2."""
        init = two_partners().with_activities(
            Activity(id="y", name="Y", partners=["q"], contributes={"i": -0.4})
        )
        assert common_agenda(init) == pytest.approx(
            {"goal_coverage": 1.0, "focus": 2 / 3, "engagement": 0.5}, rel=1e-12
        )

    def test_computed_once_per_prepared_object(self) -> None:
        prepared = ci.prepare(two_partners())
        first = common_agenda(prepared)
        first["focus"] = -1.0  # a copy: the kept value is not changed
        assert common_agenda(prepared)["focus"] == 1.0


def driven(*, drives: dict[str, float], extra: tuple[Indicator, ...] = ()) -> Initiative:
    """healthy() with an off-agenda indicator ``att`` (driving ``drives``, plus the indicators
    ``extra``) and an activity ``z`` of partner ``comm`` contributing +0.8 to ``att``."""
    init = healthy()
    return init.evolve(
        indicators=(*init.indicators, Indicator(id="att", name="Att", drives=drives), *extra),
        activities=(
            *init.activities,
            Activity(id="z", name="Z", partners=["comm"], contributes={"att": 0.8}),
        ),
    )


class TestFocusThroughPathways:
    """Help on an off-agenda indicator that drives an agenda indicator serves the agenda.

    The direct contributions are x +0.5 and y +0.5 on the agenda indicator i1 and z +0.8 on
    the off-agenda att: all the work, sum |c| = 1.8. The default pathway weight is 0.5.
    """

    def test_an_indicator_driving_the_agenda_focuses_the_work(self) -> None:
        """att drives i1 (w 0.5): a unit on att moves i1 by 0.5 · 0.5 = 0.25 > 0, so z's
        +0.8 serves the agenda: focus (0.5 + 0.5 + 0.8) / 1.8 = 1 (it was 1.0 / 1.8 = 5/9,
        which took the phase from III to II with no gap to say why). z's net total agenda
        effect is 0.8 · 0.25 = 0.2 > 0, so comm is engaged: 3/4 (the backbone np, running
        nothing, is left out); goal coverage 1 (i1's net direct effect 1.0). Common agenda
        (1 + 1 + 0.75)/3 = 11/12; the phase stays III, and
        no gap is added (off-agenda-activity reads the total effects too)."""
        init = driven(drives={"i1": 0.5})
        parts = common_agenda(init)
        assert parts == pytest.approx(
            {"goal_coverage": 1.0, "focus": 1.0, "engagement": 0.75}, rel=1e-12
        )
        assert parts["focus"] == 1.0  # exactly: every term of the sum is help on the agenda
        result = ci.assess(init)
        assert result.scores.common_agenda == pytest.approx(11 / 12, rel=1e-12)
        assert (result.phase.phase, result.phase.label) == (3, "III")
        assert {g.key for g in result.gaps} == {g.key for g in ci.assess(healthy()).gaps}

    @pytest.mark.parametrize(("weight", "serves"), [(1e-9, False), (1e-6, True)])
    def test_focus_and_the_off_agenda_gap_agree(self, weight: float, serves: bool) -> None:
        """Activity a: +1.0 on x (off the agenda, driving nothing) and +0.001 on u, which
        drives the agenda indicator i with ``w``; b: +0.5 on i. What a's help on u carries to i
        is 0.001 · 0.5 · w: 5e-13 for w = 1e-9, under the cut of C̃ for a (1e-12 of its largest
        contribution, 1.0), so C̃ drops it and a has its off-agenda-activity gap; focus counted
        the 0.001 all the same (a first version cut per unit: 0.5 · 1e-9 = 5e-10 > 1e-12),
        (0.5 + 0.001) / 1.501, beside that gap. Now focus is 0.5 / 1.501 with the gap, and for
        w = 1e-6 (5e-10 carried) 0.501 / 1.501 without it. Found by a fresh-eyes reviewer."""
        init = Initiative(
            name="Cut",
            partners=[
                ci.Partner(id="p", name="P", sector="nonprofit"),
                ci.Partner(id="q", name="Q", sector="business"),
            ],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[
                Indicator(id="i", name="I"),
                Indicator(id="u", name="U", drives={"i": weight}),
                Indicator(id="x", name="X"),
            ],
            activities=[
                ci.Activity(id="a", name="A", partners=["p"], contributes={"x": 1.0, "u": 0.001}),
                ci.Activity(id="b", name="B", partners=["q"], contributes={"i": 0.5}),
            ],
        )
        focus = common_agenda(init)["focus"]
        assert focus == pytest.approx((0.501 if serves else 0.5) / 1.501, rel=1e-12)
        gaps = {g.key for g in ci.assess(init).gaps if g.code == "off-agenda-activity"}
        assert gaps == (set() if serves else {"off-agenda-activity(activity=a)"})

    def test_through_another_off_agenda_indicator(self) -> None:
        """att drives u (w 0.5), u drives i1 (w 0.5), neither att nor u on a goal: a unit on att
        reaches i1 along two steps, (0.5 · 0.5)^2 = 0.0625 > 0, so focus is still 1."""
        init = driven(drives={"u": 0.5}, extra=(Indicator(id="u", name="U", drives={"i1": 0.5}),))
        assert common_agenda(init)["focus"] == 1.0

    @pytest.mark.parametrize(
        ("u_drives", "focus"), [({"att": 0.5, "i1": 0.5}, 1.0), ({"att": 0.5}, 5 / 9)]
    )
    def test_cyclic_pathways(self, u_drives: dict[str, float], focus: float) -> None:
        """att and u drive each other (w 0.5, a gain of 0.0625 per turn, solved by the LU
        factorisation): when u also drives i1, a unit on att reaches it, 0.25 · 0.25 / (1 −
        0.0625) > 0, and focus is 1; when the ring reaches nothing on the agenda, focus is
        (0.5 + 0.5) / 1.8 = 5/9."""
        init = driven(drives={"u": 0.5}, extra=(Indicator(id="u", name="U", drives=u_drives),))
        assert common_agenda(init)["focus"] == pytest.approx(focus, rel=1e-12)

    def test_an_indicator_driving_nothing_on_the_agenda_is_unfocused(self) -> None:
        """att drives u, which drives nothing and is on no goal: no path from att reaches the
        agenda, so z's +0.8 does not serve it: focus (0.5 + 0.5) / 1.8 = 5/9."""
        init = driven(drives={"u": 0.5}, extra=(Indicator(id="u", name="U"),))
        assert common_agenda(init)["focus"] == pytest.approx(5 / 9, rel=1e-12)

    def test_pathways_off_give_direct_help_only(self) -> None:
        """With pathway_weight 0 the pathways carry nothing: att does not reach i1, focus is
        (0.5 + 0.5) / 1.8 = 5/9 as before; z has no agenda effect, engagement 2/4."""
        init = driven(drives={"i1": 0.5})
        parts = common_agenda(init, config=ScoringConfig(pathway_weight=0.0))
        assert parts == pytest.approx(
            {"goal_coverage": 1.0, "focus": 5 / 9, "engagement": 0.5}, rel=1e-12
        )

    def test_harm_on_a_driving_indicator_never_focuses(self) -> None:
        """z −0.8 on att, which drives i1: harm is never help, focus (0.5 + 0.5) / 1.8."""
        init = driven(drives={"i1": 0.5})
        init = init.with_activities(
            Activity(id="z", name="Z", partners=["comm"], contributes={"att": -0.8})
        )
        assert common_agenda(init)["focus"] == pytest.approx(5 / 9, rel=1e-12)


class TestSharedMeasurement:
    def test_by_hand(self) -> None:
        """Readiness 1 (baseline, target, observation); reporting 1/2 (p reports, q does not);
        freshness 1 (observed on the date of judgement)."""
        init = two_partners(measured=True)
        assert shared_measurement(init) == {"readiness": 1.0, "reporting": 0.5, "freshness": 1.0}

    def test_as_of_before_the_observation_leaves_it_out(self) -> None:
        """As of 2024-03-01 with an observation of 2024-02-01 only: the one of 2024-06-01 is
        not known yet. Stated as_of after it: stale after 180 days? 2024-02-01 → 2024-03-01 is
        29 days: fresh."""
        init = two_partners(measured=True)
        early = Observation(date=dt.date(2024, 2, 1), value=10.5, reported_by="q")
        ind = init.indicators[0]
        init = init.with_indicators(
            Indicator(
                id="i",
                name="I",
                baseline=ind.baseline,
                target=ind.target,
                observations=[*ind.observations, early],
            )
        )
        parts = shared_measurement(init, as_of=dt.date(2024, 3, 1))
        assert parts == {"readiness": 1.0, "reporting": 0.5, "freshness": 1.0}

    @pytest.mark.parametrize(
        ("day", "group", "reporting"),
        [(dt.date(2021, 6, 1), None, 0.0), (dt.date(2023, 6, 1), "low-income", 1.0)],
        ids=["before-the-baseline", "a-group-only"],
    )
    def test_an_observation_that_shows_no_progress_is_not_ready(
        self, day: dt.date, group: str | None, reporting: float
    ) -> None:
        """One agenda indicator, baseline 2022-01-01 and a target; its only observation is
        dated before the baseline, or is of one group: no whole-population value from the
        baseline on, so its progress cannot be judged (``unmeasured-indicator``). Readiness was
        1 (the observation counted) beside that gap; it is 0 of 1. Freshness 1 (observed on
        the date of judgement, its own date) stays. Reporting is 1/1 for the group's value
        (p reports in the measured period), 0/1 for the value before the baseline (history:
        it was 1/1, p's report of 2021 counted for good): the score is (0 + 1 + 1) / 3 = 2/3,
        or (0 + 0 + 1) / 3 = 1/3."""
        init = Initiative(
            name="T",
            partners=[Partner(id="p", name="P", sector="nonprofit")],
            goals=[ci.Goal(id="g", statement="G", indicators=["j"])],
            indicators=[
                Indicator(
                    id="j",
                    name="J",
                    baseline=ci.DatedValue(date=dt.date(2022, 1, 1), value=1.0),
                    target=ci.DatedValue(date=dt.date(2030, 1, 1), value=2.0),
                    observations=[Observation(date=day, value=1.2, reported_by="p", group=group)],
                )
            ],
            activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"j": 0.5})],
        )
        assert shared_measurement(init) == {
            "readiness": 0.0,
            "reporting": reporting,
            "freshness": 1.0,
        }
        result = ci.assess(init)
        assert "unmeasured-indicator(indicator=j)" in {g.key for g in result.gaps}
        assert result.scores.shared_measurement == pytest.approx((1 + reporting) / 3, abs=1e-15)

    @staticmethod
    def _history(
        q_reports: list[Observation], baseline: dt.date | None, frequency: str | None = "annual"
    ) -> Initiative:
        """The reviewer's case: one annual agenda indicator x (baseline 39 on ``baseline``,
        target 50 for 2028-06-30; ``frequency`` annual unless given); p reports 40..44 on
        30 June 2021..2025, q only ``q_reports``; both take part in a, which helps x directly
        (0.5). Judged on 2025-09-30."""
        p_reports = [
            Observation(date=dt.date(y, 6, 30), value=40.0 + y - 2021, reported_by="p")
            for y in range(2021, 2026)
        ]
        return Initiative(
            name="T",
            partners=[
                Partner(id="p", name="P", sector="nonprofit"),
                Partner(id="q", name="Q", sector="government"),
            ],
            goals=[Goal(id="g", statement="s", indicators=["x"])],
            indicators=[
                Indicator(
                    id="x",
                    name="X rate",
                    unit="percent",
                    frequency=frequency,
                    direction="increase",
                    baseline=None if baseline is None else DatedValue(date=baseline, value=39.0),
                    target=DatedValue(date=dt.date(2028, 6, 30), value=50.0),
                    observations=[*p_reports, *q_reports],
                )
            ],
            activities=[Activity(id="a", name="A", partners=["p", "q"], contributes={"x": 0.5})],
            as_of=dt.date(2025, 9, 30),
        )

    def test_a_report_before_the_baseline_is_history(self) -> None:
        """q's only report is of 2012-06-30, eight years before the baseline of 2020-06-30:
        history (turn-the-curve's), not a measurement of the period. P_agenda = {p, q},
        P_reporting = {p} (its reports of 2021..2025 are after the baseline): reporting
        |{p}| / |{p, q}| = 1/2, where the old rule counted q's report of 2012 for good and
        read 2/2 = 1. Readiness 1 (baseline, target, the 2025 value after the baseline),
        freshness 1 (the last value, 2025-06-30, is 92 days before as_of, within 2 annual
        periods): the score is (1 + 1/2 + 1) / 3 = 5/6 (it was 1)."""
        q = [Observation(date=dt.date(2012, 6, 30), value=30.0, reported_by="q")]
        init = self._history(q, dt.date(2020, 6, 30))
        assert shared_measurement(init) == {"readiness": 1.0, "reporting": 0.5, "freshness": 1.0}
        result = ci.assess(init)
        assert result.scores.shared_measurement == pytest.approx(5 / 6, rel=1e-15)
        # the measurement record still lists every reporter up to as_of: a fact, not the rule
        assert result.indicator("x").reporters == ("p", "q")

    @pytest.mark.parametrize("years", [(2012, 2015), (2015, 2012)], ids=["in-order", "reversed"])
    def test_the_last_report_before_the_baseline_is_the_latest(
        self, years: tuple[int, int]
    ) -> None:
        """q reports on 2012-06-30 and 2015-06-30, both before the baseline of 2020-06-30:
        history, 2 observations, the last of them the later, 2015-06-30 (in whatever order
        the file lists them), not the first. Reporting |{p}| / |{p, q}| = 1/2 as with one."""
        q = [Observation(date=dt.date(y, 6, 30), value=30.0, reported_by="q") for y in years]
        init = self._history(q, dt.date(2020, 6, 30))
        assert shared_measurement(init)["reporting"] == 0.5
        (ind,) = init.indicators
        day = dt.date(2025, 9, 30)
        seen = partner_reports([ind], [ci.measure_indicator(ind, as_of=day)], day)
        assert dict(seen.history) == {"q": (2, dt.date(2015, 6, 30))}
        (gap,) = ci.assess(init).gaps_by(code="non-reporting-partner")
        assert "(2 observations, the last of 2015-06-30: history," in gap.message

    @pytest.mark.parametrize(
        ("q_report", "baseline", "reporting"),
        [
            # in the baseline's year, dated before it: a report of the baseline's period (the
            # measured period of an annual indicator begins with the baseline's year), 2/2
            (
                Observation(date=dt.date(2020, 3, 31), value=38.0, reported_by="q"),
                "2020-06-30",
                1.0,
            ),
            # the last day of the year before the baseline's: history, 1/2
            (
                Observation(date=dt.date(2019, 12, 31), value=38.0, reported_by="q"),
                "2020-06-30",
                0.5,
            ),
            # on the baseline's own date: a measurement q made (the baseline again), 2/2
            (
                Observation(date=dt.date(2020, 6, 30), value=39.0, reported_by="q"),
                "2020-06-30",
                1.0,
            ),
            # of one group after the baseline: a report of the measured period, 2/2
            (
                Observation(date=dt.date(2024, 6, 30), value=35.0, reported_by="q", group="low"),
                "2020-06-30",
                1.0,
            ),
            # no baseline: every report counts (the period has no start), 2/2
            (Observation(date=dt.date(2012, 6, 30), value=30.0, reported_by="q"), None, 1.0),
            # a baseline dated after as_of is not known yet: as without one, 2/2
            (
                Observation(date=dt.date(2012, 6, 30), value=30.0, reported_by="q"),
                "2025-12-31",
                1.0,
            ),
            # after as_of: not known yet, 1/2
            (
                Observation(date=dt.date(2025, 10, 1), value=45.0, reported_by="q"),
                "2020-06-30",
                0.5,
            ),
        ],
        ids=[
            "baseline-year-before",
            "year-before-baseline",
            "baseline-day",
            "group",
            "no-baseline",
            "future-baseline",
            "after-as-of",
        ],
    )
    def test_reports_counted_from_the_baseline_period_on(
        self, q_report: Observation, baseline: str | None, reporting: float
    ) -> None:
        """P_agenda = {p, q}; p reports after the baseline, q once: reporting is 2/2 when q's
        report (up to as_of) is of the known baseline's year or later (any date without a
        known baseline), else 1/2."""
        base = None if baseline is None else dt.date.fromisoformat(baseline)
        init = self._history([q_report], base)
        assert shared_measurement(init)["reporting"] == reporting
        gaps = {g.key for g in ci.assess(init).gaps}
        assert ("non-reporting-partner(partner=q)" in gaps) == (reporting < 1)

    @pytest.mark.parametrize(
        ("frequency", "baseline", "reporting"),
        [
            ("annual", dt.date(2020, 6, 30), 1.0),
            ("annual", dt.date(2020, 12, 31), 1.0),
            (None, dt.date(2020, 6, 30), 1.0),
            (None, dt.date(2020, 12, 31), 0.5),
        ],
        ids=["annual-june", "annual-december", "no-frequency-june", "no-frequency-december"],
    )
    def test_the_baseline_period_not_its_day_decides(
        self, frequency: str | None, baseline: dt.date, reporting: float
    ) -> None:
        """The reviewer's case: q's only report, 2020-09-01, is the figure of 2020, the
        baseline's year. With an annual frequency a value of the baseline's year is the
        baseline's period (baseline_until 2020-12-31 for both dates), so q reports whether
        the baseline of 2020 is dated 30 June or 31 December: P_reporting = {p, q},
        reporting 2/2 and no gap, score (1 + 1 + 1) / 3 = 1 both ways (it was 1 and 5/6: the
        December date made q's report history, and opened q's gap). Without a frequency each
        date is its own: 2020-09-01 is after 30 June (2/2) and before 31 December (1/2, with
        the gap)."""
        q = [Observation(date=dt.date(2020, 9, 1), value=39.5, reported_by="q")]
        init = self._history(q, baseline, frequency)
        assert shared_measurement(init)["reporting"] == reporting
        result = ci.assess(init)
        assert result.scores.shared_measurement == pytest.approx((2 + reporting) / 3, rel=1e-15)
        gaps = {g.key for g in result.gaps}
        assert ("non-reporting-partner(partner=q)" in gaps) == (reporting < 1)

    def test_no_target_is_not_ready(self) -> None:
        """i has a baseline (2024-01-01) and an observation after it (2024-06-01, by p) but
        no target: progress towards nothing cannot be judged, so readiness is 0 of 1 (it
        takes a target, a baseline and an observation after it); reporting 1/2 (p, not q),
        freshness 1: the score (0 + 1/2 + 1) / 3 = 0.5."""
        init = two_partners(measured=True)
        init = init.with_indicators(attrs.evolve(init.indicators[0], target=None))
        assert shared_measurement(init) == {"readiness": 0.0, "reporting": 0.5, "freshness": 1.0}
        assert ci.assess(init).scores.shared_measurement == pytest.approx(0.5, rel=1e-15)

    def test_no_indicator_has_no_freshness(self) -> None:
        bare = Initiative(name="Bare", partners=[Partner(id="a", name="A", sector="business")])
        assert shared_measurement(bare) == {"readiness": 0.0, "reporting": None}

    def test_reporting_is_undefined_without_agenda_partners(self) -> None:
        """No activity helps the agenda indicator: no partner is expected to report.

        Readiness 1 (baseline, target, an observation on the baseline's day or after),
        freshness 1 (observed on the date of judgement); reporting was 0/0 written as 0, so the
        score read (1 + 0 + 1) / 3 = 0.6667, "no partner reports"; it is undefined, and the
        score is the mean of the two defined, (1 + 1) / 2 = 1.
        """
        day = dt.date(2024, 6, 1)
        init = Initiative(
            name="No agenda work",
            partners=[Partner(id="p", name="P", sector="nonprofit")],
            goals=[ci.Goal(id="g", statement="G", indicators=["i"])],
            indicators=[
                Indicator(
                    id="i",
                    name="I",
                    baseline=ci.DatedValue(date=dt.date(2024, 1, 1), value=10.0),
                    target=ci.DatedValue(date=dt.date(2030, 1, 1), value=20.0),
                    observations=[Observation(date=day, value=11.0, reported_by="p")],
                )
            ],
            activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={})],
        )
        assert shared_measurement(init) == {"readiness": 1.0, "reporting": None, "freshness": 1.0}
        result = ci.assess(init)
        assert result.scores.shared_measurement == 1.0
        assert result.scores.components["shared_measurement"] == {
            "readiness": 1.0,
            "freshness": 1.0,
        }


class TestMutuallyReinforcingActivities:
    def test_by_hand(self) -> None:
        """d = R = 0.8 · 0.8 = 0.64, k = 0.8: index 0.8, efficiency 1, score 0.8."""
        assert mutually_reinforcing_activities(two_partners()) == pytest.approx(
            {"alignment_index": 0.8, "efficiency": 1.0, "score": 0.8}, rel=1e-12
        )

    def test_undefined_index(self) -> None:
        """Both −0.8: joint harm only, d = 0, R = 0: index undefined, score 0."""
        parts = mutually_reinforcing_activities(two_partners(-0.8))
        assert parts == {"alignment_index": None, "efficiency": 0.0, "score": 0.0}

    def test_no_joint_work_has_no_efficiency(self) -> None:
        """x helps i, y works on nothing: no joint work (d + conflict + h = 0). The efficiency
        read 0.0, as if all joint work were lost to conflict; it is undefined, like the
        index, and left out of the components. The score stays 0 (no-shared-work)."""
        init = two_partners(0.8)
        y = attrs.evolve(init.activities[1], contributes={})
        lone = init.evolve(activities=[init.activities[0], y])
        parts = mutually_reinforcing_activities(lone)
        assert parts == {"alignment_index": None, "efficiency": None, "score": 0.0}
        scores = ci.condition_scores(lone)
        assert scores.mutually_reinforcing_activities == 0.0
        assert scores.components["mutually_reinforcing_activities"] == {"score": 0.0}

    @staticmethod
    def mixed(y_on_j: float | None) -> Initiative:
        """p and q tied at 1, one goal of i and j. x (p) helps i by 0.8 and harms j by 0.9;
        y (q) helps i by 0.8 and does ``y_on_j`` to j (nothing when ``None``)."""
        y = {"i": 0.8} if y_on_j is None else {"i": 0.8, "j": y_on_j}
        return Initiative(
            name="Mixed",
            partners=[Partner(id=p, name=p, sector="nonprofit") for p in ("p", "q")],
            goals=[Goal(id="g", statement="G", indicators=["i", "j"])],
            indicators=[Indicator(id="i", name="I"), Indicator(id="j", name="J")],
            activities=[
                Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8, "j": -0.9}),
                Activity(id="y", name="Y", partners=["q"], contributes=y),
            ],
            ties=[Tie(source="p", target="q", strength=1.0)],
        )

    def test_joint_harm_is_joint_work_that_reinforces_nothing(self) -> None:
        """Both harm j by 0.9: d = 0.64 on i, joint harm h = 0.81 on j, k = 1. Joint harm
        cancels the joint help as conflict does: R = max(0, 0.64 - 0.81) = 0, so the index is
        undefined, the efficiency 0 / (0.64 + 0.81) = 0 and the score 0. (It was 1 when joint
        harm was left out, then 0.64 / 1.45 = 0.4414 with R = 0.64: still better than y
        helping j, see below.) When y stops harming j, h = 0 and the score is 1: fixing the
        harmful-activity gap raises it."""
        both = mutually_reinforcing_activities(self.mixed(-0.9))
        assert both == {"alignment_index": None, "efficiency": 0.0, "score": 0.0}
        alone = mutually_reinforcing_activities(self.mixed(None))
        assert alone["score"] == pytest.approx(1.0, rel=1e-12)
        assert alone["score"] > both["score"]

    @pytest.mark.parametrize(
        ("size", "net"),
        [(0.9, 0.0), (0.3, 0.37)],
    )
    def test_harm_done_alongside_never_scores_better_than_help_against_it(
        self, size: float, net: float
    ) -> None:
        """x helps i by 0.8 and harms j by 0.9; y helps i by 0.8 and harms j by ``size``, or
        helps it by ``size``. d = 0.8 · 0.8 = 0.64 on i; on j, y's harm is joint harm
        h = 0.9 · size and y's help conflict 0.9 · size, and either cancels the joint help:
        R = max(0, 0.64 - 0.9 · size), k = 1, score R / (0.64 + 0.9 · size).

        size 0.9: h or conflict 0.81, R = max(0, 0.64 - 0.81) = 0, score 0 both ways.
        size 0.3: h or conflict 0.27, R = 0.37, score 0.37 / 0.91 = 0.4066 both ways.

        Joint harm entered the denominator only (R = max(0, d - conflict)): y harming j scored
        0.64 / 1.45 = 0.441 and 0.64 / 0.91 = 0.703, better than y helping j (0 and 0.407),
        so turning y's harm into help lowered the score."""
        harming = self.mixed(-size)
        helping = self.mixed(size)
        expected = net / (0.64 + 0.9 * size)
        for init, part in ((harming, "joint_harm"), (helping, "conflict")):
            pair = ci.reinforcement_scores(init).pair("x", "y")
            assert pair[part] == pytest.approx(0.9 * size, rel=1e-12)
            assert pair["reinforcement"] == pytest.approx(net, rel=1e-12, abs=0.0)
            parts = mutually_reinforcing_activities(init)
            assert parts["score"] == pytest.approx(expected, rel=1e-12, abs=0.0)
            assert parts["efficiency"] == pytest.approx(expected, rel=1e-12, abs=0.0)
            result = ci.assess(init)
            assert result.scores.mutually_reinforcing_activities == pytest.approx(
                expected, rel=1e-12, abs=0.0
            )
            assert result.alignment.index == (None if net == 0.0 else pytest.approx(1.0))
        assert ci.assess(harming).scores.mutually_reinforcing_activities == pytest.approx(
            ci.assess(helping).scores.mutually_reinforcing_activities, rel=1e-12, abs=0.0
        )


class TestContinuousCommunication:
    def test_backbone_reach_by_hand(self) -> None:
        """b tied to p, q alone: connectivity 2/3, reach 1/2, no coverage, no trust."""
        init = Initiative(
            name="Three",
            partners=[Partner(id=x, name=x, sector="nonprofit") for x in ("b", "p", "q")],
            ties=[Tie(source="b", target="p")],
            backbone=Backbone(organization="b"),
        )
        assert continuous_communication(init) == {
            "connectivity": pytest.approx(2 / 3),
            "backbone_reach": 0.5,
            "coverage": None,
            "trust": None,
        }

    def test_a_first_rated_tie_can_lower_the_score(self) -> None:
        """Trust joins the mean only once some tie carries a rating (docs/scoring.md).

        b is the backbone, tied to p1..p7; p7 to p8; q has no tie. Connectivity 9/10 = 0.9,
        reach 8/9 = 0.889 (p8 two ties away, q none), no coverage, no trust: the score is
        (0.9 + 0.889)/2 = 0.8944. Tying q to b with trust rated 3 of 4 (reliability,
        mission congruence and openness 3) closes the isolated-partner gap and makes
        connectivity and reach 1, but trust (3 - 1)/3 = 0.667 now enters the mean:
        (1 + 1 + 0.667)/3 = 0.8889, lower.
        """
        ids = ["b", *(f"p{i}" for i in range(1, 9)), "q"]
        ties = [Tie(source="b", target=f"p{i}") for i in range(1, 8)]
        ties.append(Tie(source="p7", target="p8"))
        before = Initiative(
            name="Ten",
            partners=[Partner(id=x, name=x, sector="nonprofit") for x in ids],
            ties=ties,
            backbone=Backbone(organization="b"),
        )
        rated = Tie(source="b", target="q", reliability=3, mission_congruence=3, openness=3)
        after = attrs.evolve(before, ties=[*ties, rated])
        assert continuous_communication(before) == {
            "connectivity": 0.9,
            "backbone_reach": pytest.approx(8 / 9),
            "coverage": None,
            "trust": None,
        }
        assert continuous_communication(after) == {
            "connectivity": 1.0,
            "backbone_reach": 1.0,
            "coverage": None,
            "trust": pytest.approx(2 / 3),
        }
        low, high = condition_scores(before), condition_scores(after)
        assert low.continuous_communication == pytest.approx((0.9 + 8 / 9) / 2)
        assert round(low.continuous_communication, 4) == 0.8944
        assert high.continuous_communication == pytest.approx((1 + 1 + 2 / 3) / 3)
        assert round(high.continuous_communication, 4) == 0.8889
        gaps = ci.assess(before).gaps_by(code="isolated-partner")
        assert [g.subjects for g in gaps] == [("q",)]
        assert ci.assess(after).gaps_by(code="isolated-partner") == ()

    def test_coverage_counts_ties_of_at_least_weak_tie(self) -> None:
        """The one reinforcing pair runs over a tie of 0.8 (coverage 1), of 0.2 (0)."""
        assert continuous_communication(two_partners())["coverage"] == 1.0
        assert continuous_communication(two_partners(tie=0.2))["coverage"] == 0.0

    def test_a_tie_at_weak_tie_is_adequate_up_to_rounding(self) -> None:
        """A tie of 0.3 against a ``weak_tie`` of 0.1 + 0.2 (0.30000000000000004): the
        coverage was 0 (1 with 0.3) while the coordination gaps, judging the same tie with the
        tolerance of every threshold, saw it adequate. Found by a report-only reviewer."""
        init = two_partners(tie=0.3)
        for weak in (0.3, 0.1 + 0.2):
            cfg = ScoringConfig(weak_tie=weak)
            assert continuous_communication(init, config=cfg)["coverage"] == 1.0
            assert ci.assess(init, config=cfg).gaps_by(code="uncoordinated-interdependence") == ()

    @pytest.mark.parametrize("weak", [1e-9, 1e-12, 5e-324])
    def test_no_tie_is_never_a_tie_at_least_a_tiny_weak_tie(self, weak: float) -> None:
        """Untied partners: coverage 0 and a coordination gap, whatever ``weak_tie`` > 0.

        The tolerance of a threshold was at least 1e-9, absolute: a ``weak_tie`` of 1e-9 (in
        the accepted (0, 1]) took no tie at all (strength 0 >= 1e-9 - 1e-9) as adequate, the
        coverage to 1 and the gap away. Found by a report-only reviewer of the configuration.
        """
        init = two_partners(tie=None)
        cfg = ScoringConfig(weak_tie=weak)
        assert continuous_communication(init, config=cfg)["coverage"] == 0.0
        assert len(ci.assess(init, config=cfg).gaps_by(code="uncoordinated-interdependence")) == 1


class TestBackboneSupport:
    def test_by_hand(self) -> None:
        """Staffing (1 + 0.5 + 0) / 3 = 0.5; functions (1 + 1 + 0.5) / 6."""
        init = Initiative(
            name="Backbone",
            partners=[Partner(id="b", name="B", sector="nonprofit")],
            backbone=Backbone(
                organization="b",
                staff={"project_manager": 1.0, "data_manager": 0.5},  # type: ignore[dict-item]
                functions={  # type: ignore[dict-item]
                    "guide_vision_and_strategy": "strong",
                    "support_aligned_activities": "strong",
                    "establish_shared_measurement": "partial",
                },
            ),
        )
        assert backbone_support(init) == pytest.approx({"staffing": 0.5, "functions": 2.5 / 6})
        cfg = ScoringConfig(partial_function_credit=0.0)
        assert backbone_support(init, config=cfg)["functions"] == pytest.approx(2 / 6)

    def test_no_backbone(self) -> None:
        assert backbone_support(two_partners()) == {"staffing": 0.0, "functions": 0.0}


class TestMeasuresOnArrays:
    """The measures read the model's arrays; they equal the definitions on the model itself."""

    @given(initiatives())
    def test_communication_equals_the_tie_graph(self, init: Initiative) -> None:
        import networkx as nx

        from collective_impact.analysis.network import tie_graph

        graph = tie_graph(init)
        n = graph.number_of_nodes()
        largest = max(len(c) for c in nx.connected_components(graph))
        parts = continuous_communication(init)
        assert parts["connectivity"] == (largest if largest >= 2 else 0) / n
        if init.backbone is None:
            assert parts["backbone_reach"] == 0.0
        else:
            near = nx.single_source_shortest_path_length(
                graph, init.backbone.organization, cutoff=2
            )
            expected = (len(near) - 1) / (n - 1) if n > 1 else None
            assert parts["backbone_reach"] == expected

    @given(initiatives())
    def test_engagement_and_reporting_count_partners(self, init: Initiative) -> None:
        prepared = ci.prepare(init)
        analysed, arrays, total = prepared.analysed, prepared.arrays, prepared.total_contributions
        import numpy as np

        from collective_impact.analysis._tolerance import positive

        net = np.asarray(total @ arrays.goal_weight).reshape(-1)
        scale = np.asarray(abs(total) @ arrays.goal_weight).reshape(-1)
        helps = positive(net, scale).tolist()
        engaged = {
            p for act, h in zip(analysed.activities, helps, strict=True) if h for p in act.partners
        }
        agenda = common_agenda(prepared)
        # the backbone organisation counts only when it takes part in agenda work
        backbones = (
            {analysed.backbone.organization}
            if analysed.backbone is not None
            else {p.id for p in analysed.partners if ci.Role.BACKBONE in p.roles}
        )
        counted = [p.id for p in analysed.partners if p.id not in backbones or p.id in engaged]
        assert agenda["engagement"] == (len(engaged) / len(counted) if counted else 0.0)
        direct = arrays.helps_agenda_directly
        aligned = {
            p for act, d in zip(analysed.activities, direct, strict=True) if d for p in act.partners
        }
        # reporters: a report up to as_of of the indicator's known baseline's period (its date,
        # without a frequency) or later
        start = {m.indicator: m.baseline_date for m in prepared.measurement}

        def measured(ind: Indicator, day: dt.date) -> bool:
            base, freq = start[ind.id], ind.frequency
            if base is None:
                return True
            if freq is None:
                return day >= base
            return (day.year, (day.month - 1) // freq.months) >= (
                base.year,
                (base.month - 1) // freq.months,
            )

        reporters = {
            o.reported_by
            for ind in analysed.indicators
            for o in ind.observations
            if o.reported_by is not None
            and (prepared.as_of is None or o.date <= prepared.as_of)
            and measured(ind, o.date)
        }
        measured = shared_measurement(prepared)
        expected = len(aligned & reporters) / len(aligned) if aligned else None
        assert measured["reporting"] == expected


def test_focus_does_not_move_when_ids_are_renamed() -> None:
    """Focus sums the contributions, whose order follows the ids: renaming every id of a
    synthetic initiative (25 partners, 60 activities, 10 indicators) in a shuffled order moved
    it in the last bit (0.6994535519125684 against ...681, found by a reviewer). It is now
    summed exactly (``math.fsum``), which depends on no order."""
    import random

    import collective_impact.synth as synth
    from test_scores import renamed

    init = synth.generate(partners=25, activities=60, indicators=10, ties=50, seed=5)
    rng = random.Random(36)
    tables: dict[str, dict[str, str]] = {}

    def rename(kind: str, x: str) -> str:
        if kind not in tables:
            ids = {
                "partner": [p.id for p in init.partners],
                "goal": [g.id for g in init.goals],
                "indicator": [i.id for i in init.indicators],
                "activity": [a.id for a in init.activities],
                "group": [w.id for w in init.working_groups],
            }[kind]
            new = [f"z{k:04d}" for k in range(len(ids))]
            rng.shuffle(new)
            tables[kind] = dict(zip(sorted(ids), new, strict=True))
        return tables[kind][x]

    before = common_agenda(init)["focus"]
    for _ in range(5):
        tables.clear()
        assert common_agenda(renamed(init, rename))["focus"] == before


def _four_weighted(names: list[str], *, stale_first: bool) -> ci.Initiative:
    """Indicator k (of four) named ``names[k]``, on a goal of its own weighted 0.35, 0.7, 0.3,
    0.35; each reported once after its baseline (2023, baseline 2022), with a target by 2030.
    The first has no target (``stale_first`` False) or its baseline and report are of 2015 and
    2016 (stale on 2024-01-01)."""
    day = dt.date
    indicators = []
    for k, name in enumerate(names):
        old = stale_first and k == 0
        indicators.append(
            ci.Indicator(
                id=name,
                name=f"Ind {k}",
                direction="increase",
                baseline=ci.DatedValue(date=day(2015, 1, 1) if old else day(2022, 6, 30), value=10),
                target=None
                if k == 0 and not stale_first
                else ci.DatedValue(date=day(2030, 1, 1), value=20.0),
                observations=[
                    ci.Observation(
                        date=day(2016, 1, 1) if old else day(2023, 6, 30),
                        value=11.0,
                        reported_by="p",
                    )
                ],
            )
        )
    weights = [0.35, 0.7, 0.3, 0.35]
    return ci.Initiative(
        name="T",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=indicators,
        goals=[
            ci.Goal(id=f"g{k}", statement="G", indicators=[n], weight=w)
            for k, (n, w) in enumerate(zip(names, weights, strict=True))
        ],
        activities=[
            ci.Activity(id="x", name="X", partners=["p"], contributes=dict.fromkeys(names, 0.5))
        ],
    )


@pytest.mark.parametrize(("stale_first", "part"), [(False, "readiness"), (True, "freshness")])
def test_readiness_and_freshness_do_not_move_when_ids_are_renamed(
    stale_first: bool, part: str
) -> None:
    """Goal weights 0.35, 0.7, 0.3, 0.35, the first indicator not ready (no target) or stale:
    readiness (freshness) = (0.7 + 0.3 + 0.35) / 1.7 = 1.35 / 1.7 = 0.79411764705882353 (nearest
    double ...235). Summed by numpy in the order of the ids, indicators a, b, c, d gave
    0.7941176470588237 and the same named d, c, b, a ...236, and the shared-measurement score
    moved with it (found by a reviewer); both sums are now exactly rounded."""
    forward = ci.assess(
        _four_weighted(["a", "b", "c", "d"], stale_first=stale_first), as_of=dt.date(2024, 1, 1)
    )
    backward = ci.assess(
        _four_weighted(["d", "c", "b", "a"], stale_first=stale_first), as_of=dt.date(2024, 1, 1)
    )
    exact = math.fsum([0.7, 0.3, 0.35]) / math.fsum([0.35, 0.7, 0.3, 0.35])
    assert forward.scores.components["shared_measurement"][part] == exact
    assert backward.scores.components["shared_measurement"][part] == exact
    assert forward.scores.shared_measurement == backward.scores.shared_measurement


def test_a_score_out_of_range_is_an_error_not_clipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scores are checked in [0, 1] before the rounding above 1 is capped: a score of 1.5
    (a bug) raises instead of reading as 1 (the bar: assert a value's range before any clip)."""
    from collective_impact.analysis import conditions

    monkeypatch.setattr(conditions, "_mean", lambda values: 1.5)
    with pytest.raises(AssertionError, match=r"common_agenda = 1\.5 is outside \[0, 1\]"):
        ci.assess(healthy())
    monkeypatch.setattr(conditions, "_mean", lambda values: 1.0 + 1e-13)  # rounding: capped
    assert ci.assess(healthy()).scores.common_agenda == 1.0
