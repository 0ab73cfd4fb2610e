"""The notebook-friendly read-only wrapper: lists of dicts or pandas DataFrames."""

from __future__ import annotations

import sys
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
        assert event["target"] == ["IND"]
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
