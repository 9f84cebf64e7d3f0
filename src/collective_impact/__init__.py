"""collective_impact: model collective impact initiatives and score how they fit together.

The public API is what ``__all__`` lists; everything else may change without notice.
"""

from importlib.metadata import PackageNotFoundError, version

from .analysis.conditions import ConditionScores
from .analysis.gaps import GAP_CODES, Condition, Gap, Severity
from .analysis.measurement import (
    Disparity,
    Forecast,
    GroupSeries,
    IndicatorMeasurement,
    IndicatorStatus,
    Trend,
    TurnTheCurve,
    measure_indicator,
    measurement,
)
from .analysis.network import BrokerageRoles, NetworkMeasures, network_measures
from .analysis.nulls import NullTest, alignment_null_test, rewire_ties
from .analysis.phases import PhaseReport
from .analysis.recommend import TieRecommendation, recommend_ties
from .analysis.reinforcement import (
    PairScores,
    PartnerGap,
    PartnerGapTable,
    Reinforcement,
    reinforcement_scores,
)
from .analysis.whatif import with_tie, without_partner
from .batch import BatchError, assess_many
from .config import ScoringConfig
from .datasets import list_examples, load_example
from .errors import (
    CollectiveImpactError,
    FormatError,
    MissingFileError,
    PathwayError,
    Problem,
    UnknownIdError,
    ValidationError,
)
from .graph import alignment_graph
from .io import (
    INTENSITY_STRENGTH,
    SURVEY_COLUMNS,
    ImportIssue,
    ImportReport,
    SurveyRule,
    dump,
    dumps,
    from_iati,
    json_schema,
    load,
    loads,
    read_partner_survey,
)
from .model import (
    Activity,
    Backbone,
    BackboneFunction,
    Conditions,
    DatedValue,
    Direction,
    Frequency,
    FrozenMap,
    FunctionLevel,
    Goal,
    Indicator,
    Initiative,
    Intensity,
    Level,
    Observation,
    Partner,
    Quadrant,
    Role,
    Sector,
    StaffRole,
    Tie,
    TieKind,
    Urgency,
    WorkingGroup,
)
from .report import AlignmentSummary, Assessment, AssessmentDiff, assess

try:
    __version__ = version("collective-impact")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "GAP_CODES",
    "INTENSITY_STRENGTH",
    "SURVEY_COLUMNS",
    "Activity",
    "AlignmentSummary",
    "Assessment",
    "AssessmentDiff",
    "Backbone",
    "BackboneFunction",
    "BatchError",
    "BrokerageRoles",
    "CollectiveImpactError",
    "Condition",
    "ConditionScores",
    "Conditions",
    "DatedValue",
    "Direction",
    "Disparity",
    "Forecast",
    "FormatError",
    "Frequency",
    "FrozenMap",
    "FunctionLevel",
    "Gap",
    "Goal",
    "GroupSeries",
    "ImportIssue",
    "ImportReport",
    "Indicator",
    "IndicatorMeasurement",
    "IndicatorStatus",
    "Initiative",
    "Intensity",
    "Level",
    "MissingFileError",
    "NetworkMeasures",
    "NullTest",
    "Observation",
    "PairScores",
    "Partner",
    "PartnerGap",
    "PartnerGapTable",
    "PathwayError",
    "PhaseReport",
    "Problem",
    "Quadrant",
    "Reinforcement",
    "Role",
    "ScoringConfig",
    "Sector",
    "Severity",
    "StaffRole",
    "SurveyRule",
    "Tie",
    "TieKind",
    "TieRecommendation",
    "Trend",
    "TurnTheCurve",
    "UnknownIdError",
    "Urgency",
    "ValidationError",
    "WorkingGroup",
    "__version__",
    "alignment_graph",
    "alignment_null_test",
    "assess",
    "assess_many",
    "dump",
    "dumps",
    "from_iati",
    "json_schema",
    "list_examples",
    "load",
    "load_example",
    "loads",
    "measure_indicator",
    "measurement",
    "network_measures",
    "read_partner_survey",
    "recommend_ties",
    "reinforcement_scores",
    "rewire_ties",
    "with_tie",
    "without_partner",
]
