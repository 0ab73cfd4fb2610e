"""Actors with their relations, the actor network and the timeline, over HTTP."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api_support import serve, synthetic_db
from armswatch.api.aggregate import ActorIndex, build_actor_index, network, timeline
from armswatch.store import open_store


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    with serve(db) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield http


def _get(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _relations(actor: dict[str, Any]) -> dict[tuple[str, str, str], tuple[int, int]]:
    return {
        (r["partner"], r["type"], r["direction"]): (r["n_facts"], r["n_events"]) for r in actor["relations"]
    }


# --- actors ------------------------------------------------------------------------------


def test_actor_list_counts_facts_and_events(client: httpx.Client) -> None:
    page = _get(client, "/api/v1/actors", limit=100)
    actors = {a["actor_id"]: a for a in page["items"]}
    assert set(actors) == {"PRK", "RUS", "USA", "IRN", "DEU", "UKR", "iran_air"}
    assert page["items"][0]["actor_id"] == "RUS"  # named by the most facts (8 of 10)
    assert (actors["PRK"]["n_facts"], actors["PRK"]["n_events"]) == (6, 7)
    assert actors["PRK"]["name"] == "North Korea"
    assert actors["PRK"]["kind"] == "state"
    assert actors["iran_air"]["kind"] == "company"


def test_actor_list_filters(client: httpx.Client) -> None:
    assert [a["actor_id"] for a in _get(client, "/api/v1/actors", q="korea")["items"]] == ["PRK"]
    assert [a["actor_id"] for a in _get(client, "/api/v1/actors", q="iran_")["items"]] == ["iran_air"]
    states = _get(client, "/api/v1/actors", kind="state", limit=100)["items"]
    assert "iran_air" not in {a["actor_id"] for a in states}
    assert len(states) == 6
    first = _get(client, "/api/v1/actors", limit=2)
    second = _get(client, "/api/v1/actors", limit=2, offset=2)
    assert first["next_offset"] == 2
    everything = _get(client, "/api/v1/actors", limit=100)["items"]
    assert first["items"] + second["items"] == everything[:4]


def test_actor_relations_per_partner_type_and_direction(client: httpx.Client) -> None:
    prk = _get(client, "/api/v1/actors/PRK")
    relations = _relations(prk)
    # Three transfer facts (Sept shells, Nov shells, Jan missiles) from four reports.
    assert relations[("RUS", "arms_transfer", "out")] == (3, 4)
    assert relations[("RUS", "meeting", "mutual")] == (1, 1)  # symmetric: no visitor/host split
    assert relations[("RUS", "military_cooperation", "mutual")] == (1, 1)
    assert relations[("USA", "accusation", "in")] == (1, 1)
    assert prk["relations"][0]["partner"] == "RUS"
    assert prk["relations"][0]["partner_name"] == "Russia"
    rus = _relations(_get(client, "/api/v1/actors/RUS"))
    assert rus[("PRK", "arms_transfer", "in")] == (3, 4)
    assert rus[("IRN", "arms_transfer", "in")] == (1, 1)
    assert rus[("PRK", "military_cooperation", "mutual")] == (1, 1)


def test_actor_known_to_the_kb_but_never_named(client: httpx.Client) -> None:
    fra = _get(client, "/api/v1/actors/FRA")
    assert (fra["name"], fra["n_facts"], fra["n_events"], fra["relations"]) == ("France", 0, 0, [])


def test_actor_index_of_an_empty_database() -> None:
    with open_store(":memory:") as store:
        index: ActorIndex = build_actor_index(store.read, {})
    assert index.actors() == []
    assert index.actor("XYZ") is None


# --- network -----------------------------------------------------------------------------


def test_network_of_facts(client: httpx.Client, db: Path) -> None:
    data = _get(client, "/api/v1/network")
    assert data["basis"] == "facts"
    assert data["truncated"] is False
    edges = {e["id"]: e for e in data["edges"]}
    transfer = edges["PRK|RUS|arms_transfer"]
    assert (transfer["weight"], transfer["n_events"], transfer["mutual"]) == (3, 4, False)
    assert data["edges"][0]["id"] == "PRK|RUS|arms_transfer"  # heaviest first
    assert edges["PRK|RUS|military_cooperation"]["mutual"] is True
    assert {n["id"] for n in data["nodes"]} == {"PRK", "RUS", "USA", "IRN", "DEU", "UKR", "iran_air"}
    with open_store(db, readonly=True) as store:
        facts = {f["fact_id"]: f for f in store.read.facts()}
    for edge in data["edges"]:
        assert len(edge["records"]) == edge["weight"]
        for record in edge["records"]:
            fact = facts[record["id"]]
            assert fact["type"] == edge["type"]
            assert record["summary"] == fact["summary"]
            assert edge["source"] in fact["source"] + fact["target"]


def test_network_filters(client: httpx.Client) -> None:
    transfers = _get(client, "/api/v1/network", type="arms_transfer")
    assert {e["type"] for e in transfers["edges"]} == {"arms_transfer"}
    heavy = _get(client, "/api/v1/network", min_weight=2)
    assert [e["id"] for e in heavy["edges"]] == ["PRK|RUS|arms_transfer"]
    assert {n["id"] for n in heavy["nodes"]} == {"PRK", "RUS"}
    top = _get(client, "/api/v1/network", max_edges=1)
    assert (len(top["edges"]), top["truncated"]) == (1, True)
    usa = _get(client, "/api/v1/network", actor="USA")
    assert {e["id"] for e in usa["edges"]} == {
        "USA|PRK|accusation",
        "USA|IRN|sanction",
        "USA|iran_air|sanction",
    }
    possible = _get(client, "/api/v1/network", factuality="possible")
    assert {e["id"] for e in possible["edges"]} == {"DEU|UKR|arms_transfer", "PRK|RUS|military_cooperation"}
    assert _get(client, "/api/v1/network", since="2030")["edges"] == []
    lone = _get(client, "/api/v1/network", actor="FRA")
    assert lone["edges"] == []


def test_network_of_events_on_request(client: httpx.Client) -> None:
    data = _get(client, "/api/v1/network", basis="events")
    assert data["basis"] == "events"
    transfer = next(e for e in data["edges"] if e["id"] == "PRK|RUS|arms_transfer")
    assert transfer["weight"] == 4
    assert {r["doc_id"] for r in transfer["records"]} == {"a1", "a2", "a3", "a7"}


def test_network_falls_back_to_events_without_facts(tmp_path: Path) -> None:
    db = synthetic_db(tmp_path / "events.db", facts=False)
    with open_store(db, readonly=True) as store:
        data = network(store.read, names={})
        buckets = timeline(store.read)
    assert data["basis"] == "events"
    assert len(data["edges"]) == 8
    assert buckets["basis"] == "events"
    assert sum(b["n"] for b in buckets["buckets"]) + sum(buckets["undated"].values()) == 11


# --- timeline ----------------------------------------------------------------------------


def test_timeline_per_month_and_type(client: httpx.Client, db: Path) -> None:
    data = _get(client, "/api/v1/timeline")
    assert (data["basis"], data["interval"]) == ("facts", "month")
    counts = {(b["period"], b["type"]): b["n"] for b in data["buckets"]}
    assert counts[("2023-09", "arms_transfer")] == 1
    assert counts[("2023-09", "meeting")] == 1
    assert counts[("2024-01", "arms_transfer")] == 1
    assert [b["period"] for b in data["buckets"]] == sorted(b["period"] for b in data["buckets"])
    # Iran's drones are dated "2022" only: too coarse for a month.
    assert data["undated"] == {"arms_transfer": 1}
    with open_store(db, readonly=True) as store:
        total = sum(1 for _ in store.read.facts())
    assert sum(counts.values()) + sum(data["undated"].values()) == total


def test_timeline_per_year_and_filtered(client: httpx.Client) -> None:
    years = _get(client, "/api/v1/timeline", interval="year")
    per_year: Counter[str] = Counter()
    for bucket in years["buckets"]:
        per_year[bucket["period"]] += bucket["n"]
    assert per_year == Counter({"2022": 1, "2023": 8, "2024": 1})
    assert years["undated"] == {}
    prk = _get(client, "/api/v1/timeline", actor="PRK", type="arms_transfer")
    assert {b["type"] for b in prk["buckets"]} == {"arms_transfer"}
    assert sum(b["n"] for b in prk["buckets"]) == 3


def test_actor_filters_take_names_and_any_case(db: Path) -> None:
    with serve(db) as url:
        by_id = httpx.get(f"{url}/api/v1/facts", params={"source": "PRK"}).json()["items"]
        for value in ("prk", "North Korea", "north korea"):
            assert httpx.get(f"{url}/api/v1/facts", params={"source": value}).json()["items"] == by_id
        assert httpx.get(f"{url}/api/v1/network", params={"actor": "prk"}).json()["edges"]
        assert httpx.get(f"{url}/api/v1/facts", params={"actor": "Narnia"}).json()["items"] == []
    assert by_id
