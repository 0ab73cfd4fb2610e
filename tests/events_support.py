"""Shared by the events tests: one text in, the events stage's records out."""

from __future__ import annotations

from armswatch.models import Article, Event
from armswatch.pipeline import Processor


def article(text: str, published: str | None = None, doc_id: str = "case") -> Article:
    """A cleaned article holding ``text`` as its body, as the clean stage would hand it on."""
    return Article(
        doc_id=doc_id,
        source=f"test:{doc_id}",
        text=text,
        content_hash=f"h-{doc_id}-{hash(text)}",
        fetched_at="2025-01-01T00:00:00Z",
        published=published,
    )


def events_of(proc: Processor, text: str, published: str | None = None, doc_id: str = "case") -> list[Event]:
    """The event records the whole pipeline (mentions, then events) reads from ``text``."""
    return list(proc.read(article(text, published, doc_id))[1])
