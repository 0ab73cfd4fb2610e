"""Issue 17, concurrent writers: they queue for the write lock instead of failing, and when they
truly cannot get it they say so in one line (CLI) or a 503 with Retry-After (API), losing
nothing. Real processes on real files; the test itself holds the lock to stand in for a long
stories batch or rebuild, longer than the five seconds writers used to wait."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from api_support import serve
from armswatch.store import open_store
from armswatch.stories import aggregate

TOKEN = "a-token-of-more-than-sixteen-characters"
#: How long a writer waits for the lock (seconds), for a test that wants it short.
BUSY_TIMEOUT_ENV = "ARMSWATCH_BUSY_TIMEOUT"
#: Seconds the test keeps the write lock: beyond the old five-second wait, from before the
#: ingests start (each reaches its first write, an unreadable file's error row, within a second or two).
HOLD = 10.0

DESKS = ("Harbour Post", "Valley Times", "Ridge Ledger")


def _report(corpus: str, n: int) -> str:
    """A report of its own for each corpus and number (distinct texts, distinct ids)."""
    desk = DESKS[n % len(DESKS)]
    return (
        f"Dispatch {n} of the {corpus} desk. {desk} reporters were told by officials in Seoul that "
        f"North Korea has supplied artillery shells to Russia, with rail cars crossing the border "
        f"on {n + 2} nights in September 2023. The officials cited satellite pictures of depot {n} "
        f"and of the {corpus} yard."
    )


def _corpus(root: Path, name: str, size: int) -> list[str]:
    folder = root / name
    folder.mkdir()
    # Sorted first: an empty file, whose error row is the ingest's first write.
    (folder / "000-empty.txt").write_bytes(b"")
    ids = []
    for n in range(size):
        doc_id = f"{name}-{n:02d}"
        (folder / f"{doc_id}.txt").write_text(_report(name, n), encoding="utf-8")
        ids.append(doc_id)
    return ids


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != BUSY_TIMEOUT_ENV}
    env.update(extra)
    return env


def _ingest(folder: Path, db: Path, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "armswatch", "ingest", str(folder), "--db", str(db), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(**env),
    )


@contextmanager
def write_lock(db: Path) -> Iterator[sqlite3.Connection]:
    """Hold the database's write lock (as a long stories batch or a rebuild does) for the block."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
        conn.close()


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_two_ingests_of_different_corpora_at_once_store_every_document_once(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    open_store(db).close()
    ids = _corpus(tmp_path, "north", 5) + _corpus(tmp_path, "south", 5)
    with write_lock(db):
        procs = [_ingest(tmp_path / "north", db), _ingest(tmp_path / "south", db)]
        time.sleep(HOLD)
    outputs = [proc.communicate(timeout=600) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        text = err.decode("utf-8", errors="replace")
        assert "Traceback" not in text, text
        # Exit code 1 for the empty file each corpus holds, and only for it.
        assert proc.returncode == 1, text
        assert [line for line in text.splitlines() if line.startswith("error:")] == [
            line for line in text.splitlines() if line.startswith("error:") and "000-empty.txt" in line
        ]
    assert _rows(db, "SELECT doc_id FROM documents ORDER BY doc_id") == [(i,) for i in sorted(ids)]
    assert _rows(db, "SELECT count(*) FROM ingest_errors") == [(2,)]
    # Both runs updated the stories of one database: every article placed exactly once.
    assert _rows(db, "SELECT count(*) FROM stories_pending") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM article_sketches") == [(len(ids),)]
    assert _rows(db, "SELECT value FROM meta WHERE key = 'stories_n_docs'") == [(str(len(ids)),)]
    assert _rows(db, "SELECT count(*) FROM articles WHERE story IS NULL") == [(0,)]
    assert _rows(db, "SELECT event_id FROM fact_events GROUP BY event_id HAVING count(*) > 1") == []
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    # Each process kept running aggregates of facts the other wrote to as well: every stored
    # fact must still be the aggregate of its members.
    with open_store(db, readonly=True) as store:
        facts = list(store.read.facts())
        assert facts
        for fact in facts:
            summary, _ = aggregate(fact["fact_id"], fact["type"], store.read.fact_members(fact["fact_id"]))
            stored = {
                k: tuple(v) if isinstance(v, list) else v for k, v in fact.items() if k in summary.as_row()
            }
            assert stored == summary.as_row()


def test_an_ingest_that_cannot_get_the_lock_says_so_in_one_line_and_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    open_store(db).close()
    ids = _corpus(tmp_path, "east", 2)
    (tmp_path / "east" / "000-empty.txt").unlink()
    with write_lock(db):
        proc = _ingest(tmp_path / "east", db, **{BUSY_TIMEOUT_ENV: "1"})
        _, err = proc.communicate(timeout=600)
    text = err.decode("utf-8", errors="replace")
    assert proc.returncode == 1
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    assert lines[0].startswith(f"error: {db}: database is busy")
    assert BUSY_TIMEOUT_ENV in lines[0]
    # Run again once the lock is free: everything is there, nothing twice.
    again = _ingest(tmp_path / "east", db)
    again.communicate(timeout=600)
    assert again.returncode == 0
    assert _rows(db, "SELECT doc_id FROM documents ORDER BY doc_id") == [(i,) for i in ids]
    assert _rows(db, "SELECT count(*) FROM stories_pending") == [(0,)]


def test_api_ingest_answers_503_with_retry_after_while_the_lock_is_held(tmp_path: Path) -> None:
    db = tmp_path / "api.db"
    open_store(db).close()
    documents = [{"id": f"west-{n}", "published": "2023-09-20", "text": _report("west", n)} for n in range(2)]
    env = {"ARMSWATCH_TOKEN": TOKEN, BUSY_TIMEOUT_ENV: "1"}
    with serve(db, "--allow-ingest", env=env) as url, httpx.Client(base_url=url, timeout=120) as client:
        auth = {"Authorization": f"Bearer {TOKEN}"}
        with write_lock(db):
            refused = client.post("/api/v1/ingest", json={"documents": documents}, headers=auth)
        assert refused.status_code == 503
        assert int(refused.headers["retry-after"]) >= 1
        assert "busy" in refused.json()["detail"]
        assert _rows(db, "SELECT count(*) FROM documents") == [(0,)]
        accepted = client.post("/api/v1/ingest", json={"documents": documents}, headers=auth)
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["written"] == 2
    assert _rows(db, "SELECT doc_id FROM documents ORDER BY doc_id") == [("west-0",), ("west-1",)]
