"""Reading the armswatch database: full-text search and every filter of events()."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armswatch.models import Article, Event, Mention
from armswatch.store import Store, open_store

VERSIONS = {"armswatch_version": "0.1.0", "kb_version": "kb-1"}

ARTICLES = {
    "a1": ("Kim visits Vladivostok", "2023-09-15", "Wire A", "The leaders toured the Vostochny cosmodrome."),
    "a2": ("Treaty signed in Pyongyang", "2024-06-20", "Wire B", "A mutual defence pact binds both states."),
    "a3": ("Undated background", None, "Wire A", "Satellite know-how may flow east, analysts say."),
}

# label: (doc_id, type, source, target, weapons, factuality, attributed_to, date)
EVENTS: dict[
    str, tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str | None, str | None]
] = {
    "e1": ("a1", "meeting", ("PRK",), ("RUS",), (), "certain", None, "2023-09-13"),
    "e2": (
        "a1",
        "arms_transfer",
        ("PRK",),
        ("RUS",),
        ("ammunition", "artillery"),
        "possible",
        "USA",
        "2023-09",
    ),
    "e3": ("a2", "military_cooperation", ("RUS", "PRK"), (), (), "certain", None, "2024-06-19"),
    "e4": ("a2", "accusation", ("USA",), ("RUS", "PRK"), (), "certain", "USA", "2024"),
    "e5": ("a3", "tech_transfer", ("RUS",), ("PRK",), ("satellites",), "possible", None, None),
    "e6": ("a3", "arms_transfer", ("RUS",), ("PRK",), ("missiles",), "certain", None, "2023"),
}


def _event(label: str) -> Event:
    doc_id, type_, source, target, weapons, factuality, attributed_to, date = EVENTS[label]
    start = int(label[1:]) * 10
    return Event(
        doc_id=doc_id,
        type=type_,
        source=source,
        target=target,
        weapons=weapons,
        factuality=factuality,
        attributed_to=attributed_to,
        date=date,
        location="Vladivostok" if label == "e1" else None,
        evidence=label,
        evidence_start=start,
        evidence_end=start + 2,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "q.db") as s:
        for doc_id, (title, published, outlet, body) in ARTICLES.items():
            article = Article(
                doc_id=doc_id,
                source=f"{doc_id}.txt",
                text=body,
                content_hash=f"h-{doc_id}",
                fetched_at="2024-07-01T00:00:00Z",
                title=title,
                published=published,
                outlet=outlet,
            )
            mentions = [
                Mention(kind="place", start=4, end=11, text=body[4:11], value="x", sentence=0),
                Mention(
                    kind="actor", start=0, end=3, text=body[:3], value="RUS", sentence=0, members=("A", "B")
                ),
            ]
            events = [_event(label) for label, spec in EVENTS.items() if spec[0] == doc_id]
            s.save_document(article, kind="text", mentions=mentions, events=events[::-1], **VERSIONS)
        yield s


def labels(rows: Iterator[dict[str, object]]) -> list[str]:
    return [str(row["evidence"]) for row in rows]


# -- full-text search ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cosmodrome", ["a1"]),  # a body word
        ("Pyongyang", ["a2"]),  # a title word
        ("treaty", ["a2"]),  # case-insensitive
        ("Vladi*", ["a1"]),  # prefix
        ('"mutual defence"', ["a2"]),  # phrase
        ("defence mutual", ["a2"]),  # all words, any order
        ("know-how", ["a3"]),  # punctuation is text, not syntax
        ("satellite OR cosmodrome", []),  # OR is a word here
        ("submarine", []),
        ('"unterminated', []),
    ],
)
def test_articles_search_plain(store: Store, query: str, expected: list[str]) -> None:
    assert sorted(a["doc_id"] for a in store.read.articles(q=query)) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("satellite OR cosmodrome", ["a1", "a3"]),
        ("title:background", ["a3"]),
        ("NEAR(mutual pact, 3)", ["a2"]),
        ("treaty NOT defence", []),
    ],
)
def test_articles_search_raw_fts(store: Store, query: str, expected: list[str]) -> None:
    assert sorted(a["doc_id"] for a in store.read.articles(q=query, raw_fts=True)) == expected


def test_articles_search_combines_with_filters(store: Store) -> None:
    rows = store.read.articles(q="satellite OR cosmodrome", raw_fts=True, outlet="Wire A", since="2023")
    assert [a["doc_id"] for a in rows] == ["a1"]


@pytest.mark.parametrize("query", ['"unterminated', "AND", "nosuchcolumn:word", "a NEAR("])
def test_articles_invalid_raw_search_query(store: Store, query: str) -> None:
    with pytest.raises(ValueError, match="invalid search query"):
        list(store.read.articles(q=query, raw_fts=True))


@settings(max_examples=100, deadline=None)
@given(query=st.text())
def test_quote_fts_never_fails_property(query: str) -> None:
    article = Article(doc_id="d", source="d", text="alpha beta", content_hash="h", fetched_at="2024-01-01")
    with open_store(":memory:") as s:
        s.save_document(article, kind="text", **VERSIONS)
        assert [a["doc_id"] for a in s.read.articles(q=query)] in ([], ["d"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a1", "a2", "a3"]),
        ({"outlet": "Wire A"}, ["a1", "a3"]),
        ({"since": "2024"}, ["a2"]),
        ({"until": "2023-12"}, ["a1"]),
        ({"since": "2023-09-15", "until": "2023-09-15"}, ["a1"]),
        ({"since": "2023-09-16"}, ["a2"]),
        ({"limit": 2}, ["a1", "a2"]),
        ({"limit": 0}, []),
    ],
)
def test_articles_filters(store: Store, filters: dict[str, object], expected: list[str]) -> None:
    assert [a["doc_id"] for a in store.read.articles(**filters)] == expected  # type: ignore[arg-type]


def test_articles_rows_carry_document_fields(store: Store) -> None:
    row = next(store.read.articles(outlet="Wire B"))
    assert row["title"] == "Treaty signed in Pyongyang"
    assert (row["source"], row["kind"], row["content_hash"]) == ("a2.txt", "text", "h-a2")
    assert row["ingested_at"].endswith("Z")


# -- events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["e1", "e2", "e3", "e4", "e5", "e6"]),
        ({"type": "arms_transfer"}, ["e2", "e6"]),
        ({"type": "arms"}, []),  # exact, not a prefix
        ({"source": "RUS"}, ["e3", "e5", "e6"]),
        ({"source": "PRK"}, ["e1", "e2", "e3"]),
        ({"target": "PRK"}, ["e4", "e5", "e6"]),
        ({"target": "USA"}, []),
        ({"actor": "USA"}, ["e2", "e4"]),  # as source or attributed_to
        ({"weapon": "artillery"}, ["e2"]),
        ({"weapon": "satellites"}, ["e5"]),
        ({"factuality": "possible"}, ["e2", "e5"]),
        ({"doc_id": "a2"}, ["e3", "e4"]),
        ({"since": "2023-09-14"}, ["e2", "e3", "e4", "e6"]),  # "2023-09" and "2023" may lie inside
        ({"since": "2023-10"}, ["e3", "e4", "e6"]),
        ({"until": "2023-12-31"}, ["e1", "e2", "e6"]),
        ({"since": "2024", "until": "2024-06"}, ["e3", "e4"]),
        ({"since": "2023-09-13", "until": "2023-09-13"}, ["e1", "e2", "e6"]),
        ({"source": "RUS", "target": "PRK", "weapon": "missiles"}, ["e6"]),
        ({"type": "arms_transfer", "factuality": "certain", "since": "2023"}, ["e6"]),
        ({"limit": 3}, ["e1", "e2", "e3"]),
    ],
)
def test_events_filters(store: Store, filters: dict[str, object], expected: list[str]) -> None:
    assert labels(store.read.events(**filters)) == expected  # type: ignore[arg-type]


def test_events_without_date_are_dropped_by_date_filters(store: Store) -> None:
    assert "e5" in labels(store.read.events())
    assert "e5" not in labels(store.read.events(since="1900"))
    assert "e5" not in labels(store.read.events(until="2999"))


@pytest.mark.parametrize("bound", ["2023-9", "23", "2023/09/01", "yesterday", "2023-09-01T00:00"])
def test_events_bad_date_bound(store: Store, bound: str) -> None:
    with pytest.raises(ValueError, match="YYYY"):
        list(store.read.events(since=bound))
    with pytest.raises(ValueError, match="YYYY"):
        list(store.read.articles(until=bound))


def test_events_negative_limit(store: Store) -> None:
    with pytest.raises(ValueError):
        list(store.read.events(limit=-1))


def test_events_decoded_record(store: Store) -> None:
    [row] = store.read.events(type="meeting")
    assert row["source"] == ["PRK"] and row["target"] == ["RUS"] and row["weapons"] == []
    assert row["quantities"] == [] and row["location"] == "Vladivostok"
    assert (row["evidence_start"], row["evidence_end"], row["confidence"]) == (10, 12, 0.5)
    assert (row["armswatch_version"], row["kb_version"]) == ("0.1.0", "kb-1")
    assert store.read.event(row["event_id"]) == row
    assert store.read.event("missing") is None


def test_events_order_is_doc_then_offset(store: Store) -> None:
    rows = list(store.read.events())
    keys = [(r["doc_id"], r["evidence_start"], r["type"]) for r in rows]
    assert keys == sorted(keys)


# -- mentions, errors, summary ---------------------------------------------------------------


def test_mentions_in_text_order(store: Store) -> None:
    rows = list(store.read.mentions("a1"))
    assert [(m["kind"], m["start"], m["end"]) for m in rows] == [("actor", 0, 3), ("place", 4, 11)]
    assert rows[0]["members"] == ["A", "B"] and rows[1]["members"] == []
    assert list(store.read.mentions("nope")) == []


def test_summary(store: Store) -> None:
    summary = store.read.summary()
    assert summary["documents"] == summary["articles"] == 3
    assert summary["events"] == 6 and summary["mentions"] == 6 and summary["errors"] == 0
    assert summary["outlets"] == {"Wire A": 2, "Wire B": 1}
    assert summary["articles_without_outlet"] == 0
    assert summary["event_types"]["arms_transfer"] == 2
