"""Sources stage: paths (files, directories, ``-`` for stdin) to ``RawDoc`` records.

Formats: plain text, HTML, WARC (optionally gzipped), RSS/Atom feeds and JSON Lines. What
cannot be read becomes an ``IngestFailure`` and the batch goes on. A document already held as a
string (a pasted page, an HTTP request) becomes a ``RawDoc`` with :func:`doc_from_string`.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources._common import DEFAULT_MAX_BYTES, looks_like_html
from armswatch.sources.decode import decode_bytes
from armswatch.sources.readers import read_path, read_stream, sniff
from armswatch.sources.strings import doc_from_string

__all__ = [
    "DEFAULT_MAX_BYTES",
    "decode_bytes",
    "doc_from_string",
    "iter_documents",
    "looks_like_html",
    "sniff",
]


def _stdin() -> BinaryIO:
    if sys.stdin is None:
        # No standard input at all (a detached process): read as empty.
        return io.BytesIO()
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    # A text-only stdin (replaced by a test or an embedding program).
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def iter_documents(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, fetched_at: str | None = None
) -> Iterator[RawDoc | IngestFailure]:
    """Yield a ``RawDoc`` per readable document under ``paths`` and an ``IngestFailure`` per failure.

    ``-`` reads stdin. Directories are walked recursively in name order, skipping hidden
    entries and unknown extensions. ``max_bytes`` bounds each document (each record of a
    WARC or JSONL file). ``fetched_at`` defaults to the time of reading (a WARC record's
    own WARC-Date where it has one).
    """
    if isinstance(paths, str | bytes):
        # A lone string would be read as one path per character.
        raise TypeError("paths must be an iterable of paths, not a single string")
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    for given in paths:
        path = os.fspath(given)
        if path == "-":
            try:
                yield from read_stream(
                    _stdin(), source="-", stem="stdin", size=None, max_bytes=max_bytes, fetched_at=fetched_at
                )
            except OSError as exc:
                yield IngestFailure(
                    source="-", message=f"cannot read stdin: {exc.strerror or exc}", doc_id="stdin"
                )
        else:
            yield from read_path(path, max_bytes=max_bytes, fetched_at=fetched_at)
