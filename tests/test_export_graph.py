"""Actor graph exports: GraphML and GEXF that networkx (and so Gephi) reads back whole."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from api_support import synthetic_db
from armswatch.cli import cli
from armswatch.export.graph import (
    Graph,
    export_graph,
    record_pairs,
    relation_graph,
    store_graph,
    write_gexf,
    write_graphml,
)
from armswatch.store import open_store

#: Edges of the synthetic events: (source, target, type) -> (weight, mutual).
EVENT_EDGES = {
    ("PRK", "RUS", "arms_transfer"): (4, False),
    ("USA", "PRK", "accusation"): (1, False),
    ("PRK", "RUS", "meeting"): (1, False),
    ("PRK", "RUS", "military_cooperation"): (1, True),
    ("IRN", "RUS", "arms_transfer"): (1, False),
    ("DEU", "UKR", "arms_transfer"): (1, False),
    ("USA", "IRN", "sanction"): (1, False),
    ("USA", "iran_air", "sanction"): (1, False),
}


@pytest.fixture(scope="module")
def events_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_db(tmp_path_factory.mktemp("graph") / "events.db", facts=False)


@pytest.fixture(scope="module")
def facts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_db(tmp_path_factory.mktemp("graph") / "facts.db")


def _read(text: str, fmt: str) -> nx.MultiDiGraph:
    data = io.BytesIO(text.encode("utf-8"))
    graph = nx.read_graphml(data) if fmt == "graphml" else nx.read_gexf(data)
    return nx.MultiDiGraph(graph)


def _edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, object]]:
    return {(s, t, d["type"]): d for s, t, d in graph.edges(data=True)}


def test_record_pairs_source_to_target_or_co_parties() -> None:
    assert list(record_pairs({"source": ["A", "B"], "target": ["C"]})) == [
        ("A", "C", False),
        ("B", "C", False),
    ]
    assert list(record_pairs({"source": ["C", "A", "B"], "target": []})) == [
        ("A", "B", True),
        ("A", "C", True),
        ("B", "C", True),
    ]
    assert list(record_pairs({"source": ["A"], "target": ["A"]})) == []
    assert list(record_pairs({"source": ["A"], "target": []})) == []


def test_store_graph_falls_back_to_events_without_facts(events_db: Path) -> None:
    with open_store(events_db, readonly=True) as store:
        graph = store_graph(store.read)
    assert graph.basis == "events"
    got = {(e.source, e.target, e.type): (e.weight, e.mutual) for e in graph.edges}
    assert got == EVENT_EDGES
    # A denial without a target adds its actor as a node but no edge.
    assert {n.id for n in graph.nodes} == {"PRK", "RUS", "USA", "IRN", "DEU", "UKR", "iran_air"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_event_graph_round_trips_through_networkx(events_db: Path, fmt: str) -> None:
    out = io.StringIO()
    with open_store(events_db, readonly=True) as store:
        n = export_graph(store.read, out, format=fmt, actors={"PRK": ("North Korea", "state")})
    graph = _read(out.getvalue(), fmt)
    assert n == len(EVENT_EDGES)
    assert graph.number_of_nodes() == 7
    assert graph.number_of_edges() == len(EVENT_EDGES)
    edges = _edges(graph)
    assert set(edges) == set(EVENT_EDGES)
    for key, (weight, mutual) in EVENT_EDGES.items():
        assert int(edges[key]["weight"]) == weight
        assert edges[key]["mutual"] is mutual
    assert len(str(edges[("PRK", "RUS", "arms_transfer")]["events"]).split(";")) == 4
    assert graph.nodes["PRK"]["label"] == "North Korea"
    assert graph.nodes["PRK"]["kind"] == "state"
    assert graph.nodes["RUS"]["label"] == "RUS"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_fact_graph_has_one_edge_per_fact_relation(facts_db: Path, fmt: str) -> None:
    with open_store(facts_db, readonly=True) as store:
        facts = list(store.read.facts())
        expected = relation_graph(facts, basis="facts")
        out = io.StringIO()
        export_graph(store.read, out, format=fmt)
    assert facts, "the stories stage built no facts"
    assert expected.basis == "facts"
    graph = _read(out.getvalue(), fmt)
    assert graph.number_of_nodes() == len(expected.nodes)
    assert graph.number_of_edges() == len(expected.edges)
    by_id = {f["fact_id"]: f for f in facts}
    for s, t, data in graph.edges(data=True):
        ids = str(data["facts"]).split(";")
        assert int(data["weight"]) == len(ids)
        for fact_id in ids:
            fact = by_id[fact_id]
            assert fact["type"] == data["type"]
            assert {s, t} <= {*fact["source"], *fact["target"]}


def test_unknown_formats_and_bases_are_refused(events_db: Path) -> None:
    with open_store(events_db, readonly=True) as store:
        with pytest.raises(ValueError, match="graph format"):
            export_graph(store.read, io.StringIO(), format="dot")
        with pytest.raises(ValueError, match="basis"):
            store_graph(store.read, basis="stories")


_ids = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\t\n\r"),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "source": st.lists(_ids, min_size=1, max_size=3),
                "target": st.lists(_ids, max_size=3),
                "type": st.sampled_from(["arms_transfer", "meeting", "a&b <c>"]),
                "factuality": st.sampled_from(["certain", "possible", "negated"]),
            }
        ),
        max_size=8,
    ),
    st.sampled_from(["graphml", "gexf"]),
)
def test_any_ids_survive_the_xml(records: list[dict[str, object]], fmt: str) -> None:
    records = [{**r, "event_id": f"e{i}"} for i, r in enumerate(records)]
    graph: Graph = relation_graph(records, basis="events")
    out = io.StringIO()
    (write_graphml if fmt == "graphml" else write_gexf)(graph, out)
    read = _read(out.getvalue(), fmt)
    assert set(read.nodes) == {n.id for n in graph.nodes}
    assert sorted((s, t, d["type"]) for s, t, d in read.edges(data=True)) == sorted(
        (e.source, e.target, e.type) for e in graph.edges
    )


def test_cli_export_graph_writes_a_file_networkx_reads(events_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    result = CliRunner().invoke(
        cli, ["export", "graph", "--db", str(events_db), "--format", "graphml", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(target)
    assert graph.number_of_edges() == len(EVENT_EDGES)
    assert graph.nodes["PRK"]["label"] == "North Korea"  # the CLI labels actors from the KB
    result = CliRunner().invoke(
        cli, ["export", "graph", "--db", str(events_db), "--format", "gexf", "--type", "sanction"]
    )
    assert result.exit_code == 0, result.output
    sanctions = nx.read_gexf(io.BytesIO(result.stdout.encode("utf-8")))
    assert sorted(sanctions.edges()) == [("USA", "IRN"), ("USA", "iran_air")]
