"""The actor graph: actors as nodes, facts (or events when there are none) as typed, weighted
edges; written as GraphML or GEXF for Gephi and networkx. Nothing here writes to the database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO
from xml.sax.saxutils import escape as xml_escape

from armswatch.export.writers import CSV_LIST_SEPARATOR

if TYPE_CHECKING:
    from armswatch.store.interface import Reader

#: Strength order of factuality values, strongest first.
_FACTUALITY_RANK = {"certain": 0, "possible": 1, "negated": 2}

# XML 1.0 forbids most control characters even when escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphNode:
    """An actor: its id, a display label and kind (from the KB when known), records naming it."""

    id: str
    label: str
    kind: str
    n_records: int


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphEdge:
    """All facts (or events) of one type from one actor to another.

    ``mutual`` marks an edge between co-parties of a record without targets (a pact, a joint
    exercise), drawn from the lower to the higher id. ``weight`` counts the records,
    ``n_events`` their supporting events, ``factuality`` is the strongest among them.
    """

    source: str
    target: str
    type: str
    mutual: bool
    weight: int
    n_events: int
    factuality: str
    records: tuple[str, ...]

    @property
    def key(self) -> str:
        """A stable id for the edge: ``source|target|type``."""
        return f"{self.source}|{self.target}|{self.type}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Graph:
    """Actors as nodes and typed, weighted edges built from facts, or from events when no facts."""

    basis: str
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]


def record_pairs(record: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """Yield the ``(source, target, mutual)`` actor pairs a fact or event relates.

    Each source to each target; without targets, every pair of co-sources (mutual).
    """
    sources = list(dict.fromkeys(record["source"]))
    targets = list(dict.fromkeys(record["target"]))
    if targets:
        for s in sources:
            for t in targets:
                if s != t:
                    yield s, t, False
        return
    ordered = sorted(sources)
    for i, s in enumerate(ordered):
        for t in ordered[i + 1 :]:
            yield s, t, True


def relation_graph(
    records: Iterable[dict[str, Any]],
    *,
    basis: str,
    actors: Mapping[str, tuple[str, str]] | None = None,
) -> Graph:
    """Aggregate facts (``basis="facts"``) or events into a :class:`Graph`.

    ``actors`` maps an actor id to ``(name, kind)`` for labels; unknown ids get the id itself.
    """
    id_field = "fact_id" if basis == "facts" else "event_id"
    counts: dict[str, int] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for record in records:
        for actor in dict.fromkeys([*record["source"], *record["target"]]):
            counts[actor] = counts.get(actor, 0) + 1
        n_events = int(record.get("n_events") or 1)
        for s, t, mutual in record_pairs(record):
            edge = edges.setdefault(
                (s, t, record["type"]),
                {"mutual": mutual, "weight": 0, "n_events": 0, "factuality": "negated", "records": []},
            )
            edge["mutual"] = edge["mutual"] and mutual
            edge["weight"] += 1
            edge["n_events"] += n_events
            if _FACTUALITY_RANK.get(record["factuality"], 3) < _FACTUALITY_RANK[edge["factuality"]]:
                edge["factuality"] = record["factuality"]
            edge["records"].append(record[id_field])
    known = actors or {}
    nodes = tuple(
        GraphNode(id=a, label=known.get(a, (a, ""))[0], kind=known.get(a, (a, ""))[1], n_records=n)
        for a, n in sorted(counts.items())
    )
    return Graph(
        basis=basis,
        nodes=nodes,
        edges=tuple(
            GraphEdge(source=s, target=t, type=kind, **{**data, "records": tuple(data["records"])})
            for (s, t, kind), data in sorted(edges.items())
        ),
    )


def store_graph(
    reader: Reader,
    *,
    basis: str = "auto",
    actors: Mapping[str, tuple[str, str]] | None = None,
    **filters: Any,
) -> Graph:
    """The actor graph of a store: from facts, or from events when there are no facts.

    ``basis`` is ``"facts"``, ``"events"`` or ``"auto"``; ``filters`` are those the chosen
    query accepts (type, source, target, actor, weapon, factuality, since, until).
    """
    if basis == "auto":
        has_facts = next(iter(reader.facts(limit=1)), None) is not None
        basis = "facts" if has_facts else "events"
    if basis == "facts":
        return relation_graph(reader.facts(**filters), basis=basis, actors=actors)
    if basis == "events":
        return relation_graph(reader.events(**filters), basis=basis, actors=actors)
    raise ValueError(f"unknown graph basis {basis!r}; choose facts, events or auto")


# Character references keep tabs and line breaks inside attributes, which parsers would
# otherwise normalise to spaces.
_XML_ENTITIES = {'"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}


def _xml(value: object) -> str:
    return xml_escape(_XML_INVALID.sub("\ufffd", str(value)), _XML_ENTITIES)


def write_graphml(graph: Graph, out: TextIO) -> int:
    """Write the graph as GraphML (Gephi, yEd, ``networkx.read_graphml``); return the edge count."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
        ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    keys = [
        ("n_label", "node", "label", "string"),
        ("n_kind", "node", "kind", "string"),
        ("n_records", "node", "n_records", "int"),
        ("e_type", "edge", "type", "string"),
        ("e_weight", "edge", "weight", "int"),
        ("e_events", "edge", "n_events", "int"),
        ("e_fact", "edge", "factuality", "string"),
        ("e_mutual", "edge", "mutual", "boolean"),
        ("e_records", "edge", graph.basis, "string"),
    ]
    for key, domain, name, kind in keys:
        out.write(f'  <key id="{key}" for="{domain}" attr.name="{_xml(name)}" attr.type="{kind}"/>\n')
    out.write(f'  <graph id="armswatch-{_xml(graph.basis)}" edgedefault="directed">\n')
    for node in graph.nodes:
        out.write(f'    <node id="{_xml(node.id)}">')
        out.write(f'<data key="n_label">{_xml(node.label)}</data><data key="n_kind">{_xml(node.kind)}</data>')
        out.write(f'<data key="n_records">{node.n_records}</data></node>\n')
    for i, edge in enumerate(graph.edges):
        out.write(f'    <edge id="e{i}" source="{_xml(edge.source)}" target="{_xml(edge.target)}">')
        out.write(f'<data key="e_type">{_xml(edge.type)}</data><data key="e_weight">{edge.weight}</data>')
        out.write(f'<data key="e_events">{edge.n_events}</data>')
        out.write(f'<data key="e_fact">{_xml(edge.factuality)}</data>')
        out.write(f'<data key="e_mutual">{"true" if edge.mutual else "false"}</data>')
        out.write(f'<data key="e_records">{_xml(CSV_LIST_SEPARATOR.join(edge.records))}</data></edge>\n')
    out.write("  </graph>\n</graphml>\n")
    return len(graph.edges)


def write_gexf(graph: Graph, out: TextIO) -> int:
    """Write the graph as GEXF 1.2 (Gephi's own format); return the edge count.

    The edge's event type is the attribute ``type`` (GEXF's own ``type`` attribute is the
    direction, and stays at the directed default) and also its label.
    """
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n')
    out.write(f"  <meta><creator>armswatch</creator><description>actors and {_xml(graph.basis)}")
    out.write("</description></meta>\n")
    out.write('  <graph mode="static" defaultedgetype="directed">\n')
    out.write('    <attributes class="node">\n')
    out.write('      <attribute id="kind" title="kind" type="string"/>\n')
    out.write('      <attribute id="n_records" title="n_records" type="integer"/>\n')
    out.write("    </attributes>\n")
    out.write('    <attributes class="edge">\n')
    for name, kind in (
        ("type", "string"),
        ("n_events", "integer"),
        ("factuality", "string"),
        ("mutual", "boolean"),
        (graph.basis, "string"),
    ):
        out.write(f'      <attribute id="{_xml(name)}" title="{_xml(name)}" type="{kind}"/>\n')
    out.write("    </attributes>\n    <nodes>\n")
    for node in graph.nodes:
        out.write(f'      <node id="{_xml(node.id)}" label="{_xml(node.label)}"><attvalues>')
        out.write(f'<attvalue for="kind" value="{_xml(node.kind)}"/>')
        out.write(f'<attvalue for="n_records" value="{node.n_records}"/></attvalues></node>\n')
    out.write("    </nodes>\n    <edges>\n")
    for i, edge in enumerate(graph.edges):
        out.write(
            f'      <edge id="e{i}" source="{_xml(edge.source)}" target="{_xml(edge.target)}"'
            f' label="{_xml(edge.type)}" weight="{edge.weight}"><attvalues>'
        )
        out.write(f'<attvalue for="type" value="{_xml(edge.type)}"/>')
        out.write(f'<attvalue for="n_events" value="{edge.n_events}"/>')
        out.write(f'<attvalue for="factuality" value="{_xml(edge.factuality)}"/>')
        out.write(f'<attvalue for="mutual" value="{"true" if edge.mutual else "false"}"/>')
        out.write(
            f'<attvalue for="{_xml(graph.basis)}" value="{_xml(CSV_LIST_SEPARATOR.join(edge.records))}"/>'
        )
        out.write("</attvalues></edge>\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")
    return len(graph.edges)


#: Graph formats by name.
GRAPH_WRITERS: dict[str, Callable[[Graph, TextIO], int]] = {"gexf": write_gexf, "graphml": write_graphml}


def export_graph(
    reader: Reader,
    out: TextIO,
    *,
    format: str,
    basis: str = "auto",
    actors: Mapping[str, tuple[str, str]] | None = None,
    **filters: Any,
) -> int:
    """Write the actor graph as ``graphml`` or ``gexf``; return the number of edges."""
    try:
        writer = GRAPH_WRITERS[format]
    except KeyError:
        choices = ", ".join(sorted(GRAPH_WRITERS))
        raise ValueError(f"unknown graph format {format!r}; choose one of: {choices}") from None
    return writer(store_graph(reader, basis=basis, actors=actors, **filters), out)
