"""The arrays of an initiative: ids to positions, and the sparse matrices built from them.

Every analysis runs on a :class:`ModelArrays`, built once per initiative in one pass over each
list of the model (never over pairs). Positions follow the order of the initiative's lists
(:func:`~collective_impact.prepare` builds them from the canonical form). "Index" in this package
means the alignment index only; these are the model's arrays.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, cast

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..model import Goal, Initiative
from ..model.labels import strategy_index
from ._labels import label_sets
from ._tolerance import positive

__all__ = [
    "ModelArrays",
    "SetTable",
    "build_arrays",
    "read_only_sparse",
    "sample",
    "tie_matrix",
]

#: Values of the dense rows :func:`sample` reads at once (16 MB).
_SAMPLE_LIMIT = 1 << 21

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def read_only_arrays(obj: Any) -> None:
    """Make the numpy arrays among the attrs fields of ``obj`` read-only, in place.

    A frozen result hands out its arrays as they are stored, not copies (at the stress case
    they are hundreds of megabytes): a caller writing into one (``pairs.interdependence[:] =
    99``) changed every later frame, sum and gap built from it. Read-only, such a write raises
    ``ValueError: assignment destination is read-only`` instead.
    """
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
        elif isinstance(value, sp.sparray | sp.spmatrix):
            read_only_sparse(value)


def read_only_sparse(matrix: sp.sparray | sp.spmatrix) -> None:
    """Make the arrays that hold a sparse matrix read-only, in place.

    ``matrix.data[:] = 0`` (or a write into its ``indices``) then raises, as for a dense
    array. A compressed matrix is put in canonical form first (its duplicates summed, its
    indices sorted: the same matrix), because scipy does that in place, on first need, for
    some reads (``matrix[i, j]``); done here, no later read writes.
    """
    compressed = sp.csr_array | sp.csc_array | sp.csr_matrix | sp.csc_matrix
    if isinstance(matrix, compressed) and not matrix.has_canonical_format:
        matrix.sum_duplicates()
    for name in ("data", "indices", "indptr", "row", "col", "coords", "offsets"):
        parts = getattr(matrix, name, None)
        for part in parts if isinstance(parts, tuple) else (parts,):
            if isinstance(part, np.ndarray):
                part.flags.writeable = False


def _rebuilt(cls: type[Any], values: dict[str, Any]) -> Any:
    """Return ``cls(**values)``: an object of :class:`ReadOnlyArrays` unpickled."""
    return cls(**values)


class ReadOnlyArrays:
    """Mixin of attrs classes whose numpy arrays are read-only, also once unpickled or copied.

    Building the object makes its arrays read-only (:func:`read_only_arrays`); so does
    unpickling it (a process pool's result, :func:`copy.deepcopy`), which builds it again from
    its fields: numpy unpickles an array writeable, and attrs' own state restoring runs no
    ``__attrs_post_init__``.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        read_only_arrays(self)

    def __reduce__(self) -> tuple[Any, ...]:
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(self)))
        values = {f.alias: getattr(self, f.name) for f in fields if f.init}  # not the caches
        return (_rebuilt, (type(self), values))


@attrs.frozen
class SetTable(ReadOnlyArrays):
    """Distinct sets (of populations, places or partners) and which one each activity has.

    Activities often share identical sets; scores that depend on two sets (Jaccard overlap,
    coordination) are computed once per distinct pair of sets, not once per pair of activities.

    Attributes
    ----------
    of
        ``of[a]`` is the id of activity ``a``'s set.
    members
        CSR matrix, one row per distinct set, one column per element, 1 where the element is in
        the set.
    sizes
        Number of elements of each distinct set.
    """

    of: IntArray
    members: sp.csr_array
    sizes: IntArray


def id_ranks(ids: Sequence[str]) -> IntArray:
    """Return the rank of each id among all of them, in sorted order (0 for the smallest).

    Orders built on these ranks do not depend on the order of the list the ids come from.
    """
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return rank


def set_table(sets: Sequence[Iterable[Hashable]], universe: dict[Hashable, int]) -> SetTable:
    """Index each activity's set against ``universe`` (element to column).

    Sets are numbered in order of first appearance. Each distinct collection is indexed once
    (activities mostly repeat a few), not once per activity.
    """
    as_keys = sets if set(map(type, sets)) <= _KEY_TYPES else list(map(_key, sets))
    keys: dict[Any, int] = {}
    # each collection numbered at its first appearance (len(keys) is read before setdefault)
    of_key = [keys.setdefault(key, len(keys)) for key in as_keys]
    first: list[Iterable[Hashable]] = list(keys)  # a key holds the items of its collection
    # the columns of each distinct collection, and each distinct set of columns numbered at
    # its first appearance (C-level passes: map, setdefault, chain, no Python loop body)
    column_of = universe.__getitem__
    members = [frozenset(map(column_of, items)) for items in first]
    ids: dict[frozenset[int], int] = {}
    key_set = np.asarray([ids.setdefault(m, len(ids)) for m in members], dtype=np.int64)
    rows = np.repeat(np.arange(len(ids), dtype=np.int64), list(map(len, ids)))
    cols = list(itertools.chain.from_iterable(map(sorted, ids)))
    members_matrix = sp.csr_array(
        (np.ones(rows.size), (rows, np.asarray(cols, dtype=np.int64))),
        shape=(len(ids), max(len(universe), 1)),
    )
    members_matrix.sort_indices()
    sizes = np.diff(members_matrix.indptr).astype(np.int64)
    of = key_set[np.asarray(of_key, dtype=np.int64)] if of_key else np.zeros(0, dtype=np.int64)
    return SetTable(of=of, members=members_matrix, sizes=sizes)


#: Collections that are their own keys in :func:`set_table`.
_KEY_TYPES = frozenset({frozenset, tuple})


def _key(items: Iterable[Hashable]) -> Any:
    """Return a hashable key of a collection: itself when it is a frozenset or a tuple."""
    return items if isinstance(items, (frozenset, tuple)) else tuple(items)


def sample(matrix: sp.csr_array, rows: IntArray, cols: IntArray) -> FloatArray:
    """Return ``matrix[rows[k], cols[k]]`` for every ``k`` as a float array (empty-safe).

    Lookups whose rows come in runs (pairs sorted by their first activity, say) read dense
    copies of those rows, a block of rows at a time (at most ``_SAMPLE_LIMIT`` values): a
    few passes over the lookups instead of a binary search in a row for each.
    """
    if rows.size == 0:
        return np.zeros(0)
    m = sp.csr_array(matrix)
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if rows.size >= 4096 else None
    if (
        starts is None
        or starts.size * 8 > rows.size
        or not m.has_canonical_format
        or rows.min() < 0
        or cols.min() < 0
    ):
        return np.asarray(m[rows, cols], dtype=np.float64).reshape(-1)
    n_c = max(int(m.shape[1]), 1)
    per_block = max(1, _SAMPLE_LIMIT // n_c)
    dense = np.zeros(min(per_block, starts.size) * n_c)
    indptr = m.indptr.astype(np.int64)
    indices, data = m.indices, np.asarray(m.data, dtype=np.float64)
    out = np.empty(rows.size)
    for g in range(0, starts.size, per_block):
        heads = starts[g : g + per_block]
        lo = int(heads[0])
        hi = int(starts[g + per_block]) if g + per_block < starts.size else rows.size
        run_rows = rows[heads]
        counts = (indptr[run_rows + 1] - indptr[run_rows]).astype(np.int64)
        at = _ranges(indptr[run_rows], counts)
        offset = np.arange(heads.size, dtype=np.int64) * n_c
        cells = np.repeat(offset, counts) + indices[at]
        dense[cells] = data[at]
        np.take(dense, np.repeat(offset, np.diff(heads, append=hi)) + cols[lo:hi], out=out[lo:hi])
        dense[cells] = 0.0
    return out


def _ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])``, without a loop."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(np.asarray(starts, dtype=np.int64) - (np.cumsum(counts) - counts), counts)
    offsets += np.arange(total, dtype=np.int64)
    return offsets


def _grouped(owner: NDArray[np.int64]) -> NDArray[np.int64]:
    """Positions sorted by ``owner`` (non-negative integers), ascending within an owner.

    A counting sort, in C: the positions are the column indices of a CSR table with a row per
    owner and an entry ``(owner[k], k)`` for each position ``k`` (scipy's conversion to CSR
    places the entries row by row; the columns of a row, all distinct, come out ascending). On
    the stress case's 10.6 million pairs it takes 0.2 s against 0.9–1.1 s for a sort of packed
    integers (numpy's slow AVX-512 sort on this machine's processor; see docs/performance.md).

    Examples
    --------
    >>> _grouped(np.array([2, 0, 2, 1, 0])).tolist()
    [1, 4, 3, 0, 2]
    """
    n = int(owner.size)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    table = sp.csr_array(
        (np.ones(n, dtype=np.int8), (owner, np.arange(n, dtype=np.int64))),
        shape=(int(owner.max()) + 1, n),
    )
    return np.asarray(table.indices, dtype=np.int64)


def _positions(ids: Iterable[str]) -> dict[str, int]:
    return {x: i for i, x in enumerate(ids)}


@attrs.frozen
class ModelArrays(ReadOnlyArrays):
    """Integer positions of every id, and the arrays the analyses run on.

    Attributes
    ----------
    partner_ids, indicator_ids, activity_ids
        Ids in initiative order; position ``i`` in an array means ``*_ids[i]``.
    contributions
        ``C``: CSR (activities × indicators), ``c(a, i)``.
    pathways
        ``W``: CSR (indicators × indicators), ``w(i, j)`` when ``i`` drives ``j``.
    goal_weight
        ``g(i)``: the summed weights of the goals listing indicator ``i`` (0 off the agenda).
    lead
        Position of each activity's lead partner.
    strategy
        Strategy id of each activity, -1 when it has none: strategies are compared as labels
        (:func:`~collective_impact.model.labels.strategy_index`), numbered in sorted order.
    populations, places, partner_sets
        :class:`SetTable` of each activity's populations, places and partners.
    tie_strength
        CSR (partners × partners), symmetric: the strongest tie between two partners in either
        direction, of any kind.
    co_members
        CSR (partners × partners), 1 where two partners share a working group.
    backbone
        Position of the backbone organisation, or -1.
    tied_to_backbone
        Whether each partner is the backbone or has a tie (either direction) with it.
    """

    partner_ids: tuple[str, ...]
    indicator_ids: tuple[str, ...]
    activity_ids: tuple[str, ...]
    partner_pos: dict[str, int]
    indicator_pos: dict[str, int]
    activity_pos: dict[str, int]
    contributions: sp.csr_array
    pathways: sp.csr_array
    goal_weight: FloatArray
    lead: IntArray
    strategy: IntArray
    populations: SetTable
    places: SetTable
    partner_sets: SetTable
    tie_strength: sp.csr_array
    co_members: sp.csr_array
    backbone: int
    tied_to_backbone: BoolArray

    @property
    def directly_covered(self) -> BoolArray:
        r"""Whether the activities' direct effects on each indicator add up to help.

        Indicator :math:`i` is covered when :math:`\sum_a c(a, i) > 0`: contributions are
        effects in the indicator's desired direction, so work that harms it does not cover it,
        and help outweighed by harm does not either (nor help and harm that cancel: the sign
        is judged beyond rounding, see :func:`~collective_impact.analysis._tolerance.positive`).
        """
        net = np.asarray(self.contributions.sum(axis=0), dtype=np.float64).reshape(-1)
        scale = np.asarray(abs(self.contributions).sum(axis=0), dtype=np.float64).reshape(-1)
        return np.asarray(positive(net, scale), dtype=np.bool_)

    def goals_covered(self, goals: Sequence[Goal]) -> list[bool]:
        """Whether each goal has an indicator the activities help directly, on balance.

        The one rule of a covered goal (:attr:`directly_covered` on one of its indicators): the
        common agenda's goal coverage, the ``uncovered-goal`` gap and phase III's "every goal
        covered" read it, so that no two of them disagree on a goal.
        """
        direct = self.directly_covered
        return [any(direct[self.indicator_pos[i]] for i in goal.indicators) for goal in goals]

    @property
    def overlap_unrecorded(self) -> BoolArray:
        """Whether each activity's populations or places are empty (not recorded).

        A pair with such an activity gets the overlap ``unspecified_overlap``: assumed, not
        observed. The gaps and the recommended ties say how much of what they report rests on
        such pairs.
        """
        unrecorded = np.zeros(len(self.activity_ids), dtype=bool)
        for labels in (self.populations, self.places):  # an empty set: whom, or where
            unrecorded |= labels.sizes[labels.of] == 0
        return unrecorded

    @property
    def helps_agenda_directly(self) -> BoolArray:
        r"""Whether each activity helps an agenda indicator directly.

        That is :math:`\exists i: g_i > 0, c(a, i) > 0`: the activities whose partners are
        expected to report.
        """
        helping = sp.csr_array(self.contributions.maximum(0))
        agenda = (self.goal_weight > 0).astype(np.float64)
        return np.asarray(np.asarray(helping @ agenda).reshape(-1) > 0, dtype=np.bool_)


def tie_matrix(
    sources: Sequence[int], targets: Sequence[int], strengths: Sequence[float], n: int
) -> sp.csr_array:
    """Symmetric CSR of the strongest tie between two partners (either direction)."""
    s = np.asarray(sources, dtype=np.int64)
    t = np.asarray(targets, dtype=np.int64)
    w = np.asarray(strengths, dtype=np.float64)
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    key = lo * n + hi
    order = np.lexsort((-w, key))  # strongest first within each pair
    key, w = key[order], w[order]
    first = np.ones(key.size, dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key, w = key[first], w[first]
    rows, cols = key // n, key % n
    upper = sp.coo_array((w, (rows, cols)), shape=(n, n))
    return sp.csr_array(upper + upper.T)


def build_arrays(initiative: Initiative) -> ModelArrays:
    """Build the :class:`ModelArrays` of an initiative (one pass over each of its lists).

    Parameters
    ----------
    initiative
        The initiative; positions follow the order of its lists.

    Returns
    -------
    ModelArrays

    Examples
    --------
    >>> import collective_impact as ci
    >>> init = ci.Initiative(
    ...     name="Two",
    ...     partners=[ci.Partner(id="p", name="P", sector="nonprofit")],
    ...     indicators=[ci.Indicator(id="i", name="I")],
    ...     activities=[ci.Activity(id="x", name="X", partners=["p"], contributes={"i": 0.8})],
    ... )
    >>> arrays = build_arrays(init)
    >>> arrays.activity_ids, arrays.contributions.toarray().tolist()
    (('x',), [[0.8]])
    """
    partner_pos = _positions(p.id for p in initiative.partners)
    indicator_pos = _positions(i.id for i in initiative.indicators)
    activity_pos = _positions(a.id for a in initiative.activities)
    n_p, n_i, n_a = len(partner_pos), len(indicator_pos), len(activity_pos)

    # one pass per kind: flat lists of (row, column, value) in the order of the lists
    contributes = [act.contributes for act in initiative.activities]
    contributions = sp.csr_array(
        (
            [c[target] for c in contributes for target in c],
            (
                np.repeat(np.arange(n_a, dtype=np.int64), [len(c) for c in contributes]),
                [indicator_pos[target] for c in contributes for target in c],
            ),
        ),
        shape=(n_a, n_i),
        dtype=np.float64,
    )
    drives = [ind.drives for ind in initiative.indicators]
    pathways = sp.csr_array(
        (
            [d[j] for d in drives for j in d],
            (
                np.repeat(np.arange(n_i, dtype=np.int64), [len(d) for d in drives]),
                [indicator_pos[j] for d in drives for j in d],
            ),
        ),
        shape=(n_i, n_i),
        dtype=np.float64,
    )

    goal_weight = np.zeros(n_i)
    for goal in initiative.goals:
        for measured in goal.indicators:
            goal_weight[indicator_pos[measured]] += goal.weight

    lead = np.fromiter(
        (partner_pos[a.lead] for a in initiative.activities), dtype=np.int64, count=n_a
    )
    # strategies compared as labels are (trimmed, case-folded), numbered in sorted order
    strategy_ids, _ = strategy_index(a.strategy for a in initiative.activities)
    strategy = np.fromiter(strategy_ids, dtype=np.int64, count=n_a)
    # Labels normalised, each expanded with the declared labels within it (containment counts
    # as overlap); the universe is sorted, so columns do not depend on list order.
    pop_sets, pop_universe = label_sets(initiative, "populations")
    place_sets, place_universe = label_sets(initiative, "places")
    populations = set_table(pop_sets, pop_universe)
    places = set_table(place_sets, place_universe)
    partner_sets = set_table(
        [a.partners for a in initiative.activities],
        dict(partner_pos),  # type: ignore[arg-type]
    )

    tie_strength = tie_matrix(
        [partner_pos[t.source] for t in initiative.ties],
        [partner_pos[t.target] for t in initiative.ties],
        [t.strength for t in initiative.ties],
        n_p,
    )

    m_rows: list[int] = []
    m_cols: list[int] = []
    for g, wg in enumerate(initiative.working_groups):
        for member in set(wg.members):
            m_rows.append(partner_pos[member])
            m_cols.append(g)
    membership = sp.csr_array(
        (np.ones(len(m_rows)), (m_rows, m_cols)),
        shape=(n_p, max(len(initiative.working_groups), 1)),
    )
    co_members = sp.csr_array(((membership @ membership.T) > 0).astype(np.float64))

    backbone = -1 if initiative.backbone is None else partner_pos[initiative.backbone.organization]
    tied = np.zeros(n_p, dtype=bool)
    if backbone >= 0:
        tied[backbone] = True
        row = tie_strength[[backbone], :]
        tied[row.indices] = True
    return ModelArrays(
        partner_ids=tuple(partner_pos),
        indicator_ids=tuple(indicator_pos),
        activity_ids=tuple(activity_pos),
        partner_pos=partner_pos,
        indicator_pos=indicator_pos,
        activity_pos=activity_pos,
        contributions=contributions,
        pathways=pathways,
        goal_weight=goal_weight,
        lead=lead,
        strategy=strategy,
        populations=populations,
        places=places,
        partner_sets=partner_sets,
        tie_strength=tie_strength,
        co_members=co_members,
        backbone=backbone,
        tied_to_backbone=tied,
    )
