"""Reading the armswatch database: filtered, streaming queries that return plain dicts.

JSON list columns come back decoded as Python lists. Results are in a stable order, so that
exports and API pages are reproducible.

Date filters (``since``/``until``) accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and compare on
the common prefix of bound and stored date: an event dated ``2023`` passes ``since="2023-06-01"``
(it may lie inside the range) while one dated ``2023-05`` does not. Rows without a date are
left out whenever a date filter is given.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

_DATE_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FTS_TERM = re.compile(r'("[^"]*")|([^\s"]+)')

#: Event columns holding JSON lists.
EVENT_LIST_FIELDS: tuple[str, ...] = ("source", "target", "weapons", "quantities")

#: Event columns in the order queries return them.
#: The contract's record with its id and evidence offsets: what every view of an event shows.
EVIDENCE_FIELDS: tuple[str, ...] = (
    "event_id",
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
    "evidence_start",
    "evidence_end",
)

EVENT_FIELDS: tuple[str, ...] = (
    *EVIDENCE_FIELDS,
    "plover_code",
    "plover_mode",
    "confidence",
    "rule",
    "trigger",
    "quantities",
    "armswatch_version",
    "kb_version",
)

#: Article columns in the order queries return them (the last five from ``documents``).
ARTICLE_FIELDS: tuple[str, ...] = (
    "doc_id",
    "title",
    "published",
    "published_evidence",
    "page_date",
    "outlet",
    "url",
    "body",
    "lang",
    "story",
    "source",
    "kind",
    "content_hash",
    "fetched_at",
    "ingested_at",
)

_ARTICLE_COLUMNS = ", ".join(
    [f"a.{name}" for name in ARTICLE_FIELDS[:10]] + [f"d.{name}" for name in ARTICLE_FIELDS[10:]]
)


def _check_bound(name: str, value: str) -> str:
    if not _DATE_BOUND.match(value):
        raise ValueError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def _date_filter(column: str, op: str, bound: str) -> tuple[str, list[Any]]:
    prefix = f"min(length({column}), length(?))"
    sql = f"({column} IS NOT NULL AND substr({column}, 1, {prefix}) {op} substr(?, 1, {prefix}))"
    return sql, [bound, bound, bound]


def quote_fts(query: str) -> str:
    """Turn what a person types into a safe FTS5 query, the way Datasette does by default.

    Every word becomes a quoted token (so ``S-400`` or ``AND`` are plain text), "quoted
    phrases" stay phrases, a trailing ``*`` keeps prefix search, and all terms must match.
    """
    query = query.replace("\x00", "")
    if query.count('"') % 2:
        query += '"'
    terms: list[str] = []
    for phrase, word in _FTS_TERM.findall(query):
        if phrase:
            if phrase.strip('"').strip():
                terms.append(phrase)
            continue
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms) or '""'


def _where(clauses: list[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _limit(limit: int | None, params: list[Any]) -> str:
    if limit is None:
        return ""
    if limit < 0:
        raise ValueError(f"limit must be >= 0, not {limit}")
    params.append(limit)
    return " LIMIT ?"


def record_filters(
    *,
    alias: str,
    key: str,
    actors_table: str,
    columns: Mapping[str, str | None],
    source: str | None,
    target: str | None,
    actor: str | None,
    date_column: str,
    since: str | None,
    until: str | None,
) -> tuple[list[str], list[Any]]:
    """WHERE clauses shared by events and facts: exact columns, actors by role, dates.

    ``alias`` is the record table's alias, ``key`` its id column, ``actors_table`` the
    junction table of (key, actor_id, role).
    """
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in columns.items():
        if value is not None:
            clauses.append(f'{alias}."{column}" = ?')
            params.append(value)
    exists = f"EXISTS (SELECT 1 FROM {actors_table} x WHERE x.{key} = {alias}.{key}"
    for role, value in (("source", source), ("target", target)):
        if value is not None:
            clauses.append(exists + " AND x.role = ? AND x.actor_id = ?)")
            params.extend([role, value])
    if actor is not None:
        clauses.append(exists + " AND x.actor_id = ?)")
        params.append(actor)
    for name, op, bound in (("since", ">=", since), ("until", "<=", until)):
        if bound is not None:
            clause, extra = _date_filter(date_column, op, _check_bound(name, bound))
            clauses.append(clause)
            params.extend(extra)
    return clauses, params


def _event_dict(row: sqlite3.Row) -> dict[str, Any]:
    record = dict(zip(EVENT_FIELDS, row, strict=True))
    for name in EVENT_LIST_FIELDS:
        record[name] = json.loads(record[name])
    return record


class Queries:
    """Read methods of :class:`~armswatch.store.db.Store`, kept apart from the writing code."""

    _conn: sqlite3.Connection

    def articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        q: str | None = None,
        raw_fts: bool = False,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield articles (with their document's source and hashes), by doc_id or by search rank.

        ``q`` searches title and body: plain words and "phrases" that must all occur (see
        :func:`quote_fts`), or with ``raw_fts=True`` the full SQLite FTS5 query syntax
        (``OR``, ``NEAR``, ``title:``), where a malformed query raises ValueError.
        """
        clauses: list[str] = []
        params: list[Any] = []
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN documents d ON d.doc_id = a.doc_id"
        order = " ORDER BY a.doc_id"
        if q is not None:
            sql += " JOIN articles_fts ON articles_fts.rowid = a.rowid"
            clauses.append("articles_fts MATCH ?")
            params.append(q if raw_fts else quote_fts(q))
            order = " ORDER BY articles_fts.rank, a.doc_id"
        for name, op, bound in (("since", ">=", since), ("until", "<=", until)):
            if bound is not None:
                clause, extra = _date_filter("a.published", op, _check_bound(name, bound))
                clauses.append(clause)
                params.extend(extra)
        if outlet is not None:
            clauses.append("a.outlet = ?")
            params.append(outlet)
        sql += _where(clauses) + order + _limit(limit, params)
        try:
            cursor = self._conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            # FTS5 reports a malformed query in many words ("syntax error", "unterminated
            # string", "no such column"); only lock contention is not the query's fault.
            if q is not None and not any(word in str(exc) for word in ("locked", "busy")):
                raise ValueError(f"invalid search query {q!r}: {exc}") from exc
            raise
        for row in cursor:
            yield dict(row)

    def events(
        self,
        *,
        type: str | None = None,
        source: str | None = None,
        target: str | None = None,
        actor: str | None = None,
        weapon: str | None = None,
        factuality: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yield events matching every filter given, ordered by doc_id, evidence_start, type.

        ``source``/``target`` match an actor id in that role, ``actor`` in any role (including
        ``attributed_to``), ``weapon`` a weapon category; ``since``/``until`` see the module doc.
        """
        clauses, params = record_filters(
            alias="e",
            key="event_id",
            actors_table="event_actors",
            columns={"type": type, "factuality": factuality, "doc_id": doc_id},
            source=source,
            target=target,
            actor=actor,
            date_column="e.date",
            since=since,
            until=until,
        )
        if weapon is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM event_weapons w WHERE w.event_id = e.event_id AND w.category = ?)"
            )
            params.append(weapon)
        columns = ", ".join(f'e."{name}"' for name in EVENT_FIELDS)
        sql = (
            f"SELECT {columns} FROM events e{_where(clauses)}"
            " ORDER BY e.doc_id, e.evidence_start, e.type, e.event_id" + _limit(limit, params)
        )
        for row in self._conn.execute(sql, params):
            yield _event_dict(row)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """Return one event by id, or None."""
        columns = ", ".join(f'"{name}"' for name in EVENT_FIELDS)
        row = self._conn.execute(f"SELECT {columns} FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return None if row is None else _event_dict(row)

    def sentences(self, doc_id: str) -> Iterator[dict[str, Any]]:
        """Yield the sentences of a document in order."""
        for row in self._conn.execute(
            'SELECT doc_id, idx, start, "end" FROM sentences WHERE doc_id = ? ORDER BY idx', (doc_id,)
        ):
            yield dict(row)

    def mentions(self, doc_id: str) -> Iterator[dict[str, Any]]:
        """Yield the mentions of a document in text order, ``members`` decoded."""
        for row in self._conn.execute(
            'SELECT id, doc_id, kind, start, "end", text, value, sentence, ref, entity, members'
            ' FROM mentions WHERE doc_id = ? ORDER BY start, "end", id',
            (doc_id,),
        ):
            record = dict(row)
            record["members"] = json.loads(record["members"])
            yield record

    def errors(self) -> Iterator[dict[str, Any]]:
        """Yield recorded ingest errors, oldest first."""
        for row in self._conn.execute(
            "SELECT id, source, doc_id, message, at FROM ingest_errors ORDER BY id"
        ):
            yield dict(row)

    def summary(self) -> dict[str, Any]:
        """Return row counts, article counts per outlet, event counts per type, and versions."""

        def count(table: str) -> int:
            return int(self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        outlets = dict(
            self._conn.execute(
                "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL"
                " GROUP BY outlet ORDER BY outlet"
            ).fetchall()
        )
        types = dict(
            self._conn.execute("SELECT type, count(*) FROM events GROUP BY type ORDER BY type").fetchall()
        )
        meta = dict(self._conn.execute('SELECT "key", "value" FROM meta').fetchall())
        return {
            "documents": count("documents"),
            "articles": count("articles"),
            "articles_without_outlet": count("articles WHERE outlet IS NULL"),
            "sentences": count("sentences"),
            "mentions": count("mentions"),
            "events": count("events"),
            "errors": count("ingest_errors"),
            "outlets": outlets,
            "event_types": types,
            "armswatch_version": meta.get("armswatch_version"),
            "kb_version": meta.get("kb_version"),
            "created_at": meta.get("created_at"),
        }
