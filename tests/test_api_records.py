"""The HTTP API's record endpoints, queried over HTTP from a live server on 127.0.0.1.

The library is the oracle: every filter must give exactly what the ``Store`` query gives, and
pages must add up to the whole list.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_support import XSS_TEXT, serve
from armswatch.store import open_store


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    with serve(db) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def _items(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(path, params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["next_offset"] is None
    return list(page["items"])


def _all_pages(client: httpx.Client, path: str, limit: int, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get(path, params={"limit": limit, "offset": offset, **params}).json()
        assert page["offset"] == offset
        assert page["limit"] == limit
        assert len(page["items"]) <= limit
        items.extend(page["items"])
        offset = page["next_offset"]
    return items


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


# --- articles ----------------------------------------------------------------------------


def test_articles_list_without_bodies_in_doc_id_order(client: httpx.Client) -> None:
    items = _items(client, "/api/v1/articles")
    assert [a["doc_id"] for a in items] == ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]
    assert "body" not in items[0]
    assert items[0]["outlet"] == "Alpha Post"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "shells"}, {"a1", "a2", "a7"}),
        ({"q": '"ballistic missiles"'}, {"a3"}),
        ({"q": "Kremlin denied"}, {"a2"}),
        ({"q": "nothing-like-this"}, set()),
        ({"outlet": "Alpha Post"}, {"a1", "a4"}),
        ({"since": "2023-10"}, {"a1", "a2", "a3", "a7"}),
        ({"until": "2023-01"}, {"a4", "a6"}),
        ({"since": "2023", "until": "2023-09-30", "outlet": "Beta News"}, {"a5"}),
    ],
)
def test_article_filters(client: httpx.Client, db: Path, params: dict[str, str], expected: set[str]) -> None:
    items = _items(client, "/api/v1/articles", **params)
    assert {a["doc_id"] for a in items} == expected
    with open_store(db, readonly=True) as store:
        assert [a["doc_id"] for a in items] == [a["doc_id"] for a in store.read.articles(**params)]


def test_article_detail_has_body_and_events_whose_offsets_point_into_it(client: httpx.Client) -> None:
    article = client.get("/api/v1/articles/a3").json()
    assert article["title"] == "Russia fired North Korean missiles 📍 at Ukraine"
    assert [e["type"] for e in article["events"]] == ["arms_transfer"]
    event = article["events"][0]
    # Offsets count code points: the map pin before the evidence is one character.
    assert article["body"][event["evidence_start"] : event["evidence_end"]] == event["evidence"]


def test_payloads_come_back_as_the_same_text(client: httpx.Client) -> None:
    article = client.get("/api/v1/articles/a7").json()
    assert XSS_TEXT in article["body"]
    assert article["title"] == f"Report {XSS_TEXT}"


# --- events ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "arms_transfer"},
        {"source": "PRK"},
        {"target": "RUS"},
        {"actor": "USA"},
        {"actor": "RUS", "type": "denial"},
        {"weapon": "ammunition"},
        {"factuality": "possible"},
        {"since": "2023-09", "until": "2023-12"},
        {"until": "2022"},
        {"doc_id": "a5"},
        {"source": "PRK", "target": "RUS", "weapon": "missiles", "factuality": "certain"},
    ],
)
def test_event_filters_match_the_store(client: httpx.Client, db: Path, params: dict[str, str]) -> None:
    items = _items(client, "/api/v1/events", **params)
    with open_store(db, readonly=True) as store:
        assert items == list(store.read.events(**params))
    for event in items:
        if "source" in params:
            assert params["source"] in event["source"]
        if "weapon" in params:
            assert params["weapon"] in event["weapons"]


def test_event_pages_add_up(client: httpx.Client) -> None:
    everything = _items(client, "/api/v1/events")
    assert len(everything) == 11
    for limit in (1, 2, 4, 11, 12):
        assert _all_pages(client, "/api/v1/events", limit) == everything
    last = client.get("/api/v1/events", params={"limit": 5, "offset": 10}).json()
    assert (len(last["items"]), last["next_offset"]) == (1, None)
    beyond = client.get("/api/v1/events", params={"offset": 500}).json()
    assert (beyond["items"], beyond["next_offset"]) == ([], None)


def test_event_detail(client: httpx.Client) -> None:
    first = _items(client, "/api/v1/events", doc_id="a4")[0]
    assert client.get(f"/api/v1/events/{first['event_id']}").json() == first


# --- facts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"type": "arms_transfer"},
        {"source": "PRK"},
        {"target": "RUS"},
        {"actor": "RUS"},
        {"weapon": "ammunition"},
        {"factuality": "possible"},
        {"since": "2023-09", "until": "2023-12"},
        {"flagged": "true"},
        {"flagged": "false"},
        {"type": "arms_transfer", "source": "PRK", "flagged": "true", "since": "2024"},
    ],
)
def test_fact_filters_match_the_store(client: httpx.Client, db: Path, params: dict[str, str]) -> None:
    items = _items(client, "/api/v1/facts", **params)
    filters: dict[str, Any] = {**params}
    if "flagged" in filters:
        filters["flagged"] = filters["flagged"] == "true"
    with open_store(db, readonly=True) as store:
        assert items == list(store.read.facts(**filters))
    if params.get("flagged") == "true":
        assert items and all(f["flags"] for f in items)


def test_facts_are_ordered_by_corroboration(client: httpx.Client) -> None:
    items = _items(client, "/api/v1/facts")
    assert len(items) == 10
    assert items[0]["n_outlets"] == 2  # PRK -> RUS shells, told by Alpha Post and Beta News
    assert [f["n_outlets"] for f in items] == sorted((f["n_outlets"] for f in items), reverse=True)
    assert _all_pages(client, "/api/v1/facts", 3) == items


def test_fact_search_finds_facts_through_their_articles(client: httpx.Client, db: Path) -> None:
    found = _items(client, "/api/v1/facts", q="Kremlin")
    # a2 tells of the shells and of the Kremlin's denial: both facts, in the store's order.
    assert sorted(f["type"] for f in found) == ["arms_transfer", "denial"]
    with open_store(db, readonly=True) as store:
        for fact in found:
            detail = store.read.fact(fact["fact_id"])
            assert detail is not None
            assert "a2" in {e["doc_id"] for e in detail["events"]}
    narrowed = _items(client, "/api/v1/facts", q="Kremlin", type="denial")
    assert [f["type"] for f in narrowed] == ["denial"]
    assert _items(client, "/api/v1/facts", q="nothing-like-this") == []
    paged = _all_pages(client, "/api/v1/facts", 1, q="shells")
    assert paged == _items(client, "/api/v1/facts", q="shells")
    # Shells are in a1, a2 and a7: their two transfer facts, a2's denial and a1's accusation.
    assert sorted(f["type"] for f in paged) == ["accusation", "arms_transfer", "arms_transfer", "denial"]


def test_fact_detail_has_events_with_articles_and_flags(client: httpx.Client) -> None:
    top = _items(client, "/api/v1/facts", weapon="ammunition", since="2023-09", until="2023-09")[0]
    fact = client.get(f"/api/v1/facts/{top['fact_id']}").json()
    assert {e["doc_id"] for e in fact["events"]} == {"a1", "a2"}
    assert {e["outlet"] for e in fact["events"]} == {"Alpha Post", "Beta News"}
    assert all(e["relation"] == "support" for e in fact["events"])
    assert fact["flags"] and fact["flags"][0]["status"] == "breach"
    assert {f["regime"] for f in fact["flags"]} == {"dprk"}


# --- stories and flags -------------------------------------------------------------------


def test_stories_and_a_story(client: httpx.Client, db: Path) -> None:
    items = _items(client, "/api/v1/stories")
    with open_store(db, readonly=True) as store:
        assert items == list(store.read.stories())
    assert _all_pages(client, "/api/v1/stories", 2) == items
    story = client.get(f"/api/v1/stories/{items[0]['story_id']}").json()
    assert story["n_articles"] == len(story["articles"])
    assert {"doc_id", "title", "near_duplicate_of"} <= set(story["articles"][0])


def test_flags_filter_by_status_and_regime(client: httpx.Client, db: Path) -> None:
    items = _items(client, "/api/v1/flags")
    with open_store(db, readonly=True) as store:
        assert items == list(store.read.flags())
    # Iran's word about its own drones is a claim: an alleged breach, not a breach.
    assert items and {f["status"] for f in items} == {"breach", "alleged_breach"}
    assert {f["fact_status"] for f in items if f["status"] == "alleged_breach"} == {"claimed"}
    assert _items(client, "/api/v1/flags", status="potential") == []
    regime = items[0]["regime"]
    assert _items(client, "/api/v1/flags", regime=regime) == [f for f in items if f["regime"] == regime]
    assert _items(client, "/api/v1/flags", regime="no such regime") == []


# --- CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["articles", "events", "facts", "stories", "flags", "actors"])
def test_every_list_speaks_csv(client: httpx.Client, path: str) -> None:
    items = _items(client, f"/api/v1/{path}")
    by_param = _csv(client.get(f"/api/v1/{path}", params={"format": "csv", "limit": 1000}))
    by_header = _csv(client.get(f"/api/v1/{path}", params={"limit": 1000}, headers={"Accept": "text/csv"}))
    assert by_param == by_header
    assert len(by_param) == len(items)
    key = next(iter(items[0]))
    assert [row[key] for row in by_param] == [str(item[key]) for item in items]


def test_csv_joins_lists_and_flattens_flags(client: httpx.Client) -> None:
    rows = _csv(client.get("/api/v1/facts", params={"format": "csv", "type": "sanction"}))
    assert rows[0]["target"] == "IRN;iran_air"
    flagged = _csv(client.get("/api/v1/facts", params={"format": "csv", "flagged": "true", "limit": 1}))
    assert flagged[0]["flags"].startswith("breach ")
    # The regime and the reasoning of each flag stay beside its label.
    assert flagged[0]["flag_regimes"] and flagged[0]["flag_reasoning"].startswith(flagged[0]["type"])


def test_accept_header_negotiation(client: httpx.Client) -> None:
    def kind(accept: str, **params: str) -> str:
        response = client.get("/api/v1/events", params={"limit": 1, **params}, headers={"Accept": accept})
        return str(response.headers["content-type"]).split(";")[0]

    assert kind("text/csv") == "text/csv"
    assert kind("application/json, text/csv;q=0.5") == "application/json"
    assert kind("text/csv;q=0.9, application/json;q=0.5") == "text/csv"
    assert kind("text/html,application/xhtml+xml,*/*;q=0.8") == "application/json"
    assert kind("text/csv;q=0") == "application/json"
    assert kind("text/csv", format="json") == "application/json"
    assert kind("application/json", format="csv") == "text/csv"


# --- database ----------------------------------------------------------------------------


def test_summary_counts_everything(client: httpx.Client) -> None:
    summary = client.get("/api/v1/summary").json()
    assert (summary["articles"], summary["events"], summary["facts"]) == (7, 11, 10)
    assert summary["flags"] >= 1
    assert summary["kb_version"] == "test-kb"


def test_facts_filter_by_status_and_vocabulary_lists_statuses(client: httpx.Client, db: Path) -> None:
    vocabulary = client.get("/api/v1/vocabulary").json()
    assert vocabulary["fact_statuses"] == ["reported", "claimed", "hedged", "disputed", "denied"]
    assert "alleged_breach" in vocabulary["flag_statuses"]
    claimed = _items(client, "/api/v1/facts", status="claimed")
    with open_store(db, readonly=True) as store:
        assert claimed == list(store.read.facts(status="claimed"))
    assert claimed and all(f["status"] == "claimed" and f["status_note"] for f in claimed)
    assert client.get("/api/v1/facts", params={"status": "certain"}).status_code == 422
