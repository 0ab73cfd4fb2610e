"""A read-only, notebook-friendly view of an armswatch database.

``open_db("armswatch.db").events(type="arms_transfer", as_frame=True)`` gives a pandas
DataFrame; without ``as_frame`` the same call gives a list of dicts. pandas is the optional
extra ``armswatch[frame]`` and is imported only when a frame is asked for.

This module sits on top, beside ``pipeline`` and ``cli``, not inside a stage: it opens a store
(which no stage does for another) and is a user's entry point (``armswatch.open_db``) rather than
a step of the data flow. Stages never import it.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import Any, Literal, overload

from armswatch.store import Store, open_store
from armswatch.store.fields import ARTICLE_FIELDS, EVENT_FIELDS

_PANDAS_HINT = "as_frame=True needs pandas: pip install 'armswatch[frame]'"


def _frame(records: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ModuleNotFoundError(_PANDAS_HINT) from exc
    return pd.DataFrame.from_records(records, columns=columns)


class NotebookDB:
    """Read-only query helpers returning lists of dicts or pandas DataFrames."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def close(self) -> None:
        """Close the underlying store."""
        self.store.close()

    def __enter__(self) -> NotebookDB:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<NotebookDB {self.store.path!r}>"

    @overload
    def events(self, *, as_frame: Literal[False] = ..., **filters: Any) -> list[dict[str, Any]]: ...
    @overload
    def events(self, *, as_frame: Literal[True], **filters: Any) -> Any: ...
    def events(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Events matching ``Reader.events`` filters, as a list of dicts or a DataFrame."""
        records = list(self.store.read.events(**filters))
        return _frame(records, list(EVENT_FIELDS)) if as_frame else records

    @overload
    def articles(self, *, as_frame: Literal[False] = ..., **filters: Any) -> list[dict[str, Any]]: ...
    @overload
    def articles(self, *, as_frame: Literal[True], **filters: Any) -> Any: ...
    def articles(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Articles matching ``Reader.articles`` filters, as a list of dicts or a DataFrame."""
        records = list(self.store.read.articles(**filters))
        return _frame(records, list(ARTICLE_FIELDS)) if as_frame else records

    @overload
    def mentions(self, doc_id: str, *, as_frame: Literal[False] = ...) -> list[dict[str, Any]]: ...
    @overload
    def mentions(self, doc_id: str, *, as_frame: Literal[True]) -> Any: ...
    def mentions(self, doc_id: str, *, as_frame: bool = False) -> Any:
        """The mentions of one document, as a list of dicts or a DataFrame."""
        records = list(self.store.read.mentions(doc_id))
        return _frame(records) if as_frame else records

    def summary(self) -> dict[str, Any]:
        """Row counts and versions (see ``Reader.summary``)."""
        return self.store.read.summary()


def open_db(path: str | Path) -> NotebookDB:
    """Open an armswatch database read-only for exploration in a notebook."""
    return NotebookDB(open_store(path, readonly=True))
