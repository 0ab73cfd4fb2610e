"""RSS/Atom reader: each feed item becomes a document."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources._common import SourceError, clean_str, make_doc, short_id

_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?\s*>")


def _local_date(raw: object) -> str | None:
    # The date as the outlet wrote it: feedparser's *_parsed fields are in UTC, which moves
    # early-morning items from Asian outlets to the day before.
    text = clean_str(raw)
    if text is None:
        return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        return None


def _published(entry: Any) -> str | None:
    for field in ("published", "updated"):
        if date := _local_date(entry.get(field)):
            return date
        parsed = entry.get(f"{field}_parsed")
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _body(entry: Any) -> str | None:
    for content in entry.get("content") or ():
        if text := clean_str(content.get("value")):
            return text
    return clean_str(entry.get("summary"))


def iter_feed(
    data: bytes, *, source: str, stem: str, fetched_at: str | None
) -> Iterator[RawDoc | IngestFailure]:
    """Yield one RawDoc per item of an RSS or Atom feed (content, else summary)."""
    # Imported here: feedparser costs more start-up than the rest of the sources stage.
    import feedparser

    # Bytes, never a string: feedparser fetches strings that look like URLs.
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception") or "unreadable").splitlines()[0]
            yield IngestFailure(source=source, message=f"not an RSS/Atom feed: {reason}", doc_id=stem)
        else:
            yield IngestFailure(source=source, message="feed has no items", doc_id=stem)
        return
    outlet = clean_str(parsed.get("feed", {}).get("title"))
    for n, entry in enumerate(entries, start=1):
        item_source = f"{source}#item-{n}"
        key = clean_str(entry.get("id")) or clean_str(entry.get("link"))
        doc_id = short_id(key) if key else f"{stem}-{n}"
        body = _body(entry)
        try:
            if body is None:
                raise SourceError("empty document: item has no content or summary")
            yield make_doc(
                doc_id=doc_id,
                source=item_source,
                kind="html" if _MARKUP.search(body) else "text",
                content=body,
                fetched_at=fetched_at,
                url=clean_str(entry.get("link")),
                title=clean_str(entry.get("title")),
                published=_published(entry),
                outlet=outlet,
            )
        except SourceError as exc:
            yield IngestFailure(source=item_source, message=str(exc), doc_id=doc_id)
