"""PLOVER/POLECAT-style event records."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api_support import synthetic_db
from armswatch.cli import cli
from armswatch.export.plover import PLOVER_FIELDS, export_plover, plover_record, plover_records
from armswatch.store import open_store

ACTORS = {
    "PRK": ("North Korea", "state"),
    "RUS": ("Russia", "state"),
    "USA": ("United States", "state"),
    "IRN": ("Iran", "state"),
    "UNSC": ("UN Security Council", "organisation"),
    "iran_air": ("Iran Air", "company"),
    "wagner": ("Wagner Group", "group"),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_db(tmp_path_factory.mktemp("plover") / "x.db", facts=False)


def _event(**kw: object) -> dict[str, object]:
    event: dict[str, object] = {
        "event_id": "e1",
        "doc_id": "d1",
        "type": "arms_transfer",
        "source": ["PRK"],
        "target": ["RUS"],
        "weapons": ["missiles"],
        "factuality": "certain",
        "attributed_to": "USA",
        "date": "2024-01",
        "location": "Zaporizhzhia",
        "evidence": "North Korea supplied missiles to Russia.",
        "evidence_start": 10,
        "evidence_end": 50,
        "plover_code": "AID",
        "plover_mode": "military",
        "confidence": 0.8,
        "armswatch_version": "0.1.0",
        "kb_version": "kb-1",
    }
    event.update(kw)
    return event


def test_transfer_maps_to_plover_aid() -> None:
    article = {
        "published": "2024-01-04",
        "url": "https://x.example/a",
        "title": "T",
        "outlet": "O",
        "lang": "en",
    }
    record = plover_record(_event(), article, actors=ACTORS)
    assert list(record) == list(PLOVER_FIELDS)
    assert record["event_type"] == "AID"
    assert record["event"] == ["AID"]
    assert record["mode"] == "military"
    assert record["context"] == ["military"]
    assert record["quad_code"] == 2
    assert record["source"] == [{"code": "PRK", "actor_text": "North Korea"}]
    assert record["recipient"] == [{"code": "RUS", "actor_text": "Russia"}]
    assert (record["actors"], record["recipients"]) == (["PRK"], ["RUS"])
    assert (record["date"], record["date_precision"], record["publication_date"]) == (
        "2024-01",
        "month",
        "2024-01-04",
    )
    assert record["text"] == "North Korea supplied missiles to Russia."
    assert record["text_info"] == {"start": 10, "end": 50}
    assert record["event_loc"] == {"name": "Zaporizhzhia"}
    assert record["cite_info"]["publication"] == "O"
    assert record["cite_info"]["coder"] == "armswatch 0.1.0"
    assert record["negated"] is False


def test_factuality_maps_to_context_and_negation() -> None:
    possible = plover_record(_event(factuality="possible", weapons=["nuclear"]), None)
    assert possible["context"] == ["military", "cbrn", "hypothetical"]
    negated = plover_record(_event(factuality="negated"), None)
    assert negated["negated"] is True
    assert negated["factuality"] == "negated"
    assert "hypothetical" not in negated["context"]


def test_non_state_actors_get_plover_codes_and_identifiers() -> None:
    record = plover_record(
        _event(type="sanction", source=["UNSC"], target=["IRN", "iran_air", "wagner"]), None, actors=ACTORS
    )
    assert record["source"] == [
        {"code": "IGO", "identifier_id": "UNSC", "identifier_text": "UN Security Council"}
    ]
    assert [a["code"] for a in record["recipient"]] == ["IRN", "MNC", "IMG"]


def test_demand_is_plover_demand_and_dates_keep_their_precision() -> None:
    record = plover_record(_event(type="demand", plover_code="REQUEST", plover_mode="", date=None), None)
    assert record["event_type"] == "DEMAND"
    assert record["quad_code"] == 3
    assert record["mode"] is None
    assert (record["date"], record["date_precision"]) == (None, None)
    assert plover_record(_event(date="2023"), None)["date_precision"] == "year"
    assert plover_record(_event(date="2023-09-13"), None)["date_precision"] == "day"


def test_store_events_export_with_their_articles(db: Path) -> None:
    out = io.StringIO()
    with open_store(db, readonly=True) as store:
        n = export_plover(store.read, out, actors=ACTORS)
        events = list(store.read.events())
        filtered = list(plover_records(store.read, type="sanction"))
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(records) == len(events)
    assert [r["id"] for r in records] == [e["event_id"] for e in events]
    by_id = {r["id"]: r for r in records}
    for event in events:
        record = by_id[event["event_id"]]
        assert record["text"] == event["evidence"]
        assert record["doc_id"] == event["doc_id"]
    a1 = [r for r in records if r["doc_id"] == "a1"]
    assert {r["cite_info"]["publication"] for r in a1} == {"Alpha Post"}
    assert {r["publication_date"] for r in a1} == {"2023-10-14"}
    assert [r["recipients"] for r in filtered] == [["IRN", "iran_air"]]


def test_cli_export_events_plover(db: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "events", "--db", str(db), "--format", "plover", "--source", "IRN"]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["event_type"], r["actors"], r["recipients"]) for r in records] == [("AID", ["IRN"], ["RUS"])]
    assert records[0]["source"] == [{"code": "IRN", "actor_text": "Iran"}]
