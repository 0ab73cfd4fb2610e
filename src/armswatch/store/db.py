"""The armswatch database in SQLite: opening, migrating, transactions and document writes.

Stage contract: ``Article`` + ``Sentence`` + ``Mention`` + ``Event`` records in, rows of one
SQLite file out. Every document is written in one transaction, so a crash or a bad record
never leaves half a document behind. :class:`SQLiteStore` owns the connection and hands out
its reader (``store.read``, :mod:`armswatch.store.query`) and the stories stage's index
(``store.story_index()``, :mod:`armswatch.store.story_index`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from armswatch.models import Article, Event, IngestFailure, Mention, Sentence
from armswatch.store.errors import SchemaVersionError, StoreBusyError, StoreError
from armswatch.store.fields import (
    ARTICLE_RECORD_COLUMNS,
    ARTICLE_TABLE_FIELDS,
    EVENT_FIELDS,
    EVENT_LIST_FIELDS,
    MENTION_FIELDS,
    MENTION_LIST_FIELDS,
    record_fields,
)
from armswatch.store.interface import Store
from armswatch.store.query import SQLiteReader
from armswatch.store.schema import applied_versions, check_version, latest_version, migrate
from armswatch.store.sql import json_list, marks, now
from armswatch.store.story_index import SQLiteStoryIndex

logger = logging.getLogger(__name__)

#: Seconds a writer waits for another connection's lock before giving up: longer than a
#: stories batch or a rebuild of a mid-sized database, so that concurrent writers queue.
DEFAULT_BUSY_TIMEOUT = 300.0
#: Environment variable that overrides the default wait (in seconds).
BUSY_TIMEOUT_ENV = "ARMSWATCH_BUSY_TIMEOUT"
# Backoff between our own retries of BEGIN, for the cases SQLite's busy handler does not wait in.
_FIRST_PAUSE, _LONGEST_PAUSE = 0.05, 2.0


def busy_timeout_default() -> float:
    """The writer's wait: ``ARMSWATCH_BUSY_TIMEOUT`` seconds when set, else :data:`DEFAULT_BUSY_TIMEOUT`."""
    text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not text:
        return DEFAULT_BUSY_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        raise StoreError(f"{BUSY_TIMEOUT_ENV}={text!r}: not a number of seconds") from None
    if value < 0:
        raise StoreError(f"{BUSY_TIMEOUT_ENV}={text!r}: must not be negative")
    return value


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" (SQLITE_BUSY): another connection holds the lock."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        # Extended codes (SQLITE_BUSY_SNAPSHOT, ...) keep the primary code in the low byte.
        return int(code) & 0xFF == sqlite3.SQLITE_BUSY
    return "database is locked" in str(exc)


def _busy_error(path: str, waited: float) -> StoreBusyError:
    return StoreBusyError(
        f"{path}: database is busy: another process has held the write lock for over {waited:.0f} s;"
        f" nothing more was written, run it again later (or wait longer with {BUSY_TIMEOUT_ENV}=SECONDS)",
        retry_after=max(1, min(60, round(waited) or 1)),
    )


def _storable(text: str | None) -> str | None:
    # Lone surrogates (an undecodable file name) cannot be encoded for SQLite.
    if text is None:
        return None
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def event_id(event: Event, *, occurrence: int = 1) -> str:
    """Return the deterministic id of an event: a hash of what makes it one record.

    ``occurrence`` > 1 tells apart records that agree on every identifying field within
    one document, so that nothing the extractor emits is silently dropped.
    """
    key: list[object] = [
        event.doc_id,
        event.type,
        sorted(event.source),
        sorted(event.target),
        event.evidence_start,
        event.factuality,
        event.date,
    ]
    if occurrence > 1:
        key.append(occurrence)
    digest = hashlib.sha1(json.dumps(key, ensure_ascii=False).encode("utf-8"), usedforsecurity=False)
    return digest.hexdigest()[:16]


def _delete_document_rows(conn: sqlite3.Connection, doc_id: str) -> None:
    _delete_events(conn, doc_id)
    conn.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))


def _delete_events(conn: sqlite3.Connection, doc_id: str) -> None:
    # Explicit deletes rather than ON DELETE CASCADE: correct even on a connection
    # that forgot to switch foreign keys on.
    ids = "SELECT event_id FROM events WHERE doc_id = ?"
    conn.execute(f"DELETE FROM event_actors WHERE event_id IN ({ids})", (doc_id,))
    conn.execute(f"DELETE FROM event_weapons WHERE event_id IN ({ids})", (doc_id,))
    conn.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))


def _insert_document(conn: sqlite3.Connection, article: Article, *, kind: str) -> None:
    conn.execute(
        "INSERT INTO documents (doc_id, source, url, kind, content_hash, fetched_at, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            article.doc_id,
            article.source,
            article.url,
            kind,
            article.content_hash,
            article.fetched_at,
            now(),
        ),
    )


def _columns(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


_ARTICLE_ATTR = {column: name for name, column in ARTICLE_RECORD_COLUMNS}
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({_columns(ARTICLE_TABLE_FIELDS)}) VALUES ({marks(len(ARTICLE_TABLE_FIELDS))})"
)


def _insert_article(conn: sqlite3.Connection, article: Article, *, story: str | None) -> None:
    conn.execute(
        _INSERT_ARTICLE,
        [
            story if column == "story" else getattr(article, _ARTICLE_ATTR[column])
            for column in ARTICLE_TABLE_FIELDS
        ],
    )


def _insert_sentences(conn: sqlite3.Connection, doc_id: str, sentences: Sequence[Sentence]) -> None:
    conn.executemany(
        'INSERT INTO sentences (doc_id, idx, start, "end") VALUES (?, ?, ?, ?)',
        ((doc_id, s.index, s.start, s.end) for s in sentences),
    )


_MENTION_RECORD = record_fields(Mention)
_INSERT_MENTION = (
    f"INSERT INTO mentions ({_columns(MENTION_FIELDS[1:])}) VALUES ({marks(len(MENTION_FIELDS) - 1)})"
)


def _insert_mentions(conn: sqlite3.Connection, doc_id: str, mentions: Sequence[Mention]) -> None:
    conn.executemany(
        _INSERT_MENTION,
        (
            (
                doc_id,
                *(
                    json_list(getattr(m, name)) if name in MENTION_LIST_FIELDS else getattr(m, name)
                    for name in _MENTION_RECORD
                ),
            )
            for m in mentions
        ),
    )


_EVENT_RECORD = record_fields(Event)
_INSERT_EVENT = f"INSERT INTO events ({_columns(EVENT_FIELDS)}) VALUES ({marks(len(EVENT_FIELDS))})"
# How a record field becomes its column: lists as JSON, the confidence as a REAL whatever it came as.
_EVENT_ENCODERS: dict[str, Callable[[Any], object]] = {
    **dict.fromkeys(EVENT_LIST_FIELDS, json_list),
    "confidence": float,
}


def _event_row(eid: str, event: Event, *, armswatch_version: str, kb_version: str) -> tuple[object, ...]:
    values = []
    for name in _EVENT_RECORD:
        value = getattr(event, name)
        encode = _EVENT_ENCODERS.get(name)
        values.append(value if encode is None else encode(value))
    return (eid, *values, armswatch_version, kb_version)


def _insert_events(
    conn: sqlite3.Connection, events: Sequence[Event], *, armswatch_version: str, kb_version: str
) -> int:
    rows: list[tuple[object, ...]] = []
    actors: list[tuple[str, str, str]] = []
    weapons: list[tuple[str, str]] = []
    used: set[str] = set()
    for event in events:
        occurrence = 1
        eid = event_id(event)
        while eid in used:
            occurrence += 1
            eid = event_id(event, occurrence=occurrence)
        if occurrence > 1:
            logger.debug(
                "%s: duplicate %s event at %d kept as #%d",
                event.doc_id,
                event.type,
                event.evidence_start,
                occurrence,
            )
        used.add(eid)
        rows.append(_event_row(eid, event, armswatch_version=armswatch_version, kb_version=kb_version))
        actors.extend((eid, actor, "source") for actor in event.source)
        actors.extend((eid, actor, "target") for actor in event.target)
        if event.attributed_to is not None:
            actors.append((eid, event.attributed_to, "attributed_to"))
        weapons.extend((eid, category) for category in event.weapons)
    conn.executemany(_INSERT_EVENT, rows)
    # OR IGNORE: an actor listed twice in one role is one junction row.
    conn.executemany("INSERT OR IGNORE INTO event_actors (event_id, actor_id, role) VALUES (?, ?, ?)", actors)
    conn.executemany("INSERT OR IGNORE INTO event_weapons (event_id, category) VALUES (?, ?)", weapons)
    return len(rows)


def _set_versions(conn: sqlite3.Connection, *, armswatch_version: str, kb_version: str) -> None:
    conn.executemany(
        'INSERT INTO meta ("key", "value") VALUES (?, ?)'
        ' ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"',
        [("armswatch_version", armswatch_version), ("kb_version", kb_version)],
    )


def _check_doc_ids(doc_id: str, events: Sequence[Event]) -> None:
    strays = sorted({e.doc_id for e in events if e.doc_id != doc_id})
    if strays:
        raise ValueError(f"events of other documents {strays} passed with document {doc_id!r}")


class SQLiteStore(Store):
    """An open armswatch SQLite database. Use :func:`open_store` to get one; close it when done."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        path: str,
        readonly: bool,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> None:
        self._conn = conn
        self._path = path
        self._readonly = readonly
        self._read = SQLiteReader(conn)
        self._busy_timeout = busy_timeout
        # Depth of nested transactions: inside ``atomic()`` every write becomes a savepoint.
        self._depth = 0
        # Bumped when another connection may have written since our last commit (SQLite's
        # data_version says so) or when our own writes were rolled back: what was read under
        # one epoch stays true for the whole epoch.
        self._epoch = 0
        self._data_version: int | None = None

    @property
    def path(self) -> str:
        """The database file as it was given to :func:`open_store`."""
        return self._path

    @property
    def readonly(self) -> bool:
        """True when opened with ``readonly=True``."""
        return self._readonly

    @property
    def schema_version(self) -> int:
        """The highest migration version applied to this database."""
        return max(applied_versions(self._conn), default=0)

    @property
    def read(self) -> SQLiteReader:
        """Every read of this database (on the same connection)."""
        return self._read

    @contextmanager
    def story_index(self) -> Iterator[SQLiteStoryIndex]:
        """One write transaction of the stories stage's index, committed when the block ends."""
        with self._transaction() as conn:
            index = SQLiteStoryIndex(conn, read=self._read, epoch=self._epoch)
            try:
                yield index
            finally:
                index.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "readonly" if self._readonly else "readwrite"
        return f"<SQLiteStore {self._path!r} {mode}>"

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One write transaction around the block: every write in it commits together, or none.

        Readers go on seeing the database as it was until the block ends (WAL); a process
        killed inside the block leaves nothing of it behind. Writes nested inside are
        savepoints of this transaction.
        """
        with self._transaction():
            yield

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Run the reads of the block in one read transaction: one consistent view of the file.

        Several queries that make up one answer (a fact and its events) then cannot straddle
        a writer's commit. Inside a write transaction this is that transaction.
        """
        conn = self._conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting (SQLite's busy handler, then our backoff) up to the busy timeout."""
        conn = self._conn
        start = time.monotonic()
        pause = _FIRST_PAUSE
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise StoreError(f"{self._path}: cannot start a write: {exc}") from exc
                waited = time.monotonic() - start
                if waited + pause > self._busy_timeout:
                    raise _busy_error(self._path, max(waited, self._busy_timeout)) from exc
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self._readonly:
            raise StoreError(f"{self._path}: opened read-only, cannot write")
        conn = self._conn
        nested = self._depth > 0
        if nested:
            conn.execute("SAVEPOINT armswatch_write")
        else:
            self._begin()
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._data_version:
                self._epoch += 1
        self._depth += 1
        try:
            yield conn
            if nested:
                conn.execute("RELEASE armswatch_write")
            else:
                conn.execute("COMMIT")
                # Our own commits leave data_version as it was; another connection's change it.
                self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        except BaseException as exc:
            # Whatever was read under this epoch may describe writes that are now undone.
            self._epoch += 1
            self._data_version = None
            # Some errors (disk full, I/O) roll back on their own.
            if conn.in_transaction:
                if nested:
                    conn.execute("ROLLBACK TO armswatch_write")
                    conn.execute("RELEASE armswatch_write")
                else:
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                if is_busy(exc):
                    raise _busy_error(self._path, self._busy_timeout) from exc
                raise StoreError(f"{self._path}: write failed: {exc}") from exc
            if isinstance(exc, UnicodeEncodeError):
                raise StoreError(f"cannot store text that is not valid Unicode ({exc.reason})") from exc
            raise
        finally:
            self._depth -= 1

    def save_document(
        self,
        article: Article,
        *,
        kind: str,
        sentences: Sequence[Sentence] = (),
        mentions: Sequence[Mention] = (),
        events: Sequence[Event] = (),
        armswatch_version: str,
        kb_version: str,
    ) -> bool:
        """Write one document with everything read from it, replacing any earlier version.

        Returns True once written. The same content under another doc_id is another report
        (two outlets carrying one wire story) and is stored as well; the stories stage links
        the copies. A document's story assignment survives a replacement of its content.
        """
        _check_doc_ids(article.doc_id, events)
        with self._transaction() as conn:
            old = conn.execute("SELECT story FROM articles WHERE doc_id = ?", (article.doc_id,)).fetchone()
            _delete_document_rows(conn, article.doc_id)
            _insert_document(conn, article, kind=kind)
            _insert_article(conn, article, story=None if old is None else old[0])
            _insert_sentences(conn, article.doc_id, sentences)
            _insert_mentions(conn, article.doc_id, mentions)
            _insert_events(conn, events, armswatch_version=armswatch_version, kb_version=kb_version)
            _set_versions(conn, armswatch_version=armswatch_version, kb_version=kb_version)
        return True

    def replace_events(
        self, doc_id: str, events: Sequence[Event], *, armswatch_version: str, kb_version: str
    ) -> int:
        """Replace the events of a stored document (a rebuild); return how many were written."""
        _check_doc_ids(doc_id, events)
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM articles WHERE doc_id = ?", (doc_id,)).fetchone() is None:
                raise KeyError(doc_id)
            _delete_events(conn, doc_id)
            written = _insert_events(conn, events, armswatch_version=armswatch_version, kb_version=kb_version)
            _set_versions(conn, armswatch_version=armswatch_version, kb_version=kb_version)
        return written

    def record_error(self, error: IngestFailure) -> None:
        """Log a document that could not be read or cleaned."""
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO ingest_errors (source, doc_id, message, at) VALUES (?, ?, ?, ?)",
                (_storable(error.source), _storable(error.doc_id), _storable(error.message), now()),
            )

    def set_story(self, doc_id: str, story: str | None) -> None:
        """Assign a document to a story (None clears it); KeyError for an unknown doc_id."""
        self.set_stories({doc_id: story})

    def set_stories(self, stories: Mapping[str, str | None]) -> int:
        """Assign many documents to stories in one transaction; KeyError if any doc_id is unknown."""
        with self._transaction() as conn:
            for doc_id, story in stories.items():
                cursor = conn.execute("UPDATE articles SET story = ? WHERE doc_id = ?", (story, doc_id))
                if cursor.rowcount == 0:
                    raise KeyError(doc_id)
        return len(stories)

    def rebuild_fts(self) -> None:
        """Rebuild the full-text index from the articles table (after a VACUUM, say)."""
        with self._transaction() as conn:
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def open_store(path: str | Path, *, readonly: bool = False, busy_timeout: float | None = None) -> SQLiteStore:
    """Open (creating and migrating when writable) the armswatch database at ``path``.

    ``":memory:"`` gives a private in-memory database. A write waits up to ``busy_timeout``
    seconds (default :func:`busy_timeout_default`) for another process's write to end, then
    raises :class:`StoreBusyError`. Raises :class:`StoreError` when the file cannot be opened
    or is not an armswatch database, and :class:`SchemaVersionError` when it was written by a
    newer armswatch (or, read-only, needs an upgrade first).
    """
    if busy_timeout is None:
        busy_timeout = busy_timeout_default()
    name = str(path)
    target, uri = name, False
    if readonly and name != ":memory:":
        file = Path(path)
        if not file.is_file():
            raise StoreError(f"{name}: no such database file")
        target, uri = file.resolve().as_uri() + "?mode=ro", True
    try:
        conn = sqlite3.connect(target, uri=uri, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{name}: cannot open database: {exc}") from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        if readonly:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA query_only = ON")
            _check_readable(conn, path=name)
        else:
            _check_not_foreign(conn, path=name)
            # WAL lets the API and dashboard read while the pipeline writes.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # Foreign keys go on after migrating: a migration that rebuilds a table drops the old
            # one, which with them on would cascade into every row that references it.
            applied = migrate(conn, path=name)
            conn.execute("PRAGMA foreign_keys = ON")
            if applied:
                logger.info("%s: applied schema migrations %s", name, applied)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_busy(exc):
            raise _busy_error(name, busy_timeout) from exc
        raise StoreError(f"{name}: not a usable armswatch database: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return SQLiteStore(conn, path=name, readonly=readonly, busy_timeout=busy_timeout)


def _check_readable(conn: sqlite3.Connection, *, path: str) -> None:
    pending = check_version(conn, path=path)
    if not pending:
        return
    if not applied_versions(conn):
        raise StoreError(f"{path}: not an armswatch database (no migrations table)")
    raise SchemaVersionError(
        f"{path}: database schema is older than this armswatch (needs version {latest_version()}); "
        "open it once for writing to upgrade it"
    )


def _check_not_foreign(conn: sqlite3.Connection, *, path: str) -> None:
    # Migrating someone else's database would mix our tables into theirs.
    if applied_versions(conn):
        return
    if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None:
        raise StoreError(
            f"{path}: an SQLite database that armswatch did not create; choose another --db file"
        )
