-- armswatch schema, version 2: stories, near-duplicate links, corroborated facts and
-- sanctions flags (written by armswatch.stories), plus the indexes that keep their
-- incremental update from scanning the database.
--
-- The first five tables are the published contract (API, dashboard, Datasette); the
-- story_* / article_sketches / minhash_bands / term_df / stale_* tables are the
-- incremental index and may change between versions: `armswatch rebuild` refills them.

CREATE TABLE stories (
    "story_id" TEXT PRIMARY KEY,
    "label" TEXT,
    "first_published" TEXT,
    "last_published" TEXT,
    "n_articles" INTEGER NOT NULL DEFAULT 0,
    "n_outlets" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TEXT NOT NULL
);

CREATE INDEX idx_articles_story ON articles ("story");

CREATE TABLE article_links (
    "doc_id" TEXT PRIMARY KEY REFERENCES articles ("doc_id") ON DELETE CASCADE,
    "original_doc_id" TEXT NOT NULL REFERENCES articles ("doc_id") ON DELETE CASCADE,
    "similarity" REAL NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'near_duplicate'
);

CREATE INDEX idx_article_links_original ON article_links ("original_doc_id");

CREATE TABLE facts (
    "fact_id" TEXT PRIMARY KEY,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '[]',
    "target" TEXT NOT NULL DEFAULT '[]',
    "weapons" TEXT NOT NULL DEFAULT '[]',
    "factuality" TEXT NOT NULL,
    "weakest_factuality" TEXT NOT NULL,
    "date" TEXT,
    "first_reported" TEXT,
    "last_reported" TEXT,
    "n_events" INTEGER NOT NULL,
    "n_outlets" INTEGER NOT NULL,
    "n_contradictions" INTEGER NOT NULL DEFAULT 0,
    "story_id" TEXT REFERENCES stories ("story_id") ON DELETE SET NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "updated_at" TEXT NOT NULL
);

CREATE INDEX idx_facts_type ON facts ("type");
CREATE INDEX idx_facts_n_outlets ON facts ("n_outlets");
CREATE INDEX idx_facts_story_id ON facts ("story_id");

CREATE TABLE fact_events (
    "fact_id" TEXT NOT NULL REFERENCES facts ("fact_id") ON DELETE CASCADE,
    "event_id" TEXT NOT NULL REFERENCES events ("event_id") ON DELETE CASCADE,
    "relation" TEXT NOT NULL CHECK ("relation" IN ('support', 'contradiction')),
    PRIMARY KEY ("fact_id", "event_id")
);

CREATE INDEX idx_fact_events_event_id ON fact_events ("event_id");

CREATE TABLE fact_actors (
    "fact_id" TEXT NOT NULL REFERENCES facts ("fact_id") ON DELETE CASCADE,
    "actor_id" TEXT NOT NULL,
    "role" TEXT NOT NULL CHECK ("role" IN ('source', 'target')),
    PRIMARY KEY ("fact_id", "actor_id", "role")
);

CREATE INDEX idx_fact_actors_actor_id ON fact_actors ("actor_id");

CREATE TABLE flags (
    "flag_id" TEXT PRIMARY KEY,
    "fact_id" TEXT NOT NULL REFERENCES facts ("fact_id") ON DELETE CASCADE,
    "regime" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "clause" TEXT NOT NULL,
    "status" TEXT NOT NULL CHECK ("status" IN ('breach', 'potential', 'contested')),
    "reasoning" TEXT NOT NULL
);

CREATE INDEX idx_flags_fact_id ON flags ("fact_id");

-- Incremental index. One row per processed article: its MinHash signature, its weighted
-- salient terms (JSON object) and its day number (NULL when the article has no date).
CREATE TABLE article_sketches (
    "doc_id" TEXT PRIMARY KEY REFERENCES articles ("doc_id") ON DELETE CASCADE,
    "day" INTEGER,
    "signature" BLOB NOT NULL,
    "terms" TEXT NOT NULL DEFAULT '{}'
);

-- LSH buckets of the signatures: one row per band, keyed by a hash of band number and values.
-- Insert-only: a bucket of a deleted or rewritten article only yields a candidate that the
-- signature comparison (against article_sketches) then rejects.
CREATE TABLE minhash_bands (
    "bucket" INTEGER NOT NULL,
    "doc_id" TEXT NOT NULL,
    PRIMARY KEY ("bucket", "doc_id")
) WITHOUT ROWID;

-- How many processed articles contain each salient term (for IDF weights); the number of
-- processed articles is meta 'stories_n_docs'. Both only grow: a re-ingested article counts
-- again, a drift that `armswatch rebuild` clears.
CREATE TABLE term_df (
    "term" TEXT PRIMARY KEY,
    "df" INTEGER NOT NULL
) WITHOUT ROWID;

-- Story centroids (term -> weight as JSON, cut to the heaviest terms), the vectors of the
-- latest members (JSON list) and the day span (day numbers, NULL when undated).
CREATE TABLE story_state (
    "story_id" TEXT PRIMARY KEY REFERENCES stories ("story_id") ON DELETE CASCADE,
    "first_day" INTEGER,
    "last_day" INTEGER,
    "norm" REAL NOT NULL,
    "n_members" INTEGER NOT NULL,
    "vector" TEXT NOT NULL DEFAULT '{}',
    "recent" TEXT NOT NULL DEFAULT '[]'
);

-- The inverted index: each article posts its heaviest terms under its week (-1 when undated),
-- so one range scan per term finds the stories active around a day. Insert-only; postings of
-- a story that no longer exists are skipped when read.
CREATE TABLE story_postings (
    "term" TEXT NOT NULL,
    "week" INTEGER NOT NULL,
    "story_id" TEXT NOT NULL,
    PRIMARY KEY ("term", "week", "story_id")
) WITHOUT ROWID;

-- Lookup keys of facts (type and a pair of parties, see armswatch.stories.facts.fact_keys),
-- with the fact's year (-1 when undated) and report days, so that an event finds the facts it
-- may belong to with a few index range scans.
CREATE TABLE fact_keys (
    "key" TEXT NOT NULL,
    "fact_id" TEXT NOT NULL REFERENCES facts ("fact_id") ON DELETE CASCADE,
    "year" INTEGER NOT NULL,
    "first_day" INTEGER,
    "last_day" INTEGER,
    PRIMARY KEY ("key", "fact_id")
) WITHOUT ROWID;

CREATE INDEX idx_fact_keys_fact_id ON fact_keys ("fact_id");

-- Work left by writes that bypass armswatch.stories (a re-ingested document, replaced events):
-- the next update recomputes these facts and stories.
CREATE TABLE stale_facts (
    "fact_id" TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE stale_stories (
    "story_id" TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Articles the story index has not seen yet: filled on insert, emptied as they are placed,
-- so that an update finds new work without scanning all articles.
CREATE TABLE stories_pending (
    "doc_id" TEXT PRIMARY KEY
) WITHOUT ROWID;

INSERT INTO stories_pending ("doc_id") SELECT "doc_id" FROM articles;

CREATE TRIGGER articles_ai_stories AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO stories_pending ("doc_id") VALUES (new."doc_id");
END;

-- BEFORE triggers, so that they work whether or not the connection enforces foreign keys.
CREATE TRIGGER events_bd_facts BEFORE DELETE ON events BEGIN
    INSERT OR IGNORE INTO stale_facts ("fact_id")
        SELECT "fact_id" FROM fact_events WHERE "event_id" = old."event_id";
    DELETE FROM fact_events WHERE "event_id" = old."event_id";
END;

CREATE TRIGGER articles_bd_stories BEFORE DELETE ON articles BEGIN
    INSERT OR IGNORE INTO stale_stories ("story_id")
        SELECT old."story" WHERE old."story" IS NOT NULL;
    INSERT OR IGNORE INTO stale_facts ("fact_id")
        SELECT fe."fact_id" FROM fact_events fe JOIN events e ON e."event_id" = fe."event_id"
        WHERE e."doc_id" IN (SELECT "doc_id" FROM article_links WHERE "original_doc_id" = old."doc_id");
    DELETE FROM article_links WHERE "doc_id" = old."doc_id" OR "original_doc_id" = old."doc_id";
    DELETE FROM article_sketches WHERE "doc_id" = old."doc_id";
END;

-- Assigning stories updates articles.story for every article; re-indexing its title and body
-- in FTS each time would double the cost of ingest, so the update trigger now fires only when
-- title or body change (same statements as in version 1).
DROP TRIGGER [articles_au];

CREATE TRIGGER [articles_au] AFTER UPDATE OF [title], [body] ON [articles] BEGIN
    INSERT INTO [articles_fts] ([articles_fts], rowid, [title], [body])
        VALUES ('delete', old.rowid, old.[title], old.[body]);
    INSERT INTO [articles_fts] (rowid, [title], [body]) VALUES (new.rowid, new.[title], new.[body]);
END;
