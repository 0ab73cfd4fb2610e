"""The pipeline's seams take records: documents held in memory, one extractor builder."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from armswatch.api import schemas
from armswatch.api.ingest import run_ingest
from armswatch.events import EventExtractor
from armswatch.kb import load_kb
from armswatch.models import IngestFailure, RawDoc
from armswatch.pipeline import Processor, extract, ingest_documents
from armswatch.sources import doc_from_string
from armswatch.store import Store, open_store

TRANSFER = (
    "North Korea has shipped artillery shells to Russia, the ministry said on Monday. "
    "The shells were loaded at a northern port."
)
DENIAL = "Pyongyang denied on Tuesday that it had sent any weapons to Moscow."


def _raw(text: str, doc_id: str, **kwargs: str) -> RawDoc:
    doc = doc_from_string(text, doc_id=doc_id, published="2023-10-16", **kwargs)
    assert isinstance(doc, RawDoc)
    return doc


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        yield s


def test_ingest_documents_takes_records_held_in_memory(store: Store) -> None:
    docs: list[RawDoc | IngestFailure] = [
        _raw(TRANSFER, "transfer", source="memory:1"),
        IngestFailure(source="memory:2", message="unreadable upstream", doc_id="lost"),
        _raw(DENIAL, "denial", source="memory:3"),
    ]
    report = ingest_documents(docs, store)
    assert (report.seen, report.written, report.unchanged, report.errors) == (3, 2, 0, 1)
    assert report.error_messages == ["memory:2: unreadable upstream"]
    assert report.events > 0
    assert {a.doc_id for a in store.read.load_articles()} == {"transfer", "denial"}

    again = ingest_documents([_raw(TRANSFER, "transfer", source="memory:1")], store)
    assert (again.seen, again.written, again.unchanged) == (1, 0, 1)


def test_ingest_documents_keeps_the_first_of_two_documents_named_alike(store: Store) -> None:
    report = ingest_documents([_raw(TRANSFER, "same", source="a"), _raw(DENIAL, "same", source="b")], store)
    assert (report.written, report.errors) == (1, 1)
    assert "is taken by a in this batch" in report.error_messages[0]


def test_the_processor_builds_its_extractor_from_the_kb() -> None:
    proc = Processor()
    built = EventExtractor.from_kb(proc.kb, proc.extractor.nlp)
    assert built.cascade
    assert built.place_states == proc.extractor.place_states and built.place_states
    assert built.company_states == proc.extractor.company_states and built.company_states
    assert built.force_states == proc.extractor.force_states and built.force_states
    assert not EventExtractor.from_kb(load_kb(), proc.extractor.nlp, cascade=False).cascade


def test_extract_reads_a_string_through_the_whole_pipeline() -> None:
    events = extract(TRANSFER, published="2023-10-16")
    assert events and {e.doc_id for e in events} == {_raw(TRANSFER, "").doc_id}


def test_api_ingest_writes_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the API ingest must not write a temporary file")

    for name in ("TemporaryDirectory", "NamedTemporaryFile", "TemporaryFile", "mkstemp", "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    db = tmp_path / "api.db"
    documents = [
        schemas.IngestDocument(id="t1", text=TRANSFER, published="2023-10-16"),
        schemas.IngestDocument(id="t2", text="  "),
        schemas.IngestDocument(html=f"<html><body><p>{DENIAL}</p></body></html>", text="ignored"),
    ]
    result = run_ingest(str(db), documents)
    assert (result["seen"], result["written"], result["errors"]) == (3, 2, 1)
    assert result["error_messages"] == ["document:2: empty document"]
    assert list(scratch.iterdir()) == []
    with open_store(db, readonly=True) as store:
        sources = {a.doc_id: a.source for a in store.read.load_articles()}
    assert sources["t1"] == "document:1"
    assert sources[_raw(f"<html><body><p>{DENIAL}</p></body></html>", "").doc_id] == "document:3"
