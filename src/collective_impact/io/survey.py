"""Import a PARTNER-style relationship survey (a CSV file) into an initiative's ties.

The PARTNER tool (Varda et al.) asks each partner of a network to rate every partner it works
with: how valuable it is (power and influence, involvement, resources), how much it is trusted
(reliability, mission congruence, openness), and how integrated the relationship is. Such surveys
usually come out of a spreadsheet, so the reader is tolerant of what spreadsheets write (a UTF-8
byte-order mark, CRLF line ends, blank rows, spaces around cells, ``;`` separators) and strict
about content: every problem of the file is reported at once, by row and column.

Reading is safe: the file is parsed with :mod:`csv` as plain text, nothing in it is ever
evaluated (a cell such as ``=HYPERLINK(...)`` is only an invalid value), and files larger than
``max_bytes`` are refused before they are read.
"""

from __future__ import annotations

import enum
import math
import numbers
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import IO, Any, TypeVar

from ..errors import (
    ArgumentTypeError,
    ArgumentValueError,
    FormatError,
    IdHint,
    Location,
    Problem,
    ProblemCode,
    ValidationError,
    did_you_mean,
    listed,
    plain_number,
    shown,
)
from ..model import Initiative
from ..model.initiative import expect_initiative
from ..model.ties import INTENSITY_STRENGTH, RATINGS, Intensity, Tie, TieKind
from ._files import (
    DEFAULT_MAX_BYTES,
    MAX_BYTES_ADVICE,
    check_limits,
    check_text,
    decode_text,
    expect_path,
    input_path,
    read_bytes,
)
from ._sheets import Header, cell, close_matches, number_hint, parse_number, records

__all__ = [
    "DEFAULT_STRENGTH",
    "INTENSITY_STRENGTH",
    "SURVEY_COLUMNS",
    "SurveyRule",
    "read_partner_survey",
]


class SurveyRule(enum.StrEnum):
    r"""What :func:`read_partner_survey` does with one-sided ties (A rated B, B did not rate A).

    Examples
    --------
    cha and mowd rated each other; pnc rated cjc, which answered the survey but named no one
    (``respondents=`` says so: a partner who did not answer at all denies no tie):

    >>> import io
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> rows = ("respondent,partner,intensity\n"
    ...         "cha,mowd,coordination\nmowd,cha,coordination\npnc,cjc,awareness\n")
    >>> for rule in SurveyRule:
    ...     rated = read_partner_survey(io.StringIO(rows), init, rule=rule, respondents=["cjc"])
    ...     print(rule.value, len(rated.ties) - len(init.ties))
    as-reported 3
    reciprocated 2
    symmetrize 4

    A directed tie kind (a flow of funding, referrals or data) runs one way: its reverse neither
    confirms nor completes it, so it takes ``"as-reported"`` alone.
    """

    #: Keep every direction that was reported, one-sided or not.
    AS_REPORTED = "as-reported"
    #: Keep a pair of partners who both answered only when they rated each other; drop its
    #: one-sided rows. A row naming a partner who did not answer is kept as reported. For a
    #: mutual tie kind only.
    RECIPROCATED = "reciprocated"
    #: Keep every reported direction and add the missing reverse tie, with the same intensity and
    #: strength but no ratings (a partner's ratings are never guessed). For a mutual tie kind
    #: only.
    SYMMETRIZE = "symmetrize"


#: The columns a survey file may have, in the order a writer should use. ``respondent`` and
#: ``partner`` are required; the others are optional.
SURVEY_COLUMNS: tuple[str, ...] = ("respondent", "partner", *RATINGS, "intensity", "strength")

_REQUIRED = ("respondent", "partner")

#: A suggested value for ``default_strength=`` of :func:`read_partner_survey`, 0.5: the strength
#: of a tie whose ``strength`` and ``intensity`` cells are both blank, when the caller chooses to
#: give one (without it, such a row is refused).
DEFAULT_STRENGTH = 0.5

#: What to add to a row that gives neither an intensity nor a strength, for its message.
_NEITHER = (
    "give the tie's intensity or strength (the row gives neither), or pass default_strength= "
    f"to give such rows one strength (for instance {DEFAULT_STRENGTH})"
)

#: What a survey is, and what to do about a file that is not, for messages.
_EXPECTED = "CSV text"
_SAVE_AS = "; save it as 'CSV UTF-8'"
_ADVICE = f"{_SAVE_AS}, or pass encoding= (Excel on Windows may write 'cp1252')"
_EMPTY = "the survey is empty"

E = TypeVar("E", bound=enum.StrEnum)

SurveySource = str | os.PathLike[str] | IO[str]


def read_partner_survey(
    source: SurveySource,
    initiative: Initiative,
    *,
    rule: SurveyRule | str = SurveyRule.AS_REPORTED,
    kind: TieKind | str = TieKind.COMMUNICATION,
    encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    default_strength: float | None = None,
    respondents: Iterable[str] | None = None,
) -> Initiative:
    r"""Import a PARTNER-style relationship survey (CSV) into the ties of an initiative.

    Each row of the survey is one respondent's answers about one partner, and becomes a
    :class:`~collective_impact.Tie` from the respondent to the partner, of ``kind``, carrying the
    ratings. A tie already in the initiative with the same source, target and kind is replaced
    (see :meth:`Initiative.with_ties`); other ties are kept.

    ======================  ========  ===================================================
    Column                  Required  Content
    ======================  ========  ===================================================
    ``respondent``          yes       Id of the partner who answered.
    ``partner``             yes       Id of the partner rated; not the respondent.
    ``power_influence``     no        *Value* rating, a number from 1 to 4.
    ``involvement``         no        *Value* rating, a number from 1 to 4.
    ``resources``           no        *Value* rating, a number from 1 to 4.
    ``reliability``         no        *Trust* rating, a number from 1 to 4.
    ``mission_congruence``  no        *Trust* rating, a number from 1 to 4.
    ``openness``            no        *Trust* rating, a number from 1 to 4.
    ``intensity``           no        ``awareness``, ``cooperation``, ``coordination`` or
                                      ``integration`` (:class:`~collective_impact.Intensity`).
    ``strength``            no        Strength of the tie, more than 0 and at most 1.
    ======================  ========  ===================================================

    A blank rating is a question left unanswered: it stays ``None`` and is never guessed. A blank
    ``strength`` comes from the ``intensity``, as for any :class:`~collective_impact.Tie`
    (:data:`~collective_impact.INTENSITY_STRENGTH`):

    ================  ===================================================
    ``intensity``     strength
    ================  ===================================================
    ``awareness``     0.25
    ``cooperation``   0.5
    ``coordination``  0.75
    ``integration``   1.0
    (blank)           ``default_strength``; without it, the row is refused
    ================  ===================================================

    A row that gives neither its intensity nor its strength says nothing of how strong the
    relationship is, and any strength put in its place could change a verdict (a tie of 1.0
    counts as coordination, one of 0.25 does not): such a row is refused, with every other
    problem of the file, unless ``default_strength`` says what strength to give it.

    Parameters
    ----------
    source
        The CSV file: a path, or a text file object (opened with ``newline=""``, as :mod:`csv`
        advises).
    initiative
        The initiative whose partners answered; respondents and partners must be its partner ids.
    rule
        What to do with one-sided ties, where A rated B but B did not rate A
        (:class:`SurveyRule`):

        * ``"as-reported"`` (default) — keep every reported direction;
        * ``"reciprocated"`` — keep a pair of partners who both answered the survey only when
          both directions were reported; the rows of one-sided pairs are left out, and so are
          the ties of ``kind`` between the two partners of such a row already in the
          initiative, both ways (an earlier wave's: the respondent's new answer supersedes its
          own, and the pair is not reciprocated in this survey). A partner *answered* when it
          is the respondent of a row or is named in ``respondents``. A partner who did not
          answer denied no tie (a missing answer is not an absence): a row naming it is kept
          as reported, unconfirmed, and its own ties already in the initiative are left as
          they are. The function does not report which rows it kept unconfirmed; they are the
          reported ties whose target is neither a respondent nor in ``respondents``;
        * ``"symmetrize"`` — also add the missing reverse tie B→A, with the same intensity and
          strength but no ratings. When the initiative already holds a B→A tie of ``kind``, that
          tie is kept rather than replaced by a tie without ratings.

        ``"reciprocated"`` and ``"symmetrize"`` are only for a mutual ``kind``: a directed one
        (:attr:`~collective_impact.TieKind.directed`: a flow of funding, referrals or data) runs
        one way, so the reverse of a reported flow was not reported, and a flow the other way
        neither confirms it nor its absence denies it. A directed kind takes ``"as-reported"``.
    kind
        The :class:`~collective_impact.TieKind` of the ties made (default ``communication``).
    encoding
        Encoding of a file given by path (default UTF-8; a byte-order mark is skipped). Excel on
        Windows may write ``"cp1252"`` when the file is not saved as "CSV UTF-8".
    max_bytes
        Refuse files larger than this (default 32 MiB, as :func:`collective_impact.load`) before
        reading them; for a text file object, the limit counts characters. ``None`` for no limit.
    default_strength
        The strength of the ties of the rows that give neither ``intensity`` nor ``strength``,
        more than 0 and at most 1 (:data:`~collective_impact.io.DEFAULT_STRENGTH`, 0.5, is a
        middle value); ``None`` (default) refuses such rows.
    respondents
        Ids of partners who answered the survey, beside those who are the respondent of a row:
        a partner who answered but named no partner has no row, and only the partners who
        answered count under ``rule="reciprocated"``. ``None`` (default): the respondents of
        the rows alone. Other rules do not use it.

    Returns
    -------
    Initiative
        A copy of ``initiative`` with the survey's ties.

    Raises
    ------
    ArgumentTypeError
        When ``source`` is neither a path (a ``str`` or an :class:`os.PathLike`; bytes are
        not one) nor a file object, ``initiative`` not an
        :class:`~collective_impact.Initiative`, ``default_strength`` not a number nor
        ``None``, or ``respondents`` not a collection of texts (a single text is refused).
    ArgumentValueError
        When ``default_strength`` is not more than 0 and at most 1 (0, 1.5, NaN), ``rule``
        is ``"reciprocated"`` or ``"symmetrize"`` and ``kind`` a directed kind (before the
        file is read), or ``respondents`` names a partner
        the initiative does not have (every such id named, with a did-you-mean, or the id to
        give for a partner's name).
    MissingFileError
        When the file does not exist.
    FormatError
        When the file is too large, empty, binary (an ``.xlsx`` workbook, say), not text in
        ``encoding``, not CSV that :mod:`csv` can read, or cut short: its last row has fewer
        cells than the header row names columns and the file does not end with a line break
        (a row elsewhere may leave out its empty cells at its end).
    ValidationError
        Listing every problem of the file at once, each located as ``row 4, column openness``
        (row 4 of the spreadsheet; the header is a row too), as the CSV bundle locates its
        cells (a column without a name is named by its letter): a missing required
        column, an unknown column (with the allowed ones), a value out of range or not a number,
        an unknown intensity, an unknown partner (with a did-you-mean, or, for the name of a
        partner, as a PARTNER export writes it, the id to give), a respondent rating
        itself, a (respondent, partner) pair given twice, and, without ``default_strength``, a
        row giving neither intensity nor strength (at its ``strength`` cell; once, at the
        header row, when the file has neither column). Its ``source`` is the file name.
    ValueError
        When ``rule`` or ``kind`` is not one of the allowed values.

    See Also
    --------
    collective_impact.analysis.network.partner_ratings : value and trust from the ratings.

    Notes
    -----
    Rows are numbered as a spreadsheet shows them: the header is row 1 (or the first non-blank
    row), and blank rows count but are skipped. Column names and cells are read without the
    spaces around them, column names and intensities without regard to case. The separator is
    ``,``, or ``;`` or a tab when the header row has no comma (as Excel writes in some locales).
    Numbers are read as in a CSV bundle (:mod:`collective_impact.io.csvbundle`): a dot is the
    decimal separator and thousands may be grouped with commas (``1,000``); a decimal comma
    (``0,5``) is an error that says so. Duplicate rows are an error rather than
    "last one wins", because a respondent who answered twice is a data-collection problem that
    the analyst should resolve.

    References
    ----------
    .. [1] Varda, D. M., Chandra, A., Stern, S. A. and Lurie, N. (2008). Core dimensions of
       connectivity in public health collaboratives. *Journal of Public Health Management and
       Practice* 14(5), E1-E7.

    Examples
    --------
    >>> import io
    >>> import collective_impact as ci
    >>> from collective_impact.io.survey import read_partner_survey
    >>> init = ci.load_example("workforce")
    >>> survey = io.StringIO(
    ...     "respondent,partner,power_influence,reliability,openness,intensity,strength\n"
    ...     "cha,mowd,4,3,,coordination,\n"
    ...     "mowd,cha,3,4,2,,0.9\n"
    ...     "pnc,cjc,2,,,awareness,\n"
    ... )
    >>> rated = read_partner_survey(survey, init)
    >>> tie = next(t for t in rated.ties if (t.source, t.target, t.kind) ==
    ...            ("cha", "mowd", "communication"))
    >>> tie.strength, tie.power_influence, tie.reliability, tie.openness, tie.intensity.value
    (0.75, 4.0, 3.0, None, 'coordination')
    >>> len(rated.ties) - len(init.ties)
    3

    Under ``"reciprocated"`` the one-sided pnc→cjc row is kept while cjc did not answer (it
    denied nothing), and left out when cjc answered without naming pnc:

    >>> _ = survey.seek(0)
    >>> len(read_partner_survey(survey, init, rule="reciprocated").ties) - len(init.ties)
    3
    >>> _ = survey.seek(0)
    >>> answered = read_partner_survey(survey, init, rule="reciprocated", respondents=["cjc"])
    >>> len(answered.ties) - len(init.ties)
    2

    Every problem is reported at once:

    >>> bad = io.StringIO("respondent,partner,openness,strength\ncha,mwod,5,1\ncha,cha,,1\n")
    >>> read_partner_survey(bad, init)
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 3 problems:
      row 2, column partner: unknown partner 'mwod' (did you mean 'mowd'?)
      row 2, column openness: expected a number from 1 to 4, or a blank cell for no answer; got '5'
      row 3, column partner: a respondent cannot rate itself ('cha')

    A row giving neither intensity nor strength is refused, unless ``default_strength`` gives
    it one:

    >>> blank = "respondent,partner,openness,intensity,strength\ncha,mowd,3,,\n"
    >>> read_partner_survey(io.StringIO(blank), init)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 1 problem:
      row 2, column strength: give the tie's intensity or strength (the row gives neither), or
      pass default_strength= to give such rows one strength (for instance 0.5)
    >>> rated = read_partner_survey(io.StringIO(blank), init, default_strength=DEFAULT_STRENGTH)
    >>> next(t.strength for t in rated.ties if (t.source, t.target, t.kind) ==
    ...      ("cha", "mowd", "communication"))
    0.5
    """
    expect_initiative(initiative)
    (max_bytes,) = check_limits(max_bytes=max_bytes)
    strength_ = _check_strength(default_strength)
    said_answered = _check_respondents(respondents, initiative)
    rule_ = _check_choice(SurveyRule, rule, "rule")
    kind_ = _check_choice(TieKind, kind, "kind")
    if rule_ is SurveyRule.SYMMETRIZE and kind_.directed:
        raise ArgumentValueError(
            f"rule='symmetrize' adds the reverse of a one-sided tie, and a {kind_.value!r} tie "
            "is a flow from its source to its target: its reverse was not reported; use "
            "rule='as-reported', or a mutual kind",
            argument="rule",
        )
    if rule_ is SurveyRule.RECIPROCATED and kind_.directed:
        # a flow one way is complete by itself: no answer confirms it, and leaving it out (with
        # the initiative's own tie of the pair) deleted real ties; found by a reviewer: a funding
        # row pnc -> cjc under 'reciprocated' deleted the example's funding tie pnc -> cjc
        raise ArgumentValueError(
            f"rule='reciprocated' keeps a tie only when its reverse was reported too, and a "
            f"{kind_.value!r} tie is a flow from its source to its target, one way: a flow "
            "the other way does not confirm it, and its absence does not deny it; use "
            "rule='as-reported' for a directed kind, or a mutual kind",
            argument="rule",
        )
    text, name = _read(source, encoding, max_bytes)
    rows = _csv_rows(text, name)
    reported = _parse(rows, initiative, kind_, name, strength_)
    # who answered: every respondent of a row, and those the caller says answered naming no one
    answered = {source for source, _ in reported} | said_answered
    if rule_ is SurveyRule.RECIPROCATED:
        # a one-sided row between two partners who both answered is left out, and so are the
        # pair's earlier ties of kind, both ways: the respondent's new answer supersedes its own
        # (a wave-1 tie of 1.0 stayed beside a wave-2 answer of 0.25 that the rule left out),
        # and the pair is not reciprocated in this survey (keeping the other's wave-1 tie alone
        # left a one-sided pair at 1.0). A partner who did not answer denied nothing: a row
        # naming it is kept, and its own earlier ties too (found by a reviewer: being named by
        # a partner deleted a non-respondent's tie and made it an isolated partner)
        one_sided = {
            pair for pair in reported if pair[1] in answered and pair[::-1] not in reported
        }
        one_sided |= {pair[::-1] for pair in one_sided}
        kept = [
            t for t in initiative.ties if t.kind != kind_ or (t.source, t.target) not in one_sided
        ]
        if len(kept) < len(initiative.ties):
            initiative = initiative.evolve(ties=kept)
    ties = _apply_rule(reported, rule_, initiative, kind_, answered)
    return initiative.with_ties(*ties) if ties else initiative


# --------------------------------------------------------------------------- options


def _check_strength(value: object) -> float | None:
    """Return ``default_strength`` as a float, or refuse it: ``None``, or in (0, 1]."""
    if value is None:
        return None
    said = f"default_strength must be a number more than 0 and at most 1, or None; got {value!r}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(said, argument="default_strength")
    number = float(value)
    if not (math.isfinite(number) and 0.0 < number <= 1.0):
        raise ArgumentValueError(said, argument="default_strength")
    return number


def _check_respondents(value: object, initiative: Initiative) -> set[str]:
    """Return the ids of ``respondents=`` as a set (empty for ``None``), or refuse them.

    A text is refused rather than read as its letters; every unknown id is named at once, each
    with a did-you-mean (or the id to give, for a partner's name).
    """
    if value is None:
        return set()
    said = "respondents must be a collection of partner ids (a list, a set) or None"
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        raise ArgumentTypeError(f"{said}; got {type(value).__name__}", argument="respondents")
    ids = list(value)
    others = sorted({type(v).__name__ for v in ids if not isinstance(v, str)})
    if others:
        raise ArgumentTypeError(
            f"{said}; it holds {listed(others)} items, not texts", argument="respondents"
        )
    partner_ids = [p.id for p in initiative.partners]
    known = set(partner_ids)
    unknown = sorted({v for v in ids if v not in known})
    if unknown:
        hint = _partner_hint(initiative)
        named = [f"{shown(v)}{hint(v, partner_ids)}" for v in unknown]
        raise ArgumentValueError(
            f"respondents names {'an unknown partner' if len(unknown) == 1 else 'unknown partners'}"
            f": {listed(named)}; give the ids of the initiative's partners",
            argument="respondents",
        )
    return set(ids)


def _check_choice(enum_cls: type[E], value: str, what: str) -> E:
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum_cls)
        raise ValidationError(
            [(what, f"unknown {what} {shown(value)}; expected one of {allowed}")]
        ) from None


# --------------------------------------------------------------------------- reading


def _read(source: SurveySource, encoding: str, max_bytes: int | None) -> tuple[str, str | None]:
    """Return the text of ``source`` (without a byte-order mark) and its name for messages."""
    if isinstance(source, str | os.PathLike):
        path = input_path(expect_path(source, "read_partner_survey", argument="source"))
        data = read_bytes(path, max_bytes)
        return _decode(data, encoding, str(path)), str(path)
    given: object = source  # the annotation is a promise a caller may not keep
    if not callable(getattr(given, "read", None)):
        hint = " (wrap bytes in io.BytesIO)" if isinstance(given, bytes | bytearray) else ""
        raise ArgumentTypeError(
            "source: read_partner_survey expected a path (a str or an os.PathLike) or a file "
            f"object opened in text or binary mode, got {type(given).__name__}{hint}",
            argument="source",
        )
    raw_name = getattr(source, "name", None)
    name = raw_name if isinstance(raw_name, str) else None
    content = _read_stream(source, max_bytes)
    if max_bytes is not None and len(content) > max_bytes:
        raise FormatError(
            f"the survey is larger than the limit of {max_bytes:,} characters; " + MAX_BYTES_ADVICE,
            source=name,
            code=ProblemCode.TOO_LARGE,
        )
    if isinstance(content, bytes):  # a file opened in binary mode: decode it as a path would be
        return _decode(content, encoding, name), name
    return check_text(content, expected=_EXPECTED, source=name, empty=_EMPTY), name


def _read_stream(source: IO[Any], max_bytes: int | None) -> str | bytes:
    """Read a file object to its end, or to one past ``max_bytes``.

    One ``read(n)`` of an unbuffered stream (a pipe, a socket) returns what has arrived so
    far: a survey sent in two parts was imported from its first part alone, 64 pairs of 110,
    without a word. Reads go on until the end or the limit.
    """
    if max_bytes is None:
        content: str | bytes = source.read()
        return content
    parts: list[Any] = []
    size = 0
    while size <= max_bytes:
        chunk = source.read(max_bytes + 1 - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if not parts:
        empty: str | bytes = source.read(0)  # "" or b"", as the stream reads
        return empty
    joined: str | bytes = parts[0][:0].join(parts)
    return joined


def _decode(data: bytes, encoding: str, name: str | None) -> str:
    return decode_text(
        data,
        expected=_EXPECTED,
        source=name,
        encoding=encoding,
        advice=_ADVICE,
        workbook_advice=_SAVE_AS,
        empty=_EMPTY,
    )


def _csv_rows(text: str, name: str | None) -> list[tuple[int, list[str]]]:
    """Return the non-blank records with their spreadsheet row numbers, cells stripped."""
    rows = [
        (number, [cell.strip() for cell in cells]) for number, cells in records(text, source=name)
    ]
    if not rows:
        raise FormatError(_EMPTY, source=name)
    return rows


# --------------------------------------------------------------------------- checking


def _parse(
    rows: Sequence[tuple[int, list[str]]],
    initiative: Initiative,
    kind: TieKind,
    name: str | None,
    default_strength: float | None,
) -> dict[tuple[str, str], Tie]:
    """Check every row; return the reported ties by (respondent, partner), or raise once.

    An unknown partner id is one problem however many rows name it (a misspelt respondent
    answers about many partners): reported at its first cell, the later cells its ``others``.
    An unknown id that is the name of a partner (PARTNER exports name partners so) is told the
    id to give rather than a did-you-mean. Without ``default_strength``, a row whose intensity
    and strength cells are both blank is a problem at its strength cell; when the file has
    neither column, one problem at the header row stands for every row (unless the header lacks
    a required column: that comes first).
    """
    problems: list[Problem] = []
    unknown: dict[str, int] = {}  # an unknown id -> the position of its problem
    also: dict[int, list[Location]] = {}  # the later cells of that problem

    def report(where: Location, message: str, code: ProblemCode = ProblemCode.INVALID) -> None:
        problems.append(Problem(where, message, code))

    header_row, header_cells = rows[0]
    header = Header(
        header_cells,
        row=header_row,
        file=None,  # the error's source names the file
        table="a survey",
        allowed=SURVEY_COLUMNS,
        required=_REQUIRED,
        report=report,
    )
    columns = header.columns
    header_at = len(problems)  # where the problem of a header without either column goes
    no_strength_column = "intensity" not in columns and "strength" not in columns
    strength_column = "strength" if "strength" in columns else "intensity"
    judge_strength = default_strength is None and not header.missing
    unmeasured = False  # whether a row needs the strength the header has no column for
    partner_ids = [p.id for p in initiative.partners]
    known = set(partner_ids)
    id_hint = _partner_hint(initiative)  # its index of names built at the first unknown id
    first_row: dict[tuple[str, str], int] = {}
    reported: dict[tuple[str, str], Tie] = {}

    for number, cells in rows[1:]:
        by_column = header.cells(number, cells)

        ids: dict[str, str | None] = {}
        for col in _REQUIRED:
            if col not in columns:
                ids[col] = None
                continue
            value = by_column[col]
            ids[col] = None
            if not value:
                report(
                    cell(None, number, col), "required; give a partner id", ProblemCode.MISSING_KEY
                )
            elif value in unknown:
                also.setdefault(unknown[value], []).append(cell(None, number, col))
            elif value not in known:
                hint = id_hint(value, partner_ids)
                unknown[value] = len(problems)
                report(
                    cell(None, number, col),
                    f"unknown partner {shown(value)}{hint}",
                    ProblemCode.UNKNOWN_REFERENCE,
                )
            else:
                ids[col] = value
        respondent, partner = ids["respondent"], ids["partner"]
        pair_ok = respondent is not None and partner is not None
        if pair_ok and respondent == partner:
            report(
                cell(None, number, "partner"),
                f"a respondent cannot rate itself ({partner!r})",
                ProblemCode.SELF_REFERENCE,
            )
            pair_ok = False

        values: dict[str, Any] = {}
        row_ok = True
        for col, parse in _PARSERS.items():
            if col in columns:
                values[col], message = parse(by_column[col])
                if message:
                    report(cell(None, number, col), message)
                    row_ok = False
        intensity: Intensity | None = values.pop("intensity", None)
        strength: float | None = values.pop("strength", None)
        if judge_strength and not by_column.get("intensity") and not by_column.get("strength"):
            row_ok = False
            if no_strength_column:
                unmeasured = True  # one problem, at the header row, for every row
            else:
                report(cell(None, number, strength_column), _NEITHER, ProblemCode.MISSING_KEY)

        if respondent is None or partner is None or not pair_ok:
            continue
        key = (respondent, partner)
        if key in first_row:
            report(
                cell(None, number, "partner"),
                f"{respondent!r} already rated {partner!r} at row {first_row[key]}; "
                "keep one row per respondent and partner",
                ProblemCode.DUPLICATE_ENTRY,
            )
            continue
        first_row[key] = number
        if row_ok and not problems:  # once anything is wrong, only look for more problems
            if strength is None and intensity is None:
                strength = default_strength
            if strength is not None:  # else the tie's own rule: the strength of its intensity
                values["strength"] = strength
            reported[key] = Tie(
                source=respondent,
                target=partner,
                kind=kind,
                intensity=intensity,
                **values,
            )

    header.finish()  # the rows outside a header that names none of the columns, counted once
    if problems or unmeasured:
        for at, places in also.items():
            problems[at] = problems[at].with_others(places)
        if unmeasured:
            message = (
                "the survey has neither an intensity nor a strength column; add one and give "
                "each tie's intensity or strength, or pass default_strength= to give every tie "
                f"one strength (for instance {DEFAULT_STRENGTH})"
            )
            where = cell(None, header_row, "strength")
            problems.insert(header_at, Problem(where, message, ProblemCode.MISSING_KEY))
        raise ValidationError(problems, source=name)
    return reported


def _partner_hint(initiative: Initiative) -> IdHint:
    """Return the hint for an unknown partner id: the id to give for a partner's name.

    A PARTNER export names each partner by its organisation's name; the survey wants the id.

    >>> from collective_impact import load_example
    >>> _partner_hint(load_example("workforce"))("Chicago Housing Authority", ["cha"])
    " (the name of partner 'cha'; give its id)"
    """
    return IdHint("partner", lambda: ((p.id, p.name) for p in initiative.partners))


def _off_scale(low: float, high: float, *, low_open: bool = False) -> Callable[[str], str | None]:
    """Return the check of a number read from a look-alike's text against a scale.

    It says why the number is refused (``-2 is not from 1 to 4``), or ``None`` when it is on
    the scale (:func:`~._sheets.number_hint`).
    """

    def refused(text: str) -> str | None:
        value = parse_number(text)
        if value is None or ((low < value if low_open else low <= value) and value <= high):
            return None
        scale = (
            f"more than {low:g} and at most {high:g}" if low_open else f"from {low:g} to {high:g}"
        )
        return f"{plain_number(text)} is not a number {scale}"

    return refused


def _rating(text: str) -> tuple[float | None, str]:
    if not text:
        return None, ""
    value = parse_number(text)
    if value is None or not 1.0 <= value <= 4.0:
        # '−2' (a minus sign) was told "write -2", off the scale too (found by a reviewer)
        hint = number_hint(text, _off_scale(1.0, 4.0)) if value is None else ""
        return None, (
            f"expected a number from 1 to 4, or a blank cell for no answer; got {shown(text)}{hint}"
        )
    return value, ""


def _strength(text: str) -> tuple[float | None, str]:
    if not text:
        return None, ""
    value = parse_number(text)
    if value is None or not 0.0 < value <= 1.0:
        hint = number_hint(text, _off_scale(0.0, 1.0, low_open=True)) if value is None else ""
        return None, (
            "expected a number more than 0 and at most 1, or a blank cell to take it from the "
            f"intensity; got {shown(text)}{hint}"
        )
    return value, ""


def _intensity(text: str) -> tuple[Intensity | None, str]:
    if not text:
        return None, ""
    try:
        return Intensity(text.lower()), ""
    except ValueError:
        values = [i.value for i in Intensity]
        close = close_matches(text, values)
        listed = ", ".join(values)
        return None, (
            f"unknown intensity {shown(text)}{did_you_mean(close)}; expected one of {listed}, "
            "or a blank cell"
        )


#: How each optional column is read: a cell gives a value (``None`` for blank) and a problem.
_PARSERS: Mapping[str, Callable[[str], tuple[Any, str]]] = {
    **dict.fromkeys(RATINGS, _rating),
    "intensity": _intensity,
    "strength": _strength,
}


# --------------------------------------------------------------------------- one-sided ties


def _apply_rule(
    reported: Mapping[tuple[str, str], Tie],
    rule: SurveyRule,
    initiative: Initiative,
    kind: TieKind,
    answered: Collection[str],
) -> list[Tie]:
    """Return the ties to add, in file order, after applying ``rule`` to one-sided pairs.

    Under ``"reciprocated"``, a row is kept when the partner rated rated the respondent back,
    or did not answer (is not in ``answered``): only a partner who answered can deny a tie.
    """
    if rule is SurveyRule.AS_REPORTED:
        return list(reported.values())
    if rule is SurveyRule.RECIPROCATED:
        return [tie for (s, t), tie in reported.items() if (t, s) in reported or t not in answered]
    existing = {(t.source, t.target) for t in initiative.ties if t.kind == kind}
    ties = list(reported.values())
    for (s, t), tie in reported.items():
        if (t, s) not in reported and (t, s) not in existing:
            ties.append(
                Tie(
                    source=t,
                    target=s,
                    kind=kind,
                    strength=tie.strength,
                    intensity=tie.intensity,
                )
            )
    return ties
