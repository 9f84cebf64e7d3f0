"""Populations and places as the analyses see them: normalised, with containment expanded."""

from __future__ import annotations

from collections.abc import Hashable

from ..model import Initiative, label_closure
from ..model.labels import LabelKind, normalize_label

__all__ = ["label_sets"]


def label_sets(
    initiative: Initiative, kind: LabelKind
) -> tuple[list[frozenset[str]], dict[Hashable, int]]:
    """Return each activity's expanded label set, and the universe of labels (label to column).

    An activity's set is the union of the closures (:func:`~collective_impact.label_closure`) of
    its labels: the labels themselves, normalised, and every declared label within them, so that
    the Jaccard overlap of two sets counts containment. The universe lists the labels in sorted
    order, so that the columns do not depend on the order of the initiative's lists.

    Parameters
    ----------
    initiative
        The initiative.
    kind
        ``"populations"`` or ``"places"``.

    Returns
    -------
    tuple of (list of frozenset of str, dict)
        The sets, one per activity in initiative order (empty for "unspecified"), and the
        universe.
    """
    closure = label_closure(initiative, kind)
    # activities repeat a few collections of labels: each is expanded once
    expanded: dict[tuple[str, ...], frozenset[str]] = {}
    sets = []
    for act in initiative.activities:
        labels = getattr(act, kind)
        found = expanded.get(labels)
        if found is None:
            found = expanded[labels] = frozenset().union(
                *(closure[normalize_label(x)] for x in labels)
            )
        sets.append(found)
    labels = sorted(set().union(*closure.values()))
    universe: dict[Hashable, int] = {x: i for i, x in enumerate(labels)}
    return sets, universe
