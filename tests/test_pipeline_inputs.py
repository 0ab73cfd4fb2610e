"""Issue 17, crashes and silent loss: every input the OS or a user hands over gives a document
or one error, and never stops the batch. Driven through the real CLI on files in tmp_path."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# Written for these tests: a dated report with an arms transfer in it, long enough to be an article.
REPORT = (
    "North Korea has supplied artillery shells to Russia for its war in Ukraine, officials in "
    "Seoul said on Tuesday, citing rail traffic across the border near the Tumen river over two "
    "nights in September 2023. They said satellite pictures showed the depot emptied before the "
    "trains left."
)


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """The CLI as users run it; bytes out, because a file name on stderr may not be UTF-8."""
    return subprocess.run(
        [sys.executable, "-m", "armswatch", *args], capture_output=True, timeout=300, check=False
    )


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def error_lines(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    return [line for line in proc.stderr.decode("utf-8").splitlines() if line.startswith("error:")]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_ingest_stores_a_file_whose_name_is_not_utf8_and_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # One byte that is no UTF-8 in the name, then a file that sorts after it.
    odd = os.path.join(os.fsencode(corpus), b"caf\xe9-report.txt")
    with open(odd, "wb") as out:
        out.write(REPORT.encode())
    (corpus / "later.txt").write_text("Later. " + REPORT, encoding="utf-8")
    db = tmp_path / "t.db"

    first = run("ingest", str(corpus), "--db", str(db), "--no-progress")
    assert first.returncode == 0, first.stderr.decode(errors="replace")
    assert b"Traceback" not in first.stderr
    stored = rows(db, "SELECT doc_id, source FROM documents ORDER BY doc_id")
    # Stored under an escaped name that is valid UTF-8; the later file is not skipped.
    assert stored == [
        ("caf\\xe9-report", str(corpus / "caf\\xe9-report.txt")),
        ("later", str(corpus / "later.txt")),
    ]
    again = run("ingest", str(corpus), "--db", str(db), "--no-progress")
    assert again.returncode == 0 and b"Traceback" not in again.stderr
    assert rows(db, "SELECT count(*) FROM documents") == [(2,)]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_ingest_reports_an_unreadable_file_with_an_odd_name_as_one_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # An empty file named with a byte that is no UTF-8: its error row must be storable too.
    open(os.path.join(os.fsencode(corpus), b"\xff\xfe.txt"), "wb").close()
    (corpus / "z.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "t.db"
    proc = run("ingest", str(corpus), "--db", str(db), "--no-progress")
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert error_lines(proc) == [f"error: {corpus}/\\xff\\xfe.txt: empty document"]
    assert rows(db, "SELECT doc_id, message FROM ingest_errors") == [("\\xff\\xfe", "empty document")]
    assert rows(db, "SELECT doc_id FROM documents") == [("z",)]


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a\nerror: forged.txt").write_bytes(b"")
    (corpus / "b.txt").write_text(REPORT, encoding="utf-8")
    db = tmp_path / "t.db"
    proc = run("ingest", str(corpus), "--db", str(db), "--no-progress")
    assert proc.returncode == 1
    lines = proc.stderr.decode("utf-8").splitlines()
    assert [line for line in lines if "forged" in line] == [
        line for line in lines if line.startswith(("error:", "WARNING")) and "forged" in line
    ]
    assert error_lines(proc) == [f"error: {corpus}/a\\nerror: forged.txt: empty document"]
    assert not any(line.startswith("error: forged") for line in lines)
    assert rows(db, "SELECT doc_id FROM documents") == [("b",)]


def test_the_same_body_under_two_ids_is_two_reports(tmp_path: Path) -> None:
    # Two outlets carry one wire text: both documents are kept, and the fact counts both.
    feed = tmp_path / "wire.jsonl"
    records = [
        {"id": "harbour-post-1", "outlet": "Harbour Post", "published": "2023-09-20", "text": REPORT},
        {"id": "valley-times-7", "outlet": "Valley Times", "published": "2023-09-20", "text": REPORT},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "t.db"
    proc = run("ingest", str(feed), "--db", str(db), "--no-progress")
    assert proc.returncode == 0, proc.stderr.decode()
    assert rows(db, "SELECT doc_id FROM articles ORDER BY doc_id") == [
        ("harbour-post-1",),
        ("valley-times-7",),
    ]
    reported = rows(
        db,
        "SELECT DISTINCT e.doc_id FROM fact_events fe JOIN events e ON e.event_id = fe.event_id"
        " JOIN facts f ON f.fact_id = fe.fact_id WHERE f.type = 'arms_transfer' ORDER BY e.doc_id",
    )
    assert reported == [("harbour-post-1",), ("valley-times-7",)]
    # The copy is tied to its original by the near-duplicate link, so it is not a second voice.
    assert rows(db, "SELECT doc_id, original_doc_id FROM article_links") == [
        ("valley-times-7", "harbour-post-1")
    ]
    again = run("ingest", str(feed), "--db", str(db), "--no-progress")
    assert again.returncode == 0
    assert rows(db, "SELECT count(*) FROM documents") == [(2,)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.jsonl", b"", "no JSON Lines records: the input is empty"),
        ("blank.jsonl", b"\n  \n\n", "no JSON Lines records: the input is blank (3 lines)"),
        ("cut.html", b"<html><", "no article text found"),
        ("tags.html", b"<html><body><div></div></body></html>", "no article text found"),
    ],
)
def test_an_input_with_nothing_to_read_is_one_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    db = tmp_path / "t.db"
    proc = run("ingest", str(path), "--db", str(db), "--no-progress")
    assert proc.returncode == 1
    lines = error_lines(proc)
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}") and message in lines[0]
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]
    assert len(rows(db, "SELECT message FROM ingest_errors")) == 1


def test_a_short_dated_item_is_a_document_or_one_error(tmp_path: Path) -> None:
    feed = tmp_path / "short.jsonl"
    item = {"id": "brief", "published": "2024-03-01", "text": "Iran sent drones to Russia on 1 March 2024."}
    assert len(item["text"]) < 140
    feed.write_text(json.dumps(item) + "\n", encoding="utf-8")
    db = tmp_path / "t.db"
    proc = run("ingest", str(feed), "--db", str(db), "--no-progress")
    stored = rows(db, "SELECT count(*) FROM articles")[0][0]
    errors = rows(db, "SELECT count(*) FROM ingest_errors")[0][0]
    assert (stored, errors) in ((1, 0), (0, 1))
    assert len(error_lines(proc)) == errors
