"""Helpers shared by the source readers: ids, hashes, timestamps, limits, the HTML sniffer."""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

from armswatch.clock import now
from armswatch.errors import SourceError as SourceError
from armswatch.models import DocKind, RawDoc

#: The per-document size limit (``--max-bytes``) unless the caller sets one.
DEFAULT_MAX_BYTES = 20_000_000

#: Extensions (lower case) by reader. ``.warc.gz`` is matched before the single suffixes.
TEXT_EXTS: frozenset[str] = frozenset({".txt", ".text"})
HTML_EXTS: frozenset[str] = frozenset({".html", ".htm", ".xhtml"})
FEED_EXTS: frozenset[str] = frozenset({".xml", ".rss", ".atom", ".feed"})
JSONL_EXTS: frozenset[str] = frozenset({".jsonl", ".ndjson"})
WARC_EXTS: tuple[str, ...] = (".warc.gz", ".warc")

_SURROGATES = re.compile("[\ud800-\udfff]")
# What the OS hands over undecoded (surrogateescape) and what would break a line of output:
# C0/C1 controls and the separators str.splitlines honours.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?=$|[T ])")
_SNIFF_BYTES = 4096
_TAG_FIRST = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<[!?A-Za-z]")
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|span|br|a)\b", re.I)
_PAGE_FIRST = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.I | re.S,
)


class FileKind(NamedTuple):
    """What a file name says: the document id, the reader (None if unknown), gzip or not."""

    stem: str
    reader: str | None
    gzipped: bool = False


def split_name(name: str) -> FileKind:
    """Split a file name into its stem and reader; ``x.html.gz`` is gzipped HTML with stem ``x``."""
    lower = name.lower()
    for ext in WARC_EXTS:
        if lower.endswith(ext) and len(name) > len(ext):
            return FileKind(name[: -len(ext)], "warc")
    if lower.endswith(".gz") and len(name) > 3:
        inner = split_name(name[:-3])
        if inner.reader is not None and not inner.gzipped:
            return FileKind(inner.stem, inner.reader, gzipped=True)
        return FileKind(name[:-3], None)
    dot = name.rfind(".")
    if dot <= 0:
        return FileKind(name, None)
    ext = lower[dot:]
    stem = name[:dot]
    for reader, exts in (
        ("text", TEXT_EXTS),
        ("html", HTML_EXTS),
        ("feed", FEED_EXTS),
        ("jsonl", JSONL_EXTS),
    ):
        if ext in exts:
            return FileKind(stem, reader)
    return FileKind(stem, None)


def looks_like_html(data: str | bytes, *, whole_page: bool = False) -> bool:
    """True if ``data`` starts with a tag and has HTML tags in its first 4 KiB.

    The project's one HTML sniffer: streams of unknown format, WARC records without a media
    type, strings given to the pipeline and text documents that may be saved pages all ask
    it. ``whole_page`` asks for a page's own start (the doctype, ``<html>``, ``<head>`` or
    ``<body>``, after an XML declaration and comments): a text with a few stray tags reads
    better as text. A string is sniffed as its UTF-8 bytes, so a text and its encoding agree.
    """
    if isinstance(data, str):
        data = data[:_SNIFF_BYTES].encode("utf-8", "surrogatepass")
    head = data[:_SNIFF_BYTES]
    if whole_page:
        return _PAGE_FIRST.match(head) is not None
    return _TAG_FIRST.match(head) is not None and _HTML_TAG.search(head) is not None


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if char in _ESCAPES:
        return _ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:
        # A byte the file system name held that is not UTF-8 (os.fsdecode's surrogateescape).
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(name: str) -> str:
    """A path or file stem as armswatch stores and prints it: one line, valid UTF-8.

    Any name the OS gives is accepted: bytes that are not UTF-8 become ``\\xNN`` and control
    characters (a newline in a file name) ``\\n`` or ``\\xNN``, so that the name can go into
    SQLite and an error message cannot forge further lines. Other names pass unchanged.
    """
    return _UNPRINTABLE.sub(_escape, name)


def short_id(key: str) -> str:
    """A short stable id for a record that only has a URL or GUID (64 bits of SHA-1)."""
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def clean_str(value: object) -> str | None:
    """A stripped, non-empty string from a container field, or None.

    Lone surrogates (legal in JSON escapes) are replaced because SQLite and every
    encoder downstream reject them.
    """
    if not isinstance(value, str):
        return None
    value = _SURROGATES.sub("\ufffd", value).strip()
    return value or None


def given_date(value: object) -> str | None:
    """A publication date a container or caller states, an ISO timestamp cut to its date.

    Anything else is passed on for the clean stage to read.
    """
    text = clean_str(value)
    if text is None:
        return None
    return text[:10] if _ISO_DATE.match(text) else text


def over_limit(size: int | None, limit: int) -> str:
    """The one-line message for a document above ``--max-bytes``."""
    if size is None:
        return f"document is more than {limit} bytes, over the limit of {limit} (--max-bytes)"
    return f"document is {size} bytes, over the limit of {limit} (--max-bytes)"


def plural(n: int, word: str) -> str:
    """``1 record`` / ``2 records``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def make_doc(
    *,
    doc_id: str,
    source: str,
    kind: DocKind,
    content: str,
    fetched_at: str | None,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
) -> RawDoc:
    """Build a ``RawDoc``, refusing whitespace-only content and hashing the text as decoded."""
    if not content.strip():
        raise SourceError("empty document")
    content = _SURROGATES.sub("\ufffd", content)
    return RawDoc(
        doc_id=doc_id,
        source=source,
        kind=kind,
        content=content,
        content_hash=hashlib.sha256(content.encode("utf-8")).hexdigest(),
        fetched_at=fetched_at or now(),
        url=url,
        title=title,
        published=published,
        outlet=outlet,
    )
