from __future__ import annotations

from pathlib import Path

import networkx as nx

import collective_impact as ci
from collective_impact import Activity, Goal, Indicator, Initiative, Partner, Tie, WorkingGroup


def tiny() -> Initiative:
    """A partner and an indicator share the id 'schools': node keys keep them apart."""
    return Initiative(
        name="Tiny",
        partners=[
            Partner(
                id="schools", name="Schools", sector="government", roles=["funder", "champion"]
            ),
            Partner(id="bank", name="Bank", sector="business"),
        ],
        indicators=[
            Indicator(
                id="schools", name="School quality", baseline={"date": "2024-01-01", "value": 1}
            ),  # type: ignore[arg-type]
            Indicator(id="grad", name="Graduation"),
        ],
        goals=[Goal(id="g", statement="G", indicators=["grad"], weight=2)],
        activities=[
            Activity(
                id="a",
                name="A",
                partners=["schools", "bank"],
                contributes={"schools": 0.5},
                places=["north", "south"],
            )
        ],
        ties=[Tie(source="bank", target="schools", kind="funding", strength=0.4)],
        working_groups=[WorkingGroup(id="w", name="W", members=["bank"], goals=["g"])],
    ).with_indicators(Indicator(id="schools", name="School quality", drives={"grad": 0.7}))


class TestAlignmentGraph:
    def test_nodes_are_namespaced(self) -> None:
        g = ci.alignment_graph(tiny())
        assert g.nodes["partner:schools"]["kind"] == "partner"
        assert g.nodes["indicator:schools"]["kind"] == "indicator"
        assert g.nodes["partner:schools"]["roles"] == "champion|funder"  # in canonical order
        assert g.nodes["activity:a"]["places"] == "north|south"
        assert g.number_of_nodes() == 2 + 2 + 1 + 1 + 1

    def test_edges(self) -> None:
        g = ci.alignment_graph(tiny())
        edges = {(u, v, k): d for u, v, k, d in g.edges(keys=True, data=True)}
        assert edges["partner:schools", "activity:a", "performs"]["lead"] is True
        assert edges["partner:bank", "activity:a", "performs"]["lead"] is False
        assert edges["activity:a", "indicator:schools", "contributes"]["weight"] == 0.5
        assert edges["indicator:schools", "indicator:grad", "drives"]["weight"] == 0.7
        assert edges["indicator:grad", "goal:g", "measures"]["weight"] == 2.0
        tie = edges["partner:bank", "partner:schools", "tie:funding"]
        assert (tie["tie_kind"], tie["strength"]) == ("funding", 0.4)
        assert ("partner:bank", "working_group:w", "member") in edges
        assert ("working_group:w", "goal:g", "serves") in edges
        assert len(edges) == 8

    def test_graph_is_a_view(self) -> None:
        init = tiny()
        g = ci.alignment_graph(init)
        g.remove_node("partner:bank")
        assert ci.alignment_graph(init).has_node("partner:bank")

    def test_networkx_algorithms_run(self) -> None:
        g = ci.alignment_graph(ci.load_example("cradle-to-career"))
        assert nx.is_weakly_connected(g) in (True, False)
        ranks = nx.pagerank(nx.DiGraph(g))
        assert abs(sum(ranks.values()) - 1) < 1e-9

    def test_graphml_round_trip(self, tmp_path: Path) -> None:
        g = ci.alignment_graph(ci.load_example("cradle-to-career"))
        path = tmp_path / "g.graphml"
        nx.write_graphml(g, path)
        back = nx.read_graphml(path, force_multigraph=True)
        assert dict(back.nodes(data=True)) == dict(g.nodes(data=True))
        assert sorted(back.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True))

    def test_node_key(self) -> None:
        import pytest

        from collective_impact.graph import node_key

        assert node_key("goal", "x") == "goal:x"
        with pytest.raises(ValueError, match="unknown kind 'gaol'"):
            node_key("gaol", "x")


class TestListAttributes:
    def test_a_bar_in_a_value_is_escaped(self) -> None:
        """List attributes are joined with ``|`` as in a CSV bundle, and escaped the same way:
        the one place ``north|south`` and the two places ``north`` and ``south`` were both the
        attribute ``north|south`` in GraphML and GEXF. Now the first is ``north\\|south`` and
        :func:`~collective_impact.io._tables.split_values` gives back each list."""
        from collective_impact.io._tables import split_values

        one = Activity(id="one", name="One", partners=["bank"], places=["north|south"])
        two = Activity(id="two", name="Two", partners=["bank"], places=["north", "south"])
        three = Activity(id="three", name="Three", partners=["bank"], places=["a\\b"])
        g = ci.alignment_graph(tiny().evolve(activities=[one, two, three]))
        places = [g.nodes[f"activity:{a}"]["places"] for a in ("one", "two", "three")]
        assert places == ["north\\|south", "north|south", "a\\\\b"]
        assert [split_values(p) for p in places] == [["north|south"], ["north", "south"], ["a\\b"]]
