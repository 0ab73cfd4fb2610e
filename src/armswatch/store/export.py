"""Exports of stored articles, events, facts and stories, and of the actor graph.

Stage contract: a :class:`~armswatch.store.db.Store` in, records streamed to a text stream (or a
Parquet file) out. ``export events --format jsonl`` is what ``shared/eval/score.py`` reads: the
contract's fields first, then extras it ignores. Each text format is one writer function in
``TEXT_WRITERS``; Parquet (pyarrow, the optional ``[parquet]`` extra) gets its own
``export_*_parquet`` function over the same ``*_records`` generators, so both hold the same rows.
The actor graph (actors as nodes, facts, or events when there are no facts, as typed and weighted
edges) is written as GraphML or GEXF for Gephi and networkx; events also export as
PLOVER/POLECAT-style records. Nothing here writes to the database.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from xml.sax.saxutils import escape as xml_escape

from armswatch.store.facts import FACT_FIELDS as FACT_COLUMNS

if TYPE_CHECKING:
    from armswatch.store.db import Store
    from armswatch.store.query import Queries

#: Article fields exported: the gold set's fields, then extras.
ARTICLE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "title",
    "published",
    "outlet",
    "body",
    "story",
    "url",
    "published_evidence",
)

#: Event fields exported: the contract's fields, then extras the scorer ignores.
EVENT_FIELDS: tuple[str, ...] = (
    "doc_id",
    "type",
    "source",
    "target",
    "weapons",
    "factuality",
    "attributed_to",
    "date",
    "location",
    "evidence",
    "event_id",
    "evidence_start",
    "evidence_end",
    "plover_code",
    "plover_mode",
    "confidence",
    "rule",
)

#: Separator of list items in a CSV cell (actor ids and weapon categories never contain it).
CSV_LIST_SEPARATOR = ";"

# JSON allows these raw inside strings, but str.splitlines() and JavaScript line readers
# break lines at them; escaping keeps one record per line for every reader.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}

RecordWriter = Callable[[Iterable[dict[str, Any]], Sequence[str], TextIO], int]


def write_jsonl(records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """Write one JSON object per line (UTF-8 text, not ASCII-escaped); return the count."""
    n = 0
    for record in records:
        line = json.dumps({name: record[name] for name in fields}, ensure_ascii=False)
        for char, escape in _LINE_BREAKS.items():
            if char in line:
                line = line.replace(char, escape)
        out.write(line + "\n")
        n += 1
    return n


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return CSV_LIST_SEPARATOR.join(str(item) for item in value)
    return value


def write_csv(records: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    """Write a header row and one row per record, lists joined by ``;``; return the count.

    Open ``out`` with ``newline=""`` when it is a file, as the csv module asks.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    n = 0
    for record in records:
        writer.writerow([_csv_cell(record[name]) for name in fields])
        n += 1
    return n


#: Text formats by name.
TEXT_WRITERS: dict[str, RecordWriter] = {"csv": write_csv, "jsonl": write_jsonl}

#: Format names accepted by :func:`export_articles` and :func:`export_events`.
FORMATS: tuple[str, ...] = tuple(sorted(TEXT_WRITERS))


def _writer(format: str) -> RecordWriter:
    try:
        return TEXT_WRITERS[format]
    except KeyError:
        raise ValueError(f"unknown export format {format!r}; choose one of: {', '.join(FORMATS)}") from None


def article_records(store: Queries, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield articles as export records (``published`` cut to ``YYYY-MM-DD``), by doc_id.

    ``filters`` are those of ``Store.articles`` (since, until, outlet, q, limit).
    """
    for article in store.articles(**filters):
        published = article["published"]
        yield {**article, "published": published[:10] if published else None}


def event_records(store: Queries, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield events as export records, ordered by doc_id, evidence_start, type.

    ``filters`` are those of ``Store.events`` (type, source, target, actor, weapon, ...).
    """
    yield from store.events(**filters)


def export_articles(store: Queries, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored articles to ``out`` as ``jsonl`` or ``csv``; return how many were written."""
    return _writer(format)(article_records(store, **filters), ARTICLE_FIELDS, out)


def export_events(store: Queries, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stored events to ``out`` as ``jsonl`` (the contract) or ``csv``; return the count."""
    return _writer(format)(event_records(store, **filters), EVENT_FIELDS, out)


# --- facts and stories -------------------------------------------------------------------

#: Fact fields exported: the facts table's columns, then the fact's flags.
FACT_FIELDS: tuple[str, ...] = (*FACT_COLUMNS, "flags")

#: Story fields exported: the stories table's columns.
STORY_FIELDS: tuple[str, ...] = (
    "story_id",
    "label",
    "first_published",
    "last_published",
    "n_articles",
    "n_outlets",
    "updated_at",
)

#: Fields of a flag as it appears inside a fact.
FLAG_FIELDS: tuple[str, ...] = ("regime", "resolution", "clause", "status", "reasoning")


def flag_label(flag: dict[str, Any]) -> str:
    """One-line form of a flag for CSV cells and tables: ``breach UNSCR 1718 §8(b)``."""
    where = " ".join(str(flag[k]) for k in ("resolution", "clause") if flag.get(k))
    return f"{flag.get('status') or ''} {where or flag.get('regime') or ''}".strip()


def fact_records(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield facts as export records, strongest first (the order of ``Store.facts``).

    ``filters`` are those of ``Store.facts`` (type, source, target, actor, weapon, factuality,
    since, until, flagged, limit, offset).
    """
    for fact in store.facts(**filters):
        record = {name: fact.get(name) for name in FACT_FIELDS}
        record["flags"] = [{k: flag.get(k) for k in FLAG_FIELDS} for flag in fact.get("flags") or ()]
        yield record


def story_records(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Yield stories as export records (``filters``: limit, offset)."""
    for story in store.stories(**filters):
        yield {name: story.get(name) for name in STORY_FIELDS}


def _flat_flags(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        yield {**record, "flags": [flag_label(flag) for flag in record["flags"]]}


def export_facts(store: Store, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write facts to ``out`` as ``jsonl`` or ``csv`` (flags as ``status resolution clause``)."""
    writer = _writer(format)
    records = fact_records(store, **filters)
    return writer(_flat_flags(records) if format == "csv" else records, FACT_FIELDS, out)


def export_stories(store: Store, out: TextIO, *, format: str, **filters: Any) -> int:
    """Write stories to ``out`` as ``jsonl`` or ``csv``; return the count."""
    return _writer(format)(story_records(store, **filters), STORY_FIELDS, out)


# --- Parquet -----------------------------------------------------------------------------

_PARQUET_HINT = "Parquet export needs pyarrow: pip install 'armswatch[parquet]'"
#: Rows per Parquet row group: bounded memory however large the export.
PARQUET_BATCH = 10_000

#: Column types that are not plain strings (names shared by the record kinds).
_INT_COLUMNS = frozenset(
    {"evidence_start", "evidence_end", "n_events", "n_outlets", "n_contradictions", "n_articles"}
)
_FLOAT_COLUMNS = frozenset({"confidence"})
_LIST_COLUMNS = frozenset({"source", "target", "weapons", "quantities"})


def _arrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ModuleNotFoundError(_PARQUET_HINT) from exc
    return pa, pq


def _arrow_schema(pa: Any, fields: Sequence[str]) -> Any:
    columns = []
    for name in fields:
        if name in _INT_COLUMNS:
            kind = pa.int64()
        elif name in _FLOAT_COLUMNS:
            kind = pa.float64()
        elif name in _LIST_COLUMNS:
            kind = pa.list_(pa.string())
        elif name == "flags":
            kind = pa.list_(pa.struct([(k, pa.string()) for k in FLAG_FIELDS]))
        else:
            kind = pa.string()
        columns.append(pa.field(name, kind))
    return pa.schema(columns)


def write_parquet(records: Iterable[dict[str, Any]], fields: Sequence[str], path: str | Path) -> int:
    """Write records to a Parquet file in row groups of ``PARQUET_BATCH``; return the count.

    Lists stay lists (``list<string>``), so a frame read back has the same cells as JSONL.
    """
    pa, pq = _arrow()
    schema = _arrow_schema(pa, fields)
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for record in records:
            batch.append({name: record[name] for name in fields})
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        # An empty export still gets a file with the schema, which readers open as zero rows.
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def export_articles_parquet(store: Queries, path: str | Path, **filters: Any) -> int:
    """Write articles to a Parquet file (the JSONL export's fields); return the count."""
    return write_parquet(article_records(store, **filters), ARTICLE_FIELDS, path)


def export_events_parquet(store: Queries, path: str | Path, **filters: Any) -> int:
    """Write events to a Parquet file (the JSONL export's fields); return the count."""
    return write_parquet(event_records(store, **filters), EVENT_FIELDS, path)


def export_facts_parquet(store: Store, path: str | Path, **filters: Any) -> int:
    """Write facts to a Parquet file, flags as a list of structs; return the count."""
    return write_parquet(fact_records(store, **filters), FACT_FIELDS, path)


def export_stories_parquet(store: Store, path: str | Path, **filters: Any) -> int:
    """Write stories to a Parquet file; return the count."""
    return write_parquet(story_records(store, **filters), STORY_FIELDS, path)


# --- actor graph (GraphML / GEXF) --------------------------------------------------------

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
    store: Store,
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
        has_facts = next(iter(store.facts(limit=1)), None) is not None
        basis = "facts" if has_facts else "events"
    if basis == "facts":
        return relation_graph(store.facts(**filters), basis=basis, actors=actors)
    if basis == "events":
        return relation_graph(store.events(**filters), basis=basis, actors=actors)
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
    store: Store,
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
    return writer(store_graph(store, basis=basis, actors=actors, **filters), out)


# --- PLOVER / POLECAT --------------------------------------------------------------------

#: PLOVER 0.7 quad categories (1 verbal cooperation .. 4 material conflict), as its table gives them.
PLOVER_QUAD: dict[str, int] = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "DEMAND": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "SANCTION": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}

# The event contract codes demands as REQUEST, a name PLOVER does not have: its category is DEMAND.
_PLOVER_RENAMES = {"REQUEST": "DEMAND"}

#: PLOVER non-state actor codes by KB actor kind (states use their ISO alpha-3 id).
_PLOVER_ACTOR_CODES = {"organisation": "IGO", "group": "IMG", "company": "MNC", "think_tank": "NGO"}

_MILITARY_TYPES = frozenset(
    {"arms_transfer", "tech_transfer", "military_cooperation", "troop_deployment", "weapons_test"}
)
_CBRN_WEAPONS = frozenset({"nuclear", "chemical_biological"})

#: Fields of a PLOVER export record, in order.
PLOVER_FIELDS: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "publication_date",
    "event_type",
    "event",
    "mode",
    "context",
    "quad_code",
    "source",
    "recipient",
    "actors",
    "recipients",
    "factuality",
    "negated",
    "attributed_to",
    "weapons",
    "event_loc",
    "text",
    "text_info",
    "cite_info",
    "doc_id",
    "armswatch_type",
    "confidence",
)


def _plover_actor(actor_id: str, actors: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    name, kind = actors.get(actor_id, (actor_id, ""))
    if kind == "state" or (not kind and len(actor_id) == 3 and actor_id.isupper()):
        return {"code": actor_id, "actor_text": name}
    return {
        "code": _PLOVER_ACTOR_CODES.get(kind, "IGO" if actor_id.isupper() else "NGO"),
        "identifier_id": actor_id,
        "identifier_text": name,
    }


def plover_record(
    event: dict[str, Any],
    article: dict[str, Any] | None,
    *,
    actors: Mapping[str, tuple[str, str]] | None = None,
    coder: str = "armswatch",
) -> dict[str, Any]:
    """Map one stored event (and its article) to a PLOVER/POLECAT-style record.

    PLOVER names (``event``, ``mode``, ``context``, ``source``/``recipient`` actor objects,
    ``text``, ``text_info``, ``cite_info``) sit beside POLECAT's flat ``event_type``, ``actors``
    and ``recipients``. PLOVER has no factuality: ``possible`` adds the ``hypothetical``
    context, ``negated`` sets ``negated``; both keep ``factuality`` as read. ``date`` is as
    precise as the text allows (``date_precision`` says how), not padded to a day.
    """
    known = actors or {}
    code = _PLOVER_RENAMES.get(event["plover_code"], event["plover_code"]) or None
    context: list[str] = []
    if event["type"] in _MILITARY_TYPES:
        context.append("military")
    if _CBRN_WEAPONS.intersection(event["weapons"]):
        context.append("cbrn")
    if event["factuality"] == "possible":
        context.append("hypothetical")
    date = event["date"]
    precision = {4: "year", 7: "month", 10: "day"}.get(len(date)) if date else None
    published = (article or {}).get("published")
    return {
        "id": event["event_id"],
        "date": date,
        "date_precision": precision,
        "publication_date": published[:10] if published else None,
        "event_type": code,
        "event": [code] if code else [],
        "mode": event["plover_mode"] or None,
        "context": context,
        "quad_code": PLOVER_QUAD.get(code or ""),
        "source": [_plover_actor(a, known) for a in event["source"]],
        "recipient": [_plover_actor(a, known) for a in event["target"]],
        "actors": list(event["source"]),
        "recipients": list(event["target"]),
        "factuality": event["factuality"],
        "negated": event["factuality"] == "negated",
        "attributed_to": event["attributed_to"],
        "weapons": list(event["weapons"]),
        "event_loc": {"name": event["location"]} if event["location"] else None,
        "text": event["evidence"],
        "text_info": {"start": event["evidence_start"], "end": event["evidence_end"]},
        "cite_info": {
            "url": (article or {}).get("url"),
            "title": (article or {}).get("title"),
            "publication": (article or {}).get("outlet"),
            "language": (article or {}).get("lang"),
            "coder": f"{coder} {event.get('armswatch_version') or ''}".strip(),
            "codebook": f"armswatch-events kb {event.get('kb_version') or ''}".strip(),
        },
        "doc_id": event["doc_id"],
        "armswatch_type": event["type"],
        "confidence": event["confidence"],
    }


def plover_records(
    store: Store, *, actors: Mapping[str, tuple[str, str]] | None = None, **filters: Any
) -> Iterator[dict[str, Any]]:
    """Yield stored events as PLOVER records (``filters`` as ``Store.events``)."""
    doc_id: str | None = None
    article: dict[str, Any] | None = None
    for event in store.events(**filters):
        # Events come grouped by document, so each article is read once.
        if event["doc_id"] != doc_id:
            doc_id = event["doc_id"]
            article = _article_meta(store, doc_id)
        yield plover_record(event, article, actors=actors)


def _article_meta(store: Store, doc_id: str) -> dict[str, Any] | None:
    for found in store.load_articles(doc_ids=[doc_id]):
        return {
            "published": found.published,
            "url": found.url,
            "title": found.title,
            "outlet": found.outlet,
            "lang": found.lang,
        }
    return None


def export_plover(
    store: Store, out: TextIO, *, actors: Mapping[str, tuple[str, str]] | None = None, **filters: Any
) -> int:
    """Write events as PLOVER/POLECAT-style JSON Lines; return the count."""
    return write_jsonl(plover_records(store, actors=actors, **filters), PLOVER_FIELDS, out)
