"""A target must agree with its indicator's direction, in the model and in every file format."""

from __future__ import annotations

from pathlib import Path

import pytest

import collective_impact as ci
from collective_impact import Indicator, ValidationError, read_csv_bundle

CONTRADICTION = (
    "target 18 is below the baseline 24, but direction is 'increase' (the default when "
    "direction is left out); set direction: decrease or correct the values"
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
    def test_target_below_baseline_without_direction(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity()
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
            f"target: target date {date} is not after the baseline date 2024-01-01; a target "
            "is set for a date after its baseline"
        ]

    def test_a_target_wrong_in_date_and_value_gives_both_problems(self) -> None:
        with pytest.raises(ValidationError) as err:
            _obesity(target={"date": "2020-01-01", "value": 18})
        assert _messages(err) == [
            "target: target date 2020-01-01 is not after the baseline date 2024-01-01; a "
            "target is set for a date after its baseline",
            f"target: {CONTRADICTION}",
        ]

    @pytest.mark.parametrize("missing", ["baseline", "target"])
    def test_a_lone_baseline_or_target_is_fine(self, missing: str) -> None:
        assert getattr(_obesity(**{missing: None}), missing) is None


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
        bad = text.replace("direction: decrease", "").replace('"direction": "decrease",', "")
        bad = bad.replace('direction = "decrease"', "")
        assert bad != text
        with pytest.raises(ValidationError) as err:
            ci.loads(bad, fmt, source=f"obesity.{fmt}")
        assert [f"indicators[3].target: {CONTRADICTION}"] == _messages(err)
        assert f"obesity.{fmt}" in str(err.value)

    def test_csv_bundle_points_at_the_target_value(self, tmp_path: Path) -> None:
        (tmp_path / "initiative.csv").write_text("key,value\nname,Obesity\n")
        (tmp_path / "partners.csv").write_text("id,name,sector\np,P,government\n")
        (tmp_path / "indicators.csv").write_text(
            "id,name,direction,baseline_date,baseline_value,target_date,target_value\n"
            "i0,I0,,2024-01-01,1,,\n"
            "obesity,Adult obesity,,2024-01-01,24,2030-01-01,18\n"
        )
        with pytest.raises(ValidationError) as err:
            read_csv_bundle(tmp_path)
        assert [f"indicators.csv, row 3, column target_value: {CONTRADICTION}"] == _messages(err)

    def test_bundled_examples_agree_with_their_directions(self) -> None:
        for name in ci.list_examples():
            for ind in ci.load_example(name).indicators:
                if ind.baseline is not None and ind.target is not None:
                    better = ind.target.value - ind.baseline.value
                    assert better > 0 if ind.direction is ci.Direction.INCREASE else better < 0

    def test_synthetic_initiatives_agree_with_their_directions(self) -> None:
        from collective_impact import synth

        init = synth.generate(partners=5, activities=5, ties=4, indicators=400, seed=7)
        pairs = [i for i in init.indicators if i.baseline is not None and i.target is not None]
        assert len(pairs) > 200  # built without a ValidationError: every pair agrees
