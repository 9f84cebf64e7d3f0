from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import collective_impact as ci
from collective_impact.io import format_for
from collective_impact.strategies import initiatives

FORMATS = ["yaml", "json", "toml"]
SUFFIX = {"yaml": ".yaml", "json": ".json", "toml": ".toml"}


def _iso_dates(tree: Any) -> Any:
    """Turn date objects (from YAML or TOML) into ISO strings, as JSON Schema expects."""
    if isinstance(tree, dict):
        return {k: _iso_dates(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_iso_dates(v) for v in tree]
    if isinstance(tree, dt.date):
        return tree.isoformat()
    return tree


class TestRoundTrip:
    @given(initiatives(), st.sampled_from(FORMATS))
    def test_dumps_loads(self, init: ci.Initiative, fmt: str) -> None:
        assert ci.loads(ci.dumps(init, fmt), fmt) == init

    @pytest.mark.parametrize("fmt", FORMATS)
    @pytest.mark.parametrize("name", ci.list_examples())
    def test_dump_load_examples(self, tmp_path: Path, name: str, fmt: str) -> None:
        init = ci.load_example(name)
        path = tmp_path / f"out{SUFFIX[fmt]}"
        ci.dump(init, path)
        assert ci.load(path) == init
        assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left

    def test_format_argument_overrides_suffix(self, tmp_path: Path) -> None:
        init = ci.load_example("workforce")
        path = tmp_path / "initiative.data"
        ci.dump(init, path, format="json")
        assert json.loads(path.read_text())["name"] == init.name
        assert ci.load(path, format="json") == init

    def test_yaml_output_is_plain_and_ordered(self) -> None:
        text = ci.dumps(ci.load_example("cradle-to-career"), "yaml")
        assert text.startswith("schema_version: 1\nname: Cradle to Career Example\n")
        assert "!!" not in text  # no Python-specific tags
        assert yaml.safe_load(text)["schema_version"] == 1

    def test_shared_objects_are_written_without_aliases(self) -> None:
        """Regression (found by Hypothesis): an activity whose start and end were the same date
        object made the YAML dumper write an anchor and an alias, which the loader refuses."""
        day = dt.date(2035, 12, 31)
        init = ci.Initiative(
            name="Shared",
            partners=[ci.Partner(id="p", name="P", sector="other")],
            activities=[ci.Activity(id="a", name="A", partners=["p"], start=day, end=day)],
        )
        text = ci.dumps(init, "yaml")
        assert "&id" not in text
        assert ci.loads(text) == init

    def test_json_dates_are_iso_strings(self) -> None:
        tree = json.loads(ci.dumps(ci.load_example("workforce"), "json"))
        placements = next(i for i in tree["indicators"] if i["id"] == "placements")
        assert placements["baseline"] == {"date": "2006-01-01", "value": 0.0}

    def test_utf8_bom_is_accepted(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.yaml"
        text = ci.dumps(ci.load_example("workforce"))
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
        assert ci.load(path) == ci.load_example("workforce")


class TestFormats:
    @pytest.mark.parametrize(
        ("name", "fmt"),
        [("a.yaml", "yaml"), ("a.YML", "yaml"), ("a.json", "json"), ("dir/a.toml", "toml")],
    )
    def test_format_for(self, name: str, fmt: str) -> None:
        assert format_for(name) == fmt

    def test_unknown_format_argument(self) -> None:
        with pytest.raises(ci.FormatError, match="unknown format 'xml'"):
            ci.loads("x", "xml")
        with pytest.raises(ci.FormatError, match="unknown format 'xml'"):
            ci.dumps(ci.load_example("workforce"), "xml")

    def test_loads_names_its_source(self) -> None:
        with pytest.raises(ci.ValidationError) as info:
            ci.loads("schema_version: 1\nname: x\npartners: []\n", source="memory.yaml")
        assert info.value.source == "memory.yaml"
        assert str(info.value).startswith("1 problem in memory.yaml:")


class TestJsonSchema:
    def test_is_a_valid_2020_12_schema(self) -> None:
        schema = ci.json_schema()
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["required"] == ["schema_version", "name", "partners"]

    def test_returns_a_fresh_copy(self) -> None:
        ci.json_schema()["properties"].clear()
        assert "partners" in ci.json_schema()["properties"]

    @pytest.mark.parametrize("name", ci.list_examples())
    def test_bundled_examples_validate(self, name: str) -> None:
        from collective_impact.datasets import example_text

        tree = _iso_dates(yaml.safe_load(example_text(name)))
        jsonschema.Draft202012Validator(
            ci.json_schema(), format_checker=jsonschema.FormatChecker()
        ).validate(tree)

    @pytest.mark.parametrize(
        ("patch", "where"),
        [
            (lambda t: t["partners"][0].update(sector="govt"), "sector"),
            (lambda t: t["partners"][0].update(colour="red"), "colour"),
            (lambda t: t["ties"][0].update(strength=0), "strength"),
            (lambda t: t.update(schema_version=2), "schema_version"),
            (lambda t: t["activities"][0].update(partners=[]), "partners"),
        ],
    )
    def test_schema_rejects_what_the_model_rejects(self, patch: Any, where: str) -> None:
        from collective_impact.datasets import example_text

        tree = _iso_dates(yaml.safe_load(example_text("cradle-to-career")))
        patch(tree)
        validator = jsonschema.Draft202012Validator(ci.json_schema())
        errors = list(validator.iter_errors(tree))
        assert errors
        assert any(where in json.dumps([*list(e.absolute_path), e.message]) for e in errors)
        with pytest.raises(ci.ValidationError):
            ci.Initiative.from_dict(tree)

    @given(initiatives())
    def test_every_valid_initiative_validates(self, init: ci.Initiative) -> None:
        tree = json.loads(ci.dumps(init, "json"))
        jsonschema.Draft202012Validator(ci.json_schema()).validate(tree)


#: A file that spells out ``null`` for every key that may be null, with one object of each kind.
NULLS = """\
schema_version: 1
name: Nulls
description: null
problem: null
as_of: null
partners:
  - {id: a, name: A, sector: nonprofit}
  - {id: b, name: B, sector: business}
goals:
  - {id: g, statement: G, indicators: [i]}
indicators:
  - id: i
    name: I
    unit: null
    baseline: {date: 2024-01-01, value: 1}
    target: null
    frequency: null
    quadrant: null
    observations: [{date: 2024-06-01, value: 2, reported_by: null, group: null}]
populations:
  - {id: youth, name: null, within: null}
activities:
  - {id: x, name: X, partners: [a], strategy: null, start: null, end: null}
ties:
  - {source: a, target: b, intensity: null, power_influence: null, openness: null}
working_groups:
  - {id: w, name: W, members: [a]}
backbone: null
conditions: null
"""


def _nulls_tree() -> dict[str, Any]:
    tree: dict[str, Any] = _iso_dates(yaml.safe_load(NULLS))
    tree["backbone"] = {"organization": "a"}
    tree["conditions"] = {"champions": ["a"]}
    return tree


#: Where the tree of :data:`NULLS` holds one object of each model class.
_OBJECTS: dict[str, Any] = {
    "Initiative": lambda t: t,
    "Partner": lambda t: t["partners"][0],
    "Goal": lambda t: t["goals"][0],
    "Indicator": lambda t: t["indicators"][0],
    "DatedValue": lambda t: t["indicators"][0]["baseline"],
    "Observation": lambda t: t["indicators"][0]["observations"][0],
    "Label": lambda t: t["populations"][0],
    "Activity": lambda t: t["activities"][0],
    "Tie": lambda t: t["ties"][0],
    "WorkingGroup": lambda t: t["working_groups"][0],
    "Backbone": lambda t: t["backbone"],
    "Conditions": lambda t: t["conditions"],
}


def _fields() -> list[tuple[str, str]]:
    import attrs

    return [(name, f.name) for name in _OBJECTS for f in attrs.fields(getattr(ci, name)) if f.init]


class TestJsonSchemaNulls:
    """The schema accepts ``null`` exactly where the loader does (it used to refuse it)."""

    def test_a_file_with_explicit_nulls_validates_and_loads(self) -> None:
        tree = _iso_dates(yaml.safe_load(NULLS))
        jsonschema.Draft202012Validator(
            ci.json_schema(), format_checker=jsonschema.FormatChecker()
        ).validate(tree)
        init = ci.loads(NULLS)
        assert init.backbone is None
        assert init.conditions == ci.Conditions()
        assert init.activities[0].strategy is None
        without = "\n".join(line for line in NULLS.splitlines() if not line.endswith(": null"))
        assert ci.loads(without) == init

    @pytest.mark.parametrize(("cls", "field"), _fields(), ids=lambda v: str(v))
    def test_null_is_accepted_by_both_or_neither(self, cls: str, field: str) -> None:
        tree = _nulls_tree()
        _OBJECTS[cls](tree)[field] = None
        schema_ok = jsonschema.Draft202012Validator(ci.json_schema()).is_valid(tree)
        try:
            ci.Initiative.from_dict(tree)
            loader_ok = True
        except ci.ValidationError:
            loader_ok = False
        assert schema_ok == loader_ok

    def test_the_base_tree_is_valid(self) -> None:
        jsonschema.Draft202012Validator(ci.json_schema()).validate(_nulls_tree())
        assert ci.Initiative.from_dict(_nulls_tree()).backbone is not None


class TestLoadProgress:
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_progress_bars_change_nothing(
        self, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        init = ci.load_example("cradle-to-career")
        path = tmp_path / f"c{SUFFIX[fmt]}"
        ci.dump(init, path)
        assert ci.load(path, progress=True) == init
        err = capsys.readouterr().err
        assert f"parsing {path.name}" in err
        assert "checking the model" in err
        assert "100%" in err  # the YAML parser read every character through the counting stream

    def test_progress_keeps_errors_located(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.yaml"
        path.write_text("schema_version: 1\nname: [unclosed\npartners: []\n")
        with pytest.raises(ci.FormatError, match=r"bad\.yaml, line 3"):
            ci.load(path, progress=True)
