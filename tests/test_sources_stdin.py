"""Standard input (``-``): the format is sniffed from the bytes."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import threading
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources import iter_documents, sniff

FETCHED = "2025-01-02T03:04:05Z"
PAGE = "<html><body><p>North Korea launched a reconnaissance satellite in November 2023.</p></body></html>"


def _feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _stdin_items(
    monkeypatch: pytest.MonkeyPatch, data: bytes, **kwargs: object
) -> list[RawDoc | IngestFailure]:
    _feed_stdin(monkeypatch, data)
    return list(iter_documents(["-"], fetched_at=FETCHED, **kwargs))  # type: ignore[arg-type]


def _warc_bytes(gz: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://news.example.org/satellite",
        "response",
        payload=io.BytesIO(PAGE.encode()),
        http_headers=headers,
    )
    writer.write_record(record)
    return buffer.getvalue()


def test_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    [doc] = _stdin_items(monkeypatch, b"Seoul protested the launch.\n")
    assert isinstance(doc, RawDoc)
    assert (doc.doc_id, doc.source, doc.kind, doc.content) == (
        "stdin",
        "-",
        "text",
        "Seoul protested the launch.\n",
    )


def test_html(monkeypatch: pytest.MonkeyPatch) -> None:
    [doc] = _stdin_items(monkeypatch, b"\n  <!DOCTYPE html>" + PAGE.encode())
    assert isinstance(doc, RawDoc)
    assert (doc.doc_id, doc.kind) == ("stdin", "html")


def test_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [{"id": "one", "text": "First record."}, {"id": "two", "html": "<p>Second.</p>"}]
    data = b"\n".join(json.dumps(line).encode() for line in lines) + b"\nnot json\n"
    items = _stdin_items(monkeypatch, data)
    assert [(item.source, getattr(item, "doc_id", None)) for item in items] == [
        ("-:1", "one"),
        ("-:2", "two"),
        ("-:3", None),
    ]
    assert isinstance(items[2], IngestFailure)


@pytest.mark.parametrize("gz", [False, True])
def test_warc(monkeypatch: pytest.MonkeyPatch, gz: bool) -> None:
    [doc] = _stdin_items(monkeypatch, _warc_bytes(gz))
    assert isinstance(doc, RawDoc)
    assert (doc.source, doc.url, doc.content) == ("-#record-1", "https://news.example.org/satellite", PAGE)


def test_truncated_warc_on_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _warc_bytes(gz=True)
    items = _stdin_items(monkeypatch, data[:-30])
    assert isinstance(items[-1], IngestFailure)
    assert items[-1].message.startswith("truncated gzip stream after 0 records")


def test_empty_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    [error] = _stdin_items(monkeypatch, b"")
    assert isinstance(error, IngestFailure)
    assert (error.source, error.message, error.doc_id) == ("-", "empty document", "stdin")


def test_binary_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    [error] = _stdin_items(monkeypatch, gzip.compress(b"compressed but not a WARC"))
    assert isinstance(error, IngestFailure)
    assert error.message == "binary file, not text"


def test_oversize_stdin_stops_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    class Endless(io.RawIOBase):
        """A stream that never ends; reading it whole would hang the test."""

        served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            view = memoryview(buffer).cast("B")
            view[:] = b"a" * len(view)
            self.served += len(view)
            return len(view)

    endless = Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    [error] = list(iter_documents(["-"], max_bytes=100_000))
    assert isinstance(error, IngestFailure)
    assert error.message == "document is more than 100000 bytes, over the limit of 100000 (--max-bytes)"
    assert endless.served < 1_000_000


def test_text_only_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Typed in by hand."))
    [doc] = list(iter_documents(["-"]))
    assert isinstance(doc, RawDoc)
    assert doc.content == "Typed in by hand."


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_read_as_a_stream(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    data = _warc_bytes(gz=True)

    def write() -> None:
        with open(pipe, "wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        [doc] = list(iter_documents([str(pipe)], fetched_at=FETCHED))
    finally:
        writer.join(timeout=10)
    assert isinstance(doc, RawDoc)
    assert doc.source == f"{pipe}#record-1"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b'{"id": "x", "text": "y"}\n{"id": "z"', "jsonl"),
        (b"{not json} said the text\n", "text"),
        (b"<?xml version='1.0'?>\n<rss version='2.0'><channel></channel></rss>", "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        (b"\xef\xbb\xbf<html><body>x</body></html>", "html"),
        (b"<!-- saved page --><!DOCTYPE html><p>x", "html"),
        (b"Plain words about <html> tags in prose.", "text"),
        (b"", "text"),
    ],
)
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind
