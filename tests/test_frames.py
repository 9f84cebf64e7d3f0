"""Tests of :mod:`collective_impact.frames`: the pandas views agree with the model and results."""

from __future__ import annotations

import datetime as dt
import math
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import numpy as np
import pytest
from hypothesis import given

import collective_impact as ci
from collective_impact.errors import (
    CollectiveImpactError,
    FormatError,
    MissingDependencyError,
    ValidationError,
)
from collective_impact.frames import (
    gaps_frame,
    initiative_frames,
    initiative_from_frames,
    measurement_frame,
    network_frame,
    pairs_frame,
    scores_frame,
)
from test_csvbundle import rich_initiatives

if TYPE_CHECKING:
    from pandas import DataFrame

from collective_impact.model import BackboneFunction, StaffRole
from collective_impact.strategies import initiatives

pytest.importorskip("pandas")

EXAMPLES = ci.list_examples()


@pytest.fixture(scope="module", params=EXAMPLES)
def example(request: pytest.FixtureRequest) -> tuple[ci.Initiative, ci.Assessment]:
    init = ci.load_example(request.param)
    return init, ci.assess(init)


def same(x: object, y: object) -> bool:
    """Equal, counting nan == nan and None == nan (absent numbers are nan in a frame)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return y is None or (isinstance(y, float) and math.isnan(y))
    return x == y


def assert_plain(frame: DataFrame) -> None:
    """No object column holds a numpy scalar."""
    for name in frame.columns:
        if frame[name].dtype == object:
            bad = [v for v in frame[name] if isinstance(v, np.generic)]
            assert bad == [], name


class TestMissingDependencyError:
    def test_names_the_extra_when_pandas_is_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "pandas", None)
        init = ci.load_example("cradle-to-career")
        with pytest.raises(MissingDependencyError) as info:
            initiative_frames(init)
        message = str(info.value)
        assert "pip install 'collective-impact[pandas]'" in message
        assert message == "DataFrames need pandas: pip install 'collective-impact[pandas]'"
        assert isinstance(info.value, ImportError)
        assert isinstance(info.value, CollectiveImpactError)
        assert info.value.name == "pandas"
        assert isinstance(info.value.__cause__, ImportError)

    def test_every_frame_raises_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        monkeypatch.setitem(sys.modules, "pandas", None)
        for build in (scores_frame, gaps_frame, measurement_frame, network_frame, pairs_frame):
            with pytest.raises(ImportError, match=r"collective-impact\[pandas\]"):
                build(result)

    def test_pickles(self) -> None:
        err = MissingDependencyError("pandas", "pandas", purpose="DataFrames")
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is MissingDependencyError
        assert (back.package, back.extra, str(back)) == ("pandas", "pandas", str(err))


class TestInitiativeFrames:
    def test_one_frame_per_section(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        frames = initiative_frames(init)
        assert list(frames) == [
            "initiative",
            "partners",
            "goals",
            "indicators",
            "pathways",
            "observations",
            "populations",
            "places",
            "activities",
            "contributions",
            "ties",
            "working_groups",
            "backbone",
        ]
        for frame in frames.values():
            assert_plain(frame)

    def test_partners(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        frame = initiative_frames(init)["partners"]
        assert list(frame.columns) == ["id", "name", "sector", "roles"]
        assert frame["id"].tolist() == [p.id for p in init.partners]
        assert frame["name"].tolist() == [p.name for p in init.partners]
        assert frame["sector"].tolist() == [p.sector.value for p in init.partners]
        assert frame["roles"].tolist() == [[r.value for r in p.roles] for p in init.partners]

    def test_goals_and_indicators(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        frames = initiative_frames(init)
        goals, indicators = frames["goals"], frames["indicators"]
        assert goals["indicators"].tolist() == [list(g.indicators) for g in init.goals]
        assert goals["weight"].dtype == np.float64
        assert indicators["id"].tolist() == [i.id for i in init.indicators]
        assert indicators["observations"].tolist() == [len(i.observations) for i in init.indicators]
        for row, ind in zip(indicators.itertuples(), init.indicators, strict=True):
            assert same(ind.target.value if ind.target else None, row.target_value)
            assert row.target_date == (ind.target.date if ind.target else None)
            assert row.direction == ind.direction.value

    def test_observations_pathways_contributions(
        self, example: tuple[ci.Initiative, ci.Assessment]
    ) -> None:
        init, _ = example
        frames = initiative_frames(init)
        obs = frames["observations"]
        expected = [
            (i.id, o.date, o.value, o.reported_by, o.group)
            for i in init.indicators
            for o in i.observations
        ]
        assert list(obs.itertuples(index=False, name=None)) == expected
        pathways = [(i.id, k, w) for i in init.indicators for k, w in i.drives.items()]
        assert list(frames["pathways"].itertuples(index=False, name=None)) == pathways
        flows = [(a.id, k, v) for a in init.activities for k, v in a.contributes.items()]
        assert list(frames["contributions"].itertuples(index=False, name=None)) == flows

    def test_activities(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        frame = initiative_frames(init)["activities"]
        assert frame["partners"].tolist() == [list(a.partners) for a in init.activities]
        assert frame["lead"].tolist() == [a.partners[0] for a in init.activities]
        assert frame["start"].tolist() == [a.start for a in init.activities]

    def test_ties(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        frame = initiative_frames(init)["ties"]
        assert len(frame) == len(init.ties)
        assert frame["strength"].tolist() == [t.strength for t in init.ties]
        for row, tie in zip(frame.itertuples(), init.ties, strict=True):
            assert (row.source, row.target, row.kind) == (tie.source, tie.target, tie.kind.value)
            assert same(tie.reliability, row.reliability)
            assert row.intensity == (tie.intensity.value if tie.intensity else None)

    def test_backbone(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        frame = initiative_frames(init)["backbone"]
        if init.backbone is None:
            assert len(frame) == 0
            return
        row = frame.iloc[0]
        assert row["organization"] == init.backbone.organization
        # as given: nan and None for a role or function not listed (as the bundle's file)
        assert same(init.backbone.staff.get(StaffRole.FACILITATOR), row["facilitator"])
        level = init.backbone.functions.get(BackboneFunction.MOBILIZE_FUNDING)
        assert row["mobilize_funding"] == (None if level is None else level.value)
        assert frame.fillna({"facilitator": 0.0}).iloc[0]["facilitator"] == init.backbone.fte(
            "facilitator"
        )

    def test_backbone_not_listed_is_nan(self) -> None:
        init = ci.load_example("cradle-to-career")
        assert init.backbone is not None
        partial = init.evolve(
            backbone=attrs.evolve(init.backbone, staff={"facilitator": 0.5}, functions={})
        )
        row = initiative_frames(partial)["backbone"].iloc[0]
        assert row["facilitator"] == 0.5
        assert math.isnan(row["project_manager"])
        assert row["advance_policy"] is None

    def test_initiative_and_labels(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        frames = initiative_frames(init)
        keys = dict(zip(frames["initiative"]["key"], frames["initiative"]["value"], strict=True))
        assert keys["name"] == init.name
        # the text of initiative.csv, so that Arrow and Parquet take the column
        assert keys.get("as_of") == (None if init.as_of is None else init.as_of.isoformat())
        assert keys.get("champions", "") == "|".join(init.conditions.champions)
        assert all(isinstance(v, str) for v in keys.values())
        assert frames["populations"]["id"].tolist() == [p.id for p in init.populations]
        assert frames["places"]["within"].tolist() == [p.within for p in init.places]

    def test_empty_initiative_keeps_columns(self) -> None:
        init = ci.load_example("cradle-to-career")
        bare = init.evolve(
            goals=(), indicators=(), activities=(), ties=(), working_groups=(), backbone=None
        )
        frames = initiative_frames(bare)
        assert len(frames["ties"]) == 0
        assert "strength" in frames["ties"].columns
        assert frames["ties"]["strength"].dtype == np.float64
        assert len(frames["backbone"]) == 0
        assert "organization" in frames["backbone"].columns


class TestScoresFrame:
    def test_scores_and_components(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        _, result = example
        frame = scores_frame(result)
        assert list(frame.columns) == ["condition", "score", "measure", "value"]
        scores = frame.drop_duplicates("condition").set_index("condition")["score"].to_dict()
        assert scores == result.scores.to_dict()
        long = {
            (c, m): v for c, m, v in frame[["condition", "measure", "value"]].to_numpy().tolist()
        }
        for condition, parts in result.scores.components.items():
            for name, value in parts.items():
                assert long[condition, name] == value
        overall = frame[frame["condition"] == "overall"]
        assert len(overall) == 1
        assert overall["measure"].iloc[0] is None
        assert_plain(frame)

    def test_to_frame_records_the_settings_and_the_date(self, tmp_path: Path) -> None:
        """``Assessment.to_frame()`` recorded neither the settings nor the date of judgement: a
        table exported from a run with other weights looked like one of a default run (found
        by a reviewer). They are in ``attrs``, as ``to_dict()`` writes them."""
        config = ci.ScoringConfig(weak_tie=0.5)
        result = ci.assess(ci.load_example("workforce"), config=config)
        frame = result.to_frame()
        data = result.to_dict()
        assert frame.attrs == {
            "config": config.to_dict(),
            "as_of": data["as_of"],
            "as_of_source": data["as_of_source"],
            "initiative": data["initiative"],
            "software": data["software"],
            "activity_dates_ignored": None,
        }
        assert frame.attrs["as_of"] == "2010-12-31"
        assert frame.equals(scores_frame(result))  # the same table
        lone = ci.Initiative(
            name="Lone", partners=[ci.Partner(id="a", name="A", sector="nonprofit")]
        )
        assert ci.assess(lone).to_frame().attrs["as_of"] is None
        # kept by a copy and by parquet (which stores attrs as JSON)
        assert frame.copy().attrs == frame.attrs
        pytest.importorskip("pyarrow")
        import pandas as pd

        frame.to_parquet(tmp_path / "scores.parquet")
        assert pd.read_parquet(tmp_path / "scores.parquet").attrs == frame.attrs

    def test_an_undated_run_records_the_activity_dates_it_ignored(self, tmp_path: Path) -> None:
        """Two activities, ``old`` until 2010-12-31 and ``new`` from 2040-01-01, and no date of
        judgement (no observation, baseline or ``as_of``): both are counted, and
        ``to_dict()`` says so under ``activity_dates_ignored`` (2 activities, 2 dated, never
        side by side), but the frames' ``attrs`` did not: a table of the run gave no sign
        that an ended activity was counted (found by a reviewer)."""
        day = dt.date
        init = ci.Initiative(
            name="Undated",
            partners=[
                ci.Partner(id="p", name="P", sector="nonprofit"),
                ci.Partner(id="q", name="Q", sector="government"),
            ],
            indicators=[ci.Indicator(id="i", name="I", direction="increase")],
            activities=[
                ci.Activity(
                    id="old",
                    name="Old",
                    partners=["p"],
                    contributes={"i": 0.5},
                    end=day(2010, 12, 31),
                ),
                ci.Activity(
                    id="new",
                    name="New",
                    partners=["q"],
                    contributes={"i": 0.5},
                    start=day(2040, 1, 1),
                ),
            ],
        )
        result = ci.assess(init)
        assert result.as_of is None
        ignored = result.to_dict()["activity_dates_ignored"]
        assert ignored == {
            "activities": 2,
            "dated": 2,
            "ended": "old",
            "end": "2010-12-31",
            "started": "new",
            "start": "2040-01-01",
        }
        for frame in (result.to_frame(), result.gaps_frame(), result.measurement_frame()):
            assert frame.attrs["activity_dates_ignored"] == ignored
        pytest.importorskip("pyarrow")
        import pandas as pd

        frame = result.to_frame()
        frame.to_parquet(tmp_path / "undated.parquet")
        assert pd.read_parquet(tmp_path / "undated.parquet").attrs == frame.attrs

    def test_every_frame_of_an_assessment_records_them(self) -> None:
        """Only ``to_frame()`` did: ``gaps_frame()``, which depends on ``weak_tie`` most
        directly, still looked like a default run's (found by a reviewer of the session)."""
        config = ci.ScoringConfig(weak_tie=0.5)
        result = ci.assess(ci.load_example("workforce"), config=config)
        recorded = result.to_frame().attrs
        assert recorded["config"] == config.to_dict()
        for frame in (
            result.gaps_frame(),
            result.measurement_frame(),
            result.network_frame(),
            result.pairs_frame(top=3),
            gaps_frame(result),  # the functions too, not only the methods
        ):
            assert frame.attrs == recorded


class TestGapsFrame:
    def test_one_row_per_gap(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        _, result = example
        frame = gaps_frame(result)
        assert len(frame) == len(result.gaps)
        assert list(frame.columns[:7]) == [
            "key",
            "code",
            "condition",
            "severity",
            "subjects",
            "message",
            "impact",
        ]
        keys = sorted({k for g in result.gaps for k in g.evidence})
        assert list(frame.columns[7:]) == keys
        for row, gap in zip(frame.to_dict("records"), result.gaps, strict=True):
            assert row["code"] == gap.code
            assert row["severity"] == gap.severity.value
            assert row["condition"] == gap.condition.value
            assert row["subjects"] == list(gap.subjects)
            assert row["message"] == gap.message
            for key in keys:
                assert same(gap.evidence.get(key), row[key])
        assert_plain(frame)


class TestMeasurementFrame:
    def test_one_row_per_indicator(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        _, result = example
        frame = measurement_frame(result)
        assert frame["indicator"].tolist() == [m.indicator for m in result.measurement]
        assert frame["stale"].dtype == np.bool_
        for row, m in zip(frame.to_dict("records"), result.measurement, strict=True):
            assert row["status"] == m.status.value
            assert same(m.progress, row["progress"])
            assert same(m.latest_value, row["latest_value"])
            assert same(m.trend.slope if m.trend else None, row["trend_slope"])
            assert same(m.forecast.value if m.forecast else None, row["forecast"])
            assert same(m.forecast.lower if m.forecast else None, row["forecast_lower"])
            assert same(m.forecast.upper if m.forecast else None, row["forecast_upper"])
            assert same(m.forecast.date if m.forecast else None, row["forecast_date"])
            assert same(m.completeness, row["completeness"])
            assert same(m.freshness_days, row["freshness_days"])
            assert row["stale"] == m.stale
            assert same(m.disparity.gap if m.disparity else None, row["disparity_gap"])
            assert same(m.disparity.trend if m.disparity else None, row["disparity_trend"])
            assert row["reporters"] == list(m.reporters)
        assert_plain(frame)

    def test_the_baseline_s_dates_as_to_dict_has_them(self) -> None:
        """``to_dict()`` has ``baseline_date`` and ``baseline_until``, the frame had neither
        (found by a report-only reviewer); they stand beside ``baseline``, dates as
        ``target_date`` is."""
        result = ci.assess(ci.load_example("cradle-to-career"))
        frame = measurement_frame(result)
        columns = list(frame.columns)
        at = columns.index("baseline")
        assert columns[at : at + 3] == ["baseline", "baseline_date", "baseline_until"]
        assert frame["baseline_date"].dtype == frame["target_date"].dtype
        assert frame["baseline_until"].dtype == frame["target_date"].dtype
        tree = result.to_dict()["measurement"]
        for row, m, record in zip(frame.to_dict("records"), result.measurement, tree, strict=True):
            assert row["baseline_date"] == m.baseline_date
            assert row["baseline_until"] == m.baseline_until
            said = row["baseline_date"].isoformat() if row["baseline_date"] else None
            assert said == record["baseline_date"]
        assert frame["baseline_date"].notna().any()
        assert (frame["baseline_until"] != frame["baseline_date"]).any()

    def test_turned_is_none_with_too_short_a_history(self) -> None:
        """History 12 (2004) and the baseline 14 (2008), latest 30 in 2012: two points of
        history draw no prediction interval, so the curve is not judged (``None``; the column
        read ``bool(None)``, False). With 10 in 2000 too, the 80 % interval at 2012 is
        16 ∓ 1.62 and 30 is beyond it: ``True``."""
        days = [dt.date(y, 1, 1) for y in (2000, 2004, 2012)]

        def turned(values: tuple[float, ...]) -> object:
            obs = [
                ci.Observation(date=d, value=v)
                for d, v in zip(days[-len(values) :], values, strict=True)
            ]
            ind = ci.Indicator(
                id="i",
                name="I",
                direction="increase",
                baseline={"date": dt.date(2008, 1, 1), "value": 14.0},
                target={"date": dt.date(2016, 1, 1), "value": 40.0},
                observations=obs,
            )
            init = ci.Initiative(
                name="T",
                partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
                indicators=[ind],
            )
            return measurement_frame(ci.assess(init)).loc[0, "turned"]

        assert turned((12.0, 30.0)) is None
        assert turned((10.0, 12.0, 30.0)) is True

    def test_k_ready(self) -> None:
        """Values of ``k-ready`` in the cradle-to-career example, as ``assess`` reports them."""
        frame = measurement_frame(ci.assess(ci.load_example("cradle-to-career")))
        row = frame.set_index("indicator").loc["k-ready"]
        assert row["status"] == "off-track"
        assert row["latest_value"] == 52.5
        assert row["disparity_best"] == "english-learners"
        # english-learners caught up with and passed low-income: the gap narrows (4, 3, 1.5,
        # 0.5); it used to be called widening from the two groups' slopes
        assert row["disparity_widening"] is False

    def test_a_stale_disparity_says_so(self) -> None:
        """Groups compared in 2015–2017 (the gap 20, 23, 26 grows by 3 a calendar year: 2.998
        per 365.25 days), judged on 2025-06-30: the disparity is stale, so not widening
        although its p-value is small; the frame said only ``disparity_widening`` False beside
        a trend of 3 (found by a reviewer)."""
        groups = [
            ci.Observation(date=dt.date(year, 6, 30), value=value, group=group)
            for year, gap in ((2015, 20.0), (2016, 23.0), (2017, 26.0))
            for group, value in (("a", 60.0 + gap), ("b", 60.0))
        ]
        indicator = ci.Indicator(
            id="reading",
            name="Reading",
            direction="increase",
            baseline=ci.DatedValue(date=dt.date(2014, 6, 30), value=50.0),
            target=ci.DatedValue(date=dt.date(2030, 6, 30), value=90.0),
            observations=[
                *groups,
                ci.Observation(date=dt.date(2025, 6, 30), value=70.0),
            ],
        )
        init = ci.Initiative(
            name="Stale groups",
            partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
            indicators=[indicator],
        )
        row = measurement_frame(ci.assess(init)).set_index("indicator").loc["reading"]
        assert row["disparity_stale"] is True
        assert row["disparity_widening"] is False
        assert row["disparity_trend"] == pytest.approx(3.0, abs=0.01)  # per 365.25 days
        assert row["disparity_p_value"] < 0.1

    def test_the_data_quality_flags_as_to_dict_has_them(self) -> None:
        """``to_dict()["measurement"]`` and the HTML report carry ``dates_apart``,
        ``groups_apart`` and ``baseline_restated``; the frame had none of them (found by a
        reviewer): p's 49 of 1 September and q's 45 of 3 September, no frequency (dates
        apart); groups a and b reported on different days (never compared); an annual
        baseline of 40 for June 2024 and a report of 45 in December 2024 (restated)."""
        day = dt.date

        def indicator(id: str, rows: list[ci.Observation], **more: object) -> ci.Indicator:
            return ci.Indicator(
                id=id,
                name=id.upper(),
                unit="percent",
                direction="increase",
                baseline=ci.DatedValue(date=day(2024, 6, 30), value=40.0),
                target=ci.DatedValue(date=day(2028, 6, 30), value=60.0),
                observations=rows,
                **more,
            )

        apart = indicator(
            "apart",
            [
                ci.Observation(date=day(2025, 9, 1), value=49.0, reported_by="p"),
                ci.Observation(date=day(2025, 9, 3), value=45.0, reported_by="q"),
            ],
        )
        groups = indicator(
            "groups",
            [
                ci.Observation(date=day(2025, 1, 1), value=50.0, group="a"),
                ci.Observation(date=day(2025, 3, 1), value=40.0, group="b"),
                ci.Observation(date=day(2025, 12, 31), value=50.0),
            ],
        )
        restated = indicator(
            "restated",
            [
                ci.Observation(date=day(2024, 12, 31), value=45.0),
                ci.Observation(date=day(2025, 12, 31), value=50.0),
            ],
            frequency="annual",
        )
        init = ci.Initiative(
            name="Flags",
            partners=[ci.Partner(id=p, name=p.upper(), sector="nonprofit") for p in "pq"],
            indicators=[restated, groups, apart],
        )
        result = ci.assess(init)
        frame = measurement_frame(result).set_index("indicator")
        assert frame["dates_apart"].dtype == frame["stale"].dtype == np.bool_
        assert frame["groups_apart"].dtype == np.bool_
        assert frame["baseline_restated"].dtype == frame["baseline"].dtype == np.float64
        assert frame.index[frame["dates_apart"]].tolist() == ["apart"]
        assert frame.index[frame["groups_apart"]].tolist() == ["groups"]
        assert frame.loc["restated", "baseline_restated"] == 45.0
        assert frame.loc[["apart", "groups"], "baseline_restated"].isna().all()
        columns = list(frame.columns)
        at = columns.index("target_date_unreported")
        assert columns[at + 1 : at + 4] == ["dates_apart", "groups_apart", "baseline_restated"]
        for record in result.to_dict()["measurement"]:
            row = frame.loc[record["indicator"]]
            for flag in ("dates_apart", "groups_apart", "baseline_restated"):
                assert same(record[flag], row[flag])

    def test_every_field_of_the_record_is_a_column(
        self, example: tuple[ci.Initiative, ci.Assessment]
    ) -> None:
        """Every key of ``IndicatorMeasurement.to_dict()`` is a column of the frame holding the
        same values (dates as ``date`` objects, ``nan`` for ``None``), but the records written
        as columns of their own names and the groups, several series a row: a field added to
        the record is a column too (three data-quality flags were forgotten)."""
        _, result = example
        frame = measurement_frame(result)
        flattened = {
            "trend": ["trend_slope"],
            "forecast": ["forecast", "forecast_lower", "forecast_upper", "forecast_date"],
            "turn_the_curve": ["turned"],
            "disparity": [c for c in frame.columns if c.startswith("disparity_")],
            "groups": [],
        }
        records = result.to_dict()["measurement"]
        assert records, "an example without indicators tests nothing"
        for key in records[0]:
            if key in flattened:
                # "forecast" names both the record and the column of its value
                assert key == "forecast" or key not in frame.columns
                assert set(flattened[key]) <= set(frame.columns), key
                continue
            assert key in frame.columns, f"measurement_frame() lacks {key!r}"
            for row, record in zip(frame.to_dict("records"), records, strict=True):
                value = row[key]
                if isinstance(value, dt.date):
                    value = value.isoformat()
                assert same(record[key], value), (key, record[key], value)
        named = {c for cs in flattened.values() for c in cs}
        assert set(frame.columns) <= set(records[0]) | named
        assert_plain(frame)

    def test_a_field_added_to_the_record_is_a_column(self) -> None:
        """The columns are derived from the record's fields: a new field of the record needs no
        change to the frame, with the dtype its type calls for."""
        from collective_impact.frames import _measurement_columns

        @attrs.frozen
        class Grown(ci.IndicatorMeasurement):
            missing_reporters: tuple[str, ...] = ("q",)
            reported_late: bool = True
            late_by: int | None = None
            met_on: dt.date | None = dt.date(2025, 1, 1)

        plain = _measurement_columns()
        grown = _measurement_columns(Grown)
        assert list(grown)[: len(plain)] == list(plain)
        added = {name: dtype for name, (_, dtype) in list(grown.items())[len(plain) :]}
        assert added == {
            "missing_reporters": "object",
            "reported_late": "bool",
            "late_by": "float64",
            "met_on": "object",
        }
        m = ci.assess(ci.load_example("workforce")).measurement[0]
        row = Grown(**{f.name: getattr(m, f.name) for f in attrs.fields(type(m))})
        values = {name: get(row) for name, (get, _) in grown.items()}
        assert values["missing_reporters"] == ["q"]
        assert values["reported_late"] is True
        assert math.isnan(values["late_by"])
        assert values["met_on"] == dt.date(2025, 1, 1)


class TestNetworkFrame:
    def test_one_row_per_partner(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, result = example
        frame = network_frame(result)
        net = result.network
        ids = sorted(p.id for p in init.partners)  # in id order, whatever the file's
        assert frame["partner"].tolist() == ids
        degree = dict.fromkeys(ids, 0)
        for a, b in {frozenset((t.source, t.target)) for t in init.ties}:
            degree[a] += 1
            degree[b] += 1
        assert frame["degree"].tolist() == [degree[p] for p in ids]
        for row in frame.to_dict("records"):
            p = row["partner"]
            assert same(net.constraint.get(p), row["constraint"])
            assert same(net.effective_size.get(p), row["effective_size"])
            roles = net.brokerage[p]
            assert row["liaison"] == roles.counts["liaison"]
            assert row["brokerage"] == roles.counts["total"]
            assert same(roles.z["gatekeeper"], row["gatekeeper_z"])
            assert same(net.value.get(p), row["value"])
            assert same(net.trust.get(p), row["trust"])
        assert frame["brokerage"].dtype == np.int64
        assert_plain(frame)


class TestPairsFrame:
    def test_every_pair_sorted_by_reinforcement(
        self, example: tuple[ci.Initiative, ci.Assessment]
    ) -> None:
        _, result = example
        frame = pairs_frame(result)
        assert list(frame.columns) == [
            "a",
            "b",
            "d",
            "conflict",
            "h",
            "r",
            "R",
            "D",
            "k",
            "between",
        ]
        assert len(frame) == len(result.reinforcement.pairs)
        assert frame["R"].is_monotonic_decreasing
        between = frame["R"][frame["between"]]  # the index counts pairs of different leads
        assert math.isclose(between.sum(), result.alignment.total_reinforcement)
        for row in frame.head(10).to_dict("records"):
            pair = result.reinforcement.pair(row["a"], row["b"])
            assert row["d"] == pair["interdependence"]
            assert row["conflict"] == pair["conflict"]
            assert row["h"] == pair["joint_harm"]
            assert row["r"] == pair["redundancy"]
            assert row["R"] == pair["reinforcement"]
            assert row["D"] == pair["duplication"]
            assert row["k"] == pair["coordination"]
        assert_plain(frame)

    def test_top(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        _, result = example
        whole = pairs_frame(result)
        assert pairs_frame(result, top=5).equals(whole.head(5))
        assert len(pairs_frame(result, top=0)) == 0

    def test_negative_top_is_refused(self) -> None:
        result = ci.assess(ci.load_example("cradle-to-career"))
        with pytest.raises(ValueError, match="top"):
            pairs_frame(result, top=-1)


# --------------------------------------------------------------------------- from_frames


def assert_same_frames(left: dict[str, DataFrame], right: dict[str, DataFrame]) -> None:
    import pandas.testing as pdt

    assert list(left) == list(right)
    for name in left:
        pdt.assert_frame_equal(left[name], right[name], check_exact=True, obj=name)


def paths(info: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in info.value.problems]


@pytest.mark.slow  # a property round trip through a writer and a reader: run by .ci/run
class TestFromFramesRoundTrip:
    @given(initiatives())
    def test_lossless_both_ways(self, init: ci.Initiative) -> None:
        frames = init.to_frames()
        back = ci.Initiative.from_frames(frames)
        assert back == init
        assert_same_frames(back.to_frames(), frames)

    @given(rich_initiatives())
    def test_every_field(self, init: ci.Initiative) -> None:
        frames = initiative_frames(init)
        back = initiative_from_frames(frames)
        assert back == init
        assert_same_frames(initiative_frames(back), frames)

    def test_examples(self, example: tuple[ci.Initiative, ci.Assessment]) -> None:
        init, _ = example
        assert initiative_from_frames(initiative_frames(init)) == init

    @given(rich_initiatives())
    def test_every_field_through_arrow(self, init: ci.Initiative) -> None:
        pa = pytest.importorskip("pyarrow")
        frames = {
            name: pa.Table.from_pandas(frame, preserve_index=False)
            for name, frame in initiative_frames(init).items()
        }
        assert initiative_from_frames(frames) == init

    def test_interchange_protocol(self) -> None:
        init = ci.load_example("cradle-to-career")
        frames = initiative_frames(init)

        class Interchange:  # a frame of another library: only __dataframe__
            def __init__(self, frame: DataFrame) -> None:
                self.frame = frame

            def __dataframe__(self, nan_as_null: bool = False, allow_copy: bool = True) -> object:
                return self.frame.__dataframe__(nan_as_null, allow_copy)

        frames["ties"] = Interchange(frames["ties"])  # type: ignore[assignment]
        assert initiative_from_frames(frames) == init

    def test_only_the_required_tables(self) -> None:
        import pandas as pd

        init = initiative_from_frames(
            {
                "initiative": pd.DataFrame({"key": ["name"], "value": ["Tiny"]}),
                "partners": pd.DataFrame(
                    {"id": ["a", "b"], "name": ["A", "B"], "sector": ["Nonprofit", "business"]}
                ),
            }
        )
        assert init.name == "Tiny"
        assert [p.sector.value for p in init.partners] == ["nonprofit", "business"]


def _tiny() -> dict[str, DataFrame]:
    import pandas as pd

    return {
        "initiative": pd.DataFrame({"key": ["name", "as_of"], "value": ["Tiny", None]}),
        "partners": pd.DataFrame(
            {"id": ["a", "b", "c"], "name": ["A", "B", "C"], "sector": ["nonprofit"] * 3}
        ),
    }


class TestArrowAndParquet:
    """The ``value`` column of ``initiative_frames(x)["initiative"]`` mixed text, dates and
    lists, which one Arrow column cannot hold: ``pyarrow.Table.from_pandas`` and
    ``frame.to_parquet`` refused it (``ArrowTypeError: Expected bytes, got a 'list' object``),
    though every other frame converted. It holds the text of ``initiative.csv`` now."""

    def test_every_frame_converts_and_reads_back(
        self, example: tuple[ci.Initiative, ci.Assessment]
    ) -> None:
        pa = pytest.importorskip("pyarrow")
        init, _ = example
        frames = initiative_frames(init)
        tables = {
            name: pa.Table.from_pandas(frame, preserve_index=False)
            for name, frame in frames.items()
        }
        assert initiative_from_frames(tables) == init
        back = {name: table.to_pandas() for name, table in tables.items()}
        assert initiative_from_frames(back) == init

    def test_every_frame_writes_to_parquet_and_reads_back(self, tmp_path: Path) -> None:
        pytest.importorskip("pyarrow")
        import pandas as pd

        init = ci.load_example("cradle-to-career")
        assert init.conditions.champions  # a list, and a date, in the initiative frame
        for name, frame in initiative_frames(init).items():
            frame.to_parquet(tmp_path / f"{name}.parquet")
        read = {p.stem: pd.read_parquet(p) for p in tmp_path.iterdir()}
        assert initiative_from_frames(read) == init

    def test_typed_values_are_still_read(self) -> None:
        """Frames made by hand may type the values of ``initiative`` as their keys' columns."""
        import pandas as pd

        init = ci.load_example("cradle-to-career")
        frames = initiative_frames(init)
        typed = {
            "champions": list(init.conditions.champions),
            "funding_secured_until": init.conditions.funding_secured_until,
        }
        frames["initiative"] = pd.DataFrame(
            {
                "key": frames["initiative"]["key"],
                "value": [typed.get(k, v) for k, v in frames["initiative"].itertuples(index=False)],
            }
        )
        assert initiative_from_frames(frames) == init


class TestFromFramesTypedCells:
    def test_numbers_dates_and_ids_as_pandas_types_them(self) -> None:
        import pandas as pd

        frames = _tiny()
        frames["partners"] = pd.DataFrame(
            {"id": [7, 8, 9], "name": ["A", "B", "C"], "sector": ["nonprofit"] * 3}
        )
        frames["ties"] = pd.DataFrame(
            {"source": [7, 8], "target": [8.0, 9.0], "strength": np.array([1, 1], dtype="int64")}
        )
        frames["indicators"] = pd.DataFrame(
            {
                "id": ["k"],
                "name": ["K"],
                "baseline_date": [pd.Timestamp("2024-01-31")],
                "baseline_value": [0.1 + 0.2],
            }
        )
        frames["observations"] = pd.DataFrame(
            {
                "indicator": ["k", "k"],
                "date": pd.to_datetime(["2024-02-01", "2024-03-01"]),
                "value": [np.float64(1 / 3), np.nan],
            }
        )
        with pytest.raises(ValidationError) as info:
            initiative_from_frames(frames)
        # the missing value only: the rest was read as typed
        assert paths(info) == [
            "frames['observations'], row 1, column value: required, but the cell is empty"
        ]
        frames["observations"] = frames["observations"].iloc[:1]
        init = initiative_from_frames(frames)
        assert [p.id for p in init.partners] == ["7", "8", "9"]
        assert [(t.source, t.target, t.strength) for t in init.ties] == [
            ("7", "8", 1.0),
            ("8", "9", 1.0),
        ]
        indicator = init.indicators[0]
        assert indicator.baseline is not None
        assert indicator.baseline.value == 0.1 + 0.2  # no trip through text
        assert indicator.baseline.date == dt.date(2024, 1, 31)
        assert indicator.observations[0].value == 1 / 3

    def test_a_grouped_number_as_text_is_ambiguous(self) -> None:
        """Text ``'52,125'`` in a frame's number column read as 52125 while a workbook
        refuses the same text (reported by a reviewer): text in a frame has no locale to say
        what its comma is, so it is refused, naming both readings; two groups are thousands
        anywhere, and a number is taken as typed."""
        frames = initiative_frames(ci.load_example("workforce"))
        observations = frames["observations"].astype({"value": object})
        observations.loc[0, "value"] = "52,125"
        observations.loc[1, "value"] = "1,234,567"
        frames["observations"] = observations
        with pytest.raises(ValidationError) as info:
            initiative_from_frames(frames)
        assert [str(p) for p in info.value.problems] == [
            "frames['observations'], row 0, column value: '52,125' is ambiguous as text in a "
            "frame: 52.125 with a decimal comma, or 52125 with grouped thousands; give it as "
            "the number 52.125 or 52125"
        ]
        observations.loc[0, "value"] = 52125
        init = initiative_from_frames(frames)
        values = [o.value for o in init.indicators[0].observations[:2]]
        assert values == [52125.0, 1234567.0]

    def test_a_point_group_beside_a_decimal_comma_is_ambiguous(self) -> None:
        """Text ``'1.100'`` in an observation was read as 1.1 beside the text ``'2,6'`` in
        another (found by a reviewer): a decimal-comma locale groups thousands with a point,
        so once ``'2,6'`` was fixed the value stood 1000 times too small where 1100 was
        meant. As in a CSV bundle, it is refused, naming the decimal comma and both
        readings; without a decimal comma among the frames it is 1.1."""
        frames = initiative_frames(ci.load_example("workforce"))
        observations = frames["observations"].astype({"value": object})
        observations.loc[0, "value"] = "1.100"
        observations.loc[1, "value"] = "2,6"
        frames["observations"] = observations
        with pytest.raises(ValidationError) as info:
            initiative_from_frames(frames)
        assert [str(p) for p in info.value.problems] == [
            "frames['observations'], row 0, column value: '1.100' is ambiguous as text in "
            "frames that write decimal commas (frames['observations'], row 1, column value "
            "holds '2,6'): 1.100 with a decimal point, or 1100 with the point grouping "
            "thousands; give it as the number 1.100 or 1100",
            "frames['observations'], row 1, column value: expected a number, got '2,6'; use a "
            "dot as the decimal separator (2.6)",
        ]
        observations.loc[1, "value"] = 2.6
        init = initiative_from_frames(frames)
        assert init.indicators[0].observations[0].value == 1.1

    def test_a_point_grouped_decimal_comma_counts(self) -> None:
        """Text ``'1.100'`` beside ``'1.234,5'`` (a decimal comma grouped with points, as its
        locale writes it) was read as 1.1 (found by a reviewer): only ``digits,digits``
        counted as a decimal comma. It is refused as ambiguous now, naming ``'1.234,5'``."""
        frames = initiative_frames(ci.load_example("workforce"))
        observations = frames["observations"].astype({"value": object})
        observations.loc[0, "value"] = "1.100"
        observations.loc[1, "value"] = "1.234,5"
        frames["observations"] = observations
        with pytest.raises(ValidationError) as info:
            initiative_from_frames(frames)
        assert str(info.value.problems[0]) == (
            "frames['observations'], row 0, column value: '1.100' is ambiguous as text in "
            "frames that write decimal commas (frames['observations'], row 1, column value "
            "holds '1.234,5'): 1.100 with a decimal point, or 1100 with the point grouping "
            "thousands; give it as the number 1.100 or 1100"
        )

    def test_lists_arrays_and_pipe_text(self) -> None:
        import pandas as pd

        frames = _tiny()
        frames["partners"]["roles"] = [
            ["Funder", "champion"],
            np.array(["funder"]),
            "funder|data-partner",
        ]
        init = initiative_from_frames(frames)
        assert [[r.value for r in p.roles] for p in init.partners] == [
            ["funder", "champion"],
            ["funder"],
            ["funder", "data-partner"],
        ]
        frames["partners"]["roles"] = pd.Series([None, [], np.nan], dtype=object)
        assert all(p.roles == () for p in initiative_from_frames(frames).partners)

    def test_wrong_types_are_located_all_at_once(self) -> None:
        import pandas as pd

        frames = _tiny()
        frames["initiative"] = pd.DataFrame(
            {"key": ["name", "as_of", "urgency"], "value": ["Tiny", 20240101, "urgent"]}
        )
        frames["partners"]["roles"] = [["funder"], 3, True]
        frames["ties"] = pd.DataFrame(
            {
                "source": ["a", "b", "a", "c", "a"],
                "target": ["b", "c", "x", True, "zz"],
                "strength": [1.0, "strong", 2.0, 1.0, 1.0],
                "kind": ["communication", None, "money", None, None],
            }
        )
        frames["observations"] = pd.DataFrame(
            {"indicator": ["nope"], "date": [pd.Timestamp("2024-01-01 13:30")], "value": [1.0]}
        )
        with pytest.raises(ValidationError) as info:
            initiative_from_frames(frames)
        assert info.value.source == "frames"
        assert paths(info) == [
            "frames['initiative'], row 1, column value: expected a date (YYYY-MM-DD), got 20240101",
            "frames['initiative'], row 2, column value: expected one of 'low', 'medium', "
            "'high'; got 'urgent'",
            "frames['partners'], row 1, column roles: expected one of 'backbone', 'funder', "
            "'champion', 'data-partner', 'service-provider', 'steering-committee'; got '3'",
            "frames['partners'], row 2, column roles: expected a list or |-separated text, "
            "got True",
            "frames['observations'], row 0, column indicator: unknown indicator 'nope'",
            "frames['observations'], row 0, column date: expected a date, got the date and "
            "time 2024-01-01 13:30:00; give the date alone",
            "frames['ties'], row 1, column strength: expected a number, got 'strong'",
            "frames['ties'], row 2, column target: unknown partner 'x'",
            "frames['ties'], row 2, column kind: expected one of 'communication', "
            "'data-sharing', 'funding', 'referral', 'joint-planning'; got 'money'",
            "frames['ties'], row 2, column strength: expected a number in (0, 1], got 2.0",
            "frames['ties'], row 3, column target: expected text, got True",
            "frames['ties'], row 4, column target: unknown partner 'zz'",
        ]

    def test_tables_and_columns(self) -> None:
        import pandas as pd

        frames: dict[str, object] = dict(_tiny())
        frames["tie"] = pd.DataFrame()
        frames["goals"] = pd.DataFrame({"id": ["g"], "statment": ["S"]})
        frames["ties"] = [("a", "b")]
        del frames["initiative"]
        with pytest.raises(ValidationError) as info:
            initiative_from_frames(frames)
        assert paths(info) == [
            "frames['initiative']: missing required frame",
            "frames['ties']: cannot be read as a table: expected a DataFrame, got list",
            "frames['tie']: unknown table; the tables are initiative, "  # 'ties' is given
            "partners, goals, indicators, pathways, observations, populations, places, "
            "activities, contributions, ties, working_groups, backbone",
            "frames['goals'], column statment: unknown column 'statment' (did you mean "
            "'statement'?); the required column 'statement' is missing (the columns of "
            "frames['goals'] are id, statement, indicators, weight)",
        ]

    def test_a_renamed_table_is_one_problem(self) -> None:
        """A frame 'indicator' for 'indicators': its references follow from its name."""
        frames: dict[str, object] = dict(initiative_frames(ci.load_example("cradle-to-career")))
        frames["indicator"] = frames.pop("indicators")
        with pytest.raises(ValidationError) as info:
            initiative_from_frames(frames)
        (problem,) = paths(info)
        assert problem.startswith(
            "frames['indicator']: unknown table (did you mean 'indicators'?); the references "
            "to its indicators are not checked until it is renamed; the tables are "
        )

    def test_derived_columns_are_ignored(self) -> None:
        init = ci.load_example("cradle-to-career")
        frames = initiative_frames(init)
        frames["activities"]["lead"] = "someone-else"
        frames["indicators"]["observations"] = 0
        assert initiative_from_frames(frames) == init

    def test_not_a_mapping(self) -> None:
        with pytest.raises(FormatError, match="expected a mapping of table names to frames"):
            initiative_from_frames([])  # type: ignore[arg-type]

    def test_needs_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        frames = _tiny()
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingDependencyError, match=r"collective-impact\[pandas\]"):
            initiative_from_frames(frames)


def test_the_network_frame_does_not_depend_on_the_order_of_the_file() -> None:
    """Its rows followed the partners of the file: the only frame built from an assessment
    that was not the same for a shuffled initiative (found by a reviewer)."""
    init = ci.load_example("workforce")
    shuffled = init.evolve(partners=init.partners[::-1], ties=init.ties[::-1])
    assert network_frame(ci.assess(shuffled)).equals(network_frame(ci.assess(init)))


def test_the_first_pairs_are_the_first_rows_of_every_pair() -> None:
    """``top`` selects the rows that can be first before sorting them (a full sort of the
    stress case's 10 million pairs took 3.4 s for 100 rows): the rows are those of the whole
    frame's head, ties of R at the cut included, for every ``top``."""
    from collective_impact.synth import generate

    init = generate(partners=20, activities=80, indicators=6, ties=30, seed=4)
    # a copy of an activity under another id: pairs of equal R at any cut
    first = init.activities[0]
    init = init.evolve(activities=[*init.activities, attrs.evolve(first, id="zz-copy")])
    result = ci.assess(init)
    every = pairs_frame(result)
    r = every["R"].to_numpy()
    assert len(set(r.tolist())) < len(r)  # equal values exist
    for top in [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, len(every) - 1, len(every), len(every) + 5]:
        head = every.head(top).reset_index(drop=True)
        assert pairs_frame(result, top=top).equals(head), top


def test_the_frame_has_both_p_values_of_a_percentage_disparity() -> None:
    """For a percentage, the disparity's p-value is the larger of the raw scale's and the
    arcsine scale's (the intersection-union test); the record kept the second
    (``stabilised_p_value``) but the frame had only the first, so its reader could not tell
    which scale decided. Groups a and b of a percentage, the gap 10, 14, 18, 22 points."""
    groups = [
        ci.Observation(date=dt.date(year, 6, 30), value=value, group=group)
        for year, gap in ((2020, 10.0), (2021, 14.0), (2022, 18.0), (2023, 22.0))
        for group, value in (("a", 40.0 + gap), ("b", 40.0))
    ]
    indicator = ci.Indicator(
        id="reading",
        name="Reading",
        unit="percent",
        direction="increase",
        baseline=ci.DatedValue(date=dt.date(2019, 6, 30), value=45.0),
        target=ci.DatedValue(date=dt.date(2030, 6, 30), value=90.0),
        observations=groups,
    )
    init = ci.Initiative(
        name="Percent groups",
        partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
        indicators=[indicator],
    )
    result = ci.assess(init, as_of=dt.date(2023, 12, 31))
    disparity = result.indicator("reading").disparity
    assert disparity is not None
    assert disparity.stabilised_p_value is not None
    row = measurement_frame(result).set_index("indicator").loc["reading"]
    assert row["disparity_stabilised_p_value"] == disparity.stabilised_p_value
    assert row["disparity_p_value"] == max(disparity.stabilised_p_value, row["disparity_p_value"])
