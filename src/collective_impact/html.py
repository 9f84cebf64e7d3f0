"""Compact HTML views of an initiative and of its assessment, for notebooks (``_repr_html_``).

The HTML is self-contained: inline styles only, no scripts, no external assets. Every text that
comes from the data (names, ids, messages) is escaped with :func:`html.escape`, so a hostile or
careless file cannot inject markup. Long texts of the data (names, descriptions) are shortened;
a sentence of the library (a gap's message, a reason for a change) is written whole, and only
one that names of thousands of characters make longer than a few thousand characters is cut,
in its middle, so that its end (the caveat, the advice) stays. The size is bounded: each table
shows its first rows and says how many more there are, so a view of an initiative of thousands
of activities stays a few kilobytes.
"""

from __future__ import annotations

import html
from collections.abc import Container, Iterable, Sequence
from typing import TYPE_CHECKING

from ._changes import (
    NOT_ADDITIVE,
    ROUNDED_APART,
    backwards_warning,
    equal_gains_text,
    names_warning,
    no_recommendation_text,
    recommendation_rows,
    structure_changes,
    structure_sentences,
    structure_separator,
    versions_warning,
    written_change,
)
from ._text import (
    INDEX_DECIMALS,
    SCORE_DECIMALS,
    activity_dates_ignored_text,
    after_as_of_text,
    as_of_source_words,
    bar_units,
    forecast_words,
    index_undefined,
    indicator_figures,
    insufficient_reason,
    isolated,
    partial_notes,
    plural,
    score_text,
    target_date_words,
)
from .analysis.conditions import SCORE_KEYS
from .errors import expect_count

if TYPE_CHECKING:
    from .model import Initiative
    from .report import Assessment, AssessmentDiff

__all__ = ["assessment_html", "diff_html", "initiative_html"]

#: Rows shown per table before "… and K more".
_MAX_ROWS = 10
#: Characters shown of one text before it is cut with "…".
_MAX_TEXT = 160
#: Characters of a sentence of the library (a gap's message) past which it is cut in its middle:
#: only names of thousands of characters make one so long.
_MAX_SENTENCE = 2000

_BOX = (
    "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;"
    "line-height:1.4;max-width:56em"
)
_TABLE = "border-collapse:collapse;margin:0.3em 0 0.8em 0"
_CELL = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top"
_HEAD = _CELL + ";font-weight:600;border-bottom:2px solid #999"
#: A cell of a text written whole (a gap's message, a reason, a sensitivity label: up to
#: :data:`_MAX_SENTENCE` characters): it may break anywhere, so that a name of thousands of
#: characters without a space wraps within the view instead of widening the table. Not the
#: cells of numbers, which would break mid-figure in a table squeezed by a long text.
_TEXT_CELL = _CELL + ";overflow-wrap:anywhere"
_MUTED = "color:#666"
_SEVERITY_COLOURS = {"critical": "#b71c1c", "warning": "#e65100", "info": "#1565c0"}


def _esc(value: object, *, limit: int | None = _MAX_TEXT) -> str:
    """Escape a value as HTML text, cut to ``limit`` characters (``None``: whole).

    Free text (names, descriptions) is cut; a sentence of the library that discloses how the
    numbers were made (the settings, the data left out) is written whole (``limit=None``), and
    so is a gap's message or a reason for a change (:func:`_sentence`).
    """
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=True)


def _sentence(text: str) -> str:
    """Escape a sentence of the library (a gap's message, a reason) as HTML text, whole.

    A gap's message ends in what the library says of its own numbers ("overlap is assumed
    (unspecified_overlap = 1), not known: record their populations and places."): cut at 300
    characters, the view dropped it. Only the names the data give can make a sentence long, so
    one longer than :data:`_MAX_SENTENCE` characters keeps its start and its end and leaves out
    its middle, saying how much: the view's size stays bounded.

    Examples
    --------
    >>> _sentence("a < b")
    'a &lt; b'
    >>> out = _sentence("start " + "x" * 5000 + " the advice.")
    >>> out.startswith("start x") and out.endswith("x the advice.") and len(out) < 2100
    True
    """
    if len(text) > _MAX_SENTENCE:
        left = len(text) - _MAX_SENTENCE
        half = _MAX_SENTENCE // 2
        text = f"{text[:half]} … ({left:,} characters left out) … {text[-half:]}"
    return html.escape(text, quote=True)


def _table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    total: int,
    *,
    text: Container[int] = (),
) -> str:
    """Return a table of already-escaped cells, and "… and K more" when rows were left out.

    ``text``: the columns (0-based) of texts written whole (:func:`_sentence`), whose cells
    break anywhere (:data:`_TEXT_CELL`).
    """
    head = "".join(f'<th style="{_HEAD}">{_esc(h)}</th>' for h in headers)
    body = [
        "<tr>"
        + "".join(
            f'<td style="{_TEXT_CELL if column in text else _CELL}">{cell}</td>'
            for column, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    ]
    more = total - len(body)
    out = f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
    out += "</table>"
    if more > 0:
        out += f'<div style="{_MUTED}">… and {more:,} more</div>'
    return out


def _heading(text: str) -> str:
    return f'<div style="font-weight:600;margin-top:0.6em">{text}</div>'


def _join(ids: Sequence[str], *, limit: int = 5, sep: str = ", ", width: int = 60) -> str:
    """Escaped ids joined by ``sep``, at most ``limit`` of them, each cut at ``width``."""
    shown = sep.join(_esc(i, limit=width) for i in ids[:limit])
    return shown + (f"{sep}… (+{len(ids) - limit:,})" if len(ids) > limit else "")


def initiative_html(initiative: Initiative, *, max_rows: int | None = _MAX_ROWS) -> str:
    """Return a compact HTML summary of an initiative: counts and the first rows of each part.

    Parameters
    ----------
    initiative
        The initiative.
    max_rows
        Rows shown per table (partners, goals, indicators, activities), an integer (``int``)
        from 0; ``None`` shows every row.

    Returns
    -------
    str
        A self-contained ``<div>``: inline styles, no scripts; every text from the data escaped.

    Raises
    ------
    ArgumentTypeError
        When ``max_rows`` is neither an integer nor ``None`` (``2.0``).
    ArgumentValueError
        When ``max_rows`` is negative.

    Examples
    --------
    >>> import collective_impact as ci
    >>> out = initiative_html(ci.load_example("cradle-to-career"))
    >>> out.startswith("<div") and "<script" not in out
    True
    """
    expect_count(max_rows, argument="max_rows")  # 2.0 failed in a slice; None: every row
    init = initiative
    counts = [
        ("partners", len(init.partners)),
        ("goals", len(init.goals)),
        ("indicators", len(init.indicators)),
        ("activities", len(init.activities)),
        ("ties", len(init.ties)),
        ("working groups", len(init.working_groups)),
    ]
    parts = [
        f'<div style="{_BOX}">',
        f'<div style="font-size:15px;font-weight:600">{_esc(init.name)}</div>',
    ]
    if init.description:
        parts.append(f'<div style="{_MUTED}">{_esc(init.description)}</div>')
    parts.append(
        '<div style="margin:0.3em 0">'
        + " · ".join(f"<b>{n:,}</b> {label}" for label, n in counts)
        + (
            f" · backbone <b>{_esc(init.backbone.organization)}</b>"
            if init.backbone is not None
            else " · no backbone"
        )
        + "</div>"
    )
    if init.partners:
        parts.append(_heading("Partners"))
        parts.append(
            _table(
                ["id", "name", "sector"],
                (
                    [_esc(p.id), _esc(p.name), _esc(p.sector.value)]
                    for p in init.partners[:max_rows]
                ),
                len(init.partners),
            )
        )
    if init.goals:
        parts.append(_heading("Goals"))
        parts.append(
            _table(
                ["id", "statement", "indicators"],
                (
                    [_esc(g.id), _esc(g.statement), _join(g.indicators)]
                    for g in init.goals[:max_rows]
                ),
                len(init.goals),
            )
        )
    if init.indicators:
        parts.append(_heading("Indicators"))
        parts.append(
            _table(
                ["id", "name", "level", "observations"],
                (
                    [_esc(i.id), _esc(i.name), _esc(i.level.value), f"{len(i.observations):,}"]
                    for i in init.indicators[:max_rows]
                ),
                len(init.indicators),
            )
        )
    if init.activities:
        parts.append(_heading("Activities"))
        parts.append(
            _table(
                ["id", "name", "partners"],
                ([_esc(a.id), _esc(a.name), _join(a.partners)] for a in init.activities[:max_rows]),
                len(init.activities),
            )
        )
    parts.append("</div>")
    return "".join(parts)


def _bar(value: float) -> str:
    """Return a small horizontal bar for a score in [0, 1]: never empty above 0, full below 1."""
    width = bar_units(value, 100)
    return (
        '<div style="display:inline-block;width:120px;height:10px;background:#eee;'
        'vertical-align:middle">'
        f'<div style="width:{width}%;height:100%;background:#2e7d32"></div></div>'
    )


def assessment_html(
    assessment: Assessment,
    *,
    max_gaps: int | None = _MAX_ROWS,
    max_recommendations: int | None = 5,
) -> str:
    """Return a compact HTML report of an assessment.

    The five condition scores and ``overall`` as bars, the alignment index, the phase, the
    indicators off track or at risk (of how many judged) and those not yet judged, with what
    each lacks, the most severe gaps and the top tie recommendations, and, when a study is
    attached (:meth:`~collective_impact.Assessment.with_sensitivity`), its intervals and the
    stability of its top rankings, as the summary ends with them.
    The network measures are not shown, so they are not computed.

    Parameters
    ----------
    assessment
        The assessment.
    max_gaps
        Gaps (and indicators behind, and not yet judged, and the items of each ranking of an
        attached sensitivity study) shown before "… and K more"; ``None`` for all.
    max_recommendations
        Recommendations shown; ``None`` for all.

    Returns
    -------
    str
        A self-contained ``<div>``: inline styles, no scripts; every text from the data escaped.

    Examples
    --------
    >>> import collective_impact as ci
    >>> out = assessment_html(ci.assess(ci.load_example("cradle-to-career")))
    >>> "Alignment index" in out and "<script" not in out
    True
    """
    expect_count(max_gaps, argument="max_gaps")  # -1 listed all gaps but the last
    expect_count(max_recommendations, argument="max_recommendations")
    a = assessment
    parts = [
        f'<div style="{_BOX}">',
        '<div style="font-size:15px;font-weight:600">Assessment of '
        f"{_esc(isolated(a.initiative.name))}</div>",
    ]
    if a.as_of is not None:
        parts.append(
            f'<div style="{_MUTED}">as of {_esc(a.as_of.isoformat())}'
            f" ({_esc(as_of_source_words(a.as_of_source))})</div>"
        )
    left_after = after_as_of_text(a.after_as_of, a.as_of, a.as_of_source)
    if left_after is not None:  # the data no measurement counts: dated after as_of
        parts.append(f"<div>{_esc(left_after, limit=None)}</div>")
    undated = activity_dates_ignored_text(a.activity_dates_ignored)
    if undated is not None:  # no date of judgement: every activity counts, whatever its dates
        parts.append(f"<div>{_esc(undated, limit=None)}</div>")
    if a.not_running:  # the activities no score counts: ended, or not started, on as_of
        left_out = plural(len(a.not_running), "activity", "activities")
        parts.append(
            f'<div style="{_MUTED}">{left_out} not counted (not running on that date): '
            f"{_esc(', '.join(r.activity for r in a.not_running[:6]))}"
            f"{' …' if len(a.not_running) > 6 else ''}</div>"
        )
    rows = []
    for key in SCORE_KEYS:
        value = float(getattr(a.scores, key))
        label = _esc(key.replace("_", " "))
        if key == "overall":
            label = f"<b>{label}</b>"
        rows.append([label, score_text(value), _bar(value)])
    parts.append(_heading("Conditions (0–1)"))
    parts.append(_table(["condition", "score", ""], rows, len(rows)))
    idx = a.alignment.index
    pairs = plural(a.alignment.interdependent_pairs, "interdependent activity pair")
    parts.append(
        "<div><b>Alignment index</b>: "
        + (
            f"undefined — {_esc(index_undefined(a), limit=None)}"
            if idx is None
            else f'{score_text(idx, INDEX_DECIMALS)} <span style="{_MUTED}">over {pairs}</span>'
        )
        + "</div>"
    )
    parts.append(f"<div><b>Phase</b>: {_esc(a.phase.title, limit=None)}</div>")
    from .report import config_text

    settings = config_text(a.config)
    if settings:  # as the summary and the HTML report say it, whole: never cut
        parts.append(f"<div>{_esc(settings, limit=None)}</div>")

    behind = a.lagging
    unjudged = a.unjudged  # insufficient data: "none" behind must not read as all on track
    judged = len(a.measurement) - len(unjudged)
    if not a.measurement:
        said = "none — the initiative has no indicator"
    elif not judged:
        said = f"none judged; {len(unjudged):,} not yet judged (insufficient data)"
    else:
        said = f"{f'{len(behind):,}' if behind else 'none'} of the {judged:,} judged" + (
            f"; {len(unjudged):,} not yet judged (insufficient data)" if unjudged else ""
        )
    parts.append(_heading(f"Indicators off track or at risk: {said}"))
    if behind:
        parts.append(
            _table(
                ["indicator", "status", "latest", "target", "by", "forecast"],
                (
                    [
                        _esc(m.indicator),
                        *map(_esc, figures[:3]),
                        _esc(target_date_words(m, frequency) or None),
                        # with a frequency, of the target period's figure ("75" beside "by
                        # 2025-12-31" read as the line on 31 December)
                        _esc(
                            f"{forecast_words(m, frequency, at=False)} {figures[3]}"
                            if figures[3] and frequency is not None
                            else figures[3] or "–"
                        ),
                    ]
                    for m in behind[:max_gaps]
                    for frequency in [a.initiative.indicator(m.indicator).frequency]
                    for figures in [indicator_figures(m, frequency, a.as_of)]  # once a row
                ),
                len(behind),
            )
        )

    if unjudged:  # what each lacks, as the summary says it
        frequency = {i.id: i.frequency for i in a.initiative.indicators}
        parts.append(_heading(f"Indicators not yet judged: {len(unjudged):,}"))
        parts.append(
            _table(
                ["indicator", "reason"],
                (
                    [
                        _esc(m.indicator),
                        _esc(insufficient_reason(m, frequency.get(m.indicator)), limit=None),
                    ]
                    for m in unjudged[:max_gaps]
                ),
                len(unjudged),
            )
        )

    partial = partial_notes(a)  # a latest value, or a gap, judged on part of the reports
    if partial:
        parts.append(
            _heading(
                f"Latest values and gaps between groups that leave reports out: {len(partial):,}"
            )
        )
        parts.append(
            _table(
                ["indicator", "what is left out"],
                ([_esc(m.indicator), _esc(note, limit=None)] for m, note in partial[:max_gaps]),
                len(partial),
            )
        )

    parts.append(_heading(f"Gaps: {len(a.gaps):,}"))
    if a.gaps:
        parts.append(
            _table(
                ["severity", "code", "message"],
                (
                    [
                        f'<span style="color:{_SEVERITY_COLOURS.get(g.severity.value, "#000")}">'
                        f"{_esc(g.severity.value)}</span>",
                        _esc(g.code),
                        _sentence(g.message),
                    ]
                    for g in a.gaps[:max_gaps]
                ),
                len(a.gaps),
                text=(2,),
            )
        )

    recs = a.recommendations
    parts.append(
        _heading(
            "Recommended ties"
            + (
                ""
                if recs
                else f" — {no_recommendation_text(a.recommendations_asked, a.alignment.index)}"
            )
        )
    )
    # a pair tied already: "0.2 → 1", the tie made stronger; one precision for the list, as many
    # decimals as before + gain = after needs as written
    tie_rows = recommendation_rows(a, max_recommendations)
    together = any(row.together for row in tie_rows)
    assumed = any(row.assumed for row in tie_rows)
    if recs:
        parts.append(
            _table(
                ["connect", "and", "strength", "alignment index", "gain"]
                + (["already together"] if together else [])
                + (["gain on assumed overlap"] if assumed else []),
                (
                    [
                        _esc(row.source),
                        _esc(row.target),
                        _esc(row.strength_cell),
                        f"{row.before} → {row.after}",
                        row.gain,
                    ]
                    + (
                        [_esc(row.together.removeprefix("they already ")) or "–"]
                        if together
                        else []
                    )
                    + ([_esc(row.assumed or "–")] if assumed else [])
                    for row in tie_rows
                ),
                len(recs),
            )
        )
        if len(tie_rows) > 1:
            parts.append(f'<div style="{_MUTED}">{_esc(NOT_ADDITIVE, limit=None)}</div>')
        if not all(row.adds_up for row in tie_rows):
            parts.append(f'<div style="{_MUTED}">{_esc(ROUNDED_APART, limit=None)}</div>')
        equal = equal_gains_text(a, max_recommendations)
        if equal:
            parts.append(f'<div style="{_MUTED}">{_esc(equal, limit=None)}</div>')
    if a.sensitivity is not None:  # attached with with_sensitivity(): as the summary ends
        parts.append(_sensitivity_html(a, max_gaps))
    parts.append("</div>")
    return "".join(parts)


def _sensitivity_html(assessment: Assessment, max_rows: int | None) -> str:
    """Return the view of the sensitivity study attached to an assessment, as compact HTML.

    The summary's lines (:meth:`Sensitivity.summary <collective_impact.Sensitivity.summary>`)
    in the summary's words: the study's samples, the settings it is centred on when they are
    not the assessment's, the pathways that diverged, each score's 5%-95% interval (or
    insufficient data) and how stable the top gaps and recommended ties stay (the first
    ``max_rows`` of each, and how many more).
    """
    study = assessment.sensitivity
    assert study is not None
    said = study._parts(settings=study.config != assessment.config)
    out = [_heading(_esc(said.heading)), f'<div style="{_MUTED}">{_esc(said.setup)}</div>']
    for note in (said.centred, said.diverged):
        if note:
            out.append(f"<div>{_esc(note, limit=None)}</div>")
    out.append(
        _table(
            ["score", "baseline", "5%-95% interval"],
            (
                [_esc(name), _esc(base), _esc(interval, limit=None)]
                for name, base, interval in said.scores
            ),
            len(said.scores),
        )
    )
    for ranking in said.rankings:
        head = ranking.head.removesuffix(":")
        out.append(f"<div>{_esc(head[0].upper() + head[1:], limit=None)}</div>")
        if not ranking.rows:
            continue
        if ranking.few is not None:
            out.append(f'<div style="{_MUTED}">{_esc(ranking.few, limit=None)} for each</div>')
        out.append(
            _table(
                [*(["share"] if ranking.few is None else []), ranking.name.removesuffix("s")],
                (
                    # whole, as the summary writes it: cut at 160 characters, gaps or ties
                    # whose ids differ further on read alike beside different shares
                    [*([_esc(share)] if ranking.few is None else []), _sentence(item)]
                    for share, item in ranking.rows[:max_rows]
                ),
                len(ranking.rows),
                text=(0 if ranking.few is not None else 1,),
            )
        )
    return "".join(out)


def _score_row(
    name: str, before: float | None, after: float | None, change: float | None, decimals: int
) -> list[str]:
    """Return a score's row: before, after and its change, coloured by direction.

    A score that moved and its change with the decimals they need to add up as written
    (:func:`~collective_impact._changes.written_change`); ``–`` for what is undefined.
    """
    bt, at, ct = written_change(before, after, change, decimals)
    if not ct:
        cell = f'<span style="{_MUTED}">unchanged</span>'
    elif change is None or ct == "–":
        cell = "–"
    else:
        colour = "#1b5e20" if change > 0 else "#b71c1c"
        cell = f'<span style="color:{colour}">{ct}</span>'
    return [_esc(name), bt, at, cell]


def diff_html(diff: AssessmentDiff, *, max_rows: int = 20) -> str:
    """Return a compact HTML view of the changes between two assessments.

    The scores and the alignment index before → after, the reasons, the gaps opened and
    closed, the indicators that changed and the partners, ties, activities, goals and indicators
    added, removed or changed.

    Parameters
    ----------
    diff
        The changes (:meth:`Assessment.diff <collective_impact.Assessment.diff>`).
    max_rows
        Rows shown per table before "… and K more" (and reasons under each heading), an
        integer (``int``) from 0.

    Returns
    -------
    str
        A self-contained ``<div>``: inline styles, no scripts; every text from the data escaped.

    Raises
    ------
    ArgumentTypeError
        When ``max_rows`` is not an integer (``2.0``, ``None``).
    ArgumentValueError
        When ``max_rows`` is negative.

    Examples
    --------
    >>> import collective_impact as ci
    >>> result = ci.assess(ci.load_example("workforce"))
    >>> out = diff_html(result.diff(result))
    >>> out.startswith("<div") and "no change" in out
    True
    """
    from ._changes import REASON_KEYS, REASON_TITLES, settings_text, shown_order, tolerance_sentence

    expect_count(max_rows, argument="max_rows", none=False)  # 2.0 failed in a slice

    when = [d.isoformat() if d else "no date" for d in diff.as_of]
    parts = [
        f'<div style="{_BOX}">',
        f'<div style="font-size:15px;font-weight:600">Changes in {_esc(diff.names[1])}: '
        f"{_esc(when[0])} → {_esc(when[1])}</div>",
        f'<div style="{_MUTED}">{_esc(diff.phase[0])}'
        + ("" if diff.phase[0] == diff.phase[1] else f" → {_esc(diff.phase[1])}")
        + f" · {_esc(tolerance_sentence(diff.tolerance))}</div>",
    ]
    if diff.unrelated:
        parts.append(
            "<div><b>two different initiatives</b>: no partner and no indicator in common, so "
            "every change below compares unrelated things</div>"
        )
    renamed = names_warning(diff)
    if renamed is not None:
        parts.append(f"<div><b>{_esc(renamed, limit=None)}</b></div>")
    back = backwards_warning(diff)
    if back is not None:
        parts.append(f"<div><b>{_esc(back, limit=None)}</b></div>")
    code = versions_warning(diff)
    if code is not None:
        parts.append(f"<div><b>{_esc(code, limit=None)}</b></div>")
    if diff.settings:
        parts.append(
            f"<div><b>settings differ</b>: {_esc(settings_text(diff.settings), limit=None)}; "
            "the changes may come from them, not only from the initiative</div>"
        )
    if not diff.changed:
        parts.append("<div><b>no change</b> between the two assessments</div></div>")
        return "".join(parts)
    changes = diff.score_changes()
    rows = [
        _score_row(key.replace("_", " "), b, a, changes[key], SCORE_DECIMALS)
        for key, (b, a) in diff.scores.items()
    ]
    rows.append(_score_row("alignment index", *diff.alignment_index, INDEX_DECIMALS))
    parts.append(_heading("Scores"))
    parts.append(_table(["", "before", "after", "change"], rows, len(rows)))
    if diff.reasons:
        parts.append(_heading("Why"))
        # each heading its first max_rows: cut in total at 3 × max_rows, the first heading's
        # reasons (1,987 ties removed) hid every other one
        items = []
        for key in REASON_KEYS:
            every = diff.reasons.get(key, ())
            items += [[_esc(REASON_TITLES[key]), _sentence(r)] for r in every[:max_rows]]
            if len(every) > max_rows:
                items.append(
                    [
                        _esc(REASON_TITLES[key]),
                        f'<span style="{_MUTED}">… and {len(every) - max_rows:,} more '
                        f"(every one in <code>diff.reasons[{_esc(repr(key))}]</code>)</span>",
                    ]
                )
        parts.append(_table(["", "reason"], items, len(items), text=(1,)))
    # opened first, as the text and the heading: a new problem matters most
    gap_rows = [
        ["opened", _esc(g.severity.value), _esc(g.code), _sentence(g.message)] for g in diff.opened
    ]
    gap_rows += [
        ["closed", _esc(g.severity.value), _esc(g.code), _sentence(g.message)] for g in diff.closed
    ]
    gap_rows += [
        [
            "changed",
            _esc(new.severity.value)
            if old.severity == new.severity
            else f"{_esc(old.severity.value)} → {_esc(new.severity.value)}",
            _esc(new.code),
            _sentence(new.message),
        ]
        for old, new in diff.gaps_changed
    ]
    parts.append(
        _heading(
            f"Gaps: {len(diff.opened)} opened, {len(diff.closed)} closed, "
            f"{len(diff.persisting)} persisting"
        )
    )
    if gap_rows:
        parts.append(
            _table(
                ["", "severity", "code", "message"], gap_rows[:max_rows], len(gap_rows), text=(3,)
            )
        )
    changed = shown_order(diff.indicators)  # a status that worsened first
    parts.append(_heading(f"Indicators changed: {len(changed) or 'none'}"))
    if changed:
        parts.append(
            _table(
                ["indicator", "change"],
                (
                    [_esc(c.indicator), _esc(f"{c.status_text()}, {c.details()}")]
                    for c in changed[:max_rows]
                ),
                len(changed),
            )
        )
    for label, ids in structure_changes(diff):
        # a goal or a tie changed says what changed in it: a sentence, not an id to cut at 60
        sep = structure_separator(label)
        shown = _join(ids, limit=max_rows, sep=sep, width=300 if structure_sentences(label) else 60)
        parts.append(f"<div><b>{_esc(label)}</b>: {shown}</div>")
    parts.append("</div>")
    return "".join(parts)
