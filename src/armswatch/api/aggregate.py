"""What the API serves that no single store query gives: actors and their relations, the actor
network, the timeline, and full-text search over facts.

Stage contract: a read-only store in, plain dicts out. No SQL here (the store owns SQLite): all
of it is aggregation over ``Reader.facts`` / ``Reader.events`` records. The actor index scans
every fact and event, so it is cached per database state (file sizes and modification times).
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from armswatch.export.graph import Graph, relation_graph
from armswatch.store import Reader, open_store
from armswatch.stories.facts import SYMMETRIC_TYPES

#: Actor id -> (display name, kind) as the KB gives them.
ActorNames = Mapping[str, tuple[str, str]]


@functools.cache
def kb_actor_names() -> ActorNames:
    """Names and kinds of the KB's actors, for labels."""
    from armswatch.kb import load_kb

    return {actor.id: (actor.name, actor.kind) for actor in load_kb().actors.values()}


def has_facts(read: Reader) -> bool:
    """True when the database holds at least one fact."""
    return next(iter(read.facts(limit=1)), None) is not None


def _filters(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


# --- actors ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorIndex:
    """Every actor named by a fact or event, with its relations per partner and type."""

    facts: Graph
    events: Graph
    names: ActorNames

    def _name(self, actor_id: str) -> tuple[str, str]:
        return self.names.get(actor_id, (actor_id, ""))

    def actors(self) -> list[dict[str, Any]]:
        """All actors with their counts, most facts first."""
        n_facts = {node.id: node.n_records for node in self.facts.nodes}
        n_events = {node.id: node.n_records for node in self.events.nodes}
        rows: list[dict[str, Any]] = []
        for actor_id in sorted(set(n_facts) | set(n_events)):
            name, kind = self._name(actor_id)
            rows.append(
                {
                    "actor_id": actor_id,
                    "name": name,
                    "kind": kind,
                    "n_facts": n_facts.get(actor_id, 0),
                    "n_events": n_events.get(actor_id, 0),
                }
            )
        rows.sort(key=lambda r: (-r["n_facts"], -r["n_events"], r["actor_id"]))
        return rows

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor with its relations, or None when neither the KB nor any record knows it."""
        row = next((r for r in self.actors() if r["actor_id"] == actor_id), None)
        if row is None:
            if actor_id not in self.names:
                return None
            name, kind = self._name(actor_id)
            row = {"actor_id": actor_id, "name": name, "kind": kind, "n_facts": 0, "n_events": 0}
        return {**row, "relations": self.relations(actor_id)}

    def relations(self, actor_id: str) -> list[dict[str, Any]]:
        """The actor's relations: per partner, type and direction, how many facts and events."""
        counts: dict[tuple[str, str, str], dict[str, int]] = {}
        for graph, field in ((self.facts, "n_facts"), (self.events, "n_events")):
            for edge in graph.edges:
                if actor_id not in (edge.source, edge.target):
                    continue
                # Stories merge the roles of symmetric types (a meeting's visitor and host), so
                # their facts and events are counted together, as mutual.
                mutual = edge.mutual or edge.type in SYMMETRIC_TYPES
                direction = "mutual" if mutual else "out" if edge.source == actor_id else "in"
                partner = edge.target if edge.source == actor_id else edge.source
                slot = counts.setdefault((partner, edge.type, direction), {"n_facts": 0, "n_events": 0})
                slot[field] += edge.weight
        rows: list[dict[str, Any]] = [
            {
                "partner": partner,
                "partner_name": self._name(partner)[0],
                "type": kind,
                "direction": direction,
                **n,
            }
            for (partner, kind, direction), n in counts.items()
        ]
        rows.sort(key=lambda r: (-r["n_facts"], -r["n_events"], r["partner"], r["type"], r["direction"]))
        return rows


def build_actor_index(read: Reader, names: ActorNames) -> ActorIndex:
    """Scan every fact and event of the store into an :class:`ActorIndex`."""
    return ActorIndex(
        facts=relation_graph(read.facts(), basis="facts", actors=names),
        events=relation_graph(read.events(), basis="events", actors=names),
        names=names,
    )


def db_state(path: str) -> tuple[tuple[int, int] | None, ...]:
    """Sizes and modification times of the database and its WAL: changes whenever data does."""
    state: list[tuple[int, int] | None] = []
    for name in (path, path + "-wal"):
        try:
            stat = os.stat(name)
        except OSError:
            state.append(None)
        else:
            state.append((stat.st_mtime_ns, stat.st_size))
    return tuple(state)


@functools.lru_cache(maxsize=4)
def _cached_index(path: str, state: tuple[object, ...]) -> ActorIndex:
    with open_store(path, readonly=True) as store:
        return build_actor_index(store.read, kb_actor_names())


def actor_index(path: str) -> ActorIndex:
    """The actor index of the database at ``path``, rebuilt only when the database changed."""
    return _cached_index(path, db_state(path))


@functools.lru_cache(maxsize=4)
def _cached_counts(path: str, state: tuple[object, ...]) -> dict[str, int]:
    with open_store(path, readonly=True) as store:
        read = store.read
        return {
            "facts": sum(1 for _ in read.facts()),
            "stories": sum(1 for _ in read.stories()),
            "flags": sum(1 for _ in read.flags()),
        }


def record_counts(path: str) -> dict[str, int]:
    """How many facts, stories and flags the database holds (cached like the actor index)."""
    return dict(_cached_counts(path, db_state(path)))


# --- network -----------------------------------------------------------------------------

#: Records listed per network edge (the strongest first); ``weight`` still counts them all.
MAX_EDGE_RECORDS = 100


def _edge_record(record: dict[str, Any], basis: str) -> dict[str, Any]:
    if basis == "facts":
        return {
            "id": record["fact_id"],
            "summary": record.get("summary"),
            "factuality": record["factuality"],
            "date": record.get("date"),
            "n_outlets": record.get("n_outlets"),
            "doc_id": None,
        }
    return {
        "id": record["event_id"],
        "summary": record["evidence"],
        "factuality": record["factuality"],
        "date": record["date"],
        "n_outlets": None,
        "doc_id": record["doc_id"],
    }


def network(
    read: Reader,
    *,
    names: ActorNames,
    basis: str = "auto",
    min_weight: int = 1,
    max_edges: int = 500,
    **filters: Any,
) -> dict[str, Any]:
    """The actor network: nodes, the heaviest ``max_edges`` edges, and each edge's records."""
    filters = _filters(**filters)
    if basis == "auto":
        basis = "facts" if has_facts(read) else "events"
    records = list(read.facts(**filters) if basis == "facts" else read.events(**filters))
    graph = relation_graph(records, basis=basis, actors=names)
    id_field = "fact_id" if basis == "facts" else "event_id"
    by_id = {r[id_field]: r for r in records}
    edges = sorted((e for e in graph.edges if e.weight >= min_weight), key=lambda e: (-e.weight, e.key))
    kept = edges[:max_edges]
    used = {e.source for e in kept} | {e.target for e in kept}
    if filters.get("actor"):
        used.add(filters["actor"])
    nodes = [
        {"id": n.id, "name": n.label, "kind": n.kind, "weight": n.n_records}
        for n in graph.nodes
        if n.id in used
    ]
    return {
        "basis": basis,
        "nodes": nodes,
        "edges": [
            {
                "id": e.key,
                "source": e.source,
                "target": e.target,
                "type": e.type,
                "mutual": e.mutual,
                "weight": e.weight,
                "n_events": e.n_events,
                "factuality": e.factuality,
                "records": [_edge_record(by_id[r], basis) for r in e.records[:MAX_EDGE_RECORDS]],
            }
            for e in kept
        ],
        "truncated": len(edges) > len(kept),
    }


# --- timeline ----------------------------------------------------------------------------


def timeline(read: Reader, *, interval: str = "month", **filters: Any) -> dict[str, Any]:
    """Facts (events when there are no facts) per type and period.

    A fact counts at its own date, else at its first report; one whose date is coarser than
    the interval (a year, for a monthly timeline) counts as undated.
    """
    filters = _filters(**filters)
    basis = "facts" if has_facts(read) else "events"
    records: Iterable[dict[str, Any]] = read.facts(**filters) if basis == "facts" else read.events(**filters)
    width = 7 if interval == "month" else 4
    buckets: Counter[tuple[str, str]] = Counter()
    undated: Counter[str] = Counter()
    for record in records:
        when = record.get("date") or record.get("first_reported")
        if when and len(when) >= width:
            buckets[(when[:width], record["type"])] += 1
        else:
            undated[record["type"]] += 1
    return {
        "basis": basis,
        "interval": interval,
        "buckets": [{"period": p, "type": t, "n": n} for (p, t), n in sorted(buckets.items())],
        "undated": dict(sorted(undated.items())),
    }


# --- facts search ------------------------------------------------------------------------


def search_facts(
    read: Reader, q: str, *, limit: int, offset: int = 0, **filters: Any
) -> list[dict[str, Any]]:
    """Facts (with ``filters``) reported by an article that matches the full-text query ``q``.

    Up to ``limit`` facts after skipping ``offset`` matches, in the order of ``Reader.facts``.
    """
    docs = {article["doc_id"] for article in read.articles(q=q)}
    if not docs:
        return []

    def matching() -> Iterator[dict[str, Any]]:
        for fact in read.facts(**_filters(**filters)):
            detail = read.fact(fact["fact_id"])
            if detail is not None and any(e["doc_id"] in docs for e in detail["events"]):
                yield fact

    return list(islice(matching(), offset, offset + limit))
