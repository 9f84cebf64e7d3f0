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

import csv
import difflib
import enum
import io
import math
import os
import re
import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

from ..errors import FormatError, ValidationError, did_you_mean
from ..model import Initiative
from ..model.ties import RATINGS, Intensity, Tie, TieKind
from .native import DEFAULT_MAX_BYTES, read_bytes

__all__ = [
    "DEFAULT_STRENGTH",
    "INTENSITY_STRENGTH",
    "SURVEY_COLUMNS",
    "SurveyRule",
    "read_partner_survey",
]


class SurveyRule(enum.StrEnum):
    """What :func:`read_partner_survey` does with one-sided ties (A rated B, B did not rate A)."""

    #: Keep every direction that was reported, one-sided or not.
    AS_REPORTED = "as-reported"
    #: Keep a pair only when both partners rated each other; drop one-sided rows.
    RECIPROCATED = "reciprocated"
    #: Keep every reported direction and add the missing reverse tie, with the same intensity and
    #: strength but no ratings (a partner's ratings are never guessed).
    SYMMETRIZE = "symmetrize"


#: The columns a survey file may have, in the order a writer should use. ``respondent`` and
#: ``partner`` are required; the others are optional.
SURVEY_COLUMNS: tuple[str, ...] = ("respondent", "partner", *RATINGS, "intensity", "strength")

_REQUIRED = ("respondent", "partner")

#: The strength given to a tie whose ``strength`` cell is blank, by its ``intensity``.
INTENSITY_STRENGTH: Mapping[Intensity, float] = types.MappingProxyType(
    {
        Intensity.AWARENESS: 0.25,
        Intensity.COOPERATION: 0.5,
        Intensity.COORDINATION: 0.75,
        Intensity.INTEGRATION: 1.0,
    }
)

#: The strength of a tie whose ``strength`` and ``intensity`` cells are both blank.
DEFAULT_STRENGTH = 0.5

#: Unknown partners get did-you-mean suggestions for at most this many cells, so that a file with
#: a systematic typo in every row still fails fast.
_MAX_SUGGESTIONS = 25

#: A plain decimal number, as a spreadsheet writes it (no ``nan``, ``inf`` or ``1_000``).
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")

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
    ``strength`` comes from the ``intensity`` (:data:`INTENSITY_STRENGTH`):

    ================  ========
    ``intensity``     strength
    ================  ========
    ``awareness``     0.25
    ``cooperation``   0.5
    ``coordination``  0.75
    ``integration``   1.0
    (blank)           0.5
    ================  ========

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
        * ``"reciprocated"`` — keep a pair only when both directions were reported in the survey;
          the rows of one-sided pairs are left out;
        * ``"symmetrize"`` — also add the missing reverse tie B→A, with the same intensity and
          strength but no ratings. When the initiative already holds a B→A tie of ``kind``, that
          tie is kept rather than replaced by a tie without ratings.
    kind
        The :class:`~collective_impact.TieKind` of the ties made (default ``communication``).
    encoding
        Encoding of a file given by path (default UTF-8; a byte-order mark is skipped). Excel on
        Windows may write ``"cp1252"`` when the file is not saved as "CSV UTF-8".
    max_bytes
        Refuse files larger than this (default 32 MiB, as :func:`collective_impact.load`) before
        reading them; for a text file object, the limit counts characters. ``None`` for no limit.

    Returns
    -------
    Initiative
        A copy of ``initiative`` with the survey's ties.

    Raises
    ------
    MissingFileError
        When the file does not exist.
    FormatError
        When the file is too large, empty, binary (an ``.xlsx`` workbook, say), not text in
        ``encoding``, or not CSV that :mod:`csv` can read.
    ValidationError
        Listing every problem of the file at once, each located as ``row 4.openness`` (row 4 of
        the spreadsheet, column ``openness``; the header is a row too): a missing required
        column, an unknown column (with the allowed ones), a value out of range or not a number,
        an unknown intensity, an unknown partner (with a did-you-mean), a respondent rating
        itself, and a (respondent, partner) pair given twice. Its ``source`` is the file name.
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
    Values must use a dot as the decimal separator. Duplicate rows are an error rather than
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
    ...     "pnc,cjc,2,,,,\n"
    ... )
    >>> rated = read_partner_survey(survey, init)
    >>> tie = next(t for t in rated.ties if (t.source, t.target, t.kind) ==
    ...            ("cha", "mowd", "communication"))
    >>> tie.strength, tie.power_influence, tie.reliability, tie.openness, tie.intensity.value
    (0.75, 4.0, 3.0, None, 'coordination')
    >>> len(rated.ties) - len(init.ties)
    3

    Under ``"reciprocated"`` the one-sided pnc→cjc row is left out:

    >>> _ = survey.seek(0)
    >>> len(read_partner_survey(survey, init, rule="reciprocated").ties) - len(init.ties)
    2

    Every problem is reported at once:

    >>> bad = io.StringIO("respondent,partner,openness\ncha,mwod,5\ncha,cha,\n")
    >>> read_partner_survey(bad, init)
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 3 problems:
      row 2.partner: unknown partner 'mwod' (did you mean 'mowd'?)
      row 2.openness: expected a number from 1 to 4, or a blank cell for no answer; got '5'
      row 3.partner: a respondent cannot rate itself ('cha')
    """
    rule_ = _check_choice(SurveyRule, rule, "rule")
    kind_ = _check_choice(TieKind, kind, "kind")
    text, name = _read(source, encoding, max_bytes)
    rows = _csv_rows(text, name)
    reported = _parse(rows, initiative, kind_, name)
    ties = _apply_rule(reported, rule_, initiative, kind_)
    return initiative.with_ties(*ties) if ties else initiative


# --------------------------------------------------------------------------- options


def _check_choice(enum_cls: type[E], value: str, what: str) -> E:
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in enum_cls)
        raise ValidationError(
            [(what, f"unknown {what} {value!r}; expected one of {allowed}")]
        ) from None


# --------------------------------------------------------------------------- reading


def _read(source: SurveySource, encoding: str, max_bytes: int | None) -> tuple[str, str | None]:
    """Return the text of ``source`` (without a byte-order mark) and its name for messages."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        data = read_bytes(path, max_bytes)
        return _decode(data, encoding, str(path)), str(path)
    raw_name = getattr(source, "name", None)
    name = raw_name if isinstance(raw_name, str) else None
    content: str | bytes = source.read() if max_bytes is None else source.read(max_bytes + 1)
    if max_bytes is not None and len(content) > max_bytes:
        raise FormatError(
            f"the survey is larger than the limit of {max_bytes:,} characters; "
            "pass max_bytes= to read it anyway",
            source=name,
        )
    if isinstance(content, bytes):  # a file opened in binary mode: decode it as a path would be
        return _decode(content, encoding, name), name
    _check_text(content, name)
    return content.removeprefix("\ufeff"), name


def _decode(data: bytes, encoding: str, name: str | None) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise FormatError(
            "this is a spreadsheet workbook (.xlsx), not CSV text; save it as 'CSV UTF-8'",
            source=name,
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise FormatError(
            f"the file is not {encoding} text (invalid byte at offset {err.start}); "
            "pass encoding= (Excel on Windows may write 'cp1252')",
            source=name,
        ) from None
    _check_text(text, name)
    return text.removeprefix("\ufeff")


def _check_text(text: str, name: str | None) -> None:
    if not text.strip().strip("\ufeff"):
        raise FormatError("the survey is empty", source=name)
    nul = text.find("\0")
    if nul >= 0:
        raise FormatError(
            f"this is a binary file (a NUL character at offset {nul}), not CSV text",
            source=name,
        )


def _delimiter(text: str) -> str:
    """Return ``,``, or ``;`` / tab when the first non-blank line has no comma but one of them."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for candidate in (";", "\t"):
            if candidate in first:
                return candidate
    return ","


def _csv_rows(text: str, name: str | None) -> list[tuple[int, list[str]]]:
    """Return the non-blank records with their spreadsheet row numbers, cells stripped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for record in reader:
            number += 1
            cells = [cell.strip() for cell in record]
            if any(cells):
                rows.append((number, cells))
    except csv.Error as err:
        raise FormatError(f"invalid CSV: {err}", source=name, line=reader.line_num) from None
    if not rows:
        raise FormatError("the survey is empty", source=name)
    return rows


# --------------------------------------------------------------------------- checking


def _parse(
    rows: Sequence[tuple[int, list[str]]],
    initiative: Initiative,
    kind: TieKind,
    name: str | None,
) -> dict[tuple[str, str], Tie]:
    """Check every row; return the reported ties by (respondent, partner), or raise once."""
    problems: list[tuple[str, str]] = []
    header_row, header = rows[0]
    columns, unnamed = _header(header_row, header, problems)
    partner_ids = [p.id for p in initiative.partners]
    known = set(partner_ids)
    suggest = _Suggester(partner_ids)
    first_row: dict[tuple[str, str], int] = {}
    reported: dict[tuple[str, str], Tie] = {}

    for number, cells in rows[1:]:
        where = f"row {number}"
        for j in unnamed:
            if j < len(cells) and cells[j]:
                problems.append(
                    (
                        where,
                        f"column {_letter(j)} has no name in the header row but holds "
                        f"{cells[j]!r}; name the column or clear it",
                    )
                )
        if len(cells) > len(header) and any(cells[len(header) :]):
            problems.append(
                (
                    where,
                    f"the row has {len(cells)} cells but the header row names only "
                    f"{len(header)} columns; the extra cells are not blank",
                )
            )
        cell = {col: cells[j] if j < len(cells) else "" for col, j in columns.items()}

        ids: dict[str, str | None] = {}
        for col in _REQUIRED:
            if col not in columns:
                ids[col] = None
                continue
            value = cell[col]
            ids[col] = None
            if not value:
                problems.append((f"{where}.{col}", "required; give a partner id"))
            elif value not in known:
                problems.append((f"{where}.{col}", f"unknown partner {value!r}{suggest(value)}"))
            else:
                ids[col] = value
        respondent, partner = ids["respondent"], ids["partner"]
        pair_ok = respondent is not None and partner is not None
        if pair_ok and respondent == partner:
            problems.append((f"{where}.partner", f"a respondent cannot rate itself ({partner!r})"))
            pair_ok = False

        values: dict[str, Any] = {}
        row_ok = True
        for col in RATINGS:
            if col in columns:
                rating, message = _rating(cell[col])
                if message:
                    problems.append((f"{where}.{col}", message))
                    row_ok = False
                values[col] = rating
        intensity: Intensity | None = None
        if "intensity" in columns:
            intensity, message = _intensity(cell["intensity"])
            if message:
                problems.append((f"{where}.intensity", message))
                row_ok = False
        strength: float | None = None
        if "strength" in columns:
            strength, message = _strength(cell["strength"])
            if message:
                problems.append((f"{where}.strength", message))
                row_ok = False

        if respondent is None or partner is None or not pair_ok:
            continue
        key = (respondent, partner)
        if key in first_row:
            problems.append(
                (
                    f"{where}.partner",
                    f"{respondent!r} already rated {partner!r} at row {first_row[key]}; "
                    "keep one row per respondent and partner",
                )
            )
            continue
        first_row[key] = number
        if row_ok and not problems:  # once anything is wrong, only look for more problems
            if strength is None:
                strength = DEFAULT_STRENGTH if intensity is None else INTENSITY_STRENGTH[intensity]
            reported[key] = Tie(
                source=respondent,
                target=partner,
                kind=kind,
                strength=strength,
                intensity=intensity,
                **values,
            )

    if problems:
        raise ValidationError(problems, source=name)
    return reported


def _header(
    number: int, header: Sequence[str], problems: list[tuple[str, str]]
) -> tuple[dict[str, int], list[int]]:
    """Map each known column to its position; list the positions of unnamed columns."""
    where = f"row {number}"
    columns: dict[str, int] = {}
    unnamed: list[int] = []
    allowed = ", ".join(SURVEY_COLUMNS)
    for j, raw in enumerate(header):
        col = raw.strip().lower()
        if not col:
            unnamed.append(j)
        elif col in columns:
            problems.append(
                (
                    where,
                    f"column {raw!r} appears twice (columns {_letter(columns[col])} and "
                    f"{_letter(j)}); keep one",
                )
            )
        elif col in SURVEY_COLUMNS:
            columns[col] = j
        else:
            close = difflib.get_close_matches(col, SURVEY_COLUMNS, n=1, cutoff=0.6)
            problems.append(
                (
                    where,
                    f"unknown column {raw!r} (column {_letter(j)}){did_you_mean(close)}; "
                    f"the allowed columns are {allowed}",
                )
            )
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        listed = " and ".join(repr(c) for c in missing)
        problems.append(
            (
                where,
                f"missing required column{'s' if len(missing) > 1 else ''} {listed}; the header "
                f"row must name them (the allowed columns are {allowed})",
            )
        )
    return columns, unnamed


def _letter(index: int) -> str:
    """Return the spreadsheet name of a 0-based column: 0 → ``A``, 26 → ``AA``."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _number(text: str) -> float | None:
    """Return the value of a plain decimal number, or ``None`` when ``text`` is not one."""
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _not_a_number(text: str) -> str:
    if _DECIMAL_COMMA.fullmatch(text):
        return f"; use a dot as the decimal separator ({text.replace(',', '.')})"
    return ""


def _rating(text: str) -> tuple[float | None, str]:
    if not text:
        return None, ""
    value = _number(text)
    if value is None or not 1.0 <= value <= 4.0:
        hint = _not_a_number(text) if value is None else ""
        return None, (
            f"expected a number from 1 to 4, or a blank cell for no answer; got {text!r}{hint}"
        )
    return value, ""


def _strength(text: str) -> tuple[float | None, str]:
    if not text:
        return None, ""
    value = _number(text)
    if value is None or not 0.0 < value <= 1.0:
        hint = _not_a_number(text) if value is None else ""
        return None, (
            "expected a number more than 0 and at most 1, or a blank cell to take it from the "
            f"intensity; got {text!r}{hint}"
        )
    return value, ""


def _intensity(text: str) -> tuple[Intensity | None, str]:
    if not text:
        return None, ""
    try:
        return Intensity(text.lower()), ""
    except ValueError:
        values = [i.value for i in Intensity]
        close = difflib.get_close_matches(text.lower(), values, n=1, cutoff=0.6)
        listed = ", ".join(values)
        return None, (
            f"unknown intensity {text!r}{did_you_mean(close)}; expected one of {listed}, "
            "or a blank cell"
        )


class _Suggester:
    """Did-you-mean hints for unknown partner ids, bounded in number of look-ups."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.budget = _MAX_SUGGESTIONS
        self.by_folded: dict[str, str] = {}
        for id in ids:
            self.by_folded.setdefault(id.casefold(), id)

    def __call__(self, word: str) -> str:
        if self.budget <= 0:
            return ""
        self.budget -= 1
        folded = word.casefold()
        if folded in self.by_folded:  # only the case differs
            return did_you_mean([self.by_folded[folded]])
        close = difflib.get_close_matches(folded, list(self.by_folded), n=1, cutoff=0.6)
        return did_you_mean([self.by_folded[c] for c in close])


# --------------------------------------------------------------------------- one-sided ties


def _apply_rule(
    reported: Mapping[tuple[str, str], Tie],
    rule: SurveyRule,
    initiative: Initiative,
    kind: TieKind,
) -> list[Tie]:
    """Return the ties to add, in file order, after applying ``rule`` to one-sided pairs."""
    if rule is SurveyRule.AS_REPORTED:
        return list(reported.values())
    if rule is SurveyRule.RECIPROCATED:
        return [tie for (s, t), tie in reported.items() if (t, s) in reported]
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
