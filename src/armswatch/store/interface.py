"""What a storage backend provides: the types the rest of armswatch depends on.

Three protocols, one per concern, the way sqlite-utils hands out ``Table`` objects from a
``Database``:

* :class:`Store` owns the connection: opening state, transactions and document writes. It hands
  out the other two.
* :class:`Reader` (``store.read``) is every read: articles, events, mentions, facts, stories,
  flags. Its records are plain dicts with JSON lists decoded.
* :class:`StoryIndex` (``with store.story_index() as index:``) holds the primitives the stories
  stage keeps its incremental index with; one object is one write transaction, so that an
  article's stories, links, facts and flags are committed together.

The SQLite classes (:mod:`armswatch.store.db`, :mod:`~armswatch.store.query`,
:mod:`~armswatch.store.story_index`) implement these; another backend implements the same three
and nothing outside the store has to change. Nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Protocol

from armswatch.models import Article, Event, IngestFailure, Mention, ParsedArticle, Sentence


class Reader(Protocol):
    """Every read of the store: filtered, streaming queries in a stable order.

    Date filters (``since``/``until``) accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and compare on
    the common prefix of bound and stored date; rows without a date are left out whenever a date
    filter is given. ``limit`` < 0 raises ValueError.
    """

    def has_content(self, content_hash: str) -> bool:
        """True when a document with this content hash is already stored."""
        ...

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """True when ``doc_id`` is stored with exactly this content."""
        ...

    def articles(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        q: str | None = None,
        raw_fts: bool = False,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Articles (with their document's source and hashes), by doc_id or by search rank."""
        ...

    def events(
        self,
        *,
        type: str | None = None,
        source: str | None = None,
        target: str | None = None,
        actor: str | None = None,
        weapon: str | None = None,
        factuality: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Events matching every filter given, ordered by doc_id, evidence_start, type."""
        ...

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event by id, or None."""
        ...

    def sentences(self, doc_id: str) -> Iterator[dict[str, Any]]:
        """The sentences of a document in order."""
        ...

    def mentions(self, doc_id: str) -> Iterator[dict[str, Any]]:
        """The mentions of a document in text order, ``members`` decoded."""
        ...

    def errors(self) -> Iterator[dict[str, Any]]:
        """Recorded ingest errors, oldest first."""
        ...

    def summary(self) -> dict[str, Any]:
        """Row counts, article counts per outlet, event counts per type, and versions."""
        ...

    def load_articles(self, *, doc_ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Stored articles as ``Article`` records, in doc_id order unless ids are given."""
        ...

    def load_parsed_articles(self, *, doc_ids: Iterable[str] | None = None) -> Iterator[ParsedArticle]:
        """Stored articles with their stored sentences and mentions."""
        ...

    def facts(
        self,
        *,
        type: str | None = None,
        source: str | None = None,
        target: str | None = None,
        actor: str | None = None,
        weapon: str | None = None,
        factuality: str | None = None,
        since: str | None = None,
        until: str | None = None,
        flagged: bool | None = None,
        story_id: str | None = None,
        status: str | None = None,
        outlet: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[dict[str, Any]]:
        """Facts, most corroborated first, each with its ``flags``."""
        ...

    def fact(self, fact_id: str) -> dict[str, Any] | None:
        """One fact with its ``flags`` and all its ``events``, or None."""
        ...

    def fact_members(self, fact_id: str, *, event_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """The events of a fact (oldest report first) with their article and relation.

        ``event_ids`` reads only those members.
        """
        ...

    def stories(self, *, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Stories, latest first."""
        ...

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story with its ``articles`` and ``facts``, or None."""
        ...

    def flags(self, *, status: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Sanctions flags with their fact's type, parties, date and corroboration."""
        ...

    def near_duplicates(self) -> Iterator[dict[str, Any]]:
        """Article links (copy, original, similarity, kind), by copy doc_id."""
        ...


class StoryIndex(Protocol):
    """The stories stage's index primitives, bound to one open write transaction.

    Nothing here decides what is a story or a fact: that is ``armswatch.stories``.
    """

    @property
    def read(self) -> Reader:
        """Reads that see this transaction's writes."""
        ...

    @property
    def epoch(self) -> int:
        """A number that stays the same while nothing but this store object writes the store.

        Indexes of one transaction share it, and so do those of later transactions when no
        other connection committed in between: what a caller read through one index stays
        true for every index with the same number.
        """
        ...

    def pending_articles(self, *, limit: int | None = None) -> list[str]:
        """Articles the index has not seen yet, oldest publication first (undated last).

        ``limit`` gives the first ``limit`` of them.
        """
        ...

    def story_input(self, doc_id: str) -> dict[str, Any]:
        """Title, body, publication date, outlet and current story of one article."""
        ...

    def count_terms(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """Count one more article holding ``terms``; return the article count and their frequencies."""
        ...

    def sketch_matches(self, buckets: Sequence[int]) -> list[tuple[str, bytes, str | None]]:
        """Articles sharing an LSH bucket: (doc_id, signature, published)."""
        ...

    def save_sketch(
        self,
        doc_id: str,
        *,
        day: int | None,
        signature: bytes,
        buckets: Sequence[int],
        terms: Mapping[str, float],
    ) -> None:
        """Record an article as seen: its signature, LSH buckets, day and term vector."""
        ...

    def original_of(self, doc_id: str) -> str | None:
        """The article ``doc_id`` is a near-duplicate of, or None."""
        ...

    def link_duplicate(self, doc_id: str, original: str, similarity: float) -> None:
        """Mark ``doc_id`` a near-duplicate of ``original`` (and move copies of ``doc_id`` along)."""
        ...

    def facts_of_documents(self, doc_ids: Iterable[str]) -> list[str]:
        """Facts holding an event of any of these documents."""
        ...

    def copies_of(self, doc_id: str) -> list[str]:
        """Articles linked as near-duplicates of ``doc_id``."""
        ...

    def story_postings(
        self, terms: Sequence[str], *, day: int | None, window: int, per_term: int
    ) -> list[tuple[str, str]]:
        """(term, story_id) of stories an article near ``day`` posted ``term`` in."""
        ...

    def post_terms(self, story_id: str, terms: Iterable[str], *, day: int | None) -> None:
        """Index ``terms`` of an article that joined ``story_id`` under the article's week."""
        ...

    def story_state(self, story_id: str) -> dict[str, Any] | None:
        """A story's centroid (term -> weight), norm, member count and day span, or None."""
        ...

    def save_story_state(
        self,
        story_id: str,
        *,
        vector: Mapping[str, float],
        norm: float,
        n_members: int,
        first_day: int | None,
        last_day: int | None,
        recent: Sequence[Mapping[str, float]] = (),
    ) -> None:
        """Create the story if new and store its centroid, latest members' vectors and day span."""
        ...

    def member_vectors(self, story_id: str) -> list[tuple[str, int | None, dict[str, float]]]:
        """(doc_id, day, term vector) of a story's articles, for recomputing its centroid."""
        ...

    def assign_story(self, doc_id: str, story_id: str | None) -> None:
        """Set the story of one article."""
        ...

    def refresh_story(self, story_id: str) -> bool:
        """Recount a story's articles, outlets, dates and label; drop it when empty."""
        ...

    def fact_candidates(
        self,
        keys: Sequence[str],
        prefixes: Sequence[str] = (),
        *,
        years: tuple[int, int] | None = None,
        days: tuple[int, int] | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]:
        """Facts holding any lookup key in ``keys`` or starting with a prefix in ``prefixes``."""
        ...

    def attach_event(self, fact_id: str, type: str, event_id: str, relation: str) -> None:
        """Add an event to a fact, creating a placeholder fact if the fact is new."""
        ...

    def fact_type(self, fact_id: str) -> str | None:
        """The event type of a fact, or None for an unknown fact."""
        ...

    def save_fact(
        self,
        fact: Mapping[str, Any],
        *,
        relations: Mapping[str, str],
        flags: Sequence[Mapping[str, str]],
        keys: Iterable[str] = (),
        first_day: int | None = None,
        last_day: int | None = None,
    ) -> None:
        """Write a fact's aggregate, lookup keys, actors, its events' relations and its flags."""
        ...

    def delete_fact(self, fact_id: str) -> None:
        """Remove a fact that no event supports any more."""
        ...

    def take_stale(self) -> tuple[list[str], list[str]]:
        """Facts and stories left stale by writes outside the stories stage; clears the lists."""
        ...

    def clear_stories(self) -> None:
        """Empty every story, link, fact, flag and index table (before a rebuild)."""
        ...


class Store(Protocol):
    """An open armswatch database: document writes, and the reader and story index it hands out."""

    @property
    def path(self) -> str:
        """The database as it was given to the opener."""
        ...

    @property
    def readonly(self) -> bool:
        """True when opened read-only."""
        ...

    @property
    def schema_version(self) -> int:
        """The highest migration version applied to this database."""
        ...

    @property
    def read(self) -> Reader:
        """Every read of this database."""
        ...

    def story_index(self) -> AbstractContextManager[StoryIndex]:
        """One write transaction of the stories stage's index, committed when the block ends."""
        ...

    def atomic(self) -> AbstractContextManager[None]:
        """One write transaction around a block: its writes commit together or not at all.

        Readers see the old state until the block ends; writes inside nest in it.
        """
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads of the block see one consistent state of the store."""
        ...

    def close(self) -> None:
        """Close the connection (idempotent)."""
        ...

    def __enter__(self) -> Store: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def save_document(
        self,
        article: Article,
        *,
        kind: str,
        sentences: Sequence[Sentence] = (),
        mentions: Sequence[Mention] = (),
        events: Sequence[Event] = (),
        armswatch_version: str,
        kb_version: str,
    ) -> bool:
        """Write one document with everything read from it, replacing any earlier version."""
        ...

    def replace_events(
        self, doc_id: str, events: Sequence[Event], *, armswatch_version: str, kb_version: str
    ) -> int:
        """Replace the events of a stored document; return how many were written."""
        ...

    def record_error(self, error: IngestFailure) -> None:
        """Log a document that could not be read or cleaned."""
        ...

    def set_story(self, doc_id: str, story: str | None) -> None:
        """Assign a document to a story (None clears it); KeyError for an unknown doc_id."""
        ...

    def set_stories(self, stories: Mapping[str, str | None]) -> int:
        """Assign many documents to stories in one transaction; KeyError if any doc_id is unknown."""
        ...

    def rebuild_fts(self) -> None:
        """Rebuild the full-text index from the articles table."""
        ...
