"""The initiative: the aggregate that holds every part and checks that they fit together."""

from __future__ import annotations

import datetime as dt
import operator
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from ..errors import (
    ArgumentTypeError,
    IdHint,
    Location,
    Problem,
    ProblemCode,
    Suggester,
    UnknownIdError,
    ValidationError,
    close_matches,
    entry_hint,
    several_values,
    shown,
)
from ._fields import (
    BAD_ID,
    IDENT,
    SPEC,
    Date,
    Items,
    Nested,
    Optional,
    Problems,
    Text,
    coerce_enum,
    compiled,
    field_problems,
    meta,
    misplaced_entries,
    to_optional_date,
    to_tuple,
)
from .activity import Activity
from .agenda import Goal
from .backbone import Backbone
from .conditions import Conditions
from .indicator import Indicator
from .labels import LABEL, LABEL_KINDS, Label, normalize_label
from .partner import Partner, Role
from .ties import Tie, TieKind, WorkingGroup

__all__ = ["Initiative"]

T = TypeVar("T")


def expect_initiative(value: object, *, argument: str = "initiative") -> None:
    """Refuse anything but an :class:`Initiative`, naming what was given.

    The annotations are promises a caller (a notebook) may not keep: a writer given the
    mapping of an initiative said "'dict' object has no attribute 'name'" from deep inside.
    A constant-time check, made where a public function first reads its initiative.

    Parameters
    ----------
    value
        The argument given.
    argument
        Its name (:attr:`~collective_impact.ArgumentTypeError.argument`); the message names it
        when it is not ``"initiative"``.

    Raises
    ------
    ArgumentTypeError
        When ``value`` is not an initiative (a :class:`TypeError` too).

    Examples
    --------
    >>> expect_initiative({"name": "A"})
    Traceback (most recent call last):
    ...
    collective_impact.errors.ArgumentTypeError: expected an Initiative, got dict (Initiative.from_dict builds one from a mapping)
    """  # noqa: E501
    if not isinstance(value, Initiative):
        hint = (
            " (Initiative.from_dict builds one from a mapping)"
            if isinstance(value, Mapping)
            else ""
        )
        if isinstance(getattr(value, "initiative", None), Initiative):  # an Assessment
            hint = " (its .initiative is one)"
        named = "" if argument == "initiative" else f"{argument}: "
        raise ArgumentTypeError(
            f"{named}expected an Initiative, got {type(value).__name__}{hint}", argument=argument
        )


def _id_text(value: object) -> str:
    """Return the text an id of another type stands for: ``b"x"`` and ``["x"]`` for ``"x"``."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list | tuple) and len(value) == 1 and isinstance(value[0], str):
        return value[0]
    return repr(value)


#: The sections of an initiative that hold objects with ids, with the name of their kind.
ID_SECTIONS: dict[str, str] = {
    "partners": "partner",
    "goals": "goal",
    "indicators": "indicator",
    "activities": "activity",
    "working_groups": "working group",
}

#: The sections of :data:`ID_SECTIONS` whose objects have a ``name`` (not goals): a reference
#: giving one of these names is told the id to give.
_NAMED_SECTIONS = frozenset({"partners", "indicators", "activities", "working_groups"})

#: The type of the items of each section of :data:`ID_SECTIONS`.
_SECTION_TYPES: dict[str, type[Any]] = {
    "partners": Partner,
    "goals": Goal,
    "indicators": Indicator,
    "activities": Activity,
    "working_groups": WorkingGroup,
}

#: The items of a section, in document order (an item's position is its index).
Located = Sequence[Any]


def _get(obj: Any, name: str) -> Any:
    """Read ``name`` from a model object or from its raw mapping (``None`` when absent)."""
    if type(obj) is dict or isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _strings(value: Any) -> list[tuple[int, str]]:
    """Return the string entries of a list-like value with their positions; skip the rest."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]


def _keys(value: Any) -> list[str]:
    """Return the string keys of a mapping-like value; skip the rest."""
    return [k for k in value if isinstance(k, str)] if isinstance(value, Mapping) else []


def _objects(sections: Mapping[str, Located], section: str, cls: type) -> Located | None:
    """Return the items of ``section`` when each is a ``cls`` object, else ``None``.

    Model objects are valid, so the set-based checks of :func:`aggregate_problems` can read
    their fields without testing their types; raw trees go through the item-by-item checks.
    """
    items = sections.get(section, ())
    return items if set(map(type, items)) <= {cls} else None


_ID = operator.attrgetter("id")
_SOURCE = operator.attrgetter("source")
_TARGET = operator.attrgetter("target")
_TIE_KEY = operator.attrgetter("source", "target", "kind")
_CONTENTS = operator.attrgetter("_data")  # the dict inside a FrozenMap, iterated in C


def _union(objects: Iterable[Any], field: str) -> set[Any]:
    """Return the union of the ids in ``field`` of ``objects`` (a tuple, or a map's keys)."""
    groups = map(operator.attrgetter(field), objects)
    return set().union(*groups)


def _keys_union(objects: Iterable[Any], field: str) -> set[Any]:
    """Return the union of the keys of the map (:class:`FrozenMap`) in ``field`` of ``objects``."""
    return set().union(*map(_CONTENTS, map(operator.attrgetter(field), objects)))


_ID_OK = IDENT.quick()
_LABEL_OK = LABEL.quick()
_TEXT = Text()
_TEXT_OK = _TEXT.quick()


def _valid(spec: Text, quick: Callable[[Any], bool], value: Any) -> bool:
    """Whether ``value`` is valid for ``spec`` (its cheap test first, then its check)."""
    return quick(value) or (isinstance(value, str) and not spec.check(value))


def id_form(key: str) -> str:
    """Return an id as ids are told apart: caseless and in one Unicode form.

    Ids are compared exactly, as written; two ids that differ only in case or in their Unicode
    form (``"café"`` precomposed and decomposed) print alike, and are refused as one id used
    twice (:meth:`_Checker.distinct_forms`). The form is Unicode's canonical caseless one
    (definition D145 of the Unicode Standard, section 3.13): ``NFD(casefold(NFD(key)))``.
    """
    if key.isascii():
        return key.lower()
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", key).casefold())


def _escaped(key: str, limit: int = 80) -> str:
    """Quote an id with every character beyond ASCII escaped (two spellings of one word)."""
    if len(key) <= limit:
        return ascii(key)
    return f"{key[:limit]!a}... ({len(key):,} characters)"


def _may_share_forms(keys: Collection[str]) -> bool:
    """Whether two of the distinct ids ``keys`` may have the same :func:`id_form`.

    In a few passes in C: ASCII ids without a capital letter never do (each is its own form);
    others are compared by their forms.
    """
    joined = "".join(keys)
    if joined.isascii():
        if joined.lower() == joined:
            return False
        return len(set(map(str.lower, keys))) < len(keys)
    return len(set(map(id_form, keys))) < len(keys)


#: The spellings of a boolean a reference may stand for: YAML 1.1 reads each as one.
_BOOLEAN_SPELLINGS: dict[bool, tuple[str, ...]] = {
    True: ("true", "yes", "on", "y"),
    False: ("false", "no", "off", "n"),
}


def _loose(text: str, form: Callable[[str], str]) -> str:
    r"""Return ``text`` in ``form`` without whitespace or characters an id refuses.

    Two texts with the same loose form may be meant as one id: ``"schools "`` and
    ``"schools"``, ``"Schools"``, ``"sch\u200bools"``, ``"schools\tdept"`` and
    ``"schools dept"``.
    """
    return form("".join(BAD_ID.sub("", text).split()))


def _refused_spellings(value: Any) -> tuple[str, ...]:
    """Return the texts a reference to an object whose id ``value`` was refused may be.

    A refused text is that text; a boolean or a date the texts it is written as (YAML reads
    ``NO`` as false, and a date only as ``YYYY-MM-DD``); bytes the text they stand for; a list
    (``[schools]``, or the values of an ``id`` key given twice, as the native readers keep
    them) those of each of its items. Anything else (no id at all, a mapping, a list holding
    one) stands for no text: a reference to any id may be meant for it, and ``()`` is returned.
    So does a number, a time or a date and time: how it was written is lost (``1.10`` and
    ``1.1``, ``1_000`` and ``1000``, ``+1`` and ``1``), and a reference ``'1.10'`` to an id
    ``1.10`` read as the number 1.1 was reported unknown beside the id's own problem (a
    fresh-eyes reviewer).
    """
    if isinstance(value, str):
        return (value,)
    if isinstance(value, bool):
        return _BOOLEAN_SPELLINGS[value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return (value.isoformat(),)
    if isinstance(value, bytes):
        return (_id_text(value),)
    if isinstance(value, list | tuple) and value:
        # a list of ids where one is expected (a key given twice, as a reader keeps it): each
        spelled = [_refused_spellings(v) if not isinstance(v, list | tuple) else () for v in value]
        return () if not all(spelled) else tuple(t for texts in spelled for t in texts)
    return ()


def refused_forms(value: Any, form: Callable[[str], str]) -> set[str] | None:
    r"""Return the loose forms (:func:`_loose`) of the references an object may be named by.

    ``value`` is the object's id (or label), refused by its own check. A reference that
    names nothing, and whose loose form is one of these, may be meant for that object: its
    problem follows from the refused id, and is not reported. ``None`` when the id stands for
    no text (:func:`_refused_spellings`), or for none but whitespace and refused characters
    (``""``, ``"\u200b"``): then a reference to any id may be meant for it.
    """
    forms = {_loose(text, form) for text in _refused_spellings(value)}
    forms.discard("")
    return forms or None


def _tie_kind(tie: Any) -> TieKind | None:
    """Return the kind of a tie (object or tree), ``None`` when it is invalid (or the tie is)."""
    if isinstance(tie, Tie):
        return tie.kind
    if not isinstance(tie, Mapping):
        return None
    kind = coerce_enum(TieKind, tie.get("kind", TieKind.COMMUNICATION))
    return kind if isinstance(kind, TieKind) else None


#: The least number of items of each section of the initiative (``partners``: one).
_MIN_ITEMS: dict[str, int] = {}


def _too_few(section: str, items: Located) -> bool:
    """Whether ``section`` holds fewer items than the initiative needs (no partner)."""
    if not _MIN_ITEMS:
        for f in attrs.fields(Initiative):
            spec = f.metadata.get(SPEC)
            if isinstance(spec, Items):
                _MIN_ITEMS[f.name] = spec.min_items
    return len(items) < _MIN_ITEMS.get(section, 0)


class _Dangling:
    """References that name nothing, one problem per missing id: the root cause, not its echoes.

    The first reference to a missing id gives the problem, in its place among the problems
    (document order); each later reference to that id only adds its path to the problem's
    :attr:`~collective_impact.errors.Problem.others`, which :meth:`close` writes into the
    problems at the end. A dict look-up per reference, so linear in their number; and the
    did-you-mean of a missing id is looked up once, for its first reference.

    Parameters
    ----------
    problems
        The list the problems are reported to; references are grouped only within it.
    """

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.at: dict[Hashable, int] = {}  # what is missing -> the index of its problem
        self.others: dict[int, list[str]] = {}  # the index of a problem -> its other paths

    def again(self, missing: Hashable, path: str) -> bool:
        """Whether ``missing`` has its problem already; if so, ``path`` is one of its places."""
        at = self.at.get(missing)
        if at is None:
            return False
        self.others.setdefault(at, []).append(path)
        return True

    def report(self, missing: Hashable, problem: Problem) -> None:
        """Report ``problem``, the first reference to ``missing``."""
        self.at[missing] = len(self.problems)
        self.problems.append(problem)

    def close(self) -> None:
        """Write the other places of each missing id into its problem (and its message)."""
        for at, paths in self.others.items():
            self.problems[at] = self.problems[at].with_others(paths)
        self.others.clear()


class _Checker:
    """The checks of :func:`aggregate_problems`, one method per part of the initiative.

    Each method first tests its whole part at once with sets (every reference of the part
    resolves, no key repeats) when the part holds model objects, and looks at the items one by
    one only when that test fails or the part holds raw trees: then it reports each problem, in
    document order. A part that passes the set test has no problem, and its item-by-item check
    would have reported nothing and asked for no suggestion; so the problems, and the
    suggestions given for the first unknown references, are the same as if every part were
    checked item by item.

    Only root causes are reported: a reference that names nothing is not reported when it may
    name an object whose id failed its own check, nor when the reference is itself no valid id
    (its own check reports it); and a tie whose ends or kind are invalid is not compared with
    the others. A reference may name such an object when its section is *blind* (left out of
    the sections, which failed their own check; without the partner it needs; or holding an
    object whose id stands for no text: none, blank, a mapping), or when it is the refused id
    but for whitespace, case and the characters an id refuses (:func:`refused_forms`:
    ``'schools'`` for ``'schools '``; not ``'unted-way'``, which is reported). The references
    to one missing id are one problem, at the first of them (:class:`_Dangling`).
    """

    def __init__(self, sections: Mapping[str, Located]) -> None:
        self.sections = sections
        self.problems: Problems = []
        self.ids: dict[str, set[str]] = {}
        self.suggest = Suggester()  # at most MAX_SUGGESTIONS look-ups per initiative
        self._hints: dict[str, IdHint] = {}
        self.dangling = _Dangling(self.problems)
        self._checked: dict[str, Located | None] = {}
        #: Sections whose unknown references are not reported (see above).
        self.blind: set[str] = {
            section
            for section in ID_SECTIONS
            if section not in sections or _too_few(section, sections[section])
        }
        #: The loose forms of the refused ids of each section: the unknown references of one
        #: of these forms are not reported (see above).
        self.refused: dict[str, set[str]] = {}

    def objects(self, section: str, cls: type) -> Located | None:
        """Return the items of ``section`` when each is a ``cls`` object, else ``None``."""
        if section not in self._checked:
            self._checked[section] = _objects(self.sections, section, cls)
        return self._checked[section]

    def ref(self, path: str, value: str, section: str, *, is_key: bool = False) -> None:
        if value not in self.ids[section]:
            if section in self.blind or not _valid(IDENT, _ID_OK, value):
                return  # it may name an object whose id failed, or is itself reported
            refused = self.refused.get(section)
            if refused and _loose(value, id_form) in refused:
                return  # the refused id but for whitespace or case: it follows from it
            if self.dangling.again((section, value), path):
                return  # one problem per missing id, at its first reference
            # an entry of a list ('activities[0].partners[1]'): several ids typed in one,
            # separated with ',' or ';', are named, not the first as a did-you-mean
            entry = not is_key and path.endswith("]")
            hint = self.hint(section)(value, self.ids[section], entry=entry)
            message = f"unknown {ID_SECTIONS[section]} {shown(value)}{hint}"
            key = value if is_key else None
            self.dangling.report(
                (section, value), Problem(path, message, ProblemCode.UNKNOWN_REFERENCE, key=key)
            )

    def hint(self, section: str) -> IdHint:
        """Return the hint for an unknown reference into ``section``.

        The id to give when the reference is the name of an object of the section (a file
        made by another tool names a partner ``Chicago Jobs Council`` for ``cjc``), else a
        did-you-mean; goals have no name. The names are indexed at the first unknown reference.
        """
        hint = self._hints.get(section)
        if hint is None:
            objects = self.sections.get(section, ()) if section in _NAMED_SECTIONS else ()
            hint = self._hints[section] = IdHint(
                ID_SECTIONS[section],
                lambda: ((_get(obj, "id"), _get(obj, "name")) for obj in objects),
                self.suggest,
            )
        return hint

    def unique_ids(self, section: str, kind: str, cls: type) -> None:
        objects = self.objects(section, cls)
        if objects is not None:
            keys = set(map(_ID, objects))
            if len(keys) == len(objects):
                self.ids[section] = keys
                self.distinct_forms(section, keys)
                return
        first: dict[str, int] = {}
        for i, obj in enumerate(self.sections.get(section, ())):
            key = _get(obj, "id")
            if type(obj) is not cls and not _valid(IDENT, _ID_OK, key):
                # reported by its own check; references may name it
                forms = refused_forms(key, id_form) if isinstance(obj, Mapping) else None
                if forms is None:
                    self.blind.add(section)  # a reference to any id may be meant for it
                else:
                    self.refused.setdefault(section, set()).update(forms)
                continue
            if key in first:
                earlier = Location(f"{section}[{first[key]}]")
                message = f"duplicate {kind} id {key!r} (first used at {earlier})"
                self.problems.append(
                    Problem(
                        f"{section}[{i}].id", message, ProblemCode.DUPLICATE_ID, related=earlier
                    )
                )
            else:
                first[key] = i
        self.ids[section] = set(first)
        self.distinct_forms(section, first)

    def distinct_forms(self, section: str, keys: Collection[str]) -> None:
        """Report the ids of ``section`` that differ from an earlier one only in case or form.

        ``keys`` are the distinct valid ids of the section. They are compared at once in C
        (:func:`_may_share_forms`), and item by item only when two may share a form.
        """
        if not _may_share_forms(keys):
            return
        kind = ID_SECTIONS[section]
        first: dict[str, tuple[str, int]] = {}  # form -> the first id of that form, where
        for i, obj in enumerate(self.sections.get(section, ())):
            key = _get(obj, "id")
            if not isinstance(key, str) or key not in keys:
                continue
            form = id_form(key)
            if form not in first:
                first[form] = (key, i)
                continue
            earlier_key, j = first[form]
            if earlier_key == key:
                continue  # the same id again: reported as a duplicate
            earlier = Location(f"{section}[{j}]")
            spelled = (
                ""
                if key.isascii() and earlier_key.isascii()
                else f", written {_escaped(key)} and {_escaped(earlier_key)}"
            )
            message = (
                f"{shown(key)} and {shown(earlier_key)} (the {kind} id first used at {earlier}) "
                f"differ only in case or Unicode form{spelled}; ids must be distinct"
            )
            self.problems.append(
                Problem(f"{section}[{i}].id", message, ProblemCode.DUPLICATE_ID, related=earlier)
            )

    def goals(self) -> None:
        goals = self.objects("goals", Goal)
        if goals is not None and _union(goals, "indicators") <= self.ids["indicators"]:
            return
        for i, goal in enumerate(self.sections.get("goals", ())):
            for j, ind in _strings(_get(goal, "indicators")):
                self.ref(f"goals[{i}].indicators[{j}]", ind, "indicators")

    def indicators(self) -> None:
        located = self.sections.get("indicators", ())
        # an id of the wrong type (a list, say) is reported by its field's check; it is no key
        levels = {
            key: _get(ind, "level") for ind in located if isinstance(key := _get(ind, "id"), str)
        }
        indicators = self.objects("indicators", Indicator)
        if indicators is not None:
            known, partners = self.ids["indicators"], self.ids["partners"]
            informed = _union(indicators, "informs")
            performance = {k for k, level in levels.items() if str(level) == "performance"}
            reporters = {
                obs.reported_by
                for ind in indicators
                for obs in ind.observations
                if obs.reported_by is not None
            }
            if (
                _keys_union(indicators, "drives") <= known
                and informed <= known
                and informed.isdisjoint(performance)
                and reporters <= partners
            ):
                return
        for i, ind in enumerate(located):
            misplaced = misplaced_entries(ind, Indicator)  # reported as such, no indicator
            for key in _keys(_get(ind, "drives")):
                if key not in misplaced:
                    where = f"indicators[{i}].drives[{key!r}]"
                    self.ref(where, key, "indicators", is_key=True)
            for j, target in _strings(_get(ind, "informs")):
                self.ref(f"indicators[{i}].informs[{j}]", target, "indicators")
                if str(levels.get(target, "population")) == "performance":
                    message = (
                        f"{target!r} is a performance measure; a performance measure informs "
                        "population indicators"
                    )
                    where = f"indicators[{i}].informs[{j}]"
                    self.problems.append(Problem(where, message, ProblemCode.INVALID_REFERENCE))
            observations = _get(ind, "observations")
            if isinstance(observations, Sequence) and not isinstance(observations, str):
                for j, obs in enumerate(observations):
                    reporter = (
                        _get(obs, "reported_by")
                        if isinstance(obs, Mapping) or hasattr(obs, "reported_by")
                        else None
                    )
                    if isinstance(reporter, str):
                        where = f"indicators[{i}].observations[{j}].reported_by"
                        self.ref(where, reporter, "partners")

    def activities(self) -> None:
        activities = self.objects("activities", Activity)
        if (
            activities is not None
            and _union(activities, "partners") <= self.ids["partners"]
            and _keys_union(activities, "contributes") <= self.ids["indicators"]
        ):
            return
        for i, act in enumerate(self.sections.get("activities", ())):
            for j, p in _strings(_get(act, "partners")):
                self.ref(f"activities[{i}].partners[{j}]", p, "partners")
            misplaced = misplaced_entries(act, Activity)  # reported as such, no indicator
            for key in _keys(_get(act, "contributes")):
                if key not in misplaced:
                    where = f"activities[{i}].contributes[{key!r}]"
                    self.ref(where, key, "indicators", is_key=True)

    def ties(self) -> None:
        ties = self.objects("ties", Tie)
        if ties is not None:
            ends = set(map(_SOURCE, ties)) | set(map(_TARGET, ties))
            # A kind equals (and hashes as) its value, the text the item-by-item check compares.
            if ends <= self.ids["partners"] and len(set(map(_TIE_KEY, ties))) == len(ties):
                return
        seen_ties: dict[tuple[str, str, str], int] = {}
        for i, tie in enumerate(self.sections.get("ties", ())):
            source, target = _get(tie, "source"), _get(tie, "target")
            if isinstance(source, str):
                self.ref(f"ties[{i}].source", source, "partners")
            if isinstance(target, str):
                self.ref(f"ties[{i}].target", target, "partners")
            kind = _tie_kind(tie)
            if kind is not None and _valid(IDENT, _ID_OK, source) and _valid(IDENT, _ID_OK, target):
                kind_name = kind.value
                key = (source, target, kind_name)
                if key in seen_ties:
                    earlier = Location(f"ties[{seen_ties[key]}]")
                    message = (
                        f"duplicate {kind_name} tie from {source!r} to {target!r} "
                        f"(first at {earlier}); merge them into one"
                    )
                    self.problems.append(
                        Problem(f"ties[{i}]", message, ProblemCode.DUPLICATE_ENTRY, related=earlier)
                    )
                else:
                    seen_ties[key] = i

    def working_groups(self) -> None:
        groups = self.objects("working_groups", WorkingGroup)
        if (
            groups is not None
            and _union(groups, "members") <= self.ids["partners"]
            and _union(groups, "goals") <= self.ids["goals"]
        ):
            return
        for i, wg in enumerate(self.sections.get("working_groups", ())):
            for j, m in _strings(_get(wg, "members")):
                self.ref(f"working_groups[{i}].members[{j}]", m, "partners")
            for j, g in _strings(_get(wg, "goals")):
                self.ref(f"working_groups[{i}].goals[{j}]", g, "goals")

    def backbone(self, backbone: Any) -> None:
        if isinstance(backbone, Mapping) or hasattr(backbone, "organization"):
            organization = _get(backbone, "organization")
            if isinstance(organization, str):
                self.ref("backbone.organization", organization, "partners")
                if organization in self.ids["partners"]:
                    self.backbone_roles(organization)

    def backbone_roles(self, organization: str) -> None:
        """Report each partner but ``organization`` (the backbone) with the role ``backbone``.

        The initiative has one backbone organisation, the one its ``backbone`` names (and the
        analyses read): another partner holding the role would claim it too. Checked only when
        ``organization`` names a partner (an unknown one is reported as such); a partner
        without a valid id (reported by its own check) is passed over, and so is one whose id
        differs from ``organization`` only in case or form (reported as a duplicate id).
        """
        partners = self.objects("partners", Partner)
        if partners is not None:
            claimants = [
                i
                for i, p in enumerate(partners)
                if Role.BACKBONE in p.roles and p.id != organization
            ]
        else:
            claimants = []
            for i, p in enumerate(self.sections.get("partners", ())):
                key = _get(p, "id")
                if (
                    any(r == Role.BACKBONE for _, r in _strings(_get(p, "roles")))
                    and key != organization
                    and (type(p) is Partner or _valid(IDENT, _ID_OK, key))
                ):
                    claimants.append(i)
        if not claimants:
            return
        form = id_form(organization)
        for i in claimants:
            key = _get(self.sections["partners"][i], "id")
            if id_form(key) == form:
                continue  # the same id but for case or form: reported as a duplicate id
            message = (
                f"partner {shown(key)} has the role 'backbone', but the backbone is "
                f"{shown(organization)} (the initiative has one backbone organisation): "
                f"remove the role, or make {shown(key)} the backbone"
            )
            self.problems.append(Problem(f"partners[{i}].roles", message, ProblemCode.INCONSISTENT))

    def conditions(self, conditions: Any) -> None:
        if isinstance(conditions, Mapping) or hasattr(conditions, "champions"):
            for j, c in _strings(_get(conditions, "champions")):
                self.ref(f"conditions.champions[{j}]", c, "partners")


def aggregate_problems(sections: Mapping[str, Located], backbone: Any, conditions: Any) -> Problems:
    """Check an initiative as a whole: unique ids, and references that resolve.

    Works on model objects and on raw mappings of the native tree alike (values of the wrong type
    are skipped: they are reported by the field checks), so that a file's broken references are
    reported together with every other problem, even in objects that failed to load. A part
    holding model objects is checked at once with sets, in time linear in its size, and item by
    item only when it has a problem (see :class:`_Checker`).

    Only root causes are reported, never what follows from them: a reference that names
    nothing is left unreported when its section failed its own check (it is left out of
    ``sections``, or has no partner), when an object of the section has an id refused by its
    own check that the reference may be meant for (the reference is that id but for
    whitespace, case and refused characters, :func:`refused_forms`; or the id stands for no
    text at all: missing, blank), or when the reference is itself no valid id; and so are the
    undeclared labels of a vocabulary that such a refused label may be. An id (or label) that
    names nothing is one problem however many references name it: the problem is at the first
    reference, in document order, and the others are its
    :attr:`~collective_impact.errors.Problem.others` (its message names a few and counts the
    rest).

    Parameters
    ----------
    sections
        For each list section (``partners``, ``ties``...), its items in document order; a
        section that failed its own check (not a list) is left out.
    backbone, conditions
        The initiative's backbone and conditions (objects or mappings), if any.

    Returns
    -------
    list of Problem
        Every problem, section by section: duplicate ids, and ids differing only in case or
        Unicode form (``duplicate-id``), duplicate ties (``duplicate-entry``), references that
        resolve to nothing (``unknown-reference``, one per missing id of a section) or to the
        wrong kind of indicator (``invalid-reference``), nested labels in a cycle
        (``cycle``), and partners with the role ``backbone`` other than the backbone's
        organisation (``inconsistent``, at the partner's ``roles``).
    """
    check = _Checker(sections)
    for section, cls in _ID_CLASSES.items():
        check.unique_ids(section, ID_SECTIONS[section], cls)
    check.goals()
    check.indicators()
    check.activities()
    check.ties()
    check.working_groups()
    check.backbone(backbone)
    check.conditions(conditions)
    check.dangling.close()
    for section in LABEL_KINDS:
        check.problems.extend(_vocabulary_problems(sections, section, check.suggest))
    return check.problems


#: The model class of each section of :data:`ID_SECTIONS`.
_ID_CLASSES: dict[str, type] = {
    "partners": Partner,
    "goals": Goal,
    "indicators": Indicator,
    "activities": Activity,
    "working_groups": WorkingGroup,
}


def _vocabulary_problems(
    sections: Mapping[str, Located], section: str, suggest: Suggester
) -> Problems:
    """Check a declared vocabulary (``populations`` or ``places``) and the labels that use it.

    Labels are compared as :func:`~.labels.normalize_label` writes them (trimmed, case-folded,
    in one Unicode form): a label declared twice so is a duplicate; a ``within`` must name a
    declared label and the nesting may not form a cycle; and when the vocabulary is not empty,
    every label of an activity must be declared. A label without a valid id (reported by its
    own check) may be the one a ``within`` or an activity names: then a label named that is
    that id but for whitespace, case and refused characters (:func:`refused_forms`) is not
    reported unknown, nor any label when the id stands for no text (none, blank).
    The references to one undeclared label are one problem, at the first (:class:`_Dangling`).
    """
    kind = LABEL_KINDS[section]
    problems: Problems = []
    dangling = _Dangling(problems)
    declared: dict[str, int] = {}  # normalised label -> position of its first declaration
    spelled: dict[str, str] = {}  # normalised label -> as first declared
    blind = False  # a label standing for no text: a label used may be it
    refused: set[str] = set()  # the loose forms of the labels refused by their own check
    for i, label in enumerate(sections.get(section, ())):
        key = _get(label, "id")
        if type(label) is not Label and not _valid(LABEL, _LABEL_OK, key):
            # reported by its own check; a label used may be it
            forms = refused_forms(key, normalize_label) if isinstance(label, Mapping) else None
            if forms is None:
                blind = True
            else:
                refused |= forms
            continue
        norm = normalize_label(key)
        if norm in declared:
            earlier = Location(f"{section}[{declared[norm]}]")
            message = (
                f"duplicate {kind} {key!r} (first declared as {spelled[norm]!r} at "
                f"{earlier}; labels are compared trimmed and case-folded)"
            )
            problems.append(
                Problem(f"{section}[{i}].id", message, ProblemCode.DUPLICATE_ID, related=earlier)
            )
        else:
            declared[norm] = i
            spelled[norm] = key
    parent: dict[str, str] = {}
    for i, label in enumerate(sections.get(section, ())):
        key, within = _get(label, "id"), _get(label, "within")
        if not isinstance(within, str) or not within.strip():
            continue
        outer = normalize_label(within)
        if outer not in declared:
            if (
                blind
                or not _valid(LABEL, _LABEL_OK, within)
                or (refused and _loose(within, normalize_label) in refused)
            ):
                continue
            where = f"{section}[{i}].within"
            if dangling.again(outer, where):
                continue
            message = (
                f"unknown {kind} {shown(within)}{suggest(outer, declared)}; within must name a "
                f"{kind} declared in {section}"
            )
            dangling.report(outer, Problem(where, message, ProblemCode.UNKNOWN_REFERENCE))
        elif isinstance(key, str) and declared.get(normalize_label(key)) == i:
            parent[normalize_label(key)] = outer
    # Each label has at most one parent: follow the parents from every label once, marking the
    # walk; meeting a label of the current walk closes a cycle. Linear in the number of labels.
    walk_of: dict[str, int] = {}
    for walk, start in enumerate(declared):
        node: str | None = start
        path: list[str] = []
        while node is not None and node not in walk_of:
            walk_of[node] = walk
            path.append(node)
            node = parent.get(node)
        if node is not None and walk_of[node] == walk:
            cycle = path[path.index(node) :]
            first = min(cycle, key=declared.__getitem__)
            turn = cycle.index(first)
            ordered = cycle[turn:] + cycle[:turn]
            chain = " within ".join(repr(spelled[n]) for n in [*ordered, first])
            message = f"{section} nest in a cycle: {chain}; a {kind} cannot be within itself"
            where = f"{section}[{declared[first]}].within"
            problems.append(Problem(where, message, ProblemCode.CYCLE))
    if declared and not blind and not _labels_declared(sections, section, declared):
        for i, act in enumerate(sections.get("activities", ())):
            for j, text in _strings(_get(act, section)):
                if not _valid(_TEXT, _TEXT_OK, text):
                    continue  # a text that is no label is reported by its own check
                norm = normalize_label(text)
                if norm in declared or (refused and _loose(text, normalize_label) in refused):
                    continue
                where = f"activities[{i}].{section}[{j}]"
                if dangling.again(norm, where):
                    continue  # one problem per undeclared label, at its first reference
                # 'kids, teens' with both declared was told "did you mean 'teens'?", dropping
                # the other (found by a reviewer): its parts are named, as ids' are
                firsts: dict[str, str] = {}  # the parts, once each as labels are compared
                for part in several_values(text) or ():
                    firsts.setdefault(normalize_label(part), part)
                hint = (
                    entry_hint(list(firsts.values()))
                    if firsts and all(n in declared for n in firsts)
                    else suggest(norm, declared)
                )
                message = (
                    f"unknown {kind} {shown(text)}{hint}; "
                    f"the initiative declares its {section}, so each must be one of them"
                )
                dangling.report(norm, Problem(where, message, ProblemCode.UNKNOWN_REFERENCE))
    dangling.close()
    return problems


def _labels_declared(sections: Mapping[str, Located], section: str, declared: Any) -> bool:
    """Whether the activities are objects whose labels of ``section`` are all declared."""
    activities = _objects(sections, "activities", Activity)
    if activities is None:
        return False
    used = _union(activities, section)
    return all(not text.strip() or normalize_label(text) in declared for text in used)


def _tuple_of_partners(value: Iterable[Partner]) -> tuple[Partner, ...]:
    return to_tuple(value)


def _tuple_of_goals(value: Iterable[Goal]) -> tuple[Goal, ...]:
    return to_tuple(value)


def _tuple_of_indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return to_tuple(value)


def _tuple_of_activities(value: Iterable[Activity]) -> tuple[Activity, ...]:
    return to_tuple(value)


def _tuple_of_ties(value: Iterable[Tie]) -> tuple[Tie, ...]:
    return to_tuple(value)


def _tuple_of_groups(value: Iterable[WorkingGroup]) -> tuple[WorkingGroup, ...]:
    return to_tuple(value)


def _tuple_of_labels(value: Iterable[Label]) -> tuple[Label, ...]:
    return to_tuple(value)


def _to_conditions(value: Conditions | None) -> Conditions:
    """Read ``None`` (``conditions: null`` in a file) as no preconditions recorded."""
    return Conditions() if value is None else value


@attrs.frozen(kw_only=True)
class Initiative:
    """A collective impact initiative: partners, common agenda, measurement, activities, ties.

    Every part is immutable. Building an ``Initiative`` checks the whole aggregate — every field,
    unique ids per kind, and every reference between parts — and reports **every** problem in one
    :class:`~collective_impact.ValidationError`.

    Parameters
    ----------
    name
        Name of the initiative.
    description, problem
        What it is, and the shared problem definition of its common agenda.
    as_of
        The date of judgement the file states, if any: analyses judge the initiative as of this
        date (an explicit argument wins over it; without either, the latest observation is used).
    partners
        The :class:`Partner` objects (at least one).
    goals, indicators, activities, ties, working_groups
        The other parts, by kind.
    populations, places
        Declared vocabularies of :class:`Label` objects, optionally nested (``within``). When one
        is not empty, every population (or place) of an activity must be one of its labels;
        labels are compared trimmed, case-folded and in one Unicode form.
    backbone
        The :class:`Backbone`, if there is one.
    conditions
        The preconditions (:class:`Conditions`); ``None`` means none recorded, as the default
        ``Conditions()``.

    Raises
    ------
    ValidationError
        With ``.problems`` listing every :class:`~collective_impact.Problem`, each with its
        path and :class:`~collective_impact.ProblemCode`.

    See Also
    --------
    collective_impact.load, Initiative.from_dict

    Examples
    --------
    >>> from collective_impact import Partner, Activity
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id="a", name="A", sector="nonprofit")],
    ...     activities=[Activity(id="x", name="X", partners=["a"])],
    ... )
    >>> init.partner("a").name
    'A'
    >>> Initiative(name="Bad", partners=[Partner(id="a", name="A", sector="nonprofit")],
    ...            activities=[Activity(id="x", name="X", partners=["b"])])
    Traceback (most recent call last):
    ...
    collective_impact.errors.ValidationError: 1 problem:
      activities[0].partners[0]: unknown partner 'b'
    """

    name: str = attrs.field(metadata=meta(Text(), "Name of the initiative."))
    description: str | None = attrs.field(
        default=None, metadata=meta(Optional(Text(empty_ok=True)), "What the initiative is.")
    )
    problem: str | None = attrs.field(
        default=None,
        metadata=meta(Optional(Text(empty_ok=True)), "The problem of the common agenda."),
    )
    as_of: dt.date | None = attrs.field(
        default=None,
        converter=to_optional_date,
        metadata=meta(
            Optional(Date()),
            "Date of judgement (YYYY-MM-DD) the analyses use unless told otherwise.",
        ),
    )
    partners: tuple[Partner, ...] = attrs.field(
        converter=_tuple_of_partners,
        metadata=meta(Items(Nested(Partner), unique=False, min_items=1), "The partners."),
    )
    goals: tuple[Goal, ...] = attrs.field(
        default=(),
        converter=_tuple_of_goals,
        metadata=meta(Items(Nested(Goal), unique=False), "Goals of the common agenda."),
    )
    indicators: tuple[Indicator, ...] = attrs.field(
        default=(),
        converter=_tuple_of_indicators,
        metadata=meta(Items(Nested(Indicator), unique=False), "Shared-measurement indicators."),
    )
    populations: tuple[Label, ...] = attrs.field(
        default=(),
        converter=_tuple_of_labels,
        metadata=meta(
            Items(Nested(Label), unique=False),
            "Declared populations, optionally nested; activities must use these labels.",
        ),
    )
    places: tuple[Label, ...] = attrs.field(
        default=(),
        converter=_tuple_of_labels,
        metadata=meta(
            Items(Nested(Label), unique=False),
            "Declared places, optionally nested; activities must use these labels.",
        ),
    )
    activities: tuple[Activity, ...] = attrs.field(
        default=(),
        converter=_tuple_of_activities,
        metadata=meta(Items(Nested(Activity), unique=False), "The partners' activities."),
    )
    ties: tuple[Tie, ...] = attrs.field(
        default=(),
        converter=_tuple_of_ties,
        metadata=meta(Items(Nested(Tie), unique=False), "Ties between partners."),
    )
    working_groups: tuple[WorkingGroup, ...] = attrs.field(
        default=(),
        converter=_tuple_of_groups,
        metadata=meta(Items(Nested(WorkingGroup), unique=False), "Working groups."),
    )
    backbone: Backbone | None = attrs.field(
        default=None, metadata=meta(Optional(Nested(Backbone)), "The backbone organisation.")
    )
    conditions: Conditions = attrs.field(
        factory=Conditions,
        converter=_to_conditions,
        metadata=meta(Optional(Nested(Conditions)), "Preconditions; null for none recorded."),
    )
    #: For each section of :data:`ID_SECTIONS` looked up, its objects by id.
    _index: dict[str, dict[str, Any]] = attrs.field(
        init=False, repr=False, eq=False, hash=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        values = {f.name: getattr(self, f.name) for f in attrs.fields(Initiative) if f.init}
        problems = field_problems(Initiative, values)
        # A section that is no list (or too short) is left out of the checks of the whole,
        # as loading leaves it out: references into it are not judged (see _Checker).
        failed = {p.path for p in problems}
        sections = {
            s: getattr(self, s) for s in (*ID_SECTIONS, "ties", *LABEL_KINDS) if s not in failed
        }
        # nor is a backbone or conditions of the wrong type (a mapping given for a Backbone):
        # its organisation was reported again as an unknown reference, and the backbone role
        # of a partner as a claim against it, second problems of one cause
        backbone = None if "backbone" in failed else self.backbone
        conditions = None if "conditions" in failed else self.conditions
        problems.extend(aggregate_problems(sections, backbone, conditions))
        if problems:
            raise ValidationError(problems)

    @classmethod
    def _trusted(cls, values: Mapping[str, Any]) -> Initiative:
        """Build an initiative from values that passed every check of the constructor.

        Only for values known to be valid as a whole (the loader has checked them; the
        canonical form only reorders the lists of a valid initiative): the converters run, as
        in ``Initiative(**values)``, but the fields and the cross-references are not checked
        again.
        """
        plan = compiled(cls)
        obj: Initiative = object.__new__(cls)
        parts = zip(plan.names, plan.converters, plan.setters, strict=True)
        for name, convert, put in parts:
            value = values[name] if name in values else plan.defaults[name]
            put(obj, convert(value) if convert is not None else value)
        object.__setattr__(obj, "_index", {})
        return obj

    # ------------------------------------------------------------------ look-ups

    def _lookup(self, section: str, id: str) -> Any:
        table = self._index.get(section)
        if table is None:  # made on the first look-up in the section
            objects = getattr(self, section)
            table = self._index[section] = dict(zip(map(_ID, objects), objects, strict=True))
        try:
            return table[id]
        except (KeyError, TypeError):  # TypeError: an unhashable id (a list)
            given: object = id
            # the text of an id that is not one (["schools"], b"schools") for suggestions
            text = given if isinstance(given, str) else _id_text(given)
            close = close_matches(text, table, n=3)
            raise UnknownIdError(ID_SECTIONS[section], id, suggestions=close) from None

    @property
    def champion_ids(self) -> tuple[str, ...]:
        """The ids of the partners acting as champions, sorted.

        Those listed in ``conditions.champions`` and those whose ``roles`` include
        ``champion``: the file can say it either way, and the phase, the preconditions and the
        ``no-champion`` gap read both (they read the list alone, so a champion recorded by
        its role was "no champion recorded").

        Returns
        -------
        tuple of str
            Each id once, in sorted order.

        Examples
        --------
        The workforce example lists its champions in ``conditions`` and by their roles;
        without the list, the roles still name them:

        >>> import collective_impact as ci
        >>> init = ci.load_example("workforce")
        >>> init.conditions.champions, init.champion_ids
        (('cha', 'mowd'), ('cha', 'mowd'))
        >>> init.evolve(conditions=ci.Conditions()).champion_ids
        ('cha', 'mowd')
        """
        named = set(self.conditions.champions)
        named.update(p.id for p in self.partners if Role.CHAMPION in p.roles)
        return tuple(sorted(named))

    def partner(self, id: str) -> Partner:
        """Return the partner with ``id``.

        Parameters
        ----------
        id
            The id of the partner; compared exactly, as written.

        Returns
        -------
        Partner
            The partner whose ``id`` is ``id``.

        Raises
        ------
        UnknownIdError
            When there is none (the message suggests close matches).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> init.partner("united-way").name
        'United Way of Example County'
        >>> init.partner("united-wya")
        Traceback (most recent call last):
        ...
        collective_impact.errors.UnknownIdError: unknown partner 'united-wya' (...'united-way'?)
        """
        result: Partner = self._lookup("partners", id)
        return result

    def goal(self, id: str) -> Goal:
        """Return the goal with ``id``; raise :class:`UnknownIdError` when there is none.

        Parameters
        ----------
        id
            The id of the goal; compared exactly, as written.

        Returns
        -------
        Goal
            The goal whose ``id`` is ``id``.

        Raises
        ------
        UnknownIdError
            When there is none (the message suggests close matches).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> init.goal("reading").statement
        'Every child reads at grade level by the end of third grade'
        """
        result: Goal = self._lookup("goals", id)
        return result

    def indicator(self, id: str) -> Indicator:
        """Return the indicator with ``id``; raise :class:`UnknownIdError` when there is none.

        Parameters
        ----------
        id
            The id of the indicator; compared exactly, as written.

        Returns
        -------
        Indicator
            The indicator whose ``id`` is ``id``.

        Raises
        ------
        UnknownIdError
            When there is none (the message suggests close matches).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> ind = init.indicator("k-ready")
        >>> ind.name, ind.baseline.value, ind.target.value
        ('Kindergarten readiness', 44.0, 65.0)
        """
        result: Indicator = self._lookup("indicators", id)
        return result

    def activity(self, id: str) -> Activity:
        """Return the activity with ``id``; raise :class:`UnknownIdError` when there is none.

        Parameters
        ----------
        id
            The id of the activity; compared exactly, as written.

        Returns
        -------
        Activity
            The activity whose ``id`` is ``id``.

        Raises
        ------
        UnknownIdError
            When there is none (the message suggests close matches).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> act = init.activity("home-visits")
        >>> act.name, act.partners
        ('Nurse home visiting', ('health-dept',))
        """
        result: Activity = self._lookup("activities", id)
        return result

    def working_group(self, id: str) -> WorkingGroup:
        """Return the working group with ``id``; raise :class:`UnknownIdError` if none.

        Parameters
        ----------
        id
            The id of the working group; compared exactly, as written.

        Returns
        -------
        WorkingGroup
            The working group whose ``id`` is ``id``.

        Raises
        ------
        UnknownIdError
            When there is none (the message suggests close matches).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> init.working_group("early-learning").members
        ('head-start', 'health-dept', 'library', 'schools', 'parents-council')
        """
        result: WorkingGroup = self._lookup("working_groups", id)
        return result

    # ------------------------------------------------------------------ changes

    def evolve(self, **changes: Any) -> Initiative:
        """Return a copy with ``changes`` applied, re-validated as a whole.

        Parameters
        ----------
        **changes
            New values by field name (``name=``, ``partners=``, ``as_of=``...), converted as the
            constructor converts them; fields not named keep their values.

        Returns
        -------
        Initiative
            A new initiative; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the changed initiative is not valid as a whole (e.g. a removed partner is still
            referred to).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> init.evolve(name="Renamed").name
        'Renamed'
        """
        return attrs.evolve(self, **changes)

    def _with(self, section: str, items: Sequence[Any]) -> Initiative:
        current = list(getattr(self, section))
        position = {obj.id: i for i, obj in enumerate(current)}
        kind = _SECTION_TYPES[section]
        for item in items:
            if not isinstance(item, kind):  # a mapping: added, for the checks to locate it
                current.append(item)
            elif item.id in position:
                current[position[item.id]] = item
            else:
                position[item.id] = len(current)
                current.append(item)
        return self.evolve(**{section: tuple(current)})

    def with_partners(self, *partners: Partner) -> Initiative:
        """Return a copy with ``partners`` added; a partner with an existing id replaces it.

        Parameters
        ----------
        *partners
            The :class:`Partner` objects to add or, by id, replace.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the result is not valid as a whole (e.g. an unknown partner id).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> bank = ci.Partner(id="credit-union", name="Example Credit Union", sector="business")
        >>> len(init.partners), len(init.with_partners(bank).partners)
        (17, 18)
        >>> renamed = ci.Partner(id="bank", name="Example Bank & Trust", sector="business")
        >>> init.with_partners(renamed).partner("bank").name
        'Example Bank & Trust'
        """
        return self._with("partners", partners)

    def with_goals(self, *goals: Goal) -> Initiative:
        """Return a copy with ``goals`` added; a goal with an existing id replaces it.

        Parameters
        ----------
        *goals
            The :class:`Goal` objects to add or, by id, replace.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the result is not valid as a whole (e.g. an unknown partner id).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> goal = ci.Goal(id="ready-all", statement="All children ready", indicators=["k-ready"])
        >>> len(init.goals), len(init.with_goals(goal).goals)
        (4, 5)
        """
        return self._with("goals", goals)

    def with_indicators(self, *indicators: Indicator) -> Initiative:
        """Return a copy with ``indicators`` added; an existing id is replaced.

        Parameters
        ----------
        *indicators
            The :class:`Indicator` objects to add or, by id, replace.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the result is not valid as a whole (e.g. an unknown partner id).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> jobs = ci.Indicator(id="youth-jobs", name="Youth employment", unit="percent")
        >>> len(init.indicators), len(init.with_indicators(jobs).indicators)
        (10, 11)
        """
        return self._with("indicators", indicators)

    def with_activities(self, *activities: Activity) -> Initiative:
        """Return a copy with ``activities`` added; an existing id is replaced.

        Parameters
        ----------
        *activities
            The :class:`Activity` objects to add or, by id, replace.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the result is not valid as a whole (e.g. an unknown partner id).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> camp = ci.Activity(id="summer-camp", name="Summer reading camp", partners=["library"],
        ...                    contributes={"grade3-reading": 0.3})
        >>> len(init.activities), len(init.with_activities(camp).activities)
        (26, 27)
        """
        return self._with("activities", activities)

    def with_working_groups(self, *groups: WorkingGroup) -> Initiative:
        """Return a copy with working ``groups`` added; an existing id is replaced.

        Parameters
        ----------
        *groups
            The :class:`WorkingGroup` objects to add or, by id, replace.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the result is not valid as a whole (e.g. an unknown partner id).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> jobs = ci.WorkingGroup(id="jobs", name="Jobs", members=["chamber", "bank"])
        >>> len(init.working_groups), len(init.with_working_groups(jobs).working_groups)
        (4, 5)
        """
        return self._with("working_groups", groups)

    def with_ties(self, *ties: Tie) -> Initiative:
        """Return a copy with ``ties`` added.

        A tie with the same source, target and kind as an existing one replaces it whole (its
        strength, ratings and intensity are those of the tie given), so that the result never
        holds duplicate ties. To change only the strength of a tie, keeping its ratings, use
        :func:`~collective_impact.with_tie`.

        Parameters
        ----------
        *ties
            The :class:`Tie` objects to add or, by source, target and kind, replace.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the result is not valid as a whole (e.g. a tie names an unknown partner).

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> a, b = init.partners[0].id, init.partners[1].id
        >>> bigger = init.with_ties(ci.Tie(source=a, target=b, kind="referral", strength=0.5))
        >>> len(bigger.ties) - len(init.ties) in (0, 1)
        True
        """
        current = list(self.ties)
        position = {(t.source, t.target, t.kind): i for i, t in enumerate(current)}
        for tie in ties:
            given: object = tie  # the annotation is a promise a caller may not keep
            if not isinstance(given, Tie):  # a mapping: added, for the checks to locate it
                current.append(tie)
                continue
            key = (tie.source, tie.target, tie.kind)
            if key in position:
                current[position[key]] = tie
            else:
                position[key] = len(current)
                current.append(tie)
        return self.evolve(ties=tuple(current))

    def with_backbone(self, backbone: Backbone | None) -> Initiative:
        """Return a copy with ``backbone`` as its backbone (``None`` removes it).

        The role ``backbone`` moves with the record: a partner that has the role and is not
        the new backbone's organisation loses it (with ``None``, every partner does), since the
        initiative has one backbone organisation and a second partner with the role is refused
        (:meth:`evolve` keeps the roles as they are). The new organisation's roles are left
        as they are: the role is optional, the record is what the analyses read.

        Parameters
        ----------
        backbone
            The new :class:`Backbone`, or ``None`` for none.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When the backbone organisation is not one of the partners.

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> init.backbone.organization, init.partner("united-way").has_role("backbone")
        ('united-way', True)
        >>> print(init.with_backbone(None).backbone)
        None
        >>> moved = init.with_backbone(ci.Backbone(organization="library"))
        >>> [p.id for p in moved.partners if p.has_role("backbone")]
        []
        >>> moved.backbone.organization
        'library'
        """
        given: object = backbone  # the annotation is a promise a caller may not keep
        if backbone is not None and not isinstance(given, Backbone):
            return self.evolve(backbone=backbone)  # refused by the checks, which locate it
        keep = None if backbone is None else backbone.organization
        partners = tuple(
            attrs.evolve(p, roles=tuple(r for r in p.roles if r is not Role.BACKBONE))
            if p.id != keep and Role.BACKBONE in p.roles
            else p
            for p in self.partners
        )
        return self.evolve(backbone=backbone, partners=partners)

    def with_conditions(self, conditions: Conditions) -> Initiative:
        """Return a copy with ``conditions`` as its preconditions.

        Parameters
        ----------
        conditions
            The new :class:`Conditions`; they replace the old ones as a whole.

        Returns
        -------
        Initiative
            A new initiative, re-validated; ``self`` is unchanged.

        Raises
        ------
        ValidationError
            When a champion is not one of the partners.

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> init.conditions.urgency
        <Urgency.HIGH: 'high'>
        >>> later = init.with_conditions(ci.Conditions(champions=["mayors-office"], urgency="low"))
        >>> later.conditions.urgency, later.conditions.champions
        (<Urgency.LOW: 'low'>, ('mayors-office',))
        """
        return self.evolve(conditions=conditions)

    # ------------------------------------------------------------------ views

    def to_frames(self) -> dict[str, Any]:
        """Return the initiative as pandas DataFrames, one per kind of object.

        See :func:`collective_impact.frames.initiative_frames`; needs the ``pandas`` extra.

        Returns
        -------
        dict of str to pandas.DataFrame
            One frame per table of a CSV bundle, keyed ``"initiative"``, ``"partners"``,
            ``"goals"``, ``"indicators"``, ``"pathways"``, ``"observations"``,
            ``"populations"``, ``"places"``, ``"activities"``, ``"contributions"``, ``"ties"``,
            ``"working_groups"`` and ``"backbone"``; :meth:`from_frames` reads them back.

        Raises
        ------
        MissingDependencyError
            When pandas is not installed.

        Examples
        --------
        >>> import collective_impact as ci
        >>> frames = ci.load_example("cradle-to-career").to_frames()
        >>> frames["partners"].shape, frames["ties"].shape
        ((17, 4), (29, 11))
        >>> frames["partners"]["id"].head(3).tolist()
        ['united-way', 'schools', 'health-dept']
        """
        from ..frames import initiative_frames

        return initiative_frames(self)

    @classmethod
    def from_frames(cls, frames: Mapping[str, Any]) -> Initiative:
        """Read an initiative from DataFrames like those :meth:`to_frames` returns.

        See :func:`collective_impact.frames.initiative_from_frames`; needs the ``pandas`` extra.

        Parameters
        ----------
        frames
            ``{table: frame}``, pandas (or Arrow, polars, interchange) frames.

        Returns
        -------
        Initiative
            ``Initiative.from_frames(x.to_frames()) == x``.

        Raises
        ------
        ValidationError
            Every problem at once, located as ``frames['ties'], row 4, column target``.
        MissingDependencyError
            When pandas is not installed.

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> ci.Initiative.from_frames(init.to_frames()) == init
        True
        """
        from ..frames import initiative_from_frames

        return initiative_from_frames(frames)

    def _repr_html_(self) -> str:
        """Return a compact HTML view for notebooks (every user string escaped)."""
        from ..html import initiative_html

        return initiative_html(self)

    # ------------------------------------------------------------------ conversion

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Initiative:
        """Build an initiative from the native tree (the parsed content of a file).

        Parameters
        ----------
        data
            The tree of the native format (``schema_version: 1``), as :func:`json.load` or a safe
            YAML loader returns it; dates may be ``datetime.date`` objects or ISO strings.
        source
            Where the data came from, for error messages.

        Returns
        -------
        Initiative

        Raises
        ------
        ValidationError
            Listing every problem of the tree at once, each with its path
            (``activities[3].partners[0]``).

        Examples
        --------
        >>> init = Initiative.from_dict({
        ...     "schema_version": 1, "name": "Tiny",
        ...     "partners": [{"id": "a", "name": "A", "sector": "community"}],
        ... })
        >>> init.partners[0].sector.value
        'community'
        """
        from ._convert import structure_initiative

        return structure_initiative(data, source=source)

    def to_dict(self) -> dict[str, Any]:
        """Return the native tree of the initiative (``schema_version: 1``).

        Fields at their default value are left out; dates stay ``datetime.date`` objects.
        ``Initiative.from_dict(x.to_dict()) == x``.

        Returns
        -------
        dict of str to object
            The tree of the native format, starting with ``schema_version`` and ``name``; it can be
            dumped as JSON (after converting dates) or YAML.

        Examples
        --------
        >>> import collective_impact as ci
        >>> init = ci.load_example("cradle-to-career")
        >>> tree = init.to_dict()
        >>> tree["schema_version"], tree["name"], tree["partners"][0]["id"]
        (1, 'Cradle to Career Example', 'united-way')
        >>> Initiative.from_dict(tree) == init
        True
        """
        from ._convert import unstructure_initiative

        return unstructure_initiative(self)
