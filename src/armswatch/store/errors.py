"""Errors raised by the store.

Exception tree::

    StoreError                 the database cannot be opened, read or written as asked
    └── SchemaVersionError     the file was written by a newer armswatch, or needs an upgrade
"""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be opened, read or written as asked."""


class SchemaVersionError(StoreError):
    """The database schema version does not match what this armswatch can use."""
