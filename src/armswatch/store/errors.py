"""Errors raised by the store (defined in :mod:`armswatch.errors`).

Exception tree::

    StoreError                 the database cannot be opened, read or written as asked
    ├── SchemaVersionError     the file was written by a newer armswatch, or needs an upgrade
    └── StoreBusyError         another process held the write lock for longer than we wait
"""

from __future__ import annotations

from armswatch.errors import SchemaVersionError as SchemaVersionError
from armswatch.errors import StoreBusyError as StoreBusyError
from armswatch.errors import StoreError as StoreError
