"""collective_impact: model collective impact initiatives and score how they fit together.

The public API is what ``__all__`` lists; everything else may change without notice.
"""

from importlib.metadata import PackageNotFoundError, version

from .datasets import list_examples, load_example
from .errors import (
    CollectiveImpactError,
    FormatError,
    MissingFileError,
    Problem,
    UnknownIdError,
    ValidationError,
)
from .io import dump, dumps, json_schema, load, loads
from .model import (
    Activity,
    Backbone,
    BackboneFunction,
    Conditions,
    DatedValue,
    Direction,
    FrozenMap,
    FunctionLevel,
    Goal,
    Indicator,
    Initiative,
    Level,
    Observation,
    Partner,
    Role,
    Sector,
    StaffRole,
    Tie,
    TieKind,
    Urgency,
    WorkingGroup,
)

try:
    __version__ = version("collective-impact")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "Activity",
    "Backbone",
    "BackboneFunction",
    "CollectiveImpactError",
    "Conditions",
    "DatedValue",
    "Direction",
    "FormatError",
    "FrozenMap",
    "FunctionLevel",
    "Goal",
    "Indicator",
    "Initiative",
    "Level",
    "MissingFileError",
    "Observation",
    "Partner",
    "Problem",
    "Role",
    "Sector",
    "StaffRole",
    "Tie",
    "TieKind",
    "UnknownIdError",
    "Urgency",
    "ValidationError",
    "WorkingGroup",
    "__version__",
    "dump",
    "dumps",
    "json_schema",
    "list_examples",
    "load",
    "load_example",
    "loads",
]
