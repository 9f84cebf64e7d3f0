"""Readers and writers: the native JSON / YAML / TOML format and its JSON Schema."""

from .csvbundle import read_csv_bundle, write_csv_bundle
from .exports import cids_jsonld, kumu_blueprint, to_cids, to_gexf, to_graphml, to_kumu
from .iati import ImportIssue, ImportReport, from_iati, parse_value
from .native import DEFAULT_MAX_BYTES, FORMATS, dump, dumps, format_for, load, loads
from .schema import json_schema
from .survey import (
    DEFAULT_STRENGTH,
    INTENSITY_STRENGTH,
    SURVEY_COLUMNS,
    SurveyRule,
    read_partner_survey,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_STRENGTH",
    "FORMATS",
    "INTENSITY_STRENGTH",
    "SURVEY_COLUMNS",
    "ImportIssue",
    "ImportReport",
    "SurveyRule",
    "cids_jsonld",
    "dump",
    "dumps",
    "format_for",
    "from_iati",
    "json_schema",
    "kumu_blueprint",
    "load",
    "loads",
    "parse_value",
    "read_csv_bundle",
    "read_partner_survey",
    "to_cids",
    "to_gexf",
    "to_graphml",
    "to_kumu",
    "write_csv_bundle",
]
