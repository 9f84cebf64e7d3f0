"""Hypothesis strategies for valid, referentially consistent initiatives.

Use them to property-test code built on this library (Hypothesis must be installed; it comes with
the ``test`` extra)::

    from hypothesis import given
    from collective_impact.strategies import initiatives

    @given(initiatives())
    def test_my_tool(initiative):
        ...

Every strategy generates objects that pass the model's validation. Sizes are bounded by
keyword arguments so that tests stay fast. Ids are drawn from small vocabularies (and populations,
places and strategies too) so that generated initiatives overlap, duplicate and reinforce like real
ones do, instead of being disjoint.

Pathways (``Indicator.drives``) are always acyclic: an indicator only drives indicators listed
after it. The model allows cycles, but the alignment analysis rejects cycles whose series does not
converge, and generated data should be analysable.

An indicator with both a baseline and a target has the direction they imply, stated or left out
(the model refuses a target on the wrong side of the baseline, or equal to it), and the target's
date comes after the baseline's (after the baseline's reporting period, with a ``frequency``); a
target without a baseline always has a stated direction (the
model refuses it without one), other indicators state one or not. Initiatives sometimes declare
their populations and places (:func:`vocabularies`, nested), and activities then write those labels
with varied case and surrounding spaces, decomposed (``"e"`` and a combining accent) or in
full-width letters, which the model compares caseless, in one Unicode form and trimmed
(:func:`~collective_impact.model.labels.normalize_label`); one label of each pool is not ASCII.

A few cases that rounding decides unless the engine judges them with its tolerance are drawn on
purpose: contributions that cancel on paper (0.1, 0.2 and -0.3 on one indicator; 0.1 + 0.2 and
-0.3 on two indicators of one goal weight), ties of strength 0.3 (``weak_tie`` may be 0.1 + 0.2),
and whole-population observations on a baseline's date and later in its calendar period.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .model import (
    Activity,
    Backbone,
    BackboneFunction,
    Conditions,
    DatedValue,
    Direction,
    Frequency,
    FunctionLevel,
    Goal,
    Indicator,
    Initiative,
    Intensity,
    Label,
    Level,
    Observation,
    Partner,
    Quadrant,
    Role,
    Sector,
    StaffRole,
    Tie,
    TieKind,
    Urgency,
    WorkingGroup,
)
from .model.labels import normalize_label
from .model.ties import RATINGS

__all__ = [
    "activities",
    "backbones",
    "conditions",
    "dates",
    "goals",
    "ids",
    "indicators",
    "initiatives",
    "observations",
    "partners",
    "texts",
    "ties",
    "vocabularies",
]

# one non-ASCII label in each pool ("élèves", a German street, a French strategy), which activities
# write in other Unicode forms too (:func:`_spelling`)
_POPULATIONS = (
    "families-0-5",
    "children-k-3",
    "teens",
    "low-income",
    "english-learners",
    "\u00e9l\u00e8ves",
)
_PLACES = ("north-side", "south-side", "east-side", "downtown", "gro\u00dfe-stra\u00dfe")
_STRATEGIES = (
    "family-support",
    "tutoring",
    "mentoring",
    "college-access",
    "early-learning",
    "\u00e9veil-pr\u00e9coce",
)
_GROUPS = ("low-income", "english-learners", "boys", "girls")


def texts(*, max_size: int = 24) -> st.SearchStrategy[str]:
    """Generate non-blank, printable text (letters, digits, punctuation, symbols, spaces).

    Parameters
    ----------
    max_size
        The most characters of a text.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of ``str``: 1 to ``max_size`` characters, not all of them spaces.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(texts(max_size=5))
    ... def check(text):
    ...     assert 1 <= len(text) <= 5 and text.strip()
    >>> check()
    """
    alphabet = st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85")
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


def ids(prefix: str = "") -> st.SearchStrategy[str]:
    """Generate short, readable ids such as ``"p-3"`` or ``"k-ready"``.

    Parameters
    ----------
    prefix
        Text every id starts with (``"p"`` for partners, ``"a"`` for activities...).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of ``str``: the prefix, then a number up to 40 or a few lower-case letters
        and digits, sometimes with one hyphenated part.

    Examples
    --------
    Every id is one the model accepts:

    >>> from hypothesis import given, settings
    >>> from collective_impact import Partner
    >>> @settings(max_examples=20, database=None)
    ... @given(ids("p"))
    ... def check(ident):
    ...     assert ident.startswith("p")
    ...     assert Partner(id=ident, name="A partner", sector="other").id == ident
    >>> check()
    """
    return st.one_of(
        st.integers(0, 40).map(lambda i: f"{prefix}{i}"),
        st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?", fullmatch=True).map(
            lambda s: prefix + s
        ),
    )


def dates(
    min_value: dt.date = dt.date(2015, 1, 1), max_value: dt.date = dt.date(2035, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Generate dates in a plausible range.

    Parameters
    ----------
    min_value, max_value
        The earliest and the latest date generated.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`datetime.date`.

    Examples
    --------
    >>> import datetime as dt
    >>> from hypothesis import find, settings
    >>> quiet = settings(database=None, derandomize=True)  # no example saved, the same each run
    >>> find(dates(), lambda day: day.year >= 2030, settings=quiet)  # the earliest that does
    datetime.date(2030, 1, 1)
    >>> find(dates(min_value=dt.date(2024, 7, 1)), lambda day: True, settings=quiet)
    datetime.date(2024, 7, 1)
    """
    return st.dates(min_value=min_value, max_value=max_value)


def _floored(value: float) -> float:
    """Return ``value``, or 0 when it is below the model's floor (magnitude 1e-15)."""
    return value if abs(value) >= 1e-15 else 0.0


def _values() -> st.SearchStrategy[float]:
    """Measured values: finite, and 0 or of magnitude at least 1e-15 (the model's floor)."""
    values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
    return values.map(_floored)


def _unique_ids(prefix: str, min_size: int, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(ids(prefix), min_size=min_size, max_size=max_size, unique=True)


def _subset(
    items: Sequence[str], *, min_size: int = 0, max_size: int | None = None
) -> st.SearchStrategy[list[str]]:
    if not items:
        return st.just([])
    return st.lists(
        st.sampled_from(items),
        min_size=min(min_size, len(items)),
        max_size=len(items) if max_size is None else min(max_size, len(items)),
        unique=True,
    )


@st.composite
def partners(draw: st.DrawFn, *, id: str | None = None) -> Partner:
    """Generate a :class:`Partner` (with the given ``id``, or a generated one).

    Parameters
    ----------
    id
        The partner's id; one from :func:`ids` (``"p..."``) when ``None``.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Partner`: any sector, up to three roles.

    Examples
    --------
    :func:`hypothesis.find` gives a partner that meets a condition (``database=None`` keeps
    it from saving the example; ``derandomize=True`` finds the same one on every run):

    >>> from hypothesis import find, settings
    >>> found = find(partners(id="schools"), lambda p: p.sector == "business",
    ...              settings=settings(database=None, derandomize=True))
    >>> found.id, found.sector
    ('schools', <Sector.BUSINESS: 'business'>)
    """
    return Partner(
        id=id if id is not None else draw(ids("p")),
        name=draw(texts()),
        sector=draw(st.sampled_from(Sector)),
        roles=draw(st.lists(st.sampled_from(Role), unique=True, max_size=3)),
    )


@st.composite
def observations(draw: st.DrawFn, *, reporters: Sequence[str] = ()) -> Observation:
    """Generate an :class:`Observation`, reported by one of ``reporters`` (or nobody).

    Parameters
    ----------
    reporters
        Ids of the partners that may report it; none reports it when empty.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Observation`: a date from :func:`dates`, a finite value, for the
        whole population or one of a few groups (``"low-income"``, ``"boys"``...).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(observations(reporters=["schools"]))
    ... def check(obs):
    ...     assert obs.reported_by in (None, "schools")
    ...     assert obs.group in (None, "low-income", "english-learners", "boys", "girls")
    >>> check()
    """
    reporter = st.sampled_from(reporters) if reporters else st.none()
    return Observation(
        date=draw(dates()),
        value=draw(_values()),
        reported_by=draw(st.one_of(st.none(), reporter)),
        group=draw(st.one_of(st.none(), st.sampled_from(_GROUPS))),
    )


def _one_value_a_key(drawn: Sequence[Observation]) -> list[Observation]:
    """Give each observation repeating the date, reporter and group of an earlier one its value.

    The model refuses two values for one key (a corrected value beside the old one); the same
    report twice is allowed, and kept as such.
    """
    first: dict[tuple[dt.date, str | None, str | None], float] = {}
    kept = []
    for o in drawn:
        group = None if o.group is None else normalize_label(o.group)
        value = first.setdefault((o.date, o.reported_by, group), o.value)
        kept.append(o if value == o.value else attrs.evolve(o, value=value))
    return kept


@st.composite
def indicators(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    downstream: Sequence[str] = (),
    reporters: Sequence[str] = (),
    max_observations: int = 5,
) -> Indicator:
    """Generate an :class:`Indicator` that may drive any of ``downstream``.

    Parameters
    ----------
    id
        The indicator's id; one from :func:`ids` (``"i..."``) when ``None``.
    downstream
        Ids of the indicators it may drive (up to two of them): pass only those listed after
        it, so that pathways stay acyclic.
    reporters
        Ids of the partners that may report its observations.
    max_observations
        The most observations it has.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Indicator`: a baseline and a target dated in order (the target
        after the baseline's reporting period, with a ``frequency``), with the direction they
        imply when both are given, a direction stated for a target alone.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(indicators(downstream=["grade3-reading"], reporters=["schools"]))
    ... def check(ind):
    ...     assert set(ind.drives) <= {"grade3-reading"}
    ...     assert all(o.reported_by in (None, "schools") for o in ind.observations)
    ...     if ind.baseline is not None and ind.target is not None:
    ...         assert ind.baseline.date < ind.target.date
    ...         if ind.frequency is not None:
    ...             period = ind.frequency.period
    ...             assert period(ind.baseline.date) < period(ind.target.date)
    >>> check()
    """
    ident = id if id is not None else draw(ids("i"))
    targets = [d for d in downstream if d != ident]
    drives = draw(_subset(targets, max_size=2))
    point = st.builds(DatedValue, date=dates(), value=_values())
    baseline = draw(st.one_of(st.none(), point))
    target = draw(st.one_of(st.none(), point))
    direction: Direction | None = draw(st.one_of(st.none(), st.sampled_from(Direction)))
    frequency = draw(st.one_of(st.none(), st.sampled_from(Frequency)))
    if baseline is not None and target is not None:
        if target.value == baseline.value:  # progress would be undefined: move the target
            # floored: a baseline of -0.9999999999999999 moved by 1 is 1.1e-16, refused
            target = DatedValue(date=target.date, value=_floored(baseline.value + 1.0))
        if target.date <= baseline.date:  # a target comes after its baseline: a year later
            target = DatedValue(date=baseline.date + dt.timedelta(days=365), value=target.value)
        if frequency is not None:  # and after the baseline's reporting period
            after = _period_end(baseline.date, frequency) + dt.timedelta(days=1)
            target = DatedValue(date=max(target.date, after), value=target.value)
        if direction is not None:  # stated, it is the one they imply; else they imply it
            direction = Direction.INCREASE if target.value > baseline.value else Direction.DECREASE
    elif target is not None and direction is None:  # the model refuses it: state one
        direction = draw(st.sampled_from(Direction))
    level = draw(st.sampled_from(Level))
    quadrant = None
    if level is Level.PERFORMANCE:
        quadrant = draw(st.one_of(st.none(), st.sampled_from(Quadrant)))
    indicator = Indicator(
        id=ident,
        name=draw(texts()),
        unit=draw(st.one_of(st.none(), st.sampled_from(["percent", "people", "hours"]))),
        direction=direction,
        level=level,
        baseline=baseline,
        target=target,
        observations=_one_value_a_key(
            draw(st.lists(observations(reporters=reporters), max_size=max_observations))
        ),
        drives={d: draw(st.floats(0.05, 1.0)) for d in drives},
        frequency=frequency,
        quadrant=quadrant,
    )
    # sometimes whole-population values on the baseline's date and later in its calendar period
    # (the baseline again, not progress) or, without a frequency, later in its year
    if baseline is not None and draw(st.integers(0, 3)) == 0:
        until = _period_end(baseline.date, indicator.frequency)
        later = Observation(
            date=draw(dates(min_value=baseline.date, max_value=until)), value=draw(_values())
        )
        again = Observation(date=baseline.date, value=baseline.value)
        observed = _one_value_a_key([*indicator.observations, again, later])
        indicator = attrs.evolve(indicator, observations=observed)
    return indicator


def _period_end(day: dt.date, frequency: Frequency | None) -> dt.date:
    """Return the last day of the calendar month, quarter or year (no frequency) of ``day``."""
    return (Frequency.ANNUAL if frequency is None else frequency).last_day(day)


@st.composite
def goals(draw: st.DrawFn, *, id: str | None = None, indicator_ids: Sequence[str] = ()) -> Goal:
    """Generate a :class:`Goal` measured by some of ``indicator_ids``.

    Parameters
    ----------
    id
        The goal's id; one from :func:`ids` (``"g..."``) when ``None``.
    indicator_ids
        Ids of the indicators that may measure it (up to three of them).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Goal`, of weight 0.5, 1 or 2.

    Examples
    --------
    >>> from hypothesis import find, settings
    >>> goal = find(goals(indicator_ids=["k-ready", "grade3-reading"]),
    ...             lambda g: len(g.indicators) == 2,
    ...             settings=settings(database=None, derandomize=True))
    >>> sorted(goal.indicators)
    ['grade3-reading', 'k-ready']
    """
    return Goal(
        id=id if id is not None else draw(ids("g")),
        statement=draw(texts(max_size=60)),
        indicators=draw(_subset(indicator_ids, max_size=3)),
        weight=draw(st.sampled_from([0.5, 1.0, 1.0, 2.0])),
    )


def _contribution() -> st.SearchStrategy[float]:
    return st.one_of(
        st.sampled_from([-0.5, 0.25, 0.5, 0.8, 1.0, -1.0]),
        st.floats(-1.0, 1.0).filter(lambda c: c != 0.0),
    )


@st.composite
def vocabularies(draw: st.DrawFn, *, labels: Sequence[str]) -> list[Label]:
    """Generate a declared vocabulary (populations or places) of :class:`Label` objects.

    Every one of ``labels`` is declared, in order; each may sit ``within`` a label declared
    before it, so the nesting never forms a cycle.

    Parameters
    ----------
    labels
        The labels to declare.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of a ``list`` of :class:`Label`, one per label, in the order given.

    Examples
    --------
    >>> from hypothesis import find, settings
    >>> places = find(vocabularies(labels=["city", "north-side"]),
    ...               lambda v: v[1].within == "city",
    ...               settings=settings(database=None, derandomize=True))
    >>> [(label.id, label.within) for label in places]
    [('city', None), ('north-side', 'city')]
    """
    out: list[Label] = []
    for k, label in enumerate(labels):
        outer = st.sampled_from(labels[:k]) if k else st.none()
        out.append(
            Label(
                id=label,
                name=draw(st.one_of(st.none(), texts())),
                within=draw(st.one_of(st.none(), outer)),
            )
        )
    return out


def _full_width(text: str) -> str:
    """Return ``text`` with its printable ASCII characters in their full-width forms."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _spelling(label: str) -> st.SearchStrategy[str]:
    """Write a label as people do: mostly as is, sometimes in another form of it.

    In capitals, with spaces around, decomposed (NFD: the same text for ASCII) or in full-width
    letters (a compatibility form).
    """
    return st.sampled_from(
        [
            label,
            label,
            label,
            label.upper(),
            f" {label.title()} ",
            unicodedata.normalize("NFD", label),
            _full_width(label),
        ]
    )


@st.composite
def _labels(draw: st.DrawFn, pool: Sequence[str]) -> list[str]:
    return [draw(_spelling(x)) for x in draw(_subset(pool, max_size=2))]


@st.composite
def activities(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    partner_ids: Sequence[str],
    indicator_ids: Sequence[str] = (),
    populations: Sequence[str] = _POPULATIONS,
    places: Sequence[str] = _PLACES,
) -> Activity:
    """Generate an :class:`Activity` led by one of ``partner_ids``.

    Its populations and places are drawn from ``populations`` and ``places``, and its strategy
    from a few, each sometimes written in capitals or with spaces around it (the same label, as
    the model compares them).

    Parameters
    ----------
    id
        The activity's id; one from :func:`ids` (``"a..."``) when ``None``.
    partner_ids
        Ids of the partners that may run it (one to three of them; the first leads).
    indicator_ids
        Ids of the indicators it may contribute to (up to three of them), helping or harming.
    populations, places
        The labels its populations and places are drawn from (up to two of each).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Activity`, with a start and an end in order when it has both.

    Examples
    --------
    >>> from hypothesis import find, settings
    >>> activity = find(
    ...     activities(partner_ids=["schools", "library"], indicator_ids=["k-ready"]),
    ...     lambda a: len(a.partners) == 2 and "k-ready" in a.contributes,
    ...     settings=settings(database=None, derandomize=True),
    ... )
    >>> sorted(activity.partners), list(activity.contributes)
    (['library', 'schools'], ['k-ready'])
    """
    start = draw(st.one_of(st.none(), dates()))
    end = draw(st.one_of(st.none(), dates(min_value=start) if start else dates()))
    targets = draw(_subset(indicator_ids, max_size=3))
    return Activity(
        id=id if id is not None else draw(ids("a")),
        name=draw(texts()),
        partners=draw(_subset(partner_ids, min_size=1, max_size=3)),
        strategy=draw(st.one_of(st.none(), st.sampled_from(_STRATEGIES).flatmap(_spelling))),
        contributes={i: draw(_contribution()) for i in targets},
        populations=draw(_labels(populations)),
        places=draw(_labels(places)),
        start=start,
        end=end,
    )


@st.composite
def ties(draw: st.DrawFn, *, partner_ids: Sequence[str], max_size: int = 10) -> list[Tie]:
    """Generate distinct :class:`Tie` objects between ``partner_ids`` (no self-ties).

    Parameters
    ----------
    partner_ids
        Ids of the partners the ties join; no tie when there are fewer than two.
    max_size
        The most ties generated.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of a ``list`` of :class:`Tie`: no two with the same source, target and kind,
        some with an intensity, some with PARTNER-tool ratings.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(ties(partner_ids=["a", "b", "c"], max_size=4))
    ... def check(drawn):
    ...     keys = [(t.source, t.target, t.kind) for t in drawn]
    ...     assert len(keys) == len(set(keys)) <= 4
    ...     assert all(t.source != t.target for t in drawn)
    >>> check()
    """
    if len(partner_ids) < 2:
        return []
    keys = draw(
        st.lists(
            st.tuples(
                st.sampled_from(partner_ids),
                st.sampled_from(partner_ids),
                st.sampled_from(TieKind),
            ).filter(lambda k: k[0] != k[1]),
            max_size=max_size,
            unique=True,
        )
    )
    rating = st.one_of(st.none(), st.sampled_from([1.0, 2.0, 2.5, 3.0, 4.0]))
    return [
        Tie(
            source=s,
            target=t,
            kind=k,
            strength=draw(st.sampled_from([0.1, 0.25, 0.5, 0.8, 1.0, 0.3])),
            intensity=draw(st.one_of(st.none(), st.sampled_from(Intensity))),
            # PARTNER-tool ratings on some ties (the value and trust measures), none on others
            **({name: draw(rating) for name in RATINGS} if draw(st.booleans()) else {}),
        )
        for s, t, k in keys
    ]


@st.composite
def backbones(draw: st.DrawFn, *, partner_ids: Sequence[str]) -> Backbone:
    """Generate a :class:`Backbone` run by one of ``partner_ids``.

    Parameters
    ----------
    partner_ids
        Ids of the partners that may serve as backbone (at least one).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Backbone`: some staff roles at 0, 0.5, 1 or 2 FTE, some functions
        at any level.

    Examples
    --------
    >>> from hypothesis import find, settings
    >>> backbone = find(backbones(partner_ids=["united-way"]), lambda b: b.fte("facilitator") > 0,
    ...                 settings=settings(database=None, derandomize=True))
    >>> backbone.organization, backbone.fte("facilitator") in (0.5, 1.0, 2.0)
    ('united-way', True)
    """
    staff = draw(st.lists(st.sampled_from(StaffRole), unique=True))
    functions = draw(st.lists(st.sampled_from(BackboneFunction), unique=True))
    return Backbone(
        organization=draw(st.sampled_from(partner_ids)),
        staff={r: draw(st.sampled_from([0.0, 0.5, 1.0, 2.0])) for r in staff},
        functions={f: draw(st.sampled_from(FunctionLevel)) for f in functions},
    )


@st.composite
def conditions(draw: st.DrawFn, *, partner_ids: Sequence[str]) -> Conditions:
    """Generate :class:`Conditions` whose champions are among ``partner_ids``.

    Parameters
    ----------
    partner_ids
        Ids of the partners that may be champions (up to two of them).

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Conditions`, with or without a funding horizon and an urgency.

    Examples
    --------
    >>> from hypothesis import find, settings
    >>> find(conditions(partner_ids=["mayors-office"]), lambda c: bool(c.champions),
    ...      settings=settings(database=None, derandomize=True)).champions
    ('mayors-office',)
    """
    return Conditions(
        champions=draw(_subset(partner_ids, max_size=2)),
        funding_secured_until=draw(st.one_of(st.none(), dates())),
        urgency=draw(st.one_of(st.none(), st.sampled_from(Urgency))),
    )


@st.composite
def initiatives(
    draw: st.DrawFn,
    *,
    max_partners: int = 8,
    max_indicators: int = 6,
    max_goals: int = 3,
    max_activities: int = 10,
    max_ties: int = 12,
    max_working_groups: int = 3,
    reinforcing: bool | None = None,
) -> Initiative:
    """Generate a valid, referentially consistent :class:`Initiative` of bounded size.

    Every feature of the model can appear: pathways between indicators, observations by
    partners and groups, targets with their directions, reporting frequencies, performance
    measures with their quadrants and the population indicators they inform, ties with
    PARTNER-tool ratings and intensities, shared and overlapping populations and
    places (declared as nested vocabularies or free), negative contributions, working groups, a
    backbone (when there is one, no other partner has the role ``backbone``; without one,
    partners may have it), preconditions and a date of judgement (``as_of``, never before
    every observation and baseline).

    About half of the initiatives drawn are *reinforcing* ones, the kind the alignment scores,
    the coordination gaps and the tie recommendations are about: some goal has indicators, and
    at least two activities of different lead partners help them (positive contributions), run
    on the date of judgement (``as_of``, else the latest observation or baseline) or record no
    dates, and share a population and a place (or leave them unrecorded); the ties are drawn as
    in the others, so that some partners who work side by side are not tied and a tie is
    recommended. (Contributions drawn to cancel on paper, in the module's notes, may still turn
    one of the two activities' help into a harm of 0.3.) Drawn freely, partners, goals, dates
    and labels rarely line up so: of 1,000 initiatives of up to 6 partners and 8 activities, 32
    had an alignment index and 10 a recommended tie. The other half are drawn freely, so that
    initiatives without goals, activities or running work stay covered.

    Parameters
    ----------
    max_partners
        The most partners (at least one; two in a reinforcing initiative).
    max_indicators, max_goals, max_activities, max_ties, max_working_groups
        The most indicators, goals, activities, ties and working groups (each may have none; a
        reinforcing initiative has at least one indicator and one goal, and two activities).
    reinforcing
        ``True`` to draw only reinforcing initiatives (the bounds must allow one), ``False`` to
        draw every one freely (as before this keyword existed), ``None`` for either, about half
        of the time each; they shrink towards a free one.

    Returns
    -------
    hypothesis.strategies.SearchStrategy
        A strategy of :class:`Initiative`.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5)
    ... @given(initiatives(max_partners=3))
    ... def check(init):
    ...     assert 1 <= len(init.partners) <= 3
    >>> check()

    A reinforcing initiative's agenda is helped by the running work of two partners at least
    (unless a help was replaced by a harm of 0.3 that cancels another activity's 0.1 + 0.2):

    >>> import collective_impact as ci
    >>> from hypothesis import HealthCheck
    >>> quick = settings(max_examples=5, database=None, deadline=None,
    ...                  suppress_health_check=[HealthCheck.too_slow])
    >>> @quick
    ... @given(initiatives(max_partners=4, max_activities=4, reinforcing=True))
    ... def check_reinforcing(init):
    ...     agenda = {i for goal in init.goals for i in goal.indicators}
    ...     running = ci.prepare(init).analysed.activities
    ...     helping = [a for a in running if any(v > 0 for i, v in a.contributes.items()
    ...                                          if i in agenda)]
    ...     cancelled = any(-0.3 in a.contributes.values() for a in init.activities)
    ...     assert len({a.partners[0] for a in helping}) >= 2 or cancelled
    >>> check_reinforcing()
    """
    shaped = draw(st.booleans()) if reinforcing is None else reinforcing
    if shaped and min(max_partners - 1, max_indicators, max_goals, max_activities - 1) < 1:
        if reinforcing:
            raise InvalidArgument(
                "a reinforcing initiative needs max_partners >= 2, max_indicators >= 1, "
                "max_goals >= 1 and max_activities >= 2"
            )
        shaped = False  # the bounds allow none: drawn freely
    least = 1 if shaped else 0
    partner_ids = draw(_unique_ids("p", 1 + least, max_partners))
    indicator_ids = draw(_unique_ids("i", least, max_indicators))
    goal_ids = draw(_unique_ids("g", least, max_goals))
    activity_ids = draw(_unique_ids("a", 2 * least, max_activities))
    group_ids = draw(_unique_ids("w", 0, max_working_groups))
    generated = [
        draw(indicators(id=i, downstream=indicator_ids[n + 1 :], reporters=partner_ids))
        for n, i in enumerate(indicator_ids)
    ]
    # a performance measure may inform population indicators (Results-Based Accountability)
    population = [i.id for i in generated if i.level is Level.POPULATION]
    generated = [
        attrs.evolve(i, informs=draw(_subset(population, max_size=2)))
        if i.level is Level.PERFORMANCE and population
        else i
        for i in generated
    ]
    # a baseline is a measurement too: a date of judgement before every one is refused
    observed = [o.date for ind in generated for o in ind.observations] + [
        ind.baseline.date for ind in generated if ind.baseline is not None
    ]
    as_of = draw(st.one_of(st.none(), dates(min_value=min(observed)) if observed else dates()))
    declared_populations = draw(st.booleans())
    declared_places = draw(st.booleans())
    goal_list = [draw(goals(id=g, indicator_ids=indicator_ids)) for g in goal_ids]
    if shaped:
        # an agenda: the first goal is measured by one indicator at least
        if not goal_list[0].indicators:
            first = [draw(st.sampled_from(indicator_ids))]
            goal_list[0] = attrs.evolve(goal_list[0], indicators=first)
        agenda = sorted({i for goal in goal_list for i in goal.indicators})
        # the date the activities are judged on: as_of, else the latest measurement
        judged = as_of if as_of is not None else max(observed, default=None)
        shared = tuple(draw(st.sampled_from(pool)) for pool in (_POPULATIONS, _PLACES, _STRATEGIES))
        # the first two activities are led by different partners; the rest often reinforce too
        drawn = [
            draw(
                _reinforcing_activity(
                    id=a,
                    lead=partner_ids[k] if k < 2 else None,
                    partner_ids=partner_ids,
                    agenda=agenda,
                    indicator_ids=indicator_ids,
                    judged=judged,
                    shared=shared,
                )
            )
            if k < 2 or draw(st.booleans())
            else draw(activities(id=a, partner_ids=partner_ids, indicator_ids=indicator_ids))
            for k, a in enumerate(activity_ids)
        ]
    else:
        drawn = [
            draw(activities(id=a, partner_ids=partner_ids, indicator_ids=indicator_ids))
            for a in activity_ids
        ]
    values: dict[str, Any] = {
        "name": draw(texts()),
        "description": draw(st.one_of(st.none(), texts(max_size=60))),
        "problem": draw(st.one_of(st.none(), texts(max_size=60))),
        "as_of": as_of,
        "partners": [draw(partners(id=p)) for p in partner_ids],
        "indicators": generated,
        "populations": draw(vocabularies(labels=_POPULATIONS)) if declared_populations else [],
        "places": draw(vocabularies(labels=_PLACES)) if declared_places else [],
        "goals": goal_list,
        "activities": drawn,
        "ties": draw(ties(partner_ids=partner_ids, max_size=max_ties)),
        "working_groups": [
            WorkingGroup(
                id=w,
                name=draw(texts()),
                members=draw(_subset(partner_ids, max_size=4)),
                goals=draw(_subset(goal_ids, max_size=2)),
            )
            for w in group_ids
        ],
        "backbone": draw(st.one_of(st.none(), backbones(partner_ids=partner_ids))),
        "conditions": draw(conditions(partner_ids=partner_ids)),
    }
    # the initiative has one backbone organisation: with a backbone, no other partner has the
    # role (without one, partners may have it: the backbone named by role alone)
    backbone = values["backbone"]
    if backbone is not None:
        values["partners"] = [
            attrs.evolve(p, roles=[r for r in p.roles if r is not Role.BACKBONE])
            if p.id != backbone.organization
            else p
            for p in values["partners"]
        ]
    values["activities"] = draw(_cancelling(values["activities"], values["goals"]))
    return Initiative(**values)


def _helping() -> st.SearchStrategy[float]:
    """Positive contributions: a few round ones, or any from 0.01 to 1."""
    return st.one_of(st.sampled_from([0.25, 0.5, 0.8, 1.0]), st.floats(0.01, 1.0))


@st.composite
def _reinforcing_activity(
    draw: st.DrawFn,
    *,
    id: str,
    lead: str | None,
    partner_ids: Sequence[str],
    agenda: Sequence[str],
    indicator_ids: Sequence[str],
    judged: dt.date | None,
    shared: tuple[str, ...],
) -> Activity:
    """Draw an activity that helps the agenda, runs on ``judged`` and works where others do.

    Led by ``lead`` (one of ``partner_ids`` when ``None``) with up to two more partners; it
    helps one or two of ``agenda`` and may contribute, either way, to one more indicator; it
    starts on or before ``judged`` and ends on or after it, or records no date on either side
    (any dates when ``judged`` is ``None``: every activity then counts); its populations and its
    places are either unrecorded or include the ``shared`` population and place, in any
    spelling, so that activities overlap; its strategy is often the ``shared`` one, so that
    some duplicate each other.
    """
    first = lead if lead is not None else draw(st.sampled_from(partner_ids))
    others = draw(_subset([p for p in partner_ids if p != first], max_size=2))
    helps = draw(_subset(agenda, min_size=1, max_size=2))
    contributes = {i: draw(_helping()) for i in helps}
    for i in draw(_subset([i for i in indicator_ids if i not in contributes], max_size=1)):
        contributes[i] = draw(_contribution())
    labels = []
    for pool, label in zip((_POPULATIONS, _PLACES), shared[:2], strict=True):
        recorded = [label, *draw(_subset([x for x in pool if x != label], max_size=1))]
        spelled = [draw(_spelling(x)) for x in recorded]
        labels.append(draw(st.sampled_from([spelled, spelled, []])))
    if judged is None:
        start = draw(st.one_of(st.none(), dates()))
        end = draw(st.one_of(st.none(), dates(min_value=start) if start else dates()))
    else:
        start = draw(st.one_of(st.none(), dates(max_value=judged)))
        end = draw(st.one_of(st.none(), dates(min_value=judged)))
    return Activity(
        id=id,
        name=draw(texts()),
        partners=[first, *others],
        strategy=draw(
            st.one_of(
                st.none(), _spelling(shared[2]), st.sampled_from(_STRATEGIES).flatmap(_spelling)
            )
        ),
        contributes=contributes,
        populations=labels[0],
        places=labels[1],
        start=start,
        end=end,
    )


@st.composite
def _cancelling(draw: st.DrawFn, acts: list[Activity], goal_list: list[Goal]) -> list[Activity]:
    """Sometimes make contributions cancel on paper (their floating-point sum is not 0).

    Either two or three activities contribute 0.1 + 0.2 and -0.3, or 0.1, 0.2 and -0.3, to one
    indicator (a net direct effect of 5.6e-17 or 2.8e-17), or one activity contributes 0.1 + 0.2
    and -0.3 to two indicators of the same goal weight (a net agenda effect of 5.6e-17 times
    it): help and harm that neither cover an indicator nor engage a partner.
    """
    weight: dict[str, float] = {}
    for goal in goal_list:
        for i in goal.indicators:
            weight[i] = weight.get(i, 0.0) + goal.weight
    kind = draw(st.sampled_from(["none", "none", "direct", "total"]))
    out = list(acts)
    if kind == "direct" and len(acts) >= 2 and weight:
        i = draw(st.sampled_from(sorted(weight)))
        index = st.integers(0, len(acts) - 1)
        chosen = draw(st.lists(index, min_size=2, max_size=min(3, len(acts)), unique=True))
        amounts = [0.1, 0.2, -0.3] if len(chosen) == 3 else [0.1 + 0.2, -0.3]
        for k, amount in zip(chosen, amounts, strict=True):
            out[k] = attrs.evolve(acts[k], contributes={**acts[k].contributes, i: amount})
    pairs = [(i, j) for i in weight for j in weight if i < j and weight[i] == weight[j]]
    if kind == "total" and acts and pairs:
        i, j = draw(st.sampled_from(pairs))
        k = draw(st.integers(0, len(acts) - 1))
        out[k] = attrs.evolve(acts[k], contributes={i: 0.1 + 0.2, j: -0.3})
    return out
