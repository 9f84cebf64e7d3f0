"""collective_impact: model collective impact initiatives and score how they fit together.

The public API is what ``__all__`` lists; everything else may change without notice.

Importing the package is cheap: each public name is imported from its module on first use
(:pep:`562`), so ``import collective_impact`` does not load numpy, scipy, networkx, Jinja2, pandas
or matplotlib until something needs them, and ``collective-impact --version`` answers at once.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # what the type checker and the reader see; at run time see __getattr__
    from .analysis.conditions import ConditionScores, condition_scores
    from .analysis.gaps import (
        GAP_CODES,
        Condition,
        ConflictPairs,
        DuplicationPairs,
        Gap,
        Severity,
        detect_gaps,
    )
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
    from .analysis.phases import PhaseReport, assess_phase
    from .analysis.prepared import Prepared, prepare
    from .analysis.recommend import TieRecommendation, recommend_ties
    from .analysis.reinforcement import (
        PairScores,
        PartnerGap,
        PartnerGapTable,
        Reinforcement,
        reinforcement_scores,
    )
    from .analysis.running import ActivityDatesIgnored, NotRunning, running_at
    from .analysis.snapshot import AfterAsOf, after_as_of
    from .analysis.whatif import with_tie, without_partner
    from .batch import BatchError, assess_many, batch_frame, batch_row, iter_assess, write_batch
    from .config import ScoringConfig
    from .datasets import list_examples, load_example
    from .errors import (
        ArgumentTypeError,
        ArgumentValueError,
        AsOfError,
        CollectiveImpactError,
        DatabaseError,
        FormatError,
        FormatProblem,
        Location,
        MissingDependencyError,
        MissingFileError,
        NotRunningError,
        PathwayError,
        Problem,
        ProblemCode,
        UnknownIdError,
        ValidationError,
        WriteError,
    )
    from .graph import alignment_graph
    from .io import (
        INTENSITY_STRENGTH,
        SURVEY_COLUMNS,
        ImportIssue,
        ImportIssueCode,
        ImportReport,
        SurveyRule,
        dump,
        dumps,
        from_iati,
        json_schema,
        load,
        loads,
        read_csv_bundle,
        read_partner_survey,
        read_workbook,
        write_csv_bundle,
        write_template,
        write_workbook,
    )
    from .io.exports import cids_jsonld, kumu_blueprint, to_cids, to_gexf, to_graphml, to_kumu
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
        Label,
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
        label_closure,
    )
    from .report import (
        AlignmentSummary,
        Assessment,
        AssessmentDiff,
        GoalChange,
        IndicatorChange,
        assess,
    )
    from .sensitivity import RankStability, ScoreRange, Sensitivity, sensitivity

#: The module each public name is imported from, on first access.
_LAZY_MODULES: dict[str, tuple[str, ...]] = {
    ".analysis.conditions": ("ConditionScores", "condition_scores"),
    ".analysis.gaps": (
        "GAP_CODES",
        "Condition",
        "ConflictPairs",
        "DuplicationPairs",
        "Gap",
        "Severity",
        "detect_gaps",
    ),
    ".analysis.measurement": (
        "Disparity",
        "Forecast",
        "GroupSeries",
        "IndicatorMeasurement",
        "IndicatorStatus",
        "Trend",
        "TurnTheCurve",
        "measure_indicator",
        "measurement",
    ),
    ".analysis.network": ("BrokerageRoles", "NetworkMeasures", "network_measures"),
    ".analysis.nulls": ("NullTest", "alignment_null_test", "rewire_ties"),
    ".analysis.phases": ("PhaseReport", "assess_phase"),
    ".analysis.prepared": ("Prepared", "prepare"),
    ".analysis.recommend": ("TieRecommendation", "recommend_ties"),
    ".analysis.running": ("ActivityDatesIgnored", "NotRunning", "running_at"),
    ".analysis.snapshot": ("AfterAsOf", "after_as_of"),
    ".analysis.reinforcement": (
        "PairScores",
        "PartnerGap",
        "PartnerGapTable",
        "Reinforcement",
        "reinforcement_scores",
    ),
    ".analysis.whatif": ("with_tie", "without_partner"),
    ".batch": (
        "BatchError",
        "assess_many",
        "batch_frame",
        "batch_row",
        "iter_assess",
        "write_batch",
    ),
    ".config": ("ScoringConfig",),
    ".datasets": ("list_examples", "load_example"),
    ".errors": (
        "ArgumentTypeError",
        "ArgumentValueError",
        "AsOfError",
        "CollectiveImpactError",
        "DatabaseError",
        "FormatError",
        "FormatProblem",
        "Location",
        "MissingDependencyError",
        "MissingFileError",
        "NotRunningError",
        "PathwayError",
        "Problem",
        "ProblemCode",
        "UnknownIdError",
        "ValidationError",
        "WriteError",
    ),
    ".graph": ("alignment_graph",),
    ".io": (
        "INTENSITY_STRENGTH",
        "SURVEY_COLUMNS",
        "ImportIssue",
        "ImportIssueCode",
        "ImportReport",
        "SurveyRule",
        "dump",
        "dumps",
        "from_iati",
        "json_schema",
        "load",
        "loads",
        "read_csv_bundle",
        "read_partner_survey",
        "read_workbook",
        "write_csv_bundle",
        "write_template",
        "write_workbook",
    ),
    ".io.exports": ("cids_jsonld", "kumu_blueprint", "to_cids", "to_gexf", "to_graphml", "to_kumu"),
    ".model": (
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
    ),
    ".report": (
        "AlignmentSummary",
        "Assessment",
        "AssessmentDiff",
        "GoalChange",
        "IndicatorChange",
        "assess",
    ),
    ".sensitivity": ("RankStability", "ScoreRange", "Sensitivity", "sensitivity"),
}

_ORIGIN: dict[str, str] = {
    name: module for module, names in _LAZY_MODULES.items() for name in names
}


if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise accept any name

    def __getattr__(name: str) -> Any:
        """Import the public ``name`` from its module on first access and keep it (:pep:`562`)."""
        module = _ORIGIN.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """List the module's attributes with every public name, imported or not yet."""
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The type of this package: a submodule never hides the public name it shares.

    ``collective_impact.sensitivity`` is both a function of the API and the module it is defined
    in. Importing a submodule sets it as an attribute of its package; when that import happens
    after (or without) the first access of the function, the function would be hidden by the
    module. The function keeps the name, as with the eager imports of earlier versions; the
    module stays importable by its dotted name.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _ORIGIN and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "GAP_CODES",
    "INTENSITY_STRENGTH",
    "SURVEY_COLUMNS",
    "Activity",
    "ActivityDatesIgnored",
    "AfterAsOf",
    "AlignmentSummary",
    "ArgumentTypeError",
    "ArgumentValueError",
    "AsOfError",
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
    "ConflictPairs",
    "DatabaseError",
    "DatedValue",
    "Direction",
    "Disparity",
    "DuplicationPairs",
    "Forecast",
    "FormatError",
    "FormatProblem",
    "Frequency",
    "FrozenMap",
    "FunctionLevel",
    "Gap",
    "Goal",
    "GoalChange",
    "GroupSeries",
    "ImportIssue",
    "ImportIssueCode",
    "ImportReport",
    "Indicator",
    "IndicatorChange",
    "IndicatorMeasurement",
    "IndicatorStatus",
    "Initiative",
    "Intensity",
    "Label",
    "Level",
    "Location",
    "MissingDependencyError",
    "MissingFileError",
    "NetworkMeasures",
    "NotRunning",
    "NotRunningError",
    "NullTest",
    "Observation",
    "PairScores",
    "Partner",
    "PartnerGap",
    "PartnerGapTable",
    "PathwayError",
    "PhaseReport",
    "Prepared",
    "Problem",
    "ProblemCode",
    "Quadrant",
    "RankStability",
    "Reinforcement",
    "Role",
    "ScoreRange",
    "ScoringConfig",
    "Sector",
    "Sensitivity",
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
    "WriteError",
    "__version__",
    "after_as_of",
    "alignment_graph",
    "alignment_null_test",
    "assess",
    "assess_many",
    "assess_phase",
    "batch_frame",
    "batch_row",
    "cids_jsonld",
    "condition_scores",
    "detect_gaps",
    "dump",
    "dumps",
    "from_iati",
    "iter_assess",
    "json_schema",
    "kumu_blueprint",
    "label_closure",
    "list_examples",
    "load",
    "load_example",
    "loads",
    "measure_indicator",
    "measurement",
    "network_measures",
    "prepare",
    "read_csv_bundle",
    "read_partner_survey",
    "read_workbook",
    "recommend_ties",
    "reinforcement_scores",
    "rewire_ties",
    "running_at",
    "sensitivity",
    "to_cids",
    "to_gexf",
    "to_graphml",
    "to_kumu",
    "with_tie",
    "without_partner",
    "write_batch",
    "write_csv_bundle",
    "write_template",
    "write_workbook",
]
