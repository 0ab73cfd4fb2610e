"""Documents given as strings (a pasted page, an HTTP request) rather than read from paths."""

from __future__ import annotations

import dataclasses

from armswatch.models import DOC_KINDS, DocKind, IngestFailure, RawDoc, as_doc_kind
from armswatch.sources._common import (
    DEFAULT_MAX_BYTES,
    SourceError,
    clean_str,
    given_date,
    looks_like_html,
    make_doc,
    over_limit,
    short_id,
)


def doc_from_string(
    content: str,
    *,
    kind: str | None = None,
    doc_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    source: str | None = None,
    fetched_at: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> RawDoc | IngestFailure:
    """A ``RawDoc`` of a text or HTML string, or an ``IngestFailure`` when it cannot be one.

    ``kind`` (``"html"`` or ``"text"``) is sniffed with :func:`looks_like_html` when not
    given. Without ``doc_id`` the document is named after its URL, else its content, so the
    same string gets the same id every time. ``source`` defaults to the URL, else
    ``"<text>"``. Metadata is read as the JSON Lines reader reads it: stripped, empty values
    dropped, an ISO timestamp in ``published`` cut to its date. Blank content and content
    over ``max_bytes`` (UTF-8) become an ``IngestFailure``; arbitrary text never raises.
    """
    if kind is not None and kind not in DOC_KINDS:
        raise ValueError(f"kind must be 'html' or 'text', got {kind!r}")
    sniffed: DocKind = as_doc_kind(kind) if kind else ("html" if looks_like_html(content) else "text")
    url = clean_str(url)
    where = source or url or "<text>"
    name = clean_str(doc_id) or (short_id(url) if url else None)
    try:
        size = len(content.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            raise SourceError(over_limit(size, max_bytes))
        doc = make_doc(
            doc_id=name or "",
            source=where,
            kind=sniffed,
            content=content,
            fetched_at=fetched_at,
            url=url,
            title=clean_str(title),
            published=given_date(published),
            outlet=clean_str(outlet),
        )
    except SourceError as exc:
        return IngestFailure(source=where, message=str(exc), doc_id=name)
    # Named after the content as stored: the prefix of its hash.
    return doc if name else dataclasses.replace(doc, doc_id=doc.content_hash[:16])
