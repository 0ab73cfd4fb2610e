"""armswatch: an evidence-linked record of state security relations read from the news.

Notebook use::

    import armswatch
    events = armswatch.extract(page_text, published="2024-10-29")    # [EventRecord, ...]
    db = armswatch.open_db("armswatch.db")
    db.events(type="arms_transfer", source="North Korea")            # [EventRecord, ...]
    db.facts(flagged=True, as_frame=True)                            # pandas DataFrame

``extract()`` and ``db.events()`` return the same frozen :class:`EventRecord`; ``.to_dict()``
gives its JSON-serialisable form.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from armswatch.notebook import EventRecord, NotebookDB

from armswatch.version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["EventRecord", "__version__", "extract", "open_db"]


def __getattr__(name: str) -> object:
    # The record type is imported on first use, so that ``import armswatch`` stays light.
    if name == "EventRecord":
        from armswatch.notebook import EventRecord

        return EventRecord
    raise AttributeError(f"module 'armswatch' has no attribute {name!r}")


def extract(text_or_html: str, *, published: str | None = None, url: str | None = None) -> list[EventRecord]:
    """Events of one page, article or sentence: the whole pipeline, no database.

    ``published`` (``YYYY-MM-DD`` or an ISO date-time) dates the text when it does not date
    itself; a value that is not a date is a ValueError. Returns the records ``db.events()``
    returns, with the ids the database would give them.
    """
    from armswatch.kb import load_kb
    from armswatch.notebook import records_of
    from armswatch.pipeline import extract as _extract

    events = _extract(text_or_html, published=published, url=url)
    return records_of(events, armswatch_version=__version__, kb_version=load_kb().version)


def open_db(path: str | Path) -> NotebookDB:
    """Open an armswatch database for reading from a notebook."""
    from armswatch.notebook import open_db as _open_db

    return _open_db(path)
