from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
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


class TestSameInitiativeInEveryFormat:
    """The same initiative, written in each format, loads as equal objects."""

    def _load_all(self, init: ci.Initiative, folder: Path) -> dict[str, ci.Initiative]:
        loaded = {}
        for fmt in FORMATS:
            path = folder / f"same{SUFFIX[fmt]}"
            ci.dump(init, path)
            loaded[fmt] = ci.load(path)
        return loaded

    @pytest.mark.parametrize("name", ci.list_examples())
    def test_examples(self, tmp_path: Path, name: str) -> None:
        init = ci.load_example(name)
        loaded = self._load_all(init, tmp_path)
        assert loaded["json"] == loaded["yaml"] == loaded["toml"] == init

    def test_a_generated_initiative(self, tmp_path: Path) -> None:
        from collective_impact.synth import generate

        init = generate(partners=40, activities=300, indicators=20, ties=120, seed=3)
        loaded = self._load_all(init, tmp_path)
        assert loaded["json"] == loaded["yaml"] == loaded["toml"] == init
        assert loaded["json"].to_dict() == loaded["yaml"].to_dict() == init.to_dict()

    @given(initiatives())
    def test_generated_initiatives(self, init: ci.Initiative) -> None:
        texts = {fmt: ci.dumps(init, fmt) for fmt in FORMATS}
        assert (
            ci.loads(texts["json"], "json")
            == ci.loads(texts["yaml"])
            == ci.loads(texts["toml"], "toml")
        )


class TestParsers:
    def test_nested_duplicate_json_keys_are_refused(self) -> None:
        text = '{"schema_version": 1, "name": "x", "partners": [{"id": "a", "id": "b"}]}'
        with pytest.raises(ci.FormatError, match="duplicate key 'id'"):
            ci.loads(text, "json")

    def test_the_first_repeated_json_key_is_named(self) -> None:
        with pytest.raises(ci.FormatError, match="duplicate key 'b'"):
            ci.loads('{"a": 1, "b": 2, "b": 3, "a": 4}', "json")

    def test_empty_and_blank_documents(self) -> None:
        for text in ("", " \n\t", "\u2003"):
            with pytest.raises(ci.FormatError, match="empty"):
                ci.loads(text, "json")

    @pytest.mark.parametrize(
        "text",
        [
            "a: &x 1\nb: *x\n",
            "a: &x 1\nb: 2\n",
            "a: 1\na: 2\n",
            "a: !!python/object:os.system ls\n",
            "a: 2027-02-30\nb: 2024-01-01\n",
            "<<: {a: 1}\nb: 2\n",
            "- 1\n- yes\n- 0x1F\n- .inf\n- ~\n- 1_000\n- '2024-01-01'\n- 2024-01-01 10:00:00\n",
            "--- 1\n--- 2\n",
            "a:\n  b:\n    c: [1, {d: e}]\n",
            "? [1, 2]\n: x\n",
        ],
    )
    def test_libyaml_and_pure_python_loaders_agree(self, text: str) -> None:
        """The loader on libyaml and the one on PyYAML's Python parser accept and refuse alike."""
        from collective_impact.io import native

        def outcome(loader: Any) -> Any:
            try:
                return native._parse_yaml(text, "t.yaml", loader)
            except ci.FormatError as err:
                return ("refused", str(err))

        assert outcome(native._StrictLoader) == outcome(native._PurePythonStrictLoader)

    def test_both_yaml_loaders_refuse_bad_syntax(self) -> None:
        from collective_impact.io import native

        for loader in (native._StrictLoader, native._PurePythonStrictLoader):
            with pytest.raises(ci.FormatError, match="invalid YAML") as info:
                native._parse_yaml("a: [unclosed\n", "t.yaml", loader)
            assert info.value.line is not None

    def test_the_yaml_loader_uses_libyaml_when_present(self) -> None:
        from collective_impact.io import native

        if getattr(yaml, "__with_libyaml__", False):
            assert issubclass(native._StrictLoader, yaml.CSafeLoader)
        assert issubclass(native._PurePythonStrictLoader, yaml.SafeLoader)

    def test_loading_restores_the_garbage_collector(self, tmp_path: Path) -> None:
        import gc

        path = tmp_path / "bad.json"
        path.write_text('{"schema_version": 1, "name": "x", "partners": []}')
        assert gc.isenabled()
        with pytest.raises(ci.ValidationError):
            ci.load(path)
        assert gc.isenabled()
        path.write_text("{")
        with pytest.raises(ci.FormatError):
            ci.load(path)
        assert gc.isenabled()


#: Texts a plain scalar resolves to another type from, or that need quoting.
_YAML_TEXTS = [
    *("yes", "No", "on", "~", "null", "1_000", "0x1F", "0o17", "017", "1:30", ".inf", "-.Inf"),
    *(".nan", "1e3", "2024-01-01", "2027-02-30", "<<", "=", "-", "#x", "'q'", "p1", "true"),
    *("", " p1 ", "a: b", "2024-01-01 10:00:00"),
]
_yaml_scalars = st.one_of(
    st.sampled_from(_YAML_TEXTS),
    st.text(max_size=4),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
)
_yaml_trees = st.recursive(
    _yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_yaml_scalars, inner, max_size=3)
    ),
    max_leaves=8,
)


class TestPlainYaml:
    """Documents built from the parser's events equal what the strict loader builds."""

    def _agree(self, text: str) -> None:
        from collective_impact.io import native

        for loader in (native._StrictLoader, native._PurePythonStrictLoader):
            fast = native._plain_yaml(text, loader)
            try:
                slow = yaml.load(text, Loader=loader)
            except yaml.YAMLError:
                assert fast is native._UNSURE  # only the loader refuses, with its own words
                continue
            if fast is not native._UNSURE:
                assert fast == slow
                assert repr(fast) == repr(slow)  # same types, same order (NaN aside)

    @settings(max_examples=300, deadline=None)
    @given(_yaml_trees, st.booleans(), st.sampled_from([None, "'", '"']))
    def test_dumped_trees(self, tree: Any, flow: bool, style: str | None) -> None:
        self._agree(yaml.safe_dump(tree, default_flow_style=flow, default_style=style))

    @pytest.mark.parametrize(
        "text",
        [
            "a: &x 1\nb: *x\n",
            "a: &x 1\nb: 2\n",
            "a: 1\na: 2\n",
            "1: a\n0x1: b\n",
            "yes: 1\ntrue: 2\n",
            "a: !!str 1\n",
            "a: !custom 1\n",
            "<<: {a: 1}\nb: 2\n",
            "=: 1\n",
            "a: =\n",
            "? [1, 2]\n: x\n",
            "--- 1\n--- 2\n",
            "",
            "# only a comment\n",
            "a: 2027-02-30\n",
            "a: [unclosed\n",
            "a: {b: 1, b: 2}\n",
            "[" * 100 + "]" * 100,
            "!!binary aGVsbG8=\n",
            "a: 1\n...\n",
        ],
    )
    def test_unusual_documents(self, text: str) -> None:
        self._agree(text)

    @pytest.mark.parametrize("name", ci.list_examples())
    def test_written_files_are_plain(self, name: str) -> None:
        """What ``dump`` writes takes the fast path: no anchor, no tag, no repeated key."""
        from collective_impact.io import native

        text = ci.dumps(ci.load_example(name), "yaml")
        tree = native._plain_yaml(text, native._StrictLoader)
        assert tree is not native._UNSURE
        assert tree == yaml.load(text, Loader=native._StrictLoader)
