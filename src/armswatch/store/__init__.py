"""The store: the only package that touches SQLite.

Open a database with :func:`open_store` (pipeline, API) or :func:`open_db` (read-only, for
notebooks); write documents with ``Store.save_document``; read with ``Store.articles`` /
``Store.events``; export with :func:`export_articles` / :func:`export_events`.
"""

from __future__ import annotations

from armswatch.store.db import DEFAULT_BUSY_TIMEOUT, Store, event_id, open_store
from armswatch.store.errors import SchemaVersionError, StoreError
from armswatch.store.export import FORMATS, export_articles, export_events
from armswatch.store.facts import FACT_FIELDS, FLAG_STATUSES, STORY_FIELDS
from armswatch.store.notebook import NotebookDB, open_db
from armswatch.store.query import quote_fts

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "FACT_FIELDS",
    "FLAG_STATUSES",
    "FORMATS",
    "STORY_FIELDS",
    "NotebookDB",
    "SchemaVersionError",
    "Store",
    "StoreError",
    "event_id",
    "export_articles",
    "export_events",
    "open_db",
    "open_store",
    "quote_fts",
]
