"""The library's own results, recognised where a file of another kind is expected.

The JSON of ``assess --json`` (:meth:`Assessment.to_dict()
<collective_impact.Assessment.to_dict>`), of ``compare --json``, a null test, an import's
report and a batch's rows are files people keep beside their initiatives, and give in their
place by mistake: ``compare last-year.json now.yaml`` with last year's assessment where last
year's initiative was meant. Read as an initiative (or as settings, ``--config``), such a file
gave a problem per key ("missing required key 'schema_version'", "unknown key 'alignment'",
nineteen in all for an assessment) and never said what the file was. :func:`result_kind` tells
which result a tree is, from the keys each result writes; :func:`not_an_initiative` says so in
one problem, and what to give instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

__all__ = ["BATCH_KEYS", "ResultKind", "not_an_initiative", "result_kind"]

#: Which result of the library a tree is (:func:`result_kind`).
ResultKind = Literal["assessment", "comparison", "null-test", "import-report", "batch-row"]

#: The columns that tell a row of a batch's results (:func:`~.batch.batch_row`) from anything
#: else: an initiative, settings.
BATCH_KEYS = frozenset(
    {"overall", "alignment_index", "phase", "activities_not_running", "error", "version", "config"}
)


def result_kind(tree: object) -> ResultKind | None:
    """Return which result of the library ``tree`` is, or ``None`` when it is none of them.

    The keys looked at are those each result writes, several at once, none of them a key of an
    initiative's top level: a batch's columns (a row, its columns each a mapping of rows, or a
    list of rows), a comparison's ``opened``, ``closed`` and ``persisting`` beside ``settings``
    (a list of the settings that differ), a null test's ``observed`` and ``p_value`` beside
    ``config``, an import report's ``sources`` and ``warnings`` (its ``partners`` a count, not
    a list), an assessment's ``scores`` beside ``config`` (a mapping).

    Parameters
    ----------
    tree
        A document as read (:func:`~collective_impact.io.read_tree`).

    Returns
    -------
    str or None
        ``"assessment"``, ``"comparison"``, ``"null-test"``, ``"import-report"``,
        ``"batch-row"`` (one row or several), or ``None``.

    Examples
    --------
    >>> result_kind({"scores": {}, "config": {"weak_tie": 0.3}, "gaps": []})
    'assessment'
    >>> result_kind({"schema_version": 1, "name": "x", "partners": []}) is None
    True
    """
    rows = tree
    if isinstance(tree, list):
        if not tree or not isinstance(tree[0], Mapping):
            return None
        rows = tree[0]
    if not isinstance(rows, Mapping):
        return None
    if rows.keys() >= BATCH_KEYS:
        return "batch-row"
    if rows is not tree:
        return None
    keys = rows.keys()
    if {"opened", "closed", "persisting"} <= keys and isinstance(rows.get("settings"), list):
        return "comparison"
    if {"observed", "p_value"} <= keys and isinstance(rows.get("config"), Mapping):
        return "null-test"
    if {"sources", "warnings"} <= keys and not isinstance(rows.get("partners"), list):
        return "import-report"
    if "scores" in keys and isinstance(rows.get("config"), Mapping):
        return "assessment"
    return None


def _quoted(value: object) -> str | None:
    """Return a text of a result, quoted and cut short, or ``None`` when it is no text."""
    if not isinstance(value, str) or not value.strip():
        return None
    return repr(value if len(value) <= 80 else value[:77] + "...")


def not_an_initiative(kind: ResultKind, tree: Any) -> str:
    """Say that ``tree``, a result of the library (``kind``), is not an initiative, and what is.

    Parameters
    ----------
    kind
        What :func:`result_kind` found.
    tree
        The result.

    Returns
    -------
    str
        The message of the one problem (its place is the whole document).

    Examples
    --------
    >>> print(not_an_initiative("assessment", {"initiative": "Cradle", "as_of": "2024-06-30"}))
    is the result of assess (assess --json, Assessment.to_dict()) of the initiative 'Cradle' as of 2024-06-30, not an initiative: give the initiative file that was assessed; to compare two versions, compare their initiative files (compare last-year.yaml this-year.yaml)
    """  # noqa: E501
    if kind == "assessment":
        name, as_of = _quoted(tree.get("initiative")), _quoted(tree.get("as_of"))
        of = f" of the initiative {name}" if name else ""
        when = f" as of {as_of[1:-1]}" if as_of else ""
        return (
            f"is the result of assess (assess --json, Assessment.to_dict()){of}{when}, not "
            "an initiative: give the initiative file that was assessed; to compare two versions, "
            "compare their initiative files (compare last-year.yaml this-year.yaml)"
        )
    if kind == "comparison":
        return (
            "is the result of compare (compare --json, AssessmentDiff.to_dict()), not an "
            "initiative: give the initiative files that were compared"
        )
    if kind == "null-test":
        return (
            "is the result of a null test (NullTest.to_dict()), not an initiative: give the "
            "initiative file that was tested"
        )
    if kind == "import-report":
        return (
            "is the report of an IATI import (import --issues, ImportReport.to_dict()), not an "
            "initiative: give the initiative the import wrote (its -o file)"
        )
    files = "initiative files that were assessed"
    if isinstance(tree, list):
        what, which = "a batch's results, row by row", f"{files} (under each row's key source)"
    elif isinstance(tree.get("config"), Mapping):
        what, which = (
            "a batch's results, column by column",
            f"{files} (by row, under the key source)",
        )
    else:
        source = _quoted(tree.get("source"))
        what = "a row of a batch's results"
        which = (
            f"initiative file that was assessed ({source or 'its key source, if read from a file'})"
        )
    return (
        f"is {what} (batch_row(), batch_frame(), write_batch()), not an initiative: give the "
        f"{which}"
    )
