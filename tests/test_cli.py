"""End-to-end tests that drive the installed ``armswatch`` command in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "cli"
# Two pages of the clean-stage fixtures, under the names the assertions use.
PAGES = {
    "page_one.txt": DATA.parent / "clean" / "latest_posts.txt",
    "page_two.html": DATA.parent / "clean" / "jsonld_article.html",
}
GOOD = (*PAGES, "feed.jsonl")


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m armswatch`` so the test needs no console script on PATH."""
    return subprocess.run(
        [sys.executable, "-m", "armswatch", *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for name in (*GOOD, "empty.txt", "blob.txt"):
        shutil.copy(PAGES.get(name, DATA / name), root / name)
    return root


@pytest.fixture(scope="module")
def ingested(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    db = tmp_path_factory.mktemp("db") / "t.db"
    return db, run("ingest", str(corpus), "--db", str(db), "--no-progress")


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "articles", "events", "mentions", "ingest_errors")
        }


def test_cli_ingest_reports_bad_files_and_keeps_the_good(
    ingested: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    db, result = ingested
    assert result.returncode == 1, "a failed document must make the exit code say so"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("blob.txt" in e and "binary" in e for e in errors)
    assert any("feed.jsonl:2" in e and "JSON" in e for e in errors)
    c = counts(db)
    assert c["articles"] == 3
    assert c["ingest_errors"] == 3


def test_cli_reingest_changes_nothing(
    ingested: tuple[Path, subprocess.CompletedProcess[str]], corpus: Path
) -> None:
    db, _ = ingested
    before = counts(db)
    run(
        "ingest",
        str(corpus / "page_one.txt"),
        str(corpus / "page_two.html"),
        "--db",
        str(db),
        "--no-progress",
    )
    after = counts(db)
    assert {k: v for k, v in after.items() if k != "ingest_errors"} == {
        k: v for k, v in before.items() if k != "ingest_errors"
    }


def test_cli_export_articles_jsonl_has_the_scored_fields(
    ingested: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    db, _ = ingested
    result = run("export", "articles", "--db", str(db), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    by_id = {r["doc_id"]: r for r in rows}
    assert set(by_id) == {"page_one", "page_two", "jl-1"}
    for row in rows:
        assert {"doc_id", "title", "published", "outlet", "body", "story"} <= row.keys()
    assert by_id["jl-1"]["title"] == "Quad ministers meet in New York"
    assert by_id["jl-1"]["published"] == "2023-09-22"
    assert "Latest Posts" not in by_id["page_one"]["body"]


def test_cli_export_events_in_the_contract_format(
    ingested: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    db, _ = ingested
    result = run("export", "events", "--db", str(db), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    demands = [e for e in events if e["doc_id"] == "jl-1" and e["type"] == "demand"]
    assert demands, events
    assert "PRK" in demands[0]["target"]
    for e in events:
        for key in ("doc_id", "type", "source", "target", "weapons", "factuality", "attributed_to", "date"):
            assert key in e
        assert e["factuality"] in ("certain", "possible", "negated")


def test_cli_export_events_csv_joins_lists(ingested: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    db, _ = ingested
    result = run("export", "events", "--db", str(db), "--format", "csv", "--type", "demand")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["type"] == "demand" for r in rows)
    assert any(";" in r["source"] for r in rows), "list fields are joined with ';'"


def test_cli_ingest_reads_stdin(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = run("ingest", "-", "--db", str(db), "--no-progress", stdin=PAGES["page_one.txt"].read_bytes())
    assert result.returncode == 0, result.stderr
    assert counts(db)["articles"] == 1


def test_cli_extract_prints_events_without_a_database() -> None:
    result = run("extract", str(PAGES["page_two.html"]))
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        record = json.loads(line)
        assert record["evidence"]


def test_cli_kb_check_passes_on_the_shipped_kb() -> None:
    result = run("kb", "check")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_cli_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = run("events", "--db", str(tmp_path / "nope.db"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_cli_two_files_named_alike_keep_the_first_and_report_the_second(tmp_path: Path) -> None:
    """ "a/page.txt" and "b/page.txt" share the doc_id "page": the second must not replace the first."""
    for folder, source in (("a", PAGES["page_one.txt"]), ("b", PAGES["page_two.html"])):
        (tmp_path / folder).mkdir()
        shutil.copy(source, tmp_path / folder / "page.txt")
    db = tmp_path / "t.db"
    result = run("ingest", str(tmp_path / "a"), str(tmp_path / "b"), "--db", str(db), "--no-progress")
    assert result.returncode == 1
    assert any("b/page.txt" in line and "is taken by" in line for line in result.stderr.splitlines())
    with sqlite3.connect(db) as conn:
        (source,) = conn.execute("SELECT source FROM documents WHERE doc_id = 'page'").fetchone()
    assert source.endswith("a/page.txt")
