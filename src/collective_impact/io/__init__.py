"""Readers and writers: the native JSON / YAML / TOML format and its JSON Schema."""

from .native import DEFAULT_MAX_BYTES, FORMATS, dump, dumps, format_for, load, loads
from .schema import json_schema

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "dump",
    "dumps",
    "format_for",
    "json_schema",
    "load",
    "loads",
]
