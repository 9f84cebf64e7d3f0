"""A target must agree with its indicator's direction, in the model and in every file format;
without a baseline the direction must be stated, with one and no direction the target says it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact import Indicator, ValidationError, read_csv_bundle

CONTRADICTION = (
    "target 18 is below the baseline 24, but direction is 'increase'; set direction: decrease "
    "or correct the values"
)
NEEDS_DIRECTION = (
    "a target without a baseline needs a direction: set direction: increase (higher values "
    "are better) or decrease, or give the baseline the target is set against"
)


def _obesity(**changes: object) -> Indicator:
    values: dict[str, object] = {
        "id": "obesity",
        "name": "Adult obesity",
        "unit": "percent",
        "baseline": {"date": "2024-01-01", "value": 24},
        "target": {"date": "2030-01-01", "value": 18},
    }
    values.update(changes)
    return Indicator(**values)  # type: ignore[arg-type]


def _messages(err: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in err.value.problems]


class TestIndicatorTarget:
    def test_target_below_baseline_without_direction_says_lower_is_better(self) -> None:
        """Baseline 24, target 18, no direction: the target says lower is better (it was
        refused, because a direction left out was taken to be ``increase``)."""
        ind = _obesity()
        assert (ind.direction, ind.better) == (None, ci.Direction.DECREASE)

    def test_target_below_baseline_with_direction_increase(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity(direction="increase")
        assert [f"target: {CONTRADICTION}"] == _messages(err)

    def test_target_above_baseline_with_direction_decrease(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity(direction="decrease", target={"date": "2030-01-01", "value": 30.5})
        assert _messages(err) == [
            "target: target 30.5 is above the baseline 24, but direction is 'decrease'; set "
            "direction: increase or correct the values"
        ]

    def test_target_equal_to_baseline(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity(direction="decrease", target={"date": "2030-01-01", "value": 24})
        assert _messages(err) == [
            "target: target 24 equals the baseline 24: progress towards it cannot be measured; "
            "set a target above or below the baseline, as direction says"
        ]

    @pytest.mark.parametrize(
        ("direction", "target"), [("decrease", 18.0), ("increase", 30.0), ("decrease", -1.0)]
    )
    def test_consistent_pairs(self, direction: str, target: float) -> None:
        ind = _obesity(direction=direction, target={"date": "2030-01-01", "value": target})
        assert target == ind.target.value  # type: ignore[union-attr]

    @pytest.mark.parametrize("date", ["2023-06-30", "2024-01-01"])
    def test_target_dated_on_or_before_the_baseline(self, date: str) -> None:
        """Baseline 24 on 2024-01-01, target 18 dated before it or on it: it was accepted,
        then judged off-track (its date "passed") against observations it cannot concern."""
        with pytest.raises(ValidationError) as err:
            _obesity(direction="decrease", target={"date": date, "value": 18})
        assert _messages(err) == [
            f"target.date: target date {date} is not after the baseline date 2024-01-01; a "
            "target "
            "is set for a date after its baseline"
        ]

    def test_a_target_wrong_in_date_and_value_gives_both_problems(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity(direction="increase", target={"date": "2020-01-01", "value": 18})
        assert _messages(err) == [
            "target.date: target date 2020-01-01 is not after the baseline date 2024-01-01; a "
            "target is set for a date after its baseline",
            f"target: {CONTRADICTION}",
        ]

    @pytest.mark.parametrize(
        ("frequency", "date", "period"),
        [
            ("annual", "2024-12-31", "2024"),
            ("quarterly", "2024-03-31", "the first quarter of 2024"),
            ("monthly", "2024-01-31", "January 2024"),
        ],
    )
    def test_target_dated_in_the_baselines_reporting_period(
        self, frequency: str, date: str, period: str
    ) -> None:
        """An annual indicator with a baseline of 15 January 2025 and a target for 31 December
        2025 was accepted, and read ``insufficient-data`` whatever was reported: a value of
        the baseline's period is the baseline again, so 620 reported on the target's own date
        against a target of 600 was never judged (found by a reviewer of shared
        measurement). Without a frequency each date is its own measurement, and it is met."""
        target = {"date": date, "value": 18}
        with pytest.raises(ValidationError) as err:
            _obesity(frequency=frequency, target=target)
        assert _messages(err) == [
            f"target.date: target date {date} is in the baseline's reporting period ({period}, "
            f"frequency {frequency}), whose values are the baseline again: no value of its "
            "own period could meet it; set the target for a later period, or date the baseline "
            "in the period whose figure it is"
        ]
        # the first day of the next period is fine, and so is any date without a frequency
        later = {"annual": "2025-01-01", "quarterly": "2024-04-01", "monthly": "2024-02-01"}
        assert _obesity(frequency=frequency, target={"date": later[frequency], "value": 18})
        free = _obesity(target=target, observations=[{"date": date, "value": 17.5}])
        as_of = dt.date.fromisoformat(date)
        assert ci.measure_indicator(free, as_of=as_of).status is ci.IndicatorStatus.MET

    def test_a_bad_frequency_does_not_hide_the_targets_problems(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity(frequency="yearly", direction="increase")
        assert _messages(err) == [
            "frequency: expected one of 'annual', 'quarterly', 'monthly'; got 'yearly'",
            f"target: {CONTRADICTION}",
        ]

    def test_a_lone_baseline_is_fine(self) -> None:
        ind = _obesity(target=None)
        assert (ind.target, ind.direction, ind.better) == (None, None, None)

    def test_a_lone_target_needs_a_direction(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity(baseline=None)
        assert [f"direction: {NEEDS_DIRECTION}"] == _messages(err)
        assert _obesity(baseline=None, direction="decrease").better is ci.Direction.DECREASE


INDICATORS = [
    {"id": f"i{k}", "name": f"I{k}", "baseline": {"date": "2024-01-01", "value": 1.0}}
    for k in range(3)
] + [
    {
        "id": "obesity",
        "name": "Adult obesity",
        "baseline": {"date": "2024-01-01", "value": 24.0},
        "target": {"date": "2030-01-01", "value": 18.0},
    }
]

TREE = {
    "schema_version": 1,
    "name": "Obesity",
    "partners": [{"id": "p", "name": "P", "sector": "government"}],
    "indicators": INDICATORS,
}


class TestFormats:
    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_native_formats_name_the_path(self, fmt: str) -> None:
        good = ci.Initiative.from_dict(
            {**TREE, "indicators": [*INDICATORS[:3], {**INDICATORS[3], "direction": "decrease"}]}
        )
        text = ci.dumps(good, fmt)
        bad = text.replace("direction: decrease", "direction: increase")
        bad = bad.replace('"direction": "decrease"', '"direction": "increase"')
        bad = bad.replace('direction = "decrease"', 'direction = "increase"')
        assert bad != text
        with pytest.raises(ValidationError) as err:
            ci.loads(bad, fmt, source=f"obesity.{fmt}")
        assert [f"indicators[3].target: {CONTRADICTION}"] == _messages(err)
        assert f"obesity.{fmt}" in str(err.value)

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_native_formats_write_a_stated_direction_and_need_one_without_baseline(
        self, fmt: str
    ) -> None:
        """A stated ``increase`` is written (it was left out as the default) and read back as
        stated; a direction left out stays out. Without the baseline, the file that leaves the
        direction out is refused at the indicator."""
        stated = {**INDICATORS[3], "direction": "increase", "target": INDICATORS[3]["baseline"]}
        stated["baseline"] = {"date": "2020-01-01", "value": 20.0}
        tree = {**TREE, "indicators": [*INDICATORS[:3], stated]}
        back = ci.loads(ci.dumps(ci.Initiative.from_dict(tree), fmt), fmt)
        assert [i.direction for i in back.indicators] == [None, None, None, ci.Direction.INCREASE]
        lone = {k: v for k, v in INDICATORS[3].items() if k != "baseline"}
        good = ci.Initiative.from_dict(
            {**TREE, "indicators": [INDICATORS[0], {**lone, "direction": "decrease"}]}
        )
        text = ci.dumps(good, fmt)
        bad = text.replace("direction: decrease", "").replace('"direction": "decrease",', "")
        bad = bad.replace('direction = "decrease"', "")
        assert bad != text
        with pytest.raises(ValidationError) as err:
            ci.loads(bad, fmt, source=f"obesity.{fmt}")
        assert [f"indicators[1].direction: {NEEDS_DIRECTION}"] == _messages(err)

    def test_csv_bundle_points_at_the_target_value(self, tmp_path: Path) -> None:
        (tmp_path / "initiative.csv").write_text("key,value\nname,Obesity\n")
        (tmp_path / "partners.csv").write_text("id,name,sector\np,P,government\n")
        (tmp_path / "indicators.csv").write_text(
            "id,name,direction,baseline_date,baseline_value,target_date,target_value\n"
            "i0,I0,,2024-01-01,1,,\n"
            "obesity,Adult obesity,increase,2024-01-01,24,2030-01-01,18\n"
            "lone,Lone target,,,,2030-01-01,18\n"
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(tmp_path)
        assert [
            f"indicators.csv, row 3, column target_value: {CONTRADICTION}",
            f"indicators.csv, row 4, column direction: {NEEDS_DIRECTION}",
        ] == _messages(err)

    def test_a_target_in_the_baselines_period_is_located_in_every_format(
        self, tmp_path: Path
    ) -> None:
        (tmp_path / "initiative.csv").write_text("key,value\nname,Obesity\n")
        (tmp_path / "partners.csv").write_text("id,name,sector\np,P,government\n")
        (tmp_path / "indicators.csv").write_text(
            "id,name,frequency,baseline_date,baseline_value,target_date,target_value\n"
            "obesity,Adult obesity,annual,2024-01-01,24,2024-12-31,18\n"
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(tmp_path)
        ((message,),) = [_messages(err)]
        assert message.startswith(
            "indicators.csv, row 2, column target_date: target date 2024-12-31 is in the "
            "baseline's reporting period (2024, frequency annual)"
        )
        annual = {**INDICATORS[3], "frequency": "annual"}
        text = ci.dumps(ci.Initiative.from_dict({**TREE, "indicators": [annual]}), "yaml")
        bad = text.replace("2030-01-01", "2024-12-31")
        assert bad != text
        with pytest.raises(ValidationError) as err:
            ci.loads(bad, "yaml", source="obesity.yaml")
        assert [p.split(":", 1)[0] for p in _messages(err)] == ["indicators[0].target.date"]
        assert "obesity.yaml" in str(err.value)

    def test_bundled_examples_agree_with_their_directions(self) -> None:
        for name in ci.list_examples():
            for ind in ci.load_example(name).indicators:
                if ind.baseline is not None and ind.target is not None:
                    better = ind.target.value - ind.baseline.value
                    assert better > 0 if ind.better is ci.Direction.INCREASE else better < 0

    def test_synthetic_initiatives_agree_with_their_directions(self) -> None:
        from collective_impact import synth

        init = synth.generate(partners=5, activities=5, ties=4, indicators=400, seed=7)
        pairs = [i for i in init.indicators if i.baseline is not None and i.target is not None]
        assert len(pairs) > 200  # built without a ValidationError: every pair agrees


def test_the_file_format_page_quotes_the_period_rule_as_it_is() -> None:
    """docs/file-format.md quotes the problem of a target in its baseline's reporting period:
    the quote is the library's message."""
    page = (Path(__file__).parents[1] / "docs" / "file-format.md").read_text(encoding="utf-8")
    (quoted,) = [
        line for line in page.splitlines() if line.startswith("indicators[0].target.date: ")
    ]
    tree = {
        **TREE,
        "indicators": [
            {
                "id": "reading",
                "name": "Reading",
                "frequency": "annual",
                "baseline": {"date": "2025-01-15", "value": 0.0},
                "target": {"date": "2025-12-31", "value": 600.0},
            }
        ],
    }
    with pytest.raises(ValidationError) as err:
        ci.Initiative.from_dict(tree)
    assert _messages(err) == [quoted]
