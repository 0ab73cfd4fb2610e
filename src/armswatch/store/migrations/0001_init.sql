-- armswatch schema, version 1.
-- Plain tables with explicit primary keys and declared foreign keys, ISO-8601 dates as
-- text and lists as JSON text (mirrored in junction tables for facets), so that
-- `datasette armswatch.db` shows labels, links and search without configuration.

CREATE TABLE meta (
    "key" TEXT PRIMARY KEY,
    "value" TEXT
);

INSERT INTO meta ("key", "value") VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TABLE documents (
    "doc_id" TEXT PRIMARY KEY,
    "source" TEXT NOT NULL,
    "url" TEXT,
    "kind" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL UNIQUE,
    "fetched_at" TEXT,
    "ingested_at" TEXT NOT NULL
);

CREATE TABLE articles (
    "doc_id" TEXT PRIMARY KEY REFERENCES documents ("doc_id") ON DELETE CASCADE,
    "title" TEXT,
    "published" TEXT,
    "published_evidence" TEXT,
    "page_date" TEXT,
    "outlet" TEXT,
    "url" TEXT,
    "body" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "story" TEXT
);

CREATE INDEX idx_articles_published ON articles ("published");
CREATE INDEX idx_articles_outlet ON articles ("outlet");

-- External-content FTS5 in the layout sqlite-utils `enable_fts` creates, so that Datasette
-- detects it and `sqlite-utils rebuild-fts` works on it.
CREATE VIRTUAL TABLE [articles_fts] USING FTS5 ([title], [body], content=[articles]);

CREATE TRIGGER [articles_ai] AFTER INSERT ON [articles] BEGIN
    INSERT INTO [articles_fts] (rowid, [title], [body]) VALUES (new.rowid, new.[title], new.[body]);
END;

CREATE TRIGGER [articles_ad] AFTER DELETE ON [articles] BEGIN
    INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [body])
        VALUES ('delete', old.rowid, old.[title], old.[body]);
END;

CREATE TRIGGER [articles_au] AFTER UPDATE ON [articles] BEGIN
    INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [body])
        VALUES ('delete', old.rowid, old.[title], old.[body]);
    INSERT INTO [articles_fts] (rowid, [title], [body]) VALUES (new.rowid, new.[title], new.[body]);
END;

CREATE TABLE sentences (
    "doc_id" TEXT NOT NULL REFERENCES articles ("doc_id") ON DELETE CASCADE,
    "idx" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY ("doc_id", "idx")
);

CREATE TABLE mentions (
    "id" INTEGER PRIMARY KEY,
    "doc_id" TEXT NOT NULL REFERENCES articles ("doc_id") ON DELETE CASCADE,
    "kind" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "value" TEXT,
    "sentence" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "entity" TEXT,
    "members" TEXT NOT NULL DEFAULT '[]'
);

CREATE INDEX idx_mentions_doc_id ON mentions ("doc_id");
CREATE INDEX idx_mentions_value ON mentions ("kind", "value");

CREATE TABLE events (
    "event_id" TEXT PRIMARY KEY,
    "doc_id" TEXT NOT NULL REFERENCES articles ("doc_id") ON DELETE CASCADE,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '[]',
    "target" TEXT NOT NULL DEFAULT '[]',
    "weapons" TEXT NOT NULL DEFAULT '[]',
    "factuality" TEXT NOT NULL,
    "attributed_to" TEXT,
    "date" TEXT,
    "location" TEXT,
    "evidence" TEXT NOT NULL,
    "evidence_start" INTEGER NOT NULL,
    "evidence_end" INTEGER NOT NULL,
    "plover_code" TEXT NOT NULL DEFAULT '',
    "plover_mode" TEXT NOT NULL DEFAULT '',
    "confidence" REAL NOT NULL,
    "rule" TEXT NOT NULL DEFAULT '',
    "trigger" TEXT NOT NULL DEFAULT '',
    "quantities" TEXT NOT NULL DEFAULT '[]',
    "armswatch_version" TEXT NOT NULL,
    "kb_version" TEXT NOT NULL
);

CREATE INDEX idx_events_doc_id ON events ("doc_id");
CREATE INDEX idx_events_type ON events ("type");
CREATE INDEX idx_events_date ON events ("date");

CREATE TABLE event_actors (
    "event_id" TEXT NOT NULL REFERENCES events ("event_id") ON DELETE CASCADE,
    "actor_id" TEXT NOT NULL,
    "role" TEXT NOT NULL CHECK ("role" IN ('source', 'target', 'attributed_to')),
    PRIMARY KEY ("event_id", "actor_id", "role")
);

CREATE INDEX idx_event_actors_actor_id ON event_actors ("actor_id", "role");

CREATE TABLE event_weapons (
    "event_id" TEXT NOT NULL REFERENCES events ("event_id") ON DELETE CASCADE,
    "category" TEXT NOT NULL,
    PRIMARY KEY ("event_id", "category")
);

CREATE INDEX idx_event_weapons_category ON event_weapons ("category");

CREATE TABLE ingest_errors (
    "id" INTEGER PRIMARY KEY,
    "source" TEXT NOT NULL,
    "doc_id" TEXT,
    "message" TEXT NOT NULL,
    "at" TEXT NOT NULL
);
