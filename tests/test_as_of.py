"""The date of judgement, ``as_of`` (DESIGN §7; issue 10, item 7), worked by hand.

The initiative of these tests: indicator ``i1`` (baseline 10 on 2020-01-01, target 30 by
2030-01-01) observed 12, 14, 16, 18 on 1 January 2021..2024 by gov; an activity of gov planned to
start on 2031-01-01. Its latest observation is 2024-01-01; the planned start and the target are
later, but they are plans, not facts.
"""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Observation, Partner
from collective_impact.analysis.measurement import latest_date, measurement, resolve_as_of

YEARS = tuple(dt.date(y, 1, 1) for y in (2021, 2022, 2023, 2024))
VALUES = (12.0, 14.0, 16.0, 18.0)


def init(
    observations: tuple[tuple[dt.date, float], ...] = tuple(zip(YEARS, VALUES, strict=True)),
    **extra: object,
) -> Initiative:
    return Initiative(
        name="Dated",
        problem="A problem",
        partners=[Partner(id="gov", name="Gov", sector="government")],
        indicators=[
            Indicator(
                id="i1",
                name="I1",
                baseline={"date": dt.date(2020, 1, 1), "value": 10.0},  # type: ignore[arg-type]
                target={"date": dt.date(2030, 1, 1), "value": 30.0},  # type: ignore[arg-type]
                observations=[
                    Observation(date=d, value=v, reported_by="gov") for d, v in observations
                ],
            )
        ],
        goals=[Goal(id="g1", statement="G1", indicators=["i1"])],
        activities=[
            Activity(
                id="x",
                name="X",
                partners=["gov"],
                contributes={"i1": 0.5},
                start=dt.date(2031, 1, 1),
            )
        ],
        **extra,  # type: ignore[arg-type]
    )


def bare() -> Initiative:
    """The initiative without observations and without a baseline: nothing measured."""
    (ind,) = init(()).indicators
    return init(()).evolve(indicators=[attrs.evolve(ind, baseline=None, direction="increase")])


def has_file_as_of() -> bool:
    return "as_of" in attrs.fields_dict(Initiative)


class TestLatestDate:
    def test_latest_observation_not_a_planned_start(self) -> None:
        """Observations up to 2024-01-01; the activity starts 2031-01-01 (planned), the target
        is 2030-01-01: the latest observation is 2024-01-01 (it used to be 2031-01-01)."""
        expected = dt.date(2024, 1, 1)
        assert expected == latest_date(init())

    def test_no_observation(self) -> None:
        """No observation: the baseline (2020-01-01) is the latest measurement; without a
        baseline either, there is none."""
        assert latest_date(init(())) == dt.date(2020, 1, 1)
        assert latest_date(bare()) is None

    def test_a_baseline_after_every_observation(self) -> None:
        """A second indicator with a baseline on 2024-06-01 and no observation: the latest
        measurement is that baseline, not the observation of 2024-01-01 (as of which the
        baseline was not known yet, and its indicator had "no baseline")."""
        fresh = Indicator(
            id="i2",
            name="I2",
            baseline={"date": dt.date(2024, 6, 1), "value": 5.0},  # type: ignore[arg-type]
        )
        both = init().evolve(indicators=(*init().indicators, fresh))
        assert latest_date(both) == dt.date(2024, 6, 1)
        assert resolve_as_of(both) == (dt.date(2024, 6, 1), "latest baseline")
        result = ci.assess(both)
        assert result.indicator("i2").baseline == 5.0
        assert result.summary().splitlines()[0].endswith("as of 2024-06-01 (the latest baseline)")
        # as of the observation the baseline was not known yet
        earlier = ci.assess(both, as_of=dt.date(2024, 1, 1))
        assert earlier.indicator("i2").baseline is None

    def test_still_importable_from_report(self) -> None:
        from collective_impact.report import latest_date as from_report

        assert from_report is latest_date


class TestResolveAsOf:
    def test_latest_observation(self) -> None:
        expected = (dt.date(2024, 1, 1), "latest observation")
        assert expected == resolve_as_of(init())

    def test_argument(self) -> None:
        expected = (dt.date(2022, 6, 30), "argument")
        assert expected == resolve_as_of(init(), dt.date(2022, 6, 30))

    def test_on_the_first_observation_is_accepted(self) -> None:
        expected = (dt.date(2021, 1, 1), "argument")
        assert expected == resolve_as_of(init(), dt.date(2021, 1, 1))

    def test_none_without_observation(self) -> None:
        expected = (None, "none")
        assert expected == resolve_as_of(bare())
        assert resolve_as_of(init(())) == (dt.date(2020, 1, 1), "latest baseline")

    def test_any_date_without_observation(self) -> None:
        """Nothing to be before: a date is accepted (and every indicator lacks data)."""
        expected = (dt.date(1990, 1, 1), "argument")
        assert expected == resolve_as_of(bare(), dt.date(1990, 1, 1))

    def test_between_the_baseline_and_the_first_observation_is_accepted(self) -> None:
        """2020-12-31: after the baseline (2020-01-01, a measurement), before the first
        observation (2021-01-01). It was refused ("nothing would be measured")."""
        expected = (dt.date(2020, 12, 31), "argument")
        assert expected == resolve_as_of(init(), dt.date(2020, 12, 31))
        [m] = measurement(init(), as_of=dt.date(2020, 12, 31))
        assert (m.baseline, m.observations, m.freshness_days) == (10.0, 0, 365)

    def test_before_every_observation_is_refused(self) -> None:
        """2019-12-31 is one day before the baseline (2020-01-01), the first measurement."""
        with pytest.raises(ci.AsOfError) as info:
            resolve_as_of(init(), dt.date(2019, 12, 31))
        err = info.value
        expected = (dt.date(2019, 12, 31), dt.date(2020, 1, 1), "argument")
        assert expected == (err.as_of, err.earliest, err.source)
        assert isinstance(err, ValueError)
        assert isinstance(err, ci.CollectiveImpactError)
        assert "before every observation" in str(err)
        again = pickle.loads(pickle.dumps(err))
        assert (again.as_of, again.earliest, again.source, str(again)) == (
            err.as_of,
            err.earliest,
            err.source,
            str(err),
        )

    def test_file(self) -> None:
        """The file says 2022-06-30: it wins over the latest observation, the argument over it."""
        if not has_file_as_of():
            pytest.skip("Initiative has no as_of field yet")
        stated = init(as_of=dt.date(2022, 6, 30))
        expected = [(dt.date(2022, 6, 30), "file"), (dt.date(2023, 6, 30), "argument")]
        assert expected == [resolve_as_of(stated), resolve_as_of(stated, dt.date(2023, 6, 30))]

    def test_file_before_every_observation_is_refused(self) -> None:
        if not has_file_as_of():
            pytest.skip("Initiative has no as_of field yet")
        with pytest.raises(ci.AsOfError) as info:
            resolve_as_of(init(as_of=dt.date(2019, 1, 1)))
        expected = "file"
        assert expected == info.value.source


class TestSnapshot:
    def test_observations_after_as_of_are_left_out(self) -> None:
        """As of 2022-06-30 only 12 (2021) and 14 (2022) exist: latest 14, progress
        (14 − 10) / (30 − 10) = 0.2, a trend of 2 points (b = 2 / (365 / 365.25) a year, 2021
        has 365 days), 2 observations, freshness 2022-01-01 → 2022-06-30 = 180 days. The same
        record as for the initiative that holds only those two observations."""
        day = dt.date(2022, 6, 30)
        [m] = measurement(init(), as_of=day)
        [only] = measurement(init(((YEARS[0], 12.0), (YEARS[1], 14.0))), as_of=day)
        assert m.trend is not None
        expected = (14.0, 0.2, 2, 2 * 365.25 / 365, 2, 180)
        assert expected == (
            m.latest_value,
            pytest.approx(m.progress, rel=1e-12),
            m.trend.n,
            pytest.approx(m.trend.slope, rel=1e-12),
            m.observations,
            m.freshness_days,
        )
        assert only.to_dict() == m.to_dict()  # (to_dict: a two-point trend's sd is nan)

    def test_assess_refuses_an_early_as_of(self) -> None:
        with pytest.raises(ci.AsOfError):
            ci.assess(init(), as_of=dt.date(2019, 12, 31))

    def test_measurement_refuses_an_early_as_of(self) -> None:
        with pytest.raises(ci.AsOfError):
            measurement(init(), as_of=dt.date(2019, 12, 31))


class TestAssessmentAsOf:
    def test_default_is_the_latest_observation(self) -> None:
        result = ci.assess(init())
        data = result.to_dict()
        expected = (dt.date(2024, 1, 1), "latest observation", "2024-01-01", "latest observation")
        assert expected == (result.as_of, result.as_of_source, data["as_of"], data["as_of_source"])
        title = result.summary().splitlines()[0]
        assert title.endswith("as of 2024-01-01 (the latest observation)")

    def test_argument(self) -> None:
        result = ci.assess(init(), as_of=dt.date(2023, 1, 1))
        expected = ("argument", "2023-01-01")
        assert expected == (result.as_of_source, result.to_dict()["as_of"])
        assert result.summary().splitlines()[0].endswith("as of 2023-01-01 (the as_of given)")

    def test_file(self) -> None:
        if not has_file_as_of():
            pytest.skip("Initiative has no as_of field yet")
        result = ci.assess(init(as_of=dt.date(2022, 6, 30)))
        expected = (dt.date(2022, 6, 30), "file", 14.0)
        assert expected == (result.as_of, result.as_of_source, result.measurement[0].latest_value)

    def test_no_observation_at_all(self) -> None:
        """No observation, no date: as_of None, source "none", the indicator
        insufficient-data."""
        result = ci.assess(bare())
        expected = (None, "none", None, "none", ci.IndicatorStatus.INSUFFICIENT_DATA)
        data = result.to_dict()
        assert expected == (
            result.as_of,
            result.as_of_source,
            data["as_of"],
            data["as_of_source"],
            result.measurement[0].status,
        )
        assert (
            "with no date of judgement (no observation, no baseline and no as_of given)"
            in result.summary()
        )

    def test_later_observations_do_not_change_an_earlier_snapshot(self) -> None:
        """Adding the 2024 observation leaves the assessment as of 2023-06-30 unchanged."""
        day = dt.date(2023, 6, 30)
        three = tuple(zip(YEARS[:3], VALUES[:3], strict=True))
        before = ci.assess(init(three), as_of=day)
        after = ci.assess(init(), as_of=day)
        assert [m.to_dict() for m in before.measurement] == [m.to_dict() for m in after.measurement]
        assert before.to_dict()["scores"] == after.to_dict()["scores"]


class TestAsOfTypes:
    """``as_of`` given as a datetime or a text raised a bare ``TypeError`` (comparing it with
    the observations' dates); a datetime is its day, a text is read as the formats read dates,
    anything else is refused with a located problem."""

    @pytest.mark.parametrize(
        "given", [dt.date(2022, 6, 30), dt.datetime(2022, 6, 30, 23, 30), "2022-06-30"]
    )
    def test_a_date_in_any_form(self, given: object) -> None:
        expected = ci.assess(init(), as_of=dt.date(2022, 6, 30)).to_dict()
        result = ci.assess(init(), as_of=given)  # type: ignore[arg-type]
        assert result.as_of == dt.date(2022, 6, 30)
        assert result.to_dict() == expected
        [m] = measurement(init(), as_of=given)  # type: ignore[arg-type]
        assert m.latest_value == 14.0

    @pytest.mark.parametrize(
        ("given", "said"),
        [
            ("20220630", "not a date written YYYY-MM-DD: '20220630'"),
            ("2022-02-30", "day is out of range for month"),
            (2022, "expected a date (datetime.date or 'YYYY-MM-DD'), got int 2022"),
        ],
    )
    def test_anything_else_is_refused(self, given: object, said: str) -> None:
        with pytest.raises(ci.ValidationError) as info:
            ci.assess(init(), as_of=given)  # type: ignore[arg-type]
        (problem,) = info.value.problems
        assert problem.path == "as_of"
        assert said in problem.message
