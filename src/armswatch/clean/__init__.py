"""Clean stage: RawDoc -> Article (main text, title, outlet, publication date).

HTML goes through trafilatura after known furniture is pruned from the tree
(:mod:`armswatch.clean.html`); plain-text pages go through the block segmenter
(:mod:`armswatch.clean.text`). Values the container stated (a feed's title, a JSONL
``published`` field) win over what is read from the page. The stage never rewrites
words: ``Article.text`` is the source text with whitespace normalised, so that offsets
computed later point at the words the outlet printed.
"""

from __future__ import annotations

from armswatch.clean.dates import date_from_machine
from armswatch.clean.errors import CleanError
from armswatch.clean.html import extract_html
from armswatch.clean.outlet import tidy_outlet
from armswatch.clean.page import Page
from armswatch.clean.text import segment_text
from armswatch.models import Article, RawDoc
from armswatch.sources import looks_like_html

__all__ = ["CleanError", "clean_document"]


def _page(raw: RawDoc) -> Page:
    # A ".txt" may be a saved web page; one with a few stray tags is still a text.
    if raw.kind == "html" or looks_like_html(raw.content, whole_page=True):
        return extract_html(raw.content, url=raw.url)
    return segment_text(raw.content)


def clean_document(raw: RawDoc) -> Article:
    """Clean one document into an Article; raises CleanError when no article text is found."""
    page = _page(raw)
    if not page.paragraphs:
        raise CleanError(f"{raw.doc_id}: no article text found in {raw.kind} document {raw.source}")
    published, evidence = page.published, page.published_evidence
    given = date_from_machine(raw.published) if raw.published else None
    if given:
        published, evidence = given, "given"
    return Article(
        doc_id=raw.doc_id,
        source=raw.source,
        text="\n\n".join(page.paragraphs),
        content_hash=raw.content_hash,
        fetched_at=raw.fetched_at,
        title=(raw.title.strip() if raw.title and raw.title.strip() else None) or page.title,
        published=published,
        published_evidence=evidence if published else None,
        page_date=page.page_date,
        outlet=tidy_outlet(raw.outlet) or page.outlet,
        url=raw.url,
        lang=page.lang,
    )
