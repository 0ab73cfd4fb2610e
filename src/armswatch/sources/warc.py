"""WARC reader: HTML responses of a (gzipped) WARC, one record at a time.

fastwarc parses the WARC framing; the HTTP head is parsed here because fastwarc's own
parser hides how many bytes of the block were present, and that count is the only way
to tell a complete record from one cut off by a truncated file.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from io import RawIOBase
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources._common import SourceError, looks_like_html, make_doc, over_limit, plural, short_id
from armswatch.sources.decode import decode_bytes

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_STATUS = re.compile(r"HTTP/\d(?:\.\d)?\s+(\d{3})")
_CHUNK = 1 << 16
# Room for the HTTP head on top of the document limit.
_HEAD_ROOM = 1 << 16


def _drain(record: WarcRecord) -> int:
    total = 0
    while chunk := record.reader.read(_CHUNK):
        total += len(chunk)
    return total


def _read_block(record: WarcRecord, limit: int) -> bytes:
    parts: list[bytes] = []
    got = 0
    while got < limit and (chunk := record.reader.read(min(_CHUNK, limit - got))):
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _split_http(block: bytes) -> tuple[int | None, dict[str, str], bytes] | None:
    """Status, headers (lower-cased names) and body of an HTTP response, or None if its head is cut."""
    end = _HEAD_END.search(block, 0, _HEAD_ROOM)
    if end is None:
        return None
    lines = re.split(r"\r?\n", block[: end.start()].decode("latin-1"))
    status_match = _STATUS.match(lines[0])
    headers: dict[str, str] = {}
    last = ""
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and last:
            headers[last] += " " + line.strip()
        elif ":" in line:
            name, value = line.split(":", 1)
            last = name.strip().lower()
            headers[last] = value.strip()
    return (int(status_match.group(1)) if status_match else None), headers, block[end.end() :]


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while (eol := body.find(b"\n", pos)) >= 0:
        try:
            size = int(body[pos:eol].split(b";", 1)[0].strip(), 16)
        except ValueError:
            # Many crawlers store the body already de-chunked but keep the header.
            return bytes(out) if out else body
        if size == 0:
            break
        out += body[eol + 1 : eol + 1 + size]
        pos = eol + 1 + size
        pos += 2 if body.startswith(b"\r\n", pos) else 1 if body.startswith(b"\n", pos) else 0
    return bytes(out)


def _decompress(body: bytes, encoding: str, limit: int) -> bytes:
    if encoding in ("", "identity", "none"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise SourceError(f"unsupported Content-Encoding {encoding!r}")
    wbits = (16 + zlib.MAX_WBITS, zlib.MAX_WBITS, -zlib.MAX_WBITS)
    for bits in wbits if encoding == "deflate" else wbits[:1]:
        try:
            inflater = zlib.decompressobj(bits)
            out = inflater.decompress(body, limit + 1)
        except zlib.error:
            continue
        if len(out) > limit:
            raise SourceError(over_limit(None, limit))
        return out
    # As with chunking, the stored body is often already decoded.
    return body


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    if not content_type:
        return None, None
    parts = content_type.split(";")
    charset = None
    for param in parts[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return parts[0].strip().lower() or None, charset


def _doc_id(record: WarcRecord, url: str | None, stem: str, index: int) -> str:
    record_id = record.headers.get("WARC-Record-ID") or ""
    if match := _UUID.search(record_id):
        return match.group(0).lower()
    if url:
        return short_id(url)
    if record_id:
        return short_id(record_id)
    return f"{stem}-{index}"


def _warc_date(record: WarcRecord) -> str | None:
    raw = record.headers.get("WARC-Date")
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _html_body(record: WarcRecord, block: bytes) -> tuple[bytes, str | None, dict[str, str]] | None:
    """Body, declared charset and HTTP headers of a record that holds an HTML page, else None."""
    headers: dict[str, str] = {}
    if record.record_type == WarcRecordType.response:
        if not block.startswith(b"HTTP/"):
            return None
        http = _split_http(block)
        if http is None:
            raise SourceError("HTTP head cut short")
        status, headers, body = http
        if status is not None and not 200 <= status < 300:
            return None
        media, charset = _media_type(headers.get("content-type"))
    else:
        media, charset = _media_type(record.headers.get("Content-Type"))
        body = block
    if media is None:
        if not looks_like_html(body):
            return None
    elif media not in _HTML_TYPES:
        return None
    return body, charset, headers


def _record_doc(
    record: WarcRecord,
    block: bytes,
    *,
    source: str,
    stem: str,
    index: int,
    max_bytes: int,
    fetched_at: str | None,
) -> RawDoc | None:
    """The RawDoc of one HTML record, None for records that are not HTML pages."""
    page = _html_body(record, block)
    if page is None:
        return None
    body, charset, headers = page
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    body = _decompress(body, headers.get("content-encoding", "").strip().lower(), max_bytes)
    if len(body) > max_bytes:
        raise SourceError(over_limit(len(body), max_bytes))
    url = record.headers.get("WARC-Target-URI") or None
    return make_doc(
        doc_id=_doc_id(record, url, stem, index),
        source=source,
        kind="html",
        content=decode_bytes(body, html=True, declared=charset),
        fetched_at=fetched_at or _warc_date(record),
        url=url,
    )


def iter_warc(
    stream: BinaryIO | RawIOBase,
    *,
    source: str,
    stem: str,
    gzipped: bool,
    max_bytes: int,
    fetched_at: str | None,
) -> Iterator[RawDoc | IngestFailure]:
    """Yield one RawDoc per HTML response (or resource) record, then an error if the file is cut short.

    Memory stays bounded by ``max_bytes`` per record. ``fetched_at`` defaults to each record's
    WARC-Date, the time the page was really fetched.
    """
    wanted = WarcRecordType.response | WarcRecordType.resource
    complete = 0
    pages = 0
    cut: str | None = None
    index = 0
    try:
        for index, record in enumerate(ArchiveIterator(stream, parse_http=False), start=1):
            record_source = f"{source}#record-{index}"
            length = record.content_length
            if record.headers.get("Content-Length") is None:
                cut = f"record {index} header cut short"
                break
            if not record.record_type & wanted:
                got = _drain(record)
                if got < length:
                    cut = f"record {index} cut at {got} of {length} bytes"
                    break
                complete += 1
                continue
            block = _read_block(record, min(length, max_bytes + _HEAD_ROOM))
            got = len(block) + (_drain(record) if len(block) < length else 0)
            if got < length:
                cut = f"record {index} cut at {got} of {length} bytes"
            try:
                if len(block) < got:
                    # Over the limit: only the head was read, enough to tell a page from a video.
                    if cut is None and _html_body(record, block) is not None:
                        pages += 1
                        yield IngestFailure(source=record_source, message=over_limit(length, max_bytes))
                else:
                    doc = _record_doc(
                        record,
                        block,
                        source=record_source,
                        stem=stem,
                        index=index,
                        max_bytes=max_bytes,
                        fetched_at=fetched_at,
                    )
                    if doc is not None:
                        pages += 1
                        yield doc
            except SourceError as exc:
                # What was read of a cut record is kept (like a truncated HTML file); errors
                # about a cut record are covered by the truncation message below.
                if cut is None:
                    pages += 1
                    yield IngestFailure(source=record_source, message=str(exc))
            if cut is not None:
                break
            complete += 1
    except (ValueError, OSError, EOFError) as exc:
        if index == 0:
            yield IngestFailure(source=source, message=f"not a WARC file: {exc}")
            return
        cut = str(exc)
    if cut is not None:
        kind = "gzip" if gzipped else "WARC"
        yield IngestFailure(
            source=source, message=f"truncated {kind} stream after {plural(complete, 'record')} ({cut})"
        )
    elif complete == 0:
        yield IngestFailure(source=source, message="no WARC records found")
    elif pages == 0:
        yield IngestFailure(source=source, message=f"no HTML pages among {plural(complete, 'record')}")
