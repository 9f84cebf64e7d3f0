"""The reasons behind an :class:`~collective_impact.AssessmentDiff`, and its text.

Private helpers of :meth:`Assessment.diff <collective_impact.Assessment.diff>` and
:meth:`AssessmentDiff.summary <collective_impact.AssessmentDiff.summary>`.

A reason is a plain sentence derived from what the two assessments hold, never guessed:

* a gap that closed says what is no longer wrong, in the words of its code ("facilitator
  staffed", "postsec-credential now measured"), with the change that explains it when the two
  snapshots show one (the activity ended, the partner left, the tie was added); when the gap
  closed only because what it was about is gone, it says so instead ("grade8-math, which was
  off track, was removed from the initiative", "the backbone changed from united-way to
  schools; facilitator still unstaffed"), never an improvement that did not happen;
* a network gap that closed says how: the groups of tied partners joined ("the network is no
  longer in separate parts: d and e, outside the largest group, are now connected to it (new
  tie c – d)"), or a group lost every tie, its partners leaving or isolated ("the partners
  outside the largest group, d and e, lost their ties to each other and are now isolated (no
  tie to anyone)": isolated partners are not counted by ``fragmented-network``); a cut point's
  parts now connected without it, or a part it linked gone ("b no longer links separate parts
  of the network: its tie to c was removed, and c is now isolated (no tie to anyone)");
* a coordination gap (``uncoordinated-interdependence``) that closed while its two partners
  still lead interdependent work, no better tied to each other, says what coordinates that
  work now (:meth:`_Context.coordinated_through`): a tie new or stronger between other
  partners of their activities ("now coordinated through the new tie between clinic and comm,
  who takes part in tutoring"), a partner who joined one of them, a working group, the
  backbone's brokerage; "no longer lead interdependent work" only when none is found;
* a gap that opened is named with its kind and subjects;
* under different settings, a change (a gap opened or closed, a status, a severity) names the
  settings that decided it, and only those, as an oracle finds them: the after initiative
  assessed again under the old settings, and with each setting moved back, or moved, alone
  (:meth:`_Context.decided_by`; only when settings differ);
* the sub-measures behind a score (``scores.components``) are quoted before → after;
* a change of the common agenda (a goal added or removed, a goal's weight or indicators) is
  named under each score that reads the agenda and moved, with how it reads it
  (:func:`_agenda_reasons`): the goal weights g(i) weigh the interdependence of two activities,
  hence the alignment index, mutually reinforcing activities and the coverage of continuous
  communication; goal coverage, focus, engagement, readiness, freshness and reporting read the
  goals and their indicators;
* a tie added between two partners quotes the gain the *earlier* assessment predicted for it
  when that assessment recommended it (an exact what-if on the earlier data, at the strength it
  recommended); the change seen is the sum of every change, so the prediction is labelled as one;
* when the alignment index changed, the other causes of a change of coordination are named: the
  partners who left or joined activities scored on both dates (a shared partner coordinates two
  activities fully) and a new lead, a change of the backbone organisation (the coordination it
  brokers), the members who left or joined a working group (or a group added or removed); when
  the index held but an ``uncoordinated-interdependence`` gap opened or closed (the uncoordinated
  work moved from one pair of leads to another: "p now leads x (was r)"), those of them that
  change the coordination of a scored pair the gaps' leads lead on its date
  (:meth:`_Context.led_pairs`, :func:`_moves_led_k`), and the activities of those pairs that
  started, ended, were added or removed;
* a precondition now lacking or now met (``phase.preconditions.lacking``) is said, unless a gap
  that opened, closed or changed says it already (``no-champion``, ``short-funding``).
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import textwrap
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from ._text import (
    INDEX_DECIMALS,
    MAX_DECIMALS,
    RECOMMENDED_DECIMALS,
    SCORE_BOUNDS,
    SCORE_DECIMALS,
    SEVERITY_WORDS,
    STATUS_URGENCY,
    STATUS_WORDS,
    amount,
    amount_apart,
    decimals_apart,
    display_width,
    entered,
    entered_pair,
    every_one,
    first_names,
    fixed,
    groups_apart_words,
    halfway,
    left_out_words,
    markdown_text,
    one_line,
    p_value_text,
    pair_apart,
    pair_decimals,
    percent_apart,
    plural,
    score_text,
    signed,
    years_written,
)
from .analysis._tolerance import below, positive
from .analysis.conditions import SCORE_KEYS, partner_reports
from .analysis.gaps import Gap, gap_roles, harm_balance, lead_coordination
from .analysis.measurement import in_measured_period
from .analysis.network import _CutSides, _tie_arrays
from .analysis.phases import PHASE_LABELS
from .analysis.reinforcement import coordination
from .errors import CollectiveImpactError, ValidationError, listed
from .model import FunctionLevel, TieKind
from .model.ties import RATINGS

if TYPE_CHECKING:
    from .analysis.reinforcement import Reinforcement
    from .config import ScoringConfig
    from .model import Activity, Initiative
    from .report import Assessment, AssessmentDiff, GoalChange, IndicatorChange

__all__: list[str] = []

#: Absolute tolerance below which two numbers of a diff are the same (no ``2.22e-16`` changes).
DIFF_TOLERANCE = 1e-9

#: Where the reasons of a gap go: its condition, except the coordination gaps of partners,
#: which explain the alignment index.
_REASON_KEY = {"uncoordinated-interdependence": "alignment_index"}

_CONDITION_KEYS = tuple(k for k in SCORE_KEYS if k != "overall")

#: The order of the reason keys in every view.
REASON_KEYS = ("phase", "overall", "alignment_index", *_CONDITION_KEYS, "preconditions")

REASON_TITLES = {
    "phase": "Phase",
    "overall": "Overall score",
    "alignment_index": "Alignment index",
    "common_agenda": "Common agenda",
    "shared_measurement": "Shared measurement",
    "mutually_reinforcing_activities": "Mutually reinforcing activities",
    "continuous_communication": "Continuous communication",
    "backbone_support": "Backbone support",
    "preconditions": "Preconditions",
}


def delta(before: float | None, after: float | None, tolerance: float) -> float | None:
    """``after - before``; exactly 0.0 within ``tolerance``; ``None`` when either is undefined."""
    if before is None or after is None:
        return None
    change = float(after) - float(before)
    return 0.0 if abs(change) <= tolerance else change


def direction(change: float | None) -> str:
    """Return "rose", "fell" or "unchanged" ("undefined" for ``None``)."""
    if change is None:
        return "undefined"
    return "rose" if change > 0 else "fell" if change < 0 else "unchanged"


def _and(items: Sequence[str], limit: int = 6) -> str:
    """Join ids as ``a, b and c`` (:func:`~collective_impact.errors.listed`)."""
    return listed(items, limit)


def _words(value: str) -> str:
    return value.replace("_", " ")


def tie_strengths(assessment: Assessment) -> dict[tuple[str, str], float]:
    """``{(p, q): strength}``: the strongest tie of each pair of partners (``p < q``)."""
    out: dict[tuple[str, str], float] = {}
    for tie in assessment.initiative.ties:
        pair = (min(tie.source, tie.target), max(tie.source, tie.target))
        out[pair] = max(out.get(pair, 0.0), float(tie.strength))
    return out


#: The kinds of a pair's ties, each ``(kind, strength)`` once at its strongest, strongest first.
TieKinds = tuple[tuple[str, float], ...]


def tie_kinds(assessment: Assessment) -> dict[tuple[str, str], TieKinds]:
    """``{(p, q): ((kind, strength), ...)}``: the kinds of the ties of each pair (``p < q``).

    Each kind once, at the strength of its strongest tie; the strongest first, then by kind.
    What :func:`tie_strengths` compares, by kind: the strongest tie of a pair can change by a
    tie of another kind added beside an untouched one, which :func:`tie_change_text` says.
    """
    out: dict[tuple[str, str], dict[str, float]] = {}
    for tie in assessment.initiative.ties:
        pair = (min(tie.source, tie.target), max(tie.source, tie.target))
        kinds = out.setdefault(pair, {})
        kinds[tie.kind.value] = max(kinds.get(tie.kind.value, 0.0), float(tie.strength))
    return {
        pair: tuple(sorted(kinds.items(), key=lambda ks: (-ks[1], ks[0])))
        for pair, kinds in out.items()
    }


def _tie_kinds_words(kinds: Sequence[str]) -> str:
    """Say some kinds of tie: ``"communication tie"``, ``"funding and referral ties"``.

    No comma: the items of the structure line are joined by commas.
    """
    return " and ".join(kinds) + (" ties" if len(kinds) > 1 else " tie")


def tie_change_text(
    change: tuple[str, str, float, float],
    kinds: tuple[TieKinds, TieKinds] | None,
    tolerance: float = DIFF_TOLERANCE,
    *,
    words: tuple[str, str] | None = None,
) -> str:
    """Say how the ties of a pair changed: an item of the line "ties changed" or "ties modified".

    ``"p – q (0.2 → 1)"`` when a kind of the strongest tie stayed the strongest (its strength
    changed). When the strongest tie is of another kind, the kinds added to or removed from
    the pair, and the strongest tie with its kind on each side: ``"p – q: communication tie
    added (strongest tie: referral 0.2 → communication 1)"``, not ``"(0.2 → 1)"``, which read
    as the referral tie strengthened when a communication tie was added beside it.

    The strongest tie of the same strength on both sides (``before`` equal to ``after`` within
    ``tolerance``: an entry of "ties modified"), each kind added, removed or of another
    strength beside it, and the strongest tie: ``"p – q: communication tie 0.4 added
    (strongest tie still referral 0.6)"``. The ties in words ("(referral q→p 0.6 →
    communication 0.4; referral q→p 0.6)") read the referral's direction as before → after.
    When the kinds leave a difference unsaid (a direction, ratings, a second tie of one kind),
    or without ``kinds``, the ``words`` of each side follow, labelled: ``"p – q: ties changed
    (before: [funding p→q 0.8]; after: [funding q→p 0.8])"``, after what the kinds say if
    they say anything (``"...(strongest tie still referral 0.6); ties changed (before: [...];
    after: [...])"``).

    Parameters
    ----------
    change
        ``(p, q, before, after)``, an entry of :attr:`AssessmentDiff.ties_changed
        <collective_impact.AssessmentDiff.ties_changed>`, or ``(p, q, s, s)`` of a pair of
        :attr:`AssessmentDiff.ties_modified <collective_impact.AssessmentDiff.ties_modified>`
        whose strongest tie is ``s`` on both sides.
    kinds
        The pair's :func:`tie_kinds` before and after; ``None`` (a diff pickled before they
        were recorded): the strengths only (or the ``words``).
    tolerance
        The diff's tolerance (:func:`tie_pair`).
    words
        The pair's ties in words before and after (:attr:`AssessmentDiff.ties_modified
        <collective_impact.AssessmentDiff.ties_modified>`), said when the kinds do not say
        what changed.

    Returns
    -------
    str

    Examples
    --------
    >>> tie_change_text(("p", "q", 0.2, 1.0), ((("referral", 0.2),),
    ...                 (("communication", 1.0), ("referral", 0.2))))
    'p – q: communication tie added (strongest tie: referral 0.2 → communication 1)'
    >>> tie_change_text(("p", "q", 0.2, 1.0), ((("referral", 0.2),), (("referral", 1.0),)))
    'p – q (0.2 → 1)'
    >>> tie_change_text(("p", "q", 0.6, 0.6), ((("referral", 0.6),),
    ...                 (("referral", 0.6), ("communication", 0.4))))
    'p – q: communication tie 0.4 added (strongest tie still referral 0.6)'
    >>> tie_change_text(("p", "q", 0.8, 0.8), ((("funding", 0.8),), (("funding", 0.8),)),
    ...                 words=("funding p→q 0.8", "funding q→p 0.8"))
    'p – q: ties changed (before: [funding p→q 0.8]; after: [funding q→p 0.8])'
    """
    p, q, before, after = change
    if abs(after - before) <= tolerance:
        return _tie_modified_text(p, q, kinds, tolerance, words)
    was, now = tie_pair(before, after, tolerance)
    if kinds is None or not kinds[0] or not kinds[1]:
        return f"{p} – {q} ({was} → {now})"
    old, new = kinds
    top_old = [k for k, strength in old if strength == old[0][1]]
    top_new = [k for k, strength in new if strength == new[0][1]]
    if set(top_old) & set(top_new):  # the same kind, stronger or weaker
        return f"{p} – {q} ({was} → {now})"
    removed = [k for k in top_old if k not in {k for k, _ in new}]
    added = [k for k in top_new if k not in {k for k, _ in old}]
    said = [f"{_tie_kinds_words(removed)} removed"] if removed else []
    said += [f"{_tie_kinds_words(added)} added"] if added else []
    strongest = f"strongest tie: {' and '.join(top_old)} {was} → {' and '.join(top_new)} {now}"
    return f"{p} – {q}: {' and '.join(said)} ({strongest})" if said else f"{p} – {q} ({strongest})"


def _tie_modified_text(
    p: str,
    q: str,
    kinds: tuple[TieKinds, TieKinds] | None,
    tolerance: float,
    words: tuple[str, str] | None,
) -> str:
    """Say how the ties of a pair changed beside a strongest tie of the same strength.

    :func:`tie_change_text` of an entry of "ties modified". Each kind on one side only ("added",
    "removed") or of another strength ("0.2 → 0.4"), in the order of kinds, then the strongest
    tie: "still" the same kind, or its kind on each side. The kinds keep each kind's strongest
    tie only: when they leave a difference of the ``words`` unsaid (a direction, a rating, a
    second tie of one kind; :func:`_kinds_say_all`), or without ``kinds``, the ties of each
    side follow, labelled: "; ties changed (before: [...]; after: [...])" (a referral tie
    reversed beside a communication tie added read "communication tie 0.4 added (strongest tie
    still referral 0.6)" alone, and a second, weaker referral tie added "direction or ratings
    changed").
    """
    said: list[str] = []
    if kinds is not None and kinds[0] and kinds[1]:
        old, new = dict(kinds[0]), dict(kinds[1])
        for kind in sorted(old.keys() | new.keys()):
            if kind not in new:
                said.append(f"{kind} tie {tie_text(old[kind])} removed")
            elif kind not in old:
                said.append(f"{kind} tie {tie_text(new[kind])} added")
            elif abs(new[kind] - old[kind]) > tolerance:
                was, now = tie_pair(old[kind], new[kind], tolerance)
                said.append(f"{kind} tie {was} → {now}")
    sides = "" if words is None else f"ties changed (before: [{words[0]}]; after: [{words[1]}])"
    if kinds is None or not kinds[0] or not kinds[1] or not said:
        return f"{p} – {q}: {sides or 'ties changed, the strongest of the same strength'}"
    (old_top, *_), (new_top, *_) = kinds
    top_old = [k for k, strength in kinds[0] if strength == old_top[1]]
    top_new = [k for k, strength in kinds[1] if strength == new_top[1]]
    strongest = (
        f"strongest tie still {' and '.join(top_new)} {tie_text(new_top[1])}"
        if top_old == top_new
        else f"strongest tie: {' and '.join(top_old)} {tie_text(old_top[1])} → "
        f"{' and '.join(top_new)} {tie_text(new_top[1])}"
    )
    text = f"{p} – {q}: {' and '.join(said)} ({strongest})"
    if words is None or _kinds_say_all(kinds, words, tolerance):
        return text
    return f"{text}; {sides}"


def _kinds_say_all(
    kinds: tuple[TieKinds, TieKinds], words: tuple[str, str], tolerance: float
) -> bool:
    """Whether the kinds added, removed or of another strength say every difference of ``words``.

    ``words`` are the ties of each side as :func:`tie_descriptions` writes them, joined by
    ``"; "``. Of each kind: the same strongest strength on both sides, the same ties; on one
    side only, one tie; of another strength, one tie on each side that differs in its strength
    alone (not its direction nor its ratings).
    """
    names = {kind for side in kinds for kind, _ in side}
    ties = [_ties_by_kind(side, names) for side in words]
    old, new = (dict(side) for side in kinds)
    for kind in names:
        was, now = ties[0].get(kind, []), ties[1].get(kind, [])
        if kind in old and kind in new and abs(new[kind] - old[kind]) <= tolerance:
            if sorted(was) != sorted(now):
                return False
        elif kind not in old or kind not in new:
            if len(was) + len(now) != 1:
                return False
        elif (
            len(was) != 1 or len(now) != 1 or _without_strength(was[0]) != _without_strength(now[0])
        ):
            return False
    return True


def _ties_by_kind(words: str, kinds: set[str]) -> dict[str, list[str]]:
    """Split the ties of one side in words (:func:`tie_descriptions`, joined) by their kind.

    A piece that begins with no kind is part of the tie before it (an id holding ``"; "``).
    """
    out: dict[str, list[str]] = {}
    last: list[str] | None = None
    for piece in words.split("; "):
        kind = next((k for k in kinds if piece == k or piece.startswith(f"{k} ")), None)
        if kind is None and last:
            last[-1] += f"; {piece}"
            continue
        last = out.setdefault(kind or "", [])
        last.append(piece)
    return out


def _without_strength(tie: str) -> tuple[str, bool]:
    """``(kind and direction, rated)`` of a tie in words (``"referral p→q 0.6, rated"``)."""
    rated = tie.endswith(", rated")
    head, _, _ = tie.removesuffix(", rated").rpartition(" ")
    return head, rated


def tie_descriptions(assessment: Assessment) -> dict[tuple[str, str], tuple[str, ...]]:
    """``{(p, q): descriptions}``: every tie of each pair of partners (``p < q``), in words.

    A tie reads ``"funding a→b 0.8"`` (a directed kind with its direction), ``"communication
    0.5"`` (a mutual one), with ``", rated"`` when it carries PARTNER-tool ratings or an
    intensity; sorted and each description once, so the same ties entered in another order,
    or a mutual tie entered both ways, read the same. What
    :func:`tie_strengths` does not see (a change of kind or direction, new ratings) shows here.
    """
    out: dict[tuple[str, str], list[str]] = {}
    for tie in assessment.initiative.ties:
        pair = (min(tie.source, tie.target), max(tie.source, tie.target))
        way = f" {tie.source}→{tie.target}" if tie.kind.directed else ""
        rated = any(getattr(tie, name) is not None for name in RATINGS) or tie.intensity
        text = f"{tie.kind.value}{way} {float(tie.strength):g}" + (", rated" if rated else "")
        out.setdefault(pair, []).append(text)
    return {pair: tuple(sorted(set(texts))) for pair, texts in out.items()}


def tie_text(strength: float) -> str:
    """Write a tie strength as a person entered it (six figures, :func:`~._text.amount`)."""
    return amount(strength, 6)


def tie_pair(before: float, after: float, tolerance: float = DIFF_TOLERANCE) -> tuple[str, str]:
    """Write two strengths of one tie apart (:func:`~._text.pair_apart`, from six figures).

    A tie that changed beyond the diff's ``tolerance`` reads as a change: a survey mean of 2/3
    entered again as 0.6666667 was "0.666667 → 0.666667", and with ``diff(tolerance=1e-12)``
    0.3 → 0.3000000005 was "0.3 → 0.3".

    >>> tie_pair(2 / 3, 0.6666667), tie_pair(0.2, 0.5)
    (('0.66666667', '0.6666667'), ('0.2', '0.5'))
    >>> tie_pair(0.3, 0.3000000005, 1e-12)
    ('0.3', '0.3000000005')
    """
    return pair_apart(before, after, 6, min(tolerance, DIFF_TOLERANCE))


#: How a list of recommended ties ends when it shows more than one: their gains do not add up.
NOT_ADDITIVE = (
    "Each gain is that of its tie alone: two ties may mend the same lack of coordination, so "
    "their gains do not add up; after adding one tie, assess again before choosing the next."
)
#: Said after the recommended ties when some row's index before and gain, each rounded, do not
#: add up to its index after as written (no precision up to ``RECOMMENDED_DECIMALS`` has them
#: all add up).
ROUNDED_APART = (
    "Each number is rounded on its own, so in some rows the index before plus the gain "
    "differs from the index after in the last decimal."
)


def equal_gains_text(
    assessment: Assessment,
    limit: int | None = None,
    escape: Callable[[str], str] = str,
    *,
    label: Callable[[str], str] | None = None,
) -> str:
    """Say which ties left out gain as much as the last listed ones ("" when none does).

    The ranking breaks equal gains by the partners' own coordination gap (``gap_share``), then
    by their ids: which of two equal ties is listed last can depend on names, and the list says
    so rather than hide the other one. ``limit``: the
    rows shown (when they are cut, the view says how many more there are, and this says
    nothing). ``escape`` writes an id for the view (Markdown escapes its marks); ``label``, if
    given, writes a partner as the view's rows do (the HTML report: "Name (id)"), else
    ``escape`` writes its id.

    Examples
    --------
    >>> import collective_impact as ci
    >>> print(equal_gains_text(ci.assess(ci.load_example("cradle-to-career-2027"))))
    head-start–health-dept gains as much as 1 tie not listed (community-foundation–health-dept):
    the larger coordination gap between the two partners, else their ids, chose which is listed.
    """
    recs = assessment.recommendations
    if limit is not None and limit < len(recs):
        return ""  # the rows shown are cut anyway: "… and K more"
    tied = [r for r in recs if r.equal_gains_left_out]
    if not tied:
        return ""
    count = max(r.equal_gains_left_out for r in tied)  # the same ties for each of them
    write = escape if label is None else label
    named = [f"{write(a)}–{write(b)}" for a, b in tied[-1].equal_gains]
    # "and 1 other", not "and 1 others" (four ties left out)
    shown = ", ".join(named[:3]) + (f" and {plural(count - 3, 'other')}" if count > 3 else "")
    listed = [f"{write(r.source)}–{write(r.target)}" for r in tied]
    return (
        f"{', '.join(listed[:-1]) + ' and ' if len(listed) > 1 else ''}{listed[-1]} "
        f"gain{'s' if len(listed) == 1 else ''} as much as {plural(count, 'tie')} "
        f"not listed ({shown}): the larger coordination gap "
        f"between the two partners, else their ids, chose which "
        f"{'is' if len(listed) == 1 else 'are'} listed."
    )


def no_recommendation_text(asked: int | None, index: float | None) -> str:
    """Say why no tie is recommended: none was searched, none would help, or no index.

    ``assess(..., recommendations=0)`` searches none, and every view said "none", as if no tie
    could help (:attr:`~collective_impact.Assessment.recommendations_asked`, ``None`` for an
    assessment pickled before it was recorded); an undefined alignment index has no tie to
    raise it.

    Examples
    --------
    >>> no_recommendation_text(0, 0.6)
    'not computed (recommendations=0)'
    >>> no_recommendation_text(5, 0.6)
    'none: no new or stronger tie would raise the alignment index'
    >>> no_recommendation_text(5, None), no_recommendation_text(None, 0.6)
    ('none: the alignment index is undefined', 'none (how many were asked for is not recorded)')
    """
    if asked == 0:
        return "not computed (recommendations=0)"
    if index is None:
        return "none: the alignment index is undefined"
    if asked is None:
        return "none (how many were asked for is not recorded)"
    return "none: no new or stronger tie would raise the alignment index"


@attrs.frozen
class RecommendationRow:
    """One recommended tie as the views write it (:func:`recommendation_rows`).

    ``now`` is the strength of the pair's strongest tie today (``None`` without one), written
    apart from ``strength``; ``before``, ``after`` and ``gain`` use the decimals of the whole
    list; ``together`` says how the two partners already work together without a tie (working
    groups and activities they share), or is empty; ``assumed`` is the share of the gain on
    pairs whose overlap is assumed (``"87%"``), or empty when none is (or it is not known);
    ``adds_up`` says whether ``before`` and ``gain`` add up to ``after`` as written
    (:data:`ROUNDED_APART` is said after a list with a row that does not); ``now_kind`` is the
    kind of the pair's strongest tie today in words (``"funding"``, ``"joint planning"``...)
    when it is not communication, or empty: the tie recommended is regular communication
    (:func:`~collective_impact.with_tie`), not more funding or more referrals, as "strengthen
    the tie (0.6 → 1)" read to a committee; ``talks`` is then the strength of the pair's
    communication tie today, weaker than that, written apart from ``strength`` (``None``
    without one): the communication recommended is that tie made stronger.
    """

    source: str
    target: str
    now: str | None
    strength: str
    before: str
    after: str
    gain: str
    together: str
    assumed: str
    adds_up: bool = True
    now_kind: str = ""
    talks: str | None = None

    @property
    def strength_cell(self) -> str:
        """The strength as a table's cell writes it.

        ``"1"`` for a new tie, ``"0.6 → 1"`` for a tie strengthened, ``"1 (today: funding
        0.6)"`` beside a tie of another kind, ``"0.3 → 1 (today: funding 0.6)"`` when their
        weaker communication is strengthened.
        """
        if self.now is None:
            return self.strength
        if self.now_kind:
            start = "" if self.talks is None else f"{self.talks} → "
            return f"{start}{self.strength} (today: {self.now_kind} {self.now})"
        return f"{self.now} → {self.strength}"


def strongest_kinds(assessment: Assessment) -> dict[tuple[str, str], TieKind]:
    """``{(p, q): kind}``: the kind of each pair's strongest tie (``p < q``).

    Of ties of equal strength, a mutual kind (communication, joint planning) is named before a
    directed one, and otherwise the first in the order of :class:`~collective_impact.TieKind`,
    so that the order the ties were entered in does not matter.
    """
    order = {kind: k for k, kind in enumerate(TieKind)}
    return {
        pair: max(kinds, key=lambda k: (kinds[k], not k.directed, -order[k]))
        for pair, kinds in kind_strengths(assessment).items()
    }


def kind_strengths(assessment: Assessment) -> dict[tuple[str, str], dict[TieKind, float]]:
    """``{(p, q): {kind: strength}}``: each pair's ties by kind (``p < q``), the strongest of each.

    The communication tie is the one :func:`~collective_impact.with_tie` strengthens when a
    recommended tie is added.
    """
    out: dict[tuple[str, str], dict[TieKind, float]] = {}
    for tie in assessment.initiative.ties:
        pair = (min(tie.source, tie.target), max(tie.source, tie.target))
        kinds = out.setdefault(pair, {})
        kinds[tie.kind] = max(kinds.get(tie.kind, 0.0), float(tie.strength))
    return out


def _kind_words(kind: TieKind) -> str:
    """Return a tie's kind as a sentence says it: ``"data sharing"`` for ``data-sharing``."""
    return kind.value.replace("-", " ")


def recommendation_rows(
    assessment: Assessment, limit: int | None = None, escape: Callable[[str], str] = str
) -> list[RecommendationRow]:
    """Return the recommended ties (the first ``limit``) as every view writes them.

    One precision for the whole list (:func:`shared_decimals`): the index before every tie is
    one number, and read "0.687" in one row and "0.6874" in the next. A strength is written as
    entered (six figures), apart from the tie it replaces (:func:`tie_pair`): a tie of
    0.9999999 made 1 read "1 -> 1". Two partners who share a working group (which coordinates
    their activities at ``working_group_coordination``) or run an activity together already
    coordinate some of their work: "connect library and schools" read as if they did not.
    ``escape`` writes the ids of working groups and activities for the view. Linear in the
    activities' partners, whatever the number of rows.
    """
    recs = assessment.recommendations[:limit]
    places = shared_decimals(
        changes=[(r.index_before, r.index_after, r.gain) for r in recs],
        points=[r.gain for r in recs],
        decimals=INDEX_DECIMALS,
        adding_up=RECOMMENDED_DECIMALS,
    )
    today = tie_strengths(assessment)
    kinds = strongest_kinds(assessment)
    by_kind = kind_strengths(assessment)
    analysed = assessment.analysed
    wg_counts = assessment.config.working_group_coordination > 0
    involved = {p for r in recs for p in (r.source, r.target)}
    # the working groups and activities of each partner of a row, in one pass over each list
    groups_of: dict[str, set[str]] = {p: set() for p in involved}
    acts_of: dict[str, set[str]] = {p: set() for p in involved}
    for wg in analysed.working_groups if wg_counts else ():
        for p in involved.intersection(wg.members):
            groups_of[p].add(wg.id)
    for act in analysed.activities:
        for p in involved.intersection(act.partners):
            acts_of[p].add(act.id)
    rows = []
    for r in recs:
        pair = (min(r.source, r.target), max(r.source, r.target))
        now = today.get(pair)
        before_text, after_text = (
            (None, tie_text(r.strength)) if now is None else tie_pair(now, r.strength)
        )
        groups = sorted(groups_of[r.source] & groups_of[r.target])
        shared = sorted(acts_of[r.source] & acts_of[r.target])
        words = []
        if groups:
            names = first_names([escape(g) for g in groups], 3)
            words.append(f"share working group{'s' if len(groups) > 1 else ''} {names}")
        if shared:
            words.append(f"run {first_names([escape(a) for a in shared], 3)} together")
        share = r.assumed_overlap_share
        rows.append(
            RecommendationRow(
                source=r.source,
                target=r.target,
                now=before_text,
                strength=after_text,
                before=fixed(r.index_before, places),
                after=fixed(r.index_after, places),
                gain=signed(r.gain, places),
                adds_up=_adds_up(r.index_before, r.index_after, r.gain, places),
                # "share working groups a, b, and run x together": a comma after a list
                together=(
                    "they already " + (", and " if "," in words[0] else " and ").join(words)
                    if words
                    else ""
                ),
                assumed=percent_apart(share, 0.0, 1.0) if share is not None and share > 0 else "",
                now_kind=(
                    _kind_words(kinds[pair])
                    if now is not None and kinds[pair] is not TieKind.COMMUNICATION
                    else ""
                ),
                talks=(
                    tie_pair(by_kind[pair][TieKind.COMMUNICATION], r.strength)[0]
                    if now is not None
                    and kinds[pair] is not TieKind.COMMUNICATION
                    and TieKind.COMMUNICATION in by_kind[pair]
                    else None
                ),
            )
        )
    return rows


def _agenda(initiative: Initiative) -> set[str]:
    """Return the ids of the agenda indicators: those a goal lists (every goal weighs > 0)."""
    return {i for goal in initiative.goals for i in goal.indicators}


@attrs.frozen
class _Side:
    """What sets the coordination of two activities on one date (docs/scoring.md, Coordination).

    The strongest tie of each pair of partners (undirected), the working groups of each
    partner, the backbone organisation and the partners who reach it (are it, or are tied to
    it), and the two settings that give a shared working group and the backbone's brokerage
    their coordination.
    """

    ties: Mapping[tuple[str, str], float]
    groups: Mapping[str, frozenset[str]]
    backbone: str | None
    reach: frozenset[str]
    group_k: float
    broker_k: float

    @classmethod
    def of(cls, assessment: Assessment) -> _Side:
        """Read the side of ``assessment`` (its initiative as analysed, and its settings)."""
        analysed = assessment.analysed
        groups: dict[str, set[str]] = {}
        for wg in analysed.working_groups:
            for member in wg.members:
                groups.setdefault(member, set()).add(wg.id)
        ties = tie_strengths(assessment)
        backbone = analysed.backbone.organization if analysed.backbone is not None else None
        reach = set() if backbone is None else {backbone}
        for p, q in ties if backbone is not None else ():
            if backbone in (p, q):
                reach.add(q if p == backbone else p)
        return cls(
            ties=ties,
            groups={p: frozenset(g) for p, g in groups.items()},
            backbone=backbone,
            reach=frozenset(reach),
            group_k=float(assessment.config.working_group_coordination),
            broker_k=float(assessment.config.brokered_coordination),
        )

    def tie(self, x: str, y: str) -> float:
        """Return the strongest tie between ``x`` and ``y`` (0 without one)."""
        return self.ties.get((min(x, y), max(x, y)), 0.0)

    def shared_groups(self, x: str, y: str) -> frozenset[str]:
        """Return the working groups of which ``x`` and ``y`` are both members."""
        empty: frozenset[str] = frozenset()
        return self.groups.get(x, empty) & self.groups.get(y, empty)

    def reached(self, pa: Iterable[str], pb: Iterable[str]) -> bool:
        """Whether activities run by ``pa`` and ``pb`` both reach the backbone (at any setting)."""
        return (
            self.backbone is not None
            and not self.reach.isdisjoint(pa)
            and not self.reach.isdisjoint(pb)
        )

    def brokered(self, pa: Iterable[str], pb: Iterable[str]) -> bool:
        """Whether the backbone coordinates activities run by ``pa`` and ``pb`` (rule 4)."""
        return self.broker_k > 0 and self.reached(pa, pb)

    def k(self, pa: Sequence[str], pb: Sequence[str]) -> float:
        """Return the coordination of two activities run by ``pa`` and ``pb``."""
        if not set(pa).isdisjoint(pb):
            return 1.0
        best = max((self.tie(x, y) for x in pa for y in pb), default=0.0)
        if self.group_k > 0 and any(self.shared_groups(x, y) for x in pa for y in pb):
            best = max(best, self.group_k)
        if self.brokered(pa, pb):
            best = max(best, self.broker_k)
        return min(1.0, best)


#: The pairs of activities the index effects of a diff read at a time (:func:`_scored_chunks`),
#: and the pairs of partners of those pairs they expand at a time: their temporaries stay within
#: a few times this many values at any size.
_EFFECT_CHUNK = 1 << 18


def _spans(starts: Any, counts: Any) -> Any:
    """Return ``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``, vectorised."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    shift = np.asarray(starts, dtype=np.int64) - (np.cumsum(counts) - counts)
    return np.repeat(shift, counts) + np.arange(total, dtype=np.int64)


def _cuts(cost: Any, limit: int) -> list[tuple[int, int]]:
    """Return ``[(lo, hi), ...]``: consecutive runs of ``cost`` of at most ``limit`` in all.

    A single item above ``limit`` is a run of its own.
    """
    out: list[tuple[int, int]] = []
    ends = np.cumsum(np.asarray(cost, dtype=np.int64))
    lo, n = 0, int(ends.size)
    while lo < n:
        base = int(ends[lo - 1]) if lo else 0
        hi = max(int(np.searchsorted(ends, base + limit, side="right")), lo + 1)
        out.append((lo, hi))
        lo = hi
    return out


def _scored_chunks(result: Reinforcement) -> Iterator[tuple[Any, Any, Any, Any]]:
    """Yield the scored pairs of ``result`` in chunks: ``(rows, a, b, R)``.

    The pairs the alignment index sums that count (between partners, :math:`R > 0`,
    docs/scoring.md), :data:`_EFFECT_CHUNK` rows of the pair table at a time: their rows, their
    two activities' positions and their reinforcement.
    """
    pairs = result.pairs
    between = np.asarray(pairs.between)
    pa, pb = np.asarray(pairs.a), np.asarray(pairs.b)
    for lo in range(0, len(pairs), _EFFECT_CHUNK):
        rows = lo + np.flatnonzero(between[lo : lo + _EFFECT_CHUNK])
        r = np.asarray(pairs.at("reinforcement", rows), dtype=np.float64).reshape(-1)
        keep = r > 0
        if keep.any():
            rows = rows[keep]
            yield rows, pa[rows].astype(np.int64), pb[rows].astype(np.int64), r[keep]


def _stored_ties(result: Reinforcement, ties: Sequence[tuple[str, str]]) -> tuple[Any, Any]:
    """Return the strongest tie of each pair of partner ids as ``result`` scored it, and if any.

    ``(strength, present)``: 0 and false for a pair with no tie or a partner not there. The
    tie matrix the coordination reads (a tie of any strength ties a partner to the backbone).
    """
    arrays = result._arrays
    n = max(len(arrays.partner_ids), 1)
    at = arrays.partner_pos
    coo = sp.coo_array(arrays.tie_strength)
    keys = coo.row.astype(np.int64) * n + coo.col.astype(np.int64)
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], np.asarray(coo.data, dtype=np.float64)[order]
    wanted = np.array(
        [at[p] * n + at[q] if p in at and q in at else -1 for p, q in ties], dtype=np.int64
    )
    if not keys.size:
        return np.zeros(len(ties)), np.zeros(len(ties), dtype=bool)
    spot = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    present = (wanted >= 0) & (keys[spot] == wanted)
    return np.where(present, values[spot], 0.0), present


def _tie_effects(
    result: Reinforcement,
    ties: Sequence[tuple[str, str]],
    early: tuple[Any, Any],
    late: tuple[Any, Any],
    own: tuple[Any, Any],
) -> tuple[Any, Any]:
    r"""Return how much each tie changed, alone, moves the alignment index of ``result``.

    ``ties`` are pairs of partner ids; ``early``, ``late`` and ``own`` their strongest tie and
    whether there is one (:func:`_stored_ties`) on the earlier date, the later date and
    ``result``'s. Returns ``(effect, scale)``: for each tie
    :math:`\sum R\,(k_{late} - k_{early})` over the scored pairs of ``result`` (between
    partners, :math:`R > 0`), :math:`k` being their coordination with that tie as on each date
    and every other tie as on ``result``'s, and :math:`\sum R\,|k_{late} - k_{early}|`, the size
    of its terms (for :func:`~collective_impact.analysis._tolerance.positive`). Divided by
    :math:`\sum R` the effect is the tie's own move of :math:`\sum R k / \sum R`; a tie only
    raises :math:`k` as it grows, so the terms of one tie have one sign and never cancel.

    :math:`k` is that of :func:`~collective_impact.analysis.reinforcement.coordination` (the
    rules of docs/scoring.md), computed once, without the changed ties and the brokerage, for
    every pair a changed tie can touch; each tie's two values are then put back with the other
    changed ties as on ``result``'s date: a shared partner 1, else the largest link between the
    two activities' partners, or the backbone's brokerage when both activities reach it, the
    tie's partner reaching it as on each date. The pairs a tie can touch: a partner of the tie
    in each activity; when it joins a partner to ``result``'s backbone organisation and is on
    one date only (the partner's reach changes), every pair with that partner in an activity.

    Array operations over chunks of the scored pairs (:data:`_EFFECT_CHUNK`), no loop over
    pairs, no partner × partner matrix but the tie matrix.
    """
    n_t = len(ties)
    effect, scale = np.zeros(n_t), np.zeros(n_t)
    if not n_t or not result.total_reinforcement > 0:
        return effect, scale
    arrays, config = result._arrays, result._config
    n_p = max(len(arrays.partner_ids), 1)
    at = arrays.partner_pos
    ends = np.array(
        [(at[p], at[q]) if p in at and q in at else (-1, -1) for p, q in ties], dtype=np.int64
    ).reshape(-1, 2)
    here = ends[:, 0] >= 0
    (s_early, on_early), (s_late, on_late), (s_own, _) = early, late, own
    # rule 2 (the strongest link between the two activities' partners): the ties whose
    # strength changed, by key
    linked = here & (s_early != s_late)
    keys = np.where(linked, ends.min(axis=1) * n_p + ends.max(axis=1), -1)
    by_key = np.argsort(keys, kind="stable")
    link_keys = keys[by_key]
    # rule 4 (the backbone's brokerage): the ties of a partner with the backbone on one date
    floor = float(config.brokered_coordination) if arrays.backbone >= 0 else 0.0
    broker_of = np.full(n_p, -1, dtype=np.int64)  # the tie of each partner with the backbone
    other = np.where(ends[:, 0] == arrays.backbone, ends[:, 1], ends[:, 0])
    if floor > 0:
        moved = here & (on_early != on_late) & (ends == arrays.backbone).any(axis=1)
        broker_of[other[moved]] = np.flatnonzero(moved)
    brokered = broker_of >= 0
    if not linked.any() and not brokered.any():
        return effect, scale
    # the tie matrix without the changed ties: the coordination of every other link
    ties_now = sp.coo_array(arrays.tie_strength)
    row, col = ties_now.row.astype(np.int64), ties_now.col.astype(np.int64)
    kept = ~np.isin(np.minimum(row, col) * n_p + np.maximum(row, col), link_keys[link_keys >= 0])
    without = sp.csr_array(
        (np.asarray(ties_now.data)[kept], (row[kept], col[kept])), shape=ties_now.shape
    )
    unbrokered = attrs.evolve(config, brokered_coordination=0.0)
    table = arrays.partner_sets
    ptr = table.members.indptr.astype(np.int64)
    member = table.members.indices.astype(np.int64)
    size = ptr[1:] - ptr[:-1]
    end = np.zeros(n_p)
    end[ends[linked].reshape(-1)] = 1.0
    touches = np.asarray(table.members @ end).reshape(-1) > 0  # by partner set
    broker_sets = np.asarray(table.members @ brokered.astype(np.float64)).reshape(-1) > 0
    tied = np.asarray(arrays.tied_to_backbone, dtype=bool)
    reaching = np.asarray(table.members @ tied.astype(np.float64)).reshape(-1)  # by set
    for _, a, b, r in _scored_chunks(result):
        sa, sb = table.of[a], table.of[b]
        link = touches[sa] & touches[sb]
        keep = link | broker_sets[sa] | broker_sets[sb]
        if not keep.any():
            continue
        a, b, r, sa, sb, link = a[keep], b[keep], r[keep], sa[keep], sb[keep], link[keep]
        found: list[tuple[Any, Any, int]] = []  # (pair, tie, 1 link / 2 reach of a / 4 of b)
        # a partner of the tie in each activity: each partner of a with each of b, by key
        pl = np.flatnonzero(link)
        combos = size[sa[pl]] * size[sb[pl]]
        for lo, hi in _cuts(combos, _EFFECT_CHUNK):
            j = np.repeat(pl[lo:hi], combos[lo:hi])
            c = _spans(np.zeros(hi - lo, dtype=np.int64), combos[lo:hi])
            width = size[sb[j]]
            p = member[ptr[sa[j]] + c // width]
            q = member[ptr[sb[j]] + c % width]
            key = np.minimum(p, q) * n_p + np.maximum(p, q)
            spot = np.minimum(np.searchsorted(link_keys, key), link_keys.size - 1)
            hit = link_keys[spot] == key
            found.append((j[hit], by_key[spot[hit]], 1))
        if brokered.any():
            for s, bit in ((sa, 2), (sb, 4)):
                pk = np.flatnonzero(broker_sets[s])
                j = np.repeat(pk, size[s[pk]])
                p = member[_spans(ptr[s[pk]], size[s[pk]])]
                hit = brokered[p]
                found.append((j[hit], broker_of[p[hit]], bit))
        if not found:
            continue
        pair = np.concatenate([f[0] for f in found])
        tie = np.concatenate([f[1] for f in found])
        flags = np.concatenate([np.full(f[0].size, f[2], dtype=np.int64) for f in found])
        if not pair.size:
            continue
        both, at_row = np.unique(pair * n_t + tie, return_inverse=True)
        flag = np.zeros(both.size, dtype=np.int64)
        np.bitwise_or.at(flag, at_row, flags)
        pair, tie = both // n_t, both % n_t
        # the coordination of the pairs touched without the changed ties nor the brokerage
        touched, at_pair = np.unique(pair, return_inverse=True)
        base = coordination(arrays, unbrokered, a[touched], b[touched], tie_strength=without)[
            at_pair
        ]
        # the other changed ties of each pair as on this date: the largest but the tie's own
        value = np.where(flag & 1, s_own[tie], 0.0)
        order = np.lexsort((-value, pair))  # each pair's largest first
        ranked = value[order]
        first = np.r_[True, pair[order][1:] != pair[order][:-1]]
        head = np.flatnonzero(first)
        nxt = np.minimum(head + 1, order.size - 1)
        second = np.where((head + 1 < order.size) & ~first[nxt], ranked[nxt], 0.0)
        group = np.cumsum(first) - 1
        rest = np.empty(order.size)
        rest[order] = np.where(first, second[group], ranked[head][group])
        base = np.maximum(base, rest)
        ks = []
        for s, on in ((s_early, on_early), (s_late, on_late)):
            k = np.maximum(base, np.where(flag & 1, s[tie], 0.0))
            if floor > 0:
                mine = tied[other[tie]] & (broker_of[other[tie]] == tie)
                now = on[tie] & (broker_of[other[tie]] == tie)
                reach = []
                for sets, bit in ((sa, 2), (sb, 4)):
                    held = (flag & bit) > 0
                    rest_reach = reaching[sets[pair]] - (held & mine) > 0
                    reach.append(rest_reach | (held & now))
                k = np.maximum(k, floor * (reach[0] & reach[1]))
            ks.append(k)
        w = r[pair]
        effect += np.bincount(tie, w * (ks[1] - ks[0]), n_t)
        scale += np.bincount(tie, w * np.abs(ks[1] - ks[0]), n_t)
    return effect, scale


def _activity_effects(result: Reinforcement, ids: Iterable[str]) -> dict[str, float]:
    r"""Return how much taking each activity away, alone, moves the alignment index of ``result``.

    :math:`|I - (C - C_x) / (T - T_x)|` with :math:`I = C / T` the index, :math:`C = \sum R k`
    and :math:`T = \sum R` over the scored pairs (between partners, :math:`R > 0`), and
    :math:`C_x`, :math:`T_x` the same over those of activity :math:`x`: 0 when it is in none or
    its pairs' coordination averages the index (to rounding: ``positive`` of the cross
    products), 1 when its pairs are all the scored work (the index would be undefined). Read
    from the pair arrays in chunks; an activity ``result`` did not score is 0.
    """
    positions = result._arrays.activity_pos
    wanted = sorted(aid for aid in set(ids) if aid in positions)
    out = dict.fromkeys(ids, 0.0)
    total, coordinated = float(result.total_reinforcement), float(result.coordinated_reinforcement)
    if not wanted or not total > 0:
        return out
    n_a = len(result.activity_ids)
    mask = np.zeros(n_a, dtype=bool)
    mask[[positions[aid] for aid in wanted]] = True
    work, held = np.zeros(n_a), np.zeros(n_a)
    for rows, a, b, r in _scored_chunks(result):
        hit = mask[a] | mask[b]
        if hit.any():
            rk = r[hit] * np.asarray(result.pairs.at("coordination", rows[hit]))
            for x in (a[hit], b[hit]):
                work += np.bincount(x, r[hit], n_a)
                held += np.bincount(x, rk, n_a)
    for aid in wanted:
        t_x, c_x = work[positions[aid]], held[positions[aid]]
        if not t_x > 0:
            continue
        if not positive(total - t_x, total):
            out[aid] = 1.0
        elif positive(abs(total * c_x - coordinated * t_x), total * c_x + coordinated * t_x):
            out[aid] = abs(coordinated / total - (coordinated - c_x) / (total - t_x))
    return out


def _placeable(init: Initiative, moved: list[Activity]) -> list[Activity]:
    """Return those of ``moved`` that ``init`` takes beside its activities (its labels, ...).

    All at once when they fit together; else the halves, each on its own (one activity with a
    label the initiative does not declare left every other unweighed on that date, found by a
    reviewer): a few bad ones cost a few checks of the initiative each, not one per activity.
    """
    if not moved:
        return []
    try:
        init.evolve(activities=[*init.activities, *moved])
    except CollectiveImpactError:
        if len(moved) == 1:
            return []
        half = len(moved) // 2
        return _placeable(init, moved[:half]) + _placeable(init, moved[half:])
    return moved


def _put_back_effects(side: Assessment, activities: Sequence[Activity]) -> dict[str, float]:
    r"""Return how much putting each activity back into ``side``, alone, moves its index.

    The activities are those of the other date, not scored by ``side``: each is put into the
    initiative ``side`` analysed, running on its date (its own dates dropped), and its pairs
    with ``side``'s activities are scored by the engine
    (:func:`~collective_impact.reinforcement_scores`; all the activities at once, their pairs
    with one another left out: a pair's :math:`R` and :math:`k` read only its two activities
    and the initiative's ties, groups, backbone, indicators and goals). The move is
    :math:`|C/T - (C + C_x)/(T + T_x)|` (:math:`C_x`, :math:`T_x` over those pairs that are
    scored), 0 to rounding (``positive`` of the cross products), and 1 when ``side`` has no
    index (:math:`T = 0`) and the activity would give it one. An activity that cannot be put
    there (a partner or indicator of it not in that initiative, a label not of its dimensions)
    is 0: only its own date weighs it.
    """
    from .analysis.reinforcement import reinforcement_scores

    out = {a.id: 0.0 for a in activities}
    init = side.analysed
    partners = {p.id for p in init.partners}
    indicators = {i.id for i in init.indicators}
    running = {a.id for a in init.activities}
    fits = sorted(
        (
            a
            for a in activities
            if a.id not in running
            and set(a.partners) <= partners
            and set(a.contributes) <= indicators
        ),
        key=lambda a: a.id,
    )
    if not fits:
        return out
    moved = [attrs.evolve(a, start=None, end=None) for a in fits]
    try:
        grown = init.evolve(activities=[*init.activities, *moved])
    except CollectiveImpactError:
        moved = _placeable(init, moved)
        if not moved:
            return out
        kept = {m.id for m in moved}
        fits = [a for a in fits if a.id in kept]
        grown = init.evolve(activities=[*init.activities, *moved])
    try:
        result = reinforcement_scores(grown, config=side.config, as_of=side.as_of)
    except CollectiveImpactError:
        return out
    positions = result._arrays.activity_pos
    n_a = len(result.activity_ids)
    new = np.zeros(n_a, dtype=bool)
    new[[positions[a.id] for a in fits]] = True
    work, held = np.zeros(n_a), np.zeros(n_a)
    for rows, a, b, r in _scored_chunks(result):
        one = new[a] != new[b]  # a pair of one activity put back with one of side's
        if one.any():
            k = np.asarray(result.pairs.at("coordination", rows[one]), dtype=np.float64)
            x = np.where(new[a[one]], a[one], b[one])
            work += np.bincount(x, r[one], n_a)
            held += np.bincount(x, r[one] * k.reshape(-1), n_a)
    base = side.reinforcement
    total, coordinated = float(base.total_reinforcement), float(base.coordinated_reinforcement)
    for act in fits:
        t_x, c_x = work[positions[act.id]], held[positions[act.id]]
        if not t_x > 0:
            continue
        if not total > 0:
            out[act.id] = 1.0  # no index on that date, one with the activity
        elif positive(abs(total * c_x - coordinated * t_x), total * c_x + coordinated * t_x):
            out[act.id] = abs(coordinated / total - (coordinated + c_x) / (total + t_x))
    return out


@attrs.frozen
class _Network:
    """The undirected view of one side's ties (:func:`~collective_impact.tie_graph`).

    Each partner's neighbours and the component it is in, as the network gaps read them: a
    partner without a tie is a component of its own.
    """

    at: Mapping[str, int]
    ids: Sequence[str]
    indptr: Sequence[int]
    indices: Sequence[int]
    label: Sequence[int]

    @classmethod
    def of(cls, assessment: Assessment) -> _Network:
        """Read the ties of ``assessment``'s initiative as analysed (those its gaps read)."""
        arrays = _tie_arrays(assessment.analysed)
        _, label = csgraph.connected_components(arrays.adjacency, directed=False)
        return cls(
            at={p: k for k, p in enumerate(arrays.ids)},
            ids=arrays.ids,
            indptr=arrays.adjacency.indptr.tolist(),
            indices=arrays.adjacency.indices.tolist(),
            label=label.tolist(),
        )

    def has(self, p: str) -> bool:
        """Whether ``p`` is a partner of the initiative."""
        return p in self.at

    def tied(self, p: str) -> bool:
        """Whether ``p``, a partner, has a tie to another partner."""
        k = self.at[p]
        return self.indptr[k + 1] > self.indptr[k]

    def part(self, p: str) -> int:
        """Return the component of ``p``, a partner: equal for two partners connected."""
        return self.label[self.at[p]]

    def neighbours(self, p: str) -> list[str]:
        """Return the partners tied to ``p``, sorted."""
        k = self.at[p]
        return [self.ids[j] for j in self.indices[self.indptr[k] : self.indptr[k + 1]]]


class _Context:
    """What the phrases need to know about the two snapshots.

    Parameters
    ----------
    before, after
        The earlier and the later assessment.
    tolerance
        Absolute tolerance of the diff: a tie at most this much stronger is not newly tied.
    indicators
        The diff's :class:`~collective_impact.IndicatorChange` records.
    """

    def __init__(
        self,
        before: Assessment,
        after: Assessment,
        tolerance: float = DIFF_TOLERANCE,
        indicators: Sequence[IndicatorChange] = (),
    ) -> None:
        self.before, self.after = before, after
        self.indicator_changes = {c.indicator: c for c in indicators}
        self.tolerance = tolerance
        b_init, a_init = before.initiative, after.initiative
        # the activities each assessment scored (those running on its date): one that ended,
        # or left the file, is gone; one that started, or joined it, is new
        self.scored_before = {a.id: a for a in before.analysed.activities}
        self.scored_after = {a.id: a for a in after.analysed.activities}
        self.activities_gone = self.scored_before.keys() - self.scored_after.keys()
        self.not_running_before = {r.activity: r for r in before.not_running}
        self.not_running_after = {r.activity: r for r in after.not_running}
        self.partners_gone = {p.id for p in b_init.partners} - {p.id for p in a_init.partners}
        self.indicators_gone = {i.id for i in b_init.indicators} - {i.id for i in a_init.indicators}
        self.goals_gone = {g.id for g in b_init.goals} - {g.id for g in a_init.goals}
        self.agenda_after = _agenda(a_init)
        self.old_ties = tie_strengths(before)
        self.new_ties = tie_strengths(after)
        self.old_kinds = strongest_kinds(before)
        self.new_kinds = strongest_kinds(after)
        self.old_by_kind = kind_strengths(before)
        self.status_before = {m.indicator: m.status.value for m in before.measurement}
        self.status_after = {m.indicator: m.status.value for m in after.measurement}
        # those reporting a measurement, as the non-reporting-partner gap reads it: a report
        # from the baseline on (one from before it is history)
        self.reporters_after = partner_reports(
            after.initiative.indicators, after.measurement, after.as_of
        ).reporting
        self.reporters_before = partner_reports(
            before.initiative.indicators, before.measurement, before.as_of
        ).reporting
        self.measured_before = {m.indicator: m for m in before.measurement}
        self.measured_after = {m.indicator: m for m in after.measurement}
        self.duplicates_after = [g for g in after.gaps if g.code == "duplication"]
        self.settings = {k: (b, a) for k, b, a in settings_changes(before, after)}
        self._gaps_by_key: dict[int, dict[str, Gap]] = {}
        self._assessed: list[tuple[ScoringConfig, Assessment | None]] = []

    @functools.cached_property
    def _reports(self) -> tuple[dict[str, set[tuple[str, dt.date]]], ...]:
        """Each partner's reports, ``{(indicator, date)}``, up to each side's ``as_of``.

        Before and after; one pass over each side's observations, built for the first
        ``non-reporting-partner`` gap whose cause is looked for.
        """
        out: list[dict[str, set[tuple[str, dt.date]]]] = []
        for side in (self.before, self.after):
            found: dict[str, set[tuple[str, dt.date]]] = {}
            for ind in side.initiative.indicators:
                for o in ind.observations:
                    if o.reported_by is not None and (side.as_of is None or o.date <= side.as_of):
                        found.setdefault(o.reported_by, set()).add((ind.id, o.date))
            out.append(found)
        return tuple(out)

    def _measured(self, report: tuple[str, dt.date], after: bool) -> bool:
        """Whether ``(indicator, date)`` is of its indicator's measured period on one side."""
        side = self.after if after else self.before
        record = (self.measured_after if after else self.measured_before).get(report[0])
        frequency = side.initiative.indicator(report[0]).frequency
        start = None if record is None else record.baseline_date
        return in_measured_period(report[1], start, frequency)

    def reports_moved(self, partner: str, *, into: bool) -> str | None:
        """Say how a baseline moved a partner's unchanged report into or out of the measured period.

        ``into``: the partner reports a measurement after and did not before (its
        ``non-reporting-partner`` gap closed), and every report that counts after was in the
        earlier snapshot already, as history: its indicator's baseline (or frequency) changed,
        not what the partner filed. Not ``into``: it reported a measurement before and does not
        after (the gap opened), and every report that counted before is still in, now history.
        ``None`` otherwise (a new report, or one removed: the gap's usual words say it).
        """
        before, after = (side.get(partner, set()) for side in self._reports)
        counted = sorted(
            (r for r in (after if into else before) if self._measured(r, into)),
            key=lambda r: (r[1], r[0]),
        )
        if not counted or not set(counted) <= (before if into else after):
            return None
        indicator, day = counted[-1]  # the latest (of the first indicator, on one date)
        # the causes: the baseline known on each side, and the frequency
        was, now = self.measured_before.get(indicator), self.measured_after.get(indicator)
        old_day = None if was is None else was.baseline_date
        new_day = None if now is None else now.baseline_date
        causes = []
        if old_day is not None and new_day is not None and old_day != new_day:
            causes.append(f"{indicator}'s baseline moved from {old_day} to {new_day}")
        elif new_day is not None and old_day is None:
            causes.append(f"{indicator} has a baseline of {new_day} now")
        elif old_day is not None and new_day is None:
            causes.append(f"{indicator} has no baseline known on the date of judgement now")
        old_f = self.before.initiative.indicator(indicator).frequency
        new_f = self.after.initiative.indicator(indicator).frequency
        if old_f is not None and new_f is not None and old_f != new_f:
            causes.append(f"{indicator}'s frequency changed from {old_f.value} to {new_f.value}")
        elif new_f is not None and old_f is None:
            causes.append(f"{indicator}'s frequency is {new_f.value} now (it had none)")
        elif old_f is not None and new_f is None:
            causes.append(f"{indicator} has no frequency now (it was {old_f.value})")
        what = (
            f"report of {day.isoformat()} on {indicator} now falls"
            if len(counted) == 1
            else f"{len(counted)} reports (the last of {day.isoformat()}, on {indicator}) now fall"
        )
        where = "in" if into else "before"
        return f"{partner}'s {what} {where} the measured period" + (
            f": {_and(causes)}" if causes else ""
        )

    def newly_tied(self, p: str, q: str) -> float | None:
        """Return the strength of the tie of ``p`` and ``q`` when it is new or stronger."""
        pair = (min(p, q), max(p, q))
        new = self.new_ties.get(pair)
        if new is not None and new > self.old_ties.get(pair, 0.0) + self.tolerance:
            return new
        return None

    def tie_effects(self, ties: Sequence[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """Return how much each tie changed, alone, moves the alignment index, on either date.

        For each pair of partner ids, the larger of the moves of the index of the earlier
        assessment with that tie as on the later date and of the later one with it as on the
        earlier date, everything else as on the assessment's date (:func:`_tie_effects`); 0
        when neither moves beyond rounding. Read for all the ties at once, in chunks of the
        scored pairs, only for those given.
        """
        ties = list(ties)
        if not ties:
            return {}
        b_result, a_result = self.before.reinforcement, self.after.reinforcement
        early, late = _stored_ties(b_result, ties), _stored_ties(a_result, ties)
        out = np.zeros(len(ties))
        for result, own in ((b_result, early), (a_result, late)):
            if not result.total_reinforcement > 0:
                continue  # no index: nothing to move
            effect, scale = _tie_effects(result, ties, early, late, own)
            moved = np.asarray(positive(np.abs(effect), scale), dtype=bool)
            share = np.abs(effect) / result.total_reinforcement
            out = np.maximum(out, np.where(moved, share, 0.0))
        return {pair: float(w) for pair, w in zip(ties, out, strict=True)}

    def activity_effects(self, added: Iterable[str], removed: Iterable[str]) -> dict[str, float]:
        """Return how much each activity added or removed, alone, moves the alignment index.

        On either date, as the ties are weighed: the larger of the moves of one assessment's
        index without the activity (one added: taken away from the later assessment; one
        removed: from the earlier, :func:`_activity_effects`) and of the other's with it (one
        added: put into the earlier; one removed: back into the later,
        :func:`_put_back_effects`); 0 when neither moves beyond rounding, 1 when the index is
        defined on one date only because of it.
        """
        added, removed = list(added), list(removed)
        out = _activity_effects(self.before.reinforcement, removed) if removed else {}
        if added:
            out.update(_activity_effects(self.after.reinforcement, added))
        for ids, into, scored in (
            (removed, self.after, self.scored_before),
            (added, self.before, self.scored_after),
        ):
            if ids:
                for aid, w in _put_back_effects(into, [scored[a] for a in ids]).items():
                    out[aid] = max(out[aid], w)
        return out

    def led_pairs(
        self, leads: Iterable[tuple[str, str]]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Return the scored pairs that pairs of lead partners lead, before and after.

        The scored pairs (two activities between partners that reinforce each other) whose two
        leads are one of ``leads``, as activity ids ``(a, b)`` in the order of the pair table,
        on each date: the pairs whose coordination makes the share of an
        ``uncoordinated-interdependence`` gap of those leads (docs/scoring.md, "Coordination
        gaps"). Read from each side's pair arrays in chunks (:func:`_scored_chunks`), no loop
        over pairs; empty when none of ``leads`` leads scored work.
        """
        leads = list(leads)
        out: list[list[tuple[str, str]]] = []
        for side, scored in ((self.before, self.scored_before), (self.after, self.scored_after)):
            found: list[tuple[str, str]] = []
            out.append(found)
            result = side.reinforcement
            ids = result.activity_ids
            heads = [scored[aid].partners[0] for aid in ids]
            at = {p: k for k, p in enumerate(sorted(set(heads)))}
            n = max(len(at), 1)
            wanted = np.array(
                sorted(
                    min(at[p], at[q]) * n + max(at[p], at[q])
                    for p, q in leads
                    if p in at and q in at and p != q
                ),
                dtype=np.int64,
            )
            if not wanted.size:
                continue
            lead = np.fromiter((at[p] for p in heads), dtype=np.int64, count=len(heads))
            for _, a, b, _ in _scored_chunks(result):
                la, lb = lead[a], lead[b]
                hit = np.isin(np.minimum(la, lb) * n + np.maximum(la, lb), wanted)
                found += [(ids[int(x)], ids[int(y)]) for x, y in zip(a[hit], b[hit], strict=True)]
        return out[0], out[1]

    @functools.cached_property
    def _lead_rows(self) -> tuple[dict[str, int], Any, Any]:
        """The partners' positions in the after table of lead pairs, and its rows by pair.

        Built once for every closed gap the reasons explain: the pairs' keys sorted (and the
        rows in that order), to be found by a binary search, not by a scan of the table (4.5
        million rows at the stress case) for each gap.
        """
        table = self.after.reinforcement.partner_gaps_by_pair
        n = max(len(table.partner_ids), 1)
        keys = np.asarray(table.p, dtype=np.int64) * n + np.asarray(table.q, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return {pid: k for k, pid in enumerate(table.partner_ids)}, keys[order], order

    def lead_pair_after(self, p: str, q: str) -> tuple[float, float, float] | None:
        """Return ``(gap, coordination, share)`` of the activities ``p`` and ``q`` lead, after.

        Coordination as the gaps judge it (a shared group counts as
        ``working_group_coordination``); ``None`` when their activities have no reinforcing
        pair after, or either partner has left.
        """
        ids, keys, order = self._lead_rows
        if p not in ids or q not in ids:
            return None
        table = self.after.reinforcement.partner_gaps_by_pair
        a, b = sorted((ids[p], ids[q]))
        key = a * max(len(ids), 1) + b
        i = int(np.searchsorted(keys, key))
        if i >= len(keys) or int(keys[i]) != key:
            return None
        k = int(order[i])
        cfg = self.after.config
        shared = any({p, q} <= set(g.members) for g in self.after.initiative.working_groups)
        # coordinated as the gaps judge it: a shared group counts as working_group_coordination
        coordination = lead_coordination(table.tie_strength[k : k + 1], np.array([shared]), cfg)
        return float(table.gap[k]), float(coordination[0]), float(table.share[k])

    def lead_share_after(self, p: str, q: str) -> float | None:
        """Return the share of the index ``p`` and ``q``'s uncoordinated work costs after.

        ``None`` when, after, the activities they lead have no reinforcing pair left without
        an adequate tie between them, or either has left: whatever the gap threshold says.
        """
        row = self.lead_pair_after(p, q)
        if row is None or row[0] <= 0 or not below(row[1], self.after.config.weak_tie):
            return None
        return row[2]

    @functools.cached_property
    def _reinforcing_by_leads(self) -> tuple[dict[str, int], Any, Any]:
        """The pairs of activities between partners that reinforce each other after, by leads.

        The leads' positions (ids sorted), and the rows of the after pairs whose reinforcement
        is positive, sorted by the pair of their leads' positions (with those keys), to be
        found by a binary search: built once, in one pass over the pairs, for every closed gap
        whose cause is looked for.
        """
        result = self.after.reinforcement
        pairs = result.pairs
        rows = np.flatnonzero(np.asarray(pairs.between))
        if rows.size:
            rows = rows[np.asarray(pairs.at("reinforcement", rows)) > 0]
        leads = [self.scored_after[aid].partners[0] for aid in result.activity_ids]
        ids = {pid: k for k, pid in enumerate(sorted(set(leads)))}
        lead = np.fromiter((ids[p] for p in leads), dtype=np.int64, count=len(leads))
        la = lead[np.asarray(pairs.a)[rows]] if rows.size else rows
        lb = lead[np.asarray(pairs.b)[rows]] if rows.size else rows
        keys = np.minimum(la, lb) * max(len(ids), 1) + np.maximum(la, lb)
        order = np.argsort(keys, kind="stable")
        return ids, keys[order], rows[order]

    def reinforcing_pairs(self, p: str, q: str) -> list[tuple[str, str]]:
        """Return the pairs of activities ``p`` and ``q`` lead that reinforce each other, after.

        Each pair ``(a, b)`` with ``a`` led by ``p`` and ``b`` by ``q``, in the order of the
        activities' ids.
        """
        ids, keys, rows = self._reinforcing_by_leads
        if p not in ids or q not in ids or p == q:
            return []
        lo, hi = sorted((ids[p], ids[q]))
        key = lo * max(len(ids), 1) + hi
        start, stop = np.searchsorted(keys, [key, key + 1])
        result = self.after.reinforcement
        names = result.activity_ids
        a_pos, b_pos = np.asarray(result.pairs.a), np.asarray(result.pairs.b)
        out = []
        for row in rows[int(start) : int(stop)]:
            a, b = names[int(a_pos[row])], names[int(b_pos[row])]
            out.append((a, b) if self.scored_after[a].partners[0] == p else (b, a))
        return sorted(out)

    @functools.cached_property
    def engaged_after(self) -> set[str]:
        """The partners taking part in agenda work after, as engagement counts them.

        Computed again from the later initiative (an assessment keeps no arrays), only when a
        closed ``unengaged-partners`` gap names a backbone: one that joined agenda work is
        counted, not "left out of engagement" (a reviewer).
        """
        from .analysis.conditions import engaged_partners
        from .analysis.prepared import prepare

        after = self.after
        prepared = prepare(after.initiative, config=after.config, as_of=after.as_of)
        engaged = engaged_partners(prepared.arrays, prepared.total_contributions)
        return {
            p for p, on in zip(prepared.arrays.partner_ids, engaged.tolist(), strict=True) if on
        }

    @functools.cached_property
    def sides(self) -> tuple[_Side, _Side]:
        """What sets the coordination of two activities before and after (:class:`_Side`)."""
        return _Side.of(self.before), _Side.of(self.after)

    def coordinated_through(self, p: str, q: str) -> list[str]:
        """Say what newly coordinates the interdependent work ``p`` and ``q`` lead, if anything.

        The pairs of activities they lead that reinforce each other after, scored on both
        dates, whose coordination rose (docs/scoring.md, "Coordination"): for each, what gives
        it its coordination after and is new in the data, in words: a tie new or stronger
        between partners of the two activities (``"the new tie between clinic and comm, who
        takes part in tutoring"``), or a partner who joined one of them; a working group their
        partners now share; a partner who now takes part in both; the backbone both now reach.
        A setting that moved alone (``working_group_coordination``...) is not a change of the
        data: the settings say it. Sorted; empty when nothing is found.
        """
        old, new = self.sides
        weak = self.after.config.weak_tie
        ties: dict[tuple[str, str], dict[str, set[str]]] = {}
        groups: dict[tuple[str, str, str], dict[str, set[str]]] = {}
        shared: dict[str, set[str]] = {}
        brokered: set[str] = set()
        reaching: set[str] = set()  # partners of those activities who newly reach the backbone
        joined: set[tuple[str, str]] = set()  # (partner, activity): not in it before

        def ends(table: dict[Any, dict[str, set[str]]], key: Any, *by: tuple[str, str]) -> None:
            # the activities in which each end takes part without leading it
            found = table.setdefault(key, {e: set() for e, _ in by})
            for e, act in by:
                if self.scored_after[act].partners[0] != e:
                    found[e].add(act)

        for a, b in self.reinforcing_pairs(p, q):
            if a not in self.scored_before or b not in self.scored_before:
                continue  # new work: no coordination before to compare
            pa0, pb0 = self.scored_before[a].partners, self.scored_before[b].partners
            pa, pb = self.scored_after[a].partners, self.scored_after[b].partners
            k0, k1 = old.k(pa0, pb0), new.k(pa, pb)
            if k1 <= k0 + self.tolerance:
                continue
            joined.update((x, a) for x in pa if x not in pa0)
            joined.update((y, b) for y in pb if y not in pb0)
            for x in sorted(set(pa) & set(pb)):
                shared.setdefault(x, set()).update((a, b))
            for x in pa:
                for y in pb:
                    if x == y:
                        continue
                    came = x not in pa0 or y not in pb0
                    t1 = min(1.0, new.tie(x, y))
                    # a tie weaker than weak_tie is no adequate tie: it is not credited with
                    # coordinating the work (a 0.21 tie was, beside "without an adequate tie");
                    # nor is a working group or the backbone's brokerage below it
                    if (
                        t1 >= k1
                        and not below(t1, weak)
                        and (t1 > old.tie(x, y) + self.tolerance or came)
                    ):
                        ends(ties, (min(x, y), max(x, y)), (x, a), (y, b))
                    if (
                        new.group_k > 0
                        and min(1.0, new.group_k) >= k1
                        and not below(min(1.0, new.group_k), weak)
                    ):
                        for wg in sorted(new.shared_groups(x, y)):
                            if came or wg not in old.shared_groups(x, y):
                                ends(groups, (wg, min(x, y), max(x, y)), (x, a), (y, b))
            if (
                new.brokered(pa, pb)
                and min(1.0, new.broker_k) >= k1
                and not below(min(1.0, new.broker_k), weak)
                # both reached it before: the setting moved, not the data
                and not (old.backbone == new.backbone and old.reached(pa0, pb0))
            ):
                brokered.update((a, b))
                reaching.update(x for x in (*pa, *pb) if x in new.reach and x not in old.reach)

        def end(e: str, acts: set[str]) -> str:
            if not acts:
                return e
            now = "now " if any((e, act) in joined for act in acts) else ""
            return f"{e}, who {now}takes part in {_and(sorted(acts))}"

        def between(found: dict[str, set[str]]) -> str:
            # the lead (not described) first, then whoever takes part without leading
            x, y = sorted(found, key=lambda e: (bool(found[e]), e))
            if found[x]:
                return f"{end(x, found[x])}, and {end(y, found[y])}"
            return f"{x} and {end(y, found[y])}"

        out = []
        for (x, y), found in sorted(ties.items()):
            was, now = old.tie(x, y), new.tie(x, y)
            if (x, y) not in old.ties:
                what = "the new tie"
            elif now > was + self.tolerance:
                what = f"the stronger tie ({' → '.join(tie_pair(was, now, self.tolerance))})"
            else:
                what = "the tie"
            out.append(f"{what} between {between(found)}")
        for (wg, x, y), found in sorted(groups.items()):
            again = wg in old.shared_groups(x, y)
            out.append(f"working group {wg}, {'' if again else 'now '}shared by {between(found)}")
        for x, acts in sorted(shared.items()):
            both = "both " if len(acts) == 2 else ""
            out.append(f"{x}, who now takes part in {both}{_and(sorted(acts))}")
        if brokered:
            how = [f"brokered coordination {amount(new.broker_k)}"]
            if old.backbone == new.backbone and reaching - {new.backbone}:
                tied = sorted(reaching - {new.backbone})
                how.insert(0, f"{_and(tied)} now tied to it")
            which = "backbone" if old.backbone == new.backbone else "new backbone"
            out.append(
                f"the {which} {new.backbone}, which the partners of {_and(sorted(brokered))} "
                f"now reach ({'; '.join(how)})"
            )
        return out

    # ------------------------------------------------------------ which settings decided

    def _assess_after(self, config: ScoringConfig) -> Assessment | None:
        """Assess the after initiative under ``config``, as of the after date (``None``: cannot).

        No recommendations: the gaps, statuses and severities do not depend on them. Each
        configuration is assessed once (with two settings, one moved back alone is the other
        moved alone), the after one not at all. ``None`` when the initiative cannot be scored
        under ``config`` (pathways that diverge under the old ``pathway_weight``, say): the
        comparison does not fail for it, and that configuration tells nothing.
        """
        if config == self.after.config:
            return self.after
        for seen, assessed in self._assessed:
            if seen == config:
                return assessed
        from .report import assess  # here: the report imports this module

        found: Assessment | None
        try:
            found = assess(
                self.after.initiative, config=config, as_of=self.after.as_of, recommendations=0
            )
        except CollectiveImpactError:
            found = None
        self._assessed.append((config, found))
        return found

    @functools.cached_property
    def under_old(self) -> Assessment | None:
        """The after initiative under every old setting (assessed once, when first asked).

        ``None`` when it cannot be scored under them: the settings then decided every change.
        """
        return self._assess_after(self.before.config)

    def old_would(self, setting: str, clause: str) -> str:
        """``"under the old setting {clause}"``, or that the initiative could not be scored."""
        if self.under_old is None:
            return f"under the old {setting} the later initiative could not be scored"
        return f"under the old {setting} {clause}"

    @functools.cached_property
    def one_at_a_time(self) -> dict[str, tuple[Assessment | None, Assessment | None]]:
        """``{setting: (reverted, applied)}``: each setting alone moved back, or alone moved.

        The after initiative with that setting alone back at its old value, and with it alone
        at its new value (the others old).

        With one setting, they are :attr:`under_old` and the after assessment: nothing more
        is assessed; with ``n`` settings, ``2 n`` assessments. ``None`` for a configuration
        that cannot be built (a setting moved alone may break a rule between two settings,
        critical_gap_share below gap_share_threshold): it tells nothing.
        """
        if len(self.settings) == 1:
            return dict.fromkeys(self.settings, (self.under_old, self.after))
        old, new = self.before.config, self.after.config

        def evolved(config: ScoringConfig, name: str, value: float) -> Assessment | None:
            try:
                changed = attrs.evolve(config, **{name: value})
            except ValidationError:
                return None
            return self._assess_after(changed)  # None when it cannot be scored: tells nothing

        return {
            name: (evolved(new, name, b), evolved(old, name, a))
            for name, (b, a) in self.settings.items()
        }

    def _keyed(self, assessment: Assessment) -> dict[str, Gap]:
        found = self._gaps_by_key.get(id(assessment))
        if found is None:
            found = self._gaps_by_key[id(assessment)] = {g.key: g for g in assessment.gaps}
        return found

    def decided_by(self, state: Callable[[Assessment], object], now: object) -> tuple[str, ...]:
        """Return the settings that decided a change to ``now`` of ``state``; ``()`` if none did.

        ``state`` reads the changed thing from an assessment (a gap there or not, its severity,
        an indicator's status). The data decided the change when the after initiative under
        the old settings is in the same state ``now``: no setting is named. Otherwise the
        settings decided it, and those named are each setting without which it would not be
        ``now`` (reverted alone) or with which alone it would (applied alone to the old ones):
        two settings that each suffice are both named. When none is either (three or more
        acting together), every setting that differs is named. Nothing is assessed when no
        setting differs.
        """
        if not self.settings:
            return ()
        old = self.under_old
        if old is not None and state(old) == now:
            return ()
        named = tuple(
            name
            for name, (reverted, applied) in self.one_at_a_time.items()
            if (reverted is not None and state(reverted) != now)
            or (applied is not None and state(applied) == now)
        )
        return named or tuple(self.settings)

    def gap_decided_by(self, key: str, *, opened: bool) -> tuple[str, ...]:
        """Return the settings that decided that the gap ``key`` opened (or closed)."""
        return self.decided_by(lambda a: key in self._keyed(a), opened)

    def severity_decided_by(self, gap: Gap) -> tuple[str, ...]:
        """Return the settings that decided the severity a gap still open has now."""

        def severity(assessment: Assessment) -> object:
            found = self._keyed(assessment).get(gap.key)
            return None if found is None else found.severity

        return self.decided_by(severity, gap.severity)

    def status_decided_by(self, indicator: str) -> tuple[str, ...]:
        """Return the settings that decided the status ``indicator`` has now."""
        now = self.status_after.get(indicator)
        return self.decided_by(lambda a: self.status_in(a, indicator), now)

    @staticmethod
    def status_in(assessment: Assessment, indicator: str) -> str | None:
        """Return the status of ``indicator`` in ``assessment`` (``None`` without it)."""
        found = [m for m in assessment.measurement if m.indicator == indicator]
        return found[0].status.value if found else None

    def settings_words(self, names: Sequence[str]) -> str:
        """``"weak_tie 0.3 → 0.1"`` for ``names`` (:func:`settings_text`)."""
        return settings_text((k, *self.settings[k]) for k in names)

    def stopped(self, activities: Sequence[str]) -> str:
        """Say how ``activities``, scored before and not after, stopped counting (the verb).

        ``"ended"``; ``"has not started"`` (a diff back in time); ``"was removed from the
        initiative"`` when it left the file (it did not end); ``"no longer run"`` when they
        differ. Singular or plural by the number of activities.
        """
        one = len(activities) == 1
        ways = set()
        for aid in activities:
            record = self.not_running_after.get(aid)
            ways.add("removed" if record is None else record.status)
        way = ways.pop() if len(ways) == 1 else ""
        if way == "ended":
            return "ended"
        if way == "removed":
            return f"{'was' if one else 'were'} removed from the initiative"
        if way == "not started":
            return f"{'has' if one else 'have'} not started"
        return "no longer run"

    def ended_agenda_work(self, partner: str) -> list[str]:
        """Return the ids of the ended activities of ``partner`` that helped the agenda directly.

        As the earlier assessment saw them: an activity the partner ran (alone or with others)
        that helped an agenda indicator directly (a positive contribution), so that the
        partner was expected to report on it.
        """
        agenda = _agenda(self.before.initiative)
        return sorted(
            a.id
            for a in self.scored_before.values()
            if a.id in self.activities_gone
            and partner in a.partners
            and any(v > 0 and i in agenda for i, v in a.contributes.items())
        )

    @functools.cached_property
    def _tied_to(self) -> dict[str, list[str]]:
        """Each partner's partners tied to it in the later snapshot, sorted.

        One pass over the ties: each closed ``isolated-partner`` gap scanned every tie.
        """
        tied: dict[str, list[str]] = collections.defaultdict(list)
        for a, b in self.new_ties:
            tied[a].append(b)
            tied[b].append(a)
        return {p: sorted(near) for p, near in tied.items()}

    def neighbours(self, p: str) -> list[str]:
        """Return the partners tied to ``p`` in the later snapshot, sorted."""
        return self._tied_to.get(p, [])

    @functools.cached_property
    def networks(self) -> tuple[_Network, _Network]:
        """The undirected view of the ties before and after (:class:`_Network`).

        Built for the first network gap whose closing is explained, once for all of them.
        """
        return _Network.of(self.before), _Network.of(self.after)

    @functools.cached_property
    def cut_sides(self) -> _CutSides:
        """Which part of each earlier cut point's component its neighbours were in, without it."""
        return _CutSides.of(self.before.analysed)


#: What an activity of a ``harmful-activity`` gap did, said of one that ended, by the gap's
#: :func:`~.analysis.gaps.harm_balance`.
_HARM_WAS = {
    "against": "worked against the agenda",
    "cancelled": "did the agenda no good on balance (its harm cancelled its help)",
    "helps": "harmed the agenda while helping it on balance",
}
#: What an activity off the agenda before does now that it has a ``harmful-activity`` gap.
_HARM_NOW = {
    "against": "but against it",
    "cancelled": "but its harm cancels its help",
    "helps": "helping it on balance, though it also harms it",
}
#: How a ``harmful-activity`` gap still open now stands, when its case changed.
_HARM_BECAME = {
    "against": "now works against the agenda overall",
    "cancelled": "now does the agenda no good on balance: its harm cancels its help",
    "helps": "now helps the agenda on balance, though it still harms it",
}


#: What was wrong with an indicator or goal, said of one that was removed or left the agenda.
_WAS_WRONG = {
    "unmeasured-indicator": "which was not measured",
    "widening-disparity": "whose gap between groups widened",
    "uncovered-indicator": "which no activity helped",
    "uncovered-goal": "which no activity helped",
}


def settings_changes(before: Assessment, after: Assessment) -> list[tuple[str, float, float]]:
    """Return ``(name, before, after)`` for each setting of the two configurations that differs.

    Sorted by name. Two assessments of one initiative under different settings differ in
    scores and gaps with nothing changed in the initiative: the diff says so.
    """
    differ = before.config.differences(after.config)
    return [(k, *differ[k]) for k in sorted(differ)]


def settings_text(settings: Iterable[tuple[str, float, float]]) -> str:
    """Return ``"weak_tie 0.3 → 0.9, ..."`` for the settings that differ (every view's words).

    Each pair written as a person enters it (six figures) and apart
    (:func:`~._text.pair_apart`): 0.3 against 0.30000001 is not "0.3 → 0.3", nor 0.99995
    "1".

    >>> settings_text([("duplication_threshold", 0.8, 0.99995), ("weak_tie", 0.3, 0.30000001)])
    'duplication_threshold 0.8 → 0.99995, weak_tie 0.3 → 0.30000001'
    >>> settings_text([("weak_tie", 0.3, 0.30000000000000004)])
    'weak_tie 0.3 → 0.30000000000000004'
    """
    # a setting that differs at all is listed (ScoringConfig.changed compares exactly): written
    # apart however close, never "weak_tie 0.3 → 0.3"
    written = [(k, *entered_pair(b, a)) for k, b, a in settings]
    return ", ".join(f"{k} {b} → {a}" for k, b, a in written)


def _duplication_phrase(gap: Gap, ctx: _Context, named: Sequence[str]) -> str:
    """Say what became of a duplicate cluster whose gap closed with none of its activities gone.

    A cluster's key lists its activities: when another activity joins it, or it splits, its
    gap closes and another opens, while its activities may still duplicate each other.
    ``named``: the settings that decided it closed (:meth:`_Context.decided_by`).
    """
    ids = set(gap.primary)
    who = _and(sorted(ids))
    overlapping = [g for g in ctx.duplicates_after if ids & set(g.primary)]
    larger = [g for g in overlapping if ids < set(g.primary)]
    if larger:
        joined = sorted(set(larger[0].primary) - ids)
        if named:  # the threshold brought the others in: none of them "joined"
            return (
                f"{who} still duplicate each other, now in a cluster of "
                f"{len(larger[0].primary)} with {_and(joined)}"
            )
        return (
            f"{who} still duplicate each other: {_and(joined)} joined them, in a cluster of "
            f"{len(larger[0].primary)}"
        )
    if overlapping:
        parts = "; ".join(_and(sorted(g.primary)) for g in overlapping)
        return f"the duplicate cluster of {who} split: {parts} still duplicate each other"
    moved = ctx.settings_words(named)
    return f"{who} no longer duplicate each other" + (f" ({moved})" if moved else "")


def _can_no_longer_be_judged(indicator: str, ctx: _Context) -> str | None:
    """Why an indicator that was off track is now ``insufficient-data``, if it is.

    Losing its target or its data is not an improvement: the phrase says what happened.
    """
    old, new = ctx.measured_before.get(indicator), ctx.measured_after.get(indicator)
    if old is None or new is None or new.status.value != "insufficient-data":
        return None
    if old.target is not None and new.target is None:
        why = "its target was removed"
    elif new.latest_value is None:
        why = "it has no whole-population value from its baseline on"
    elif new.forecast is None and old.forecast is not None:
        why = "fewer than 3 dates are left to forecast from"
    else:
        why = "its data no longer allows a verdict"
    return f"{indicator} can no longer be judged ({why}), which is not an improvement"


def _disparity_phrase(who: str, indicator: str, ctx: _Context, named: Sequence[str]) -> str:
    """Say that the gap between groups no longer widens *significantly*, with its numbers.

    The flag is a test: its closing says the later data no longer show a widening beyond
    chance (the fitted trend of the gap may still rise), never that it stopped. When the later
    data cannot be tested at all (the groups last compared too long ago, on fewer than 3 dates,
    fewer than two groups left, or groups still reporting but never in the same period — on
    the same date, without a frequency), the gap "can no longer be judged", which is not an
    improvement. ``named``: the settings that decided it (:meth:`_Context.decided_by`).
    """
    moved = ctx.settings_words(named)
    unjudged = f"the gap between groups in {who} can no longer be judged"
    record = ctx.measured_after.get(indicator)
    disparity = record.disparity if record is not None else None
    if disparity is None:
        # no gap to test: "no longer widens significantly" read as news of the gap (a
        # reviewer); groups still reporting but never together are not "fewer than two"
        frequency = {i.id: i.frequency for i in ctx.after.initiative.indicators}
        apart = groups_apart_words(record, frequency.get(indicator)) if record is not None else None
        return (
            f"{unjudged} ("
            + (
                f"{apart}: they are not compared now"
                if apart
                else "fewer than two groups to compare now"
            )
            + (f", with {moved}" if moved else "")
            + "), which is not an improvement"
        )
    if disparity.stale:
        # the groups were last compared too long ago for a widening to be judged: no news
        return (
            f"{unjudged} (the groups were last compared on {disparity.date.isoformat()}: stale"
            + (f", with {moved}" if moved else "")
            + "), which is not an improvement"
        )
    parts = [f"gap {amount(disparity.gap)} on {disparity.date.isoformat()}"]
    if disparity.trend is not None:
        parts.append(f"trend {'+' if disparity.trend > 0 else ''}{amount(disparity.trend)} a year")
    if disparity.p_value is None:
        # why: a group first reported lately opens the gap series (one quarter, no test), or
        # the groups share too few dates; untested is no verdict: "no longer widens
        # significantly" beside a gap still growing from 19 to 22 between two of them read as
        # news (a reviewer)
        joined = (
            f": {listed(list(disparity.joined))} first reported on "
            f"{disparity.first_date.isoformat()}"
            if disparity.joined and disparity.first_date is not None
            else ""
        )
        parts.append(f"too few dates to test{joined}")
    else:
        # apart from the level it is tested against: p = 0.302 is not "p = 0.3" beside 0.3
        level = ctx.after.config.disparity_level
        p = disparity.p_value
        parts.append(p_value_text(p, level))
    if disparity.left_out:
        # the worst-off group's late report took it out of the comparison: "no longer widens"
        # between the two others is no news of the gap to it (a reviewer)
        cadence = next(
            (i.frequency for i in ctx.after.initiative.indicators if i.id == indicator), None
        )
        parts.append(left_out_words(disparity, None if cadence is None else cadence.value))
    if disparity.p_value is None:
        return (
            f"{unjudged} ({', '.join(parts)}"
            + (f", with {moved}" if moved else "")
            + "), which is not an improvement"
        )
    text = f"the gap between groups in {who} no longer widens significantly"
    text += f" ({moved})" if moved else ""
    return text + f" ({', '.join(parts)})"


def _target_moved(indicator: str, ctx: _Context) -> str | None:
    """Say that an off-track gap closed against a target (or baseline) that moved, if it did.

    A lower target, a later target date or another baseline can put an indicator on track
    with no better value: that is no progress, and the phrase says what moved instead.
    """
    change = ctx.indicator_changes.get(indicator)
    if change is None or not change.target_changed:
        return None
    status = change.status_words()[1]
    moved = change.target_text()
    if change.change == 0.0 or change.latest == (None, None):
        latest = change.latest[1]
        value = "" if latest is None else f"; its latest value, {amount(latest, 6)}, did not change"
        return (
            f"{indicator} is now {status} against another yardstick ({moved}){value}: "
            "the target moved, not the indicator"
        )
    return (
        f"{indicator} is now {status}, against another yardstick ({moved}); "
        f"{change.details().split('; ')[0]}"
    )


def _gone_phrase(gap: Gap, ctx: _Context) -> str | None:
    """Say that the indicator or goal of ``gap`` was removed (or left the agenda), if it was.

    A gap about an indicator or a goal also closes when the initiative no longer has it, or
    (for the gaps of agenda indicators only) when no goal lists it any more: then nothing
    improved, and the phrase says what happened instead.
    """
    ids = list(gap.primary)
    if not ids:
        return None
    first = ids[0]
    if gap.code == "off-track-indicator":
        status = STATUS_WORDS.get(ctx.status_before.get(first, ""), "off track or at risk")
        what = f"which was {status}"
    else:
        what = _WAS_WRONG[gap.code]
    if gap.code == "uncovered-goal":
        name, removed = f"goal {_and(ids)}", first in ctx.goals_gone
    else:
        name, removed = _and(ids), first in ctx.indicators_gone
    if removed:
        return f"{name}, {what}, was removed from the initiative"
    if gap.code in ("unmeasured-indicator", "uncovered-indicator") and (
        first not in ctx.agenda_after
    ):
        return f"{name}, {what}, is no longer on the agenda"
    return None


def _unengaged_phrase(gap: Gap, ctx: _Context) -> str:
    """Say why partners are no longer counted as taking part in no agenda work.

    The gap closes when they take part, but also when the agenda is removed, when no running
    activity does agenda work any more (no partner takes part, and the gap is left to the
    goals' and indicators' gaps; agenda work whose help is cancelled keeps it open), when they
    leave, or when one becomes the backbone (left out of engagement): "every partner now takes
    part in agenda work" was said of each (a fresh-eyes reviewer), beside engagement 0.
    """
    after = ctx.after
    if not after.initiative.goals:
        return "there is no common agenda any more (no goal is recorded) to take part in"
    engagement = after.scores.components.get("common_agenda", {}).get("engagement")
    if engagement == 0:
        return "no partner takes part in agenda work any more: no running activity helps it"
    record = after.initiative.backbone
    backbones = (
        {record.organization}
        if record is not None
        else {p.id for p in after.initiative.partners if p.has_role("backbone")}
    )
    words = []
    for p in gap.subjects:
        if p in ctx.partners_gone:
            words.append(f"{p} left the initiative")
        elif p in backbones and p not in ctx.engaged_after:
            words.append(f"{p} is now the backbone, left out of engagement")
        else:
            words.append(f"{p} now takes part in agenda work")
    return "; ".join(words) if words else "every partner now takes part in agenda work"


def _backbone_phrase(gap: Gap, ctx: _Context) -> str:
    """Say why a ``backbone-staff-gap`` or ``backbone-function-gap`` closed.

    Its key names the backbone organisation, so it also closes when the backbone changes or is
    removed: a role is said to be staffed, a function carried out, only when the later
    backbone has it.
    """
    roles = gap_roles(gap.key)
    old = "+".join(roles.get("backbone", ()))
    if gap.code == "backbone-staff-gap":
        missing = sorted(set(gap.subjects) - {old})
        missing_words = _and([_words(r) for r in missing]) or "every backbone role"
        had = f"which had no {_and([_words(r) for r in missing])}" if missing else "understaffed"
    else:
        missing = list(roles.get("function", ()))
        missing_words = _and([_words(f) for f in missing])
        had = f"which did not {missing_words}"
    backbone = ctx.after.initiative.backbone
    if backbone is None:
        gone = "left the initiative" if old in ctx.partners_gone else "was removed"
        return f"the backbone {old}, {had}, {gone}"
    if gap.code == "backbone-staff-gap":
        done = [r for r in missing if backbone.fte(r) > 0]
        words = ("staffed", "still unstaffed")
    else:
        done = [f for f in missing if backbone.function_level(f) is not FunctionLevel.NONE]
        words = ("now carried out", "still not carried out")
    undone = [r for r in missing if r not in done]
    if backbone.organization == old:
        # the same backbone, so the gap closed because each of its roles (its function) is
        # now covered: the words of before, "facilitator staffed"
        return f"{missing_words} {words[0]}"
    parts = [f"the backbone changed from {old} to {backbone.organization}"]
    parts += [f"{_and([_words(r) for r in done])} {words[0]}"] if done else []
    parts += [f"{_and([_words(r) for r in undone])} {words[1]}"] if undone else []
    return "; ".join(parts)


def _non_reporting_phrase(gap: Gap, ctx: _Context) -> str:
    """Say why a ``non-reporting-partner`` gap of a partner still in the initiative closed.

    Either the partner now reports an observation of its indicator's measured period (one
    before it is history: :func:`~collective_impact.analysis.conditions.partner_reports`),
    or it no longer takes part in an activity that helps the agenda directly (its activities
    ended or were removed, or no longer help an agenda indicator): said as
    :meth:`_Context.stopped` says it, never "ended" of a removed one. A report it had filed
    already, which a moved baseline brought into the measured period, is said so
    (:meth:`_Context.reports_moved`): "q's report of 2020-06-01 on x now falls in the measured
    period: x's baseline moved from 2020-12-31 to 2019-06-01", not "q now reports" of a
    partner that filed nothing new.
    """
    who = _and(list(gap.primary_words))
    reporting = [p for p in gap.primary if p in ctx.reporters_after]
    if reporting:
        moved = [ctx.reports_moved(p, into=True) for p in reporting]
        if all(m is not None for m in moved):
            return "; ".join(m for m in moved if m is not None)
        return f"{who} now reports"
    ended = [a for p in gap.primary for a in ctx.ended_agenda_work(p)]
    # ended, removed from the file, or (back in time) not started: as each reason says it
    return f"{who} no longer takes part in activities on the agenda" + (
        f" ({_and(ended)} {ctx.stopped(ended)})" if ended else ""
    )


def _setting_word(named: Sequence[str]) -> str:
    return "setting" if len(named) == 1 else "settings"


def _closed_phrase(gap: Gap, ctx: _Context) -> str:
    """Say what it means that ``gap`` closed, in plain words, with its visible cause.

    A gap the settings closed (:meth:`_Context.decided_by`: under the old settings the after
    initiative still has it) ends with the settings that did, unless its phrase names them in
    its own words.
    """
    named = ctx.gap_decided_by(gap.key, opened=False)
    text = _closed_words(gap, ctx, named)
    words = ctx.settings_words(named)
    if named and words not in text:
        setting = _setting_word(named)
        text += (
            f" (closed by the {setting} {words}: "
            f"{ctx.old_would(setting, 'it would still be open')})"
        )
    return text


def _closed_words(gap: Gap, ctx: _Context, named: Sequence[str]) -> str:
    """Return the phrase of :func:`_closed_phrase`; ``named``: the settings that decided it."""
    ids = list(gap.primary)
    who = _and(ids)
    code = gap.code
    ended = [i for i in ids if i in ctx.activities_gone]
    left = [i for i in ids if i in ctx.partners_gone]
    if code in _WAS_WRONG or code == "off-track-indicator":
        gone = _gone_phrase(gap, ctx)
        if gone is not None:
            return gone
    if code in ("off-agenda-activity", "harmful-activity", "conflicting-activities", "duplication"):
        if ended:
            what = (
                _HARM_WAS[harm_balance(gap)]
                if code == "harmful-activity"
                else {
                    "off-agenda-activity": "served no part of the agenda",
                    "conflicting-activities": "pushed against other activities",
                    "duplication": "duplicated another activity",
                }[code]
            )
            return f"{_and(ended)}, which {what}, {ctx.stopped(ended)}"
        if code == "off-agenda-activity" and not ctx.after.initiative.goals:
            # absorbed by no-common-agenda: "now serves the agenda" beside the agenda removed
            return f"{who} is no longer judged against an agenda: no goal is recorded any more"
        harms = [
            g for g in ctx.after.gaps if g.code == "harmful-activity" and set(ids) & set(g.primary)
        ]
        if code == "off-agenda-activity" and harms:
            # on the agenda now, but harming it: "now serves the agenda" beside its new gap
            return f"{who} now works on the agenda, {_HARM_NOW[harm_balance(harms[0])]}"
        if code == "off-agenda-activity":
            return f"{who} now serves the agenda"
        if code == "harmful-activity":
            # the gap is open while the activity harms any agenda indicator, whatever its net
            # effect: closed, it harms none
            return f"{who} no longer harms the agenda"
        if code == "conflicting-activities":
            n = round(gap.evidence.get("activities", 0.0))
            return f"{who} no longer pushes against {n} other activit{'y' if n == 1 else 'ies'}"
        return _duplication_phrase(gap, ctx, named)
    if code in ("non-reporting-partner", "isolated-partner", "single-point-of-failure") and left:
        return f"{who} left the initiative"
    if code == "uncoordinated-interdependence" and left:
        stayed = [i for i in ids if i not in left]
        return f"{_and(left)} left the initiative" + (
            f" (its interdependent work with {_and(stayed)} had no adequate tie)" if stayed else ""
        )
    if code == "uncoordinated-interdependence":
        p, q = ([*ids, "", ""])[:2]
        share = gap.evidence.get("share")
        # the share counts the pairs of activities the two lead; a tie also coordinates the
        # activities they run with others, so what it gains (the tie's own reason) can be more
        cost = (
            f"; without it, the activities they lead had lowered the index by {amount(share)}"
            if share is not None
            else ""
        )
        strength = ctx.newly_tied(p, q)
        # a tie weaker than weak_tie coordinates nothing the gap asks for: the gap closed for
        # another reason (their work ended, say), which the tie must not be credited with
        if strength is not None and not below(strength, ctx.after.config.weak_tie):
            pair = (min(p, q), max(p, q))
            tie = (
                "new tie"
                if pair not in ctx.old_ties
                else "tie, now stronger"
                if ctx.old_kinds[pair] == ctx.new_kinds[pair]
                else f"{_kind_words(ctx.new_kinds[pair])} tie, now stronger"
                if ctx.new_kinds[pair] in ctx.old_by_kind[pair]
                else f"new {_kind_words(ctx.new_kinds[pair])} tie"
            )
            # under the old settings the gap would still be open: they are named too
            setting = ""
            if named:
                # the tie and the settings closed it together: the tie alone would not have
                would = (
                    "the tie would still be too weak"
                    if tuple(named) == ("weak_tie",)
                    else ("the gap would still be open")
                )
                word = _setting_word(named)
                setting = (
                    f", together with the {word} {ctx.settings_words(named)}: "
                    f"{ctx.old_would(word, would)}"
                )
            return (
                f"the interdependent work of {p} and {q} is coordinated by their {tie}"
                f"{setting}{cost}"
            )
        cost = cost.replace("without it", "uncoordinated")
        weak = ctx.settings.get("weak_tie")
        row = ctx.lead_pair_after(p, q)
        if weak is not None and "weak_tie" in named and row is not None and row[0] > 0:
            # their work judged against another weak_tie, which decided it: coordinated enough
            # now, by a tie (or a group) no stronger than it may have been
            coordination = row[1]
            if not below(coordination, weak[1]):
                pair = (min(p, q), max(p, q))
                tie_was, tie_now = ctx.old_ties.get(pair, 0.0), ctx.new_ties.get(pair, 0.0)
                same_tie = abs(tie_now - tie_was) <= ctx.tolerance
                held = (
                    f"their tie is still {tie_text(tie_now)}"
                    if same_tie and coordination == tie_now
                    else f"their coordination is {amount_apart(coordination, weak[1])}"
                )
                return (
                    f"the interdependent work of {p} and {q} no longer counts as uncoordinated: "
                    f"{ctx.settings_words(named)}, and {held}{cost}"
                )
        still = ctx.lead_share_after(p, q)
        if still is not None:
            # nothing changed between them: the rest of the reinforcement grew (or theirs
            # shrank), or the threshold rose, and their share fell under the threshold of a gap
            limit = ctx.after.config.gap_share_threshold
            setting = ctx.settings_words(named)
            if share is None:  # a gap recorded without its share: what it costs now
                lowers = f"now lowers the index by {amount_apart(still, limit)}"
            else:
                was, now = pair_apart(share, still)
                lowers = (
                    f"now lowers the index by {now} (it was {was})"
                    if was != now
                    else f"lowers the index by {now}, as before"
                )
            # part of it may now be coordinated through other partners of their activities
            through = ctx.coordinated_through(p, q)
            return (
                f"{p} and {q} still lead interdependent work without an adequate tie, but it "
                f"{lowers}, under the {amount(limit)} that makes a gap"
                + (f" ({setting})" if setting else "")
                + (
                    f"; some of it is now coordinated through {_through(through)}"
                    if through
                    else ""
                )
            )
        led = sorted(a for a in ctx.activities_gone if ctx.scored_before[a].partners[0] in (p, q))
        why = f" ({_and(led)} {ctx.stopped(led)})" if led else ""
        through = ctx.coordinated_through(p, q)
        if row is not None and row[0] > 0 and not below(row[1], ctx.after.config.weak_tie):
            # the two leads' own coordination is adequate now: a working group they now share
            # (their tie is not, or the first phrase would say so) decided the gap
            old_side, new_side = ctx.sides
            groups = sorted(new_side.shared_groups(p, q) - old_side.shared_groups(p, q))
            own = [f"working group {wg}, now shared by {p} and {q}" for wg in groups]
            through = [*own, *(c for c in through if c not in own)]
        if through:
            # the same two lead interdependent work, no better tied to each other: it is
            # coordinated through the other partners of their activities (docs/scoring.md,
            # "Coordination", rule 2 takes the strongest tie between any of their partners), a
            # working group or the backbone
            stopped = f"; {_and(led)} {ctx.stopped(led)}" if led else ""
            return (
                f"the interdependent work of {p} and {q} is now coordinated through "
                f"{_through(through)}; {_own_tie(p, q, ctx)}{stopped}{cost}"
            )
        return f"{p} and {q} no longer lead interdependent work without an adequate tie{why}{cost}"
    if code == "isolated-partner":
        near = ctx.neighbours(ids[0]) if ids else []
        return f"{who} is no longer isolated" + (f" (tied to {_and(near)})" if near else "")
    if code == "single-point-of-failure":
        if not ids:  # pragma: no cover - a gap built by hand: every cut point names its partner
            return "a partner is no longer the only link between parts of the network"
        return _cut_point_phrase(ids[0], ctx)
    if code == "fragmented-network":
        return _fragmented_phrase(gap, ctx)
    if code == "missing-backbone":
        if gap.subjects:  # the role named it before: what is new is its record
            record = ctx.after.initiative.backbone
            organisation = record.organization if record is not None else ""
            return f"the backbone {organisation}'s record (its staff and functions) is now given"
        return "a backbone organisation is now named"
    if code in ("backbone-staff-gap", "backbone-function-gap"):
        return _backbone_phrase(gap, ctx)
    if code == "missing-sector":
        return f"the {who} sector is now at the table"
    if code == "no-champion":
        return "a champion is now recorded"
    if code == "no-common-agenda":
        return "goals are now recorded: the initiative has a common agenda"
    if code == "unengaged-partners":
        return _unengaged_phrase(gap, ctx)
    if code == "short-funding":
        return _funding_phrase(ctx, named)
    if code == "unmeasured-indicator":
        # the limit of staleness moved, not the observations: no measurement was made
        if named:
            return f"{who}'s latest observation now counts as recent"
        return f"{who} now measured"
    if code == "non-reporting-partner":
        return _non_reporting_phrase(gap, ctx)
    if code == "off-track-indicator":
        unjudged = _can_no_longer_be_judged(ids[0], ctx) if ids else None
        if unjudged is not None:
            return unjudged
        change = ctx.indicator_changes.get(ids[0]) if ids else None
        # the words every view writes ("target met late (on ..., due by ...)"), else the plain
        status = (
            change.status_words()[1]
            if change is not None
            else STATUS_WORDS.get(ctx.status_after.get(ids[0], ""), "")
            if ids
            else ""
        )
        moved = _target_moved(ids[0], ctx) if ids else None
        if moved is not None:
            return moved
        # words with their own parentheses (a target met late, with its dates) after a comma
        now = f", now {status}" if "(" in status else f" (now {status})" if status else ""
        return f"{who} no longer off track or at risk{now}"
    if code == "widening-disparity":
        return _disparity_phrase(who, ids[0] if ids else "", ctx, named)
    if code == "uncovered-goal":
        return f"goal {who} is now helped by an activity"
    if code == "uncovered-indicator":
        return f"{who} is now helped by an activity"
    if code == "no-shared-work":
        if not any(goal.indicators for goal in ctx.after.initiative.goals):
            # the goals went: "now meet on the agenda" beside "no common agenda any more"
            return "there is no agenda any more on which partners' activities could meet"
        if ctx.after.alignment.total_reinforcement > 0:
            # "now meet" was said of partners whose help together a joint harm or a conflict
            # had cancelled: they met before, and what is new is that their work reinforces
            return "activities of different partners now reinforce each other on the agenda"
        # no reinforcement still: the gap went with the last activity helping the agenda,
        # directly or through pathways (the gap fires on both; "directly" alone read as if
        # help through pathways were left)
        return "no activity helps the agenda any more, directly or through indicator pathways"
    if code == "broken-pathway":
        return f"the pathway through {who} is no longer broken"
    return f"closed: {gap.label}" + (f" ({who})" if who else "")  # pragma: no cover


def _is(items: Sequence[str]) -> str:
    return "is" if len(items) == 1 else "are"


def _isolated(items: Sequence[str], *, together: bool = False) -> str:
    """Say that ``items``, partners that had ties, have none now (``together``: to each other)."""
    if len(items) == 1:
        return "lost its ties and is now isolated (no tie to anyone)"
    whom = " to each other" if together else ""
    return f"lost their ties{whom} and are now isolated (no tie to anyone)"


def _dissolved(what: str, members: Sequence[str], together: bool, network: _Network) -> str:
    """Say what became of ``members``, a group of tied partners of which none is tied now.

    Each left the initiative or is isolated: ``"the partners outside the largest group, d and
    e, lost their ties to each other and are now isolated (no tie to anyone)"``. ``what`` names
    the group; ``together``: the members were one group (their ties were to each other).
    """
    left = [p for p in members if not network.has(p)]
    alone = [p for p in members if network.has(p)]
    if not alone:
        return f"{what}, {_and(members)}, left the initiative"
    if not left:
        return f"{what}, {_and(members)}, {_isolated(alone, together=together)}"
    return (
        f"{what}, {_and(members)}: {_and(left)} left the initiative, and {_and(alone)} "
        f"{_isolated(alone)}"
    )


def _fragmented_phrase(gap: Gap, ctx: _Context) -> str:
    """Say why the ``fragmented-network`` gap closed: the tied partners are one group, or none.

    The groups of tied partners before (the largest, and those of the gap's partners outside
    it) may have been joined, by ties between them or through partners tied to no one before
    (who joined, or were isolated): "the network is no longer in separate parts", with those
    ties or partners. A group may also have lost every tie, its partners leaving or isolated
    (an isolated partner is a gap of its own, which the fragmented-network gap does not count):
    that is said instead, never that the network is whole.
    """
    old, new = ctx.networks
    outside = set(gap.subjects)
    groups: dict[int, list[str]] = {}
    for p in old.ids:  # sorted
        if old.tied(p):
            groups.setdefault(old.part(p), []).append(p)
    main = next((old.part(p) for ps in groups.values() for p in ps if p not in outside), None)
    if main is None or len(groups) < 2:  # pragma: no cover - a gap not of the earlier data
        return "the network is no longer in separate parts"
    # the groups with a partner still tied, in the one group of tied partners after
    kept = {g: [p for p in ps if new.has(p) and new.tied(p)] for g, ps in groups.items()}
    kept = {g: ps for g, ps in kept.items() if ps}
    clauses = []
    if len(kept) >= 2:
        if main in kept:
            who = [p for g, ps in kept.items() if g != main for p in ps]
            joined = (
                f"{_and(sorted(who))}, outside the largest group, {_is(who)} now connected to it"
            )
        else:
            who = [p for ps in kept.values() for p in ps]
            joined = f"{_and(sorted(who))}, in separate groups before, are now connected"
        clauses.append(
            f"the network is no longer in separate parts: {joined}{_joined_by(kept, ctx)}"
        )
    if main not in kept:
        clauses.append(_dissolved("the partners of the largest group", groups[main], True, new))
    lost = [g for g in groups if g != main and g not in kept]
    if lost:
        members = sorted(p for g in lost for p in groups[g])
        what = (
            "the partners outside the largest group"
            if len(lost) == len(groups) - 1
            else "partners outside the largest group"
        )
        clauses.append(_dissolved(what, members, len(lost) == 1, new))
    return "; ".join(clauses)


def _joined_by(kept: Mapping[int, Sequence[str]], ctx: _Context) -> str:
    """Say what joins the groups of tied partners ``kept`` (by their earlier component).

    The ties between two of them (new: they were apart), and the partners tied to no one
    before whose ties join two of them (a cluster of such partners touching two groups or
    more): ``" (new tie b – d; through the new ties of x)"``, or ``""``.
    """
    old, _ = ctx.networks
    group = {p: g for g, ps in kept.items() for p in ps}
    direct = sorted(
        (p, q) for p, q in ctx.new_ties if p in group and q in group and group[p] != group[q]
    )
    # the partners tied after, not before, in clusters (one pass over the ties, union-find)
    lead: dict[str, str] = {}

    def find(p: str) -> str:
        while lead[p] != p:
            lead[p] = lead[lead[p]]
            p = lead[p]
        return p

    for pair in ctx.new_ties:
        fresh = [p for p in pair if p not in group and not (old.has(p) and old.tied(p))]
        for p in fresh:
            lead.setdefault(p, p)
        if len(fresh) == 2:
            a, b = find(fresh[0]), find(fresh[1])
            lead[max(a, b)] = min(a, b)
    touched: dict[str, set[int]] = {}
    for p, q in ctx.new_ties:
        for x, y in ((p, q), (q, p)):
            if x in lead and y in group:
                touched.setdefault(find(x), set()).add(group[y])
    through = sorted(p for p in lead if len(touched.get(find(p), ())) >= 2)
    parts = (
        [f"new tie{'s' if len(direct) > 1 else ''} {_and([f'{p} – {q}' for p, q in direct], 4)}"]
        if direct
        else []
    )
    parts += [f"through the new ties of {_and(through)}"] if through else []
    return f" ({'; '.join(parts)})" if parts else ""


def _cut_point_phrase(p: str, ctx: _Context) -> str:
    """Say why partner ``p``, still in the initiative, is no longer a cut point.

    Its neighbours before fell into parts of its component without it
    (:class:`~collective_impact.analysis.network._CutSides`). When neighbours of two parts or
    more are in its component after, they are connected without it (a partner is a cut point
    when its component without it falls apart): the parts are joined around it. Otherwise the
    parts it alone linked are no longer linked to it: each of their neighbours of ``p`` left
    the initiative, or lost its tie to ``p`` and is isolated, or in another part of the network
    (``"b no longer links separate parts of the network: its tie to c was removed, and c is now
    isolated (no tie to anyone)"``), never that the network gained a link.
    """
    old, new = ctx.networks
    sides: dict[int, list[str]] = {}
    for q in old.neighbours(p):
        sides.setdefault(ctx.cut_sides.side(p, q), []).append(q)
    home = new.part(p)
    near = {s: [q for q in qs if new.has(q) and new.part(q) == home] for s, qs in sides.items()}
    near = {s: qs for s, qs in near.items() if qs}
    cut = sorted(q for s, qs in sides.items() if s not in near for q in qs)
    clauses = [] if new.tied(p) else ["it is now isolated (no tie to anyone)"]
    gone = [q for q in cut if not new.has(q)]
    clauses += [f"{_and(gone)} left the initiative"] if gone else []
    for now, where in (
        ([q for q in cut if new.has(q) and not new.tied(q)], "now isolated (no tie to anyone)"),
        ([q for q in cut if new.has(q) and new.tied(q)], "now in another part of the network"),
    ):
        if now:
            one = len(now) == 1
            clauses.append(
                f"its tie{'' if one else 's'} to {_and(now)} {'was' if one else 'were'} removed, "
                f"and {now[0] if one else 'they'} {_is(now)} {where}"
            )
    if len(near) >= 2:
        linked = sorted(q for qs in near.values() for q in qs)
        return "; ".join(
            [
                f"{p} is no longer the only link between parts of the network: the partners it "
                f"linked, {_and(linked)}, are now connected without it",
                *clauses,
            ]
        )
    return f"{p} no longer links separate parts of the network: " + "; ".join(clauses)


def _through(causes: Sequence[str], limit: int = 3) -> str:
    """Join what coordinates some work (:meth:`_Context.coordinated_through`), a few of them.

    ``"A, and through B"``; past ``limit``, how many more.
    """
    text = ", and through ".join(causes[:limit])
    more = len(causes) - limit
    return text + (f" (and {more:,} more)" if more > 0 else "")


def _own_tie(p: str, q: str, ctx: _Context) -> str:
    """Say how ``p`` and ``q`` are tied to each other now: ``"their own tie is still 0.2"``."""
    pair = (min(p, q), max(p, q))
    was, now = ctx.old_ties.get(pair), ctx.new_ties.get(pair)
    if now is None:
        return "they are still not tied" if was is None else "they are no longer tied"
    if was is None:
        return f"they are now tied at {tie_text(now)}"
    if abs(now - was) <= ctx.tolerance:
        return f"their own tie is still {tie_text(now)}"
    before, after = tie_pair(was, now, ctx.tolerance)
    return f"their own tie is {after} (was {before})"


def _opened_phrase(gap: Gap, ctx: _Context) -> str:
    who = _and(list(gap.primary_words))
    text = f"new gap: {gap.label}" + (f": {who}" if who else "")
    if gap.code == "missing-backbone" and gap.subjects:  # named by the role, not by the key
        verb = "has" if len(gap.subjects) == 1 else "have"
        text += f" ({_and(list(gap.subjects))} {verb} the role 'backbone', but no record)"
    change = ctx.indicator_changes.get(gap.primary[0]) if gap.primary else None
    if gap.code == "off-track-indicator" and change is not None and change.target_changed:
        text += f" ({change.target_text()})"
    if gap.code == "non-reporting-partner":
        # a partner that reported a measurement before, and whose reports are all still in:
        # a moved baseline made them history, which the label alone does not say
        moved = [ctx.reports_moved(p, into=False) for p in gap.primary if p in ctx.reporters_before]
        if moved and all(m is not None for m in moved):
            text += f" ({'; '.join(m for m in moved if m is not None)})"
    share = gap.evidence.get("share")
    if gap.code == "uncoordinated-interdependence" and share is not None:
        text += f" (lowers the index by {amount(share)})"
    # the settings opened it when the after initiative under the old settings has no such gap
    named = ctx.gap_decided_by(gap.key, opened=True)
    if named:
        setting = _setting_word(named)
        text += (
            f"; the {setting} {ctx.settings_words(named)} opened it: "
            f"{ctx.old_would(setting, 'it would be no gap')}"
        )
    return text


_SEVERITY_NOUNS = {"critical": "critical", "warning": "a warning", "info": "a note"}


def tolerance_text(tolerance: float) -> str:
    """``1e-9`` rather than Python's ``1e-09``."""
    mantissa, exponent = f"{tolerance:e}".split("e")
    return f"{float(mantissa):g}e{int(exponent)}"


def tolerance_sentence(tolerance: float) -> str:
    """Say what the diff's tolerance means, in words a committee reads (one sentence, every view).

    >>> tolerance_sentence(1e-9)
    'Changes of 1e-9 (a billionth) or less are rounding, not reported as changes.'
    """
    words = " (a billionth)" if tolerance == 1e-9 else ""
    return (
        f"Changes of {tolerance_text(tolerance)}{words} or less are rounding, not reported as "
        "changes."
    )


def _harm_phrase(old: Gap, new: Gap) -> str | None:
    """Say how an activity still harming the agenda changed case, if it did.

    The gap is open while the activity harms an agenda indicator, whatever its net effect
    (:func:`~.analysis.gaps.harm_balance`): "x now works against the agenda overall (net
    weighted effect 0.1 → -0.2)", not only that a note became a warning. ``None`` when the
    case is the same.
    """
    was, now = harm_balance(old), harm_balance(new)
    if was == now:
        return None
    (who,) = new.primary

    def net(gap: Gap, balance: str) -> str:
        return "0" if balance == "cancelled" else amount(gap.evidence.get("net_effect", 0.0))

    return f"{who} {_HARM_BECAME[now]} (net weighted effect {net(old, was)} → {net(new, now)})"


def _opponents_phrase(new: Gap, ctx: _Context) -> str | None:
    """Say whom an activity still pushing against others now pushes against, if that changed.

    A ``conflicting-activities`` gap names only the activity pushing, so it persists when its
    opponents change; whom it pushes against is in each assessment's
    :meth:`~collective_impact.Assessment.conflict_pairs` (two binary searches each).
    """
    (who,) = new.primary
    before = set(ctx.before.conflict_pairs().opponents(who))
    after = set(ctx.after.conflict_pairs().opponents(who))
    gained, lost = sorted(after - before), sorted(before - after)
    if not gained and not lost:
        return None
    n = len(after)
    parts = [f"{who} now pushes against {n} other activit{'y' if n == 1 else 'ies'}"]
    parts += [f"newly against {_and(gained)}"] if gained else []
    ended = [a for a in lost if a in ctx.activities_gone]  # the opponent itself stopped
    # ended, removed from the file, or (back in time) not started: never "ended" of a removed one
    verb = ctx.stopped(ended) if ended else ""
    if verb == "ended":
        verb = f"{'has' if len(ended) == 1 else 'have'} ended"
    why = "" if not ended else f", which {verb}" if ended == lost else f" ({_and(ended)} {verb})"
    parts += [f"no longer against {_and(lost)}{why}"] if lost else []
    # whom it pushes against depends on settings too (pathway_weight): named when they decided
    named = ctx.decided_by(lambda a: frozenset(a.conflict_pairs().opponents(who)), after)
    if named:
        setting = _setting_word(named)
        parts.append(
            f"the {setting} {ctx.settings_words(named)} decided it: "
            + ctx.old_would(setting, "it would push against the same activities as before")
            if ctx.under_old is None or set(ctx.under_old.conflict_pairs().opponents(who)) == before
            else f"the {setting} {ctx.settings_words(named)} decided it"
        )
    return "; ".join(parts)


def _status_phrase(
    who: str,
    statuses: tuple[str, str],
    change: IndicatorChange | None,
    decided: tuple[str, str, str] | None = None,
) -> str | None:
    """Say how an indicator still off track or at risk changed: status, values, target.

    ``None`` when neither its status nor its target moved. The values follow the status, each
    better or worse, so that a status that worsened while the values improved (a prediction
    interval that narrowed) is not read as a decline. ``decided``: ``("setting", "prediction_level
    0.8 → 0.5", "under the old setting it would be at risk")`` when settings decided the new
    status (:meth:`_Context.decided_by`; the last says the status under the old settings): a
    status that moved with the same values,
    forecast, target, target date and baseline moved "as the setting changed, not its values";
    with any of them moved too, the setting "decided it".
    """
    b, a = (
        change.status_words() if change is not None else (STATUS_WORDS.get(s, s) for s in statuses)
    )
    moved = change is not None and change.target_changed
    if b == a and not moved:
        return None
    head = f"{who} went from {b} to {a}" if b != a else f"{who} is still {a}"
    if b != a and decided is not None:
        setting, names, old = decided
        # the setting alone moved it only when nothing of the indicator moved with it: its
        # latest value and date, its forecast, its target (value or date) and its baseline
        same = change is not None and not (
            change._moved(change.latest)
            or change._moved(change.forecast)
            or change.latest_date[0] != change.latest_date[1]
            or change.target_changed
        )
        head += (
            f" as the {setting} changed, not its values: {names}"
            if same
            else f"; the {setting} {names} decided it: {old}"
        )
    if change is None:
        return head
    text = f"{head}; {change.details()}"
    forecast = change.forecast
    if (
        statuses == ("at-risk", "off-track")
        and not moved
        and change._better(*forecast) == " (better)"
    ):
        text += (
            "; its forecast moved towards the target, but the prediction interval around it "
            "no longer reaches the target"
        )
    return text


def _ended_years(years: float) -> str:
    """Write how long before the date of judgement funding ended (``years`` below 0).

    Examples
    --------
    >>> _ended_years(-0.2493), _ended_years(-1.0)
    ('0.25 years', '1 year')
    """
    return years_written(amount(-years, 2))


def _funding_phrase(ctx: _Context, named: Sequence[str] | None) -> str:
    """Say how long funding is now secured for, against what it was (and the minimum).

    ``named``: the settings that closed the gap (:meth:`_Context.decided_by`), ``None`` for a
    gap still open. The same funding against another minimum names it.
    """
    still = named is None
    old = ctx.before.phase.preconditions.funding_years
    new = ctx.after.phase.preconditions.funding_years
    until = ctx.after.initiative.conditions.funding_secured_until
    minimum = ctx.settings.get("min_funding_years")
    needed = ctx.after.config.min_funding_years
    if minimum is not None and old is not None and new is not None and old == new:
        # the same funding judged against another minimum: nothing was secured
        setting = ctx.settings_words(["min_funding_years"] if named is None else named)
        return (
            f"funding ended {_ended_years(new)} before the date of judgement, as before"
            if new < 0
            else f"funding is secured for {years_written(amount_apart(new, minimum[1], 2))}, "
            "as before"
        ) + (f"; {setting}" if setting else "")
    if new is not None:
        # as the gaps show them: figures enough to differ from the minimum (1.97 years,
        # not "2.0" beside "2"); a horizon already passed says when it ended, as the
        # short-funding gap does ("secured for 0 years, was 0" was said of funding that ended
        # a quarter of a year before the date of judgement, half a year before earlier)
        assert until is not None  # years secured are counted to a horizon
        text = (
            f"funding is now secured until {until.isoformat()}, {_ended_years(new)} before the "
            "date of judgement"
            if new < 0
            else f"funding is now secured for {years_written(amount_apart(new, needed, 2))} "
            f"(until {until.isoformat()})"
        )
        was = (
            ""
            if old is None
            # beside a horizon passed: what was secured, in words
            else f", was secured for {years_written(amount_apart(old, needed, 2))}"
            if new < 0 <= old
            else f", was {amount_apart(old, needed, 2)}"
            if old >= 0
            else f", was {_ended_years(old)} before it"
            if new < 0
            else f"; it had ended {_ended_years(old)} before the date of judgement"
        )
        # as the short-funding gap says it: with no minimum, what is short is funding up to the
        # date of judgement ("short of the 0 needed" was said), and a minimum is in years
        short = (
            ""
            if not still
            else f"; still short of the {years_written(entered(needed))} needed"
            if needed > 0
            else "; still short of funding up to the date of judgement"
        )
        return text + was + short
    return "funding is still too short" if still else "funding is no longer too short"


def _persisting_phrase(old: Gap, new: Gap, statuses: tuple[str, str], ctx: _Context) -> str | None:
    """Say how a gap still open changed, if it did; with the settings that decided its severity.

    A severity that changed is said after the phrase of what changed in the gap (whom an
    activity pushes against, the funding: "; it became a warning (was a note)"), or alone when
    nothing else is said; the settings that decided it (:meth:`_Context.decided_by`) follow.
    An off-track indicator's status says what its severity would.
    """
    text = _persisting_words(old, new, statuses, ctx)
    if old.severity == new.severity or (text is not None and old.code == "off-track-indicator"):
        return text
    became = (
        f"became {_SEVERITY_NOUNS[new.severity.value]} (was {_SEVERITY_NOUNS[old.severity.value]})"
    )
    named = ctx.severity_decided_by(new)
    if text is None:
        who = _and(list(new.primary))
        text = f"{new.label}{': ' + who if who else ''} {became}"
    else:  # whoever decided it: the severity is part of what changed
        text += f"; it {became}"
    if named:
        setting = _setting_word(named)
        under_old = ctx.under_old
        found = None if under_old is None else ctx._keyed(under_old).get(new.key)
        would = "be no gap" if found is None else f"be {_SEVERITY_NOUNS[found.severity.value]}"
        if found is not None and found.severity == old.severity:
            would = "still " + would
        text += (
            f"; the {setting} {ctx.settings_words(named)} decided it: "
            f"{ctx.old_would(setting, f'it would {would}')}"
        )
    return text


def _persisting_words(old: Gap, new: Gap, statuses: tuple[str, str], ctx: _Context) -> str | None:
    if old.code == "backbone-staff-gap":
        backbone = set(gap_roles(old.key).get("backbone", ()))
        staffed = sorted(set(old.subjects) - set(new.subjects) - backbone)
        unstaffed = sorted(set(new.subjects) - set(old.subjects) - backbone)
        parts = [f"{_and([_words(r) for r in staffed])} staffed"] if staffed else []
        parts += [f"{_and([_words(r) for r in unstaffed])} no longer staffed"] if unstaffed else []
        if parts:
            return "; ".join(parts)
    if old.code == "conflicting-activities":
        phrase = _opponents_phrase(new, ctx)
        if phrase is not None:
            return phrase
    if old.code == "harmful-activity":
        phrase = _harm_phrase(old, new)
        if phrase is not None:
            return phrase
    who = _and(list(new.primary))
    if old.code == "off-track-indicator":
        ind = new.primary[0] if new.primary else ""
        named = ctx.status_decided_by(ind) if statuses[0] != statuses[1] else ()
        decided = None
        if named:
            setting = _setting_word(named)
            old_status = None if ctx.under_old is None else ctx.status_in(ctx.under_old, ind)
            was = STATUS_WORDS.get(str(old_status), "unknown")
            decided = (
                setting,
                ctx.settings_words(named),
                ctx.old_would(setting, f"it would be {was}"),
            )
        phrase = _status_phrase(who, statuses, ctx.indicator_changes.get(ind), decided)
        if phrase is not None:
            return phrase
    if old.code == "short-funding" and old.message != new.message:
        return _funding_phrase(ctx, None)
    return None


def _component_phrases(
    key: str,
    diff_before: Mapping[str, float],
    diff_after: Mapping[str, float],
    tolerance: float = DIFF_TOLERANCE,
) -> list[str]:
    """Quote the sub-measures of a score that changed by more than ``tolerance``.

    Each before → after with the same decimals, more while the two read alike or one reads as
    0 or 1 when it is not (:func:`~collective_impact._text.decimals_apart`): an alignment
    index of 0.9 → 0.8995 is "0.900 → 0.899", not "0.90 → 0.90".
    """
    out = []
    for part in sorted(set(diff_before) | set(diff_after)):
        if part == "score":
            continue
        b, a = diff_before.get(part), diff_after.get(part)
        change = delta(b, a, tolerance)
        if change == 0.0 or (b is None and a is None):  # undefined before and after: no change
            continue
        decimals = INDEX_DECIMALS if part == "alignment_index" else SCORE_DECIMALS
        if b is not None and a is not None:
            decimals = pair_decimals(b, a, decimals)
        out.append(f"{_words(part)} {score_text(b, decimals)} → {score_text(a, decimals)}")
    return out


def _phase_reasons(before: Assessment, after: Assessment) -> list[str]:
    """Say which criteria of the phase table became unmet, then which met, when the phase moved.

    A phase that moved with every score unchanged (a working group cut to one member: phase
    III to I) had no reason: the criteria are what decide it. Each criterion is matched by its
    component, phase and name; one on one side only is not said.
    """
    if before.phase.phase == after.phase.phase:
        return []
    was = {(c.component, c.phase, c.name): c.met for c in before.phase.criteria}
    changed = [
        c for c in after.phase.criteria if was.get((c.component, c.phase, c.name), c.met) != c.met
    ]

    def said(c: Any) -> str:
        return (
            f"a phase {PHASE_LABELS[c.phase]} criterion of {_words(c.component)} is "
            f"{'now' if c.met else 'no longer'} met: {c.name}"
        )

    return [said(c) for c in changed if not c.met] + [said(c) for c in changed if c.met]


def compute_reasons(
    before: Assessment,
    after: Assessment,
    *,
    opened: Iterable[Gap],
    closed: Iterable[Gap],
    persisting: Iterable[tuple[Gap, Gap]],
    tolerance: float,
    indicators: Sequence[IndicatorChange] = (),
    goals: Sequence[GoalChange] = (),
) -> dict[str, tuple[str, ...]]:
    """Return ``{reason key: sentences}`` (keys of :data:`REASON_KEYS`, only those with one).

    ``goals``: the goals in both assessments that changed (:attr:`AssessmentDiff.goal_changes
    <collective_impact.AssessmentDiff.goal_changes>`), named with the goals added and removed
    under each score that reads the agenda and moved (:func:`_agenda_reasons`).
    """
    ctx = _Context(before, after, tolerance, indicators)
    # each read more than once
    opened, closed, persisting = tuple(opened), tuple(closed), tuple(persisting)
    reasons: dict[str, list[str]] = {key: [] for key in REASON_KEYS}
    # the sub-measures behind each score
    for key in SCORE_KEYS:
        if key == "overall":
            continue
        parts = _component_phrases(
            key,
            dict(before.scores.components.get(key, {})),
            dict(after.scores.components.get(key, {})),
            tolerance,
        )
        if parts:
            reasons[key].append("behind the score: " + ", ".join(parts))
    for key, reason in _agenda_reasons(ctx, goals).items():
        reasons[key].append(reason)
    moved = []
    for key in _CONDITION_KEYS:
        b, a = getattr(before.scores, key), getattr(after.scores, key)
        change = delta(b, a, tolerance)
        if change:  # as the scores' table writes it (never "+0.000" for a change)
            moved.append(f"{_words(key)} {written_change(b, a, change, SCORE_DECIMALS)[2]}")
    if moved:
        reasons["overall"].append("the geometric mean of the five conditions: " + ", ".join(moved))
    # ties between partners and activities, each when it moves the index alone: a tie whose
    # change, everything else as on the earlier or on the later date, moves that date's index
    # (it changes the coordination k of scored pairs, two activities between partners that
    # reinforce each other), an activity whose scored pairs taken away from its own date, or
    # put into the other date, move that date's index; the largest
    # move first (ctx.tie_effects, ctx.activity_effects), then ties new or stronger, ties
    # removed or weaker, activities added, activities removed, each by id. The earlier
    # assessment's prediction where it made one.
    weighed: list[tuple[float, int, str]] = []

    def weigh(weight: float, text: str) -> None:
        if weight > 0:
            weighed.append((weight, len(weighed), text))

    stronger = [
        pair
        for pair, strength in sorted(ctx.new_ties.items())
        if pair not in ctx.old_ties or strength > ctx.old_ties[pair] + tolerance
    ]
    weaker = [
        pair
        for pair, old in sorted(ctx.old_ties.items())
        if pair not in ctx.new_ties or ctx.new_ties[pair] < old - tolerance
    ]
    moves = ctx.tie_effects(stronger + weaker)
    predicted = {(r.source, r.target): r for r in before.recommendations}
    quoted = 0  # the ties added whose predicted gain is quoted
    for pair in stronger:
        strength, old = ctx.new_ties[pair], ctx.old_ties.get(pair)
        p, q = pair
        weight = moves[pair]
        if weight <= 0:
            continue  # alone, it moves the index on neither date
        # a tie already there grew stronger: not "now tied"; two strengths are written apart
        # (2/3 → 0.6666667 is "0.66666667 → 0.6666667", not "0.666667 → 0.666667")
        if old is None:
            text = f"{p} and {q} are now tied (strength {tie_text(strength)})"
        else:
            was, now = tie_pair(old, strength, tolerance)
            kinds = ctx.old_kinds[pair], ctx.new_kinds[pair]
            had = ctx.old_by_kind[pair].get(kinds[1])  # the tie of the new kind, before
            text = (
                f"the tie between {p} and {q} strengthened ({was} → {now})"
                if kinds[0] == kinds[1]
                # a communication tie added beside a funding one: the funding did not grow
                # (a reviewer of the recommendations)
                else f"{p} and {q} are now tied by {_kind_words(kinds[1])} (strength {now}); "
                f"their strongest tie was {_kind_words(kinds[0])}, {was}"
                if had is None
                else f"the {_kind_words(kinds[1])} tie between {p} and {q} strengthened "
                f"({' → '.join(tie_pair(had, strength, tolerance))}); their strongest tie was "
                f"{_kind_words(kinds[0])}, {was}"
            )
        rec = predicted.get(pair)
        if rec is not None:
            when = before.as_of.isoformat() if before.as_of else "earlier"
            at = (
                ""
                if abs(rec.strength - strength) <= tolerance
                else f" for a tie of strength {tie_pair(strength, rec.strength, tolerance)[1]}"
            )
            gain = written_change(rec.index_before, rec.index_after, rec.gain)[2]
            text += f"; the {when} assessment recommended this tie: {gain} predicted{at}"
            quoted += 1
        weigh(weight, text)
    for pair in weaker:
        old, new = ctx.old_ties[pair], ctx.new_ties.get(pair)
        weight = moves[pair]
        if new is None:
            weigh(weight, f"{pair[0]} and {pair[1]} are no longer tied")
        else:
            was, now = tie_pair(old, new, tolerance)
            kinds = ctx.old_kinds[pair], ctx.new_kinds[pair]
            weigh(
                weight,
                f"the tie between {pair[0]} and {pair[1]} weakened ({was} → {now})"
                if kinds[0] == kinds[1]
                # their communication of 1 removed beside funding of 0.6: the funding did not
                # weaken (a reviewer of the session's change)
                else f"the strongest tie between {pair[0]} and {pair[1]} is now "
                f"{_kind_words(kinds[1])}, {now} (it was {_kind_words(kinds[0])}, {was})",
            )
    b_acts, a_acts = ctx.scored_before, ctx.scored_after  # scored: running on each date
    started = sorted(a_acts.keys() - b_acts.keys())
    stopped_ids = sorted(b_acts.keys() - a_acts.keys())
    activity_moves = ctx.activity_effects(started, stopped_ids)
    said: dict[str, str] = {}  # each activity added or removed, in words
    for aid in started:
        lead, *others = a_acts[aid].partners  # the lead, then the others in id order
        run_by = f"run by {_and([lead, *sorted(others)])}"
        waiting = ctx.not_running_before.get(aid)  # in the earlier file, not running on its date
        said[aid] = (
            f"activity {aid} was added to the initiative ({run_by})"
            if waiting is None
            else f"activity {aid} started ({waiting.date.isoformat()}; {run_by})"
            if waiting.status == "not started"
            else f"activity {aid} runs again (it had ended {waiting.date.isoformat()}; {run_by})"
        )
        weigh(activity_moves[aid], said[aid])
    for aid in stopped_ids:
        stopped = ctx.not_running_after.get(aid)  # still in the file, not running on the date
        said[aid] = (
            f"activity {aid} was removed from the initiative"
            if stopped is None
            else f"activity {aid} ended ({stopped.date.isoformat()})"
            if stopped.status == "ended"
            else f"activity {aid} has not started on {after.as_of} (it starts "
            f"{stopped.date.isoformat()})"
        )
        weigh(activity_moves[aid], said[aid])
    weighed.sort(key=lambda item: (-item[0], item[1]))
    reasons["alignment_index"] += [text for _, _, text in weighed]
    if quoted > 1:
        # two quoted gains read as adding up: +0.116 and +0.092 predicted beside +0.116 seen,
        # the second tie mending what the first had (a reviewer of the comparison)
        reasons["alignment_index"].append(
            f"each predicted gain above was that of its tie alone, not of the {quoted} ties "
            "together: two ties may mend the same lack of coordination, so they do not add up"
        )
    b_index, a_index = before.alignment.index, after.alignment.index
    # the leads of the coordination gaps that opened or closed: the index may hold while the
    # uncoordinated work moves from one pair of leads to another (a new lead)
    leads = {
        (min(g.primary), max(g.primary))
        for g in (*opened, *closed)
        if g.code == "uncoordinated-interdependence" and len(set(g.primary)) == 2
    }
    if delta(b_index, a_index, tolerance) or (b_index is None) != (a_index is None):
        # what else sets the coordination of two activities: a partner they share, the
        # backbone that brokers it, a working group whose members run them
        reasons["alignment_index"] += _partners_of_activities(ctx)
        reasons["alignment_index"] += _backbone_brokerage(ctx)
        reasons["alignment_index"] += _working_group_members(ctx)
    elif leads:
        # the index held: only what changes the coordination of a scored pair those gaps'
        # leads lead, on its date (ctx.led_pairs), and the activities of those pairs that
        # started, ended, were added or removed (the work the leads share changed)
        led = ctx.led_pairs(leads)
        within = {aid for pairs in led for pair in pairs for aid in pair}
        named = {text for _, _, text in weighed}
        reasons["alignment_index"] += [
            said[aid]
            for aid in [*started, *stopped_ids]
            if aid in within and said[aid] not in named
        ]
        reasons["alignment_index"] += _partners_of_activities(ctx, within, led)
        reasons["alignment_index"] += _backbone_brokerage(ctx, within, led)
        reasons["alignment_index"] += _working_group_members(ctx, led=led)
    reasons["preconditions"] += _preconditions_lacking(ctx, (*opened, *closed), persisting)
    reasons["phase"] += _phase_reasons(before, after)
    # the gaps, each under the condition it belongs to
    for gap in closed:
        key = _REASON_KEY.get(gap.code, gap.condition.value)
        reasons.setdefault(key, []).append(_closed_phrase(gap, ctx))
    for gap in opened:
        key = _REASON_KEY.get(gap.code, gap.condition.value)
        reasons.setdefault(key, []).append(_opened_phrase(gap, ctx))
    status_before = {m.indicator: m.status.value for m in before.measurement}
    for old_gap, new_gap in persisting:
        ind = new_gap.primary[0] if new_gap.primary else ""
        statuses = (status_before.get(ind, ""), ctx.status_after.get(ind, ""))
        phrase = _persisting_phrase(old_gap, new_gap, statuses, ctx)
        if phrase is not None:
            key = _REASON_KEY.get(new_gap.code, new_gap.condition.value)
            reasons.setdefault(key, []).append(phrase)
    return {k: tuple(v) for k, v in reasons.items() if v}


#: The sub-measures of each score that read the common agenda (docs/scoring.md: which
#: indicators the goals list, and the goal weight g(i) of each), and why, in words. The
#: alignment index reads it through the interdependence of every pair of activities.
_AGENDA_READERS: dict[str, tuple[tuple[str, ...], str]] = {
    "alignment_index": (
        (),
        "the interdependence of two activities weighs each indicator they help by the weight "
        "of the goals that list it",
    ),
    "common_agenda": (
        ("goal_coverage", "focus", "engagement"),
        "goal coverage weighs each goal by its weight, and focus and engagement count the help "
        "on the goals' indicators",
    ),
    "shared_measurement": (
        ("readiness", "freshness", "reporting"),
        "readiness and freshness weigh each indicator by the weight of the goals that list it, "
        "and reporting asks the partners who help one of them",
    ),
    "mutually_reinforcing_activities": (
        ("alignment_index", "efficiency"),
        "the interdependence of two activities, which its alignment index and efficiency sum, "
        "weighs each indicator they help by the weight of the goals that list it",
    ),
    "continuous_communication": (
        ("coverage",),
        "its coverage is a share of the reinforcement between partners, which weighs each "
        "indicator by the weight of the goals that list it",
    ),
}


#: The scores of :data:`_AGENDA_READERS` that read the agenda only through the interdependence
#: of pairs of activities: a change of the goal weight of indicators no activity moves is not
#: theirs.
_INTERDEPENDENCE_READERS = frozenset(
    {"alignment_index", "mutually_reinforcing_activities", "continuous_communication"}
)


def _agenda_words(ctx: _Context, goals: Sequence[GoalChange]) -> list[str]:
    """Say how the agenda changed: the goals added or removed, each goal's weight and indicators.

    Sorted by goal; a goal whose statement alone changed is left out (no score reads it).
    """
    b_goals = {g.id for g in ctx.before.initiative.goals}
    a_goals = {g.id for g in ctx.after.initiative.goals}
    said = {gid: f"goal {gid} added" for gid in a_goals - b_goals}
    said.update({gid: f"goal {gid} removed" for gid in b_goals - a_goals})
    for change in goals:
        parts = change.parts(statement=False)
        if parts:
            said[change.goal] = f"{change.goal}: {', '.join(parts)}"
    return [said[gid] for gid in sorted(said)]


def _goal_weights(initiative: Initiative) -> dict[str, float]:
    """Return ``{indicator: g(i)}``: the sum of the weights of the goals that list it."""
    out: dict[str, float] = {}
    for goal in initiative.goals:
        for ind in goal.indicators:
            out[ind] = out.get(ind, 0.0) + float(goal.weight)
    return out


def _worked_on(assessment: Assessment) -> set[str]:
    """Return the indicators some activity scored moves: directly, or along ``drives``.

    The indicators of a non-zero column of the total contributions, found on the model (a
    superset when a pathway carries nothing): one pass over the contributions and the
    pathways.
    """
    analysed = assessment.analysed
    drives = {i.id: tuple(i.drives) for i in analysed.indicators}
    todo = [i for a in analysed.activities for i, v in a.contributes.items() if v]
    seen: set[str] = set()
    while todo:
        ind = todo.pop()
        if ind not in seen:
            seen.add(ind)
            todo.extend(drives.get(ind, ()))
    return seen


def _agenda_reasons(ctx: _Context, goals: Sequence[GoalChange]) -> dict[str, str]:
    """Name the change of the agenda under each score that reads it and moved.

    A score reads the agenda through the sub-measures of :data:`_AGENDA_READERS`: the reason
    is given when one of them changed beyond the tolerance (or became defined or undefined),
    the alignment index when it did, and, for the scores that read it only through the
    interdependence of activities (:data:`_INTERDEPENDENCE_READERS`), when the goal weight of
    an indicator some activity moves changed: ``"the agenda changed (graduate:
    chronic-absence taken off the goal; reading: weight 1.5 → 3): ..."``, with how the score
    reads it. Nothing when no goal was added or removed and none changed but its statement.
    """
    words = _agenda_words(ctx, goals)
    if not words:
        return {}
    shown = "; ".join(words[:6]) + (f"; and {len(words) - 6:,} more" if len(words) > 6 else "")
    # the interdependence of two activities reads g(i) only where some activity moves i
    old_g, new_g = _goal_weights(ctx.before.initiative), _goal_weights(ctx.after.initiative)
    reweighed = {i for i in old_g.keys() | new_g.keys() if old_g.get(i) != new_g.get(i)}
    interdependence = bool(reweighed & (_worked_on(ctx.before) | _worked_on(ctx.after)))
    out = {}
    for key, (parts, why) in _AGENDA_READERS.items():
        if key in _INTERDEPENDENCE_READERS and not interdependence:
            continue
        if key == "alignment_index":
            pairs = [(ctx.before.alignment.index, ctx.after.alignment.index)]
        else:
            old = ctx.before.scores.components.get(key, {})
            new = ctx.after.scores.components.get(key, {})
            pairs = [(old.get(part), new.get(part)) for part in parts]
        if any((b is None) != (a is None) or bool(delta(b, a, ctx.tolerance)) for b, a in pairs):
            out[key] = f"the agenda changed ({shown}): {why}"
    return out


#: The scored pairs the leads of the coordination gaps lead, before and after
#: (:meth:`_Context.led_pairs`).
_Led = tuple[Sequence[tuple[str, str]], Sequence[tuple[str, str]]]


def _moves_led_k(
    ctx: _Context,
    led: _Led,
    change: Callable[[int, _Side, str, tuple[str, ...]], tuple[_Side, tuple[str, ...]]],
    only: str | None = None,
) -> bool:
    """Whether ``change`` moves the coordination of one of the ``led`` pairs on its date.

    ``change(date, side, activity, partners)`` (``date`` 0 before, 1 after) returns what sets
    the coordination (:class:`_Side`) and the activity's partners as they would be with the
    change undone on that date (on the earlier, as on the later date; on the later, as on the
    earlier). ``only``: the pairs of that activity alone.
    """
    scored = (ctx.scored_before, ctx.scored_after)
    for date, (pairs, side) in enumerate(zip(led, ctx.sides, strict=True)):
        for a, b in pairs:
            if only is not None and only not in (a, b):
                continue
            pa, pb = tuple(scored[date][a].partners), tuple(scored[date][b].partners)
            other, qa = change(date, side, a, pa)
            _, qb = change(date, side, b, pb)
            if side.k(pa, pb) != other.k(qa, qb):
                return True
    return False


def _partners_of_activities(
    ctx: _Context, within: Iterable[str] | None = None, led: _Led | None = None
) -> list[str]:
    """Say who left or joined the activities scored on both dates, and whose lead changed.

    Two activities that share a partner are fully coordinated (:math:`k = 1`): a partner who
    leaves one of them may leave the pair coordinated by ties alone, and one who joins may
    coordinate it fully. The lead decides which pairs of partners a pair of activities is
    between. One sentence per partner, each naming its activities (a few, then how many
    others). ``within``: only those activities (every one when ``None``); ``led``: only a
    partner whose joining or leaving, undone alone, changes the coordination of one of those
    pairs on its date (:func:`_moves_led_k`), and a new lead of one of their activities.
    """
    left: dict[str, list[str]] = {}
    joined: dict[str, list[str]] = {}
    leads = []
    both = ctx.scored_before.keys() & ctx.scored_after.keys()

    def moves(p: str, aid: str, *, gone: bool) -> bool:
        # p undone in aid: back in it on the later date (gone) or out of it on the earlier
        def change(
            date: int, side: _Side, x: str, px: tuple[str, ...]
        ) -> tuple[_Side, tuple[str, ...]]:
            if x != aid:
                return side, px
            if (date == 1) == gone:
                return side, (*px, p)
            rest = tuple(q for q in px if q != p)
            # an activity left with no partner is none: the change cannot be undone on that
            # date (q replaced by s in z read "q left z" as moving a pair, found by a reviewer)
            return side, rest or px

        return led is None or _moves_led_k(ctx, led, change, only=aid)

    for aid in sorted(both if within is None else both & set(within)):
        old, new = ctx.scored_before[aid].partners, ctx.scored_after[aid].partners
        for p in set(old) - set(new):
            if moves(p, aid, gone=True):
                left.setdefault(p, []).append(aid)
        for p in set(new) - set(old):
            if moves(p, aid, gone=False):
                joined.setdefault(p, []).append(aid)
        if old and new and old[0] != new[0]:
            leads.append(f"{new[0]} now leads {aid} (was {old[0]})")
    shared = "activities that share a partner are fully coordinated"
    out = [f"{p} left {_and(aids)} ({shared})" for p, aids in sorted(left.items())]
    out += [f"{p} joined {_and(aids)} ({shared})" for p, aids in sorted(joined.items())]
    return out + leads


def _backbone_brokerage(
    ctx: _Context, within: Set[str] | None = None, led: _Led | None = None
) -> list[str]:
    """Say that the backbone organisation changed: the coordination it brokers moved.

    Two activities whose partners each reach the backbone (are it, or are tied to it) are
    coordinated at least at ``brokered_coordination``; nothing is said when that is 0 on
    both sides. ``within``: said only when two of those activities reach the backbone of one
    date, the old or the new (with their partners of that date): it can broker them (always
    when ``None``). ``led``: only when the other date's backbone, put in alone, changes the
    coordination of one of those pairs on its date (:func:`_moves_led_k`).
    """
    old_bb, new_bb = ctx.before.initiative.backbone, ctx.after.initiative.backbone
    old = old_bb.organization if old_bb is not None else None
    new = new_bb.organization if new_bb is not None else None
    if old == new:
        return []
    if within is not None and not any(
        sum(not side.reach.isdisjoint(scored[aid].partners) for aid in within if aid in scored) >= 2
        for side, scored in zip(ctx.sides, (ctx.scored_before, ctx.scored_after), strict=True)
    ):
        return []
    if led is not None:
        swapped = []
        for side, organisation in zip(ctx.sides, (new, old), strict=True):
            reaching = set() if organisation is None else {organisation}
            for p, q in side.ties if organisation is not None else ():
                if organisation in (p, q):
                    reaching.add(q if p == organisation else p)
            swapped.append(attrs.evolve(side, backbone=organisation, reach=frozenset(reaching)))

        def change(
            date: int, side: _Side, x: str, px: tuple[str, ...]
        ) -> tuple[_Side, tuple[str, ...]]:
            return swapped[date], px

        if not _moves_led_k(ctx, led, change):
            return []
    b_kappa = ctx.before.config.brokered_coordination
    a_kappa = ctx.after.config.brokered_coordination
    if b_kappa == 0 and a_kappa == 0:
        return []
    reach = "run by it or by a partner tied to it"
    if new is None:
        return [
            f"the initiative no longer has a backbone ({old}): activities that reached it "
            f"({reach}) are no longer coordinated through it (brokered coordination "
            f"{amount(b_kappa)})"
        ]
    if old is None:
        return [
            f"{new} is now the backbone: activities that reach it ({reach}) are coordinated "
            f"through it (brokered coordination {amount(a_kappa)})"
        ]
    return [
        f"the backbone changed from {old} to {new}: the activities coordinated through it "
        f"(brokered coordination {amount(a_kappa)}) are those that reach {new} ({reach}), no "
        f"longer those that reach {old}"
    ]


def _working_group_members(
    ctx: _Context, among: Set[str] | None = None, led: _Led | None = None
) -> list[str]:
    """Say how the membership of the working groups changed (a group added or removed too).

    Two activities run by members of one working group are coordinated at least at
    ``working_group_coordination``. ``among``: only the groups in which one of those
    partners joined or left (or which were added or removed) and which hold two of them on
    one date: those that can coordinate two of their activities (every group when ``None``).
    ``led``: only the groups whose membership as on the other date, put in alone, changes the
    coordination of one of those pairs on its date (:func:`_moves_led_k`).
    """
    old = {g.id: set(g.members) for g in ctx.before.initiative.working_groups}
    new = {g.id: set(g.members) for g in ctx.after.initiative.working_groups}
    kappa = ctx.after.config.working_group_coordination
    why = f"members of one working group coordinate at {amount(kappa)} at least"
    out = []
    for gid in sorted(old.keys() | new.keys()):
        was, now = old.get(gid), new.get(gid)
        if was == now:
            continue
        if among is not None:
            moved = (was or now or set()) if was is None or now is None else was ^ now
            held = max(len((was or set()) & among), len((now or set()) & among))
            if moved.isdisjoint(among) or held < 2:
                continue
        if led is not None:
            swapped = []
            for side, members in zip(ctx.sides, (now, was), strict=True):
                groups = {p: g - {gid} for p, g in side.groups.items()}
                for p in members or ():
                    groups[p] = groups.get(p, frozenset()) | {gid}
                swapped.append(attrs.evolve(side, groups=groups))

            def change(
                date: int,
                side: _Side,
                x: str,
                px: tuple[str, ...],
                swapped: list[_Side] = swapped,
            ) -> tuple[_Side, tuple[str, ...]]:
                return swapped[date], px

            if not _moves_led_k(ctx, led, change):
                continue
        if now is None and was is not None:
            out.append(
                f"working group {gid} was removed: {_and(sorted(was))} no longer share it ({why})"
            )
        elif was is None and now is not None:
            out.append(f"working group {gid} was added: {_and(sorted(now))} share it ({why})")
        elif was is not None and now is not None and was != now:
            parts = [f"{_and(sorted(was - now))} left"] if was - now else []
            parts += [f"{_and(sorted(now - was))} joined"] if now - was else []
            out.append(f"in working group {gid}, {' and '.join(parts)} ({why})")
    return out


#: The gap that already says each precondition's change: no second reason for it.
_PRECONDITION_GAPS = {"champion": "no-champion", "funding": "short-funding", "urgency": None}


def _precondition_kind(lacking: str) -> str:
    """Return ``champion``, ``funding`` or ``urgency``: the precondition an item is about."""
    return next((kind for kind in _PRECONDITION_GAPS if kind in lacking), lacking)


def _preconditions_lacking(
    ctx: _Context, gaps: Iterable[Gap], persisting: Iterable[tuple[Gap, Gap]]
) -> list[str]:
    """Say which preconditions are now lacking, and which are now met.

    From :attr:`Preconditions.lacking <collective_impact.analysis.phases.Preconditions.lacking>`
    before and after, by precondition (a champion, the funding, the urgency): one a gap opened
    or closed, or whose message changed, already says (``no-champion``, ``short-funding``) is
    not said again. The funding cannot be judged without a date of judgement: it is then
    neither lacking nor met.
    """
    old, new = ctx.before.phase.preconditions, ctx.after.phase.preconditions
    said = {g.code for g in gaps} | {
        n.code for o, n in persisting if o.severity != n.severity or o.message != n.message
    }
    before = {_precondition_kind(item): item for item in old.lacking}
    after = {_precondition_kind(item): item for item in new.lacking}
    # lacking is empty when the funding cannot be judged (no date of judgement to count from)
    unjudged = {"funding"} if None in (old.met, new.met) else set()

    def detail(kind: str) -> str:
        if kind != "urgency" or old.urgency == new.urgency:
            return ""
        return f" (urgency {old.urgency or 'not recorded'} → {new.urgency or 'not recorded'})"

    out = []
    for kind in _PRECONDITION_GAPS:
        if kind in unjudged or _PRECONDITION_GAPS[kind] in said:
            continue
        if kind in after and kind not in before:
            out.append(f"now lacking: {after[kind]}{detail(kind)}")
        elif kind in before and kind not in after:
            out.append(f"now met: {before[kind]}{detail(kind)}")
    return out


# --------------------------------------------------------------------------- text


def _written_apart(before: float, after: float, change: float, places: int) -> bool:
    """Whether ``places`` decimals write two scores and their change each as it is.

    A change that is not 0 not as 0, the two scores not alike, neither as 0 or 1 unless it is
    (:func:`~collective_impact._text.pair_decimals`). Checked at each precision on its own:
    rounding is not monotone in the decimals (0.6000472… and 0.6000527… read apart with four,
    alike with five).
    """
    return (
        pair_decimals(before, after, places) == places
        and decimals_apart(change, 0.0, decimals=places, tolerance=0.0) == places
        # a change exactly halfway between two written values (−0.0005 with 3 decimals) is
        # either of them by a rounding error in its last bit, "-0.000" or "-0.001": one more
        # decimal writes it as it is
        and not halfway(change, places)
    )


def _adds_up(before: float, after: float, change: float, places: int) -> bool:
    """Whether the three numbers, each rounded to ``places`` decimals, add up as written."""
    shown = [Decimal(fixed(value, places)) for value in (before, after, change)]
    return shown[0] + shown[2] == shown[1] and (shown[2] != 0 or change == 0)


def decimals_adding_up(before: float, after: float, change: float, decimals: int = 3) -> int:
    """Return how many decimals, from ``decimals``, write two scores and their change as they are.

    The first precision, from ``decimals`` to
    :data:`~collective_impact._text.MAX_DECIMALS`, at which all of it holds at once: a change
    that is not 0 is not written as 0 ("+0.000"), the two scores not alike, a score (from 0 to
    1) that is not 0 or 1 not as one (:func:`~collective_impact._text.decimals_apart`: an
    index of 0.999 → 0.9996 is not "0.999 → 1.000"), and the three numbers, each rounded on its
    own, add up: 0.60008 → 0.65857 (+0.05849) reads "0.600 → 0.659 (+0.058)"; with four
    decimals, "0.6001 → 0.6586 (+0.0585)". Some never add up, as their rounding errors repeat
    at every precision (0.52222… − 0.00016666… = 0.52205555… reads 0.5222 − 0.0002 and 0.5221,
    then 0.52222 − 0.00017 and 0.52206…): they get the first precision that writes them apart,
    each number right to its last decimal. Every precision is checked on its own, since
    rounding is not monotone in the decimals.

    Examples
    --------
    >>> decimals_adding_up(0.60008, 0.65857, 0.05849), decimals_adding_up(0.6, 0.65, 0.05)
    (4, 3)
    >>> decimals_adding_up(0.999, 0.9996, 0.0006)  # not "0.999 → 1.000 (+0.001)"
    4
    >>> decimals_adding_up(47 / 90, 46.985 / 90, -0.015 / 90)  # never adds up: 4
    4
    >>> decimals_adding_up(0.0436425081, 0.0384861856, 0.0384861856 - 0.0436425081)
    7
    >>> decimals_adding_up(0.6000472555, 0.6000527316, 0.0000054761)  # 0.60005 → 0.60005 at 5
    9
    """
    precisions = range(decimals, MAX_DECIMALS + 1)
    apart = [p for p in precisions if _written_apart(before, after, change, p)]
    for places in apart:
        if _adds_up(before, after, change, places):
            return places
    return apart[0] if apart else decimals


def shared_decimals(
    scores: Iterable[float | None] = (),
    changes: Iterable[tuple[float | None, float | None, float | None]] = (),
    points: Iterable[float] = (),
    decimals: int = SCORE_DECIMALS,
    adding_up: int = MAX_DECIMALS,
) -> int:
    """Return the decimals, from ``decimals``, that write one quantity one way wherever it is.

    A page that shows a score in several places (a card, a chart, a change from an earlier
    assessment, a recommended tie) writes it with one number of decimals, chosen once: the
    first precision, up to :data:`~collective_impact._text.MAX_DECIMALS`, at which

    - every one of ``scores`` (from 0 to 1) is apart from 0 and 1 unless it is one
      (:func:`~collective_impact._text.decimals_apart`);
    - every change ``(before, after, change)`` is written as :func:`written_change` writes
      it: the two scores apart, a change that is not 0 not as 0, and the three adding up as
      written (an unchanged or undefined one only asks its scores to be apart from 0 and 1);
    - every one of ``points`` (amounts of the same unit: a gain, what a gap costs) that is not
      0 does not read as 0.

    When no precision up to ``adding_up`` decimals has every change add up
    (:func:`decimals_adding_up`), the fewest decimals at which the most of them do, and the
    rest holds; with none, the first precision at which the rest holds. The card read "0.88"
    and the table of changes "0.8635 → 0.8771" for one common agenda score. A page of many
    changes (the recommended ties of a large initiative) gives ``adding_up`` a few decimals
    above ``decimals``: one of its rows added up only at 9 decimals, and the alignment index
    read "0.310164773" across the page (found by a reviewer).

    Examples
    --------
    >>> shared_decimals([0.8771], [(0.8635, 0.8771, 0.0136)])  # 0.8635 + 0.0136 = 0.8771
    4
    >>> shared_decimals([0.5660], [(0.5660, 0.6324, 0.0664)], [0.0664], decimals=3)
    3
    >>> shared_decimals([0.64], points=[0.00002], decimals=3)
    5
    >>> row = (0.3101647729607619, 0.315617666027515, 0.0054528930667531094)
    >>> one = (0.3101647729607619, 0.3178218469758288, 0.007657074015066922)
    >>> shared_decimals([0.31], [row, one], decimals=3)  # 0.310165 → 0.315618 (+0.005453)
    6
    >>> shared_decimals([0.31], [row, one], decimals=3, adding_up=5)  # one of them: 0.310 + …
    3
    """
    bounded = [v for v in scores if v is not None]
    moved: list[tuple[float, float, float]] = []
    for before, after, change in changes:
        bounded += [v for v in (before, after) if v is not None]
        if before is not None and after is not None and change:
            moved.append((before, after, change))
    amounts = [v for v in points if v != 0]

    def apart(places: int) -> bool:
        return (
            all(decimals_apart(v, *SCORE_BOUNDS, decimals=places) == places for v in bounded)
            and all(
                decimals_apart(v, 0.0, decimals=places, tolerance=0.0) == places for v in amounts
            )
            and all(_written_apart(b, a, c, places) for b, a, c in moved)
        )

    precisions = [p for p in range(decimals, MAX_DECIMALS + 1) if apart(p)]
    within = [p for p in precisions if p <= adding_up]
    adding = [sum(_adds_up(b, a, c, places) for b, a, c in moved) for places in within]
    if adding:  # all of them add up, else as many as can, at the fewest decimals
        return within[adding.index(max(adding))]
    return precisions[0] if precisions else decimals


def written_change(
    before: float | None,
    after: float | None,
    change: float | None,
    decimals: int = INDEX_DECIMALS,
) -> tuple[str, str, str]:
    """Write a score before and after and its signed change, adding up as written.

    Every view of a change of a score (the change report, the HTML views, the recommended
    ties) writes it so: a score that moved, and its change, with the decimals of
    :func:`decimals_adding_up`; an unchanged or undefined score as
    :func:`~collective_impact._text.score_text` writes it, with ``""`` for a change of 0 and
    ``–`` for an undefined one (a score undefined before or after).

    Examples
    --------
    >>> written_change(0.60008, 0.65857, 0.05849)
    ('0.6001', '0.6586', '+0.0585')
    >>> written_change(0.9, 0.8995, -0.0005, 2)  # -0.0005 is halfway at 3 decimals
    ('0.9000', '0.8995', '-0.0005')
    >>> written_change(0.5, 0.5, 0.0, 2), written_change(None, 0.633, None)
    (('0.50', '0.50', ''), ('–', '0.633', '–'))
    """
    if change == 0.0 and before is not None and after is not None:
        # no change (within the tolerance): one number, written once on both sides, never
        # "0.64 → 0.65" for two values either side of a rounding boundary
        text = score_text(after, decimals)
        return text, text, ""
    if change is None or before is None or after is None:
        texts = score_text(before, decimals), score_text(after, decimals)
        return (*texts, "–")
    places = decimals_adding_up(before, after, change, decimals)
    return fixed(before, places), fixed(after, places), signed(change, places)


def change_text(
    before: float | None, after: float | None, change: float | None, decimals: int
) -> str:
    """``0.64 → 0.72 (+0.08)``, ``0.64 (unchanged)``, or with ``–`` for undefined values.

    As :func:`written_change` writes them: scores with ``decimals`` decimals, more while they
    would read as 0 or 1 when they are not, and a score that moved and its change with the
    decimals they need to add up as written.
    """
    bt, at, ct = written_change(before, after, change, decimals)
    if not ct:
        return f"{at} (unchanged)"
    return f"{bt} → {at}" + ("" if ct == "–" else f" ({ct})")


def reason_heading(
    key: str, before: float | None, after: float | None, change: float | None
) -> str:
    """Head the reasons of a score: how it moved, then what changed, whichever way it pulled.

    The reasons under a score are every change found in it, and some pull the other way (a
    gap opened under a score that rose), so the heading says the score rose and lists what
    changed, never that each change made it rise. A score that became defined or undefined
    (the alignment index, with no interdependent activities) says so.

    Examples
    --------
    >>> reason_heading("shared_measurement", 0.65, 0.6, -0.05)
    'Shared measurement fell; what changed:'
    >>> reason_heading("alignment_index", None, 0.633, None)
    'Alignment index became defined; what changed:'
    >>> reason_heading("common_agenda", 0.9, 0.9, 0.0)
    'Common agenda unchanged, though these changed:'
    """
    title = REASON_TITLES[key]
    if (before is None) != (after is None):
        return f"{title} became {'un' if after is None else ''}defined; what changed:"
    if before is None:
        return f"{title} undefined before and after, though these changed:"
    moved = direction(change)
    if moved == "unchanged":
        return f"{title} unchanged, though these changed:"
    return f"{title} {moved}; what changed:"


def gap_change_text(old: Gap, new: Gap) -> str:
    """Say how a gap still open changed: its severity, and what its message now says.

    ``[warning] short funding: 0.75 years of funding left, 2 needed → 1.7 years …``; the whole
    new message when the impact reads alike.
    """
    text = _gap_line(new)
    if old.severity != new.severity:
        text += f" (was {SEVERITY_WORDS[old.severity.value]})"
    if old.message != new.message:
        if old.impact_text != new.impact_text:
            text += f": {old.impact_text} → {new.impact_text}"
        else:
            text += f": now “{new.message}”"
    return text


def _gap_line(gap: Gap) -> str:
    who = _and(list(gap.primary_words))
    return f"[{SEVERITY_WORDS[gap.severity.value]}] {gap.label}" + (f": {who}" if who else "")


def names_warning(diff: AssessmentDiff) -> str | None:
    """Say that the two initiatives are named differently, or ``None`` (every view, first).

    ``None`` too when :attr:`~collective_impact.AssessmentDiff.unrelated` warns already: the two
    share some ids, so the changes read as one initiative's, which they may not be.
    """
    if diff.unrelated or not diff.names_differ:
        return None
    return (
        f"The two results are of initiatives named differently (“{diff.names[0]}” before, "
        f"“{diff.names[1]}” after): the changes below assume they are one initiative."
    )


def backwards_warning(diff: AssessmentDiff) -> str | None:
    """Say that the diff goes back in time, or ``None`` (every view, first).

    ``diff(other)`` compares ``other`` as the later result; given an earlier one, each "now"
    and "no longer" of the reasons is of the earlier date, and a decline reads as progress
    unless the reader sees the dates. A diff may go back in time (the reasons say "has not
    started" of what started between the dates), so it is said, not refused.
    """
    before, after = diff.as_of
    if before is None or after is None or after >= before:
        return None
    return (
        f"This compares back in time: the second result is judged as of {after.isoformat()}, "
        f"before the first ({before.isoformat()}); each change below is from the later date "
        "to the earlier one."
    )


def versions_warning(diff: AssessmentDiff) -> str | None:
    """Say that two versions of the library computed the results, or ``None`` (every view).

    The development version is raised with every change that can change a number or a
    verdict: between two versions, a change may come from the code, not from the initiative.
    """
    before, after = diff.versions
    if before == after:
        return None
    return (
        f"The two results were computed by different versions of collective_impact ({before} "
        f"before, {after} after): a change below may come from the code, not from the "
        "initiative. Assess both files with one version to compare them."
    )


def structure_changes(diff: AssessmentDiff) -> list[tuple[str, list[str]]]:
    """Return what changed in the structure, in words: ``(label, items)``, only those non-empty.

    One list for every view of a diff (the text, the notebook view, the HTML report): the
    partners and activities added or removed, the activities that started or stopped counting
    (in both files, scored on one date only), the goals and the indicators (added, removed,
    or redefined: a target, a baseline...; each goal changed with what changed in it,
    :meth:`GoalChange.text <collective_impact.GoalChange.text>`, the line joined by "; ",
    :func:`structure_separator`), the ties, the working groups (added,
    removed, or changed: their members, goals or name), and the fields of the backbone record
    and of the conditions that changed (``"backbone changed: staff"``, ``"conditions changed:
    urgency"``; ``"backbone: added"`` or ``"removed"`` when one side has none).

    A diff back in time (:func:`backwards_warning`) scores on the earlier date the activities
    that had not started yet, and not those that have ended by the later one: they are listed
    as such (``"activities not started on 2023-06-30"``, ``"activities ended by
    2026-09-30"``), as the reasons say it (:meth:`_Context.stopped`), never "ended" of what had
    not started.
    """
    started, stopped = "activities started", "activities ended"
    # the kinds of the strongest ties: a communication tie added beside a referral tie of 0.2
    # read as "(0.2 → 1)", the referral tie strengthened
    kinds = {(p, q): (b, a) for p, q, b, a in diff.ties_changed_kinds}
    # and beside a strongest tie of the same strength: "(referral q→p 0.6 → communication 0.4;
    # referral q→p 0.6)" read the referral's direction as before → after
    modified = {(p, q): (b, a) for p, q, b, a in diff.ties_modified_kinds}
    later, earlier = diff.as_of
    if backwards_warning(diff) is not None and later is not None and earlier is not None:
        started = f"activities ended by {later.isoformat()}"
        stopped = f"activities not started on {earlier.isoformat()}"
    structure = [
        ("partners added", list(diff.partners_added)),
        ("partners removed", list(diff.partners_removed)),
        ("partners changed", list(diff.partners_changed)),
        ("ties added", [f"{p} – {q} (strength {s:g})" for p, q, s in diff.ties_added]),
        ("ties removed", [f"{p} – {q} (strength {s:g})" for p, q, s in diff.ties_removed]),
        (
            "ties changed",
            [
                tie_change_text(change, kinds.get(change[:2]), diff.tolerance)
                for change in diff.ties_changed
            ],
        ),
        (
            "ties modified",
            [
                tie_change_text(
                    (p, q, 0.0, 0.0), modified.get((p, q)), diff.tolerance, words=(b, a)
                )
                for p, q, b, a in diff.ties_modified
            ],
        ),
        ("activities added", list(diff.activities_added)),
        ("activities removed", list(diff.activities_removed)),
        ("activities changed", list(diff.activities_changed)),
        (started, list(diff.activities_started)),
        (stopped, list(diff.activities_stopped)),
        ("goals added", list(diff.goals_added)),
        ("goals removed", list(diff.goals_removed)),
        (
            "goals changed",
            # what changed in each (a diff pickled before goal_changes were recorded: the ids)
            [c.text() for c in diff.goal_changes] or list(diff.goals_changed),
        ),
        ("indicators added", list(diff.indicators_added)),
        ("indicators removed", list(diff.indicators_removed)),
        ("indicators redefined", list(diff.indicators_changed)),
        ("working groups added", list(diff.working_groups_added)),
        ("working groups removed", list(diff.working_groups_removed)),
        ("working groups changed", list(diff.working_groups_changed)),
        _backbone_line(diff.backbone_changed),
        ("conditions changed", [_words(name) for name in diff.conditions_changed]),
    ]
    return [(label, items) for label, items in structure if items]


#: The structure lines whose items say what changed, with commas of their own: joined by "; ".
_SEMICOLON_LINES = frozenset({"goals changed"})


#: The structure lines whose items are sentences that say what changed, not ids: a view that
#: cuts long ids does not cut them ("boys-girls-club – schools: communication tie added
#: (stronge…" lost what the item says).
_SENTENCE_LINES = frozenset({"goals changed", "ties changed", "ties modified"})


def structure_sentences(label: str) -> bool:
    """Return whether the items of the structure line ``label`` are sentences, not ids.

    The goals changed, each with what changed in it, and the ties changed or modified, each
    with its strengths or kinds: a view that cuts an id at a width shows them whole.
    """
    return label in _SENTENCE_LINES


def structure_separator(label: str) -> str:
    """Return what joins the items of the structure line ``label`` in every view.

    ``", "`` between ids; ``"; "`` between the goals changed, each of which says what changed in
    it with commas of its own (``"graduate: weight 1 → 2, k-ready added to the goal; reading:
    weight 1.5 → 3"``).
    """
    return "; " if label in _SEMICOLON_LINES else ", "


def _backbone_line(changed: Sequence[str]) -> tuple[str, list[str]]:
    """Return the structure line of the backbone record: ``("backbone changed", [fields])``.

    ``("backbone", ["added"])`` (or ``["removed"]``) when only one side has a backbone.
    """
    if tuple(changed) in (("added",), ("removed",)):
        return "backbone", list(changed)
    return "backbone changed", [_words(name) for name in changed]


def shown_order(changes: Iterable[IndicatorChange]) -> list[IndicatorChange]:
    """Return the indicators that changed in the order every view lists them.

    :attr:`AssessmentDiff.indicators <collective_impact.AssessmentDiff.indicators>` is sorted
    by id; listed that way and cut at 20, a target met and now off track hid behind changes of
    value. Four groups:

    1. those whose status worsened (a new status more pressing than the old one, in the order
       the report lists indicators, :data:`~collective_impact._text.STATUS_URGENCY`: off track,
       at risk, insufficient data, on track, met);
    2. the other changes of status or of its words (:meth:`IndicatorChange.status_text
       <collective_impact.IndicatorChange.status_text>`: better, new, gone, "off track →
       target missed") with a value, the target or the forecast moved too;
    3. those whose status and its words stayed, a value moved: those that worsened first
       (the latest value, else the forecast, moved the wrong way), then those neither worse
       nor better (no direction, the date of the latest value alone, the target), then those
       that improved;
    4. those whose words alone changed, nothing reported, the target and the forecast the same
       ("off track → forecast: off track": the date of judgement passed the target date).

    Groups 1, 2 and 4 each by the urgency of the new status (a gone one last), each rank by id.
    Group 4 ranked before group 3 hid nine worsened values past the cut of 20 (120 synthetic
    indicators judged on 2024-12-01 and on their own date).
    """
    last = len(STATUS_URGENCY)

    def key(c: IndicatorChange) -> tuple[int, int, str]:
        before, after = c.status_words()
        old, new = (last if s is None else STATUS_URGENCY.get(s, last) for s in c.status)
        if before != after and _words_alone(c):
            return 3, new, c.indicator
        if before == after:
            return 2, _worse_or_better(c), c.indicator
        worse = c.status[0] is not None and c.status[1] is not None and new < old
        return (0 if worse else 1), new, c.indicator

    return sorted((c for c in changes if c.changed), key=key)


def _words_alone(c: IndicatorChange) -> bool:
    """Whether the status's words alone changed: status, values, target and forecast the same."""
    return (
        c.status[0] == c.status[1]
        and c.latest_date[0] == c.latest_date[1]
        and (c.change == 0.0 or c.latest == (None, None))
        and not c.target_changed
        and delta(*c.forecast, c.tolerance) in (0.0, None)
        and (c.forecast[0] is None) == (c.forecast[1] is None)
    )


def _worse_or_better(c: IndicatorChange) -> int:
    """0 when the latest value (else the forecast) moved the wrong way, 2 the right way, else 1."""
    for pair in (c.latest, c.forecast):
        change = delta(*pair, c.tolerance)
        if change:
            if c.direction not in ("increase", "decrease"):
                return 1
            return 2 if (change > 0) == (c.direction == "increase") else 0
    return 1


def summary_lines(diff: AssessmentDiff, *, markdown: bool, limit: int | None = None) -> list[str]:
    """Return the lines of :meth:`AssessmentDiff.summary` (``limit``: its ``max_lines``)."""
    old_when, new_when = (d.isoformat() if d else "no date" for d in diff.as_of)
    # a name's line breaks are spaces: a title is one line, under an underline of its width
    old_name, new_name = (one_line(name) for name in diff.names)
    title = f"Changes in {new_name}: {old_when} → {new_when}"
    if diff.names[0] != diff.names[1]:
        title += f" (before: {old_name})"
    item = "- " if markdown else "  "
    sub = "  - " if markdown else "      "
    # names, ids and reasons are the initiative's text: escaped in Markdown, not markup
    md = markdown_text if markdown else str

    def h2(text: str) -> list[str]:
        return ["", f"## {text}", ""] if markdown else ["", text]

    def cut(items: Sequence[Any], where: str) -> tuple[Sequence[Any], list[str]]:
        """Return the first ``limit`` items, and the line that counts the others."""
        if limit is None or len(items) <= limit:
            return items, []
        more = f"… and {len(items) - limit:,} more " + every_one(
            "max_lines", f"AssessmentDiff.{where}"
        )
        indent = sub if where != "indicators" else item
        if markdown:
            return items[:limit], [f"{indent}{more}"]
        # within 100 characters, as the lines around it
        return items[:limit], textwrap.wrap(
            more, 100, initial_indent=indent, subsequent_indent=indent + "  "
        )

    lines = [f"# {md(title)}"] if markdown else [title, "=" * display_width(title)]
    lines.append("")
    if diff.unrelated:  # first: every change below follows from it
        warning = (
            "These are two different initiatives: they have no partner and no indicator in "
            "common, so every change below compares unrelated things."
        )
        lines += [warning, ""] if markdown else [*textwrap.wrap(warning, 90), ""]
    renamed = names_warning(diff)
    if renamed is not None:  # first too: a change of name may be another initiative
        lines += [md(renamed), ""] if markdown else [*textwrap.wrap(renamed, 90), ""]
    back = backwards_warning(diff)
    if back is not None:  # first too: every "now" below is of the earlier date
        lines += [back, ""] if markdown else [*textwrap.wrap(back, 90), ""]
    code = versions_warning(diff)
    if code is not None:  # first too: a change may come from the code
        lines += [code, ""] if markdown else [*textwrap.wrap(code, 90), ""]
    lines.append(
        f"Phase: {diff.phase[1]}"
        if diff.phase[0] == diff.phase[1]
        else f"Phase: {diff.phase[0]} → {diff.phase[1]}"
    )
    lines += [""] if markdown else []
    lines.append(tolerance_sentence(diff.tolerance))
    if diff.settings:
        lines += [""] if markdown else []
        lines.append(
            f"Settings differ: {settings_text(diff.settings)}. The changes below may come from "
            "them, not only from the initiative."
        )
    lines += h2("Scores (0 to 1)")
    changes = diff.score_changes()
    for key in ("overall", *_CONDITION_KEYS):
        b, a = diff.scores[key]
        text = change_text(b, a, changes[key], SCORE_DECIMALS)
        lines.append(
            f"{item}{_words(key)}: {text}" if markdown else f"{item}{_words(key):<33} {text}"
        )
    b_idx, a_idx, c_idx = diff.alignment_index
    idx = change_text(b_idx, a_idx, c_idx, INDEX_DECIMALS)
    lines.append(
        f"{item}alignment index: {idx}" if markdown else f"{item}{'alignment index':<33} {idx}"
    )
    if diff.reasons:
        lines += h2("Why")
        for key in REASON_KEYS:
            if key not in diff.reasons:
                continue
            if key == "alignment_index":
                head = reason_heading(key, b_idx, a_idx, c_idx)
            elif key in ("phase", "preconditions"):
                head = f"{REASON_TITLES[key]}:"
            else:
                head = reason_heading(key, *diff.scores[key], changes[key])
            lines.append(f"{item}{head}")
            said, rest = cut(diff.reasons[key], "reasons")
            for reason in said:
                if markdown:
                    lines.append(f"{sub}{md(reason)}")
                else:
                    lines += textwrap.wrap(
                        reason, width=100, initial_indent=sub, subsequent_indent=sub + "  "
                    )
            lines += rest
    gaps_changed = diff.gaps_changed
    lines += h2(
        f"Gaps: {len(diff.opened)} opened, {len(diff.closed)} closed, "
        f"{len(diff.persisting)} persisting ({len(gaps_changed)} changed)"
    )
    # opened first, as the heading counts them: a new problem matters most to a committee
    for label, gaps in (("Opened", diff.opened), ("Closed", diff.closed)):
        if gaps:
            lines.append(f"{item}{label}:")
            shown_gaps, rest = cut(gaps, label.lower())
            lines += [f"{sub}{md(_gap_line(g))}" for g in shown_gaps] + rest
    if gaps_changed:
        lines.append(f"{item}Persisting, changed:")
        shown_changed, rest = cut(gaps_changed, "gaps_changed")
        for o, n in shown_changed:
            if markdown:
                lines.append(f"{sub}{md(gap_change_text(o, n))}")
            else:
                lines += textwrap.wrap(
                    gap_change_text(o, n),
                    width=100,
                    initial_indent=sub,
                    subsequent_indent=sub + "  ",
                )
        lines += rest
    changed_gaps = {id(n) for _, n in gaps_changed}  # AssessmentDiff.gaps_changed's rule
    unchanged = [n for _, n in diff.persisting if id(n) not in changed_gaps]
    if limit is None and unchanged:
        # "every gap" (--all) listed only the changed ones: an indicator still off track, the
        # same as before, was counted and never named (a reviewer of the command line)
        lines.append(f"{item}Persisting, unchanged:")
        lines += [f"{sub}{md(_gap_line(g))}" for g in unchanged]
    changed = shown_order(diff.indicators)  # a status that worsened first
    lines += h2(f"Indicators ({len(changed)} of {len(diff.indicators)} changed)")
    shown_indicators, rest = cut(changed, "indicators")
    for c in shown_indicators:
        if markdown:
            lines.append(f"{item}{md(c.text())}")
        else:  # as the reasons: a line of the terminal stays within 100 characters
            lines += textwrap.wrap(
                c.text(), width=100, initial_indent=item, subsequent_indent=item + "    "
            )
    lines += rest
    if not shown_indicators:
        lines.append(f"{item}no change")
    same = [c.indicator for c in diff.indicators if not c.changed]
    if limit is None and same and changed:  # every indicator: those that did not change too
        lines.append(f"{item}unchanged: {md(', '.join(same))}")
    lines += h2("Partners, ties, activities and the agenda")
    shown = [
        f"{item}{name} ({len(ids):,}): {md(first_names(ids, limit, sep=structure_separator(name)))}"
        if limit is not None and len(ids) > limit
        else f"{item}{name}: {md(first_names(ids, limit, sep=structure_separator(name)))}"
        for name, ids in structure_changes(diff)
    ]
    lines += shown or [f"{item}no change"]
    return lines
