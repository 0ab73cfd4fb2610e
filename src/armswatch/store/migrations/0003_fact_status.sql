-- armswatch schema, version 3: what a fact's support says (armswatch.stories.facts).
--
-- facts gain their status (reported / claimed / hedged / disputed / denied), a note that says
-- why, and who contradicts them; a fact's events may be context (a condition or a
-- prohibition, counted for nothing) besides support and contradiction; flags may be an
-- alleged breach (of a fact that is not reported by an uninvolved voice).
--
-- SQLite cannot change a CHECK constraint in place: fact_events and flags are rebuilt. The
-- triggers that name fact_events are dropped first (renaming a table re-reads every trigger,
-- and one naming a table that is briefly missing would fail) and created again after, as
-- version 2 wrote them.
-- Every fact is marked stale, so that the next update recomputes its status; facts merged
-- under version 2's looser rule are only split by `armswatch rebuild`.

ALTER TABLE facts ADD COLUMN "status" TEXT NOT NULL DEFAULT 'reported'
    CHECK ("status" IN ('reported', 'claimed', 'hedged', 'disputed', 'denied'));
ALTER TABLE facts ADD COLUMN "status_note" TEXT NOT NULL DEFAULT '';
ALTER TABLE facts ADD COLUMN "contradicted_by" TEXT NOT NULL DEFAULT '[]';

CREATE INDEX idx_facts_status ON facts ("status");

DROP TRIGGER events_bd_facts;
DROP TRIGGER articles_bd_stories;

CREATE TABLE fact_events_v3 (
    "fact_id" TEXT NOT NULL REFERENCES facts ("fact_id") ON DELETE CASCADE,
    "event_id" TEXT NOT NULL REFERENCES events ("event_id") ON DELETE CASCADE,
    "relation" TEXT NOT NULL CHECK ("relation" IN ('support', 'contradiction', 'context')),
    PRIMARY KEY ("fact_id", "event_id")
);

INSERT INTO fact_events_v3 ("fact_id", "event_id", "relation")
    SELECT "fact_id", "event_id", "relation" FROM fact_events;

DROP TABLE fact_events;

ALTER TABLE fact_events_v3 RENAME TO fact_events;

CREATE INDEX idx_fact_events_event_id ON fact_events ("event_id");

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

CREATE TABLE flags_v3 (
    "flag_id" TEXT PRIMARY KEY,
    "fact_id" TEXT NOT NULL REFERENCES facts ("fact_id") ON DELETE CASCADE,
    "regime" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "clause" TEXT NOT NULL,
    "status" TEXT NOT NULL CHECK ("status" IN ('breach', 'alleged_breach', 'potential', 'contested')),
    "reasoning" TEXT NOT NULL
);

INSERT INTO flags_v3 SELECT "flag_id", "fact_id", "regime", "resolution", "clause", "status", "reasoning"
    FROM flags;

DROP TABLE flags;

ALTER TABLE flags_v3 RENAME TO flags;

CREATE INDEX idx_flags_fact_id ON flags ("fact_id");

INSERT OR IGNORE INTO stale_facts ("fact_id") SELECT "fact_id" FROM facts;
