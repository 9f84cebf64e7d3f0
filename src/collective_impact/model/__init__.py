"""The typed, immutable domain model of a collective impact initiative.

One module per concept: :mod:`.partner`, :mod:`.agenda`, :mod:`.indicator`, :mod:`.activity`,
:mod:`.ties`, :mod:`.backbone`, :mod:`.conditions`, the vocabularies of :mod:`.labels` and the
aggregate :mod:`.initiative`.
"""

from ._frozen import FrozenMap
from .activity import Activity
from .agenda import Goal
from .backbone import Backbone, BackboneFunction, FunctionLevel, StaffRole
from .conditions import Conditions, Urgency
from .indicator import DatedValue, Direction, Frequency, Indicator, Level, Observation, Quadrant
from .initiative import Initiative
from .labels import Label, label_closure
from .partner import Partner, Role, Sector
from .ties import Intensity, Tie, TieKind, WorkingGroup

__all__ = [
    "Activity",
    "Backbone",
    "BackboneFunction",
    "Conditions",
    "DatedValue",
    "Direction",
    "Frequency",
    "FrozenMap",
    "FunctionLevel",
    "Goal",
    "Indicator",
    "Initiative",
    "Intensity",
    "Label",
    "Level",
    "Observation",
    "Partner",
    "Quadrant",
    "Role",
    "Sector",
    "StaffRole",
    "Tie",
    "TieKind",
    "Urgency",
    "WorkingGroup",
    "label_closure",
]
