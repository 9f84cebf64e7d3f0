"""Readers and writers: the native JSON / YAML / TOML format and its JSON Schema.

Files come first in the flow (files → model → arrays → analyses → report → views), so this package
imports the model only. The exports for other tools (:mod:`collective_impact.io.exports`:
GraphML, GEXF, Kumu, CIDS) are views that may take an :class:`~collective_impact.Assessment`;
they are not imported here but by :mod:`collective_impact`, from their module.
"""

from .csvbundle import read_csv_bundle, write_csv_bundle
from .iati import (
    DEFAULT_MAX_ELEMENTS,
    ImportIssue,
    ImportIssueCode,
    ImportReport,
    from_iati,
    parse_value,
)
from .native import DEFAULT_MAX_BYTES, FORMATS, dump, dumps, format_for, load, loads
from .schema import json_schema
from .survey import (
    DEFAULT_STRENGTH,
    INTENSITY_STRENGTH,
    SURVEY_COLUMNS,
    SurveyRule,
    read_partner_survey,
)
from .workbook import read_workbook, write_template, write_workbook

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ELEMENTS",
    "DEFAULT_STRENGTH",
    "FORMATS",
    "INTENSITY_STRENGTH",
    "SURVEY_COLUMNS",
    "ImportIssue",
    "ImportIssueCode",
    "ImportReport",
    "SurveyRule",
    "dump",
    "dumps",
    "format_for",
    "from_iati",
    "json_schema",
    "load",
    "loads",
    "parse_value",
    "read_csv_bundle",
    "read_partner_survey",
    "read_workbook",
    "write_csv_bundle",
    "write_template",
    "write_workbook",
]
