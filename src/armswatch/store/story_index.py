"""The stories stage's incremental index in SQLite: stories, near-duplicate links, facts, flags.

:class:`SQLiteStoryIndex` is what ``with store.story_index() as index:`` gives: the primitives
``armswatch.stories`` keeps its index with (``story_*``, ``sketch_*``, ``fact_*`` ...), all
writing on the connection of one open write transaction, so that one article's stories, links,
facts and flags are committed together. Used after its block ends it raises StoreError.

Nothing here decides what is a story or a fact: that is ``armswatch.stories``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from armswatch.store.errors import StoreError
from armswatch.store.fields import FACT_FIELDS, FACT_LIST_FIELDS
from armswatch.store.interface import StoryIndex
from armswatch.store.query import SQLiteReader
from armswatch.store.sql import CHUNK, FACT_COLUMNS, fact_dict, marks, now

#: Meta key counting the articles the story index has seen (the N of IDF).
N_DOCS_KEY = "stories_n_docs"


class SQLiteStoryIndex(StoryIndex):
    """The story index primitives on one SQLite write transaction."""

    def __init__(self, conn: sqlite3.Connection, *, read: SQLiteReader, epoch: int = 0) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._read = read
        self._epoch = epoch

    @property
    def epoch(self) -> int:
        """Unchanged while no other connection has written the store (see ``SQLiteStore``)."""
        return self._epoch

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the story index was used after its transaction ended")
        return self._conn

    def close(self) -> None:
        """End this index's use (the store calls it when the transaction ends)."""
        self._conn = None

    @property
    def read(self) -> SQLiteReader:
        """Reads on the same connection, which see this transaction's writes."""
        return self._read

    def pending_articles(self, *, limit: int | None = None) -> list[str]:
        """Articles the story index has not seen yet, oldest publication first (undated last).

        ``limit`` gives the first ``limit`` of them: a batch taken inside its own transaction,
        so that two processes updating one database never place an article twice.
        """
        return [
            row[0]
            for row in self._db.execute(
                # CROSS JOIN keeps the queue outermost: the planner would otherwise walk all
                # articles in date order and probe the queue for each.
                "SELECT a.doc_id FROM stories_pending p CROSS JOIN articles a ON a.doc_id = p.doc_id"
                " ORDER BY a.published IS NULL, a.published, a.doc_id LIMIT ?",
                (-1 if limit is None else limit,),
            )
        ]

    def story_input(self, doc_id: str) -> dict[str, Any]:
        """Title, body, publication date, outlet and current story of one article."""
        row = self._db.execute(
            "SELECT doc_id, title, body, published, outlet, story FROM articles WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return dict(zip(("doc_id", "title", "body", "published", "outlet", "story"), row, strict=True))

    def count_terms(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """Count one more article holding ``terms``; return the article count and their frequencies."""
        unique = sorted(set(terms))
        conn = self._db
        conn.execute(
            'INSERT INTO meta ("key", "value") VALUES (?, 1)'
            ' ON CONFLICT ("key") DO UPDATE SET "value" = CAST("value" AS INTEGER) + 1',
            (N_DOCS_KEY,),
        )
        conn.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET df = df + 1",
            ((term,) for term in unique),
        )
        n_docs = int(conn.execute('SELECT "value" FROM meta WHERE "key" = ?', (N_DOCS_KEY,)).fetchone()[0])
        dfs: dict[str, int] = {}
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start : start + CHUNK]
            dfs.update(
                conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks(len(chunk))})", chunk)
            )
        return n_docs, dfs

    def sketch_matches(self, buckets: Sequence[int]) -> list[tuple[str, bytes, str | None]]:
        """Articles sharing an LSH bucket: (doc_id, signature, published)."""
        if not buckets:
            return []
        return [
            (row[0], row[1], row[2])
            for row in self._db.execute(
                "SELECT s.doc_id, s.signature, a.published FROM article_sketches s"
                " JOIN articles a ON a.doc_id = s.doc_id WHERE s.doc_id IN"
                f" (SELECT DISTINCT doc_id FROM minhash_bands WHERE bucket IN ({marks(len(buckets))}))"
                " ORDER BY s.doc_id",
                list(buckets),
            )
        ]

    def save_sketch(
        self,
        doc_id: str,
        *,
        day: int | None,
        signature: bytes,
        buckets: Sequence[int],
        terms: Mapping[str, float],
    ) -> None:
        """Record an article as seen: its signature, LSH buckets, day and term vector."""
        conn = self._db
        conn.execute(
            "INSERT OR REPLACE INTO article_sketches (doc_id, day, signature, terms) VALUES (?, ?, ?, ?)",
            (doc_id, day, signature, json.dumps(dict(terms), ensure_ascii=False)),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO minhash_bands (bucket, doc_id) VALUES (?, ?)",
            ((bucket, doc_id) for bucket in buckets),
        )
        conn.execute("DELETE FROM stories_pending WHERE doc_id = ?", (doc_id,))

    def original_of(self, doc_id: str) -> str | None:
        """The article ``doc_id`` is a near-duplicate of, or None."""
        row = self._db.execute(
            "SELECT original_doc_id FROM article_links WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def link_duplicate(self, doc_id: str, original: str, similarity: float) -> None:
        """Mark ``doc_id`` a near-duplicate of ``original`` (and move copies of ``doc_id`` along)."""
        conn = self._db
        # Delete, then insert: REPLACE would drop the old link without its trigger, and the
        # story's outlet count (story_outlets) would miss the move.
        conn.execute("DELETE FROM article_links WHERE doc_id = ?", (doc_id,))
        conn.execute(
            "INSERT INTO article_links (doc_id, original_doc_id, similarity, kind)"
            " VALUES (?, ?, ?, 'near_duplicate')",
            (doc_id, original, round(similarity, 4)),
        )
        conn.execute(
            "UPDATE article_links SET original_doc_id = ? WHERE original_doc_id = ?", (original, doc_id)
        )

    def facts_of_documents(self, doc_ids: Iterable[str]) -> list[str]:
        """Facts holding an event of any of these documents."""
        ids = sorted(set(doc_ids))
        if not ids:
            return []
        return [
            row[0]
            for row in self._db.execute(
                "SELECT DISTINCT fe.fact_id FROM fact_events fe JOIN events e ON e.event_id = fe.event_id"
                f" WHERE e.doc_id IN ({marks(len(ids))}) ORDER BY fe.fact_id",
                ids,
            )
        ]

    def copies_of(self, doc_id: str) -> list[str]:
        """Articles linked as near-duplicates of ``doc_id``."""
        return [
            row[0]
            for row in self._db.execute(
                "SELECT doc_id FROM article_links WHERE original_doc_id = ? ORDER BY doc_id", (doc_id,)
            )
        ]

    def story_postings(
        self, terms: Sequence[str], *, day: int | None, window: int, per_term: int
    ) -> list[tuple[str, str]]:
        """(term, story_id) of stories an article within ``window`` days of ``day`` posted ``term`` in.

        Weeks bound the scan; callers check the exact day span. With no day, the latest
        ``per_term`` stories of each term, dated or not.
        """
        found: list[tuple[str, str]] = []
        conn = self._db
        for term in terms:
            if day is None:
                cursor = conn.execute(
                    "SELECT story_id FROM story_postings WHERE term = ? ORDER BY week DESC LIMIT ?",
                    (term, per_term),
                )
            else:
                cursor = conn.execute(
                    "SELECT story_id FROM story_postings WHERE term = ? AND week BETWEEN ? AND ?"
                    " ORDER BY week DESC LIMIT ?",
                    (term, (day - window) // 7, (day + window) // 7, per_term),
                )
            found.extend((term, row[0]) for row in cursor)
        return found

    def post_terms(self, story_id: str, terms: Iterable[str], *, day: int | None) -> None:
        """Index ``terms`` of an article that joined ``story_id`` under the article's week."""
        week = -1 if day is None else day // 7
        self._db.executemany(
            "INSERT OR IGNORE INTO story_postings (term, week, story_id) VALUES (?, ?, ?)",
            ((term, week, story_id) for term in terms),
        )

    def story_state(self, story_id: str) -> dict[str, Any] | None:
        """A story's centroid (term -> weight), norm, member count and day span, or None."""
        row = self._db.execute(
            "SELECT first_day, last_day, norm, n_members, vector, recent FROM story_state WHERE story_id = ?",
            (story_id,),
        ).fetchone()
        if row is None:
            return None
        return {
            "first_day": row[0],
            "last_day": row[1],
            "norm": row[2],
            "n_members": row[3],
            "vector": json.loads(row[4]),
            "recent": json.loads(row[5]),
        }

    def save_story_state(
        self,
        story_id: str,
        *,
        vector: Mapping[str, float],
        norm: float,
        n_members: int,
        first_day: int | None,
        last_day: int | None,
        recent: Sequence[Mapping[str, float]] = (),
    ) -> None:
        """Create the story if new and store its centroid, latest members' vectors and day span."""
        conn = self._db
        conn.execute(
            "INSERT OR IGNORE INTO stories (story_id, n_articles, n_outlets, updated_at) VALUES (?, 0, 0, ?)",
            (story_id, now()),
        )
        conn.execute(
            "INSERT OR REPLACE INTO story_state"
            " (story_id, first_day, last_day, norm, n_members, vector, recent) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                story_id,
                first_day,
                last_day,
                norm,
                n_members,
                json.dumps(dict(vector), ensure_ascii=False),
                json.dumps([dict(v) for v in recent], ensure_ascii=False),
            ),
        )

    def member_vectors(self, story_id: str) -> list[tuple[str, int | None, dict[str, float]]]:
        """(doc_id, day, term vector) of a story's articles, for recomputing its centroid."""
        return [
            (row[0], row[1], json.loads(row[2]))
            for row in self._db.execute(
                "SELECT s.doc_id, s.day, s.terms FROM articles a"
                " JOIN article_sketches s ON s.doc_id = a.doc_id WHERE a.story = ? ORDER BY s.doc_id",
                (story_id,),
            )
        ]

    def assign_story(self, doc_id: str, story_id: str | None) -> None:
        """Set the story of one article (in this transaction, unlike ``Store.set_story``)."""
        self._db.execute("UPDATE articles SET story = ? WHERE doc_id = ?", (story_id, doc_id))

    def refresh_story(self, story_id: str) -> bool:
        """Recount a story's articles, independent outlets, dates and label; drop it when empty.

        Index lookups and counts only (``story_outlets`` is kept by triggers), never a join
        over the story's articles: a story's N-th article costs about what its first did.
        """
        conn = self._db
        n_articles = conn.execute("SELECT count(*) FROM articles WHERE story = ?", (story_id,)).fetchone()[0]
        if not n_articles:
            conn.execute("DELETE FROM story_state WHERE story_id = ?", (story_id,))
            conn.execute("UPDATE facts SET story_id = NULL WHERE story_id = ?", (story_id,))
            conn.execute("DELETE FROM story_outlets WHERE story_id = ?", (story_id,))
            conn.execute("DELETE FROM stories WHERE story_id = ?", (story_id,))
            return False
        # Separate min and max: each is one seek in idx_articles_story_published.
        earliest = conn.execute(
            "SELECT min(published) FROM articles WHERE story = ?", (story_id,)
        ).fetchone()[0]
        latest = conn.execute("SELECT max(published) FROM articles WHERE story = ?", (story_id,)).fetchone()[
            0
        ]
        n_outlets = conn.execute(
            "SELECT count(*) FROM story_outlets WHERE story_id = ?", (story_id,)
        ).fetchone()[0]
        # The oldest titled article (undated last), walking the index in order.
        label = (
            conn.execute(
                "SELECT title FROM articles WHERE story = ? AND published IS NOT NULL AND title IS NOT NULL"
                " AND title != '' ORDER BY published, doc_id LIMIT 1",
                (story_id,),
            ).fetchone()
            or conn.execute(
                "SELECT title FROM articles WHERE story = ? AND published IS NULL AND title IS NOT NULL"
                " AND title != '' ORDER BY doc_id LIMIT 1",
                (story_id,),
            ).fetchone()
        )
        row = (n_articles, earliest, latest, n_outlets)
        first = row[1][:10] if row[1] else None
        last = row[2][:10] if row[2] else None
        conn.execute(
            "INSERT INTO stories (story_id, label, first_published, last_published, n_articles, n_outlets,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET"
            " label = excluded.label, first_published = excluded.first_published,"
            " last_published = excluded.last_published, n_articles = excluded.n_articles,"
            " n_outlets = excluded.n_outlets, updated_at = excluded.updated_at",
            (story_id, None if label is None else label[0], first, last, row[0], row[3], now()),
        )
        return True

    def fact_candidates(
        self,
        keys: Sequence[str],
        prefixes: Sequence[str] = (),
        *,
        years: tuple[int, int] | None = None,
        days: tuple[int, int] | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        """Facts holding any lookup key in ``keys`` or starting with a prefix in ``prefixes``.

        ``years`` keeps facts dated in that range or undated; ``days`` keeps facts reported
        within that day range or never dated by a publication. Most recent reports first.
        """
        clauses: list[str] = []
        params: list[Any] = []
        if keys:
            clauses.append(f"k.key IN ({marks(len(keys))})")
            params.extend(keys)
        for prefix in prefixes:
            clauses.append("(k.key >= ? AND k.key < ?)")
            params.extend([prefix, prefix + "\U0010ffff"])
        if not clauses:
            return []
        where = "(" + " OR ".join(clauses) + ")"
        if years is not None:
            where += " AND (k.year = -1 OR k.year BETWEEN ? AND ?)"
            params.extend(years)
        if days is not None:
            where += " AND (k.last_day IS NULL OR (k.last_day >= ? AND k.first_day <= ?))"
            params.extend(days)
        params.append(limit)
        sql = (
            f"SELECT {FACT_COLUMNS} FROM facts f WHERE f.fact_id IN"
            f" (SELECT k.fact_id FROM fact_keys k WHERE {where})"
            " ORDER BY f.last_reported IS NULL, f.last_reported DESC, f.fact_id LIMIT ?"
        )
        return [fact_dict(row) for row in self._db.execute(sql, params)]

    def attach_event(self, fact_id: str, type: str, event_id: str, relation: str) -> None:
        """Add an event to a fact, creating a placeholder fact row if the fact is new."""
        conn = self._db
        conn.execute(
            "INSERT OR IGNORE INTO facts (fact_id, type, factuality, weakest_factuality, n_events, n_outlets,"
            " updated_at) VALUES (?, ?, 'possible', 'possible', 0, 0, ?)",
            (fact_id, type, now()),
        )
        conn.execute(
            "INSERT OR REPLACE INTO fact_events (fact_id, event_id, relation) VALUES (?, ?, ?)",
            (fact_id, event_id, relation),
        )

    def fact_type(self, fact_id: str) -> str | None:
        """The event type of a fact, or None for an unknown fact."""
        row = self._db.execute("SELECT type FROM facts WHERE fact_id = ?", (fact_id,)).fetchone()
        return None if row is None else str(row[0])

    def save_fact(
        self,
        fact: Mapping[str, Any],
        *,
        relations: Mapping[str, str],
        flags: Sequence[Mapping[str, str]],
        keys: Iterable[str] = (),
        first_day: int | None = None,
        last_day: int | None = None,
    ) -> None:
        """Write a fact's aggregate, lookup keys, actors, its events' relations and its flags."""
        conn = self._db
        values = dict(fact)
        values["updated_at"] = now()
        for name in FACT_LIST_FIELDS:
            values[name] = json.dumps(list(values[name]), ensure_ascii=False)
        columns = ", ".join(f'"{name}"' for name in FACT_FIELDS)
        updates = ", ".join(f'"{name}" = excluded."{name}"' for name in FACT_FIELDS[1:])
        conn.execute(
            f"INSERT INTO facts ({columns}) VALUES ({marks(len(FACT_FIELDS))})"
            f" ON CONFLICT (fact_id) DO UPDATE SET {updates}",
            [values[name] for name in FACT_FIELDS],
        )
        fact_id = values["fact_id"]
        year = int(str(fact["date"])[:4]) if fact.get("date") else -1
        conn.execute("DELETE FROM fact_keys WHERE fact_id = ?", (fact_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO fact_keys (key, fact_id, year, first_day, last_day)"
            " VALUES (?, ?, ?, ?, ?)",
            ((key, fact_id, year, first_day, last_day) for key in keys),
        )
        conn.execute("DELETE FROM fact_actors WHERE fact_id = ?", (fact_id,))
        conn.executemany(
            "INSERT OR IGNORE INTO fact_actors (fact_id, actor_id, role) VALUES (?, ?, ?)",
            [(fact_id, a, "source") for a in fact["source"]]
            + [(fact_id, a, "target") for a in fact["target"]],
        )
        conn.executemany(
            "UPDATE fact_events SET relation = ? WHERE fact_id = ? AND event_id = ?",
            ((relation, fact_id, event_id) for event_id, relation in relations.items()),
        )
        conn.execute("DELETE FROM flags WHERE fact_id = ?", (fact_id,))
        conn.executemany(
            "INSERT INTO flags (flag_id, fact_id, regime, resolution, clause, status, reasoning)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    f["flag_id"],
                    fact_id,
                    f["regime"],
                    f["resolution"],
                    f["clause"],
                    f["status"],
                    f["reasoning"],
                )
                for f in flags
            ),
        )

    def delete_fact(self, fact_id: str) -> None:
        """Remove a fact that no event supports any more."""
        conn = self._db
        for table in ("flags", "fact_keys", "fact_actors", "fact_events", "facts"):
            conn.execute(f"DELETE FROM {table} WHERE fact_id = ?", (fact_id,))

    def take_stale(self) -> tuple[list[str], list[str]]:
        """Facts and stories left stale by writes outside the stories stage; clears the lists."""
        conn = self._db
        facts = [row[0] for row in conn.execute("SELECT fact_id FROM stale_facts ORDER BY fact_id")]
        stories = [row[0] for row in conn.execute("SELECT story_id FROM stale_stories ORDER BY story_id")]
        conn.execute("DELETE FROM stale_facts")
        conn.execute("DELETE FROM stale_stories")
        return facts, stories

    def clear_stories(self) -> None:
        """Empty every story, link, fact, flag and index table (before a rebuild)."""
        conn = self._db
        for table in (
            "flags",
            "fact_keys",
            "fact_actors",
            "fact_events",
            "facts",
            "story_postings",
            "story_state",
            "article_links",
            "minhash_bands",
            "article_sketches",
            "term_df",
            "stale_facts",
            "stale_stories",
            "stories_pending",
            "stories",
        ):
            conn.execute(f"DELETE FROM {table}")
        conn.execute('DELETE FROM meta WHERE "key" = ?', (N_DOCS_KEY,))
        conn.execute("UPDATE articles SET story = NULL WHERE story IS NOT NULL")
        # Emptied by the triggers of the two statements above already; cleared for certain.
        conn.execute("DELETE FROM story_outlets")
        conn.execute("INSERT OR IGNORE INTO stories_pending (doc_id) SELECT doc_id FROM articles")
