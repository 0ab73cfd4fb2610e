"""Paths to documents: files by extension, directories walked in order, streams sniffed."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from armswatch.models import IngestFailure, RawDoc, as_doc_kind
from armswatch.sources._common import (
    FileKind,
    SourceError,
    looks_like_html,
    make_doc,
    over_limit,
    printable,
    split_name,
)
from armswatch.sources.decode import decode_bytes
from armswatch.sources.feeds import iter_feed
from armswatch.sources.jsonl import iter_jsonl
from armswatch.sources.warc import iter_warc

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

Output = Iterator[RawDoc | IngestFailure]

_PEEK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
_HTML_ROOT = re.compile(rb"<html\b", re.I)


class _Prefixed(io.RawIOBase):
    """A stream that replays the bytes already read for sniffing, then reads on."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._rest = rest
        self._pos = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        # fastwarc asks for the position of any stream it is given (and panics if that raises).
        return self._pos

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
        else:
            data = self._rest.read(len(view))
            n = len(data)
            view[:n] = data
        self._pos += n
        return n


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    # Pipes return short reads; keep reading until the size or the end.
    parts: list[bytes] = []
    while size > 0 and (chunk := stream.read(min(size, _PEEK))):
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def sniff(head: bytes) -> str:
    """The reader for a stream from its first bytes: ``warc``, ``jsonl``, ``feed``, ``html`` or ``text``."""
    if head.startswith(_GZIP_MAGIC):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return "text"
        return "warc" if inner.startswith(b"WARC/") else "text"
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"WARC/"):
        return "warc"
    if start.startswith(b"{"):
        first, newline, _ = start.partition(b"\n")
        if not newline and len(head) >= _PEEK:
            return "jsonl" if first.startswith((b'{"', b"{ ")) else "text"
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    if start.startswith(b"<") and _FEED_ROOT.search(start[:4096]) and not _HTML_ROOT.search(start[:4096]):
        return "feed"
    return "html" if looks_like_html(start) else "text"


def _single(data: bytes, *, kind: str, source: str, stem: str, fetched_at: str | None) -> RawDoc:
    content = decode_bytes(data, html=kind == "html")
    return make_doc(
        doc_id=stem, source=source, kind=as_doc_kind(kind), content=content, fetched_at=fetched_at
    )


def read_stream(
    stream: BinaryIO, *, source: str, stem: str, size: int | None, max_bytes: int, fetched_at: str | None
) -> Output:
    """Read a stream whose format is unknown (stdin, a FIFO, a file with an odd extension)."""
    head = _read_up_to(stream, _PEEK)
    kind = sniff(head)
    if kind in ("warc", "jsonl"):
        replay = _Prefixed(head, stream)
        if kind == "warc":
            gzipped = head.startswith(_GZIP_MAGIC)
            yield from iter_warc(
                replay, source=source, stem=stem, gzipped=gzipped, max_bytes=max_bytes, fetched_at=fetched_at
            )
        else:
            yield from iter_jsonl(
                io.BufferedReader(replay),
                source=source,
                stem=stem,
                max_bytes=max_bytes,
                fetched_at=fetched_at,
            )
        return
    if size is not None and size > max_bytes:
        yield IngestFailure(source=source, message=over_limit(size, max_bytes), doc_id=stem)
        return
    data = head + _read_up_to(stream, max_bytes + 1 - len(head))
    if len(data) > max_bytes:
        yield IngestFailure(source=source, message=over_limit(size, max_bytes), doc_id=stem)
        return
    if kind == "feed":
        yield from iter_feed(data, source=source, stem=stem, fetched_at=fetched_at)
        return
    try:
        yield _single(data, kind=kind, source=source, stem=stem, fetched_at=fetched_at)
    except SourceError as exc:
        yield IngestFailure(source=source, message=str(exc), doc_id=stem)


def _read_file(name: str, kind: FileKind, *, size: int, max_bytes: int, fetched_at: str | None) -> Output:
    # ``name`` opens the file; ``path`` and the stem are what is stored and printed.
    path = printable(name)
    stem, reader, gzipped = printable(kind.stem), kind.reader, kind.gzipped
    if reader in ("text", "html", "feed") and not gzipped and size > max_bytes:
        yield IngestFailure(source=path, message=over_limit(size, max_bytes), doc_id=stem)
        return
    try:
        with open(name, "rb") as raw:
            if reader is None:
                yield from read_stream(
                    raw, source=path, stem=stem, size=size, max_bytes=max_bytes, fetched_at=fetched_at
                )
                return
            if reader == "warc":
                gzipped = raw.read(2) == _GZIP_MAGIC
                raw.seek(0)
                yield from iter_warc(
                    raw, source=path, stem=stem, gzipped=gzipped, max_bytes=max_bytes, fetched_at=fetched_at
                )
                return
            handle = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
            if reader == "jsonl":
                yield from iter_jsonl(
                    handle, source=path, stem=stem, max_bytes=max_bytes, fetched_at=fetched_at
                )
                return
            # A gzipped file's size on disk says nothing about its text: the limit is applied
            # while reading. A plain file may have grown since stat.
            data = handle.read(max_bytes + 1 if gzipped else size + 1)
            if len(data) > size and not gzipped:
                data += handle.read(max_bytes + 1 - len(data))
            if len(data) > max_bytes:
                yield IngestFailure(source=path, message=over_limit(None, max_bytes), doc_id=stem)
            elif reader == "feed":
                yield from iter_feed(data, source=path, stem=stem, fetched_at=fetched_at)
            else:
                yield _single(data, kind=reader, source=path, stem=stem, fetched_at=fetched_at)
    except SourceError as exc:
        yield IngestFailure(source=path, message=str(exc), doc_id=stem)
    except EOFError:
        yield IngestFailure(source=path, message="truncated gzip stream", doc_id=stem)
    except (gzip.BadGzipFile, zlib.error) as exc:
        yield IngestFailure(source=path, message=f"not a readable gzip file: {exc}", doc_id=stem)
    except OSError as exc:
        yield IngestFailure(source=path, message=f"cannot read file: {exc.strerror or exc}", doc_id=stem)


def _stat_error(path: str, exc: OSError) -> IngestFailure:
    source = printable(path)
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return IngestFailure(source=source, message="broken symlink: its target does not exist")
    if isinstance(exc, FileNotFoundError):
        return IngestFailure(source=source, message="no such file or directory")
    return IngestFailure(source=source, message=f"cannot read: {exc.strerror or exc}")


def _listing(path: str) -> list[os.DirEntry[str]] | IngestFailure:
    try:
        with os.scandir(path) as entries:
            # Hidden files and directories (.git, editor swap files) are never documents.
            found = [entry for entry in entries if not entry.name.startswith(".")]
    except OSError as exc:
        return IngestFailure(source=printable(path), message=f"cannot read directory: {exc.strerror or exc}")
    found.sort(key=lambda entry: entry.name)
    return found


def _walk(root: str, root_stat: os.stat_result, *, max_bytes: int, fetched_at: str | None) -> Output:
    """Depth-first, name-sorted walk that yields as it goes (one directory listing held per level)."""
    seen = {(root_stat.st_dev, root_stat.st_ino)}
    listing = _listing(root)
    if isinstance(listing, IngestFailure):
        yield listing
        return
    stack = [iter(listing)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            info = entry.stat()
        except OSError as exc:
            if split_name(entry.name).reader is not None or not isinstance(exc, FileNotFoundError):
                yield _stat_error(entry.path, exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            # Symlinked directories are followed once; a link back up would loop forever.
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            listing = _listing(entry.path)
            if isinstance(listing, IngestFailure):
                yield listing
            else:
                stack.append(iter(listing))
            continue
        kind = split_name(entry.name)
        if kind.reader is None or not stat.S_ISREG(info.st_mode):
            continue
        yield from _read_file(entry.path, kind, size=info.st_size, max_bytes=max_bytes, fetched_at=fetched_at)


def read_path(path: str, *, max_bytes: int, fetched_at: str | None) -> Output:
    """Documents of one path given by the user: a file, a directory or a FIFO."""
    try:
        info = os.stat(path)
    except OSError as exc:
        yield _stat_error(path, exc)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, info, max_bytes=max_bytes, fetched_at=fetched_at)
        return
    name = os.path.basename(path.rstrip("/")) or path
    kind = split_name(name)
    if kind.reader is None:
        kind = FileKind(os.path.splitext(name)[0] or name, None)
    if stat.S_ISREG(info.st_mode):
        yield from _read_file(path, kind, size=info.st_size, max_bytes=max_bytes, fetched_at=fetched_at)
        return
    source, stem = printable(path), printable(kind.stem)
    # A FIFO or device (``<(zcat x.warc.gz)``): no size to check, read as a stream.
    try:
        with open(path, "rb") as handle:
            yield from read_stream(
                handle, source=source, stem=stem, size=None, max_bytes=max_bytes, fetched_at=fetched_at
            )
    except OSError as exc:
        yield IngestFailure(source=source, message=f"cannot read file: {exc.strerror or exc}", doc_id=stem)
