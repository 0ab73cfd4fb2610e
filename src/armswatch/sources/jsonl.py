"""JSON Lines reader: one document per line, a bad line is reported and skipped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Protocol

from armswatch.models import DocKind, IngestFailure, RawDoc
from armswatch.sources._common import (
    SourceError,
    clean_str,
    given_date,
    make_doc,
    over_limit,
    plural,
    short_id,
)

_SKIP_CHUNK = 1 << 20


class LineReader(Protocol):
    """What the reader needs of a binary stream."""

    def readline(self, size: int = -1, /) -> bytes: ...


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # JSON is UTF-8 by definition; stray legacy bytes are kept readable rather than rejected.
        return raw.decode("utf-8", errors="armswatch.cp1252")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string" if isinstance(value, str) else "an array"


def _record_id(record: dict[str, Any]) -> str | None:
    for key in ("id", "doc_id"):
        value = record.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            return str(value)
        if text := clean_str(value):
            return text
    return None


def record_to_doc(
    record: dict[str, Any], *, source: str, stem: str, lineno: int, fetched_at: str | None
) -> RawDoc:
    """Turn one parsed JSON object into a RawDoc, raising ``SourceError`` if it has no body."""
    html = record.get("html")
    text = next((record[key] for key in ("text", "body") if isinstance(record.get(key), str)), None)
    kind: DocKind
    # HTML wins when both are given: the clean stage reads title and dates from the markup.
    if isinstance(html, str) and html.strip():
        kind, content = "html", html
    elif isinstance(text, str):
        kind, content = "text", text
    elif isinstance(html, str):
        kind, content = "html", html
    else:
        raise SourceError(f'no "text" or "html" field at line {lineno}')
    url = clean_str(record.get("url"))
    doc_id = _record_id(record) or (short_id(url) if url else f"{stem}-{lineno}")
    try:
        return make_doc(
            doc_id=doc_id,
            source=source,
            kind=kind,
            content=content,
            fetched_at=fetched_at,
            url=url,
            title=clean_str(record.get("title")),
            published=given_date(record.get("published")),
            outlet=clean_str(record.get("outlet")),
        )
    except SourceError as exc:
        raise SourceError(f"{exc} at line {lineno}") from None


def iter_jsonl(
    stream: LineReader, *, source: str, stem: str, max_bytes: int, fetched_at: str | None
) -> Iterator[RawDoc | IngestFailure]:
    """Yield one RawDoc per JSON object line and one IngestFailure per line that is not one.

    A stream without a single non-blank line is one IngestFailure: an empty export is a
    mistake to report, not a batch of nothing.
    """
    lineno = 0
    records = 0
    while raw := stream.readline(max_bytes + 1):
        lineno += 1
        where = f"{source}:{lineno}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            # Skip the rest of the line without holding it.
            size = len(raw)
            while True:
                rest = stream.readline(_SKIP_CHUNK)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    size -= rest.endswith(b"\n")
                    break
            records += 1
            yield IngestFailure(source=where, message=f"{over_limit(size, max_bytes)} at line {lineno}")
            continue
        if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        line = _decode_line(raw).strip()
        if not line:
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestFailure(source=where, message=f"not JSON at line {lineno}: {exc.msg}")
            continue
        except (ValueError, RecursionError) as exc:
            yield IngestFailure(source=where, message=f"not JSON at line {lineno}: {exc}")
            continue
        if not isinstance(record, dict):
            yield IngestFailure(
                source=where, message=f"not a JSON object at line {lineno}: got {_json_type(record)}"
            )
            continue
        try:
            yield record_to_doc(record, source=where, stem=stem, lineno=lineno, fetched_at=fetched_at)
        except SourceError as exc:
            yield IngestFailure(source=where, message=str(exc), doc_id=_record_id(record))
    if records == 0:
        blank = "empty" if lineno == 0 else f"blank ({plural(lineno, 'line')})"
        message = f"no JSON Lines records: the input is {blank}"
        yield IngestFailure(source=source, message=message, doc_id=stem)
