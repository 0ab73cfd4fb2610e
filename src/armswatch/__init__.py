"""armswatch: an evidence-linked record of state security relations read from the news.

Notebook use::

    import armswatch
    events = armswatch.extract(page_text, published="2024-10-29")
    db = armswatch.open_db("armswatch.db")
    db.events(type="arms_transfer", source="PRK", as_frame=True)
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from armswatch.models import Event
    from armswatch.notebook import NotebookDB

from armswatch.version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__", "extract", "open_db"]


def extract(text_or_html: str, *, published: str | None = None, url: str | None = None) -> list[Event]:
    """Events of one page or text: the whole pipeline, no database."""
    from armswatch.pipeline import extract as _extract

    return _extract(text_or_html, published=published, url=url)


def open_db(path: str | Path) -> NotebookDB:
    """Open an armswatch database for reading from a notebook."""
    from armswatch.notebook import open_db as _open_db

    return _open_db(path)
