"""The notebook-friendly read-only wrapper: lists of dicts or pandas DataFrames."""

from __future__ import annotations

import dataclasses
import json
import sys
import threading
from pathlib import Path

import pytest

from armswatch.models import Article, Event
from armswatch.notebook import NotebookDB, open_db
from armswatch.store import StoreError, open_store
from armswatch.store.fields import EVENT_FIELDS

VERSIONS = {"armswatch_version": "0.1.0", "kb_version": "kb-1"}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "n.db"
    body = "Russia sold S-400 systems to India."
    article = Article(
        doc_id="n1",
        source="n1.txt",
        text=body,
        content_hash="h",
        fetched_at="2024-01-01T00:00:00Z",
        title="S-400 deal",
        published="2018-10-05",
        outlet="Wire",
    )
    event = Event(
        doc_id="n1",
        type="arms_transfer",
        source=("RUS",),
        target=("IND",),
        weapons=("air_defence",),
        factuality="certain",
        attributed_to=None,
        date="2018-10",
        location=None,
        evidence=body,
        evidence_start=0,
        evidence_end=len(body),
    )
    with open_store(path) as s:
        s.save_document(article, kind="text", events=[event], **VERSIONS)
    return path


def test_open_db_lists(db_path: Path) -> None:
    with open_db(db_path) as db:
        assert isinstance(db, NotebookDB)
        assert db.store.readonly
        [event] = db.events(weapon="air_defence")
        assert event.target == ("IND",)
        assert event.to_dict()["target"] == ["IND"]
        assert db.events(type="sanction") == []
        assert [a["doc_id"] for a in db.articles(q="S-400")] == ["n1"]
        assert db.mentions("n1") == []
        assert db.summary()["events"] == 1


def test_open_db_frames(db_path: Path) -> None:
    pytest.importorskip("pandas")
    with open_db(db_path) as db:
        events = db.events(as_frame=True, source="RUS")
        assert list(events.columns) == list(EVENT_FIELDS)
        assert events.loc[0, "weapons"] == ["air_defence"]
        empty = db.events(as_frame=True, type="sanction")
        assert len(empty) == 0 and list(empty.columns) == list(EVENT_FIELDS)
        articles = db.articles(as_frame=True)
        assert articles.loc[0, "title"] == "S-400 deal"


def test_open_db_frames_without_pandas(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with open_db(db_path) as db, pytest.raises(ModuleNotFoundError, match=r"armswatch\[frame\]"):
        db.events(as_frame=True)


def test_open_db_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        open_db(tmp_path / "none.db")


# --- the whole product from Python ----------------------------------------------------------


def test_open_db_reaches_facts_flags_stories_actors_and_the_network(db: Path) -> None:
    # ``db`` is the hand-made database of the API tests, with its facts, stories and flags.
    with open_db(db) as handle:
        facts = handle.facts()
        assert facts and all("flags" in f for f in facts)
        fact = handle.fact(facts[0]["fact_id"])
        assert fact is not None and fact["events"]
        assert handle.fact("nope") is None
        flags = handle.flags()
        assert flags and {f["status"] for f in handle.flags(status="breach")} <= {"breach"}
        regime = flags[0]["regime"]
        assert all(f["regime"] == regime for f in handle.flags(regime=regime))
        stories = handle.stories()
        assert stories
        story = handle.story(stories[0]["story_id"])
        assert story is not None and story["articles"]
        actors = handle.actors()
        assert actors
        first = actors[0]["actor_id"]
        actor = handle.actor(first.lower())
        assert actor is not None and actor["actor_id"] == first
        network = handle.network()
        assert network["nodes"] and network["edges"]
        assert handle.facts(as_frame=True).shape[0] == len(facts)


def test_filters_take_names_and_any_case(db: Path) -> None:
    with open_db(db) as handle:
        by_id = handle.facts(actor="PRK")
        assert by_id
        assert handle.facts(actor="prk") == by_id
        assert handle.facts(actor="North Korea") == by_id


def test_a_misspelt_filter_is_a_type_error_naming_the_valid_ones(db: Path) -> None:
    with open_db(db) as handle:
        with pytest.raises(TypeError, match=r"'typ'.*valid filters: type, source"):
            handle.events(typ="meeting")
        with pytest.raises(TypeError, match="valid filters"):
            handle.facts(flaged=True)


def test_a_bad_filter_value_is_a_value_error_with_a_suggestion(db: Path) -> None:
    with open_db(db) as handle:
        with pytest.raises(ValueError, match=r"did you mean arms_transfer\?"):
            handle.events(type="arms_transfers")
        with pytest.raises(ValueError, match="2024-13"):
            handle.facts(since="2024-13")


def test_extract_and_db_events_return_one_record_type(db_path: Path) -> None:
    import armswatch

    [read] = [e for e in armswatch.extract("Iran sent drones to Russia.") if e.type == "arms_transfer"]
    with open_db(db_path) as handle:
        [stored] = handle.events()
    assert type(read) is type(stored) is armswatch.EventRecord
    for record in (read, stored):
        as_dict = record.to_dict()
        assert list(as_dict) == list(EVENT_FIELDS)
        json.dumps(as_dict)
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.type = "meeting"  # type: ignore[misc]
    assert read.source == ("IRN",) and read.target == ("RUS",) and read.weapons == ("drones",)


def test_extract_reads_one_sentence_and_checks_published() -> None:
    import armswatch

    events = armswatch.extract("Iran sent drones to Russia.", published="2024-10-29")
    assert [e.type for e in events] == ["arms_transfer"]
    for bad in ("yesterday", "2024-13-01", "Jan 2024"):
        with pytest.raises(ValueError, match="published must be a date"):
            armswatch.extract("Iran sent drones to Russia.", published=bad)


def test_one_handle_serves_several_threads(db: Path) -> None:
    with open_db(db) as handle:
        expected = handle.facts()
        results: list[object] = []
        errors: list[BaseException] = []

        def work() -> None:
            try:
                for _ in range(5):
                    results.append(handle.facts() == expected and bool(handle.events()))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == [] and results == [True] * 20


def test_open_db_filters_facts_by_their_status(db: Path) -> None:
    with open_db(db) as handle:
        everything = handle.facts()
        status = everything[0]["status"]
        chosen = handle.facts(status=status.upper())
        with pytest.raises(ValueError, match="did you mean claimed"):
            handle.facts(status="claimd")
    assert chosen and [f["fact_id"] for f in chosen] == [
        f["fact_id"] for f in everything if f["status"] == status
    ]
