-- armswatch schema, version 4.
-- The same text under two doc_ids is two reports (one wire story carried by two outlets), not
-- one document: content_hash stops being unique, and stays indexed for the unchanged check.
-- SQLite cannot drop a UNIQUE constraint, so the table is rebuilt (foreign keys are off while
-- migrations run, so dropping the old table cascades into nothing).

CREATE TABLE documents_new (
    "doc_id" TEXT PRIMARY KEY,
    "source" TEXT NOT NULL,
    "url" TEXT,
    "kind" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "fetched_at" TEXT,
    "ingested_at" TEXT NOT NULL
);

INSERT INTO documents_new ("doc_id", "source", "url", "kind", "content_hash", "fetched_at", "ingested_at")
    SELECT "doc_id", "source", "url", "kind", "content_hash", "fetched_at", "ingested_at" FROM documents;

DROP TABLE documents;

ALTER TABLE documents_new RENAME TO documents;

CREATE INDEX idx_documents_content_hash ON documents ("content_hash");
