"""JSON Lines: one document per good line, one error per bad line, never an exception."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from armswatch.models import IngestFailure, RawDoc
from armswatch.sources import iter_documents
from armswatch.sources._common import short_id
from armswatch.sources.jsonl import iter_jsonl

DATA = Path(__file__).parent / "data" / "sources"
FETCHED = "2025-01-02T03:04:05Z"


def _read(data: bytes, max_bytes: int = 1_000_000) -> list[RawDoc | IngestFailure]:
    return list(
        iter_jsonl(io.BytesIO(data), source="in.jsonl", stem="in", max_bytes=max_bytes, fetched_at=FETCHED)
    )


def test_fixture_file() -> None:
    path = str(DATA / "records.jsonl")
    items = list(iter_documents([path], fetched_at=FETCHED))
    by_source = {item.source: item for item in items}
    first = by_source[f"{path}:1"]
    assert isinstance(first, RawDoc)
    assert (first.doc_id, first.kind, first.title, first.published, first.outlet) == (
        "k2-contract",
        "text",
        "Poland signs K2 contract",
        "2022-08-26",
        "Fixture Daily",
    )
    assert first.content_hash == hashlib.sha256(first.content.encode()).hexdigest()
    # Line 2 is blank and skipped; line 3 has a URL but no id.
    assert f"{path}:2" not in by_source
    third = by_source[f"{path}:3"]
    assert isinstance(third, RawDoc)
    assert third.doc_id == short_id("https://news.example.org/iran-drones")
    messages = {source: item.message for source, item in by_source.items() if isinstance(item, IngestFailure)}
    assert messages == {
        f"{path}:4": "not JSON at line 4: Expecting value",
        f"{path}:5": "not a JSON object at line 5: got an array",
        f"{path}:6": 'no "text" or "html" field at line 6',
        f"{path}:8": "empty document at line 8",
        f"{path}:9": "not JSON at line 9: Expecting ',' delimiter",
    }
    seventh = by_source[f"{path}:7"]
    assert isinstance(seventh, RawDoc)
    assert seventh.doc_id == "records-7"
    assert [item.source for item in items] == [f"{path}:{n}" for n in (1, 3, 4, 5, 6, 7, 8, 9)]


def test_html_field_and_ndjson_extension() -> None:
    path = str(DATA / "tree" / "sub" / "records.ndjson")
    items = list(iter_documents([path], fetched_at=FETCHED))
    assert [(item.doc_id, item.kind) for item in items if isinstance(item, RawDoc)] == [
        ("nd-1", "text"),
        ("nd-2", "html"),
    ]


def test_aliases_and_non_string_fields() -> None:
    line = {"doc_id": "seed_1", "body": "Text under the body key.", "title": 7, "published": "5 March 2024"}
    [doc] = _read(json.dumps(line).encode())
    assert isinstance(doc, RawDoc)
    assert (doc.doc_id, doc.content, doc.title, doc.published) == (
        "seed_1",
        line["body"],
        None,
        "5 March 2024",
    )
    [numbered] = _read(b'{"id": 42, "text": "numeric id"}')
    assert isinstance(numbered, RawDoc)
    assert numbered.doc_id == "42"


def test_oversize_line_is_skipped_without_losing_the_next() -> None:
    big = json.dumps({"id": "big", "text": "x" * 5000}).encode()
    small = json.dumps({"id": "small", "text": "fits"}).encode()
    items = _read(big + b"\n" + small + b"\n", max_bytes=1000)
    assert isinstance(items[0], IngestFailure)
    assert items[0].message == f"document is {len(big)} bytes, over the limit of 1000 (--max-bytes) at line 1"
    assert isinstance(items[1], RawDoc)
    assert items[1].doc_id == "small"
    assert items[1].source == "in.jsonl:2"


def test_bom_crlf_and_stray_cp1252_bytes() -> None:
    data = b'\xef\xbb\xbf{"id": "a", "text": "caf\xe9 \x93quoted\x94"}\r\n{"id": "b", "text": "ok"}\r\n'
    items = _read(data)
    assert [item.doc_id for item in items if isinstance(item, RawDoc)] == ["a", "b"]
    assert isinstance(items[0], RawDoc)
    assert items[0].content == "caf\u00e9 \u201cquoted\u201d"


def test_lone_surrogates_are_replaced() -> None:
    [doc] = _read(b'{"id": "s", "text": "bad \\ud800 half"}')
    assert isinstance(doc, RawDoc)
    assert doc.content == "bad \ufffd half"


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    [error] = _read(b"[" * 100_000 + b"]" * 100_000)
    assert isinstance(error, IngestFailure)
    assert error.message.startswith("not JSON at line 1")


_ids = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=30)
_bodies = st.text(min_size=1).filter(lambda text: text.strip() != "")


@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": _ids, "text": _bodies},
            optional={"title": _ids, "url": _ids},
        ),
        min_size=1,
        max_size=8,
    )
)
def test_valid_records_round_trip(records: list[dict[str, str]]) -> None:
    data = b"".join(json.dumps(record).encode() + b"\n" for record in records)
    items = _read(data)
    assert all(isinstance(item, RawDoc) for item in items)
    assert [(item.doc_id, item.content) for item in items if isinstance(item, RawDoc)] == [
        (record["id"], record["text"]) for record in records
    ]
    assert [item.title for item in items if isinstance(item, RawDoc)] == [
        record.get("title") for record in records
    ]


@given(st.lists(st.binary(max_size=200).filter(lambda line: b"\n" not in line), max_size=10))
def test_garbage_lines_never_raise(lines: list[bytes]) -> None:
    items = _read(b"\n".join(lines), max_bytes=150)
    assert all(isinstance(item, RawDoc | IngestFailure) for item in items)
    sources = [item.source for item in items]
    assert len(sources) == len(set(sources))
    # Never nothing: a stream with no record at all is one failure naming the stream.
    assert sources
    if "in.jsonl" in sources:
        assert sources == ["in.jsonl"]
        sources = []
    # A line with something visible on it gives exactly one item; blank lines give none.
    visible = {
        f"in.jsonl:{n}" for n, line in enumerate(lines, start=1) if any(0x21 <= b <= 0x7E for b in line)
    }
    assert visible <= set(sources) <= {f"in.jsonl:{n}" for n in range(1, len(lines) + 1)}
