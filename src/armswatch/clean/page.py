"""The record both extractors (HTML and plain text) return to :func:`clean_document`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """What an extractor found on a page; empty ``paragraphs`` means no article body."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    page_date: str | None = None
    lang: str = "en"
