r"""Null models of the tie network, to test whether the alignment index is higher than chance.

The alignment index :math:`\sum R k / \sum R` (DESIGN §4) rises when the partners whose
activities are interdependent are tied to each other. A high value could still be an accident of
the network's *shape*: a few well-connected partners coordinate many pairs whatever they work on.
:func:`alignment_null_test` separates the two. It keeps everything about the initiative but *who
is tied to whom*, draws networks in which every partner keeps its number of ties (degree-preserving
rewiring [1]_ [2]_) and compares the observed index with the indices of those networks.

Only the coordination :math:`k` depends on ties; the reinforcement :math:`R` of every pair is
computed once. Each null network costs one symmetric tie matrix and one call of
:func:`~collective_impact.analysis.reinforcement.coordination` over the distinct pairs of partner
sets of the reinforcing pairs: at the stress case of DESIGN §8 (100,000 activities, 50,000 ties)
about 1.6 s a network after about 8 s of preparation (measured on 2026-12-05), so 1,000 null
networks take about half an hour there; a few milliseconds each on the bundled examples.

References
----------
.. [1] Maslov, S. and Sneppen, K. (2002). Specificity and stability in topology of protein
   networks. *Science* 296(5569), 910–913.
.. [2] Milo, R., Kashtan, N., Itzkovitz, S., Newman, M. E. J. and Alon, U. (2003). On the uniform
   generation of random graphs with prescribed degree sequences. arXiv:cond-mat/0312028.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .._progress import progress_bar as _progress_bar
from .._software import numerical_versions, software
from .._version import __version__
from ..config import ScoringConfig
from ..errors import ValidationError
from ..model import Initiative, Tie
from ..model.initiative import expect_initiative
from ._arrays import ModelArrays, id_ranks
from ._intervals import MIN_SAMPLES, QUANTILE_METHOD
from .prepared import Prepared
from .reinforcement import Reinforcement, coordination

__all__ = ["NullTest", "alignment_null_test", "rewire_ties"]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: Attempted swaps per undirected tie: to the hub of the null test, and from it to each null
#: network.
BURN_IN_PER_TIE = 10
#: Attempted swaps per undirected tie of :func:`rewire_ties` by default: enough for a null
#: initiative that has forgotten the observed ties (10 were not: its null initiatives leant
#: towards the observed one, found by a reviewer).
DRAW_SWAPS_PER_TIE = 100
#: Null values within this (relative) distance of the observed index count as ties with it, so
#: that rounding in a different summation order never turns "equal" into "lower".
_TIE_TOLERANCE = 1e-12

_UNDEFINED = "the alignment index is undefined: no pair of activities reinforces another"
_TOO_FEW = "fewer than 2 ties between distinct pairs of partners: there is nothing to rewire"
_NO_OTHER = "the ties' degrees admit no other network: every null network would be the observed one"
_NO_SWAP = "no swap was accepted: every null network is the observed one; raise swaps_per_sample"
_NO_EFFECT = (
    "every null network has the observed index: it does not depend on which partners are "
    "tied, so comparing it with rewired ties says nothing"
)
#: Fewest null networks from which the mean, standard deviation and quantiles of the null
#: indices are given (below it they are ``None``: insufficient data), as
#: :attr:`Sensitivity.min_samples <collective_impact.Sensitivity.min_samples>` for its
#: intervals (the same reason: see :func:`~collective_impact.sensitivity`, Notes).
_MIN_SAMPLES = MIN_SAMPLES


# --------------------------------------------------------------------------- rewiring


class _SwapChain:
    r"""A Markov chain of double-edge swaps on a simple undirected graph with labelled edges.

    The graph is held as *slots*: slot ``e`` is the edge ``(first[e], second[e])``; whatever is
    attached to a slot (a strength, a tie) travels with it. One step picks two distinct slots
    uniformly, orients *each* at random, ``(a, b)`` and ``(c, d)``, and proposes
    :math:`(a, b), (c, d) \to (a, d), (c, b)`: the first slot keeps ``a``, the second ``c``.
    The proposal is rejected, and the chain stays where it is, when it would create a self-loop
    or an edge that already exists. Every partner keeps its degree; the proposal is symmetric
    (the move back picks the same two slots, oriented ``(a, d)`` and ``(c, b)``, with the same
    probability), so the chain is reversible and its stationary distribution uniform over the
    labelled simple graphs it reaches (Fosdick et al. 2018). Orienting only the second slot,
    as before, kept the first slot's stored endpoint forever: with slots of different
    strengths a move could be proposed one way and never back (probability 0 against 0.247 on
    four partners), and the observed and null networks were not exchangeable, the premise of
    the exact p-value.

    ``attempted`` and ``accepted`` count every proposal and the accepted ones.

    With ``track_ends`` the chain also follows each slot's two *ends*: the end of ``a`` keeps
    its partner and the end of ``b`` moves to ``d`` (of the second slot, the end of ``c`` stays
    and that of ``d`` moves to ``b``). The slot is stored as ``(a, d)`` whichever way it was
    stored before, so ``reversed[e]`` says whether slot ``e``'s first end (``first[e]`` at the
    start) is now at ``second[e]``. Ends make the chain one on slots whose two ends are told
    apart (:func:`rewire_ties` hangs directed ties on them); its proposal is symmetric there
    too (the move back keeps the same ends, each picked with probability 1/2), and its
    moves on the undirected graph are those made without ``track_ends``, the same random
    numbers giving the same graphs.
    """

    def __init__(
        self,
        first: IntArray,
        second: IntArray,
        n_nodes: int,
        rng: np.random.Generator,
        *,
        track_ends: bool = False,
    ) -> None:
        self.first: list[int] = [int(x) for x in first]
        self.second: list[int] = [int(x) for x in second]
        self.reversed: list[bool] | None = [False] * len(self.first) if track_ends else None
        self.n_nodes = n_nodes
        self.rng = rng
        self.keys = {self._key(u, v) for u, v in zip(self.first, self.second, strict=True)}
        if any(u == v for u, v in zip(self.first, self.second, strict=True)):
            raise ValueError("the graph has a self-loop")
        if len(self.keys) != len(self.first):
            raise ValueError("the graph has a multi-edge")
        self.attempted = 0
        self.accepted = 0

    def _key(self, u: int, v: int) -> int:
        return u * self.n_nodes + v if u < v else v * self.n_nodes + u

    def run(self, attempts: int) -> int:
        """Attempt ``attempts`` swaps; return how many were accepted."""
        n_edges = len(self.first)
        if attempts <= 0:
            return 0
        self.attempted += attempts
        if n_edges < 2:
            return 0
        ii = self.rng.integers(0, n_edges, size=attempts).tolist()
        jj = self.rng.integers(0, n_edges - 1, size=attempts).tolist()
        flips = self.rng.integers(0, 2, size=attempts).tolist()
        turns = self.rng.integers(0, 2, size=attempts).tolist()  # the first slot's orientation
        first, second, keys, n = self.first, self.second, self.keys, self.n_nodes
        ends = self.reversed
        accepted = 0
        # one Python step per attempt: each is a few list reads and set look-ups (~1 µs)
        for i, j0, flip, turn in zip(ii, jj, flips, turns, strict=True):
            j = j0 + 1 if j0 >= i else j0
            a, b = (second[i], first[i]) if turn else (first[i], second[i])
            if flip:
                c, d = second[j], first[j]
            else:
                c, d = first[j], second[j]
            if a == d or c == b:  # would be a self-loop
                continue
            new_1 = a * n + d if a < d else d * n + a
            if new_1 in keys:  # would be a multi-edge
                continue
            new_2 = c * n + b if c < b else b * n + c
            if new_2 in keys:
                continue
            keys.remove(a * n + b if a < b else b * n + a)
            keys.remove(c * n + d if c < d else d * n + c)
            keys.add(new_1)
            keys.add(new_2)
            first[i] = a
            second[i] = d
            first[j] = c
            second[j] = b
            if ends is not None:  # a slot read the other way round is now stored so
                if turn:
                    ends[i] = not ends[i]
                if flip:
                    ends[j] = not ends[j]
            accepted += 1
        self.accepted += accepted
        return accepted

    def admits_swap(self) -> bool:
        r"""Whether some proposal from the current graph would be accepted.

        False exactly when the degree sequence has no other simple realisation: double-edge
        swaps connect all the simple graphs with given degrees (Taylor 1981), so from any graph
        that has another one some swap leads towards it. A swap of ``a–b`` and ``c–d`` into
        ``a–d`` and ``c–b`` needs an alternating 4-cycle (two edges, the two pairs across them
        not edges), and a graph has none exactly when it is a *threshold graph* (Chvátal and
        Hammer 1977): one that empties by removing, again and again, a vertex tied to no other
        left or to every other left. Such a vertex has the fewest or the most ties left, and
        removing one that is tied to all lowers every other degree by one, so the degrees
        sorted once tell it, in :math:`O(E + n \log n)` (checking every pair of ties took
        12 s for a star of 20,000 ties).
        """
        n = self.n_nodes
        degree = np.bincount(np.asarray(self.first, dtype=np.int64), minlength=n)
        degree += np.bincount(np.asarray(self.second, dtype=np.int64), minlength=n)
        left = np.sort(degree).tolist()
        lo, hi, dominating = 0, n - 1, 0  # the vertices left, lo..hi by degree
        while lo < hi:
            if left[lo] - dominating == 0:  # tied to no vertex left
                lo += 1
            elif left[hi] - dominating == hi - lo:  # tied to every other vertex left
                hi -= 1
                dominating += 1
            else:  # neither: an alternating 4-cycle, a swap
                return True
        return False

    def edges(self) -> tuple[IntArray, IntArray]:
        """Return the current edges, slot by slot, as two position arrays."""
        return np.asarray(self.first, dtype=np.int64), np.asarray(self.second, dtype=np.int64)

    def state(self) -> tuple[list[int], list[int]]:
        """Return a copy of the current graph, to :meth:`restart` from."""
        return list(self.first), list(self.second)

    def restart(self, state: tuple[list[int], list[int]]) -> None:
        """Put the chain back on a graph :meth:`state` returned (its counts go on).

        Only for a chain without ``track_ends`` (the ends are not part of the state).
        """
        if self.reversed is not None:
            raise ValueError("a chain that tracks ends cannot restart")
        self.first, self.second = list(state[0]), list(state[1])
        n = self.n_nodes
        self.keys = {u * n + v if u < v else v * n + u for u, v in zip(*state, strict=True)}


def _tie_graph(index: ModelArrays) -> tuple[IntArray, IntArray, FloatArray]:
    """Return the undirected tie graph: a slot per tied pair, its strongest tie, ordered by ids.

    Slots are sorted by the ids of their two partners and oriented from the smaller id, so the
    chain makes the same moves whatever the order of the initiative's lists.
    """
    upper = sp.coo_array(sp.triu(index.tie_strength, k=1))
    u = upper.row.astype(np.int64)
    v = upper.col.astype(np.int64)
    rank = id_ranks(index.partner_ids)
    swap = rank[u] > rank[v]
    first, second = np.where(swap, v, u), np.where(swap, u, v)
    order = np.lexsort((rank[second], rank[first]))
    return first[order], second[order], np.asarray(upper.data, dtype=np.float64)[order]


def _backbone_reach(n_partners: int, backbone: int, first: IntArray, second: IntArray) -> BoolArray:
    """Whether each partner is the backbone or has a tie with it."""
    tied = np.zeros(n_partners, dtype=np.bool_)
    if backbone >= 0:
        tied[backbone] = True
        tied[second[first == backbone]] = True
        tied[first[second == backbone]] = True
    return tied


def _symmetric_ties(
    first: IntArray, second: IntArray, strength: FloatArray, n_partners: int
) -> sp.csr_array:
    """Return the symmetric tie matrix of a simple graph (no duplicate pairs, no self-loops).

    Equal to :func:`~collective_impact.analysis._arrays.tie_matrix` of the same edges, built
    straight in CSR layout: with every pair listed once there is nothing to deduplicate, and
    this runs about ten times faster on the graphs of one null sample.
    """
    rows = np.concatenate([first, second])
    cols = np.concatenate([second, first])
    order = np.lexsort((cols, rows))
    indptr = np.zeros(n_partners + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_partners), out=indptr[1:])
    data = np.concatenate([strength, strength])[order]
    return sp.csr_array((data, cols[order], indptr), shape=(n_partners, n_partners))


class _IndexOfTies:
    r"""The alignment index as a function of the tie graph, everything else fixed.

    The reinforcing pairs are grouped by their (unordered) pair of partner sets, since the
    coordination of a pair depends on its two partner sets only: with :math:`w_u = \sum R(a,b)`
    over the pairs of group :math:`u`, the index is :math:`\sum_u w_u k_u / \sum_u w_u`.
    """

    def __init__(self, index: ModelArrays, config: ScoringConfig, result: Reinforcement) -> None:
        self.index = index
        self.config = config
        pairs = result.pairs
        reinforcement = pairs.reinforcement
        keep = (reinforcement > 0) & pairs.between  # the pairs the index counts
        a, b = pairs.a[keep], pairs.b[keep]
        of = index.partner_sets.of
        n_sets = max(int(index.partner_sets.members.shape[0]), 1)
        sa, sb = of[a], of[b]
        key = np.minimum(sa, sb) * n_sets + np.maximum(sa, sb)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        self.a = a[first]
        self.b = b[first]
        self.weight = np.bincount(
            inverse.reshape(-1), weights=reinforcement[keep], minlength=first.size
        ).astype(np.float64)
        self.total = float(self.weight.sum())

    def __call__(
        self,
        first: Sequence[int] | IntArray,
        second: Sequence[int] | IntArray,
        strength: FloatArray,
    ) -> float:
        """Return the index when the ties are ``first[e]``–``second[e]`` of ``strength[e]``.

        The edges must form a simple graph (as the swap chain keeps them).
        """
        n_p = len(self.index.partner_ids)
        u = np.asarray(first, dtype=np.int64)
        v = np.asarray(second, dtype=np.int64)
        ties = _symmetric_ties(u, v, strength, n_p)
        tied = _backbone_reach(n_p, self.index.backbone, u, v)
        k = coordination(
            self.index, self.config, self.a, self.b, tie_strength=ties, tied_to_backbone=tied
        )
        # an elementwise product and numpy's pairwise sum, not ``weight @ k``: a BLAS dot
        # product of this size wakes OpenBLAS threads, milliseconds on a busy machine
        return float(np.multiply(self.weight, k).sum()) / self.total


# --------------------------------------------------------------------------- results


@attrs.frozen(kw_only=True)
class NullTest:
    r"""The result of :func:`alignment_null_test`.

    Attributes
    ----------
    observed
        The alignment index of the initiative, or ``None`` when it is undefined.
    p_value
        :math:`(1 + \#\{b : I_b \ge I_{obs}\}) / (n + 1)`, one-sided; ``None`` when the test
        could not run, no swap was accepted, or no null network's index differs from the
        observed one (see ``reason``).
    mean, sd
        Mean and standard deviation (``ddof=1``) of the null indices; ``None`` (insufficient
        data) with fewer than :attr:`min_samples` (21) null networks, like the quantiles, and
        when no swap was accepted (every draw is then the observed network, which says nothing
        of the null distribution: a mean equal to the observed index with an ``sd`` of 0).
    quantiles
        The null indices' quantiles at :attr:`quantile_levels` (0.05, 0.5, 0.95); ``None``
        (insufficient data) with fewer than :attr:`min_samples` (21) null networks: from 20
        values or fewer the 5% and 95% quantiles are interpolations towards the minimum and
        the maximum, and one value gives a "90% range" of width 0 (the rule of
        :func:`~collective_impact.sensitivity`, Notes); ``None`` too when no swap was accepted.
        Read by the Weibull plotting position, as the sensitivity analysis reads its interval
        (the :math:`p`-quantile at the 1-based position :math:`(n + 1)p`: the 5%-95% range
        holds on average 90% of the null distribution; numpy's linear default, used until
        0.1.0.dev12, held 82% at 21 draws). :attr:`samples` holds what was drawn.
    n
        Number of null networks drawn (0 when the test could not run).
    distinct
        Number of distinct null indices (values within a relative :math:`10^{-12}` count as
        one). Few distinct values mean a coarse null distribution: when only a handful of
        networks have these degrees, the observed one recurs among the null ones and the
        p-value cannot come near its floor :math:`1/(n + 1)`, however large ``n``.
    seed
        The seed of the random generator; drawn at random below :math:`2^{53}` and recorded
        when none was given, so every result can be reproduced. The same initiative, ids and
        seed reproduce the result; renamed ids give another sample of the same null
        distribution (see :func:`alignment_null_test`, Notes).
    swaps
        Swaps attempted (accepted or rejected) from the hub to each null network (10 per tie
        by default; see :func:`alignment_null_test`).
    burn_in
        Swaps attempted from the observed network to the hub (as many as ``swaps``).
    ties
        Undirected ties rewired: pairs of partners with at least one tie.
    acceptance
        Share of the attempted swaps that were accepted; 0 when the degree sequence admits no
        other network (the test is then not run: ``p_value`` is ``None`` and ``reason`` says
        why), or when too few swaps were attempted to move at all.
    reason
        Why ``p_value`` is ``None``, or ``None``.
    samples
        The null indices, in the order drawn.
    config
        The weights and thresholds the indices were computed with (they change every index:
        a result without them could not be reproduced).
    as_of
        The date of judgement of the initiative (only the activities running on it are
        scored), or ``None`` when it has none.
    software_version
        The version of ``collective_impact`` that computed the result (recorded when it was
        computed: a result pickled by another version says its own).
    quantile_method
        How :attr:`quantiles` were read (``numpy.quantile``'s ``method``): ``"weibull"``
        (``"unknown (linear before 0.1.0.dev12)"`` for a result pickled before it was
        recorded).
    libraries
        The versions of NumPy and SciPy that computed it (``(name, version)`` pairs; ``None``
        for a result pickled before they were recorded). None of :attr:`software_version`,
        :attr:`quantile_method` and :attr:`libraries` counts in ``==``.

    Examples
    --------
    Is the workforce initiative's alignment index higher than that of networks with the same
    partners and numbers of ties, placed at random?

    >>> import collective_impact as ci
    >>> test = alignment_null_test(ci.load_example("workforce"), n=21, seed=1)
    >>> round(test.observed, 3), round(test.mean, 3), round(test.p_value, 3)
    (0.633, 0.714, 0.955)

    No: most rewired networks align the partners' activities better than the recorded one.
    """

    #: Levels of :attr:`quantiles`.
    quantile_levels: ClassVar[tuple[float, float, float]] = (0.05, 0.5, 0.95)
    #: Fewest null networks from which :attr:`mean`, :attr:`sd` and :attr:`quantiles` are
    #: given; below it they are ``None`` (insufficient data). The same number as
    #: :attr:`Sensitivity.min_samples <collective_impact.Sensitivity.min_samples>`.
    min_samples: ClassVar[int] = _MIN_SAMPLES

    observed: float | None
    p_value: float | None
    mean: float | None
    sd: float | None
    quantiles: tuple[float, float, float] | None
    n: int
    distinct: int
    seed: int
    swaps: int
    burn_in: int
    ties: int
    acceptance: float | None
    reason: str | None
    samples: tuple[float, ...] = attrs.field(default=(), repr=False)
    config: ScoringConfig = attrs.field(repr=False)
    as_of: dt.date | None
    # what computed the result, not the result: two equal tests are equal whatever computed them
    software_version: str = attrs.field(default=__version__, repr=False, eq=False)
    quantile_method: str = attrs.field(default=QUANTILE_METHOD, repr=False, eq=False)
    libraries: tuple[tuple[str, str], ...] | None = attrs.field(
        factory=numerical_versions, repr=False, eq=False
    )

    def __getstate__(self) -> dict[str, Any]:
        """Return the fields by name, as attrs pickles a slotted class."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self))}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled result; one pickled before these were recorded says so.

        Such a result recorded no version nor how its quantiles were read (numpy's linear
        ones before 0.1.0.dev12): its :meth:`to_dict` says that they are unknown rather than
        name the version reading it, or its rule.
        """
        earlier = {
            "software_version": _UNRECORDED,
            "quantile_method": _UNRECORDED_METHOD,
            "libraries": None,
        }
        for name, value in {**earlier, **state}.items():
            object.__setattr__(self, name, value)

    def to_dict(self, *, samples: bool = False) -> dict[str, Any]:
        """Return the result as JSON-safe plain data.

        ``quantiles`` becomes ``{"0.05": ..., "0.5": ..., "0.95": ...}`` (or ``None``); the null
        indices themselves are included under ``"samples"`` only when ``samples`` is true.
        Seeds drawn by :func:`alignment_null_test` are below :math:`2^{53}`, so a JSON reader
        that holds numbers as doubles (JavaScript, most BI tools) reads them exactly.

        Parameters
        ----------
        samples
            Whether to include the ``n`` null indices, as a list under ``"samples"``.

        Returns
        -------
        dict of str to object
            ``observed``, ``p_value``, ``mean``, ``sd``, ``quantiles``, ``n``, ``distinct``,
            ``seed``, ``swaps``, ``burn_in``, ``ties``, ``acceptance`` and ``reason``
            (``None`` where undefined or, for ``reason``, when the test ran), ``min_samples``
            (the fewest null networks from which ``mean``, ``sd`` and ``quantiles`` are
            given), ``quantile_method`` (how ``quantiles`` are read: ``numpy.quantile``'s
            ``method``), ``config`` (every weight and threshold), ``as_of`` (an ISO date or
            ``None``) and ``software`` (``{"name": "collective_impact", "version": ...,
            "libraries": {"numpy": ..., "scipy": ...}}``, the versions that computed it,
            :attr:`software_version` and :attr:`libraries`: NumPy promises its random streams
            within one version): with the initiative and the seed, what reproduces the result;
            then ``samples`` if asked for.

        Examples
        --------
        >>> import collective_impact as ci
        >>> test = alignment_null_test(ci.load_example("workforce"), n=21, seed=1)
        >>> data = test.to_dict()
        >>> data["n"], data["seed"], data["ties"], data["reason"], data["min_samples"]
        (21, 1, 19, None, 21)
        >>> list(data["quantiles"]), "samples" in data
        (['0.05', '0.5', '0.95'], False)
        >>> data["as_of"], data["config"]["weak_tie"], data["quantile_method"]
        ('2010-12-31', 0.3, 'weibull')
        >>> len(test.to_dict(samples=True)["samples"])
        21
        >>> few = alignment_null_test(ci.load_example("workforce"), n=20, seed=1).to_dict()
        >>> few["quantiles"] is None, few["sd"] is None  # 20 < 21 null networks
        (True, True)
        """
        out: dict[str, Any] = {
            "observed": self.observed,
            "p_value": self.p_value,
            "mean": self.mean,
            "sd": self.sd,
            "quantiles": None
            if self.quantiles is None
            else {str(q): v for q, v in zip(self.quantile_levels, self.quantiles, strict=True)},
            "n": self.n,
            "distinct": self.distinct,
            "seed": self.seed,
            "swaps": self.swaps,
            "burn_in": self.burn_in,
            "ties": self.ties,
            "acceptance": self.acceptance,
            "reason": self.reason,
            "min_samples": self.min_samples,
            "quantile_method": self.quantile_method,
            "config": self.config.to_dict(),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "software": software(self.software_version, self.libraries),
        }
        if samples:
            out["samples"] = list(self.samples)
        return out


# --------------------------------------------------------------------------- the tests


def _check(n: Any, swaps_per_sample: Any, seed: Any) -> None:
    problems: list[tuple[str, str]] = []

    def count(name: str, value: Any, minimum: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            problems.append((name, f"expected an integer, got {type(value).__name__}"))
        elif value < minimum:
            problems.append((name, f"expected an integer >= {minimum}, got {value}"))

    count("n", n, 1)
    if swaps_per_sample is not None:
        count("swaps_per_sample", swaps_per_sample, 1)
    if seed is not None:
        count("seed", seed, 0)
    if problems:
        raise ValidationError(problems)


#: The version of a result pickled before versions were recorded in it (0.1.0.dev12).
_UNRECORDED = "unknown (before 0.1.0.dev12)"

#: How the quantiles of a result pickled before the method was recorded were read.
_UNRECORDED_METHOD = "unknown (linear before 0.1.0.dev12)"

#: Drawn seeds are below this: every integer below :math:`2^{53}` is a double exactly, so a
#: seed recorded in JSON survives readers that hold numbers as doubles (JavaScript, most BI
#: tools); a 63-bit seed lost its low bits there, and with them the reproduction.
_SEED_BOUND = 2**53


def _resolve_seed(seed: int | None) -> int:
    """Return ``seed``, or a fresh random seed below :math:`2^{53}` when it is ``None``."""
    if seed is not None:
        return int(seed)
    return int(np.random.default_rng().integers(_SEED_BOUND))


def _distinct(values: FloatArray) -> int:
    """Count the distinct values, those within the tie tolerance of the previous one as one."""
    if values.size == 0:
        return 0
    ordered = np.sort(values)
    steps = np.diff(ordered) > _TIE_TOLERANCE * np.maximum(1.0, np.abs(ordered[1:]))
    return 1 + int(np.count_nonzero(steps))


def alignment_null_test(
    initiative: Initiative,
    *,
    n: int = 1000,
    seed: int | None = None,
    config: ScoringConfig | None = None,
    swaps_per_sample: int | None = None,
    progress: bool = False,
    as_of: dt.date | None = None,
) -> NullTest:
    r"""Test whether the alignment index is higher than in degree-preserving random networks.

    The null hypothesis: the tie network is a random network with the same degrees — each
    partner has as many partners as it has, and the ties keep their strengths — unrelated to
    which activities are interdependent. The test draws ``n`` such networks by rewiring the
    observed one and counts how many give an index at least as high as the observed.

    Parameters
    ----------
    initiative
        The initiative.
    n
        Number of null networks.
    seed
        Seed of the random generator (``numpy.random.default_rng``); the same initiative (in
        any list order), ids and seed give the same result. When ``None`` a seed below
        :math:`2^{53}` is drawn (exact as a double, so in any JSON reader) and recorded in
        :attr:`NullTest.seed`.
    config
        Weights and thresholds (the defaults of :class:`~collective_impact.ScoringConfig`).
    swaps_per_sample
        Swaps *attempted* (accepted or rejected) from the observed network to the hub, and from
        the hub to each null network (see the notes); by default :math:`10E`, with :math:`E`
        the number of undirected ties.
    progress
        Show a tqdm progress bar over the null networks.
    as_of
        The date of judgement, as for :func:`~collective_impact.assess`: the index is that of
        the activities running on it (by default the initiative's ``as_of``, else its latest
        observation or baseline), the one :func:`~collective_impact.assess` reports.

    Returns
    -------
    NullTest
        With ``p_value``, ``mean``, ``sd`` and ``quantiles`` as the notes say when each is
        ``None``.

    Raises
    ------
    ValidationError
        When ``n``, ``swaps_per_sample`` or ``seed`` is not a valid count.
    PathwayError
        When indicator pathways do not converge.
    AsOfError
        When an explicit ``as_of`` (argument or file) is before every observation and baseline.

    Notes
    -----
    **Null networks.** The ties are taken as an undirected graph, one edge per pair of partners with
    at least one tie, of the strength of the strongest (the alignment index reads ties that way,
    DESIGN §4). Networks are drawn by a Markov chain of double-edge swaps (Maslov & Sneppen 2002;
    Milo et al. 2003): pick two edges :math:`\{a, b\}, \{c, d\}` at random and rewire them to
    :math:`\{a, d\}, \{c, b\}` (or :math:`\{a, c\}, \{b, d\}`), unless that creates a self-loop or
    an edge that already exists, in which case the chain stays where it is. Strengths travel with
    the edges. Every partner keeps its degree and the multiset of strengths is kept; rejected
    proposals count as steps, which makes the stationary distribution uniform over the simple graphs
    with these degrees (and strength labellings) that the chain reaches (Fosdick et al. 2018).

    **Exchangeable samples** (the parallel method of Besag and Clifford 1989). The chain first
    makes ``swaps_per_sample`` attempted swaps from the observed network to a *hub*; each null
    network is then ``swaps_per_sample`` attempted swaps from the hub, on a path of its own.
    The proposal is symmetric, so the chain is reversible: under the null hypothesis (the
    observed network is a draw from the null model) the observed network and the null ones are
    exchangeable, whether or not the chain has mixed, and the p-value below is exact: :math:`p
    \le \alpha` happens at most :math:`\alpha` of the time. A chain that mixes slowly costs
    power (null networks close to the observed one), never false alarms. Null networks sampled
    one after the other on a single chain, as before, were correlated with each other: on
    cradle-to-career (27 ties, 15 % of swaps accepted) :math:`p \le 0.05` happened in 7.7 %
    of 2,600 tests under the null.

    **Index of a null network.** Reinforcement :math:`R(a,b)` does not depend on ties, so only
    the coordination :math:`k` is recomputed, from the rewired tie matrix and the rewired set
    of partners reaching the backbone; working groups and shared partners are unchanged:

    .. math::

        I_b = \frac{\sum_{a<b} R(a,b)\, k_b(a,b)}{\sum_{a<b} R(a,b)}

    **p-value.** One-sided, with the observed network counted among the null ones (North et
    al. 2002):

    .. math::

        p = \frac{1 + \#\{b : I_b \ge I_{obs}\}}{n + 1}

    so :math:`p \ge 1/(n+1)`, and a null index within a relative :math:`10^{-12}` of the observed
    counts as equal. ``acceptance`` helps judge the power: when few swaps are accepted, raise
    ``swaps_per_sample``. ``distinct`` counts the distinct null indices: when the degrees admit
    only a few networks, the observed one is drawn again and again and :math:`p` stays far
    above :math:`1/(n+1)` whatever the data (with two networks of different indices, about
    1/2 at best).

    **The null distribution from few networks.** ``mean``, ``sd`` and ``quantiles`` describe
    the null networks drawn, each ``swaps_per_sample`` attempted swaps from one shared hub:
    they are correlated through the hub and, at the default, still lean slightly towards the
    observed network (on the workforce example, means of 0.704–0.712 over six seeds of 1,000
    networks against 0.713 from independent long chains, and a spread between seeds of 0.003
    against the 0.001 an independent sample would give); the p-value is not affected (its
    false alarms by seeded simulation are in ``tests/test_nulls.py``). For a null mean or
    standard deviation to quote, raise ``swaps_per_sample`` or draw null initiatives with
    :func:`rewire_ties`. As the intervals and means of
    :func:`~collective_impact.sensitivity`, they are given only from :attr:`NullTest.min_samples`
    (**21**) null networks; below they are ``None`` (insufficient data). ``numpy.quantile``
    places the 5% and 95% quantiles of :math:`n \le 20` values between the two smallest and
    the two largest, so they do not resolve the tails, and one network would give a 90% range
    of width 0. The p-value is exact from any :math:`n` (its resolution is :math:`1/(n+1)`), and
    ``samples`` holds the indices drawn.

    **Undefined cases.** When the alignment index is undefined (no pair of activities reinforces
    another), ``observed`` and ``p_value`` are ``None``. With fewer than two undirected ties
    there is nothing to rewire: ``observed`` is the index and ``p_value`` is ``None``. When the
    ties' degrees admit no other network (a star: every leaf has one tie and the centre all of
    them), every null network would be the observed one and :math:`p = 1` would say nothing:
    ``p_value`` is ``None``. It is detected when the burn-in accepted no swap: the test then
    checks whether any swap is possible (the degrees are those of a threshold graph, in
    :math:`O(E + n \log n)`, not by trying every pair of ties), and there is none exactly when
    no other network has these degrees (double-edge swaps connect all the simple graphs with given
    degrees, Taylor 1981). In these three cases ``n`` is 0 and ``reason`` says why. When a
    swap is possible but none was accepted (a tiny ``swaps_per_sample``), the null networks
    are drawn but all equal the observed one: ``p_value``, ``mean``, ``sd`` and ``quantiles``
    are ``None`` too (the draws are no sample of the null distribution), and ``reason`` asks
    for more swaps. When swaps are accepted but every null network has the observed index
    (the index does not depend on which partners are tied: every reinforcing pair shares a
    partner, say), :math:`p = 1` would say nothing either: ``p_value`` is ``None`` and
    ``reason`` says so, with the null networks drawn (``n``, ``samples``, ``distinct`` 1).

    **Reproducibility.** The swap chain works on the ties ordered by the ids of their partners
    (in the canonical form :func:`~collective_impact.assess` scores), so the same initiative,
    ids and seed reproduce the result bit for bit, whatever the order of its lists. Renamed ids
    give another sample of the same null distribution: a renaming that changes the order of
    the ids changes which swaps the random numbers propose, so the draws differ, and
    ``p_value`` with them within its Monte Carlo error (on workforce with ``n=99, seed=7``,
    reversing the alphabetical order of every id moved ``p_value`` from 0.97 to 0.99).
    Ordering the ties by their structure (degrees, strengths) before their ids would not
    remove this: partners with the same degrees and ties of the same strengths are common,
    and only their ids tell them apart. To report a p-value that depends on neither the seed
    nor the ids, raise ``n`` until its Monte Carlo error, :math:`\sqrt{p(1-p)/n}`, is small
    enough.

    References
    ----------
    - Maslov, S. and Sneppen, K. (2002). Specificity and stability in topology of protein
       networks. *Science* 296(5569), 910–913.
    - Milo, R., Kashtan, N., Itzkovitz, S., Newman, M. E. J. and Alon, U. (2003). On the
       uniform generation of random graphs with prescribed degree sequences.
       arXiv:cond-mat/0312028.
    - Fosdick, B. K., Larremore, D. B., Nishimura, J. and Ugander, J. (2018). Configuring
       random graph models with fixed degree sequences. *SIAM Review* 60(2), 315–355.
    - North, B. V., Curtis, D. and Sham, P. C. (2002). A note on the calculation of
       empirical P values from Monte Carlo procedures. *American Journal of Human Genetics*
       71(2), 439–441.
    - Besag, J. and Clifford, P. (1989). Generalized Monte Carlo significance tests.
       *Biometrika* 76(4), 633–642.
    - Taylor, R. (1981). Constrained switchings in graphs. In
       *Combinatorial Mathematics VIII*, Lecture Notes in Mathematics 884, 314–336. Springer.

    Examples
    --------
    >>> import collective_impact as ci
    >>> from collective_impact.analysis.nulls import alignment_null_test
    >>> test = alignment_null_test(ci.load_example("cradle-to-career"), n=99, seed=1)
    >>> round(test.observed, 3), test.n, test.seed
    (0.566, 99, 1)
    >>> 0.01 <= test.p_value <= 1.0
    True
    >>> test == alignment_null_test(ci.load_example("cradle-to-career"), n=99, seed=1)
    True
    """
    _check(n, swaps_per_sample, seed)
    n = int(n)  # a numpy integer is accepted, and recorded as a plain one (JSON)
    cfg = config if config is not None else ScoringConfig()
    used_seed = _resolve_seed(seed)
    # the canonical form of the activities running on the date of judgement, as assess scores
    # it: the same result, to the bit, for any list order
    prepared = Prepared(initiative, config=cfg, as_of=as_of)
    index = prepared.arrays
    result = prepared.reinforcement
    first, second, strength = _tie_graph(index)
    n_ties = int(first.size)
    swaps = (
        int(swaps_per_sample) if swaps_per_sample is not None else max(BURN_IN_PER_TIE * n_ties, 1)
    )
    burn_in = swaps  # from the observed network to the hub

    def not_run(reason: str, acceptance: float | None = None) -> NullTest:
        return NullTest(
            observed=result.index,
            p_value=None,
            mean=None,
            sd=None,
            quantiles=None,
            n=0,
            distinct=0,
            seed=used_seed,
            swaps=swaps,
            burn_in=burn_in,
            ties=n_ties,
            acceptance=acceptance,
            reason=reason,
            config=cfg,
            as_of=prepared.as_of,
        )

    if result.index is None:
        return not_run(_UNDEFINED)
    if n_ties < 2:
        return not_run(_TOO_FEW)

    index_of = _IndexOfTies(index, cfg, result)
    observed = index_of(first, second, strength)  # summed as the null indices are
    chain = _SwapChain(first, second, len(index.partner_ids), np.random.default_rng(used_seed))
    chain.run(burn_in)  # to the hub: a reversible chain runs back as it runs forward
    if chain.accepted == 0 and not chain.admits_swap():  # still the observed network
        return not_run(_NO_OTHER, acceptance=0.0)
    hub = chain.state()
    values = np.empty(n, dtype=np.float64)
    bar = _progress_bar(n, desc="null networks", unit="network") if progress else None
    try:
        for s in range(n):
            chain.restart(hub)  # each null network on a path of its own from the hub
            chain.run(swaps)
            values[s] = index_of(chain.first, chain.second, strength)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()

    at_least = int(np.count_nonzero(values >= observed - _TIE_TOLERANCE * max(1.0, observed)))
    # else the null distribution's estimates are insufficient data; with no swap accepted the
    # draws are the observed network again and again, no sample of the null distribution at all
    enough = n >= _MIN_SAMPLES and bool(chain.accepted)
    # read as the sensitivity analysis reads its interval: the 5%-95% range holds on average
    # 90% of the null distribution (numpy's default, linear, 82% at 21 draws)
    q = np.quantile(values, NullTest.quantile_levels, method=QUANTILE_METHOD) if enough else None
    tolerance = _TIE_TOLERANCE * max(1.0, abs(observed))
    # no rewiring moved the index: p = 1 would say nothing, as for a star (no other network)
    no_effect = bool(chain.accepted) and bool(np.all(np.abs(values - observed) <= tolerance))
    reason = _NO_SWAP if not chain.accepted else _NO_EFFECT if no_effect else None
    return NullTest(
        observed=result.index,
        p_value=(1 + at_least) / (n + 1) if reason is None else None,
        mean=float(values.mean()) if enough else None,
        sd=float(values.std(ddof=1)) if enough else None,
        quantiles=None if q is None else (float(q[0]), float(q[1]), float(q[2])),
        n=n,
        distinct=_distinct(values),
        seed=used_seed,
        swaps=swaps,
        burn_in=burn_in,
        ties=n_ties,
        acceptance=chain.accepted / chain.attempted if chain.attempted else None,
        reason=reason,
        samples=tuple(values.tolist()),
        config=cfg,
        as_of=prepared.as_of,
    )


def rewire_ties(
    initiative: Initiative, *, swaps: int | None = None, seed: int | None = None
) -> Initiative:
    """Return the initiative with its ties replaced by one degree-preserving rewiring of them.

    One run of the swap chain of :func:`alignment_null_test`, started from the observed ties,
    by default ``100 * E`` attempted swaps: long enough to forget its start, so that null
    initiatives built from it are draws of the null model. Fewer swaps have not forgotten it:
    with ``10 * E`` (the default before 0.1.0.dev11) the alignment index of the workforce
    example's null initiatives averaged 0.696 against 0.713 after ``500 * E`` (1,500 draws,
    0.43 of the null's standard deviation towards the observed 0.633), and checking the
    test's calibration on them overstated its false alarms (8 % at the level 0.05 against
    4.9 % with ``50 * E`` swaps and 4.5 % with ``200 * E``).

    Parameters
    ----------
    initiative
        The initiative.
    swaps
        Swaps attempted; by default ``100 * E``, with ``E`` the number of tied pairs of
        partners (above). ``10 * E``, the burn-in of :func:`alignment_null_test`, starts a
        chain but does not draw a null initiative.
    seed
        Seed of the random generator; drawn at random below :math:`2^{53}` when ``None``, and
        recorded either way (below).

    Returns
    -------
    Initiative
        Equal to ``initiative`` but for its ties, its name and its description. The ties of
        each tied pair of partners move together, as one edge of the swap chain, to a new pair
        of partners: every tie of the pair, each with its kind, strength, ratings and
        intensity, and each keeping its direction relative to the others (a pair tied both
        ways stays tied both ways, two ties from the same partner still leave the same
        partner). So ``swaps=0`` gives back the observed ties and every score of the observed
        initiative (it kept only the strongest tie of a pair, and with it only one partner's
        ratings of the other: a pair rated 4 one way and 1 the other read a network trust of
        100 instead of 75). The name says that the
        ties are rewired and with which seed (``"Opportunity Chicago (ties rewired, seed
        7)"``), and the description ends with the seed and the swaps attempted, so that a
        null initiative is told from the observed one in a batch's table and can be drawn
        again (its seed was not recorded when drawn, and its name was the observed one's:
        found by a reviewer taking a researcher's view). The ties are listed pair by pair, in
        the order of the ids of the observed pairs, whatever the order of the initiative's
        lists.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`.
    ValidationError
        When ``swaps`` or ``seed`` is not a valid count.

    Notes
    -----
    The null model is undirected, like the alignment index it serves: each partner keeps its
    number of tied partners, whatever the kinds and directions of the ties, and the pairs'
    bundles of ties are what the swaps move. The chain is that of :func:`alignment_null_test`,
    making the same moves on the pairs from the same random numbers (the strongest tie of a
    pair, the one the alignment index reads, moves with its pair), so the null initiatives
    are draws of the null model the test uses. A swap keeps one
    end of each of the two pairs it rewires, picked at random, and moves the other: a pair
    ``a``–``b`` becoming ``a``–``d`` takes each tie from ``b`` to come from ``d``, and each
    tie to ``b`` to go to ``d``; the proposal is symmetric on these bundles too, so the chain
    keeps its stationary distribution. Which end of a pair keeps its partner is random, so a
    partner's in- and out-degrees are *not* preserved: the directed measures of a rewired
    initiative (brokerage, reciprocity, directed density) are not draws from a null model with
    fixed in- and out-degrees, though reciprocated pairs stay reciprocated. A tie of a mutual
    kind (communication, joint planning; :attr:`TieKind.directed
    <collective_impact.TieKind.directed>` false) entered the other way round comes out the
    other way round: the ratings on it are one partner's view of the other, whatever its kind.

    References
    ----------
    .. [1] Fosdick, B. K., Larremore, D. B., Nishimura, J. and Ugander, J. (2018). Configuring
       random graph models with fixed degree sequences. *SIAM Review* 60(2), 315–355.

    Examples
    --------
    >>> import collective_impact as ci
    >>> from collections import Counter
    >>> init = ci.load_example("workforce")
    >>> rewired = rewire_ties(init, seed=0)
    >>> def degrees(i):
    ...     pairs = {frozenset((t.source, t.target)) for t in i.ties}
    ...     return Counter(p for pair in pairs for p in pair)
    >>> degrees(rewired) == degrees(init)
    True
    """
    expect_initiative(initiative)
    problems: list[tuple[str, str]] = []
    for name, value in (("swaps", swaps), ("seed", seed)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            problems.append((name, f"expected an integer, got {type(value).__name__}"))
        elif value < 0:
            problems.append((name, f"expected an integer >= 0, got {value}"))
    if problems:
        raise ValidationError(problems)
    seed = _resolve_seed(seed)
    ids = tuple(p.id for p in initiative.partners)
    pos = {x: i for i, x in enumerate(ids)}
    rank = id_ranks(ids)
    # one slot per tied pair, from the partner of the smaller id (its first end) to the other;
    # each tie of the pair hangs on it, running from the first end or (True) towards it
    pairs: dict[tuple[int, int], list[tuple[bool, Tie]]] = {}
    for tie in initiative.ties:
        u, v = pos[tie.source], pos[tie.target]
        backward = bool(rank[u] > rank[v])
        pairs.setdefault((v, u) if backward else (u, v), []).append((backward, tie))
    keys = sorted(pairs, key=lambda k: (rank[k[0]], rank[k[1]]))
    first = np.asarray([k[0] for k in keys], dtype=np.int64)
    second = np.asarray([k[1] for k in keys], dtype=np.int64)
    chain = _SwapChain(first, second, len(ids), np.random.default_rng(seed), track_ends=True)
    attempted = DRAW_SWAPS_PER_TIE * len(keys) if swaps is None else int(swaps)
    chain.run(attempted)
    new_first, new_second = chain.edges()
    assert chain.reversed is not None
    ties = []
    for key, u, v, turned in zip(keys, new_first, new_second, chain.reversed, strict=True):
        ends = (ids[int(v)], ids[int(u)]) if turned else (ids[int(u)], ids[int(v)])
        # (source, target, kind) is unique, so direction and kind order a pair's ties fully
        for backward, tie in sorted(pairs[key], key=lambda bt: (bt[0], bt[1].kind.value)):
            source, target = (ends[1], ends[0]) if backward else ends
            ties.append(attrs.evolve(tie, source=source, target=target))
    record = (
        f"Ties rewired by collective_impact {__version__}, rewire_ties(seed={seed}, "
        f"swaps={attempted}): a null initiative, each partner keeping its number of tied "
        "partners."
    )
    return initiative.evolve(
        ties=tuple(ties),
        name=f"{initiative.name} (ties rewired, seed {seed})",
        description=f"{initiative.description}\n\n{record}" if initiative.description else record,
    )
