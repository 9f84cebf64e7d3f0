"""Declared populations and places: vocabularies of labels, optionally nested.

An initiative may declare the populations it serves (``students-k-12``) and the places it works in
(``county``) as vocabularies of :class:`Label` objects; a label may sit ``within`` another
(``students-6-8`` within ``students-k-12``), so that the labels form a forest. Labels are always
compared after trimming, case-folding and Unicode normalisation (:func:`normalize_label`),
everywhere: ``" Teens"``, ``"teens"`` and ``"ＴＥＥＮＳ"`` are the same label, as are ``"élèves"``
typed precomposed and decomposed, while the model keeps the text as written.
"""

from __future__ import annotations

import itertools
import operator
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from ..errors import ArgumentValueError
from ._fields import ModelBase, Optional, Text, meta

if TYPE_CHECKING:  # pragma: no cover
    from .initiative import Initiative

__all__ = ["LABEL_KINDS", "Label", "label_closure", "normalize_label"]

#: The two vocabularies of an initiative, and what one of their labels is called in messages.
LABEL_KINDS: Mapping[str, str] = {"populations": "population", "places": "place"}

LabelKind = Literal["populations", "places"]


def normalize_label(text: str) -> str:
    """Return ``text`` as labels are compared: caseless, in one Unicode form, trimmed.

    The same word may come precomposed (``"é"``, one character, as most keyboards type it) or
    decomposed (``"e"`` and a combining accent, as macOS file names and some exports write
    it), in capitals, or in a compatibility form (full-width letters, the ligature ``"ﬁ"``).
    Labels are compared in Unicode's compatibility caseless form (definition D146 of the
    Unicode Standard, section 3.13: ``NFKD(casefold(NFKD(casefold(NFD(text)))))``), composed
    again (NFC) so that the result reads as written, then trimmed. ASCII text, which every
    normal form leaves as it is, is only case-folded and trimmed.

    Parameters
    ----------
    text
        A label as written: a population, a place, a group, a strategy.

    Returns
    -------
    str
        The form in which two labels are equal when they name the same thing.

    Examples
    --------
    >>> normalize_label("  North-Side ")
    'north-side'
    >>> decomposed, precomposed = "E\u0301LE\u0300VES", "\u00e9l\u00e8ves"  # ÉLÈVES, élèves
    >>> normalize_label(decomposed) == normalize_label(precomposed) == precomposed
    True
    """
    if text.isascii():
        return text.strip().casefold()
    folded = unicodedata.normalize("NFD", text).casefold()
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", folded).casefold())
    return unicodedata.normalize("NFC", folded).strip()


def strategy_index(strategies: Iterable[str | None]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Return a number for each strategy, compared as labels are (:func:`normalize_label`).

    The one rule for every place that groups activities by strategy (the pair engine's
    redundancy, the summary of ``show``): ``"Literacy-Tutoring"``, ``"literacy-tutoring"`` and
    ``"literacy-tutoring "`` are one strategy. The numbers follow the sorted normalised labels,
    so they do not depend on the order of the activities; each strategy is shown as written,
    without the spaces around it, by the smallest of its spellings (in code-point order) when it
    is written several ways.

    Parameters
    ----------
    strategies
        The strategy of each activity, ``None`` for none.

    Returns
    -------
    tuple of (tuple of int, tuple of str)
        The number of each activity's strategy (-1 for none), and each strategy as shown, by
        number.

    Examples
    --------
    >>> strategy_index(["tutoring", None, "Literacy", "literacy ", "tutoring"])
    ((1, -1, 0, 0, 1), ('Literacy', 'tutoring'))
    """
    texts = list(strategies)
    # each spelling once: activities repeat a few strategies
    key_of = {text: normalize_label(text) for text in dict.fromkeys(texts) if text is not None}
    shown: dict[str, str] = {}
    for text, key in key_of.items():
        trimmed = text.strip()
        if key not in shown or trimmed < shown[key]:
            shown[key] = trimmed
    order = sorted(shown)
    number = {key: k for k, key in enumerate(order)}
    ids = tuple(-1 if text is None else number[key_of[text]] for text in texts)
    return ids, tuple(shown[key] for key in order)


#: A label as declared: an id, but compared trimmed (:func:`normalize_label`), so whitespace may
#: surround it.
LABEL = Text(what="an id (a non-empty string)", ident=True, padded=True)


@attrs.frozen(kw_only=True)
class Label(ModelBase):
    """A declared population or place, optionally nested within another one.

    Parameters
    ----------
    id
        The label itself, as activities use it (``"students-6-8"``); unique in its vocabulary
        once compared (:func:`normalize_label`). An id, but whitespace may surround it.
    name
        Its name for people, if any.
    within
        The label of the declared population (or place) that contains this one, if any
        (``"students-k-12"``). Nesting may not form a cycle.

    Examples
    --------
    >>> Label(id="students-6-8", name="Middle-school students", within="students-k-12").within
    'students-k-12'
    """

    id: str = attrs.field(metadata=meta(LABEL, "The label, as activities use it."))
    name: str | None = attrs.field(
        default=None, metadata=meta(Optional(Text()), "Name of the label for people.")
    )
    within: str | None = attrs.field(
        default=None,
        metadata=meta(Optional(LABEL), "The declared label that contains this one, if any."),
    )


def label_closure(initiative: Initiative, kind: LabelKind) -> dict[str, frozenset[str]]:
    """Return, for each label the activities use, the labels it covers.

    A label covers itself and every label declared ``within`` it, transitively: with
    ``students-6-8`` declared within ``students-k-12``, an activity for ``students-k-12`` also
    serves ``students-6-8``. The overlap of two activities is then the Jaccard index of the
    union of the closures of their labels, so that containment counts as overlap.

    Parameters
    ----------
    initiative
        The initiative whose activities' labels and declared vocabulary are used.
    kind
        ``"populations"`` or ``"places"``.

    Returns
    -------
    dict of str to frozenset of str
        Keyed by each label used by an activity, normalised (:func:`normalize_label`); the
        values are normalised too. A label that is not declared (or that has nothing within it)
        maps to ``{label}``.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`.
    ArgumentValueError
        When ``kind`` is neither ``"populations"`` nor ``"places"``.

    Notes
    -----
    Only the labels the activities use are expanded, each by a walk down the labels within it:
    the time and memory are the number of labels declared plus the total size of the closures
    returned, never a pass per pair of labels, and no closure is kept for a label no activity
    uses (a chain of 10,000 labels nested under two activities' labels costs two closures, not
    the 50 million labels of one closure per level).

    Examples
    --------
    >>> from collective_impact import Activity, Initiative, Partner
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id="p", name="P", sector="community")],
    ...     populations=[Label(id="students-k-12"),
    ...                  Label(id="students-6-8", within="students-k-12")],
    ...     activities=[Activity(id="a", name="A", partners=["p"], populations=["Students-K-12"])],
    ... )
    >>> sorted(label_closure(init, "populations")["students-k-12"])
    ['students-6-8', 'students-k-12']
    """
    from .initiative import expect_initiative  # a cycle: the initiative has labels

    expect_initiative(initiative)
    if kind not in LABEL_KINDS:
        raise ArgumentValueError(
            f"kind must be 'populations' or 'places', got {kind!r}", argument="kind"
        )
    children: dict[str, list[str]] = {}
    for label in getattr(initiative, kind):
        if label.within is not None:
            parent = normalize_label(label.within)
            children.setdefault(parent, []).append(normalize_label(label.id))
    out: dict[str, frozenset[str]] = {}
    # each text once, in the order of first use: activities repeat a few labels
    used = dict.fromkeys(itertools.chain.from_iterable(map(_LABELS[kind], initiative.activities)))
    for text in used:
        key = normalize_label(text)
        if key in out:
            continue
        # The labels under this one only, walked without recursion (deep nesting never reaches
        # Python's recursion limit) and kept for no other label: a memo of every label's
        # closure held the closures of labels no activity uses, n**2 / 2 labels for a chain of
        # n (2.4 GB for a chain of 10,000 under two activities).
        covered = {key}
        stack = [key]
        while stack:
            for kid in children.get(stack.pop(), ()):
                if kid not in covered:
                    covered.add(kid)
                    stack.append(kid)
        out[key] = frozenset(covered)
    return out


#: The labels of an activity, by kind.
_LABELS = {kind: operator.attrgetter(kind) for kind in LABEL_KINDS}
