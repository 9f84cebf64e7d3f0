"""Sphinx configuration for the collective_impact documentation.

The package must be installed in the environment that runs Sphinx (``pip install -e '.[docs]'``):
autodoc imports it, and the notebooks run on a kernel of the same Python. Nothing here reaches the
network: there is no intersphinx, and notebooks run locally.
"""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

_DOCS = Path(__file__).resolve().parent
_ROOT = _DOCS.parent

# -- Notebooks ----------------------------------------------------------------------------------
# The notebooks live in ../notebooks (run by pytest --nbmake, committed without outputs). Sphinx
# only reads sources under docs/, so copy them into docs/_notebooks (git-ignored) on every build;
# the directory is emptied first so a deleted notebook does not linger in the docs.
_NOTEBOOKS_OUT = _DOCS / "_notebooks"
shutil.rmtree(_NOTEBOOKS_OUT, ignore_errors=True)
_NOTEBOOKS_OUT.mkdir()
for _notebook in sorted((_ROOT / "notebooks").glob("*.ipynb")):
    shutil.copy2(_notebook, _NOTEBOOKS_OUT / _notebook.name)

# -- Project information ------------------------------------------------------------------------
project = "collective_impact"
author = "collective_impact developers"
copyright = "2026, collective_impact developers"
try:
    release = metadata.version("collective-impact")
except metadata.PackageNotFoundError:  # building from a checkout that is not installed
    release = "unknown"
version = release

# -- General configuration ----------------------------------------------------------------------
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "myst_nb",
]
exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints"]
nitpicky = False

# -- autodoc and napoleon (numpydoc-style docstrings; types come from the annotations) ---------
autodoc_typehints = "description"
autodoc_member_order = "bysource"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
# Render "Attributes" sections as fields, so they never clash with members that autodoc
# documents as separate objects (a duplicate object description is a warning, and -W fails).
napoleon_use_ivar = True

# -- MyST and MyST-NB ---------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence"]
# Notebooks are committed without outputs; "auto" executes every notebook that has none.
nb_execution_mode = "auto"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True

# -- HTML output --------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"collective_impact {release}"
