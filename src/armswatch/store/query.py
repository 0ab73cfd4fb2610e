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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from armswatch.kb.event_types import types_where
from armswatch.models import Article, Mention, ParsedArticle, Sentence
from armswatch.store.fields import (
    ARTICLE_RECORD_COLUMNS,
    ARTICLE_TABLE_FIELDS,
    DOCUMENT_FIELDS,
    EVENT_FIELDS,
    EVENT_LIST_FIELDS,
    EVIDENCE_FIELDS,
    FLAG_FIELDS,
    FLAG_STATUSES,
    MENTION_FIELDS,
    MENTION_LIST_FIELDS,
    STORY_FIELDS,
    record_fields,
)
from armswatch.store.interface import Reader
from armswatch.store.sql import (
    CHUNK,
    FACT_COLUMNS,
    check_bound,
    date_filter,
    event_dict,
    fact_dict,
    limit_clause,
    marks,
    record_filters,
    where,
)

_FTS_TERM = re.compile(r'("[^"]*")|([^\s"]+)')

_ARTICLE_COLUMNS = ", ".join(
    [f"a.{name}" for name in ARTICLE_TABLE_FIELDS] + [f"d.{name}" for name in DOCUMENT_FIELDS]
)
# An `Article` record's columns; doc_id, in both tables, is read from articles.
_ARTICLE_RECORD_SELECT = ", ".join(
    f"{'a' if column in ARTICLE_TABLE_FIELDS else 'd'}.{column}" for _, column in ARTICLE_RECORD_COLUMNS
)
_MENTION_COLUMNS = ", ".join(f'"{name}"' for name in MENTION_FIELDS)
_MENTION_RECORD = record_fields(Mention)
_EVIDENCE_LIST_FIELDS = tuple(name for name in EVENT_LIST_FIELDS if name in EVIDENCE_FIELDS)


def _mention_record(row: dict[str, Any]) -> Mention:
    values: dict[str, Any] = {name: row[name] for name in _MENTION_RECORD}
    for name in MENTION_LIST_FIELDS:
        values[name] = tuple(values[name])
    return Mention(**values)


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


class SQLiteReader(Reader):
    """Every read of an SQLite armswatch database: ``store.read`` of an ``SQLiteStore``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def has_content(self, content_hash: str) -> bool:
        """True when a document with this content hash is already stored."""
        row = self._conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row is not None

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """True when ``doc_id`` is stored with exactly this content (re-ingesting it changes nothing)."""
        row = self._conn.execute(
            "SELECT 1 FROM documents WHERE doc_id = ? AND content_hash = ?", (doc_id, content_hash)
        ).fetchone()
        return row is not None

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
                clause, extra = date_filter("a.published", op, check_bound(name, bound))
                clauses.append(clause)
                params.extend(extra)
        if outlet is not None:
            clauses.append("a.outlet = ?")
            params.append(outlet)
        sql += where(clauses) + order + limit_clause(limit, params)
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
            f"SELECT {columns} FROM events e{where(clauses)}"
            " ORDER BY e.doc_id, e.evidence_start, e.type, e.event_id" + limit_clause(limit, params)
        )
        for row in self._conn.execute(sql, params):
            yield event_dict(row)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """Return one event by id, or None."""
        columns = ", ".join(f'"{name}"' for name in EVENT_FIELDS)
        row = self._conn.execute(f"SELECT {columns} FROM events WHERE event_id = ?", (event_id,)).fetchone()
        return None if row is None else event_dict(row)

    def sentences(self, doc_id: str) -> Iterator[dict[str, Any]]:
        """Yield the sentences of a document in order."""
        for row in self._conn.execute(
            'SELECT doc_id, idx, start, "end" FROM sentences WHERE doc_id = ? ORDER BY idx', (doc_id,)
        ):
            yield dict(row)

    def mentions(self, doc_id: str) -> Iterator[dict[str, Any]]:
        """Yield the mentions of a document in text order, ``members`` decoded."""
        for row in self._conn.execute(
            f'SELECT {_MENTION_COLUMNS} FROM mentions WHERE doc_id = ? ORDER BY start, "end", id',
            (doc_id,),
        ):
            record = dict(row)
            for name in MENTION_LIST_FIELDS:
                record[name] = json.loads(record[name])
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

    def load_articles(self, *, doc_ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Yield stored articles as ``Article`` records, in doc_id order unless ids are given."""
        if doc_ids is None:
            # Ids first, so that callers may write to the store while they iterate.
            doc_ids = [row[0] for row in self._conn.execute("SELECT doc_id FROM articles ORDER BY doc_id")]
        for doc_id in doc_ids:
            row = self._conn.execute(
                f"SELECT {_ARTICLE_RECORD_SELECT}"
                " FROM articles a JOIN documents d ON d.doc_id = a.doc_id WHERE a.doc_id = ?",
                (doc_id,),
            ).fetchone()
            if row is None:
                raise KeyError(doc_id)
            yield Article(
                **{name: value for (name, _), value in zip(ARTICLE_RECORD_COLUMNS, row, strict=True)}
            )

    def load_parsed_articles(self, *, doc_ids: Iterable[str] | None = None) -> Iterator[ParsedArticle]:
        """Yield stored articles with their stored sentences and mentions."""
        for article in self.load_articles(doc_ids=doc_ids):
            sentences = tuple(
                Sentence(index=s["idx"], start=s["start"], end=s["end"])
                for s in self.sentences(article.doc_id)
            )
            mentions = tuple(_mention_record(m) for m in self.mentions(article.doc_id))
            yield ParsedArticle(article=article, sentences=sentences, mentions=mentions)

    def facts(
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
        flagged: bool | None = None,
        story_id: str | None = None,
        status: str | None = None,
        outlet: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, Any]]:
        """Yield facts, most corroborated first (independent outlets, events, latest report).

        Filters as for :meth:`events`; ``status`` is the fact's status (``reported``,
        ``claimed`` ...); ``factuality`` is the strongest one seen, dates compare
        on the fact's date or, when it has none, its first report date; ``flagged`` keeps facts
        with (True) or without (False) a sanctions flag; ``outlet`` keeps facts one of whose
        reports (any event linked to the fact) comes from an article of that outlet, as
        :meth:`articles` names it. Each dict carries its ``flags``.
        """
        clauses, params = record_filters(
            alias="f",
            key="fact_id",
            actors_table="fact_actors",
            columns={"type": type, "factuality": factuality, "story_id": story_id, "status": status},
            source=source,
            target=target,
            actor=actor,
            date_column="coalesce(f.date, f.first_reported)",
            since=since,
            until=until,
        )
        if weapon is not None:
            clauses.append("EXISTS (SELECT 1 FROM json_each(f.weapons) w WHERE w.value = ?)")
            params.append(weapon)
        if flagged is not None:
            clauses.append(
                ("" if flagged else "NOT ") + "EXISTS (SELECT 1 FROM flags g WHERE g.fact_id = f.fact_id)"
            )
        if outlet is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM fact_events fe JOIN events e ON e.event_id = fe.event_id"
                " JOIN articles a ON a.doc_id = e.doc_id WHERE fe.fact_id = f.fact_id AND a.outlet = ?)"
            )
            params.append(outlet)
        if offset < 0:
            raise ValueError(f"offset must be >= 0, not {offset}")
        sql = (
            f"SELECT {FACT_COLUMNS} FROM facts f{where(clauses)}"
            " ORDER BY f.n_outlets DESC, f.n_events DESC, f.last_reported IS NULL, f.last_reported DESC,"
            " f.fact_id"
        )
        sql += limit_clause(limit, params) if limit is not None else " LIMIT -1"
        sql += " OFFSET ?"
        params.append(offset)
        rows = [fact_dict(row) for row in self._conn.execute(sql, params)]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            flags = self._flags_of([r["fact_id"] for r in chunk])
            for record in chunk:
                record["flags"] = flags.get(record["fact_id"], [])
                yield record

    def _flags_of(self, fact_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        if not fact_ids:
            return found
        columns = ", ".join(f'"{name}"' for name in FLAG_FIELDS)
        for row in self._conn.execute(
            f"SELECT {columns} FROM flags WHERE fact_id IN ({marks(len(fact_ids))}) ORDER BY regime, flag_id",
            list(fact_ids),
        ):
            record = dict(zip(FLAG_FIELDS, row, strict=True))
            found.setdefault(record["fact_id"], []).append(record)
        return found

    def fact(self, fact_id: str) -> dict[str, Any] | None:
        """One fact with its ``flags`` and all its ``events`` (evidence, article, relation), or None."""
        row = self._conn.execute(
            f"SELECT {FACT_COLUMNS} FROM facts f WHERE f.fact_id = ?", (fact_id,)
        ).fetchone()
        if row is None:
            return None
        record = fact_dict(row)
        record["flags"] = self._flags_of([fact_id]).get(fact_id, [])
        record["events"] = self.fact_members(fact_id)
        return record

    def stories(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Yield stories, latest first (by last publication date, then size)."""
        params: list[Any] = []
        columns = ", ".join(f'"{name}"' for name in STORY_FIELDS)
        sql = (
            f"SELECT {columns} FROM stories ORDER BY last_published IS NULL, last_published DESC,"
            " n_articles DESC, story_id"
        )
        sql += limit_clause(limit, params) if limit is not None else " LIMIT -1"
        if offset < 0:
            raise ValueError(f"offset must be >= 0, not {offset}")
        params.append(offset)
        for row in self._conn.execute(sql + " OFFSET ?", params):
            yield dict(zip(STORY_FIELDS, row, strict=True))

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story with its ``articles`` (oldest first) and ``facts``, or None."""
        columns = ", ".join(f'"{name}"' for name in STORY_FIELDS)
        row = self._conn.execute(f"SELECT {columns} FROM stories WHERE story_id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        record = dict(zip(STORY_FIELDS, row, strict=True))
        record["articles"] = [
            {
                "doc_id": r[0],
                "title": r[1],
                "published": r[2],
                "outlet": r[3],
                "url": r[4],
                "near_duplicate_of": r[5],
            }
            for r in self._conn.execute(
                "SELECT a.doc_id, a.title, a.published, a.outlet, a.url, l.original_doc_id FROM articles a"
                " LEFT JOIN article_links l ON l.doc_id = a.doc_id WHERE a.story = ?"
                " ORDER BY a.published IS NULL, a.published, a.doc_id",
                (story_id,),
            )
        ]
        record["facts"] = list(self.facts(story_id=story_id))
        return record

    def flags(self, *, status: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Yield sanctions flags with their fact's type, parties, date and corroboration."""
        params: list[Any] = []
        where = ""
        if status is not None:
            if status not in FLAG_STATUSES:
                raise ValueError(f"status must be one of {', '.join(FLAG_STATUSES)}, not {status!r}")
            where = " WHERE g.status = ?"
            params.append(status)
        sql = (
            "SELECT g.flag_id, g.fact_id, g.regime, g.resolution, g.clause, g.status, g.reasoning,"
            " f.type, f.source, f.target, f.weapons, f.factuality, f.date, f.first_reported, f.status,"
            " f.n_outlets"
            f" FROM flags g JOIN facts f ON f.fact_id = g.fact_id{where}"
            " ORDER BY f.n_outlets DESC, coalesce(f.date, f.first_reported) IS NULL,"
            " coalesce(f.date, f.first_reported) DESC, g.flag_id" + limit_clause(limit, params)
        )
        names = (
            *FLAG_FIELDS,
            "type",
            "source",
            "target",
            "weapons",
            "factuality",
            "date",
            "first_reported",
            "fact_status",
        )
        for row in self._conn.execute(sql, params):
            record = dict(zip((*names, "n_outlets"), row, strict=True))
            for name in ("source", "target", "weapons"):
                record[name] = json.loads(record[name])
            yield record

    def near_duplicates(self) -> Iterator[dict[str, Any]]:
        """Yield article links (copy, original, similarity, kind), by copy doc_id."""
        for row in self._conn.execute(
            "SELECT doc_id, original_doc_id, similarity, kind FROM article_links ORDER BY doc_id"
        ):
            yield dict(zip(("doc_id", "original_doc_id", "similarity", "kind"), row, strict=True))

    def fact_members(self, fact_id: str, *, event_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The events of a fact with their article (title, outlet, dates, story) and relation.

        ``original_doc_id``/``original_outlet`` name the article a near-duplicate copies;
        ``rule`` and ``trigger`` say how the extractor read the event (the stance it takes);
        ``voiced_by`` lists the speakers of the statements read from the same sentence.
        ``event_ids`` reads only those members (the ones just added to a large fact).
        """
        names = (
            *EVIDENCE_FIELDS,
            "relation",
            "title",
            "published",
            "outlet",
            "url",
            "story",
            "original_doc_id",
            "original_outlet",
            "rule",
            "trigger",
            "voiced_by",
        )
        statements = sorted(types_where(lambda t: t.speech_act) - {"denial"})
        rows = self._conn.execute(
            "SELECT " + ", ".join(f"e.{name}" for name in EVIDENCE_FIELDS) + ","
            " fe.relation, a.title, a.published, a.outlet, a.url, a.story, l.original_doc_id, r.outlet,"
            " e.rule, e.trigger,"
            # Who voices the report when its sentence is a statement ("accused Abu Dhabi of
            # supplying ..."): the statement's speakers.
            " (SELECT json_group_array(DISTINCT j.value) FROM events x, json_each(x.source) j"
            "  WHERE x.doc_id = e.doc_id AND x.event_id != e.event_id"
            f"  AND x.type IN ({marks(len(statements))})"
            "  AND x.evidence_start < e.evidence_end AND e.evidence_start < x.evidence_end)"
            " FROM fact_events fe JOIN events e ON e.event_id = fe.event_id"
            " JOIN articles a ON a.doc_id = e.doc_id"
            " LEFT JOIN article_links l ON l.doc_id = e.doc_id"
            " LEFT JOIN articles r ON r.doc_id = l.original_doc_id"
            " WHERE fe.fact_id = ?"
            + ("" if event_ids is None else f" AND fe.event_id IN ({marks(len(event_ids))})")
            + " ORDER BY a.published IS NULL, a.published, e.doc_id, e.evidence_start, e.event_id",
            (*statements, fact_id, *(event_ids or ())),
        )
        members = []
        for row in rows:
            record = dict(zip(names, row, strict=True))
            for name in (*_EVIDENCE_LIST_FIELDS, "voiced_by"):
                record[name] = json.loads(record[name])
            members.append(record)
        return members
