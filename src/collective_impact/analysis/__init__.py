"""Analyses: one module per analysis, each a pure function of an initiative and a config."""
