"""Only the activities running on the date of judgement are scored.

An activity's ``start`` and ``end`` were read and written but never used: one that ended years
before the date of judgement still reinforced, duplicated and covered goals. Every case below
fails on the code before the change (the ended twin's duplication gap, the index 0.3, the goal
covered by ended work).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle

import attrs
import pytest

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Partner, Tie
from collective_impact.analysis.running import NotRunning, is_running, running_at
from collective_impact.html import assessment_html
from collective_impact.htmlreport import render_report

D = dt.date
#: The date of the one observation: the date of judgement.
ON = D(2025, 6, 30)


def small(*, as_of: dt.date | None = None) -> Initiative:
    """Partners p, q, r; one agenda indicator i; four activities on it.

    ``a`` (p, +0.8, strategy s, no dates) runs; ``b`` (q, +0.8, strategy s) ended the day
    before the date of judgement; ``c`` (r, +0.5) starts the day after; ``d`` (r, +0.5) ends on
    the date itself and runs. p and r are tied at 0.6.
    """
    return Initiative(
        name="Small",
        as_of=as_of,
        partners=[Partner(id=x, name=x.upper(), sector="nonprofit") for x in "pqr"],
        indicators=[
            Indicator(
                id="i",
                name="I",
                direction="increase",
                baseline={"date": D(2025, 1, 1), "value": 10.0},
                observations=[{"date": ON, "value": 11.0, "reported_by": "p"}],
            )
        ],
        goals=[Goal(id="g", statement="G", indicators=["i"], weight=1.0)],
        activities=[
            Activity(id="a", name="A", partners=["p"], strategy="s", contributes={"i": 0.8}),
            Activity(
                id="b",
                name="B",
                partners=["q"],
                strategy="s",
                contributes={"i": 0.8},
                start=D(2024, 1, 1),
                end=ON - dt.timedelta(days=1),
            ),
            Activity(
                id="c",
                name="C",
                partners=["r"],
                strategy="t",
                contributes={"i": 0.5},
                start=ON + dt.timedelta(days=1),
            ),
            Activity(
                id="d", name="D", partners=["r"], strategy="u", contributes={"i": 0.5}, end=ON
            ),
        ],
        ties=[Tie(source="p", target="r", kind="communication", strength=0.6)],
    )


class TestWhichRun:
    def test_the_days_at_either_end(self) -> None:
        """``b`` ended on 2025-06-29, one day before 2025-06-30; ``c`` starts on 2025-07-01, one
        day after; ``d`` ends on the date itself and runs that day; ``a`` has no dates."""
        kept, left_out = running_at(small(), ON)
        assert [a.id for a in kept.activities] == ["a", "d"]
        assert left_out == (
            NotRunning(activity="b", status="ended", date=D(2025, 6, 29), days=1),
            NotRunning(activity="c", status="not started", date=D(2025, 7, 1), days=1),
        )
        assert [is_running(a, ON) for a in small().activities] == [True, False, False, True]

    def test_without_a_date_every_activity_runs(self) -> None:
        init = small()
        assert running_at(init, None) == (init, ())
        assert all(is_running(a, None) for a in init.activities)

    def test_a_date_written_as_text(self) -> None:
        """``running_at(init, "2025-06-30")`` raised a bare TypeError comparing a date with a
        text, where every other ``as_of`` (assess, prepare, measurement) reads one; a text that
        is no date is refused as they refuse it."""
        assert running_at(small(), "2025-06-30") == running_at(small(), ON)  # type: ignore[arg-type]
        assert running_at(small(), dt.datetime(2025, 6, 30, 12)) == running_at(small(), ON)  # type: ignore[arg-type]
        for bad in ("2025-13-01", "30/06/2025", 20250630):
            with pytest.raises(ci.ValidationError) as info:
                running_at(small(), bad)  # type: ignore[arg-type]
            with pytest.raises(ci.ValidationError) as assessed:
                ci.assess(small(), as_of=bad)  # type: ignore[arg-type]
            assert str(info.value) == str(assessed.value)

    def test_is_running_reads_a_date_as_running_at_does(self) -> None:
        """``is_running(act, "2025-07-01")`` raised "'<' not supported between instances of
        'datetime.date' and 'str'", and a datetime "can't compare datetime.datetime to
        datetime.date", where ``running_at`` reads both; junk is refused as it refuses it."""
        activities = small().activities
        on = [is_running(a, ON) for a in activities]
        assert [is_running(a, "2025-06-30") for a in activities] == on  # type: ignore[arg-type]
        late = dt.datetime(2025, 6, 30, 23, 59)
        assert [is_running(a, late) for a in activities] == on
        assert [is_running(a, dt.datetime(2025, 7, 1)) for a in activities] == [
            is_running(a, D(2025, 7, 1)) for a in activities
        ]
        for bad in ("2025-13-01", "30/06/2025", 20250630):
            with pytest.raises(ci.ValidationError) as info:
                is_running(activities[0], bad)  # type: ignore[arg-type]
            with pytest.raises(ci.ValidationError) as whole:
                running_at(small(), bad)  # type: ignore[arg-type]
            assert str(info.value) == str(whole.value)
        with pytest.raises(ci.ArgumentTypeError, match="activity: expected an Activity, got dict"):
            is_running({"id": "a"}, ON)  # type: ignore[arg-type]

    def test_prepare_reads_a_text_date_against_a_prepared_object(self) -> None:
        """A prepared object given again with ``as_of`` as text crashed on ``.isoformat()``."""
        prepared = ci.prepare(small(), as_of=ON)
        assert ci.prepare(prepared, as_of="2025-06-30") is prepared  # type: ignore[arg-type]
        with pytest.raises(ci.ArgumentValueError, match="differs from the prepared"):
            ci.prepare(prepared, as_of="2025-06-29")  # type: ignore[arg-type]

    def test_words(self) -> None:
        _, (ended, planned) = running_at(small(), ON)
        assert ended.text == "b (ended 2025-06-29, 1 day before)"
        assert planned.text == "c (not started 2025-07-01, 1 day after)"
        assert planned.to_dict() == {
            "activity": "c",
            "status": "not started",
            "date": "2025-07-01",
            "days": 1,
        }


class TestScores:
    def test_the_index_of_the_running_activities(self) -> None:
        """Running on 2025-06-30: a (p) and d (r). d(a, d) = o · g · 0.8 · 0.5 = 1 · 1 · 0.4 =
        0.4; their strategies differ, so r = 0 and R = 0.4; p and r are tied at 0.6, so the
        index is 0.4 · 0.6 / 0.4 = 0.6.

        Counting every activity (the code before): R(a, b) = 0.64 · (1 − 1) = 0 (twins), and
        four pairs between partners of R = 0.4 each, (a, c) and (a, d) tied at 0.6, (b, c) and
        (b, d) not tied: (0.24 + 0.24) / 1.6 = 0.3."""
        result = ci.assess(small())
        assert result.as_of == ON
        assert result.alignment.activities == 2
        assert result.alignment.total_reinforcement == pytest.approx(0.4, abs=1e-12)
        assert result.alignment.index == pytest.approx(0.6, abs=1e-12)
        assert [r.activity for r in result.not_running] == ["b", "c"]

    def test_an_ended_twin_duplicates_nothing(self) -> None:
        """a and b have the same strategy and contributions (redundancy 1): while b ran they
        duplicated each other; once it ended, not."""
        assert not ci.assess(small()).gaps_by(code="duplication")
        earlier = ci.assess(small(), as_of=D(2025, 6, 29))  # b's last day: it runs
        (gap,) = earlier.gaps_by(code="duplication")
        assert sorted(gap.subjects) == ["a", "b"]
        assert [r.activity for r in earlier.not_running] == ["c"]

    def test_a_planned_activity_counts_from_its_start(self) -> None:
        later = ci.assess(small(), as_of=D(2025, 7, 1))
        assert [(r.activity, r.status) for r in later.not_running] == [
            ("b", "ended"),
            ("d", "ended"),
        ]
        assert later.alignment.activities == 2  # a and c

    def test_a_goal_covered_only_by_ended_work_is_uncovered(self) -> None:
        """Only b helped goal h's indicator j: with b ended, h and j are helped by nothing."""
        init = small()
        init = init.evolve(
            indicators=[*init.indicators, Indicator(id="j", name="J", direction="increase")],
            goals=[*init.goals, Goal(id="h", statement="H", indicators=["j"], weight=1.0)],
            activities=[
                attrs.evolve(a, contributes={**a.contributes, "j": 0.5}) if a.id == "b" else a
                for a in init.activities
            ],
        )
        result = ci.assess(init)
        assert [g.subjects for g in result.gaps_by(code="uncovered-goal")] == [("h",)]
        assert [g.subjects for g in result.gaps_by(code="uncovered-indicator")] == [("j",)]
        assert not ci.assess(init, as_of=D(2025, 6, 29)).gaps_by(code="uncovered-goal")

    def test_without_a_date_of_judgement_every_activity_counts(self) -> None:
        init = small().evolve(
            indicators=[attrs.evolve(small().indicators[0], baseline=None, observations=())]
        )
        result = ci.assess(init)
        assert result.as_of is None
        assert result.not_running == ()
        assert result.alignment.activities == 4
        assert result.alignment.index == pytest.approx(0.3, abs=1e-12)


class TestOrderAndNames:
    def test_any_order_gives_the_same_result_to_the_bit(self) -> None:
        init = small()
        turned = init.evolve(activities=init.activities[::-1], partners=init.partners[::-1])
        assert json.dumps(ci.assess(turned).to_dict()) == json.dumps(ci.assess(init).to_dict())

    def test_renamed_ids_give_the_same_numbers(self) -> None:
        init = small()
        names = {"a": "zz", "b": "yy", "c": "xx", "d": "ww"}
        renamed = init.evolve(activities=[attrs.evolve(a, id=names[a.id]) for a in init.activities])
        before, after = ci.assess(init), ci.assess(renamed)
        assert after.alignment == before.alignment
        assert sorted(r.activity for r in after.not_running) == ["xx", "yy"]


class TestWhereItIsSaid:
    def test_to_dict(self) -> None:
        data = ci.assess(small()).to_dict()
        assert data["activities_not_running"] == [
            {"activity": "b", "status": "ended", "date": "2025-06-29", "days": 1},
            {"activity": "c", "status": "not started", "date": "2025-07-01", "days": 1},
        ]
        assert (
            ci.assess(small().evolve(activities=small().activities[:1])).to_dict()[
                "activities_not_running"
            ]
            == []
        )

    def test_summary_after_the_gaps(self) -> None:
        text = ci.assess(small()).summary()
        sentence = (
            "2 activities not counted (not running on 2025-06-30): b (ended 2025-06-29, 1 day "
            "before) and c (not started 2025-07-01, 1 day after)."
        )
        assert sentence in " ".join(text.split())
        assert text.index("not counted") > text.index("First things first")
        assert text.index("not counted") < text.index("Conditions (")
        assert sentence in " ".join(ci.assess(small()).summary(markdown=True).split())

    def test_summary_of_a_long_list(self) -> None:
        init = small()
        many = [
            Activity(id=f"old{k}", name="Old", partners=["q"], end=D(2020, 1, 1)) for k in range(8)
        ]
        text = " ".join(ci.assess(init.with_activities(*many)).summary().split())
        assert "10 activities not counted (not running on 2025-06-30): b (ended" in text
        assert "and 4 more." in text

    def test_the_html_report_and_the_notebook_view(self) -> None:
        result = ci.assess(small())
        page = " ".join(render_report(result).split())
        assert "<h3>Activities not counted</h3>" in page
        assert "<li>b (ended 2025-06-29, 1 day before)</li>" in page
        assert "2 activities not counted (not running on that date): b, c" in assessment_html(
            result
        )
        everything = " ".join(render_report(ci.assess(small(), as_of=D(2025, 6, 29))).split())
        assert "<li>c (not started 2025-07-01, 2 days after)</li>" in everything


def test_the_kumu_export_marks_what_was_not_scored() -> None:
    init = small()
    blueprint = ci.kumu_blueprint(init, assessment=ci.assess(init))
    by_node = {e["node"]: e for e in blueprint["elements"]}
    assert by_node["activity:b"]["not running"] == "ended 2025-06-29"
    assert by_node["activity:c"]["not running"] == "not started 2025-07-01"
    assert "not running" not in by_node["activity:a"]
    assert all("not running" not in e for e in ci.kumu_blueprint(init)["elements"])


class TestTheDiff:
    def test_one_file_judged_on_two_dates(self) -> None:
        """On 2025-06-29 b still ran (its last day) and duplicated a; on 2025-06-30 it had
        ended. The file is the same: the diff said "no change" to the activities and gave the
        closed duplication no cause; it now says b ended."""
        before = ci.assess(small(), as_of=D(2025, 6, 29))
        after = ci.assess(small())
        reasons = before.diff(after).reasons
        assert "activity b ended (2025-06-29)" in reasons["alignment_index"]
        assert (
            "b, which duplicated another activity, ended"
            in reasons["mutually_reinforcing_activities"]
        )

    def test_a_planned_activity_added_has_not_started(self) -> None:
        """Adding an activity that starts after the date of judgement changes no score: the
        diff lists it among the file's activities added, not as a reason ("started")."""
        init = small()
        planned = Activity(
            id="e", name="E", partners=["q"], contributes={"i": 0.9}, start=D(2027, 1, 1)
        )
        change = ci.assess(init).diff(ci.assess(init.with_activities(planned)))
        assert change.activities_added == ("e",)
        assert "alignment_index" not in change.reasons
        assert change.alignment_index[2] == 0.0


def test_each_analysis_takes_the_date_of_assess() -> None:
    """The condition functions and the recommendations, called on their own, count the
    activities running on the date they are given, as assess does on it (they had no as_of,
    so they judged the initiative on its default date whatever assess was given)."""
    from collective_impact.analysis import conditions

    init = ci.load_example("cradle-to-career")
    on = D(2024, 6, 30)  # before three of the four endings
    result = ci.assess(init, as_of=on)
    parts = result.scores.components
    assert conditions.common_agenda(init, as_of=on) == parts["common_agenda"]
    assert conditions.common_agenda(init) != parts["common_agenda"]
    assert (
        conditions.mutually_reinforcing_activities(init, as_of=on)
        == parts["mutually_reinforcing_activities"]
    )
    communication = conditions.continuous_communication(init, as_of=on)
    assert {k: v for k, v in communication.items() if v is not None} == parts[
        "continuous_communication"
    ]
    assert conditions.backbone_support(init, as_of=on) == parts["backbone_support"]
    (best, *_) = ci.recommend_ties(init, as_of=on)
    assert best.index_before == result.alignment.index


def test_the_diff_says_an_opponent_ended() -> None:
    """cradle-to-career on 2024-06-30 and on 2026-09-30: zero-tolerance-discipline pushed
    against summer-internships, which ended on 2025-08-15; "no longer against" says why."""
    init = ci.load_example("cradle-to-career")
    reasons = ci.assess(init, as_of=D(2024, 6, 30)).diff(ci.assess(init)).reasons
    assert (
        "zero-tolerance-discipline now pushes against 8 other activities; no longer against "
        "summer-internships, which has ended"
    ) in reasons["mutually_reinforcing_activities"]


def test_when_no_activity_runs_the_index_says_why() -> None:
    """Every activity ended: the index is undefined because nothing runs, and every view says
    so (it said "no two partners' activities reinforce each other", true but no reason)."""
    init = small()
    over = init.evolve(
        activities=[attrs.evolve(a, start=None, end=D(2024, 12, 31)) for a in init.activities]
    )
    result = ci.assess(over)
    assert result.alignment.index is None
    assert result.alignment.activities == 0
    why = "no activity runs on 2025-06-30 (4 ended or not started)"
    assert f"Alignment index: undefined — {why}" in " ".join(result.summary().split())
    assert why in assessment_html(result)
    assert why in " ".join(render_report(result).split())
    assert "landscape mapped (running activities recorded)" in " ".join(result.summary().split())


def test_the_diff_to_an_earlier_date_says_what_had_not_started() -> None:
    """A diff may go back in time: judged on 2023-04-01, afterschool-math (from 2024-01-15)
    had not started; the reason names that date, not "the later date"."""
    init = ci.load_example("cradle-to-career")
    reasons = ci.assess(init).diff(ci.assess(init, as_of=D(2023, 4, 1))).reasons
    assert (
        "activity afterschool-math has not started on 2023-04-01 (it starts 2024-01-15)"
        in reasons["alignment_index"]
    )


class TestAskingForAnActivityLeftOut:
    """Asking an assessment for an activity of the file that does not run on its date said
    "unknown activity" (``Reinforcement.pair``, an ``UnknownIdError``) or "no activity ... in the
    assessed initiative" (``ConflictPairs.opponents``, a bare ``KeyError``): both now raise one
    ``NotRunningError``, which says when it ended or starts."""

    ENDED = (
        "activity 'b' is in the initiative but not counted: it ended on 2025-06-29, before the "
        "date of judgement 2025-06-30"
    )
    PLANNED = (
        "activity 'c' is in the initiative but not counted: it starts on 2025-07-01, after the "
        "date of judgement 2025-06-30"
    )

    def test_pair_and_opponents_say_it_alike(self) -> None:
        result = ci.assess(small())
        asked = {
            "pair": lambda x: result.reinforcement.pair(x, "a"),
            "pair, second": lambda x: result.reinforcement.pair("a", x),
            "opponents": lambda x: result.conflict_pairs().opponents(x),
        }
        for name, ask in asked.items():
            for activity, words in (("b", self.ENDED), ("c", self.PLANNED)):
                with pytest.raises(ci.NotRunningError) as info:
                    ask(activity)
                assert str(info.value).startswith(words), name
                assert "Assessment.not_running" in str(info.value)
        error = info.value
        assert isinstance(error, ci.UnknownIdError)
        assert isinstance(error, KeyError)
        assert (error.id, error.status, error.date) == ("c", "not started", D(2025, 7, 1))
        assert error.as_of == ON

    def test_an_unknown_id_is_still_unknown(self) -> None:
        result = ci.assess(small())
        for ask in (
            lambda: result.reinforcement.pair("zz", "a"),
            lambda: result.conflict_pairs().opponents("zz"),
        ):
            with pytest.raises(ci.UnknownIdError) as info:
                ask()
            assert type(info.value) is ci.UnknownIdError
            assert str(info.value) == "unknown activity 'zz'"
        with pytest.raises(ci.UnknownIdError, match=r"did you mean 'b'\?"):
            result.reinforcement.pair("bb", "a")  # an activity left out is suggested too
        with pytest.raises(ci.UnknownIdError, match="an id is a str, got list"):
            result.reinforcement.pair(["a"], "d")  # type: ignore[arg-type]

    def test_the_scores_of_the_initiative_and_a_pickled_result(self) -> None:
        with pytest.raises(ci.NotRunningError, match=self.ENDED):
            ci.reinforcement_scores(small()).pair("b", "a")
        result = ci.assess(small())
        copy = pickle.loads(pickle.dumps(result))
        with pytest.raises(ci.NotRunningError, match=self.PLANNED):
            copy.conflict_pairs().opponents("c")

    def test_the_example_of_the_report(self) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        words = (
            "activity 'financial-literacy' is in the initiative but not counted: it ended on "
            "2023-05-31, before the date of judgement 2026-09-30"
        )
        with pytest.raises(ci.NotRunningError, match=words):
            result.reinforcement.pair("financial-literacy", "reading-tutoring")
        with pytest.raises(ci.NotRunningError, match=words):
            result.conflict_pairs().opponents("financial-literacy")
        # judged while it ran, it is scored
        earlier = ci.assess(ci.load_example("cradle-to-career"), as_of=D(2023, 4, 1))
        assert earlier.conflict_pairs().opponents("financial-literacy") == ()


def apart() -> Initiative:
    """The reviewer's case: no date anywhere; ``old`` (p) ran 2005–2010, ``future`` (q) starts
    in 2040; both help i by 0.8, p and q are tied at 0.8."""
    return Initiative(
        name="T",
        partners=[
            Partner(id="p", name="P", sector="nonprofit"),
            Partner(id="q", name="Q", sector="business"),
        ],
        goals=[Goal(id="g", statement="G", indicators=["i"])],
        indicators=[Indicator(id="i", name="I")],
        activities=[
            Activity(
                id="old",
                name="Old",
                partners=["p"],
                contributes={"i": 0.8},
                start=D(2005, 1, 1),
                end=D(2010, 12, 31),
            ),
            Activity(
                id="future",
                name="Future",
                partners=["q"],
                contributes={"i": 0.8},
                start=D(2040, 1, 1),
            ),
        ],
        ties=[Tie(source="p", target="q", strength=0.8)],
    )


class TestNoDateOfJudgement:
    """With no date of judgement every activity counts whatever its dates, which is documented;
    but nothing in the result said that activities' own dates were not read, even when they
    showed two activities that never ran together (one ended in 2010, one starts in 2040,
    scored as mutually reinforcing: index 0.8). No date is made up: every view says it."""

    SAID = (
        "No date of judgement: every activity is counted whatever its dates, and both activities "
        "record a start or an end. Not all of them run at the same time: 'old' runs until "
        "2010-12-31 and 'future' from 2040-01-01, yet both are counted as if they ran side by "
        "side. To count only the activities running on a date, give it (as_of in the file, or "
        "--as-of)."
    )

    def test_the_record_and_to_dict(self) -> None:
        result = ci.assess(apart())
        assert (result.as_of, result.as_of_source, result.not_running) == (None, "none", ())
        assert result.alignment.index == pytest.approx(0.8, abs=1e-12)  # no verdict changes
        ignored = result.activity_dates_ignored
        assert ignored is not None
        assert (ignored.activities, ignored.dated, ignored.apart) == (2, 2, True)
        assert (ignored.ended, ignored.end) == ("old", D(2010, 12, 31))
        assert (ignored.started, ignored.start) == ("future", D(2040, 1, 1))
        tree = json.loads(json.dumps(result.to_dict()))
        assert tree["activity_dates_ignored"] == {
            "activities": 2,
            "dated": 2,
            "ended": "old",
            "end": "2010-12-31",
            "started": "future",
            "start": "2040-01-01",
        }

    def test_every_view_says_it(self) -> None:
        result = ci.assess(apart())
        text = " ".join(result.summary().split())
        assert self.SAID in text
        assert text.index(self.SAID) < text.index("Overall score")
        markdown = " ".join(result.summary(markdown=True).split())
        assert self.SAID.replace("as_of", "as\\_of") in markdown
        notebook = " ".join(assessment_html(result).split()).replace("&#x27;", "'")
        assert self.SAID in notebook
        page = " ".join(render_report(result).split()).replace("&#39;", "'")
        assert f'<p id="glance-undated">{self.SAID}</p>' in page
        assert page.count(self.SAID) == 2  # at a glance, and where data quality lists activities
        assert "Every activity is counted: there is no date of judgement" not in page

    def test_not_said_with_a_date_or_without_dated_activities(self) -> None:
        dated = ci.assess(apart(), as_of=D(2008, 6, 30))
        assert dated.activity_dates_ignored is None
        assert dated.to_dict()["activity_dates_ignored"] is None
        assert "whatever its dates" not in dated.summary()
        plain = apart().evolve(
            activities=[attrs.evolve(a, start=None, end=None) for a in apart().activities]
        )
        result = ci.assess(plain)
        assert result.activity_dates_ignored is None
        assert "whatever its dates" not in result.summary()
        assert "whatever its dates" not in assessment_html(result)
        page = " ".join(render_report(result).split())
        assert "Every activity is counted: there is no date of judgement" in page

    def test_dates_that_overlap_name_no_pair(self) -> None:
        """Every activity of the file runs from 2008 to 2010: the dates are still unread (one
        of the two is counted when the other is), but no pair never ran together."""
        init = apart()
        overlapping = init.evolve(
            activities=[
                attrs.evolve(init.activities[0], start=D(2005, 1, 1), end=D(2010, 12, 31)),
                attrs.evolve(init.activities[1], start=D(2008, 1, 1)),
                Activity(id="open", name="Open", partners=["p"], contributes={"i": 0.2}),
            ]
        )
        result = ci.assess(overlapping)
        ignored = result.activity_dates_ignored
        assert ignored is not None
        assert (ignored.activities, ignored.dated, ignored.apart) == (3, 2, False)
        assert ignored.ended is ignored.started is None
        text = " ".join(result.summary().split())
        assert "and 2 of the 3 activities record a start or an end. To count only" in text
        assert "Not all of them run" not in text

    def test_the_same_in_any_order_and_of_equal_dates_the_first_id(self) -> None:
        init = apart()
        twins = [
            Activity(id=x, name=x, partners=["p"], end=D(2010, 12, 31)) for x in ("zz", "aa")
        ] + [Activity(id=x, name=x, partners=["q"], start=D(2040, 1, 1)) for x in ("yy", "bb")]
        more = init.with_activities(*twins)
        forward = ci.assess(more).to_dict()["activity_dates_ignored"]
        backward = ci.assess(more.evolve(activities=more.activities[::-1])).to_dict()
        assert backward["activity_dates_ignored"] == forward
        assert (forward["ended"], forward["started"]) == ("aa", "bb")
        assert (forward["activities"], forward["dated"]) == (6, 6)
