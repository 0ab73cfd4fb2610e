"""Exports of articles and events: JSONL (the contract) and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.export import FORMATS, export_articles, export_events
from armswatch.export.records import ARTICLE_FIELDS, EVENT_FIELDS
from armswatch.models import Article, Event
from armswatch.store import Store, open_store

VERSIONS = {"armswatch_version": "0.1.0", "kb_version": "kb-1"}
CONTRACT_FIELDS = (
    "doc_id",
    "type",
    "source",
    "target",
    "weapons",
    "factuality",
    "attributed_to",
    "date",
    "location",
    "evidence",
)


def make_article(doc_id: str, title: str | None, body: str, published: str | None = None) -> Article:
    return Article(
        doc_id=doc_id,
        source=f"{doc_id}.html",
        text=body,
        content_hash=f"h-{doc_id}",
        fetched_at="2024-01-01T00:00:00Z",
        title=title,
        published=published,
        published_evidence="meta" if published else None,
        outlet="Wire",
        url=f"https://example.org/{doc_id}",
    )


def make_event(doc_id: str, start: int, evidence: str, **kw: object) -> Event:
    fields: dict[str, object] = {
        "doc_id": doc_id,
        "type": "arms_transfer",
        "source": ("IRN",),
        "target": ("RUS",),
        "weapons": ("drones", "missiles"),
        "factuality": "possible",
        "attributed_to": "UKR",
        "date": "2022-11",
        "location": "Kyiv",
        "evidence": evidence,
        "evidence_start": start,
        "evidence_end": start + len(evidence),
        "plover_code": "AID",
        "plover_mode": "military",
        "confidence": 0.75,
        "rule": "transfer.verb",
        "trigger": "supplied",
    }
    fields.update(kw)
    return Event(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "x.db") as s:
        s.save_document(
            make_article("b", "Zweite Meldung", "Teheran lieferte Drohnen. Kiew protestierte.", "2022-11-07"),
            kind="html",
            events=[
                make_event("b", 26, "Kiew protestierte.", type="accusation", weapons=(), source=("UKR",)),
                make_event("b", 0, "Teheran lieferte Drohnen."),
            ],
            **VERSIONS,
        )
        s.save_document(
            make_article("a", "Ünïcödé “quotes” — dash", "Iran admitted sending drones.\nSecond line.", None),
            kind="text",
            events=[
                make_event(
                    "a", 0, "Iran admitted sending drones.", attributed_to=None, date=None, location=None
                )
            ],
            **VERSIONS,
        )
        s.set_story("a", "iran_drones")
        yield s


def test_export_events_jsonl_round_trip(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store.read, out, format="jsonl") == 3
    lines = out.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    assert [tuple(r) for r in records] == [EVENT_FIELDS] * 3
    assert tuple(EVENT_FIELDS[: len(CONTRACT_FIELDS)]) == CONTRACT_FIELDS
    stored = list(store.read.events())
    assert [{k: v for k, v in r.items() if k in stored[0]} for r in records] == [
        {name: row[name] for name in EVENT_FIELDS if name in row} for row in stored
    ]
    # stable order: doc_id, then evidence_start
    assert [(r["doc_id"], r["evidence_start"]) for r in records] == [("a", 0), ("b", 0), ("b", 26)]
    first = records[0]
    assert first["source"] == ["IRN"] and first["weapons"] == ["drones", "missiles"]
    assert first["attributed_to"] is None and first["date"] is None
    assert first["confidence"] == 0.75


def test_export_events_jsonl_is_utf8_not_ascii_escaped(store: Store) -> None:
    out = io.StringIO()
    export_events(store.read, out, format="jsonl", doc_id="b")
    assert "Kiew protestierte." in out.getvalue()
    assert out.getvalue().endswith("\n")


def test_export_events_filters_pass_through(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store.read, out, format="jsonl", type="accusation") == 1
    assert json.loads(out.getvalue())["type"] == "accusation"


def test_export_events_csv(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store.read, out, format="csv") == 3
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(EVENT_FIELDS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[0]["weapons"] == "drones;missiles"
    assert rows[0]["attributed_to"] == "" and rows[0]["date"] == ""
    assert rows[1]["source"] == "IRN" and rows[1]["location"] == "Kyiv"
    assert rows[2]["weapons"] == ""
    assert float(rows[0]["confidence"]) == 0.75


def test_export_articles_jsonl_round_trip(store: Store) -> None:
    out = io.StringIO()
    assert export_articles(store.read, out, format="jsonl") == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [tuple(r) for r in records] == [ARTICLE_FIELDS] * 2
    a, b = records
    assert a == {
        "doc_id": "a",
        "title": "Ünïcödé “quotes” — dash",
        "published": None,
        "outlet": "Wire",
        "body": "Iran admitted sending drones.\nSecond line.",
        "story": "iran_drones",
        "url": "https://example.org/a",
        "published_evidence": None,
    }
    assert b["published"] == "2022-11-07" and b["story"] is None


def test_export_articles_published_cut_to_day(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as s:
        s.save_document(make_article("c", "T", "Body.", "2024-03-05T08:30:00+01:00"), kind="text", **VERSIONS)
        out = io.StringIO()
        export_articles(s.read, out, format="jsonl")
    assert json.loads(out.getvalue())["published"] == "2024-03-05"


def test_export_articles_csv(store: Store) -> None:
    out = io.StringIO()
    export_articles(store.read, out, format="csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(ARTICLE_FIELDS)
    assert rows[0]["body"] == "Iran admitted sending drones.\nSecond line."
    assert rows[0]["published"] == "" and rows[1]["published"] == "2022-11-07"


@pytest.mark.parametrize("export", [export_articles, export_events])
def test_export_unknown_format(store: Store, export: object) -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match="csv, csv-excel, jsonl"):
        export(store.read, out, format="xml")  # type: ignore[operator]
    assert out.getvalue() == ""
    assert FORMATS == ("csv", "csv-excel", "jsonl")


def test_export_jsonl_escapes_unicode_line_separators(tmp_path: Path) -> None:
    body = "one\u2028two\u2029three\x85four"
    with open_store(tmp_path / "t.db") as s:
        s.save_document(
            make_article("d", body, body), kind="text", events=[make_event("d", 0, body)], **VERSIONS
        )
        articles, events = io.StringIO(), io.StringIO()
        export_articles(s.read, articles, format="jsonl")
        export_events(s.read, events, format="jsonl")
    for out in (articles, events):
        [line] = out.getvalue().splitlines()
        assert json.loads(line)["doc_id"] == "d"
    assert json.loads(articles.getvalue())["body"] == body
    assert json.loads(events.getvalue())["evidence"] == body


def test_export_events_empty_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "e.db") as s:
        jsonl, table = io.StringIO(), io.StringIO()
        assert export_events(s.read, jsonl, format="jsonl") == 0
        assert export_events(s.read, table, format="csv") == 0
    assert jsonl.getvalue() == ""
    assert table.getvalue() == ",".join(EVENT_FIELDS) + "\n"


def test_export_events_to_file_reads_back(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        export_events(store.read, fh, format="jsonl")
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    assert [r["evidence"] for r in records] == [r["evidence"] for r in store.read.events()]


# Any unicode except surrogates (which cannot be stored as UTF-8) survives the trip.
texts = st.text(min_size=1)


@settings(max_examples=60, deadline=None)
@given(title=st.none() | st.text(), body=texts, evidence=texts, location=st.none() | st.text())
def test_store_export_round_trip_property(
    title: str | None, body: str, evidence: str, location: str | None
) -> None:
    with open_store(":memory:") as s:
        event = make_event("p", 3, evidence, location=location)
        s.save_document(make_article("p", title, body), kind="text", events=[event], **VERSIONS)
        articles, events = io.StringIO(), io.StringIO()
        export_articles(s.read, articles, format="jsonl")
        export_events(s.read, events, format="jsonl")
    [article_line] = articles.getvalue().splitlines()
    [event_line] = events.getvalue().splitlines()
    article = json.loads(article_line)
    assert (article["title"], article["body"]) == (title, body)
    record = json.loads(event_line)
    assert (record["evidence"], record["location"]) == (evidence, location)
    assert (record["evidence_start"], record["evidence_end"]) == (3, 3 + len(evidence))


@settings(max_examples=40, deadline=None)
@given(before=st.text(), word=st.from_regex(r"[a-z]{3,12}", fullmatch=True), after=st.text())
def test_store_search_finds_any_embedded_word_property(before: str, word: str, after: str) -> None:
    with open_store(":memory:") as s:
        s.save_document(make_article("p", None, f"{before} {word} {after}"), kind="text", **VERSIONS)
        s.save_document(make_article("q", None, "unrelated"), kind="text", **VERSIONS)
        assert "p" in [a["doc_id"] for a in s.read.articles(q=f'"{word}"')]
