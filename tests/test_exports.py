from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock
from xml.etree import ElementTree

import attrs
import networkx as nx
import pytest
from hypothesis import given

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Partner, Tie, WorkingGroup
from collective_impact.analysis._canonical import canonical
from collective_impact.errors import folded_name
from collective_impact.graph import node_key
from collective_impact.htmlreport import write_report as _write_report
from collective_impact.io.exports import (
    CIDS_CONTEXT,
    KUMU_TYPES,
    cids_jsonld,
    gexf_graph,
    gexf_string,
    graphml_string,
    kumu_blueprint,
    kumu_labels,
    to_cids,
    to_gexf,
    to_graphml,
    to_kumu,
)
from collective_impact.strategies import initiatives

EXAMPLES = ci.list_examples()


def clash() -> Initiative:
    """Ids and names shared across kinds: a partner and an indicator both 'schools' / 'Schools'."""
    return Initiative(
        name="Clash — Ünïcode initiative",
        partners=[
            Partner(id="schools", name="Schools", sector="government", roles=["funder"]),
            Partner(id="bank", name="schools ", sector="business"),
            Partner(id="odd id/with:chars", name="Odd", sector="community"),
        ],
        indicators=[
            Indicator(
                id="schools",
                name="Schools",
                unit="percent",
                baseline={"date": "2024-01-01", "value": 1.5},
                target={"date": "2026-01-01", "value": 3},
                observations=[
                    {"date": "2024-06-30", "value": 2.25, "reported_by": "bank"},
                    {"date": "2024-06-30", "value": 2.0, "group": "low-income"},
                ],
                drives={"grad": 0.7},
            ),
            Indicator(id="grad", name="Graduation"),
        ],
        goals=[Goal(id="g", statement="Schools", indicators=["grad", "schools"], weight=2)],
        activities=[
            Activity(
                id="a",
                name="A",
                partners=["schools", "bank"],
                contributes={"schools": 0.5, "grad": -0.25},
                start="2024-01-01",
                end="2025-01-01",
            )
        ],
        ties=[
            Tie(source="bank", target="schools", kind="funding", strength=0.4),
            Tie(source="bank", target="schools", kind="communication", strength=0.9),
        ],
        working_groups=[WorkingGroup(id="w", name="W", members=["bank"], goals=["g"])],
    )


def cases() -> list[Initiative]:
    return [*(ci.load_example(name) for name in EXAMPLES), clash()]


def model_counts(init: Initiative) -> dict[str, int]:
    return {
        "partner": len(init.partners),
        "activity": len(init.activities),
        "indicator": len(init.indicators),
        "goal": len(init.goals),
        "working_group": len(init.working_groups),
    }


def edge_set(graph: nx.Graph) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    """Edges as (u, v, key), the key rebuilt from the attributes when a reader dropped it."""
    out = set()
    for u, v, data in graph.edges(data=True):
        relation = data["relation"]
        out.add((u, v, f"tie:{data['tie_kind']}" if relation == "tie" else relation))
    return out


def edge_data(graph: nx.Graph, u: str, v: str, key: str) -> dict[str, Any]:  # type: ignore[type-arg]
    if graph.is_multigraph():
        return dict(graph.get_edge_data(u, v, key))
    return dict(graph.edges[u, v])


# ------------------------------------------------------------------------------ GraphML and GEXF


class TestGraphML:
    def test_a_carriage_return_comes_back(self, tmp_path: Path) -> None:
        """ "Food\\rBank" came back "Food\\nBank": networkx's generate_graphml splits its document
        at every line break, and XML reads a raw carriage return as a line feed (found by a
        reviewer). Written &#13; now, by to_graphml and graphml_string alike."""
        init = Initiative(
            name="Line one\r\nLine two",
            partners=[Partner(id="p", name="Food\rBank", sector="community")],
        )
        path = tmp_path / "g.graphml"
        ci.to_graphml(init, path)
        graph = nx.read_graphml(path, force_multigraph=True)
        assert graph.nodes["partner:p"]["name"] == "Food\rBank"
        assert graph.graph["name"] == "Line one\r\nLine two"
        assert path.read_text(encoding="utf-8").startswith(
            "<?xml version='1.0' encoding='utf-8'?>\n"
        )
        assert path.read_text(encoding="utf-8").endswith(graphml_string(init))

    @pytest.mark.parametrize("init", cases(), ids=lambda i: i.name)
    def test_round_trip(self, tmp_path: Path, init: Initiative) -> None:
        path = tmp_path / "g.graphml"
        to_graphml(init, path)
        back = nx.read_graphml(path, force_multigraph=True)
        graph = ci.alignment_graph(init)
        assert isinstance(back, nx.MultiDiGraph)
        assert back.graph["name"] == init.name
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        assert set(back.nodes) == set(graph.nodes)
        assert set(back.edges(keys=True)) == set(graph.edges(keys=True))
        for node, data in graph.nodes(data=True):
            expected = {("model_id" if k == "id" else k): v for k, v in data.items()}
            assert back.nodes[node] == expected
        for u, v, k, data in graph.edges(keys=True, data=True):
            assert back.edges[u, v, k] == data

    @pytest.mark.parametrize("init", cases(), ids=lambda i: i.name)
    def test_default_reader(self, tmp_path: Path, init: Initiative) -> None:
        path = tmp_path / "g.graphml"
        to_graphml(init, path)
        back = nx.read_graphml(path)
        graph = ci.alignment_graph(init)
        assert back.number_of_edges() == graph.number_of_edges()
        assert edge_set(back) == edge_set(graph)

    def test_clash_attributes(self, tmp_path: Path) -> None:
        path = tmp_path / "g.graphml"
        to_graphml(clash(), path)
        back = nx.read_graphml(path)
        assert back.nodes["partner:schools"]["kind"] == "partner"
        assert back.nodes["indicator:schools"]["baseline_value"] == 1.5
        assert edge_data(back, "partner:bank", "partner:schools", "tie:funding")["strength"] == 0.4
        assert edge_data(back, "activity:a", "indicator:grad", "contributes")["weight"] == -0.25

    def test_no_node_attribute_is_called_id(self) -> None:
        """igraph keeps a GraphML node's id in a vertex attribute ``id``: with a data key of
        that name it warned "Could not add vertex ids" and dropped the node keys for the model
        ids, so ``partner:schools`` and ``indicator:schools`` were both "schools" (a reviewer
        reading the export with igraph). The model id is ``model_id``, as in GEXF."""
        text = graphml_string(clash())
        keys = ElementTree.fromstring(text).findall("{http://graphml.graphdrawing.org/xmlns}key")
        names = {k.get("attr.name") for k in keys if k.get("for") == "node"}
        assert "model_id" in names
        assert "id" not in names

    def test_string_matches_file(self, tmp_path: Path) -> None:
        path = tmp_path / "g.graphml"
        to_graphml(clash(), path)
        text = graphml_string(clash())
        assert nx.parse_graphml(text).number_of_nodes() == 8
        assert nx.parse_graphml(text).number_of_edges() == nx.read_graphml(path).number_of_edges()


class TestGEXF:
    @pytest.mark.parametrize("init", cases(), ids=lambda i: i.name)
    def test_round_trip(self, tmp_path: Path, init: Initiative) -> None:
        path = tmp_path / "g.gexf"
        to_gexf(init, path)
        back = nx.read_gexf(path)
        graph = ci.alignment_graph(init)
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        assert set(back.nodes) == set(graph.nodes)
        assert edge_set(back) == edge_set(graph)
        for node, data in graph.nodes(data=True):
            got = back.nodes[node]
            assert got["kind"] == data["kind"]
            assert got["model_id"] == data["id"]
            assert got["label"] == data.get("name", data.get("statement"))
        for u, v, k, data in graph.edges(keys=True, data=True):
            got = edge_data(back, u, v, k)
            assert got["relation"] == data["relation"]
            for name in ("weight", "strength", "tie_kind", "lead"):
                if name in data:
                    assert got[name] == data[name]

    def test_reserved_names_renamed(self, tmp_path: Path) -> None:
        path = tmp_path / "g.gexf"
        to_gexf(clash(), path)
        back = nx.read_gexf(path)
        assert back.graph["mode"] == "static"
        activity = back.nodes["activity:a"]
        assert (activity["start_date"], activity["end_date"]) == ("2024-01-01", "2025-01-01")
        assert back.nodes["partner:schools"]["model_id"] == "schools"
        assert back.nodes["indicator:schools"]["model_id"] == "schools"
        assert back.nodes["goal:g"]["label"] == "Schools"

    def test_string(self) -> None:
        text = gexf_string(clash())
        assert text.lstrip().startswith("<gexf")
        assert gexf_graph(clash()).number_of_edges() == text.count("<edge ")

    def test_a_carriage_return_comes_back(self, tmp_path: Path) -> None:
        """ "Food\\rBank" as the initiative's name, the meta's description (element text),
        came back "Food\\nBank": the carriage return was written raw, which XML parsers read
        as a line feed (XML 1.0 §2.11), and gexf_string split its lines at it (found by a
        reviewer). Written &#13; now, in the file and the string alike; in a partner's label
        (an attribute) ElementTree wrote &#13; already."""
        init = Initiative(
            name="Food\rBank",
            partners=[Partner(id="p", name="Line\rtwo", sector="community")],
        )
        ns = "{http://www.gexf.net/1.2draft}"
        path = tmp_path / "g.gexf"
        to_gexf(init, path)
        for root in (ElementTree.parse(path).getroot(), ElementTree.fromstring(gexf_string(init))):
            assert root.findtext(f"{ns}meta/{ns}description") == "Food\rBank"
        assert nx.read_gexf(path).nodes["partner:p"]["label"] == "Line\rtwo"

    def test_the_documents_end_with_one_line_break(self) -> None:
        """networkx's pretty printer ends a document with a line break, and the writers added
        another: GraphML and GEXF ended ``</graphml>\\n\\n`` (found by a reviewer)."""
        init = ci.load_example("workforce")
        for text in (gexf_string(init), graphml_string(init)):
            assert text.endswith(">\n")
            assert not text.endswith("\n\n")

    def test_the_file_is_the_string_after_a_declaration(self, tmp_path: Path) -> None:
        """gexf_string said it was "what to_gexf writes to a file", but the file began with an
        XML declaration and held raw UTF-8 where the string held character references (found
        by a reviewer). The file is now the declaration and the string, byte for byte, as
        to_graphml's."""
        init = clash().evolve(name="مبادرة التوظيف — 就业倡议")
        path = tmp_path / "g.gexf"
        to_gexf(init, path)
        assert path.read_bytes() == (
            "<?xml version='1.0' encoding='utf-8'?>\n" + gexf_string(init)
        ).encode("utf-8")
        ns = "{http://www.gexf.net/1.2draft}"
        assert ElementTree.parse(path).getroot().findtext(f"{ns}meta/{ns}description") == (
            init.name
        )

    def test_valid_and_the_same_every_day(self, tmp_path: Path) -> None:
        """networkx wrote ``name`` on ``graph`` (GEXF 1.2's schema allows only timeformat,
        start, end, defaultedgetype, idtype and mode there: an XSD validator refused the file)
        and the day it ran as the meta's ``lastmodifieddate`` (the same initiative gave other
        bytes the next day). The name is the meta's description; there is no date."""
        init = clash()
        root = ElementTree.fromstring(gexf_string(init))
        ns = "{http://www.gexf.net/1.2draft}"
        graph = root.find(f"{ns}graph")
        assert graph is not None
        assert set(graph.attrib) <= {"defaultedgetype", "mode", "timeformat", "idtype"}
        meta = root.find(f"{ns}meta")
        assert meta is not None
        assert "lastmodifieddate" not in meta.attrib
        assert meta.findtext(f"{ns}description") == init.name
        # the file and the string hold the same document
        path = tmp_path / "g.gexf"
        to_gexf(init, path)
        assert ElementTree.tostring(ElementTree.parse(path).getroot()) == ElementTree.tostring(root)
        with mock.patch("time.strftime", return_value="2031-01-02"):
            assert gexf_string(init) == gexf_string(clash())


# ------------------------------------------------------------------------------------------ Kumu


def check_kumu(init: Initiative, blueprint: dict[str, Any]) -> None:
    text = json.dumps(blueprint, allow_nan=False)
    data = json.loads(text)
    assert set(data) == {"elements", "connections"}
    labels = [e["label"] for e in data["elements"]]
    assert len({folded_name(label) for label in labels}) == len(labels)
    assert all(label.strip() for label in labels)
    known = set(labels)
    for c in data["connections"]:
        assert c["from"] in known
        assert c["to"] in known
        assert c["direction"] in {"directed", "mutual", "undirected"}
    counts = Counter(e["type"] for e in data["elements"])
    expected = {KUMU_TYPES[k]: n for k, n in model_counts(init).items() if n}
    assert dict(counts) == expected
    graph = ci.alignment_graph(init)
    assert len(data["connections"]) == graph.number_of_edges()
    relations = Counter(d["relation"] for _, _, d in graph.edges(data=True))
    assert Counter(c["type"] for c in data["connections"]) == relations


class TestKumu:
    @pytest.mark.parametrize("init", cases(), ids=lambda i: i.name)
    def test_file(self, tmp_path: Path, init: Initiative) -> None:
        path = tmp_path / "kumu.json"
        to_kumu(init, path, assessment=ci.assess(init))
        check_kumu(init, json.loads(path.read_text(encoding="utf-8")))

    def test_mutual_ties_are_mutual_connections(self) -> None:
        """A communication or joint-planning tie runs both ways (TieKind.directed is false):
        it was written as one directed arrow, a one-way flow. The workforce example has 7
        such ties (3 communication, 4 joint planning) and 14 flows (funding, referral, data
        sharing); every other connection (performs, contributes...) stays directed."""
        init = ci.load_example("workforce")
        data = kumu_blueprint(init)
        ties = {(t.source, t.target): t.kind for t in init.ties}
        labels = kumu_labels(init)
        by_label = {labels[node_key("partner", p.id)]: p.id for p in init.partners}
        seen: Counter[str] = Counter()
        for c in data["connections"]:
            if c["type"] != "tie":
                assert c["direction"] == "directed"
                continue
            kind = ties[(by_label[c["from"]], by_label[c["to"]])]
            assert c["kind"] == kind.value
            assert c["direction"] == ("directed" if kind.directed else "mutual")
            seen[c["direction"]] += 1
        assert seen == {"mutual": 7, "directed": 14}

    def test_duplicate_names_disambiguated(self) -> None:
        labels = kumu_labels(clash())
        assert labels["partner:schools"] == "Schools (Partner: schools)"
        assert labels["partner:bank"] == "schools (Partner: bank)"
        assert labels["indicator:schools"] == "Schools (Indicator: schools)"
        assert labels["goal:g"] == "Schools (Goal: g)"
        assert labels["indicator:grad"] == "Graduation"

    def test_names_differing_in_unicode_form_disambiguated(self) -> None:
        """ "Café" written with one character (U+00E9) and as "e" and a combining acute (U+0301)
        look the same, as do full-width "ＹＭＣＡ" and "YMCA": each pair was two labels printed
        alike, with no id to tell them apart, while names differing in case were told apart.
        They are compared as names are (folded_name: NFKC), found by a reviewer."""
        init = Initiative(
            name="Forms",
            partners=[
                Partner(id="a", name="Caf\u00e9", sector="business"),
                Partner(id="b", name="Cafe\u0301", sector="business"),
                Partner(id="c", name="\uff39\uff2d\uff23\uff21", sector="nonprofit"),
                Partner(id="d", name="YMCA", sector="nonprofit"),
                Partner(id="e", name="Clinic", sector="nonprofit"),
            ],
        )
        labels = kumu_labels(init)
        assert labels["partner:a"] == "Caf\u00e9 (Partner: a)"
        assert labels["partner:b"] == "Cafe\u0301 (Partner: b)"
        assert labels["partner:c"] == "\uff39\uff2d\uff23\uff21 (Partner: c)"
        assert labels["partner:d"] == "YMCA (Partner: d)"
        assert labels["partner:e"] == "Clinic"
        check_kumu(init, kumu_blueprint(init))

    def test_names_printing_alike_disambiguated(self) -> None:
        """'YMCA' beside 'YMCA' + U+200B ZERO WIDTH SPACE (a name may hold format characters)
        printed alike with no id (found by a reviewer): names equal without format characters
        get '(Partner: id)'; 'YMCA Chicago' does not. A Cyrillic 'YМСА' is a name of its own
        (look-alike letters of other scripts are not looked for: a first version that did put
        the id beside every distinct name beyond ASCII of one length, found by a reviewer)."""
        init = Initiative(
            name="Alike",
            partners=[
                Partner(id="a", name="YMCA", sector="nonprofit"),
                Partner(id="b", name="YMCA\u200b", sector="nonprofit"),
                Partner(id="c", name="Y\u041c\u0421\u0410", sector="nonprofit"),
                Partner(id="d", name="YMCA Chicago", sector="nonprofit"),
            ],
            activities=[Activity(id="x", name="X", partners=["a", "b", "c", "d"])],
        )
        labels = kumu_labels(init)
        assert labels["partner:a"] == "YMCA (Partner: a)"
        assert labels["partner:b"] == "YMCA\u200b (Partner: b)"
        assert labels["partner:c"] == "Y\u041c\u0421\u0410"
        assert labels["partner:d"] == "YMCA Chicago"
        check_kumu(init, kumu_blueprint(init))

    def test_distinct_names_beyond_ascii_keep_their_names(self) -> None:
        """'Müller GmbH' and 'Möller GmbH', '北京大学' and '清华大学': distinct names of one
        length with letters beyond ASCII are their own labels (a first version called every
        such pair "printing alike" and added the ids, found by a reviewer)."""
        names = ["Müller GmbH", "Möller GmbH", "北京大学", "清华大学"]
        init = Initiative(
            name="Distinct",
            partners=[Partner(id=f"p{k}", name=n, sector="nonprofit") for k, n in enumerate(names)],
            activities=[Activity(id="x", name="X", partners=[f"p{k}" for k in range(4)])],
        )
        labels = kumu_labels(init)
        assert [labels[f"partner:p{k}"] for k in range(4)] == names

    def test_fields(self) -> None:
        init = ci.load_example("cradle-to-career")
        kumu = kumu_blueprint(init)
        by_node = {e["node"]: e for e in kumu["elements"]}
        united = by_node["partner:united-way"]
        assert (united["type"], united["sector"], united["backbone"]) == (
            "Partner",
            "nonprofit",
            True,
        )
        assert united["roles"] == [r.value for r in init.partner("united-way").roles]
        assert "gaps" not in united
        labels = kumu_labels(init)
        graph = ci.alignment_graph(init)
        conns = {(c["from"], c["to"], c["type"], c.get("kind")): c for c in kumu["connections"]}
        for u, v, data in graph.edges(data=True):
            c = conns[labels[u], labels[v], data["relation"], data.get("tie_kind")]
            assert c.get("weight") == data.get("weight")
            assert c.get("strength") == data.get("strength")

    def test_assessment_fields(self) -> None:
        init = ci.load_example("workforce")
        assessment = ci.assess(init)
        kumu = kumu_blueprint(init, assessment=assessment)
        by_node = {e["node"]: e for e in kumu["elements"]}
        expected: Counter[str] = Counter()
        for gap in assessment.gaps:
            if gap.code == "non-reporting-partner":
                expected.update(gap.subjects)
        for p in init.partners:
            element = by_node[f"partner:{p.id}"]
            assert element["gaps"] >= len(element["gap codes"])
            assert ("non-reporting-partner" in element["gap codes"]) == (expected[p.id] > 0)
        placements = by_node["indicator:placements"]
        assert placements["status"] == assessment.indicator("placements").status.value
        assert "gaps" not in next(e for e in kumu["elements"] if e["type"] == "Working group")

    def test_a_conflict_counts_on_the_activity_pushing_only(self) -> None:
        """The cradle-to-career example's ``zero-tolerance-discipline`` pushes against eight
        running activities: its ``conflicting-activities`` gap is about it, so the eight
        activities it pushes against carry no such gap in the export (they have their own gaps
        or none)."""
        init = ci.load_example("cradle-to-career")
        assessment = ci.assess(init)
        by_node = {e["node"]: e for e in kumu_blueprint(init, assessment=assessment)["elements"]}
        pusher = "zero-tolerance-discipline"
        assert "conflicting-activities" in by_node[f"activity:{pusher}"]["gap codes"]
        opponents = assessment.conflict_pairs().opponents(pusher)
        assert len(opponents) == 8
        for other in opponents:
            assert "conflicting-activities" not in by_node[f"activity:{other}"].get("gap codes", [])

    def test_other_assessment_refused(self) -> None:
        with pytest.raises(ci.ValidationError):
            kumu_blueprint(clash(), assessment=ci.assess(ci.load_example("workforce")))


# ------------------------------------------------------------------------------------------ CIDS


def references(tree: Any) -> Iterator[str]:
    """Every ``{"@id": ...}`` reference (a node object holding nothing but its ``@id``)."""
    if isinstance(tree, dict):
        if set(tree) == {"@id"}:
            yield tree["@id"]
        for value in tree.values():
            yield from references(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from references(value)


def check_cids(init: Initiative, doc: dict[str, Any]) -> None:
    init = canonical(init)  # an export lists in the order of the ids, whatever the file's
    data = json.loads(json.dumps(doc, allow_nan=False))
    assert data["@context"][0] == CIDS_CONTEXT
    nodes = data["@graph"]
    ids = [n["@id"] for n in nodes]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("urn:collective-impact:") for i in ids)
    assert set(references(nodes)) <= set(ids)
    counts = Counter(n["@type"] for n in nodes)
    observations = sum(len(i.observations) for i in init.indicators)
    expected = {
        "cids:Organization": len(init.partners) + 1,
        "cids:Outcome": len(init.goals),
        "cids:Indicator": len(init.indicators),
        "cids:IndicatorReport": observations,
    }
    assert dict(counts) == {k: v for k, v in expected.items() if v}
    by_id = {n["@id"]: n for n in nodes}
    reports = [n for n in nodes if n["@type"] == "cids:IndicatorReport"]
    indicators = [n for n in nodes if n["@type"] == "cids:Indicator"]
    for ind, node in zip(init.indicators, indicators, strict=True):
        assert node["hasName"] == ind.name
        assert node["unitDescription"] == (ind.unit or "")
        mine = [r for r in reports if r["forIndicator"]["@id"] == node["@id"]]
        assert [r["@id"] for r in mine] == [ref["@id"] for ref in node["hasIndicatorReport"]]
        for obs, report in zip(ind.observations, mine, strict=True):
            measure = report["i72:value"]
            assert measure["@type"] == "i72:Measure"
            assert isinstance(measure["i72:hasNumericalValue"], str)
            assert float(measure["i72:hasNumericalValue"]) == obs.value
            assert report["startedAtTime"].startswith(obs.date.isoformat())
            org = by_id[report["forOrganization"]["@id"]]
            assert org["@type"] == "cids:Organization"
            if obs.reported_by is not None:
                assert org["hasID"]["hasIdentifier"] == obs.reported_by
                # CIDS's class of an organisation's id (org:ID is not a CIDS class)
                assert org["hasID"]["@type"] == "org:OrganizationID"
    for goal, node in zip(
        init.goals, (n for n in nodes if n["@type"] == "cids:Outcome"), strict=True
    ):
        assert node["hasDescription"] == goal.statement
        listed = [by_id[ref["@id"]]["hasName"] for ref in node["hasIndicator"]]
        assert listed == [init.indicator(i).name for i in dict.fromkeys(goal.indicators)]


class TestCIDS:
    @pytest.mark.parametrize("init", cases(), ids=lambda i: i.name)
    def test_file(self, tmp_path: Path, init: Initiative) -> None:
        path = tmp_path / "cids.jsonld"
        to_cids(init, path)
        check_cids(init, json.loads(path.read_text(encoding="utf-8")))

    def test_workforce_placements(self) -> None:
        doc = cids_jsonld(ci.load_example("workforce"))
        slug = "urn:collective-impact:opportunity-chicago-illustrative"
        placements = f"{slug}:indicator:placements"
        values = [
            n["i72:value"]["i72:hasNumericalValue"]
            for n in doc["@graph"]
            if n["@type"] == "cids:IndicatorReport" and n["forIndicator"]["@id"] == placements
        ]
        assert values == ["1100", "2600", "4150", "5696"]
        last = next(n for n in doc["@graph"] if n["@id"] == f"{placements}:report:3")
        assert last["forOrganization"] == {"@id": f"{slug}:partner:cha"}
        assert (last["startedAtTime"], last["endedAtTime"]) == (
            "2010-12-31T00:00:00",
            "2010-12-31T23:59:59",
        )
        indicator = next(n for n in doc["@graph"] if n["@id"] == placements)
        assert indicator["hasBaseline"]["i72:hasNumericalValue"] == "0"
        assert indicator["ci:hasTarget"]["i72:hasNumericalValue"] == "5000"

    def test_direction_as_stated_or_read_from_the_target_never_assumed(self) -> None:
        """``ci:direction`` and the description say which way is better when the indicator
        states it or its baseline and target imply it, and nothing is claimed otherwise."""
        init = ci.load_example("workforce")
        first, second = init.indicators[:2]
        changed = init.evolve(
            indicators=(
                attrs.evolve(first, direction=None),
                attrs.evolve(second, direction=None, baseline=None, target=None),
                *init.indicators[2:],
            )
        )
        slug = "urn:collective-impact:opportunity-chicago-illustrative"
        graph = {n["@id"]: n for n in cids_jsonld(changed)["@graph"]}
        implied = graph[f"{slug}:indicator:{first.id}"]
        assert first.better is not None
        assert implied["ci:direction"] == first.better.value
        assert implied["hasDescription"].endswith(f"; {first.better.value} is better.")
        unknown = graph[f"{slug}:indicator:{second.id}"]
        assert "ci:direction" not in unknown
        assert unknown["hasDescription"].endswith("; which way is better is not stated.")
        # the graph (GraphML, GEXF) and Kumu: the stated direction as stated, and "better"
        nodes = ci.alignment_graph(changed).nodes
        first_node = nodes[f"indicator:{first.id}"]
        assert "direction" not in first_node
        assert first_node["better"] == first.better.value
        assert "better" not in nodes[f"indicator:{second.id}"]
        elements = {e["label"]: e for e in ci.kumu_blueprint(changed)["elements"]}
        kumu_first = elements[kumu_labels(changed)[f"indicator:{first.id}"]]
        assert kumu_first["better"] == first.better.value
        assert "direction" not in kumu_first

    def test_ids_and_fallback_organisation(self) -> None:
        doc = cids_jsonld(clash())
        base = "urn:collective-impact:clash-unicode-initiative"  # "Ü", "ï" fold to U, i
        ids = {n["@id"] for n in doc["@graph"]}
        assert f"{base}:partner:odd%20id%2Fwith%3Achars" in ids
        assert {f"{base}:partner:schools", f"{base}:indicator:schools"} <= ids
        group_report = next(n for n in doc["@graph"] if n.get("ci:group") == "low-income")
        assert group_report["forOrganization"] == {"@id": f"{base}:initiative"}
        assert group_report["i72:value"]["i72:hasNumericalValue"] == "2"
        assert group_report["hasName"] == "Schools, low-income, 2024-06-30"

    def test_names_beyond_ascii_get_iris_of_their_own(self) -> None:
        """Every initiative named in Arabic or Chinese got the slug ``initiative``, so two of
        them shared their partners', goals' and indicators' IRIs and would merge in a triple
        store (found by a reviewer). A name with a letter or digit that has no ASCII letter in
        it now ends its slug with the first 12 hex digits of the SHA-256 (UTF-8) of the name as
        the slug compares names: NFKC, case-folded, runs of other characters one hyphen. A name
        whose letters fold to ASCII keeps its slug: the first version of this fix hashed
        ``Café`` too, changing the IRIs of every accented name, and gave ``Café`` and ``café``
        two slugs while ``Cafe`` and ``CAFE`` shared one (found by a second reviewer)."""

        def base(name: str) -> str:
            doc = cids_jsonld(clash().evolve(name=name))
            whole = next(n["@id"] for n in doc["@graph"] if n["hasLegalName"] == name)
            return str(whole).removesuffix(":initiative")

        def digest(compared: str) -> str:
            return hashlib.sha256(compared.encode("utf-8")).hexdigest()[:12]

        arabic, chinese = "مبادرة التوظيف", "就业倡议"
        assert base(arabic) == f"urn:collective-impact:initiative-{digest('مبادرة-التوظيف')}"
        assert base(chinese) == f"urn:collective-impact:initiative-{digest(chinese)}"
        assert base(arabic) != base(chinese)
        assert base(f" {chinese}! ") == base(chinese)
        assert base("Café Kids") == base("CAFÉ kids") == base("Cafe Kids")
        assert base("Café Kids") == "urn:collective-impact:cafe-kids"
        assert base("Straße") == "urn:collective-impact:strasse"  # case folding: ß is ss
        # canonically equivalent spellings (é precomposed or e + combining acute) are one name
        assert base("Cafe\u0301 Kids") == base("Caf\u00e9 Kids")
        assert base("Opportunity Chicago (illustrative)") == (
            "urn:collective-impact:opportunity-chicago-illustrative"
        )

    def test_assessment(self) -> None:
        init = ci.load_example("workforce")
        assessment = ci.assess(init)
        doc = cids_jsonld(init, assessment=assessment)
        check_cids(init, doc)
        indicators = [n for n in doc["@graph"] if n["@type"] == "cids:Indicator"]
        assert all("ci:status" in n and "ci:gaps" in n for n in indicators)


# ------------------------------------------------------------------------------------ properties


@given(initiatives())
def test_generated_exports_are_json_safe_and_consistent(init: Initiative) -> None:
    check_kumu(init, kumu_blueprint(init))
    check_cids(init, cids_jsonld(init))


class TestGapKinds:
    def test_every_gap_about_one_element_has_its_kind(self) -> None:
        """``harmful-activity`` is about one activity but was missing from ``GAP_KINDS``, so
        a Kumu element counted 1 gap for zero-tolerance-discipline, which has 2."""
        from collective_impact.io.exports import GAP_KINDS, kumu_blueprint

        about_nothing = {
            "missing-sector",
            "no-champion",
            "short-funding",
            "no-shared-work",
            "no-common-agenda",
        }
        assert set(GAP_KINDS) | about_nothing == set(ci.GAP_CODES)
        init = ci.load_example("cradle-to-career")
        result = ci.assess(init)
        element = next(
            e
            for e in kumu_blueprint(init, assessment=result)["elements"]
            if e["node"] == "activity:zero-tolerance-discipline"
        )
        assert element["gaps"] == 2
        assert element["gap codes"] == ["conflicting-activities", "harmful-activity"]

    def test_a_gap_counts_only_on_objects_of_its_kind(self) -> None:
        """A ``harmful-activity`` gap's subjects are the activity and the indicators it harms.
        An activity called ``reading``, as the indicator ``cuts`` harms is, was given ``cuts``'s
        gap in Kumu, though it harms nothing (CIDS's ``ci:gaps`` are counted the same way)."""
        init = Initiative(
            name="Same names",
            partners=[
                Partner(id="p", name="P", sector="nonprofit"),
                Partner(id="q", name="Q", sector="business"),
            ],
            goals=[Goal(id="g", statement="G", indicators=["reading", "jobs"])],
            indicators=[Indicator(id="reading", name="R"), Indicator(id="jobs", name="J")],
            activities=[
                Activity(id="cuts", name="Cuts", partners=["q"], contributes={"reading": -0.8}),
                Activity(id="reading", name="Club", partners=["p"], contributes={"jobs": 0.5}),
            ],
            ties=[Tie(source="p", target="q")],
        )
        result = ci.assess(init)
        (harm,) = result.gaps_by(code="harmful-activity")
        assert harm.subjects == ("cuts", "reading")
        by_node = {e["node"]: e for e in kumu_blueprint(init, assessment=result)["elements"]}
        assert "harmful-activity" in by_node["activity:cuts"]["gap codes"]
        assert "harmful-activity" not in by_node["activity:reading"].get("gap codes", [])

    @pytest.mark.parametrize("seed", range(4))
    def test_which_subjects_are_of_the_code_s_kind(self, seed: int) -> None:
        """Every subject of a code in ``GAP_KINDS`` is an id of its kind, but for the codes
        whose key's role names them (``_MIXED_SUBJECTS``): a gap that comes to name other
        things among its subjects must be added there, or the exports miscount."""
        from collective_impact import synth
        from collective_impact.analysis.gaps import gap_roles
        from collective_impact.io.exports import _MIXED_SUBJECTS, GAP_KINDS

        for init in (ci.load_example("cradle-to-career"), synth.generate(seed=seed)):
            ids = {
                "partner": {p.id for p in init.partners},
                "activity": {a.id for a in init.activities},
                "indicator": {i.id for i in init.indicators},
                "goal": {g.id for g in init.goals},
            }
            for gap in ci.assess(init).gaps:
                kind = GAP_KINDS.get(gap.code)
                if kind is None:
                    continue
                role = _MIXED_SUBJECTS.get(gap.code)
                named = gap.subjects if role is None else gap_roles(gap.key)[role]
                assert set(named) <= ids[kind], gap.key


class TestExportsDoNotDependOnTheOrderOfTheFile:
    """Found by a report-only reviewer: GraphML, GEXF, Kumu and CIDS followed the order of
    the file (GraphML's key numbering, a partner's roles "funder|champion", CIDS's lists of
    outcomes and partners), and ``cids_jsonld``/``kumu_blueprint`` refused an assessment of
    the same initiative in another order, its own canonical ``analysed`` one included."""

    @staticmethod
    def shuffled(init: Initiative) -> Initiative:
        return init.evolve(
            partners=init.partners[::-1],
            activities=init.activities[::-1],
            indicators=init.indicators[::-1],
            goals=init.goals[::-1],
            ties=init.ties[::-1],
            working_groups=init.working_groups[::-1],
        )

    @pytest.mark.parametrize("name", ["workforce", "cradle-to-career"])
    def test_the_same_bytes(self, name: str) -> None:
        init = ci.load_example(name)
        other = self.shuffled(init)
        assert [p.id for p in other.partners] != [p.id for p in init.partners]
        assert graphml_string(other) == graphml_string(init)
        assert gexf_string(other) == gexf_string(init)
        result, again = ci.assess(init), ci.assess(other)
        dump = functools.partial(json.dumps, sort_keys=False)
        assert dump(kumu_blueprint(other, assessment=again)) == dump(
            kumu_blueprint(init, assessment=result)
        )
        assert dump(cids_jsonld(other, assessment=again)) == dump(
            cids_jsonld(init, assessment=result)
        )

    def test_an_assessment_of_the_same_initiative_in_another_order(self) -> None:
        init = ci.load_example("cradle-to-career")
        result = ci.assess(init)
        assert result.not_running  # analysed leaves out the activities that do not run
        cids_jsonld(result.analysed, assessment=result)
        kumu_blueprint(result.analysed, assessment=result)
        same = self.shuffled(init)
        assert cids_jsonld(same, assessment=result) == cids_jsonld(init, assessment=result)
        assert kumu_blueprint(same, assessment=result) == kumu_blueprint(init, assessment=result)
        other = init.evolve(name="Another")
        with pytest.raises(ci.ValidationError, match="of another initiative"):
            cids_jsonld(other, assessment=result)


@functools.cache
def _result() -> ci.Assessment:
    return ci.assess(ci.load_example("workforce"))


#: Each writer, what its message says it writes, and the names it takes.
_WRITERS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "to_kumu": (
        lambda p: to_kumu(_result().initiative, p),
        "Kumu's JSON is written as .json",
        (".json",),
    ),
    "to_graphml": (
        lambda p: to_graphml(_result().initiative, p),
        "GraphML is written as .graphml or .xml",
        (".graphml", ".xml"),
    ),
    "to_gexf": (
        lambda p: to_gexf(_result().initiative, p),
        "GEXF is written as .gexf",
        (".gexf",),
    ),
    "to_cids": (
        lambda p: to_cids(_result().initiative, p),
        "CIDS JSON-LD is written as .jsonld or .json",
        (".jsonld", ".json"),
    ),
    "to_json": (
        lambda p: _result().to_json(p),
        "an assessment's JSON is written as .json",
        (".json",),
    ),
    "to_html": (
        lambda p: _result().to_html(p),
        "an HTML page is written as .html or .htm",
        (".html", ".htm"),
    ),
    "write_report": (
        lambda p: _write_report(_result(), p),
        "an HTML page is written as .html or .htm",
        (".html", ".htm"),
    ),
}


class TestNamedForItsFormat:
    """``to_kumu(init, "my-initiative.yaml")`` replaced the person's initiative with Kumu's
    JSON, and so did every export writer and ``Assessment.to_json``/``to_html``, while
    ``write_workbook`` and the command line's ``-o`` refused such a name (found by a
    reviewer). Every writer refuses a name of another format's suffix, or of none, before any
    work, with the check the command line uses; the file there is left as it was."""

    @pytest.mark.parametrize("writer", sorted(_WRITERS))
    @pytest.mark.parametrize(
        "name",
        ["my-initiative.yaml", "my-initiative.YML", "i.toml", "i.json", "i.xlsx", "i.zip",
         "partners.csv", "i.txt", "initiative"],
    )  # fmt: skip
    def test_another_format_s_name_is_refused(self, tmp_path: Path, writer: str, name: str) -> None:
        write, said, suffixes = _WRITERS[writer]
        if Path(name).suffix.lower() in suffixes:  # .json: Kumu's, CIDS's and to_json's own
            return
        path = tmp_path / name
        path.write_text("schema_version: 1\n", encoding="utf-8")
        with pytest.raises(ci.WriteError) as err:
            write(path)
        suffix = Path(name).suffix.lower() or "(none)"
        stem = Path(name).stem
        assert err.value.reason == (
            f"{said}, not under the suffix {suffix!r}; name it {' or '.join(suffixes)} "
            f"(for example {stem}{suffixes[0]}); nothing was written"
        )
        assert str(err.value).startswith(f"{path}: ")
        assert path.read_text(encoding="utf-8") == "schema_version: 1\n"
        assert [p.name for p in tmp_path.iterdir()] == [name]

    @pytest.mark.parametrize("writer", sorted(_WRITERS))
    def test_its_own_names_are_written_in_any_case(self, tmp_path: Path, writer: str) -> None:
        write, _, suffixes = _WRITERS[writer]
        names = [f"out{s}" for s in suffixes] + [f"OUT{suffixes[0].upper()}"]
        for name in names:
            write(tmp_path / name)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)

    #: The writers whose suffix a native file shares (``.json``), and the kind each names.
    _SHARED: ClassVar[dict[str, str]] = {
        "to_kumu": "kumu",
        "to_cids": "cids",
        "to_json": "assessment",
    }

    @pytest.mark.parametrize("writer", sorted(_SHARED))
    @pytest.mark.parametrize("name", ["my-initiative.json", "MINE.JSON"])
    def test_a_native_initiative_is_not_replaced(
        self, tmp_path: Path, writer: str, name: str
    ) -> None:
        """``to_kumu(init, "my-initiative.json")`` and ``Assessment.to_json`` of that name
        replaced the person's initiative in native JSON (``.json`` is their suffix too), which
        then failed to load (found by a reviewer); the command line refused it only when
        ``-o`` named its input. Each refuses, naming the file and saying it holds an
        initiative; the file is left as it was, and nothing else is written."""
        write = _WRITERS[writer][0]
        path = tmp_path / name
        ci.dump(_result().initiative, path.with_suffix(".json"))
        if path.name != path.with_suffix(".json").name:
            path.with_suffix(".json").rename(path)
        before = path.read_bytes()
        with pytest.raises(ci.WriteError) as err:
            write(path)
        kind = self._SHARED[writer]
        from collective_impact.io._files import OUTPUTS

        assert err.value.reason == (
            "it holds an initiative in the native format (a JSON object whose first key, "
            f"'schema_version', is one of the format's), which {OUTPUTS[kind][0]} would "
            f"replace; name the output another way (for example {Path(name).stem}-{kind}.json), "
            "or move the initiative first; nothing was written"
        )
        assert str(err.value).startswith(f"{path}: ")
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == [name]
        assert ci.load(path).name == _result().initiative.name

    @pytest.mark.parametrize("writer", sorted(_SHARED))
    def test_a_hand_written_initiative_is_not_replaced(self, tmp_path: Path, writer: str) -> None:
        """An initiative written by hand, or by a program that sorts keys, need not begin with
        schema_version: a byte-order mark, spaces, and a first key of the native format
        ("name", "activities", or an escaped "schema\\u005fversion") read as an initiative
        too."""
        write = _WRITERS[writer][0]
        path = tmp_path / "hand.json"
        text = '\ufeff \n {\n  "name" : "Mine", "schema_version": 1, "partners": []}\n'
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ci.WriteError, match="first key, 'name'"):
            write(path)
        data = dict(sorted(json.loads(path.read_text(encoding="utf-8-sig")).items()))
        path.write_text(json.dumps({"activities": [], **data}), encoding="utf-8")
        with pytest.raises(ci.WriteError, match="first key, 'activities'"):
            write(path)
        # a key written with an escape is the key it reads as
        path.write_text('{"schema\\u005fversion": 1}', encoding="utf-8")
        with pytest.raises(ci.WriteError, match="first key, 'schema_version'"):
            write(path)

    @pytest.mark.parametrize("writer", sorted(_SHARED))
    def test_a_previous_export_is_replaced(self, tmp_path: Path, writer: str) -> None:
        """Re-running an export is normal: a file that holds a previous export of the same
        kind, or of another (its first key, "elements", "@context" or "scores", is none of the
        native format's), or other JSON, or no JSON, is replaced."""
        write = _WRITERS[writer][0]
        path = tmp_path / "out.json"
        for other in sorted(self._SHARED):
            _WRITERS[other][0](path)  # the previous export, of each kind
            write(path)
        written = path.read_bytes()
        for content in ('{"data": [1, 2]}', "[1, 2]", "", "not json", '{"nam\\u0065s": 1}'):
            path.write_text(content, encoding="utf-8")
            write(path)
            assert path.read_bytes() == written

    def test_only_json_is_shared_with_native_files(self) -> None:
        """The sniff reads JSON: every export or result suffix a native file shares is
        ``.json`` (a writer of .yaml or .toml would need a sniff of its own)."""
        from collective_impact.io._files import OUTPUTS

        native = set(OUTPUTS["native"][1])
        shared = {
            kind: native & set(suffixes)
            for kind, (_, suffixes) in OUTPUTS.items()
            if kind != "native" and native & set(suffixes)
        }
        assert shared == {kind: {".json"} for kind in self._SHARED.values()}

    def test_one_table_for_the_writers_and_the_command_line(self) -> None:
        """The command line refuses ``-o`` with the writers' own table and advice."""
        from collective_impact import cli
        from collective_impact.io._files import OUTPUTS
        from collective_impact.io.native import FORMATS

        assert set(cli._OUTPUTS.values()) <= set(OUTPUTS)
        assert OUTPUTS["native"][1] == tuple(s for group in FORMATS.values() for s in group)
        for writer, (_, said, suffixes) in _WRITERS.items():
            kind = {"to_json": "assessment", "to_html": "html", "write_report": "html"}.get(
                writer, writer[3:]
            )
            assert said == f"{OUTPUTS[kind][0]} is written as {' or '.join(suffixes)}"
            assert OUTPUTS[kind][1] == suffixes
