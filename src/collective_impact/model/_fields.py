"""Field specifications shared by the model's validation and its JSON Schema.

Each model field carries a :class:`Spec` in its attrs metadata. The spec checks a value (returning
every problem, never raising) and describes itself as a JSON Schema fragment, so that the rules the
model enforces and the schema the file format publishes cannot drift apart.

Converters (``to_*``) are lenient: they turn obviously intended input into the field's type
(``"nonprofit"`` into ``Sector.NONPROFIT``, a list into a tuple, an ISO string into a ``date``) and
return anything else unchanged, so that the spec reports it together with every other problem of
the object instead of failing on the first.

Rules across fields (``start <= end``, no self-ties) are :class:`Rule` objects listed in a model
class's ``_rules``; each names the fields it reads and runs only when those fields are valid, so
that a rule is written for valid values and an exception it raises is a bug that surfaces.
"""

from __future__ import annotations

import abc
import collections
import datetime as dt
import enum
import functools
import itertools
import math
import numbers
import operator
import re
import sys
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Literal, TypeVar

import attrs

from ..errors import (
    Problem,
    ProblemCode,
    ValidationError,
    close_matches,
    did_you_mean,
    entry_hint,
    lookalike_number,
    plain_number,
    several_values,
    shown,
)
from ._frozen import FrozenMap

E = TypeVar("E", bound=enum.Enum)

Problems = list[Problem]

#: A cheap validity test of a value (see :meth:`Spec.quick`).
Quick = Callable[[Any], bool]

Code = ProblemCode

#: attrs metadata key under which a field's :class:`Spec` is stored.
SPEC = "collective_impact.spec"


def describe(value: object) -> str:
    """Return a short, safe description of a value for an error message."""
    if isinstance(value, bool) or _is_numpy_bool(value):
        return f"the boolean {str(bool(value)).lower()}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, enum.Enum):  # a choice as written: 'backbone', not <Role.BACKBONE: ...>
        return describe(value.value)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, int):
        return describe_int(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dt.datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"a {type(value).__name__}"


def _is_numpy_bool(value: object) -> bool:
    """Whether ``value`` is NumPy's boolean (``np.True_``), which is no ``bool``."""
    kind = type(value)
    return kind.__module__ == "numpy" and kind.__name__ in ("bool", "bool_")


#: Integers of up to this many digits are quoted whole in messages; longer ones by their size.
_SHOWN_DIGITS = 20

_LOG10_2 = math.log10(2)


def describe_int(value: int) -> str:
    """Describe an integer for a message, bounded: a long one by its number of digits.

    ``repr`` of an integer of more than 4,300 digits raises ``ValueError`` (Python's limit on
    integer-to-text conversion), and a shorter long one would flood the message; so an integer
    of more than 20 digits is described by its sign and its number of digits, counted from its
    binary length without converting it to text.

    Examples
    --------
    >>> describe_int(-42), describe_int(10**5000)
    ('-42', 'an integer with 5,001 digits')
    """
    size = abs(value)
    if size < 10**_SHOWN_DIGITS:
        return repr(value)
    digits = int((size.bit_length() - 1) * _LOG10_2) + 1  # 10**(digits - 1) <= size, or one less
    if size >= 10**digits:
        digits += 1
    sign = "a negative " if value < 0 else "an "
    return f"{sign}integer with {digits:,} digits"


def suggest(word: str, candidates: Iterable[str], n: int = 1) -> list[str]:
    """Return up to ``n`` close matches of ``word`` among ``candidates``.

    Bounded in the length of ``word`` (see :func:`~collective_impact.errors.close_matches`).
    """
    return close_matches(word, candidates, n=n)


class Spec(abc.ABC):
    """Base class: validation rules and JSON Schema for one kind of value."""

    @abc.abstractmethod
    def check(self, value: Any) -> Problems:
        """Return every problem of ``value``, located relative to it."""

    @abc.abstractmethod
    def schema(self) -> dict[str, Any]:
        """Return the JSON Schema (2020-12) fragment describing valid values."""

    def quick(self) -> Quick:
        """Return a cheap test of a value: ``True`` only for values :meth:`check` finds valid.

        ``False`` decides nothing: the caller then runs :meth:`check` for the problems (or to
        find the value valid after all). So a test may accept only the common case (a ``str``
        rather than any subclass of it, a ``tuple`` rather than any sequence), as long as it
        never accepts a value :meth:`check` would reject. This default runs :meth:`check`.
        """
        check = self.check
        return lambda value: not check(value)

    def quick_all(self) -> QuickAll:
        """Return a cheap test of many values at once, as :meth:`quick` tests one.

        ``True`` only when :meth:`check` finds every value valid; ``False`` decides nothing (the
        caller then tests the values one by one). The tests of the subclasses look at a whole
        column of values in a few passes in C (``set(map(type, values))``, ``min``, ``max``),
        which is what makes loading a large file about as fast as parsing it.
        """
        quick = self.quick()
        return lambda values: all(map(quick, values))


#: The test :meth:`Spec.quick_all` returns: are all these values valid?
QuickAll = Callable[[Sequence[Any]], bool]

_STR = frozenset({str})
_FLOAT = frozenset({float})
_TUPLE = frozenset({tuple})
_FROZEN_MAP = frozenset({FrozenMap})
_not_none = functools.partial(operator.is_not, None)
_MORE_THAN_ONE = functools.partial(operator.lt, 1)


def types_of(values: Iterable[Any]) -> set[type]:
    """Return the set of the exact types of ``values``."""
    return set(map(type, values))


#: How many values :func:`_distinct_if_repeated` looks at to tell whether values repeat.
_REPEAT_SAMPLE = 256


def _distinct_if_repeated(values: Sequence[Any]) -> Sequence[Any]:
    """Return the distinct ``values`` when the first of them repeat, else ``values`` as they are.

    For the tests of whole columns, whose verdict depends only on which values there are: a
    column of labels or strategies repeats a few values, and is tested on those; a column of
    ids, whose values do not repeat, is not copied into a set for nothing. The values must be
    hashable (else :exc:`TypeError`).
    """
    sample = values[:_REPEAT_SAMPLE]
    if 2 * len(set(sample)) > len(sample):
        return values
    return list(set(values))


# Characters refused in text (see :class:`Text`): each class as a regular-expression range.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab and line breaks, DEL, C1
_BREAKS = "\t\n\r\u2028\u2029"  # tab and line breaks (NEL, U+0085, is in C1)
_UNPAIRED = "\ud800-\udfff\ufffe\uffff"  # lone surrogates and the noncharacters U+FFFE, U+FFFF
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks and controls
#: The other format characters (Unicode category Cf), invisible: U+00AD SOFT HYPHEN, U+200B ZERO
#: WIDTH SPACE, U+FEFF ZERO WIDTH NO-BREAK SPACE (a byte order mark), U+2060 WORD JOINER, tags...
#: Those of Unicode 14.0 (Python 3.11's :mod:`unicodedata`) with the whole block of the Egyptian
#: hieroglyph format controls (U+13430-U+1343F, completed by later versions), written out so that
#: every Python refuses the same ids.
_FORMAT = (
    "\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200d\u2060-\u2064"
    "\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)

#: Refused in text (names, descriptions), and in ids.
_BAD_TEXT = re.compile(f"[{_CONTROL}{_UNPAIRED}]")
_BAD_ID = re.compile(f"[{_CONTROL}{_BREAKS}{_UNPAIRED}{_BIDI}{_FORMAT}]")
#: The characters an id refuses, for the model's check of the references to a refused id.
BAD_ID = _BAD_ID

#: The ASCII characters each of them refuses, for the fast test of ASCII text.
_ASCII_BAD = {
    _BAD_TEXT: bytes([*range(9), 11, 12, *range(14, 32), 127]),
    _BAD_ID: bytes([*range(32), 127]),
}


def _clean(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` holds no character ``pattern`` refuses (see :class:`Text`).

    ASCII text (known at once: Python records it) is tested by deleting the refused bytes from
    its encoding, at memory speed in C; any other text by one search of the pattern.
    """
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_BAD[pattern])) == len(data)
    return pattern.search(text) is None


#: The same classes for the JSON Schema (ECMA-262 regular expressions, escaped; the format
#: characters beyond U+FFFF as themselves, which ECMA-262 cannot escape without the ``u`` flag).
_SCHEMA_TEXT = r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]"
_SCHEMA_ID = (
    r"[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufffe\uffff"
    r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    r"\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200d\u2060-\u2064"
    r"\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
#: An id may not begin or end with whitespace (a label, compared trimmed, may).
_SCHEMA_PADDED = r"^\s|\s$"


def _character_kind(char: str) -> str:
    """Say what kind of refused character ``char`` is (see :class:`Text`)."""
    if char in _BREAKS:
        return "a line break or tab"
    if "\ud800" <= char <= "\udfff":
        return "a lone surrogate (half of a UTF-16 pair)"
    if char in "\ufffe\uffff":
        return "a noncharacter"
    if re.match(f"[{_BIDI}]", char):
        return "a bidirectional control"
    if re.match(f"[{_FORMAT}]", char):
        return "an invisible format character"
    return "a control character"


def _code_point(char: str) -> str:
    r"""Name a character by its code point and its Unicode name, if it has one.

    Examples
    --------
    >>> _code_point("\u200b"), _code_point("\x1b")
    ('U+200B ZERO WIDTH SPACE', 'U+001B')
    """
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def only_whitespace(value: str) -> str:
    r"""Say that a non-empty text is whitespace alone, naming its characters as an id's message.

    A text of spaces looks empty and is taken for no value; the message says which characters
    it holds (an ideographic space, U+3000, shows as a wide blank), each once, the first three.

    Examples
    --------
    >>> only_whitespace(" ")
    'only whitespace (U+0020 SPACE)'
    >>> only_whitespace("\u3000 \u3000\t")
    'only whitespace (U+3000 IDEOGRAPHIC SPACE, U+0020 SPACE, U+0009)'
    >>> only_whitespace(" \u3000\u00a0\u2003")
    'only whitespace (U+0020 SPACE, U+3000 IDEOGRAPHIC SPACE, U+00A0 NO-BREAK SPACE and 1 other)'
    """
    chars = list(dict.fromkeys(value))
    named = ", ".join(map(_code_point, chars[:3]))
    rest = len(chars) - 3
    more = f" and {rest:,} {'other' if rest == 1 else 'others'}" if rest > 0 else ""
    return f"only whitespace ({named}{more})"


def _bad_text_problem(
    pattern: re.Pattern[str], value: str, what: str, code: ProblemCode
) -> Problem | None:
    """Return the problem of the first character of ``value`` refused by ``pattern``, if any."""
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    message = (
        f"expected {what}, got {describe(value)}, which holds {_character_kind(char)} "
        f"({_code_point(char)}, character {found.start() + 1:,})"
    )
    return Problem("", message, code)


def _padding_problem(value: str, what: str) -> Problem | None:
    """Return the problem of an id beginning or ending with whitespace, if it does."""
    if value == value.strip():
        return None
    where, char = ("begins", value[0]) if value[0].isspace() else ("ends", value[-1])
    message = (
        f"expected {what}, got {describe(value)}, which {where} with whitespace "
        f"({_code_point(char)}); an id may not begin or end with whitespace"
    )
    return Problem("", message, Code.INVALID)


@attrs.frozen
class Text(Spec):
    r"""A string; non-empty unless ``empty_ok``; only characters every format can carry.

    Every text refuses the characters that cannot be written back to YAML, CSV and a terminal
    unchanged: C0 control characters (NUL, ESC, ...), DEL, C1 control characters
    (U+0080–U+009F), lone surrogates (U+D800–U+DFFF, as a JSON ``"\ud800"`` gives) and the
    noncharacters U+FFFE and U+FFFF. Tabs and line breaks (``\t``, ``\n``, ``\r``, U+2028,
    U+2029) are text (a name may be written on two lines, and CSV quotes it), but an ``ident``
    text (an id) refuses them, and the invisible characters that can make one id print as
    another: the format characters of Unicode (category Cf), which are the bidirectional
    controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), U+200B ZERO WIDTH SPACE,
    U+FEFF ZERO WIDTH NO-BREAK SPACE, U+00AD SOFT HYPHEN, U+2060 WORD JOINER and the others; and
    whitespace at either end (``"united-way "``), unless ``padded``. Names keep them all
    (right-to-left names need the bidirectional controls), and the command line shows them
    escaped.

    Parameters
    ----------
    empty_ok
        Whether the empty (or blank) string is valid.
    what
        The words for a valid value in messages ("a string").
    ident
        Whether the text is an id (also refusing tabs, line breaks, format characters and,
        unless ``padded``, whitespace at either end).
    padded
        For an ``ident`` text compared trimmed (a declared label): whether it may begin or end
        with whitespace.

    Examples
    --------
    >>> for text in ["united-way\u200b", "united-way "]:  # doctest: +NORMALIZE_WHITESPACE
    ...     print(IDENT.check(text)[0].message)
    expected an id (a non-empty string), got 'united-way\u200b', which holds an invisible
    format character (U+200B ZERO WIDTH SPACE, character 11)
    expected an id (a non-empty string), got 'united-way ', which ends with whitespace
    (U+0020 SPACE); an id may not begin or end with whitespace
    """

    empty_ok: bool = False
    what: str = "a string"
    ident: bool = False
    padded: bool = False

    def _pattern(self) -> re.Pattern[str]:
        return _BAD_ID if self.ident else _BAD_TEXT

    def _trimmed(self) -> bool:
        """Whether the text may not begin or end with whitespace (an id)."""
        return self.ident and not self.padded

    def check(self, value: Any) -> Problems:
        if not isinstance(value, str):
            return [Problem("", f"expected {self.what}, got {describe(value)}", Code.WRONG_TYPE)]
        if not self.empty_ok and not value.strip():
            # ' ' or '\u3000' looks empty, and was said to be ("got an empty string")
            got = f"{describe(value)}, which holds {only_whitespace(value)}" if value else ""
            message = f"expected {self.what}, got {got or 'an empty string'}"
            return [Problem("", message, Code.EMPTY_TEXT)]
        bad = _bad_text_problem(self._pattern(), value, self.what, Code.INVALID)
        if bad is None and self._trimmed() and value:
            bad = _padding_problem(value, self.what)
        return [] if bad is None else [bad]

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if not self.empty_ok:
            out["minLength"] = 1
            out["pattern"] = r"\S"
        refused = _SCHEMA_ID if self.ident else _SCHEMA_TEXT
        if self._trimmed():
            refused = f"{refused}|{_SCHEMA_PADDED}"
        out["not"] = {"type": "string", "pattern": refused}
        return out

    def quick(self) -> Quick:
        search = self._pattern().search
        if self._trimmed():
            return lambda value: (
                type(value) is str
                and bool(value)
                and value.strip() == value
                and search(value) is None
            )
        if self.empty_ok:
            return lambda value: type(value) is str and search(value) is None
        return lambda value: type(value) is str and bool(value.strip()) and search(value) is None

    def quick_all(self) -> QuickAll:
        """Test texts at once: the refused characters are looked for in all of them joined."""
        pattern, empty_ok, trimmed = self._pattern(), self.empty_ok, self._trimmed()

        def test(values: Sequence[Any]) -> bool:
            if not types_of(values) <= _STR:
                return False
            texts = _distinct_if_repeated(values)
            if trimmed:  # the texts stripped equal the texts: compared as two lists, in C
                listed = texts if type(texts) is list else list(texts)
                filled = all(listed) and list(map(str.strip, listed)) == listed
            else:
                filled = empty_ok or all(map(str.strip, texts))
            return filled and _clean(pattern, "".join(texts))

        return test


IDENT = Text(what="an id (a non-empty string)", ident=True)


#: Every number of the model and of the configuration has a magnitude of at most this.
MAX_MAGNITUDE = 1e15
#: ... and, unless it is zero, of at least this.
MIN_MAGNITUDE = 1e-15


#: A number as JSON, YAML and TOML write one (``2``, ``-0.5``, ``.5``, ``1.0e+3``): a text that
#: reads so is a number put in quotes. Not ``1_000`` or ``inf``, which Python's ``float`` reads.
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)


def _reads_as_number(text: str) -> str | None:
    """Return ``text`` as a number YAML, JSON and TOML read, or ``None`` when it is none.

    Written plainly (:func:`~collective_impact.errors.plain_number`: ``-050`` is ``-50``,
    ``+5`` is ``5``, ``.5`` is ``0.5``), and with an exponent, a decimal point and the
    exponent's sign are added (``-1e3`` is ``-1.0e+3``): YAML 1.1 reads a number with an
    exponent as text without them.

    >>> [_reads_as_number(t) for t in ("-050", "+5", "-.5", "5.", "-1e3", "1,500")]
    ['-50', '5', '-0.5', '5.0', '-1.0e+3', None]
    """
    if _PLAIN_NUMBER.fullmatch(text) is None:
        return None
    # as every native format reads it: '-050' (YAML's octal), '+5' (invalid JSON), '-.5', '5.'
    text = plain_number(text) or text
    written = re.fullmatch(r"([-+]?\d+)(\.\d*)?[eE]([-+]?)(\d+)", text, re.ASCII)
    if written is None or (written[2] and written[3]):
        return text
    whole, point, sign, power = written.groups()
    return f"{whole}{point or '.0'}e{sign or '+'}{power}"


def _out_of_bounds(spec: Number, text: str) -> str | None:
    """Return why ``spec`` refuses the number ``text``, or ``None`` when it takes it."""
    problems = spec.check(float(text))
    return f"{text} would be refused: {problems[0].message}" if problems else None


def _number_text_problem(value: str, spec: Number) -> Problem:
    """Return the problem of a text where a number is expected (``'1e400'``, ``'abc'``).

    A percentage (``'50%'``) is answered by :meth:`Number.percent_hint`: what the field's
    number means decides what to write instead. A number in quotes (``'2'``) is named as such:
    the message would otherwise show a number where it asks for one.
    """
    text = value.strip()
    try:
        number = float(text) if len(text) <= 400 else math.nan  # no number is that long
    except ValueError:
        number = None
    if number is not None and not math.isfinite(number):
        what = (
            "beyond the largest floating-point number, about 1.8e308"
            if math.isinf(number) and re.search(r"\d", text)
            else "not a number"
        )
        message = f"expected a finite number, got {describe(value)} ({what}: not a finite number)"
        return Problem("", message, Code.NOT_FINITE)
    hint = spec.percent_hint(text)
    if number is not None and _PLAIN_NUMBER.fullmatch(text):  # '2': the number, in quotes
        hint = " (a number written as text: write it without quotes)"
    elif number is not None and any(c.isdigit() and not "0" <= c <= "9" for c in text):
        # float() reads any Unicode digit, YAML and JSON none: "without quotes" looped
        hint = " (it holds a digit other than 0 to 9: write the number with the digits 0 to 9)"
    lookalike = (
        lookalike_number(text, _reads_as_number, functools.partial(_out_of_bounds, spec))
        if number is None
        else None
    )
    if lookalike is not None:  # '−45.5': a minus sign (U+2212), an en dash, a middle dot
        hint = f" ({lookalike})"
    written = re.fullmatch(r"([-+]?\d+)(\.\d*)?[eE]([-+]?)(\d+)", text, re.ASCII)
    if number is not None and written is not None and not (written[2] and written[3]):
        # YAML 1.1 reads a number with an exponent only with a point and a signed exponent
        whole, point, sign, power = written.groups()
        fixed = f"{whole}{point or '.0'}e{sign or '+'}{power}"
        hint = (
            " (YAML reads a number with an exponent as text unless it has a decimal point and "
            f"a sign in the exponent: write {fixed}, not {text})"
        )
    return Problem("", f"expected a number, got {describe(value)}{hint}", Code.WRONG_TYPE)


@attrs.frozen
class Number(Spec):
    """A finite real number, with optional bounds, and of magnitude at most 1e15.

    Beyond the bounds given, every number has a magnitude of at most :data:`MAX_MAGNITUDE`
    (1e15), and a number without bounds (a measured value: an observation, a baseline, a target)
    is 0 or has a magnitude of at least :data:`MIN_MAGNITUDE` (1e-15). 1e15 is above any
    quantity a collective impact initiative measures or weighs (people, dollars, percentages,
    staff) and below 2**53, so every integer up to it is exact as a float, and sums of many
    weights stay finite. With 1e-15 below, two distinct measured values differ by at least about
    1e-31, so that every ratio (progress towards a target, 1e15 over such a difference is below
    1e47), square (least-squares trends, their prediction intervals) and sum the analyses compute
    stays far from overflowing into an infinity or NaN (about 1.8e308) or underflowing to zero.
    Bounded numbers (weights in [0, 1], strengths) need no such floor: they are multiplied, and
    never divide.
    """

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    nonzero: bool = False
    #: What a percentage written in the field (``'50%'``) stands for, for the hint of its
    #: message (:meth:`percent_hint`): ``"unit"``, a measured value in its indicator's unit
    #: (50); ``"fraction"``, a number of which 1 is a whole (0.5, a full-time equivalent);
    #: ``None``, from the bounds: a fraction within [-1, 1], else a number in its own terms.
    percent: Literal["unit", "fraction"] | None = None

    def percent_hint(self, text: str) -> str:
        """Return the advice for a percentage written where this number is expected, or ``""``.

        Parameters
        ----------
        text
            The text written (``"50%"``); ``""`` is returned unless it is a percentage.

        Returns
        -------
        str
            ``" (...)"``, to follow the message, or ``""``.

        Examples
        --------
        >>> Number(percent="unit").percent_hint("50%")
        " (write 50 for 50 percent, without the percent sign; the unit is the indicator's)"
        >>> Number(minimum=0.0, maximum=1.0).percent_hint("50%")
        ' (a share in [0, 1]: write 0.5 for 50%)'
        >>> Number(exclusive_minimum=0.0, maximum=1.0).percent_hint("0%")
        ' (a share in (0, 1]: 0% would be 0, outside (0, 1])'
        >>> Number(minimum=0.0, percent="fraction").percent_hint("50%")
        ' (a number of which 1 is a whole, without the percent sign: write 0.5 for 50%)'
        >>> Number(minimum=1.0, maximum=4.0).percent_hint("75%")
        ' (a number in [1, 4] in its own terms, without the percent sign; not a percentage)'
        """
        percent = re.fullmatch(r"([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*%", text.strip())
        if percent is None:
            return ""
        digits = percent[1]
        low, high = self._bounds()
        kind = self.percent or ("fraction" if low >= -1.0 and high <= 1.0 else None)
        if kind == "unit":  # "13.1%" of a measured value: in its indicator's unit
            return (
                f" (write {digits} for {digits} percent, without the percent sign; the unit is "
                "the indicator's)"
            )
        if kind == "fraction":
            share = float(digits) / 100
            if self.check(share):  # 0% of a share in (0, 1], 150% of one in [0, 1]
                fraction = f"{digits}% would be {share:g}, outside {self._range_text()}"
            else:
                fraction = f"write {share:g} for {digits}%"
            if low >= -1.0 and high <= 1.0:  # a weight, a strength, a contribution: 0.4
                return f" (a share in {self._range_text()}: {fraction})"
            return f" (a number of which 1 is a whole, without the percent sign: {fraction})"
        bounded = (self.minimum, self.maximum, self.exclusive_minimum, self.exclusive_maximum)
        within = f" in {self._range_text()}" if any(b is not None for b in bounded) else ""
        return f" (a number{within} in its own terms, without the percent sign; not a percentage)"

    def _range_text(self, *, capped: bool = False) -> str:
        """Return the range as ``[0, 1)``; ``capped``: with the magnitude bound, not infinities."""
        lo = (
            f"[{self.minimum:g}"
            if self.minimum is not None
            else f"({self.exclusive_minimum:g}"
            if self.exclusive_minimum is not None
            else f"[{-MAX_MAGNITUDE:g}"
            if capped
            else "(-inf"
        )
        hi = (
            f"{self.maximum:g}]"
            if self.maximum is not None
            else f"{self.exclusive_maximum:g})"
            if self.exclusive_maximum is not None
            else f"{MAX_MAGNITUDE:g}]"
            if capped
            else "inf)"
        )
        return f"{lo}, {hi}"

    def check(self, value: Any) -> Problems:
        if isinstance(value, str):
            return [_number_text_problem(value, self)]
        if isinstance(value, bool) or not _is_real(value):
            return [Problem("", f"expected a number, got {describe(value)}", Code.WRONG_TYPE)]
        if not isinstance(value, int | float):  # a real number its converter left: too large
            try:
                value = float(value)
            except OverflowError:
                message = (
                    f"expected a finite number, got {describe(value)} (beyond the largest "
                    "floating-point number, about 1.8e308: not a finite number)"
                )
                return [Problem("", message, Code.NOT_FINITE)]
        if isinstance(value, int) and not -_FLOAT_MAX <= value <= _FLOAT_MAX:
            message = (
                f"expected a finite number, got {describe(value)} (beyond the largest "
                "floating-point number, about 1.8e308: not a finite number)"
            )
            return [Problem("", message, Code.NOT_FINITE)]
        if math.isnan(value) or math.isinf(value):
            message = f"expected a finite number, got {value!r} (not a finite number)"
            return [Problem("", message, Code.NOT_FINITE)]
        bad = (
            (self.minimum is not None and value < self.minimum)
            or (self.maximum is not None and value > self.maximum)
            or (self.exclusive_minimum is not None and value <= self.exclusive_minimum)
            or (self.exclusive_maximum is not None and value >= self.exclusive_maximum)
        )
        if bad:
            message = f"expected a number in {self._range_text()}, got {describe(value)}"
            return [Problem("", message, Code.OUT_OF_RANGE)]
        if abs(value) > MAX_MAGNITUDE:
            message = (
                f"expected a number in {self._range_text(capped=True)} (no magnitude above "
                f"{MAX_MAGNITUDE:g}), got {describe(value)}"
            )
            return [Problem("", message, Code.OUT_OF_RANGE)]
        if self.nonzero and value == 0:
            message = "expected a non-zero number, got 0 (leave the entry out instead)"
            return [Problem("", message, Code.OUT_OF_RANGE)]
        if value != 0 and abs(value) < self._floor():
            message = (
                f"expected 0 or a number of magnitude at least {MIN_MAGNITUDE:g}, "
                f"got {describe(value)}"
            )
            return [Problem("", message, Code.OUT_OF_RANGE)]
        return []

    def _floor(self) -> float:
        """Return the least magnitude of a non-zero value: 1e-15 without bounds, else 0."""
        bounds = (self.minimum, self.maximum, self.exclusive_minimum, self.exclusive_maximum)
        return MIN_MAGNITUDE if all(b is None for b in bounds) else 0.0

    def _bounds(self) -> tuple[float, float]:
        """Return the least and the greatest value allowed (the bounds and the magnitude)."""
        lows = [-MAX_MAGNITUDE, self.minimum, self.exclusive_minimum]
        highs = [MAX_MAGNITUDE, self.maximum, self.exclusive_maximum]
        low = max(b for b in lows if b is not None)
        high = min(b for b in highs if b is not None)
        return low, high

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "number"}
        bounds = {
            "minimum": self.minimum,
            "maximum": self.maximum,
            "exclusiveMinimum": self.exclusive_minimum,
            "exclusiveMaximum": self.exclusive_maximum,
        }
        out.update({key: val for key, val in bounds.items() if val is not None})
        if self.minimum is None and self.exclusive_minimum is None:
            out["minimum"] = -MAX_MAGNITUDE
        if self.maximum is None and self.exclusive_maximum is None:
            out["maximum"] = MAX_MAGNITUDE
        low, high = self._bounds()
        floor = self._floor()
        tiny = {"exclusiveMinimum": -floor, "exclusiveMaximum": floor}
        if floor and low < floor and high > -floor:  # the range meets (-floor, floor)
            out["not"] = tiny if self.nonzero else {**tiny, "not": {"const": 0}}
        elif self.nonzero:
            out["not"] = {"const": 0}
        return out

    def quick(self) -> Quick:
        """Test a ``float`` (an ``int`` is left to :meth:`check`): finite and within bounds."""
        low, high = self._bounds()
        minimum, maximum = self.minimum, self.maximum
        above, below, nonzero = self.exclusive_minimum, self.exclusive_maximum, self.nonzero
        tiny = self._floor()

        def test(value: Any) -> bool:
            return (
                type(value) is float
                and low <= value <= high  # false for NaN
                and (minimum is None or value >= minimum)
                and (above is None or value > above)
                and (maximum is None or value <= maximum)
                and (below is None or value < below)
                and (abs(value) >= tiny if value != 0 else not nonzero)
            )

        return test

    def quick_all(self) -> QuickAll:
        """Test floats at once: all finite, the least and the greatest within the bounds.

        The least magnitude of non-zero values (1e-15 without bounds) is tested value by value
        only when the least and the greatest values do not already show it holds.
        """
        low, high, floor = *self._bounds(), self._floor()
        minimum, maximum = self.minimum, self.maximum
        above, below, nonzero = self.exclusive_minimum, self.exclusive_maximum, self.nonzero

        def test(values: Sequence[Any]) -> bool:
            if not values:
                return True
            if not types_of(values) <= _FLOAT or not all(map(math.isfinite, values)):
                return False
            least, greatest = min(values), max(values)
            if not (
                low <= least
                and greatest <= high
                and (minimum is None or least >= minimum)
                and (above is None or least > above)
                and (maximum is None or greatest <= maximum)
                and (below is None or greatest < below)
                and not (nonzero and 0.0 in values)
            ):
                return False
            if not floor or least >= floor or greatest <= -floor:
                return True  # no value near zero
            return all(map(_not_tiny, values))

        return test


#: A measured value (an observation, a baseline, a target), in its indicator's unit.
MEASURED = Number(percent="unit")

#: The largest finite float.
_FLOAT_MAX = sys.float_info.max


def _not_tiny(value: float) -> bool:
    return value == 0 or abs(value) >= MIN_MAGNITUDE


@attrs.frozen
class Choice(Spec):
    """A member of an enumeration (given as the member or its value)."""

    enum: type[enum.Enum]

    def check(self, value: Any) -> Problems:
        return self.check_entry(value, entry=False)

    def check_entry(self, value: Any, *, entry: bool = True) -> Problems:
        """:meth:`check` a value that is an entry of a list (``entry``, as :class:`Items` does).

        An entry holding several choices separated with ``,`` or ``;`` (``backbone,funder``)
        names them (:func:`~collective_impact.errors.entry_hint`), compared without regard to
        case, rather than the did-you-mean of the first.
        """
        if isinstance(value, self.enum):
            return []
        allowed = [str(m.value) for m in self.enum]
        listed = ", ".join(repr(a) for a in allowed)
        hint = ""
        if isinstance(value, str):
            parts = several_values(value, allowed, fold=True) if entry else None
            hint = entry_hint(parts) if parts else did_you_mean(suggest(value, allowed))
        message = f"expected one of {listed}; got {describe(value)}{hint}"
        return [Problem("", message, Code.INVALID_CHOICE)]

    def schema(self) -> dict[str, Any]:
        return {"enum": [m.value for m in self.enum]}

    def quick(self) -> Quick:
        members = self.enum
        return lambda value: type(value) is members

    def quick_all(self) -> QuickAll:
        members = frozenset({self.enum})
        return lambda values: types_of(values) <= members


#: A date and a time of day, ISO 8601 (``T``) or SQL (a space): ``2011-12-31 00:00:00.000000``,
#: perhaps with a time zone (``Z``, ``+02:00``), as pandas writes a column of datetimes with one.
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ]((\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)"
    r" ?(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)


def _time_of_day(timed: re.Match[str]) -> bool:
    """Whether the time of a :data:`_DATE_TIME` match is one (``99:99:99`` is none)."""
    hour, minute, second = int(timed[5]), int(timed[6]), int(timed[7] or 0)
    return hour <= 23 and minute <= 59 and second <= 59


def midnight_date(text: str) -> str | None:
    """Return the date of a date and time at midnight (``2011-12-31 00:00:00``), else ``None``.

    Such a text is no date (it is refused: a time of day is not dropped silently), but pandas
    writes a column of dates as such to a database, and a spreadsheet may write one in a CSV
    file; the problem says what to write.

    >>> midnight_date("2011-12-31 00:00:00.000000"), midnight_date("2022-09-30T00:00")
    ('2011-12-31', '2022-09-30')
    >>> midnight_date("2022-09-30T00:00:01"), midnight_date("2022-02-30 00:00:00")
    (None, None)
    >>> midnight_date("2022-09-30T00:00:00Z"), midnight_date("2022-09-30 00:00:00+02:00")
    ('2022-09-30', '2022-09-30')
    """
    timed = _DATE_TIME.fullmatch(text.strip())
    if timed is None or timed[4].strip("0:.") != "":
        return None
    try:
        return dt.date(*map(int, timed.group(1, 2, 3))).isoformat()
    except ValueError:
        return None


def _date_hint(text: str) -> str:
    """Say what a text that is no ``YYYY-MM-DD`` date may mean, or what is wrong with it.

    ``01/09/2024`` is the first of September in most of the world and the ninth of January in
    the United States: both readings are given, never one guessed. ``2024-13-01`` is written
    right but is no date of the calendar.

    Examples
    --------
    >>> _date_hint("01/09/2024")
    ' (2024-09-01 or 2024-01-09? write the date as YYYY-MM-DD)'
    >>> _date_hint("2024-13-01")
    ' (no such date: month must be in 1..12)'
    >>> _date_hint("2024-9-1")
    ' (write 2024-09-01)'
    >>> _date_hint("2011-12-31 00:00:00.000000")
    ' (a date and time at midnight: write the date alone, 2011-12-31)'
    >>> _date_hint("2022-09-30T08:15:00")  # doctest: +NORMALIZE_WHITESPACE
    ' (a date with a time of day, 08:15:00: write the date alone, 2022-09-30, if that day is
    meant)'
    >>> _date_hint("2022-09-30T00:00:00+02:00")  # doctest: +NORMALIZE_WHITESPACE
    ' (a date and time at midnight in the time zone +02:00: write the date alone, 2022-09-30)'
    >>> _date_hint("2022-09-30T99:99:99")  # doctest: +NORMALIZE_WHITESPACE
    ' (a date followed by 99:99:99, which is no time of day: write the date alone,
    2022-09-30, if that day is meant)'
    >>> _date_hint("soon")
    ''
    """
    text = text.strip()
    timed = _DATE_TIME.fullmatch(text)
    if timed is not None:
        # '2011-12-31 00:00:00.000000', as pandas writes a datetime column to SQL: refused
        # with no hint (found by a reviewer); a date and time is not accepted, even at midnight
        try:
            day = dt.date(*map(int, timed.group(1, 2, 3))).isoformat()
        except ValueError as err:
            return f" (no such date: {err})"
        # a time zone (pandas writes one for a column of datetimes with one): the date is that
        # of its own zone; '99:99:99' was called "a time of day" (found by a reviewer)
        zone = f" in the time zone {timed[9]}" if timed[9] else ""
        if not _time_of_day(timed):
            return (
                f" (a date followed by {timed[4]}{timed[9] or ''}, which is no time of day: "
                f"write the date alone, {day}, if that day is meant)"
            )
        if midnight_date(text) is not None:
            return f" (a date and time at midnight{zone}: write the date alone, {day})"
        return (
            f" (a date with a time of day, {timed[4]}{zone}: write the date alone, {day}, if "
            "that day is meant)"
        )
    dashed = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if dashed is not None:
        try:
            meant = dt.date(*map(int, dashed.groups())).isoformat()
        except ValueError as err:
            return f" (no such date: {err})"
        return "" if meant == text else f" (write {meant})"
    slashed = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if slashed is None:
        return ""
    first, second, year = map(int, slashed.groups())
    readings: list[str] = []
    for month, day_of_month in ((second, first), (first, second)):
        try:
            readings.append(dt.date(year, month, day_of_month).isoformat())
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if not readings:
        return ""
    if len(readings) == 1:
        return f" (write {readings[0]})"
    return f" ({readings[0]} or {readings[1]}? write the date as YYYY-MM-DD)"


@attrs.frozen
class Date(Spec):
    """A calendar date (``datetime.date``; ISO 8601 ``YYYY-MM-DD`` in files)."""

    def check(self, value: Any) -> Problems:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return []
        # a bare YAML or TOML date-time (date: 2007-12-31 00:00:00) is read as a datetime:
        # told the date as the same text in quotes is (found by a reviewer)
        text = value.isoformat() if isinstance(value, dt.datetime) else value
        hint = _date_hint(text) if isinstance(text, str) else ""
        message = f"expected a date (YYYY-MM-DD), got {describe(value)}{hint}"
        return [Problem("", message, Code.INVALID_DATE)]

    def schema(self) -> dict[str, Any]:
        # "format" is an annotation unless a validator is told to assert it (JSON Schema
        # 2020-12): with the pattern, "yesterday" and "2021-1-1" are refused by any validator,
        # as load refuses them; an impossible day ("2021-02-30") needs format assertion
        # the lengths too: a validator's "$" may match before a final line break (re.search)
        return {
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "minLength": 10,
            "maxLength": 10,
        }

    def quick(self) -> Quick:
        return lambda value: type(value) is dt.date

    def quick_all(self) -> QuickAll:
        dates = frozenset({dt.date})
        return lambda values: types_of(values) <= dates


@attrs.frozen
class Optional(Spec):
    """``None`` or a value valid for ``inner``."""

    inner: Spec

    def check(self, value: Any) -> Problems:
        return [] if value is None else self.inner.check(value)

    def schema(self) -> dict[str, Any]:
        """Return the inner schema, also accepting ``null`` (as the model accepts ``None``)."""
        inner = self.inner.schema()
        if isinstance(inner.get("type"), str):
            return {**inner, "type": [inner["type"], "null"]}
        if "enum" in inner:
            return {**inner, "enum": [*inner["enum"], None]}
        return {"anyOf": [inner, {"type": "null"}]}

    def quick(self) -> Quick:
        inner = self.inner.quick()
        return lambda value: value is None or inner(value)

    def quick_all(self) -> QuickAll:
        inner = self.inner.quick_all()
        return lambda values: inner(list(filter(_not_none, values)))


@attrs.frozen
class Items(Spec):
    """A sequence (tuple in the model, list in files) of values valid for ``item``."""

    item: Spec
    unique: bool = True
    min_items: int = 0
    what: str = "a list"

    def check(self, value: Any) -> Problems:
        if isinstance(value, AbstractSet):
            message = (
                f"expected {self.what}, got {describe(value)}, whose order is arbitrary (it "
                "can change from run to run); pass a list, in the order meant"
            )
            return [Problem("", message, Code.WRONG_TYPE)]
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
            return [Problem("", f"expected {self.what}, got {describe(value)}", Code.WRONG_TYPE)]
        problems: Problems = []
        if len(value) < self.min_items:
            message = f"expected at least {self.min_items} item(s), got none"
            problems.append(Problem("", message, Code.TOO_FEW_ITEMS))
        seen: set[Any] = set()
        item = self.item
        check = item.check_entry if isinstance(item, Choice) else item.check
        for i, v in enumerate(value):
            problems.extend(p.nested(f"[{i}]") for p in check(v))
            if self.unique:
                try:
                    if v in seen:
                        message = f"duplicate entry {describe(v)}"
                        problems.append(Problem(f"[{i}]", message, Code.DUPLICATE_ENTRY))
                    seen.add(v)
                except TypeError:  # unhashable: already reported by the item check
                    pass
        return problems

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.schema()}
        if self.unique:
            out["uniqueItems"] = True
        if self.min_items:
            out["minItems"] = self.min_items
        return out

    def quick(self) -> Quick:
        items, unique, min_items = self.item.quick_all(), self.unique, self.min_items

        def test(value: Any) -> bool:
            if type(value) is not tuple or len(value) < min_items or not items(value):
                return False
            if not unique:
                return True
            try:
                return len(set(value)) == len(value)
            except TypeError:  # unhashable: let the check report it
                return False

        return test

    def quick_all(self) -> QuickAll:
        """Test tuples at once: their items in one column, and no tuple with a repeat.

        A set is never larger than its tuple, so the sizes of the sets add up to the sizes of
        the tuples only when no tuple has a repeat.
        """
        items, unique, min_items = self.item.quick_all(), self.unique, self.min_items

        def test(values: Sequence[Any]) -> bool:
            if not values:
                return True
            if not types_of(values) <= _TUPLE:
                return False
            try:
                values = _distinct_if_repeated(values)
            except TypeError:  # an unhashable item: let the check report it
                return False
            if min_items and min(map(len, values)) < min_items:
                return False
            if not items(list(itertools.chain.from_iterable(values))):
                return False
            if not unique:
                return True
            several = list(itertools.compress(values, map(_MORE_THAN_ONE, map(len, values))))
            try:
                return sum(map(len, map(set, several))) == sum(map(len, several))
            except TypeError:  # unhashable: let the check report it
                return False

        return test


@attrs.frozen
class Map(Spec):
    """A mapping from keys valid for ``key`` to values valid for ``value``."""

    key: Spec
    value: Spec

    def check(self, value: Any) -> Problems:
        if not isinstance(value, Mapping):
            return [Problem("", f"expected a mapping, got {describe(value)}", Code.WRONG_TYPE)]
        problems: Problems = []
        for k, v in value.items():
            name = k.value if isinstance(k, enum.Enum) else k
            said = name if isinstance(name, str) else describe(name)
            where = f"[{shown(name)}]" if isinstance(name, str) else f"[{said}]"
            problems.extend(
                Problem(where, f"key: {p.message}", p.code, key=said) for p in self.key.check(k)
            )
            problems.extend(p.nested(where) for p in self.value.check(v))
        return problems

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "object", "additionalProperties": self.value.schema()}
        key = self.key.schema()
        if "enum" in key:
            out["propertyNames"] = {"enum": key["enum"]}
        else:
            out["propertyNames"] = {"minLength": 1}
        return out

    def quick(self) -> Quick:
        key, value = self.key.quick(), self.value.quick()

        def test(mapping: Any) -> bool:
            kind = type(mapping)
            if kind is FrozenMap:
                items = mapping._data  # read without a copy: the map is never changed here
            elif kind is dict:
                items = mapping
            else:
                return False
            return all(map(key, items)) and all(map(value, items.values()))

        return test

    def quick_all(self) -> QuickAll:
        keys, entries = self.key.quick_all(), self.value.quick_all()
        contents = operator.attrgetter("_data")

        def test(values: Sequence[Any]) -> bool:
            if not types_of(values) <= _FROZEN_MAP:
                return False
            dicts = list(map(contents, values))  # read without a copy: never changed here
            flat_keys = list(itertools.chain.from_iterable(dicts))
            flat_values = list(itertools.chain.from_iterable(map(dict.values, dicts)))
            return keys(flat_keys) and entries(flat_values)

        return test


@attrs.frozen(eq=False)
class Unstructured:
    """A mapping given for a model object, which the object could not be built from.

    What a converter returns instead of raising the first problem of a mapping it reads as a
    model object (``baseline={"date": "2024-13-01", "value": 1}``): the field's spec
    (:class:`Nested`) reports its problems, under the field's path, together with every other
    problem of the object being built.

    Attributes
    ----------
    cls
        The model class the mapping was read as.
    problems
        Every problem of the mapping, located relative to it.
    """

    cls: type
    problems: tuple[Problem, ...]


@attrs.frozen
class Nested(Spec):
    """An instance of a model class (checked by the class itself when it was built)."""

    cls: type

    def check(self, value: Any) -> Problems:
        if isinstance(value, self.cls):
            return []
        if isinstance(value, Unstructured) and value.cls is self.cls:
            return list(value.problems)
        message = f"expected {self.cls.__name__}, got {describe(value)}"
        return [Problem("", message, Code.WRONG_TYPE)]

    def schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.cls.__name__}"}

    def quick(self) -> Quick:
        cls = self.cls
        return lambda value: type(value) is cls

    def quick_all(self) -> QuickAll:
        classes = frozenset({self.cls})
        return lambda values: types_of(values) <= classes


# --------------------------------------------------------------------------- converters
# Named functions (not closures) so that mypy's attrs plugin types the generated __init__.


def coerce_enum(enum_cls: type[E], value: object) -> E:
    """Return ``enum_cls(value)`` when valid, else ``value`` unchanged (reported later)."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        return value  # type: ignore[return-value]


def _is_real(value: object) -> bool:
    """Whether ``value`` is a real number (:class:`numbers.Real`: NumPy's numbers are)."""
    return isinstance(value, numbers.Real)


def to_float(value: float) -> float:
    """Turn a real number into a ``float``; anything else is returned unchanged.

    Every real number type is stored as a plain ``float``: ``int``, NumPy's floating and
    integer types (``np.float64``, ``np.float32``, ``np.int64``, which would otherwise reach
    the model's dictionaries and writers as they are), :class:`fractions.Fraction`... A
    boolean (Python's or NumPy's) is no number here; a value beyond the float range (an
    ``int`` of 400 digits) is left as it is. Both are reported by the field's spec.

    A negative zero is stored as zero (:math:`-0 + 0 = +0`): it equals zero, so no result
    depends on it, but it was written ``-0.0`` and a store that keeps no sign of zero (SQLite)
    gave back another initiative's bytes.

    Examples
    --------
    >>> import numpy as np
    >>> [type(to_float(v)).__name__ for v in (3, np.float32(0.5), np.int64(7), True)]
    ['float', 'float', 'float', 'bool']
    >>> to_float(-0.0), to_float(np.float64(-0.0))
    (0.0, 0.0)
    """
    if type(value) is float:
        return value + 0.0
    if _is_real(value) and not isinstance(value, bool):
        try:
            return float(value) + 0.0
        except OverflowError:  # beyond the float range: left as it is, for the spec to report
            return value
    return value


def parse_date(text: str) -> dt.date:
    """Parse a date written ``YYYY-MM-DD``, the one form the formats allow.

    :meth:`datetime.date.fromisoformat` also reads the other forms of ISO 8601 since Python
    3.11 — ``20250901``, ``2025-W36-1`` (a week and a day) — which the file format, CSV
    bundles, workbooks and IATI (``xsd:date``) do not allow, and which a person checking a
    file would not read as the date it becomes.

    Raises
    ------
    ValueError
        When ``text`` is not ``YYYY-MM-DD`` or not a date of the calendar.

    Examples
    --------
    >>> parse_date("2025-09-01")
    datetime.date(2025, 9, 1)
    >>> parse_date("20250901")
    Traceback (most recent call last):
    ...
    ValueError: not a date written YYYY-MM-DD: '20250901'
    """
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"not a date written YYYY-MM-DD: {text!r}")
    return dt.date.fromisoformat(text)


def to_date(value: dt.date | str) -> dt.date:
    """Parse a ``YYYY-MM-DD`` string (:func:`parse_date`); anything else is returned unchanged."""
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            return value  # type: ignore[return-value]
    return value


def to_optional_date(value: dt.date | str | None) -> dt.date | None:
    """Like :func:`to_date`, passing ``None`` through."""
    return None if value is None else to_date(value)


def to_strs(value: Iterable[str]) -> tuple[str, ...]:
    """Turn a list (or other ordered, non-string iterable) into a tuple.

    A collection without an order of its own (a ``set``, a ``frozenset``, a view of a mapping's
    keys: any :class:`collections.abc.Set`) is returned unchanged, for the spec to refuse
    (:class:`Items`): the order of a list is kept and may mean something (the first partner of
    an activity leads), and a set of texts iterates in an order that changes from run to run.
    """
    if isinstance(value, str | bytes | Mapping | AbstractSet) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]
    return tuple(value)


def to_float_map(value: Mapping[str, float]) -> FrozenMap[str, float]:
    """Freeze a mapping, turning ``int`` values into ``float``."""
    if not isinstance(value, Mapping):
        return value  # type: ignore[unreachable]
    return FrozenMap({k: to_float(v) for k, v in value.items()})


def to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Turn a list of model objects into a tuple."""
    return to_strs(value)


# --------------------------------------------------------------------------- converting columns

Column = list[Any]
ColumnConverter = Callable[[Column], Column]

_LISTS = frozenset({list, tuple})
_DICTS = frozenset({dict})
#: Results a converter may share between equal texts: immutable, compared by value.
_SHAREABLE = (str, int, float, dt.date, enum.Enum, type(None))


def _strs_column(values: Column) -> Column:
    """:func:`to_strs` (and :func:`to_tuple`) of each value: ``tuple(v)`` of a list or tuple."""
    if types_of(values) <= _LISTS:
        return list(map(tuple, values))
    return list(map(to_strs, values))


def _float_column(values: Column) -> Column:
    """:func:`to_float` of each value (a column of floats without a zero is kept as it is)."""
    if types_of(values) <= _FLOAT and 0.0 not in values:  # a zero may be -0.0
        return values
    return list(map(to_float, values))


def _float_map_column(values: Column) -> Column:
    """:func:`to_float_map` of each value: a dict of floats (none zero) is frozen as it is."""
    if types_of(values) <= _DICTS:
        entries = list(itertools.chain.from_iterable(map(dict.values, values)))
        if types_of(entries) <= _FLOAT and 0.0 not in entries:  # a zero may be -0.0
            return FrozenMap._of_dicts(values)
    return list(map(to_float_map, values))


def _date_column(values: Column) -> Column:
    """:func:`to_date` of each value: ISO texts parsed at once, one at a time on any failure."""
    if types_of(values) <= _STR:
        try:
            return _parse_dates(values)
        except ValueError:
            pass
    return list(map(to_date, values))


def _parse_dates(values: list[str]) -> list[dt.date]:
    """:func:`parse_date` of each text, the form checked for all at once (at C speed)."""
    joined = "".join(values)
    if set(map(len, values)) - {10} or joined[4::10].strip("-") or joined[7::10].strip("-"):
        raise ValueError("not every date is written YYYY-MM-DD")
    return list(map(dt.date.fromisoformat, values))


def _optional_date_column(values: Column) -> Column:
    """:func:`to_optional_date` of each value."""
    kinds = types_of(values)
    if kinds <= _STR:
        return _date_column(values)
    if kinds <= _STR_OR_NONE:
        parse = parse_date
        try:
            return [v if v is None else parse(v) for v in values]
        except ValueError:
            pass
    return list(map(to_optional_date, values))


_STR_OR_NONE: frozenset[type] = frozenset({str, type(None)})


_COLUMN_CONVERTERS: dict[Callable[[Any], Any], ColumnConverter] = {
    to_strs: _strs_column,
    to_tuple: _strs_column,
    to_float: _float_column,
    to_float_map: _float_map_column,
    to_date: _date_column,
    to_optional_date: _optional_date_column,
}


#: The types of value each column converter converts at once (defaults of these types may be
#: converted with the values read, instead of being put in afterwards).
_AT_ONCE: dict[ColumnConverter, frozenset[type]] = {
    _strs_column: _LISTS,
    _float_column: _FLOAT,
    _float_map_column: _DICTS,
    _date_column: _STR,
    _optional_date_column: _STR_OR_NONE,
}


def column_converter(convert: Callable[[Any], Any]) -> ColumnConverter:
    """Return a function converting a column of values as ``convert`` converts each value.

    The converters of this module have column forms that convert the common input at once in C
    (lists into tuples, dicts of floats into maps, ISO texts into dates). Any other converter
    (an enumeration's, say) converts each distinct value once when the column holds only texts,
    ``None`` and members of enumerations (values told apart by their type too, as a member
    equals its text) and the results are immutable (a member, a date, the text itself), and
    each value otherwise.
    """
    known = _COLUMN_CONVERTERS.get(convert)
    if known is not None:
        return known

    def by_value(values: Column) -> Column:
        kinds = types_of(values)
        if all(map(_distinct_by_value, kinds)):
            keys: Column = values
            if len(kinds) > 1:  # tell a member from its text
                keys = list(zip(map(type, values), values, strict=True))
            distinct = dict(zip(keys, values, strict=True))
            converted = {key: convert(value) for key, value in distinct.items()}
            if all(isinstance(v, _SHAREABLE) for v in converted.values()):
                return list(map(converted.__getitem__, keys))
        return list(map(convert, values))

    _BY_VALUE.add(by_value)
    return by_value


def _distinct_by_value(kind: type) -> bool:
    """Whether values of type ``kind`` that are equal are the same value (texts, members)."""
    return kind is str or kind is type(None) or issubclass(kind, enum.Enum)


#: The column converters made by :func:`column_converter` for other converters.
_BY_VALUE: set[ColumnConverter] = set()


def _converts_at_once(convert: ColumnConverter | None, default: Any) -> bool:
    """Whether a column converter converts ``default`` with the other values at once."""
    if convert is None:
        return True
    if convert in _BY_VALUE:
        return _distinct_by_value(type(default))
    return type(default) in _AT_ONCE.get(convert, ())


# --------------------------------------------------------------------------- the model base


def meta(spec: Spec, doc: str) -> dict[str, Any]:
    """Return attrs field metadata carrying a :class:`Spec` and a one-line description."""
    return {SPEC: spec, "doc": doc}


@attrs.frozen(eq=False)
class Derived:
    """The default of a field that depends on other fields of the object (a tie's strength).

    attrs computes a default before the fields declared after it are set, and the order of the
    fields is the order of the files written (the keys of the native tree, the schema's
    properties). So such a field has this object as its attrs default, a marker, and the marker
    is replaced by ``compute`` of the fields it ``reads`` once they are all set: by
    :class:`ModelBase` after ``__init__``, and by the loaders that build objects without it
    (:func:`fill_derived`, :func:`build_trusted`, :func:`build_many`). The field's converter
    must return the marker unchanged (the converters of this module return anything they do
    not convert unchanged).

    Parameters
    ----------
    compute
        The default from the values of ``reads``, in order. It must accept any value, an
        invalid one too (loading computes it before it knows which objects are valid), and then
        return any value of the field: the object is refused for the invalid field anyway.
    reads
        The fields the default depends on; none of them may have a :class:`Derived` default.
    plain
        The default when the fields read are left out. Writers leave the field out of a file
        only when it holds ``plain`` and ``compute`` gives ``plain`` too, so that what they leave
        out reads back the same.
    text
        How the default reads in a signature (its ``repr``).
    """

    compute: Callable[..., Any]
    reads: tuple[str, ...]
    plain: Any
    text: str

    def __repr__(self) -> str:
        return self.text

    def of(self, obj: Any) -> Any:
        """Return the default for ``obj``, from its fields ``reads``."""
        return self.compute(*(getattr(obj, name) for name in self.reads))

    def leaves_out(self, obj: Any, value: Any) -> bool:
        """Whether a writer may leave out ``value``, the field's value on ``obj``."""
        return bool(value == self.plain) and bool(self.of(obj) == value)


@attrs.frozen
class Rule:
    """A rule across the fields of a model class (``start <= end``, no self-ties).

    Parameters
    ----------
    check
        Returns every problem of the object, located relative to it, given its field values
        (a field left out holds its default). It may assume that every field it reads is valid:
        it is not run otherwise, so an exception it raises is a bug, never hidden.
    reads
        The fields the rule reads; each must be valid.
    lookups
        Mapping fields in which the rule only looks keys up (``id in drives``): each must be a
        mapping, while its entries may be invalid, so that a self-drive is reported beside a
        bad weight.
    suspects
        For checking many objects at once (loading a file): given the columns of the field
        values of objects whose fields are all valid (``columns["start"][j]`` is the start of
        object ``j``), return the positions of the objects that ``check`` may find a problem
        in, in a pass cheaper than running ``check`` on each; it must include every position
        where ``check`` finds one. ``None`` (the default) suspects every object.
    """

    check: Callable[[Mapping[str, Any]], Problems]
    reads: tuple[str, ...]
    lookups: tuple[str, ...] = ()
    suspects: Callable[[Mapping[str, Sequence[Any]]], Iterable[int]] | None = None


def field_problems(cls: type, values: Mapping[str, Any], *, skip: Iterable[str] = ()) -> Problems:
    """Check ``values`` against the specs of ``cls``'s fields; return every problem."""
    return [p for found in _checked(cls, values, skip).values() for p in found]


def _checked(cls: type, values: Mapping[str, Any], skip: Iterable[str]) -> dict[str, Problems]:
    """Return the problems of each field in ``values`` (but ``skip``), by field name."""
    skipped = set(skip)
    found: dict[str, Problems] = {}
    plan = compiled(cls)
    for name, spec, quick in zip(plan.checked, plan.checked_specs, plan.checks, strict=True):
        if name in skipped or name not in values:
            continue
        value = values[name]
        if spec is None or quick(value):
            found[name] = []
        else:
            found[name] = [p.nested(name) for p in spec.check(value)]
    return found


def _is_mapping(name: str, problems: Problems) -> bool:
    """Whether the mapping field ``name``, with these problems, is a mapping (entries aside)."""
    return all(p.location.path != name for p in problems)


@functools.cache
def _number_maps(cls: type) -> tuple[frozenset[str], tuple[str, ...]]:
    """Return the keys of ``cls`` and its maps of numbers (``FrozenMap[K, float]``)."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.init]
    maps = tuple(
        f.name
        for f in fields
        if typing.get_origin(hints[f.name]) is FrozenMap
        and typing.get_args(hints[f.name])[1:] == (float,)
    )
    return frozenset(f.name for f in fields), maps


def misplaced_entries(raw: Any, cls: type) -> dict[str, str]:
    """Return the keys of an object found inside one of its maps of numbers: ``{key: map}``.

    An activity's ``name``, ``partners`` or ``start`` indented one level too deep, under
    ``contributes``, is an entry of that map: its value is no number and its key no indicator,
    while the activity lacks the key. Reported as two problems an entry ("expected a number",
    "unknown indicator") plus the activity's missing keys, one root cause made several. An
    entry is misplaced when its key is a key of ``cls`` absent from the object itself and its
    value is not a number (so an indicator that happens to be called ``start``, given a
    number, is still an entry).

    Examples
    --------
    >>> from collective_impact.model import Activity
    >>> misplaced_entries({"id": "x", "contributes": {"k": 0.5, "name": "Workshops",
    ...                    "start": 0.2}}, Activity)
    {'name': 'contributes'}
    """
    if not isinstance(raw, Mapping):
        return {}
    keys, maps = _number_maps(cls)
    found: dict[str, str] = {}
    for name in maps:
        entries = raw.get(name)
        if not isinstance(entries, Mapping):
            continue
        for key, value in entries.items():
            if (
                type(key) is str
                and key in keys
                and key not in raw
                and (isinstance(value, bool) or not isinstance(value, numbers.Real))
            ):
                found.setdefault(key, name)
    return found


def object_problems(
    cls: type, values: Mapping[str, Any], *, failed: Iterable[str] = ()
) -> Problems:
    """Return every problem of one object: its fields' specs, then its rules.

    Parameters
    ----------
    cls
        The model class.
    values
        Field values, converted; a field left out takes its default.
    failed
        Fields already known to be invalid (a nested object that failed to load): neither
        checked again nor read by a rule.

    Returns
    -------
    list of Problem
        Field problems first, then the problems found by every rule whose fields are valid.
    """
    skipped = set(failed)
    found = _checked(cls, values, skipped)
    full = dict(values)
    for f in attrs.fields(cls):
        if f.name in full or f.name in skipped or f.default is attrs.NOTHING:
            continue
        factory = getattr(f.default, "factory", None)  # an attrs.Factory
        full[f.name] = factory() if callable(factory) else f.default
        found[f.name] = []  # a default is valid
    for f in attrs.fields(cls):
        derived = full.get(f.name)
        if type(derived) is Derived:  # from the fields it reads, which are all in by now
            full[f.name] = derived.compute(*(full.get(name) for name in derived.reads))
    problems = [p for field in found.values() for p in field]
    rules: Sequence[Rule] = getattr(cls, "_rules", ())
    for rule in rules:
        runs = all(found.get(name) == [] for name in rule.reads) and all(
            name in found and _is_mapping(name, found[name]) for name in rule.lookups
        )
        if runs:
            problems.extend(rule.check(full))
    return problems


def validate_instance(obj: Any) -> None:
    """Validate a model object after attrs built it: field specs plus the class's own rules.

    The cheap tests of the fields (:meth:`Spec.quick`) decide the common case, a valid object,
    alone; the specs and rules then run only for an object with a problem, to report it.

    Raises
    ------
    ValidationError
        With every problem of the object, paths relative to it.
    """
    cls = type(obj)
    plan = compiled(cls)
    values = [getattr(obj, name) for name in plan.checked]
    if all(map(_call, plan.checks, values)):
        if not plan.rules:
            return
        full = dict(zip(plan.checked, values, strict=True))
        if not any(rule.check(full) for rule in plan.rules):
            return
    problems = object_problems(cls, {f.name: getattr(obj, f.name) for f in attrs.fields(cls)})
    if problems:
        raise ValidationError(problems)


def _call(test: Quick, value: Any) -> bool:
    return test(value)


class ModelBase:
    """Mixin for model classes: validate every field (and cross-field rules) after ``__init__``."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        plan = compiled(type(self))
        for k, derived, _ in plan.derived:  # a default from other fields (Derived), now set
            if getattr(self, plan.names[k]) is derived:
                plan.setters[k](self, derived.of(self))
        validate_instance(self)


# --------------------------------------------------------------------------- compiled classes

Setter = Callable[[Any, Any], None]


@attrs.frozen(eq=False)
class Compiled:
    """What checking and building the objects of one model class needs, computed once.

    Attributes
    ----------
    names
        The fields set by ``__init__``, in order.
    converters
        Their converters (``None`` for none), in the same order.
    specs, quicks, quick_alls
        Their specs (``None`` for none) and the cheap tests of the specs, of one value
        (:meth:`Spec.quick`) and of a column of values (:meth:`Spec.quick_all`).
    column_converters
        The converters of ``converters`` in their column form (:func:`column_converter`).
    fills
        For each field, whether a column may hold the default where the value is absent
        before it is converted (no converter, or one that converts the default at once);
        otherwise the default is put in after converting the values read.
    defaults
        The default of each optional field (a factory is called once: defaults are immutable).
    required
        The fields without a default.
    checked, checked_specs, checks
        Every field (``__init__`` or not), its spec (``None`` for none) and the cheap test of
        the spec (always true without one), as :func:`validate_instance` reads them.
    rules
        The class's :class:`Rule` objects.
    setters
        For each field of ``names``, a function setting it on a bare instance (the slot's
        descriptor for a slotted class), bypassing ``__init__`` and the frozen ``__setattr__``.
    aliases
        The keyword argument of each field of ``names`` in ``__init__``.
    trusted
        Whether an object may be built from valid values without ``__init__``: the class does
        nothing in ``__init__`` but convert and validate (:class:`ModelBase`, no attrs
        validators, every field set by ``__init__``).
    derived
        For each field of ``names`` whose default is :class:`Derived`: its position in
        ``names``, the marker, and the positions of the fields it reads.
    """

    cls: type
    names: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]
    specs: tuple[Spec | None, ...]
    quicks: tuple[Quick, ...]
    quick_alls: tuple[QuickAll, ...]
    column_converters: tuple[ColumnConverter | None, ...]
    fills: tuple[bool, ...]
    defaults: Mapping[str, Any]
    required: frozenset[str]
    checked: tuple[str, ...]
    checked_specs: tuple[Spec | None, ...]
    checks: tuple[Quick, ...]
    rules: tuple[Rule, ...]
    setters: tuple[Setter, ...]
    aliases: tuple[str, ...]
    trusted: bool
    derived: tuple[tuple[int, Derived, tuple[int, ...]], ...]


def _always(value: Any) -> bool:
    return True


def _setter(cls: type, name: str) -> Setter:
    slot = getattr(cls, name, None)
    if isinstance(slot, types.MemberDescriptorType):
        return slot.__set__

    def put(obj: Any, value: Any) -> None:
        object.__setattr__(obj, name, value)

    return put


_COMPILED: dict[type, Compiled] = {}


def compiled(cls: type) -> Compiled:
    """Return the :class:`Compiled` form of the attrs class ``cls`` (computed once per class)."""
    found = _COMPILED.get(cls)
    if found is not None:
        return found
    fields = attrs.fields(cls)
    init = [f for f in fields if f.init]
    defaults: dict[str, Any] = {}
    for f in init:
        if f.default is not attrs.NOTHING:
            factory = getattr(f.default, "factory", None)  # an attrs.Factory
            defaults[f.name] = factory() if callable(factory) else f.default
    specs = tuple(f.metadata.get(SPEC) for f in init)
    converters = tuple(
        column_converter(f.converter) if callable(f.converter) else None for f in init
    )
    fills = tuple(
        _converts_at_once(convert, defaults.get(f.name))
        and type(defaults.get(f.name)) is not Derived  # a marker is never tested as a value
        for f, convert in zip(init, converters, strict=True)
    )
    names = tuple(f.name for f in init)
    derived = tuple(
        (k, default, tuple(names.index(name) for name in default.reads))
        for k, default in enumerate(map(defaults.get, names))
        if type(default) is Derived
    )
    every = tuple(f.metadata.get(SPEC) for f in fields)
    hooks = ("__attrs_pre_init__", "__attrs_post_init__")
    plain = all(getattr(cls, h, None) in (None, getattr(ModelBase, h, None)) for h in hooks)
    found = Compiled(
        cls=cls,
        names=names,
        converters=tuple(f.converter if callable(f.converter) else None for f in init),
        specs=specs,
        quicks=tuple(s.quick() if s is not None else _always for s in specs),
        quick_alls=tuple(s.quick_all() if s is not None else _always for s in specs),
        column_converters=converters,
        fills=fills,
        defaults=defaults,
        required=frozenset(f.name for f in init if f.default is attrs.NOTHING),
        checked=tuple(f.name for f in fields),
        checked_specs=every,
        checks=tuple(s.quick() if s is not None else _always for s in every),
        rules=tuple(getattr(cls, "_rules", ())),
        setters=tuple(_setter(cls, f.name) for f in init),
        aliases=tuple(f.alias or f.name for f in init),
        trusted=plain and all(f.init and f.validator is None for f in fields),
        derived=derived,
    )
    _COMPILED[cls] = found
    return found


def build_trusted(cls: type, values: Mapping[str, Any]) -> Any:
    """Build an object of ``cls`` from converted values already known to be valid.

    The values are set as they are, without converting or checking them again: only for values
    that passed the same checks as ``cls(**values)`` runs (a field left out takes its default).
    A class that does more than validate after ``__init__`` is built by ``cls(**values)``.
    """
    plan = compiled(cls)
    if not plan.trusted:
        aliases = dict(zip(plan.names, plan.aliases, strict=True))
        return cls(**{aliases[name]: value for name, value in values.items()})
    obj: Any = object.__new__(cls)
    defaults = plan.defaults
    for name, put in zip(plan.names, plan.setters, strict=True):
        put(obj, values[name] if name in values else defaults[name])
    for k, derived, _ in plan.derived:
        if getattr(obj, plan.names[k]) is derived:
            plan.setters[k](obj, derived.of(obj))
    return obj


def build_many(cls: type, columns: Sequence[Sequence[Any]]) -> list[Any]:
    """Build objects of ``cls`` from columns of valid values, one column per field of ``names``.

    As :func:`build_trusted`, for many objects at once: ``columns[k][j]`` is the value of field
    ``compiled(cls).names[k]`` of object ``j``. A field with a :class:`Derived` default may hold
    its marker: the default is then computed (:func:`fill_derived`).
    """
    plan = compiled(cls)
    count = len(columns[0]) if columns else 0
    if plan.derived:
        columns = list(columns)
        fill_derived(plan, columns)
    if not plan.trusted:
        rows = zip(*columns, strict=True)
        return [cls(**dict(zip(plan.aliases, row, strict=True))) for row in rows]
    objs: list[Any] = list(map(object.__new__, itertools.repeat(cls, count)))
    for put, column in zip(plan.setters, columns, strict=True):
        collections.deque(map(put, objs, column), maxlen=0)  # set the field of every object
    return objs


def fill_derived(plan: Compiled, columns: list[Any]) -> None:
    """Compute, in place, every :class:`Derived` marker in the columns of ``plan.names``.

    ``columns[k][j]`` is the value of field ``plan.names[k]`` of object ``j``; where a field
    with a derived default holds its marker, the default is computed from the same object's
    values of the fields it reads, in a new list that replaces the column. The columns without
    a marker are left as they are.
    """
    for k, derived, reads in plan.derived:
        column = columns[k]
        marked = list(
            itertools.compress(
                range(len(column)), map(operator.is_, column, itertools.repeat(derived))
            )
        )
        if not marked:
            continue
        filled = list(column)
        picked = [list(map(columns[r].__getitem__, marked)) for r in reads]
        for j, value in zip(marked, map(derived.compute, *picked), strict=True):
            filled[j] = value
        columns[k] = filled


def evolve_trusted(obj: Any, changes: Mapping[str, Any]) -> Any:
    """Return a copy of ``obj`` with ``changes``, without checking them: they must keep it valid.

    For changes that cannot make a valid object invalid (the same lists in another order).
    """
    plan = compiled(type(obj))
    values = {name: getattr(obj, name) for name in plan.names}
    values.update(changes)
    return build_trusted(type(obj), values)


def evolve_many(objects: Sequence[Any], changes: Mapping[str, Mapping[int, Any]]) -> list[Any]:
    """Return ``objects`` with ``changes[name][j]`` as field ``name`` of object ``j``, unchecked.

    As :func:`evolve_trusted` for many objects of one class at once, field by field: the objects
    without a change are returned as they are, the others are rebuilt once each with all their
    changes (by :func:`build_many`).
    """
    changed = sorted(set().union(*map(set, changes.values())))
    if not changed:
        return list(objects)
    cls = type(objects[0])
    picked = [objects[j] for j in changed]
    columns = []
    for name in compiled(cls).names:
        column = list(map(operator.attrgetter(name), picked))
        new = changes.get(name)
        if new:
            for k, j in enumerate(changed):
                if j in new:
                    column[k] = new[j]
        columns.append(column)
    out = list(objects)
    for j, obj in zip(changed, build_many(cls, columns), strict=True):
        out[j] = obj
    return out


def schema_of(cls: type) -> dict[str, Any]:
    """Return the JSON Schema object for a model class, from its fields' specs."""
    props: dict[str, Any] = {}
    required: list[str] = []
    for f in attrs.fields(cls):
        spec: Spec | None = f.metadata.get(SPEC)
        if spec is None or not f.init:
            continue
        fragment = dict(spec.schema())
        doc = f.metadata.get("doc")
        if doc:
            fragment["description"] = doc
        props[f.name] = fragment
        if f.default is attrs.NOTHING:
            required.append(f.name)
    out: dict[str, Any] = {
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out
