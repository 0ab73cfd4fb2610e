"""Every exception armswatch raises on purpose, in one tree.

Our exception hierarchy::

    ArmswatchError                   the base: catch it to catch any of ours
    ├── SourceError                  a document cannot be read (its ingest failure's message)
    ├── CleanError (ValueError)      no article text found in a document
    ├── ModelNotInstalledError (RuntimeError)
    │                                no English spaCy pipeline is installed
    ├── KBError (ValueError)         a knowledge-base file is malformed
    ├── SanctionsError (ValueError)  ``sanctions.toml`` is malformed
    ├── LexiconError (ValueError)    ``triggers.toml`` is malformed
    ├── StoreError                   the database cannot be opened, read or written as asked
    │   ├── SchemaVersionError       the file was written by a newer armswatch, or needs an upgrade
    │   └── StoreBusyError           another process held the write lock for longer than we wait
    └── ApiConfigError (ValueError)  the server cannot start with these settings

The built-in second bases are the ones each error had before the tree existed, so code that
catches ``ValueError`` or ``RuntimeError`` goes on catching them. The stages re-export their
own errors (``armswatch.kb.KBError``, ``armswatch.store.StoreError`` ...); this module is a
shared layer, like :mod:`armswatch.models`, and imports no stage.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ApiConfigError",
    "ArmswatchError",
    "CleanError",
    "KBError",
    "LexiconError",
    "ModelNotInstalledError",
    "SanctionsError",
    "SchemaVersionError",
    "SourceError",
    "StoreBusyError",
    "StoreError",
]


class ArmswatchError(Exception):
    """Base class of every exception armswatch raises on purpose."""


class SourceError(ArmswatchError):
    """A document that cannot be read; its message becomes an ingest failure's message."""


class CleanError(ArmswatchError, ValueError):
    """A document in which no article text could be found."""


class ModelNotInstalledError(ArmswatchError, RuntimeError):
    """No English spaCy pipeline is installed."""


class KBError(ArmswatchError, ValueError):
    """A knowledge-base file is malformed; the message reads ``file:line: reason``.

    ``problems`` holds every problem found, the first of which is the message.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)


class SanctionsError(ArmswatchError, ValueError):
    """``sanctions.toml`` is malformed; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(problems[0])
        self.problems = tuple(problems)


class LexiconError(ArmswatchError, ValueError):
    """``triggers.toml`` is malformed: the message names the entry and the reason."""


class StoreError(ArmswatchError):
    """The database cannot be opened, read or written as asked."""


class SchemaVersionError(StoreError):
    """The database schema version does not match what this armswatch can use."""


class StoreBusyError(StoreError):
    """Another connection held the write lock for longer than this one was willing to wait.

    Nothing was written by the attempt: running it again later loses nothing.
    ``retry_after`` is the number of seconds worth waiting before another try.
    """

    def __init__(self, message: str, *, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ApiConfigError(ArmswatchError, ValueError):
    """The server cannot start with these settings (missing database, ingest without token)."""
