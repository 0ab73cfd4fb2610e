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


def one(evs: list[Event], etype: str, source: str, target: str | None = None) -> Event:
    """The single record of ``etype`` with ``source`` (and ``target``) among ``evs``."""
    found = [
        e for e in evs if e.type == etype and source in e.source and (target is None or target in e.target)
    ]
    assert len(found) == 1, [(e.type, e.source, e.target, e.factuality, e.date) for e in evs]
    return found[0]
