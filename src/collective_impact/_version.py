"""The version of collective_impact, readable without importing the package's analysis.

``collective-impact --version`` reads it from here, so that printing the version does not load
numpy, scipy or networkx. It is the one place the version is written: ``pyproject.toml`` reads it
from here (``[tool.hatch.version]``), and a test checks it against the installed metadata.
"""

__version__ = "0.1.0.dev20"
