"""A read-only, notebook-friendly view of an armswatch database, and the public event record.

``open_db("armswatch.db")`` reaches everything the product serves: events, articles, mentions,
facts, sanctions flags, stories, actors and the actor network. Every list takes the filters
of the CLI and the API as keyword arguments (values checked as the CLI checks them, so
``source="North Korea"`` works and ``type="arms_transfers"`` is a ValueError; an unknown
keyword is a TypeError naming the valid ones) and ``as_frame=True`` for a pandas DataFrame
(the optional extra ``armswatch[frame]``, imported only when a frame is asked for).

Events are :class:`EventRecord` values everywhere: ``armswatch.extract()`` and
``db.events()`` return the same frozen record (an :class:`armswatch.models.Event` with its id
and the versions that read it), and ``record.to_dict()`` gives its JSON-serialisable form.
Facts, stories, flags and actors are dicts, as the API serves them.

Threads: one handle may be shared by threads. SQLite connections cannot cross threads, so the
handle opens one read-only connection per thread that uses it; ``close()`` closes the opening
thread's and ends the handle for all (a thread's own connection closes when the thread ends).

This module sits on top, beside ``pipeline`` and ``cli``, not inside a stage: it opens a store
(which no stage does for another) and is a user's entry point (``armswatch.open_db``) rather than
a step of the data flow. Stages never import it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from types import TracebackType
from typing import Any

from armswatch.filters import FACT_VOCABULARIES, VOCABULARIES, check_filters
from armswatch.models import Event
from armswatch.store import Reader, Store, event_id, open_store
from armswatch.store.fields import ARTICLE_FIELDS, EVENT_FIELDS, EVENT_LIST_FIELDS

_PANDAS_HINT = "as_frame=True needs pandas: pip install 'armswatch[frame]'"

_EVENT_FILTERS = ("type", "source", "target", "actor", "weapon", "factuality", "since", "until")


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRecord(Event):
    """One event as armswatch reports it: the contract's record, its id, and the versions that read it.

    What both ``armswatch.extract()`` and ``db.events()`` return. Lists are tuples (the record is
    frozen); :meth:`to_dict` gives lists, ready for ``json.dumps``.
    """

    event_id: str
    armswatch_version: str
    kb_version: str

    def to_dict(self) -> dict[str, Any]:
        """The record as a JSON-serialisable dict, in the column order of the store and the API."""
        return {
            name: list(getattr(self, name)) if name in EVENT_LIST_FIELDS else getattr(self, name)
            for name in EVENT_FIELDS
        }

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> EventRecord:
        """The record of a stored event (a ``Reader.events`` dict)."""
        names = {f.name for f in fields(cls)}
        values: dict[str, Any] = {
            k: tuple(v) if k in EVENT_LIST_FIELDS else v for k, v in record.items() if k in names
        }
        return cls(**values)


def records_of(events: Iterable[Event], *, armswatch_version: str, kb_version: str) -> list[EventRecord]:
    """``events`` of one document as records, with the ids the store would give them."""
    out: list[EventRecord] = []
    used: set[str] = set()
    for event in events:
        occurrence = 1
        eid = event_id(event)
        while eid in used:
            occurrence += 1
            eid = event_id(event, occurrence=occurrence)
        used.add(eid)
        values = {f.name: getattr(event, f.name) for f in fields(Event)}
        out.append(
            EventRecord(**values, event_id=eid, armswatch_version=armswatch_version, kb_version=kb_version)
        )
    return out


def _frame(records: list[dict[str, Any]], columns: list[str] | None = None) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ModuleNotFoundError(_PANDAS_HINT) from exc
    return pd.DataFrame.from_records(records, columns=columns)


def _checked(
    method: str,
    given: Mapping[str, Any],
    valid: Iterable[str],
    vocabularies: Mapping[str, Sequence[str]] = VOCABULARIES,
) -> dict[str, Any]:
    """The filters of ``method`` checked; an unknown name is a TypeError listing the valid ones."""
    allowed = tuple(valid)
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise TypeError(f"{method}() got unknown filter {names}; valid filters: {', '.join(allowed)}")
    return check_filters(given, vocabularies=vocabularies)


class NotebookDB:
    """Read-only queries returning records, dicts or pandas DataFrames (``as_frame=True``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._path = store.path
        self._lock = threading.Lock()
        self._owner = threading.get_ident()
        self._others: list[Store] = []
        self._local = threading.local()
        self._closed = False

    @property
    def read(self) -> Reader:
        """The reader of this thread's connection (opened on a thread's first use)."""
        if self._closed:
            raise ValueError("this database handle is closed")
        if threading.get_ident() == self._owner:
            return self.store.read
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self._path, readonly=True)
            self._local.store = store
            with self._lock:
                self._others.append(store)
        return store.read

    def close(self) -> None:
        """Close every connection of this handle."""
        self._closed = True
        self.store.close()
        with self._lock:
            others, self._others = self._others, []
        for store in others:
            # SQLite lets only the opening thread close a connection; another thread's
            # connection is closed when that thread ends and drops it.
            try:
                store.close()
            except Exception:
                continue

    def __enter__(self) -> NotebookDB:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<NotebookDB {self._path!r}>"

    # --- events, articles, mentions ----------------------------------------------------------

    def events(self, *, as_frame: bool = False, limit: int | None = None, **filters: Any) -> Any:
        """Events matching every filter (type, source, target, actor, weapon, factuality, since,
        until, doc_id), as :class:`EventRecord` values or a DataFrame."""
        checked = _checked("events", filters, (*_EVENT_FILTERS, "doc_id"))
        rows = list(self.read.events(limit=limit, **checked))
        if as_frame:
            return _frame(rows, list(EVENT_FIELDS))
        return [EventRecord.from_dict(row) for row in rows]

    def event(self, event_id: str) -> EventRecord | None:
        """One event by id, or None."""
        row = self.read.event(event_id)
        return None if row is None else EventRecord.from_dict(row)

    def articles(self, *, as_frame: bool = False, limit: int | None = None, **filters: Any) -> Any:
        """Articles matching every filter (q, outlet, since, until), as dicts or a DataFrame."""
        checked = _checked("articles", filters, ("q", "outlet", "since", "until"))
        records = list(self.read.articles(limit=limit, **checked))
        return _frame(records, list(ARTICLE_FIELDS)) if as_frame else records

    def mentions(self, doc_id: str, *, as_frame: bool = False) -> Any:
        """The mentions of one document, as a list of dicts or a DataFrame."""
        records = list(self.read.mentions(doc_id))
        return _frame(records) if as_frame else records

    # --- facts, flags, stories -----------------------------------------------------------------

    def facts(self, *, as_frame: bool = False, limit: int | None = None, **filters: Any) -> Any:
        """Facts, most corroborated first, matching every filter (the event filters, flagged,
        status, story_id, outlet: one of the fact's reports from that outlet), each with its
        ``flags``; as dicts or a DataFrame."""
        checked = _checked(
            "facts", filters, (*_EVENT_FILTERS, "flagged", "status", "story_id", "outlet"), FACT_VOCABULARIES
        )
        records = list(self.read.facts(limit=limit, **checked))
        return _frame(records) if as_frame else records

    def fact(self, fact_id: str) -> dict[str, Any] | None:
        """One fact with its flags and every supporting and contradicting event, or None."""
        return self.read.fact(fact_id)

    def flags(self, *, as_frame: bool = False, limit: int | None = None, **filters: Any) -> Any:
        """Sanctions flags (filters: status, regime) with their fact's parties and date."""
        checked = _checked("flags", filters, ("status", "regime"))
        regime = checked.pop("regime", None)
        records = [f for f in self.read.flags(**checked) if regime is None or f["regime"] == regime]
        records = records[:limit] if limit is not None else records
        return _frame(records) if as_frame else records

    def stories(self, *, as_frame: bool = False, limit: int | None = None) -> Any:
        """Stories (articles about one happening across outlets), latest first."""
        records = list(self.read.stories(limit=limit))
        return _frame(records) if as_frame else records

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story with its articles and facts, or None."""
        return self.read.story(story_id)

    # --- actors and network --------------------------------------------------------------------

    def actors(self, *, as_frame: bool = False, **filters: Any) -> Any:
        """Actors named by facts or events, most facts first (filters: q, kind)."""
        from armswatch.api.aggregate import actor_index

        checked = _checked("actors", filters, ("q", "kind"))
        records = actor_index(self._path).actors()
        if "q" in checked:
            needle = str(checked["q"]).casefold()
            records = [
                a for a in records if needle in a["actor_id"].casefold() or needle in a["name"].casefold()
            ]
        if "kind" in checked:
            records = [a for a in records if a["kind"] == checked["kind"]]
        return _frame(records) if as_frame else records

    def actor(self, actor: str) -> dict[str, Any] | None:
        """One actor (an id in any case, or a name the KB knows) with its relations, or None."""
        from armswatch.api.aggregate import actor_index

        actor_id = check_filters({"actor": actor})["actor"]
        return actor_index(self._path).actor(actor_id)

    def network(
        self, *, basis: str = "auto", min_weight: int = 1, max_edges: int = 500, **filters: Any
    ) -> dict[str, Any]:
        """The actor network: ``nodes`` and typed, weighted ``edges`` (filters: type, actor,
        weapon, factuality, since, until); ``basis`` facts, events or auto."""
        from armswatch.api.aggregate import kb_actor_names, network

        if basis not in ("auto", "facts", "events"):
            raise ValueError(f"basis must be auto, facts or events, not {basis!r}")
        checked = _checked("network", filters, ("type", "actor", "weapon", "factuality", "since", "until"))
        return network(
            self.read,
            names=kb_actor_names(),
            basis=basis,
            min_weight=min_weight,
            max_edges=max_edges,
            **checked,
        )

    def summary(self) -> dict[str, Any]:
        """Row counts and versions (see ``Reader.summary``)."""
        return self.read.summary()


def open_db(path: str | Path) -> NotebookDB:
    """Open an armswatch database read-only for exploration in a notebook (or a script)."""
    return NotebookDB(open_store(path, readonly=True))
