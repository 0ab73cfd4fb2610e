"""The store: the only package that touches SQLite.

Three types, one per concern, defined as protocols in :mod:`armswatch.store.interface` (what
the stories stage, the API and the exporters depend on) and implemented for SQLite:

* :class:`Store` (:class:`~armswatch.store.db.SQLiteStore`) owns the connection: opening,
  migrating, transactions and document writes (``save_document``, ``replace_events``,
  ``record_error``, ``set_story`` ...). It hands out the other two, the way sqlite-utils hands
  out ``Table`` objects from a ``Database``.
* :class:`Reader` (``store.read``, :class:`~armswatch.store.query.SQLiteReader`): every read,
  articles, events, mentions, facts, stories, flags.
* :class:`StoryIndex` (``with store.story_index() as index:``,
  :class:`~armswatch.store.story_index.SQLiteStoryIndex`): the primitives the stories stage
  keeps its incremental index with, one object per write transaction.

Open a database with :func:`open_store`. Column lists live in :mod:`~armswatch.store.fields`,
SQL helpers shared by the modules in :mod:`~armswatch.store.sql`. Exports are a later stage,
:mod:`armswatch.export`; the notebook view is :mod:`armswatch.notebook`.
"""

from __future__ import annotations

from armswatch.store.db import (
    BUSY_TIMEOUT_ENV,
    DEFAULT_BUSY_TIMEOUT,
    SQLiteStore,
    busy_timeout_default,
    event_id,
    open_store,
)
from armswatch.store.errors import SchemaVersionError, StoreBusyError, StoreError
from armswatch.store.fields import FACT_FIELDS, FLAG_STATUSES, STORY_FIELDS
from armswatch.store.interface import Reader, Store, StoryIndex
from armswatch.store.query import SQLiteReader, quote_fts
from armswatch.store.story_index import SQLiteStoryIndex

__all__ = [
    "BUSY_TIMEOUT_ENV",
    "DEFAULT_BUSY_TIMEOUT",
    "FACT_FIELDS",
    "FLAG_STATUSES",
    "STORY_FIELDS",
    "Reader",
    "SQLiteReader",
    "SQLiteStore",
    "SQLiteStoryIndex",
    "SchemaVersionError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoryIndex",
    "busy_timeout_default",
    "event_id",
    "open_store",
    "quote_fts",
]
