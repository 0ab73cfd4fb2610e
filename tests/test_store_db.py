"""Opening, migrating and writing the armswatch database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from armswatch.models import Article, Event, IngestFailure, Mention, Sentence
from armswatch.store import (
    DEFAULT_BUSY_TIMEOUT,
    SchemaVersionError,
    Store,
    StoreError,
    event_id,
    open_store,
    schema,
)
from armswatch.store import db as store_db

BODY = "Moscow delivered Kh-101 missiles to Minsk. Washington condemned the shipment."
VERSIONS = {"armswatch_version": "0.1.0", "kb_version": "kb-1"}
DOC_TABLES = ("documents", "articles", "sentences", "mentions", "events")


def make_article(
    doc_id: str = "doc1", text: str = BODY, content_hash: str | None = None, **kw: str
) -> Article:
    return Article(
        doc_id=doc_id,
        source=f"files/{doc_id}.txt",
        text=text,
        content_hash=content_hash or f"hash-{doc_id}-{len(text)}",
        fetched_at="2024-05-01T10:00:00Z",
        title=kw.pop("title", "Missiles for Minsk"),
        published=kw.pop("published", "2024-05-01"),
        outlet=kw.pop("outlet", "Example Wire"),
        **kw,
    )


def make_event(doc_id: str = "doc1", **kw: object) -> Event:
    fields: dict[str, object] = {
        "doc_id": doc_id,
        "type": "arms_transfer",
        "source": ("RUS",),
        "target": ("BLR",),
        "weapons": ("missiles",),
        "factuality": "certain",
        "attributed_to": None,
        "date": "2024-05",
        "location": None,
        "evidence": BODY[:42],
        "evidence_start": 0,
        "evidence_end": 42,
        "rule": "test",
    }
    fields.update(kw)
    return Event(**fields)  # type: ignore[arg-type]


def sample_parts(doc_id: str = "doc1") -> dict[str, object]:
    return {
        "sentences": (Sentence(index=0, start=0, end=42), Sentence(index=1, start=43, end=len(BODY))),
        "mentions": (
            Mention(kind="actor", start=0, end=6, text="Moscow", value="RUS", sentence=0),
            Mention(kind="weapon", start=17, end=23, text="Kh-101", value="missiles", sentence=0),
            Mention(kind="actor", start=37, end=42, text="Minsk", value="BLR", sentence=0, members=("BLR",)),
        ),
        "events": (
            make_event(doc_id),
            make_event(
                doc_id,
                type="accusation",
                source=("USA",),
                target=("RUS",),
                weapons=(),
                attributed_to="USA",
                evidence=BODY[43:],
                evidence_start=43,
                evidence_end=len(BODY),
            ),
        ),
    }


def counts(store: Store) -> dict[str, int]:
    conn = store._conn
    tables = (*DOC_TABLES, "event_actors", "event_weapons", "ingest_errors")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def doc_rows(store: Store, doc_id: str) -> dict[str, int]:
    conn = store._conn
    return {
        t: conn.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        for t in DOC_TABLES
    }


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "a.db") as s:
        yield s


# -- opening and migrations ------------------------------------------------------------------


def test_open_store_creates_schema_wal_and_foreign_keys(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as s:
        conn = s._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == int(DEFAULT_BUSY_TIMEOUT * 1000)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        expected = {
            "meta",
            "documents",
            "articles",
            "articles_fts",
            "sentences",
            "mentions",
            "events",
            "event_actors",
            "event_weapons",
            "ingest_errors",
            "migrations",
            "idx_events_type",
            "idx_events_date",
            "idx_event_actors_actor_id",
            "idx_articles_published",
            "idx_articles_outlet",
        }
        assert expected <= names
        assert s.schema_version == schema.latest_version()
        assert s.read.summary()["created_at"]


def test_open_store_reopen_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT * FROM migrations ORDER BY version").fetchall()
    conn.close()
    with open_store(path) as s:
        assert schema.migrate(s._conn, path=str(path)) == []
        after = s._conn.execute("SELECT * FROM migrations ORDER BY version").fetchall()
    assert [tuple(r) for r in after] == before
    assert [r[0] for r in before] == list(range(1, schema.latest_version() + 1))


def test_open_store_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO migrations VALUES (999, 'future', '2099-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    for readonly in (False, True):
        with pytest.raises(SchemaVersionError, match="newer armswatch"):
            open_store(path, readonly=readonly)


def test_open_store_applies_only_new_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.db"
    shipped = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: shipped[:1])
    open_store(path).close()
    extra = schema.Migration(version=len(shipped) + 1, name="extra", sql="CREATE TABLE extra (x INTEGER);")
    monkeypatch.setattr(schema, "migrations", lambda: (*shipped, extra))
    with pytest.raises(SchemaVersionError, match="older"):
        open_store(path, readonly=True)
    with open_store(path) as s:
        versions = [r[0] for r in s._conn.execute("SELECT version FROM migrations ORDER BY version")]
        assert versions == list(range(1, len(shipped) + 2))
        assert s._conn.execute("SELECT count(*) FROM extra").fetchone()[0] == 0


def test_open_store_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.db"
    open_store(path).close()
    shipped = schema.migrations()
    bad = schema.Migration(
        version=len(shipped) + 1,
        name="bad",
        sql="CREATE TABLE half (x INTEGER);\nSELECT * FROM no_such_table;",
    )
    monkeypatch.setattr(schema, "migrations", lambda: (*shipped, bad))
    with pytest.raises(StoreError):
        open_store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    assert conn.execute("SELECT max(version) FROM migrations").fetchone()[0] == len(shipped)
    conn.close()


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    sql = (
        "-- a comment; with a semicolon\nCREATE TABLE t (a TEXT DEFAULT 'x;y');\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  INSERT INTO t VALUES ('1');\n  "
        "INSERT INTO t VALUES ('2');\nEND;\nSELECT 1; SELECT 2;\n-- trailing comment\n"
    )
    statements = schema.split_statements(sql)
    assert len(statements) == 4
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_shipped_migrations_are_numbered_from_one() -> None:
    assert [m.version for m in schema.migrations()] == list(range(1, schema.latest_version() + 1))


@pytest.mark.parametrize("content", [b"", b"this is not a database at all" * 100])
def test_open_store_readonly_rejects_non_armswatch_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(StoreError):
        open_store(path, readonly=True)


def test_open_store_rejects_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match=r"junk\.db"):
        open_store(path)


def test_open_store_refuses_foreign_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "theirs.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="did not create"):
        open_store(path)
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_open_store_readonly_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()


def test_open_store_readonly_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    open_store(path).close()
    with open_store(path, readonly=True) as s, pytest.raises(StoreError, match="read-only"):
        s.record_error(IngestFailure(source="x", message="y"))


def test_open_store_in_memory() -> None:
    with open_store(":memory:") as s:
        assert s.save_document(make_article(), kind="text", **VERSIONS)
        assert s.read.summary()["articles"] == 1


# -- writing ---------------------------------------------------------------------------------


def test_save_document_writes_every_table(store: Store) -> None:
    assert store.save_document(make_article(), kind="html", **sample_parts(), **VERSIONS)
    assert counts(store) == {
        "documents": 1,
        "articles": 1,
        "sentences": 2,
        "mentions": 3,
        "events": 2,
        "event_actors": 5,  # RUS, BLR as source/target; USA source + attributed_to; RUS target
        "event_weapons": 1,
        "ingest_errors": 0,
    }
    assert store.read.has_content(make_article().content_hash)
    assert not store.read.has_content("other")
    meta = store.read.summary()
    assert (meta["armswatch_version"], meta["kb_version"]) == ("0.1.0", "kb-1")


def test_save_document_same_content_twice_no_duplicates(store: Store) -> None:
    parts = sample_parts()
    assert store.save_document(make_article(), kind="text", **parts, **VERSIONS)
    before = counts(store)
    assert store.save_document(make_article(), kind="text", **parts, **VERSIONS)
    assert counts(store) == before


def test_save_document_same_content_other_doc_id_is_a_second_report(store: Store) -> None:
    # Issue 17: two outlets carrying one wire text are two reports, never silently one.
    store.save_document(make_article(), kind="text", **sample_parts(), **VERSIONS)
    before = doc_rows(store, "doc1")
    copy = make_article("doc2", content_hash=make_article().content_hash)
    parts = sample_parts("doc2")
    assert store.save_document(copy, kind="text", **parts, **VERSIONS)
    assert doc_rows(store, "doc2") == before
    assert doc_rows(store, "doc1") == before
    assert store.read.has_document("doc2", make_article().content_hash)
    assert not store.read.has_document("doc2", "another-hash")


def test_save_document_new_content_replaces_old_rows(store: Store) -> None:
    old = make_article()
    store.save_document(old, kind="text", **sample_parts(), **VERSIONS)
    store.set_story("doc1", "story-a")
    new_body = "Tehran shipped drones to Moscow."
    new = make_article(text=new_body, content_hash="hash-new", title="Drones")
    event = make_event(
        type="arms_transfer",
        source=("IRN",),
        target=("RUS",),
        weapons=("drones",),
        evidence=new_body,
        evidence_end=len(new_body),
    )
    assert store.save_document(new, kind="text", events=[event], **VERSIONS)
    assert doc_rows(store, "doc1") == {
        "documents": 1,
        "articles": 1,
        "sentences": 0,
        "mentions": 0,
        "events": 1,
    }
    assert counts(store)["event_actors"] == 2
    assert not store.read.has_content(old.content_hash)
    assert store.read.has_content("hash-new")
    [row] = store.read.articles()
    assert (row["title"], row["body"], row["story"]) == ("Drones", new_body, "story-a")
    assert [e["source"] for e in store.read.events()] == [["IRN"]]
    # the full-text index follows the replacement
    assert [a["doc_id"] for a in store.read.articles(q="drones")] == ["doc1"]
    assert list(store.read.articles(q="Minsk")) == []


def test_save_document_rejects_events_of_other_documents(store: Store) -> None:
    with pytest.raises(ValueError, match="other documents"):
        store.save_document(make_article(), kind="text", events=[make_event("elsewhere")], **VERSIONS)
    assert counts(store)["documents"] == 0


def _unencodable_event(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    return [make_event(), make_event(evidence="lone surrogate \ud800", evidence_start=5)]


def _unserialisable_event(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    return [make_event(), make_event(source=(object(),), evidence_start=5)]


def _failing_insert(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    def boom(*args: object, **kwargs: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store_db, "_insert_events", boom)
    return [make_event()]


@pytest.mark.parametrize("inject", [_unencodable_event, _unserialisable_event, _failing_insert])
@pytest.mark.parametrize("replacing", [False, True])
def test_save_document_failure_leaves_no_partial_rows(
    store: Store, monkeypatch: pytest.MonkeyPatch, inject: object, replacing: bool
) -> None:
    store.save_document(make_article("doc0"), kind="text", **sample_parts("doc0"), **VERSIONS)
    if replacing:
        store.save_document(make_article("doc1"), kind="text", **sample_parts("doc1"), **VERSIONS)
    before = counts(store)
    doc1_before = doc_rows(store, "doc1")
    fts_before = [a["doc_id"] for a in store.read.articles(q="Tbilisi OR Minsk")]
    events = inject(store, monkeypatch)
    new = make_article("doc1", text="Tbilisi " + BODY, content_hash="hash-changed", title="Other")
    with pytest.raises((StoreError, TypeError, RuntimeError)):
        store.save_document(
            new, kind="text", sentences=[Sentence(index=0, start=0, end=5)], events=events, **VERSIONS
        )
    assert counts(store) == before
    assert doc_rows(store, "doc1") == doc1_before
    assert [a["doc_id"] for a in store.read.articles(q="Tbilisi OR Minsk")] == fts_before
    assert not store.read.has_content("hash-changed")
    assert not store._conn.in_transaction
    # the store stays usable after the failure
    monkeypatch.undo()
    assert store.save_document(make_article("doc9"), kind="text", **VERSIONS)


def test_record_error(store: Store) -> None:
    store.record_error(IngestFailure(source="feeds/bad.xml", message="not XML: line 1"))
    store.record_error(IngestFailure(source="a.warc", message="truncated record", doc_id="rec-3"))
    errors = list(store.read.errors())
    assert [(e["source"], e["doc_id"], e["message"]) for e in errors] == [
        ("feeds/bad.xml", None, "not XML: line 1"),
        ("a.warc", "rec-3", "truncated record"),
    ]
    assert all(e["at"].endswith("Z") for e in errors)
    assert store.read.summary()["errors"] == 2


def test_set_story_and_set_stories(store: Store) -> None:
    for doc in ("doc1", "doc2"):
        store.save_document(make_article(doc), kind="text", **VERSIONS)
    store.set_story("doc1", "s1")
    assert store.set_stories({"doc1": "s2", "doc2": "s2"}) == 2
    assert [a["story"] for a in store.read.articles()] == ["s2", "s2"]
    with pytest.raises(KeyError):
        store.set_stories({"doc1": None, "nope": "s3"})
    # all or nothing: doc1 keeps its story
    assert [a["story"] for a in store.read.articles()] == ["s2", "s2"]
    store.set_story("doc1", None)
    assert [a["story"] for a in store.read.articles()] == [None, "s2"]


def test_replace_events(store: Store) -> None:
    store.save_document(make_article(), kind="text", **sample_parts(), **VERSIONS)
    new = [make_event(factuality="possible")]
    assert store.replace_events("doc1", new, armswatch_version="0.2.0", kb_version="kb-2") == 1
    [row] = store.read.events()
    assert (row["factuality"], row["armswatch_version"], row["kb_version"]) == ("possible", "0.2.0", "kb-2")
    assert counts(store)["event_actors"] == 2
    assert counts(store)["mentions"] == 3
    with pytest.raises(KeyError):
        store.replace_events("nope", [], **VERSIONS)
    with pytest.raises(ValueError):
        store.replace_events("doc1", [make_event("doc2")], **VERSIONS)


def test_event_id_is_deterministic_and_discriminating() -> None:
    base = make_event()
    assert event_id(base) == event_id(make_event())
    assert len(event_id(base)) == 16
    assert event_id(make_event(source=("BLR", "RUS"))) == event_id(make_event(source=("RUS", "BLR")))
    variants = [
        make_event(doc_id="doc2"),
        make_event(type="tech_transfer"),
        make_event(source=("CHN",)),
        make_event(target=("IRN",)),
        make_event(evidence_start=1),
        make_event(factuality="negated"),
        make_event(date="2024-06"),
        make_event(date=None),
    ]
    ids = {event_id(v) for v in variants}
    assert len(ids) == len(variants) and event_id(base) not in ids
    # fields that do not identify an event leave the id alone
    assert event_id(make_event(weapons=("drones",), confidence=0.9)) == event_id(base)


def test_identical_events_are_kept_under_distinct_ids(store: Store) -> None:
    store.save_document(make_article(), kind="text", events=[make_event(), make_event()], **VERSIONS)
    ids = [e["event_id"] for e in store.read.events()]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert ids[0] == event_id(make_event()) or ids[1] == event_id(make_event())


def test_load_parsed_articles_round_trip(store: Store) -> None:
    article = make_article(published_evidence="meta", page_date="2024-05-02", url="https://example.org/a")
    parts = sample_parts()
    store.save_document(article, kind="html", **parts, **VERSIONS)
    [parsed] = store.read.load_parsed_articles()
    assert parsed.article == article
    assert parsed.sentences == parts["sentences"]
    assert parsed.mentions == parts["mentions"]
    assert list(store.read.load_articles(doc_ids=["doc1"])) == [article]
    with pytest.raises(KeyError):
        list(store.read.load_articles(doc_ids=["nope"]))


def test_writes_while_iterating_reads(store: Store) -> None:
    for n in range(5):
        store.save_document(make_article(f"doc{n}"), kind="text", **VERSIONS)
    for row in store.read.articles():
        store.set_story(row["doc_id"], f"story-{row['doc_id']}")
    for article in store.read.load_articles():
        store.replace_events(article.doc_id, [make_event(article.doc_id)], **VERSIONS)
    assert [a["story"] for a in store.read.articles()] == [f"story-doc{n}" for n in range(5)]
    assert store.read.summary()["events"] == 5


def test_concurrent_reader_sees_committed_documents(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with open_store(path) as writer:
        writer.save_document(make_article("doc1"), kind="text", **VERSIONS)
        with open_store(path, readonly=True) as reader:
            assert reader.read.summary()["articles"] == 1
            writer.save_document(make_article("doc2"), kind="text", **VERSIONS)
            assert reader.read.summary()["articles"] == 2


def test_migration_4_keeps_every_row_of_a_database_before_it(tmp_path: Path) -> None:
    # Rebuilding `documents` must not cascade into the articles, events and mentions hanging off it.
    path = tmp_path / "v2.db"
    with open_store(path) as store:
        store.save_document(make_article(), kind="text", **sample_parts(), **VERSIONS)
        before = doc_rows(store, "doc1")
    # Turn the file back to before version 4: the unique content hash, no migration 4.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(
        "BEGIN; CREATE TABLE d2 AS SELECT * FROM documents; DROP TABLE documents;"
        ' CREATE TABLE documents ("doc_id" TEXT PRIMARY KEY, "source" TEXT NOT NULL, "url" TEXT,'
        ' "kind" TEXT NOT NULL, "content_hash" TEXT NOT NULL UNIQUE, "fetched_at" TEXT,'
        ' "ingested_at" TEXT NOT NULL);'
        " INSERT INTO documents SELECT * FROM d2; DROP TABLE d2;"
        " DELETE FROM migrations WHERE version = 4; COMMIT;"
    )
    conn.close()
    assert before["articles"] == 1 and before["events"] > 0
    with open_store(path) as store:
        assert store.schema_version == schema.latest_version()
        assert doc_rows(store, "doc1") == before
        assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []
        copy = make_article("doc2", content_hash=make_article().content_hash)
        assert store.save_document(copy, kind="text", **sample_parts("doc2"), **VERSIONS)
        assert doc_rows(store, "doc2") == before


# --- migrations numbered apart on parallel branches, then merged ------------------------------

SHIPPED_NAMES = ["init", "stories_facts", "fact_status", "documents_same_content", "story_outlets"]


def _recorded(path: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(path)
    try:
        return [tuple(r) for r in conn.execute("SELECT version, name FROM migrations ORDER BY version")]
    finally:
        conn.close()


def _upgrades_cleanly(path: Path) -> None:
    """Open the file with the shipped migrations and check that every one of them holds."""
    from armswatch.stories import update

    with open_store(path) as store:
        assert store.schema_version == schema.latest_version() == len(SHIPPED_NAMES)
        conn = store._conn  # type: ignore[attr-defined]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # 0003: fact status; 0004: one text under two ids; 0005: story outlets kept by triggers.
        assert "status" in {r[1] for r in conn.execute("PRAGMA table_info(facts)")}
        copy = make_article("doc2", content_hash=make_article().content_hash, outlet="Other Wire")
        assert store.save_document(copy, kind="text", **sample_parts("doc2"), **VERSIONS)
        update(store)
        assert conn.execute("SELECT count(*) FROM articles WHERE story IS NULL").fetchone()[0] == 0
        n_articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert conn.execute("SELECT sum(n_articles) FROM story_outlets").fetchone()[0] == n_articles
        assert {r[0] for r in conn.execute("SELECT status FROM facts")} <= {"reported", "claimed", "hedged"}
    assert _recorded(path) == list(enumerate(SHIPPED_NAMES, start=1))


def test_the_shipped_migrations_are_the_merged_ones_in_order() -> None:
    assert [(m.version, m.name) for m in schema.migrations()] == list(enumerate(SHIPPED_NAMES, start=1))


def test_a_fresh_database_records_every_migration_by_its_number(tmp_path: Path) -> None:
    open_store(tmp_path / "new.db").close()
    assert _recorded(tmp_path / "new.db") == list(enumerate(SHIPPED_NAMES, start=1))
    _upgrades_cleanly(tmp_path / "new.db")


def test_a_version_2_database_takes_migrations_3_4_and_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v2.db"
    shipped = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: shipped[:2])
    with open_store(path) as old:
        old.save_document(make_article(), kind="text", **sample_parts(), **VERSIONS)
        before = doc_rows(old, "doc1")
    assert _recorded(path) == [(1, "init"), (2, "stories_facts")]
    monkeypatch.undo()
    with open_store(path) as store:
        assert doc_rows(store, "doc1") == before
    _upgrades_cleanly(path)


def test_a_database_numbered_as_the_faults_branch_did_is_renumbered_and_completed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written before the merge: the same-content and story-outlet migrations as 3 and 4, and
    # no fact status. They count as applied by name; fact_status is applied after them.
    path = tmp_path / "faults.db"
    shipped = {m.name: m for m in schema.migrations()}
    apart = (
        shipped["init"],
        shipped["stories_facts"],
        schema.Migration(version=3, name="documents_same_content", sql=shipped["documents_same_content"].sql),
        schema.Migration(version=4, name="story_outlets", sql=shipped["story_outlets"].sql),
    )
    monkeypatch.setattr(schema, "migrations", lambda: apart)
    with open_store(path) as old:
        old.save_document(make_article(), kind="text", **sample_parts(), **VERSIONS)
        before = doc_rows(old, "doc1")
    assert _recorded(path) == [
        (1, "init"),
        (2, "stories_facts"),
        (3, "documents_same_content"),
        (4, "story_outlets"),
    ]
    monkeypatch.undo()
    with pytest.raises(SchemaVersionError, match="older"):
        open_store(path, readonly=True)
    with open_store(path) as store:
        assert doc_rows(store, "doc1") == before
    _upgrades_cleanly(path)
    # Opening again applies and renumbers nothing.
    with open_store(path) as store:
        assert schema.migrate(store._conn, path=str(path)) == []  # type: ignore[attr-defined]
    assert _recorded(path) == list(enumerate(SHIPPED_NAMES, start=1))
