"""Exports for other tools: GraphML, GEXF, a Kumu blueprint and CIDS JSON-LD.

Every export is derived from the model each time (nothing is cached) and each has a function that
returns it (a string or plain data) and one that writes it to a file. Files are written to a
temporary file beside the target and moved into place, so an interrupted write never leaves a
truncated file. Nothing is fetched from the network: the CIDS context is named by its URL only.
Every export lists nodes, edges and their lists (a partner's roles, an outcome's indicators) in
the order of the ids, as the assessment does: the same initiative in another order gives the
same bytes (:func:`~collective_impact.alignment_graph` is in that order too).

GraphML and GEXF
----------------
:func:`to_graphml` writes :func:`~collective_impact.alignment_graph` (node keys, attributes and
edge keys as documented in :mod:`collective_impact.graph`) with one attribute renamed: a node's
``id`` (its id within its kind) is ``model_id``, because igraph (Python and R) keeps the GraphML
node id in a vertex attribute called ``id`` and dropped the node keys for it, so that a partner
and an indicator of one id could no longer be told apart. ``networkx.read_graphml(path,
force_multigraph=True)`` gives the same nodes, edges, keys and attributes back (``id`` as
``model_id``). Without ``force_multigraph`` (and always with ``networkx.read_gexf``) networkx
returns a :class:`networkx.DiGraph` when no two edges are parallel, and drops the edge keys; every
edge is still identified by its ``relation`` (and, for ties, ``tie_kind``) attribute.

GEXF gives some attribute names a meaning of their own (``id`` is the XML node id, ``label`` the
display label, ``start`` / ``end`` make the graph dynamic), so :func:`gexf_graph` renames them
before :func:`to_gexf` writes it. The initiative's name is the ``description`` of the file's
``meta`` (GEXF 1.2's schema allows no ``name`` on ``graph``, where networkx writes it), and the
``meta`` has no ``lastmodifieddate`` (networkx writes the day it runs: the same initiative gave
other bytes every day):

==================  ======================  ================================================
alignment graph     GEXF                    note
==================  ======================  ================================================
node key            node ``id``             ``"partner:united-way"``: unique across kinds
(display name)      node ``label``          ``name``; a goal's ``statement``
``id``              ``model_id``            the object's id within its kind
``start``, ``end``  ``start_date``,         an activity's dates (ISO strings), kept static
                    ``end_date``
edge key            ``networkx_key``        ``networkx.read_gexf`` restores it as the key
``weight``          edge ``weight``         contributes / drives / measures edges
other attributes    attvalues               unchanged (strings, numbers, booleans)
==================  ======================  ================================================

Kumu blueprint
--------------
:func:`kumu_blueprint` returns Kumu's JSON import format (``{"elements": [...],
"connections": [...]}``). Kumu matches a connection's ``from`` / ``to`` to element **labels**, so
labels are the display names, made unique: a name used by one element only is its label as it is;
a name shared by several elements (compared ignoring case, runs of spaces and Unicode form
(NFKC): ``Café`` written with one character or as ``e`` and a combining accent, full-width
``ＡＢＣ`` and ``ABC``; and invisible format characters: ``YMCA`` and ``YMCA`` with a zero width
space) becomes
``"<name> (<type>: <id>)"`` for each of them (and, should even that be taken, gets ``" #2"``,
``" #3"``...). Every element also has the field ``node``, its alignment-graph node key, which never
changes with names. Fields whose value is unknown are left out.

================  ==================  ========================================================
model             element ``type``    fields
================  ==================  ========================================================
partner           ``Partner``         ``sector``, ``roles`` (list), ``backbone`` (bool)
activity          ``Activity``        ``strategy``, ``populations``, ``places`` (lists),
                                      ``start``, ``end`` (ISO dates)
indicator         ``Indicator``       ``unit``, ``direction`` (as stated), ``better`` (stated
                                      or implied by the target), ``level``, ``frequency``,
                                      ``quadrant``, ``baseline``, ``baseline date``,
                                      ``target``, ``target date``, ``observations`` (count)
goal              ``Goal``            ``description`` (the statement), ``weight``
working group     ``Working group``
================  ==================  ========================================================

Every connection is ``"direction": "directed"``, but a tie of a mutual kind
(:attr:`~collective_impact.TieKind.directed` false: communication, joint planning...), which runs
both ways whichever way it was entered, is ``"mutual"`` (Kumu draws both arrowheads); one
entered both ways (each partner's own rating of it) is two connections, each with its own
``strength``, as in the model. Its ``type`` is the relation of the edge:

===============  ========================  ====================================================
``type``         from → to                 fields
===============  ========================  ====================================================
``performs``     partner → activity        ``lead`` (bool)
``contributes``  activity → indicator      ``weight`` in [-1, 1]
``drives``       indicator → indicator     ``weight`` in (0, 1]
``measures``     indicator → goal          ``weight`` (the goal's weight)
``tie``          partner → partner         ``kind`` (the tie kind), ``strength``
``member``       partner → working group
``serves``       working group → goal
===============  ========================  ====================================================

With an ``assessment``, partner, activity, indicator and goal elements also get ``gaps`` (the
number of gaps naming them), ``gap codes`` (sorted list) and, when there is a gap, ``worst gap``
(its severity); indicators get ``status`` and, when defined, ``progress``. A gap names an object
when one of its ``subjects`` is the object's id and the gap code is about that kind of object
(``duplication`` about activities, ``isolated-partner`` about partners...: see ``GAP_KINDS``).

Common Impact Data Standard (CIDS) JSON-LD
------------------------------------------
:func:`cids_jsonld` returns a JSON-LD document in the vocabulary of the Common Impact Data Standard
(https://ontology.commonapproach.org/): its ``@context`` is the CIDS context URL (never fetched)
plus the prefix ``ci:`` (``urn:collective-impact:vocab#``) for the facts CIDS has no term for. Its
``@graph`` holds one node per object, each with a stable ``@id``
``urn:collective-impact:<slug>:<kind>:<id>`` (``<id>`` percent-encoded); references are
``{"@id": ...}`` objects. ``<slug>`` is the initiative's name in lower-case ASCII letters and
digits (case-folded, accents dropped: ``Montréal`` is ``montreal``, ``Straße`` ``strasse``),
other runs of characters made one hyphen (``opportunity-chicago-illustrative``), or
``initiative`` when none is left; a name with a letter or digit that has no ASCII letter in it
(``مبادرة التوظيف``, ``就业倡议``) loses it there, so its slug ends with the first 12 hex digits
of the SHA-256 of the name as slugs compare names (NFKC, case-folded, runs of other characters
one hyphen; UTF-8): ``initiative-0018653439d6``, and two initiatives named in another script do
not share IRIs. Two names that differ only in case, spacing or punctuation
(``Opportunity Chicago``, ``Opportunity-Chicago!``) share a slug. Values are ``i72:Measure``
nodes whose ``i72:hasNumericalValue`` is a string (``"5696"``), as the CIDS 3 shapes require.

===============  ======================  =======================================================
model            ``@type``               properties
===============  ======================  =======================================================
the initiative   cids:Organization       ``hasLegalName`` (name), ``hasDescription``,
                                         ``hasOutcome``, ``hasIndicator``, ``ci:hasPartner``
partner          cids:Organization       ``hasLegalName`` (name), ``hasID`` (an
                                         ``org:OrganizationID`` with
                                         ``hasIdentifier`` = id), ``ci:sector``, ``ci:roles``,
                                         ``ci:isBackbone``
goal             cids:Outcome            ``hasName`` and ``hasDescription`` (the statement),
                                         ``hasIndicator``, ``forOrganization`` (initiative),
                                         ``ci:weight``
indicator        cids:Indicator          ``hasName``, ``hasDescription`` (level, direction and
                                         unit in words), ``unitDescription`` (unit, or ``""``),
                                         ``forOrganization`` (initiative), ``forOutcome`` (goals
                                         listing it), ``hasIndicatorReport``, ``hasBaseline``
                                         (Measure), ``ci:baselineDate``, ``ci:hasTarget``
                                         (Measure), ``ci:targetDate``, ``ci:direction``,
                                         ``ci:level``
observation      cids:IndicatorReport    ``hasName`` (indicator, group, date), ``forIndicator``,
                                         ``i72:value`` (Measure), ``startedAtTime`` /
                                         ``endedAtTime`` (the day of the observation),
                                         ``forOrganization`` (the reporting partner, else the
                                         initiative), ``ci:group``
===============  ======================  =======================================================

Observation ``n`` (0-based, in canonical order: by date, group, reporter and value, so that
the same observations in another order have the same ids) of indicator ``i`` has the ``@id``
``urn:collective-impact:<slug>:indicator:<i>:report:<n>``. With an ``assessment``, partners,
indicators and goals get ``ci:gaps`` (count) and indicators ``ci:status`` and ``ci:progress``.
Activities, ties and working groups have no CIDS Basic Tier class and are left out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.etree import ElementTree

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from .._checks import expect_assessment
from ..analysis._canonical import canonical
from ..errors import ValidationError, folded_name
from ..graph import alignment_graph, node_key
from ..model import Indicator, Initiative, TieKind
from ..model.initiative import expect_initiative
from ._files import expect_path, expect_suffix, write_text
from ._tables import ACTIVITIES, GOALS, INDICATORS, PARTNERS, Table

if TYPE_CHECKING:
    from ..report import Assessment

__all__ = [
    "CIDS_CONTEXT",
    "CI_VOCABULARY",
    "GAP_KINDS",
    "KUMU_TYPES",
    "cids_jsonld",
    "gexf_graph",
    "gexf_string",
    "graphml_graph",
    "graphml_string",
    "kumu_blueprint",
    "kumu_labels",
    "to_cids",
    "to_gexf",
    "to_graphml",
    "to_kumu",
]

#: The JSON-LD context of the Common Impact Data Standard (named, never fetched).
CIDS_CONTEXT = "https://ontology.commonapproach.org/contexts/cidsContext.jsonld"
#: The namespace of the ``ci:`` terms: facts of the model that CIDS has no property for.
CI_VOCABULARY = "urn:collective-impact:vocab#"

#: The Kumu element type of each kind of node.
KUMU_TYPES: Mapping[str, str] = {
    "partner": "Partner",
    "activity": "Activity",
    "indicator": "Indicator",
    "goal": "Goal",
    "working_group": "Working group",
}

#: The kind of object each gap code is about (codes about sectors, staff roles or nothing in
#: particular — ``missing-sector``, ``no-champion``, ``short-funding``, ``no-shared-work``,
#: ``no-common-agenda`` —
#: are about no element; ``missing-backbone`` is about the partners with the role ``backbone``
#: when the initiative has no backbone record, and about none otherwise).
GAP_KINDS: Mapping[str, str] = {
    "uncovered-indicator": "indicator",
    "broken-pathway": "indicator",
    "unmeasured-indicator": "indicator",
    "off-track-indicator": "indicator",
    "widening-disparity": "indicator",
    "uncovered-goal": "goal",
    "off-agenda-activity": "activity",
    "harmful-activity": "activity",
    "duplication": "activity",
    "conflicting-activities": "activity",
    "uncoordinated-interdependence": "partner",
    "unengaged-partners": "partner",
    "isolated-partner": "partner",
    "fragmented-network": "partner",
    "single-point-of-failure": "partner",
    "non-reporting-partner": "partner",
    "backbone-staff-gap": "partner",
    "backbone-function-gap": "partner",
    "missing-backbone": "partner",
}

#: The fields of the Kumu elements of each kind: the table of the model (as a CSV bundle has it),
#: how to find the object, and ``{field: column}``.
_KUMU_FIELDS: Mapping[str, tuple[Table, Callable[[Initiative, str], Any], Mapping[str, str]]] = {
    "partner": (PARTNERS, Initiative.partner, {"sector": "sector", "roles": "roles"}),
    "activity": (
        ACTIVITIES,
        Initiative.activity,
        {f: f for f in ("strategy", "populations", "places", "start", "end")},
    ),
    "indicator": (
        INDICATORS,
        Initiative.indicator,
        {
            **{f: f for f in ("unit", "direction", "level", "frequency", "quadrant")},
            "baseline": "baseline_value",
            "baseline date": "baseline_date",
            "target": "target_value",
            "target date": "target_date",
            "observations": "observations",
        },
    ),
    "goal": (GOALS, Initiative.goal, {"description": "statement", "weight": "weight"}),
}

_GEXF_RENAMES = {"id": "model_id", "label": "model_label", "start": "start_date", "end": "end_date"}
_GRAPHML_RENAMES = {"id": "model_id"}
_KINDS_IN_ORDER = ("partner", "activity", "indicator", "goal", "working_group")
_SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}


# --------------------------------------------------------------------------------------- helpers


def _dump_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _display_name(kind: str, data: Mapping[str, Any]) -> str:
    """Return the name of a graph node for people: its ``name``, or a goal's ``statement``."""
    return str(data["statement"] if kind == "goal" else data["name"])


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _check_assessment(initiative: Initiative, assessment: Assessment | None) -> Initiative:
    """Return ``initiative`` in canonical order, refusing an assessment of another initiative.

    The lists of an export are in the order of the ids, whatever the file's (the results do
    not depend on it, nor do the exports); an assessment of the same initiative in another
    order is of the same initiative, and so is the one it scored (``analysed``: without the
    activities that do not run on its date).
    """
    expect_initiative(initiative)
    expect_assessment(assessment, argument="assessment", optional=True)
    ordered = canonical(initiative)
    if (
        assessment is not None
        and assessment.initiative is not initiative
        and ordered != assessment.analysed  # the initiative as scored (the running activities)
        and ordered != canonical(assessment.initiative)
    ):
        raise ValidationError([("assessment", "the assessment is of another initiative")])
    return ordered


def _gap_index(initiative: Initiative, assessment: Assessment) -> dict[str, list[tuple[str, str]]]:
    """Return ``{node key: [(code, severity), ...]}`` for the gaps that name each object."""
    from ..analysis.gaps import gap_roles  # loaded with the assessment already

    ids: dict[str, set[str]] = {
        "partner": {p.id for p in initiative.partners},
        "activity": {a.id for a in initiative.activities},
        "indicator": {i.id for i in initiative.indicators},
        "goal": {g.id for g in initiative.goals},
    }
    index: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for gap in assessment.gaps:
        kind = GAP_KINDS.get(gap.code)
        if kind is None:
            continue
        role = _MIXED_SUBJECTS.get(gap.code)
        named = gap.subjects if role is None else gap_roles(gap.key)[role]
        for subject in dict.fromkeys(named):
            if subject in ids[kind]:
                index[node_key(kind, subject)].append((gap.code, gap.severity.value))
    return index


#: Codes whose subjects are not all of the code's kind (:data:`GAP_KINDS`), and the role of
#: their key that holds the ids of that kind: a harmful activity's subjects include the
#: indicators it harms, a disparity's the groups, a backbone gap's the staff roles or function.
#: An indicator called as an activity is would otherwise be given the activity's gap.
_MIXED_SUBJECTS: Mapping[str, str] = {
    "harmful-activity": "activity",
    "widening-disparity": "indicator",
    "backbone-staff-gap": "backbone",
    "backbone-function-gap": "backbone",
}


# ------------------------------------------------------------------------------ GraphML and GEXF


def _renamed(initiative: Initiative, renames: Mapping[str, str], *, labels: bool) -> Any:
    """Return the alignment graph with node attributes renamed (and display labels, if asked)."""
    source = alignment_graph(initiative)
    graph: nx.MultiDiGraph = nx.MultiDiGraph(**source.graph)  # type: ignore[type-arg]
    for node, data in source.nodes(data=True):
        attrs = {renames.get(k, k): v for k, v in data.items()}
        if labels:
            attrs["label"] = _display_name(data["kind"], data)
        graph.add_node(node, **attrs)
    for u, v, key, data in source.edges(keys=True, data=True):
        graph.add_edge(u, v, key=key, **data)
    return graph


def graphml_graph(initiative: Initiative) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """Return the alignment graph as :func:`to_graphml` writes it: ``id`` is ``model_id``.

    igraph keeps a GraphML node's id in a vertex attribute ``id``, and an attribute of that
    name took its place (the module notes say more).

    Parameters
    ----------
    initiative
        The initiative whose alignment graph is returned.

    Returns
    -------
    networkx.MultiDiGraph
        The graph of :func:`~collective_impact.alignment_graph`, each node's ``id`` attribute
        renamed ``model_id``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> g = graphml_graph(ci.load_example("workforce"))
    >>> g.nodes["partner:cha"]["model_id"], "id" in g.nodes["partner:cha"]
    ('cha', False)
    """
    graph: nx.MultiDiGraph = _renamed(initiative, _GRAPHML_RENAMES, labels=False)  # type: ignore[type-arg]
    return graph


def graphml_string(initiative: Initiative) -> str:
    r"""Return :func:`graphml_graph` of ``initiative`` as a GraphML document.

    Parameters
    ----------
    initiative
        The initiative whose alignment graph is written.

    Returns
    -------
    str
        The GraphML document, what :func:`to_graphml` writes to a file.

    Examples
    --------
    >>> import collective_impact as ci
    >>> graphml_string(ci.load_example("workforce")).startswith("<graphml")
    True

    A carriage return in a name or description is written ``&#13;``: ``"Food\rBank"`` came
    back ``"Food\nBank"`` (``networkx.generate_graphml`` splits its document into lines at
    every line break, a carriage return included, and a raw carriage return in element text
    is read as a line feed by every XML parser, XML 1.0 §2.11).
    """
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(graphml_graph(initiative))
    # a carriage return is raw only in element text: ElementTree escapes it in attributes
    # networkx's pretty printer ends the document with a line break already: one, not two
    return str(writer).replace("\r", "&#13;").rstrip("\n") + "\n"


def to_graphml(initiative: Initiative, path: str | os.PathLike[str]) -> None:
    """Write the alignment graph of ``initiative`` to a GraphML file (``networkx.write_graphml``).

    ``networkx.read_graphml(path, force_multigraph=True)`` returns a
    :class:`networkx.MultiDiGraph` with the same node keys, edge keys and attributes as
    :func:`~collective_impact.alignment_graph`, a node's ``id`` as ``model_id``
    (:func:`graphml_graph`).

    The file is written to a temporary file beside it and moved into place.

    Parameters
    ----------
    initiative
        The initiative whose alignment graph is written.
    path
        The file to write, named ``.graphml`` (or ``.xml``); an existing file is replaced.

    Raises
    ------
    WriteError
        When ``path`` is named otherwise (``my-initiative.yaml``, which it would replace with
        GraphML), before any work, or the file cannot be written; nothing is changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import networkx as nx
    >>> import collective_impact as ci
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ci.to_graphml(ci.load_example("workforce"), pathlib.Path(d, "workforce.graphml"))
    ...     graph = nx.read_graphml(pathlib.Path(d, "workforce.graphml"), force_multigraph=True)
    >>> graph.number_of_nodes(), graph.number_of_edges()
    (31, 80)
    >>> graph.nodes["partner:cha"]["name"], graph.nodes["partner:cha"]["model_id"]
    ('Chicago Housing Authority', 'cha')
    """
    expect_suffix(expect_path(path, "to_graphml"), "graphml")
    document = "<?xml version='1.0' encoding='utf-8'?>\n" + graphml_string(initiative)
    write_text(path, document)


def gexf_graph(initiative: Initiative) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """Return the alignment graph with the attribute names GEXF reserves renamed.

    ``id`` becomes ``model_id``, ``start`` / ``end`` become ``start_date`` / ``end_date`` and
    ``label`` is the display name (the module notes have the table).

    Parameters
    ----------
    initiative
        The initiative whose alignment graph is returned.

    Returns
    -------
    networkx.MultiDiGraph
        The graph of :func:`~collective_impact.alignment_graph`, its attributes renamed.

    Examples
    --------
    >>> import collective_impact as ci
    >>> g = gexf_graph(ci.load_example("cradle-to-career"))
    >>> g.nodes["partner:united-way"]["model_id"], g.nodes["partner:united-way"]["label"]
    ('united-way', 'United Way of Example County')
    """
    graph: nx.MultiDiGraph = _renamed(initiative, _GEXF_RENAMES, labels=True)  # type: ignore[type-arg]
    return graph


def _gexf_writer(initiative: Initiative) -> Any:
    """Return networkx's GEXF writer holding :func:`gexf_graph`, its file made valid and stable.

    networkx writes the graph's name as an attribute of ``graph``, which GEXF 1.2's schema does
    not allow (it is the ``meta``'s ``description`` here), and the day it runs as the
    ``meta``'s ``lastmodifieddate`` (left out: the same initiative gave other bytes each day).
    """
    from networkx.readwrite.gexf import GEXFWriter

    graph = gexf_graph(initiative)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    writer.add_graph(graph)
    writer.graph_element.attrib.pop("name", None)
    ElementTree.SubElement(meta, "description").text = str(graph.graph.get("name", ""))
    return writer


def gexf_string(initiative: Initiative) -> str:
    r"""Return :func:`gexf_graph` as a GEXF 1.2 document.

    Parameters
    ----------
    initiative
        The initiative whose alignment graph is written.

    Returns
    -------
    str
        The GEXF document: :func:`to_gexf` writes an XML declaration
        (``<?xml version='1.0' encoding='utf-8'?>``) and then this text, encoded UTF-8, byte
        for byte (characters beyond ASCII are character references in both). The
        initiative's name is the ``meta``'s ``description``, and no date is written, so the
        same initiative gives the same text on any day. A carriage return is written
        ``&#13;``: raw in element text, as networkx leaves it, every XML parser reads it as a
        line feed (XML 1.0 §2.11), and ``"Food\rBank"`` came back ``"Food\nBank"``.

    Examples
    --------
    >>> import collective_impact as ci
    >>> text = gexf_string(ci.load_example("workforce"))
    >>> "<description>Opportunity Chicago (illustrative)</description>" in text
    True
    >>> "lastmodifieddate" in text, ' name="' in text.split("<nodes>")[0]
    (False, False)
    """
    # a carriage return is raw only in element text: ElementTree escapes it in attributes
    # networkx's pretty printer ends the document with a line break already: one, not two
    return str(_gexf_writer(initiative)).replace("\r", "&#13;").rstrip("\n") + "\n"


def to_gexf(initiative: Initiative, path: str | os.PathLike[str]) -> None:
    """Write :func:`gexf_graph` to a GEXF 1.2 file: an XML declaration, then :func:`gexf_string`.

    ``networkx.read_gexf(path)`` returns a graph keyed by the node keys of the alignment graph,
    with its (renamed) attributes; it is a :class:`networkx.MultiDiGraph` with the edge keys when
    two edges are parallel, else a :class:`networkx.DiGraph`.

    The file is written to a temporary file beside it and moved into place.

    Parameters
    ----------
    initiative
        The initiative whose alignment graph is written.
    path
        The file to write, named ``.gexf``; an existing file is replaced.

    Raises
    ------
    WriteError
        When ``path`` is named otherwise (``my-initiative.yaml``, which it would replace with
        GEXF), before any work, or the file cannot be written; nothing is changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import networkx as nx
    >>> import collective_impact as ci
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ci.to_gexf(ci.load_example("workforce"), pathlib.Path(d, "workforce.gexf"))
    ...     graph = nx.read_gexf(pathlib.Path(d, "workforce.gexf"))
    >>> type(graph).__name__, graph.number_of_nodes(), graph.number_of_edges()
    ('DiGraph', 31, 80)
    >>> graph.nodes["partner:cha"]["model_id"], graph.nodes["partner:cha"]["label"]
    ('cha', 'Chicago Housing Authority')
    """
    expect_suffix(expect_path(path, "to_gexf"), "gexf")
    write_text(path, "<?xml version='1.0' encoding='utf-8'?>\n" + gexf_string(initiative))


# ------------------------------------------------------------------------------------------ Kumu


def kumu_labels(initiative: Initiative) -> dict[str, str]:
    """Return ``{node key: Kumu label}``: display names, made unique as the module notes say.

    Parameters
    ----------
    initiative
        The initiative whose alignment graph's nodes are labelled.

    Returns
    -------
    dict
        The Kumu label of every node of :func:`~collective_impact.alignment_graph`, by node
        key (``"partner:cha"``).

    Examples
    --------
    >>> import collective_impact as ci
    >>> kumu_labels(ci.load_example("workforce"))["indicator:placements"]
    'Residents placed in jobs'
    """
    return _labels(alignment_graph(initiative))


def _labels(graph: nx.MultiDiGraph) -> dict[str, str]:  # type: ignore[type-arg]
    """:func:`kumu_labels` of an alignment graph already built (once for the blueprint)."""
    names = [
        (node, data["kind"], data["id"], " ".join(_display_name(data["kind"], data).split()))
        for kind in _KINDS_IN_ORDER
        for node, data in graph.nodes(data=True)
        if data["kind"] == kind
    ]
    # compared as names are (folded_name: case, runs of spaces and Unicode form): "Café" written
    # precomposed and decomposed, or in full-width letters, printed alike with no id to tell
    # them apart (found by a reviewer); and without invisible format characters ('YMCA' and
    # 'YMCA' + U+200B). A look-alike letter of another script is not looked for: telling it
    # from a different name of that script needs a table of confusables, and comparing every
    # name beyond ASCII with every other of its length put the id beside every Cyrillic,
    # Chinese or German name and was quadratic (a reviewer: 4,000 names took 38 s)
    counts = Counter(_shown_key(name) for *_, name in names)
    used: set[str] = set()
    labels: dict[str, str] = {}
    for node, kind, id, name in names:
        long = f"{name} ({KUMU_TYPES[kind]}: {id})"
        key = _shown_key(name)
        candidates = [name, long] if counts[key] == 1 else [long]
        label = next((c for c in candidates if _shown_key(c) not in used), None)
        n = 2
        while label is None:
            if _shown_key(f"{long} #{n}") not in used:
                label = f"{long} #{n}"
            n += 1
        used.add(_shown_key(label))
        labels[node] = label
    return labels


def _shown_key(name: str) -> str:
    """Return a name as it prints, to compare: :func:`folded_name` without format characters.

    >>> _shown_key("YMCA\u200b") == _shown_key(" ymca")
    True
    """
    return "".join(c for c in folded_name(name) if unicodedata.category(c) != "Cf")


def _kumu_value(value: Any) -> Any:
    """Return a plain model value as Kumu takes it: dates as ISO text, lists as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


def _kumu_fields(kind: str, data: Mapping[str, Any], initiative: Initiative) -> dict[str, Any]:
    if kind not in _KUMU_FIELDS:
        return {}
    table, find, names = _KUMU_FIELDS[kind]
    obj = find(initiative, data["id"])
    fields = {field: _kumu_value(table.column(col).value(obj)) for field, col in names.items()}
    if kind == "partner":
        fields["backbone"] = bool(data["backbone"])
    if kind == "indicator" and obj.better is not None:
        # which way is better, stated or implied by the target (CIDS's ci:direction)
        fields["better"] = obj.better.value
    return {k: v for k, v in fields.items() if v is not None}


def kumu_blueprint(
    initiative: Initiative, *, assessment: Assessment | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Return the Kumu JSON blueprint of an initiative (``{"elements", "connections"}``).

    Parameters
    ----------
    initiative
        The initiative.
    assessment
        Its :class:`~collective_impact.Assessment`, to add gap counts and indicator statuses
        (and, on an activity the assessment did not score, ``"not running"``: ``"ended
        2024-12-31"`` or ``"not started 2031-01-01"``).

    Returns
    -------
    dict
        JSON-safe plain data; the module notes give the mapping.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`, or
        ``assessment`` neither ``None`` nor an :class:`~collective_impact.Assessment`.
    ValidationError
        When ``assessment`` is of another initiative.

    Examples
    --------
    >>> import collective_impact as ci
    >>> kumu = kumu_blueprint(ci.load_example("workforce"))
    >>> kumu["elements"][0]["type"], kumu["connections"][0]["direction"]
    ('Partner', 'directed')
    """
    initiative = _check_assessment(initiative, assessment)
    graph = alignment_graph(initiative)
    labels = _labels(graph)  # the graph built once: at the stress case it took 2.7 s each time
    gaps = _gap_index(initiative, assessment) if assessment is not None else {}
    measured = {m.indicator: m for m in assessment.measurement} if assessment else {}
    # the activities the assessment did not score (not running on its date), and why
    stopped = {r.activity: r for r in assessment.not_running} if assessment else {}
    elements: list[dict[str, Any]] = []
    for kind in _KINDS_IN_ORDER:
        for node, data in graph.nodes(data=True):
            if data["kind"] != kind:
                continue
            element: dict[str, Any] = {"label": labels[node], "type": KUMU_TYPES[kind]}
            element["node"] = node
            element.update(_kumu_fields(kind, data, initiative))
            if assessment is not None and kind != "working_group":
                found = gaps.get(node, [])
                element["gaps"] = len(found)
                element["gap codes"] = sorted({code for code, _ in found})
                if found:
                    element["worst gap"] = min(
                        (s for _, s in found), key=lambda s: _SEVERITY_RANK[s]
                    )
                gone = stopped.get(data["id"]) if kind == "activity" else None
                if gone is not None:
                    element["not running"] = f"{gone.status} {gone.date.isoformat()}"
                m = measured.get(data["id"]) if kind == "indicator" else None
                if m is not None:
                    element["status"] = m.status.value
                    progress = _finite(m.progress)
                    if progress is not None:
                        element["progress"] = progress
            elements.append(element)
    connections: list[dict[str, Any]] = []
    for u, v, data in graph.edges(data=True):
        connection: dict[str, Any] = {
            "from": labels[u],
            "to": labels[v],
            "type": data["relation"],
            # a tie of a mutual kind (communication, joint planning...) runs both ways,
            # whichever way it was entered: drawn as one arrow, it read as a one-way flow
            "direction": (
                "mutual"
                if "tie_kind" in data and not TieKind(data["tie_kind"]).directed
                else "directed"
            ),
        }
        for name, field in (
            ("lead", "lead"),
            ("weight", "weight"),
            ("tie_kind", "kind"),
            ("strength", "strength"),
        ):
            if name in data:
                connection[field] = data[name]
        connections.append(connection)
    return {"elements": elements, "connections": connections}


def to_kumu(
    initiative: Initiative,
    path: str | os.PathLike[str],
    *,
    assessment: Assessment | None = None,
) -> None:
    """Write :func:`kumu_blueprint` to a JSON file (UTF-8, indented) for Kumu's JSON import.

    The file is written to a temporary file beside it and moved into place.

    Parameters
    ----------
    initiative
        The initiative.
    path
        The file to write, named ``.json``; an existing file is replaced.
    assessment
        Its :class:`~collective_impact.Assessment`, to add gap counts and indicator statuses.

    Raises
    ------
    ValidationError
        When ``assessment`` is of another initiative.
    WriteError
        When ``path`` is named otherwise (``my-initiative.yaml``, which it would replace with
        Kumu's JSON), before any work, or the file cannot be written; nothing is changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ci.to_kumu(init, pathlib.Path(d, "kumu.json"), assessment=ci.assess(init))
    ...     kumu = json.loads(pathlib.Path(d, "kumu.json").read_text(encoding="utf-8"))
    >>> len(kumu["elements"]), len(kumu["connections"])
    (31, 80)
    >>> college = next(e for e in kumu["elements"] if e["node"] == "partner:community-colleges")
    >>> college["label"], college["gaps"], college["worst gap"]
    ('Community college district', 3, 'warning')
    """
    expect_suffix(expect_path(path, "to_kumu"), "kumu")
    write_text(path, _dump_json(kumu_blueprint(initiative, assessment=assessment)))


# ------------------------------------------------------------------------------------------ CIDS


def _slug(name: str) -> str:
    """Return the slug of an initiative's name in its IRIs (the module notes say how).

    Lower-case ASCII letters and digits, other runs of characters made one hyphen, letters
    with accents by their ASCII letter: ``"Opportunity Chicago (illustrative)"`` gives
    ``opportunity-chicago-illustrative``, ``"Montréal Jeunesse"`` ``montreal-jeunesse``. A
    name with a letter or digit that has no ASCII letter in it (``"مبادرة التوظيف"``,
    ``"就业倡议"``; ``ß`` is ``ss``, as case folding makes it) would lose it in the slug, so
    the slug then ends with the first 12 hex digits of the SHA-256 of the name as the slug
    compares names (Unicode-normalised (NFKC),
    case-folded, every run of other characters one hyphen): every initiative named in Arabic
    or Chinese had the slug ``initiative``, and two of them shared their partners', goals' and
    indicators' IRIs. Two names that differ only in case, spacing or punctuation share a slug
    in any script.

    Examples
    --------
    >>> _slug("Montréal Jeunesse"), _slug("MONTREAL  jeunesse!")
    ('montreal-jeunesse', 'montreal-jeunesse')
    >>> _slug("就业倡议") == _slug(" 就业倡议 "), _slug("就业倡议") == _slug("مبادرة التوظيف")
    (True, False)
    >>> _slug("就业倡议")
    'initiative-0018653439d6'
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-") or "initiative"
    if any(_lost_in_slug(c) for c in folded):
        compared = re.sub(r"[\W_]+", "-", folded).strip("-")
        slug += "-" + hashlib.sha256(compared.encode("utf-8")).hexdigest()[:12]
    return slug


def _lost_in_slug(char: str) -> bool:
    """Whether ``char`` is a letter or digit with no ASCII letter or digit in its NFKD form.

    ``é`` keeps its ``e``, ``ﬁ`` its ``fi``; ``م`` and ``就`` are lost.
    """
    if char.isascii() or unicodedata.category(char)[0] not in "LN":
        return False
    return not any(c.isascii() and c.isalnum() for c in unicodedata.normalize("NFKD", char))


def _number(value: float) -> str:
    """Return a number as CIDS wants it, a string: ``"5696"``, ``"0.25"``."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _measure(value: float) -> dict[str, str]:
    return {"@type": "i72:Measure", "i72:hasNumericalValue": _number(value)}


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _indicator_description(ind: Indicator) -> str:
    level = "Performance measure" if ind.level.value == "performance" else "Population indicator"
    unit = f", in {ind.unit}" if ind.unit else ""
    better = ind.better
    if better is None:
        return f"{level}{unit}; which way is better is not stated."
    return f"{level}{unit}; {better.value} is better."


def cids_jsonld(initiative: Initiative, *, assessment: Assessment | None = None) -> dict[str, Any]:
    """Return the initiative as Common Impact Data Standard JSON-LD (``@context``, ``@graph``).

    Parameters
    ----------
    initiative
        The initiative.
    assessment
        Its :class:`~collective_impact.Assessment`, to add gap counts and indicator statuses.

    Returns
    -------
    dict
        JSON-safe plain data; the module notes give the mapping.

    Raises
    ------
    ArgumentTypeError
        When ``initiative`` is not an :class:`~collective_impact.Initiative`, or
        ``assessment`` neither ``None`` nor an :class:`~collective_impact.Assessment`.
    ValidationError
        When ``assessment`` is of another initiative.

    Examples
    --------
    >>> import collective_impact as ci
    >>> doc = cids_jsonld(ci.load_example("workforce"))
    >>> report = next(n for n in doc["@graph"] if n["@id"].endswith("placements:report:3"))
    >>> report["hasName"], report["i72:value"]["i72:hasNumericalValue"]
    ('Residents placed in jobs, 2010-12-31', '5696')
    """
    initiative = _check_assessment(initiative, assessment)
    base = f"urn:collective-impact:{_slug(initiative.name)}"

    def iri(kind: str, id: str) -> str:
        return f"{base}:{kind}:{quote(id, safe='-._~')}"

    gaps = _gap_index(initiative, assessment) if assessment is not None else {}
    measured = {m.indicator: m for m in assessment.measurement} if assessment else {}

    def add_gaps(node: dict[str, Any], kind: str, id: str) -> None:
        if assessment is not None:
            node["ci:gaps"] = len(gaps.get(node_key(kind, id), []))

    whole = f"{base}:initiative"
    graph: list[dict[str, Any]] = []
    org: dict[str, Any] = {"@id": whole, "@type": "cids:Organization"}
    org["hasLegalName"] = initiative.name
    if initiative.description:
        org["hasDescription"] = initiative.description
    org["hasOutcome"] = [_ref(iri("goal", g.id)) for g in initiative.goals]
    org["hasIndicator"] = [_ref(iri("indicator", i.id)) for i in initiative.indicators]
    org["ci:hasPartner"] = [_ref(iri("partner", p.id)) for p in initiative.partners]
    graph.append(org)

    backbone = initiative.backbone.organization if initiative.backbone else None
    for p in initiative.partners:
        node: dict[str, Any] = {
            "@id": iri("partner", p.id),
            "@type": "cids:Organization",
            "hasLegalName": p.name,
            "hasID": {"@type": "org:OrganizationID", "hasIdentifier": p.id},
            "ci:sector": p.sector.value,
            "ci:roles": [r.value for r in p.roles],
        }
        if p.id == backbone:
            node["ci:isBackbone"] = True
        add_gaps(node, "partner", p.id)
        graph.append(node)

    goals_of: dict[str, list[str]] = defaultdict(list)
    for goal in initiative.goals:
        node = {
            "@id": iri("goal", goal.id),
            "@type": "cids:Outcome",
            "hasName": goal.statement,
            "hasDescription": goal.statement,
            "forOrganization": _ref(whole),
            "hasIndicator": [_ref(iri("indicator", i)) for i in dict.fromkeys(goal.indicators)],
            "ci:weight": goal.weight,
        }
        for i in dict.fromkeys(goal.indicators):
            goals_of[i].append(goal.id)
        add_gaps(node, "goal", goal.id)
        graph.append(node)

    reports: list[dict[str, Any]] = []
    for ind in initiative.indicators:
        own = iri("indicator", ind.id)
        node = {
            "@id": own,
            "@type": "cids:Indicator",
            "hasName": ind.name,
            "hasDescription": _indicator_description(ind),
            "unitDescription": ind.unit or "",
            "forOrganization": _ref(whole),
            "forOutcome": [_ref(iri("goal", g)) for g in goals_of[ind.id]],
            "hasIndicatorReport": [_ref(f"{own}:report:{n}") for n in range(len(ind.observations))],
            "ci:level": ind.level.value,
        }
        if ind.better is not None:  # stated, or read from the target against the baseline
            node["ci:direction"] = ind.better.value
        if ind.baseline is not None:
            node["hasBaseline"] = _measure(ind.baseline.value)
            node["ci:baselineDate"] = ind.baseline.date.isoformat()
        if ind.target is not None:
            node["ci:hasTarget"] = _measure(ind.target.value)
            node["ci:targetDate"] = ind.target.date.isoformat()
        add_gaps(node, "indicator", ind.id)
        m = measured.get(ind.id)
        if m is not None:
            node["ci:status"] = m.status.value
            progress = _finite(m.progress)
            if progress is not None:
                node["ci:progress"] = progress
        graph.append(node)
        for n, obs in enumerate(ind.observations):
            day = obs.date.isoformat()
            name = f"{ind.name}, {obs.group}, {day}" if obs.group else f"{ind.name}, {day}"
            report: dict[str, Any] = {
                "@id": f"{own}:report:{n}",
                "@type": "cids:IndicatorReport",
                "hasName": name,
                "forIndicator": _ref(own),
                "forOrganization": _ref(
                    iri("partner", obs.reported_by) if obs.reported_by is not None else whole
                ),
                "i72:value": _measure(obs.value),
                "startedAtTime": f"{day}T00:00:00",
                "endedAtTime": f"{day}T23:59:59",
            }
            if obs.group is not None:
                report["ci:group"] = obs.group
            reports.append(report)
    graph.extend(reports)
    return {"@context": [CIDS_CONTEXT, {"ci": CI_VOCABULARY}], "@graph": graph}


def to_cids(
    initiative: Initiative,
    path: str | os.PathLike[str],
    *,
    assessment: Assessment | None = None,
) -> None:
    """Write :func:`cids_jsonld` to a JSON-LD file (UTF-8, indented; ``.jsonld`` is customary).

    The file is written to a temporary file beside it and moved into place.

    Parameters
    ----------
    initiative
        The initiative.
    path
        The file to write, named ``.jsonld`` (or ``.json``); an existing file is replaced.
    assessment
        Its :class:`~collective_impact.Assessment`, to add gap counts and indicator statuses.

    Raises
    ------
    ValidationError
        When ``assessment`` is of another initiative.
    WriteError
        When ``path`` is named otherwise (``my-initiative.yaml``, which it would replace with
        JSON-LD), before any work, or the file cannot be written; nothing is changed.
    ArgumentTypeError
        When ``path`` is not a ``str`` nor an :class:`os.PathLike` (a number, ``None``,
        bytes).

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import collective_impact as ci
    >>> init = ci.load_example("workforce")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     ci.to_cids(init, pathlib.Path(d, "workforce.jsonld"), assessment=ci.assess(init))
    ...     doc = json.loads(pathlib.Path(d, "workforce.jsonld").read_text(encoding="utf-8"))
    >>> list(doc), len(doc["@graph"])
    (['@context', '@graph'], 34)
    >>> placements = next(n for n in doc["@graph"] if n["@id"].endswith(":indicator:placements"))
    >>> placements["hasName"], placements["ci:status"], placements["ci:progress"]
    ('Residents placed in jobs', 'met', 1.1392)
    """
    expect_suffix(expect_path(path, "to_cids"), "cids")
    write_text(path, _dump_json(cids_jsonld(initiative, assessment=assessment)))
