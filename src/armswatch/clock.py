"""The one clock: when something is fetched, ingested, migrated or updated.

A shared layer like :mod:`armswatch.models`: it imports no stage.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    """The current UTC time to the second, as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
