r"""Network measures as R's ``sna`` computes them, for researchers of inter-organisational networks.

Every measure here is checked against R ``sna`` 2.7 (Butts 2008) and igraph on three reference
graphs (``tests/data/sna/reference.R``), to :math:`10^{-9}`. They are computed on the two views of
the ties of :mod:`collective_impact.analysis.network`, partners in sorted-id order (so that no
measure depends on the order of the initiative's lists):

* the **directed** view: an arc :math:`p \to q` for a tie of a directed kind (funding, referral,
  data sharing) from :math:`p` to :math:`q`, and arcs both ways for a tie of a mutual kind
  (communication, joint planning); several ties between the same ordered pair are one arc, so a
  partner's in- and out-degree count partners, not ties, and a mutual tie counts once in each;
* the **undirected** view (``sna``'s ``symmetrize(rule="weak")``): an edge wherever an arc runs
  either way.

Ties are unweighted (``sna``'s ``ignore.eval``): strengths and ratings do not enter any measure
here. A measure that the data cannot give — a centralization of fewer than 3 partners, a
reciprocity without ties, an eigenvector when the leading eigenvalue is repeated — is ``nan``
and its docstring says why; where ``sna`` returns a convention instead (1 for the
connectedness of one vertex, 1 for the transitivity of a graph without two-paths) this module
says ``nan`` and its docstring says so.

Partner attributes
------------------
:func:`partner_table`, :func:`brokerage_by` and :func:`ei_index_by` group partners by an
*attribute*, any of:

* ``None``: the partner's sector;
* the name of a :class:`~collective_impact.Partner` field (``"sector"``, ``"roles"``,
  ``"name"``, ``"id"``): an enumeration gives its value, a tuple of roles the sorted values
  joined by ``+`` (``"funder+backbone"`` sorted as ``"backbone+funder"``), or ``"none"`` when it
  is empty;
* a mapping from partner id to group, which must give a group (a string) to every partner;
* a function from :class:`~collective_impact.Partner` to a string.

References
----------
.. [#sna-1] Wasserman, S. and Faust, K. (1994). *Social Network Analysis: Methods and Applications*.
   Cambridge University Press.
.. [#sna-2] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. *Social
   Networks* 1, 215–239.
.. [#sna-3] Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In
   Carley, K. M. and Prietula, M. J. (eds.), *Computational Organization Theory*, 89–111.
.. [#sna-4] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical Software*
   24(6).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Literal

import attrs
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from ..errors import MissingDependencyError, ValidationError
from ..model import Initiative, Partner
from .network import (
    BrokerageRoles,
    FloatArray,
    IntArray,
    _burt,
    _dependencies,
    _dependencies_by_source,
    _group_problems,
    _row_positions,
    _tie_arrays,
    brokerage,
    ei_index,
    tie_graph,
)

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = [
    "CENTRALIZATION_MEASURES",
    "Attribute",
    "Components",
    "brokerage_by",
    "centralization",
    "components",
    "connectedness",
    "efficiency",
    "ei_index_by",
    "hierarchy",
    "lubness",
    "partner_groups",
    "partner_table",
    "reciprocity",
    "transitivity",
]

#: What groups partners: see the module notes.
Attribute = str | Mapping[str, str] | Callable[[Partner], str] | None

#: The measures :func:`centralization` takes.
CENTRALIZATION_MEASURES = ("degree", "betweenness", "closeness", "eigenvector")

#: Relative gap under which the spectral radii of two components count as one (a repeated
#: leading eigenvalue).
_EIGEN_TOLERANCE = 1e-8

#: Largest error of an eigenvector (about machine epsilon times the norm over the gap to the
#: nearest other eigenvalue) that is reported; beyond it the eigenvector is ``nan``.
_EIGEN_ACCURACY = 1e-6
#: Bytes of distances computed at once by :func:`_distance_rows`.
_BLOCK_BYTES = 32 << 20
#: Steps of a sparse product that cost about one look-up of an arc among all arcs (a binary
#: search), in :func:`_two_paths` (measured 15 to 50 on dense networks).
_WEDGES_PER_LOOKUP = 16


# --------------------------------------------------------------------------- groups


def _group_value(value: object) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        names = sorted(_group_value(v) for v in value)
        return "+".join(names) if names else "none"
    return str(value)


def partner_groups(initiative: Initiative, attribute: Attribute = None) -> dict[str, str]:
    """Return the group of every partner by an attribute (see the module notes).

    Parameters
    ----------
    initiative
        The initiative.
    attribute
        ``None`` (the sector), the name of a :class:`~collective_impact.Partner` field, a
        mapping from partner id to group, or a function from partner to group.

    Returns
    -------
    dict of str to str
        ``{partner id: group}`` in partner order.

    Raises
    ------
    ValidationError
        Listing every problem at once: an unknown field name, a mapping that misses partners
        (each named) or gives a group that is not a string, a function that returns something
        other than a string (for each partner).

    Examples
    --------
    >>> from collective_impact import Initiative, Partner
    >>> init = Initiative(name="Example", partners=[
    ...     Partner(id="a", name="A", sector="nonprofit", roles=["funder", "backbone"]),
    ...     Partner(id="b", name="B", sector="government")])
    >>> partner_groups(init, "roles")
    {'a': 'backbone+funder', 'b': 'none'}
    >>> partner_groups(init, lambda p: p.name.lower())
    {'a': 'a', 'b': 'b'}
    """
    partners = initiative.partners
    problems: list[tuple[str, str]] = []
    groups: dict[str, str] = {}
    if attribute is None:
        return {p.id: p.sector.value for p in partners}
    if isinstance(attribute, str):
        fields = [f.name for f in attrs.fields(Partner)]
        if attribute not in fields:
            raise ValidationError(
                [
                    (
                        "attribute",
                        f"expected a Partner field ({', '.join(fields)}), got {attribute!r}",
                    )
                ]
            )
        return {p.id: _group_value(getattr(p, attribute)) for p in partners}
    given: object = attribute  # checked at run time, whatever the annotations say
    if isinstance(given, Mapping):
        groups, problems = _group_problems([p.id for p in partners], given, "attribute")
    elif callable(given):
        for i, p in enumerate(partners):
            group = given(p)
            if not isinstance(group, str):
                problems.append(
                    (
                        f"attribute(partners[{i}])",
                        f"expected a string for partner {p.id!r}, got {type(group).__name__}",
                    )
                )
            else:
                groups[p.id] = group
    else:
        problems.append(
            (
                "attribute",
                "expected None, a Partner field name, a mapping of partner ids to groups or "
                f"a function, got {type(given).__name__}",
            )
        )
    if problems:
        raise ValidationError(problems)
    return groups


# --------------------------------------------------------------------------- kernels


def _distance_rows(matrix: sp.csr_array) -> Iterator[tuple[IntArray, FloatArray]]:
    """Yield blocks of sources with their rows of hop distances (``inf`` where unreached).

    Breadth-first searches in compiled code (``scipy.sparse.csgraph.shortest_path``,
    unweighted), along the rows of ``matrix`` (arcs source -> target), a block of sources at a
    time so that the rows stay within :data:`_BLOCK_BYTES`.
    """
    from scipy.sparse import csgraph

    n = matrix.shape[0]
    step = max(1, _BLOCK_BYTES // (8 * max(n, 1)))
    for first in range(0, n, step):
        sources = np.arange(first, min(n, first + step), dtype=np.int64)
        rows = csgraph.shortest_path(
            matrix, method="D", directed=True, unweighted=True, indices=sources
        )
        yield sources, np.asarray(rows, dtype=np.float64)


def _harmonic_closeness(matrix: sp.csr_array) -> FloatArray:
    r""":math:`\frac{1}{n-1}\sum_{j \ne i} 1/d(i, j)` of every vertex (``nan`` below 2)."""
    n = matrix.shape[0]
    if n < 2:
        return np.full(n, math.nan)
    out = np.zeros(n)
    for sources, rows in _distance_rows(matrix):
        rows[np.arange(sources.size), sources] = np.inf  # leave out d(i, i) = 0
        out[sources] = (1.0 / rows).sum(axis=1) / (n - 1)
    return out


def _reached(matrix: sp.csr_array) -> int:
    """Ordered pairs ``(i, j)``, ``i != j``, with a path from ``i`` to ``j``."""
    return sum(
        int(np.isfinite(rows).sum()) - sources.size for sources, rows in _distance_rows(matrix)
    )


def _directed_betweenness(arcs: sp.csr_array) -> FloatArray:
    r"""Return ``sna::betweenness(gmode="digraph")`` of every vertex.

    :math:`\sum_{s \ne v \ne t} \sigma_{st}(v)/\sigma_{st}` over ordered pairs of the
    directed view: Brandes' dependencies by one breadth-first search per source along the
    arcs (``network._dependencies_by_source``, whose triangular solves follow the arcs' direction).
    """
    n = arcs.shape[0]
    return _dependencies_by_source(arcs, np.arange(n, dtype=np.int64))


def _undirected_betweenness(adjacency: sp.csr_array) -> FloatArray:
    """``sna::betweenness(gmode="graph")``: the same over unordered pairs (half the sum)."""
    n = adjacency.shape[0]
    return _dependencies(adjacency, np.arange(n, dtype=np.int64)) / 2


def _eigenvector(matrix: sp.csr_array, *, symmetric: bool) -> tuple[FloatArray, str | None]:
    r"""Return the principal eigenvector (non-negative, unit length), or ``nan`` and the reason.

    :math:`A x = \lambda_1 x` with :math:`\lambda_1` the largest (real) eigenvalue, which is the
    spectral radius of a non-negative matrix: ``sna::evcent(use.eigen=TRUE)`` up to the sign.
    Defined when :math:`\lambda_1 > 0` and its eigenvectors are the multiples of one (dense
    LAPACK: ``eigh`` for the undirected view, ``eig`` for the directed one).

    Whether :math:`\lambda_1` is repeated is decided by structure, not by how close two computed
    eigenvalues are (Perron-Frobenius): the spectral radius of each connected (strongly
    connected, in the directed view) component is a simple eigenvalue of it, so
    :math:`\lambda_1` is repeated exactly when several components reach it. Two such
    components of the undirected view give several eigenvectors (``nan``); in the directed view
    they share one when they reach one another (a Jordan block): the null space of
    :math:`A - \lambda_1 I` has dimension 1, and its vector, from the singular value
    decomposition, is the eigenvector. Two dense groups joined by a long chain are one component
    whose two largest eigenvalues differ by as little as :math:`10^{-10}`: such a graph was
    called repeated, "not unique", in the undirected view, and given an eigenvector wrong in
    the fifth figure in the directed one. The eigenvector of a simple eigenvalue is computed to
    about :math:`\epsilon \lVert A \rVert_F / g`, :math:`g` the distance to the nearest other
    eigenvalue; when that exceeds :data:`_EIGEN_ACCURACY` (:math:`10^{-6}`) it is ``nan``, with
    the gap, rather than a number with figures double precision does not fix.
    """
    n = matrix.shape[0]
    nan = np.full(n, math.nan)
    if n == 0:
        return nan, "no partners"
    dense = matrix.toarray()
    if symmetric:
        values, vectors = np.linalg.eigh(dense)
        top = int(np.argmax(values))
        cvalues = values.astype(np.complex128)
    else:
        cvalues, cvectors = np.linalg.eig(dense)
        # the spectral radius of a non-negative matrix is an eigenvalue, and the only one with
        # the largest real part: -rho of a periodic component has the same modulus
        top = int(np.argmax(cvalues.real))
        vectors = cvectors.real
    radii, labels = _component_radii(matrix, dense, symmetric=symmetric)
    lead = float(radii.max())
    scale = _EIGEN_TOLERANCE * max(1.0, lead)
    if lead <= scale:
        why = "no ties" if symmetric else "no cycle of arcs"
        return nan, f"the leading eigenvalue is 0 ({why})"
    if int((np.abs(radii - lead) <= scale).sum()) > 1:
        unique = None if symmetric else _null_vector(dense, lead, scale)
        if unique is None:
            return nan, (
                "the leading eigenvalue is repeated (several components of the same largest "
                "spectral radius), so the eigenvector is not unique"
            )
        vector = np.abs(unique)
        # one eigenvector although several components reach λ1: they reach one another in a
        # chain, and it lives where the first of them (the one no other reaches) can be
        # reached; 0 exactly elsewhere (LAPACK left 1e-17 there by the ids, found by a
        # fresh-eyes reviewer)
        tops = np.flatnonzero(np.abs(radii - lead) <= scale)
        reached = {int(c): _components_reached(matrix, labels, int(c)) for c in tops.tolist()}
        first = [c for c in reached if not any(c in r for o, r in reached.items() if o != c)]
        if len(first) == 1:
            vector[~_reaching(matrix, labels, first[0])] = 0.0
    else:
        others = np.delete(cvalues, top)
        gap = float(np.abs(others - cvalues[top]).min()) if others.size else math.inf
        error = float(np.finfo(np.float64).eps) * float(np.linalg.norm(dense)) / gap
        if error > _EIGEN_ACCURACY:
            return nan, (
                f"ill-conditioned: the two largest eigenvalues are only {gap:.1e} apart, so "
                f"double precision fixes the eigenvector only to about {error:.0e}"
            )
        vector = np.abs(vectors[:, top])
        leading = int(np.argmax(radii))
        if symmetric:  # the other components are 0 exactly: λ1 is not one of their eigenvalues
            vector[labels != leading] = 0.0
        else:  # 0 exactly where the leading component cannot be reached (the same reason)
            vector[~_reaching(matrix, labels, leading)] = 0.0
    # a partner with no tie out of it is 0 exactly, (A v)_i / λ1: LAPACK left 1e-16 there, on
    # the partner at some position in the order of the ids, so that renaming one changed it
    # (found by a reviewer)
    vector[np.diff(matrix.indptr) == 0] = 0.0
    result: FloatArray = vector / np.sqrt((vector**2).sum())
    return result, None


def _reaching(matrix: sp.csr_array, labels: IntArray, component: int) -> NDArray[np.bool_]:
    """Whether each partner's arcs reach ``component`` (its members included): one search."""
    from scipy.sparse import csgraph

    start = int(np.flatnonzero(labels == component)[0])
    found = csgraph.breadth_first_order(
        sp.csr_array(matrix.T), start, directed=True, return_predecessors=False
    )
    out = np.zeros(labels.size, dtype=np.bool_)
    out[found] = True
    return out


def _components_reached(matrix: sp.csr_array, labels: IntArray, component: int) -> set[int]:
    """Return the components that ``component``'s arcs reach, itself excluded."""
    from scipy.sparse import csgraph

    start = int(np.flatnonzero(labels == component)[0])
    found = csgraph.breadth_first_order(matrix, start, directed=True, return_predecessors=False)
    return {int(c) for c in np.unique(labels[found]).tolist()} - {component}


def _null_vector(dense: FloatArray, lead: float, scale: float) -> FloatArray | None:
    r"""Return the vector spanning the null space of :math:`A - \lambda I`, if it is one vector.

    Several strongly connected components of spectral radius :math:`\lambda` make it a repeated
    eigenvalue; its eigenvectors are still the multiples of one when those components reach one
    another (two mutual pairs joined by an arc: one Jordan block). The singular values of
    :math:`A - \lambda I` tell, where its eigenvalues cannot (LAPACK splits a defective
    eigenvalue by about :math:`10^{-8}`): the null space has the dimension of the number of
    singular values within ``scale`` of 0. ``None`` when it is not 1: the eigenvector is not
    unique.
    """
    _, singular, rows = np.linalg.svd(dense - lead * np.eye(len(dense)))
    if int((singular <= scale).sum()) != 1:
        return None
    vector: FloatArray = rows[-1]
    return vector


def _component_radii(
    matrix: sp.csr_array, dense: FloatArray, *, symmetric: bool = False
) -> tuple[FloatArray, IntArray]:
    """Return the spectral radius of each strongly connected component, and each partner's.

    The components of ``matrix``, numbered as ``scipy.sparse.csgraph.connected_components``
    numbers them; of each connected component when ``symmetric`` (the undirected view: the
    same components, whose eigenvalues are real).
    """
    from scipy.sparse import csgraph

    count, labels = csgraph.connected_components(matrix, directed=True, connection="strong")
    radii = np.zeros(count)
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], np.arange(count + 1))
    for c in range(count):
        members = order[starts[c] : starts[c + 1]]
        block = dense[np.ix_(members, members)]
        if not block.any():
            continue
        values = np.linalg.eigvalsh(block) if symmetric else np.linalg.eigvals(block)
        radii[c] = float(np.abs(values).max())
    return radii, labels.astype(np.int64, copy=False)


def _freeman(values: FloatArray, most: float) -> float:
    r"""Freeman's centralization :math:`\sum_i (c_{max} - c_i) / \max`."""
    return float((values.max() - values).sum() / most)


def _labels(matrix: sp.csr_array, connection: Literal["strong", "weak"]) -> tuple[int, IntArray]:
    """Components of a view, numbered in the order of their first partner (sorted ids)."""
    from scipy.sparse import csgraph

    count, raw = csgraph.connected_components(matrix, directed=True, connection=connection)
    _, first = np.unique(raw, return_index=True)
    rank = np.empty(count, dtype=np.int64)
    rank[np.argsort(first)] = np.arange(count)
    return int(count), rank[raw]


# --------------------------------------------------------------------------- per partner


def partner_table(initiative: Initiative, *, attribute: Attribute = None) -> DataFrame:
    r"""Return one row per partner (sorted by id) with its centralities, Burt's measures and roles.

    ==================  ===================================================================
    column              value (``sna`` / igraph function it matches)
    ==================  ===================================================================
    ``id``              the partner's id
    ``group``           its group by ``attribute`` (see the module notes)
    ``degree_in``       arcs into it in the directed view (``degree(cmode="indegree")``)
    ``degree_out``      arcs out of it (``degree(cmode="outdegree")``)
    ``degree``          :math:`d^{in} + d^{out}` (``degree(cmode="freeman")``): a mutual tie
                        counts twice, once each way
    ``betweenness``     :math:`\sum_{s \ne v \ne t} \sigma_{st}(v)/\sigma_{st}` over ordered
                        pairs of the directed view, not normalised
                        (``betweenness(gmode="digraph")``)
    ``closeness``       harmonic closeness :math:`\frac{1}{n-1}\sum_{j \ne i} 1/d(i, j)`,
                        distances along the arcs from :math:`i`, :math:`1/\infty = 0`
                        (``closeness(gmode="digraph", cmode="suminvdir")``)
    ``eigenvector``     the principal eigenvector of the *undirected* view, of unit length
                        and non-negative (``abs(evcent(gmode="graph", use.eigen=TRUE))``)
    ``constraint``      Burt's constraint on the undirected view (``igraph::constraint``)
    ``effective_size``  Borgatti's effective size :math:`d - 2t/d` on the undirected view
    ``coordinator`` …   Gould–Fernandez role counts by ``attribute`` (``sna::brokerage``,
                        ``raw.nli``): ``coordinator``, ``itinerant``, ``gatekeeper``,
                        ``representative``, ``liaison``
    ==================  ===================================================================

    Closeness is the harmonic variant because ``sna``'s default (``cmode="directed"``,
    :math:`(n-1)/\sum_j d(i,j)`) is 0 for every partner that cannot reach some other partner
    (every partner, in a network of two components or more), as in most real networks. The
    eigenvector is that of the undirected view because in the directed one (of the rows: a
    partner scores by the partners its arcs reach) every partner whose arcs lead into none of
    the cycles of the largest spectral radius (a grantee that only receives) has 0, and an
    acyclic network has none at all (see :func:`centralization` for the directed one).

    Parameters
    ----------
    initiative
        The initiative.
    attribute
        What groups partners for the brokerage roles (default: the sector).

    Returns
    -------
    pandas.DataFrame
        Columns as above (``id`` and ``group`` of dtype ``object``, degrees and role counts
        ``int64``, the rest ``float64``). ``frame.attrs["undefined"]`` maps each column with
        ``nan`` values to the reason: ``closeness`` for fewer than 2 partners, ``eigenvector``
        when the leading eigenvalue of the undirected view is 0 (no ties) or repeated (two
        equal largest components, say: the eigenvector is then not unique),
        ``constraint`` and ``effective_size`` for partners without ties.

    Raises
    ------
    MissingDependencyError
        When pandas is not installed (extra ``pandas``).
    ValidationError
        When ``attribute`` is not as described (see :func:`partner_groups`).

    References
    ----------
    .. [#partner-table-1]
       Wasserman, S. and Faust, K. (1994). *Social Network Analysis*, ch. 5 (degree,
       betweenness, closeness).
    .. [#partner-table-2]
       Bonacich, P. (1987). Power and centrality: a family of measures. *American Journal
       of Sociology* 92(5), 1170–1182 (eigenvector centrality).
    .. [#partner-table-3] Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
    .. [#partner-table-4]
       Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation. *Sociological
       Methodology* 19, 89–126.
    .. [#partner-table-5]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    Funding a -> b, and b and c in communication (arcs both ways); d has no tie:

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abcd"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="b", target="c")],
    ... )
    >>> table = partner_table(init)
    >>> table[["id", "degree_in", "degree_out", "betweenness", "coordinator"]]
      id  degree_in  degree_out  betweenness  coordinator
    0  a          0           1          0.0            0
    1  b          2           1          1.0            1
    2  c          1           1          0.0            0
    3  d          0           0          0.0            0
    >>> table["closeness"].round(4).tolist()
    [0.5, 0.3333, 0.3333, 0.0]
    >>> table.attrs["undefined"]["constraint"]
    'nan for partners without ties'
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingDependencyError("pandas", "pandas", purpose="DataFrames") from exc
    groups = partner_groups(initiative, attribute)
    arrays = _tie_arrays(initiative)
    n = len(arrays.ids)
    undefined: dict[str, str] = {}
    degree_in = np.bincount(arrays.arcs.indices, minlength=n).astype(np.int64)
    degree_out = np.diff(arrays.arcs.indptr).astype(np.int64)
    closeness = _harmonic_closeness(arrays.arcs)
    if n < 2:
        undefined["closeness"] = "fewer than 2 partners"
    eigen, reason = _eigenvector(arrays.adjacency, symmetric=True)
    if reason is not None:
        undefined["eigenvector"] = reason
    constraint, effective = _burt(arrays.adjacency)
    if np.isnan(constraint).any():
        undefined["constraint"] = undefined["effective_size"] = "nan for partners without ties"
    roles = brokerage(initiative, groups=groups)
    counts = {
        role: np.array([roles[p].counts[role] for p in arrays.ids], dtype=np.int64)
        for role in ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
    }
    frame = pd.DataFrame(
        {
            "id": pd.Series(list(arrays.ids), dtype=object),
            "group": pd.Series([groups[p] for p in arrays.ids], dtype=object),
            "degree_in": degree_in,
            "degree_out": degree_out,
            "degree": degree_in + degree_out,
            "betweenness": _directed_betweenness(arrays.arcs) if n else np.zeros(0),
            "closeness": closeness,
            "eigenvector": eigen,
            "constraint": constraint,
            "effective_size": effective,
            **counts,
        }
    )
    frame.attrs["undefined"] = undefined
    return frame


# --------------------------------------------------------------------------- whole network


def centralization(
    initiative: Initiative,
    measure: Literal["degree", "betweenness", "closeness", "eigenvector"],
    *,
    directed: bool,
) -> float:
    r"""Return Freeman's centralization of a measure, as ``sna::centralization``.

    .. math::

        C = \frac{\sum_i (c_{max} - c_i)}{\max_{G'} \sum_i (c_{max}(G') - c_i(G'))}

    the denominator being ``sna``'s theoretical maximum for a graph of :math:`n` vertices
    (the ``tmaxdev=TRUE`` value of the measure):

    ===========  ==============================================  ==========================
    measure      directed view (``mode="digraph"``)               undirected view
    ===========  ==============================================  ==========================
    degree       Freeman degree :math:`d^{in} + d^{out}`,          degree,
                 :math:`2(n-1)(n-2)`                               :math:`(n-1)(n-2)`
    betweenness  ordered pairs, :math:`(n-1)^2(n-2)`               :math:`(n-1)^2(n-2)/2`
    closeness    ``suminvdir``, :math:`(n-1)^2`                    ``suminvundir``,
                                                                   :math:`n - 1 - n/2`
    eigenvector  of :math:`A` (out-arcs), :math:`n - 1`            :math:`\frac{\sqrt 2}{2}(n-2)`
    ===========  ==============================================  ==========================

    The measures are those of :func:`partner_table` (the undirected ones on the undirected
    view, as ``sna``'s ``gmode="graph"``). Every value is 1 for a star of mutual ties except
    for closeness on the directed view and eigenvector centralization. Two of ``sna``'s
    normalisers are reached by no graph: directed closeness (``sna`` divides by
    :math:`(n-1)^2`; an out-star of funding ties, hub 1 and spokes 0, gives the most,
    :math:`1/(n-1)`) and directed eigenvector centralization (:math:`n - 1` would take one
    partner holding the whole eigenvector, which a positive leading eigenvalue does not
    allow). The undirected eigenvector normaliser, :math:`\frac{\sqrt 2}{2}(n-2)`, is
    reached by a single tie among :math:`n - 2` untied partners (centralization 1), while a
    star of :math:`n` partners gives :math:`((n-1) - \sqrt{n-1})/(n-2)`, 2/3 for five.

    Parameters
    ----------
    initiative
        The initiative.
    measure
        ``"degree"``, ``"betweenness"``, ``"closeness"`` or ``"eigenvector"``.
    directed
        On the directed view (``True``) or the undirected one (``False``).

    Returns
    -------
    float
        :math:`C`; ``nan`` with fewer than 3 partners (the normaliser is 0 or negative), and
        for the eigenvector when it is undefined (the leading eigenvalue is 0 — no ties, or in
        the directed view no cycle of arcs — or repeated).

    Raises
    ------
    ValidationError
        When ``measure`` or ``directed`` is not as described.

    References
    ----------
    .. [#centralization-1]
       Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.
    .. [#centralization-2]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    A hub in communication with four spokes is a star both ways:

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Star",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "habcd"],
    ...     ties=[Tie(source="h", target=s) for s in "abcd"],
    ... )
    >>> centralization(init, "degree", directed=False)
    1.0
    >>> centralization(init, "betweenness", directed=True)
    1.0
    >>> centralization(init, "closeness", directed=True)  # 4 x (1 - 0.625) / 4 ** 2
    0.09375
    """
    problems: list[tuple[str, str]] = []
    if measure not in CENTRALIZATION_MEASURES:
        problems.append(
            ("measure", f"expected one of {', '.join(CENTRALIZATION_MEASURES)}, got {measure!r}")
        )
    flag: object = directed
    if not isinstance(flag, bool):
        problems.append(("directed", f"expected True or False, got {directed!r}"))
    if problems:
        raise ValidationError(problems)
    arrays = _tie_arrays(initiative)
    n = len(arrays.ids)
    if n < 3:
        return math.nan
    arcs, adjacency = arrays.arcs, arrays.adjacency
    if measure == "degree":
        if directed:
            total = np.bincount(arcs.indices, minlength=n) + np.diff(arcs.indptr)
            return _freeman(total.astype(np.float64), 2 * (n - 1) * (n - 2))
        return _freeman(np.diff(adjacency.indptr).astype(np.float64), (n - 1) * (n - 2))
    if measure == "betweenness":
        if directed:
            return _freeman(_directed_betweenness(arcs), (n - 1) ** 2 * (n - 2))
        return _freeman(_undirected_betweenness(adjacency), (n - 1) ** 2 * (n - 2) / 2)
    if measure == "closeness":
        if directed:
            return _freeman(_harmonic_closeness(arcs), (n - 1) ** 2)
        return _freeman(_harmonic_closeness(adjacency), n - 1 - n / 2)
    vector, _ = _eigenvector(arcs if directed else adjacency, symmetric=not directed)
    if np.isnan(vector).any():
        return math.nan
    return _freeman(vector, n - 1 if directed else math.sqrt(2) / 2 * (n - 2))


def reciprocity(initiative: Initiative, measure: Literal["dyadic", "edgewise"] = "dyadic") -> float:
    r"""Return the reciprocity of the directed view, as ``sna::grecip``.

    With the dyad census — :math:`M` mutual pairs (arcs both ways), :math:`A` asymmetric pairs
    (one arc), :math:`N` null pairs, :math:`M + A + N = n(n-1)/2`:

    .. math::

        R_{dyadic} = \frac{M + N}{M + A + N} \qquad R_{edgewise} = \frac{2M}{2M + A}

    the share of pairs whose two directions agree, and the share of arcs that are
    reciprocated. A communication or joint-planning tie is a mutual pair by itself; funding
    a -> b and b -> a is one too.

    Parameters
    ----------
    initiative
        The initiative.
    measure
        ``"dyadic"`` (default, ``sna``'s default) or ``"edgewise"`` (the ``reciprocity`` of
        :func:`~collective_impact.analysis.network.network_measures`).

    Returns
    -------
    float
        The reciprocity; ``nan`` for dyadic with fewer than 2 partners (no pairs) and for
        edgewise without ties (no arcs).

    Raises
    ------
    ValidationError
        When ``measure`` is neither.

    References
    ----------
    .. [#reciprocity-1]
       Wasserman, S. and Faust, K. (1994). *Social Network Analysis*, §13.2 (the dyad
       census).
    .. [#reciprocity-2]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    Funding a -> b, communication b - c: of the 3 pairs, b-c is mutual, a-b asymmetric and
    a-c null; of the 3 arcs, 2 are reciprocated.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="b", target="c")],
    ... )
    >>> round(reciprocity(init), 4), round(reciprocity(init, "edgewise"), 4)
    (0.6667, 0.6667)
    """
    if measure not in ("dyadic", "edgewise"):
        raise ValidationError([("measure", f"expected 'dyadic' or 'edgewise', got {measure!r}")])
    arrays = _tie_arrays(initiative)
    n, pairs, arcs = len(arrays.ids), len(arrays.edges), arrays.arcs.nnz
    mutual = arcs - pairs  # pairs with arcs both ways
    if measure == "dyadic":
        if n < 2:
            return math.nan
        dyads = n * (n - 1) // 2
        return (dyads - (pairs - mutual)) / dyads
    return 2 * mutual / arcs if arcs else math.nan


@attrs.frozen
class Components:
    """The strong or weak components of the directed view (see :func:`components`).

    Attributes
    ----------
    count : int
        How many components.
    membership : Mapping of str to int
        The component of every partner, by sorted id; components are numbered from 0 in the
        order of their first partner in sorted-id order.
    sizes : tuple of int
        The number of partners of each component, by number.

    Examples
    --------
    A funding tie is directed, so its two partners are two strong components, but one weak
    component:

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding")],
    ... )
    >>> strong = components(init)
    >>> strong.count, strong.sizes
    (3, (1, 1, 1))
    >>> weak = components(init, "weak")
    >>> weak.count, weak.membership, weak.sizes
    (2, {'a': 0, 'b': 0, 'c': 1}, (2, 1))
    """

    count: int
    membership: Mapping[str, int]
    sizes: tuple[int, ...]


def components(
    initiative: Initiative, connected: Literal["strong", "weak"] = "strong"
) -> Components:
    r"""Return the strong or weak components of the directed view, as ``sna::component.dist``.

    Two partners are in one *strong* component when each reaches the other along arcs, in one
    *weak* component when a path joins them ignoring directions (the components of the
    undirected view). Every partner is in exactly one component; an isolated partner is a
    component by itself, and an initiative without partners has none.

    Parameters
    ----------
    initiative
        The initiative.
    connected
        ``"strong"`` (default, as ``sna``) or ``"weak"``.

    Returns
    -------
    Components
        The count, each partner's component and the sizes.

    Raises
    ------
    ValidationError
        When ``connected`` is neither.

    References
    ----------
    .. [#components-1]
       Wasserman, S. and Faust, K. (1994). *Social Network Analysis*, §4.3.2 and §4.4.2.
    .. [#components-2]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abcd"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="b", target="c")],
    ... )
    >>> components(init).membership
    {'a': 0, 'b': 1, 'c': 1, 'd': 2}
    >>> components(init, "weak").sizes
    (3, 1)
    """
    if connected not in ("strong", "weak"):
        raise ValidationError([("connected", f"expected 'strong' or 'weak', got {connected!r}")])
    arrays = _tie_arrays(initiative)
    if not arrays.ids:
        return Components(count=0, membership={}, sizes=())
    count, labels = _labels(arrays.arcs, connected)
    return Components(
        count=count,
        membership=dict(zip(arrays.ids, labels.tolist(), strict=True)),
        sizes=tuple(np.bincount(labels, minlength=count).tolist()),
    )


def transitivity(initiative: Initiative, *, directed: bool = True) -> float:
    r"""Return the weak transitivity, as ``sna::gtrans(measure="weak")``.

    The share of two-paths :math:`i \to j \to k` (:math:`i, j, k` distinct) that are closed by
    an arc :math:`i \to k`:

    .. math::

        T = \frac{\sum_{i \ne k} a_{ik} (A^2)_{ik}}{\sum_{i \ne k} (A^2)_{ik}}

    On the undirected view (``directed=False``) it is the usual transitivity ratio, three times
    the triangles over the connected triples (igraph's global ``transitivity``).

    Parameters
    ----------
    initiative
        The initiative.
    directed
        On the directed view (default) or the undirected one.

    Returns
    -------
    float
        :math:`T`; ``nan`` when there is no two-path (``sna`` returns 1 there).

    Raises
    ------
    ValidationError
        When ``directed`` is not ``True`` or ``False``.

    References
    ----------
    .. [#transitivity-1] Wasserman, S. and Faust, K. (1994). *Social Network Analysis*, §14.3.
    .. [#transitivity-2]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    Communication among a, b and c (a triangle), and funding c -> d: of the 8 two-paths, the 6
    inside the triangle are closed and a -> c -> d, b -> c -> d are not.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abcd"],
    ...     ties=[Tie(source="a", target="b"), Tie(source="b", target="c"),
    ...           Tie(source="c", target="a"), Tie(source="c", target="d", kind="funding")],
    ... )
    >>> transitivity(init), transitivity(init, directed=False)
    (0.75, 0.6)
    """
    flag: object = directed
    if not isinstance(flag, bool):  # "no" is true: it gave the directed result (a reviewer)
        raise ValidationError([("directed", f"expected True or False, got {directed!r}")])
    arrays = _tie_arrays(initiative)
    a = arrays.arcs if directed else arrays.adjacency
    paths, closed = _two_paths(a)
    if paths == 0:
        return math.nan
    return float(closed) / float(paths)


def _two_paths(a: sp.csr_array) -> tuple[int, int]:
    r"""Return the two-paths :math:`i \to j \to k` (:math:`i \ne k`) of a CSR, and the closed ones.

    The two-paths are :math:`\sum_j d^-_j d^+_j` less the returns :math:`i \to j \to i`, one
    for each arc whose reverse is an arc. The closed ones are counted tail by tail, each tail
    :math:`i` the cheaper of two ways: its row of :math:`A^2` masked by its row of :math:`A`
    (a sparse product, :math:`w_i = \sum_{j \in N^+(i)} d^+_j` steps, at most
    :math:`\min(w_i, n)` entries); or, over its arcs :math:`i \to k`, the size of
    :math:`N^+(i) \cap N^-(k)`, each member of the shorter of the two lists looked up among the
    arcs (:math:`\ell_i` look-ups, a binary search each, about :data:`_WEDGES_PER_LOOKUP`
    steps of the product). The product serves dense networks (the look-ups alone made them 5
    to 48 times slower than :math:`A^2`) and the look-ups a hub's partners (a hub tied to
    everyone makes :math:`A^2` dense). Both by blocks of at most :data:`_BLOCK_BYTES`. ``a``
    has no diagonal, so :math:`j` differs from :math:`i` and :math:`k`.
    """
    n = a.shape[0]
    indptr = a.indptr.astype(np.int64)
    indices = a.indices.astype(np.int64)
    out_degree = np.diff(indptr)
    tail = np.repeat(np.arange(n, dtype=np.int64), out_degree)
    keys = tail * n + indices  # sorted: CSR rows in order, sorted columns
    if not keys.size:
        return 0, 0
    transposed = sp.csr_array(a.T)
    transposed.sort_indices()
    in_ptr = transposed.indptr.astype(np.int64)
    in_indices = transposed.indices.astype(np.int64)
    in_degree = np.diff(in_ptr)

    def arcs_in(wanted: IntArray) -> NDArray[np.bool_]:
        found: NDArray[np.bool_] = (
            keys[np.minimum(np.searchsorted(keys, wanted), keys.size - 1)] == wanted
        )
        return found

    returns = int(arcs_in(indices * n + tail).sum())
    paths = int((in_degree * out_degree).sum()) - returns
    by_out = out_degree[tail] <= in_degree[indices]  # look up i's out-list, else k's in-list
    cost = np.where(by_out, out_degree[tail], in_degree[indices])
    wedges = np.bincount(tail, weights=out_degree[indices], minlength=n).astype(np.int64)
    lookups = np.bincount(tail, weights=cost, minlength=n).astype(np.int64)
    multiplied = wedges <= _WEDGES_PER_LOOKUP * lookups
    closed = 0
    rows = np.flatnonzero(multiplied)
    ends = np.cumsum(np.minimum(wedges[rows], n))  # entries of the rows of A^2, at most
    cap = max(1, _BLOCK_BYTES // 32)  # an entry of the product: index, value and working space
    start = 0
    while start < rows.size:
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + cap, side="right")))
        part = sp.csr_array(a[rows[start:stop]])
        closed += int((part @ a).multiply(part).sum())
        start = stop
    todo = np.flatnonzero(~multiplied[tail])  # the arcs of the other tails, by look-ups
    ends = np.cumsum(cost[todo])
    cap = max(1, _BLOCK_BYTES // 48)
    start = 0
    while start < todo.size:
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + cap, side="right")))
        block = todo[start:stop]
        out_arcs = block[by_out[block]]
        k = np.repeat(indices[out_arcs], cost[out_arcs])
        j = indices[_row_positions(indptr, tail[out_arcs])[0]]
        closed += int(arcs_in(j * n + k).sum())
        in_arcs = block[~by_out[block]]
        i = np.repeat(tail[in_arcs], cost[in_arcs])
        j = in_indices[_row_positions(in_ptr, indices[in_arcs])[0]]
        closed += int(arcs_in(i * n + j).sum())
        start = stop
    return paths, closed


def connectedness(initiative: Initiative) -> float:
    r"""Return Krackhardt's connectedness, as ``sna::connectedness``.

    The share of pairs of partners joined by a path, ignoring directions: with weak components
    of sizes :math:`s_c`,

    .. math::

        C = \frac{\sum_c s_c (s_c - 1)/2}{n(n-1)/2}

    1 for a connected network, 0 when no partner has a tie.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    float
        :math:`C`; ``nan`` with fewer than 2 partners (``sna`` returns 1 there).

    References
    ----------
    .. [#connectedness-1]
       Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In
       *Computational Organization Theory*, 89–111.
    .. [#connectedness-2]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    a - b - c joined, d alone: 3 of the 6 pairs are connected.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abcd"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="b", target="c")],
    ... )
    >>> connectedness(init)
    0.5
    """
    arrays = _tie_arrays(initiative)
    n = len(arrays.ids)
    if n < 2:
        return math.nan
    sizes = np.bincount(_labels(arrays.adjacency, "weak")[1]).astype(np.float64)
    return float((sizes * (sizes - 1)).sum() / (n * (n - 1)))


def hierarchy(initiative: Initiative) -> float:
    r"""Return Krackhardt's hierarchy, as ``sna::hierarchy(measure="krackhardt")``.

    The share of the pairs joined by a path (either way) in which only one reaches the
    other: with :math:`M` the pairs that reach each other (those in one strong component) and
    :math:`A` the pairs in which exactly one reaches the other,

    .. math::

        H = \frac{A}{M + A} = 1 - \frac{M}{M + A}

    1 for an out-tree (every flow one-way), 0 when every tie is mutual.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    float
        :math:`H`; ``nan`` without ties (no pair is reachable).

    References
    ----------
    .. [#hierarchy-1]
       Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In
       *Computational Organization Theory*, 89–111.
    .. [#hierarchy-2] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    Funding a -> b, communication b - c: b and c reach each other (M = 1); a reaches b and c
    but neither reaches a (A = 2).

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="b", target="c")],
    ... )
    >>> round(hierarchy(init), 4)
    0.6667
    """
    arrays = _tie_arrays(initiative)
    if not arrays.arcs.nnz:
        return math.nan
    sizes = np.bincount(_labels(arrays.arcs, "strong")[1]).astype(np.int64)
    mutual = int((sizes * (sizes - 1)).sum()) // 2
    one_way = _reached(arrays.arcs) - 2 * mutual
    return one_way / (mutual + one_way)


def efficiency(initiative: Initiative) -> float:
    r"""Return Krackhardt's efficiency, as ``sna::efficiency``.

    How few arcs the network has beyond those it needs to stay connected: with weak
    components of sizes :math:`s_c`, :math:`m` arcs of the directed view (a mutual tie is two),

    .. math::

        E = 1 - \frac{m - \sum_c (s_c - 1)}{\sum_c (s_c - 1)^2}

    1 for a forest of one-way ties (each component a tree), lower with every redundant arc.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    float
        :math:`E`; ``nan`` when no partner has a tie (no component of 2 partners or more; the
        denominator is 0).

    References
    ----------
    .. [#efficiency-1]
       Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In
       *Computational Organization Theory*, 89–111.
    .. [#efficiency-2]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    Funding a -> b and communication b - c: 3 arcs, 1 more than the 2 that connect the 3
    partners, of at most :math:`(3-1)^2 = 4` more: :math:`1 - 1/4`.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b", kind="funding"), Tie(source="b", target="c")],
    ... )
    >>> efficiency(init)
    0.75
    """
    arrays = _tie_arrays(initiative)
    sizes = np.bincount(_labels(arrays.adjacency, "weak")[1]) if arrays.ids else np.zeros(0)
    most = float(((sizes - 1) ** 2).sum())
    if most == 0:
        return math.nan
    return 1 - (arrays.arcs.nnz - float((sizes - 1).sum())) / most


def _one_root_pairs(
    arcs: sp.csr_array, count: int, strong: IntArray, kept: NDArray[np.bool_]
) -> int:
    """Return the pairs of ``kept`` partners that exactly one root strong component reaches.

    Without visiting pairs: on the condensation (one vertex per strong component), each
    component's set of roots (the components no arc enters that reach it) is built in
    topological order, stored once for each distinct set: a component whose predecessors
    all have one set keeps it (a chain, or the grantees of a pooled fund), a root has its own,
    and any other the union of its predecessors' sets, looked up among the sets already made.
    The components with one set are one class, weighted by its kept partners (a hub tied to
    everyone makes a single class); and two classes are compared through the sparse product of
    their sets, by blocks of classes. A pair within a class counts when its set has one root;
    a pair across two classes when their sets share one root. Linear for trees, stars and
    pooled funds (the roots reaching each component, one pair each, took roots x components:
    2.4 GB for 6,000 funders and 6,000 grantees of one hub).
    """
    n = arcs.shape[0]
    tail = np.repeat(np.arange(n), np.diff(arcs.indptr))
    across = strong[tail] != strong[arcs.indices]
    links = np.unique(strong[tail[across]].astype(np.int64) * count + strong[arcs.indices[across]])
    before, after = np.divmod(links, count)
    entering = np.bincount(after, minlength=count)
    by_after = np.argsort(after, kind="stable")
    predecessors = before[by_after].tolist()  # links sorted by (before, after): by_after stable
    starts = np.concatenate([[0], np.cumsum(entering)]).tolist()
    successors = after.tolist()
    out_starts = np.concatenate([[0], np.cumsum(np.bincount(before, minlength=count))]).tolist()
    waiting = entering.tolist()
    ready = np.flatnonzero(entering == 0).tolist()  # the roots
    roots = len(ready)
    set_of = [0] * count
    sets: list[IntArray] = [np.array([r], dtype=np.int64) for r in range(roots)]
    known: dict[bytes, int] = {}
    for r, c in enumerate(ready):
        set_of[c] = r
    while ready:  # Kahn's order: every predecessor's set is made before the component's
        c = ready.pop()
        if starts[c] != starts[c + 1]:
            distinct = {set_of[p] for p in predecessors[starts[c] : starts[c + 1]]}
            if len(distinct) == 1:
                set_of[c] = distinct.pop()
            else:
                union = np.unique(np.concatenate([sets[s] for s in sorted(distinct)]))
                key = union.tobytes()
                found = known.get(key)
                if found is None:
                    found = known[key] = len(sets)
                    sets.append(union)
                set_of[c] = found
        for v in successors[out_starts[c] : out_starts[c + 1]]:
            waiting[v] -= 1
            if waiting[v] == 0:
                ready.append(v)
    weight = np.bincount(strong[kept], minlength=count).astype(np.int64)
    kept_components = np.flatnonzero(weight)
    used, class_of = np.unique(
        np.asarray(set_of, dtype=np.int64)[kept_components], return_inverse=True
    )
    d = used.size
    if d == 0:
        return 0
    size = np.bincount(class_of, weights=weight[kept_components], minlength=d).astype(np.int64)
    members = [sets[s] for s in used.tolist()]
    lengths = np.array([m.size for m in members], dtype=np.int64)
    sets_matrix = sp.csr_array(
        (
            np.ones(int(lengths.sum())),
            np.concatenate(members) if members else np.zeros(0, dtype=np.int64),
            np.concatenate([[0], np.cumsum(lengths)]),
        ),
        shape=(d, max(roots, 1)),
    )
    lone = lengths == 1
    found_pairs = int((size[lone] * (size[lone] - 1) // 2).sum())
    transposed = sp.csr_array(sets_matrix.T)
    # entries of a block's product: a class meets at most the classes holding each of its roots
    holding = np.bincount(sets_matrix.indices, minlength=sets_matrix.shape[1])
    bound = np.minimum(np.add.reduceat(holding[sets_matrix.indices], sets_matrix.indptr[:-1]), d)
    ends = np.cumsum(bound)
    cap = max(1, _BLOCK_BYTES // 16)
    start = 0
    while start < d:
        done = int(ends[start - 1]) if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, done + cap, side="right")))
        common = sp.coo_array(sets_matrix[start:stop] @ transposed)
        one = (common.data == 1) & (common.row + start < common.col)
        found_pairs += int((size[common.row[one] + start] * size[common.col[one]]).sum())
        start = stop
    return found_pairs


def lubness(initiative: Initiative) -> float:
    r"""Return Krackhardt's least upper boundedness, as ``sna::lubness``.

    For each pair :math:`i, j` of partners of one weak component of 3 or more, the upper
    bounds are the partners that reach both (along arcs; a partner reaches itself); the pair
    has a least upper bound when one upper bound reaches all the others. Otherwise the pair
    is a violation, and

    .. math::

        L = 1 - \frac{\text{violations}}{\sum_c (s_c - 1)(s_c - 2)/2}

    over the weak components of sizes :math:`s_c \ge 3`. Computed without visiting pairs: the
    upper bounds of a pair are closed upwards (whoever reaches an upper bound is one), so they
    have a greatest element exactly when one *root* strong component (one no arc enters)
    reaches both — the pairs reached by exactly one root, counted by a sparse product of the
    roots' reachability.

    Parameters
    ----------
    initiative
        The initiative.

    Returns
    -------
    float
        :math:`L` (1 for an out-tree, where the root bounds every pair; it can be negative, as
        in ``sna``, since a component can have more violating pairs than the normaliser);
        ``nan`` when no weak component has 3 partners or more.

    References
    ----------
    .. [#lubness-1]
       Krackhardt, D. (1994). Graph theoretical dimensions of informal organizations. In
       *Computational Organization Theory*, 89–111.
    .. [#lubness-2] Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    a funds b and c: a bounds every pair. Add d funding c: neither (a, d) nor (b, d) has a
    common upper bound, 2 violations of at most :math:`(4-1)(4-2)/2 = 3`.

    >>> from collective_impact import Initiative, Partner, Tie
    >>> partners = [Partner(id=p, name=p, sector="nonprofit") for p in "abcd"]
    >>> ties = [Tie(source="a", target=t, kind="funding") for t in "bc"]
    >>> lubness(Initiative(name="Tree", partners=partners[:3], ties=ties))
    1.0
    >>> extra = Tie(source="d", target="c", kind="funding")
    >>> round(lubness(Initiative(name="Two roots", partners=partners, ties=[*ties, extra])), 4)
    0.3333
    """
    arrays = _tie_arrays(initiative)
    n = len(arrays.ids)
    if n < 3:
        return math.nan
    arcs = arrays.arcs
    _, weak = _labels(arrays.adjacency, "weak")
    sizes = np.bincount(weak)
    big = sizes >= 3
    most = float(((sizes[big] - 1) * (sizes[big] - 2)).sum() / 2)
    if most == 0:
        return math.nan
    count, strong = _labels(arcs, "strong")
    pairs = float((sizes[big] * (sizes[big] - 1)).sum() / 2)
    return 1 - (pairs - _one_root_pairs(arcs, count, strong, big[weak])) / most


# --------------------------------------------------------------------------- by attribute


def brokerage_by(initiative: Initiative, attribute: Attribute) -> dict[str, BrokerageRoles]:
    """Return the Gould–Fernandez brokerage roles of every partner, groups by any attribute.

    :func:`~collective_impact.analysis.network.brokerage` (the counts, expected values and
    z-scores of ``sna::brokerage``) with the groups given by ``attribute`` (see the module
    notes) instead of the sector.

    Parameters
    ----------
    initiative
        The initiative.
    attribute
        What groups partners.

    Returns
    -------
    dict of str to BrokerageRoles
        ``{partner id: roles}`` in partner order; the roles are those of
        :data:`~collective_impact.analysis.network.ROLES`.

    Raises
    ------
    ValidationError
        When ``attribute`` is not as described (see :func:`partner_groups`).

    References
    ----------
    .. [#brokerage-by-1]
       Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation. *Sociological
       Methodology* 19, 89–126.
    .. [#brokerage-by-2]
       Butts, C. T. (2008). Social network analysis with sna. *Journal of Statistical
       Software* 24(6).

    Examples
    --------
    a refers to b, b to c; by role, b (a funder) is between two partners of no role:

    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id="a", name="a", sector="nonprofit"),
    ...               Partner(id="b", name="b", sector="nonprofit", roles=["funder"]),
    ...               Partner(id="c", name="c", sector="nonprofit")],
    ...     ties=[Tie(source="a", target="b", kind="referral"),
    ...           Tie(source="b", target="c", kind="referral")],
    ... )
    >>> brokerage_by(init, "roles")["b"].counts["itinerant"]
    1
    >>> brokerage_by(init, None)["b"].counts["coordinator"]
    1
    """
    return brokerage(initiative, groups=partner_groups(initiative, attribute))


def ei_index_by(initiative: Initiative, attribute: Attribute) -> float:
    r"""Return Krackhardt and Stern's E-I index of the undirected view, groups by any attribute.

    .. math::

        EI = \frac{E - I}{E + I}

    :math:`E` the edges of the undirected view between groups, :math:`I` those within one
    (:func:`~collective_impact.analysis.network.ei_index`); -1 when every tie stays within a
    group, +1 when every tie crosses groups.

    Parameters
    ----------
    initiative
        The initiative.
    attribute
        What groups partners (see the module notes).

    Returns
    -------
    float
        :math:`EI`; ``nan`` without ties.

    Raises
    ------
    ValidationError
        When ``attribute`` is not as described (see :func:`partner_groups`).

    References
    ----------
    .. [#ei-index-by-1]
       Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
       an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.

    Examples
    --------
    >>> from collective_impact import Initiative, Partner, Tie
    >>> init = Initiative(
    ...     name="Example",
    ...     partners=[Partner(id=p, name=p, sector="nonprofit") for p in "abc"],
    ...     ties=[Tie(source="a", target="b"), Tie(source="b", target="c")],
    ... )
    >>> ei_index_by(init, {"a": "x", "b": "x", "c": "y"})  # one tie within, one across
    0.0
    """
    return ei_index(tie_graph(initiative), partner_groups(initiative, attribute))
