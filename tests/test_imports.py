"""Import only what is needed: the lazy package namespace and the command line's imports."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import json
import subprocess
import sys
import textwrap
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest

import collective_impact as ci

ROOT = Path(__file__).resolve().parent.parent
INIT = ROOT / "src" / "collective_impact" / "__init__.py"

#: Never loaded by ``import collective_impact`` nor by ``collective-impact --version``.
NOT_ON_IMPORT = (
    "numpy",
    "scipy",
    "networkx",
    "pandas",
    "matplotlib",
    "jinja2",
    "yaml",
    "tqdm",
    "defusedxml",
    "attrs",
    "collective_impact.model",
    "collective_impact.report",
)

#: Never loaded by ``collective-impact assess --example NAME`` (text output).
NOT_ON_ASSESS = (
    "pandas",
    "matplotlib",
    "jinja2",
    "jsonschema",
    "defusedxml",
    "collective_impact.htmlreport",
    "collective_impact.plotting",
    "collective_impact.io.exports",
    "collective_impact.sensitivity",
    "collective_impact.batch",
)


def run_python(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter and return the JSON it prints on its last line."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    facts: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return facts


@pytest.fixture(scope="module")
def light() -> dict[str, Any]:
    """What ``import collective_impact`` and then ``collective-impact --version`` load."""
    return run_python(
        """
        import contextlib, io, json, runpy, sys
        import collective_impact
        after_import = sorted(sys.modules)
        names = dir(collective_impact)
        out = io.StringIO()
        sys.argv = ["collective-impact", "--version"]
        with contextlib.redirect_stdout(out):
            try:
                runpy.run_module("collective_impact", run_name="__main__")
            except SystemExit as exit:
                code = exit.code
        print(json.dumps({"import": after_import, "version": sorted(sys.modules),
                          "code": code, "out": out.getvalue(), "dir": names}))
        """
    )


@pytest.fixture(scope="module")
def assessed() -> dict[str, Any]:
    """What ``collective-impact assess --example cradle-to-career`` loads, in a fresh process."""
    return run_python(
        """
        import contextlib, io, json, sys
        from collective_impact.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["assess", "--example", "cradle-to-career"])
        modules = sorted(sys.modules)
        import collective_impact, collective_impact.sensitivity
        from collective_impact.sensitivity import Sensitivity, sensitivity
        print(json.dumps({"modules": modules, "code": code, "out": out.getvalue(),
                          "function": collective_impact.sensitivity is sensitivity,
                          "class": collective_impact.Sensitivity is Sensitivity}))
        """
    )


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules]


class TestLazyImport:
    def test_import_loads_nothing_heavy(self, light: dict[str, Any]) -> None:
        assert loaded(light["import"], NOT_ON_IMPORT) == []

    def test_version_loads_nothing_heavy(self, light: dict[str, Any]) -> None:
        assert light["code"] == 0
        assert light["out"].strip() == f"collective-impact {ci.__version__}"
        assert loaded(light["version"], NOT_ON_IMPORT) == []

    def test_dir_lists_every_public_name_before_first_use(self, light: dict[str, Any]) -> None:
        assert set(ci.__all__) <= set(light["dir"])
        assert set(ci.__all__) <= set(dir(ci))

    def test_assess_example_loads_no_view_it_does_not_show(self, assessed: dict[str, Any]) -> None:
        assert assessed["code"] == 0
        assert assessed["out"].startswith("Cradle to Career Example")
        assert loaded(assessed["modules"], NOT_ON_ASSESS) == []

    def test_a_submodule_does_not_hide_the_function_of_its_name(
        self, assessed: dict[str, Any]
    ) -> None:
        # `collective_impact.sensitivity` is a function and a module: importing the module
        # (after the package, before the name is first used) must leave the function in place.
        assert assessed["function"]
        assert assessed["class"]
        assert callable(ci.sensitivity)
        assert not isinstance(ci.sensitivity, types.ModuleType)


class TestPublicNames:
    def test_every_name_in_all_resolves_to_its_module_object(self) -> None:
        for name in ci.__all__:
            value = getattr(ci, name)
            if name == "__version__":
                assert value == importlib.metadata.version("collective-impact")
                continue
            module = importlib.import_module(ci._ORIGIN[name], "collective_impact")
            assert value is getattr(module, name), name

    def test_all_and_the_lazy_table_agree(self) -> None:
        assert set(ci.__all__) == set(ci._ORIGIN) | {"__version__"}
        flat = [n for names in ci._LAZY_MODULES.values() for n in names]
        assert len(flat) == len(set(flat))

    def test_the_type_checking_imports_match_the_lazy_table(self) -> None:
        tree = ast.parse(INIT.read_text(encoding="utf-8"))
        block = next(
            node
            for node in tree.body
            if isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        )
        seen: dict[str, set[str]] = {}
        for node in block.body:
            assert isinstance(node, ast.ImportFrom)
            assert node.level == 1
            seen["." + str(node.module)] = {a.name for a in node.names}
        assert seen == {module: set(names) for module, names in ci._LAZY_MODULES.items()}

    def test_unknown_name_is_an_attribute_error(self) -> None:
        with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
            _ = ci.no_such_name  # type: ignore[attr-defined]
        assert not hasattr(ci, "report_frames")

    def test_star_import_gives_every_public_name(self) -> None:
        namespace: dict[str, Any] = {}
        exec("from collective_impact import *", namespace)
        assert set(ci.__all__) <= set(namespace)
        assert namespace["assess"] is ci.assess

    def test_version_module_matches_the_project(self) -> None:
        from collective_impact._version import __version__

        project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        if "version" in project:
            assert __version__ == project["version"]
        else:  # the build reads the version from _version.py
            assert "version" in project.get("dynamic", [])
        assert __version__ == importlib.metadata.version("collective-impact")

    def test_citation_names_the_version(self) -> None:
        """CITATION.cff, which the README asks researchers to cite from, named 0.1.0.dev1 ten
        revisions that change numbers after it (found by a reviewer of the docs): a study
        citing it named code that did not compute its numbers."""
        from collective_impact._version import __version__

        text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
        versions = [
            line.split(":", 1)[1].strip()
            for line in text.splitlines()
            if line.startswith("version:")
        ]
        assert versions == [__version__]
