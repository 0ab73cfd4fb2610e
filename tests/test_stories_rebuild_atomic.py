"""Issue 17, atomicity for readers: ``armswatch rebuild`` swaps the new stories and facts in at
once (readers keep the old set meanwhile, a killed rebuild leaves it whole), and an API answer
is read in one transaction. Real ``armswatch rebuild`` processes on a database of 400 reports."""

from __future__ import annotations

import datetime
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from armswatch.api import routes
from armswatch.store import SQLiteReader, open_store
from armswatch.stories import update
from stories_support import article, event, save

PAIRS = (("PRK", "RUS"), ("IRN", "RUS"), ("USA", "UKR"), ("DEU", "UKR"), ("FRA", "IND"), ("CHN", "PAK"))
N_REPORTS = 400


def _report(n: int) -> tuple[str, str, tuple[str, str]]:
    day = datetime.date(2015, 1, 1) + datetime.timedelta(days=9 * n)
    pair = PAIRS[n % len(PAIRS)]
    text = (
        f"Officials said {pair[0]} shipped consignment {n} to {pair[1]} on {day:%d %B %Y}. "
        f"The list named crate{n} with lot{n % 13} and pallet{n % 29} from depot{n % 7}. "
        f"The ministry of region{n % 17} filed note {n * 3}."
    )
    return day.isoformat(), text, pair


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of reports of six pairs over eleven years, its stories and facts built."""
    path = tmp_path_factory.mktemp("rebuild") / "built.db"
    with open_store(path) as store:
        for n in range(N_REPORTS):
            published, text, (source, target) = _report(n)
            doc_id = f"r{n:04d}"
            art = article(doc_id, text, published=published, outlet=f"Outlet {n % 5}")
            save(store, art, [event(doc_id, text, source=(source,), target=(target,), date=published)])
        update(store)
    return path


@pytest.fixture
def db(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copy(built, copy)
    return copy


def _story_set(db: Path) -> dict[str, Any]:
    with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return {
            "facts": conn.execute("SELECT fact_id, n_events FROM facts ORDER BY fact_id").fetchall(),
            "fact_events": conn.execute("SELECT count(*) FROM fact_events").fetchone()[0],
            "stories": conn.execute("SELECT story_id, n_articles FROM stories ORDER BY story_id").fetchall(),
            "placed": conn.execute("SELECT count(*) FROM articles WHERE story IS NOT NULL").fetchone()[0],
        }


def _rebuild(db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "armswatch", "rebuild", "--db", str(db), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _write_locked(db: Path) -> bool:
    """True while another connection holds the write lock (a rebuild at work)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
    return False


def test_readers_see_the_old_facts_until_the_rebuild_is_complete(db: Path) -> None:
    before = _story_set(db)
    assert len(before["facts"]) > 10 and before["placed"] == N_REPORTS
    seen = []
    proc = _rebuild(db)
    while proc.poll() is None:
        seen.append(_story_set(db))
    _, err = proc.communicate()
    assert proc.returncode == 0, err.decode()
    seen.append(_story_set(db))
    assert len(seen) > 1
    # Every reading is the old set or the new one (which a rebuild of the same events equals).
    assert all(state == before for state in seen)


def test_a_killed_rebuild_leaves_the_old_stories_and_facts(db: Path) -> None:
    before = _story_set(db)
    proc = _rebuild(db)
    try:
        # Wait until the rebuild is writing, then kill it in the middle of its work.
        while proc.poll() is None and not _write_locked(db) and _story_set(db) == before:
            time.sleep(0.01)
        time.sleep(0.5)
        assert proc.poll() is None, "the rebuild ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.communicate()
    assert _story_set(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # The next rebuild runs to the end, on the same data, to the same set.
    again = _rebuild(db)
    again.communicate()
    assert again.returncode == 0
    assert _story_set(db) == before


def test_a_store_snapshot_reads_one_state_while_another_process_writes(db: Path) -> None:
    with open_store(db, readonly=True) as store, store.snapshot():
        first = next(store.read.facts())
        with sqlite3.connect(db) as other:
            other.execute("DELETE FROM fact_events WHERE fact_id = ?", (first["fact_id"],))
        assert len(store.read.fact_members(first["fact_id"])) == first["n_events"]
    with open_store(db, readonly=True) as store:
        assert store.read.fact_members(first["fact_id"]) == []


def test_the_fact_endpoint_answers_from_one_transaction(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A re-ingest commits between the fact's row and its events: the answer must not mix the two.
    with open_store(db, readonly=True) as store:
        fact = next(store.read.facts())
    members = SQLiteReader.fact_members

    def members_after_a_write(self: SQLiteReader, fact_id: str) -> list[dict[str, Any]]:
        with sqlite3.connect(db) as other:
            other.execute("DELETE FROM fact_events WHERE fact_id = ?", (fact_id,))
            other.execute("UPDATE facts SET n_events = 0 WHERE fact_id = ?", (fact_id,))
        return members(self, fact_id)

    monkeypatch.setattr(SQLiteReader, "fact_members", members_after_a_write)
    # The route's own function, on a request that carries only what it reads: the app's config.
    request: Any = SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(config=SimpleNamespace(db_path=db)))
    )
    answer = routes.get_fact(request, fact["fact_id"])
    assert answer["n_events"] == fact["n_events"]
    assert len(answer["events"]) == fact["n_events"]
